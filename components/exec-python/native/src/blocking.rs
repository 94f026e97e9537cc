//! Blocking waits in C that raise no audit event: `select.select` and a
//! poll object's `poll` wait in one WASI call, which neither the ticks nor
//! the host's epoch backstop can interrupt (`select.select([], [], [], 30)`
//! under a 1 s limit ran the whole 30 s). Their entries in the `select`
//! module's method tables are replaced, once, in the main interpreter, by
//! wrappers that clamp the wait to what is left of the run and stop the run
//! when a clamped wait reached the deadline.
//!
//! The tables are static data of libpython, shared by every interpreter
//! and by every module object made from the same definition, including one
//! a snippet rebuilds with `_imp.create_builtin`; a method object copies
//! only a pointer to its table entry. So no route to the original waits is
//! left, which hiding the names could not achieve.

use core::ffi::{CStr, c_int};

use crate::deadline::{self, Stop};
use crate::ffi::*;
use crate::global::Global;

/// `_PyCFunctionFast`: the calling convention of METH_FASTCALL methods.
type FastCall =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;

/// The replaced functions, kept to be called by their wrappers.
static SELECT: Global<Option<FastCall>> = Global::new(None);
static POLL: Global<Option<FastCall>> = Global::new(None);

/// Which argument of each wait is its timeout, and in which unit.
const SELECT_TIMEOUT_ARG: usize = 3;
const POLL_TIMEOUT_ARG: usize = 0;

/// `Py_tp_methods` (typeslots.h).
const PY_TP_METHODS: c_int = 64;

/// Replaces the waits in `select`'s tables. A table that is not laid out as
/// expected (a CPython whose `select` is not METH_FASTCALL) fails the
/// import of the engine instead of leaving the wait unbounded.
///
/// # Safety
/// GIL held, in the main interpreter, once.
pub unsafe fn install() -> c_int {
    // SAFETY: GIL held; the references taken are released.
    unsafe {
        let module = PyImport_ImportModule(c"select".as_ptr());
        if module.is_null() {
            return -1;
        }
        let def = PyModule_GetDef(module);
        let mut ok = !def.is_null()
            && replace(
                (*def).m_methods.cast_mut(),
                c"select",
                select_bounded,
                SELECT.get(),
            );
        if ok {
            ok = match poll_methods(module) {
                Some(methods) => replace(methods, c"poll", poll_bounded, POLL.get()),
                None => false,
            };
        }
        Py_DecRef(module);
        if !ok {
            if PyErr_Occurred().is_null() {
                crate::text::raise(
                    PyExc_RuntimeError,
                    b"select's method tables are not as exec-python expects",
                );
            }
            return -1;
        }
        0
    }
}

/// The method table of `select.poll()`'s type.
unsafe fn poll_methods(module: *mut PyObject) -> Option<*mut PyMethodDef> {
    // SAFETY: GIL held; the references taken are released.
    unsafe {
        let make = PyObject_GetAttrString(module, c"poll".as_ptr());
        if make.is_null() {
            return None;
        }
        let poller = PyObject_CallNoArgs(make);
        Py_DecRef(make);
        if poller.is_null() {
            return None;
        }
        let methods = PyType_GetSlot(type_of(poller), PY_TP_METHODS).cast::<PyMethodDef>();
        Py_DecRef(poller);
        (!methods.is_null()).then_some(methods)
    }
}

/// Points the FASTCALL entry `name` of `table` at `wrapper`, keeping the
/// original in `saved`.
unsafe fn replace(
    mut entry: *mut PyMethodDef,
    name: &CStr,
    wrapper: FastCall,
    saved: &mut Option<FastCall>,
) -> bool {
    // SAFETY: `entry` walks a NULL-terminated method table; the guest is
    // single-threaded and wasm memory has no read-only pages, so the static
    // table can be written.
    unsafe {
        while !entry.is_null() && !(*entry).ml_name.is_null() {
            if CStr::from_ptr((*entry).ml_name) == name {
                let Some(original) = (*entry).ml_meth else {
                    return false;
                };
                if (*entry).ml_flags & METH_FASTCALL == 0 {
                    return false;
                }
                *saved = Some(core::mem::transmute::<PyCFunction, FastCall>(original));
                (*entry).ml_meth = Some(core::mem::transmute::<FastCall, PyCFunction>(wrapper));
                return true;
            }
            entry = entry.add(1);
        }
        false
    }
}

/// How a wait's timeout is written: seconds as a float (`select`) or
/// milliseconds as an int (`poll`).
#[derive(Clone, Copy)]
enum Unit {
    Seconds,
    Milliseconds,
}

unsafe extern "C" fn select_bounded(
    module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: CPython's calling convention; GIL held.
    unsafe {
        bounded(
            *SELECT.get(),
            module,
            args,
            nargs,
            SELECT_TIMEOUT_ARG,
            Unit::Seconds,
        )
    }
}

unsafe extern "C" fn poll_bounded(
    poller: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: CPython's calling convention; GIL held.
    unsafe {
        bounded(
            *POLL.get(),
            poller,
            args,
            nargs,
            POLL_TIMEOUT_ARG,
            Unit::Milliseconds,
        )
    }
}

/// Calls `original` with its timeout argument (at `index`) clamped to what
/// is left of the run: a wait without a timeout (absent, None, or for poll
/// negative) or a longer one waits until the deadline and stops the run.
/// Outside a run, and for a wait that ends in time, nothing changes; a
/// timeout of the wrong type reaches the original, which reports it.
unsafe fn bounded(
    original: Option<FastCall>,
    this: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    index: usize,
    unit: Unit,
) -> *mut PyObject {
    // SAFETY: `args` holds `nargs` borrowed references (CPython's calling
    // convention); GIL held; references made here are released.
    unsafe {
        let Some(original) = original else {
            return crate::text::raise(PyExc_RuntimeError, b"select is not initialised");
        };
        let remaining = deadline::remaining_ns();
        let given_count = usize::try_from(nargs).unwrap_or(0);
        // Outside a run, or missing arguments before the timeout (the
        // original reports them).
        if remaining == i64::MAX || given_count < index {
            return original(this, args, nargs);
        }
        let given = (given_count > index).then(|| *args.add(index));
        let wanted_ns = match given {
            None => None,
            Some(t) if t == &raw mut _Py_NoneStruct => None,
            Some(t) => {
                let value = PyFloat_AsDouble(t);
                if !PyErr_Occurred().is_null() {
                    PyErr_Clear();
                    return original(this, args, nargs);
                }
                match unit {
                    Unit::Seconds => Some(value * 1e9),
                    Unit::Milliseconds if value < 0.0 => None,
                    Unit::Milliseconds => Some(value * 1e6),
                }
            }
        };
        if wanted_ns.is_some_and(|ns| ns < remaining as f64) {
            return original(this, args, nargs);
        }
        crate::bridge::flush_output();
        let clamped = match unit {
            Unit::Seconds => PyFloat_FromDouble(remaining as f64 / 1e9),
            // Rounded up, so the wait reaches the deadline.
            Unit::Milliseconds => PyLong_FromLongLong((remaining + 999_999) / 1_000_000),
        };
        if clamped.is_null() {
            return core::ptr::null_mut();
        }
        let count = given_count.max(index + 1);
        let mut copy = alloc::vec::Vec::with_capacity(count);
        for i in 0..count {
            copy.push(if i == index {
                clamped
            } else if i < given_count {
                *args.add(i)
            } else {
                &raw mut _Py_NoneStruct
            });
        }
        let result = original(this, copy.as_ptr(), count as Py_ssize_t);
        Py_DecRef(clamped);
        if result.is_null() {
            return result;
        }
        if deadline::check_now() {
            Py_DecRef(result);
            deadline::request_stop(Stop::Time, 0);
            return deadline::raise_abort();
        }
        result
    }
}
