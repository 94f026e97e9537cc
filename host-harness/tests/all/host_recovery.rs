//! The host library when a guest traps: the call reports its run's outcome
//! (`timeout` for the epoch backstop, `internal` otherwise), the instance
//! replaces itself, sessions that lived in it say they are gone, and every
//! later call works. Also the precompiled-component cache: private, and
//! verified before anything in it is deserialized.

use std::time::Duration;

use crate::common::*;
use host_harness::{
    ExecError, ExecEvent, ExecHost, ExecInstance, HostConfig, InstanceOptions, Language, Limits,
    RunOptions,
};

/// Loops the guest would run until its own (long) time limit: the host's
/// cap on a call is what stops them, as it stops native work a guest
/// cannot interrupt. Neither depends on a gap in a guest's polling.
const JS_SPIN: &str = "for (;;) {}";
const PY_SPIN: &str = "while True: pass";
/// The host's cap on any one call, far below the run's own time limit.
const CALL_CAP: Duration = Duration::from_millis(100);
/// JavaScript recursion allowed deeper than the host's 512 KiB wasm stack.
const JS_STACK_ENV: (&str, &str) = ("EXEC_JS_STACK_BYTES", "3800000");

fn capped(host: &ExecHost, env: &[(&str, &str)]) -> ExecInstance {
    host.instantiate(InstanceOptions {
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        max_call_time: Some(CALL_CAP),
        ..InstanceOptions::default()
    })
    .unwrap()
}

/// A limit the guest would honour itself only long after `CALL_CAP`.
fn long_limit() -> RunOptions {
    time_limit(60_000)
}

fn time_limit(ms: u64) -> RunOptions {
    RunOptions {
        limits: Some(Limits {
            time_ms: Some(ms),
            ..Limits::default()
        }),
        ..RunOptions::default()
    }
}

fn assert_usable(instance: &mut ExecInstance, python: bool) {
    let (lang, code) = if python {
        (Language::python(), "print('still here')")
    } else {
        (lang(), "console.log('still here')")
    };
    let result = instance.run(&lang, &[], code, &opts()).unwrap();
    assert_eq!(ok(result).run.stdout, "still here\n");
}

#[test]
fn a_backstop_trap_in_a_javascript_run_is_a_timeout_and_the_instance_replaces_itself() {
    let mut js = capped(js_host(), &[]);
    let result = js.run(&lang(), &[], JS_SPIN, &long_limit()).unwrap();
    assert!(matches!(result, Err(ExecError::Timeout)), "{result:?}");
    assert_eq!(js.traps(), 1);
    assert_usable(&mut js, false);
}

#[test]
fn a_backstop_trap_in_a_python_run_is_a_timeout_and_the_instance_replaces_itself() {
    let mut py = capped(py_host(), &[]);
    let result = py
        .run(&Language::python(), &[], PY_SPIN, &long_limit())
        .unwrap();
    assert!(matches!(result, Err(ExecError::Timeout)), "{result:?}");
    assert_eq!(py.traps(), 1);
    assert_usable(&mut py, true);
}

#[test]
fn a_wasm_stack_overflow_is_an_internal_error_and_the_instance_recovers() {
    let mut js = capped(js_host(), &[JS_STACK_ENV]);
    let result = js
        .run(&lang(), &[], "const f = (n) => f(n + 1) + 1; f(0)", &opts())
        .unwrap();
    match result {
        Err(ExecError::Internal(message)) => {
            assert!(message.contains("the component trapped"), "{message}")
        }
        other => panic!("expected internal, got {other:?}"),
    }
    assert_eq!(js.traps(), 1);
    assert_usable(&mut js, false);
}

#[test]
fn sessions_of_an_instance_that_trapped_say_they_are_lost() {
    let mut js = capped(js_host(), &[]);
    let session = js.session(&lang(), &[]).unwrap();
    js.upload(&session, &file("kept.txt", "x"))
        .unwrap()
        .unwrap();
    let trapped = js.run(&lang(), &[], JS_SPIN, &long_limit()).unwrap();
    assert!(matches!(trapped, Err(ExecError::Timeout)), "{trapped:?}");
    for result in [
        js.session_run(&session, "console.log(1)", &opts())
            .unwrap()
            .map(|_| ()),
        js.download(&session, "kept.txt").unwrap().map(|_| ()),
        js.list_files(&session, "").unwrap().map(|_| ()),
    ] {
        match result {
            Err(ExecError::Internal(message)) => {
                assert!(message.contains("session was lost"), "{message}")
            }
            other => panic!("expected a lost-session error, got {other:?}"),
        }
    }
    js.close(&session).unwrap();
    js.drop_session(session).unwrap();
    let fresh = js.session(&lang(), &[]).unwrap();
    let out = js.session_run(&fresh, "console.log(2)", &opts()).unwrap();
    assert_eq!(ok(out).run.stdout, "2\n");
}

#[test]
fn a_session_run_that_traps_is_a_timeout_and_loses_only_that_instance() {
    let mut js = capped(js_host(), &[]);
    let mut other = js_host().instantiate(InstanceOptions::default()).unwrap();
    let elsewhere = other.session(&lang(), &[]).unwrap();
    other
        .session_run(&elsewhere, "globalThis.kept = 41", &opts())
        .unwrap()
        .unwrap();
    let session = js.session(&lang(), &[]).unwrap();
    let result = js.session_run(&session, JS_SPIN, &long_limit()).unwrap();
    assert!(matches!(result, Err(ExecError::Timeout)), "{result:?}");
    let out = other
        .session_run(&elsewhere, "console.log(kept + 1)", &opts())
        .unwrap();
    assert_eq!(ok(out).run.stdout, "42\n");
}

#[test]
fn a_streamed_run_that_traps_ends_with_one_failed_timeout_event() {
    let mut js = capped(js_host(), &[]);
    let code = format!("console.log('before'); {JS_SPIN}");
    let events: Vec<ExecEvent> = js
        .run_streaming(&lang(), &[], &code, &long_limit())
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    assert!(
        matches!(events.last(), Some(ExecEvent::Failed(ExecError::Timeout))),
        "{:?}",
        describe_events(&events)
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, ExecEvent::Failed(_) | ExecEvent::Finished(_)))
            .count(),
        1
    );
    assert_usable(&mut js, false);
}

#[test]
fn the_cli_exits_with_71_when_the_component_traps() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_golem-exec"))
        .env("GOLEM_EXEC_CACHE_DIR", cache_dir())
        .env("GOLEM_EXEC_COMPONENTS", build_components::COMPONENTS_DIR)
        .env(JS_STACK_ENV.0, JS_STACK_ENV.1)
        .args(["run", "-c", "const f = (n) => f(n + 1) + 1; f(0)"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(71));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the component trapped"));
}

fn scratch_cache(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("golem-exec-cache-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn load_js(cache: &std::path::Path) -> ExecHost {
    let config = HostConfig {
        cache_dir: Some(cache.to_path_buf()),
        ..HostConfig::default()
    };
    ExecHost::load(build_components::EXEC_JAVASCRIPT, config).unwrap()
}

fn entries(dir: &std::path::Path, extension: &str) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    found.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == extension));
    found.sort();
    found
}

#[test]
fn a_cache_dir_others_can_write_to_is_not_used() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_cache("shared");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut js = load_js(&dir)
        .instantiate(InstanceOptions::default())
        .unwrap();
    assert_usable(&mut js, false);
    assert!(entries(&dir, "cwasm").is_empty());
}

#[test]
fn a_new_cache_dir_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_cache("private");
    load_js(&dir);
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    assert_eq!(entries(&dir, "cwasm").len(), 1);
}

/// A valid precompiled artifact of another component put in place of the
/// entry (what a planted file would be) is not what gets loaded.
#[test]
fn a_replaced_cache_entry_is_not_deserialized() {
    let dir = scratch_cache("replaced");
    load_js(&dir);
    let [js_entry] = entries(&dir, "cwasm").try_into().unwrap();
    let py_config = HostConfig {
        cache_dir: Some(dir.clone()),
        ..HostConfig::default()
    };
    ExecHost::load(build_components::EXEC_PYTHON, py_config).unwrap();
    let py_entry = entries(&dir, "cwasm")
        .into_iter()
        .find(|p| *p != js_entry)
        .unwrap();
    std::fs::copy(&py_entry, &js_entry).unwrap();
    let mut js = load_js(&dir)
        .instantiate(InstanceOptions::default())
        .unwrap();
    assert_usable(&mut js, false);
}

fn isolated_js(max_call_time: Option<Duration>) -> host_harness::IsolatedHost {
    host_harness::IsolatedHost::new(
        js_host().clone(),
        InstanceOptions {
            env: Vec::new(),
            max_call_time,
            ..InstanceOptions::default()
        },
    )
}

/// In isolation mode each session has an instance of its own: a session
/// that traps loses nothing of the others, and one-shot runs share nothing.
#[test]
fn in_isolation_mode_a_trapping_session_costs_no_other_session_anything() {
    let isolated = isolated_js(Some(CALL_CAP));
    let mut keeper = isolated.session(&lang(), &[]).unwrap();
    keeper.upload(&file("mine.txt", "kept")).unwrap().unwrap();
    keeper
        .run("globalThis.count = 1", &opts())
        .unwrap()
        .unwrap();
    let mut victim = isolated.session(&lang(), &[]).unwrap();
    let trapped = victim.run(JS_SPIN, &long_limit()).unwrap();
    assert!(matches!(trapped, Err(ExecError::Timeout)), "{trapped:?}");
    let out = keeper
        .run(
            "import fs from 'fs'; console.log(count + 1, fs.readFileSync('mine.txt', 'utf8'))",
            &opts(),
        )
        .unwrap();
    assert_eq!(ok(out).run.stdout, "2 kept\n");
    assert_eq!(keeper.list_files("").unwrap().unwrap(), vec!["mine.txt"]);
}

#[test]
fn in_isolation_mode_one_shot_runs_get_fresh_instances() {
    let isolated = isolated_js(None);
    let first = isolated
        .run(
            &lang(),
            &[],
            "globalThis.leak = 1; Object.prototype.x = 2; console.log(typeof leak)",
            &opts(),
        )
        .unwrap();
    assert_eq!(ok(first).run.stdout, "number\n");
    let second = isolated
        .run(&lang(), &[], "console.log(typeof leak, ({}).x)", &opts())
        .unwrap();
    assert_eq!(ok(second).run.stdout, "undefined undefined\n");
}
