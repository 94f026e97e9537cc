//! The HTTP API over loopback, as `curl` or an agent's HTTP client uses it.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Server, parse_sse};

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

async fn post(server: &Server, path: &str, body: Value) -> (StatusCode, Value) {
    let response = client()
        .post(server.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn run_js(server: &Server, code: &str) -> (StatusCode, Value) {
    post(
        server,
        "/v1/run",
        json!({"language": "javascript", "code": code}),
    )
    .await
}

/// The server still answers a plain run after whatever came before.
async fn assert_serving(server: &Server) {
    let (status, reply) = run_js(server, "console.log('still serving')").await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["stdout"], "still serving\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_shot_runs_answer_with_output_exit_code_and_usage() {
    let server = Server::start(&[], &[]);
    let (status, reply) = post(
        &server,
        "/v1/run",
        json!({
            "language": "javascript",
            "code": "const fs = require('fs'); console.log(fs.readFileSync('in/data.txt', 'utf8'), process.argv.slice(2).join(','), process.env.GREETING); console.error('to stderr'); process.exitCode = 3",
            "args": ["a", "b"],
            "env": {"GREETING": "hi"},
            "files": [{"name": "in/data.txt", "content": "ZGF0YQ==", "encoding": "base64"}],
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["stdout"], "data a,b hi\n");
    assert_eq!(reply["stderr"], "to stderr\n");
    // A nonzero exit is a failed run in golem:exec's terms.
    assert_eq!(reply["exit_code"], 3);
    assert_eq!(reply["error"]["kind"], "runtime-failed", "{reply}");
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap()
            .contains("exit code 3"),
        "{reply}"
    );

    let (status, reply) = run_js(&server, "console.log([1, 2].map((x) => x * 21).join(''))").await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["stdout"], "2142\n");
    assert_eq!(reply["exit_code"], 0);
    assert!(reply["memory_bytes"].as_u64().unwrap() > 0, "{reply}");
    assert!(reply["time_ms"].is_u64(), "{reply}");
    assert!(reply.get("error").is_none(), "{reply}");

    let (status, reply) = post(
        &server,
        "/v1/run",
        json!({"language": "python", "code": "import sys\nprint(sys.stdin.read().upper())", "stdin": "shout"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["stdout"], "SHOUT\n");
    assert_eq!(reply["exit_code"], 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_run_is_200_with_its_error_beside_the_output() {
    let server = Server::start(&[], &[]);
    let (status, reply) = run_js(
        &server,
        "console.log('before'); throw new TypeError('boom')",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["stdout"], "before\n");
    assert_eq!(reply["error"]["kind"], "runtime-failed");
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap()
            .contains("TypeError: boom"),
        "{reply}"
    );
    assert_eq!(reply["exit_code"], 1);

    let (_, reply) = run_js(&server, "let x = ;").await;
    assert_eq!(reply["error"]["kind"], "compilation-failed", "{reply}");

    // Output printed before the limit was hit is kept.
    let (_, reply) = post(
        &server,
        "/v1/run",
        json!({"language": "javascript", "code": "console.log('started'); for (;;) {}", "limits": {"time_ms": 200}}),
    )
    .await;
    assert_eq!(reply["error"]["kind"], "timeout", "{reply}");
    assert_eq!(reply["stdout"], "started\n");
    assert!(reply["exit_code"].is_null());

    let (_, reply) = post(
        &server,
        "/v1/run",
        json!({"language": "python", "code": "x = bytearray(64 << 20)", "limits": {"memory_bytes": 16 << 20}}),
    )
    .await;
    assert_eq!(reply["error"]["kind"], "resource-exceeded", "{reply}");
}

#[tokio::test(flavor = "multi_thread")]
async fn limits_asked_for_are_clamped_to_the_server_maxima() {
    let server = Server::start(&["--max-time-ms", "300"], &[]);
    let started = std::time::Instant::now();
    let (_, reply) = post(
        &server,
        "/v1/run",
        json!({"language": "javascript", "code": "for (;;) {}", "limits": {"time_ms": 600000}}),
    )
    .await;
    assert_eq!(reply["error"]["kind"], "timeout", "{reply}");
    // Without the clamp this run would take ten minutes.
    assert!(started.elapsed() < Duration::from_secs(60));
    // No limit asked for: the maximum applies.
    let (_, reply) = run_js(&server, "for (;;) {}").await;
    assert_eq!(reply["error"]["kind"], "timeout", "{reply}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_streamed_run_sends_output_events_in_write_order_then_the_result() {
    let server = Server::start(&[], &[]);
    let streamed = |body: Value| {
        let url = server.url("/v1/run");
        async move {
            let response = client()
                .post(url)
                .header("Accept", "text/event-stream")
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/event-stream")
            );
            parse_sse(&response.text().await.unwrap())
        }
    };
    let events = streamed(json!({
        "language": "javascript",
        "code": "console.log('one'); console.error('two'); await new Promise((r) => setTimeout(r, 50)); console.log('three\\nfour')",
    }))
    .await;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["stdout", "stderr", "stdout", "result"],
        "{events:?}"
    );
    assert_eq!(events[0].1, "one\n");
    assert_eq!(events[1].1, "two\n");
    assert_eq!(events[2].1, "three\nfour\n");
    let result: Value = serde_json::from_str(&events[3].1).unwrap();
    assert_eq!(result["stdout"], "one\nthree\nfour\n");
    assert_eq!(result["exit_code"], 0);

    let events = streamed(json!({
        "language": "python",
        "code": "print('partial', flush=True)\nwhile True: pass",
        "limits": {"time_ms": 300},
    }))
    .await;
    let (last, data) = events.last().unwrap();
    assert_eq!(last, "error", "{events:?}");
    let result: Value = serde_json::from_str(data).unwrap();
    assert_eq!(result["error"]["kind"], "timeout");
    assert_eq!(events[0], ("stdout".to_string(), "partial\n".to_string()));
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_keep_state_and_files_until_deleted() {
    let server = Server::start(&[], &[]);
    let (status, created) = post(
        &server,
        "/v1/sessions",
        json!({"language": "javascript", "files": [{"name": "seed.txt", "content": "seed"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let session = |path: &str| server.url(&format!("/v1/sessions/{id}{path}"));

    let (status, reply) = post(
        &server,
        &format!("/v1/sessions/{id}/run"),
        json!({"code": "globalThis.count = 41; console.log(require('fs').readFileSync('seed.txt', 'utf8'))"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["stdout"], "seed\n");

    let bytes: Vec<u8> = (0..=255).collect();
    let put = client()
        .put(session("/files/data/raw.bin"))
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::NO_CONTENT);

    let (_, reply) = post(
        &server,
        &format!("/v1/sessions/{id}/run"),
        json!({"code": "count += 1; const b = require('fs').readFileSync('data/raw.bin'); require('fs').writeFileSync('out.txt', `${count} ${b.length} ${b[255]}`)"}),
    )
    .await;
    assert!(reply.get("error").is_none(), "{reply}");

    let got = client()
        .get(session("/files/out.txt"))
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.text().await.unwrap(), "42 256 255");
    let raw = client()
        .get(session("/files/data/raw.bin"))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.bytes().await.unwrap().to_vec(), bytes);

    let listed: Value = client()
        .get(session("/files?dir=data"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["files"], json!(["raw.bin"]));

    let missing = client()
        .get(session("/files/none.txt"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let deleted = client().delete(session("")).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let (status, reply) = post(
        &server,
        &format!("/v1/sessions/{id}/run"),
        json!({"code": "1"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(reply["error"]["kind"], "not-found");
    assert!(id.starts_with("n"), "session ids name their process: {id}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_requests_get_the_right_status_and_the_server_keeps_serving() {
    let server = Server::start(&["--body-limit-bytes", "4096"], &[]);
    let raw = |body: &'static str| {
        let url = server.url("/v1/run");
        async move {
            let response = client()
                .post(url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = response.status();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = raw("{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["kind"], "invalid-request");
    let (status, body) = raw(r#"{"language": "ruby", "code": "1"}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("ruby"),
        "{body}"
    );
    let (status, _) = raw(r#"{"language": "javascript"}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = post(
        &server,
        "/v1/run",
        json!({"language": "javascript", "code": "1", "files": [{"name": "x.bin", "content": "%%%", "encoding": "base64"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("x.bin"),
        "{body}"
    );
    let (status, body) = post(
        &server,
        "/v1/run",
        json!({"language": "javascript", "code": "x".repeat(10_000)}),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["kind"], "payload-too-large");
    let (status, _) = post(&server, "/v1/sessions/nope/run", json!({"code": "1"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = client()
        .get(server.url("/v1/nowhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_serving(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_is_required_when_set_except_for_healthz() {
    let server = Server::start(&["--token", "s3cret"], &[]);
    let body = json!({"language": "javascript", "code": "console.log(1)"});
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("s3cret"),
        Some("Bearer s3cret2"),
    ] {
        let mut request = client().post(server.url("/v1/run")).json(&body);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["kind"], "unauthorized");
    }
    let metrics = client().get(server.url("/metrics")).send().await.unwrap();
    assert_eq!(metrics.status(), StatusCode::UNAUTHORIZED);
    let health = client().get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let response = client()
        .post(server.url("/v1/run"))
        .header("Authorization", "Bearer s3cret")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap()["stdout"], "1\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn parallel_runs_each_get_their_own_instance() {
    let server = Server::start(&["--max-concurrency", "4"], &[]);
    let runs = (0..4).map(|i| {
        let url = server.url("/v1/run");
        tokio::spawn(async move {
            // Each sees only its own globals: a shared instance would leak `seen`.
            let code = format!(
                "globalThis.seen = (globalThis.seen ?? 0) + 1; await new Promise((r) => setTimeout(r, 300)); console.log({i}, globalThis.seen)"
            );
            let response = client()
                .post(url)
                .json(&json!({"language": "javascript", "code": code}))
                .send()
                .await
                .unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        })
    });
    for (i, run) in runs.enumerate() {
        let (status, reply) = run.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{reply}");
        assert_eq!(reply["stdout"], format!("{i} 1\n"));
    }
}

/// A run that holds its slot for `ms` of busy work, started (and, after a
/// moment, admitted) when this returns; its task yields the reply.
async fn busy_run(server: &Server, ms: u64) -> tokio::task::JoinHandle<Value> {
    let url = server.url("/v1/run");
    let code =
        format!("const t = Date.now(); while (Date.now() - t < {ms}) {{}} console.log('done')");
    let busy = tokio::spawn(async move {
        client()
            .post(url)
            .json(&json!({"language": "javascript", "code": code, "limits": {"time_ms": 10000}}))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    busy
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_slot_serves_while_the_first_is_busy() {
    let server = Server::start(&["--max-concurrency", "2"], &[]);
    let busy = busy_run(&server, 4000).await;
    assert_serving(&server).await;
    assert!(!busy.is_finished(), "the busy run should still be running");
    assert_eq!(busy.await.unwrap()["stdout"], "done\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_pool_answers_429_with_retry_after() {
    let server = Server::start(&["--max-concurrency", "1"], &[]);
    let busy = busy_run(&server, 1500).await;
    let response = client()
        .post(server.url("/v1/run"))
        .json(&json!({"language": "javascript", "code": "console.log(1)"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "1");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["kind"], "busy");
    assert_eq!(busy.await.unwrap()["stdout"], "done\n");
    assert_serving(&server).await;
    let metrics = client()
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("golem_exec_rejected_total 1"), "{metrics}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_that_traps_its_instance_disturbs_no_session() {
    // Recursion allowed deeper than the wasm stack: the instance traps.
    let server = Server::start(&[], &[("EXEC_JS_STACK_BYTES", "3800000")]);
    let (_, created) = post(&server, "/v1/sessions", json!({"language": "javascript"})).await;
    let id = created["id"].as_str().unwrap().to_string();
    let (_, reply) = post(
        &server,
        &format!("/v1/sessions/{id}/run"),
        json!({"code": "globalThis.kept = 'mine'"}),
    )
    .await;
    assert!(reply.get("error").is_none(), "{reply}");
    let (status, reply) = run_js(&server, "const f = (n) => f(n + 1) + 1; f(0)").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["error"]["kind"], "internal", "{reply}");
    let (_, reply) = post(
        &server,
        &format!("/v1/sessions/{id}/run"),
        json!({"code": "console.log(kept)"}),
    )
    .await;
    assert_eq!(reply["stdout"], "mine\n", "{reply}");
    assert_serving(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_runs_sessions_and_the_pool() {
    let server = Server::start(&["--max-concurrency", "3"], &[]);
    run_js(&server, "console.log(1)").await;
    run_js(&server, "throw 1").await;
    post(&server, "/v1/sessions", json!({"language": "javascript"})).await;
    let response = client().get(server.url("/metrics")).send().await.unwrap();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = response.text().await.unwrap();
    for line in [
        "golem_exec_runs_total{language=\"javascript\",outcome=\"completed\"} 1",
        "golem_exec_runs_total{language=\"javascript\",outcome=\"runtime-failed\"} 1",
        "golem_exec_run_duration_seconds_count{language=\"javascript\"} 2",
        "golem_exec_sessions 1",
        "golem_exec_pool_capacity 3",
        "golem_exec_runs_in_flight 0",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_sessions_expire() {
    let server = Server::start(&["--session-idle-secs", "1"], &[]);
    let (_, created) = post(&server, "/v1/sessions", json!({"language": "javascript"})).await;
    let id = created["id"].as_str().unwrap().to_string();
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let (status, _) = post(
        &server,
        &format!("/v1/sessions/{id}/run"),
        json!({"code": "1"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_served_openapi_document_is_the_committed_one_and_names_every_route() {
    let server = Server::start(&[], &[]);
    let served = client()
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json")).unwrap();
    assert_eq!(served, committed);
    let doc: Value = serde_json::from_str(&served).unwrap();
    for path in [
        "/v1/run",
        "/v1/sessions",
        "/v1/sessions/{id}",
        "/v1/sessions/{id}/run",
        "/v1/sessions/{id}/files",
        "/v1/sessions/{id}/files/{path}",
        "/healthz",
        "/metrics",
        "/openapi.json",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
}
