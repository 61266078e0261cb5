//! DOCX reader (Word, Google Docs and LibreOffice exports): paragraphs, headings, list
//! items, tables, links, images with their alternative text, and document properties,
//! read with zip + quick-xml into the one document model.
//!
//! Why not a DOCX crate: docx-rs drops images' alternative text (what the accessibility
//! checks need most) and brings its own zip, quick-xml and `image`; the parts needed here
//! are a few elements of `document.xml`, `styles.xml` and the relationships.
//!
//! # What is read
//!
//! - **Text**: the body's paragraphs in order, each on its own line of
//!   [`Document::text`] (see [`crate::office`]); text boxes after the paragraph that
//!   anchors them; table rows as lines of tab-separated cells. Deleted text of tracked
//!   changes, field instructions, and the fallback copies Word writes for old readers
//!   (`mc:Fallback`) are left out.
//! - **Headings**: a paragraph's level is its outline level, from its own properties
//!   (`w:outlineLvl`) or else from its style, following `w:basedOn` chains (at most
//!   [`MAX_BASED_ON`] steps): the first style on the chain with an outline level, or whose
//!   *name* (not id: French Word names its style id `Titre1`) is `heading N` or `Titre N`,
//!   gives the level. Outline level 0 is h1; levels past 6 count as 6 (the model has six).
//!   A paragraph in the **Title** style (`Title`/`Titre`) is a level-1 heading only when
//!   the document has no other level-1 heading (see [`crate::office::Out::resolve_titles`]).
//! - **List items**: numbered or bulleted paragraphs (`w:numPr` on the paragraph or its
//!   style, `numId` not 0).
//! - **Tables** (`w:tbl`): rows of cells typed as French numbers and dates
//!   ([`livrable_model::french`]), merged cells (`w:gridSpan`, `w:vMerge`) as merged ranges
//!   with empty cells under them, the table's alternative-text title (`w:tblCaption`) as
//!   its name. A table inside a cell is read as text of that cell.
//! - **Links**: `w:hyperlink` through the relationships (`r:id`) or to a bookmark
//!   (`w:anchor`, as `#name`), and `HYPERLINK` fields (simple and complex), which is how a
//!   table of contents links to its headings.
//! - **Images** (pictures, charts, SmartArt): alternative text from `wp:docPr`'s `descr`
//!   (or its `title` when `descr` is blank), `None` when neither is written; Word's
//!   "decorative" flag (`adec:decorative`); a link on the picture (`a:hlinkClick`); the
//!   embedded file's size in bytes and, for PNG, GIF, JPEG and BMP, its pixel size from
//!   its header (a picture's `wp:extent` is its size on the page, not in pixels). Old
//!   VML pictures (`v:imagedata`, from converted `.doc` files, and the previews of
//!   embedded objects, `w:object`) take `v:shape`'s `alt`.
//! - **Properties**: `dc:title`, `dc:description`, `dc:language` (else the default
//!   language of `styles.xml`, `w:docDefaults`' `w:lang`), and the page count Word last
//!   saved (`docProps/app.xml`).
//!
//! - **Empty paragraphs** give no block, heading-styled or not: Word shows no empty
//!   heading in its navigation pane, and a blank line left in a heading style is not a
//!   heading a reader meets.
//!
//! - **Layout** ([`livrable_model::Layout`]): each body paragraph and each cell of a body
//!   table is a unit, numbered as [`livrable_model::Location::paragraph`] and
//!   [`livrable_model::TableCell`] say (the engine locates findings with it); pages begin
//!   at Word's record of its last rendering (`w:lastRenderedPageBreak`) and at explicit
//!   breaks: a page break (`w:br w:type="page"`), a paragraph set to start a page
//!   (`w:pageBreakBefore` in its own properties), and a section break that starts a new
//!   page (`w:sectPr` in a paragraph's properties, of type `nextPage`, `oddPage` or
//!   `evenPage`, the first being the default). Not counted: page breaks that styles imply
//!   (`w:pageBreakBefore` in a style) and breaks inside text boxes; a file that Word has
//!   not saved (written by a library) records no rendering, and its pages are then
//!   counted from its explicit breaks alone, as estimates.
//!
//! Locations of blocks, links, images and cells are spans into the extracted text; pages,
//! paragraphs and table cells are in the layout.
//!
//! # Not read
//!
//! Headers, footers, footnotes, endnotes and comments (other parts); text hidden by
//! formatting; shapes without a picture (their text boxes are read); images are facts only
//! and are never written out. A damaged `styles.xml` makes the file unreadable (its
//! headings could not be told); a damaged relationships part loses links and image files.

use std::collections::HashMap;

use livrable_model::french::fold;
use livrable_model::{BlockKind, Document, Format, Image, Layout, TableCell, Unit, UnitKind};
use quick_xml::events::{BytesStart, Event};

use crate::office::{
    attr, attr_local, is_on, package_parts, read_app_number, read_properties, read_rels, rel_id,
    Out, Package, Parts, Rel, TableBuilder, Xml, MAX_SPAN,
};
use crate::{Limits, Read};

/// Longest `w:basedOn` chain followed: Word's own styles chain two or three deep; the
/// bound also cuts cycles.
pub const MAX_BASED_ON: usize = 16;

/// Most fields, links, drawings open at once: real documents nest two or three.
const MAX_OPEN: usize = 64;

/// Reads a DOCX file's bytes.
pub fn read(path: &str, bytes: &[u8], limits: &Limits) -> Read {
    match read_docx(path, bytes, limits) {
        Ok(doc) => Read {
            doc: Some(doc),
            problems: Vec::new(),
        },
        Err(reason) => Read::unreadable(reason),
    }
}

fn read_docx(path: &str, bytes: &[u8], limits: &Limits) -> Result<Document, String> {
    let mut pkg = Package::open(bytes, limits, "DOCX document", ".docx")?;
    let Parts { main, core, app } = package_parts(&mut pkg, "word/document.xml");
    let Some(xml) = pkg.read_text(&main)? else {
        return Err(
            "the file is not a DOCX document: it has no word/document.xml (another kind of zip renamed?)"
                .to_string(),
        );
    };
    let rels = read_rels(&mut pkg, &main).unwrap_or_default();
    let styles_part = rels
        .values()
        .find(|r| r.kind == "styles" && !r.external)
        .map_or_else(|| "word/styles.xml".to_string(), |r| r.target.clone());
    let styles = match pkg.read_text(&styles_part)? {
        Some(text) => Styles::parse(&text, &styles_part)?,
        None => Styles::default(),
    };

    let mut doc = Document::new(path, Format::Docx);
    read_properties(&mut pkg, &core, &mut doc.meta);
    if doc.meta.lang.is_none() {
        doc.meta.lang = styles.lang.clone();
    }
    doc.meta.pages = read_app_number(&mut pkg, &app, "Pages");

    let body = Body {
        styles: &styles,
        rels: &rels,
        frames: vec![Frame::default()],
        fields: Vec::new(),
        fields_overflow: 0,
        hyperlinks: Vec::new(),
        drawings: Vec::new(),
        picts: Vec::new(),
        in_t: false,
        in_instr: false,
        in_run: 0,
        layout: Layout::default(),
        paragraphs: 0,
        body_tables: 0,
    };
    let (out, mut layout) = body.read(&xml, &main, &mut pkg)?;
    out.into_document(&mut doc);
    layout.finish();
    doc.layout = layout;
    Ok(doc)
}

/// One paragraph style of `styles.xml`.
#[derive(Debug, Default, Clone)]
struct StyleDef {
    name: Option<String>,
    based_on: Option<String>,
    /// `w:outlineLvl` (0 = h1, 9 = body text).
    outline: Option<u8>,
    /// `w:numPr`: `Some(false)` when the style turns numbering off (`numId` 0).
    numbered: Option<bool>,
}

/// What a paragraph's style makes of it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Resolved {
    heading: Option<u8>,
    title: bool,
    list: bool,
}

/// The paragraph styles of a document, by id, and its default language.
#[derive(Debug, Default)]
struct Styles {
    defs: HashMap<String, StyleDef>,
    /// The style of paragraphs that name none (`w:default="1"`, usually "Normal").
    default_para: Option<String>,
    lang: Option<String>,
}

impl Styles {
    fn parse(text: &str, part: &str) -> Result<Styles, String> {
        let mut styles = Styles::default();
        let mut xml = Xml::new(text, part);
        let mut current: Option<(String, StyleDef)> = None;
        let mut in_defaults = false;
        let mut in_ppr = false;
        let mut in_numpr = false;
        loop {
            let event = xml.next()?;
            let (e, is_start) = match &event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        "style" => {
                            if let Some((id, def)) = current.take() {
                                if styles.defs.len() < 100_000 {
                                    styles.defs.insert(id, def);
                                }
                            }
                        }
                        "docDefaults" => in_defaults = false,
                        "pPr" => in_ppr = false,
                        "numPr" => in_numpr = false,
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => return Ok(styles),
                _ => continue,
            };
            match e.local_name().as_ref() {
                "latentStyles" | "pPrChange" | "rPrChange" if is_start => xml.skip()?,
                "docDefaults" => in_defaults = is_start,
                "lang" if in_defaults && styles.lang.is_none() => {
                    styles.lang = attr(e, "w:val").filter(|v| !v.trim().is_empty());
                }
                "style" => {
                    let is_para = attr(e, "w:type").as_deref() == Some("paragraph");
                    match (is_para, attr(e, "w:styleId")) {
                        (true, Some(id)) => {
                            if attr(e, "w:default").is_some_and(|v| is_on(&v)) {
                                styles.default_para = Some(id.clone());
                            }
                            if is_start {
                                current = Some((id, StyleDef::default()));
                            } else {
                                styles.defs.entry(id).or_default();
                            }
                        }
                        _ if is_start => xml.skip()?,
                        _ => {}
                    }
                }
                "name" => {
                    if let Some((_, def)) = current.as_mut() {
                        def.name = attr(e, "w:val");
                    }
                }
                "basedOn" => {
                    if let Some((_, def)) = current.as_mut() {
                        def.based_on = attr(e, "w:val");
                    }
                }
                "pPr" => in_ppr = is_start && current.is_some(),
                "outlineLvl" if in_ppr => {
                    if let Some((_, def)) = current.as_mut() {
                        def.outline = attr(e, "w:val").and_then(|v| v.trim().parse().ok());
                    }
                }
                "numPr" if in_ppr => in_numpr = is_start,
                "numId" if in_numpr => {
                    if let Some((_, def)) = current.as_mut() {
                        def.numbered = Some(attr(e, "w:val").is_some_and(|v| v.trim() != "0"));
                    }
                }
                _ => {}
            }
        }
    }

    /// Resolves a paragraph style (its id; `None` for the default style) along its
    /// `w:basedOn` chain: for each property, the nearest style that sets it decides.
    fn resolve(&self, id: Option<&str>) -> Resolved {
        let mut id = id.or(self.default_para.as_deref());
        let mut heading: Option<Option<u8>> = None;
        let mut title = None;
        let mut list = None;
        for _ in 0..MAX_BASED_ON {
            let Some(cur) = id else { break };
            let def = self.defs.get(cur);
            // A style without a name (or not defined at all) is known by its id.
            let name = def.and_then(|d| d.name.as_deref()).unwrap_or(cur);
            if heading.is_none() {
                if let Some(level) = def.and_then(|d| d.outline) {
                    heading = Some(outline_level(level));
                } else if let Some(level) = heading_name_level(name) {
                    heading = Some(Some(level));
                }
            }
            if title.is_none() && is_title_name(name) {
                title = Some(true);
            }
            if list.is_none() {
                list = def.and_then(|d| d.numbered);
            }
            id = def.and_then(|d| d.based_on.as_deref());
        }
        Resolved {
            heading: heading.flatten(),
            title: title.unwrap_or(false),
            list: list.unwrap_or(false),
        }
    }
}

/// Outline level 0–8 → heading 1–6 (deeper levels count as 6); 9 and above: body text.
fn outline_level(level: u8) -> Option<u8> {
    (level < 9).then(|| (level + 1).min(6))
}

/// `heading 2`, `Heading 2`, `Titre 2` (and the ids `Heading2`, `Titre2` when a style has
/// no name) → 2. Levels past 6 count as 6.
fn heading_name_level(name: &str) -> Option<u8> {
    let folded = fold(name);
    let folded = folded.trim();
    ["heading", "titre"].iter().find_map(|prefix| {
        let level: u8 = folded.strip_prefix(prefix)?.trim().parse().ok()?;
        (1..=9).contains(&level).then(|| level.min(6))
    })
}

/// Word's "Title" style, under its English or French name.
fn is_title_name(name: &str) -> bool {
    matches!(fold(name).trim(), "title" | "titre")
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    start: usize,
    style: Option<String>,
    outline: Option<u8>,
    numbered: Option<bool>,
    /// Inside a table cell: its text belongs to the cell.
    in_cell: bool,
    /// Its number, for a paragraph of the body (not in a table or a text box).
    number: Option<u32>,
    /// Its properties end a section that starts the next one on a new page.
    section_break: bool,
}

/// How a cell continues a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    Restart,
    Continue,
}

/// A table being read.
#[derive(Debug, Default)]
struct Tbl {
    builder: TableBuilder,
    /// Tables opened inside one of its cells, read as that cell's text.
    nested: usize,
    /// The open cell's grid column, span and vertical merge.
    col: u32,
    span: u32,
    vmerge: Option<VMerge>,
    /// Vertical merges under way, by grid column: (first row, last row, columns).
    merges: HashMap<u32, (u32, u32, u32)>,
    /// Its number, for a table of the body (not in another table or a text box).
    number: Option<u32>,
    /// Where the open cell's text starts, for the layout.
    cell_start: usize,
}

impl Tbl {
    fn end_cell(&mut self, out: &mut Out) {
        self.builder.end_cell(out);
        let span = self.span.clamp(1, MAX_SPAN);
        self.builder.fillers(out, span - 1);
        let (row, col) = (self.builder.row_index(), self.col);
        match self.vmerge {
            Some(VMerge::Restart) => {
                if let Some(old) = self.merges.insert(col, (row, row, span)) {
                    self.close_merge(col, old);
                }
            }
            Some(VMerge::Continue) => match self.merges.get_mut(&col) {
                Some(m) => m.1 = row,
                None => self.builder.merge((row, col, row, col + span - 1)),
            },
            None => {
                if let Some(old) = self.merges.remove(&col) {
                    self.close_merge(col, old);
                }
                self.builder.merge((row, col, row, col + span - 1));
            }
        }
        self.span = 1;
        self.vmerge = None;
    }

    fn close_merge(&mut self, col: u32, (first, last, span): (u32, u32, u32)) {
        self.builder.merge((first, col, last, col + span - 1));
    }

    fn finish(mut self, out: &mut Out) -> Option<livrable_model::Table> {
        if self.builder.in_cell() {
            self.end_cell(out);
        }
        let mut merges: Vec<_> = std::mem::take(&mut self.merges).into_iter().collect();
        merges.sort_unstable();
        for (col, m) in merges {
            self.close_merge(col, m);
        }
        self.builder.finish(out)
    }
}

/// A drawing (`w:drawing`) being read.
#[derive(Debug, Default)]
struct Drawing {
    descr: Option<String>,
    title: Option<String>,
    decorative: bool,
    /// `r:embed` (or `r:link`) of the picture's `a:blip`.
    blip: Option<String>,
    /// The chart's relationship id, or true for a SmartArt diagram.
    chart: Option<String>,
    diagram: bool,
    /// The relationship id of a link on the picture.
    link: Option<String>,
}

/// A VML picture (`w:pict`) being read.
#[derive(Debug, Default)]
struct Pict {
    alt: Option<String>,
    title: Option<String>,
    image: Option<String>,
}

/// A field (`HYPERLINK`, `TOC`, `PAGE`…) being read.
#[derive(Debug, Default)]
struct Field {
    instr: String,
    /// Past the separator: the field's shown result.
    result: bool,
    /// For a hyperlink: target, where its shown text starts, and in which frame.
    link: Option<(String, usize, usize)>,
}

/// A text flow: the body, or a text box read apart and appended after its paragraph.
#[derive(Debug, Default)]
struct Frame {
    out: Out,
    paras: Vec<Para>,
    tables: Vec<Tbl>,
}

impl Frame {
    /// True inside a table cell (of this flow).
    fn in_cell(&self) -> bool {
        self.tables.last().is_some_and(|t| t.builder.in_cell())
    }

    /// Appends the text boxes read inside a paragraph or table once it is closed.
    fn settle(&mut self) {
        if self.paras.is_empty() && self.tables.is_empty() {
            self.out.flush_deferred();
        }
    }
}

struct Body<'a> {
    styles: &'a Styles,
    rels: &'a HashMap<String, Rel>,
    /// The body, then the text boxes being read inside it.
    frames: Vec<Frame>,
    fields: Vec<Field>,
    /// Fields begun past [`MAX_OPEN`] and not yet ended.
    fields_overflow: usize,
    /// Open `w:hyperlink`s: target (if any), where their text starts, in which frame.
    hyperlinks: Vec<(Option<String>, usize, usize)>,
    drawings: Vec<Drawing>,
    picts: Vec<Pict>,
    in_t: bool,
    in_instr: bool,
    in_run: usize,
    /// Paragraphs, cells and pages of the body (positions in the body's text).
    layout: Layout,
    /// Body paragraphs and body tables begun so far.
    paragraphs: u32,
    body_tables: u32,
}

impl Body<'_> {
    fn read(
        mut self,
        text: &str,
        part: &str,
        pkg: &mut Package<'_>,
    ) -> Result<(Out, Layout), String> {
        let mut xml = Xml::new(text, part);
        loop {
            let event = xml.next()?;
            match &event {
                Event::Start(e) => self.start(e, true, &mut xml)?,
                Event::Empty(e) => self.start(e, false, &mut xml)?,
                Event::End(e) => self.end(e.local_name().as_ref(), pkg),
                Event::Eof => break,
                ev => {
                    if self.in_t || self.in_instr {
                        if let Some(t) = crate::office::text_of(ev) {
                            if self.in_instr {
                                if let Some(f) = self.fields.last_mut() {
                                    if f.instr.len() < 4096 {
                                        f.instr.push_str(&t);
                                    }
                                }
                            } else if self.fields.iter().all(|f| f.result) {
                                self.frame().out.push(&t);
                            }
                        }
                    }
                }
            }
        }
        // Whatever is still open at the end (the XML is well-formed, so only text boxes
        // closed out of order) is appended.
        while self.frames.len() > 1 {
            if let Some(f) = self.frames.pop() {
                self.frame().out.append(f.out);
            }
        }
        let mut root = self.frames.pop().unwrap_or_default();
        root.out.flush_deferred();
        Ok((root.out, self.layout))
    }

    /// True when reading the body itself: not a text box, not a table.
    fn in_body(&self) -> bool {
        self.frames.len() == 1 && self.frames[0].tables.is_empty()
    }

    /// Records a page break at the current position of the body's text (breaks inside
    /// text boxes are not: their text is placed elsewhere).
    fn page_break(&mut self, rendered: bool) {
        if self.frames.len() == 1 {
            let at = self.frames[0].out.pos();
            self.layout.page_break(at, rendered);
        }
    }

    fn frame(&mut self) -> &mut Frame {
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn target(&self, id: Option<String>) -> Option<&Rel> {
        self.rels.get(id?.as_str())
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        is_start: bool,
        xml: &mut Xml<'_>,
    ) -> Result<(), String> {
        let local = e.local_name();
        match local.as_ref() {
            // Copies for old readers, tracked deletions and former properties: not the
            // document's current content.
            "Fallback" | "del" | "moveFrom" | "pPrChange" | "rPrChange" | "tblPrChange"
            | "trPrChange" | "tcPrChange" | "sectPrChange" | "numberingChange" | "sdtPr"
                if is_start =>
            {
                xml.skip()?;
            }
            // A section's properties: in a paragraph's, it ends a section there.
            "sectPr" => {
                let new_page = if is_start {
                    section_starts_page(xml)?
                } else {
                    true
                };
                if new_page && self.frames.len() == 1 {
                    if let Some(p) = self.frames[0].paras.last_mut() {
                        p.section_break = true;
                    }
                }
            }
            "lastRenderedPageBreak" => self.page_break(true),
            "pageBreakBefore" if attr(e, "w:val").is_none_or(|v| is_on(&v)) => {
                if let Some(at) = self.frames[0].paras.last().map(|p| p.start) {
                    if self.frames.len() == 1 {
                        self.layout.page_break(at, false);
                    }
                }
            }
            "br" if self.in_run > 0 && attr(e, "w:type").as_deref() == Some("page") => {
                self.page_break(false);
                self.frame().out.push(" ");
            }
            "txbxContent" if is_start && self.frames.len() < MAX_OPEN => {
                self.frames.push(Frame::default())
            }
            // An empty paragraph (`<w:p/>`): a blank line, counted.
            "p" if !is_start && self.in_body() => {
                self.paragraphs = self.paragraphs.saturating_add(1);
                let at = self.frames[0].out.pos();
                self.layout.units.push(Unit {
                    start: at,
                    end: at,
                    kind: UnitKind::Paragraph(self.paragraphs),
                });
            }
            "p" if is_start => {
                let number = self.in_body().then(|| {
                    self.paragraphs = self.paragraphs.saturating_add(1);
                    self.paragraphs
                });
                let frame = self.frame();
                let in_cell = frame.in_cell();
                if in_cell {
                    frame.out.space();
                } else {
                    frame.out.line();
                }
                let start = frame.out.pos();
                frame.paras.push(Para {
                    start,
                    in_cell,
                    number,
                    ..Para::default()
                });
            }
            "pStyle" => {
                if let Some(p) = self.frame().paras.last_mut() {
                    p.style = attr(e, "w:val");
                }
            }
            "outlineLvl" => {
                if let Some(p) = self.frame().paras.last_mut() {
                    p.outline = attr(e, "w:val").and_then(|v| v.trim().parse().ok());
                }
            }
            "numId" => {
                if let Some(p) = self.frame().paras.last_mut() {
                    p.numbered = Some(attr(e, "w:val").is_some_and(|v| v.trim() != "0"));
                }
            }
            "r" if is_start => self.in_run += 1,
            "t" if is_start => self.in_t = true,
            "instrText" if is_start => self.in_instr = true,
            "tab" | "br" | "cr" if self.in_run > 0 => self.frame().out.push(" "),
            "noBreakHyphen" if self.in_run > 0 => self.frame().out.push("-"),
            "fldSimple" if is_start => {
                let instr = attr(e, "w:instr").unwrap_or_default();
                let mut field = Field {
                    instr,
                    result: true,
                    link: None,
                };
                self.open_link_field(&mut field);
                self.push_field(field);
            }
            "fldChar" => match attr(e, "w:fldCharType").as_deref() {
                Some("begin") => self.push_field(Field::default()),
                Some("separate") if self.fields_overflow == 0 => {
                    if let Some(mut f) = self.fields.pop() {
                        f.result = true;
                        self.open_link_field(&mut f);
                        self.fields.push(f);
                    }
                }
                Some("end") => self.close_field(),
                _ => {}
            },
            "hyperlink" if is_start => {
                let mut href = self.target(rel_id(e)).map(|r| r.target.clone());
                if let Some(anchor) = attr(e, "w:anchor").filter(|a| !a.is_empty()) {
                    href = Some(match href {
                        Some(h) => format!("{h}#{anchor}"),
                        None => format!("#{anchor}"),
                    });
                }
                let frame = self.frames.len() - 1;
                let start = self.frame().out.pos();
                if self.hyperlinks.len() < MAX_OPEN {
                    self.hyperlinks.push((href, start, frame));
                } else {
                    self.hyperlinks.push((None, start, frame));
                }
            }
            "drawing" if is_start => self.drawings.push(Drawing::default()),
            "docPr" | "cNvPr" => {
                if let Some(d) = self.drawings.last_mut() {
                    // `wp:docPr` comes first and is what Word's dialog edits; `pic:cNvPr`
                    // repeats it (or not): it only fills what docPr left unset.
                    if d.descr.is_none() {
                        d.descr = attr(e, "descr");
                    }
                    if d.title.is_none() {
                        d.title = attr(e, "title");
                    }
                }
            }
            "decorative" => {
                if let Some(d) = self.drawings.last_mut() {
                    d.decorative |= attr(e, "val").is_some_and(|v| is_on(&v));
                }
            }
            "hlinkClick" => {
                if let Some(d) = self.drawings.last_mut() {
                    if d.link.is_none() {
                        d.link = rel_id(e);
                    }
                }
            }
            "blip" => {
                if let Some(d) = self.drawings.last_mut() {
                    if d.blip.is_none() {
                        d.blip = attr_local(e, "embed").or_else(|| attr_local(e, "link"));
                    }
                }
            }
            "chart" => {
                if let Some(d) = self.drawings.last_mut() {
                    d.chart = rel_id(e).or_else(|| Some(String::new()));
                }
            }
            "graphicData" => {
                if let Some(d) = self.drawings.last_mut() {
                    d.diagram |= attr(e, "uri").is_some_and(|u| u.contains("diagram"));
                }
            }
            // VML pictures, and embedded objects (an Excel table pasted as an object)
            // shown through their VML preview.
            "pict" | "object" if is_start => self.picts.push(Pict::default()),
            "shape" if !self.picts.is_empty() => {
                if let Some(p) = self.picts.last_mut() {
                    p.alt = attr(e, "alt");
                }
            }
            "imagedata" => {
                if let Some(p) = self.picts.last_mut() {
                    p.image = rel_id(e);
                    p.title = attr(e, "o:title");
                }
            }
            "tbl" if is_start => {
                let number = self.in_body().then(|| {
                    self.body_tables = self.body_tables.saturating_add(1);
                    self.body_tables
                });
                let frame = self.frame();
                match frame.tables.last_mut() {
                    Some(t) if t.builder.in_cell() => t.nested += 1,
                    _ => {
                        let builder = TableBuilder::new(&mut frame.out, None);
                        frame.tables.push(Tbl {
                            builder,
                            span: 1,
                            number,
                            ..Tbl::default()
                        });
                    }
                }
            }
            "tblCaption" => {
                if let Some(t) = self.frame().tables.last_mut() {
                    if t.nested == 0 {
                        t.builder.name = attr(e, "w:val").filter(|v| !v.trim().is_empty());
                    }
                }
            }
            "tr" if is_start => {
                let frame = self.frame();
                if let Some(t) = frame.tables.last_mut() {
                    if t.nested == 0 {
                        t.builder.row(&mut frame.out);
                    }
                }
            }
            "gridBefore" | "gridAfter" => {
                let frame = self.frame();
                if let Some(t) = frame.tables.last_mut() {
                    if t.nested == 0 && !t.builder.in_cell() {
                        let n = attr(e, "w:val")
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        t.builder.fillers(&mut frame.out, n);
                    }
                }
            }
            "tc" if is_start => {
                let frame = self.frame();
                if let Some(t) = frame.tables.last_mut() {
                    if t.nested == 0 {
                        if t.builder.in_cell() {
                            t.end_cell(&mut frame.out);
                        }
                        t.col = t.builder.col_index();
                        t.span = 1;
                        t.vmerge = None;
                        t.builder.cell(&mut frame.out, None);
                        t.cell_start = frame.out.pos();
                    } else {
                        frame.out.space();
                    }
                }
            }
            "gridSpan" => {
                if let Some(t) = self.frame().tables.last_mut() {
                    if t.nested == 0 {
                        t.span = attr(e, "w:val")
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(1)
                            .clamp(1, MAX_SPAN);
                    }
                }
            }
            "vMerge" => {
                if let Some(t) = self.frame().tables.last_mut() {
                    if t.nested == 0 {
                        t.vmerge = Some(match attr(e, "w:val").as_deref() {
                            Some("restart") => VMerge::Restart,
                            _ => VMerge::Continue,
                        });
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, local: &str, pkg: &mut Package<'_>) {
        match local {
            "t" => self.in_t = false,
            "instrText" => self.in_instr = false,
            "r" => self.in_run = self.in_run.saturating_sub(1),
            "p" => self.end_paragraph(),
            "fldSimple" => self.close_field(),
            "hyperlink" => {
                if let Some((href, start, frame)) = self.hyperlinks.pop() {
                    if let (Some(href), true) = (href, frame + 1 == self.frames.len()) {
                        self.frame().out.link(href, start, None, None);
                    }
                }
            }
            "drawing" => {
                if let Some(d) = self.drawings.pop() {
                    self.end_drawing(d, pkg);
                }
            }
            "pict" | "object" => {
                if let Some(p) = self.picts.pop() {
                    self.end_pict(p, pkg);
                }
            }
            "txbxContent" if self.frames.len() > 1 => {
                if let Some(inner) = self.frames.pop() {
                    let mut inner_out = inner.out;
                    inner_out.flush_deferred();
                    let frame = self.frame();
                    frame.out.defer(inner_out);
                    frame.settle();
                }
            }
            "tc" => {
                if self.frames.is_empty() {
                    return;
                }
                let last = self.frames.len() - 1;
                let frame = &mut self.frames[last];
                if let Some(t) = frame.tables.last_mut() {
                    if t.nested == 0 && t.builder.in_cell() {
                        if let Some(table) = t.number {
                            let (start, end) = frame.out.span(t.cell_start);
                            let cell = TableCell {
                                table,
                                row: t.builder.row_index() + 1,
                                column: t.col + 1,
                            };
                            self.layout.units.push(Unit {
                                start,
                                end,
                                kind: UnitKind::Cell(cell),
                            });
                        }
                        t.end_cell(&mut frame.out);
                    }
                }
            }
            "tbl" => {
                let frame = self.frame();
                match frame.tables.last_mut() {
                    Some(t) if t.nested > 0 => t.nested -= 1,
                    Some(_) => {
                        if let Some(t) = frame.tables.pop() {
                            if let Some(table) = t.finish(&mut frame.out) {
                                frame.out.tables.push(table);
                            }
                        }
                        match frame.tables.last() {
                            Some(outer) if outer.builder.in_cell() => frame.out.space(),
                            _ => frame.out.line(),
                        }
                        frame.settle();
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let styles = self.styles;
        self.frame();
        let last = self.frames.len() - 1;
        let frame = &mut self.frames[last];
        let Some(p) = frame.paras.pop() else {
            return;
        };
        if let Some(number) = p.number {
            let (start, end) = frame.out.span(p.start);
            self.layout.units.push(Unit {
                start,
                end,
                kind: UnitKind::Paragraph(number),
            });
            if p.section_break {
                self.layout.page_break(frame.out.pos(), false);
            }
        }
        let style = styles.resolve(p.style.as_deref());
        let heading = match p.outline {
            Some(level) => outline_level(level),
            None => style.heading,
        };
        let kind = match heading {
            Some(level) => BlockKind::Heading { level },
            None if p.numbered.unwrap_or(style.list) => BlockKind::ListItem,
            None => BlockKind::Paragraph,
        };
        // A cell's paragraphs are the cell's text; only headings there are also blocks,
        // because they take part in the outline.
        if !p.in_cell || heading.is_some() {
            let index = frame.out.block(kind, p.start, None);
            if let (Some(i), None, true) = (index, heading, style.title) {
                frame.out.titles.push(i);
            }
        }
        if !p.in_cell {
            frame.out.line();
        }
        frame.settle();
    }

    fn push_field(&mut self, field: Field) {
        if self.fields.len() < MAX_OPEN {
            self.fields.push(field);
        } else {
            // Too deep to follow (or never ended): counted, not kept, so that a file of
            // a million `begin`s costs nothing; their text is shown.
            self.fields_overflow = self.fields_overflow.saturating_add(1);
        }
    }

    /// When the field being shown is a `HYPERLINK`, starts its link.
    fn open_link_field(&mut self, field: &mut Field) {
        if let Some(href) = hyperlink_instr(&field.instr) {
            let frame = self.frames.len() - 1;
            field.link = Some((href, self.frame().out.pos(), frame));
        }
    }

    fn close_field(&mut self) {
        if self.fields_overflow > 0 {
            self.fields_overflow -= 1;
            return;
        }
        if let Some(Field {
            link: Some((href, start, frame)),
            ..
        }) = self.fields.pop()
        {
            if frame + 1 == self.frames.len() {
                self.frame().out.link(href, start, None, None);
            }
        }
    }

    fn end_drawing(&mut self, d: Drawing, pkg: &mut Package<'_>) {
        let (src, part) = match (&d.blip, &d.chart) {
            (Some(id), _) => match self.rels.get(id) {
                Some(r) if r.external => (r.target.clone(), None),
                Some(r) => (r.target.clone(), Some(r.target.clone())),
                None => (String::new(), None),
            },
            (None, Some(id)) => (
                self.rels
                    .get(id)
                    .map(|r| r.target.clone())
                    .unwrap_or_default(),
                None,
            ),
            (None, None) if d.diagram => (String::new(), None),
            // A shape, a line, a text box: not an image.
            (None, None) => return,
        };
        let (bytes, dims) = match part {
            Some(p) => pkg.image_facts(&p),
            None => (None, None),
        };
        let alt = alternative(d.descr, d.title.clone());
        let image = Image {
            src,
            alt,
            title: d.title.filter(|t| !t.trim().is_empty()),
            decorative: d.decorative,
            bytes,
            width: dims.map(|(w, _)| w),
            height: dims.map(|(_, h)| h),
            ..Image::default()
        };
        let link = d
            .link
            .and_then(|id| self.rels.get(&id))
            .map(|r| r.target.clone());
        let out = &mut self.frame().out;
        if let Some(href) = link {
            let at = out.pos();
            out.link(href, at, None, image.alt.as_deref());
        }
        out.image(image, None);
    }

    fn end_pict(&mut self, p: Pict, pkg: &mut Package<'_>) {
        let Some(rel) = p.image.and_then(|id| self.rels.get(&id)).cloned() else {
            return;
        };
        let (bytes, dims) = if rel.external {
            (None, None)
        } else {
            pkg.image_facts(&rel.target)
        };
        let image = Image {
            src: rel.target,
            alt: alternative(p.alt, None),
            title: p.title.filter(|t| !t.trim().is_empty()),
            bytes,
            width: dims.map(|(w, _)| w),
            height: dims.map(|(_, h)| h),
            ..Image::default()
        };
        self.frame().out.image(image, None);
    }
}

/// Reads a section's properties (`w:sectPr`, its start tag just read) to their end: does
/// the section after it start on a new page? Its `w:type` says; `nextPage` is the default.
fn section_starts_page(xml: &mut Xml<'_>) -> Result<bool, String> {
    let mut new_page = true;
    let mut depth = 0usize;
    loop {
        match xml.next()? {
            Event::Start(e) => {
                if depth == 0 && e.local_name().as_ref() == "sectPrChange" {
                    xml.skip()?;
                    continue;
                }
                depth += 1;
                if e.local_name().as_ref() == "type" {
                    new_page = !matches!(
                        attr(&e, "w:val").as_deref(),
                        Some("continuous" | "nextColumn")
                    );
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == "type" => {
                new_page = !matches!(
                    attr(&e, "w:val").as_deref(),
                    Some("continuous" | "nextColumn")
                );
            }
            Event::End(_) if depth == 0 => return Ok(new_page),
            Event::End(_) => depth -= 1,
            Event::Eof => return Ok(new_page),
            _ => {}
        }
    }
}

/// An image's alternative from its description and title: the description when it says
/// something, else the title when it does; else the blank one written (`Some("")`), or
/// `None` when neither attribute is there.
pub(crate) fn alternative(descr: Option<String>, title: Option<String>) -> Option<String> {
    let says = |v: &Option<String>| v.as_ref().is_some_and(|s| !s.trim().is_empty());
    if says(&descr) {
        descr.map(|s| s.trim().to_string())
    } else if says(&title) {
        title.map(|s| s.trim().to_string())
    } else {
        descr.or(title).map(|_| String::new())
    }
}

/// The target of a `HYPERLINK` field instruction: `HYPERLINK "https://x.fr" \o "tip"` →
/// the URL; `HYPERLINK \l "_Toc12"` → `#_Toc12`; `None` for other fields.
fn hyperlink_instr(instr: &str) -> Option<String> {
    let mut words = instr.trim().splitn(2, char::is_whitespace);
    if !words.next()?.eq_ignore_ascii_case("HYPERLINK") {
        return None;
    }
    let rest = words.next().unwrap_or_default();
    // Split into switches and (possibly quoted) arguments.
    let mut args: Vec<String> = Vec::new();
    let mut chars = rest.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let arg: String = chars.by_ref().take_while(|&c| c != '"').collect();
            args.push(arg);
        } else {
            let mut arg = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                arg.push(c);
                chars.next();
            }
            args.push(arg);
        }
        if args.len() > 16 {
            break;
        }
    }
    let mut url = None;
    let mut anchor = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.eq_ignore_ascii_case("\\l") {
            anchor = args.get(i + 1).cloned();
            i += 2;
        } else if a.starts_with('\\') {
            // Switches with an argument (`\o` tooltip, `\t` frame target).
            i += if matches!(a.to_ascii_lowercase().as_str(), "\\o" | "\\t") {
                2
            } else {
                1
            };
        } else {
            if url.is_none() {
                url = Some(a.clone());
            }
            i += 1;
        }
    }
    match (url, anchor) {
        (Some(u), Some(a)) => Some(format!("{u}#{a}")),
        (Some(u), None) => Some(u),
        (None, Some(a)) => Some(format!("#{a}")),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_names_in_english_and_french() {
        assert_eq!(heading_name_level("heading 1"), Some(1));
        assert_eq!(heading_name_level("Heading 3"), Some(3));
        assert_eq!(heading_name_level("Titre 2"), Some(2));
        assert_eq!(heading_name_level("Heading2"), Some(2));
        assert_eq!(heading_name_level("heading 9"), Some(6));
        assert_eq!(heading_name_level("Titre"), None);
        assert_eq!(heading_name_level("heading"), None);
        assert_eq!(heading_name_level("Normal"), None);
        assert_eq!(heading_name_level("heading 0"), None);
        assert!(is_title_name("Title") && is_title_name("Titre") && !is_title_name("Titre 1"));
    }

    #[test]
    fn styles_resolve_through_based_on_chains() {
        let xml = r#"<w:styles xmlns:w="w">
          <w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault></w:docDefaults>
          <w:latentStyles><w:lsdException w:name="heading 1"/></w:latentStyles>
          <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
          <w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
          <w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="Titre 2"/></w:style>
          <w:style w:type="paragraph" w:styleId="Chapitre"><w:name w:val="Chapitre"/><w:basedOn w:val="Titre1"/></w:style>
          <w:style w:type="paragraph" w:styleId="Corps"><w:name w:val="Corps"/><w:basedOn w:val="Titre1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Niveau3"><w:name w:val="Niveau"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Puce"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Titre"><w:name w:val="Title"/></w:style>
          <w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>
          <w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>
          <w:style w:type="character" w:styleId="Titre1Car"><w:name w:val="heading 1 Char"/></w:style>
        </w:styles>"#;
        let s = Styles::parse(xml, "styles.xml").unwrap();
        assert_eq!(s.lang.as_deref(), Some("fr-FR"));
        let h = |id: &str| s.resolve(Some(id)).heading;
        assert_eq!(h("Titre1"), Some(1), "by name, not id");
        assert_eq!(h("Titre2"), Some(2), "French name");
        assert_eq!(h("Chapitre"), Some(1), "custom style based on a heading");
        assert_eq!(h("Corps"), None, "outline level 9 overrides its base");
        assert_eq!(h("Niveau3"), Some(3), "outline level");
        assert_eq!(h("A"), None, "cycle cut");
        assert_eq!(h("Heading4"), Some(4), "undefined style known by its id");
        assert_eq!(s.resolve(None), Resolved::default(), "default style");
        assert!(s.resolve(Some("Puce")).list);
        assert!(s.resolve(Some("Titre")).title);
        assert!(
            !s.defs.contains_key("Titre1Car"),
            "character styles are not read"
        );
    }

    #[test]
    fn hyperlink_fields() {
        assert_eq!(
            hyperlink_instr(r#" HYPERLINK "https://exemple.fr/a" \o "Info" "#).as_deref(),
            Some("https://exemple.fr/a")
        );
        assert_eq!(
            hyperlink_instr(r#"HYPERLINK \l "_Toc123" \h"#).as_deref(),
            Some("#_Toc123")
        );
        assert_eq!(hyperlink_instr("PAGE"), None);
        assert_eq!(hyperlink_instr("HYPERLINK"), None);
        assert_eq!(
            hyperlink_instr(r#"HYPERLINK "unterminated"#).as_deref(),
            Some("unterminated")
        );
    }

    #[test]
    fn alternatives() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(alternative(None, None), None);
        assert_eq!(alternative(s(""), None), s(""));
        assert_eq!(alternative(s("  "), s("Logo")), s("Logo"));
        assert_eq!(alternative(s("Équipe"), s("Logo")), s("Équipe"));
        assert_eq!(alternative(None, s(" ")), s(""));
    }
}
