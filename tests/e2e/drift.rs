//! `dbctl drift` through the binary: exit codes, the three formats, hot-fixes found.

use crate::support::*;

fn migrated_project(tag: &str) -> Project {
    let p = Project::new(tag);
    p.migration(
        "phase1/V1__core.sql",
        "CREATE TYPE status AS ENUM ('draft', 'active');\n\
         CREATE TABLE deals (id serial PRIMARY KEY, title varchar(200) NOT NULL, price numeric(15,2) CHECK (price >= 0),\n\
           status status NOT NULL DEFAULT 'draft', created_at timestamp DEFAULT CURRENT_TIMESTAMP);\n\
         CREATE INDEX idx_deals_status ON deals (status, created_at DESC);\n",
    );
    p.migration("phase1/U1__core.sql", "DROP TABLE deals;\nDROP TYPE status;\n");
    p.run(&["migrate", "up"]).code(0);
    p
}

fn drift(p: &Project, extra: &[&str]) -> Run {
    let dev = pg().url("postgres");
    let mut args = vec!["drift", "--dev-url", dev.as_str()];
    args.extend_from_slice(extra);
    p.run(&args)
}

#[test]
fn clean_database_has_no_drift() {
    let p = migrated_project("drift_clean");
    drift(&p, &[]).code(0).contains("no drift");
    let v = drift(&p, &["--format", "json"]).code(0).json();
    assert_eq!(v["from"], "live");
    assert_eq!(v["against"], "migrations");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["summary"]["errors"], 0);
    assert!(v["deviations"].is_array());
}

#[test]
fn hotfixes_are_reported_with_kind_and_object_and_exit_3() {
    let p = migrated_project("drift_hotfix");
    exec(
        &p.db,
        "ALTER TABLE deals ADD COLUMN hotfix int; ALTER TABLE deals ALTER COLUMN title DROP NOT NULL;\
                 DROP INDEX idx_deals_status; ALTER TYPE status ADD VALUE 'archived';",
    );
    let r = drift(&p, &["--json"]);
    r.code(3);
    let v = r.json();
    let got: Vec<(String, String)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["kind"].as_str().unwrap_or("").to_string(), f["object"].as_str().unwrap_or("").to_string()))
        .collect();
    for want in [
        ("extra_column", "public.deals.hotfix"),
        ("column_nullability", "public.deals.title"),
        ("missing_index", "public.idx_deals_status"),
        ("enum_values", "public.status"),
    ] {
        assert!(got.iter().any(|(k, o)| k == want.0 && o == want.1), "missing {want:?} in {got:?}");
    }
    assert!(v["summary"]["errors"].as_u64().unwrap_or(0) >= 4);
    let text = drift(&p, &[]);
    text.code(3).contains("public.deals.hotfix").contains("errors");
}

#[test]
fn junit_output_is_valid_xml_with_a_case_per_object() {
    let p = migrated_project("drift_junit");
    exec(&p.db, "ALTER TABLE deals ADD COLUMN \"a<b&c\" int; CREATE TABLE extra_t (id int);");
    let r = drift(&p, &["--format", "junit"]);
    r.code(3);
    let doc = roxmltree::Document::parse(&r.stdout).unwrap_or_else(|e| panic!("invalid XML ({e}):\n{}", r.stdout));
    let cases: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    assert!(cases.len() >= 2, "{}", r.stdout);
    assert!(cases.iter().any(|c| c.attribute("name").is_some_and(|n| n.contains("a<b&c"))), "{}", r.stdout);
    assert!(doc.descendants().any(|n| n.has_tag_name("failure")));
}

#[test]
fn from_migrations_against_migrations_is_refused() {
    let p = migrated_project("drift_args");
    drift(&p, &["--from", "migrations", "--against", "migrations"]).code(2).contains("nothing to compare");
}

#[test]
fn replay_cache_follows_the_migration_files() {
    let p = migrated_project("drift_cache");
    drift(&p, &[]).code(0);
    assert!(std::fs::read_dir(p.path(".dbctl/cache")).map(|d| d.count()).unwrap_or(0) >= 1, "the replay is cached");
    drift(&p, &[]).code(0);
    // A changed migration is replayed again, not served from the cache.
    p.migration("phase1/V2__more.sql", "ALTER TABLE deals ADD COLUMN extra int;\n");
    p.migration("phase1/U2__more.sql", "ALTER TABLE deals DROP COLUMN extra;\n");
    let v = drift(&p, &["--json"]).code(3).json();
    assert_eq!(v["findings"][0]["kind"], "missing_column", "{v}");
    assert_eq!(v["findings"][0]["object"], "public.deals.extra");
}
