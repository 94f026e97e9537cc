//! Process-wide native state. The wasm guest has one thread, and every
//! entry into this module holds the GIL, so a plain cell is enough.

use core::cell::UnsafeCell;

pub struct Global<T>(UnsafeCell<T>);

// SAFETY: single-threaded guest; all access happens under the GIL.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    pub const fn new(value: T) -> Self {
        Global(UnsafeCell::new(value))
    }

    /// # Safety
    /// No other reference from `get` may be alive (calls into Python that
    /// could re-enter this module must not hold one).
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn get(&self) -> &mut T {
        // SAFETY: the caller guarantees exclusivity.
        unsafe { &mut *self.0.get() }
    }
}
