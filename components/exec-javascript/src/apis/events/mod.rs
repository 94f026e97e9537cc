//! See `events.js`: pure JS, no natives.

pub const SHIM: &str = include_str!("events.js");
