//! Many runs in one long-lived instance: one-shot runs, then sessions
//! opened, run once and closed. What must stay flat: the instance's linear
//! memory after the first tenth, and the time per run.

use std::time::Instant;

use anyhow::{Result, bail};
use host_harness::RunOptions;

use crate::Component;
use crate::report::{Cell, Table, text};
use crate::stats::Samples;

pub fn table() -> Table {
    Table::new(
        "Soak",
        "One instance: `runs` hermetic one-shot runs of the hello snippet, then `sessions` sessions each created, run once and closed. Linear memory (it only grows) after the first tenth and at the end; median ms per run in the first and the last tenth.",
        &[
            "component",
            "what",
            "count",
            "memory after 1/10",
            "memory at end",
            "first 1/10 median ms",
            "last 1/10 median ms",
        ],
    )
}

pub fn run(component: &Component, runs: usize, sessions: usize, table: &mut Table) -> Result<()> {
    let options = RunOptions::default();
    let mut instance = component.instantiate()?;
    let lang = &component.lang;
    let mut one_shot = |instance: &mut host_harness::ExecInstance| -> Result<()> {
        match instance.run(lang, &[], component.hello, &options)? {
            Ok(_) => Ok(()),
            Err(e) => bail!("{}: one-shot hello failed: {e:?}", component.name),
        }
    };
    let row = measure(&mut instance, runs, &mut one_shot)?;
    table.row(cells(component.name, "one-shot runs", runs, row));
    let mut session_cycle = |instance: &mut host_harness::ExecInstance| -> Result<()> {
        let session = instance.session(lang, &[])?;
        let result = instance.session_run(&session, component.hello, &options)?;
        instance.close(&session)?;
        match result {
            Ok(_) => Ok(()),
            Err(e) => bail!("{}: session hello failed: {e:?}", component.name),
        }
    };
    let row = measure(&mut instance, sessions, &mut session_cycle)?;
    table.row(cells(
        component.name,
        "sessions (create, run, close)",
        sessions,
        row,
    ));
    Ok(())
}

struct Measured {
    memory_tenth: usize,
    memory_end: usize,
    first: Samples,
    last: Samples,
}

fn measure(
    instance: &mut host_harness::ExecInstance,
    count: usize,
    step: &mut dyn FnMut(&mut host_harness::ExecInstance) -> Result<()>,
) -> Result<Measured> {
    let tenth = (count / 10).max(1);
    let mut m = Measured {
        memory_tenth: 0,
        memory_end: 0,
        first: Samples::default(),
        last: Samples::default(),
    };
    for i in 0..count {
        let t = Instant::now();
        step(instance)?;
        let elapsed = t.elapsed();
        if i < tenth {
            m.first.push(elapsed);
        }
        if i + 1 == tenth {
            m.memory_tenth = instance.linear_memory_bytes();
        }
        if i >= count - tenth {
            m.last.push(elapsed);
        }
    }
    m.memory_end = instance.linear_memory_bytes();
    Ok(m)
}

fn cells(name: &str, what: &str, count: usize, m: Measured) -> Vec<Cell> {
    vec![
        text(name),
        text(what),
        text(count.to_string()),
        Cell::Bytes(m.memory_tenth as u64),
        Cell::Bytes(m.memory_end as u64),
        Cell::Ms(m.first.median()),
        Cell::Ms(m.last.median()),
    ]
}
