//! Observations (what a check or a reader saw) and findings (what the user is told).

use serde::{Deserialize, Serialize};

use crate::Location;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a check or a reader observed, before the rule pack turns it into words.
///
/// `code` is the stable finding code (`heading-structure/skipped-level`); `args` fill the
/// placeholders of the message and help that the rule pack gives for that code. Checks and
/// readers never write user-facing sentences: the words are data in `rules/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub code: String,
    pub location: Location,
    /// Placeholder values, such as `("from", "2")`.
    pub args: Vec<(String, String)>,
    /// Set only where the severity depends on a measured value (a warning under one
    /// threshold, an error over another); otherwise the rule pack's severity applies.
    pub severity: Option<Severity>,
}

impl Observation {
    pub fn new(code: impl Into<String>, location: Location) -> Self {
        Observation {
            code: code.into(),
            location,
            args: Vec::new(),
            severity: None,
        }
    }

    /// Adds a placeholder value.
    pub fn arg(mut self, name: &str, value: impl ToString) -> Self {
        self.args.push((name.to_string(), value.to_string()));
        self
    }

    /// Overrides the rule pack's severity.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }
}

/// A code a check kind or a reader emits, with the names of the arguments its observations
/// carry. Each emitter declares its codes once; the rule pack's loader refuses words for a
/// code nobody declares, a declared code without French and English words, and a
/// placeholder that no observation of the code fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeDecl {
    pub code: &'static str,
    pub args: &'static [&'static str],
}

impl CodeDecl {
    pub const fn new(code: &'static str, args: &'static [&'static str]) -> Self {
        CodeDecl { code, args }
    }
}

/// A finding as the user sees it: code, severity, criteria, place, message and help.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    /// Criterion ids this finding is evidence for (`C2.1/CE2`).
    pub criteria: Vec<String>,
    /// Path inside the submission; empty for the submission as a whole.
    pub file: String,
    pub location: Location,
    pub message: String,
    pub help: String,
}
