//! The human report: `rustc`-style diagnostics drawn by miette, a summary line, and the
//! checklist, in the report's language.
//!
//! Each finding shows its severity, `[code]` and message; then where it is: the file and
//! `line:col` above an excerpt of the text with the span underlined, or the file and
//! `Sheet!C12` above a small grid of the sheet with the cell underlined, or just the file
//! and page when there is nothing to show; then the help.
//!
//! Order: findings are sorted here by file, then position (span start, sheet, cell, page),
//! whatever order the engine produced them in; findings at the same place keep the engine's
//! order. A reader goes through a file top to bottom; the JSON and SARIF outputs keep the
//! engine's order.
//!
//! Counts: errors, warnings and files come from the report's summary, as in the JSON; the
//! summary has no info count, so infos are counted from the findings.

use std::fmt;

use livrable_model::{ChecklistStatus, Document, Finding, Format, Report, Severity};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use crate::excerpt::{grid_snippet, renumber_grid_gutter, text_snippet, Snippet};
use crate::words::{words, Words};
use crate::{finding_table, sanitize, sheet_cell_ref, span_line_cols, text_is_source};

/// How the human report is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanOptions {
    /// ANSI colours (for a terminal); `false` gives plain text, byte for byte stable.
    pub color: bool,
    /// Terminal width in columns; text is wrapped to it (at least 40).
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 90,
        }
    }
}

const MIN_WIDTH: usize = 40;
/// Room taken on a snippet line by miette's gutter (` 123 │ `) and a margin.
const GUTTER: usize = 10;

/// One finding as miette draws it.
struct Shown {
    /// `erreur[code] : message`.
    title: String,
    severity: Severity,
    source: Option<NamedSource<crate::excerpt::Excerpt>>,
    label: Option<LabeledSpan>,
    /// Where the finding is, when there is no excerpt to head: shown under the title.
    place: Option<Place>,
}

/// The place line of a finding without excerpt, drawn by miette as a cause (`╰─▶ …`).
#[derive(Debug)]
struct Place(String);

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Place {}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for Shown {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.place.as_ref().map(|p| p as _)
    }
}

impl Diagnostic for Shown {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = self.label.clone()?;
        Some(Box::new(std::iter::once(label)))
    }
}

/// The index of a finding's sheet among its document's tables, for workbook order.
fn sheet_index(report: &Report, f: &Finding) -> Option<usize> {
    let sheet = f.location.sheet.as_deref()?;
    report
        .document(&f.file)?
        .tables
        .iter()
        .position(|t| t.name.as_deref() == Some(sheet))
}

/// File, span start, sheet index, sheet name, cell, page.
pub(crate) type SortKey<'a> = (
    &'a str,
    Option<usize>,
    Option<usize>,
    Option<&'a str>,
    Option<(u32, u32)>,
    Option<u32>,
);

/// Document order: file, then span start, then sheet (workbook order), cell, page.
/// Findings without a position in a file come first in it.
pub(crate) fn sort_key<'a>(report: &Report, f: &'a Finding) -> SortKey<'a> {
    let loc = &f.location;
    (
        f.file.as_str(),
        loc.start,
        sheet_index(report, f),
        loc.sheet.as_deref(),
        loc.cell,
        loc.page,
    )
}

/// `rapport.pdf, page 3` or `diaporama.pptx, diapositive 3`.
fn page_place(w: &Words, file: &str, doc: Option<&Document>, page: u32) -> String {
    let slides = doc.is_some_and(|d| matches!(d.format, Format::Pptx | Format::Odp));
    let word = if slides { w.slide } else { w.page };
    format!("{file}, {word} {page}")
}

/// The excerpt to draw and the place to head it with, or the place alone.
fn locate(report: &Report, f: &Finding, w: &Words, max_chars: usize) -> (String, Option<Snippet>) {
    let file = if f.file.is_empty() {
        report.submission.as_str()
    } else {
        f.file.as_str()
    };
    let loc = &f.location;
    let doc = report.document(&f.file);

    let cell_place = loc
        .cell
        .map(|cell| format!("{file}:{}", sheet_cell_ref(loc.sheet.as_deref(), cell)));
    if let (Some(cell), Some(place)) = (loc.cell, &cell_place) {
        if let Some(table) = finding_table(report, f) {
            return (
                place.clone(),
                Some(grid_snippet(table, cell.0, cell.1, max_chars)),
            );
        }
    }

    if let (Some(range), Some(doc)) = (loc.range(), doc) {
        if let Some(snippet) = text_snippet(&doc.text, range.start, range.end, max_chars) {
            let place = match loc.page {
                // Line numbers of text extracted from a PDF mean nothing to its reader.
                Some(page) if !text_is_source(doc) => page_place(w, file, Some(doc), page),
                _ => match span_line_cols(report, f) {
                    Some(((line, col), _)) => format!("{file}:{line}:{col}"),
                    None => file.to_string(),
                },
            };
            return (place, Some(snippet));
        }
    }

    let place = match (cell_place, loc.page) {
        (Some(place), _) => place,
        (None, Some(page)) => page_place(w, file, doc, page),
        (None, None) => file.to_string(),
    };
    (place, None)
}

/// Draws one finding; never fails (a drawing error falls back to plain lines).
fn render_finding(report: &Report, f: &Finding, options: &HumanOptions, w: &Words) -> String {
    let width = options.width.max(MIN_WIDTH);
    let (place, snippet) = locate(report, f, w, width.saturating_sub(GUTTER));
    let place = sanitize(&place);
    let title = sanitize(&format!(
        "{}[{}]{}{}",
        w.severity(f.severity),
        f.code,
        w.colon,
        f.message
    ));
    let help = sanitize(f.help.trim());
    let grid = snippet.as_ref().is_some_and(|s| s.grid);

    let mut shown = Shown {
        title: title.clone(),
        severity: f.severity,
        source: None,
        label: None,
        place: None,
    };
    match snippet {
        Some(snippet) => {
            let label = if grid { f.location.cell_ref() } else { None };
            shown.label = Some(LabeledSpan::new_with_span(label, snippet.label.clone()));
            shown.source = Some(NamedSource::new(place.clone(), snippet.source));
        }
        None => shown.place = Some(Place(place.clone())),
    }

    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // miette's own header position counts bytes; ours (in the source name) counts
    // characters, like the JSON report.
    let mut handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .without_primary_span_start();
    if !help.is_empty() {
        // The footer rather than miette's `help:`, whose word is fixed in English.
        handler = handler.with_footer(format!("{} {help}", w.help));
    }
    let mut out = String::new();
    match handler.render_report(&mut out, &shown) {
        Ok(()) if grid => renumber_grid_gutter(&out),
        Ok(()) => out,
        Err(_) => {
            let mut plain = format!("  {title}\n  {place}\n");
            if !help.is_empty() {
                plain.push_str(&format!("  {} {help}\n", w.help));
            }
            plain
        }
    }
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// The checklist as a short table: criterion, status, and the evidence on one line, cut
/// to the width.
fn checklist(report: &Report, options: &HumanOptions, w: &Words) -> String {
    let width = options.width.max(MIN_WIDTH);
    let crit_w = report
        .checklist
        .iter()
        .map(|c| c.criterion.chars().count())
        .chain([w.criterion.chars().count()])
        .max()
        .unwrap_or(0);
    let status_w = [
        ChecklistStatus::Met,
        ChecklistStatus::NotMet,
        ChecklistStatus::Partial,
        ChecklistStatus::Manual,
    ]
    .iter()
    .map(|s| w.status_label(*s).chars().count())
    .chain([w.status.chars().count()])
    .max()
    .unwrap_or(0);
    let evidence_w = width.saturating_sub(crit_w + status_w + 6).max(10);

    let mut out = format!(
        "  {}  {}  {}\n",
        pad(w.criterion, crit_w),
        pad(w.status, status_w),
        w.evidence
    );
    for entry in &report.checklist {
        let colour = match entry.status {
            ChecklistStatus::Met => "32",
            ChecklistStatus::NotMet => "31",
            ChecklistStatus::Partial => "33",
            ChecklistStatus::Manual => "36",
        };
        let label = w.status_label(entry.status);
        let evidence = sanitize(&entry.evidence.join(w.list_sep)).replace('\n', " ");
        let evidence = if evidence.chars().count() > evidence_w {
            let keep: String = evidence
                .chars()
                .take(evidence_w.saturating_sub(1))
                .collect();
            format!("{keep}…")
        } else {
            evidence
        };
        // Padding stays outside the colour codes, so that lines end the same way with or
        // without colour.
        out.push_str(&format!(
            "  {}  {}",
            pad(&sanitize(&entry.criterion), crit_w),
            paint(label, colour, options.color)
        ));
        if !evidence.is_empty() {
            let gap = status_w.saturating_sub(label.chars().count());
            out.push_str(&format!("{}  {evidence}", " ".repeat(gap)));
        }
        out.push('\n');
    }
    out
}

/// The report for a person: each finding, then the summary line, then the checklist when
/// there is one.
pub fn human(report: &Report, options: &HumanOptions) -> String {
    let w = words(&report.lang);
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    // Stable: findings at the same place keep the engine's order.
    findings.sort_by_cached_key(|f| sort_key(report, f));

    let mut out = String::new();
    for f in findings {
        out.push_str(&render_finding(report, f, options, w));
        out.push('\n');
    }
    let infos = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Info)
        .count();
    let summary = w.summary(
        report.summary.errors,
        report.summary.warnings,
        infos,
        report.summary.files,
    );
    let summary_colour = if report.summary.errors > 0 {
        "1;31"
    } else if report.summary.warnings > 0 {
        "1;33"
    } else {
        "1;32"
    };
    out.push_str(&paint(&summary, summary_colour, options.color));
    out.push('\n');
    if !report.checklist.is_empty() {
        out.push('\n');
        out.push_str(&crate::checklist_doc::situations_line(report, w));
        out.push_str("\n\n");
        out.push_str(&checklist(report, options, w));
    }
    out
}
