//! See `intl.js`: pure JS, no natives.
