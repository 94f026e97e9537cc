//! UTF-8, base64 and hex conversions used by TextEncoder/TextDecoder and
//! Buffer; done natively because they run over every byte.

use base64::Engine as _;
use rquickjs::{Ctx, Function, Object, Result, TypedArray};

use super::bytes_of as bytes;

pub fn register<'js>(ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    host.set(
        "utf8Encode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, text: String| {
            TypedArray::<u8>::new(ctx, text.into_bytes())
        })?,
    )?;
    host.set(
        "utf8Decode",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, data: TypedArray<'js, u8>, fatal: Option<bool>| -> Result<String> {
                let raw = bytes(&data);
                if fatal.unwrap_or(false) {
                    return std::str::from_utf8(raw).map(str::to_owned).map_err(|_| {
                        rquickjs::Exception::throw_type(
                            &ctx,
                            "The encoded data was not valid for encoding utf-8",
                        )
                    });
                }
                Ok(String::from_utf8_lossy(raw).into_owned())
            },
        )?,
    )?;
    host.set(
        "base64Encode",
        Function::new(
            ctx.clone(),
            |data: TypedArray<'js, u8>, url: Option<bool>| {
                if url.unwrap_or(false) {
                    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes(&data))
                } else {
                    base64::engine::general_purpose::STANDARD.encode(bytes(&data))
                }
            },
        )?,
    )?;
    host.set(
        "base64Decode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, text: String| {
            // Like Node: accept both alphabets, ignore padding and whitespace.
            let cleaned: String = text
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '=')
                .map(|c| match c {
                    '-' => '+',
                    '_' => '/',
                    c => c,
                })
                .collect();
            let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(cleaned.as_bytes())
                .unwrap_or_default();
            TypedArray::<u8>::new(ctx, decoded)
        })?,
    )?;
    host.set(
        "hexEncode",
        Function::new(ctx.clone(), |data: TypedArray<'js, u8>| {
            bytes(&data)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        })?,
    )?;
    host.set(
        "hexDecode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, text: String| {
            // Like Node: stop at the first pair that is not hex.
            let digits = text.as_bytes();
            let decoded: Vec<u8> = digits
                .as_chunks::<2>()
                .0
                .iter()
                .map_while(|pair| {
                    std::str::from_utf8(pair)
                        .ok()
                        .and_then(|p| u8::from_str_radix(p, 16).ok())
                })
                .collect();
            TypedArray::<u8>::new(ctx, decoded)
        })?,
    )?;
    Ok(())
}
