use exec_core::output::Stream;

use crate::Sandbox;
use crate::bindings::exports::golem_exec::python_parts::console::Guest;
use crate::state::with_state;

impl Guest for Sandbox {
    fn write(to_stderr: bool, data: Vec<u8>) -> bool {
        with_state(|state| {
            let Some(run) = state.run.as_mut() else {
                return false;
            };
            let stream = if to_stderr {
                Stream::Stderr
            } else {
                Stream::Stdout
            };
            run.output.write(stream, &data).is_ok()
        })
    }

    fn read_stdin(max: u32) -> Vec<u8> {
        with_state(|state| {
            let Some(run) = state.run.as_mut() else {
                return Vec::new();
            };
            let rest = &run.stdin[run.stdin_pos..];
            let len = rest.len().min(max as usize);
            let chunk = rest[..len].to_vec();
            run.stdin_pos += len;
            chunk
        })
    }
}
