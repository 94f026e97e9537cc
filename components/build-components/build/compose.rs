//! exec-python.wasm from its three parts, wired with `wac-graph` (the library
//! behind `wac compose`/`wac plug`):
//!
//! ```text
//! sandbox ── files, console ──▶ engine ── engine ──▶ glue ──▶ exports
//!    └──────────── control ────────────────────────────▲
//! ```

use std::path::Path;

use wac_graph::types::Package;
use wac_graph::{CompositionGraph, EncodeOptions, NodeId};

const PARTS: &str = "golem-exec:python-parts";
const VERSION: &str = "@0.1.0";

fn interface(name: &str) -> String {
    format!("{PARTS}/{name}{VERSION}")
}

pub fn exec_python(glue: &Path, sandbox: &Path, engine: &Path, output: &Path) {
    let mut graph = CompositionGraph::new();
    let mut register = |name: &str, path: &Path| {
        let package = Package::from_file(name, None, path, graph.types_mut())
            .unwrap_or_else(|e| panic!("cannot read the part {}: {e:#}", path.display()));
        graph
            .register_package(package)
            .unwrap_or_else(|e| panic!("cannot register the part {name}: {e:#}"))
    };
    let glue = register("golem-exec:python-glue", glue);
    let sandbox = register("golem-exec:python-sandbox", sandbox);
    let engine = register("golem-exec:python-engine", engine);

    let sandbox = graph.instantiate(sandbox);
    let engine = graph.instantiate(engine);
    let glue_package = glue;
    let glue = graph.instantiate(glue_package);
    connect(&mut graph, sandbox, "files", engine);
    connect(&mut graph, sandbox, "console", engine);
    connect(&mut graph, sandbox, "control", glue);
    connect(&mut graph, engine, "engine", glue);

    let exports: Vec<String> = graph.types()[graph[glue_package].ty()]
        .exports
        .keys()
        .cloned()
        .collect();
    for name in exports {
        let export = graph
            .alias_instance_export(glue, &name)
            .unwrap_or_else(|e| panic!("the glue does not export {name}: {e:#}"));
        graph
            .export(export, &name)
            .unwrap_or_else(|e| panic!("cannot export {name}: {e:#}"));
    }
    let bytes = graph
        .encode(EncodeOptions::default())
        .unwrap_or_else(|e| panic!("cannot encode exec-python.wasm: {e:#}"));
    std::fs::write(output, bytes)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", output.display()));
}

/// Satisfies `to`'s import of the parts interface `name` with `from`'s export.
fn connect(graph: &mut CompositionGraph, from: NodeId, name: &str, to: NodeId) {
    let name = interface(name);
    let export = graph
        .alias_instance_export(from, &name)
        .unwrap_or_else(|e| panic!("no part exports {name}: {e:#}"));
    graph
        .set_instantiation_argument(to, &name, export)
        .unwrap_or_else(|e| panic!("cannot wire {name}: {e:#}"));
}
