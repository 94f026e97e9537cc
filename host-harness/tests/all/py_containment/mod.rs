//! exec-python's containment, adversarially: every case is a snippet that
//! tries to escape its run (reach another session or the engine, outlive its
//! limits, end or poison the component, write outside the capped output).
//! Each asserts the contained outcome, then that the next one-shot run and a
//! new session in the same instance still work. Cases are grouped by class,
//! one test per class, and a class reports every case that failed.

mod channels;
mod cross_session;
mod engine_reach;
mod hermetic;
mod memory;
mod poison;
mod time_limit;

use crate::common::*;
use host_harness::{ExecError, ExecInstance, ExecResult, Language, Limits, RunOptions};

/// What a contained run ends with.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// Completes with exactly this stdout.
    Stdout(&'static str),
    /// Ends as `timeout`.
    Timeout,
    /// Ends as `resource-exceeded`.
    Resource,
    /// Ends as `runtime-failed` with this text on stderr.
    Threw(&'static str),
    /// Ends with this exit code (0 is `ok`).
    Exit(i32),
    /// Any of the language's own outcomes: not an engine failure.
    Contained,
}

pub struct Case {
    pub name: &'static str,
    pub code: &'static str,
    pub expect: Expect,
}

pub const fn case(name: &'static str, code: &'static str, expect: Expect) -> Case {
    Case { name, code, expect }
}

pub fn py_lang() -> Language {
    Language::python()
}

pub fn limits(time_ms: u64, memory_mb: Option<u64>) -> RunOptions {
    with_limits(Limits {
        time_ms: Some(time_ms),
        memory_bytes: memory_mb.map(|mb| mb << 20),
        ..Limits::default()
    })
}

/// Why `result` is not what `expect` asks for, if it is not.
pub fn mismatch(expect: Expect, result: &Result<ExecResult, ExecError>) -> Option<String> {
    let engine_failure = |stderr: &str| stderr.contains("golem-exec:");
    let fits = match (expect, result) {
        (Expect::Stdout(out), Ok(r)) => r.run.stdout == out,
        (Expect::Timeout, Err(ExecError::Timeout)) => true,
        (Expect::Resource, Err(ExecError::ResourceExceeded)) => true,
        (Expect::Threw(text), Err(ExecError::RuntimeFailed(s))) => {
            s.exit_code == Some(1) && s.stderr.contains(text) && !engine_failure(&s.stderr)
        }
        (Expect::Exit(0), Ok(r)) => r.run.exit_code == Some(0),
        (Expect::Exit(n), Err(ExecError::RuntimeFailed(s))) => s.exit_code == Some(n),
        (Expect::Contained, Ok(_)) => true,
        (Expect::Contained, Err(ExecError::RuntimeFailed(s) | ExecError::CompilationFailed(s))) => {
            !engine_failure(&s.stderr)
        }
        (Expect::Contained, Err(ExecError::Timeout | ExecError::ResourceExceeded)) => true,
        _ => false,
    };
    (!fits).then(|| format!("expected {expect:?}, got {result:?}"))
}

/// The instance still serves: a one-shot run, and a new session.
pub fn still_serves(inst: &mut ExecInstance) -> Option<String> {
    match run_in_language(inst, &py_lang(), &[], "print('alive')", &opts()) {
        Ok(r) if r.run.stdout == "alive\n" => {}
        other => return Some(format!("the next one-shot run failed: {other:?}")),
    }
    let session = match inst.session(&py_lang(), &[]) {
        Ok(s) => s,
        Err(e) => return Some(format!("a new session failed: {e:?}")),
    };
    let result = inst.session_run(&session, "print(6 * 7)", &opts());
    let _ = inst.close(&session);
    match result {
        Ok(Ok(r)) if r.run.stdout == "42\n" => None,
        other => Some(format!("a run in a new session failed: {other:?}")),
    }
}

/// Runs each case one-shot in one instance; panics listing every failure.
pub fn check_all(cases: &[Case], options: &RunOptions) {
    let mut inst = py();
    let mut failures = Vec::new();
    for case in cases {
        let result = run_in_language(&mut inst, &py_lang(), &[], case.code, options);
        if let Some(why) = mismatch(case.expect, &result) {
            failures.push(format!("{}: {why}", case.name));
        }
        if let Some(why) = still_serves(&mut inst) {
            failures.push(format!("{}: after it, {why}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
