//! Rerun triggers: the files the guest build actually read, as its dep-info
//! lists them, instead of whole directories.

use std::path::{Path, PathBuf};

/// The workspace's `[patch.crates-io]` paths.
const PATCHED_PACKAGES: &[&str] = &["vendor/rquickjs-sys"];

/// Every source named in cargo's dep-info (Makefile syntax) files. Files
/// under `target_root` are outputs of the guests' own build scripts (shim
/// bytecode): newer than this run by construction, they would make every
/// next build rerun it, and their inputs are listed anyway.
pub fn from_dep_info(files: &[PathBuf], target_root: &Path) {
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| {
            panic!(
                "the guest build wrote no dep-info at {}: {e}",
                file.display()
            )
        });
        for dep in dependencies(&text) {
            if !Path::new(&dep).starts_with(target_root) {
                println!("cargo:rerun-if-changed={dep}");
            }
        }
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // Cargo's dep-info lists the files of workspace members only; the
    // patched dependencies built from the tree are watched whole.
    for package in PATCHED_PACKAGES {
        println!(
            "cargo:rerun-if-changed={}",
            workspace.join(package).display()
        );
    }
    // Settings the dep-info cannot list: they change how, not what, is built.
    for setting in ["Cargo.lock", ".cargo/config.toml", "rust-toolchain.toml"] {
        let path = workspace.join(setting);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

/// The prerequisites of every rule in a dep-info file (`target: dep dep ...`,
/// spaces in paths escaped as `\ `).
fn dependencies(text: &str) -> Vec<String> {
    let mut deps = Vec::new();
    for line in text.lines() {
        let Some((_, prerequisites)) = split_rule(line) else {
            continue;
        };
        let mut current = String::new();
        let mut chars = prerequisites.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&' ') => current.push(chars.next().unwrap()),
                ' ' => {
                    if !current.is_empty() {
                        deps.push(std::mem::take(&mut current));
                    }
                }
                c => current.push(c),
            }
        }
        if !current.is_empty() {
            deps.push(current);
        }
    }
    deps
}

/// Splits at the rule's `: ` (a target path may itself hold an escaped space,
/// but not `: `).
fn split_rule(line: &str) -> Option<(&str, &str)> {
    let at = line
        .find(": ")
        .or_else(|| line.strip_suffix(':').map(str::len))?;
    Some((&line[..at], line.get(at + 2..).unwrap_or("")))
}

/// The files with the extension in `dir` (not recursive), each a rerun
/// trigger: inputs of a tool that writes no dep-info.
pub fn files_in(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    // The directory too, so that a file added to it reruns the build.
    println!("cargo:rerun-if-changed={}", dir.display());
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    files
}

/// Whether `output` exists and is newer than every one of `inputs`.
pub fn is_newer_than(output: &Path, inputs: &[PathBuf]) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let Some(built) = modified(output) else {
        return false;
    };
    inputs
        .iter()
        .all(|input| modified(input).is_some_and(|changed| changed < built))
}
