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

mod image;
mod out;
mod package;
mod parts;
mod table;
mod xml;

pub(crate) use out::Out;
pub(crate) use package::Package;
pub(crate) use parts::{package_parts, read_app_number, read_properties, read_rels, Parts, Rel};
pub(crate) use table::TableBuilder;
pub(crate) use xml::{attr, attr_local, is_on, rel_id, text_of, Xml};

use crate::limits::MIB;

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

#[cfg(test)]
mod tests;
