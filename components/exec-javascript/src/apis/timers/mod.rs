//! Timers (`setTimeout`, `setInterval`, `setImmediate` and their clears).
//! The queue lives in the JS shim; the session's event loop asks it when the
//! next timer is due and runs one timer per step.

use std::time::{Duration, Instant};

use rquickjs::{Ctx, Function, Object, Result};

fn timers<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let internal: Object = ctx.globals().get(super::INTERNAL_KEY)?;
    internal.get("timers")
}

/// When the next timer that keeps the loop alive is due, if any.
pub fn next_due(ctx: &Ctx<'_>) -> Result<Option<Instant>> {
    let next: Function = timers(ctx)?.get("nextDelay")?;
    let delay: Option<f64> = next.call(())?;
    Ok(delay.map(|ms| Instant::now() + Duration::from_secs_f64(ms.max(0.0) / 1000.0)))
}

/// Runs the earliest due timer.
pub fn run_due(ctx: &Ctx<'_>) -> Result<()> {
    let run: Function = timers(ctx)?.get("runNext")?;
    run.call(())
}

pub fn clear(ctx: &Ctx<'_>) -> Result<()> {
    let clear: Function = timers(ctx)?.get("clear")?;
    clear.call(())
}
