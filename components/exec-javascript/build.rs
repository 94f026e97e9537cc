//! Compiles the builtin shims (`src/apis/<name>/<name>.js`) to QuickJS
//! bytecode with the same QuickJS, built for the build machine. The
//! component then loads bytecode in every new runtime, its first one
//! included, instead of parsing the shims' source; a shim with a syntax
//! error fails the build.

use std::path::{Path, PathBuf};

use rquickjs::module::WriteOptions;
use rquickjs::{Context, Module, Runtime};

fn main() {
    let apis = Path::new("src/apis");
    println!("cargo:rerun-if-changed={}", apis.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("shims");
    std::fs::create_dir_all(&out).unwrap();
    let runtime = Runtime::new().expect("QuickJS runtime");
    let context = Context::full(&runtime).expect("QuickJS context");
    for entry in std::fs::read_dir(apis).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let shim = dir.join(format!("{name}.js"));
        if !shim.exists() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", shim.display());
        let source = std::fs::read_to_string(&shim).unwrap();
        let bytecode = context.with(|ctx| {
            let module = Module::declare(
                ctx.clone(),
                format!("node:internal/{name}"),
                format!("export default {source}"),
            )
            .map_err(|e| match e {
                rquickjs::Error::Exception => format!("{:?}", ctx.catch()),
                other => other.to_string(),
            })?;
            module
                .write(WriteOptions {
                    // Node shows builtins as `[native code]`, not their source.
                    strip_source: true,
                    ..WriteOptions::default()
                })
                .map_err(|e| e.to_string())
        });
        let bytecode = bytecode.unwrap_or_else(|e| panic!("{}: {e}", shim.display()));
        std::fs::write(out.join(format!("{name}.qbc")), bytecode).unwrap();
    }
}
