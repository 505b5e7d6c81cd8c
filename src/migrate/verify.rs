//! `migrate verify`: proves every rollback on a scratch database. For each migration in order:
//! inspect (before), up, inspect (after), down, inspect — must equal *before* — then up again
//! and inspect — must equal *after* (a rollback that leaves something behind often breaks the
//! second up). Uses the real runner, so history rows and transactions behave as in production.

use super::file::Migration;
use super::runner::{self, DownTarget, Options, Silent, UpTarget};
use crate::diff::{diff_postgres, Finding};
use crate::error::{Error, Result};
use crate::redact::Redacted;
use crate::source::live::postgres::inspect;
use serde::Serialize;

/// A rollback that did not restore the schema, or a migration that would not run again.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub version: i64,
    /// The rollback file (or the forward one when the second up failed).
    pub file: String,
    pub what: String,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub checked: usize,
    /// Irreversible migrations: applied, not rolled back.
    pub skipped_irreversible: Vec<i64>,
    pub problems: Vec<Problem>,
}

/// Verifies `migrations` on the (empty) database at `url`.
pub async fn verify(url: &Redacted, migrations: &[Migration], opts: &Options) -> Result<Report> {
    let mut conn = crate::conn::connect(url).await?;
    let mut report = Report::default();
    for m in migrations {
        let before = snapshot(&mut conn).await?;
        runner::up(&mut conn, migrations, UpTarget::Version(m.version), opts, &mut Silent).await?;
        let after = snapshot(&mut conn).await?;
        let Some(u) = &m.rollback else {
            report.skipped_irreversible.push(m.version);
            continue;
        };
        report.checked += 1;
        if let Err(e) = runner::down(&mut conn, migrations, DownTarget::Steps(1), opts, &mut Silent).await {
            report.problems.push(Problem {
                version: m.version,
                file: u.display.clone(),
                what: format!("rollback failed: {}", e.message),
                findings: vec![],
            });
            return Ok(report); // the database is in an unknown state: stop here
        }
        let restored = snapshot(&mut conn).await?;
        let findings = diff_postgres(&before, &restored);
        if !findings.is_empty() {
            report.problems.push(Problem {
                version: m.version,
                file: u.display.clone(),
                what: "the rollback does not restore the schema as it was before the migration".into(),
                findings,
            });
        }
        if let Err(e) = runner::up(&mut conn, migrations, UpTarget::Version(m.version), opts, &mut Silent).await {
            report.problems.push(Problem {
                version: m.version,
                file: m.forward.display.clone(),
                what: format!("does not apply again after its rollback: {}", e.message),
                findings: vec![],
            });
            return Ok(report);
        }
        let again = snapshot(&mut conn).await?;
        let findings = diff_postgres(&after, &again);
        if !findings.is_empty() {
            report.problems.push(Problem {
                version: m.version,
                file: m.forward.display.clone(),
                what: "applying it again after its rollback gives a different schema".into(),
                findings,
            });
        }
    }
    Ok(report)
}

async fn snapshot(conn: &mut sqlx::PgConnection) -> Result<crate::model::PgSchema> {
    inspect(conn).await.map_err(|e| Error::runtime(format!("cannot inspect the scratch database: {e}")))
}
