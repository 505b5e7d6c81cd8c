//! `dbctl drift --against docs` through the real binary: the five platforms against their own
//! documented schemas and against the user's original documents (with the reviewed deviations),
//! `--from migrations --against docs`, doc lint findings with file:line, stale deviations.

use crate::support::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The user's original documents: CI lays shared/ beside the repository. Absent is a failure,
/// not a skip: the acceptance criteria are about these files.
fn seed(project: &str) -> PathBuf {
    let p = repo().join("../shared/seed-docs").join(format!("{project}.md"));
    assert!(p.is_file(), "seed document {} is missing: shared/ must be beside the repository", p.display());
    p
}

struct Platform {
    name: &'static str,
    dbs: BTreeMap<&'static str, TestDb>,
}

impl Platform {
    fn up(name: &'static str) -> Platform {
        let dbs =
            platform_url_vars(name).into_iter().map(|(db, _)| (db, fresh_db(&format!("docs_{name}_{db}")))).collect();
        let p = Platform { name, dbs };
        p.run(&["migrate", "up"]).code(0);
        p
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut c = dbctl();
        let dev = pg().url("postgres");
        c.current_dir(repo()).arg("--config").arg(repo().join("dbctl.yaml")).arg("-p").arg(self.name).args(args);
        if args.first() == Some(&"drift") {
            c.arg("--dev-url").arg(&dev);
        }
        for (db, var) in platform_url_vars(self.name) {
            c.env(var, &self.dbs[db].url);
        }
        Run::from(c.output().expect("run dbctl"))
    }
}

fn check_platform(name: &'static str) {
    let p = Platform::up(name);
    // Against the project's own document: clean, with no deviations needed.
    let v = p.run(&["drift", "--against", "docs", "--format", "json"]).code(0).json();
    assert_eq!(v["against"], "docs");
    assert_eq!(v["findings"], serde_json::json!([]), "{name}: drift against docs/schemas/{name}.md");
    assert_eq!(v["deviations"], serde_json::json!([]));

    // Against the user's original: clean once the reviewed deviations are applied.
    let doc = seed(name);
    let doc = doc.to_str().expect("utf-8 path");
    let v = p.run(&["drift", "--against", "docs", "--doc", doc, "--format", "json"]).code(0).json();
    assert_eq!(v["findings"], serde_json::json!([]), "{name}: drift against the seed document");
    let devs = v["deviations"].as_array().cloned().unwrap_or_default();
    assert!(!devs.is_empty(), "{name}: the seed document differs from the platform; deviations expected");
    for d in &devs {
        let reason = d["reason"].as_str().unwrap_or("");
        let cites =
            reason.strip_prefix('D').and_then(|r| r.split(':').next()).is_some_and(|n| n.parse::<u32>().is_ok());
        assert!(cites, "{name}: reason {reason:?} must cite D<n> of docs/schemas/{name}.md");
        assert!(d["kind"].is_string() && d["object"].is_string());
    }
    // The text report shows them apart, and says the run is clean.
    p.run(&["drift", "--against", "docs", "--doc", doc])
        .code(0)
        .contains("documented deviations (accepted, not drift):")
        .contains("no drift (live vs docs)");
}

#[test]
fn openmineral() {
    check_platform("openmineral");
}

#[test]
fn omnifin() {
    check_platform("omnifin");
    // Without a live database: the migrations agree with the documentation.
    // The URLs point nowhere: nothing may connect to a live database.
    let mut c = dbctl();
    c.current_dir(repo())
        .args(["--config", "dbctl.yaml", "-p", "omnifin", "drift", "--from", "migrations", "--against", "docs"])
        .arg("--dev-url")
        .arg(pg().url("postgres"))
        .env("OMNIFIN_PRIMARY_URL", "postgres://nobody@127.0.0.1:1/none")
        .env("OMNIFIN_KNOWLEDGE_URL", "postgres://nobody@127.0.0.1:1/none");
    let r = Run::from(c.output().expect("run dbctl"));
    r.code(0).contains("no drift (migrations vs docs)");
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

/// A project with a document: findings carry file:line; lint and replay problems are findings,
/// not crashes; a deviation that matches nothing is a stale warning.
#[test]
fn doc_findings_have_lines_and_deviations_go_stale() {
    let p = Project::new("docs_lint");
    p.migration(
        "phase1/V1__core.sql",
        "CREATE TABLE users (id serial PRIMARY KEY, role varchar(20) NOT NULL);\n\
         CREATE TABLE deals (id serial PRIMARY KEY, owner_id int REFERENCES users(id), note text);\n",
    );
    p.migration("phase1/U1__core.sql", "DROP TABLE deals;\nDROP TABLE users;\n");
    p.run(&["migrate", "up"]).code(0);
    let doc = "# App\n\n\
               ```sql\n\
               CREATE TABLE deals (\n\
               \x20   id SERIAL PRIMARY KEY,\n\
               \x20   owner_id INTEGER REFERENCES users(id)\n\
               );\n\
               CREATE INDEX idx_deals_title ON deals(title);\n\
               ```\n\n\
               ```sql\n\
               CREATE TABLE users (\n\
               \x20   id SERIAL PRIMARY KEY,\n\
               \x20   role VARCHAR(20) NOT NULL -- trader, admin\n\
               );\n\
               CREATE TABLE bogus (id int REFERENCES nowhere(id));\n\
               ```\n\n\
               - `audit_trail` - an audit table, documented by name only\n";
    std::fs::write(p.path("doc.md"), doc).expect("write doc");
    let dev = pg().url("postgres");
    let r = p.run(&["drift", "--against", "docs", "--doc", "doc.md", "--dev-url", &dev, "--format", "json"]);
    r.code(3);
    let v = r.json();
    let got: Vec<(String, String, i64)> = v["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap_or("").to_string(),
                f["object"].as_str().unwrap_or("").to_string(),
                f["line"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let has = |k: &str, o: &str, l: i64| got.iter().any(|g| g.0 == k && g.1 == o && g.2 == l);
    assert!(has("missing_table", "public.audit_trail", 19), "{got:?}");
    assert!(has("doc_index_unknown_column", "public.idx_deals_title", 8), "{got:?}");
    assert!(has("doc_fk_unknown_table", "public.bogus.id", 16), "{got:?}");
    assert!(has("doc_unenforced_enum", "public.users.role", 14), "{got:?}");
    assert!(has("extra_column", "public.deals.note", 4), "{got:?}");
    assert!(v["findings"][0]["file"].as_str().is_some_and(|f| f.ends_with("doc.md")));
    // The forward reference (deals before users) was resolved: no rejected statement for deals.
    assert!(!got.iter().any(|g| g.0 == "doc_statement_rejected" && g.1 == "public.deals"), "{got:?}");

    // Reviewed deviations take findings out of the drift; one that matches nothing is stale.
    std::fs::create_dir_all(p.path("docs/schemas")).expect("mkdir");
    std::fs::write(
        p.path("docs/schemas/app.deviations.yaml"),
        "deviations:\n  - kind: extra_column\n    object: public.deals.note\n    reason: \"D1: notes added later\"\n  - kind: missing_table\n    object: public.gone\n    reason: \"D2: removed\"\n",
    )
    .expect("write deviations");
    let v = p.run(&["drift", "--against", "docs", "--doc", "doc.md", "--dev-url", &dev, "--format", "json"]).json();
    let devs = v["deviations"].as_array().cloned().unwrap_or_default();
    assert_eq!(devs.len(), 1);
    assert_eq!(devs[0]["object"], "public.deals.note");
    assert_eq!(devs[0]["reason"], "D1: notes added later");
    let stale = v["findings"].as_array().cloned().unwrap_or_default();
    let stale: Vec<&serde_json::Value> = stale.iter().filter(|f| f["kind"] == "stale_deviation").collect();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0]["object"], "public.gone");
    assert_eq!(stale[0]["severity"], "warning");
    assert_eq!(stale[0]["line"], 6);

    // A project without a document is told how to add one.
    p.run(&["drift", "--against", "docs", "--dev-url", &dev]).code(2).contains("doc: docs/schemas/app.md");
}

/// The MongoDB and Redis parts of a document are held to the project's spec files: a documented
/// index, field or key format the specs lack is a finding at the document's line.
#[test]
fn mongo_and_redis_sections_are_held_to_the_spec_files() {
    let p = Project::new("docs_nosql");
    p.migration("phase1/V1__core.sql", "CREATE TABLE deals (id serial PRIMARY KEY);\n");
    p.migration("phase1/U1__core.sql", "DROP TABLE deals;\n");
    p.run(&["migrate", "up"]).code(0);
    let doc = "# App\n\n```sql\nCREATE TABLE deals (id SERIAL PRIMARY KEY);\n```\n\n\
               ## MongoDB\n\n```javascript\n// documents collection\n{\n  \"_id\": ObjectId,\n  \"deal_id\": 1,\n  \"title\": \"x\"\n}\n```\n\n\
               ```javascript\ndb.documents.createIndex({\"deal_id\": 1})\ndb.documents.createIndex({\"title\": 1}, {\"unique\": true})\n```\n\n\
               ## Redis\n\n- Format: `session:{session_id} -> {user_data}`\n- Format: `rate:{ip} -> {count}`\n";
    std::fs::write(p.path("app.md"), doc).expect("write doc");
    let mongo = "collections:\n  documents:\n    validator:\n      $jsonSchema:\n        bsonType: object\n        properties:\n          deal_id: { bsonType: int }\n    indexes:\n      - keys: { deal_id: 1 }\n      - keys: { title: 1 }\n";
    std::fs::write(p.path("mongo.yaml"), mongo).expect("write mongo spec");
    let redis = "version: 1\nconventions:\n  - name: session\n    pattern: \"session:<session_id>\"\n    placeholders: { session_id: token }\n    type: string\n    ttl: { min: 1m, max: 1h }\n    description: a signed-in user\n";
    std::fs::write(p.path("redis.yaml"), redis).expect("write redis spec");
    let yaml = std::fs::read_to_string(p.path("dbctl.yaml")).expect("read dbctl.yaml");
    let yaml = yaml.replace(
        "  app:\n",
        "  app:\n    doc: app.md\n    mongo: { url: \"\", database: app, spec: mongo.yaml }\n    redis: { url: \"\", conventions: redis.yaml }\n",
    );
    std::fs::write(p.path("dbctl.yaml"), yaml).expect("write dbctl.yaml");

    let r = p.run(&["drift", "--against", "docs", "--format", "json", "--dev-url", &pg().url("postgres")]);
    r.code(3);
    let mut got: Vec<String> = r.json()["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            format!(
                "{} {} {}:{}",
                f["kind"].as_str().unwrap_or(""),
                f["object"].as_str().unwrap_or(""),
                f["file"].as_str().unwrap_or(""),
                f["line"]
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "index_definition mongo:app.documents.title_1 app.md:20",
            "mongo_undeclared_field mongo:app.documents.title app.md:14",
            "redis_missing_convention redis:rate:{ip} app.md:26",
        ],
        "{}",
        r.stdout
    );
    // With the specs brought in line, the document holds.
    std::fs::write(
        p.path("mongo.yaml"),
        mongo
            .replace("deal_id: { bsonType: int }", "deal_id: { bsonType: int }\n          title: { bsonType: string }")
            .replace("keys: { title: 1 }", "keys: { title: 1 }\n        unique: true"),
    )
    .expect("write");
    std::fs::write(
        p.path("redis.yaml"),
        format!(
            "{redis}  - name: rate\n    pattern: \"rate:<ip>\"\n    placeholders: {{ ip: client address }}\n    type: string\n    ttl: {{ min: 1s, max: 1m }}\n    description: requests per client\n"
        ),
    )
    .expect("write");
    p.run(&["drift", "--against", "docs", "--dev-url", &pg().url("postgres")]).code(0).contains("no drift");
}
