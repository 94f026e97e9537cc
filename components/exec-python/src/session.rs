//! One Python session: an interpreter namespace in the engine and a copy of
//! the session's files in the sandbox, kept in step with exec-core's store.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Instant;

use exec_core::file_store::FileChange;
use exec_core::output::Stream;
use exec_core::vpath::VPath;
use exec_core::{EngineSession, Limit, RunEnd, Sandbox, Step};

use crate::parts::golem_exec::python_parts::control::{self, Change, RunSetup};
use crate::parts::golem_exec::python_parts::engine::{
    self, Limit as EngineLimit, RunEnd as EngineEnd, RunRequest,
};

thread_local! {
    static NEXT_SESSION_ID: Cell<u32> = const { Cell::new(1) };
}

pub struct PySession {
    id: u32,
    sandbox: Rc<Sandbox>,
    peak_memory: Option<u64>,
    /// How the last run ended (`step` after `start` reports it again).
    last_end: RunEnd,
}

fn to_wit(change: FileChange) -> Change {
    match change {
        FileChange::File(path, data) => Change::File((path.as_str().to_string(), data)),
        FileChange::Dir(path) => Change::Directory(path.as_str().to_string()),
        FileChange::Removed(path) => Change::Removed(path.as_str().to_string()),
    }
}

fn from_wit(change: Change) -> Option<FileChange> {
    let path = |p: &str| VPath::from_api(p).ok();
    Some(match change {
        Change::File((p, data)) => FileChange::File(path(&p)?, data),
        Change::Directory(p) => FileChange::Dir(path(&p)?),
        Change::Removed(p) => FileChange::Removed(path(&p)?),
    })
}

impl PySession {
    pub fn new(sandbox: Rc<Sandbox>) -> Self {
        sandbox.files().track_changes();
        let id = NEXT_SESSION_ID.with(|next| {
            let id = next.get();
            next.set(id.wrapping_add(1).max(1));
            id
        });
        PySession {
            id,
            sandbox,
            peak_memory: None,
            last_end: RunEnd::Completed,
        }
    }

    fn run(&mut self, snippet: &str) -> RunEnd {
        let sandbox = &self.sandbox;
        let changes = sandbox.files().take_changes();
        let cwd = sandbox.cwd().to_absolute();
        let (stdin, args, env, limits) = {
            let io = sandbox.io();
            (io.stdin.clone(), io.args.clone(), io.env.clone(), io.limits)
        };
        control::begin_run(&RunSetup {
            session: self.id,
            changes: changes.into_iter().map(to_wit).collect(),
            cwd: cwd.clone(),
            stdin,
            output_cap: limits.output_bytes,
            max_file_size: limits.file_size_bytes,
            storage_limit: sandbox.defaults().storage_bytes,
        });
        let remaining = sandbox.deadline().saturating_duration_since(Instant::now());
        let outcome = engine::run(&RunRequest {
            session: self.id,
            snippet: snippet.to_string(),
            args,
            env,
            cwd,
            time_ms: u64::try_from(remaining.as_millis()).unwrap_or(u64::MAX),
            memory_bytes: limits.memory_bytes,
        });
        let effects = control::end_run();
        sandbox
            .files()
            .apply_changes(effects.changes.into_iter().filter_map(from_wit).collect());
        // The python-sandbox applied the same output cap while the engine
        // wrote, and the engine's end reports a cap it hit: this only copies.
        for chunk in effects.output {
            let stream = if chunk.to_stderr {
                Stream::Stderr
            } else {
                Stream::Stdout
            };
            sandbox.write_output(stream, &chunk.data);
        }
        self.peak_memory = outcome.peak_memory;
        run_end(outcome.end)
    }
}

fn run_end(end: EngineEnd) -> RunEnd {
    match end {
        EngineEnd::Completed => RunEnd::Completed,
        EngineEnd::CompileError => RunEnd::CompileError,
        EngineEnd::Threw => RunEnd::Threw,
        EngineEnd::Exit(code) => RunEnd::Exited(code),
        EngineEnd::LimitExceeded(limit) => RunEnd::LimitExceeded(match limit {
            EngineLimit::Time => Limit::Time,
            EngineLimit::Memory => Limit::Memory,
            EngineLimit::FileSize => Limit::FileSize,
            EngineLimit::Output => Limit::Output,
        }),
    }
}

impl EngineSession for PySession {
    /// A Python run goes to its end inside this call (CPython has no event
    /// loop of ours to step), so it is never `Pending`.
    fn start(&mut self, snippet: &str) -> Step {
        self.last_end = self.run(snippet);
        Step::Done(self.last_end)
    }

    /// Never needed after `start` (see there); reports how the run ended.
    fn step(&mut self) -> Step {
        Step::Done(self.last_end)
    }

    fn cancel(&mut self) {}

    fn peak_memory(&self) -> Option<u64> {
        self.peak_memory
    }
}

impl Drop for PySession {
    fn drop(&mut self) {
        engine::drop_session(self.id);
        control::drop_session(self.id);
    }
}
