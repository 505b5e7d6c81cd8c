//! dbctl: migrations, drift checks, Mongo specs, Redis conventions and backups.
//!
//! Drift checking, the part built so far, flows one way:
//! [`source`] (read a live database) -> [`model`] (plain, normalised data) ->
//! [`diff`] (pure comparison, sorted findings) -> [`report`] (text, JSON, JUnit).

pub mod diff;
pub mod model;
pub mod report;
pub mod source;
