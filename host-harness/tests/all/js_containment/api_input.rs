//! Hostile numbers and arguments to the builtins: each prints what the
//! builtin returned or threw (name and `code`), and the expected line is
//! what node v20.20.2 prints for the same snippet.

use super::*;

fn cases() -> Vec<Case> {
    vec![
        attempt(
            "buffer_alloc_negative",
            r#"Buffer.alloc(-1)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "buffer_alloc_nan",
            r#"Buffer.alloc(NaN)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "buffer_alloc_2_53",
            r#"Buffer.alloc(2**53)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "buffer_alloc_unsafe_string",
            r#"Buffer.allocUnsafe('10')"#,
            "TypeError ERR_INVALID_ARG_TYPE\n",
        ),
        attempt(
            "buffer_fill_end_2_53",
            r#"Buffer.alloc(10).fill(1, 0, 2**53)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "buffer_fill_offset_negative",
            r#"Buffer.alloc(10).fill(1, -1)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "buffer_write_offset_2_53",
            r#"Buffer.alloc(10).write('x', 2**53)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "buffer_read_u32_2_53",
            r#"Buffer.alloc(4).readUInt32LE(2**53)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "buffer_read_u8_past_end",
            r#"Buffer.alloc(4).readUInt8(4)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "buffer_copy_target_start_2_53",
            r#"Buffer.alloc(4).copy(Buffer.alloc(4), 2**53)"#,
            "ok 0\n",
        ),
        attempt(
            "buffer_from_bad_encoding",
            r#"Buffer.from('x', 'bogus')"#,
            "TypeError ERR_UNKNOWN_ENCODING\n",
        ),
        attempt(
            "buffer_to_string_bad_encoding",
            r#"Buffer.alloc(1).toString('bogus')"#,
            "TypeError ERR_UNKNOWN_ENCODING\n",
        ),
        attempt(
            "random_bytes_negative",
            r#"require('crypto').randomBytes(-1)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "random_bytes_2_31",
            r#"require('crypto').randomBytes(2**31)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "random_bytes_string",
            r#"require('crypto').randomBytes('8')"#,
            "TypeError ERR_INVALID_ARG_TYPE\n",
        ),
        attempt(
            "random_int_reversed",
            r#"require('crypto').randomInt(10, 1)"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "create_hash_unknown",
            r#"require('crypto').createHash('md77')"#,
            "Error undefined\n",
        ),
        attempt(
            "text_decoder_bogus",
            r#"new TextDecoder('bogus')"#,
            "RangeError ERR_ENCODING_NOT_SUPPORTED\n",
        ),
        attempt("atob_bad", r#"atob('***')"#, "InvalidCharacterError 5\n"),
        attempt(
            "structured_clone_function",
            r#"structuredClone(() => {})"#,
            "DataCloneError 25\n",
        ),
        attempt(
            "decode_uri_bad",
            r#"decodeURIComponent('%')"#,
            "URIError undefined\n",
        ),
        attempt(
            "url_bad",
            r#"new URL('::::')"#,
            "TypeError ERR_INVALID_URL\n",
        ),
        attempt(
            "repeat_2_30",
            r#"'a'.repeat(2**30)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "repeat_negative",
            r#"'a'.repeat(-1)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "array_negative",
            r#"new Array(-1)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "array_length_2_32",
            r#"[].length = 2**32"#,
            "RangeError undefined\n",
        ),
        attempt(
            "to_fixed_101",
            r#"(1).toFixed(101)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "to_string_radix_37",
            r#"(1).toString(37)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "date_out_of_range",
            r#"new Date(8.64e15 + 1).toISOString()"#,
            "RangeError undefined\n",
        ),
        attempt(
            "from_code_point_big",
            r#"String.fromCodePoint(0x110000)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "push_past_2_53",
            r#"Array.prototype.push.call({length: 2**53 - 1}, 1)"#,
            "TypeError undefined\n",
        ),
        attempt(
            "array_buffer_negative",
            r#"new ArrayBuffer(-1)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "typed_array_bad_offset",
            r#"new Uint32Array(new ArrayBuffer(8), 1)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "data_view_past_end",
            r#"new DataView(new ArrayBuffer(4)).getUint32(2)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "bigint_shift_huge",
            r#"1n << (2n ** 64n)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "bigint_from_fraction",
            r#"BigInt(1.5)"#,
            "RangeError undefined\n",
        ),
        attempt(
            "json_parse_lone_surrogate",
            r#"JSON.parse('"\\ud800"').length"#,
            "ok 1\n",
        ),
        attempt(
            "json_parse_garbage",
            r#"JSON.parse('{"a":')"#,
            "SyntaxError undefined\n",
        ),
        attempt(
            "fs_open_bad_flag",
            r#"require('fs').openSync('f', 'bogus')"#,
            "TypeError ERR_INVALID_ARG_VALUE\n",
        ),
        attempt(
            "fs_read_fd_negative",
            r#"require('fs').readSync(-1, Buffer.alloc(1))"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "fs_read_fd_2_31",
            r#"require('fs').readSync(2**31, Buffer.alloc(1))"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "fs_read_missing",
            r#"require('fs').readFileSync('no-such-file')"#,
            "Error ENOENT\n",
        ),
        attempt(
            "fs_name_too_long",
            r#"require('fs').writeFileSync('a'.repeat(300), 'x')"#,
            "Error ENAMETOOLONG\n",
        ),
        attempt(
            "fs_path_too_long",
            r#"require('fs').writeFileSync('a/'.repeat(3000) + 'f', 'x')"#,
            "Error ENAMETOOLONG\n",
        ),
        attempt(
            "fs_write_fd_closed",
            r#"require('fs').writeSync(1000, 'x')"#,
            "Error EBADF\n",
        ),
        attempt(
            "fs_readdir_missing",
            r#"require('fs').readdirSync('nope')"#,
            "Error ENOENT\n",
        ),
        attempt(
            "fs_rmdir_missing",
            r#"require('fs').rmdirSync('nope')"#,
            "Error ENOENT\n",
        ),
        attempt(
            "fs_read_offset_past_buffer",
            r#"(() => { const fs = require('fs'); fs.writeFileSync('f', 'abc'); const fd = fs.openSync('f', 'r'); return fs.readSync(fd, Buffer.alloc(2), 3, 1, 0) })()"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "fs_read_position_bigint_huge",
            r#"(() => { const fs = require('fs'); fs.writeFileSync('f', 'abc'); const fd = fs.openSync('f', 'r'); return fs.readSync(fd, Buffer.alloc(2), 0, 1, 2n ** 64n) })()"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "fs_read_length_negative",
            r#"(() => { const fs = require('fs'); fs.writeFileSync('f', 'abc'); const fd = fs.openSync('f', 'r'); return fs.readSync(fd, Buffer.alloc(2), 0, -1, 0) })()"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "fs_truncate_negative",
            r#"(() => { const fs = require('fs'); fs.writeFileSync('f', 'abc'); fs.truncateSync('f', -5); return fs.readFileSync('f').length })()"#,
            "ok 0\n",
        ),
        attempt(
            "fs_truncate_fraction",
            r#"(() => { const fs = require('fs'); fs.writeFileSync('f', 'abc'); fs.truncateSync('f', 1.5) })()"#,
            "RangeError ERR_OUT_OF_RANGE\n",
        ),
        attempt(
            "fs_write_then_read_back",
            r#"(() => { const fs = require('fs'); const fd = fs.openSync('f', 'w+'); fs.writeSync(fd, 'hello', 2**53); return fs.readFileSync('f', 'utf8') })()"#,
            "ok hello\n",
        ),
        attempt(
            "set_timeout_nan",
            r#"(setTimeout(() => console.log('fired'), NaN), 'scheduled')"#,
            "ok scheduled\nfired\n",
        ),
        attempt(
            "set_timeout_huge",
            r#"(clearTimeout(setTimeout(() => {}, 2**64)), 'cleared')"#,
            "ok cleared\n",
        ),
        attempt(
            "require_missing",
            r#"require('no-such-module')"#,
            "Error MODULE_NOT_FOUND\n",
        ),
        attempt(
            "require_relative_missing",
            r#"require('./nope.js')"#,
            "Error MODULE_NOT_FOUND\n",
        ),
        attempt(
            "text_encoder_into_small",
            r#"new TextEncoder().encodeInto('hello', new Uint8Array(2)).written"#,
            "ok 2\n",
        ),
        attempt(
            "string_normalize_bad_form",
            r#"'a'.normalize('NFX')"#,
            "RangeError undefined\n",
        ),
        attempt(
            "regexp_bad",
            r#"new RegExp('(')"#,
            "SyntaxError undefined\n",
        ),
        attempt(
            "regexp_bad_flags",
            r#"new RegExp('a', 'zz')"#,
            "SyntaxError undefined\n",
        ),
        attempt("symbol_to_number", r#"+Symbol()"#, "TypeError undefined\n"),
        attempt(
            "object_define_non_object",
            r#"Object.defineProperty(1, 'x', {})"#,
            "TypeError undefined\n",
        ),
        attempt(
            "reflect_construct_non_ctor",
            r#"Reflect.construct(() => {}, [])"#,
            "TypeError undefined\n",
        ),
        attempt(
            "proxy_revoked",
            r#"(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy.x })()"#,
            "TypeError undefined\n",
        ),
    ]
}

#[test]
fn hostile_arguments_get_nodes_errors_and_never_trap() {
    check_all(&cases(), &limits(5000, Some(64)));
}
