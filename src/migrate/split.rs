//! Splits a SQL script into statements, keeping each statement's byte offset.
//!
//! dbctl runs a migration statement by statement so that a failure points at the failing
//! statement (and, with the server's error position, at its line and column), and so that
//! `-- dbctl:no-transaction` files really run each statement outside a transaction block.
//! This is a lexer, not a parser: it knows quotes, `"identifiers"`, `E'...'` escapes,
//! `$tag$` dollar quotes, `--` and nested `/* */` comments, and `BEGIN ATOMIC ... END` bodies,
//! which is everything that can hide a `;`. The statements themselves are PostgreSQL's business.

/// One statement: its text and where it starts in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    pub sql: &'a str,
    /// Byte offset of `sql` in the script.
    pub offset: usize,
}

/// Splits `script` on top-level semicolons. Statements that are only whitespace and comments are
/// dropped. The semicolon is not included.
pub fn split(script: &str) -> Vec<Statement<'_>> {
    let b = script.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Depth of `BEGIN ATOMIC` bodies (SQL-standard function bodies contain `;`).
    let mut atomic_depth = 0usize;
    let mut prev_word = String::new();
    let mut word = String::new();
    while i < b.len() {
        let c = b[i];
        // Track words to spot BEGIN ATOMIC ... END; cheap and only used for that.
        if c.is_ascii_alphanumeric() || c == b'_' {
            word.push(c.to_ascii_lowercase() as char);
            i += 1;
            continue;
        } else if !word.is_empty() {
            if prev_word == "begin" && word == "atomic" {
                atomic_depth += 1;
            } else if atomic_depth > 0 && (word == "end") {
                atomic_depth -= 1;
            } else if atomic_depth > 0 && word == "case" {
                // CASE ... END inside an atomic body must not close it.
                atomic_depth += 1;
            }
            prev_word = std::mem::take(&mut word);
        }
        if let Some(end) = skip_comment(b, i) {
            i = end;
            continue;
        }
        match c {
            b'\'' => {
                // E'..' strings allow backslash escapes; standard strings only ''.
                let escapes = i > 0 && matches!(b[i - 1], b'e' | b'E') && (i < 2 || !is_ident(b[i - 2]));
                i += 1;
                while i < b.len() {
                    if escapes && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == b'\'' {
                        if b.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'"' => {
                i += 1;
                while i < b.len() {
                    if b[i] == b'"' {
                        if b.get(i + 1) == Some(&b'"') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'$' if i == 0 || !is_ident(b[i - 1]) => {
                if let Some(tag_len) = dollar_tag(&b[i..]) {
                    let tag = &script[i..i + tag_len];
                    let body_start = i + tag_len;
                    match script[body_start..].find(tag) {
                        Some(end) => i = body_start + end + tag_len,
                        None => i = b.len(),
                    }
                } else {
                    i += 1;
                }
            }
            b';' if atomic_depth == 0 => {
                push(script, start, i, &mut out);
                i += 1;
                start = i;
                prev_word.clear();
            }
            _ => i += 1,
        }
        if !c.is_ascii_whitespace() && c != b'-' && c != b'/' {
            // Anything but whitespace/comments between BEGIN and ATOMIC breaks the pair.
            if !(c.is_ascii_alphanumeric() || c == b'_') {
                prev_word.clear();
            }
        }
    }
    push(script, start, b.len(), &mut out);
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Length of a `$tag$` opener at the start of `b`, if it is one.
fn dollar_tag(b: &[u8]) -> Option<usize> {
    let mut j = 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        if j == 1 && b[j].is_ascii_digit() {
            return None; // $1 is a parameter, not a tag
        }
        j += 1;
    }
    (j < b.len() && b[j] == b'$').then_some(j + 1)
}

fn push<'a>(script: &'a str, start: usize, end: usize, out: &mut Vec<Statement<'a>>) {
    let raw = &script[start..end];
    // Leading comments are dropped so the offset (and any error line) is the statement's own.
    if let Some(lead) = code_start(raw) {
        out.push(Statement { sql: raw[lead..].trim_end(), offset: start + lead });
    }
}

/// Offset of the first character that is not whitespace or a comment, if any.
fn code_start(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(end) = skip_comment(b, i) {
            i = end;
        } else if b[i].is_ascii_whitespace() {
            i += 1;
        } else {
            return Some(i);
        }
    }
    None
}

/// When a `--` or (nested) `/* */` comment starts at `i`, the offset just after it.
fn skip_comment(b: &[u8], mut i: usize) -> Option<usize> {
    match (b.get(i), b.get(i + 1)) {
        (Some(b'-'), Some(b'-')) => {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            Some(i)
        }
        (Some(b'/'), Some(b'*')) => {
            let mut depth = 1;
            i += 2;
            while i < b.len() && depth > 0 {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            Some(i)
        }
        _ => None,
    }
}

/// True when the script ends outside any string, quoted identifier, dollar quote, block comment or
/// `BEGIN ATOMIC` body, so that text appended after `\n;` is read as statements of its own.
/// (Tested by appending a sentinel statement and checking the lexer sees it whole.)
pub fn ends_cleanly(script: &str) -> bool {
    const SENTINEL: &str = "SELECT 1";
    let probe = format!("{script}\n;{SENTINEL}");
    let expected_offset = probe.len() - SENTINEL.len();
    split(&probe).last().is_some_and(|st| st.sql == SENTINEL && st.offset == expected_offset)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(script: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(script.len());
    let before = &script[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, script[line_start..offset].chars().count() + 1)
}

/// Byte offset of the 1-based character position `pos` within `sql` (PostgreSQL reports
/// error positions in characters).
pub fn char_pos_to_byte(sql: &str, pos: usize) -> usize {
    sql.char_indices().nth(pos.saturating_sub(1)).map(|(i, _)| i).unwrap_or(sql.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        split(s).into_iter().map(|st| st.sql).collect()
    }

    #[test]
    fn splits_on_top_level_semicolons() {
        assert_eq!(
            texts("create table a(x int);\n\ncreate table b(y int);"),
            ["create table a(x int)", "create table b(y int)"]
        );
    }

    #[test]
    fn ignores_semicolons_in_quotes_and_comments() {
        let s = "insert into t values ('a;b', \"c;d\"); -- x;y\n/* p; /* q; */ r; */ select 1;";
        assert_eq!(texts(s), ["insert into t values ('a;b', \"c;d\")", "select 1"]);
        assert_eq!(texts("select E'it\\'s;';select 2"), ["select E'it\\'s;'", "select 2"]);
        assert_eq!(texts("select 'it''s;'; select 2"), ["select 'it''s;'", "select 2"]);
    }

    #[test]
    fn keeps_dollar_quoted_bodies_whole() {
        let s = "create function f() returns trigger as $$ begin new.x := 1; return new; end; $$ language plpgsql;\nselect $1;";
        let t = texts(s);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].ends_with("language plpgsql"));
        let s2 = "do $body$ begin perform 1; end $body$; select 3";
        assert_eq!(texts(s2).len(), 2);
    }

    #[test]
    fn keeps_begin_atomic_bodies_whole() {
        let s = "create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end; select 9;";
        let t = texts(s);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(t[1], "select 9");
    }

    #[test]
    fn drops_comment_only_statements_and_reports_offsets() {
        let s = "-- header\n-- dbctl:no-transaction\n\ncreate index concurrently i on t(x);\n-- trailing\n";
        let st = split(s);
        assert_eq!(st.len(), 1);
        assert_eq!(&s[st[0].offset..st[0].offset + 6], "create");
        assert_eq!(line_col(s, st[0].offset), (4, 1));
    }

    #[test]
    fn knows_when_a_script_ends_inside_something() {
        assert!(ends_cleanly("create table t(x int); -- trailing comment"));
        assert!(ends_cleanly("select 'a;b'"));
        assert!(ends_cleanly(""));
        assert!(!ends_cleanly("select 'unterminated"));
        assert!(!ends_cleanly("select 1 /* open comment"));
        assert!(!ends_cleanly("do $$ begin perform 1;"));
        assert!(!ends_cleanly("select \"open ident"));
        assert!(!ends_cleanly("create function f() returns int language sql begin atomic select 1;"));
    }

    #[test]
    fn positions_in_characters() {
        let sql = "select 'é', x";
        assert_eq!(&sql[char_pos_to_byte(sql, 13)..], "x");
    }
}
