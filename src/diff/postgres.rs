//! Comparison of two PostgreSQL models, object by object, matched by name.
//!
//! Rules worth knowing:
//! - An absent table (or view) is one finding; its columns, constraints, indexes and triggers
//!   are not listed again.
//! - Columns are matched by name; attnum positions are never compared, so a column missing
//!   from the middle of a table is one `missing_column`, not also a shift of every later
//!   column. The relative order of the columns both sides have is compared, and a difference is
//!   a `column_order` *warning*: PostgreSQL can only append columns, so a column added in the
//!   middle by one history and at the end by another cannot be fixed without a table rewrite,
//!   and only positional SQL (`INSERT ... VALUES` without a column list, `SELECT *`, `COPY`
//!   without columns) can tell; worth knowing, never worth failing CI (warnings exit 0).
//! - Constraints and indexes left unmatched by name on both sides are paired when their
//!   definitions are identical and reported as a rename (a warning) instead of missing + extra.
//! - Every comparison walks sorted maps once: cost is linear in the size of the schema (times a
//!   log factor for lookups), never quadratic in the number of tables.

use crate::diff::finding::{Finding, FindingKind as K};
use crate::model::postgres::{Column, Constraint, Index, PgSchema, Table, Trigger, View};
use std::collections::{BTreeMap, BTreeSet};

/// Findings that turn `actual` into `expected`, sorted. Pure: no I/O, same input same output.
pub fn diff_postgres(expected: &PgSchema, actual: &PgSchema) -> Vec<Finding> {
    let mut out = Vec::new();

    for name in expected.schemas.difference(&actual.schemas) {
        out.push(missing(K::MissingSchema, name, "schema".into()));
    }
    for name in actual.schemas.difference(&expected.schemas) {
        out.push(extra(K::ExtraSchema, name, "schema".into()));
    }

    for (name, e, a) in pair(&expected.extensions, &actual.extensions) {
        match (e, a) {
            (Some(e), None) => out.push(missing(K::MissingExtension, name, e.version.clone())),
            (None, Some(a)) => out.push(extra(K::ExtraExtension, name, a.version.clone())),
            (Some(e), Some(a)) => {
                if e.schema != a.schema {
                    out.push(changed(
                        K::ExtensionSchema,
                        name,
                        format!("in schema {}", e.schema),
                        format!("in schema {}", a.schema),
                    ));
                }
                if e.version != a.version {
                    out.push(changed(K::ExtensionVersion, name, e.version.clone(), a.version.clone()));
                }
            }
            (None, None) => {}
        }
    }

    for (name, e, a) in pair(&expected.enums, &actual.enums) {
        match (e, a) {
            (Some(e), None) => out.push(missing(K::MissingEnum, name, e.values.join(", "))),
            (None, Some(a)) => out.push(extra(K::ExtraEnum, name, a.values.join(", "))),
            (Some(e), Some(a)) if e.values != a.values => {
                out.push(changed(K::EnumValues, name, e.values.join(", "), a.values.join(", ")))
            }
            _ => {}
        }
    }

    for (name, e, a) in pair(&expected.sequences, &actual.sequences) {
        match (e, a) {
            (Some(e), None) => out.push(missing(K::MissingSequence, name, e.summary())),
            (None, Some(a)) => out.push(extra(K::ExtraSequence, name, a.summary())),
            (Some(e), Some(a)) if e != a => out.push(changed(K::SequenceDefinition, name, e.summary(), a.summary())),
            _ => {}
        }
    }

    for (name, e, a) in pair(&expected.tables, &actual.tables) {
        match (e, a) {
            (Some(e), None) => out.push(missing(K::MissingTable, name, table_summary(e))),
            (None, Some(a)) => out.push(extra(K::ExtraTable, name, table_summary(a))),
            (Some(e), Some(a)) => diff_table(name, e, a, &mut out),
            (None, None) => {}
        }
    }

    for (name, e, a) in pair(&expected.views, &actual.views) {
        match (e, a) {
            (Some(e), None) => out.push(missing(K::MissingView, name, view_summary(e))),
            (None, Some(a)) => out.push(extra(K::ExtraView, name, view_summary(a))),
            (Some(e), Some(a)) => diff_view(name, e, a, &mut out),
            (None, None) => {}
        }
    }

    for (name, e, a) in pair(&expected.functions, &actual.functions) {
        match (e, a) {
            (Some(e), None) => out.push(missing(K::MissingFunction, name, e.summary())),
            (None, Some(a)) => out.push(extra(K::ExtraFunction, name, a.summary())),
            (Some(e), Some(a)) if e != a => out.push(changed(K::FunctionDefinition, name, e.summary(), a.summary())),
            _ => {}
        }
    }

    out.sort();
    out
}

fn diff_table(key: &str, e: &Table, a: &Table, out: &mut Vec<Finding>) {
    if e.partition_key != a.partition_key || e.partition_of != a.partition_of {
        out.push(Finding::new(K::Partitioning, key, Some(partitioning_summary(e)), Some(partitioning_summary(a))));
    }
    comment(key, &e.comment, &a.comment, out);
    diff_columns(key, e, a, out);
    diff_constraints(key, &e.constraints, &a.constraints, out);
    diff_indexes(key, &e.indexes, &a.indexes, out);
    diff_triggers(key, &e.triggers, &a.triggers, out);
}

fn diff_view(key: &str, e: &View, a: &View, out: &mut Vec<Finding>) {
    if e.definition != a.definition || e.materialized != a.materialized || e.options != a.options {
        out.push(changed(K::ViewDefinition, key, view_summary(e), view_summary(a)));
    }
    comment(key, &e.comment, &a.comment, out);
    diff_indexes(key, &e.indexes, &a.indexes, out);
    diff_triggers(key, &e.triggers, &a.triggers, out);
}

fn diff_columns(table: &str, e: &Table, a: &Table, out: &mut Vec<Finding>) {
    let by_name = |t: &Table| -> BTreeMap<String, (usize, Column)> {
        // Clones are per column of one table at a time; cheap and keeps lifetimes simple.
        t.columns.iter().enumerate().map(|(i, c)| (c.name.clone(), (i, c.clone()))).collect()
    };
    let (em, am) = (by_name(e), by_name(a));
    for (name, ec, ac) in pair(&em, &am) {
        let object = format!("{table}.{name}");
        match (ec, ac) {
            (Some((_, c)), None) => out.push(missing(K::MissingColumn, &object, column_summary(c))),
            (None, Some((_, c))) => out.push(extra(K::ExtraColumn, &object, column_summary(c))),
            (Some((_, ec)), Some((_, ac))) => diff_column(&object, ec, ac, out),
            (None, None) => {}
        }
    }
    let common = |t: &Table, other: &BTreeMap<String, (usize, Column)>| -> Vec<String> {
        t.columns.iter().filter(|c| other.contains_key(&c.name)).map(|c| c.name.clone()).collect()
    };
    let (eo, ao) = (common(e, &am), common(a, &em));
    if eo != ao {
        out.push(changed(K::ColumnOrder, table, eo.join(", "), ao.join(", ")));
    }
}

fn diff_column(object: &str, e: &Column, a: &Column, out: &mut Vec<Finding>) {
    if e.data_type != a.data_type {
        out.push(changed(K::ColumnType, object, e.data_type.clone(), a.data_type.clone()));
    }
    if e.not_null != a.not_null {
        out.push(changed(K::ColumnNullability, object, null_word(e.not_null), null_word(a.not_null)));
    }
    if e.default != a.default {
        out.push(Finding::new(K::ColumnDefault, object, e.default.clone(), a.default.clone()));
    }
    if e.identity != a.identity {
        out.push(Finding::new(
            K::ColumnIdentity,
            object,
            e.identity.map(|i| i.as_sql().to_string()),
            a.identity.map(|i| i.as_sql().to_string()),
        ));
    }
    if e.generated != a.generated {
        out.push(Finding::new(K::ColumnGenerated, object, e.generated.clone(), a.generated.clone()));
    }
    if e.collation != a.collation {
        out.push(Finding::new(K::ColumnCollation, object, e.collation.clone(), a.collation.clone()));
    }
    comment(object, &e.comment, &a.comment, out);
}

fn diff_constraints(
    table: &str,
    e: &BTreeMap<String, Constraint>,
    a: &BTreeMap<String, Constraint>,
    out: &mut Vec<Finding>,
) {
    let mut only_e = Vec::new();
    let mut only_a = Vec::new();
    for (name, ec, ac) in pair(e, a) {
        let object = format!("{table}.{name}");
        match (ec, ac) {
            (Some(c), None) => only_e.push((name, c)),
            (None, Some(c)) => only_a.push((name, c)),
            (Some(ec), Some(ac)) => {
                if (ec.kind, &ec.definition, ec.deferrable, ec.initially_deferred)
                    != (ac.kind, &ac.definition, ac.deferrable, ac.initially_deferred)
                {
                    out.push(changed(K::ConstraintDefinition, &object, ec.definition.clone(), ac.definition.clone()));
                } else if ec.validated != ac.validated {
                    out.push(changed(
                        K::ConstraintValidation,
                        &object,
                        valid_word(ec.validated),
                        valid_word(ac.validated),
                    ));
                }
            }
            (None, None) => {}
        }
    }
    let same = |x: &Constraint, y: &Constraint| {
        (x.kind, &x.definition, x.deferrable, x.initially_deferred)
            == (y.kind, &y.definition, y.deferrable, y.initially_deferred)
    };
    let renames = pair_renames(&only_e, &only_a, same);
    for (i, (name, c)) in only_e.iter().enumerate() {
        let object = format!("{table}.{name}");
        match renames.get(&i) {
            Some(&j) => out.push(changed(K::ConstraintName, &object, name.to_string(), only_a[j].0.to_string())),
            None => out.push(missing(K::MissingConstraint, &object, c.definition.clone())),
        }
    }
    let renamed: BTreeSet<usize> = renames.values().copied().collect();
    for (j, (name, c)) in only_a.iter().enumerate() {
        if !renamed.contains(&j) {
            let object = format!("{table}.{name}");
            out.push(extra(K::ExtraConstraint, &object, c.definition.clone()));
        }
    }
}

/// `rel` is the owning table or materialized view, named in missing/extra findings because the
/// index's own object path (`schema.index`) does not say where it lives.
fn diff_indexes(rel: &str, e: &BTreeMap<String, Index>, a: &BTreeMap<String, Index>, out: &mut Vec<Finding>) {
    let mut only_e = Vec::new();
    let mut only_a = Vec::new();
    for (key, ei, ai) in pair(e, a) {
        match (ei, ai) {
            (Some(i), None) => only_e.push((key, i)),
            (None, Some(i)) => only_a.push((key, i)),
            (Some(ei), Some(ai)) => {
                let (ed, ad) = (ei.definition(), ai.definition());
                if ed != ad {
                    out.push(changed(K::IndexDefinition, key, ed, ad));
                }
            }
            (None, None) => {}
        }
    }
    let renames = pair_renames(&only_e, &only_a, |x, y| x.definition() == y.definition());
    for (i, (key, idx)) in only_e.iter().enumerate() {
        match renames.get(&i) {
            Some(&j) => out.push(changed(K::IndexName, key, key.to_string(), only_a[j].0.to_string())),
            None => out.push(missing(K::MissingIndex, key, format!("{} ON {rel}", idx.definition()))),
        }
    }
    let renamed: BTreeSet<usize> = renames.values().copied().collect();
    for (j, (key, idx)) in only_a.iter().enumerate() {
        if !renamed.contains(&j) {
            out.push(extra(K::ExtraIndex, key, format!("{} ON {rel}", idx.definition())));
        }
    }
}

fn diff_triggers(rel: &str, e: &BTreeMap<String, Trigger>, a: &BTreeMap<String, Trigger>, out: &mut Vec<Finding>) {
    for (name, et, at) in pair(e, a) {
        let object = format!("{rel}.{name}");
        match (et, at) {
            (Some(t), None) => out.push(missing(K::MissingTrigger, &object, trigger_summary(t))),
            (None, Some(t)) => out.push(extra(K::ExtraTrigger, &object, trigger_summary(t))),
            (Some(et), Some(at)) if et != at => {
                out.push(changed(K::TriggerDefinition, &object, trigger_summary(et), trigger_summary(at)))
            }
            _ => {}
        }
    }
}

/// Pairs leftovers of a name match whose definitions are equal, each used at most once:
/// expected index -> actual index. Leftovers are few (usually zero), so the nested scan is cheap.
fn pair_renames<T>(
    only_e: &[(&str, &T)],
    only_a: &[(&str, &T)],
    same: impl Fn(&T, &T) -> bool,
) -> BTreeMap<usize, usize> {
    let mut used = BTreeSet::new();
    let mut out = BTreeMap::new();
    for (i, (_, x)) in only_e.iter().enumerate() {
        if let Some(j) = (0..only_a.len()).find(|j| !used.contains(j) && same(x, only_a[*j].1)) {
            used.insert(j);
            out.insert(i, j);
        }
    }
    out
}

fn comment(object: &str, e: &Option<String>, a: &Option<String>, out: &mut Vec<Finding>) {
    if e != a {
        out.push(Finding::new(K::Comment, object, e.clone(), a.clone()));
    }
}

/// Walks the union of two sorted maps' keys in order: (key, expected, actual).
fn pair<'a, V>(
    e: &'a BTreeMap<String, V>,
    a: &'a BTreeMap<String, V>,
) -> impl Iterator<Item = (&'a str, Option<&'a V>, Option<&'a V>)> {
    let from_e = e.iter().map(move |(k, v)| (k.as_str(), Some(v), a.get(k)));
    let from_a = a.iter().filter(move |(k, _)| !e.contains_key(*k)).map(|(k, v)| (k.as_str(), None, Some(v)));
    from_e.chain(from_a)
}

fn missing(kind: K, object: &str, expected: String) -> Finding {
    Finding::new(kind, object, Some(expected), None)
}

fn extra(kind: K, object: &str, actual: String) -> Finding {
    Finding::new(kind, object, None, Some(actual))
}

fn changed(kind: K, object: &str, expected: String, actual: String) -> Finding {
    Finding::new(kind, object, Some(expected), Some(actual))
}

fn null_word(not_null: bool) -> String {
    if not_null { "NOT NULL" } else { "NULL" }.to_string()
}

fn valid_word(validated: bool) -> String {
    if validated { "VALID" } else { "NOT VALID" }.to_string()
}

/// `integer NOT NULL DEFAULT 0`, `bigint NOT NULL serial`, ...
fn column_summary(c: &Column) -> String {
    let mut s = c.data_type.clone();
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.default {
        s.push_str(" DEFAULT ");
        s.push_str(d);
    }
    if let Some(i) = c.identity {
        s.push(' ');
        s.push_str(i.as_sql());
    }
    if let Some(g) = &c.generated {
        s.push_str(&format!(" GENERATED ALWAYS AS ({g}) STORED"));
    }
    if let Some(co) = &c.collation {
        s.push_str(&format!(" COLLATE {co}"));
    }
    s
}

fn table_summary(t: &Table) -> String {
    let mut s = format!("table ({} columns)", t.columns.len());
    if t.partition_key.is_some() || t.partition_of.is_some() {
        s.push(' ');
        s.push_str(&partitioning_summary(t));
    }
    s
}

fn partitioning_summary(t: &Table) -> String {
    let mut parts = Vec::new();
    if let Some(k) = &t.partition_key {
        parts.push(format!("PARTITION BY {k}"));
    }
    if let Some(p) = &t.partition_of {
        parts.push(format!("PARTITION OF {} {}", p.parent, p.bound));
    }
    if parts.is_empty() {
        "not partitioned".to_string()
    } else {
        parts.join("; ")
    }
}

fn view_summary(v: &View) -> String {
    let mut s = String::new();
    if v.materialized {
        s.push_str("MATERIALIZED ");
    }
    if !v.options.is_empty() {
        s.push_str(&format!("WITH ({}) ", v.options.join(", ")));
    }
    s.push_str(&v.definition);
    s
}

fn trigger_summary(t: &Trigger) -> String {
    if t.enabled == "origin" {
        t.definition.clone()
    } else {
        format!("{} ({})", t.definition, t.enabled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::postgres::{
        ConstraintKind, EnumType, Extension, FkAction, ForeignKey, Function, Identity, IndexKey, PartitionOf, Sequence,
    };

    fn col(name: &str, ty: &str) -> Column {
        Column { name: name.into(), data_type: ty.into(), ..Column::default() }
    }

    fn index(name: &str, cols: &[&str]) -> Index {
        Index {
            name: name.into(),
            method: "btree".into(),
            keys: cols.iter().map(|c| IndexKey { expr: c.to_string(), ..IndexKey::default() }).collect(),
            valid: true,
            ..Index::default()
        }
    }

    fn check(def: &str) -> Constraint {
        Constraint {
            kind: ConstraintKind::Check,
            columns: vec![],
            definition: def.into(),
            foreign_key: None,
            deferrable: false,
            initially_deferred: false,
            validated: true,
        }
    }

    /// A small but complete schema: one table of every feature, a view, enum, function, ...
    fn base() -> PgSchema {
        let mut s = PgSchema::default();
        s.schemas.insert("public".into());
        let mut deals = Table {
            schema: "public".into(),
            name: "deals".into(),
            columns: vec![
                Column { identity: Some(Identity::Serial), not_null: true, ..col("id", "integer") },
                Column { not_null: true, ..col("title", "text") },
                Column { default: Some("0".into()), ..col("price", "numeric(10,2)") },
                col("stage", "public.stage"),
                col("owner_id", "integer"),
            ],
            ..Table::default()
        };
        deals.constraints.insert(
            "deals_pkey".into(),
            Constraint {
                kind: ConstraintKind::PrimaryKey,
                columns: vec!["id".into()],
                definition: "PRIMARY KEY (id)".into(),
                ..check("")
            },
        );
        deals.constraints.insert("deals_price_check".into(), check("CHECK ((price > (0)::numeric))"));
        deals.constraints.insert(
            "deals_owner_id_fkey".into(),
            Constraint {
                kind: ConstraintKind::ForeignKey,
                columns: vec!["owner_id".into()],
                definition: "FOREIGN KEY (owner_id) REFERENCES public.users(id)".into(),
                foreign_key: Some(ForeignKey {
                    references: "public.users".into(),
                    referenced_columns: vec!["id".into()],
                    on_update: FkAction::NoAction,
                    on_delete: FkAction::NoAction,
                    match_full: false,
                }),
                ..check("")
            },
        );
        deals.indexes.insert("public.deals_title_idx".into(), index("deals_title_idx", &["title"]));
        deals.triggers.insert(
            "deals_touch".into(),
            Trigger {
                definition: "CREATE TRIGGER deals_touch BEFORE UPDATE ON public.deals FOR EACH ROW EXECUTE FUNCTION public.touch()".into(),
                enabled: "origin".into(),
            },
        );
        s.tables.insert("public.deals".into(), deals);
        s.tables.insert(
            "public.users".into(),
            Table {
                schema: "public".into(),
                name: "users".into(),
                columns: vec![col("id", "integer")],
                ..Table::default()
            },
        );
        s.tables.insert(
            "public.events".into(),
            Table {
                schema: "public".into(),
                name: "events".into(),
                columns: vec![col("at", "date")],
                partition_key: Some("RANGE (at)".into()),
                ..Table::default()
            },
        );
        s.views.insert(
            "public.open_deals".into(),
            View {
                schema: "public".into(),
                name: "open_deals".into(),
                definition: "SELECT deals.id FROM public.deals".into(),
                ..View::default()
            },
        );
        s.enums.insert(
            "public.stage".into(),
            EnumType { schema: "public".into(), name: "stage".into(), values: vec!["open".into(), "won".into()] },
        );
        s.functions.insert(
            "public.touch()".into(),
            Function {
                schema: "public".into(),
                name: "touch".into(),
                kind: "function".into(),
                result: "trigger".into(),
                language: "plpgsql".into(),
                volatility: "volatile".into(),
                parallel: "unsafe".into(),
                body_sha256: "ab".repeat(32),
                ..Function::default()
            },
        );
        s.sequences.insert(
            "public.invoice_no".into(),
            Sequence {
                schema: "public".into(),
                name: "invoice_no".into(),
                data_type: "bigint".into(),
                start: 1,
                increment: 1,
                min_value: 1,
                max_value: i64::MAX,
                cache: 1,
                cycle: false,
            },
        );
        s.extensions.insert("pgcrypto".into(), Extension { schema: "public".into(), version: "1.3".into() });
        s
    }

    fn kinds(f: &[Finding]) -> Vec<(K, &str)> {
        f.iter().map(|f| (f.kind, f.object.as_str())).collect()
    }

    fn deals(s: &mut PgSchema) -> &mut Table {
        s.tables.get_mut("public.deals").expect("deals in base()")
    }

    #[test]
    fn identical_schemas_have_no_findings() {
        assert!(diff_postgres(&base(), &base()).is_empty());
        assert!(diff_postgres(&PgSchema::default(), &PgSchema::default()).is_empty());
    }

    #[test]
    fn tables_missing_and_extra() {
        let mut a = base();
        a.tables.remove("public.users");
        a.tables
            .insert("public.audit".into(), Table { schema: "public".into(), name: "audit".into(), ..Table::default() });
        assert_eq!(
            kinds(&diff_postgres(&base(), &a)),
            vec![(K::ExtraTable, "public.audit"), (K::MissingTable, "public.users")]
        );
    }

    #[test]
    fn column_changes() {
        let mut a = base();
        let t = deals(&mut a);
        t.columns.retain(|c| c.name != "stage");
        t.columns.push(col("note", "text"));
        t.columns[1].not_null = false; // title
        t.columns[2].data_type = "numeric(12,2)".into(); // price
        t.columns[2].default = None;
        t.columns[0].identity = Some(Identity::Always); // id
        t.columns[3].collation = Some("C".into()); // owner_id
        t.columns[3].generated = Some("1".into());
        t.columns[3].comment = Some("who".into());
        let f = diff_postgres(&base(), &a);
        assert_eq!(
            kinds(&f),
            vec![
                (K::ColumnIdentity, "public.deals.id"),
                (K::ExtraColumn, "public.deals.note"),
                (K::ColumnGenerated, "public.deals.owner_id"),
                (K::ColumnCollation, "public.deals.owner_id"),
                (K::Comment, "public.deals.owner_id"),
                (K::ColumnType, "public.deals.price"),
                (K::ColumnDefault, "public.deals.price"),
                (K::MissingColumn, "public.deals.stage"),
                (K::ColumnNullability, "public.deals.title"),
            ]
        );
        let ty = &f[5];
        assert_eq!(ty.expected.as_deref(), Some("numeric(10,2)"));
        assert_eq!(ty.actual.as_deref(), Some("numeric(12,2)"));
        assert_eq!(f[4].severity, crate::diff::Severity::Warning);
    }

    #[test]
    fn column_order_is_a_warning_and_positions_are_not_compared() {
        // Missing a column from the middle: one finding, no order finding for the rest.
        let mut a = base();
        deals(&mut a).columns.remove(1);
        assert_eq!(kinds(&diff_postgres(&base(), &a)), vec![(K::MissingColumn, "public.deals.title")]);
        // Added in the middle on one side, at the end on the other: a warning only.
        let mut e = base();
        let mut a = base();
        deals(&mut e).columns.insert(2, col("x", "text"));
        deals(&mut a).columns.push(col("x", "text"));
        let f = diff_postgres(&e, &a);
        assert_eq!(kinds(&f), vec![(K::ColumnOrder, "public.deals")]);
        assert_eq!(f[0].severity, crate::diff::Severity::Warning);
        assert_eq!(f[0].expected.as_deref(), Some("id, title, x, price, stage, owner_id"));
    }

    #[test]
    fn constraint_changes() {
        let mut a = base();
        let t = deals(&mut a);
        t.constraints.remove("deals_pkey");
        t.constraints.insert("deals_title_check".into(), check("CHECK ((title <> ''::text))"));
        t.constraints.insert("deals_price_check".into(), check("CHECK ((price >= (0)::numeric))"));
        if let Some(fk) = t.constraints.get_mut("deals_owner_id_fkey") {
            fk.deferrable = true;
            fk.definition.push_str(" DEFERRABLE");
        }
        assert_eq!(
            kinds(&diff_postgres(&base(), &a)),
            vec![
                (K::ConstraintDefinition, "public.deals.deals_owner_id_fkey"),
                (K::MissingConstraint, "public.deals.deals_pkey"),
                (K::ConstraintDefinition, "public.deals.deals_price_check"),
                (K::ExtraConstraint, "public.deals.deals_title_check"),
            ]
        );
    }

    #[test]
    fn renamed_constraint_and_index_and_not_valid_are_warnings() {
        let mut a = base();
        let t = deals(&mut a);
        let c = t.constraints.remove("deals_price_check").expect("check");
        t.constraints.insert("price_positive".into(), c);
        if let Some(fk) = t.constraints.get_mut("deals_owner_id_fkey") {
            fk.validated = false;
        }
        let i = t.indexes.remove("public.deals_title_idx").expect("index");
        t.indexes.insert("public.by_title".into(), i);
        let f = diff_postgres(&base(), &a);
        assert_eq!(
            kinds(&f),
            vec![
                (K::ConstraintValidation, "public.deals.deals_owner_id_fkey"),
                (K::ConstraintName, "public.deals.deals_price_check"),
                (K::IndexName, "public.deals_title_idx"),
            ]
        );
        assert!(f.iter().all(|f| f.severity == crate::diff::Severity::Warning));
    }

    #[test]
    fn index_changes() {
        let mut a = base();
        let t = deals(&mut a);
        if let Some(i) = t.indexes.get_mut("public.deals_title_idx") {
            i.unique = true;
            i.keys[0].descending = true;
            i.predicate = Some("(price > (0)::numeric)".into());
        }
        t.indexes.insert("public.deals_stage_idx".into(), index("deals_stage_idx", &["stage", "owner_id"]));
        let mut e = base();
        deals(&mut e).indexes.insert(
            "public.deals_price_idx".into(),
            Index { method: "brin".into(), ..index("deals_price_idx", &["price"]) },
        );
        let f = diff_postgres(&e, &a);
        assert_eq!(
            kinds(&f),
            vec![
                (K::MissingIndex, "public.deals_price_idx"),
                (K::ExtraIndex, "public.deals_stage_idx"),
                (K::IndexDefinition, "public.deals_title_idx"),
            ]
        );
        assert_eq!(f[2].expected.as_deref(), Some("btree (title)"));
        assert_eq!(f[2].actual.as_deref(), Some("UNIQUE btree (title DESC NULLS LAST) WHERE (price > (0)::numeric)"));
    }

    #[test]
    fn triggers_views_functions_enums() {
        let mut a = base();
        let t = deals(&mut a);
        t.triggers.insert(
            "deals_audit".into(),
            Trigger {
                definition: "CREATE TRIGGER deals_audit AFTER INSERT ON public.deals FOR EACH ROW EXECUTE FUNCTION public.touch()".into(),
                enabled: "origin".into(),
            },
        );
        if let Some(tr) = t.triggers.get_mut("deals_touch") {
            tr.enabled = "disabled".into();
        }
        if let Some(v) = a.views.get_mut("public.open_deals") {
            v.definition = "SELECT deals.id, deals.title FROM public.deals".into();
        }
        a.views.insert(
            "public.v2".into(),
            View { schema: "public".into(), name: "v2".into(), definition: "SELECT 1".into(), ..View::default() },
        );
        if let Some(f) = a.functions.get_mut("public.touch()") {
            f.body_sha256 = "cd".repeat(32);
        }
        a.functions
            .insert("public.add(integer, integer)".into(), Function { name: "add".into(), ..Function::default() });
        if let Some(e) = a.enums.get_mut("public.stage") {
            e.values.push("lost".into());
        }
        a.enums
            .insert("public.color".into(), EnumType { schema: "public".into(), name: "color".into(), values: vec![] });
        let mut e = base();
        e.views.insert("public.v0".into(), View { definition: "SELECT 0".into(), ..View::default() });
        e.enums.insert("public.size".into(), EnumType::default());
        e.functions.insert("public.gone()".into(), Function::default());
        deals(&mut e).triggers.insert(
            "deals_gone".into(),
            Trigger { definition: "CREATE TRIGGER deals_gone".into(), enabled: "origin".into() },
        );
        assert_eq!(
            kinds(&diff_postgres(&e, &a)),
            vec![
                (K::ExtraFunction, "public.add(integer, integer)"),
                (K::ExtraEnum, "public.color"),
                (K::ExtraTrigger, "public.deals.deals_audit"),
                (K::MissingTrigger, "public.deals.deals_gone"),
                (K::TriggerDefinition, "public.deals.deals_touch"),
                (K::MissingFunction, "public.gone()"),
                (K::ViewDefinition, "public.open_deals"),
                (K::MissingEnum, "public.size"),
                (K::EnumValues, "public.stage"),
                (K::FunctionDefinition, "public.touch()"),
                (K::MissingView, "public.v0"),
                (K::ExtraView, "public.v2"),
            ]
        );
    }

    #[test]
    fn partitioning_sequences_extensions_schemas() {
        let mut a = base();
        if let Some(t) = a.tables.get_mut("public.events") {
            t.partition_key = Some("LIST (at)".into());
        }
        if let Some(u) = a.tables.get_mut("public.users") {
            u.partition_of = Some(PartitionOf { parent: "public.events".into(), bound: "DEFAULT".into() });
        }
        if let Some(s) = a.sequences.get_mut("public.invoice_no") {
            s.increment = 10;
        }
        a.sequences.insert("public.s2".into(), Sequence::default());
        if let Some(x) = a.extensions.get_mut("pgcrypto") {
            x.version = "1.4".into();
        }
        a.extensions.insert("citext".into(), Extension::default());
        a.schemas.insert("audit".into());
        let mut e = base();
        e.extensions.insert("pg_trgm".into(), Extension::default());
        e.sequences.insert("public.s0".into(), Sequence::default());
        e.schemas.insert("crm".into());
        let f = diff_postgres(&e, &a);
        assert_eq!(
            kinds(&f),
            vec![
                (K::ExtraSchema, "audit"),
                (K::ExtraExtension, "citext"),
                (K::MissingSchema, "crm"),
                (K::MissingExtension, "pg_trgm"),
                (K::ExtensionVersion, "pgcrypto"),
                (K::Partitioning, "public.events"),
                (K::SequenceDefinition, "public.invoice_no"),
                (K::MissingSequence, "public.s0"),
                (K::ExtraSequence, "public.s2"),
                (K::Partitioning, "public.users"),
            ]
        );
        assert_eq!(f[5].expected.as_deref(), Some("PARTITION BY RANGE (at)"));
        assert_eq!(f[9].actual.as_deref(), Some("PARTITION OF public.events DEFAULT"));
    }

    #[test]
    fn output_is_sorted_and_deterministic() {
        let mut a = base();
        a.tables.clear();
        a.views.clear();
        let f1 = diff_postgres(&base(), &a);
        let mut f2 = f1.clone();
        f2.reverse();
        f2.sort();
        assert_eq!(f1, f2);
        assert_eq!(f1, diff_postgres(&base(), &a));
    }
}
