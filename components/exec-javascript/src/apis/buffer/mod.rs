//! See `buffer.js`: pure JS, no natives.

pub const SHIM: &str = include_str!("buffer.js");
