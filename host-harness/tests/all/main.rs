//! The integration tests: one binary (one link of Wasmtime and Cranelift),
//! one module per concern, with the shared helpers in `common`.

mod common;
mod containment;

mod cli;
mod golem_manifest;
mod host_recovery;
mod interop;
mod js_bulk_ops;
mod js_containment;
mod js_fidelity;
mod js_oneshot;
mod js_session;
mod js_streaming;
mod matrix;
mod py_containment;
mod py_engine;
mod serving;
mod wasmtime_cli;
mod wit_package;
