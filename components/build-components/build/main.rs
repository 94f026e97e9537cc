//! Builds the guest components for wasm32-wasip2 into `target/components/`
//! (or `target/components/debug/` with the `debug-guests` feature) and gives
//! their paths to the crate as `BUILD_COMPONENTS_*` variables.
//!
//! - The Rust guest crates are built by a nested `cargo build` into
//!   `target/guest/` (a target dir of their own, so the outer build's lock and
//!   settings do not apply to them).
//! - exec-python.wasm is three parts composed with `wac-graph` (see
//!   `components/exec-python/parts-wit/parts.wit`): the Rust glue, the Rust
//!   sandbox, and the CPython engine built by `componentize-py`.
//! - Rerun triggers come from the nested build's dep-info files and from the
//!   engine's own inputs, so an unchanged tree reruns nothing.

mod compose;
mod guests;
mod native;
mod rerun;

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let workspace = manifest_dir
        .ancestors()
        .nth(2)
        .expect("the crate lives at components/build-components")
        .to_path_buf();
    let target_root = target_root(&workspace);
    let debug = std::env::var_os("CARGO_FEATURE_DEBUG_GUESTS").is_some();
    let out_dir = if debug {
        target_root.join("components/debug")
    } else {
        target_root.join("components")
    };
    let examples_dir = out_dir.join("examples");
    let artifacts = [
        ("EXEC_JAVASCRIPT", out_dir.join("exec-javascript.wasm")),
        ("EXEC_PYTHON", out_dir.join("exec-python.wasm")),
        ("EXAMPLE_CONSUMER", examples_dir.join("exec-consumer.wasm")),
        (
            "EXEC_PYTHON_UNTICKED",
            out_dir.join("bench/exec-python-unticked.wasm"),
        ),
        ("DIR", out_dir.clone()),
    ];
    for (var, path) in &artifacts {
        println!("cargo:rustc-env=BUILD_COMPONENTS_{var}={}", path.display());
    }
    if let Some(why) = skip_reason() {
        // The paths above are all a check of the dependents needs.
        if why.starts_with("GOLEM_EXEC") {
            println!("cargo:warning=guest components not built: {why}");
        }
        return;
    }
    create_dir(&examples_dir);

    let built = guests::build(&workspace, &target_root, debug);
    rerun::from_dep_info(&built.dep_info, &target_root);
    copy(
        &built.wasm("exec_javascript"),
        &out_dir.join("exec-javascript.wasm"),
    );
    copy(
        &built.wasm("exec_consumer"),
        &examples_dir.join("exec-consumer.wasm"),
    );

    let python_dir = workspace.join("components/exec-python");
    let parts = built.dir.join("exec-python-parts");
    create_dir(&parts);
    let engine = parts.join("engine.wasm");
    let native_dir = parts.join("native");
    create_dir(&native_dir);
    let extension = native::link(&built.static_lib("exec_python_native"), &native_dir);
    let componentize_py = tool(&workspace, "componentize-py");
    let inputs = [
        rerun::files_in(&python_dir.join("engine"), "py"),
        rerun::files_in(&python_dir.join("engine/golem_engine"), "py"),
        rerun::files_in(&python_dir.join("engine/golem_guest"), "py"),
        rerun::files_in(&python_dir.join("parts-wit"), "wit"),
        vec![componentize_py.clone(), extension],
    ]
    .concat();
    // componentize-py writes no dep-info and takes a while: skip it when its
    // output is newer than everything it reads.
    if !rerun::is_newer_than(&engine, &inputs) {
        build_python_engine(&componentize_py, &python_dir, &[&native_dir], &engine);
    }
    compose::exec_python(
        &built.wasm("exec_python"),
        &built.wasm("exec_python_sandbox"),
        &engine,
        &out_dir.join("exec-python.wasm"),
    );

    // The bench's reference for the cost of the time limit: the same engine
    // with instrumentation off (`golem_build_options`), never shipped.
    let unticked = parts.join("engine-unticked.wasm");
    let options_dir = parts.join("unticked-options");
    create_dir(&options_dir);
    let options = options_dir.join("golem_build_options.py");
    write_if_changed(
        &options,
        "# Written by build-components for the bench's unticked variant.\nINSTRUMENT = False\n",
    );
    if !rerun::is_newer_than(&unticked, &[inputs.as_slice(), &[options]].concat()) {
        build_python_engine(
            &componentize_py,
            &python_dir,
            &[&native_dir, &options_dir],
            &unticked,
        );
    }
    create_dir(&out_dir.join("bench"));
    compose::exec_python(
        &built.wasm("exec_python"),
        &built.wasm("exec_python_sandbox"),
        &unticked,
        &out_dir.join("bench/exec-python-unticked.wasm"),
    );
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

/// Why not to build the guests in this run of the script, if there is a
/// reason: clippy and rust-analyzer only check the crates that depend on
/// this one, which needs the paths but not the files, so linting and editing
/// the host need no wasm toolchain.
fn skip_reason() -> Option<&'static str> {
    for var in [
        "GOLEM_EXEC_SKIP_GUEST_BUILD",
        "CLIPPY_ARGS",
        "RA_RUSTC_WRAPPER",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    if std::env::var_os("GOLEM_EXEC_SKIP_GUEST_BUILD").is_some() {
        Some("GOLEM_EXEC_SKIP_GUEST_BUILD is set")
    } else if std::env::var_os("CLIPPY_ARGS").is_some() {
        Some("clippy only checks the crates that use them")
    } else if std::env::var_os("RA_RUSTC_WRAPPER").is_some() {
        Some("rust-analyzer only checks the crates that use them")
    } else {
        None
    }
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name} for build scripts"))
}

/// The target directory this build runs in, however it was chosen
/// (`--target-dir`, `CARGO_TARGET_DIR`, `build.target-dir`): the ancestor of
/// `OUT_DIR` that cargo marked with its `CACHEDIR.TAG`.
fn target_root(workspace: &Path) -> PathBuf {
    let out_dir = PathBuf::from(env("OUT_DIR"));
    out_dir
        .ancestors()
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| workspace.join("target"))
}

/// componentize-py, with the engine's sources and `extra_paths` (the native
/// extension, build options) on the Python path.
fn build_python_engine(
    componentize_py: &Path,
    python_dir: &Path,
    extra_paths: &[&Path],
    output: &Path,
) {
    let mut cmd = Command::new(componentize_py);
    cmd.current_dir(python_dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .args([
            "-d",
            "parts-wit",
            "-w",
            "python-engine",
            "componentize",
            "-p",
            "engine",
        ]);
    for path in extra_paths {
        cmd.arg("-p").arg(path);
    }
    run(
        cmd.args(["engine", "-o"]).arg(output),
        "building the CPython engine with componentize-py",
    );
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
        // A reinstalled tool (a bumped pin) rebuilds what it made.
        println!("cargo:rerun-if-changed={}", venv.display());
        return venv;
    }
    PathBuf::from(name)
}

fn run(cmd: &mut Command, what: &str) {
    let status = cmd.status().unwrap_or_else(|e| {
        panic!("{what}: cannot run {cmd:?}: {e} (run `scripts/setup.sh` first)")
    });
    assert!(
        status.success(),
        "{what} failed ({status}); see the output above (run `scripts/setup.sh` first)"
    );
}

fn create_dir(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to)
        .unwrap_or_else(|e| panic!("cannot copy {} to {}: {e}", from.display(), to.display()));
}
