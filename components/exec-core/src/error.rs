//! The guest-side error type, one arm per `golem:exec/types.error` case.

use std::fmt;

use crate::bindings::exports::golem::exec::types::{Error as WitError, StageResult};

/// Output captured from a stage, as reported inside errors and results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stage {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: Option<i32>,
}

impl From<Stage> for StageResult {
    fn from(stage: Stage) -> Self {
        StageResult {
            stdout: stage.stdout,
            stderr: stage.stderr,
            exit_code: stage.exit_code,
            signal: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecError {
    UnsupportedLanguage,
    CompilationFailed(Stage),
    RuntimeFailed(Stage),
    Timeout,
    ResourceExceeded,
    /// Our own bug or an invalid request; the message says what to fix.
    Internal(String),
}

impl ExecError {
    pub fn internal(message: impl Into<String>) -> Self {
        ExecError::Internal(message.into())
    }
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::UnsupportedLanguage => write!(f, "unsupported language"),
            ExecError::CompilationFailed(s) => write!(f, "compilation failed: {}", s.stderr),
            ExecError::RuntimeFailed(s) => write!(f, "runtime failed: {}", s.stderr),
            ExecError::Timeout => write!(f, "time limit exceeded"),
            ExecError::ResourceExceeded => write!(f, "resource limit exceeded"),
            ExecError::Internal(m) => write!(f, "{m}"),
        }
    }
}

impl From<ExecError> for WitError {
    fn from(err: ExecError) -> Self {
        match err {
            ExecError::UnsupportedLanguage => WitError::UnsupportedLanguage,
            ExecError::CompilationFailed(s) => WitError::CompilationFailed(s.into()),
            ExecError::RuntimeFailed(s) => WitError::RuntimeFailed(s.into()),
            ExecError::Timeout => WitError::Timeout,
            ExecError::ResourceExceeded => WitError::ResourceExceeded,
            ExecError::Internal(m) => WitError::Internal(m),
        }
    }
}
