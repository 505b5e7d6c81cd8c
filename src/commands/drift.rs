//! `dbctl drift`: compare an actual schema (`--from`) with an expected one (`--against`), render
//! text, JSON or JUnit, exit 3 on error-severity drift.

use crate::cli::{DriftArgs, Format, GlobalArgs, Side};
use crate::config::{PostgresTarget, Project};
use crate::diff::{diff_schema, Finding};
use crate::error::{Error, Outcome, Result};
use crate::migrate::runner::{Options, UpTarget};
use crate::model::Schema;
use crate::redact::Redacted;
use crate::report::drift::DriftReport;
use crate::settings::Settings;
use crate::source;
use crate::ui::Ui;

pub async fn run(s: &Settings, g: &GlobalArgs, a: &DriftArgs, ui: &Ui) -> Result<Outcome> {
    if a.from == a.against {
        return Err(Error::input(format!("--from and --against are both {}: nothing to compare", a.from.as_str())));
    }
    if a.from == Side::Docs {
        return Err(Error::input("--from docs is not supported; use --against docs")
            .with_hint("e.g. dbctl drift --from migrations --against docs"));
    }
    let projects = s.projects(g, a.all)?;
    let several = projects.len() > 1;
    let mut findings = Vec::new();
    for p in projects {
        let dbs = s.databases(g, p)?;
        let mut f = project_findings(s, p, &dbs, a.from, a.against, a.doc.as_deref(), a.dev_url.as_deref()).await?;
        if a.from == Side::Live {
            f.extend(mongo_findings(s, p, ui).await?);
        }
        if several {
            for x in &mut f {
                x.database = Some(format!("{}/{}", p.name, x.database.as_deref().unwrap_or("")));
            }
        }
        findings.extend(f);
    }
    let report = DriftReport::new(a.from.as_str(), a.against.as_str(), findings);
    let format = if g.json { Format::Json } else { a.format };
    let text = match format {
        Format::Text => report.render_text(ui.color),
        Format::Json => report.render_json(),
        Format::Junit => report.render_junit(),
    };
    // The report is the data of this command: it goes to stdout even with --json.
    ui.report(&text);
    let s = report.summary();
    Ok(if report.has_errors() { Outcome::Findings(s.errors) } else { Outcome::Ok })
}

/// Findings for one project's selected databases.
pub async fn project_findings(
    s: &Settings,
    p: &Project,
    dbs: &[&PostgresTarget],
    from: Side,
    against: Side,
    doc: Option<&std::path::Path>,
    dev_url: Option<&str>,
) -> Result<Vec<Finding>> {
    if against == Side::Docs {
        let _ = doc;
        return Err(Error::input("drift --against docs is not available yet in this version")
            .with_hint("use --against migrations (the default) to compare the live database with its migrations"));
    }
    let opts = Options { lock_timeout: s.lock_timeout };
    let dev = s.dev_server(dev_url)?;
    let mut expected = Schema::default();
    let mut actual = Schema::default();
    for t in dbs {
        let migrations = super::migrate::load_migrations(s, t)?;
        let exp = source::migrations::schema_from_migrations(&dev, &migrations, UpTarget::All, &opts).await?;
        expected.postgres.insert(t.name.clone(), exp);
        if from == Side::Live {
            let url = s.postgres_url(t).await?;
            actual.postgres.insert(t.name.clone(), inspect_url(&url).await?);
        }
    }
    let mut findings = diff_schema(&expected, &actual);
    // Redis has no migrations: its live keyspace is held to its conventions file.
    if from == Side::Live {
        if let Some(r) = &p.redis {
            let spec = crate::redis::spec::load(&r.conventions)?;
            let url = s.redis_url(p)?;
            findings.extend(crate::redis::audit::drift(&url, &spec).await?);
        }
    }
    findings.sort();
    Ok(findings)
}

pub async fn inspect_url(url: &Redacted) -> Result<crate::model::PgSchema> {
    let mut c = crate::conn::connect(url).await?;
    source::live::postgres::inspect(&mut c).await.map_err(|e| Error::runtime(format!("cannot inspect {url}: {e}")))
}

/// The Mongo part of drift: the live database against the project's spec (the spec is the
/// expected side whatever `--against` says: migrations and docs describe PostgreSQL). Skipped
/// with a note when the project has no `mongo:`, or would use the sandbox and none is installed.
pub async fn mongo_findings(s: &Settings, p: &Project, ui: &Ui) -> Result<Vec<Finding>> {
    let Some(t) = &p.mongo else { return Ok(Vec::new()) };
    if t.url.is_empty() {
        if let Err(looked) = s.sandbox.mongo(&s.config.root).program() {
            ui.note(&format!(
                "{}: Mongo drift skipped: no MongoDB URL and no sandbox server installed (looked at: {looked})",
                p.name
            ));
            return Ok(Vec::new());
        }
    }
    let url = s.mongo_url(t).await?;
    let target = crate::mongo::Target { url, database: &t.database, spec: &t.spec };
    Ok(crate::mongo::drift(&target).await?.into_iter().map(Finding::from).collect())
}
