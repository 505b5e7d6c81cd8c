//! PostgreSQL backups through `pg_dump -Fd -j N` and restores through `pg_restore -j N`.
//!
//! The clients run under `tokio::process`. Connection details go to them as `PG*` environment
//! variables, the password as `PGPASSWORD`, never in argv (where `ps` shows it). Their stderr is
//! captured (at most 64 KiB is kept) and scrubbed of the password before it reaches a message.

use super::manifest::{self, Database, HistoryEntry, Manifest};
use crate::conn;
use crate::error::{io_error, Error, Result};
use crate::migrate::history::{self, db_error};
use crate::redact::{redact_text, url_password, Redacted};
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use sqlx::Connection;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use tokio::io::AsyncReadExt;

/// One database to back up.
pub struct Source {
    /// Its name in dbctl.yaml.
    pub name: String,
    pub url: Redacted,
}

/// The `PG*` variables that make a libpq client connect where `url` points.
pub fn client_env(url: &Redacted) -> Result<Vec<(&'static str, String)>> {
    let o = PgConnectOptions::from_str(url.expose())
        .map_err(|e| Error::input(format!("bad PostgreSQL URL {url}: {}", scrub(url, &e.to_string()))))?;
    let mut env = vec![
        ("PGHOST", o.get_socket().map(|p| p.display().to_string()).unwrap_or_else(|| o.get_host().to_string())),
        ("PGPORT", o.get_port().to_string()),
        ("PGUSER", o.get_username().to_string()),
        ("PGAPPNAME", "dbctl".to_string()),
        (
            "PGSSLMODE",
            match o.get_ssl_mode() {
                PgSslMode::Disable => "disable",
                PgSslMode::Allow => "allow",
                PgSslMode::Prefer => "prefer",
                PgSslMode::Require => "require",
                PgSslMode::VerifyCa => "verify-ca",
                PgSslMode::VerifyFull => "verify-full",
            }
            .to_string(),
        ),
    ];
    if let Some(db) = o.get_database() {
        env.push(("PGDATABASE", db.to_string()));
    }
    if let Some(pw) = password(url) {
        env.push(("PGPASSWORD", pw));
    }
    Ok(env)
}

/// The URL's password, percent-decoded (userinfo or `?password=`).
fn password(url: &Redacted) -> Option<String> {
    let raw = url_password(url.expose()).or_else(|| {
        let q = url.expose().split_once('?')?.1;
        q.split('&').find_map(|kv| {
            kv.split_once('=').filter(|(k, _)| k.eq_ignore_ascii_case("password")).map(|(_, v)| v.to_string())
        })
    })?;
    Some(percent_encoding::percent_decode_str(&raw).decode_utf8_lossy().into_owned())
}

fn scrub(url: &Redacted, text: &str) -> String {
    let mut secrets = Vec::new();
    if let Some(p) = url_password(url.expose()) {
        secrets.push(p);
    }
    if let Some(p) = password(url) {
        secrets.push(p);
    }
    let refs: Vec<&str> = secrets.iter().map(|s| s.as_str()).collect();
    redact_text(text, &refs)
}

/// Runs a PostgreSQL client program; on failure the error quotes its (scrubbed) stderr.
async fn run_client(program: &str, args: &[String], url: &Redacted, what: &str) -> Result<()> {
    let bin = crate::sandbox::process::find_pg_binary(program)?;
    let mut cmd = tokio::process::Command::new(&bin);
    cmd.args(args).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null());
    cmd.stderr(std::process::Stdio::piped()).kill_on_drop(true);
    for v in ["PGSERVICE", "PGSERVICEFILE", "PGOPTIONS", "PGTARGETSESSIONATTRS", "PGHOSTADDR"] {
        cmd.env_remove(v);
    }
    for (k, v) in client_env(url)? {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().map_err(|e| Error::runtime(format!("cannot run {}: {e}", bin.display())))?;
    let mut stderr = Vec::new();
    if let Some(mut s) = child.stderr.take() {
        // Read it all (so the child never blocks on a full pipe) but keep only the start.
        let mut buf = [0u8; 8192];
        loop {
            let n = s.read(&mut buf).await.map_err(|e| Error::runtime(format!("reading {program} output: {e}")))?;
            if n == 0 {
                break;
            }
            if stderr.len() < 64 * 1024 {
                stderr.extend_from_slice(&buf[..n]);
            }
        }
    }
    let status = child.wait().await.map_err(|e| Error::runtime(format!("waiting for {program}: {e}")))?;
    if !status.success() {
        let text = scrub(url, String::from_utf8_lossy(&stderr).trim());
        return Err(Error::runtime(format!("{what}: {program} failed ({status}):\n{text}"))
            .with_hint("the message above is PostgreSQL's; fix the cause and run the command again"));
    }
    Ok(())
}

/// `pg_dump --version`.
pub async fn pg_dump_version() -> Result<String> {
    let bin = crate::sandbox::process::find_pg_binary("pg_dump")?;
    let out = tokio::process::Command::new(&bin)
        .arg("--version")
        .output()
        .await
        .map_err(|e| Error::runtime(format!("cannot run {}: {e}", bin.display())))?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Dumps one database into `<backup>/postgres/<name>/` and returns its manifest entry.
pub async fn dump(backup_dir: &Path, src: &Source, jobs: usize) -> Result<Database> {
    let mut c = conn::connect(&src.url).await?;
    let (database, owner, server_version): (String, String, String) = sqlx::query_as(
        "SELECT current_database()::text, pg_get_userbyid(d.datdba)::text, current_setting('server_version') \
         FROM pg_database d WHERE d.datname = current_database()",
    )
    .fetch_one(&mut c)
    .await
    .map_err(|e| db_error("read the server version", e))?;
    let rows = history::list(&mut c).await?;
    let _ = c.close().await;
    let rel = format!("postgres/{}", src.name);
    let out = backup_dir.join(&rel);
    if let Some(parent) = out.parent() {
        super::private_dir(parent)?;
    }
    let args = vec![
        "--format=directory".to_string(),
        format!("--jobs={}", jobs.max(1)),
        "--no-password".to_string(),
        format!("--file={}", out.display()),
    ];
    run_client("pg_dump", &args, &src.url, &format!("backup of {database}")).await?;
    Ok(Database {
        name: src.name.clone(),
        database,
        owner,
        server_version,
        migration_version: rows.iter().filter(|r| r.success).map(|r| r.version).max(),
        history: rows
            .iter()
            .map(|r| HistoryEntry { version: r.version, checksum: r.checksum.clone(), success: r.success })
            .collect(),
        dump: rel,
    })
}

/// The project's other stores to back up with its PostgreSQL databases.
#[derive(Default)]
pub struct Others {
    /// URL and database name.
    pub mongo: Option<(Redacted, String)>,
    /// URL and the conventions whose keys are backed up.
    pub redis: Option<(Redacted, crate::redis::spec::Spec)>,
}

/// Takes a backup of `sources` (and `others`) into `<project_dir>/<ID>/`; returns its manifest
/// and directory. `on_db` is told each part as it starts (`main`, `mongo`, `redis`).
pub async fn create(
    project_dir: &Path,
    project: &str,
    sources: &[Source],
    others: &Others,
    jobs: usize,
    on_db: &mut dyn FnMut(&str),
) -> Result<(Manifest, PathBuf)> {
    super::private_dir(project_dir)?;
    // One backup per second: if this second's ID is taken, wait for the next.
    let mut secs = super::now_secs();
    while project_dir.join(super::id_for(secs)).exists()
        || project_dir.join(format!(".{}.partial", super::id_for(secs))).exists()
    {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        secs = super::now_secs().max(secs);
    }
    let id = super::id_for(secs);
    let partial = project_dir.join(format!(".{id}.partial"));
    super::private_dir(&partial)?;
    let result = async {
        let mut databases = Vec::new();
        for s in sources {
            on_db(&s.name);
            databases.push(dump(&partial, s, jobs).await?);
        }
        let mut mongo = None;
        if let Some((url, database)) = &others.mongo {
            on_db("mongo");
            mongo = Some(super::mongo::dump(&partial, url, database).await?);
        }
        let mut redis = None;
        if let Some((url, spec)) = &others.redis {
            on_db("redis");
            let mut r = crate::redis::client::Redis::connect(url).await?;
            redis = Some(super::redis::dump(&partial, &mut r, spec).await?);
        }
        let rel = super::files_under(&partial, true)?;
        let files = super::hash_files(&partial, rel, jobs).await?;
        let m = Manifest {
            format: manifest::FORMAT,
            id: id.clone(),
            project: project.to_string(),
            created_at: super::rfc3339(secs),
            dbctl_version: env!("CARGO_PKG_VERSION").to_string(),
            pg_dump_version: if sources.is_empty() { String::new() } else { pg_dump_version().await? },
            databases,
            mongo,
            redis,
            files,
        };
        let path = partial.join(manifest::FILE);
        let text =
            serde_json::to_string_pretty(&m).map_err(|e| Error::runtime(format!("cannot encode manifest: {e}")))?;
        write_private(&path, text.as_bytes())?;
        let done = project_dir.join(&id);
        std::fs::rename(&partial, &done).map_err(|e| io_error("cannot move the finished backup to", &done, e))?;
        Ok::<_, Error>((m, done))
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
    }
    result
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = super::create_private(path)?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| io_error("cannot write", path, e))
}

/// What a restore did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Restored {
    pub name: String,
    pub database: String,
    pub replaced: bool,
    /// Differences between the restored migration history and the manifest's (empty: it matches).
    pub history_mismatches: Vec<String>,
    pub migration_version: Option<i64>,
}

/// The default target name: `<database>_restored_<ID>`.
pub fn default_target(db: &Database, id: &str) -> String {
    format!("{}_restored_{id}", db.database)
}

/// Does `database` exist, and does it hold anything (tables, views, sequences, functions…)?
async fn target_state(admin: &Redacted, database: &str) -> Result<Option<bool>> {
    let mut c = conn::connect(admin).await?;
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(database)
        .fetch_optional(&mut c)
        .await
        .map_err(|e| db_error("list databases", e))?;
    let _ = c.close().await;
    if exists.is_none() {
        return Ok(None);
    }
    let mut t = conn::connect(&Redacted::new(conn::database_url(admin.expose(), database))).await?;
    let used: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%') \
             OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
                        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))",
    )
    .fetch_one(&mut t)
    .await
    .map_err(|e| db_error(&format!("inspect database {database}"), e))?;
    let _ = t.close().await;
    Ok(Some(used))
}

/// Restores one database of a backup into `target` on the server behind `admin`.
pub async fn restore(
    backup_dir: &Path,
    m: &Manifest,
    db: &Database,
    admin: &Redacted,
    target: &str,
    yes: bool,
    jobs: usize,
) -> Result<Restored> {
    if target.len() > 63 {
        return Err(Error::input(format!("database name {target:?} is longer than PostgreSQL's 63 bytes"))
            .with_hint("pass a shorter name with --to-database NAME"));
    }
    let state = target_state(admin, target).await?;
    if state == Some(true) && !yes {
        return Err(Error::input(format!("database {target:?} exists and is not empty; refusing to restore over it"))
            .with_hint("pass --yes to replace it (it is dropped and re-created), or --to-database NEW_NAME"));
    }
    let replaced = state.is_some();
    let mut c = conn::connect(admin).await?;
    if state == Some(true) {
        let sql = format!("DROP DATABASE {} WITH (FORCE)", conn::quote_ident(target));
        sqlx::raw_sql(&sql).execute(&mut c).await.map_err(|e| db_error(&format!("drop database {target}"), e))?;
    }
    if state != Some(false) {
        // template0: the dump re-creates everything, template1's extras would collide.
        let owner_exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
            .bind(&db.owner)
            .fetch_one(&mut c)
            .await
            .map_err(|e| db_error("list roles", e))?;
        let owner = if owner_exists { format!(" OWNER {}", conn::quote_ident(&db.owner)) } else { String::new() };
        let sql = format!("CREATE DATABASE {} TEMPLATE template0{owner}", conn::quote_ident(target));
        sqlx::raw_sql(&sql).execute(&mut c).await.map_err(|e| db_error(&format!("create database {target}"), e))?;
    }
    let _ = c.close().await;
    let url = Redacted::new(conn::database_url(admin.expose(), target));
    let args = vec![
        "--format=directory".to_string(),
        format!("--jobs={}", jobs.max(1)),
        "--no-password".to_string(),
        "--exit-on-error".to_string(),
        format!("--dbname={}", target_conninfo(target)),
        backup_dir.join(&db.dump).display().to_string(),
    ];
    run_client("pg_restore", &args, &url, &format!("restore of {} ({}) into {target}", db.name, m.id)).await?;
    let mut t = conn::connect(&url).await?;
    let rows = history::list(&mut t).await?;
    let _ = t.close().await;
    let got: Vec<HistoryEntry> = rows
        .iter()
        .map(|r| HistoryEntry { version: r.version, checksum: r.checksum.clone(), success: r.success })
        .collect();
    Ok(Restored {
        name: db.name.clone(),
        database: target.to_string(),
        replaced,
        history_mismatches: compare_history(&db.history, &got),
        migration_version: rows.iter().filter(|r| r.success).map(|r| r.version).max(),
    })
}

/// A libpq conninfo naming only the database (quoted), so any name works; the rest comes from PG*.
fn target_conninfo(db: &str) -> String {
    format!("dbname='{}'", db.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Differences between two migration histories, one line each.
pub fn compare_history(want: &[HistoryEntry], got: &[HistoryEntry]) -> Vec<String> {
    let mut out = Vec::new();
    for w in want {
        match got.iter().find(|g| g.version == w.version) {
            None => out.push(format!("V{} is in the manifest but not in the restored history", w.version)),
            Some(g) if g.checksum != w.checksum || g.success != w.success => {
                out.push(format!("V{} differs (checksum or state) from the manifest", w.version))
            }
            Some(_) => {}
        }
    }
    for g in got {
        if !want.iter().any(|w| w.version == g.version) {
            out.push(format!("V{} is in the restored history but not in the manifest", g.version));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_carries_the_password_not_argv() {
        let env =
            client_env(&Redacted::new("postgres://app:p%40ss%20w@db.example:6543/my%20db?sslmode=require")).unwrap();
        let get = |k: &str| env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
        assert_eq!(get("PGHOST").as_deref(), Some("db.example"));
        assert_eq!(get("PGPORT").as_deref(), Some("6543"));
        assert_eq!(get("PGUSER").as_deref(), Some("app"));
        assert_eq!(get("PGDATABASE").as_deref(), Some("my db"));
        assert_eq!(get("PGPASSWORD").as_deref(), Some("p@ss w"));
        assert_eq!(get("PGSSLMODE").as_deref(), Some("require"));
    }

    #[test]
    fn history_comparison_names_versions() {
        let h = |v, c: &str| HistoryEntry { version: v, checksum: c.into(), success: true };
        assert!(compare_history(&[h(1, "a")], &[h(1, "a")]).is_empty());
        let d = compare_history(&[h(1, "a"), h(2, "b")], &[h(1, "x"), h(3, "c")]);
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d[0].starts_with("V1 differs"));
        assert_eq!(target_conninfo("a'b c"), "dbname='a\\'b c'");
    }
}
