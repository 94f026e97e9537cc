//! The audit hook. It is a C-level hook (`PySys_AddAuditHook`), which no
//! Python code can remove, and it acts only in snippet interpreters, where
//! it refuses every way to make code without ticks and every route to the
//! host, and makes blocking sleeps respect the deadline.

use core::ffi::{CStr, c_char, c_int, c_void};

use crate::deadline::{self, Stop};
use crate::ffi::*;
use crate::text;

/// # Safety
/// GIL held, in the main interpreter, once.
pub unsafe fn install() -> c_int {
    // SAFETY: the hook is a static function.
    unsafe { PySys_AddAuditHook(hook, core::ptr::null_mut()) }
}

/// Events of C code that reaches the host: its files, network, processes,
/// or the process environment that every interpreter shares. The guest
/// runtime's own file and console functions raise none of them.
const HOST_PREFIXES: &[&[u8]] = &[
    b"os.",
    b"socket.",
    b"subprocess.",
    b"_posixsubprocess.",
    b"ctypes.",
    b"fcntl.",
    b"resource.",
    b"syslog.",
    b"mmap.",
    b"signal.",
    b"sqlite3.",
];

/// `os.*` events raised by Python-level stdlib code about to call the
/// (replaced) functions, not by C code.
const ALLOWED_OS: &[&[u8]] = &[b"os.walk", b"os.fwalk"];

unsafe extern "C" fn hook(event: *const c_char, args: *mut PyObject, _: *mut c_void) -> c_int {
    // SAFETY: CPython calls hooks with the GIL held and a valid event name.
    unsafe {
        if PyInterpreterState_Get() == PyInterpreterState_Main() || crate::permit::is_trusted() {
            return 0;
        }
        let name = CStr::from_ptr(event).to_bytes();
        match name {
            // Code objects come only from the engine's compiler and the
            // frozen table, both instrumented.
            // `types.coroutine` changes a code object's flags; no other
            // code may make code objects.
            b"code.__new__" if called_from(b"<frozen types>", b"coroutine") => 0,
            b"code.__new__" | b"marshal.loads" | b"marshal.load" => refuse(name),
            b"compile" => refuse(name),
            b"exec" => {
                let code = if PyTuple_Size(args) > 0 {
                    PyTuple_GetItem(args, 0)
                } else {
                    core::ptr::null_mut()
                };
                if !code.is_null() && type_of(code) == &raw mut PyCode_Type {
                    0
                } else {
                    PyErr_Clear();
                    refuse(name)
                }
            }
            // A Python hook in a snippet interpreter could only watch that
            // interpreter; refusing it keeps the engine's binding window
            // free of snippet code. (A RuntimeError makes addaudithook a
            // silent no-op, as CPython documents.)
            b"sys.addaudithook" => {
                text::raise(
                    PyExc_RuntimeError,
                    b"audit hooks are not available in the sandbox",
                );
                -1
            }
            b"time.sleep" => sleep(args),
            b"open" => refuse(name),
            _ if HOST_PREFIXES.iter().any(|p| name.starts_with(p))
                && !ALLOWED_OS.contains(&name) =>
            {
                refuse(name)
            }
            _ => 0,
        }
    }
}

/// Whether the running Python frame is function `name` of the frozen
/// module file `file` (`<frozen NAME>`, a name the engine's compiler never
/// gives snippet code).
unsafe fn called_from(file: &[u8], name: &[u8]) -> bool {
    // SAFETY: GIL held; references are released.
    unsafe {
        let frame = PyEval_GetFrame();
        if frame.is_null() {
            return false;
        }
        let code = PyFrame_GetCode(frame);
        if code.is_null() {
            PyErr_Clear();
            return false;
        }
        let matches = attr_is(code, c"co_filename", file) && attr_is(code, c"co_name", name);
        Py_DecRef(code);
        matches
    }
}

/// Whether `object.attr` is the str `expected`.
unsafe fn attr_is(object: *mut PyObject, attr: &core::ffi::CStr, expected: &[u8]) -> bool {
    // SAFETY: GIL held; the reference is released.
    unsafe {
        let value = PyObject_GetAttrString(object, attr.as_ptr());
        if value.is_null() {
            PyErr_Clear();
            return false;
        }
        let same = text::utf8_of(value).is_some_and(|v| v == expected);
        Py_DecRef(value);
        same
    }
}

unsafe fn refuse(event: &[u8]) -> c_int {
    let mut message = alloc::vec::Vec::from(event);
    message.extend_from_slice(b" is not available in the sandbox");
    // SAFETY: GIL held.
    unsafe { text::raise(PyExc_PermissionError, &message) };
    -1
}

/// `time.sleep(secs)`: a sleep that would outlast the deadline sleeps until
/// it and stops the run.
unsafe fn sleep(args: *mut PyObject) -> c_int {
    // SAFETY: GIL held; `args` is the event's tuple.
    unsafe {
        if PyTuple_Size(args) < 1 {
            PyErr_Clear();
            return 0;
        }
        let secs = PyFloat_AsDouble(PyTuple_GetItem(args, 0));
        if !PyErr_Occurred().is_null() {
            PyErr_Clear();
            return 0;
        }
        crate::bridge::flush_output();
        let remaining = deadline::remaining_ns();
        if secs * 1e9 >= remaining as f64 {
            crate::libc::sleep_ns(remaining);
            deadline::request_stop(Stop::Time, 0);
            deadline::raise_abort();
            return -1;
        }
        0
    }
}
