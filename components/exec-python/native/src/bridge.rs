//! The bridge between a snippet interpreter and the main one. A snippet's
//! file and console calls, and every compile, go to Python callables the
//! engine registered in the main interpreter; arguments and results cross
//! as marshal data of plain values (bytes, str, int, tuples), copied.

use alloc::vec::Vec;
use core::ffi::c_char;
use core::ptr::null_mut;

use crate::deadline::{self, Stop};
use crate::ffi::*;
use crate::global::Global;
use crate::interp;
use crate::text;

struct Bridge {
    /// Main-interpreter callables: `dispatch(request) -> reply` for file and
    /// console operations, `compile(source, filename, mode, flags,
    /// optimize) -> marshal bytes` of instrumented code or of an error.
    dispatch: *mut PyObject,
    compile: *mut PyObject,
    output: Vec<(bool, Vec<u8>)>,
    output_size: usize,
}

static BRIDGE: Global<Bridge> = Global::new(Bridge {
    dispatch: null_mut(),
    compile: null_mut(),
    output: Vec::new(),
    output_size: 0,
});

fn bridge() -> &'static mut Bridge {
    // SAFETY: references are not held across calls into Python.
    unsafe { BRIDGE.get() }
}

/// Output is sent to the main interpreter in batches of this size.
const OUTPUT_BATCH: usize = 64 * 1024;

/// # Safety
/// GIL held, in the main interpreter; the callables are main-interpreter objects.
pub unsafe fn set(dispatch: *mut PyObject, compile: *mut PyObject) {
    // SAFETY: GIL held; references are kept for the life of the process.
    unsafe {
        Py_IncRef(dispatch);
        Py_IncRef(compile);
        let b = bridge();
        for old in [b.dispatch, b.compile] {
            if !old.is_null() {
                Py_DecRef(old);
            }
        }
        b.dispatch = dispatch;
        b.compile = compile;
    }
}

/// Calls a main-interpreter callable with marshal data and returns its reply
/// as marshal data, or the text of its error.
///
/// # Safety
/// GIL held, in the main interpreter.
unsafe fn call_main(callable: *mut PyObject, request: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    if callable.is_null() {
        return Err(b"the engine has not set up its bridge".to_vec());
    }
    // SAFETY: GIL held in the main interpreter; every object made here is
    // released here.
    unsafe {
        let arg = PyMarshal_ReadObjectFromString(
            request.as_ptr() as *const c_char,
            request.len() as Py_ssize_t,
        );
        if arg.is_null() {
            return Err(text::take_error_text());
        }
        let reply = PyObject_CallOneArg(callable, arg);
        Py_DecRef(arg);
        if reply.is_null() {
            return Err(text::take_error_text());
        }
        let data = PyMarshal_WriteObjectToString(reply, MARSHAL_VERSION);
        Py_DecRef(reply);
        if data.is_null() {
            return Err(text::take_error_text());
        }
        let out = text::bytes_of(data).map(<[u8]>::to_vec);
        Py_DecRef(data);
        out.ok_or_else(|| b"the engine's reply is not bytes".to_vec())
    }
}

/// Marshal data of `obj` (in the snippet interpreter), copied.
///
/// # Safety
/// GIL held.
unsafe fn marshal(obj: *mut PyObject) -> Option<Vec<u8>> {
    // SAFETY: GIL held; `obj` is live.
    unsafe {
        let data = PyMarshal_WriteObjectToString(obj, MARSHAL_VERSION);
        if data.is_null() {
            return None;
        }
        let out = text::bytes_of(data).map(<[u8]>::to_vec);
        Py_DecRef(data);
        out
    }
}

/// # Safety
/// GIL held.
unsafe fn unmarshal(data: &[u8]) -> *mut PyObject {
    // SAFETY: `data` is valid for its length; marshal data from our own
    // engine, loaded in the trusted window (CPython audits the C API too).
    unsafe {
        crate::permit::trusted(|| {
            PyMarshal_ReadObjectFromString(data.as_ptr() as *const c_char, data.len() as Py_ssize_t)
        })
    }
}

/// After a call into the main interpreter: raise the abort if the engine
/// stopped the run (output cap, file-size limit) or its time ran out.
unsafe fn finish(result: Result<Vec<u8>, Vec<u8>>) -> *mut PyObject {
    // SAFETY: GIL held, back in the snippet interpreter.
    unsafe {
        if deadline::check_now() {
            return deadline::raise_abort();
        }
        match result {
            Ok(data) => unmarshal(&data),
            Err(message) => text::raise(PyExc_RuntimeError, &message),
        }
    }
}

/// `call(request)`: a file or console operation, answered by the engine.
///
/// # Safety
/// GIL held, in a snippet interpreter.
pub unsafe fn call(request: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held.
    unsafe {
        let Some(data) = marshal(request) else {
            return null_mut();
        };
        // What the snippet dropped (a file it wrote and let go) is freed,
        // and so flushed, before the engine answers: see `stack`.
        crate::stack::drain(PyThreadState_Get());
        flush_output();
        if deadline::stop().is_some() {
            return deadline::raise_abort();
        }
        let dispatch = bridge().dispatch;
        let result = interp::in_main(|| call_main(dispatch, &data));
        finish(result)
    }
}

/// `compile(source, filename, mode, flags, optimize)`: instrumented code,
/// compiled by the engine and bound to this interpreter's tick; or a tuple
/// `(exception name, args)` when the source does not compile.
///
/// # Safety
/// GIL held, in a snippet interpreter.
pub unsafe fn compile(args: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held.
    unsafe {
        if type_of(args) == &raw mut PyTuple_Type && PyTuple_Size(args) >= 2 {
            let (source, filename) = (PyTuple_GetItem(args, 0), PyTuple_GetItem(args, 1));
            let t = type_of(source);
            let text = t == &raw mut PyUnicode_Type || t == &raw mut PyBytes_Type;
            let refused = if text && type_of(filename) == &raw mut PyUnicode_Type {
                crate::guest_module::refuse_deep_nesting(source, filename)
            } else {
                None
            };
            if let Some(refused) = refused {
                return refused;
            }
        }
        let Some(data) = marshal(args) else {
            return null_mut();
        };
        let compiler = bridge().compile;
        let result = interp::in_main(|| call_main(compiler, &data));
        let reply = finish(result);
        if reply.is_null() {
            return null_mut();
        }
        if type_of(reply) == &raw mut PyCode_Type {
            let bound = crate::frozen::bind(reply);
            Py_DecRef(reply);
            return bound;
        }
        reply
    }
}

/// `write(to_stderr, data)`: buffers output; batches go to the engine.
///
/// # Safety
/// GIL held, in a snippet interpreter.
pub unsafe fn write(to_stderr: bool, data: &[u8]) -> *mut PyObject {
    let b = bridge();
    match b.output.last_mut() {
        Some((stream, chunk)) if *stream == to_stderr => chunk.extend_from_slice(data),
        _ => b.output.push((to_stderr, data.to_vec())),
    }
    b.output_size += data.len();
    // SAFETY: GIL held.
    unsafe {
        if b.output_size >= OUTPUT_BATCH {
            flush_output();
        }
        if deadline::stop().is_some() {
            return deadline::raise_abort();
        }
        none()
    }
}

/// Sends buffered output to the engine, from a snippet interpreter.
///
/// # Safety
/// GIL held, in a snippet interpreter.
pub unsafe fn flush_output() {
    if bridge().output.is_empty() {
        return;
    }
    // SAFETY: GIL held; the swap returns to this interpreter.
    unsafe { interp::in_main(|| flush_in_main()) }
}

/// Sends buffered output to the engine's `dispatch(("write", to_stderr,
/// data))`; a false reply (the output cap) stops the run.
///
/// # Safety
/// GIL held, in the main interpreter.
pub unsafe fn flush_in_main() {
    let b = bridge();
    let chunks = core::mem::take(&mut b.output);
    b.output_size = 0;
    let dispatch = b.dispatch;
    for (to_stderr, data) in chunks {
        if deadline::stop() == Some((Stop::Output, 0)) {
            break;
        }
        // SAFETY: GIL held in the main interpreter.
        unsafe {
            let stream = if to_stderr { c"stderr" } else { c"stdout" };
            let request = Py_BuildValue(
                c"(sy#)".as_ptr(),
                stream.as_ptr(),
                data.as_ptr() as *const c_char,
                data.len() as Py_ssize_t,
            );
            if request.is_null() {
                PyErr_Clear();
                continue;
            }
            let reply = PyObject_CallOneArg(dispatch, request);
            Py_DecRef(request);
            if reply.is_null() {
                PyErr_Clear();
                continue;
            }
            let accepted = PyObject_IsTrue(reply);
            Py_DecRef(reply);
            if accepted == 0 {
                deadline::request_stop(Stop::Output, 0);
            }
        }
    }
}

pub fn discard_output() {
    let b = bridge();
    b.output.clear();
    b.output_size = 0;
}
