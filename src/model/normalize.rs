//! Canonical forms, so that equal schemas compare equal.
//!
//! The live inspector already gets most text from PostgreSQL's own printers (`format_type`,
//! `pg_get_expr`, `pg_get_constraintdef`, ...), which erase the spelling of the DDL (`int4` vs
//! `integer`, inline vs table-level constraints). What is left is here: type aliases for
//! producers that do not go through a server (documented column tables), defaults that mean the
//! same thing but print differently (`CURRENT_TIMESTAMP` vs `now()`, a literal cast to the
//! column's own type), the sequence behind a serial column, and whitespace in printed SQL.
//! Every function is idempotent: normalising a canonical form returns it unchanged.

use sha2::{Digest, Sha256};

/// Canonical spelling of a type name: the one `format_type` prints.
///
/// `int4`/`int`/`serial` -> `integer`, `varchar(20)` -> `character varying(20)`,
/// `timestamptz` -> `timestamp with time zone`, `timestamp` -> `timestamp without time zone`,
/// `decimal(10, 2)` -> `numeric(10,2)`, `_int4` and `int4[]` -> `integer[]`. Unknown names (user
/// types such as `public.mood`) are returned trimmed, with their case kept.
pub fn canonical_type(ty: &str) -> String {
    let ty = collapse_ws(ty.trim());
    // Array suffixes: `int[]`, `int[][]`, `int ARRAY`, and internal `_int4` names.
    let mut dims = 0;
    let mut base = ty.as_str();
    loop {
        let t = base.trim_end();
        if let Some(b) = t.strip_suffix("[]") {
            dims += 1;
            base = b;
        } else if t.len() > 6 && t[t.len() - 6..].eq_ignore_ascii_case(" array") {
            dims += 1;
            base = &t[..t.len() - 6];
        } else {
            base = t;
            break;
        }
    }
    let owned;
    if dims == 0 {
        if let Some(inner) = base.strip_prefix('_') {
            if let Some(c) = alias(&inner.to_ascii_lowercase()) {
                owned = c.to_string();
                return format!("{owned}[]");
            }
        }
    }
    // Split a type modifier `(...)`, keeping it verbatim minus spaces.
    let (name, typmod) = match base.find('(') {
        Some(i) if base[i..].contains(')') => {
            let close = base.rfind(')').unwrap_or(base.len() - 1);
            let m: String = base[i..=close].chars().filter(|c| !c.is_whitespace()).collect();
            let rest = base[close + 1..].trim();
            (format!("{} {}", base[..i].trim(), rest).trim().to_string(), m)
        }
        _ => (base.trim().to_string(), String::new()),
    };
    let lower = name.to_ascii_lowercase();
    let mut out = match lower.as_str() {
        // Time types take the precision in the middle: `timestamp(3) with time zone`.
        "timestamp" | "timestamp without time zone" => {
            format!("timestamp{typmod} without time zone")
        }
        "timestamptz" | "timestamp with time zone" => format!("timestamp{typmod} with time zone"),
        "time" | "time without time zone" => format!("time{typmod} without time zone"),
        "timetz" | "time with time zone" => format!("time{typmod} with time zone"),
        _ => match alias(&lower) {
            Some(c) => format!("{c}{typmod}"),
            None => format!("{name}{typmod}"),
        },
    };
    for _ in 0..dims {
        out.push_str("[]");
    }
    out
}

/// Built-in aliases -> the name `format_type` uses. `None` for names it does not rename.
fn alias(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "int" | "int4" | "integer" | "serial" | "serial4" => "integer",
        "int8" | "bigint" | "bigserial" | "serial8" => "bigint",
        "int2" | "smallint" | "smallserial" | "serial2" => "smallint",
        "varchar" | "character varying" => "character varying",
        "char" | "character" | "bpchar" => "character",
        "bool" | "boolean" => "boolean",
        "float8" | "double precision" | "float" => "double precision",
        "float4" | "real" => "real",
        "decimal" | "numeric" => "numeric",
        "varbit" | "bit varying" => "bit varying",
        "text" => "text",
        "uuid" => "uuid",
        "jsonb" => "jsonb",
        "json" => "json",
        "date" => "date",
        "bytea" => "bytea",
        "interval" => "interval",
        "inet" => "inet",
        "cidr" => "cidr",
        "citext" => "citext",
        _ => return None,
    })
}

/// Whether a type name written in DDL is one of the serial pseudo-types.
pub fn is_serial_type(ty: &str) -> bool {
    matches!(
        ty.trim().to_ascii_lowercase().as_str(),
        "serial" | "serial4" | "bigserial" | "serial8" | "smallserial" | "serial2"
    )
}

/// The sequence a `nextval('...'::regclass)` default draws from, if the default is exactly that.
///
/// A column with such a default is what `serial` creates, and what `integer DEFAULT
/// nextval('seq')` spells by hand; the model records both as [`crate::model::postgres::Identity::Serial`].
pub fn nextval_sequence(default: &str) -> Option<String> {
    let d = default.trim();
    let inner = d.strip_prefix("nextval('")?.strip_suffix(")")?;
    let inner = inner.strip_suffix("'::regclass").or_else(|| inner.strip_suffix('\''))?;
    if inner.contains('\'') {
        return None;
    }
    Some(inner.replace('"', ""))
}

/// Canonical column default, given the column's canonical type.
///
/// `CURRENT_TIMESTAMP` and `transaction_timestamp()` -> `now()` (the same function);
/// a quoted literal cast to the column's own type loses the cast (`'x'::character varying` on a
/// varchar column -> `'x'`), and a quoted number on a numeric column loses its quotes
/// (`'-1'::integer` -> `-1`, which is how `DEFAULT -1` is stored).
pub fn canonical_default(expr: &str, data_type: &str) -> String {
    let e = collapse_ws(expr.trim());
    let e = strip_outer_parens(&e);
    match e.to_ascii_lowercase().as_str() {
        "current_timestamp" | "now()" | "transaction_timestamp()" | "pg_catalog.now()" => return "now()".to_string(),
        _ => {}
    }
    if let Some((lit, cast)) = split_literal_cast(e) {
        let cast = canonical_type(cast);
        let ty = canonical_type(data_type);
        let base = strip_typmod(&ty);
        // A string literal cast to another string type means the same value on a string
        // column: ALTER COLUMN ... TYPE varchar keeps a text default as `'x'::text`.
        let both_strings = is_string_type(&base) && is_string_type(&strip_typmod(&cast));
        if cast == ty || cast == base || both_strings {
            let content = &lit[1..lit.len() - 1];
            if is_numeric_type(&base) && is_number(content) {
                return content.to_string();
            }
            return lit.to_string();
        }
    }
    e.to_string()
}

/// `'...'::type` -> (`'...'`, `type`), when the whole expression is one literal and one cast.
fn split_literal_cast(e: &str) -> Option<(&str, &str)> {
    if !e.starts_with('\'') {
        return None;
    }
    let bytes = e.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            let rest = &e[i + 1..];
            let cast = rest.strip_prefix("::")?;
            // A second cast means this is not a plain literal; anything else after the cast
            // (an operator) makes `cast` a non-type that never equals the column's type.
            if cast.contains("::") {
                return None;
            }
            return Some((&e[..=i], cast));
        }
        i += 1;
    }
    None
}

fn strip_typmod(ty: &str) -> String {
    match (ty.find('('), ty.find(')')) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &ty[..a], &ty[b + 1..]),
        _ => ty.to_string(),
    }
}

fn is_string_type(base: &str) -> bool {
    matches!(base, "text" | "character varying" | "character")
}

fn is_numeric_type(base: &str) -> bool {
    matches!(base, "integer" | "bigint" | "smallint" | "numeric" | "real" | "double precision")
}

fn is_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().filter(|&c| c == '.').count() <= 1
        && s.chars().any(|c| c.is_ascii_digit())
}

/// Removes parentheses that wrap the whole expression: `(now())` -> `now()`.
fn strip_outer_parens(mut e: &str) -> &str {
    while e.starts_with('(') && e.ends_with(')') && wraps_whole(e) {
        e = e[1..e.len() - 1].trim();
    }
    e
}

fn wraps_whole(e: &str) -> bool {
    let mut depth = 0i32;
    let mut in_str = false;
    for (i, c) in e.char_indices() {
        match c {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 && i != e.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Collapses runs of whitespace to one space outside string literals and quoted identifiers,
/// so pretty-printed SQL compares by content, not layout.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut quote: Option<char> = None;
    let mut pending_space = false;
    for c in s.chars() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c.is_whitespace() => pending_space = true,
            None => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                if c == '\'' || c == '"' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

/// Canonical view definition: `pg_get_viewdef` output without layout or the trailing `;`.
pub fn canonical_view_definition(def: &str) -> String {
    let d = collapse_ws(def.trim());
    d.trim_end_matches(';').trim_end().to_string()
}

/// Canonical constraint definition and whether it is validated: `pg_get_constraintdef` appends
/// ` NOT VALID` to unvalidated constraints, which the model keeps as a separate flag.
pub fn canonical_constraint_definition(def: &str) -> (String, bool) {
    let d = collapse_ws(def.trim());
    match d.strip_suffix(" NOT VALID") {
        Some(stripped) => (stripped.to_string(), false),
        None => (d, true),
    }
}

/// Canonical SQL expression text (index predicates, generated columns, trigger definitions).
pub fn canonical_expr(e: &str) -> String {
    collapse_ws(e.trim())
}

/// Hex sha256 of a function body, ignoring surrounding whitespace and CRLF line endings (which
/// depend on how the migration file was checked out, not on what the function does).
pub fn body_sha256(body: &str) -> String {
    let b = body.replace("\r\n", "\n");
    let digest = Sha256::digest(b.trim().as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_aliases() {
        for (input, want) in [
            ("int4", "integer"),
            ("INT", "integer"),
            ("serial", "integer"),
            ("bigserial", "bigint"),
            ("int8", "bigint"),
            ("smallint", "smallint"),
            ("varchar(20)", "character varying(20)"),
            ("character varying(20)", "character varying(20)"),
            ("VARCHAR", "character varying"),
            ("timestamptz", "timestamp with time zone"),
            ("timestamp", "timestamp without time zone"),
            ("timestamp(3)", "timestamp(3) without time zone"),
            ("timestamp(3) with time zone", "timestamp(3) with time zone"),
            ("timestamp with time zone", "timestamp with time zone"),
            ("decimal(10, 2)", "numeric(10,2)"),
            ("numeric(10,2)", "numeric(10,2)"),
            ("bool", "boolean"),
            ("float8", "double precision"),
            ("int4[]", "integer[]"),
            ("_int4", "integer[]"),
            ("text[][]", "text[][]"),
            ("integer ARRAY", "integer[]"),
            ("char(2)", "character(2)"),
            ("public.Mood", "public.Mood"),
        ] {
            assert_eq!(canonical_type(input), want, "{input}");
            assert_eq!(canonical_type(want), want, "idempotent on {want}");
        }
    }

    #[test]
    fn timestamp_and_timestamptz_stay_distinct() {
        assert_ne!(canonical_type("timestamp"), canonical_type("timestamptz"));
    }

    #[test]
    fn serial_detection() {
        assert!(is_serial_type("BIGSERIAL"));
        assert!(!is_serial_type("integer"));
        assert_eq!(nextval_sequence("nextval('public.t_id_seq'::regclass)").as_deref(), Some("public.t_id_seq"));
        assert_eq!(nextval_sequence("nextval('\"S\".\"Seq\"'::regclass)").as_deref(), Some("S.Seq"));
        assert_eq!(nextval_sequence("nextval('a'::regclass) + 1"), None);
        assert_eq!(nextval_sequence("now()"), None);
    }

    #[test]
    fn defaults() {
        let ts = "timestamp with time zone";
        assert_eq!(canonical_default("CURRENT_TIMESTAMP", ts), "now()");
        assert_eq!(canonical_default("now()", ts), "now()");
        assert_eq!(canonical_default("(now())", ts), "now()");
        assert_eq!(canonical_default("transaction_timestamp()", ts), "now()");
        assert_eq!(canonical_default("LOCALTIMESTAMP", ts), "LOCALTIMESTAMP");
        let vc = "character varying(20)";
        assert_eq!(canonical_default("'active'::character varying", vc), "'active'");
        assert_eq!(canonical_default("'active'", vc), "'active'");
        assert_eq!(canonical_default("'it''s'::text", "text"), "'it''s'");
        assert_eq!(canonical_default("'anon'::text", vc), "'anon'");
        assert_eq!(canonical_default("'anon'::character varying", "text"), "'anon'");
        assert_eq!(canonical_default("'-1'::integer", "integer"), "-1");
        assert_eq!(canonical_default("0", "integer"), "0");
        assert_eq!(canonical_default("'{}'::text[]", "text[]"), "'{}'");
        assert_eq!(canonical_default("'a'::public.mood", "public.mood"), "'a'");
        // A cast to another type is meaningful and stays.
        assert_eq!(canonical_default("'1'::text", "integer"), "'1'::text");
        assert_eq!(canonical_default("'2020-01-01'::date + 1", "date"), "'2020-01-01'::date + 1");
        for d in ["now()", "'active'", "-1", "gen_random_uuid()"] {
            assert_eq!(canonical_default(d, vc), d, "idempotent on {d}");
        }
    }

    #[test]
    fn whitespace_outside_literals_only() {
        assert_eq!(
            collapse_ws(" SELECT  a,\n    'x  y'  AS \"b  c\"\n FROM t "),
            "SELECT a, 'x  y' AS \"b  c\" FROM t"
        );
        assert_eq!(canonical_view_definition(" SELECT t.id\n   FROM public.t;"), "SELECT t.id FROM public.t");
    }

    #[test]
    fn not_valid_is_a_flag() {
        assert_eq!(
            canonical_constraint_definition("CHECK ((a > 0)) NOT VALID"),
            ("CHECK ((a > 0))".to_string(), false)
        );
        assert_eq!(canonical_constraint_definition("CHECK ((a > 0))"), ("CHECK ((a > 0))".to_string(), true));
    }

    #[test]
    fn body_hash_ignores_line_endings_and_edges() {
        assert_eq!(body_sha256("\nbegin\r\n  return 1;\r\nend\n"), body_sha256("begin\n  return 1;\nend"));
        assert_ne!(body_sha256("return 1"), body_sha256("return 2"));
        assert_eq!(body_sha256("").len(), 64);
    }
}
