//! The I/O half of provisioning: inspect a server into [`ClusterSeen`]/[`DbSeen`], and run steps.
//!
//! Every query binds role and schema names as parameters; only [`Step::sql`] builds SQL text, with
//! identifiers quoted by `quote_ident`. Statements are never logged: the password step holds a
//! verifier (or, for non-ASCII passwords, the password itself).

use super::{
    plan_cluster, plan_database, privs, scram, ClusterSeen, DbSeen, PasswordSeen, RoleSeen, RoleWant, Secret, Step,
};
use crate::conn;
use crate::error::{Error, Result};
use crate::migrate::history::db_error;
use crate::redact::Redacted;
use sqlx::{Connection, PgConnection, Row};
use std::collections::BTreeSet;

/// One database to provision.
pub struct Target {
    /// `project/database`, for messages.
    pub label: String,
    /// A superuser (or CREATEROLE + CREATEDB) connection to the server's maintenance database.
    pub admin_url: Redacted,
    /// The database's real name on the server.
    pub database: String,
    pub roles: Vec<RoleWant>,
    pub extensions: BTreeSet<String>,
}

impl Target {
    fn owner(&self) -> &str {
        self.roles.iter().find(|r| r.kind == "owner").map(|r| r.name.as_str()).unwrap_or("")
    }
}

/// Inspects, plans and (unless `dry_run`) applies; returns the steps run or planned.
pub async fn provision(t: &Target, dry_run: bool, on_step: &mut dyn FnMut(&Step)) -> Result<Vec<Step>> {
    let mut admin = conn::connect(&t.admin_url).await?;
    let seen = inspect_cluster(&mut admin, t).await?;
    let hash = |pw: &str| -> Secret {
        if scram::can_hash_locally(pw) {
            // A verifier cannot fail to build except for lack of randomness; fall back to the
            // server hashing the password then.
            scram::verifier(pw).map(Secret::new).unwrap_or_else(|_| Secret::new(pw))
        } else {
            Secret::new(pw)
        }
    };
    let mut steps = plan_cluster(&t.roles, &seen, &t.database, t.owner(), &hash);
    if !dry_run {
        apply(&mut admin, &steps, &t.label, on_step).await?;
    } else {
        steps.iter().for_each(&mut *on_step);
    }
    let _ = admin.close().await;

    let db_exists = seen.database_owner.is_some() || !dry_run;
    let db_seen = if db_exists {
        let url = Redacted::new(conn::database_url(t.admin_url.expose(), &t.database));
        let mut c = conn::connect(&url).await?;
        let s = inspect_database(&mut c, t).await?;
        let db_steps = plan_database(&t.roles, &t.extensions, &t.database, &s);
        if !dry_run {
            apply(&mut c, &db_steps, &t.label, on_step).await?;
        } else {
            db_steps.iter().for_each(&mut *on_step);
        }
        let _ = c.close().await;
        db_steps
    } else {
        // Dry run on a database that does not exist yet: everything would be granted.
        let mut s =
            DbSeen { schemas: vec!["public".into()], creators: vec![t.owner().to_string()], ..Default::default() };
        for r in &t.roles {
            s.schema_missing.insert((r.name.clone(), "public".into()));
        }
        let db_steps = plan_database(&t.roles, &t.extensions, &t.database, &s);
        db_steps.iter().for_each(&mut *on_step);
        db_steps
    };
    steps.extend(db_seen);
    Ok(steps)
}

async fn apply(c: &mut PgConnection, steps: &[Step], label: &str, on_step: &mut dyn FnMut(&Step)) -> Result<()> {
    for s in steps {
        sqlx::raw_sql(&s.sql()).execute(&mut *c).await.map_err(|e| {
            let err = db_error(&format!("provision {label}: {}", s.shown()), e);
            err.with_hint("provision needs a superuser connection (admin_url in dbctl.yaml, or the URL's user)")
        })?;
        on_step(s);
    }
    Ok(())
}

/// Roles (with their attributes and password verifiers) and the database's owner.
pub async fn inspect_cluster(c: &mut PgConnection, t: &Target) -> Result<ClusterSeen> {
    let names: Vec<String> = t.roles.iter().map(|r| r.name.clone()).collect();
    let rows = sqlx::query(
        "SELECT rolname::text AS name, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls \
         FROM pg_roles WHERE rolname = ANY($1::text[])",
    )
    .bind(&names)
    .fetch_all(&mut *c)
    .await
    .map_err(|e| db_error("list roles", e))?;
    // pg_authid is readable by superusers only; elsewhere passwords are re-set on every run.
    let verifiers: Option<Vec<(String, Option<String>)>> =
        sqlx::query_as("SELECT rolname::text, rolpassword FROM pg_authid WHERE rolname = ANY($1::text[])")
            .bind(&names)
            .fetch_all(&mut *c)
            .await
            .ok();
    let mut roles = Vec::new();
    for r in rows {
        let get = |col: &str| -> Result<bool> { r.try_get(col).map_err(|e| db_error("decode pg_roles", e)) };
        let name: String = r.try_get("name").map_err(|e| db_error("decode pg_roles", e))?;
        let verifier = match &verifiers {
            None => PasswordSeen::Unreadable,
            Some(v) => match v.iter().find(|(n, _)| *n == name).and_then(|(_, p)| p.clone()) {
                Some(p) => PasswordSeen::Stored(p),
                None => PasswordSeen::None,
            },
        };
        roles.push(RoleSeen {
            login: get("rolcanlogin")?,
            superuser: get("rolsuper")?,
            createdb: get("rolcreatedb")?,
            createrole: get("rolcreaterole")?,
            replication: get("rolreplication")?,
            bypassrls: get("rolbypassrls")?,
            name,
            verifier,
        });
    }
    let database_owner: Option<String> =
        sqlx::query_scalar("SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = $1")
            .bind(&t.database)
            .fetch_optional(&mut *c)
            .await
            .map_err(|e| db_error("list databases", e))?;
    Ok(ClusterSeen { roles, database_owner })
}

/// What is missing inside the database (connected to it as the admin user).
pub async fn inspect_database(c: &mut PgConnection, t: &Target) -> Result<DbSeen> {
    let q = |what: &'static str| move |e| db_error(what, e);
    let extensions: Vec<String> = sqlx::query_scalar("SELECT extname::text FROM pg_extension")
        .fetch_all(&mut *c)
        .await
        .map_err(q("list extensions"))?;
    let schemas: Vec<String> = sqlx::query_scalar(
        "SELECT n.nspname::text FROM pg_namespace n \
         WHERE n.nspname <> 'information_schema' AND n.nspname <> $1 AND n.nspname NOT LIKE 'pg\\_%' \
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass \
                           AND d.objid = n.oid AND d.deptype = 'e') \
         ORDER BY 1",
    )
    .bind(crate::migrate::history::SCHEMA)
    .fetch_all(&mut *c)
    .await
    .map_err(q("list schemas"))?;
    let has_dbctl_schema: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)")
        .bind(crate::migrate::history::SCHEMA)
        .fetch_one(&mut *c)
        .await
        .map_err(q("list schemas"))?;
    let me: String =
        sqlx::query_scalar("SELECT current_user::text").fetch_one(&mut *c).await.map_err(q("read current_user"))?;
    let mut creators = vec![t.owner().to_string()];
    if me != t.owner() {
        creators.push(me);
    }
    let existing: Vec<String> =
        sqlx::query_scalar("SELECT rolname::text FROM pg_roles WHERE rolname = ANY($1::text[])")
            .bind(t.roles.iter().map(|r| r.name.clone()).collect::<Vec<_>>())
            .fetch_all(&mut *c)
            .await
            .map_err(q("list roles"))?;
    let mut seen =
        DbSeen { extensions: extensions.into_iter().collect(), has_dbctl_schema, creators, ..Default::default() };
    for r in &t.roles {
        let p = privs(r.kind);
        let mut sch = schemas.clone();
        if p.dbctl_schema && has_dbctl_schema {
            sch.push(crate::migrate::history::SCHEMA.to_string());
        }
        if !existing.contains(&r.name) {
            seen.connect_missing.insert(r.name.clone());
            for s in &sch {
                seen.schema_missing.insert((r.name.clone(), s.clone()));
                seen.tables_missing.insert((r.name.clone(), s.clone()));
                seen.sequences_missing.insert((r.name.clone(), s.clone()));
            }
            continue;
        }
        let connect: bool =
            sqlx::query_scalar("SELECT has_database_privilege($1::name, current_database(), 'CONNECT')")
                .bind(&r.name)
                .fetch_one(&mut *c)
                .await
                .map_err(q("check database privileges"))?;
        if !connect {
            seen.connect_missing.insert(r.name.clone());
        }
        let privs_of = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let missing_schemas: Vec<String> = sqlx::query_scalar(
            "SELECT s FROM unnest($2::text[]) s \
             WHERE EXISTS (SELECT 1 FROM unnest($3::text[]) p WHERE NOT has_schema_privilege($1::name, s, p))",
        )
        .bind(&r.name)
        .bind(&sch)
        .bind(privs_of(p.schema))
        .fetch_all(&mut *c)
        .await
        .map_err(q("check schema privileges"))?;
        for s in missing_schemas {
            seen.schema_missing.insert((r.name.clone(), s));
        }
        for (kinds, list, func, set) in [
            ("'r','p','v','m','f'", p.tables, "has_table_privilege", 0),
            ("'S'", p.sequences, "has_sequence_privilege", 1),
        ] {
            let sql = format!(
                "SELECT DISTINCT n.nspname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 CROSS JOIN unnest($3::text[]) p \
                 WHERE n.nspname = ANY($2::text[]) AND c.relkind IN ({kinds}) AND NOT {func}($1::name, c.oid, p)"
            );
            let missing: Vec<String> = sqlx::query_scalar(&sql)
                .bind(&r.name)
                .bind(&sch)
                .bind(privs_of(list))
                .fetch_all(&mut *c)
                .await
                .map_err(q("check table privileges"))?;
            for s in missing {
                let key = (r.name.clone(), s);
                if set == 0 {
                    seen.tables_missing.insert(key);
                } else {
                    seen.sequences_missing.insert(key);
                }
            }
        }
    }
    let acl: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT pg_get_userbyid(d.defaclrole)::text, n.nspname::text, d.defaclobjtype::text, \
                CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END, a.privilege_type \
         FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace \
         CROSS JOIN LATERAL aclexplode(d.defaclacl) a",
    )
    .fetch_all(&mut *c)
    .await
    .map_err(q("read default privileges"))?;
    for (creator, schema, kind, grantee, privilege) in acl {
        let k = kind.chars().next().unwrap_or('?');
        seen.default_acl.insert((creator, schema, k, grantee, privilege));
    }
    seen.public_create = sqlx::query_scalar(
        "SELECT n.nspname::text FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a \
         WHERE a.grantee = 0 AND a.privilege_type = 'CREATE' AND n.nspname = ANY($1::text[]) ORDER BY 1",
    )
    .bind(&schemas)
    .fetch_all(&mut *c)
    .await
    .map_err(q("read schema privileges"))?;
    // Direct grants to the provisioned roles (REVOKE can take back only those): every privilege
    // each holds on the platform's schemas, tables and sequences; the plan keeps what the role's
    // kind allows and revokes the rest.
    let names: Vec<String> = t.roles.iter().map(|r| r.name.clone()).collect();
    let mut all_schemas = schemas.clone();
    if has_dbctl_schema {
        all_schemas.push(crate::migrate::history::SCHEMA.to_string());
    }
    let grants: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT 'n', r.rolname::text, n.nspname::text, a.privilege_type \
         FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a JOIN pg_roles r ON r.oid = a.grantee \
         WHERE n.nspname = ANY($1::text[]) AND r.rolname = ANY($2::text[]) \
         UNION \
         SELECT CASE WHEN c.relkind = 'S' THEN 'S' ELSE 'r' END, r.rolname::text, n.nspname::text, a.privilege_type \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         CROSS JOIN LATERAL aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee \
         WHERE n.nspname = ANY($1::text[]) AND r.rolname = ANY($2::text[]) \
           AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND a.grantee <> c.relowner",
    )
    .bind(&all_schemas)
    .bind(&names)
    .fetch_all(&mut *c)
    .await
    .map_err(q("read granted privileges"))?;
    for (class, role, schema, privilege) in grants {
        let set = match class.as_str() {
            "n" => &mut seen.schema_granted,
            "S" => &mut seen.sequences_granted,
            _ => &mut seen.tables_granted,
        };
        set.insert((role, schema, privilege));
    }
    seen.schemas = schemas;
    Ok(seen)
}

/// Reads a role's password from its source: `Ok(None)` when the variable is unset.
pub fn read_password(src: &crate::config::PasswordSource) -> Result<Option<Secret>> {
    match src {
        crate::config::PasswordSource::Env(var) => Ok(crate::config::env_var(var).map(Secret::new)),
        crate::config::PasswordSource::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::input(format!("cannot read password file {}: {e}", path.display()))
                    .with_hint("create the file (one line, the password), or remove password_file from dbctl.yaml")
            })?;
            let pw = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
            if pw.is_empty() {
                return Err(Error::input(format!("password file {} is empty", path.display())));
            }
            Ok(Some(Secret::new(pw)))
        }
    }
}

/// The roles a project wants, with passwords read from their sources. The auditor role is
/// included when the config says so, or (by default) when the project's doc mentions auditing.
pub fn role_wants(p: &crate::config::Project) -> Result<Vec<RoleWant>> {
    let auditor = match p.roles.auditor_enabled {
        Some(on) => on,
        None => p
            .doc
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d).ok())
            .map(|t| super::doc_mentions_audit(&t))
            .unwrap_or(false),
    };
    let mut specs = vec![&p.roles.owner, &p.roles.app, &p.roles.readonly];
    if auditor {
        specs.push(&p.roles.auditor);
    }
    specs
        .into_iter()
        .map(|r| Ok(RoleWant { kind: r.kind, name: r.name.clone(), password: read_password(&r.password)? }))
        .collect()
}
