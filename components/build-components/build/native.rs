//! Links exec-python-native's static library into the CPython extension
//! module componentize-py links with its CPython: a position-independent
//! wasm shared library (`dylink.0`) whose CPython and libc symbols are
//! imported dynamically. Rust's wasm32-wasip2 code is position-independent
//! by default, so only the final link needs lld's shared-library mode.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The module's import name, and the file name componentize-py looks for.
const MODULE: &str = "_golem_native";
const FILE: &str = "_golem_native.cpython-314-wasm32-wasi.so";

/// Returns the path of the linked extension in `dir`.
pub fn link(static_lib: &Path, dir: &Path) -> PathBuf {
    let output = dir.join(FILE);
    if crate::rerun::is_newer_than(&output, &[static_lib.to_path_buf()]) {
        return output;
    }
    let linker = std::env::var_os("GOLEM_EXEC_WASM_LD").unwrap_or_else(|| "wasm-ld-19".into());
    println!("cargo:rerun-if-env-changed=GOLEM_EXEC_WASM_LD");
    let init = format!("PyInit_{MODULE}");
    crate::run(
        Command::new(linker)
            .args([
                "-shared",
                "--experimental-pic",
                "--unresolved-symbols=import-dynamic",
            ])
            // Only the entry point is exported: the module's Rust internals
            // stay private to it.
            .args(["--no-export-dynamic", "--strip-debug"])
            .arg(format!("--export={init}"))
            .arg(format!("--undefined={init}"))
            .arg(static_lib)
            .arg("-o")
            .arg(&output),
        "linking the exec-python native extension with wasm-ld",
    );
    output
}
