//! See `readline.js`: pure JS, no natives.
