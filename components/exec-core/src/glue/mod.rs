//! The `golem:exec` and `golem-exec:streaming` exports, written once for
//! every engine: `live` drives one interpreter and its sandbox, `session` is
//! the session resource, `stream` the pull-based event stream.

mod live;
mod session;
mod stream;

use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;

use crate::bindings::exports::golem::exec::executor::{Guest, SessionBorrow};
use crate::bindings::exports::golem::exec::types::{
    Error as WitError, ExecResult, File, Language as WitLanguage, RunOptions,
};
use crate::bindings::exports::golem_exec::streaming::streaming::{
    EventStream, Guest as StreamingGuest,
};
use crate::engine::Engine;
use live::Live;
pub use session::SessionResource;
pub use stream::EventStreamResource;

/// Implements the exports for engine `E`; see `export_engine!`.
pub struct ExecComponent<E>(PhantomData<E>);

impl<E: Engine> Guest for ExecComponent<E> {
    type Session = SessionResource<E>;

    fn run(
        lang: WitLanguage,
        modules: Vec<File>,
        snippet: String,
        options: RunOptions,
    ) -> Result<ExecResult, WitError> {
        let mut live = Live::<E>::new(&lang, &modules)?;
        let result = live.run(&snippet, &options);
        live::retire(live);
        result.map_err(Into::into)
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
        EventStream::new(match session.get::<SessionResource<E>>().live() {
            Ok(live) => EventStreamResource::start(Rc::downgrade(&live), None, snippet, options),
            Err(err) => EventStreamResource::failed(err),
        })
    }

    fn close(session: SessionBorrow<'_>) {
        session.get::<SessionResource<E>>().close();
    }
}
