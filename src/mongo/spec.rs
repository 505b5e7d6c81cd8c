//! The spec file `mongo_indexes/<project>.yaml`: what collections, validators and indexes a
//! project's MongoDB database must have (format: `docs/formats.md`, section MongoDB spec).
//!
//! Parsing has two stages. serde_yaml checks the syntax, the field names and each value's
//! type, and its errors carry their position. The rules that span fields (one text index per
//! collection, TTL only on a single field, unique names, ...) are checked afterwards on the
//! parsed values; their line is found by walking the key path through the text, which is exact
//! for the block style the spec uses (flow style gets the line of the nearest enclosing key).

use super::model::{
    canonical_json, default_index_name, Collection, Index, IndexKey, KeyKind, MongoDatabase, TextOptions, Validator,
    DEFAULT_LANGUAGE, DEFAULT_LANGUAGE_OVERRIDE,
};
use crate::error::{Error, Result};
use indexmap::IndexMap;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    #[serde(default)]
    collections: IndexMap<String, Option<RawCollection>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCollection {
    #[serde(default)]
    validator: Option<serde_json::Map<String, Value>>,
    #[serde(default, rename = "validationLevel")]
    validation_level: Option<Level>,
    #[serde(default, rename = "validationAction")]
    validation_action: Option<Action>,
    #[serde(default)]
    capped: Option<bool>,
    #[serde(default)]
    size: Option<u64>,
    #[serde(default)]
    max: Option<u64>,
    #[serde(default)]
    timeseries: Option<RawTimeseries>,
    #[serde(default)]
    collation: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    indexes: Vec<RawIndex>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Level {
    Off,
    Strict,
    Moderate,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Action {
    Error,
    Warn,
    ErrorAndLog,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeseries {
    #[serde(rename = "timeField")]
    time_field: String,
    #[serde(default, rename = "metaField")]
    meta_field: Option<String>,
    #[serde(default)]
    granularity: Option<Granularity>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Granularity {
    Seconds,
    Minutes,
    Hours,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndex {
    keys: IndexMap<String, RawKey>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    unique: bool,
    #[serde(default)]
    sparse: bool,
    #[serde(default, rename = "partialFilterExpression")]
    partial_filter: Option<serde_json::Map<String, Value>>,
    #[serde(default, rename = "expireAfterSeconds")]
    expire_after_seconds: Option<u32>,
    #[serde(default)]
    weights: Option<IndexMap<String, u32>>,
    #[serde(default)]
    default_language: Option<String>,
    #[serde(default)]
    language_override: Option<String>,
}

/// A key value: `1`, `-1`, `"text"`, `"hashed"`, `"2dsphere"`, `"2d"`. Checked while parsing so
/// a bad value gets serde_yaml's exact position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawKey {
    Kind(KeyKind),
    Text,
}

impl<'de> Deserialize<'de> for RawKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        const EXPECTED: &str = "1, -1, \"text\", \"hashed\", \"2dsphere\" or \"2d\"";
        impl Visitor<'_> for V {
            type Value = RawKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<RawKey, E> {
                match v {
                    1 => Ok(RawKey::Kind(KeyKind::Asc)),
                    -1 => Ok(RawKey::Kind(KeyKind::Desc)),
                    _ => Err(E::custom(format!("index key direction {v}: expected {EXPECTED}"))),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<RawKey, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<RawKey, E> {
                if v == 1.0 || v == -1.0 {
                    self.visit_i64(v as i64)
                } else {
                    Err(E::custom(format!("index key direction {v}: expected {EXPECTED}")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<RawKey, E> {
                match v {
                    "text" => Ok(RawKey::Text),
                    "hashed" => Ok(RawKey::Kind(KeyKind::Hashed)),
                    "2dsphere" => Ok(RawKey::Kind(KeyKind::Sphere2d)),
                    "2d" => Ok(RawKey::Kind(KeyKind::Geo2d)),
                    _ => Err(E::custom(format!("index key type {v:?}: expected {EXPECTED}"))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A parsed spec: the model plus, per collection and index, the line it was declared on (for
/// messages that point back into the file).
#[derive(Debug, Clone)]
pub struct Spec {
    pub file: std::path::PathBuf,
    pub database: MongoDatabase,
    pub lines: BTreeMap<String, usize>,
}

impl Spec {
    /// `file:line` of a collection (`coll`) or index (`coll.index`), for messages.
    pub fn location(&self, object: &str) -> String {
        match self.lines.get(object) {
            Some(l) => format!("{}:{l}", self.file.display()),
            None => self.file.display().to_string(),
        }
    }
}

/// Reads and checks a spec file.
pub fn load(path: &Path, database: &str) -> Result<Spec> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::input(format!("cannot read Mongo spec {}: {e}", path.display()))
            .with_hint("create it (format: docs/formats.md, MongoDB spec) or fix `mongo.spec` in dbctl.yaml")
    })?;
    parse(&text, path, database)
}

/// Parses spec text; `path` is used in messages.
pub fn parse(text: &str, path: &Path, database: &str) -> Result<Spec> {
    let hint = "fix the spec; its format is described in docs/formats.md (MongoDB spec)";
    let raw: RawSpec = if text.trim().is_empty() {
        RawSpec { collections: IndexMap::new() }
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let loc = e.location().map(|l| format!(":{}:{}", l.line(), l.column())).unwrap_or_default();
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            Error::input(format!("{}{loc}: {msg}", path.display())).with_hint(hint)
        })?
    };
    let loc = Locator { text, file: path.display().to_string() };
    let mut problems = Vec::new();
    let mut collections = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for (cname, rc) in raw.collections {
        let cpath = [Seg::Key("collections"), Seg::Key(&cname)];
        lines.insert(cname.clone(), loc.line(&cpath));
        if let Some(why) = bad_collection_name(&cname) {
            problems.push(loc.at(&cpath, &format!("collection name {cname:?}: {why}")));
            continue;
        }
        let rc = rc.unwrap_or_default();
        match collection(&cname, rc, &loc, &cpath, &mut lines) {
            Ok(c) => {
                collections.insert(cname, c);
            }
            Err(mut p) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(Error::input(problems.join("\n")).with_hint(hint));
    }
    Ok(Spec { file: path.to_path_buf(), database: MongoDatabase { name: database.to_string(), collections }, lines })
}

fn bad_collection_name(n: &str) -> Option<&'static str> {
    if n.is_empty() {
        Some("is empty")
    } else if n.contains('$') || n.contains('\0') {
        Some("must not contain '$' or NUL")
    } else if n.starts_with("system.") {
        Some("system.* collections belong to the server")
    } else {
        None
    }
}

fn collection(
    name: &str,
    rc: RawCollection,
    loc: &Locator,
    cpath: &[Seg],
    lines: &mut BTreeMap<String, usize>,
) -> std::result::Result<Collection, Vec<String>> {
    let mut problems = Vec::new();
    let at = |key: &str, msg: &str| {
        let mut p = cpath.to_vec();
        p.push(Seg::Key(key));
        loc.at(&p, &format!("collection {name}: {msg}"))
    };
    let validator = match rc.validator {
        Some(v) if v.is_empty() => {
            problems.push(at("validator", "validator is empty; leave it out for no validation"));
            None
        }
        Some(v) => Some(Validator {
            rule: canonical_json(&Value::Object(v)),
            level: level_str(rc.validation_level.unwrap_or(Level::Strict)).to_string(),
            action: action_str(rc.validation_action.unwrap_or(Action::Error)).to_string(),
        }),
        None => {
            if rc.validation_level.is_some() || rc.validation_action.is_some() {
                let key = if rc.validation_level.is_some() { "validationLevel" } else { "validationAction" };
                problems.push(at(key, "validationLevel/validationAction need a validator"));
            }
            None
        }
    };
    let mut options = BTreeMap::new();
    match (rc.capped.unwrap_or(false), rc.size) {
        (true, Some(size)) => {
            let mut m = serde_json::Map::new();
            m.insert("size".into(), Value::from(capped_size(size)));
            if let Some(max) = rc.max.filter(|m| *m > 0) {
                m.insert("max".into(), Value::from(max));
            }
            options.insert("capped".to_string(), Value::Object(m));
        }
        (true, None) => problems.push(at("capped", "a capped collection needs `size` (bytes)")),
        (false, _) if rc.size.is_some() || rc.max.is_some() => {
            problems.push(at(if rc.size.is_some() { "size" } else { "max" }, "size/max need `capped: true`"))
        }
        (false, _) => {}
    }
    if let Some(ts) = rc.timeseries {
        if options.contains_key("capped") {
            problems.push(at("timeseries", "a time-series collection cannot be capped"));
        }
        let mut m = serde_json::Map::new();
        m.insert("timeField".into(), Value::String(ts.time_field));
        if let Some(mf) = ts.meta_field {
            m.insert("metaField".into(), Value::String(mf));
        }
        // MongoDB fills in `seconds` when left out, so the spec does too.
        let g = match ts.granularity.unwrap_or(Granularity::Seconds) {
            Granularity::Seconds => "seconds",
            Granularity::Minutes => "minutes",
            Granularity::Hours => "hours",
        };
        m.insert("granularity".into(), Value::String(g.into()));
        options.insert("timeseries".to_string(), Value::Object(m));
    }
    if let Some(c) = rc.collation {
        match c.get("locale") {
            Some(Value::String(l)) if l != "simple" => {
                options.insert("collation".to_string(), canonical_json(&Value::Object(c)));
            }
            Some(Value::String(_)) => {} // "simple" is the default: nothing to set.
            _ => problems.push(at("collation", "collation needs a `locale` string (e.g. en, fr, de)")),
        }
    }
    let mut indexes: BTreeMap<String, Index> = BTreeMap::new();
    let mut text_index: Option<String> = None;
    for (i, ri) in rc.indexes.into_iter().enumerate() {
        let mut ipath = cpath.to_vec();
        ipath.push(Seg::Key("indexes"));
        ipath.push(Seg::Item(i));
        match index(name, ri, loc, &ipath) {
            Ok(ix) => {
                let line = loc.line(&ipath);
                let obj = format!("{name}.{}", ix.name);
                if indexes.contains_key(&ix.name) {
                    problems.push(loc.at(&ipath, &format!("collection {name}: two indexes named {:?}", ix.name)));
                    continue;
                }
                if let Some(dup) = indexes.values().find(|o| o.keys == ix.keys && o.text == ix.text) {
                    problems.push(loc.at(
                        &ipath,
                        &format!("collection {name}: index {} has the same keys as index {}", ix.name, dup.name),
                    ));
                    continue;
                }
                if ix.text.is_some() {
                    if let Some(other) = &text_index {
                        problems.push(loc.at(
                            &ipath,
                            &format!("collection {name}: a second text index ({}); MongoDB allows one per collection (first: {other})", ix.name),
                        ));
                        continue;
                    }
                    text_index = Some(ix.name.clone());
                }
                lines.insert(obj, line);
                indexes.insert(ix.name.clone(), ix);
            }
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(Collection { name: name.to_string(), validator, options, indexes })
    } else {
        Err(problems)
    }
}

/// MongoDB raises a capped size to at least 4096 and to a multiple of 256.
pub fn capped_size(size: u64) -> u64 {
    size.max(4096).div_ceil(256) * 256
}

fn level_str(l: Level) -> &'static str {
    match l {
        Level::Off => "off",
        Level::Strict => "strict",
        Level::Moderate => "moderate",
    }
}

fn action_str(a: Action) -> &'static str {
    match a {
        Action::Error => "error",
        Action::Warn => "warn",
        Action::ErrorAndLog => "errorAndLog",
    }
}

fn index(coll: &str, ri: RawIndex, loc: &Locator, ipath: &[Seg]) -> std::result::Result<Index, Vec<String>> {
    let mut problems = Vec::new();
    // Messages name the index as MongoDB would (its default name when the spec gives none).
    let raw_pattern: Vec<(String, Value)> = ri
        .keys
        .iter()
        .map(|(f, k)| (f.clone(), if let RawKey::Kind(kind) = k { kind.to_json() } else { Value::from("text") }))
        .collect();
    let label = ri.name.clone().unwrap_or_else(|| default_index_name(&raw_pattern));
    let at = |key: &str, msg: &str| {
        let mut p = ipath.to_vec();
        p.push(Seg::Key(key));
        loc.at(&p, &format!("collection {coll}, index {label}: {msg}"))
    };
    if ri.keys.is_empty() {
        problems.push(at("keys", "keys is empty"));
    }
    let mut keys = Vec::new();
    let mut text_fields = Vec::new();
    let mut pattern = Vec::new();
    for (field, k) in &ri.keys {
        if field.is_empty() || field.starts_with('$') && field != "$**" {
            problems.push(at("keys", &format!("bad field name {field:?}")));
        }
        match k {
            RawKey::Kind(kind) => {
                keys.push(IndexKey::Field { name: field.clone(), kind: *kind });
                pattern.push((field.clone(), kind.to_json()));
            }
            RawKey::Text => {
                if text_fields.is_empty() {
                    keys.push(IndexKey::Text);
                } else if !matches!(keys.last(), Some(IndexKey::Text)) {
                    problems.push(at("keys", "the text fields of a compound index must be next to each other"));
                }
                text_fields.push(field.clone());
                pattern.push((field.clone(), Value::from("text")));
            }
        }
    }
    let is_text = !text_fields.is_empty();
    if !is_text && (ri.weights.is_some() || ri.default_language.is_some() || ri.language_override.is_some()) {
        let key = if ri.weights.is_some() {
            "weights"
        } else if ri.default_language.is_some() {
            "default_language"
        } else {
            "language_override"
        };
        problems.push(at(key, "weights/default_language/language_override apply only to text indexes"));
    }
    let text = is_text.then(|| {
        // Every text field has weight 1 unless given; weights may add fields (as in MongoDB).
        let mut weights: BTreeMap<String, i64> = text_fields.iter().map(|f| (f.clone(), 1)).collect();
        for (f, w) in ri.weights.iter().flatten() {
            if !(1..=99_999).contains(w) {
                problems.push(at("weights", &format!("weight of {f} is {w}; weights are 1..99999")));
            }
            weights.insert(f.clone(), i64::from(*w));
        }
        TextOptions {
            weights,
            default_language: ri.default_language.clone().unwrap_or_else(|| DEFAULT_LANGUAGE.to_string()),
            language_override: ri.language_override.clone().unwrap_or_else(|| DEFAULT_LANGUAGE_OVERRIDE.to_string()),
        }
    });
    if let Some(ttl) = ri.expire_after_seconds {
        if ri.keys.len() != 1
            || is_text
            || keys.iter().any(|k| !matches!(k, IndexKey::Field { kind: KeyKind::Asc | KeyKind::Desc, .. }))
        {
            problems.push(at(
                "expireAfterSeconds",
                &format!("expireAfterSeconds {ttl} needs a single ascending or descending field (MongoDB ignores TTL elsewhere)"),
            ));
        }
    }
    if ri.unique && keys.iter().any(|k| matches!(k, IndexKey::Field { kind: KeyKind::Hashed, .. })) {
        problems.push(at("unique", "a hashed index cannot be unique"));
    }
    let name = match &ri.name {
        Some(n) if n.is_empty() => {
            problems.push(at("name", "name is empty; leave it out for MongoDB's default name"));
            String::new()
        }
        Some(n) if n == "_id_" => {
            problems.push(at("name", "_id_ is the built-in index on _id; it cannot be declared"));
            String::new()
        }
        Some(n) => n.clone(),
        None => default_index_name(&pattern),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Index {
        name,
        keys,
        unique: ri.unique,
        sparse: ri.sparse,
        expire_after_seconds: ri.expire_after_seconds.map(i64::from),
        partial_filter: ri.partial_filter.map(|p| canonical_json(&Value::Object(p))),
        text,
    })
}

/// A step of a key path through the YAML text.
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Item(usize),
}

/// Finds the line of a key path in block-style YAML, for errors serde_yaml cannot place.
struct Locator<'a> {
    text: &'a str,
    file: String,
}

impl Locator<'_> {
    fn at(&self, path: &[Seg], msg: &str) -> String {
        format!("{}:{}: {msg}", self.file, self.line(path))
    }

    /// 1-based line of the deepest part of `path` that can be found (line 1 if none).
    fn line(&self, path: &[Seg]) -> usize {
        // Per content line: indentation, indentation of its key (after any `- `), dash or not.
        let lines: Vec<Option<(usize, usize, bool, &str)>> = self
            .text
            .lines()
            .map(|raw| {
                let c = strip_comment(raw);
                if c.trim().is_empty() {
                    return None;
                }
                let indent = c.len() - c.trim_start().len();
                let mut body = c.trim_start();
                let dash = body.starts_with("- ") || body == "-";
                while let Some(b) = body.strip_prefix("- ") {
                    body = b.trim_start();
                }
                Some((indent, c.len() - body.len(), dash, body))
            })
            .collect();
        let (mut start, mut end, mut found) = (0usize, lines.len(), 0usize);
        for seg in path {
            let Some(first) = (start..end).find_map(|i| lines[i]) else { break };
            let hit = match seg {
                Seg::Key(k) => {
                    let want = first.1;
                    let pats = [format!("{k}:"), format!("\"{k}\":"), format!("'{k}':")];
                    (start..end).find(|&i| {
                        lines[i].is_some_and(|(_, ki, _, body)| {
                            ki == want && pats.iter().any(|p| body.starts_with(p.as_str()))
                        })
                    })
                }
                Seg::Item(n) => {
                    let want = first.0;
                    (start..end).filter(|&i| lines[i].is_some_and(|(ind, _, dash, _)| dash && ind == want)).nth(*n)
                }
            };
            let Some(i) = hit else { break };
            let Some((ind, ki, _, _)) = lines[i] else { break };
            found = i;
            end = match seg {
                // A key's node: the lines below it that are deeper, or dashes at its own indent.
                Seg::Key(_) => (i + 1..lines.len())
                    .find(|&j| lines[j].is_some_and(|(jind, _, jdash, _)| jind < ki || (jind == ki && !jdash)))
                    .unwrap_or(lines.len()),
                Seg::Item(_) => (i + 1..lines.len())
                    .find(|&j| lines[j].is_some_and(|(jind, _, _, _)| jind <= ind))
                    .unwrap_or(lines.len()),
            };
            // An item's first key is on its dash line.
            start = if matches!(seg, Seg::Item(_)) { i } else { i + 1 };
        }
        found + 1
    }
}

fn strip_comment(line: &str) -> &str {
    match line.find(" #") {
        Some(i) => &line[..i],
        None if line.trim_start().starts_with('#') => "",
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Spec {
        parse(text, Path::new("spec.yaml"), "db").unwrap_or_else(|e| panic!("{}", e.message))
    }

    fn parse_err(text: &str) -> String {
        match parse(text, Path::new("spec.yaml"), "db") {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(e) => {
                assert_eq!(e.exit_code(), 2);
                e.message
            }
        }
    }

    const GOOD: &str = "\
collections:
  documents:
    validator:
      $jsonSchema:
        bsonType: object
        required: [deal_id]
    validationAction: warn
    indexes:
      - keys: { deal_id: 1 }
      - keys: { content: text, title: text }
        weights: { title: 10 }
        default_language: spanish
      - keys: { at: -1 }
        name: by_time
        expireAfterSeconds: 60
        partialFilterExpression: { kind: { $eq: temp } }
  empty:
";

    #[test]
    fn parses_collections_indexes_and_defaults() {
        let s = parse_ok(GOOD);
        let d = &s.database.collections["documents"];
        assert_eq!(d.indexes.keys().collect::<Vec<_>>(), ["by_time", "content_text_title_text", "deal_id_1"]);
        let v = d.validator.as_ref().expect("validator");
        assert_eq!((v.level.as_str(), v.action.as_str()), ("strict", "warn"));
        let t = d.indexes["content_text_title_text"].text.as_ref().expect("text");
        assert_eq!(t.weights, BTreeMap::from([("content".to_string(), 1), ("title".to_string(), 10)]));
        assert_eq!(t.language_override, "language");
        assert_eq!(d.indexes["by_time"].expire_after_seconds, Some(60));
        assert!(s.database.collections["empty"].indexes.is_empty());
        assert_eq!(s.location("documents.by_time"), "spec.yaml:13");
        assert_eq!(s.location("empty"), "spec.yaml:17");
    }

    #[test]
    fn type_errors_carry_serde_positions() {
        let e = parse_err("collections:\n  a:\n    indexes:\n      - keys: { x: 2 }\n");
        assert!(e.starts_with("spec.yaml:4:"), "{e}");
        assert!(e.contains("direction 2"), "{e}");
        let e = parse_err("collections:\n  a:\n    indexs: []\n");
        assert!(e.starts_with("spec.yaml:3:"), "{e}");
        let e = parse_err("collections:\n  a:\n    validationLevel: loose\n    validator: {a: 1}\n");
        assert!(e.starts_with("spec.yaml:3:"), "{e}");
    }

    #[test]
    fn semantic_errors_name_the_line() {
        let text = "\
collections:
  a:
    indexes:
      - keys: { x: 1 }
      - keys: { y: 1, z: 1 }
        expireAfterSeconds: 5
";
        let e = parse_err(text);
        assert!(e.starts_with("spec.yaml:6: collection a, index y_1_z_1: expireAfterSeconds"), "{e}");
        let e = parse_err("collections:\n  a:\n    indexes:\n      - keys: {x: text}\n      - keys: {y: text}\n");
        assert!(e.starts_with("spec.yaml:5:") && e.contains("second text index"), "{e}");
        let e = parse_err("collections:\n  a:\n    indexes:\n      - keys: {x: 1}\n        weights: {x: 2}\n");
        assert!(e.starts_with("spec.yaml:5:"), "{e}");
        let e = parse_err(
            "collections:\n  a:\n    indexes:\n      - keys: {x: 1}\n      - keys: {x: 1}\n        name: other\n",
        );
        assert!(e.starts_with("spec.yaml:5:") && e.contains("same keys"), "{e}");
        let e = parse_err("collections:\n  system.x: {}\n  b:\n    validationLevel: strict\n");
        assert!(e.contains("spec.yaml:2: collection name"), "{e}");
        assert!(e.contains("spec.yaml:4: collection b"), "{e}");
    }

    #[test]
    fn options_are_canonical() {
        let s = parse_ok(
            "collections:\n  log:\n    capped: true\n    size: 1000\n  ts:\n    timeseries: { timeField: t, metaField: m }\n    collation: { locale: fr, strength: 2 }\n",
        );
        assert_eq!(s.database.collections["log"].options["capped"], serde_json::json!({"size": 4096}));
        let ts = &s.database.collections["ts"].options;
        assert_eq!(ts["timeseries"], serde_json::json!({"timeField": "t", "metaField": "m", "granularity": "seconds"}));
        assert_eq!(ts["collation"], serde_json::json!({"locale": "fr", "strength": 2}));
        parse_err("collections:\n  log:\n    size: 1000\n");
    }
}
