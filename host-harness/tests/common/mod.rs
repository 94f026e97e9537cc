//! Shared helpers: one loaded host per test binary, a fresh instance per test.

#![allow(dead_code)]

use std::sync::OnceLock;

use host_harness::{
    Encoding, ExecError, ExecEvent, ExecHost, ExecInstance, ExecResult, File, HostConfig,
    InstanceOptions, Language, Limits, RunOptions,
};

pub fn js_host() -> &'static ExecHost {
    static HOST: OnceLock<ExecHost> = OnceLock::new();
    HOST.get_or_init(|| {
        let config = HostConfig {
            cache_dir: cache_dir(),
            ..HostConfig::default()
        };
        ExecHost::load(host_harness::artifacts::EXEC_JAVASCRIPT, config)
            .expect("load exec-javascript")
    })
}

pub fn py_host() -> &'static ExecHost {
    static HOST: OnceLock<ExecHost> = OnceLock::new();
    HOST.get_or_init(|| {
        let config = HostConfig {
            cache_dir: cache_dir(),
            ..HostConfig::default()
        };
        ExecHost::load(host_harness::artifacts::EXEC_PYTHON, config).expect("load exec-python")
    })
}

fn cache_dir() -> std::path::PathBuf {
    std::path::Path::new(host_harness::artifacts::EXEC_JAVASCRIPT)
        .parent()
        .unwrap()
        .join("cache")
}

/// A fresh instance with a clean component environment.
pub fn js() -> ExecInstance {
    js_with_env(&[])
}

pub fn js_with_env(env: &[(&str, &str)]) -> ExecInstance {
    let options = InstanceOptions {
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..InstanceOptions::default()
    };
    js_host().instantiate(options).expect("instantiate")
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

/// One-shot run of `code`.
pub fn run(
    instance: &mut ExecInstance,
    code: &str,
    options: &RunOptions,
) -> Result<ExecResult, ExecError> {
    instance.run(&lang(), &[], code, options).expect("call run")
}

pub fn ok(result: Result<ExecResult, ExecError>) -> ExecResult {
    match result {
        Ok(r) => r,
        Err(e) => panic!("expected ok, got {e:?}"),
    }
}

pub fn stdout_of(instance: &mut ExecInstance, code: &str) -> String {
    let result = ok(run(instance, code, &opts()));
    assert_eq!(result.run.exit_code, Some(0));
    result.run.stdout
}

pub fn is_timeout(result: &Result<ExecResult, ExecError>) -> bool {
    matches!(result, Err(ExecError::Timeout))
}

pub fn is_resource_exceeded(result: &Result<ExecResult, ExecError>) -> bool {
    matches!(result, Err(ExecError::ResourceExceeded))
}

/// Every event of a streamed one-shot run.
pub fn stream_events(
    instance: &mut ExecInstance,
    code: &str,
    options: &RunOptions,
) -> Vec<ExecEvent> {
    instance
        .run_streaming(&lang(), &[], code, options)
        .expect("run-streaming")
        .map(|e| e.expect("get-next"))
        .collect()
}
