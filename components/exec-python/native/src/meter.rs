//! The memory meter: hooks on CPython's raw allocator and on its object
//! arenas (pymalloc takes its pools from arenas and sends larger blocks to
//! the raw allocator), so that every byte a run allocates is counted when it
//! is allocated and refused past the run's limit. Not sampled: the count is
//! exact, cumulative, and cannot be switched off from Python.
//!
//! The same hooks bound C loops that allocate (`sum(range(10**13))`,
//! `10**10**8`): while a snippet interpreter runs, every few thousand
//! allocations read the clock, and past the deadline allocations fail, so
//! the C code raises MemoryError and the run ends as a timeout.

use core::ffi::c_void;

use crate::deadline::{self, Stop};
use crate::ffi::*;
use crate::global::Global;

unsafe extern "C" {
    fn malloc_usable_size(ptr: *mut c_void) -> usize;
}

struct Meter {
    /// The previous allocators of the raw, mem and object domains.
    domains: [PyMemAllocatorEx; 3],
    arena: PyObjectArenaAllocator,
    /// Bytes allocated through the hooks minus bytes freed (blocks made
    /// before the hooks were installed make it drift down, never up).
    live: i64,
    /// Set while a snippet interpreter's code runs (not during bridge calls
    /// into the engine, whose allocations must never fail).
    in_snippet: bool,
    baseline: i64,
    limit: Option<i64>,
    peak: i64,
    countdown: u32,
}

static METER: Global<Meter> = Global::new(Meter {
    domains: [EMPTY, EMPTY, EMPTY],
    arena: PyObjectArenaAllocator {
        ctx: core::ptr::null_mut(),
        alloc: None,
        free: None,
    },
    live: 0,
    in_snippet: false,
    baseline: 0,
    limit: None,
    peak: 0,
    countdown: CLOCK_EVERY,
});

const EMPTY: PyMemAllocatorEx = PyMemAllocatorEx {
    ctx: core::ptr::null_mut(),
    malloc: None,
    calloc: None,
    realloc: None,
    free: None,
};

/// Allocations between reads of the clock.
const CLOCK_EVERY: u32 = 4096;

fn meter() -> &'static mut Meter {
    // SAFETY: single-threaded; the hooks never call back into Python.
    unsafe { METER.get() }
}

/// Installs the hooks around the current allocators (once, main interpreter).
///
/// # Safety
/// GIL held.
pub unsafe fn install() {
    let m = meter();
    if m.domains[0].malloc.is_some() {
        return;
    }
    // SAFETY: GIL held; our hooks call the previous allocators, so CPython
    // allows installing them after start-up.
    unsafe {
        for domain in 0..3 {
            PyMem_GetAllocator(domain, &mut m.domains[domain as usize]);
        }
        // With pymalloc, the mem and object domains take small blocks from
        // arenas and large ones from the raw domain, both hooked; without
        // it (its malloc is the raw one), they call malloc and are hooked
        // like the raw domain.
        let address = |a: &PyMemAllocatorEx| a.malloc.map(|f| f as usize);
        let pymalloc = address(&m.domains[1]) != address(&m.domains[0]);
        let hooked = if pymalloc { 1 } else { 3 };
        for domain in 0..hooked {
            let mut hook = PyMemAllocatorEx {
                ctx: domain as usize as *mut c_void,
                malloc: Some(raw_malloc),
                calloc: Some(raw_calloc),
                realloc: Some(raw_realloc),
                free: Some(raw_free),
            };
            PyMem_SetAllocator(domain, &mut hook);
        }
        PyObject_GetArenaAllocator(&mut m.arena);
        let mut arena = PyObjectArenaAllocator {
            ctx: core::ptr::null_mut(),
            alloc: Some(arena_alloc),
            free: Some(arena_free),
        };
        PyObject_SetArenaAllocator(&mut arena);
    }
}

/// Starts metering a run; `limit` in bytes, if any.
pub fn begin(limit: Option<u64>) {
    let m = meter();
    m.baseline = m.live;
    m.peak = 0;
    m.limit = limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
    m.countdown = CLOCK_EVERY;
}

/// The run's peak, in bytes above what was allocated when it began.
pub fn end() -> u64 {
    let m = meter();
    m.limit = None;
    m.in_snippet = false;
    m.peak.max(0) as u64
}

pub fn set_in_snippet(on: bool) -> bool {
    core::mem::replace(&mut meter().in_snippet, on)
}

/// Whether `size` more bytes may be allocated now.
fn admit(size: usize) -> bool {
    let m = meter();
    if !m.in_snippet {
        return true;
    }
    if m.countdown > 1 {
        m.countdown -= 1;
    } else {
        m.countdown = CLOCK_EVERY;
        if deadline::check_now() {
            return false;
        }
    }
    if let Some(limit) = m.limit {
        let wanted = m
            .live
            .saturating_add(size as i64)
            .saturating_sub(m.baseline);
        if wanted > limit {
            deadline::request_stop(Stop::Memory, 0);
            return false;
        }
    }
    true
}

fn allocated(bytes: i64) {
    let m = meter();
    m.live = m.live.saturating_add(bytes);
    let used = m.live - m.baseline;
    if used > m.peak {
        m.peak = used;
    }
}

unsafe fn usable(ptr: *mut c_void) -> i64 {
    if ptr.is_null() {
        0
    } else {
        // SAFETY: `ptr` is a live block of libc's malloc (CPython's default
        // raw allocator on WASI is malloc).
        unsafe { malloc_usable_size(ptr) as i64 }
    }
}

fn previous(ctx: *mut c_void) -> &'static PyMemAllocatorEx {
    &meter().domains[(ctx as usize).min(2)]
}

unsafe extern "C" fn raw_malloc(ctx: *mut c_void, size: usize) -> *mut c_void {
    if !admit(size) {
        return core::ptr::null_mut();
    }
    let prev = previous(ctx);
    // SAFETY: the previous allocator with its own context.
    unsafe {
        let ptr = (prev.malloc.unwrap_unchecked())(prev.ctx, size);
        allocated(usable(ptr));
        ptr
    }
}

unsafe extern "C" fn raw_calloc(ctx: *mut c_void, n: usize, size: usize) -> *mut c_void {
    let Some(total) = n.checked_mul(size) else {
        return core::ptr::null_mut();
    };
    if !admit(total) {
        return core::ptr::null_mut();
    }
    let prev = previous(ctx);
    // SAFETY: as above.
    unsafe {
        let ptr = (prev.calloc.unwrap_unchecked())(prev.ctx, n, size);
        allocated(usable(ptr));
        ptr
    }
}

unsafe extern "C" fn raw_realloc(ctx: *mut c_void, ptr: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: `ptr` is null or a live block of this allocator.
    let before = unsafe { usable(ptr) };
    if size as i64 > before && !admit(size - before as usize) {
        return core::ptr::null_mut();
    }
    let prev = previous(ctx);
    // SAFETY: as above.
    unsafe {
        let new = (prev.realloc.unwrap_unchecked())(prev.ctx, ptr, size);
        if !new.is_null() {
            allocated(usable(new) - before);
        }
        new
    }
}

unsafe extern "C" fn raw_free(ctx: *mut c_void, ptr: *mut c_void) {
    let prev = previous(ctx);
    // SAFETY: as above.
    unsafe {
        allocated(-usable(ptr));
        (prev.free.unwrap_unchecked())(prev.ctx, ptr);
    }
}

unsafe extern "C" fn arena_alloc(_: *mut c_void, size: usize) -> *mut c_void {
    if !admit(size) {
        return core::ptr::null_mut();
    }
    let m = meter();
    // SAFETY: the previous arena allocator with its own context.
    unsafe {
        let ptr = (m.arena.alloc.unwrap_unchecked())(m.arena.ctx, size);
        if !ptr.is_null() {
            allocated(size as i64);
        }
        ptr
    }
}

unsafe extern "C" fn arena_free(_: *mut c_void, ptr: *mut c_void, size: usize) {
    let m = meter();
    // SAFETY: as above.
    unsafe {
        if !ptr.is_null() {
            allocated(-(size as i64));
        }
        (m.arena.free.unwrap_unchecked())(m.arena.ctx, ptr, size);
    }
}
