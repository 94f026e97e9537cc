//! The memory limit, against every way a snippet can hold bytes: the
//! interpreter's own heap, and buffers that natives (files, encoding,
//! crypto) create. Under a 32 MiB limit every case must end as
//! `resource-exceeded`, and the next run gets its memory back.

use super::*;
use Expect::*;

const CASES: &[Case] = &[
    // QuickJS's heap.
    case("array_buffer_64_mib", "new ArrayBuffer(64 << 20)", Resource),
    case("typed_array_1_gib", "new Uint8Array(2 ** 30)", Resource),
    case(
        "kept_megabytes",
        "const a = []; for (let i = 0; i < 100; i++) a.push(new Uint8Array(1 << 20))",
        Resource,
    ),
    // QuickJS concatenates by rope, so doubling reaches its string length
    // limit before it holds the bytes; flattening holds them.
    case(
        "string_doubling",
        "let s = 'a'; for (;;) s += s",
        Threw("string too long"),
    ),
    case(
        "string_doubling_flattened",
        "let s = 'a'; for (;;) { s += s; s.charCodeAt(s.length - 1) }",
        Resource,
    ),
    case(
        "repeat_64_mib",
        "const s = 'a'.repeat(2 ** 26); console.log(s.length)",
        Resource,
    ),
    case(
        "pad_start",
        "const s = 'x'.padStart(2 ** 27); console.log(s.length)",
        Resource,
    ),
    case(
        "objects_forever",
        "const a = []; for (;;) a.push({})",
        Resource,
    ),
    case(
        "map_forever",
        "const m = new Map(); for (let i = 0; ; i++) m.set(i, i)",
        Resource,
    ),
    case("array_fill_1e8", "new Array(1e8).fill(0)", Resource),
    case("array_from_1e8", "Array.from({ length: 1e8 })", Resource),
    case(
        "json_parse_big",
        "JSON.parse('[' + '1,'.repeat(1e7) + '1]')",
        Resource,
    ),
    case(
        "closures_forever",
        "const a = []; for (let i = 0; ; i++) a.push(() => i)",
        Resource,
    ),
    case(
        "structured_clone_big",
        "const a = new Array(1e6).fill('x'.repeat(100)).map((s, i) => s + i); structuredClone([a, a.slice(), a.slice()])",
        Resource,
    ),
    // Buffers natives create.
    case(
        "text_encoder_kept",
        "const s = 'x'.repeat(1 << 20); const a = []; for (let i = 0; i < 200; i++) a.push(new TextEncoder().encode(s))",
        Resource,
    ),
    case(
        "buffer_from_base64_kept",
        "const s = 'QUFB'.repeat(1 << 18); const a = []; for (let i = 0; i < 200; i++) a.push(Buffer.from(s, 'base64'))",
        Resource,
    ),
    case(
        "buffer_from_string_kept",
        "const s = 'x'.repeat(1 << 20); const a = []; for (let i = 0; i < 200; i++) a.push(Buffer.from(s))",
        Resource,
    ),
    case(
        "buffer_from_hex_kept",
        "const s = 'ab'.repeat(1 << 20); const a = []; for (let i = 0; i < 200; i++) a.push(Buffer.from(s, 'hex'))",
        Resource,
    ),
    case(
        "base64_strings_kept",
        "const b = Buffer.alloc(1 << 20); const a = []; for (let i = 0; i < 100; i++) a.push(b.toString('base64'))",
        Resource,
    ),
    case(
        "random_bytes_1_gib",
        "require('crypto').randomBytes(2 ** 30)",
        Resource,
    ),
    // QuickJS's largest ArrayBuffer is 2^31 - 1 bytes.
    case(
        "buffer_alloc_2_gib",
        "Buffer.alloc(2 ** 31)",
        Threw("RangeError"),
    ),
    case(
        "buffer_alloc_almost_2_gib",
        "Buffer.alloc(2 ** 31 - 1)",
        Resource,
    ),
    case(
        "buffer_alloc_unsafe_1_gib",
        "Buffer.allocUnsafe(2 ** 30)",
        Resource,
    ),
    case(
        "read_file_kept",
        "const fs = require('fs'); fs.writeFileSync('big', Buffer.alloc(16 << 20)); const a = []; for (let i = 0; i < 100; i++) a.push(fs.readFileSync('big'))",
        Resource,
    ),
    case(
        "read_file_as_text_kept",
        "const fs = require('fs'); fs.writeFileSync('big', 'x'.repeat(8 << 20)); const a = []; for (let i = 0; i < 100; i++) a.push(fs.readFileSync('big', 'utf8') + i)",
        Resource,
    ),
    case(
        "text_decoder_big",
        "const a = []; const b = new Uint8Array(8 << 20).fill(0xe9); for (let i = 0; i < 20; i++) a.push(new TextDecoder().decode(b))",
        Resource,
    ),
    case(
        "hash_of_a_gigabyte",
        "require('crypto').createHash('sha256').update(Buffer.alloc(2 ** 30)).digest()",
        Resource,
    ),
    case(
        "buffer_concat_big",
        "const b = Buffer.alloc(1 << 20); Buffer.concat(new Array(100).fill(b))",
        Resource,
    ),
];

#[test]
fn every_way_of_holding_memory_is_metered() {
    check_all(CASES, &limits(10_000, Some(32)));
}

/// A file written into the session's store does not count as memory, but the
/// store has its quota: filling it is `ENOSPC` inside the snippet.
#[test]
fn filling_the_file_store_is_enospc_not_a_trap() {
    let cases = [
        attempt(
            "one_megabyte_files",
            "(() => { const fs = require('fs'); const b = Buffer.alloc(1 << 20); for (let i = 0; ; i++) fs.writeFileSync('f' + i, b) })()",
            "Error ENOSPC\n",
        ),
        attempt(
            "appending_forever",
            "(() => { const fs = require('fs'); const b = Buffer.alloc(1 << 20); for (;;) fs.appendFileSync('log', b) })()",
            "Error ENOSPC\n",
        ),
        attempt(
            "empty_files_forever",
            "(() => { const fs = require('fs'); for (let i = 0; ; i++) fs.writeFileSync('e' + i, '') })()",
            "Error ENOSPC\n",
        ),
        attempt(
            "directories_forever",
            "(() => { const fs = require('fs'); for (let i = 0; ; i++) fs.mkdirSync('d' + i) })()",
            "Error ENOSPC\n",
        ),
    ];
    check_all(&cases, &limits(20_000, Some(64)));
}
