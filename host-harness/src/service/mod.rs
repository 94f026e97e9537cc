//! The host as a service: `golem-exec serve` (HTTP, `http.rs`) and
//! `golem-exec mcp` (MCP over stdio, `mcp.rs`), both on one `Engine`.

pub mod api;
pub mod args;
pub mod engine;
pub mod http;
pub mod mcp;
mod metrics;
mod utf8_stream;

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result};

pub use engine::{Engine, ServiceConfig};

/// Closes idle sessions now and then, for as long as the process runs.
fn spawn_expiry(engine: &Engine) {
    let engine = engine.clone();
    let every =
        (engine.config().session_idle / 4).clamp(Duration::from_secs(1), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            engine.expire_idle();
        }
    });
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// Serves the HTTP API on `listen` until a shutdown signal, then finishes
/// the requests in flight (every run is bounded by its time limit).
pub async fn serve_http(
    engine: Engine,
    listen: SocketAddr,
    config: http::HttpConfig,
) -> Result<()> {
    spawn_expiry(&engine);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let bound = listener.local_addr()?;
    // Tests and scripts read this line to learn the port of `--listen :0`.
    eprintln!("golem-exec: listening on http://{bound}");
    tracing::info!(%bound, "serving HTTP");
    axum::serve(listener, http::router(engine, config))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the HTTP server failed")
}

/// Serves MCP over stdin/stdout until the client hangs up.
pub async fn serve_mcp(engine: Engine) -> Result<()> {
    use rmcp::ServiceExt as _;
    spawn_expiry(&engine);
    let service = mcp::McpServer::new(engine)
        .serve(rmcp::transport::stdio())
        .await
        .context("the MCP handshake failed")?;
    tokio::select! {
        quit = service.waiting() => { quit.context("the MCP server failed")?; }
        _ = shutdown_signal() => {}
    }
    Ok(())
}
