//! The wasi-libc functions this module calls; componentize-py links them
//! from the `libc.so` its CPython uses.

use core::ffi::{c_int, c_long, c_void};

#[repr(C)]
pub struct Timespec {
    pub tv_sec: i64,
    pub tv_nsec: c_long,
}

unsafe extern "C" {
    pub fn malloc(size: usize) -> *mut c_void;
    pub fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void;
    pub fn free(ptr: *mut c_void);
    pub fn nanosleep(req: *const Timespec, rem: *mut Timespec) -> c_int;
    pub fn close(fd: c_int) -> c_int;
    pub fn clearenv() -> c_int;
    pub fn abort() -> !;
    /// CPython 3.13+: monotonic clock in nanoseconds, without the GIL.
    pub fn PyTime_MonotonicRaw(result: *mut i64) -> c_int;
}

/// Nanoseconds on the monotonic clock.
pub fn now_ns() -> i64 {
    let mut now = 0i64;
    // SAFETY: `now` is a valid out-pointer; the raw clock cannot fail on WASI.
    unsafe { PyTime_MonotonicRaw(&mut now) };
    now
}

/// Sleeps for `ns` nanoseconds (a blocking WASI poll).
pub fn sleep_ns(ns: i64) {
    if ns <= 0 {
        return;
    }
    let req = Timespec {
        tv_sec: ns / 1_000_000_000,
        tv_nsec: (ns % 1_000_000_000) as c_long,
    };
    // SAFETY: `req` is a valid timespec; no remainder is wanted.
    unsafe { nanosleep(&req, core::ptr::null_mut()) };
}

/// Rust's heap for this module, on libc's malloc: the module's own buffers
/// (the frozen table, the interpreter table) are not the snippet's and are
/// not metered.
pub struct LibcAlloc;

// SAFETY: malloc/realloc/free honour the C contract; wasm32's malloc aligns
// to 16 bytes, and larger alignments are refused (null).
unsafe impl core::alloc::GlobalAlloc for LibcAlloc {
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        if layout.align() > 16 {
            return core::ptr::null_mut();
        }
        // SAFETY: plain malloc.
        unsafe { malloc(layout.size()) as *mut u8 }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: core::alloc::Layout) {
        // SAFETY: `ptr` came from `alloc`/`realloc` above.
        unsafe { free(ptr as *mut c_void) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: core::alloc::Layout, size: usize) -> *mut u8 {
        if layout.align() > 16 {
            return core::ptr::null_mut();
        }
        // SAFETY: `ptr` came from this allocator.
        unsafe { realloc(ptr as *mut c_void, size) as *mut u8 }
    }
}

unsafe extern "C" {
    pub fn access(path: *const core::ffi::c_char, mode: c_int) -> c_int;
}
