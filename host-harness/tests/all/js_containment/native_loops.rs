//! Work QuickJS does in C for one call without running bytecode: converting
//! a fast array into a dictionary (`freeze`, `seal`, `defineProperty`),
//! copying properties (`Object.assign`, spread), element conversion between
//! typed arrays, generic array methods called on typed arrays, a proxy's
//! `ownKeys` checks, and compiles that are quadratic in their declarations.
//! Each of these ran past its limit, alone or in a loop, until the host's
//! backstop; now each ends as `timeout` and the instance goes on serving.

use super::*;
use Expect::*;
use host_harness::ExecError;

const CASES: &[Case] = &[
    // Fast arrays turned into dictionaries, then walked property by property.
    case(
        "freeze_fast_array",
        "for (;;) Object.freeze(new Array(2 ** 22).fill(1))",
        Timeout,
    ),
    case(
        "seal_fast_array",
        "for (;;) Object.seal(new Array(2 ** 22).fill(1))",
        Timeout,
    ),
    case(
        "freeze_dictionary_array",
        "const a = new Array(2 ** 22).fill(1); Object.defineProperty(a, 0, { enumerable: false }); for (;;) Object.freeze(a)",
        Timeout,
    ),
    case(
        "one_conversion_of_a_huge_array",
        "const a = new Array(2 ** 22).fill(1); Object.defineProperty(a, 0, { enumerable: false }); console.log('converted')",
        Timeout,
    ),
    // Copies of every property.
    case(
        "assign_from_a_typed_array",
        "const t = new Uint8Array(2 ** 24); for (;;) Object.assign({}, t)",
        Timeout,
    ),
    case(
        "assign_from_a_fast_array",
        "const a = new Array(2 ** 22).fill(1); for (;;) Object.assign({}, a)",
        Timeout,
    ),
    case(
        "object_spread_of_an_array",
        "const a = new Array(2 ** 22).fill(1); for (;;) ({ ...a })",
        Timeout,
    ),
    case(
        "array_spread_of_a_typed_array",
        "const t = new Uint8Array(2 ** 24); for (;;) [...t]",
        Timeout,
    ),
    case(
        "array_spread_of_a_fast_array",
        "const a = new Array(2 ** 23).fill(1); for (;;) [...a]",
        Timeout,
    ),
    case(
        "rest_destructuring",
        "const a = new Array(2 ** 22).fill(1); for (;;) { const [...r] = a }",
        Timeout,
    ),
    case(
        "own_keys_of_a_fast_array",
        "const a = new Array(2 ** 22).fill(1); for (;;) Reflect.ownKeys(a)",
        Timeout,
    ),
    case(
        "own_property_names_of_a_typed_array",
        "const t = new Uint8Array(2 ** 24); for (;;) Object.getOwnPropertyNames(t)",
        Timeout,
    ),
    // Element conversion between typed arrays.
    case(
        "typed_array_set_with_conversion",
        "const f = new Float64Array(2 ** 24), u = new Uint8Array(2 ** 24); for (;;) u.set(f)",
        Timeout,
    ),
    case(
        "typed_array_from_another_type",
        "const f = new Float64Array(2 ** 24); for (;;) new Int32Array(f)",
        Timeout,
    ),
    case(
        "typed_array_from_a_caught_loop",
        "const f = new Float64Array(2 ** 24); for (;;) { try { new Int8Array(f) } catch {} }",
        Timeout,
    ),
    // Generic array methods called on typed arrays.
    case(
        "array_slice_called_on_a_typed_array",
        "const t = new Uint8Array(2 ** 24); for (;;) Array.prototype.slice.call(t)",
        Timeout,
    ),
    case(
        "array_sort_called_on_a_typed_array",
        "const t = new Uint8Array(2 ** 22); for (;;) Array.prototype.sort.call(t)",
        Timeout,
    ),
    case(
        "array_index_of_called_on_a_typed_array",
        "const t = new Uint8Array(2 ** 24); for (;;) Array.prototype.indexOf.call(t, 1)",
        Timeout,
    ),
    case(
        "array_reverse_called_on_a_typed_array",
        "const t = new Uint8Array(2 ** 24); for (;;) Array.prototype.reverse.call(t)",
        Timeout,
    ),
    // A proxy's ownKeys result is checked for duplicates and target keys.
    case(
        "proxy_own_keys_with_many_keys",
        "const k = Array.from({ length: 1e5 }, (_, i) => 'k' + i); const p = new Proxy({}, { ownKeys: () => k }); for (;;) Reflect.ownKeys(p)",
        Timeout,
    ),
    case(
        "proxy_own_keys_of_a_frozen_target",
        "const t = {}; for (let i = 0; i < 1e5; i++) t['k' + i] = i; Object.freeze(t); const p = new Proxy(t, { ownKeys: () => Reflect.ownKeys(t) }); for (;;) Object.keys(p)",
        Timeout,
    ),
    // Compiles whose declaration checks are quadratic.
    case(
        "many_lets_in_a_function",
        "const src = 'function f() {' + Array.from({ length: 60000 }, (_, i) => 'let v' + i + ';').join('') + '}'; for (;;) eval(src)",
        Timeout,
    ),
    case(
        "one_compile_of_many_lets",
        "new Function(Array.from({ length: 60000 }, (_, i) => 'let v' + i + ';').join('')); console.log('compiled')",
        Timeout,
    ),
    case(
        "many_private_fields",
        "const src = 'class A {' + Array.from({ length: 2 ** 15 }, (_, i) => '#f' + i + ';').join('') + '}'; for (;;) eval(src)",
        Timeout,
    ),
    case(
        "many_private_methods",
        "const src = 'class A {' + Array.from({ length: 2 ** 15 }, (_, i) => '#m' + i + '() {}').join('') + '}'; for (;;) eval(src)",
        Timeout,
    ),
    case(
        "a_closure_over_many_variables",
        "const n = 30000; const src = 'function f() {' + Array.from({ length: n }, (_, i) => 'let v' + i + ';').join('') + 'return () => ' + Array.from({ length: n }, (_, i) => 'v' + i).join('+') + '}'; for (;;) eval(src)",
        Timeout,
    ),
    // Property lookups that miss walk the whole prototype chain in one
    // step of the interpreter.
    case(
        "a_lookup_along_a_long_prototype_chain",
        "let o = {}; for (let i = 0; i < 1e5; i++) o = Object.create(o); for (;;) o.x",
        Timeout,
    ),
    case(
        "a_length_lookup_along_a_long_prototype_chain",
        "let o = {}; for (let i = 0; i < 1e5; i++) o = Object.create(o); for (;;) o.length",
        Timeout,
    ),
    case(
        "an_in_test_along_a_long_prototype_chain",
        "let o = {}; for (let i = 0; i < 1e5; i++) o = Object.create(o); for (;;) 'x' in o",
        Timeout,
    ),
    case(
        "an_assignment_along_a_long_prototype_chain",
        "let o = {}; for (let i = 0; i < 1e5; i++) o = Object.create(o); for (;;) o.x = 1",
        Timeout,
    ),
    case(
        "instanceof_along_a_long_prototype_chain",
        "let o = {}; for (let i = 0; i < 1e5; i++) o = Object.create(o); for (;;) o instanceof Array",
        Timeout,
    ),
    case(
        "reflect_get_along_a_long_prototype_chain",
        "let o = {}; for (let i = 0; i < 1e5; i++) o = Object.create(o); for (;;) Reflect.get(o, 'y')",
        Timeout,
    ),
    case(
        "set_prototype_of_checks_a_long_chain",
        "let o = {}; for (let i = 0; i < 1e5; i++) o = Object.create(o); const x = {}; for (;;) Object.setPrototypeOf(x, o)",
        Timeout,
    ),
    case(
        "is_prototype_of_along_a_long_chain",
        "let o = {}; for (let i = 0; i < 1e5; i++) o = Object.create(o); for (;;) Array.prototype.isPrototypeOf(o)",
        Timeout,
    ),
];

#[test]
fn native_loops_end_at_the_time_limit() {
    check_all(CASES, &limits(300, None));
}

/// A conversion cut off by the deadline is undone: the array a session kept
/// is whole in its next run, converts again without duplicate keys, and its
/// values (one shared object) keep their reference counts.
#[test]
fn an_interrupted_conversion_leaves_the_session_array_whole() {
    let mut inst = js();
    let session = inst.session(&lang(), &[]).unwrap();
    let kept = inst
        .session_run(
            &session,
            "globalThis.a = new Array(2 ** 22).fill({ v: 7 })",
            &opts(),
        )
        .unwrap();
    ok(kept);
    let cut = inst
        .session_run(
            &session,
            "Object.defineProperty(a, 5, { enumerable: false })",
            &limits(100, None),
        )
        .unwrap();
    assert!(matches!(cut, Err(ExecError::Timeout)), "{cut:?}");
    let after = inst
        .session_run(
            &session,
            "Object.defineProperty(a, 5, { enumerable: false }); \
             console.log(a.length, Object.keys(a).length, a[5] === a[0], a[0].v, \
             Object.getOwnPropertyDescriptor(a, 5).enumerable)",
            &limits(60_000, None),
        )
        .unwrap();
    assert_eq!(ok(after).run.stdout, "4194304 4194303 true 7 false\n");
    inst.close(&session).unwrap();
    assert_eq!(stdout_of(&mut inst, "console.log('alive')"), "alive\n");
}
