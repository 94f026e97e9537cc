//! Shared helpers: one loaded host per test binary, a fresh instance per test.

use std::sync::OnceLock;

use host_harness::{
    Encoding, ExecError, ExecEvent, ExecHost, ExecInstance, ExecResult, File, HostConfig,
    InstanceOptions, Language, Limits, RunOptions, SessionHandle,
};

pub fn js_host() -> &'static ExecHost {
    static HOST: OnceLock<ExecHost> = OnceLock::new();
    HOST.get_or_init(|| {
        let config = HostConfig {
            cache_dir: Some(cache_dir()),
            ..HostConfig::default()
        };
        ExecHost::load(build_components::EXEC_JAVASCRIPT, config).expect("load exec-javascript")
    })
}

pub fn py_host() -> &'static ExecHost {
    static HOST: OnceLock<ExecHost> = OnceLock::new();
    HOST.get_or_init(|| {
        let config = HostConfig {
            cache_dir: Some(cache_dir()),
            ..HostConfig::default()
        };
        ExecHost::load(build_components::EXEC_PYTHON, config).expect("load exec-python")
    })
}

/// Where compiled components are cached, shared by the hosts here and the
/// `golem-exec` processes the CLI tests start, so each compiles once.
pub fn cache_dir() -> std::path::PathBuf {
    std::path::Path::new(build_components::EXEC_JAVASCRIPT)
        .parent()
        .unwrap()
        .join("cache")
}

/// A fresh instance with a clean component environment.
pub fn js() -> ExecInstance {
    js_with_env(&[])
}

pub fn js_with_env(env: &[(&str, &str)]) -> ExecInstance {
    instance_with_env(js_host(), env)
}

/// A fresh exec-python instance with a clean component environment.
pub fn py() -> ExecInstance {
    instance_with_env(py_host(), &[])
}

/// A fresh instance of `host` whose component environment is exactly `env`.
pub fn instance_with_env(host: &ExecHost, env: &[(&str, &str)]) -> ExecInstance {
    let options = InstanceOptions {
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..InstanceOptions::default()
    };
    host.instantiate(options).expect("instantiate")
}

/// Events as short strings (`out:...`, `err:...`, `finished:...`) for asserting order.
pub fn describe_events(events: &[ExecEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            ExecEvent::StdoutChunk(b) => format!("out:{}", String::from_utf8_lossy(b)),
            ExecEvent::StderrChunk(b) => format!("err:{}", String::from_utf8_lossy(b)),
            ExecEvent::Finished(r) => format!("finished:{:?}", r.run.exit_code),
            ExecEvent::Failed(e) => format!("failed:{e:?}"),
        })
        .collect()
}

pub fn lang() -> Language {
    Language::javascript()
}

pub fn opts() -> RunOptions {
    RunOptions::default()
}

pub fn with_time(ms: u64) -> RunOptions {
    RunOptions {
        limits: Some(Limits {
            time_ms: Some(ms),
            ..Limits::default()
        }),
        ..RunOptions::default()
    }
}

pub fn with_limits(limits: Limits) -> RunOptions {
    RunOptions {
        limits: Some(limits),
        ..RunOptions::default()
    }
}

pub fn with_stdin(stdin: &str) -> RunOptions {
    RunOptions {
        stdin: Some(stdin.into()),
        ..RunOptions::default()
    }
}

pub fn file(name: &str, content: &str) -> File {
    File::utf8(name, content)
}

pub fn encoded(name: &str, content: &str, encoding: Encoding) -> File {
    File {
        name: name.into(),
        content: content.as_bytes().to_vec(),
        encoding: Some(encoding),
    }
}

/// One-shot run of `code` in `language`, with `modules` beside it.
pub fn run_in_language(
    instance: &mut ExecInstance,
    language: &Language,
    modules: &[File],
    code: &str,
    options: &RunOptions,
) -> Result<ExecResult, ExecError> {
    instance
        .run(language, modules, code, options)
        .expect("call run")
}

/// One-shot run of JavaScript `code`.
pub fn run(
    instance: &mut ExecInstance,
    code: &str,
    options: &RunOptions,
) -> Result<ExecResult, ExecError> {
    run_in_language(instance, &lang(), &[], code, options)
}

/// One-shot run of Python `code`.
pub fn run_py(
    instance: &mut ExecInstance,
    code: &str,
    options: &RunOptions,
) -> Result<ExecResult, ExecError> {
    run_in_language(instance, &Language::python(), &[], code, options)
}

pub fn ok(result: Result<ExecResult, ExecError>) -> ExecResult {
    match result {
        Ok(r) => r,
        Err(e) => panic!("expected ok, got {e:?}"),
    }
}

/// The stdout of a one-shot run of `code` in `language`, which must succeed.
pub fn stdout_in_language(instance: &mut ExecInstance, language: &Language, code: &str) -> String {
    let result = ok(run_in_language(instance, language, &[], code, &opts()));
    assert_eq!(result.run.exit_code, Some(0));
    result.run.stdout
}

pub fn stdout_of(instance: &mut ExecInstance, code: &str) -> String {
    stdout_in_language(instance, &lang(), code)
}

pub fn py_stdout_of(instance: &mut ExecInstance, code: &str) -> String {
    stdout_in_language(instance, &Language::python(), code)
}

pub fn is_timeout(result: &Result<ExecResult, ExecError>) -> bool {
    matches!(result, Err(ExecError::Timeout))
}

pub fn is_resource_exceeded(result: &Result<ExecResult, ExecError>) -> bool {
    matches!(result, Err(ExecError::ResourceExceeded))
}

/// Every event of a streamed one-shot run of `code` in `language`.
pub fn stream_events_in_language(
    instance: &mut ExecInstance,
    language: &Language,
    code: &str,
    options: &RunOptions,
) -> Vec<ExecEvent> {
    instance
        .run_streaming(language, &[], code, options)
        .expect("run-streaming")
        .map(|e| e.expect("get-next"))
        .collect()
}

/// Every event of a streamed one-shot run of JavaScript `code`.
pub fn stream_events(
    instance: &mut ExecInstance,
    code: &str,
    options: &RunOptions,
) -> Vec<ExecEvent> {
    stream_events_in_language(instance, &lang(), code, options)
}

/// Every event of a streamed run of `code` in `session`.
pub fn session_stream_events(
    instance: &mut ExecInstance,
    session: &SessionHandle,
    code: &str,
    options: &RunOptions,
) -> Vec<ExecEvent> {
    instance
        .session_run_streaming(session, code, options)
        .expect("session-run-streaming")
        .map(|e| e.expect("get-next"))
        .collect()
}

/// The repository root.
pub fn workspace_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A command-line tool the setup script installs: `GOLEM_EXEC_<NAME>`, else
/// `./.venv/bin/<name>`, else `PATH` (the same order as the build script).
pub fn tool(name: &str) -> std::process::Command {
    let var = format!("GOLEM_EXEC_{}", name.to_uppercase().replace('-', "_"));
    let venv = workspace_dir().join(".venv/bin").join(name);
    let path = match std::env::var_os(&var) {
        Some(path) => std::path::PathBuf::from(path),
        None if venv.exists() => venv,
        None => std::path::PathBuf::from(name),
    };
    std::process::Command::new(path)
}

/// Runs `cmd` and returns its stdout; panics with its stderr if it fails.
pub fn output_of(cmd: &mut std::process::Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (is `scripts/setup.sh` done?)"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The interfaces both components export: the published two and ours.
pub const EXPORTED_INTERFACES: [&str; 3] = [
    "golem:exec/types@1.0.0",
    "golem:exec/executor@1.0.0",
    "golem-exec:streaming/streaming@0.1.0",
];
