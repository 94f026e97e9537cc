//! See `events.js`: pure JS, no natives.
