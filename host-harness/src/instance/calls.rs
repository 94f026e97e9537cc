//! Typed calls for every export. A call that traps reports the outcome of
//! its run in the export's own error type; a session lost to a trap answers
//! every call with an error saying so.

use anyhow::{Result, anyhow};
use wasmtime::Store;
use wasmtime::component::ResourceAny;

use super::{ExecInstance, SessionHandle, lost_session};
use crate::bindings::ExecLibrary;
use crate::host::HostState;
use crate::{ExecError, ExecResult, File, Language, RunOptions};

pub(super) fn time_ms(options: &RunOptions) -> Option<u64> {
    options.limits.as_ref().and_then(|l| l.time_ms)
}

type ExecOutcome<T> = Result<Result<T, ExecError>>;

impl ExecInstance {
    /// A call whose export returns `result<T, error>`.
    fn outcome<T>(
        &mut self,
        time_ms: Option<u64>,
        call: impl FnOnce(&ExecLibrary, &mut Store<HostState>) -> wasmtime::Result<Result<T, ExecError>>,
    ) -> ExecOutcome<T> {
        let deadline = self.deadline(time_ms);
        Ok(self
            .call(deadline, call)?
            .unwrap_or_else(|trapped| Err(trapped.to_exec_error())))
    }

    /// Like `outcome`, for a method of a session that must still be alive.
    fn session_outcome<T>(
        &mut self,
        session: &SessionHandle,
        time_ms: Option<u64>,
        call: impl FnOnce(
            &ExecLibrary,
            &mut Store<HostState>,
            ResourceAny,
        ) -> wasmtime::Result<Result<T, ExecError>>,
    ) -> ExecOutcome<T> {
        let Some(resource) = self.resource_of(session) else {
            return Ok(Err(lost_session()));
        };
        self.outcome(time_ms, |lib, store| call(lib, store, resource))
    }

    pub fn run(
        &mut self,
        lang: &Language,
        modules: &[File],
        snippet: &str,
        options: &RunOptions,
    ) -> ExecOutcome<ExecResult> {
        self.outcome(time_ms(options), |lib, store| {
            lib.golem_exec_executor()
                .call_run(store, lang, modules, snippet, options)
        })
    }

    pub fn session(&mut self, lang: &Language, modules: &[File]) -> Result<SessionHandle> {
        let deadline = self.deadline(None);
        let generation = self.generation;
        match self.call(deadline, |lib, store| {
            lib.golem_exec_executor()
                .session()
                .call_constructor(store, lang, modules)
        })? {
            Ok(resource) => Ok(SessionHandle {
                resource,
                generation,
            }),
            Err(trapped) => Err(anyhow!(
                "cannot create a session: {}",
                trapped.to_exec_error()
            )),
        }
    }

    pub fn upload(&mut self, session: &SessionHandle, file: &File) -> ExecOutcome<()> {
        self.session_outcome(session, None, |lib, store, s| {
            lib.golem_exec_executor()
                .session()
                .call_upload(store, s, file)
        })
    }

    pub fn session_run(
        &mut self,
        session: &SessionHandle,
        snippet: &str,
        options: &RunOptions,
    ) -> ExecOutcome<ExecResult> {
        self.session_outcome(session, time_ms(options), |lib, store, s| {
            lib.golem_exec_executor()
                .session()
                .call_run(store, s, snippet, options)
        })
    }

    pub fn download(&mut self, session: &SessionHandle, path: &str) -> ExecOutcome<Vec<u8>> {
        self.session_outcome(session, None, |lib, store, s| {
            lib.golem_exec_executor()
                .session()
                .call_download(store, s, path)
        })
    }

    pub fn list_files(&mut self, session: &SessionHandle, dir: &str) -> ExecOutcome<Vec<String>> {
        self.session_outcome(session, None, |lib, store, s| {
            lib.golem_exec_executor()
                .session()
                .call_list_files(store, s, dir)
        })
    }

    pub fn set_working_dir(&mut self, session: &SessionHandle, path: &str) -> ExecOutcome<()> {
        self.session_outcome(session, None, |lib, store, s| {
            lib.golem_exec_executor()
                .session()
                .call_set_working_dir(store, s, path)
        })
    }

    /// Frees the session in the guest; a session already lost has nothing
    /// left to free.
    pub fn close(&mut self, session: &SessionHandle) -> Result<()> {
        let Some(resource) = self.resource_of(session) else {
            return Ok(());
        };
        let deadline = self.deadline(None);
        self.call(deadline, |lib, store| {
            lib.golem_exec_streaming_streaming()
                .call_close(store, resource)
        })?
        .ok();
        Ok(())
    }

    /// Drops the session handle, which frees it in the guest.
    pub fn drop_session(&mut self, session: SessionHandle) -> Result<()> {
        let Some(resource) = self.resource_of(&session) else {
            return Ok(());
        };
        let deadline = self.deadline(None);
        self.call(deadline, |_, store| resource.resource_drop(store))?
            .ok();
        Ok(())
    }
}
