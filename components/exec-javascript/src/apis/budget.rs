//! What Rust natives spend on a snippet's behalf, held to the run's limits
//! like the interpreter itself: buffers handed to the snippet come from
//! QuickJS's metered allocator (refused past the memory limit with the
//! usual out-of-memory error, never an unmetered vector or a trap), a
//! transient Rust copy is charged to the meter while it lives, and a loop
//! over the snippet's data polls the time limit between chunks.

use std::rc::Rc;

use exec_core::Sandbox;
use rquickjs::{ArrayBuffer, Ctx, Exception, Result, TypedArray};

use super::throw_uncatchable;
use crate::alloc::{Charge, MemoryMeter};

/// Bytes a native works through between two looks at the clock: about a
/// millisecond of hashing or encoding.
pub const CHUNK: usize = 256 * 1024;

#[derive(Clone)]
pub struct Budget {
    sandbox: Rc<Sandbox>,
    meter: Rc<MemoryMeter>,
}

impl Budget {
    pub fn new(sandbox: Rc<Sandbox>, meter: Rc<MemoryMeter>) -> Self {
        Budget { sandbox, meter }
    }

    /// Ends the run if a stop was asked for (the time limit passed, a limit
    /// was hit): the error cannot be caught, as QuickJS's own interrupt.
    pub fn poll(&self, ctx: &Ctx<'_>) -> Result<()> {
        match self.sandbox.stop_requested() {
            Some(_) => Err(throw_uncatchable(ctx, "interrupted")),
            None => Ok(()),
        }
    }

    /// Counts a transient copy of `bytes` until the guard drops.
    pub fn charge(&self, ctx: &Ctx<'_>, bytes: usize) -> Result<Charge> {
        self.meter
            .charge(bytes)
            .ok_or_else(|| Exception::throw_internal(ctx, "out of memory"))
    }

    /// A zeroed byte array of `len` bytes in QuickJS's heap, filled by
    /// `fill` in place.
    pub fn bytes<'js>(
        &self,
        ctx: &Ctx<'js>,
        len: usize,
        fill: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<TypedArray<'js, u8>> {
        // SAFETY: a null source makes QuickJS allocate `len` zeroed bytes
        // with the runtime's allocator and copy nothing; the value returned
        // is owned and handed to rquickjs, which frees it.
        let buffer = unsafe {
            let value = rquickjs::qjs::JS_NewArrayBufferCopy(
                ctx.as_raw().as_ptr(),
                std::ptr::null(),
                len as _,
            );
            rquickjs::Value::from_raw(ctx.clone(), value)
        };
        if buffer.is_exception() {
            return Err(rquickjs::Error::Exception);
        }
        let buffer = ArrayBuffer::from_value(buffer)
            .ok_or_else(|| Exception::throw_internal(ctx, "not an ArrayBuffer"))?;
        if let Some(raw) = buffer.as_raw() {
            // SAFETY: the buffer was just created and nothing else refers
            // to it, so this is the only view of its bytes until `fill`
            // returns (it runs no JavaScript).
            let bytes = unsafe { std::slice::from_raw_parts_mut(raw.as_ptr().cast::<u8>(), len) };
            fill(bytes)?;
        }
        TypedArray::from_arraybuffer(buffer)
    }

    /// A copy of `data` in QuickJS's heap.
    pub fn copy<'js>(&self, ctx: &Ctx<'js>, data: &[u8]) -> Result<TypedArray<'js, u8>> {
        self.bytes(ctx, data.len(), |out| {
            out.copy_from_slice(data);
            Ok(())
        })
    }

    /// Runs `each` over `data` a chunk at a time, polling in between.
    pub fn for_chunks(
        &self,
        ctx: &Ctx<'_>,
        data: &[u8],
        mut each: impl FnMut(&[u8]) -> Result<()>,
    ) -> Result<()> {
        for chunk in data.chunks(CHUNK) {
            self.poll(ctx)?;
            each(chunk)?;
        }
        Ok(())
    }
}
