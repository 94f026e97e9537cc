//! The published interface is in the tree once, byte for byte as golem-ai
//! published it, and our additions are in a package of our own: two texts
//! under one package id would collide in any registry or composition that
//! sees both.

use std::path::{Path, PathBuf};

use crate::common::*;
use sha2::{Digest, Sha256};

/// SHA-256 of golem-ai's `exec/wit/golem-exec.wit` (`golem:exec@1.0.0`).
const PUBLISHED_SHA256: &str = "60781a01828868c69abbaf2771abb9891c6ef71f0d915bdea4bfc384a9ed4277";
/// Split so that this file does not itself hold the declaration it looks for.
const DECLARATION: &str = concat!("package golem:", "exec@1.0.0");

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Regular files of the repository, not following links (a link to the
/// published text is allowed: it is the same bytes by construction).
fn tree_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if [".git", "target", ".venv", "node_modules"].contains(&name.to_str().unwrap_or("")) {
            continue;
        }
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            tree_files(&entry.path(), found);
        } else if kind.is_file() {
            found.push(entry.path());
        }
    }
}

#[test]
fn only_the_published_text_declares_golem_exec_1_0_0() {
    let mut files = Vec::new();
    tree_files(&workspace_dir(), &mut files);
    let declaring: Vec<PathBuf> = files
        .into_iter()
        .filter(|path| {
            std::fs::read(path).is_ok_and(|bytes| {
                String::from_utf8_lossy(&bytes)
                    .lines()
                    .any(|line| line.trim_start().starts_with(DECLARATION))
            })
        })
        .collect();
    assert_eq!(
        declaring,
        [workspace_dir().join("wit/deps/golem-exec/golem-exec.wit")],
        "only wit/deps/golem-exec/golem-exec.wit may declare golem:exec@1.0.0"
    );
    let bytes = std::fs::read(&declaring[0]).unwrap();
    assert_eq!(
        sha256_hex(&bytes),
        PUBLISHED_SHA256,
        "wit/deps/golem-exec/golem-exec.wit differs from the published text"
    );
}

#[test]
fn every_wit_dependency_on_golem_exec_leads_to_the_published_text() {
    let published = workspace_dir()
        .join("wit/deps/golem-exec")
        .canonicalize()
        .unwrap();
    for dir in [
        "components/exec-javascript/wit",
        "components/exec-python/wit",
        "examples/exec-consumer/wit",
    ] {
        let dep = workspace_dir().join(dir).join("deps/golem-exec");
        assert_eq!(
            dep.canonicalize().unwrap(),
            published,
            "{dir}/deps/golem-exec must link to wit/deps/golem-exec"
        );
    }
}

/// The built component's world exports the published interfaces and ours.
fn assert_exports_published_and_streaming(component: &str) {
    let wit = output_of(tool("wasm-tools").args(["component", "wit", component]));
    for export in EXPORTED_INTERFACES {
        assert!(
            wit.contains(&format!("export {export};")),
            "{export}:\n{wit}"
        );
    }
}

#[test]
fn exec_javascript_exports_the_published_interfaces_and_ours() {
    assert_exports_published_and_streaming(build_components::EXEC_JAVASCRIPT);
}

#[test]
fn exec_python_exports_the_published_interfaces_and_ours() {
    assert_exports_published_and_streaming(build_components::EXEC_PYTHON);
}
