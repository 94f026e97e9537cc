//! golem.yaml: valid against Golem's published manifest schemas, and within
//! the rules the Golem CLI adds on top of them (component names, one WIT
//! package per component, required paths, artifacts that `just build` makes).

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;
use serde_json::Value;

const SCHEMAS: &[(&str, &str)] = &[
    (
        "1.3.0",
        include_str!("../golem-manifest-schemas/golem-1.3.0.schema.json"),
    ),
    (
        "1.4.2",
        include_str!("../golem-manifest-schemas/golem-1.4.2.schema.json"),
    ),
];

const COMPONENTS: &[&str] = &["golem-exec:exec-javascript", "golem-exec:exec-python"];

fn manifest() -> Value {
    let text = std::fs::read_to_string(workspace_dir().join("golem.yaml")).expect("golem.yaml");
    serde_yaml::from_str(&text).expect("golem.yaml is YAML")
}

fn schema_errors(schema: &str, manifest: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(schema).unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    validator
        .iter_errors(manifest)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("golem.yaml has no string at {pointer}"))
}

/// `components/<name>` → the `/components/<name>` JSON pointer prefix.
fn component_pointer(name: &str) -> String {
    format!("/components/{}", name.replace('~', "~0").replace('/', "~1"))
}

#[test]
fn manifest_validates_against_the_golem_schemas() {
    let manifest = manifest();
    for (version, schema) in SCHEMAS {
        let errors = schema_errors(schema, &manifest);
        assert!(
            errors.is_empty(),
            "golem.yaml against the {version} schema: {errors:#?}"
        );
    }
    // The validator does reject what the schemas forbid.
    let mut broken = manifest.clone();
    broken["components"]["golem-exec:exec-javascript"]["componentType"] = "persistent".into();
    broken["components"]["golem-exec:exec-python"]["env"] = serde_json::json!(["EXEC_TIMEOUT_MS"]);
    for (version, schema) in SCHEMAS {
        let errors = schema_errors(schema, &broken);
        assert!(
            errors.iter().any(|e| e.contains("persistent")),
            "{version}: {errors:#?}"
        );
        assert!(
            errors.iter().any(|e| e.contains("/env")),
            "{version}: {errors:#?}"
        );
    }
}

#[test]
fn components_are_durable_with_debug_and_release_profiles_and_the_paths_the_cli_requires() {
    let manifest = manifest();
    let names: BTreeSet<&str> = manifest["components"]
        .as_object()
        .expect("components")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, COMPONENTS.iter().copied().collect());
    let kebab = |s: &str| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.split('-').all(|w| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    };
    for name in COMPONENTS {
        let (namespace, short) = name.split_once(':').expect("ns:name");
        assert!(
            kebab(namespace) && kebab(short),
            "{name} is not ns:name in kebab-case"
        );
        let at = component_pointer(name);
        assert_eq!(str_at(&manifest, &format!("{at}/componentType")), "durable");
        let default = str_at(&manifest, &format!("{at}/defaultProfile"));
        assert_eq!(default, "debug");
        for profile in ["debug", "release"] {
            let p = format!("{at}/profiles/{profile}");
            for key in ["sourceWit", "generatedWit", "componentWasm", "linkedWasm"] {
                assert!(
                    !str_at(&manifest, &format!("{p}/{key}")).is_empty(),
                    "{name} {profile}: empty {key}"
                );
            }
            let wasm = str_at(&manifest, &format!("{p}/componentWasm"));
            let expected = match profile {
                "release" => format!("target/components/{short}.wasm"),
                _ => format!("target/components/debug/{short}.wasm"),
            };
            assert_eq!(wasm, expected, "{name} {profile}: componentWasm");
            let build = manifest
                .pointer(&format!("{p}/build"))
                .and_then(Value::as_array)
                .unwrap_or_else(|| panic!("{name} {profile}: no build commands"));
            let targets: Vec<&str> = build
                .iter()
                .flat_map(|step| step["targets"].as_array().into_iter().flatten())
                .filter_map(Value::as_str)
                .collect();
            assert!(
                targets.contains(&wasm),
                "{name} {profile}: no build step declares {wasm} as its target"
            );
        }
    }
}

#[test]
fn release_builds_are_the_artifacts_just_build_makes() {
    let manifest = manifest();
    let justfile = std::fs::read_to_string(workspace_dir().join("justfile")).unwrap();
    for (name, artifact) in [
        (
            "golem-exec:exec-javascript",
            build_components::EXEC_JAVASCRIPT,
        ),
        ("golem-exec:exec-python", build_components::EXEC_PYTHON),
    ] {
        let p = format!("{}/profiles/release", component_pointer(name));
        let command = str_at(&manifest, &format!("{p}/build/0/command"));
        assert!(
            justfile.contains(command),
            "{name}: `{command}` is not what `just build` runs"
        );
        let wasm = str_at(&manifest, &format!("{p}/componentWasm"));
        // The tests ran against this very file (unless CARGO_TARGET_DIR moved it).
        if std::env::var_os("CARGO_TARGET_DIR").is_none() {
            assert_eq!(
                workspace_dir().join(wasm).canonicalize().unwrap(),
                Path::new(artifact).canonicalize().unwrap()
            );
        }
    }
}

#[test]
fn each_component_has_its_own_wit_package_over_the_one_golem_exec_interface() {
    let manifest = manifest();
    let shared = workspace_dir().join("wit").canonicalize().unwrap();
    let published = shared.join("deps/golem-exec");
    let mut packages = BTreeSet::new();
    for name in COMPONENTS {
        let at = component_pointer(name);
        let debug_wit = str_at(&manifest, &format!("{at}/profiles/debug/sourceWit"));
        let release_wit = str_at(&manifest, &format!("{at}/profiles/release/sourceWit"));
        assert_eq!(
            debug_wit, release_wit,
            "{name}: one WIT source per component"
        );
        let dir = workspace_dir().join(release_wit);
        // The interfaces are not copied: the dependencies lead to the
        // published text in wit/deps/ and to our package in wit/.
        assert_eq!(
            dir.join("deps/golem-exec").canonicalize().unwrap(),
            published,
            "{name}: deps/golem-exec must lead to wit/deps/golem-exec"
        );
        assert_eq!(
            dir.join("deps/golem-exec-streaming.wit")
                .canonicalize()
                .unwrap(),
            shared.join("streaming.wit"),
            "{name}: deps/golem-exec-streaming.wit must lead to wit/streaming.wit"
        );
        let wit = output_of(tool("wasm-tools").args(["component", "wit"]).arg(&dir));
        let package = wit
            .lines()
            .find_map(|l| l.strip_prefix("package ")?.strip_suffix(';'))
            .unwrap_or_else(|| panic!("{name}: no root package in {}", dir.display()));
        // The Golem CLI matches a component to the root package of its WIT.
        assert_eq!(package, *name, "{name}: root WIT package");
        assert!(packages.insert(package.to_string()));
        for export in EXPORTED_INTERFACES {
            assert!(
                wit.contains(&format!("export {export};")),
                "{name}: its world does not export {export}:\n{wit}"
            );
        }
    }
}
