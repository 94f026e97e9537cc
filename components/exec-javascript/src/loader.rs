//! ES module resolution and loading: `node:` builtins, and files from the
//! session's file store by `./relative` path or by bare name from the root.

use std::rc::Rc;

use exec_core::Sandbox;
use exec_core::vpath::VPath;
use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Error, Module, Object, Result};

use crate::apis::builtin_module_name;

pub struct StoreResolver(pub Rc<Sandbox>);

/// Extensions tried, in order, for an import that names no existing file.
const CANDIDATE_SUFFIXES: [&str; 5] = ["", ".js", ".mjs", "/index.js", "/index.mjs"];

impl Resolver for StoreResolver {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        if let Some(builtin) = builtin_module_name(name) {
            return Ok(format!("node:{builtin}"));
        }
        let not_found = || {
            Error::new_resolving_message(
                base,
                name,
                format!("Cannot find module '{name}' imported from {base}"),
            )
        };
        let target =
            if name.starts_with("./") || name.starts_with("../") || name.starts_with('/') {
                let base_dir = VPath::from_snippet(&VPath::root(), base)
                    .map_err(|_| not_found())?
                    .parent()
                    .unwrap_or_default();
                VPath::from_snippet(&base_dir, name)
            } else {
                VPath::from_snippet(&VPath::root(), name)
            }
            .map_err(|_| not_found())?;
        let files = self.0.files();
        CANDIDATE_SUFFIXES
            .iter()
            .filter_map(|suffix| {
                VPath::from_snippet(&VPath::root(), &format!("{}{suffix}", target.to_absolute()))
                    .ok()
            })
            .find(|candidate| !files.is_dir(candidate) && files.exists(candidate))
            .map(|found| found.to_absolute())
            .ok_or_else(not_found)
    }
}

pub struct StoreLoader(pub Rc<Sandbox>);

impl Loader for StoreLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        if let Some(builtin) = name.strip_prefix("node:") {
            return declare_builtin(ctx, name, builtin);
        }
        let path = VPath::from_snippet(&VPath::root(), name)
            .map_err(|e| Error::new_loading_message(name, e.to_string()))?;
        let source = {
            let files = self.0.files();
            files
                .read(&path)
                .map(<[u8]>::to_vec)
                .map_err(|e| Error::new_loading_message(name, e.to_string()))?
        };
        Module::declare(ctx.clone(), name, source)
    }
}

/// A builtin module re-exports the object `require()` returns, one named
/// export per property, plus the object itself as the default export.
fn declare_builtin<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    builtin: &str,
) -> Result<Module<'js, Declared>> {
    let internal: Object = ctx.globals().get(crate::apis::INTERNAL_KEY)?;
    let require: rquickjs::Function = internal.get("require")?;
    let exports: Object = require.call((builtin,))?;
    let mut source = format!(
        "const m = globalThis[{key:?}].require({builtin:?});\nexport default m;\n",
        key = crate::apis::INTERNAL_KEY
    );
    for key in exports.keys::<String>() {
        let key = key?;
        if is_identifier(&key) && key != "default" {
            source.push_str(&format!("export const {key} = m[{key:?}];\n"));
        }
    }
    Module::declare(ctx.clone(), name, source)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}
