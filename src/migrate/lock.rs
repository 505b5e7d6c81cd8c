//! The migration lock: a session-level advisory lock per database.
//!
//! We poll `pg_try_advisory_lock` instead of blocking in `pg_advisory_lock`: a session blocked in
//! that call keeps a snapshot open, and a `CREATE INDEX CONCURRENTLY` run by the holder then waits
//! for that snapshot forever (a deadlock the server cannot see). Each poll is its own short
//! statement, so the waiter never holds a snapshot for long.

use super::history::db_error;
use crate::error::{Error, Result};
use sqlx::PgConnection;
use std::time::{Duration, Instant};

/// The lock key: "dbctl" in ASCII. Advisory locks are per database, so one key serves all.
pub const KEY: i64 = 0x0064_6263_746c;

/// Waits up to `timeout` for the lock. `on_wait` is called once, with the holder's pid, if we
/// have to wait.
pub async fn acquire(conn: &mut PgConnection, timeout: Duration, on_wait: &mut dyn FnMut(Option<i32>)) -> Result<()> {
    let start = Instant::now();
    let mut told = false;
    let mut delay = Duration::from_millis(20);
    loop {
        let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(KEY)
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| db_error("take the migration lock", e))?;
        if got {
            return Ok(());
        }
        if !told {
            told = true;
            on_wait(holder(conn).await);
        }
        if start.elapsed() >= timeout {
            let who = holder(conn).await.map(|p| format!(" (held by server process {p})")).unwrap_or_default();
            return Err(Error::runtime(format!("timed out after {:?} waiting for the migration lock{who}", timeout))
                .with_hint("another dbctl is migrating this database; wait for it, or raise --lock-timeout"));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_millis(250));
    }
}

/// The server pid holding the lock, if any.
pub async fn holder(conn: &mut PgConnection) -> Option<i32> {
    sqlx::query_scalar(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = \
         (SELECT oid FROM pg_database WHERE datname = current_database()) \
         AND classid = ($1 >> 32)::int::oid AND objid = ($1 & 4294967295)::oid AND objsubid = 1 LIMIT 1",
    )
    .bind(KEY)
    .fetch_optional(&mut *conn)
    .await
    .ok()
    .flatten()
}

pub async fn release(conn: &mut PgConnection) -> Result<()> {
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(KEY)
        .execute(&mut *conn)
        .await
        .map_err(|e| db_error("release the migration lock", e))?;
    Ok(())
}
