//! The sandbox Redis: `redis-server` on a free loopback port, persistence off, data under the
//! sandbox directory; and (for tests and benchmarks) a real Redis Cluster of N masters.
//!
//! The server daemonizes with a pid file; its port is kept in `port` beside it, so `running()`
//! can tell whether the recorded process is alive and answering without starting anything.

use super::process::{self, find_in_path};
use crate::error::{io_error, Error, Result};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Databases the sandbox server offers (tests give each test its own db number).
pub const DATABASES: u32 = 256;

pub struct RedisSandbox {
    pub dir: PathBuf,
}

/// A running sandbox Redis.
#[derive(Debug, Clone)]
pub struct RedisServer {
    pub port: u16,
}

impl RedisServer {
    pub fn url(&self, db: u32) -> String {
        format!("redis://127.0.0.1:{}/{db}", self.port)
    }
}

/// Finds `redis-server` (or a sibling tool such as `redis-cli`).
pub fn find_redis_binary(name: &str) -> Result<PathBuf> {
    find_in_path(name)
        .or_else(|| Some(PathBuf::from("/usr/bin").join(name)).filter(|p| p.is_file()))
        .ok_or_else(|| {
            Error::runtime(format!("Redis program `{name}` not found in PATH"))
                .with_hint("install Redis (Debian: apt-get install -y redis-server; scripts/setup.sh does it), or set the project's redis url")
        })
}

impl RedisSandbox {
    pub fn new(dir: PathBuf) -> Self {
        RedisSandbox { dir }
    }

    fn pidfile(&self) -> PathBuf {
        self.dir.join("redis.pid")
    }

    fn portfile(&self) -> PathBuf {
        self.dir.join("port")
    }

    /// The running server, if its recorded process is alive and answers PING.
    pub fn running(&self) -> Option<RedisServer> {
        let pid: u32 = std::fs::read_to_string(self.pidfile()).ok()?.trim().parse().ok()?;
        if !Path::new(&format!("/proc/{pid}")).exists() {
            return None;
        }
        let port: u16 = std::fs::read_to_string(self.portfile()).ok()?.trim().parse().ok()?;
        ping(port).then_some(RedisServer { port })
    }

    /// Starts the server unless it runs.
    pub fn ensure(&self) -> Result<RedisServer> {
        if let Some(s) = self.running() {
            return Ok(s);
        }
        let port = super::free_port()?;
        start_server(&self.dir, port, &[])?;
        std::fs::write(self.portfile(), port.to_string()).map_err(|e| io_error("cannot write", &self.portfile(), e))?;
        Ok(RedisServer { port })
    }

    /// Stops the server (`SHUTDOWN NOSAVE`); false when it was not running.
    pub fn stop(&self) -> Result<bool> {
        match self.running() {
            Some(s) => {
                shutdown(s.port);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

/// Starts one daemonized `redis-server` on 127.0.0.1:`port` with data in `dir`.
pub fn start_server(dir: &Path, port: u16, extra: &[&str]) -> Result<()> {
    let bin = find_redis_binary("redis-server")?;
    std::fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, e))?;
    let mut c = Command::new(bin);
    c.arg("--port")
        .arg(port.to_string())
        .arg("--bind")
        .arg("127.0.0.1")
        .arg("--save")
        .arg("")
        .arg("--appendonly")
        .arg("no")
        .arg("--daemonize")
        .arg("yes")
        .arg("--databases")
        .arg(DATABASES.to_string())
        .arg("--pidfile")
        .arg(dir.join("redis.pid"))
        .arg("--logfile")
        .arg(dir.join("redis.log"))
        .arg("--dir")
        .arg(dir)
        .args(extra);
    process::run(c, "redis-server")?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if ping(port) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(dir.join("redis.log")).unwrap_or_default();
    let tail: Vec<&str> = log.lines().rev().take(5).collect();
    Err(Error::runtime(format!("redis-server on 127.0.0.1:{port} did not answer within 10s")).with_hint(format!(
        "see {} (last lines: {})",
        dir.join("redis.log").display(),
        tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
    )))
}

/// Starts a Redis Cluster of `masters` masters (no replicas) under `dir`; returns their ports.
pub fn start_cluster(dir: &Path, masters: usize) -> Result<Vec<u16>> {
    let mut ports = Vec::new();
    for i in 0..masters {
        let port = super::free_port()?;
        let node_dir = dir.join(format!("node{i}"));
        start_server(
            &node_dir,
            port,
            &["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"],
        )?;
        ports.push(port);
    }
    let cli = find_redis_binary("redis-cli")?;
    let mut c = Command::new(cli);
    c.arg("--cluster").arg("create");
    for p in &ports {
        c.arg(format!("127.0.0.1:{p}"));
    }
    c.arg("--cluster-replicas").arg("0").arg("--cluster-yes");
    process::run(c, "redis-cli --cluster create")?;
    // Wait until every node agrees the cluster is up.
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if ports.iter().all(|&p| info_says(p, "CLUSTER INFO", "cluster_state:ok")) {
            return Ok(ports);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(Error::runtime("the test Redis Cluster did not reach cluster_state:ok within 20s"))
}

/// Sends `SHUTDOWN NOSAVE` to 127.0.0.1:`port` (best effort).
pub fn shutdown(port: u16) {
    let _ = inline(port, "SHUTDOWN NOSAVE");
}

/// True when 127.0.0.1:`port` answers PING with PONG.
pub fn ping(port: u16) -> bool {
    inline(port, "PING").map(|r| r.starts_with("+PONG")).unwrap_or(false)
}

fn info_says(port: u16, cmd: &str, needle: &str) -> bool {
    inline(port, cmd).map(|r| r.contains(needle)).unwrap_or(false)
}

/// One inline command over a raw socket: no client library needed for liveness checks.
fn inline(port: u16, cmd: &str) -> std::io::Result<String> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_millis(300))?;
    s.set_read_timeout(Some(Duration::from_millis(1000)))?;
    s.write_all(format!("{cmd}\r\n").as_bytes())?;
    let mut buf = vec![0u8; 4096];
    let n = s.read(&mut buf).unwrap_or(0);
    Ok(String::from_utf8_lossy(&buf[..n]).to_string())
}
