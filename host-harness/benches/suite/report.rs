//! The suite's results: Markdown for people, JSON for tools, both written to
//! `target/bench/`.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::stats::Samples;

pub enum Cell {
    Text(String),
    Count(usize),
    Ms(f64),
    Ratio(f64),
    Bytes(u64),
    PerSecond(f64),
}

impl Cell {
    fn markdown(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Ms(ms) if *ms >= 100.0 => format!("{ms:.0}"),
            Cell::Ms(ms) if *ms >= 1.0 => format!("{ms:.2}"),
            Cell::Ms(ms) => format!("{ms:.3}"),
            Cell::Ratio(r) => format!("{r:.2}x"),
            Cell::Bytes(b) => format!("{b} ({:.2} MiB)", *b as f64 / 1048576.0),
            Cell::PerSecond(r) => format!("{r:.0}"),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(t) => json!(t),
            Cell::Count(n) => json!(n),
            Cell::Ms(v) | Cell::Ratio(v) | Cell::PerSecond(v) => json!(v),
            Cell::Bytes(b) => json!(b),
        }
    }
}

pub fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// `n`, min, median, max cells of a series in milliseconds.
pub fn spread(samples: &Samples) -> [Cell; 4] {
    [
        Cell::Count(samples.len()),
        Cell::Ms(samples.min()),
        Cell::Ms(samples.median()),
        Cell::Ms(samples.max()),
    ]
}

pub struct Table {
    pub title: String,
    pub note: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(
        title: impl Into<String>,
        note: impl Into<String>,
        columns: &[&'static str],
    ) -> Self {
        Table {
            title: title.into(),
            note: note.into(),
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        let row: Vec<Cell> = cells.into_iter().collect();
        assert_eq!(row.len(), self.columns.len(), "{}: row width", self.title);
        self.rows.push(row);
    }

    pub fn markdown(&self) -> String {
        let mut out = format!("### {}\n\n", self.title);
        if !self.note.is_empty() {
            let _ = write!(out, "{}\n\n", self.note);
        }
        let _ = writeln!(out, "| {} |", self.columns.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(self.columns.len()));
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(Cell::markdown).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out
    }

    pub fn json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|row| {
                let fields = self
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(c, cell)| (c.to_string(), cell.json()))
                    .collect::<serde_json::Map<_, _>>();
                Value::Object(fields)
            })
            .collect();
        json!({"title": self.title, "note": self.note, "rows": rows})
    }
}
