//! End-to-end tests: the real `dbctl` binary against a real PostgreSQL started by the harness.

mod support;

mod cli;
mod migrate;
mod mongo;
mod platforms;
