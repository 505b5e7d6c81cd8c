//! Test support: one PostgreSQL server per test binary (started through dbctl's own sandbox
//! code, stopped when the binary exits), a fresh database per test, and a builder for throwaway
//! dbctl projects that runs the real `dbctl` binary.

#![allow(dead_code)]

pub mod mongo;
pub mod redis;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The shared server.
pub struct Pg {
    pub port: u16,
    pub dir: PathBuf,
    /// Its stdin is a pipe we never write: when this process exits the pipe closes and the
    /// watchdog stops the server, so no server outlives the test binary.
    _watchdog: Mutex<Child>,
}

static PG: OnceLock<Pg> = OnceLock::new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn pg() -> &'static Pg {
    PG.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dbctl-e2e-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create test server dir");
        // As root the server runs as user postgres, which must be able to enter the directory.
        set_mode(&dir, 0o755);
        let sandbox = dbctl::sandbox::Sandbox::new(dir.clone());
        let server = sandbox.postgres().ensure().unwrap_or_else(|e| {
            panic!("cannot start the test PostgreSQL: {}\n{}", e.message, e.hint.unwrap_or_default())
        });
        let pg_ctl = dbctl::sandbox::process::find_pg_binary("pg_ctl").expect("pg_ctl");
        let runuser = if dbctl::sandbox::process::is_root() { "runuser -u postgres -- " } else { "" };
        let script = format!(
            "cat >/dev/null; {runuser}{} stop -m immediate -D '{}/postgres/data' >/dev/null 2>&1; rm -rf '{}'",
            pg_ctl.display(),
            dir.display(),
            dir.display()
        );
        let watchdog = Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn watchdog");
        Pg { port: server.port, dir, _watchdog: Mutex::new(watchdog) }
    })
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
}

impl Pg {
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

/// A database of its own for one test.
#[derive(Debug, Clone)]
pub struct TestDb {
    pub name: String,
    pub url: String,
}

/// A new empty database; `tag` makes it recognisable in server logs.
pub fn fresh_db(tag: &str) -> TestDb {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let clean: String =
        tag.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let name = format!("t{}_{clean}", n);
    let name: String = name.chars().take(60).collect();
    let server = pg();
    block_on(dbctl::conn::ensure_database(&server.url("postgres"), &name)).expect("create test database");
    TestDb { url: server.url(&name), name }
}

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

pub async fn connect(db: &TestDb) -> sqlx::PgConnection {
    use sqlx::Connection;
    sqlx::PgConnection::connect(&db.url).await.unwrap_or_else(|e| panic!("connect to {}: {e}", db.name))
}

/// Runs SQL (several statements allowed); panics with the server's message.
pub fn exec(db: &TestDb, sql: &str) {
    block_on(async {
        let mut c = connect(db).await;
        sqlx::raw_sql(sql).execute(&mut c).await.unwrap_or_else(|e| panic!("SQL failed on {}: {e}\n{sql}", db.name));
    })
}

/// One text value (NULL as None) from a query.
pub fn query_one(db: &TestDb, sql: &str) -> Option<String> {
    block_on(async {
        let mut c = connect(db).await;
        sqlx::query_scalar::<_, Option<String>>(sql)
            .fetch_one(&mut c)
            .await
            .unwrap_or_else(|e| panic!("query failed on {}: {e}\n{sql}", db.name))
    })
}

pub fn query_i64(db: &TestDb, sql: &str) -> i64 {
    query_one(db, &format!("SELECT ({sql})::bigint::text"))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no integer from {sql}"))
}

/// `pg_dump --schema-only` of a database (the reference for "nothing changed").
pub fn schema_dump(db: &TestDb) -> String {
    let out = Command::new("pg_dump")
        .args([
            "--schema-only",
            "--no-owner",
            "-h",
            "127.0.0.1",
            "-p",
            &pg().port.to_string(),
            "-U",
            "postgres",
            &db.name,
        ])
        .output()
        .expect("run pg_dump");
    assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
    // pg_dump brackets its output with a random \restrict key; drop it so dumps compare.
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The repository root (where dbctl.yaml and the platforms' files are).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The environment variable each database's URL comes from in the repository's dbctl.yaml.
pub fn platform_url_vars(project: &str) -> Vec<(&'static str, &'static str)> {
    match project {
        "openmineral" => vec![("main", "OPENMINERAL_PG_URL")],
        "omnifin" => vec![("primary", "OMNIFIN_PRIMARY_URL"), ("knowledge", "OMNIFIN_KNOWLEDGE_URL")],
        "nexus" => vec![("main", "NEXUS_PG_URL")],
        "mapleai" => vec![("main", "MAPLEAI_PG_URL")],
        "trustcred" => vec![("main", "TRUSTCRED_PG_URL")],
        other => panic!("unknown project {other}"),
    }
}

/// The real binary, with a clean environment for dbctl's variables.
pub fn dbctl() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dbctl"));
    for (k, _) in std::env::vars() {
        if k.starts_with("DBCTL_") || k.ends_with("_URL") {
            c.env_remove(k);
        }
    }
    c.env("NO_COLOR", "1").stdin(Stdio::null());
    // Scratch databases go to the test server; a test that would start a sandbox (and leave a
    // server running after its temp dir is gone) fails instead.
    c.env("DBCTL_DEV_URL", pg().url("postgres"));
    c.env("DBCTL_SANDBOX_DIR", "/proc/dbctl-tests-must-not-start-a-sandbox");
    c
}

/// A throwaway dbctl project: a directory with dbctl.yaml (project `app`, database `main` on
/// its own test database) and `migrations/app/main/`.
pub struct Project {
    pub dir: tempfile::TempDir,
    pub db: TestDb,
}

impl Project {
    pub fn new(tag: &str) -> Project {
        let db = fresh_db(tag);
        Project::with_url(tag, db.clone(), &db.url)
    }

    /// A project whose configured URL is `url` (e.g. with a password, or unreachable).
    pub fn with_url(_tag: &str, db: TestDb, url: &str) -> Project {
        let dir = tempfile::tempdir().expect("tempdir");
        let yaml = format!(
            "projects:\n  app:\n    postgres:\n      main: {{ url: \"{url}\", migrations: migrations/app/main }}\n"
        );
        std::fs::write(dir.path().join("dbctl.yaml"), yaml).expect("write dbctl.yaml");
        std::fs::create_dir_all(dir.path().join("migrations/app/main")).expect("mkdir");
        Project { dir, db }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `migrations/app/main/<rel>`.
    pub fn migration(&self, rel: &str, sql: &str) -> &Self {
        let p = self.path(&format!("migrations/app/main/{rel}"));
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, sql).expect("write migration");
        self
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = dbctl();
        c.current_dir(self.dir.path()).args(args);
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd(args).output().expect("run dbctl"))
    }
}

/// A finished dbctl run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).to_string(),
            stderr: String::from_utf8_lossy(&o.stderr).to_string(),
        }
    }
}

impl Run {
    /// Asserts the exit code, printing the output when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "exit code {} (expected {expected})\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
    #[track_caller]
    pub fn contains(&self, needle: &str) -> &Self {
        assert!(
            self.all().contains(needle),
            "output lacks {needle:?}\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Writes to a child's stdin (for confirmation prompts).
pub fn feed(child: &mut Child, text: &str) {
    if let Some(stdin) = child.stdin.as_mut() {
        let _ = stdin.write_all(text.as_bytes());
    }
}
