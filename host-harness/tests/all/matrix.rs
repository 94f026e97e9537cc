//! The behaviour matrix of SPEC §3–§4, run against both components: each
//! scenario is written once and given the snippet in each language's own
//! idiom, asserting that language's conventions (argv, tracebacks, errors).
//! A case only one language has (a Python route around the time limit, a
//! Node-only way to die) is a scenario of that language alone, rather than a
//! test that asserts nothing in the other.

use crate::common::*;
use host_harness::{
    Encoding, ExecError, ExecEvent, ExecHost, ExecInstance, ExecResult, File, Language,
    LanguageKind, Limits, RunOptions, SessionHandle, StageResult,
};

#[derive(Clone, Copy)]
struct Case {
    kind: LanguageKind,
}

impl Case {
    fn lang(&self) -> Language {
        match self.kind {
            LanguageKind::Javascript => Language::javascript(),
            LanguageKind::Python => Language::python(),
        }
    }

    fn is_python(&self) -> bool {
        matches!(self.kind, LanguageKind::Python)
    }

    /// The snippet in this case's language.
    fn code<'a>(&self, js: &'a str, py: &'a str) -> &'a str {
        if self.is_python() { py } else { js }
    }

    fn host(&self) -> &'static ExecHost {
        if self.is_python() {
            py_host()
        } else {
            js_host()
        }
    }

    fn instance_with_env(&self, env: &[(&str, &str)]) -> ExecInstance {
        crate::common::instance_with_env(self.host(), env)
    }

    fn instance(&self) -> ExecInstance {
        self.instance_with_env(&[])
    }

    fn run(
        &self,
        instance: &mut ExecInstance,
        modules: &[File],
        code: &str,
        options: &RunOptions,
    ) -> Result<ExecResult, ExecError> {
        run_in_language(instance, &self.lang(), modules, code, options)
    }

    fn stdout(&self, instance: &mut ExecInstance, code: &str) -> String {
        stdout_in_language(instance, &self.lang(), code)
    }

    fn stream(
        &self,
        instance: &mut ExecInstance,
        code: &str,
        options: &RunOptions,
    ) -> Vec<ExecEvent> {
        stream_events_in_language(instance, &self.lang(), code, options)
    }
}

const JS: Case = Case {
    kind: LanguageKind::Javascript,
};
const PY: Case = Case {
    kind: LanguageKind::Python,
};

/// One test per scenario and language, so that a failure names both.
macro_rules! matrix {
    (
        both: [$($both:ident),* $(,)?],
        javascript: [$($js:ident),* $(,)?],
        python: [$($py:ident),* $(,)?] $(,)?
    ) => {
        mod javascript {
            $(#[test] fn $both() { super::$both(super::JS) })*
            $(#[test] fn $js() { super::$js(super::JS) })*
        }
        mod python {
            $(#[test] fn $both() { super::$both(super::PY) })*
            $(#[test] fn $py() { super::$py(super::PY) })*
        }
    };
}

matrix!(
    both: [
        completes_with_exit_code_zero_and_timing,
        syntax_error_is_compilation_failed_with_line_and_column,
        uncaught_exception_keeps_stdout_and_reports_the_trace,
        explicit_exit_with_code_3_is_runtime_failed,
        explicit_exit_with_code_0_completes,
        busy_loop_cannot_catch_the_timeout,
        blocking_sleep_respects_the_time_limit,
        memory_limit_is_cumulative_and_recoverable,
        file_size_limit_stops_a_large_write,
        file_size_limit_stops_many_small_appends,
        file_size_limit_applies_to_uploads,
        modules_import_the_language_way,
        a_missing_module_fails_the_run_naming_it,
        argv_env_and_stdin_follow_the_language,
        argv_without_arguments_follows_the_language,
        no_component_environment_variable_leaks,
        session_lifecycle_upload_run_download_list_close,
        a_closed_session_refuses_runs_downloads_and_listings,
        downloading_a_missing_file_is_an_error_naming_it,
        working_directory_is_where_snippets_start,
        a_working_directory_outside_the_session_is_refused,
        sessions_keep_state_and_are_isolated_from_each_other,
        escaping_paths_stay_inside_the_session,
        downloading_an_absolute_path_is_refused_naming_it,
        downloading_a_parent_relative_path_is_refused_naming_it,
        one_shot_runs_share_no_state,
        process_and_network_access_fail_cleanly,
        deep_recursion_is_a_language_error,
        a_caught_abort_still_ends_only_the_run,
        signalling_itself_ends_only_the_run,
        rebinding_builtins_does_not_poison_later_runs,
        streamed_events_keep_write_order_then_end,
        a_failing_streamed_run_ends_with_a_failed_event,
        a_streamed_session_run_gives_its_output_then_one_final_event,
        encoded_uploads_round_trip,
        a_badly_encoded_upload_is_refused_naming_the_file,
        output_cap_stops_a_snippet_printing_forever,
        the_output_cap_hit_by_the_last_write_of_a_finished_run_is_resource_exceeded,
        the_output_cap_hit_by_the_uncaught_error_report_is_resource_exceeded,
        a_write_at_4_gib_is_an_error_not_a_wrap,
        a_huge_truncate_is_enospc_and_allocates_nothing,
        the_storage_quota_is_enospc_inside_the_snippet,
        an_upload_over_the_storage_quota_is_resource_exceeded,
        an_invalid_exec_variable_is_an_internal_error_on_every_call,
        a_module_name_with_10000_segments_is_an_internal_error,
        other_language_is_unsupported,
        an_unselectable_version_is_accepted_and_ignored,
        default_time_limit_comes_from_the_component_environment,
        default_memory_limit_comes_from_the_component_environment,
    ],
    javascript: [
        abort_ends_only_the_run,
        the_output_cap_hit_by_the_unsettled_await_warning_is_resource_exceeded,
        an_exit_code_set_before_an_unsettled_await_is_the_exit_code,
    ],
    python: [
        comprehension_over_an_endless_iterator_cannot_catch_the_timeout,
        asyncio_sleep_respects_the_time_limit,
        a_c_module_the_wasi_build_lacks_is_module_not_found,
        the_standard_library_is_there_including_lazily_imported_parts,
        module_patches_stay_in_their_session,
        hard_exit_ends_only_the_run_with_its_exit_code,
        closed_stdout_and_stderr_end_only_the_run,
        a_segfault_ends_only_the_run,
        recursion_past_a_raised_recursion_limit_ends_only_the_run,
    ],
);

fn completes_with_exit_code_zero_and_timing(c: Case) {
    let mut inst = c.instance();
    let result = ok(c.run(
        &mut inst,
        &[],
        c.code("console.log('hi', 6 * 7)", "print('hi', 6 * 7)"),
        &opts(),
    ));
    assert_eq!(result.run.stdout, "hi 42\n");
    assert_eq!(result.run.stderr, "");
    assert_eq!(result.run.exit_code, Some(0));
    assert!(result.compile.is_none());
    assert!(result.time_ms.is_some());
}

fn syntax_error_is_compilation_failed_with_line_and_column(c: Case) {
    let mut inst = c.instance();
    let code = c.code("const a = 1;\nlet b = (;\n", "a = 1\nb = (\n");
    match c.run(&mut inst, &[], code, &opts()) {
        Err(ExecError::CompilationFailed(stage)) => {
            assert!(stage.stderr.contains("SyntaxError"), "{}", stage.stderr);
            if c.is_python() {
                // CPython's own format: the line, the source and a caret at the column.
                assert!(stage.stderr.contains("line 2"), "{}", stage.stderr);
                assert!(
                    stage.stderr.contains("    b = (\n        ^"),
                    "{}",
                    stage.stderr
                );
            } else {
                assert!(stage.stderr.contains(":2:"), "{}", stage.stderr);
            }
        }
        other => panic!("expected compilation-failed, got {other:?}"),
    }
    assert_eq!(
        c.stdout(&mut inst, c.code("console.log(1)", "print(1)")),
        "1\n"
    );
}

fn uncaught_exception_keeps_stdout_and_reports_the_trace(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "console.log('before');\nfunction boom() { throw new TypeError('bad thing') }\nboom()",
        "print('before')\ndef boom():\n    raise TypeError('bad thing')\nboom()",
    );
    match c.run(&mut inst, &[], code, &opts()) {
        Err(ExecError::RuntimeFailed(stage)) => {
            assert_eq!(stage.stdout, "before\n");
            assert_eq!(stage.exit_code, Some(1));
            assert!(
                stage.stderr.contains("TypeError: bad thing"),
                "{}",
                stage.stderr
            );
            assert!(stage.stderr.contains("boom"), "{}", stage.stderr);
            if c.is_python() {
                assert!(
                    stage
                        .stderr
                        .starts_with("Traceback (most recent call last):\n"),
                    "{}",
                    stage.stderr
                );
                assert!(!stage.stderr.contains("engine.py"), "{}", stage.stderr);
            }
        }
        other => panic!("expected runtime-failed, got {other:?}"),
    }
}

fn explicit_exit_with_code_3_is_runtime_failed(c: Case) {
    let mut inst = c.instance();
    let failing = c.code(
        "console.log('x'); process.exit(3); console.log('not reached')",
        "import sys\nprint('x')\nsys.exit(3)\nprint('not reached')",
    );
    match c.run(&mut inst, &[], failing, &opts()) {
        Err(ExecError::RuntimeFailed(stage)) => {
            assert_eq!(stage.exit_code, Some(3));
            assert_eq!(stage.stdout, "x\n");
        }
        other => panic!("expected runtime-failed, got {other:?}"),
    }
}

fn explicit_exit_with_code_0_completes(c: Case) {
    let mut inst = c.instance();
    let zero = ok(c.run(
        &mut inst,
        &[],
        c.code("process.exit(0)", "import sys; sys.exit(0)"),
        &opts(),
    ));
    assert_eq!(zero.run.exit_code, Some(0));
}

fn busy_loop_cannot_catch_the_timeout(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "for (;;) { try { for (;;) {} } catch (e) {} finally { } }",
        "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n    finally:\n        pass",
    );
    let result = c.run(&mut inst, &[], code, &with_time(300));
    assert!(is_timeout(&result), "{result:?}");
    assert_eq!(
        c.stdout(&mut inst, c.code("console.log('ok')", "print('ok')")),
        "ok\n"
    );
}

/// Comprehensions and generators over endless iterators are loops too.
fn comprehension_over_an_endless_iterator_cannot_catch_the_timeout(c: Case) {
    let mut inst = c.instance();
    let result = c.run(
        &mut inst,
        &[],
        "import itertools\ntry:\n    [x for x in itertools.count()]\nexcept BaseException:\n    pass\nprint('escaped')",
        &with_time(300),
    );
    assert!(is_timeout(&result), "{result:?}");
    assert_eq!(c.stdout(&mut inst, "print('ok')"), "ok\n");
}

/// Short sleeps, and for Python asyncio, still work after a sleep was cut
/// short: the timed-out run left no timer or event loop behind.
fn assert_short_sleeps_complete(c: Case, inst: &mut ExecInstance) {
    let short = c.code(
        "await new Promise(r => setTimeout(r, 20)); console.log('done')",
        "import asyncio, time\ntime.sleep(0.01)\nasync def main():\n    await asyncio.gather(asyncio.sleep(0.01), asyncio.sleep(0.02))\n    print('done')\nasyncio.run(main())",
    );
    assert_eq!(c.stdout(inst, short), "done\n");
}

fn blocking_sleep_respects_the_time_limit(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "setTimeout(() => console.log('late'), 30000)",
        "import time\ntime.sleep(30)\nprint('late')",
    );
    let result = c.run(&mut inst, &[], code, &with_time(300));
    assert!(is_timeout(&result), "{result:?}");
    assert_short_sleeps_complete(c, &mut inst);
}

fn asyncio_sleep_respects_the_time_limit(c: Case) {
    let mut inst = c.instance();
    let result = c.run(
        &mut inst,
        &[],
        "import asyncio\nasyncio.run(asyncio.sleep(30))",
        &with_time(300),
    );
    assert!(is_timeout(&result), "{result:?}");
    assert_short_sleeps_complete(c, &mut inst);
}

fn memory_limit_is_cumulative_and_recoverable(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "const keep = []; for (let i = 0; i < 1e6; i++) keep.push('x'.repeat(1000) + i)",
        "keep = []\nfor i in range(10**6):\n    keep.append('x' * 1000 + str(i))",
    );
    let limits = Limits {
        memory_bytes: Some(64 << 20),
        time_ms: Some(20_000),
        ..Limits::default()
    };
    let result = c.run(&mut inst, &[], code, &with_limits(limits));
    assert!(is_resource_exceeded(&result), "{result:?}");
    let small = ok(c.run(
        &mut inst,
        &[],
        c.code("console.log([1,2,3].length)", "print(len([1, 2, 3]))"),
        &with_limits(limits),
    ));
    assert_eq!(small.run.stdout, "3\n");
    assert!(
        small.memory_bytes.is_some_and(|m| m < 64 << 20),
        "{small:?}"
    );
}

fn file_size_limit() -> RunOptions {
    with_limits(Limits {
        file_size_bytes: Some(1000),
        ..Limits::default()
    })
}

/// After a run the file-size limit stopped, the session still writes files
/// that fit.
fn assert_small_write_succeeds(c: Case, inst: &mut ExecInstance, s: &SessionHandle) {
    let small = c.code(
        "require('fs').writeFileSync('ok.txt', 'fine'); console.log('ok')",
        "open('ok.txt', 'w').write('fine')\nprint('ok')",
    );
    let result = ok(inst.session_run(s, small, &file_size_limit()).unwrap());
    assert_eq!(result.run.stdout, "ok\n");
    assert_eq!(inst.download(s, "ok.txt").unwrap().unwrap(), b"fine");
}

fn file_size_limit_stops_a_large_write(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    let write = c.code(
        "require('fs').writeFileSync('big.txt', 'x'.repeat(5000))",
        "with open('big.txt', 'w') as f:\n    f.write('x' * 5000)",
    );
    let result = inst.session_run(&s, write, &file_size_limit()).unwrap();
    assert!(is_resource_exceeded(&result), "{result:?}");
    assert_small_write_succeeds(c, &mut inst, &s);
}

fn file_size_limit_stops_many_small_appends(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    let append = c.code(
        "const fs = require('fs'); for (let i = 0; i < 100; i++) fs.appendFileSync('log.txt', 'y'.repeat(100))",
        "for i in range(100):\n    with open('log.txt', 'a') as f:\n        f.write('y' * 100)",
    );
    let result = inst.session_run(&s, append, &file_size_limit()).unwrap();
    assert!(is_resource_exceeded(&result), "{result:?}");
    assert_small_write_succeeds(c, &mut inst, &s);
}

fn file_size_limit_applies_to_uploads(c: Case) {
    let mut limited = c.instance_with_env(&[("EXEC_FILE_SIZE_LIMIT_BYTES", "10")]);
    let s = limited.session(&c.lang(), &[]).unwrap();
    let upload = limited
        .upload(&s, &file("big.bin", &"z".repeat(100)))
        .unwrap();
    assert!(
        matches!(upload, Err(ExecError::ResourceExceeded)),
        "{upload:?}"
    );
}

/// A 4 GiB offset once wrapped to byte 0 on wasm32; now the write fails
/// (past the storage quota) and the file keeps its bytes.
fn a_write_at_4_gib_is_an_error_not_a_wrap(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "import fs from 'fs'; const fd = fs.openSync('f', 'w+'); fs.writeSync(fd, 'head'); \
         for (const at of [2 ** 32, 2 ** 32 - 1]) { try { fs.writeSync(fd, 'x', at); console.log('wrote') } \
         catch (e) { console.log(e.code) } } console.log(fs.readFileSync('f', 'utf8'))",
        "import os\nfd = os.open('f', os.O_RDWR | os.O_CREAT)\nos.write(fd, b'head')\n\
         for at in (2**32, 2**32 - 1):\n    os.lseek(fd, at, 0)\n    try:\n        os.write(fd, b'x')\n        print('wrote')\n    except OSError as e:\n        print(e.strerror)\nos.close(fd)\nprint(open('f').read())",
    );
    let out = c.stdout(&mut inst, code);
    let refusal = if c.is_python() {
        "No space left on device"
    } else {
        "ENOSPC"
    };
    assert_eq!(out, format!("{refusal}\n{refusal}\nhead\n"));
}

fn a_huge_truncate_is_enospc_and_allocates_nothing(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "import fs from 'fs'; fs.writeFileSync('f', 'x'); \
         try { fs.truncateSync('f', 2 ** 31) } catch (e) { console.log(e.code) } \
         console.log(fs.statSync('f').size)",
        "import os, errno\nopen('f', 'w').write('x')\ntry:\n    os.truncate('f', 2**31)\n\
         except OSError as e:\n    print(errno.errorcode[e.errno])\nprint(os.stat('f').st_size)",
    );
    assert_eq!(c.stdout(&mut inst, code), "ENOSPC\n1\n");
}

fn the_storage_quota_is_enospc_inside_the_snippet(c: Case) {
    let mut inst = c.instance_with_env(&[("EXEC_STORAGE_LIMIT_BYTES", "1000")]);
    let s = inst.session(&c.lang(), &[]).unwrap();
    let code = c.code(
        "import fs from 'fs'; fs.writeFileSync('a', 'a'.repeat(600)); \
         try { fs.writeFileSync('b', 'b'.repeat(600)) } catch (e) { console.log(e.code) } \
         fs.writeFileSync('c', 'c'.repeat(300)); console.log(fs.readdirSync('.').join(','))",
        "import os, errno\nopen('a', 'w').write('a' * 600)\ntry:\n    with open('b', 'w') as f:\n        f.write('b' * 600)\n\
         except OSError as e:\n    print(errno.errorcode[e.errno])\nopen('c', 'w').write('c' * 300)\n\
         print(','.join(sorted(f for f in os.listdir('.') if os.path.getsize(f))))",
    );
    let out = ok(inst.session_run(&s, code, &opts()).unwrap());
    assert_eq!(out.run.stdout, "ENOSPC\na,c\n");
    assert_eq!(
        inst.download(&s, "c").unwrap().unwrap(),
        "c".repeat(300).into_bytes()
    );
}

fn an_upload_over_the_storage_quota_is_resource_exceeded(c: Case) {
    let mut inst = c.instance_with_env(&[("EXEC_STORAGE_LIMIT_BYTES", "1000")]);
    let s = inst.session(&c.lang(), &[]).unwrap();
    inst.upload(&s, &file("first", &"1".repeat(800)))
        .unwrap()
        .unwrap();
    let upload = inst.upload(&s, &file("second", &"2".repeat(800))).unwrap();
    assert!(
        matches!(upload, Err(ExecError::ResourceExceeded)),
        "{upload:?}"
    );
    assert_eq!(inst.list_files(&s, "").unwrap().unwrap(), vec!["first"]);
    let other = inst.session(&c.lang(), &[]).unwrap();
    inst.upload(&other, &file("fits", &"3".repeat(800)))
        .unwrap()
        .unwrap();
}

/// A bad `EXEC_*` value once made every export trap; now each call says
/// what is wrong, and the instance keeps answering.
fn an_invalid_exec_variable_is_an_internal_error_on_every_call(c: Case) {
    for (name, value) in [
        ("EXEC_TIMEOUT_MS", "0"),
        ("EXEC_STORAGE_LIMIT_BYTES", "lots"),
        ("EXEC_MEMORY_LIMIT_MB", "-1"),
    ] {
        let mut inst = c.instance_with_env(&[(name, value)]);
        for _ in 0..2 {
            match c.run(
                &mut inst,
                &[],
                c.code("console.log(1)", "print(1)"),
                &opts(),
            ) {
                Err(ExecError::Internal(message)) => assert!(message.contains(name), "{message}"),
                other => panic!("{name}={value}: expected internal, got {other:?}"),
            }
        }
        let s = inst.session(&c.lang(), &[]).unwrap();
        match inst.session_run(&s, "1", &opts()).unwrap() {
            Err(ExecError::Internal(message)) => assert!(message.contains(name), "{message}"),
            other => panic!("{name}={value}: expected internal, got {other:?}"),
        }
    }
}

/// Path handling is bounded: a name far past `PATH_MAX` is refused at once
/// instead of costing quadratic time outside the time limit.
fn a_module_name_with_10000_segments_is_an_internal_error(c: Case) {
    let mut inst = c.instance();
    let name = format!("{}m.txt", "seg/".repeat(10_000));
    match c.run(
        &mut inst,
        &[file(&name, "x")],
        c.code("console.log(1)", "print(1)"),
        &opts(),
    ) {
        Err(ExecError::Internal(message)) => {
            assert!(message.contains("longer than 4096 bytes"), "{message}")
        }
        other => panic!("expected internal, got {other:?}"),
    }
    assert_eq!(
        c.stdout(&mut inst, c.code("console.log('next')", "print('next')")),
        "next\n"
    );
}

/// A package with a module importing its sibling, and a top-level module.
fn example_modules(c: Case) -> Vec<File> {
    if c.is_python() {
        vec![
            file(
                "mytest/mymodule.py",
                "from mytest.helpers import twice\ndef greet(n):\n    return 'hi ' + twice(n)\n",
            ),
            file("mytest/helpers.py", "def twice(s):\n    return s * 2\n"),
            file("tools.py", "VALUE = 7\n"),
        ]
    } else {
        vec![
            file(
                "mytest/mymodule.js",
                "import { twice } from './helpers.js'; export const greet = (n) => 'hi ' + twice(n);",
            ),
            file("mytest/helpers.js", "export const twice = (s) => s + s;"),
            file("tools.js", "export const VALUE = 7;"),
        ]
    }
}

fn modules_import_the_language_way(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "import { greet } from './mytest/mymodule.js'; import { VALUE } from 'tools.js'; console.log(greet('a'), VALUE)",
        "import mytest.mymodule\nfrom tools import VALUE\nprint(mytest.mymodule.greet('a'), VALUE)",
    );
    let result = ok(c.run(&mut inst, &example_modules(c), code, &opts()));
    assert_eq!(result.run.stdout, "hi aa 7\n");
}

fn a_missing_module_fails_the_run_naming_it(c: Case) {
    let mut inst = c.instance();
    let missing = c.code(
        "import { nope } from './nope.js'",
        "import nope_such_module",
    );
    let result = c.run(&mut inst, &example_modules(c), missing, &opts());
    match result {
        Err(ExecError::RuntimeFailed(stage)) | Err(ExecError::CompilationFailed(stage)) => {
            let expected = c.code(
                "nope",
                "ModuleNotFoundError: No module named 'nope_such_module'",
            );
            assert!(stage.stderr.contains(expected), "{}", stage.stderr);
        }
        other => panic!("expected a failed import, got {other:?}"),
    }
}

/// C modules the WASI build lacks give a clean ImportError.
fn a_c_module_the_wasi_build_lacks_is_module_not_found(c: Case) {
    let mut inst = c.instance();
    let out = c.stdout(
        &mut inst,
        "try:\n    import _ssl\nexcept ImportError as e:\n    print(type(e).__name__)",
    );
    assert_eq!(out, "ModuleNotFoundError\n");
}

fn the_standard_library_is_there_including_lazily_imported_parts(c: Case) {
    let mut inst = c.instance();
    let out = c.stdout(
        &mut inst,
        "import json, re, math, datetime, collections, itertools, decimal, fractions, statistics, csv, io, pathlib, dataclasses, typing\nimport importlib.resources, encodings.idna\nprint(json.dumps({'a': [1, 2]}), datetime.datetime.strptime('2024-01-02', '%Y-%m-%d').day, statistics.mean([1, 2, 3]), decimal.Decimal('1.1') + decimal.Decimal('2.2'))",
    );
    assert_eq!(out, "{\"a\": [1, 2]} 2 2 3.3\n");
}

fn argv_env_and_stdin_follow_the_language(c: Case) {
    let mut inst = c.instance();
    let options = RunOptions {
        stdin: Some("first line\nsecond line\n".into()),
        args: Some(vec!["a b".into(), "c".into()]),
        env: Some(vec![("GREETING".into(), "hello".into())]),
        limits: None,
    };
    let code = c.code(
        "const fs = require('fs'); console.log(JSON.stringify(process.argv.slice(2)), JSON.stringify(process.env)); const lines = fs.readFileSync('/dev/stdin', 'utf8').split('\\n'); console.log(lines[0], '|', lines[1])",
        "import sys, os, json\nprint(json.dumps(sys.argv[1:]), json.dumps(dict(os.environ)))\nfirst = input()\nprint(first, '|', sys.stdin.readline().rstrip())",
    );
    let result = ok(c.run(&mut inst, &[], code, &options));
    let expected_env = c.code("{\"GREETING\":\"hello\"}", "{\"GREETING\": \"hello\"}");
    let expected_args = c.code("[\"a b\",\"c\"]", "[\"a b\", \"c\"]");
    assert_eq!(
        result.run.stdout,
        format!("{expected_args} {expected_env}\nfirst line | second line\n")
    );
}

fn argv_without_arguments_follows_the_language(c: Case) {
    let mut inst = c.instance();
    let argv0 = c.stdout(
        &mut inst,
        c.code(
            "console.log(process.argv.length)",
            "import sys; print(len(sys.argv))",
        ),
    );
    // Node: the node binary and the script; Python: the script.
    assert_eq!(argv0, c.code("2\n", "1\n"));
}

fn no_component_environment_variable_leaks(c: Case) {
    let mut inst = c.instance_with_env(&[("SECRET_TOKEN", "s3cr3t"), ("EXEC_TIMEOUT_MS", "4000")]);
    let out = c.stdout(
        &mut inst,
        c.code(
            "console.log(Object.keys(process.env).length, process.env.SECRET_TOKEN)",
            "import os\nprint(len(os.environ), os.environ.get('SECRET_TOKEN'), os.getenv('SECRET_TOKEN'))",
        ),
    );
    assert_eq!(out, c.code("0 undefined\n", "0 None None\n"));
}

fn session_lifecycle_upload_run_download_list_close(c: Case) {
    let mut inst = c.instance();
    let lib = if c.is_python() {
        file("lib.py", "def greet(n):\n    return f'hi {n}'\n")
    } else {
        file("lib.js", "export const greet = (n) => `hi ${n}`;")
    };
    let s = inst.session(&c.lang(), &[lib]).unwrap();
    inst.upload(&s, &file("data/in.txt", "hello"))
        .unwrap()
        .unwrap();
    let code = c.code(
        "import { greet } from './lib.js'; import fs from 'node:fs'; fs.writeFileSync('data/out.txt', greet(fs.readFileSync('data/in.txt', 'utf8'))); console.log('wrote')",
        "from lib import greet\nfrom pathlib import Path\nPath('data/out.txt').write_text(greet(Path('data/in.txt').read_text()))\nprint('wrote')",
    );
    let result = ok(inst.session_run(&s, code, &opts()).unwrap());
    assert_eq!(result.run.stdout, "wrote\n");
    assert_eq!(
        inst.download(&s, "data/out.txt").unwrap().unwrap(),
        b"hi hello"
    );
    let lib_name = c.code("lib.js", "lib.py");
    assert_eq!(
        inst.list_files(&s, "").unwrap().unwrap(),
        vec!["data/in.txt", "data/out.txt", lib_name]
    );
    assert_eq!(
        inst.list_files(&s, "data").unwrap().unwrap(),
        vec!["in.txt", "out.txt"]
    );
    inst.close(&s).unwrap();
    inst.close(&s).unwrap();
    inst.drop_session(s).unwrap();
    // Nothing of the dropped session is left for the next one.
    let s = inst.session(&c.lang(), &[]).unwrap();
    assert!(inst.list_files(&s, "").unwrap().unwrap().is_empty());
    inst.drop_session(s).unwrap();
}

fn a_closed_session_refuses_runs_downloads_and_listings(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    // A file that was there: the download fails because of the close.
    inst.upload(&s, &file("data/out.txt", "hi hello"))
        .unwrap()
        .unwrap();
    inst.close(&s).unwrap();
    assert!(
        matches!(inst.session_run(&s, "1", &opts()).unwrap(), Err(ExecError::Internal(m)) if m.contains("closed"))
    );
    assert!(matches!(
        inst.download(&s, "data/out.txt").unwrap(),
        Err(ExecError::Internal(_))
    ));
    assert!(matches!(
        inst.list_files(&s, "").unwrap(),
        Err(ExecError::Internal(_))
    ));
    inst.drop_session(s).unwrap();
}

fn downloading_a_missing_file_is_an_error_naming_it(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    // Its directory exists: only the file is missing.
    inst.upload(&s, &file("data/in.txt", "hello"))
        .unwrap()
        .unwrap();
    let missing = inst.download(&s, "data/none.txt").unwrap();
    assert!(
        matches!(&missing, Err(ExecError::Internal(m)) if m.contains("data/none.txt")),
        "{missing:?}"
    );
}

fn working_directory_is_where_snippets_start(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    inst.set_working_dir(&s, "work/dir").unwrap().unwrap();
    let code = c.code(
        "const fs = require('fs'); fs.writeFileSync('here.txt', 'x'); console.log(process.cwd())",
        "import os\nopen('here.txt', 'w').write('x')\nprint(os.getcwd())",
    );
    let result = ok(inst.session_run(&s, code, &opts()).unwrap());
    assert_eq!(result.run.stdout, "/work/dir\n");
    assert_eq!(
        inst.download(&s, "work/dir/here.txt").unwrap().unwrap(),
        b"x"
    );
}

fn a_working_directory_outside_the_session_is_refused(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    assert!(matches!(
        inst.set_working_dir(&s, "../up").unwrap(),
        Err(ExecError::Internal(_))
    ));
}

fn sessions_keep_state_and_are_isolated_from_each_other(c: Case) {
    let mut inst = c.instance();
    let a = inst.session(&c.lang(), &[]).unwrap();
    let b = inst.session(&c.lang(), &[]).unwrap();
    inst.upload(&a, &file("secret.txt", "only a"))
        .unwrap()
        .unwrap();
    let set = c.code("globalThis.counter = 41", "counter = 41");
    ok(inst.session_run(&a, set, &opts()).unwrap());
    let bump = c.code(
        "counter += 1; console.log(counter)",
        "counter += 1\nprint(counter)",
    );
    assert_eq!(
        ok(inst.session_run(&a, bump, &opts()).unwrap()).run.stdout,
        "42\n"
    );
    let probe = c.code(
        "const fs = require('fs'); console.log(typeof counter, fs.existsSync('secret.txt'), fs.existsSync('/secret.txt'), fs.existsSync('../secret.txt'))",
        "import os\nprint('counter' in globals(), os.path.exists('secret.txt'), os.path.exists('/secret.txt'), os.path.exists('../secret.txt'))",
    );
    let out = ok(inst.session_run(&b, probe, &opts()).unwrap()).run.stdout;
    assert_eq!(
        out,
        c.code("undefined false false false\n", "False False False False\n")
    );
    // Session a's state survived b's run.
    assert_eq!(
        ok(inst.session_run(&a, bump, &opts()).unwrap()).run.stdout,
        "43\n"
    );
}

/// Imported modules are shared by every owner in the interpreter; a
/// session's patches to one stay in that session.
fn module_patches_stay_in_their_session(c: Case) {
    let mut inst = c.instance();
    let a = inst.session(&c.lang(), &[]).unwrap();
    let b = inst.session(&c.lang(), &[]).unwrap();
    ok(inst
        .session_run(
            &a,
            "import json\njson.dumps = lambda *a, **k: 'patched'",
            &opts(),
        )
        .unwrap());
    let out = ok(inst
        .session_run(&b, "import json\nprint(json.dumps(1))", &opts())
        .unwrap());
    assert_eq!(out.run.stdout, "1\n");
    let out = ok(inst
        .session_run(&a, "import json\nprint(json.dumps(1))", &opts())
        .unwrap());
    assert_eq!(out.run.stdout, "patched\n");
}

fn escaping_paths_stay_inside_the_session(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    let code = c.code(
        "const fs = require('fs'); fs.writeFileSync('../../escape.txt', 'x'); fs.writeFileSync('/abs.txt', 'y'); let sym; try { fs.symlinkSync('/etc/passwd', 'link') } catch (e) { sym = e.code } console.log(fs.readdirSync('/').sort().join(','), sym, fs.existsSync('/etc/passwd'))",
        "import os, io, pathlib\nopen('../../escape.txt', 'w').write('x')\npathlib.Path('/abs.txt').write_text('y')\nfd = os.open('/../fd.txt', os.O_WRONLY | os.O_CREAT)\nos.write(fd, b'z')\nos.close(fd)\nio.open('sub.txt', 'w').close()\ntry:\n    os.symlink('/etc/passwd', 'link')\n    sym = 'made'\nexcept OSError as e:\n    sym = type(e).__name__\nprint(','.join(sorted(os.listdir('/'))), sym, os.path.exists('/etc/passwd'))",
    );
    let out = ok(inst.session_run(&s, code, &opts()).unwrap()).run.stdout;
    let expected = c.code(
        "abs.txt,escape.txt EPERM false\n",
        "abs.txt,escape.txt,fd.txt,sub.txt PermissionError False\n",
    );
    assert_eq!(out, expected);
}

/// `api_path` leads out of the session to a file in it, `abs.txt`, which is
/// there: the download is refused for the path alone, and the error names it.
fn assert_download_is_refused(c: Case, api_path: &str) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    inst.upload(&s, &file("abs.txt", "y")).unwrap().unwrap();
    let result = inst.download(&s, api_path).unwrap();
    assert!(
        matches!(&result, Err(ExecError::Internal(m)) if m.contains(api_path)),
        "{result:?}"
    );
}

fn downloading_an_absolute_path_is_refused_naming_it(c: Case) {
    assert_download_is_refused(c, "/abs.txt");
}

fn downloading_a_parent_relative_path_is_refused_naming_it(c: Case) {
    assert_download_is_refused(c, "../abs.txt");
}

fn one_shot_runs_share_no_state(c: Case) {
    let mut inst = c.instance();
    let first = c.code(
        "globalThis.leak = 1; Math.max = () => 'patched'; require('fs').writeFileSync('f.txt', 'x')",
        "import json, builtins\nleak = 1\nbuiltins.leak2 = 2\njson.dumps = lambda *a, **k: 'patched'\nopen('f.txt', 'w').write('x')",
    );
    ok(c.run(&mut inst, &[], first, &opts()));
    let second = c.code(
        "console.log(typeof leak, Math.max(1, 2), require('fs').existsSync('f.txt'))",
        "import json, os\nprint('leak' in globals(), 'leak2' in dir(__builtins__), json.dumps(2), os.path.exists('f.txt'))",
    );
    let expected = c.code("undefined 2 false\n", "False False 2 False\n");
    assert_eq!(c.stdout(&mut inst, second), expected);
}

fn process_and_network_access_fail_cleanly(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "let r = []; try { require('child_process').execSync('ls') } catch (e) { r.push(e.code) } try { await fetch('http://example.com') } catch (e) { r.push('fetch failed') } console.log(r.join(','))",
        "import subprocess, socket, os\nr = []\ntry:\n    subprocess.run(['ls'])\nexcept OSError as e:\n    r.append(type(e).__name__)\ntry:\n    socket.create_connection(('example.com', 80), timeout=1)\nexcept OSError as e:\n    r.append(type(e).__name__)\ntry:\n    os.system('ls')\nexcept OSError as e:\n    r.append(type(e).__name__)\nprint(','.join(r))",
    );
    let out = c.stdout(&mut inst, code);
    assert_eq!(
        out,
        c.code(
            "ENOSYS,fetch failed\n",
            "OSError,PermissionError,PermissionError\n"
        )
    );
}

fn deep_recursion_is_a_language_error(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "function f(n) { return f(n + 1) + 1 } try { f(0) } catch (e) { console.log(e.constructor.name) }",
        "def f(n):\n    return f(n + 1) + 1\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(type(e).__name__)",
    );
    assert_eq!(
        c.stdout(&mut inst, code),
        c.code("RangeError\n", "RecursionError\n")
    );
    assert_eq!(
        c.stdout(&mut inst, c.code("console.log('fine')", "print('fine')")),
        "fine\n"
    );
}

/// `code` ends its run as runtime-failed without printing `no`, and the
/// instance runs the next snippet normally.
fn assert_ends_only_the_run(c: Case, code: &str) -> StageResult {
    let mut inst = c.instance();
    let stage = match c.run(&mut inst, &[], code, &opts()) {
        Err(ExecError::RuntimeFailed(stage)) => stage,
        other => panic!("{code}: expected runtime-failed, got {other:?}"),
    };
    assert!(!stage.stdout.contains("no"), "{code}: {stage:?}");
    assert_eq!(
        c.stdout(&mut inst, c.code("console.log('next')", "print('next')")),
        "next\n"
    );
    stage
}

fn abort_ends_only_the_run(c: Case) {
    assert_ends_only_the_run(c, "process.abort()");
}

fn a_caught_abort_still_ends_only_the_run(c: Case) {
    assert_ends_only_the_run(
        c,
        c.code(
            "try { process.abort() } catch (e) {} console.log('no')",
            "import os\ntry:\n    os.abort()\nexcept BaseException:\n    print('no')",
        ),
    );
}

fn signalling_itself_ends_only_the_run(c: Case) {
    assert_ends_only_the_run(
        c,
        c.code(
            "process.kill(process.pid, 'SIGKILL')",
            "import signal\nsignal.raise_signal(signal.SIGTERM)",
        ),
    );
}

fn hard_exit_ends_only_the_run_with_its_exit_code(c: Case) {
    let stage = assert_ends_only_the_run(c, "import os\nprint('a')\nos._exit(4)");
    assert_eq!(stage.exit_code, Some(4));
    assert_eq!(stage.stdout, "a\n");
}

fn closed_stdout_and_stderr_end_only_the_run(c: Case) {
    assert_ends_only_the_run(
        c,
        "import sys\nsys.stdout.close()\nsys.stderr.close()\nprint('x')",
    );
}

fn a_segfault_ends_only_the_run(c: Case) {
    assert_ends_only_the_run(c, "import faulthandler\nfaulthandler._sigsegv()");
}

fn recursion_past_a_raised_recursion_limit_ends_only_the_run(c: Case) {
    assert_ends_only_the_run(
        c,
        "import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)",
    );
}

fn rebinding_builtins_does_not_poison_later_runs(c: Case) {
    let mut inst = c.instance();
    let poison = c.code(
        "globalThis.setTimeout = null; Object.prototype.toString = () => 'x'; process.exit = () => {}",
        "import builtins, sys, os\nbuiltins.print = None\nbuiltins.len = lambda x: -1\nsys.exit = None\nos.getcwd = None\nsys.modules['json'] = None",
    );
    ok(c.run(&mut inst, &[], poison, &opts()));
    let check = c.code(
        "setTimeout(() => console.log(typeof process.exit), 1)",
        "import json, os\nprint(len('abc'), json.dumps([1]), os.getcwd())",
    );
    assert_eq!(
        c.stdout(&mut inst, check),
        c.code("function\n", "3 [1] /\n")
    );
}

fn streamed_events_keep_write_order_then_end(c: Case) {
    let mut inst = c.instance();
    let code = c.code(
        "console.log('a'); console.error('b'); console.log('c')",
        "import sys\nprint('a')\nprint('b', file=sys.stderr)\nprint('c')",
    );
    let events = c.stream(&mut inst, code, &opts());
    assert_eq!(
        describe_events(&events),
        ["out:a\n", "err:b\n", "out:c\n", "finished:Some(0)"]
    );
}

fn a_failing_streamed_run_ends_with_a_failed_event(c: Case) {
    let mut inst = c.instance();
    let failing = c.code("throw new Error('x')", "raise ValueError('x')");
    let events = c.stream(&mut inst, failing, &opts());
    assert!(
        matches!(
            events.last(),
            Some(ExecEvent::Failed(ExecError::RuntimeFailed(_)))
        ),
        "{events:?}"
    );
}

fn a_streamed_session_run_gives_its_output_then_one_final_event(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    let events =
        session_stream_events(&mut inst, &s, c.code("console.log(1)", "print(1)"), &opts());
    assert_eq!(events.len(), 2, "{events:?}");
}

fn encoded_uploads_round_trip(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    inst.upload(&s, &encoded("b.bin", "AAEC/w==", Encoding::Base64))
        .unwrap()
        .unwrap();
    inst.upload(&s, &encoded("h.bin", "00ff10", Encoding::Hex))
        .unwrap()
        .unwrap();
    let code = c.code(
        "const fs = require('fs'); console.log([...fs.readFileSync('b.bin')].join(','), [...fs.readFileSync('h.bin')].join(','))",
        "print(','.join(map(str, open('b.bin', 'rb').read())), ','.join(map(str, open('h.bin', 'rb').read())))",
    );
    assert_eq!(
        ok(inst.session_run(&s, code, &opts()).unwrap()).run.stdout,
        "0,1,2,255 0,255,16\n"
    );
    assert_eq!(inst.download(&s, "b.bin").unwrap().unwrap(), [0, 1, 2, 255]);
}

fn a_badly_encoded_upload_is_refused_naming_the_file(c: Case) {
    let mut inst = c.instance();
    let s = inst.session(&c.lang(), &[]).unwrap();
    let bad = inst
        .upload(&s, &encoded("bad.bin", "not base64!", Encoding::Base64))
        .unwrap();
    assert!(
        matches!(&bad, Err(ExecError::Internal(m)) if m.contains("bad.bin")),
        "{bad:?}"
    );
    let result = ok(inst
        .session_run(
            &s,
            c.code("console.log('still fine')", "print('still fine')"),
            &opts(),
        )
        .unwrap());
    assert_eq!(result.run.stdout, "still fine\n");
}

fn output_cap_stops_a_snippet_printing_forever(c: Case) {
    let mut inst = c.instance_with_env(&[("EXEC_OUTPUT_LIMIT_BYTES", "100000")]);
    let code = c.code(
        "for (;;) console.log('spam spam spam')",
        "while True:\n    print('spam spam spam')",
    );
    let result = c.run(&mut inst, &[], code, &with_time(20_000));
    assert!(is_resource_exceeded(&result), "{result:?}");
    assert_eq!(
        c.stdout(&mut inst, c.code("console.log('quiet')", "print('quiet')")),
        "quiet\n"
    );
}

/// The run ends on its own, but its last write went past the cap: the cap
/// decides the outcome, not how the interpreter finished.
fn the_output_cap_hit_by_the_last_write_of_a_finished_run_is_resource_exceeded(c: Case) {
    let mut inst = c.instance_with_env(&[("EXEC_OUTPUT_LIMIT_BYTES", "100")]);
    let code = c.code("console.log('x'.repeat(300))", "print('x' * 300)");
    let result = c.run(&mut inst, &[], code, &opts());
    assert!(is_resource_exceeded(&result), "{result:?}");
}

/// Reporting an uncaught error is output too: a stack that does not fit
/// under the cap ends the run as `resource-exceeded`, not `runtime-failed`.
fn the_output_cap_hit_by_the_uncaught_error_report_is_resource_exceeded(c: Case) {
    let mut inst = c.instance_with_env(&[("EXEC_OUTPUT_LIMIT_BYTES", "200")]);
    let code = c.code(
        "console.log('y'.repeat(150)); throw new Error('e'.repeat(500))",
        "print('y' * 150)\nraise ValueError('e' * 500)",
    );
    let result = c.run(&mut inst, &[], code, &opts());
    assert!(is_resource_exceeded(&result), "{result:?}");
    assert_eq!(
        c.stdout(&mut inst, c.code("console.log('next')", "print('next')")),
        "next\n"
    );
}

fn the_output_cap_hit_by_the_unsettled_await_warning_is_resource_exceeded(c: Case) {
    let mut inst = c.instance_with_env(&[("EXEC_OUTPUT_LIMIT_BYTES", "60")]);
    let code = "console.log('z'.repeat(40)); await new Promise(() => {})";
    let result = c.run(&mut inst, &[], code, &opts());
    assert!(is_resource_exceeded(&result), "{result:?}");
}

/// As in Node: `process.exitCode` set before a top-level await that never
/// settles is the exit code (Node uses 13 only when none was set).
fn an_exit_code_set_before_an_unsettled_await_is_the_exit_code(c: Case) {
    let mut inst = c.instance();
    let code = "process.exitCode = 4; await new Promise(() => {})";
    match c.run(&mut inst, &[], code, &opts()) {
        Err(ExecError::RuntimeFailed(stage)) => assert_eq!(stage.exit_code, Some(4)),
        other => panic!("expected runtime-failed with exit code 4, got {other:?}"),
    }
}

fn other_language_is_unsupported(c: Case) {
    let mut inst = c.instance();
    let other = Language {
        kind: if c.is_python() {
            LanguageKind::Javascript
        } else {
            LanguageKind::Python
        },
        version: None,
    };
    let result = inst.run(&other, &[], "1", &opts()).unwrap();
    assert!(
        matches!(result, Err(ExecError::UnsupportedLanguage)),
        "{result:?}"
    );
}

fn an_unselectable_version_is_accepted_and_ignored(c: Case) {
    let mut inst = c.instance();
    let versioned = Language {
        kind: c.kind,
        version: Some("0.0.1-nonexistent".into()),
    };
    let result = ok(inst
        .run(
            &versioned,
            &[],
            c.code("console.log(1)", "print(1)"),
            &opts(),
        )
        .unwrap());
    assert_eq!(result.run.stdout, "1\n");
}

fn default_time_limit_comes_from_the_component_environment(c: Case) {
    let mut inst = c.instance_with_env(&[("EXEC_TIMEOUT_MS", "300")]);
    let result = c.run(
        &mut inst,
        &[],
        c.code("for (;;) {}", "while True:\n    pass"),
        &opts(),
    );
    assert!(is_timeout(&result), "{result:?}");
    assert_eq!(
        c.stdout(&mut inst, c.code("console.log('ok')", "print('ok')")),
        "ok\n"
    );
}

fn default_memory_limit_comes_from_the_component_environment(c: Case) {
    // A default time limit too, which the run's own replaces: the memory
    // default must stay in force when a run brings limits of its own.
    let mut inst =
        c.instance_with_env(&[("EXEC_TIMEOUT_MS", "300"), ("EXEC_MEMORY_LIMIT_MB", "64")]);
    let hog = c.code(
        "const keep = []; for (let i = 0; i < 1e6; i++) keep.push('x'.repeat(1000) + i)",
        "keep = []\nfor i in range(10**6):\n    keep.append('x' * 1000 + str(i))",
    );
    let result = c.run(&mut inst, &[], hog, &with_time(20_000));
    assert!(is_resource_exceeded(&result), "{result:?}");
    assert_eq!(
        c.stdout(&mut inst, c.code("console.log('ok')", "print('ok')")),
        "ok\n"
    );
}
