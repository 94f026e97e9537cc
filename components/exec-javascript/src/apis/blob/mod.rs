//! See `blob.js`: pure JS, no natives.
