//! Errors and outcomes, mapped onto the exit-code contract (`../shared/design/cli.md`).
//!
//! A failure is an [`Error`] whose [`ErrorClass`] picks the exit code (1 runtime, 2 input).
//! "A check found something" is not an error: it is [`Outcome::Findings`] and exits 3.

use std::fmt;

/// Which exit code an error maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Connection, SQL error, lock timeout, server refused: exit 1.
    Runtime,
    /// Usage, config, migration layout, spec files, checksum conflicts: exit 2.
    Input,
}

/// An error with what failed, where, and what to do next.
#[derive(Debug)]
pub struct Error {
    pub class: ErrorClass,
    /// What failed (one line, or several for lists of problems).
    pub message: String,
    /// What to do next.
    pub hint: Option<String>,
}

impl Error {
    pub fn input(message: impl Into<String>) -> Self {
        Error { class: ErrorClass::Input, message: message.into(), hint: None }
    }
    pub fn runtime(message: impl Into<String>) -> Self {
        Error { class: ErrorClass::Runtime, message: message.into(), hint: None }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn exit_code(&self) -> u8 {
        match self.class {
            ErrorClass::Runtime => 1,
            ErrorClass::Input => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a successful command run concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Success; nothing found.
    Ok,
    /// A check found this many error-severity problems (exit 3).
    Findings(usize),
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Ok => 0,
            Outcome::Findings(0) => 0,
            Outcome::Findings(_) => 3,
        }
    }
    /// Combines the outcomes of several databases or steps.
    pub fn and(self, other: Outcome) -> Outcome {
        match (self, other) {
            (Outcome::Findings(a), Outcome::Findings(b)) => Outcome::Findings(a + b),
            (Outcome::Findings(a), Outcome::Ok) | (Outcome::Ok, Outcome::Findings(a)) => Outcome::Findings(a),
            (Outcome::Ok, Outcome::Ok) => Outcome::Ok,
        }
    }
}

/// Context for I/O errors: which path, and what we were doing.
pub fn io_error(action: &str, path: &std::path::Path, err: std::io::Error) -> Error {
    Error::runtime(format!("{action} {}: {err}", path.display()))
}
