//! `redis seed`: the registry of conventions, the seed keys, and (on request) server settings.
//!
//! Safety: an existing key is never overwritten unless `force`. String keys are written with
//! `SET ... NX` (one round of commands, and no window between checking and writing); other types
//! are checked with `EXISTS` first. The registry key is dbctl's own and is brought up to date
//! (fields set, then stale fields removed, so a reader never sees it empty); an identical registry
//! is left alone, so a second seed writes nothing. Everything is pipelined per node.

use super::client::{int, text, Redis};
use super::spec::{SeedKey, SeedValue, Spec, TtlPolicy};
use crate::error::{Error, Result};
use redis::{Cmd, Value};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// Commands per pipeline: large enough to amortise round trips, small enough to bound memory.
const CHUNK: usize = 4000;

/// What happened (or, in a dry run, would happen) to one seed key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyAction {
    Create,
    /// Exists; left as it is.
    Keep,
    /// Exists; replaced because of `--force`.
    Overwrite,
    /// Written with `--force` without checking whether it existed (string keys).
    Write,
}

#[derive(Debug, Clone, Serialize)]
pub struct SettingAction {
    pub name: String,
    pub node: String,
    pub expected: String,
    pub actual: Option<String>,
    /// `ok`, `set`, `would_set` (dry run), or `differs` (without --apply-config).
    pub action: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeedReport {
    pub dry_run: bool,
    pub cluster: bool,
    pub registry_key: String,
    /// `create`, `update`, `unchanged`.
    pub registry: String,
    pub created: usize,
    pub kept: usize,
    pub overwritten: usize,
    /// Per key, in spec order (dry runs and small seeds; capped for large ones).
    pub keys: Vec<KeyLine>,
    pub keys_total: usize,
    pub settings: Vec<SettingAction>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyLine {
    pub key: String,
    pub action: KeyAction,
    /// The command(s) that do it, with values shortened.
    pub command: String,
}

/// How many key lines a report lists.
pub const MAX_KEY_LINES: usize = 200;

pub struct Options {
    pub dry_run: bool,
    pub force: bool,
    pub apply_config: bool,
}

/// The registry hash: one field per convention (JSON), plus `_dbctl` describing the file.
pub fn registry_fields(spec: &Spec) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for c in &spec.conventions {
        let ttl = match c.ttl {
            TtlPolicy::None => json!({"policy": "none"}),
            TtlPolicy::Any => json!({"policy": "any"}),
            TtlPolicy::Required { min, max } => json!({"policy": "required", "min_seconds": min, "max_seconds": max}),
        };
        let placeholders: serde_json::Map<String, serde_json::Value> = c
            .placeholders
            .iter()
            .map(|p| (p.name.clone(), json!({"kind": p.kind.as_str(), "description": p.description})))
            .collect();
        let v = json!({
            "pattern": c.pattern.text,
            "placeholders": placeholders,
            "type": c.key_type.spec_name(),
            "encoding": c.encoding,
            "ttl": ttl,
            "hash_tag": c.pattern.hash_tag(),
            "description": c.description,
        });
        out.insert(c.name.clone(), v.to_string());
    }
    let order: Vec<&str> = spec.conventions.iter().map(|c| c.name.as_str()).collect();
    out.insert(
        "_dbctl".into(),
        json!({"format": 1, "prefix": spec.prefix, "order": order, "note": "written by dbctl redis seed; edit the conventions file, not this key"})
            .to_string(),
    );
    out
}

/// Reads the registry: `None` when absent; an error when the key holds something else.
pub async fn read_registry(r: &mut Redis, key: &str) -> Result<Option<(String, BTreeMap<String, String>)>> {
    let node = r.node_of(key.as_bytes());
    // HGETALL on a non-hash is an error reply, which would fail the pipeline: ask TYPE alone first.
    let t = r.cmd_on(node, redis::cmd("TYPE").arg(key), "TYPE").await?;
    let t = text(&t).unwrap_or_default();
    if t == "none" {
        return Ok(None);
    }
    if t != "hash" {
        return Ok(Some((t, BTreeMap::new())));
    }
    let v = r.cmd_on(node, redis::cmd("HGETALL").arg(key), "HGETALL").await?;
    let mut map = BTreeMap::new();
    match v {
        Value::Array(items) => {
            for pair in items.chunks(2) {
                if let [k, v] = pair {
                    map.insert(text(k).unwrap_or_default(), text(v).unwrap_or_default());
                }
            }
        }
        Value::Map(items) => {
            for (k, v) in items {
                map.insert(text(&k).unwrap_or_default(), text(&v).unwrap_or_default());
            }
        }
        _ => {}
    }
    Ok(Some(("hash".into(), map)))
}

/// Seeds the registry and the seed keys, and checks (or applies) settings.
pub async fn seed(r: &mut Redis, spec: &Spec, o: &Options) -> Result<SeedReport> {
    let reg_key = spec.registry_full_key();
    let want = registry_fields(spec);
    let registry = match read_registry(r, &reg_key).await? {
        None => "create",
        Some((t, _)) if t != "hash" => {
            if !o.force {
                return Err(Error::runtime(format!(
                    "{}: registry key {reg_key:?} holds a {t}, not dbctl's registry hash",
                    r.url()
                ))
                .with_hint(
                    "rename or delete that key, set another `registry:` in the conventions file, or pass --force",
                ));
            }
            "update"
        }
        Some((_, have)) if have == want => "unchanged",
        Some(_) => "update",
    };
    if !o.dry_run && registry != "unchanged" {
        write_registry(r, &reg_key, &want, o.force).await?;
    }

    let actions = key_actions(r, spec, o).await?;
    let mut report = SeedReport {
        dry_run: o.dry_run,
        cluster: r.is_cluster(),
        registry_key: reg_key,
        registry: registry.into(),
        created: 0,
        kept: 0,
        overwritten: 0,
        keys: Vec::new(),
        keys_total: spec.seeds.len(),
        settings: Vec::new(),
    };
    for (s, a) in spec.seeds.iter().zip(&actions) {
        match a {
            KeyAction::Create => report.created += 1,
            KeyAction::Keep => report.kept += 1,
            KeyAction::Overwrite | KeyAction::Write => report.overwritten += 1,
        }
        if report.keys.len() < MAX_KEY_LINES {
            report.keys.push(KeyLine {
                key: format!("{}{}", spec.prefix, s.key),
                action: *a,
                command: describe(spec, s, *a),
            });
        }
    }
    report.settings = settings(r, spec, o).await?;
    Ok(report)
}

async fn write_registry(r: &mut Redis, key: &str, want: &BTreeMap<String, String>, force: bool) -> Result<()> {
    let node = r.node_of(key.as_bytes());
    let mut p = redis::pipe();
    if force {
        if let Some((t, _)) = read_registry(r, key).await? {
            if t != "hash" {
                p.cmd("DEL").arg(key).ignore();
            }
        }
    }
    let mut hset = redis::cmd("HSET");
    hset.arg(key);
    for (f, v) in want {
        hset.arg(f).arg(v);
    }
    p.add_command(hset).ignore();
    r.pipe_on(node, &p, "HSET (registry)").await?;
    // Remove fields of conventions that are gone (after the HSET, so the hash is never empty).
    if let Some((_, have)) = read_registry(r, key).await? {
        let stale: Vec<&String> = have.keys().filter(|k| !want.contains_key(*k)).collect();
        if !stale.is_empty() {
            r.cmd_on(node, redis::cmd("HDEL").arg(key).arg(stale), "HDEL (registry)").await?;
        }
    }
    Ok(())
}

/// Decides, and unless dry-run performs, the write of every seed key.
async fn key_actions(r: &mut Redis, spec: &Spec, o: &Options) -> Result<Vec<KeyAction>> {
    let n = spec.seeds.len();
    let mut actions = vec![KeyAction::Keep; n];
    let full: Vec<String> = spec.seeds.iter().map(|s| format!("{}{}", spec.prefix, s.key)).collect();
    let nodes: Vec<usize> = full.iter().map(|k| r.node_of(k.as_bytes())).collect();

    // Which keys exist: needed for a dry run, and for non-string keys (strings use SET NX).
    let mut exists = vec![None::<bool>; n];
    let need_check: Vec<usize> =
        (0..n).filter(|&i| o.dry_run || !matches!(spec.seeds[i].value, SeedValue::String(_))).collect();
    for node in 0..r.nodes.len() {
        let idx: Vec<usize> = need_check.iter().copied().filter(|&i| nodes[i] == node).collect();
        for chunk in idx.chunks(CHUNK) {
            let mut p = redis::pipe();
            for &i in chunk {
                p.cmd("EXISTS").arg(&full[i]);
            }
            let out = r.pipe_on(node, &p, "EXISTS").await?;
            for (&i, v) in chunk.iter().zip(out) {
                exists[i] = Some(int(&v).unwrap_or(0) > 0);
            }
        }
    }

    for i in 0..n {
        actions[i] = match (exists[i], o.force) {
            (Some(true), false) => KeyAction::Keep,
            (Some(true), true) => KeyAction::Overwrite,
            (Some(false), _) => KeyAction::Create,
            (None, true) => KeyAction::Write,
            (None, false) => KeyAction::Create, // SET NX; corrected from its reply below
        };
    }
    if o.dry_run {
        return Ok(actions);
    }

    for node in 0..r.nodes.len() {
        let idx: Vec<usize> = (0..n).filter(|&i| nodes[i] == node && actions[i] != KeyAction::Keep).collect();
        // Commands per key vary (a stream has one XADD per entry), so chunk by key count.
        for chunk in idx.chunks(CHUNK / 2) {
            let mut p = redis::pipe();
            // For each key, the index of the reply that tells whether SET NX wrote (strings).
            let mut nx_reply: Vec<(usize, usize)> = Vec::new();
            for &i in chunk {
                let s = &spec.seeds[i];
                for (c, probe) in commands(&full[i], s, actions[i]) {
                    if probe {
                        nx_reply.push((i, p.len()));
                    }
                    p.add_command(c);
                }
            }
            let out = r.pipe_on(node, &p, "seed write").await?;
            for (i, at) in nx_reply {
                if matches!(out.get(at), Some(Value::Nil) | None) {
                    actions[i] = KeyAction::Keep;
                }
            }
        }
    }
    Ok(actions)
}

/// The commands that write one key; the flag marks the reply that says whether `SET NX` wrote.
fn commands(key: &str, s: &SeedKey, action: KeyAction) -> Vec<(Cmd, bool)> {
    let mut out = Vec::new();
    let replace = matches!(action, KeyAction::Overwrite | KeyAction::Write);
    if let SeedValue::String(v) = &s.value {
        let mut c = redis::cmd("SET");
        c.arg(key).arg(v);
        if let Some(t) = s.ttl {
            c.arg("EX").arg(t);
        }
        if !replace {
            c.arg("NX");
        }
        out.push((c, !replace));
        return out;
    }
    if replace {
        out.push((redis::cmd("DEL").arg(key).clone(), false));
    }
    match &s.value {
        SeedValue::String(_) => {}
        SeedValue::Hash(fields) => {
            let mut c = redis::cmd("HSET");
            c.arg(key);
            for (f, v) in fields {
                c.arg(f).arg(v);
            }
            out.push((c, false));
        }
        SeedValue::Set(m) => out.push((redis::cmd("SADD").arg(key).arg(m).clone(), false)),
        SeedValue::List(m) => out.push((redis::cmd("RPUSH").arg(key).arg(m).clone(), false)),
        SeedValue::SortedSet(m) => {
            let mut c = redis::cmd("ZADD");
            c.arg(key);
            for (member, score) in m {
                c.arg(*score).arg(member);
            }
            out.push((c, false));
        }
        SeedValue::Stream(entries) => {
            for e in entries {
                let mut c = redis::cmd("XADD");
                c.arg(key).arg("*");
                for (f, v) in e {
                    c.arg(f).arg(v);
                }
                out.push((c, false));
            }
        }
    }
    if let Some(t) = s.ttl {
        out.push((redis::cmd("EXPIRE").arg(key).arg(t).clone(), false));
    }
    out
}

/// A readable form of the commands for one key (values shortened).
fn describe(spec: &Spec, s: &SeedKey, a: KeyAction) -> String {
    let key = format!("{}{}", spec.prefix, s.key);
    if a == KeyAction::Keep {
        return "(exists; kept; --force replaces it)".into();
    }
    let ttl = s.ttl.map(|t| format!(" EX {t}")).unwrap_or_default();
    let replace = matches!(a, KeyAction::Overwrite | KeyAction::Write);
    let del = if replace && !matches!(s.value, SeedValue::String(_)) { format!("DEL {key}; ") } else { String::new() };
    let body = match &s.value {
        SeedValue::String(v) => format!("SET {key} {}{ttl}{}", short(v), if replace { "" } else { " NX" }),
        SeedValue::Hash(f) => format!("HSET {key} <{} fields>", f.len()),
        SeedValue::Set(m) => format!("SADD {key} <{} members>", m.len()),
        SeedValue::List(m) => format!("RPUSH {key} <{} items>", m.len()),
        SeedValue::SortedSet(m) => format!("ZADD {key} <{} members>", m.len()),
        SeedValue::Stream(e) => format!("XADD {key} * <{} entries>", e.len()),
    };
    let expire = match (&s.value, s.ttl) {
        (SeedValue::String(_), _) | (_, None) => String::new(),
        (_, Some(t)) => format!("; EXPIRE {key} {t}"),
    };
    format!("{del}{body}{expire}")
}

fn short(v: &str) -> String {
    if v.len() <= 40 {
        format!("{v:?}")
    } else {
        format!("<{} bytes>", v.len())
    }
}

async fn settings(r: &mut Redis, spec: &Spec, o: &Options) -> Result<Vec<SettingAction>> {
    let mut out = Vec::new();
    for (name, expected) in &spec.settings {
        for node in 0..r.nodes.len() {
            let actual = config_get(r, node, name).await?;
            let same = actual.as_deref().map(|a| a.eq_ignore_ascii_case(expected)).unwrap_or(false);
            let action = if same {
                "ok"
            } else if !o.apply_config {
                "differs"
            } else if o.dry_run {
                "would_set"
            } else {
                r.cmd_on(node, redis::cmd("CONFIG").arg("SET").arg(name).arg(expected), "CONFIG SET").await?;
                "set"
            };
            out.push(SettingAction {
                name: name.clone(),
                node: r.nodes[node].addr(),
                expected: expected.clone(),
                actual,
                action: action.into(),
            });
        }
    }
    Ok(out)
}

/// `CONFIG GET name` on one node (`None` when the server does not know the setting).
pub async fn config_get(r: &mut Redis, node: usize, name: &str) -> Result<Option<String>> {
    let v = r.cmd_on(node, redis::cmd("CONFIG").arg("GET").arg(name), "CONFIG GET").await?;
    Ok(match v {
        Value::Array(items) => items.get(1).and_then(text),
        Value::Map(items) => items.first().and_then(|(_, v)| text(v)),
        _ => None,
    })
}
