//! ODS workbooks (LibreOffice Calc, and Excel's "OpenDocument" export), read by streaming
//! `content.xml` with zip + quick-xml.
//!
//! Why not calamine: its ODS reader expands repeated rows and columns
//! (`table:number-rows-repeated`, `table:number-columns-repeated`) into memory, up to 100
//! million cells, while the workbook opens, before any bound can be checked: a content.xml
//! of a few kilobytes can make it allocate gigabytes. It also gives no fills and no merged
//! cells. Reading the XML ourselves lets every repetition be checked against
//! against the sheet's bound before it is expanded, and gives fills (`fo:background-color` of the
//! cell styles, automatic ones in content.xml and named ones in styles.xml, following
//! parent styles) and merged cells (`table:number-columns-spanned`/`-rows-spanned`).
//!
//! Cells: the text shown is the cell's paragraphs (`text:p`, joined by line breaks;
//! comments left out); the value comes from `office:value-type` and its attribute
//! (`office:value`, `office:date-value`, `office:boolean-value`, `office:time-value`);
//! a percentage is stored as written (0.12 shown `12 %` is 12); text cells get the French
//! typing CSV cells get; LibreOffice marks errors with `calcext:value-type="error"`.
//! Formulas are kept without their namespace and `=` (`of:=SUM([.B2:.B9])` →
//! `SUM([.B2:.B9])`), so they read like XLSX ones.
//!
//! Limits: attributes are matched by their usual prefixes (`office:`, `table:`, `text:`,
//! `style:`, `fo:`), which LibreOffice and Excel always write; a file that binds other
//! prefixes to the ODF namespaces is read as having no cells. A fill given to a whole row
//! or column (an empty cell repeated more than [`MAX_FILL_REPEAT`] times) is formatting,
//! not a Gantt bar, and is ignored; fills from conditional formatting and column default
//! styles are not read. Sub-tables inside cells are read as text of their cell.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read as _};

use chrono::NaiveDate;
use livrable_model::{CellValue, Format, Observation, Table};
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;
use zip::ZipArchive;

use super::display;
use super::{
    document, span_cells, Budget, Grid, SheetError, MAX_MERGED_RANGES, MAX_UNPACKED_BYTES,
};
use crate::Read;

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// The most times an empty, filled cell may repeat (across or down) and still count as a
/// used cell: a Gantt bar is a few dozen cells; a fill over a whole row (1,024 or 16,384
/// columns) or a whole sheet is formatting, and would otherwise make the sheet huge.
pub const MAX_FILL_REPEAT: u64 = 256;

/// The most bytes of text kept for one cell: Excel's own limit is 32,767 characters.
const MAX_CELL_TEXT: usize = 32 * 1024;

/// The most spaces one `text:s` element may stand for.
const MAX_SPACES: usize = 1024;

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// True when the zip's `mimetype` entry says ODS spreadsheet.
pub(super) fn is_ods(bytes: &[u8]) -> bool {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    small_entry(&mut zip, "mimetype").is_some_and(|m| m.trim() == MIMETYPE)
}

/// A small text entry of the zip (at most 1 MiB read), if it is there.
fn small_entry(zip: &mut Zip<'_>, name: &str) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry.take(1024 * 1024).read_to_string(&mut text).ok()?;
    Some(text)
}

pub(super) fn read(path: &str, bytes: &[u8], budget: Budget) -> Read {
    let mut zip = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(e) => {
            return Read::unreadable(format!(
                "the file is not a valid ODS workbook (damaged or truncated zip archive): {e}"
            ))
        }
    };
    if small_entry(&mut zip, "META-INF/manifest.xml").is_some_and(|m| m.contains("encryption-data"))
    {
        return Read::unreadable(
            "the workbook is protected by a password (encrypted): save it without a password",
        );
    }
    let mut styles = Styles::default();
    // Named styles first: automatic styles in content.xml name them as parents. A damaged
    // styles.xml only costs the fills it would have given.
    if let Ok(entry) = zip.by_name("styles.xml") {
        let mut xml = xml_reader(entry);
        let _ = read_styles_only(&mut xml, &mut styles);
    }
    let entry = match zip.by_name("content.xml") {
        Ok(entry) => entry,
        Err(e) => {
            return Read::unreadable(format!(
                "the file is not a valid ODS workbook (no readable content.xml): {e}"
            ))
        }
    };
    let mut xml = xml_reader(entry);
    let mut content = Content {
        styles,
        budget,
        sheet: None,
        tables: Vec::new(),
        problems: Vec::new(),
    };
    if let Err(e) = content.read(&mut xml) {
        match content.sheet.take() {
            // The sheet being read is lost; those before it are kept.
            Some(sheet) => content.problems.push(super::sheet_unreadable(
                &sheet.name,
                format!("content.xml is damaged: {e}"),
            )),
            None if content.tables.is_empty() && content.problems.is_empty() => {
                return Read::unreadable(format!("the file is not a valid ODS workbook: {e}"))
            }
            None => content.problems.push(super::sheet_unreadable(
                "?",
                format!("content.xml is damaged: {e}"),
            )),
        }
    }
    document(path, Format::Ods, content.tables, content.problems)
}

type Xml<R> = quick_xml::Reader<BufReader<R>>;

fn xml_reader<R: std::io::Read>(entry: R) -> Xml<std::io::Take<R>> {
    // The declared size was checked before; `take` is the second guard.
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry.take(MAX_UNPACKED_BYTES)));
    let config = xml.config_mut();
    config.trim_text(false);
    config.check_end_names = false;
    config.expand_empty_elements = false;
    xml
}

/// An attribute's value by qualified name, entities resolved.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn number_attr(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Cell styles: their parent and their background, to find a cell's fill.
#[derive(Debug, Default)]
struct Styles {
    /// name → (parent, background): `Some(None)` is an explicit `transparent`.
    defs: HashMap<String, (Option<String>, Option<Option<String>>)>,
    /// The style being read.
    current: Option<String>,
}

impl Styles {
    /// Handles a style element; true when the event was one.
    fn event(&mut self, e: &BytesStart<'_>, is_start: bool) -> bool {
        match e.local_name().as_ref() {
            "style" => {
                let family = attr(e, "style:family");
                if family.as_deref() == Some("table-cell") {
                    if let Some(name) = attr(e, "style:name") {
                        let parent = attr(e, "style:parent-style-name");
                        if self.defs.len() < 100_000 {
                            self.defs.insert(name.clone(), (parent, None));
                        }
                        self.current = is_start.then_some(name);
                    }
                } else {
                    self.current = None;
                }
                true
            }
            "table-cell-properties" => {
                if let (Some(name), Some(bg)) =
                    (self.current.as_ref(), attr(e, "fo:background-color"))
                {
                    if let Some(def) = self.defs.get_mut(name) {
                        def.1 = Some(colour(&bg));
                    }
                }
                true
            }
            _ => false,
        }
    }

    /// The fill of a style, following parents (a few levels, cycles cut).
    fn fill(&self, name: &str) -> Option<String> {
        let mut name = name;
        for _ in 0..8 {
            let (parent, bg) = self.defs.get(name)?;
            if let Some(bg) = bg {
                return bg.clone();
            }
            name = parent.as_deref()?;
        }
        None
    }
}

/// `#4472c4` → `4472C4`; `transparent` or anything else → `None`.
fn colour(v: &str) -> Option<String> {
    let hex = v.trim().strip_prefix('#')?;
    (hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| hex.to_ascii_uppercase())
}

/// Reads only the style definitions of styles.xml.
fn read_styles_only<R: std::io::BufRead>(
    xml: &mut quick_xml::Reader<R>,
    styles: &mut Styles,
) -> quick_xml::Result<()> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) => {
                styles.event(&e, true);
            }
            Event::Empty(e) => {
                styles.event(&e, false);
            }
            Event::End(e) if e.local_name().as_ref() == "style" => styles.current = None,
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// One cell element as read: what it holds, how often it repeats across.
#[derive(Debug, Default, Clone)]
struct CellSpec {
    text: String,
    value: CellValue,
    formula: Option<String>,
    fill: Option<String>,
    cols_repeated: u64,
    spans: Option<(u32, u32)>,
}

impl CellSpec {
    fn has_content(&self) -> bool {
        !matches!(self.value, CellValue::Empty) || !self.text.is_empty() || self.formula.is_some()
    }
}

/// The sheet being read.
struct Sheet {
    name: String,
    grid: Grid,
    merged: Vec<(u32, u32, u32, u32)>,
    row: u64,
    /// Set once the sheet is refused; the rest of it is then skipped.
    error: Option<SheetError>,
}

struct Content {
    styles: Styles,
    budget: Budget,
    /// The sheet being read.
    sheet: Option<Sheet>,
    tables: Vec<Table>,
    problems: Vec<Observation>,
}

impl Content {
    /// Streams content.xml; on an error, [`Content::sheet`] is the sheet it broke in.
    fn read<R: std::io::BufRead>(&mut self, xml: &mut quick_xml::Reader<R>) -> Result<(), String> {
        let mut buf = Vec::new();
        let mut row: Vec<(u64, CellSpec)> = Vec::new();
        let mut rows_repeated = 1u64;
        let mut col = 0u64;
        loop {
            buf.clear();
            let event = xml.read_event_into(&mut buf).map_err(|e| e.to_string())?;
            let (e, is_start) = match &event {
                Event::Start(e) => (e.clone().into_owned(), true),
                Event::Empty(e) => (e.clone().into_owned(), false),
                Event::End(end) => {
                    match end.local_name().as_ref() {
                        "table" => {
                            if let Some(s) = self.sheet.take() {
                                self.finish(s);
                            }
                        }
                        "table-row" => {
                            if let Some(s) = self.sheet.as_mut() {
                                apply_row(s, &row, rows_repeated);
                            }
                            row.clear();
                        }
                        "style" => self.styles.current = None,
                        _ => {}
                    }
                    continue;
                }
                Event::Eof if self.sheet.is_some() => {
                    return Err("the file ends inside a sheet (truncated?)".to_string())
                }
                Event::Eof => return Ok(()),
                _ => continue,
            };
            match e.local_name().as_ref() {
                "table" if is_start && self.sheet.is_none() => {
                    self.sheet = Some(Sheet {
                        name: attr(&e, "table:name").unwrap_or_default(),
                        grid: self.budget.grid(),
                        merged: Vec::new(),
                        row: 0,
                        error: None,
                    });
                }
                "table-row" if self.sheet.is_some() => {
                    rows_repeated = number_attr(&e, "table:number-rows-repeated");
                    row.clear();
                    col = 0;
                    if !is_start {
                        if let Some(s) = self.sheet.as_mut() {
                            s.row = s.row.saturating_add(rows_repeated);
                        }
                    }
                }
                "table-cell" | "covered-table-cell" if self.sheet.is_some() => {
                    let mut spec = self.cell_attrs(&e);
                    if is_start {
                        spec.text = read_cell_text(xml)?;
                    }
                    finish_cell(&mut spec);
                    let repeat = spec.cols_repeated;
                    if let Some(s) = self.sheet.as_mut() {
                        if s.error.is_none() {
                            if let Err(err) = s.grid.count() {
                                s.error = Some(err);
                            }
                        }
                    }
                    row.push((col, spec));
                    col = col.saturating_add(repeat);
                }
                _ if self.sheet.is_none() => {
                    self.styles.event(&e, is_start);
                }
                _ => {}
            }
        }
    }

    /// The attributes of a cell element: value, formula, style, repetition, spans.
    fn cell_attrs(&self, e: &BytesStart<'_>) -> CellSpec {
        let mut spec = CellSpec {
            cols_repeated: number_attr(e, "table:number-columns-repeated"),
            fill: attr(e, "table:style-name").and_then(|s| self.styles.fill(&s)),
            formula: attr(e, "table:formula").map(|f| formula(&f)),
            ..CellSpec::default()
        };
        let cols = attr(e, "table:number-columns-spanned").and_then(|v| v.parse::<u32>().ok());
        let rows = attr(e, "table:number-rows-spanned").and_then(|v| v.parse::<u32>().ok());
        let (cols, rows) = (cols.unwrap_or(1).max(1), rows.unwrap_or(1).max(1));
        if cols > 1 || rows > 1 {
            spec.spans = Some((rows, cols));
        }
        let is_error = attr(e, "calcext:value-type").as_deref() == Some("error");
        let number = |name: &str| attr(e, name).and_then(|v| v.trim().parse::<f64>().ok());
        spec.value = match attr(e, "office:value-type").as_deref() {
            _ if is_error => CellValue::Error(String::new()),
            Some("float") | Some("currency") => {
                number("office:value").map_or(CellValue::Empty, CellValue::Number)
            }
            Some("percentage") => {
                number("office:value").map_or(CellValue::Empty, |v| CellValue::Number(v * 100.0))
            }
            Some("date") => attr(e, "office:date-value")
                .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(&d), "%Y-%m-%d").ok())
                .map_or(CellValue::Empty, CellValue::Date),
            Some("time") => attr(e, "office:time-value")
                .and_then(|t| iso_duration_days(&t))
                .map_or(CellValue::Empty, CellValue::Number),
            Some("boolean") => match attr(e, "office:boolean-value").as_deref() {
                Some("true") => CellValue::Bool(true),
                Some("false") => CellValue::Bool(false),
                _ => CellValue::Empty,
            },
            Some("string") => {
                attr(e, "office:string-value").map_or(CellValue::Empty, CellValue::Text)
            }
            _ => CellValue::Empty,
        };
        spec
    }

    fn finish(&mut self, s: Sheet) {
        match s.error {
            Some(err) => self.problems.push(err.observation(&s.name)),
            None => {
                let name = s.name;
                let table = s.grid.into_table(&name, s.merged);
                self.budget.spend_table(&table);
                self.tables.push(table);
            }
        }
    }
}

/// Completes a cell once its text is known: the text shown, and the value for cells typed
/// by their text (strings, errors, cells with no type).
fn finish_cell(spec: &mut CellSpec) {
    spec.text = spec.text.trim().to_string();
    spec.value = match std::mem::take(&mut spec.value) {
        CellValue::Error(_) => CellValue::Error(spec.text.clone()),
        CellValue::Text(s) if spec.text.is_empty() => super::xlsx::text_cell(&s).1,
        CellValue::Text(_) | CellValue::Empty if !spec.text.is_empty() => {
            crate::csv::typed(&spec.text)
        }
        v => v,
    };
    if spec.text.is_empty() {
        spec.text = match &spec.value {
            CellValue::Number(n) => display::french_number(*n, None, false),
            CellValue::Date(d) => d.format("%d/%m/%Y").to_string(),
            CellValue::Bool(b) => super::xlsx::bool_text(*b),
            CellValue::Text(t) | CellValue::Error(t) => t.clone(),
            CellValue::Empty => String::new(),
        };
    }
}

/// Adds one row element (repeated `rows_repeated` times) to the sheet.
fn apply_row(s: &mut Sheet, cells: &[(u64, CellSpec)], rows_repeated: u64) {
    let first = s.row;
    s.row = s.row.saturating_add(rows_repeated);
    if s.error.is_some() {
        return;
    }
    // The cells that count: content, or a fill that is not a whole-row or whole-sheet one.
    let used: Vec<&(u64, CellSpec)> = cells
        .iter()
        .filter(|(_, c)| {
            c.has_content()
                || (c.fill.is_some()
                    && c.cols_repeated <= MAX_FILL_REPEAT
                    && rows_repeated <= MAX_FILL_REPEAT)
        })
        .collect();
    let Some(last_col) = used
        .iter()
        .map(|(col, c)| col.saturating_add(c.cols_repeated - 1))
        .max()
    else {
        return;
    };
    // Check the whole repetition before expanding it.
    let last_row = first.saturating_add(rows_repeated - 1);
    let reach = span_cells(
        u32::try_from(last_row).unwrap_or(u32::MAX),
        u32::try_from(last_col).unwrap_or(u32::MAX),
    );
    if reach > s.grid.bound || last_row > u32::MAX as u64 || last_col > u32::MAX as u64 {
        s.error = Some(SheetError::TooLarge(reach, s.grid.bound));
        return;
    }
    for r in first..=last_row {
        for (col, spec) in &used {
            for c in *col..col + spec.cols_repeated {
                let (r32, c32) = (r as u32, c as u32);
                if let Some((rows, cols)) = spec.spans {
                    if s.merged.len() < MAX_MERGED_RANGES {
                        s.merged.push((
                            r32,
                            c32,
                            r32.saturating_add(rows - 1),
                            c32.saturating_add(cols - 1),
                        ));
                    }
                }
                if let Err(err) = s.grid.set_text(r32, c32, spec.text.clone()) {
                    s.error = Some(err);
                    return;
                }
                let entry = match s.grid.entry(r32, c32) {
                    Ok(entry) => entry,
                    Err(err) => {
                        s.error = Some(err);
                        return;
                    }
                };
                entry.value = spec.value.clone();
                entry.formula = spec.formula.clone();
                entry.fill = spec.fill.clone();
            }
        }
    }
}

/// Reads a cell's content up to its end tag: paragraphs joined by line breaks, comments
/// (`office:annotation`) left out.
fn read_cell_text<R: std::io::BufRead>(xml: &mut quick_xml::Reader<R>) -> Result<String, String> {
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut depth = 0usize;
    let mut annotation = 0usize;
    let mut paragraphs = 0usize;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e) => {
                depth += 1;
                match e.local_name().as_ref() {
                    "annotation" => annotation += 1,
                    "p" | "h" if annotation == 0 => {
                        if paragraphs > 0 {
                            push(&mut text, "\n");
                        }
                        paragraphs += 1;
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if depth == 0 {
                    return Ok(text);
                }
                depth -= 1;
                if e.local_name().as_ref() == "annotation" {
                    annotation = annotation.saturating_sub(1);
                }
            }
            Event::Empty(e) if annotation == 0 => match e.local_name().as_ref() {
                "s" => {
                    let n = attr(&e, "text:c")
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(MAX_SPACES);
                    push(&mut text, &" ".repeat(n));
                }
                "tab" => push(&mut text, "\t"),
                "line-break" => push(&mut text, "\n"),
                "p" | "h" => {
                    if paragraphs > 0 {
                        push(&mut text, "\n");
                    }
                    paragraphs += 1;
                }
                _ => {}
            },
            Event::Text(t) if annotation == 0 && paragraphs > 0 => {
                push(&mut text, &t.xml10_content())
            }
            Event::CData(t) if annotation == 0 && paragraphs > 0 => {
                push(&mut text, &t.xml10_content())
            }
            Event::GeneralRef(r) if annotation == 0 && paragraphs > 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    let mut b = [0u8; 4];
                    push(&mut text, c.encode_utf8(&mut b));
                } else if let Some(s) =
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                {
                    push(&mut text, s);
                }
            }
            Event::Eof => return Err("the file ends inside a cell (truncated?)".to_string()),
            _ => {}
        }
    }
}

/// Appends to a cell's text up to [`MAX_CELL_TEXT`] bytes.
fn push(text: &mut String, s: &str) {
    let room = MAX_CELL_TEXT.saturating_sub(text.len());
    if s.len() <= room {
        text.push_str(s);
    } else {
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        text.push_str(&s[..end]);
    }
}

/// `of:=SUM([.B2:.B9])` → `SUM([.B2:.B9])`: the formula without its namespace and `=`.
fn formula(f: &str) -> String {
    let f = f.trim();
    let f = match f.split_once(":=") {
        Some((ns, rest)) if ns.chars().all(|c| c.is_ascii_alphanumeric()) => rest,
        _ => f.strip_prefix('=').unwrap_or(f),
    };
    f.trim().to_string()
}

/// `PT12H30M00S` → 0.520833… (a fraction of a day, as spreadsheets count time).
fn iso_duration_days(t: &str) -> Option<f64> {
    let rest = t.trim().strip_prefix("PT")?;
    let (mut total, mut number) = (0.0f64, String::new());
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                let n: f64 = number.parse().ok()?;
                number.clear();
                total += match c {
                    'H' => n / 24.0,
                    'M' => n / (24.0 * 60.0),
                    _ => n / (24.0 * 3600.0),
                };
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_lose_their_namespace() {
        assert_eq!(formula("of:=[.B2]+[.C2]"), "[.B2]+[.C2]");
        assert_eq!(formula("msoxl:=SUM(B2:B9)"), "SUM(B2:B9)");
        assert_eq!(formula("=A1"), "A1");
    }

    #[test]
    fn colours_and_durations() {
        assert_eq!(colour("#4472c4").as_deref(), Some("4472C4"));
        assert_eq!(colour("transparent"), None);
        assert_eq!(colour("#fff"), None);
        assert!((iso_duration_days("PT12H30M00S").unwrap() - 0.5208333).abs() < 1e-6);
        assert_eq!(iso_duration_days("P1D"), None);
    }

    #[test]
    fn style_fills_follow_parents() {
        let mut s = Styles::default();
        s.defs
            .insert("Accent".into(), (None, Some(Some("FF0000".into()))));
        s.defs.insert("ce1".into(), (Some("Accent".into()), None));
        s.defs
            .insert("ce2".into(), (Some("Accent".into()), Some(None)));
        s.defs.insert("loop".into(), (Some("loop".into()), None));
        assert_eq!(s.fill("ce1").as_deref(), Some("FF0000"));
        assert_eq!(s.fill("ce2"), None, "explicitly transparent");
        assert_eq!(s.fill("loop"), None);
        assert_eq!(s.fill("nothing"), None);
    }
}
