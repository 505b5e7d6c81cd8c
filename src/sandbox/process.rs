//! Running server programs: finding binaries, and dropping root for PostgreSQL (initdb refuses
//! to run as root, so as root we run it as the `postgres` user through `runuser`).

use crate::error::{Error, Result};
use std::path::PathBuf;
use std::process::{Command, Output};

/// True when this process runs as root (uid 0).
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// Finds a PostgreSQL server binary: PATH, then `pg_config --bindir`, then the newest
/// `/usr/lib/postgresql/*/bin`.
pub fn find_pg_binary(name: &str) -> Result<PathBuf> {
    if let Some(p) = find_in_path(name) {
        return Ok(p);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        if out.status.success() {
            let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if dir.join(name).is_file() {
                return Ok(dir.join(name));
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_string_lossy().parse().ok()?;
            let p = e.path().join("bin").join(name);
            p.is_file().then_some((v, p))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, p)| p).ok_or_else(|| {
        Error::runtime(format!(
            "PostgreSQL program `{name}` not found (looked in PATH, pg_config --bindir, /usr/lib/postgresql/*/bin)"
        ))
        .with_hint(
            "install PostgreSQL (Debian: apt-get install -y postgresql), or set DBCTL_*_URL to a server you have",
        )
    })
}

pub fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = crate::config::env_var("PATH")?;
    path.split(':').map(|d| PathBuf::from(d).join(name)).find(|p| p.is_file())
}

/// A command that runs as the `postgres` user when we are root.
pub fn pg_command(program: &PathBuf) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.arg("-u").arg("postgres").arg("--").arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// Runs a command, turning failure into an error that quotes its stderr.
pub fn run(mut cmd: Command, what: &str) -> Result<Output> {
    let out = cmd.output().map_err(|e| Error::runtime(format!("cannot run {what}: {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        return Err(Error::runtime(format!(
            "{what} failed ({}): {}",
            out.status,
            if stderr.trim().is_empty() { stdout.trim().to_string() } else { stderr.trim().to_string() }
        )));
    }
    Ok(out)
}
