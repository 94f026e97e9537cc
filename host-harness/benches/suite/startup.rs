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

pub fn run(component: &Component, iterations: usize, table: &mut Table) -> Result<()> {
    let name = component.name;
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
        ("load precompiled component", &load, false),
        ("instantiate", &instantiate, false),
        ("first run in a new instance", &first_run, false),
        ("instantiate + first output", &total, true),
        ("warm one-shot run", &warm, false),
        ("warm run in a session", &session_run, false),
        ("session run after another session's run", &switching, false),
        (native_label.as_str(), &native, false),
    ] {
        let mut cells = vec![text(measurement), text(name)];
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
