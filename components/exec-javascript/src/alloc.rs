//! QuickJS's allocator, metered: every live byte of the runtime counts toward
//! the run's memory limit, so many small allocations hit it as surely as one
//! big one, and the peak is reported as `exec-result.memory-bytes`.

use std::cell::Cell;
use std::ffi::c_void;
use std::rc::Rc;
use std::time::Instant;

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
    /// The current run's deadline (none between runs): past it, the
    /// allocator refuses (see `past_deadline`).
    deadline: Cell<Option<Instant>>,
    /// Allocations left before the next look at the clock.
    until_clock: Cell<u32>,
    /// The run passed its deadline: while it lasts every allocation is
    /// refused; kept after `end_run`, for reporting the run as timed out.
    refused: Cell<bool>,
}

/// Allocations between two looks at the clock while a run is on (a clock
/// read costs about as much as a hundred small allocations).
const CLOCK_EVERY: u32 = 256;

impl MemoryMeter {
    /// Starts a run: the limit applies from now, the peak restarts here.
    pub fn begin_run(&self, limit: Option<u64>, deadline: Instant) {
        self.limit
            .set(limit.map(|l| usize::try_from(l).unwrap_or(usize::MAX)));
        self.exceeded.set(false);
        self.peak.set(self.current.get());
        self.deadline.set(Some(deadline));
        self.until_clock.set(CLOCK_EVERY);
        self.refused.set(false);
    }

    /// Whether an allocation of this run was refused because the run was
    /// past its deadline: the run then ended at its time limit, whatever
    /// error the refusal surfaced as.
    pub fn refused_for_deadline(&self) -> bool {
        self.refused.get()
    }

    /// Ends a run: allocations between runs (the engine's own clean-up
    /// after a run that overran) have no deadline.
    pub fn end_run(&self) {
        self.deadline.set(None);
    }

    /// `past_deadline` with a look at the clock now (between the 4 MiB
    /// steps of clearing a block).
    fn deadline_passed_now(&self) -> bool {
        self.until_clock.set(0);
        self.past_deadline()
    }

    /// Whether the run is past its deadline, looking at the clock once per
    /// `CLOCK_EVERY` calls. A C builtin that allocates as it loops (listing
    /// keys, copying elements, building strings) does not poll the
    /// interpreter's interrupt handler, so its allocations end it instead:
    /// once refused, it fails with QuickJS's usual out-of-memory error
    /// (QuickJS handles a failed allocation everywhere, as it must under
    /// the memory limit), and the run ends as `timeout` (the sandbox's
    /// deadline decides how the run is reported, and the next poll throws
    /// the uncatchable interrupt). The memory meter is not marked exceeded.
    fn past_deadline(&self) -> bool {
        let Some(deadline) = self.deadline.get() else {
            return false;
        };
        if self.refused.get() {
            return true;
        }
        let left = self.until_clock.get();
        if left > 0 {
            self.until_clock.set(left - 1);
            return false;
        }
        self.until_clock.set(CLOCK_EVERY);
        let past = Instant::now() >= deadline;
        self.refused.set(past);
        past
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
        if self.0.past_deadline() || !self.0.admit(size) {
            return std::ptr::null_mut();
        }
        let ptr = unsafe { malloc(size) };
        if !ptr.is_null() {
            self.0.add(unsafe { malloc_usable_size(ptr) });
        }
        ptr.cast()
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        let Some(total) = count.checked_mul(size) else {
            return std::ptr::null_mut();
        };
        if self.0.past_deadline() || !self.0.admit(total) {
            return std::ptr::null_mut();
        }
        let ptr = zeroed(total, &self.0);
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
        // A refused growth leaves the old block as it was.
        if (new_size > old && self.0.past_deadline()) || !self.0.admit(new_size.saturating_sub(old))
        {
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

/// Blocks at least this big skip zeroing the part that lies in memory the
/// allocation itself grew.
#[cfg(target_arch = "wasm32")]
const FRESH_MEMORY_MIN: usize = 1 << 20;

/// Reused memory is cleared this much at a time, with a look at the run's
/// deadline between steps.
#[cfg(target_arch = "wasm32")]
const CLEAR_CHUNK: usize = 4 << 20;

/// `calloc` without zeroing pages that are fresh from `memory.grow`: wasm
/// gives them zeroed, and libc's `calloc` clears them again. That clearing
/// is one C call the interrupt handler cannot see: `new Uint8Array(2**30)`
/// took 0.6 s under a 100 ms limit, nearly all of it writing zeros over
/// zeros. A big block in reused memory still has to be cleared (the same
/// 0.6 s, mostly first touches of the host's pages); that goes in chunks,
/// and once the run is past its deadline the block is given back and the
/// allocation fails, so the snippet sees an out-of-memory error and the
/// interrupt handler ends the run as a timeout at its next poll.
#[cfg(target_arch = "wasm32")]
fn zeroed(total: usize, meter: &MemoryMeter) -> *mut c_void {
    if total < FRESH_MEMORY_MIN {
        // SAFETY: libc's calloc has no preconditions.
        return unsafe { calloc(1, total) };
    }
    // Nothing above the memory's current end has been written yet; while
    // `malloc` grows the memory it writes chunk headers only outside the
    // block it returns.
    let old_end = core::arch::wasm32::memory_size(0) * 65536;
    // SAFETY: libc's malloc has no preconditions.
    let ptr = unsafe { malloc(total) };
    if ptr.is_null() {
        return ptr;
    }
    let reused = old_end.saturating_sub(ptr as usize).min(total);
    let mut cleared = 0;
    while cleared < reused {
        if meter.deadline_passed_now() {
            // SAFETY: `ptr` came from malloc above and nothing else has it.
            unsafe { free(ptr) };
            return std::ptr::null_mut();
        }
        let step = CLEAR_CHUNK.min(reused - cleared);
        // SAFETY: `ptr` is a live block of `total` bytes and
        // `cleared + step` is at most `reused`, at most `total`.
        unsafe { std::ptr::write_bytes(ptr.cast::<u8>().add(cleared), 0, step) };
        cleared += step;
    }
    ptr
}

#[cfg(not(target_arch = "wasm32"))]
fn zeroed(total: usize, _meter: &MemoryMeter) -> *mut c_void {
    // SAFETY: libc's calloc has no preconditions.
    unsafe { calloc(1, total) }
}
