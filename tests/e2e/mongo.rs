//! `dbctl mongo apply|status` end to end against a real Mongo-wire server started by the harness
//! (SecantusDB, or mongod where installed): apply, idempotence, validators enforced, drift after
//! changes made by hand, prune, refused commands, and fast failure on an unreachable server.
//! Text indexes need a real mongod: that test runs when DBCTL_TEST_MONGO_URL is set.

use crate::support::mongo::{fresh_name, mongo, MongoProject};
use crate::support::*;
use mongodb::bson::{doc, Bson};
use std::time::{Duration, Instant};

/// Two collections, a validator and the index kinds SecantusDB supports (no text).
const SPEC: &str = "\
collections:
  deals_docs:
    validator:
      $jsonSchema:
        bsonType: object
        required: [deal_id, file_type]
        properties:
          deal_id: { bsonType: [int, long] }
          file_type: { bsonType: string }
    indexes:
      - keys: { deal_id: 1 }
      - keys: { file_type: 1, uploaded_at: -1 }
        name: by_type_latest
      - keys: { external_ref: 1 }
        unique: true
        sparse: true
  prices:
    indexes:
      - keys: { commodity: 1, timestamp: -1 }
";

fn kinds(r: &Run) -> Vec<(String, String)> {
    let j = r.json();
    let mut v: Vec<(String, String)> = j["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| (f["kind"].as_str().unwrap_or("").to_string(), f["object"].as_str().unwrap_or("").to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn apply_creates_everything_and_a_second_run_changes_nothing() {
    let Some(m) = mongo("apply_creates_everything_and_a_second_run_changes_nothing") else { return };
    let p = MongoProject::on(m, "apply", SPEC);
    p.run(&["mongo", "status"]).code(3).contains("missing_collection");
    let r = p.run(&["mongo", "apply"]);
    r.code(0).contains("Created").contains(&format!("mongo:{}.deals_docs.by_type_latest", p.db));
    assert_eq!(p.index_names("deals_docs"), ["_id_", "by_type_latest", "deal_id_1", "external_ref_1"]);
    assert_eq!(p.index_names("prices"), ["_id_", "commodity_1_timestamp_-1"]);
    p.run(&["mongo", "status"]).code(0).contains("match the spec");
    let again = p.run(&["--json", "mongo", "apply"]);
    again.code(0);
    let j = again.json();
    assert_eq!(j["steps"].as_array().map(Vec::len), Some(0), "second apply ran commands: {j}");
    assert_eq!((j["project"].as_str(), j["database"].as_str()), (Some("app"), Some(p.db.as_str())), "{j}");
    assert_eq!((j["dry_run"].as_bool(), j["prune"].as_bool()), (Some(false), Some(false)), "{j}");
    assert_eq!(j["findings"].as_array().map(Vec::len), Some(0), "{j}");
    p.run(&["mongo", "apply"]).code(0).contains("no changes");
}

#[test]
fn validators_are_enforced_after_apply() {
    let Some(m) = mongo("validators_are_enforced_after_apply") else { return };
    let p = MongoProject::on(m, "validate", SPEC);
    p.run(&["mongo", "apply"]).code(0);
    p.must(doc! {"insert": "deals_docs", "documents": [{"deal_id": 1, "file_type": "contract"}]});
    let bad = p.command(doc! {"insert": "deals_docs", "documents": [{"deal_id": "one", "file_type": "contract"}]});
    let refused = match &bad {
        Err(e) => e.contains("121") || e.to_lowercase().contains("validation"),
        Ok(d) => d.get_array("writeErrors").is_ok_and(|w| !w.is_empty()),
    };
    assert!(refused, "a document breaking the validator was accepted: {bad:?}");
    let missing = p.command(doc! {"insert": "deals_docs", "documents": [{"file_type": "contract"}]});
    assert!(
        missing.as_ref().map(|d| d.get_array("writeErrors").is_ok_and(|w| !w.is_empty())).unwrap_or(true),
        "a document without a required field was accepted: {missing:?}"
    );
}

#[test]
fn drift_after_changes_by_hand_then_apply_and_prune() {
    let Some(m) = mongo("drift_after_changes_by_hand_then_apply_and_prune") else { return };
    let p = MongoProject::on(m, "drift", SPEC);
    p.run(&["mongo", "apply"]).code(0);
    // By hand: drop one index, add an extra, change one, loosen the validator, add a collection.
    p.must(doc! {"dropIndexes": "prices", "index": "commodity_1_timestamp_-1"});
    p.must(doc! {"createIndexes": "deals_docs", "indexes": [{"key": {"uploaded_by": 1}, "name": "uploaded_by_1"}]});
    p.must(doc! {"dropIndexes": "deals_docs", "index": "deal_id_1"});
    p.must(doc! {"createIndexes": "deals_docs", "indexes": [{"key": {"deal_id": -1}, "name": "deal_id_1"}]});
    p.must(doc! {"collMod": "deals_docs", "validator": {"$jsonSchema": {"bsonType": "object"}}});
    p.must(doc! {"create": "scratch"});
    let r = p.run(&["--json", "mongo", "status"]);
    r.code(3);
    let db = &p.db;
    assert_eq!(
        kinds(&r),
        vec![
            ("extra_collection".to_string(), format!("mongo:{db}.scratch")),
            ("extra_index".to_string(), format!("mongo:{db}.deals_docs.uploaded_by_1")),
            ("index_definition".to_string(), format!("mongo:{db}.deals_docs.deal_id_1")),
            ("missing_index".to_string(), format!("mongo:{db}.prices.commodity_1_timestamp_-1")),
            ("validator_definition".to_string(), format!("mongo:{db}.deals_docs")),
        ]
    );
    let f = &r.json()["findings"];
    let def = f.as_array().into_iter().flatten().find(|x| x["kind"] == "index_definition").cloned().unwrap_or_default();
    assert_eq!(def["expected"], r#"{"keys":{"deal_id":1}}"#);
    assert_eq!(def["actual"], r#"{"keys":{"deal_id":-1}}"#);
    assert_eq!(def["severity"], "error");
    // Text output names the objects too.
    p.run(&["mongo", "status"]).code(3).contains("index_definition").contains("dbctl mongo apply");

    // Without --prune: missing index and validator are fixed; changed and extra are reported.
    let a = p.run(&["mongo", "apply"]);
    a.code(0).contains("--prune").contains("uploaded_by_1").contains("scratch");
    let r = p.run(&["--json", "mongo", "status"]);
    r.code(3);
    assert_eq!(
        kinds(&r),
        vec![
            ("extra_collection".to_string(), format!("mongo:{db}.scratch")),
            ("extra_index".to_string(), format!("mongo:{db}.deals_docs.uploaded_by_1")),
            ("index_definition".to_string(), format!("mongo:{db}.deals_docs.deal_id_1")),
        ]
    );
    // Dry run of --prune shows the drops and the rebuild, and changes nothing.
    let dry = p.run(&["mongo", "apply", "--prune", "--dry-run"]);
    dry.code(0)
        .contains(r#""dropIndexes": "deals_docs", "index": "uploaded_by_1""#)
        .contains(r#""key": {"deal_id": 1}"#);
    assert!(p.index_names("deals_docs").contains(&"uploaded_by_1".to_string()));
    // --prune drops the extra and rebuilds the changed index; collections are never dropped.
    p.run(&["mongo", "apply", "--prune"]).code(0).contains("Dropped");
    assert_eq!(p.index_names("deals_docs"), ["_id_", "by_type_latest", "deal_id_1", "external_ref_1"]);
    let r = p.run(&["--json", "mongo", "status"]);
    assert_eq!(kinds(&r), vec![("extra_collection".to_string(), format!("mongo:{db}.scratch"))]);
    p.must(doc! {"drop": "scratch"});
    p.run(&["mongo", "status"]).code(0);
}

#[test]
fn indexes_made_by_hand_the_same_way_compare_equal() {
    let Some(m) = mongo("indexes_made_by_hand_the_same_way_compare_equal") else { return };
    let p = MongoProject::on(m, "byhand", SPEC);
    // The way a person would in mongosh: doubles for directions, keys in another order in the
    // validator, default names.
    p.must(doc! {"create": "deals_docs", "validator": {"$jsonSchema": {
    "properties": {"file_type": {"bsonType": "string"}, "deal_id": {"bsonType": ["int", "long"]}},
    "required": ["deal_id", "file_type"], "bsonType": "object"}}});
    p.must(doc! {"createIndexes": "deals_docs", "indexes": [
        {"key": {"deal_id": 1.0}, "name": "deal_id_1"},
        {"key": {"file_type": 1.0, "uploaded_at": -1.0}, "name": "by_type_latest"},
        {"key": {"external_ref": Bson::Int64(1)}, "name": "external_ref_1", "unique": true, "sparse": true},
    ]});
    p.must(doc! {"createIndexes": "prices", "indexes": [{"key": {"commodity": 1, "timestamp": -1}, "name": "commodity_1_timestamp_-1"}]});
    p.run(&["mongo", "status"]).code(0);
    let j = p.run(&["--json", "mongo", "apply", "--dry-run"]).json();
    assert_eq!(j["steps"].as_array().map(Vec::len), Some(0), "{j}");
}

#[test]
fn dry_run_prints_the_commands_and_changes_nothing() {
    let Some(m) = mongo("dry_run_prints_the_commands_and_changes_nothing") else { return };
    let p = MongoProject::on(m, "dryrun", SPEC);
    let r = p.run(&["mongo", "apply", "--dry-run"]);
    r.code(0)
        .contains(r#"db.runCommand({"create": "deals_docs", "validator": {"$jsonSchema""#)
        .contains(r#"{"createIndexes": "prices", "indexes": [{"key": {"commodity": 1, "timestamp": -1}, "name": "commodity_1_timestamp_-1"}]}"#)
        .contains("nothing changed");
    let colls = p.must(doc! {"listCollections": 1});
    let n = colls.get_document("cursor").ok().and_then(|c| c.get_array("firstBatch").ok()).map(|b| b.len());
    assert_eq!(n, Some(0), "dry run created something: {colls}");
}

#[test]
fn a_text_index_the_server_lacks_is_a_warning_and_the_rest_is_applied() {
    let name = "a_text_index_the_server_lacks_is_a_warning_and_the_rest_is_applied";
    let Some(m) = mongo(name) else { return };
    if !m.is_secantus() {
        crate::support::mongo::skip(name, "the server (mongod) supports text indexes");
        return;
    }
    let spec = format!(
        "{SPEC}  documents:\n    indexes:\n      - keys: {{ file_type: 1 }}\n      - keys: {{ content: text }}\n"
    );
    let p = MongoProject::on(m, "lacks_text", &spec);
    let r = p.run(&["mongo", "apply"]);
    r.code(0)
        .contains(&format!("mongo:{}.documents.content_text skipped", p.db))
        .contains("has no text indexes")
        .contains("real mongod");
    assert_eq!(p.index_names("documents"), ["_id_", "file_type_1"]);
    assert_eq!(p.index_names("prices"), ["_id_", "commodity_1_timestamp_-1"]);
    // The JSON report says the same, status keeps the index as a warning, and drift passes.
    let j = p.run(&["--json", "mongo", "apply"]);
    j.code(0);
    let steps = j.json()["steps"].clone();
    assert_eq!(steps.as_array().map(Vec::len), Some(1), "{steps}");
    assert_eq!(steps[0]["status"], "unsupported");
    let s = p.run(&["--json", "mongo", "status"]);
    s.code(0);
    assert_eq!(kinds(&s), vec![("missing_index".to_string(), format!("mongo:{}.documents.content_text", p.db))]);
    assert_eq!(s.json()["findings"][0]["severity"], "warning", "{}", s.stdout);
    p.run(&["drift", "--dev-url", &pg().url("postgres")]).code(0).contains("content_text");
}

#[test]
fn a_refused_command_is_named_the_rest_is_applied_and_it_exits_1() {
    let name = "a_refused_command_is_named_the_rest_is_applied_and_it_exits_1";
    let Some(m) = mongo(name) else { return };
    let spec = format!("{SPEC}  accounts:\n    indexes:\n      - keys: {{ email: 1 }}\n        unique: true\n");
    let p = MongoProject::on(m, "refused", &spec);
    // Two documents with the same email: the server cannot build the unique index.
    p.must(doc! {"insert": "accounts", "documents": [{"email": "a@example.com"}, {"email": "a@example.com"}]});
    let r = p.run(&["mongo", "apply"]);
    r.code(1).contains("refused 1 command").contains(&format!("create index mongo:{}.accounts.email_1", p.db));
    assert!(r.stderr.contains("11000") || r.stderr.to_lowercase().contains("duplicate"), "{}", r.stderr);
    assert_eq!(p.index_names("accounts"), ["_id_"]);
    assert_eq!(p.index_names("prices"), ["_id_", "commodity_1_timestamp_-1"]);
    let j = p.run(&["--json", "mongo", "apply"]);
    j.code(1);
    let steps = j.json()["steps"].clone();
    assert_eq!(steps[0]["status"], "refused", "{steps}");
    let s = p.run(&["--json", "mongo", "status"]);
    s.code(3);
    assert_eq!(kinds(&s), vec![("missing_index".to_string(), format!("mongo:{}.accounts.email_1", p.db))]);
}

#[test]
fn openmineral_spec_applies_and_its_validators_take_the_documented_documents() {
    let Some(m) = mongo("openmineral_spec_applies_and_its_validators_take_the_documented_documents") else { return };
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/mongo_indexes/openmineral.yaml"))
        .expect("read openmineral spec");
    let p = MongoProject::on(m, "openmineral", &spec);
    let r = p.run(&["mongo", "apply"]);
    r.code(0);
    if m.is_secantus() {
        r.contains("content_text skipped");
    }
    assert_eq!(p.index_names("market_analysis"), ["_id_", "commodity_1_timestamp_-1"]);
    assert!(p.index_names("documents").starts_with(&["_id_".to_string(), "deal_id_1".to_string()]));
    // The example documents of docs/schemas/openmineral.md, in extended JSON.
    let analysis = ext_doc(
        r#"{"commodity": "Iron Ore", "timestamp": {"$date": "2024-06-04T08:00:00Z"},
        "price_data": {"current_price": 85.50, "historical_prices": [{"date": {"$date": "2024-06-03T00:00:00Z"}, "price": 84.90}], "volume": 150000},
        "forecasts": {"short_term": {"horizon_days": 30, "price": 86.10}, "medium_term": {"horizon_days": 180, "price": 88.00}, "long_term": {"horizon_days": 720, "price": 91.25}},
        "analysis": {"trends": ["rising Chinese steel output"], "factors": ["freight rates", "port inventories"], "recommendations": ["hedge Q3 deliveries"]}}"#,
    );
    let document = ext_doc(
        r#"{"deal_id": 1, "filename": "contract_iron_ore_purchase.pdf", "file_type": "contract", "uploaded_by": 1,
        "uploaded_at": {"$date": "2024-06-04T09:30:00Z"}, "content": "Purchase agreement for 50,000 t of iron ore fines ...",
        "metadata": {"parties": ["OpenMineral Trading Ltd", "Pilbara Ore Co"], "effective_date": {"$date": "2024-07-01T00:00:00Z"}, "expiration_date": {"$date": "2025-06-30T00:00:00Z"}}}"#,
    );
    let ok = p.must(doc! {"insert": "market_analysis", "documents": [analysis]});
    assert!(ok.get_array("writeErrors").is_err(), "documented market_analysis document refused: {ok}");
    let ok = p.must(doc! {"insert": "documents", "documents": [document]});
    assert!(ok.get_array("writeErrors").is_err(), "documented documents document refused: {ok}");
    // And a document of the wrong shape is refused (timestamp as a string).
    let bad = p.command(doc! {"insert": "market_analysis", "documents": [{"commodity": "Iron Ore", "timestamp": "yesterday", "price_data": {"current_price": 1}}]});
    assert!(
        bad.as_ref().map(|d| d.get_array("writeErrors").is_ok_and(|w| !w.is_empty())).unwrap_or(true),
        "wrong shape accepted: {bad:?}"
    );
}

fn ext_doc(json: &str) -> mongodb::bson::Document {
    let v: serde_json::Value = serde_json::from_str(json).expect("fixture JSON");
    match Bson::try_from(v) {
        Ok(Bson::Document(d)) => d,
        other => panic!("not a document: {other:?}"),
    }
}

#[test]
fn text_index_on_a_real_mongod() {
    let Ok(url) = std::env::var("DBCTL_TEST_MONGO_URL") else {
        crate::support::mongo::skip(
            "text_index_on_a_real_mongod",
            "DBCTL_TEST_MONGO_URL is not set (SecantusDB has no text indexes; point it at a real mongod)",
        );
        return;
    };
    let spec = "collections:\n  documents:\n    indexes:\n      - keys: { deal_id: 1 }\n      - keys: { content: text, filename: text }\n        weights: { filename: 10 }\n        default_language: spanish\n";
    let mut p = MongoProject::new(&url, &fresh_name("realtext"), spec);
    p.drop_database = true;
    p.run(&["mongo", "apply"]).code(0);
    p.run(&["mongo", "status"]).code(0);
    p.run(&["mongo", "apply"]).code(0).contains("no changes");
    // The same index made by hand compares equal; a weight changed by hand is drift.
    p.must(doc! {"dropIndexes": "documents", "index": "content_text_filename_text"});
    p.must(doc! {"createIndexes": "documents", "indexes": [{"key": {"filename": "text", "content": "text"}, "name": "content_text_filename_text", "weights": {"filename": 10.0}, "default_language": "spanish"}]});
    p.run(&["mongo", "status"]).code(0);
    p.must(doc! {"dropIndexes": "documents", "index": "content_text_filename_text"});
    p.must(doc! {"createIndexes": "documents", "indexes": [{"key": {"content": "text", "filename": "text"}, "name": "content_text_filename_text", "weights": {"filename": 3}}]});
    p.run(&["mongo", "status"]).code(3).contains("index_definition").contains(r#""filename":3"#);
    p.run(&["mongo", "apply", "--prune"]).code(0);
    p.run(&["mongo", "status"]).code(0);
}

#[test]
fn unreachable_server_fails_within_seconds() {
    let port = dbctl::sandbox::free_port().expect("free port");
    let p = MongoProject::new(&format!("mongodb://127.0.0.1:{port}/"), "nowhere", SPEC);
    let t = Instant::now();
    p.run(&["mongo", "status"]).code(1).contains("cannot connect to mongodb://127.0.0.1").contains("hint:");
    assert!(t.elapsed() < Duration::from_secs(20), "took {:?}", t.elapsed());
    let p = MongoProject::new("mongodb://app:s3cret-pw@127.0.0.1:1/", "nowhere", SPEC);
    let r = p.run(&["mongo", "apply"]);
    r.code(1).contains("app:***@");
    assert!(!r.all().contains("s3cret-pw"), "password leaked: {}", r.all());
    MongoProject::new("mongodb+srv://cluster.example/", "x", SPEC)
        .run(&["mongo", "status"])
        .code(2)
        .contains("mongodb+srv://");
}

#[test]
fn spec_errors_are_exit_2_with_file_and_line() {
    // Spec errors come before any connection: no server needed.
    let p = MongoProject::new("mongodb://127.0.0.1:1/", "x", "collections:\n  a:\n    indexes:\n      - keys: { x: 1 }\n      - keys: { y: 1, z: 1 }\n        expireAfterSeconds: 60\n");
    p.run(&["mongo", "apply"]).code(2).contains("mongo_indexes/app.yaml:6:").contains("expireAfterSeconds");
    p.spec("collections:\n  a:\n    indexes:\n      - keys: { x: up }\n");
    p.run(&["mongo", "status"]).code(2).contains("app.yaml:4:").contains("\"up\"");
    p.spec("collections:\n  a:\n    validatr: {}\n");
    p.run(&["mongo", "apply", "--dry-run"]).code(2).contains("app.yaml:3:").contains("validatr");
}

/// A server that requires a login: SecantusDB with `--auth` (started here, stopped by the guard).
struct AuthServer {
    child: std::process::Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for AuthServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn authentication_failures_are_clear_errors() {
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".dbctl");
    let program = match dbctl::sandbox::mongo::find_program(&[repo]) {
        Ok(p) if p.kind == dbctl::sandbox::mongo::Kind::Secantus => p,
        Ok(_) => {
            crate::support::mongo::skip(
                "authentication_failures_are_clear_errors",
                "starts SecantusDB with --auth; this machine's server is mongod",
            );
            return;
        }
        Err(looked) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("no Mongo-wire server under CI=true (looked at {looked})");
            }
            crate::support::mongo::skip(
                "authentication_failures_are_clear_errors",
                &format!("no Mongo-wire server installed (looked at {looked})"),
            );
            return;
        }
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let port = dbctl::sandbox::free_port().expect("port");
    let child = std::process::Command::new(&program.path)
        .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--storage-path"])
        .arg(dir.path().join("data"))
        .args(["--standalone", "--log-level", "WARNING", "--auth"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start secantusd-py --auth");
    let server = AuthServer { child, port, _dir: dir };
    let url = format!("mongodb://127.0.0.1:{}/", server.port);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !block_on(dbctl::mongo::client::ping_quick(&url)) {
        assert!(Instant::now() < deadline, "secantusd-py --auth did not answer within 60s");
        std::thread::sleep(Duration::from_millis(200));
    }
    let wrong = MongoProject::new(&format!("mongodb://bob:wr0ng-pass@127.0.0.1:{}/", server.port), "x", SPEC);
    let t = Instant::now();
    let r = wrong.run(&["mongo", "status"]);
    r.code(1).contains("authentication failed").contains("bob:***@").contains("check the user, password");
    assert!(!r.all().contains("wr0ng-pass"), "password leaked: {}", r.all());
    assert!(t.elapsed() < Duration::from_secs(20), "took {:?}", t.elapsed());
    let anonymous = MongoProject::new(&url, "x", SPEC);
    anonymous.run(&["mongo", "apply"]).code(1).contains("requires").contains("user:password@");
}

#[test]
fn sandbox_starts_the_mongo_server_and_up_skips_mongo_without_one() {
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".dbctl");
    let program = match dbctl::sandbox::mongo::find_program(&[repo]) {
        Ok(p) => p,
        Err(looked) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("no Mongo-wire server under CI=true (looked at {looked})");
            }
            crate::support::mongo::skip(
                "sandbox_starts_the_mongo_server_and_up_skips_mongo_without_one",
                &format!("no Mongo-wire server installed (looked at {looked})"),
            );
            return;
        }
    };
    let db = fresh_name("sandbox");
    let p = MongoProject::new("", &db, SPEC);
    let sandbox = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str], server: Option<&std::path::Path>| {
        let mut c = dbctl();
        c.current_dir(p.dir.path()).env("DBCTL_SANDBOX_DIR", sandbox.path()).args(args);
        // Only this program: no mongod or secantusd-py from PATH.
        c.env("PATH", "/usr/bin:/bin");
        if let Some(s) = server {
            c.env("DBCTL_MONGO_SERVER", s);
        }
        Run::from(c.output().expect("run dbctl"))
    };
    // No server program anywhere: `up` says so and skips Mongo; `mongo status` is an error.
    // (`up` ends with a drift check, whose scratch databases go on the test PostgreSQL.)
    let dev = pg().url("postgres");
    let r = run(&["up", "--dev-url", &dev], None);
    r.code(0).contains("mongo apply skipped").contains("scripts/setup.sh");
    run(&["mongo", "status"], None).code(1).contains("no MongoDB server program");
    // With one: the sandbox starts it on demand and `sandbox down` stops it (also if this test
    // fails half-way: the guard runs it).
    struct Down<'a>(&'a dyn Fn());
    impl Drop for Down<'_> {
        fn drop(&mut self) {
            (self.0)();
        }
    }
    let stop = || {
        let _ = run(&["sandbox", "down"], Some(&program.path));
    };
    let _down = Down(&stop);
    run(&["mongo", "apply"], Some(&program.path)).code(0).contains("Created");
    let st = run(&["sandbox", "status"], Some(&program.path));
    st.code(0).contains("mongo     running  127.0.0.1:");
    run(&["mongo", "status"], Some(&program.path)).code(0);
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sandbox.path().join("mongo/server.json")).expect("server.json"))
            .expect("server.json is JSON");
    let pid = state["pid"].as_u64().expect("pid");
    run(&["sandbox", "down"], Some(&program.path)).code(0).contains("Stopped sandbox MongoDB");
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let alive = stat.rsplit(')').next().and_then(|r| r.split_whitespace().next()).is_some_and(|st| st != "Z");
    assert!(!alive, "sandbox MongoDB (pid {pid}) still runs after sandbox down: {stat}");
}

#[test]
fn creation_options_round_trip_and_changes_are_reported_not_applied() {
    let Some(m) = mongo("creation_options_round_trip_and_changes_are_reported_not_applied") else { return };
    let spec = "\
collections:
  events_log:
    capped: true
    size: 100000
    max: 500
  names:
    collation: { locale: fr, strength: 2 }
    indexes:
      - keys: { name: 1 }
  ticks:
    timeseries: { timeField: ts, metaField: commodity, granularity: minutes }
";
    let p = MongoProject::on(m, "options", spec);
    p.run(&["mongo", "apply"]).code(0);
    p.run(&["mongo", "status"]).code(0);
    let j = p.run(&["--json", "mongo", "apply"]).json();
    assert_eq!(j["steps"].as_array().map(Vec::len), Some(0), "{j}");
    // A spec asking for other options: reported, held back, never applied by dropping data.
    p.spec(&spec.replace("strength: 2", "strength: 1").replace("max: 500", "max: 400"));
    let r = p.run(&["--json", "mongo", "status"]);
    r.code(3);
    assert_eq!(
        kinds(&r),
        vec![
            ("collection_options".to_string(), format!("mongo:{}.events_log", p.db)),
            ("collection_options".to_string(), format!("mongo:{}.names", p.db)),
        ]
    );
    p.run(&["mongo", "apply", "--prune"]).code(0).contains("re-create the collection");
}

#[test]
fn drift_includes_the_mongo_findings() {
    let Some(m) = mongo("drift_includes_the_mongo_findings") else { return };
    let p = MongoProject::on(m, "driftcmd", SPEC);
    let dev = pg().url("postgres");
    p.run(&["mongo", "apply"]).code(0);
    p.run(&["drift", "--dev-url", &dev]).code(0);
    p.must(doc! {"dropIndexes": "prices", "index": "commodity_1_timestamp_-1"});
    let r = p.run(&["drift", "--dev-url", &dev, "--format", "json"]);
    r.code(3);
    assert_eq!(
        kinds(&r),
        vec![("missing_index".to_string(), format!("mongo:{}.prices.commodity_1_timestamp_-1", p.db))]
    );
    assert_eq!(r.json()["summary"]["errors"], 1, "{}", r.stdout);
    p.run(&["drift", "--dev-url", &dev]).code(3).contains(&format!("mongo:{}.prices", p.db));
}
