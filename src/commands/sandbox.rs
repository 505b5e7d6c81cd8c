//! `dbctl sandbox up|down|status|env`.

use crate::cli::SandboxCmd;
use crate::error::{Outcome, Result};
use crate::sandbox;
use crate::settings::Settings;
use crate::ui::Ui;
use serde_json::json;

pub async fn run(s: &Settings, cmd: SandboxCmd, ui: &Ui) -> Result<Outcome> {
    let pg = s.sandbox.postgres();
    match cmd {
        SandboxCmd::Up => {
            let server = s.sandbox_postgres()?;
            let mut dbs = Vec::new();
            for p in s.config.projects.values() {
                for t in p.postgres.values().filter(|t| t.url.is_empty()) {
                    let name = sandbox::database_name(&t.project, &t.name);
                    crate::conn::ensure_database(&server.url("postgres"), &name).await?;
                    dbs.push(name);
                }
            }
            ui.status(
                "Running",
                &format!("sandbox PostgreSQL on 127.0.0.1:{} (data in {})", server.port, s.sandbox.dir.display()),
            );
            ui.status("Databases", &dbs.join(", "));
            let mongo_port = mongo_up(s, ui).await?;
            // Redis only when a project uses the sandbox's (an empty redis url).
            let redis = if wants_sandbox_redis(s) { Some(s.sandbox_redis()?) } else { None };
            if let Some(r) = &redis {
                ui.status("Running", &format!("sandbox Redis on 127.0.0.1:{}", r.port));
            }
            if ui.json {
                ui.json_doc(&json!({"postgres": {"port": server.port, "databases": dbs}, "redis": redis.map(|r| json!({"port": r.port})), "mongo": {"port": mongo_port}}));
            }
        }
        SandboxCmd::Down => {
            let _guard = s.sandbox.lock()?;
            let stopped = pg.stop()?;
            ui.status(if stopped { "Stopped" } else { "Not running" }, "sandbox PostgreSQL (data kept)");
            let mongo_stopped = s.sandbox.mongo(&s.config.root).stop()?;
            if mongo_stopped {
                ui.status("Stopped", "sandbox MongoDB (data kept)");
            }
            let redis_stopped = s.sandbox.redis().stop()?;
            if redis_stopped {
                ui.status("Stopped", "sandbox Redis (in memory only: its keys are gone)");
            }
            if ui.json {
                ui.json_doc(&json!({"postgres": {"stopped": stopped}, "redis": {"stopped": redis_stopped}, "mongo": {"stopped": mongo_stopped}}));
            }
        }
        SandboxCmd::Status => {
            let running = pg.running();
            match &running {
                Some(srv) => {
                    ui.data(&format!("postgres  running  127.0.0.1:{}  {}", srv.port, s.sandbox.dir.display()))
                }
                None if pg.is_initialised() => ui.data(&format!("postgres  stopped  {}", s.sandbox.dir.display())),
                None => ui.data("postgres  not created (dbctl sandbox up creates it)"),
            }
            let mongo = s.sandbox.mongo(&s.config.root);
            match mongo.running() {
                Some(m) => ui.data(&format!("mongo     running  127.0.0.1:{}  {}", m.port, m.program.display())),
                None if mongo.is_initialised() => ui.data(&format!("mongo     stopped  {}", mongo.dir.display())),
                None => ui.data("mongo     not created"),
            }
            let redis = s.sandbox.redis().running();
            match &redis {
                Some(r) => ui.data(&format!("redis     running  127.0.0.1:{}", r.port)),
                None => ui.data("redis     not running (started on demand)"),
            }
            if ui.json {
                ui.json_doc(&json!({"postgres": {"running": running.is_some(), "port": running.map(|r| r.port), "initialised": pg.is_initialised()}, "redis": {"running": redis.is_some(), "port": redis.map(|r| r.port)}}));
            }
        }
        SandboxCmd::Env => {
            let server = s.sandbox_postgres()?;
            let mut lines = vec![
                "export PGHOST=127.0.0.1".to_string(),
                format!("export PGPORT={}", server.port),
                format!("export PGUSER={}", sandbox::postgres::SUPERUSER),
            ];
            for p in s.config.projects.values() {
                for t in p.postgres.values() {
                    if let Some(var) = &t.url_var {
                        lines
                            .push(format!("export {var}={}", server.url(&sandbox::database_name(&t.project, &t.name))));
                    }
                }
            }
            let mongo_vars: Vec<&String> =
                s.config.projects.values().filter_map(|p| p.mongo.as_ref().and_then(|m| m.url_var.as_ref())).collect();
            if !mongo_vars.is_empty() {
                if let Some(port) = mongo_up(s, ui).await? {
                    for var in mongo_vars {
                        lines.push(format!("export {var}=mongodb://127.0.0.1:{port}/"));
                    }
                }
            }
            if wants_sandbox_redis(s) {
                let r = s.sandbox_redis()?;
                for p in s.config.projects.values() {
                    if let Some(var) = p.redis.as_ref().and_then(|t| t.url_var.as_ref()) {
                        lines.push(format!("export {var}={}", r.url(sandbox::redis_db(&s.config, &p.name))));
                    }
                }
            }
            if ui.json {
                ui.json_doc(&json!({"env": lines}));
            } else {
                ui.data(&lines.join("\n"));
            }
        }
    }
    Ok(Outcome::Ok)
}

/// Starts the sandbox MongoDB when a project uses it (a `mongo:` with an empty URL) and a server
/// program is installed; otherwise says why not. Returns its port.
async fn mongo_up(s: &Settings, ui: &Ui) -> Result<Option<u16>> {
    let wanted = s.config.projects.values().any(|p| p.mongo.as_ref().is_some_and(|m| m.url.is_empty()));
    if !wanted {
        return Ok(None);
    }
    let mongo = s.sandbox.mongo(&s.config.root);
    if let Err(looked) = mongo.program() {
        ui.note(&format!("sandbox MongoDB not started: no mongod or secantusd-py installed (looked at: {looked}); run scripts/setup.sh"));
        return Ok(None);
    }
    let _guard = s.sandbox.lock()?;
    let m = mongo.ensure().await?;
    ui.status("Running", &format!("sandbox MongoDB on 127.0.0.1:{} ({})", m.port, m.program.display()));
    Ok(Some(m.port))
}

/// True when some project leaves its Redis URL empty (so it uses the sandbox's).
fn wants_sandbox_redis(s: &Settings) -> bool {
    s.config.projects.values().any(|p| p.redis.as_ref().is_some_and(|r| r.url.is_empty()))
}
