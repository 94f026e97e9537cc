//! Natives for `buffer.js`'s single-byte and UTF-16 encodings. The shim
//! calls them one chunk (its `CHUNK`, 1 Mi characters or bytes) at a time,
//! joining the decoded pieces or encoding into one output array, so each
//! call is short and the interpreter polls the time limit between calls;
//! a JavaScript loop per byte took over a minute for 256 MiB.

use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};

use super::budget::Budget;
use super::bytes_of as bytes;

unsafe extern "C" {
    /// Declared in the vendored `quickjs.h` (see PATCHES.md).
    fn JS_NewStringLatin1(
        ctx: *mut rquickjs::qjs::JSContext,
        buf: *const u8,
        len: usize,
    ) -> rquickjs::qjs::JSValue;
}

/// A new string of `value`, or the exception QuickJS raised making it.
fn owned_string<'js>(
    ctx: &Ctx<'js>,
    value: rquickjs::qjs::JSValue,
) -> Result<rquickjs::String<'js>> {
    // SAFETY: an owned value QuickJS just made in this context.
    let value = unsafe { rquickjs::Value::from_raw(ctx.clone(), value) };
    if value.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    value
        .into_string()
        .ok_or_else(|| Exception::throw_internal(ctx, "not a string"))
}

/// What one call may work through (the shim's chunk is smaller).
const MAX_CHUNK: usize = 4 << 20;

/// The UTF-16 code units of `text`, copied by QuickJS (metered).
fn with_utf16<R>(
    ctx: &Ctx<'_>,
    text: &rquickjs::String<'_>,
    each: impl FnOnce(&[u16]) -> Result<R>,
) -> Result<R> {
    let raw = ctx.as_raw().as_ptr();
    let mut len = 0;
    // SAFETY: `raw` is the live context `text` belongs to; QuickJS returns
    // a buffer of `len` units it owns (or null with an exception pending),
    // freed below with the matching call.
    let units = unsafe { rquickjs::qjs::JS_ToCStringLenUTF16(raw, &mut len, text.as_raw()) };
    if units.is_null() {
        return Err(rquickjs::Error::Exception);
    }
    // SAFETY: `units` points at `len` initialised units, alive until freed.
    let result = each(unsafe { std::slice::from_raw_parts(units, len as usize) });
    // SAFETY: `units` came from JS_ToCStringLenUTF16 on this context.
    unsafe { rquickjs::qjs::JS_FreeCStringUTF16(raw, units) };
    result
}

fn check_chunk(ctx: &Ctx<'_>, len: usize) -> Result<()> {
    if len > MAX_CHUNK {
        return Err(Exception::throw_range(ctx, "chunk too long"));
    }
    Ok(())
}

pub fn register<'js>(ctx: &Ctx<'js>, host: &Object<'js>, budget: &Budget) -> Result<()> {
    let b = budget.clone();
    host.set(
        "latin1Decode",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, data: TypedArray<'js, u8>, mask: u8| {
                let raw = bytes(&data);
                check_chunk(&ctx, raw.len())?;
                let _charge;
                let masked: Vec<u8>;
                let chars = if mask == 0xff {
                    raw
                } else {
                    _charge = b.charge(&ctx, raw.len())?;
                    masked = raw.iter().map(|byte| byte & mask).collect();
                    &masked
                };
                // SAFETY: `chars` is a live buffer of `chars.len()` bytes,
                // which QuickJS copies into a new string it owns.
                let value = unsafe {
                    JS_NewStringLatin1(ctx.as_raw().as_ptr(), chars.as_ptr(), chars.len())
                };
                owned_string(&ctx, value)
            },
        )?,
    )?;
    let b = budget.clone();
    host.set(
        "utf16leDecode",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, data: TypedArray<'js, u8>| -> Result<rquickjs::String<'js>> {
                let raw = bytes(&data);
                check_chunk(&ctx, raw.len())?;
                let _charge = b.charge(&ctx, raw.len())?;
                let units: Vec<u16> = raw
                    .as_chunks::<2>()
                    .0
                    .iter()
                    .map(|pair| u16::from_le_bytes(*pair))
                    .collect();
                // SAFETY: `units` is a live buffer of `units.len()` code
                // units; QuickJS copies them (lone surrogates included, as
                // Node keeps them) into a new string it owns.
                let value = unsafe {
                    rquickjs::qjs::JS_NewStringUTF16(
                        ctx.as_raw().as_ptr(),
                        units.as_ptr(),
                        units.len() as _,
                    )
                };
                owned_string(&ctx, value)
            },
        )?,
    )?;
    for (name, width) in [("latin1EncodeInto", 1), ("utf16leEncodeInto", 2)] {
        host.set(
            name,
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>,
                      text: rquickjs::String<'js>,
                      out: TypedArray<'js, u8>,
                      offset: usize|
                      -> Result<()> {
                    with_utf16(&ctx, &text, |units| {
                        check_chunk(&ctx, units.len() * width)?;
                        let Some(raw) = out.as_raw() else {
                            return Err(Exception::throw_type(&ctx, "detached buffer"));
                        };
                        let end = offset.checked_add(units.len() * width);
                        if end.is_none_or(|end| end > raw.len()) {
                            return Err(Exception::throw_range(&ctx, "out of range"));
                        }
                        // SAFETY: `raw` is the live view's bytes and
                        // `offset..end` lies inside it (checked above);
                        // no JavaScript runs while this slice lives, so
                        // nothing detaches or resizes the buffer.
                        let to = unsafe {
                            std::slice::from_raw_parts_mut(
                                raw.as_ptr().cast::<u8>().add(offset),
                                units.len() * width,
                            )
                        };
                        if width == 1 {
                            for (to, unit) in to.iter_mut().zip(units) {
                                *to = *unit as u8;
                            }
                        } else {
                            for (to, unit) in to.as_chunks_mut::<2>().0.iter_mut().zip(units) {
                                *to = unit.to_le_bytes();
                            }
                        }
                        Ok(())
                    })
                },
            )?,
        )?;
    }
    Ok(())
}
