//! The pull-based event stream of a run, as an iterator, with one deadline
//! for the whole run (not one per `get-next`). A trap ends the stream with a
//! `failed` event carrying the run's outcome.

use std::time::Instant;

use anyhow::Result;
use wasmtime::component::ResourceAny;

use super::calls::time_ms;
use super::{ExecInstance, SessionHandle, lost_session};
use crate::{ExecError, ExecEvent, File, Language, RunOptions};

enum State {
    Open(ResourceAny),
    /// The run failed before it had a stream; one `failed` event is left.
    Failing(ExecError),
    Done,
}

/// Dropping it drops the guest's stream, which cancels an unfinished run.
pub struct EventIter<'a> {
    instance: &'a mut ExecInstance,
    state: State,
    /// When the backstop stops the run, however many events it has.
    deadline: Instant,
}

impl ExecInstance {
    pub fn run_streaming(
        &mut self,
        lang: &Language,
        modules: &[File],
        snippet: &str,
        options: &RunOptions,
    ) -> Result<EventIter<'_>> {
        let deadline = self.deadline(time_ms(options));
        let opened = self.call(deadline, |lib, store| {
            lib.golem_exec_streaming_streaming()
                .call_run_streaming(store, lang, modules, snippet, options)
        })?;
        Ok(self.events(opened.map_err(|t| t.to_exec_error()), deadline))
    }

    pub fn session_run_streaming(
        &mut self,
        session: &SessionHandle,
        snippet: &str,
        options: &RunOptions,
    ) -> Result<EventIter<'_>> {
        let deadline = self.deadline(time_ms(options));
        let Some(resource) = self.resource_of(session) else {
            return Ok(self.events(Err(lost_session()), deadline));
        };
        let opened = self.call(deadline, |lib, store| {
            lib.golem_exec_streaming_streaming()
                .call_session_run_streaming(store, resource, snippet, options)
        })?;
        Ok(self.events(opened.map_err(|t| t.to_exec_error()), deadline))
    }

    fn events(
        &mut self,
        opened: Result<ResourceAny, ExecError>,
        deadline: Instant,
    ) -> EventIter<'_> {
        EventIter {
            instance: self,
            state: match opened {
                Ok(stream) => State::Open(stream),
                Err(err) => State::Failing(err),
            },
            deadline,
        }
    }
}

impl Iterator for EventIter<'_> {
    type Item = Result<ExecEvent>;

    fn next(&mut self) -> Option<Self::Item> {
        let stream = match std::mem::replace(&mut self.state, State::Done) {
            State::Done => return None,
            State::Failing(err) => return Some(Ok(ExecEvent::Failed(err))),
            State::Open(stream) => stream,
        };
        let next = self.instance.call(self.deadline, |lib, store| {
            lib.golem_exec_streaming_streaming()
                .event_stream()
                .call_get_next(store, stream)
        });
        match next {
            Ok(Ok(Some(event))) => {
                self.state = State::Open(stream);
                Some(Ok(event))
            }
            Ok(Ok(None)) => {
                self.state = State::Open(stream);
                None
            }
            // The instance was replaced: the stream went with it.
            Ok(Err(trapped)) => Some(Ok(ExecEvent::Failed(trapped.to_exec_error()))),
            Err(err) => Some(Err(err)),
        }
    }
}

impl Drop for EventIter<'_> {
    fn drop(&mut self) {
        if let State::Open(stream) = std::mem::replace(&mut self.state, State::Done) {
            let deadline = self.instance.deadline(None);
            let _ = self
                .instance
                .call(deadline, |_, store| stream.resource_drop(store));
        }
    }
}
