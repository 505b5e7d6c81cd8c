//! Opening a MongoDB connection through the official driver, with short timeouts and errors
//! that say which server (password hidden) and what to check.
//!
//! The driver connects lazily, so [`connect`] sends a `ping` at once: an unreachable server is an
//! error after [`SELECTION_TIMEOUT`], never a hang, and bad credentials fail here rather than in
//! the middle of an apply.

use crate::error::{Error, Result};
use crate::redact::{redact_text, url_password, Redacted};
use mongodb::bson::doc;
use mongodb::error::ErrorKind;
use mongodb::options::ClientOptions;
use mongodb::{Client, Database};
use std::time::Duration;

/// How long the driver looks for a usable server before giving up.
pub const SELECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one TCP/TLS connection attempt may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Connects to `url`, checks that the server answers, and returns the database `name`.
pub async fn connect(url: &Redacted, name: &str) -> Result<Database> {
    let raw = url.expose();
    if raw.starts_with("mongodb+srv://") {
        return Err(Error::input(format!("{url}: mongodb+srv:// URLs are not supported by this build"))
            .with_hint("use the mongodb://host1:port,host2:port/... form with the hosts the SRV record names"));
    }
    if !raw.starts_with("mongodb://") {
        return Err(Error::input(format!("bad MongoDB URL {url}: it must start with mongodb://"))
            .with_hint("the form is mongodb://user:password@host:port/?authSource=admin"));
    }
    let mut opts = ClientOptions::parse(raw).await.map_err(|e| {
        Error::input(format!("bad MongoDB URL {url}: {}", scrub(url, &e.to_string())))
            .with_hint("the form is mongodb://user:password@host:port/?authSource=admin")
    })?;
    opts.server_selection_timeout =
        Some(opts.server_selection_timeout.unwrap_or(SELECTION_TIMEOUT).min(SELECTION_TIMEOUT));
    opts.connect_timeout = Some(opts.connect_timeout.unwrap_or(CONNECT_TIMEOUT).min(CONNECT_TIMEOUT));
    opts.app_name = Some("dbctl".into());
    let client = Client::with_options(opts).map_err(|e| connect_error(url, &e))?;
    let db = client.database(name);
    db.run_command(doc! {"ping": 1}).await.map_err(|e| connect_error(url, &e))?;
    Ok(db)
}

fn connect_error(url: &Redacted, e: &mongodb::error::Error) -> Error {
    let detail = scrub(url, &e.to_string());
    match e.kind.as_ref() {
        ErrorKind::Authentication { message, .. } => {
            Error::runtime(format!("cannot connect to {url}: authentication failed ({})", scrub(url, message)))
                .with_hint("check the user, password and authSource in the URL")
        }
        ErrorKind::Command(c) if c.code == 18 || c.code == 13 => {
            Error::runtime(format!("cannot connect to {url}: {} (code {})", scrub(url, &c.message), c.code))
                .with_hint("check the user, password and authSource in the URL, and the user's roles")
        }
        ErrorKind::ServerSelection { .. } => Error::runtime(format!(
            "cannot connect to {url}: no server answered within {}s",
            SELECTION_TIMEOUT.as_secs()
        ))
        .with_hint(
            "check that the server runs and the host and port are right (leave the URL empty in dbctl.yaml to use the sandbox)",
        ),
        _ => Error::runtime(format!("cannot connect to {url}: {detail}"))
            .with_hint("check that the server runs and the URL is right"),
    }
}

/// A server error on a command, with its code (e.g. 67 CannotCreateIndex).
pub fn command_error(what: &str, url: Option<&Redacted>, e: &mongodb::error::Error) -> Error {
    let text = match e.kind.as_ref() {
        ErrorKind::Command(c) => format!("{} (code {} {})", c.message, c.code, c.code_name),
        _ => e.to_string(),
    };
    let text = match url {
        Some(u) => scrub(u, &text),
        None => text,
    };
    let err = Error::runtime(format!("{what}: {text}"));
    match error_code(e) {
        // Unauthorized: `ping` needs no login, so a URL without credentials gets this far.
        Some(13) => err.with_hint(
            "the server requires a login with the right roles: put user:password@ (and ?authSource=...) in the URL",
        ),
        _ => err,
    }
}

/// The server's error code, if the error is a command error.
pub fn error_code(e: &mongodb::error::Error) -> Option<i32> {
    match e.kind.as_ref() {
        ErrorKind::Command(c) => Some(c.code),
        _ => None,
    }
}

fn scrub(url: &Redacted, text: &str) -> String {
    match url_password(url.expose()) {
        Some(pw) => redact_text(text, &[&pw]),
        None => text.to_string(),
    }
}

/// Does a server answer `ping` at `url` within half a second? (For waiting on a starting server.)
pub async fn ping_quick(url: &str) -> bool {
    let Ok(mut opts) = ClientOptions::parse(url).await else { return false };
    opts.server_selection_timeout = Some(Duration::from_millis(500));
    opts.connect_timeout = Some(Duration::from_millis(500));
    let Ok(client) = Client::with_options(opts) else { return false };
    let ok = client.database("admin").run_command(doc! {"ping": 1}).await.is_ok();
    client.shutdown().immediate(true).await;
    ok
}

/// What the server can build. SecantusDB, the Mongo-wire server the sandbox falls back to, marks
/// itself in `buildInfo` (`secantusVersion`) and has no text, hashed or wildcard indexes; a real
/// mongod (or an unknown server) is assumed to have everything.
#[derive(Debug, Clone, Default)]
pub struct Capabilities {
    /// The limited server, e.g. `SecantusDB 0.7.0b3`.
    pub limited: Option<String>,
}

impl Capabilities {
    /// Asks the server (one `buildInfo`); a server that does not answer it is taken as mongod.
    pub async fn of(db: &mongodb::Database) -> Capabilities {
        let info = db.client().database("admin").run_command(doc! {"buildInfo": 1}).await.ok();
        let secantus = info.as_ref().and_then(|d| d.get_str("secantusVersion").ok());
        Capabilities { limited: secantus.map(|v| format!("SecantusDB {v}")) }
    }

    /// Why this server cannot build `index`, if it cannot.
    pub fn cannot_build(&self, index: &super::model::Index) -> Option<String> {
        use super::model::{IndexKey, KeyKind};
        let server = self.limited.as_ref()?;
        let field = |f: &dyn Fn(&str, KeyKind) -> bool| {
            index.keys.iter().any(|k| matches!(k, IndexKey::Field { name, kind } if f(name, *kind)))
        };
        let kind = if index.text.is_some() || index.keys.contains(&IndexKey::Text) {
            "text"
        } else if field(&|_, k| k == KeyKind::Hashed) {
            "hashed"
        } else if field(&|n, _| n.contains("$**")) {
            "wildcard"
        } else {
            return None;
        };
        Some(format!("{server} has no {kind} indexes: not checked here; apply and check it on a real mongod"))
    }
}
