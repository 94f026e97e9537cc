//! One interpreter with its sandbox, a session's or a one-shot run's, and
//! what the exports need of it: requests checked, runs driven to their end.

use crate::bindings::exports::golem::exec::types::{
    Encoding, ExecResult, File, Language as WitLanguage, LanguageKind, Limits as WitLimits,
    RunOptions,
};
use crate::encoding::{ContentEncoding, decode_content};
use crate::engine::{Engine, EngineSession, Language, RunEnd, Step};
use crate::error::ExecError;
use crate::file_store::{FsErrorCode, WriteMode};
use crate::limits::{EnvDefaults, Limits, RequestedLimits};
use crate::outcome::conclude;
use crate::sandbox::{RunSetup, Sandbox};
use crate::vpath::VPath;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    /// Interpreters of ended one-shot runs, torn down at the start of the
    /// next call rather than before their run's result is returned: freeing
    /// a big heap (a million objects) takes ~100 ms, which the caller would
    /// otherwise wait for past the time limit. Nothing runs in them again.
    static RETIRED: RefCell<Vec<Box<dyn Any>>> = const { RefCell::new(Vec::new()) };
}

/// Keeps an ended one-shot run's interpreter until the next call.
pub(super) fn retire(interpreter: impl Any) {
    RETIRED.with(|retired| retired.borrow_mut().push(Box::new(interpreter)));
}

/// Tears down retired interpreters, so that their memory is free before a
/// call that may need it.
pub(super) fn drop_retired() {
    // Taken out first: a drop must not find the list borrowed.
    let retired = RETIRED.with(|retired| std::mem::take(&mut *retired.borrow_mut()));
    drop(retired);
}

/// An interpreter with its sandbox: a session, or the whole of a one-shot run.
pub(super) struct Live<E: Engine> {
    pub(super) sandbox: Rc<Sandbox>,
    pub(super) engine: E::Session,
    /// A streamed run is in progress; other runs must wait for it.
    pub(super) streaming: bool,
}

fn language_of(kind: LanguageKind) -> Language {
    match kind {
        LanguageKind::Javascript => Language::JavaScript,
        LanguageKind::Python => Language::Python,
    }
}

pub(super) fn api_path(path: &str) -> Result<VPath, ExecError> {
    VPath::from_api(path).map_err(|e| ExecError::internal(e.to_string()))
}

/// Adds a file to the store (creating its directories), as `upload` does.
pub(super) fn store_file(sandbox: &Sandbox, file: &File) -> Result<(), ExecError> {
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
            FsErrorCode::FileTooLarge | FsErrorCode::NoSpace => ExecError::ResourceExceeded,
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
    pub(super) fn new(lang: &WitLanguage, modules: &[File]) -> Result<Self, ExecError> {
        if language_of(lang.kind) != E::LANGUAGE {
            return Err(ExecError::UnsupportedLanguage);
        }
        drop_retired();
        let sandbox = Rc::new(Sandbox::new(EnvDefaults::from_env()?)?);
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

    pub(super) fn begin(&mut self, options: &RunOptions) -> Result<(), ExecError> {
        drop_retired();
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
    pub(super) fn step(&mut self) -> Step {
        if let Some(stop) = self.sandbox.stop_requested() {
            self.engine.cancel();
            return Step::Done(stop.into());
        }
        self.engine.step()
    }

    pub(super) fn finish(&mut self, end: RunEnd) -> Result<ExecResult, ExecError> {
        conclude(&self.sandbox, end, self.engine.peak_memory())
    }

    pub(super) fn run(
        &mut self,
        snippet: &str,
        options: &RunOptions,
    ) -> Result<ExecResult, ExecError> {
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
