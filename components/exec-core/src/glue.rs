//! The `golem:exec` exports, written once for every engine.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::rc::{Rc, Weak};

use crate::bindings::exports::golem::exec::executor::{Guest, GuestSession, SessionBorrow};
use crate::bindings::exports::golem::exec::types::{
    Encoding, Error as WitError, ExecResult, File, Language as WitLanguage, LanguageKind,
    Limits as WitLimits, RunOptions,
};
use crate::bindings::exports::golem_exec::streaming::streaming::{
    EventStream, ExecEvent, Guest as StreamingGuest, GuestEventStream,
};
use crate::encoding::{ContentEncoding, decode_content};
use crate::engine::{Engine, EngineSession, Language, RunEnd, Step};
use crate::error::ExecError;
use crate::file_store::{FsErrorCode, WriteMode};
use crate::limits::{EnvDefaults, Limits, RequestedLimits};
use crate::outcome::conclude;
use crate::output::Stream;
use crate::sandbox::{RunSetup, Sandbox};
use crate::vpath::VPath;

/// Implements the exports for engine `E`; see `export_engine!`.
pub struct ExecComponent<E>(PhantomData<E>);

/// An interpreter with its sandbox: a session, or the whole of a one-shot run.
struct Live<E: Engine> {
    sandbox: Rc<Sandbox>,
    engine: E::Session,
    /// A streamed run is in progress; other runs must wait for it.
    streaming: bool,
}

fn language_of(kind: LanguageKind) -> Language {
    match kind {
        LanguageKind::Javascript => Language::JavaScript,
        LanguageKind::Python => Language::Python,
    }
}

fn api_path(path: &str) -> Result<VPath, ExecError> {
    VPath::from_api(path).map_err(|e| ExecError::internal(e.to_string()))
}

/// Adds a file to the store (creating its directories), as `upload` does.
fn store_file(sandbox: &Sandbox, file: &File) -> Result<(), ExecError> {
    let path = api_path(&file.name)?;
    if path.is_root() {
        return Err(ExecError::internal(format!(
            "file name '{}' names no file",
            file.name
        )));
    }
    let encoding = match file.encoding {
        None | Some(Encoding::Utf8) => ContentEncoding::Utf8,
        Some(Encoding::Base64) => ContentEncoding::Base64,
        Some(Encoding::Hex) => ContentEncoding::Hex,
    };
    let bytes = decode_content(&file.name, &file.content, encoding)?;
    let mut files = sandbox.files();
    let parent = path.parent().unwrap_or_default();
    files
        .create_dir(&parent, true)
        .and_then(|_| files.write(&path, &bytes, WriteMode::Truncate))
        .map_err(|e| match e.code {
            FsErrorCode::FileTooLarge => ExecError::ResourceExceeded,
            _ => ExecError::internal(format!("cannot store file '{}': {e}", file.name)),
        })
}

fn requested_limits(limits: &Option<WitLimits>) -> Option<RequestedLimits> {
    limits.as_ref().map(|l| RequestedLimits {
        time_ms: l.time_ms,
        memory_bytes: l.memory_bytes,
        file_size_bytes: l.file_size_bytes,
        max_processes: l.max_processes,
    })
}

impl<E: Engine> Live<E> {
    fn new(lang: &WitLanguage, modules: &[File]) -> Result<Self, ExecError> {
        if language_of(lang.kind) != E::LANGUAGE {
            return Err(ExecError::UnsupportedLanguage);
        }
        let sandbox = Rc::new(Sandbox::new(EnvDefaults::from_env()?));
        for module in modules {
            store_file(&sandbox, module)?;
        }
        let engine = E::new_session(sandbox.clone())?;
        Ok(Live {
            sandbox,
            engine,
            streaming: false,
        })
    }

    fn begin(&mut self, options: &RunOptions) -> Result<(), ExecError> {
        if self.streaming {
            return Err(ExecError::internal(
                "a streamed run is still in progress in this session: read its events to the end or drop its stream first",
            ));
        }
        let limits = Limits::resolve(requested_limits(&options.limits), self.sandbox.defaults())?;
        self.sandbox.begin_run(RunSetup {
            stdin: options.stdin.clone().unwrap_or_default().into_bytes(),
            args: options.args.clone().unwrap_or_default(),
            env: options.env.clone().unwrap_or_default(),
            limits,
        });
        Ok(())
    }

    /// Runs the next step of a started run, or ends it with the stop the
    /// sandbox requested (a limit, an exit) between steps.
    fn step(&mut self) -> Step {
        if let Some(stop) = self.sandbox.stop_requested() {
            self.engine.cancel();
            return Step::Done(stop.into());
        }
        self.engine.step()
    }

    fn finish(&mut self, end: RunEnd) -> Result<ExecResult, ExecError> {
        conclude(&self.sandbox, end, self.engine.peak_memory())
    }

    fn run(&mut self, snippet: &str, options: &RunOptions) -> Result<ExecResult, ExecError> {
        self.begin(options)?;
        let mut step = self.engine.start(snippet);
        loop {
            match step {
                Step::Pending => step = self.step(),
                Step::Done(end) => return self.finish(end),
            }
        }
    }
}

impl<E: Engine> Guest for ExecComponent<E> {
    type Session = SessionResource<E>;

    fn run(
        lang: WitLanguage,
        modules: Vec<File>,
        snippet: String,
        options: RunOptions,
    ) -> Result<ExecResult, WitError> {
        Live::<E>::new(&lang, &modules)
            .and_then(|mut live| live.run(&snippet, &options))
            .map_err(Into::into)
    }
}

impl<E: Engine> StreamingGuest for ExecComponent<E> {
    type EventStream = EventStreamResource<E>;

    fn run_streaming(
        lang: WitLanguage,
        modules: Vec<File>,
        snippet: String,
        options: RunOptions,
    ) -> EventStream {
        EventStream::new(match Live::<E>::new(&lang, &modules) {
            Ok(live) => {
                let live = Rc::new(RefCell::new(live));
                EventStreamResource::start(Rc::downgrade(&live), Some(live), snippet, options)
            }
            Err(err) => EventStreamResource::failed(err),
        })
    }

    fn session_run_streaming(
        session: SessionBorrow<'_>,
        snippet: String,
        options: RunOptions,
    ) -> EventStream {
        let session = session.get::<SessionResource<E>>();
        EventStream::new(match &*session.state.borrow() {
            SessionState::Open(live) => {
                EventStreamResource::start(Rc::downgrade(live), None, snippet, options)
            }
            SessionState::Broken(err) => EventStreamResource::failed(err.clone()),
            SessionState::Closed => {
                EventStreamResource::failed(ExecError::internal("the session is closed"))
            }
        })
    }

    fn close(session: SessionBorrow<'_>) {
        // Dropping the last strong reference frees the interpreter and files;
        // a stream still reading from this session then reports the closure.
        let session = session.get::<SessionResource<E>>();
        let old = std::mem::replace(&mut *session.state.borrow_mut(), SessionState::Closed);
        drop(old);
    }
}

enum SessionState<E: Engine> {
    Open(Rc<RefCell<Live<E>>>),
    /// The constructor failed; every method reports why.
    Broken(ExecError),
    Closed,
}

pub struct SessionResource<E: Engine> {
    state: RefCell<SessionState<E>>,
}

impl<E: Engine> SessionResource<E> {
    fn with_live<T>(
        &self,
        f: impl FnOnce(&mut Live<E>) -> Result<T, ExecError>,
    ) -> Result<T, WitError> {
        let live = match &*self.state.borrow() {
            SessionState::Open(live) => live.clone(),
            SessionState::Broken(err) => return Err(err.clone().into()),
            SessionState::Closed => {
                return Err(ExecError::internal("the session is closed").into());
            }
        };
        let mut live = live.borrow_mut();
        f(&mut live).map_err(Into::into)
    }
}

impl<E: Engine> GuestSession for SessionResource<E> {
    fn new(lang: WitLanguage, modules: Vec<File>) -> Self {
        let state = match Live::<E>::new(&lang, &modules) {
            Ok(live) => SessionState::Open(Rc::new(RefCell::new(live))),
            Err(err) => SessionState::Broken(err),
        };
        SessionResource {
            state: RefCell::new(state),
        }
    }

    fn upload(&self, file: File) -> Result<(), WitError> {
        self.with_live(|live| store_file(&live.sandbox, &file))
    }

    fn run(&self, snippet: String, options: RunOptions) -> Result<ExecResult, WitError> {
        self.with_live(|live| live.run(&snippet, &options))
    }

    fn download(&self, path: String) -> Result<Vec<u8>, WitError> {
        self.with_live(|live| {
            let vpath = api_path(&path)?;
            let files = live.sandbox.files();
            files
                .read(&vpath)
                .map(<[u8]>::to_vec)
                .map_err(|e| ExecError::internal(format!("cannot download '{path}': {e}")))
        })
    }

    fn list_files(&self, dir: String) -> Result<Vec<String>, WitError> {
        self.with_live(|live| {
            let vpath = api_path(&dir)?;
            live.sandbox
                .files()
                .list_files(&vpath)
                .map_err(|e| ExecError::internal(format!("cannot list '{dir}': {e}")))
        })
    }

    fn set_working_dir(&self, path: String) -> Result<(), WitError> {
        self.with_live(|live| {
            let vpath = api_path(&path)?;
            live.sandbox.files().create_dir(&vpath, true).map_err(|e| {
                ExecError::internal(format!("cannot use '{path}' as working directory: {e}"))
            })?;
            live.sandbox.set_cwd(vpath);
            Ok(())
        })
    }
}

enum Phase {
    NotStarted {
        snippet: String,
        options: RunOptions,
    },
    Running,
    Done,
}

struct StreamState<E: Engine> {
    live: Weak<RefCell<Live<E>>>,
    /// Keeps a one-shot run's interpreter alive; sessions own their own.
    _owner: Option<Rc<RefCell<Live<E>>>>,
    queue: VecDeque<ExecEvent>,
    phase: Phase,
}

pub struct EventStreamResource<E: Engine> {
    state: RefCell<StreamState<E>>,
}

impl<E: Engine> EventStreamResource<E> {
    fn start(
        live: Weak<RefCell<Live<E>>>,
        owner: Option<Rc<RefCell<Live<E>>>>,
        snippet: String,
        options: RunOptions,
    ) -> Self {
        EventStreamResource {
            state: RefCell::new(StreamState {
                live,
                _owner: owner,
                queue: VecDeque::new(),
                phase: Phase::NotStarted { snippet, options },
            }),
        }
    }

    fn failed(err: ExecError) -> Self {
        EventStreamResource {
            state: RefCell::new(StreamState {
                live: Weak::new(),
                _owner: None,
                queue: VecDeque::from([ExecEvent::Failed(err.into())]),
                phase: Phase::Done,
            }),
        }
    }
}

impl<E: Engine> StreamState<E> {
    /// Runs one step and queues what it produced.
    fn pump(&mut self) {
        let Some(live) = self.live.upgrade() else {
            self.queue.push_back(ExecEvent::Failed(
                ExecError::internal("the session was closed during the run").into(),
            ));
            self.phase = Phase::Done;
            return;
        };
        let mut live = live.borrow_mut();
        let step = match std::mem::replace(&mut self.phase, Phase::Running) {
            Phase::NotStarted { snippet, options } => match live.begin(&options) {
                Ok(()) => {
                    live.streaming = true;
                    live.engine.start(&snippet)
                }
                Err(err) => {
                    self.queue.push_back(ExecEvent::Failed(err.into()));
                    self.phase = Phase::Done;
                    return;
                }
            },
            Phase::Running => live.step(),
            Phase::Done => {
                self.phase = Phase::Done;
                return;
            }
        };
        for chunk in live.sandbox.io().output.take_pending() {
            self.queue.push_back(match chunk.stream {
                Stream::Stdout => ExecEvent::StdoutChunk(chunk.bytes),
                Stream::Stderr => ExecEvent::StderrChunk(chunk.bytes),
            });
        }
        if let Step::Done(end) = step {
            live.streaming = false;
            self.queue.push_back(match live.finish(end) {
                Ok(result) => ExecEvent::Finished(result),
                Err(err) => ExecEvent::Failed(err.into()),
            });
            self.phase = Phase::Done;
        }
    }
}

impl<E: Engine> GuestEventStream for EventStreamResource<E> {
    fn get_next(&self) -> Option<ExecEvent> {
        let mut state = self.state.borrow_mut();
        loop {
            if let Some(event) = state.queue.pop_front() {
                return Some(event);
            }
            if matches!(state.phase, Phase::Done) {
                return None;
            }
            state.pump();
        }
    }
}

impl<E: Engine> Drop for EventStreamResource<E> {
    fn drop(&mut self) {
        let state = self.state.get_mut();
        if matches!(state.phase, Phase::Running)
            && let Some(live) = state.live.upgrade()
        {
            let mut live = live.borrow_mut();
            live.engine.cancel();
            live.streaming = false;
            live.sandbox.end_run();
        }
    }
}
