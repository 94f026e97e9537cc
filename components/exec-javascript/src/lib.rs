//! `exec-javascript`: the `golem:exec` component for JavaScript, on QuickJS
//! (rquickjs) with a Node-compatible set of builtins.

mod alloc;
mod apis;
mod loader;
mod session;

use std::rc::Rc;

use exec_core::{Engine, ExecError, Language, Sandbox};

pub struct JsEngine;

impl Engine for JsEngine {
    const LANGUAGE: Language = Language::JavaScript;
    type Session = session::JsSession;

    fn new_session(sandbox: Rc<Sandbox>) -> Result<Self::Session, ExecError> {
        session::JsSession::new(sandbox)
    }
}

exec_core::export_engine!(JsEngine);
