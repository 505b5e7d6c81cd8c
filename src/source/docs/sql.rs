//! SQL blocks of a document: split into statements with sqlparser's tokenizer (so each keeps its
//! line), and a shallow look at each statement's tokens: what it creates, which table it is on,
//! which tables its foreign keys point at, and the value lists its comments enumerate.
//!
//! This is not a DDL interpreter: the model comes from PostgreSQL (the statements are replayed
//! into a scratch database and inspected). The token facts are only what routing (which
//! database a statement belongs to), replay order and doc lint need.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

/// What a statement does, as far as routing and lint care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    CreateTable,
    CreateIndex,
    CreateView,
    CreateFunction,
    CreateTrigger,
    CreateType,
    CreateExtension,
    AlterTable,
    Comment,
    Other,
}

/// A foreign key clause found in a `CREATE TABLE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FkRef {
    /// Referencing column (column-level `REFERENCES`), or the `FOREIGN KEY (...)` list.
    pub columns: Vec<String>,
    /// Referenced table (unqualified, folded as PostgreSQL folds identifiers).
    pub target: String,
    /// Byte range of the clause in the statement: removing it leaves valid SQL.
    pub range: (usize, usize),
    /// The clause as an `ALTER TABLE ... ADD` item: `FOREIGN KEY (c) REFERENCES t(id) ...`.
    pub add_clause: String,
    /// Line of the clause, relative to the statement's first line (0-based).
    pub line: u32,
}

/// A SQL comment listing values (`-- draft, pending, active`) next to a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumComment {
    pub column: String,
    pub values: Vec<String>,
    pub line: u32,
}

/// Facts about one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    pub kind: Kind,
    /// The object created: table, index, view, function, trigger or type name.
    pub name: Option<String>,
    /// The table an index, trigger, `ALTER TABLE` or `COMMENT ON` is about.
    pub table: Option<String>,
    /// Column names of a `CREATE TABLE`, with their lines relative to the statement.
    pub columns: Vec<(String, u32)>,
    pub fks: Vec<FkRef>,
    pub enum_comments: Vec<EnumComment>,
    /// Functions a trigger executes.
    pub executes: Option<String>,
    /// Identifiers after FROM/JOIN (views) or in a function body: candidate tables it uses.
    pub uses: Vec<String>,
}

/// One statement of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sql: String,
    /// Line within the block (0-based) where the statement starts.
    pub line: u32,
    pub info: Info,
}

/// Something odd in a block that is not a statement (pasted shell commands, prose).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    pub text: String,
    /// Line within the block (0-based).
    pub line: u32,
}

#[derive(Debug, Clone)]
struct Tok {
    t: Token,
    start: usize,
    end: usize,
    line: u32,
}

/// Splits a block into statements and stray text. Never fails: a block the tokenizer cannot
/// read (an unterminated quote in a half-written document) falls back to dbctl's own lexer.
pub fn split_block(block: &str) -> (Vec<Statement>, Vec<Stray>) {
    let toks = match tokens(block) {
        Some(t) => t,
        None => {
            let st = crate::migrate::split::split(block)
                .into_iter()
                .map(|s| {
                    let line = count_lines(&block[..s.offset]);
                    Statement { sql: s.sql.to_string(), line, info: analyze(&tokens(s.sql).unwrap_or_default()) }
                })
                .collect();
            return (st, Vec::new());
        }
    };
    let mut out = Vec::new();
    let mut strays = Vec::new();
    let mut cur: Vec<Tok> = Vec::new();
    let mut atomic = 0usize;
    let mut prev_begin = false;
    for t in toks {
        if let Token::Word(w) = &t.t {
            let u = w.value.to_ascii_uppercase();
            if w.quote_style.is_none() {
                // CASE ... END inside an atomic body must not close it.
                if (prev_begin && u == "ATOMIC") || (atomic > 0 && u == "CASE") {
                    atomic += 1;
                } else if atomic > 0 && u == "END" {
                    atomic -= 1;
                }
                prev_begin = u == "BEGIN";
            }
        }
        if matches!(t.t, Token::SemiColon) && atomic == 0 {
            flush(block, &mut cur, &mut out, &mut strays);
        } else {
            cur.push(t);
        }
    }
    flush(block, &mut cur, &mut out, &mut strays);
    for c in comments_with_stray_commands(block) {
        strays.push(c);
    }
    (out, strays)
}

fn count_lines(s: &str) -> u32 {
    u32::try_from(s.matches('\n').count()).unwrap_or(u32::MAX)
}

const STATEMENT_WORDS: &[&str] = &[
    "CREATE",
    "ALTER",
    "COMMENT",
    "DROP",
    "INSERT",
    "UPDATE",
    "DELETE",
    "GRANT",
    "REVOKE",
    "SET",
    "SELECT",
    "WITH",
    "DO",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "TRUNCATE",
    "REFRESH",
    "VALUES",
    "CALL",
    "ANALYZE",
    "VACUUM",
    "REINDEX",
    "CLUSTER",
    "LOCK",
    "SAVEPOINT",
    "RELEASE",
    "START",
    "END",
    "COPY",
    "SECURITY",
    "EXPLAIN",
    "TABLE",
    "IMPORT",
];

fn flush(block: &str, cur: &mut Vec<Tok>, out: &mut Vec<Statement>, strays: &mut Vec<Stray>) {
    let toks = std::mem::take(cur);
    let sig: Vec<usize> = (0..toks.len()).filter(|&i| !matches!(toks[i].t, Token::Whitespace(_))).collect();
    let Some(&first) = sig.first() else { return };
    // A statement must start with a statement keyword; text before the first line that does is
    // stray (a shell command or prose pasted into the block) and reported, not sent.
    let mut start = first;
    if !is_statement_word(&toks[first].t) {
        let later = sig.iter().copied().find(|&i| {
            is_statement_word(&toks[i].t) && starts_line(block, toks[i].start) && toks[i].line > toks[first].line
        });
        let stray_end = later.map(|i| toks[i].start).unwrap_or_else(|| toks[toks.len() - 1].end);
        let text = block.get(toks[first].start..stray_end).unwrap_or("").trim().to_string();
        strays.push(Stray { text, line: toks[first].line });
        match later {
            Some(i) => start = i,
            None => return,
        }
    }
    let begin = toks[start].start;
    let end = toks[toks.len() - 1].end;
    let Some(sql) = block.get(begin..end) else { return };
    let base_line = toks[start].line;
    let rel: Vec<Tok> = toks[start..]
        .iter()
        .map(|t| Tok { t: t.t.clone(), start: t.start - begin, end: t.end - begin, line: t.line - base_line })
        .collect();
    out.push(Statement { sql: sql.trim_end().to_string(), line: base_line, info: analyze(&rel) });
}

fn starts_line(block: &str, at: usize) -> bool {
    block[..at].rsplit('\n').next().is_none_or(|l| l.trim().is_empty())
}

fn is_statement_word(t: &Token) -> bool {
    match t {
        Token::Word(w) if w.quote_style.is_none() => {
            let u = w.value.to_ascii_uppercase();
            STATEMENT_WORDS.contains(&u.as_str())
        }
        Token::LParen => true,
        _ => false,
    }
}

/// sqlparser tokens with byte ranges and 0-based lines; `None` when the tokenizer gives up.
fn tokens(text: &str) -> Option<Vec<Tok>> {
    let dialect = PostgreSqlDialect {};
    let raw = Tokenizer::new(&dialect, text).tokenize_with_location().ok()?;
    // Locations are (line, column in chars), both 1-based: map them to byte offsets.
    let mut line_starts = vec![0usize];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let to_byte = |line: u64, col: u64| -> usize {
        let ls = usize::try_from(line.saturating_sub(1)).ok().and_then(|l| line_starts.get(l)).copied();
        let Some(ls) = ls else { return text.len() };
        let col = usize::try_from(col.saturating_sub(1)).unwrap_or(0);
        text[ls..].char_indices().nth(col).map(|(i, _)| ls + i).unwrap_or(text.len())
    };
    let mut out = Vec::with_capacity(raw.len());
    for t in raw {
        if matches!(t.token, Token::EOF) {
            continue;
        }
        let start = to_byte(t.span.start.line, t.span.start.column);
        let end = to_byte(t.span.end.line, t.span.end.column).max(start);
        let line = u32::try_from(t.span.start.line.saturating_sub(1)).unwrap_or(u32::MAX);
        out.push(Tok { t: t.token, start, end, line });
    }
    Some(out)
}

/// An identifier as PostgreSQL folds it: unquoted lower-cased, quoted kept.
fn ident(t: &Token) -> Option<String> {
    match t {
        Token::Word(w) if w.quote_style.is_some() => Some(w.value.clone()),
        Token::Word(w) => Some(w.value.to_lowercase()),
        _ => None,
    }
}

fn is_kw(t: &Token, kw: &str) -> bool {
    matches!(t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(kw))
}

/// Reads a possibly qualified name at `i`; returns the last part and the index after it.
fn qualified(s: &[&Tok], mut i: usize) -> Option<(String, usize)> {
    let mut name = ident(&s.get(i)?.t)?;
    i += 1;
    while matches!(s.get(i).map(|t| &t.t), Some(Token::Period)) {
        name = ident(&s.get(i + 1)?.t)?;
        i += 2;
    }
    Some((name, i))
}

fn skip_kws(s: &[&Tok], mut i: usize, kws: &[&str]) -> usize {
    while s.get(i).is_some_and(|t| kws.iter().any(|k| is_kw(&t.t, k))) {
        i += 1;
    }
    i
}

fn analyze(toks: &[Tok]) -> Info {
    let s: Vec<&Tok> = toks.iter().filter(|t| !matches!(t.t, Token::Whitespace(_))).collect();
    let mut info = Info {
        kind: Kind::Other,
        name: None,
        table: None,
        columns: Vec::new(),
        fks: Vec::new(),
        enum_comments: Vec::new(),
        executes: None,
        uses: Vec::new(),
    };
    let Some(first) = s.first() else { return info };
    if is_kw(&first.t, "CREATE") {
        let i = skip_kws(&s, 1, &["OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "UNIQUE", "CONSTRAINT"]);
        let Some(what) = s.get(i) else { return info };
        if is_kw(&what.t, "TABLE") {
            info.kind = Kind::CreateTable;
            let j = skip_kws(&s, i + 1, &["IF", "NOT", "EXISTS"]);
            if let Some((name, j)) = qualified(&s, j) {
                info.name = Some(name);
                table_body(toks, &s, j, &mut info);
            }
        } else if is_kw(&what.t, "INDEX") {
            info.kind = Kind::CreateIndex;
            let mut j = skip_kws(&s, i + 1, &["CONCURRENTLY", "IF", "NOT", "EXISTS"]);
            if !s.get(j).is_some_and(|t| is_kw(&t.t, "ON")) {
                if let Some((name, k)) = qualified(&s, j) {
                    info.name = Some(name);
                    j = k;
                }
            }
            if s.get(j).is_some_and(|t| is_kw(&t.t, "ON")) {
                let k = skip_kws(&s, j + 1, &["ONLY"]);
                info.table = qualified(&s, k).map(|(n, _)| n);
            }
        } else if is_kw(&what.t, "VIEW") || is_kw(&what.t, "MATERIALIZED") {
            info.kind = Kind::CreateView;
            let j = skip_kws(&s, i, &["MATERIALIZED", "VIEW", "IF", "NOT", "EXISTS"]);
            info.name = qualified(&s, j).map(|(n, _)| n);
            for w in s.windows(2) {
                if is_kw(&w[0].t, "FROM") || is_kw(&w[0].t, "JOIN") {
                    if let Some(n) = ident(&w[1].t) {
                        info.uses.push(n);
                    }
                }
            }
        } else if is_kw(&what.t, "FUNCTION") || is_kw(&what.t, "PROCEDURE") {
            info.kind = Kind::CreateFunction;
            info.name = qualified(&s, i + 1).map(|(n, _)| n);
            for t in &s {
                if let Token::DollarQuotedString(d) = &t.t {
                    if let Some(body) = tokens(&d.value) {
                        info.uses.extend(body.iter().filter_map(|t| ident(&t.t)));
                    }
                }
            }
        } else if is_kw(&what.t, "TRIGGER") {
            info.kind = Kind::CreateTrigger;
            info.name = qualified(&s, i + 1).map(|(n, _)| n);
            if let Some(on) = s.iter().position(|t| is_kw(&t.t, "ON")) {
                info.table = qualified(&s, on + 1).map(|(n, _)| n);
            }
            if let Some(ex) = s.iter().position(|t| is_kw(&t.t, "EXECUTE")) {
                let k = skip_kws(&s, ex + 1, &["FUNCTION", "PROCEDURE"]);
                info.executes = qualified(&s, k).map(|(n, _)| n);
            }
        } else if is_kw(&what.t, "TYPE") || is_kw(&what.t, "DOMAIN") {
            info.kind = Kind::CreateType;
            info.name = qualified(&s, i + 1).map(|(n, _)| n);
        } else if is_kw(&what.t, "EXTENSION") {
            info.kind = Kind::CreateExtension;
            let j = skip_kws(&s, i + 1, &["IF", "NOT", "EXISTS"]);
            info.name = s.get(j).and_then(|t| ident(&t.t));
        }
    } else if is_kw(&first.t, "ALTER") && s.get(1).is_some_and(|t| is_kw(&t.t, "TABLE")) {
        info.kind = Kind::AlterTable;
        let j = skip_kws(&s, 2, &["IF", "EXISTS", "ONLY"]);
        info.table = qualified(&s, j).map(|(n, _)| n);
    } else if is_kw(&first.t, "COMMENT") {
        info.kind = Kind::Comment;
        if let Some(what) = s.get(2) {
            if is_kw(&what.t, "TABLE") {
                info.table = qualified(&s, 3).map(|(n, _)| n);
            } else if is_kw(&what.t, "COLUMN") {
                // COMMENT ON COLUMN [schema.]table.column: the table is the part before the last.
                let mut parts = Vec::new();
                let mut k = 3;
                while let Some(n) = s.get(k).and_then(|t| ident(&t.t)) {
                    parts.push(n);
                    if matches!(s.get(k + 1).map(|t| &t.t), Some(Token::Period)) {
                        k += 2;
                    } else {
                        break;
                    }
                }
                if parts.len() >= 2 {
                    info.table = parts.get(parts.len() - 2).cloned();
                }
            }
        }
    }
    info
}

/// Columns, foreign keys and value-list comments of `CREATE TABLE name ( ... )`; `j` indexes
/// the significant token after the name.
fn table_body(all: &[Tok], s: &[&Tok], j: usize, info: &mut Info) {
    let Some(open) = s.get(j) else { return };
    if !matches!(open.t, Token::LParen) {
        return;
    }
    // Items at depth 1, as index ranges into `s`.
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0;
    let mut item_start = j + 1;
    let mut close = s.len();
    for (k, t) in s.iter().enumerate().skip(j) {
        match t.t {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    items.push((item_start, k));
                    close = k;
                    break;
                }
            }
            Token::Comma if depth == 1 => {
                items.push((item_start, k));
                item_start = k + 1;
            }
            _ => {}
        }
    }
    let body_start = open.end;
    let body_end = s.get(close).map(|t| t.start).unwrap_or(usize::MAX);
    let table_words = ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE", "LIKE"];
    for (idx, &(a, b)) in items.iter().enumerate() {
        let Some(head) = s.get(a) else { continue };
        if a >= b {
            continue;
        }
        let is_constraint = table_words.iter().any(|w| is_kw(&head.t, w));
        if !is_constraint {
            let Some(col) = ident(&head.t) else { continue };
            info.columns.push((col.clone(), head.line));
            // Column-level REFERENCES: the clause runs to the last of its own keywords.
            if let Some(r) = (a..b).find(|&k| is_kw(&s[k].t, "REFERENCES")) {
                if let Some((target, end)) = fk_clause(s, r, b) {
                    let range = (s[r].start, s[end - 1].end);
                    let text = clause_text(all, range);
                    info.fks.push(FkRef {
                        columns: vec![col.clone()],
                        target,
                        range,
                        add_clause: format!("FOREIGN KEY ({}) {text}", quote(&col)),
                        line: s[r].line,
                    });
                }
            }
        } else if let Some(f) = (a..b).find(|&k| is_kw(&s[k].t, "FOREIGN")) {
            let cols: Vec<String> = paren_idents(s, f + 2, b);
            if let Some(r) = (f..b).find(|&k| is_kw(&s[k].t, "REFERENCES")) {
                if let Some((target, _)) = fk_clause(s, r, b) {
                    // Removing a whole item takes its separating comma with it.
                    let (from, to) = if idx > 0 {
                        (s[a - 1].start, s[b - 1].end)
                    } else if matches!(s.get(b).map(|t| &t.t), Some(Token::Comma)) {
                        (s[a].start, s[b].end)
                    } else {
                        (s[a].start, s[b - 1].end)
                    };
                    let text = clause_text(all, (s[a].start, s[b - 1].end));
                    info.fks.push(FkRef {
                        columns: cols,
                        target,
                        range: (from, to),
                        add_clause: text,
                        line: s[a].line,
                    });
                }
            }
        }
    }
    // Value-list comments: tied to the column on the same line, else the one before.
    for t in all {
        if t.start < body_start || t.start > body_end {
            continue;
        }
        let Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) = &t.t else { continue };
        let Some(values) = value_list(comment) else { continue };
        let col = info
            .columns
            .iter()
            .rev()
            .find(|(_, l)| *l == t.line)
            .or_else(|| info.columns.iter().rev().find(|(_, l)| *l < t.line))
            .map(|(c, _)| c.clone());
        if let Some(column) = col {
            info.enum_comments.push(EnumComment { column, values, line: t.line });
        }
    }
}

fn clause_text(all: &[Tok], range: (usize, usize)) -> String {
    // Rebuild from tokens so comments inside the clause do not leak into the ALTER.
    let mut s = String::new();
    for t in all.iter().filter(|t| t.start >= range.0 && t.end <= range.1) {
        match &t.t {
            Token::Whitespace(Whitespace::SingleLineComment { .. }) => s.push(' '),
            Token::Whitespace(_) => s.push(' '),
            other => s.push_str(&other.to_string()),
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `REFERENCES t [(cols)] [MATCH ..] [ON DELETE|UPDATE action] [[NOT] DEFERRABLE] [INITIALLY ..]`
/// starting at `r`; returns the target and the index after the clause.
fn fk_clause(s: &[&Tok], r: usize, limit: usize) -> Option<(String, usize)> {
    let (target, mut k) = qualified(s, r + 1)?;
    if matches!(s.get(k).map(|t| &t.t), Some(Token::LParen)) {
        while k < limit && !matches!(s[k].t, Token::RParen) {
            k += 1;
        }
        k += 1;
    }
    while let Some(t) = s.get(k).filter(|_| k < limit) {
        if is_kw(&t.t, "ON") {
            k += 2; // ON DELETE|UPDATE
            let n = s.get(k);
            if n.is_some_and(|t| is_kw(&t.t, "SET") || is_kw(&t.t, "NO")) {
                k += 2;
            } else {
                k += 1;
            }
        } else if is_kw(&t.t, "MATCH") || is_kw(&t.t, "INITIALLY") {
            k += 2;
        } else if is_kw(&t.t, "DEFERRABLE") {
            k += 1;
        } else if is_kw(&t.t, "NOT") && s.get(k + 1).is_some_and(|t| is_kw(&t.t, "DEFERRABLE")) {
            k += 2;
        } else {
            break;
        }
    }
    Some((target, k.min(limit)))
}

fn paren_idents(s: &[&Tok], from: usize, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut k = from;
    if !matches!(s.get(k).map(|t| &t.t), Some(Token::LParen)) {
        return out;
    }
    k += 1;
    while k < limit {
        match &s[k].t {
            Token::RParen => break,
            t => {
                if let Some(n) = ident(t) {
                    out.push(n);
                }
            }
        }
        k += 1;
    }
    out
}

/// PostgreSQL quoting of an identifier, only when needed.
pub fn quote(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// The values of a comment that is a closed list (`draft, pending, active`), or `None` for
/// prose (`in seconds`), ranges (`0.0 to 10.0`) and open lists (`openai, anthropic, etc.`).
pub fn value_list(comment: &str) -> Option<Vec<String>> {
    let c = comment.trim().trim_end_matches('.');
    if c.to_ascii_lowercase().contains("etc") || !c.contains(',') {
        return None;
    }
    let items: Vec<String> = c.split(',').map(|s| s.trim().to_string()).collect();
    let ok = items.len() >= 2
        && items.iter().all(|i| {
            !i.is_empty()
                && i.len() <= 32
                && i.split_whitespace().count() <= 2
                && i.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
        });
    ok.then_some(items)
}

/// `--` comments that hold a pasted shell command (`python3 manage.py ...`, `psql -f ...`).
fn comments_with_stray_commands(block: &str) -> Vec<Stray> {
    const COMMANDS: &[&str] = &[
        "python3 ",
        "python ",
        "manage.py",
        "psql ",
        "createdb ",
        "dropdb ",
        "pg_dump ",
        "pip install",
        "npm ",
        "npx ",
        "docker ",
        "sudo ",
    ];
    let Some(toks) = tokens(block) else { return Vec::new() };
    toks.iter()
        .filter_map(|t| match &t.t {
            Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) => {
                let lc = comment.to_ascii_lowercase();
                COMMANDS
                    .iter()
                    .any(|c| lc.contains(c))
                    .then(|| Stray { text: comment.trim().to_string(), line: t.line })
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_lines_and_dollar_quotes() {
        let b = "-- c\nCREATE TABLE a (id int);\n\nCREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  x := 1;\nEND;\n$$ LANGUAGE plpgsql;\nCREATE INDEX i ON a(id)";
        let (st, stray) = split_block(b);
        assert!(stray.is_empty());
        assert_eq!(st.len(), 3);
        assert_eq!((st[0].line, st[0].info.kind, st[0].info.name.as_deref()), (1, Kind::CreateTable, Some("a")));
        assert_eq!((st[1].line, st[1].info.kind), (3, Kind::CreateFunction));
        assert_eq!((st[2].line, st[2].info.table.as_deref(), st[2].info.name.as_deref()), (8, Some("a"), Some("i")));
    }

    #[test]
    fn table_facts() {
        let sql = "CREATE TABLE \"Orders\" (\n  id SERIAL PRIMARY KEY,\n  user_id INTEGER REFERENCES users(id) NOT NULL, -- a, b, c\n  status VARCHAR(20), -- draft, open\n  CONSTRAINT fk_x FOREIGN KEY (x) REFERENCES other (id) ON DELETE SET NULL\n)";
        let (st, _) = split_block(sql);
        let i = &st[0].info;
        assert_eq!(i.name.as_deref(), Some("Orders"));
        let cols: Vec<&str> = i.columns.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(cols, ["id", "user_id", "status"]);
        assert_eq!(i.fks.len(), 2);
        assert_eq!(i.fks[0].target, "users");
        assert_eq!(i.fks[0].add_clause, "FOREIGN KEY (user_id) REFERENCES users(id)");
        assert_eq!(i.fks[1].target, "other");
        assert_eq!(i.fks[1].line, 4);
        // Removing the clauses leaves valid-looking SQL.
        let mut s = sql.to_string();
        for f in i.fks.iter().rev() {
            s.replace_range(f.range.0..f.range.1, "");
        }
        assert!(s.contains("user_id INTEGER  NOT NULL"), "{s}");
        assert!(!s.contains("fk_x") && s.trim_end().ends_with(')'), "{s}");
        // Each comment goes to the column on its line.
        assert_eq!(i.enum_comments.len(), 2);
        assert_eq!((i.enum_comments[0].column.as_str(), i.enum_comments[0].line), ("user_id", 2));
        assert_eq!(i.enum_comments[1].column, "status");
        assert_eq!(i.enum_comments[1].values, ["draft", "open"]);
    }

    #[test]
    fn stray_lines_are_split_off() {
        let (st, stray) =
            split_block("python3 manage.py migrate\nCREATE INDEX i ON t(a);\n-- x python3 backend/manage.py\n");
        assert_eq!(st.len(), 1);
        assert_eq!(st[0].line, 1);
        assert_eq!(stray.len(), 2);
        assert_eq!((stray[0].line, stray[0].text.as_str()), (0, "python3 manage.py migrate"));
        assert_eq!(stray[1].line, 2);
    }

    #[test]
    fn value_lists() {
        assert_eq!(value_list(" simple, super, admin"), Some(vec!["simple".into(), "super".into(), "admin".into()]));
        assert_eq!(
            value_list(" SMB, Mid-Market, Enterprise"),
            Some(vec!["SMB".into(), "Mid-Market".into(), "Enterprise".into()])
        );
        assert_eq!(value_list(" openai, anthropic, etc."), None);
        assert_eq!(value_list(" in seconds"), None);
        assert_eq!(value_list(" 0.0 to 10.0"), None);
    }

    #[test]
    fn unterminated_quote_falls_back() {
        let (st, _) = split_block("CREATE TABLE t (a text DEFAULT 'x);\n");
        assert_eq!(st.len(), 1);
    }
}
