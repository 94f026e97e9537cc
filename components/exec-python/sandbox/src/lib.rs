//! The python-sandbox part of exec-python.wasm: the session files and standard
//! streams that CPython reaches during a run, kept in exec-core's file store
//! and output buffer. See `../parts-wit/parts.wit` for why this is its own component.

mod bindings {
    wit_bindgen::generate!({
        path: "../parts-wit",
        world: "python-sandbox",
    });
}

mod console;
mod control;
mod files;
mod state;

struct Sandbox;

bindings::export!(Sandbox with_types_in bindings);
