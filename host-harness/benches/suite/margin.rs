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

/// (label, JavaScript snippet): QuickJS builtins that loop in C without
/// calling JavaScript (vendored patches in `vendor/rquickjs-sys/PATCHES.md`).
const JS_BUILTINS: &[(&str, &str)] = &[
    (
        "join of new Array(2**32 - 1)",
        "new Array(2 ** 32 - 1).join('')",
    ),
    (
        "split('') of 2^27 characters",
        "'ab'.repeat(2 ** 26).split('')",
    ),
    ("Uint8Array(2^26).sort()", "new Uint8Array(2 ** 26).sort()"),
    (
        "JSON.stringify of 2e7 elements",
        "JSON.stringify(new Array(2e7).fill(1))",
    ),
    (
        "replace(/a/g, '') of 2^27",
        "'a'.repeat(2 ** 27).replace(/a/g, '')",
    ),
    (
        "indexOf with a 2^19 needle",
        "'a'.repeat(2 ** 20).indexOf('a'.repeat(2 ** 19) + 'b')",
    ),
    (
        "promise chain",
        "const f = () => Promise.resolve().then(f); f()",
    ),
];

pub fn run(component: &Component, iterations: usize, table: &mut Table) -> Result<()> {
    let python = component.name == "exec-python";
    let builtins: &[(&str, &str)] = if python { &[] } else { JS_BUILTINS };
    let rows = SNIPPETS
        .iter()
        .map(|(label, js, py)| (*label, if python { *py } else { *js }))
        .chain(builtins.iter().copied());
    let options = RunOptions {
        limits: Some(Limits {
            time_ms: Some(LIMIT_MS),
            ..Limits::default()
        }),
        ..RunOptions::default()
    };
    let mut instance = component.instantiate()?;
    for (label, snippet) in rows {
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
        let mut cells = vec![text(label), text(component.name)];
        cells.extend(spread(&margin));
        table.row(cells);
    }
    Ok(())
}
