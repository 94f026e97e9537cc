//! See `buffer.js`: pure JS, no natives.
