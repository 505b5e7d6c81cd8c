//! Resolves global arguments into what a command acts on: the config, the selected projects and
//! databases, and a connection URL for each (the sandbox's where the configured URL is empty).

use crate::cli::GlobalArgs;
use crate::config::{self, Config, MongoTarget, PostgresTarget, Project};
use crate::error::{Error, Result};
use crate::redact::Redacted;
use crate::sandbox::{self, Sandbox};
use std::path::PathBuf;
use std::time::Duration;

/// Everything a command needs from the environment and the global flags.
pub struct Settings {
    pub config: Config,
    pub sandbox: Sandbox,
    pub lock_timeout: Duration,
}

impl Settings {
    pub fn load(g: &GlobalArgs) -> Result<Settings> {
        let path = g
            .config
            .clone()
            .or_else(|| config::env_var("DBCTL_CONFIG").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("dbctl.yaml"));
        let config = config::load(&path, &config::ProcessEnv)?;
        let sandbox_dir =
            config::env_var("DBCTL_SANDBOX_DIR").map(PathBuf::from).unwrap_or_else(|| config.sandbox_dir.clone());
        Ok(Settings { config, sandbox: Sandbox::new(sandbox_dir), lock_timeout: Duration::from_secs(g.lock_timeout) })
    }

    /// The projects selected by `-p` (or the only one), or all with `all`.
    pub fn projects(&self, g: &GlobalArgs, all: bool) -> Result<Vec<&Project>> {
        let names: Vec<&String> = self.config.projects.keys().collect();
        if all {
            if g.project.is_some() {
                return Err(Error::input("use either --all or -p/--project, not both"));
            }
            return Ok(self.config.projects.values().collect());
        }
        match &g.project {
            Some(p) => self.config.projects.get(p).map(|p| vec![p]).ok_or_else(|| {
                Error::input(format!("no project {p:?} in {}", self.config.file.display()))
                    .with_hint(format!("configured projects: {}", join(&names)))
            }),
            None if self.config.projects.len() == 1 => Ok(self.config.projects.values().collect()),
            None => Err(Error::input(format!("{} projects are configured; say which with -p NAME", names.len()))
                .with_hint(format!("configured projects: {} (or --all where the command has it)", join(&names)))),
        }
    }

    /// The databases of a project selected by `-d` (default: all of them, in config order).
    pub fn databases<'a>(&self, g: &GlobalArgs, project: &'a Project) -> Result<Vec<&'a PostgresTarget>> {
        match &g.database {
            Some(d) => project.postgres.get(d).map(|t| vec![t]).ok_or_else(|| {
                let names: Vec<&String> = project.postgres.keys().collect();
                Error::input(format!("project {} has no database {d:?}", project.name))
                    .with_hint(format!("its databases: {}", join(&names)))
            }),
            None => Ok(project.postgres.values().collect()),
        }
    }

    /// The URL to connect to: the configured one, or the sandbox's (started, and the database
    /// created, on demand).
    pub async fn postgres_url(&self, t: &PostgresTarget) -> Result<Redacted> {
        if !t.url.is_empty() {
            return Ok(t.url.clone());
        }
        let server = self.sandbox_postgres()?;
        let db = sandbox::database_name(&t.project, &t.name);
        crate::conn::ensure_database(&server.url("postgres"), &db).await?;
        Ok(Redacted::new(server.url(&db)))
    }

    /// The MongoDB URL: the configured one, or the sandbox server's (started on demand).
    pub async fn mongo_url(&self, t: &MongoTarget) -> Result<Redacted> {
        if !t.url.is_empty() {
            return Ok(t.url.clone());
        }
        let _guard = self.sandbox.lock()?;
        let server = self.sandbox.mongo(&self.config.root).ensure().await?;
        Ok(Redacted::new(server.url()))
    }

    /// The server for scratch databases: `--dev-url`, else `$DBCTL_DEV_URL`, else the sandbox.
    pub fn dev_server(&self, dev_url: Option<&str>) -> Result<Redacted> {
        if let Some(u) = dev_url.map(str::to_string).or_else(|| config::env_var("DBCTL_DEV_URL")) {
            return Ok(Redacted::new(u));
        }
        let server = self.sandbox_postgres().map_err(|e| {
            let msg = format!("no server for scratch databases: {}", e.message);
            Error::runtime(msg)
                .with_hint("pass --dev-url postgres://... (a server where dbctl may create and drop databases)")
        })?;
        Ok(Redacted::new(server.url("postgres")))
    }

    /// The Redis URL of a project: the configured one, or the sandbox's (started on demand, one
    /// db number per project).
    pub fn redis_url(&self, project: &Project) -> Result<Redacted> {
        let t = project.redis.as_ref().ok_or_else(|| {
            Error::input(format!("project {} has no `redis:` in {}", project.name, self.config.file.display()))
                .with_hint("add `redis: { url: \"${VAR}\", conventions: seeds/<project>/redis.yaml }` to the project")
        })?;
        if !t.url.is_empty() {
            return Ok(t.url.clone());
        }
        let server = self.sandbox_redis()?;
        Ok(Redacted::new(server.url(sandbox::redis_db(&self.config, &project.name))))
    }

    /// The sandbox Redis, started if needed.
    pub fn sandbox_redis(&self) -> Result<sandbox::redis::RedisServer> {
        let _guard = self.sandbox.lock()?;
        self.sandbox.redis().ensure()
    }

    /// The admin connection for a database's server (its `admin_url`, else its URL with the
    /// database replaced by `postgres`, else the sandbox's superuser) and the database's name.
    /// Unlike [`Settings::postgres_url`] this does not create the database.
    pub fn postgres_admin(&self, t: &PostgresTarget) -> Result<(Redacted, String)> {
        if t.url.is_empty() {
            let server = self.sandbox_postgres()?;
            let admin =
                if t.admin_url.is_empty() { Redacted::new(server.url("postgres")) } else { t.admin_url.clone() };
            return Ok((admin, sandbox::database_name(&t.project, &t.name)));
        }
        let db = crate::conn::database_of(&t.url)?;
        let admin = if t.admin_url.is_empty() {
            Redacted::new(crate::conn::with_database(t.url.expose(), "postgres"))
        } else {
            t.admin_url.clone()
        };
        Ok((admin, db))
    }

    /// Where replayed migration schemas are cached (None when `DBCTL_NO_CACHE` turns caching off) (see `source::migrations`); beside the sandbox,
    /// git-ignored, safe to delete.
    pub fn replay_cache_dir(&self) -> Option<std::path::PathBuf> {
        (!caching_off()).then(|| self.config.root.join(".dbctl").join("cache"))
    }

    /// The sandbox server, started if needed.
    pub fn sandbox_postgres(&self) -> Result<sandbox::postgres::PgServer> {
        let _guard = self.sandbox.lock()?;
        self.sandbox.postgres().ensure()
    }
}

fn join(names: &[&String]) -> String {
    names.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}

/// `DBCTL_NO_CACHE` set to anything but empty or `0`: no cache is read or written.
pub fn caching_off() -> bool {
    std::env::var_os("DBCTL_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0")
}
