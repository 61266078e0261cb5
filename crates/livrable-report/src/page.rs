//! The report as one HTML page, for a person in a browser: the report page of
//! `livrable serve`, and the `rapport.html` written beside annotated copies.
//!
//! What it shows, in this order: a summary (per file: errors, warnings and infos; « À
//! corriger d'abord »: the first errors, each linked to its place below); then each file's
//! findings in document order — the message, where it is (line and column, cell, page,
//! slide), an excerpt drawn from the document (the lines with the span marked, or the
//! sheet's grid around the cell, or the paragraph of an office file), the help, the
//! criteria and a link to the code's explanation; then the evaluator's checklist (the same
//! content as `--format checklist-html`, from [`checklist_fragment`]); then the
//! downloads the caller offers. The three parts are tabs made of in-page links and CSS
//! `:target`: they work without script and with the keyboard, and all three print.
//!
//! Every value from the submission (file names, texts, cell values) is escaped by maud, and
//! control characters are replaced. The page loads nothing from elsewhere: its style is
//! inline, or at the one address the caller gives (a server with a strict
//! Content-Security-Policy serves [`style_sheet`] itself). Its words are the pack's
//! (`interface.toml`: keys `report.*`, listed in [`KEYS`], and `kind.<id>` for the
//! deliverable kinds' labels), passed in the report's language by the caller; a missing key
//! shows as itself, so a gap is visible rather than silent.

use std::collections::BTreeMap;

use livrable_model::location::column_name;
use livrable_model::{Finding, Format, Report, Severity, Table};
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::checklist::{checklist_fragment, CHECKLIST_STYLE};
use crate::excerpt::{
    cut, text_snippet, window, Context, Snippet, GRID_COLS_AROUND, GRID_ROWS_AROUND,
};
use crate::human::sort_key;
use crate::words::words;
use crate::{finding_table, sanitize, sheet_cell_ref, span_line_cols, text_is_source};

/// Where the page's style comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stylesheet<'a> {
    /// In a `<style>` element: the page stands alone (a file opened from the disk).
    Inline,
    /// A `<link>` to this address, which serves [`style_sheet`] (and may add to it).
    Link(&'a str),
}

/// A file the page offers to download: its label, the name to save it as, and its address
/// (a `data:` URL for a server that keeps nothing, or a relative path beside the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub label: String,
    pub file_name: String,
    pub href: String,
}

/// What the page needs besides the report.
#[derive(Debug, Clone, Copy)]
pub struct PageOptions<'a> {
    /// The pack's page words in the report's language, by key (`Pack::interface_words`).
    pub words: &'a BTreeMap<String, String>,
    pub stylesheet: Stylesheet<'a>,
    /// Address of a code's explanation, `{code}` standing for the code; `None`: no link.
    pub code_link: Option<&'a str>,
    pub downloads: &'a [Download],
    /// The annotated copies of the submission's office files offered to download, first.
    pub copies: &'a [Download],
    /// Why copies that were made are not offered (too large for the page), if so.
    pub copies_note: Option<&'a str>,
    /// Address of the page to check other files (the upload page); `None`: no such link.
    pub back: Option<&'a str>,
    /// Sentences shown under the title (a server says there that it keeps nothing).
    pub notes: &'a [String],
}

/// The keys of `interface.toml` the page uses; the pack must give each in French and
/// English (a test of `livrable-serve` checks the shipped pack).
pub const KEYS: &[&str] = &[
    "report.title",
    "report.skip",
    "report.back",
    "report.submission",
    "report.tabs",
    "report.tab.findings",
    "report.tab.checklist",
    "report.tab.downloads",
    "report.summary",
    "report.summary.caption",
    "report.summary.file",
    "report.summary.kind",
    "report.summary.errors",
    "report.summary.warnings",
    "report.summary.infos",
    "report.kind.unknown",
    "report.situation.asked",
    "report.situation.inferred",
    "report.situation.none",
    "report.fix_first",
    "report.fix_first.none",
    "report.fix_first.more",
    "report.by_file",
    "report.file.clean",
    "report.submission_level",
    "report.place.line",
    "report.place.cell",
    "report.place.page",
    "report.place.slide",
    "report.place.whole",
    "report.excerpt",
    "report.grid.corner",
    "report.here",
    "report.help",
    "report.criteria",
    "report.explain",
    "report.downloads.intro",
    "report.downloads.none",
    "report.copies",
    "report.copies.intro",
];

/// Errors listed under « À corriger d'abord ».
const FIX_FIRST: usize = 5;
/// Characters of a line shown in a text excerpt (longer lines are windowed around the span).
const EXCERPT_CHARS: usize = 160;
/// Characters of a cell shown in a grid excerpt.
const GRID_CELL_CHARS: usize = 40;

/// The page's own style (`page.css`), after the checklist's.
const PAGE_CSS: &str = include_str!("page.css");

/// The page's style sheet: the checklist's (for its tab), then the page's own, which takes
/// precedence. A server that links the page to a sheet serves this text there.
pub fn style_sheet() -> String {
    format!("{CHECKLIST_STYLE}\n{PAGE_CSS}")
}

/// The pack's words, by key; a missing key shows as itself.
struct Words<'a>(&'a BTreeMap<String, String>);

impl Words<'_> {
    fn get<'k>(&'k self, key: &'k str) -> &'k str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The sentence of `key` with each `{name}` replaced by its value.
    fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// One file of the report with its findings in document order.
struct FilePart<'a> {
    /// Path in the submission; empty for the submission as a whole.
    path: &'a str,
    findings: Vec<(usize, &'a Finding)>,
}

/// Files in path order (the submission's own findings first), each with its findings in
/// document order; every finding gets a number, its anchor on the page.
fn files(report: &Report) -> Vec<FilePart<'_>> {
    let mut paths: Vec<&str> = report
        .documents
        .iter()
        .map(|d| d.path.as_str())
        .chain(report.findings.iter().map(|f| f.file.as_str()))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by_cached_key(|f| sort_key(report, f));
    let mut parts: Vec<FilePart<'_>> = paths
        .into_iter()
        .map(|path| FilePart {
            path,
            findings: Vec::new(),
        })
        .collect();
    for (n, f) in findings.into_iter().enumerate() {
        if let Some(part) = parts.iter_mut().find(|p| p.path == f.file) {
            part.findings.push((n, f));
        }
    }
    parts
}

fn count(part: &FilePart<'_>, severity: Severity) -> usize {
    part.findings
        .iter()
        .filter(|(_, f)| f.severity == severity)
        .count()
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The last component of the submission's path.
fn short_name(path: &str) -> &str {
    let trimmed = path.trim_end_matches(['/', '\\']);
    trimmed.rsplit(['/', '\\']).next().unwrap_or(trimmed)
}

/// The deliverable kind's label for a file, "not recognised" for a document without one,
/// nothing for a file that could not be read.
fn kind_label(report: &Report, w: &Words<'_>, path: &str) -> String {
    match report.deliverables.iter().find(|d| d.file == path) {
        Some(d) => w.get(&format!("kind.{}", d.kind)).to_string(),
        None if report.document(path).is_some() => w.get("report.kind.unknown").to_string(),
        None => "—".to_string(),
    }
}

/// Where a finding is, in the words of someone who opens the file: line and column for
/// texts, the cell for sheets, the page or slide for paginated formats.
fn place(report: &Report, w: &Words<'_>, f: &Finding) -> Option<String> {
    let loc = &f.location;
    if let Some(cell) = loc.cell {
        let cell = sheet_cell_ref(loc.sheet.as_deref(), cell);
        return Some(w.fill("report.place.cell", &[("cell", &cell)]));
    }
    let doc = report.document(&f.file);
    if let Some(page) = loc.page {
        let slides = doc.is_some_and(|d| matches!(d.format, Format::Pptx | Format::Odp));
        return Some(if slides {
            w.fill("report.place.slide", &[("slide", &page.to_string())])
        } else {
            w.fill("report.place.page", &[("page", &page.to_string())])
        });
    }
    if doc.is_some_and(text_is_source) {
        if let Some(((line, column), _)) = span_line_cols(report, f) {
            return Some(w.fill(
                "report.place.line",
                &[("line", &line.to_string()), ("column", &column.to_string())],
            ));
        }
    }
    None
}

/// The line before, inside and after `range`; `None` when the range does not fall on
/// character boundaries (it always does from [`text_snippet`]: this keeps a slip harmless).
fn split<'a>(line: &'a str, range: &std::ops::Range<usize>) -> Option<(&'a str, &'a str, &'a str)> {
    Some((
        line.get(..range.start)?,
        line.get(range.clone())?,
        line.get(range.end..)?,
    ))
}

/// A text excerpt: the snippet's lines, numbered when they are the file's own lines, the
/// span marked.
fn text_excerpt(snippet: &Snippet, numbered: bool, w: &Words<'_>) -> Markup {
    let text = &snippet.source.text;
    let label = snippet.label.clone();
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        let end = start + line.len();
        let marked =
            (label.start.max(start).min(end) - start)..(label.end.max(start).min(end) - start);
        let on_line = label.start <= end && label.end >= start;
        lines.push((
            snippet.source.first_line + i + 1,
            line,
            on_line.then_some(marked),
        ));
        start = end + 1;
    }
    html! {
        pre.lines {
            @for (number, line, marked) in &lines {
                span.line {
                    @if numbered { span.ln aria-hidden="true" { (number) } }
                    @match marked.as_ref().and_then(|m| split(line, m)) {
                        Some((before, "", after)) => {
                            (sanitize(before))
                            mark.point { span.vh { (w.get("report.here")) } }
                            (sanitize(after))
                        }
                        Some((before, inside, after)) => {
                            (sanitize(before))
                            mark { (sanitize(inside)) }
                            (sanitize(after))
                        }
                        None => (sanitize(line)),
                    }
                }
                "\n"
            }
        }
    }
}

/// The sheet around the 0-based cell `(row, col)` as a table, the cell marked.
fn grid_excerpt(table: &Table, row: u32, col: u32, w: &Words<'_>) -> Markup {
    let near = |x: u32, around: u32| x.saturating_sub(around)..x.saturating_add(around + 1);
    let win = window(
        table,
        near(row, GRID_ROWS_AROUND),
        near(col, GRID_COLS_AROUND),
    );
    let top = row
        .saturating_sub(GRID_ROWS_AROUND)
        .max(win.first.0.min(row));
    let bottom = row
        .saturating_add(GRID_ROWS_AROUND)
        .min(win.last.0)
        .max(row);
    let left = col
        .saturating_sub(GRID_COLS_AROUND)
        .max(win.first.1.min(col));
    let right = col
        .saturating_add(GRID_COLS_AROUND)
        .min(win.last.1)
        .max(col);
    let shown = |r: u32, c: u32| {
        let text = win.cells.get(&(r, c)).map_or("", |cell| cell.text.as_str());
        sanitize(&cut(
            &text.split_whitespace().collect::<Vec<_>>().join(" "),
            GRID_CELL_CHARS,
        ))
    };
    html! {
        table.grid {
            thead {
                tr {
                    th scope="col" { span.vh { (w.get("report.grid.corner")) } }
                    @for c in left..=right { th scope="col" { (column_name(c)) } }
                }
            }
            tbody {
                @for r in top..=bottom {
                    tr {
                        th scope="row" { (r + 1) }
                        @for c in left..=right {
                            @if (r, c) == (row, col) {
                                td.hit { mark { (shown(r, c)) } }
                            } @else {
                                td { (shown(r, c)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The excerpt of the document a finding points into, when there is one to show.
fn excerpt(report: &Report, w: &Words<'_>, f: &Finding) -> Option<Markup> {
    if let Some((row, col)) = f.location.cell {
        if let Some(table) = finding_table(report, f) {
            return Some(grid_excerpt(table, row, col, w));
        }
    }
    let range = f.location.range()?;
    let doc = report.document(&f.file)?;
    let snippet = text_snippet(
        &doc.text,
        range.start,
        range.end,
        EXCERPT_CHARS,
        Context::Around,
    )?;
    Some(text_excerpt(&snippet, text_is_source(doc), w))
}

fn finding_markup(report: &Report, options: &PageOptions<'_>, n: usize, f: &Finding) -> Markup {
    let w = Words(options.words);
    let severity = capitalised(words(&report.lang).severity(f.severity));
    let class = severity_class(f.severity);
    let place = place(report, &w, f);
    let excerpt = excerpt(report, &w, f);
    let link = options
        .code_link
        .map(|template| template.replace("{code}", &f.code));
    html! {
        article.finding.(class) id={ "f-" (n) } {
            h4 {
                span.sev.(class) { (severity) }
                " "
                (sanitize(&f.message))
            }
            @match (&excerpt, &place) {
                (Some(excerpt), _) => {
                    figure.excerpt {
                        figcaption { (place.as_deref().unwrap_or(w.get("report.excerpt"))) }
                        div.scroll tabindex="0" role="group" aria-label=(w.get("report.excerpt")) {
                            (excerpt)
                        }
                    }
                }
                (None, Some(place)) => { p.place { (place) } }
                (None, None) if !f.file.is_empty() => { p.place { (w.get("report.place.whole")) } }
                (None, None) => {}
            }
            @if !f.help.trim().is_empty() {
                p.help { strong { (w.get("report.help")) } " " (sanitize(f.help.trim())) }
            }
            // The findings that follow from this one (one root cause, reported once).
            @if !f.explains.is_empty() {
                div.explains {
                    p { (sanitize(&f.explains_intro)) }
                    ul {
                        @for e in &f.explains {
                            li {
                                @if e.file != f.file && !e.file.is_empty() {
                                    (sanitize(&e.file)) " — "
                                }
                                (sanitize(&e.message)) " " code { (e.code) }
                            }
                        }
                    }
                }
            }
            p.meta {
                @if !f.criteria.is_empty() {
                    (w.get("report.criteria")) " " (f.criteria.join(", "))
                    @if link.is_some() { " · " }
                }
                @if let Some(href) = &link {
                    a href=(href) { (w.get("report.explain")) " " code { (f.code) } }
                } @else {
                    code { (f.code) }
                }
            }
        }
    }
}

fn situation_line(report: &Report, w: &Words<'_>) -> String {
    let ids = report.situations.join(", ");
    if report.situations.is_empty() {
        w.get("report.situation.none").to_string()
    } else if report.situations_inferred {
        w.fill("report.situation.inferred", &[("situations", &ids)])
    } else {
        w.fill("report.situation.asked", &[("situations", &ids)])
    }
}

/// The file's heading text: its path, or the words for the submission as a whole.
fn file_title<'a>(w: &'a Words<'_>, part: &'a FilePart<'_>) -> &'a str {
    if part.path.is_empty() {
        w.get("report.submission_level")
    } else {
        part.path
    }
}

fn summary_markup(report: &Report, w: &Words<'_>, parts: &[FilePart<'_>]) -> Markup {
    let r = words(&report.lang);
    let infos = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Info)
        .count();
    let line = r.summary(
        report.summary.errors,
        report.summary.warnings,
        infos,
        report.summary.files,
    );
    let errors: Vec<(usize, &Finding, &str)> = parts
        .iter()
        .flat_map(|p| {
            p.findings
                .iter()
                .filter(|(_, f)| f.severity == Severity::Error)
                .map(move |(n, f)| (*n, *f, file_title(w, p)))
        })
        .collect();
    let more = errors.len().saturating_sub(FIX_FIRST);
    html! {
        h2 { (w.get("report.summary")) }
        p.total { (line) }
        p { (situation_line(report, w)) }
        div.scroll tabindex="0" role="group" aria-label=(w.get("report.summary.caption")) {
            table.summary {
                caption { (w.get("report.summary.caption")) }
                thead {
                    tr {
                        th scope="col" { (w.get("report.summary.file")) }
                        th scope="col" { (w.get("report.summary.kind")) }
                        th scope="col" { (w.get("report.summary.errors")) }
                        th scope="col" { (w.get("report.summary.warnings")) }
                        th scope="col" { (w.get("report.summary.infos")) }
                    }
                }
                tbody {
                    @for (i, part) in parts.iter().enumerate() {
                        tr {
                            th scope="row" { a href={ "#file-" (i) } { (sanitize(file_title(w, part))) } }
                            td { (kind_label(report, w, part.path)) }
                            td.num { (count(part, Severity::Error)) }
                            td.num { (count(part, Severity::Warning)) }
                            td.num { (count(part, Severity::Info)) }
                        }
                    }
                }
            }
        }
        h2 { (w.get("report.fix_first")) }
        @if errors.is_empty() {
            p { (w.get("report.fix_first.none")) }
        } @else {
            ol.fix-first {
                @for (n, f, file) in errors.iter().take(FIX_FIRST) {
                    li {
                        a href={ "#f-" (n) } { (sanitize(file)) }
                        (r.colon) (sanitize(&f.message))
                    }
                }
            }
            @if more > 0 {
                p { (w.fill("report.fix_first.more", &[("count", &more.to_string())])) }
            }
        }
    }
}

/// Links that save each file under its name.
fn download_list(downloads: &[Download]) -> Markup {
    html! {
        @if !downloads.is_empty() {
            ul.downloads {
                @for d in downloads {
                    li {
                        a href=(d.href) download=(d.file_name) { (d.label) }
                        " " span.file { "(" (d.file_name) ")" }
                    }
                }
            }
        }
    }
}

/// The report as a whole HTML page.
pub fn report_page(report: &Report, options: &PageOptions<'_>) -> String {
    let w = Words(options.words);
    let primary = report.lang.split(['-', '_']).next().unwrap_or("");
    let lang = if primary.eq_ignore_ascii_case("en") {
        "en"
    } else {
        "fr"
    };
    let parts = files(report);
    let name = short_name(&report.submission);
    let page = html! {
        (DOCTYPE)
        html lang=(lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (w.get("report.title")) " — " (sanitize(name)) }
                @match options.stylesheet {
                    Stylesheet::Inline => style { (PreEscaped(style_sheet())) },
                    Stylesheet::Link(href) => link rel="stylesheet" href=(href);,
                }
            }
            body {
                a.skip href="#contenu" { (w.get("report.skip")) }
                header.site {
                    p.brand { "livrable" }
                    @if let Some(back) = options.back {
                        a href=(back) { (w.get("report.back")) }
                    }
                }
                main #contenu {
                    h1 { (w.get("report.title")) }
                    p { (w.get("report.submission")) " " code { (sanitize(&report.submission)) } }
                    @for note in options.notes { p.note { (note) } }
                    nav.tabs aria-label=(w.get("report.tabs")) {
                        ul {
                            li { a href="#constats" { (w.get("report.tab.findings")) } }
                            li { a href="#grille" { (w.get("report.tab.checklist")) } }
                            li { a href="#telechargements" { (w.get("report.tab.downloads")) } }
                        }
                    }
                    section #constats .tab aria-label=(w.get("report.tab.findings")) {
                        (summary_markup(report, &w, &parts))
                        h2 { (w.get("report.by_file")) }
                        @for (i, part) in parts.iter().enumerate() {
                            section.file aria-labelledby={ "file-" (i) } {
                                h3 id={ "file-" (i) } { (sanitize(file_title(&w, part))) }
                                @if part.findings.is_empty() {
                                    p.clean { (w.get("report.file.clean")) }
                                }
                                @for (n, f) in &part.findings {
                                    (finding_markup(report, options, *n, f))
                                }
                            }
                        }
                    }
                    section #grille .tab aria-label=(w.get("report.tab.checklist")) {
                        @if report.situations.is_empty() {
                            // The checklist's own sentence names the command line's option.
                            h2 { (w.get("report.tab.checklist")) }
                            p { (w.get("report.situation.none")) }
                        } @else {
                            (PreEscaped(checklist_fragment(report, 2)))
                        }
                    }
                    section #telechargements .tab aria-label=(w.get("report.tab.downloads")) {
                        h2 { (w.get("report.tab.downloads")) }
                        @if !options.copies.is_empty() || options.copies_note.is_some() {
                            h3 { (w.get("report.copies")) }
                            @if let Some(note) = options.copies_note {
                                p { (note) }
                            } @else {
                                p { (w.get("report.copies.intro")) }
                                (download_list(options.copies))
                            }
                            @if !options.downloads.is_empty() {
                                h3 { (w.get("report.downloads.intro")) }
                            }
                        } @else if options.downloads.is_empty() {
                            p { (w.get("report.downloads.none")) }
                        } @else {
                            p { (w.get("report.downloads.intro")) }
                        }
                        (download_list(options.downloads))
                    }
                }
            }
        }
    };
    page.into_string()
}
