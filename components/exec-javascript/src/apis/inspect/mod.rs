//! See `inspect.js`: pure JS, no natives.

pub const SHIM: &str = include_str!("inspect.js");
