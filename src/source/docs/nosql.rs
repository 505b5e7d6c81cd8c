//! MongoDB and Redis parts of a document, read into plain structs with their lines for the Mongo
//! and Redis checks: collection examples (` ```javascript ` / ` ```json ` objects), `createIndex`
//! lines, and Redis key formats (``Format: `session:{id} -> {data}` `` or a Pattern/Type/TTL table).

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A documented collection and the fields its example document shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MongoCollectionDoc {
    pub name: String,
    pub line: u32,
    /// Dotted paths of the example's fields (`price_data.volume`), with their lines.
    pub fields: Vec<(String, u32)>,
}

/// `db.<collection>.createIndex({keys}, {options})`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MongoIndexDoc {
    pub collection: String,
    /// Keys in order, with their values (`1`, `-1`, `"text"`, ...).
    pub keys: Vec<(String, serde_json::Value)>,
    pub options: Option<serde_json::Value>,
    pub line: u32,
}

/// A documented Redis key format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedisKeyDoc {
    /// The pattern as written, e.g. `session:{session_id}`.
    pub pattern: String,
    /// What the value holds (`{user_data}`), or the table's Type column.
    pub value: Option<String>,
    pub ttl: Option<String>,
    pub line: u32,
}

/// A JSON object whose key order is kept (index keys are ordered).
struct Ordered(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, serde_json::Value>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// `createIndex` calls in a JavaScript block starting on document line `line`.
pub fn indexes(text: &str, line: u32, problems: &mut Vec<(u32, String)>) -> Vec<MongoIndexDoc> {
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let ln = line + u32::try_from(i).unwrap_or(0);
        let l = l.trim();
        let Some(rest) = l.strip_prefix("db.") else { continue };
        let Some(p) = rest.find(".createIndex(") else { continue };
        let collection = rest[..p].to_string();
        let args = rest[p + ".createIndex(".len()..].trim_end().trim_end_matches(';').trim_end();
        let args = args.strip_suffix(')').unwrap_or(args);
        let mut stream = serde_json::Deserializer::from_str(args).into_iter::<Ordered>();
        match stream
            .next()
            .unwrap_or_else(|| Ordered::deserialize(serde_json::Value::Null).map_err(serde::de::Error::custom))
        {
            Ok(Ordered(keys)) => {
                let rest = args[stream.byte_offset()..].trim_start().trim_start_matches(',').trim();
                let options = if rest.is_empty() { None } else { serde_json::from_str(rest).ok() };
                out.push(MongoIndexDoc { collection, keys, options, line: ln });
            }
            Err(e) => problems.push((ln, format!("cannot read the createIndex keys of {collection}: {e}"))),
        }
    }
    out
}

/// The collection example of a block: named by a `// <name> collection` comment or by the
/// heading (`Collection: <name>`); fields from `"key":` lines, nested by braces.
pub fn collection(text: &str, line: u32, heading: Option<&str>) -> Option<MongoCollectionDoc> {
    let mut name = heading.map(str::to_string);
    let mut fields = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut started = false;
    for (i, l) in text.lines().enumerate() {
        let ln = line + u32::try_from(i).unwrap_or(0);
        let t = l.trim();
        if let Some(c) = t.strip_prefix("//") {
            if let Some(n) = c.trim().strip_suffix(" collection") {
                name = Some(n.trim().to_string());
            }
            continue;
        }
        if t.starts_with("db.") {
            return None;
        }
        let code = t.split(" //").next().unwrap_or(t);
        if let Some(rest) = code.strip_prefix('"') {
            if let Some(end) = rest.find("\":") {
                let key = &rest[..end];
                let full = if path.is_empty() { key.to_string() } else { format!("{}.{key}", path.join(".")) };
                fields.push((full, ln));
                let value = rest[end + 2..].trim();
                if value.starts_with('{') && !value.contains('}') {
                    path.push(key.to_string());
                }
            }
        }
        for c in code.chars() {
            match c {
                '{' => {
                    depth += 1;
                    started = true;
                }
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        while path.len() + 1 > depth && !path.is_empty() {
            path.pop();
        }
    }
    let name = name?;
    started.then_some(MongoCollectionDoc { name, line, fields })
}

/// ``Format: `pattern -> value` `` in a list item or paragraph.
pub fn redis_format(text: &str, line: u32) -> Option<RedisKeyDoc> {
    let p = text.find("Format:")?;
    let code = text[p..].split('`').nth(1)?;
    let (pattern, value) = match code.split_once("->") {
        Some((k, v)) => (k.trim().to_string(), Some(v.trim().to_string())),
        None => (code.trim().to_string(), None),
    };
    Some(RedisKeyDoc { pattern, value, ttl: None, line })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mongo_and_redis() {
        let mut problems = Vec::new();
        let ix = indexes(
            "// x\ndb.docs.createIndex({\"b\": 1, \"a\": -1}, {\"unique\": true})\ndb.docs.createIndex({bad",
            7,
            &mut problems,
        );
        assert_eq!(ix.len(), 1);
        assert_eq!(ix[0].keys[0].0, "b");
        assert_eq!(ix[0].line, 8);
        assert_eq!(ix[0].options, Some(serde_json::json!({"unique": true})));
        assert_eq!(problems.len(), 1);
        let c = collection(
            "// docs collection\n{\n  \"_id\": ObjectId,\n  \"meta\": {\n    \"a\": 1\n  },\n  \"b\": 2\n}\n",
            3,
            None,
        );
        let c = c.expect("collection");
        assert_eq!(c.name, "docs");
        let f: Vec<&str> = c.fields.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(f, ["_id", "meta", "meta.a", "b"]);
        let r = redis_format("User session data\nFormat: `session:{session_id} -> {user_data}`", 4).expect("format");
        assert_eq!(r.pattern, "session:{session_id}");
        assert_eq!(r.value.as_deref(), Some("{user_data}"));
    }
}
