//! Arguments, configuration errors and layout validation through the binary.

use crate::support::*;

#[test]
fn version_and_help() {
    let r = Run::from(dbctl().arg("--version").output().expect("run"));
    r.code(0).contains(env!("CARGO_PKG_VERSION"));
    Run::from(dbctl().args(["migrate", "--help"]).output().expect("run")).code(0).contains("verify");
    Run::from(dbctl().args(["migrate", "down"]).output().expect("run")).code(2);
}

#[test]
fn malformed_config_names_file_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("dbctl.yaml"),
        "projects:\n  app:\n    postgres:\n      main: { url: x, migrations: [\n",
    )
    .expect("write");
    let r = Run::from(dbctl().current_dir(dir.path()).args(["migrate", "status"]).output().expect("run"));
    r.code(2).contains("dbctl.yaml:");
    assert!(r.stderr.lines().any(|l| l.contains("dbctl.yaml:") && l.matches(':').count() >= 3), "{}", r.stderr);
    std::fs::write(dir.path().join("dbctl.yaml"), "projects:\n  app:\n    postgress: {}\n").expect("write");
    Run::from(dbctl().current_dir(dir.path()).args(["migrate", "status"]).output().expect("run"))
        .code(2)
        .contains("dbctl.yaml:3:")
        .contains("postgress");
    let missing = Run::from(
        dbctl().current_dir(dir.path()).args(["--config", "nope.yaml", "migrate", "status"]).output().expect("run"),
    );
    missing.code(2).contains("nope.yaml");
}

#[test]
fn env_expansion_and_project_selection() {
    let db = fresh_db("envx");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("dbctl.yaml"),
        "projects:\n  a:\n    postgres:\n      main: { url: \"${APP_URL}\", migrations: \"${MIG_DIR:-m}/a\" }\n  b:\n    postgres:\n      main: { url: \"${APP_URL}\", migrations: m/b }\n",
    )
    .expect("write");
    for d in ["m/a/phase1", "m/b/phase1"] {
        std::fs::create_dir_all(dir.path().join(d)).expect("mkdir");
    }
    std::fs::write(dir.path().join("m/a/phase1/V1__x.sql"), "CREATE TABLE x (id int);").expect("write");
    std::fs::write(dir.path().join("m/a/phase1/U1__x.sql"), "DROP TABLE x;").expect("write");
    let run = |args: &[&str]| {
        Run::from(dbctl().current_dir(dir.path()).env("APP_URL", &db.url).args(args).output().expect("run"))
    };
    run(&["migrate", "up"]).code(2).contains("-p NAME").contains("a, b");
    run(&["-p", "zz", "migrate", "up"]).code(2).contains("no project \"zz\"");
    run(&["-p", "a", "-d", "nope", "migrate", "up"]).code(2).contains("no database \"nope\"");
    run(&["-p", "a", "migrate", "up"]).code(0);
    assert_eq!(query_i64(&db, "SELECT count(*) FROM dbctl.schema_history"), 1);
    // DBCTL_CONFIG points at the file from anywhere.
    let other = tempfile::tempdir().expect("tempdir");
    Run::from(
        dbctl()
            .current_dir(other.path())
            .env("DBCTL_CONFIG", dir.path().join("dbctl.yaml"))
            .env("APP_URL", &db.url)
            .args(["-p", "a", "migrate", "status", "--check"])
            .output()
            .expect("run"),
    )
    .code(0);
}

#[test]
fn layout_problems_are_all_reported_with_exit_2() {
    let p = Project::new("layout");
    p.migration("phase1/V1__a.sql", "SELECT 1;");
    p.migration("phase1/U1__a.sql", "SELECT 1;");
    p.migration("phase1/V2__b.sql", "SELECT 1;");
    p.migration("phase2/V1__dup.sql", "SELECT 1;");
    p.migration("phase2/U1__dup.sql", "SELECT 1;");
    p.migration("phase2/Vx__bad.sql", "SELECT 1;");
    p.migration("notaphase/V9__z.sql", "SELECT 1;");
    let r = p.run(&["migrate", "up"]);
    r.code(2)
        .contains("V2__b.sql: has no rollback")
        .contains("duplicate version 1")
        .contains("Vx__bad.sql: bad migration file name")
        .contains("notaphase: directory name must be");
    assert_eq!(
        query_one(&p.db, "SELECT to_regclass('dbctl.schema_history')::text"),
        None,
        "nothing touched the database"
    );
}
