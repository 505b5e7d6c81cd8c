//! `backup restore`: resolve and verify a backup, choose its parts (PostgreSQL databases,
//! MongoDB, Redis), check every target, then restore each part.
//!
//! [`plan`] does every check before anything is written, so a refusal leaves nothing half done;
//! [`RestorePlan::execute`] then writes, reporting progress as [`RestoreEvent`]s for the caller
//! to render. URLs come through [`Targets`], asked only when a part is reached.

use super::manifest::{Database, Manifest, MongoPart, RedisPart};
use super::postgres as pgb;
use crate::config::{MongoTarget, PostgresTarget, Project};
use crate::error::{Error, Result};
use crate::redact::Redacted;
use crate::redis::client::Redis;
use std::future::Future;
use std::path::{Path, PathBuf};

/// What the command asks for.
pub struct RestoreRequest<'a> {
    pub project: &'a Project,
    /// The project's backups: `<backup_dir>/<project>`.
    pub backups: &'a Path,
    /// A backup ID, or `latest`.
    pub id: &'a str,
    /// `-d NAME`: that PostgreSQL database alone; `None`: every part of the backup.
    pub database: Option<&'a str>,
    pub to_database: Option<&'a str>,
    pub mongo_database: Option<&'a str>,
    pub redis_db: Option<u32>,
    /// Replace non-empty targets (and existing Redis keys).
    pub yes: bool,
    /// `pg_restore -j`.
    pub jobs: usize,
    pub checksum_threads: usize,
}

/// Resolves where the parts go. Each is asked for only when restore reaches that part, in the
/// same order as always, because resolving a sandbox URL starts that server.
pub trait Targets {
    /// Names of the PostgreSQL databases `-d` selects (all of the project's without it); an
    /// unknown name is an error.
    fn selected(&self) -> Result<Vec<String>>;
    fn mongo_url(&self, t: &MongoTarget) -> impl Future<Output = Result<Redacted>>;
    fn redis_url(&self, p: &Project) -> Result<Redacted>;
    /// The admin connection that creates the restored database.
    fn postgres_admin(&self, t: &PostgresTarget) -> Result<Redacted>;
}

/// Progress of [`RestorePlan::execute`], one event before and one after each part.
pub enum RestoreEvent<'e> {
    /// `name` is the database's name in dbctl.yaml; `into` the target database.
    RestoringPostgres {
        name: &'e str,
        into: &'e str,
    },
    RestoredPostgres(&'e pgb::Restored),
    RestoringMongo {
        into: &'e str,
        url: &'e Redacted,
    },
    RestoredMongo(&'e super::mongo::Restored),
    RestoringRedis {
        url: &'e Redacted,
        db: u32,
    },
    RestoredRedis(&'e RedisRestored),
}

/// Where the Redis keys went, and how many.
pub struct RedisRestored {
    pub url: Redacted,
    pub db: u32,
    pub restored: super::redis::Restored,
}

/// What a restore did, part by part.
pub struct RestoreReport {
    pub id: String,
    pub postgres: Vec<pgb::Restored>,
    pub mongo: Option<super::mongo::Restored>,
    pub redis: Option<RedisRestored>,
}

impl RestoreReport {
    /// Differences between restored migration histories and the manifest, over every database.
    pub fn history_mismatches(&self) -> usize {
        self.postgres.iter().map(|r| r.history_mismatches.len()).sum()
    }
}

struct MongoPlan {
    part: MongoPart,
    url: Redacted,
    target: String,
}

struct RedisPlan {
    part: RedisPart,
    client: Redis,
    db: u32,
}

/// A verified backup and checked targets: nothing is written yet.
pub struct RestorePlan<'a> {
    project: &'a Project,
    id: String,
    dir: PathBuf,
    manifest: Manifest,
    postgres: Vec<Database>,
    to_database: Option<String>,
    yes: bool,
    jobs: usize,
    mongo: Option<MongoPlan>,
    redis: Option<RedisPlan>,
}

/// Resolves and verifies the backup, selects its parts and checks every target.
pub async fn plan<'a>(req: &RestoreRequest<'a>, targets: &impl Targets) -> Result<RestorePlan<'a>> {
    let p = req.project;
    let (id, dir) = super::resolve(req.backups, &p.name, req.id)?;
    let m = Manifest::read(&dir)?;
    let problems = super::verify(&dir, &m, req.checksum_threads).await?;
    if let Some(pr) = problems.first() {
        return Err(Error::input(format!(
            "backup {id} of {} fails verification ({} problem(s); first: {}: {}); refusing to restore it",
            p.name,
            problems.len(),
            pr.file,
            pr.kind
        ))
        .with_hint(format!("see: dbctl backup verify -p {} {id}", p.name)));
    }
    let wanted = targets.selected()?;
    let postgres: Vec<Database> =
        m.databases.iter().filter(|d| req.database.is_none() || wanted.contains(&d.name)).cloned().collect();
    // `-d NAME` restores that PostgreSQL database alone.
    let mongo_part = m.mongo.as_ref().filter(|_| req.database.is_none());
    let redis_part = m.redis.as_ref().filter(|_| req.database.is_none());
    if postgres.is_empty() && mongo_part.is_none() && redis_part.is_none() {
        return Err(Error::input(format!("backup {id} holds no database {}", req.database.unwrap_or(""))));
    }
    if req.to_database.is_some() && postgres.len() > 1 {
        return Err(Error::input(format!(
            "backup {id} holds {} databases; --to-database needs exactly one",
            postgres.len()
        ))
        .with_hint("select one with -d NAME"));
    }
    // Every target is checked before anything is written, so a refusal leaves nothing half done.
    let mut mongo = None;
    if let Some(part) = mongo_part {
        let t = p.mongo.as_ref().ok_or_else(|| {
            Error::input(format!(
                "backup {id} holds MongoDB database {}, but the project has no `mongo:` any more",
                part.database
            ))
        })?;
        // `--to-database` names the Mongo target when the backup has no PostgreSQL database.
        let target = req
            .mongo_database
            .or_else(|| req.to_database.filter(|_| postgres.is_empty()))
            .map(String::from)
            .unwrap_or_else(|| super::mongo::default_target(part, &id));
        let url = targets.mongo_url(t).await?;
        super::mongo::check_target(&url, &target, req.yes).await?;
        mongo = Some(MongoPlan { part: part.clone(), url, target });
    }
    let mut redis = None;
    if let Some(part) = redis_part {
        if p.redis.is_none() {
            return Err(Error::input(format!(
                "backup {id} holds Redis keys, but the project has no `redis:` any more"
            )));
        }
        let configured = targets.redis_url(p)?;
        let mut client = Redis::connect(&configured).await?;
        let db = match req.redis_db {
            Some(n) if client.is_cluster() && n != 0 => {
                return Err(Error::input(format!("--redis-db {n}: a Redis Cluster has only db 0"))
                    .with_hint("leave out --redis-db; the keys go into the configured Cluster"))
            }
            Some(n) if n != super::redis::url_db(configured.expose()) => {
                let url = Redacted::new(super::redis::url_with_db(configured.expose(), n));
                client = Redis::connect(&url).await?;
                n
            }
            _ => super::redis::url_db(configured.expose()),
        };
        super::redis::check_target(&dir, part, &mut client, req.yes).await?;
        redis = Some(RedisPlan { part: part.clone(), client, db });
    }
    Ok(RestorePlan {
        project: p,
        id,
        dir,
        postgres,
        manifest: m,
        to_database: req.to_database.map(String::from),
        yes: req.yes,
        jobs: req.jobs,
        mongo,
        redis,
    })
}

impl RestorePlan<'_> {
    /// The backup's ID (`latest` resolved).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Restores the PostgreSQL databases, then MongoDB, then Redis; the first failure stops it.
    pub async fn execute(
        self,
        targets: &impl Targets,
        on_event: &mut dyn FnMut(RestoreEvent<'_>),
    ) -> Result<RestoreReport> {
        let (p, id) = (self.project, &self.id);
        let mut postgres = Vec::new();
        for d in &self.postgres {
            // Looked up here rather than planned, so a database dbctl.yaml dropped stops the
            // restore where it is reached, as it always has.
            let t = p.postgres.get(&d.name).ok_or_else(|| {
                Error::input(format!("backup {id} holds database {}, which dbctl.yaml no longer configures", d.name))
            })?;
            let admin = targets.postgres_admin(t)?;
            let target = self.to_database.clone().unwrap_or_else(|| pgb::default_target(d, id));
            on_event(RestoreEvent::RestoringPostgres { name: &d.name, into: &target });
            let r = pgb::restore(&self.dir, &self.manifest, d, &admin, &target, self.yes, self.jobs).await?;
            on_event(RestoreEvent::RestoredPostgres(&r));
            postgres.push(r);
        }
        let mut mongo = None;
        if let Some(plan) = &self.mongo {
            on_event(RestoreEvent::RestoringMongo { into: &plan.target, url: &plan.url });
            let r = super::mongo::restore(&self.dir, &plan.part, &plan.url, &plan.target, self.yes).await?;
            on_event(RestoreEvent::RestoredMongo(&r));
            mongo = Some(r);
        }
        let mut redis = None;
        if let Some(mut plan) = self.redis {
            on_event(RestoreEvent::RestoringRedis { url: plan.client.url(), db: plan.db });
            let restored = super::redis::restore(&self.dir, &plan.part, &mut plan.client, self.yes).await?;
            let done = RedisRestored { url: plan.client.url().clone(), db: plan.db, restored };
            on_event(RestoreEvent::RestoredRedis(&done));
            redis = Some(done);
        }
        Ok(RestoreReport { id: self.id, postgres, mongo, redis })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::manifest::{self, FileEntry};
    use std::cell::Cell;

    const ID: &str = "20240102T030405Z";

    /// Records every question; answers none, so a test sees whether planning got that far.
    #[derive(Default)]
    struct Refusing {
        asked: Cell<usize>,
    }

    impl Refusing {
        fn refuse<T>(&self) -> Result<T> {
            self.asked.set(self.asked.get() + 1);
            Err(Error::input("asked for a target"))
        }
    }

    impl Targets for Refusing {
        fn selected(&self) -> Result<Vec<String>> {
            self.refuse()
        }
        async fn mongo_url(&self, _: &MongoTarget) -> Result<Redacted> {
            self.refuse()
        }
        fn redis_url(&self, _: &Project) -> Result<Redacted> {
            self.refuse()
        }
        fn postgres_admin(&self, _: &PostgresTarget) -> Result<Redacted> {
            self.refuse()
        }
    }

    /// Selects every database and resolves nothing else.
    struct AllDatabases;

    impl Targets for AllDatabases {
        fn selected(&self) -> Result<Vec<String>> {
            Ok(vec!["a".into(), "b".into()])
        }
        async fn mongo_url(&self, _: &MongoTarget) -> Result<Redacted> {
            Err(Error::input("no mongo"))
        }
        fn redis_url(&self, _: &Project) -> Result<Redacted> {
            Err(Error::input("no redis"))
        }
        fn postgres_admin(&self, _: &PostgresTarget) -> Result<Redacted> {
            Err(Error::input("no postgres"))
        }
    }

    fn project() -> Project {
        struct NoEnv;
        impl crate::config::Env for NoEnv {
            fn get(&self, _: &str) -> Option<String> {
                None
            }
        }
        let text = "projects:\n  shop:\n    postgres:\n      a: { url: postgres://h/a, migrations: m/a }\n      b: { url: postgres://h/b, migrations: m/b }\n";
        let mut c = crate::config::parse(text, Path::new("/tmp/dbctl.yaml"), &NoEnv).unwrap();
        c.projects.shift_remove("shop").unwrap()
    }

    /// A backup of databases `a` and `b` whose one dump file holds `content`, checksummed as "abc".
    fn backup(content: &[u8]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(ID);
        std::fs::create_dir_all(dir.join("pg")).unwrap();
        std::fs::write(dir.join("pg/toc.dat"), content).unwrap();
        let db = |name: &str| Database {
            name: name.into(),
            database: format!("shop_{name}"),
            owner: "shop_owner".into(),
            server_version: "16".into(),
            migration_version: None,
            history: Vec::new(),
            dump: "pg".into(),
        };
        let m = Manifest {
            format: manifest::FORMAT,
            id: ID.into(),
            project: "shop".into(),
            created_at: "2024-01-02T03:04:05Z".into(),
            dbctl_version: "0".into(),
            pg_dump_version: "16".into(),
            databases: vec![db("a"), db("b")],
            mongo: None,
            redis: None,
            files: vec![FileEntry {
                path: "pg/toc.dat".into(),
                size: 3,
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            }],
        };
        std::fs::write(dir.join(manifest::FILE), serde_json::to_vec(&m).unwrap()).unwrap();
        root
    }

    fn request<'a>(p: &'a Project, backups: &'a Path) -> RestoreRequest<'a> {
        RestoreRequest {
            project: p,
            backups,
            id: "latest",
            database: None,
            to_database: None,
            mongo_database: None,
            redis_db: None,
            yes: false,
            jobs: 1,
            checksum_threads: 1,
        }
    }

    fn plan_error(req: &RestoreRequest<'_>, targets: &impl Targets) -> String {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        match rt.block_on(plan(req, targets)) {
            Ok(_) => panic!("planned"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn the_backup_is_checked_before_any_target_is_asked_for() {
        let p = project();
        let none = tempfile::tempdir().unwrap();
        let targets = Refusing::default();
        let req = RestoreRequest { database: Some("typo"), ..request(&p, none.path()) };
        assert!(plan_error(&req, &targets).contains("has no backups"));
        let corrupt = backup(b"abd");
        let req = RestoreRequest { database: Some("typo"), ..request(&p, corrupt.path()) };
        assert!(plan_error(&req, &targets).contains("fails verification"));
        assert_eq!(targets.asked.get(), 0);
        // A sound backup gets as far as the selection.
        let sound = backup(b"abc");
        let req = RestoreRequest { database: Some("typo"), ..request(&p, sound.path()) };
        assert_eq!(plan_error(&req, &targets), "asked for a target");
        assert_eq!(targets.asked.get(), 1);
    }

    #[test]
    fn to_database_needs_one_database() {
        let p = project();
        let sound = backup(b"abc");
        let req = RestoreRequest { to_database: Some("x"), ..request(&p, sound.path()) };
        let msg = plan_error(&req, &AllDatabases);
        assert_eq!(msg, format!("backup {ID} holds 2 databases; --to-database needs exactly one"));
    }
}
