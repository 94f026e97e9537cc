//! exec-python.wasm's glue: implements exec-core's `Engine` for Python by
//! driving the componentize-py CPython engine and the sandbox that holds what
//! the interpreter touches during a run (see `parts-wit/parts.wit`).

mod parts {
    wit_bindgen::generate!({
        path: "parts-wit",
        world: "exec-python-parts",
    });
}

mod session;

use std::rc::Rc;

use exec_core::{Engine, ExecError, Language, Sandbox};

pub struct PyEngine;

impl Engine for PyEngine {
    const LANGUAGE: Language = Language::Python;
    type Session = session::PySession;

    fn new_session(sandbox: Rc<Sandbox>) -> Result<Self::Session, ExecError> {
        Ok(session::PySession::new(sandbox))
    }
}

exec_core::export_engine!(PyEngine);
