//! `golem-exec`: run a snippet in a golem:exec component, printing its
//! output live as events arrive and exiting with the snippet's exit code.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use host_harness::cli_args::{parse_language, parse_number, parse_pair};
use host_harness::locate::{MissingComponent, find_component};
use host_harness::{
    ExecError, ExecEvent, ExecHost, File, HostConfig, InstanceOptions, Language, Limits, RunOptions,
};

const USAGE: &str = "usage: golem-exec run --lang <javascript|python> (-c CODE | FILE)
         [--stdin TEXT | --stdin-file PATH] [--arg ARG]... [--env KEY=VALUE]...
         [--file NAME=PATH]... [--time-ms N] [--memory-mb N] [--file-size-bytes N]
         [--component PATH]

Runs a snippet in the sandbox and prints its stdout/stderr live.
The component comes from --component, else $GOLEM_EXEC_COMPONENTS/<name>.wasm,
else target/components/<name>.wasm (built by `just build`).
Exit status: the snippet's exit code; 124 on timeout, 137 when a memory,
file-size or output limit was hit, 70 for an internal error, 71 when the
component trapped, 64 for a usage error, 66 when the component is missing.

Also: golem-exec serve (HTTP API) and golem-exec mcp (MCP over stdio);
`golem-exec serve --help` lists their flags.";

struct Args {
    lang: String,
    code: Option<String>,
    file: Option<String>,
    options: RunOptions,
    modules: Vec<File>,
    component: Option<String>,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args> {
    match argv.next().as_deref() {
        Some("run") => {}
        Some("-h" | "--help") | None => bail!("{USAGE}"),
        Some(other) => bail!("unknown command '{other}'\n\n{USAGE}"),
    }
    let mut args = Args {
        lang: "javascript".into(),
        code: None,
        file: None,
        options: RunOptions::default(),
        modules: vec![],
        component: None,
    };
    let mut limits = Limits::default();
    let mut any_limit = false;
    while let Some(flag) = argv.next() {
        let mut value = |name: &str| {
            argv.next()
                .with_context(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        let number = |text: String, flag: &str| parse_number(&text, flag);
        match flag.as_str() {
            "--lang" | "-l" => args.lang = value("--lang")?,
            "-c" | "--code" => args.code = Some(value("-c")?),
            "--stdin" => args.options.stdin = Some(value("--stdin")?),
            "--stdin-file" => {
                let path = value("--stdin-file")?;
                args.options.stdin = Some(
                    std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read --stdin-file {path}"))?,
                );
            }
            "--arg" => args
                .options
                .args
                .get_or_insert_with(Vec::new)
                .push(value("--arg")?),
            "--env" => args
                .options
                .env
                .get_or_insert_with(Vec::new)
                .push(parse_pair(&value("--env")?, "--env")?),
            "--file" => {
                let (name, path) = parse_pair(&value("--file")?, "--file")?;
                let content = std::fs::read(&path)
                    .with_context(|| format!("cannot read --file {name}={path}"))?;
                args.modules.push(File {
                    name,
                    content,
                    encoding: None,
                });
            }
            "--time-ms" => {
                limits.time_ms = Some(number(value("--time-ms")?, "--time-ms")?);
                any_limit = true;
            }
            "--memory-mb" => {
                limits.memory_bytes =
                    Some(number(value("--memory-mb")?, "--memory-mb")? * 1024 * 1024);
                any_limit = true;
            }
            "--file-size-bytes" => {
                limits.file_size_bytes =
                    Some(number(value("--file-size-bytes")?, "--file-size-bytes")?);
                any_limit = true;
            }
            "--component" => args.component = Some(value("--component")?),
            "-h" | "--help" => bail!("{USAGE}"),
            other if other.starts_with('-') => bail!("unknown flag '{other}'\n\n{USAGE}"),
            path => {
                if args.file.is_some() {
                    bail!("more than one snippet file given ('{path}')\n\n{USAGE}");
                }
                args.file = Some(path.to_string());
            }
        }
    }
    if any_limit {
        args.options.limits = Some(limits);
    }
    Ok(args)
}

/// What the command line asks for, checked: its errors are usage errors.
struct Request {
    args: Args,
    lang: Language,
    snippet: String,
}

fn prepare(args: Args) -> Result<Request> {
    let lang = parse_language(&args.lang)?;
    let snippet = match (&args.code, &args.file) {
        (Some(code), None) => code.clone(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read snippet file {path}"))?,
        (Some(_), Some(_)) => bail!("give either -c CODE or a FILE, not both"),
        (None, None) => bail!("no snippet: give -c CODE or a FILE\n\n{USAGE}"),
    };
    Ok(Request {
        args,
        lang,
        snippet,
    })
}

fn run(request: Request) -> Result<u8> {
    let Request {
        args,
        lang,
        snippet,
    } = request;
    let component = find_component(lang.kind, args.component.as_deref().map(Path::new))?;
    let host = ExecHost::load(&component, HostConfig::default())?;
    let mut instance = host.instantiate(InstanceOptions::default())?;
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    let mut outcome = None;
    for event in instance.run_streaming(&lang, &args.modules, &snippet, &args.options)? {
        match event? {
            ExecEvent::StdoutChunk(bytes) => {
                stdout.write_all(&bytes)?;
                stdout.flush()?;
            }
            ExecEvent::StderrChunk(bytes) => {
                stderr.write_all(&bytes)?;
                stderr.flush()?;
            }
            ExecEvent::Finished(result) => outcome = Some(Ok(result.run.exit_code.unwrap_or(0))),
            ExecEvent::Failed(error) => outcome = Some(Err(error)),
        }
    }
    let trapped = instance.traps() > 0;
    Ok(match outcome {
        None => bail!("the event stream ended without a final event"),
        Some(Ok(code)) => exit_status(code, false),
        Some(Err(error)) => match error {
            ExecError::CompilationFailed(stage) | ExecError::RuntimeFailed(stage) => {
                exit_status(stage.exit_code.unwrap_or(1), true)
            }
            ExecError::Timeout => {
                eprintln!("golem-exec: the snippet exceeded its time limit");
                124
            }
            ExecError::ResourceExceeded => {
                eprintln!("golem-exec: the snippet exceeded a memory, file-size or output limit");
                137
            }
            ExecError::UnsupportedLanguage => {
                eprintln!(
                    "golem-exec: {} does not serve {}",
                    component.display(),
                    args.lang
                );
                2
            }
            ExecError::Internal(message) if trapped => {
                eprintln!("golem-exec: {message}");
                71
            }
            ExecError::Internal(message) => {
                eprintln!("golem-exec: internal error: {message}");
                70
            }
        },
    })
}

/// The process status for a snippet's exit code: its low byte, as a shell
/// sees it, except that a failed run never looks like a success.
fn exit_status(code: i32, failed: bool) -> u8 {
    match (code & 0xff) as u8 {
        0 if failed => 1,
        status => status,
    }
}

/// `golem-exec serve` / `golem-exec mcp`: logs go to stderr (stdout is
/// MCP's channel), the process ends on Ctrl-C / SIGTERM or, for MCP, when
/// the client hangs up.
fn serve(command: &str, argv: impl Iterator<Item = String>) -> ExitCode {
    use host_harness::service::{self, Engine};
    let (config, http) = match service::args::parse(argv, command == "serve") {
        Ok(parsed) => parsed,
        Err(err) => {
            eprintln!("golem-exec: {err:#}");
            return ExitCode::from(64);
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("golem-exec: cannot start the async runtime: {err}");
            return ExitCode::from(70);
        }
    };
    let engine = Engine::new(config);
    let served = runtime.block_on(async move {
        match http {
            Some(http) => service::serve_http(engine, http.listen, http.http).await,
            None => service::serve_mcp(engine).await,
        }
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("golem-exec: {err:#}");
            ExitCode::from(70)
        }
    }
}

fn main() -> ExitCode {
    let mut argv = std::env::args().skip(1).peekable();
    if let Some(command) = argv.peek().cloned()
        && (command == "serve" || command == "mcp")
    {
        argv.next();
        return serve(&command, argv);
    }
    let request = match parse_args(argv).and_then(prepare) {
        Ok(request) => request,
        Err(err) => {
            eprintln!("golem-exec: {err:#}");
            return ExitCode::from(64); // sysexits.h EX_USAGE
        }
    };
    match run(request) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("golem-exec: {err:#}");
            // sysexits.h: EX_NOINPUT for a missing component, EX_SOFTWARE
            // for anything else the host could not do.
            if err.downcast_ref::<MissingComponent>().is_some() {
                ExitCode::from(66)
            } else {
                ExitCode::from(70)
            }
        }
    }
}
