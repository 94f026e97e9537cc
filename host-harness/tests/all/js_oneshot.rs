//! exec-javascript, one-shot `run`: outcomes, errors, limits, hermeticity.

use crate::common::*;
use host_harness::{Encoding, ExecError, ExecInstance, Language, LanguageKind, Limits, RunOptions};

#[test]
fn happy_path_separates_stdout_and_stderr() {
    let mut js = js();
    let result = ok(run(
        &mut js,
        "console.log('out', 1 + 1); console.error('err'); console.warn('w'); console.info('i')",
        &opts(),
    ));
    assert_eq!(result.run.stdout, "out 2\ni\n");
    assert_eq!(result.run.stderr, "err\nw\n");
    assert_eq!(result.run.exit_code, Some(0));
    assert!(result.compile.is_none());
    assert!(result.time_ms.is_some());
    assert!(
        result.memory_bytes.unwrap_or(0) > 0,
        "peak memory is reported"
    );
}

#[test]
fn syntax_error_is_compilation_failed_with_line_and_column() {
    let mut js = js();
    match run(&mut js, "const a = 1;\nlet x = ;", &opts()) {
        Err(ExecError::CompilationFailed(stage)) => {
            assert!(stage.stderr.contains("SyntaxError"), "{}", stage.stderr);
            assert!(
                stage.stderr.contains(":2:9"),
                "line and column: {}",
                stage.stderr
            );
            assert_eq!(stage.exit_code, Some(1));
        }
        other => panic!("expected compilation-failed, got {other:?}"),
    }
}

#[test]
fn uncaught_exception_keeps_stdout_and_reports_the_stack() {
    let mut js = js();
    match run(
        &mut js,
        "console.log('before');\nfunction boom() { throw new TypeError('bad thing'); }\nboom();",
        &opts(),
    ) {
        Err(ExecError::RuntimeFailed(stage)) => {
            assert_eq!(stage.stdout, "before\n");
            assert!(
                stage.stderr.contains("TypeError: bad thing"),
                "{}",
                stage.stderr
            );
            assert!(
                stage.stderr.contains("boom"),
                "stack names the function: {}",
                stage.stderr
            );
            assert_eq!(stage.exit_code, Some(1));
        }
        other => panic!("expected runtime-failed, got {other:?}"),
    }
}

#[test]
fn an_unhandled_rejection_fails_the_run() {
    let mut js = js();
    match run(
        &mut js,
        "Promise.reject(new Error('nobody caught me'))",
        &opts(),
    ) {
        Err(ExecError::RuntimeFailed(stage)) => assert!(
            stage.stderr.contains("nobody caught me"),
            "{}",
            stage.stderr
        ),
        other => panic!("expected runtime-failed, got {other:?}"),
    }
}

#[test]
fn a_thrown_non_error_fails_the_run() {
    let mut js = js();
    match run(&mut js, "throw 'plain string'", &opts()) {
        Err(ExecError::RuntimeFailed(stage)) => {
            assert!(stage.stderr.contains("plain string"), "{}", stage.stderr)
        }
        other => panic!("expected runtime-failed, got {other:?}"),
    }
}

#[test]
fn process_exit_with_code_0_ends_the_snippet_and_completes() {
    let mut js = js();
    let result = ok(run(
        &mut js,
        "console.log('a'); process.exit(0); console.log('b')",
        &opts(),
    ));
    assert_eq!(
        (result.run.stdout.as_str(), result.run.exit_code),
        ("a\n", Some(0))
    );
}

#[test]
fn process_exit_with_code_3_is_runtime_failed_even_inside_try_catch() {
    let mut js = js();
    match run(
        &mut js,
        "console.log('a'); try { process.exit(3) } catch (e) { console.log('caught') } console.log('after')",
        &opts(),
    ) {
        Err(ExecError::RuntimeFailed(stage)) => {
            assert_eq!(stage.exit_code, Some(3));
            assert_eq!(stage.stdout, "a\n");
        }
        other => panic!("expected runtime-failed(3), got {other:?}"),
    }
}

#[test]
fn process_exit_code_4_fails_the_run_with_that_code() {
    let mut js = js();
    match run(
        &mut js,
        "process.exitCode = 4; console.log('done')",
        &opts(),
    ) {
        Err(ExecError::RuntimeFailed(stage)) => assert_eq!(stage.exit_code, Some(4)),
        other => panic!("process.exitCode is honoured, got {other:?}"),
    }
}

/// `code` runs into the time limit and the instance runs the next snippet
/// normally.
fn assert_times_out_and_the_instance_stays_usable(code: &str) {
    let mut js = js();
    assert!(is_timeout(&run(&mut js, code, &with_time(200))));
    assert_eq!(
        stdout_of(&mut js, "console.log('still here')"),
        "still here\n"
    );
}

#[test]
fn busy_loop_times_out_and_the_instance_stays_usable() {
    assert_times_out_and_the_instance_stays_usable("while (true) {}");
}

#[test]
fn busy_loop_times_out_even_inside_try_catch_and_the_instance_stays_usable() {
    assert_times_out_and_the_instance_stays_usable(
        "for (;;) { try { while (true) {} } catch (e) { console.log('caught', e) } }",
    );
}

#[test]
fn a_long_timer_respects_the_time_limit() {
    let mut js = js();
    assert!(is_timeout(&run(
        &mut js,
        "setTimeout(() => console.log('late'), 30000)",
        &with_time(300)
    )));
}

#[test]
fn awaiting_a_long_timer_respects_the_time_limit() {
    let mut js = js();
    assert!(is_timeout(&run(
        &mut js,
        "await new Promise(r => setTimeout(r, 30000))",
        &with_time(300)
    )));
}

#[test]
fn default_time_limit_comes_from_exec_timeout_ms() {
    let mut js = js_with_env(&[("EXEC_TIMEOUT_MS", "250")]);
    assert!(is_timeout(&run(&mut js, "while (true) {}", &opts())));
}

#[test]
fn a_malformed_exec_timeout_ms_is_an_internal_error_naming_it() {
    let mut bad = js_with_env(&[("EXEC_TIMEOUT_MS", "soon")]);
    match run(&mut bad, "1", &opts()) {
        Err(ExecError::Internal(message)) => {
            assert!(message.contains("EXEC_TIMEOUT_MS"), "{message}")
        }
        other => panic!("a bad EXEC_TIMEOUT_MS is reported, got {other:?}"),
    }
}

/// `code` runs into a 16 MiB memory limit and the instance runs the next
/// snippet normally.
fn assert_exceeds_16_mib_and_recovers(code: &str) {
    let mut js = js();
    let limits = with_limits(Limits {
        memory_bytes: Some(16 << 20),
        ..Limits::default()
    });
    assert!(is_resource_exceeded(&run(&mut js, code, &limits)));
    assert_eq!(stdout_of(&mut js, "console.log([1,2,3].length)"), "3\n");
}

#[test]
fn memory_limit_is_cumulative_and_recoverable() {
    // Many small allocations, each far below the limit, and the OOM caught.
    assert_exceeds_16_mib_and_recovers(
        "const keep = []; try { for (;;) keep.push({ n: keep.length, s: 'x'.repeat(64) }) } catch (e) { console.log('caught', e.message) }",
    );
}

#[test]
fn one_large_allocation_exceeds_the_memory_limit_and_is_recoverable() {
    assert_exceeds_16_mib_and_recovers("const big = new Array(1e8).fill(0)");
}

#[test]
fn default_memory_limit_comes_from_exec_memory_limit_mb() {
    let mut js = js_with_env(&[("EXEC_MEMORY_LIMIT_MB", "8")]);
    assert!(is_resource_exceeded(&run(
        &mut js,
        "const a = []; for (;;) a.push('y'.repeat(1000) + a.length)",
        &opts()
    )));
}

#[test]
fn output_cap_stops_a_snippet_printing_forever() {
    let mut js = js_with_env(&[("EXEC_OUTPUT_LIMIT_BYTES", "100000")]);
    assert!(is_resource_exceeded(&run(
        &mut js,
        "for (;;) console.log('spam spam spam')",
        &opts()
    )));
    assert_eq!(stdout_of(&mut js, "console.log('ok')"), "ok\n");
}

#[test]
fn a_large_stdin_is_delivered_whole() {
    let mut js = js();
    let big = "x".repeat(4 << 20);
    let result = ok(run(
        &mut js,
        "const s = require('fs').readFileSync(0, 'utf8'); console.log(s.length)",
        &with_stdin(&big),
    ));
    assert_eq!(result.run.stdout, format!("{}\n", big.len()));
}

#[test]
fn a_large_snippet_compiles_and_runs() {
    let mut js = js();
    let snippet = format!("const s = '{}'; console.log(s.length)", "y".repeat(2 << 20));
    assert_eq!(stdout_of(&mut js, &snippet), format!("{}\n", 2 << 20));
}

#[test]
fn a_module_over_the_file_size_limit_is_resource_exceeded() {
    let mut limited = js_with_env(&[("EXEC_FILE_SIZE_LIMIT_BYTES", "1024")]);
    let huge = file("big.js", &"// pad\n".repeat(1000));
    let result = limited.run(&lang(), &[huge], "1", &opts()).unwrap();
    assert!(is_resource_exceeded(&result), "{result:?}");
}

#[test]
fn deep_recursion_is_a_catchable_range_error() {
    let mut js = js();
    let out = stdout_of(
        &mut js,
        "let d = 0; function f() { d++; return f() + 1 } try { f() } catch (e) { console.log(e instanceof RangeError, e.message, d > 100) }",
    );
    assert_eq!(out, "true Maximum call stack size exceeded true\n");
    assert_eq!(stdout_of(&mut js, "console.log('alive')"), "alive\n");
}

#[test]
fn uncaught_deep_recursion_is_runtime_failed_with_a_range_error() {
    let mut js = js();
    match run(&mut js, "function g() { return g() } g()", &opts()) {
        Err(ExecError::RuntimeFailed(stage)) => {
            assert!(stage.stderr.contains("RangeError"), "{}", stage.stderr)
        }
        other => panic!("expected runtime-failed, got {other:?}"),
    }
    assert_eq!(stdout_of(&mut js, "console.log('alive')"), "alive\n");
}

#[test]
fn one_shot_runs_share_no_state() {
    let mut js = js();
    stdout_of(
        &mut js,
        "globalThis.leak = 1; Array.prototype.evil = 1; console.log = () => {}; require('fs').writeFileSync('left.txt', 'x')",
    );
    let out = stdout_of(
        &mut js,
        "console.log(typeof leak, [].evil, require('fs').existsSync('left.txt'))",
    );
    assert_eq!(out, "undefined undefined false\n");
}

#[test]
fn modules_import_by_bare_name_and_relative_path() {
    let mut js = js();
    let modules = [
        file(
            "lib.js",
            "export const x = 42; export default (n) => `hi ${n}`;",
        ),
        file(
            "pkg/util.js",
            "import { x } from '../lib.js'; export const y = x + 1;",
        ),
        file("pkg/index.js", "export * from './util.js';"),
    ];
    let code = "import hi, { x } from './lib.js'; import { y } from 'pkg/util.js'; import * as pkg from './pkg'; console.log(hi('bob'), x, y, pkg.y)";
    let result = ok(js.run(&lang(), &modules, code, &opts()).unwrap());
    assert_eq!(result.run.stdout, "hi bob 42 43 43\n");
}

#[test]
fn importing_a_missing_module_is_runtime_failed_naming_it() {
    let mut js = js();
    match js
        .run(&lang(), &[], "import './missing.js'", &opts())
        .unwrap()
    {
        Err(ExecError::RuntimeFailed(stage)) => {
            assert!(stage.stderr.contains("missing.js"), "{}", stage.stderr)
        }
        other => panic!("expected runtime-failed, got {other:?}"),
    }
}

#[test]
fn argv_env_and_stdin_follow_node() {
    let mut js = js_with_env(&[("SECRET_HOST_VAR", "leak")]);
    let options = RunOptions {
        stdin: Some("first\nsecond\n".into()),
        args: Some(vec!["a".into(), "b c".into()]),
        env: Some(vec![("GREETING".into(), "hello".into())]),
        limits: None,
    };
    let code = "console.log(process.argv.slice(2).join('|'), process.argv.length, JSON.stringify(process.env));\nconst lines = require('fs').readFileSync('/dev/stdin', 'utf8').split('\\n'); console.log(lines[1])";
    let result = ok(run(&mut js, code, &options));
    assert_eq!(
        result.run.stdout,
        "a|b c 4 {\"GREETING\":\"hello\"}\nsecond\n"
    );
}

/// The stdout of `code` reading the two lines `alice` and `bob` from stdin.
fn stdout_reading_two_names(code: &str) -> String {
    let mut js = js();
    ok(run(&mut js, code, &with_stdin("alice\nbob\n")))
        .run
        .stdout
}

#[test]
fn readline_reads_stdin_with_line_and_close_events() {
    let events = "const rl = require('readline').createInterface({ input: process.stdin }); rl.on('line', l => console.log('line', l)); rl.on('close', () => console.log('closed'))";
    assert_eq!(
        stdout_reading_two_names(events),
        "line alice\nline bob\nclosed\n"
    );
}

#[test]
fn readline_reads_stdin_with_async_iteration() {
    let iter = "import readline from 'node:readline'; const rl = readline.createInterface({ input: process.stdin }); for await (const l of rl) console.log(l.toUpperCase())";
    assert_eq!(stdout_reading_two_names(iter), "ALICE\nBOB\n");
}

#[test]
fn readline_promises_question_reads_a_line_from_stdin() {
    let question = "import { createInterface } from 'node:readline/promises'; const rl = createInterface({ input: process.stdin, output: process.stdout }); const name = await rl.question('name? '); console.log(`hi ${name}`); rl.close()";
    assert_eq!(stdout_reading_two_names(question), "name? hi alice\n");
}

#[test]
fn stdin_data_and_end_events_deliver_all_of_stdin() {
    let data = "let s = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', c => s += c); process.stdin.on('end', () => console.log(JSON.stringify(s)))";
    assert_eq!(stdout_reading_two_names(data), "\"alice\\nbob\\n\"\n");
}

#[test]
fn fs_sync_callback_and_promise_forms_use_node_conventions() {
    let mut js = js();
    let code = r#"
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
fs.mkdirSync('a/b', { recursive: true });
fs.writeFileSync('a/b/f.txt', 'hello');
fs.appendFileSync('a/b/f.txt', ' world');
console.log(fs.readFileSync('a/b/f.txt', 'utf8'), fs.statSync('a/b/f.txt').size, fs.readdirSync('a'));
fs.readFile('a/b/f.txt', 'utf8', (err, data) => console.log('cb', err, data));
fs.readFile('nope.txt', (err, data) => console.log('cb-err', err.code, data));
console.log('promise', await readFile('/a/b/f.txt', 'utf8'));
try { fs.readFileSync('missing') } catch (e) { console.log(e.code, e.errno, e.syscall, e.message) }
const fd = fs.openSync('log.txt', 'w'); fs.writeSync(fd, 'x1'); fs.writeSync(fd, 'x2'); fs.closeSync(fd);
fs.renameSync('log.txt', 'a/log.txt');
console.log(fs.readFileSync('a/log.txt', 'utf8'), fs.existsSync('log.txt'));
fs.rmSync('a', { recursive: true });
console.log(fs.existsSync('a'));
"#;
    let out = ok(run(&mut js, code, &opts())).run.stdout;
    let expected = "hello world 11 [ 'b' ]\npromise hello world\nENOENT -2 open ENOENT: no such file or directory, open 'missing'\nx1x2 false\nfalse\ncb null hello world\ncb-err ENOENT undefined\n";
    assert_eq!(out, expected);
}

#[test]
fn globals_match_node() {
    let mut js = js();
    let code = r#"
console.log(Buffer.from('hello').toString('base64'), Buffer.from('68656c6c6f', 'hex').toString(), Buffer.concat([Buffer.from('a'), Buffer.from('b')]));
console.log(new TextEncoder().encode('é'), new TextDecoder().decode(new Uint8Array([226, 130, 172])), atob(btoa('xy')));
const u = new URL('https://user:pw@example.com:8080/a/../b?x=1&y=2#frag');
console.log(u.hostname, u.port, u.pathname, u.searchParams.get('y'), u.hash, new URL('../c', 'http://h/a/b').href);
const c = structuredClone({ d: new Date(0), m: new Map([[1, { deep: [1] }]]) });
console.log(c.d instanceof Date, c.m.get(1).deep);
queueMicrotask(() => console.log('micro'));
setTimeout(() => console.log('timeout 20'), 20);
setTimeout(() => console.log('timeout 0'), 0);
const i = setInterval(() => { console.log('interval'); clearInterval(i) }, 5);
console.log('sync');
"#;
    let out = ok(run(&mut js, code, &opts())).run.stdout;
    let expected = "aGVsbG8= hello <Buffer 61 62>\nUint8Array(2) [ 195, 169 ] € xy\nexample.com 8080 /b 2 #frag http://h/c\ntrue [ 1 ]\nsync\nmicro\ntimeout 0\ninterval\ntimeout 20\n";
    assert_eq!(out, expected);
}

#[test]
fn console_formats_values_like_node() {
    let mut js = js();
    let code = r#"
console.log({ a: 1, b: 'two', c: [1, 2, 3], d: { e: { f: { g: 1 } } } });
console.log([undefined, null, -0, 10n, Symbol('s')], new Map([['k', 1]]), new Set([1]));
console.log('%s is %d years', 'Bob', 42, 'extra');
class Point { constructor() { this.x = 1 } }
console.log(new Point(), [function named() {}, () => {}], { 'needs-quote': true });
const err = new Error('bad'); console.log(String(err));
"#;
    let out = ok(run(&mut js, code, &opts())).run.stdout;
    let expected = "{ a: 1, b: 'two', c: [ 1, 2, 3 ], d: { e: { f: [Object] } } }\n[ undefined, null, -0, 10n, Symbol(s) ] Map(1) { 'k' => 1 } Set(1) { 1 }\nBob is 42 years extra\nPoint { x: 1 } [ [Function: named], [Function (anonymous)] ] { 'needs-quote': true }\nError: bad\n";
    assert_eq!(out, expected);
}

#[test]
fn process_spawning_fails_cleanly() {
    let mut js = js();
    let out = stdout_of(
        &mut js,
        "try { require('child_process').execSync('ls') } catch (e) { console.log(e.code, e.message) }",
    );
    assert_eq!(
        out,
        "ENOSYS child_process.execSync is not available: the sandbox cannot start processes\n"
    );
}

/// `code` ends its run as runtime-failed without printing `no`, and the
/// instance runs the next snippet normally.
fn assert_ends_only_the_run(code: &str) {
    let mut js = js();
    match run(&mut js, code, &opts()) {
        Err(ExecError::RuntimeFailed(stage)) => assert_ne!(stage.stdout, "no\n"),
        other => panic!("{code}: expected runtime-failed, got {other:?}"),
    }
    assert_eq!(
        stdout_of(&mut js, "console.log('next run fine')"),
        "next run fine\n"
    );
}

#[test]
fn process_abort_ends_only_the_run() {
    assert_ends_only_the_run("process.abort()");
}

#[test]
fn killing_itself_ends_only_the_run() {
    assert_ends_only_the_run("process.kill(process.pid, 'SIGKILL')");
}

#[test]
fn a_caught_process_abort_still_ends_only_the_run() {
    assert_ends_only_the_run("try { process.abort() } catch (e) {} console.log('no')");
}

#[test]
fn rebinding_builtins_does_not_poison_later_runs() {
    let mut js = js();
    stdout_of(
        &mut js,
        "globalThis.setTimeout = null; Object.prototype.toString = () => 'x'; process.exit = () => {}",
    );
    assert_eq!(
        stdout_of(
            &mut js,
            "setTimeout(() => console.log(typeof process.exit), 1)"
        ),
        "function\n"
    );
}

#[test]
fn unsupported_language_is_reported() {
    let mut js = js();
    let python = Language {
        kind: LanguageKind::Python,
        version: None,
    };
    assert!(matches!(
        js.run(&python, &[], "print(1)", &opts()).unwrap(),
        Err(ExecError::UnsupportedLanguage)
    ));
}

#[test]
fn an_unknown_javascript_version_is_accepted_and_ignored() {
    let mut js = js();
    let versioned = Language {
        kind: LanguageKind::Javascript,
        version: Some("ES2099".into()),
    };
    assert!(
        js.run(&versioned, &[], "1", &opts()).unwrap().is_ok(),
        "an unknown version is accepted and ignored"
    );
}

/// The instance still runs snippets after refusing a request.
fn assert_usable(js: &mut ExecInstance) {
    assert_eq!(stdout_of(js, "console.log('usable')"), "usable\n");
}

#[test]
fn a_module_with_bad_base64_is_an_internal_error_naming_it() {
    let mut js = js();
    let bad = encoded("data.bin", "!!!not base64!!!", Encoding::Base64);
    match js.run(&lang(), &[bad], "1", &opts()).unwrap() {
        Err(ExecError::Internal(message)) => assert!(
            message.contains("data.bin") && message.contains("base64"),
            "{message}"
        ),
        other => panic!("expected internal, got {other:?}"),
    }
    assert_usable(&mut js);
}

#[test]
fn a_module_path_escaping_the_root_is_an_internal_error_naming_it() {
    let mut js = js();
    match js
        .run(&lang(), &[file("../escape.js", "")], "1", &opts())
        .unwrap()
    {
        Err(ExecError::Internal(message)) => assert!(message.contains("../escape.js"), "{message}"),
        other => panic!("expected internal, got {other:?}"),
    }
    assert_usable(&mut js);
}

#[test]
fn a_zero_time_limit_is_an_internal_error_naming_it() {
    let mut js = js();
    match run(&mut js, "1", &with_time(0)) {
        Err(ExecError::Internal(message)) => assert!(message.contains("time-ms"), "{message}"),
        other => panic!("expected internal, got {other:?}"),
    }
    assert_usable(&mut js);
}

#[test]
fn crypto_and_promise_timers_match_node() {
    let mut js = js();
    let code = r#"
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
const sleep = require('util').promisify(setTimeout);
await sleep(1); await wait(1);
console.log(createHash('sha256').update('a').update('bc').digest('hex'));
console.log(createHash('md5').update('').digest('hex'), createHmac('sha1', 'key').update('data').digest('base64'));
console.log(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()), randomBytes(8).length, randomInt(3) < 3);
console.log(crypto.randomUUID() !== crypto.randomUUID(), crypto.getRandomValues(new Uint32Array(4)).length);
console.log(Buffer.from(await crypto.subtle.digest('SHA-1', new TextEncoder().encode('x'))).toString('hex'));
console.log(Promise.resolve([1]), new Promise(() => {}));
try { createHash('nope') } catch (e) { console.log(e.message) }
"#;
    let out = ok(run(&mut js, code, &opts())).run.stdout;
    let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nd41d8cd98f00b204e9800998ecf8427e EEFSxb/coHvGM+69RhmfAlXJ9J0=\ntrue 8 true\ntrue 4\n11f6ad8ec52a2984abaafd7c3b516503785c2072\nPromise { [ 1 ] } Promise { <pending> }\nDigest method not supported\n";
    assert_eq!(out, expected);
}

#[test]
fn intl_number_and_date_formatting_matches_node() {
    let mut js = js();
    // Expected text is what `node` 20 prints for the same script.
    let code = r#"const d = new Date(Date.UTC(2026, 10, 21, 15, 4, 5));
console.log((1234567.891).toLocaleString(), (1234567.891).toLocaleString('en-US', { maximumFractionDigits: 1 }));
console.log(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(-1234.5), new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(1234.5));
console.log((0.256).toLocaleString('en-US', { style: 'percent' }), (5).toLocaleString('en-US', { minimumFractionDigits: 2 }), new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' }).format(5000));
console.log(d.toLocaleDateString('en-US', { timeZone: 'UTC' }), d.toLocaleTimeString('en-US', { timeZone: 'UTC' }), d.toLocaleString('en-US', { timeZone: 'UTC' }));
console.log(['b10', 'b9', 'a'].sort(new Intl.Collator(undefined, { numeric: true }).compare), new Intl.PluralRules('en-US').select(1), new Intl.ListFormat('en', { type: 'conjunction' }).format(['a', 'b', 'c']));
console.log(new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(2.5), (1e21).toLocaleString(), (-0).toLocaleString(), (12345.6789).toLocaleString(undefined, {maximumFractionDigits: 2}));
"#;
    let expected = "1,234,567.891 1,234,567.9\n-$1,234.50 1.234,50 €\n26% 5.00 ￥5,000\n11/21/2026 3:04:05 PM 11/21/2026, 3:04:05 PM\n[ 'a', 'b9', 'b10' ] one a, b, and c\n3 1,000,000,000,000,000,000,000 -0 12,345.68\n";
    assert_eq!(ok(run(&mut js, code, &opts())).run.stdout, expected);
}
