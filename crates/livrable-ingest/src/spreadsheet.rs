//! Spreadsheet reader: XLSX, XLS and ODS workbooks become one [`Table`] per sheet.
//!
//! Each sheet gives a table named after the sheet whose `rows[r][c]` is the cell at
//! 0-based row `r`, column `c` of the sheet, counted from A1 even when the used range
//! starts at C5: blank rows and columns before and inside the used range are kept (as
//! empty cells) so that every location is the cell's true address. Rows all have the same
//! length. Each cell has its displayed text (trimmed), its typed value, its formula where
//! the file keeps one, and its fill colour (`RRGGBB`) where it has one: Gantt bars are
//! coloured empty cells, so a cell that is only filled still counts as used.
//!
//! | format | values | formulas | fills | merged cells | reader |
//! |---|---|---|---|---|---|
//! | XLSX | yes | yes | yes (theme colours and tints resolved) | yes | calamine, streamed |
//! | ODS | yes | yes (`of:=[.B2]+[.C2]`) | yes (automatic styles) | yes | own, streamed |
//! | XLS | yes | yes | no | yes | calamine, after a guard |
//!
//! [`Document::text`] stays empty for workbooks: cells are located by sheet and address.
//!
//! The file's content decides how it is read (a `.xlsx` that is really an old `.xls`, or
//! the reverse, is read all the same); [`Document::format`] is what the content is.
//!
//! Bounds: a sheet may span [`Limits::max_sheet_cells`] cells counted from A1 (rows ×
//! columns), and all the sheets of a workbook [`MAX_WORKBOOK_CELLS`] together (a sheet
//! refused because the workbook's budget is spent reports what was left as its `limit`).
//!
//! Guards (see `shared/notes/CRATES.md`, "Guards the readers need"): calamine allocates
//! the bounding box of a sheet's cells, and a 5 KB file with cells in A1 and XFD1048576
//! makes it ask for hundreds of gigabytes, which aborts the process (no `catch_unwind`
//! can catch that). So no sheet is ever handed to a calamine call that builds a range:
//! - XLSX: the sheet's declared `<dimension>` is checked first, then cells are streamed
//!   one by one into a [`Grid`] that refuses to grow past the sheet's bound;
//! - ODS: read by our own streaming reader ([`ods`]), because calamine expands repeated
//!   rows and columns (`table:number-columns-repeated`) up to 100 million cells before
//!   anything can be checked, and gives neither fills nor merged cells;
//! - XLS: calamine parses every sheet when the workbook opens, so [`xls`] first walks the
//!   BIFF records (bounds declared by `DIMENSIONS`, and every cell's address) and refuses
//!   the whole file when one sheet is too large (the other sheets cannot be read then);
//! - zipped formats: the entry count ([`Limits::max_entries`]) and the declared unpacked
//!   size of the entries ([`MAX_UNPACKED_BYTES`]) are bounded before anything is unpacked;
//!   the zip crate enforces each declared size.
//!
//! A sheet over the bound yields no table and an `ingest/sheet-too-large` observation
//! (args `sheet`, `cells`, `limit`); the other sheets are still read. A sheet that breaks
//! half-way gives `ingest/unreadable` located on that sheet; a file that cannot be opened
//! at all gives `ingest/unreadable` with the reason.
//!
//! Not read: conditional formatting (its colours are not fills), row- and column-wide
//! styles (a fill given to a whole row or column, not to cells), charts, pictures,
//! comments, hidden state. XLSX text is shown from the value and a simplified reading of
//! the number format ([`display`]), not the exact rendering of Excel.

use livrable_model::{Cell, CellValue, Document, Format, Location, Observation, Table};
use std::collections::BTreeMap;

use crate::{Limits, Read};

mod display;
mod ods;
mod xls;
mod xlsx;

/// The most cells all the sheets of one workbook may span together.
///
/// Why: [`Limits::max_sheet_cells`] bounds each sheet, but a workbook of a hundred sheets
/// would multiply it. Every cell of the model costs about 220 bytes (184 for the
/// structure, plus its copy of the sheet name), so 4 million cells is under a gigabyte at
/// worst; real workbooks have a few thousand. To move into [`Limits`] (the lead engineer's
/// call).
pub const MAX_WORKBOOK_CELLS: u64 = 4_000_000;

/// The most bytes the entries of a zipped workbook (XLSX, ODS) may declare once unpacked.
///
/// Why: neither zip nor calamine bounds the total; a workbook of a few kilobytes can
/// declare gigabytes of XML (a zip bomb). Real workbooks unpack to a few megabytes,
/// pictures included. To move into [`Limits`].
pub const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;

/// The most bytes of cell text one sheet may hold.
///
/// Why: a cell's text is copied into every cell that shows it, so a file can make one long
/// text (a shared string in XLSX, a repeated cell in ODS) appear in hundreds of thousands of cells and ask
/// for gigabytes. Real sheets hold well under a megabyte of text. To move into [`Limits`].
pub const MAX_SHEET_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// The most merged ranges kept for one sheet: a real sheet has tens; beyond that they are
/// dropped (the cells are still read).
pub const MAX_MERGED_RANGES: usize = 10_000;

/// Reads a workbook's bytes. `format` is what the file's extension says; the content
/// decides how it is read.
pub fn read(path: &str, bytes: &[u8], format: Format, limits: &Limits) -> Read {
    let budget = Budget::new(limits);
    match sniff(bytes) {
        Container::Zip => {
            if let Err(reason) = check_zip(bytes, limits) {
                return Read::unreadable(reason);
            }
            if format == Format::Ods || ods::is_ods(bytes) {
                ods::read(path, bytes, budget)
            } else {
                xlsx::read(path, bytes, budget)
            }
        }
        Container::Cfb => xls::read(path, bytes, budget),
        Container::Other => Read::unreadable(match format {
            Format::Xlsx => "the file is not a valid XLSX workbook (not a zip archive: damaged, truncated, or another format renamed)",
            Format::Ods => "the file is not a valid ODS workbook (not a zip archive: damaged, truncated, or another format renamed)",
            _ => "the file is not a valid XLS workbook (not an OLE compound file: damaged, truncated, or another format renamed)",
        }),
    }
}

/// What kind of container the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    /// A zip archive: XLSX or ODS.
    Zip,
    /// An OLE compound file: XLS, or an encrypted XLSX.
    Cfb,
    Other,
}

fn sniff(bytes: &[u8]) -> Container {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Container::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Container::Cfb
    } else {
        Container::Other
    }
}

/// Refuses a zip that cannot be opened at all (truncated: the central directory is at the
/// end), that has more than [`Limits::max_entries`] entries, or whose entries declare more
/// than [`MAX_UNPACKED_BYTES`] unpacked.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!("the file is not a valid workbook: its zip archive cannot be opened (truncated or damaged?): {e}")
    })?;
    if archive.len() > limits.max_entries {
        return Err(format!(
            "the workbook's zip archive has {} entries, more than the {} this tool reads",
            archive.len(),
            limits.max_entries
        ));
    }
    // Sizes from the central directory, with no I/O; entries whose size is only in a data
    // descriptor still have it there.
    let declared = (0..archive.len())
        .filter_map(|i| archive.by_index_data(i).ok())
        .fold(0u64, |sum, entry| sum.saturating_add(entry.size()));
    if declared > MAX_UNPACKED_BYTES {
        return Err(format!(
            "the workbook declares {declared} bytes once unpacked, more than the {MAX_UNPACKED_BYTES} this tool reads"
        ));
    }
    Ok(())
}

/// The observation for a sheet refused because it spans `cells` cells, more than `limit`.
pub(crate) fn sheet_too_large(sheet: &str, cells: u64, limit: u64) -> Observation {
    Observation::new(
        "ingest/sheet-too-large",
        Location {
            sheet: Some(sheet.to_string()),
            ..Location::default()
        },
    )
    .arg("sheet", sheet)
    .arg("cells", cells)
    .arg("limit", limit)
}

/// How many cells the sheets of one workbook may still span.
#[derive(Debug, Clone, Copy)]
struct Budget {
    per_sheet: u64,
    remaining: u64,
}

impl Budget {
    fn new(limits: &Limits) -> Self {
        Budget {
            per_sheet: limits.max_sheet_cells,
            remaining: MAX_WORKBOOK_CELLS,
        }
    }

    /// The bound for the next sheet.
    fn bound(&self) -> u64 {
        self.per_sheet.min(self.remaining)
    }

    /// An empty grid bounded for the next sheet.
    fn grid(&self) -> Grid {
        Grid {
            bound: self.bound(),
            ..Grid::default()
        }
    }

    /// Counts a sheet read.
    fn spend(&mut self, cells: u64) {
        self.remaining = self.remaining.saturating_sub(cells);
    }

    /// Counts a table read.
    fn spend_table(&mut self, table: &Table) {
        let width = table.rows.first().map_or(0, |r| r.len()) as u64;
        self.spend((table.rows.len() as u64).saturating_mul(width));
    }
}

/// The observation for one sheet that broke while being read (the others are kept).
fn sheet_unreadable(sheet: &str, reason: impl std::fmt::Display) -> Observation {
    Observation::new(
        "ingest/unreadable",
        Location {
            sheet: Some(sheet.to_string()),
            ..Location::default()
        },
    )
    .arg("reason", format!("sheet «{sheet}»: {reason}"))
}

/// Cells a sheet spans from A1 to (`last_row`, `last_col`), inclusive.
fn span_cells(last_row: u32, last_col: u32) -> u64 {
    (last_row as u64 + 1).saturating_mul(last_col as u64 + 1)
}

/// Why a sheet gave no table.
#[derive(Debug)]
enum SheetError {
    /// It spans this many cells, more than the bound (the second number).
    TooLarge(u64, u64),
    /// Its cells hold at least this many bytes of text, more than [`MAX_SHEET_TEXT_BYTES`].
    TooMuchText(usize),
    /// It broke while being read.
    Broken(String),
}

impl SheetError {
    fn observation(self, sheet: &str) -> Observation {
        match self {
            SheetError::TooLarge(cells, limit) => sheet_too_large(sheet, cells, limit),
            SheetError::TooMuchText(bytes) => Observation::new(
                "ingest/sheet-too-much-text",
                Location {
                    sheet: Some(sheet.to_string()),
                    ..Location::default()
                },
            )
            .arg("sheet", sheet)
            .arg("bytes", bytes)
            .arg("limit", MAX_SHEET_TEXT_BYTES),
            SheetError::Broken(reason) => sheet_unreadable(sheet, reason),
        }
    }
}

/// What is known of one used cell while a sheet is being read.
#[derive(Debug, Default)]
struct Entry {
    text: String,
    value: CellValue,
    formula: Option<String>,
    fill: Option<String>,
}

/// A sheet's used cells, sparse, kept within a bound on their span from A1.
///
/// Readers stream cells into it in any order; it refuses (with the span that would have
/// been reached) any cell that would make the sheet span too many cells, so memory stays
/// bounded whatever the file declares or contains.
#[derive(Debug, Default)]
struct Grid {
    /// The most cells the sheet may span from A1 (rows × columns).
    bound: u64,
    cells: BTreeMap<(u32, u32), Entry>,
    last: Option<(u32, u32)>,
    /// Records seen, used or not: a sheet that repeats the same address millions of times
    /// is refused too.
    seen: u64,
    /// Bytes of cell text kept.
    text_bytes: usize,
}

impl Grid {
    /// The entry at a position, created if need be, or the span the sheet would reach.
    fn entry(&mut self, row: u32, col: u32) -> Result<&mut Entry, SheetError> {
        let (last_row, last_col) = match self.last {
            Some((r, c)) => (r.max(row), c.max(col)),
            None => (row, col),
        };
        let span = span_cells(last_row, last_col);
        if span > self.bound {
            return Err(SheetError::TooLarge(span, self.bound));
        }
        self.last = Some((last_row, last_col));
        Ok(self.cells.entry((row, col)).or_default())
    }

    /// Sets a cell's text, within the sheet's text budget.
    fn set_text(&mut self, row: u32, col: u32, text: String) -> Result<(), SheetError> {
        self.text_bytes = self.text_bytes.saturating_add(text.len());
        if self.text_bytes > MAX_SHEET_TEXT_BYTES {
            return Err(SheetError::TooMuchText(self.text_bytes));
        }
        self.entry(row, col)?.text = text;
        Ok(())
    }

    /// Counts one record read from the file; refuses a sheet of absurdly many records.
    fn count(&mut self) -> Result<(), SheetError> {
        self.seen += 1;
        if self.seen > self.bound.saturating_mul(4).max(1024) {
            return Err(SheetError::TooLarge(self.seen, self.bound));
        }
        Ok(())
    }

    /// The table, every row as long as the widest, blank cells included.
    fn into_table(self, sheet: &str, merged: Vec<(u32, u32, u32, u32)>) -> Table {
        let mut rows = Vec::new();
        if let Some((last_row, last_col)) = self.last {
            let mut cells = self.cells.into_iter().peekable();
            for r in 0..=last_row {
                let mut row = Vec::with_capacity(last_col as usize + 1);
                for c in 0..=last_col {
                    let entry = match cells.peek() {
                        Some(((er, ec), _)) if (*er, *ec) == (r, c) => {
                            cells.next().map(|(_, e)| e).unwrap_or_default()
                        }
                        _ => Entry::default(),
                    };
                    row.push(Cell {
                        text: entry.text,
                        value: entry.value,
                        formula: entry.formula,
                        fill: entry.fill,
                        location: Location::cell(sheet, r, c),
                    });
                }
                rows.push(row);
            }
        }
        Table {
            name: Some(sheet.to_string()),
            rows,
            merged,
            location: Location::cell(sheet, 0, 0),
        }
    }
}

/// A merged range from a reader's (start, end) as the model's (first row, first column,
/// last row, last column), or `None` when it is reversed.
fn merged_range(start: (u32, u32), end: (u32, u32)) -> Option<(u32, u32, u32, u32)> {
    (start.0 <= end.0 && start.1 <= end.1).then_some((start.0, start.1, end.0, end.1))
}

/// A document of the given format holding the tables read.
fn document(path: &str, format: Format, tables: Vec<Table>, problems: Vec<Observation>) -> Read {
    let mut doc = Document::new(path, format);
    doc.tables = tables;
    Read {
        doc: Some(doc),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_refuses_to_span_too_much() {
        let mut g = Budget::new(&Limits::default()).grid();
        assert!(g.entry(0, 0).is_ok());
        assert!(g.entry(9, 9).is_ok());
        match g.entry(1_048_575, 16_383) {
            Err(SheetError::TooLarge(n, limit)) => {
                assert_eq!(n, 1_048_576 * 16_384);
                assert_eq!(limit, Limits::default().max_sheet_cells);
            }
            other => panic!("{other:?}"),
        }
        assert!(g
            .set_text(1, 1, "a".repeat(MAX_SHEET_TEXT_BYTES / 2))
            .is_ok());
        assert!(matches!(
            g.set_text(2, 2, "b".repeat(MAX_SHEET_TEXT_BYTES / 2 + 1)),
            Err(SheetError::TooMuchText(_))
        ));
        // The refused cell did not move the span.
        assert_eq!(g.last, Some((9, 9)));
        let t = g.into_table("S", Vec::new());
        assert_eq!(t.rows.len(), 10);
        assert!(t.rows.iter().all(|r| r.len() == 10));
        assert_eq!(t.rows[9][9].location, Location::cell("S", 9, 9));
    }

    #[test]
    fn the_workbook_budget_shrinks_the_last_sheets_bound() {
        let mut b = Budget::new(&Limits {
            max_sheet_cells: 100,
            ..Limits::default()
        });
        assert_eq!(b.bound(), 100);
        b.spend(MAX_WORKBOOK_CELLS - 30);
        assert_eq!(b.bound(), 30);
        let mut g = b.grid();
        assert!(g.entry(2, 9).is_ok());
        assert!(matches!(g.entry(3, 9), Err(SheetError::TooLarge(40, 30))));
        b.spend(u64::MAX);
        assert_eq!(b.bound(), 0);
        assert!(b.grid().entry(0, 0).is_err());
    }

    #[test]
    fn span_is_counted_from_a1() {
        assert_eq!(span_cells(0, 0), 1);
        assert_eq!(span_cells(19, 5), 120);
        assert_eq!(span_cells(u32::MAX, u32::MAX), u64::MAX, "saturates");
    }

    #[test]
    fn unknown_bytes_are_unreadable() {
        let r = read("a.xlsx", b"hello", Format::Xlsx, &Limits::default());
        assert!(r.doc.is_none());
        assert_eq!(r.problems[0].code, "ingest/unreadable");
        let r = read("a.xls", b"", Format::Xls, &Limits::default());
        assert_eq!(r.problems[0].code, "ingest/unreadable");
    }
}
