//! CSV reader: a CSV file becomes one [`Table`] of typed cells, named after the file.
//!
//! Written for the CSV a French Excel exports: Windows-1252 or UTF-8 with a BOM (decoding is
//! [`crate::text::decode`]'s job), `;` as the separator because `,` is the decimal mark,
//! amounts such as `1 500,00 €` and dates such as `15/03/2027`. The separator is detected
//! among `;`, `,` and tab by counting fields over the first records, quotes respected.
//! Parsing itself is the `csv` crate's, with flexible rows.
//!
//! Cells are typed as document-table cells are ([`crate::text::cell_value`]: French numbers
//! and dates), plus the booleans and error values Excel writes (`VRAI`, `#REF!`). Rows are padded to the widest row so that
//! `rows[r][c]` is always the cell at line `r`, field `c`.
//!
//! Locations: each cell carries the file name as its sheet, its 0-based (row, field) and,
//! as a byte span into [`Document::text`] (the decoded file), the span of its whole record:
//! the csv crate reports record positions, not field positions, and a line is what a
//! report needs to point at.
//!
//! Limits: a file whose rows × widest row exceed [`MAX_SHEET_CELLS`] (the default of
//! [`crate::Limits::max_sheet_cells`]: this reader is not given the limits) yields no table and an
//! `ingest/sheet-too-large` observation (a truncated table would give wrong totals). The
//! size is measured first, by a pass that streams the records without keeping them (one
//! reused buffer), as the XLSX reader reads a sheet's declared dimension first: no cell of
//! a file over the bound is built. A field holding a line break keeps it.

use livrable_model::{Cell, CellValue, Document, Format, Location, Table};

use crate::limits::MAX_SHEET_CELLS;
use crate::spreadsheet::sheet_too_large;
use crate::Read;

/// The separators a CSV can use, in order of preference when counts tie: French Excel
/// writes `;`.
const SEPARATORS: [u8; 3] = [b';', b',', b'\t'];

/// How many records the separator detection looks at.
const SNIFF_RECORDS: usize = 50;

/// How much of the text the separator detection reads at most, so that a file of one huge
/// record costs no more than a small one.
const SNIFF_BYTES: usize = 64 * 1024;

/// Reads a CSV file's bytes into a document with one table.
pub fn read(path: &str, bytes: &[u8]) -> Read {
    let text = match crate::text::decode(bytes) {
        Ok(text) => text,
        Err(reason) => return Read::unreadable(reason),
    };
    let mut doc = Document::new(path, Format::Csv);
    let name = doc.file_name().to_string();
    let separator = detect_separator(&text);
    let mut problems = Vec::new();
    match read_table(&text, &name, separator, MAX_SHEET_CELLS) {
        Ok(table) => doc.tables.push(table),
        Err(cells) => problems.push(sheet_too_large(&name, cells, MAX_SHEET_CELLS)),
    }
    doc.text = text;
    Read {
        doc: Some(doc),
        problems,
    }
}

/// The separator whose field counts are the most consistent over the first records.
///
/// Each candidate splits the first records (quotes respected); a candidate that never
/// gives more than one field scores nothing. The score is the number of records that have
/// the most common field count, then that count; ties go to the earlier of `;`, `,`, tab.
/// A file of one column gets `;`, which is then harmless.
pub(crate) fn detect_separator(text: &str) -> u8 {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let mut best = (SEPARATORS[0], (0usize, 0usize));
    for &sep in &SEPARATORS {
        let mut reader = builder(sep).from_reader(sample.as_bytes());
        let mut counts: Vec<usize> = Vec::new();
        for record in reader.byte_records().take(SNIFF_RECORDS) {
            match record {
                Ok(r) if !(r.len() == 1 && r.get(0).is_some_and(|f| f.is_empty())) => {
                    counts.push(r.len())
                }
                Ok(_) => {} // blank line
                Err(_) => break,
            }
        }
        // The most common field count above one, and how many records have it.
        let mut score = (0usize, 0usize);
        for &n in counts.iter().filter(|&&n| n > 1) {
            let same = counts.iter().filter(|&&m| m == n).count();
            score = score.max((same, n));
        }
        if score > best.1 {
            best = (sep, score);
        }
    }
    best.0
}

fn builder(separator: u8) -> ::csv::ReaderBuilder {
    let mut b = ::csv::ReaderBuilder::new();
    b.delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::None);
    b
}

/// Rows × widest row of the text, streamed through one reused record.
fn cell_count(text: &str, separator: u8) -> u64 {
    let mut reader = builder(separator).from_reader(text.as_bytes());
    let mut record = ::csv::ByteRecord::new();
    let (mut rows, mut width) = (0u64, 0usize);
    // An error on a byte slice cannot happen (see `read_table`): it ends the count.
    while let Ok(true) = reader.read_byte_record(&mut record) {
        rows += 1;
        width = width.max(record.len());
    }
    rows.saturating_mul(width as u64)
}

/// Parses the whole text with the given separator into a table, or gives the number of
/// cells (rows × widest row) when that is over `bound`.
fn read_table(text: &str, name: &str, separator: u8, bound: u64) -> Result<Table, u64> {
    let cells = cell_count(text, separator);
    if cells > bound {
        return Err(cells);
    }
    let mut reader = builder(separator).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut width = 0usize;
    let mut record = ::csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // The text is valid UTF-8 and the reader is flexible: an error here is an I/O
            // error on a byte slice, which cannot happen; stop rather than loop.
            Err(_) => break,
        }
        let (start, end) = record_span(text, start, reader.position().byte() as usize);
        width = width.max(record.len());
        let r = rows.len() as u32;
        let row = record
            .iter()
            .enumerate()
            .map(|(c, field)| {
                let mut location = Location::cell(name, r, c as u32);
                location.start = Some(start);
                location.end = Some(end);
                let text = field.trim();
                Cell {
                    text: text.to_string(),
                    value: typed(text),
                    formula: None,
                    fill: None,
                    location,
                }
            })
            .collect();
        rows.push(row);
    }
    for (r, row) in rows.iter_mut().enumerate() {
        let span = row.first().map(|c| (c.location.start, c.location.end));
        while row.len() < width {
            let mut location = Location::cell(name, r as u32, row.len() as u32);
            if let Some((start, end)) = span {
                location.start = start;
                location.end = end;
            }
            row.push(Cell {
                location,
                ..Cell::default()
            });
        }
    }
    Ok(Table {
        name: Some(name.to_string()),
        rows,
        merged: Vec::new(),
        location: Location {
            sheet: Some(name.to_string()),
            cell: Some((0, 0)),
            start: Some(0),
            end: Some(text.len()),
            ..Location::default()
        },
    })
}

/// A record's span from where the reader was before it (`start`) to where it is after it
/// (`next`), line terminators left out at both ends: after a `\r\n` the reader stops between
/// the `\r` and the `\n`, and blank lines are skipped into the next record.
fn record_span(text: &str, start: usize, next: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut end = next.min(text.len());
    let mut start = start.min(end);
    while start < end && matches!(bytes.get(start), Some(b'\n' | b'\r')) {
        start += 1;
    }
    while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
        end -= 1;
    }
    (start, end)
}

/// The error values spreadsheets write in a cell, French Excel's and English ones
/// (LibreOffice writes `Err:502` and the English names).
const ERROR_VALUES: [&str; 16] = [
    "#DIV/0!",
    "#N/A",
    "#NOM?",
    "#NAME?",
    "#NUL!",
    "#NULL!",
    "#NOMBRE!",
    "#NUM!",
    "#REF!",
    "#VALEUR!",
    "#VALUE!",
    "#CALC!",
    "#PROPAGATION!",
    "#SPILL!",
    "#DATA!",
    "#CHAMP!",
];

/// The typed value of a cell written as text (trimmed): what [`crate::text::cell_value`]
/// gives document-table cells (empty, a French date, a French number or amount, text),
/// plus what spreadsheets write in cells: booleans (`VRAI`/`FAUX`, `TRUE`/`FALSE`) and
/// error values (`#REF!`, `Err:502`).
pub(crate) fn typed(text: &str) -> CellValue {
    let text = match crate::text::cell_value(text) {
        CellValue::Text(text) => text,
        other => return other,
    };
    let upper = text.to_uppercase();
    match upper.as_str() {
        "VRAI" | "TRUE" => return CellValue::Bool(true),
        "FAUX" | "FALSE" => return CellValue::Bool(false),
        _ => {}
    }
    let libreoffice_error = upper
        .strip_prefix("ERR:")
        .is_some_and(|n| (1..=4).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit()));
    if ERROR_VALUES.contains(&upper.as_str()) || libreoffice_error {
        return CellValue::Error(text);
    }
    CellValue::Text(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn table(bytes: &[u8]) -> Table {
        let read = read("dossier/budget.csv", bytes);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        let mut doc = read.doc.expect("a document");
        assert_eq!(doc.format, Format::Csv);
        assert_eq!(doc.tables.len(), 1);
        doc.tables.remove(0)
    }

    fn texts(t: &Table) -> Vec<Vec<&str>> {
        t.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn detects_semicolon_even_with_decimal_commas() {
        let text = "Poste;Coût\nAffiches;1 500,00 €\nFlyers;250,50 €\n";
        assert_eq!(detect_separator(text), b';');
    }

    #[test]
    fn detects_comma_and_tab() {
        assert_eq!(detect_separator("a,b,c\n1,2,3\n4,5,6\n"), b',');
        assert_eq!(detect_separator("a\tb\tc\n1\t2\t3\n"), b'\t');
    }

    #[test]
    fn detection_respects_quotes() {
        // Counting raw commas would see 3 then 2 fields; quotes say 2 everywhere, and the
        // semicolons are inside quotes only.
        let text = "\"Poste; détail\",Montant\n\"Affiches, A3\",\"1 500,00 €\"\nFlyers,250\n";
        assert_eq!(detect_separator(text), b',');
    }

    #[test]
    fn one_column_file_reads_as_one_column() {
        let t = table(b"Actions\nAffiches\nFlyers\n");
        assert_eq!(
            texts(&t),
            vec![vec!["Actions"], vec!["Affiches"], vec!["Flyers"]]
        );
    }

    #[test]
    fn types_cells_the_french_way() {
        let t = table("Poste;Coût;Date;Part;Fait;Total\nAffiches;1 500,00 €;15/03/2027;12 %;VRAI;#REF!\nFlyers; 250 ;mars 2027;;faux;Err:502\n".as_bytes());
        let r1 = &t.rows[1];
        assert_eq!(r1[0].value, CellValue::Text("Affiches".into()));
        assert_eq!(r1[1].value, CellValue::Number(1500.0));
        assert_eq!(r1[1].text, "1 500,00 €");
        assert_eq!(
            r1[2].value,
            CellValue::Date(NaiveDate::from_ymd_opt(2027, 3, 15).unwrap())
        );
        assert_eq!(r1[3].value, CellValue::Number(12.0));
        assert_eq!(r1[4].value, CellValue::Bool(true));
        assert_eq!(r1[5].value, CellValue::Error("#REF!".into()));
        let r2 = &t.rows[2];
        assert_eq!(r2[1].text, "250", "trimmed");
        assert_eq!(r2[1].value, CellValue::Number(250.0));
        assert_eq!(
            r2[2].value,
            CellValue::Date(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap())
        );
        assert_eq!(r2[3].value, CellValue::Empty);
        assert_eq!(r2[4].value, CellValue::Bool(false));
        assert_eq!(r2[5].value, CellValue::Error("Err:502".into()));
    }

    #[test]
    fn plain_words_stay_text() {
        for s in ["Action 2", "#hashtag", "Err:abc", "vraiment", "15/03"] {
            assert_eq!(typed(s), CellValue::Text(s.into()), "{s}");
        }
    }

    #[test]
    fn quoted_fields_keep_separators_and_quotes() {
        let t =
            table(b"Poste;Note\n\"Affiches; A3\";\"dit \"\"urgent\"\"\"\n\"sur\ndeux lignes\";x\n");
        assert_eq!(
            texts(&t),
            vec![
                vec!["Poste", "Note"],
                vec!["Affiches; A3", "dit \"urgent\""],
                vec!["sur\ndeux lignes", "x"],
            ]
        );
    }

    #[test]
    fn ragged_rows_are_padded_and_locations_are_true() {
        let text = "a;b;c\r\n1;2\r\n\r\n4\r\n";
        let read = read("plan.csv", text.as_bytes());
        let doc = read.doc.unwrap();
        let t = &doc.tables[0];
        assert_eq!(t.name.as_deref(), Some("plan.csv"));
        assert!(t.rows.iter().all(|r| r.len() == 3));
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                assert_eq!(cell.location.cell, Some((r as u32, c as u32)));
                assert_eq!(cell.location.sheet.as_deref(), Some("plan.csv"));
            }
        }
        // The record spans point at the lines, terminators left out.
        let span = t.rows[1][2].location.range().unwrap();
        assert_eq!(&doc.text[span], "1;2");
        let span = t.rows[t.rows.len() - 1][0].location.range().unwrap();
        assert_eq!(&doc.text[span], "4");
    }

    #[test]
    fn empty_file_gives_an_empty_table() {
        let t = table(b"");
        assert!(t.rows.is_empty());
    }

    #[test]
    fn too_many_cells_gives_no_table_and_says_so() {
        // One line wider than the bound: refused before any cell is kept.
        let fields = MAX_SHEET_CELLS as usize + 1;
        let text = ";".repeat(fields - 1) + "\nx\n";
        let read = read("grand.csv", text.as_bytes());
        let doc = read.doc.unwrap();
        assert!(doc.tables.is_empty());
        assert_eq!(read.problems.len(), 1);
        let p = &read.problems[0];
        assert_eq!(p.code, "ingest/sheet-too-large");
        let arg = |n: &str| p.args.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        assert_eq!(arg("sheet").as_deref(), Some("grand.csv"));
        assert_eq!(
            arg("cells"),
            Some((2 * fields).to_string()),
            "rows × widest row"
        );
        assert_eq!(arg("limit"), Some(MAX_SHEET_CELLS.to_string()));
    }

    #[test]
    fn the_bound_is_rows_times_the_widest_row() {
        let text = "a;b;c\n1\n2\n3\n"; // 4 rows × 3 fields
        assert_eq!(
            read_table(text, "t.csv", b';', 12).map(|t| t.rows.len()),
            Ok(4)
        );
        assert_eq!(
            read_table(text, "t.csv", b';', 11).map(|t| t.rows.len()),
            Err(12)
        );
    }
}
