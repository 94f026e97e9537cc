//! The time limit, against work the interpreter's own interrupt check does
//! not see: the job loop, timers, and C builtins that loop over unbounded
//! data. Every case must end as `timeout` by the guest itself (the bystander
//! session proves the host's backstop did not fire).

use super::*;
use Expect::*;

const CASES: &[Case] = &[
    // The job loop and the timer loop.
    case(
        "promise_then_loop",
        "const f = () => Promise.resolve().then(f); f()",
        Timeout,
    ),
    case(
        "queue_microtask_loop",
        "const f = () => queueMicrotask(f); f()",
        Timeout,
    ),
    case(
        "await_loop",
        "(async () => { for (;;) await null })()",
        Timeout,
    ),
    case(
        "thenable_loop",
        "const t = { then(r) { r(t) } }; (async () => { await t })()",
        Timeout,
    ),
    case(
        "next_tick_loop",
        "const f = () => process.nextTick(f); f()",
        Timeout,
    ),
    case(
        "set_timeout_chain",
        "const f = () => setTimeout(f, 0); f()",
        Timeout,
    ),
    case(
        "set_immediate_chain",
        "const f = () => setImmediate(f); f()",
        Timeout,
    ),
    case("set_interval", "setInterval(() => {}, 0)", Timeout),
    case(
        "timer_far_away",
        "setTimeout(() => console.log('late'), 60000)",
        Timeout,
    ),
    case(
        "await_timer_loop",
        "(async () => { for (;;) await new Promise((r) => setTimeout(r, 0)) })()",
        Timeout,
    ),
    case(
        "async_generator_loop",
        "(async () => { async function* g() { for (;;) yield 1 } for await (const x of g()); })()",
        Timeout,
    ),
    // Plain loops, and loops that try to catch the interrupt.
    case("while_true", "while (true) {}", Timeout),
    case(
        "catch_and_go_on",
        "for (;;) { try { while (true) {} } catch (e) {} }",
        Timeout,
    ),
    case(
        "finally_loops",
        "try { while (true) {} } finally { while (true) {} }",
        Timeout,
    ),
    case(
        "catch_then_print",
        "try { while (true) {} } catch (e) { console.log('escaped') }",
        Timeout,
    ),
    case(
        "generator_loop",
        "function* g() { for (;;) yield 1 } for (const x of g());",
        Timeout,
    ),
    case(
        "recursion_in_catch",
        "function f() { try { f() } catch (e) { f() } } f()",
        Timeout,
    ),
    // C builtins over unbounded data.
    case("join_2_32", "new Array(2 ** 32 - 1).join('')", Timeout),
    case("to_string_2_32", "String(new Array(2 ** 32 - 1))", Timeout),
    case(
        "split_every_char",
        "'ab'.repeat(2 ** 26).split('')",
        Timeout,
    ),
    case(
        "typed_array_sort",
        "new Uint8Array(2 ** 26).sort()",
        Timeout,
    ),
    case(
        "float_array_sort",
        "new Float64Array(2 ** 24).sort()",
        Timeout,
    ),
    case(
        "stringify_big_array",
        "JSON.stringify(new Array(2e7).fill(1))",
        Timeout,
    ),
    case(
        "fill_array_like",
        "Array.prototype.fill.call({ length: 2 ** 53 - 1 }, 0)",
        Timeout,
    ),
    case(
        "index_of_array_like",
        "Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)",
        Timeout,
    ),
    case(
        "includes_array_like",
        "Array.prototype.includes.call({ length: 2 ** 53 - 1 }, 1)",
        Timeout,
    ),
    case(
        "last_index_of_array_like",
        "Array.prototype.lastIndexOf.call({ length: 2 ** 53 - 1 }, 1)",
        Timeout,
    ),
    case(
        "join_array_like",
        "Array.prototype.join.call({ length: 2 ** 53 - 1 })",
        Timeout,
    ),
    case(
        "copy_within_array_like",
        "Array.prototype.copyWithin.call({ length: 2 ** 53 - 1 }, 1, 0)",
        Timeout,
    ),
    case(
        "sort_default",
        "new Array(2e6).fill(0).map((_, i) => String(-i)).sort()",
        Timeout,
    ),
    case(
        "replace_all_matches",
        "'a'.repeat(2 ** 27).replace(/a/g, '')",
        Timeout,
    ),
    case(
        "regexp_backtracking",
        "/(a+)+$/.test('a'.repeat(40) + 'b')",
        Timeout,
    ),
    case(
        "typed_array_join",
        "new Uint8Array(2 ** 27).join()",
        Timeout,
    ),
    case(
        "hash_a_gigabyte",
        "const h = require('crypto').createHash('sha256'); const b = Buffer.alloc(2 ** 26); for (;;) h.update(b)",
        Timeout,
    ),
    case(
        "one_big_hash",
        "require('crypto').createHash('sha256').update(Buffer.alloc(2 ** 29)).digest('hex')",
        Timeout,
    ),
    // Quadratic string search, and strings built in C.
    case(
        "index_of_long_needle",
        "'a'.repeat(2 ** 20).indexOf('a'.repeat(2 ** 19) + 'b')",
        Timeout,
    ),
    case(
        "includes_long_needle",
        "'a'.repeat(2 ** 20).includes('a'.repeat(2 ** 19) + 'b')",
        Timeout,
    ),
    case(
        "last_index_of_long_needle",
        "'a'.repeat(2 ** 20).lastIndexOf('a'.repeat(2 ** 19) + 'b')",
        Timeout,
    ),
    case(
        "split_long_separator",
        "'a'.repeat(2 ** 20).split('a'.repeat(2 ** 19) + 'b')",
        Timeout,
    ),
    case(
        "replace_all_long_needle",
        "'a'.repeat(2 ** 20).replaceAll('a'.repeat(2 ** 19) + 'b', '')",
        Timeout,
    ),
    case(
        "replace_all_growing",
        "'a'.repeat(2 ** 24).replaceAll('a', 'bb').length",
        Timeout,
    ),
    case("repeat_512_mib", "'x'.repeat(2 ** 29).length", Timeout),
    case(
        "repeat_two_characters",
        "'ab'.repeat(2 ** 26).length",
        Timeout,
    ),
    case(
        "to_upper_case",
        "'x'.repeat(2 ** 27).toUpperCase().length",
        Timeout,
    ),
    case(
        "encode_uri_component",
        "encodeURIComponent('\\u00e9'.repeat(2 ** 25)).length",
        Timeout,
    ),
    case(
        "escape",
        "escape('\\u00e9'.repeat(2 ** 25)).length",
        Timeout,
    ),
    case(
        "locale_compare",
        "'ab'.repeat(2 ** 25).localeCompare('ab'.repeat(2 ** 25) + 'c')",
        Timeout,
    ),
];

#[test]
fn every_run_ends_at_its_time_limit() {
    check_all(CASES, &limits(300, None));
}
