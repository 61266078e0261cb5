//! Excerpts that miette draws: a few lines of a document's text around a span, or a small
//! grid of a spreadsheet around a cell, each with the place to underline.
//!
//! Why not hand miette the whole document? Two reasons. Output stays bounded: a minified
//! HTML file is one line of a megabyte, and a span can cover a whole document; an excerpt
//! keeps a window of at most a terminal's width around the span and at most
//! [`MAX_SPAN_LINES`] lines of it. And line numbers stay ours: miette counts columns in
//! bytes and treats a lone `\r` as a line break, while the JSON report counts characters and
//! `\n` only; the excerpt's header shows our `line:col`, and its gutter shows the file's line
//! numbers (or the sheet's row numbers) through [`Excerpt::first_line`].
//!
//! Limits: cell texts are measured in characters, not terminal columns, so a grid holding
//! wide characters (CJK, emoji) may be misaligned; the underline still sits under the right
//! cell, since miette measures it on the text itself.

use std::collections::BTreeMap;
use std::ops::Range;

use livrable_model::{Cell, Table};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::sanitize;

/// Beyond this many lines, a span is shown by its first line only.
pub(crate) const MAX_SPAN_LINES: usize = 4;
/// Cell texts longer than this are cut in the grid.
const CELL_CHARS: usize = 12;
/// Rows shown above and below the cell, columns left and right of it, in the report page
/// (which has room for them).
pub(crate) const GRID_ROWS_AROUND: u32 = 2;
pub(crate) const GRID_COLS_AROUND: u32 = 3;
/// Rows shown above and below the cell in the terminal: the cell's row alone (the message
/// says what is wrong, the grid where, and a report stays short).
const TEXT_GRID_ROWS_AROUND: u32 = 0;
/// The width of the underlined column when its cells are empty.
const EMPTY_CELL_WIDTH: usize = 3;
/// Between grid columns.
const GRID_SEP: &str = " │ ";

/// Text handed to miette as the source, whole, whatever span it is asked for.
#[derive(Debug)]
pub(crate) struct Excerpt {
    pub text: String,
    /// 0-based number miette gives the excerpt's first line: its gutter shows
    /// `first_line + 1` on that line.
    pub first_line: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // The excerpt is already cut to what should be shown: always give all of it, so that
        // every line is drawn and the numbering is ours.
        Ok(Box::new(MietteSpanContents::new(
            self.text.as_bytes(),
            (0, self.text.len()).into(),
            self.first_line,
            0,
            self.text.bytes().filter(|&b| b == b'\n').count(),
        )))
    }
}

/// An excerpt and the byte range to underline in it.
#[derive(Debug)]
pub(crate) struct Snippet {
    pub source: Excerpt,
    pub label: Range<usize>,
}

/// Largest char boundary at or before `i` (clamped to the text).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn line_start(text: &str, pos: usize) -> usize {
    text.get(..pos)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// End of the line holding `pos`, excluding its `\n`.
fn line_end(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| pos + i)
}

/// Byte offset of the `n`th character of `s` (or its length).
fn char_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// `s` cut to `max` characters, ending with `…` when cut.
pub(crate) fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let keep = char_offset(s, max.saturating_sub(1));
        format!("{}…", &s[..keep])
    }
}

/// One line of the excerpt as it will be shown, with the label's part of it.
struct Shown {
    text: String,
    label: Option<Range<usize>>,
}

/// Which lines an excerpt of a text shows, and how its gutter numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// The line before, the span's lines and the line after, numbered as the text's lines:
    /// for a file whose text is its source (Markdown, HTML, CSV).
    Around,
    /// The span's lines only, the first numbered `n` (a Word paragraph's number, a table
    /// row): for text extracted from an office file or a PDF, whose lines mean nothing to
    /// its reader and whose neighbours are other paragraphs.
    Own(usize),
}

/// The lines of the byte span `start..end` of `text` (with their neighbours, for
/// [`Context::Around`]), each cut to `max_chars` characters around the span.
///
/// Returns `None` when there is no text to show.
pub(crate) fn text_snippet(
    text: &str,
    start: usize,
    end: usize,
    max_chars: usize,
    context: Context,
) -> Option<Snippet> {
    if text.is_empty() {
        return None;
    }
    let max_chars = max_chars.max(20);
    let start = floor_boundary(text, start);
    let mut end = floor_boundary(text, end.max(start));
    // A Markdown heading's range includes its newline: underline the words, not the break.
    while end > start && matches!(text.as_bytes().get(end - 1), Some(b'\n' | b'\r')) {
        end -= 1;
    }

    let first = line_start(text, start);
    let mut last_end = line_end(text, end);
    let span_lines: Vec<&str> = text[first..last_end].split('\n').collect();
    let too_big = span_lines.len() > MAX_SPAN_LINES
        || span_lines.iter().any(|l| l.chars().count() > max_chars);
    if too_big {
        // Show the span's first line only, windowed around the span's start.
        last_end = line_end(text, start);
        end = end.min(last_end);
    }

    let around = context == Context::Around;
    let mut lines: Vec<Shown> = Vec::new();
    let mut excerpt_first = first;
    if first > 0 && around {
        let prev_start = line_start(text, first - 1);
        excerpt_first = prev_start;
        lines.push(context_line(&text[prev_start..first - 1], max_chars));
    }
    let mut pos = first;
    for line in text[first..last_end].split('\n') {
        let content = line.strip_suffix('\r').unwrap_or(line);
        let (lo, hi) = (pos, pos + content.len());
        let label = (start.max(lo).min(hi) - lo)..(end.max(lo).min(hi) - lo);
        let on_line = start <= hi && end >= lo;
        if too_big {
            lines.push(window_line(content, label, max_chars));
        } else {
            lines.push(Shown {
                text: content.to_string(),
                label: on_line.then_some(label),
            });
        }
        pos += line.len() + 1;
    }
    if last_end < text.len() && around {
        let next_start = last_end + 1;
        if next_start < text.len() {
            let next_end = line_end(text, next_start);
            lines.push(context_line(&text[next_start..next_end], max_chars));
        }
    }

    let first_line = match context {
        Context::Around => text[..excerpt_first]
            .bytes()
            .filter(|&b| b == b'\n')
            .count(),
        Context::Own(n) => n.saturating_sub(1),
    };
    Some(assemble(lines, first_line))
}

fn context_line(line: &str, max_chars: usize) -> Shown {
    let content = line.strip_suffix('\r').unwrap_or(line);
    Shown {
        text: cut(content, max_chars),
        label: None,
    }
}

/// A long line cut to `max_chars` characters around `label`, with `…` where it was cut.
fn window_line(content: &str, label: Range<usize>, max_chars: usize) -> Shown {
    let total = content.chars().count();
    if total <= max_chars {
        return Shown {
            text: content.to_string(),
            label: Some(label),
        };
    }
    let budget = max_chars.saturating_sub(2).max(1);
    let label_char = content[..label.start].chars().count();
    // A third of the window before the span, the rest for the span and what follows.
    let from = label_char
        .saturating_sub(budget / 3)
        .min(total.saturating_sub(budget));
    let to = (from + budget).min(total);
    let (lo, hi) = (char_offset(content, from), char_offset(content, to));
    let prefix = if from > 0 { "…" } else { "" };
    let suffix = if to < total { "…" } else { "" };
    let text = format!("{prefix}{}{suffix}", &content[lo..hi]);
    let shift = |i: usize| i.clamp(lo, hi) - lo + prefix.len();
    Shown {
        text,
        label: Some(shift(label.start)..shift(label.end)),
    }
}

/// Joins shown lines into an excerpt and finds the label's byte range in it.
fn assemble(lines: Vec<Shown>, first_line: usize) -> Snippet {
    let mut text = String::new();
    let mut label: Option<Range<usize>> = None;
    for (i, line) in lines.into_iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let base = text.len();
        if let Some(l) = line.label.clone() {
            let range = (base + l.start)..(base + l.end);
            label = Some(match label {
                Some(prev) => prev.start..range.end,
                None => range,
            });
        }
        // Same-length replacements: the label's offsets stay true.
        text.push_str(&sanitize(&line.text));
        if line
            .label
            .as_ref()
            .is_some_and(|l| l.is_empty() && l.start == line.text.len())
        {
            // miette draws nothing for an empty span at the end of a line: give its `▲`
            // a blank to stand under.
            text.push(' ');
        }
    }
    Snippet {
        source: Excerpt { text, first_line },
        label: label.unwrap_or(0..0),
    }
}

/// The cells of a table in a window of the sheet, by 0-based position, and the extent of
/// the whole table.
pub(crate) struct Window<'a> {
    pub cells: BTreeMap<(u32, u32), &'a Cell>,
    /// First and last (row, column) of the table.
    pub first: (u32, u32),
    pub last: (u32, u32),
}

/// One pass over the table: a cell's position is its own location, or, when a reader left
/// it out, the table's first cell plus its indices (rows keep their source positions).
pub(crate) fn window(table: &Table, rows: Range<u32>, cols: Range<u32>) -> Window<'_> {
    let origin = table.location.cell.unwrap_or((0, 0));
    let mut w = Window {
        cells: BTreeMap::new(),
        first: (u32::MAX, u32::MAX),
        last: (0, 0),
    };
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let at = cell.location.cell.unwrap_or_else(|| {
                let r = u32::try_from(r).unwrap_or(u32::MAX);
                let c = u32::try_from(c).unwrap_or(u32::MAX);
                (origin.0.saturating_add(r), origin.1.saturating_add(c))
            });
            w.first = (w.first.0.min(at.0), w.first.1.min(at.1));
            w.last = (w.last.0.max(at.0), w.last.1.max(at.1));
            if rows.contains(&at.0) && cols.contains(&at.1) {
                w.cells.insert(at, cell);
            }
        }
    }
    w
}

/// What a cell shows, on one line, cut to [`CELL_CHARS`].
fn cell_display(cell: Option<&Cell>) -> String {
    let text = cell.map_or("", |c| c.text.as_str());
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(&one_line, CELL_CHARS)
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// A grid of the sheet around the 0-based cell `(row, col)`: [`TEXT_GRID_ROWS_AROUND`] rows
/// above and below, [`GRID_COLS_AROUND`] columns left and right (fewer when the grid would
/// be wider than `max_chars`), the cell underlined, the gutter showing the sheet's row
/// numbers. No line of column letters: the place above the grid names the cell (`Budget!F13`)
/// and the underline shows it.
pub(crate) fn grid_snippet(table: &Table, row: u32, col: u32, max_chars: usize) -> Snippet {
    let near = |x: u32, around: u32| x.saturating_sub(around)..x.saturating_add(around + 1);
    let w = window(
        table,
        near(row, TEXT_GRID_ROWS_AROUND),
        near(col, GRID_COLS_AROUND),
    );
    // Around the cell, within the table (but always the cell itself).
    let top = row
        .saturating_sub(TEXT_GRID_ROWS_AROUND)
        .max(w.first.0.min(row));
    let bottom = row
        .saturating_add(TEXT_GRID_ROWS_AROUND)
        .min(w.last.0)
        .max(row);
    let mut left = col.saturating_sub(GRID_COLS_AROUND).max(w.first.1.min(col));
    let mut right = col.saturating_add(GRID_COLS_AROUND).min(w.last.1).max(col);

    let texts = |c: u32| -> Vec<String> {
        (top..=bottom)
            .map(|r| cell_display(w.cells.get(&(r, c)).copied()))
            .collect()
    };
    let width_of = |cells: &[String]| -> usize {
        cells
            .iter()
            .map(|t| t.chars().count())
            .chain([1])
            .max()
            .unwrap_or(1)
    };
    let mut columns: Vec<(u32, Vec<String>, usize)> = (left..=right)
        .map(|c| {
            let cells = texts(c);
            // The cell's own column is wide enough for its underline to show, even empty.
            let w = width_of(&cells).max(if c == col { EMPTY_CELL_WIDTH } else { 1 });
            (c, cells, w)
        })
        .collect();
    let sep = GRID_SEP.chars().count();
    let total = |cols: &[(u32, Vec<String>, usize)]| -> usize {
        cols.iter().map(|c| c.2).sum::<usize>() + sep * cols.len().saturating_sub(1)
    };
    // Too wide for the terminal: drop the column farthest from the cell, until it fits.
    while columns.len() > 1 && total(&columns) > max_chars {
        if col - left >= right - col {
            columns.remove(0);
            left += 1;
        } else {
            columns.pop();
            right -= 1;
        }
    }

    let mut lines = Vec::new();
    for (i, r) in (top..=bottom).enumerate() {
        let mut text = String::new();
        let mut label = None;
        for (j, (c, cells, w)) in columns.iter().enumerate() {
            if j > 0 {
                text.push_str(GRID_SEP);
            }
            let shown = cells.get(i).map_or("", String::as_str);
            let start = text.len();
            text.push_str(&pad(shown, *w));
            if r == row && *c == col {
                label = Some(start..text.len());
            }
        }
        let keep = label.as_ref().map_or(0, |l| l.end);
        let trimmed = text.trim_end().len().max(keep);
        text.truncate(trimmed);
        lines.push(Shown { text, label });
    }
    // miette numbers the first line `top + 1`: the sheet's own row number.
    assemble(lines, top as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{CellValue, Location};

    fn labelled(s: &Snippet) -> &str {
        &s.source.text[s.label.clone()]
    }

    #[test]
    fn own_lines_are_numbered_as_asked() {
        let text = "Titre\nUn paragraphe fautif\nLa suite";
        let start = text.find("fautif").unwrap();
        let s = text_snippet(text, start, start + 6, 80, Context::Own(14)).unwrap();
        assert_eq!(s.source.text, "Un paragraphe fautif");
        assert_eq!(s.source.first_line, 13, "miette shows first_line + 1");
        assert_eq!(labelled(&s), "fautif");
    }

    #[test]
    fn text_snippet_shows_neighbour_lines_and_the_span() {
        let text = "# Titre\n\nÉté : début\n### Résumé\nFin\n";
        let start = text.find("###").unwrap();
        // A heading's range includes its newline: it is not underlined.
        let end = text.find("Fin").unwrap();
        let s = text_snippet(text, start, end, 80, Context::Around).unwrap();
        assert_eq!(s.source.text, "Été : début\n### Résumé\nFin");
        assert_eq!(labelled(&s), "### Résumé");
        assert_eq!(s.source.first_line, 2, "the excerpt starts on line 3");
    }

    #[test]
    fn text_snippet_at_edges_and_out_of_range() {
        let s = text_snippet("un", 0, 2, 80, Context::Around).unwrap();
        assert_eq!((s.source.text.as_str(), labelled(&s)), ("un", "un"));
        let s = text_snippet("é", 1, 99, 80, Context::Around).unwrap();
        assert_eq!(s.label, 0..2, "offsets inside a character clamp back");
        // At the very end, after the last newline: the empty last line, with a blank under
        // which to point.
        let s = text_snippet("ab\n\n", 4, 4, 80, Context::Around).unwrap();
        assert_eq!(s.source.text, "\n ");
        assert_eq!((s.source.first_line, s.label.clone()), (1, 1..1));
        let s = text_snippet("ab\ncd", 2, 2, 80, Context::Around).unwrap();
        assert_eq!(s.source.text, "ab \ncd", "an empty span at a line's end");
        assert!(text_snippet("", 0, 0, 80, Context::Around).is_none());
        let s = text_snippet("a\r\nbc\r\nd", 3, 5, 80, Context::Around).unwrap();
        assert_eq!(s.source.text, "a\nbc\nd");
        assert_eq!(labelled(&s), "bc");
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let line = format!("{}CIBLE{}", "x".repeat(500), "y".repeat(500));
        let start = 500;
        let s = text_snippet(&line, start, start + 5, 60, Context::Around).unwrap();
        assert!(s.source.text.chars().count() <= 60);
        assert!(s.source.text.starts_with('…') && s.source.text.ends_with('…'));
        assert_eq!(labelled(&s), "CIBLE");
    }

    #[test]
    fn tall_spans_show_their_first_line() {
        let text = "a\nb\nc\nd\ne\nf\ng";
        let s = text_snippet(text, 2, text.len(), 80, Context::Around).unwrap();
        assert_eq!(s.source.text, "a\nb\nc");
        assert_eq!(labelled(&s), "b");
        let s = text_snippet(text, 2, 5, 80, Context::Around).unwrap();
        assert_eq!(
            labelled(&s),
            "b\nc",
            "short multi-line spans are kept whole"
        );
    }

    #[test]
    fn control_characters_never_reach_the_excerpt() {
        let s = text_snippet("a\u{1b}[2Jb", 0, 1, 80, Context::Around).unwrap();
        assert!(!s.source.text.contains('\u{1b}'));
    }

    fn sheet(rows: &[&[&str]]) -> Table {
        Table {
            name: Some("Budget".into()),
            rows: rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    row.iter()
                        .enumerate()
                        .map(|(c, t)| Cell {
                            text: t.to_string(),
                            value: CellValue::Text(t.to_string()),
                            location: Location::cell("Budget", r as u32, c as u32),
                            ..Default::default()
                        })
                        .collect()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn grid_underlines_the_cell_and_cuts_long_texts() {
        let t = sheet(&[
            &["Poste", "Montant"],
            &["Affiches et kakémonos", "1 500,00 €"],
            &["Total", ""],
        ]);
        let s = grid_snippet(&t, 1, 1, 80);
        assert_eq!(
            s.source.first_line, 1,
            "miette shows the sheet's row number, 2"
        );
        let lines: Vec<&str> = s.source.text.lines().collect();
        assert_eq!(lines, ["Affiches et… │ 1 500,00 €"], "the cell's row alone");
        let s = grid_snippet(&t, 2, 1, 80);
        assert_eq!(
            labelled(&s),
            "   ",
            "an empty cell is underlined on a width of its own"
        );
        assert!(s.label.start > s.source.text.find("Total").unwrap());
    }

    #[test]
    fn grid_drops_far_columns_when_too_wide() {
        let row: Vec<&str> = vec!["texte long ici"; 10];
        let t = sheet(&[&row, &row]);
        let s = grid_snippet(&t, 1, 5, 40);
        assert_eq!(
            labelled(&s).trim(),
            "texte long …",
            "the cell's column stays"
        );
        assert!(s.source.text.lines().all(|l| l.chars().count() <= 40));
    }

    #[test]
    fn grid_finds_cells_laid_out_from_an_offset_origin() {
        let mut t = sheet(&[&["x", "y"]]);
        t.location = Location::cell("Budget", 4, 2);
        for (c, cell) in t.rows[0].iter_mut().enumerate() {
            cell.location = Location::cell("Budget", 4, 2 + c as u32);
        }
        let s = grid_snippet(&t, 4, 3, 80);
        assert_eq!(s.source.first_line, 4);
        assert_eq!(labelled(&s).trim(), "y");
        assert_eq!(s.source.text.trim_end(), "x │ y");
    }
}
