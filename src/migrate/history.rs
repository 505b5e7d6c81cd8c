//! `dbctl.schema_history`: what has been applied to a database.
//!
//! A no-transaction migration gets its row *before* it runs (success = false, error = "running"),
//! so a crash leaves a visible failed entry; `statements_done` lets `up` resume after `repair`
//! at the first statement that did not complete.

use crate::error::{Error, Result};
use sqlx::{PgConnection, Row};

pub const SCHEMA: &str = "dbctl";

const CREATE: &str = r#"
CREATE SCHEMA IF NOT EXISTS dbctl;
CREATE TABLE IF NOT EXISTS dbctl.schema_history (
    version         bigint PRIMARY KEY,
    description     text        NOT NULL,
    phase           integer     NOT NULL,
    script          text        NOT NULL,
    checksum        text        NOT NULL,
    applied_at      timestamptz NOT NULL DEFAULT now(),
    applied_by      text        NOT NULL DEFAULT current_user,
    execution_ms    bigint      NOT NULL DEFAULT 0,
    success         boolean     NOT NULL,
    statements_done integer     NOT NULL DEFAULT 0,
    error           text
);
COMMENT ON TABLE dbctl.schema_history IS 'Migrations applied by dbctl; edit only through dbctl migrate repair';
"#;

/// One history row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub version: i64,
    pub description: String,
    pub phase: i32,
    pub script: String,
    pub checksum: String,
    pub applied_at: String,
    pub applied_by: String,
    pub execution_ms: i64,
    pub success: bool,
    pub statements_done: i32,
    pub error: Option<String>,
}

/// Creates the history table if it is missing. Call with the migration lock held.
pub async fn ensure(conn: &mut PgConnection) -> Result<()> {
    sqlx::raw_sql(CREATE).execute(&mut *conn).await.map_err(|e| db_error("create dbctl.schema_history", e))?;
    Ok(())
}

/// True when the history table exists (read-only commands must not create it).
pub async fn exists(conn: &mut PgConnection) -> Result<bool> {
    let r: Option<String> = sqlx::query_scalar("SELECT to_regclass('dbctl.schema_history')::text")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| db_error("read dbctl.schema_history", e))?;
    Ok(r.is_some())
}

/// Every row, by version; empty when the table does not exist. One round trip: the query is
/// simply tried, and "no such table/schema" means no history yet. The server neither sorts nor
/// formats (that halves the query's cost on a fresh connection, where `status` spends it).
pub async fn list(conn: &mut PgConnection) -> Result<Vec<HistoryRow>> {
    let rows = match sqlx::query(
        "SELECT version, description, phase, script, checksum, \
         floor(extract(epoch FROM applied_at))::int8 AS applied_epoch, \
         applied_by, execution_ms, success, statements_done, error \
         FROM dbctl.schema_history",
    )
    .fetch_all(&mut *conn)
    .await
    {
        Ok(rows) => rows,
        Err(sqlx::Error::Database(d)) if matches!(d.code().as_deref(), Some("42P01") | Some("3F000")) => {
            return Ok(Vec::new())
        }
        Err(e) => return Err(db_error("read dbctl.schema_history", e)),
    };
    let mut out = rows
        .iter()
        .map(|r| {
            Ok(HistoryRow {
                version: r.try_get("version")?,
                description: r.try_get("description")?,
                phase: r.try_get("phase")?,
                script: r.try_get("script")?,
                checksum: r.try_get("checksum")?,
                applied_at: utc_timestamp(r.try_get("applied_epoch")?),
                applied_by: r.try_get("applied_by")?,
                execution_ms: r.try_get("execution_ms")?,
                success: r.try_get("success")?,
                statements_done: r.try_get("statements_done")?,
                error: r.try_get("error")?,
            })
        })
        .collect::<std::result::Result<Vec<_>, sqlx::Error>>()
        .map_err(|e| db_error("decode dbctl.schema_history", e))?;
    out.sort_by_key(|r| r.version);
    Ok(out)
}

/// Seconds since the epoch as `2026-12-01T18:37:07Z`.
pub fn utc_timestamp(secs: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => format!("@{secs}"),
    }
}

/// What to write for a migration.
pub struct NewRow<'a> {
    pub version: i64,
    pub description: &'a str,
    pub phase: i32,
    pub script: &'a str,
    pub checksum: &'a str,
}

pub async fn insert(
    conn: &mut PgConnection,
    r: &NewRow<'_>,
    success: bool,
    ms: i64,
    error: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO dbctl.schema_history (version, description, phase, script, checksum, execution_ms, success, error) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.version)
    .bind(r.description)
    .bind(r.phase)
    .bind(r.script)
    .bind(r.checksum)
    .bind(ms)
    .bind(success)
    .bind(error)
    .execute(&mut *conn)
    .await
    .map_err(|e| db_error("record the migration in dbctl.schema_history", e))?;
    Ok(())
}

/// Records progress of a no-transaction migration.
pub async fn update_progress(
    conn: &mut PgConnection,
    version: i64,
    done: i32,
    success: bool,
    ms: i64,
    error: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "UPDATE dbctl.schema_history SET statements_done = $2, success = $3, execution_ms = $4, error = $5, applied_at = now() WHERE version = $1",
    )
    .bind(version)
    .bind(done)
    .bind(success)
    .bind(ms)
    .bind(error)
    .execute(&mut *conn)
    .await
    .map_err(|e| db_error("update dbctl.schema_history", e))?;
    Ok(())
}

pub async fn delete(conn: &mut PgConnection, version: i64) -> Result<()> {
    sqlx::query("DELETE FROM dbctl.schema_history WHERE version = $1")
        .bind(version)
        .execute(&mut *conn)
        .await
        .map_err(|e| db_error("delete from dbctl.schema_history", e))?;
    Ok(())
}

/// `repair`: accept the current file's checksum, and clear a failure so `up` resumes it.
pub async fn repair(conn: &mut PgConnection, version: i64, checksum: &str, clear_failure: bool) -> Result<()> {
    sqlx::query(
        "UPDATE dbctl.schema_history SET checksum = $2, error = CASE WHEN $3 THEN NULL ELSE error END WHERE version = $1",
    )
    .bind(version)
    .bind(checksum)
    .bind(clear_failure)
    .execute(&mut *conn)
    .await
    .map_err(|e| db_error("repair dbctl.schema_history", e))?;
    Ok(())
}

/// A refinery-managed database: its applied versions, to become dbctl's baseline.
pub async fn refinery_versions(conn: &mut PgConnection) -> Result<Vec<(i64, String, String)>> {
    let present: Option<String> = sqlx::query_scalar("SELECT to_regclass('refinery_schema_history')::text")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| db_error("look for refinery_schema_history", e))?;
    if present.is_none() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query("SELECT version::bigint AS version, name, coalesce(applied_on, '') AS applied_on FROM refinery_schema_history ORDER BY version")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| db_error("read refinery_schema_history", e))?;
    rows.iter()
        .map(|r| Ok((r.try_get("version")?, r.try_get("name")?, r.try_get("applied_on")?)))
        .collect::<std::result::Result<Vec<_>, sqlx::Error>>()
        .map_err(|e| db_error("decode refinery_schema_history", e))
}

/// A database error while doing `action`, as a runtime error with the server's code.
pub fn db_error(action: &str, e: sqlx::Error) -> Error {
    match &e {
        sqlx::Error::Database(d) => {
            let code = d.code().map(|c| format!(" (SQLSTATE {c})")).unwrap_or_default();
            Error::runtime(format!("cannot {action}: {}{code}", d.message()))
        }
        other => Error::runtime(format!("cannot {action}: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_in_utc() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_timestamp(1_796_150_227), "2026-12-01T18:37:07Z");
        assert_eq!(utc_timestamp(-1), "1969-12-31T23:59:59Z");
    }
}
