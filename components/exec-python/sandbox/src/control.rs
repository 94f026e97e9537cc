use std::collections::HashMap;

use exec_core::file_store::FileChange;
use exec_core::output::{OutputBuffer, Stream};
use exec_core::vpath::VPath;

use crate::Sandbox;
use crate::bindings::exports::golem_exec::python_parts::control::{
    Change, Chunk, Guest, RunEffects, RunSetup,
};
use crate::state::{Run, new_store, with_state};

fn to_file_change(change: Change) -> Option<FileChange> {
    let path = |p: &str| VPath::from_api(p).ok();
    Some(match change {
        Change::File((p, data)) => FileChange::File(path(&p)?, data),
        Change::Directory(p) => FileChange::Dir(path(&p)?),
        Change::Removed(p) => FileChange::Removed(path(&p)?),
    })
}

fn to_wit_change(change: FileChange) -> Change {
    match change {
        FileChange::File(p, data) => Change::File((p.as_str().to_string(), data)),
        FileChange::Dir(p) => Change::Directory(p.as_str().to_string()),
        FileChange::Removed(p) => Change::Removed(p.as_str().to_string()),
    }
}

impl Guest for Sandbox {
    fn begin_run(setup: RunSetup) {
        with_state(|state| {
            let files = state
                .sessions
                .entry(setup.session)
                .or_insert_with(new_store);
            files.apply_changes(
                setup
                    .changes
                    .into_iter()
                    .filter_map(to_file_change)
                    .collect(),
            );
            files.set_max_file_size(setup.max_file_size);
            files.set_storage_limit(setup.storage_limit);
            state.run = Some(Run {
                session: setup.session,
                cwd: VPath::from_api(setup.cwd.trim_start_matches('/')).unwrap_or_default(),
                fds: HashMap::new(),
                next_fd: 3,
                stdin: setup.stdin,
                stdin_pos: 0,
                output: OutputBuffer::new(setup.output_cap),
                created: Default::default(),
                size_before_writes: HashMap::new(),
            });
        })
    }

    fn end_run() -> RunEffects {
        with_state(|state| {
            let Some(mut run) = state.run.take() else {
                return RunEffects {
                    output: Vec::new(),
                    changes: Vec::new(),
                };
            };
            let changes = state
                .sessions
                .get_mut(&run.session)
                .map(|files| files.take_changes())
                .unwrap_or_default();
            let output = run
                .output
                .take_pending()
                .into_iter()
                .map(|chunk| Chunk {
                    to_stderr: chunk.stream == Stream::Stderr,
                    data: chunk.bytes,
                })
                .collect();
            RunEffects {
                output,
                changes: changes.into_iter().map(to_wit_change).collect(),
            }
        })
    }

    fn drop_session(session: u32) {
        with_state(|state| {
            state.sessions.remove(&session);
        })
    }
}
