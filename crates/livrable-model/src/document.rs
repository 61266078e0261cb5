//! A submitted file, read: its text and the structure every check works on.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::location::LineIndex;
use crate::{Layout, Location, Table};

/// The file format a reader recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Html,
    Eml,
    Text,
    Csv,
    Xlsx,
    Xls,
    Ods,
    Docx,
    Pptx,
    Odt,
    Odp,
    Pdf,
    Video,
    Image,
    Subtitles,
}

impl Format {
    /// The format's name as the rule pack writes it (`markdown`, `xlsx`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Eml => "eml",
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Docx => "docx",
            Format::Pptx => "pptx",
            Format::Odt => "odt",
            Format::Odp => "odp",
            Format::Pdf => "pdf",
            Format::Video => "video",
            Format::Image => "image",
            Format::Subtitles => "subtitles",
        }
    }

    /// Spreadsheets are located by cell, not by line.
    pub fn is_spreadsheet(self) -> bool {
        matches!(self, Format::Csv | Format::Xlsx | Format::Xls | Format::Ods)
    }
}

/// One submitted file after reading.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path inside the submission, `/`-separated, as shown to the user.
    pub path: String,
    pub format: Format,
    /// The text every [`Location`] span points into: the decoded source for text formats,
    /// the extracted text for binary ones; empty when the format has no text.
    pub text: String,
    /// Headings, paragraphs, list items… in reading order.
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub tables: Vec<Table>,
    /// Markup elements with their attributes, in source order (HTML and e-mail only): what
    /// the e-mail checks need (scripts, forms, styles) without parsing HTML themselves.
    pub elements: Vec<Element>,
    pub meta: Metadata,
    pub media: Option<MediaFacts>,
    /// Where the text sits in the file as its application shows it (paragraphs, table
    /// cells, slides, pages), for office documents and PDFs; empty for other formats.
    pub layout: Layout,
    /// Built by [`Document::line_col`] on first use, once the text is complete.
    lines: OnceLock<LineIndex>,
}

impl Document {
    /// An empty document of the given format.
    pub fn new(path: impl Into<String>, format: Format) -> Self {
        Document {
            path: path.into(),
            format,
            text: String::new(),
            blocks: Vec::new(),
            links: Vec::new(),
            images: Vec::new(),
            tables: Vec::new(),
            elements: Vec::new(),
            meta: Metadata::default(),
            media: None,
            layout: Layout::default(),
            lines: OnceLock::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset in [`Document::text`], as
    /// [`crate::location::line_col`] counts them, from an index of the text's lines built
    /// on the first call: reports ask for every finding's place. The text must not change
    /// after that first call (readers fill it; checks and renderers only read it).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines
            .get_or_init(|| LineIndex::new(&self.text))
            .line_col(&self.text, offset)
    }

    /// Headings in order, with their level (1–6).
    pub fn headings(&self) -> impl Iterator<Item = (u8, &Block)> {
        self.blocks.iter().filter_map(|b| match b.kind {
            BlockKind::Heading { level } => Some((level, b)),
            _ => None,
        })
    }

    /// The file name without its folders.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum BlockKind {
    /// A heading of level 1 to 6.
    Heading {
        level: u8,
    },
    Paragraph,
    ListItem,
    Quote,
    Code,
}

/// A unit of text in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// The visible text, inline markup removed, whitespace collapsed.
    pub text: String,
    pub location: Location,
}

/// A hyperlink.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The target as written (not resolved, never fetched).
    pub href: String,
    /// The visible text (for an image link, the image's alternative).
    pub text: String,
    pub location: Location,
}

/// An image, with its alternative text as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Image {
    pub src: String,
    /// `None`: no alternative at all; `Some("")`: an empty one.
    pub alt: Option<String>,
    pub title: Option<String>,
    /// Marked decorative by the author (`role="presentation"`, `aria-hidden`, Word's
    /// decorative flag): an empty alternative is then right.
    pub decorative: bool,
    /// Size in bytes where known (embedded or submitted images).
    pub bytes: Option<u64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub location: Location,
}

/// A markup element: tag, attributes in source order, and where its start tag is.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Lower-case tag name.
    pub tag: String,
    /// Lower-case attribute names with their values, in source order.
    pub attrs: Vec<(String, String)>,
    pub location: Location,
}

impl Element {
    /// The value of an attribute, by lower-case name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Document-level facts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// `<title>`, the document property, or front matter `title`.
    pub title: Option<String>,
    /// Declared language (`<html lang>`, document property).
    pub lang: Option<String>,
    /// `<meta name="description">` or front matter `description`.
    pub description: Option<String>,
    /// Front matter keys and values (Markdown), as strings.
    pub front_matter: BTreeMap<String, String>,
    /// Pages or slides, for paginated formats.
    pub pages: Option<u32>,
    /// Whether the file carries an accessibility structure (PDF: `/MarkInfo /Marked true`
    /// with a `/StructTreeRoot`, the "tagged PDF" that screen readers follow). `None` for
    /// formats without the notion.
    pub tagged: Option<bool>,
    /// Each page's trimmed size as (width, height) in PostScript points (1/72 inch), after
    /// the page's rotation, in page order: what a print check compares with A4, A5… The
    /// trim box when the file gives one (the size after cutting off the bleed), else the
    /// crop box, else the media box. Empty when the format has no page geometry.
    pub page_sizes: Vec<(f64, f64)>,
    /// Each page's media box as (width, height) in points, in page order, parallel to
    /// [`Metadata::page_sizes`]: larger than the trimmed size when the file has bleed.
    pub media_sizes: Vec<(f64, f64)>,
}

/// Facts about a video or an image file, read from its headers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MediaFacts {
    pub duration_seconds: Option<f64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub frame_rate: Option<f64>,
    pub has_audio: Option<bool>,
    pub text_tracks: u32,
    /// A sidecar subtitle file with the same base name, if one was submitted.
    pub subtitles: Option<Subtitle>,
    /// Size of the file in bytes: what an eco-design weight check compares.
    pub bytes: Option<u64>,
    /// The encoding as a short lower-case name (`png`, `jpeg`, `webp`, `h264`, `hevc`),
    /// where the headers say.
    pub codec: Option<String>,
}

/// A parsed `.srt` or `.vtt` sidecar.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subtitle {
    pub path: String,
    /// (start, end) of each cue in seconds, in file order.
    pub cues: Vec<(f64, f64)>,
    /// 1-based line of each cue's timing line (`00:01.000 --> 00:03.000`), parallel to
    /// [`Subtitle::cues`], so that a finding can say where to fix.
    pub lines: Vec<u32>,
    /// Timing lines that could not be read, as (1-based line, the line as written): players
    /// skip those cues.
    pub malformed: Vec<(u32, String)>,
}
