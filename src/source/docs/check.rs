//! Holding a schema to a document: read the document, replay it, diff it with the actual
//! schema (live or migrations), tag every finding with the document's file and line, add the
//! document's own findings (lint), and set the reviewed deviations apart.

use super::deviations::{Accepted, Deviations};
use crate::diff::{diff_schema, Finding, FindingKind};
use crate::error::{Error, Result};
use crate::model::Schema;
use crate::redact::Redacted;
use std::path::Path;

/// What [`check`] needs.
pub struct Inputs<'a> {
    pub doc: &'a Path,
    /// Project root: file names in findings are shown relative to it when they are under it.
    pub root: &'a Path,
    /// Every database of the project, in configuration order (the first is the default).
    pub databases: &'a [String],
    /// The databases to check.
    pub selected: &'a [String],
    pub deviations: &'a Path,
    pub dev: &'a Redacted,
    /// The actual side, for the selected databases.
    pub actual: &'a Schema,
    /// The project's Mongo spec (path, database) and Redis conventions, which the document's
    /// MongoDB and Redis parts are held to.
    pub mongo_spec: Option<(&'a Path, &'a str)>,
    pub redis_spec: Option<&'a Path>,
}

/// The result: drift (including stale deviations) and accepted deviations.
#[derive(Debug, Default)]
pub struct DocDrift {
    pub findings: Vec<Finding>,
    pub accepted: Vec<Accepted>,
    pub statements: usize,
    pub round_trips: usize,
}

fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

/// Runs the comparison described in the module docs.
pub async fn check(i: &Inputs<'_>) -> Result<DocDrift> {
    let text = std::fs::read_to_string(i.doc).map_err(|e| {
        Error::input(format!("cannot read the documented schema {}: {e}", i.doc.display()))
            .with_hint("check the `doc:` entry in dbctl.yaml or the --doc path")
    })?;
    let file = display(i.doc, i.root);
    let doc = super::read(&text, i.databases);
    let replayed = super::replay::replay(i.dev, &doc, i.selected).await?;
    let mut expected = replayed.schema;
    // A selected database the document says nothing about is not held to it.
    let mut actual = i.actual.clone();
    actual.postgres.retain(|db, _| expected.postgres.contains_key(db));
    expected.postgres.retain(|db, _| i.selected.contains(db));
    let mut findings: Vec<Finding> = diff_schema(&expected, &actual)
        .into_iter()
        .map(|mut f| {
            let db = f.database.clone().unwrap_or_default();
            f.line = doc.line_of(&db, &f.object);
            if f.line.is_some() || f.kind != FindingKind::ExtraTable {
                f.file = Some(file.clone());
            }
            f
        })
        .collect();
    let in_scope = |f: &Finding| f.database.as_ref().is_none_or(|d| i.selected.contains(d));
    findings.extend(doc.findings(&file).into_iter().filter(in_scope));
    findings.extend(
        replayed
            .problems
            .into_iter()
            .map(|p| Finding {
                database: p.db,
                file: Some(file.clone()),
                line: Some(p.line),
                ..Finding::new(p.kind, p.object, p.expected, p.actual)
            })
            .filter(in_scope),
    );
    if let Some((path, database)) = i.mongo_spec {
        let spec = crate::mongo::spec::load(path, database)?;
        findings.extend(super::nosql_check::mongo(&doc, &spec, &file));
    }
    if let Some(path) = i.redis_spec {
        let spec = crate::redis::spec::load(path)?;
        findings.extend(super::nosql_check::redis(&doc, &spec, &file));
    }
    findings.sort();
    findings.dedup();
    let dev_display = display(i.deviations, i.root);
    let deviations = Deviations::load(i.deviations, &dev_display)?;
    let (findings, accepted) =
        if deviations.applies_to(i.doc) { deviations.apply(findings) } else { (findings, Vec::new()) };
    Ok(DocDrift { findings, accepted, statements: doc.statements.len(), round_trips: replayed.round_trips })
}
