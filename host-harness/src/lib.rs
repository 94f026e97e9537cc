//! A Wasmtime host for the `golem:exec` components: loads a component
//! (compiled once, cached on disk by hash), instantiates it quickly from an
//! `InstancePre` with WASI preview 2 and no network, applies the backstops
//! (epoch deadline, `ResourceLimiter`, pooling allocator) and exposes the
//! pull-based event stream as a Rust iterator.

mod cache;
pub mod cli_args;
mod errors;
mod host;
mod instance;
mod isolated;
pub mod locate;
mod memory_meter;
pub mod service;

pub mod bindings {
    wasmtime::component::bindgen!({
        path: "../wit",
        world: "golem-exec:streaming/exec-library",
    });
}

pub use bindings::exports::golem::exec::types::{
    Encoding, Error as ExecError, ExecResult, File, Language, LanguageKind, Limits, RunOptions,
    StageResult,
};
pub use bindings::exports::golem_exec::streaming::streaming::ExecEvent;
pub use host::{ExecHost, HostConfig};
pub use instance::{EventIter, ExecInstance, InstanceOptions, SessionHandle};
pub use isolated::{IsolatedHost, IsolatedSession};

impl Language {
    pub fn javascript() -> Self {
        Language {
            kind: LanguageKind::Javascript,
            version: None,
        }
    }
    pub fn python() -> Self {
        Language {
            kind: LanguageKind::Python,
            version: None,
        }
    }
}

// The generated types cannot take `#[derive(Default)]`.
#[allow(clippy::derivable_impls)]
impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            stdin: None,
            args: None,
            env: None,
            limits: None,
        }
    }
}

#[allow(clippy::derivable_impls)]
impl Default for Limits {
    fn default() -> Self {
        Limits {
            time_ms: None,
            memory_bytes: None,
            file_size_bytes: None,
            max_processes: None,
        }
    }
}

impl File {
    pub fn utf8(name: &str, content: &str) -> Self {
        File {
            name: name.into(),
            content: content.as_bytes().to_vec(),
            encoding: None,
        }
    }
}
