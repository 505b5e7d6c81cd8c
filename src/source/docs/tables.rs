//! Column tables (the NEXUS style): a `| Column | Type | Constraints | Description |` table
//! under a heading naming the table, `**Indexes**:` bullets (`` `idx_users_email` on email ``),
//! `**Unique Constraints**:` bullets (`` `UNIQUE(a, b)` ``) and the prose lists of check
//! constraints (`**users.role**: Must be one of (admin, manager)`). Each table becomes the
//! `CREATE TABLE` and `CREATE INDEX` statements the document describes, replayed like SQL.

use super::sql::{quote, value_list};
use std::collections::BTreeMap;

/// One column row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColSpec {
    pub name: String,
    pub ty: String,
    pub constraints: String,
    pub description: String,
    pub line: u32,
}

/// A table documented column by column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableSpec {
    pub name: String,
    pub line: u32,
    pub columns: Vec<ColSpec>,
    /// (index name, columns, line).
    pub indexes: Vec<(String, Vec<String>, u32)>,
    /// (columns, line).
    pub uniques: Vec<(Vec<String>, u32)>,
}

/// What a table spec turns into.
#[derive(Debug, Default)]
pub struct Generated {
    pub statements: Vec<(String, u32)>,
    /// (line, kind, object, message): a `CHECK constraint` with no documented rule.
    pub unspecified_checks: Vec<(u32, String)>,
    /// (column, values, line): a description listing values with no CHECK.
    pub enum_descriptions: Vec<(String, Vec<String>, u32)>,
}

/// Splits on commas outside parentheses.
fn split_top(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                out.push(std::mem::take(&mut cur).trim().to_string());
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// `` `idx_users_email` on email `` or `` `idx_x` on (a, b) `` -> (name, columns).
pub fn index_bullet(text: &str) -> Option<(String, Vec<String>)> {
    let rest = text.strip_prefix('`')?;
    let (name, rest) = rest.split_once('`')?;
    let rest = rest.trim_start().strip_prefix("on ")?.trim();
    let cols = rest.trim_start_matches('(').split(')').next().unwrap_or(rest);
    let cols: Vec<String> = cols
        .split(',')
        .map(|c| c.trim().trim_matches('`').split_whitespace().next().unwrap_or("").to_string())
        .filter(|c| !c.is_empty())
        .collect();
    (!name.is_empty() && !cols.is_empty()).then(|| (name.to_string(), cols))
}

/// `` `UNIQUE(alias_name, context)` - ... `` -> columns.
pub fn unique_bullet(text: &str) -> Option<Vec<String>> {
    let code = text.strip_prefix('`')?.split('`').next()?;
    let inner = code.trim().strip_prefix("UNIQUE")?.trim().strip_prefix('(')?.strip_suffix(')')?;
    let cols: Vec<String> = inner.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
    (!cols.is_empty()).then_some(cols)
}

/// `**users.role**: Must be one of (admin, manager)` -> ((table, column), values).
pub fn check_bullet(text: &str) -> Option<((String, String), Vec<String>)> {
    let rest = text.strip_prefix("**")?;
    let (obj, rest) = rest.split_once("**")?;
    let (t, c) = obj.split_once('.')?;
    let p = rest.find("one of")?;
    let list = rest[p + 6..].trim().trim_start_matches('(');
    let list = list.split(')').next()?;
    let values: Vec<String> = list.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
    (!values.is_empty()).then(|| ((t.trim().to_string(), c.trim().to_string()), values))
}

fn sql_list(values: &[String]) -> String {
    values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect::<Vec<_>>().join(", ")
}

/// The statements of `spec`; `checks` holds the prose check lists by (table, column).
pub fn generate(spec: &TableSpec, checks: &BTreeMap<(String, String), Vec<String>>) -> Generated {
    let mut g = Generated::default();
    let mut items = Vec::new();
    for c in &spec.columns {
        let mut def = format!("    {} {}", quote(&c.name), c.ty);
        let mut has_check = false;
        for part in split_top(&c.constraints) {
            let upper = part.to_ascii_uppercase();
            if upper.is_empty() || upper == "-" {
                continue;
            }
            if upper == "CHECK CONSTRAINT" || upper == "CHECK" {
                has_check = true;
                match checks.get(&(spec.name.clone(), c.name.clone())) {
                    Some(values) => def.push_str(&format!(" CHECK ({} IN ({}))", quote(&c.name), sql_list(values))),
                    None => g.unspecified_checks.push((c.line, c.name.clone())),
                }
                continue;
            }
            if upper.starts_with("CHECK") {
                has_check = true;
            }
            def.push(' ');
            def.push_str(&part);
        }
        // "(admin, manager, user)" in the description is a value list; without a CHECK it is unenforced.
        if !has_check {
            if let Some(values) =
                c.description.rsplit_once('(').and_then(|(_, r)| r.split(')').next()).and_then(value_list)
            {
                g.enum_descriptions.push((c.name.clone(), values, c.line));
            }
        }
        items.push(def);
    }
    for (cols, _) in &spec.uniques {
        items.push(format!("    UNIQUE ({})", cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")));
    }
    g.statements.push((format!("CREATE TABLE {} (\n{}\n)", quote(&spec.name), items.join(",\n")), spec.line));
    for (name, cols, line) in &spec.indexes {
        g.statements.push((
            format!(
                "CREATE INDEX {} ON {} ({})",
                quote(name),
                quote(&spec.name),
                cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
            ),
            *line,
        ));
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_table_becomes_ddl() {
        let spec = TableSpec {
            name: "users".into(),
            line: 32,
            columns: vec![
                ColSpec {
                    name: "id".into(),
                    ty: "UUID".into(),
                    constraints: "PRIMARY KEY".into(),
                    description: "".into(),
                    line: 38,
                },
                ColSpec {
                    name: "role".into(),
                    ty: "VARCHAR(50)".into(),
                    constraints: "CHECK constraint".into(),
                    description: "User role (admin, user)".into(),
                    line: 45,
                },
                ColSpec {
                    name: "kind".into(),
                    ty: "VARCHAR(5)".into(),
                    constraints: "NOT NULL, DEFAULT 'a'".into(),
                    description: "Kind (a, b)".into(),
                    line: 46,
                },
                ColSpec {
                    name: "mood".into(),
                    ty: "TEXT".into(),
                    constraints: "CHECK constraint".into(),
                    description: "".into(),
                    line: 47,
                },
            ],
            indexes: vec![("idx_users_role".into(), vec!["role".into()], 54)],
            uniques: vec![(vec!["role".into(), "kind".into()], 60)],
        };
        let mut checks = BTreeMap::new();
        checks.insert(("users".to_string(), "role".to_string()), vec!["admin".to_string(), "user".to_string()]);
        let g = generate(&spec, &checks);
        assert_eq!(
            g.statements[0].0,
            "CREATE TABLE users (\n    id UUID PRIMARY KEY,\n    role VARCHAR(50) CHECK (role IN ('admin', 'user')),\n    kind VARCHAR(5) NOT NULL DEFAULT 'a',\n    mood TEXT,\n    UNIQUE (role, kind)\n)"
        );
        assert_eq!(g.statements[1], ("CREATE INDEX idx_users_role ON users (role)".to_string(), 54));
        assert_eq!(g.unspecified_checks, vec![(47, "mood".to_string())]);
        assert_eq!(g.enum_descriptions, vec![("kind".to_string(), vec!["a".to_string(), "b".to_string()], 46)]);
    }

    #[test]
    fn bullets() {
        assert_eq!(index_bullet("`idx_users_email` on email"), Some(("idx_users_email".into(), vec!["email".into()])));
        assert_eq!(index_bullet("`i` on (a, b DESC)"), Some(("i".into(), vec!["a".into(), "b".into()])));
        assert_eq!(
            unique_bullet("`UNIQUE(alias_name, context)` - Ensures"),
            Some(vec!["alias_name".into(), "context".into()])
        );
        assert_eq!(
            check_bullet("**users.role**: Must be one of (admin, manager)"),
            Some((("users".into(), "role".into()), vec!["admin".into(), "manager".into()]))
        );
    }
}
