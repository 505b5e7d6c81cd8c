//! Runs a script statement by statement, and turns a server error into a message that points at
//! the file, line and column (from the server's error position), with SQLSTATE, detail and hint.

use super::file::Script;
use super::split::{self, Statement};
use crate::error::Error;
use sqlx::postgres::{PgDatabaseError, PgErrorPosition};
use sqlx::PgConnection;

/// A failed statement.
#[derive(Debug)]
pub struct StatementError {
    /// Index of the failing statement.
    pub index: usize,
    pub error: Error,
}

/// Runs `statements[from..]` of `script`. `after_each(i)` is called after statement `i` succeeds.
pub async fn run_statements(
    conn: &mut PgConnection,
    script: &Script,
    statements: &[Statement<'_>],
    from: usize,
) -> Result<(), StatementError> {
    for (i, st) in statements.iter().enumerate().skip(from) {
        if let Err(e) = sqlx::raw_sql(st.sql).execute(&mut *conn).await {
            return Err(StatementError { index: i, error: statement_error(script, st, e) });
        }
    }
    Ok(())
}

/// Runs one no-transaction statement (the caller records progress between statements).
pub async fn run_one(conn: &mut PgConnection, script: &Script, st: &Statement<'_>) -> Result<(), Error> {
    sqlx::raw_sql(st.sql).execute(&mut *conn).await.map(|_| ()).map_err(|e| statement_error(script, st, e))
}

/// `file:line:col: SQLSTATE: message` plus detail, hint and the statement's first line.
pub fn statement_error(script: &Script, st: &Statement<'_>, e: sqlx::Error) -> Error {
    let (mut line, mut col) = split::line_col(&script.sql, st.offset);
    let sqlx::Error::Database(db) = &e else {
        return Error::runtime(format!("{}:{line}:{col}: {e}", script.display)).with_hint(
            "the connection failed while running this statement; check the server and run the command again",
        );
    };
    let mut msg;
    if let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() {
        if let Some(PgErrorPosition::Original(pos)) = pg.position() {
            let byte = st.offset + split::char_pos_to_byte(st.sql, pos);
            (line, col) = split::line_col(&script.sql, byte);
        }
        msg = format!("{}:{line}:{col}: SQL error {}: {}", script.display, pg.code(), pg.message());
        if let Some(d) = pg.detail() {
            msg.push_str(&format!("\n  detail: {d}"));
        }
        if let Some(w) = pg.r#where() {
            msg.push_str(&format!("\n  where: {}", w.lines().next().unwrap_or(w)));
        }
        let first = st.sql.lines().next().unwrap_or("");
        msg.push_str(&format!("\n  statement: {first}{}", if st.sql.contains('\n') { " ..." } else { "" }));
        if let Some(h) = pg.hint() {
            msg.push_str(&format!("\n  server hint: {h}"));
        }
    } else {
        msg = format!("{}:{line}:{col}: {}", script.display, db.message());
    }
    Error::runtime(msg)
}
