//! exec-javascript: builtins that now poll the interrupt handler between
//! chunks of their work (typed-array and array copies, fills, reversals and
//! searches, iterator fast paths) still compute what Node computes. The
//! sizes cross the chunk boundaries (4 MiB for copies and fills, 4,096 and
//! 65,536 elements for scans); the expected stdout is what
//! `node --input-type=module` (v20) prints for the same snippet. Strings
//! made from long UTF-8 buffers are decoded a chunk at a time (1 MiB in
//! QuickJS, 256 KiB for the validity check): characters of every width
//! straddle those boundaries here.

use crate::common::*;

const SNIPPET: &str = r#"
// Sizes cross the polled chunks: 4 MiB for copies and fills, 4,096 and
// 65,536 elements for scans.
const n = (1 << 22) + 5;
const u8 = new Uint8Array(n).map((_, i) => i * 7);
const h = (a) => { let x = 0; for (let i = 0; i < a.length; i += 4093) x = (x * 31 + Number(a[i])) % 1000003; return x + ':' + a[a.length - 1]; };
const c1 = u8.slice(); c1.copyWithin(3, 0); console.log('copyWithin up', h(c1));
const c2 = u8.slice(); c2.copyWithin(0, 3); console.log('copyWithin down', h(c2));
const c3 = u8.slice(); c3.set(u8.subarray(0, n - 9), 9); console.log('set overlap', h(c3));
const c4 = new Uint8Array(u8.buffer, 2, n - 2); console.log('view copy', h(new Uint8Array(c4)));
console.log('buffer slice', h(new Uint8Array(u8.buffer.slice(1, n - 1))));
console.log('with', h(u8.with(n - 1, 1)), 'toReversed', h(u8.toReversed()));
const f = new Uint8Array(n); f.fill(9, 5, n - 5); console.log('fill', f[4], f[5], f[n - 6], f[n - 5], h(f));
const w = new Uint32Array(1 << 21).map((_, i) => i); w.fill(4, 1 << 20); console.log('fill32', w[(1 << 20) - 1], w[1 << 20], h(w));
const r = new Uint16Array(300001).map((_, i) => i); r.reverse(); console.log('reverse16', r[0], r[150000], r[300000]);
const big = new Float64Array(200003).map((_, i) => i / 2);
console.log('lastIndexOf', big.lastIndexOf(0.5), big.lastIndexOf(70000), big.indexOf(100001), big.includes(100001.5), big.indexOf(-1));
const b64 = new BigInt64Array(140000).map((_, i) => BigInt(i)); console.log('bigint', b64.indexOf(139999n), b64.lastIndexOf(65536n), b64.includes(140000n));
console.log('from index', u8.indexOf(7, 70000), u8.lastIndexOf(7, 70000), u8.includes(7, n - 3));
const arr = Array.from({ length: 300000 }, (_, i) => i % 1000);
console.log('array', arr.indexOf(999, 10000), arr.lastIndexOf(5, 250000), arr.includes(1000));
const a2 = arr.slice(); a2.copyWithin(1, 0); console.log('array copyWithin', a2[0], a2[1], a2[299999]);
const a3 = arr.slice(); a3.reverse(); console.log('array reverse', a3[0], a3[299999], a3.length);
console.log('spread', [...new Set(arr)].length, Array.from(arr).length, [...'xy'.repeat(70000)].length);
"#;

const NODE_PRINTS: &str = "\
copyWithin up 440550:7
copyWithin down 872029:28
set overlap 939526:221
view copy 448180:28
buffer slice 613530:21
with 200694:1 toReversed 212668:0
fill 0 9 9 0 469509:0
fill32 1048575 4 93606:4
reverse16 37856 18928 0
lastIndexOf 1 140000 200002 false -1
bigint 139999 65536 false
from index 70145 69889 false
array 10999 249005 false
array copyWithin 0 0 998
array reverse 999 0 300000
spread 1000 300000 140000
";

#[test]
fn chunked_bulk_operations_match_node() {
    // About 2 s of work here: a generous limit for a loaded CI machine.
    let result = ok(run(&mut js(), SNIPPET, &with_time(30_000)));
    assert_eq!(result.run.stdout, NODE_PRINTS);
}

const UTF8_SNIPPET: &str = r#"
const h = (s) => { let x = 0; for (let i = 0; i < s.length; i += 997) x = (x * 31 + s.charCodeAt(i)) % 1000003; return s.length + ':' + x; };
for (const [name, unit] of [['ascii', 'abc'], ['latin1', 'é'], ['bmp', '€'], ['astral', '😀'], ['mixed', 'aé€😀']]) {
  for (const shift of [0, 1, 2, 3]) {
    const s = 'x'.repeat(shift) + unit.repeat(Math.ceil((3 << 20) / unit.length));
    const bytes = new TextEncoder().encode(s);
    const back = new TextDecoder().decode(bytes);
    console.log(name, shift, bytes.length, back === s, h(back), Buffer.from(bytes).toString() === s);
  }
}
const bytes = new TextEncoder().encode('€'.repeat(1 << 20));
for (const at of [(1 << 18) - 1, 1 << 18, (1 << 20) + 1, bytes.length - 1]) {
  const b = bytes.slice(); b[at] = 0xff;
  let fatal; try { new TextDecoder('utf-8', { fatal: true }).decode(b); fatal = 'decoded'; } catch (e) { fatal = e.name + ' ' + e.code; }
  console.log('invalid at', at, fatal, h(new TextDecoder().decode(b)));
}
"#;

const UTF8_NODE_PRINTS: &str = "\
ascii 0 3145728 true 3145728:719503 true
ascii 1 3145729 true 3145729:899242 true
ascii 2 3145730 true 3145730:424599 true
ascii 3 3145731 true 3145731:269666 true
latin1 0 6291456 true 3145728:102655 true
latin1 1 6291457 true 3145729:8369 true
latin1 2 6291458 true 3145730:8369 true
latin1 3 6291459 true 3145731:8369 true
bmp 0 9437184 true 3145728:354524 true
bmp 1 9437185 true 3145729:113006 true
bmp 2 9437186 true 3145730:113006 true
bmp 3 9437187 true 3145731:113006 true
astral 0 6291456 true 3145728:345146 true
astral 1 6291457 true 3145729:111140 true
astral 2 6291458 true 3145730:804792 true
astral 3 6291459 true 3145731:111140 true
mixed 0 6291460 true 3145730:159121 true
mixed 1 6291461 true 3145731:691637 true
mixed 2 6291462 true 3145732:236002 true
mixed 3 6291463 true 3145733:597663 true
invalid at 262143 TypeError ERR_ENCODING_INVALID_ENCODED_DATA 1048578:132098
invalid at 262144 TypeError ERR_ENCODING_INVALID_ENCODED_DATA 1048578:132098
invalid at 1048577 TypeError ERR_ENCODING_INVALID_ENCODED_DATA 1048577:132098
invalid at 3145727 TypeError ERR_ENCODING_INVALID_ENCODED_DATA 1048577:132098
";

#[test]
fn long_utf8_buffers_decode_as_node_decodes_them() {
    let result = ok(run(&mut js(), UTF8_SNIPPET, &with_time(30_000)));
    assert_eq!(result.run.stdout, UTF8_NODE_PRINTS);
}

/// Normalization in every form, over combining marks of many classes in
/// runs short and long (the canonical reordering sorts short runs and
/// long ones differently) and the compatibility and Hangul paths.
const NORMALIZE_SNIPPET: &str = r#"
const { createHash } = require('crypto');
const marks = [0x301, 0x316, 0x327, 0x308, 0x323, 0x35c, 0x345, 0x5b0, 0x93c, 0x1dce, 0x302, 0x303, 0x331];
const bases = ['a', 'e', 'o', 'u', 'A', '\u1100', '\uac00', '\u0391', '\u03c9', 'n', 'c', 's', '\u0915', '\ufdfa', '\u2460'];
let seed = 12345;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const inputs = [];
for (let t = 0; t < 400; t++) {
  let s = '';
  const len = 1 + rnd(60);
  for (let i = 0; i < len; i++) {
    const r = rnd(10);
    if (r < 3) s += bases[rnd(bases.length)];
    else if (r < 9) s += String.fromCharCode(marks[rnd(marks.length)]);
    else s += String.fromCharCode(0x1161 + rnd(21));
  }
  // runs of 40 to 140 marks take the long-run sort
  if (t % 7 == 0) s += '\u0301'.repeat(40 + rnd(50)) + '\u0316'.repeat(rnd(50));
  inputs.push(s);
}
inputs.push('a' + '\u0301\u0316'.repeat(40000), '\u0316\u0301'.repeat(3000) + 'e');
for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD']) {
  const out = inputs.map((s) => s.normalize(form)).join('|');
  console.log(form, out.length, createHash('sha256').update(out).digest('hex').slice(0, 16));
}
console.log('localeCompare', inputs.every((s) => s.localeCompare(s.normalize('NFD')) === 0));
"#;

const NORMALIZE_NODE_PRINTS: &str = "\
NFC 101977 9a075bc1ba53b428
NFD 103220 1beb3f2be50b65d5
NFKC 107213 f3d1922279f2c2e1
NFKD 108456 9bc2248d78ff6286
localeCompare true
";

#[test]
fn normalization_in_every_form_matches_node() {
    let result = ok(run(&mut js(), NORMALIZE_SNIPPET, &with_time(30_000)));
    assert_eq!(result.run.stdout, NORMALIZE_NODE_PRINTS);
}

/// Buffer's single-byte and UTF-16 encodings both ways over every byte
/// value, chunk boundaries included, and lone surrogates in UTF-8 output
/// (Buffer, TextEncoder, console) written as U+FFFD, as node writes them.
const BUFFER_ENCODINGS_SNIPPET: &str = r#"
const { createHash } = require('crypto');
const h = (x) => createHash('sha256').update(typeof x === 'string' ? x : Buffer.from(x)).digest('hex').slice(0, 12);
const all = Buffer.alloc(3 * (1 << 20) + 7);
for (let i = 0; i < all.length; i++) all[i] = (i * 7 + (i >> 9)) & 0xff;
for (const enc of ['latin1', 'binary', 'ascii', 'utf16le', 'ucs2']) {
  const s = all.toString(enc);
  console.log(enc, s.length, h(s), h(Buffer.from(s, enc)), all.toString(enc, 5, 9).length);
}
const text = 'h\u00e9llo \u20ac \ud83d\ude00 \ud800 end'.repeat(300000);
for (const enc of ['latin1', 'ascii', 'utf16le']) {
  const b = Buffer.from(text, enc);
  console.log(enc, b.length, h(b), Buffer.byteLength(text, enc), h(b.toString(enc)));
}
console.log(Buffer.from('\ud83d\ude00', 'latin1'), Buffer.from('\ud83d\ude00', 'utf16le'), Buffer.from([0x3d, 0xd8, 0x00]).toString('utf16le').length, Buffer.from([0xff, 0x80]).toString('ascii').charCodeAt(0));
console.log('lone \ud800 and \udfff', Buffer.from('x\udc00'), new TextEncoder().encode('\ud800').join());
"#;

const BUFFER_ENCODINGS_NODE_PRINTS: &str = "\
latin1 3145735 56f75f385ef7 22afbafdb1c3 4
binary 3145735 56f75f385ef7 22afbafdb1c3 4
ascii 3145735 c96a242130cc c96a242130cc 4
utf16le 1572867 4b0d0dea45f3 7b9e5582de06 2
ucs2 1572867 4b0d0dea45f3 7b9e5582de06 2
latin1 4800000 8b223a9b268a 4800000 eb2877218892
ascii 4800000 8b223a9b268a 4800000 c53738b0c44b
utf16le 9600000 383507e86201 9600000 20afed1d831a
<Buffer 3d 00> <Buffer 3d d8 00 de> 1 127
lone \u{fffd} and \u{fffd} <Buffer 78 ef bf bd> 239,191,189
";

#[test]
fn buffer_encodings_match_node() {
    let result = ok(run(&mut js(), BUFFER_ENCODINGS_SNIPPET, &with_time(30_000)));
    assert_eq!(result.run.stdout, BUFFER_ENCODINGS_NODE_PRINTS);
}
