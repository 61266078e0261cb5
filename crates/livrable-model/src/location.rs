//! Where a finding or a document element is.

use serde::Serialize;

/// A place in a submitted file.
///
/// Text formats (Markdown, HTML, CSV) use a byte span into [`crate::Document::text`];
/// spreadsheets use a sheet and a 0-based cell; paginated formats a page (or slide) number,
/// optionally with a span into the text extracted from them. Fields that do not apply are
/// `None`. Line and column are computed from the span when a report needs them.
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
    /// 1-based page, slide or paragraph number for formats without a text span.
    pub page: Option<u32>,
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
