//! Opening PostgreSQL connections: a connect timeout, `application_name`, and errors that say
//! which server (password hidden) and what to check.

use crate::error::{Error, Result};
use crate::migrate::history::db_error;
use crate::redact::{redact_text, url_password, Redacted};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};
use std::str::FromStr;
use std::time::Duration;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Connects to `url`, or explains why not.
pub async fn connect(url: &Redacted) -> Result<PgConnection> {
    let opts = PgConnectOptions::from_str(url.expose())
        .map_err(|e| {
            Error::input(format!("bad PostgreSQL URL {url}: {}", scrub(url, &e.to_string())))
                .with_hint("the form is postgres://user:password@host:port/database")
        })?
        .application_name("dbctl");
    match tokio::time::timeout(CONNECT_TIMEOUT, opts.connect()).await {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(Error::runtime(format!("cannot connect to {url}: {}", scrub(url, &describe(&e)))).with_hint(
            "check that the server runs and the URL is right (leave the URL empty in dbctl.yaml to use the sandbox)",
        )),
        Err(_) => {
            Err(Error::runtime(format!("cannot connect to {url}: no answer within {}s", CONNECT_TIMEOUT.as_secs()))
                .with_hint("check the host and port, and any firewall in between"))
        }
    }
}

fn describe(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(d) => {
            let code = d.code().map(|c| format!(" (SQLSTATE {c})")).unwrap_or_default();
            format!("{}{code}", d.message())
        }
        other => other.to_string(),
    }
}

fn scrub(url: &Redacted, text: &str) -> String {
    match url_password(url.expose()) {
        Some(pw) => redact_text(text, &[&pw]),
        None => text.to_string(),
    }
}

/// Creates database `name` on the server at `admin_url` if it does not exist.
pub async fn ensure_database(admin_url: &str, name: &str) -> Result<()> {
    let url = Redacted::new(admin_url);
    let mut c = connect(&url).await?;
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&mut c)
        .await
        .map_err(|e| db_error("list databases", e))?;
    if exists.is_none() {
        let sql = format!("CREATE DATABASE {}", quote_ident(name));
        if let Err(e) = sqlx::raw_sql(&sql).execute(&mut c).await {
            // Another dbctl may have created it at the same moment.
            let dup = matches!(&e, sqlx::Error::Database(d) if d.code().as_deref() == Some("42P04") || d.code().as_deref() == Some("23505"));
            if !dup {
                return Err(db_error(&format!("create database {name}"), e));
            }
        }
    }
    let _ = c.close().await;
    Ok(())
}

/// Drops database `name` (used for scratch databases), terminating leftover sessions.
pub async fn drop_database(admin_url: &str, name: &str) -> Result<()> {
    let mut c = connect(&Redacted::new(admin_url)).await?;
    let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(name));
    sqlx::raw_sql(&sql).execute(&mut c).await.map_err(|e| db_error(&format!("drop database {name}"), e))?;
    let _ = c.close().await;
    Ok(())
}

/// Quotes an SQL identifier: `a"b` → `"a""b"`.
pub fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The URL with its database replaced.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.find('?') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    format!("{base}/{db}{query}")
}

/// Characters escaped in a database name placed into a URL path.
const DB_NAME: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'?')
    .add(b'\'')
    .add(b'@')
    .add(b':')
    .add(b'&')
    .add(b'=')
    .add(b'+')
    .add(b'\\')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// The URL with its database replaced by `db`, percent-encoded (a name with spaces or quotes works).
pub fn database_url(url: &str, db: &str) -> String {
    with_database(url, &percent_encoding::utf8_percent_encode(db, DB_NAME).to_string())
}

/// The database a URL names (decoded), if any.
pub fn database_of(url: &Redacted) -> Result<String> {
    let opts = PgConnectOptions::from_str(url.expose())
        .map_err(|e| Error::input(format!("bad PostgreSQL URL {url}: {}", scrub(url, &e.to_string()))))?;
    opts.get_database()
        .filter(|d| !d.is_empty())
        .map(String::from)
        .ok_or_else(|| Error::input(format!("the URL {url} names no database")).with_hint("end it with /DATABASE"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_identifiers() {
        assert_eq!(quote_ident("plain"), "\"plain\"");
        assert_eq!(quote_ident("a\"; drop"), "\"a\"\"; drop\"");
    }

    #[test]
    fn replaces_the_database() {
        assert_eq!(with_database("postgres://u:p@h:1/db?sslmode=disable", "x"), "postgres://u:p@h:1/x?sslmode=disable");
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
        let u = database_url("postgres://u@h:1/db", "we\"ird db");
        assert_eq!(u, "postgres://u@h:1/we%22ird%20db");
        assert_eq!(database_of(&Redacted::new(u)).unwrap(), "we\"ird db");
    }
}
