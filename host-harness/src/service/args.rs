//! Command-line flags of `golem-exec serve` and `golem-exec mcp`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::engine::ServiceConfig;
use super::http::HttpConfig;
use crate::cli_args::parse_number;

pub const SERVE_USAGE: &str = "usage: golem-exec serve [--listen ADDR] [--token TOKEN]
         [--body-limit-bytes N] [ENGINE FLAGS]
       golem-exec mcp [ENGINE FLAGS]

serve: the HTTP JSON API (POST /v1/run, /v1/sessions..., GET /healthz,
  /metrics, /openapi.json) on ADDR (default 127.0.0.1:8080). With --token
  (or $GOLEM_EXEC_TOKEN) every endpoint but /healthz needs
  `Authorization: Bearer TOKEN`. Bodies over --body-limit-bytes (default
  16 MiB) are refused with 413.
mcp: an MCP server on stdin/stdout (tools run_javascript, run_python,
  session_create, session_run, session_upload, session_download,
  session_list_files, session_close).
ENGINE FLAGS:
  --max-concurrency N     runs at once (default: the number of cores);
                          HTTP answers 429 past it, MCP waits
  --max-sessions N        sessions kept at once (default 32)
  --session-idle-secs N   close sessions idle this long (default 600)
  --max-time-ms N         largest time limit a request may ask for and the
                          default (default 30000)
  --max-memory-mb N       same for memory (default 256)
  --max-file-size-bytes N same for the file-size limit (default 64 MiB)
  --node-id ID            prefix of session ids: the process that owns them
  --js-component PATH, --python-component PATH
                          components (default: found as `run` finds them)";

pub struct HttpOptions {
    pub listen: SocketAddr,
    pub http: HttpConfig,
}

/// Parses the flags after `serve` (with `http`) or `mcp`.
pub fn parse(
    mut argv: impl Iterator<Item = String>,
    http: bool,
) -> Result<(ServiceConfig, Option<HttpOptions>)> {
    let mut config = ServiceConfig::default();
    let mut listen: SocketAddr = "127.0.0.1:8080".parse().expect("a valid address");
    let mut token = std::env::var("GOLEM_EXEC_TOKEN").ok();
    let mut body_limit_bytes = 16 << 20;
    while let Some(flag) = argv.next() {
        let mut value = |name: &str| {
            argv.next()
                .with_context(|| format!("{name} needs a value\n\n{SERVE_USAGE}"))
        };
        let number = |text: String, flag: &str| parse_number(&text, flag);
        match flag.as_str() {
            "--listen" if http => {
                let text = value("--listen")?;
                listen = text.parse().with_context(|| {
                    format!("--listen '{text}' is not an address like 127.0.0.1:8080")
                })?;
            }
            "--token" if http => token = Some(value("--token")?),
            "--body-limit-bytes" if http => {
                body_limit_bytes =
                    number(value("--body-limit-bytes")?, "--body-limit-bytes")? as usize
            }
            "--max-concurrency" => {
                let n = number(value("--max-concurrency")?, "--max-concurrency")?;
                if n == 0 {
                    bail!("--max-concurrency must be at least 1");
                }
                config.max_concurrency = n as usize;
            }
            "--max-sessions" => {
                config.max_sessions = number(value("--max-sessions")?, "--max-sessions")? as usize
            }
            "--session-idle-secs" => {
                config.session_idle = Duration::from_secs(number(
                    value("--session-idle-secs")?,
                    "--session-idle-secs",
                )?)
            }
            "--max-time-ms" => {
                config.max_limits.time_ms = number(value("--max-time-ms")?, "--max-time-ms")?
            }
            "--max-memory-mb" => {
                config.max_limits.memory_bytes =
                    number(value("--max-memory-mb")?, "--max-memory-mb")?
                        .checked_mul(1 << 20)
                        .context("--max-memory-mb is too large")?
            }
            "--max-file-size-bytes" => {
                config.max_limits.file_size_bytes =
                    number(value("--max-file-size-bytes")?, "--max-file-size-bytes")?
            }
            "--node-id" => {
                let id = value("--node-id")?;
                if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    bail!("--node-id '{id}' must be letters, digits or '_'");
                }
                config.node_id = id;
            }
            "--js-component" => {
                config.javascript_component = Some(PathBuf::from(value("--js-component")?))
            }
            "--python-component" => {
                config.python_component = Some(PathBuf::from(value("--python-component")?))
            }
            "-h" | "--help" => bail!("{SERVE_USAGE}"),
            other => bail!("unknown flag '{other}'\n\n{SERVE_USAGE}"),
        }
    }
    let http = http.then_some(HttpOptions {
        listen,
        http: HttpConfig {
            token,
            body_limit_bytes,
        },
    });
    Ok((config, http))
}
