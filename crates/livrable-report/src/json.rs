//! The JSON report (`--format json`): the contract of `DESIGN.md`, version 1.
//!
//! Other tools and tests read this output, so its shape is fixed here by private output
//! structs, not by the model's types: a field added to the model does not leak into the
//! contract, and serde keeps the struct field order, so keys always come in the documented
//! order. Findings keep the order the engine gave them.

use livrable_model::{
    BulletState, ChecklistStatus, DetectedBy, Finding, Format, Report, Severity, TableCell,
};
use serde::Serialize;

use crate::span_line_cols;

/// Bumped only when the shape changes incompatibly.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    submission: &'a str,
    deliverables: Vec<Deliverable<'a>>,
    findings: Vec<FindingOut<'a>>,
    /// Added to the contract (additive): the evaluation situations the checklist covers,
    /// and whether the tool inferred them from the deliverables.
    situations: &'a [String],
    situations_inferred: bool,
    checklist: Vec<Criterion<'a>>,
    summary: SummaryOut,
}

#[derive(Serialize)]
struct Deliverable<'a> {
    file: &'a str,
    kind: &'a str,
    detected_by: DetectedBy,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    code: &'a str,
    severity: Severity,
    /// Criterion ids (`C2.1/CE2`), whether the pack named the criterion or one of its
    /// bullets.
    criteria: Vec<&'a str>,
    file: &'a str,
    location: LocationOut<'a>,
    message: &'a str,
    help: &'a str,
    /// Added to the contract (additive): the findings that follow from this one (the same
    /// fact seen by other checks), each in this same shape; they are not listed again
    /// among the findings, and the summary counts the group once. Empty for most.
    explains: Vec<FindingOut<'a>>,
}

/// Every key is always present; what does not apply is `null`.
///
/// The contract's keys come first; then, added to it (additive), where an office document
/// or a PDF shows the place: `page_estimated` (the page is where the file's last layout
/// put it: « page 3 environ »), `paragraph`, `table` (`{"table", "row", "column"}`, all
/// 1-based), `section`, `slide`, `shape` (see `livrable_model::Location`). In a
/// presentation, `page` is `null` and `slide` gives the slide.
#[derive(Serialize)]
struct LocationOut<'a> {
    line: Option<usize>,
    column: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    sheet: Option<&'a str>,
    cell: Option<String>,
    page: Option<u32>,
    page_estimated: bool,
    paragraph: Option<u32>,
    table: Option<TableCell>,
    section: Option<&'a str>,
    slide: Option<u32>,
    shape: Option<&'a str>,
}

#[derive(Serialize)]
struct Criterion<'a> {
    criterion: &'a str,
    status: ChecklistStatus,
    evidence: &'a [String],
    /// Added to the contract (additive): the criterion's title and the bullets of its
    /// wording left to the evaluator, verbatim.
    title: &'a str,
    to_assess: &'a [String],
    /// Added to the contract (additive): the bullets the checks measure, and how each
    /// stands (`evidenced`, `incomplete`, `problem`, `no-evidence`).
    measured: Vec<Measured<'a>>,
}

#[derive(Serialize)]
struct Measured<'a> {
    bullet: &'a str,
    state: BulletState,
}

#[derive(Serialize)]
struct SummaryOut {
    files: usize,
    errors: usize,
    warnings: usize,
}

fn finding<'a>(report: &'a Report, f: &'a Finding) -> FindingOut<'a> {
    let loc = &f.location;
    let (line, column) = match span_line_cols(report, f) {
        Some(((line, column), _)) => (Some(line), Some(column)),
        None => (None, None),
    };
    let deck = report
        .document(&f.file)
        .is_some_and(|d| matches!(d.format, Format::Pptx | Format::Odp));
    FindingOut {
        code: &f.code,
        severity: f.severity,
        criteria: crate::criterion_ids(&f.criteria),
        file: &f.file,
        location: LocationOut {
            line,
            column,
            start: loc.start,
            end: loc.end,
            sheet: loc.sheet.as_deref(),
            cell: loc.cell_ref(),
            page: loc.page.filter(|_| !deck),
            page_estimated: loc.page_estimated && !deck,
            paragraph: loc.paragraph,
            table: loc.table,
            section: loc.section.as_deref(),
            slide: loc.slide.or(loc.page.filter(|_| deck)),
            shape: loc.shape.as_deref(),
        },
        message: &f.message,
        help: &f.help,
        explains: f.explains.iter().map(|e| finding(report, e)).collect(),
    }
}

/// The report as the pretty-printed JSON object of `DESIGN.md` ("JSON").
///
/// `line` and `column` are 1-based (the column counts characters) and are given when the
/// finding has a span and its document is in the report; `cell` is written `C12`.
pub fn json(report: &Report) -> String {
    let out = Out {
        version: VERSION,
        submission: &report.submission,
        deliverables: report
            .deliverables
            .iter()
            .map(|d| Deliverable {
                file: &d.file,
                kind: &d.kind,
                detected_by: d.detected_by,
            })
            .collect(),
        findings: report.findings.iter().map(|f| finding(report, f)).collect(),
        situations: &report.situations,
        situations_inferred: report.situations_inferred,
        checklist: report
            .checklist
            .iter()
            .map(|c| Criterion {
                criterion: &c.criterion,
                status: c.status,
                evidence: &c.evidence,
                title: &c.title,
                to_assess: &c.to_assess,
                measured: c
                    .measured
                    .iter()
                    .map(|b| Measured {
                        bullet: &b.id,
                        state: b.state,
                    })
                    .collect(),
            })
            .collect(),
        summary: SummaryOut {
            files: report.summary.files,
            errors: report.summary.errors,
            warnings: report.summary.warnings,
        },
    };
    // Structs of strings, numbers and unit enums, no maps: serialising cannot fail.
    serde_json::to_string_pretty(&out).expect("the JSON report serialises")
}
