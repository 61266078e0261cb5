//! What the office readers (DOCX, PPTX, ODT, ODP) share: reading parts of a zip package
//! under bounds, streaming XML with a depth and event bound, building the extracted text
//! with spans, tables of typed cells, and reading image sizes from their headers.
//!
//! # The extracted text
//!
//! Office files have no source text to point into, so each reader builds one
//! ([`Document::text`]): every paragraph, heading or list item on its own line, white space
//! collapsed (so a block's text is exactly the text its span covers), every table row on
//! its own line with its cells separated by a tab. Every block, link, image and cell gets a
//! byte span into that text, which is what the human report shows as the excerpt. An
//! image has no text: its span is empty, at the place in the text where the image sits;
//! a picture in a paragraph of its own leaves an empty line there.
//!
//! Text that sits inside other text (a text box anchored in a paragraph, a frame in a
//! LibreOffice paragraph) is read into an [`Out`] of its own and appended after the
//! paragraph or table that holds it, so that lines never interleave.
//!
//! # Guards
//!
//! - The package: an older binary Office file or an encrypted one (both are OLE compound
//!   files) is recognised and refused with a reason; at most [`Limits::max_entries`]
//!   entries; each part read is bounded by its declared size, the compression ratio of
//!   [`Limits`], and a budget of [`MAX_UNPACKED_BYTES`] for the whole file, and is read
//!   through `take` as a second guard (zip bombs: see `shared/notes/CRATES.md`).
//! - XML: quick-xml streams without building a tree and never expands entities other than
//!   the predefined ones and character references (no "billion laughs"); nesting deeper
//!   than [`MAX_XML_DEPTH`], more than [`MAX_XML_EVENTS`] events, mismatched or missing
//!   end tags make the part unreadable. Time is linear in the part's size.
//! - The model: at most [`MAX_TEXT_BYTES`] of text and [`MAX_ITEMS`] blocks, links and
//!   images; a table over [`MAX_CELLS`] cells is dropped.
//!
//! Limits: the central directory of the zip is parsed whole by the zip crate before its
//! entry count can be checked (bounded by the file size, itself bounded by the loader).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::io::{Cursor, Read as _};

use livrable_model::{Block, BlockKind, Cell, CellValue, Document, Image, Link, Location, Table};
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;
use zip::ZipArchive;

use crate::limits::MIB;
use crate::Limits;

/// The most bytes the parts read from one office file may unpack to, all parts together.
/// A 300-page report's `document.xml` is a few megabytes; decks read one small XML part
/// per slide. The bound is what a hostile file could make the reader hold and parse.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 200 * MIB;

/// Deepest XML nesting read. Word nests tables in tables and text boxes in paragraphs to a
/// few tens of levels; thousands of levels are a crafted file.
pub(crate) const MAX_XML_DEPTH: usize = 256;

/// Most XML events (tags, text runs) read from one part: far above any real document
/// (a 300-page report has about a million), a bound on time for what the size bound lets
/// through.
pub(crate) const MAX_XML_EVENTS: u64 = 20_000_000;

/// Most bytes of extracted text kept for a document.
pub(crate) const MAX_TEXT_BYTES: usize = 32 * MIB as usize;

/// Most blocks, links and images (each) kept for a document.
pub(crate) const MAX_ITEMS: usize = 200_000;

/// Most table cells kept for one document, merge fillers included: a budget table has a
/// few hundred cells.
pub(crate) const MAX_CELLS: usize = 200_000;

/// Largest number of columns a merged cell may span (Word's tables have at most 63).
pub(crate) const MAX_SPAN: u32 = 64;

/// How much of an embedded image is read to find its size in its header: a JPEG's size
/// comes after its EXIF block, which is at most 64 KiB.
const IMAGE_HEAD_BYTES: u64 = 128 * 1024;

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// An office file's zip package, read part by part under bounds.
pub(crate) struct Package<'a> {
    zip: Zip<'a>,
    limits: &'a Limits,
    /// Bytes that may still be unpacked.
    budget: u64,
    /// Part names in lower case → index, built on the first lookup that needs it.
    folded: OnceCell<HashMap<String, usize>>,
}

impl<'a> Package<'a> {
    /// Opens the package, or says why it cannot be read. `what` names the format for the
    /// reason (`DOCX document`), `ext` the extension to save it as.
    pub(crate) fn open(
        bytes: &'a [u8],
        limits: &'a Limits,
        what: &str,
        ext: &str,
    ) -> Result<Self, String> {
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Err(format!(
                "the file is not a {what}: it is protected by a password or saved in an older Office format; save it as {ext} without a password"
            ));
        }
        if !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")) {
            return Err(format!(
                "the file is not a valid {what} (not a zip archive: damaged, truncated, or another format renamed)"
            ));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            format!("the file is not a valid {what}: its zip archive cannot be opened (truncated or damaged?): {e}")
        })?;
        if zip.len() > limits.max_entries {
            return Err(format!(
                "the {what} holds {} parts, more than the {} this tool reads",
                zip.len(),
                limits.max_entries
            ));
        }
        Ok(Package {
            zip,
            limits,
            budget: MAX_UNPACKED_BYTES,
            folded: OnceCell::new(),
        })
    }

    /// The index of a part, by its name; part names are case-insensitive in both OOXML
    /// and ODF packages, so an exact match is tried first, then any case (through a map
    /// built once, so that many lookups of missing parts stay linear).
    fn index(&self, name: &str) -> Option<usize> {
        let name = name.trim_start_matches('/');
        if let Some(i) = self.zip.index_for_name(name) {
            return Some(i);
        }
        let folded = self.folded.get_or_init(|| {
            let mut map = HashMap::new();
            for (i, n) in self.zip.file_names().enumerate() {
                if let Ok(n) = n {
                    map.entry(n.to_ascii_lowercase()).or_insert(i);
                }
            }
            map
        });
        // `file_names` yields the parts in index order.
        folded.get(&name.to_ascii_lowercase()).copied()
    }

    /// True when the package has this part.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.index(name).is_some()
    }

    /// The declared unpacked size of a part, read from the central directory (no I/O).
    pub(crate) fn size(&self, name: &str) -> Option<u64> {
        let i = self.index(name)?;
        self.zip.by_index_data(i).ok().map(|e| e.size())
    }

    /// Reads a part as text, or `Ok(None)` when the package has no such part. Refuses a
    /// part that is encrypted, declares more than the remaining budget, or expands more
    /// than the compression ratio allows.
    pub(crate) fn read_text(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(i) = self.index(name) else {
            return Ok(None);
        };
        let (size, compressed, encrypted) = match self.zip.by_index_data(i) {
            Ok(e) => (e.size(), e.compressed_size(), e.encrypted()),
            Err(e) => return Err(format!("part {name} cannot be read: {e}")),
        };
        if encrypted {
            return Err(format!("part {name} is encrypted"));
        }
        if size > self.budget || size > self.limits.max_file_bytes {
            return Err(format!(
                "part {name} unpacks to {size} bytes, more than this tool reads"
            ));
        }
        if size > self.limits.ratio_check_min_bytes
            && size > compressed.saturating_mul(self.limits.max_compression_ratio)
        {
            return Err(format!(
                "part {name} is compressed {}:1, a sign of a zip bomb",
                size / compressed.max(1)
            ));
        }
        let entry = self
            .zip
            .by_index(i)
            .map_err(|e| format!("part {name} cannot be read: {e}"))?;
        let mut bytes = Vec::with_capacity(size.min(MIB) as usize);
        entry
            .take(size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("part {name} is damaged: {e}"))?;
        if bytes.len() as u64 > size {
            return Err(format!("part {name} is longer than it declares"));
        }
        self.budget = self.budget.saturating_sub(bytes.len() as u64);
        decode_xml(bytes)
            .map(Some)
            .map_err(|e| format!("part {name} {e}"))
    }

    /// The first bytes of a part (for image headers), or `None` if it cannot be read.
    pub(crate) fn head(&mut self, name: &str, n: u64) -> Option<Vec<u8>> {
        let i = self.index(name)?;
        let entry = self.zip.by_index(i).ok()?;
        let n = n.min(self.budget);
        let mut bytes = Vec::new();
        entry.take(n).read_to_end(&mut bytes).ok()?;
        self.budget = self.budget.saturating_sub(bytes.len() as u64);
        Some(bytes)
    }

    /// The facts about an embedded image part: its declared size in bytes, and its pixel
    /// size where its header gives it cheaply (PNG, GIF, JPEG, BMP).
    pub(crate) fn image_facts(&mut self, name: &str) -> (Option<u64>, Option<(u32, u32)>) {
        let bytes = self.size(name);
        let dims = if bytes.is_some() {
            self.head(name, IMAGE_HEAD_BYTES)
                .and_then(|h| image_size(&h))
        } else {
            None
        };
        (bytes, dims)
    }
}

/// XML parts are UTF-8 (with or without a byte-order mark) or, rarely, UTF-16 with one.
fn decode_xml(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, errors) = encoding_rs::UTF_16LE.decode(&bytes);
        if errors {
            return Err("is not valid UTF-16 text".to_string());
        }
        return Ok(text.into_owned());
    }
    let mut text = String::from_utf8(bytes).map_err(|_| "is not valid UTF-8 text".to_string())?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// One relationship of an OOXML part.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rel {
    /// The last segment of the relationship type (`image`, `hyperlink`, `slide`,
    /// `notesSlide`, `styles`, `officeDocument`).
    pub kind: String,
    /// For an internal target, the part's full name in the package (`word/media/a.png`);
    /// for an external one, the target as written (a URL).
    pub target: String,
    pub external: bool,
}

/// The relationships part of `part`: `word/document.xml` → `word/_rels/document.xml.rels`;
/// the package's own (`""`) → `_rels/.rels`.
pub(crate) fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Reads the relationships of `part` (id → relationship); a missing part gives none.
pub(crate) fn read_rels(pkg: &mut Package<'_>, part: &str) -> Result<HashMap<String, Rel>, String> {
    let mut rels = HashMap::new();
    let name = rels_name(part);
    let Some(text) = pkg.read_text(&name)? else {
        return Ok(rels);
    };
    let mut xml = Xml::new(&text, &name);
    loop {
        match xml.next()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) else {
                    continue;
                };
                let external =
                    attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External"));
                let kind = attr(&e, "Type")
                    .map(|t| t.rsplit('/').next().unwrap_or_default().to_string())
                    .unwrap_or_default();
                let target = if external {
                    target
                } else {
                    resolve(part, &target)
                };
                if rels.len() < MAX_ITEMS {
                    rels.insert(
                        id,
                        Rel {
                            kind,
                            target,
                            external,
                        },
                    );
                }
            }
            Event::Eof => return Ok(rels),
            _ => {}
        }
    }
}

/// The package part a relative target points to from `base` (a part name): `media/a.png`
/// from `word/document.xml` is `word/media/a.png`; `../media/a.png` from
/// `ppt/slides/slide1.xml` is `ppt/media/a.png`; `/word/x.xml` is absolute.
pub(crate) fn resolve(base: &str, target: &str) -> String {
    let target = target.split('#').next().unwrap_or_default();
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        match base.rsplit_once('/') {
            Some((dir, _)) => dir.split('/').filter(|s| !s.is_empty()).collect(),
            None => Vec::new(),
        }
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The parts an OOXML package names in `_rels/.rels`: the main document, the core
/// properties and the application's properties.
pub(crate) struct Parts {
    pub main: String,
    pub core: String,
    pub app: String,
}

/// Reads `_rels/.rels`; parts it does not name (or names but lacks) take the usual names,
/// `default_main` for the main document. A damaged `_rels/.rels` gives the usual names.
pub(crate) fn package_parts(pkg: &mut Package<'_>, default_main: &str) -> Parts {
    let rels = read_rels(pkg, "").unwrap_or_default();
    let part_of = |kind: &str, fallback: &str| {
        rels.values()
            .find(|r| r.kind == kind && !r.external && pkg.has(&r.target))
            .map_or_else(|| fallback.to_string(), |r| r.target.clone())
    };
    Parts {
        main: part_of("officeDocument", default_main),
        core: part_of("core-properties", "docProps/core.xml"),
        app: part_of("extended-properties", "docProps/app.xml"),
    }
}

/// Document properties from an OOXML `docProps/core.xml` (`dc:title`, `dc:language`,
/// `dc:description`) or an ODF `meta.xml` (same Dublin Core names). Properties are
/// optional: a missing or damaged part leaves them unset.
pub(crate) fn read_properties(
    pkg: &mut Package<'_>,
    part: &str,
    meta: &mut livrable_model::Metadata,
) {
    let Ok(Some(text)) = pkg.read_text(part) else {
        return;
    };
    let mut xml = Xml::new(&text, part);
    let mut field: Option<&'static str> = None;
    let mut value = String::new();
    while let Ok(event) = xml.next() {
        match event {
            Event::Start(e) => {
                field = match (
                    e.name().prefix().map(|p| p.as_ref().to_string()),
                    e.local_name().as_ref(),
                ) {
                    (Some(p), "title") if p == "dc" => Some("title"),
                    (Some(p), "language") if p == "dc" => Some("language"),
                    (Some(p), "description") if p == "dc" => Some("description"),
                    _ => None,
                };
                value.clear();
            }
            Event::End(_) => {
                let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
                match field.take() {
                    Some("title") if !v.is_empty() => meta.title = Some(v),
                    Some("language") if !v.is_empty() => meta.lang = Some(v),
                    Some("description") if !v.is_empty() => meta.description = Some(v),
                    _ => {}
                }
                value.clear();
            }
            Event::Eof => return,
            ref ev => {
                if field.is_some() && value.len() < 64 * 1024 {
                    if let Some(t) = text_of(ev) {
                        value.push_str(&t);
                    }
                }
            }
        }
    }
}

/// A number from an OOXML `docProps/app.xml` (`Pages`, `Slides`), as the application
/// last saved it; `None` when absent, damaged or not a number.
pub(crate) fn read_app_number(pkg: &mut Package<'_>, part: &str, element: &str) -> Option<u32> {
    let text = pkg.read_text(part).ok()??;
    let mut xml = Xml::new(&text, part);
    let mut inside = false;
    loop {
        match xml.next().ok()? {
            Event::Start(e) => inside = e.local_name().as_ref() == element,
            Event::End(_) => inside = false,
            Event::Eof => return None,
            ref ev if inside => {
                if let Some(t) = text_of(ev) {
                    return t.trim().parse().ok();
                }
            }
            _ => {}
        }
    }
}

/// A streaming XML reader over one part's text, with the depth and event bounds.
pub(crate) struct Xml<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    part: &'a str,
    depth: usize,
    events: u64,
}

impl<'a> Xml<'a> {
    pub(crate) fn new(text: &'a str, part: &'a str) -> Self {
        let mut reader = quick_xml::Reader::from_str(text);
        let config = reader.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = false;
        config.check_end_names = true;
        Xml {
            reader,
            part,
            depth: 0,
            events: 0,
        }
    }

    /// The next event. Errors (as the reason shown to the user) on malformed XML, on
    /// nesting or length past the bounds, and on a part that ends with elements open.
    pub(crate) fn next(&mut self) -> Result<Event<'a>, String> {
        self.events += 1;
        if self.events > MAX_XML_EVENTS {
            return Err(format!(
                "{} has more than {MAX_XML_EVENTS} XML elements",
                self.part
            ));
        }
        let event = self
            .reader
            .read_event()
            .map_err(|e| format!("{} is not well-formed XML (damaged file?): {e}", self.part))?;
        match &event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_XML_DEPTH {
                    return Err(format!(
                        "{} nests XML elements more than {MAX_XML_DEPTH} levels deep",
                        self.part
                    ));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Eof if self.depth > 0 => {
                return Err(format!(
                    "{} ends before its elements are closed (truncated file?)",
                    self.part
                ))
            }
            _ => {}
        }
        Ok(event)
    }

    /// Skips the rest of the element whose start tag was just read.
    pub(crate) fn skip(&mut self) -> Result<(), String> {
        let depth = self.depth;
        loop {
            match self.next()? {
                Event::End(_) if self.depth < depth => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

/// The character data of an event: text, CDATA, or a character or predefined entity
/// reference (other entities are not expanded: they would need the document type).
pub(crate) fn text_of<'e>(event: &'e Event<'_>) -> Option<Cow<'e, str>> {
    match event {
        Event::Text(t) => Some(t.xml10_content()),
        Event::CData(t) => Some(t.xml10_content()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                Some(Cow::Owned(c.to_string()))
            } else {
                quick_xml::escape::resolve_predefined_entity(r.as_ref()).map(Cow::Borrowed)
            }
        }
        _ => None,
    }
}

/// An attribute's value by qualified name (`w:val`), entities resolved.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
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

/// An attribute's value by local name (`embed` for `r:embed`), whatever its prefix.
pub(crate) fn attr_local(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A relationship id (`r:id`): the attribute named `id` with a prefix, whatever the
/// prefix is bound to (a plain `id` is an element's own number).
pub(crate) fn rel_id(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.prefix().is_some() && a.key.local_name().as_ref() == "id")
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// True for the values OOXML and ODF write for "on": `1`, `true`, `on`.
pub(crate) fn is_on(v: &str) -> bool {
    matches!(v.trim(), "1" | "true" | "on")
}

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

/// A table being read into rows of typed cells, with spans into the extracted text.
#[derive(Debug, Default)]
pub(crate) struct TableBuilder {
    pub name: Option<String>,
    rows: Vec<Vec<Cell>>,
    merged: Vec<(u32, u32, u32, u32)>,
    start: usize,
    page: Option<u32>,
    /// Where the open cell's text starts, and its value when the format types it.
    cell: Option<(usize, Option<CellValue>)>,
    /// Set when the table went over [`MAX_CELLS`]: it is then dropped.
    too_large: bool,
}

impl TableBuilder {
    pub(crate) fn new(out: &mut Out, page: Option<u32>) -> Self {
        out.line();
        TableBuilder {
            start: out.pos(),
            page,
            ..TableBuilder::default()
        }
    }

    /// Starts a row on a new line.
    pub(crate) fn row(&mut self, out: &mut Out) {
        out.line();
        self.rows.push(Vec::new());
    }

    /// The 0-based row being read.
    pub(crate) fn row_index(&self) -> u32 {
        self.rows.len().saturating_sub(1) as u32
    }

    /// The 0-based column the next cell will take.
    pub(crate) fn col_index(&self) -> u32 {
        self.rows.last().map_or(0, |r| r.len()) as u32
    }

    /// Starts a cell; `value` is its type when the format says it (ODF value types).
    pub(crate) fn cell(&mut self, out: &mut Out, value: Option<CellValue>) {
        if self.rows.is_empty() {
            self.row(out);
        }
        if self.rows.last().is_some_and(|r| !r.is_empty()) {
            out.tab();
        }
        self.cell = Some((out.pos(), value));
    }

    /// True while a cell is open.
    pub(crate) fn in_cell(&self) -> bool {
        self.cell.is_some()
    }

    /// Ends the open cell: its text is what was written since it started.
    pub(crate) fn end_cell(&mut self, out: &mut Out) {
        let Some((start, value)) = self.cell.take() else {
            return;
        };
        let (s, e) = out.span(start);
        let text = out.text.get(s..e).unwrap_or_default().to_string();
        let value = match value {
            Some(v) if !matches!(v, CellValue::Empty) || text.is_empty() => v,
            _ => crate::csv::typed(&text),
        };
        self.push(
            out,
            Cell {
                text,
                value,
                formula: None,
                fill: None,
                location: location(s, e, self.page),
            },
        );
    }

    /// Adds `n` empty cells (the columns a merged cell covers), located where the text is.
    pub(crate) fn fillers(&mut self, out: &mut Out, n: u32) {
        for _ in 0..n.min(MAX_SPAN) {
            let at = out.pos();
            self.push(
                out,
                Cell {
                    location: location(at, at, self.page),
                    ..Cell::default()
                },
            );
        }
    }

    fn push(&mut self, out: &mut Out, cell: Cell) {
        if self.too_large || out.cells >= MAX_CELLS {
            self.too_large = true;
            out.truncated = true;
            return;
        }
        out.cells += 1;
        if self.rows.is_empty() {
            self.rows.push(Vec::new());
        }
        if let Some(row) = self.rows.last_mut() {
            row.push(cell);
        }
    }

    /// Records a merged range (0-based, inclusive).
    pub(crate) fn merge(&mut self, range: (u32, u32, u32, u32)) {
        if self.merged.len() < MAX_CELLS && (range.0, range.1) != (range.2, range.3) {
            self.merged.push(range);
        }
    }

    /// The table, every row padded to the widest; `None` when it was too large or empty.
    pub(crate) fn finish(mut self, out: &mut Out) -> Option<Table> {
        self.end_cell(out);
        out.line();
        if self.too_large || self.rows.iter().all(|r| r.is_empty()) {
            return None;
        }
        let width = self.rows.iter().map(|r| r.len()).max().unwrap_or(0);
        for row in &mut self.rows {
            let at = row
                .last()
                .and_then(|c| c.location.end)
                .unwrap_or(self.start);
            while row.len() < width {
                row.push(Cell {
                    location: location(at, at, self.page),
                    ..Cell::default()
                });
            }
        }
        let (s, e) = out.span(self.start);
        Some(Table {
            name: self.name,
            rows: self.rows,
            merged: self.merged,
            location: location(s, e, self.page),
        })
    }
}

/// Width and height in pixels from an image's first bytes: PNG, GIF, JPEG and BMP
/// headers. Written by hand because these four headers are a few fixed offsets, and no
/// declared dependency reads them without decoding the image.
pub(crate) fn image_size(head: &[u8]) -> Option<(u32, u32)> {
    let be16 = |i: usize| -> Option<u32> {
        Some(u32::from(u16::from_be_bytes([
            *head.get(i)?,
            *head.get(i + 1)?,
        ])))
    };
    let le16 = |i: usize| -> Option<u32> {
        Some(u32::from(u16::from_le_bytes([
            *head.get(i)?,
            *head.get(i + 1)?,
        ])))
    };
    let be32 = |i: usize| -> Option<u32> {
        Some(u32::from_be_bytes(head.get(i..i + 4)?.try_into().ok()?))
    };
    let le32 = |i: usize| -> Option<i32> {
        Some(i32::from_le_bytes(head.get(i..i + 4)?.try_into().ok()?))
    };
    if head.starts_with(b"\x89PNG\r\n\x1a\n") && head.get(12..16) == Some(b"IHDR") {
        return Some((be32(16)?, be32(20)?));
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some((le16(6)?, le16(8)?));
    }
    if head.starts_with(b"BM") {
        return Some((le32(18)?.unsigned_abs(), le32(22)?.unsigned_abs()));
    }
    if head.starts_with(&[0xFF, 0xD8]) {
        // Walk the JPEG segments to the first start-of-frame marker.
        let mut i = 2usize;
        while i + 9 < head.len() {
            if head.get(i) != Some(&0xFF) {
                return None;
            }
            let marker = *head.get(i + 1)?;
            if marker == 0xFF {
                i += 1; // fill byte
                continue;
            }
            let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_sof {
                return Some((be16(i + 7)?, be16(i + 5)?));
            }
            if (0xD0..=0xD9).contains(&marker) || marker == 0x01 {
                i += 2;
                continue;
            }
            i = i.checked_add(2 + be16(i + 2)? as usize)?;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_part() {
        assert_eq!(
            resolve("word/document.xml", "media/a.png"),
            "word/media/a.png"
        );
        assert_eq!(
            resolve("ppt/slides/slide1.xml", "../media/a.png"),
            "ppt/media/a.png"
        );
        assert_eq!(resolve("word/document.xml", "/word/x.xml"), "word/x.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("a.xml", "../../../x"), "x");
        assert_eq!(
            rels_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_name(""), "_rels/.rels");
    }

    #[test]
    fn text_collapses_space_and_spans_are_trimmed() {
        let mut out = Out::default();
        out.line();
        let a = out.pos();
        out.push("  Bonjour   le\tmonde  ");
        assert_eq!(out.block(BlockKind::Paragraph, a, None), Some(0));
        out.line();
        let b = out.pos();
        out.push("Suite");
        out.block(BlockKind::Paragraph, b, Some(2));
        assert_eq!(out.text, "Bonjour le monde\nSuite");
        assert_eq!(out.blocks[0].text, "Bonjour le monde");
        assert_eq!(out.blocks[1].location.range(), Some(17..22));
        assert_eq!(out.blocks[1].location.page, Some(2));
        out.line();
        let c = out.pos();
        out.push("   ");
        assert_eq!(
            out.block(BlockKind::Paragraph, c, None),
            None,
            "blank: no block"
        );
    }

    #[test]
    fn appended_text_shifts_its_spans() {
        let mut out = Out::default();
        out.push("Avant");
        let mut inner = Out::default();
        inner.push("Dedans");
        inner.block(BlockKind::Paragraph, 0, None);
        inner.titles.push(0);
        out.defer(inner);
        out.flush_deferred();
        assert_eq!(out.text, "Avant\nDedans");
        assert_eq!(out.blocks[0].location.range(), Some(6..12));
        assert_eq!(out.titles, vec![0]);
    }

    #[test]
    fn titles_are_h1_only_without_another_h1() {
        let mut out = Out::default();
        out.push("Titre");
        out.block(BlockKind::Paragraph, 0, None);
        out.titles.push(0);
        out.resolve_titles();
        assert_eq!(out.blocks[0].kind, BlockKind::Heading { level: 1 });
        let mut out = Out::default();
        out.push("Titre");
        out.block(BlockKind::Paragraph, 0, None);
        out.titles.push(0);
        out.line();
        let p = out.pos();
        out.push("Chapitre");
        out.block(BlockKind::Heading { level: 1 }, p, None);
        out.resolve_titles();
        assert_eq!(out.blocks[0].kind, BlockKind::Paragraph);
    }

    #[test]
    fn tables_type_their_cells() {
        let mut out = Out::default();
        let mut t = TableBuilder::new(&mut out, None);
        t.row(&mut out);
        t.cell(&mut out, None);
        out.push("Affiches");
        t.end_cell(&mut out);
        t.cell(&mut out, None);
        out.push("1 500,00 €");
        t.end_cell(&mut out);
        t.row(&mut out);
        t.cell(&mut out, None);
        out.push("Total");
        t.end_cell(&mut out);
        let table = t.finish(&mut out).unwrap();
        assert_eq!(out.text, "Affiches\t1 500,00 €\nTotal");
        assert_eq!(table.rows[0][1].value, CellValue::Number(1500.0));
        assert_eq!(table.rows[0][1].location.range(), Some(9..21));
        assert_eq!(table.rows[1].len(), 2, "padded");
        assert_eq!(table.location.range(), Some(0..out.text.len()));
    }

    #[test]
    fn image_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((640, 480)));
        assert_eq!(image_size(b"GIF89a\x10\x00\x20\x00"), Some((16, 32)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01,
            0xE0, 0x02, 0x80, 0x03,
        ];
        assert_eq!(image_size(&jpeg), Some((640, 480)));
        assert_eq!(image_size(b"\xFF\xD8\xFF\xE0\xFF\xFF"), None);
        assert_eq!(image_size(b"nothing"), None);
        assert_eq!(image_size(&[]), None);
    }

    #[test]
    fn xml_bounds() {
        let deep = "<a>".repeat(MAX_XML_DEPTH + 1);
        let mut xml = Xml::new(&deep, "x.xml");
        let err = loop {
            match xml.next() {
                Ok(Event::Eof) => panic!("no error"),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert!(err.contains("levels deep"), "{err}");
        let mut xml = Xml::new("<a><b></a>", "x.xml");
        assert!((0..5).any(|_| xml.next().is_err()));
        let mut xml = Xml::new("<a><b/>", "x.xml");
        assert!((0..5).any(|_| xml.next().is_err()), "unclosed at the end");
    }
}
