//! exec-javascript's containment, adversarially: every case is a snippet that
//! tries to outlive its limits, trap the component through deep nesting or
//! hostile numbers, or get bytes past the memory meter. Each asserts the
//! contained outcome, then that the instance still serves and that a
//! bystander session survived (`crate::containment`). Cases are grouped by
//! class, one test per class, and a class reports every case that failed.

mod api_input;
mod files;
mod memory;
mod native_loops;
mod nesting;
mod time_limit;

use crate::common::*;
use crate::containment::Target;
pub use crate::containment::{Case, Expect, case, generated, limits};
use host_harness::RunOptions;

fn javascript() -> Target {
    Target {
        language: lang(),
        instance: js,
        alive: "console.log('alive')",
        answer: "console.log(6 * 7)",
    }
}

/// Runs each case one-shot in one instance; panics listing every failure.
pub fn check_all(cases: &[Case], options: &RunOptions) {
    crate::containment::check_all(&javascript(), cases, options)
}

/// A snippet that evaluates `expr` and prints `ok` and what it returned, or
/// the name and `code` of what it threw; `printed` is that line.
pub fn attempt(name: &'static str, expr: &str, printed: &'static str) -> Case {
    let code = format!(
        "try {{ const r = ({expr}); console.log('ok', typeof r === 'object' ? 'object' : String(r).slice(0, 40)) }} \
         catch (e) {{ console.log(e.name, e.code) }}"
    );
    generated(name, code, Expect::Stdout(printed))
}
