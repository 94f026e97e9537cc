//! Snippet interpreters: one per session and per one-shot run, created with
//! `Py_NewInterpreter` and entered only through `run`.

use alloc::vec::Vec;
use core::ptr::null_mut;

use crate::ffi::*;
use crate::global::Global;
use crate::text;

pub struct Interp {
    ts: *mut PyThreadState,
    /// Objects owned by the snippet interpreter, used only while it is
    /// current: the guest's `run(payload)`, its `Abort` type, its tick
    /// and its `itertools.compress` (what instrumented code is bound to).
    entry: *mut PyObject,
    /// The guest's `teardown()`, and CPython's own stack limits for this
    /// thread state (its finalization runs under them, see `destroy`).
    teardown: *mut PyObject,
    default_limits: Option<[usize; 3]>,
    pub abort_type: *mut PyObject,
    pub tick_function: *mut PyObject,
    pub original_compile: *mut PyObject,
}

struct Table {
    main_ts: *mut PyThreadState,
    slots: Vec<Option<Interp>>,
    current: Option<usize>,
}

static TABLE: Global<Table> = Global::new(Table {
    main_ts: null_mut(),
    slots: Vec::new(),
    current: None,
});

fn table() -> &'static mut Table {
    // SAFETY: callers below never keep this across calls into Python.
    unsafe { TABLE.get() }
}

pub fn current() -> Option<&'static mut Interp> {
    let t = table();
    t.current
        .and_then(|i| t.slots.get_mut(i))
        .and_then(Option::as_mut)
}

pub fn current_abort_type() -> Option<*mut PyObject> {
    current().map(|i| i.abort_type).filter(|p| !p.is_null())
}

pub fn main_ts() -> *mut PyThreadState {
    table().main_ts
}

/// Runs `f` in the main interpreter and returns to the snippet interpreter.
/// Whatever `f` returns must be plain Rust data: no object crosses.
///
/// # Safety
/// GIL held, called from a snippet interpreter while a main thread state exists.
pub unsafe fn in_main<R>(f: impl FnOnce() -> R) -> R {
    // SAFETY: both thread states are live and share the GIL.
    unsafe {
        let sub = PyThreadState_Swap(main_ts());
        let was = crate::meter::set_in_snippet(false);
        let result = crate::stack::with_budget(main_ts(), crate::stack::COMPILER_BUDGET, || {
            let result = f();
            crate::stack::drain(main_ts());
            result
        });
        crate::meter::set_in_snippet(was);
        PyThreadState_Swap(sub);
        result
    }
}

/// Creates a snippet interpreter and boots the guest runtime in it; returns
/// its handle. Runs in the main interpreter.
///
/// # Safety
/// GIL held, in the main interpreter.
pub unsafe fn create() -> Result<usize, Vec<u8>> {
    // SAFETY: GIL held in the main interpreter.
    unsafe {
        let main = PyThreadState_Get();
        let t = table();
        t.main_ts = main;
        let index = match t.slots.iter().position(Option::is_none) {
            Some(i) => i,
            None => {
                t.slots.push(None);
                t.slots.len() - 1
            }
        };
        // Start-up imports the interpreter's first modules (`marshal.loads`,
        // `exec`, ...): trusted, like the guest's boot below.
        let ts = crate::permit::trusted(|| Py_NewInterpreter());
        if ts.is_null() {
            PyThreadState_Swap(main);
            let err = if PyErr_Occurred().is_null() {
                b"Py_NewInterpreter failed".to_vec()
            } else {
                text::take_error_text()
            };
            return Err(err);
        }
        table().slots[index] = Some(Interp {
            ts,
            entry: null_mut(),
            teardown: null_mut(),
            default_limits: crate::stack::save(ts),
            abort_type: null_mut(),
            tick_function: null_mut(),
            original_compile: null_mut(),
        });
        let previous = table().current.replace(index);
        let booted = crate::permit::trusted(|| crate::guest_module::boot());
        table().current = previous;
        match booted {
            Ok((entry, teardown)) => {
                if let Some(Some(interp)) = table().slots.get_mut(index) {
                    interp.entry = entry;
                    interp.teardown = teardown;
                }
                PyThreadState_Swap(main);
                Ok(index)
            }
            Err(message) => {
                table().slots[index] = None;
                Py_EndInterpreter(ts);
                PyThreadState_Swap(main);
                Err(message)
            }
        }
    }
}

/// What a run in a snippet interpreter returned: the guest's result bytes,
/// or the text of an exception that escaped it.
pub enum Entered {
    Returned(Vec<u8>),
    Raised(Vec<u8>),
}

/// Calls the guest's `run(payload)` in interpreter `index`.
///
/// # Safety
/// GIL held, in the main interpreter.
pub unsafe fn enter(index: usize, payload: &[u8]) -> Result<Entered, &'static str> {
    let t = table();
    let Some(Some(interp)) = t.slots.get(index) else {
        return Err("no such interpreter");
    };
    if t.current.is_some() {
        return Err("an interpreter is already running");
    }
    let (ts, entry) = (interp.ts, interp.entry);
    t.current = Some(index);
    // SAFETY: GIL held; `ts` is live; objects are created and released in
    // the snippet interpreter only.
    let outcome = unsafe {
        let main = PyThreadState_Swap(ts);
        crate::stack::set(ts, crate::stack::BUDGET);
        let arg = crate::permit::trusted(|| {
            PyMarshal_ReadObjectFromString(
                payload.as_ptr() as *const core::ffi::c_char,
                payload.len() as Py_ssize_t,
            )
        });
        crate::meter::set_in_snippet(true);
        let result = if arg.is_null() {
            null_mut()
        } else {
            let r = PyObject_CallOneArg(entry, arg);
            Py_DecRef(arg);
            r
        };
        crate::stack::drain(ts);
        crate::meter::set_in_snippet(false);
        let outcome = if result.is_null() {
            Entered::Raised(text::take_error_text())
        } else {
            let data = PyMarshal_WriteObjectToString(result, MARSHAL_VERSION);
            Py_DecRef(result);
            let out = match if data.is_null() {
                None
            } else {
                text::bytes_of(data)
            } {
                Some(bytes) => Entered::Returned(bytes.to_vec()),
                None => Entered::Raised(text::take_error_text()),
            };
            if !data.is_null() {
                Py_DecRef(data);
            }
            out
        };
        PyThreadState_Swap(main);
        outcome
    };
    table().current = None;
    Ok(outcome)
}

/// Ends interpreter `index` (its finalizers and `atexit` handlers run under
/// a short deadline of their own).
///
/// # Safety
/// GIL held, in the main interpreter.
pub unsafe fn destroy(index: usize) -> bool {
    let t = table();
    let Some(slot) = t.slots.get_mut(index) else {
        return false;
    };
    let Some(interp) = slot.take() else {
        return false;
    };
    if t.current.is_some() {
        *slot = Some(interp);
        return false;
    }
    t.current = Some(index);
    let ts = interp.ts;
    let (teardown, default_limits) = (interp.teardown, interp.default_limits);
    let owned = [
        interp.entry,
        interp.teardown,
        interp.abort_type,
        interp.tick_function,
        interp.original_compile,
    ];
    t.slots[index] = Some(interp);
    crate::deadline::begin(TEARDOWN_MS);
    // SAFETY: GIL held; `ts` is live and becomes current for its teardown;
    // the references released were taken in that interpreter.
    unsafe {
        let main = PyThreadState_Swap(ts);
        // Under the run's budget every container's deallocation is
        // deferred, so what the guest's teardown frees (the snippet's
        // globals and modules, however deeply nested) is freed iteratively
        // by `drain`. CPython's finalization then finds little left and
        // runs under its own limits, whose deallocations are not deferred
        // (deferred ones would leak with the thread state).
        crate::stack::set(ts, crate::stack::BUDGET);
        if !teardown.is_null() {
            let result = PyObject_CallNoArgs(teardown);
            if result.is_null() {
                PyErr_Clear();
            } else {
                Py_DecRef(result);
            }
        }
        crate::stack::drain(ts);
        if let Some(Some(interp)) = table().slots.get_mut(index) {
            // Teardown finds no abort type (ticks raise RuntimeError)
            // rather than one that it may already have freed.
            interp.abort_type = null_mut();
        }
        for object in owned {
            if !object.is_null() {
                Py_DecRef(object);
            }
        }
        crate::stack::drain(ts);
        if let Some(limits) = default_limits {
            crate::stack::restore(ts, limits);
        }
        Py_EndInterpreter(ts);
        PyThreadState_Swap(main);
    }
    crate::deadline::end();
    crate::bridge::discard_output();
    let t = table();
    t.slots[index] = None;
    t.current = None;
    true
}

/// The time an interpreter's teardown (`atexit`, finalizers) may take.
const TEARDOWN_MS: u64 = 50;

pub fn count() -> usize {
    table().slots.iter().filter(|s| s.is_some()).count()
}
