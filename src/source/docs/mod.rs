//! Documented schemas: a Markdown file in, the schema model plus doc findings out, every object
//! carrying the line it came from.
//!
//! Reading ([`read`]) is pure and fast: the Markdown walk ([`markdown`]), SQL blocks split into
//! statements with sqlparser's tokenizer ([`sql`]), column tables ([`tables`]), Prisma models
//! ([`prisma`]), table-name lists (presence only), Mongo examples and Redis key formats
//! ([`nosql`]). Every style ends as SQL statements with lines, grouped in chunks (one per block
//! and database). [`replay`] then lets PostgreSQL interpret them on a scratch database and
//! inspects it with the live inspector, exactly as migrations are turned into a model. The
//! conventions read are documented in `docs/formats.md`.
//!
//! Which database a statement belongs to: a `## Database: <name>` section says so; otherwise a
//! heading naming a configured database (omnifin's "Knowledge Bank Schema" is `knowledge`) holds
//! the tables under it; an index, trigger or `ALTER TABLE` follows its table; a view follows the
//! first table it reads; a function follows the triggers that execute it (into every such
//! database), else the tables its body uses; anything else goes to the first database.

pub mod check;
pub mod deviations;
pub mod markdown;
pub mod nosql;
pub mod nosql_check;
pub mod prisma;
pub mod replay;
pub mod sql;
pub mod tables;

use crate::diff::{Finding, FindingKind};
use markdown::Block;
use sql::Kind;
use std::collections::{BTreeMap, BTreeSet};

/// One statement to replay.
#[derive(Debug, Clone)]
pub struct DocStatement {
    pub sql: String,
    /// Document line of the statement's first line.
    pub line: u32,
    pub db: String,
    /// Statements of one chunk are sent as one batch.
    pub chunk: usize,
    pub info: sql::Info,
}

/// How deep the document specifies a table, which is how deep it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocDepth {
    /// Only the table's name (a list of tables per phase): existence is checked.
    Presence,
    /// A column table: columns, constraints and indexes, not triggers or comments.
    Columns,
}

/// A finding the document itself gives rise to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocProblem {
    pub kind: FindingKind,
    pub db: Option<String>,
    pub object: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub line: u32,
}

/// A value list (SQL comment, Prisma comment, column description) to be checked against the
/// model once PostgreSQL has built it: is there a CHECK or an enum type enforcing it?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueList {
    pub db: String,
    pub table: String,
    pub column: String,
    pub values: Vec<String>,
    pub line: u32,
}

/// Everything read from one document.
#[derive(Debug, Default)]
pub struct Document {
    pub statements: Vec<DocStatement>,
    /// Tables known by name only: (database, table, line).
    pub presence: Vec<(String, String, u32)>,
    /// Depth of tables not fully specified in SQL: (database, table) -> depth.
    pub depth: BTreeMap<(String, String), DocDepth>,
    /// (database, object path) -> line, for findings.
    pub lines: BTreeMap<(String, String), u32>,
    pub value_lists: Vec<ValueList>,
    pub problems: Vec<DocProblem>,
    pub mongo_collections: Vec<nosql::MongoCollectionDoc>,
    pub mongo_indexes: Vec<nosql::MongoIndexDoc>,
    pub redis_keys: Vec<nosql::RedisKeyDoc>,
    /// Databases the document has content for.
    pub databases: BTreeSet<String>,
}

impl Document {
    /// The line an object path comes from: the object itself, else its closest parent
    /// (`public.t.c` -> `public.t`), with function arguments ignored.
    pub fn line_of(&self, db: &str, object: &str) -> Option<u32> {
        let mut key = object.split('(').next().unwrap_or(object).to_string();
        loop {
            if let Some(l) = self.lines.get(&(db.to_string(), key.clone())) {
                return Some(*l);
            }
            let p = key.rfind('.')?;
            key.truncate(p);
        }
    }

    /// The document's own findings, with `file` set.
    pub fn findings(&self, file: &str) -> Vec<Finding> {
        self.problems
            .iter()
            .map(|p| Finding {
                database: p.db.clone(),
                file: Some(file.to_string()),
                line: Some(p.line),
                ..Finding::new(p.kind, p.object.clone(), p.expected.clone(), p.actual.clone())
            })
            .collect()
    }
}

struct Raw {
    sql: String,
    line: u32,
    block: usize,
    section: Option<(String, bool)>,
    info: sql::Info,
}

fn is_ident(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `` `organizations` - Issuer ... `` or `**users**: User management` -> `organizations`/`users`.
fn presence_item(text: &str) -> Option<String> {
    let (name, rest) = if let Some(r) = text.strip_prefix('`') {
        r.split_once('`')?
    } else if let Some(r) = text.strip_prefix("**") {
        r.split_once("**")?
    } else {
        return None;
    };
    let rest = rest.trim_start();
    let sep = rest.starts_with(':') || rest.starts_with("- ") || rest.starts_with("– ") || rest.starts_with("— ");
    (is_ident(name) && sep).then(|| name.to_string())
}

/// Which configured database a heading names, if any (`Database: x`, or a database name as a word).
fn heading_db(text: &str, databases: &[String]) -> Option<(String, bool)> {
    if let Some(rest) = text.strip_prefix("Database:") {
        return Some((rest.trim().trim_matches('`').to_string(), true));
    }
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric() && c != '_').map(|w| w.to_ascii_lowercase()).collect();
    if databases.len() < 2 {
        return None;
    }
    databases.iter().find(|d| words.iter().any(|w| w == &d.to_ascii_lowercase())).map(|d| (d.clone(), false))
}

fn heading_table(text: &str) -> Option<String> {
    let t = text.strip_prefix("Table:").unwrap_or(text).trim().trim_matches('`');
    is_ident(t).then(|| t.to_string())
}

/// The database a heading assigns (name, whether it said `Database:` explicitly).
type Section = Option<(String, bool)>;

#[derive(Clone, Copy, PartialEq)]
enum ListCtx {
    None,
    Indexes,
    Uniques,
    Checks,
}

/// Reads `text` for a project whose databases are `databases` (config order; the first is the
/// default). Pure and total: any input gives a document, problems included.
pub fn read(text: &str, databases: &[String]) -> Document {
    let default_db = databases.first().cloned().unwrap_or_else(|| "main".to_string());
    let mut doc = Document::default();
    let blocks = markdown::blocks(text);
    let mut raws: Vec<Raw> = Vec::new();
    // Headings naming a database, innermost last: a heading closes those at its level or deeper.
    let mut sections: Vec<(String, bool, u8)> = Vec::new();
    let mut cur_table: Option<(String, u32)> = None;
    let mut cur_collection: Option<String> = None;
    let mut ctx = ListCtx::None;
    let mut specs: Vec<(tables::TableSpec, Section)> = Vec::new();
    let mut checks: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut prisma_blocks: Vec<(String, u32, Section, usize)> = Vec::new();
    let mut presence: Vec<(String, u32, Section)> = Vec::new();
    let mut redis_table = false;
    for (bi, b) in blocks.iter().enumerate() {
        let sec = sections.last().map(|(d, e, _)| (d.clone(), *e));
        match b {
            Block::Heading { level, text, line } => {
                sections.retain(|(_, _, l)| *l < *level);
                if let Some((d, explicit)) = heading_db(text, databases) {
                    sections.push((d, explicit, *level));
                }
                cur_table = heading_table(text).map(|t| (t, *line));
                cur_collection = text.strip_prefix("Collection:").map(|c| c.trim().trim_matches('`').to_string());
                let lower = text.to_ascii_lowercase();
                ctx = if lower.contains("check constraint") {
                    ListCtx::Checks
                } else if lower.contains("unique constraint") {
                    ListCtx::Uniques
                } else {
                    ListCtx::None
                };
                redis_table = lower.starts_with("redis");
            }
            Block::Code { lang, text: code, line } => match lang.as_str() {
                "sql" | "postgres" | "postgresql" | "pgsql" | "plpgsql" | "psql" => {
                    let (stmts, strays) = sql::split_block(code);
                    for st in stmts {
                        raws.push(Raw {
                            sql: st.sql,
                            line: line + st.line,
                            block: bi,
                            section: sec.clone(),
                            info: st.info,
                        });
                    }
                    for s in strays {
                        doc.problems.push(DocProblem {
                            kind: FindingKind::DocStrayText,
                            db: None,
                            object: format!("line {}", line + s.line),
                            expected: Some("SQL".into()),
                            actual: Some(s.text),
                            line: line + s.line,
                        });
                    }
                }
                "prisma" => prisma_blocks.push((code.clone(), *line, sec.clone(), bi)),
                "javascript" | "js" | "json" | "mongo" | "mongodb" => {
                    let mut probs = Vec::new();
                    doc.mongo_indexes.extend(nosql::indexes(code, *line, &mut probs));
                    if let Some(c) = nosql::collection(code, *line, cur_collection.as_deref()) {
                        doc.mongo_collections.push(c);
                    }
                    for (l, m) in probs {
                        doc.problems.push(DocProblem {
                            kind: FindingKind::DocUnreadable,
                            db: None,
                            object: format!("line {l}"),
                            expected: Some("a MongoDB createIndex call".into()),
                            actual: Some(m),
                            line: l,
                        });
                    }
                }
                _ => {}
            },
            Block::Table { rows } => {
                let Some((header, _)) = rows.first() else { continue };
                let h: Vec<String> = header.iter().map(|c| c.to_ascii_lowercase()).collect();
                let col = |n: &str| h.iter().position(|c| c == n);
                if let (Some(ci), Some(ti)) = (col("column"), col("type")) {
                    let Some((name, tline)) = cur_table.clone() else {
                        doc.problems.push(DocProblem {
                            kind: FindingKind::DocUnreadable,
                            db: None,
                            object: format!("line {}", rows[0].1),
                            expected: Some("a column table under a heading naming its table".into()),
                            actual: Some("no table name in the heading above".into()),
                            line: rows[0].1,
                        });
                        continue;
                    };
                    let get = |r: &Vec<String>, i: Option<usize>| i.and_then(|i| r.get(i)).cloned().unwrap_or_default();
                    let columns = rows[1..]
                        .iter()
                        .filter(|(r, _)| !get(r, Some(ci)).is_empty())
                        .map(|(r, l)| tables::ColSpec {
                            name: get(r, Some(ci)),
                            ty: get(r, Some(ti)),
                            constraints: get(r, col("constraints")),
                            description: get(r, col("description")),
                            line: *l,
                        })
                        .collect();
                    specs.push((tables::TableSpec { name, line: tline, columns, ..Default::default() }, sec.clone()));
                } else if let Some(pi) = col("pattern") {
                    if redis_table || h.contains(&"ttl".to_string()) {
                        for (r, l) in &rows[1..] {
                            let get = |i: Option<usize>| i.and_then(|i| r.get(i)).cloned();
                            doc.redis_keys.push(nosql::RedisKeyDoc {
                                pattern: get(Some(pi)).unwrap_or_default(),
                                value: get(col("type")),
                                ttl: get(col("ttl")),
                                line: *l,
                            });
                        }
                    }
                }
            }
            Block::Paragraph { text, line } => {
                let lower = text.to_ascii_lowercase();
                if lower.starts_with("**indexes") {
                    ctx = ListCtx::Indexes;
                } else if lower.starts_with("**unique constraints") {
                    ctx = ListCtx::Uniques;
                } else if lower.starts_with("**check constraints") {
                    ctx = ListCtx::Checks;
                }
                if let Some(r) = nosql::redis_format(text, *line) {
                    doc.redis_keys.push(r);
                }
            }
            Block::Item { text, line } => {
                if let Some(r) = nosql::redis_format(text, *line) {
                    doc.redis_keys.push(r);
                    continue;
                }
                if let Some((k, v)) = tables::check_bullet(text) {
                    checks.insert(k, v);
                    continue;
                }
                let spec = specs.last_mut().filter(|(s, _)| cur_table.as_ref().is_some_and(|(t, _)| *t == s.name));
                match (ctx, spec) {
                    (ListCtx::Indexes, Some((s, _))) => {
                        if let Some((name, cols)) = tables::index_bullet(text) {
                            s.indexes.push((name, cols, *line));
                        }
                        continue;
                    }
                    (ListCtx::Uniques, Some((s, _))) => {
                        if let Some(cols) = tables::unique_bullet(text) {
                            s.uniques.push((cols, *line));
                        }
                        continue;
                    }
                    _ => {}
                }
                if ctx == ListCtx::None {
                    if let Some(name) = presence_item(text) {
                        presence.push((name, *line, sec.clone()));
                    }
                }
            }
        }
    }

    let db_of = |sec: &Option<(String, bool)>| sec.as_ref().map(|(d, _)| d.clone()).unwrap_or(default_db.clone());

    // Column tables and Prisma models become statements, one chunk per table / block.
    let mut block_id = blocks.len();
    for (spec, sec) in &specs {
        let g = tables::generate(spec, &checks);
        let db = db_of(sec);
        for (sql, line) in g.statements {
            let (st, _) = sql::split_block(&sql);
            let info =
                st.into_iter().next().map(|s| s.info).unwrap_or_else(|| sql::split_block("SELECT 1").0[0].info.clone());
            raws.push(Raw { sql, line, block: block_id, section: sec.clone(), info });
        }
        for (line, col) in g.unspecified_checks {
            doc.problems.push(DocProblem {
                kind: FindingKind::DocUnspecifiedCheck,
                db: Some(db.clone()),
                object: format!("public.{}.{col}", spec.name),
                expected: Some("the rule of the CHECK constraint".into()),
                actual: Some("\"CHECK constraint\" with no documented rule".into()),
                line,
            });
        }
        for (col, values, line) in g.enum_descriptions {
            doc.value_lists.push(ValueList { db: db.clone(), table: spec.name.clone(), column: col, values, line });
        }
        for c in &spec.columns {
            doc.lines.insert((db.clone(), format!("public.{}.{}", spec.name, c.name)), c.line);
        }
        for (name, _, line) in &spec.indexes {
            doc.lines.insert((db.clone(), format!("public.{name}")), *line);
        }
        doc.depth.insert((db.clone(), spec.name.clone()), DocDepth::Columns);
        block_id += 1;
    }
    let mut models = Vec::new();
    let mut enums = Vec::new();
    for (code, _, _, _) in &prisma_blocks {
        let (m, e) = prisma::parse_names(code);
        models.extend(m);
        enums.extend(e);
    }
    let fk_block = block_id + prisma_blocks.len();
    for (code, line, sec, _) in &prisma_blocks {
        let g = prisma::generate(code, *line, &models, &enums);
        let db = db_of(sec);
        for (sql, line) in g.statements {
            let info = sql::split_block(&sql).0.into_iter().next().map(|s| s.info);
            if let Some(info) = info {
                raws.push(Raw { sql, line, block: block_id, section: sec.clone(), info });
            }
        }
        for (sql, line) in g.foreign_keys {
            let info = sql::split_block(&sql).0.into_iter().next().map(|s| s.info);
            if let Some(info) = info {
                raws.push(Raw { sql, line, block: fk_block, section: sec.clone(), info });
            }
        }
        for (table, column, values, line) in g.enum_comments {
            doc.value_lists.push(ValueList { db: db.clone(), table, column, values, line });
        }
        for (table, column, line) in g.columns {
            doc.lines.insert((db.clone(), format!("public.{table}.{column}")), line);
        }
        for (table, line) in g.tables {
            doc.lines.insert((db.clone(), format!("public.{table}")), line);
        }
        for (line, m) in g.problems {
            doc.problems.push(DocProblem {
                kind: FindingKind::DocUnreadable,
                db: Some(db.clone()),
                object: format!("line {line}"),
                expected: Some("a Prisma model or enum".into()),
                actual: Some(m),
                line,
            });
        }
        block_id += 1;
    }

    // Where each table lives.
    let mut table_db: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut defined: BTreeMap<(String, String), u32> = BTreeMap::new();
    for r in &raws {
        if r.info.kind == Kind::CreateTable {
            if let Some(t) = &r.info.name {
                let db = db_of(&r.section);
                table_db.entry(t.clone()).or_default().push(db.clone());
                if let Some(first) = defined.get(&(db.clone(), t.clone())) {
                    doc.problems.push(DocProblem {
                        kind: FindingKind::DocDuplicateTable,
                        db: Some(db.clone()),
                        object: format!("public.{t}"),
                        expected: Some(format!("one definition (line {first})")),
                        actual: Some(format!("defined again at line {}", r.line)),
                        line: r.line,
                    });
                } else {
                    defined.insert((db, t.clone()), r.line);
                }
            }
        }
    }
    for (name, line, sec) in &presence {
        if !table_db.contains_key(name) {
            let db = db_of(sec);
            table_db.entry(name.clone()).or_default().push(db.clone());
            doc.presence.push((db.clone(), name.clone(), *line));
            doc.lines.insert((db, format!("public.{name}")), *line);
        }
    }
    let home = |t: &str| table_db.get(t).and_then(|v| v.first()).cloned();

    // Route every statement; triggers first, so functions can follow them.
    let mut routed: Vec<(usize, String)> = Vec::new();
    let mut fn_dbs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (i, r) in raws.iter().enumerate() {
        let explicit = r.section.as_ref().filter(|(_, e)| *e).map(|(d, _)| d.clone());
        let db = match (explicit, r.info.kind) {
            (Some(d), _) => d,
            (None, Kind::CreateTable | Kind::CreateType | Kind::CreateExtension) => db_of(&r.section),
            (None, Kind::CreateFunction) => continue,
            (None, Kind::CreateView) => r.info.uses.iter().find_map(|t| home(t)).unwrap_or_else(|| db_of(&r.section)),
            (None, _) => r.info.table.as_deref().and_then(home).unwrap_or_else(|| db_of(&r.section)),
        };
        if r.info.kind == Kind::CreateTrigger {
            if let Some(f) = &r.info.executes {
                fn_dbs.entry(f.clone()).or_default().insert(db.clone());
            }
        }
        routed.push((i, db));
    }
    for (i, r) in raws.iter().enumerate() {
        let explicit = r.section.as_ref().filter(|(_, e)| *e).map(|(d, _)| d.clone());
        if r.info.kind != Kind::CreateFunction || explicit.is_some() {
            continue;
        }
        let name = r.info.name.clone().unwrap_or_default();
        let dbs: Vec<String> = match fn_dbs.get(&name) {
            Some(s) => s.iter().cloned().collect(),
            None => vec![r.info.uses.iter().find_map(|t| home(t)).unwrap_or_else(|| db_of(&r.section))],
        };
        for db in dbs {
            routed.push((i, db));
        }
    }
    routed.sort();

    // Chunks: one per (block, database), in document order.
    let mut first_line: BTreeMap<(usize, String), u32> = BTreeMap::new();
    for (i, d) in &routed {
        let r = &raws[*i];
        // Prisma adds foreign keys after every table exists: that chunk goes last.
        let l = if r.block == fk_block { u32::MAX } else { r.line };
        let e = first_line.entry((r.block, d.clone())).or_insert(l);
        *e = (*e).min(l);
    }
    let mut order: Vec<(u32, (usize, String))> = first_line.into_iter().map(|(k, l)| (l, k)).collect();
    order.sort();
    let chunk_of: BTreeMap<(usize, String), usize> = order.into_iter().enumerate().map(|(n, (_, k))| (k, n)).collect();
    for (i, db) in routed {
        let r = &raws[i];
        let mut sql = r.sql.clone();
        let mut info = r.info.clone();
        // Foreign keys the document cannot satisfy in this database are lint findings; the
        // clause is removed so the rest of the table is still built and checked.
        if info.kind == Kind::CreateTable {
            let table = info.name.clone().unwrap_or_default();
            let mut keep = Vec::new();
            let mut strip = Vec::new();
            for fk in info.fks.drain(..) {
                let dbs = table_db.get(&fk.target);
                if dbs.is_some_and(|v| v.contains(&db)) {
                    keep.push(fk);
                    continue;
                }
                let object = format!("public.{table}.{}", fk.columns.join(","));
                let (kind, actual) = match dbs {
                    Some(v) => (
                        FindingKind::DocFkCrossDatabase,
                        format!("{} is documented in database {}, not {db}", fk.target, v.join(", ")),
                    ),
                    None => (FindingKind::DocFkUnknownTable, format!("{} is not documented", fk.target)),
                };
                doc.problems.push(DocProblem {
                    kind,
                    db: Some(db.clone()),
                    object,
                    expected: Some(fk.add_clause.clone()),
                    actual: Some(actual),
                    line: r.line + fk.line,
                });
                strip.push(fk.range);
            }
            strip.sort();
            for (a, b) in strip.into_iter().rev() {
                if a <= b && b <= sql.len() && sql.is_char_boundary(a) && sql.is_char_boundary(b) {
                    sql.replace_range(a..b, "");
                }
            }
            // Ranges of kept clauses moved: re-read them from the edited text.
            info = sql::split_block(&sql).0.into_iter().next().map(|s| s.info).unwrap_or(info);
            info.fks.retain(|f| keep.iter().any(|k| k.target == f.target && k.columns == f.columns));
            for ec in &info.enum_comments {
                doc.value_lists.push(ValueList {
                    db: db.clone(),
                    table: table.clone(),
                    column: ec.column.clone(),
                    values: ec.values.clone(),
                    line: r.line + ec.line,
                });
            }
        }
        let key = |o: String| (db.clone(), o);
        match (info.kind, &info.name, &info.table) {
            (Kind::CreateTable, Some(t), _) => {
                doc.lines.entry(key(format!("public.{t}"))).or_insert(r.line);
                for (c, l) in &info.columns {
                    doc.lines.entry(key(format!("public.{t}.{c}"))).or_insert(r.line + l);
                }
            }
            (Kind::CreateTrigger, Some(n), Some(t)) => {
                doc.lines.insert(key(format!("public.{t}.{n}")), r.line);
            }
            (Kind::CreateIndex | Kind::CreateView | Kind::CreateFunction | Kind::CreateType, Some(n), _) => {
                doc.lines.entry(key(format!("public.{n}"))).or_insert(r.line);
            }
            _ => {}
        }
        doc.databases.insert(db.clone());
        let chunk = chunk_of.get(&(r.block, db.clone())).copied().unwrap_or(0);
        doc.statements.push(DocStatement { sql, line: r.line, db, chunk, info });
    }
    for (db, _, _) in &doc.presence {
        doc.databases.insert(db.clone());
    }
    doc.statements.sort_by_key(|s| (s.chunk, s.line));
    doc.problems.sort_by(|a, b| (a.line, &a.object).cmp(&(b.line, &b.object)));
    doc
}

#[cfg(test)]
mod tests;
