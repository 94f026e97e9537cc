//! `node:crypto` and the `crypto` global: random values from the host's
//! `wasi:random`, and the common digests and HMACs, computed natively.

use hmac::{Hmac, Mac};
use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};
use sha2::Digest;

use super::budget::{Budget, CHUNK};
use super::bytes_of;

/// A digest or HMAC fed a chunk at a time, so a long input polls the clock.
trait Hasher {
    fn update(&mut self, data: &[u8]);
    fn finish(self: Box<Self>) -> Vec<u8>;
}

struct Plain<D>(D);
struct Keyed<M>(M);

impl<D: Digest> Hasher for Plain<D> {
    fn update(&mut self, data: &[u8]) {
        Digest::update(&mut self.0, data);
    }
    fn finish(self: Box<Self>) -> Vec<u8> {
        self.0.finalize().to_vec()
    }
}

impl<M: Mac> Hasher for Keyed<M> {
    fn update(&mut self, data: &[u8]) {
        Mac::update(&mut self.0, data);
    }
    fn finish(self: Box<Self>) -> Vec<u8> {
        self.0.finalize().into_bytes().to_vec()
    }
}

fn digest(algorithm: &str) -> Option<Box<dyn Hasher>> {
    Some(match algorithm {
        "md5" => Box::new(Plain(md5::Md5::new())),
        "sha1" => Box::new(Plain(sha1::Sha1::new())),
        "sha224" => Box::new(Plain(sha2::Sha224::new())),
        "sha256" => Box::new(Plain(sha2::Sha256::new())),
        "sha384" => Box::new(Plain(sha2::Sha384::new())),
        "sha512" => Box::new(Plain(sha2::Sha512::new())),
        _ => return None,
    })
}

fn hmac(algorithm: &str, key: &[u8]) -> Option<Box<dyn Hasher>> {
    fn keyed<M: Mac + hmac::digest::KeyInit + 'static>(key: &[u8]) -> Box<dyn Hasher> {
        Box::new(Keyed(
            <M as hmac::digest::KeyInit>::new_from_slice(key)
                .expect("HMAC takes keys of any length"),
        ))
    }
    Some(match algorithm {
        "md5" => keyed::<Hmac<md5::Md5>>(key),
        "sha1" => keyed::<Hmac<sha1::Sha1>>(key),
        "sha224" => keyed::<Hmac<sha2::Sha224>>(key),
        "sha256" => keyed::<Hmac<sha2::Sha256>>(key),
        "sha384" => keyed::<Hmac<sha2::Sha384>>(key),
        "sha512" => keyed::<Hmac<sha2::Sha512>>(key),
        _ => return None,
    })
}

/// Feeds `data` to `hasher` under the budget; the (small) result is copied
/// into QuickJS's heap.
fn hash_all<'js>(
    ctx: &Ctx<'js>,
    budget: &Budget,
    mut hasher: Box<dyn Hasher>,
    data: &[u8],
) -> Result<TypedArray<'js, u8>> {
    budget.for_chunks(ctx, data, |chunk| {
        hasher.update(chunk);
        Ok(())
    })?;
    budget.copy(ctx, &hasher.finish())
}

fn normalise(algorithm: &str) -> String {
    algorithm.to_ascii_lowercase().replace('-', "")
}

pub fn register<'js>(ctx: &Ctx<'js>, host: &Object<'js>, budget: &Budget) -> Result<()> {
    let b = budget.clone();
    host.set(
        "randomBytes",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, len: usize| -> Result<TypedArray<'js, u8>> {
                b.bytes(&ctx, len, |out| {
                    for chunk in out.chunks_mut(CHUNK) {
                        b.poll(&ctx)?;
                        getrandom::fill(chunk).map_err(|e| {
                            Exception::throw_internal(
                                &ctx,
                                &format!("no randomness from the host: {e}"),
                            )
                        })?;
                    }
                    Ok(())
                })
            },
        )?,
    )?;
    let b = budget.clone();
    host.set(
        "digest",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  algorithm: String,
                  data: TypedArray<'js, u8>|
                  -> Result<TypedArray<'js, u8>> {
                match digest(&normalise(&algorithm)) {
                    Some(hasher) => hash_all(&ctx, &b, hasher, bytes_of(&data)),
                    None => Err(Exception::throw_message(
                        &ctx,
                        "Digest method not supported",
                    )),
                }
            },
        )?,
    )?;
    let b = budget.clone();
    host.set(
        "hmac",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  algorithm: String,
                  key: TypedArray<'js, u8>,
                  data: TypedArray<'js, u8>|
                  -> Result<TypedArray<'js, u8>> {
                match hmac(&normalise(&algorithm), bytes_of(&key)) {
                    Some(hasher) => hash_all(&ctx, &b, hasher, bytes_of(&data)),
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
