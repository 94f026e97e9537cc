//! The file store under hostile positions, lengths and paths, and under the
//! file-size limit: an error with Node's code (or `resource-exceeded` for
//! the limit), never a wrap, a huge allocation or a trap.

use host_harness::Limits;

use super::*;

fn cases() -> Vec<Case> {
    let open = "const fs = require('fs'); fs.writeFileSync('f', 'abc'); const fd = fs.openSync('f', 'r+');";
    let with_fd = |name, body: &str, printed| {
        attempt(name, &format!("(() => {{ {open} {body} }})()"), printed)
    };
    vec![
        with_fd(
            "write_at_4_gib",
            "fs.writeSync(fd, 'x', 2 ** 32 - 1)",
            "Error ENOSPC\n",
        ),
        with_fd(
            "write_at_2_32",
            "fs.writeSync(fd, 'x', 2 ** 32); return fs.readFileSync('f', 'utf8')",
            "Error ENOSPC\n",
        ),
        with_fd(
            "write_at_2_64",
            "fs.writeSync(fd, 'x', 2 ** 64); return fs.readFileSync('f', 'utf8')",
            "ok xbc\n",
        ),
        with_fd(
            "write_at_bigint_2_63",
            "fs.writeSync(fd, Buffer.from('x'), 0, 1, 2n ** 63n)",
            "ok undefined\n",
        ),
        with_fd(
            "write_at_negative",
            "fs.writeSync(fd, 'x', -1); return fs.readFileSync('f', 'utf8')",
            "ok xbc\n",
        ),
        with_fd(
            "truncate_2_31",
            "fs.ftruncateSync(fd, 2 ** 31)",
            "Error ENOSPC\n",
        ),
        with_fd(
            "truncate_2_53",
            "fs.ftruncateSync(fd, 2 ** 53)",
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        with_fd(
            "truncate_nan",
            "fs.ftruncateSync(fd, NaN)",
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        with_fd(
            "read_position_2_53",
            "return fs.readSync(fd, Buffer.alloc(4), 0, 4, 2 ** 53)",
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        with_fd(
            "read_position_past_end",
            "return fs.readSync(fd, Buffer.alloc(4), 0, 4, 2 ** 40)",
            "ok 0\n",
        ),
        with_fd(
            "read_length_past_buffer",
            "return fs.readSync(fd, Buffer.alloc(4), 0, 5, 0)",
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        with_fd(
            "read_into_non_buffer",
            "return fs.readSync(fd, 'nope')",
            "TypeError ERR_INVALID_ARG_TYPE\n",
        ),
        attempt(
            "truncate_path_2_31",
            "(() => { const fs = require('fs'); fs.writeFileSync('f', ''); fs.truncateSync('f', 2 ** 31) })()",
            "Error ENOSPC\n",
        ),
        attempt(
            "absolute_path",
            "require('fs').readFileSync('/etc/passwd')",
            "Error ENOENT\n",
        ),
        attempt(
            "escaping_path",
            "require('fs').readFileSync('../../etc/passwd')",
            "Error ENOENT\n",
        ),
        attempt(
            "nul_in_path",
            "require('fs').readFileSync('a\\0b')",
            "TypeError ERR_INVALID_ARG_VALUE\n",
        ),
        attempt(
            "lone_surrogate_path",
            "(() => { const fs = require('fs'); fs.writeFileSync('\\ud800', 'x'); return fs.readdirSync('.').map(encodeURIComponent).join() })()",
            "ok %EF%BF%BD\n",
        ),
        attempt(
            "name_300_bytes",
            "require('fs').writeFileSync('é'.repeat(150), 'x')",
            "Error ENAMETOOLONG\n",
        ),
        attempt(
            "path_4200_bytes",
            "require('fs').mkdirSync('a/'.repeat(2100), { recursive: true })",
            "Error ENAMETOOLONG\n",
        ),
        attempt(
            "deep_directories",
            "require('fs').mkdirSync('a/'.repeat(2000), { recursive: true })",
            "ok /a\n",
        ),
        attempt(
            "rename_into_itself",
            "(() => { const fs = require('fs'); fs.mkdirSync('d'); fs.renameSync('d', 'd/e') })()",
            "Error EINVAL\n",
        ),
        attempt(
            "remove_the_root",
            "require('fs').rmSync('.', { recursive: true })",
            "Error EACCES\n",
        ),
        attempt(
            "symlink",
            "require('fs').symlinkSync('/etc/passwd', 'p')",
            "Error EPERM\n",
        ),
        attempt(
            "read_a_directory",
            "(() => { const fs = require('fs'); fs.mkdirSync('d'); return fs.readFileSync('d') })()",
            "Error EISDIR\n",
        ),
        attempt(
            "write_under_a_file",
            "(() => { const fs = require('fs'); fs.writeFileSync('f', 'x'); fs.writeFileSync('f/g', 'x') })()",
            "Error ENOTDIR\n",
        ),
        attempt(
            "bad_fd_2_31",
            "require('fs').readSync(2 ** 31 - 1, Buffer.alloc(1))",
            "Error EBADF\n",
        ),
        attempt(
            "fd_fraction",
            "require('fs').readSync(1.5, Buffer.alloc(1))",
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
    ]
}

#[test]
fn hostile_positions_and_paths_are_errors() {
    check_all(&cases(), &limits(5000, Some(64)));
}

/// Under a file-size limit, a write past it ends the run as
/// `resource-exceeded`, whatever the position, and leaves no partial file.
#[test]
fn the_file_size_limit_holds_at_any_position() {
    let options = with_limits(Limits {
        time_ms: Some(5000),
        file_size_bytes: Some(1 << 20),
        ..Limits::default()
    });
    let cases = [
        case(
            "write_at_4_gib",
            "const fs = require('fs'); const fd = fs.openSync('f', 'w'); fs.writeSync(fd, 'x', 2 ** 32 - 1)",
            Expect::Resource,
        ),
        case(
            "write_at_2_64",
            "const fs = require('fs'); const fd = fs.openSync('f', 'w'); fs.writeSync(fd, Buffer.alloc(2 << 20), 0, 2 << 20, 2 ** 64)",
            Expect::Resource,
        ),
        case(
            "truncate_2_31",
            "const fs = require('fs'); fs.writeFileSync('f', ''); fs.truncateSync('f', 2 ** 31)",
            Expect::Resource,
        ),
        case(
            "one_big_write",
            "require('fs').writeFileSync('f', Buffer.alloc(2 << 20))",
            Expect::Resource,
        ),
        case(
            "appending",
            "const fs = require('fs'); for (;;) fs.appendFileSync('f', 'x'.repeat(4096))",
            Expect::Resource,
        ),
        case(
            "caught_and_retried",
            "const fs = require('fs'); for (;;) { try { fs.writeFileSync('f', Buffer.alloc(2 << 20)) } catch (e) {} }",
            Expect::Resource,
        ),
    ];
    check_all(&cases, &options);
}

#[test]
fn a_write_refused_by_the_file_size_limit_leaves_no_partial_file() {
    let mut inst = js();
    let session = inst.session(&lang(), &[]).unwrap();
    let options = with_limits(Limits {
        file_size_bytes: Some(1 << 20),
        ..Limits::default()
    });
    let refused = inst
        .session_run(
            &session,
            "require('fs').writeFileSync('big', Buffer.alloc(2 << 20, 1))",
            &options,
        )
        .unwrap();
    assert!(is_resource_exceeded(&refused), "{refused:?}");
    let after = inst
        .session_run(
            &session,
            "console.log(require('fs').existsSync('big'))",
            &opts(),
        )
        .unwrap();
    assert_eq!(ok(after).run.stdout, "false\n");
}
