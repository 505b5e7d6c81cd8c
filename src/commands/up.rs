//! `dbctl up`: everything for a project (provision, migrate up on each database, redis seed,
//! then drift of the live databases against their migrations), then a summary table of what
//! each step did.

use crate::cli::{GlobalArgs, Side, UpArgs};
use crate::diff::Severity;
use crate::error::{Error, Outcome, Result};
use crate::migrate::runner::{self, Options, UpTarget};
use crate::settings::Settings;
use crate::ui::Ui;
use serde_json::json;

/// One row of the summary.
struct Row {
    project: String,
    step: String,
    target: String,
    result: String,
    ok: bool,
}

pub async fn run(s: &Settings, g: &GlobalArgs, a: UpArgs, ui: &Ui) -> Result<Outcome> {
    let mut rows = Vec::new();
    let mut first_error: Option<Error> = None;
    let mut drift_errors = 0;
    for p in s.projects(g, a.all)? {
        // Provision first: the roles and default privileges must exist before migrations
        // create tables, so those tables get the grants.
        match super::provision::provision_project(s, g, p, false, ui).await {
            Ok(list) => rows.extend(list.into_iter().map(|(db, steps)| Row {
                project: p.name.clone(),
                step: "provision".into(),
                target: db,
                result: if steps.is_empty() { "up to date".into() } else { format!("{} change(s)", steps.len()) },
                ok: true,
            })),
            Err(e) => {
                rows.push(Row {
                    project: p.name.clone(),
                    step: "provision".into(),
                    target: "*".into(),
                    result: format!("FAILED: {}", e.message.lines().next().unwrap_or("")),
                    ok: false,
                });
                ui.error(&e);
                first_error.get_or_insert(e);
            }
        }
        let dbs = s.databases(g, p)?;
        let mut migrated_ok = true;
        for t in dbs.iter().copied() {
            let label = format!("{}/{}", p.name, t.name);
            let res = async {
                let migrations = super::migrate::load_migrations(s, t)?;
                let url = s.postgres_url(t).await?;
                let mut conn = crate::conn::connect(&url).await?;
                let mut obs = ui.migration_observer(&label);
                let done = runner::up(
                    &mut conn,
                    &migrations,
                    UpTarget::All,
                    &Options { lock_timeout: s.lock_timeout },
                    &mut obs,
                )
                .await?;
                Ok::<_, Error>((done.len(), migrations.len()))
            }
            .await;
            match res {
                Ok((applied, total)) => rows.push(Row {
                    project: p.name.clone(),
                    step: "migrate up".into(),
                    target: t.name.clone(),
                    result: format!("{applied} applied ({total} in all)"),
                    ok: true,
                }),
                Err(e) => {
                    migrated_ok = false;
                    rows.push(Row {
                        project: p.name.clone(),
                        step: "migrate up".into(),
                        target: t.name.clone(),
                        result: format!("FAILED: {}", e.message.lines().next().unwrap_or("")),
                        ok: false,
                    });
                    ui.error(&e);
                    first_error.get_or_insert(e);
                }
            }
        }
        mongo_step(s, p, ui, &mut rows, &mut first_error).await;
        if !migrated_ok {
            continue;
        }
        if let Some(rt) = &p.redis {
            let res = async {
                let spec = crate::redis::spec::load(&rt.conventions)?;
                let url = s.redis_url(p)?;
                let mut r = crate::redis::client::Redis::connect(&url).await?;
                crate::redis::seed::seed(
                    &mut r,
                    &spec,
                    &crate::redis::seed::Options {
                        dry_run: false,
                        force: false,
                        // Server settings are applied to the sandbox only: on a real server
                        // they are the operator's call (`redis seed --apply-config`).
                        apply_config: rt.url.is_empty(),
                    },
                )
                .await
            }
            .await;
            match res {
                Ok(rep) => rows.push(Row {
                    project: p.name.clone(),
                    step: "redis seed".into(),
                    target: "redis".into(),
                    result: format!("registry {}, {} key(s) created, {} kept", rep.registry, rep.created, rep.kept),
                    ok: true,
                }),
                Err(e) => {
                    rows.push(Row {
                        project: p.name.clone(),
                        step: "redis seed".into(),
                        target: "redis".into(),
                        result: format!("FAILED: {}", e.message.lines().next().unwrap_or("")),
                        ok: false,
                    });
                    ui.error(&e);
                    first_error.get_or_insert(e);
                }
            }
        }
        let target = dbs.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ");
        match super::drift::project_findings(s, p, &dbs, Side::Live, a.dev_url.as_deref(), ui).await {
            Ok(findings) => {
                let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
                let warnings = findings.len() - errors;
                drift_errors += errors;
                let result = if findings.is_empty() {
                    "clean (live = migrations)".to_string()
                } else {
                    format!("{errors} error(s), {warnings} warning(s): run `dbctl drift -p {}`", p.name)
                };
                rows.push(Row { project: p.name.clone(), step: "drift".into(), target, result, ok: errors == 0 });
            }
            Err(e) => {
                rows.push(Row {
                    project: p.name.clone(),
                    step: "drift".into(),
                    target,
                    result: format!("FAILED: {}", e.message.lines().next().unwrap_or("")),
                    ok: false,
                });
                ui.error(&e);
                first_error.get_or_insert(e);
            }
        }
    }
    let wp = rows.iter().map(|r| r.project.len()).max().unwrap_or(7).max(7);
    let wt = rows.iter().map(|r| r.target.len()).max().unwrap_or(6).max(6);
    let mut out = format!("{:<wp$}  {:<12}  {:<wt$}  RESULT\n", "PROJECT", "STEP", "TARGET");
    for r in &rows {
        out.push_str(&format!("{:<wp$}  {:<12}  {:<wt$}  {}\n", r.project, r.step, r.target, r.result));
    }
    ui.data(&out);
    if ui.json {
        ui.json_doc(&json!({"steps": rows.iter().map(|r| json!({"project": r.project, "step": r.step, "target": r.target, "result": r.result, "ok": r.ok})).collect::<Vec<_>>()}));
    }
    match first_error {
        Some(e) => Err(Error {
            class: e.class,
            message: format!(
                "dbctl up: {} step(s) failed (see above){}",
                rows.iter().filter(|r| r.result.starts_with("FAILED")).count(),
                if drift_errors > 0 { format!("; drift found {drift_errors} error(s)") } else { String::new() }
            ),
            hint: e.hint,
        }),
        None if drift_errors > 0 => Ok(Outcome::Findings(drift_errors)),
        None => Ok(Outcome::Ok),
    }
}

/// `mongo apply` for a project that has a `mongo:` section; skipped with a note where none is
/// configured, or where the sandbox would be used and no Mongo server program is installed.
async fn mongo_step(
    s: &Settings,
    p: &crate::config::Project,
    ui: &Ui,
    rows: &mut Vec<Row>,
    first_error: &mut Option<Error>,
) {
    let row = |result: String, ok: bool| Row {
        project: p.name.clone(),
        step: "mongo apply".into(),
        target: p.mongo.as_ref().map(|m| m.database.clone()).unwrap_or_else(|| "-".into()),
        result,
        ok,
    };
    let Some(t) = &p.mongo else {
        ui.note(&format!("{}: no MongoDB configured (no `mongo:` in dbctl.yaml); mongo apply skipped", p.name));
        return;
    };
    if t.url.is_empty() {
        if let Err(looked) = s.sandbox.mongo(&s.config.root).program() {
            ui.note(&format!(
                "{}: mongo apply skipped: the URL is empty (sandbox) and no MongoDB server is installed (looked at: {looked}); run scripts/setup.sh or set the URL",
                p.name
            ));
            rows.push(row("skipped (no MongoDB server available)".into(), true));
            return;
        }
    }
    let o = crate::mongo::ApplyOptions::default();
    match super::mongo::apply_project(s, t, o, ui).await {
        Ok(r) => match super::mongo::refused_error(&r) {
            None => {
                let skipped = match r.unsupported().len() {
                    0 => String::new(),
                    n => format!(", {n} not supported by this server (warning)"),
                };
                rows.push(row(format!("{} change(s), {} held back{skipped}", r.applied(), r.held_back.len()), true))
            }
            Some(e) => {
                rows.push(row(format!("FAILED: {} refused, {} applied", r.refused().len(), r.applied()), false));
                ui.error(&e);
                first_error.get_or_insert(e);
            }
        },
        Err(e) => {
            rows.push(row(format!("FAILED: {}", e.message.lines().next().unwrap_or("")), false));
            ui.error(&e);
            first_error.get_or_insert(e);
        }
    }
}
