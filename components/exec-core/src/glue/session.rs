//! The session resource: an open interpreter, or why it is not.

use std::cell::RefCell;
use std::rc::Rc;

use super::live::{Live, api_path, store_file};
use crate::bindings::exports::golem::exec::executor::GuestSession;
use crate::bindings::exports::golem::exec::types::{
    Error as WitError, ExecResult, File, Language as WitLanguage, RunOptions,
};
use crate::engine::Engine;
use crate::error::ExecError;

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
    /// The session's interpreter, or why there is none.
    pub(super) fn live(&self) -> Result<Rc<RefCell<Live<E>>>, ExecError> {
        match &*self.state.borrow() {
            SessionState::Open(live) => Ok(live.clone()),
            SessionState::Broken(err) => Err(err.clone()),
            SessionState::Closed => Err(ExecError::internal("the session is closed")),
        }
    }

    /// Frees the interpreter and files by dropping the last strong
    /// reference; a stream still reading from this session then reports the
    /// closure. Closing again changes nothing.
    pub(super) fn close(&self) {
        let old = std::mem::replace(&mut *self.state.borrow_mut(), SessionState::Closed);
        drop(old);
    }

    fn with_live<T>(
        &self,
        f: impl FnOnce(&mut Live<E>) -> Result<T, ExecError>,
    ) -> Result<T, WitError> {
        let live = self.live()?;
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
        super::live::drop_retired();
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
