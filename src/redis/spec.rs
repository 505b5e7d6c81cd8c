//! The Redis conventions file (`seeds/<project>/redis.yaml`): parsing and validation.
//!
//! serde_yaml reports positions only for syntax and type errors. Semantic errors (a bad pattern,
//! an unknown type, a seed key that fits no convention) are located by finding the offending entry
//! in the text, so every error still names `file:line`. The format is documented in
//! `docs/formats.md` (Redis conventions).

use super::pattern::{Kind, Pattern};
use crate::error::{Error, Result};
use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default name of the registry key (under the spec's prefix).
pub const DEFAULT_REGISTRY_KEY: &str = "dbctl:conventions";

/// The value type of a key, as Redis' `TYPE` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyType {
    String,
    Hash,
    Set,
    SortedSet,
    List,
    Stream,
}

impl KeyType {
    /// From the spec (`sorted_set` and Redis' own `zset` are both accepted).
    pub fn parse(s: &str) -> Option<KeyType> {
        Some(match s {
            "string" => KeyType::String,
            "hash" => KeyType::Hash,
            "set" => KeyType::Set,
            "sorted_set" | "zset" => KeyType::SortedSet,
            "list" => KeyType::List,
            "stream" => KeyType::Stream,
            _ => return None,
        })
    }
    /// The name Redis' `TYPE` command returns.
    pub fn redis_name(self) -> &'static str {
        match self {
            KeyType::String => "string",
            KeyType::Hash => "hash",
            KeyType::Set => "set",
            KeyType::SortedSet => "zset",
            KeyType::List => "list",
            KeyType::Stream => "stream",
        }
    }
    /// The name the spec uses.
    pub fn spec_name(self) -> &'static str {
        match self {
            KeyType::SortedSet => "sorted_set",
            other => other.redis_name(),
        }
    }
}

/// What a convention says about expiry. TTLs are in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TtlPolicy {
    /// The key must not expire (`ttl: none`).
    None,
    /// No rule (`ttl: any`).
    Any,
    /// Every key must expire, in at most `max` seconds. `min` is the shortest TTL an application
    /// should set; it is checked on seed keys only, because a live key's remaining TTL counts
    /// down to zero and would fall below any lower bound.
    Required { min: u64, max: u64 },
}

impl TtlPolicy {
    pub fn describe(&self) -> String {
        match self {
            TtlPolicy::None => "no TTL".into(),
            TtlPolicy::Any => "any".into(),
            TtlPolicy::Required { min, max } => format!("TTL {}..{}", fmt_secs(*min), fmt_secs(*max)),
        }
    }
}

/// Seconds as `24h`, `15m`, `90s`.
pub fn fmt_secs(s: u64) -> String {
    if s >= 2 * 86400 && s.is_multiple_of(86400) {
        format!("{}d", s / 86400)
    } else if s >= 3600 && s.is_multiple_of(3600) {
        format!("{}h", s / 3600)
    } else if s >= 60 && s.is_multiple_of(60) {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

/// A placeholder of a pattern and what it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Placeholder {
    pub name: String,
    pub kind: Kind,
    pub description: String,
}

/// One key convention.
#[derive(Debug, Clone)]
pub struct Convention {
    pub name: String,
    pub pattern: Pattern,
    pub placeholders: Vec<Placeholder>,
    pub key_type: KeyType,
    pub encoding: Option<String>,
    pub ttl: TtlPolicy,
    pub description: String,
    /// Line of the convention in the spec file.
    pub line: usize,
}

/// A seed key's value, by type.
#[derive(Debug, Clone, PartialEq)]
pub enum SeedValue {
    String(String),
    Hash(Vec<(String, String)>),
    Set(Vec<String>),
    SortedSet(Vec<(String, f64)>),
    List(Vec<String>),
    Stream(Vec<Vec<(String, String)>>),
}

/// A key the seed writes.
#[derive(Debug, Clone)]
pub struct SeedKey {
    /// The key without the spec's prefix.
    pub key: String,
    pub value: SeedValue,
    pub ttl: Option<u64>,
    /// Index into `Spec::conventions`.
    pub convention: usize,
    pub line: usize,
}

/// A parsed, validated conventions file.
#[derive(Debug, Clone)]
pub struct Spec {
    pub file: PathBuf,
    /// Every key of the application starts with this (empty: the whole keyspace).
    pub prefix: String,
    /// The registry key, without the prefix.
    pub registry_key: String,
    pub conventions: Vec<Convention>,
    pub seeds: Vec<SeedKey>,
    /// Expected server settings (`CONFIG GET name` → value).
    pub settings: BTreeMap<String, String>,
}

impl Spec {
    /// The full name of the registry key.
    pub fn registry_full_key(&self) -> String {
        format!("{}{}", self.prefix, self.registry_key)
    }
    /// The first convention (in file order) whose pattern matches `key` (prefix removed).
    pub fn classify(&self, key: &[u8]) -> Option<usize> {
        self.conventions.iter().position(|c| c.pattern.matches(key))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    #[serde(default)]
    version: Option<u32>,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    registry: Option<String>,
    conventions: Vec<RawConvention>,
    #[serde(default)]
    seed: Vec<RawSeed>,
    /// JSON Lines files of more seed keys (one `{"key", "value", "ttl"}` object per line),
    /// relative to this file: for bulk fixture data that should not bloat the reviewed file.
    #[serde(default)]
    seed_files: Vec<String>,
    #[serde(default)]
    settings: IndexMap<String, serde_yaml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConvention {
    name: String,
    pattern: String,
    #[serde(default)]
    placeholders: IndexMap<String, RawPlaceholder>,
    #[serde(rename = "type")]
    key_type: String,
    #[serde(default)]
    encoding: Option<String>,
    ttl: serde_yaml::Value,
    description: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawPlaceholder {
    Described(String),
    Full {
        #[serde(default)]
        kind: Option<String>,
        #[serde(default)]
        description: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeed {
    key: String,
    value: serde_yaml::Value,
    #[serde(default)]
    ttl: Option<serde_yaml::Value>,
}

/// Encodings a convention may declare (documentation for applications; seed values are checked).
const ENCODINGS: &[&str] = &["json", "text", "int", "msgpack", "protobuf", "binary"];

/// Reads and validates a conventions file.
pub fn load(path: &Path) -> Result<Spec> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::input(format!("cannot read Redis conventions {}: {e}", path.display()))
            .with_hint("check `redis.conventions` in dbctl.yaml; the format is in docs/formats.md")
    })?;
    parse(&text, path)
}

/// Parses conventions text; `path` is used in messages.
pub fn parse(text: &str, path: &Path) -> Result<Spec> {
    let label = path.display().to_string();
    let raw: RawSpec = serde_yaml::from_str(text).map_err(|e| {
        let loc = e.location().map(|l| format!(":{}:{}", l.line(), l.column())).unwrap_or_default();
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        spec_error(format!("{label}{loc}: {msg}"))
    })?;
    let loc = Locator::new(text);
    let at = |line: usize, msg: String| spec_error(format!("{label}:{line}: {msg}"));

    if let Some(v) = raw.version {
        if v != 1 {
            return Err(at(
                loc.find(0, "version:").unwrap_or(1),
                format!("unsupported version {v}; this dbctl reads version 1"),
            ));
        }
    }
    let prefix = raw.prefix.unwrap_or_default();
    if let Some(c) = prefix.chars().find(|c| matches!(c, '*' | '?' | '[' | ']' | '\\' | '{' | '}')) {
        return Err(at(loc.find(0, "prefix:").unwrap_or(1), format!("prefix {prefix:?} may not contain {c:?}")));
    }
    let registry_key = raw.registry.unwrap_or_else(|| DEFAULT_REGISTRY_KEY.to_string());
    if registry_key.is_empty() {
        return Err(at(loc.find(0, "registry:").unwrap_or(1), "the registry key name is empty".into()));
    }

    let section = loc.find(0, "conventions:").unwrap_or(1);
    let mut conventions: Vec<Convention> = Vec::new();
    let mut search_from = section;
    for rc in raw.conventions {
        // The convention's own line: its `name:` entry (names are unique), else its pattern.
        let line = loc
            .find_all(search_from, &["name:", &rc.name])
            .or_else(|| loc.find(section, &rc.pattern))
            .unwrap_or(section);
        search_from = line;
        let field = |key: &str| loc.find_key_after(line, key).unwrap_or(line);
        if rc.name.is_empty()
            || !rc.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            return Err(at(
                line,
                format!("convention name {:?} must be lower-case letters, digits, '_' or '-'", rc.name),
            ));
        }
        if conventions.iter().any(|c| c.name == rc.name) {
            return Err(at(line, format!("convention {:?} is defined twice", rc.name)));
        }
        let mut pattern = Pattern::parse(&rc.pattern)
            .map_err(|m| at(field("pattern"), format!("convention {}: bad pattern: {m}", rc.name)))?;
        let names: Vec<String> = pattern.placeholders().into_iter().map(String::from).collect();
        let mut placeholders = Vec::new();
        for n in &names {
            let Some(rp) = rc.placeholders.get(n) else {
                return Err(at(
                    field("pattern"),
                    format!(
                        "convention {}: placeholder <{n}> is not described under `placeholders:`; add `{n}: \"what it is\"`",
                        rc.name
                    ),
                ));
            };
            let (kind_text, description) = match rp {
                RawPlaceholder::Described(d) => (None, d.clone()),
                RawPlaceholder::Full { kind, description } => (kind.clone(), description.clone().unwrap_or_default()),
            };
            // A kind may be written in the pattern (`<id:int>`) or here; the spec's word wins.
            let kind = match kind_text {
                Some(k) => {
                    let kind = Kind::parse(&k).ok_or_else(|| {
                        at(
                            loc.find(field("placeholders"), &k).unwrap_or(line),
                            format!(
                                "convention {}: unknown placeholder kind {k:?}; use segment, int, uuid, hex or rest",
                                rc.name
                            ),
                        )
                    })?;
                    pattern.set_kind(n, kind);
                    kind
                }
                None => pattern_kind(&pattern, n),
            };
            placeholders.push(Placeholder { name: n.clone(), kind, description });
        }
        if let Some(extra) = rc.placeholders.keys().find(|k| !names.contains(k)) {
            return Err(at(
                loc.find(line, &format!("{extra}:")).unwrap_or(line),
                if rc.pattern.contains(&format!("{{{extra}}}")) {
                    format!(
                        "convention {}: pattern {} writes {{{extra}}}, which Redis reads as a Cluster hash tag; write <{extra}> for a placeholder",
                        rc.name, rc.pattern
                    )
                } else {
                    format!(
                        "convention {}: placeholder {extra:?} is described but the pattern {} has no <{extra}>",
                        rc.name, rc.pattern
                    )
                },
            ));
        }
        let key_type = KeyType::parse(&rc.key_type).ok_or_else(|| {
            at(
                field("type"),
                format!(
                    "convention {}: unknown type {:?}; use string, hash, set, sorted_set, list or stream",
                    rc.name, rc.key_type
                ),
            )
        })?;
        if let Some(enc) = &rc.encoding {
            if !ENCODINGS.contains(&enc.as_str()) {
                return Err(at(
                    field("encoding"),
                    format!("convention {}: unknown encoding {enc:?}; use one of {}", rc.name, ENCODINGS.join(", ")),
                ));
            }
        }
        let ttl = parse_ttl(&rc.ttl).map_err(|m| at(field("ttl"), format!("convention {}: ttl: {m}", rc.name)))?;
        if rc.description.trim().is_empty() {
            return Err(at(field("description"), format!("convention {}: the description is empty", rc.name)));
        }
        conventions.push(Convention {
            name: rc.name,
            pattern,
            placeholders,
            key_type,
            encoding: rc.encoding,
            ttl,
            description: rc.description,
            line,
        });
    }
    if conventions.is_empty() {
        return Err(at(section, "no conventions: a spec needs at least one".into()));
    }

    let seed_section = loc.find(0, "seed:").unwrap_or(1);
    // (seed, file label, line, from the YAML file?)
    let mut entries: Vec<(RawSeed, String, usize, bool)> = Vec::new();
    let mut from = seed_section;
    for rs in raw.seed {
        let line = loc.find(from, &rs.key).unwrap_or(seed_section);
        from = line;
        entries.push((rs, label.clone(), line, true));
    }
    for f in &raw.seed_files {
        let p = path.parent().unwrap_or(Path::new(".")).join(f);
        let text = std::fs::read_to_string(&p)
            .map_err(|e| at(loc.find(0, f).unwrap_or(1), format!("cannot read seed file {}: {e}", p.display())))?;
        let flabel = p.display().to_string();
        for (i, l) in text.lines().enumerate() {
            let t = l.trim();
            if t.is_empty() || t.starts_with("//") {
                continue;
            }
            let rs: RawSeed = serde_json::from_str(t).map_err(|e| {
                spec_error(format!("{flabel}:{}:{}: {e}", i + 1, e.column())).with_hint(
                    "each line of a seed file is one JSON object: {\"key\": ..., \"value\": ..., \"ttl\": ...}",
                )
            })?;
            entries.push((rs, flabel.clone(), i + 1, false));
        }
    }
    let mut seeds: Vec<SeedKey> = Vec::with_capacity(entries.len());
    let mut seen = std::collections::HashSet::new();
    for (rs, file, line, in_yaml) in entries {
        let at = |line: usize, msg: String| spec_error(format!("{file}:{line}: {msg}"));
        // Looked up only on error: a scan per seed key would make large seeds quadratic.
        let ttl_line = || if in_yaml { loc.find_key_after(line, "ttl").unwrap_or(line) } else { line };
        if !seen.insert(rs.key.clone()) {
            return Err(at(line, format!("seed key {:?} appears twice", rs.key)));
        }
        let Some(ci) = conventions.iter().position(|c| c.pattern.matches(rs.key.as_bytes())) else {
            let list: Vec<&str> = conventions.iter().map(|c| c.pattern.text.as_str()).collect();
            return Err(at(
                line,
                format!("seed key {:?} matches no convention (patterns: {})", rs.key, list.join(", ")),
            ));
        };
        let conv = &conventions[ci];
        let value_line = || if in_yaml { loc.find_key_after(line, "value").unwrap_or(line) } else { line };
        let value = seed_value(&rs.value, conv).map_err(|m| at(value_line(), format!("seed key {:?}: {m}", rs.key)))?;
        let ttl = match &rs.ttl {
            None => None,
            Some(v) => Some(duration_value(v).map_err(|m| at(ttl_line(), format!("seed key {:?}: ttl: {m}", rs.key)))?),
        };
        match (conv.ttl, ttl) {
            (TtlPolicy::Required { .. }, None) => {
                return Err(at(
                    line,
                    format!(
                        "seed key {:?}: convention {} requires a TTL ({}); add `ttl:`",
                        rs.key,
                        conv.name,
                        conv.ttl.describe()
                    ),
                ))
            }
            (TtlPolicy::Required { min, max }, Some(t)) if t < min || t > max => {
                return Err(at(
                    ttl_line(),
                    format!(
                        "seed key {:?}: ttl {} is outside {} of convention {}",
                        rs.key,
                        fmt_secs(t),
                        conv.ttl.describe(),
                        conv.name
                    ),
                ))
            }
            (TtlPolicy::None, Some(_)) => {
                return Err(at(
                    ttl_line(),
                    format!("seed key {:?}: convention {} says the key must not expire", rs.key, conv.name),
                ))
            }
            _ => {}
        }
        seeds.push(SeedKey { key: rs.key, value, ttl, convention: ci, line });
    }

    let mut settings = BTreeMap::new();
    for (k, v) in raw.settings {
        let value = scalar(&v).ok_or_else(|| {
            at(
                loc.find_key_after(loc.find(0, "settings:").unwrap_or(1), &k).unwrap_or(1),
                format!("setting {k}: the value must be a scalar"),
            )
        })?;
        settings.insert(k, value);
    }
    Ok(Spec { file: path.to_path_buf(), prefix, registry_key, conventions, seeds, settings })
}

fn spec_error(msg: String) -> Error {
    Error::input(msg).with_hint("fix the Redis conventions file; its format is described in docs/formats.md")
}

fn pattern_kind(p: &Pattern, name: &str) -> Kind {
    p.parts
        .iter()
        .find_map(|part| match part {
            super::pattern::Part::Placeholder { name: n, kind } if n == name => Some(*kind),
            _ => None,
        })
        .unwrap_or(Kind::Segment)
}

fn parse_ttl(v: &serde_yaml::Value) -> std::result::Result<TtlPolicy, String> {
    use serde_yaml::Value;
    match v {
        Value::String(s) if s == "none" => Ok(TtlPolicy::None),
        Value::String(s) if s == "any" => Ok(TtlPolicy::Any),
        Value::Mapping(m) => {
            let mut min = 1;
            let mut max = None;
            for (k, val) in m {
                match k.as_str() {
                    Some("min") => min = duration_value(val)?,
                    Some("max") => max = Some(duration_value(val)?),
                    Some("required") if val.as_bool() == Some(true) => {}
                    _ => return Err(format!("unknown key {k:?}; use {{ min: 1m, max: 24h }}")),
                }
            }
            let max = max.ok_or("a required TTL needs `max:` (for example { max: 24h })")?;
            if min == 0 || min > max {
                return Err(format!("min {} must be at least 1s and at most max {}", fmt_secs(min), fmt_secs(max)));
            }
            Ok(TtlPolicy::Required { min, max })
        }
        _ => Err("write `none` (never expires), `any`, or a range { min: 1m, max: 24h } (must expire)".into()),
    }
}

fn duration_value(v: &serde_yaml::Value) -> std::result::Result<u64, String> {
    match v {
        serde_yaml::Value::Number(n) => n.as_u64().ok_or_else(|| format!("{n} is not a whole number of seconds")),
        serde_yaml::Value::String(s) => parse_duration(s),
        other => Err(format!("{other:?} is not a duration (30s, 15m, 24h, 7d or seconds)")),
    }
}

/// `30s`, `15m`, `24h`, `7d`, or plain seconds.
pub fn parse_duration(s: &str) -> std::result::Result<u64, String> {
    let s = s.trim();
    let (num, unit) = s.find(|c: char| !c.is_ascii_digit()).map(|i| s.split_at(i)).unwrap_or((s, ""));
    let n: u64 = num.parse().map_err(|_| format!("{s:?} is not a duration (30s, 15m, 24h, 7d or seconds)"))?;
    let mult = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use s, m, h or d)")),
    };
    n.checked_mul(mult).ok_or_else(|| format!("{s:?} is too long"))
}

fn scalar(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A field or member value: scalars as text; structures as JSON when the encoding is JSON.
fn element(v: &serde_yaml::Value, json: bool) -> std::result::Result<String, String> {
    if let Some(s) = scalar(v) {
        return Ok(s);
    }
    if json {
        return serde_json::to_string(v).map_err(|e| format!("cannot encode as JSON: {e}"));
    }
    Err("nested values need `encoding: json` on the convention".into())
}

fn seed_value(v: &serde_yaml::Value, c: &Convention) -> std::result::Result<SeedValue, String> {
    use serde_yaml::Value;
    let json = c.encoding.as_deref() == Some("json");
    let want = c.key_type.spec_name();
    let mismatch = || format!("convention {} is a {want}; the value does not have that shape", c.name);
    Ok(match c.key_type {
        KeyType::String => {
            let text = match v {
                Value::String(s) => {
                    if json {
                        serde_json::from_str::<serde_json::Value>(s).map_err(|e| {
                            format!("the value is not valid JSON ({e}), but convention {} is JSON", c.name)
                        })?;
                    }
                    s.clone()
                }
                other => element(other, json)?,
            };
            if c.encoding.as_deref() == Some("int") && text.parse::<i64>().is_err() {
                return Err(format!("{text:?} is not an integer, but convention {} is encoded as int", c.name));
            }
            SeedValue::String(text)
        }
        KeyType::Hash => {
            let Value::Mapping(m) = v else { return Err(mismatch()) };
            let mut out = Vec::new();
            for (k, val) in m {
                out.push((element(k, false)?, element(val, json)?));
            }
            if out.is_empty() {
                return Err("an empty hash cannot exist in Redis".into());
            }
            SeedValue::Hash(out)
        }
        KeyType::Set | KeyType::List => {
            let Value::Sequence(items) = v else { return Err(mismatch()) };
            let items: Vec<String> = items.iter().map(|i| element(i, json)).collect::<std::result::Result<_, _>>()?;
            if items.is_empty() {
                return Err(format!("an empty {want} cannot exist in Redis"));
            }
            if c.key_type == KeyType::Set {
                SeedValue::Set(items)
            } else {
                SeedValue::List(items)
            }
        }
        KeyType::SortedSet => {
            let Value::Mapping(m) = v else { return Err(format!("{} (write member: score)", mismatch())) };
            let mut out = Vec::new();
            for (k, val) in m {
                let score = val.as_f64().ok_or_else(|| format!("score of {k:?} is not a number"))?;
                out.push((element(k, false)?, score));
            }
            if out.is_empty() {
                return Err("an empty sorted set cannot exist in Redis".into());
            }
            SeedValue::SortedSet(out)
        }
        KeyType::Stream => {
            let Value::Sequence(entries) = v else { return Err(format!("{} (write a list of entries)", mismatch())) };
            let mut out = Vec::new();
            for e in entries {
                let Value::Mapping(m) = e else { return Err("each stream entry is a mapping of field: value".into()) };
                let mut fields = Vec::new();
                for (k, val) in m {
                    fields.push((element(k, false)?, element(val, json)?));
                }
                if fields.is_empty() {
                    return Err("a stream entry needs at least one field".into());
                }
                out.push(fields);
            }
            if out.is_empty() {
                return Err("a stream seed needs at least one entry".into());
            }
            SeedValue::Stream(out)
        }
    })
}

/// Finds lines in the spec text (1-based) for semantic errors.
struct Locator<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        Locator { lines: text.lines().collect() }
    }
    /// First line at or after `from` (1-based; 0 = start) containing `needle` outside a comment.
    fn find(&self, from: usize, needle: &str) -> Option<usize> {
        self.find_all(from, &[needle])
    }
    fn find_all(&self, from: usize, needles: &[&str]) -> Option<usize> {
        let start = from.saturating_sub(1);
        self.lines.iter().enumerate().skip(start).find_map(|(i, l)| {
            let code = l.split(" #").next().unwrap_or(l);
            (!l.trim_start().starts_with('#') && needles.iter().all(|n| code.contains(n))).then_some(i + 1)
        })
    }
    /// The line of `key:` at or after `from`, in block (`key:`) or flow (`{ key: ... }`) style.
    fn find_key_after(&self, from: usize, key: &str) -> Option<usize> {
        let block = format!("{key}:");
        let start = from.saturating_sub(1);
        self.lines.iter().enumerate().skip(start).find_map(|(i, l)| {
            let code = l.split(" #").next().unwrap_or(l);
            let hit = code.trim_start().trim_start_matches("- ").starts_with(&block)
                || code.contains(&format!("{{ {block}"))
                || code.contains(&format!(", {block}"))
                || code.contains(&format!("{{{block}"));
            hit.then_some(i + 1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"version: 1
conventions:
  - name: session
    pattern: "session:<session_id>"
    placeholders:
      session_id: { kind: hex, description: "random session token" }
    type: string
    encoding: json
    ttl: { min: 15m, max: 24h }
    description: Signed-in user's session.
  - name: cart
    pattern: "cart:{<user_id>}:items"
    placeholders: { user_id: "users.id" }
    type: hash
    ttl: none
    description: A user's cart.
seed:
  - key: "session:abc"
    value: { user_id: 1 }
    ttl: 1h
  - key: "cart:{7}:items"
    value: { sku1: 2 }
settings:
  maxmemory-policy: volatile-lru
"#;

    fn err(text: &str) -> String {
        parse(text, Path::new("r.yaml")).unwrap_err().message
    }

    #[test]
    fn parses_a_good_spec() {
        let s = parse(GOOD, Path::new("r.yaml")).unwrap();
        assert_eq!(s.conventions.len(), 2);
        assert_eq!(s.conventions[0].line, 3);
        assert_eq!(s.conventions[0].ttl, TtlPolicy::Required { min: 900, max: 86400 });
        assert_eq!(s.conventions[0].placeholders[0].kind, Kind::Hex);
        assert_eq!(s.conventions[1].pattern.hash_tag(), Some("<user_id>"));
        assert_eq!(s.seeds[0].value, SeedValue::String(r#"{"user_id":1}"#.into()));
        assert_eq!(s.seeds[1].convention, 1);
        assert_eq!(s.settings["maxmemory-policy"], "volatile-lru");
        assert_eq!(s.registry_full_key(), "dbctl:conventions");
        assert_eq!(s.classify(b"session:ff"), Some(0));
        assert_eq!(s.classify(b"session:zz"), None);
    }

    #[test]
    fn semantic_errors_name_the_line() {
        let e = err(&GOOD.replace("type: hash", "type: hashmap"));
        assert!(e.starts_with("r.yaml:14:") && e.contains("unknown type \"hashmap\""), "{e}");
        let e = err(&GOOD.replace("cart:{<user_id>}:items\"", "cart:{user_id:items\""));
        assert!(e.starts_with("r.yaml:12:") && e.contains("hash tag"), "{e}");
        let e = err(&GOOD.replace("key: \"cart:{7}:items\"", "key: \"basket:7\""));
        assert!(e.starts_with("r.yaml:21:") && e.contains("matches no convention"), "{e}");
        let e = err(&GOOD.replace("ttl: 1h", "ttl: 48h"));
        assert!(e.starts_with("r.yaml:20:") && e.contains("outside"), "{e}");
        let e = err(&GOOD.replace("ttl: { min: 15m, max: 24h }", "ttl: forever"));
        assert!(e.starts_with("r.yaml:9:"), "{e}");
        let e = err(&GOOD.replace("placeholders: { user_id: \"users.id\" }", "placeholders: {}"));
        assert!(e.starts_with("r.yaml:12:") && e.contains("<user_id>"), "{e}");
        let e = err(&GOOD.replace("value: { user_id: 1 }", "value: \"{not json\""));
        assert!(e.starts_with("r.yaml:19:") && e.contains("JSON"), "{e}");
    }

    #[test]
    fn syntax_and_unknown_fields_have_positions() {
        let e = err(&GOOD.replace("    encoding: json\n", "    encodng: json\n"));
        assert!(e.starts_with("r.yaml:8:"), "{e}");
        let e = err("conventions: [\n");
        assert!(e.starts_with("r.yaml:"), "{e}");
    }

    #[test]
    fn seed_files_are_json_lines_with_their_own_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let spec = GOOD.replace("settings:", "seed_files: [more.jsonl]\nsettings:");
        std::fs::write(dir.path().join("r.yaml"), &spec).unwrap();
        let good = "{\"key\": \"session:0a\", \"value\": \"{}\", \"ttl\": 3600}\n";
        std::fs::write(dir.path().join("more.jsonl"), good).unwrap();
        let s = load(&dir.path().join("r.yaml")).unwrap();
        assert_eq!(s.seeds.len(), 3);
        assert_eq!(s.seeds[2].ttl, Some(3600));
        std::fs::write(dir.path().join("more.jsonl"), format!("{good}\n{{\"key\": \"nope:1\", \"value\": 1}}\n"))
            .unwrap();
        let e = load(&dir.path().join("r.yaml")).unwrap_err().message;
        assert!(e.contains("more.jsonl:3: seed key \"nope:1\" matches no convention"), "{e}");
        std::fs::write(dir.path().join("more.jsonl"), "{\"key\": }\n").unwrap();
        let e = load(&dir.path().join("r.yaml")).unwrap_err().message;
        assert!(e.contains("more.jsonl:1:"), "{e}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(90));
        assert_eq!(parse_duration("15m"), Ok(900));
        assert_eq!(parse_duration("7d"), Ok(604800));
        assert!(parse_duration("1w").is_err());
        assert_eq!(fmt_secs(86400), "24h");
        assert_eq!(fmt_secs(7 * 86400), "7d");
        assert_eq!(fmt_secs(5400), "90m");
    }
}
