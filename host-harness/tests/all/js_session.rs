//! exec-javascript sessions: lifecycle, state, files, encodings, isolation,
//! limits inside sessions.

use crate::common::*;
use host_harness::{
    Encoding, ExecError, ExecResult, File, Language, LanguageKind, Limits, RunOptions,
};

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
    js.drop_session(s).unwrap();
}

#[test]
fn a_closed_session_refuses_every_operation() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    // A file that was there: the download fails because of the close.
    js.upload(&s, &file("data/out.txt", "hi hello"))
        .unwrap()
        .unwrap();
    js.close(&s).unwrap();
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
}

#[test]
fn relative_imports_resolve_from_the_working_dir() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    js.set_working_dir(&s, "work/dir").unwrap().unwrap();
    js.upload(&s, &file("work/dir/mod.js", "export default 7"))
        .unwrap()
        .unwrap();
    let out = ok(js
        .session_run(&s, "import m from './mod.js'; console.log(m)", &opts())
        .unwrap());
    assert_eq!(out.run.stdout, "7\n");
}

#[test]
fn a_working_dir_outside_the_session_is_refused() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    assert!(matches!(
        js.set_working_dir(&s, "../up").unwrap(),
        Err(ExecError::Internal(_))
    ));
}

#[test]
fn a_working_dir_that_is_a_file_is_refused() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    js.upload(&s, &file("plain", "")).unwrap().unwrap();
    assert!(matches!(
        js.set_working_dir(&s, "plain").unwrap(),
        Err(ExecError::Internal(_))
    ));
}

/// The bytes a download of `uploaded` gives back.
fn round_trip(uploaded: &File) -> Vec<u8> {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    js.upload(&s, uploaded).unwrap().unwrap();
    js.download(&s, &uploaded.name).unwrap().unwrap()
}

#[test]
fn utf8_uploads_round_trip_exact_bytes() {
    assert_eq!(round_trip(&file("u.txt", "héllo ✓")), "héllo ✓".as_bytes());
}

#[test]
fn base64_uploads_round_trip_exact_bytes() {
    assert_eq!(
        round_trip(&encoded("b.bin", "AAEC/w==", Encoding::Base64)),
        [0, 1, 2, 255]
    );
}

#[test]
fn hex_uploads_round_trip_exact_bytes() {
    assert_eq!(
        round_trip(&encoded("h.bin", "deadBEEF00", Encoding::Hex)),
        [0xde, 0xad, 0xbe, 0xef, 0]
    );
}

#[test]
fn snippets_read_uploaded_bytes_exactly() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    js.upload(&s, &file("u.txt", "héllo ✓")).unwrap().unwrap();
    js.upload(&s, &encoded("b.bin", "AAEC/w==", Encoding::Base64))
        .unwrap()
        .unwrap();
    let out = ok(js.session_run(&s, "import fs from 'fs'; console.log(fs.readFileSync('b.bin').toString('hex'), fs.readFileSync('u.txt', 'utf8'))", &opts()).unwrap());
    assert_eq!(out.run.stdout, "000102ff héllo ✓\n");
}

#[test]
fn bytes_a_snippet_writes_download_exactly() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
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
}

/// Uploading `bad` is refused with an error naming the file, and the session
/// keeps the files it had.
fn assert_upload_is_refused_naming_it(bad: File) {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    js.upload(&s, &encoded("b.bin", "AAEC/w==", Encoding::Base64))
        .unwrap()
        .unwrap();
    let name = bad.name.clone();
    match js.upload(&s, &bad).unwrap() {
        Err(ExecError::Internal(m)) => assert!(m.contains(&format!("'{name}'")), "{m}"),
        other => panic!("expected internal, got {other:?}"),
    }
    assert_eq!(
        js.download(&s, "b.bin").unwrap().unwrap(),
        [0, 1, 2, 255],
        "session still usable"
    );
}

#[test]
fn an_upload_with_bad_hex_is_refused_naming_it() {
    assert_upload_is_refused_naming_it(encoded("x", "zz", Encoding::Hex));
}

#[test]
fn an_upload_with_bad_base64_is_refused_naming_it() {
    assert_upload_is_refused_naming_it(encoded("y", "@@", Encoding::Base64));
}

#[test]
fn an_upload_of_invalid_utf8_without_an_encoding_is_refused_naming_it() {
    assert_upload_is_refused_naming_it(File {
        name: "z".into(),
        content: vec![0xff, 0xfe],
        encoding: None,
    });
}

/// `bad` leads out of the session: uploading to it is refused with an error
/// naming it, and so is downloading from it.
fn assert_path_is_refused(bad: &str) {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    assert!(
        matches!(js.upload(&s, &file(bad, "")).unwrap(), Err(ExecError::Internal(m)) if m.contains(bad)),
        "{bad}"
    );
    assert!(
        matches!(js.download(&s, bad).unwrap(), Err(ExecError::Internal(_))),
        "{bad}"
    );
}

#[test]
fn a_parent_relative_path_is_refused() {
    assert_path_is_refused("../x");
}

#[test]
fn an_absolute_path_is_refused() {
    assert_path_is_refused("/abs.txt");
}

#[test]
fn a_path_climbing_out_through_a_subdirectory_is_refused() {
    assert_path_is_refused("a/../../x");
}

#[test]
fn listing_the_parent_directory_is_refused() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    assert!(matches!(
        js.list_files(&s, "..").unwrap(),
        Err(ExecError::Internal(_))
    ));
}

#[test]
fn escaping_paths_in_a_snippet_stay_inside() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    let code = "import fs from 'fs'; fs.writeFileSync('../../../../up.txt', 'u'); console.log(fs.readdirSync('/../..'), fs.existsSync('/etc/passwd'))";
    let out = ok(js.session_run(&s, code, &opts()).unwrap());
    assert_eq!(out.run.stdout, "[ 'up.txt' ] false\n");
    assert_eq!(js.list_files(&s, "").unwrap().unwrap(), vec!["up.txt"]);
}

#[test]
fn a_snippet_cannot_make_a_symlink() {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
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
}

#[test]
fn a_session_cannot_download_another_sessions_file() {
    let mut js = js();
    let a = js.session(&lang(), &[]).unwrap();
    let b = js.session(&lang(), &[]).unwrap();
    js.upload(&a, &file("secret.txt", "A's secret"))
        .unwrap()
        .unwrap();
    assert!(matches!(
        js.download(&b, "secret.txt").unwrap(),
        Err(ExecError::Internal(_))
    ));
    assert_eq!(
        js.download(&a, "secret.txt").unwrap().unwrap(),
        b"A's secret"
    );
}

/// In a session holding state, `code` run under `options` hits the limit
/// `hit` tells; the session then still has its state and, with no limit,
/// writes files again.
fn assert_limit_leaves_the_session_usable(
    code: &str,
    options: &RunOptions,
    hit: fn(&Result<ExecResult, ExecError>) -> bool,
) {
    let mut js = js();
    let s = js.session(&lang(), &[]).unwrap();
    ok(js
        .session_run(&s, "globalThis.kept = 'still here'", &opts())
        .unwrap());
    let result = js.session_run(&s, code, options).unwrap();
    assert!(hit(&result), "{result:?}");
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

fn file_size_limit_of_10_bytes() -> RunOptions {
    with_limits(Limits {
        file_size_bytes: Some(10),
        ..Limits::default()
    })
}

#[test]
fn a_timeout_inside_a_session_leaves_it_usable() {
    assert_limit_leaves_the_session_usable("while (true) {}", &with_time(200), is_timeout);
}

#[test]
fn the_memory_limit_inside_a_session_leaves_it_usable() {
    let memory = with_limits(Limits {
        memory_bytes: Some(16 << 20),
        ..Limits::default()
    });
    assert_limit_leaves_the_session_usable(
        "const a = []; try { for (;;) a.push([a.length]) } catch (e) {}",
        &memory,
        is_resource_exceeded,
    );
}

#[test]
fn a_caught_write_over_the_file_size_limit_inside_a_session_leaves_it_usable() {
    let caught = "try { require('fs').writeFileSync('f.txt', 'more than ten bytes') } catch (e) { console.log('caught') }";
    assert_limit_leaves_the_session_usable(
        caught,
        &file_size_limit_of_10_bytes(),
        is_resource_exceeded,
    );
}

#[test]
fn appends_over_the_file_size_limit_inside_a_session_leave_it_usable() {
    let append =
        "const fs = require('fs'); for (let i = 0; i < 20; i++) fs.appendFileSync('g.txt', 'x')";
    assert_limit_leaves_the_session_usable(
        append,
        &file_size_limit_of_10_bytes(),
        is_resource_exceeded,
    );
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
}

#[test]
fn a_session_with_a_badly_encoded_module_reports_it_when_run() {
    let mut js = js();
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
        let options = with_stdin(input);
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
