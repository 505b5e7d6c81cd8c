//! `dbctl redis seed|audit` end to end, against a real redis-server and a real three-master
//! Redis Cluster started by the harness.

use crate::support::redis::{cluster, fresh_prefix, redis, RedisProject};
use std::time::{Duration, Instant};

/// Conventions of every type, with a hash-tagged pattern, and a seed key of each type.
fn spec(prefix: &str, settings: &str) -> String {
    format!(
        r#"version: 1
prefix: "{prefix}"
conventions:
  - name: session
    pattern: "session:<session_id>"
    placeholders: {{ session_id: "token" }}
    type: string
    encoding: json
    ttl: {{ min: 15m, max: 24h }}
    description: sessions
  - name: cart
    pattern: "cart:{{<user_id>}}:items"
    placeholders: {{ user_id: {{ kind: int, description: "users.id" }} }}
    type: hash
    ttl: {{ max: 7d }}
    description: cart lines, one slot per user
  - name: cart-total
    pattern: "cart:{{<user_id>}}:total"
    placeholders: {{ user_id: {{ kind: int, description: "users.id" }} }}
    type: string
    ttl: {{ max: 7d }}
    description: cart total
  - name: tags
    pattern: "tags:<deal_id:int>"
    placeholders: {{ deal_id: "deals.id" }}
    type: set
    ttl: none
    description: deal tags
  - name: board
    pattern: "board:<board>"
    placeholders: {{ board: "board name" }}
    type: sorted_set
    ttl: none
    description: leaderboards
  - name: queue
    pattern: "queue:<name>"
    placeholders: {{ name: "queue" }}
    type: list
    ttl: any
    description: work queues
  - name: events
    pattern: "events:<stream>"
    placeholders: {{ stream: "stream name" }}
    type: stream
    ttl: none
    description: event streams
seed:
  - key: "session:seeded"
    value: {{ user_id: 1, role: admin }}
    ttl: 1h
  - key: "cart:{{7}}:items"
    value: {{ sku-1: 2, sku-2: 1 }}
    ttl: 2d
  - key: "cart:{{7}}:total"
    value: "42"
    ttl: 2d
  - key: "tags:9"
    value: [iron, ore]
  - key: "board:traders"
    value: {{ alice: 10, bob: 7.5 }}
  - key: "queue:mail"
    value: [a, b, c]
  - key: "events:deals"
    value: [{{ deal: "1", op: created }}, {{ deal: "1", op: approved }}]
{settings}"#
    )
}

#[test]
fn seed_writes_every_type_and_a_second_seed_is_a_no_op() {
    let Some(srv) = redis("seed_writes_every_type") else { return };
    let db = srv.fresh_db();
    let p = RedisProject::new(&srv.url(db), &spec("", ""));
    let r = p.run(&["--json", "redis", "seed"]);
    r.code(0);
    let j = r.json();
    assert_eq!(j["seed"]["created"], 7, "{j}");
    assert_eq!(j["seed"]["registry"], "create");
    for (key, ty) in [
        ("session:seeded", "string"),
        ("cart:{7}:items", "hash"),
        ("cart:{7}:total", "string"),
        ("tags:9", "set"),
        ("board:traders", "zset"),
        ("queue:mail", "list"),
        ("events:deals", "stream"),
        ("dbctl:conventions", "hash"),
    ] {
        assert_eq!(srv.cli(db, &["TYPE", key]), ty, "{key}");
    }
    assert_eq!(srv.cli(db, &["GET", "session:seeded"]), r#"{"user_id":1,"role":"admin"}"#);
    let ttl: i64 = srv.cli(db, &["TTL", "session:seeded"]).parse().unwrap();
    assert!((3500..=3600).contains(&ttl), "ttl {ttl}");
    assert_eq!(srv.cli(db, &["TTL", "tags:9"]), "-1");
    assert_eq!(srv.cli(db, &["ZSCORE", "board:traders", "bob"]), "7.5");
    assert_eq!(srv.cli(db, &["XLEN", "events:deals"]), "2");
    // The registry is readable by applications: one field per convention, JSON.
    let reg = srv.cli(db, &["HGET", "dbctl:conventions", "cart"]);
    assert!(
        reg.contains(r#""pattern":"cart:{<user_id>}:items""#) && reg.contains(r#""hash_tag":"<user_id>""#),
        "{reg}"
    );

    // Clean seed → clean audit.
    let a = p.run(&["--json", "redis", "audit"]);
    a.code(0);
    let aj = a.json();
    assert_eq!(aj["audit"]["violations"], 0, "{aj}");
    assert_eq!(aj["audit"]["scanned"], 8);
    assert_eq!(aj["audit"]["registry"], "ok");
    assert_eq!(aj["findings"].as_array().map(|f| f.len()), Some(0), "{aj}");

    // Idempotent: nothing is created, nothing changes.
    let keys = [
        "session:seeded",
        "cart:{7}:items",
        "tags:9",
        "board:traders",
        "queue:mail",
        "events:deals",
        "dbctl:conventions",
    ];
    let dump = || keys.iter().map(|k| srv.cli(db, &["DUMP", k])).collect::<Vec<_>>();
    let before = dump();
    let r2 = p.run(&["--json", "redis", "seed"]);
    r2.code(0);
    let j2 = r2.json();
    assert_eq!(j2["seed"]["created"], 0, "{j2}");
    assert_eq!(j2["seed"]["kept"], 7);
    assert_eq!(j2["seed"]["registry"], "unchanged");
    assert_eq!(before, dump(), "a second seed changed a key");
}

#[test]
fn audit_finds_strays_missing_ttls_and_wrong_types() {
    let Some(srv) = redis("audit_finds_problems") else { return };
    let db = srv.fresh_db();
    let p = RedisProject::new(&srv.url(db), &spec("", ""));
    p.run(&["redis", "seed"]).code(0);
    srv.cli(db, &["SET", "stray:1", "x"]);
    srv.cli(db, &["SET", "session:forever", "{}"]); // required TTL missing
    srv.cli(db, &["SET", "session:long", "{}", "EX", "172800"]); // over 24h
    srv.cli(db, &["HSET", "session:hash", "a", "b"]); // wrong type (and no TTL)
    srv.cli(db, &["EXPIRE", "session:hash", "60"]);
    srv.cli(db, &["SADD", "tags:3", "x"]);
    srv.cli(db, &["EXPIRE", "tags:3", "60"]); // ttl: none, but expires
    srv.cli(db, &["SET", "tags:notanint", "x"]); // placeholder kind int: a stray
    let r = p.run(&["--json", "redis", "audit"]);
    r.code(3);
    let j = r.json();
    let findings = j["findings"].as_array().expect("findings");
    let has = |kind: &str, object: &str| findings.iter().any(|f| f["kind"] == kind && f["object"] == object);
    assert!(has("redis_unmatched_key", "redis:stray:1"), "{j}");
    assert!(has("redis_unmatched_key", "redis:tags:notanint"), "{j}");
    assert!(has("redis_missing_ttl", "redis:session:<session_id>"), "{j}");
    assert!(has("redis_ttl_out_of_range", "redis:session:<session_id>"), "{j}");
    assert!(has("redis_wrong_type", "redis:session:<session_id>"), "{j}");
    assert!(has("redis_unexpected_ttl", "redis:tags:<deal_id:int>"), "{j}");
    let wrong = findings.iter().find(|f| f["kind"] == "redis_wrong_type").expect("wrong type");
    assert!(wrong["actual"].as_str().unwrap_or("").contains("session:hash"), "{wrong}");
    assert!(findings.iter().all(|f| f["severity"] == "error"), "{j}");
    let session = &j["audit"]["conventions"][0];
    assert_eq!(session["missing_ttl"]["samples"][0], "session:forever");
    assert_eq!(j["audit"]["violations"], 6);
    // Text output names the same things, on stdout.
    let t = p.run(&["redis", "audit"]);
    t.code(3).contains("redis:stray:1").contains("session:forever").contains("Violations");
}

#[test]
fn seed_keeps_existing_keys_unless_forced_and_dry_run_changes_nothing() {
    let Some(srv) = redis("seed_force_dry_run") else { return };
    let db = srv.fresh_db();
    let p = RedisProject::new(&srv.url(db), &spec("", ""));
    srv.cli(db, &["SET", "session:seeded", "{\"mine\":true}", "EX", "600"]);
    srv.cli(db, &["SADD", "tags:9", "mine"]);
    let dry = p.run(&["redis", "seed", "--dry-run"]);
    dry.code(0).contains("would create").contains("keep      session:seeded").contains("RPUSH queue:mail");
    assert_eq!(srv.cli(db, &["DBSIZE"]), "2", "dry run wrote something");
    let r = p.run(&["--json", "redis", "seed"]);
    r.code(0);
    assert_eq!(r.json()["seed"]["kept"], 2);
    assert_eq!(srv.cli(db, &["GET", "session:seeded"]), "{\"mine\":true}");
    assert_eq!(srv.cli(db, &["SMEMBERS", "tags:9"]), "mine");
    let f = p.run(&["--json", "redis", "seed", "--force"]);
    f.code(0);
    assert_eq!(f.json()["seed"]["overwritten"], 7);
    assert_eq!(srv.cli(db, &["GET", "session:seeded"]), r#"{"user_id":1,"role":"admin"}"#);
    assert_eq!(srv.cli(db, &["SCARD", "tags:9"]), "2");
}

#[test]
fn settings_are_audited_and_applied_on_request() {
    let Some(srv) = redis("settings") else { return };
    let db = srv.fresh_db();
    // A server-wide setting: use one this test alone declares, and restore it afterwards.
    srv.cli(db, &["CONFIG", "SET", "maxmemory-samples", "5"]);
    let p = RedisProject::new(&srv.url(db), &spec("", "settings:\n  maxmemory-samples: 7\n"));
    p.run(&["redis", "seed"]).code(0).contains("--apply-config sets it");
    let a = p.run(&["--json", "redis", "audit"]);
    a.code(3);
    let j = a.json();
    assert!(
        j["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "redis_setting"
            && f["object"] == "redis:config:maxmemory-samples"
            && f["expected"] == "7"),
        "{j}"
    );
    p.run(&["redis", "seed", "--apply-config", "--dry-run"]).code(0).contains("would set");
    assert_eq!(srv.cli(db, &["CONFIG", "GET", "maxmemory-samples"]), "maxmemory-samples\n5");
    p.run(&["redis", "seed", "--apply-config"]).code(0);
    p.run(&["redis", "audit"]).code(0);
    srv.cli(db, &["CONFIG", "SET", "maxmemory-samples", "5"]);
}

#[test]
fn prefix_limits_the_audit_to_the_application_keys() {
    let Some(srv) = redis("prefix") else { return };
    let db = srv.fresh_db();
    let p = RedisProject::new(&srv.url(db), &spec("om:", ""));
    srv.cli(db, &["SET", "other-app:key", "x"]);
    p.run(&["redis", "seed"]).code(0);
    assert_eq!(srv.cli(db, &["TYPE", "om:cart:{7}:items"]), "hash");
    assert_eq!(srv.cli(db, &["TYPE", "om:dbctl:conventions"]), "hash");
    p.run(&["redis", "audit"]).code(0);
    srv.cli(db, &["SET", "om:stray", "x"]);
    p.run(&["redis", "audit"]).code(3).contains("redis:om:stray");
}

#[test]
fn spec_errors_exit_2_with_file_and_line() {
    let Some(srv) = redis("spec_errors") else { return };
    let db = srv.fresh_db();
    let good = spec("", "");
    let p = RedisProject::new(&srv.url(db), &good.replace("type: sorted_set", "type: zlist"));
    p.run(&["redis", "audit"]).code(2).contains("redis.yaml:32:").contains("unknown type \"zlist\"");
    p.spec(&good.replace("\"session:<session_id>\"", "\"session:{session_id}\""));
    p.run(&["redis", "seed"]).code(2).contains("redis.yaml:6:").contains("write <session_id>");
    p.spec(&good.replace("key: \"tags:9\"", "key: \"tag:9\""));
    p.run(&["redis", "seed"]).code(2).contains("redis.yaml:").contains("matches no convention");
    p.spec("conventions:\n  - name: x\n    patern: y\n");
    p.run(&["redis", "seed"]).code(2).contains("redis.yaml:3:");
    assert_eq!(srv.cli(db, &["DBSIZE"]), "0");
}

#[test]
fn unreachable_server_and_wrong_password_fail_fast_with_exit_1() {
    let Some(srv) = redis("connection_errors") else { return };
    let port = dbctl::sandbox::free_port().expect("port"); // nothing listens there
    let p = RedisProject::new(&format!("redis://127.0.0.1:{port}/0"), &spec("", ""));
    let t = Instant::now();
    p.run(&["redis", "audit"]).code(1).contains("cannot connect to Redis").contains("hint:");
    assert!(t.elapsed() < Duration::from_secs(5), "took {:?}", t.elapsed());
    // A non-routable address: the connect timeout, not a hang.
    let p = RedisProject::new("redis://10.255.255.1:6379/0", &spec("", ""));
    let t = Instant::now();
    p.run(&["redis", "seed"]).code(1).contains("cannot connect to Redis");
    assert!(t.elapsed() < Duration::from_secs(8), "took {:?}", t.elapsed());
    // Wrong password for an ACL user: a clear message, and the password never printed.
    srv.cli(0, &["ACL", "SETUSER", "e2e_app", "on", ">right-pass", "~*", "+@all"]);
    let p = RedisProject::new(&format!("redis://e2e_app:s3cret-wrong@127.0.0.1:{}/0", srv.port()), &spec("", ""));
    let r = p.run(&["redis", "audit"]);
    r.code(1).contains("cannot connect to Redis").contains("password");
    assert!(!r.all().contains("s3cret-wrong"), "password leaked:\n{}", r.all());
    let p = RedisProject::new(
        &format!("redis://e2e_app:right-pass@127.0.0.1:{}/{}", srv.port(), srv.fresh_db()),
        &spec("", ""),
    );
    p.run(&["redis", "seed"]).code(0);
}

#[test]
fn cluster_seed_and_audit_cover_every_master() {
    let Some(c) = cluster("cluster_seed_and_audit") else { return };
    let prefix = fresh_prefix("cl");
    // Many seed keys, so every master gets some; hash-tagged pairs share a slot.
    let mut text = spec(&prefix, "");
    for i in 100..160 {
        text.push_str(&format!("  - key: \"cart:{{{i}}}:items\"\n    value: {{ sku: 1 }}\n    ttl: 1d\n"));
        text.push_str(&format!("  - key: \"cart:{{{i}}}:total\"\n    value: \"{i}\"\n    ttl: 1d\n"));
    }
    let p = RedisProject::new(&format!("redis://127.0.0.1:{}", c.port()), &text);
    let r = p.run(&["--json", "redis", "seed"]);
    r.code(0);
    let j = r.json();
    assert_eq!(j["seed"]["cluster"], true, "{j}");
    assert_eq!(j["seed"]["created"], 127, "{j}");
    // Keys really are spread over the masters, and tagged pairs sit together.
    for port in &c.ports {
        let n: i64 = c.node_cli(*port, &["DBSIZE"]).parse().unwrap_or(0);
        assert!(n > 0, "master {port} got no keys");
    }
    let s1 = c.cluster_cli(&["CLUSTER", "KEYSLOT", &format!("{prefix}cart:{{105}}:items")]);
    let s2 = c.cluster_cli(&["CLUSTER", "KEYSLOT", &format!("{prefix}cart:{{105}}:total")]);
    assert_eq!(s1, s2);
    assert_eq!(c.cluster_cli(&["TYPE", &format!("{prefix}cart:{{105}}:items")]), "hash");
    assert_eq!(c.cluster_cli(&["GET", &format!("{prefix}cart:{{105}}:total")]), "105");

    let a = p.run(&["--json", "redis", "audit"]);
    a.code(0);
    let aj = a.json();
    assert_eq!(aj["audit"]["nodes"].as_array().map(|n| n.len()), Some(3), "{aj}");
    assert_eq!(aj["audit"]["scanned"], 128, "{aj}");

    // Plant problems on different masters.
    for i in 0..6 {
        c.cluster_cli(&["SET", &format!("{prefix}stray:{i}"), "x"]);
    }
    c.cluster_cli(&["SET", &format!("{prefix}session:nottl"), "{}"]);
    c.cluster_cli(&["SET", &format!("{prefix}cart:{{99}}:items"), "not-a-hash", "EX", "60"]);
    let a = p.run(&["--json", "redis", "audit"]);
    a.code(3);
    let aj = a.json();
    assert_eq!(aj["audit"]["unmatched"]["count"], 6, "{aj}");
    let kinds: Vec<&str> = aj["findings"].as_array().unwrap().iter().filter_map(|f| f["kind"].as_str()).collect();
    assert!(kinds.contains(&"redis_missing_ttl") && kinds.contains(&"redis_wrong_type"), "{aj}");
    // Second seed: nothing new, in the cluster too.
    let r2 = p.run(&["--json", "redis", "seed"]);
    r2.code(0);
    assert_eq!(r2.json()["seed"]["created"], 0);
}
