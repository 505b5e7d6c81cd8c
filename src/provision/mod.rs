//! `dbctl provision`: databases, least-privilege roles, grants, default privileges and extensions.
//!
//! Shaped like the rest of dbctl: [`live`] inspects the server into plain data ([`ClusterSeen`],
//! [`DbSeen`]), the pure functions [`plan_cluster`] and [`plan_database`] compare that with what
//! the project wants and return [`Step`]s, and [`live::apply`] runs them. A second run inspects a
//! server that already has everything and plans nothing, which is what "idempotent" means here.
//!
//! The roles (names from `dbctl.yaml`, defaults `<project>_owner` …):
//! - **owner**: owns the databases, runs DDL (migrations); full rights in every schema.
//! - **app**: SELECT/INSERT/UPDATE/DELETE on the platform's tables, sequences for `nextval`; no DDL.
//! - **readonly**: SELECT only.
//! - **auditor** (where the platform has one): SELECT, including dbctl's migration history.
//!
//! Objects created later by the owner *or by the provisioning user* (who runs migrations in the
//! sandbox) get the same grants through `ALTER DEFAULT PRIVILEGES … IN SCHEMA`.

pub mod live;
pub mod scram;

use crate::conn::quote_ident;
use std::collections::BTreeSet;

/// A role as provision wants it.
#[derive(Clone)]
pub struct RoleWant {
    pub kind: &'static str,
    pub name: String,
    /// The password, if one is configured (env var or file). Never printed.
    pub password: Option<Secret>,
}

/// A secret string: no `Debug` or `Display`, so it cannot be formatted into output by accident.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Privileges of a role kind.
pub struct Privs {
    pub schema: &'static [&'static str],
    pub tables: &'static [&'static str],
    pub sequences: &'static [&'static str],
    /// Also in dbctl's own schema (the migration history)?
    pub dbctl_schema: bool,
}

pub fn privs(kind: &str) -> Privs {
    match kind {
        "owner" => Privs {
            schema: &["USAGE", "CREATE"],
            tables: &["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"],
            sequences: &["USAGE", "SELECT", "UPDATE"],
            dbctl_schema: true,
        },
        "app" => Privs {
            schema: &["USAGE"],
            tables: &["SELECT", "INSERT", "UPDATE", "DELETE"],
            sequences: &["USAGE", "SELECT"],
            dbctl_schema: false,
        },
        "auditor" => Privs { schema: &["USAGE"], tables: &["SELECT"], sequences: &["SELECT"], dbctl_schema: true },
        _ => Privs { schema: &["USAGE"], tables: &["SELECT"], sequences: &["SELECT"], dbctl_schema: false },
    }
}

/// A role as found on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSeen {
    pub name: String,
    pub login: bool,
    pub superuser: bool,
    pub createdb: bool,
    pub createrole: bool,
    pub replication: bool,
    pub bypassrls: bool,
    pub verifier: PasswordSeen,
}

/// A role's stored password (`pg_authid.rolpassword`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSeen {
    None,
    Stored(String),
    /// We may not read `pg_authid` (not a superuser).
    Unreadable,
}

/// Cluster-level state: roles and the database.
#[derive(Debug, Clone, Default)]
pub struct ClusterSeen {
    pub roles: Vec<RoleSeen>,
    /// Owner of the database, if it exists.
    pub database_owner: Option<String>,
}

/// Database-level state. Every set holds what is *missing*, so "nothing missing" plans nothing.
#[derive(Debug, Clone, Default)]
pub struct DbSeen {
    pub extensions: BTreeSet<String>,
    /// Schemas holding the platform's objects (not system schemas, not `dbctl`).
    pub schemas: Vec<String>,
    pub has_dbctl_schema: bool,
    /// Roles that may create objects here: the owner role and the provisioning user.
    pub creators: Vec<String>,
    /// (role) lacking CONNECT on the database.
    pub connect_missing: BTreeSet<String>,
    /// (role, schema) with a missing schema privilege.
    pub schema_missing: BTreeSet<(String, String)>,
    /// (role, schema) where some table lacks one of the role's privileges.
    pub tables_missing: BTreeSet<(String, String)>,
    pub sequences_missing: BTreeSet<(String, String)>,
    /// Default ACL entries present: (creator, schema, 'r' | 'S', grantee, privilege).
    pub default_acl: BTreeSet<(String, String, char, String, String)>,
    /// Schemas where PUBLIC may CREATE (PostgreSQL < 15 grants that on `public`).
    pub public_create: Vec<String>,
    /// Privileges granted directly to the provisioned roles, (role, schema, privilege), on the
    /// schema itself, on its tables and on its sequences: those beyond the role's kind (an `app`
    /// role given TRUNCATE or CREATE by hand) are revoked.
    pub schema_granted: BTreeSet<(String, String, String)>,
    pub tables_granted: BTreeSet<(String, String, String)>,
    pub sequences_granted: BTreeSet<(String, String, String)>,
}

/// One change. [`Step::sql`] is what runs, [`Step::shown`] what people see (no secrets).
#[derive(Clone)]
pub enum Step {
    CreateRole {
        name: String,
    },
    AlterRole {
        name: String,
    },
    /// `value` is a SCRAM verifier, or the password itself where the server must hash it.
    SetPassword {
        name: String,
        value: Secret,
    },
    CreateDatabase {
        name: String,
        owner: String,
    },
    AlterDatabaseOwner {
        name: String,
        owner: String,
    },
    GrantConnect {
        database: String,
        role: String,
    },
    CreateExtension {
        name: String,
    },
    /// dbctl's own schema, made before the first migration so the history table created in it
    /// later falls under the default privileges too.
    CreateDbctlSchema {
        owner: String,
    },
    RevokePublicCreate {
        schema: String,
    },
    GrantSchema {
        schema: String,
        role: String,
        privs: &'static [&'static str],
    },
    GrantTables {
        schema: String,
        role: String,
        privs: &'static [&'static str],
    },
    GrantSequences {
        schema: String,
        role: String,
        privs: &'static [&'static str],
    },
    DefaultPrivileges {
        creator: String,
        schema: String,
        sequences: bool,
        role: String,
        privs: &'static [&'static str],
    },
    /// Least privilege both ways: what a role was granted beyond its kind is taken back.
    RevokeSchema {
        schema: String,
        role: String,
        privs: Vec<String>,
    },
    RevokeTables {
        schema: String,
        role: String,
        privs: Vec<String>,
    },
    RevokeSequences {
        schema: String,
        role: String,
        privs: Vec<String>,
    },
}

const ROLE_ATTRS: &str = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

impl Step {
    /// The SQL that runs. Contains the password verifier for [`Step::SetPassword`]: never print it.
    pub fn sql(&self) -> String {
        self.render(false)
    }

    /// The SQL as shown to people: the same, with the password replaced by `***`.
    pub fn shown(&self) -> String {
        self.render(true)
    }

    /// Must run outside a transaction block.
    pub fn is_database_level(&self) -> bool {
        matches!(self, Step::CreateDatabase { .. })
    }

    fn render(&self, hide: bool) -> String {
        let q = |s: &str| quote_ident(s);
        match self {
            Step::CreateRole { name } => format!("CREATE ROLE {} {ROLE_ATTRS}", q(name)),
            Step::AlterRole { name } => format!("ALTER ROLE {} {ROLE_ATTRS}", q(name)),
            Step::SetPassword { name, value } => {
                let lit = if hide { "'***'".to_string() } else { quote_literal(value.expose()) };
                format!("ALTER ROLE {} PASSWORD {lit}", q(name))
            }
            Step::CreateDatabase { name, owner } => format!("CREATE DATABASE {} OWNER {}", q(name), q(owner)),
            Step::AlterDatabaseOwner { name, owner } => format!("ALTER DATABASE {} OWNER TO {}", q(name), q(owner)),
            Step::GrantConnect { database, role } => {
                format!("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}", q(database), q(role))
            }
            Step::CreateExtension { name } => format!("CREATE EXTENSION IF NOT EXISTS {}", q(name)),
            Step::CreateDbctlSchema { owner } => {
                format!("CREATE SCHEMA IF NOT EXISTS {} AUTHORIZATION {}", q(crate::migrate::history::SCHEMA), q(owner))
            }
            Step::RevokePublicCreate { schema } => format!("REVOKE CREATE ON SCHEMA {} FROM PUBLIC", q(schema)),
            Step::GrantSchema { schema, role, privs } => {
                format!("GRANT {} ON SCHEMA {} TO {}", privs.join(", "), q(schema), q(role))
            }
            Step::GrantTables { schema, role, privs } => {
                format!("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}", privs.join(", "), q(schema), q(role))
            }
            Step::GrantSequences { schema, role, privs } => {
                format!("GRANT {} ON ALL SEQUENCES IN SCHEMA {} TO {}", privs.join(", "), q(schema), q(role))
            }
            Step::DefaultPrivileges { creator, schema, sequences, role, privs } => format!(
                "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT {} ON {} TO {}",
                q(creator),
                q(schema),
                privs.join(", "),
                if *sequences { "SEQUENCES" } else { "TABLES" },
                q(role)
            ),
            Step::RevokeSchema { schema, role, privs } => {
                format!("REVOKE {} ON SCHEMA {} FROM {}", privs.join(", "), q(schema), q(role))
            }
            Step::RevokeTables { schema, role, privs } => {
                format!("REVOKE {} ON ALL TABLES IN SCHEMA {} FROM {}", privs.join(", "), q(schema), q(role))
            }
            Step::RevokeSequences { schema, role, privs } => {
                format!("REVOKE {} ON ALL SEQUENCES IN SCHEMA {} FROM {}", privs.join(", "), q(schema), q(role))
            }
        }
    }
}

/// An SQL string literal that means the same with `standard_conforming_strings` on or off.
pub fn quote_literal(s: &str) -> String {
    if s.contains('\\') {
        format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// Roles and the database: what to create or fix at the cluster level.
pub fn plan_cluster(
    roles: &[RoleWant],
    seen: &ClusterSeen,
    database: &str,
    owner: &str,
    hash: &dyn Fn(&str) -> Secret,
) -> Vec<Step> {
    let mut steps = Vec::new();
    for r in roles {
        let found = seen.roles.iter().find(|s| s.name == r.name);
        match found {
            None => steps.push(Step::CreateRole { name: r.name.clone() }),
            Some(s) => {
                if !s.login || s.superuser || s.createdb || s.createrole || s.replication || s.bypassrls {
                    steps.push(Step::AlterRole { name: r.name.clone() });
                }
            }
        }
        if let Some(pw) = &r.password {
            let ok = match found.map(|s| &s.verifier) {
                Some(PasswordSeen::Stored(v)) => scram::matches(pw.expose(), v),
                // No password yet, or we may not read pg_authid: set it, the only way to be sure.
                _ => false,
            };
            if !ok {
                steps.push(Step::SetPassword { name: r.name.clone(), value: hash(pw.expose()) });
            }
        }
    }
    match &seen.database_owner {
        None => steps.push(Step::CreateDatabase { name: database.to_string(), owner: owner.to_string() }),
        Some(o) if o != owner => {
            steps.push(Step::AlterDatabaseOwner { name: database.to_string(), owner: owner.to_string() })
        }
        Some(_) => {}
    }
    steps
}

/// Extensions, grants and default privileges inside one database.
pub fn plan_database(roles: &[RoleWant], extensions: &BTreeSet<String>, database: &str, seen: &DbSeen) -> Vec<Step> {
    let mut steps = Vec::new();
    for r in roles {
        if seen.connect_missing.contains(&r.name) {
            steps.push(Step::GrantConnect { database: database.to_string(), role: r.name.clone() });
        }
    }
    for e in extensions {
        if !seen.extensions.contains(e) {
            steps.push(Step::CreateExtension { name: e.clone() });
        }
    }
    let creating_dbctl = !seen.has_dbctl_schema;
    if creating_dbctl {
        let owner = roles.iter().find(|r| r.kind == "owner").map(|r| r.name.clone()).unwrap_or_default();
        steps.push(Step::CreateDbctlSchema { owner });
    }
    for s in &seen.public_create {
        steps.push(Step::RevokePublicCreate { schema: s.clone() });
    }
    let dbctl = crate::migrate::history::SCHEMA.to_string();
    steps.extend(revocations(roles, seen));
    for r in roles {
        let p = privs(r.kind);
        let mut schemas: Vec<&String> = seen.schemas.iter().collect();
        if p.dbctl_schema {
            schemas.push(&dbctl);
        }
        for s in schemas {
            let key = (r.name.clone(), s.clone());
            // A schema made by this run was not inspected: everyone but its owner needs the grant.
            let new_schema = creating_dbctl && *s == dbctl;
            if seen.schema_missing.contains(&key) || (new_schema && r.kind != "owner") {
                steps.push(Step::GrantSchema { schema: s.clone(), role: r.name.clone(), privs: p.schema });
            }
            if seen.tables_missing.contains(&key) {
                steps.push(Step::GrantTables { schema: s.clone(), role: r.name.clone(), privs: p.tables });
            }
            if seen.sequences_missing.contains(&key) {
                steps.push(Step::GrantSequences { schema: s.clone(), role: r.name.clone(), privs: p.sequences });
            }
            for c in &seen.creators {
                if *c == r.name {
                    continue; // a role always has every right on what it creates
                }
                for (kind, list) in [('r', p.tables), ('S', p.sequences)] {
                    let missing = list.iter().any(|pr| {
                        !seen.default_acl.contains(&(c.clone(), s.clone(), kind, r.name.clone(), pr.to_string()))
                    });
                    if missing {
                        steps.push(Step::DefaultPrivileges {
                            creator: c.clone(),
                            schema: s.clone(),
                            sequences: kind == 'S',
                            role: r.name.clone(),
                            privs: list,
                        });
                    }
                }
            }
        }
    }
    steps
}

/// REVOKEs of what the roles hold beyond their kinds' privileges, one per (role, schema, object
/// class). The owner is left alone: it owns the objects, and an owner's rights are its own.
fn revocations(roles: &[RoleWant], seen: &DbSeen) -> Vec<Step> {
    let mut steps = Vec::new();
    for r in roles.iter().filter(|r| r.kind != "owner") {
        let p = privs(r.kind);
        for (extra, allowed, class) in [
            (&seen.schema_granted, p.schema, 0),
            (&seen.tables_granted, p.tables, 1),
            (&seen.sequences_granted, p.sequences, 2),
        ] {
            let mut by_schema: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
            for (role, schema, privilege) in extra {
                if *role == r.name && !allowed.contains(&privilege.as_str()) {
                    by_schema.entry(schema).or_default().push(privilege.clone());
                }
            }
            for (schema, privs) in by_schema {
                let (schema, role) = (schema.to_string(), r.name.clone());
                steps.push(match class {
                    0 => Step::RevokeSchema { schema, role, privs },
                    1 => Step::RevokeTables { schema, role, privs },
                    _ => Step::RevokeSequences { schema, role, privs },
                });
            }
        }
    }
    steps
}

/// Does the project's documentation talk about auditing (so it gets an auditor role)?
pub fn doc_mentions_audit(doc_text: &str) -> bool {
    doc_text.to_ascii_lowercase().contains("audit")
}

/// Extensions created by a set of migration scripts (`CREATE EXTENSION [IF NOT EXISTS] name`).
pub fn extensions_in(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    for st in crate::migrate::split::split(sql) {
        let words = words(st.sql);
        let w: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
        if w.len() >= 3 && w[0] == "create" && w[1] == "extension" {
            let name = if w.len() >= 6 && w[2] == "if" && w[3] == "not" && w[4] == "exists" { w[5] } else { w[2] };
            out.push(name.trim_matches('"').to_string());
        }
    }
    out
}

/// Lower-cased words of a statement with comments removed (quoted identifiers kept as written).
pub(crate) fn words(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in sql.lines() {
        let line = line.split("--").next().unwrap_or("");
        for w in line.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')') {
            if w.is_empty() {
                continue;
            }
            out.push(if w.starts_with('"') { w.to_string() } else { w.to_ascii_lowercase() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(kind: &'static str, name: &str, pw: Option<&str>) -> RoleWant {
        RoleWant { kind, name: name.into(), password: pw.map(Secret::new) }
    }

    fn seen_role(name: &str, verifier: Option<&str>) -> RoleSeen {
        RoleSeen {
            name: name.into(),
            login: true,
            superuser: false,
            createdb: false,
            createrole: false,
            replication: false,
            bypassrls: false,
            verifier: verifier.map(|v| PasswordSeen::Stored(v.into())).unwrap_or(PasswordSeen::None),
        }
    }

    #[test]
    fn fresh_cluster_creates_everything_and_hides_the_password() {
        let roles = [want("owner", "o", None), want("app", "we\"ird role", Some("p'w d"))];
        let steps = plan_cluster(&roles, &ClusterSeen::default(), "db x", "o", &|p| Secret::new(p));
        let shown: Vec<String> = steps.iter().map(|s| s.shown()).collect();
        assert_eq!(
            shown,
            [
                format!("CREATE ROLE \"o\" {ROLE_ATTRS}"),
                format!("CREATE ROLE \"we\"\"ird role\" {ROLE_ATTRS}"),
                "ALTER ROLE \"we\"\"ird role\" PASSWORD '***'".to_string(),
                "CREATE DATABASE \"db x\" OWNER \"o\"".to_string(),
            ]
        );
        assert!(steps[2].sql().contains("'p''w d'"));
        assert!(!shown.concat().contains("p'w d"));
    }

    #[test]
    fn provisioned_cluster_plans_nothing() {
        let v = scram::verifier_with("pw", b"salt", 4096);
        let roles = [want("owner", "o", None), want("app", "a", Some("pw"))];
        let seen = ClusterSeen {
            roles: vec![seen_role("o", None), seen_role("a", Some(&v))],
            database_owner: Some("o".into()),
        };
        assert!(plan_cluster(&roles, &seen, "db", "o", &|p| Secret::new(p)).is_empty());
        // A changed password, a superuser app role and a foreign owner are fixed.
        let mut seen2 = seen.clone();
        seen2.roles[1].superuser = true;
        seen2.database_owner = Some("postgres".into());
        let roles2 = [want("owner", "o", None), want("app", "a", Some("new"))];
        let s: Vec<String> =
            plan_cluster(&roles2, &seen2, "db", "o", &|p| Secret::new(p)).iter().map(|s| s.shown()).collect();
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[0].starts_with("ALTER ROLE \"a\" LOGIN NOSUPERUSER"));
        assert!(s[2].starts_with("ALTER DATABASE \"db\" OWNER TO \"o\""));
    }

    #[test]
    fn database_plan_grants_what_is_missing_only() {
        let roles = [want("owner", "o", None), want("app", "a", None), want("readonly", "r", None)];
        let mut seen = DbSeen {
            schemas: vec!["public".into()],
            has_dbctl_schema: true,
            creators: vec!["o".into(), "postgres".into()],
            ..Default::default()
        };
        seen.tables_missing.insert(("a".into(), "public".into()));
        seen.connect_missing.insert("r".into());
        // Everything default-privileged already.
        for c in ["o", "postgres"] {
            for r in &roles {
                let p = privs(r.kind);
                let mut schemas = vec!["public"];
                if p.dbctl_schema {
                    schemas.push("dbctl");
                }
                for s in schemas {
                    for (k, l) in [('r', p.tables), ('S', p.sequences)] {
                        for pr in l {
                            seen.default_acl.insert((c.into(), s.into(), k, r.name.clone(), pr.to_string()));
                        }
                    }
                }
            }
        }
        let exts = BTreeSet::from(["pgcrypto".to_string()]);
        seen.extensions.insert("pgcrypto".into());
        let s: Vec<String> = plan_database(&roles, &exts, "d", &seen).iter().map(|s| s.shown()).collect();
        assert_eq!(
            s,
            [
                "GRANT CONNECT, TEMPORARY ON DATABASE \"d\" TO \"r\"",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"public\" TO \"a\"",
            ]
        );
        // Remove one default ACL entry: exactly one step to restore it.
        seen.default_acl.remove(&("postgres".into(), "public".into(), 'S', "r".into(), "SELECT".into()));
        let s: Vec<String> = plan_database(&roles, &exts, "d", &seen).iter().map(|s| s.shown()).collect();
        assert_eq!(s.len(), 3);
        assert_eq!(
            s[2],
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"postgres\" IN SCHEMA \"public\" GRANT SELECT ON SEQUENCES TO \"r\""
        );
    }

    #[test]
    fn privileges_beyond_a_role_kind_are_revoked_and_the_owner_is_left_alone() {
        let roles = [want("owner", "o", None), want("app", "a", None), want("readonly", "r", None)];
        let mut seen = DbSeen { schemas: vec!["public".into()], has_dbctl_schema: true, ..Default::default() };
        let g = |r: &str, p: &str| (r.to_string(), "public".to_string(), p.to_string());
        seen.tables_granted.extend([g("a", "SELECT"), g("a", "TRUNCATE"), g("a", "TRIGGER"), g("r", "INSERT")]);
        seen.tables_granted.insert(g("o", "TRUNCATE"));
        seen.schema_granted.extend([g("a", "USAGE"), g("a", "CREATE")]);
        seen.sequences_granted.insert(g("a", "UPDATE"));
        let s: Vec<String> = plan_database(&roles, &BTreeSet::new(), "d", &seen).iter().map(|s| s.shown()).collect();
        assert_eq!(
            s,
            [
                "REVOKE CREATE ON SCHEMA \"public\" FROM \"a\"",
                "REVOKE TRIGGER, TRUNCATE ON ALL TABLES IN SCHEMA \"public\" FROM \"a\"",
                "REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA \"public\" FROM \"a\"",
                "REVOKE INSERT ON ALL TABLES IN SCHEMA \"public\" FROM \"r\"",
            ]
        );
        // Only what the kind allows: nothing to take back.
        seen.tables_granted.retain(|(_, _, p)| p == "SELECT");
        seen.schema_granted.retain(|(_, _, p)| p == "USAGE");
        seen.sequences_granted.clear();
        assert!(plan_database(&roles, &BTreeSet::new(), "d", &seen).is_empty());
    }

    #[test]
    fn literals_and_extensions() {
        assert_eq!(quote_literal("a'b"), "'a''b'");
        assert_eq!(quote_literal("a\\'b"), "E'a\\\\''b'");
        let sql =
            "-- x\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\ncreate extension \"uuid-ossp\";\nCREATE TABLE t (id int);";
        assert_eq!(extensions_in(sql), ["pgcrypto", "uuid-ossp"]);
        assert!(doc_mentions_audit("## Audit log"));
        assert!(!doc_mentions_audit("## Orders"));
    }
}
