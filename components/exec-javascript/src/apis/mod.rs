//! Node-compatible builtins. Each lives in its own module: Rust natives on a
//! private `host` object (when it needs the sandbox) beside a small JS shim
//! that builds the public API from them. Shims are evaluated in order as
//! `(function (host, internal) { ... })`, so `host` never becomes global.

use std::rc::Rc;

use exec_core::Sandbox;
use rquickjs::object::Property;
use rquickjs::{Ctx, Exception, Function, Module, Object, Result, TypedArray, Value};

use crate::alloc::MemoryMeter;
use budget::Budget;

pub mod abort;
pub mod blob;
pub mod budget;
pub mod buffer;
pub mod console;
pub mod crypto;
pub mod encoding;
pub mod errors;
pub mod event_target;
pub mod events;
pub mod fs;
pub mod inspect;
pub mod intl;
pub mod modules;
pub mod path;
pub mod performance;
pub mod process;
pub mod readline;
pub mod structured_clone;
pub mod timers;
pub mod url;

/// Global property (non-enumerable, read-only) through which builtin ES
/// modules reach `require`; it exposes nothing a snippet could not `require`.
pub const INTERNAL_KEY: &str = "__golem_exec_internal__";

/// A shim's name and its QuickJS bytecode, compiled from
/// `src/apis/<name>/<name>.js` by the build script.
macro_rules! shim {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!(env!("OUT_DIR"), "/shims/", $name, ".qbc")).as_slice(),
        )
    };
}

/// Shims in dependency order.
const SHIMS: &[(&str, &[u8])] = &[
    shim!("inspect"),
    shim!("errors"),
    shim!("events"),
    shim!("console"),
    shim!("timers"),
    shim!("event_target"),
    shim!("abort"),
    shim!("encoding"),
    shim!("buffer"),
    shim!("blob"),
    shim!("process"),
    shim!("path"),
    shim!("url"),
    shim!("structured_clone"),
    shim!("performance"),
    shim!("crypto"),
    shim!("intl"),
    shim!("fs"),
    shim!("readline"),
    shim!("modules"),
];

pub fn install(ctx: &Ctx<'_>, sandbox: &Rc<Sandbox>, meter: &Rc<MemoryMeter>) -> Result<()> {
    let host = Object::new(ctx.clone())?;
    let budget = Budget::new(sandbox.clone(), meter.clone());
    console::register(ctx, &host, sandbox)?;
    process::register(ctx, &host, sandbox)?;
    fs::register(ctx, &host, sandbox, &budget)?;
    encoding::register(ctx, &host, &budget)?;
    buffer::register(ctx, &host, &budget)?;
    crypto::register(ctx, &host, &budget)?;
    inspect::register(ctx, &host)?;
    let internal = Object::new(ctx.clone())?;
    for (name, bytecode) in SHIMS {
        let setup = shim_function(ctx, bytecode).map_err(|e| annotate(ctx, name, e))?;
        setup
            .call::<_, ()>((host.clone(), internal.clone()))
            .map_err(|e| annotate(ctx, name, e))?;
    }
    // Hidden, read-only and permanent: a snippet can neither list nor replace it.
    ctx.globals().prop(INTERNAL_KEY, Property::from(internal))?;
    Ok(())
}

/// The shim's setup function, `export default (function (host, internal) ...)`.
fn shim_function<'js>(ctx: &Ctx<'js>, bytecode: &[u8]) -> Result<Function<'js>> {
    // SAFETY: the bytes were written by `Module::write` of this same QuickJS
    // (the workspace's rquickjs-sys) in the build script; QuickJS checks the
    // bytecode version when it reads them.
    let module = unsafe { Module::load(ctx.clone(), bytecode)? };
    let (module, _) = module.eval()?;
    module.namespace()?.get("default")
}

fn annotate(ctx: &Ctx<'_>, shim: &str, err: rquickjs::Error) -> rquickjs::Error {
    let detail = match err {
        rquickjs::Error::Exception => format!("{:?}", ctx.catch()),
        other => other.to_string(),
    };
    rquickjs::Error::new_loading_message(format!("node:internal/{shim}"), detail)
}

/// Maps an import specifier or `require` argument to a builtin's name.
pub fn builtin_module_name(specifier: &str) -> Option<&'static str> {
    let name = specifier.strip_prefix("node:").unwrap_or(specifier);
    modules::BUILTINS.iter().copied().find(|b| *b == name)
}

/// An error that `try`/`catch` cannot intercept: the run is over.
pub fn throw_uncatchable(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    match Exception::from_message(ctx.clone(), message) {
        Ok(err) => {
            let value = err.into_value();
            // SAFETY: both pointers come from live rquickjs handles of `ctx`.
            unsafe { rquickjs::qjs::JS_SetUncatchableError(ctx.as_raw().as_ptr(), value.as_raw()) };
            ctx.throw(value)
        }
        Err(e) => e,
    }
}

/// Text for an uncaught exception, as Node prints it.
pub fn format_uncaught<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> Result<String> {
    let internal: Object = ctx.globals().get(INTERNAL_KEY)?;
    let format: Function = internal.get("formatUncaught")?;
    format.call((value,))
}

/// The bytes of a typed array argument.
pub fn bytes_of<'a>(array: &'a TypedArray<'_, u8>) -> &'a [u8] {
    // SAFETY: the slice is used before control returns to JavaScript, so the
    // array's buffer can be neither detached nor resized meanwhile.
    unsafe { array.as_bytes() }.unwrap_or_default()
}
