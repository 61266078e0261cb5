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
    /// Places of the submission this observation was made from, besides its own: the
    /// budget's total cell a plan's stated total was compared with. The engine uses them to
    /// report one root cause once (a wrong total explains the plan's difference).
    pub related: Vec<Related>,
}

/// A place in a file of the submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Path inside the submission.
    pub file: String,
    pub location: Location,
}

impl Observation {
    pub fn new(code: impl Into<String>, location: Location) -> Self {
        Observation {
            code: code.into(),
            location,
            args: Vec::new(),
            severity: None,
            related: Vec::new(),
        }
    }

    /// Adds a place this observation was made from (in `file`, a path of the submission).
    pub fn related(mut self, file: &str, location: Location) -> Self {
        self.related.push(Related {
            file: file.to_string(),
            location,
        });
        self
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
    /// What this finding is evidence for: criterion ids (`C2.1/CE2`) or bullets of a
    /// criterion (`C2.1/CE2/1`), as the rule pack names them. The JSON and SARIF reports
    /// show the criterion ids.
    pub criteria: Vec<String>,
    /// Path inside the submission; empty for the submission as a whole.
    pub file: String,
    pub location: Location,
    pub message: String,
    pub help: String,
    /// The observation's placeholder values, which the message and help were made from.
    pub args: Vec<(String, String)>,
    /// The places it was made from besides its own (see [`Observation::related`]).
    pub related: Vec<Related>,
    /// The findings that follow from this one (the same fact seen by other checks), shown
    /// under it and counted once: a formula's short range explains the wrong total and the
    /// plan's difference with it. Each is worded for that case where the pack says how.
    pub explains: Vec<Finding>,
    /// The words before them (« Ce total faux explique aussi : »); empty when none.
    pub explains_intro: String,
}

impl Finding {
    /// A finding with no arguments, related places or explained findings.
    pub fn new(
        code: impl Into<String>,
        severity: Severity,
        file: impl Into<String>,
        location: Location,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Finding {
            code: code.into(),
            severity,
            criteria: Vec::new(),
            file: file.into(),
            location,
            message: message.into(),
            help: help.into(),
            args: Vec::new(),
            related: Vec::new(),
            explains: Vec::new(),
            explains_intro: String::new(),
        }
    }

    /// This finding, then those it explains: every finding of the group, for a writer that
    /// shows each at its own place (an annotated copy's comments).
    pub fn with_explained(&self) -> impl Iterator<Item = &Finding> {
        std::iter::once(self).chain(self.explains.iter().flat_map(|e| {
            // Chains are collapsed to their root (explained findings explain nothing), but
            // a hand-built report may nest them: one more level is enough for either.
            std::iter::once(e).chain(e.explains.iter())
        }))
    }

    /// The highest severity of this finding and those it explains.
    pub fn worst(&self) -> Severity {
        self.explains
            .iter()
            .map(Finding::worst)
            .fold(self.severity, Severity::max)
    }
}
