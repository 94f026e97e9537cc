//! One instance of a component, with its own store, WASI context and
//! backstops. When the guest traps (the epoch backstop, or a guest bug), the
//! instance replaces itself: the call that trapped reports its run's outcome
//! (`timeout` for the backstop, `internal` otherwise), the next call runs in
//! a fresh instance, and sessions that lived in the old one report that they
//! are gone. The typed export calls are in `calls.rs`, the event stream in
//! `events.rs`.

mod calls;
mod events;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::errors::IntoAnyhow;
use wasmtime::component::{ResourceAny, ResourceTable};
use wasmtime::{Store, StoreLimitsBuilder, Trap};
use wasmtime_wasi::{FsPerms, WasiCtxBuilder};

use crate::ExecError;
use crate::bindings::ExecLibrary;
use crate::host::{EPOCH_TICK, ExecHost, HostState};
use crate::memory_meter::MemoryMeter;

pub use events::EventIter;

#[derive(Debug, Clone)]
pub struct InstanceOptions {
    /// The component's own environment (e.g. `EXEC_TIMEOUT_MS`); snippets
    /// never see it.
    pub env: Vec<(String, String)>,
    /// Backstop: how long past the run's own time limit a call may take
    /// before the host traps the instance.
    pub backstop_grace: Duration,
    /// Backstop: a wall-clock cap on any one call (a streamed run counts as
    /// one), whatever time limit the run asks for. An operator's ceiling;
    /// `None` leaves only the limit plus the grace.
    pub max_call_time: Option<Duration>,
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
            max_call_time: None,
            max_memory_bytes: None,
            root_dir: None,
        }
    }
}

/// A session resource inside an instance; it belongs to the instance it was
/// made in and is lost if that instance is replaced after a trap.
#[derive(Debug)]
pub struct SessionHandle {
    resource: ResourceAny,
    generation: u64,
}

/// A store with its instantiated component.
struct Live {
    store: Store<HostState>,
    lib: ExecLibrary,
}

pub struct ExecInstance {
    host: ExecHost,
    options: InstanceOptions,
    live: Live,
    default_time: Duration,
    /// Bumped each time the instance is replaced; handles of older
    /// generations are gone.
    generation: u64,
    traps: u64,
}

/// Why a call into the guest did not return.
#[derive(Debug)]
pub(crate) struct Trapped {
    /// The epoch backstop stopped a call that overran its time limit.
    backstop: bool,
    message: String,
}

impl Trapped {
    /// The run's outcome as the caller sees it.
    pub(crate) fn to_exec_error(&self) -> ExecError {
        if self.backstop {
            ExecError::Timeout
        } else {
            ExecError::Internal(format!(
                "the component trapped ({}); its instance was replaced",
                self.message
            ))
        }
    }
}

/// What a call that needs a session gets when the session is gone.
pub(crate) fn lost_session() -> ExecError {
    ExecError::Internal(
        "this session was lost: the instance it lived in trapped and was replaced; \
         create a new session"
            .to_string(),
    )
}

impl ExecHost {
    pub fn instantiate(&self, options: InstanceOptions) -> Result<ExecInstance> {
        let live = self.new_live(&options)?;
        let default_time = options
            .env
            .iter()
            .find(|(k, _)| k == "EXEC_TIMEOUT_MS")
            .and_then(|(_, v)| v.trim().parse().ok())
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_millis(5000));
        Ok(ExecInstance {
            host: self.clone(),
            options,
            live,
            default_time,
            generation: 0,
            traps: 0,
        })
    }

    fn new_live(&self, options: &InstanceOptions) -> Result<Live> {
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
        Ok(Live { store, lib })
    }
}

impl ExecInstance {
    /// Bytes of linear memory the instance holds (all its core memories).
    /// Linear memory only grows, so this is also the peak so far.
    pub fn linear_memory_bytes(&self) -> usize {
        self.live.store.data().limits.linear_bytes()
    }

    /// How many times a trap replaced this instance.
    pub fn traps(&self) -> u64 {
        self.traps
    }

    /// When the backstop stops a call (or a streamed run) starting now for
    /// a run with this time limit: the limit plus the grace, or the cap on
    /// a call if that comes first.
    fn deadline(&self, time_ms: Option<u64>) -> Instant {
        let limit = time_ms
            .map(Duration::from_millis)
            .unwrap_or(self.default_time);
        let mut allowed = limit.saturating_add(self.options.backstop_grace);
        if let Some(cap) = self.options.max_call_time {
            allowed = allowed.min(cap);
        }
        Instant::now() + allowed
    }

    /// Arms the epoch backstop so that the next call traps at `deadline`.
    fn arm_until(&mut self, deadline: Instant) {
        let remaining = deadline.saturating_duration_since(Instant::now());
        let ticks = remaining.as_millis() / EPOCH_TICK.as_millis() + 1;
        self.live
            .store
            .set_epoch_deadline(ticks.min(u64::MAX as u128 / 2) as u64);
    }

    /// One call into the guest, bounded by `deadline`. A trap replaces the
    /// instance before this returns; the caller decides what the trap means
    /// for its call.
    fn call<T>(
        &mut self,
        deadline: Instant,
        call: impl FnOnce(&ExecLibrary, &mut Store<HostState>) -> wasmtime::Result<T>,
    ) -> Result<Result<T, Trapped>> {
        self.arm_until(deadline);
        match call(&self.live.lib, &mut self.live.store) {
            Ok(value) => Ok(Ok(value)),
            Err(err) => {
                let trapped = Trapped {
                    backstop: err.downcast_ref::<Trap>() == Some(&Trap::Interrupt),
                    message: format!("{err:#}"),
                };
                self.replace()?;
                Ok(Err(trapped))
            }
        }
    }

    /// A fresh instance in place of one that trapped.
    fn replace(&mut self) -> Result<()> {
        self.live = self
            .host
            .new_live(&self.options)
            .context("the component trapped and could not be instantiated again")?;
        self.generation += 1;
        self.traps += 1;
        Ok(())
    }

    /// The session's resource, if it still lives in this instance.
    fn resource_of(&self, session: &SessionHandle) -> Option<ResourceAny> {
        (session.generation == self.generation).then_some(session.resource)
    }
}
