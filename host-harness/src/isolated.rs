//! Isolation mode (SPEC §7): one instance per session and per one-shot run,
//! so that no two of them share linear memory, and a trap in one costs no
//! other anything. Instantiating from `InstancePre` with the pooling
//! allocator is cheap enough (see `just bench`) for this to be the
//! hermetic path.

use anyhow::Result;

use crate::{
    EventIter, ExecError, ExecHost, ExecInstance, ExecResult, File, InstanceOptions, Language,
    RunOptions, SessionHandle,
};

#[derive(Clone)]
pub struct IsolatedHost {
    host: ExecHost,
    options: InstanceOptions,
}

impl IsolatedHost {
    pub fn new(host: ExecHost, options: InstanceOptions) -> Self {
        IsolatedHost { host, options }
    }

    /// A one-shot run in an instance of its own, dropped afterwards.
    pub fn run(
        &self,
        lang: &Language,
        modules: &[File],
        snippet: &str,
        options: &RunOptions,
    ) -> Result<Result<ExecResult, ExecError>> {
        self.instance()?.run(lang, modules, snippet, options)
    }

    /// An instance for one streamed run (`run_streaming` on it).
    pub fn instance(&self) -> Result<ExecInstance> {
        self.host.instantiate(self.options.clone())
    }

    /// A session in an instance of its own.
    pub fn session(&self, lang: &Language, modules: &[File]) -> Result<IsolatedSession> {
        let mut instance = self.instance()?;
        let handle = instance.session(lang, modules)?;
        Ok(IsolatedSession { instance, handle })
    }
}

/// A session and the instance it alone lives in.
pub struct IsolatedSession {
    instance: ExecInstance,
    handle: SessionHandle,
}

type ExecOutcome<T> = Result<Result<T, ExecError>>;

impl IsolatedSession {
    pub fn run(&mut self, snippet: &str, options: &RunOptions) -> ExecOutcome<ExecResult> {
        self.instance.session_run(&self.handle, snippet, options)
    }

    pub fn run_streaming(&mut self, snippet: &str, options: &RunOptions) -> Result<EventIter<'_>> {
        self.instance
            .session_run_streaming(&self.handle, snippet, options)
    }

    pub fn upload(&mut self, file: &File) -> ExecOutcome<()> {
        self.instance.upload(&self.handle, file)
    }

    pub fn download(&mut self, path: &str) -> ExecOutcome<Vec<u8>> {
        self.instance.download(&self.handle, path)
    }

    pub fn list_files(&mut self, dir: &str) -> ExecOutcome<Vec<String>> {
        self.instance.list_files(&self.handle, dir)
    }

    pub fn set_working_dir(&mut self, path: &str) -> ExecOutcome<()> {
        self.instance.set_working_dir(&self.handle, path)
    }

    /// Bytes of linear memory this session's instance holds.
    pub fn linear_memory_bytes(&self) -> usize {
        self.instance.linear_memory_bytes()
    }
}
