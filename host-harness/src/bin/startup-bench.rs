//! Startup benchmark: how long from a precompiled component on disk to the
//! output of `console.log(1)`, split into load / instantiate / first run, and
//! a warm one-shot run, next to native `node -e 'console.log(1)'` measured in
//! the same invocation. Prints a Markdown table.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use host_harness::{ExecHost, HostConfig, InstanceOptions, Language, RunOptions};

struct Series {
    name: &'static str,
    samples: Vec<Duration>,
}

impl Series {
    fn new(name: &'static str) -> Self {
        Series {
            name,
            samples: Vec::new(),
        }
    }
    fn sorted(&self) -> Vec<Duration> {
        let mut s = self.samples.clone();
        s.sort();
        s
    }
    fn median(&self) -> Duration {
        self.sorted()[self.samples.len() / 2]
    }
    fn row(&self, reference: Option<Duration>) -> String {
        let s = self.sorted();
        let ms = |d: Duration| format!("{:.3}", d.as_secs_f64() * 1000.0);
        let ratio = reference.map_or("".to_string(), |r| {
            format!(
                "{:.1}x faster",
                r.as_secs_f64() / self.median().as_secs_f64()
            )
        });
        format!(
            "| {} | {} | {} | {} | {} | {} |",
            self.name,
            s.len(),
            ms(s[0]),
            ms(self.median()),
            ms(s[s.len() - 1]),
            ratio
        )
    }
}

fn check_output(
    result: Result<Result<host_harness::ExecResult, host_harness::ExecError>>,
) -> Result<()> {
    match result? {
        Ok(r) if r.run.stdout == "1\n" => Ok(()),
        other => bail!("unexpected result {other:?}"),
    }
}

fn main() -> Result<()> {
    let iterations: usize = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let component = host_harness::artifacts::EXEC_JAVASCRIPT;
    let config = HostConfig::default();
    let lang = Language::javascript();
    let options = RunOptions::default();
    // Warm the on-disk compilation cache once.
    ExecHost::load(component, config.clone())?;

    let mut load = Series::new("load precompiled component (cached)");
    for _ in 0..20 {
        let t = Instant::now();
        let host = ExecHost::load(component, config.clone())?;
        load.samples.push(t.elapsed());
        drop(host);
    }

    let host = ExecHost::load(component, config.clone())?;
    let mut instantiate = Series::new("instantiate (InstancePre, pooling)");
    let mut first_run = Series::new("first run of console.log(1)");
    let mut total = Series::new("instantiate + first console.log(1)");
    for _ in 0..iterations {
        let t0 = Instant::now();
        let mut instance = host.instantiate(InstanceOptions::default())?;
        let t1 = Instant::now();
        check_output(instance.run(&lang, &[], "console.log(1)", &options))?;
        let t2 = Instant::now();
        instantiate.samples.push(t1 - t0);
        first_run.samples.push(t2 - t1);
        total.samples.push(t2 - t0);
    }

    let mut warm = Series::new("warm one-shot run (fresh QuickJS runtime)");
    let mut instance = host.instantiate(InstanceOptions::default())?;
    let mut session_run = Series::new("warm run in an existing session");
    let session = instance.session(&lang, &[])?;
    for _ in 0..iterations {
        let t = Instant::now();
        check_output(instance.run(&lang, &[], "console.log(1)", &options))?;
        warm.samples.push(t.elapsed());
        let t = Instant::now();
        check_output(instance.session_run(&session, "console.log(1)", &options))?;
        session_run.samples.push(t.elapsed());
    }

    let mut node = Series::new("native `node -e 'console.log(1)'` (process)");
    for _ in 0..20 {
        let t = Instant::now();
        let out = Command::new("node")
            .args(["-e", "console.log(1)"])
            .output()
            .context("cannot run node")?;
        node.samples.push(t.elapsed());
        if out.stdout != b"1\n" {
            bail!("node printed {:?}", String::from_utf8_lossy(&out.stdout));
        }
    }

    let size = std::fs::metadata(component)?.len();
    println!(
        "exec-javascript.wasm: {size} bytes ({:.2} MiB)\n",
        size as f64 / 1048576.0
    );
    println!("| measurement | n | min ms | median ms | max ms | vs node |");
    println!("|---|---|---|---|---|---|");
    println!("{}", load.row(None));
    println!("{}", instantiate.row(None));
    println!("{}", first_run.row(None));
    println!("{}", total.row(Some(node.median())));
    println!("{}", warm.row(None));
    println!("{}", session_run.row(None));
    println!("{}", node.row(None));
    Ok(())
}
