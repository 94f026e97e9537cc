//! The engine both servers run on: one instance per session and per
//! one-shot run (isolation mode), a bounded number of runs at once, limits
//! clamped to the server's maxima, and sessions that expire when idle.
//! Guest calls block, so each runs on tokio's blocking pool; output
//! reaches a streaming client through a channel as it is written.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use super::api::{ErrorBody, LanguageName, MaxLimits, RunInput, RunReply};
use super::metrics::{Gauges, Metrics};
use super::utf8_stream::Utf8Stream;
use crate::locate::find_component;
use crate::{
    ExecError, ExecEvent, ExecHost, File, HostConfig, InstanceOptions, IsolatedHost,
    IsolatedSession,
};

#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Components given explicitly; otherwise found as the CLI finds them.
    pub javascript_component: Option<PathBuf>,
    pub python_component: Option<PathBuf>,
    /// Runs at once (one-shot and session runs); more are refused (HTTP)
    /// or wait (MCP).
    pub max_concurrency: usize,
    pub max_sessions: usize,
    /// A session unused this long is closed.
    pub session_idle: Duration,
    pub max_limits: MaxLimits,
    /// Prefix of every session id: which process owns the session.
    pub node_id: String,
    pub instance: InstanceOptions,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            javascript_component: None,
            python_component: None,
            max_concurrency: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_sessions: 32,
            session_idle: Duration::from_secs(600),
            max_limits: MaxLimits::default(),
            node_id: format!("n{:x}", std::process::id()),
            instance: InstanceOptions::default(),
        }
    }
}

/// Why a request was refused before or instead of a run.
#[derive(Debug)]
pub enum ServiceError {
    InvalidRequest(String),
    NotFound(String),
    /// Every pool slot (or session slot) is taken.
    Busy(String),
    /// A session operation the guest refused.
    Exec(ErrorBody),
    Internal(String),
}

impl ServiceError {
    pub fn body(&self) -> ErrorBody {
        match self {
            ServiceError::InvalidRequest(m) => ErrorBody::new("invalid-request", m.clone()),
            ServiceError::NotFound(m) => ErrorBody::new("not-found", m.clone()),
            ServiceError::Busy(m) => ErrorBody::new("busy", m.clone()),
            ServiceError::Exec(body) => body.clone(),
            ServiceError::Internal(m) => ErrorBody::new("internal", m.clone()),
        }
    }
}

impl From<anyhow::Error> for ServiceError {
    fn from(err: anyhow::Error) -> Self {
        ServiceError::Internal(format!("{err:#}"))
    }
}

/// Output as the snippet writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    Stdout(String),
    Stderr(String),
}

/// What a run runs in: a fresh instance, or a session's.
pub enum Target {
    OneShot(LanguageName),
    Session(String),
}

/// A pool slot held for one run.
pub struct Permit(#[allow(dead_code)] OwnedSemaphorePermit);

struct SessionSlot {
    language: LanguageName,
    session: Mutex<IsolatedSession>,
    last_used: Mutex<Instant>,
}

struct Inner {
    config: ServiceConfig,
    hosts: Mutex<HashMap<LanguageName, IsolatedHost>>,
    permits: Arc<Semaphore>,
    sessions: Mutex<HashMap<String, Arc<SessionSlot>>>,
    metrics: Metrics,
    next_id: AtomicU64,
}

#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding one of these leaves nothing half-done.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServiceError::Internal(format!("a guest call panicked: {e}")))?
}

impl Engine {
    pub fn new(config: ServiceConfig) -> Self {
        let permits = Arc::new(Semaphore::new(config.max_concurrency.max(1)));
        Engine {
            inner: Arc::new(Inner {
                config,
                hosts: Mutex::default(),
                permits,
                sessions: Mutex::default(),
                metrics: Metrics::default(),
                next_id: AtomicU64::new(1),
            }),
        }
    }

    pub fn config(&self) -> &ServiceConfig {
        &self.inner.config
    }

    /// A pool slot now, or `Busy`.
    pub fn try_admit(&self) -> Result<Permit, ServiceError> {
        match self.inner.permits.clone().try_acquire_owned() {
            Ok(permit) => Ok(Permit(permit)),
            Err(_) => {
                self.inner.metrics.record_rejected();
                Err(ServiceError::Busy(format!(
                    "all {} run slots are busy; retry shortly",
                    self.inner.config.max_concurrency
                )))
            }
        }
    }

    /// A pool slot, waiting for one.
    pub async fn admit(&self) -> Permit {
        let permit = self.inner.permits.clone().acquire_owned().await;
        Permit(permit.expect("the semaphore is never closed"))
    }

    /// Loads (once) the component for `language`; blocking.
    fn isolated(inner: &Inner, language: LanguageName) -> Result<IsolatedHost, ServiceError> {
        let mut hosts = lock(&inner.hosts);
        if let Some(host) = hosts.get(&language) {
            return Ok(host.clone());
        }
        let explicit = match language {
            LanguageName::Javascript => inner.config.javascript_component.as_deref(),
            LanguageName::Python => inner.config.python_component.as_deref(),
        };
        let path = find_component(language.kind(), explicit)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        let host_config = HostConfig {
            // Every session and every running run holds an instance.
            max_instances: (inner.config.max_sessions + inner.config.max_concurrency + 1) as u32,
            ..HostConfig::default()
        };
        let host = ExecHost::load(&path, host_config)
            .with_context(|| format!("cannot load the {} component", language.as_str()))?;
        let isolated = IsolatedHost::new(host, inner.config.instance.clone());
        hosts.insert(language, isolated.clone());
        Ok(isolated)
    }

    /// A one-shot run in an instance of its own.
    pub async fn run(
        &self,
        _permit: Permit,
        language: LanguageName,
        input: RunInput,
        sink: Option<mpsc::Sender<Output>>,
    ) -> Result<RunReply, ServiceError> {
        let files = input.files().map_err(ServiceError::InvalidRequest)?;
        let inner = self.inner.clone();
        let run_id = inner.next_id.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let reply = blocking(move || {
            let isolated = Self::isolated(&inner, language)?;
            let options = input.options(&inner.config.max_limits);
            let mut instance = isolated.instance()?;
            let events =
                instance.run_streaming(&language.language(), &files, &input.code, &options)?;
            drive(events, sink.as_ref(), started)
        })
        .await?;
        self.finish(run_id, language, None, started, &reply);
        Ok(reply)
    }

    pub async fn run_target(
        &self,
        permit: Permit,
        target: Target,
        input: RunInput,
        sink: Option<mpsc::Sender<Output>>,
    ) -> Result<RunReply, ServiceError> {
        match target {
            Target::OneShot(language) => self.run(permit, language, input, sink).await,
            Target::Session(id) => self.session_run(permit, &id, input, sink).await,
        }
    }

    fn finish(
        &self,
        run_id: u64,
        language: LanguageName,
        session: Option<&str>,
        started: Instant,
        reply: &RunReply,
    ) {
        let outcome = reply
            .error
            .as_ref()
            .map_or("completed", |e| e.kind.as_str());
        let took = started.elapsed();
        self.inner
            .metrics
            .record_run(language.as_str(), outcome, took);
        tracing::info!(
            run_id,
            language = language.as_str(),
            session,
            duration_ms = took.as_millis() as u64,
            outcome,
            exit_code = reply.exit_code,
            "run finished"
        );
    }

    /// `Busy` when `open` sessions fill every session slot.
    fn room_for_a_session(&self, open: usize) -> Result<(), ServiceError> {
        if open < self.inner.config.max_sessions {
            return Ok(());
        }
        self.inner.metrics.record_rejected();
        Err(ServiceError::Busy(format!(
            "the server keeps at most {} sessions; close one or retry later",
            self.inner.config.max_sessions
        )))
    }

    pub async fn session_create(
        &self,
        language: LanguageName,
        files: Vec<File>,
    ) -> Result<String, ServiceError> {
        self.room_for_a_session(lock(&self.inner.sessions).len())?;
        let inner = self.inner.clone();
        let session = blocking(move || {
            let isolated = Self::isolated(&inner, language)?;
            Ok(isolated.session(&language.language(), &files)?)
        })
        .await?;
        let id = format!(
            "{}-{:016x}{:08x}",
            self.inner.config.node_id,
            rand_u64(),
            self.inner.next_id.fetch_add(1, Ordering::Relaxed)
        );
        let slot = Arc::new(SessionSlot {
            language,
            session: Mutex::new(session),
            last_used: Mutex::new(Instant::now()),
        });
        // Checked again: other sessions may have been made meanwhile.
        let mut sessions = lock(&self.inner.sessions);
        self.room_for_a_session(sessions.len())?;
        sessions.insert(id.clone(), slot);
        tracing::info!(
            session = id.as_str(),
            language = language.as_str(),
            "session created"
        );
        Ok(id)
    }

    fn slot(&self, id: &str) -> Result<Arc<SessionSlot>, ServiceError> {
        let slot = lock(&self.inner.sessions).get(id).cloned().ok_or_else(|| {
            ServiceError::NotFound(format!(
                "no session '{id}' (closed, expired, or never made)"
            ))
        })?;
        *lock(&slot.last_used) = Instant::now();
        Ok(slot)
    }

    pub fn session_language(&self, id: &str) -> Result<LanguageName, ServiceError> {
        Ok(self.slot(id)?.language)
    }

    pub async fn session_run(
        &self,
        _permit: Permit,
        id: &str,
        input: RunInput,
        sink: Option<mpsc::Sender<Output>>,
    ) -> Result<RunReply, ServiceError> {
        if input.files.as_ref().is_some_and(|f| !f.is_empty()) {
            return Err(ServiceError::InvalidRequest(
                "a session run takes no files: upload them to the session".into(),
            ));
        }
        let slot = self.slot(id)?;
        let language = slot.language;
        let max = self.inner.config.max_limits;
        let run_id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let reply = {
            let slot = slot.clone();
            blocking(move || {
                let mut session = lock(&slot.session);
                let events = session.run_streaming(&input.code, &input.options(&max))?;
                let reply = drive(events, sink.as_ref(), started);
                *lock(&slot.last_used) = Instant::now();
                reply
            })
            .await?
        };
        self.finish(run_id, language, Some(id), started, &reply);
        Ok(reply)
    }

    /// A file operation on a session, on the blocking pool.
    async fn with_session<T: Send + 'static>(
        &self,
        id: &str,
        op: impl FnOnce(&mut IsolatedSession) -> anyhow::Result<Result<T, ExecError>> + Send + 'static,
    ) -> Result<T, ServiceError> {
        let slot = self.slot(id)?;
        blocking(move || {
            let mut session = lock(&slot.session);
            op(&mut session)?.map_err(|e| ServiceError::Exec(ErrorBody::from_exec(&e)))
        })
        .await
    }

    pub async fn upload(&self, id: &str, file: File) -> Result<(), ServiceError> {
        self.with_session(id, move |s| s.upload(&file)).await
    }

    pub async fn download(&self, id: &str, path: String) -> Result<Vec<u8>, ServiceError> {
        self.with_session(id, move |s| s.download(&path)).await
    }

    pub async fn list_files(&self, id: &str, dir: String) -> Result<Vec<String>, ServiceError> {
        self.with_session(id, move |s| s.list_files(&dir)).await
    }

    /// Closes a session; its instance goes with it.
    pub fn close(&self, id: &str) -> Result<(), ServiceError> {
        match lock(&self.inner.sessions).remove(id) {
            Some(_) => {
                tracing::info!(session = id, "session closed");
                Ok(())
            }
            None => Err(ServiceError::NotFound(format!("no session '{id}'"))),
        }
    }

    /// Closes sessions idle longer than the configured time; how many.
    pub fn expire_idle(&self) -> usize {
        let idle = self.inner.config.session_idle;
        let mut sessions = lock(&self.inner.sessions);
        let before = sessions.len();
        sessions.retain(|id, slot| {
            let keep = lock(&slot.last_used).elapsed() < idle || slot.session.try_lock().is_err();
            if !keep {
                tracing::info!(session = id.as_str(), "session expired");
            }
            keep
        });
        before - sessions.len()
    }

    pub fn metrics_text(&self) -> String {
        let capacity = self.inner.config.max_concurrency.max(1);
        self.inner.metrics.render(&Gauges {
            in_flight: capacity - self.inner.permits.available_permits(),
            capacity,
            sessions: lock(&self.inner.sessions).len(),
            max_sessions: self.inner.config.max_sessions,
        })
    }
}

/// Unpredictable enough for ids others should not guess: the std hasher's
/// per-process random keys over a counter and the time.
fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

/// Runs a stream of events to its end, forwarding output to `sink` as it
/// comes; a sink that went away (the client left) cancels the run.
fn drive(
    events: impl Iterator<Item = anyhow::Result<ExecEvent>>,
    sink: Option<&mpsc::Sender<Output>>,
    started: Instant,
) -> Result<RunReply, ServiceError> {
    let (mut out, mut err) = (Utf8Stream::default(), Utf8Stream::default());
    let mut reply = RunReply::default();
    let mut end = None;
    let forward = |reply: &mut RunReply, output: Output| -> bool {
        match &output {
            Output::Stdout(t) if !t.is_empty() => reply.stdout.push_str(t),
            Output::Stderr(t) if !t.is_empty() => reply.stderr.push_str(t),
            _ => return true,
        }
        sink.is_none_or(|s| s.blocking_send(output).is_ok())
    };
    for event in events {
        let going_on = match event? {
            ExecEvent::StdoutChunk(bytes) => forward(&mut reply, Output::Stdout(out.push(&bytes))),
            ExecEvent::StderrChunk(bytes) => forward(&mut reply, Output::Stderr(err.push(&bytes))),
            ExecEvent::Finished(result) => {
                end = Some(Ok(result));
                true
            }
            ExecEvent::Failed(error) => {
                end = Some(Err(error));
                true
            }
        };
        if !going_on {
            return Err(ServiceError::Internal(
                "the client went away; run cancelled".into(),
            ));
        }
    }
    forward(&mut reply, Output::Stdout(out.finish()));
    forward(&mut reply, Output::Stderr(err.finish()));
    let wall_ms = started.elapsed().as_millis() as u64;
    match end {
        Some(Ok(result)) => {
            reply.exit_code = Some(result.run.exit_code.unwrap_or(0));
            reply.time_ms = Some(result.time_ms.unwrap_or(wall_ms));
            reply.memory_bytes = result.memory_bytes;
        }
        Some(Err(error)) => {
            reply.exit_code = match &error {
                ExecError::CompilationFailed(stage) | ExecError::RuntimeFailed(stage) => {
                    Some(stage.exit_code.unwrap_or(1))
                }
                _ => None,
            };
            reply.time_ms = Some(wall_ms);
            reply.error = Some(ErrorBody::from_exec(&error));
        }
        None => {
            return Err(ServiceError::Internal(
                "the event stream ended without a result".into(),
            ));
        }
    }
    Ok(reply)
}
