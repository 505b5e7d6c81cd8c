//! MongoDB collections, validators and indexes from a spec, and their drift.
//!
//! The flow is the same as for PostgreSQL: [`spec`] (the expected side) and [`inspect`] (the
//! live side, through the official `mongodb` driver) both yield the canonical [`model`], with
//! [`normalize`] interpreting what the server returns; [`diff`] compares two models into
//! findings; [`plan`] turns the comparison into commands and [`apply`] runs them.
//! `mongo apply` = inspect, plan, apply, inspect again, diff (what is left must be only what was
//! held back or refused). The entry points for commands and for `dbctl drift` are [`status`],
//! [`drift`] and [`apply_spec`].

pub mod apply;
pub mod client;
pub mod diff;
pub mod inspect;
pub mod model;
pub mod normalize;
pub mod plan;
pub mod spec;

pub use diff::{Finding, FindingKind, Severity};

use crate::error::Result;
use crate::redact::Redacted;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Where a project's Mongo database is and what it must look like.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    pub url: Redacted,
    pub database: &'a str,
    pub spec: &'a Path,
}

/// Findings for the Mongo part of `dbctl drift` and `mongo status`: the spec against the live
/// database, sorted, each with `kind`, `object` (`mongo:<db>.<collection>[.<index>]`),
/// `expected`, `actual` and `severity`. Spec errors are input errors (exit 2); an unreachable
/// server is a runtime error (exit 1).
pub async fn drift(t: &Target<'_>) -> Result<Vec<Finding>> {
    let spec = spec::load(t.spec, t.database)?;
    let db = client::connect(&t.url, t.database).await?;
    let live = inspect::inspect(&db).await?;
    let caps = client::Capabilities::of(&db).await;
    Ok(within_capabilities(&unbuildable(&spec.database, &caps), diff::diff(&spec.database, &live)))
}

/// The spec's indexes this server cannot build, by object, with the reason.
fn unbuildable(spec: &model::MongoDatabase, caps: &client::Capabilities) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (cname, c) in &spec.collections {
        for (iname, index) in &c.indexes {
            if let Some(why) = caps.cannot_build(index) {
                out.insert(diff::index_object(&spec.name, cname, iname), why);
            }
        }
    }
    out
}

/// An index the server cannot build (the sandbox's SecantusDB has no text indexes) is missing
/// for a reason that is no drift of the database: it stays a finding, as a warning that says so.
fn within_capabilities(cannot: &BTreeMap<String, String>, mut findings: Vec<Finding>) -> Vec<Finding> {
    for f in &mut findings {
        if let (FindingKind::MissingIndex, Some(why)) = (f.kind, cannot.get(&f.object)) {
            f.severity = Severity::Warning;
            f.actual = Some(why.clone());
        }
    }
    findings
}

/// What `mongo status` reports.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub database: String,
    pub collections: usize,
    pub indexes: usize,
    pub findings: Vec<Finding>,
}

/// `mongo status`: the drift findings plus what the spec covers.
pub async fn status(t: &Target<'_>) -> Result<StatusReport> {
    let spec = spec::load(t.spec, t.database)?;
    let db = client::connect(&t.url, t.database).await?;
    let live = inspect::inspect(&db).await?;
    let caps = client::Capabilities::of(&db).await;
    Ok(StatusReport {
        database: t.database.to_string(),
        collections: spec.database.collections.len(),
        indexes: spec.database.collections.values().map(|c| c.indexes.len()).sum(),
        findings: within_capabilities(&unbuildable(&spec.database, &caps), diff::diff(&spec.database, &live)),
    })
}

/// Options of `mongo apply`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplyOptions {
    /// Print the commands; change nothing.
    pub dry_run: bool,
    /// Drop extra indexes and rebuild changed ones.
    pub prune: bool,
}

/// What `mongo apply` did.
#[derive(Debug, Clone, Serialize)]
pub struct ApplyReport {
    pub database: String,
    pub dry_run: bool,
    pub prune: bool,
    pub steps: Vec<apply::StepResult>,
    pub held_back: Vec<plan::HeldBack>,
    /// Differences left after the run (after a dry run: before it).
    pub findings: Vec<Finding>,
}

impl ApplyReport {
    pub fn refused(&self) -> Vec<&apply::StepResult> {
        self.steps.iter().filter(|s| s.status == "refused").collect()
    }
    /// Steps not run because the server cannot do them (see [`client::Capabilities`]).
    pub fn unsupported(&self) -> Vec<&apply::StepResult> {
        self.steps.iter().filter(|s| s.status == "unsupported").collect()
    }
    pub fn applied(&self) -> usize {
        self.steps.iter().filter(|s| s.status == "applied").count()
    }
}

/// `mongo apply`: create what is missing, update validators, and with `prune` drop extra and
/// rebuild changed indexes; then inspect again and report what still differs. A command the
/// server refuses does not stop the others: it is in the report with the server's reason.
pub async fn apply_spec(
    t: &Target<'_>,
    o: ApplyOptions,
    on_step: impl FnMut(&apply::StepResult),
) -> Result<ApplyReport> {
    let spec = spec::load(t.spec, t.database)?;
    let db = client::connect(&t.url, t.database).await?;
    let live = inspect::inspect(&db).await?;
    let caps = client::Capabilities::of(&db).await;
    let cannot = unbuildable(&spec.database, &caps);
    let p = plan::plan(&spec.database, &live, o.prune);
    let (steps, findings) = if o.dry_run {
        (p.steps.iter().map(apply::StepResult::planned).collect(), diff::diff(&spec.database, &live))
    } else {
        let steps = apply::apply(&db, &p, &cannot, on_step).await;
        let after = inspect::inspect(&db).await?;
        (steps, diff::diff(&spec.database, &after))
    };
    let findings = within_capabilities(&cannot, findings);
    Ok(ApplyReport {
        database: t.database.to_string(),
        dry_run: o.dry_run,
        prune: o.prune,
        steps,
        held_back: p.held_back,
        findings,
    })
}
