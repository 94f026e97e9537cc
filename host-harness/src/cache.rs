//! On-disk cache of precompiled components, keyed by the component's hash
//! and the engine's compatibility hash, so each component is compiled once.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::errors::IntoAnyhow;
use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

/// `$GOLEM_EXEC_CACHE_DIR`, else `$XDG_CACHE_HOME/golem-exec`, else
/// `~/.cache/golem-exec`, else a folder in the system temp directory.
pub fn default_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("GOLEM_EXEC_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("golem-exec");
    }
    if let Some(home) = std::env::var_os("HOME") {
        return PathBuf::from(home).join(".cache/golem-exec");
    }
    std::env::temp_dir().join("golem-exec-cache")
}

struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

pub fn load_component(engine: &Engine, path: &Path, cache_dir: &Path) -> Result<Component> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "cannot read component {} (build it with `just build`, or check the path)",
            path.display()
        )
    })?;
    let mut hasher = Sha256Hasher(Sha256::new());
    hasher.write(&bytes);
    engine.precompile_compatibility_hash().hash(&mut hasher);
    let key: String = hasher
        .0
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let cached = cache_dir.join(format!("{key}.cwasm"));
    if cached.exists() {
        // SAFETY: the file was written by `precompile_component` of an engine
        // with the same compatibility hash, into our own cache directory.
        match unsafe { Component::deserialize_file(engine, &cached) } {
            Ok(component) => return Ok(component),
            Err(_) => {
                let _ = std::fs::remove_file(&cached);
            }
        }
    }
    let compiled = engine
        .precompile_component(&bytes)
        .anyhow()
        .with_context(|| format!("cannot compile component {}", path.display()))?;
    std::fs::create_dir_all(cache_dir)
        .with_context(|| format!("cannot create cache dir {}", cache_dir.display()))?;
    let tmp = cache_dir.join(format!("{key}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, &compiled).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &cached).with_context(|| format!("cannot write {}", cached.display()))?;
    // SAFETY: as above; we just wrote it.
    unsafe { Component::deserialize_file(engine, &cached) }
        .anyhow()
        .context("cannot load the precompiled component")
}
