//! `dbctl provision`: databases, roles, grants and extensions for the selected project(s).

use crate::cli::{GlobalArgs, ProvisionArgs};
use crate::config::Project;
use crate::error::{Outcome, Result};
use crate::provision::live::{self, Target};
use crate::provision::{self, Step};
use crate::settings::Settings;
use crate::ui::Ui;
use serde_json::json;
use std::collections::BTreeSet;

pub async fn run(s: &Settings, g: &GlobalArgs, a: ProvisionArgs, ui: &Ui) -> Result<Outcome> {
    let mut docs = Vec::new();
    for p in s.projects(g, a.all)? {
        for (db, steps) in provision_project(s, g, p, a.dry_run, ui).await? {
            docs.push(json!({"project": p.name, "database": db, "dry_run": a.dry_run, "changes": steps}));
        }
    }
    if ui.json {
        ui.json_doc(&json!({"provisioned": docs}));
    }
    Ok(Outcome::Ok)
}

/// Provisions every selected database of a project; returns (database, SQL shown) per database.
pub async fn provision_project(
    s: &Settings,
    g: &GlobalArgs,
    p: &Project,
    dry_run: bool,
    ui: &Ui,
) -> Result<Vec<(String, Vec<String>)>> {
    let roles = live::role_wants(p)?;
    for r in roles.iter().filter(|r| r.password.is_none()) {
        ui.debug(&format!("role {} of {} has no password configured; it is left as it is", r.kind, p.name));
    }
    let mut out = Vec::new();
    for t in s.databases(g, p)? {
        let (admin_url, database) = s.postgres_admin(t)?;
        let mut extensions: BTreeSet<String> = p.extensions.iter().cloned().collect();
        match super::migrate::load_migrations(s, t) {
            Ok(ms) => {
                for m in &ms {
                    extensions.extend(provision::extensions_in(&m.forward.sql));
                }
            }
            Err(e) => ui.warn(&format!("{}/{}: extensions used by migrations unknown: {}", p.name, t.name, e.message)),
        }
        let target = Target {
            label: format!("{}/{}", p.name, t.name),
            admin_url,
            database: database.clone(),
            roles: roles.clone(),
            extensions,
        };
        let mut shown = Vec::new();
        let verb = if dry_run { "Would run" } else { "Ran" };
        let mut on_step = |st: &Step| {
            let sql = st.shown();
            ui.status(verb, &sql);
            shown.push(sql);
        };
        live::provision(&target, dry_run, &mut on_step).await?;
        if shown.is_empty() {
            ui.status("Up to date", &format!("{} (database {})", target.label, crate::conn::quote_ident(&database)));
        } else {
            ui.status(
                if dry_run { "Planned" } else { "Provisioned" },
                &format!("{}: {} change(s)", target.label, shown.len()),
            );
        }
        out.push((t.name.clone(), shown));
    }
    Ok(out)
}
