//! Decoding text files, and the small text helpers the text readers share.
//!
//! Candidates' files come from many tools: UTF-8 editors (with or without a byte-order mark),
//! Windows "Unicode" exports (UTF-16 with a BOM), and French Windows tools (Notepad before
//! 2019, Excel's CSV export) that write Windows-1252. [`decode`] turns any of these into a
//! `String`; every span a reader records points into that string, never into the raw bytes.
//!
//! Limits: the encoding is guessed from the BOM, then UTF-8 validity, then Windows-1252 as the
//! fallback. Other legacy encodings (ISO-8859-15, Mac Roman, UTF-16 without a BOM) are read as
//! Windows-1252 or refused as binary. Bytes that are clearly not text (NUL bytes, many
//! control characters) are refused with a short technical reason, which the rule pack's
//! message template wraps for the user.

use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use livrable_model::{french, CellValue};

/// Most blocks, links, images and elements a text reader keeps per file: 200 000. A long
/// page has a few thousand; the bound keeps a hostile file (a million `<img>` tags) from
/// multiplying its size in memory. Checks see the first ones, which is where problems show.
pub(crate) const MAX_ITEMS: usize = 200_000;

/// Most table cells a text reader keeps per file (HTML `colspan`/`rowspan` fillers
/// included): 500 000. A real budget table has hundreds; a cell can take one byte of
/// source (`|` in Markdown) but about 200 bytes of memory, so the bound is what keeps a
/// hostile file small in memory.
pub(crate) const MAX_CELLS: usize = 500_000;

/// How many leading bytes are searched for a NUL byte: the same window git uses to call a
/// file binary. Text never contains NUL; images, archives and PDFs do, early.
const NUL_WINDOW: usize = 8000;

/// Decodes a text file's bytes (see the module documentation for the encodings tried).
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    decode_with_encoding(bytes).map(|(text, _)| text)
}

/// Decodes a text file's bytes and names the encoding that was used (`UTF-8`, `UTF-8 BOM`,
/// `UTF-16LE`, `UTF-16BE`, `windows-1252`), for readers that report it (CSV).
///
/// A byte-order mark is removed: the returned text starts after it, and spans index the
/// returned text.
pub fn decode_with_encoding(bytes: &[u8]) -> Result<(String, &'static str), String> {
    let (text, name) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        // A UTF-8 BOM is a strong statement: invalid sequences become U+FFFD rather than
        // switching the whole file to another encoding.
        let (text, _) = UTF_8.decode_without_bom_handling(rest);
        (text.into_owned(), "UTF-8 BOM")
    } else if bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00])
        || bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF])
    {
        return Err("UTF-32 text is not supported; save the file as UTF-8".to_string());
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (text, _) = UTF_16LE.decode_without_bom_handling(rest);
        (text.into_owned(), "UTF-16LE")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (text, _) = UTF_16BE.decode_without_bom_handling(rest);
        (text.into_owned(), "UTF-16BE")
    } else {
        if bytes.iter().take(NUL_WINDOW).any(|&b| b == 0) {
            return Err("binary data (NUL bytes), not a text file".to_string());
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), "UTF-8"),
            Err(_) => {
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                (text.into_owned(), "windows-1252")
            }
        }
    };
    check_text(&text)?;
    Ok((text, name))
}

/// Refuses decoded text that is mostly not text: a NUL (possible after UTF-16 decoding), or
/// more than 5 % control characters other than tab, line feed, carriage return and form feed
/// (binary data read as Windows-1252 is full of them; real text has none).
fn check_text(text: &str) -> Result<(), String> {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return Err("binary data (NUL characters), not a text file".to_string());
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            controls += 1;
        }
    }
    if controls > 2 && controls * 20 > chars {
        return Err(format!(
            "binary data ({controls} control characters in {chars}), not a text file"
        ));
    }
    Ok(())
}

/// True for the spaces French typography requires to stay unbroken (no-break space, narrow
/// no-break space, figure space). They are kept in block text so that typography checks can
/// see them; every other run of white space becomes one ordinary space.
fn is_kept_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// Collects visible text piece by piece and yields it with white space collapsed: runs of
/// ordinary white space become one space, no-break spaces are kept, ends are trimmed.
#[derive(Debug, Default, Clone)]
pub(crate) struct TextBuf {
    text: String,
    /// A space is owed before the next visible character.
    pending_space: bool,
}

impl TextBuf {
    /// Appends text, collapsing white space.
    pub(crate) fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() && !is_kept_space(c) {
                self.pending_space = !self.text.is_empty();
            } else {
                if self.pending_space {
                    self.text.push(' ');
                    self.pending_space = false;
                }
                self.text.push(c);
            }
        }
    }

    /// Marks a break between words (a line break, a `<br>`, a table cell boundary).
    pub(crate) fn push_space(&mut self) {
        self.pending_space = !self.text.is_empty();
    }

    /// True when nothing visible was pushed (no-break spaces alone count as nothing).
    pub(crate) fn is_blank(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }

    /// The collected text, trimmed of all white space at both ends.
    pub(crate) fn finish(self) -> String {
        let trimmed = self.text.trim();
        if trimmed.len() == self.text.len() {
            self.text
        } else {
            trimmed.to_string()
        }
    }
}

/// `s` with white space collapsed as in [`TextBuf`].
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut buf = TextBuf::default();
    buf.push_str(s);
    buf.finish()
}

/// Types a document-table cell from its visible text: empty, a date (`15/03/2027`,
/// `mars 2027`), a French number (`1 500,00 €`, `12 %`), or text. Dates are tried first
/// because `15.03.2027` must not read as a number.
pub(crate) fn cell_value(text: &str) -> CellValue {
    let t = text.trim();
    if t.is_empty() {
        CellValue::Empty
    } else if let Some((date, _)) = french::parse_date(t) {
        CellValue::Date(date)
    } else if let Some(n) = french::parse_number(t) {
        CellValue::Number(n.value)
    } else {
        CellValue::Text(t.to_string())
    }
}

/// The largest char boundary at or below `i` (clamped to the text), so that a computed
/// offset can always slice `text`.
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The span `start..end` of `text` with white space removed at both ends (an empty span at
/// `start` when it holds only white space). Offsets are clamped to char boundaries.
pub(crate) fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let start = floor_boundary(text, start);
    let end = floor_boundary(text, end).max(start);
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    (start + lead, start + lead + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_as_is() {
        assert_eq!(
            decode_with_encoding("café".as_bytes()).unwrap(),
            ("café".to_string(), "UTF-8")
        );
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("# Titre é".as_bytes());
        let (text, enc) = decode_with_encoding(&bytes).unwrap();
        assert_eq!(text, "# Titre é");
        assert_eq!(enc, "UTF-8 BOM");
    }

    #[test]
    fn windows_1252_when_not_utf8() {
        // « Été » and the euro sign as a French Windows tool writes them.
        let bytes = b"\xC9t\xE9 : 12 \x80 \x93ok\x94";
        let (text, enc) = decode_with_encoding(bytes).unwrap();
        assert_eq!(text, "Été : 12 € “ok”");
        assert_eq!(enc, "windows-1252");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let s = "Réunion\r\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(
            decode_with_encoding(&le).unwrap(),
            (s.to_string(), "UTF-16LE")
        );
        assert_eq!(
            decode_with_encoding(&be).unwrap(),
            (s.to_string(), "UTF-16BE")
        );
    }

    #[test]
    fn binary_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(decode(png).is_err());
        let controls: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(decode(&controls).is_err());
        let mut utf16_binary = vec![0xFF, 0xFE];
        utf16_binary.extend_from_slice(&[0, 0, 0, 0]);
        assert!(decode(&utf16_binary).is_err());
        assert!(
            decode(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]).is_err(),
            "UTF-32"
        );
    }

    #[test]
    fn text_with_a_few_controls_is_accepted() {
        // A form feed and an escape in a long text do not make it binary.
        let s = format!("{}\u{c}\u{1b}{}", "a".repeat(100), "b".repeat(100));
        assert!(decode(s.as_bytes()).is_ok());
        assert_eq!(decode(b"").unwrap(), "");
    }

    #[test]
    fn whitespace_collapses_but_no_break_spaces_stay() {
        assert_eq!(
            collapse_whitespace("  Prix\n\t total\u{a0}: 12 € "),
            "Prix total\u{a0}: 12 €"
        );
        assert_eq!(collapse_whitespace("\u{a0} "), "");
        let mut buf = TextBuf::default();
        buf.push_str("un");
        buf.push_space();
        buf.push_str("deux ");
        assert_eq!(buf.finish(), "un deux");
    }

    #[test]
    fn cells_are_typed() {
        assert_eq!(cell_value(" "), CellValue::Empty);
        assert_eq!(cell_value("1 500,00 €"), CellValue::Number(1500.0));
        assert_eq!(cell_value("12 %"), CellValue::Number(12.0));
        assert_eq!(
            cell_value("15/03/2027"),
            CellValue::Date(chrono::NaiveDate::from_ymd_opt(2027, 3, 15).unwrap())
        );
        assert_eq!(cell_value("Action 2"), CellValue::Text("Action 2".into()));
    }

    #[test]
    fn spans_trim_and_clamp() {
        let t = "  é x  ";
        assert_eq!(trim_span(t, 0, t.len()), (2, 6));
        assert_eq!(&t[2..6], "é x");
        assert_eq!(trim_span(t, 3, 99), (2, 6), "inside é clamps back");
        assert_eq!(trim_span("   ", 0, 3), (3, 3));
    }
}
