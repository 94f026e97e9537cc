//! See `performance.js`: pure JS, no natives.
