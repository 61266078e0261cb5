//! Where the extracted text of an office document or a PDF sits in the file as its
//! application shows it: paragraphs, table cells, slides and shapes, pages.
//!
//! Readers of DOCX, ODT, PPTX, ODP and PDF record a [`Layout`] beside the text; the engine
//! calls [`Document::locate`] on every finding once the checks have run, so that a finding
//! made from any span (a misspelt word, a heading, a table cell) says « page 3 environ,
//! section « Nos ateliers », paragraphe 12 » rather than a line of text the user never sees.
//! Checks never need to know.

use crate::{Document, Format, Location, TableCell};

/// The units and pages of a document's text. Empty for formats whose text is the file
/// itself (Markdown, HTML, CSV) and for spreadsheets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Stretches of [`Document::text`] and what each is, sorted by `start`. A place of the
    /// text that lies in no unit (a text box's text, appended after the paragraph that
    /// anchors it) belongs to the last unit that starts before it.
    pub units: Vec<Unit>,
    /// Offsets in [`Document::text`] where a page begins, after the first page, sorted: the
    /// text from `page_breaks[0].at` on is on page 2. Two breaks at one offset (an explicit
    /// break, then Word's record that it rendered a page there) are one.
    pub page_breaks: Vec<PageBreak>,
    /// The file's pages are fixed (a PDF): page numbers are never estimates, and a document
    /// without breaks is one page.
    pub fixed_pages: bool,
    /// The file records where its pages fell when it was last laid out (a DOCX saved by Word
    /// holds `w:lastRenderedPageBreak`s, an ODT saved by LibreOffice `text:soft-page-break`s).
    /// Without that record, pages counted from explicit breaks are a lower bound.
    pub records_layout: bool,
}

/// A stretch of the text and where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Byte span in [`Document::text`] (empty for an empty paragraph or one that holds only
    /// a picture).
    pub start: usize,
    pub end: usize,
    pub kind: UnitKind,
}

/// What a [`Unit`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitKind {
    /// A body paragraph, numbered as [`Location::paragraph`] says.
    Paragraph(u32),
    /// A table cell (see [`TableCell`]).
    Cell(TableCell),
    /// A shape of a slide, with its name when the file gives one.
    Shape { slide: u32, name: Option<String> },
    /// A slide's speaker notes.
    Notes { slide: u32 },
}

/// Where a page begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageBreak {
    pub at: usize,
    /// Placed by the application's last layout (`w:lastRenderedPageBreak`,
    /// `text:soft-page-break`) rather than by the author (a page break, a section that
    /// starts on a new page, a paragraph set to start a page).
    pub rendered: bool,
}

impl Layout {
    /// Records a page break at `at`; a break at the offset of the previous one merges with
    /// it (explicit when either is). Offsets before the previous break are ignored.
    pub fn page_break(&mut self, at: usize, rendered: bool) {
        match self.page_breaks.last_mut() {
            Some(last) if last.at == at => last.rendered &= rendered,
            Some(last) if last.at > at => {}
            _ => self.page_breaks.push(PageBreak { at, rendered }),
        }
        self.records_layout |= rendered;
    }

    /// Appends the layout of a text that was appended at byte `base` (a slide read on its
    /// own, then added to the deck's text).
    pub fn append(&mut self, other: Layout, base: usize) {
        self.units.extend(other.units.into_iter().map(|mut u| {
            u.start += base;
            u.end += base;
            u
        }));
        for b in other.page_breaks {
            self.page_break(b.at + base, b.rendered);
        }
        self.records_layout |= other.records_layout;
    }

    /// Sorts the units by start (stable: units starting at one offset keep their order).
    pub fn finish(&mut self) {
        self.units.sort_by_key(|u| u.start);
    }

    /// The unit holding byte `offset`: the last one that starts at or before it.
    pub fn unit_at(&self, offset: usize) -> Option<&Unit> {
        let i = self.units.partition_point(|u| u.start <= offset);
        i.checked_sub(1).map(|i| &self.units[i])
    }

    /// The page holding byte `offset` and whether it is an estimate, when the file says.
    pub fn page_at(&self, offset: usize) -> Option<(u32, bool)> {
        // No break and no record of the layout: the file does not say (a one-page file
        // saved by LibreOffice says so by recording its layout without breaks).
        if self.page_breaks.is_empty() && !self.fixed_pages && !self.records_layout {
            return None;
        }
        let before = self.page_breaks.partition_point(|b| b.at <= offset);
        let page = u32::try_from(before).ok()?.checked_add(1)?;
        let estimated = !self.fixed_pages
            && (!self.records_layout || self.page_breaks[..before].iter().any(|b| b.rendered));
        Some((page, estimated))
    }
}

impl Document {
    /// `location` with the places a reader of the file sees filled in where the document's
    /// [`Layout`] knows them and the location does not already say: paragraph or table
    /// cell, slide and shape, page, and the section (the nearest heading above; in a
    /// presentation, on the same slide). Locations without a span are returned as they are
    /// (a presentation's slide number is copied from `page`).
    pub fn locate(&self, location: &Location) -> Location {
        let mut out = location.clone();
        let deck = matches!(self.format, Format::Pptx | Format::Odp);
        if deck && out.slide.is_none() {
            out.slide = out.page;
        }
        let Some(offset) = location.start else {
            return out;
        };
        if let Some(unit) = self.layout.unit_at(offset) {
            match &unit.kind {
                UnitKind::Paragraph(n) => {
                    if out.paragraph.is_none() && out.table.is_none() {
                        out.paragraph = Some(*n);
                    }
                }
                UnitKind::Cell(cell) => {
                    if out.paragraph.is_none() && out.table.is_none() {
                        out.table = Some(*cell);
                    }
                }
                UnitKind::Shape { slide, name } => {
                    out.slide = out.slide.or(Some(*slide));
                    if out.shape.is_none() {
                        out.shape.clone_from(name);
                    }
                }
                UnitKind::Notes { slide } => out.slide = out.slide.or(Some(*slide)),
            }
        }
        if !deck && out.page.is_none() {
            if let Some((page, estimated)) = self.layout.page_at(offset) {
                out.page = Some(page);
                out.page_estimated = estimated;
            }
        }
        if out.section.is_none() && !self.layout.is_empty() {
            out.section = self.section_at(offset, out.slide.filter(|_| deck));
        }
        out
    }

    /// The text of the last heading that starts before `offset` (on `slide`, when given):
    /// for a heading itself, the section it is in.
    fn section_at(&self, offset: usize, slide: Option<u32>) -> Option<String> {
        self.headings()
            .map(|(_, b)| b)
            .take_while(|b| b.location.start.is_some_and(|s| s < offset))
            .filter(|b| slide.is_none() || b.location.page == slide)
            .last()
            .map(|b| b.text.clone())
            .filter(|t| !t.trim().is_empty())
    }
}

impl Layout {
    /// True when the reader recorded nothing: the format has no layout to tell.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty() && self.page_breaks.is_empty() && !self.fixed_pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, BlockKind};

    fn para(start: usize, end: usize, n: u32) -> Unit {
        Unit {
            start,
            end,
            kind: UnitKind::Paragraph(n),
        }
    }

    #[test]
    fn units_hold_what_follows_them() {
        let l = Layout {
            units: vec![para(0, 5, 1), para(6, 6, 2), para(7, 12, 3)],
            ..Layout::default()
        };
        assert_eq!(l.unit_at(0).map(|u| &u.kind), Some(&UnitKind::Paragraph(1)));
        assert_eq!(l.unit_at(6).map(|u| &u.kind), Some(&UnitKind::Paragraph(2)));
        assert_eq!(
            l.unit_at(40).map(|u| &u.kind),
            Some(&UnitKind::Paragraph(3)),
            "text appended after the last paragraph (a text box) is the last paragraph's"
        );
        let none = Layout {
            units: vec![para(3, 4, 1)],
            ..Layout::default()
        };
        assert!(none.unit_at(1).is_none());
    }

    #[test]
    fn pages_merge_breaks_and_say_when_they_are_estimates() {
        let mut l = Layout::default();
        assert_eq!(l.page_at(3), None, "no break, no fixed pages: unknown");
        l.page_break(10, false);
        assert_eq!(
            l.page_at(3),
            Some((1, true)),
            "no recorded layout: an estimate"
        );
        l.page_break(10, true);
        assert_eq!(l.page_breaks.len(), 1, "same offset: one break, explicit");
        assert!(l.records_layout);
        assert_eq!(l.page_at(10), Some((2, false)));
        l.page_break(20, true);
        l.page_break(15, true);
        assert_eq!(l.page_breaks.len(), 2, "a break before the last is ignored");
        assert_eq!(l.page_at(25), Some((3, true)), "after a rendered break");
        assert_eq!(l.page_at(12), Some((2, false)));
        let pdf = Layout {
            fixed_pages: true,
            ..Layout::default()
        };
        assert_eq!(pdf.page_at(99), Some((1, false)));
    }

    #[test]
    fn locate_fills_what_the_layout_knows() {
        let mut d = Document::new("a.docx", Format::Docx);
        d.text = "Titre\nIntro\ncase".into();
        d.blocks = vec![
            Block {
                kind: BlockKind::Heading { level: 1 },
                text: "Titre".into(),
                location: Location::span(0, 5),
            },
            Block {
                kind: BlockKind::Paragraph,
                text: "Intro".into(),
                location: Location::span(6, 11),
            },
        ];
        let cell = TableCell {
            table: 1,
            row: 1,
            column: 2,
        };
        d.layout.units = vec![
            para(0, 5, 1),
            para(6, 11, 2),
            Unit {
                start: 12,
                end: 16,
                kind: UnitKind::Cell(cell),
            },
        ];
        d.layout.page_break(6, true);
        let l = d.locate(&Location::span(7, 9));
        assert_eq!(l.paragraph, Some(2));
        assert_eq!(l.page, Some(2));
        assert!(l.page_estimated);
        assert_eq!(l.section.as_deref(), Some("Titre"));
        let c = d.locate(&Location::span(12, 13));
        assert_eq!((c.paragraph, c.table), (None, Some(cell)));
        assert_eq!(d.locate(&Location::whole()), Location::whole());
    }

    #[test]
    fn slides_take_their_number_and_shape() {
        let mut d = Document::new("a.pptx", Format::Pptx);
        d.text = "Nos canaux\nLinkedIn".into();
        let mut title = Location::span(0, 10);
        title.page = Some(2);
        d.blocks = vec![Block {
            kind: BlockKind::Heading { level: 1 },
            text: "Nos canaux".into(),
            location: title,
        }];
        d.layout.units = vec![
            Unit {
                start: 0,
                end: 10,
                kind: UnitKind::Shape {
                    slide: 2,
                    name: Some("Titre 1".into()),
                },
            },
            Unit {
                start: 11,
                end: 19,
                kind: UnitKind::Shape {
                    slide: 2,
                    name: Some("ZoneTexte 2".into()),
                },
            },
        ];
        let mut at = Location::span(11, 19);
        at.page = Some(2);
        let l = d.locate(&at);
        assert_eq!(l.slide, Some(2));
        assert_eq!(l.shape.as_deref(), Some("ZoneTexte 2"));
        assert_eq!(l.section.as_deref(), Some("Nos canaux"));
        assert_eq!(l.paragraph, None);
        assert_eq!(d.locate(&Location::page(3)).slide, Some(3));
    }
}
