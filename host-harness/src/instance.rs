//! One instance of a component, with its own store, WASI context and
//! backstops, and typed calls for every export.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::errors::IntoAnyhow;
use wasmtime::component::{ResourceAny, ResourceTable};
use wasmtime::{Store, StoreLimitsBuilder};
use wasmtime_wasi::{FsPerms, WasiCtxBuilder};

use crate::bindings::ExecLibrary;
use crate::host::{EPOCH_TICK, ExecHost, HostState};
use crate::memory_meter::MemoryMeter;
use crate::{ExecError, ExecEvent, ExecResult, File, Language, RunOptions};

#[derive(Debug, Clone)]
pub struct InstanceOptions {
    /// The component's own environment (e.g. `EXEC_TIMEOUT_MS`); snippets
    /// never see it.
    pub env: Vec<(String, String)>,
    /// Backstop: how long past the run's own time limit a call may take
    /// before the host traps the instance.
    pub backstop_grace: Duration,
    /// Backstop: cap on the instance's linear memory.
    pub max_memory_bytes: Option<usize>,
    /// A host directory preopened as `/`. The components keep session files
    /// in their own memory and need none, so by default no host path is
    /// reachable at all.
    pub root_dir: Option<PathBuf>,
}

impl Default for InstanceOptions {
    /// Forwards the `EXEC_*` variables of this process to the component.
    fn default() -> Self {
        InstanceOptions {
            env: std::env::vars()
                .filter(|(k, _)| k.starts_with("EXEC_"))
                .collect(),
            backstop_grace: Duration::from_secs(2),
            max_memory_bytes: None,
            root_dir: None,
        }
    }
}

/// A session resource inside an instance.
#[derive(Debug)]
pub struct SessionHandle(ResourceAny);

pub struct ExecInstance {
    store: Store<HostState>,
    lib: ExecLibrary,
    default_time: Duration,
    grace: Duration,
    trapped: bool,
}

impl ExecHost {
    pub fn instantiate(&self, options: InstanceOptions) -> Result<ExecInstance> {
        let mut wasi = WasiCtxBuilder::new();
        wasi.envs(&options.env)
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .socket_addr_check(|_, _| Box::pin(async { false }));
        if let Some(root) = &options.root_dir {
            wasi.preopened_dir(root, "/", FsPerms::ReadWrite)
                .anyhow()
                .with_context(|| format!("cannot preopen {}", root.display()))?;
        }
        let limits = StoreLimitsBuilder::new()
            .memory_size(
                options
                    .max_memory_bytes
                    .unwrap_or(self.config.max_memory_bytes),
            )
            .trap_on_grow_failure(false)
            .build();
        let mut store = Store::new(
            &self.engine,
            HostState {
                wasi: wasi.build(),
                table: ResourceTable::new(),
                limits: MemoryMeter::new(limits),
            },
        );
        store.limiter(|state| &mut state.limits);
        store.set_epoch_deadline(u64::MAX / 2);
        store.epoch_deadline_trap();
        let lib = self
            .pre
            .instantiate(&mut store)
            .anyhow()
            .context("cannot instantiate the component")?;
        let default_time = options
            .env
            .iter()
            .find(|(k, _)| k == "EXEC_TIMEOUT_MS")
            .and_then(|(_, v)| v.trim().parse().ok())
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_millis(5000));
        Ok(ExecInstance {
            store,
            lib,
            default_time,
            grace: options.backstop_grace,
            trapped: false,
        })
    }
}

impl ExecInstance {
    /// Bytes of linear memory the instance holds (all its core memories).
    /// Linear memory only grows, so this is also the peak so far.
    pub fn linear_memory_bytes(&self) -> usize {
        self.store.data().limits.linear_bytes()
    }

    /// Arms the epoch backstop for one call into the guest.
    fn arm(&mut self, options: Option<&RunOptions>) -> Result<()> {
        if self.trapped {
            bail!("this instance was stopped by a host backstop earlier; instantiate a new one");
        }
        let limit = options
            .and_then(|o| o.limits.as_ref())
            .and_then(|l| l.time_ms)
            .map(Duration::from_millis)
            .unwrap_or(self.default_time);
        let ticks = (limit + self.grace).as_millis() / EPOCH_TICK.as_millis() + 1;
        self.store
            .set_epoch_deadline(ticks.min(u64::MAX as u128 / 2) as u64);
        Ok(())
    }

    fn guard<T>(&mut self, result: wasmtime::Result<T>) -> Result<T> {
        result.anyhow().map_err(|err| {
            self.trapped = true;
            err.context("the guest trapped (host backstop or a guest bug); this instance can no longer be used")
        })
    }

    /// One call into the guest: arms the backstop, then records a trap.
    fn invoke<T>(
        &mut self,
        options: Option<&RunOptions>,
        call: impl FnOnce(&ExecLibrary, &mut Store<HostState>) -> wasmtime::Result<T>,
    ) -> Result<T> {
        self.arm(options)?;
        let result = call(&self.lib, &mut self.store);
        self.guard(result)
    }

    pub fn run(
        &mut self,
        lang: &Language,
        modules: &[File],
        snippet: &str,
        options: &RunOptions,
    ) -> Result<Result<ExecResult, ExecError>> {
        self.invoke(Some(options), |lib, store| {
            lib.golem_exec_executor()
                .call_run(store, lang, modules, snippet, options)
        })
    }

    pub fn run_streaming(
        &mut self,
        lang: &Language,
        modules: &[File],
        snippet: &str,
        options: &RunOptions,
    ) -> Result<EventIter<'_>> {
        let stream = self.invoke(Some(options), |lib, store| {
            lib.golem_exec_streaming_streaming()
                .call_run_streaming(store, lang, modules, snippet, options)
        })?;
        Ok(EventIter {
            instance: self,
            stream: Some(stream),
            options: options.clone(),
        })
    }

    pub fn session(&mut self, lang: &Language, modules: &[File]) -> Result<SessionHandle> {
        self.invoke(None, |lib, store| {
            lib.golem_exec_executor()
                .session()
                .call_constructor(store, lang, modules)
        })
        .map(SessionHandle)
    }

    pub fn upload(
        &mut self,
        session: &SessionHandle,
        file: &File,
    ) -> Result<Result<(), ExecError>> {
        self.invoke(None, |lib, store| {
            lib.golem_exec_executor()
                .session()
                .call_upload(store, session.0, file)
        })
    }

    pub fn session_run(
        &mut self,
        session: &SessionHandle,
        snippet: &str,
        options: &RunOptions,
    ) -> Result<Result<ExecResult, ExecError>> {
        self.invoke(Some(options), |lib, store| {
            lib.golem_exec_executor()
                .session()
                .call_run(store, session.0, snippet, options)
        })
    }

    pub fn session_run_streaming(
        &mut self,
        session: &SessionHandle,
        snippet: &str,
        options: &RunOptions,
    ) -> Result<EventIter<'_>> {
        let stream = self.invoke(Some(options), |lib, store| {
            lib.golem_exec_streaming_streaming()
                .call_session_run_streaming(store, session.0, snippet, options)
        })?;
        Ok(EventIter {
            instance: self,
            stream: Some(stream),
            options: options.clone(),
        })
    }

    pub fn download(
        &mut self,
        session: &SessionHandle,
        path: &str,
    ) -> Result<Result<Vec<u8>, ExecError>> {
        self.invoke(None, |lib, store| {
            lib.golem_exec_executor()
                .session()
                .call_download(store, session.0, path)
        })
    }

    pub fn list_files(
        &mut self,
        session: &SessionHandle,
        dir: &str,
    ) -> Result<Result<Vec<String>, ExecError>> {
        self.invoke(None, |lib, store| {
            lib.golem_exec_executor()
                .session()
                .call_list_files(store, session.0, dir)
        })
    }

    pub fn set_working_dir(
        &mut self,
        session: &SessionHandle,
        path: &str,
    ) -> Result<Result<(), ExecError>> {
        self.invoke(None, |lib, store| {
            lib.golem_exec_executor()
                .session()
                .call_set_working_dir(store, session.0, path)
        })
    }

    pub fn close(&mut self, session: &SessionHandle) -> Result<()> {
        self.invoke(None, |lib, store| {
            lib.golem_exec_streaming_streaming()
                .call_close(store, session.0)
        })
    }

    /// Drops the session handle, which frees it in the guest.
    pub fn drop_session(&mut self, session: SessionHandle) -> Result<()> {
        self.invoke(None, |_, store| session.0.resource_drop(store))
    }
}

/// The pull-based event stream of a run, as an iterator. Dropping it drops
/// the guest's stream (which cancels an unfinished run).
pub struct EventIter<'a> {
    instance: &'a mut ExecInstance,
    stream: Option<ResourceAny>,
    options: RunOptions,
}

impl Iterator for EventIter<'_> {
    type Item = Result<ExecEvent>;

    fn next(&mut self) -> Option<Self::Item> {
        let stream = self.stream?;
        let next = self.instance.invoke(Some(&self.options), |lib, store| {
            lib.golem_exec_streaming_streaming()
                .event_stream()
                .call_get_next(store, stream)
        });
        match next {
            Ok(Some(event)) => Some(Ok(event)),
            Ok(None) => None,
            Err(e) => {
                self.stream = None;
                Some(Err(e))
            }
        }
    }
}

impl Drop for EventIter<'_> {
    fn drop(&mut self) {
        if let Some(stream) = self.stream.take()
            && !self.instance.trapped
        {
            let _ = stream.resource_drop(&mut self.instance.store);
        }
    }
}
