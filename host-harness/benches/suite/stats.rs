//! Samples of one measurement and their min / median / max.

use std::time::Duration;

#[derive(Debug, Default, Clone)]
pub struct Samples(Vec<f64>);

impl Samples {
    pub fn push_ms(&mut self, ms: f64) {
        self.0.push(ms);
    }

    pub fn push(&mut self, d: Duration) {
        self.0.push(d.as_secs_f64() * 1000.0);
    }

    fn sorted(&self) -> Vec<f64> {
        let mut s = self.0.clone();
        s.sort_by(f64::total_cmp);
        s
    }

    pub fn values(&self) -> &[f64] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn min(&self) -> f64 {
        self.sorted()[0]
    }

    pub fn median(&self) -> f64 {
        let s = self.sorted();
        s[s.len() / 2]
    }

    /// The sample at quantile `q` (0 to 1), nearest rank.
    pub fn quantile(&self, q: f64) -> f64 {
        let s = self.sorted();
        let rank = ((s.len() as f64 * q).ceil() as usize).clamp(1, s.len());
        s[rank - 1]
    }

    pub fn max(&self) -> f64 {
        *self.sorted().last().unwrap()
    }
}

pub fn geometric_mean(values: &[f64]) -> f64 {
    (values.iter().map(|v| v.ln()).sum::<f64>() / values.len() as f64).exp()
}
