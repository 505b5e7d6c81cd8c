//! Test support for MongoDB: one Mongo-wire server per test binary, started through dbctl's own
//! sandbox code (a real `mongod` where installed, else SecantusDB from `.dbctl/venv`) and stopped
//! when the binary exits; a database of its own per test; and a throwaway dbctl project whose
//! only store is that database.
//!
//! A machine without a server skips Mongo tests with `skipped: <reason>` on stderr; under
//! `CI=true` a missing server is a failure instead, so CI can never pass by skipping.

use super::{block_on, dbctl, Run};
use dbctl::sandbox::mongo::{Kind, MongoSandbox, MongoServer};
use mongodb::bson::Document;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

pub struct MongoTest {
    pub server: MongoServer,
    _watchdog: Mutex<Child>,
}

static MONGO: OnceLock<Result<MongoTest, String>> = OnceLock::new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The shared server, or `None` after printing why the calling test is skipped.
pub fn mongo(test: &str) -> Option<&'static MongoTest> {
    let m = MONGO.get_or_init(start);
    match m {
        Ok(m) => Some(m),
        Err(reason) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{test}: no Mongo-wire server under CI=true: {reason}");
            }
            skip(test, reason);
            None
        }
    }
}

/// Says that `test` is skipped and why, on the real stderr: libtest captures `eprintln!` of
/// passing tests, and a skip must be seen.
pub fn skip(test: &str, reason: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {test}: {reason}");
}

fn start() -> Result<MongoTest, String> {
    let dir = std::env::temp_dir().join(format!("dbctl-e2e-mongo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let repo_dbctl = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".dbctl");
    let sandbox = MongoSandbox::new(dir.clone(), vec![repo_dbctl]);
    sandbox.program().map_err(|looked| {
        format!("no Mongo-wire server installed (run scripts/setup.sh, or set DBCTL_MONGO_SERVER); looked at: {looked}")
    })?;
    let server = block_on(sandbox.ensure()).map_err(|e| format!("{} ({})", e.message, e.hint.unwrap_or_default()))?;
    // The watchdog's stdin is a pipe we never write: when this process exits it closes, and the
    // server is stopped and its data removed.
    let script = format!(
        "cat >/dev/null; kill -TERM {pid} 2>/dev/null; sleep 2; kill -KILL {pid} 2>/dev/null; rm -rf '{}'",
        dir.display(),
        pid = server.pid
    );
    let watchdog = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("spawn watchdog: {e}"))?;
    Ok(MongoTest { server, _watchdog: Mutex::new(watchdog) })
}

impl MongoTest {
    pub fn is_secantus(&self) -> bool {
        self.server.kind == Kind::Secantus
    }
}

/// A unique database name for one test.
pub fn fresh_name(tag: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let clean: String =
        tag.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    format!("t{n}_{clean}").chars().take(50).collect()
}

/// A dbctl project `app` whose only store is MongoDB database `db` at `url`, with its spec in
/// `mongo_indexes/app.yaml`.
pub struct MongoProject {
    pub dir: tempfile::TempDir,
    pub url: String,
    pub db: String,
    /// Drop the database when the test ends (set for databases on a real server).
    pub drop_database: bool,
}

impl MongoProject {
    pub fn new(url: &str, db: &str, spec: &str) -> MongoProject {
        let dir = tempfile::tempdir().expect("tempdir");
        let yaml = format!(
            "projects:\n  app:\n    mongo: {{ url: \"{url}\", database: {db}, spec: mongo_indexes/app.yaml }}\n"
        );
        std::fs::write(dir.path().join("dbctl.yaml"), yaml).expect("write dbctl.yaml");
        std::fs::create_dir_all(dir.path().join("mongo_indexes")).expect("mkdir");
        let p = MongoProject { dir, url: url.to_string(), db: db.to_string(), drop_database: false };
        p.spec(spec);
        p
    }

    /// On the shared test server, in a fresh database.
    pub fn on(m: &MongoTest, tag: &str, spec: &str) -> MongoProject {
        let mut p = MongoProject::new(&m.server.url(), &fresh_name(tag), spec);
        p.drop_database = true;
        p
    }

    pub fn spec(&self, text: &str) {
        std::fs::write(self.dir.path().join("mongo_indexes/app.yaml"), text).expect("write spec");
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(dbctl().current_dir(self.dir.path()).args(args).output().expect("run dbctl"))
    }

    /// Runs a database command directly (changes "by hand"); `Err` is the server's message.
    pub fn command(&self, cmd: Document) -> Result<Document, String> {
        let (url, db) = (self.url.clone(), self.db.clone());
        block_on(async move {
            let mut opts = mongodb::options::ClientOptions::parse(&url).await.map_err(|e| e.to_string())?;
            // Short, so a test against an unreachable URL does not wait 30 s when it cleans up.
            opts.server_selection_timeout = Some(std::time::Duration::from_secs(3));
            let client = mongodb::Client::with_options(opts).map_err(|e| e.to_string())?;
            let r = client.database(&db).run_command(cmd).await.map_err(|e| e.to_string());
            client.shutdown().immediate(true).await;
            r
        })
    }

    #[track_caller]
    pub fn must(&self, cmd: Document) -> Document {
        let shown = cmd.to_string();
        self.command(cmd).unwrap_or_else(|e| panic!("command {shown} failed: {e}"))
    }

    /// Index names of a collection, sorted.
    pub fn index_names(&self, coll: &str) -> Vec<String> {
        let r = self.must(mongodb::bson::doc! {"listIndexes": coll});
        let mut names: Vec<String> = r
            .get_document("cursor")
            .ok()
            .and_then(|c| c.get_array("firstBatch").ok())
            .into_iter()
            .flatten()
            .filter_map(|d| d.as_document().and_then(|d| d.get_str("name").ok()).map(String::from))
            .collect();
        names.sort();
        names
    }
}

impl Drop for MongoProject {
    fn drop(&mut self) {
        // Only databases on a real server (tests of unreachable URLs have nothing to drop).
        if !self.drop_database {
            return;
        }
        let _ = self.command(mongodb::bson::doc! {"dropDatabase": 1});
    }
}
