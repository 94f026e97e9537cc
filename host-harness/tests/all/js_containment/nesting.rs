//! Deep nesting, in the parser, JSON, `flat`, `structuredClone`, `inspect`
//! and native-to-JS recursion, under Wasmtime's default 512 KiB
//! `max_wasm_stack`: a catchable error, never a trap. Each construct is tried
//! at several depths, because the native stack can run out between the depth
//! a check is calibrated for and the deepest one.

use super::*;

/// JavaScript building a value or source text `N` levels deep.
const CONSTRUCTS: &[(&str, &str)] = &[
    ("parens", "eval('('.repeat(N) + '1' + ')'.repeat(N))"),
    ("not", "eval('!'.repeat(N) + '1')"),
    ("typeof", "eval('typeof '.repeat(N) + '1')"),
    ("power", "eval('2**'.repeat(N) + '1')"),
    ("array_literal", "eval('['.repeat(N) + ']'.repeat(N))"),
    (
        "object_literal",
        "eval('({a:'.repeat(N) + '1' + '})'.repeat(N))",
    ),
    ("template", "eval('`${'.repeat(N) + '1' + '}`'.repeat(N))"),
    (
        "class_extends",
        "eval('(class extends '.repeat(N) + 'Object' + '{})'.repeat(N))",
    ),
    (
        "functions",
        "eval('(function(){'.repeat(N) + '})'.repeat(N))",
    ),
    ("arrows", "eval('()=>'.repeat(N) + '1')"),
    ("calls", "eval('(x=>x)('.repeat(N) + '1' + ')'.repeat(N))"),
    ("members", "eval('[1]' + '[0'.repeat(N) + ']'.repeat(N))"),
    ("ternary", "eval('1?'.repeat(N) + '1' + ':1'.repeat(N))"),
    ("assignment", "eval('let a; ' + 'a='.repeat(N) + '1')"),
    ("await", "eval('(async()=>{' + 'await '.repeat(N) + '1})')"),
    (
        "spread",
        "eval('[' + '...['.repeat(N) + ']'.repeat(N) + ']')",
    ),
    ("blocks", "eval('{'.repeat(N) + '}'.repeat(N))"),
    ("ifs", "eval('if(1)'.repeat(N) + ';')"),
    (
        "new_function",
        "new Function('('.repeat(N) + '1' + ')'.repeat(N))",
    ),
    (
        "regexp_groups",
        "new RegExp('('.repeat(N) + 'a' + ')'.repeat(N))",
    ),
    (
        "json_parse_arrays",
        "JSON.parse('['.repeat(N) + ']'.repeat(N))",
    ),
    (
        "json_parse_objects",
        "JSON.parse('{\"a\":'.repeat(N) + '1' + '}'.repeat(N))",
    ),
    (
        "json_reviver",
        "JSON.parse('['.repeat(N) + ']'.repeat(N), (k, v) => v)",
    ),
    (
        "json_stringify",
        "(() => { let a = []; for (let i = 0; i < N; i++) a = [a]; return JSON.stringify(a) })()",
    ),
    (
        "json_stringify_objects",
        "(() => { let a = {}; for (let i = 0; i < N; i++) a = { a }; return JSON.stringify(a) })()",
    ),
    (
        "json_to_json",
        "(() => { let d = 0; const o = { toJSON() { return d++ < N ? [o] : 1 } }; return JSON.stringify(o) })()",
    ),
    (
        "flat",
        "(() => { let a = []; for (let i = 0; i < N; i++) a = [a]; return a.flat(Infinity) })()",
    ),
    (
        "structured_clone",
        "(() => { let a = []; for (let i = 0; i < N; i++) a = [a]; return structuredClone(a) })()",
    ),
    (
        "structured_clone_maps",
        "(() => { let a = new Map(); for (let i = 0; i < N; i++) a = new Map([[1, a]]); return structuredClone(a) })()",
    ),
    (
        "inspect",
        "(() => { let a = []; for (let i = 0; i < N; i++) a = [a]; return require('util').inspect(a, { depth: Infinity }) })()",
    ),
    (
        "console_log",
        "(() => { let a = {}; for (let i = 0; i < N; i++) a = { a }; console.log(a) })()",
    ),
    (
        "array_to_string",
        "(() => { let a = []; for (let i = 0; i < N; i++) a = [a]; return String(a) })()",
    ),
    (
        "proxy_has",
        "(() => { let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return 'x' in p })()",
    ),
    (
        "proxy_get",
        "(() => { let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return p.x })()",
    ),
    (
        "proxy_set",
        "(() => { let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); p.x = 1 })()",
    ),
    (
        "proxy_keys",
        "(() => { let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return Object.keys(p) })()",
    ),
    (
        "proxy_call",
        "(() => { let p = () => 1; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return p() })()",
    ),
    (
        "proxy_prototype",
        "(() => { let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return Object.getPrototypeOf(p) })()",
    ),
    (
        "proxy_for_in",
        "(() => { let p = { a: 1 }; for (let i = 0; i < N; i++) p = new Proxy(p, {}); for (const k in p); })()",
    ),
    (
        "proxy_assign",
        "(() => { let p = { a: 1 }; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return Object.assign({}, p) })()",
    ),
    (
        "proxy_spread",
        "(() => { let p = { a: 1 }; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return { ...p } })()",
    ),
    (
        "proxy_construct",
        "(() => { let p = function () {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return new p() })()",
    ),
    (
        "iterator_map",
        "(() => { let it = [1, 2].values(); for (let i = 0; i < N; i++) it = it.map((x) => x); return it.next() })()",
    ),
    (
        "iterator_take",
        "(() => { let it = [1, 2].values(); for (let i = 0; i < N; i++) it = it.take(5); return [...it] })()",
    ),
    (
        "iterator_flat_map",
        "(() => { let it = [1].values(); for (let i = 0; i < N; i++) it = it.flatMap((x) => [x]); return [...it] })()",
    ),
    (
        "bound_new",
        "(() => { let f = function () {}; for (let i = 0; i < N; i++) f = f.bind(null); return new f() })()",
    ),
    (
        "bound_instanceof",
        "(() => { let f = function () {}; for (let i = 0; i < N; i++) f = f.bind(null); return ({}) instanceof f })()",
    ),
    (
        "class_chain",
        "(() => { let C = class {}; for (let i = 0; i < N; i++) C = class extends C {}; return new C() })()",
    ),
    (
        "reflect_apply",
        "(() => { let d = 0; const f = () => (d++ < N ? Reflect.apply(f, null, []) : 0); return f() })()",
    ),
    (
        "has_instance",
        "(() => { let d = 0; const C = { [Symbol.hasInstance](v) { return d++ < N ? v instanceof C : 0 } }; return 1 instanceof C })()",
    ),
    (
        "async_chain",
        "(() => { let d = 0; const f = async () => (d++ < N ? await f() : 0); return f() })()",
    ),
    (
        "regexp_lookaheads",
        "new RegExp('(?='.repeat(N) + 'a' + ')'.repeat(N)).test('a')",
    ),
    (
        "bound_functions",
        "(() => { let f = function () {}; for (let i = 0; i < N; i++) f = f.bind(null); return f() })()",
    ),
    (
        "recursion",
        "(() => { const f = (n) => (n ? 1 + f(n - 1) : 0); return f(N) })()",
    ),
    (
        "map_callback",
        "(() => { let d = 0; const f = () => (d++ < N ? [1].map(f) : 0); return f() })()",
    ),
    (
        "sort_callback",
        "(() => { let d = 0; const f = () => { if (d++ < N) [2, 1].sort(f); return 0 }; return f() })()",
    ),
    (
        "replace_callback",
        "(() => { let d = 0; const f = () => (d++ < N ? 'a'.replace('a', f) : ''); return f() })()",
    ),
    (
        "getter_chain",
        "(() => { let d = 0; const o = { get x() { return d++ < N ? this.x : 1 } }; return o.x })()",
    ),
    (
        "to_string_chain",
        "(() => { let d = 0; const o = { toString() { return d++ < N ? `${o}` : '' } }; return String(o) })()",
    ),
    (
        "generator_delegation",
        "(() => { function* g(n) { if (n) yield* g(n - 1); else yield 1 } return [...g(N)] })()",
    ),
    (
        "error_causes",
        "(() => { let e = new Error('x'); for (let i = 0; i < N; i++) e = new Error('y', { cause: e }); console.log(e) })()",
    ),
    (
        "promise_chain",
        "(() => { let p = Promise.resolve(); for (let i = 0; i < N; i++) p = p.then(() => {}); return p })()",
    ),
];

const DEPTHS: &[usize] = &[250, 1_000, 3_000, 100_000];

/// Runs `construct` at `depth`; prints `returned`, or `caught true` for the
/// errors deep nesting gives (`RangeError`, or `SyntaxError` from the parser).
fn nested(name: &'static str, construct: &str, depth: usize, expect: Expect) -> Case {
    let code = format!(
        "try {{ const N = {depth}; ({construct}); console.log('returned') }} \
         catch (e) {{ console.log('caught', e instanceof RangeError || e instanceof SyntaxError) }}"
    );
    generated(name, code, expect)
}

#[test]
fn nesting_at_any_depth_never_traps() {
    let cases: Vec<Case> = CONSTRUCTS
        .iter()
        .flat_map(|(name, construct)| {
            DEPTHS
                .iter()
                .map(|&d| nested(name, construct, d, Expect::Contained))
        })
        .collect();
    check_all(&cases, &limits(10_000, Some(256)));
}

/// The deepest level of every construct that really nests is an error the
/// snippet can catch, as in Node (a `RangeError` there).
#[test]
fn nesting_100000_deep_is_a_catchable_error() {
    let deep = [
        "parens",
        "array_literal",
        "object_literal",
        "template",
        "class_extends",
        "functions",
        "calls",
        "members",
        "spread",
        "new_function",
        "json_parse_arrays",
        "json_parse_objects",
        "json_reviver",
        "json_stringify",
        "json_stringify_objects",
        "json_to_json",
        "flat",
        "structured_clone",
        "array_to_string",
        "proxy_has",
        "proxy_get",
        "proxy_call",
        "proxy_for_in",
        "proxy_assign",
        "proxy_spread",
        "iterator_map",
        "iterator_take",
        "iterator_flat_map",
        "class_chain",
        "reflect_apply",
        "has_instance",
        "regexp_lookaheads",
        "recursion",
        "map_callback",
        "sort_callback",
        "replace_callback",
        "getter_chain",
        "to_string_chain",
        "generator_delegation",
    ];
    let cases: Vec<Case> = deep
        .iter()
        .map(|name| {
            let construct = CONSTRUCTS.iter().find(|(n, _)| n == name).unwrap().1;
            nested(name, construct, 100_000, Expect::Stdout("caught true\n"))
        })
        .collect();
    check_all(&cases, &limits(10_000, Some(256)));
}

/// The snippet itself nested deep: refused by the compiler, never a trap.
#[test]
fn a_deeply_nested_snippet_is_compilation_failed() {
    let sources = [
        (
            "parens",
            format!(
                "console.log({}1{})",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ),
        (
            "arrays",
            format!(
                "console.log({}{})",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        (
            "objects",
            format!(
                "console.log({}1{})",
                "{a:".repeat(50_000),
                "}".repeat(50_000)
            ),
        ),
        (
            "functions",
            format!("{}{}", "function f(){".repeat(5_000), "}".repeat(5_000)),
        ),
        (
            "blocks_then_parens",
            format!(
                "{}({}1{}){}",
                "{".repeat(500),
                "(".repeat(500),
                ")".repeat(500),
                "}".repeat(500)
            ),
        ),
        ("unary", format!("console.log({}1)", "- ".repeat(100_000))),
    ];
    let cases: Vec<Case> = sources
        .into_iter()
        .map(|(name, code)| {
            generated(
                name,
                code,
                Expect::Rejected("RangeError: Maximum call stack size exceeded"),
            )
        })
        .collect();
    check_all(&cases, &limits(10_000, Some(256)));
}

/// Deep parsing or JSON started from a deep JavaScript stack: the two kinds
/// of frame share one native stack.
#[test]
fn nesting_from_a_deep_call_stack_never_traps() {
    let mut cases = Vec::new();
    for depth in [100, 200, 300, 400] {
        for (name, work) in [
            (
                "eval_from_depth",
                "eval('('.repeat(200) + '1' + ')'.repeat(200))",
            ),
            (
                "json_from_depth",
                "JSON.parse('['.repeat(1500) + ']'.repeat(1500))",
            ),
            (
                "stringify_from_depth",
                "(() => { let a = []; for (let i = 0; i < 1500; i++) a = [a]; return JSON.stringify(a) })()",
            ),
        ] {
            let code = format!(
                "function f(n) {{ return n === 0 ? {work} : f(n - 1) }} \
                     try {{ f({depth}); console.log('returned') }} catch (e) {{ console.log('caught') }}"
            );
            cases.push(generated(name, code, Expect::Contained));
        }
    }
    // At the bottom of a stack that just overflowed, nest again.
    cases.push(case(
        "nest_after_overflow",
        "function f() { try { f() } catch (e) { JSON.parse('['.repeat(2000) + ']'.repeat(2000)) } } try { f() } catch (e) { console.log('caught') }",
        Expect::Contained,
    ));
    cases.push(case(
        "eval_after_overflow",
        "function f() { try { f() } catch (e) { eval('('.repeat(300) + '1' + ')'.repeat(300)) } } try { f() } catch (e) { console.log('caught') }",
        Expect::Contained,
    ));
    check_all(&cases, &limits(10_000, Some(256)));
}

/// A chain of modules, each importing the next: linking and evaluating
/// recurse once per module.
#[test]
fn a_long_import_chain_never_traps() {
    let mut inst = js();
    for length in [300, 3_000] {
        let modules: Vec<host_harness::File> = (0..length)
            .map(|i| {
                let body = if i + 1 < length {
                    format!(
                        "import {{ n as p }} from './m{}.js'; export const n = p + 1;",
                        i + 1
                    )
                } else {
                    "export const n = 0;".to_string()
                };
                file(&format!("m{i}.js"), &body)
            })
            .collect();
        let bystander = inst.session(&lang(), &[]).unwrap();
        let code = "import { n } from './m0.js'; console.log(n)";
        let result = run_in_language(&mut inst, &lang(), &modules, code, &opts());
        let expected = format!("{}\n", length - 1);
        let fits = match &result {
            Ok(r) => r.run.stdout == expected,
            Err(
                host_harness::ExecError::RuntimeFailed(s)
                | host_harness::ExecError::CompilationFailed(s),
            ) => s.stderr.contains("RangeError"),
            _ => false,
        };
        assert!(fits, "a chain of {length} modules: {result:?}");
        let alive = inst
            .session_run(&bystander, "console.log(6 * 7)", &opts())
            .unwrap();
        assert_eq!(
            ok(alive).run.stdout,
            "42\n",
            "after a chain of {length} modules"
        );
    }
}
