//! The one differ: pure functions from (expected, actual) models to sorted [`Finding`]s.
//!
//! "Expected" is what migrations or documents say; "actual" is what was inspected. Both sides
//! are already normalised by their producers, so comparison here is plain equality of
//! canonical values, matched by name.

pub mod finding;
pub mod postgres;

pub use finding::{Finding, FindingKind, Severity};
pub use postgres::diff_postgres;

use crate::model::Schema;

/// Findings over every database of two schemas, sorted. Each finding carries its database name;
/// a database present on one side only is a single `missing_database`/`extra_database` finding.
pub fn diff_schema(expected: &Schema, actual: &Schema) -> Vec<Finding> {
    let mut out = Vec::new();
    for (db, e) in &expected.postgres {
        match actual.postgres.get(db) {
            Some(a) => out.extend(diff_postgres(e, a).into_iter().map(|mut f| {
                f.database = Some(db.clone());
                f
            })),
            None => out.push(Finding {
                database: Some(db.clone()),
                ..Finding::new(FindingKind::MissingDatabase, db.clone(), Some("database".into()), None)
            }),
        }
    }
    for db in actual.postgres.keys() {
        if !expected.postgres.contains_key(db) {
            out.push(Finding {
                database: Some(db.clone()),
                ..Finding::new(FindingKind::ExtraDatabase, db.clone(), None, Some("database".into()))
            });
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PgSchema;

    #[test]
    fn databases_are_matched_by_name_and_tagged() {
        let mut e = Schema::default();
        let mut a = Schema::default();
        let mut with_public = PgSchema::default();
        with_public.schemas.insert("public".into());
        e.postgres.insert("primary".into(), with_public.clone());
        e.postgres.insert("knowledge".into(), PgSchema::default());
        a.postgres.insert("primary".into(), PgSchema::default());
        a.postgres.insert("analytics".into(), PgSchema::default());
        let f = diff_schema(&e, &a);
        let got: Vec<_> = f.iter().map(|f| (f.database.as_deref(), f.kind, f.object.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (Some("analytics"), FindingKind::ExtraDatabase, "analytics"),
                (Some("knowledge"), FindingKind::MissingDatabase, "knowledge"),
                (Some("primary"), FindingKind::MissingSchema, "public"),
            ]
        );
        assert!(diff_schema(&e, &e).is_empty());
    }

    #[test]
    fn kinds_serialise_snake_case() {
        for k in FindingKind::ALL {
            let json = serde_json::to_string(k).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
    }

    #[test]
    fn schema_round_trips_through_json() {
        let mut e = Schema::default();
        let mut p = PgSchema::default();
        p.schemas.insert("public".into());
        e.postgres.insert("main".into(), p);
        let json = serde_json::to_string(&e).unwrap_or_default();
        let back: Schema = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, e);
    }
}
