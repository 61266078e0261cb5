//! The human report: what to fix first, as a candidate or a mentor reads it.
//!
//! Layout:
//!
//! 1. a summary per file (its errors, warnings and infos), the files without findings on
//!    one line;
//! 2. the errors, in document order (by file, then position), then the warnings; infos are
//!    counted on one line, and shown after the warnings with `--all`
//!    ([`HumanOptions::all`]);
//! 3. the summary line, the checklist, and, last, how to learn more about a code
//!    (`livrable explain CODE`).
//!
//! Each finding shows its severity, `[code]` and message; then where it is:
//!
//! - in a text file (Markdown, HTML, CSV…): `file:line:col` over the lines around the span,
//!   the span underlined;
//! - in a spreadsheet: `file:Sheet!C12` over a small grid of the sheet, the cell underlined;
//! - in an office document or a PDF: the place as its application shows it (« page 2
//!   environ, section « Canaux et actions », paragraphe 14 », « tableau 1, ligne 3,
//!   colonne 2 », « diapositive 3, forme « Titre 1 » ») over the span's own line, whose
//!   gutter number is the paragraph's (the table row's; in a PDF or a slide, the line's
//!   within its page or shape), never a line number of the extracted text;
//! - else the file (and page) alone.
//!
//! Then the help, once per file and code: later findings of that code in the file show
//! their place and message only. Then the findings this one explains (the same fact seen by
//! other checks, grouped by the engine), one line each.
//!
//! Every word around the pack's messages comes from the report's phrases (the pack's
//! `report.toml`) or, for severity names and the summary line, from [`crate::words`].

use std::collections::HashSet;
use std::fmt;

use livrable_model::{ChecklistStatus, Document, Finding, Location, Phrases, Report, Severity};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use crate::excerpt::{grid_snippet, text_snippet, Context, Snippet};
use crate::words::{words, Words};
use crate::{finding_table, sanitize, sheet_cell_ref, span_line_cols, text_is_source};

/// How the human report is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanOptions {
    /// ANSI colours (for a terminal); `false` gives plain text, byte for byte stable.
    pub color: bool,
    /// Terminal width in columns; text is wrapped to it (at least 40).
    pub width: usize,
    /// Show the infos too (`--all`); by default they are only counted.
    pub all: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 90,
            all: false,
        }
    }
}

const MIN_WIDTH: usize = 40;
/// Room taken on a snippet line by miette's gutter (` 123 │ `) and a margin.
const GUTTER: usize = 10;
/// Files named on the « nothing to report » line before it says how many more.
const CLEAN_FILES_NAMED: usize = 6;

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

/// The file a finding is about as the user knows it (the submission itself for a finding
/// about the whole of it).
fn file_name<'a>(report: &'a Report, f: &'a Finding) -> &'a str {
    if f.file.is_empty() {
        report.submission.as_str()
    } else {
        f.file.as_str()
    }
}

/// Where a finding is, in one line: `file:line:col` in a text file, `file:Sheet!C12` in a
/// spreadsheet, the file and the places its application shows for an office document or
/// a PDF (« page 2 environ, section « Budget », paragraphe 14 »), else the file.
fn place_line(report: &Report, f: &Finding, p: &Phrases) -> String {
    let file = file_name(report, f);
    let loc = &f.location;
    if let Some(cell) = loc.cell {
        return format!("{file}:{}", sheet_cell_ref(loc.sheet.as_deref(), cell));
    }
    let doc = report.document(&f.file);
    if doc.is_none_or(|d| !text_is_source(d)) {
        return office_place(p, file, loc);
    }
    match span_line_cols(report, f) {
        Some(((line, col), _)) => format!("{file}:{line}:{col}"),
        None => file.to_string(),
    }
}

/// `file, page 2 environ, section « Budget », paragraphe 14`: the file and what
/// [`Phrases::places`] names of the location.
fn office_place(p: &Phrases, file: &str, loc: &Location) -> String {
    std::iter::once(file.to_string())
        .chain(p.places(loc))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The gutter number of an office document's or PDF's excerpt: the paragraph, or the
/// table row; else the line's number within its unit (a slide's shape) or its page.
fn gutter_number(doc: &Document, loc: &Location, offset: usize) -> usize {
    if let Some(n) = loc.paragraph {
        return n as usize;
    }
    if let Some(t) = loc.table {
        return t.row as usize;
    }
    let unit = doc
        .layout
        .unit_at(offset)
        .map_or(0, |u| u.start.min(offset));
    let page = doc
        .layout
        .page_breaks
        .iter()
        .take_while(|b| b.at <= offset)
        .last()
        .map_or(0, |b| b.at);
    let from = unit.max(page).min(doc.text.len());
    let upto = offset.min(doc.text.len());
    let newlines = doc
        .text
        .get(from..upto)
        .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count());
    // A unit or page starting at a line break: its first line is the next one.
    let starts_on_break = doc.text.as_bytes().get(from) == Some(&b'\n') && from < upto;
    newlines + 1 - usize::from(starts_on_break)
}

/// The excerpt to draw and the place to head it with, or the place alone.
fn locate(
    report: &Report,
    f: &Finding,
    p: &Phrases,
    max_chars: usize,
) -> (String, Option<Snippet>) {
    let loc = &f.location;
    let doc = report.document(&f.file);
    let place = place_line(report, f, p);

    if let Some(cell) = loc.cell {
        if let Some(table) = finding_table(report, f) {
            return (place, Some(grid_snippet(table, cell.0, cell.1, max_chars)));
        }
    }

    if let (Some(range), Some(doc)) = (loc.range(), doc) {
        let context = if text_is_source(doc) {
            Context::Around
        } else {
            Context::Own(gutter_number(doc, loc, range.start))
        };
        if let Some(snippet) = text_snippet(&doc.text, range.start, range.end, max_chars, context) {
            // A picture's own paragraph holds no text: the place says it all.
            let blank = snippet.source.text.trim().is_empty();
            if !(blank && context != Context::Around) {
                return (place, Some(snippet));
            }
        }
    }
    (place, None)
}

/// `text` wrapped to `width`, its first line after `first`, the others after `rest`.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest);
    let mut out = textwrap::fill(text, options);
    out.push('\n');
    out
}

/// Draws one finding (with the help when `help` is set, and what it explains); never
/// fails (a drawing error falls back to plain lines).
fn render_finding(
    report: &Report,
    f: &Finding,
    options: &HumanOptions,
    w: &Words,
    help: bool,
) -> String {
    let p = &report.phrases;
    let width = options.width.max(MIN_WIDTH);
    let (place, snippet) = locate(report, f, p, width.saturating_sub(GUTTER));
    let place = sanitize(&place);
    let title = sanitize(&format!(
        "{}[{}]{}{}",
        w.severity(f.severity),
        f.code,
        w.colon,
        f.message
    ));

    let mut shown = Shown {
        title: title.clone(),
        severity: f.severity,
        source: None,
        label: None,
        place: None,
    };
    match snippet {
        Some(snippet) => {
            // The header names the cell already: the underline needs no label.
            shown.label = Some(LabeledSpan::new_with_span(None, snippet.label.clone()));
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
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .without_primary_span_start();
    let mut out = String::new();
    out = match handler.render_report(&mut out, &shown) {
        Ok(()) => out,
        Err(_) => format!("  {title}\n  {place}\n"),
    };
    // miette ends a report with blank lines: the help follows the excerpt directly.
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    let help_text = sanitize(f.help.trim());
    if help && !help_text.is_empty() {
        out.push_str(&wrap(&help_text, width, &format!("  {} ", w.help), "  "));
    }
    if !f.explains.is_empty() {
        let intro = sanitize(&f.explains_intro);
        // One finding explained: on the intro's line.
        let (first, rest) = if f.explains.len() == 1 {
            (format!("  {intro} "), "    ".to_string())
        } else {
            out.push_str(&wrap(&intro, width, "  ", "  "));
            ("    · ".to_string(), "      ".to_string())
        };
        for e in &f.explains {
            // At the cause's own place, no place; in the same file, without the file's name.
            let mut place = place_line(report, e, p);
            if e.file == f.file && e.location == f.location {
                place.clear();
            } else if e.file == f.file && !e.file.is_empty() {
                if let Some(rest) = place.strip_prefix(e.file.as_str()) {
                    place = rest.trim_start_matches([':', ',', ' ']).to_string();
                }
            }
            let line = if place.is_empty() {
                format!("{} [{}]", e.message, e.code)
            } else {
                format!("{place}{}{} [{}]", w.colon, e.message, e.code)
            };
            out.push_str(&wrap(&sanitize(&line), width, &first, &rest));
        }
    }
    out
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

/// Counts of findings by severity.
#[derive(Default, Clone, Copy)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Counts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

/// One line per file with findings (« budget.xlsx : 2 erreurs, 1 avertissement »), in
/// the report's file order, then the files without any on one line.
fn file_summary(report: &Report, findings: &[&Finding], w: &Words, width: usize) -> String {
    let p = &report.phrases;
    let mut files: Vec<(&str, Counts)> = Vec::new();
    for f in findings {
        match files.iter_mut().find(|(file, _)| *file == f.file) {
            Some((_, counts)) => counts.add(f.severity),
            None => {
                let mut counts = Counts::default();
                counts.add(f.severity);
                files.push((&f.file, counts));
            }
        }
    }
    let mut out = String::new();
    for (file, c) in &files {
        let name = if file.is_empty() {
            p.get("submission-itself", &[])
        } else {
            file.to_string()
        };
        let counts = w.counts(c.errors, c.warnings, c.infos);
        let line = p.get("file-summary", &[("file", &name), ("counts", &counts)]);
        out.push_str(&wrap(&sanitize(&line), width, "", "  "));
    }
    let mut clean: Vec<&str> = report
        .documents
        .iter()
        .map(|d| d.path.as_str())
        .filter(|path| !files.iter().any(|(f, _)| f == path))
        .collect();
    clean.sort_unstable();
    if !clean.is_empty() {
        let mut names = clean
            .iter()
            .take(CLEAN_FILES_NAMED)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if clean.len() > CLEAN_FILES_NAMED {
            names.push_str(&format!(", … (+{})", clean.len() - CLEAN_FILES_NAMED));
        }
        let line = p.get("files-clean", &[("files", &names)]);
        out.push_str(&wrap(&sanitize(&line), width, "", "  "));
    }
    out
}

/// The report for a person: the summary per file, the errors, the warnings (and with
/// `all` the infos), the summary line, the checklist when there is one, and how to learn
/// more about a code.
pub fn human(report: &Report, options: &HumanOptions) -> String {
    let w = words(&report.lang);
    let p = &report.phrases;
    let width = options.width.max(MIN_WIDTH);
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    // Stable: findings at the same place keep the engine's order.
    findings.sort_by_cached_key(|f| sort_key(report, f));

    let mut out = String::new();
    if !findings.is_empty() {
        out.push_str(&file_summary(report, &findings, w, width));
        out.push('\n');
    }
    // Help once per file and code.
    let mut helped: HashSet<(&str, &str)> = HashSet::new();
    let mut section = |out: &mut String, severity: Severity, heading: &str| {
        let of: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| f.severity == severity)
            .collect();
        if of.is_empty() {
            return;
        }
        let count = of.len().to_string();
        out.push_str(&paint(
            &sanitize(&p.get(heading, &[("count", &count)])),
            "1",
            options.color,
        ));
        out.push('\n');
        for f in of {
            let help = helped.insert((f.file.as_str(), f.code.as_str()));
            out.push_str(&render_finding(report, f, options, w, help));
            out.push('\n');
        }
    };
    section(&mut out, Severity::Error, "errors-heading");
    section(&mut out, Severity::Warning, "warnings-heading");
    let infos = findings
        .iter()
        .filter(|f| f.severity == Severity::Info)
        .count();
    if options.all {
        section(&mut out, Severity::Info, "infos-heading");
    } else if infos > 0 {
        let count = infos.to_string();
        out.push_str(&wrap(
            &p.get("infos-hidden", &[("count", &count)]),
            width,
            "",
            "",
        ));
        out.push('\n');
    }

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
        out.push_str(&crate::checklist::situations_line(report, w));
        out.push_str("\n\n");
        out.push_str(&checklist(report, options, w));
    }
    // The code to try: the first error's, else the first finding's.
    let example = findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .or(findings.first())
        .map(|f| f.code.as_str());
    if let Some(code) = example {
        out.push('\n');
        let hint = p.get("explain-hint", &[("code", code)]);
        out.push_str(&wrap(&sanitize(&hint), width, "", ""));
    }
    out
}
