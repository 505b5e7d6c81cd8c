//! The schema a database's migrations produce: replayed into a scratch database with the real
//! runner, inspected with the live inspector, then the scratch database is dropped.
//!
//! Replaying is by far the slowest part of a drift check (creating thousands of tables), and its
//! result depends only on the migration files, dbctl's version and the server's major version; so
//! the inspected schema is cached under the sandbox directory keyed by a sha256 of those, and a
//! warm `drift` costs one inspection of the live database and a diff.

use crate::error::{Error, Result};
use crate::migrate::file::Migration;
use crate::migrate::runner::{self, Options, Silent, UpTarget};
use crate::migrate::scratch::with_scratch;
use crate::model::PgSchema;
use crate::redact::Redacted;
use sha2::{Digest, Sha256};
use std::path::Path;

/// [`replay`], through a cache in `cache_dir` (None: no cache).
pub async fn schema_from_migrations(
    server: &Redacted,
    migrations: &[Migration],
    target: UpTarget,
    opts: &Options,
    cache_dir: Option<&Path>,
) -> Result<PgSchema> {
    let Some(dir) = cache_dir else { return replay(server, migrations, target, opts).await };
    let key = cache_key(server_version(server).await?, migrations, target);
    let path = dir.join(format!("{key}.json"));
    if let Ok(text) = std::fs::read_to_string(&path) {
        if let Ok(schema) = serde_json::from_str::<PgSchema>(&text) {
            return Ok(schema);
        }
    }
    let schema = replay(server, migrations, target, opts).await?;
    // A cache that cannot be written is only slower next time.
    if std::fs::create_dir_all(dir).is_ok() {
        if let Ok(text) = serde_json::to_string(&schema) {
            let tmp = path.with_extension(format!("tmp{}", std::process::id()));
            if std::fs::write(&tmp, text).is_ok() {
                let _ = std::fs::rename(&tmp, &path);
            }
        }
    }
    Ok(schema)
}

/// The server's major version (the inspector prints what the server prints).
async fn server_version(server: &Redacted) -> Result<i32> {
    let mut c = crate::conn::connect(server).await?;
    let v: i32 = sqlx::query_scalar("SELECT current_setting('server_version_num')::int / 10000")
        .fetch_one(&mut c)
        .await
        .map_err(|e| crate::migrate::history::db_error("read the server version", e))?;
    use sqlx::Connection;
    let _ = c.close().await;
    Ok(v)
}

fn cache_key(server_major: i32, migrations: &[Migration], target: UpTarget) -> String {
    let mut h = Sha256::new();
    // The build too (size and mtime of this binary): the inspector's output may change between
    // builds of one version, and a stale cache would hide or invent drift.
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
        .unwrap_or_default();
    h.update(format!("dbctl {} {build}\npg {server_major}\ntarget {target:?}\n", env!("CARGO_PKG_VERSION")));
    for m in migrations {
        h.update(format!("{} {} {}\n", m.version, m.forward.checksum, m.directives.no_transaction));
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>()[..32].to_string()
}

/// Applies `migrations` (up to `target`) on a scratch database of `server` and inspects it.
pub async fn replay(server: &Redacted, migrations: &[Migration], target: UpTarget, opts: &Options) -> Result<PgSchema> {
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
