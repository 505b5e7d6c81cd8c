//! Replays a document's statements into scratch databases and inspects them with the live
//! inspector: PostgreSQL interprets the documented SQL, as Atlas's dev database and Prisma's
//! shadow database do.
//!
//! Each chunk (a block's statements for one database) is sent as one simple-query batch: one
//! round trip when it replays cleanly. Only a failing batch (rolled back whole, as a
//! multi-statement query is one implicit transaction) is re-run statement by statement, to keep
//! what works and find what does not. Statements that failed are retried after the rest, until
//! no retry succeeds, which resolves forward references (an `orders_order` documented before the
//! `orders_conversation` it references). A cycle of foreign keys (users ↔ groups) is broken the
//! way a person would write it: the table is created without the foreign keys to tables that
//! do not exist yet, and each is added with `ALTER TABLE ... ADD FOREIGN KEY` once they do
//! (PostgreSQL gives it the same default name). What still fails is a doc finding with its line.

use super::{DocDepth, DocProblem, DocStatement, Document};
use crate::diff::FindingKind;
use crate::error::{Error, Result};
use crate::migrate::scratch::with_scratch;
use crate::model::postgres::{ConstraintKind, PgSchema, Table};
use crate::model::Schema;
use crate::redact::Redacted;
use sqlx::postgres::{PgDatabaseError, PgErrorPosition};
use sqlx::PgConnection;
use std::collections::BTreeSet;

/// The model a document describes, and what replaying it found.
#[derive(Debug, Default)]
pub struct Replayed {
    pub schema: Schema,
    pub problems: Vec<DocProblem>,
    /// Batches and statements sent, for the "one round trip per block" budget.
    pub round_trips: usize,
}

struct Pending {
    sql: String,
    line: u32,
    stmt: usize,
    error: (String, String, u32),
}

/// Replays `doc` for each of `databases` that it has content for (all of them when empty) on
/// scratch databases of `server`.
pub async fn replay(server: &Redacted, doc: &Document, databases: &[String]) -> Result<Replayed> {
    let mut out = Replayed::default();
    for db in &doc.databases {
        if !databases.is_empty() && !databases.contains(db) {
            continue;
        }
        let stmts: Vec<&DocStatement> = doc.statements.iter().filter(|s| &s.db == db).collect();
        let (schema, problems, rt) = with_scratch(server, "docs", |url| async move {
            let mut conn = crate::conn::connect(&url).await?;
            let (problems, rt) = run(&mut conn, &stmts).await?;
            let schema = crate::source::live::postgres::inspect(&mut conn)
                .await
                .map_err(|e| Error::runtime(format!("cannot inspect the scratch database of the document: {e}")))?;
            use sqlx::Connection;
            let _ = conn.close().await;
            Ok((schema, problems, rt))
        })
        .await?;
        out.round_trips += rt;
        let (schema, mut lint) = finish(doc, db, schema);
        out.problems.extend(problems.into_iter().map(|mut p| {
            p.db = Some(db.clone());
            p
        }));
        out.problems.append(&mut lint);
        out.schema.postgres.insert(db.clone(), schema);
    }
    Ok(out)
}

async fn exec(conn: &mut PgConnection, sql: &str) -> std::result::Result<(), sqlx::Error> {
    sqlx::raw_sql(sql).execute(&mut *conn).await.map(|_| ())
}

/// (SQLSTATE, message, document line) of a failed statement; connection errors are fatal.
fn pg_error(sql: &str, line: u32, e: sqlx::Error) -> Result<(String, String, u32)> {
    let sqlx::Error::Database(db) = &e else {
        return Err(Error::runtime(format!("replaying the document on a scratch database failed: {e}"))
            .with_hint("check that the development server (--dev-url or the sandbox) is running"));
    };
    let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() else {
        return Ok((String::new(), db.message().to_string(), line));
    };
    let mut at = line;
    if let Some(PgErrorPosition::Original(pos)) = pg.position() {
        let byte = crate::migrate::split::char_pos_to_byte(sql, pos);
        at += u32::try_from(sql.get(..byte).unwrap_or("").matches('\n').count()).unwrap_or(0);
    }
    Ok((pg.code().to_string(), pg.message().to_string(), at))
}

async fn run(conn: &mut PgConnection, stmts: &[&DocStatement]) -> Result<(Vec<DocProblem>, usize)> {
    let mut rt = 0;
    let mut created: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mark = |created: &mut BTreeSet<String>, s: &DocStatement| {
        if let (super::sql::Kind::CreateTable, Some(n)) = (s.info.kind, &s.info.name) {
            created.insert(n.clone());
        }
    };
    let mut i = 0;
    while i < stmts.len() {
        let chunk = stmts[i].chunk;
        let j = stmts[i..].iter().position(|s| s.chunk != chunk).map(|k| i + k).unwrap_or(stmts.len());
        let batch: Vec<&str> = stmts[i..j].iter().map(|s| s.sql.as_str()).collect();
        rt += 1;
        if exec(conn, &batch.join(";\n")).await.is_ok() {
            for s in &stmts[i..j] {
                mark(&mut created, s);
            }
        } else {
            for (k, s) in stmts[i..j].iter().enumerate() {
                rt += 1;
                match exec(conn, &s.sql).await {
                    Ok(()) => mark(&mut created, s),
                    Err(e) => pending.push(Pending {
                        sql: s.sql.clone(),
                        line: s.line,
                        stmt: i + k,
                        error: pg_error(&s.sql, s.line, e)?,
                    }),
                }
            }
        }
        i = j;
    }
    loop {
        let mut progress = false;
        for mut p in std::mem::take(&mut pending) {
            rt += 1;
            match exec(conn, &p.sql).await {
                Ok(()) => {
                    progress = true;
                    mark(&mut created, stmts[p.stmt]);
                }
                Err(e) => {
                    p.error = pg_error(&p.sql, p.line, e)?;
                    pending.push(p);
                }
            }
        }
        if progress {
            continue;
        }
        // No retry helped: break one foreign-key cycle, if there is one, and go round again.
        let cycle = pending.iter().position(|p| {
            let s = stmts[p.stmt];
            s.info.kind == super::sql::Kind::CreateTable
                && p.sql == s.sql
                && s.info.fks.iter().any(|f| !created.contains(&f.target))
        });
        let Some(k) = cycle else { break };
        let p = pending.remove(k);
        let s = stmts[p.stmt];
        let table = s.info.name.clone().unwrap_or_default();
        let mut sql = s.sql.clone();
        let mut later = Vec::new();
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for f in s.info.fks.iter().filter(|f| !created.contains(&f.target)) {
            ranges.push(f.range);
            later.push((format!("ALTER TABLE {} ADD {}", super::sql::quote(&table), f.add_clause), s.line + f.line));
        }
        ranges.sort();
        for (a, b) in ranges.into_iter().rev() {
            if a <= b && b <= sql.len() && sql.is_char_boundary(a) && sql.is_char_boundary(b) {
                sql.replace_range(a..b, "");
            }
        }
        rt += 1;
        match exec(conn, &sql).await {
            Ok(()) => {
                created.insert(table);
                for (sql, line) in later {
                    // Queued, not run: the referenced table may itself still be pending.
                    pending.push(Pending { sql, line, stmt: p.stmt, error: (String::new(), String::new(), line) });
                }
            }
            Err(e) => {
                let error = pg_error(&sql, p.line, e)?;
                pending.push(Pending { sql, line: p.line, stmt: p.stmt, error });
                break;
            }
        }
    }
    let problems = pending
        .into_iter()
        .map(|p| {
            let s = stmts[p.stmt];
            let (code, msg, line) = p.error;
            let object = match (s.info.kind, &s.info.name, &s.info.table) {
                (super::sql::Kind::CreateIndex, Some(n), _) => format!("public.{n}"),
                (super::sql::Kind::CreateTable, Some(n), _) => format!("public.{n}"),
                (_, _, Some(t)) => format!("public.{t}"),
                (_, Some(n), _) => format!("public.{n}"),
                _ => format!("line {}", s.line),
            };
            let kind = if code == "42703" && s.info.kind == super::sql::Kind::CreateIndex {
                FindingKind::DocIndexUnknownColumn
            } else {
                FindingKind::DocStatementRejected
            };
            let first = p.sql.lines().next().unwrap_or("").trim().to_string();
            DocProblem {
                kind,
                db: None,
                object,
                expected: Some(first),
                actual: Some(if code.is_empty() { msg } else { format!("{code}: {msg}") }),
                line,
            }
        })
        .collect();
    Ok((problems, rt))
}

/// Marks depth, adds tables known only by name, and checks value lists against the model.
pub fn finish(doc: &Document, db: &str, mut schema: PgSchema) -> (PgSchema, Vec<DocProblem>) {
    for ((d, t), depth) in &doc.depth {
        if d == db {
            if let Some(table) = schema.tables.get_mut(&format!("public.{t}")) {
                table.depth = match depth {
                    DocDepth::Columns => crate::model::postgres::Depth::Columns,
                    DocDepth::Presence => crate::model::postgres::Depth::Presence,
                };
            }
        }
    }
    for (d, t, _) in &doc.presence {
        if d == db {
            schema.tables.entry(format!("public.{t}")).or_insert_with(|| Table {
                schema: "public".into(),
                name: t.clone(),
                depth: crate::model::postgres::Depth::Presence,
                ..Table::default()
            });
        }
    }
    let mut problems = Vec::new();
    for v in doc.value_lists.iter().filter(|v| v.db == db) {
        let Some(table) = schema.tables.get(&format!("public.{}", v.table)) else { continue };
        let Some(col) = table.column(&v.column) else { continue };
        let is_enum = schema.enums.contains_key(col.data_type.trim_end_matches("[]"));
        let checked =
            table.constraints.values().any(|c| c.kind == ConstraintKind::Check && c.columns.contains(&v.column));
        if !is_enum && !checked {
            problems.push(DocProblem {
                kind: FindingKind::DocUnenforcedEnum,
                db: Some(db.to_string()),
                object: format!("public.{}.{}", v.table, v.column),
                expected: Some(format!("one of {}", v.values.join(", "))),
                actual: Some(format!("{} with no CHECK or enum type", col.data_type)),
                line: v.line,
            });
        }
    }
    (schema, problems)
}
