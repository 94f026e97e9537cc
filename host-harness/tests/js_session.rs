//! exec-javascript sessions: lifecycle, state, files, encodings, isolation,
//! limits inside sessions.

mod common;

use common::*;
use host_harness::{Encoding, ExecError, Language, LanguageKind, Limits, RunOptions};

#[test]
fn lifecycle_upload_run_download_list_close() {
    let mut js = js();
    let s = js
        .session(
            &lang(),
            &[file("lib.js", "export const greet = (n) => `hi ${n}`;")],
        )
        .unwrap();
    js.upload(&s, &file("data/in.txt", "hello"))
        .unwrap()
        .unwrap();
    let code = "import { greet } from './lib.js'; import fs from 'node:fs'; const t = fs.readFileSync('data/in.txt', 'utf8'); fs.writeFileSync('data/out.txt', greet(t)); console.log('wrote')";
    let result = ok(js.session_run(&s, code, &opts()).unwrap());
    assert_eq!(result.run.stdout, "wrote\n");
    assert_eq!(
        js.download(&s, "data/out.txt").unwrap().unwrap(),
        b"hi hello"
    );
    assert_eq!(
        js.list_files(&s, "").unwrap().unwrap(),
        vec!["data/in.txt", "data/out.txt", "lib.js"]
    );
    assert_eq!(
        js.list_files(&s, "data").unwrap().unwrap(),
        vec!["in.txt", "out.txt"]
    );
    js.close(&s).unwrap();
    js.close(&s).unwrap(); // a second close is a no-op
    assert!(
        matches!(js.session_run(&s, "1", &opts()).unwrap(), Err(ExecError::Internal(m)) if m.contains("closed"))
    );
    assert!(matches!(
        js.download(&s, "data/out.txt").unwrap(),
        Err(ExecError::Internal(_))
    ));
    assert!(matches!(
        js.upload(&s, &file("x", "")).unwrap(),
        Err(ExecError::Internal(_))
    ));
    assert!(matches!(
        js.list_files(&s, "").unwrap(),
        Err(ExecError::Internal(_))
    ));
    assert!(matches!(
        js.set_working_dir(&s, "").unwrap(),
        Err(ExecError::Internal(_))
    ));
    js.drop_session(s).unwrap();
}

#[test]
fn session_keeps_globals_and_module_state_between_runs() {
    let mut js = js();
    let s = js
        .session(
            &lang(),
            &[file(
                "counter.js",
                "export let n = 0; export function inc() { return ++n; }",
            )],
        )
        .unwrap();
    ok(js
        .session_run(
            &s,
            "globalThis.total = 40; import { inc } from './counter.js'; inc();",
            &opts(),
        )
        .unwrap());
    let out = ok(js
        .session_run(
            &s,
            "import { inc } from './counter.js'; console.log(total + inc())",
            &opts(),
        )
        .unwrap());
    assert_eq!(out.run.stdout, "42\n");
}

#[test]
fn working_dir_changes_where_snippets_start() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    js.set_working_dir(&s, "work/dir").unwrap().unwrap();
    let out = ok(js.session_run(&s, "import fs from 'fs'; fs.writeFileSync('here.txt', 'x'); console.log(process.cwd(), require('path').resolve('f'))", &opts()).unwrap());
    assert_eq!(out.run.stdout, "/work/dir /work/dir/f\n");
    assert_eq!(js.download(&s, "work/dir/here.txt").unwrap().unwrap(), b"x");
    js.upload(&s, &file("work/dir/mod.js", "export default 7"))
        .unwrap()
        .unwrap();
    let out = ok(js
        .session_run(&s, "import m from './mod.js'; console.log(m)", &opts())
        .unwrap());
    assert_eq!(out.run.stdout, "7\n");
    assert!(matches!(
        js.set_working_dir(&s, "../up").unwrap(),
        Err(ExecError::Internal(_))
    ));
    js.upload(&s, &file("plain", "")).unwrap().unwrap();
    assert!(matches!(
        js.set_working_dir(&s, "plain").unwrap(),
        Err(ExecError::Internal(_))
    ));
}

#[test]
fn encodings_round_trip_exact_bytes() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    js.upload(&s, &file("u.txt", "héllo ✓")).unwrap().unwrap();
    js.upload(&s, &encoded("b.bin", "AAEC/w==", Encoding::Base64))
        .unwrap()
        .unwrap();
    js.upload(&s, &encoded("h.bin", "deadBEEF00", Encoding::Hex))
        .unwrap()
        .unwrap();
    assert_eq!(
        js.download(&s, "u.txt").unwrap().unwrap(),
        "héllo ✓".as_bytes()
    );
    assert_eq!(js.download(&s, "b.bin").unwrap().unwrap(), [0, 1, 2, 255]);
    assert_eq!(
        js.download(&s, "h.bin").unwrap().unwrap(),
        [0xde, 0xad, 0xbe, 0xef, 0]
    );
    let out = ok(js.session_run(&s, "import fs from 'fs'; console.log(fs.readFileSync('b.bin').toString('hex'), fs.readFileSync('u.txt', 'utf8'))", &opts()).unwrap());
    assert_eq!(out.run.stdout, "000102ff héllo ✓\n");
    ok(js
        .session_run(
            &s,
            "require('fs').writeFileSync('bytes.bin', Buffer.from([0, 255, 128]))",
            &opts(),
        )
        .unwrap());
    assert_eq!(
        js.download(&s, "bytes.bin").unwrap().unwrap(),
        [0, 255, 128]
    );
    for bad in [
        encoded("x", "zz", Encoding::Hex),
        encoded("y", "@@", Encoding::Base64),
        host_harness::File {
            name: "z".into(),
            content: vec![0xff, 0xfe],
            encoding: None,
        },
    ] {
        let name = bad.name.clone();
        match js.upload(&s, &bad).unwrap() {
            Err(ExecError::Internal(m)) => assert!(m.contains(&format!("'{name}'")), "{m}"),
            other => panic!("expected internal, got {other:?}"),
        }
    }
    assert_eq!(
        js.download(&s, "b.bin").unwrap().unwrap(),
        [0, 1, 2, 255],
        "session still usable"
    );
}

#[test]
fn escaping_paths_are_rejected_or_stay_inside() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    for bad in ["../x", "/abs.txt", "a/../../x"] {
        assert!(
            matches!(js.upload(&s, &file(bad, "")).unwrap(), Err(ExecError::Internal(m)) if m.contains(bad)),
            "{bad}"
        );
        assert!(
            matches!(js.download(&s, bad).unwrap(), Err(ExecError::Internal(_))),
            "{bad}"
        );
    }
    assert!(matches!(
        js.list_files(&s, "..").unwrap(),
        Err(ExecError::Internal(_))
    ));
    let code = "import fs from 'fs'; fs.writeFileSync('../../../../up.txt', 'u'); console.log(fs.readdirSync('/../..'), fs.existsSync('/etc/passwd'))";
    let out = ok(js.session_run(&s, code, &opts()).unwrap());
    assert_eq!(out.run.stdout, "[ 'up.txt' ] false\n");
    assert_eq!(js.list_files(&s, "").unwrap().unwrap(), vec!["up.txt"]);
    let out = ok(js
        .session_run(
            &s,
            "try { require('fs').symlinkSync('/', 'link') } catch (e) { console.log(e.code) }",
            &opts(),
        )
        .unwrap());
    assert_eq!(out.run.stdout, "EPERM\n");
}

#[test]
fn two_concurrent_sessions_cannot_see_each_others_files_or_state() {
    let mut js = js();
    let a = js.session(&lang(), &[]).unwrap();
    let b = js.session(&lang(), &[]).unwrap();
    js.upload(&a, &file("secret.txt", "A's secret"))
        .unwrap()
        .unwrap();
    ok(js
        .session_run(
            &a,
            "globalThis.mine = 'a'; require('fs').writeFileSync('made-by-a.txt', '1')",
            &opts(),
        )
        .unwrap());
    let probe = r#"
import fs from 'fs';
const tries = ['secret.txt', '/secret.txt', '../secret.txt', '../../a/secret.txt', 'made-by-a.txt', '/../made-by-a.txt'];
console.log(tries.map(p => fs.existsSync(p)).join(','), typeof mine, fs.readdirSync('/').length);
"#;
    let out = ok(js.session_run(&b, probe, &opts()).unwrap());
    assert_eq!(
        out.run.stdout,
        "false,false,false,false,false,false undefined 0\n"
    );
    assert!(matches!(
        js.download(&b, "secret.txt").unwrap(),
        Err(ExecError::Internal(_))
    ));
    assert_eq!(
        js.download(&a, "secret.txt").unwrap().unwrap(),
        b"A's secret"
    );
}

#[test]
fn limits_inside_a_session_leave_it_usable() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    ok(js
        .session_run(&s, "globalThis.kept = 'still here'", &opts())
        .unwrap());
    assert!(is_timeout(
        &js.session_run(&s, "while (true) {}", &with_time(200))
            .unwrap()
    ));
    let memory = with_limits(Limits {
        memory_bytes: Some(16 << 20),
        ..Limits::default()
    });
    assert!(is_resource_exceeded(
        &js.session_run(
            &s,
            "const a = []; try { for (;;) a.push([a.length]) } catch (e) {}",
            &memory
        )
        .unwrap()
    ));
    let files = with_limits(Limits {
        file_size_bytes: Some(10),
        ..Limits::default()
    });
    let caught = "try { require('fs').writeFileSync('f.txt', 'more than ten bytes') } catch (e) { console.log('caught') }";
    assert!(is_resource_exceeded(
        &js.session_run(&s, caught, &files).unwrap()
    ));
    let append =
        "const fs = require('fs'); for (let i = 0; i < 20; i++) fs.appendFileSync('g.txt', 'x')";
    assert!(is_resource_exceeded(
        &js.session_run(&s, append, &files).unwrap()
    ));
    let out = ok(js
        .session_run(
            &s,
            "console.log(kept); require('fs').writeFileSync('h.txt', 'no limit now')",
            &opts(),
        )
        .unwrap());
    assert_eq!(out.run.stdout, "still here\n");
    assert_eq!(js.download(&s, "h.txt").unwrap().unwrap(), b"no limit now");
}

#[test]
fn upload_respects_the_file_size_limit() {
    let mut js = js_with_env(&[("EXEC_FILE_SIZE_LIMIT_BYTES", "8")]);
    let s = js.session(&lang(), &[]).unwrap();
    js.upload(&s, &file("small", "12345678")).unwrap().unwrap();
    assert!(matches!(
        js.upload(&s, &file("big", "123456789")).unwrap(),
        Err(ExecError::ResourceExceeded)
    ));
    assert_eq!(js.list_files(&s, "").unwrap().unwrap(), vec!["small"]);
}

#[test]
fn sessions_for_other_languages_report_unsupported_language() {
    let mut js = js();
    let s = js
        .session(
            &Language {
                kind: LanguageKind::Python,
                version: None,
            },
            &[],
        )
        .unwrap();
    assert!(matches!(
        js.session_run(&s, "print(1)", &opts()).unwrap(),
        Err(ExecError::UnsupportedLanguage)
    ));
    assert!(matches!(
        js.upload(&s, &file("a", "")).unwrap(),
        Err(ExecError::UnsupportedLanguage)
    ));
    js.close(&s).unwrap();
    let broken = js
        .session(&lang(), &[encoded("m.js", "%%%", Encoding::Base64)])
        .unwrap();
    assert!(
        matches!(js.session_run(&broken, "1", &opts()).unwrap(), Err(ExecError::Internal(m)) if m.contains("m.js"))
    );
}

#[test]
fn dropped_sessions_free_their_resources() {
    // Capped at 128 MiB: 300 sessions of >1 MiB each only fit if freed.
    let options = host_harness::InstanceOptions {
        max_memory_bytes: Some(128 << 20),
        ..Default::default()
    };
    let mut js = js_host().instantiate(options).unwrap();
    let big = "x".repeat(1 << 20);
    for i in 0..300 {
        let s = js.session(&lang(), &[file("big.txt", &big)]).unwrap();
        ok(js
            .session_run(&s, "globalThis.junk = new Array(10000).fill('j')", &opts())
            .unwrap());
        if i % 2 == 0 {
            js.close(&s).unwrap();
        }
        js.drop_session(s).unwrap();
    }
    assert_eq!(stdout_of(&mut js, "console.log('ok')"), "ok\n");
}

#[test]
fn stdin_is_per_run_in_a_session() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    for input in ["one\n", "two\n"] {
        let options = RunOptions {
            stdin: Some(input.into()),
            ..RunOptions::default()
        };
        let out = ok(js
            .session_run(
                &s,
                "process.stdin.on('data', d => process.stdout.write(d))",
                &options,
            )
            .unwrap());
        assert_eq!(out.run.stdout, input);
    }
}
