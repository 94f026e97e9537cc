//! The pull-based event stream: each `get-next` runs the interpreter one
//! step and hands out what that step wrote, then the run's one final event.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use super::live::Live;
use crate::bindings::exports::golem::exec::types::RunOptions;
use crate::bindings::exports::golem_exec::streaming::streaming::{ExecEvent, GuestEventStream};
use crate::engine::{Engine, EngineSession, Step};
use crate::error::ExecError;
use crate::output::Stream;

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
    owner: Option<Rc<RefCell<Live<E>>>>,
    queue: VecDeque<ExecEvent>,
    phase: Phase,
}

pub struct EventStreamResource<E: Engine> {
    state: RefCell<StreamState<E>>,
}

impl<E: Engine> EventStreamResource<E> {
    pub(super) fn start(
        live: Weak<RefCell<Live<E>>>,
        owner: Option<Rc<RefCell<Live<E>>>>,
        snippet: String,
        options: RunOptions,
    ) -> Self {
        EventStreamResource {
            state: RefCell::new(StreamState {
                live,
                owner,
                queue: VecDeque::new(),
                phase: Phase::NotStarted { snippet, options },
            }),
        }
    }

    pub(super) fn failed(err: ExecError) -> Self {
        EventStreamResource {
            state: RefCell::new(StreamState {
                live: Weak::new(),
                owner: None,
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
        if let Some(owner) = state.owner.take() {
            super::live::retire(owner);
        }
    }
}
