//! Inspectors that read a running server into the model. Mongo and Redis inspectors will sit
//! beside `postgres` here.

pub mod postgres;

pub use postgres::inspect as inspect_postgres;
