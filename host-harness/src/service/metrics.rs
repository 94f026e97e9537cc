//! What `/metrics` reports, in Prometheus's text format: runs by language
//! and outcome, a latency histogram, sessions, and the pool's occupancy
//! (what an autoscaler watches).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct State {
    runs: BTreeMap<(&'static str, String), u64>,
    latency: BTreeMap<&'static str, Histogram>,
    rejected: u64,
}

#[derive(Default)]
pub struct Metrics {
    state: Mutex<State>,
}

/// The pool's figures at the moment `/metrics` is read.
pub struct Gauges {
    pub in_flight: usize,
    pub capacity: usize,
    pub sessions: usize,
    pub max_sessions: usize,
}

impl Metrics {
    pub fn record_run(&self, language: &'static str, outcome: &str, took: Duration) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        *state
            .runs
            .entry((language, outcome.to_string()))
            .or_default() += 1;
        let histogram = state.latency.entry(language).or_default();
        let seconds = took.as_secs_f64();
        for (count, bound) in histogram.counts.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *count += 1;
            }
        }
        histogram.count += 1;
        histogram.sum += seconds;
    }

    pub fn record_rejected(&self) {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .rejected += 1;
    }

    pub fn render(&self, gauges: &Gauges) -> String {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP golem_exec_runs_total Runs finished, by language and outcome."
        );
        let _ = writeln!(out, "# TYPE golem_exec_runs_total counter");
        for ((language, outcome), n) in &state.runs {
            let _ = writeln!(
                out,
                "golem_exec_runs_total{{language=\"{language}\",outcome=\"{outcome}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP golem_exec_run_duration_seconds Wall time of a run, admission to result."
        );
        let _ = writeln!(out, "# TYPE golem_exec_run_duration_seconds histogram");
        for (language, h) in &state.latency {
            for (count, bound) in h.counts.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "golem_exec_run_duration_seconds_bucket{{language=\"{language}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "golem_exec_run_duration_seconds_bucket{{language=\"{language}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "golem_exec_run_duration_seconds_sum{{language=\"{language}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "golem_exec_run_duration_seconds_count{{language=\"{language}\"}} {}",
                h.count
            );
        }
        let gauge = |out: &mut String, name: &str, help: &str, value: usize| {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} gauge");
            let _ = writeln!(out, "{name} {value}");
        };
        gauge(
            &mut out,
            "golem_exec_runs_in_flight",
            "Runs holding a pool slot now.",
            gauges.in_flight,
        );
        gauge(
            &mut out,
            "golem_exec_pool_capacity",
            "Runs the pool admits at once.",
            gauges.capacity,
        );
        gauge(
            &mut out,
            "golem_exec_sessions",
            "Open sessions, each in an instance of its own.",
            gauges.sessions,
        );
        gauge(
            &mut out,
            "golem_exec_sessions_max",
            "Sessions the server keeps at once.",
            gauges.max_sessions,
        );
        let _ = writeln!(
            out,
            "# HELP golem_exec_rejected_total Requests refused because the pool was full."
        );
        let _ = writeln!(out, "# TYPE golem_exec_rejected_total counter");
        let _ = writeln!(out, "golem_exec_rejected_total {}", state.rejected);
        out
    }
}
