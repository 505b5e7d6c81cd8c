//! Turns what a server returns (`listCollections`, `listIndexes`) into the canonical model, and
//! converts between BSON and the model's JSON.
//!
//! What is normalised, so that an index made by hand the same way compares equal:
//! - numbers: `1`, `1.0` and `NumberLong(1)` are one value (whole numbers become integers);
//! - key directions: any positive number is ascending, any negative descending;
//! - text indexes: the stored `{_fts: "text", _ftsx: 1}` is folded back into one text entry whose
//!   fields come from `weights`; `default_language`/`language_override` get MongoDB's defaults;
//!   `textIndexVersion`, `v`, `ns`, `2dsphereIndexVersion` (server bookkeeping) are ignored;
//! - `unique: false`/`sparse: false` equal "absent";
//! - documents (validators, partial filters, collation) compare with keys sorted;
//! - `validationLevel`/`validationAction` absent mean `strict`/`error`;
//! - `system.*` collections and the `_id_` index are left out.

use super::model::{
    canonical_json, Collection, Index, IndexKey, KeyKind, TextOptions, Validator, DEFAULT_LANGUAGE,
    DEFAULT_LANGUAGE_OVERRIDE,
};
use mongodb::bson::{Bson, Document};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// BSON → canonical JSON (relaxed extended JSON for the types JSON lacks).
pub fn bson_to_json(b: &Bson) -> Value {
    let v = match b {
        Bson::Double(f) => serde_json::Number::from_f64(*f).map(Value::Number).unwrap_or(Value::Null),
        Bson::Int32(i) => Value::from(*i),
        Bson::Int64(i) => Value::from(*i),
        Bson::String(s) => Value::String(s.clone()),
        Bson::Boolean(x) => Value::Bool(*x),
        Bson::Null | Bson::Undefined => Value::Null,
        Bson::Array(a) => Value::Array(a.iter().map(bson_to_json).collect()),
        Bson::Document(d) => doc_to_json(d),
        other => other.clone().into_relaxed_extjson(),
    };
    canonical_json(&v)
}

pub fn doc_to_json(d: &Document) -> Value {
    let mut m = Map::new();
    for (k, v) in d {
        m.insert(k.clone(), bson_to_json(v));
    }
    canonical_json(&Value::Object(m))
}

/// JSON → BSON for commands: whole numbers as Int32 where they fit (as the shell sends small
/// integers), else Int64; objects keep their key order.
pub fn json_to_bson(v: &Value) -> Bson {
    match v {
        Value::Null => Bson::Null,
        Value::Bool(b) => Bson::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i32::try_from(i).map(Bson::Int32).unwrap_or(Bson::Int64(i)),
            None => Bson::Double(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => Bson::String(s.clone()),
        Value::Array(a) => Bson::Array(a.iter().map(json_to_bson).collect()),
        Value::Object(m) => Bson::Document(json_to_doc(m)),
    }
}

pub fn json_to_doc(m: &Map<String, Value>) -> Document {
    let mut d = Document::new();
    for (k, v) in m {
        d.insert(k.clone(), json_to_bson(v));
    }
    d
}

fn as_i64(b: &Bson) -> Option<i64> {
    match b {
        Bson::Int32(i) => Some(i64::from(*i)),
        Bson::Int64(i) => Some(*i),
        Bson::Double(f) if f.fract() == 0.0 => Some(*f as i64),
        _ => None,
    }
}

fn truthy(d: &Document, key: &str) -> bool {
    match d.get(key) {
        Some(Bson::Boolean(b)) => *b,
        Some(other) => as_i64(other).is_some_and(|i| i != 0),
        None => false,
    }
}

/// A key value from a key pattern (`1`, `-1.0`, `"text"`, ...). `None` for kinds dbctl does not
/// model (reported as a problem by the caller).
fn key_kind(v: &Bson) -> Option<KeyKind> {
    match v {
        Bson::String(s) => match s.as_str() {
            "hashed" => Some(KeyKind::Hashed),
            "2dsphere" => Some(KeyKind::Sphere2d),
            "2d" => Some(KeyKind::Geo2d),
            _ => None,
        },
        Bson::Double(f) if *f > 0.0 => Some(KeyKind::Asc),
        Bson::Double(f) if *f < 0.0 => Some(KeyKind::Desc),
        other => match as_i64(other) {
            Some(i) if i > 0 => Some(KeyKind::Asc),
            Some(i) if i < 0 => Some(KeyKind::Desc),
            _ => None,
        },
    }
}

/// One `listIndexes` entry → canonical index. `Err` names what could not be understood.
pub fn index_from_server(d: &Document) -> Result<Index, String> {
    let name = d.get_str("name").map_err(|_| format!("index without a name: {d}"))?.to_string();
    let key = d.get_document("key").map_err(|_| format!("index {name} has no key document"))?;
    let mut keys = Vec::new();
    let mut text_seen = false;
    for (field, v) in key {
        // The stored form of text fields: `_fts: "text"` then `_ftsx: 1`.
        if field == "_fts" {
            if !text_seen {
                keys.push(IndexKey::Text);
                text_seen = true;
            }
            continue;
        }
        if field == "_ftsx" {
            continue;
        }
        if matches!(v, Bson::String(s) if s == "text") {
            // A server that reports text fields as given rather than as _fts/_ftsx.
            if !text_seen {
                keys.push(IndexKey::Text);
                text_seen = true;
            }
            continue;
        }
        let kind = key_kind(v).ok_or_else(|| format!("index {name}: key {field}: unsupported value {v}"))?;
        keys.push(IndexKey::Field { name: field.clone(), kind });
    }
    let text = if text_seen {
        let mut weights = BTreeMap::new();
        if let Ok(w) = d.get_document("weights") {
            for (f, v) in w {
                weights.insert(f.clone(), as_i64(v).unwrap_or(1));
            }
        }
        if weights.is_empty() {
            // No weights reported: the text fields are those given as "text" in the key.
            for (f, v) in key {
                if matches!(v, Bson::String(s) if s == "text") && f != "_fts" {
                    weights.insert(f.clone(), 1);
                }
            }
        }
        Some(TextOptions {
            weights,
            default_language: d.get_str("default_language").unwrap_or(DEFAULT_LANGUAGE).to_string(),
            language_override: d.get_str("language_override").unwrap_or(DEFAULT_LANGUAGE_OVERRIDE).to_string(),
        })
    } else {
        None
    };
    Ok(Index {
        name,
        keys,
        unique: truthy(d, "unique"),
        sparse: truthy(d, "sparse"),
        expire_after_seconds: d.get("expireAfterSeconds").and_then(as_i64),
        partial_filter: d.get_document("partialFilterExpression").ok().map(doc_to_json),
        text,
    })
}

/// One `listCollections` entry (with its `listIndexes` entries) → canonical collection.
/// Returns `None` for what dbctl does not manage: views and `system.*`.
pub fn collection_from_server(entry: &Document, indexes: &[Document]) -> Result<Option<Collection>, String> {
    let name = entry.get_str("name").map_err(|_| format!("collection without a name: {entry}"))?.to_string();
    if name.starts_with("system.") || entry.get_str("type").is_ok_and(|t| t == "view") {
        return Ok(None);
    }
    let empty = Document::new();
    let opts = entry.get_document("options").unwrap_or(&empty);
    let validator = match opts.get_document("validator") {
        Ok(v) if !v.is_empty() => Some(Validator {
            rule: doc_to_json(v),
            level: opts.get_str("validationLevel").unwrap_or("strict").to_string(),
            action: opts.get_str("validationAction").unwrap_or("error").to_string(),
        }),
        _ => None,
    };
    let mut options = BTreeMap::new();
    if truthy(opts, "capped") {
        let mut c = Map::new();
        if let Some(s) = opts.get("size").and_then(as_i64) {
            c.insert("size".into(), Value::from(s));
        }
        if let Some(m) = opts.get("max").and_then(as_i64).filter(|m| *m > 0) {
            c.insert("max".into(), Value::from(m));
        }
        options.insert("capped".to_string(), Value::Object(c));
    }
    if let Ok(ts) = opts.get_document("timeseries") {
        options.insert("timeseries".to_string(), doc_to_json(ts));
    }
    if let Ok(c) = opts.get_document("collation") {
        if c.get_str("locale").is_ok_and(|l| l != "simple") {
            options.insert("collation".to_string(), doc_to_json(c));
        }
    }
    let mut out = BTreeMap::new();
    for d in indexes {
        let ix = index_from_server(d).map_err(|e| format!("collection {name}: {e}"))?;
        if ix.name == "_id_" {
            continue;
        }
        out.insert(ix.name.clone(), ix);
    }
    Ok(Some(Collection { name, validator, options, indexes: out }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixture in the shape of MongoDB's documented `listIndexes` output, as relaxed
    /// extended JSON.
    fn doc(json: &str) -> Document {
        let v: Value = serde_json::from_str(json).unwrap_or(Value::Null);
        match Bson::try_from(v) {
            Ok(Bson::Document(d)) => d,
            other => panic!("fixture is not a document: {other:?}"),
        }
    }

    fn fixture_indexes() -> Vec<Document> {
        let v: Value = serde_json::from_str(include_str!("fixtures/list_indexes_text.json")).unwrap_or(Value::Null);
        v.as_array().into_iter().flatten().map(|e| doc(&e.to_string())).collect()
    }

    #[test]
    fn text_index_is_folded_back_from_fts_and_weights() {
        let ixs = fixture_indexes();
        let ix = index_from_server(&ixs[1]).expect("text index");
        assert_eq!(ix.name, "content_text");
        assert_eq!(ix.keys, vec![IndexKey::Text]);
        let t = ix.text.clone().expect("text options");
        assert_eq!(t.weights, BTreeMap::from([("content".to_string(), 1)]));
        assert_eq!(t.default_language, "english");
        assert_eq!(t.language_override, "language");
        assert_eq!(ix.key_pattern(), vec![("content".to_string(), Value::from("text"))]);
    }

    #[test]
    fn compound_text_index_keeps_prefix_and_weights() {
        let ixs = fixture_indexes();
        let ix = index_from_server(&ixs[2]).expect("compound text index");
        assert_eq!(ix.keys, vec![IndexKey::Field { name: "deal_id".into(), kind: KeyKind::Asc }, IndexKey::Text]);
        let t = ix.text.expect("text options");
        assert_eq!(t.weights, BTreeMap::from([("content".to_string(), 1), ("filename".to_string(), 10)]));
        assert_eq!(t.default_language, "spanish");
        assert_eq!(t.language_override, "idioma");
    }

    #[test]
    fn numbers_and_defaults_normalise() {
        let a = index_from_server(&doc(
            r#"{"v": 2, "key": {"commodity": 1.0, "timestamp": {"$numberLong": "-1"}}, "name": "c", "unique": false}"#,
        ))
        .expect("index");
        let b =
            index_from_server(&doc(r#"{"v": 2, "key": {"commodity": 1, "timestamp": -1}, "name": "c"}"#)).expect("ix");
        assert_eq!(a, b);
        let ttl = index_from_server(&doc(
            r#"{"v": 2, "key": {"at": 1}, "name": "at_1", "expireAfterSeconds": 3600.0, "sparse": true,
                "partialFilterExpression": {"b": {"$gt": 5}, "a": {"$exists": true}}}"#,
        ))
        .expect("ttl index");
        assert_eq!(ttl.expire_after_seconds, Some(3600));
        assert!(ttl.sparse);
        assert_eq!(
            ttl.partial_filter.map(|p| p.to_string()).as_deref(),
            Some(r#"{"a":{"$exists":true},"b":{"$gt":5}}"#)
        );
    }

    #[test]
    fn collections_skip_system_views_and_id_index() {
        let entry = doc(r#"{"name": "documents", "type": "collection",
                "options": {"validator": {"$jsonSchema": {"bsonType": "object", "required": ["deal_id"]}}},
                "info": {"readOnly": false}}"#);
        let c = collection_from_server(&entry, &fixture_indexes()).expect("ok").expect("managed");
        assert_eq!(c.indexes.keys().collect::<Vec<_>>(), ["content_text", "deal_id_1_content_text"]);
        let v = c.validator.expect("validator");
        assert_eq!((v.level.as_str(), v.action.as_str()), ("strict", "error"));
        assert!(collection_from_server(&doc(r#"{"name": "system.views", "type": "collection"}"#), &[])
            .expect("ok")
            .is_none());
        assert!(collection_from_server(&doc(r#"{"name": "v", "type": "view"}"#), &[]).expect("ok").is_none());
    }

    #[test]
    fn spec_text_indexes_equal_what_the_server_lists() {
        let spec = crate::mongo::spec::parse(
            "collections:\n  documents:\n    indexes:\n      - keys: { content: text }\n  by_deal:\n    indexes:\n      - keys: { deal_id: 1, filename: text, content: text }\n        name: deal_id_1_content_text\n        weights: { filename: 10 }\n        default_language: spanish\n        language_override: idioma\n",
            std::path::Path::new("s.yaml"),
            "om",
        )
        .unwrap_or_else(|e| panic!("{}", e.message));
        let c = &spec.database.collections["documents"];
        let ixs = fixture_indexes();
        assert_eq!(c.indexes["content_text"], index_from_server(&ixs[1]).expect("text index"));
        let by_deal = &spec.database.collections["by_deal"];
        assert_eq!(by_deal.indexes["deal_id_1_content_text"], index_from_server(&ixs[2]).expect("compound"));
    }

    #[test]
    fn wildcard_text_index() {
        let ix = index_from_server(&doc(
            r#"{"v": 2, "key": {"_fts": "text", "_ftsx": 1}, "name": "$**_text", "weights": {"$**": 1},
                "default_language": "english", "language_override": "language", "textIndexVersion": 3}"#,
        ))
        .expect("wildcard text index");
        assert_eq!(ix.key_pattern(), vec![("$**".to_string(), Value::from("text"))]);
        assert_eq!(crate::mongo::model::default_index_name(&ix.key_pattern()), "$**_text");
    }

    #[test]
    fn unsupported_key_values_are_reported() {
        let e = index_from_server(&doc(r#"{"key": {"a": "wildcardish"}, "name": "x"}"#)).unwrap_err();
        assert!(e.contains("index x: key a"), "{e}");
    }

    #[test]
    fn json_and_bson_round_trip() {
        let v: Value = serde_json::json!({"a": 1, "b": [1.5, "x"], "c": {"d": 10000000000i64}});
        let b = json_to_bson(&v);
        assert_eq!(bson_to_json(&b), canonical_json(&v));
        assert!(matches!(json_to_doc(v.as_object().expect("object")).get("a"), Some(Bson::Int32(1))));
    }
}
