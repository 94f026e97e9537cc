//! `_golem_native`: what exec-python's engine must do in native code, so that
//! no Python object, in any interpreter, can reach or change it.
//!
//! - Every session and every one-shot run executes in a CPython interpreter
//!   of its own (`Py_NewInterpreter`); the engine (the WIT bindings, the
//!   sessions) lives in the main interpreter. Only copied bytes (marshal
//!   data of plain values) cross between them: see `bridge`.
//! - The deadline, the stop reason and the tick that instrumented code
//!   calls are native state (`deadline`); the audit hook (`audit`) refuses
//!   every route around them and to the host from a snippet's interpreter.
//! - The standard library and the engine's own guest code are a frozen
//!   table of instrumented code, marshalled at build time (`frozen`).
//!
//! Two module objects share these functions' state: the main interpreter
//! imports `_golem_native` as an extension (`main_module`), and each
//! snippet interpreter gets the guest functions only (`guest_module`).
#![no_std]

extern crate alloc;

mod audit;
mod blocking;
mod bridge;
mod deadline;
mod ffi;
mod frozen;
mod global;
mod guest_module;
mod interp;
mod libc;
mod main_module;
mod meter;
mod nesting;
mod permit;
mod stack;
mod text;

#[global_allocator]
static ALLOCATOR: libc::LibcAlloc = libc::LibcAlloc;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // SAFETY: abort never returns; a panic here is a bug in this module.
    unsafe { libc::abort() }
}

/// The extension's entry point (multi-phase initialisation).
///
/// # Safety
/// Called by CPython's import machinery with the GIL held.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit__golem_native() -> *mut ffi::PyObject {
    // SAFETY: the definition is a static that lives for the whole process.
    unsafe { ffi::PyModuleDef_Init(main_module::definition()) }
}
