//! How Golem users consume the components: plugged into their own component
//! (`wac plug`, here through `wac-graph`, the library the CLI is built on),
//! linked by code written against the published `golem:exec@1.0.0`, in a host
//! that offers WASI 0.2 and nothing else.

use std::path::{Path, PathBuf};

use crate::common::*;
use wasmtime::component::{Component, Linker, ResourceTable, Val};
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

/// The published interface (`golem:exec@1.0.0`, byte-identical to
/// golem-ai's text), which the example consumer is built against.
fn published_wit() -> PathBuf {
    workspace_dir().join("wit/deps/golem-exec/golem-exec.wit")
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(build_components::EXEC_JAVASCRIPT)
        .parent()
        .unwrap()
        .join("interop-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `wac plug consumer --plug ours`: the consumer's `golem:exec` imports
/// satisfied by our component's exports.
fn plug(consumer: &str, ours: &str) -> Vec<u8> {
    use wac_graph::{CompositionGraph, EncodeOptions, types::Package};
    let mut graph = CompositionGraph::new();
    let socket = Package::from_file("example:exec-consumer", None, consumer, graph.types_mut())
        .expect("read the consumer");
    let socket = graph.register_package(socket).unwrap();
    let plug = Package::from_file("golem-exec:plug", None, ours, graph.types_mut())
        .expect("read our component");
    let plug = graph.register_package(plug).unwrap();
    wac_graph::plug(&mut graph, vec![plug], socket).expect("plug");
    graph.encode(EncodeOptions::default()).expect("encode")
}

struct Wasi {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl WasiView for Wasi {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

/// The plugged component, instantiated with WASI 0.2 only (no network, no
/// directories): it must need nothing else.
struct Plugged {
    store: Store<Wasi>,
    instance: wasmtime::component::Instance,
}

impl Plugged {
    fn new(bytes: &[u8]) -> Self {
        let engine = Engine::default();
        let component = Component::new(&engine, bytes).expect("compile the plugged component");
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
        let mut store = Store::new(
            &engine,
            Wasi {
                ctx: WasiCtxBuilder::new().build(),
                table: ResourceTable::new(),
            },
        );
        let instance = linker
            .instantiate(&mut store, &component)
            .expect("the plugged component needs only WASI");
        Plugged { store, instance }
    }

    fn call(&mut self, name: &str, args: &[Val]) -> Val {
        let func = self
            .instance
            .get_func(&mut self.store, name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let mut results = [Val::Bool(false)];
        func.call(&mut self.store, args, &mut results)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let [result] = results;
        result
    }
}

fn ok_value(val: Val) -> Val {
    match val {
        Val::Result(Ok(Some(v))) => *v,
        other => panic!("expected ok(...), got {other:?}"),
    }
}

fn string(val: Val) -> String {
    match val {
        Val::String(s) => s,
        other => panic!("expected a string, got {other:?}"),
    }
}

fn strings(val: Val) -> Vec<String> {
    match val {
        Val::List(items) => items.into_iter().map(string).collect(),
        other => panic!("expected a list, got {other:?}"),
    }
}

fn consumer_runs_snippets_through(ours: &str, lang: &str, snippets: [&str; 4]) {
    let mut plugged = Plugged::new(&plug(build_components::EXAMPLE_CONSUMER, ours));
    let kind = || Val::Enum(lang.into());
    let [once, failing, first, second] = snippets;
    let out = plugged.call("evaluate", &[kind(), Val::String(once.into())]);
    assert_eq!(string(ok_value(out)), "42\n");
    match plugged.call("evaluate", &[kind(), Val::String(failing.into())]) {
        Val::Result(Err(Some(message))) => {
            let message = string(*message);
            assert!(
                message.starts_with("runtime failed:") && message.contains("boom"),
                "{message}"
            );
        }
        other => panic!("expected err(...), got {other:?}"),
    }
    let out = plugged.call(
        "run-in-session",
        &[
            kind(),
            Val::String("3 4".into()),
            Val::List(vec![Val::String(first.into()), Val::String(second.into())]),
        ],
    );
    assert_eq!(strings(ok_value(out)), ["7\n", "8\n"]);
}

#[test]
fn a_consumer_plugged_into_exec_javascript_runs_snippets() {
    consumer_runs_snippets_through(
        build_components::EXEC_JAVASCRIPT,
        "javascript",
        [
            "console.log(6 * 7)",
            "throw new Error('boom')",
            "const fs = await import('node:fs'); globalThis.total = fs.readFileSync('data.txt', 'utf8').split(' ').map(Number).reduce((a, b) => a + b); console.log(total)",
            "console.log(total + 1)",
        ],
    );
}

#[test]
fn a_consumer_plugged_into_exec_python_runs_snippets() {
    consumer_runs_snippets_through(
        build_components::EXEC_PYTHON,
        "python",
        [
            "print(6 * 7)",
            "raise ValueError('boom')",
            "total = sum(map(int, open('data.txt').read().split()))\nprint(total)",
            "print(total + 1)",
        ],
    );
}

/// The interfaces a component imports, from its WIT (`import x;` lines of its
/// world), and the WIT packages it refers to, written under `dir`.
fn imports_of(component: &str, dir: &Path) -> Vec<String> {
    output_of(
        tool("wasm-tools")
            .args(["component", "wit", component, "--out-dir"])
            .arg(dir),
    );
    let world = std::fs::read_to_string(dir.join("component.wit")).unwrap();
    world
        .lines()
        .filter_map(|l| l.trim().strip_prefix("import ")?.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// WASI 0.2 interfaces a Golem worker provides. `wasi:http` is left out on
/// purpose: the components must not reach the network.
fn is_golem_host_wasi(import: &str, allow_sockets: bool) -> bool {
    let Some((path, version)) = import.split_once('@') else {
        return false;
    };
    let Some((package, _interface)) = path.split_once('/') else {
        return false;
    };
    version.starts_with("0.2.")
        && match package {
            "wasi:io" | "wasi:clocks" | "wasi:random" | "wasi:cli" | "wasi:filesystem" => true,
            "wasi:sockets" => allow_sockets,
            _ => false,
        }
}

/// A world of the published `exec-library` plus `imports`; `wasm-tools
/// component targets` then checks, with the component model's own subtyping,
/// that the component exports at least the published interface and imports
/// nothing more.
fn check_targets(component: &str, dir: &Path, imports: &[String], published: &Path) {
    let host = dir.join("host");
    std::fs::create_dir_all(host.join("deps/golem-exec")).unwrap();
    for entry in std::fs::read_dir(dir.join("deps")).unwrap() {
        let entry = entry.unwrap();
        // The component's own rendering of golem:exec is replaced by the
        // published text.
        if entry.file_name() != "exec.wit" {
            std::fs::copy(entry.path(), host.join("deps").join(entry.file_name())).unwrap();
        }
    }
    std::fs::copy(published, host.join("deps/golem-exec/golem-exec.wit")).unwrap();
    let mut world = String::from(
        "package golem-exec-test:host;\n\nworld golem-host {\n  include golem:exec/exec-library@1.0.0;\n",
    );
    for import in imports {
        world.push_str(&format!("  import {import};\n"));
    }
    world.push_str("}\n");
    std::fs::write(host.join("world.wit"), world).unwrap();
    output_of(
        tool("wasm-tools")
            .args(["component", "targets"])
            .arg(&host)
            .arg(component)
            .args(["--world", "golem-host"]),
    );
}

#[test]
fn exports_cover_the_published_interface_and_imports_are_wasi_a_golem_host_provides() {
    let published = published_wit();
    for (name, component, allow_sockets) in [
        ("exec-javascript", build_components::EXEC_JAVASCRIPT, false),
        // componentize-py's libc links the socket interfaces; the engine's
        // audit hook refuses every use (matrix.rs:
        // process_and_network_access_fail_cleanly), and the harness grants
        // no network anyway.
        ("exec-python", build_components::EXEC_PYTHON, true),
    ] {
        let dir = scratch_dir(name);
        let imports = imports_of(component, &dir);
        assert!(!imports.is_empty(), "{name}: no imports found");
        let foreign: Vec<_> = imports
            .iter()
            .filter(|i| !is_golem_host_wasi(i, allow_sockets))
            .collect();
        assert!(
            foreign.is_empty(),
            "{name} imports more than a Golem host's WASI 0.2: {foreign:?}"
        );
        check_targets(component, &dir, &imports, &published);
    }
}

#[test]
fn the_interface_check_rejects_a_component_missing_a_published_function() {
    let dir = scratch_dir("negative");
    let component = build_components::EXEC_JAVASCRIPT;
    let imports = imports_of(component, &dir);
    let published = std::fs::read_to_string(published_wit()).unwrap();
    let extended = published.replace(
        "    set-working-dir: func(path: string) -> result<_, error>;",
        "    set-working-dir: func(path: string) -> result<_, error>;\n    not-implemented: func();",
    );
    assert_ne!(published, extended);
    let altered = dir.join("altered.wit");
    std::fs::write(&altered, extended).unwrap();
    let result = std::panic::catch_unwind(|| check_targets(component, &dir, &imports, &altered));
    let message = *result
        .expect_err("a component without session.not-implemented must not pass")
        .downcast::<String>()
        .unwrap();
    assert!(message.contains("not-implemented"), "{message}");
}
