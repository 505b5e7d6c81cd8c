//! Comparing an expected database (the spec) with an actual one (the server): a pure function
//! from two canonical models to sorted drift findings, in the shape of the CLI contract's
//! "Drift findings" (`kind`, `object`, `expected`, `actual`, `severity`).
//!
//! Objects are named `mongo:<db>.<collection>` and `mongo:<db>.<collection>.<index>`. Indexes are
//! matched by name; a missing and an extra index with the same definition are reported once, as
//! a renamed index (a warning: queries behave the same, only commands naming it notice).

use super::model::{describe_options, options_match, Collection, MongoDatabase};
use serde::Serialize;
use std::fmt;

/// How much a finding matters: `error` fails a check (exit 3), `warning` alone does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// The Mongo kinds of finding (snake_case when serialised; names follow the Postgres kinds:
/// `missing_index`, `extra_index`, `index_definition`, `index_name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    MissingCollection,
    ExtraCollection,
    /// Creation-time options (capped, time series, collation) differ.
    CollectionOptions,
    /// Validator rule, level or action differ (or one side has none).
    ValidatorDefinition,
    MissingIndex,
    ExtraIndex,
    IndexDefinition,
    IndexName,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::MissingCollection => "missing_collection",
            FindingKind::ExtraCollection => "extra_collection",
            FindingKind::CollectionOptions => "collection_options",
            FindingKind::ValidatorDefinition => "validator_definition",
            FindingKind::MissingIndex => "missing_index",
            FindingKind::ExtraIndex => "extra_index",
            FindingKind::IndexDefinition => "index_definition",
            FindingKind::IndexName => "index_name",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            FindingKind::IndexName => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference. `expected`/`actual` are `None` for "absent".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    pub object: String,
    pub kind: FindingKind,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub severity: Severity,
}

impl Finding {
    fn new(kind: FindingKind, object: String, expected: Option<String>, actual: Option<String>) -> Self {
        Finding { kind, object, expected, actual, severity: kind.severity() }
    }
}

/// `mongo:<db>.<collection>`.
pub fn collection_object(db: &str, coll: &str) -> String {
    format!("mongo:{db}.{coll}")
}

/// `mongo:<db>.<collection>.<index>`.
pub fn index_object(db: &str, coll: &str, index: &str) -> String {
    format!("mongo:{db}.{coll}.{index}")
}

/// Every difference between `expected` and `actual`, sorted by object then kind.
pub fn diff(expected: &MongoDatabase, actual: &MongoDatabase) -> Vec<Finding> {
    let db = &expected.name;
    let mut out = Vec::new();
    for (name, e) in &expected.collections {
        match actual.collections.get(name) {
            None => out.push(Finding::new(
                FindingKind::MissingCollection,
                collection_object(db, name),
                Some(summary(e)),
                None,
            )),
            Some(a) => diff_collection(db, e, a, &mut out),
        }
    }
    for (name, a) in &actual.collections {
        if !expected.collections.contains_key(name) {
            out.push(Finding::new(FindingKind::ExtraCollection, collection_object(db, name), None, Some(summary(a))));
        }
    }
    out.sort();
    out
}

fn summary(c: &Collection) -> String {
    let ix: Vec<&str> = c.indexes.keys().map(String::as_str).collect();
    format!(
        "collection{}{}",
        if c.validator.is_some() { " with validator" } else { "" },
        if ix.is_empty() { String::new() } else { format!(", indexes {}", ix.join(", ")) }
    )
}

fn diff_collection(db: &str, e: &Collection, a: &Collection, out: &mut Vec<Finding>) {
    let obj = collection_object(db, &e.name);
    if !options_match(&e.options, &a.options) {
        out.push(Finding::new(
            FindingKind::CollectionOptions,
            obj.clone(),
            Some(describe_options(&e.options)),
            Some(describe_options(&a.options)),
        ));
    }
    if e.validator != a.validator {
        out.push(Finding::new(
            FindingKind::ValidatorDefinition,
            obj,
            e.validator.as_ref().map(|v| v.describe()),
            a.validator.as_ref().map(|v| v.describe()),
        ));
    }
    let mut missing = Vec::new();
    for (name, ei) in &e.indexes {
        match a.indexes.get(name) {
            None => missing.push(ei),
            Some(ai) if !ei.same_definition(ai) => out.push(Finding::new(
                FindingKind::IndexDefinition,
                index_object(db, &e.name, name),
                Some(ei.describe()),
                Some(ai.describe()),
            )),
            Some(_) => {}
        }
    }
    let mut extra: Vec<_> = a.indexes.values().filter(|ai| !e.indexes.contains_key(&ai.name)).collect();
    for ei in missing {
        if let Some(pos) = extra.iter().position(|ai| ai.same_definition(ei)) {
            let ai = extra.remove(pos);
            out.push(Finding::new(
                FindingKind::IndexName,
                index_object(db, &e.name, &ei.name),
                Some(ei.name.clone()),
                Some(ai.name.clone()),
            ));
        } else {
            out.push(Finding::new(
                FindingKind::MissingIndex,
                index_object(db, &e.name, &ei.name),
                Some(ei.describe()),
                None,
            ));
        }
    }
    for ai in extra {
        out.push(Finding::new(FindingKind::ExtraIndex, index_object(db, &e.name, &ai.name), None, Some(ai.describe())));
    }
}

/// The same finding in the report model `dbctl drift` renders (object names already say
/// `mongo:<db>`, so no database label is set).
impl From<Finding> for crate::diff::Finding {
    fn from(f: Finding) -> Self {
        use crate::diff::FindingKind as K;
        let kind = match f.kind {
            FindingKind::MissingCollection => K::MissingCollection,
            FindingKind::ExtraCollection => K::ExtraCollection,
            FindingKind::CollectionOptions => K::CollectionOptions,
            FindingKind::ValidatorDefinition => K::ValidatorDefinition,
            FindingKind::MissingIndex => K::MissingIndex,
            FindingKind::ExtraIndex => K::ExtraIndex,
            FindingKind::IndexDefinition => K::IndexDefinition,
            FindingKind::IndexName => K::IndexName,
        };
        let mut out = crate::diff::Finding::new(kind, f.object, f.expected, f.actual);
        out.severity = match f.severity {
            Severity::Error => crate::diff::Severity::Error,
            Severity::Warning => crate::diff::Severity::Warning,
        };
        out
    }
}

/// The number of error-severity findings (what makes a check exit 3).
pub fn errors(findings: &[Finding]) -> usize {
    findings.iter().filter(|f| f.severity == Severity::Error).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mongo::spec;
    use std::path::Path;

    fn db(yaml: &str) -> MongoDatabase {
        spec::parse(yaml, Path::new("s.yaml"), "om").unwrap_or_else(|e| panic!("{}", e.message)).database
    }

    #[test]
    fn identical_is_clean_and_each_kind_is_found() {
        let e = db("collections:\n  a:\n    validator: {x: {$exists: true}}\n    indexes:\n      - keys: {x: 1}\n      - keys: {y: 1}\n      - keys: {z: 1}\n  b: {}\n");
        assert!(diff(&e, &e).is_empty());
        let a = db("collections:\n  a:\n    indexes:\n      - keys: {x: -1}\n        name: x_1\n      - keys: {y: 1}\n        name: renamed\n      - keys: {w: 1}\n  c: {}\n");
        let got: Vec<(String, &str)> = diff(&e, &a).iter().map(|f| (f.object.clone(), f.kind.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("mongo:om.a".to_string(), "validator_definition"),
                ("mongo:om.a.w_1".to_string(), "extra_index"),
                ("mongo:om.a.x_1".to_string(), "index_definition"),
                ("mongo:om.a.y_1".to_string(), "index_name"),
                ("mongo:om.a.z_1".to_string(), "missing_index"),
                ("mongo:om.b".to_string(), "missing_collection"),
                ("mongo:om.c".to_string(), "extra_collection"),
            ]
        );
        let f = diff(&e, &a);
        assert_eq!(errors(&f), 6, "the rename is a warning");
        let def = f.iter().find(|f| f.kind == FindingKind::IndexDefinition).expect("definition finding");
        assert_eq!(def.expected.as_deref(), Some(r#"{"keys":{"x":1}}"#));
        assert_eq!(def.actual.as_deref(), Some(r#"{"keys":{"x":-1}}"#));
    }

    #[test]
    fn text_weights_and_language_are_compared() {
        let e = db("collections:\n  d:\n    indexes:\n      - keys: {content: text}\n");
        let a = db("collections:\n  d:\n    indexes:\n      - keys: {content: text}\n        weights: {content: 5}\n");
        let f = diff(&e, &a);
        assert_eq!(f.len(), 1);
        assert!(f[0].actual.as_deref().unwrap_or("").contains(r#""weights":{"content":5}"#), "{f:?}");
        let l =
            db("collections:\n  d:\n    indexes:\n      - keys: {content: text}\n        default_language: french\n");
        assert_eq!(diff(&e, &l)[0].kind, FindingKind::IndexDefinition);
    }

    #[test]
    fn findings_convert_to_the_drift_report_model_with_the_same_names() {
        for kind in [
            FindingKind::MissingCollection,
            FindingKind::ExtraCollection,
            FindingKind::CollectionOptions,
            FindingKind::ValidatorDefinition,
            FindingKind::MissingIndex,
            FindingKind::ExtraIndex,
            FindingKind::IndexDefinition,
            FindingKind::IndexName,
        ] {
            let f = Finding::new(kind, "mongo:om.d".into(), Some("e".into()), None);
            let g: crate::diff::Finding = f.clone().into();
            assert_eq!(g.kind.as_str(), kind.as_str());
            let sev = if f.severity == Severity::Error { "error" } else { "warning" };
            assert_eq!(g.severity.as_str(), sev);
            assert_eq!(
                (g.object.as_str(), g.expected.as_deref(), g.actual.as_deref()),
                ("mongo:om.d", Some("e"), None)
            );
        }
    }
}
