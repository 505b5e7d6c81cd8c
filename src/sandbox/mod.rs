//! The sandbox: private servers on loopback for development, demos and tests.
//!
//! Data lives under the sandbox directory (`.dbctl/` beside `dbctl.yaml`, ignored by git). Every
//! operation is idempotent: `ensure_postgres` initialises the cluster if there is none and starts
//! it if it is not running. A file lock serialises concurrent dbctl processes doing this.

pub mod mongo;
pub mod postgres;
pub mod process;
pub mod redis;

use crate::error::{io_error, Result};
use std::fs::File;
use std::path::{Path, PathBuf};

/// A sandbox rooted at a directory.
#[derive(Debug, Clone)]
pub struct Sandbox {
    pub dir: PathBuf,
}

impl Sandbox {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Sandbox { dir: dir.into() }
    }

    /// Holds an exclusive lock on the sandbox while the guard lives.
    pub fn lock(&self) -> Result<File> {
        std::fs::create_dir_all(&self.dir).map_err(|e| io_error("cannot create sandbox directory", &self.dir, e))?;
        let path = self.dir.join("sandbox.lock");
        let f = File::create(&path).map_err(|e| io_error("cannot open", &path, e))?;
        f.lock().map_err(|e| io_error("cannot lock", &path, e))?;
        Ok(f)
    }

    pub fn postgres(&self) -> postgres::PgSandbox {
        postgres::PgSandbox::new(self.dir.join("postgres"))
    }

    /// The sandbox MongoDB; `secantusd-py` is looked for in `<dir>/venv/bin` and in
    /// `<project_root>/.dbctl/venv/bin` (where scripts/setup.sh installs it).
    pub fn mongo(&self, project_root: &Path) -> mongo::MongoSandbox {
        mongo::MongoSandbox::new(self.dir.join("mongo"), vec![self.dir.clone(), project_root.join(".dbctl")])
    }

    pub fn redis(&self) -> redis::RedisSandbox {
        redis::RedisSandbox::new(self.dir.join("redis"))
    }
}

/// The database name a (project, database) gets in the sandbox.
pub fn database_name(project: &str, database: &str) -> String {
    format!("{project}_{database}")
}

/// The db number a project gets on the sandbox Redis: its place among the configured projects
/// (from 1; db 0 is left for ad-hoc use), so projects never see each other's keys as strays.
pub fn redis_db(config: &crate::config::Config, project: &str) -> u32 {
    config.projects.keys().position(|p| p == project).map(|i| i as u32 + 1).unwrap_or(0) % redis::DATABASES
}

/// A free TCP port on 127.0.0.1 (the OS picks it; we release it just before the server binds).
pub fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| crate::error::Error::runtime(format!("cannot find a free port on 127.0.0.1: {e}")))?;
    let port =
        l.local_addr().map_err(|e| crate::error::Error::runtime(format!("cannot read local address: {e}")))?.port();
    Ok(port)
}

pub(crate) fn path_str(p: &Path) -> String {
    p.display().to_string()
}
