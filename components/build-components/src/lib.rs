//! Paths of the guest components this crate's build script built (wasmtime's
//! `test-programs/artifacts` pattern): `cargo build -p build-components`
//! builds them into `target/components/`, and the host's tests and benches
//! take them from these constants. The host library and CLI do not depend on
//! this crate: they find components at run time.

/// `exec-javascript.wasm`: QuickJS with the Node-compatible builtins.
pub const EXEC_JAVASCRIPT: &str = env!("BUILD_COMPONENTS_EXEC_JAVASCRIPT");
/// `exec-python.wasm`: CPython (componentize-py) composed with its Rust parts.
pub const EXEC_PYTHON: &str = env!("BUILD_COMPONENTS_EXEC_PYTHON");
/// `examples/exec-consumer`: imports `golem:exec/executor@1.0.0`, to be
/// plugged into either component.
pub const EXAMPLE_CONSUMER: &str = env!("BUILD_COMPONENTS_EXAMPLE_CONSUMER");
/// exec-python with time-limit instrumentation off: only the bench's
/// reference for what the ticks cost, never shipped.
pub const EXEC_PYTHON_UNTICKED: &str = env!("BUILD_COMPONENTS_EXEC_PYTHON_UNTICKED");
/// The directory the components are in.
pub const COMPONENTS_DIR: &str = env!("BUILD_COMPONENTS_DIR");
