//! Producers of [`crate::model::Schema`]: live servers, documented schemas ([`docs`]) and
//! migrations, both replayed into a scratch database and read with the live inspector (SQL
//! is interpreted by PostgreSQL, not by dbctl).

pub mod docs;
pub mod live;
pub mod migrations;
