//! The PostgreSQL part of the model.
//!
//! Objects are keyed by qualified name `schema.name` (raw identifiers, never quoted), and
//! per-table objects (columns, constraints, indexes, triggers) live under their table so the
//! differ can walk one table at a time without global lookups. Every string field holds the
//! *canonical* form produced by [`crate::model::normalize`]: two databases built from different
//! but equivalent DDL must produce equal values here.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One PostgreSQL database's schema, minus dbctl's own `dbctl` schema, system schemas and
/// objects that belong to extensions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PgSchema {
    /// Non-system namespaces, including empty ones (`public` is usually here).
    pub schemas: BTreeSet<String>,
    /// Ordinary and partitioned tables, keyed `schema.table`.
    pub tables: BTreeMap<String, Table>,
    /// Views and materialized views, keyed `schema.view`.
    pub views: BTreeMap<String, View>,
    /// Enum types, keyed `schema.type`.
    pub enums: BTreeMap<String, EnumType>,
    /// Functions, procedures and aggregates, keyed `schema.name(argtypes)`; overloads differ by key.
    pub functions: BTreeMap<String, Function>,
    /// Standalone sequences only: those behind serial or identity columns are part of the column.
    pub sequences: BTreeMap<String, Sequence>,
    /// Installed extensions, keyed by extension name (extension names are database-global).
    pub extensions: BTreeMap<String, Extension>,
}

/// A table (relkind `r` or `p`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Table {
    pub schema: String,
    pub name: String,
    /// Columns in attnum order (dropped columns skipped). Order is kept as data but compared by
    /// name: see `diff::postgres` for why reordering is only a warning.
    pub columns: Vec<Column>,
    /// Constraints keyed by constraint name (names are unique per table).
    pub constraints: BTreeMap<String, Constraint>,
    /// Indexes that do not back a primary-key/unique/exclusion constraint, keyed `schema.index`.
    pub indexes: BTreeMap<String, Index>,
    /// User triggers (not the internal ones behind foreign keys), keyed by trigger name.
    pub triggers: BTreeMap<String, Trigger>,
    /// `pg_get_partkeydef` of a partitioned table, e.g. `RANGE (created_at)`.
    pub partition_key: Option<String>,
    /// Set when this table is a partition of another.
    pub partition_of: Option<PartitionOf>,
    pub comment: Option<String>,
    /// How much of the table the expected side specifies; the differ compares no deeper.
    /// Always `full` for inspected databases; documents may know less (see [`Depth`]).
    #[serde(skip_serializing_if = "Depth::is_full")]
    pub depth: Depth,
}

/// How deeply a table is specified, which is how deeply the differ compares it. A document
/// that only lists a table's name can only be held to the table's existence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Depth {
    /// Everything: columns, constraints, indexes, triggers, partitioning, comments.
    #[default]
    Full,
    /// Columns, constraints and indexes (a column table in a document): no triggers,
    /// partitioning or comments.
    Columns,
    /// Existence only (a list of table names).
    Presence,
}

impl Depth {
    /// `true` for [`Depth::Full`] (serde skips it, keeping existing snapshots unchanged).
    pub fn is_full(&self) -> bool {
        *self == Depth::Full
    }
}

impl Table {
    /// The qualified key `schema.table`.
    pub fn key(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }

    /// The column called `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Parent and bound of a partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionOf {
    /// Qualified parent table `schema.table`.
    pub parent: String,
    /// `pg_get_expr(relpartbound)`, e.g. `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`.
    pub bound: String,
}

/// A table column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Column {
    pub name: String,
    /// Canonical type as `format_type` prints it: `integer`, `character varying(20)`,
    /// `timestamp with time zone`, `numeric(10,2)`, `public.mood[]`.
    pub data_type: String,
    pub not_null: bool,
    /// Canonical default expression; `None` for serial and identity columns (see `identity`).
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// Expression of a `GENERATED ALWAYS AS (...) STORED` column.
    pub generated: Option<String>,
    /// Collation, only when it differs from the type's default.
    pub collation: Option<String>,
    pub comment: Option<String>,
}

/// Where a column's values come from when none is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `serial`/`bigserial`, or an integer column defaulting to `nextval()` of a sequence: the
    /// sequence's name is an implementation detail, so it is not recorded.
    Serial,
    /// `GENERATED ALWAYS AS IDENTITY`.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    ByDefault,
}

impl Identity {
    /// How DDL spells it.
    pub fn as_sql(self) -> &'static str {
        match self {
            Identity::Serial => "serial",
            Identity::Always => "generated always as identity",
            Identity::ByDefault => "generated by default as identity",
        }
    }
}

/// The kind of a table constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
    Exclusion,
}

/// A table constraint. `definition` is what the differ compares; the structured fields are for
/// consumers (plans, docs) that need the parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub kind: ConstraintKind,
    /// Constrained columns in key order (empty for expression-only checks).
    pub columns: Vec<String>,
    /// `pg_get_constraintdef` without a trailing `NOT VALID`, e.g. `CHECK ((price > (0)::numeric))`
    /// or `FOREIGN KEY (deal_id) REFERENCES public.deals(id) ON DELETE CASCADE`.
    pub definition: String,
    pub foreign_key: Option<ForeignKey>,
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// `false` for a `NOT VALID` constraint not yet validated (existing rows unchecked).
    pub validated: bool,
}

/// The referencing side of a foreign key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Qualified referenced table `schema.table`.
    pub references: String,
    pub referenced_columns: Vec<String>,
    pub on_update: FkAction,
    pub on_delete: FkAction,
    /// `MATCH FULL` (MATCH SIMPLE is the default and `false`).
    pub match_full: bool,
}

/// A foreign-key referential action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    /// From `pg_constraint.confupdtype`/`confdeltype`.
    pub fn from_pg(code: &str) -> Self {
        match code {
            "r" => FkAction::Restrict,
            "c" => FkAction::Cascade,
            "n" => FkAction::SetNull,
            "d" => FkAction::SetDefault,
            _ => FkAction::NoAction,
        }
    }
}

/// An index, decomposed so a difference can be named (columns, order, method, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    /// Access method: `btree`, `gin`, `gist`, `hash`, `brin`, ...
    pub method: String,
    pub keys: Vec<IndexKey>,
    /// `INCLUDE (...)` columns.
    pub include: Vec<String>,
    /// Partial-index predicate as PostgreSQL prints it.
    pub predicate: Option<String>,
    /// PostgreSQL 15 `NULLS NOT DISTINCT`.
    pub nulls_not_distinct: bool,
    /// `false` for an index left invalid by a failed `CREATE INDEX CONCURRENTLY`.
    pub valid: bool,
}

/// One key of an index: a column name or an expression, with its ordering.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndexKey {
    /// Column name, or expression as PostgreSQL prints it (e.g. `lower(email)`).
    pub expr: String,
    pub descending: bool,
    /// Stored as given: PostgreSQL's default is NULLS LAST for ASC and NULLS FIRST for DESC.
    pub nulls_first: bool,
    /// Operator class, only when not the type's default (e.g. `gin_trgm_ops`).
    pub opclass: Option<String>,
    /// Collation, only when not the column's default.
    pub collation: Option<String>,
}

impl Index {
    /// A one-line definition like `CREATE INDEX` minus name and table, for findings:
    /// `UNIQUE btree (email, created_at DESC) INCLUDE (name) WHERE (deleted_at IS NULL)`.
    pub fn definition(&self) -> String {
        let mut s = String::new();
        if self.unique {
            s.push_str("UNIQUE ");
        }
        s.push_str(&self.method);
        s.push_str(" (");
        let keys: Vec<String> = self.keys.iter().map(IndexKey::render).collect();
        s.push_str(&keys.join(", "));
        s.push(')');
        if !self.include.is_empty() {
            s.push_str(" INCLUDE (");
            s.push_str(&self.include.join(", "));
            s.push(')');
        }
        if self.nulls_not_distinct {
            s.push_str(" NULLS NOT DISTINCT");
        }
        if let Some(p) = &self.predicate {
            s.push_str(" WHERE ");
            s.push_str(p);
        }
        if !self.valid {
            s.push_str(" (INVALID)");
        }
        s
    }
}

impl IndexKey {
    fn render(&self) -> String {
        let mut s = self.expr.clone();
        if let Some(c) = &self.collation {
            s.push_str(" COLLATE ");
            s.push_str(c);
        }
        if let Some(o) = &self.opclass {
            s.push(' ');
            s.push_str(o);
        }
        // Only spell out what differs from the default, as pg_get_indexdef does.
        match (self.descending, self.nulls_first) {
            (false, false) => {}
            (false, true) => s.push_str(" NULLS FIRST"),
            (true, true) => s.push_str(" DESC"),
            (true, false) => s.push_str(" DESC NULLS LAST"),
        }
        s
    }
}

/// A trigger on a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// `pg_get_triggerdef`, with names schema-qualified.
    pub definition: String,
    /// `origin` (the normal state), `disabled`, `replica` or `always`.
    pub enabled: String,
}

/// A view or materialized view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct View {
    pub schema: String,
    pub name: String,
    pub materialized: bool,
    /// `pg_get_viewdef(oid, true)` with whitespace collapsed and the trailing `;` removed.
    pub definition: String,
    /// `reloptions` such as `security_invoker=true` or `check_option=local`, sorted.
    pub options: Vec<String>,
    /// Indexes on a materialized view, keyed `schema.index`.
    pub indexes: BTreeMap<String, Index>,
    /// `INSTEAD OF` (and other) triggers on the view, keyed by trigger name.
    pub triggers: BTreeMap<String, Trigger>,
    pub comment: Option<String>,
}

/// An enum type and its labels in sort order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnumType {
    pub schema: String,
    pub name: String,
    pub values: Vec<String>,
}

/// A function, procedure or aggregate. The body is kept as a hash: it is compared, not shown,
/// and hashing keeps the model small for large schemas.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Function {
    pub schema: String,
    pub name: String,
    /// `function`, `procedure`, `aggregate` or `window`.
    pub kind: String,
    /// `pg_get_function_arguments`: names, modes and defaults, e.g. `a integer, b text DEFAULT ''::text`.
    pub arguments: String,
    /// `pg_get_function_result`, e.g. `trigger`, `TABLE(id integer)`; empty for procedures.
    pub result: String,
    pub language: String,
    /// `immutable`, `stable` or `volatile`.
    pub volatility: String,
    pub strict: bool,
    pub security_definer: bool,
    /// `safe`, `restricted` or `unsafe`.
    pub parallel: String,
    /// `proconfig` settings such as `search_path=public`, sorted.
    pub config: Vec<String>,
    /// sha256 (hex) of the body: `prosrc` (or the SQL-standard body) with surrounding whitespace trimmed.
    pub body_sha256: String,
}

impl Function {
    /// A one-line summary of everything compared, for `function_definition` findings.
    pub fn summary(&self) -> String {
        let mut s = format!("{}({})", self.kind, self.arguments);
        if !self.result.is_empty() {
            s.push_str(" RETURNS ");
            s.push_str(&self.result);
        }
        s.push_str(&format!(" LANGUAGE {} {} PARALLEL {}", self.language, self.volatility, self.parallel));
        if self.strict {
            s.push_str(" STRICT");
        }
        if self.security_definer {
            s.push_str(" SECURITY DEFINER");
        }
        for c in &self.config {
            s.push_str(" SET ");
            s.push_str(c);
        }
        let short = self.body_sha256.get(..12).unwrap_or(&self.body_sha256);
        s.push_str(&format!(" body sha256:{short}"));
        s
    }
}

/// A standalone sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sequence {
    pub schema: String,
    pub name: String,
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
}

impl Sequence {
    /// A one-line summary, for `sequence_definition` findings.
    pub fn summary(&self) -> String {
        format!(
            "AS {} START {} INCREMENT {} MINVALUE {} MAXVALUE {} CACHE {}{}",
            self.data_type,
            self.start,
            self.increment,
            self.min_value,
            self.max_value,
            self.cache,
            if self.cycle { " CYCLE" } else { "" }
        )
    }
}

/// An installed extension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Extension {
    /// Schema its objects were installed into.
    pub schema: String,
    pub version: String,
}
