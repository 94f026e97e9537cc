//! See `url.js`: pure JS, no natives.
