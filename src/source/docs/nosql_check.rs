//! The MongoDB and Redis parts of a document held to the project's spec files (the Mongo spec
//! and the Redis conventions). Those files are what `mongo apply` and `redis seed` put on the
//! servers and what `drift --from live` holds the live databases to, so document → spec here and
//! spec → live there cover the whole chain, without a server.
//!
//! The document is the expected side: a documented collection, field, index or key format the
//! spec lacks is a finding at the document's line; spec collections and indexes the document
//! never mentions are findings too, once the document describes that store (or collection) at all.

use super::nosql::{MongoIndexDoc, RedisKeyDoc};
use super::Document as Doc;
use crate::diff::{Finding, FindingKind, Severity};
use crate::mongo::diff::{collection_object, index_object};
use crate::mongo::model::{default_index_name, Index};
use crate::redis::pattern::Part;
use serde_json::Value;
use std::collections::BTreeSet;

fn at(mut f: Finding, file: &str, line: Option<u32>) -> Finding {
    f.file = Some(file.to_string());
    f.line = line;
    f
}

/// The document's collections, fields and indexes against the Mongo spec.
pub fn mongo(doc: &Doc, spec: &crate::mongo::spec::Spec, file: &str) -> Vec<Finding> {
    let db = &spec.database.name;
    let colls = &spec.database.collections;
    let mut out = Vec::new();
    if doc.mongo_collections.is_empty() && doc.mongo_indexes.is_empty() {
        return out;
    }
    let mut documented: BTreeSet<&str> = BTreeSet::new();
    for c in &doc.mongo_collections {
        documented.insert(&c.name);
        let Some(sc) = colls.get(&c.name) else {
            let f = Finding::new(
                FindingKind::MissingCollection,
                collection_object(db, &c.name),
                Some("documented collection".into()),
                None,
            );
            out.push(at(f, file, Some(c.line)));
            continue;
        };
        // Fields the validator does not declare are not type-checked: worth knowing.
        let Some(declared) = sc.validator.as_ref().and_then(|v| declared_fields(&v.rule)) else { continue };
        for (field, line) in &c.fields {
            if field == "_id" || declared.contains(field) {
                continue;
            }
            let mut f = Finding::new(
                FindingKind::MongoUndeclaredField,
                format!("{}.{field}", collection_object(db, &c.name)),
                Some("documented field".into()),
                Some("not in the validator's $jsonSchema".into()),
            );
            f.severity = Severity::Warning;
            out.push(at(f, file, Some(*line)));
        }
    }
    let mut indexed: BTreeSet<&str> = BTreeSet::new();
    let mut matched: BTreeSet<(String, String)> = BTreeSet::new();
    for ix in &doc.mongo_indexes {
        documented.insert(&ix.collection);
        indexed.insert(&ix.collection);
        let want = canonical(&ix.keys);
        let name = ix
            .options
            .as_ref()
            .and_then(|o| o.get("name"))
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_else(|| default_index_name(&ix.keys));
        let found =
            colls.get(&ix.collection).and_then(|c| c.indexes.iter().find(|(_, i)| canonical(&i.key_pattern()) == want));
        match found {
            None => {
                let f = Finding::new(
                    FindingKind::MissingIndex,
                    index_object(db, &ix.collection, &name),
                    Some(describe_doc_index(ix)),
                    None,
                );
                out.push(at(f, file, Some(ix.line)));
            }
            Some((spec_name, i)) => {
                matched.insert((ix.collection.clone(), spec_name.clone()));
                if let Some(diff) = option_difference(ix, i) {
                    let f = Finding::new(
                        FindingKind::IndexDefinition,
                        index_object(db, &ix.collection, spec_name),
                        Some(format!("{diff} (documented)")),
                        Some(i.describe()),
                    );
                    out.push(at(f, file, Some(ix.line)));
                }
            }
        }
    }
    for (name, c) in colls {
        if !documented.contains(name.as_str()) {
            let f = Finding::new(
                FindingKind::ExtraCollection,
                collection_object(db, name),
                None,
                Some("in the Mongo spec, not in the document".into()),
            );
            out.push(at(f, file, None));
            continue;
        }
        if !indexed.contains(name.as_str()) {
            continue;
        }
        for (iname, i) in &c.indexes {
            if !matched.contains(&(name.clone(), iname.clone())) {
                let f = Finding::new(FindingKind::ExtraIndex, index_object(db, name, iname), None, Some(i.describe()));
                out.push(at(f, file, None));
            }
        }
    }
    out
}

/// Dotted paths a `$jsonSchema` declares (through `properties`, and the `items` of arrays);
/// None when the rule declares no properties at all (nothing to hold the fields to).
fn declared_fields(rule: &Value) -> Option<BTreeSet<String>> {
    fn walk(schema: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, sub) in props {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                out.insert(path.clone());
                walk(sub, &path, out);
            }
        }
        if let Some(items) = schema.get("items") {
            walk(items, prefix, out);
        }
    }
    let schema = rule.get("$jsonSchema")?;
    let mut out = BTreeSet::new();
    walk(schema, "", &mut out);
    (!out.is_empty()).then_some(out)
}

/// A key pattern for comparison: the ordered non-text keys with their direction or kind, then
/// the text fields as a set (MongoDB keeps a text index's fields in its own order).
fn canonical(keys: &[(String, Value)]) -> (Vec<(String, String)>, BTreeSet<String>) {
    let mut plain = Vec::new();
    let mut text = BTreeSet::new();
    for (k, v) in keys {
        match v {
            Value::String(s) if s == "text" => {
                text.insert(k.clone());
            }
            Value::String(s) => plain.push((k.clone(), s.clone())),
            Value::Number(n) => plain.push((k.clone(), n.as_f64().map_or(n.to_string(), |f| (f as i64).to_string()))),
            other => plain.push((k.clone(), other.to_string())),
        }
    }
    (plain, text)
}

fn describe_doc_index(ix: &MongoIndexDoc) -> String {
    let keys: serde_json::Map<String, Value> = ix.keys.iter().cloned().collect();
    let mut m = serde_json::Map::new();
    m.insert("keys".into(), Value::Object(keys));
    if let Some(Value::Object(o)) = &ix.options {
        m.extend(o.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Value::Object(m).to_string()
}

/// The first option the document states that the spec's index does not have.
fn option_difference(ix: &MongoIndexDoc, spec: &Index) -> Option<String> {
    let o = ix.options.as_ref()?;
    let flag = |k: &str| o.get(k).and_then(Value::as_bool);
    if let Some(u) = flag("unique").filter(|u| *u != spec.unique) {
        return Some(format!("unique: {u}"));
    }
    if let Some(s) = flag("sparse").filter(|s| *s != spec.sparse) {
        return Some(format!("sparse: {s}"));
    }
    let ttl = o.get("expireAfterSeconds").and_then(Value::as_i64);
    if ttl.is_some() && ttl != spec.expire_after_seconds {
        return Some(format!("expireAfterSeconds: {}", ttl.unwrap_or_default()));
    }
    None
}

/// The document's key formats against the Redis conventions: each must be covered by at least
/// one convention (`cache:{key}` is covered by `cache:deal:<deal_id>`), and a documented TTL
/// needs conventions that require one.
pub fn redis(doc: &Doc, spec: &crate::redis::spec::Spec, file: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for k in &doc.redis_keys {
        let covering: Vec<&crate::redis::spec::Convention> =
            spec.conventions.iter().filter(|c| covers(&k.pattern, &c.pattern.parts)).collect();
        let object = format!("redis:{}", k.pattern);
        if covering.is_empty() {
            let f = Finding::new(
                FindingKind::RedisMissingConvention,
                object,
                Some(describe_doc_key(k)),
                Some("no convention in the Redis spec matches it".into()),
            );
            out.push(at(f, file, Some(k.line)));
            continue;
        }
        if k.ttl.is_some() {
            for c in covering {
                if !matches!(c.ttl, crate::redis::spec::TtlPolicy::Required { .. }) {
                    let f = Finding::new(
                        FindingKind::RedisMissingTtl,
                        format!("redis:{}", c.pattern),
                        Some(format!("a TTL ({}, documented for {})", k.ttl.as_deref().unwrap_or(""), k.pattern)),
                        Some(format!("convention {} requires none", c.name)),
                    );
                    out.push(at(f, file, Some(k.line)));
                }
            }
        }
    }
    out
}

fn describe_doc_key(k: &RedisKeyDoc) -> String {
    let mut s = k.pattern.clone();
    if let Some(v) = &k.value {
        s.push_str(&format!(" -> {v}"));
    }
    if let Some(t) = &k.ttl {
        s.push_str(&format!(" (TTL {t})"));
    }
    s
}

/// Does the documented format (`{name}` placeholders, each standing for one or more
/// characters) match the convention's pattern, whose own placeholders count as opaque values?
fn covers(documented: &str, parts: &[Part]) -> bool {
    // The convention as a string with one marker character per placeholder.
    const MARK: char = '\u{1}';
    let mut target = String::new();
    for p in parts {
        match p {
            Part::Literal(b) => target.push_str(&String::from_utf8_lossy(b)),
            Part::Placeholder { .. } => target.push(MARK),
        }
    }
    // The document's format as literal pieces with a placeholder between each two, and one
    // after the last when the format ends with a placeholder.
    let mut pieces: Vec<&str> = Vec::new();
    let mut rest = documented;
    let mut trailing = false;
    loop {
        match (rest.find('{'), rest.find('}')) {
            (Some(open), Some(close)) if close > open => {
                pieces.push(&rest[..open]);
                rest = &rest[close + 1..];
                if rest.is_empty() {
                    trailing = true;
                    break;
                }
            }
            _ => {
                pieces.push(rest);
                break;
            }
        }
    }
    glob(&pieces, trailing, &target)
}

/// Matches `target` against literal `pieces` with a wildcard (one or more characters) between
/// each two, and after the last when `trailing`.
fn glob(pieces: &[&str], trailing: bool, target: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else { return target.is_empty() };
    let Some(mut tail) = target.strip_prefix(first) else { return false };
    for (i, p) in rest.iter().enumerate() {
        let skip = tail.chars().next().map_or(0, char::len_utf8);
        if skip == 0 {
            return false;
        }
        if i + 1 == rest.len() && !trailing {
            // The last literal ends the key.
            return tail.len() >= skip + p.len() && tail.ends_with(p);
        }
        let Some(pos) = tail[skip..].find(p) else { return false };
        tail = &tail[skip + pos + p.len()..];
    }
    if trailing {
        !tail.is_empty()
    } else {
        tail.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redis::pattern::Pattern;

    fn parts(p: &str) -> Vec<Part> {
        Pattern::parse(p).unwrap().parts
    }

    #[test]
    fn documented_formats_cover_conventions() {
        assert!(covers("session:{session_id}", &parts("session:<session_id>")));
        assert!(covers("cache:{key}", &parts("cache:deal:<deal_id>")));
        assert!(covers("user:{id}:profile", &parts("user:<id>:profile")));
        assert!(!covers("user:{id}:profile", &parts("user:<id>:settings")));
        assert!(!covers("session:{id}", &parts("sessions:<id>")));
        assert!(!covers("cache:{key}", &parts("cache:")));
        assert!(covers("rate:{ip}:{minute}", &parts("rate:<ip>:<minute>")));
        assert!(!covers("lock", &parts("lock:<name>")));
        assert!(covers("lock", &parts("lock")));
        assert!(covers("{tenant}:jobs", &parts("<tenant>:jobs")));
        assert!(covers("a:{x}:b", &parts("a:<x>:c:b")));
    }

    #[test]
    fn validators_declare_nested_fields() {
        let rule = serde_json::json!({"$jsonSchema": {"properties": {
            "a": {"bsonType": "object", "properties": {"b": {}}},
            "list": {"bsonType": "array", "items": {"properties": {"c": {}}}}
        }}});
        let got: Vec<String> = declared_fields(&rule).unwrap().into_iter().collect();
        assert_eq!(got, ["a", "a.b", "list", "list.c"]);
        assert!(declared_fields(&serde_json::json!({"x": {"$gt": 1}})).is_none());
    }

    #[test]
    fn key_patterns_compare_text_fields_as_a_set() {
        let a = canonical(&[("x".into(), Value::from(1)), ("b".into(), "text".into()), ("a".into(), "text".into())]);
        let b = canonical(&[("x".into(), Value::from(1.0)), ("a".into(), "text".into()), ("b".into(), "text".into())]);
        assert_eq!(a, b);
        assert_ne!(canonical(&[("x".into(), Value::from(1))]), canonical(&[("x".into(), Value::from(-1))]));
    }
}
