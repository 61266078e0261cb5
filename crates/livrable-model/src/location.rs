//! Where a finding or a document element is.

use serde::Serialize;

/// A place in a submitted file.
///
/// Text formats (Markdown, HTML, CSV) use a byte span into [`crate::Document::text`];
/// spreadsheets use a sheet and a 0-based cell; paginated formats a page (or slide) number,
/// optionally with a span into the text extracted from them. Fields that do not apply are
/// `None`. Line and column are computed from the span when a report needs them.
///
/// For office documents and PDFs, the fields after `page` say where the place is as the
/// application that opens the file shows it: the paragraph, the table cell, the section,
/// the slide and shape. Checks leave them unset; the engine fills them in from the
/// document's [`crate::Layout`] ([`crate::Document::locate`]) once the checks have run, so
/// that every finding with a span gets them, whatever check made it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Byte offset of the start in the document's text.
    pub start: Option<usize>,
    /// Byte offset one past the end in the document's text.
    pub end: Option<usize>,
    /// Sheet name for spreadsheet cells.
    pub sheet: Option<String>,
    /// 0-based (row, column) of a spreadsheet cell.
    pub cell: Option<(u32, u32)>,
    /// 1-based page: the PDF page; the page a DOCX or ODT recorded (see
    /// [`Location::page_estimated`]); in a presentation (PPTX, ODP), the slide number, as
    /// readers have always given it and as checks group by it (reports show
    /// [`Location::slide`] instead).
    pub page: Option<u32>,
    /// True when `page` is where the word processor laid the text out when the file was
    /// last saved (Word's `w:lastRenderedPageBreak`, LibreOffice's `text:soft-page-break`),
    /// or counted from explicit page breaks in a file that records no layout: the page a
    /// reader sees may differ by one or two (« page 3 environ »). False for a PDF's pages, and
    /// for a DOCX/ODT page that only explicit breaks start, in a file that records its layout.
    pub page_estimated: bool,
    /// 1-based paragraph number in the body of a DOCX or ODT, in reading order. What it
    /// counts, so that another tool can find the same paragraph in the XML:
    ///
    /// - **DOCX**: every `w:p` element of `word/document.xml` that is not inside a table
    ///   (`w:tbl`), a text box (`w:txbxContent`), a compatibility fallback (`mc:Fallback`),
    ///   a tracked deletion or move (`w:del`, `w:moveFrom`) or the properties of a former
    ///   revision, in document order. Empty paragraphs count (Word shows them as blank
    ///   lines); paragraphs inside content controls (`w:sdt` → `w:sdtContent`) and
    ///   `w:customXml` count. Headers, footers, notes and comments are other parts and are
    ///   not counted.
    /// - **ODT**: every `text:p` and `text:h` of `office:text` (list items included, the
    ///   paragraphs of a `text:section` and of an index body included) that is not inside a
    ///   table (`table:table`), a frame or shape (`draw:frame`, `draw:custom-shape`…), a
    ///   note (`text:note`) or an annotation (`office:annotation`), in document order; empty
    ///   ones count.
    ///
    /// Text inside a text box is located at the paragraph that anchors it. A place inside a
    /// table has no paragraph number: it has [`Location::table`] instead.
    pub paragraph: Option<u32>,
    /// The table cell, for a place inside a DOCX or ODT table.
    pub table: Option<TableCell>,
    /// The text of the nearest heading at or above the place (in a presentation, on the
    /// same slide): the section a reader scrolls to.
    pub section: Option<String>,
    /// 1-based slide number in a presentation (PPTX, ODP), in the deck's order.
    pub slide: Option<u32>,
    /// The shape's name in a presentation, as PowerPoint's selection pane (and Impress's
    /// navigator) shows it: `p:cNvPr`'s `name` (« Titre 1 », « ZoneTexte 3 »), ODP's
    /// `draw:name`. `None` when the file gives the shape no name.
    pub shape: Option<String>,
}

/// A cell of a table in a word-processing document, numbered as a reader counts: all
/// 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TableCell {
    /// The table's number among the body's tables in document order: DOCX `w:tbl` and ODT
    /// `table:table` elements not inside another table or a text box (a table inside a
    /// cell is that cell's text).
    pub table: u32,
    /// The row: the table's `w:tr` (`table:table-row`) elements in order, a repeated ODT
    /// row counting once.
    pub row: u32,
    /// The grid column: in DOCX, the cell's `w:gridBefore` plus the `w:gridSpan` (1 by
    /// default) of the row's earlier `w:tc` elements, plus one; in ODT, the earlier cells'
    /// `table:number-columns-repeated` (covered cells included), plus one. It is the cell's
    /// column in [`crate::Table::rows`] plus one.
    pub column: u32,
}

impl Location {
    /// A byte span in the document's text.
    pub fn span(start: usize, end: usize) -> Self {
        Location {
            start: Some(start),
            end: Some(end.max(start)),
            ..Default::default()
        }
    }

    /// A spreadsheet cell, 0-based row and column.
    pub fn cell(sheet: &str, row: u32, col: u32) -> Self {
        Location {
            sheet: Some(sheet.to_string()),
            cell: Some((row, col)),
            ..Default::default()
        }
    }

    /// A page (or slide) number, 1-based.
    pub fn page(page: u32) -> Self {
        Location {
            page: Some(page),
            ..Default::default()
        }
    }

    /// The whole file: no better place is known.
    pub fn whole() -> Self {
        Location::default()
    }

    /// The span as a range, if this location has one.
    pub fn range(&self) -> Option<std::ops::Range<usize>> {
        match (self.start, self.end) {
            (Some(s), Some(e)) => Some(s..e),
            _ => None,
        }
    }

    /// The cell in spreadsheet notation, such as `C12`.
    pub fn cell_ref(&self) -> Option<String> {
        self.cell.map(|(r, c)| cell_ref(r, c))
    }
}

/// `(0, 0)` → `A1`, `(11, 2)` → `C12`, `(0, 26)` → `AA1`.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// 1-based line and column (in characters) of a byte offset in `text`.
///
/// Offsets past the end or inside a UTF-8 sequence are clamped to the previous boundary.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(cell_ref(11, 2), "C12");
    }

    #[test]
    fn line_and_column_count_characters() {
        let t = "é\nab\ncœur";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 4), (2, 2));
        assert_eq!(line_col(t, t.find('u').unwrap()), (3, 3));
        assert_eq!(
            line_col(t, 1),
            (1, 1),
            "inside a UTF-8 sequence clamps back"
        );
        assert_eq!(line_col(t, 999), (3, 5));
    }
}
