//! The `golem-exec` binary: live output, exit codes, useful errors.

use std::process::Command;

fn golem_exec() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_golem-exec"));
    let cache = std::path::Path::new(host_harness::artifacts::EXEC_JAVASCRIPT)
        .parent()
        .unwrap()
        .join("cache");
    cmd.env("GOLEM_EXEC_CACHE_DIR", cache);
    cmd
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
fn runs_a_file_with_modules_and_reports_timeouts() {
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
    let out = golem_exec()
        .args(["run", "--time-ms", "100", "-c", "while(true){}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(124));
    assert!(String::from_utf8_lossy(&out.stderr).contains("time limit"));
}

#[test]
fn bad_flags_and_missing_components_get_clear_messages() {
    let out = golem_exec().args(["run", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown flag '--bogus'"));
    let out = golem_exec()
        .args(["run", "--time-ms", "soon", "-c", "1"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--time-ms 'soon' is not a whole number")
    );
    let out = golem_exec()
        .args(["run", "--component", "/nonexistent/x.wasm", "-c", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot read component /nonexistent/x.wasm")
    );
    let out = golem_exec()
        .args(["run", "--lang", "cobol", "-c", "1"])
        .output()
        .unwrap();
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
