//! `util.inspect` / `util.format` (see `inspect.js`), with one native: the
//! state of a promise, which JS cannot observe synchronously.

use rquickjs::promise::PromiseState;
use rquickjs::{Array, Ctx, Function, Object, Promise, Result, Value};

pub fn register<'js>(ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    host.set(
        "promiseState",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, promise: Promise<'js>| -> Result<Array<'js>> {
                let out = Array::new(ctx.clone())?;
                match promise.state() {
                    PromiseState::Pending => out.set(0, "pending")?,
                    PromiseState::Resolved => {
                        out.set(0, "fulfilled")?;
                        out.set(1, promise.result::<Value>().and_then(|r| r.ok()))?;
                    }
                    PromiseState::Rejected => {
                        out.set(0, "rejected")?;
                        let _ = promise.result::<Value>();
                        out.set(1, ctx.catch())?;
                    }
                }
                Ok(out)
            },
        )?,
    )
}
