//! See `intl.js`: pure JS, no natives.

pub const SHIM: &str = include_str!("intl.js");
