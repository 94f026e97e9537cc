//! The state one session (or one one-shot run) owns: its files, working
//! directory, and the I/O and limits of the run in progress. Engines reach it
//! through `Rc<Sandbox>` from their builtins (console, fs, process, ...).

use std::cell::{Cell, RefCell, RefMut};
use std::time::{Duration, Instant};

use crate::ExecError;
use crate::engine::{Limit, RunEnd};
use crate::file_store::{FileStore, FsError, FsErrorCode};
use crate::limits::{EnvDefaults, Limits};
use crate::output::{OutputBuffer, Stream};
use crate::vpath::{PathError, VPath};

const FAR_FUTURE: Duration = Duration::from_secs(365 * 24 * 3600);

/// A request that the run stop now, whatever the snippet does (it cannot
/// catch it). The engine honours it by ending the run with the matching
/// `RunEnd`; the request itself decides nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Limit(Limit),
    /// `process.exit(n)` / `sys.exit(n)`.
    Exit(i32),
}

impl From<Stop> for RunEnd {
    fn from(stop: Stop) -> RunEnd {
        match stop {
            Stop::Limit(limit) => RunEnd::LimitExceeded(limit),
            Stop::Exit(code) => RunEnd::Exited(code),
        }
    }
}

/// Inputs of one run, from `run-options`.
#[derive(Debug, Clone)]
pub struct RunSetup {
    pub stdin: Vec<u8>,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub limits: Limits,
}

#[derive(Debug)]
pub struct RunIo {
    pub output: OutputBuffer,
    pub stdin: Vec<u8>,
    stdin_pos: usize,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub limits: Limits,
}

pub struct Sandbox {
    files: RefCell<FileStore>,
    cwd: RefCell<VPath>,
    io: RefCell<RunIo>,
    defaults: EnvDefaults,
    started: Cell<Instant>,
    deadline: Cell<Instant>,
    stop: Cell<Option<Stop>>,
}

impl Sandbox {
    pub fn new(defaults: EnvDefaults) -> Result<Self, ExecError> {
        let mut files = FileStore::new();
        files.set_max_file_size(defaults.file_size_bytes);
        files.set_storage_limit(defaults.storage_bytes);
        let now = Instant::now();
        let limits = Limits::resolve(None, defaults)?;
        Ok(Sandbox {
            files: RefCell::new(files),
            cwd: RefCell::new(VPath::root()),
            io: RefCell::new(RunIo {
                output: OutputBuffer::new(limits.output_bytes),
                stdin: Vec::new(),
                stdin_pos: 0,
                args: Vec::new(),
                env: Vec::new(),
                limits,
            }),
            defaults,
            started: Cell::new(now),
            // No run yet: setup code (builtins, module loading) has no deadline.
            deadline: Cell::new(now + FAR_FUTURE),
            stop: Cell::new(None),
        })
    }

    pub fn defaults(&self) -> EnvDefaults {
        self.defaults
    }

    /// Resets the per-run state and starts the clock.
    pub fn begin_run(&self, setup: RunSetup) {
        self.files
            .borrow_mut()
            .set_max_file_size(setup.limits.file_size_bytes);
        *self.io.borrow_mut() = RunIo {
            output: OutputBuffer::new(setup.limits.output_bytes),
            stdin: setup.stdin,
            stdin_pos: 0,
            args: setup.args,
            env: setup.env,
            limits: setup.limits,
        };
        self.stop.set(None);
        let now = Instant::now();
        self.started.set(now);
        self.deadline.set(
            now.checked_add(setup.limits.time)
                .unwrap_or(now + FAR_FUTURE),
        );
    }

    /// Restores session-wide settings changed for the run.
    pub fn end_run(&self) {
        self.files
            .borrow_mut()
            .set_max_file_size(self.defaults.file_size_bytes);
    }

    pub fn elapsed(&self) -> Duration {
        self.started.get().elapsed()
    }

    pub fn deadline(&self) -> Instant {
        self.deadline.get()
    }

    /// The stop requested for the current run, if any; past the deadline
    /// that is the time limit. Checked by the engines' interrupt hooks.
    pub fn stop_requested(&self) -> Option<Stop> {
        if Instant::now() >= self.deadline.get() {
            self.request_stop(Stop::Limit(Limit::Time));
        }
        self.stop.get()
    }

    /// The stop requested so far, without looking at the clock: what an
    /// engine consults once the run has ended, so that a run finishing just
    /// past its deadline between two checks still counts as finished.
    pub fn pending_stop(&self) -> Option<Stop> {
        self.stop.get()
    }

    /// Asks that the run stop; the first request made is the one honoured.
    pub fn request_stop(&self, stop: Stop) {
        if self.stop.get().is_none() {
            self.stop.set(Some(stop));
        }
    }

    /// Writes snippet output; past the output cap the run is asked to stop.
    pub fn write_output(&self, stream: Stream, bytes: &[u8]) {
        if self.io.borrow_mut().output.write(stream, bytes).is_err() {
            self.request_stop(Stop::Limit(Limit::Output));
        }
    }

    pub fn io(&self) -> RefMut<'_, RunIo> {
        self.io.borrow_mut()
    }

    pub fn files(&self) -> RefMut<'_, FileStore> {
        self.files.borrow_mut()
    }

    /// Records a file-system error; hitting the file-size limit stops the run.
    pub fn note_fs_error(&self, err: &FsError) {
        if err.code == FsErrorCode::FileTooLarge {
            self.request_stop(Stop::Limit(Limit::FileSize));
        }
    }

    pub fn cwd(&self) -> VPath {
        self.cwd.borrow().clone()
    }

    pub fn set_cwd(&self, dir: VPath) {
        *self.cwd.borrow_mut() = dir;
    }

    /// Resolves a path named by a snippet against the working directory.
    pub fn resolve(&self, path: &str) -> Result<VPath, PathError> {
        VPath::from_snippet(&self.cwd.borrow(), path)
    }
}

impl RunIo {
    /// The unread rest of stdin.
    pub fn read_stdin_to_end(&mut self) -> Vec<u8> {
        let rest = self.stdin[self.stdin_pos..].to_vec();
        self.stdin_pos = self.stdin.len();
        rest
    }

    /// The next line of stdin with its `\n`, or `None` at the end.
    pub fn read_stdin_line(&mut self) -> Option<Vec<u8>> {
        let rest = &self.stdin[self.stdin_pos..];
        if rest.is_empty() {
            return None;
        }
        let len = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let line = rest[..len].to_vec();
        self.stdin_pos += len;
        Some(line)
    }
}
