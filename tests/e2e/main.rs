//! End-to-end tests: the real `dbctl` binary against a real PostgreSQL started by the harness.

mod support;

mod backup;
mod cli;
mod docs;
mod drift;
mod inspect;
mod migrate;
mod mongo;
mod platforms;
mod provision;
mod redis;
