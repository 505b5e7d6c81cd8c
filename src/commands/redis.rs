//! `dbctl redis seed|audit`: settings → conventions file → Redis → report.

use crate::cli::{GlobalArgs, RedisCmd};
use crate::config::Project;
use crate::error::{Error, Outcome, Result};
use crate::redis::audit::{self, AuditReport};
use crate::redis::client::Redis;
use crate::redis::seed::{self, KeyAction, SeedReport};
use crate::redis::spec;
use crate::settings::Settings;
use crate::ui::Ui;
use serde_json::json;

pub async fn run(s: &Settings, g: &GlobalArgs, cmd: RedisCmd, ui: &Ui) -> Result<Outcome> {
    let projects: Vec<&Project> = s.projects(g, false)?;
    let project = projects.first().copied().ok_or_else(|| Error::input("no project selected"))?;
    let target = project.redis.as_ref().ok_or_else(|| {
        Error::input(format!("project {} has no `redis:` in {}", project.name, s.config.file.display()))
            .with_hint("add `redis: { url: \"${VAR}\", conventions: seeds/<project>/redis.yaml }` to the project")
    })?;
    let spec = spec::load(&target.conventions)?;
    let url = s.redis_url(project)?;
    let mut r = Redis::connect(&url).await?;
    ui.debug(&format!("connected to {url} ({})", if r.is_cluster() { "cluster" } else { "standalone" }));
    match cmd {
        RedisCmd::Seed { dry_run, force, apply_config } => {
            let report = seed::seed(&mut r, &spec, &seed::Options { dry_run, force, apply_config }).await?;
            render_seed(ui, &project.name, &report);
            Ok(Outcome::Ok)
        }
        RedisCmd::Audit => {
            let report = audit::audit(&mut r, &spec).await?;
            render_audit(ui, &project.name, &report, &spec);
            Ok(if report.violations > 0 { Outcome::Findings(report.violations as usize) } else { Outcome::Ok })
        }
    }
}

fn render_seed(ui: &Ui, project: &str, r: &SeedReport) {
    if ui.json {
        ui.json_doc(&json!({"project": project, "seed": r}));
        return;
    }
    let would = if r.dry_run { "would " } else { "" };
    let mut out = String::new();
    out.push_str(&format!("registry {}: {would}{}\n", r.registry_key, r.registry));
    let listed = r.dry_run || ui.verbose || r.keys_total <= 50;
    if listed {
        for k in &r.keys {
            let verb = match k.action {
                KeyAction::Create => "create",
                KeyAction::Keep => "keep",
                KeyAction::Overwrite => "overwrite",
                KeyAction::Write => "write",
            };
            out.push_str(&format!("  {verb:<9} {}  {}\n", k.key, k.command));
        }
        if r.keys_total > r.keys.len() {
            out.push_str(&format!("  ... and {} more key(s)\n", r.keys_total - r.keys.len()));
        }
    }
    for st in &r.settings {
        let actual = st.actual.as_deref().unwrap_or("(unknown)");
        let what = match st.action.as_str() {
            "ok" => "ok".to_string(),
            "set" => format!("set (was {actual})"),
            "would_set" => format!("would set (now {actual})"),
            _ => format!("is {actual}; --apply-config sets it"),
        };
        out.push_str(&format!("setting {} = {} on {}: {what}\n", st.name, st.expected, st.node));
    }
    ui.data(&out);
    ui.status(
        if r.dry_run { "Dry run" } else { "Seeded" },
        &format!(
            "{project}: {would}create {}, keep {} existing, {}overwrite {} ({} seed key(s){})",
            r.created,
            r.kept,
            would,
            r.overwritten,
            r.keys_total,
            if r.cluster { ", cluster" } else { "" }
        ),
    );
    if r.kept > 0 && !r.dry_run {
        ui.note("existing keys were kept; `dbctl redis seed --force` replaces them");
    }
}

fn render_audit(ui: &Ui, project: &str, r: &AuditReport, spec: &spec::Spec) {
    if ui.json {
        let findings = r.findings(spec);
        ui.json_doc(&json!({"project": project, "audit": r, "findings": findings}));
        return;
    }
    let wn = r.conventions.iter().map(|c| c.name.len()).max().unwrap_or(10).max(10);
    let wp = r.conventions.iter().map(|c| c.pattern.len()).max().unwrap_or(7).max(7);
    let mut out = format!(
        "{:<wn$}  {:<wp$}  {:<10}  {:>9}  {:>10}  {:>6}  {:>9}\n",
        "CONVENTION", "PATTERN", "TYPE", "KEYS", "WRONG TYPE", "NO TTL", "TTL RANGE"
    );
    for c in &r.conventions {
        out.push_str(&format!(
            "{:<wn$}  {:<wp$}  {:<10}  {:>9}  {:>10}  {:>6}  {:>9}\n",
            c.name,
            c.pattern,
            c.key_type,
            c.keys,
            c.wrong_type.count,
            c.missing_ttl.count,
            c.ttl_out_of_range.count + c.unexpected_ttl.count
        ));
    }
    out.push_str(&format!("{:<wn$}  {:<wp$}  {:<10}  {:>9}\n", "(none)", "", "", r.unmatched.count));
    let findings = r.findings(spec);
    if !findings.is_empty() {
        out.push('\n');
        for f in &findings {
            out.push_str(&format!(
                "{:<7} {:<22} {}: expected {}; found {}\n",
                f.severity.as_str(),
                f.kind.as_str(),
                f.object,
                f.expected.as_deref().unwrap_or("-"),
                f.actual.as_deref().unwrap_or("-")
            ));
        }
    }
    ui.data(&out);
    let summary =
        format!("{project}: {} key(s) scanned on {} node(s), {} violation(s)", r.scanned, r.nodes.len(), r.violations);
    if r.violations > 0 {
        ui.status("Violations", &summary);
    } else {
        ui.status("Clean", &summary);
    }
}
