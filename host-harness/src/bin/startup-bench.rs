//! Startup benchmark for both components: how long from a precompiled
//! component on disk to the first output (`console.log(1)`, `print(1)`),
//! split into load / instantiate / first run, and warm runs, next to native
//! `node` / `python3` measured in the same invocation; then the cost of
//! exec-python's time-limit ticks on CPU-bound snippets. Prints Markdown.

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

/// One language's component and its native reference process.
struct Subject {
    name: &'static str,
    component: &'static str,
    lang: Language,
    hello: &'static str,
    native: (&'static str, &'static [&'static str]),
}

fn main() -> Result<()> {
    let iterations: usize = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let subjects = [
        Subject {
            name: "exec-javascript",
            component: host_harness::artifacts::EXEC_JAVASCRIPT,
            lang: Language::javascript(),
            hello: "console.log(1)",
            native: ("node", &["-e", "console.log(1)"]),
        },
        Subject {
            name: "exec-python",
            component: host_harness::artifacts::EXEC_PYTHON,
            lang: Language::python(),
            hello: "print(1)",
            native: ("python3", &["-c", "print(1)"]),
        },
    ];
    for subject in &subjects {
        bench_startup(subject, iterations)?;
    }
    bench_python_ticks()?;
    Ok(())
}

fn bench_startup(subject: &Subject, iterations: usize) -> Result<()> {
    let component = subject.component;
    let config = HostConfig::default();
    let lang = &subject.lang;
    let hello = subject.hello;
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
    let mut first_run = Series::new("first run of the hello snippet");
    let mut total = Series::new("instantiate + first hello output");
    for _ in 0..iterations {
        let t0 = Instant::now();
        let mut instance = host.instantiate(InstanceOptions::default())?;
        let t1 = Instant::now();
        check_output(instance.run(lang, &[], hello, &options))?;
        let t2 = Instant::now();
        instantiate.samples.push(t1 - t0);
        first_run.samples.push(t2 - t1);
        total.samples.push(t2 - t0);
    }

    let mut warm = Series::new("warm one-shot run (fresh interpreter state)");
    let mut instance = host.instantiate(InstanceOptions::default())?;
    for _ in 0..iterations {
        let t = Instant::now();
        check_output(instance.run(lang, &[], hello, &options))?;
        warm.samples.push(t.elapsed());
    }
    let mut session_run = Series::new("warm run in an existing session");
    let mut switching = Series::new("warm session run after another session's run");
    let session = instance.session(lang, &[])?;
    let other = instance.session(lang, &[])?;
    for _ in 0..iterations {
        let t = Instant::now();
        check_output(instance.session_run(&session, hello, &options))?;
        session_run.samples.push(t.elapsed());
    }
    for _ in 0..iterations {
        check_output(instance.session_run(&other, hello, &options))?;
        let t = Instant::now();
        check_output(instance.session_run(&session, hello, &options))?;
        switching.samples.push(t.elapsed());
    }

    let (program, args) = subject.native;
    let mut native = Series::new("native process printing 1");
    for _ in 0..20 {
        let t = Instant::now();
        let out = Command::new(program)
            .args(args)
            .output()
            .with_context(|| format!("cannot run {program}"))?;
        native.samples.push(t.elapsed());
        if out.stdout != b"1\n" {
            bail!(
                "{program} printed {:?}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }

    let size = std::fs::metadata(component)?.len();
    println!(
        "\n{}.wasm: {size} bytes ({:.2} MiB); hello snippet `{hello}`; native reference `{program} {}`\n",
        subject.name,
        size as f64 / 1048576.0,
        args.join(" ")
    );
    println!("| measurement | n | min ms | median ms | max ms | vs native |");
    println!("|---|---|---|---|---|---|");
    println!("{}", load.row(None));
    println!("{}", instantiate.row(None));
    println!("{}", first_run.row(None));
    println!("{}", total.row(Some(native.median())));
    println!("{}", warm.row(None));
    println!("{}", session_run.row(None));
    println!("{}", switching.row(None));
    println!("{}", native.row(None));
    Ok(())
}

/// CPU-bound snippets for the time-limit overhead of exec-python's ticks.
const CPU_SNIPPETS: &[(&str, &str)] = &[
    (
        "numeric for loop",
        "s = 0\nfor i in range(2_000_000):\n    s += i\n",
    ),
    ("while loop", "i = 0\nwhile i < 1_000_000:\n    i += 1\n"),
    (
        "recursive fib(24)",
        "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nfib(24)\n",
    ),
    (
        "string building",
        "parts = []\nfor i in range(200_000):\n    parts.append(str(i))\ns = ''.join(parts)\n",
    ),
    (
        "dict-heavy",
        "d = {}\nfor i in range(300_000):\n    d[i % 1000] = d.get(i % 1000, 0) + i\n",
    ),
    (
        "list comprehension",
        "x = sum([i * i for i in range(500_000)])\n",
    ),
];

/// Runs each snippet as exec-python normally does (with time-limit ticks) and
/// through the engine's uninstrumented `exec` (reached via its internals, for
/// this measurement only), in the same session, and reports the ratio.
fn bench_python_ticks() -> Result<()> {
    let host = ExecHost::load(host_harness::artifacts::EXEC_PYTHON, HostConfig::default())?;
    let mut instance = host.instantiate(InstanceOptions::default())?;
    let lang = Language::python();
    let session = instance.session(&lang, &[])?;
    let options = RunOptions {
        limits: Some(host_harness::Limits {
            time_ms: Some(60_000),
            ..Default::default()
        }),
        ..RunOptions::default()
    };
    println!("\nexec-python time-limit overhead (same session, median of 7)\n");
    println!("| snippet | with ticks ms | without ticks ms | ratio |");
    println!("|---|---|---|---|");
    let mut ratios = Vec::new();
    for (name, code) in CPU_SNIPPETS {
        let bare = format!(
            "import engine as _e\n_e._real_exec(_e._real_compile({code:?}, '<bench>', 'exec'), {{'__name__': '__bench__'}})\n"
        );
        let mut ticked = Series::new(name);
        let mut plain = Series::new(name);
        for _ in 0..7 {
            for (series, snippet) in [(&mut ticked, code.to_string()), (&mut plain, bare.clone())] {
                let t = Instant::now();
                match instance.session_run(&session, &snippet, &options)? {
                    Ok(_) => series.samples.push(t.elapsed()),
                    Err(e) => bail!("{name}: {e:?}"),
                }
            }
        }
        let ratio = ticked.median().as_secs_f64() / plain.median().as_secs_f64();
        ratios.push(ratio);
        println!(
            "| {name} | {:.1} | {:.1} | {ratio:.2}x |",
            ticked.median().as_secs_f64() * 1000.0,
            plain.median().as_secs_f64() * 1000.0
        );
    }
    let geomean = ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64;
    println!("| geometric mean | | | {:.2}x |", geomean.exp());
    Ok(())
}
