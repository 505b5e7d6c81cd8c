//! Prisma schema blocks (` ```prisma `): models and enums turned into the SQL that
//! `prisma migrate` generates for PostgreSQL, which is then replayed like any SQL block.
//!
//! Mapping (Prisma's own conventions): `String` TEXT, `Int` INTEGER, `BigInt` BIGINT, `Float`
//! DOUBLE PRECISION, `Decimal` DECIMAL(65,30), `Boolean` BOOLEAN, `DateTime` TIMESTAMP(3),
//! `Json` JSONB, `Bytes` BYTEA; `@db.*` overrides the type; required fields are NOT NULL, `?`
//! fields nullable, scalar lists are arrays; `@default(now())` is CURRENT_TIMESTAMP,
//! `autoincrement()` SERIAL, `cuid()`/`uuid()`/`@updatedAt` have no database default; names are
//! `<Model>_pkey`, `<Model>_<cols>_key` (unique), `<Model>_<cols>_idx`, `<Model>_<cols>_fkey`;
//! a relation is `ON DELETE SET NULL` when optional and `RESTRICT` when required, `ON UPDATE
//! CASCADE`, unless `onDelete:`/`onUpdate:` say otherwise. Back-relation fields (`User[]`,
//! `Company?` without `@relation(fields: ...)`) create nothing.

use super::sql::value_list;

/// Prisma quotes every identifier.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
use std::collections::BTreeMap;

/// SQL generated from one block: statements with their document-relative lines, plus the
/// foreign keys, which Prisma adds after every table exists.
#[derive(Debug, Default)]
pub struct Generated {
    pub statements: Vec<(String, u32)>,
    pub foreign_keys: Vec<(String, u32)>,
    /// (table, column, values, line) of `// a, b, c` comments on plain String fields.
    pub enum_comments: Vec<(String, String, Vec<String>, u32)>,
    /// (table, column, line) of every field, and (table, line) of every model.
    pub columns: Vec<(String, String, u32)>,
    pub tables: Vec<(String, u32)>,
    /// Problems: (line, message).
    pub problems: Vec<(u32, String)>,
}

struct Field {
    name: String,
    column: String,
    ty: String,
    optional: bool,
    list: bool,
    attrs: Vec<(String, String)>,
    comment: Option<String>,
    line: u32,
}

struct Model {
    name: String,
    table: String,
    fields: Vec<Field>,
    block_attrs: Vec<(String, String, u32)>,
    line: u32,
}

/// Parses `text` (a block starting on document line `line`); `known_models`/`known_enums`
/// are the names declared anywhere in the document, so relations between blocks resolve.
pub fn parse_names(text: &str) -> (Vec<String>, Vec<String>) {
    let mut models = Vec::new();
    let mut enums = Vec::new();
    for l in text.lines() {
        let w: Vec<&str> = l.split_whitespace().collect();
        match w.as_slice() {
            ["model", name, "{", ..] => models.push(name.to_string()),
            ["enum", name, "{", ..] => enums.push(name.to_string()),
            _ => {}
        }
    }
    (models, enums)
}

/// Generates the SQL of one block.
pub fn generate(text: &str, line: u32, known_models: &[String], known_enums: &[String]) -> Generated {
    let mut g = Generated::default();
    let mut models: Vec<Model> = Vec::new();
    let mut cur_model: Option<Model> = None;
    let mut cur_enum: Option<(String, Vec<String>, u32)> = None;
    for (i, raw) in text.lines().enumerate() {
        let ln = line + u32::try_from(i).unwrap_or(0);
        let (code, comment) = match raw.find("//") {
            Some(p) => (&raw[..p], Some(raw[p + 2..].trim().to_string())),
            None => (raw, None),
        };
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        if let Some((name, vals, l)) = cur_enum.as_mut() {
            if code == "}" {
                let list: Vec<String> = vals.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect();
                g.statements.push((format!("CREATE TYPE {} AS ENUM ({})", quote(name), list.join(", ")), *l));
                cur_enum = None;
            } else if let Some(v) = code.split_whitespace().next() {
                if !v.starts_with('@') {
                    vals.push(v.to_string());
                }
            }
            continue;
        }
        if let Some(m) = cur_model.as_mut() {
            if code == "}" {
                if let Some(m) = cur_model.take() {
                    models.push(m);
                }
                continue;
            }
            if let Some(rest) = code.strip_prefix("@@") {
                let (name, args) = attr(rest);
                if name == "map" {
                    m.table = unquote(&args);
                }
                m.block_attrs.push((name, args, ln));
                continue;
            }
            let words: Vec<&str> = code.split_whitespace().collect();
            let (Some(fname), Some(fty)) = (words.first().copied(), words.get(1).copied()) else {
                g.problems.push((ln, format!("cannot read Prisma field `{code}`")));
                continue;
            };
            let rest = words.get(2..).map(|w| w.join(" ")).unwrap_or_default();
            let (ty, optional, list) = if let Some(t) = fty.strip_suffix('?') {
                (t, true, false)
            } else if let Some(t) = fty.strip_suffix("[]") {
                (t, false, true)
            } else {
                (fty, false, false)
            };
            let attrs = attrs(&rest);
            let column = attrs.iter().find(|(n, _)| n == "map").map(|(_, a)| unquote(a)).unwrap_or(fname.to_string());
            m.fields.push(Field {
                name: fname.to_string(),
                column,
                ty: ty.to_string(),
                optional,
                list,
                attrs,
                comment,
                line: ln,
            });
            continue;
        }
        let w: Vec<&str> = code.split_whitespace().collect();
        match w.as_slice() {
            ["model", name, "{"] => {
                cur_model = Some(Model {
                    name: name.to_string(),
                    table: name.to_string(),
                    fields: Vec::new(),
                    block_attrs: Vec::new(),
                    line: ln,
                })
            }
            ["enum", name, "{"] => cur_enum = Some((name.to_string(), Vec::new(), ln)),
            ["datasource", ..] | ["generator", ..] => {}
            _ => g.problems.push((ln, format!("not Prisma schema syntax: `{code}`"))),
        }
    }
    if let Some(m) = cur_model {
        g.problems.push((m.line, format!("model {} is not closed with `}}`", m.name)));
        models.push(m);
    }
    if let Some((name, _, l)) = cur_enum {
        g.problems.push((l, format!("enum {name} is not closed with `}}`")));
    }
    let tables: BTreeMap<&str, &str> = models.iter().map(|m| (m.name.as_str(), m.table.as_str())).collect();
    for m in &models {
        model_sql(m, known_models, known_enums, &tables, &mut g);
    }
    g
}

fn model_sql(
    m: &Model,
    known_models: &[String],
    known_enums: &[String],
    tables: &BTreeMap<&str, &str>,
    g: &mut Generated,
) {
    let t = quote(&m.table);
    g.tables.push((m.table.clone(), m.line));
    let mut cols = Vec::new();
    let mut pk: Vec<String> = Vec::new();
    let mut after = Vec::new();
    let col_of = |field: &str| -> String {
        m.fields.iter().find(|f| f.name == field).map(|f| f.column.clone()).unwrap_or(field.to_string())
    };
    for f in &m.fields {
        let is_model = known_models.contains(&f.ty);
        if is_model {
            // Only the side holding `fields:` creates anything: a foreign key.
            let Some((_, args)) = f.attrs.iter().find(|(n, _)| n == "relation") else { continue };
            let fields = list_arg(args, "fields");
            if fields.is_empty() {
                continue;
            }
            let refs = list_arg(args, "references");
            let fcols: Vec<String> = fields.iter().map(|x| col_of(x)).collect();
            let target = tables.get(f.ty.as_str()).copied().unwrap_or(f.ty.as_str()).to_string();
            let nullable = fields.iter().all(|x| m.fields.iter().any(|ff| ff.name == *x && ff.optional));
            let on_delete =
                named_arg(args, "onDelete").map(action).unwrap_or(if nullable { "SET NULL" } else { "RESTRICT" });
            let on_update = named_arg(args, "onUpdate").map(action).unwrap_or("CASCADE");
            let name = format!("{}_{}_fkey", m.table, fcols.join("_"));
            g.foreign_keys.push((
                format!(
                    "ALTER TABLE {t} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {on_delete} ON UPDATE {on_update}",
                    quote(&name),
                    fcols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", "),
                    quote(&target),
                    refs.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
                ),
                f.line,
            ));
            continue;
        }
        let is_enum = known_enums.contains(&f.ty);
        let db_attr = f.attrs.iter().find(|(n, _)| n.starts_with("db."));
        let mut ty = match db_attr {
            Some((n, a)) => db_type(&n[3..], a),
            None if is_enum => Some(quote(&f.ty)),
            None => scalar(&f.ty).map(str::to_string),
        };
        let mut default = None;
        let mut serial = false;
        if let Some((_, d)) = f.attrs.iter().find(|(n, _)| n == "default") {
            let d = d.trim();
            match d {
                "now()" => default = Some("CURRENT_TIMESTAMP".to_string()),
                "autoincrement()" => serial = true,
                "cuid()" | "uuid()" | "nanoid()" | "ulid()" | "cuid(2)" | "uuid(4)" | "uuid(7)" => {}
                _ if d.starts_with("dbgenerated(") => {
                    default = Some(unquote(d.trim_start_matches("dbgenerated(").trim_end_matches(')')))
                }
                _ if d.starts_with('"') => default = Some(format!("'{}'", unquote(d).replace('\'', "''"))),
                _ if is_enum => default = Some(format!("'{d}'")),
                _ => default = Some(d.to_string()),
            }
        }
        if serial {
            ty = Some(if f.ty == "BigInt" { "BIGSERIAL".into() } else { "SERIAL".into() });
        }
        let Some(mut ty) = ty else {
            g.problems.push((f.line, format!("{}.{}: unknown Prisma type `{}`", m.name, f.name, f.ty)));
            continue;
        };
        if f.list {
            ty.push_str("[]");
        }
        let mut c = format!("    {} {ty}", quote(&f.column));
        if !f.optional && !f.list {
            c.push_str(" NOT NULL");
        }
        if let Some(d) = default {
            c.push_str(" DEFAULT ");
            c.push_str(&d);
        }
        cols.push(c);
        g.columns.push((m.table.clone(), f.column.clone(), f.line));
        if f.attrs.iter().any(|(n, _)| n == "id") {
            pk.push(f.column.clone());
        }
        if f.attrs.iter().any(|(n, _)| n == "unique") {
            after.push((unique_index(&m.table, std::slice::from_ref(&f.column)), f.line));
        }
        if !is_enum && f.ty == "String" {
            if let Some(values) = f.comment.as_deref().and_then(value_list) {
                g.enum_comments.push((m.table.clone(), f.column.clone(), values, f.line));
            }
        }
    }
    for (name, args, line) in &m.block_attrs {
        let fields: Vec<String> = list_arg(args, "fields");
        let fields = if fields.is_empty() { first_list(args) } else { fields };
        let cols_: Vec<String> = fields.iter().map(|x| col_of(x)).collect();
        match name.as_str() {
            "id" => pk = cols_,
            "unique" => after.push((unique_index(&m.table, &cols_), *line)),
            "index" => {
                let name = named_arg(args, "map")
                    .map(|s| unquote(&s))
                    .unwrap_or_else(|| format!("{}_{}_idx", m.table, cols_.join("_")));
                after.push((
                    format!(
                        "CREATE INDEX {} ON {}({})",
                        quote(&name),
                        quote(&m.table),
                        cols_.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
                    ),
                    *line,
                ));
            }
            _ => {}
        }
    }
    if !pk.is_empty() {
        cols.push(format!(
            "    CONSTRAINT {} PRIMARY KEY ({})",
            quote(&format!("{}_pkey", m.table)),
            pk.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
        ));
    }
    g.statements.push((format!("CREATE TABLE {t} (\n{}\n)", cols.join(",\n")), m.line));
    g.statements.extend(after);
}

fn unique_index(table: &str, cols: &[String]) -> String {
    format!(
        "CREATE UNIQUE INDEX {} ON {}({})",
        quote(&format!("{table}_{}_key", cols.join("_"))),
        quote(table),
        cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
    )
}

fn scalar(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "String" => "TEXT",
        "Int" => "INTEGER",
        "BigInt" => "BIGINT",
        "Float" => "DOUBLE PRECISION",
        "Decimal" => "DECIMAL(65,30)",
        "Boolean" => "BOOLEAN",
        "DateTime" => "TIMESTAMP(3)",
        "Json" => "JSONB",
        "Bytes" => "BYTEA",
        _ => return None,
    })
}

fn db_type(name: &str, args: &str) -> Option<String> {
    let a = args.trim();
    let with = |t: &str| if a.is_empty() { t.to_string() } else { format!("{t}({a})") };
    Some(match name {
        "Text" => "TEXT".into(),
        "VarChar" => with("VARCHAR"),
        "Char" => with("CHAR"),
        "Uuid" => "UUID".into(),
        "Decimal" => with("DECIMAL"),
        "Integer" => "INTEGER".into(),
        "SmallInt" => "SMALLINT".into(),
        "BigInt" => "BIGINT".into(),
        "Real" => "REAL".into(),
        "DoublePrecision" => "DOUBLE PRECISION".into(),
        "Boolean" => "BOOLEAN".into(),
        "Timestamp" => with("TIMESTAMP"),
        "Timestamptz" => with("TIMESTAMPTZ"),
        "Date" => "DATE".into(),
        "Time" => with("TIME"),
        "Timetz" => with("TIMETZ"),
        "Json" => "JSON".into(),
        "JsonB" => "JSONB".into(),
        "Inet" => "INET".into(),
        "ByteA" => "BYTEA".into(),
        "Citext" => "CITEXT".into(),
        "Money" => "MONEY".into(),
        "Xml" => "XML".into(),
        "Oid" => "OID".into(),
        "Bit" => with("BIT"),
        "VarBit" => with("VARBIT"),
        _ => return None,
    })
}

fn action(a: String) -> &'static str {
    match a.trim() {
        "Cascade" => "CASCADE",
        "SetNull" => "SET NULL",
        "SetDefault" => "SET DEFAULT",
        "NoAction" => "NO ACTION",
        _ => "RESTRICT",
    }
}

/// `name(args)` at the start of `s` (after `@` or `@@`).
fn attr(s: &str) -> (String, String) {
    match s.find('(') {
        Some(p) => {
            let name = s[..p].trim().to_string();
            let mut depth = 0;
            let mut end = s.len();
            for (i, c) in s.char_indices().skip(p) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            (name, s.get(p + 1..end).unwrap_or("").to_string())
        }
        None => (s.trim().to_string(), String::new()),
    }
}

/// Field attributes: `@id @default(cuid()) @db.VarChar(20)` -> [(id, ""), (default, "cuid()"), ...].
fn attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(p) = rest.find('@') {
        rest = &rest[p + 1..];
        let name_end = rest.find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_')).unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        let after = &rest[name_end..];
        if after.starts_with('(') {
            let (_, args) = attr(rest);
            let consumed = name_end + 2 + args.len();
            out.push((name, args));
            rest = rest.get(consumed..).unwrap_or("");
        } else {
            out.push((name, String::new()));
            rest = after;
        }
    }
    out
}

fn named_arg(args: &str, key: &str) -> Option<String> {
    let p = args.find(&format!("{key}:"))?;
    let v = args[p + key.len() + 1..].trim_start();
    if v.starts_with('[') {
        let end = v.find(']')?;
        return Some(v[..=end].to_string());
    }
    let end = v.find(',').unwrap_or(v.len());
    Some(v[..end].trim().to_string())
}

fn list_arg(args: &str, key: &str) -> Vec<String> {
    named_arg(args, key).map(|v| split_list(&v)).unwrap_or_default()
}

fn first_list(args: &str) -> Vec<String> {
    let a = args.trim_start();
    if a.starts_with('[') {
        match a.find(']') {
            Some(e) => split_list(&a[..=e]),
            None => Vec::new(),
        }
    } else {
        Vec::new()
    }
}

fn split_list(v: &str) -> Vec<String> {
    v.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|s| s.trim())
        // `[title(sort: Desc)]`: the column is the part before any argument list.
        .map(|s| s.split('(').next().unwrap_or("").trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisma_maps_like_prisma_migrate() {
        let text = "enum Role {\n  ADMIN\n  USER\n}\n\nmodel User {\n  id    String @id @default(cuid())\n  email String @unique\n  role  Role   @default(USER)\n  price Decimal @db.Decimal(10, 2)\n  status String // active, suspended\n  companyId String?\n  company Company? @relation(fields: [companyId], references: [id])\n  createdAt DateTime @default(now())\n  posts Post[]\n  @@index([companyId])\n}\n";
        let models = vec!["User".to_string(), "Company".to_string(), "Post".to_string()];
        let g = generate(text, 10, &models, &["Role".to_string()]);
        assert!(g.problems.is_empty(), "{:?}", g.problems);
        assert_eq!(g.statements[0], ("CREATE TYPE \"Role\" AS ENUM ('ADMIN', 'USER')".to_string(), 10));
        let (table, line) = &g.statements[1];
        assert_eq!(*line, 15);
        assert!(table.contains("\"id\" TEXT NOT NULL,"), "{table}");
        assert!(table.contains("\"role\" \"Role\" NOT NULL DEFAULT 'USER'"), "{table}");
        assert!(table.contains("\"price\" DECIMAL(10, 2) NOT NULL"), "{table}");
        assert!(table.contains("\"companyId\" TEXT,"), "{table}");
        assert!(table.contains("\"createdAt\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP"), "{table}");
        assert!(table.contains("CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")"), "{table}");
        assert!(!table.contains("posts"));
        assert_eq!(g.statements[2].0, "CREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\")");
        assert_eq!(g.statements[3].0, "CREATE INDEX \"User_companyId_idx\" ON \"User\"(\"companyId\")");
        assert_eq!(g.foreign_keys[0].0, "ALTER TABLE \"User\" ADD CONSTRAINT \"User_companyId_fkey\" FOREIGN KEY (\"companyId\") REFERENCES \"Company\"(\"id\") ON DELETE SET NULL ON UPDATE CASCADE");
        assert_eq!(g.foreign_keys[0].1, 22);
        assert_eq!(g.enum_comments[0].1, "status");
    }

    #[test]
    fn half_written_models_are_problems_not_panics() {
        let g = generate("model A {\n  id Int @id @default(autoincrement()\n  x Wat\n", 1, &["A".into()], &[]);
        assert!(g.problems.iter().any(|(_, m)| m.contains("not closed")));
        assert!(g.problems.iter().any(|(l, m)| *l == 3 && m.contains("unknown Prisma type")));
    }
}
