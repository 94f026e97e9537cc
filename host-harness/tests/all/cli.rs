//! The `golem-exec` binary: live output, exit codes, useful errors.

use std::process::Command;

use crate::common::*;

/// The CLI, pointed at the components under test through the variable.
fn golem_exec() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_golem-exec"));
    cmd.env("GOLEM_EXEC_CACHE_DIR", cache_dir())
        .env("GOLEM_EXEC_COMPONENTS", build_components::COMPONENTS_DIR);
    cmd
}

/// An empty scratch directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("golem-exec-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn runs_a_snippet_with_stdin_args_env_and_exit_code() {
    let out = golem_exec()
        .args(["run", "--lang", "js", "--stdin", "in", "--arg", "a1", "--env", "K=V", "-c"])
        .arg("console.log(require('fs').readFileSync(0, 'utf8'), process.argv[2], process.env.K); console.error('e'); process.exit(5)")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "in a1 V\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "e\n");
    assert_eq!(out.status.code(), Some(5));
}

#[test]
fn runs_a_file_with_modules() {
    let dir = std::env::temp_dir().join(format!("golem-exec-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.js"),
        "import { v } from './lib.js'; console.log(v)",
    )
    .unwrap();
    std::fs::write(dir.join("lib.js"), "export const v = 'from lib'").unwrap();
    let out = golem_exec()
        .args(["run", "--lang", "javascript", "--file"])
        .arg(format!("lib.js={}", dir.join("lib.js").display()))
        .arg(dir.join("main.js"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "from lib\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_timeout_exits_with_124_and_says_so() {
    let out = golem_exec()
        .args(["run", "--time-ms", "100", "-c", "while(true){}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(124));
    assert!(String::from_utf8_lossy(&out.stderr).contains("time limit"));
}

#[test]
fn an_unknown_flag_exits_with_64_and_is_named() {
    let out = golem_exec().args(["run", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown flag '--bogus'"));
}

#[test]
fn a_time_limit_that_is_not_a_number_is_a_usage_error_naming_it() {
    let out = golem_exec()
        .args(["run", "--time-ms", "soon", "-c", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--time-ms 'soon' is not a whole number")
    );
}

#[test]
fn a_missing_component_exits_with_66_naming_the_path_and_the_build_command() {
    let out = golem_exec()
        .args(["run", "--component", "/nonexistent/x.wasm", "-c", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(66));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no component at /nonexistent/x.wasm"),
        "{stderr}"
    );
    assert!(stderr.contains("just build"), "{stderr}");
}

#[test]
fn the_components_variable_is_used_and_a_component_missing_there_is_named() {
    let out = golem_exec()
        .env("GOLEM_EXEC_COMPONENTS", "/nonexistent-components")
        .args(["run", "--lang", "python", "-c", "print(1)"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(66));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/nonexistent-components/exec-python.wasm"),
        "{stderr}"
    );
}

#[test]
fn an_explicit_component_wins_over_the_components_variable() {
    let out = golem_exec()
        .env("GOLEM_EXEC_COMPONENTS", "/nonexistent-components")
        .args([
            "run",
            "--lang",
            "python",
            "--component",
            build_components::EXEC_PYTHON,
        ])
        .args(["-c", "print('explicit')"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "explicit\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn without_the_variable_components_are_found_in_target_components() {
    let dir = scratch("default-location");
    std::fs::create_dir_all(dir.join("target")).unwrap();
    std::os::unix::fs::symlink(
        build_components::COMPONENTS_DIR,
        dir.join("target/components"),
    )
    .unwrap();
    let out = golem_exec()
        .env_remove("GOLEM_EXEC_COMPONENTS")
        .current_dir(&dir)
        .args(["run", "--lang", "js", "-c", "console.log('found')"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "found\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn without_the_variable_a_missing_default_component_is_named() {
    let dir = scratch("no-components");
    let out = golem_exec()
        .env_remove("GOLEM_EXEC_COMPONENTS")
        .current_dir(&dir)
        .args(["run", "--lang", "js", "-c", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(66));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no component at target/components/exec-javascript.wasm"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_language_is_a_usage_error_naming_it() {
    let out = golem_exec()
        .args(["run", "--lang", "cobol", "-c", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown language 'cobol'"));
}

#[test]
fn runs_python_with_modules_stdin_and_exit_code() {
    let dir = std::env::temp_dir().join(format!("golem-exec-cli-py-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("helper.py"),
        "def shout(s):\n    return s.upper()\n",
    )
    .unwrap();
    let out = golem_exec()
        .args(["run", "--lang", "python", "--stdin", "quiet words", "--arg", "a1", "--file"])
        .arg(format!("pkg/helper.py={}", dir.join("helper.py").display()))
        .arg("-c")
        .arg("import sys\nfrom pkg.helper import shout\nprint(shout(input()), sys.argv[1])\nprint('e', file=sys.stderr)\nsys.exit(6)")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "QUIET WORDS a1\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "e\n");
    assert_eq!(out.status.code(), Some(6));
}

#[test]
fn a_python_timeout_exits_with_124() {
    let out = golem_exec()
        .args([
            "run",
            "--lang",
            "py",
            "--time-ms",
            "200",
            "-c",
            "while True: pass",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(124));
}

/// `process.exit(256)` is a failed run; its low byte would read as success.
#[test]
fn an_exit_code_past_255_never_reads_as_success() {
    for (code, status) in [("256", 1), ("257", 1), ("-1", 255), ("3", 3)] {
        let out = golem_exec()
            .args(["run", "-c", &format!("process.exit({code})")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(status), "process.exit({code})");
    }
}
