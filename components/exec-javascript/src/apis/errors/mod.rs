//! See `errors.js`: pure JS, no natives.
