//! On-disk cache of precompiled components, keyed by the component's hash
//! and the engine's compatibility hash, so each component is compiled once.
//!
//! Deserializing a precompiled component runs its machine code in this
//! process, so a planted or altered cache file would be code execution. The
//! cache therefore lives only in a directory private to this user (created
//! with mode 0700; one that is group- or world-accessible, or owned by
//! someone else, is not used), never in a shared temp directory, and every
//! entry is checked against the BLAKE3 digest recorded beside it when it was
//! written, before it is deserialized (BLAKE3 because the check runs on
//! every load: ~20 ms for exec-python's 57 MB, where SHA-256 took 85 ms).
//! Without a usable directory the component is compiled in memory on every
//! load.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::errors::IntoAnyhow;
use wasmtime::Engine;
use wasmtime::component::Component;

/// `$GOLEM_EXEC_CACHE_DIR`, else `$XDG_CACHE_HOME/golem-exec`, else
/// `~/.cache/golem-exec`; `None` when none of them is set.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GOLEM_EXEC_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("golem-exec"));
    }
    std::env::var_os("HOME")
        .filter(|d| !d.is_empty())
        .map(|home| PathBuf::from(home).join(".cache/golem-exec"))
}

/// Feeds `Hash` implementations (the engine's compatibility hash) to BLAKE3.
struct KeyHasher(blake3::Hasher);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

pub fn load_component(engine: &Engine, path: &Path, cache_dir: Option<&Path>) -> Result<Component> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "cannot read component {} (build it with `just build`, or check the path)",
            path.display()
        )
    })?;
    let compile = || {
        engine
            .precompile_component(&bytes)
            .anyhow()
            .with_context(|| format!("cannot compile component {}", path.display()))
    };
    let Some(dir) = cache_dir.filter(|dir| private_dir(dir).is_ok()) else {
        let compiled = compile()?;
        return deserialize(engine, &compiled);
    };
    let mut hasher = KeyHasher(blake3::Hasher::new());
    hasher.write(&bytes);
    engine.precompile_compatibility_hash().hash(&mut hasher);
    let key = hasher.0.finalize().to_hex().to_string();
    let entry = dir.join(format!("{key}.cwasm"));
    let digest = dir.join(format!("{key}.blake3"));
    if is_verified(&entry, &digest) {
        // SAFETY: a private cache entry whose content matches the digest
        // recorded when `store` wrote what `precompile_component` of an
        // engine with the same compatibility hash produced.
        if let Ok(component) = unsafe { Component::deserialize_file(engine, &entry) } {
            return Ok(component);
        }
    }
    let compiled = compile()?;
    // Best effort: a cache that cannot be written only costs a compile.
    let _ = store(dir, &key, &compiled);
    deserialize(engine, &compiled)
}

/// Whether the entry holds exactly the bytes recorded for it.
fn is_verified(entry: &Path, digest: &Path) -> bool {
    let Ok(expected) = std::fs::read_to_string(digest) else {
        return false;
    };
    let mut hasher = blake3::Hasher::new();
    hasher.update_mmap(entry).is_ok() && hasher.finalize().to_hex().as_str() == expected.trim()
}

fn store(dir: &Path, key: &str, compiled: &[u8]) -> Result<()> {
    let pid = std::process::id();
    let write = |name: String, contents: &[u8]| -> Result<()> {
        let tmp = dir.join(format!("{name}.{pid}.tmp"));
        std::fs::write(&tmp, contents)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, dir.join(&name))
            .with_context(|| format!("cannot write {}", dir.join(&name).display()))
    };
    // The entry first: a reader that sees the new digest finds its entry.
    write(format!("{key}.cwasm"), compiled)?;
    write(
        format!("{key}.blake3"),
        blake3::hash(compiled).to_hex().as_bytes(),
    )
}

fn deserialize(engine: &Engine, compiled: &[u8]) -> Result<Component> {
    // SAFETY: `compiled` was just produced by `precompile_component` of this
    // engine.
    unsafe { Component::deserialize(engine, compiled) }
        .anyhow()
        .context("cannot load the precompiled component")
}

/// Creates `dir` (mode 0700) if needed and checks that only this user can
/// reach it: a directory, not a link, owned by us. One that nobody else can
/// write to is tightened to 0700; one that others can write to is refused
/// (its entries may have been planted).
pub fn private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("cannot create cache dir {}", dir.display()))?;
    let meta = std::fs::symlink_metadata(dir)
        .with_context(|| format!("cannot inspect cache dir {}", dir.display()))?;
    // A file we create has our user id; the directory must have it too.
    let probe = dir.join(format!(".owner.{}", std::process::id()));
    std::fs::write(&probe, b"")
        .with_context(|| format!("cannot write in cache dir {}", dir.display()))?;
    let ours = std::fs::metadata(&probe).map(|m| m.uid());
    let _ = std::fs::remove_file(&probe);
    anyhow::ensure!(
        meta.is_dir() && ours.is_ok_and(|uid| uid == meta.uid()) && meta.mode() & 0o022 == 0,
        "cache dir {} is not private to this user (owned by us, writable by nobody else)",
        dir.display()
    );
    if meta.mode() & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make cache dir {} private", dir.display()))?;
    }
    Ok(())
}
