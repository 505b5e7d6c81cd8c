//! Reconciles migration files with the history table: the state of every migration, and what
//! would stop `up` or `down` (an edited applied file, a vanished file, a failure, a version
//! below one already applied).

use super::file::Migration;
use super::history::HistoryRow;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Applied,
    Pending,
    Failed,
    Changed,
    Missing,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Pending => "pending",
            State::Failed => "failed",
            State::Changed => "changed",
            State::Missing => "missing",
        }
    }
}

/// One line of `migrate status`.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub version: i64,
    pub description: String,
    pub phase: i32,
    pub state: State,
    pub checksum: String,
    pub applied_at: Option<String>,
    /// The V file (or, for a missing one, the script recorded in history).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// For a failed entry: the recorded error. For a repaired no-transaction migration: where it resumes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Joins files and history by version; sorted by version.
pub fn reconcile(migrations: &[Migration], history: &[HistoryRow]) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut h = history.iter().peekable();
    let mut m = migrations.iter().peekable();
    loop {
        match (m.peek(), h.peek()) {
            (None, None) => break,
            (Some(mi), hr) if hr.is_none_or(|r| mi.version < r.version) => {
                out.push(Entry {
                    version: mi.version,
                    description: mi.description.clone(),
                    phase: mi.phase,
                    state: State::Pending,
                    checksum: mi.forward.checksum.clone(),
                    applied_at: None,
                    file: Some(mi.forward.display.clone()),
                    note: None,
                });
                m.next();
            }
            (mi, Some(r)) if mi.is_none_or(|mi| r.version < mi.version) => {
                out.push(Entry {
                    version: r.version,
                    description: r.description.clone(),
                    phase: r.phase,
                    state: State::Missing,
                    checksum: r.checksum.clone(),
                    applied_at: Some(r.applied_at.clone()),
                    file: Some(r.script.clone()),
                    note: None,
                });
                h.next();
            }
            (Some(mi), Some(r)) => {
                let (state, note) = if !r.success && r.error.is_some() {
                    (State::Failed, r.error.clone())
                } else if !r.success {
                    (State::Pending, Some(format!("resumes at statement {} after repair", r.statements_done + 1)))
                } else if r.checksum != mi.forward.checksum {
                    (State::Changed, Some(format!("applied with checksum {}", short(&r.checksum))))
                } else {
                    (State::Applied, None)
                };
                out.push(Entry {
                    version: mi.version,
                    description: mi.description.clone(),
                    phase: mi.phase,
                    state,
                    checksum: mi.forward.checksum.clone(),
                    applied_at: r.success.then(|| r.applied_at.clone()),
                    file: Some(mi.forward.display.clone()),
                    note,
                });
                m.next();
                h.next();
            }
            _ => break,
        }
    }
    out
}

pub fn short(checksum: &str) -> &str {
    &checksum[..checksum.len().min(12)]
}

/// Why `up`/`down` may not run: each problem with the file and what to do.
pub fn blockers(entries: &[Entry]) -> Vec<String> {
    let max_applied = entries.iter().filter(|e| e.state != State::Pending).map(|e| e.version).max();
    let mut out = Vec::new();
    for e in entries {
        let file = e.file.as_deref().unwrap_or("?");
        match e.state {
            State::Changed => out.push(format!(
                "{file}: changed since it was applied ({}). Revert the edit and put the change in a new migration, \
                 or run `dbctl migrate repair` to accept the file as it is now",
                e.note.as_deref().unwrap_or("checksum differs")
            )),
            State::Missing => out.push(format!(
                "version {} ({file}) is applied but its file is gone. Restore the file from version control",
                e.version
            )),
            State::Failed => out.push(format!(
                "{file}: failed earlier ({}). Fix the cause, then run `dbctl migrate repair` and `dbctl migrate up`",
                e.note.as_deref().unwrap_or("no error recorded")
            )),
            State::Pending => {
                if let Some(max) = max_applied.filter(|m| e.version < *m && e.note.is_none()) {
                    out.push(format!(
                        "{file}: version {} is pending but version {max} is already applied. Renumber it above {max}",
                        e.version
                    ));
                }
            }
            State::Applied => {}
        }
    }
    out
}
