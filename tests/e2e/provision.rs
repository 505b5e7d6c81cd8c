//! `dbctl provision` end to end: roles with least privilege, idempotency, hostile names and
//! passwords, databases created when missing, and `dbctl up` running it first.

// A failed setup step in a test should panic on the spot; the assertion messages carry the detail.
#![allow(clippy::unwrap_used)]

use crate::support::*;

const PASSWORD: &str = "p'a\"ss w0rd; DROP ROLE postgres; --";

/// Percent-encodes a user or database name for a URL.
fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A URL for `role` (trust auth on the test server: who you are is what counts).
fn url_as(role: &str, db: &str) -> String {
    format!("postgres://{}@127.0.0.1:{}/{}", enc(role), pg().port, enc(db))
}

/// Runs SQL as `role`; returns the SQLSTATE on failure.
fn exec_as(role: &str, db: &str, sql: &str) -> Result<(), String> {
    block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&url_as(role, db)).await.map_err(|e| format!("connect: {e}"))?;
        sqlx::raw_sql(sql).execute(&mut c).await.map(|_| ()).map_err(|e| match &e {
            sqlx::Error::Database(d) => d.code().map(|c| c.to_string()).unwrap_or_default(),
            other => other.to_string(),
        })
    })
}

struct Roles {
    owner: String,
    app: String,
    readonly: String,
    auditor: String,
}

/// A project on its own database whose roles have unique (and, for app, hostile) names.
fn project(tag: &str) -> (Project, Roles) {
    let p = Project::new(tag);
    let base = p.db.name.clone();
    let roles = Roles {
        owner: format!("{base}_owner"),
        app: format!("{base} a\"pp'; DROP TABLE x; --"),
        readonly: format!("{base}_ro"),
        auditor: format!("{base}_aud"),
    };
    std::fs::write(p.path("owner.pw"), format!("{PASSWORD}\n")).unwrap();
    let yaml = format!(
        "projects:\n  app:\n    postgres:\n      main: {{ url: \"{}\", migrations: migrations/app/main }}\n    extensions: [pgcrypto]\n    roles:\n      owner: {{ name: {:?}, password_file: owner.pw }}\n      app: {{ name: {:?}, password_env: TEST_APP_PW }}\n      readonly: {{ name: {:?} }}\n      auditor: {{ name: {:?} }}\n",
        p.db.url, roles.owner, roles.app, roles.readonly, roles.auditor
    );
    std::fs::write(p.path("dbctl.yaml"), yaml).unwrap();
    p.migration(
        "phase1/V101__items.sql",
        "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);\nINSERT INTO items (name) VALUES ('a'), ('b');\n",
    );
    p.migration("phase1/U101__items.sql", "DROP TABLE items;\n");
    (p, roles)
}

fn provision(p: &Project, args: &[&str]) -> Run {
    let mut c = p.cmd(args);
    c.env("TEST_APP_PW", PASSWORD);
    Run::from(c.output().expect("run dbctl"))
}

#[test]
fn provision_twice_then_least_privilege_holds() {
    let (p, r) = project("prov_least");
    let first = provision(&p, &["provision"]);
    first.code(0).contains("CREATE ROLE").contains("PASSWORD '***'").contains("ALTER DEFAULT PRIVILEGES");
    assert!(!first.all().contains(PASSWORD), "password leaked:\n{}", first.all());
    assert!(!first.all().contains("p'a"), "part of the password leaked:\n{}", first.all());

    let second = provision(&p, &["provision", "--json"]);
    second.code(0);
    let changes = &second.json()["provisioned"][0]["changes"];
    assert_eq!(changes.as_array().map(|a| a.len()), Some(0), "second run changed things: {changes}");
    assert!(second.stderr.contains("Up to date"), "{}", second.stderr);
    assert!(!second.all().contains(PASSWORD));
    // Migrations run after provision (as `dbctl up` does): the default privileges cover the
    // tables they create, so provision has nothing to add afterwards either.
    p.run(&["migrate", "up"]).code(0);
    let after = provision(&p, &["provision", "--json"]);
    after.code(0);
    assert_eq!(after.json()["provisioned"][0]["changes"].as_array().map(|a| a.len()), Some(0), "{}", after.stdout);

    let db = &p.db.name;
    // The app role writes, and cannot run DDL.
    exec_as(&r.app, db, "INSERT INTO items (name) VALUES ('c'); UPDATE items SET name = 'z' WHERE id = 1; DELETE FROM items WHERE id = 2")
        .expect("app writes");
    assert_eq!(exec_as(&r.app, db, "CREATE TABLE evil (id int)"), Err("42501".into()));
    assert_eq!(exec_as(&r.app, db, "DROP TABLE items"), Err("42501".into()));
    assert_eq!(exec_as(&r.app, db, "ALTER TABLE items ADD COLUMN x int"), Err("42501".into()));
    assert_eq!(exec_as(&r.app, db, "DELETE FROM dbctl.schema_history"), Err("42501".into()));
    // The read-only role reads and cannot write.
    exec_as(&r.readonly, db, "SELECT count(*) FROM items").expect("readonly reads");
    assert_eq!(exec_as(&r.readonly, db, "INSERT INTO items (name) VALUES ('x')"), Err("42501".into()));
    assert_eq!(exec_as(&r.readonly, db, "UPDATE items SET name = 'y'"), Err("42501".into()));
    assert_eq!(exec_as(&r.readonly, db, "SELECT * FROM dbctl.schema_history"), Err("42501".into()));
    // The auditor reads the migration history too, and writes nothing.
    exec_as(&r.auditor, db, "SELECT count(*) FROM dbctl.schema_history").expect("auditor reads history");
    assert_eq!(exec_as(&r.auditor, db, "DELETE FROM items"), Err("42501".into()));
    // The owner runs DDL and owns the database.
    exec_as(&r.owner, db, "CREATE TABLE owned_by_owner (id int); INSERT INTO owned_by_owner VALUES (1)")
        .expect("owner DDL");
    // ...and what the owner creates follows the default privileges.
    exec_as(&r.app, db, "INSERT INTO owned_by_owner VALUES (2)").expect("app writes owner's new table");
    assert_eq!(exec_as(&r.readonly, db, "INSERT INTO owned_by_owner VALUES (3)"), Err("42501".into()));
    let owner =
        query_one(&p.db, "SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = current_database()");
    assert_eq!(owner.as_deref(), Some(r.owner.as_str()));
    assert_eq!(
        query_one(&p.db, "SELECT extname::text FROM pg_extension WHERE extname = 'pgcrypto'").as_deref(),
        Some("pgcrypto")
    );

    // Passwords are stored as SCRAM verifiers that check out against the configured password.
    for role in [&r.owner, &r.app] {
        let stored = block_on(async {
            let mut c = connect(&p.db).await;
            sqlx::query_scalar::<_, Option<String>>("SELECT rolpassword FROM pg_authid WHERE rolname = $1")
                .bind(role)
                .fetch_one(&mut c)
                .await
                .unwrap()
        })
        .expect("a password is set");
        assert!(stored.starts_with("SCRAM-SHA-256$"), "{stored}");
        assert!(dbctl::provision::scram::matches(PASSWORD, &stored));
    }
    // No password configured: none set, and the role still exists with LOGIN only.
    let attrs = query_one(
        &p.db,
        &format!(
            "SELECT concat_ws(',', rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolpassword IS NULL) FROM pg_authid WHERE rolname = '{}'",
            r.readonly
        ),
    );
    assert_eq!(attrs.as_deref(), Some("t,f,f,f,t"));
    // A third run after a new table created by the migrator: grants on it, nothing else.
    exec(&p.db, "CREATE TABLE later (id int)");
    let third = provision(&p, &["provision", "--json"]);
    third.code(0);
    assert_eq!(third.json()["provisioned"][0]["changes"].as_array().map(|a| a.len()), Some(0));
    exec_as(&r.app, &p.db.name, "INSERT INTO later VALUES (1)").expect("default privileges of the migrator apply");

    // Privileges granted by hand beyond a role's kind are taken back, and only those.
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    exec(
        &p.db,
        &format!(
            "GRANT TRUNCATE ON items TO {app}; GRANT CREATE ON SCHEMA public TO {app}; \
             GRANT UPDATE ON SEQUENCE items_id_seq TO {app}; GRANT INSERT ON items TO {ro}",
            app = q(&r.app),
            ro = q(&r.readonly)
        ),
    );
    exec_as(&r.app, db, "CREATE TABLE by_hand (id int); DROP TABLE by_hand").expect("the hand-made grant works");
    let fourth = provision(&p, &["provision", "--json"]);
    fourth.code(0);
    let mut changes: Vec<String> = fourth.json()["provisioned"][0]["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(String::from))
        .collect();
    changes.sort();
    assert_eq!(
        changes,
        [
            format!("REVOKE CREATE ON SCHEMA \"public\" FROM {}", q(&r.app)),
            format!("REVOKE INSERT ON ALL TABLES IN SCHEMA \"public\" FROM {}", q(&r.readonly)),
            format!("REVOKE TRUNCATE ON ALL TABLES IN SCHEMA \"public\" FROM {}", q(&r.app)),
            format!("REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA \"public\" FROM {}", q(&r.app)),
        ]
    );
    assert_eq!(exec_as(&r.app, db, "TRUNCATE items"), Err("42501".into()));
    assert_eq!(exec_as(&r.app, db, "CREATE TABLE evil2 (id int)"), Err("42501".into()));
    assert_eq!(exec_as(&r.readonly, db, "INSERT INTO items (name) VALUES ('x')"), Err("42501".into()));
    exec_as(&r.app, db, "INSERT INTO items (name) VALUES ('still')").expect("the app's own privileges stay");
    let fifth = provision(&p, &["provision", "--json"]);
    assert_eq!(fifth.json()["provisioned"][0]["changes"].as_array().map(|a| a.len()), Some(0), "{}", fifth.stdout);
}

#[test]
fn a_changed_password_is_reset_and_a_dry_run_changes_nothing() {
    let (p, r) = project("prov_pw");
    provision(&p, &["provision"]).code(0);
    let mut c = p.cmd(&["provision", "--json"]);
    c.env("TEST_APP_PW", "another secret 'x'");
    let run = Run::from(c.output().unwrap());
    run.code(0);
    let changes = run.json()["provisioned"][0]["changes"].clone();
    assert_eq!(changes.as_array().map(|a| a.len()), Some(1), "{changes}");
    assert!(changes[0].as_str().unwrap().ends_with("PASSWORD '***'"));
    assert!(!run.all().contains("another secret"));
    // Dry run: prints the SQL, changes nothing.
    exec(&p.db, &format!("ALTER ROLE {} SUPERUSER", dbctl::conn::quote_ident(&r.readonly)));
    let dry = provision(&p, &["provision", "--dry-run"]);
    dry.code(0).contains("Would run").contains("NOSUPERUSER");
    let sup = query_one(&p.db, &format!("SELECT rolsuper::text FROM pg_roles WHERE rolname = '{}'", r.readonly));
    assert_eq!(sup.as_deref(), Some("true"));
    provision(&p, &["provision"]).code(0);
    let sup = query_one(&p.db, &format!("SELECT rolsuper::text FROM pg_roles WHERE rolname = '{}'", r.readonly));
    assert_eq!(sup.as_deref(), Some("false"));
}

#[test]
fn creates_a_database_with_a_hostile_name() {
    let server = pg();
    let name = format!("prov db \"{}\" x'y", std::process::id());
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "projects:\n  hostile:\n    postgres:\n      main: {{ url: \"postgres://postgres@127.0.0.1:{}/{}\", migrations: m }}\n    roles:\n      owner: {{ name: \"h_{}_o'wner\" }}\n      app: {{ name: \"h_{}_app\" }}\n      readonly: {{ name: \"h_{}_ro\" }}\n",
        server.port,
        enc(&name),
        std::process::id(),
        std::process::id(),
        std::process::id()
    );
    std::fs::write(dir.path().join("dbctl.yaml"), yaml).unwrap();
    std::fs::create_dir_all(dir.path().join("m/phase1")).unwrap();
    std::fs::write(dir.path().join("m/phase1/V101__t.sql"), "CREATE TABLE t (id int);\n").unwrap();
    std::fs::write(dir.path().join("m/phase1/U101__t.sql"), "DROP TABLE t;\n").unwrap();
    let run = |args: &[&str]| Run::from(dbctl().current_dir(dir.path()).args(args).output().unwrap());
    run(&["provision"]).code(0).contains("CREATE DATABASE");
    let admin = TestDb { name: "postgres".into(), url: server.url("postgres") };
    let owner = query_one(
        &admin,
        &format!("SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = {}", sql_literal(&name)),
    );
    assert_eq!(owner, Some(format!("h_{}_o'wner", std::process::id())));
    // No auditor role for a project without a doc that mentions auditing.
    let aud = query_one(&admin, "SELECT count(*)::text FROM pg_roles WHERE rolname = 'hostile_auditor'");
    assert_eq!(aud.as_deref(), Some("0"));
    run(&["up"]).code(0).contains("provision").contains("up to date").contains("1 applied");
    let db =
        TestDb { name: name.clone(), url: format!("postgres://postgres@127.0.0.1:{}/{}", server.port, enc(&name)) };
    exec_as(&format!("h_{}_app", std::process::id()), &name, "INSERT INTO t VALUES (1)").expect("app writes");
    assert_eq!(query_i64(&db, "SELECT count(*) FROM t"), 1);
    block_on(dbctl::conn::drop_database(&server.url("postgres"), &name)).unwrap();
}

#[test]
fn passwords_in_the_config_file_are_refused() {
    let p = Project::new("prov_cfg");
    let yaml = format!(
        "projects:\n  app:\n    postgres:\n      main: {{ url: \"{}\", migrations: migrations/app/main }}\n    roles:\n      app: {{ name: x, password: hunter2 }}\n",
        p.db.url
    );
    std::fs::write(p.path("dbctl.yaml"), yaml).unwrap();
    let r = p.run(&["provision"]);
    r.code(2).contains("dbctl.yaml:6:").contains("password");
    // A missing password file is an input error naming the file.
    let yaml = format!(
        "projects:\n  app:\n    postgres:\n      main: {{ url: \"{}\", migrations: migrations/app/main }}\n    roles:\n      app: {{ password_file: nope.pw }}\n",
        p.db.url
    );
    std::fs::write(p.path("dbctl.yaml"), yaml).unwrap();
    p.run(&["provision"]).code(2).contains("nope.pw");
}

#[test]
fn our_verifiers_agree_with_postgresql() {
    // The server's own SCRAM verifier for a password must be accepted by our checker.
    let db = fresh_db("scram");
    let role = format!("{}_scram", db.name);
    exec(&db, &format!("SET password_encryption = 'scram-sha-256'; CREATE ROLE {role} PASSWORD 'it''s a secret'"));
    let stored = query_one(&db, &format!("SELECT rolpassword FROM pg_authid WHERE rolname = '{role}'")).unwrap();
    assert!(dbctl::provision::scram::matches("it's a secret", &stored), "{stored}");
    assert!(!dbctl::provision::scram::matches("its a secret", &stored));
    exec(&db, &format!("DROP ROLE {role}"));
}

fn sql_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
