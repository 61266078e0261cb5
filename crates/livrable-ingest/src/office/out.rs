//! The extracted text being built, with the blocks, links, images and tables that point into it.

use livrable_model::{Block, BlockKind, Document, Image, Link, Location, Table};

use super::{MAX_ITEMS, MAX_TEXT_BYTES};

/// A location: a span into the extracted text, and the slide number for decks.
pub(crate) fn location(start: usize, end: usize, page: Option<u32>) -> Location {
    let mut l = Location::span(start, end);
    l.page = page;
    l
}

fn shift(l: &mut Location, by: usize) {
    l.start = l.start.map(|s| s + by);
    l.end = l.end.map(|e| e + by);
}

/// The extracted text being built, with what points into it.
#[derive(Debug, Default)]
pub(crate) struct Out {
    pub text: String,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub tables: Vec<Table>,
    /// Blocks (indices) written in a "Title" style: level-1 headings only if the document
    /// has no other level-1 heading (see [`Out::resolve_titles`]).
    pub titles: Vec<usize>,
    /// Table cells kept so far.
    pub cells: usize,
    /// Set when a bound dropped text or items.
    pub truncated: bool,
    /// The next visible character starts a new line.
    newline: bool,
    /// White space was seen since the last visible character of the line.
    space: bool,
    /// The current line has visible characters.
    line_used: bool,
    /// Text read from inside the current paragraph or table (text boxes), to append after it.
    deferred: Vec<Out>,
}

impl Out {
    /// Where the next character will be written (before any pending line break or space;
    /// spans are trimmed afterwards).
    pub(crate) fn pos(&self) -> usize {
        self.text.len()
    }

    /// Starts a new line: the next visible character is written after a line break.
    pub(crate) fn line(&mut self) {
        self.newline = !self.text.is_empty();
        self.space = false;
        self.line_used = false;
    }

    /// Writes text, white space collapsed to single spaces, none at line starts or ends.
    pub(crate) fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = self.line_used;
                continue;
            }
            if c.is_control() || c == '\u{feff}' || c == '\u{ad}' {
                continue;
            }
            if self.text.len() >= MAX_TEXT_BYTES {
                self.truncated = true;
                return;
            }
            if self.newline {
                self.text.push('\n');
                self.newline = false;
            }
            if self.space {
                self.text.push(' ');
                self.space = false;
            }
            self.text.push(c);
            self.line_used = true;
        }
    }

    /// Writes text line by line (white space collapsed within each line).
    pub(crate) fn push_lines(&mut self, text: &str) {
        for line in text.lines() {
            self.line();
            self.push(line);
        }
    }

    /// Makes the next visible character follow a space (a word break that is not in the
    /// source text: between paragraphs of one table cell).
    pub(crate) fn space(&mut self) {
        self.space = self.line_used;
    }

    /// Writes a cell separator (a tab) on the current line.
    pub(crate) fn tab(&mut self) {
        if self.text.len() >= MAX_TEXT_BYTES {
            self.truncated = true;
            return;
        }
        if self.newline {
            self.text.push('\n');
            self.newline = false;
        }
        self.text.push('\t');
        self.space = false;
        self.line_used = false;
    }

    /// The span from `start` to the current position, without the line breaks, spaces and
    /// tabs at either end.
    pub(crate) fn span(&self, start: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let mut end = self.text.len();
        let mut start = start.min(end);
        while start < end && matches!(bytes.get(start), Some(b'\n' | b' ' | b'\t')) {
            start += 1;
        }
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b' ' | b'\t')) {
            end -= 1;
        }
        (start, end)
    }

    /// Records a block from `start` to here; nothing when it has no text. Returns its index.
    pub(crate) fn block(
        &mut self,
        kind: BlockKind,
        start: usize,
        page: Option<u32>,
    ) -> Option<usize> {
        let (s, e) = self.span(start);
        if s == e {
            return None;
        }
        if self.blocks.len() >= MAX_ITEMS {
            self.truncated = true;
            return None;
        }
        let text = self.text.get(s..e).unwrap_or_default().to_string();
        self.blocks.push(Block {
            kind,
            text,
            location: location(s, e, page),
        });
        Some(self.blocks.len() - 1)
    }

    /// Records a link whose text runs from `start` to here. An image link with no text
    /// takes the image's alternative as its text (as the model says).
    pub(crate) fn link(
        &mut self,
        href: String,
        start: usize,
        page: Option<u32>,
        image_alt: Option<&str>,
    ) {
        if self.links.len() >= MAX_ITEMS {
            self.truncated = true;
            return;
        }
        let (s, e) = self.span(start);
        let mut text = self.text.get(s..e).unwrap_or_default().to_string();
        if text.is_empty() {
            text = image_alt.unwrap_or_default().trim().to_string();
        }
        self.links.push(Link {
            href,
            text,
            location: location(s, e, page),
        });
    }

    /// Records an image at the current position. An image that starts a line (a picture
    /// in its own paragraph, or first in one) starts it: its empty span then sits on its
    /// own line, between the text before and after it, which is where the report shows it.
    pub(crate) fn image(&mut self, mut image: Image, page: Option<u32>) {
        if self.images.len() >= MAX_ITEMS {
            self.truncated = true;
            return;
        }
        if self.newline && self.text.len() < MAX_TEXT_BYTES {
            self.text.push('\n');
            self.newline = false;
        }
        let at = self.pos();
        image.location = location(at, at, page);
        self.images.push(image);
    }

    /// Keeps text read from inside the current paragraph (a text box) for later.
    pub(crate) fn defer(&mut self, inner: Out) {
        if self.deferred.len() < MAX_ITEMS {
            self.deferred.push(inner);
        } else {
            self.truncated = true;
        }
    }

    /// Appends the deferred text boxes, each from a new line. Readers call it once the
    /// paragraph or table that held them is closed.
    pub(crate) fn flush_deferred(&mut self) {
        for inner in std::mem::take(&mut self.deferred) {
            self.append(inner);
        }
    }

    /// Appends another text, from a new line, shifting everything that points into it.
    pub(crate) fn append(&mut self, mut other: Out) {
        other.flush_deferred();
        self.truncated |= other.truncated;
        if self.text.len().saturating_add(other.text.len()) >= MAX_TEXT_BYTES
            || self.blocks.len() + other.blocks.len() > MAX_ITEMS
            || self.links.len() + other.links.len() > MAX_ITEMS
            || self.images.len() + other.images.len() > MAX_ITEMS
        {
            self.truncated = true;
            return;
        }
        if !other.text.is_empty() && !self.text.is_empty() {
            self.text.push('\n');
        }
        let base = self.text.len();
        self.text.push_str(&other.text);
        let first_block = self.blocks.len();
        for mut b in other.blocks {
            shift(&mut b.location, base);
            self.blocks.push(b);
        }
        self.titles
            .extend(other.titles.into_iter().map(|i| i + first_block));
        for mut l in other.links {
            shift(&mut l.location, base);
            self.links.push(l);
        }
        for mut i in other.images {
            shift(&mut i.location, base);
            self.images.push(i);
        }
        for mut t in other.tables {
            shift(&mut t.location, base);
            for row in &mut t.rows {
                for cell in row {
                    shift(&mut cell.location, base);
                }
            }
            self.tables.push(t);
        }
        self.cells += other.cells;
        self.line();
    }

    /// "Title"-style paragraphs become level-1 headings when nothing else is a level-1
    /// heading, and stay paragraphs otherwise.
    ///
    /// Why: Word's and LibreOffice's "Title" style is not in the outline (its outline level
    /// is body text), yet candidates commonly use it for the document's title and start
    /// their sections at "Heading 1" or at "Heading 2". Counted as an h1 beside Heading-1
    /// chapters, it would make every such report a `multiple-h1`; ignored in a document
    /// whose sections start at Heading 2, it would make it a `no-h1` although a title is
    /// there. This is the rule the Markdown reader applies to a front matter `title`.
    pub(crate) fn resolve_titles(&mut self) {
        let has_h1 = self
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::Heading { level: 1 });
        if !has_h1 {
            for &i in &self.titles {
                if let Some(b) = self.blocks.get_mut(i) {
                    b.kind = BlockKind::Heading { level: 1 };
                }
            }
        }
        self.titles.clear();
    }

    /// Moves the text and everything read into the document.
    pub(crate) fn into_document(mut self, doc: &mut Document) {
        self.flush_deferred();
        self.resolve_titles();
        doc.text = self.text;
        doc.blocks = self.blocks;
        doc.links = self.links;
        doc.images = self.images;
        doc.tables = self.tables;
    }
}
