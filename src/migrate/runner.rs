//! The engine: `up`, `down` and `repair` against one database.
//!
//! Every run takes the migration lock, then re-reads the history (another run may have finished
//! while we waited), refuses on an inconsistent history, and applies each file together with its
//! history row in one transaction. `-- dbctl:no-transaction` files run statement by statement
//! with their progress recorded, so a failure can be repaired and resumed.

use super::file::Migration;
use super::history::{self, NewRow};
use super::state::{self, Entry, State};
use super::{exec, lock, split};
use crate::error::{Error, Result};
use sqlx::PgConnection;
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// How far `up` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpTarget {
    All,
    /// Through the end of phase N.
    Phase(i32),
    /// Through version V.
    Version(i64),
}

/// How far `down` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownTarget {
    Steps(usize),
    /// Roll back every migration above version V (V stays applied).
    To(i64),
    /// Roll back every applied migration of phase N and later.
    Phase(i32),
    All,
}

/// Events for progress display.
pub trait Observer {
    fn waiting_for_lock(&mut self, _holder: Option<i32>) {}
    fn start(&mut self, _total: usize) {}
    fn step_started(&mut self, _m: &Migration, _down: bool) {}
    fn step_done(&mut self, _m: &Migration, _down: bool, _ms: u128) {}
    fn finish(&mut self) {}
}

/// No display.
pub struct Silent;
impl Observer for Silent {}

pub struct Options {
    pub lock_timeout: Duration,
}

/// What a run did (or, for a dry run, would do).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    pub version: i64,
    pub description: String,
    pub phase: i32,
    pub file: String,
    pub execution_ms: u128,
}

/// The migrations `up` would apply, in order.
pub fn plan_up<'m>(migrations: &'m [Migration], entries: &[Entry], target: UpTarget) -> Result<Vec<&'m Migration>> {
    check_target_up(migrations, target)?;
    let pending: Vec<&Migration> = migrations
        .iter()
        .filter(|m| entries.iter().any(|e| e.version == m.version && e.state == State::Pending))
        .filter(|m| match target {
            UpTarget::All => true,
            UpTarget::Phase(p) => m.phase <= p,
            UpTarget::Version(v) => m.version <= v,
        })
        .collect();
    Ok(pending)
}

fn check_target_up(migrations: &[Migration], target: UpTarget) -> Result<()> {
    match target {
        UpTarget::Phase(p) if !migrations.iter().any(|m| m.phase == p) => {
            Err(Error::input(format!("there is no phase {p}; phases here: {}", phases(migrations))))
        }
        UpTarget::Version(v) if !migrations.iter().any(|m| m.version == v) => {
            Err(Error::input(format!("there is no migration with version {v}"))
                .with_hint("`dbctl migrate status` lists the versions"))
        }
        _ => Ok(()),
    }
}

fn phases(migrations: &[Migration]) -> String {
    let mut p: Vec<i32> = migrations.iter().map(|m| m.phase).collect();
    p.dedup();
    p.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
}

/// The applied migrations `down` would roll back, newest first.
pub fn plan_down<'m>(migrations: &'m [Migration], entries: &[Entry], target: DownTarget) -> Result<Vec<&'m Migration>> {
    let applied: Vec<&Migration> = migrations
        .iter()
        .rev()
        .filter(|m| entries.iter().any(|e| e.version == m.version && e.state == State::Applied))
        .collect();
    let chosen: Vec<&Migration> = match target {
        DownTarget::Steps(k) => applied.into_iter().take(k).collect(),
        DownTarget::To(v) => {
            if !migrations.iter().any(|m| m.version == v) && v != 0 {
                return Err(Error::input(format!("there is no migration with version {v}"))
                    .with_hint("use --to 0 or --all to roll back everything"));
            }
            applied.into_iter().filter(|m| m.version > v).collect()
        }
        DownTarget::Phase(p) => {
            if !migrations.iter().any(|m| m.phase == p) {
                return Err(Error::input(format!("there is no phase {p}; phases here: {}", phases(migrations))));
            }
            applied.into_iter().filter(|m| m.phase >= p).collect()
        }
        DownTarget::All => applied,
    };
    let irreversible: Vec<String> =
        chosen.iter().filter(|m| m.rollback.is_none()).map(|m| m.forward.display.clone()).collect();
    if !irreversible.is_empty() {
        return Err(Error::input(format!(
            "cannot roll back past an irreversible migration: {}",
            irreversible.join(", ")
        ))
        .with_hint("roll back to a version above it (--to VER), or restore a backup"));
    }
    Ok(chosen)
}

/// Takes the migration lock and reads the history under it; refuses (releasing the lock) on an
/// inconsistent history. The caller releases the lock with [`release_after`].
pub async fn lock_and_read(
    conn: &mut PgConnection,
    migrations: &[Migration],
    opts: &Options,
    obs: &mut dyn Observer,
) -> Result<Vec<Entry>> {
    let _ = sqlx::raw_sql("SET client_connection_check_interval = '1s'").execute(&mut *conn).await;
    lock::acquire(conn, opts.lock_timeout, &mut |h| obs.waiting_for_lock(h)).await?;
    let result = async {
        // Created once; later runs skip the DDL (and its catalog writes).
        if !history::exists(conn).await? {
            history::ensure(conn).await?;
            adopt_refinery(conn, migrations).await?;
        }
        let rows = history::list(conn).await?;
        let entries = state::reconcile(migrations, &rows);
        let blockers = state::blockers(&entries);
        if !blockers.is_empty() {
            return Err(Error::input(blockers.join("\n")));
        }
        Ok(entries)
    }
    .await;
    if result.is_err() {
        let _ = lock::release(conn).await;
    }
    result
}

/// A database that refinery managed: its applied versions become dbctl's baseline, recorded with
/// the checksums of our files (refinery's own checksums are of a different algorithm).
async fn adopt_refinery(conn: &mut PgConnection, migrations: &[Migration]) -> Result<()> {
    for (version, name, _applied_on) in history::refinery_versions(conn).await? {
        let Some(m) = migrations.iter().find(|m| m.version == version) else {
            return Err(Error::input(format!(
                "refinery_schema_history has version {version} ({name}) but there is no migration file with that version"
            ))
            .with_hint("add the refinery migration files (renamed V<ver>__<name>.sql) before adopting the database"));
        };
        let row = NewRow {
            version,
            description: &m.description,
            phase: m.phase,
            script: &m.forward.display,
            checksum: &m.forward.checksum,
        };
        history::insert(conn, &row, true, 0, None).await?;
    }
    Ok(())
}

/// Applies pending migrations up to `target`.
pub async fn up(
    conn: &mut PgConnection,
    migrations: &[Migration],
    target: UpTarget,
    opts: &Options,
    obs: &mut dyn Observer,
) -> Result<Vec<Step>> {
    check_target_up(migrations, target)?;
    let entries = lock_and_read(conn, migrations, opts, obs).await?;
    let result = async {
        let plan = plan_up(migrations, &entries, target)?;
        run_plan(conn, &plan, false, &entries, obs).await
    }
    .await;
    release_after(conn, result).await
}

/// Releases the migration lock after a locked run, keeping the run's error first.
pub async fn release_after<T>(conn: &mut PgConnection, result: Result<T>) -> Result<T> {
    let released = lock::release(conn).await;
    let value = result?;
    released?;
    Ok(value)
}

fn step(m: &Migration, ms: u128) -> Step {
    Step {
        version: m.version,
        description: m.description.clone(),
        phase: m.phase,
        file: m.forward.display.clone(),
        execution_ms: ms,
    }
}

/// The history row of an applied migration, written in its transaction. Its execution time is
/// taken on the server (clock_timestamp() - the transaction's start), so it needs no extra round
/// trip, and stays exact when several migrations share one message.
fn record_applied(m: &Migration) -> String {
    format!(
        "INSERT INTO dbctl.schema_history (version, description, phase, script, checksum, execution_ms, success) \
         VALUES ({}, {}, {}, {}, {}, (extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint, true)",
        m.version,
        exec::literal(&m.description),
        m.phase,
        exec::literal(&m.forward.display),
        exec::literal(&m.forward.checksum)
    )
}

fn record_reverted(m: &Migration) -> String {
    format!("DELETE FROM dbctl.schema_history WHERE version = {}", m.version)
}

async fn apply_in_transaction(conn: &mut PgConnection, m: &Migration) -> Result<()> {
    let trailer = format!("{};\nCOMMIT", record_applied(m));
    exec::run_script_in_transaction(conn, &m.forward, &trailer).await.map_err(|e| {
        e.with_hint(format!(
            "nothing of {} was applied (its transaction was rolled back); fix the file and run `dbctl migrate up` again",
            m.forward.display
        ))
    })
}

fn new_row(m: &Migration) -> NewRow<'_> {
    NewRow {
        version: m.version,
        description: &m.description,
        phase: m.phase,
        script: &m.forward.display,
        checksum: &m.forward.checksum,
    }
}

async fn apply_no_transaction(conn: &mut PgConnection, m: &Migration, resuming: bool) -> Result<()> {
    let statements = split::split(&m.forward.sql);
    let started = Instant::now();
    let from = if resuming {
        let rows = history::list(conn).await?;
        rows.iter().find(|r| r.version == m.version).map(|r| r.statements_done.max(0) as usize).unwrap_or(0)
    } else {
        history::insert(conn, &new_row(m), false, 0, Some("running (or interrupted)")).await?;
        0
    };
    if resuming {
        history::update_progress(conn, m.version, from as i32, false, 0, Some("running (or interrupted)")).await?;
    }
    for (i, st) in statements.iter().enumerate().skip(from) {
        if let Err(e) = exec::run_one(conn, &m.forward, st).await {
            let ms = started.elapsed().as_millis() as i64;
            let first_line = e.message.lines().next().unwrap_or("").to_string();
            history::update_progress(conn, m.version, i as i32, false, ms, Some(&first_line)).await?;
            return Err(e.with_hint(format!(
                "{} ran outside a transaction: statements before #{} stay applied and it is marked failed. \
                 Fix the cause, then `dbctl migrate repair` and `dbctl migrate up` resume it at statement #{}",
                m.forward.display,
                i + 1,
                i + 1
            )));
        }
        history::update_progress(
            conn,
            m.version,
            (i + 1) as i32,
            false,
            started.elapsed().as_millis() as i64,
            Some("running (or interrupted)"),
        )
        .await?;
    }
    let ms = started.elapsed().as_millis() as i64;
    history::update_progress(conn, m.version, statements.len() as i32, true, ms, None).await?;
    Ok(())
}

/// Rolls back applied migrations, newest first.
pub async fn down(
    conn: &mut PgConnection,
    migrations: &[Migration],
    target: DownTarget,
    opts: &Options,
    obs: &mut dyn Observer,
) -> Result<Vec<Step>> {
    let entries = lock_and_read(conn, migrations, opts, obs).await?;
    let result = async {
        let plan = plan_down(migrations, &entries, target)?;
        run_down(conn, &plan, obs).await
    }
    .await;
    release_after(conn, result).await
}

/// Runs the rollbacks of `plan` (from [`plan_down`]) in order, the caller holding the lock.
pub async fn run_down(conn: &mut PgConnection, plan: &[&Migration], obs: &mut dyn Observer) -> Result<Vec<Step>> {
    run_plan(conn, plan, true, &[], obs).await
}

/// Runs `plan` in order (forwards, or with `down` the rollbacks), the caller holding the lock.
/// Steps that prove quick are pipelined (see [`next_pace`]); each is still its own transaction.
async fn run_plan(
    conn: &mut PgConnection,
    plan: &[&Migration],
    down: bool,
    entries: &[Entry],
    obs: &mut dyn Observer,
) -> Result<Vec<Step>> {
    obs.start(plan.len());
    let mut done = Vec::new();
    let mut finished = |m: &Migration, ms: u128, obs: &mut dyn Observer| {
        obs.step_done(m, down, ms);
        let mut s = step(m, ms);
        if let (true, Some(u)) = (down, &m.rollback) {
            s.file = u.display.clone();
        }
        done.push(s);
    };
    let mut pace = 1;
    let mut i = 0;
    while i < plan.len() {
        let n = pipelinable(&plan[i..], pace, down);
        if n >= 2 {
            let batch = &plan[i..i + n];
            batch.iter().for_each(|m| obs.step_started(m, down));
            let started = Instant::now();
            let ok = sqlx::raw_sql(&pipelined(batch, down)).execute(&mut *conn).await.is_ok();
            // The batch's time, shared: its steps ran back to back on the server.
            let ms = started.elapsed().as_millis() / n as u128;
            let committed = if ok {
                n
            } else {
                // Each step committed on its own up to the one that failed, and the server
                // skipped the rest: the history says which went through.
                let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
                let applied: HashSet<i64> =
                    history::list(conn).await?.iter().filter(|r| r.success).map(|r| r.version).collect();
                batch.iter().take_while(|m| applied.contains(&m.version) != down).count()
            };
            batch[..committed].iter().for_each(|m| finished(m, ms, obs));
            i += committed;
            pace = if ok { next_pace(pace, ms) } else { 1 };
            // After a failure the failing step runs again alone, below, which pins its error to
            // file and line (or, if the failure was transient, completes it).
            if ok || i >= plan.len() {
                continue;
            }
        }
        let m = plan[i];
        obs.step_started(m, down);
        let started = Instant::now();
        if down {
            rollback_one(conn, m).await?;
        } else if m.directives.no_transaction {
            // A repaired no-transaction migration carries a note: it resumes where it stopped.
            let resuming = entries.iter().any(|e| e.version == m.version && e.note.is_some());
            apply_no_transaction(conn, m, resuming).await?;
        } else {
            apply_in_transaction(conn, m).await?;
        }
        let ms = started.elapsed().as_millis();
        finished(m, ms, obs);
        pace = next_pace(pace, ms);
        i += 1;
    }
    obs.finish();
    Ok(done)
}

/// Steps that take longer than this each are run one per round trip, so progress and timings
/// stay exact where they matter; quicker ones are pipelined.
const QUICK_MS: u128 = 5;
/// At most this many steps, and this much SQL, go in one message.
const PIPELINE_MAX: usize = 64;
const PIPELINE_BYTES: usize = 1 << 20;

/// The batch size after steps that took `ms` each: doubling while they are quick, back to one
/// step per round trip as soon as they are not.
fn next_pace(pace: usize, ms: u128) -> usize {
    if ms <= QUICK_MS {
        (pace * 2).min(PIPELINE_MAX)
    } else {
        1
    }
}

/// How many of the leading `plan` steps (at most `pace`) can share one message: transactional
/// scripts whose text ends cleanly, so the next one's BEGIN cannot become part of it.
fn pipelinable(plan: &[&Migration], pace: usize, down: bool) -> usize {
    let mut bytes = 0;
    plan.iter()
        .take(pace)
        .take_while(|m| {
            let script = if down { m.rollback.as_ref() } else { Some(&m.forward) };
            match script {
                Some(sc) if !m.directives.no_transaction && split::ends_cleanly(&sc.sql) => {
                    bytes += sc.sql.len();
                    bytes <= PIPELINE_BYTES
                }
                _ => false,
            }
        })
        .count()
}

/// One message of several steps, each in its own transaction with its history write: the server
/// commits them one after another and, on an error, runs none of the rest.
fn pipelined(batch: &[&Migration], down: bool) -> String {
    let mut sql = String::new();
    for m in batch {
        let (script, record) = if down {
            let Some(u) = &m.rollback else { continue };
            (u, record_reverted(m))
        } else {
            (&m.forward, record_applied(m))
        };
        sql.push_str("BEGIN;\n");
        sql.push_str(&script.sql);
        sql.push_str("\n;\n");
        sql.push_str(&record);
        sql.push_str(";\nCOMMIT;\n");
    }
    sql
}

async fn rollback_one(conn: &mut PgConnection, m: &Migration) -> Result<()> {
    let Some(u) = &m.rollback else {
        return Err(Error::input(format!("{} is irreversible", m.forward.display)));
    };
    if m.directives.no_transaction {
        for st in &split::split(&u.sql) {
            exec::run_one(conn, u, st).await.map_err(|e| {
                e.with_hint(format!(
                    "{} ran outside a transaction and stopped part-way; version {} stays recorded as applied. \
                     Fix the cause and run the same `dbctl migrate down` again",
                    u.display, m.version
                ))
            })?;
        }
        history::delete(conn, m.version).await?;
        return Ok(());
    }
    let trailer = format!("{};\nCOMMIT", record_reverted(m));
    exec::run_script_in_transaction(conn, u, &trailer).await.map_err(|e| {
        e.with_hint(format!(
            "nothing of {} was applied (its transaction was rolled back); version {} stays applied",
            u.display, m.version
        ))
    })
}

/// What `repair` changed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Repaired {
    pub version: i64,
    pub file: String,
    pub action: String,
}

/// Re-records checksums of edited applied files and clears failed entries.
pub async fn repair(
    conn: &mut PgConnection,
    migrations: &[Migration],
    opts: &Options,
    obs: &mut dyn Observer,
    dry_run: bool,
) -> Result<Vec<Repaired>> {
    let _ = sqlx::raw_sql("SET client_connection_check_interval = '1s'").execute(&mut *conn).await;
    lock::acquire(conn, opts.lock_timeout, &mut |h| obs.waiting_for_lock(h)).await?;
    let result = async {
        let rows = history::list(conn).await?;
        let entries = state::reconcile(migrations, &rows);
        let mut out = Vec::new();
        for e in &entries {
            let Some(m) = migrations.iter().find(|m| m.version == e.version) else { continue };
            let action = match e.state {
                State::Changed => format!("re-recorded checksum {}", state::short(&m.forward.checksum)),
                State::Failed => "cleared the failure; `migrate up` resumes it".to_string(),
                _ => continue,
            };
            if !dry_run {
                history::repair(conn, m.version, &m.forward.checksum, e.state == State::Failed).await?;
            }
            out.push(Repaired { version: m.version, file: m.forward.display.clone(), action });
        }
        Ok(out)
    }
    .await;
    release_after(conn, result).await
}

#[cfg(test)]
mod pace_tests {
    use super::*;

    #[test]
    fn pace_doubles_while_quick_and_drops_to_one_when_slow() {
        assert_eq!(next_pace(1, 0), 2);
        assert_eq!(next_pace(32, QUICK_MS), PIPELINE_MAX);
        assert_eq!(next_pace(PIPELINE_MAX, 1), PIPELINE_MAX);
        assert_eq!(next_pace(16, QUICK_MS + 1), 1);
    }
}
