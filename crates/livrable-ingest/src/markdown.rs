//! Markdown and plain-text readers: headings, paragraphs, list items, quotes, code blocks,
//! links, images, tables and front matter, each with its byte span in the file's text.
//!
//! Markdown is parsed by pulldown-cmark (CommonMark, with GitHub tables, strikethrough,
//! task lists and footnotes) through `into_offset_iter`, which gives every event its byte
//! range. Spans: a heading covers its line without the line ending (a setext heading also
//! covers its underline); a paragraph, code block or quote covers its source lines; a link
//! or image covers its whole markup (`[text](url)`, `![alt](src)`); a table cell covers its
//! trimmed content.
//!
//! Images: a Markdown image always has an alternative syntactically, so `![](x.png)` gives
//! `Some("")`; the alternative is the image's text content with markup removed. Raw HTML
//! inside Markdown is read with the HTML reader's own logic: an HTML block contributes its
//! blocks, links, images and tables; inline `<img>` and `<a href>` tags become images and
//! links (so `<img src=x>` without `alt` has `None`).
//!
//! Block text: inline markup removed, white space collapsed. The text of a heading includes
//! the alternative of the images in it, as a screen reader reads it. Table cells are in
//! [`Document::tables`] only: Markdown tables are data, not prose.
//!
//! Limits: front matter is read as flat `key: value` pairs (see [`front_matter`]); at most
//! [`MAX_ITEMS`] blocks, links and images and [`MAX_CELLS`] cells are kept per file.

mod front_matter;

use std::ops::Range;

use livrable_model::{Block, BlockKind, Cell, Document, Format, Image, Link, Location, Table};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::text::{cell_value, collapse_whitespace, trim_span, TextBuf, MAX_CELLS, MAX_ITEMS};

/// Nesting kept for links and images (an image inside a link, an image in an image's alt).
const MAX_INLINE_NESTING: usize = 32;

/// Reads a Markdown file whose decoded text is `text`.
pub fn read(path: &str, text: String) -> Document {
    let mut doc = Document::new(path, Format::Markdown);
    let mut body_start = 0;
    if let Some((entries, start)) = front_matter::split(&text) {
        body_start = start;
        let get = |key: &str| {
            entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| collapse_whitespace(v))
                .filter(|v| !v.is_empty())
        };
        doc.meta.title = get("title");
        doc.meta.description = get("description");
        doc.meta.lang = get("lang").or_else(|| get("language"));
        doc.meta.front_matter = entries;
    }
    let body = text.get(body_start..).unwrap_or("");
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut builder = Builder::new(&text, doc);
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        builder.event(event, range.start + body_start..range.end + body_start);
    }
    let mut doc = builder.finish();
    doc.text = text;
    doc
}

/// Reads a plain-text file: one paragraph per group of lines separated by blank lines.
pub fn read_plain(path: &str, text: String) -> Document {
    let mut doc = Document::new(path, Format::Text);
    let mut para: Option<(usize, usize)> = None;
    let mut offset = 0;
    let flush = |para: &mut Option<(usize, usize)>, blocks: &mut Vec<Block>| {
        if let Some((start, end)) = para.take() {
            if blocks.len() < MAX_ITEMS {
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    text: collapse_whitespace(text.get(start..end).unwrap_or("")),
                    location: Location::span(start, end),
                });
            }
        }
    };
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            flush(&mut para, &mut doc.blocks);
        } else {
            let lead = content.len() - content.trim_start().len();
            let start = para.map_or(offset + lead, |(s, _)| s);
            para = Some((start, offset + content.trim_end().len()));
        }
        offset += line.len();
    }
    flush(&mut para, &mut doc.blocks);
    doc.text = text;
    doc
}

/// What a list item or quote makes of the paragraphs inside it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Container {
    Item,
    Quote,
    Other,
}

/// A run of text being collected into a block.
struct Run {
    kind: BlockKind,
    start: usize,
    end: usize,
    text: TextBuf,
}

/// A link being read; `html` when it was opened by an inline `<a href>` tag.
struct OpenLink {
    href: String,
    start: usize,
    end: usize,
    text: TextBuf,
    html: bool,
}

/// An image being read: its alternative is the text inside it.
struct OpenImage {
    src: String,
    title: String,
    start: usize,
    end: usize,
    alt: TextBuf,
}

/// A table being read.
struct TableBuild {
    start: usize,
    end: usize,
    rows: Vec<Vec<Cell>>,
    row: Option<Vec<Cell>>,
    cell: Option<(usize, usize, TextBuf)>,
}

/// Turns pulldown-cmark's events into the document model.
struct Builder<'a> {
    src: &'a str,
    doc: Document,
    containers: Vec<Container>,
    run: Option<Run>,
    links: Vec<OpenLink>,
    images: Vec<OpenImage>,
    table: Option<TableBuild>,
    cells: usize,
    html_block: Option<usize>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, doc: Document) -> Self {
        Builder {
            src,
            doc,
            containers: Vec::new(),
            run: None,
            links: Vec::new(),
            images: Vec::new(),
            table: None,
            cells: 0,
            html_block: None,
        }
    }

    fn event(&mut self, event: Event<'_>, r: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, r),
            Event::End(tag) => self.end(tag, r),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t, r)
            }
            Event::SoftBreak | Event::HardBreak => self.space(),
            Event::Rule => self.flush(),
            Event::InlineHtml(h) => self.inline_html(&h, r),
            // Lines of an HTML block: read whole at its end.
            Event::Html(_) => {}
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, r: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                let kind = self.inferred_kind();
                self.open_run(kind, &r);
            }
            Tag::Heading { level, .. } => {
                let level = heading_level(level);
                self.open_run(BlockKind::Heading { level }, &r);
            }
            Tag::CodeBlock(_) => self.open_run(BlockKind::Code, &r),
            Tag::BlockQuote(_) => {
                self.flush();
                self.containers.push(Container::Quote);
            }
            Tag::Item => {
                self.flush();
                self.containers.push(Container::Item);
            }
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionListDefinition
            | Tag::DefinitionListTitle => {
                self.flush();
                self.containers.push(Container::Other);
            }
            Tag::List(_) | Tag::DefinitionList => self.flush(),
            Tag::HtmlBlock => {
                self.flush();
                self.html_block = Some(r.start);
            }
            Tag::Table(_) => {
                self.flush();
                self.table = Some(TableBuild {
                    start: r.start,
                    end: r.end,
                    rows: Vec::new(),
                    row: None,
                    cell: None,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.row = Some(Vec::new());
                }
            }
            Tag::TableCell => {
                let (s, e) = trim_span(self.src, r.start, r.end);
                if let Some(t) = self.table.as_mut() {
                    t.cell = Some((s, e, TextBuf::default()));
                }
            }
            Tag::Link { dest_url, .. } => {
                if self.links.len() < MAX_INLINE_NESTING {
                    self.links.push(OpenLink {
                        href: dest_url.trim().to_string(),
                        start: r.start,
                        end: r.end,
                        text: TextBuf::default(),
                        html: false,
                    });
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                if self.images.len() < MAX_INLINE_NESTING {
                    self.images.push(OpenImage {
                        src: dest_url.trim().to_string(),
                        title: title.to_string(),
                        start: r.start,
                        end: r.end,
                        alt: TextBuf::default(),
                    });
                }
            }
            Tag::MetadataBlock(_)
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd, r: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock => {
                self.close_html_links(r.end);
                self.flush();
            }
            TagEnd::BlockQuote(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::List(_) | TagEnd::DefinitionList => self.flush(),
            TagEnd::HtmlBlock => {
                if let Some(start) = self.html_block.take() {
                    self.html_block_content(start, r.end.max(start));
                }
            }
            TagEnd::Table => self.close_table(),
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    if let Some(row) = t.row.take() {
                        t.rows.push(row);
                    }
                }
            }
            TagEnd::TableCell => {
                self.close_html_links(r.end);
                self.close_cell();
            }
            TagEnd::Link => {
                // An inline `<a>` left open inside this link ends with it.
                while let Some(link) = self.links.pop() {
                    let html = link.html;
                    self.push_link(link, r.end);
                    if !html {
                        break;
                    }
                }
            }
            TagEnd::Image => {
                if let Some(image) = self.images.pop() {
                    self.close_image(image);
                }
            }
            TagEnd::MetadataBlock(_)
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }

    fn text(&mut self, t: &str, r: Range<usize>) {
        if let Some(image) = self.images.last_mut() {
            image.alt.push_str(t);
            return;
        }
        if let Some(link) = self.links.last_mut() {
            link.text.push_str(t);
        }
        if let Some((_, _, cell)) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.push_str(t);
            return;
        }
        let blank = t.trim().is_empty();
        if self.run.is_none() && !blank {
            let (s, e) = trim_span(self.src, r.start, r.end);
            let kind = self.inferred_kind();
            self.run = Some(Run {
                kind,
                start: s,
                end: e,
                text: TextBuf::default(),
            });
        }
        if let Some(run) = self.run.as_mut() {
            run.text.push_str(t);
            if !blank {
                run.end = run.end.max(trim_span(self.src, r.start, r.end).1);
            }
        }
    }

    /// A line break: a space in whatever text is being collected.
    fn space(&mut self) {
        if let Some(image) = self.images.last_mut() {
            image.alt.push_space();
            return;
        }
        if let Some(link) = self.links.last_mut() {
            link.text.push_space();
        }
        if let Some((_, _, cell)) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.push_space();
        }
        if let Some(run) = self.run.as_mut() {
            run.text.push_space();
        }
    }

    // ---- blocks -------------------------------------------------------------------------

    /// The kind of a paragraph starting now: a list item's or a quote's when inside one.
    fn inferred_kind(&self) -> BlockKind {
        match self.containers.last() {
            Some(Container::Item) => BlockKind::ListItem,
            Some(Container::Quote) => BlockKind::Quote,
            _ => BlockKind::Paragraph,
        }
    }

    fn open_run(&mut self, kind: BlockKind, r: &Range<usize>) {
        self.flush();
        let (start, end) = trim_span(self.src, r.start, r.end);
        self.run = Some(Run {
            kind,
            start,
            end,
            text: TextBuf::default(),
        });
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

    // ---- links and images ---------------------------------------------------------------

    fn push_link(&mut self, link: OpenLink, end: usize) {
        if self.doc.links.len() < MAX_ITEMS {
            self.doc.links.push(Link {
                href: link.href,
                text: link.text.finish(),
                location: Location::span(link.start, end.max(link.end)),
            });
        }
    }

    fn close_image(&mut self, image: OpenImage) {
        let alt = image.alt.finish();
        self.push_image(Image {
            src: image.src,
            alt: Some(alt),
            title: Some(image.title).filter(|t| !t.is_empty()),
            location: Location::span(image.start, image.end),
            ..Image::default()
        });
    }

    /// Records an image and gives its alternative to what encloses it: an enclosing image's
    /// alternative, a link's text, a heading's text.
    fn push_image(&mut self, image: Image) {
        if let Some(alt) = image.alt.as_deref().filter(|_| !image.decorative) {
            if let Some(outer) = self.images.last_mut() {
                outer.alt.push_str(alt);
            } else {
                if let Some(link) = self.links.last_mut() {
                    link.text.push_str(alt);
                }
                if let Some(run) = self.run.as_mut() {
                    if matches!(run.kind, BlockKind::Heading { .. }) {
                        run.text.push_str(alt);
                    }
                }
            }
        }
        if self.doc.images.len() < MAX_ITEMS {
            self.doc.images.push(image);
        }
    }

    /// Closes the inline `<a>` links still open when their paragraph, heading or cell ends:
    /// a missing `</a>` must not swallow the rest of the file.
    fn close_html_links(&mut self, end: usize) {
        while self.links.last().is_some_and(|l| l.html) {
            if let Some(link) = self.links.pop() {
                let (_, end) = trim_span(self.src, link.start, end);
                self.push_link(link, end);
            }
        }
    }

    /// Inline HTML: one tag at a time. `<img>` is an image, `<a href>` opens a link that the
    /// next `</a>` closes; other tags are formatting and carry nothing to read.
    fn inline_html(&mut self, h: &str, r: Range<usize>) {
        let lower = h.trim_start().get(..5).unwrap_or(h).to_ascii_lowercase();
        let tag_named = |name: &str| {
            lower.strip_prefix(name).is_some_and(|rest| {
                rest.is_empty()
                    || rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            })
        };
        if tag_named("</a") {
            if self.links.last().is_some_and(|l| l.html) {
                if let Some(link) = self.links.pop() {
                    self.push_link(link, r.end);
                }
            }
        } else if tag_named("<img") {
            // The event is this one tag; its text may differ from the source slice (a tag
            // broken over lines inside a quote loses its `>` markers), so the tag's span
            // is the event's range.
            let fragment = crate::html::parse(h, 0);
            for mut image in fragment.images {
                image.location = Location::span(r.start, r.end);
                self.push_image(image);
            }
        } else if tag_named("<a") {
            let fragment = crate::html::parse(h, 0);
            let href = fragment
                .elements
                .iter()
                .find(|e| e.tag == "a")
                .and_then(|e| e.attr("href"));
            if let Some(href) = href {
                if self.links.len() < MAX_INLINE_NESTING {
                    self.links.push(OpenLink {
                        href: href.trim().to_string(),
                        start: r.start,
                        end: r.end,
                        text: TextBuf::default(),
                        html: true,
                    });
                }
            }
        }
    }

    /// An HTML block: read with the HTML reader, spans shifted to this file.
    fn html_block_content(&mut self, start: usize, end: usize) {
        let Some(html) = self.src.get(start..end) else {
            return;
        };
        let fragment = crate::html::parse(html, start);
        let room = MAX_ITEMS.saturating_sub(self.doc.blocks.len());
        self.doc
            .blocks
            .extend(fragment.blocks.into_iter().take(room));
        let room = MAX_ITEMS.saturating_sub(self.doc.links.len());
        self.doc.links.extend(fragment.links.into_iter().take(room));
        let room = MAX_ITEMS.saturating_sub(self.doc.images.len());
        self.doc
            .images
            .extend(fragment.images.into_iter().take(room));
        for table in fragment.tables {
            let cells: usize = table.rows.iter().map(Vec::len).sum();
            if self.cells + cells <= MAX_CELLS {
                self.cells += cells;
                self.doc.tables.push(table);
            }
        }
    }

    // ---- tables -------------------------------------------------------------------------

    fn close_cell(&mut self) {
        let Some(t) = self.table.as_mut() else { return };
        let Some((s, e, text)) = t.cell.take() else {
            return;
        };
        if self.cells >= MAX_CELLS {
            return;
        }
        self.cells += 1;
        let text = text.finish();
        if let Some(row) = t.row.as_mut() {
            row.push(Cell {
                value: cell_value(&text),
                text,
                location: Location::span(s, e),
                ..Cell::default()
            });
        }
    }

    fn close_table(&mut self) {
        self.close_cell();
        let Some(mut t) = self.table.take() else {
            return;
        };
        if let Some(row) = t.row.take() {
            t.rows.push(row);
        }
        let (start, end) = trim_span(self.src, t.start, t.end);
        if self.doc.tables.len() < MAX_ITEMS {
            self.doc.tables.push(Table {
                rows: t.rows,
                location: Location::span(start, end),
                ..Table::default()
            });
        }
    }

    fn finish(mut self) -> Document {
        self.flush();
        let end = self.src.len();
        while let Some(image) = self.images.pop() {
            self.close_image(image);
        }
        while let Some(link) = self.links.pop() {
            self.push_link(link, end);
        }
        self.close_table();
        self.doc
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests;
