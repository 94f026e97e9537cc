//! Where the CLI (and any other front end) finds the components at run time:
//! an explicit path, then `GOLEM_EXEC_COMPONENTS`, then `target/components/`.
//! Nothing is baked in at build time, so the host builds without the wasm
//! toolchain and runs against components built or installed anywhere.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::LanguageKind;

/// The directory variable that overrides `target/components/`.
pub const COMPONENTS_DIR_VAR: &str = "GOLEM_EXEC_COMPONENTS";
/// Where `just build` puts the components, relative to the repository root.
pub const DEFAULT_COMPONENTS_DIR: &str = "target/components";

pub fn component_file_name(kind: LanguageKind) -> &'static str {
    match kind {
        LanguageKind::Javascript => "exec-javascript.wasm",
        LanguageKind::Python => "exec-python.wasm",
    }
}

/// No component file where one was looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingComponent {
    pub path: PathBuf,
    /// How the path was chosen (`--component`, the variable, the default).
    pub source: &'static str,
}

impl fmt::Display for MissingComponent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no component at {} ({}); build the components with `just build` \
             (or `cargo build --release -p build-components`), or point \
             --component or {COMPONENTS_DIR_VAR} at a built one",
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for MissingComponent {}

/// The component serving `kind`: `explicit` if given, else the file in
/// `$GOLEM_EXEC_COMPONENTS`, else in `target/components/` under the current
/// directory. The first rule that applies decides: a missing file there is an
/// error, not a reason to look elsewhere.
pub fn find_component(
    kind: LanguageKind,
    explicit: Option<&Path>,
) -> Result<PathBuf, MissingComponent> {
    let dir_from_env = std::env::var_os(COMPONENTS_DIR_VAR).filter(|d| !d.is_empty());
    let (path, source) = match (explicit, dir_from_env) {
        (Some(path), _) => (path.to_path_buf(), "given with --component"),
        (None, Some(dir)) => (
            PathBuf::from(dir).join(component_file_name(kind)),
            "from GOLEM_EXEC_COMPONENTS",
        ),
        (None, None) => (
            Path::new(DEFAULT_COMPONENTS_DIR).join(component_file_name(kind)),
            "the default location",
        ),
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(MissingComponent { path, source })
    }
}
