//! `golem-exec mcp`: an MCP server over stdio with tools for one-shot runs
//! and sessions. A run's result is structured content (the HTTP API's run
//! reply) plus a text rendering; a failed run sets `isError`. While a run
//! is in flight its output goes out as progress notifications when the
//! client sent a progress token.

use std::collections::BTreeMap;

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, Implementation, ProgressNotificationParam, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, schemars, tool, tool_handler, tool_router};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;

use super::api::{
    ContentEncoding, FileInput, LanguageName, LimitsInput, RunInput, RunReply, decode_content,
    decode_files, encode_base64,
};
use super::engine::{Engine, Output, ServiceError, Target};

#[derive(Clone)]
pub struct McpServer {
    engine: Engine,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SessionCreateArgs {
    pub language: LanguageName,
    pub files: Option<Vec<FileInput>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SessionRunArgs {
    pub session_id: String,
    pub code: String,
    pub stdin: Option<String>,
    pub args: Option<Vec<String>>,
    pub env: Option<BTreeMap<String, String>>,
    pub limits: Option<LimitsInput>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SessionUploadArgs {
    pub session_id: String,
    /// Path in the session's sandbox.
    pub name: String,
    pub content: String,
    pub encoding: Option<ContentEncoding>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SessionDownloadArgs {
    pub session_id: String,
    pub path: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SessionListArgs {
    pub session_id: String,
    /// Directory to list; the sandbox root when absent.
    pub dir: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SessionCloseArgs {
    pub session_id: String,
}

/// A refusal as a tool error the model can read.
fn refused(err: ServiceError) -> CallToolResult {
    CallToolResult::structured_error(json!({ "error": err.body() }))
}

fn ok(value: serde_json::Value) -> CallToolResult {
    CallToolResult::structured(value)
}

/// The text a client shows: the output, then how the run ended.
fn render(reply: &RunReply) -> String {
    let mut text = String::new();
    if !reply.stdout.is_empty() {
        text.push_str(&reply.stdout);
        if !reply.stdout.ends_with('\n') {
            text.push('\n');
        }
    }
    if !reply.stderr.is_empty() {
        text.push_str("[stderr]\n");
        text.push_str(&reply.stderr);
        if !reply.stderr.ends_with('\n') {
            text.push('\n');
        }
    }
    match &reply.error {
        Some(error) => text.push_str(&format!("[{}] {}", error.kind, error.message)),
        None => text.push_str(&format!("[exit code {}]", reply.exit_code.unwrap_or(0))),
    }
    text
}

fn run_result(reply: Result<RunReply, ServiceError>) -> CallToolResult {
    match reply {
        Ok(reply) => {
            let failed = reply.error.is_some();
            let text = render(&reply);
            let value = json!(reply);
            let mut result = if failed {
                CallToolResult::structured_error(value)
            } else {
                CallToolResult::structured(value)
            };
            result.content = vec![ContentBlock::text(text)];
            result
        }
        Err(err) => refused(err),
    }
}

/// A sink that turns output into progress notifications, when the client
/// asked for progress; awaiting the handle sends the last of them.
fn progress_sink(
    ctx: &RequestContext<RoleServer>,
) -> (
    Option<mpsc::Sender<Output>>,
    Option<tokio::task::JoinHandle<()>>,
) {
    let Some(token) = ctx.meta.get_progress_token() else {
        return (None, None);
    };
    let (tx, mut rx) = mpsc::channel::<Output>(64);
    let peer = ctx.peer.clone();
    let forwarder = tokio::spawn(async move {
        let mut n = 0u64;
        while let Some(output) = rx.recv().await {
            n += 1;
            let message = match output {
                Output::Stdout(text) => text,
                Output::Stderr(text) => format!("[stderr] {text}"),
            };
            let param =
                ProgressNotificationParam::new(token.clone(), n as f64).with_message(message);
            if peer.notify_progress(param).await.is_err() {
                break;
            }
        }
    });
    (Some(tx), Some(forwarder))
}

impl McpServer {
    pub fn new(engine: Engine) -> Self {
        McpServer { engine }
    }

    /// A run once a slot is free, its output sent as progress meanwhile.
    async fn run(
        &self,
        target: Target,
        input: RunInput,
        ctx: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        let permit = self.engine.admit().await;
        let (sink, forwarder) = progress_sink(ctx);
        let reply = self.engine.run_target(permit, target, input, sink).await;
        if let Some(forwarder) = forwarder {
            let _ = forwarder.await;
        }
        run_result(reply)
    }
}

#[tool_router]
impl McpServer {
    #[tool(
        description = "Run a JavaScript (Node-compatible, ES module) snippet in a fresh sandbox. Returns stdout, stderr, exit_code, time_ms and memory_bytes; a failed run (syntax error, uncaught exception, time or memory limit) is an error result with error.kind and error.message."
    )]
    async fn run_javascript(
        &self,
        Parameters(input): Parameters<RunInput>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(self
            .run(Target::OneShot(LanguageName::Javascript), input, &ctx)
            .await)
    }

    #[tool(
        description = "Run a Python 3 snippet in a fresh sandbox. Returns stdout, stderr, exit_code, time_ms and memory_bytes; a failed run (syntax error, uncaught exception, time or memory limit) is an error result with error.kind and error.message."
    )]
    async fn run_python(
        &self,
        Parameters(input): Parameters<RunInput>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(self
            .run(Target::OneShot(LanguageName::Python), input, &ctx)
            .await)
    }

    #[tool(
        description = "Create a session: a sandbox whose globals and files persist between session_run calls. Returns {session_id}."
    )]
    async fn session_create(
        &self,
        Parameters(args): Parameters<SessionCreateArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let files = match decode_files(args.files.as_deref()) {
            Ok(files) => files,
            Err(why) => return Ok(refused(ServiceError::InvalidRequest(why))),
        };
        Ok(
            match self.engine.session_create(args.language, files).await {
                Ok(id) => ok(json!({ "session_id": id })),
                Err(err) => refused(err),
            },
        )
    }

    #[tool(description = "Run code in a session; its globals and files stay for the next run.")]
    async fn session_run(
        &self,
        Parameters(args): Parameters<SessionRunArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        if let Err(err) = self.engine.session_language(&args.session_id) {
            return Ok(refused(err));
        }
        let input = RunInput {
            code: args.code,
            stdin: args.stdin,
            args: args.args,
            env: args.env,
            files: None,
            limits: args.limits,
        };
        Ok(self
            .run(Target::Session(args.session_id), input, &ctx)
            .await)
    }

    #[tool(description = "Write a file into a session's sandbox (content as utf8, base64 or hex).")]
    async fn session_upload(
        &self,
        Parameters(args): Parameters<SessionUploadArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let content = match decode_content(&args.content, args.encoding.unwrap_or_default()) {
            Ok(content) => content,
            Err(why) => {
                return Ok(refused(ServiceError::InvalidRequest(format!(
                    "file '{}': {why}",
                    args.name
                ))));
            }
        };
        let file = super::api::binary_file(&args.name, &content);
        Ok(match self.engine.upload(&args.session_id, file).await {
            Ok(()) => ok(json!({ "uploaded": args.name })),
            Err(err) => refused(err),
        })
    }

    #[tool(
        description = "Read a file from a session's sandbox; returns {content, encoding: \"base64\"}."
    )]
    async fn session_download(
        &self,
        Parameters(args): Parameters<SessionDownloadArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(
            match self.engine.download(&args.session_id, args.path).await {
                Ok(bytes) => ok(json!({ "content": encode_base64(&bytes), "encoding": "base64" })),
                Err(err) => refused(err),
            },
        )
    }

    #[tool(
        description = "List the files under a directory of a session's sandbox; returns {files}."
    )]
    async fn session_list_files(
        &self,
        Parameters(args): Parameters<SessionListArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let dir = args.dir.unwrap_or_default();
        Ok(match self.engine.list_files(&args.session_id, dir).await {
            Ok(files) => ok(json!({ "files": files })),
            Err(err) => refused(err),
        })
    }

    #[tool(description = "Close a session and free its sandbox.")]
    async fn session_close(
        &self,
        Parameters(args): Parameters<SessionCloseArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(match self.engine.close(&args.session_id) {
            Ok(()) => ok(json!({ "closed": args.session_id })),
            Err(err) => refused(err),
        })
    }
}

#[tool_handler]
impl ServerHandler for McpServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("golem-exec", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "Sandboxed JavaScript and Python: run_javascript / run_python for one-shot runs \
                 (each in a fresh sandbox); session_* tools for state that persists between runs. \
                 No network; files live in the sandbox only.",
            )
    }
}
