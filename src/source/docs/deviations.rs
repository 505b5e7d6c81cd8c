//! Reviewed deviations from a document: `docs/schemas/<project>.deviations.yaml`.
//!
//! ```yaml
//! doc: seed-docs/omnifin.md          # the document these apply to (a path suffix); omit for any
//! deviations:
//!   - kind: doc_fk_cross_database
//!     object: public.knowledge_knowledgeentry.group_id
//!     database: knowledge             # optional
//!     reason: "D8: ids from primary; no foreign key across databases"
//! ```
//!
//! A finding matching a deviation (same kind and object, and database when given) is reported
//! apart, in the JSON `deviations` array, and does not fail the run. A deviation that matches no
//! finding is stale: a `stale_deviation` warning pointing at its line in the file.

use crate::diff::{Finding, FindingKind};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    doc: Option<String>,
    #[serde(default)]
    deviations: Vec<Deviation>,
}

/// One reviewed deviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deviation {
    pub kind: FindingKind,
    pub object: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    pub reason: String,
    /// Line of the entry in the file (filled in on load).
    #[serde(skip_deserializing, default)]
    pub line: u32,
}

/// A deviations file as loaded.
#[derive(Debug, Clone, Default)]
pub struct Deviations {
    /// The file, as displayed in findings.
    pub file: String,
    pub doc: Option<String>,
    pub entries: Vec<Deviation>,
}

/// A finding accepted by a deviation: what the report's `deviations` array holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accepted {
    #[serde(flatten)]
    pub finding: Finding,
    pub reason: String,
}

impl Deviations {
    /// Parses `text` (the file `file`); errors name the file, line and column.
    pub fn parse(file: &str, text: &str) -> Result<Deviations> {
        let f: File = serde_yaml::from_str(text).map_err(|e| {
            let at = e.location().map(|l| format!(":{}:{}", l.line(), l.column())).unwrap_or_default();
            Error::input(format!("{file}{at}: invalid deviations file: {e}"))
                .with_hint("each entry needs kind, object and reason (database is optional); see docs/formats.md")
        })?;
        let mut entries = f.deviations;
        // serde_yaml gives no per-entry positions: find each entry's `object:` line.
        let lines: Vec<&str> = text.lines().collect();
        let mut from = 0;
        for d in &mut entries {
            if let Some(i) = (from..lines.len()).find(|&i| {
                let l = lines[i].trim().trim_start_matches("- ").trim();
                l.strip_prefix("object:").is_some_and(|v| v.trim().trim_matches(|c| c == '"' || c == '\'') == d.object)
            }) {
                d.line = u32::try_from(i + 1).unwrap_or(0);
                from = i + 1;
            }
        }
        Ok(Deviations { file: file.to_string(), doc: f.doc, entries })
    }

    /// Loads `path` if it exists (no file: no deviations).
    pub fn load(path: &Path, display: &str) -> Result<Deviations> {
        match std::fs::read_to_string(path) {
            Ok(text) => Deviations::parse(display, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Deviations::default()),
            Err(e) => Err(crate::error::io_error("cannot read", path, e)),
        }
    }

    /// Whether these deviations are about `doc` (their `doc:` is a suffix of its path, by
    /// whole components), so a file reviewed against the user's original document does not
    /// turn stale when the project's own document is checked.
    pub fn applies_to(&self, doc: &Path) -> bool {
        match &self.doc {
            None => true,
            Some(suffix) => {
                let want: Vec<&str> = suffix.split('/').filter(|c| !c.is_empty() && *c != ".").collect();
                let have: Vec<String> =
                    doc.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                have.len() >= want.len() && have[have.len() - want.len()..].iter().zip(&want).all(|(a, b)| a == b)
            }
        }
    }

    /// Splits `findings` into (drift, accepted); unmatched deviations become `stale_deviation`
    /// warnings in the drift list.
    pub fn apply(&self, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Accepted>) {
        let mut used = vec![false; self.entries.len()];
        let mut drift = Vec::new();
        let mut accepted = Vec::new();
        for f in findings {
            let m = self.entries.iter().position(|d| {
                d.kind == f.kind
                    && d.object == f.object
                    && d.database.as_ref().is_none_or(|db| f.database.as_deref() == Some(db.as_str()))
            });
            match m {
                Some(i) => {
                    used[i] = true;
                    accepted.push(Accepted { finding: f, reason: self.entries[i].reason.clone() });
                }
                None => drift.push(f),
            }
        }
        for (d, u) in self.entries.iter().zip(used) {
            if !u {
                drift.push(Finding {
                    database: d.database.clone(),
                    file: Some(self.file.clone()),
                    line: Some(d.line),
                    ..Finding::new(
                        FindingKind::StaleDeviation,
                        d.object.clone(),
                        Some(format!("a {} finding", d.kind)),
                        Some("none: remove or update this deviation".into()),
                    )
                });
            }
        }
        (drift, accepted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_stale_and_scope() {
        let text = "doc: seed-docs/x.md\ndeviations:\n  - kind: missing_table\n    object: public.a\n    reason: D1\n  - kind: extra_column\n    object: public.b.c\n    database: main\n    reason: D2\n";
        let d = Deviations::parse("x.deviations.yaml", text).expect("parses");
        assert_eq!(d.entries[1].line, 7);
        assert!(d.applies_to(Path::new("/work/shared/seed-docs/x.md")));
        assert!(!d.applies_to(Path::new("docs/schemas/x.md")));
        let f = vec![
            Finding::new(FindingKind::MissingTable, "public.a", None, None),
            Finding::new(FindingKind::MissingTable, "public.z", None, None),
        ];
        let (drift, acc) = d.apply(f);
        assert_eq!(acc.len(), 1);
        assert_eq!(acc[0].reason, "D1");
        assert_eq!(drift.len(), 2);
        assert_eq!(drift[1].kind, FindingKind::StaleDeviation);
        assert_eq!(drift[1].line, Some(7));
    }

    #[test]
    fn bad_file_names_its_position() {
        let e = Deviations::parse("d.yaml", "deviations:\n  - kind: nonsense\n    object: x\n    reason: y\n")
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.starts_with("d.yaml:2:"), "{e}");
    }
}
