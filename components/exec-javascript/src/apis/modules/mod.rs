//! `require()` for builtins and the `node:` module registry.

/// Builtin modules, importable as `node:<name>` or `<name>`.
pub const BUILTINS: &[&str] = &[
    "fs",
    "fs/promises",
    "readline",
    "readline/promises",
    "process",
    "buffer",
    "events",
    "path",
    "util",
    "url",
    "timers",
    "timers/promises",
    "crypto",
    "perf_hooks",
    "os",
    "child_process",
    "assert",
    "string_decoder",
];
