//! CPU-bound snippets in the components against native runtimes, and the
//! cost of the limits on the same snippets.

use std::cell::RefCell;

use anyhow::{Result, bail};
use host_harness::{ExecInstance, Language, Limits, RunOptions, SessionHandle};

use crate::report::{Cell, Table, spread, text};
use crate::stats::{Samples, geometric_mean};
use crate::workloads::{WORKLOADS, js_program, parse_timing, py_program};
use crate::{Components, native};

const GENEROUS_TIME_MS: u64 = 120_000;
const MEMORY_LIMIT: u64 = 1 << 30;
/// The A/A control's row: a comparison of two identical things, so any
/// other ratio within its distance of 1.00x says nothing.
const AA_VARIANT: &str = "A/A: a second instance of this build";

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

/// One measured thing: a run, its own timing in ms and its result.
type Runner<'a> = Box<dyn FnMut() -> Result<(f64, String)> + 'a>;

/// A runner that runs `program` in `session` of the shared `instance` once:
/// the snippet's own timing and result. The instance sits in a `RefCell`
/// because several runners of one interleaved measurement use it in turn.
fn in_component<'a>(
    instance: &'a RefCell<ExecInstance>,
    session: &'a SessionHandle,
    program: &'a str,
    memory: Option<u64>,
) -> Runner<'a> {
    Box::new(move || {
        match instance
            .borrow_mut()
            .session_run(session, program, &options(memory))?
        {
            Ok(result) => parse_timing(&result.run.stdout),
            Err(e) => bail!("snippet failed: {e:?}"),
        }
    })
}

/// `runs` timings of each runner, interleaved (one run of each per round) so
/// that the machine's drift affects all of them alike, and rotated (round r
/// starts with runner r), so that no runner always follows the same one:
/// with a fixed order, the A/A check (a build against itself) read 0.91x.
/// Every run must return the same result.
fn measure_interleaved(runs: usize, mut runners: Vec<Runner<'_>>) -> Result<Vec<Samples>> {
    let n = runners.len();
    let mut samples = vec![Samples::default(); n];
    let mut expected: Option<String> = None;
    for round in 0..runs {
        for k in 0..n {
            let i = (round + k) % n;
            let (ms, result) = runners[i]()?;
            let series = &mut samples[i];
            match &expected {
                Some(e) if *e != result => bail!("result {result} differs from {e}"),
                Some(_) => {}
                None => expected = Some(result),
            }
            series.push_ms(ms);
        }
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
        "Same snippet in a warm session; ratio against the component's default configuration (time limit only). exec-python's \"no ticks\" is the same component built with instrumentation off (target/components/bench/, never shipped): the ratio default / no ticks is what the time limit costs. exec-javascript's interrupt handler cannot be switched off, its cost is inside the ratio to native QuickJS; after `just bench-previous REV`, exec-javascript built at commit REV runs in the same rounds (`this build / build of REV`). Rounds rotate which runner goes first. The A/A rows time a second instance of the same build in the same rounds: a ratio no further from 1.00x than the A/A row is noise.",
        &["snippet", "component", "variant", "median ms", "vs default"],
    );
    let js = RefCell::new(components.javascript.instantiate()?);
    let js_session = js.borrow_mut().session(&Language::javascript(), &[])?;
    let py = RefCell::new(components.python.instantiate()?);
    let py_session = py.borrow_mut().session(&Language::python(), &[])?;
    // A/A controls: a second instance of each build, measured in the same
    // rounds. Its ratio to the first is what noise alone moves a ratio by,
    // the floor under every comparison in the limits table.
    let js_twin = RefCell::new(components.javascript.instantiate()?);
    let js_twin_session = js_twin.borrow_mut().session(&Language::javascript(), &[])?;
    let py_twin = RefCell::new(components.python.instantiate()?);
    let py_twin_session = py_twin.borrow_mut().session(&Language::python(), &[])?;
    let unticked = RefCell::new(components.python_unticked.instantiate()?);
    let unticked_session = unticked.borrow_mut().session(&Language::python(), &[])?;
    // The previous build, when `just bench-previous` made one: its own
    // instance and warm session, measured in the same interleaved rounds.
    let previous = match &components.javascript_previous {
        Some((component, rev)) => {
            let instance = RefCell::new(component.instantiate()?);
            let session = instance
                .borrow_mut()
                .session(&Language::javascript(), &[])?;
            Some((instance, session, rev.clone()))
        }
        None => None,
    };
    let mut geo_previous = Vec::new();
    let mut geo: [Vec<f64>; 3] = Default::default();
    let mut geo_limits: [Vec<f64>; 3] = Default::default();
    let mut geo_twin: [Vec<f64>; 2] = Default::default();
    for w in WORKLOADS {
        let js_program = js_program(w.js);
        // One interleaved set per language: the component's default runs are
        // the baseline both for the native ratios and for the limit overhead.
        let mut runners: Vec<Runner<'_>> = vec![
            in_component(&js, &js_session, &js_program, None),
            Box::new(|| native::quickjs(w.js)),
            Box::new(|| native::node(&js_program)),
            in_component(&js, &js_session, &js_program, Some(MEMORY_LIMIT)),
            in_component(&js_twin, &js_twin_session, &js_program, None),
        ];
        if let Some((instance, session, _)) = &previous {
            runners.push(in_component(instance, session, &js_program, None));
        }
        let mut samples = measure_interleaved(runs, runners)?;
        let previous_samples = (samples.len() == 6).then(|| samples.pop().unwrap());
        let [component, quickjs, node, with_memory, twin] =
            <[Samples; 5]>::try_from(samples).unwrap();
        geo_twin[0].push(ratio(&twin, &component));
        limits.row([
            text(w.name),
            text("exec-javascript"),
            text(AA_VARIANT),
            Cell::Ms(twin.median()),
            Cell::Ratio(ratio(&twin, &component)),
        ]);
        if let (Some(before), Some((_, _, rev))) = (&previous_samples, &previous) {
            geo_previous.push(ratio(&component, before));
            limits.row([
                text(w.name),
                text("exec-javascript"),
                text(format!("this build / build of {rev}")),
                Cell::Ms(before.median()),
                Cell::Ratio(ratio(&component, before)),
            ]);
        }
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
        let samples = measure_interleaved(
            runs,
            vec![
                in_component(&py, &py_session, &py_program, None),
                Box::new(|| native::python3(&py_program)),
                in_component(&unticked, &unticked_session, &py_program, None),
                in_component(&py, &py_session, &py_program, Some(MEMORY_LIMIT)),
                in_component(&py_twin, &py_twin_session, &py_program, None),
            ],
        )?;
        let [component, python3, no_ticks, with_memory, twin] =
            <[Samples; 5]>::try_from(samples).unwrap();
        geo_twin[1].push(ratio(&twin, &component));
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
            (AA_VARIANT, &twin),
            ("no time-limit ticks", &no_ticks),
            ("memory limit 1 GiB (allocation meter)", &with_memory),
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
    if let Some((_, _, rev)) = &previous {
        limits.row([
            text("geometric mean"),
            text("exec-javascript"),
            text(format!("this build / build of {rev}")),
            text(""),
            Cell::Ratio(geometric_mean(&geo_previous)),
        ]);
    }
    for (component, variant, values) in [
        ("exec-javascript", AA_VARIANT, &geo_twin[0]),
        ("exec-javascript", "memory limit 1 GiB", &geo_limits[0]),
        ("exec-python", AA_VARIANT, &geo_twin[1]),
        (
            "exec-python",
            "time-limit ticks (default / no ticks)",
            &geo_limits[1],
        ),
        (
            "exec-python",
            "memory limit 1 GiB (allocation meter)",
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
