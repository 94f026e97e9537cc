//! Maps how a run ended to the `golem:exec` result, the same way for every
//! language.

use crate::bindings::exports::golem::exec::types::ExecResult;
use crate::engine::{Limit, RunEnd};
use crate::error::{ExecError, Stage};
use crate::sandbox::Sandbox;

pub fn conclude(
    sandbox: &Sandbox,
    end: RunEnd,
    peak_memory: Option<u64>,
) -> Result<ExecResult, ExecError> {
    sandbox.end_run();
    let time_ms = sandbox.elapsed().as_millis() as u64;
    let stage = |exit_code: i32| {
        let io = sandbox.io();
        Stage {
            stdout: String::from_utf8_lossy(io.output.stdout()).into_owned(),
            stderr: String::from_utf8_lossy(io.output.stderr()).into_owned(),
            exit_code: Some(exit_code),
        }
    };
    match end {
        RunEnd::Completed | RunEnd::Exited(0) => Ok(ExecResult {
            compile: None,
            run: stage(0).into(),
            time_ms: Some(time_ms),
            memory_bytes: peak_memory,
        }),
        RunEnd::Exited(code) => Err(ExecError::RuntimeFailed(stage(code))),
        RunEnd::Threw => Err(ExecError::RuntimeFailed(stage(1))),
        RunEnd::CompileError => Err(ExecError::CompilationFailed(stage(1))),
        RunEnd::LimitExceeded(Limit::Time) => Err(ExecError::Timeout),
        RunEnd::LimitExceeded(Limit::Memory | Limit::FileSize | Limit::Output) => {
            Err(ExecError::ResourceExceeded)
        }
    }
}
