//! CPU-bound snippets in the components against native runtimes, and the
//! cost of the limits on the same snippets.

use anyhow::{Result, bail};
use host_harness::{ExecInstance, Language, Limits, RunOptions, SessionHandle};

use crate::report::{Cell, Table, spread, text};
use crate::stats::{Samples, geometric_mean};
use crate::workloads::{WORKLOADS, js_program, parse_timing, py_program};
use crate::{Components, native};

const GENEROUS_TIME_MS: u64 = 120_000;
const MEMORY_LIMIT: u64 = 1 << 30;

fn options(memory: Option<u64>) -> RunOptions {
    RunOptions {
        limits: Some(Limits {
            time_ms: Some(GENEROUS_TIME_MS),
            memory_bytes: memory,
            ..Limits::default()
        }),
        ..RunOptions::default()
    }
}

/// Runs `program` in `session` once; the snippet's own timing and result.
fn in_component(
    instance: &mut ExecInstance,
    session: &SessionHandle,
    program: &str,
    memory: Option<u64>,
) -> Result<(f64, String)> {
    match instance.session_run(session, program, &options(memory))? {
        Ok(result) => parse_timing(&result.run.stdout),
        Err(e) => bail!("snippet failed: {e:?}"),
    }
}

/// `runs` timings of `run`, checking every run returns `expected`.
fn measure(
    runs: usize,
    expected: &mut Option<String>,
    mut run: impl FnMut() -> Result<(f64, String)>,
) -> Result<Samples> {
    let mut samples = Samples::default();
    for _ in 0..runs {
        let (ms, result) = run()?;
        match expected {
            Some(e) if *e != result => bail!("result {result} differs from {e}"),
            Some(_) => {}
            None => *expected = Some(result),
        }
        samples.push_ms(ms);
    }
    Ok(samples)
}

fn ratio(a: &Samples, b: &Samples) -> f64 {
    a.median() / b.median()
}

pub struct CpuTables {
    pub vs_native: Table,
    pub limits: Table,
}

pub fn run(components: &Components, runs: usize) -> Result<CpuTables> {
    let mut vs_native = Table::new(
        "CPU-bound snippets against native runtimes",
        "Each snippet times its own work (a function call) and prints it; the component runs it in a warm session with a 120 s time limit (the always-on limit checks included); node, python3 are new processes, native QuickJS a fresh runtime. Ratio: component median / reference median.",
        &[
            "snippet",
            "runtime",
            "n",
            "min ms",
            "median ms",
            "max ms",
            "component / this",
        ],
    );
    let mut limits = Table::new(
        "Limit overhead on the same snippets",
        "Same session, same snippet; ratio against the component's default configuration (time limit only). exec-python's \"no ticks\" runs the snippet through the engine's uninstrumented exec (reached through its internals, for this measurement only); exec-javascript's interrupt handler cannot be switched off, its cost is inside the ratio to native QuickJS.",
        &["snippet", "component", "variant", "median ms", "vs default"],
    );
    let mut js = components.javascript.instantiate()?;
    let js_session = js.session(&Language::javascript(), &[])?;
    let mut py = components.python.instantiate()?;
    let py_session = py.session(&Language::python(), &[])?;
    let mut geo: [Vec<f64>; 3] = Default::default();
    let mut geo_limits: [Vec<f64>; 3] = Default::default();
    for w in WORKLOADS {
        let js_program = js_program(w.js);
        let mut expected = None;
        let component = measure(runs, &mut expected, || {
            in_component(&mut js, &js_session, &js_program, None)
        })?;
        let quickjs = measure(runs, &mut expected, || native::quickjs(w.js))?;
        let node = measure(runs, &mut expected, || native::node(&js_program))?;
        let with_memory = measure(runs, &mut expected, || {
            in_component(&mut js, &js_session, &js_program, Some(MEMORY_LIMIT))
        })?;
        geo[0].push(ratio(&component, &quickjs));
        geo[1].push(ratio(&component, &node));
        geo_limits[0].push(ratio(&with_memory, &component));
        for (runtime, samples, r) in [
            ("exec-javascript", &component, None),
            (
                "native QuickJS",
                &quickjs,
                Some(ratio(&component, &quickjs)),
            ),
            ("node", &node, Some(ratio(&component, &node))),
        ] {
            vs_native.row(row(w.name, runtime, samples, r));
        }
        limits.row([
            text(w.name),
            text("exec-javascript"),
            text("memory limit 1 GiB"),
            Cell::Ms(with_memory.median()),
            Cell::Ratio(ratio(&with_memory, &component)),
        ]);

        let py_program = py_program(w.py);
        let mut expected = None;
        let component = measure(runs, &mut expected, || {
            in_component(&mut py, &py_session, &py_program, None)
        })?;
        let python3 = measure(runs, &mut expected, || native::python3(&py_program))?;
        let bare = format!(
            "import engine as _e\n_e._real_exec(_e._real_compile({py_program:?}, '<bench>', 'exec'), {{'__name__': '__bench__'}})\n"
        );
        let no_ticks = measure(runs, &mut expected, || {
            in_component(&mut py, &py_session, &bare, None)
        })?;
        let with_memory = measure(runs, &mut expected, || {
            in_component(&mut py, &py_session, &py_program, Some(MEMORY_LIMIT))
        })?;
        geo[2].push(ratio(&component, &python3));
        geo_limits[1].push(ratio(&component, &no_ticks));
        geo_limits[2].push(ratio(&with_memory, &component));
        vs_native.row(row(w.name, "exec-python", &component, None));
        vs_native.row(row(
            w.name,
            "python3",
            &python3,
            Some(ratio(&component, &python3)),
        ));
        for (variant, samples) in [
            ("no time-limit ticks", &no_ticks),
            ("memory limit 1 GiB (tracemalloc)", &with_memory),
        ] {
            limits.row([
                text(w.name),
                text("exec-python"),
                text(variant),
                Cell::Ms(samples.median()),
                Cell::Ratio(ratio(samples, &component)),
            ]);
        }
    }
    for (runtime, values) in [
        ("exec-javascript / native QuickJS", &geo[0]),
        ("exec-javascript / node", &geo[1]),
        ("exec-python / python3", &geo[2]),
    ] {
        vs_native.row([
            text("geometric mean"),
            text(runtime),
            text(""),
            text(""),
            text(""),
            text(""),
            Cell::Ratio(geometric_mean(values)),
        ]);
    }
    for (component, variant, values) in [
        ("exec-javascript", "memory limit 1 GiB", &geo_limits[0]),
        (
            "exec-python",
            "time-limit ticks (default / no ticks)",
            &geo_limits[1],
        ),
        (
            "exec-python",
            "memory limit 1 GiB (tracemalloc)",
            &geo_limits[2],
        ),
    ] {
        limits.row([
            text("geometric mean"),
            text(component),
            text(variant),
            text(""),
            Cell::Ratio(geometric_mean(values)),
        ]);
    }
    Ok(CpuTables { vs_native, limits })
}

fn row(name: &str, runtime: &str, samples: &Samples, ratio: Option<f64>) -> Vec<Cell> {
    let mut cells = vec![text(name), text(runtime)];
    cells.extend(spread(samples));
    cells.push(ratio.map_or_else(|| text("—"), Cell::Ratio));
    cells
}
