//! Scratch databases: uniquely named, created on a development server (the sandbox, or
//! `--dev-url`), and always dropped afterwards. `verify`, `drift --against migrations` and the
//! documented-schema reader replay SQL into them and inspect the result.

use crate::conn;
use crate::error::Result;
use crate::redact::Redacted;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static SEQ: AtomicU32 = AtomicU32::new(0);

/// A scratch database that exists until [`Scratch::drop_now`].
pub struct Scratch {
    admin_url: String,
    pub name: String,
    pub url: Redacted,
}

impl Scratch {
    /// Creates an empty database on the server of `server_url` (any database on it).
    pub async fn create(server_url: &Redacted, purpose: &str) -> Result<Scratch> {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name =
            format!("dbctl_scratch_{purpose}_{}_{}_{nanos:x}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed));
        let admin_url = server_url.expose().to_string();
        conn::ensure_database(&admin_url, &name).await?;
        let url = Redacted::new(conn::with_database(&admin_url, &name));
        Ok(Scratch { admin_url, name, url })
    }

    /// Drops the database (terminating any session left on it).
    pub async fn drop_now(self) -> Result<()> {
        conn::drop_database(&self.admin_url, &self.name).await
    }
}

/// Runs `f` with a fresh scratch database, dropping it whatever `f` returns.
pub async fn with_scratch<T, F, Fut>(server_url: &Redacted, purpose: &str, f: F) -> Result<T>
where
    F: FnOnce(Redacted) -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let scratch = Scratch::create(server_url, purpose).await?;
    let result = f(scratch.url.clone()).await;
    let dropped = scratch.drop_now().await;
    let value = result?;
    dropped?;
    Ok(value)
}
