//! See `url.js`: pure JS, no natives.

pub const SHIM: &str = include_str!("url.js");
