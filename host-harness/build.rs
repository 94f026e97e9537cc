//! Builds the guest components for wasm32-wasip2 (wasmtime's test-programs
//! pattern), so `cargo test` alone produces what the tests load. The
//! components land at `target/components/<name>.wasm` and their paths are
//! exposed as `EXEC_<NAME>_WASM` to the crate. The example consumer
//! (`examples/exec-consumer`) lands at `target/components/examples/`. With the
//! `debug-guests` feature (golem.yaml's debug profile) the guests are built
//! unoptimised into `target/components/debug/` instead.
//!
//! exec-python.wasm is three parts composed here (see
//! `components/exec-python/parts-wit/parts.wit`): the Rust glue and sandbox crates,
//! and the CPython engine built by `componentize-py`.

use std::path::{Path, PathBuf};
use std::process::Command;

const COMPONENTS: &[&str] = &["exec-javascript", "exec-python"];
/// Rust crates built for wasm32-wasip2, in one cargo invocation.
const GUEST_CRATES: &[&str] = &[
    "exec-javascript",
    "exec-python",
    "exec-python-sandbox",
    "exec-consumer",
];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let workspace = manifest_dir.parent().unwrap().to_path_buf();
    for watched in [
        "components",
        "examples",
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
    let debug = std::env::var_os("CARGO_FEATURE_DEBUG_GUESTS").is_some();
    let profile = if debug { "debug" } else { "release" };
    let out_dir = if debug {
        target_root.join("components/debug")
    } else {
        target_root.join("components")
    };
    let examples_dir = out_dir.join("examples");
    std::fs::create_dir_all(&examples_dir).unwrap();
    let consumer = examples_dir.join("exec-consumer.wasm");
    if std::env::var_os("GOLEM_EXEC_SKIP_GUEST_BUILD").is_none() {
        build_guest_crates(&workspace, &target_root, debug);
        let built = target_root.join("guest/wasm32-wasip2").join(profile);
        copy(
            &built.join("exec_javascript.wasm"),
            &out_dir.join("exec-javascript.wasm"),
        );
        copy(&built.join("exec_consumer.wasm"), &consumer);
        build_python(&workspace, &built, &out_dir.join("exec-python.wasm"));
    }
    println!("cargo:rustc-env=EXEC_CONSUMER_WASM={}", consumer.display());
    for name in COMPONENTS {
        let artifact = out_dir.join(format!("{name}.wasm"));
        let var = format!(
            "EXEC_{}_WASM",
            name.trim_start_matches("exec-")
                .to_uppercase()
                .replace('-', "_")
        );
        println!("cargo:rustc-env={var}={}", artifact.display());
    }
}

fn build_guest_crates(workspace: &Path, target_root: &Path, debug: bool) {
    let guest_target = target_root.join("guest");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(workspace)
        .args(["build", "--target", "wasm32-wasip2"]);
    if !debug {
        cmd.arg("--release");
    }
    for name in GUEST_CRATES {
        cmd.args(["-p", name]);
    }
    cmd.arg("--target-dir").arg(&guest_target);
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
    run(&mut cmd, "building the guest crates");
}

fn run(cmd: &mut Command, what: &str) {
    let status = cmd.status().unwrap_or_else(|e| {
        panic!("{what}: cannot run {cmd:?}: {e} (is `scripts/setup.sh` done?)")
    });
    assert!(
        status.success(),
        "{what} failed; see the output above (is `scripts/setup.sh` done?)"
    );
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to)
        .unwrap_or_else(|e| panic!("cannot copy {} to {}: {e}", from.display(), to.display()));
}

/// A tool from `GOLEM_EXEC_<NAME>`, else the setup script's `.venv`, else `PATH`.
fn tool(workspace: &Path, name: &str) -> PathBuf {
    let var = format!("GOLEM_EXEC_{}", name.to_uppercase().replace('-', "_"));
    println!("cargo:rerun-if-env-changed={var}");
    if let Some(path) = std::env::var_os(&var) {
        return PathBuf::from(path);
    }
    let venv = workspace.join(".venv/bin").join(name);
    if venv.exists() {
        return venv;
    }
    PathBuf::from(name)
}

/// `built` holds the guest crates' outputs for the chosen profile.
fn build_python(workspace: &Path, built: &Path, artifact: &Path) {
    let python_dir = workspace.join("components/exec-python");
    let parts = built.join("exec-python-parts");
    std::fs::create_dir_all(&parts).unwrap();
    // wasm-tools compose wants kebab-case file names.
    copy(&built.join("exec_python.wasm"), &parts.join("glue.wasm"));
    copy(
        &built.join("exec_python_sandbox.wasm"),
        &parts.join("sandbox.wasm"),
    );
    let engine = parts.join("engine.wasm");
    run(
        Command::new(tool(workspace, "componentize-py"))
            .current_dir(&python_dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .args([
                "-d",
                "parts-wit",
                "-w",
                "python-engine",
                "componentize",
                "-p",
                "engine",
                "engine",
                "-o",
            ])
            .arg(&engine),
        "building the CPython engine with componentize-py",
    );
    let config = parts.join("compose.yml");
    std::fs::write(&config, COMPOSE_CONFIG).unwrap();
    run(
        Command::new(tool(workspace, "wasm-tools"))
            .arg("compose")
            .arg("--quiet")
            .arg("-c")
            .arg(&config)
            .arg(parts.join("glue.wasm"))
            .arg("-o")
            .arg(artifact),
        "composing exec-python.wasm with wasm-tools compose",
    );
}

/// The wiring of exec-python's parts; paths are relative to this file.
const COMPOSE_CONFIG: &str = "\
dependencies:
  engine: engine.wasm
  sandbox: sandbox.wasm
instantiations:
  root:
    arguments:
      golem:exec-python-parts/engine@0.1.0: engine
      golem:exec-python-parts/control@0.1.0: sandbox
  engine:
    dependency: engine
    arguments:
      golem:exec-python-parts/files@0.1.0: sandbox
      golem:exec-python-parts/console@0.1.0: sandbox
  sandbox:
    dependency: sandbox
";
