//! Key patterns of Redis conventions: parsing, matching live keys, and Redis Cluster slots.
//!
//! Placeholders are written `<name>` (optionally `<name:kind>`), never `{name}`: in a real Redis
//! key `{...}` is a Cluster hash tag (only the part between the first `{` and the next `}` is
//! hashed), so a pattern like `cart:{<user_id>}:items` keeps every key of one user in one slot,
//! and braces in a pattern always mean exactly what Redis will do with them.

use std::fmt;

/// What a placeholder matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One or more characters other than `:`, `{` and `}` (the default).
    Segment,
    /// ASCII digits.
    Int,
    /// A UUID in its 8-4-4-4-12 hex form.
    Uuid,
    /// Lower- or upper-case hex digits.
    Hex,
    /// One or more of any character, `:` included (for free-form cache keys); `{`/`}` excluded.
    Rest,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "segment" => Kind::Segment,
            "int" => Kind::Int,
            "uuid" => Kind::Uuid,
            "hex" => Kind::Hex,
            "rest" => Kind::Rest,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Segment => "segment",
            Kind::Int => "int",
            Kind::Uuid => "uuid",
            Kind::Hex => "hex",
            Kind::Rest => "rest",
        }
    }
    fn allows(self, b: u8) -> bool {
        match self {
            Kind::Segment => b != b':' && b != b'{' && b != b'}',
            Kind::Int => b.is_ascii_digit(),
            Kind::Hex => b.is_ascii_hexdigit(),
            Kind::Uuid => b.is_ascii_hexdigit() || b == b'-',
            Kind::Rest => b != b'{' && b != b'}',
        }
    }
    fn accepts(self, v: &[u8]) -> bool {
        if v.is_empty() || !v.iter().all(|&b| self.allows(b)) {
            return false;
        }
        if self == Kind::Uuid {
            let groups: Vec<usize> = v.split(|&b| b == b'-').map(|g| g.len()).collect();
            return groups == [8, 4, 4, 4, 12];
        }
        true
    }
}

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Literal(Vec<u8>),
    Placeholder { name: String, kind: Kind },
}

/// A parsed key pattern such as `session:<session_id>` or `cart:{<user_id>}:items`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub text: String,
    pub parts: Vec<Part>,
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Pattern {
    /// Parses a pattern; the error says what is wrong (the caller adds file:line).
    pub fn parse(text: &str) -> Result<Pattern, String> {
        if text.is_empty() {
            return Err("the pattern is empty".into());
        }
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if c == '<' {
                let end = rest.find('>').ok_or_else(|| format!("unclosed placeholder in {text:?} (missing '>')"))?;
                let inner = &rest[1..end];
                let (name, kind) = match inner.split_once(':') {
                    Some((n, k)) => (
                        n,
                        Kind::parse(k).ok_or_else(|| {
                            format!("unknown placeholder kind {k:?} in <{inner}>; use segment, int, uuid, hex or rest")
                        })?,
                    ),
                    None => (inner, Kind::Segment),
                };
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(format!("placeholder name {name:?} must be letters, digits and '_' (in {text:?})"));
                }
                if let Some(Part::Placeholder { name: prev, .. }) = parts.last() {
                    if lit.is_empty() {
                        return Err(format!(
                            "placeholders <{prev}> and <{name}> touch in {text:?}; put a literal (such as ':') between them"
                        ));
                    }
                }
                if parts.iter().any(|p| matches!(p, Part::Placeholder { name: n, .. } if n == name)) {
                    return Err(format!("placeholder <{name}> appears twice in {text:?}"));
                }
                if !lit.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut lit)));
                }
                parts.push(Part::Placeholder { name: name.to_string(), kind });
                rest = &rest[end + 1..];
            } else if c == '>' {
                return Err(format!("'>' without '<' in {text:?}"));
            } else if c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' {
                // These are SCAN/KEYS glob characters; a literal one would make the MATCH
                // filter dbctl derives from the pattern mean something else.
                return Err(format!("{c:?} is not allowed in a pattern ({text:?}); write placeholders as <name>"));
            } else {
                let mut buf = [0u8; 4];
                lit.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                rest = &rest[c.len_utf8()..];
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Literal(lit));
        }
        check_hash_tag(text)?;
        Ok(Pattern { text: text.to_string(), parts })
    }

    /// Placeholder names in order.
    pub fn placeholders(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Placeholder { name, .. } => Some(name.as_str()),
                Part::Literal(_) => None,
            })
            .collect()
    }

    /// Sets the kind of a placeholder (kinds may also be given in the spec's `placeholders:`).
    pub fn set_kind(&mut self, name: &str, kind: Kind) {
        for p in &mut self.parts {
            if let Part::Placeholder { name: n, kind: k } = p {
                if n == name {
                    *k = kind;
                }
            }
        }
    }

    /// True when the whole key matches.
    pub fn matches(&self, key: &[u8]) -> bool {
        match_parts(&self.parts, key)
    }

    /// The SCAN `MATCH` glob of the pattern: literals as written (they cannot hold glob
    /// characters, see [`Pattern::parse`]), each placeholder `*`; `prefix` is escaped. A key the
    /// glob matches may still fail [`Pattern::matches`] (a placeholder's kind), so callers check.
    pub fn glob(&self, prefix: &str) -> String {
        let mut out = String::new();
        for c in prefix.chars() {
            if matches!(c, '*' | '?' | '[' | ']' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        for p in &self.parts {
            match p {
                Part::Literal(l) => out.push_str(&String::from_utf8_lossy(l)),
                Part::Placeholder { .. } => out.push('*'),
            }
        }
        out
    }

    /// The literal text before the first placeholder (used to pre-filter keys cheaply).
    pub fn literal_prefix(&self) -> &[u8] {
        match self.parts.first() {
            Some(Part::Literal(l)) => l,
            _ => &[],
        }
    }

    /// The hash tag of the pattern (`{...}` part), if any, as written.
    pub fn hash_tag(&self) -> Option<&str> {
        let open = self.text.find('{')?;
        let close = self.text[open + 1..].find('}')? + open + 1;
        Some(&self.text[open + 1..close])
    }
}

fn check_hash_tag(text: &str) -> Result<(), String> {
    let opens = text.matches('{').count();
    let closes = text.matches('}').count();
    if opens > 1 || closes > 1 {
        return Err(format!(
            "{text:?} has more than one '{{...}}' hash tag; Redis Cluster hashes only the first, so write one"
        ));
    }
    match (text.find('{'), text.find('}')) {
        (None, None) => Ok(()),
        (Some(o), Some(c)) if c == o + 1 => {
            Err(format!("{text:?} has an empty hash tag '{{}}': Redis hashes the whole key then; remove it"))
        }
        (Some(o), Some(c)) if c > o => Ok(()),
        _ => Err(format!(
            "{text:?} has an unbalanced '{{' or '}}'; braces are Redis Cluster hash tags: write {{<placeholder>}} \
             to keep related keys in one slot, and <name> for placeholders"
        )),
    }
}

fn match_parts(parts: &[Part], key: &[u8]) -> bool {
    match parts.split_first() {
        None => key.is_empty(),
        Some((Part::Literal(l), rest)) => key.starts_with(l) && match_parts(rest, &key[l.len()..]),
        Some((Part::Placeholder { kind, .. }, rest)) => {
            // The next literal bounds the placeholder; try each place it occurs (backtracking is
            // short: keys are small and patterns have few placeholders).
            match rest.first() {
                None => kind.accepts(key),
                Some(Part::Literal(next)) => {
                    let mut from = 1;
                    while from <= key.len() {
                        let Some(i) = find(&key[from..], next) else { return false };
                        let at = from + i;
                        if kind.accepts(&key[..at]) && match_parts(rest, &key[at..]) {
                            return true;
                        }
                        if !kind.allows(key[at]) {
                            return false; // the placeholder cannot grow past this byte
                        }
                        from = at + 1;
                    }
                    false
                }
                Some(Part::Placeholder { .. }) => false, // rejected by parse
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The Redis Cluster slot of a key (CRC16/XMODEM of the hash tag or the whole key, mod 16384).
pub fn slot(key: &[u8]) -> u16 {
    let hashed = match key.iter().position(|&b| b == b'{') {
        Some(o) => match key[o + 1..].iter().position(|&b| b == b'}') {
            Some(len) if len > 0 => &key[o + 1..o + 1 + len],
            _ => key,
        },
        None => key,
    };
    crc16(hashed) % 16384
}

fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in data {
        crc ^= (b as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_for_scan() {
        assert_eq!(p("session:<id>").glob("app:"), "app:session:*");
        assert_eq!(p("cart:{<user:int>}:items").glob(""), "cart:{*}:items");
        assert_eq!(p("x").glob("a*b:"), "a\\*b:x");
    }

    fn p(s: &str) -> Pattern {
        Pattern::parse(s).unwrap()
    }

    #[test]
    fn matches_segments_and_kinds() {
        assert!(p("session:<id>").matches(b"session:abc"));
        assert!(!p("session:<id>").matches(b"session:"));
        assert!(!p("session:<id>").matches(b"session:a:b"));
        assert!(p("cache:<key:rest>").matches(b"cache:a:b:c"));
        assert!(p("deal:<id:int>:v").matches(b"deal:42:v"));
        assert!(!p("deal:<id:int>:v").matches(b"deal:4x:v"));
        assert!(p("s:<u:uuid>").matches(b"s:123e4567-e89b-12d3-a456-426614174000"));
        assert!(!p("s:<u:uuid>").matches(b"s:123e4567e89b12d3a456426614174000"));
        assert!(p("a:<x:rest>:end").matches(b"a:1:2:end"));
        assert!(p("a:<x>:<y>").matches(b"a:1:2"));
        assert!(!p("a:<x>:<y>").matches(b"a:1"));
    }

    #[test]
    fn braces_are_hash_tags_not_placeholders() {
        let pat = p("cart:{<user_id>}:items");
        assert_eq!(pat.placeholders(), ["user_id"]);
        assert_eq!(pat.hash_tag(), Some("<user_id>"));
        assert!(pat.matches(b"cart:{42}:items"));
        assert!(!pat.matches(b"cart:42:items"));
        assert_eq!(slot(b"cart:{42}:items"), slot(b"cart:{42}:total"));
    }

    #[test]
    fn rejects_confusing_patterns() {
        for bad in ["", "a:<x", "a:x>", "a:<x><y>", "a:<x>:<x>", "a:*", "a:{", "a:{}", "{a}{b}", "a:<x:float>"] {
            assert!(Pattern::parse(bad).is_err(), "{bad} should be rejected");
        }
        let e = Pattern::parse("session:{session_id").unwrap_err();
        assert!(e.contains("<name> for placeholders"), "{e}");
    }

    #[test]
    fn slots_match_redis() {
        // Values from the Redis Cluster specification and `CLUSTER KEYSLOT`.
        assert_eq!(slot(b"foo"), 12182);
        assert_eq!(slot(b"123456789"), 12739);
        assert_eq!(slot(b"{user1000}.following"), slot(b"{user1000}.followers"));
        assert_eq!(slot(b"foo{}{bar}"), crc16(b"foo{}{bar}") % 16384);
        assert_eq!(slot(b"foo{{bar}}zap"), crc16(b"{bar") % 16384);
    }
}
