//! See `readline.js`: pure JS, no natives.

pub const SHIM: &str = include_str!("readline.js");
