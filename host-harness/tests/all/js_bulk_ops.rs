//! exec-javascript: builtins that now poll the interrupt handler between
//! chunks of their work (typed-array and array copies, fills, reversals and
//! searches, iterator fast paths) still compute what Node computes. The
//! sizes cross the chunk boundaries (4 MiB for copies and fills, 4,096 and
//! 65,536 elements for scans); the expected stdout is what
//! `node --input-type=module` (v20) prints for the same snippet.

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
