//! Sessions' file stores and the run in progress.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use exec_core::file_store::{FileStore, FsError};
use exec_core::output::OutputBuffer;
use exec_core::vpath::VPath;

use crate::bindings::exports::golem_exec::python_parts::files::OsError;

pub struct OpenFile {
    pub path: VPath,
    pub pos: u64,
    pub readable: bool,
    pub writable: bool,
    pub append: bool,
}

pub struct Run {
    pub session: u32,
    pub cwd: VPath,
    pub fds: HashMap<u32, OpenFile>,
    pub next_fd: u32,
    pub stdin: Vec<u8>,
    pub stdin_pos: usize,
    pub output: OutputBuffer,
    /// Files this run created, and each written file's size before the
    /// run's first write to it: a write refused by the file-size limit
    /// leaves no partial file (see `files::undo_partial_write`).
    pub created: HashSet<VPath>,
    pub size_before_writes: HashMap<VPath, u64>,
}

#[derive(Default)]
pub struct State {
    pub sessions: HashMap<u32, FileStore>,
    pub run: Option<Run>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

pub fn with_state<T>(f: impl FnOnce(&mut State) -> T) -> T {
    STATE.with(|state| f(&mut state.borrow_mut()))
}

pub const EBADF: &str = "EBADF";
pub const EINVAL: &str = "EINVAL";

pub fn os_error(code: &str, message: impl Into<String>) -> OsError {
    OsError {
        code: code.to_string(),
        message: message.into(),
    }
}

pub fn no_run() -> OsError {
    os_error(EBADF, "no run in progress")
}

pub fn bad_fd(fd: u32) -> OsError {
    os_error(EBADF, format!("bad file descriptor {fd}"))
}

impl State {
    /// The run in progress and its session's files.
    pub fn run_and_files(&mut self) -> Result<(&mut Run, &mut FileStore), OsError> {
        let run = self.run.as_mut().ok_or_else(no_run)?;
        let files = self.sessions.entry(run.session).or_insert_with(new_store);
        Ok((run, files))
    }

    /// A path named by the snippet, resolved against the run's directory.
    pub fn resolve(&mut self, path: &str) -> Result<(VPath, &mut Run, &mut FileStore), OsError> {
        let (run, files) = self.run_and_files()?;
        let resolved =
            VPath::from_snippet(&run.cwd, path).map_err(|e| os_error(EINVAL, e.to_string()))?;
        Ok((resolved, run, files))
    }
}

pub fn new_store() -> FileStore {
    let mut store = FileStore::new();
    store.track_changes();
    store
}

/// Maps a store error to errno (`EFBIG` for the file-size limit, which the
/// engine turns into the end of the run).
pub fn fs_error(err: FsError) -> OsError {
    os_error(err.code.code(), err.path.to_absolute())
}
