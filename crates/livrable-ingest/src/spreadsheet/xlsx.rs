//! XLSX workbooks, streamed cell by cell with calamine so that no sheet is ever allocated
//! whole by the library.
//!
//! For each worksheet: the declared `<dimension>` is checked against
//! the sheet's bound (constant memory), then two streaming passes
//! fill a [`Grid`]: values with their style (number format for the text shown, fill
//! colour), then formulas. Positions from the cell reader are absolute, so nothing is
//! offset by the used range's start. Merged ranges come from `merge_cells_by_sheet_name`.
//! Chart sheets and dialog sheets have no cells and are skipped.

use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, Style, Xlsx, XlsxError};
use livrable_model::{CellValue, Format, Observation, Table};

use super::display::{self, NumberStyle};
use super::{document, merged_range, span_cells, Budget, SheetError, MAX_MERGED_RANGES};
use crate::Read;

type Book<'a> = Xlsx<Cursor<&'a [u8]>>;

/// What a cell style gives the model: how to show numbers, and the fill.
#[derive(Debug, Clone, Default)]
struct StyleInfo {
    number: NumberStyle,
    fill: Option<String>,
}

pub(super) fn read(path: &str, bytes: &[u8], mut budget: Budget) -> Read {
    let mut book: Book<'_> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(e) => return Read::unreadable(open_error(&e)),
    };
    let sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut tables = Vec::new();
    let mut problems: Vec<Observation> = Vec::new();
    let mut styles: Option<Vec<StyleInfo>> = None;
    for name in sheets {
        match read_sheet(&mut book, &name, &mut styles, &budget) {
            Ok(table) => {
                budget.spend_table(&table);
                tables.push(table)
            }
            Err(e) => problems.push(e.observation(&name)),
        }
    }
    document(path, Format::Xlsx, tables, problems)
}

/// Why the workbook could not be opened, for the user.
fn open_error(e: &XlsxError) -> String {
    match e {
        XlsxError::Password => {
            "the workbook is protected by a password (encrypted): save it without a password"
                .to_string()
        }
        XlsxError::Zip(e) => {
            format!("the file is not a valid XLSX workbook (damaged or truncated zip archive): {e}")
        }
        XlsxError::Io(e) => {
            format!("the file is not a valid XLSX workbook (truncated or damaged): {e}")
        }
        e => format!("the file is not a valid XLSX workbook: {e}"),
    }
}

fn broken(e: XlsxError) -> SheetError {
    SheetError::Broken(e.to_string())
}

/// The style facts of the workbook's palette, indexed by style id.
fn style_infos(palette: &[Style]) -> Vec<StyleInfo> {
    palette
        .iter()
        .map(|s| StyleInfo {
            number: s
                .number_format
                .as_ref()
                .map(|n| NumberStyle::from_code(&n.format_code))
                .unwrap_or_default(),
            fill: s
                .fill
                .as_ref()
                .filter(|f| f.is_visible())
                .and_then(|f| f.get_color())
                .map(|c| format!("{:02X}{:02X}{:02X}", c.red, c.green, c.blue)),
        })
        .collect()
}

fn read_sheet(
    book: &mut Book<'_>,
    name: &str,
    styles: &mut Option<Vec<StyleInfo>>,
    budget: &Budget,
) -> Result<Table, SheetError> {
    let mut grid = budget.grid();
    {
        let mut cells = match book.worksheet_cells_reader(name) {
            Ok(cells) => cells,
            // A macro sheet or a sheet kind calamine does not know: no cells to read.
            Err(XlsxError::NotAWorksheet(_)) => return Ok(grid.into_table(name, Vec::new())),
            Err(e) => return Err(broken(e)),
        };
        // The declared dimension first: a sheet that says it spans A1:XFD1048576 is refused
        // before a single cell is read.
        let declared = cells.dimensions();
        let declared = span_cells(declared.end.0, declared.end.1);
        if declared > budget.bound() {
            return Err(SheetError::TooLarge(declared, budget.bound()));
        }
        let infos = styles.get_or_insert_with(|| style_infos(cells.styles()));
        while let Some((cell, style_id)) = cells.next_cell_with_style_id().map_err(broken)? {
            grid.count()?;
            let (row, col) = cell.get_position();
            let info = infos.get(style_id);
            let fill = info.and_then(|i| i.fill.clone());
            let value = cell.get_value();
            if matches!(value, DataRef::Empty) && fill.is_none() {
                continue;
            }
            let (text, value) = typed(value, info.map(|i| &i.number));
            grid.set_text(row, col, text)?;
            let entry = grid.entry(row, col)?;
            entry.value = value;
            entry.fill = fill;
        }
    }
    {
        let mut cells = book.worksheet_cells_reader(name).map_err(broken)?;
        while let Some(cell) = cells.next_formula().map_err(broken)? {
            grid.count()?;
            let formula = cell.get_value();
            if formula.is_empty() {
                continue;
            }
            let (row, col) = cell.get_position();
            grid.entry(row, col)?.formula = Some(formula.to_string());
        }
    }
    // Merged ranges are a nicety: a sheet whose list is damaged still gives its cells.
    let merged = book
        .merge_cells_by_sheet_name(name)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| merged_range(d.start, d.end))
        .take(MAX_MERGED_RANGES)
        .collect();
    Ok(grid.into_table(name, merged))
}

/// The text shown and the model's value for one calamine value.
///
/// Dates are tested with `is_datetime` first (calamine's `as_datetime` would turn any
/// number into a date). A text cell goes through the French parsing that CSV cells get, so
/// an amount typed as text (`1 500 €`) is still a number.
pub(super) fn typed(value: &DataRef<'_>, number: Option<&NumberStyle>) -> (String, CellValue) {
    match value {
        DataRef::Empty => (String::new(), CellValue::Empty),
        DataRef::Int(i) => number_cell(*i as f64, number),
        DataRef::Float(f) => number_cell(*f, number),
        DataRef::Bool(b) => (bool_text(*b), CellValue::Bool(*b)),
        DataRef::Error(e) => {
            let t = e.to_string();
            (t.clone(), CellValue::Error(t))
        }
        DataRef::String(s) => text_cell(s),
        DataRef::SharedString(s) => text_cell(s),
        DataRef::DateTime(dt) => {
            let serial = dt.as_f64();
            if dt.is_duration() || (0.0..1.0).contains(&serial) {
                // A duration or a time of day: no date in it.
                (display::clock(serial), CellValue::Number(serial))
            } else {
                match dt.as_datetime() {
                    Some(d) => (display::date_time(d), CellValue::Date(d.date())),
                    None => number_cell(serial, number),
                }
            }
        }
        DataRef::DateTimeIso(s) => match calamine::DataType::as_date(value) {
            Some(d) => (d.format("%d/%m/%Y").to_string(), CellValue::Date(d)),
            None => text_cell(s),
        },
        DataRef::DurationIso(s) => (s.trim().to_string(), CellValue::Text(s.trim().to_string())),
    }
}

/// `VRAI`/`FAUX`: what a French spreadsheet shows for a boolean cell (a cell's content,
/// not a message of this tool).
pub(super) fn bool_text(b: bool) -> String {
    if b { "VRAI" } else { "FAUX" }.to_string()
}

fn number_cell(v: f64, number: Option<&NumberStyle>) -> (String, CellValue) {
    let (value, text) = number.cloned().unwrap_or_default().show(v);
    (text, CellValue::Number(value))
}

pub(super) fn text_cell(s: &str) -> (String, CellValue) {
    let text = s.trim();
    (text.to_string(), crate::csv::typed(text))
}
