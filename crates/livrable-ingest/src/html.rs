//! HTML reader: headings, text blocks, links, images, tables, every element's start tag and
//! the page's title, language and description, each with its byte span in the source.
//!
//! Parser: lol_html 3. The human report underlines the offending tag, so every element needs
//! its position in the source; scraper/html5ever build a tree and drop positions, while
//! lol_html streams start tags, end tags and text chunks with `source_location().bytes()`,
//! in linear time and without building a tree, and is already a dependency (html5gum also
//! gives spans but is not). lol_html is a rewriter, not a tree builder, so this module keeps
//! its own small stack of the elements that matter for structure (headings, paragraphs,
//! lists, quotes, tables) and applies the few implicit-closing rules of HTML that change
//! what a reader sees: a new `<p>` or block closes an open `<p>`, a new `<li>` closes the
//! previous one, a heading start closes an open heading, a cell closes the previous cell.
//!
//! Text: lol_html hands over raw text; character references are decoded by the small
//! [`entities`] module. Text inside `script`, `style`, `noscript` and `template` is not
//! visible and is skipped; comments (including Outlook's conditional comments) too.
//!
//! Blocks: `h1`–`h6` are headings (their text includes the alternative text of images in
//! them, as a screen reader reads it); `p`, `li`, `dt`/`dd`, `blockquote` and `pre` are
//! paragraphs, list items, quotes and code; any other run of text between block-level tags
//! (in a `div`, a layout-table cell) is a paragraph, because e-mail newsletters carry their
//! whole body in such runs.
//!
//! Limits: no CSS is applied (text hidden by `display:none` counts as visible); the table
//! grid follows `colspan` and `rowspan` but not `<col>` groups; nesting deeper than
//! [`MAX_STACK`] elements and tables nested deeper than [`MAX_TABLES`] are read as if
//! flattened; at most [`MAX_ITEMS`] elements, blocks, links and images, and [`MAX_CELLS`]
//! table cells, are kept per file, which bounds memory on hostile files.

mod entities;

use std::cell::RefCell;
use std::rc::Rc;

use livrable_model::{
    Block, BlockKind, Cell, CellValue, Document, Element, Format, Image, Link, Location, Table,
};
use lol_html::html_content::TextType;
use lol_html::{doc_text, element, end_tag, HtmlRewriter, Settings};

use crate::text::{cell_value, TextBuf, MAX_CELLS, MAX_ITEMS};

/// Deepest nesting of block-level elements tracked. Real pages nest a few tens of levels;
/// the bound keeps every search of the stack to a constant number of steps on hostile input.
const MAX_STACK: usize = 256;
/// Deepest table nesting read (e-mail layouts nest three or four tables).
const MAX_TABLES: usize = 64;
/// Largest `colspan` HTML honours.
const MAX_COLSPAN: u32 = 1000;
/// Largest `rowspan` HTML honours.
const MAX_ROWSPAN: u32 = 65534;

/// Reads an HTML file whose decoded text is `text`.
pub fn read(path: &str, text: String) -> Document {
    let mut doc = parse(&text, 0);
    doc.path = path.to_string();
    doc.text = text;
    doc
}

/// Parses `src` (a whole page, or an HTML fragment found inside another format) into a
/// document without path or text; every span is shifted by `base`, the offset of `src` in
/// the enclosing text.
pub(crate) fn parse(src: &str, base: usize) -> Document {
    let builder = Rc::new(RefCell::new(Builder::new(base)));
    {
        let on_element = Rc::clone(&builder);
        let on_text = Rc::clone(&builder);
        let settings = Settings::new()
            // Not strict: on ambiguous markup (`<select><xmp>`) keep reading rather than stop.
            .with_strict(false)
            .append_element_content_handler(element!("*", move |el| {
                let range = el.source_location().bytes();
                let attrs = el
                    .attributes()
                    .iter()
                    .map(|a| (a.name(), entities::decode(&a.value(), true).into_owned()))
                    .collect();
                let tag = el.tag_name();
                let can_end = el.can_have_content();
                on_element
                    .borrow_mut()
                    .start(&tag, attrs, range.start, range.end, can_end);

                if can_end {
                    let on_end = Rc::clone(&on_element);
                    // lol_html also runs this handler when another end tag closes the
                    // element implicitly (`</table>` runs the handlers of the cells it
                    // closes), passing that other tag: only an element's own end tag counts,
                    // implicit ends are the builder's business.
                    el.on_end_tag(end_tag!(move |end| {
                        let name = end.name();
                        if name == tag {
                            let range = end.source_location().bytes();
                            on_end.borrow_mut().end(&name, range.end);
                        }
                        Ok(())
                    }))?;
                }
                Ok(())
            }))
            .append_document_content_handler(doc_text!(move |t| {
                let range = t.source_location().bytes();
                on_text.borrow_mut().text_chunk(
                    t.as_str(),
                    range.start,
                    range.end,
                    t.text_type(),
                    t.last_in_text_node(),
                );
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // An error (memory limit, handler error) leaves what was read so far: keep it.
        if rewriter.write(src.as_bytes()).is_ok() {
            let _ = rewriter.end();
        }
    }
    let builder = match Rc::try_unwrap(builder) {
        Ok(cell) => cell.into_inner(),
        // Unreachable: the rewriter and its handlers are dropped above.
        Err(shared) => std::mem::replace(&mut *shared.borrow_mut(), Builder::new(base)),
    };
    builder.finish()
}

/// The elements whose opening and closing change which block text belongs to, or scope the
/// implicit-closing rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tracked {
    Heading(u8),
    P,
    Li,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Ul,
    Ol,
    Dl,
    Table,
    Caption,
    Td,
    Th,
}

impl Tracked {
    fn of(tag: &str) -> Option<Tracked> {
        Some(match tag {
            "h1" => Tracked::Heading(1),
            "h2" => Tracked::Heading(2),
            "h3" => Tracked::Heading(3),
            "h4" => Tracked::Heading(4),
            "h5" => Tracked::Heading(5),
            "h6" => Tracked::Heading(6),
            "p" => Tracked::P,
            "li" => Tracked::Li,
            "dt" => Tracked::Dt,
            "dd" => Tracked::Dd,
            "blockquote" => Tracked::Blockquote,
            "pre" | "listing" => Tracked::Pre,
            "ul" | "menu" | "dir" => Tracked::Ul,
            "ol" => Tracked::Ol,
            "dl" => Tracked::Dl,
            "table" => Tracked::Table,
            "caption" => Tracked::Caption,
            "td" => Tracked::Td,
            "th" => Tracked::Th,
            _ => return None,
        })
    }

    /// Same element for end-tag matching: any `</hN>` closes any open heading, as in HTML.
    fn matches(self, other: Tracked) -> bool {
        match (self, other) {
            (Tracked::Heading(_), Tracked::Heading(_)) => true,
            (a, b) => a == b,
        }
    }

    /// The block kind this element gives the text inside it, if it gives one.
    fn kind(self) -> Option<BlockKind> {
        match self {
            Tracked::Heading(level) => Some(BlockKind::Heading { level }),
            Tracked::Li | Tracked::Dt | Tracked::Dd => Some(BlockKind::ListItem),
            Tracked::Blockquote => Some(BlockKind::Quote),
            Tracked::Pre => Some(BlockKind::Code),
            _ => None,
        }
    }

    /// Elements that limit how far up the stack an implicit `<p>` or `<li>` close reaches.
    fn is_scope(self) -> bool {
        matches!(
            self,
            Tracked::Table | Tracked::Caption | Tracked::Td | Tracked::Th
        )
    }
}

/// Block-level tags: their start and end end the current run of text.
#[rustfmt::skip]
const BOUNDARY: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "li",
    "listing", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "select",
    "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "ul",
];

/// Start tags that close an open `<p>` (HTML's "close a p element" list).
#[rustfmt::skip]
const CLOSES_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "dd", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol",
    "p", "pre", "section", "summary", "table", "ul",
];

fn is_boundary(tag: &str) -> bool {
    BOUNDARY.contains(&tag)
}

fn closes_p(tag: &str) -> bool {
    CLOSES_P.contains(&tag)
}

/// An open block-level element.
struct Open {
    tag: String,
    tracked: Option<Tracked>,
}

/// A run of text being collected into a block.
struct Run {
    kind: BlockKind,
    start: usize,
    end: usize,
    text: TextBuf,
}

/// An `<a href>` being read.
struct OpenLink {
    href: String,
    aria_label: Option<String>,
    start: usize,
    end: usize,
    text: TextBuf,
}

/// A `<td>`/`<th>` being read.
struct OpenCell {
    start: usize,
    end: usize,
    text: TextBuf,
    colspan: u32,
    rowspan: u32,
}

/// A `<table>` being read; its slot in the output is reserved at its start so that tables
/// stay in source order even when nested.
struct TableBuild {
    slot: usize,
    start: usize,
    end: usize,
    rows: Vec<Vec<Cell>>,
    row: Option<Vec<Cell>>,
    cell: Option<OpenCell>,
    caption: Option<TextBuf>,
    name: Option<String>,
    merged: Vec<(u32, u32, u32, u32)>,
    /// Per column: (rows still covered by a `rowspan` below its origin, origin row index).
    covered: Vec<(u32, usize)>,
}

impl TableBuild {
    fn new(slot: usize, start: usize, end: usize) -> Self {
        TableBuild {
            slot,
            start,
            end,
            rows: Vec::new(),
            row: None,
            cell: None,
            caption: None,
            name: None,
            merged: Vec::new(),
            covered: Vec::new(),
        }
    }

    /// Fills the columns of the current row that a `rowspan` from above covers, up to the
    /// first free column (or, with `to_end`, up to the last covered column).
    fn fill_covered(&mut self, to_end: bool, at: usize, budget: &mut usize) {
        let r = self.rows.len();
        let Some(row) = self.row.as_mut() else { return };
        let is_covered = |&(n, origin): &(u32, usize)| n > 0 && origin != r;
        // Columns past the last covered one need no filling; found once, so that padding a
        // row costs one step per cell pushed.
        let limit = if to_end {
            match self.covered.iter().rposition(is_covered) {
                Some(last) => last + 1,
                None => return,
            }
        } else {
            self.covered.len()
        };
        while row.len() < limit && *budget > 0 {
            if !to_end && !self.covered.get(row.len()).is_some_and(is_covered) {
                return;
            }
            *budget -= 1;
            row.push(empty_cell(Location::span(at, at)));
        }
    }

    fn open_cell(
        &mut self,
        start: usize,
        end: usize,
        colspan: u32,
        rowspan: u32,
        budget: &mut usize,
    ) {
        self.close_cell(None, budget);
        if self.row.is_none() {
            self.row = Some(Vec::new());
        }
        self.fill_covered(false, start, budget);
        self.cell = Some(OpenCell {
            start,
            end,
            text: TextBuf::default(),
            colspan,
            rowspan,
        });
    }

    fn close_cell(&mut self, end: Option<usize>, budget: &mut usize) {
        let Some(cell) = self.cell.take() else { return };
        let r = self.rows.len();
        let Some(row) = self.row.as_mut() else { return };
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let end = end.unwrap_or(cell.end).max(cell.start);
        let location = Location::span(cell.start, end);
        let col = row.len();
        let text = cell.text.finish();
        row.push(Cell {
            value: cell_value(&text),
            text,
            location: location.clone(),
            ..Cell::default()
        });
        if cell.colspan > 1 || cell.rowspan > 1 {
            self.merged.push((
                r as u32,
                col as u32,
                (r as u32).saturating_add(cell.rowspan - 1),
                (col as u32).saturating_add(cell.colspan - 1),
            ));
        }
        for _ in 1..cell.colspan {
            if *budget == 0 {
                break;
            }
            *budget -= 1;
            row.push(empty_cell(location.clone()));
        }
        if cell.rowspan > 1 {
            let last = col + cell.colspan as usize;
            if self.covered.len() < last {
                self.covered.resize(last, (0, 0));
            }
            for c in self.covered.iter_mut().take(last).skip(col) {
                *c = (cell.rowspan - 1, r);
            }
        }
    }

    fn close_row(&mut self, budget: &mut usize) {
        self.close_cell(None, budget);
        if self.row.is_none() {
            return;
        }
        let at = self.end;
        self.fill_covered(true, at, budget);
        let r = self.rows.len();
        if *budget == 0 {
            // The table is cut short anyway: stop tracking spans, which bounds the work
            // left for each further `<tr>`.
            self.covered.clear();
        }
        for c in &mut self.covered {
            if c.0 > 0 && c.1 != r {
                c.0 -= 1;
            }
        }
        // Keep only up to the last column still covered: the next row is padded that far,
        // so this loop never costs more than the cells pushed.
        let active = self
            .covered
            .iter()
            .rposition(|c| c.0 > 0)
            .map_or(0, |i| i + 1);
        self.covered.truncate(active);
        if let Some(row) = self.row.take() {
            self.rows.push(row);
        }
    }

    fn finish(mut self, end: usize, budget: &mut usize) -> (usize, Table) {
        self.end = self.end.max(end);
        self.close_row(budget);
        let table = Table {
            name: self.name,
            rows: self.rows,
            merged: self.merged,
            location: Location::span(self.start, self.end),
        };
        (self.slot, table)
    }
}

fn empty_cell(location: Location) -> Cell {
    Cell {
        value: CellValue::Empty,
        location,
        ..Cell::default()
    }
}

/// A text node's raw chunks, joined before decoding so that a reference is never split.
struct PendingText {
    raw: String,
    start: usize,
    end: usize,
    kind: TextType,
}

/// Turns the stream of tags and text into the document model (see the module docs).
struct Builder {
    base: usize,
    doc: Document,
    /// Open block-level elements (inline ones do not change blocks and are often left
    /// unclosed in old e-mail HTML, so they are not kept).
    stack: Vec<Open>,
    /// How many headings are on the stack: a heading block stays open while one is.
    open_headings: usize,
    run: Option<Run>,
    link: Option<OpenLink>,
    tables: Vec<TableBuild>,
    /// `<table>` starts ignored past [`MAX_TABLES`], so that their ends are ignored too.
    ignored_tables: usize,
    cell_budget: usize,
    title: Option<TextBuf>,
    /// Depth inside `<template>`, whose content is not rendered.
    template_depth: usize,
    svg_depth: usize,
    pending: Option<PendingText>,
    /// Furthest offset seen, for closing what is still open at the end of the file.
    last: usize,
}

impl Builder {
    fn new(base: usize) -> Self {
        Builder {
            base,
            doc: Document::new("", Format::Html),
            stack: Vec::new(),
            open_headings: 0,
            run: None,
            link: None,
            tables: Vec::new(),
            ignored_tables: 0,
            cell_budget: MAX_CELLS,
            title: None,
            template_depth: 0,
            svg_depth: 0,
            pending: None,
            last: base,
        }
    }

    // ---- events -------------------------------------------------------------------------

    fn start(
        &mut self,
        tag: &str,
        attrs: Vec<(String, String)>,
        start: usize,
        end: usize,
        can_end: bool,
    ) {
        self.drain_text();
        let (s, e) = (self.base + start, self.base + end);
        self.last = self.last.max(e);
        let attr = |name: &str| {
            attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };

        if self.template_depth > 0 {
            if tag == "template" && can_end {
                self.template_depth += 1;
            }
            self.push_element(tag, &attrs, s, e);
            return;
        }

        match tag {
            "template" if can_end => self.template_depth += 1,
            "svg" if can_end => self.svg_depth += 1,
            "title"
                if can_end
                    && self.svg_depth == 0
                    && self.doc.meta.title.is_none()
                    && self.title.is_none() =>
            {
                self.title = Some(TextBuf::default());
            }
            "html" if self.doc.meta.lang.is_none() => {
                self.doc.meta.lang = attr("lang")
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string);
            }
            "meta" => {
                let is_description =
                    attr("name").is_some_and(|n| n.trim().eq_ignore_ascii_case("description"));
                if is_description && self.doc.meta.description.is_none() {
                    self.doc.meta.description =
                        attr("content").map(crate::text::collapse_whitespace);
                }
            }
            "br" => self.push_space(),
            "img" => self.image(&attrs, s, e),
            "a" => {
                // HTML does not nest links: a new one ends the open one.
                self.close_link(None);
                if let Some(href) = attr("href") {
                    self.link = Some(OpenLink {
                        href: href.trim().to_string(),
                        aria_label: attr("aria-label").map(crate::text::collapse_whitespace),
                        start: s,
                        end: e,
                        text: TextBuf::default(),
                    });
                }
            }
            _ => {}
        }

        if is_boundary(tag) {
            self.implicit_closes(tag);
            self.boundary();
            self.push_space();
        } else {
            self.touch(e);
        }

        self.table_start(tag, &attrs, s, e);

        let tracked = Tracked::of(tag);
        if can_end && (tracked.is_some() || is_boundary(tag)) && self.stack.len() < MAX_STACK {
            if matches!(tracked, Some(Tracked::Heading(_))) {
                self.open_headings += 1;
            }
            self.stack.push(Open {
                tag: tag.to_string(),
                tracked,
            });
        }
        if let Some(tracked) = tracked {
            if !self.heading_active() {
                match tracked {
                    Tracked::Heading(level) => self.open_run(BlockKind::Heading { level }, s, e),
                    Tracked::P
                    | Tracked::Li
                    | Tracked::Dt
                    | Tracked::Dd
                    | Tracked::Blockquote
                    | Tracked::Pre => {
                        let kind = self.inferred_kind();
                        self.open_run(kind, s, e);
                    }
                    _ => {}
                }
            }
        }
        self.push_element(tag, &attrs, s, e);
    }

    fn end(&mut self, tag: &str, end: usize) {
        self.drain_text();
        let e = self.base + end;
        self.last = self.last.max(e);
        if self.template_depth > 0 {
            if tag == "template" {
                self.template_depth -= 1;
            }
            return;
        }
        match tag {
            "svg" => self.svg_depth = self.svg_depth.saturating_sub(1),
            "title" => self.close_title(),
            "a" => self.close_link(Some(e)),
            _ => {}
        }
        self.table_end(tag, e);

        // Only block-level elements are on the stack: other end tags have nothing to close.
        let stacked = Tracked::of(tag).is_some() || is_boundary(tag);
        let open = if stacked { self.find_open(tag) } else { None };
        if let Some(i) = open {
            if Tracked::of(tag).is_some_and(|t| t.kind().is_some() || t == Tracked::P) {
                self.touch(e);
            }
            self.pop_to(i);
        }
        if is_boundary(tag) {
            self.boundary();
            self.push_space();
        } else {
            self.touch(e);
        }
    }

    /// Receives a raw text chunk; chunks of one text node are joined before decoding.
    fn text_chunk(
        &mut self,
        raw: &str,
        start: usize,
        end: usize,
        kind: TextType,
        last_in_node: bool,
    ) {
        let (s, e) = (self.base + start, self.base + end);
        if !raw.is_empty() {
            match self.pending.as_mut() {
                Some(p) if p.end == s && p.kind == kind => {
                    p.raw.push_str(raw);
                    p.end = e;
                }
                _ => {
                    self.drain_text();
                    self.pending = Some(PendingText {
                        raw: raw.to_string(),
                        start: s,
                        end: e,
                        kind,
                    });
                }
            }
        }
        if last_in_node {
            self.drain_text();
        }
    }

    fn drain_text(&mut self) {
        if let Some(p) = self.pending.take() {
            self.text(&p.raw, p.start, p.end, p.kind);
        }
    }

    fn text(&mut self, raw: &str, s: usize, e: usize, kind: TextType) {
        self.last = self.last.max(e);
        if self.template_depth > 0 {
            return;
        }
        let decoded = match kind {
            TextType::ScriptData | TextType::RawText => return,
            TextType::PlainText | TextType::CDataSection => std::borrow::Cow::Borrowed(raw),
            TextType::Data | TextType::RCData => entities::decode(raw, false),
        };
        if kind == TextType::RCData {
            if let Some(title) = self.title.as_mut() {
                title.push_str(&decoded);
                return;
            }
        }
        // The visible part of the span, when the chunk is the source text as is.
        let (vs, ve) = if raw.len() == e.saturating_sub(s) {
            let lead = raw.len() - raw.trim_start().len();
            let trail = raw.len() - raw.trim_end().len();
            (s + lead, (e - trail).max(s + lead))
        } else {
            (s, e)
        };
        let blank = decoded.trim().is_empty();
        if self.run.is_none() && !blank {
            let kind = self.inferred_kind();
            self.open_run(kind, vs, ve);
        }
        if let Some(run) = self.run.as_mut() {
            run.text.push_str(&decoded);
            if !blank {
                run.end = run.end.max(ve);
            }
        }
        if let Some(link) = self.link.as_mut() {
            link.text.push_str(&decoded);
            if !blank {
                link.end = link.end.max(ve);
            }
        }
        if let Some(table) = self.tables.last_mut() {
            if let Some(caption) = table.caption.as_mut() {
                caption.push_str(&decoded);
            } else if let Some(cell) = table.cell.as_mut() {
                cell.text.push_str(&decoded);
                cell.end = cell.end.max(e);
            }
        }
    }

    // ---- structure ----------------------------------------------------------------------

    /// HTML's implicit closes that change which block text belongs to.
    fn implicit_closes(&mut self, tag: &str) {
        if closes_p(tag) {
            if let Some(i) = self.find_in_scope(|t| t == Tracked::P, |t| t.is_scope()) {
                self.pop_to(i);
            }
        }
        match tag {
            "li" => {
                // Up to the nearest list, cell or other special element.
                if let Some(i) = self.find_in_scope(|t| t == Tracked::Li, |t| t != Tracked::P) {
                    self.pop_to(i);
                }
            }
            "dt" | "dd" => {
                let dt_dd = |t: Tracked| matches!(t, Tracked::Dt | Tracked::Dd);
                if let Some(i) = self.find_in_scope(dt_dd, |t| t != Tracked::P) {
                    self.pop_to(i);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if let Some(i) = self.stack.len().checked_sub(1) {
                    if matches!(
                        self.stack.get(i).and_then(|o| o.tracked),
                        Some(Tracked::Heading(_))
                    ) {
                        self.pop_to(i);
                    }
                }
            }
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" => {
                // Whatever is open inside the current cell or table closes.
                let stop = |t: Option<Tracked>| {
                    matches!(
                        t,
                        Some(Tracked::Table | Tracked::Td | Tracked::Th | Tracked::Caption)
                    )
                };
                if let Some(i) = self.stack.iter().rposition(|o| stop(o.tracked)) {
                    if self.stack.get(i).and_then(|o| o.tracked) == Some(Tracked::Table) {
                        self.pop_to(i + 1);
                    } else {
                        self.pop_to(i);
                    }
                }
            }
            _ => {}
        }
    }

    /// The index of the innermost stack entry for which `hit` holds, searching down from the
    /// top and stopping at an entry for which `stop` holds. Only tracked elements are tested;
    /// other block elements (`div`, `section`) neither match nor stop.
    fn find_in_scope(
        &self,
        hit: impl Fn(Tracked) -> bool,
        stop: impl Fn(Tracked) -> bool,
    ) -> Option<usize> {
        for (i, open) in self.stack.iter().enumerate().rev() {
            let Some(t) = open.tracked else { continue };
            if hit(t) {
                return Some(i);
            }
            if stop(t) {
                return None;
            }
        }
        None
    }

    /// The open element an end tag closes: the innermost one of that name (any heading for
    /// `</hN>`), without crossing a table or cell unless the tag is a table part itself, so
    /// that a stray `</div>` in a cell does not close the layout around the table.
    fn find_open(&self, tag: &str) -> Option<usize> {
        let target = Tracked::of(tag);
        let table_part = matches!(
            tag,
            "table" | "caption" | "td" | "th" | "tr" | "tbody" | "thead" | "tfoot"
        );
        for (i, open) in self.stack.iter().enumerate().rev() {
            let same = match (target, open.tracked) {
                (Some(a), Some(b)) => a.matches(b),
                _ => open.tag == tag,
            };
            if same {
                return Some(i);
            }
            let stops = match open.tracked {
                Some(Tracked::Table) => tag != "table",
                Some(Tracked::Td | Tracked::Th | Tracked::Caption) => !table_part,
                _ => false,
            };
            if stops {
                return None;
            }
        }
        None
    }

    /// Pops the stack down to (and including) index `i`; a popped heading ends its block.
    fn pop_to(&mut self, i: usize) {
        if i >= self.stack.len() {
            return;
        }
        let headings = self
            .stack
            .drain(i..)
            .filter(|o| matches!(o.tracked, Some(Tracked::Heading(_))))
            .count();
        if headings > 0 {
            self.open_headings = self.open_headings.saturating_sub(headings);
            self.flush();
        }
    }

    /// True while a heading's block is being collected and the heading is still open.
    fn heading_active(&self) -> bool {
        self.open_headings > 0
            && matches!(
                self.run,
                Some(Run {
                    kind: BlockKind::Heading { .. },
                    ..
                })
            )
    }

    /// The kind of a run starting now: that of the innermost heading, list item, quote or
    /// preformatted element open, else a paragraph.
    fn inferred_kind(&self) -> BlockKind {
        self.stack
            .iter()
            .rev()
            .find_map(|o| o.tracked.and_then(Tracked::kind))
            .unwrap_or(BlockKind::Paragraph)
    }

    fn open_run(&mut self, kind: BlockKind, start: usize, end: usize) {
        self.flush();
        self.run = Some(Run {
            kind,
            start,
            end,
            text: TextBuf::default(),
        });
    }

    /// A block-level tag: ends the current run, unless it is a heading still open (a block
    /// tag inside a heading does not split it).
    fn boundary(&mut self) {
        if !self.heading_active() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let Some(run) = self.run.take() else { return };
        let is_heading = matches!(run.kind, BlockKind::Heading { .. });
        if (is_heading || !run.text.is_blank()) && self.doc.blocks.len() < MAX_ITEMS {
            self.doc.blocks.push(Block {
                kind: run.kind,
                text: run.text.finish(),
                location: Location::span(run.start, run.end),
            });
        }
    }

    fn touch(&mut self, e: usize) {
        if let Some(run) = self.run.as_mut() {
            run.end = run.end.max(e);
        }
        if let Some(link) = self.link.as_mut() {
            link.end = link.end.max(e);
        }
    }

    /// A word break (`<br>`, a block boundary) in every text being collected.
    fn push_space(&mut self) {
        if let Some(run) = self.run.as_mut() {
            run.text.push_space();
        }
        if let Some(link) = self.link.as_mut() {
            link.text.push_space();
        }
        if let Some(table) = self.tables.last_mut() {
            if let Some(caption) = table.caption.as_mut() {
                caption.push_space();
            } else if let Some(cell) = table.cell.as_mut() {
                cell.text.push_space();
            }
        }
    }

    // ---- elements, images, links, title -------------------------------------------------

    fn push_element(&mut self, tag: &str, attrs: &[(String, String)], s: usize, e: usize) {
        if self.doc.elements.len() < MAX_ITEMS {
            self.doc.elements.push(Element {
                tag: tag.to_string(),
                attrs: attrs.to_vec(),
                location: Location::span(s, e),
            });
        }
    }

    fn image(&mut self, attrs: &[(String, String)], s: usize, e: usize) {
        let attr = |name: &str| {
            attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let role = attr("role")
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or("");
        let decorative = role.eq_ignore_ascii_case("presentation")
            || role.eq_ignore_ascii_case("none")
            || attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let alt = attr("alt").map(str::to_string);
        // The alternative is what a screen reader says for the image inside a link or a
        // heading, so it belongs to their text.
        if let Some(alt) = alt.as_deref().filter(|_| !decorative) {
            if let Some(link) = self.link.as_mut() {
                link.text.push_str(alt);
            }
            if let Some(run) = self
                .run
                .as_mut()
                .filter(|r| matches!(r.kind, BlockKind::Heading { .. }))
            {
                run.text.push_str(alt);
            }
        }
        if self.doc.images.len() < MAX_ITEMS {
            self.doc.images.push(Image {
                src: attr("src").unwrap_or("").trim().to_string(),
                alt,
                title: attr("title").map(str::to_string),
                decorative,
                width: attr("width").and_then(leading_number),
                height: attr("height").and_then(leading_number),
                location: Location::span(s, e),
                ..Image::default()
            });
        }
    }

    /// Ends the open link at its end tag's end, or (`None`, no end tag) after its content.
    fn close_link(&mut self, end: Option<usize>) {
        let Some(link) = self.link.take() else { return };
        let mut text = link.text.finish();
        if text.is_empty() {
            text = link.aria_label.unwrap_or_default();
        }
        if self.doc.links.len() < MAX_ITEMS {
            self.doc.links.push(Link {
                href: link.href,
                text,
                location: Location::span(link.start, end.unwrap_or(0).max(link.end)),
            });
        }
    }

    fn close_title(&mut self) {
        if let Some(title) = self.title.take() {
            if self.doc.meta.title.is_none() {
                self.doc.meta.title = Some(title.finish());
            }
        }
    }

    // ---- tables -------------------------------------------------------------------------

    fn table_start(&mut self, tag: &str, attrs: &[(String, String)], s: usize, e: usize) {
        let budget = &mut self.cell_budget;
        match tag {
            "table" => {
                if self.tables.len() >= MAX_TABLES || self.doc.tables.len() >= MAX_ITEMS {
                    self.ignored_tables += 1;
                    return;
                }
                let slot = self.doc.tables.len();
                self.doc.tables.push(Table::default());
                self.tables.push(TableBuild::new(slot, s, e));
            }
            "caption" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_row(budget);
                    t.caption = Some(TextBuf::default());
                }
            }
            "tr" | "tbody" | "thead" | "tfoot" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_row(budget);
                    t.end = t.end.max(e);
                    if tag == "tr" {
                        t.row = Some(Vec::new());
                    }
                }
            }
            "td" | "th" => {
                if let Some(t) = self.tables.last_mut() {
                    let span = |name: &str, max: u32| {
                        attrs
                            .iter()
                            .find(|(n, _)| n == name)
                            .and_then(|(_, v)| leading_number(v))
                            .unwrap_or(1)
                            .clamp(1, max)
                    };
                    t.end = t.end.max(e);
                    t.open_cell(
                        s,
                        e,
                        span("colspan", MAX_COLSPAN),
                        span("rowspan", MAX_ROWSPAN),
                        budget,
                    );
                }
            }
            _ => {
                if let Some(t) = self.tables.last_mut() {
                    t.end = t.end.max(e);
                }
            }
        }
    }

    fn table_end(&mut self, tag: &str, e: usize) {
        let budget = &mut self.cell_budget;
        match tag {
            "table" => {
                if self.ignored_tables > 0 {
                    self.ignored_tables -= 1;
                } else if let Some(t) = self.tables.pop() {
                    let (slot, table) = t.finish(e, budget);
                    if let Some(place) = self.doc.tables.get_mut(slot) {
                        *place = table;
                    }
                }
            }
            "caption" => {
                if let Some(t) = self.tables.last_mut() {
                    if let Some(caption) = t.caption.take() {
                        let name = caption.finish();
                        if !name.is_empty() && t.name.is_none() {
                            t.name = Some(name);
                        }
                    }
                }
            }
            "td" | "th" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell(Some(e), budget);
                    t.end = t.end.max(e);
                }
            }
            "tr" | "tbody" | "thead" | "tfoot" => {
                if let Some(t) = self.tables.last_mut() {
                    t.end = t.end.max(e);
                    t.close_row(budget);
                }
            }
            _ => {
                if let Some(t) = self.tables.last_mut() {
                    t.end = t.end.max(e);
                }
            }
        }
    }

    // ---- end of input -------------------------------------------------------------------

    fn finish(mut self) -> Document {
        self.drain_text();
        let last = self.last;
        self.close_title();
        self.close_link(None);
        self.flush();
        while let Some(t) = self.tables.pop() {
            let (slot, table) = t.finish(last, &mut self.cell_budget);
            if let Some(place) = self.doc.tables.get_mut(slot) {
                *place = table;
            }
        }
        self.doc
    }
}

/// The number an HTML length attribute starts with (`600`, `600px`, ` 80 `); `None` when it
/// does not start with digits.
fn leading_number(v: &str) -> Option<u32> {
    let v = v.trim();
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    v.get(..digits)?.parse().ok()
}

#[cfg(test)]
mod tests;
