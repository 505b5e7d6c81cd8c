//! From (spec, live) to the commands that bring the live database in line: a pure function.
//!
//! Steps run in this order: create collections, update validators (`collMod`), drop indexes,
//! create indexes, so that a changed index is dropped before it is rebuilt under the same name.
//! What the plan will not do is returned as "held back" with the reason: extra, changed or
//! renamed indexes without `--prune`; creation-time options (capped, time series, collation),
//! which MongoDB cannot change in place; and extra collections, which dbctl never drops (they
//! hold data).

use super::diff::{collection_object, index_object};
use super::model::{Collection, Index, MongoDatabase};
use super::normalize::json_to_bson;
use mongodb::bson::{Bson, Document};
use serde::Serialize;
use serde_json::Value;

/// What a step does (serialised in snake_case in JSON reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    CreateCollection,
    UpdateValidator,
    DropIndex,
    CreateIndex,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::CreateCollection => "Creating",
            Action::UpdateValidator => "Updating",
            Action::DropIndex => "Dropping",
            Action::CreateIndex => "Creating",
        }
    }
}

/// One command to run.
#[derive(Debug, Clone)]
pub struct Step {
    pub action: Action,
    /// `mongo:<db>.<collection>` or `mongo:<db>.<collection>.<index>`.
    pub object: String,
    pub collection: String,
    /// Why, for people: "missing", "changed", "extra".
    pub reason: String,
    /// The database command, exactly as sent.
    pub command: Document,
}

impl Step {
    /// The command as it would be typed in mongosh.
    pub fn shell(&self) -> String {
        format!("db.runCommand({})", fmt_bson(&Bson::Document(self.command.clone())))
    }
}

/// A difference the plan leaves alone, and why.
#[derive(Debug, Clone, Serialize)]
pub struct HeldBack {
    pub object: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    pub held_back: Vec<HeldBack>,
}

/// The plan that makes `actual` match `expected`. `prune` drops extra indexes and rebuilds
/// changed or renamed ones.
pub fn plan(expected: &MongoDatabase, actual: &MongoDatabase, prune: bool) -> Plan {
    let db = &expected.name;
    let mut p = Plan::default();
    for (name, e) in &expected.collections {
        match actual.collections.get(name) {
            None => {
                p.steps.push(Step {
                    action: Action::CreateCollection,
                    object: collection_object(db, name),
                    collection: name.clone(),
                    reason: "missing".into(),
                    command: create_command(e),
                });
                for ix in e.indexes.values() {
                    p.steps.push(create_index(db, name, ix, "missing"));
                }
            }
            Some(a) => plan_collection(db, e, a, prune, &mut p),
        }
    }
    for name in actual.collections.keys().filter(|n| !expected.collections.contains_key(*n)) {
        p.held_back.push(HeldBack {
            object: collection_object(db, name),
            reason: "extra collection: not in the spec; dbctl never drops collections (drop it by hand if unwanted)"
                .into(),
        });
    }
    // Stable execution order: by action, then object (the sort is stable within equal keys).
    p.steps.sort_by(|a, b| (a.action, &a.object).cmp(&(b.action, &b.object)));
    p
}

fn plan_collection(db: &str, e: &Collection, a: &Collection, prune: bool, p: &mut Plan) {
    let name = &e.name;
    if !super::model::options_match(&e.options, &a.options) {
        p.held_back.push(HeldBack {
            object: collection_object(db, name),
            reason: format!(
                "collection options differ (spec {}, server {}); MongoDB fixes them at creation: dump, drop and re-create the collection to change them",
                super::model::describe_options(&e.options),
                super::model::describe_options(&a.options)
            ),
        });
    }
    if e.validator != a.validator {
        let mut cmd = Document::new();
        cmd.insert("collMod", name.clone());
        match &e.validator {
            Some(v) => {
                cmd.insert("validator", json_to_bson(&v.rule));
                cmd.insert("validationLevel", v.level.clone());
                cmd.insert("validationAction", v.action.clone());
            }
            // An empty validator is how MongoDB removes one.
            None => {
                cmd.insert("validator", Document::new());
            }
        }
        p.steps.push(Step {
            action: Action::UpdateValidator,
            object: collection_object(db, name),
            collection: name.clone(),
            reason: if a.validator.is_none() { "missing".into() } else { "changed".into() },
            command: cmd,
        });
    }
    // Live indexes that will still be there after the drops of this plan.
    let mut staying: Vec<&Index> = Vec::new();
    for (iname, ai) in &a.indexes {
        let changed = e.indexes.get(iname).is_some_and(|ei| !ei.same_definition(ai));
        let extra = !e.indexes.contains_key(iname);
        if !(changed || extra) {
            staying.push(ai);
            continue;
        }
        let renamed_from = extra
            .then(|| e.indexes.values().find(|ei| !a.indexes.contains_key(&ei.name) && ei.same_definition(ai)))
            .flatten();
        let what = match (changed, renamed_from) {
            (true, _) => format!("changed (spec {}, server {})", e.indexes[iname].describe(), ai.describe()),
            (false, Some(ei)) => format!("same definition as spec index {} under another name", ei.name),
            (false, None) => format!("extra index {}", ai.describe()),
        };
        if prune {
            p.steps.push(Step {
                action: Action::DropIndex,
                object: index_object(db, name, iname),
                collection: name.clone(),
                reason: if changed { "changed".into() } else { "extra".into() },
                command: drop_index_command(name, iname),
            });
        } else {
            staying.push(ai);
            p.held_back.push(HeldBack {
                object: index_object(db, name, iname),
                reason: format!("{what}; --prune {}", if changed { "rebuilds it" } else { "drops it" }),
            });
        }
    }
    for (iname, ei) in &e.indexes {
        let present_same = a.indexes.get(iname).is_some_and(|ai| ai.same_definition(ei));
        if present_same {
            continue;
        }
        if staying.iter().any(|s| s.name == *iname) {
            continue; // changed, and held back above (no --prune)
        }
        // MongoDB refuses a second index on the same keys (and a second text index): say so
        // up front instead of letting the server refuse it.
        if let Some(blocker) = staying.iter().find(|s| s.keys == ei.keys || (s.text.is_some() && ei.text.is_some())) {
            p.held_back.push(HeldBack {
                object: index_object(db, name, iname),
                reason: format!(
                    "not created: index {} on the same keys is in the way; --prune replaces it",
                    blocker.name
                ),
            });
            continue;
        }
        let reason = if a.indexes.contains_key(iname) { "changed" } else { "missing" };
        p.steps.push(create_index(db, name, ei, reason));
    }
}

fn create_command(c: &Collection) -> Document {
    let mut cmd = Document::new();
    cmd.insert("create", c.name.clone());
    if let Some(Value::Object(capped)) = c.options.get("capped") {
        cmd.insert("capped", true);
        for (k, v) in capped {
            cmd.insert(k.clone(), json_to_bson(v));
        }
    }
    for key in ["timeseries", "collation"] {
        if let Some(v) = c.options.get(key) {
            cmd.insert(key, json_to_bson(v));
        }
    }
    if let Some(v) = &c.validator {
        cmd.insert("validator", json_to_bson(&v.rule));
        cmd.insert("validationLevel", v.level.clone());
        cmd.insert("validationAction", v.action.clone());
    }
    cmd
}

fn create_index(db: &str, coll: &str, ix: &Index, reason: &str) -> Step {
    let mut key = Document::new();
    for (f, v) in ix.key_pattern() {
        key.insert(f, json_to_bson(&v));
    }
    let mut spec = Document::new();
    spec.insert("key", key);
    spec.insert("name", ix.name.clone());
    if ix.unique {
        spec.insert("unique", true);
    }
    if ix.sparse {
        spec.insert("sparse", true);
    }
    if let Some(s) = ix.expire_after_seconds {
        spec.insert("expireAfterSeconds", json_to_bson(&Value::from(s)));
    }
    if let Some(pf) = &ix.partial_filter {
        spec.insert("partialFilterExpression", json_to_bson(pf));
    }
    if let Some(t) = &ix.text {
        // Weight 1 is MongoDB's default for a text field in the key; send only the others.
        let mut w = Document::new();
        for (f, n) in t.weights.iter().filter(|(_, n)| **n != 1) {
            w.insert(f.clone(), json_to_bson(&Value::from(*n)));
        }
        if !w.is_empty() {
            spec.insert("weights", w);
        }
        if t.default_language != super::model::DEFAULT_LANGUAGE {
            spec.insert("default_language", t.default_language.clone());
        }
        if t.language_override != super::model::DEFAULT_LANGUAGE_OVERRIDE {
            spec.insert("language_override", t.language_override.clone());
        }
    }
    let mut cmd = Document::new();
    cmd.insert("createIndexes", coll.to_string());
    cmd.insert("indexes", vec![Bson::Document(spec)]);
    Step {
        action: Action::CreateIndex,
        object: index_object(db, coll, &ix.name),
        collection: coll.to_string(),
        reason: reason.to_string(),
        command: cmd,
    }
}

fn drop_index_command(coll: &str, index: &str) -> Document {
    let mut cmd = Document::new();
    cmd.insert("dropIndexes", coll.to_string());
    cmd.insert("index", index.to_string());
    cmd
}

/// BSON as JSON text in document order (the command name must stay first).
pub fn fmt_bson(b: &Bson) -> String {
    match b {
        Bson::Document(d) => {
            let parts: Vec<String> = d.iter().map(|(k, v)| format!("{}: {}", json_str(k), fmt_bson(v))).collect();
            format!("{{{}}}", parts.join(", "))
        }
        Bson::Array(a) => format!("[{}]", a.iter().map(fmt_bson).collect::<Vec<_>>().join(", ")),
        Bson::String(s) => json_str(s),
        Bson::Int32(i) => i.to_string(),
        Bson::Int64(i) => i.to_string(),
        Bson::Boolean(x) => x.to_string(),
        Bson::Null => "null".into(),
        other => other.clone().into_relaxed_extjson().to_string(),
    }
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mongo::spec;
    use std::path::Path;

    fn db(yaml: &str) -> MongoDatabase {
        spec::parse(yaml, Path::new("s.yaml"), "om").unwrap_or_else(|e| panic!("{}", e.message)).database
    }

    fn shells(p: &Plan) -> Vec<String> {
        p.steps.iter().map(Step::shell).collect()
    }

    #[test]
    fn empty_server_gets_everything_in_order() {
        let e = db("collections:\n  d:\n    validator: {$jsonSchema: {required: [a]}}\n    indexes:\n      - keys: {content: text}\n        weights: {content: 3}\n      - keys: {a: 1}\n        unique: true\n");
        let p = plan(&e, &MongoDatabase { name: "om".into(), ..Default::default() }, false);
        assert_eq!(
            shells(&p),
            vec![
                r#"db.runCommand({"create": "d", "validator": {"$jsonSchema": {"required": ["a"]}}, "validationLevel": "strict", "validationAction": "error"})"#,
                r#"db.runCommand({"createIndexes": "d", "indexes": [{"key": {"a": 1}, "name": "a_1", "unique": true}]})"#,
                r#"db.runCommand({"createIndexes": "d", "indexes": [{"key": {"content": "text"}, "name": "content_text", "weights": {"content": 3}}]})"#,
            ]
        );
        assert!(p.held_back.is_empty());
        assert!(plan(&e, &e, true).steps.is_empty(), "nothing to do when equal");
    }

    #[test]
    fn changed_and_extra_indexes_need_prune() {
        let e =
            db("collections:\n  d:\n    indexes:\n      - keys: {a: 1}\n        unique: true\n      - keys: {b: 1}\n");
        let a = db("collections:\n  d:\n    indexes:\n      - keys: {a: 1}\n      - keys: {c: 1}\n      - keys: {b: 1}\n        name: b_custom\n  other: {}\n");
        let p = plan(&e, &a, false);
        assert!(p.steps.is_empty(), "{:?}", shells(&p));
        let held: Vec<&str> = p.held_back.iter().map(|h| h.object.as_str()).collect();
        assert_eq!(
            held,
            ["mongo:om.d.a_1", "mongo:om.d.b_custom", "mongo:om.d.c_1", "mongo:om.d.b_1", "mongo:om.other"]
        );
        let p = plan(&e, &a, true);
        let actions: Vec<(Action, &str)> = p.steps.iter().map(|s| (s.action, s.object.as_str())).collect();
        assert_eq!(
            actions,
            vec![
                (Action::DropIndex, "mongo:om.d.a_1"),
                (Action::DropIndex, "mongo:om.d.b_custom"),
                (Action::DropIndex, "mongo:om.d.c_1"),
                (Action::CreateIndex, "mongo:om.d.a_1"),
                (Action::CreateIndex, "mongo:om.d.b_1"),
            ]
        );
        assert_eq!(p.held_back.len(), 1, "extra collections stay even with --prune");
    }

    #[test]
    fn validator_changes_use_collmod() {
        let e = db("collections:\n  d:\n    validator: {a: {$exists: true}}\n    validationAction: warn\n");
        let a = db("collections:\n  d: {}\n");
        let p = plan(&e, &a, false);
        assert_eq!(
            shells(&p),
            vec![
                r#"db.runCommand({"collMod": "d", "validator": {"a": {"$exists": true}}, "validationLevel": "strict", "validationAction": "warn"})"#
            ]
        );
        assert_eq!(shells(&plan(&a, &e, false)), vec![r#"db.runCommand({"collMod": "d", "validator": {}})"#]);
    }
}
