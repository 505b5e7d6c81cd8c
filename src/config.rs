//! `dbctl.yaml`: the projects, their databases and where their files live.
//!
//! The YAML crate is touched only here. `${VAR}` and `${VAR:-default}` are expanded on parsed
//! values (not on the raw text), so an environment value can never change the file's structure,
//! and syntax errors keep their true line and column.

use crate::error::{Error, Result};
use crate::redact::Redacted;
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    backup_dir: Option<String>,
    #[serde(default)]
    sandbox_dir: Option<String>,
    projects: IndexMap<String, RawProject>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    #[serde(default)]
    doc: Option<String>,
    #[serde(default)]
    postgres: IndexMap<String, RawPostgres>,
    #[serde(default)]
    mongo: Option<RawMongo>,
    #[serde(default)]
    redis: Option<RawRedis>,
    /// `dbctl provision`: the project's roles (defaults: `<project>_owner`, `_app`, `_readonly`, `_auditor`).
    #[serde(default)]
    roles: Option<RawRoles>,
    /// Extensions `provision` creates in every database of the project (besides those the
    /// migrations create).
    #[serde(default)]
    extensions: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    #[serde(default)]
    owner: Option<RawRole>,
    #[serde(default)]
    app: Option<RawRole>,
    #[serde(default)]
    readonly: Option<RawRole>,
    #[serde(default)]
    auditor: Option<RawRole>,
}

/// One role. There is deliberately no `password:` key: passwords come from the environment or a file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    password_env: Option<String>,
    #[serde(default)]
    password_file: Option<String>,
    /// Only for `auditor`: force it on or off (default: on when the project's doc mentions auditing).
    #[serde(default)]
    enabled: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPostgres {
    #[serde(default)]
    url: Option<String>,
    /// Connection used by `provision` and `backup restore` to create databases and roles
    /// (default: `url` with the database replaced by `postgres`).
    #[serde(default)]
    admin_url: Option<String>,
    migrations: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMongo {
    #[serde(default)]
    url: Option<String>,
    database: String,
    spec: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRedis {
    #[serde(default)]
    url: Option<String>,
    conventions: String,
}

/// The loaded, expanded configuration. Paths are absolute (resolved from the file's directory).
#[derive(Debug, Clone)]
pub struct Config {
    pub file: PathBuf,
    /// The directory holding the config file: the project root.
    pub root: PathBuf,
    pub backup_dir: PathBuf,
    pub sandbox_dir: PathBuf,
    pub projects: IndexMap<String, Project>,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub name: String,
    pub doc: Option<PathBuf>,
    pub postgres: IndexMap<String, PostgresTarget>,
    pub mongo: Option<MongoTarget>,
    pub redis: Option<RedisTarget>,
    /// The roles `provision` creates.
    pub roles: Roles,
    /// Extensions to create in every database (besides those the migrations create).
    pub extensions: Vec<String>,
}

/// The roles of a project (see README, Configuration).
#[derive(Debug, Clone)]
pub struct Roles {
    pub owner: RoleSpec,
    pub app: RoleSpec,
    pub readonly: RoleSpec,
    pub auditor: RoleSpec,
    /// `Some(on)` when the config says; `None`: on when the project's doc mentions auditing.
    pub auditor_enabled: Option<bool>,
}

/// One role: its name and where its password comes from.
#[derive(Debug, Clone)]
pub struct RoleSpec {
    /// `owner`, `app`, `readonly` or `auditor`.
    pub kind: &'static str,
    pub name: String,
    pub password: PasswordSource,
}

/// Where a role's password comes from (never from dbctl.yaml itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// An environment variable (default `DBCTL_<PROJECT>_<ROLE>_PASSWORD`); unset means "no password".
    Env(String),
    /// A file whose content (without the trailing newline) is the password.
    File(PathBuf),
}

/// One PostgreSQL database of a project.
#[derive(Debug, Clone)]
pub struct PostgresTarget {
    pub project: String,
    pub name: String,
    /// Empty means "use the sandbox".
    pub url: Redacted,
    /// The variable the URL comes from, when the configured value is exactly `${VAR}` or
    /// `${VAR:-...}` (so `sandbox env` can print `export VAR=...`).
    pub url_var: Option<String>,
    /// Admin connection for creating databases and roles; empty: derived from `url` (or the sandbox).
    pub admin_url: Redacted,
    pub migrations: PathBuf,
}

#[derive(Debug, Clone)]
pub struct MongoTarget {
    pub url: Redacted,
    /// The variable the URL comes from (as for [`PostgresTarget::url_var`]).
    pub url_var: Option<String>,
    pub database: String,
    pub spec: PathBuf,
}

#[derive(Debug, Clone)]
pub struct RedisTarget {
    /// Empty means "use the sandbox".
    pub url: Redacted,
    /// The variable the URL comes from (see [`PostgresTarget::url_var`]).
    pub url_var: Option<String>,
    pub conventions: PathBuf,
}

/// A source of environment variables, so expansion can be tested without touching the process.
pub trait Env {
    fn get(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn get(&self, name: &str) -> Option<String> {
        #[allow(clippy::disallowed_methods)]
        std::env::var(name).ok()
    }
}

/// Reads one environment variable (the one place the process environment is read).
pub fn env_var(name: &str) -> Option<String> {
    ProcessEnv.get(name).filter(|v| !v.is_empty())
}

/// Loads and expands `path`.
pub fn load(path: &Path, env: &dyn Env) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::input(format!("cannot read config {}: {e}", path.display()))
            .with_hint("pass --config FILE, set DBCTL_CONFIG, or run dbctl from the directory holding dbctl.yaml")
    })?;
    parse(&text, path, env)
}

/// Parses config text; `path` is used for messages and to resolve relative paths.
pub fn parse(text: &str, path: &Path, env: &dyn Env) -> Result<Config> {
    let raw: RawConfig = serde_yaml::from_str(text).map_err(|e| {
        let loc = e.location().map(|l| format!(":{}:{}", l.line(), l.column())).unwrap_or_default();
        // serde_yaml appends " at line L column C"; the location is already in front.
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        Error::input(format!("{}{loc}: {msg}", path.display()))
            .with_hint("fix the file; the format is described in README.md (Configuration)")
    })?;
    let root = path
        .parent()
        .map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p })
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let file_label = path.display().to_string();
    let x = |value: &str, key: &str| expand(value, env).map_err(|m| Error::input(format!("{file_label}: {key}: {m}")));
    let resolve = |p: String| -> PathBuf {
        let p = PathBuf::from(p);
        if p.is_absolute() {
            p
        } else {
            root.join(p)
        }
    };

    let mut projects = IndexMap::new();
    for (pname, rp) in raw.projects {
        if !valid_name(&pname) {
            return Err(Error::input(format!(
                "{file_label}: project name {pname:?} must be lower-case letters, digits and '_'"
            )));
        }
        let mut postgres = IndexMap::new();
        for (dname, rpg) in rp.postgres {
            if !valid_name(&dname) {
                return Err(Error::input(format!(
                    "{file_label}: database name {dname:?} in project {pname} must be lower-case letters, digits and '_'"
                )));
            }
            let raw_url = rpg.url.as_deref().unwrap_or("");
            let url = x(raw_url, &format!("projects.{pname}.postgres.{dname}.url"))?;
            let url_var = sole_variable(raw_url);
            let migrations = x(&rpg.migrations, &format!("projects.{pname}.postgres.{dname}.migrations"))?;
            let admin_url =
                x(rpg.admin_url.as_deref().unwrap_or(""), &format!("projects.{pname}.postgres.{dname}.admin_url"))?;
            postgres.insert(
                dname.clone(),
                PostgresTarget {
                    project: pname.clone(),
                    name: dname,
                    url: Redacted::new(url),
                    url_var,
                    admin_url: Redacted::new(admin_url),
                    migrations: resolve(migrations),
                },
            );
        }
        let mongo = match rp.mongo {
            Some(m) => Some(MongoTarget {
                url: Redacted::new(x(m.url.as_deref().unwrap_or(""), &format!("projects.{pname}.mongo.url"))?),
                url_var: sole_variable(m.url.as_deref().unwrap_or("")),
                database: x(&m.database, &format!("projects.{pname}.mongo.database"))?,
                spec: resolve(x(&m.spec, &format!("projects.{pname}.mongo.spec"))?),
            }),
            None => None,
        };
        let redis = match rp.redis {
            Some(r) => Some(RedisTarget {
                url: Redacted::new(x(r.url.as_deref().unwrap_or(""), &format!("projects.{pname}.redis.url"))?),
                url_var: sole_variable(r.url.as_deref().unwrap_or("")),
                conventions: resolve(x(&r.conventions, &format!("projects.{pname}.redis.conventions"))?),
            }),
            None => None,
        };
        let doc = match rp.doc {
            Some(d) => Some(resolve(x(&d, &format!("projects.{pname}.doc"))?)),
            None => None,
        };
        let roles = roles(&pname, rp.roles.unwrap_or_default(), &|v, k| x(v, k), &resolve, &file_label)?;
        let extensions = rp.extensions;
        projects.insert(pname.clone(), Project { name: pname, doc, postgres, mongo, redis, roles, extensions });
    }
    let backup_dir = resolve(x(raw.backup_dir.as_deref().unwrap_or("backups"), "backup_dir")?);
    let sandbox_dir = resolve(x(raw.sandbox_dir.as_deref().unwrap_or(".dbctl"), "sandbox_dir")?);
    Ok(Config { file: path.to_path_buf(), root, backup_dir, sandbox_dir, projects })
}

/// Resolves a project's `roles:` with defaults.
fn roles(
    project: &str,
    raw: RawRoles,
    x: &dyn Fn(&str, &str) -> Result<String>,
    resolve: &dyn Fn(String) -> PathBuf,
    file_label: &str,
) -> Result<Roles> {
    let one = |kind: &'static str, r: Option<&RawRole>| -> Result<RoleSpec> {
        let key = format!("projects.{project}.roles.{kind}");
        let name = match r.and_then(|r| r.name.as_deref()) {
            Some(n) => x(n, &format!("{key}.name"))?,
            None => format!("{project}_{kind}"),
        };
        if name.is_empty() || name.len() > 63 || name.contains('\0') {
            return Err(Error::input(format!("{file_label}: {key}.name must be 1 to 63 bytes")));
        }
        let password = match (r.and_then(|r| r.password_env.clone()), r.and_then(|r| r.password_file.clone())) {
            (Some(_), Some(_)) => {
                return Err(Error::input(format!("{file_label}: {key}: give password_env or password_file, not both")))
            }
            (_, Some(f)) => PasswordSource::File(resolve(x(&f, &format!("{key}.password_file"))?)),
            (Some(v), None) => PasswordSource::Env(v),
            (None, None) => PasswordSource::Env(format!(
                "DBCTL_{}_{}_PASSWORD",
                project.to_ascii_uppercase(),
                kind.to_ascii_uppercase()
            )),
        };
        if r.and_then(|r| r.enabled).is_some() && kind != "auditor" {
            return Err(Error::input(format!(
                "{file_label}: {key}.enabled: only the auditor role can be switched off"
            )));
        }
        Ok(RoleSpec { kind, name, password })
    };
    let roles = Roles {
        owner: one("owner", raw.owner.as_ref())?,
        app: one("app", raw.app.as_ref())?,
        readonly: one("readonly", raw.readonly.as_ref())?,
        auditor: one("auditor", raw.auditor.as_ref())?,
        auditor_enabled: raw.auditor.as_ref().map(|a| a.enabled.unwrap_or(true)),
    };
    let names = [&roles.owner.name, &roles.app.name, &roles.readonly.name, &roles.auditor.name];
    for (i, a) in names.iter().enumerate() {
        if names[..i].contains(a) {
            return Err(Error::input(format!("{file_label}: projects.{project}.roles: role name {a:?} is used twice")));
        }
    }
    Ok(roles)
}

/// `${VAR}` or `${VAR:-default}` as the whole value → `VAR`.
fn sole_variable(raw: &str) -> Option<String> {
    let inner = raw.trim().strip_prefix("${")?.strip_suffix('}')?;
    let name = inner.split(":-").next()?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !inner.contains('}'))
        .then(|| name.to_string())
}

fn valid_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Expands `${VAR}` and `${VAR:-default}`; `$$` is a literal `$`. An unset `${VAR}` expands to
/// nothing (for a URL that means "use the sandbox").
pub fn expand(value: &str, env: &dyn Env) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(stripped) = after.strip_prefix('$') {
            out.push('$');
            rest = stripped;
        } else if let Some(body) = after.strip_prefix('{') {
            let end = body.find('}').ok_or_else(|| format!("unterminated ${{...}} in {value:?}"))?;
            let expr = &body[..end];
            let (name, default) = match expr.split_once(":-") {
                Some((n, d)) => (n, Some(d)),
                None => (expr, None),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("bad variable name {name:?} in {value:?}"));
            }
            match env.get(name).filter(|v| !v.is_empty()) {
                Some(v) => out.push_str(&v),
                None => out.push_str(default.unwrap_or("")),
            }
            rest = &body[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct MapEnv(HashMap<&'static str, &'static str>);
    impl Env for MapEnv {
        fn get(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|s| s.to_string())
        }
    }

    fn env() -> MapEnv {
        MapEnv(HashMap::from([("HOST", "db1"), ("EMPTY", "")]))
    }

    #[test]
    fn expands_variables_and_defaults() {
        let e = env();
        assert_eq!(expand("postgres://${HOST}/x", &e).unwrap(), "postgres://db1/x");
        assert_eq!(expand("${MISSING:-fallback}", &e).unwrap(), "fallback");
        assert_eq!(expand("${EMPTY:-d}", &e).unwrap(), "d");
        assert_eq!(expand("${MISSING}", &e).unwrap(), "");
        assert_eq!(expand("a$$b $x", &e).unwrap(), "a$b $x");
        assert!(expand("${HOST", &e).is_err());
        assert!(expand("${bad-name}", &e).is_err());
    }

    #[test]
    fn parses_projects_in_file_order() {
        let text = "projects:\n  zeta:\n    postgres:\n      b: { url: \"${HOST:-h}\", migrations: m/b }\n      a: { migrations: m/a }\n  alpha:\n    postgres: {}\n";
        let c = parse(text, Path::new("/tmp/dbctl.yaml"), &env()).unwrap();
        assert_eq!(c.projects.keys().collect::<Vec<_>>(), ["zeta", "alpha"]);
        let dbs: Vec<_> = c.projects["zeta"].postgres.keys().collect();
        assert_eq!(dbs, ["b", "a"]);
        assert_eq!(c.projects["zeta"].postgres["b"].url.expose(), "db1");
        assert!(c.projects["zeta"].postgres["a"].url.is_empty());
        assert!(c.projects["zeta"].postgres["a"].migrations.ends_with("m/a"));
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let text = "projects:\n  p:\n    postgres:\n      main: { url: x, migrations: [\n";
        let err = parse(text, Path::new("dbctl.yaml"), &env()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.message.starts_with("dbctl.yaml:"), "{}", err.message);
        assert!(err.message.contains(":4:") || err.message.contains(":5:"), "{}", err.message);
    }

    #[test]
    fn roles_default_and_override() {
        let text = "projects:\n  shop:\n    roles:\n      app: { name: \"we'ird app\", password_file: s/app.pw }\n      auditor: { enabled: false }\n";
        let c = parse(text, Path::new("/tmp/dbctl.yaml"), &env()).unwrap();
        let r = &c.projects["shop"].roles;
        assert_eq!(r.owner.name, "shop_owner");
        assert_eq!(r.owner.password, PasswordSource::Env("DBCTL_SHOP_OWNER_PASSWORD".into()));
        assert_eq!(r.app.name, "we'ird app");
        assert!(matches!(&r.app.password, PasswordSource::File(f) if f.ends_with("s/app.pw")));
        assert_eq!(r.auditor_enabled, Some(false));
        let none = parse("projects:\n  shop: {}\n", Path::new("/tmp/dbctl.yaml"), &env()).unwrap();
        assert_eq!(none.projects["shop"].roles.auditor_enabled, None);
        // A password in the file itself is refused, with its position.
        let err =
            parse("projects:\n  shop:\n    roles:\n      app: { password: x }\n", Path::new("dbctl.yaml"), &env())
                .unwrap_err();
        assert!(err.message.contains("dbctl.yaml:4:") && err.message.contains("password"), "{}", err.message);
        let dup = parse("projects:\n  s:\n    roles:\n      app: { name: s_owner }\n", Path::new("d.yaml"), &env());
        assert!(dup.unwrap_err().message.contains("used twice"));
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let text = "projects:\n  p:\n    postgress: {}\n";
        let err = parse(text, Path::new("dbctl.yaml"), &env()).unwrap_err();
        assert!(err.message.contains("dbctl.yaml:3:"), "{}", err.message);
        assert!(err.message.contains("postgress"), "{}", err.message);
    }
}
