//! A table read into rows of typed cells, merges and spans.

use livrable_model::{Cell, CellValue, Table};

use super::out::{location, Out};
use super::{MAX_CELLS, MAX_SPAN};

/// A table being read into rows of typed cells, with spans into the extracted text.
#[derive(Debug, Default)]
pub(crate) struct TableBuilder {
    pub name: Option<String>,
    rows: Vec<Vec<Cell>>,
    merged: Vec<(u32, u32, u32, u32)>,
    start: usize,
    page: Option<u32>,
    /// Where the open cell's text starts, and its value when the format types it.
    cell: Option<(usize, Option<CellValue>)>,
    /// Set when the table went over [`MAX_CELLS`]: it is then dropped.
    too_large: bool,
}

impl TableBuilder {
    pub(crate) fn new(out: &mut Out, page: Option<u32>) -> Self {
        out.line();
        TableBuilder {
            start: out.pos(),
            page,
            ..TableBuilder::default()
        }
    }

    /// Starts a row on a new line.
    pub(crate) fn row(&mut self, out: &mut Out) {
        out.line();
        self.rows.push(Vec::new());
    }

    /// The 0-based row being read.
    pub(crate) fn row_index(&self) -> u32 {
        self.rows.len().saturating_sub(1) as u32
    }

    /// The 0-based column the next cell will take.
    pub(crate) fn col_index(&self) -> u32 {
        self.rows.last().map_or(0, |r| r.len()) as u32
    }

    /// Starts a cell; `value` is its type when the format says it (ODF value types).
    pub(crate) fn cell(&mut self, out: &mut Out, value: Option<CellValue>) {
        if self.rows.is_empty() {
            self.row(out);
        }
        if self.rows.last().is_some_and(|r| !r.is_empty()) {
            out.tab();
        }
        self.cell = Some((out.pos(), value));
    }

    /// True while a cell is open.
    pub(crate) fn in_cell(&self) -> bool {
        self.cell.is_some()
    }

    /// Ends the open cell: its text is what was written since it started.
    pub(crate) fn end_cell(&mut self, out: &mut Out) {
        let Some((start, value)) = self.cell.take() else {
            return;
        };
        let (s, e) = out.span(start);
        let text = out.text.get(s..e).unwrap_or_default().to_string();
        let value = match value {
            Some(v) if !matches!(v, CellValue::Empty) || text.is_empty() => v,
            _ => crate::csv::typed(&text),
        };
        self.push(
            out,
            Cell {
                text,
                value,
                formula: None,
                fill: None,
                location: location(s, e, self.page),
            },
        );
    }

    /// Adds `n` empty cells (the columns a merged cell covers), located where the text is.
    pub(crate) fn fillers(&mut self, out: &mut Out, n: u32) {
        for _ in 0..n.min(MAX_SPAN) {
            let at = out.pos();
            self.push(
                out,
                Cell {
                    location: location(at, at, self.page),
                    ..Cell::default()
                },
            );
        }
    }

    fn push(&mut self, out: &mut Out, cell: Cell) {
        if self.too_large || out.cells >= MAX_CELLS {
            self.too_large = true;
            out.truncated = true;
            return;
        }
        out.cells += 1;
        if self.rows.is_empty() {
            self.rows.push(Vec::new());
        }
        if let Some(row) = self.rows.last_mut() {
            row.push(cell);
        }
    }

    /// Records a merged range (0-based, inclusive).
    pub(crate) fn merge(&mut self, range: (u32, u32, u32, u32)) {
        if self.merged.len() < MAX_CELLS && (range.0, range.1) != (range.2, range.3) {
            self.merged.push(range);
        }
    }

    /// The table, every row padded to the widest; `None` when it was too large or empty.
    pub(crate) fn finish(mut self, out: &mut Out) -> Option<Table> {
        self.end_cell(out);
        out.line();
        if self.too_large || self.rows.iter().all(|r| r.is_empty()) {
            return None;
        }
        let width = self.rows.iter().map(|r| r.len()).max().unwrap_or(0);
        for row in &mut self.rows {
            let at = row
                .last()
                .and_then(|c| c.location.end)
                .unwrap_or(self.start);
            while row.len() < width {
                row.push(Cell {
                    location: location(at, at, self.page),
                    ..Cell::default()
                });
            }
        }
        let (s, e) = out.span(self.start);
        Some(Table {
            name: self.name,
            rows: self.rows,
            merged: self.merged,
            location: location(s, e, self.page),
        })
    }
}
