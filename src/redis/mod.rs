//! Redis key conventions as code: a reviewed conventions file ([`spec`]) whose key patterns
//! ([`pattern`]) are seeded into a registry key with the seed keys ([`seed`]) and audited against
//! the live keyspace ([`audit`]), on a standalone server or a Redis Cluster ([`client`]).
//!
//! The module is named like the crate it wraps; inside it, the `redis` crate is reached as
//! `::redis` where the two could be confused.

pub mod audit;
pub mod client;
pub mod pattern;
pub mod seed;
pub mod spec;
