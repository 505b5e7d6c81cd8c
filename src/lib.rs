//! dbctl: migrations, drift checks, Mongo specs, Redis conventions and backups.
