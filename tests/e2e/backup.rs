//! `dbctl backup` end to end: create, list, verify (and catch corruption), restore into a new
//! database with identical content, refuse to overwrite, prune; and the backup `migrate down`
//! takes before dropping data.

// A failed setup step in a test should panic on the spot; the assertion messages carry the detail.
#![allow(clippy::unwrap_used)]

use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// `skipped: <reason>` when the PostgreSQL client programs are missing.
fn have_pg_tools() -> bool {
    for t in ["pg_dump", "pg_restore"] {
        if dbctl::sandbox::process::find_pg_binary(t).is_err() {
            eprintln!("skipped: {t} is not installed (apt-get install -y postgresql-client)");
            return false;
        }
    }
    true
}

/// A project with three tables of data (one with a hostile name) and applied migrations.
fn project(tag: &str) -> Project {
    let p = Project::new(tag);
    p.migration(
        "phase1/V101__data.sql",
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, total numeric(12,2), placed timestamptz NOT NULL);\n\
         CREATE TABLE \"Odd \"\"Name\"\"\" (k text PRIMARY KEY, v jsonb);\n\
         CREATE TABLE empty_one (id int);\n\
         INSERT INTO orders SELECT g, 'c' || (g % 97), (g * 1.5)::numeric(12,2), timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 20000) g;\n\
         INSERT INTO \"Odd \"\"Name\"\"\" SELECT 'k' || g, jsonb_build_object('g', g, 's', repeat('x', g % 50)) FROM generate_series(1, 3000) g;\n",
    );
    p.migration(
        "phase1/U101__data.sql",
        "DROP TABLE empty_one;\nDROP TABLE \"Odd \"\"Name\"\"\";\nDROP TABLE orders;\n",
    );
    p.migration(
        "phase2/V201__note.sql",
        "ALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = 'n' WHERE id % 10 = 0;\n",
    );
    p.migration("phase2/U201__note.sql", "ALTER TABLE orders DROP COLUMN note;\n");
    p.run(&["migrate", "up"]).code(0);
    p
}

/// (table, row count, md5 of the sorted rows) for every table outside the system schemas.
fn fingerprint(db: &TestDb) -> Vec<(String, i64, String)> {
    block_on(async {
        let mut c = connect(db).await;
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables \
             WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
        )
        .fetch_all(&mut c)
        .await
        .unwrap();
        let mut out = Vec::new();
        for t in tables {
            let (n, h): (i64, Option<String>) = sqlx::query_as(&format!(
                "SELECT count(*), md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM {t} x"
            ))
            .fetch_one(&mut c)
            .await
            .unwrap();
            out.push((t, n, h.unwrap_or_default()));
        }
        out
    })
}

fn backups_dir(p: &Project) -> PathBuf {
    p.path("backups/app")
}

fn ids(p: &Project) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(backups_dir(p))
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect())
        .unwrap_or_default();
    v.retain(|n| !n.starts_with('.'));
    v.sort();
    v
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// A data file of the dump (the biggest one, so it is table data, not the TOC).
fn biggest_data_file(dir: &Path) -> PathBuf {
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(dir.join("postgres/main"))
        .unwrap()
        .flatten()
        .map(|e| (e.metadata().unwrap().len(), e.path()))
        .filter(|(_, p)| p.extension().is_some_and(|x| x == "gz" || x == "dat") && !p.ends_with("toc.dat"))
        .collect();
    files.sort();
    files.pop().unwrap().1
}

#[test]
fn backup_verify_corrupt_restore_and_compare() {
    if !have_pg_tools() {
        return;
    }
    let p = project("bk_full");
    let source = fingerprint(&p.db);
    assert!(source.iter().any(|(t, n, _)| t == "public.orders" && *n == 20000), "{source:?}");

    let r = p.run(&["backup", "create", "--json"]);
    r.code(0);
    let doc = r.json();
    let id = doc["id"].as_str().unwrap().to_string();
    assert!(dbctl::backup::is_id(&id), "{id}");
    assert_eq!(doc["databases"][0]["migration_version"], 201);
    let dir = backups_dir(&p).join(&id);

    // Owner-only permissions throughout; the manifest names every file with size and sha256.
    assert_eq!(mode(&backups_dir(&p)), 0o700);
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("manifest.json")), 0o600);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["dbctl_version"], env!("CARGO_PKG_VERSION"));
    assert!(manifest["databases"][0]["server_version"].as_str().unwrap().starts_with(char::is_numeric));
    assert_eq!(manifest["databases"][0]["migration_version"], 201);
    let files = manifest["files"].as_array().unwrap();
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        let path = dir.join(f["path"].as_str().unwrap());
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        assert_eq!(std::fs::metadata(&path).unwrap().len(), f["size"].as_u64().unwrap());
        assert_eq!(f["sha256"].as_str().unwrap().len(), 64);
    }

    p.run(&["backup", "list"]).code(0).contains(&id).contains("main@201");
    p.run(&["backup", "verify"]).code(0).contains("every file matches");

    // Restore into a new database (default name): identical rows, matching history.
    let r = p.run(&["backup", "restore", "--json"]);
    r.code(0);
    let restored_name = format!("{}_restored_{id}", p.db.name);
    assert_eq!(r.json()["restored"][0]["database"], restored_name.as_str());
    assert_eq!(r.json()["restored"][0]["history_mismatches"].as_array().map(|a| a.len()), Some(0));
    let restored = TestDb {
        name: restored_name.clone(),
        url: format!("postgres://postgres@127.0.0.1:{}/{}", pg().port, restored_name),
    };
    assert_eq!(fingerprint(&restored), source);
    // The same target again: not empty, so it needs --yes.
    p.run(&["backup", "restore", &id]).code(2).contains("not empty").contains("--yes");
    exec(&restored, "INSERT INTO empty_one VALUES (42)");
    p.run(&["backup", "restore", &id, "--yes"]).code(0);
    assert_eq!(fingerprint(&restored), source);
    // --to-database into a fresh name.
    let other = format!("{}_copy", p.db.name);
    p.run(&["backup", "restore", "latest", "--to-database", &other]).code(0);
    let other_db = TestDb { name: other.clone(), url: format!("postgres://postgres@127.0.0.1:{}/{other}", pg().port) };
    assert_eq!(fingerprint(&other_db), source);

    // Corrupt one byte of a data file: verify names it, exits 3, and restore refuses.
    let victim = biggest_data_file(&dir);
    let mut bytes = std::fs::read(&victim).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&victim, &bytes).unwrap();
    let rel = victim.strip_prefix(&dir).unwrap().display().to_string();
    let v = p.run(&["backup", "verify", &id]);
    v.code(3).contains(&rel).contains("altered");
    p.run(&["backup", "restore", &id, "--to-database", &format!("{}_bad", p.db.name)]).code(2).contains(&rel);
    // Truncated and missing files are named too.
    let toc = dir.join("postgres/main/toc.dat");
    let toc_len = std::fs::metadata(&toc).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&toc).unwrap().set_len(toc_len - 1).unwrap();
    let v = p.run(&["backup", "verify", &id, "--json"]);
    v.code(3);
    let kinds: Vec<(String, String)> = v.json()["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["file"].as_str().unwrap().to_string(), x["kind"].as_str().unwrap().to_string()))
        .collect();
    assert!(kinds.contains(&("postgres/main/toc.dat".into(), "truncated".into())), "{kinds:?}");
    assert!(kinds.contains(&(rel.clone(), "altered".into())), "{kinds:?}");
    std::fs::remove_file(&victim).unwrap();
    p.run(&["backup", "verify", &id]).code(3).contains(&rel).contains("missing");

    for db in [&restored_name, &other] {
        block_on(dbctl::conn::drop_database(&pg().url("postgres"), db)).unwrap();
    }
}

#[test]
fn prune_keeps_the_newest_and_unknown_ids_are_input_errors() {
    if !have_pg_tools() {
        return;
    }
    let p = project("bk_prune");
    p.run(&["backup", "prune", "--keep", "1"]).code(0);
    p.run(&["backup", "verify"]).code(2).contains("no backups");
    for _ in 0..3 {
        p.run(&["backup", "create"]).code(0);
    }
    let before = ids(&p);
    assert_eq!(before.len(), 3, "{before:?}");
    p.run(&["backup", "prune", "--keep", "2", "--dry-run"]).code(0).contains(&before[0]);
    assert_eq!(ids(&p).len(), 3);
    p.run(&["backup", "prune", "--keep", "2"]).code(0);
    assert_eq!(ids(&p), before[1..]);
    p.run(&["backup", "prune", "--keep", "0"]).code(2);
    p.run(&["backup", "verify", "20000101T000000Z"]).code(2).contains("no backup 20000101T000000Z");
    p.run(&["backup", "restore", "nonsense"]).code(2).contains("not a backup ID");
}

#[test]
fn down_that_drops_data_takes_a_backup_first() {
    if !have_pg_tools() {
        return;
    }
    let p = project("bk_down");
    // V201's rollback drops a column of a table with rows: a backup is taken.
    p.run(&["migrate", "down", "--steps", "1", "--yes"]).code(0).contains("Backing up").contains("orders");
    assert_eq!(ids(&p).len(), 1);
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(backups_dir(&p).join(&ids(&p)[0]).join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["databases"][0]["migration_version"], 201, "the backup holds the state before the rollback");
    // --no-backup skips it.
    p.run(&["migrate", "up"]).code(0);
    p.run(&["migrate", "down", "--steps", "1", "--yes", "--no-backup"]).code(0);
    assert_eq!(ids(&p).len(), 1);
    // Nothing with rows to lose: no backup.
    exec(&p.db, "TRUNCATE orders, \"Odd \"\"Name\"\"\"");
    p.run(&["migrate", "down", "--all", "--yes"]).code(0);
    assert_eq!(ids(&p).len(), 1);
}

#[test]
fn child_errors_are_redacted() {
    if !have_pg_tools() {
        return;
    }
    // A password in the URL reaches pg_dump only through PGPASSWORD; a failure never prints it.
    let db = fresh_db("bk_secret");
    let url = format!("postgres://nobody:s3cret%20pw@127.0.0.1:{}/{}", pg().port, db.name);
    let p = Project::with_url("bk_secret", db, &url);
    let r = p.run(&["backup", "create"]);
    r.code(1);
    assert!(!r.all().contains("s3cret"), "{}", r.all());
    assert!(ids(&p).is_empty());
}

const REDIS_SPEC: &str = r#"version: 1
prefix: "app:"
conventions:
  - name: session
    pattern: "session:<session_id>"
    placeholders: { session_id: "token" }
    type: string
    ttl: { min: 1m, max: 24h }
    description: sessions
  - name: cart
    pattern: "cart:{<user_id>}:items"
    placeholders: { user_id: { kind: int, description: "users.id" } }
    type: hash
    ttl: { max: 7d }
    description: cart lines
  - name: tags
    pattern: "tags:<deal_id:int>"
    placeholders: { deal_id: "deals.id" }
    type: set
    ttl: none
    description: deal tags
"#;

/// Postgres + MongoDB + Redis in one project: create, verify, corrupt, restore all three.
#[test]
fn backup_covers_mongo_and_redis() {
    use crate::support::mongo::{mongo, MongoProject};
    use mongodb::bson::doc;
    if !have_pg_tools() {
        return;
    }
    let Some(m) = mongo("backup_covers_mongo_and_redis") else { return };
    let Some(srv) = crate::support::redis::redis("backup_covers_mongo_and_redis") else { return };
    let p = project("bk_multi");
    // The Mongo database (dropped at the end by the helper) and a Redis db of its own.
    let mp = MongoProject::on(m, "bk_multi", "collections: {}\n");
    let rdb = srv.fresh_db();
    std::fs::create_dir_all(p.path("mongo_indexes")).unwrap();
    std::fs::write(p.path("mongo_indexes/app.yaml"), "collections: {}\n").unwrap();
    std::fs::create_dir_all(p.path("seeds/app")).unwrap();
    std::fs::write(p.path("seeds/app/redis.yaml"), REDIS_SPEC).unwrap();
    let yaml = format!(
        "projects:\n  app:\n    postgres:\n      main: {{ url: \"{}\", migrations: migrations/app/main }}\n    \
         mongo: {{ url: \"{}\", database: {}, spec: mongo_indexes/app.yaml }}\n    \
         redis: {{ url: \"{}\", conventions: seeds/app/redis.yaml }}\n",
        p.db.url,
        mp.url,
        mp.db,
        srv.url(rdb)
    );
    std::fs::write(p.path("dbctl.yaml"), yaml).unwrap();

    // Seed: a collection with a validator, an index and documents of several BSON types.
    mp.must(doc! {"create": "deals", "validator": {"$jsonSchema": {"bsonType": "object", "required": ["deal_id"],
    "properties": {"deal_id": {"bsonType": ["int", "long"]}}}}, "validationAction": "error"});
    mp.must(doc! {"createIndexes": "deals", "indexes": [{"key": {"deal_id": 1}, "name": "by_deal", "unique": true}]});
    mp.must(doc! {"insert": "deals", "documents": [
        {"_id": 1, "deal_id": 10_i32, "name": "first", "price": 1.5, "tags": ["a", "b"]},
        {"_id": 2, "deal_id": 20_i64, "name": "second", "nested": {"x": 1}},
        {"_id": 3, "deal_id": 30_i32, "name": "third \"quoted\" ü"},
    ]});
    mp.must(doc! {"insert": "notes", "documents": [{"text": "no validator here"}]});
    // Redis: keys of the conventions (with and without TTL), and one matching none (left out).
    srv.cli(rdb, &["SET", "app:session:abc", "{\"u\":1}", "EX", "3600"]);
    srv.cli(rdb, &["HSET", "app:cart:{42}:items", "sku1", "2", "sku2", "1"]);
    srv.cli(rdb, &["EXPIRE", "app:cart:{42}:items", "86400"]);
    srv.cli(rdb, &["SADD", "app:tags:7", "x", "y"]);
    srv.cli(rdb, &["SET", "app:stray", "1"]);
    srv.cli(rdb, &["SET", "app:tags:notanint", "1"]);

    let r = p.run(&["backup", "create", "--json"]);
    r.code(0);
    let id = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(r.json()["mongo"]["documents"], 4, "{}", r.all());
    assert_eq!(r.json()["redis"]["keys"], 3, "{}", r.all());
    let dir = backups_dir(&p).join(&id);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert!(!manifest["mongo"]["server_version"].as_str().unwrap().is_empty(), "{manifest}");
    assert!(manifest["redis"]["server_version"].as_str().unwrap().starts_with(char::is_numeric), "{manifest}");
    let paths: Vec<&str> = manifest["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    for want in ["mongo/deals.meta.json", "mongo/deals.jsonl", "mongo/notes.jsonl", "redis/keys.jsonl"] {
        assert!(paths.contains(&want), "{want} not in {paths:?}");
        assert_eq!(mode(&dir.join(want)), 0o600, "{want}");
    }
    assert_eq!(mode(&dir.join("mongo")), 0o700);
    let jsonl = std::fs::read_to_string(dir.join("mongo/deals.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 3);
    assert!(jsonl.contains("\"$numberLong\":\"20\""), "canonical Extended JSON keeps types: {jsonl}");
    let meta = std::fs::read_to_string(dir.join("mongo/deals.meta.json")).unwrap();
    assert!(meta.contains("by_deal") && meta.contains("$jsonSchema") && !meta.contains("\"_id_\""), "{meta}");
    let keys = std::fs::read_to_string(dir.join("redis/keys.jsonl")).unwrap();
    assert_eq!(keys.lines().count(), 3, "{keys}");
    p.run(&["backup", "list"]).code(0).contains("mongo:").contains("redis (3 key(s))");
    p.run(&["backup", "verify"]).code(0).contains("every file matches");

    // Restore: Postgres and Mongo into new databases, Redis keys into a fresh db number.
    let rdb2 = srv.fresh_db();
    let r = p.run(&["backup", "restore", "--json", "--redis-db", &rdb2.to_string()]);
    r.code(0);
    let target = format!("{}_restored_{id}", mp.db);
    assert_eq!(r.json()["mongo"]["database"], target.as_str(), "{}", r.all());
    assert!(r.all().contains("configured Redis"), "{}", r.all());
    let restored = MongoProject::new(&mp.url, &target, "collections: {}\n");
    let mut restored = restored;
    restored.drop_database = true;
    let found = restored.must(doc! {"find": "deals", "filter": {}, "sort": {"_id": 1}});
    let batch = found.get_document("cursor").unwrap().get_array("firstBatch").unwrap();
    assert_eq!(batch.len(), 3);
    let d2 = batch[1].as_document().unwrap();
    assert_eq!(d2.get_i64("deal_id").unwrap(), 20, "int64 stays int64: {d2}");
    assert_eq!(d2.get_document("nested").unwrap().get_i32("x").unwrap(), 1);
    assert_eq!(batch[2].as_document().unwrap().get_str("name").unwrap(), "third \"quoted\" ü");
    assert_eq!(batch[0].as_document().unwrap().get_f64("price").unwrap(), 1.5);
    assert_eq!(restored.index_names("deals"), ["_id_", "by_deal"]);
    let colls = restored.must(doc! {"listCollections": 1, "filter": {"name": "deals"}});
    let entry =
        colls.get_document("cursor").unwrap().get_array("firstBatch").unwrap()[0].as_document().unwrap().clone();
    let validator = entry.get_document("options").unwrap().get_document("validator").unwrap();
    assert!(validator.contains_key("$jsonSchema"), "{entry}");
    let n = restored.must(doc! {"count": "notes"});
    assert_eq!(n.get_i32("n").map(i64::from).or_else(|_| n.get_i64("n")).unwrap(), 1);
    // The unique index is live: a duplicate deal_id is refused.
    let dup = restored.command(doc! {"insert": "deals", "documents": [{"deal_id": 10_i32}]});
    assert!(dup.as_ref().map(|d| d.get_array("writeErrors").is_ok()).unwrap_or(true), "{dup:?}");

    assert_eq!(srv.cli(rdb2, &["GET", "app:session:abc"]), "{\"u\":1}");
    assert_eq!(srv.cli(rdb2, &["HGET", "app:cart:{42}:items", "sku1"]), "2");
    assert_eq!(srv.cli(rdb2, &["SCARD", "app:tags:7"]), "2");
    let ttl: i64 = srv.cli(rdb2, &["TTL", "app:session:abc"]).parse().unwrap();
    assert!(ttl > 0 && ttl <= 3600, "ttl {ttl}");
    let ttl: i64 = srv.cli(rdb2, &["TTL", "app:cart:{42}:items"]).parse().unwrap();
    assert!(ttl > 3600, "ttl {ttl}");
    assert_eq!(srv.cli(rdb2, &["TTL", "app:tags:7"]), "-1");
    assert_eq!(srv.cli(rdb2, &["EXISTS", "app:stray"]), "0");
    assert_eq!(srv.cli(rdb2, &["DBSIZE"]), "3");

    // Again: the Mongo target is not empty, so it needs --yes, and nothing is restored (not even
    // the new Postgres target: every target is checked first).
    let pg_target = format!("{}_restored_{id}", p.db.name);
    p.run(&["backup", "restore", "-d", "main", "--to-database", &format!("{}_x", p.db.name)]).code(0);
    p.run(&["backup", "restore", "--to-database", &format!("{}_y", p.db.name), "--redis-db", &rdb2.to_string()])
        .code(2)
        .contains("not empty")
        .contains("--yes");
    assert_eq!(
        query_one(
            &TestDb { name: "postgres".into(), url: pg().url("postgres") },
            &format!("SELECT count(*)::text FROM pg_database WHERE datname = '{}_y'", p.db.name)
        )
        .as_deref(),
        Some("0")
    );
    srv.cli(rdb2, &["SET", "app:session:abc", "changed"]);
    let r = p.run(&["backup", "restore", "--yes", "--redis-db", &rdb2.to_string()]);
    r.code(0);
    assert_eq!(srv.cli(rdb2, &["GET", "app:session:abc"]), "{\"u\":1}");
    assert_eq!(restored.must(doc! {"count": "deals"}).get_i32("n").map(i64::from).unwrap_or(3), 3);
    // Into the configured db itself: the keys exist there, so without --yes it refuses.
    p.run(&[
        "backup",
        "restore",
        "--mongo-database",
        &format!("{}_z", mp.db),
        "--to-database",
        &format!("{}_z", p.db.name),
    ])
    .code(2)
    .contains("exist in Redis")
    .contains("--yes");

    // Corrupt one byte of a jsonl: verify names it (exit 3) and restore refuses.
    let victim = dir.join("mongo/deals.jsonl");
    let mut bytes = std::fs::read(&victim).unwrap();
    bytes[5] ^= 0x01;
    std::fs::write(&victim, &bytes).unwrap();
    p.run(&["backup", "verify", &id]).code(3).contains("mongo/deals.jsonl").contains("altered");
    p.run(&["backup", "restore", &id, "--yes"]).code(2).contains("mongo/deals.jsonl");

    for db in [pg_target, format!("{}_x", p.db.name), format!("{}_y", p.db.name), format!("{}_z", p.db.name)] {
        let _ = block_on(dbctl::conn::drop_database(&pg().url("postgres"), &db));
    }
    let _ = MongoProject::new(&mp.url, &format!("{}_z", mp.db), "collections: {}\n").command(doc! {"dropDatabase": 1});
}
