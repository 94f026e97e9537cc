//! See `structured_clone.js`: pure JS, no natives.
