//! Tables: spreadsheet sheets, CSV files, and tables inside documents, as typed cells.

use chrono::NaiveDate;

use crate::Location;

/// A grid of cells. For a spreadsheet, one sheet (or the used part of it); for a document,
/// one table. Rows are kept as they are in the source, blank rows included, so that cell
/// locations stay true; finding header rows is the checks' job.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Sheet name, or a table's caption.
    pub name: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Merged ranges as 0-based inclusive (first row, first column, last row, last column).
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Where the table is (its first cell, or its span in the text).
    pub location: Location,
}

/// One cell: what is shown, its type, and how it was made.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// The text as displayed or written, trimmed.
    pub text: String,
    pub value: CellValue,
    /// The formula, where the format keeps one (`SUM(B2:B9)`).
    pub formula: Option<String>,
    /// Background fill as `RRGGBB`, where the format has one (Gantt bars are coloured cells).
    pub fill: Option<String>,
    pub location: Location,
}

impl Cell {
    /// True when the cell shows nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self.value, CellValue::Empty) && self.text.trim().is_empty()
    }

    /// The number in the cell, if it holds one.
    pub fn number(&self) -> Option<f64> {
        match self.value {
            CellValue::Number(n) => Some(n),
            _ => None,
        }
    }
}

/// A cell's typed value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    #[default]
    Empty,
    Text(String),
    /// A number; French amounts (`1 500,00 €`, `12 %`) are parsed into it, and the unit
    /// stays visible in [`Cell::text`]. A percentage is stored as written (`12 %` → 12).
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// A spreadsheet error value such as `#REF!`.
    Error(String),
}
