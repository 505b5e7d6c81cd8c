//! The PostgreSQL migration engine: discovery and validation of migration files, the history
//! table, the advisory lock, and `up` / `down` / `repair`.

pub mod exec;
pub mod file;
pub mod history;
pub mod layout;
pub mod lock;
pub mod runner;
pub mod scratch;
pub mod script_cache;
pub mod split;
pub mod state;
pub mod verify;
