//! See `path.js`: pure JS, no natives.
