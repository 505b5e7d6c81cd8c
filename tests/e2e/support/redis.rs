//! Redis for the e2e tests: one standalone server and one three-master Cluster per test binary
//! (started through dbctl's own sandbox code, stopped by a watchdog when the binary exits), a
//! db number (standalone) or key prefix (Cluster) per test, and throwaway projects with a
//! `redis:` section.
//!
//! A machine without redis-server skips these tests with `skipped: <reason>`; under `CI=true`
//! a missing redis-server fails them instead, so CI can never pass without running them.

use super::{dbctl, Run};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

pub struct RedisSrv {
    /// Standalone: one port. Cluster: the masters' ports.
    pub ports: Vec<u16>,
    _watchdog: Mutex<Child>,
}

static SINGLE: OnceLock<Result<RedisSrv, String>> = OnceLock::new();
static CLUSTER: OnceLock<Result<RedisSrv, String>> = OnceLock::new();
static PLATFORMS: OnceLock<Result<RedisSrv, String>> = OnceLock::new();
static DB: AtomicU32 = AtomicU32::new(1);
static PREFIX: AtomicU32 = AtomicU32::new(1);

fn missing_is_fatal() -> bool {
    std::env::var("CI").map(|v| v == "true" || v == "1").unwrap_or(false)
}

/// Returns the server, or prints `skipped: <reason>` and returns None (panics under CI=true).
fn available(r: &'static Result<RedisSrv, String>, test: &str) -> Option<&'static RedisSrv> {
    match r {
        Ok(s) => Some(s),
        Err(reason) if missing_is_fatal() => panic!("{test}: {reason} (CI=true: Redis tests must run)"),
        Err(reason) => {
            eprintln!("skipped: {test}: {reason}");
            None
        }
    }
}

fn watchdog(ports: &[u16], dir: &std::path::Path) -> Child {
    let stops: String = ports.iter().map(|p| format!("redis-cli -p {p} shutdown nosave >/dev/null 2>&1; ")).collect();
    let script = format!("cat >/dev/null; {stops}rm -rf '{}'", dir.display());
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn watchdog")
}

fn base_dir(kind: &str) -> PathBuf {
    std::env::temp_dir().join(format!("dbctl-e2e-redis-{kind}-{}", std::process::id()))
}

/// The shared standalone server, or None (skipped) when redis-server is missing.
pub fn redis(test: &str) -> Option<&'static RedisSrv> {
    available(
        SINGLE.get_or_init(|| {
            let dir = base_dir("single");
            let sandbox = dbctl::sandbox::redis::RedisSandbox::new(dir.clone());
            let server = sandbox.ensure().map_err(|e| format!("cannot start redis-server: {}", e.message))?;
            let dog = watchdog(&[server.port], &dir);
            Ok(RedisSrv { ports: vec![server.port], _watchdog: Mutex::new(dog) })
        }),
        test,
    )
}

/// A standalone server for the platform tests alone: they apply server-wide settings
/// (`maxmemory-policy`) that must not disturb the settings tests on the shared one.
pub fn platform_server(test: &str) -> Option<&'static RedisSrv> {
    available(
        PLATFORMS.get_or_init(|| {
            let dir = base_dir("platforms");
            let sandbox = dbctl::sandbox::redis::RedisSandbox::new(dir.clone());
            let server = sandbox.ensure().map_err(|e| format!("cannot start redis-server: {}", e.message))?;
            let dog = watchdog(&[server.port], &dir);
            Ok(RedisSrv { ports: vec![server.port], _watchdog: Mutex::new(dog) })
        }),
        test,
    )
}

/// The shared three-master Cluster, or None (skipped) when redis-server is missing.
pub fn cluster(test: &str) -> Option<&'static RedisSrv> {
    available(
        CLUSTER.get_or_init(|| {
            let dir = base_dir("cluster");
            // Start the watchdog only once ports exist; a failed start cleans up what it began.
            match dbctl::sandbox::redis::start_cluster(&dir, 3) {
                Ok(ports) => {
                    let dog = watchdog(&ports, &dir);
                    Ok(RedisSrv { ports, _watchdog: Mutex::new(dog) })
                }
                Err(e) => Err(format!("cannot start a Redis Cluster: {}", e.message)),
            }
        }),
        test,
    )
}

impl RedisSrv {
    pub fn port(&self) -> u16 {
        self.ports[0]
    }
    /// A fresh db number on the standalone server (flushed, in case of reuse).
    pub fn fresh_db(&self) -> u32 {
        let db = DB.fetch_add(1, Ordering::SeqCst);
        assert!(db < dbctl::sandbox::redis::DATABASES, "out of test db numbers");
        self.cli(db, &["FLUSHDB"]);
        db
    }
    pub fn url(&self, db: u32) -> String {
        format!("redis://127.0.0.1:{}/{db}", self.port())
    }
    /// `redis-cli -n db ARGS` on the standalone server; returns stdout (trimmed).
    pub fn cli(&self, db: u32, args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(["-p", &self.port().to_string(), "-n", &db.to_string()])
            .args(args)
            .output()
            .expect("run redis-cli");
        assert!(out.status.success(), "redis-cli {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
    /// `redis-cli -c ARGS` against the Cluster (follows redirections).
    pub fn cluster_cli(&self, args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(["-c", "-p", &self.port().to_string()])
            .args(args)
            .output()
            .expect("run redis-cli");
        assert!(out.status.success(), "redis-cli -c {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
    /// `redis-cli -p PORT ARGS` on one node.
    pub fn node_cli(&self, port: u16, args: &[&str]) -> String {
        let out = Command::new("redis-cli").args(["-p", &port.to_string()]).args(args).output().expect("run redis-cli");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

/// A unique key prefix for one Cluster test.
pub fn fresh_prefix(tag: &str) -> String {
    format!("t{}{tag}:", PREFIX.fetch_add(1, Ordering::SeqCst))
}

/// A throwaway project `app` whose only store is Redis at `url`, with conventions `spec`.
pub struct RedisProject {
    pub dir: tempfile::TempDir,
}

impl RedisProject {
    pub fn new(url: &str, spec: &str) -> RedisProject {
        let dir = tempfile::tempdir().expect("tempdir");
        let yaml = format!("projects:\n  app:\n    redis: {{ url: \"{url}\", conventions: seeds/app/redis.yaml }}\n");
        std::fs::write(dir.path().join("dbctl.yaml"), yaml).expect("write dbctl.yaml");
        std::fs::create_dir_all(dir.path().join("seeds/app")).expect("mkdir");
        let p = RedisProject { dir };
        p.spec(spec);
        p
    }
    pub fn spec(&self, text: &str) {
        std::fs::write(self.dir.path().join("seeds/app/redis.yaml"), text).expect("write spec");
    }
    pub fn run(&self, args: &[&str]) -> Run {
        let mut c = dbctl();
        c.current_dir(self.dir.path()).args(args);
        Run::from(c.output().expect("run dbctl"))
    }
}
