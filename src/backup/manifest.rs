//! `manifest.json`: what a backup holds and how to check it (sizes and sha256 of every file),
//! plus what is needed to judge a restore (server versions, migration history per database).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE: &str = "manifest.json";
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Manifest format version (this is 1).
    pub format: u32,
    /// The backup's ID: its UTC creation time, `YYYYMMDDTHHMMSSZ`.
    pub id: String,
    pub project: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub dbctl_version: String,
    /// `pg_dump --version` of the client that took it.
    pub pg_dump_version: String,
    pub databases: Vec<Database>,
    /// The project's MongoDB database, when it has one (absent in Postgres-only backups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mongo: Option<MongoPart>,
    /// The project's Redis keys of the documented conventions, when it has Redis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redis: Option<RedisPart>,
    /// Every file of the backup except this manifest, sorted by path.
    pub files: Vec<FileEntry>,
}

/// The MongoDB part: one `<collection>.meta.json` (options, validator, indexes) and one
/// `<collection>.jsonl` (canonical Extended JSON, one document a line) per collection.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MongoPart {
    /// The database's name on the server.
    pub database: String,
    /// `buildInfo.version`.
    pub server_version: String,
    pub collections: Vec<MongoCollection>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MongoCollection {
    pub name: String,
    /// Relative paths of the two files.
    pub meta: String,
    pub data: String,
    pub documents: u64,
    /// Indexes besides `_id_`.
    pub indexes: usize,
}

/// The Redis part: `redis/keys.jsonl`, one `{"key", "pttl", "dump"}` line per key (base64).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RedisPart {
    /// `INFO server` `redis_version` (of the first master).
    pub server_version: String,
    pub cluster: bool,
    /// The masters scanned.
    pub nodes: usize,
    pub keys: u64,
    pub file: String,
}

/// One PostgreSQL database in the backup.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Database {
    /// The database's name in dbctl.yaml (`primary`).
    pub name: String,
    /// Its name on the server (`omnifin_primary`).
    pub database: String,
    /// The owner role on the server, so a restore can give the new database the same owner.
    pub owner: String,
    pub server_version: String,
    /// The highest successfully applied migration version, if any.
    pub migration_version: Option<i64>,
    /// `dbctl.schema_history` at backup time.
    pub history: Vec<HistoryEntry>,
    /// The dump directory (pg_dump directory format), relative to the backup directory.
    pub dump: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct HistoryEntry {
    pub version: i64,
    pub checksum: String,
    pub success: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    /// Relative to the backup directory, `/`-separated.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl Manifest {
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// Reads and checks `<dir>/manifest.json`.
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(FILE);
        let text =
            std::fs::read_to_string(&path).map_err(|e| Error::input(format!("cannot read {}: {e}", path.display())))?;
        let m: Manifest = serde_json::from_str(&text).map_err(|e| {
            Error::input(format!("{}:{}:{}: not a dbctl backup manifest: {e}", path.display(), e.line(), e.column()))
        })?;
        if m.format != FORMAT {
            return Err(Error::input(format!(
                "{}: manifest format {} is not supported by this dbctl (it reads format {FORMAT})",
                path.display(),
                m.format
            ))
            .with_hint("use the dbctl version that took the backup"));
        }
        for f in &m.files {
            if !safe_relative(&f.path) {
                return Err(Error::input(format!(
                    "{}: file path {:?} leaves the backup directory",
                    path.display(),
                    f.path
                )));
            }
        }
        let part_paths = m
            .mongo
            .iter()
            .flat_map(|mp| mp.collections.iter().flat_map(|c| [&c.meta, &c.data]))
            .chain(m.redis.iter().map(|r| &r.file));
        for p in part_paths {
            if !safe_relative(p) {
                return Err(Error::input(format!("{}: path {p:?} leaves the backup directory", path.display())));
            }
        }
        for d in &m.databases {
            if !safe_relative(&d.dump) {
                return Err(Error::input(format!(
                    "{}: dump path {:?} leaves the backup directory",
                    path.display(),
                    d.dump
                )));
            }
        }
        Ok(m)
    }
}

/// A relative path that stays inside its base (no `..`, not absolute).
pub fn safe_relative(p: &str) -> bool {
    !p.is_empty() && !p.starts_with('/') && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        assert!(safe_relative("postgres/main/toc.dat"));
        assert!(!safe_relative("../x"));
        assert!(!safe_relative("/etc/passwd"));
        assert!(!safe_relative("a//b"));
    }

    #[test]
    fn round_trips_through_json() {
        let m = Manifest {
            format: FORMAT,
            id: "20240102T030405Z".into(),
            project: "p".into(),
            created_at: "2024-01-02T03:04:05Z".into(),
            dbctl_version: "0.1.0".into(),
            pg_dump_version: "pg_dump (PostgreSQL) 15.8".into(),
            databases: vec![Database {
                name: "main".into(),
                database: "p_main".into(),
                owner: "p_owner".into(),
                server_version: "15.8".into(),
                migration_version: Some(102),
                history: vec![HistoryEntry { version: 101, checksum: "ab".into(), success: true }],
                dump: "postgres/main".into(),
            }],
            mongo: None,
            redis: None,
            files: vec![FileEntry { path: "postgres/main/toc.dat".into(), size: 3, sha256: "00".into() }],
        };
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Manifest>(&text).unwrap(), m);
        assert_eq!(m.total_bytes(), 3);
        // Postgres-only manifests (older ones too) carry no mongo/redis keys and still read.
        assert!(!text.contains("\"mongo\""));
        let mut with = m.clone();
        with.redis = Some(RedisPart {
            server_version: "7.2.4".into(),
            cluster: false,
            nodes: 1,
            keys: 2,
            file: "redis/keys.jsonl".into(),
        });
        let text = serde_json::to_string(&with).unwrap();
        assert_eq!(serde_json::from_str::<Manifest>(&text).unwrap(), with);
    }
}
