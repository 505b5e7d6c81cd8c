//! `dbctl migrate` end to end: targeting, dry runs, checksums, failures, concurrency, crashes,
//! confirmation, no-transaction migrations and secrets.

use crate::support::*;
use std::time::{Duration, Instant};

/// Three phases, two migrations each, all reversible.
fn three_phases(p: &Project) {
    for (phase, v) in [(1, 101), (1, 102), (2, 201), (2, 202), (3, 301), (3, 302)] {
        p.migration(
            &format!("phase{phase}-p/V{v}__t{v}.sql"),
            &format!("-- table t{v}\nCREATE TABLE t{v} (id int PRIMARY KEY);\n"),
        );
        p.migration(&format!("phase{phase}-p/U{v}__t{v}.sql"), &format!("DROP TABLE t{v};\n"));
    }
}

fn applied(db: &TestDb) -> Vec<i64> {
    let s = query_one(
        db,
        "SELECT coalesce(string_agg(version::text, ',' ORDER BY version), '') FROM dbctl.schema_history WHERE success",
    )
    .unwrap_or_default();
    s.split(',').filter(|x| !x.is_empty()).map(|x| x.parse().expect("version")).collect()
}

fn tables(db: &TestDb) -> Vec<String> {
    let s = query_one(
        db,
        "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables WHERE schemaname = 'public'",
    )
    .unwrap_or_default();
    s.split(',').filter(|x| !x.is_empty()).map(String::from).collect()
}

#[test]
fn phase_and_version_targeting_up_and_down() {
    let p = Project::new("targeting");
    three_phases(&p);
    p.run(&["migrate", "up", "--phase", "1"]).code(0);
    assert_eq!(applied(&p.db), [101, 102]);
    p.run(&["migrate", "up", "--to", "201"]).code(0);
    assert_eq!(applied(&p.db), [101, 102, 201]);
    p.run(&["migrate", "up"]).code(0);
    assert_eq!(applied(&p.db), [101, 102, 201, 202, 301, 302]);
    p.run(&["migrate", "down", "--steps", "1", "--yes"]).code(0);
    assert_eq!(applied(&p.db), [101, 102, 201, 202, 301]);
    p.run(&["migrate", "down", "--phase", "2", "--yes"]).code(0);
    assert_eq!(applied(&p.db), [101, 102]);
    assert_eq!(tables(&p.db), ["t101", "t102"]);
    p.run(&["migrate", "up", "--to", "202"]).code(0);
    p.run(&["migrate", "down", "--to", "101", "--yes"]).code(0);
    assert_eq!(applied(&p.db), [101]);
    p.run(&["migrate", "down", "--all", "--yes"]).code(0);
    assert!(applied(&p.db).is_empty());
    assert!(tables(&p.db).is_empty());
    // Unknown targets are input errors.
    p.run(&["migrate", "up", "--phase", "9"]).code(2).contains("no phase 9");
    p.run(&["migrate", "up", "--to", "150"]).code(2).contains("no migration with version 150");
}

#[test]
fn dry_run_changes_nothing_and_prints_the_sql() {
    let p = Project::new("dryrun");
    three_phases(&p);
    p.run(&["migrate", "up", "--phase", "1"]).code(0);
    let before = schema_dump(&p.db);
    let r = p.run(&["migrate", "up", "--dry-run"]);
    r.code(0).contains("CREATE TABLE t201").contains("V302");
    assert_eq!(before, schema_dump(&p.db));
    let r = p.run(&["migrate", "down", "--all", "--dry-run"]);
    r.code(0).contains("DROP TABLE t102");
    assert_eq!(before, schema_dump(&p.db));
    assert_eq!(applied(&p.db), [101, 102]);
}

#[test]
fn edited_applied_file_is_refused_until_repair() {
    let p = Project::new("checksum");
    three_phases(&p);
    p.run(&["migrate", "up", "--phase", "1"]).code(0);
    p.migration("phase1-p/V102__t102.sql", "CREATE TABLE t102 (id int PRIMARY KEY, extra text);\n");
    let r = p.run(&["migrate", "up"]);
    r.code(2).contains("V102__t102.sql").contains("changed since it was applied").contains("migrate repair");
    assert_eq!(applied(&p.db), [101, 102], "nothing applied after the refusal");
    p.run(&["migrate", "status", "--check"]).code(3).contains("changed");
    p.run(&["migrate", "repair", "--yes"]).code(0).contains("re-recorded checksum");
    p.run(&["migrate", "up"]).code(0);
    assert_eq!(applied(&p.db).len(), 6);
    p.run(&["migrate", "status", "--check"]).code(0);
}

#[test]
fn the_script_cache_never_hides_an_edit() {
    let p = Project::new("script_cache");
    let off = Project::new("script_cache_off");
    for q in [&p, &off] {
        q.migration("phase1/V1__a.sql", "CREATE TABLE a (id int);\n");
        q.migration("phase1/U1__a.sql", "DROP TABLE a;\n");
    }
    // Scripts changed in the last two seconds are never cached: let these settle first.
    std::thread::sleep(Duration::from_millis(2100));
    p.run(&["migrate", "up"]).code(0);
    let cached: Vec<_> = std::fs::read_dir(p.path(".dbctl/cache"))
        .expect("a cache directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.file_name().is_some_and(|n| n.to_string_lossy().starts_with("scripts-")))
        .collect();
    assert_eq!(cached.len(), 1, "one script cache for the one migrations directory");
    p.run(&["migrate", "status", "--check"]).code(0);
    // The same size, and the old mtime put back: only the ctime (which nothing can set) tells.
    let v1 = p.path("migrations/app/main/phase1/V1__a.sql");
    let mtime = std::fs::metadata(&v1).and_then(|m| m.modified()).expect("mtime");
    p.migration("phase1/V1__a.sql", "CREATE TABLE b (id int);\n");
    std::fs::File::options().write(true).open(&v1).and_then(|f| f.set_modified(mtime)).expect("set mtime");
    p.run(&["migrate", "status", "--check"]).code(3).contains("changed");
    p.run(&["migrate", "up"]).code(2).contains("V1__a.sql");
    // A damaged cache is ignored, not trusted.
    std::fs::write(&cached[0], b"DBCTLSC1 not a cache").expect("damage the cache");
    p.run(&["migrate", "status", "--check"]).code(3).contains("changed");
    // Switched off, nothing is written.
    off.cmd(&["migrate", "up"]).env("DBCTL_NO_CACHE", "1").status().expect("run dbctl");
    assert_eq!(applied(&off.db), [1]);
    assert!(!off.path(".dbctl/cache").exists(), "DBCTL_NO_CACHE=1 wrote a cache");
}

#[test]
fn crlf_and_bom_checkout_is_not_changed() {
    let p = Project::new("crlf");
    p.migration("phase1/V1__a.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
    p.migration("phase1/U1__a.sql", "DROP TABLE b;\nDROP TABLE a;\n");
    p.run(&["migrate", "up"]).code(0);
    p.migration("phase1/V1__a.sql", "\u{feff}CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n");
    p.run(&["migrate", "status", "--check"]).code(0);
    p.run(&["migrate", "up"]).code(0).contains("Up to date");
}

#[test]
fn failing_statement_names_file_and_line_and_leaves_nothing() {
    let p = Project::new("failing");
    p.migration("phase1/V1__ok.sql", "CREATE TABLE ok (id int);\n");
    p.migration("phase1/U1__ok.sql", "DROP TABLE ok;\n");
    p.migration(
        "phase1/V2__bad.sql",
        "-- creates two tables, the second with a typo\nCREATE TABLE first_one (id int);\n\nCREATE TABLE second (\n    id int,\n    v nosuchtype\n);\n",
    );
    p.migration("phase1/U2__bad.sql", "DROP TABLE second;\nDROP TABLE first_one;\n");
    let r = p.run(&["migrate", "up"]);
    r.code(1).contains("V2__bad.sql:6:7").contains("42704").contains("nosuchtype");
    assert_eq!(applied(&p.db), [1]);
    assert_eq!(tables(&p.db), ["ok"], "the failed migration left objects behind");
    assert_eq!(query_i64(&p.db, "SELECT count(*) FROM dbctl.schema_history WHERE version = 2"), 0);
    // A runtime error without a position points at the statement's first line.
    p.migration("phase1/V2__bad.sql", "CREATE TABLE first_one (id int);\nSELECT 1/0;\n");
    p.run(&["migrate", "up"]).code(1).contains("V2__bad.sql:2:1").contains("22012").contains("division by zero");
    assert_eq!(tables(&p.db), ["ok"]);
}

#[test]
fn six_concurrent_ups_apply_each_migration_once() {
    let p = Project::new("concurrent");
    p.migration("phase1/V1__counter.sql", "CREATE TABLE runs (version int NOT NULL);\nINSERT INTO runs VALUES (1);\n");
    p.migration("phase1/U1__counter.sql", "DROP TABLE runs;\n");
    for v in 2..=12 {
        p.migration(
            &format!("phase1/V{v}__m{v}.sql"),
            &format!("INSERT INTO runs VALUES ({v});\nSELECT pg_sleep(0.02);\n"),
        );
        p.migration(&format!("phase1/U{v}__m{v}.sql"), &format!("DELETE FROM runs WHERE version = {v};\n"));
    }
    let children: Vec<_> = (0..6)
        .map(|_| {
            p.cmd(&["migrate", "up"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        Run::from(c.wait_with_output().expect("wait")).code(0);
    }
    assert_eq!(query_i64(&p.db, "SELECT count(*) FROM runs"), 12);
    assert_eq!(query_i64(&p.db, "SELECT count(DISTINCT version) FROM runs"), 12);
    assert_eq!(applied(&p.db), (1..=12).collect::<Vec<i64>>());
}

#[test]
fn sigkill_mid_migration_leaves_no_partial_state() {
    let p = Project::new("sigkill");
    p.migration(
        "phase1/V1__slow.sql",
        "CREATE TABLE half_done (id int);\nSELECT pg_sleep(4);\nCREATE TABLE done (id int);\n",
    );
    p.migration("phase1/U1__slow.sql", "DROP TABLE done;\nDROP TABLE half_done;\n");
    let mut child = p.cmd(&["migrate", "up"]).spawn().expect("spawn");
    // Wait until the server is inside pg_sleep.
    let start = Instant::now();
    while query_i64(&p.db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'BEGIN;%pg_sleep(4)%'") == 0 {
        assert!(start.elapsed() < Duration::from_secs(20), "migration never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    assert!(tables(&p.db).is_empty() || tables(&p.db) == ["half_done"], "unexpected: {:?}", tables(&p.db));
    // The next run waits for the dead session's lock, then completes.
    p.run(&["migrate", "up"]).code(0);
    assert_eq!(tables(&p.db), ["done", "half_done"]);
    assert_eq!(applied(&p.db), [1]);
}

#[test]
fn down_without_yes_refuses_when_stdin_is_not_a_terminal() {
    let p = Project::new("confirm");
    three_phases(&p);
    p.run(&["migrate", "up"]).code(0);
    let before = schema_dump(&p.db);
    p.run(&["migrate", "down", "--steps", "2"]).code(2).contains("--yes").contains("not a terminal");
    assert_eq!(before, schema_dump(&p.db));
    assert_eq!(applied(&p.db).len(), 6);
}

#[test]
fn a_failing_migration_in_a_long_up_keeps_those_before_it() {
    // Quick migrations are pipelined (V1 | V2-3 | V4-7 | V8-15 | V16-31 ...): V20 fails in the
    // middle of a message; V16-19 stay committed, V20 and the rest are not applied.
    let p = Project::new("up_fails");
    for v in 1..=40 {
        let sql = if v == 20 {
            "CREATE TABLE t20 (id int);\nCREATE TABLE t20b (id nosuchtype);\n".to_string()
        } else {
            format!("CREATE TABLE t{v} (id int);\n")
        };
        p.migration(&format!("phase1/V{v}__t{v}.sql"), &sql);
        p.migration(&format!("phase1/U{v}__t{v}.sql"), &format!("DROP TABLE t{v};\n"));
    }
    p.run(&["migrate", "up"]).code(1).contains("V20__t20.sql:2:23").contains("42704");
    assert_eq!(applied(&p.db), (1..=19).collect::<Vec<i64>>());
    let mut want: Vec<String> = (1..=19).map(|v| format!("t{v}")).collect();
    want.sort();
    assert_eq!(tables(&p.db), want, "V20's first CREATE TABLE must have been rolled back");
    assert_eq!(query_i64(&p.db, "SELECT count(*) FROM dbctl.schema_history WHERE execution_ms < 0"), 0);
    p.migration("phase1/V20__t20.sql", "CREATE TABLE t20 (id int);\n");
    p.run(&["migrate", "up"]).code(0);
    assert_eq!(applied(&p.db), (1..=40).collect::<Vec<i64>>());
}

#[test]
fn a_failing_rollback_in_a_long_down_keeps_those_before_it() {
    // Quick rollbacks are pipelined (1, 2, 4, 8, then 16 per message: U40 | U39-38 | U37-34 |
    // U33-26 | U25-10), so U20 fails in the middle of a message: the five before it in that
    // message stay committed, it and everything after it stay applied, and its error is pinned.
    let p = Project::new("down_fails");
    for v in 1..=40 {
        p.migration(&format!("phase1/V{v}__t{v}.sql"), &format!("CREATE TABLE t{v} (id int);\n"));
        let undo = if v == 20 {
            "DROP TABLE t20;\nDROP TABLE no_such_table;\n".to_string()
        } else {
            format!("DROP TABLE t{v};\n")
        };
        p.migration(&format!("phase1/U{v}__t{v}.sql"), &undo);
    }
    p.run(&["migrate", "up"]).code(0);
    p.run(&["migrate", "down", "--all", "--yes"]).code(1).contains("U20__t20.sql:2:1").contains("42P01");
    assert_eq!(applied(&p.db), (1..=20).collect::<Vec<i64>>());
    let mut want: Vec<String> = (1..=20).map(|v| format!("t{v}")).collect();
    want.sort();
    assert_eq!(tables(&p.db), want, "U20's own DROP TABLE t20 must have been rolled back");
    // Fixed, the same command finishes the job.
    p.migration("phase1/U20__t20.sql", "DROP TABLE t20;\n");
    p.run(&["migrate", "down", "--all", "--yes"]).code(0);
    assert!(applied(&p.db).is_empty());
    assert!(tables(&p.db).is_empty());
}

#[test]
fn irreversible_migration_stops_down() {
    let p = Project::new("irreversible");
    p.migration("phase1/V1__a.sql", "CREATE TABLE a (id int);\n");
    p.migration("phase1/U1__a.sql", "DROP TABLE a;\n");
    p.migration("phase1/V2__drop_data.sql", "-- dbctl:irreversible\nALTER TABLE a ADD COLUMN x int;\n");
    p.run(&["migrate", "up"]).code(0);
    p.run(&["migrate", "down", "--all", "--yes"]).code(2).contains("irreversible").contains("V2__drop_data.sql");
    assert_eq!(applied(&p.db), [1, 2]);
}

#[test]
fn concurrent_index_build_under_the_lock_does_not_deadlock() {
    let p = Project::new("cic");
    p.migration(
        "phase1/V1__table.sql",
        "CREATE TABLE big (id int, v int);\nINSERT INTO big SELECT g, g % 100 FROM generate_series(1, 20000) g;\n",
    );
    p.migration("phase1/U1__table.sql", "DROP TABLE big;\n");
    p.migration(
        "phase1/V2__index.sql",
        "-- dbctl:no-transaction\nSELECT pg_sleep(1.5);\nCREATE INDEX CONCURRENTLY big_v_idx ON big (v);\n",
    );
    p.migration("phase1/U2__index.sql", "-- dbctl:no-transaction\nDROP INDEX CONCURRENTLY big_v_idx;\n");
    p.run(&["migrate", "up", "--to", "1"]).code(0);
    let first = p
        .cmd(&["migrate", "up", "--lock-timeout", "30"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(400));
    let second = p
        .cmd(&["migrate", "up", "--lock-timeout", "30"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    let a = Run::from(first.wait_with_output().expect("wait"));
    let b = Run::from(second.wait_with_output().expect("wait"));
    a.code(0);
    b.code(0);
    assert!(start.elapsed() < Duration::from_secs(25), "took {:?}", start.elapsed());
    assert_eq!(applied(&p.db), [1, 2]);
    assert_eq!(
        query_one(&p.db, "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'big_v_idx'::regclass").as_deref(),
        Some("true")
    );
}

#[test]
fn failed_no_transaction_migration_recovers_with_repair_then_up() {
    let p = Project::new("notx_repair");
    p.migration("phase1/V1__t.sql", "CREATE TABLE t (id int);\nCREATE TABLE gate (ok int);\n");
    p.migration("phase1/U1__t.sql", "DROP TABLE gate;\nDROP TABLE t;\n");
    p.migration(
        "phase1/V2__build.sql",
        "-- dbctl:no-transaction\nCREATE INDEX CONCURRENTLY t_id_idx ON t (id);\nINSERT INTO t SELECT 100 / count(*) FROM gate;\nCREATE INDEX CONCURRENTLY t_id2_idx ON t (id);\n",
    );
    p.migration("phase1/U2__build.sql", "-- dbctl:no-transaction\nDROP INDEX CONCURRENTLY t_id2_idx;\nDROP INDEX CONCURRENTLY t_id_idx;\nDELETE FROM t;\n");
    p.run(&["migrate", "up"]).code(1).contains("V2__build.sql:3:").contains("division by zero").contains("repair");
    p.run(&["migrate", "status"]).code(0).contains("failed");
    p.run(&["migrate", "up"]).code(2).contains("failed earlier").contains("migrate repair");
    // Fix the cause (data, not the history table), then repair and up resume at statement 2.
    exec(&p.db, "INSERT INTO gate VALUES (1)");
    p.run(&["migrate", "repair", "--yes"]).code(0).contains("cleared the failure");
    p.run(&["migrate", "up"]).code(0);
    assert_eq!(applied(&p.db), [1, 2]);
    assert_eq!(query_i64(&p.db, "SELECT count(*) FROM pg_indexes WHERE tablename = 't'"), 2);
    assert_eq!(query_i64(&p.db, "SELECT count(*) FROM t"), 1);
    p.run(&["migrate", "status", "--check"]).code(0);
    p.run(&["migrate", "down", "--steps", "1", "--yes"]).code(0);
    assert_eq!(query_i64(&p.db, "SELECT count(*) FROM pg_indexes WHERE tablename = 't'"), 0);
}

#[test]
fn status_without_a_database_still_validates_files() {
    let db = TestDb { name: "unused".into(), url: String::new() };
    let p = Project::with_url("unreachable", db, "postgres://app:Hunter2-secret@127.0.0.1:1/app");
    p.migration("phase1/V1__a.sql", "CREATE TABLE a (id int);\n");
    p.migration("phase1/U1__a.sql", "DROP TABLE a;\n");
    let r = p.run(&["migrate", "status"]);
    r.code(1).contains("1 migration file(s) are valid").contains("could not be reached");
    assert!(!r.all().contains("Hunter2-secret"), "password leaked:\n{}", r.all());
    // A layout problem is reported (exit 2) whether or not the server answers.
    p.migration("phase1/V2__no_rollback.sql", "SELECT 1;\n");
    p.run(&["migrate", "status"]).code(2).contains("V2__no_rollback.sql: has no rollback");
}

#[test]
fn passwords_never_reach_output() {
    let db = fresh_db("secret");
    // The test server trusts loopback, so any password is accepted: it must still never be shown.
    let url = db.url.replace("postgres@", "postgres:S3cr3t-P%40ss@");
    let p = Project::with_url("secret", db, &url);
    three_phases(&p);
    p.migration("phase3-p/V303__bad.sql", "SELECT nosuchfunction();\n");
    p.migration("phase3-p/U303__bad.sql", "SELECT 1;\n");
    let mut outputs = vec![
        p.run(&["migrate", "up", "--to", "301"]),
        p.run(&["migrate", "status"]),
        p.run(&["--json", "migrate", "status"]),
        p.run(&["migrate", "up", "--dry-run"]),
        p.run(&["migrate", "up"]),
        p.run(&["-v", "migrate", "down", "--steps", "1"]),
    ];
    let bad = Project::with_url(
        "secret2",
        TestDb { name: "x".into(), url: String::new() },
        "postgres://u:S3cr3t-P%40ss@127.0.0.1:1/x",
    );
    bad.migration("phase1/V1__a.sql", "SELECT 1;\n");
    bad.migration("phase1/U1__a.sql", "SELECT 1;\n");
    outputs.push(bad.run(&["migrate", "up"]));
    let json_err = bad.run(&["--json", "migrate", "up"]);
    json_err.code(1);
    assert!(
        json_err.json()["error"]["message"].as_str().is_some_and(|m| m.contains("cannot connect")),
        "{}",
        json_err.stdout
    );
    outputs.push(json_err);
    outputs.push(bad.run(&["--json", "migrate", "status"]));
    for r in &outputs {
        let all = r.all();
        assert!(!all.contains("S3cr3t") && !all.contains("P%40ss") && !all.contains("P@ss"), "password leaked:\n{all}");
    }
    assert!(outputs[1].stdout.contains("postgres:***@"), "the URL is shown redacted:\n{}", outputs[1].stdout);
}

#[test]
fn status_json_has_the_documented_shape() {
    let p = Project::new("statusjson");
    three_phases(&p);
    p.run(&["migrate", "up", "--phase", "2"]).code(0);
    let v = p.run(&["--json", "migrate", "status"]).code(0).json();
    assert_eq!(v["project"], "app");
    assert_eq!(v["database"], "main");
    let ms = v["migrations"].as_array().expect("migrations array");
    assert_eq!(ms.len(), 6);
    assert_eq!(ms[0]["version"], 101);
    assert_eq!(ms[0]["state"], "applied");
    assert_eq!(ms[0]["phase"], 1);
    assert_eq!(ms[0]["checksum"].as_str().map(str::len), Some(64));
    assert!(ms[0]["applied_at"].as_str().is_some_and(|s| s.ends_with('Z')));
    assert_eq!(ms[5]["state"], "pending");
    assert!(ms[5]["applied_at"].is_null());
    p.run(&["migrate", "status", "--check"]).code(3);
}

#[test]
fn new_writes_the_next_pair() {
    let p = Project::new("new");
    three_phases(&p);
    p.run(&["migrate", "new", "--phase", "2", "add", "Deal tags"]).code(0).contains("V203__add_deal_tags.sql");
    assert!(p.path("migrations/app/main/phase2-p/V203__add_deal_tags.sql").is_file());
    assert!(p.path("migrations/app/main/phase2-p/U203__add_deal_tags.sql").is_file());
    p.run(&["migrate", "new", "--phase", "4", "later"]).code(0);
    assert!(p.path("migrations/app/main/phase4/V401__later.sql").is_file());
    p.run(&["migrate", "status"]).code(0);
}

#[test]
fn refinery_history_becomes_the_baseline() {
    let p = Project::new("refinery");
    three_phases(&p);
    exec(&p.db, "CREATE TABLE t101 (id int PRIMARY KEY); CREATE TABLE t102 (id int PRIMARY KEY);
        CREATE TABLE refinery_schema_history (version int4 PRIMARY KEY, name varchar(255), applied_on varchar(255), checksum varchar(255));
        INSERT INTO refinery_schema_history VALUES (101, 't101', '2024-01-01', '1'), (102, 't102', '2024-01-01', '2');");
    p.run(&["migrate", "up"]).code(0).contains("4 migration(s) applied");
    assert_eq!(applied(&p.db).len(), 6);
}

#[test]
fn verify_names_a_rollback_that_forgets_an_index() {
    let p = Project::new("verify");
    let dev = pg().url("postgres");
    p.migration("phase1/V1__t.sql", "CREATE TABLE t (id int PRIMARY KEY, v int);\n");
    p.migration("phase1/U1__t.sql", "DROP TABLE t;\n");
    p.migration("phase1/V2__idx.sql", "CREATE INDEX t_v_idx ON t (v);\nCREATE TABLE side (id int);\n");
    p.migration("phase1/U2__idx.sql", "DROP TABLE side;\n");
    let r = p.run(&["migrate", "verify", "--dev-url", &dev]);
    r.code(3).contains("U2__idx.sql").contains("t_v_idx").contains("does not restore");
    assert!(!r.all().contains("U1__t.sql (V1)"), "the good rollback is not blamed:\n{}", r.all());
    // Fixed, it passes; and verify never touched the project's own database.
    p.migration("phase1/U2__idx.sql", "DROP TABLE side;\nDROP INDEX t_v_idx;\n");
    p.run(&["migrate", "verify", "--dev-url", &dev]).code(0).contains("2 rollback(s) restore the schema exactly");
    assert_eq!(query_one(&p.db, "SELECT to_regclass('dbctl.schema_history')::text"), None);
}

#[test]
fn script_ending_inside_a_string_fails_and_records_nothing() {
    let p = Project::new("unterminated");
    p.migration("phase1/V1__bad.sql", "CREATE TABLE a (id int);\nSELECT 'oops;\n");
    p.migration("phase1/U1__bad.sql", "DROP TABLE a;\n");
    p.run(&["migrate", "up"]).code(1).contains("V1__bad.sql").contains("unterminated");
    assert!(tables(&p.db).is_empty());
    assert_eq!(query_i64(&p.db, "SELECT count(*) FROM dbctl.schema_history"), 0);
}
