//! The two traits a language implements; the WIT glue (`glue.rs`) is written
//! once on top of them.

use std::rc::Rc;

use crate::ExecError;
use crate::sandbox::Sandbox;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    JavaScript,
    Python,
}

/// A language engine: creates interpreter sessions bound to a sandbox.
pub trait Engine: 'static {
    const LANGUAGE: Language;
    type Session: EngineSession;

    /// A fresh interpreter whose files, I/O and limits live in `sandbox`.
    fn new_session(sandbox: Rc<Sandbox>) -> Result<Self::Session, ExecError>;
}

/// A limit that ended a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Time,
    Memory,
    FileSize,
    Output,
}

/// How a run ended: the one value the glue turns into the `golem:exec`
/// result. The engine decides it; a stop the sandbox requested (a limit, an
/// explicit exit) reaches the engine as an interrupt and the engine ends the
/// run with the matching value (`Stop` converts into it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    /// Ran to the end: exit code 0.
    Completed,
    /// `process.exit(n)` / `sys.exit(n)`: 0 is a success, anything else a
    /// runtime failure with that exit code.
    Exited(i32),
    /// The snippet did not compile; the engine wrote the message to stderr.
    CompileError,
    /// An uncaught exception; the engine wrote the stack/traceback to stderr.
    Threw,
    LimitExceeded(Limit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// More work is queued (timers, pending I/O); call `step` again.
    Pending,
    Done(RunEnd),
}

/// One interpreter with persistent state (globals, loaded modules). Runs are
/// driven in steps so that output can be streamed between them.
pub trait EngineSession: 'static {
    /// Compiles the snippet and runs its synchronous part.
    fn start(&mut self, snippet: &str) -> Step;
    /// Runs the next unit of queued work (a timer, a batch of jobs).
    fn step(&mut self) -> Step;
    /// Drops queued work of an unfinished run (its consumer went away).
    fn cancel(&mut self);
    /// Peak bytes the interpreter held during the current run, if measured.
    fn peak_memory(&self) -> Option<u64>;
}
