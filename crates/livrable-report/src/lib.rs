//! Renderers: turn a [`Report`] into what a person or another tool reads.
//!
//! - [`human`]: `rustc`-style diagnostics drawn by miette, with the source line (or a small
//!   grid of the spreadsheet) and the place underlined, then a summary line and the
//!   checklist, in the report's language;
//! - [`json`]: the stable JSON contract of `DESIGN.md` (`--format json`);
//! - [`sarif`]: SARIF 2.1.0, for code-scanning tools and editors;
//! - [`checklist_md`], [`checklist_html`]: the evaluator's checklist as a document;
//! - [`report_page`]: the whole report as one HTML page (see [`page`]).
//!
//! Renderers never compute a verdict: they show the findings, counts and checklist the
//! engine put in the report. They do no I/O: they return strings, the binary prints them.
//! The few words the renderers own (severity names, the summary line, checklist labels) are
//! in [`words`](crate::words), in French and English, in one place; every other sentence
//! comes from the rule pack, already in the report.

pub mod annotate;
mod checklist;
pub mod cohort;
mod excerpt;
mod human;
mod json;
pub mod page;
mod sarif;
mod words;

pub use checklist::{
    checklist_fragment, checklist_html, checklist_md, CHECKLIST_SCRIPT, CHECKLIST_STYLE,
};
pub use human::{human, HumanOptions};
pub use json::json;
pub use page::{report_page, PageOptions};
pub use sarif::sarif;

use livrable_model::{Document, Finding, Format, Report};

/// The criterion ids of a finding's references, in order, each once: the pack may name a
/// criterion (`C1.6/CE2`) or one of its bullets (`C1.6/CE2/1`); reports outside the grid
/// speak of criteria.
fn criterion_ids(references: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for r in references {
        let id = match r.match_indices('/').nth(1) {
            Some((i, _)) => &r[..i],
            None => r.as_str(),
        };
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// 1-based (line, column) of a finding's span start and end, when it has a span and its
/// document is in the report (columns count characters, as `line_col` does).
fn span_line_cols(report: &Report, finding: &Finding) -> Option<((usize, usize), (usize, usize))> {
    let range = finding.location.range()?;
    let doc = report.document(&finding.file)?;
    let start = doc.line_col(range.start);
    let end = doc.line_col(range.end);
    Some((start, end))
}

/// The sheet a finding's cell is in: the document's table of that name, or the only table
/// of a document whose cells have no sheet (a CSV file is one unnamed sheet).
fn finding_table<'a>(report: &'a Report, finding: &Finding) -> Option<&'a livrable_model::Table> {
    let doc = report.document(&finding.file)?;
    match finding.location.sheet.as_deref() {
        Some(sheet) => doc.tables.iter().find(|t| t.name.as_deref() == Some(sheet)),
        None if doc.tables.len() == 1 => doc.tables.first(),
        None => None,
    }
}

/// True when lines and columns of the document's text are lines and columns of the file
/// itself. For DOCX, PDF and the like the text is extracted, so a line number in it means
/// nothing to someone who opens the file.
fn text_is_source(doc: &Document) -> bool {
    matches!(
        doc.format,
        Format::Markdown
            | Format::Html
            | Format::Eml
            | Format::Text
            | Format::Csv
            | Format::Subtitles
    )
}

/// A cell in spreadsheet notation, with its sheet when known: `Budget!C12`, or
/// `'Budget prévisionnel'!C12` when the sheet name needs quoting (as Excel writes it, so
/// the reference can be pasted into the name box), or `C12` without a sheet.
fn sheet_cell_ref(sheet: Option<&str>, (row, col): (u32, u32)) -> String {
    let cell = livrable_model::location::cell_ref(row, col);
    match sheet {
        None => cell,
        Some(name) => {
            let plain = !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
            if plain {
                format!("{name}!{cell}")
            } else {
                format!("'{}'!{cell}", name.replace('\'', "''"))
            }
        }
    }
}

/// Replaces characters a terminal would act on (C0 and C1 controls, DEL, bidirectional
/// overrides) so that text from a submission can never move the cursor, recolour the
/// terminal or reorder what is shown. Each replacement has the same UTF-8 length as what it
/// replaces, so byte offsets into the text stay true. Newlines and tabs are kept.
fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{7f}' => out.push(' '),
            '\u{80}'..='\u{9f}' => out.push_str("  "),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_references_quote_like_excel() {
        assert_eq!(sheet_cell_ref(Some("Budget"), (11, 2)), "Budget!C12");
        assert_eq!(sheet_cell_ref(Some("Février"), (0, 0)), "Février!A1");
        assert_eq!(
            sheet_cell_ref(Some("Budget prévisionnel"), (0, 26)),
            "'Budget prévisionnel'!AA1"
        );
        assert_eq!(sheet_cell_ref(Some("l'équipe"), (1, 1)), "'l''équipe'!B2");
        assert_eq!(sheet_cell_ref(Some("2025"), (0, 0)), "'2025'!A1");
        assert_eq!(sheet_cell_ref(None, (4, 3)), "D5");
    }

    #[test]
    fn sanitize_keeps_byte_lengths_and_drops_escapes() {
        let raw = "a\u{1b}[31mb\u{9b}c\u{202e}d\te\r\n";
        let clean = sanitize(raw);
        assert_eq!(clean.len(), raw.len());
        assert!(!clean.contains('\u{1b}'));
        assert!(!clean.contains('\u{9b}'));
        assert!(!clean.contains('\u{202e}'));
        assert!(!clean.contains('\r'));
        assert!(clean.ends_with("d\te \n"));
    }
}
