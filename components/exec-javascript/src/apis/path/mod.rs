//! See `path.js`: pure JS, no natives.

pub const SHIM: &str = include_str!("path.js");
