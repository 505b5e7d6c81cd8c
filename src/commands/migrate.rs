//! `dbctl migrate up|down|status|new|repair|verify`.

use crate::backup::guard;
use crate::cli::{GlobalArgs, MigrateCmd, MigrateDownArgs, MigrateUpArgs, NewArgs, RepairArgs, StatusArgs, VerifyArgs};
use crate::config::{PostgresTarget, Project};
use crate::error::{Error, Outcome, Result};
use crate::migrate::file::Migration;
use crate::migrate::layout::{self, display_path};
use crate::migrate::runner::{self, DownTarget, Options, UpTarget};
use crate::migrate::state::{self, Entry, State};
use crate::migrate::{history, split};
use crate::redact::Redacted;
use crate::settings::Settings;
use crate::ui::Ui;
use console::style;
use serde_json::json;

pub async fn run(s: &Settings, g: &GlobalArgs, cmd: MigrateCmd, ui: &Ui) -> Result<Outcome> {
    match cmd {
        MigrateCmd::Up(a) => up(s, g, &a, ui).await,
        MigrateCmd::Down(a) => down(s, g, &a, ui).await,
        MigrateCmd::Status(a) => status(s, g, &a, ui).await,
        MigrateCmd::New(a) => new(s, g, &a, ui),
        MigrateCmd::Repair(a) => repair(s, g, &a, ui).await,
        MigrateCmd::Verify(a) => verify(s, g, &a, ui).await,
    }
}

/// The selected (project, database) pairs.
pub fn targets<'a>(s: &'a Settings, g: &GlobalArgs, all: bool) -> Result<Vec<(&'a Project, &'a PostgresTarget)>> {
    let mut out = Vec::new();
    for p in s.projects(g, all)? {
        for t in s.databases(g, p)? {
            out.push((p, t));
        }
    }
    if out.is_empty() {
        return Err(Error::input("no PostgreSQL database is configured for the selected project(s)"));
    }
    Ok(out)
}

/// Discovers and validates a database's migrations (exit 2 listing every problem).
pub fn load_migrations(s: &Settings, t: &PostgresTarget) -> Result<Vec<Migration>> {
    layout::discover(&t.migrations, &s.config.root)
        .map_err(|p| layout::problems_error(&display_path(&t.migrations, &s.config.root), &p))
}

/// A connection to a target database and its history as read on connecting.
struct Connected {
    url: Redacted,
    conn: sqlx::PgConnection,
    rows: Vec<history::HistoryRow>,
}

/// Reads the migration files on a blocking thread while connecting (and, with `read_rows`,
/// reading the history), so the two costs overlap instead of adding up. A layout problem wins
/// over a connection error (the files are checked even when the server is away). Runs that
/// change the database read the history under the migration lock instead, once.
async fn load_with_history(
    s: &Settings,
    t: &PostgresTarget,
    read_rows: bool,
) -> Result<(Vec<Migration>, Result<Connected>)> {
    let (dir, root) = (t.migrations.clone(), s.config.root.clone());
    let files = tokio::task::spawn_blocking(move || layout::discover(&dir, &root));
    let server = async {
        let url = s.postgres_url(t).await?;
        let mut c = crate::conn::connect(&url).await?;
        let rows = if read_rows { history::list(&mut c).await? } else { Vec::new() };
        Ok(Connected { url, conn: c, rows })
    };
    let (files, server) = tokio::join!(files, server);
    let migrations = files
        .map_err(|e| Error::runtime(format!("reading the migration files failed: {e}")))?
        .map_err(|p| layout::problems_error(&display_path(&t.migrations, &s.config.root), &p))?;
    Ok((migrations, server))
}

fn label(t: &PostgresTarget) -> String {
    format!("{}/{}", t.project, t.name)
}

fn options(s: &Settings) -> Options {
    Options { lock_timeout: s.lock_timeout }
}

async fn up(s: &Settings, g: &GlobalArgs, a: &MigrateUpArgs, ui: &Ui) -> Result<Outcome> {
    let target = match (a.phase, a.to) {
        (Some(p), _) => UpTarget::Phase(p),
        (_, Some(v)) => UpTarget::Version(v),
        _ => UpTarget::All,
    };
    let mut docs = Vec::new();
    for (_, t) in targets(s, g, false)? {
        let (migrations, connected) = load_with_history(s, t, a.dry_run).await?;
        let Connected { url, mut conn, rows } = connected?;
        if a.dry_run {
            let entries = state::reconcile(&migrations, &rows);
            let blockers = state::blockers(&entries);
            if !blockers.is_empty() {
                return Err(Error::input(blockers.join("\n")));
            }
            let plan = runner::plan_up(&migrations, &entries, target)?;
            ui.status(
                "Plan",
                &format!(
                    "{} migration(s) to apply on {} ({url}); nothing is changed (--dry-run)",
                    plan.len(),
                    label(t)
                ),
            );
            let mut text = String::new();
            for m in &plan {
                text.push_str(&format!(
                    "-- {} V{} {} (phase {}){}\n",
                    m.forward.display,
                    m.version,
                    m.description,
                    m.phase,
                    if m.directives.no_transaction { ", outside a transaction" } else { "" }
                ));
                for st in split::split(&m.forward.sql) {
                    text.push_str(st.sql);
                    text.push_str(";\n");
                }
                text.push('\n');
            }
            ui.data(&text);
            docs.push(json!({"project": t.project, "database": t.name, "dry_run": true,
                "plan": plan.iter().map(|m| json!({"version": m.version, "description": m.description, "phase": m.phase, "file": m.forward.display})).collect::<Vec<_>>()}));
            continue;
        }
        let mut obs = ui.migration_observer(&label(t));
        let done = runner::up(&mut conn, &migrations, target, &options(s), &mut obs).await?;
        if done.is_empty() {
            ui.status("Up to date", &format!("{} ({url})", label(t)));
        } else {
            let ms: u128 = done.iter().map(|d| d.execution_ms).sum();
            ui.status("Migrated", &format!("{}: {} migration(s) applied in {ms} ms", label(t), done.len()));
        }
        docs.push(json!({"project": t.project, "database": t.name, "applied": done}));
    }
    emit_json(ui, docs);
    Ok(Outcome::Ok)
}

fn emit_json(ui: &Ui, mut docs: Vec<serde_json::Value>) {
    if ui.json {
        let v = if docs.len() == 1 { docs.remove(0) } else { serde_json::Value::Array(docs) };
        ui.json_doc(&v);
    }
}

async fn down(s: &Settings, g: &GlobalArgs, a: &MigrateDownArgs, ui: &Ui) -> Result<Outcome> {
    let target = if let Some(k) = a.steps {
        DownTarget::Steps(k)
    } else if let Some(v) = a.to {
        DownTarget::To(v)
    } else if let Some(p) = a.phase {
        DownTarget::Phase(p)
    } else {
        DownTarget::All
    };
    let mut docs = Vec::new();
    for (p, t) in targets(s, g, false)? {
        let (migrations, connected) = load_with_history(s, t, a.dry_run).await?;
        let Connected { url, mut conn, rows } = connected?;
        if a.dry_run {
            let entries = state::reconcile(&migrations, &rows);
            let blockers = state::blockers(&entries);
            if !blockers.is_empty() {
                return Err(Error::input(blockers.join("\n")));
            }
            docs.push(down_dry_run(ui, t, &url, &runner::plan_down(&migrations, &entries, target)?));
            continue;
        }
        // The lock is held from reading the history to the last rollback: what is planned,
        // confirmed and backed up is what runs.
        let entries =
            runner::lock_and_read(&mut conn, &migrations, &options(s), &mut ui.lock_observer(&label(t))).await?;
        let result = async {
            let plan = runner::plan_down(&migrations, &entries, target)?;
            if plan.is_empty() {
                ui.status("Nothing", &format!("to roll back on {}", label(t)));
                return Ok(json!({"project": t.project, "database": t.name, "reverted": []}));
            }
            if !a.yes {
                let list = plan.iter().map(|m| format!("V{}", m.version)).collect::<Vec<_>>().join(", ");
                if !ui.stdin_is_terminal() {
                    return Err(Error::input(format!(
                        "refusing to roll back {} migration(s) on {} ({list}) without confirmation: stdin is not a terminal",
                        plan.len(),
                        label(t)
                    ))
                    .with_hint("pass --yes to confirm, or --dry-run to see the SQL first"));
                }
                if !ui.confirm(&format!("Roll back {} migration(s) on {} ({url}): {list}?", plan.len(), label(t))) {
                    return Err(Error::input("rollback cancelled; nothing was changed"));
                }
            }
            if !a.no_backup {
                // Rolling back code is cheap; rolling back lost rows is not: back up first when a
                // rollback destroys a table or column that holds data.
                let mut tables: Vec<String> = plan
                    .iter()
                    .filter_map(|m| m.rollback.as_ref())
                    .flat_map(|u| guard::destroyed_tables(&u.sql))
                    .collect();
                tables.sort();
                tables.dedup();
                let full = guard::tables_with_rows(&mut conn, &tables).await?;
                if !full.is_empty() {
                    ui.status("Backing up", &format!("{} first: the rollback drops data in {}", label(t), full.join(", ")));
                    let (m, dir) = super::backup::take_of(s, p, &[t], super::backup::default_jobs(), ui).await?;
                    ui.status(
                        "Backed up",
                        &format!("{} as {} ({}); --no-backup skips this", label(t), m.id, dir.display()),
                    );
                }
            }
            let mut obs = ui.migration_observer(&label(t));
            let done = runner::run_down(&mut conn, &plan, &mut obs).await?;
            ui.status("Reverted", &format!("{}: {} migration(s) rolled back", label(t), done.len()));
            Ok(json!({"project": t.project, "database": t.name, "reverted": done}))
        }
        .await;
        docs.push(runner::release_after(&mut conn, result).await?);
    }
    emit_json(ui, docs);
    Ok(Outcome::Ok)
}

/// Prints the SQL `down` would run, and returns the JSON document of the plan.
fn down_dry_run(ui: &Ui, t: &PostgresTarget, url: &Redacted, plan: &[&Migration]) -> serde_json::Value {
    if plan.is_empty() {
        ui.status("Nothing", &format!("to roll back on {}", label(t)));
        return json!({"project": t.project, "database": t.name, "reverted": []});
    }
    ui.status("Plan", &format!("{} rollback(s) on {} ({url}); nothing is changed (--dry-run)", plan.len(), label(t)));
    let mut text = String::new();
    for m in plan {
        if let Some(u) = &m.rollback {
            text.push_str(&format!("-- {} (reverts V{} {})\n", u.display, m.version, m.description));
            for st in split::split(&u.sql) {
                text.push_str(st.sql);
                text.push_str(";\n");
            }
            text.push('\n');
        }
    }
    ui.data(&text);
    json!({"project": t.project, "database": t.name, "dry_run": true,
        "plan": plan.iter().map(|m| json!({"version": m.version, "description": m.description, "phase": m.phase})).collect::<Vec<_>>()})
}

async fn status(s: &Settings, g: &GlobalArgs, a: &StatusArgs, ui: &Ui) -> Result<Outcome> {
    let mut docs = Vec::new();
    let mut outcome = Outcome::Ok;
    let mut unreachable: Option<Error> = None;
    for (_, t) in targets(s, g, a.all)? {
        let (migrations, connected) = load_with_history(s, t, true).await?;
        let (url, rows) = match connected {
            Ok(c) => (c.url, c.rows),
            Err(e) => {
                ui.warn(&format!(
                    "{}: {} migration file(s) are valid, but the database could not be reached: {}",
                    label(t),
                    migrations.len(),
                    e.message
                ));
                unreachable.get_or_insert(e);
                continue;
            }
        };
        let entries = state::reconcile(&migrations, &rows);
        let not_clean = entries.iter().filter(|e| e.state != State::Applied).count();
        if a.check && not_clean > 0 {
            outcome = outcome.and(Outcome::Findings(not_clean));
        }
        ui.data(&render_status(&label(t), &url.to_string(), &entries));
        docs.push(json!({"project": t.project, "database": t.name, "migrations": entries}));
    }
    emit_json(ui, docs);
    match unreachable {
        Some(e) => Err(e),
        None => Ok(outcome),
    }
}

fn render_status(label: &str, url: &str, entries: &[Entry]) -> String {
    let mut out = format!("{} {}\n", style(label).bold(), style(url).dim());
    if entries.is_empty() {
        out.push_str("  (no migrations)\n");
        return out;
    }
    let wdesc = entries.iter().map(|e| e.description.len()).max().unwrap_or(0).max(11);
    out.push_str(&format!(
        "  {:<8} {:<5} {:<8} {:<20} {:<wdesc$}\n",
        "VERSION", "PHASE", "STATE", "APPLIED AT", "DESCRIPTION"
    ));
    for e in entries {
        let st = format!("{:<8}", e.state.as_str());
        let st = match e.state {
            State::Applied => style(st).green(),
            State::Pending => style(st).yellow(),
            _ => style(st).red().bold(),
        };
        let note = e.note.as_deref().map(|n| format!("  ({n})")).unwrap_or_default();
        out.push_str(&format!(
            "  {:<8} {:<5} {} {:<20} {}{}\n",
            e.version,
            e.phase,
            st,
            e.applied_at.as_deref().unwrap_or("-"),
            e.description,
            note
        ));
    }
    let count = |s: State| entries.iter().filter(|e| e.state == s).count();
    out.push_str(&format!(
        "  {} applied, {} pending, {} failed, {} changed, {} missing\n",
        count(State::Applied),
        count(State::Pending),
        count(State::Failed),
        count(State::Changed),
        count(State::Missing)
    ));
    out
}

fn new(s: &Settings, g: &GlobalArgs, a: &NewArgs, ui: &Ui) -> Result<Outcome> {
    let (_, t) = single_target(s, g)?;
    let migrations = load_migrations(s, t)?;
    let desc: String = a
        .description
        .join("_")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if desc.is_empty() {
        return Err(Error::input("the description needs at least one letter or digit"));
    }
    let version = next_version(&migrations, a.phase)?;
    let dir = match migrations.iter().find(|m| m.phase == a.phase) {
        Some(m) => t.migrations.join(&m.phase_dir),
        None => {
            existing_phase_dir(&t.migrations, a.phase).unwrap_or_else(|| t.migrations.join(format!("phase{}", a.phase)))
        }
    };
    std::fs::create_dir_all(&dir).map_err(|e| crate::error::io_error("cannot create", &dir, e))?;
    let v = dir.join(format!("V{version}__{desc}.sql"));
    let u = dir.join(format!("U{version}__{desc}.sql"));
    for p in [&v, &u] {
        if p.exists() {
            return Err(Error::input(format!("{} already exists", p.display())));
        }
    }
    std::fs::write(
        &v,
        format!(
            "-- {}\n-- (add `-- dbctl:no-transaction` here for CREATE INDEX CONCURRENTLY and the like)\n\n",
            a.description.join(" ")
        ),
    )
    .map_err(|e| crate::error::io_error("cannot write", &v, e))?;
    std::fs::write(&u, format!("-- Reverts V{version}: restore the schema exactly as it was before it.\n\n"))
        .map_err(|e| crate::error::io_error("cannot write", &u, e))?;
    ui.status("Created", &display_path(&v, &s.config.root));
    ui.status("Created", &display_path(&u, &s.config.root));
    if ui.json {
        ui.json_doc(&json!({"version": version, "forward": display_path(&v, &s.config.root), "rollback": display_path(&u, &s.config.root)}));
    }
    Ok(Outcome::Ok)
}

fn existing_phase_dir(root: &std::path::Path, phase: i32) -> Option<std::path::PathBuf> {
    std::fs::read_dir(root)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_dir() && p.file_name().and_then(|n| n.to_str()).and_then(layout::parse_phase_dir) == Some(phase))
}

/// The next free version in `phase` that keeps versions increasing with phase order.
pub fn next_version(migrations: &[Migration], phase: i32) -> Result<i64> {
    let below = migrations.iter().filter(|m| m.phase <= phase).map(|m| m.version).max();
    let above = migrations.iter().filter(|m| m.phase > phase).map(|m| m.version).min();
    let in_phase = migrations.iter().any(|m| m.phase == phase);
    let candidate = match below {
        Some(b) if in_phase => b + 1,
        // A new phase starts at phase*100+1 (the platforms' convention) when that fits.
        Some(b) => (i64::from(phase) * 100 + 1).max(b + 1),
        None => i64::from(phase) * 100 + 1,
    };
    match above {
        Some(a) if candidate >= a => Err(Error::input(format!(
            "no free version in phase {phase}: the next would be {candidate}, but a later phase starts at {a}"
        ))
        .with_hint("add the migration to the last phase, or renumber the later phase (before it is applied anywhere)")),
        _ => Ok(candidate),
    }
}

fn single_target<'a>(s: &'a Settings, g: &GlobalArgs) -> Result<(&'a Project, &'a PostgresTarget)> {
    let all = targets(s, g, false)?;
    if all.len() > 1 {
        let names: Vec<String> = all.iter().map(|(_, t)| t.name.clone()).collect();
        return Err(Error::input(format!(
            "project has {} databases; say which with -d NAME ({})",
            all.len(),
            names.join(", ")
        )));
    }
    all.into_iter().next().ok_or_else(|| Error::input("no database selected"))
}

async fn repair(s: &Settings, g: &GlobalArgs, a: &RepairArgs, ui: &Ui) -> Result<Outcome> {
    let mut docs = Vec::new();
    for (_, t) in targets(s, g, false)? {
        let migrations = load_migrations(s, t)?;
        let url = s.postgres_url(t).await?;
        let mut conn = crate::conn::connect(&url).await?;
        let mut obs = ui.migration_observer(&label(t));
        let preview = runner::repair(&mut conn, &migrations, &options(s), &mut obs, true).await?;
        if preview.is_empty() {
            ui.status("Nothing", &format!("to repair on {}", label(t)));
            docs.push(json!({"project": t.project, "database": t.name, "repaired": []}));
            continue;
        }
        if a.dry_run {
            for r in &preview {
                ui.status("Would", &format!("{}: {}", r.file, r.action));
            }
            docs.push(json!({"project": t.project, "database": t.name, "dry_run": true, "repaired": preview}));
            continue;
        }
        if !a.yes && ui.stdin_is_terminal() {
            let list = preview.iter().map(|r| format!("{} ({})", r.file, r.action)).collect::<Vec<_>>().join("\n  ");
            if !ui.confirm(&format!("Repair the history of {}:\n  {list}\n?", label(t))) {
                return Err(Error::input("repair cancelled; nothing was changed"));
            }
        }
        let done = runner::repair(&mut conn, &migrations, &options(s), &mut obs, false).await?;
        for r in &done {
            ui.status("Repaired", &format!("{}: {}", r.file, r.action));
        }
        docs.push(json!({"project": t.project, "database": t.name, "repaired": done}));
    }
    emit_json(ui, docs);
    Ok(Outcome::Ok)
}

async fn verify(s: &Settings, g: &GlobalArgs, a: &VerifyArgs, ui: &Ui) -> Result<Outcome> {
    let dev = s.dev_server(a.dev_url.as_deref())?;
    let mut docs = Vec::new();
    let mut problems = 0;
    for (_, t) in targets(s, g, false)? {
        let migrations = load_migrations(s, t)?;
        ui.status("Verifying", &format!("{}: {} migration(s) on a scratch database", label(t), migrations.len()));
        let report = crate::migrate::scratch::with_scratch(&dev, "verify", |url| {
            let migrations = &migrations;
            let opts = options(s);
            async move { crate::migrate::verify::verify(&url, migrations, &opts).await }
        })
        .await?;
        for p in &report.problems {
            let mut text = format!("{} {} (V{}): {}\n", style("FAIL").red().bold(), p.file, p.version, p.what);
            for f in &p.findings {
                text.push_str(&format!(
                    "    {} {}: expected {}, actual {}\n",
                    f.kind,
                    f.object,
                    f.expected.as_deref().unwrap_or("(absent)"),
                    f.actual.as_deref().unwrap_or("(absent)")
                ));
            }
            ui.data(&text);
        }
        problems += report.problems.len();
        if report.problems.is_empty() {
            ui.status(
                "Verified",
                &format!(
                    "{}: {} rollback(s) restore the schema exactly{}",
                    label(t),
                    report.checked,
                    if report.skipped_irreversible.is_empty() {
                        String::new()
                    } else {
                        format!("; irreversible, not rolled back: {:?}", report.skipped_irreversible)
                    }
                ),
            );
        }
        docs.push(json!({"project": t.project, "database": t.name, "checked": report.checked,
            "skipped_irreversible": report.skipped_irreversible, "problems": report.problems}));
    }
    emit_json(ui, docs);
    Ok(if problems > 0 { Outcome::Findings(problems) } else { Outcome::Ok })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::file::{Directives, Script};

    fn m(version: i64, phase: i32) -> Migration {
        let script = Script { path: "x".into(), display: "x".into(), sql: String::new(), checksum: String::new() };
        Migration {
            version,
            description: "d".into(),
            phase,
            phase_dir: format!("phase{phase}"),
            forward: script,
            rollback: None,
            directives: Directives::default(),
        }
    }

    #[test]
    fn next_version_respects_phase_order() {
        let ms = vec![m(101, 1), m(102, 1), m(201, 2)];
        assert_eq!(next_version(&ms, 2).unwrap(), 202);
        assert_eq!(next_version(&ms, 1).unwrap(), 103);
        assert_eq!(next_version(&ms, 5).unwrap(), 501);
        assert_eq!(next_version(&[], 3).unwrap(), 301);
        let tight = vec![m(1, 1), m(2, 2)];
        assert!(next_version(&tight, 1).is_err());
    }
}
