//! ODS: each finding becomes an `office:annotation` (LibreOffice's *comment*) on its cell,
//! and the cell gets a red border on a copy of its style, so that its fill (a Gantt bar)
//! stays the candidate's.
//!
//! Only `content.xml` is edited: its automatic styles get the copies, and the rows and
//! cells that hold a note are split out of their repetitions (`table:number-rows-repeated`
//! and `table:number-columns-repeated` say "this row or cell, n times"; the annotated one
//! is written once, the others keep their count). A cell never written (past the end of a
//! row or a sheet) is added. The copy of a style is a copy of the cell's automatic style
//! with `fo:border` set; a cell with a common style (or none) gets an automatic style
//! whose parent is that style. The style a cell shows comes from the cell, else its row's
//! `table:default-cell-style-name`, else its column's.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use quick_xml::events::{BytesStart, Event};

use super::cells::{places, Place};
use super::odf::Names;
use super::package::Package;
use super::xml::{attr_local, escape, Edits, Scan};
use super::{AnnotateWords, Note};

/// The highlight, as `fo:border` writes it.
const BORDER: &str = "0.06cm solid #e00000";

/// Most rows or columns a repetition may say it spans: a sheet has at most 1,048,576 rows
/// and 16,384 columns; more is a crafted file.
const MAX_REPEAT: u64 = 1 << 20;

pub(super) fn annotate(
    bytes: &[u8],
    notes: &[Note<'_>],
    words: &AnnotateWords,
) -> Result<Vec<u8>, String> {
    let mut pkg = Package::open(bytes)?;
    let part = "content.xml";
    let text = pkg
        .text(part)?
        .ok_or("the file has no content.xml (not an OpenDocument spreadsheet)")?;
    let names = sheet_names(&text, part)?;
    if names.is_empty() {
        return Err("the spreadsheet has no sheet".into());
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let places = places(notes, &refs);
    let edited = edit(&text, part, &places, words)?;
    pkg.put(part, edited.into_bytes());
    pkg.finish()
}

/// The sheets' names, in order.
fn sheet_names(text: &str, part: &str) -> Result<Vec<String>, String> {
    let mut scan = Scan::new(text, part);
    let mut names = Vec::new();
    let mut spreadsheet = None;
    while let Some((event, _, depth)) = scan.next()? {
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "spreadsheet" => {
                spreadsheet = Some(depth)
            }
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "table"
                    && spreadsheet.is_some_and(|d| depth == d + 1) =>
            {
                names.push(attr_local(e, "name").unwrap_or_default());
            }
            _ => {}
        }
    }
    Ok(names)
}

/// The styles added: one copy per style a highlighted cell shows.
struct NewStyles {
    /// Automatic cell styles of `content.xml`, by name: their text.
    automatic: HashMap<String, String>,
    /// Every style name of the part, so that a new one is unique.
    taken: BTreeSet<String>,
    /// Base style (`None`: the default) → its highlighted copy.
    copies: BTreeMap<Option<String>, String>,
    xml: String,
}

impl NewStyles {
    /// The name of the highlighted copy of `base`.
    fn copy_of(&mut self, base: Option<&str>, n: &Names) -> Result<String, String> {
        let key = base.map(str::to_string);
        if let Some(name) = self.copies.get(&key) {
            return Ok(name.clone());
        }
        let name = (1..)
            .map(|i| format!("livrable{i}"))
            .find(|c| !self.taken.contains(c))
            .expect("an unbounded range has a free name");
        self.taken.insert(name.clone());
        let xml = match base.and_then(|b| self.automatic.get(b)) {
            Some(original) => restyled(original, &name, n)?,
            None => format!(
                "<{s}:style {s}:name=\"{name}\" {s}:family=\"table-cell\" {s}:parent-style-name=\"{}\"><{s}:table-cell-properties {}:border=\"{BORDER}\"/></{s}:style>",
                escape(base.unwrap_or("Default")),
                n.fo,
                s = n.style
            ),
        };
        self.xml.push_str(&xml);
        self.copies.insert(key, name.clone());
        Ok(name)
    }
}

/// An automatic style's text renamed `name`, with the border set on its cell properties.
fn restyled(original: &str, name: &str, n: &Names) -> Result<String, String> {
    let mut scan = Scan::new(original, "content.xml");
    let mut edits = Edits::default();
    let mut has_properties = false;
    let border_sides = ["border-left", "border-right", "border-top", "border-bottom"];
    while let Some((event, range, depth)) = scan.next()? {
        match &event {
            Event::Start(e) | Event::Empty(e) if depth == 0 => {
                let empty = matches!(event, Event::Empty(_));
                let mut tag = set(e, "name", name, false);
                if empty {
                    // `<style:style …/>`: give it the properties as a child.
                    tag.push_str(&format!(
                        "<{}:table-cell-properties {}:border=\"{BORDER}\"/></{}>",
                        n.style,
                        n.fo,
                        e.name().as_ref()
                    ));
                    has_properties = true;
                }
                edits.replace(range, tag);
            }
            Event::Start(e) | Event::Empty(e)
                if depth == 1 && e.local_name().as_ref() == "table-cell-properties" =>
            {
                has_properties = true;
                let empty = matches!(event, Event::Empty(_));
                let mut tag = format!("<{}", e.name().as_ref());
                for a in e.attributes().with_checks(false).flatten() {
                    let local = a.key.local_name();
                    if local.as_ref() == "border" || border_sides.contains(&local.as_ref()) {
                        continue;
                    }
                    tag.push_str(&format!(
                        " {}=\"{}\"",
                        a.key.as_ref(),
                        a.value.replace('"', "&quot;")
                    ));
                }
                tag.push_str(&format!(
                    " {}:border=\"{BORDER}\"{}",
                    n.fo,
                    if empty { "/>" } else { ">" }
                ));
                edits.replace(range, tag);
            }
            _ => {}
        }
    }
    let mut text = edits.apply(original);
    if !has_properties {
        // After the start tag: properties come first among a style's children.
        let at = text.find('>').map(|i| i + 1).unwrap_or(text.len());
        text.insert_str(
            at,
            &format!(
                "<{}:table-cell-properties {}:border=\"{BORDER}\"/>",
                n.style, n.fo
            ),
        );
    }
    Ok(text)
}

/// A start tag with the attribute of local name `local` set to `value` (its prefix kept,
/// or the tag's own prefix when it had none), the other attributes as written.
fn set(e: &BytesStart<'_>, local: &str, value: &str, empty: bool) -> String {
    let mut tag = format!("<{}", e.name().as_ref());
    let mut found = false;
    for a in e.attributes().with_checks(false).flatten() {
        tag.push(' ');
        tag.push_str(a.key.as_ref());
        tag.push_str("=\"");
        if a.key.local_name().as_ref() == local && !found {
            tag.push_str(&escape(value));
            found = true;
        } else {
            tag.push_str(&a.value.replace('"', "&quot;"));
        }
        tag.push('"');
    }
    if !found {
        let name = e.name();
        let prefix = name.as_ref().split_once(':').map(|(p, _)| p);
        match prefix {
            Some(p) => tag.push_str(&format!(" {p}:{local}=\"{}\"", escape(value))),
            None => tag.push_str(&format!(" {local}=\"{}\"", escape(value))),
        }
    }
    tag.push_str(if empty { "/>" } else { ">" });
    tag
}

/// A start tag without the attribute of local name `local`.
fn without(e: &BytesStart<'_>, local: &str, empty: bool) -> String {
    let mut tag = format!("<{}", e.name().as_ref());
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() != local {
            tag.push_str(&format!(
                " {}=\"{}\"",
                a.key.as_ref(),
                a.value.replace('"', "&quot;")
            ));
        }
    }
    tag.push_str(if empty { "/>" } else { ">" });
    tag
}

/// A start tag's repetition count (`table:number-rows-repeated`), at least 1.
fn repeat(e: &BytesStart<'_>, local: &str) -> Result<u32, String> {
    let n = attr_local(e, local)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1);
    if n > MAX_REPEAT {
        return Err(format!("a row or cell says it repeats {n} times"));
    }
    Ok(n as u32)
}

/// An element as written: its start tag, what it holds, and its end tag (`None` for an
/// empty element).
#[derive(Debug, Clone)]
struct Element {
    tag: String,
    inner: String,
    end: Option<String>,
}

impl Element {
    /// The start tag parsed again, to rewrite its attributes.
    fn start(&self) -> BytesStart<'_> {
        let mut reader = quick_xml::Reader::from_str(&self.tag);
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => e,
            _ => BytesStart::new("x"),
        }
    }

    fn is_empty(&self) -> bool {
        self.end.is_none()
    }

    /// The element again, with its start tag replaced by `tag` (written as a start tag
    /// when the element was empty and `inner` is not) and `inner` before its content.
    fn rewritten(&self, tag: impl FnOnce(&BytesStart<'_>, bool) -> String, first: &str) -> String {
        let start = self.start();
        let name = start.name().as_ref().to_string();
        if self.is_empty() && first.is_empty() {
            return tag(&start, true);
        }
        let end = self.end.clone().unwrap_or_else(|| format!("</{name}>"));
        format!("{}{first}{}{end}", tag(&start, false), self.inner)
    }
}

/// A row being read: its element's parts, and its cells.
struct Row {
    start: usize,
    first: u32,
    count: u32,
    tag: String,
    default_style: Option<String>,
    cells: Vec<(Element, u32)>,
    /// The cell being read: its start tag, its depth, where its content starts.
    open_cell: Option<(String, usize, usize)>,
}

/// The current sheet.
struct Sheet {
    index: usize,
    depth: usize,
    /// Column default styles: (count, style).
    columns: Vec<(u32, Option<String>)>,
    next_row: u32,
    /// Where a row past the last one goes.
    after_rows: Option<usize>,
    /// How many tables inside cells are open (their rows are not the sheet's).
    nested: usize,
}

/// `content.xml` with the notes and highlights of `places`.
fn edit(
    text: &str,
    part: &str,
    places: &[BTreeMap<(u32, u32), Place>],
    words: &AnnotateWords,
) -> Result<String, String> {
    let mut scan = Scan::new(text, part);
    let mut edits = Edits::default();
    let mut names: Option<Names> = None;
    let mut styles = NewStyles {
        automatic: HashMap::new(),
        taken: BTreeSet::new(),
        copies: BTreeMap::new(),
        xml: String::new(),
    };
    let mut automatic: Option<usize> = None;
    let mut styles_at: Option<usize> = None;
    let mut body_at: Option<usize> = None;
    let mut style_start: Option<(usize, String)> = None;
    let mut spreadsheet: Option<usize> = None;
    let mut sheets = 0usize;
    let mut sheet: Option<Sheet> = None;
    let mut row: Option<Row> = None;
    while let Some((event, range, depth)) = scan.next()? {
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(e) if depth == 0 => {
                let n = Names::of(e);
                if !n.missing.is_empty() {
                    let tag = &text[range.clone()];
                    let cut = tag.len() - 1;
                    edits.replace(range.clone(), format!("{}{}>", &tag[..cut], n.missing));
                }
                names = Some(n);
            }
            Event::Start(e) if depth == 1 && e.local_name().as_ref() == "automatic-styles" => {
                automatic = Some(depth);
            }
            Event::Empty(e) if depth == 1 && e.local_name().as_ref() == "automatic-styles" => {
                // `<office:automatic-styles/>`: opened to receive the copies.
                let tag = &text[range.clone()];
                let opened = tag.trim_end_matches("/>").trim_end().to_string() + ">";
                let name = e.name().as_ref().to_string();
                edits.replace(range.clone(), opened);
                edits.insert(range.end, format!("</{name}>"));
                styles_at = Some(range.end);
            }
            Event::End(e) if depth == 1 && e.local_name().as_ref() == "automatic-styles" => {
                automatic = None;
                styles_at = Some(range.start);
            }
            Event::Start(e) | Event::Empty(e)
                if depth == 1 && e.local_name().as_ref() == "body" =>
            {
                body_at.get_or_insert(range.start);
            }
            Event::Start(e) | Event::Empty(e)
                if automatic.is_some() && depth == 2 && e.local_name().as_ref() == "style" =>
            {
                let name = attr_local(e, "name").unwrap_or_default();
                let family = attr_local(e, "family").unwrap_or_default();
                styles.taken.insert(name.clone());
                if family == "table-cell" {
                    if empty {
                        styles
                            .automatic
                            .insert(name, text[range.clone()].to_string());
                    } else {
                        style_start = Some((range.start, name));
                    }
                }
            }
            Event::End(e)
                if automatic.is_some() && depth == 2 && e.local_name().as_ref() == "style" =>
            {
                if let Some((start, name)) = style_start.take() {
                    styles
                        .automatic
                        .insert(name, text[start..range.end].to_string());
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "spreadsheet" => {
                spreadsheet = Some(depth)
            }
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "table"
                    && spreadsheet.is_some_and(|d| depth == d + 1) =>
            {
                let index = sheets;
                sheets += 1;
                if empty {
                    // A sheet with nothing in it: its notes need rows.
                    if let (Some(p), Some(n)) = (places.get(index), names.as_ref()) {
                        if !p.is_empty() {
                            let tag = &text[range.clone()];
                            let opened = tag.trim_end_matches("/>").trim_end().to_string() + ">";
                            let rows = new_rows(0, p, n, &mut styles, words)?;
                            edits.replace(
                                range.clone(),
                                format!("{opened}{rows}</{}>", e.name().as_ref()),
                            );
                        }
                    }
                } else {
                    sheet = Some(Sheet {
                        index,
                        depth,
                        columns: Vec::new(),
                        next_row: 0,
                        after_rows: None,
                        nested: 0,
                    });
                }
            }
            Event::End(e)
                if e.local_name().as_ref() == "table"
                    && sheet
                        .as_ref()
                        .is_some_and(|s| s.depth == depth && s.nested == 0) =>
            {
                let s = sheet.take().expect("checked");
                let p = &places[s.index];
                let rest: BTreeMap<(u32, u32), &Place> =
                    p.range((s.next_row, 0)..).map(|(k, v)| (*k, v)).collect();
                if !rest.is_empty() {
                    let n = names.as_ref().ok_or("content.xml has no root element")?;
                    let rows = rows_from(s.next_row, &rest, &s.columns, n, &mut styles, words)?;
                    edits.insert(s.after_rows.unwrap_or(range.start), rows);
                }
            }
            _ => {}
        }
        // Inside a sheet: columns, rows, cells.
        let Some(s) = sheet.as_mut() else { continue };
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "table" && depth > s.depth => {
                s.nested += 1
            }
            Event::End(e) if e.local_name().as_ref() == "table" && s.nested > 0 => s.nested -= 1,
            _ => {}
        }
        if s.nested > 0 {
            continue;
        }
        let p = &places[s.index];
        match &event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "table-column" => {
                let count = repeat(e, "number-columns-repeated")?;
                s.columns
                    .push((count, attr_local(e, "default-cell-style-name")));
            }
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "table-row" && row.is_none() =>
            {
                let count = repeat(e, "number-rows-repeated")?;
                let first = s.next_row;
                s.next_row = s.next_row.saturating_add(count);
                let touched = p.range((first, 0)..(s.next_row, 0)).next().is_some();
                if empty {
                    s.after_rows = Some(range.end);
                    if touched {
                        let n = names.as_ref().ok_or("content.xml has no root element")?;
                        let row = Row {
                            start: range.start,
                            first,
                            count,
                            tag: text[range.clone()].to_string(),
                            default_style: attr_local(e, "default-cell-style-name"),
                            cells: Vec::new(),
                            open_cell: None,
                        };
                        let xml = row_xml(&row, None, p, s, n, &mut styles, words)?;
                        edits.replace(range.clone(), xml);
                    }
                } else if touched {
                    row = Some(Row {
                        start: range.start,
                        first,
                        count,
                        tag: text[range.clone()].to_string(),
                        default_style: attr_local(e, "default-cell-style-name"),
                        cells: Vec::new(),
                        open_cell: None,
                    });
                }
            }
            Event::End(e) if e.local_name().as_ref() == "table-row" => {
                s.after_rows = Some(range.end);
                if let Some(r) = row.take() {
                    let n = names.as_ref().ok_or("content.xml has no root element")?;
                    let end = text[range.clone()].to_string();
                    let xml = row_xml(&r, Some(&end), p, s, n, &mut styles, words)?;
                    edits.replace(r.start..range.end, xml);
                }
            }
            _ => {}
        }
        // The cells of a row with notes.
        let Some(r) = row.as_mut() else { continue };
        match &event {
            Event::Empty(e)
                if r.open_cell.is_none()
                    && matches!(e.local_name().as_ref(), "table-cell" | "covered-table-cell") =>
            {
                let count = repeat(e, "number-columns-repeated")?;
                r.cells.push((
                    Element {
                        tag: text[range].to_string(),
                        inner: String::new(),
                        end: None,
                    },
                    count,
                ));
            }
            Event::Start(e)
                if r.open_cell.is_none()
                    && matches!(e.local_name().as_ref(), "table-cell" | "covered-table-cell") =>
            {
                r.open_cell = Some((text[range.clone()].to_string(), depth, range.end));
            }
            Event::End(e)
                if matches!(e.local_name().as_ref(), "table-cell" | "covered-table-cell")
                    && r.open_cell.as_ref().is_some_and(|c| c.1 == depth) =>
            {
                let (tag, _, inner_start) = r.open_cell.take().expect("checked");
                let start = quick_xml::Reader::from_str(&tag).read_event();
                let count = match start {
                    Ok(Event::Start(s)) => repeat(&s, "number-columns-repeated")?,
                    _ => 1,
                };
                r.cells.push((
                    Element {
                        tag,
                        inner: text[inner_start..range.start].to_string(),
                        end: Some(text[range].to_string()),
                    },
                    count,
                ));
            }
            _ => {}
        }
    }
    let n = names.ok_or("content.xml has no root element")?;
    if !styles.xml.is_empty() {
        match (styles_at, body_at) {
            (Some(at), _) => edits.insert(at, styles.xml),
            (None, Some(at)) => edits.insert(
                at,
                format!(
                    "<{o}:automatic-styles>{}</{o}:automatic-styles>",
                    styles.xml,
                    o = n.office
                ),
            ),
            (None, None) => return Err("content.xml has no body".into()),
        }
    }
    Ok(edits.apply(text))
}

/// The default style of the column at `col`, from the sheet's columns.
fn column_style(columns: &[(u32, Option<String>)], col: u32) -> Option<String> {
    let mut at = 0u32;
    for (count, style) in columns {
        at = at.saturating_add(*count);
        if col < at {
            return style.clone();
        }
    }
    None
}

/// A row with notes written again: split out of its repetition around the rows that hold
/// notes, those rows' cells split and annotated.
fn row_xml(
    row: &Row,
    end: Option<&str>,
    places: &BTreeMap<(u32, u32), Place>,
    sheet: &Sheet,
    n: &Names,
    styles: &mut NewStyles,
    words: &AnnotateWords,
) -> Result<String, String> {
    let element = Element {
        tag: row.tag.clone(),
        inner: row
            .cells
            .iter()
            .map(|(c, _)| match &c.end {
                Some(end) => format!("{}{}{end}", c.tag, c.inner),
                None => c.tag.clone(),
            })
            .collect(),
        end: end.map(str::to_string),
    };
    let repeated = |count: u32| {
        element.rewritten(
            |e, empty| {
                if count > 1 {
                    set(e, "number-rows-repeated", &count.to_string(), empty)
                } else {
                    without(e, "number-rows-repeated", empty)
                }
            },
            "",
        )
    };
    let last = row.first + row.count;
    let mut out = String::new();
    let mut at = row.first;
    let targets: BTreeSet<u32> = places
        .range((row.first, 0)..(last, 0))
        .map(|(k, _)| k.0)
        .collect();
    for r in targets {
        if r > at {
            out.push_str(&repeated(r - at));
        }
        let cells = cells_xml(row, r, places, sheet, n, styles, words)?;
        let start = element.start();
        let tag = without(&start, "number-rows-repeated", false);
        let end_tag = element
            .end
            .clone()
            .unwrap_or_else(|| format!("</{}>", start.name().as_ref()));
        out.push_str(&format!("{tag}{cells}{end_tag}"));
        at = r + 1;
    }
    if at < last {
        out.push_str(&repeated(last - at));
    }
    Ok(out)
}

/// The cells of row `r` (a row read as `row`), split around the annotated ones, with
/// cells added past the row's end for notes there.
fn cells_xml(
    row: &Row,
    r: u32,
    places: &BTreeMap<(u32, u32), Place>,
    sheet: &Sheet,
    n: &Names,
    styles: &mut NewStyles,
    words: &AnnotateWords,
) -> Result<String, String> {
    let targets: BTreeMap<u32, &Place> = places
        .range((r, 0)..(r, u32::MAX))
        .map(|(k, v)| (k.1, v))
        .collect();
    let mut out = String::new();
    let mut col = 0u32;
    for (cell, count) in &row.cells {
        let last = col.saturating_add(*count);
        let mut at = col;
        for (&c, place) in targets.range(col..last) {
            if c > at {
                out.push_str(&cell_repeated(cell, c - at));
            }
            let base = attr_local(&cell.start(), "style-name")
                .or_else(|| row.default_style.clone())
                .or_else(|| column_style(&sheet.columns, c));
            out.push_str(&annotated(cell, place, base, n, styles, words)?);
            at = c + 1;
        }
        if at < last {
            out.push_str(&cell_repeated(cell, last - at));
        }
        col = last;
    }
    for (&c, place) in targets.range(col..) {
        if c > col {
            out.push_str(&padding_cells(n, c - col));
        }
        let base = row
            .default_style
            .clone()
            .or_else(|| column_style(&sheet.columns, c));
        out.push_str(&new_cell(n, place, base, styles, words)?);
        col = c + 1;
    }
    Ok(out)
}

/// A cell written again with its repetition set to `count`.
fn cell_repeated(cell: &Element, count: u32) -> String {
    cell.rewritten(
        |e, empty| {
            if count > 1 {
                set(e, "number-columns-repeated", &count.to_string(), empty)
            } else {
                without(e, "number-columns-repeated", empty)
            }
        },
        "",
    )
}

/// A cell with its note and the highlighted copy of its style.
fn annotated(
    cell: &Element,
    place: &Place,
    base: Option<String>,
    n: &Names,
    styles: &mut NewStyles,
    words: &AnnotateWords,
) -> Result<String, String> {
    let style = if place.highlighted() {
        Some(styles.copy_of(base.as_deref(), n)?)
    } else {
        None
    };
    let note = n.annotation(&words.author, &place.text(words), None);
    Ok(cell.rewritten(
        |e, empty| {
            let tag = without(e, "number-columns-repeated", false);
            match &style {
                Some(style) => {
                    let mut r = quick_xml::Reader::from_str(&tag);
                    match r.read_event() {
                        Ok(Event::Start(t)) => set(&t, "style-name", style, empty),
                        _ => tag,
                    }
                }
                None => tag,
            }
        },
        &note,
    ))
}

/// A cell never written, with its note.
fn new_cell(
    n: &Names,
    place: &Place,
    base: Option<String>,
    styles: &mut NewStyles,
    words: &AnnotateWords,
) -> Result<String, String> {
    let t = &n.table;
    let style = if place.highlighted() {
        format!(
            " {t}:style-name=\"{}\"",
            escape(&styles.copy_of(base.as_deref(), n)?)
        )
    } else {
        String::new()
    };
    Ok(format!(
        "<{t}:table-cell{style}>{}</{t}:table-cell>",
        n.annotation(&words.author, &place.text(words), None)
    ))
}

/// `count` empty cells.
fn padding_cells(n: &Names, count: u32) -> String {
    let t = &n.table;
    if count > 1 {
        format!("<{t}:table-cell {t}:number-columns-repeated=\"{count}\"/>")
    } else {
        format!("<{t}:table-cell/>")
    }
}

/// New rows from row `from` on, holding the notes of `places` (rows past a sheet's last),
/// their cells in the style of their `columns`.
fn rows_from(
    from: u32,
    places: &BTreeMap<(u32, u32), &Place>,
    columns: &[(u32, Option<String>)],
    n: &Names,
    styles: &mut NewStyles,
    words: &AnnotateWords,
) -> Result<String, String> {
    let t = &n.table;
    let mut out = String::new();
    let mut at = from;
    let rows: BTreeSet<u32> = places.keys().map(|k| k.0).collect();
    for r in rows {
        if r > at {
            let count = r - at;
            let repeat = if count > 1 {
                format!(" {t}:number-rows-repeated=\"{count}\"")
            } else {
                String::new()
            };
            out.push_str(&format!(
                "<{t}:table-row{repeat}><{t}:table-cell/></{t}:table-row>"
            ));
        }
        out.push_str(&format!("<{t}:table-row>"));
        let mut col = 0;
        for (&(_, c), place) in places.range((r, 0)..(r, u32::MAX)) {
            if c > col {
                out.push_str(&padding_cells(n, c - col));
            }
            out.push_str(&new_cell(
                n,
                place,
                column_style(columns, c),
                styles,
                words,
            )?);
            col = c + 1;
        }
        out.push_str(&format!("</{t}:table-row>"));
        at = r + 1;
    }
    Ok(out)
}

/// The rows of an empty sheet's notes.
fn new_rows(
    from: u32,
    places: &BTreeMap<(u32, u32), Place>,
    n: &Names,
    styles: &mut NewStyles,
    words: &AnnotateWords,
) -> Result<String, String> {
    let refs: BTreeMap<(u32, u32), &Place> = places.iter().map(|(k, v)| (*k, v)).collect();
    rows_from(from, &refs, &[], n, styles, words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::Location;

    const ROOT: &str = "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">";

    fn edited(body: &str, styles: &str, notes: &[(Location, &str)]) -> String {
        let text = format!("{ROOT}<office:automatic-styles>{styles}</office:automatic-styles><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>");
        let notes: Vec<Note<'_>> = notes
            .iter()
            .map(|(location, text)| Note {
                location,
                text: text.to_string(),
            })
            .collect();
        let names = sheet_names(&text, "content.xml").unwrap();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let out = edit(
            &text,
            "content.xml",
            &places(&notes, &refs),
            &super::super::test_words(),
        )
        .unwrap();
        out[out.find("<office:automatic-styles>").unwrap()
            ..out.find("</office:spreadsheet>").unwrap()]
            .to_string()
    }

    #[test]
    fn repeated_rows_and_cells_are_split_around_the_note() {
        let body = "<table:table table:name=\"Gantt\"><table:table-column table:number-columns-repeated=\"3\" table:default-cell-style-name=\"co\"/><table:table-row table:number-rows-repeated=\"4\"><table:table-cell table:style-name=\"bar\" table:number-columns-repeated=\"3\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>";
        let styles = "<style:style style:name=\"bar\" style:family=\"table-cell\" style:parent-style-name=\"Default\"><style:table-cell-properties fo:background-color=\"#4472c4\" fo:border-left=\"0.5pt solid #000000\"/></style:style>";
        let out = edited(body, styles, &[(Location::cell("Gantt", 2, 1), "n")]);
        assert_eq!(
            out,
            "<office:automatic-styles><style:style style:name=\"bar\" style:family=\"table-cell\" style:parent-style-name=\"Default\"><style:table-cell-properties fo:background-color=\"#4472c4\" fo:border-left=\"0.5pt solid #000000\"/></style:style>\
<style:style style:name=\"livrable1\" style:family=\"table-cell\" style:parent-style-name=\"Default\"><style:table-cell-properties fo:background-color=\"#4472c4\" fo:border=\"0.06cm solid #e00000\"/></style:style></office:automatic-styles>\
<office:body><office:spreadsheet><table:table table:name=\"Gantt\"><table:table-column table:number-columns-repeated=\"3\" table:default-cell-style-name=\"co\"/>\
<table:table-row table:number-rows-repeated=\"2\"><table:table-cell table:style-name=\"bar\" table:number-columns-repeated=\"3\"><text:p>x</text:p></table:table-cell></table:table-row>\
<table:table-row><table:table-cell table:style-name=\"bar\"><text:p>x</text:p></table:table-cell>\
<table:table-cell table:style-name=\"livrable1\"><office:annotation><dc:creator>livrable</dc:creator><text:p>n</text:p></office:annotation><text:p>x</text:p></table:table-cell>\
<table:table-cell table:style-name=\"bar\"><text:p>x</text:p></table:table-cell></table:table-row>\
<table:table-row><table:table-cell table:style-name=\"bar\" table:number-columns-repeated=\"3\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
        );
    }

    #[test]
    fn cells_past_the_end_get_the_column_style_and_sheet_notes_go_on_a1() {
        let body = "<table:table table:name=\"Budget\"><table:table-column table:number-columns-repeated=\"2\"/><table:table-column table:default-cell-style-name=\"Montant\"/><table:table-row><table:table-cell><text:p>Poste</text:p></table:table-cell></table:table-row></table:table>";
        let sheet = Location {
            sheet: Some("Budget".into()),
            ..Location::default()
        };
        let out = edited(
            body,
            "",
            &[(Location::cell("Budget", 1, 2), "c"), (sheet, "f")],
        );
        assert!(out.starts_with("<office:automatic-styles><style:style style:name=\"livrable1\" style:family=\"table-cell\" style:parent-style-name=\"Montant\"><style:table-cell-properties fo:border=\"0.06cm solid #e00000\"/></style:style></office:automatic-styles>"), "{out}");
        assert!(out.contains("<table:table-row><table:table-cell><office:annotation><dc:creator>livrable</dc:creator><text:p>Sur l&apos;ensemble de la feuille</text:p><text:p>f</text:p></office:annotation><text:p>Poste</text:p></table:table-cell></table:table-row>\
<table:table-row><table:table-cell table:number-columns-repeated=\"2\"/><table:table-cell table:style-name=\"livrable1\"><office:annotation><dc:creator>livrable</dc:creator><text:p>c</text:p></office:annotation></table:table-cell></table:table-row></table:table>"), "{out}");
    }
}
