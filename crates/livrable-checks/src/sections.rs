//! Sections of a document found by the words of their heading, and the short place names
//! that evidence shows (`l. 32`, `Budget!B4`, `p. 3`).
//!
//! Plans are read by section the way an evaluator reads them: the channels are under
//! « Canaux et actions », the objectives under « Objectifs », the personas under « Cibles
//! et personas ». A [`Section`] is a heading whose text holds one of a check's words, with
//! the blocks below it down to the next heading of the same or a higher level, and the
//! tables whose span lies inside it.
//!
//! Shared by the plan checks (`channel-mix`, `objectives`, `kpi`, `plan`, `risk-matrix`),
//! which also read the document's whole text here ([`normalized_text`]), as `budget`
//! does for what is stated outside its tables.
//!
//! # Limits
//!
//! - Formats without headings (spreadsheets, PDF text without outline) have no sections;
//!   each check says what it does then.
//! - A table is placed in a section by its byte span, so only formats whose tables carry
//!   a span in the document's text (Markdown, HTML, DOCX, ODT) have tables in sections.

use std::ops::Range;

use livrable_model::{Block, BlockKind, Document, Location, Table};

use crate::tables::{normalize, Words};

/// A heading whose text names what a check looks for, and what lies under it.
#[derive(Debug, Clone)]
pub struct Section<'d> {
    /// The heading block.
    pub heading: &'d Block,
    pub level: u8,
    /// The blocks under the heading, sub-sections included, down to the next heading of
    /// the same or a higher level.
    pub blocks: &'d [Block],
    /// The section's byte span in the document's text (heading included), when the
    /// heading has one.
    pub span: Option<Range<usize>>,
}

impl<'d> Section<'d> {
    /// True when `location`'s span starts inside this section.
    pub fn holds(&self, location: &Location) -> bool {
        match (&self.span, location.start) {
            (Some(span), Some(start)) => span.contains(&start),
            _ => false,
        }
    }

    /// True when this section is the document's title: no other heading of the document
    /// is at its level or above, so it holds everything (« Plan d'actions 2027 » as the
    /// only level-1 heading). Checks looking for one part of a plan skip it.
    pub fn is_title(&self, doc: &Document) -> bool {
        !doc.blocks.iter().any(|b| {
            !std::ptr::eq(b, self.heading)
                && matches!(b.kind, BlockKind::Heading { level } if level <= self.level)
        })
    }

    /// The document's tables that lie inside this section.
    pub fn tables<'a>(&'a self, doc: &'d Document) -> impl Iterator<Item = &'d Table> + 'a {
        doc.tables.iter().filter(move |t| self.holds(&t.location))
    }

    /// The section's prose blocks (paragraphs, list items, quotes), sub-headings left out.
    pub fn prose(&self) -> impl Iterator<Item = &'d Block> {
        self.blocks.iter().filter(|b| crate::text::is_prose(b))
    }

    /// The section's text, headings included, normalised for word matching.
    pub fn normalized_text(&self) -> String {
        let mut s = normalize(&self.heading.text);
        for b in self.blocks {
            s.push('\n');
            s.push_str(&normalize(&b.text));
        }
        s
    }
}

/// The document's running text, headings included, normalised for word matching, one
/// block a line: for what a document may state anywhere outside its tables (`HT`, a
/// measuring frequency).
pub fn normalized_text(doc: &Document) -> String {
    doc.blocks
        .iter()
        .map(|b| normalize(&b.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every section whose heading holds one of `words` (whole words, accents and case
/// folded), in document order. A matching heading inside a matching section gives a
/// section of its own as well.
pub fn sections<'d>(doc: &'d Document, words: &Words) -> Vec<Section<'d>> {
    sections_where(doc, |heading| words.any_in(&normalize(heading)))
}

/// Every heading's section, in document order: for checks that look for what a heading
/// names rather than for given words (the risk whose protocol a section gives).
pub fn all_sections(doc: &Document) -> Vec<Section<'_>> {
    sections_where(doc, |_| true)
}

/// Where the blocks under a heading of `level` end, when they start at `blocks[from]`:
/// at the next heading of the same or a higher level, else at the end of `blocks`.
pub fn section_end(blocks: &[Block], from: usize, level: u8) -> usize {
    blocks
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Heading { level: l } if l <= level))
        .map_or(blocks.len(), |p| from + p)
}

/// The sections of the headings whose text passes `keep`.
fn sections_where(doc: &Document, keep: impl Fn(&str) -> bool) -> Vec<Section<'_>> {
    let mut out = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let BlockKind::Heading { level } = block.kind else {
            continue;
        };
        if !keep(&block.text) {
            continue;
        }
        let end = section_end(&doc.blocks, i + 1, level);
        let span = block.location.start.map(|start| {
            let stop = doc
                .blocks
                .get(end)
                .and_then(|b| b.location.start)
                .unwrap_or(doc.text.len())
                .max(start);
            start..stop
        });
        out.push(Section {
            heading: block,
            level,
            blocks: doc.blocks.get(i + 1..end).unwrap_or(&[]),
            span,
        });
    }
    out
}

/// A short, language-neutral name for a place in a document, for evidence that says
/// where something was found: `l. 32` (a line of a text format: the abbreviation is the
/// same in French and English), `Budget!B4` (a cell; `B4` in a CSV file), `p. 3` (a
/// page or slide).
pub fn place(doc: &Document, location: &Location) -> String {
    if let (Some(sheet), Some(cell)) = (&location.sheet, location.cell_ref()) {
        if doc.format.is_spreadsheet() {
            // A CSV file has one sheet, named after the file: the cell says enough.
            return if sheet.is_empty() || doc.format == livrable_model::Format::Csv {
                cell
            } else {
                format!("{sheet}!{cell}")
            };
        }
    }
    if let Some(start) = location.start {
        if start <= doc.text.len() && !doc.text.is_empty() {
            return format!("l. {}", doc.line_col(start).0);
        }
    }
    if let Some(page) = location.page {
        return format!("p. {page}");
    }
    if let Some(cell) = location.cell_ref() {
        return cell;
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::Format;

    fn block(kind: BlockKind, text: &str, start: usize) -> Block {
        Block {
            kind,
            text: text.into(),
            location: Location::span(start, start + text.len()),
        }
    }

    fn doc() -> Document {
        let mut d = Document::new("plan.md", Format::Markdown);
        d.text = "# Plan\n## Objectifs\n- a\n### Détail\n- b\n## Canaux\n- c\n".into();
        d.blocks = vec![
            block(BlockKind::Heading { level: 1 }, "Plan", 0),
            block(BlockKind::Heading { level: 2 }, "Objectifs", 7),
            block(BlockKind::ListItem, "a", 20),
            block(BlockKind::Heading { level: 3 }, "Détail", 24),
            block(BlockKind::ListItem, "b", 35),
            block(BlockKind::Heading { level: 2 }, "Canaux", 39),
            block(BlockKind::ListItem, "c", 49),
        ];
        d
    }

    #[test]
    fn a_section_runs_to_the_next_heading_of_its_level() {
        let d = doc();
        let s = sections(&d, &Words::new(&["objectifs"]));
        assert_eq!(s.len(), 1);
        let texts: Vec<&str> = s[0].blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, vec!["a", "Détail", "b"]);
        assert_eq!(s[0].span, Some(7..39));
        assert!(s[0].holds(&Location::span(36, 37)));
        assert!(!s[0].holds(&Location::span(40, 41)));
        let prose: Vec<&str> = s[0].prose().map(|b| b.text.as_str()).collect();
        assert_eq!(prose, vec!["a", "b"]);
        let last = sections(&d, &Words::new(&["canaux"]));
        assert_eq!(last[0].span, Some(39..d.text.len()));
        assert!(!last[0].is_title(&d));
        let title = sections(&d, &Words::new(&["plan"]));
        assert!(
            title[0].is_title(&d),
            "the only level-1 heading holds everything"
        );
    }

    #[test]
    fn places_are_lines_cells_or_pages() {
        let d = doc();
        assert_eq!(place(&d, &Location::span(20, 21)), "l. 3");
        let mut sheet = Document::new("b.xlsx", Format::Xlsx);
        sheet.text.clear();
        assert_eq!(place(&sheet, &Location::cell("Budget", 3, 1)), "Budget!B4");
        assert_eq!(place(&sheet, &Location::page(3)), "p. 3");
        assert_eq!(place(&sheet, &Location::whole()), "");
        assert_eq!(
            place(&d, &Location::span(9_999, 10_000)),
            "",
            "a span past the text names no line"
        );
    }
}
