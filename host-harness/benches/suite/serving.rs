//! `golem-exec serve` on loopback: hello one-shot runs per second and their
//! p50/p95 latency at 1, 2 and 4 concurrent clients, beside the same runs
//! made in process through the same engine (what HTTP, JSON and the client
//! add). Every run gets a fresh instance, as the server gives it.

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use host_harness::service::api::{LanguageName, RunInput};
use host_harness::service::http::{HttpConfig, router};
use host_harness::service::{Engine, ServiceConfig};
use serde_json::{Value, json};

use crate::report::{Cell, Table, text};
use crate::stats::Samples;

pub fn table(seconds: f64) -> Table {
    Table::new(
        "Serving (one-shot hello, JavaScript)",
        format!(
            "N clients each send `console.log(1)` runs back to back for {seconds} s; HTTP: reqwest to `golem-exec serve`'s router on 127.0.0.1, in process: `Engine::run` with no HTTP; --max-concurrency 4; {} cores.",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        ),
        &["path", "clients", "runs", "runs/s", "p50 ms", "p95 ms"],
    )
}

fn engine() -> Engine {
    Engine::new(ServiceConfig {
        javascript_component: Some(build_components::EXEC_JAVASCRIPT.into()),
        max_concurrency: 4,
        ..ServiceConfig::default()
    })
}

fn hello() -> RunInput {
    RunInput {
        code: "console.log(1)".into(),
        ..RunInput::default()
    }
}

/// Runs `one` from `clients` tasks for `seconds`; (runs, runs/s, latencies).
async fn drive<F, Fut>(clients: usize, seconds: f64, one: F) -> Result<(usize, f64, Samples)>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<()>> + Send,
{
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(seconds);
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let one = one.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let t = Instant::now();
                    one().await?;
                    latencies.push(t.elapsed());
                }
                Ok::<_, anyhow::Error>(latencies)
            })
        })
        .collect();
    let mut samples = Samples::default();
    for task in tasks {
        for latency in task.await.context("client task")?? {
            samples.push(latency);
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    Ok((samples.len(), samples.len() as f64 / elapsed, samples))
}

pub fn run(seconds: f64, table: &mut Table) -> Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let engine = engine();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = router(
            engine.clone(),
            HttpConfig {
                token: None,
                body_limit_bytes: 1 << 20,
            },
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        let url = format!("http://{addr}/v1/run");
        let client = reqwest::Client::new();
        // Warm up: the component is loaded on first use.
        engine
            .run(
                engine.admit().await,
                LanguageName::Javascript,
                hello(),
                None,
            )
            .await
            .map_err(|e| anyhow::anyhow!("warm-up run: {:?}", e.body()))?;
        for clients in [1, 2, 4] {
            let e = engine.clone();
            let in_process = drive(clients, seconds, move || {
                let e = e.clone();
                async move {
                    let reply = e
                        .run(e.admit().await, LanguageName::Javascript, hello(), None)
                        .await
                        .map_err(|err| anyhow::anyhow!("{:?}", err.body()))?;
                    if reply.stdout != "1\n" {
                        bail!("hello printed {:?}", reply.stdout);
                    }
                    Ok(())
                }
            })
            .await?;
            let (client, url) = (client.clone(), url.clone());
            let over_http = drive(clients, seconds, move || {
                let (client, url) = (client.clone(), url.clone());
                async move {
                    let reply: Value = client
                        .post(&url)
                        .json(&json!({"language": "javascript", "code": "console.log(1)"}))
                        .send()
                        .await?
                        .json()
                        .await?;
                    if reply["stdout"] != "1\n" {
                        bail!("hello over HTTP answered {reply}");
                    }
                    Ok(())
                }
            })
            .await?;
            for (path, (runs, rate, samples)) in [("in process", in_process), ("HTTP", over_http)] {
                table.row([
                    text(path),
                    Cell::Count(clients),
                    Cell::Count(runs),
                    Cell::PerSecond(rate),
                    Cell::Ms(samples.median()),
                    Cell::Ms(samples.quantile(0.95)),
                ]);
            }
        }
        Ok(())
    })
}
