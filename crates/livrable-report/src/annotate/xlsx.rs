//! XLSX: each finding becomes a note on its cell (SpreadsheetML legacy comments: the
//! `comments` part, and the VML shapes that Excel needs to show them), and the cell gets a
//! red border on a copy of its style.
//!
//! Why a border and not a fill: a fill would replace the colour of a Gantt bar, and the
//! reader takes a filled empty cell for a bar (a copy must give the same findings as its
//! original); a border is seen by no check. The copy of the style keeps its fill, font and
//! number format: only its border is the added one.
//!
//! What is edited: the sheets that carry notes (the cells' `s` attribute, cells added
//! where the highlighted cell was never written, a `legacyDrawing` element), their
//! relationships, `styles.xml` (one border, and a copy of each highlighted cell's format
//! appended to `cellXfs`), `[Content_Types].xml`; a comments part and a VML drawing are
//! added per sheet. A sheet that already has notes keeps them: ours are added to its
//! comments part and drawing, and a cell that already has a note gets ours after it.
//! A cell's style from its row (`customFormat`) or its column (`<col style>`) is the base
//! of the copy when the cell itself was never written.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::{BytesStart, Event};

use super::cells::{places, Place};
use super::opc::{add_rels, main_part, read_rels, ContentTypes};
use super::package::{relative, rels_of, resolve, Package};
use super::xml::{attr, attr_local, escape, prefix_of, set_attr, text_of, Edits, Scan};
use super::{AnnotateWords, Note};

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const REL_STYLES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const REL_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// The highlight: a medium red line on the four sides.
const BORDER: &str = "<border><left style=\"medium\"><color rgb=\"FFE00000\"/></left><right style=\"medium\"><color rgb=\"FFE00000\"/></right><top style=\"medium\"><color rgb=\"FFE00000\"/></top><bottom style=\"medium\"><color rgb=\"FFE00000\"/></bottom><diagonal/></border>";

/// Worksheet children that come after `legacyDrawing` (ECMA-376 CT_Worksheet order): the
/// element is inserted before the first of them.
const AFTER_LEGACY_DRAWING: &[&str] = &[
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

/// A worksheet of the workbook.
struct Sheet {
    name: String,
    part: String,
}

pub(super) fn annotate(
    bytes: &[u8],
    notes: &[Note<'_>],
    words: &AnnotateWords,
) -> Result<Vec<u8>, String> {
    let mut pkg = Package::open(bytes)?;
    let workbook = main_part(&mut pkg, "xl/workbook.xml")?;
    let (sheets, styles_part) = sheets(&mut pkg, &workbook)?;
    if sheets.is_empty() {
        return Err("the workbook has no worksheet".into());
    }
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    let places = places(notes, &names);
    let styles_part = styles_part.ok_or("the workbook has no styles part")?;
    let styles_text = pkg
        .text(&styles_part)?
        .ok_or_else(|| format!("part {styles_part} is missing"))?;
    let mut styles = Styles::read(&styles_text, &styles_part)?;
    let mut types = ContentTypes::default();
    for (index, (sheet, places)) in sheets.iter().zip(&places).enumerate() {
        if !places.is_empty() {
            annotate_sheet(
                &mut pkg,
                index,
                sheet,
                places,
                &mut styles,
                &mut types,
                words,
            )?;
        }
    }
    if let Some(text) = styles.write(&styles_text) {
        pkg.put(&styles_part, text.into_bytes());
    }
    types.write(&mut pkg)?;
    pkg.finish()
}

/// The worksheets in the workbook's order, and the styles part.
fn sheets(pkg: &mut Package<'_>, workbook: &str) -> Result<(Vec<Sheet>, Option<String>), String> {
    let rels = read_rels(pkg, &rels_of(workbook))?;
    let text = pkg
        .text(workbook)?
        .ok_or_else(|| format!("part {workbook} is missing"))?;
    let mut scan = Scan::new(&text, workbook);
    let mut sheets = Vec::new();
    while let Some((event, _, _)) = scan.next()? {
        if let Event::Start(e) | Event::Empty(e) = &event {
            if e.local_name().as_ref() != "sheet" {
                continue;
            }
            let (Some(name), Some(id)) = (attr(e, "name"), rel_id(e)) else {
                continue;
            };
            if let Some(rel) = rels.iter().find(|r| r.id == id && r.kind == REL_WORKSHEET) {
                sheets.push(Sheet {
                    name,
                    part: resolve(workbook, &rel.target),
                });
            }
        }
    }
    let styles = rels
        .iter()
        .find(|r| r.kind == REL_STYLES)
        .map(|r| resolve(workbook, &r.target));
    Ok((sheets, styles))
}

/// The `r:id` of an element, whatever the prefix bound to the relationships namespace.
fn rel_id(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "r:id").or_else(|| attr_local(e, "id"))
}

/// `styles.xml`: the cell formats, and the copies made for highlighted cells.
struct Styles {
    /// Each `cellXfs/xf` element's text.
    xfs: Vec<String>,
    /// Where new `xf` elements go, and the `count` attribute to update.
    xfs_end: usize,
    xfs_tag: std::ops::Range<usize>,
    borders: usize,
    borders_end: Option<usize>,
    borders_tag: Option<std::ops::Range<usize>>,
    /// Original format index → its highlighted copy's index.
    copies: BTreeMap<u32, u32>,
}

impl Styles {
    fn read(text: &str, part: &str) -> Result<Styles, String> {
        let mut scan = Scan::new(text, part);
        let mut xfs = Vec::new();
        let mut xfs_end = None;
        let mut xfs_tag = None;
        let mut in_xfs = None;
        let mut xf_start = None;
        let mut borders = 0;
        let mut borders_end = None;
        let mut borders_tag = None;
        let mut in_borders = false;
        while let Some((event, range, depth)) = scan.next()? {
            match &event {
                Event::Start(e) if depth == 1 && e.local_name().as_ref() == "cellXfs" => {
                    in_xfs = Some(depth);
                    xfs_tag = Some(range);
                }
                Event::Start(e) if depth == 1 && e.local_name().as_ref() == "borders" => {
                    in_borders = true;
                    borders_tag = Some(range);
                }
                Event::Start(e) | Event::Empty(e)
                    if in_borders && depth == 2 && e.local_name().as_ref() == "border" =>
                {
                    borders += 1;
                }
                Event::End(e) if depth == 1 && e.local_name().as_ref() == "borders" => {
                    in_borders = false;
                    borders_end = Some(range.start);
                }
                Event::Empty(e)
                    if in_xfs.is_some() && depth == 2 && e.local_name().as_ref() == "xf" =>
                {
                    xfs.push(text[range].to_string());
                }
                Event::Start(e)
                    if in_xfs.is_some() && depth == 2 && e.local_name().as_ref() == "xf" =>
                {
                    xf_start = Some(range.start);
                }
                Event::End(e)
                    if in_xfs.is_some() && depth == 2 && e.local_name().as_ref() == "xf" =>
                {
                    if let Some(start) = xf_start.take() {
                        xfs.push(text[start..range.end].to_string());
                    }
                }
                Event::End(e) if depth == 1 && e.local_name().as_ref() == "cellXfs" => {
                    in_xfs = None;
                    xfs_end = Some(range.start);
                }
                _ => {}
            }
        }
        let (Some(xfs_end), Some(xfs_tag)) = (xfs_end, xfs_tag) else {
            return Err(format!("part {part} has no cell formats (cellXfs)"));
        };
        Ok(Styles {
            xfs,
            xfs_end,
            xfs_tag,
            borders,
            borders_end,
            borders_tag,
            copies: BTreeMap::new(),
        })
    }

    /// The index of the highlighted copy of format `s`.
    fn highlighted(&mut self, s: u32) -> u32 {
        let next = (self.xfs.len() + self.copies.len()) as u32;
        *self.copies.entry(s).or_insert(next)
    }

    /// `styles.xml` with the border and the copies, if any was made.
    fn write(&self, text: &str) -> Option<String> {
        if self.copies.is_empty() {
            return None;
        }
        let border_id = self.borders.to_string();
        let mut edits = Edits::default();
        // Without <borders> (never written by Excel or LibreOffice) the copies keep their
        // border: adding the element would need the schema's order of its siblings.
        if let (Some(end), Some(tag)) = (self.borders_end, &self.borders_tag) {
            edits.insert(end, BORDER.to_string());
            edits.replace(tag.clone(), count_tag(&text[tag.clone()], self.borders + 1));
        }
        let mut copies: Vec<(u32, u32)> = self.copies.iter().map(|(&s, &c)| (c, s)).collect();
        copies.sort();
        let mut xml = String::new();
        for (_, s) in copies {
            let original = self.xfs.get(s as usize).map(String::as_str).unwrap_or(
                "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
            );
            xml.push_str(&if self.borders_end.is_some() {
                with_border(original, &border_id)
            } else {
                original.to_string()
            });
        }
        edits.insert(self.xfs_end, xml);
        edits.replace(
            self.xfs_tag.clone(),
            count_tag(
                &text[self.xfs_tag.clone()],
                self.xfs.len() + self.copies.len(),
            ),
        );
        Some(edits.apply(text))
    }
}

/// A start tag with its `count` attribute set to `n`.
fn count_tag(tag: &str, n: usize) -> String {
    let mut reader = quick_xml::Reader::from_str(tag);
    match reader.read_event() {
        Ok(Event::Start(e)) if e.try_get_attribute("count").ok().flatten().is_some() => {
            set_attr(&e, "count", &n.to_string(), false)
        }
        _ => tag.to_string(),
    }
}

/// An `xf` element with its border replaced.
fn with_border(xf: &str, border_id: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xf);
    let (tag, rest, empty) = match reader.read_event() {
        Ok(Event::Empty(e)) => (e, "", true),
        Ok(Event::Start(e)) => {
            let end = reader.buffer_position() as usize;
            (e, &xf[end..], false)
        }
        _ => return xf.to_string(),
    };
    let start = set_attr(&tag, "borderId", border_id, false);
    let start = {
        let mut r = quick_xml::Reader::from_str(&start);
        match r.read_event() {
            Ok(Event::Start(e)) => set_attr(&e, "applyBorder", "1", empty),
            _ => start.clone(),
        }
    };
    format!("{start}{rest}")
}

/// `C12` → (11, 2), 0-based.
fn parse_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for b in r[..letters].bytes() {
        col = col * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u32;
    }
    let row: u32 = r[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The notes of one sheet: its cells highlighted, its comments written.
#[allow(clippy::too_many_arguments)]
fn annotate_sheet(
    pkg: &mut Package<'_>,
    index: usize,
    sheet: &Sheet,
    places: &BTreeMap<(u32, u32), Place>,
    styles: &mut Styles,
    types: &mut ContentTypes,
    words: &AnnotateWords,
) -> Result<(), String> {
    let part = &sheet.part;
    let text = pkg
        .text(part)?
        .ok_or_else(|| format!("part {part} is missing"))?;
    let highlight: BTreeSet<(u32, u32)> = places
        .iter()
        .filter(|(_, p)| p.highlighted())
        .map(|(&c, _)| c)
        .collect();
    let edit = edit_sheet(&text, part, &highlight, styles)?;
    let mut edits = edit.edits;
    let rels = read_rels(pkg, &rels_of(part))?;
    // The sheet's existing notes, if it has some.
    let vml_part = edit
        .legacy_drawing
        .as_ref()
        .and_then(|id| rels.iter().find(|r| &r.id == id && r.kind == REL_VML))
        .map(|r| resolve(part, &r.target));
    let comments_part = rels
        .iter()
        .find(|r| r.kind == REL_COMMENTS)
        .map(|r| resolve(part, &r.target));
    let existing = match &comments_part {
        Some(p) => pkg.text(p)?,
        None => None,
    };
    let (comments, commented) = comments_xml(
        existing.as_deref(),
        comments_part.as_deref().unwrap_or(""),
        places,
        words,
    )?;
    let mut new_rels: Vec<(&str, String)> = Vec::new();
    let comments_part = match comments_part {
        Some(p) => p,
        None => {
            let p = pkg.free_name(|n| format!("xl/comments{n}.xml"));
            new_rels.push((REL_COMMENTS, relative(part, &p)));
            types.add_override(&p, CT_COMMENTS);
            p
        }
    };
    pkg.put(&comments_part, comments.into_bytes());
    let new_cells: Vec<(u32, u32)> = places
        .keys()
        .copied()
        .filter(|c| !commented.contains(c))
        .collect();
    match vml_part {
        Some(vml) => {
            let existing = pkg.text(&vml)?.unwrap_or_default();
            pkg.put(&vml, merge_vml(&existing, &new_cells).into_bytes());
        }
        None => {
            let vml = pkg.free_name(|n| format!("xl/drawings/vmlDrawing{n}.vml"));
            pkg.put(&vml, new_vml(index, &new_cells).into_bytes());
            types.add_default("vml", CT_VML);
            new_rels.push((REL_VML, relative(part, &vml)));
            let ids = add_rels(pkg, part, &new_rels)?;
            let vml_id = ids.last().cloned().unwrap_or_default();
            let r = match &edit.rel_prefix {
                Some(p) => format!("{p}:id=\"{vml_id}\""),
                None => format!("xmlns:r=\"{REL_NS}\" r:id=\"{vml_id}\""),
            };
            edits.insert(
                edit.legacy_at,
                format!("<{}legacyDrawing {r}/>", edit.prefix),
            );
            new_rels.clear();
        }
    }
    if !new_rels.is_empty() {
        add_rels(pkg, part, &new_rels)?;
    }
    pkg.put(part, edits.apply(&text).into_bytes());
    Ok(())
}

/// What editing a sheet found and changed.
struct SheetEdit {
    edits: Edits,
    /// The `r:id` of the sheet's `legacyDrawing`, when it has one already.
    legacy_drawing: Option<String>,
    /// Where a `legacyDrawing` element goes.
    legacy_at: usize,
    /// The prefix of the sheet's elements (`x:` in files of the Open XML SDK), and the one
    /// bound to the relationships namespace.
    prefix: String,
    rel_prefix: Option<String>,
}

/// How cells are written into one sheet: the element prefix and the column styles.
struct Writer {
    prefix: String,
    /// `<col min max style>`: 1-based column ranges and their format.
    columns: Vec<(u32, u32, u32)>,
}

impl Writer {
    /// The format a cell never written shows: its row's (when the row is formatted), else
    /// its column's, else the default.
    fn base(&self, row_style: Option<u32>, col: u32) -> u32 {
        row_style
            .or_else(|| {
                self.columns
                    .iter()
                    .find(|(min, max, _)| (*min..=*max).contains(&(col + 1)))
                    .map(|c| c.2)
            })
            .unwrap_or(0)
    }

    /// A highlighted empty cell.
    fn cell(&self, styles: &mut Styles, (r, c): (u32, u32), row_style: Option<u32>) -> String {
        format!(
            "<{}c r=\"{}\" s=\"{}\"/>",
            self.prefix,
            livrable_model::location::cell_ref(r, c),
            styles.highlighted(self.base(row_style, c))
        )
    }

    /// New rows holding the highlighted empty cells of `cells`.
    fn rows(&self, styles: &mut Styles, cells: &BTreeSet<(u32, u32)>) -> String {
        let mut rows: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for &(r, c) in cells {
            rows.entry(r).or_default().push(c);
        }
        let p = &self.prefix;
        let mut xml = String::new();
        for (r, cols) in rows {
            xml.push_str(&format!("<{p}row r=\"{}\">", r + 1));
            for c in cols {
                xml.push_str(&self.cell(styles, (r, c), None));
            }
            xml.push_str(&format!("</{p}row>"));
        }
        xml
    }
}

/// An empty tag written as a start tag: `<row r="5"/>` → `<row r="5">`.
pub(super) fn opened(empty_tag: &str) -> String {
    empty_tag.trim_end_matches("/>").trim_end().to_string() + ">"
}

/// Highlights the cells of `highlight` in a sheet's XML: their `s` set to a highlighted
/// copy of their format, cells and rows added where they were never written (rows and
/// cells stay in order, as Excel requires).
fn edit_sheet(
    text: &str,
    part: &str,
    highlight: &BTreeSet<(u32, u32)>,
    styles: &mut Styles,
) -> Result<SheetEdit, String> {
    let mut scan = Scan::new(text, part);
    let mut edits = Edits::default();
    let mut pending: BTreeSet<(u32, u32)> = highlight.clone();
    let mut w = Writer {
        prefix: String::new(),
        columns: Vec::new(),
    };
    let mut rel_prefix = None;
    let mut legacy_drawing = None;
    let mut legacy_at = None;
    let mut row: Option<(u32, Option<u32>)> = None;
    let mut last_row: i64 = -1;
    let mut last_col: i64 = -1;
    let mut after_data = false;
    while let Some((event, range, depth)) = scan.next()? {
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(e) if depth == 0 => {
                if let Some((p, _)) = e.name().as_ref().split_once(':') {
                    w.prefix = format!("{p}:");
                }
                rel_prefix = prefix_of(e, REL_NS);
            }
            Event::Start(e) | Event::Empty(e) if depth == 2 && e.local_name().as_ref() == "col" => {
                let n = |name| attr(e, name).and_then(|v| v.parse::<u32>().ok());
                if let (Some(min), Some(max), Some(style)) = (n("min"), n("max"), n("style")) {
                    w.columns.push((min, max, style));
                }
            }
            Event::Empty(e) if depth == 1 && e.local_name().as_ref() == "sheetData" => {
                let rows = w.rows(styles, &pending);
                pending.clear();
                let p = &w.prefix;
                edits.replace(
                    range.clone(),
                    format!("{}{rows}</{p}sheetData>", opened(&text[range])),
                );
                after_data = true;
            }
            Event::Start(e) | Event::Empty(e) if depth == 2 && e.local_name().as_ref() == "row" => {
                let r = attr(e, "r")
                    .and_then(|v| v.parse::<u32>().ok())
                    .and_then(|v| v.checked_sub(1))
                    .unwrap_or((last_row + 1) as u32);
                last_row = r as i64;
                last_col = -1;
                let before: BTreeSet<(u32, u32)> =
                    pending.iter().copied().filter(|p| p.0 < r).collect();
                if !before.is_empty() {
                    edits.insert(range.start, w.rows(styles, &before));
                    pending.retain(|p| p.0 >= r);
                }
                let custom = attr(e, "customFormat").is_some_and(|v| v == "1" || v == "true");
                let row_style = if custom {
                    attr(e, "s").and_then(|v| v.parse().ok())
                } else {
                    None
                };
                let here: Vec<(u32, u32)> = pending.iter().copied().filter(|p| p.0 == r).collect();
                if empty {
                    if !here.is_empty() {
                        let mut xml = opened(&text[range.clone()]);
                        for cell in &here {
                            xml.push_str(&w.cell(styles, *cell, row_style));
                            pending.remove(cell);
                        }
                        xml.push_str(&format!("</{}row>", w.prefix));
                        edits.replace(range, xml);
                    }
                    row = None;
                } else {
                    row = Some((r, row_style));
                }
            }
            Event::Start(e) | Event::Empty(e) if depth == 3 && e.local_name().as_ref() == "c" => {
                let Some((r, row_style)) = row else { continue };
                let col = attr(e, "r")
                    .and_then(|v| parse_ref(&v))
                    .map(|(_, c)| c)
                    .unwrap_or((last_col + 1) as u32);
                last_col = col as i64;
                let before: Vec<(u32, u32)> = pending
                    .iter()
                    .copied()
                    .filter(|p| p.0 == r && p.1 < col)
                    .collect();
                for cell in before {
                    edits.insert(range.start, w.cell(styles, cell, row_style));
                    pending.remove(&cell);
                }
                if pending.remove(&(r, col)) {
                    let s = attr(e, "s")
                        .and_then(|v| v.parse::<u32>().ok())
                        .unwrap_or(0);
                    let copy = styles.highlighted(s);
                    edits.replace(range, set_attr(e, "s", &copy.to_string(), empty));
                }
            }
            Event::End(e) if depth == 2 && e.local_name().as_ref() == "row" => {
                if let Some((r, row_style)) = row.take() {
                    let rest: Vec<(u32, u32)> =
                        pending.iter().copied().filter(|p| p.0 == r).collect();
                    for cell in rest {
                        edits.insert(range.start, w.cell(styles, cell, row_style));
                        pending.remove(&cell);
                    }
                }
            }
            Event::End(e) if depth == 1 && e.local_name().as_ref() == "sheetData" => {
                if !pending.is_empty() {
                    edits.insert(range.start, w.rows(styles, &pending));
                    pending.clear();
                }
                after_data = true;
            }
            Event::Start(e) | Event::Empty(e) if depth == 1 && after_data => {
                let local = e.local_name();
                if local.as_ref() == "legacyDrawing" {
                    legacy_drawing = rel_id(e);
                }
                if legacy_at.is_none() && AFTER_LEGACY_DRAWING.contains(&local.as_ref()) {
                    legacy_at = Some(range.start);
                }
            }
            Event::End(_) if depth == 0 => {
                legacy_at.get_or_insert(range.start);
            }
            _ => {}
        }
    }
    Ok(SheetEdit {
        edits,
        legacy_drawing,
        legacy_at: legacy_at.ok_or_else(|| format!("part {part} has no worksheet element"))?,
        prefix: w.prefix,
        rel_prefix,
    })
}

/// A note's rich text: the author in bold, as Excel writes it, then the findings. `lead`
/// separates it from the text of a note already there.
fn note_runs(p: &str, words: &AnnotateWords, place: &Place, lead: &str) -> String {
    let font = format!("<{p}sz val=\"9\"/><{p}rFont val=\"Tahoma\"/>");
    format!(
        "<{p}r><{p}rPr><{p}b/>{font}</{p}rPr><{p}t xml:space=\"preserve\">{lead}{}:</{p}t></{p}r><{p}r><{p}rPr>{font}</{p}rPr><{p}t xml:space=\"preserve\">\n{}</{p}t></{p}r>",
        escape(&words.author),
        escape(&place.text(words))
    )
}

/// The comments part with a note per place: a new part, or the existing one with the
/// notes added (a cell that already has a note gets ours after its text). Returns the
/// part and the cells that already had a note (they have a VML shape already).
fn comments_xml(
    existing: Option<&str>,
    part: &str,
    places: &BTreeMap<(u32, u32), Place>,
    words: &AnnotateWords,
) -> Result<(String, BTreeSet<(u32, u32)>), String> {
    let Some(text) = existing else {
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"{MAIN_NS}\"><authors><author>{}</author></authors><commentList>",
            escape(&words.author)
        );
        for (&(r, c), place) in places {
            xml.push_str(&format!(
                "<comment ref=\"{}\" authorId=\"0\"><text>{}</text></comment>",
                livrable_model::location::cell_ref(r, c),
                note_runs("", words, place, "")
            ));
        }
        xml.push_str("</commentList></comments>");
        return Ok((xml, BTreeSet::new()));
    };
    let mut scan = Scan::new(text, part);
    let mut edits = Edits::default();
    let mut p = String::new();
    let mut authors = 0usize;
    let mut author_id = None;
    let mut authors_end = None;
    let mut author: Option<String> = None;
    let mut list_end = None;
    let mut current: Option<(u32, u32)> = None;
    let mut commented = BTreeSet::new();
    while let Some((event, range, depth)) = scan.next()? {
        match &event {
            Event::Start(e) if depth == 0 => {
                if let Some((prefix, _)) = e.name().as_ref().split_once(':') {
                    p = format!("{prefix}:");
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "author" => author = Some(String::new()),
            Event::Empty(e) if e.local_name().as_ref() == "author" => authors += 1,
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                if let (Some(a), Some(t)) = (author.as_mut(), text_of(&event)) {
                    a.push_str(&t);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "author" => {
                if author.take().as_deref() == Some(words.author.as_str()) && author_id.is_none() {
                    author_id = Some(authors);
                }
                authors += 1;
            }
            Event::End(e) if e.local_name().as_ref() == "authors" => {
                authors_end = Some(range.start)
            }
            Event::Start(e) if e.local_name().as_ref() == "comment" => {
                current = attr(e, "ref").and_then(|r| parse_ref(&r));
            }
            Event::End(e) if e.local_name().as_ref() == "text" => {
                if let Some(place) = current.and_then(|c| places.get(&c).map(|p| (c, p))) {
                    if commented.insert(place.0) {
                        edits.insert(range.start, note_runs(&p, words, place.1, "\n\n"));
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "comment" => current = None,
            Event::End(e) if e.local_name().as_ref() == "commentList" => {
                list_end = Some(range.start)
            }
            _ => {}
        }
    }
    let author_id = match author_id {
        Some(id) => id,
        None => {
            let at = authors_end.ok_or_else(|| format!("part {part} has no authors"))?;
            edits.insert(
                at,
                format!("<{p}author>{}</{p}author>", escape(&words.author)),
            );
            authors
        }
    };
    let at = list_end.ok_or_else(|| format!("part {part} has no comment list"))?;
    let mut xml = String::new();
    for (&(r, c), place) in places {
        if !commented.contains(&(r, c)) {
            xml.push_str(&format!(
                "<{p}comment ref=\"{}\" authorId=\"{author_id}\"><{p}text>{}</{p}text></{p}comment>",
                livrable_model::location::cell_ref(r, c),
                note_runs(&p, words, place, "")
            ));
        }
    }
    edits.insert(at, xml);
    Ok((edits.apply(text), commented))
}

const VML_NS: &str = "xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"";

const SHAPETYPE: &str = "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>";

/// The VML shape that shows a note (Excel draws a note from it; LibreOffice reads it for
/// the note's size), hidden until the cell is pointed at, as Excel makes them.
fn shape(id: u64, (r, c): (u32, u32), declare: bool) -> String {
    let ns = if declare {
        format!(" {VML_NS}")
    } else {
        String::new()
    };
    format!(
        "<v:shape{ns} id=\"_x0000_s{id}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:220pt;height:110pt;z-index:{id};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {}, 2, {}, 15, {}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{r}</x:Row><x:Column>{c}</x:Column></x:ClientData></v:shape>",
        c + 1,
        r,
        c + 4,
        r + 7
    )
}

/// A new VML drawing for a sheet's notes. Its shape ids are in a block of its own
/// (`o:idmap`), numbered from the sheet's position so that two sheets never share one.
fn new_vml(index: usize, cells: &[(u32, u32)]) -> String {
    let block = 100 + index as u64;
    let mut xml = format!("<xml {VML_NS}><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{block}\"/></o:shapelayout>{SHAPETYPE}");
    for (n, cell) in cells.iter().enumerate() {
        xml.push_str(&shape(block * 1024 + 1 + n as u64, *cell, false));
    }
    xml.push_str("</xml>");
    xml
}

/// An existing VML drawing with shapes added for new notes (each shape declares its
/// namespaces: the drawing's prefixes are whatever the writing tool chose).
fn merge_vml(existing: &str, cells: &[(u32, u32)]) -> String {
    let mut max_id = 0u64;
    let mut rest = existing;
    while let Some(i) = rest.find("_x0000_s") {
        rest = &rest[i + 8..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        max_id = max_id.max(digits.parse().unwrap_or(0));
    }
    let mut xml = String::new();
    if !existing.contains("\"_x0000_t202\"") {
        xml.push_str(&SHAPETYPE.replacen("<v:shapetype", &format!("<v:shapetype {VML_NS}"), 1));
    }
    for (n, cell) in cells.iter().enumerate() {
        xml.push_str(&shape(max_id.max(1024) + 1 + n as u64, *cell, true));
    }
    match existing.rfind("</xml>") {
        Some(at) => format!("{}{xml}{}", &existing[..at], &existing[at..]),
        None => new_vml(0, cells),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("C12"), Some((11, 2)));
        assert_eq!(parse_ref("AA3"), Some((2, 26)));
        assert_eq!(parse_ref("A0"), None);
        assert_eq!(parse_ref("12"), None);
    }

    #[test]
    fn xf_copies_get_the_border() {
        assert_eq!(
            with_border("<xf numFmtId=\"0\" fontId=\"0\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>", "5"),
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"2\" borderId=\"5\" xfId=\"0\" applyFill=\"1\" applyBorder=\"1\"/>"
        );
        assert_eq!(
            with_border("<xf borderId=\"1\"><alignment wrapText=\"1\"/></xf>", "2"),
            "<xf borderId=\"2\" applyBorder=\"1\"><alignment wrapText=\"1\"/></xf>"
        );
    }

    fn styles() -> Styles {
        let text = "<styleSheet><borders count=\"1\"><border/></borders><cellXfs count=\"2\"><xf borderId=\"0\"/><xf fillId=\"2\" borderId=\"0\"/></cellXfs></styleSheet>";
        Styles::read(text, "s").unwrap()
    }

    #[test]
    fn missing_cells_and_rows_are_added_in_order() {
        let sheet = "<worksheet xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><cols><col min=\"3\" max=\"3\" style=\"1\"/></cols><sheetData><row r=\"2\"><c r=\"B2\" s=\"1\"><v>1</v></c><c r=\"D2\"/></row><row r=\"5\" s=\"1\" customFormat=\"1\"/></sheetData><pageMargins/><tableParts/></worksheet>";
        let mut st = styles();
        let cells: BTreeSet<(u32, u32)> = [
            (0, 0),
            (1, 0),
            (1, 1),
            (1, 2),
            (1, 4),
            (3, 2),
            (4, 0),
            (6, 1),
        ]
        .into();
        let edit = edit_sheet(sheet, "s", &cells, &mut st).unwrap();
        assert_eq!(&sheet[edit.legacy_at..edit.legacy_at + 12], "<tableParts/");
        let out = edit.edits.apply(sheet);
        assert_eq!(
            out,
            "<worksheet xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><cols><col min=\"3\" max=\"3\" style=\"1\"/></cols><sheetData>\
<row r=\"1\"><c r=\"A1\" s=\"2\"/></row>\
<row r=\"2\"><c r=\"A2\" s=\"2\"/><c r=\"B2\" s=\"3\"><v>1</v></c><c r=\"C2\" s=\"3\"/><c r=\"D2\"/><c r=\"E2\" s=\"2\"/></row>\
<row r=\"4\"><c r=\"C4\" s=\"3\"/></row>\
<row r=\"5\" s=\"1\" customFormat=\"1\"><c r=\"A5\" s=\"3\"/></row>\
<row r=\"7\"><c r=\"B7\" s=\"2\"/></row></sheetData><pageMargins/><tableParts/></worksheet>"
        );
        assert_eq!(st.copies, [(0, 2), (1, 3)].into());
        let written = st
            .write("<styleSheet><borders count=\"1\"><border/></borders><cellXfs count=\"2\"><xf borderId=\"0\"/><xf fillId=\"2\" borderId=\"0\"/></cellXfs></styleSheet>")
            .unwrap();
        assert!(
            written.contains("<borders count=\"2\"><border/><border><left style=\"medium\">"),
            "{written}"
        );
        assert!(written.ends_with("<cellXfs count=\"4\"><xf borderId=\"0\"/><xf fillId=\"2\" borderId=\"0\"/><xf borderId=\"1\" applyBorder=\"1\"/><xf fillId=\"2\" borderId=\"1\" applyBorder=\"1\"/></cellXfs></styleSheet>"), "{written}");
    }
}
