//! The evaluator's grid as a document: Markdown to paste into a review
//! (`--format checklist-md`, [`checklist_md`]) and one self-contained, printable HTML page
//! (`--format checklist-html`, [`checklist_html`]) whose decisions and comments an evaluator
//! fills in, kept in the browser and exported as CSV or JSON.
//!
//! Both say first what the grid is about (candidate, date, situations, the tool's and the
//! rule pack's versions) and what the statuses mean (the pack's legend); then, for each
//! criterion, its status in words and symbol (never by colour alone), the problems (severity,
//! file, place), the results of one check on two sources side by side, what the checks
//! verified, the points the tool measures and how each stands, the bullets left to the
//! evaluator verbatim, and a place for the decision. An item bearing on several criteria is
//! shown under the first and referred to from the others (the engine decided which; this
//! module only lays out what the report holds).

mod html;
mod md;

pub(crate) use html::anchor;
pub use html::{checklist_fragment, checklist_html, CHECKLIST_SCRIPT, CHECKLIST_STYLE};
pub use md::checklist_md;

use livrable_model::{
    BulletState, ChecklistEntry, ChecklistStatus, DetectedBy, Finding, Report, Severity,
};

use crate::words::Words;
use crate::{sheet_cell_ref, span_line_cols, text_is_source};

/// The situations in report order, each with its criteria.
fn by_situation(report: &Report) -> Vec<(&str, Vec<&ChecklistEntry>)> {
    let mut groups: Vec<(&str, Vec<&ChecklistEntry>)> = Vec::new();
    for entry in &report.checklist {
        let situation = entry
            .criterion
            .split('/')
            .next()
            .unwrap_or(&entry.criterion);
        match groups.iter_mut().find(|(s, _)| *s == situation) {
            Some((_, list)) => list.push(entry),
            None => groups.push((situation, vec![entry])),
        }
    }
    groups
}

/// A status's symbol, so that it reads without colour and in black-and-white print.
pub(crate) fn status_symbol(status: ChecklistStatus) -> &'static str {
    match status {
        ChecklistStatus::Met => "✔",
        ChecklistStatus::NotMet => "✘",
        ChecklistStatus::Partial => "◐",
        ChecklistStatus::Manual => "?",
    }
}

/// A status's label from the pack's legend (the renderer's own word when the pack has no
/// `checklist.toml`).
pub(crate) fn status_label(report: &Report, w: &Words, status: ChecklistStatus) -> String {
    report
        .grid
        .status(status)
        .map_or_else(|| w.status_label(status).to_string(), |s| s.label.clone())
}

/// A status's short label, for table cells.
pub(crate) fn status_short(report: &Report, w: &Words, status: ChecklistStatus) -> String {
    report
        .grid
        .status(status)
        .map_or_else(|| w.status_label(status).to_string(), |s| s.short.clone())
}

fn bullet_symbol(state: BulletState) -> &'static str {
    match state {
        BulletState::Evidenced => "✔",
        BulletState::Incomplete => "◐",
        BulletState::Problem => "✘",
        BulletState::NoEvidence => "○",
    }
}

fn bullet_state(w: &Words, state: BulletState) -> &'static str {
    match state {
        BulletState::Evidenced => w.grid.evidenced,
        BulletState::Incomplete => w.grid.incomplete,
        BulletState::Problem => w.grid.bullet_problem,
        BulletState::NoEvidence => w.grid.no_evidence,
    }
}

fn severity_symbol(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✘",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    }
}

fn detected_by(d: DetectedBy) -> &'static str {
    match d {
        DetectedBy::Manifest => "manifest",
        DetectedBy::Name => "name",
        DetectedBy::Content => "content",
        DetectedBy::Flag => "flag",
    }
}

/// Where a finding is, in words a Word, Excel or PowerPoint user can follow: the cell
/// (`Budget!C12`); the slide or page (« environ » when estimated), section, shape, and
/// paragraph or table cell, in the pack's words ([`livrable_model::Phrases::places`]); the
/// line of a text file. Empty when the finding is about the whole file.
fn place(report: &Report, w: &Words, f: &Finding) -> String {
    let loc = &f.location;
    if let Some(cell) = loc.cell {
        return sheet_cell_ref(loc.sheet.as_deref(), cell);
    }
    let places = report.phrases.places(loc);
    if !places.is_empty() {
        return places.join(", ");
    }
    if report.document(&f.file).is_some_and(text_is_source) {
        if let Some(((line, _), _)) = span_line_cols(report, f) {
            return format!("{} {line}", w.grid.line);
        }
    }
    String::new()
}

/// The file a finding is about, or « la soumission » for the submission as a whole.
fn file_or_submission<'a>(w: &Words, f: &'a Finding) -> &'a str {
    if f.file.is_empty() {
        w.grid.submission_as_a_whole
    } else {
        &f.file
    }
}

/// The findings that bear on no criterion of the grid: shown once, apart.
fn outside_criteria(report: &Report) -> Vec<&Finding> {
    let in_grid = |reference: &String| {
        report.checklist.iter().any(|e| {
            reference == &e.criterion
                || reference
                    .strip_prefix(e.criterion.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    };
    let mut out: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info || f.file.is_empty())
        .filter(|f| !f.criteria.iter().any(in_grid))
        .collect();
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// The situations line: "Situation d'évaluation : C1.6 (déduite des livrables remis)".
pub(crate) fn situations_line(report: &Report, w: &Words) -> String {
    if report.situations.is_empty() {
        return w.no_situation.to_string();
    }
    format!(
        "{} : {} ({})",
        w.situation,
        report.situations.join(", "),
        if report.situations_inferred {
            w.inferred
        } else {
            w.asked
        }
    )
    .replace(" : ", w.colon)
}

/// The situations alone, with how they were chosen: "C1.6 (déduite des livrables remis)".
fn situations_value(report: &Report, w: &Words) -> String {
    if report.situations.is_empty() {
        return w.no_situation.to_string();
    }
    format!(
        "{} ({})",
        report.situations.join(", "),
        if report.situations_inferred {
            w.inferred
        } else {
            w.asked
        }
    )
}

/// "ccm-n6 2026.11 — Chargé de communication multicanale (RNCP niveau 6)".
fn pack_value(report: &Report) -> String {
    let g = &report.grid;
    let mut out = format!("{} {}", g.pack_id, g.pack_version);
    if !g.pack_title.is_empty() {
        out.push_str(" — ");
        out.push_str(&g.pack_title);
    }
    out.trim().to_string()
}

/// The candidate's name, or the submission's path when the report has none.
fn candidate(report: &Report) -> &str {
    if report.grid.candidate.is_empty() {
        &report.submission
    } else {
        &report.grid.candidate
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// « Portent aussi sur ce critère : 2 problèmes et 3 éléments vérifiés, sous C1.6/CE2 ».
fn elsewhere_counts(w: &Words, problems: usize, passed: usize) -> String {
    let mut parts = Vec::new();
    if problems > 0 {
        parts.push(w.count(problems, w.grid.problem_forms));
    }
    if passed > 0 {
        parts.push(w.count(passed, w.grid.verified_forms));
    }
    parts.join(", ")
}

/// What the problems part says when it lists none: that there are none, or that those
/// found sit beside the other source in a comparison.
fn problems_note(w: &Words, e: &ChecklistEntry) -> &'static str {
    let compared = e
        .comparisons
        .iter()
        .flat_map(|c| &c.rows)
        .flat_map(|r| &r.results)
        .any(|x| x.finding.is_some());
    if compared {
        w.grid.problems_compared
    } else {
        w.grid.no_problem
    }
}

fn infos(report: &Report) -> usize {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Info)
        .count()
}
