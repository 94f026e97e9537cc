//! From a precompiled component on disk to the first output, split into
//! load / instantiate / first run, and warm runs, next to a native process
//! printing the same.

use std::process::Command;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use host_harness::{ExecHost, ExecResult, HostConfig, RunOptions};

use crate::Component;
use crate::report::{Cell, Table, spread, text};
use crate::stats::Samples;

fn check(result: Result<Result<ExecResult, host_harness::ExecError>>) -> Result<()> {
    match result? {
        Ok(r) if r.run.stdout == "1\n" => Ok(()),
        other => bail!("unexpected result {other:?}"),
    }
}

pub fn table() -> Table {
    Table::new(
        "Start-up and warm runs",
        "Hello snippet: `console.log(1)` / `print(1)`. Load = `ExecHost::load` of a component already compiled into the on-disk cache; instantiate = from `InstancePre` with the pooling allocator. Ratio: native process median / this median.",
        &[
            "measurement",
            "component",
            "n",
            "min ms",
            "median ms",
            "max ms",
            "native process / this",
        ],
    )
}

/// One component's start-up samples; two measurements of the same
/// component can be merged (`extend`), so two builds can be measured in
/// alternating blocks.
#[derive(Default)]
pub struct Startup {
    load: Samples,
    instantiate: Samples,
    first_run: Samples,
    total: Samples,
    warm: Samples,
    session_run: Samples,
    switching: Samples,
}

impl Startup {
    pub fn extend(&mut self, other: Startup) {
        for (mine, theirs) in self.series_mut().into_iter().zip(other.into_series()) {
            for ms in theirs.values() {
                mine.push_ms(*ms);
            }
        }
    }

    fn series_mut(&mut self) -> [&mut Samples; 7] {
        [
            &mut self.load,
            &mut self.instantiate,
            &mut self.first_run,
            &mut self.total,
            &mut self.warm,
            &mut self.session_run,
            &mut self.switching,
        ]
    }

    fn into_series(self) -> [Samples; 7] {
        [
            self.load,
            self.instantiate,
            self.first_run,
            self.total,
            self.warm,
            self.session_run,
            self.switching,
        ]
    }
}

/// Measures `component` (`iterations` of each run) and adds its rows.
pub fn run(component: &Component, iterations: usize, table: &mut Table) -> Result<()> {
    let startup = measure(component, iterations)?;
    rows(component, &startup, table)
}

pub fn measure(component: &Component, iterations: usize) -> Result<Startup> {
    let lang = &component.lang;
    let hello = component.hello;
    let options = RunOptions::default();

    let mut load = Samples::default();
    for _ in 0..20 {
        let t = Instant::now();
        let host = ExecHost::load(component.path, HostConfig::default())?;
        load.push(t.elapsed());
        drop(host);
    }

    let mut instantiate = Samples::default();
    let mut first_run = Samples::default();
    let mut total = Samples::default();
    for _ in 0..iterations {
        let t0 = Instant::now();
        let mut instance = component.instantiate()?;
        let t1 = Instant::now();
        check(instance.run(lang, &[], hello, &options))?;
        let t2 = Instant::now();
        instantiate.push(t1 - t0);
        first_run.push(t2 - t1);
        total.push(t2 - t0);
    }

    let mut instance = component.instantiate()?;
    let mut warm = Samples::default();
    for _ in 0..iterations {
        let t = Instant::now();
        check(instance.run(lang, &[], hello, &options))?;
        warm.push(t.elapsed());
    }
    let session = instance.session(lang, &[])?;
    let other = instance.session(lang, &[])?;
    let mut session_run = Samples::default();
    for _ in 0..iterations {
        let t = Instant::now();
        check(instance.session_run(&session, hello, &options))?;
        session_run.push(t.elapsed());
    }
    let mut switching = Samples::default();
    for _ in 0..iterations {
        check(instance.session_run(&other, hello, &options))?;
        let t = Instant::now();
        check(instance.session_run(&session, hello, &options))?;
        switching.push(t.elapsed());
    }
    Ok(Startup {
        load,
        instantiate,
        first_run,
        total,
        warm,
        session_run,
        switching,
    })
}

/// Adds `startup`'s rows for `component`, beside a native process printing
/// the same.
pub fn rows(component: &Component, startup: &Startup, table: &mut Table) -> Result<()> {
    let (program, args) = component.native_hello;
    let mut native = Samples::default();
    for _ in 0..20 {
        let t = Instant::now();
        let out = Command::new(program)
            .args(args)
            .output()
            .with_context(|| format!("cannot run {program}"))?;
        native.push(t.elapsed());
        if out.stdout != b"1\n" {
            bail!(
                "{program} printed {:?}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }

    let native_label = format!("native `{program} {}`", args.join(" "));
    for (measurement, samples, compare) in [
        ("load precompiled component", &startup.load, false),
        ("instantiate", &startup.instantiate, false),
        ("first run in a new instance", &startup.first_run, false),
        ("instantiate + first output", &startup.total, true),
        ("warm one-shot run", &startup.warm, false),
        ("warm run in a session", &startup.session_run, false),
        (
            "session run after another session's run",
            &startup.switching,
            false,
        ),
        (native_label.as_str(), &native, false),
    ] {
        let mut cells = vec![text(measurement), text(component.name)];
        cells.extend(spread(samples));
        cells.push(if compare {
            Cell::Ratio(native.median() / samples.median())
        } else {
            text("")
        });
        table.row(cells);
    }
    Ok(())
}
