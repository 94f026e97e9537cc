//! The trusted window: while this module itself loads marshal data, binds
//! code or creates an interpreter, the audit hook allows what it otherwise
//! refuses in a snippet interpreter (`marshal.loads`, `code.__new__`, and
//! the imports of interpreter start-up). The cyclic collector is off for
//! the window, so that no finalizer, which is snippet code, runs inside it;
//! and snippet interpreters cannot add Python audit hooks (see `audit`).

use crate::ffi::{PyGC_Disable, PyGC_Enable};
use crate::global::Global;

static TRUSTED: Global<u32> = Global::new(0);

pub fn is_trusted() -> bool {
    // SAFETY: a plain read.
    unsafe { *TRUSTED.get() > 0 }
}

/// Runs `f` in the trusted window.
///
/// # Safety
/// GIL held; `f` runs no snippet code.
pub unsafe fn trusted<R>(f: impl FnOnce() -> R) -> R {
    // SAFETY: GIL held; the counter nests.
    unsafe {
        let gc_was_enabled = PyGC_Disable();
        *TRUSTED.get() += 1;
        let result = f();
        *TRUSTED.get() -= 1;
        if gc_was_enabled != 0 {
            PyGC_Enable();
        }
        result
    }
}
