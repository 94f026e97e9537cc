//! exec-python specifics beyond the shared matrix: the ways Python code can
//! try to outrun the time limit, and the standard library on session files.

mod common;

use common::*;
use host_harness::{ExecError, ExecInstance, ExecResult, Language, RunOptions};

fn run_py(
    instance: &mut ExecInstance,
    code: &str,
    options: &RunOptions,
) -> Result<ExecResult, ExecError> {
    instance
        .run(&Language::python(), &[], code, options)
        .expect("call run")
}

fn py_stdout(instance: &mut ExecInstance, code: &str) -> String {
    ok(run_py(instance, code, &opts())).run.stdout
}

#[test]
fn every_route_to_an_endless_computation_times_out() {
    let mut py = py();
    for code in [
        "exec('while True:\\n    pass')",
        "eval('[x for x in __import__(\"itertools\").count()]')",
        "import contextlib\nwhile True:\n    with contextlib.suppress(BaseException):\n        while True:\n            pass",
        "import builtins, itertools\nbuiltins.next = lambda *a: True\nitertools.compress = lambda a, b: a\nwhile True:\n    pass",
        "def f(n):\n    return 1 if n == 0 else f(n - 1) + f(n - 1)\nf(60)",
        "f = lambda n: 1 if n == 0 else f(n - 1) + f(n - 1)\nf(60)",
        "import itertools\nprint(sum(x for x in itertools.count()))",
        "def gen():\n    while True:\n        yield 1\nfor _ in gen():\n    pass",
        "class Endless:\n    def __iter__(self):\n        return self\n    def __next__(self):\n        return 1\nfor _ in Endless():\n    pass",
        "try:\n    while True:\n        pass\nfinally:\n    while True:\n        pass",
    ] {
        let started = std::time::Instant::now();
        let result = run_py(&mut py, code, &with_time(200));
        assert!(is_timeout(&result), "{code}: {result:?}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(3),
            "{code} took {:?}",
            started.elapsed()
        );
    }
    assert_eq!(py_stdout(&mut py, "print('alive')"), "alive\n");
}

#[test]
fn standard_library_works_on_session_files() {
    let mut py = py();
    let code = r#"
import csv, json, os, shutil, tempfile, zipfile, io
with open('data.csv', 'w', newline='') as f:
    csv.writer(f).writerows([['a', 'b'], [1, 2]])
shutil.copy('data.csv', 'copy.csv')
os.makedirs('nested/deeper', exist_ok=True)
with tempfile.NamedTemporaryFile('w', dir='nested', suffix='.txt', delete=False) as t:
    t.write('temp')
walked = sorted((root, sorted(files)) for root, _, files in os.walk('.') if files)
with zipfile.ZipFile('bundle.zip', 'w') as z:
    z.write('copy.csv')
print(list(csv.reader(open('copy.csv'))))
print(walked[0], len(walked))
print(zipfile.ZipFile('bundle.zip').namelist(), os.path.getsize('copy.csv'))
"#;
    let out = py_stdout(&mut py, code);
    assert_eq!(
        out,
        "[['a', 'b'], ['1', '2']]\n('.', ['copy.csv', 'data.csv']) 2\n['copy.csv'] 10\n"
    );
}

#[test]
fn stdio_behaves_like_cpython() {
    let mut py = py();
    let options = RunOptions {
        stdin: Some("one\ntwo\nthree\n".into()),
        ..RunOptions::default()
    };
    let code = "import sys\nprint('a', end='')\nsys.stdout.write('b\\n')\nsys.stdout.buffer.write(b'c\\n')\nfor line in sys.stdin:\n    print(line.strip().upper())\nprint(sys.stdin.read() == '', sys.stdout.isatty())";
    let result = ok(run_py(&mut py, code, &options));
    assert_eq!(result.run.stdout, "ab\nc\nONE\nTWO\nTHREE\nTrue False\n");
}

#[test]
fn threads_fail_cleanly_and_module_errors_name_the_file() {
    let mut py = py();
    let out = py_stdout(
        &mut py,
        "import threading\ntry:\n    threading.Thread(target=print).start()\nexcept RuntimeError as e:\n    print('RuntimeError')",
    );
    assert_eq!(out, "RuntimeError\n");
    let result = py
        .run(
            &Language::python(),
            &[file("broken.py", "def f(:\n    pass\n")],
            "import broken",
            &opts(),
        )
        .unwrap();
    match result {
        Err(ExecError::RuntimeFailed(stage)) => {
            assert!(stage.stderr.contains("/broken.py"), "{}", stage.stderr);
            assert!(stage.stderr.contains("SyntaxError"), "{}", stage.stderr);
        }
        other => panic!("expected runtime-failed, got {other:?}"),
    }
}

#[test]
fn a_hostile_value_in_a_shared_module_cannot_break_other_runs() {
    let mut py = py();
    let a = py.session(&Language::python(), &[]).unwrap();
    let b = py.session(&Language::python(), &[]).unwrap();
    let plant = "import json\nclass Hostile:\n    def __eq__(self, other):\n        raise RuntimeError('no')\n    __hash__ = None\njson.dumps = Hostile()";
    ok(py.session_run(&a, plant, &opts()).unwrap());
    let out = ok(py
        .session_run(&b, "import json\nprint(json.dumps([1]))", &opts())
        .unwrap());
    assert_eq!(out.run.stdout, "[1]\n");
    assert_eq!(
        py_stdout(&mut py, "import json\nprint(json.dumps(2))"),
        "2\n"
    );
    let out = ok(py
        .session_run(&a, "import json\nprint(type(json.dumps).__name__)", &opts())
        .unwrap());
    assert_eq!(out.run.stdout, "Hostile\n");
}
