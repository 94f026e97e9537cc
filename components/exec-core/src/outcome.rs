//! Maps how a run ended to the `golem:exec` result, the same way for every
//! language.

use crate::bindings::exports::golem::exec::types::ExecResult;
use crate::engine::RunEnd;
use crate::error::{ExecError, Stage};
use crate::sandbox::{Abort, Sandbox};

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
    match (sandbox.abort_reason(), end) {
        (Some(Abort::Timeout), _) => Err(ExecError::Timeout),
        (Some(Abort::MemoryLimit | Abort::FileSizeLimit | Abort::OutputLimit), _) => {
            Err(ExecError::ResourceExceeded)
        }
        (Some(Abort::Exit(0)), _) | (None, RunEnd::Completed) => Ok(ExecResult {
            compile: None,
            run: stage(0).into(),
            time_ms: Some(time_ms),
            memory_bytes: peak_memory,
        }),
        (Some(Abort::Exit(code)), _) => Err(ExecError::RuntimeFailed(stage(code))),
        (None, RunEnd::Threw) => Err(ExecError::RuntimeFailed(stage(1))),
        (None, RunEnd::CompileError) => Err(ExecError::CompilationFailed(stage(1))),
        (None, RunEnd::Interrupted) => Err(ExecError::internal(
            "the interpreter was interrupted without a recorded reason (a bug in exec-core)",
        )),
    }
}
