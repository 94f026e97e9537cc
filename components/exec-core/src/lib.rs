//! Language-independent core of the `golem:exec` components: the WIT glue
//! (written once over the `Engine` traits), file decoding, path jail, the
//! session file store, limit resolution, output buffering and outcome mapping.

pub mod bindings {
    wit_bindgen::generate!({
        path: "../../wit",
        world: "golem-exec:streaming/exec-library",
        pub_export_macro: true,
        export_macro_name: "export_exec_library",
        default_bindings_module: "exec_core::bindings",
    });
}

pub mod encoding;
pub mod engine;
mod error;
pub mod file_store;
mod glue;
pub mod limits;
mod outcome;
pub mod output;
pub mod sandbox;
pub mod vpath;

pub use engine::{Engine, EngineSession, Language, Limit, RunEnd, Step};
pub use error::{ExecError, Stage};
pub use glue::ExecComponent;
pub use sandbox::{Sandbox, Stop};

/// Exports the `golem:exec` world for an engine type:
/// `exec_core::export_engine!(JsEngine);`
#[macro_export]
macro_rules! export_engine {
    ($engine:ty) => {
        type ExecLibraryComponent = $crate::ExecComponent<$engine>;
        $crate::bindings::export_exec_library!(ExecLibraryComponent with_types_in $crate::bindings);
    };
}
