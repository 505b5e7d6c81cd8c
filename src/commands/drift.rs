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
    let mut deviations = Vec::new();
    for p in projects {
        let dbs = s.databases(g, p)?;
        let (mut f, mut dev) = if a.against == Side::Docs {
            let d = docs_drift(s, p, &dbs, a.from, a.doc.as_deref(), a.dev_url.as_deref(), ui).await?;
            (d.findings, d.accepted)
        } else {
            (project_findings(s, p, &dbs, a.from, a.dev_url.as_deref(), ui).await?, Vec::new())
        };
        if several {
            let tag = |db: &mut Option<String>| {
                *db = Some(match db.as_deref() {
                    Some(d) => format!("{}/{d}", p.name),
                    None => p.name.clone(),
                })
            };
            f.iter_mut().for_each(|x| tag(&mut x.database));
            dev.iter_mut().for_each(|x| tag(&mut x.finding.database));
        }
        findings.extend(f);
        deviations.extend(dev);
    }
    let mut report = DriftReport::new(a.from.as_str(), a.against.as_str(), findings);
    report.deviations = deviations.iter().filter_map(|d| serde_json::to_value(d).ok()).collect();
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
    dev_url: Option<&str>,
    ui: &Ui,
) -> Result<Vec<Finding>> {
    let opts = Options { lock_timeout: s.lock_timeout };
    let mut expected = Schema::default();
    let mut actual = Schema::default();
    // Only PostgreSQL needs a scratch server (a Mongo/Redis-only project needs none).
    let dev = if dbs.is_empty() { None } else { Some(s.dev_server(dev_url)?) };
    for (t, dev) in dbs.iter().zip(std::iter::repeat(dev.as_ref()).flatten()) {
        let migrations = super::migrate::load_migrations(s, t)?;
        let exp = source::migrations::schema_from_migrations(
            dev,
            &migrations,
            UpTarget::All,
            &opts,
            s.replay_cache_dir().as_deref(),
        )
        .await?;
        expected.postgres.insert(t.name.clone(), exp);
        if from == Side::Live {
            let url = s.postgres_url(t).await?;
            actual.postgres.insert(t.name.clone(), inspect_url(&url).await?);
        }
    }
    let mut findings = diff_schema(&expected, &actual);
    // Mongo and Redis have no migrations: live, they are held to their spec files.
    if from == Side::Live {
        findings.extend(mongo_findings(s, p, ui).await?);
        if let Some(r) = &p.redis {
            let spec = crate::redis::spec::load(&r.conventions)?;
            let url = s.redis_url(p)?;
            findings.extend(crate::redis::audit::drift(&url, &spec).await?);
        }
    }
    findings.sort();
    Ok(findings)
}

/// Drift of one project against a document: the findings left after the reviewed deviations,
/// and the findings those deviations accept.
pub async fn docs_drift(
    s: &Settings,
    p: &Project,
    dbs: &[&PostgresTarget],
    from: Side,
    doc: Option<&std::path::Path>,
    dev_url: Option<&str>,
    ui: &Ui,
) -> Result<source::docs::check::DocDrift> {
    let path = match (doc, &p.doc) {
        (Some(d), _) => d.to_path_buf(),
        (None, Some(d)) => d.clone(),
        (None, None) => {
            return Err(Error::input(format!("project {} has no documented schema", p.name)).with_hint(format!(
                "add `doc: docs/schemas/{}.md` to its entry in dbctl.yaml, or pass --doc FILE",
                p.name
            )))
        }
    };
    let dev = s.dev_server(dev_url)?;
    let mut actual = Schema::default();
    let opts = Options { lock_timeout: s.lock_timeout };
    for t in dbs {
        let schema = match from {
            Side::Live => inspect_url(&s.postgres_url(t).await?).await?,
            _ => {
                let migrations = super::migrate::load_migrations(s, t)?;
                source::migrations::schema_from_migrations(
                    &dev,
                    &migrations,
                    UpTarget::All,
                    &opts,
                    s.replay_cache_dir().as_deref(),
                )
                .await?
            }
        };
        actual.postgres.insert(t.name.clone(), schema);
    }
    let all: Vec<String> = p.postgres.keys().cloned().collect();
    let selected: Vec<String> = dbs.iter().map(|t| t.name.clone()).collect();
    let deviations = s.config.root.join("docs/schemas").join(format!("{}.deviations.yaml", p.name));
    let d = source::docs::check::check(&source::docs::check::Inputs {
        doc: &path,
        root: &s.config.root,
        databases: &all,
        selected: &selected,
        deviations: &deviations,
        dev: &dev,
        actual: &actual,
        mongo_spec: p.mongo.as_ref().map(|m| (m.spec.as_path(), m.database.as_str())),
        redis_spec: p.redis.as_ref().map(|r| r.conventions.as_path()),
    })
    .await?;
    ui.debug(&format!("{}: {} statements replayed in {} round trips", path.display(), d.statements, d.round_trips));
    Ok(d)
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
