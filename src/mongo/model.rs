//! The Mongo part of the schema model: plain, canonical data with no I/O.
//!
//! Both the spec (`mongo_indexes/<project>.yaml`) and a live server are turned into this form, so
//! comparing them is plain equality. Canonical means: documents (validators, partial filters,
//! collation) as JSON with sorted keys and integral numbers as integers; index keys in their
//! declared order but the fields of a text index folded into one [`IndexKey::Text`] entry whose
//! fields and weights live in [`TextOptions`] (that is how MongoDB itself stores them:
//! `{_fts: "text", _ftsx: 1}` plus `weights`).

use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One database's collections, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MongoDatabase {
    pub name: String,
    pub collections: BTreeMap<String, Collection>,
}

/// A collection: validator, creation-time options and secondary indexes (`_id_` is left out:
/// every collection has it and nobody can change it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Collection {
    pub name: String,
    pub validator: Option<Validator>,
    /// Options fixed at creation (`capped`, `size`, `max`, `timeseries`, `collation`), canonical.
    /// The spec lists only what it sets; see [`options_match`] for how they compare.
    pub options: BTreeMap<String, Value>,
    pub indexes: BTreeMap<String, Index>,
}

/// A validator document (usually `{$jsonSchema: ...}`) with its level and action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validator {
    pub rule: Value,
    /// `strict` (MongoDB's default), `moderate` or `off`.
    pub level: String,
    /// `error` (MongoDB's default), `warn` or `errorAndLog`.
    pub action: String,
}

impl Validator {
    /// Compact JSON for findings and messages.
    pub fn describe(&self) -> String {
        let mut m = Map::new();
        m.insert("validator".into(), self.rule.clone());
        m.insert("validationLevel".into(), Value::String(self.level.clone()));
        m.insert("validationAction".into(), Value::String(self.action.clone()));
        Value::Object(m).to_string()
    }
}

/// How one key of an index is indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum KeyKind {
    Asc,
    Desc,
    Hashed,
    Sphere2d,
    Geo2d,
}

impl KeyKind {
    /// The value in a MongoDB key pattern.
    pub fn to_json(self) -> Value {
        match self {
            KeyKind::Asc => Value::from(1),
            KeyKind::Desc => Value::from(-1),
            KeyKind::Hashed => Value::from("hashed"),
            KeyKind::Sphere2d => Value::from("2dsphere"),
            KeyKind::Geo2d => Value::from("2d"),
        }
    }

    /// The part of MongoDB's default index name for this key (`1`, `-1`, `hashed`, ...).
    pub fn name_part(self) -> &'static str {
        match self {
            KeyKind::Asc => "1",
            KeyKind::Desc => "-1",
            KeyKind::Hashed => "hashed",
            KeyKind::Sphere2d => "2dsphere",
            KeyKind::Geo2d => "2d",
        }
    }
}

/// One entry of a key pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum IndexKey {
    Field {
        name: String,
        kind: KeyKind,
    },
    /// Where the text fields sit in a (compound) text index; the fields are in [`TextOptions`].
    Text,
}

/// Text index options, with MongoDB's defaults filled in so that "left out" equals "default".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextOptions {
    /// Every text field (including `$**`) with its weight (1 unless given).
    pub weights: BTreeMap<String, i64>,
    pub default_language: String,
    pub language_override: String,
}

pub const DEFAULT_LANGUAGE: &str = "english";
pub const DEFAULT_LANGUAGE_OVERRIDE: &str = "language";

/// A secondary index in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Index {
    pub name: String,
    pub keys: Vec<IndexKey>,
    pub unique: bool,
    pub sparse: bool,
    pub expire_after_seconds: Option<i64>,
    pub partial_filter: Option<Value>,
    pub text: Option<TextOptions>,
}

impl Index {
    /// Same definition, whatever the name.
    pub fn same_definition(&self, other: &Index) -> bool {
        Index { name: String::new(), ..self.clone() } == Index { name: String::new(), ..other.clone() }
    }

    /// The key pattern as MongoDB takes it: text fields (sorted) at the text entry's place.
    pub fn key_pattern(&self) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for k in &self.keys {
            match k {
                IndexKey::Field { name, kind } => out.push((name.clone(), kind.to_json())),
                IndexKey::Text => {
                    for f in self.text.iter().flat_map(|t| t.weights.keys()) {
                        out.push((f.clone(), Value::from("text")));
                    }
                }
            }
        }
        out
    }

    /// The definition without the name, as compact JSON (the `expected`/`actual` of findings).
    pub fn describe(&self) -> String {
        let mut keys = Map::new();
        for (k, v) in self.key_pattern() {
            keys.insert(k, v);
        }
        let mut m = Map::new();
        m.insert("keys".into(), Value::Object(keys));
        if self.unique {
            m.insert("unique".into(), Value::Bool(true));
        }
        if self.sparse {
            m.insert("sparse".into(), Value::Bool(true));
        }
        if let Some(s) = self.expire_after_seconds {
            m.insert("expireAfterSeconds".into(), Value::from(s));
        }
        if let Some(p) = &self.partial_filter {
            m.insert("partialFilterExpression".into(), p.clone());
        }
        if let Some(t) = &self.text {
            let w: Map<String, Value> = t.weights.iter().map(|(k, v)| (k.clone(), Value::from(*v))).collect();
            m.insert("weights".into(), Value::Object(w));
            m.insert("default_language".into(), Value::String(t.default_language.clone()));
            m.insert("language_override".into(), Value::String(t.language_override.clone()));
        }
        Value::Object(m).to_string()
    }
}

/// MongoDB's default index name: `field_dir` pairs joined by `_` in key order
/// (`commodity_1_timestamp_-1`, `content_text`, `loc_2dsphere`).
pub fn default_index_name(pattern: &[(String, Value)]) -> String {
    pattern
        .iter()
        .map(|(f, v)| {
            let dir = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                other => other.to_string(),
            };
            format!("{f}_{dir}")
        })
        .collect::<Vec<_>>()
        .join("_")
}

/// Do the live options satisfy the spec's? Every option the spec sets must be there with the
/// same value; fields inside `timeseries`/`collation` the spec leaves out are server defaults and
/// are not compared. An option the spec does not mention at all must be absent live.
pub fn options_match(expected: &BTreeMap<String, Value>, actual: &BTreeMap<String, Value>) -> bool {
    let keys: std::collections::BTreeSet<&String> = expected.keys().chain(actual.keys()).collect();
    keys.into_iter().all(|k| match (expected.get(k), actual.get(k)) {
        (Some(e), Some(a)) => subset(e, a),
        _ => false,
    })
}

fn subset(e: &Value, a: &Value) -> bool {
    match (e, a) {
        (Value::Object(e), Value::Object(a)) => e.iter().all(|(k, v)| a.get(k).is_some_and(|av| subset(v, av))),
        _ => e == a,
    }
}

/// Options as compact JSON, for findings.
pub fn describe_options(o: &BTreeMap<String, Value>) -> String {
    Value::Object(o.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).to_string()
}

/// Canonical JSON: object keys sorted (recursively), numbers that are whole as integers.
pub fn canonical_json(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let sorted: BTreeMap<&String, Value> = m.iter().map(|(k, v)| (k, canonical_json(v))).collect();
            Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(canonical_json).collect()),
        Value::Number(n) => canonical_number(n),
        other => other.clone(),
    }
}

fn canonical_number(n: &serde_json::Number) -> Value {
    if n.is_i64() || n.is_u64() {
        return Value::Number(n.clone());
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
        _ => Value::Number(n.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_and_folds_whole_floats() {
        let v = canonical_json(&json!({"b": 1.0, "a": {"d": [2.5, 3.0], "c": "x"}}));
        assert_eq!(v.to_string(), r#"{"a":{"c":"x","d":[2.5,3]},"b":1}"#);
    }

    #[test]
    fn default_names_follow_mongodb() {
        let p = vec![("commodity".to_string(), json!(1)), ("timestamp".to_string(), json!(-1))];
        assert_eq!(default_index_name(&p), "commodity_1_timestamp_-1");
        assert_eq!(default_index_name(&[("content".into(), json!("text"))]), "content_text");
    }

    #[test]
    fn options_compare_as_subset_of_server_defaults() {
        let e: BTreeMap<String, Value> = [("collation".to_string(), json!({"locale": "fr", "strength": 2}))].into();
        let a: BTreeMap<String, Value> =
            [("collation".to_string(), json!({"locale": "fr", "strength": 2, "caseLevel": false}))].into();
        assert!(options_match(&e, &a));
        assert!(!options_match(&a, &BTreeMap::new()));
        assert!(!options_match(&BTreeMap::new(), &a));
        let other: BTreeMap<String, Value> = [("collation".to_string(), json!({"locale": "de"}))].into();
        assert!(!options_match(&e, &other));
    }
}
