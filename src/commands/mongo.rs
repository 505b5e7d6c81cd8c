//! `dbctl mongo apply [--dry-run] [--prune]` and `dbctl mongo status`: settings → core
//! ([`crate::mongo`]) → report.

use crate::cli::{GlobalArgs, MongoApplyArgs, MongoCmd};
use crate::config::{MongoTarget, Project};
use crate::error::{Error, Outcome, Result};
use crate::mongo::{self, ApplyOptions, Finding, Severity, Target};
use crate::settings::Settings;
use crate::ui::Ui;
use serde_json::json;

pub async fn run(s: &Settings, g: &GlobalArgs, cmd: MongoCmd, ui: &Ui) -> Result<Outcome> {
    let projects = s.projects(g, false)?;
    let Some(p) = projects.first() else { return Ok(Outcome::Ok) };
    let t = target(p)?;
    match cmd {
        MongoCmd::Apply(a) => apply(s, p, t, a, ui).await,
        MongoCmd::Status => status(s, p, t, ui).await,
    }
}

fn target(p: &Project) -> Result<&MongoTarget> {
    p.mongo.as_ref().ok_or_else(|| {
        Error::input(format!("project {} has no MongoDB configured", p.name)).with_hint(format!(
            "add `mongo: {{ url: \"${{{}_MONGO_URL}}\", database: {}, spec: mongo_indexes/{}.yaml }}` to the project in dbctl.yaml",
            p.name.to_uppercase(),
            p.name,
            p.name
        ))
    })
}

/// Runs `mongo apply` for one project; also used by `dbctl up`.
pub async fn apply_project(s: &Settings, t: &MongoTarget, o: ApplyOptions, ui: &Ui) -> Result<mongo::ApplyReport> {
    let url = s.mongo_url(t).await?;
    let target = Target { url, database: &t.database, spec: &t.spec };
    let quiet_steps = ui.json;
    mongo::apply_spec(&target, o, |r| {
        if quiet_steps {
            return;
        }
        match r.status {
            "applied" => ui.status(done_verb(r.action), &format!("{} {} ({})", noun(r.action), r.object, r.reason)),
            "unsupported" => ui.warn(&format!("{} skipped: {}", r.object, r.error.as_deref().unwrap_or("?"))),
            _ => ui.warn(&format!("server refused {}: {}", r.object, r.error.as_deref().unwrap_or("?"))),
        }
    })
    .await
}

fn done_verb(a: mongo::plan::Action) -> &'static str {
    match a {
        mongo::plan::Action::CreateCollection | mongo::plan::Action::CreateIndex => "Created",
        mongo::plan::Action::UpdateValidator => "Updated",
        mongo::plan::Action::DropIndex => "Dropped",
    }
}

fn noun(a: mongo::plan::Action) -> &'static str {
    match a {
        mongo::plan::Action::CreateCollection => "collection",
        mongo::plan::Action::UpdateValidator => "validator of",
        mongo::plan::Action::DropIndex | mongo::plan::Action::CreateIndex => "index",
    }
}

/// The error for refused commands (exit 1), naming each and the server's reason.
pub fn refused_error(r: &mongo::ApplyReport) -> Option<Error> {
    let refused = r.refused();
    if refused.is_empty() {
        return None;
    }
    let mut msg = format!("mongo apply: the server refused {} command(s); everything else was applied:", refused.len());
    for s in &refused {
        msg.push_str(&format!("\n  {} {}: {}", action_word(s.action), s.object, s.error.as_deref().unwrap_or("?")));
    }
    Some(Error::runtime(msg).with_hint(
        "use a server that supports them (e.g. a real mongod for text indexes), or take them out of the spec",
    ))
}

fn action_word(a: mongo::plan::Action) -> &'static str {
    match a {
        mongo::plan::Action::CreateCollection => "create collection",
        mongo::plan::Action::UpdateValidator => "update validator of",
        mongo::plan::Action::DropIndex => "drop index",
        mongo::plan::Action::CreateIndex => "create index",
    }
}

async fn apply(s: &Settings, p: &Project, t: &MongoTarget, a: MongoApplyArgs, ui: &Ui) -> Result<Outcome> {
    let o = ApplyOptions { dry_run: a.dry_run, prune: a.prune };
    let r = apply_project(s, t, o, ui).await?;
    if ui.json {
        // One flat document: {"project", "database", "dry_run", "prune", "steps", "held_back", "findings"}.
        let mut doc = json!({"project": p.name});
        if let (Some(d), Ok(serde_json::Value::Object(rep))) = (doc.as_object_mut(), serde_json::to_value(&r)) {
            d.extend(rep);
        }
        ui.json_doc(&doc);
    } else {
        if r.dry_run {
            let mut out = String::new();
            for st in &r.steps {
                out.push_str(&format!("// {} {} ({})\n{}\n", action_word(st.action), st.object, st.reason, st.command));
            }
            ui.data(if out.is_empty() { "// nothing to do" } else { &out });
        }
        for h in &r.held_back {
            ui.warn(&format!("{}: {}", h.object, h.reason));
        }
        let changes = if r.dry_run { r.steps.len() } else { r.applied() };
        match (r.dry_run, changes) {
            (true, 0) => ui.status("Up to date", &format!("mongo:{} matches the spec (dry run)", r.database)),
            (true, n) => {
                ui.status("Would run", &format!("{n} command(s) on mongo:{} (dry run; nothing changed)", r.database))
            }
            (false, 0) if r.refused().is_empty() && r.unsupported().is_empty() => {
                ui.status("Up to date", &format!("mongo:{}: no changes", r.database))
            }
            (false, 0) if r.refused().is_empty() => ui.status(
                "Up to date",
                &format!("mongo:{}: no changes this server can make ({} skipped)", r.database, r.unsupported().len()),
            ),
            (false, n) => ui.status("Applied", &format!("{n} change(s) to mongo:{}", r.database)),
        }
    }
    match refused_error(&r) {
        Some(e) => Err(e),
        None => Ok(Outcome::Ok),
    }
}

async fn status(s: &Settings, p: &Project, t: &MongoTarget, ui: &Ui) -> Result<Outcome> {
    let url = s.mongo_url(t).await?;
    let r = mongo::status(&Target { url, database: &t.database, spec: &t.spec }).await?;
    let errors = mongo::diff::errors(&r.findings);
    let warnings = r.findings.len() - errors;
    if ui.json {
        ui.json_doc(&json!({
            "project": p.name,
            "database": r.database,
            "findings": r.findings,
            "summary": {"errors": errors, "warnings": warnings},
        }));
    } else if r.findings.is_empty() {
        ui.status(
            "Clean",
            &format!(
                "mongo:{}: {} collection(s) and {} index(es) match the spec",
                r.database, r.collections, r.indexes
            ),
        );
    } else {
        ui.data(&render(&r.findings));
        ui.status("Drift", &format!("mongo:{}: {errors} error(s), {warnings} warning(s)", r.database));
        if errors > 0 {
            ui.note(
                "`dbctl mongo apply` creates what is missing; `--prune` also drops extra and rebuilds changed indexes",
            );
        }
    }
    Ok(Outcome::Findings(errors))
}

/// Findings as text: one block per finding.
pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{sev:<8} {:<21} {}\n", f.kind.as_str(), f.object));
        out.push_str(&format!("         expected: {}\n", f.expected.as_deref().unwrap_or("(none)")));
        out.push_str(&format!("         actual:   {}\n", f.actual.as_deref().unwrap_or("(none)")));
    }
    out
}
