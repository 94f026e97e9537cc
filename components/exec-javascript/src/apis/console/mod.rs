//! `console`: log/info/debug to stdout, warn/error to stderr, formatted by
//! the inspect shim. The native writes raw text or bytes to fd 1 or 2.

use std::rc::Rc;

use exec_core::Sandbox;
use exec_core::output::Stream;
use rquickjs::{Ctx, Function, Object, Result, TypedArray, Value};

pub fn register<'js>(ctx: &Ctx<'js>, host: &Object<'js>, sandbox: &Rc<Sandbox>) -> Result<()> {
    let sandbox = sandbox.clone();
    host.set(
        "write",
        Function::new(
            ctx.clone(),
            move |fd: i32, data: Value<'js>| -> Result<()> {
                let stream = if fd == 2 {
                    Stream::Stderr
                } else {
                    Stream::Stdout
                };
                if let Some(text) = data.as_string() {
                    // A lone surrogate prints as U+FFFD, as in Node.
                    let utf8 = text.clone().to_cstring()?;
                    super::encoding::for_each_utf8_piece(utf8.as_bytes(), |piece| {
                        sandbox.write_output(stream, piece)
                    });
                } else if let Ok(bytes) = TypedArray::<u8>::from_value(data) {
                    sandbox.write_output(stream, super::bytes_of(&bytes));
                }
                Ok(())
            },
        )?,
    )
}
