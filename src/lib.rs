//! dbctl: versioned, phased PostgreSQL migrations; MongoDB specs; Redis key conventions; backups;
//! and drift checks of live databases against their migrations and documented schemas.
//!
//! Map of the crate:
//! - [`cli`]: the argument types (clap), nothing else.
//! - [`config`]: `dbctl.yaml` and `${VAR}` expansion; [`settings`]: which project/databases a command targets.
//! - [`migrate`]: the migration engine (layout, history, lock, runner).
//! - [`mongo`]: MongoDB collections, validators and indexes from a spec; apply, status, drift findings.
//! - [`sandbox`]: private local servers on loopback.
//! - [`commands`]: one thin module per command: settings → core → report.
//! - [`ui`]: all terminal output; [`redact`]: secrets as a type; [`error`]: the exit-code contract.

pub mod cli;
pub mod commands;
pub mod config;
pub mod conn;
pub mod error;
pub mod migrate;
pub mod mongo;
pub mod redact;
pub mod sandbox;
pub mod settings;
pub mod ui;
