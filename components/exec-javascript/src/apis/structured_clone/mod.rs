//! See `structured_clone.js`: pure JS, no natives.

pub const SHIM: &str = include_str!("structured_clone.js");
