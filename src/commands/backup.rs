//! `dbctl backup create|list|verify|restore|prune` for the selected project.

use crate::backup::manifest::Manifest;
use crate::backup::postgres::{self as pgb, Source};
use crate::backup::{self, human_bytes};
use crate::cli::{BackupCmd, BackupCreateArgs, BackupIdArgs, BackupPruneArgs, BackupRestoreArgs, GlobalArgs};
use crate::config::{PostgresTarget, Project};
use crate::error::{io_error, Error, Outcome, Result};
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

/// Takes a backup of the selected databases of `p`.
pub async fn take(s: &Settings, g: &GlobalArgs, p: &Project, jobs: usize, ui: &Ui) -> Result<(Manifest, PathBuf)> {
    take_of(s, p, &s.databases(g, p)?, jobs, ui).await
}

/// Takes a backup of the given databases of `p` (also used by `migrate down`).
pub async fn take_of(
    s: &Settings,
    p: &Project,
    targets: &[&PostgresTarget],
    jobs: usize,
    ui: &Ui,
) -> Result<(Manifest, PathBuf)> {
    let mut sources = Vec::new();
    for t in targets {
        sources.push(Source { name: t.name.clone(), url: s.postgres_url(t).await? });
    }
    if sources.is_empty() {
        return Err(Error::input(format!("project {} has no PostgreSQL database to back up", p.name)));
    }
    let mut on_db = |name: &str| ui.status("Dumping", &format!("{}/{name}", p.name));
    pgb::create(&project_dir(s, p), &p.name, &sources, jobs, &mut on_db).await
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
            "databases": m.databases.iter().map(|d| json!({"name": d.name, "database": d.database, "server_version": d.server_version, "migration_version": d.migration_version})).collect::<Vec<_>>()}));
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
                let dbs: Vec<String> = m
                    .databases
                    .iter()
                    .map(|d| format!("{}@{}", d.name, d.migration_version.map(|v| v.to_string()).unwrap_or("-".into())))
                    .collect();
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
    let (id, dir) = backup::resolve(&project_dir(s, p), &p.name, &a.id)?;
    let m = Manifest::read(&dir)?;
    let problems = backup::verify(&dir, &m, default_jobs()).await?;
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
    let wanted: Vec<&str> = s.databases(g, p)?.iter().map(|t| t.name.as_str()).collect();
    let dbs: Vec<_> =
        m.databases.iter().filter(|d| g.database.is_none() || wanted.contains(&d.name.as_str())).collect();
    if dbs.is_empty() {
        return Err(Error::input(format!("backup {id} holds no database {}", g.database.as_deref().unwrap_or(""))));
    }
    if a.to_database.is_some() && dbs.len() > 1 {
        return Err(Error::input(format!(
            "backup {id} holds {} databases; --to-database needs exactly one",
            dbs.len()
        ))
        .with_hint("select one with -d NAME"));
    }
    let mut outcome = Outcome::Ok;
    let mut docs = Vec::new();
    for d in dbs {
        let t = p.postgres.get(&d.name).ok_or_else(|| {
            Error::input(format!("backup {id} holds database {}, which dbctl.yaml no longer configures", d.name))
        })?;
        let (admin, _) = s.postgres_admin(t)?;
        let target = a.to_database.clone().unwrap_or_else(|| pgb::default_target(d, &id));
        ui.status("Restoring", &format!("{}/{} from {id} into {}", p.name, d.name, crate::conn::quote_ident(&target)));
        let r = pgb::restore(&dir, &m, d, &admin, &target, a.yes, a.jobs.unwrap_or_else(default_jobs)).await?;
        if r.history_mismatches.is_empty() {
            ui.status(
                "Restored",
                &format!(
                    "{}/{} into {}: migration history matches the manifest (version {})",
                    p.name,
                    d.name,
                    crate::conn::quote_ident(&r.database),
                    r.migration_version.map(|v| v.to_string()).unwrap_or_else(|| "none".into())
                ),
            );
        } else {
            for l in &r.history_mismatches {
                ui.data(&format!("{}/{}: {l}", p.name, d.name));
            }
            ui.warn(&format!("{}/{}: the restored migration history differs from the manifest", p.name, d.name));
            outcome = outcome.and(Outcome::Findings(r.history_mismatches.len()));
        }
        docs.push(json!(r));
    }
    if ui.json {
        ui.json_doc(&json!({"project": p.name, "id": id, "restored": docs}));
    }
    Ok(outcome)
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
