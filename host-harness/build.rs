//! Builds the guest components for wasm32-wasip2 (wasmtime's test-programs
//! pattern), so `cargo test` alone produces what the tests load. The
//! components land at `target/components/<name>.wasm` and their paths are
//! exposed as `EXEC_<NAME>_WASM` to the crate.

use std::path::{Path, PathBuf};
use std::process::Command;

const COMPONENTS: &[&str] = &["exec-javascript"];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let workspace = manifest_dir.parent().unwrap().to_path_buf();
    for watched in [
        "components",
        "wit",
        "vendor",
        "Cargo.toml",
        "Cargo.lock",
        ".cargo/config.toml",
    ] {
        println!(
            "cargo:rerun-if-changed={}",
            workspace.join(watched).display()
        );
    }
    println!("cargo:rerun-if-env-changed=GOLEM_EXEC_SKIP_GUEST_BUILD");
    let target_root = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                workspace.join(p)
            }
        })
        .unwrap_or_else(|| workspace.join("target"));
    let out_dir = target_root.join("components");
    std::fs::create_dir_all(&out_dir).unwrap();
    for name in COMPONENTS {
        let artifact = out_dir.join(format!("{name}.wasm"));
        if std::env::var_os("GOLEM_EXEC_SKIP_GUEST_BUILD").is_none() {
            build_guest(&workspace, &target_root, name, &artifact);
        }
        let var = format!(
            "EXEC_{}_WASM",
            name.trim_start_matches("exec-")
                .to_uppercase()
                .replace('-', "_")
        );
        println!("cargo:rustc-env={var}={}", artifact.display());
    }
}

fn build_guest(workspace: &Path, target_root: &Path, name: &str, artifact: &Path) {
    let guest_target = target_root.join("guest");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(workspace)
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip2",
            "-p",
            name,
            "--target-dir",
        ])
        .arg(&guest_target);
    // The outer build's settings must not leak into the guest build: its
    // rustflags would replace the wasm target's (stack size), and clippy's
    // wrapper would lint the guest for the host.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("CARGO_CFG_")
            || key.starts_with("CARGO_FEATURE_")
            || key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || matches!(
                key.as_str(),
                "CARGO_ENCODED_RUSTFLAGS"
                    | "RUSTFLAGS"
                    | "RUSTC_WORKSPACE_WRAPPER"
                    | "RUSTC_WRAPPER"
                    | "CARGO_TARGET_DIR"
                    | "TARGET"
                    | "HOST"
                    | "OUT_DIR"
                    | "PROFILE"
                    | "OPT_LEVEL"
                    | "DEBUG"
                    | "NUM_JOBS"
                    | "CARGO_PRIMARY_PACKAGE"
                    | "CLIPPY_ARGS"
                    | "CLIPPY_CONF_DIR"
            )
        {
            cmd.env_remove(key);
        }
    }
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run cargo to build {name}: {e}"));
    assert!(
        status.success(),
        "building the {name} component failed; see the output above (is `scripts/setup.sh` done?)"
    );
    let built = guest_target
        .join("wasm32-wasip2/release")
        .join(format!("{}.wasm", name.replace('-', "_")));
    std::fs::copy(&built, artifact).unwrap_or_else(|e| {
        panic!(
            "cannot copy {} to {}: {e}",
            built.display(),
            artifact.display()
        )
    });
}
