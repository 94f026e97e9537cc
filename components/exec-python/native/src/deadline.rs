//! The run's deadline and stop reason, and the tick object instrumented
//! code calls. All of it is native state: no Python object refers to it.

use crate::ffi::*;
use crate::global::Global;
use crate::interp;
use crate::libc::now_ns;

/// Why a run stops early; the values are the engine's (see `engine.run`).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Stop {
    Time = 1,
    Memory = 2,
    Output = 3,
    FileSize = 4,
    Exit = 5,
}

struct RunState {
    active: bool,
    deadline: i64,
    stop: Option<Stop>,
    exit_code: i32,
    /// Ticks until the clock is read again, and the current batch size:
    /// reading the clock is a host call, so it happens every few ms.
    countdown: u32,
    batch: u32,
    last_check: i64,
}

static RUN: Global<RunState> = Global::new(RunState {
    active: false,
    deadline: i64::MAX,
    stop: None,
    exit_code: 0,
    countdown: 64,
    batch: 64,
    last_check: 0,
});

fn state() -> &'static mut RunState {
    // SAFETY: no function below calls into Python while holding it.
    unsafe { RUN.get() }
}

pub fn begin(time_ms: u64) {
    let now = now_ns();
    let budget = i64::try_from(time_ms)
        .unwrap_or(i64::MAX)
        .saturating_mul(1_000_000);
    let s = state();
    *s = RunState {
        active: true,
        deadline: now.saturating_add(budget),
        stop: None,
        exit_code: 0,
        countdown: 64,
        batch: 64,
        last_check: now,
    };
}

pub fn end() {
    let s = state();
    s.active = false;
    s.deadline = i64::MAX;
    s.stop = None;
}

/// Records why the run stops; the first reason wins.
pub fn request_stop(stop: Stop, exit_code: i32) {
    let s = state();
    if s.active && s.stop.is_none() {
        s.stop = Some(stop);
        s.exit_code = exit_code;
    }
}

pub fn stop() -> Option<(Stop, i32)> {
    let s = state();
    s.stop.map(|stop| (stop, s.exit_code))
}

/// Nanoseconds left before the deadline (0 when past it).
pub fn remaining_ns() -> i64 {
    let s = state();
    if !s.active {
        return i64::MAX;
    }
    s.deadline.saturating_sub(now_ns()).max(0)
}

/// Reads the clock and records a timeout once the deadline has passed.
pub fn check_now() -> bool {
    let s = state();
    if s.active && s.stop.is_none() && now_ns() >= s.deadline {
        request_stop(Stop::Time, 0);
    }
    state().stop.is_some()
}

/// Raises the current interpreter's uncatchable-in-effect `Abort` (every
/// later tick raises it again, so an `except` cannot keep the run going).
///
/// # Safety
/// GIL held.
pub unsafe fn raise_abort() -> *mut PyObject {
    // SAFETY: GIL held; the abort type is owned by the current interpreter.
    unsafe {
        let exc = interp::current_abort_type().unwrap_or(PyExc_RuntimeError);
        crate::text::raise(exc, b"the run was stopped")
    }
}

/// The tick: cheap countdown, then the clock.
///
/// # Safety
/// GIL held.
#[inline]
unsafe fn tick() -> *mut PyObject {
    let s = state();
    if !s.active {
        // SAFETY: GIL held.
        return unsafe { true_ref() };
    }
    if s.stop.is_some() {
        // SAFETY: GIL held.
        return unsafe { raise_abort() };
    }
    if s.countdown > 1 {
        s.countdown -= 1;
    } else {
        let now = now_ns();
        if now >= s.deadline {
            request_stop(Stop::Time, 0);
            // SAFETY: GIL held.
            return unsafe { raise_abort() };
        }
        // A safe point to free what the trashcan deferred (see `stack`).
        // SAFETY: GIL held, in the running interpreter.
        unsafe { crate::stack::drain(PyThreadState_Get()) };
        let s = state();
        let elapsed = now - s.last_check;
        s.last_check = now;
        if elapsed < 1_000_000 && s.batch < 1 << 16 {
            s.batch *= 2;
        } else if elapsed > 4_000_000 && s.batch > 16 {
            s.batch /= 2;
        }
        s.countdown = s.batch;
    }
    // SAFETY: GIL held.
    unsafe { true_ref() }
}

unsafe fn true_ref() -> *mut PyObject {
    // SAFETY: `_Py_TrueStruct` is CPython's static True.
    unsafe {
        let t = &raw mut _Py_TrueStruct;
        Py_IncRef(t);
        t
    }
}

/// The statement tick, as a builtin function: CPython specializes calls of
/// builtin fast-call functions, so this is the cheapest call there is.
///
/// # Safety
/// Called by CPython with the GIL held.
pub unsafe extern "C" fn tick_function(
    _module: *mut PyObject,
    _args: *const *mut PyObject,
    _nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: called by CPython with the GIL held.
    unsafe { tick() }
}
