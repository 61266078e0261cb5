//! Spreadsheet and CSV readers, through the public `read` entry point, on files built in
//! the tests: XLSX with rust_xlsxwriter, ODS and XLS written by hand, CSV as bytes.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use livrable_ingest::{read, Limits, Read};
use livrable_model::{Cell, CellValue, Format, Location, Observation, SubmittedFile, Table};
use rust_xlsxwriter::{Color, ExcelDateTime, Format as XFormat, Formula, Workbook};

fn read_file(path: &str, bytes: Vec<u8>) -> Read {
    read(
        &SubmittedFile {
            path: path.to_string(),
            bytes,
        },
        &Limits::default(),
    )
}

fn table<'a>(read: &'a Read, name: &str) -> &'a Table {
    let doc = read.doc.as_ref().expect("a document");
    doc.tables
        .iter()
        .find(|t| t.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no table {name}: {:?}", read.problems))
}

fn cell(t: &Table, r: usize, c: usize) -> &Cell {
    &t.rows[r][c]
}

fn arg<'a>(o: &'a Observation, name: &str) -> Option<&'a str> {
    o.args
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every cell's location is its own (row, column) in the sheet, and rows are rectangular.
fn assert_true_locations(t: &Table) {
    let sheet = t.name.as_deref().unwrap();
    let width = t.rows.first().map_or(0, |r| r.len());
    for (r, row) in t.rows.iter().enumerate() {
        assert_eq!(row.len(), width, "row {r} of {sheet}");
        for (c, cell) in row.iter().enumerate() {
            assert_eq!(cell.location.cell, Some((r as u32, c as u32)), "{sheet}");
            assert_eq!(cell.location.sheet.as_deref(), Some(sheet));
        }
    }
}

// ---------------------------------------------------------------- XLSX

/// A budget sheet from A1 and a Gantt sheet whose table starts at C5.
fn budget_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let euro = XFormat::new().set_num_format("#,##0.00\\ \"€\"");
    let day = XFormat::new().set_num_format("dd/mm/yyyy");
    let pct = XFormat::new().set_num_format("0%");
    let title = XFormat::new().set_bold();
    let bar = XFormat::new().set_background_color(Color::RGB(0x4472C4));

    let ws = wb.add_worksheet();
    ws.set_name("Budget").unwrap();
    ws.merge_range(0, 0, 0, 2, "Budget de la campagne", &title)
        .unwrap();
    ws.write_string(1, 0, "Poste").unwrap();
    ws.write_string(1, 1, "Coût").unwrap();
    ws.write_string(1, 2, "Date").unwrap();
    ws.write_string(2, 0, "  Affiches  ").unwrap();
    ws.write_number_with_format(2, 1, 1500.0, &euro).unwrap();
    ws.write_datetime_with_format(2, 2, ExcelDateTime::from_ymd(2027, 3, 15).unwrap(), &day)
        .unwrap();
    ws.write_string(3, 0, "Flyers").unwrap();
    ws.write_number(3, 1, 250.5).unwrap();
    ws.write_boolean(3, 2, true).unwrap();
    ws.write_string(4, 0, "Total").unwrap();
    ws.write_formula(4, 1, Formula::new("=SUM(B3:B4)").set_result("1750.5"))
        .unwrap();
    ws.write_number_with_format(5, 1, 0.12, &pct).unwrap();
    ws.write_string(6, 0, "1 500,00 €").unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Gantt").unwrap();
    ws.write_string(4, 2, "Action").unwrap();
    ws.write_string(4, 3, "S1").unwrap();
    ws.write_string(4, 4, "S2").unwrap();
    ws.write_string(4, 5, "S3").unwrap();
    ws.write_string(5, 2, "Affichage").unwrap();
    ws.write_blank(5, 3, &bar).unwrap();
    ws.write_blank(5, 4, &bar).unwrap();
    ws.write_string(6, 2, "Salon").unwrap();
    ws.write_string_with_format(6, 5, "x", &bar).unwrap();
    ws.write_formula(7, 3, "=COUNTA(D6:F7)").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_values_types_and_display() {
    let read = read_file("budget.xlsx", budget_workbook());
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.doc.as_ref().unwrap().format, Format::Xlsx);
    let t = table(&read, "Budget");
    assert_true_locations(t);
    assert_eq!(cell(t, 1, 1).value, CellValue::Text("Coût".into()));
    assert_eq!(cell(t, 2, 0).text, "Affiches", "trimmed");
    assert_eq!(cell(t, 2, 1).value, CellValue::Number(1500.0));
    assert_eq!(cell(t, 2, 1).text, "1\u{202f}500,00\u{a0}€");
    assert_eq!(cell(t, 2, 2).value, CellValue::Date(date(2027, 3, 15)));
    assert_eq!(cell(t, 2, 2).text, "15/03/2027");
    assert_eq!(cell(t, 3, 1).value, CellValue::Number(250.5));
    assert_eq!(cell(t, 3, 1).text, "250,5");
    assert_eq!(cell(t, 3, 2).value, CellValue::Bool(true));
    // A formula with its cached value.
    assert_eq!(cell(t, 4, 1).formula.as_deref(), Some("SUM(B3:B4)"));
    assert_eq!(cell(t, 4, 1).value, CellValue::Number(1750.5));
    assert_eq!(cell(t, 2, 1).formula, None);
    // A percentage is stored as written.
    assert_eq!(cell(t, 5, 1).value, CellValue::Number(12.0));
    assert_eq!(cell(t, 5, 1).text, "12\u{a0}%");
    // An amount typed as text is still a number.
    assert_eq!(cell(t, 6, 0).value, CellValue::Number(1500.0));
    assert_eq!(cell(t, 6, 0).text, "1 500,00 €");
    // Blank cells are there, empty.
    assert!(cell(t, 6, 2).is_empty());
    assert_eq!(t.merged, vec![(0, 0, 0, 2)]);
    assert_eq!(cell(t, 0, 0).text, "Budget de la campagne");
}

#[test]
fn xlsx_fills_coordinates_and_formulas_without_cached_values() {
    let read = read_file("plan/gantt.xlsx", budget_workbook());
    let t = table(&read, "Gantt");
    assert_true_locations(t);
    // The table starts at C5: rows and columns before it are there, so addresses are true.
    assert_eq!(t.rows.len(), 8);
    assert_eq!(t.rows[0].len(), 6);
    let c = cell(t, 4, 2);
    assert_eq!(c.text, "Action");
    assert_eq!(c.location, Location::cell("Gantt", 4, 2));
    assert_eq!(c.location.cell_ref().as_deref(), Some("C5"));
    // Coloured empty cells are the Gantt bars.
    assert_eq!(cell(t, 5, 3).fill.as_deref(), Some("4472C4"));
    assert_eq!(cell(t, 5, 4).fill.as_deref(), Some("4472C4"));
    assert_eq!(cell(t, 5, 3).value, CellValue::Empty);
    assert_eq!(cell(t, 5, 5).fill, None);
    assert_eq!(cell(t, 6, 5).fill.as_deref(), Some("4472C4"));
    assert_eq!(cell(t, 6, 5).text, "x");
    assert_eq!(cell(t, 4, 3).fill, None, "a header is not a bar");
    // A formula written without a result: the formula is there, its cached value is 0.
    assert_eq!(cell(t, 7, 3).formula.as_deref(), Some("COUNTA(D6:F7)"));
    assert_eq!(cell(t, 7, 3).value, CellValue::Number(0.0));
    assert!(t.merged.is_empty());
}

#[test]
fn xlsx_truncated_is_unreadable_without_panic() {
    let bytes = budget_workbook();
    for cut in [bytes.len() / 2, bytes.len() - 30, 100, 4] {
        let read = read_file("budget.xlsx", bytes[..cut].to_vec());
        assert!(read.doc.is_none(), "cut at {cut}");
        assert_eq!(read.problems.len(), 1);
        assert_eq!(read.problems[0].code, "ingest/unreadable");
        let reason = arg(&read.problems[0], "reason").unwrap();
        assert!(reason.contains("not a valid"), "{reason}");
    }
}

#[test]
fn xlsx_huge_dimension_is_refused_quickly_and_other_sheets_read() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Énorme").unwrap();
    ws.write_string(0, 0, "début").unwrap();
    ws.write_string(1_048_575, 16_383, "fin").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Budget").unwrap();
    ws.write_string(0, 0, "Poste").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(bytes.len() < 20_000);

    let started = Instant::now();
    let read = read_file("budget.xlsx", bytes);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
    let p = &read.problems[0];
    assert_eq!(p.code, "ingest/sheet-too-large");
    assert_eq!(arg(p, "sheet"), Some("Énorme"));
    assert_eq!(
        arg(p, "cells"),
        Some((1_048_576u64 * 16_384).to_string().as_str())
    );
    let limit = Limits::default().max_sheet_cells.to_string();
    assert_eq!(arg(p, "limit"), Some(limit.as_str()));
    assert_eq!(p.location.sheet.as_deref(), Some("Énorme"));
    let doc = read.doc.as_ref().unwrap();
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(cell(table(&read, "Budget"), 0, 0).text, "Poste");
}

#[test]
fn the_sheet_bound_comes_from_the_limits() {
    let limits = Limits {
        max_sheet_cells: 30,
        ..Limits::default()
    };
    let file = SubmittedFile {
        path: "budget.xlsx".into(),
        bytes: budget_workbook(),
    };
    let read = read(&file, &limits);
    // Budget spans 7 rows × 3 columns = 21 cells; Gantt 8 × 6 = 48.
    assert_eq!(read.doc.as_ref().unwrap().tables.len(), 1);
    assert_eq!(table(&read, "Budget").rows.len(), 7);
    assert_eq!(read.problems.len(), 1);
    assert_eq!(arg(&read.problems[0], "sheet"), Some("Gantt"));
    assert_eq!(arg(&read.problems[0], "limit"), Some("30"));
}

#[test]
fn xlsx_within_the_bound_is_read() {
    // 400 columns of days by 100 rows: a big Gantt chart, under the bound.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "a").unwrap();
    ws.write_number(99, 399, 1.0).unwrap();
    let read = read_file("gantt.xlsx", wb.save_to_buffer().unwrap());
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let t = table(&read, "Sheet1");
    assert_eq!((t.rows.len(), t.rows[0].len()), (100, 400));
    assert_eq!(cell(t, 99, 399).value, CellValue::Number(1.0));
}

#[test]
fn xlsx_lying_dimension_is_still_bounded() {
    // A sheet that declares A1:B2 but has a cell far away: the cells themselves are bounded.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "a").unwrap();
    ws.write_string(1_000_000, 1000, "z").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let bytes = rewrite_zip_entry(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        let start = xml.find("<dimension ref=\"").unwrap() + 16;
        let end = start + xml[start..].find('"').unwrap();
        format!("{}A1:B2{}", &xml[..start], &xml[end..])
    });
    let read = read_file("lie.xlsx", bytes);
    assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
    assert_eq!(read.problems[0].code, "ingest/sheet-too-large");
}

#[test]
fn xlsx_zip_bomb_is_refused_before_unpacking() {
    // A shared-strings part that declares 4 GB once unpacked (the central directory says
    // so; nothing is unpacked to find out).
    let mut bytes = budget_workbook();
    declare_size(&mut bytes, "xl/sharedStrings.xml", 0xFFFF_FFF0);
    let read = read_file("bombe.xlsx", bytes);
    assert!(read.doc.is_none());
    assert_eq!(read.problems[0].code, "ingest/unreadable");
    assert!(arg(&read.problems[0], "reason")
        .unwrap()
        .contains("unpacked"));
}

/// Sets the unpacked size an entry declares in the zip's central directory.
fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
    let sig = b"PK\x01\x02";
    let at = (0..bytes.len() - 46)
        .find(|&i| &bytes[i..i + 4] == sig && bytes[i + 46..].starts_with(name.as_bytes()))
        .expect("entry in the central directory");
    bytes[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
}

#[test]
fn xlsx_renamed_text_is_unreadable() {
    let read = read_file("budget.xlsx", b"Poste;Co\xfbt\r\n".to_vec());
    assert!(read.doc.is_none());
    assert_eq!(read.problems[0].code, "ingest/unreadable");
}

/// Rebuilds a zip with one entry's text changed (deflated, as office files are).
fn rewrite_zip_entry(bytes: &[u8], name: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if entry_name == name {
            data = change(&String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(entry_name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_windows_1252_semicolons_and_french_amounts() {
    let read = read_file(
        "budget/budget.csv",
        b"Poste;Co\xfbt\r\nAffiches;1 500,00 \x80\r\nFlyers;\"250,50 \x80\"\r\n".to_vec(),
    );
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let doc = read.doc.as_ref().unwrap();
    assert_eq!(doc.format, Format::Csv);
    let t = table(&read, "budget.csv");
    assert_true_locations(t);
    assert_eq!(cell(t, 0, 1).text, "Coût");
    assert_eq!(cell(t, 1, 1).text, "1 500,00 €");
    assert_eq!(cell(t, 1, 1).value, CellValue::Number(1500.0));
    assert_eq!(cell(t, 2, 1).value, CellValue::Number(250.5));
    // Spans point into the decoded text.
    let span = cell(t, 1, 0).location.range().unwrap();
    assert_eq!(&doc.text[span], "Affiches;1 500,00 €");
}

#[test]
fn csv_with_commas_and_with_tabs() {
    let read = read_file(
        "a.csv",
        b"Action,Date,Budget\nAffiches,15/03/2027,\"1 500,00\"\n".to_vec(),
    );
    let t = table(&read, "a.csv");
    assert_eq!(t.rows[0].len(), 3);
    assert_eq!(cell(t, 1, 1).value, CellValue::Date(date(2027, 3, 15)));
    assert_eq!(cell(t, 1, 2).value, CellValue::Number(1500.0));

    let read = read_file("b.csv", b"Action\tDate\nSalon\tmars 2027\n".to_vec());
    let t = table(&read, "b.csv");
    assert_eq!(t.rows[0].len(), 2);
    assert_eq!(cell(t, 1, 1).value, CellValue::Date(date(2027, 3, 1)));
}

#[test]
fn csv_quoted_separators_stay_in_their_field() {
    let read = read_file(
        "c.csv",
        "Poste;Détail\n\"Affiches; A3\";\"dit \"\"vite\"\"; ok\"\n"
            .as_bytes()
            .to_vec(),
    );
    let t = table(&read, "c.csv");
    assert_eq!(t.rows[1].len(), 2);
    assert_eq!(cell(t, 1, 0).text, "Affiches; A3");
    assert_eq!(cell(t, 1, 1).text, "dit \"vite\"; ok");
}

#[test]
fn csv_utf8_bom_is_not_in_the_first_cell() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("Poste;Coût\nA;1\n".as_bytes());
    let read = read_file("d.csv", bytes);
    assert_eq!(cell(table(&read, "d.csv"), 0, 0).text, "Poste");
}

// ---------------------------------------------------------------- ODS

const ODS_NS: &str = concat!(
    r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
    r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
    r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
    r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
    r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
    r#"xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" "#,
    r#"xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0""#
);

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;

/// A minimal ODS as LibreOffice writes one: the mimetype stored first, a manifest, the
/// named styles and the content with its automatic styles.
fn ods(automatic_styles: &str, tables: &str, manifest: &str) -> Vec<u8> {
    use std::io::Write as _;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ODS_NS} office:version="1.3"><office:automatic-styles>{automatic_styles}</office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let styles = format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ODS_NS} office:version="1.3"><office:styles><style:style style:name="Default" style:family="table-cell"/><style:style style:name="Barre" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:background-color="#ff0000"/></style:style></office:styles></office:document-styles>"##
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    for (name, text) in [
        ("content.xml", content.as_str()),
        ("styles.xml", styles.as_str()),
        ("META-INF/manifest.xml", manifest),
    ] {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const ODS_STYLES: &str = concat!(
    r##"<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:background-color="#4472c4"/></style:style>"##,
    r##"<style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Barre"/>"##,
    r##"<style:style style:name="ce3" style:family="table-cell"><style:table-cell-properties fo:background-color="#ffffff"/></style:style>"##,
    r##"<style:style style:name="co1" style:family="table-column"/>"##,
);

/// A budget from A1, as LibreOffice writes it (trailing empty rows repeated to the end).
const ODS_BUDGET: &str = r#"<table:table table:name="Budget">
 <table:table-column table:style-name="co1" table:number-columns-repeated="3"/>
 <table:table-row>
  <table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="1" office:value-type="string" calcext:value-type="string"><text:p>Budget &amp; plan</text:p></table:table-cell>
  <table:covered-table-cell table:number-columns-repeated="2"/>
 </table:table-row>
 <table:table-row>
  <table:table-cell office:value-type="string"><text:p>Poste</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>Co&#251;t</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><office:annotation><text:p>une note</text:p></office:annotation><text:p>Date</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell office:value-type="string"><text:p>Affiches</text:p></table:table-cell>
  <table:table-cell office:value-type="currency" office:currency="EUR" office:value="1500"><text:p>1 500,00 €</text:p></table:table-cell>
  <table:table-cell office:value-type="date" office:date-value="2027-03-15"><text:p>15/03/2027</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell office:value-type="percentage" office:value="0.12"><text:p>12 %</text:p></table:table-cell>
  <table:table-cell table:formula="of:=[.B3]*2" office:value-type="float" office:value="3000"><text:p>3000</text:p></table:table-cell>
  <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>deux<text:s text:c="2"/>espaces</text:p><text:p>ligne 2</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>1 500 €</text:p></table:table-cell>
 </table:table-row>
 <table:table-row table:number-rows-repeated="1048571"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>"#;

/// A Gantt chart from C5: bars are filled empty cells; a white fill over whole rows is
/// formatting, not bars.
const ODS_GANTT: &str = r#"<table:table table:name="Gantt">
 <table:table-row table:number-rows-repeated="4"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
 <table:table-row>
  <table:table-cell table:number-columns-repeated="2"/>
  <table:table-cell office:value-type="string"><text:p>Action</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>S1</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>S2</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>S3</text:p></table:table-cell>
  <table:table-cell table:number-columns-repeated="1018"/>
 </table:table-row>
 <table:table-row>
  <table:table-cell table:number-columns-repeated="2"/>
  <table:table-cell office:value-type="string"><text:p>Affichage</text:p></table:table-cell>
  <table:table-cell table:style-name="ce1" table:number-columns-repeated="2"/>
  <table:table-cell table:style-name="ce2"/>
  <table:table-cell table:number-columns-repeated="1018"/>
 </table:table-row>
 <table:table-row table:number-rows-repeated="3"><table:table-cell table:style-name="ce3" table:number-columns-repeated="1024"/></table:table-row>
 <table:table-row table:number-rows-repeated="1048564"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>"#;

#[test]
fn ods_values_types_formulas_and_merges() {
    let bytes = ods(
        ODS_STYLES,
        &format!("{ODS_BUDGET}{ODS_GANTT}"),
        ODS_MANIFEST,
    );
    let read = read_file("budget.ods", bytes);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.doc.as_ref().unwrap().format, Format::Ods);
    let t = table(&read, "Budget");
    assert_true_locations(t);
    assert_eq!(
        (t.rows.len(), t.rows[0].len()),
        (5, 3),
        "trailing empty rows dropped"
    );
    assert_eq!(cell(t, 0, 0).text, "Budget & plan");
    assert_eq!(t.merged, vec![(0, 0, 0, 2)]);
    assert_eq!(cell(t, 1, 1).text, "Coût");
    assert_eq!(
        cell(t, 1, 2).text,
        "Date",
        "the comment is not the cell's text"
    );
    assert_eq!(cell(t, 2, 1).value, CellValue::Number(1500.0));
    assert_eq!(cell(t, 2, 1).text, "1 500,00 €");
    assert_eq!(cell(t, 2, 2).value, CellValue::Date(date(2027, 3, 15)));
    assert_eq!(cell(t, 3, 0).value, CellValue::Number(12.0));
    assert_eq!(cell(t, 3, 1).formula.as_deref(), Some("[.B3]*2"));
    assert_eq!(cell(t, 3, 1).value, CellValue::Number(3000.0));
    assert_eq!(cell(t, 3, 2).value, CellValue::Bool(true));
    assert_eq!(cell(t, 4, 0).value, CellValue::Error("#DIV/0!".into()));
    assert_eq!(cell(t, 4, 0).formula.as_deref(), Some("1/0"));
    assert_eq!(cell(t, 4, 1).text, "deux  espaces\nligne 2");
    assert_eq!(cell(t, 4, 2).value, CellValue::Number(1500.0));
    assert_eq!(cell(t, 2, 1).fill, None);
}

#[test]
fn ods_fills_and_coordinates() {
    let bytes = ods(
        ODS_STYLES,
        &format!("{ODS_BUDGET}{ODS_GANTT}"),
        ODS_MANIFEST,
    );
    let read = read_file("gantt.ods", bytes);
    let t = table(&read, "Gantt");
    assert_true_locations(t);
    assert_eq!((t.rows.len(), t.rows[0].len()), (6, 6));
    assert_eq!(cell(t, 4, 2).text, "Action");
    assert_eq!(cell(t, 4, 2).location.cell_ref().as_deref(), Some("C5"));
    assert_eq!(cell(t, 5, 3).fill.as_deref(), Some("4472C4"));
    assert_eq!(cell(t, 5, 4).fill.as_deref(), Some("4472C4"));
    assert_eq!(
        cell(t, 5, 5).fill.as_deref(),
        Some("FF0000"),
        "from the named parent style"
    );
    assert_eq!(cell(t, 5, 3).value, CellValue::Empty);
    assert_eq!(cell(t, 5, 2).fill, None);
    assert_eq!(cell(t, 4, 3).fill, None);
}

#[test]
fn ods_agrees_with_calamine_on_values() {
    use calamine::{Data, Ods, Reader};
    // calamine wants no white space between cells, as LibreOffice writes them; ours
    // accepts both (the other tests have it).
    let compact: String = ODS_BUDGET.split('\n').map(str::trim_start).collect();
    let bytes = ods(ODS_STYLES, &compact, ODS_MANIFEST);
    let mut book: Ods<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone()))
        .expect("calamine opens the hand-made ODS");
    let range = book.worksheet_range("Budget").unwrap();
    assert_eq!(range.get_value((2, 1)), Some(&Data::Float(1500.0)));
    assert_eq!(range.get_value((1, 1)), Some(&Data::String("Coût".into())));
    let read = read_file("budget.ods", bytes);
    let t = table(&read, "Budget");
    assert_eq!(cell(t, 2, 1).value, CellValue::Number(1500.0));
    assert_eq!(cell(t, 1, 1).text, "Coût");
}

#[test]
fn ods_huge_repetition_is_refused_quickly_and_other_sheets_read() {
    let bomb = r#"<table:table table:name="Bombe"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#;
    let bytes = ods(ODS_STYLES, &format!("{bomb}{ODS_BUDGET}"), ODS_MANIFEST);
    assert!(bytes.len() < 10_000);
    let started = Instant::now();
    let read = read_file("bombe.ods", bytes);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
    let p = &read.problems[0];
    assert_eq!(p.code, "ingest/sheet-too-large");
    assert_eq!(arg(p, "sheet"), Some("Bombe"));
    assert_eq!(
        arg(p, "cells"),
        Some((1_000_000u64 * 16_384).to_string().as_str())
    );
    assert_eq!(
        cell(table(&read, "Budget"), 2, 1).value,
        CellValue::Number(1500.0)
    );
}

#[test]
fn ods_too_much_text_is_refused() {
    let long = "a".repeat(30_000);
    let sheet = |rows: u32| {
        format!(
            r#"<table:table table:name="Texte"><table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="string" table:number-columns-repeated="200"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table>"#
        )
    };
    // 6 × 200 cells of 30,000 bytes: 36 MB, over the 32 MiB a sheet may hold.
    let read = read_file(
        "texte.ods",
        ods("", &format!("{}{ODS_BUDGET}", sheet(6)), ODS_MANIFEST),
    );
    assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
    assert_eq!(read.problems[0].code, "ingest/sheet-too-much-text");
    assert_eq!(arg(&read.problems[0], "sheet"), Some("Texte"));
    assert_eq!(
        arg(&read.problems[0], "limit"),
        Some((32 * 1024 * 1024).to_string().as_str())
    );
    assert_eq!(read.doc.as_ref().unwrap().tables.len(), 1, "Budget is read");
    // 4 × 200 of them: 24 MB, read.
    let read = read_file("texte.ods", ods("", &sheet(4), ODS_MANIFEST));
    assert!(read.problems.is_empty());
    assert_eq!(cell(table(&read, "Texte"), 3, 199).text.len(), 30_000);
}

#[test]
fn ods_broken_encrypted_and_truncated_are_unreadable() {
    let bytes = ods(ODS_STYLES, ODS_BUDGET, ODS_MANIFEST);
    let read = read_file("budget.ods", bytes[..bytes.len() / 2].to_vec());
    assert!(read.doc.is_none());
    assert_eq!(read.problems[0].code, "ingest/unreadable");

    let encrypted = ODS_MANIFEST.replace(
        r#"manifest:media-type="text/xml"/>"#,
        r#"manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry>"#,
    );
    let read = read_file("budget.ods", ods(ODS_STYLES, ODS_BUDGET, &encrypted));
    assert!(read.doc.is_none());
    assert!(arg(&read.problems[0], "reason")
        .unwrap()
        .contains("password"));

    // A sheet cut in the middle: the sheets before it are kept, it is reported.
    let cut = format!("{ODS_GANTT}<table:table table:name=\"Coupée\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>a");
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}><office:body><office:spreadsheet>{cut}"#
    );
    let bytes = ods_with_content(&content);
    let read = read_file("coupe.ods", bytes);
    assert_eq!(read.doc.as_ref().unwrap().tables.len(), 1);
    assert_eq!(read.problems.len(), 1);
    assert_eq!(read.problems[0].code, "ingest/unreadable");
    assert_eq!(read.problems[0].location.sheet.as_deref(), Some("Coupée"));
}

/// An ODS whose content.xml is given whole (possibly broken).
fn ods_with_content(content: &str) -> Vec<u8> {
    let bytes = ods("", "", ODS_MANIFEST);
    rewrite_zip_entry(&bytes, "content.xml", |_| content.to_string())
}

// ---------------------------------------------------------------- XLS

/// One BIFF record.
fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

fn le16(v: u16) -> [u8; 2] {
    v.to_le_bytes()
}

fn xls_number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = [le16(row), le16(col), le16(0)].concat();
    d.extend_from_slice(&v.to_le_bytes());
    biff(0x0203, &d)
}

/// A Label record with an 8-bit (Latin-1) string.
fn xls_label(row: u16, col: u16, latin1: &[u8]) -> Vec<u8> {
    let mut d = [le16(row), le16(col), le16(0), le16(latin1.len() as u16)].concat();
    d.push(0);
    d.extend_from_slice(latin1);
    biff(0x0204, &d)
}

/// A Formula record for `1+2` with its cached value.
fn xls_formula_1_plus_2(row: u16, col: u16) -> Vec<u8> {
    let mut d = [le16(row), le16(col), le16(0)].concat();
    d.extend_from_slice(&3.0f64.to_le_bytes());
    d.extend_from_slice(&le16(0)); // grbit
    d.extend_from_slice(&[0; 4]); // chn
    let rgce = [0x1E, 1, 0, 0x1E, 2, 0, 0x03]; // PtgInt 1, PtgInt 2, PtgAdd
    d.extend_from_slice(&le16(rgce.len() as u16));
    d.extend_from_slice(&rgce);
    biff(0x0006, &d)
}

fn xls_dimensions(
    first_row: u32,
    last_row_plus_1: u32,
    first_col: u16,
    last_col_plus_1: u16,
) -> Vec<u8> {
    let mut d = first_row.to_le_bytes().to_vec();
    d.extend_from_slice(&last_row_plus_1.to_le_bytes());
    d.extend_from_slice(&le16(first_col));
    d.extend_from_slice(&le16(last_col_plus_1));
    d.extend_from_slice(&[0, 0]);
    biff(0x0200, &d)
}

fn xls_merged(ranges: &[(u16, u16, u16, u16)]) -> Vec<u8> {
    let mut d = le16(ranges.len() as u16).to_vec();
    for (r1, r2, c1, c2) in ranges {
        d.extend([le16(*r1), le16(*r2), le16(*c1), le16(*c2)].concat());
    }
    biff(0x00E5, &d)
}

/// A BIFF8 workbook stream with the given sheets (name, records between BOF and EOF),
/// in an OLE compound file as Excel writes it.
fn xls(sheets: &[(&str, Vec<Vec<u8>>)]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = [le16(0x0600), le16(dt)].concat();
        d.extend([0; 12]);
        biff(0x0809, &d)
    };
    let boundsheet = |pos: u32, name: &str| {
        let mut d = pos.to_le_bytes().to_vec();
        let latin1 = encoding_rs::WINDOWS_1252.encode(name).0;
        d.extend([0, 0, latin1.len() as u8, 0]);
        d.extend(latin1.iter());
        biff(0x0085, &d)
    };
    let globals_len: usize = bof(5).len()
        + sheets
            .iter()
            .map(|(n, _)| boundsheet(0, n).len())
            .sum::<usize>()
        + biff(0x000A, &[]).len();
    let mut bodies = Vec::new();
    let mut positions = Vec::new();
    let mut pos = globals_len;
    for (_, records) in sheets {
        let mut body = bof(0x10);
        for r in records {
            body.extend(r);
        }
        body.extend(biff(0x000A, &[]));
        positions.push(pos as u32);
        pos += body.len();
        bodies.push(body);
    }
    let mut stream = bof(5);
    for ((name, _), p) in sheets.iter().zip(&positions) {
        stream.extend(boundsheet(*p, name));
    }
    stream.extend(biff(0x000A, &[]));
    assert_eq!(stream.len(), globals_len);
    for b in bodies {
        stream.extend(b);
    }
    ole_with_stream("Workbook", &stream)
}

fn ole_with_stream(name: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream(name).unwrap().write_all(data).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn xls_budget() -> Vec<u8> {
    xls(&[
        (
            "Budget",
            vec![
                xls_dimensions(0, 5, 0, 3),
                xls_label(0, 0, b"Poste"),
                xls_label(0, 1, b"Co\xfbt"),
                xls_label(1, 0, b"Affiches"),
                xls_number(1, 1, 1500.0),
                xls_formula_1_plus_2(2, 1),
                xls_label(3, 0, b"Total"),
                xls_merged(&[(3, 3, 0, 2)]),
            ],
        ),
        (
            "Gantt",
            vec![
                xls_dimensions(4, 6, 2, 4),
                xls_label(4, 2, b"Action"),
                xls_number(5, 3, 7.0),
            ],
        ),
    ])
}

#[test]
fn xls_values_formulas_merges_and_coordinates() {
    let read = read_file("budget.xls", xls_budget());
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.doc.as_ref().unwrap().format, Format::Xls);
    let t = table(&read, "Budget");
    assert_true_locations(t);
    assert_eq!(cell(t, 0, 1).text, "Coût");
    assert_eq!(cell(t, 1, 1).value, CellValue::Number(1500.0));
    assert_eq!(cell(t, 2, 1).value, CellValue::Number(3.0));
    assert_eq!(cell(t, 2, 1).formula.as_deref(), Some("1+2"));
    assert_eq!(t.merged, vec![(3, 0, 3, 2)]);
    let g = table(&read, "Gantt");
    assert_true_locations(g);
    assert_eq!(cell(g, 4, 2).text, "Action");
    assert_eq!(cell(g, 4, 2).location.cell_ref().as_deref(), Some("C5"));
    assert_eq!(cell(g, 5, 3).value, CellValue::Number(7.0));
}

#[test]
fn xls_huge_dimensions_or_cells_are_refused_quickly() {
    let cases = [
        // Declares four billion rows: calamine would reserve them.
        vec![
            xls_dimensions(0, 4_000_000_000, 0, 3),
            xls_number(0, 0, 1.0),
        ],
        // Reversed rows: calamine's arithmetic wraps to billions.
        vec![xls_dimensions(9, 2, 0, 3), xls_number(0, 0, 1.0)],
        // Small declaration, but cells at A1 and at row 65536, column 65536.
        vec![
            xls_dimensions(0, 1, 0, 1),
            xls_number(0, 0, 1.0),
            xls_number(65_535, 65_535, 2.0),
        ],
    ];
    for records in cases {
        let bytes = xls(&[
            ("Énorme", records),
            ("Budget", vec![xls_label(0, 0, b"Poste")]),
        ]);
        let started = Instant::now();
        let read = read_file("grand.xls", bytes);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        assert_eq!(read.problems[0].code, "ingest/sheet-too-large");
        assert_eq!(arg(&read.problems[0], "sheet"), Some("Énorme"));
        // calamine opens all sheets at once: none is read.
        assert!(read.doc.as_ref().unwrap().tables.is_empty());
    }
}

#[test]
fn xls_truncated_and_encrypted_are_unreadable() {
    let bytes = xls_budget();
    for cut in [bytes.len() / 2, 600, 10] {
        let read = read_file("budget.xls", bytes[..cut].to_vec());
        assert!(read.doc.is_none(), "cut at {cut}");
        assert_eq!(read.problems[0].code, "ingest/unreadable");
    }
    // An encrypted XLSX is an OLE file holding an EncryptedPackage.
    let read = read_file(
        "budget.xlsx",
        ole_with_stream("EncryptedPackage", &[0; 100]),
    );
    assert!(read.doc.is_none());
    assert!(arg(&read.problems[0], "reason")
        .unwrap()
        .contains("password"));
    // An OLE file that is not a workbook (a Word 97 document, say).
    let read = read_file("budget.xls", ole_with_stream("WordDocument", &[0; 100]));
    assert!(read.doc.is_none());
    assert_eq!(read.problems[0].code, "ingest/unreadable");
}

#[test]
fn content_decides_over_the_extension() {
    let read = read_file("budget.xls", budget_workbook());
    assert_eq!(read.doc.as_ref().unwrap().format, Format::Xlsx);
    assert_eq!(cell(table(&read, "Budget"), 1, 0).text, "Poste");
    let read = read_file("budget.xlsx", xls_budget());
    assert_eq!(read.doc.as_ref().unwrap().format, Format::Xls);
    let read = read_file("budget.xlsx", ods(ODS_STYLES, ODS_BUDGET, ODS_MANIFEST));
    assert_eq!(read.doc.as_ref().unwrap().format, Format::Ods);
}

// ---------------------------------------------------------------- robustness

#[test]
fn zip_with_too_many_entries_is_refused() {
    let limits = Limits {
        max_entries: 3,
        ..Limits::default()
    };
    let file = SubmittedFile {
        path: "budget.xlsx".into(),
        bytes: budget_workbook(),
    };
    let read = read(&file, &limits);
    assert!(read.doc.is_none());
    assert!(arg(&read.problems[0], "reason")
        .unwrap()
        .contains("entries"));
}

/// Damaged copies of each format (bytes overwritten at random, deterministic seed) are
/// read without aborting, quickly; whatever they give, nothing escapes `read`.
#[test]
fn damaged_workbooks_never_abort() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let samples = [
        ("budget.xlsx", budget_workbook()),
        ("budget.ods", ods(ODS_STYLES, ODS_BUDGET, ODS_MANIFEST)),
        ("budget.xls", xls_budget()),
        (
            "budget.csv",
            b"Poste;Co\xfbt\r\nAffiches;\"1 500,00 \x80\"\r\n".to_vec(),
        ),
    ];
    let started = Instant::now();
    for (name, bytes) in samples {
        for _ in 0..150 {
            let mut damaged = bytes.clone();
            for _ in 0..(1 + next() % 8) {
                let at = (next() % damaged.len() as u64) as usize;
                damaged[at] = next() as u8;
            }
            let read = read_file(name, damaged);
            assert!(read.doc.is_some() || !read.problems.is_empty());
        }
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}
