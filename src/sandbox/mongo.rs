//! The sandbox MongoDB: a real `mongod` where one is installed, else a MongoDB-wire server
//! (SecantusDB's `secantusd-py`, which `scripts/setup.sh` installs into `.dbctl/venv`), on a free
//! loopback port with its data under the sandbox directory.
//!
//! Where the program is looked for, first hit wins: `$DBCTL_MONGO_SERVER` (a path to either
//! program), `mongod` on PATH, `<dir>/venv/bin/secantusd-py` for each of the given directories
//! (the sandbox directory, the project's `.dbctl`), `secantusd-py` on PATH. The server runs in its
//! own process group so a Ctrl-C in the terminal does not take it down with dbctl; its pid and
//! port are kept in `server.json` so later dbctl runs find it.

use crate::error::{io_error, Error, Result};
use crate::redact::Redacted;
use serde::{Deserialize, Serialize};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Which server program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Mongod,
    Secantus,
}

/// A server program found on this machine.
#[derive(Debug, Clone)]
pub struct Program {
    pub kind: Kind,
    pub path: PathBuf,
}

/// Finds a server program (see the module doc for the order); `Err` lists where it looked.
pub fn find_program(venv_roots: &[PathBuf]) -> std::result::Result<Program, String> {
    let mut looked = Vec::new();
    if let Some(p) = crate::config::env_var("DBCTL_MONGO_SERVER") {
        let path = PathBuf::from(&p);
        if path.is_file() {
            return Ok(Program { kind: kind_of(&path), path });
        }
        looked.push(format!("$DBCTL_MONGO_SERVER={p} (no such file)"));
    }
    if let Some(path) = super::process::find_in_path("mongod") {
        return Ok(Program { kind: Kind::Mongod, path });
    }
    looked.push("mongod on PATH".into());
    for root in venv_roots {
        let path = root.join("venv/bin/secantusd-py");
        if path.is_file() {
            return Ok(Program { kind: Kind::Secantus, path });
        }
        looked.push(path.display().to_string());
    }
    if let Some(path) = super::process::find_in_path("secantusd-py") {
        return Ok(Program { kind: Kind::Secantus, path });
    }
    looked.push("secantusd-py on PATH".into());
    Err(looked.join(", "))
}

fn kind_of(path: &Path) -> Kind {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    if name.contains("secantus") {
        Kind::Secantus
    } else {
        Kind::Mongod
    }
}

/// A running server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MongoServer {
    pub pid: u32,
    pub port: u16,
    pub kind: Kind,
    pub program: PathBuf,
}

impl MongoServer {
    pub fn url(&self) -> String {
        format!("mongodb://127.0.0.1:{}/", self.port)
    }
}

pub struct MongoSandbox {
    pub dir: PathBuf,
    venv_roots: Vec<PathBuf>,
}

impl MongoSandbox {
    /// A sandbox server with its data in `dir`; `venv_roots` are where `venv/bin/secantusd-py`
    /// may be.
    pub fn new(dir: PathBuf, venv_roots: Vec<PathBuf>) -> Self {
        MongoSandbox { dir, venv_roots }
    }

    fn state_file(&self) -> PathBuf {
        self.dir.join("server.json")
    }

    pub fn log_file(&self) -> PathBuf {
        self.dir.join("server.log")
    }

    pub fn is_initialised(&self) -> bool {
        self.dir.join("data").is_dir()
    }

    /// The program that would be started, or where dbctl looked.
    pub fn program(&self) -> std::result::Result<Program, String> {
        find_program(&self.venv_roots)
    }

    /// The running server, if its recorded process is alive.
    pub fn running(&self) -> Option<MongoServer> {
        let text = std::fs::read_to_string(self.state_file()).ok()?;
        let s: MongoServer = serde_json::from_str(&text).ok()?;
        // The pid must still be our server, not a process that got the number later.
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", s.pid)).unwrap_or_default();
        let name = s.program.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let ours = !name.is_empty() && String::from_utf8_lossy(&cmdline).contains(&name);
        (ours && alive(s.pid)).then_some(s)
    }

    /// Starts the server if it is not running, and waits until it answers a ping.
    pub async fn ensure(&self) -> Result<MongoServer> {
        if let Some(s) = self.running() {
            return Ok(s);
        }
        let program = self.program().map_err(|looked| {
            Error::runtime("no MongoDB server program for the sandbox (neither mongod nor secantusd-py)")
                .with_hint(format!("run scripts/setup.sh (installs SecantusDB into .dbctl/venv), or set the project's mongo.url; looked at: {looked}"))
        })?;
        self.start(&program).await
    }

    async fn start(&self, program: &Program) -> Result<MongoServer> {
        let data = self.dir.join("data");
        std::fs::create_dir_all(&data).map_err(|e| io_error("cannot create", &data, e))?;
        let log = self.log_file();
        let mut last = None;
        for _ in 0..3 {
            let port = super::free_port()?;
            let out = std::fs::File::create(&log).map_err(|e| io_error("cannot create", &log, e))?;
            let err = out.try_clone().map_err(|e| io_error("cannot open", &log, e))?;
            let mut c = Command::new(&program.path);
            match program.kind {
                Kind::Mongod => {
                    c.arg("--dbpath").arg(&data).args([
                        "--bind_ip",
                        "127.0.0.1",
                        "--port",
                        &port.to_string(),
                        "--nounixsocket",
                        "--quiet",
                    ]);
                }
                Kind::Secantus => {
                    c.args(["--host", "127.0.0.1", "--port", &port.to_string(), "--storage-path"]).arg(&data).args([
                        "--standalone",
                        "--log-level",
                        "WARNING",
                    ]);
                }
            }
            c.stdin(Stdio::null()).stdout(out).stderr(err).process_group(0);
            let mut child = c.spawn().map_err(|e| {
                Error::runtime(format!("cannot start {}: {e}", program.path.display()))
                    .with_hint("check that the program runs; scripts/setup.sh reinstalls SecantusDB")
            })?;
            let server = MongoServer { pid: child.id(), port, kind: program.kind, program: program.path.clone() };
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    last = Some(format!("{} exited ({status})", program.path.display()));
                    break;
                }
                if crate::mongo::client::ping_quick(&server.url()).await {
                    let json = serde_json::to_string(&server).unwrap_or_default();
                    std::fs::write(self.state_file(), json)
                        .map_err(|e| io_error("cannot write", &self.state_file(), e))?;
                    return Ok(server);
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    last = Some(format!("{} did not answer within 60s", program.path.display()));
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        let tail = std::fs::read_to_string(&log).unwrap_or_default();
        let tail: Vec<&str> = tail.lines().rev().take(5).collect();
        Err(Error::runtime(format!("cannot start the sandbox MongoDB: {}", last.unwrap_or_default())).with_hint(
            format!("see {} (last lines: {})", log.display(), tail.into_iter().rev().collect::<Vec<_>>().join(" | ")),
        ))
    }

    /// Stops the server (data is kept). `Ok(false)` when it was not running.
    pub fn stop(&self) -> Result<bool> {
        let Some(s) = self.running() else {
            let _ = std::fs::remove_file(self.state_file());
            return Ok(false);
        };
        let _ = Command::new("kill").arg("-TERM").arg(s.pid.to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while alive(s.pid) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        if alive(s.pid) {
            let _ = Command::new("kill").arg("-KILL").arg(s.pid.to_string()).status();
        }
        let _ = std::fs::remove_file(self.state_file());
        Ok(true)
    }
}

/// Is process `pid` alive (and not a zombie)?
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // Field 3 is the state; Z is a zombie (exited, not yet reaped).
        Ok(stat) => stat.rsplit(')').next().and_then(|r| r.split_whitespace().next()).is_some_and(|st| st != "Z"),
        Err(_) => false,
    }
}

/// The URL of the sandbox server for display (no secrets in it, but keep the type).
pub fn url_of(s: &MongoServer) -> Redacted {
    Redacted::new(s.url())
}
