//! Deep C recursion (repr, json, pickle, the parser, deallocation) must
//! raise RecursionError before it exhausts the wasm call stack (Wasmtime's
//! default `max_wasm_stack` is 512 KiB). CPython 3.14 checks the depth by
//! the C stack pointer, which on wasm is the shadow stack in linear memory,
//! and on WASI it allows the whole 1 MiB shadow stack, far more than the
//! wasm stack allows for most recursions. So each run, and each call into
//! the main interpreter (whose compiler parses snippet source), starts with
//! the thread state's limits moved to `BUDGET` bytes below the current stack
//! pointer.
//!
//! Deallocation is the one recursion that uses almost no shadow stack per
//! level, so no stack-pointer budget can stop it in time. CPython's
//! trashcan defers a deallocation to a per-thread chain when it runs within
//! two margins (16 KiB on wasm32) of the soft limit; with a budget below
//! that, every container's deallocation is deferred, and `drain` frees the
//! chain iteratively (children go back onto the chain) at safe points: the
//! tick's clock check, the end of a run, an interpreter's teardown.
//!
//! CPython 3.14.0 has no API for this (`PyUnstable_ThreadState_SetStack
//! Protection` came in a later 3.14 release) and the fields sit in a private
//! struct, so their place is found at run time by their values (`find`).

use core::hint::black_box;

use crate::ffi::PyThreadState;
use crate::global::Global;

/// Shadow-stack bytes a run (and the engine's compiler) may use below the
/// point it starts at: under the trashcan's 16 KiB, so that every
/// deallocation is deferred (see above), and as much as that allows, for
/// recursion through C (`repr` of nested lists: about 350 levels; a
/// `__repr__` calling `repr`, or an `lru_cache`d function calling itself:
/// about 25, where CPython on a native stack allows 1000).
pub const BUDGET: usize = 15 * 1024;

/// The main interpreter's budget while it serves a bridge call (mostly the
/// compiler: symbol table, AST passes and code generation over a tree whose
/// depth `nesting` bounds; it frees nothing deep).
pub const COMPILER_BUDGET: usize = 320 * 1024;

/// The parser's budget (only while CPython parses source into an AST, which
/// frees nothing): it keeps less on the shadow stack per grammar rule than
/// other paths, and at this budget 100 nested brackets (the bound `nesting`
/// enforces) parse, where 150 would exhaust the wasm stack.
pub const PARSER_BUDGET: usize = 48 * 1024;

unsafe extern "C" {
    fn _PyTrash_thread_destroy_chain(tstate: *mut PyThreadState);
}

/// Frees the deallocations `ts`'s trashcan deferred, iteratively.
///
/// # Safety
/// GIL held; `ts` is the current thread state.
pub unsafe fn drain(ts: *mut PyThreadState) {
    // SAFETY: as documented; the chain belongs to `ts`.
    unsafe { _PyTrash_thread_destroy_chain(ts) }
}

/// Words of the thread state searched for the three limits.
const SEARCH_WORDS: usize = 256;

/// Offset (in words) of `c_stack_top`, followed by the soft and hard limits,
/// and their distances below the top as CPython sets them.
#[derive(Clone, Copy)]
struct Fields {
    top: usize,
    soft_below_top: usize,
    hard_below_top: usize,
}

static FIELDS: Global<Option<Option<Fields>>> = Global::new(None);

/// The limits' place: three consecutive words `top > sp > soft > hard`
/// with `top - soft` a stack's size (CPython 3.14.0 on WASI derives them
/// from the whole shadow stack: top at its end, soft and hard limits a
/// margin above its start).
unsafe fn find(ts: *mut PyThreadState, sp: usize) -> Option<Fields> {
    let words = ts as *const usize;
    (0..SEARCH_WORDS - 2).find_map(|i| {
        // SAFETY: a thread state is far larger than SEARCH_WORDS words (the
        // public part alone is over 1 KiB on wasm32).
        let (t, s, h) = unsafe { (*words.add(i), *words.add(i + 1), *words.add(i + 2)) };
        let plausible = t > sp && sp > s && s > h && t - s >= MIN_STACK && s - h <= MAX_GAP;
        plausible.then_some(Fields {
            top: i,
            soft_below_top: t - s,
            hard_below_top: t - h,
        })
    })
}

const MIN_STACK: usize = 64 * 1024;
const MAX_GAP: usize = 64 * 1024;

/// Where the limits are (found once, on the first thread state asked about).
///
/// # Safety
/// `ts` is the current thread state.
#[inline(never)]
unsafe fn fields(ts: *mut PyThreadState) -> Option<Fields> {
    let here = black_box(0u8);
    let sp = &raw const here as usize;
    // SAFETY: single-threaded; `find` reads the live thread state.
    unsafe {
        let cached = FIELDS.get();
        if cached.is_none() {
            *cached = Some(find(ts, sp));
        }
        cached.flatten()
    }
}

/// Sets `ts`'s limits for a run entered at this stack depth.
///
/// # Safety
/// `ts` is the current thread state of a snippet interpreter.
#[inline(never)]
pub unsafe fn set(ts: *mut PyThreadState, budget: usize) {
    let here = black_box(0u8);
    let sp = &raw const here as usize;
    // SAFETY: as documented.
    let Some(f) = (unsafe { fields(ts) }) else {
        return;
    };
    let top = (sp + 4095) & !4095;
    // SAFETY: the words were identified as the stack limits above.
    unsafe {
        let words = ts as *mut usize;
        // Keep CPython's gap between the soft limit (RecursionError) and the
        // hard one (a fatal error), whichever side the hard one is on.
        let soft = top - budget;
        let gap = f.soft_below_top as isize - f.hard_below_top as isize;
        let hard = (soft as isize + gap) as usize;
        *words.add(f.top) = top;
        *words.add(f.top + 1) = soft;
        *words.add(f.top + 2) = hard;
    }
}

/// Runs `f` with `ts`'s limits set for `budget` bytes below this depth, then
/// puts the previous limits back.
///
/// # Safety
/// `ts` is the current thread state.
pub unsafe fn with_budget<R>(ts: *mut PyThreadState, budget: usize, f: impl FnOnce() -> R) -> R {
    // SAFETY: as documented.
    let Some(fields) = (unsafe { fields(ts) }) else {
        return f();
    };
    let words = ts as *mut usize;
    // SAFETY: the three words are the limits (see `find`).
    let saved = unsafe {
        [
            *words.add(fields.top),
            *words.add(fields.top + 1),
            *words.add(fields.top + 2),
        ]
    };
    // SAFETY: as documented.
    unsafe { set(ts, budget) };
    let result = f();
    // SAFETY: as above.
    unsafe {
        for (i, value) in saved.into_iter().enumerate() {
            *words.add(fields.top + i) = value;
        }
    }
    result
}

/// `ts`'s current limits, to put back with `restore`.
///
/// # Safety
/// `ts` is the current thread state.
pub unsafe fn save(ts: *mut PyThreadState) -> Option<[usize; 3]> {
    // SAFETY: as documented; the words are the limits (see `find`).
    unsafe {
        let f = fields(ts)?;
        let words = ts as *const usize;
        Some([
            *words.add(f.top),
            *words.add(f.top + 1),
            *words.add(f.top + 2),
        ])
    }
}

/// Puts back limits `save` took.
///
/// # Safety
/// `ts` is the current thread state.
pub unsafe fn restore(ts: *mut PyThreadState, saved: [usize; 3]) {
    // SAFETY: as documented.
    unsafe {
        if let Some(f) = fields(ts) {
            let words = ts as *mut usize;
            for (i, value) in saved.into_iter().enumerate() {
                *words.add(f.top + i) = value;
            }
        }
    }
}
