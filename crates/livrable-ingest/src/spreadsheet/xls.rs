//! XLS workbooks (Excel 97–2003, BIFF8; BIFF5 too), read by calamine after a guard.
//!
//! calamine parses every sheet of an XLS file when the workbook opens: it reserves room
//! for the cells a sheet's `DIMENSIONS` record declares and builds each sheet's bounding
//! box of cells. A crafted file of a few kilobytes (a `DIMENSIONS` of four billion rows, or
//! two cells at A1 and at row 65,536, column 65,536) makes it ask for hundreds of
//! gigabytes, which aborts the process. So the compound file is opened first (with the
//! `cfb` crate: calamine's own reader is private), the `Workbook` stream's BIFF records
//! are walked the way calamine walks them, and every sheet's declared and actual size is
//! checked against its bound. When one sheet is too large, the whole file is
//! refused (one `ingest/sheet-too-large` per such sheet): calamine cannot open a workbook
//! without parsing all its sheets, so the others cannot be read either.
//!
//! Not read from XLS: fills (calamine gives no styles for XLS) and number formats other
//! than dates (numbers are shown plainly, and a percentage stays a fraction: 0.12).
//! An encrypted XLSX is an OLE compound file too: it is recognised here and refused with
//! a clear reason.

use std::io::{Cursor, Read as _};

use calamine::{Data, Reader, SheetType, Xls, XlsError};
use livrable_model::{Format, Observation, Table};

use super::{
    document, merged_range, span_cells, Budget, SheetError, MAX_MERGED_RANGES, MAX_UNPACKED_BYTES,
};
use crate::Read;

/// BIFF record types the guard looks at (MS-XLS 2.3).
mod rt {
    pub const EOF: u16 = 0x000A;
    pub const BOF: u16 = 0x0809;
    pub const FILEPASS: u16 = 0x002F;
    pub const BOUNDSHEET: u16 = 0x0085;
    pub const DIMENSIONS: u16 = 0x0200;
    pub const MULRK: u16 = 0x00BD;
    /// Records whose data starts with the cell's row and column (u16 each) and that
    /// calamine turns into cells: Number, Label, RString, BoolErr, RK, LabelSst, Formula.
    pub const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];
}

pub(super) fn read(path: &str, bytes: &[u8], mut budget: Budget) -> Read {
    let stream = match workbook_stream(bytes) {
        Ok(stream) => stream,
        Err(reason) => return Read::unreadable(reason),
    };
    let sizes = match scan(&stream) {
        Ok(sizes) => sizes,
        Err(reason) => return Read::unreadable(reason),
    };
    // Sized in order, each against what the workbook's budget leaves.
    let mut sizing = budget;
    let mut too_large: Vec<Observation> = Vec::new();
    for s in sizes {
        let bound = sizing.bound();
        if s.cells > bound {
            too_large.push(super::sheet_too_large(&s.name, s.cells, bound));
        } else {
            sizing.spend(s.cells);
        }
    }
    if !too_large.is_empty() {
        return document(path, Format::Xls, Vec::new(), too_large);
    }
    let mut book: Xls<_> = match Xls::new(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(XlsError::Password) => return Read::unreadable(PASSWORD),
        Err(e) => return Read::unreadable(format!("the file is not a valid XLS workbook: {e}")),
    };
    let sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    for name in sheets {
        match read_sheet(&mut book, &name, &budget) {
            Ok(table) => {
                budget.spend_table(&table);
                tables.push(table)
            }
            Err(e) => problems.push(e.observation(&name)),
        }
    }
    document(path, Format::Xls, tables, problems)
}

const PASSWORD: &str =
    "the workbook is protected by a password (encrypted): save it without a password";

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream of the compound file.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("the file is not a valid XLS workbook (damaged or truncated): {e}"))?;
    if file.is_stream("EncryptedPackage") {
        return Err(PASSWORD.to_string());
    }
    let name = ["Workbook", "Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or("the file is not an Excel workbook (an OLE file without a workbook stream)")?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|s| s.take(MAX_UNPACKED_BYTES).read_to_end(&mut stream))
        .map_err(|e| format!("the file is not a valid XLS workbook (damaged or truncated): {e}"))?;
    Ok(stream)
}

/// One BIFF record: its type and data.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
}

/// The records of a stream from its start; stops at a truncated record.
fn records(mut stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, 0)?;
        let len = u16_at(stream, 2)? as usize;
        let data = stream.get(4..4 + len)?;
        stream = stream.get(4 + len..)?;
        Some(Record { typ, data })
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// What the guard learnt of one sheet.
#[derive(Debug, PartialEq)]
struct SheetSize {
    name: String,
    /// The larger of what calamine would reserve for the declared dimensions and the span
    /// of its cells from A1.
    cells: u64,
}

/// Walks the globals for the sheets (name, position), refuses encrypted files, and sizes
/// every sheet.
fn scan(stream: &[u8]) -> Result<Vec<SheetSize>, String> {
    let mut sheets = Vec::new();
    let mut biff8 = true;
    for r in records(stream) {
        match r.typ {
            rt::BOF => biff8 = u16_at(r.data, 0).is_none_or(|v| v != 0x0500),
            rt::FILEPASS if u16_at(r.data, 0).is_some_and(|v| v != 0) => {
                return Err(PASSWORD.to_string())
            }
            rt::BOUNDSHEET => {
                if let Some(pos) = u32_at(r.data, 0) {
                    sheets.push((pos as usize, sheet_name(r.data, biff8)));
                }
            }
            rt::EOF => break,
            _ => {}
        }
    }
    Ok(sheets
        .into_iter()
        .map(|(pos, name)| SheetSize {
            cells: sheet_cells(stream.get(pos..).unwrap_or_default()),
            name,
        })
        .collect())
}

/// The name in a BoundSheet8 record: a short string after 6 bytes, 8-bit (Windows-1252)
/// or UTF-16 in BIFF8, 8-bit in BIFF5.
fn sheet_name(data: &[u8], biff8: bool) -> String {
    let cch = data.get(6).copied().unwrap_or(0) as usize;
    let (wide, start) = if biff8 {
        (data.get(7).is_some_and(|f| f & 1 == 1), 8)
    } else {
        (false, 7)
    };
    if wide {
        let units: Vec<u16> = data
            .get(start..)
            .unwrap_or_default()
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        let bytes = data.get(start..).unwrap_or_default();
        let bytes = bytes.get(..cch).unwrap_or(bytes);
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    }
}

/// The size of one sheet's substream, walked as calamine walks it: nested substreams
/// (embedded charts) skipped, up to the sheet's EOF.
fn sheet_cells(stream: &[u8]) -> u64 {
    let mut largest = 0u64;
    let mut last: Option<(u32, u32)> = None;
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut cell = |row: u32, col: u32| {
        last = Some(match last {
            Some((r, c)) => (r.max(row), c.max(col)),
            None => (row, col),
        });
    };
    for r in records(stream) {
        if depth > 0 {
            match r.typ {
                rt::BOF => depth += 1,
                rt::EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match r.typ {
            rt::BOF if seen_bof => depth += 1,
            rt::BOF => seen_bof = true,
            rt::EOF => break,
            rt::DIMENSIONS => largest = largest.max(declared_cells(r.data)),
            rt::MULRK => {
                if let (Some(row), Some(first)) = (u16_at(r.data, 0), u16_at(r.data, 2)) {
                    let last_col = r
                        .data
                        .len()
                        .checked_sub(2)
                        .and_then(|at| u16_at(r.data, at))
                        .unwrap_or(first);
                    cell(row as u32, first.max(last_col) as u32);
                }
            }
            t if rt::CELLS.contains(&t) => {
                if let (Some(row), Some(col)) = (u16_at(r.data, 0), u16_at(r.data, 2)) {
                    cell(row as u32, col as u32);
                }
            }
            _ => {}
        }
    }
    let span = last.map_or(0, |(r, c)| span_cells(r, c));
    largest.max(span)
}

/// What calamine reserves for a `DIMENSIONS` record, computed as it does (wrapping
/// arithmetic included: a reversed range wraps to billions of rows).
fn declared_cells(data: &[u8]) -> u64 {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u16_at(data, 0).unwrap_or(0) as u32,
            u16_at(data, 2).unwrap_or(0) as u32,
            u16_at(data, 4).unwrap_or(0) as u32,
            u16_at(data, 6).unwrap_or(0) as u32,
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u16_at(data, 8).unwrap_or(0) as u32,
            u16_at(data, 10).unwrap_or(0) as u32,
        ),
        // calamine refuses the file with an error: nothing is reserved.
        _ => return 0,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if 1 <= rl && 1 <= cl {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = end.0.wrapping_sub(start.0).wrapping_add(1) as u64;
    let cols = end.1.wrapping_sub(start.1).wrapping_add(1) as u64;
    rows.saturating_mul(cols)
}

fn read_sheet(
    book: &mut Xls<Cursor<&[u8]>>,
    name: &str,
    budget: &Budget,
) -> Result<Table, SheetError> {
    let mut grid = budget.grid();
    let values = book
        .worksheet_range(name)
        .map_err(|e| SheetError::Broken(e.to_string()))?;
    // Range positions are relative to the range's start.
    let (r0, c0) = values.start().unwrap_or((0, 0));
    for (r, c, value) in values.used_cells() {
        grid.count()?;
        let (row, col) = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
        let (text, value) = typed(value);
        grid.set_text(row, col, text)?;
        grid.entry(row, col)?.value = value;
    }
    if let Ok(formulas) = book.worksheet_formula(name) {
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        for (r, c, formula) in formulas.used_cells() {
            grid.count()?;
            // calamine writes this in place of formulas it cannot decode.
            if formula.is_empty() || formula.starts_with("Unrecognised formula") {
                continue;
            }
            let (row, col) = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
            grid.entry(row, col)?.formula = Some(formula.clone());
        }
    }
    let merged = book
        .merge_cells_by_sheet_name(name)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| merged_range(d.start, d.end))
        .take(MAX_MERGED_RANGES)
        .collect();
    Ok(grid.into_table(name, merged))
}

/// The text shown and the model's value, as for XLSX but without number formats.
fn typed(value: &Data) -> (String, livrable_model::CellValue) {
    use calamine::DataRef;
    let as_ref = match value {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    };
    super::xlsx::typed(&as_ref, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    }

    fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut d = rf.to_le_bytes().to_vec();
        d.extend_from_slice(&rl.to_le_bytes());
        d.extend_from_slice(&cf.to_le_bytes());
        d.extend_from_slice(&cl.to_le_bytes());
        d.extend_from_slice(&[0, 0]);
        d
    }

    #[test]
    fn declared_dimensions_as_calamine_reads_them() {
        assert_eq!(declared_cells(&dims(0, 10, 0, 3)), 30);
        assert_eq!(declared_cells(&dims(0, 0, 0, 0)), 1);
        // Reversed rows wrap to billions, as in calamine.
        assert!(declared_cells(&dims(5, 1, 0, 1)) > 4_000_000_000);
        assert_eq!(declared_cells(&dims(0, 65_536, 0, 256)), 65_536 * 256);
        assert_eq!(declared_cells(&[1, 2, 3]), 0);
    }

    #[test]
    fn sheet_size_counts_cells_and_skips_embedded_charts() {
        let mut s = record(rt::BOF, &[0, 6, 0x10, 0]);
        s.extend(record(0x0203, &[9, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        // A chart substream with a far cell: not the sheet's.
        s.extend(record(rt::BOF, &[0, 6, 0x20, 0]));
        s.extend(record(
            0x0203,
            &[0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ));
        s.extend(record(rt::EOF, &[]));
        // MulRk from column 2 to 7 on row 1.
        let mut mulrk = vec![1, 0, 2, 0];
        mulrk.extend(vec![0; 6 * 6]);
        mulrk.extend([7, 0]);
        s.extend(record(rt::MULRK, &mulrk));
        s.extend(record(rt::EOF, &[]));
        s.extend(record(
            0x0203,
            &[0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ));
        assert_eq!(sheet_cells(&s), 10 * 8);
    }

    #[test]
    fn records_stop_at_truncation() {
        let mut s = record(rt::BOF, &[0, 6]);
        s.extend(&[0x03, 0x02, 50, 0, 1]);
        assert_eq!(records(&s).count(), 1);
    }

    #[test]
    fn sheet_names_8_bit_and_wide() {
        let mut d = vec![0, 0, 0, 0, 0, 0, 4, 0];
        d.extend(b"Co\xfbt");
        assert_eq!(sheet_name(&d, true), "Coût");
        let mut d = vec![0, 0, 0, 0, 0, 0, 2, 1];
        d.extend([0x42, 0, 0xE9, 0]);
        assert_eq!(sheet_name(&d, true), "Bé");
        assert_eq!(sheet_name(&[0, 0], true), "");
    }
}
