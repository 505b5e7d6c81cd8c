//! dbctl: versioned, phased PostgreSQL migrations; MongoDB specs; Redis key conventions; backups;
//! and drift checks of live databases against their migrations and documented schemas.
//!
//! Map of the crate:
//! - [`cli`]: the argument types (clap), nothing else.
//! - [`config`]: `dbctl.yaml` and `${VAR}` expansion; [`settings`]: which project/databases a command targets.
//! - [`migrate`]: the migration engine (layout, history, lock, runner).
//! - [`mongo`]: MongoDB collections, validators and indexes from a spec; apply, status, drift findings.
//! - [`redis`]: Redis key conventions: spec, seed, audit (standalone and Cluster).
//! - [`provision`]: databases, least-privilege roles, grants, extensions (inspect → plan → apply).
//! - [`backup`]: checksummed backups (pg_dump directory format), verify, restore, prune.
//! - [`sandbox`]: private local servers on loopback.
//! - [`commands`]: one thin module per command: settings → core → report.
//! - [`ui`]: all terminal output; [`redact`]: secrets as a type; [`error`]: the exit-code contract.
//! - Drift, flowing one way: [`source`] (read a live database, replay migrations or a
//!   documented schema) → [`model`] (plain, normalised
//!   data) → [`diff`] (pure comparison, sorted findings) → [`report`] (text, JSON, JUnit).

pub mod backup;
pub mod cli;
pub mod commands;
pub mod config;
pub mod conn;
pub mod diff;
pub mod error;
pub mod migrate;
pub mod model;
pub mod mongo;
pub mod provision;
pub mod redact;
pub mod redis;
pub mod report;
pub mod sandbox;
pub mod settings;
pub mod source;
pub mod ui;
