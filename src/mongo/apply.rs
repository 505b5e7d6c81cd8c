//! Runs a plan against a server. Each step is one command; a command the server refuses (e.g. a
//! unique index over duplicate values) is recorded with the server's reason and the rest of the
//! plan still runs, so one bad index does not leave the whole database unprovisioned. An index
//! the server cannot build at all is not sent (see [`super::client::Capabilities`]).

use super::plan::{Action, Plan, Step};
use mongodb::Database;
use serde::Serialize;
use std::collections::BTreeMap;

/// What happened to one step.
#[derive(Debug, Clone, Serialize)]
pub struct StepResult {
    pub action: super::plan::Action,
    pub object: String,
    pub reason: String,
    /// The command as typed in mongosh.
    pub command: String,
    /// `planned` (dry run), `applied`, `refused`, or `unsupported` (not sent: the server cannot
    /// build it, see [`super::client::Capabilities`]).
    pub status: &'static str,
    /// The server's message when refused; why, when unsupported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
}

impl StepResult {
    pub fn planned(s: &Step) -> Self {
        StepResult {
            action: s.action,
            object: s.object.clone(),
            reason: s.reason.clone(),
            command: s.shell(),
            status: "planned",
            error: None,
            code: None,
        }
    }
}

/// Runs every step in order, except those creating an object in `cannot` (which this server
/// cannot build: recorded as `unsupported` with the reason); `on_step` sees each result as it
/// happens (for progress output).
pub async fn apply(
    db: &Database,
    plan: &Plan,
    cannot: &BTreeMap<String, String>,
    mut on_step: impl FnMut(&StepResult),
) -> Vec<StepResult> {
    let mut out = Vec::new();
    for step in &plan.steps {
        let mut r = StepResult::planned(step);
        if let (Action::CreateIndex, Some(why)) = (step.action, cannot.get(&step.object)) {
            r.status = "unsupported";
            r.error = Some(why.clone());
            on_step(&r);
            out.push(r);
            continue;
        }
        match db.run_command(step.command.clone()).await {
            Ok(_) => r.status = "applied",
            Err(e) => {
                r.status = "refused";
                r.code = super::client::error_code(&e);
                r.error = Some(match e.kind.as_ref() {
                    mongodb::error::ErrorKind::Command(c) => format!("{} (code {} {})", c.message, c.code, c.code_name),
                    _ => e.to_string(),
                });
            }
        }
        on_step(&r);
        out.push(r);
    }
    out
}
