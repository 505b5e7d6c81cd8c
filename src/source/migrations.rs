//! The schema a database's migrations produce: replayed into a scratch database with the real
//! runner, inspected with the live inspector, then the scratch database is dropped.

use crate::error::{Error, Result};
use crate::migrate::file::Migration;
use crate::migrate::runner::{self, Options, Silent, UpTarget};
use crate::migrate::scratch::with_scratch;
use crate::model::PgSchema;
use crate::redact::Redacted;

/// Applies `migrations` (up to `target`) on a scratch database of `server` and inspects it.
pub async fn schema_from_migrations(
    server: &Redacted,
    migrations: &[Migration],
    target: UpTarget,
    opts: &Options,
) -> Result<PgSchema> {
    with_scratch(server, "replay", |url| async move {
        let mut conn = crate::conn::connect(&url).await?;
        runner::up(&mut conn, migrations, target, opts, &mut Silent).await.map_err(|e| Error {
            message: format!("replaying the migrations on a scratch database failed: {}", e.message),
            ..e
        })?;
        let schema = super::live::postgres::inspect(&mut conn)
            .await
            .map_err(|e| Error::runtime(format!("cannot inspect the scratch database: {e}")))?;
        use sqlx::Connection;
        let _ = conn.close().await;
        Ok(schema)
    })
    .await
}
