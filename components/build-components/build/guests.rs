//! The nested `cargo build` of the Rust guest crates for wasm32-wasip2.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Built in one cargo invocation, so shared dependencies build once.
const GUEST_CRATES: &[&str] = &[
    "exec-javascript",
    "exec-python",
    "exec-python-sandbox",
    "exec-python-native",
    "exec-consumer",
];

/// The static library that `native::link` turns into a CPython extension.
pub const NATIVE_CRATE: &str = "exec-python-native";

pub struct Built {
    /// `target/guest/wasm32-wasip2/<profile>`.
    pub dir: PathBuf,
    /// Cargo's dep-info file of every guest artifact.
    pub dep_info: Vec<PathBuf>,
}

impl Built {
    pub fn wasm(&self, crate_name: &str) -> PathBuf {
        self.dir.join(format!("{crate_name}.wasm"))
    }

    pub fn static_lib(&self, crate_name: &str) -> PathBuf {
        self.dir.join(format!("lib{crate_name}.a"))
    }
}

pub fn build(workspace: &Path, target_root: &Path, debug: bool) -> Built {
    let guest_target = target_root.join("guest");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace)
        .args(["build", "--target", "wasm32-wasip2"])
        .arg("--target-dir")
        .arg(&guest_target);
    if !debug {
        cmd.arg("--release");
    }
    for name in GUEST_CRATES {
        cmd.args(["-p", name]);
    }
    // The guest build starts from the user's settings only: what cargo sets
    // for build scripts (the host's rustflags, TARGET, OUT_DIR, ...) would
    // build the guests for the wrong target. An allow-list, so that a
    // variable a future cargo adds cannot leak in.
    cmd.env_clear()
        .envs(std::env::vars_os().filter(|(key, _)| is_user_setting(key)));
    crate::run(&mut cmd, "building the guest crates for wasm32-wasip2");
    let dir = guest_target
        .join("wasm32-wasip2")
        .join(if debug { "debug" } else { "release" });
    let dep_info = GUEST_CRATES
        .iter()
        .map(|name| {
            let stem = name.replace('-', "_");
            // A static library's artifacts carry the `lib` prefix.
            if *name == NATIVE_CRATE {
                dir.join(format!("lib{stem}.d"))
            } else {
                dir.join(format!("{stem}.d"))
            }
        })
        .collect();
    Built { dir, dep_info }
}

/// Settings of the user's shell, toolchain, profiles and network, and the
/// jobserver (so the nested build shares the outer build's job slots), as
/// opposed to the variables cargo injects into a build script's environment.
fn is_user_setting(key: &OsStr) -> bool {
    let Some(key) = key.to_str() else {
        return false;
    };
    const EXACT: &[&str] = &[
        "PATH",
        "HOME",
        "USER",
        "LOGNAME",
        "SHELL",
        "TERM",
        "LANG",
        "TMPDIR",
        "CARGO_HOME",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
        "NO_COLOR",
    ];
    const PREFIXES: &[&str] = &[
        "LC_",
        "RUSTUP_",
        "CARGO_NET_",
        "CARGO_HTTP_",
        "CARGO_REGISTRIES_",
        "CARGO_REGISTRY_",
        "CARGO_TERM_",
        "CARGO_PROFILE_",
        "CARGO_BUILD_JOBS",
    ];
    EXACT.contains(&key)
        || PREFIXES.iter().any(|p| key.starts_with(p))
        || key.to_ascii_lowercase().ends_with("_proxy")
}
