//! `golem-exec serve`: the HTTP JSON API (see `openapi.json`). Runs answer
//! with JSON, or with Server-Sent Events when the client accepts
//! `text/event-stream`; refusals are `{error: {kind, message}}` with the
//! status that says why.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::{mpsc, oneshot};

use super::api::{ErrorBody, FileInput, LanguageName, RunInput, RunReply, decode_files};
use super::engine::{Engine, Output, ServiceError, Target};

/// The OpenAPI description, committed beside this crate.
pub const OPENAPI: &str = include_str!("../../openapi.json");

#[derive(Clone)]
struct AppState {
    engine: Engine,
    token: Option<String>,
}

pub struct HttpConfig {
    pub token: Option<String>,
    pub body_limit_bytes: usize,
}

pub fn router(engine: Engine, config: HttpConfig) -> Router {
    let state = AppState {
        engine,
        token: config.token.filter(|t| !t.is_empty()),
    };
    let api = Router::new()
        .route("/v1/run", post(run))
        .route("/v1/sessions", post(session_create))
        .route("/v1/sessions/{id}", axum::routing::delete(session_close))
        .route("/v1/sessions/{id}/run", post(session_run))
        .route("/v1/sessions/{id}/files", get(session_list_files))
        .route(
            "/v1/sessions/{id}/files/{*path}",
            put(session_upload).get(session_download),
        )
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));
    Router::new()
        .route("/healthz", get(|| async { Json(json!({"status": "ok"})) }))
        .merge(api)
        .fallback(|| async {
            refuse(
                StatusCode::NOT_FOUND,
                ErrorBody::new("not-found", "no such endpoint"),
            )
        })
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .with_state(state)
}

fn refuse(status: StatusCode, body: ErrorBody) -> Response {
    (status, Json(json!({ "error": body }))).into_response()
}

impl IntoResponse for ServiceError {
    fn into_response(self) -> Response {
        let body = self.body();
        let status = match &self {
            ServiceError::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
            ServiceError::Busy(_) => {
                let mut response = refuse(StatusCode::TOO_MANY_REQUESTS, body);
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                return response;
            }
            ServiceError::Exec(body) => match body.kind.as_str() {
                "resource-exceeded" => StatusCode::PAYLOAD_TOO_LARGE,
                _ if looks_missing(&body.message) => StatusCode::NOT_FOUND,
                _ => StatusCode::BAD_REQUEST,
            },
            ServiceError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        refuse(status, body)
    }
}

fn looks_missing(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("no such file") || m.contains("not found") || m.contains("enoent")
}

async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(token) = &state.token {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
            let mut response = refuse(
                StatusCode::UNAUTHORIZED,
                ErrorBody::new("unauthorized", "a valid bearer token is required"),
            );
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return response;
        }
    }
    next.run(request).await
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A request refused before it reached the engine.
struct Refusal(StatusCode, ErrorBody);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        refuse(self.0, self.1)
    }
}

/// The body as JSON of type `T`, or the refusal to send.
fn parse<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, Refusal> {
    let bytes = body.map_err(|rejection| {
        let status = rejection.status();
        let kind = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "payload-too-large"
        } else {
            "invalid-request"
        };
        Refusal(status, ErrorBody::new(kind, rejection.body_text()))
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Refusal(
            StatusCode::BAD_REQUEST,
            ErrorBody::new(
                "invalid-request",
                format!("the body is not a valid request: {e}"),
            ),
        )
    })
}

fn wants_events(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/event-stream"))
}

#[derive(Deserialize)]
struct RunRequest {
    language: LanguageName,
    #[serde(flatten)]
    input: RunInput,
}

async fn execute(
    engine: &Engine,
    target: Target,
    input: RunInput,
    headers: &HeaderMap,
) -> Response {
    // Refusals (pool full, unknown session) come before any event is sent.
    let permit = match engine.try_admit() {
        Ok(permit) => permit,
        Err(err) => return err.into_response(),
    };
    if let Target::Session(id) = &target
        && let Err(err) = engine.session_language(id)
    {
        return err.into_response();
    }
    if !wants_events(headers) {
        let reply = engine.run_target(permit, target, input, None).await;
        return match reply {
            Ok(reply) => Json(reply).into_response(),
            Err(err) => err.into_response(),
        };
    }
    let (tx, rx) = mpsc::channel::<Output>(64);
    let (done_tx, done_rx) = oneshot::channel();
    let engine = engine.clone();
    tokio::spawn(async move {
        let reply = engine.run_target(permit, target, input, Some(tx)).await;
        let _ = done_tx.send(reply);
    });
    Sse::new(events(rx, done_rx))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// Output events in write order, then one `result` or `error` event.
fn events(
    rx: mpsc::Receiver<Output>,
    done: oneshot::Receiver<Result<RunReply, ServiceError>>,
) -> impl futures_util::stream::Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold((Some(rx), Some(done)), |(mut rx, done)| async move {
        if let Some(receiver) = rx.as_mut()
            && let Some(output) = receiver.recv().await
        {
            let event = match output {
                Output::Stdout(text) => Event::default().event("stdout").data(text),
                Output::Stderr(text) => Event::default().event("stderr").data(text),
            };
            return Some((Ok(event), (rx, done)));
        }
        // The sender is gone: the run has ended, its result follows.
        let (name, data) = match done?.await {
            Ok(Ok(reply)) => {
                let name = if reply.error.is_none() {
                    "result"
                } else {
                    "error"
                };
                (name, json!(reply))
            }
            Ok(Err(err)) => ("error", json!({ "error": err.body() })),
            Err(_) => (
                "error",
                json!({ "error": ErrorBody::new("internal", "the run was lost") }),
            ),
        };
        let event = Event::default().event(name).data(data.to_string());
        Some((Ok(event), (None, None)))
    })
}

async fn run(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request: RunRequest = match parse(body) {
        Ok(r) => r,
        Err(refusal) => return refusal.into_response(),
    };
    let target = Target::OneShot(request.language);
    execute(&state.engine, target, request.input, &headers).await
}

async fn session_run(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let input: RunInput = match parse(body) {
        Ok(r) => r,
        Err(refusal) => return refusal.into_response(),
    };
    execute(&state.engine, Target::Session(id), input, &headers).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionRequest {
    language: LanguageName,
    files: Option<Vec<FileInput>>,
}

async fn session_create(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request: SessionRequest = match parse(body) {
        Ok(r) => r,
        Err(refusal) => return refusal.into_response(),
    };
    let files = match decode_files(request.files.as_deref()) {
        Ok(files) => files,
        Err(why) => return ServiceError::InvalidRequest(why).into_response(),
    };
    match state.engine.session_create(request.language, files).await {
        Ok(id) => (StatusCode::CREATED, Json(json!({ "id": id }))).into_response(),
        Err(err) => err.into_response(),
    }
}

async fn session_close(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match state.engine.close(&id) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => err.into_response(),
    }
}

async fn session_upload(
    State(state): State<AppState>,
    Path((id, path)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let bytes = match body {
        Ok(bytes) => bytes,
        Err(rejection) => {
            let status = rejection.status();
            return refuse(
                status,
                ErrorBody::new("payload-too-large", rejection.body_text()),
            );
        }
    };
    let file = super::api::binary_file(&path, &bytes);
    match state.engine.upload(&id, file).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => err.into_response(),
    }
}

async fn session_download(
    State(state): State<AppState>,
    Path((id, path)): Path<(String, String)>,
) -> Response {
    match state.engine.download(&id, path).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response(),
        Err(err) => err.into_response(),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    dir: Option<String>,
}

async fn session_list_files(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let dir = query.dir.unwrap_or_default();
    match state.engine.list_files(&id, dir).await {
        Ok(files) => Json(json!({ "files": files })).into_response(),
        Err(err) => err.into_response(),
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.engine.metrics_text(),
    )
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}
