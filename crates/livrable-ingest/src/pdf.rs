//! PDF files into a [`Format::Pdf`] document.
//!
//! Candidates export nearly everything to PDF at the end: reports, plans, press releases,
//! flyers and posters. This reader gives the checks what a PDF can tell without rendering
//! it:
//!
//! - **text per page**: the text each page's content stream shows, in stream order, with a
//!   line break at each text object's end and at each move to a new line. Every block's
//!   [`Location`] carries a span into [`Document::text`] *and* its page number;
//! - **accessibility facts** ([`Metadata`]): `tagged` (the catalog's `/MarkInfo /Marked
//!   true` together with a `/StructTreeRoot`: the logical structure screen readers follow),
//!   `lang` (the catalog's `/Lang`), `title` (the document information `/Title`, else the
//!   XMP metadata's `dc:title`);
//! - **pages**: their count, and each page's trimmed and media sizes in points (after
//!   `/Rotate`), for the print checks (A4, A5, bleed);
//! - **structure, when tagged**: blocks come from the structure tree in logical order:
//!   `H1`…`H6` (and `Title`, as level 1) become headings, `P` paragraphs, `LI` list items,
//!   `BlockQuote`/`Quote` quotes, `Code` code; custom tags are mapped through the
//!   `/RoleMap`. `Figure` elements become images with their `/Alt` (`None` when the figure
//!   has none: in a tagged PDF that is a real accessibility defect); `Link` elements whose
//!   annotation has a `/URI` become links with their visible text;
//! - **tables, when tagged**: `Table` elements become [`Document::tables`]: each `TR`
//!   (directly under the table or in `THead`/`TBody`/`TFoot`) a row, each `TH`/`TD` a cell
//!   whose text is everything tagged under it, typed as the other readers type
//!   document-table cells (French numbers and dates), located by page and by its span in
//!   [`Document::text`]; `/ColSpan` and `/RowSpan` give merged ranges with empty cells under
//!   them (see [`table`]); a `Caption` names the table. As in the DOCX reader, a cell's
//!   paragraphs are the cell's text and not blocks (only headings in a cell are also
//!   blocks, because they belong to the outline); figures and links in cells are listed as
//!   anywhere else. A table inside a cell is read as text of that cell; cells found outside
//!   a `TR` (malformed trees) make a row of their own, and content outside any cell in a
//!   `TR` is read as a cell, so that no text is lost;
//! - **without tags**: one paragraph block per text line, no headings, no images (an
//!   untagged PDF has no alternatives at all; listing its images would only make the
//!   image-alt check repeat what `pdf/untagged` already says), no links, no tables: the
//!   text of an untagged table is one paragraph per line (cells on one line run together),
//!   because telling a grid from drawn lines and positions is layout analysis this reader
//!   does not attempt.
//!
//! # Guards
//!
//! lopdf returned errors rather than panicking on 900 mutated files (shared/notes/CRATES.md);
//! still, parsing runs on its own thread under `catch_unwind` and a time bound
//! ([`TIME_LIMIT`]), every stream decompresses under [`MAX_STREAM_BYTES`], text stops at
//! [`MAX_TEXT_BYTES`] and [`MAX_TEXT_PAGES`], and the structure tree walk is bounded in depth
//! and nodes and never revisits an object.
//!
//! # Limits
//!
//! - Text shown by form XObjects (`Do`), by Type 3 fonts without a `/ToUnicode` map, or
//!   drawn as outlines is not seen; text order is the stream's, which usually but not
//!   always is reading order (the structure tree's order is used when tagged).
//! - Without tags, a wrapped paragraph gives one block per line: paragraph lengths are not
//!   measured on untagged PDFs.
//! - Tables are read from tags only (see above); a table that a tagging tool did not tag as
//!   one (a layout drawn with tabs, or `Table` mapped to nothing in the `/RoleMap`) is read
//!   as paragraphs; a `Table` tagged inside a paragraph or list item is read as that
//!   block's text. A cell's text is the text its marked content shows, in tree order.
//! - Password-protected files are unreadable.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

use livrable_model::{Block, BlockKind, Document, Format, Image, Link, Location, Table};
use lopdf::content::Content;
use lopdf::{Dictionary, Encoding, LoadOptions, Object, ObjectId};

use crate::Read;

mod table;

/// Longest a PDF may take to read: 30 seconds. A 300-page report reads in well under a
/// second; a file that takes longer is damaged or crafted, and the rest of the submission
/// must not wait for it.
pub(crate) const TIME_LIMIT: Duration = Duration::from_secs(30);

/// Largest size any one stream may decompress to: 64 MiB. A page's content stream is a few
/// hundred kilobytes even for a dense page; images are never decompressed here.
pub(crate) const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// Most text kept from one PDF: 8 MiB, about 4 000 pages of dense text.
pub(crate) const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// Most pages whose text is extracted: 2 000. Page count and sizes cover every page.
pub(crate) const MAX_TEXT_PAGES: usize = 2_000;

/// Deepest structure tree walked (real ones nest 5–15 levels) and most elements visited.
const MAX_TREE_DEPTH: usize = 100;
const MAX_TREE_NODES: usize = 200_000;

/// Deepest page tree walked up for inherited attributes (`/MediaBox`, `/Rotate`).
const MAX_PARENT_DEPTH: usize = 64;

/// Reads a PDF under a time bound: parsing runs on a thread of its own, and a file that
/// takes longer than [`TIME_LIMIT`] is reported unreadable (the thread is left to finish
/// in the background; it holds its own copy of the bytes).
pub(crate) fn read(path: &str, bytes: &[u8]) -> Read {
    if !has_pdf_header(bytes) {
        return Read::unreadable("not a PDF file: no %PDF header");
    }
    let (tx, rx) = mpsc::channel();
    let owned_path = path.to_string();
    let owned = bytes.to_vec();
    let spawned = std::thread::Builder::new()
        .name("livrable-pdf".into())
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| read_now(&owned_path, &owned)));
            // The receiver may have given up (time bound): nothing to do then.
            let _ = tx.send(outcome.ok());
        });
    if spawned.is_err() {
        // No thread could be started: read here, still under the caller's catch_unwind.
        return read_now(path, bytes);
    }
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(Some(read)) => read,
        Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => {
            Read::unreadable("the PDF reader failed on this file")
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Read::unreadable(format!(
            "reading this PDF took more than {} seconds; the file may be damaged",
            TIME_LIMIT.as_secs()
        )),
    }
}

/// `%PDF-` within the first kilobyte (some generators put bytes before it, and readers
/// accept that).
fn has_pdf_header(bytes: &[u8]) -> bool {
    bytes
        .get(..bytes.len().min(1024))
        .is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-"))
}

/// Reads a PDF on the current thread.
pub(crate) fn read_now(path: &str, bytes: &[u8]) -> Read {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let pdf = match lopdf::Document::load_mem_with_options(bytes, options) {
        Ok(p) => p,
        Err(e) => return Read::unreadable(format!("the file is not a valid PDF: {e}")),
    };
    if pdf.trailer.has(b"Encrypt") && pdf.encryption_state.is_none() {
        return Read::unreadable("the PDF is password-protected");
    }
    let Ok(catalog) = pdf.catalog() else {
        return Read::unreadable("the file is not a valid PDF: it has no catalog");
    };

    let mut doc = Document::new(path, Format::Pdf);
    doc.meta.lang = catalog
        .get_deref(b"Lang", &pdf)
        .ok()
        .and_then(text_string)
        .filter(|l| !l.is_empty());
    doc.meta.title = info_title(&pdf).or_else(|| xmp_title(&pdf, catalog));

    let marked = catalog
        .get_deref(b"MarkInfo", &pdf)
        .and_then(Object::as_dict)
        .and_then(|m| m.get_deref(b"Marked", &pdf))
        .and_then(Object::as_bool)
        .unwrap_or(false);
    let tree_root = catalog
        .get_deref(b"StructTreeRoot", &pdf)
        .and_then(Object::as_dict)
        .ok();
    let tagged = marked && tree_root.is_some();
    doc.meta.tagged = Some(tagged);

    let pages = pdf.get_pages();
    doc.meta.pages = u32::try_from(pages.len()).ok();
    for &page_id in pages.values() {
        let (trim, media) = page_sizes(&pdf, page_id);
        doc.meta.page_sizes.push(trim);
        doc.meta.media_sizes.push(media);
    }

    let mut extracted = Extracted::default();
    for (&number, &page_id) in pages.iter().take(MAX_TEXT_PAGES) {
        if extracted.text.len() >= MAX_TEXT_BYTES {
            break;
        }
        extracted.page(&pdf, number, page_id);
    }

    match tree_root {
        Some(root) if tagged => {
            let page_numbers: HashMap<ObjectId, u32> =
                pages.iter().map(|(&n, &id)| (id, n)).collect();
            let mut walker = TreeWalker::new(&pdf, root, &extracted, &page_numbers, path);
            walker.walk_root(root);
            doc.blocks = walker.blocks;
            doc.images = walker.images;
            doc.links = walker.links;
            doc.tables = walker.tables;
        }
        _ => doc.blocks = extracted.line_blocks(),
    }
    doc.text = extracted.text;
    Read {
        doc: Some(doc),
        problems: Vec::new(),
    }
}

/// A PDF text string (`/Title`, `/Lang`, `/Alt`): PDFDocEncoding or UTF-16 with a BOM.
fn text_string(obj: &Object) -> Option<String> {
    lopdf::decode_text_string(obj)
        .ok()
        .map(|s| s.trim().to_string())
}

/// The document information dictionary's `/Title`, if not blank.
fn info_title(pdf: &lopdf::Document) -> Option<String> {
    pdf.trailer
        .get_deref(b"Info", pdf)
        .and_then(Object::as_dict)
        .and_then(|info| info.get_deref(b"Title", pdf))
        .ok()
        .and_then(text_string)
        .filter(|t| !t.is_empty())
}

/// `dc:title` of the catalog's XMP metadata stream (PDF/UA asks for it there): the text of
/// its first `rdf:li`. Searched as text: the packet is small and this one value is all that
/// is needed.
fn xmp_title(pdf: &lopdf::Document, catalog: &Dictionary) -> Option<String> {
    let stream = catalog
        .get_deref(b"Metadata", pdf)
        .and_then(Object::as_stream)
        .ok()?;
    let bytes = stream.get_plain_content_with_limit(1024 * 1024).ok()?;
    let xml = String::from_utf8_lossy(&bytes);
    let after = &xml[xml.find("<dc:title")?..];
    let end = after.find("</dc:title>")?;
    let inner = &after[..end];
    let li = &inner[inner.find("<rdf:li")?..];
    let value = &li[li.find('>')? + 1..];
    let value = &value[..value.find('<').unwrap_or(value.len())];
    let value = value
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// (trimmed size, media size) of a page, in points, after `/Rotate`.
fn page_sizes(pdf: &lopdf::Document, page_id: ObjectId) -> ((f64, f64), (f64, f64)) {
    let media = inherited(pdf, page_id, b"MediaBox")
        .and_then(|o| rect(pdf, o))
        // ISO 32000 requires a media box; US Letter is what readers assume without one.
        .unwrap_or((612.0, 792.0));
    let crop = inherited(pdf, page_id, b"CropBox").and_then(|o| rect(pdf, o));
    let trim = pdf
        .get_dictionary(page_id)
        .ok()
        .and_then(|p| p.get_deref(b"TrimBox", pdf).ok())
        .and_then(|o| rect(pdf, o));
    let trimmed = trim.or(crop).unwrap_or(media);
    let rotate = inherited(pdf, page_id, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    let turn = |(w, h): (f64, f64)| {
        if rotate.rem_euclid(180) == 90 {
            (h, w)
        } else {
            (w, h)
        }
    };
    (turn(trimmed), turn(media))
}

/// A page attribute, from the page or the nearest ancestor in the page tree that has it.
fn inherited<'a>(pdf: &'a lopdf::Document, page_id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = pdf.get_dictionary(page_id).ok()?;
    for _ in 0..MAX_PARENT_DEPTH {
        if let Ok(value) = node.get_deref(key, pdf) {
            return Some(value);
        }
        node = node
            .get_deref(b"Parent", pdf)
            .and_then(Object::as_dict)
            .ok()?;
    }
    None
}

/// `[x1 y1 x2 y2]` → (width, height), positive and finite.
fn rect(pdf: &lopdf::Document, obj: &Object) -> Option<(f64, f64)> {
    let a = obj.as_array().ok()?;
    let n: Vec<f64> = a
        .iter()
        .filter_map(|o| pdf.dereference(o).ok().map(|(_, o)| o))
        .filter_map(|o| o.as_float().ok().map(f64::from))
        .collect();
    let [x1, y1, x2, y2] = n.as_slice() else {
        return None;
    };
    let (w, h) = ((x2 - x1).abs(), (y2 - y1).abs());
    (w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0).then_some((w, h))
}

/// Text extracted from the pages, with where each marked-content sequence's text lies.
#[derive(Default)]
struct Extracted {
    text: String,
    /// (page id, MCID) → span of the text shown inside that marked-content sequence.
    mcids: HashMap<(ObjectId, i64), (usize, usize)>,
    /// (page number, start, end) of each text line, for untagged files.
    lines: Vec<(u32, usize, usize)>,
}

impl Extracted {
    /// Appends one page's text.
    fn page(&mut self, pdf: &lopdf::Document, number: u32, page_id: ObjectId) {
        let Ok(data) = pdf.get_page_content_with_limit(page_id, MAX_STREAM_BYTES) else {
            return;
        };
        let Ok(content) = Content::decode(&data) else {
            return;
        };
        let fonts = pdf.get_page_fonts(page_id).unwrap_or_default();
        let mut encodings: HashMap<Vec<u8>, Option<Encoding>> = HashMap::new();
        let mut current: Option<Vec<u8>> = None;
        // Marked-content stack: the MCID of each open sequence, if it has one.
        let mut marks: Vec<Option<i64>> = Vec::new();
        let mut line_start = self.text.len();
        // Vertical position of the text line (text space, scaled by the text matrix's `d`)
        // and of the last text shown: a change of line is a change of y, whatever the
        // number of text objects (LibreOffice closes one per font change).
        let (mut y, mut scale_y) = (0.0f64, 1.0f64);
        let mut shown_y: Option<f64> = None;

        for op in &content.operations {
            if self.text.len() >= MAX_TEXT_BYTES {
                break;
            }
            let operands = &op.operands;
            let number_at = |i: usize| {
                operands
                    .get(i)
                    .and_then(|o| o.as_float().ok())
                    .map(f64::from)
                    .filter(|v| v.is_finite())
            };
            let mut shown = String::new();
            let mut new_line = false;
            match op.operator.as_str() {
                "BDC" => marks.push(
                    operands
                        .get(1)
                        .and_then(|p| p.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok()),
                ),
                "BMC" => marks.push(None),
                "EMC" => {
                    marks.pop();
                }
                "BT" => (y, scale_y) = (0.0, 1.0),
                "Tf" => {
                    current = operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .map(<[u8]>::to_vec)
                }
                "Tj" | "TJ" => {
                    if let Some(enc) = encoding(pdf, &fonts, &mut encodings, current.as_deref()) {
                        show(&mut shown, enc, operands);
                    }
                }
                "'" | "\"" => {
                    new_line = true;
                    if let Some(enc) = encoding(pdf, &fonts, &mut encodings, current.as_deref()) {
                        let string = if op.operator == "'" {
                            operands.first()
                        } else {
                            operands.get(2)
                        };
                        show(
                            &mut shown,
                            enc,
                            string.map(std::slice::from_ref).unwrap_or(&[]),
                        );
                    }
                }
                "T*" => new_line = true,
                "Td" | "TD" => y += number_at(1).unwrap_or(0.0) * scale_y,
                "Tm" => {
                    scale_y = number_at(3).unwrap_or(1.0);
                    y = number_at(5).unwrap_or(0.0);
                }
                _ => {}
            }
            if new_line {
                self.end_line(number, &mut line_start);
                shown_y = None;
            }
            if !shown.is_empty() {
                if shown_y.is_some_and(|last| (last - y).abs() > 1.0) {
                    self.end_line(number, &mut line_start);
                }
                shown_y = Some(y);
                let start = self.text.len();
                self.text.push_str(&shown);
                let end = self.text.len();
                if let Some(mcid) = marks.iter().rev().find_map(|m| *m) {
                    self.mcids
                        .entry((page_id, mcid))
                        .and_modify(|s| *s = (s.0.min(start), s.1.max(end)))
                        .or_insert((start, end));
                }
            }
        }
        self.end_line(number, &mut line_start);
    }

    /// Closes the current line (if it has text) with a line break.
    fn end_line(&mut self, page: u32, line_start: &mut usize) {
        if self.text.len() > *line_start {
            let (s, e) = crate::text::trim_span(&self.text, *line_start, self.text.len());
            if e > s {
                self.lines.push((page, s, e));
            }
            self.text.push('\n');
        }
        *line_start = self.text.len();
    }

    /// One paragraph per line, for untagged files.
    fn line_blocks(&self) -> Vec<Block> {
        self.lines
            .iter()
            .take(crate::text::MAX_ITEMS)
            .filter_map(|&(page, s, e)| {
                let text = crate::text::collapse_whitespace(self.text.get(s..e)?);
                Some(Block {
                    kind: BlockKind::Paragraph,
                    text,
                    location: located(s, e, page),
                })
            })
            .collect()
    }
}

/// A span in the extracted text on a page.
fn located(start: usize, end: usize, page: u32) -> Location {
    Location {
        page: Some(page),
        ..Location::span(start, end)
    }
}

/// The encoding of the font named `name` on the page, computed once per font.
fn encoding<'a, 'b>(
    pdf: &'a lopdf::Document,
    fonts: &std::collections::BTreeMap<Vec<u8>, &'a Dictionary>,
    cache: &'b mut HashMap<Vec<u8>, Option<Encoding<'a>>>,
    name: Option<&[u8]>,
) -> Option<&'b Encoding<'a>> {
    let name = name?;
    if !cache.contains_key(name) {
        let enc = fonts
            .get(name)
            .and_then(|f| f.get_font_encoding_with_limit(pdf, MAX_STREAM_BYTES).ok());
        cache.insert(name.to_vec(), enc);
    }
    cache.get(name).and_then(Option::as_ref)
}

/// Appends the text a show operator's operands give. In a `TJ` array a displacement of
/// more than a tenth of an em stands for a space, as in lopdf's own extractor.
fn show(out: &mut String, enc: &Encoding, operands: &[Object]) {
    for operand in operands {
        match operand {
            Object::String(bytes, _) => {
                if let Ok(s) = lopdf::Document::decode_text(enc, bytes) {
                    out.push_str(&s);
                }
            }
            Object::Array(items) => show(out, enc, items),
            Object::Integer(i) if *i < -100 => out.push(' '),
            Object::Real(r) if *r < -100.0 => out.push(' '),
            _ => {}
        }
    }
}

/// Walks the structure tree into blocks, images and links.
struct TreeWalker<'a> {
    pdf: &'a lopdf::Document,
    extracted: &'a Extracted,
    page_numbers: &'a HashMap<ObjectId, u32>,
    role_map: Option<&'a Dictionary>,
    file_name: String,
    seen: HashSet<ObjectId>,
    nodes: usize,
    blocks: Vec<Block>,
    images: Vec<Image>,
    links: Vec<Link>,
    tables: Vec<Table>,
    /// How many more table cells (fillers included) the document may hold.
    cells_left: usize,
    /// How many table cells are being read (nested tables make it more than one).
    in_cell: usize,
}

/// A `Table` element being read: its rows of cells as found, and its caption.
#[derive(Default)]
struct TableRead {
    rows: Vec<Vec<table::RawCell>>,
    name: Option<String>,
    /// The last row was opened for cells found outside any `TR`.
    stray_row: bool,
}

/// What a structure element is, for this reader.
enum Role {
    Block(BlockKind),
    Figure,
    Link,
    /// `Table`: read as a table (see [`TreeWalker::table`]).
    Table,
    /// `THead`, `TBody`, `TFoot`: groups of rows.
    RowGroup,
    /// `TR`.
    Row,
    /// `TH`, `TD`.
    Cell,
    /// `Caption`: a paragraph, and the name of the table it is in.
    Caption,
    /// A grouping element (`Document`, `Sect`, `Div`, `L`…): walk its children. Table
    /// parts met outside a table are walked as groups too.
    Group,
}

impl<'a> TreeWalker<'a> {
    fn new(
        pdf: &'a lopdf::Document,
        root: &'a Dictionary,
        extracted: &'a Extracted,
        page_numbers: &'a HashMap<ObjectId, u32>,
        path: &str,
    ) -> Self {
        TreeWalker {
            pdf,
            extracted,
            page_numbers,
            role_map: root
                .get_deref(b"RoleMap", pdf)
                .and_then(Object::as_dict)
                .ok(),
            file_name: path.rsplit('/').next().unwrap_or(path).to_string(),
            seen: HashSet::new(),
            nodes: 0,
            blocks: Vec::new(),
            images: Vec::new(),
            links: Vec::new(),
            tables: Vec::new(),
            cells_left: crate::text::MAX_CELLS,
            in_cell: 0,
        }
    }

    fn walk_root(&mut self, root: &'a Dictionary) {
        if let Ok(k) = root.get(b"K") {
            self.walk_kids(k, None, 0);
        }
    }

    /// Walks `/K` of an element: one kid or an array of kids.
    fn walk_kids(&mut self, k: &'a Object, page: Option<ObjectId>, depth: usize) {
        if depth > MAX_TREE_DEPTH || self.nodes > MAX_TREE_NODES {
            return;
        }
        let (id, obj) = match self.pdf.dereference(k) {
            Ok(x) => x,
            Err(_) => return,
        };
        if let Some(id) = id {
            if !self.seen.insert(id) {
                return;
            }
        }
        match obj {
            Object::Array(items) => {
                for item in items {
                    self.walk_kids(item, page, depth + 1);
                }
            }
            Object::Dictionary(d) => {
                self.element(d, page, depth + 1);
            }
            _ => {}
        }
    }

    /// A structure element: a block, a figure, a link, or a group to walk into.
    /// Returns the marked-content spans the element covers.
    fn element(
        &mut self,
        d: &'a Dictionary,
        page: Option<ObjectId>,
        depth: usize,
    ) -> Vec<(u32, usize, usize)> {
        self.nodes += 1;
        // Marked-content references and object references are leaves, read by `collect`.
        if d.has(b"MCID") || d.has(b"Obj") {
            return Vec::new();
        }
        let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
        let Some(tag) = d.get(b"S").and_then(Object::as_name).ok() else {
            return Vec::new();
        };
        match self.role(tag) {
            Role::Group | Role::RowGroup | Role::Row | Role::Cell => {
                if let Ok(k) = d.get(b"K") {
                    self.walk_kids(k, page, depth);
                }
                Vec::new()
            }
            Role::Table => {
                self.table(d, page, depth);
                Vec::new()
            }
            Role::Block(kind) => self.block(kind, d, page, depth),
            Role::Caption => self.block(BlockKind::Paragraph, d, page, depth),
            Role::Figure => {
                let (spans, _) = self.collect(d, page, depth);
                let page_no = page.and_then(|p| self.page_numbers.get(&p).copied());
                let location = self
                    .text_of(&spans)
                    .map(|(l, _)| l)
                    .unwrap_or_else(|| Location {
                        page: page_no,
                        ..Location::whole()
                    });
                let alt = d
                    .get_deref(b"Alt", self.pdf)
                    .ok()
                    .and_then(|o| lopdf::decode_text_string(o).ok());
                self.images.push(Image {
                    src: match page_no {
                        Some(n) => format!("{}#page={n}", self.file_name),
                        None => self.file_name.clone(),
                    },
                    alt,
                    title: None,
                    decorative: false,
                    bytes: None,
                    width: None,
                    height: None,
                    location,
                });
                spans
            }
            Role::Link => {
                let (spans, annots) = self.collect(d, page, depth);
                let href = annots.iter().find_map(|a| self.uri(a));
                if let (Some(href), Some((location, text))) = (href, self.text_of(&spans)) {
                    self.links.push(Link {
                        href,
                        text,
                        location,
                    });
                }
                spans
            }
        }
    }

    /// A block element: a block with the text of everything under it (a heading even when
    /// empty: an empty heading is an outline defect the checks report).
    fn block(
        &mut self,
        kind: BlockKind,
        d: &'a Dictionary,
        page: Option<ObjectId>,
        depth: usize,
    ) -> Vec<(u32, usize, usize)> {
        let (spans, _) = self.collect(d, page, depth);
        if let Some((location, text)) = self.text_of(&spans) {
            if (!text.is_empty() || matches!(kind, BlockKind::Heading { .. }))
                && self.blocks.len() < crate::text::MAX_ITEMS
            {
                self.blocks.push(Block {
                    kind,
                    text,
                    location,
                });
            }
        }
        spans
    }

    /// A `Table` element: its rows and cells, laid out by [`table::build`].
    fn table(&mut self, d: &'a Dictionary, page: Option<ObjectId>, depth: usize) {
        let mut read = TableRead::default();
        if let Ok(k) = d.get(b"K") {
            self.table_kids(k, page, depth + 1, &mut read);
        }
        let page_no = page.and_then(|p| self.page_numbers.get(&p).copied());
        if self.tables.len() < crate::text::MAX_ITEMS {
            if let Some(t) = table::build(read.rows, read.name, page_no, &mut self.cells_left) {
                self.tables.push(t);
            }
        }
    }

    /// The kids of a `Table` (or of a row group in it): rows, row groups, a caption;
    /// anything else is read as a cell of a row of its own (`TD` outside a `TR`).
    fn table_kids(
        &mut self,
        k: &'a Object,
        page: Option<ObjectId>,
        depth: usize,
        read: &mut TableRead,
    ) {
        let Some(obj) = self.visit(k, depth) else {
            return;
        };
        if let Object::Array(items) = obj {
            for item in items {
                self.table_kids(item, page, depth + 1, read);
            }
            return;
        }
        let dict = obj.as_dict().ok();
        let page = dict
            .and_then(|d| d.get(b"Pg").and_then(Object::as_reference).ok())
            .or(page);
        match (dict, dict.and_then(|d| self.role_of(d))) {
            (Some(d), Some(Role::RowGroup)) => {
                if let Ok(k) = d.get(b"K") {
                    self.table_kids(k, page, depth + 1, read);
                }
            }
            (Some(d), Some(Role::Row)) => {
                read.rows.push(Vec::new());
                read.stray_row = false;
                if let Ok(k) = d.get(b"K") {
                    self.row_kids(k, page, depth + 1, read);
                }
            }
            (Some(d), Some(Role::Caption)) => {
                let spans = self.block(BlockKind::Paragraph, d, page, depth + 1);
                if read.name.is_none() {
                    read.name = self
                        .text_of(&spans)
                        .map(|(_, text)| text)
                        .filter(|t| !t.is_empty());
                }
            }
            _ => {
                if !read.stray_row {
                    read.rows.push(Vec::new());
                    read.stray_row = true;
                }
                self.cell(obj, page, depth, read);
            }
        }
    }

    /// The kids of a `TR`: each one a cell.
    fn row_kids(
        &mut self,
        k: &'a Object,
        page: Option<ObjectId>,
        depth: usize,
        read: &mut TableRead,
    ) {
        let Some(obj) = self.visit(k, depth) else {
            return;
        };
        match obj {
            Object::Array(items) => {
                for item in items {
                    self.row_kids(item, page, depth + 1, read);
                }
            }
            _ => self.cell(obj, page, depth, read),
        }
    }

    /// A cell (a `TH`/`TD`, or stray content read as one) appended to the last row. Its
    /// text is everything under it; paragraphs in it give no blocks.
    fn cell(
        &mut self,
        obj: &'a Object,
        page: Option<ObjectId>,
        depth: usize,
        read: &mut TableRead,
    ) {
        let dict = obj.as_dict().ok();
        let page = dict
            .and_then(|d| d.get(b"Pg").and_then(Object::as_reference).ok())
            .or(page);
        let (colspan, rowspan) = match dict {
            Some(d) if matches!(self.role_of(d), Some(Role::Cell)) => {
                table::cell_spans(self.pdf, d)
            }
            _ => (1, 1),
        };
        let mut spans = Vec::new();
        let mut annots = Vec::new();
        self.in_cell += 1;
        self.collect_object(obj, page, depth + 1, &mut spans, &mut annots);
        self.in_cell -= 1;
        let (span, text) = match self.text_of(&spans) {
            Some((location, text)) => (
                location
                    .page
                    .zip(location.start)
                    .zip(location.end)
                    .map(|((p, s), e)| (p, s, e)),
                text,
            ),
            None => (None, String::new()),
        };
        let raw = table::RawCell {
            text,
            span,
            page: page.and_then(|p| self.page_numbers.get(&p).copied()),
            colspan,
            rowspan,
        };
        if read.rows.is_empty() {
            read.rows.push(Vec::new());
        }
        if let Some(row) = read.rows.last_mut() {
            row.push(raw);
        }
    }

    /// Dereferences a kid for a walk, under the depth and node bounds and at most once per
    /// object (a tree with cycles, or an element listed twice, is walked once).
    fn visit(&mut self, k: &'a Object, depth: usize) -> Option<&'a Object> {
        if depth > MAX_TREE_DEPTH || self.nodes > MAX_TREE_NODES {
            return None;
        }
        self.nodes += 1;
        let (id, obj) = self.pdf.dereference(k).ok()?;
        if let Some(id) = id {
            if !self.seen.insert(id) {
                return None;
            }
        }
        Some(obj)
    }

    /// The role of a structure element, `None` when it has no `/S` (a marked-content or
    /// object reference).
    fn role_of(&self, d: &Dictionary) -> Option<Role> {
        d.get(b"S")
            .and_then(Object::as_name)
            .ok()
            .map(|t| self.role(t))
    }

    /// The role of a tag, through the role map (bounded: maps may chain or loop).
    fn role(&self, tag: &[u8]) -> Role {
        let mut tag = tag;
        for _ in 0..8 {
            if let Some(role) = standard_role(tag) {
                return role;
            }
            match self
                .role_map
                .and_then(|m| m.get(tag).ok())
                .and_then(|o| o.as_name().ok())
            {
                Some(mapped) if mapped != tag => tag = mapped,
                _ => break,
            }
        }
        Role::Group
    }

    /// Every marked-content span and annotation under an element, in tree order.
    fn collect(
        &mut self,
        d: &'a Dictionary,
        page: Option<ObjectId>,
        depth: usize,
    ) -> (Vec<(u32, usize, usize)>, Vec<&'a Dictionary>) {
        let mut spans = Vec::new();
        let mut annots = Vec::new();
        if let Ok(k) = d.get(b"K") {
            self.collect_kids(k, page, depth, &mut spans, &mut annots);
        }
        (spans, annots)
    }

    fn collect_kids(
        &mut self,
        k: &'a Object,
        page: Option<ObjectId>,
        depth: usize,
        spans: &mut Vec<(u32, usize, usize)>,
        annots: &mut Vec<&'a Dictionary>,
    ) {
        if let Some(obj) = self.visit(k, depth) {
            self.collect_object(obj, page, depth, spans, annots);
        }
    }

    /// [`Self::collect_kids`] for an object already visited.
    fn collect_object(
        &mut self,
        obj: &'a Object,
        page: Option<ObjectId>,
        depth: usize,
        spans: &mut Vec<(u32, usize, usize)>,
        annots: &mut Vec<&'a Dictionary>,
    ) {
        match obj {
            Object::Integer(mcid) => self.push_mcid(page, *mcid, spans),
            Object::Array(items) => {
                for item in items {
                    self.collect_kids(item, page, depth + 1, spans, annots);
                }
            }
            Object::Dictionary(d) => {
                let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                // A figure or a link inside a paragraph is listed on its own; a link's
                // text also stays in the paragraph's. A heading in a table cell is a block
                // of the outline as well as text of the cell.
                let role = self.role_of(d);
                if let Some(Role::Figure | Role::Link) = role {
                    let inner = self.element(d, page, depth + 1);
                    if matches!(role, Some(Role::Link)) {
                        spans.extend(inner);
                    }
                } else if let (Some(Role::Block(BlockKind::Heading { .. })), true) =
                    (&role, self.in_cell > 0)
                {
                    spans.extend(self.element(d, page, depth + 1));
                } else if let Ok(mcid) = d.get(b"MCID").and_then(Object::as_i64) {
                    self.push_mcid(page, mcid, spans);
                } else if let Ok(annot) = d.get_deref(b"Obj", self.pdf).and_then(Object::as_dict) {
                    annots.push(annot);
                } else if let Ok(k) = d.get(b"K") {
                    self.collect_kids(k, page, depth + 1, spans, annots);
                }
            }
            _ => {}
        }
    }

    fn push_mcid(&self, page: Option<ObjectId>, mcid: i64, spans: &mut Vec<(u32, usize, usize)>) {
        let Some(page) = page else { return };
        if let (Some(&(s, e)), Some(&n)) = (
            self.extracted.mcids.get(&(page, mcid)),
            self.page_numbers.get(&page),
        ) {
            spans.push((n, s, e));
        }
    }

    /// The location (first span's page, covering all spans) and text of an element.
    fn text_of(&self, spans: &[(u32, usize, usize)]) -> Option<(Location, String)> {
        let &(page, _, _) = spans.first()?;
        let start = spans.iter().map(|s| s.1).min()?;
        let end = spans.iter().map(|s| s.2).max()?;
        let text = spans
            .iter()
            .filter_map(|&(_, s, e)| self.extracted.text.get(s..e))
            .collect::<Vec<_>>()
            .join(" ");
        let (s, e) = crate::text::trim_span(&self.extracted.text, start, end);
        Some((
            located(s, e.max(s), page),
            crate::text::collapse_whitespace(&text),
        ))
    }

    /// The `/URI` of a link annotation's action.
    fn uri(&self, annot: &Dictionary) -> Option<String> {
        let action = annot
            .get_deref(b"A", self.pdf)
            .and_then(Object::as_dict)
            .ok()?;
        let uri = action.get_deref(b"URI", self.pdf).ok()?;
        match uri {
            Object::String(bytes, _) => Some(String::from_utf8_lossy(bytes).trim().to_string()),
            _ => None,
        }
    }
}

/// The standard structure types this reader distinguishes (ISO 32000-1 §14.8.4); `None`
/// for a tag that is neither standard nor known (to be looked up in the role map).
fn standard_role(tag: &[u8]) -> Option<Role> {
    Some(match tag {
        b"H1" | b"Title" => Role::Block(BlockKind::Heading { level: 1 }),
        b"H2" => Role::Block(BlockKind::Heading { level: 2 }),
        b"H3" => Role::Block(BlockKind::Heading { level: 3 }),
        b"H4" => Role::Block(BlockKind::Heading { level: 4 }),
        b"H5" => Role::Block(BlockKind::Heading { level: 5 }),
        b"H6" => Role::Block(BlockKind::Heading { level: 6 }),
        b"Table" => Role::Table,
        b"THead" | b"TBody" | b"TFoot" => Role::RowGroup,
        b"TR" => Role::Row,
        b"TH" | b"TD" => Role::Cell,
        b"Caption" => Role::Caption,
        b"P" | b"TOCI" | b"Note" | b"Lbl" => Role::Block(BlockKind::Paragraph),
        b"LI" => Role::Block(BlockKind::ListItem),
        b"BlockQuote" | b"Quote" => Role::Block(BlockKind::Quote),
        b"Code" => Role::Block(BlockKind::Code),
        b"Figure" => Role::Figure,
        b"Link" => Role::Link,
        b"Document" | b"Part" | b"Art" | b"Sect" | b"Div" | b"NonStruct" | b"Private" | b"L"
        | b"LBody" | b"TOC" | b"Index" | b"Span" | b"Reference" | b"BibEntry" | b"Form"
        | b"Formula" | b"Annot" | b"Ruby" | b"Warichu" | b"H" | b"DocumentFragment" | b"Aside"
        | b"Sub" | b"Em" | b"Strong" | b"FENote" | b"Artifact" => Role::Group,
        _ => return None,
    })
}
