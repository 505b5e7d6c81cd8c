//! The five platforms through the real `dbctl.yaml`: up, a second up that changes nothing,
//! `verify`, no drift, `down --all`, every documented table present, and the documented facts in
//! `tests/platforms/<project>.facts.sql` true against the live catalog.

use crate::support::*;
use std::collections::BTreeMap;

struct Platform {
    name: &'static str,
    dbs: BTreeMap<&'static str, TestDb>,
    /// Extra environment: Redis for the platforms that have it.
    env: Vec<(&'static str, String)>,
}

impl Platform {
    fn new(name: &'static str) -> Platform {
        let dbs = platform_url_vars(name).into_iter().map(|(db, _)| (db, fresh_db(&format!("{name}_{db}")))).collect();
        let mut env = Vec::new();
        if name == "openmineral" {
            let srv = crate::support::redis::platform_server("platforms::openmineral")
                .expect("redis-server is needed for OpenMineral's key conventions");
            env.push(("OPENMINERAL_REDIS_URL", srv.url(srv.fresh_db())));
        }
        Platform { name, dbs, env }
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut c = dbctl();
        c.current_dir(repo()).arg("--config").arg(repo().join("dbctl.yaml")).arg("-p").arg(self.name).args(args);
        for (db, var) in platform_url_vars(self.name) {
            c.env(var, &self.dbs[db].url);
        }
        // OpenMineral's MongoDB goes on the harness's Mongo-wire server, never on a sandbox.
        if self.name == "openmineral" {
            if let Some(m) = crate::support::mongo::mongo("platforms::openmineral (MongoDB part)") {
                c.env("OPENMINERAL_MONGO_URL", m.server.url());
            }
        }
        for (k, v) in &self.env {
            c.env(k, v);
        }
        Run::from(c.output().expect("run dbctl"))
    }
}

/// (database, description, query) from a facts file.
fn facts(project: &str) -> Vec<(String, String, String)> {
    let path = repo().join(format!("tests/platforms/{project}.facts.sql"));
    let text = std::fs::read_to_string(&path).expect("facts file");
    let mut out = Vec::new();
    let mut db = String::from("main");
    let mut current: Option<(String, String)> = None;
    let flush = |cur: &mut Option<(String, String)>, db: &str, out: &mut Vec<(String, String, String)>| {
        if let Some((desc, body)) = cur.take() {
            let stmts = dbctl::migrate::split::split(&body);
            assert_eq!(stmts.len(), 1, "fact {desc:?} must be exactly one query");
            out.push((db.to_string(), desc, stmts[0].sql.to_string()));
        }
    };
    for line in text.lines() {
        if let Some(d) = line.strip_prefix("-- database:") {
            flush(&mut current, &db, &mut out);
            db = d.trim().to_string();
        } else if let Some(f) = line.strip_prefix("-- fact:") {
            flush(&mut current, &db, &mut out);
            current = Some((f.trim().to_string(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    flush(&mut current, &db, &mut out);
    out
}

fn documented_tables(project: &str) -> Vec<(String, String)> {
    let path = repo().join(format!("tests/platforms/{project}.tables"));
    std::fs::read_to_string(&path)
        .expect("tables file")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (db, t) = l.trim().split_once(' ').expect("`<database> <table>`");
            (db.to_string(), t.trim().to_string())
        })
        .collect()
}

fn check_platform(name: &'static str) {
    let p = Platform::new(name);
    let r = p.run(&["migrate", "up"]);
    r.code(0);
    let dumps: Vec<String> = p.dbs.values().map(schema_dump).collect();

    // A second run applies nothing and changes nothing.
    p.run(&["migrate", "up"]).code(0).contains("Up to date");
    assert_eq!(dumps, p.dbs.values().map(schema_dump).collect::<Vec<_>>());
    p.run(&["migrate", "status", "--check"]).code(0);

    // Every rollback restores the schema exactly, and the live databases match their migrations.
    let dev = pg().url("postgres");
    p.run(&["migrate", "verify", "--dev-url", &dev]).code(0);
    if !p.env.is_empty() {
        p.run(&["redis", "seed", "--apply-config"]).code(0);
    }
    let mongo = if name == "openmineral" { crate::support::mongo::mongo(name) } else { None };
    match (name, mongo) {
        ("openmineral", Some(m)) if m.is_secantus() => {
            // SecantusDB has no text indexes: the one on documents.content is not sent,
            // everything else is applied, and drift names exactly that index, as a warning.
            p.run(&["mongo", "apply"]).code(0).contains("content_text skipped");
            let r = p.run(&["drift", "--dev-url", &dev, "--format", "json"]);
            r.code(0);
            let objects: Vec<String> = r.json()["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| {
                    let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
                    format!("{} {} {}", s("severity"), s("kind"), s("object"))
                })
                .collect();
            assert_eq!(objects, ["warning missing_index mongo:openmineral.documents.content_text"]);
        }
        ("openmineral", Some(_)) => {
            p.run(&["mongo", "apply"]).code(0);
            p.run(&["drift", "--dev-url", &dev]).code(0).contains("no drift");
        }
        _ => {
            p.run(&["drift", "--dev-url", &dev]).code(0).contains("no drift");
        }
    }

    let tables = documented_tables(name);
    assert!(!tables.is_empty());
    for (db, table) in &tables {
        let found = query_one(&p.dbs[db.as_str()], &format!("SELECT to_regclass('public.\"{table}\"')::text"));
        assert!(found.is_some(), "{name}/{db}: documented table {table} is missing");
    }

    let facts = facts(name);
    assert!(facts.len() >= 8, "{name}: only {} facts", facts.len());
    let mut failed = Vec::new();
    for (db, desc, sql) in &facts {
        let v = query_one(&p.dbs[db.as_str()], &format!("SELECT ({sql})::text"));
        if v.as_deref() != Some("true") {
            failed.push(format!("{db}: {desc} (got {v:?})"));
        }
    }
    assert!(failed.is_empty(), "{name}: facts not true:\n{}", failed.join("\n"));

    // Everything rolls back, leaving only dbctl's own history.
    p.run(&["migrate", "down", "--all", "--yes"]).code(0);
    for (db, t) in &p.dbs {
        let left = query_one(
            t,
            "SELECT string_agg(n.nspname || '.' || c.relname, ', ') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname NOT IN ('dbctl', 'pg_catalog', 'information_schema', 'pg_toast')",
        );
        assert_eq!(left, None, "{name}/{db}: objects left after down --all");
        let funcs = query_one(
            t,
            "SELECT string_agg(p.proname, ', ') FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'",
        );
        assert_eq!(funcs, None, "{name}/{db}: functions left after down --all");
        let types = query_one(
            t,
            "SELECT string_agg(t.typname, ', ') FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public'",
        );
        assert_eq!(types, None, "{name}/{db}: types left after down --all");
        assert_eq!(query_i64(t, "SELECT count(*) FROM dbctl.schema_history"), 0);
    }
    // And applies again from nothing.
    p.run(&["migrate", "up"]).code(0);
    assert_eq!(dumps, p.dbs.values().map(schema_dump).collect::<Vec<_>>());
}

#[test]
fn openmineral() {
    check_platform("openmineral");
}

#[test]
fn omnifin() {
    check_platform("omnifin");
}

#[test]
fn nexus() {
    check_platform("nexus");
}

#[test]
fn mapleai() {
    check_platform("mapleai");
}

#[test]
fn trustcred() {
    check_platform("trustcred");
}

#[test]
fn trustcred_has_exactly_the_documented_phases() {
    let dir = repo().join("migrations/trustcred/main");
    let mut phases: Vec<i32> = std::fs::read_dir(&dir)
        .expect("trustcred migrations")
        .flatten()
        .filter_map(|e| dbctl::migrate::layout::parse_phase_dir(&e.file_name().to_string_lossy()))
        .collect();
    phases.sort();
    assert_eq!(phases, [1, 2, 5]);
}
