//! `dbctl backup create|list|verify|restore|prune` for the selected project.

use crate::backup::manifest::Manifest;
use crate::backup::postgres::{self as pgb, Source};
use crate::backup::restore::{self, RestoreEvent, RestoreRequest, Targets};
use crate::backup::{self, human_bytes};
use crate::cli::{BackupCmd, BackupCreateArgs, BackupIdArgs, BackupPruneArgs, BackupRestoreArgs, GlobalArgs};
use crate::config::{MongoTarget, PostgresTarget, Project};
use crate::error::{io_error, Error, Outcome, Result};
use crate::redact::Redacted;
use crate::settings::Settings;
use crate::ui::Ui;
use serde_json::json;
use std::path::PathBuf;

pub async fn run(s: &Settings, g: &GlobalArgs, cmd: BackupCmd, ui: &Ui) -> Result<Outcome> {
    let projects = s.projects(g, false)?;
    let p = projects[0];
    match cmd {
        BackupCmd::Create(a) => create(s, g, p, &a, ui).await,
        BackupCmd::List => list(s, p, ui),
        BackupCmd::Verify(a) => verify(s, p, &a, ui).await,
        BackupCmd::Restore(a) => restore(s, g, p, &a, ui).await,
        BackupCmd::Prune(a) => prune(s, p, &a, ui),
    }
}

fn project_dir(s: &Settings, p: &Project) -> PathBuf {
    s.config.backup_dir.join(&p.name)
}

pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(1, 4)
}

/// Takes a backup of the selected databases of `p`, with its MongoDB database and its Redis
/// keys where configured (`-d NAME` narrows it to that PostgreSQL database alone).
pub async fn take(s: &Settings, g: &GlobalArgs, p: &Project, jobs: usize, ui: &Ui) -> Result<(Manifest, PathBuf)> {
    let mut others = pgb::Others::default();
    if g.database.is_none() {
        if let Some(m) = &p.mongo {
            others.mongo = Some((s.mongo_url(m).await?, m.database.clone()));
        }
        if let Some(r) = &p.redis {
            others.redis = Some((s.redis_url(p)?, crate::redis::spec::load(&r.conventions)?));
        }
    }
    take_with(s, p, &s.databases(g, p)?, &others, jobs, ui).await
}

/// Takes a backup of the given databases of `p` (also used by `migrate down`).
pub async fn take_of(
    s: &Settings,
    p: &Project,
    targets: &[&PostgresTarget],
    jobs: usize,
    ui: &Ui,
) -> Result<(Manifest, PathBuf)> {
    take_with(s, p, targets, &pgb::Others::default(), jobs, ui).await
}

async fn take_with(
    s: &Settings,
    p: &Project,
    targets: &[&PostgresTarget],
    others: &pgb::Others,
    jobs: usize,
    ui: &Ui,
) -> Result<(Manifest, PathBuf)> {
    let mut sources = Vec::new();
    for t in targets {
        sources.push(Source { name: t.name.clone(), url: s.postgres_url(t).await? });
    }
    if sources.is_empty() && others.mongo.is_none() && others.redis.is_none() {
        return Err(Error::input(format!("project {} has no database to back up", p.name)));
    }
    let mut on_db = |name: &str| ui.status("Dumping", &format!("{}/{name}", p.name));
    pgb::create(&project_dir(s, p), &p.name, &sources, others, jobs, &mut on_db).await
}

async fn create(s: &Settings, g: &GlobalArgs, p: &Project, a: &BackupCreateArgs, ui: &Ui) -> Result<Outcome> {
    let (m, dir) = take(s, g, p, a.jobs.unwrap_or_else(default_jobs), ui).await?;
    ui.status(
        "Backed up",
        &format!(
            "{} {}: {} file(s), {} in {}",
            p.name,
            m.id,
            m.files.len(),
            human_bytes(m.total_bytes()),
            dir.display()
        ),
    );
    ui.data(&m.id);
    if ui.json {
        ui.json_doc(&json!({"project": p.name, "id": m.id, "path": dir, "files": m.files.len(), "bytes": m.total_bytes(),
            "databases": m.databases.iter().map(|d| json!({"name": d.name, "database": d.database, "server_version": d.server_version, "migration_version": d.migration_version})).collect::<Vec<_>>(),
            "mongo": m.mongo.as_ref().map(|x| json!({"database": x.database, "server_version": x.server_version, "collections": x.collections.len(), "documents": x.collections.iter().map(|c| c.documents).sum::<u64>()})),
            "redis": m.redis.as_ref().map(|x| json!({"server_version": x.server_version, "keys": x.keys, "cluster": x.cluster}))}));
    }
    Ok(Outcome::Ok)
}

fn list(s: &Settings, p: &Project, ui: &Ui) -> Result<Outcome> {
    let dir = project_dir(s, p);
    let ids = backup::list_ids(&dir)?;
    let mut rows = Vec::new();
    let mut text = format!("{:<16}  {:<20}  {:>5}  {:>10}  DATABASES\n", "ID", "CREATED", "FILES", "SIZE");
    for id in &ids {
        match Manifest::read(&dir.join(id)) {
            Ok(m) => {
                let mut dbs: Vec<String> = m
                    .databases
                    .iter()
                    .map(|d| format!("{}@{}", d.name, d.migration_version.map(|v| v.to_string()).unwrap_or("-".into())))
                    .collect();
                if let Some(x) = &m.mongo {
                    dbs.push(format!("mongo:{} ({} collection(s))", x.database, x.collections.len()));
                }
                if let Some(x) = &m.redis {
                    dbs.push(format!("redis ({} key(s))", x.keys));
                }
                text.push_str(&format!(
                    "{:<16}  {:<20}  {:>5}  {:>10}  {}\n",
                    id,
                    m.created_at,
                    m.files.len(),
                    human_bytes(m.total_bytes()),
                    dbs.join(", ")
                ));
                rows.push(json!({"id": id, "created_at": m.created_at, "files": m.files.len(), "bytes": m.total_bytes(),
                    "databases": m.databases.iter().map(|d| json!({"name": d.name, "migration_version": d.migration_version})).collect::<Vec<_>>()}));
            }
            Err(e) => {
                text.push_str(&format!("{id:<16}  (unreadable manifest: {})\n", e.message));
                rows.push(json!({"id": id, "error": e.message}));
            }
        }
    }
    if ids.is_empty() {
        ui.status("No backups", &format!("for {} in {}", p.name, dir.display()));
    } else {
        ui.data(&text);
    }
    if ui.json {
        ui.json_doc(&json!({"project": p.name, "backups": rows}));
    }
    Ok(Outcome::Ok)
}

async fn verify(s: &Settings, p: &Project, a: &BackupIdArgs, ui: &Ui) -> Result<Outcome> {
    let (id, dir) = backup::resolve(&project_dir(s, p), &p.name, &a.id)?;
    let problems = match Manifest::read(&dir) {
        Ok(m) => backup::verify(&dir, &m, default_jobs()).await?,
        // A backup whose manifest is gone or damaged cannot be trusted: that is a finding.
        Err(e) => {
            vec![backup::Problem { file: crate::backup::manifest::FILE.into(), kind: "manifest", detail: e.message }]
        }
    };
    for pr in &problems {
        ui.data(&format!("{}: {} ({})", pr.file, pr.kind, pr.detail));
    }
    if problems.is_empty() {
        ui.status("Verified", &format!("{} {}: every file matches its checksum", p.name, id));
    } else {
        ui.warn(&format!("{} {}: {} file(s) do not match the manifest", p.name, id, problems.len()));
    }
    if ui.json {
        ui.json_doc(&json!({"project": p.name, "id": id, "ok": problems.is_empty(), "problems": problems}));
    }
    Ok(if problems.is_empty() { Outcome::Ok } else { Outcome::Findings(problems.len()) })
}

async fn restore(s: &Settings, g: &GlobalArgs, p: &Project, a: &BackupRestoreArgs, ui: &Ui) -> Result<Outcome> {
    let backups = project_dir(s, p);
    let req = RestoreRequest {
        project: p,
        backups: &backups,
        id: &a.id,
        database: g.database.as_deref(),
        to_database: a.to_database.as_deref(),
        mongo_database: a.mongo_database.as_deref(),
        redis_db: a.redis_db,
        yes: a.yes,
        jobs: a.jobs.unwrap_or_else(default_jobs),
        checksum_threads: default_jobs(),
    };
    let targets = Configured { s, g, p };
    let plan = restore::plan(&req, &targets).await?;
    let id = plan.id().to_string();
    let mut on_event = |e: RestoreEvent<'_>| render_restore(p, &id, e, ui);
    let report = plan.execute(&targets, &mut on_event).await?;
    if ui.json {
        let redis = report.redis.as_ref().map(|r| {
            json!({"url": r.url.to_string(), "db": r.db, "keys": r.restored.keys, "with_ttl": r.restored.with_ttl, "replaced": r.restored.existing})
        });
        ui.json_doc(&json!({"project": p.name, "id": report.id, "restored": report.postgres, "mongo": report.mongo, "redis": redis}));
    }
    Ok(match report.history_mismatches() {
        0 => Outcome::Ok,
        n => Outcome::Findings(n),
    })
}

/// The status lines of one restore step (and the history differences, as data and a warning).
fn render_restore(p: &Project, id: &str, e: RestoreEvent<'_>, ui: &Ui) {
    match e {
        RestoreEvent::RestoringPostgres { name, into } => {
            ui.status("Restoring", &format!("{}/{name} from {id} into {}", p.name, crate::conn::quote_ident(into)))
        }
        RestoreEvent::RestoredPostgres(r) if r.history_mismatches.is_empty() => ui.status(
            "Restored",
            &format!(
                "{}/{} into {}: migration history matches the manifest (version {})",
                p.name,
                r.name,
                crate::conn::quote_ident(&r.database),
                r.migration_version.map(|v| v.to_string()).unwrap_or_else(|| "none".into())
            ),
        ),
        RestoreEvent::RestoredPostgres(r) => {
            for l in &r.history_mismatches {
                ui.data(&format!("{}/{}: {l}", p.name, r.name));
            }
            ui.warn(&format!("{}/{}: the restored migration history differs from the manifest", p.name, r.name));
        }
        RestoreEvent::RestoringMongo { into, url } => {
            ui.status("Restoring", &format!("{}/mongo from {id} into database {into} at {url}", p.name))
        }
        RestoreEvent::RestoredMongo(r) => ui.status(
            "Restored",
            &format!(
                "{}/mongo into {}: {} collection(s), {} document(s), {} index(es)",
                p.name, r.database, r.collections, r.documents, r.indexes
            ),
        ),
        RestoreEvent::RestoringRedis { url, db } => ui.status(
            "Restoring",
            &format!(
                "{}/redis from {id} into the configured Redis {url} db {db} (Redis has no new database: keys go into this keyspace)",
                p.name
            ),
        ),
        RestoreEvent::RestoredRedis(r) => {
            let done = &r.restored;
            ui.status(
                "Restored",
                &format!(
                    "{}/redis: {} key(s), {} with a TTL{}",
                    p.name,
                    done.keys,
                    done.with_ttl,
                    if done.existing > 0 { format!(", {} replaced", done.existing) } else { String::new() }
                ),
            )
        }
    }
}

/// The restore's targets as `dbctl.yaml` and the global flags give them (the sandbox's where a
/// URL is empty).
struct Configured<'a> {
    s: &'a Settings,
    g: &'a GlobalArgs,
    p: &'a Project,
}

impl Targets for Configured<'_> {
    fn selected(&self) -> Result<Vec<String>> {
        Ok(self.s.databases(self.g, self.p)?.iter().map(|t| t.name.clone()).collect())
    }

    async fn mongo_url(&self, t: &MongoTarget) -> Result<Redacted> {
        self.s.mongo_url(t).await
    }

    fn redis_url(&self, p: &Project) -> Result<Redacted> {
        self.s.redis_url(p)
    }

    fn postgres_admin(&self, t: &PostgresTarget) -> Result<Redacted> {
        self.s.postgres_admin(t).map(|(admin, _)| admin)
    }
}

fn prune(s: &Settings, p: &Project, a: &BackupPruneArgs, ui: &Ui) -> Result<Outcome> {
    if a.keep == 0 {
        return Err(Error::input("--keep 0 would delete every backup").with_hint("keep at least 1"));
    }
    let dir = project_dir(s, p);
    let ids = backup::list_ids(&dir)?;
    let doomed = backup::prune_plan(&ids, a.keep);
    for id in &doomed {
        if a.dry_run {
            ui.status("Would delete", &format!("{} {id}", p.name));
        } else {
            let path = dir.join(id);
            std::fs::remove_dir_all(&path).map_err(|e| io_error("cannot delete backup", &path, e))?;
            ui.status("Deleted", &format!("{} {id}", p.name));
        }
    }
    ui.status("Kept", &format!("{} backup(s) of {}", ids.len() - doomed.len(), p.name));
    if ui.json {
        ui.json_doc(
            &json!({"project": p.name, "dry_run": a.dry_run, "deleted": doomed, "kept": ids.len() - doomed.len()}),
        );
    }
    Ok(Outcome::Ok)
}
