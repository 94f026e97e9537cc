//! `node:crypto` and the `crypto` global: random values from the host's
//! `wasi:random`, and the common digests and HMACs, computed natively.

use hmac::{Hmac, Mac};
use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};
use sha2::Digest;

use super::bytes_of;

fn digest(algorithm: &str, data: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm {
        "md5" => md5::Md5::digest(data).to_vec(),
        "sha1" => sha1::Sha1::digest(data).to_vec(),
        "sha224" => sha2::Sha224::digest(data).to_vec(),
        "sha256" => sha2::Sha256::digest(data).to_vec(),
        "sha384" => sha2::Sha384::digest(data).to_vec(),
        "sha512" => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    })
}

fn hmac(algorithm: &str, key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key)
            .expect("HMAC takes keys of any length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }
    Some(match algorithm {
        "md5" => run::<Hmac<md5::Md5>>(key, data),
        "sha1" => run::<Hmac<sha1::Sha1>>(key, data),
        "sha224" => run::<Hmac<sha2::Sha224>>(key, data),
        "sha256" => run::<Hmac<sha2::Sha256>>(key, data),
        "sha384" => run::<Hmac<sha2::Sha384>>(key, data),
        "sha512" => run::<Hmac<sha2::Sha512>>(key, data),
        _ => return None,
    })
}

fn normalise(algorithm: &str) -> String {
    algorithm.to_ascii_lowercase().replace('-', "")
}

pub fn register<'js>(ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    host.set(
        "randomBytes",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, len: usize| -> Result<TypedArray<'js, u8>> {
                let mut bytes = vec![0u8; len];
                getrandom::fill(&mut bytes).map_err(|e| {
                    Exception::throw_internal(&ctx, &format!("no randomness from the host: {e}"))
                })?;
                TypedArray::new(ctx, bytes)
            },
        )?,
    )?;
    host.set(
        "digest",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             algorithm: String,
             data: TypedArray<'js, u8>|
             -> Result<TypedArray<'js, u8>> {
                match digest(&normalise(&algorithm), bytes_of(&data)) {
                    Some(out) => TypedArray::new(ctx, out),
                    None => Err(Exception::throw_message(
                        &ctx,
                        "Digest method not supported",
                    )),
                }
            },
        )?,
    )?;
    host.set(
        "hmac",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             algorithm: String,
             key: TypedArray<'js, u8>,
             data: TypedArray<'js, u8>|
             -> Result<TypedArray<'js, u8>> {
                match hmac(&normalise(&algorithm), bytes_of(&key), bytes_of(&data)) {
                    Some(out) => TypedArray::new(ctx, out),
                    None => Err(Exception::throw_message(
                        &ctx,
                        &format!("Invalid digest: {algorithm}"),
                    )),
                }
            },
        )?,
    )?;
    Ok(())
}
