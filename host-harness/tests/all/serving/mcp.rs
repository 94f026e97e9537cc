//! `golem-exec mcp` with rmcp's own client over the child's stdio: the
//! tools an MCP client lists, and each of them called.

use std::process::Stdio;
use std::sync::{Arc, Mutex};

use rmcp::model::{
    CallToolRequestParams, CallToolResult, NumberOrString, ProgressNotificationParam,
    ProgressToken, RequestMetaObject,
};
use rmcp::service::{NotificationContext, RunningService};
use rmcp::transport::TokioChildProcess;
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::{Value, json};
use tokio::process::Command;

use super::component_flags;

/// A client that keeps the progress messages it is sent.
#[derive(Clone, Default)]
struct Recorder {
    progress: Arc<Mutex<Vec<String>>>,
}

impl ClientHandler for Recorder {
    async fn on_progress(
        &self,
        params: ProgressNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.progress
            .lock()
            .unwrap()
            .push(params.message.unwrap_or_default());
    }
}

async fn connect(recorder: Recorder) -> RunningService<RoleClient, Recorder> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_golem-exec"));
    cmd.arg("mcp").args(component_flags());
    let (transport, _) = TokioChildProcess::builder(cmd)
        .stderr(Stdio::null())
        .spawn()
        .expect("start golem-exec mcp");
    recorder.serve(transport).await.expect("MCP handshake")
}

async fn call(
    client: &RunningService<RoleClient, Recorder>,
    tool: &'static str,
    args: Value,
) -> CallToolResult {
    let params = CallToolRequestParams::new(tool).with_arguments(args.as_object().unwrap().clone());
    client.call_tool(params).await.expect("tools/call")
}

fn structured(result: &CallToolResult) -> &Value {
    result
        .structured_content
        .as_ref()
        .expect("structured content")
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tools_are_listed_with_their_input_schemas() {
    let client = connect(Recorder::default()).await;
    let tools = client.list_all_tools().await.unwrap();
    let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "run_javascript",
            "run_python",
            "session_close",
            "session_create",
            "session_download",
            "session_list_files",
            "session_run",
            "session_upload",
        ]
    );
    let props = |name: &str| -> Vec<String> {
        let tool = tools.iter().find(|t| t.name == name).unwrap();
        let mut keys: Vec<String> = tool.input_schema["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{name} has no properties: {:?}", tool.input_schema))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        props("run_javascript"),
        ["args", "code", "env", "files", "limits", "stdin"]
    );
    assert_eq!(props("run_python"), props("run_javascript"));
    assert_eq!(props("session_create"), ["files", "language"]);
    assert_eq!(
        props("session_run"),
        ["args", "code", "env", "limits", "session_id", "stdin"]
    );
    assert_eq!(
        props("session_upload"),
        ["content", "encoding", "name", "session_id"]
    );
    assert_eq!(props("session_download"), ["path", "session_id"]);
    assert_eq!(props("session_list_files"), ["dir", "session_id"]);
    assert_eq!(props("session_close"), ["session_id"]);
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn one_shot_runs_return_structured_and_text_results() {
    let client = connect(Recorder::default()).await;
    let result = call(
        &client,
        "run_javascript",
        json!({"code": "console.log(6 * 7, process.argv[2], require('fs').readFileSync('f.txt', 'utf8'))", "args": ["x"], "files": [{"name": "f.txt", "content": "6869", "encoding": "hex"}]}),
    )
    .await;
    assert_eq!(result.is_error, Some(false));
    let reply = structured(&result);
    assert_eq!(reply["stdout"], "42 x hi\n");
    assert_eq!(reply["exit_code"], 0);
    assert!(reply["memory_bytes"].as_u64().unwrap() > 0);
    assert!(text(&result).contains("42 x hi"), "{}", text(&result));

    let result = call(&client, "run_python", json!({"code": "print('up')\n1/0"})).await;
    assert_eq!(result.is_error, Some(true));
    let reply = structured(&result);
    assert_eq!(reply["stdout"], "up\n");
    assert_eq!(reply["error"]["kind"], "runtime-failed");
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap()
            .contains("ZeroDivisionError")
    );
    assert!(text(&result).contains("runtime-failed"));

    let result = call(
        &client,
        "run_javascript",
        json!({"code": "for (;;) {}", "limits": {"time_ms": 200}}),
    )
    .await;
    assert_eq!(structured(&result)["error"]["kind"], "timeout");
    let result = call(&client, "run_javascript", json!({"code": "let = ;"})).await;
    assert_eq!(structured(&result)["error"]["kind"], "compilation-failed");
    // Bad file content is a tool error naming the file; the server goes on.
    let result = call(
        &client,
        "run_javascript",
        json!({"code": "1", "files": [{"name": "b.bin", "content": "zz", "encoding": "hex"}]}),
    )
    .await;
    assert_eq!(result.is_error, Some(true));
    assert!(
        structured(&result)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("b.bin")
    );
    let result = call(
        &client,
        "run_javascript",
        json!({"code": "console.log('ok')"}),
    )
    .await;
    assert_eq!(structured(&result)["stdout"], "ok\n");
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_run_upload_download_list_and_close() {
    let client = connect(Recorder::default()).await;
    let created = call(&client, "session_create", json!({"language": "python"})).await;
    let id = structured(&created)["session_id"]
        .as_str()
        .unwrap()
        .to_string();
    let uploaded = call(
        &client,
        "session_upload",
        json!({"session_id": id, "name": "in/n.txt", "content": "MjA=", "encoding": "base64"}),
    )
    .await;
    assert_eq!(uploaded.is_error, Some(false), "{uploaded:?}");
    let ran = call(
        &client,
        "session_run",
        json!({"session_id": id, "code": "n = int(open('in/n.txt').read())\nopen('out.txt', 'w').write(str(n * 2))"}),
    )
    .await;
    assert_eq!(ran.is_error, Some(false), "{ran:?}");
    let ran = call(
        &client,
        "session_run",
        json!({"session_id": id, "code": "print(n + 1)"}),
    )
    .await;
    assert_eq!(structured(&ran)["stdout"], "21\n");
    let listed = call(&client, "session_list_files", json!({"session_id": id})).await;
    let files = structured(&listed)["files"].as_array().unwrap().clone();
    assert!(files.contains(&json!("out.txt")), "{files:?}");
    let downloaded = call(
        &client,
        "session_download",
        json!({"session_id": id, "path": "out.txt"}),
    )
    .await;
    assert_eq!(structured(&downloaded)["content"], "NDA=");
    assert_eq!(structured(&downloaded)["encoding"], "base64");
    let closed = call(&client, "session_close", json!({"session_id": id})).await;
    assert_eq!(closed.is_error, Some(false));
    let after = call(
        &client,
        "session_run",
        json!({"session_id": id, "code": "print(1)"}),
    )
    .await;
    assert_eq!(after.is_error, Some(true));
    assert_eq!(structured(&after)["error"]["kind"], "not-found");
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn output_arrives_as_progress_while_a_run_is_in_flight() {
    let recorder = Recorder::default();
    let client = connect(recorder.clone()).await;
    let mut params = CallToolRequestParams::new("run_javascript").with_arguments(
        json!({"code": "console.log('first'); await new Promise((r) => setTimeout(r, 50)); console.error('second')"})
            .as_object()
            .unwrap()
            .clone(),
    );
    params.meta = Some(RequestMetaObject::with_progress_token(ProgressToken(
        NumberOrString::String("run-1".into()),
    )));
    let result = client.call_tool(params).await.unwrap();
    assert_eq!(structured(&result)["stdout"], "first\n");
    // Notifications are handled by the client's own task: give it a moment.
    for _ in 0..100 {
        if recorder.progress.lock().unwrap().len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let progress = recorder.progress.lock().unwrap().clone();
    assert_eq!(progress, ["first\n", "[stderr] second\n"]);
    client.cancel().await.unwrap();
}
