//! PostgreSQL inspector: reads a live database's schema from `pg_catalog` into a [`PgSchema`].
//!
//! One query per object kind (the `.sql` files beside this module, see [`QUERIES`]), each
//! covering every table at once, so the number of round trips is fixed however large the
//! schema is. All queries run in one read-only REPEATABLE READ transaction (one snapshot, so a
//! concurrent migration cannot produce a half-old, half-new model) with `search_path` set to
//! `pg_catalog` alone: PostgreSQL's printers (`format_type`, `pg_get_expr`, `pg_get_viewdef`,
//! ...) then schema-qualify every user object, and the model does not depend on the caller's
//! search path. Requires PostgreSQL 15 or later (`indnullsnotdistinct`, `prosqlbody`).
//!
//! Skipped: dbctl's own schema `dbctl`, `pg_catalog`, `information_schema`, `pg_toast`, temp
//! schemas, and objects that belong to an extension (pg_depend deptype `e`), which are the
//! extension's business and are covered by the extension's own entry.

use crate::model::normalize::{
    body_sha256, canonical_constraint_definition, canonical_default, canonical_expr, canonical_type,
    canonical_view_definition, nextval_sequence,
};
use crate::model::postgres::{
    Column, Constraint, ConstraintKind, EnumType, Extension, FkAction, ForeignKey, Function, Identity, Index, IndexKey,
    PartitionOf, PgSchema, Sequence, Table, Trigger, View,
};
use sqlx::postgres::PgRow;
use sqlx::{Connection, PgConnection, Row};

const SCHEMAS: &str = include_str!("postgres/schemas.sql");
const TABLES: &str = include_str!("postgres/tables.sql");
const COLUMNS: &str = include_str!("postgres/columns.sql");
const CONSTRAINTS: &str = include_str!("postgres/constraints.sql");
const INDEXES: &str = include_str!("postgres/indexes.sql");
const VIEWS: &str = include_str!("postgres/views.sql");
const ENUMS: &str = include_str!("postgres/enums.sql");
const FUNCTIONS: &str = include_str!("postgres/functions.sql");
const TRIGGERS: &str = include_str!("postgres/triggers.sql");
const SEQUENCES: &str = include_str!("postgres/sequences.sql");
const EXTENSIONS: &str = include_str!("postgres/extensions.sql");

/// Every catalog query, in the order [`inspect`] runs them. Its length is the number of
/// round trips an inspection costs (plus BEGIN, SET and ROLLBACK).
pub const QUERIES: [&str; 11] =
    [SCHEMAS, TABLES, COLUMNS, CONSTRAINTS, INDEXES, VIEWS, ENUMS, FUNCTIONS, TRIGGERS, SEQUENCES, EXTENSIONS];

/// Inspects the database `conn` is connected to. Read-only; leaves the session as it found it.
///
/// If `conn` is already inside a transaction, inspection runs in a savepoint of it (and sees
/// that transaction's uncommitted DDL), which is what a migration verifier wants.
pub async fn inspect(conn: &mut PgConnection) -> Result<PgSchema, sqlx::Error> {
    let mut tx = if conn.is_in_transaction() {
        conn.begin().await?
    } else {
        conn.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?
    };
    // Local settings end with the transaction (or savepoint), so the caller's survive. JIT off:
    // the planner prices the per-index array subqueries high enough to JIT-compile the index
    // query, which costs ~0.3 s of LLVM time for a query that runs in a few milliseconds.
    sqlx::query("SELECT set_config('search_path', 'pg_catalog', true), set_config('jit', 'off', true)")
        .execute(&mut *tx)
        .await?;
    let mut out = PgSchema::default();
    let c = &mut *tx;

    for row in fetch(c, SCHEMAS).await? {
        out.schemas.insert(row.try_get("name")?);
    }
    for row in fetch(c, TABLES).await? {
        let table = table_from_row(&row)?;
        out.tables.insert(table.key(), table);
    }
    for row in fetch(c, COLUMNS).await? {
        let key: String = row.try_get("table_key")?;
        let column = column_from_row(&row)?;
        if let Some(t) = out.tables.get_mut(&key) {
            t.columns.push(column);
        }
    }
    for row in fetch(c, CONSTRAINTS).await? {
        let key: String = row.try_get("table_key")?;
        let name: String = row.try_get("name")?;
        let constraint = constraint_from_row(&row)?;
        if let Some(t) = out.tables.get_mut(&key) {
            t.constraints.insert(name, constraint);
        }
    }
    // Indexes of materialized views arrive before their views do; park them until then.
    let mut view_indexes = Vec::new();
    for row in fetch(c, INDEXES).await? {
        let rel: String = row.try_get("rel_key")?;
        let key: String = row.try_get("index_key")?;
        let index = index_from_row(&row)?;
        match out.tables.get_mut(&rel) {
            Some(t) => {
                t.indexes.insert(key, index);
            }
            None => view_indexes.push((rel, key, index)),
        }
    }
    for row in fetch(c, VIEWS).await? {
        let options: Vec<String> = row.try_get("options")?;
        let mut options = options;
        options.sort();
        let view = View {
            schema: row.try_get("schema")?,
            name: row.try_get("name")?,
            materialized: row.try_get("materialized")?,
            definition: canonical_view_definition(&row.try_get::<String, _>("definition")?),
            options,
            indexes: Default::default(),
            triggers: Default::default(),
            comment: row.try_get("comment")?,
        };
        out.views.insert(format!("{}.{}", view.schema, view.name), view);
    }
    for (rel, key, index) in view_indexes {
        if let Some(v) = out.views.get_mut(&rel) {
            v.indexes.insert(key, index);
        }
    }
    for row in fetch(c, ENUMS).await? {
        let e = EnumType { schema: row.try_get("schema")?, name: row.try_get("name")?, values: row.try_get("labels")? };
        out.enums.insert(format!("{}.{}", e.schema, e.name), e);
    }
    for row in fetch(c, FUNCTIONS).await? {
        let arg_types: String = row.try_get("arg_types")?;
        let f = function_from_row(&row)?;
        out.functions.insert(format!("{}.{}({})", f.schema, f.name, arg_types), f);
    }
    for row in fetch(c, TRIGGERS).await? {
        let rel: String = row.try_get("rel_key")?;
        let name: String = row.try_get("name")?;
        let trigger = Trigger {
            definition: canonical_expr(&row.try_get::<String, _>("definition")?),
            enabled: enabled_name(&row.try_get::<String, _>("enabled")?).to_string(),
        };
        if let Some(t) = out.tables.get_mut(&rel) {
            t.triggers.insert(name, trigger);
        } else if let Some(v) = out.views.get_mut(&rel) {
            v.triggers.insert(name, trigger);
        }
    }
    for row in fetch(c, SEQUENCES).await? {
        let s = Sequence {
            schema: row.try_get("schema")?,
            name: row.try_get("name")?,
            data_type: row.try_get("data_type")?,
            start: row.try_get("start")?,
            increment: row.try_get("increment")?,
            min_value: row.try_get("min_value")?,
            max_value: row.try_get("max_value")?,
            cache: row.try_get("cache")?,
            cycle: row.try_get("cycle")?,
        };
        out.sequences.insert(format!("{}.{}", s.schema, s.name), s);
    }
    for row in fetch(c, EXTENSIONS).await? {
        let name: String = row.try_get("name")?;
        let e = Extension { schema: row.try_get("schema")?, version: row.try_get("version")? };
        out.extensions.insert(name, e);
    }
    // Read-only: nothing to keep, and rolling back also undoes SET LOCAL inside a savepoint.
    tx.rollback().await?;
    Ok(out)
}

async fn fetch(conn: &mut PgConnection, sql: &'static str) -> Result<Vec<PgRow>, sqlx::Error> {
    sqlx::query(sql).fetch_all(conn).await
}

fn table_from_row(row: &PgRow) -> Result<Table, sqlx::Error> {
    let parent: Option<String> = row.try_get("partition_parent")?;
    let bound: Option<String> = row.try_get("partition_bound")?;
    Ok(Table {
        schema: row.try_get("schema")?,
        name: row.try_get("name")?,
        partition_key: row.try_get("partition_key")?,
        partition_of: parent.map(|parent| PartitionOf { parent, bound: bound.unwrap_or_default() }),
        comment: row.try_get("comment")?,
        ..Table::default()
    })
}

fn column_from_row(row: &PgRow) -> Result<Column, sqlx::Error> {
    let data_type = canonical_type(&row.try_get::<String, _>("data_type")?);
    let raw_default: Option<String> = row.try_get("default_expr")?;
    let identity_code: String = row.try_get("identity")?;
    let generated_code: String = row.try_get("generated")?;
    let mut identity = match identity_code.as_str() {
        "a" => Some(Identity::Always),
        "d" => Some(Identity::ByDefault),
        _ => None,
    };
    let mut default = None;
    let mut generated = None;
    if let Some(expr) = raw_default {
        if generated_code == "s" {
            // For a generated column pg_attrdef holds the generation expression, not a default.
            generated = Some(canonical_expr(&expr));
        } else if identity.is_none() && nextval_sequence(&expr).is_some() {
            identity = Some(Identity::Serial);
        } else {
            default = Some(canonical_default(&expr, &data_type));
        }
    }
    Ok(Column {
        name: row.try_get("name")?,
        data_type,
        not_null: row.try_get("not_null")?,
        default,
        identity,
        generated,
        collation: row.try_get("collation")?,
        comment: row.try_get("comment")?,
    })
}

fn constraint_from_row(row: &PgRow) -> Result<Constraint, sqlx::Error> {
    let kind = match row.try_get::<String, _>("kind")?.as_str() {
        "p" => ConstraintKind::PrimaryKey,
        "u" => ConstraintKind::Unique,
        "f" => ConstraintKind::ForeignKey,
        "x" => ConstraintKind::Exclusion,
        _ => ConstraintKind::Check,
    };
    let (definition, validated) = canonical_constraint_definition(&row.try_get::<String, _>("definition")?);
    let foreign_key = if kind == ConstraintKind::ForeignKey {
        Some(ForeignKey {
            references: row.try_get::<Option<String>, _>("ref_table")?.unwrap_or_default(),
            referenced_columns: row.try_get("ref_columns")?,
            on_update: FkAction::from_pg(&row.try_get::<String, _>("on_update")?),
            on_delete: FkAction::from_pg(&row.try_get::<String, _>("on_delete")?),
            match_full: row.try_get::<String, _>("match_type")? == "f",
        })
    } else {
        None
    };
    Ok(Constraint {
        kind,
        columns: row.try_get("columns")?,
        definition,
        foreign_key,
        deferrable: row.try_get("deferrable")?,
        initially_deferred: row.try_get("deferred")?,
        validated: validated && row.try_get::<bool, _>("validated")?,
    })
}

fn index_from_row(row: &PgRow) -> Result<Index, sqlx::Error> {
    let key_count = usize::try_from(row.try_get::<i32, _>("key_count")?).unwrap_or(0);
    let exprs: Vec<String> = row.try_get("exprs")?;
    let options: Vec<i32> = row.try_get("options")?;
    let opclasses: Vec<String> = row.try_get("opclasses")?;
    let collations: Vec<String> = row.try_get("collations")?;
    let non_empty = |s: Option<&String>| s.filter(|s| !s.is_empty()).cloned();
    let keys = exprs
        .iter()
        .take(key_count)
        .enumerate()
        .map(|(k, expr)| {
            let opt = options.get(k).copied().unwrap_or(0);
            IndexKey {
                expr: canonical_expr(expr),
                // pg_index.indoption bits: 1 = DESC, 2 = NULLS FIRST.
                descending: opt & 1 != 0,
                nulls_first: opt & 2 != 0,
                opclass: non_empty(opclasses.get(k)),
                collation: non_empty(collations.get(k)),
            }
        })
        .collect();
    Ok(Index {
        name: row.try_get("name")?,
        unique: row.try_get("is_unique")?,
        method: row.try_get("method")?,
        keys,
        include: exprs.iter().skip(key_count).cloned().collect(),
        predicate: row.try_get::<Option<String>, _>("predicate")?.map(|p| canonical_expr(&p)),
        nulls_not_distinct: row.try_get("nulls_not_distinct")?,
        valid: row.try_get("valid")?,
    })
}

fn function_from_row(row: &PgRow) -> Result<Function, sqlx::Error> {
    let mut config: Vec<String> = row.try_get("config")?;
    config.sort();
    let body: Option<String> = row.try_get("body")?;
    Ok(Function {
        schema: row.try_get("schema")?,
        name: row.try_get("name")?,
        kind: match row.try_get::<String, _>("kind")?.as_str() {
            "p" => "procedure",
            "a" => "aggregate",
            "w" => "window",
            _ => "function",
        }
        .to_string(),
        arguments: row.try_get("arguments")?,
        result: row.try_get("result")?,
        language: row.try_get("language")?,
        volatility: match row.try_get::<String, _>("volatility")?.as_str() {
            "i" => "immutable",
            "s" => "stable",
            _ => "volatile",
        }
        .to_string(),
        strict: row.try_get("strict")?,
        security_definer: row.try_get("security_definer")?,
        parallel: match row.try_get::<String, _>("parallel")?.as_str() {
            "s" => "safe",
            "r" => "restricted",
            _ => "unsafe",
        }
        .to_string(),
        config,
        body_sha256: body_sha256(body.as_deref().unwrap_or("")),
    })
}

/// `pg_trigger.tgenabled` as a word.
fn enabled_name(code: &str) -> &'static str {
    match code {
        "D" => "disabled",
        "R" => "replica",
        "A" => "always",
        _ => "origin",
    }
}
