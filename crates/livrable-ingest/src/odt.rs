//! OpenDocument text and presentation reader (ODT from LibreOffice Writer, ODP from
//! Impress, and both as exported by Google Docs and Word): headings, paragraphs, lists,
//! tables, links, frames' images with their alternative text, and document properties,
//! read with zip + quick-xml into the one document model.
//!
//! Both formats share `content.xml`'s text elements, so one reader reads both; a
//! presentation adds slides (`draw:page`), title frames and speaker notes.
//!
//! # What is read
//!
//! - **Headings**: `text:h`, at its `text:outline-level` (else its style's
//!   `style:default-outline-level`, else 1); levels past 6 count as 6. A `text:p` whose
//!   style (following `style:parent-style-name`, at most [`MAX_PARENTS`] steps, automatic
//!   styles of `content.xml` included) has a default outline level is a heading too, as
//!   converters write them. A paragraph in the **Title** style (name or display name
//!   `Title`/`Titre`) is a level-1 heading only when the document has no other level-1
//!   heading (see [`crate::office::Out::resolve_titles`]).
//! - **Paragraphs** and **list items** (`text:p` inside `text:list-item`; list headers are
//!   paragraphs). Numbering labels (`text:number`), notes, comments and tracked deletions
//!   are left out. Text in frames and shapes (text boxes) follows the paragraph that
//!   anchors them.
//! - **Tables** (`table:table`) as typed cells: the cell's `office:value-type` and value
//!   when written, else the French reading of its text; merged ranges from
//!   `table:number-columns-spanned`/`-rows-spanned` (covered cells are empty cells);
//!   `table:number-columns-repeated` gives empty cells; the table's name (`table:name`).
//!   A table inside a cell is text of that cell. Repeated rows are read once.
//! - **Links**: `text:a` (`xlink:href`), and `draw:a` around an image.
//! - **Images**: a `draw:frame` holding a `draw:image` (or an embedded object: chart,
//!   formula). Alternative text: the frame's `svg:title` (LibreOffice's "Text
//!   Alternative") when it says something, else its `svg:desc` ("Description"); `None`
//!   when neither is written. The decorative flag (`loext:decorative`); the embedded
//!   file's size and pixel size from its header.
//! - **Slides** (ODP): each `draw:page` in order; [`Metadata::pages`] is their number and
//!   every location carries its slide number. The text of the title frame
//!   (`presentation:class="title"`) is the slide's level-1 heading, as in the PPTX reader
//!   (see [`crate::pptx`] for why); page number, footer, date and header frames are left
//!   out; speaker notes (`presentation:notes`) are written into the text after their
//!   slide's content but give no blocks.
//! - **Properties** (`meta.xml`): `dc:title`, `dc:description`, `dc:language` (else the
//!   default paragraph style's `fo:language`-`fo:country`), and for ODT the page count
//!   LibreOffice last saved (`meta:document-statistic`).
//!
//! - **Layout** ([`livrable_model::Layout`]): in an ODT, each body paragraph and each cell
//!   of a body table is a unit, numbered as [`livrable_model::Location::paragraph`] and
//!   [`livrable_model::TableCell`] say; pages begin at LibreOffice's record of its last
//!   layout (`text:soft-page-break`, which it writes when `text:use-soft-page-breaks` is
//!   set) and at paragraphs whose style breaks the page before or after them
//!   (`fo:break-before`/`fo:break-after="page"`, along the parent styles). Breaks set on
//!   tables' styles are not read. In an ODP, each frame or shape of a slide is a unit with
//!   its name (`draw:name`), and the speaker notes another.
//!
//! Not read: headers and footers (in `styles.xml`), text hidden by conditions, section
//! protection, password-protected (encrypted) files, which are refused with a reason.
//! Element and attribute names are matched by local name, whatever their prefixes.

use std::collections::HashMap;

use chrono::NaiveDate;
use livrable_model::french::fold;
use livrable_model::{
    BlockKind, CellValue, Document, Format, Image, Layout, TableCell, Unit, UnitKind,
};
use quick_xml::events::{BytesStart, Event};

use crate::docx::alternative;
use crate::office::{
    attr_local, is_on, read_properties, text_of, Out, Package, TableBuilder, Xml, MAX_SPAN,
};
use crate::{Limits, Read};

/// Longest `style:parent-style-name` chain followed (LibreOffice chains two or three
/// styles; the bound also cuts cycles).
pub const MAX_PARENTS: usize = 16;

/// Most frames, links and text flows open at once.
const MAX_OPEN: usize = 64;

/// Reads an ODT or ODP file's bytes; `format` (from the extension) says which.
pub fn read(path: &str, bytes: &[u8], format: Format, limits: &Limits) -> Read {
    match read_odf(path, bytes, format, limits) {
        Ok(doc) => Read {
            doc: Some(doc),
            problems: Vec::new(),
        },
        Err(reason) => Read::unreadable(reason),
    }
}

fn read_odf(path: &str, bytes: &[u8], format: Format, limits: &Limits) -> Result<Document, String> {
    let presentation = format == Format::Odp;
    let (what, ext) = if presentation {
        ("OpenDocument presentation", ".odp")
    } else {
        ("OpenDocument text", ".odt")
    };
    let mut pkg = Package::open(bytes, limits, what, ext)?;
    if pkg
        .read_text("META-INF/manifest.xml")
        .ok()
        .flatten()
        .is_some_and(|m| m.contains("encryption-data"))
    {
        return Err(format!(
            "the document is protected by a password (encrypted): save it as {ext} without a password"
        ));
    }
    let mut styles = Styles::default();
    if let Some(text) = pkg.read_text("styles.xml")? {
        styles.parse(&text, "styles.xml")?;
    }
    let Some(content) = pkg.read_text("content.xml")? else {
        return Err(format!(
            "the file is not an {what}: it has no content.xml (another kind of zip renamed?)"
        ));
    };
    let mut doc = Document::new(path, format);
    read_properties(&mut pkg, "meta.xml", &mut doc.meta);
    if doc.meta.lang.is_none() {
        doc.meta.lang = styles.lang.clone();
    }
    let mut body = Body {
        styles,
        presentation,
        flows: vec![Flow::new(FlowKind::Root)],
        frames: Vec::new(),
        text_links: Vec::new(),
        draw_links: Vec::new(),
        svg: None,
        slide: 0,
        layout: Layout::default(),
        slide_layout: Layout::default(),
        paragraphs: 0,
        body_tables: 0,
    };
    body.read(&content, &mut pkg)?;
    let slides = body.slide;
    let mut layout = std::mem::take(&mut body.layout);
    let mut out = body
        .flows
        .into_iter()
        .next()
        .map(|f| f.out)
        .unwrap_or_default();
    out.flush_deferred();
    out.into_document(&mut doc);
    layout.finish();
    doc.layout = layout;
    doc.meta.pages = if presentation {
        Some(slides)
    } else {
        page_count(&mut pkg)
    };
    Ok(doc)
}

/// The page count LibreOffice saved in `meta.xml` (`meta:document-statistic`).
fn page_count(pkg: &mut Package<'_>) -> Option<u32> {
    let text = pkg.read_text("meta.xml").ok()??;
    let mut xml = Xml::new(&text, "meta.xml");
    loop {
        match xml.next().ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "document-statistic" =>
            {
                return attr_local(&e, "page-count")?.trim().parse().ok()
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// One paragraph style.
#[derive(Debug, Default, Clone)]
struct StyleDef {
    parent: Option<String>,
    display: Option<String>,
    outline: Option<u8>,
    /// `fo:break-before` and `fo:break-after`: `Some(true)` for `page`, `Some(false)` for
    /// `auto` (a style that undoes its parent's break).
    break_before: Option<bool>,
    break_after: Option<bool>,
}

/// Paragraph styles (named ones from `styles.xml`, automatic ones from `content.xml`) and
/// the default language.
#[derive(Debug, Default)]
struct Styles {
    defs: HashMap<String, StyleDef>,
    lang: Option<String>,
    /// Inside the default paragraph style (its text properties give the language).
    in_default: bool,
    /// The paragraph style whose properties are being read.
    current: Option<String>,
}

impl Styles {
    fn parse(&mut self, text: &str, part: &str) -> Result<(), String> {
        let mut xml = Xml::new(text, part);
        loop {
            match xml.next()? {
                Event::Start(e) => self.event(&e, true),
                Event::Empty(e) => self.event(&e, false),
                Event::End(e) if e.local_name().as_ref() == "default-style" => {
                    self.in_default = false
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Takes a style element; ignores anything else.
    fn event(&mut self, e: &BytesStart<'_>, is_start: bool) {
        match e.local_name().as_ref() {
            "style" if attr_local(e, "family").as_deref() == Some("paragraph") => {
                self.current = None;
                if let Some(name) = attr_local(e, "name") {
                    if self.defs.len() < 100_000 {
                        let outline = attr_local(e, "default-outline-level")
                            .and_then(|v| v.trim().parse().ok());
                        if is_start {
                            self.current = Some(name.clone());
                        }
                        self.defs.insert(
                            name,
                            StyleDef {
                                parent: attr_local(e, "parent-style-name"),
                                display: attr_local(e, "display-name"),
                                outline,
                                ..StyleDef::default()
                            },
                        );
                    }
                }
            }
            "style" => self.current = None,
            "paragraph-properties" => {
                let breaks = |name: &str| {
                    attr_local(e, name)
                        .map(|v| matches!(v.trim(), "page" | "even-page" | "odd-page"))
                };
                if let Some(def) = self.current.as_ref().and_then(|c| self.defs.get_mut(c)) {
                    def.break_before = breaks("break-before").or(def.break_before);
                    def.break_after = breaks("break-after").or(def.break_after);
                }
            }
            "default-style" => {
                self.current = None;
                self.in_default =
                    is_start && attr_local(e, "family").as_deref() == Some("paragraph");
            }
            "text-properties" if self.in_default && self.lang.is_none() => {
                let language = attr_local(e, "language").filter(|l| {
                    let l = l.trim();
                    !l.is_empty() && l != "zxx" && l != "none"
                });
                self.lang = language.map(|l| match attr_local(e, "country") {
                    Some(c) if !c.trim().is_empty() && c != "none" => format!("{l}-{c}"),
                    _ => l,
                });
            }
            _ => {}
        }
    }

    /// (page break before, page break after) the paragraphs of a style: the nearest style
    /// along the parents that says.
    fn breaks(&self, name: Option<&str>) -> (bool, bool) {
        let mut name = name;
        let (mut before, mut after) = (None, None);
        for _ in 0..MAX_PARENTS {
            let Some(def) = name.and_then(|n| self.defs.get(n)) else {
                break;
            };
            before = before.or(def.break_before);
            after = after.or(def.break_after);
            name = def.parent.as_deref();
        }
        (before.unwrap_or(false), after.unwrap_or(false))
    }

    /// (heading level from the nearest outline level, Title style) along the parents.
    fn resolve(&self, name: Option<&str>) -> (Option<u8>, bool) {
        let mut name = name;
        let mut heading = None;
        let mut title = false;
        for _ in 0..MAX_PARENTS {
            let Some(cur) = name else { break };
            let def = self.defs.get(cur);
            if heading.is_none() {
                heading = def.and_then(|d| d.outline).filter(|&l| l > 0);
            }
            let display = def.and_then(|d| d.display.as_deref());
            title |= is_title_name(cur) || display.is_some_and(is_title_name);
            name = def.and_then(|d| d.parent.as_deref());
        }
        (heading.map(|l| l.min(6)), title && heading.is_none())
    }
}

fn is_title_name(name: &str) -> bool {
    matches!(fold(name).trim(), "title" | "titre")
}

/// What a text flow is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlowKind {
    /// The document's body.
    Root,
    /// One slide of a presentation.
    Slide,
    /// A slide's title frame: its paragraphs make one heading.
    Title,
    /// Speaker notes: text only.
    Notes,
    /// A text box or a shape's text.
    Box,
}

/// A paragraph being read.
#[derive(Debug)]
struct Para {
    start: usize,
    kind: BlockKind,
    title: bool,
    in_cell: bool,
    /// Its number, for a paragraph of an ODT's body (not in a table, frame or shape).
    number: Option<u32>,
    /// Its style breaks the page after it.
    break_after: bool,
}

/// A table being read.
#[derive(Debug)]
struct Tbl {
    builder: TableBuilder,
    /// Tables opened inside one of its cells, read as that cell's text.
    nested: usize,
    /// Empty cells to add after the open cell (`number-columns-repeated` − 1).
    repeat: u32,
    /// Its number, for a table of an ODT's body (not in another table or a frame).
    number: Option<u32>,
    /// Where the open cell's text starts, and its 0-based row and column.
    cell: (usize, u32, u32),
}

/// A text flow with what is open in it.
#[derive(Debug)]
struct Flow {
    kind: FlowKind,
    out: Out,
    paras: Vec<Para>,
    tables: Vec<Tbl>,
    lists: usize,
    list_headers: usize,
}

impl Flow {
    fn new(kind: FlowKind) -> Self {
        Flow {
            kind,
            out: Out::default(),
            paras: Vec::new(),
            tables: Vec::new(),
            lists: 0,
            list_headers: 0,
        }
    }

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

/// A `draw:frame` being read.
#[derive(Debug, Default)]
struct Frame {
    class: Option<String>,
    title: Option<String>,
    desc: Option<String>,
    decorative: bool,
    image: Option<String>,
    object: bool,
}

struct Body {
    styles: Styles,
    presentation: bool,
    flows: Vec<Flow>,
    frames: Vec<Frame>,
    /// Open `text:a`: target, where the text starts, in which flow.
    text_links: Vec<(Option<String>, usize, usize)>,
    /// Open `draw:a` targets.
    draw_links: Vec<Option<String>>,
    /// `svg:title` (true) or `svg:desc` (false) being read, and its text.
    svg: Option<(bool, String)>,
    slide: u32,
    /// Paragraphs, cells and pages of an ODT's body; the slides' shapes of an ODP.
    layout: Layout,
    /// The shapes of the slide being read (positions in the slide's own text).
    slide_layout: Layout,
    /// Body paragraphs and body tables begun so far.
    paragraphs: u32,
    body_tables: u32,
}

impl Body {
    /// True when reading an ODT's body itself: not a frame, a shape or a table.
    fn in_body(&self) -> bool {
        !self.presentation && self.flows.len() == 1 && self.flows[0].tables.is_empty()
    }

    /// Records the start of a slide's shape or notes at the slide's current position.
    fn slide_unit(&mut self, kind: UnitKind) {
        if self.presentation && self.flows.len() == 2 {
            let at = self.flows[1].out.pos();
            self.slide_layout.units.push(Unit {
                start: at,
                end: at,
                kind,
            });
        }
    }

    fn page(&self) -> Option<u32> {
        self.presentation.then_some(self.slide)
    }

    fn flow(&mut self) -> &mut Flow {
        if self.flows.is_empty() {
            self.flows.push(Flow::new(FlowKind::Root));
        }
        let last = self.flows.len() - 1;
        &mut self.flows[last]
    }

    fn read(&mut self, text: &str, pkg: &mut Package<'_>) -> Result<(), String> {
        let mut xml = Xml::new(text, "content.xml");
        loop {
            let event = xml.next()?;
            match &event {
                Event::Start(e) => self.start(e, true, &mut xml)?,
                Event::Empty(e) => {
                    self.start(e, false, &mut xml)?;
                    self.empty_end(e, pkg);
                }
                Event::End(e) => {
                    let is_draw = e.name().prefix().is_some_and(|p| p.as_ref() == "draw");
                    self.end(e.local_name().as_ref(), is_draw, pkg);
                }
                Event::Eof => break,
                ev => {
                    if let Some(t) = text_of(ev) {
                        if let Some((_, s)) = self.svg.as_mut() {
                            if s.len() < 4096 {
                                s.push_str(&t);
                            }
                        } else if !self.flow().paras.is_empty() {
                            self.flow().out.push(&t);
                        }
                    }
                }
            }
        }
        // Flows still open at the end (only possible in an odd but well-formed file).
        while self.flows.len() > 1 {
            if let Some(f) = self.flows.pop() {
                self.flow().out.append(f.out);
            }
        }
        Ok(())
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        is_start: bool,
        xml: &mut Xml<'_>,
    ) -> Result<(), String> {
        let is_draw = e.name().prefix().is_some_and(|p| p.as_ref() == "draw");
        let is_svg = e.name().prefix().is_some_and(|p| p.as_ref() == "svg");
        let local = e.local_name();
        match local.as_ref() {
            // Not the document's visible content: numbering labels, notes, comments,
            // tracked changes, declarations, forms, fonts, scripts.
            "number" | "note" | "annotation" | "tracked-changes" | "sequence-decls"
            | "variable-decls" | "user-field-decls" | "forms" | "font-face-decls" | "scripts"
            | "page-thumbnail" | "event-listeners"
                if is_start =>
            {
                xml.skip()?;
            }
            "style" | "default-style" | "text-properties" | "paragraph-properties" if !is_draw => {
                self.styles.event(e, is_start);
            }
            "page" if is_draw && is_start && self.presentation => {
                self.slide = self.slide.saturating_add(1);
                self.flows.push(Flow::new(FlowKind::Slide));
                self.slide_layout = Layout::default();
            }
            "notes" if is_start && self.presentation && self.flows.len() < MAX_OPEN => {
                self.slide_unit(UnitKind::Notes { slide: self.slide });
                self.flows.push(Flow::new(FlowKind::Notes));
            }
            "soft-page-break" if !self.presentation && self.flows.len() == 1 => {
                let at = self.flows[0].out.pos();
                self.layout.page_break(at, true);
            }
            "text" if is_start && !self.presentation => {
                self.layout.records_layout |=
                    attr_local(e, "use-soft-page-breaks").is_some_and(|v| is_on(&v));
            }
            "frame" if is_draw && is_start => {
                let class = attr_local(e, "class");
                if self.presentation
                    && matches!(
                        class.as_deref(),
                        Some("page-number" | "footer" | "date-time" | "header")
                    )
                {
                    xml.skip()?;
                } else if self.frames.len() < MAX_OPEN {
                    if self.frames.is_empty() {
                        let name = attr_local(e, "name").filter(|n| !n.trim().is_empty());
                        let slide = self.slide;
                        self.slide_unit(UnitKind::Shape { slide, name });
                    }
                    self.frames.push(Frame {
                        class,
                        decorative: attr_local(e, "decorative").is_some_and(|v| is_on(&v)),
                        ..Frame::default()
                    });
                }
            }
            "image" if is_draw => {
                if let Some(f) = self.frames.last_mut() {
                    if f.image.is_none() {
                        f.image = attr_local(e, "href");
                    }
                }
            }
            "object" | "object-ole" if is_draw => {
                if let Some(f) = self.frames.last_mut() {
                    f.object = true;
                }
            }
            "title" | "desc" if is_svg => {
                let is_title = local.as_ref() == "title";
                if is_start {
                    self.svg = Some((is_title, String::new()));
                } else if let Some(f) = self.frames.last_mut() {
                    // `<svg:title/>`: written, and empty.
                    let field = if is_title { &mut f.title } else { &mut f.desc };
                    field.get_or_insert_with(String::new);
                }
            }
            "text-box" | "custom-shape" | "rect" | "circle" | "ellipse" | "polygon"
            | "polyline" | "path" | "line" | "connector" | "caption" | "measure"
            | "regular-polygon"
                if is_draw && is_start && self.flows.len() < MAX_OPEN =>
            {
                let title = self.presentation
                    && local.as_ref() == "text-box"
                    && self.frames.last().and_then(|f| f.class.as_deref()) == Some("title");
                self.flows.push(Flow::new(if title {
                    FlowKind::Title
                } else {
                    FlowKind::Box
                }));
            }
            "a" if is_start => {
                let href = attr_local(e, "href").filter(|h| !h.trim().is_empty());
                if is_draw {
                    self.draw_links.push(href);
                } else {
                    let flow = self.flows.len() - 1;
                    let start = self.flow().out.pos();
                    self.text_links.push((href, start, flow));
                }
            }
            "p" | "h" if is_start => self.start_paragraph(e),
            // An empty paragraph (`<text:p/>`): a blank line, counted.
            "p" | "h" if self.in_body() => {
                self.paragraphs = self.paragraphs.saturating_add(1);
                let at = self.flows[0].out.pos();
                let (before, after) = self.styles.breaks(attr_local(e, "style-name").as_deref());
                if before {
                    self.layout.page_break(at, false);
                }
                self.layout.units.push(Unit {
                    start: at,
                    end: at,
                    kind: UnitKind::Paragraph(self.paragraphs),
                });
                if after {
                    self.layout.page_break(at, false);
                }
            }
            "s" => self.flow().out.push(" "),
            "tab" | "line-break" => self.flow().out.push(" "),
            "list" if is_start => self.flow().lists += 1,
            "list-header" if is_start => self.flow().list_headers += 1,
            "table" if is_start && !is_draw => {
                let number = self.in_body().then(|| {
                    self.body_tables = self.body_tables.saturating_add(1);
                    self.body_tables
                });
                let page = self.page();
                let flow = self.flow();
                match flow.tables.last_mut() {
                    Some(t) if t.builder.in_cell() => t.nested += 1,
                    _ => {
                        let mut builder = TableBuilder::new(&mut flow.out, page);
                        builder.name = attr_local(e, "name").filter(|n| !n.trim().is_empty());
                        flow.tables.push(Tbl {
                            builder,
                            nested: 0,
                            repeat: 0,
                            number,
                            cell: (0, 0, 0),
                        });
                    }
                }
            }
            "table-row" if is_start => {
                let flow = self.flow();
                if let Some(t) = flow.tables.last_mut() {
                    if t.nested == 0 {
                        t.builder.row(&mut flow.out);
                    }
                }
            }
            "table-cell" | "covered-table-cell" => {
                self.flow();
                let last = self.flows.len() - 1;
                let flow = &mut self.flows[last];
                if let Some(t) = flow.tables.last_mut() {
                    if t.nested > 0 {
                        flow.out.space();
                    } else {
                        if t.builder.in_cell() {
                            self.layout.units.extend(end_cell(t, &mut flow.out));
                        }
                        let count = |name: &str| {
                            attr_local(e, name)
                                .and_then(|v| v.trim().parse::<u32>().ok())
                                .unwrap_or(1)
                                .clamp(1, MAX_SPAN)
                        };
                        let (r, c) = (t.builder.row_index(), t.builder.col_index());
                        let (cols, rows) = (
                            count("number-columns-spanned"),
                            count("number-rows-spanned"),
                        );
                        t.builder.merge((r, c, r + rows - 1, c + cols - 1));
                        t.repeat = count("number-columns-repeated") - 1;
                        t.builder.cell(&mut flow.out, typed_value(e));
                        t.cell = (flow.out.pos(), r, c);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// What an empty element (`<x/>`) closes at once: a table cell. (An empty frame holds
    /// no image and is not opened; an empty link has no text.)
    fn empty_end(&mut self, e: &BytesStart<'_>, pkg: &mut Package<'_>) {
        let is_draw = e.name().prefix().is_some_and(|p| p.as_ref() == "draw");
        match e.local_name().as_ref() {
            "table-cell" | "covered-table-cell" if !is_draw => {
                self.end(e.local_name().as_ref(), false, pkg)
            }
            _ => {}
        }
    }

    fn start_paragraph(&mut self, e: &BytesStart<'_>) {
        let is_h = e.local_name().as_ref() == "h";
        let style = attr_local(e, "style-name");
        let (style_level, title) = self.styles.resolve(style.as_deref());
        let heading = if is_h {
            let level = attr_local(e, "outline-level").and_then(|v| v.trim().parse::<u8>().ok());
            Some(level.or(style_level).unwrap_or(1).clamp(1, 6))
        } else {
            style_level
        };
        let number = self.in_body().then(|| {
            self.paragraphs = self.paragraphs.saturating_add(1);
            self.paragraphs
        });
        let (break_before, break_after) = match number {
            Some(_) => self.styles.breaks(style.as_deref()),
            None => (false, false),
        };
        if break_before {
            let at = self.flows[0].out.pos();
            self.layout.page_break(at, false);
        }
        let flow = self.flow();
        let in_cell = flow.in_cell();
        if flow.kind == FlowKind::Title || in_cell {
            flow.out.space();
        } else {
            flow.out.line();
        }
        let kind = match heading {
            Some(level) => BlockKind::Heading { level },
            None if flow.lists > 0 && flow.list_headers == 0 => BlockKind::ListItem,
            None => BlockKind::Paragraph,
        };
        let start = flow.out.pos();
        flow.paras.push(Para {
            start,
            kind,
            title: title && !is_h,
            in_cell,
            number,
            break_after,
        });
    }

    fn end(&mut self, local: &str, is_draw: bool, pkg: &mut Package<'_>) {
        match local {
            "p" | "h" => self.end_paragraph(),
            "list" => {
                let f = self.flow();
                f.lists = f.lists.saturating_sub(1);
            }
            "list-header" => {
                let f = self.flow();
                f.list_headers = f.list_headers.saturating_sub(1);
            }
            "title" | "desc" if !is_draw => {
                if let (Some((is_title, text)), Some(f)) = (self.svg.take(), self.frames.last_mut())
                {
                    if is_title {
                        f.title = Some(text);
                    } else {
                        f.desc = Some(text);
                    }
                }
            }
            "a" => {
                if is_draw {
                    self.draw_links.pop();
                } else if let Some((href, start, flow)) = self.text_links.pop() {
                    let page = self.page();
                    if let (Some(href), true) = (href, flow + 1 == self.flows.len()) {
                        self.flow().out.link(href, start, page, None);
                    }
                }
            }
            "table-cell" | "covered-table-cell" => {
                self.flow();
                let last = self.flows.len() - 1;
                let flow = &mut self.flows[last];
                if let Some(t) = flow.tables.last_mut() {
                    if t.nested == 0 && t.builder.in_cell() {
                        self.layout.units.extend(end_cell(t, &mut flow.out));
                    }
                }
            }
            "table" if !is_draw => {
                self.flow();
                let last = self.flows.len() - 1;
                let flow = &mut self.flows[last];
                match flow.tables.last_mut() {
                    Some(t) if t.nested > 0 => t.nested -= 1,
                    Some(_) => {
                        if let Some(mut t) = flow.tables.pop() {
                            if t.builder.in_cell() {
                                self.layout.units.extend(end_cell(&mut t, &mut flow.out));
                            }
                            if let Some(table) = t.builder.finish(&mut flow.out) {
                                flow.out.tables.push(table);
                            }
                        }
                        if flow.in_cell() {
                            flow.out.space();
                        } else {
                            flow.out.line();
                        }
                        flow.settle();
                    }
                    None => {}
                }
            }
            "frame" if is_draw => {
                if let Some(frame) = self.frames.pop() {
                    self.end_frame(frame, pkg);
                }
            }
            "text-box" | "custom-shape" | "rect" | "circle" | "ellipse" | "polygon"
            | "polyline" | "path" | "line" | "connector" | "caption" | "measure"
            | "regular-polygon"
                if is_draw =>
            {
                self.end_flow();
            }
            "notes" if self.presentation && self.flows.len() > 1 => {
                if let Some(notes) = self.flows.pop() {
                    let mut notes_out = notes.out;
                    notes_out.flush_deferred();
                    let mut text_only = Out::default();
                    text_only.push_lines(&notes_out.text);
                    let flow = self.flow();
                    flow.out.defer(text_only);
                    flow.settle();
                }
            }
            "page" if is_draw && self.presentation && self.flows.len() > 1 => {
                if let Some(slide) = self.flows.pop() {
                    let mut out = slide.out;
                    // Deferred notes are part of the slide's text: appended now, so that
                    // the slide's positions are final before they are shifted.
                    out.flush_deferred();
                    let len = out.text.len();
                    let root = self.flow();
                    root.out.append(out);
                    let base = root.out.text.len().saturating_sub(len);
                    let shapes = std::mem::take(&mut self.slide_layout);
                    self.layout.append(shapes, base);
                }
            }
            _ => {}
        }
    }

    fn end_flow(&mut self) {
        if self.flows.len() < 2 {
            return;
        }
        let Some(inner) = self.flows.pop() else {
            return;
        };
        let page = self.page();
        let mut out = inner.out;
        out.flush_deferred();
        if inner.kind == FlowKind::Title {
            out.block(BlockKind::Heading { level: 1 }, 0, page);
        }
        let flow = self.flow();
        flow.out.defer(out);
        flow.settle();
    }

    fn end_paragraph(&mut self) {
        let page = self.page();
        self.flow();
        let last = self.flows.len() - 1;
        let flow = &mut self.flows[last];
        let Some(p) = flow.paras.pop() else {
            return;
        };
        if let Some(number) = p.number {
            let (start, end) = flow.out.span(p.start);
            self.layout.units.push(Unit {
                start,
                end,
                kind: UnitKind::Paragraph(number),
            });
            if p.break_after {
                self.layout.page_break(flow.out.pos(), false);
            }
        }
        let text_only = matches!(flow.kind, FlowKind::Title | FlowKind::Notes);
        let heading = matches!(p.kind, BlockKind::Heading { .. });
        if !text_only && (!p.in_cell || heading) {
            let index = flow.out.block(p.kind, p.start, page);
            if let (Some(i), true) = (index, p.title) {
                flow.out.titles.push(i);
            }
        }
        if !p.in_cell && flow.kind != FlowKind::Title {
            flow.out.line();
        }
        flow.settle();
    }

    fn end_frame(&mut self, frame: Frame, pkg: &mut Package<'_>) {
        let Some(src) = frame.image.clone().or(frame.object.then(String::new)) else {
            return;
        };
        // A picture inside the package: `Pictures/x.png` (not `http…`, not `../x.png`).
        let internal = !src.is_empty() && !src.contains(':') && !src.starts_with("..");
        let (bytes, dims) = if internal && frame.image.is_some() {
            pkg.image_facts(src.trim_start_matches("./"))
        } else {
            (None, None)
        };
        let image = Image {
            src,
            alt: alternative(frame.title, frame.desc),
            decorative: frame.decorative,
            bytes,
            width: dims.map(|(w, _)| w),
            height: dims.map(|(_, h)| h),
            ..Image::default()
        };
        let link = self.draw_links.iter().rev().find_map(Clone::clone);
        let page = self.page();
        let out = &mut self.flow().out;
        if let Some(href) = link {
            let at = out.pos();
            out.link(href, at, page, image.alt.as_deref());
        }
        out.image(image, page);
    }
}

/// Ends the open cell; for a body table, returns the cell as a unit of the layout.
fn end_cell(t: &mut Tbl, out: &mut Out) -> Option<Unit> {
    let (start, end) = out.span(t.cell.0);
    let unit = t.number.map(|table| Unit {
        start,
        end,
        kind: UnitKind::Cell(TableCell {
            table,
            row: t.cell.1 + 1,
            column: t.cell.2 + 1,
        }),
    });
    t.builder.end_cell(out);
    t.builder.fillers(out, std::mem::take(&mut t.repeat));
    unit
}

/// A cell's value as its attributes type it (`office:value-type` and its value), or
/// `None` for text cells and cells without type (typed from their text).
fn typed_value(e: &BytesStart<'_>) -> Option<CellValue> {
    let number = |name: &str| attr_local(e, name).and_then(|v| v.trim().parse::<f64>().ok());
    match attr_local(e, "value-type").as_deref() {
        Some("float" | "currency") => number("value").map(CellValue::Number),
        Some("percentage") => number("value").map(|v| CellValue::Number(v * 100.0)),
        Some("date") => attr_local(e, "date-value")
            .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(&d), "%Y-%m-%d").ok())
            .map(CellValue::Date),
        Some("boolean") => match attr_local(e, "boolean-value").as_deref() {
            Some("true") => Some(CellValue::Bool(true)),
            Some("false") => Some(CellValue::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_give_outline_levels_titles_and_language() {
        let mut s = Styles::default();
        s.parse(
            r#"<office:document-styles xmlns:office="o" xmlns:style="s" xmlns:fo="f"><office:styles>
              <style:default-style style:family="paragraph"><style:text-properties fo:language="fr" fo:country="FR"/></style:default-style>
              <style:style style:name="Heading_20_2" style:family="paragraph" style:default-outline-level="2"/>
              <style:style style:name="Perso" style:family="paragraph" style:parent-style-name="Heading_20_2"/>
              <style:style style:name="Title" style:family="paragraph"/>
              <style:style style:name="Grand" style:display-name="Titre" style:family="paragraph"/>
              <style:style style:name="Boucle" style:family="paragraph" style:parent-style-name="Boucle"/>
              <style:style style:name="T1" style:family="text"/>
            </office:styles></office:document-styles>"#,
            "styles.xml",
        )
        .unwrap();
        assert_eq!(s.lang.as_deref(), Some("fr-FR"));
        assert_eq!(s.resolve(Some("Perso")), (Some(2), false));
        assert_eq!(s.resolve(Some("Title")), (None, true));
        assert_eq!(s.resolve(Some("Grand")), (None, true));
        assert_eq!(s.resolve(Some("Boucle")), (None, false));
        assert_eq!(s.resolve(None), (None, false));
        assert!(!s.defs.contains_key("T1"));
    }
}
