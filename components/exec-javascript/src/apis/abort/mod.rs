//! See `abort.js`: pure JS, no natives.
