//! See `event_target.js`: pure JS, no natives.
