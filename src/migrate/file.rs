//! One migration file: its name parts, directives and checksum.

use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Forward (`V`) or rollback (`U`) script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Forward,
    Rollback,
}

/// Header directives (`-- dbctl:<name>` lines in the leading comment block).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Directives {
    pub no_transaction: bool,
    pub irreversible: bool,
}

/// A parsed `V<ver>__<desc>.sql` / `U<ver>__<desc>.sql` name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    pub kind: Kind,
    pub version: i64,
    pub description: String,
}

/// Parses a migration file name, or says why it is not one.
pub fn parse_name(name: &str) -> Result<FileName, String> {
    let Some(stem) = name.strip_suffix(".sql") else {
        return Err("not a .sql file".into());
    };
    let kind = match stem.chars().next() {
        Some('V') => Kind::Forward,
        Some('U') => Kind::Rollback,
        _ => return Err("must start with V (forward) or U (rollback), like V101__create_users.sql".into()),
    };
    let Some((ver, desc)) = stem[1..].split_once("__") else {
        return Err("needs two underscores between version and description, like V101__create_users.sql".into());
    };
    if ver.is_empty() || !ver.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("version {ver:?} is not an integer"));
    }
    let version: i64 = ver.parse().map_err(|_| format!("version {ver:?} is too large"))?;
    if desc.is_empty() || !desc.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(format!("description {desc:?} may hold only letters, digits, '_' and '-'"));
    }
    Ok(FileName { kind, version, description: desc.to_string() })
}

/// Text with a leading byte-order mark removed and CRLF/CR line endings turned into LF, so a
/// checkout with other line endings runs and checksums the same.
pub fn normalize_text(raw: &str) -> String {
    let s = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

/// sha256 (hex) of the normalised text.
pub fn checksum(normalized: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(normalized.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

/// Reads the header directives. Returns the directives and any unknown `dbctl:` names, each
/// with its 1-based line, so a typo like `dbctl:no-transation` is an error, not silently ignored.
pub fn parse_directives(text: &str) -> (Directives, Vec<(usize, String)>) {
    let mut d = Directives::default();
    let mut unknown = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some(comment) = t.strip_prefix("--") else { break };
        let c = comment.trim();
        if let Some(name) = c.strip_prefix("dbctl:") {
            match name.trim() {
                "no-transaction" => d.no_transaction = true,
                "irreversible" => d.irreversible = true,
                other => unknown.push((i + 1, other.to_string())),
            }
        }
    }
    (d, unknown)
}

/// A migration: its forward script and, where it has one, its rollback.
#[derive(Debug, Clone)]
pub struct Migration {
    pub version: i64,
    pub description: String,
    pub phase: i32,
    /// The phase directory's name (`phase2-analytics`).
    pub phase_dir: String,
    pub forward: Script,
    pub rollback: Option<Script>,
    pub directives: Directives,
}

/// A script's file and normalised text.
#[derive(Debug, Clone)]
pub struct Script {
    pub path: PathBuf,
    /// The path as shown to people (relative to the project root where possible).
    pub display: String,
    pub sql: String,
    pub checksum: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names() {
        let n = parse_name("V101__create_users.sql").unwrap();
        assert_eq!((n.kind, n.version, n.description.as_str()), (Kind::Forward, 101, "create_users"));
        assert_eq!(parse_name("U7__x.sql").unwrap().kind, Kind::Rollback);
        assert!(parse_name("V1_x.sql").is_err());
        assert!(parse_name("Vx__x.sql").is_err());
        assert!(parse_name("V1__.sql").is_err());
        assert!(parse_name("R1__x.sql").is_err());
        assert!(parse_name("V1__a b.sql").is_err());
    }

    #[test]
    fn crlf_and_bom_do_not_change_the_checksum() {
        let lf = "create table t(x int);\nselect 1;\n";
        let crlf = "\u{feff}create table t(x int);\r\nselect 1;\r\n";
        assert_eq!(checksum(&normalize_text(lf)), checksum(&normalize_text(crlf)));
        assert_ne!(checksum(lf), checksum("create table t(x bigint);\n"));
        assert_eq!(checksum("").len(), 64);
    }

    #[test]
    fn reads_header_directives_only() {
        let (d, u) = parse_directives(
            "-- build index\n-- dbctl:no-transaction\n\ncreate index concurrently i on t(x);\n-- dbctl:irreversible\n",
        );
        assert!(d.no_transaction);
        assert!(!d.irreversible, "a directive after the first statement is not a header directive");
        assert!(u.is_empty());
        let (_, u) = parse_directives("-- dbctl:no-transation\nselect 1;");
        assert_eq!(u, vec![(1, "no-transation".to_string())]);
    }
}
