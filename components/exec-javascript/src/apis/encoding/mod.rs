//! UTF-8, base64 and hex conversions used by TextEncoder/TextDecoder and
//! Buffer; done natively because they run over every byte. Each works in
//! chunks under the run's budget: outputs are allocated by QuickJS (or
//! charged while a Rust copy lives) and the clock is polled in between.

use base64::Engine as _;
use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};

use super::budget::{Budget, CHUNK};
use super::bytes_of as bytes;

/// Base64 input per chunk: a multiple of 3 bytes, so chunks encode without
/// padding between them.
const BASE64_CHUNK: usize = 3 * 64 * 1024;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The 6-bit value of a base64 digit of either alphabet, as Node reads them.
fn base64_digit(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

fn hex_digit(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// A string the meter was charged for, built with fallible reservations.
fn string_with_capacity(ctx: &Ctx<'_>, len: usize) -> Result<String> {
    let mut out = String::new();
    out.try_reserve_exact(len)
        .map_err(|_| Exception::throw_internal(ctx, "out of memory"))?;
    Ok(out)
}

/// `raw` as text when it is valid UTF-8, checked a chunk at a time with a
/// poll in between (a gigabyte takes a noticeable part of a second).
fn valid_utf8<'a>(budget: &Budget, ctx: &Ctx<'_>, raw: &'a [u8]) -> Result<Option<&'a str>> {
    let mut rest = raw;
    while !rest.is_empty() {
        budget.poll(ctx)?;
        let n = rest.len().min(CHUNK);
        match std::str::from_utf8(&rest[..n]) {
            Ok(_) => rest = &rest[n..],
            // A sequence cut by the chunk's end: go on from its start.
            Err(e) if e.error_len().is_none() && n < rest.len() && e.valid_up_to() > 0 => {
                rest = &rest[e.valid_up_to()..]
            }
            Err(_) => return Ok(None),
        }
    }
    // SAFETY: every byte of `raw` was checked above as part of a chunk that
    // is valid UTF-8 and ends on a character boundary, so `raw` is too.
    Ok(Some(unsafe { std::str::from_utf8_unchecked(raw) }))
}

/// Where the lone surrogates starting in `from..to` of `wtf8` are: QuickJS
/// writes one as its own 3-byte sequence (ED A0..BF xx), which Node's UTF-8
/// writes as U+FFFD (EF BF BD), the same length. Paired surrogates arrive
/// as one 4-byte sequence and never start with ED A0..BF.
fn lone_surrogates(wtf8: &[u8], from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    (from..to).filter(move |&i| wtf8[i] == 0xed && i + 2 < wtf8.len() && wtf8[i + 1] >= 0xa0)
}

/// Replaces the lone surrogates starting in `from..to` with U+FFFD in place.
fn replace_lone_surrogates(utf8: &mut [u8], from: usize, to: usize) {
    let found: Vec<usize> = lone_surrogates(utf8, from, to).collect();
    for i in found {
        utf8[i..i + 3].copy_from_slice("\u{fffd}".as_bytes());
    }
}

/// `wtf8` (QuickJS's UTF-8, lone surrogates kept) as Node's UTF-8, in
/// pieces: the spans between lone surrogates, and U+FFFD for each.
pub fn for_each_utf8_piece(wtf8: &[u8], mut each: impl FnMut(&[u8])) {
    let mut start = 0;
    for i in lone_surrogates(wtf8, 0, wtf8.len()) {
        each(&wtf8[start..i]);
        each("\u{fffd}".as_bytes());
        start = i + 3;
    }
    each(&wtf8[start..]);
}

pub fn register<'js>(ctx: &Ctx<'js>, host: &Object<'js>, budget: &Budget) -> Result<()> {
    let b = budget.clone();
    host.set(
        "utf8Encode",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, text: rquickjs::String<'js>| {
                // QuickJS's own UTF-8 copy (metered), not a Rust one.
                let utf8 = text.to_cstring()?;
                let src = utf8.as_bytes();
                b.bytes(&ctx, src.len(), |out| {
                    for start in (0..src.len()).step_by(CHUNK) {
                        b.poll(&ctx)?;
                        let end = src.len().min(start + CHUNK);
                        out[start..end].copy_from_slice(&src[start..end]);
                    }
                    for start in (0..out.len()).step_by(CHUNK) {
                        b.poll(&ctx)?;
                        replace_lone_surrogates(out, start, out.len().min(start + CHUNK));
                    }
                    Ok(())
                })
            },
        )?,
    )?;
    let b = budget.clone();
    host.set(
        "utf8Decode",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  data: TypedArray<'js, u8>,
                  fatal: Option<bool>|
                  -> Result<rquickjs::String<'js>> {
                let raw = bytes(&data);
                if let Some(text) = valid_utf8(&b, &ctx, raw)? {
                    // QuickJS decodes a long one a chunk at a time, polling.
                    return rquickjs::String::from_str(ctx, text);
                }
                if fatal.unwrap_or(false) {
                    return Err(Exception::throw_type(
                        &ctx,
                        "The encoded data was not valid for encoding utf-8",
                    ));
                }
                // Each invalid sequence becomes U+FFFD (3 bytes).
                let len: usize = raw
                    .utf8_chunks()
                    .map(|c| c.valid().len() + if c.invalid().is_empty() { 0 } else { 3 })
                    .sum();
                let _charge = b.charge(&ctx, len)?;
                let mut out = string_with_capacity(&ctx, len)?;
                for (i, chunk) in raw.utf8_chunks().enumerate() {
                    if i % 4096 == 0 {
                        b.poll(&ctx)?;
                    }
                    out.push_str(chunk.valid());
                    if !chunk.invalid().is_empty() {
                        out.push(char::REPLACEMENT_CHARACTER);
                    }
                }
                rquickjs::String::from_str(ctx, &out)
            },
        )?,
    )?;
    let b = budget.clone();
    host.set(
        "base64Encode",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  data: TypedArray<'js, u8>,
                  url: Option<bool>|
                  -> Result<rquickjs::String<'js>> {
                let engine = if url.unwrap_or(false) {
                    base64::engine::general_purpose::URL_SAFE_NO_PAD
                } else {
                    base64::engine::general_purpose::STANDARD
                };
                let raw = bytes(&data);
                let len = base64::encoded_len(raw.len(), !url.unwrap_or(false))
                    .ok_or_else(|| Exception::throw_range(&ctx, "Invalid string length"))?;
                let _charge = b.charge(&ctx, len)?;
                let mut out = string_with_capacity(&ctx, len)?;
                for chunk in raw.chunks(BASE64_CHUNK) {
                    b.poll(&ctx)?;
                    engine.encode_string(chunk, &mut out);
                }
                rquickjs::String::from_str(ctx, &out)
            },
        )?,
    )?;
    let b = budget.clone();
    host.set(
        "base64Decode",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, text: rquickjs::String<'js>| {
                // Like Node: both alphabets, anything else skipped, `=` ends it.
                let text = text.to_cstring()?;
                let input = text.as_bytes();
                let input = &input[..input.iter().position(|&c| c == b'=').unwrap_or(input.len())];
                let mut digits = 0usize;
                b.for_chunks(&ctx, input, |chunk| {
                    digits += chunk.iter().filter(|&&c| base64_digit(c).is_some()).count();
                    Ok(())
                })?;
                let len = digits / 4 * 3 + (digits % 4 * 6) / 8;
                b.bytes(&ctx, len, |out| {
                    let (mut bits, mut acc, mut at) = (0u32, 0u32, 0usize);
                    for chunk in input.chunks(CHUNK) {
                        b.poll(&ctx)?;
                        for value in chunk.iter().filter_map(|&c| base64_digit(c)) {
                            acc = (acc << 6) | u32::from(value);
                            bits += 6;
                            if bits >= 8 {
                                bits -= 8;
                                if at < out.len() {
                                    out[at] = (acc >> bits) as u8;
                                    at += 1;
                                }
                            }
                        }
                    }
                    Ok(())
                })
            },
        )?,
    )?;
    let b = budget.clone();
    host.set(
        "hexEncode",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, data: TypedArray<'js, u8>| -> Result<rquickjs::String<'js>> {
                let raw = bytes(&data);
                let len = raw.len().saturating_mul(2);
                let _charge = b.charge(&ctx, len)?;
                let mut out = string_with_capacity(&ctx, len)?;
                b.for_chunks(&ctx, raw, |chunk| {
                    for byte in chunk {
                        out.push(HEX[usize::from(byte >> 4)] as char);
                        out.push(HEX[usize::from(byte & 15)] as char);
                    }
                    Ok(())
                })?;
                rquickjs::String::from_str(ctx, &out)
            },
        )?,
    )?;
    let b = budget.clone();
    host.set(
        "hexDecode",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, text: rquickjs::String<'js>| {
                // Like Node: stop at the first pair that is not hex.
                let text = text.to_cstring()?;
                let pairs = text.as_bytes().as_chunks::<2>().0;
                let mut len = 0usize;
                for chunk in pairs.chunks(CHUNK) {
                    b.poll(&ctx)?;
                    let valid = chunk
                        .iter()
                        .take_while(|p| hex_digit(p[0]).is_some() && hex_digit(p[1]).is_some())
                        .count();
                    len += valid;
                    if valid < chunk.len() {
                        break;
                    }
                }
                b.bytes(&ctx, len, |out| {
                    for (out, pairs) in out.chunks_mut(CHUNK).zip(pairs.chunks(CHUNK)) {
                        b.poll(&ctx)?;
                        for (to, pair) in out.iter_mut().zip(pairs) {
                            let (high, low) = (hex_digit(pair[0]), hex_digit(pair[1]));
                            *to = high.unwrap_or(0) << 4 | low.unwrap_or(0);
                        }
                    }
                    Ok(())
                })
            },
        )?,
    )?;
    Ok(())
}
