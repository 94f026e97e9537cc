//! The references a user would otherwise pick: `node`, `python3`, and the
//! same QuickJS as exec-javascript's (rquickjs, this workspace's patched
//! rquickjs-sys) compiled for the host, standing in for a native `qjs`.

use std::process::Command;

use anyhow::{Context as _, Result, bail};

use crate::workloads::{js_expression, parse_timing};

/// Runs `program` in a new process; its `[ms, result]` line.
pub fn process(program: &str, args: &[&str]) -> Result<(f64, String)> {
    let out = Command::new(program)
        .args(args)
        .output()
        .with_context(|| format!("cannot run {program}"))?;
    if !out.status.success() {
        bail!("{program} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    parse_timing(&String::from_utf8_lossy(&out.stdout))
}

pub fn node(program: &str) -> Result<(f64, String)> {
    process("node", &["-e", program])
}

pub fn python3(program: &str) -> Result<(f64, String)> {
    process("python3", &["-c", program])
}

/// A fresh native QuickJS runtime and context per run, like a `qjs` process.
pub fn quickjs(body: &str) -> Result<(f64, String)> {
    let runtime = rquickjs::Runtime::new().context("QuickJS runtime")?;
    let context = rquickjs::Context::full(&runtime).context("QuickJS context")?;
    let epoch = std::time::Instant::now();
    let line = context.with(|ctx| {
        // QuickJS has no `performance.now()`; Date.now() would round to ms.
        let now =
            rquickjs::Function::new(ctx.clone(), move || epoch.elapsed().as_secs_f64() * 1000.0)?;
        ctx.globals().set("__now", now)?;
        ctx.eval::<String, _>(js_expression(body))
    });
    let line = line.map_err(|e| anyhow::anyhow!("native QuickJS: {e}"))?;
    parse_timing(&line)
}

/// The command a reference runs, for the report.
pub fn version_of(program: &str, arg: &str) -> String {
    Command::new(program)
        .arg(arg)
        .output()
        .map(|o| {
            let text = if o.stdout.is_empty() {
                o.stderr
            } else {
                o.stdout
            };
            String::from_utf8_lossy(&text).trim().to_string()
        })
        .unwrap_or_else(|_| format!("{program}: not found"))
}
