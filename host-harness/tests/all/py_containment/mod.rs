//! exec-python's containment, adversarially: every case is a snippet that
//! tries to escape its run (reach another session or the engine, outlive its
//! limits, end or poison the component, write outside the capped output).
//! Each asserts the contained outcome, then that the instance still serves
//! (`crate::containment`). Cases are grouped by class, one test per class,
//! and a class reports every case that failed.

mod channels;
mod cross_session;
mod engine_reach;
mod hermetic;
mod memory;
mod poison;
mod time_limit;

use crate::common::*;
use crate::containment::Target;
pub use crate::containment::{Case, Expect, case, limits, mismatch};
use host_harness::{ExecInstance, Language, RunOptions};

pub fn py_lang() -> Language {
    Language::python()
}

fn python() -> Target {
    Target {
        language: py_lang(),
        instance: py,
        alive: "print('alive')",
        answer: "print(6 * 7)",
    }
}

/// The instance still serves: a one-shot run, and a new session.
pub fn still_serves(inst: &mut ExecInstance) -> Option<String> {
    crate::containment::still_serves(&python(), inst)
}

/// Runs each case one-shot in one instance; panics listing every failure.
pub fn check_all(cases: &[Case], options: &RunOptions) {
    crate::containment::check_all(&python(), cases, options)
}
