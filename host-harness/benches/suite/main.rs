//! `just bench`: what users feel, against what they would otherwise use, in
//! one invocation. Start-up and warm runs, memory, CPU-bound snippets against
//! node / python3 / native QuickJS, how far past its time limit a run ends,
//! the cost of the limits, throughput, and `golem-exec serve` over loopback.
//! Prints Markdown and writes `target/bench/bench.md` and `bench.json`.
//!
//! `BENCH_ITERATIONS` (start-up samples, default 100), `BENCH_RUNS` (runs of
//! each CPU snippet, default 5), `BENCH_THROUGHPUT_SECS` (default 1.5). The
//! soak makes 100 x `BENCH_ITERATIONS` one-shot runs and 10 x as many
//! sessions in exec-javascript (10,000 and 1,000 by default), a tenth of
//! that in exec-python.

mod cpu;
mod margin;
mod memory;
mod native;
mod report;
mod serving;
mod soak;
mod startup;
mod stats;
mod throughput;
mod workloads;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use host_harness::{ExecHost, ExecInstance, HostConfig, InstanceOptions, Language};
use serde_json::json;

pub struct Component {
    pub name: &'static str,
    pub path: &'static str,
    pub lang: Language,
    pub hello: &'static str,
    pub native_hello: (&'static str, &'static [&'static str]),
    host: ExecHost,
}

impl Component {
    fn load(
        name: &'static str,
        path: &'static str,
        lang: Language,
        hello: &'static str,
        native_hello: (&'static str, &'static [&'static str]),
    ) -> Result<Self> {
        let host = ExecHost::load(path, HostConfig::default())
            .with_context(|| format!("cannot load {name}"))?;
        Ok(Component {
            name,
            path,
            lang,
            hello,
            native_hello,
            host,
        })
    }

    /// An instance with a clean component environment (no `EXEC_*` of ours).
    pub fn instantiate(&self) -> Result<ExecInstance> {
        self.host.instantiate(InstanceOptions {
            env: Vec::new(),
            ..InstanceOptions::default()
        })
    }

    fn size(&self) -> u64 {
        std::fs::metadata(self.path).map_or(0, |m| m.len())
    }
}

pub struct Components {
    pub javascript: Component,
    pub python: Component,
    /// exec-python built without time-limit ticks: the reference for their cost.
    pub python_unticked: Component,
    /// exec-javascript built from an earlier commit (`just bench-previous
    /// REV`), if there is one, and that commit: the reference for what the
    /// changes since cost.
    pub javascript_previous: Option<(Component, String)>,
}

/// The build `scripts/build-previous.sh` left in `target/components/bench/`.
fn previous_javascript() -> Result<Option<(Component, String)>> {
    let dir = bench_components_dir();
    let wasm = dir.join("exec-javascript-previous.wasm");
    if !wasm.exists() {
        return Ok(None);
    }
    let rev = std::fs::read_to_string(dir.join("exec-javascript-previous.rev"))
        .unwrap_or_else(|_| "unknown".into());
    // The bench lives as long as the process; a path for its lifetime.
    let path: &'static str = Box::leak(wasm.display().to_string().into_boxed_str());
    let component = Component::load(
        "exec-javascript (previous build)",
        path,
        Language::javascript(),
        "console.log(1)",
        ("node", &["-e", "console.log(1)"]),
    )?;
    Ok(Some((component, rev.trim().to_string())))
}

fn bench_components_dir() -> PathBuf {
    Path::new(build_components::EXEC_JAVASCRIPT)
        .parent()
        .expect("target/components/<file>")
        .join("bench")
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn bench_dir() -> PathBuf {
    Path::new(build_components::EXEC_JAVASCRIPT)
        .parent()
        .and_then(Path::parent)
        .expect("target/components/<file>")
        .join("bench")
}

fn main() -> Result<()> {
    let iterations: usize = env_number("BENCH_ITERATIONS", 100);
    let runs: usize = env_number("BENCH_RUNS", 5);
    let seconds: f64 = env_number("BENCH_THROUGHPUT_SECS", 1.5);
    let components = Components {
        javascript: Component::load(
            "exec-javascript",
            build_components::EXEC_JAVASCRIPT,
            Language::javascript(),
            "console.log(1)",
            ("node", &["-e", "console.log(1)"]),
        )?,
        python: Component::load(
            "exec-python",
            build_components::EXEC_PYTHON,
            Language::python(),
            "print(1)",
            ("python3", &["-c", "print(1)"]),
        )?,
        python_unticked: Component::load(
            "exec-python (no ticks)",
            build_components::EXEC_PYTHON_UNTICKED,
            Language::python(),
            "print(1)",
            ("python3", &["-c", "print(1)"]),
        )?,
        javascript_previous: previous_javascript()?,
    };
    let both = [&components.javascript, &components.python];

    let mut startup = startup::table();
    match &components.javascript_previous {
        // Two builds measured in alternating blocks (this, previous,
        // previous, this), half the iterations each, so neither always
        // runs first or on a warmer machine.
        Some((previous, _)) => {
            let half = iterations.div_ceil(2);
            let mut this = startup::measure(&components.javascript, half)?;
            let mut before = startup::measure(previous, half)?;
            before.extend(startup::measure(previous, half)?);
            this.extend(startup::measure(&components.javascript, half)?);
            startup::rows(&components.javascript, &this, &mut startup)?;
            startup::rows(previous, &before, &mut startup)?;
        }
        None => startup::run(&components.javascript, iterations, &mut startup)?,
    }
    startup::run(&components.python, iterations, &mut startup)?;
    let mut memory = memory::table();
    let json_round_trip = &workloads::WORKLOADS[3];
    memory::run(
        &components.javascript,
        &workloads::js_program(json_round_trip.js),
        &mut memory,
    )?;
    memory::run(
        &components.python,
        &workloads::py_program(json_round_trip.py),
        &mut memory,
    )?;
    let mut margin = margin::table();
    for c in both {
        margin::run(c, iterations.div_ceil(10), &mut margin)?;
    }
    let mut soak = soak::table();
    soak::run(
        &components.javascript,
        iterations * 100,
        iterations * 10,
        &mut soak,
    )?;
    soak::run(&components.python, iterations * 10, iterations, &mut soak)?;
    let cpu = cpu::run(&components, runs)?;
    let mut throughput = throughput::table(seconds);
    for c in both {
        throughput::run(c, seconds, &mut throughput)?;
    }
    let mut serving = serving::table(seconds);
    serving::run(seconds, &mut serving)?;
    let tables = [
        startup,
        memory,
        margin,
        soak,
        cpu.vs_native,
        cpu.limits,
        throughput,
        serving,
    ];

    let references = [
        native::version_of("node", "--version"),
        native::version_of("python3", "--version"),
        "QuickJS from rquickjs-sys 0.14 (vendor/), built for the host".to_string(),
    ];
    let sizes: Vec<String> = both
        .iter()
        .map(|c| format!("{}.wasm {:.2} MiB", c.name, c.size() as f64 / 1048576.0))
        .collect();
    let mut markdown = format!(
        "## golem-exec benchmark\n\n{} cores; {}; references: {}.\n\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        sizes.join(", "),
        references.join(", ")
    );
    for table in &tables {
        markdown.push_str(&table.markdown());
        markdown.push('\n');
    }
    print!("{markdown}");
    let dir = bench_dir();
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("bench.md"), &markdown)?;
    let report = json!({
        "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "components": both.iter().map(|c| json!({"name": c.name, "bytes": c.size()})).collect::<Vec<_>>(),
        "references": references,
        "settings": {"iterations": iterations, "runs": runs, "throughput_seconds": seconds},
        "tables": tables.iter().map(report::Table::json).collect::<Vec<_>>(),
    });
    std::fs::write(
        dir.join("bench.json"),
        serde_json::to_string_pretty(&report)?,
    )?;
    eprintln!("written: {}/bench.md, bench.json", dir.display());
    Ok(())
}
