//! `redis audit`: classifies the live keyspace against the conventions.
//!
//! Walks every node with `SCAN` (never `KEYS`, which blocks the server), `COUNT` 1000, under the
//! spec's prefix. Each batch's `TYPE`/`PTTL` checks and the next `SCAN` go out as one pipeline,
//! so a batch costs one round trip. Memory is bounded: per-convention counters and at most
//! [`SAMPLES`] sample keys per kind of problem; keys are never collected.
//!
//! Classification is a pure function ([`Tally::record`]) so it is unit-tested without a server;
//! [`AuditReport::findings`] turns a report into drift findings (`dbctl drift` uses it).

use super::client::{bytes, int, text, Redis};
use super::seed::{config_get, read_registry, registry_fields};
use super::spec::{fmt_secs, Spec, TtlPolicy};
use crate::diff::{Finding, FindingKind};
use crate::error::Result;
use redis::Value;
use serde::Serialize;

/// Sample keys kept per convention and problem, and for keys matching no convention.
pub const SAMPLES: usize = 10;
/// Keys asked for per SCAN call.
pub const SCAN_COUNT: usize = 1000;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Problem {
    pub count: u64,
    pub samples: Vec<String>,
}

impl Problem {
    fn add(&mut self, key: &[u8]) {
        self.count += 1;
        if self.samples.len() < SAMPLES {
            self.samples.push(show_key(key));
        }
    }
}

/// Per-convention results.
#[derive(Debug, Clone, Serialize)]
pub struct ConventionAudit {
    pub name: String,
    pub pattern: String,
    #[serde(rename = "type")]
    pub key_type: &'static str,
    pub ttl: String,
    pub keys: u64,
    pub wrong_type: Problem,
    /// Types seen on wrongly typed keys (type → count).
    pub wrong_types_seen: std::collections::BTreeMap<String, u64>,
    pub missing_ttl: Problem,
    pub ttl_out_of_range: Problem,
    /// Keys of a `ttl: none` convention that expire.
    pub unexpected_ttl: Problem,
}

impl ConventionAudit {
    pub fn violations(&self) -> u64 {
        self.wrong_type.count + self.missing_ttl.count + self.ttl_out_of_range.count + self.unexpected_ttl.count
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SettingCheck {
    pub name: String,
    pub node: String,
    pub expected: String,
    pub actual: Option<String>,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    pub spec: String,
    pub prefix: String,
    pub cluster: bool,
    pub nodes: Vec<String>,
    pub scanned: u64,
    pub conventions: Vec<ConventionAudit>,
    pub unmatched: Problem,
    pub registry_key: String,
    /// `ok`, `missing`, `stale` or `wrong_type`.
    pub registry: String,
    pub settings: Vec<SettingCheck>,
    /// Error-severity problems: violating keys plus settings that differ.
    pub violations: u64,
}

/// The running counts of an audit (pure: no I/O).
pub struct Tally<'a> {
    spec: &'a Spec,
    registry: Vec<u8>,
    pub scanned: u64,
    pub conventions: Vec<ConventionAudit>,
    pub unmatched: Problem,
}

/// What a key needs checked once classified.
pub enum Need {
    /// Not ours to check (the registry key) or matches no convention (already counted).
    Nothing,
    /// Convention index: ask TYPE and PTTL.
    Check(usize),
}

impl<'a> Tally<'a> {
    pub fn new(spec: &'a Spec) -> Tally<'a> {
        let conventions = spec
            .conventions
            .iter()
            .map(|c| ConventionAudit {
                name: c.name.clone(),
                pattern: c.pattern.text.clone(),
                key_type: c.key_type.spec_name(),
                ttl: c.ttl.describe(),
                keys: 0,
                wrong_type: Problem::default(),
                wrong_types_seen: Default::default(),
                missing_ttl: Problem::default(),
                ttl_out_of_range: Problem::default(),
                unexpected_ttl: Problem::default(),
            })
            .collect();
        Tally {
            spec,
            registry: spec.registry_full_key().into_bytes(),
            scanned: 0,
            conventions,
            unmatched: Problem::default(),
        }
    }

    /// First step for a scanned key: which convention, if any.
    pub fn classify(&mut self, key: &[u8]) -> Need {
        self.scanned += 1;
        if key == self.registry.as_slice() {
            return Need::Nothing;
        }
        let rel = key.strip_prefix(self.spec.prefix.as_bytes()).unwrap_or(key);
        match self.spec.classify(rel) {
            Some(i) => Need::Check(i),
            None => {
                self.unmatched.add(key);
                Need::Nothing
            }
        }
    }

    /// Second step: the key's `TYPE` and `PTTL` replies (`PTTL` -1: no expiry, -2: gone).
    pub fn record(&mut self, conv: usize, key: &[u8], key_type: &str, pttl_ms: i64) {
        if key_type == "none" || pttl_ms == -2 {
            return; // deleted or expired between SCAN and the check
        }
        let c = &self.spec.conventions[conv];
        let a = &mut self.conventions[conv];
        a.keys += 1;
        if key_type != c.key_type.redis_name() {
            a.wrong_type.add(key);
            *a.wrong_types_seen.entry(key_type.to_string()).or_default() += 1;
        }
        match c.ttl {
            TtlPolicy::Any => {}
            TtlPolicy::None => {
                if pttl_ms >= 0 {
                    a.unexpected_ttl.add(key);
                }
            }
            TtlPolicy::Required { max, .. } => {
                if pttl_ms == -1 {
                    a.missing_ttl.add(key);
                } else if pttl_ms > (max as i64).saturating_mul(1000) {
                    a.ttl_out_of_range.add(key);
                }
            }
        }
    }
}

/// Audits the keyspace behind `r` against `spec`.
pub async fn audit(r: &mut Redis, spec: &Spec) -> Result<AuditReport> {
    let mut tally = Tally::new(spec);
    let pattern = format!("{}*", spec.prefix);
    for node in 0..r.nodes.len() {
        let mut cursor: Vec<u8> = b"0".to_vec();
        let mut reply = r.cmd_on(node, &scan_cmd(&cursor, &pattern), "SCAN").await?;
        loop {
            let (next, keys) = parse_scan(&reply);
            cursor = next;
            let done = cursor == b"0";
            let mut p = redis::pipe();
            // (convention, key, reply index of TYPE, reply index of PTTL if asked)
            let mut checks: Vec<(usize, &[u8], usize, Option<usize>)> = Vec::new();
            for k in &keys {
                if let Need::Check(c) = tally.classify(k) {
                    let at = p.len();
                    p.cmd("TYPE").arg(k.as_slice());
                    // `ttl: any` needs no PTTL: skipping it saves a third of the commands.
                    let ttl_at = (spec.conventions[c].ttl != TtlPolicy::Any).then(|| {
                        p.cmd("PTTL").arg(k.as_slice());
                        at + 1
                    });
                    checks.push((c, k.as_slice(), at, ttl_at));
                }
            }
            if !done {
                p.add_command(scan_cmd(&cursor, &pattern));
            }
            if p.is_empty() {
                break;
            }
            let out = r.pipe_on(node, &p, "SCAN/TYPE/PTTL").await?;
            for (c, k, at, ttl_at) in &checks {
                let t = out.get(*at).and_then(text).unwrap_or_default();
                let ttl = match ttl_at {
                    Some(i) => out.get(*i).and_then(int).unwrap_or(-2),
                    None => -1,
                };
                tally.record(*c, k, &t, ttl);
            }
            if done {
                break;
            }
            reply = out.into_iter().last().unwrap_or(Value::Nil);
        }
    }

    let reg_key = spec.registry_full_key();
    let registry = match read_registry(r, &reg_key).await? {
        None => "missing",
        Some((t, _)) if t != "hash" => "wrong_type",
        Some((_, have)) if have == registry_fields(spec) => "ok",
        Some(_) => "stale",
    };
    let mut settings = Vec::new();
    for (name, expected) in &spec.settings {
        for node in 0..r.nodes.len() {
            let actual = config_get(r, node, name).await?;
            let ok = actual.as_deref().map(|a| a.eq_ignore_ascii_case(expected)).unwrap_or(false);
            settings.push(SettingCheck {
                name: name.clone(),
                node: r.nodes[node].addr(),
                expected: expected.clone(),
                actual,
                ok,
            });
        }
    }
    let violations = tally.conventions.iter().map(|c| c.violations()).sum::<u64>()
        + tally.unmatched.count
        + settings.iter().filter(|s| !s.ok).count() as u64;
    Ok(AuditReport {
        spec: spec.file.display().to_string(),
        prefix: spec.prefix.clone(),
        cluster: r.is_cluster(),
        nodes: r.nodes.iter().map(|n| n.addr()).collect(),
        scanned: tally.scanned,
        conventions: tally.conventions,
        unmatched: tally.unmatched,
        registry_key: reg_key,
        registry: registry.into(),
        settings,
        violations,
    })
}

fn scan_cmd(cursor: &[u8], pattern: &str) -> redis::Cmd {
    let mut c = redis::cmd("SCAN");
    c.arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(SCAN_COUNT);
    c
}

fn parse_scan(v: &Value) -> (Vec<u8>, Vec<Vec<u8>>) {
    let Value::Array(items) = v else { return (b"0".to_vec(), Vec::new()) };
    let cursor = items.first().and_then(bytes).map(|b| b.to_vec()).unwrap_or_else(|| b"0".to_vec());
    let keys = match items.get(1) {
        Some(Value::Array(ks)) => ks.iter().filter_map(|k| bytes(k).map(|b| b.to_vec())).collect(),
        _ => Vec::new(),
    };
    (cursor, keys)
}

/// A key for people: UTF-8 as is, other bytes escaped.
pub fn show_key(k: &[u8]) -> String {
    match std::str::from_utf8(k) {
        Ok(s) => s.to_string(),
        Err(_) => k
            .iter()
            .map(|&b| if b.is_ascii_graphic() { (b as char).to_string() } else { format!("\\x{b:02x}") })
            .collect(),
    }
}

impl AuditReport {
    /// The report as drift findings, in a stable order.
    pub fn findings(&self, spec: &Spec) -> Vec<Finding> {
        let mut out = Vec::new();
        // Severity comes from the kind (one table in diff::finding), so it cannot disagree.
        let f = |kind: FindingKind, object: String, expected: String, actual: String| {
            Finding::new(kind, object, Some(expected), Some(actual))
        };
        for (c, a) in spec.conventions.iter().zip(&self.conventions) {
            let obj = format!("redis:{}{}", spec.prefix, c.pattern.text);
            let eg = |p: &Problem| {
                let more = if p.count as usize > p.samples.len() { ", ..." } else { "" };
                format!("{} key(s), e.g. {}{more}", p.count, p.samples.join(", "))
            };
            if a.wrong_type.count > 0 {
                let seen: Vec<String> = a.wrong_types_seen.iter().map(|(t, n)| format!("{n} {t}")).collect();
                out.push(f(
                    FindingKind::RedisWrongType,
                    obj.clone(),
                    format!("type {}", c.key_type.redis_name()),
                    format!("{} ({})", eg(&a.wrong_type), seen.join(", ")),
                ));
            }
            if let TtlPolicy::Required { max, .. } = c.ttl {
                if a.missing_ttl.count > 0 {
                    out.push(f(
                        FindingKind::RedisMissingTtl,
                        obj.clone(),
                        format!("a TTL of at most {}", fmt_secs(max)),
                        format!("no TTL on {}", eg(&a.missing_ttl)),
                    ));
                }
                if a.ttl_out_of_range.count > 0 {
                    out.push(f(
                        FindingKind::RedisTtlOutOfRange,
                        obj.clone(),
                        format!("a TTL of at most {}", fmt_secs(max)),
                        format!("longer TTL on {}", eg(&a.ttl_out_of_range)),
                    ));
                }
            }
            if a.unexpected_ttl.count > 0 {
                out.push(f(
                    FindingKind::RedisUnexpectedTtl,
                    obj.clone(),
                    "no TTL (the key must not expire)".into(),
                    format!("a TTL on {}", eg(&a.unexpected_ttl)),
                ));
            }
        }
        for k in &self.unmatched.samples {
            out.push(f(
                FindingKind::RedisUnmatchedKey,
                format!("redis:{k}"),
                "a key matching one of the conventions".into(),
                "matches no convention".into(),
            ));
        }
        let rest = self.unmatched.count.saturating_sub(self.unmatched.samples.len() as u64);
        if rest > 0 {
            out.push(f(
                FindingKind::RedisUnmatchedKey,
                format!("redis:{}*", spec.prefix),
                "keys matching the conventions".into(),
                format!("{rest} more key(s) match no convention"),
            ));
        }
        for s in self.settings.iter().filter(|s| !s.ok) {
            out.push(f(
                FindingKind::RedisSetting,
                format!("redis:config:{}", s.name),
                s.expected.clone(),
                format!("{} on {}", s.actual.as_deref().unwrap_or("(unknown setting)"), s.node),
            ));
        }
        if self.registry != "ok" {
            out.push(f(
                FindingKind::RedisRegistry,
                format!("redis:{}", self.registry_key),
                "the conventions registry, as in the spec".into(),
                format!("{} (run dbctl redis seed)", self.registry),
            ));
        }
        out.sort();
        out
    }
}

/// The Redis part of `dbctl drift`: connect, audit, and return findings.
pub async fn drift(url: &crate::redact::Redacted, spec: &Spec) -> Result<Vec<Finding>> {
    let mut r = Redis::connect(url).await?;
    let report = audit(&mut r, spec).await?;
    Ok(report.findings(spec))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn spec() -> Spec {
        super::super::spec::parse(
            r#"prefix: "app:"
conventions:
  - name: session
    pattern: "session:<id>"
    placeholders: { id: "token" }
    type: string
    ttl: { max: 24h }
    description: sessions
  - name: flags
    pattern: "flags"
    type: hash
    ttl: none
    description: feature flags
"#,
            Path::new("t.yaml"),
        )
        .unwrap()
    }

    #[test]
    fn classifies_and_counts_problems() {
        let s = spec();
        let mut t = Tally::new(&s);
        let check = |t: &mut Tally, key: &[u8], ty: &str, ttl: i64| match t.classify(key) {
            Need::Check(c) => t.record(c, key, ty, ttl),
            Need::Nothing => {}
        };
        check(&mut t, b"app:session:a", "string", 1000);
        check(&mut t, b"app:session:b", "string", -1);
        check(&mut t, b"app:session:c", "string", 90_000_000);
        check(&mut t, b"app:session:d", "hash", 5);
        check(&mut t, b"app:session:e", "none", -2);
        check(&mut t, b"app:flags", "hash", 5000);
        check(&mut t, b"app:stray", "string", -1);
        check(&mut t, b"app:dbctl:conventions", "hash", -1);
        assert_eq!(t.scanned, 8);
        assert_eq!(t.conventions[0].keys, 4);
        assert_eq!(t.conventions[0].missing_ttl.samples, ["app:session:b"]);
        assert_eq!(t.conventions[0].ttl_out_of_range.count, 1);
        assert_eq!(t.conventions[0].wrong_type.samples, ["app:session:d"]);
        assert_eq!(t.conventions[1].unexpected_ttl.count, 1);
        assert_eq!(t.unmatched.samples, ["app:stray"]);
    }

    #[test]
    fn samples_are_bounded() {
        let s = spec();
        let mut t = Tally::new(&s);
        for i in 0..1000 {
            let _ = t.classify(format!("app:x{i}").as_bytes());
        }
        assert_eq!(t.unmatched.count, 1000);
        assert_eq!(t.unmatched.samples.len(), SAMPLES);
    }

    #[test]
    fn shows_binary_keys_escaped() {
        assert_eq!(show_key(b"a\xff:b"), "a\\xff:b");
    }
}
