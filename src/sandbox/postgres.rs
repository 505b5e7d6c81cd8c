//! The sandbox PostgreSQL cluster: initdb/pg_ctl on a free loopback port.
//!
//! Trust authentication on 127.0.0.1 only, no Unix socket, and durability off (fsync,
//! synchronous_commit): the sandbox is a disposable development server, and tests run faster.

use super::path_str;
use super::process::{self, is_root};
use crate::error::{io_error, Error, Result};
use std::path::PathBuf;
use std::process::Command;

pub const SUPERUSER: &str = "postgres";

pub struct PgSandbox {
    pub dir: PathBuf,
}

/// A running sandbox server.
#[derive(Debug, Clone)]
pub struct PgServer {
    pub port: u16,
}

impl PgServer {
    pub fn url(&self, database: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{database}", self.port)
    }
}

impl PgSandbox {
    pub fn new(dir: PathBuf) -> Self {
        PgSandbox { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    pub fn is_initialised(&self) -> bool {
        self.data().join("PG_VERSION").is_file()
    }

    /// The port of the running server, if it runs.
    pub fn running(&self) -> Option<PgServer> {
        if !self.is_initialised() {
            return None;
        }
        let pg_ctl = process::find_pg_binary("pg_ctl").ok()?;
        let mut c = process::pg_command(&pg_ctl);
        c.arg("status").arg("-D").arg(self.data());
        let ok = c.output().map(|o| o.status.success()).unwrap_or(false);
        if !ok {
            return None;
        }
        // postmaster.pid line 4 is the port.
        let pid = std::fs::read_to_string(self.data().join("postmaster.pid")).ok()?;
        let port = pid.lines().nth(3)?.trim().parse().ok()?;
        Some(PgServer { port })
    }

    /// Initialises the cluster if needed and starts it if it is not running.
    pub fn ensure(&self) -> Result<PgServer> {
        if let Some(s) = self.running() {
            return Ok(s);
        }
        if !self.is_initialised() {
            self.init()?;
        }
        self.start()
    }

    fn init(&self) -> Result<()> {
        let initdb = process::find_pg_binary("initdb")?;
        std::fs::create_dir_all(&self.dir).map_err(|e| io_error("cannot create", &self.dir, e))?;
        if is_root() {
            // initdb refuses root; the data directory must belong to the postgres user.
            process::run(
                {
                    let mut c = Command::new("chown");
                    c.arg("-R").arg("postgres").arg(&self.dir);
                    c
                },
                "chown of the sandbox directory to user postgres",
            )
            .map_err(|e| e.with_hint("as root the sandbox runs PostgreSQL as user `postgres`; create it (apt-get install postgresql does)"))?;
            let reachable = process::pg_command(&PathBuf::from("/usr/bin/test"))
                .arg("-w")
                .arg(&self.dir)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if !reachable {
                return Err(Error::runtime(format!(
                    "user postgres cannot write {} (a parent directory is closed to it)",
                    self.dir.display()
                ))
                .with_hint(
                    "set sandbox_dir in dbctl.yaml or DBCTL_SANDBOX_DIR to a directory user postgres can reach",
                ));
            }
        }
        let mut c = process::pg_command(&initdb);
        c.arg("-D")
            .arg(self.data())
            .arg("-U")
            .arg(SUPERUSER)
            .arg("--auth=trust")
            .arg("--encoding=UTF8")
            .arg("--locale=C.UTF-8")
            .arg("--no-instructions");
        process::run(c, "initdb for the sandbox")?;
        Ok(())
    }

    fn start(&self) -> Result<PgServer> {
        let pg_ctl = process::find_pg_binary("pg_ctl")?;
        let log = self.dir.join("server.log");
        // A stale pid file from a killed server is handled by pg_ctl itself.
        let mut last_err = None;
        for _ in 0..3 {
            let port = super::free_port()?;
            let opts = format!(
                "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off \
                 -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            );
            let mut c = process::pg_command(&pg_ctl);
            c.arg("start")
                .arg("-w")
                .arg("-t")
                .arg("60")
                .arg("-D")
                .arg(self.data())
                .arg("-l")
                .arg(&log)
                .arg("-o")
                .arg(opts);
            match process::run(c, "pg_ctl start") {
                Ok(_) => return Ok(PgServer { port }),
                Err(e) => {
                    if let Some(s) = self.running() {
                        return Ok(s); // another dbctl started it meanwhile
                    }
                    last_err = Some(e);
                }
            }
        }
        let tail = std::fs::read_to_string(&log).unwrap_or_default();
        let tail: Vec<&str> = tail.lines().rev().take(5).collect();
        Err(last_err.unwrap_or_else(|| Error::runtime("pg_ctl start failed")).with_hint(format!(
            "see {} (last lines: {})",
            path_str(&log),
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        )))
    }

    pub fn stop(&self) -> Result<bool> {
        if self.running().is_none() {
            return Ok(false);
        }
        let pg_ctl = process::find_pg_binary("pg_ctl")?;
        let mut c = process::pg_command(&pg_ctl);
        c.arg("stop").arg("-m").arg("fast").arg("-w").arg("-D").arg(self.data());
        process::run(c, "pg_ctl stop")?;
        Ok(true)
    }
}
