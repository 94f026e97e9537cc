//! `golem-exec serve` and `golem-exec mcp`, driven as clients drive them:
//! the real binary started by the test, HTTP over loopback with reqwest,
//! MCP over the child's stdio with rmcp's client.

mod http;
mod mcp;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A `golem-exec serve` process on a free loopback port, killed on drop.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub fn start(flags: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_golem-exec"));
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .args(component_flags())
            .args(flags)
            .env_remove("GOLEM_EXEC_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start golem-exec serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("the server exited before it listened")
                .unwrap();
            if let Some(addr) = line.strip_prefix("golem-exec: listening on ") {
                break addr.to_string();
            }
        };
        // Keep draining the logs so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn component_flags() -> [&'static str; 4] {
    [
        "--js-component",
        build_components::EXEC_JAVASCRIPT,
        "--python-component",
        build_components::EXEC_PYTHON,
    ]
}

/// Server-Sent Events as (event, data) pairs, data lines joined by `\n`.
pub fn parse_sse(text: &str) -> Vec<(String, String)> {
    let mut events = Vec::new();
    for block in text.split("\n\n") {
        let (mut name, mut data) = (String::from("message"), Vec::new());
        let mut any = false;
        for line in block.lines() {
            if let Some(v) = line.strip_prefix("event:") {
                name = v.trim_start().to_string();
                any = true;
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                any = true;
            }
        }
        if any {
            events.push((name, data.join("\n")));
        }
    }
    events
}
