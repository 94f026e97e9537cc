//! Linear memory an instance holds: idle, per idle session, and the peak of
//! a one-shot run.

use anyhow::{Result, bail};
use host_harness::RunOptions;

use crate::Component;
use crate::report::{Cell, Table, text};

const SESSIONS: usize = 10;

pub fn table() -> Table {
    Table::new(
        "Memory",
        "Linear memory of the instance, counted by the host's `ResourceLimiter` (it only grows, so it is also the peak). Per idle session: growth over 10 sessions that each ran the hello snippet once, divided by 10. Guest-reported: `exec-result.memory-bytes`.",
        &["measurement", "component", "bytes"],
    )
}

pub fn run(component: &Component, heavy_snippet: &str, table: &mut Table) -> Result<()> {
    let lang = &component.lang;
    let options = RunOptions::default();
    let mut instance = component.instantiate()?;
    let instantiated = instance.linear_memory_bytes();
    if let Err(e) = instance.run(lang, &[], component.hello, &options)? {
        bail!("hello failed: {e:?}");
    }
    let after_hello = instance.linear_memory_bytes();
    let mut sessions = Vec::new();
    let mut guest_reported = None;
    for _ in 0..SESSIONS {
        let session = instance.session(lang, &[])?;
        match instance.session_run(&session, component.hello, &options)? {
            Ok(r) => guest_reported = r.memory_bytes,
            Err(e) => bail!("session hello failed: {e:?}"),
        }
        sessions.push(session);
    }
    let per_session = (instance.linear_memory_bytes() - after_hello) / SESSIONS;

    let mut fresh = component.instantiate()?;
    let before = fresh.linear_memory_bytes();
    let heavy = match fresh.run(lang, &[], heavy_snippet, &options)? {
        Ok(r) => r,
        Err(e) => bail!("heavy snippet failed: {e:?}"),
    };
    let peak = fresh.linear_memory_bytes() - before;

    for (measurement, bytes) in [
        ("instance after instantiate", Some(instantiated as u64)),
        ("instance after one hello run", Some(after_hello as u64)),
        (
            "per idle session (linear memory growth)",
            Some(per_session as u64),
        ),
        ("idle session, guest-reported", guest_reported),
        (
            "one-shot JSON round trip: linear memory growth",
            Some(peak as u64),
        ),
        (
            "one-shot JSON round trip: guest-reported peak",
            heavy.memory_bytes,
        ),
    ] {
        // exec-python reports memory only while a memory limit is set.
        let bytes = bytes.map_or_else(|| text("not reported without a memory limit"), Cell::Bytes);
        table.row([text(measurement), text(component.name), bytes]);
    }
    Ok(())
}
