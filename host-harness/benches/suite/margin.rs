//! How far past its time limit a run ends (SPEC §4: a small, measured
//! margin, target 50 ms): wall time of the call minus the limit, for snippets
//! that try to outrun the limit in the ways the tests exercise.

use std::time::Instant;

use anyhow::{Result, bail};
use host_harness::{ExecError, Limits, RunOptions};

use crate::Component;
use crate::report::{Table, spread, text};
use crate::stats::Samples;

/// The limit every sample runs under.
const LIMIT_MS: u64 = 100;

pub fn table() -> Table {
    Table::new(
        "Time-limit margin",
        "Wall time of a `run` call minus its 100 ms `time-ms` limit, for snippets that never end on their own; each run must return `timeout`. Target: 50 ms.",
        &["snippet", "component", "n", "min ms", "median ms", "max ms"],
    )
}

/// (label, JavaScript snippet, Python snippet)
const SNIPPETS: &[(&str, &str, &str)] = &[
    (
        "busy loop inside try/catch",
        "for (;;) { try { for (;;) {} } catch (e) {} }",
        "while True:\n    try:\n        while True: pass\n    except BaseException: pass",
    ),
    (
        "blocking wait (timer / sleep of 30 s)",
        "await new Promise((r) => setTimeout(r, 30000))",
        "import time\ntime.sleep(30)",
    ),
    (
        "deep recursion, repeated",
        "const f = (n) => n ? f(n - 1) + 1 : 0; for (;;) { f(400) }",
        "def f(n): return f(n - 1) + 1 if n else 0\nwhile True: f(400)",
    ),
];

pub fn run(component: &Component, iterations: usize, table: &mut Table) -> Result<()> {
    let python = component.name == "exec-python";
    let options = RunOptions {
        limits: Some(Limits {
            time_ms: Some(LIMIT_MS),
            ..Limits::default()
        }),
        ..RunOptions::default()
    };
    let mut instance = component.instantiate()?;
    for (label, js, py) in SNIPPETS {
        let snippet = if python { py } else { js };
        let mut margin = Samples::default();
        for _ in 0..iterations {
            let t = Instant::now();
            let result = instance.run(&component.lang, &[], snippet, &options)?;
            let elapsed_ms = t.elapsed().as_secs_f64() * 1000.0;
            if !matches!(result, Err(ExecError::Timeout)) {
                bail!(
                    "{}: `{label}` returned {result:?}, not a timeout",
                    component.name
                );
            }
            margin.push_ms(elapsed_ms - LIMIT_MS as f64);
        }
        let mut cells = vec![text(*label), text(component.name)];
        cells.extend(spread(&margin));
        table.row(cells);
    }
    Ok(())
}
