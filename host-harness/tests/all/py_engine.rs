//! exec-python specifics beyond the shared matrix: the ways Python code can
//! try to outrun the time limit, the standard library on session files,
//! stdio, threads, and hostile values in shared modules.

use crate::common::*;
use host_harness::{ExecError, ExecInstance, Language, SessionHandle};

/// `code` runs into the time limit, whichever way it loops, and the instance
/// runs the next snippet normally.
fn assert_times_out(code: &str) {
    let mut py = py();
    let result = run_py(&mut py, code, &with_time(200));
    assert!(is_timeout(&result), "{code}: {result:?}");
    assert_eq!(py_stdout_of(&mut py, "print('alive')"), "alive\n");
}

#[test]
fn an_endless_loop_inside_exec_times_out() {
    assert_times_out("exec('while True:\\n    pass')");
}

#[test]
fn an_endless_comprehension_inside_eval_times_out() {
    assert_times_out("eval('[x for x in __import__(\"itertools\").count()]')");
}

#[test]
fn an_endless_loop_suppressing_every_exception_times_out() {
    assert_times_out(
        "import contextlib\nwhile True:\n    with contextlib.suppress(BaseException):\n        while True:\n            pass",
    );
}

#[test]
fn an_endless_loop_times_out_after_next_and_compress_are_rebound() {
    assert_times_out(
        "import builtins, itertools\nbuiltins.next = lambda *a: True\nitertools.compress = lambda a, b: a\nwhile True:\n    pass",
    );
}

#[test]
fn exponential_recursion_times_out() {
    assert_times_out("def f(n):\n    return 1 if n == 0 else f(n - 1) + f(n - 1)\nf(60)");
}

#[test]
fn exponential_recursion_through_a_lambda_times_out() {
    assert_times_out("f = lambda n: 1 if n == 0 else f(n - 1) + f(n - 1)\nf(60)");
}

#[test]
fn summing_an_endless_generator_expression_times_out() {
    assert_times_out("import itertools\nprint(sum(x for x in itertools.count()))");
}

#[test]
fn iterating_an_endless_generator_function_times_out() {
    assert_times_out("def gen():\n    while True:\n        yield 1\nfor _ in gen():\n    pass");
}

#[test]
fn iterating_an_endless_iterator_class_times_out() {
    assert_times_out(
        "class Endless:\n    def __iter__(self):\n        return self\n    def __next__(self):\n        return 1\nfor _ in Endless():\n    pass",
    );
}

#[test]
fn an_endless_loop_in_a_finally_block_times_out() {
    assert_times_out(
        "try:\n    while True:\n        pass\nfinally:\n    while True:\n        pass",
    );
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
    let out = py_stdout_of(&mut py, code);
    assert_eq!(
        out,
        "[['a', 'b'], ['1', '2']]\n('.', ['copy.csv', 'data.csv']) 2\n['copy.csv'] 10\n"
    );
}

#[test]
fn stdio_behaves_like_cpython() {
    let mut py = py();
    let options = with_stdin("one\ntwo\nthree\n");
    let code = "import sys\nprint('a', end='')\nsys.stdout.write('b\\n')\nsys.stdout.buffer.write(b'c\\n')\nfor line in sys.stdin:\n    print(line.strip().upper())\nprint(sys.stdin.read() == '', sys.stdout.isatty())";
    let result = ok(run_py(&mut py, code, &options));
    assert_eq!(result.run.stdout, "ab\nc\nONE\nTWO\nTHREE\nTrue False\n");
}

#[test]
fn starting_a_thread_raises_runtime_error() {
    let mut py = py();
    let out = py_stdout_of(
        &mut py,
        "import threading\ntry:\n    threading.Thread(target=print).start()\nexcept RuntimeError as e:\n    print('RuntimeError')",
    );
    assert_eq!(out, "RuntimeError\n");
}

#[test]
fn a_syntax_error_in_a_module_names_the_file() {
    let mut py = py();
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

/// A `json.dumps` that raises when compared and cannot be hashed: the
/// engine swaps module state between owners and must not trip on it.
const PLANT_A_HOSTILE_VALUE: &str = "import json\nclass Hostile:\n    def __eq__(self, other):\n        raise RuntimeError('no')\n    __hash__ = None\njson.dumps = Hostile()";

/// The planting session still has its own value after another owner ran.
fn assert_still_hostile_in(py: &mut ExecInstance, a: &SessionHandle) {
    let out = ok(py
        .session_run(a, "import json\nprint(type(json.dumps).__name__)", &opts())
        .unwrap());
    assert_eq!(out.run.stdout, "Hostile\n");
}

#[test]
fn a_hostile_value_in_a_shared_module_cannot_break_another_session() {
    let mut py = py();
    let a = py.session(&Language::python(), &[]).unwrap();
    let b = py.session(&Language::python(), &[]).unwrap();
    ok(py.session_run(&a, PLANT_A_HOSTILE_VALUE, &opts()).unwrap());
    let out = ok(py
        .session_run(&b, "import json\nprint(json.dumps([1]))", &opts())
        .unwrap());
    assert_eq!(out.run.stdout, "[1]\n");
    assert_still_hostile_in(&mut py, &a);
}

#[test]
fn a_hostile_value_in_a_shared_module_cannot_break_one_shot_runs() {
    let mut py = py();
    let a = py.session(&Language::python(), &[]).unwrap();
    ok(py.session_run(&a, PLANT_A_HOSTILE_VALUE, &opts()).unwrap());
    assert_eq!(
        py_stdout_of(&mut py, "import json\nprint(json.dumps(2))"),
        "2\n"
    );
    assert_still_hostile_in(&mut py, &a);
}
