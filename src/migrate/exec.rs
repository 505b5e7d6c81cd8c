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

/// Runs a whole script inside `BEGIN`, followed by `trailer` (the history write and `COMMIT`),
/// as one message: one round trip per migration instead of one per statement plus four.
/// On an error the transaction is rolled back and the error is pinned to its statement: by the
/// server's position when it gives one, else by replaying the statements one by one in a
/// transaction that is rolled back too.
pub async fn run_script_in_transaction(conn: &mut PgConnection, script: &Script, trailer: &str) -> Result<(), Error> {
    const PREFIX: &str = "BEGIN;\n";
    // One round trip when the trailer can safely follow the script in the same message; a
    // script that ends inside a string or comment (a syntax error PostgreSQL will report) gets
    // its own message so the trailer can never become part of it.
    let together = split::ends_cleanly(&script.sql);
    let batch =
        if together { format!("{PREFIX}{}\n;\n{trailer}", script.sql) } else { format!("{PREFIX}{}", script.sql) };
    if let Err(e) = sqlx::raw_sql(&batch).execute(&mut *conn).await {
        let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
        let script_chars = PREFIX.len() + script.sql.chars().count();
        if together && is_past(&e, script_chars) {
            return Err(crate::migrate::history::db_error(&format!("record and commit {}", script.display), e));
        }
        return Err(locate(conn, script, e, PREFIX.len()).await);
    }
    if together {
        return Ok(());
    }
    if let Err(e) = sqlx::raw_sql(trailer).execute(&mut *conn).await {
        let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
        return Err(crate::migrate::history::db_error(&format!("record and commit {}", script.display), e));
    }
    Ok(())
}

/// True when the server's error position lies beyond `chars` characters of the batch (in the trailer).
fn is_past(e: &sqlx::Error, chars: usize) -> bool {
    match e {
        sqlx::Error::Database(db) => db
            .try_downcast_ref::<PgDatabaseError>()
            .and_then(|pg| match pg.position() {
                Some(PgErrorPosition::Original(pos)) => Some(pos > chars),
                _ => None,
            })
            .unwrap_or(false),
        _ => false,
    }
}

/// Turns a batch error into a statement error (see [`run_script_in_transaction`]).
async fn locate(conn: &mut PgConnection, script: &Script, e: sqlx::Error, prefix_chars: usize) -> Error {
    let statements = split::split(&script.sql);
    if let sqlx::Error::Database(db) = &e {
        if let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() {
            if let Some(PgErrorPosition::Original(pos)) = pg.position() {
                if pos > prefix_chars {
                    let byte = split::char_pos_to_byte(&script.sql, pos - prefix_chars);
                    if let Some(st) = statements.iter().rev().find(|st| st.offset <= byte) {
                        return error_at(script, st, e, Some(byte));
                    }
                }
            }
        }
    }
    if !matches!(e, sqlx::Error::Database(_)) {
        return statement_error(script, &Statement { sql: "", offset: 0 }, e);
    }
    // No position (a runtime error): find the statement by running them one at a time.
    if sqlx::raw_sql("BEGIN").execute(&mut *conn).await.is_ok() {
        let found = run_statements(conn, script, &statements, 0).await;
        let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
        if let Err(found) = found {
            return found.error;
        }
    }
    statement_error(script, &Statement { sql: "", offset: 0 }, e)
}

/// A text value as an SQL literal that means the same whatever `standard_conforming_strings` is.
pub fn literal(s: &str) -> String {
    format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

/// `file:line:col: SQLSTATE: message` plus detail, hint and the statement's first line.
pub fn statement_error(script: &Script, st: &Statement<'_>, e: sqlx::Error) -> Error {
    error_at(script, st, e, None)
}

/// Like [`statement_error`]; `at` is the error's byte offset in the script when already known
/// (a batch error's position is relative to the batch, not to the statement).
fn error_at(script: &Script, st: &Statement<'_>, e: sqlx::Error, at: Option<usize>) -> Error {
    let (mut line, mut col) = split::line_col(&script.sql, at.unwrap_or(st.offset));
    let sqlx::Error::Database(db) = &e else {
        return Error::runtime(format!("{}:{line}:{col}: {e}", script.display)).with_hint(
            "the connection failed while running this statement; check the server and run the command again",
        );
    };
    let mut msg;
    if let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() {
        if let (None, Some(PgErrorPosition::Original(pos))) = (at, pg.position()) {
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
