//! Producers of [`crate::model::Schema`]: live servers today; documented schemas and
//! migrations replayed into a scratch database later (both end in the live inspector, since SQL
//! is interpreted by PostgreSQL, not by dbctl).

pub mod live;
pub mod migrations;
