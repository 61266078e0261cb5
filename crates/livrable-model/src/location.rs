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
    /// The text of the nearest heading above the place (in a presentation, on the same
    /// slide): the section a reader scrolls to. For a heading, the section it is in.
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
/// Scans from the start: for many offsets in one text, use a [`LineIndex`].
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = clamp(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// `offset` within `text`, moved back to a character boundary.
fn clamp(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Bytes between two character counts kept by a [`LineIndex`].
const CHUNK: usize = 1024;

/// Where a text's lines start and how many characters come before each kilobyte, so that
/// the line and column of an offset cost a binary search and the count of at most a
/// kilobyte, not a scan from the start of the text: a report of thousands of findings on a
/// 10 MB file (a minified newsletter is one line) was quadratic. Built in one pass.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset of each line's start; the first is 0.
    starts: Vec<usize>,
    /// Characters before byte `i * CHUNK`, for each `i` up to the text's length.
    chars: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut chars = Vec::with_capacity(bytes.len() / CHUNK + 1);
        let mut count = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if i.is_multiple_of(CHUNK) {
                chars.push(count);
            }
            if b == b'\n' {
                starts.push(i + 1);
            }
            count += usize::from(is_char_start(b));
        }
        if bytes.len().is_multiple_of(CHUNK) {
            chars.push(count);
        }
        LineIndex { starts, chars }
    }

    /// What [`line_col`] answers, for the text this index was built from.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = clamp(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
        (line, column)
    }

    /// Characters before byte `offset` (a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let chunk = offset / CHUNK;
        let from = chunk * CHUNK;
        let tail = text.as_bytes()[from..offset]
            .iter()
            .filter(|&&b| is_char_start(b))
            .count();
        self.chars[chunk] + tail
    }
}

/// True for the first byte of a UTF-8 sequence (not a continuation byte).
fn is_char_start(b: u8) -> bool {
    b & 0xC0 != 0x80
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

    #[test]
    fn the_index_answers_as_the_scan_does() {
        // Long lines, short lines, multi-byte characters across kilobyte boundaries, an
        // empty text and a text of exactly one chunk.
        let mut long = String::new();
        for i in 0..5000 {
            long.push(if i % 7 == 0 { 'é' } else { 'a' });
            if i % 1500 == 0 {
                long.push('\n');
            }
            if i % 333 == 0 {
                long.push_str("cœur\n\n");
            }
        }
        let chunk = "x".repeat(CHUNK);
        for text in ["", "\n", "é\nab\ncœur", long.as_str(), chunk.as_str()] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_col(text, offset),
                    line_col(text, offset),
                    "offset {offset} of a text of {} bytes",
                    text.len()
                );
            }
        }
    }
}
