//! QuickJS's allocator, metered: every live byte of the runtime counts toward
//! the run's memory limit, so many small allocations hit it as surely as one
//! big one, and the peak is reported as `exec-result.memory-bytes`.

use std::cell::Cell;
use std::ffi::c_void;
use std::rc::Rc;

use rquickjs::allocator::Allocator;

unsafe extern "C" {
    fn malloc(size: usize) -> *mut c_void;
    fn calloc(count: usize, size: usize) -> *mut c_void;
    fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void;
    fn free(ptr: *mut c_void);
    fn malloc_usable_size(ptr: *mut c_void) -> usize;
}

#[derive(Debug, Default)]
pub struct MemoryMeter {
    current: Cell<usize>,
    peak: Cell<usize>,
    limit: Cell<Option<usize>>,
    exceeded: Cell<bool>,
}

impl MemoryMeter {
    /// Starts a run: the limit applies from now, the peak restarts here.
    pub fn begin_run(&self, limit: Option<u64>) {
        self.limit
            .set(limit.map(|l| usize::try_from(l).unwrap_or(usize::MAX)));
        self.exceeded.set(false);
        self.peak.set(self.current.get());
    }

    pub fn exceeded(&self) -> bool {
        self.exceeded.get()
    }

    pub fn peak(&self) -> usize {
        self.peak.get()
    }

    /// Counts `bytes` a native holds outside QuickJS's heap (a transient
    /// copy) until the returned guard drops; refused, like an allocation,
    /// past the limit.
    pub fn charge(self: &Rc<Self>, bytes: usize) -> Option<Charge> {
        if !self.admit(bytes) {
            return None;
        }
        self.add(bytes);
        Some(Charge {
            meter: self.clone(),
            bytes,
        })
    }

    fn admit(&self, extra: usize) -> bool {
        match self.limit.get() {
            Some(limit) if self.current.get().saturating_add(extra) > limit => {
                self.exceeded.set(true);
                false
            }
            _ => true,
        }
    }

    fn add(&self, bytes: usize) {
        let now = self.current.get().saturating_add(bytes);
        self.current.set(now);
        if now > self.peak.get() {
            self.peak.set(now);
        }
    }

    fn sub(&self, bytes: usize) {
        self.current.set(self.current.get().saturating_sub(bytes));
    }
}

/// Bytes counted by [`MemoryMeter::charge`], released when dropped.
pub struct Charge {
    meter: Rc<MemoryMeter>,
    bytes: usize,
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.meter.sub(self.bytes);
    }
}

pub struct MeteredAllocator(pub Rc<MemoryMeter>);

unsafe impl Allocator for MeteredAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if !self.0.admit(size) {
            return std::ptr::null_mut();
        }
        let ptr = unsafe { malloc(size) };
        if !ptr.is_null() {
            self.0.add(unsafe { malloc_usable_size(ptr) });
        }
        ptr.cast()
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        if !self.0.admit(count.saturating_mul(size)) {
            return std::ptr::null_mut();
        }
        let ptr = unsafe { calloc(count, size) };
        if !ptr.is_null() {
            self.0.add(unsafe { malloc_usable_size(ptr) });
        }
        ptr.cast()
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        if !ptr.is_null() {
            self.0.sub(unsafe { malloc_usable_size(ptr.cast()) });
            unsafe { free(ptr.cast()) };
        }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        let old = if ptr.is_null() {
            0
        } else {
            unsafe { malloc_usable_size(ptr.cast()) }
        };
        if !self.0.admit(new_size.saturating_sub(old)) {
            return std::ptr::null_mut();
        }
        let new = unsafe { realloc(ptr.cast(), new_size) };
        if !new.is_null() {
            self.0.sub(old);
            self.0.add(unsafe { malloc_usable_size(new) });
        }
        new.cast()
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        unsafe { malloc_usable_size(ptr.cast()) }
    }
}
