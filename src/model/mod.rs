//! The backend-neutral schema model: plain data, serde, `Eq`, BTreeMap-ordered, no I/O.
//!
//! Every producer (live inspection, migrations replayed into a scratch database, documented
//! schemas) yields a [`Schema`]; the differ compares two of them. Keeping the model as data is
//! what makes the comparison a pure function and lets a snapshot round-trip through JSON.

pub mod normalize;
pub mod postgres;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use postgres::PgSchema;

/// Everything dbctl knows about one project's servers.
///
/// Mongo collections/validators/indexes and Redis key conventions will sit beside `postgres`
/// as `mongo: Option<MongoDatabase>` and `redis: Option<KeySpace>` (model/mongo.rs,
/// model/redis.rs); `#[serde(default)]` keeps today's JSON snapshots readable once they land.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Schema {
    /// Database name as configured (e.g. `primary`, `knowledge`) -> its inspected schema.
    pub postgres: BTreeMap<String, PgSchema>,
}

impl Schema {
    /// A schema holding a single PostgreSQL database.
    pub fn single_postgres(database: impl Into<String>, schema: PgSchema) -> Self {
        let mut postgres = BTreeMap::new();
        postgres.insert(database.into(), schema);
        Self { postgres }
    }
}
