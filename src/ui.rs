//! All terminal output. stdout is data (tables, JSON), stderr is for people (progress, notes,
//! errors). Colours go through `console` and are off with `--no-color`, `NO_COLOR`, or when the
//! stream is not a terminal; progress bars (indicatif) appear only on a terminal.

use crate::cli::GlobalArgs;
use crate::error::Error;
use crate::migrate::file::Migration;
use crate::migrate::runner::Observer;
use console::{style, Term};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Ui {
    pub json: bool,
    pub quiet: bool,
    pub verbose: bool,
    pub color: bool,
    /// Whether the one JSON document has gone out (an error after it must not add a second).
    emitted: Arc<AtomicBool>,
}

impl Ui {
    pub fn new(g: &GlobalArgs) -> Ui {
        let no_color = g.no_color || crate::config::env_var("NO_COLOR").is_some();
        let color = !no_color && std::io::stderr().is_terminal();
        console::set_colors_enabled(!no_color && std::io::stdout().is_terminal());
        console::set_colors_enabled_stderr(color);
        Ui { json: g.json, quiet: g.quiet, verbose: g.verbose, color, emitted: Arc::default() }
    }

    /// A plain UI for library callers and tests.
    pub fn plain() -> Ui {
        Ui { json: false, quiet: false, verbose: false, color: false, emitted: Arc::default() }
    }

    /// `     Applied V101 create_users` (cargo-style: a right-aligned green verb).
    pub fn status(&self, verb: &str, msg: &str) {
        if self.quiet {
            return;
        }
        eprintln!("{} {msg}", style(format!("{verb:>12}")).green().bold());
    }

    pub fn note(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{} {msg}", style("note:").cyan().bold());
        }
    }

    pub fn warn(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{} {msg}", style("warning:").yellow().bold());
        }
    }

    /// Reports a failure: on stderr for people and, in --json mode when no document went out
    /// yet, as `{"error": {...}}` on stdout so scripts always get one document.
    pub fn fail(&self, e: &Error) {
        self.error(e);
        if self.json && !self.emitted.load(Ordering::Relaxed) {
            self.json_doc(
                &serde_json::json!({"error": {"message": e.message, "hint": e.hint, "exit_code": e.exit_code()}}),
            );
        }
    }

    pub fn error(&self, e: &Error) {
        let mut lines = e.message.lines();
        eprintln!("{} {}", style("error:").red().bold(), lines.next().unwrap_or(""));
        for l in lines {
            eprintln!("{l}");
        }
        if let Some(h) = &e.hint {
            eprintln!("  {} {h}", style("hint:").cyan());
        }
    }

    pub fn debug(&self, msg: &str) {
        if self.verbose && !self.quiet {
            eprintln!("{} {msg}", style("debug:").dim());
        }
    }

    /// Data on stdout (suppressed in --json mode, where only the JSON document goes there).
    pub fn data(&self, text: &str) {
        if self.json {
            return;
        }
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
    }

    /// A report that is this command's data (drift in any format): stdout, always.
    pub fn report(&self, text: &str) {
        self.emitted.store(true, Ordering::Relaxed);
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
    }

    /// The one JSON document of a --json run.
    pub fn json_doc(&self, value: &serde_json::Value) {
        self.emitted.store(true, Ordering::Relaxed);
        let mut out = std::io::stdout().lock();
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
        let _ = writeln!(out, "{text}");
    }

    pub fn stdin_is_terminal(&self) -> bool {
        std::io::stdin().is_terminal()
    }

    /// Asks y/N on the terminal. Only call when stdin is a terminal.
    pub fn confirm(&self, prompt: &str) -> bool {
        let term = Term::stderr();
        let _ = term.write_str(&format!("{prompt} [y/N] "));
        matches!(term.read_line().map(|s| s.trim().to_ascii_lowercase()), Ok(ref s) if s == "y" || s == "yes")
    }

    /// An observer for migration runs: a bar on a terminal, plain lines otherwise.
    /// Says only that a run waits for the migration lock: for the wait before a confirmation
    /// prompt, where a progress bar would get in the way.
    pub fn lock_observer(&self, label: &str) -> MigrationProgress {
        MigrationProgress { ui: self.clone(), bar: None, label: label.to_string() }
    }

    pub fn migration_observer(&self, label: &str) -> MigrationProgress {
        let bar = (!self.quiet && !self.json && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template("{prefix:>12.cyan.bold} [{bar:30}] {pos}/{len} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            b.set_prefix(label.to_string());
            b
        });
        MigrationProgress { ui: self.clone(), bar, label: label.to_string() }
    }
}

pub struct MigrationProgress {
    ui: Ui,
    bar: Option<ProgressBar>,
    label: String,
}

impl Observer for MigrationProgress {
    fn waiting_for_lock(&mut self, holder: Option<i32>) {
        let who = holder.map(|p| format!(" (held by server process {p})")).unwrap_or_default();
        if !self.ui.json {
            self.ui.status("Waiting", &format!("for the migration lock on {}{who}", self.label));
        }
    }
    fn start(&mut self, total: usize) {
        if let Some(b) = &self.bar {
            b.set_length(total as u64);
        }
    }
    fn step_started(&mut self, m: &Migration, down: bool) {
        if let Some(b) = &self.bar {
            b.set_message(format!(
                "{} {}{} {}",
                if down { "reverting" } else { "applying" },
                if down { "U" } else { "V" },
                m.version,
                m.description
            ));
        }
    }
    fn step_done(&mut self, m: &Migration, down: bool, ms: u128) {
        let line =
            format!("{}{} {} ({} ms) [{}]", if down { "U" } else { "V" }, m.version, m.description, ms, self.label);
        match &self.bar {
            Some(b) => {
                b.inc(1);
                if self.ui.verbose {
                    b.println(line);
                }
            }
            None if !self.ui.json => self.ui.status(if down { "Reverted" } else { "Applied" }, &line),
            None => {}
        }
    }
    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
