//! PPTX reader (PowerPoint, and Google Slides, Canva and Keynote exports): slides in
//! order, their titles, text boxes, tables, pictures with their alternative text, links,
//! and speaker notes, read with zip + quick-xml into the one document model.
//!
//! # What is read
//!
//! - **Slides** in the presentation's order (`p:sldIdLst` in `ppt/presentation.xml`,
//!   through its relationships; at most [`MAX_SLIDES`]). [`Metadata::pages`] is the number
//!   of slides, and every block, link, image, table and cell carries its slide number in
//!   [`Location::page`] besides its span in the extracted text.
//! - **Slide titles**: the text of the title placeholder (`p:ph` of type `title` or
//!   `ctrTitle`), its paragraphs joined, is a **level-1 heading**, one per slide. A slide
//!   whose title placeholder is missing or empty has no heading: that is what PowerPoint's
//!   accessibility checker reports as a missing slide title (screen-reader users move
//!   through a deck by its slide titles), and what a `slides/no-title` check can find by
//!   comparing the headings' slide numbers with [`Metadata::pages`]. Why level 1: each
//!   slide title names its own slide; a deck's outline is flat. Working-document instances
//!   of `heading-structure` allow several h1, so a deck is not a `multiple-h1`; a deck
//!   never gives `skipped-level`.
//! - **Text**: shapes in the order of the slide's shape tree (the reading order PowerPoint
//!   gives screen readers), each paragraph on a line. Paragraphs with a bullet or a number
//!   (`a:buChar`, `a:buAutoNum`) and those of content placeholders (whose bullets come from
//!   the master) are list items, unless `a:buNone`; others are paragraphs. Date, footer
//!   and slide-number placeholders are left out (furniture repeated on every slide).
//! - **Tables** (`a:tbl`) as typed cells, merged ranges from `gridSpan`/`rowSpan`.
//! - **Pictures, charts and SmartArt**: alternative text from the shape's `p:cNvPr`
//!   `descr` (or its `title` when `descr` is blank), `None` when neither is written, the
//!   decorative flag (`adec:decorative`), the embedded file's size and pixel size. Note
//!   that python-pptx and some converters write the picture's file name as its
//!   description, which the `image-alt/filename` check then reports, rightly.
//! - **Links**: `a:hlinkClick` on text runs and on pictures, through the slide's
//!   relationships; jumps to another slide keep their target part (`ppt/slides/slide3.xml`).
//! - **Speaker notes**: the body of the slide's notes page is written into the extracted
//!   text right after the slide's own text, but gives **no blocks**, links or images:
//!   notes are not shown to the audience, so they must not count in what the slide shows
//!   (headings, per-slide text, images), while text searches (spelling, vocabulary) still
//!   see them.
//! - **Properties**: `dc:title`, `dc:description`, `dc:language` (else the language of
//!   the presentation's default text style, else of the first text run).
//!
//! A damaged slide gives an `ingest/unreadable` observation located on its slide number;
//! the other slides are still read.
//!
//! Not read: masters and layouts (their placeholder prompts are not content), comments,
//! hidden state of slides and shapes, text inside charts and SmartArt (other parts),
//! animations, embedded media (video, audio).

use std::collections::HashMap;

use livrable_model::{BlockKind, Document, Format, Image, Location, Metadata, Observation};
use quick_xml::events::{BytesStart, Event};

use crate::docx::alternative;
use crate::office::{
    attr, attr_local, is_on, package_parts, read_properties, read_rels, rel_id, text_of, Out,
    Package, Rel, TableBuilder, Xml, MAX_SPAN,
};
use crate::{Limits, Read};

/// Most slides read: real decks have tens; a deck of more is refused past this many
/// (the others are not read, and an observation says so).
pub const MAX_SLIDES: usize = 2_000;

/// Reads a PPTX file's bytes.
pub fn read(path: &str, bytes: &[u8], limits: &Limits) -> Read {
    match read_pptx(path, bytes, limits) {
        Ok(read) => read,
        Err(reason) => Read::unreadable(reason),
    }
}

fn read_pptx(path: &str, bytes: &[u8], limits: &Limits) -> Result<Read, String> {
    let mut pkg = Package::open(bytes, limits, "PowerPoint presentation", ".pptx")?;
    let parts = package_parts(&mut pkg, "ppt/presentation.xml");
    let Some(presentation) = pkg.read_text(&parts.main)? else {
        return Err(
            "the file is not a PowerPoint presentation: it has no ppt/presentation.xml (another kind of zip renamed?)"
                .to_string(),
        );
    };
    let rels = read_rels(&mut pkg, &parts.main)?;
    let (slide_ids, default_lang) = read_presentation(&presentation, &parts.main)?;

    let mut doc = Document::new(path, Format::Pptx);
    read_properties(&mut pkg, &parts.core, &mut doc.meta);
    let mut problems = Vec::new();
    let mut out = Out::default();
    let mut first_lang = None;
    let mut slide = 0u32;
    for id in slide_ids.iter().take(MAX_SLIDES) {
        let Some(rel) = rels.get(id).filter(|r| !r.external) else {
            continue;
        };
        slide += 1;
        match read_slide(&mut pkg, &rel.target, slide) {
            Ok((slide_out, lang)) => {
                first_lang = first_lang.or(lang);
                out.append(slide_out);
            }
            Err(reason) => problems.push(
                Observation::new("ingest/unreadable", Location::page(slide))
                    .arg("reason", format!("slide {slide}: {reason}")),
            ),
        }
    }
    if slide_ids.len() > MAX_SLIDES {
        problems.push(
            Observation::new("ingest/unreadable", Location::page(slide + 1)).arg(
                "reason",
                format!(
                    "the presentation has {} slides: only the first {MAX_SLIDES} were read",
                    slide_ids.len()
                ),
            ),
        );
    }
    out.into_document(&mut doc);
    fill_lang(&mut doc.meta, default_lang.or(first_lang));
    doc.meta.pages = Some(slide);
    Ok(Read {
        doc: Some(doc),
        problems,
    })
}

fn fill_lang(meta: &mut Metadata, lang: Option<String>) {
    if meta.lang.is_none() {
        meta.lang = lang;
    }
}

/// The slides' relationship ids in order, and the default text style's language.
fn read_presentation(text: &str, part: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut xml = Xml::new(text, part);
    let mut ids = Vec::new();
    let mut lang = None;
    let mut in_default_style = false;
    loop {
        match xml.next()? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sldId" if ids.len() <= MAX_SLIDES => {
                    // `id` is the slide's number; `r:id` its relationship.
                    if let Some(rid) = rel_id(&e) {
                        ids.push(rid);
                    }
                }
                "defaultTextStyle" => in_default_style = true,
                "defRPr" if in_default_style && lang.is_none() => {
                    lang = attr(&e, "lang").filter(|l| !l.trim().is_empty());
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "defaultTextStyle" => {
                in_default_style = false
            }
            Event::Eof => return Ok((ids, lang)),
            _ => {}
        }
    }
}

/// Reads one slide (and its notes) into its own text; also the first run's language.
fn read_slide(
    pkg: &mut Package<'_>,
    part: &str,
    number: u32,
) -> Result<(Out, Option<String>), String> {
    let Some(text) = pkg.read_text(part)? else {
        return Err(format!("part {part} is missing"));
    };
    let rels = read_rels(pkg, part).unwrap_or_default();
    let mut slide = SlideReader::new(&rels, Some(number), false);
    slide.read(&text, part, pkg)?;
    let mut out = slide.out;
    out.flush_deferred();
    let lang = slide.first_lang;
    // Speaker notes: text only (see the module's documentation).
    if let Some(notes) = rels
        .values()
        .find(|r| r.kind == "notesSlide" && !r.external)
    {
        if let Ok(Some(notes_text)) = pkg.read_text(&notes.target) {
            let notes_rels = HashMap::new();
            let mut reader = SlideReader::new(&notes_rels, Some(number), true);
            if reader.read(&notes_text, &notes.target, pkg).is_ok() {
                let mut text_only = Out::default();
                text_only.push_lines(&reader.out.text);
                out.append(text_only);
            }
        }
    }
    Ok((out, lang))
}

/// What a shape is, as far as reading it goes.
#[derive(Debug, Default)]
struct Shape {
    /// `p:ph` type, `Some("")` for a placeholder without type (a content placeholder).
    placeholder: Option<String>,
    descr: Option<String>,
    title: Option<String>,
    decorative: bool,
    link: Option<String>,
    blip: Option<String>,
    chart: Option<String>,
    diagram: bool,
    /// Where a title's text starts.
    start: usize,
    /// Left out (date, footer, slide number), or, for notes, not the notes body.
    skipped: bool,
}

impl Shape {
    fn is_title(&self) -> bool {
        matches!(self.placeholder.as_deref(), Some("title" | "ctrTitle"))
    }

    /// Content placeholders take their bullets from the master.
    fn bulleted_by_default(&self) -> bool {
        matches!(self.placeholder.as_deref(), Some("" | "body" | "obj"))
    }
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    start: usize,
    /// `a:buChar`/`a:buAutoNum` (true) or `a:buNone` (false).
    bullet: Option<bool>,
}

struct SlideReader<'r> {
    rels: &'r HashMap<String, Rel>,
    page: Option<u32>,
    /// Reading a notes page: only its body placeholder counts.
    notes: bool,
    out: Out,
    shapes: Vec<Shape>,
    para: Option<Para>,
    table: Option<TableBuilder>,
    in_t: bool,
    /// Where the run being read starts, its link, and the link being extended over runs.
    run_mark: usize,
    run_link: Option<String>,
    open_link: Option<(String, usize)>,
    first_lang: Option<String>,
}

impl<'r> SlideReader<'r> {
    fn new(rels: &'r HashMap<String, Rel>, page: Option<u32>, notes: bool) -> Self {
        SlideReader {
            rels,
            page,
            notes,
            out: Out::default(),
            shapes: Vec::new(),
            para: None,
            table: None,
            in_t: false,
            run_mark: 0,
            run_link: None,
            open_link: None,
            first_lang: None,
        }
    }

    fn skipping(&self) -> bool {
        self.shapes.iter().any(|s| s.skipped)
    }

    fn read(&mut self, text: &str, part: &str, pkg: &mut Package<'_>) -> Result<(), String> {
        let mut xml = Xml::new(text, part);
        loop {
            let event = xml.next()?;
            match &event {
                Event::Start(e) => self.start(e, true, &mut xml)?,
                Event::Empty(e) => self.start(e, false, &mut xml)?,
                Event::End(e) => self.end(e.local_name().as_ref(), pkg),
                Event::Eof => return Ok(()),
                ev => {
                    if self.in_t && !self.skipping() {
                        if let Some(t) = text_of(ev) {
                            self.out.push(&t);
                        }
                    }
                }
            }
        }
    }

    fn href(&self, id: Option<String>) -> Option<String> {
        let id = id.filter(|i| !i.is_empty())?;
        self.rels.get(&id).map(|r| r.target.clone())
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        is_start: bool,
        xml: &mut Xml<'_>,
    ) -> Result<(), String> {
        let local = e.local_name();
        match local.as_ref() {
            "Fallback" if is_start => xml.skip()?,
            "sp" | "pic" | "graphicFrame" | "cxnSp" if is_start => {
                let start = self.out.pos();
                self.shapes.push(Shape {
                    start,
                    skipped: self.notes,
                    ..Shape::default()
                });
            }
            "cNvPr" => {
                if let Some(s) = self.shapes.last_mut() {
                    s.descr = attr(e, "descr");
                    s.title = attr(e, "title");
                }
            }
            "ph" => {
                let kind = attr(e, "type").unwrap_or_default();
                if let Some(s) = self.shapes.last_mut() {
                    s.skipped = if self.notes {
                        kind != "body"
                    } else {
                        matches!(kind.as_str(), "dt" | "ftr" | "sldNum" | "hdr" | "sldImg")
                    };
                    s.placeholder = Some(kind);
                    if s.is_title() {
                        self.out.line();
                        s.start = self.out.pos();
                    }
                }
            }
            "decorative" => {
                if let Some(s) = self.shapes.last_mut() {
                    s.decorative |= attr(e, "val").is_some_and(|v| is_on(&v));
                }
            }
            "hlinkClick" => {
                let href = self.href(rel_id(e));
                if self.para.is_some() {
                    // On a text run (inside `a:rPr`).
                    self.run_link = href;
                } else if let Some(s) = self.shapes.last_mut() {
                    s.link = s.link.take().or(href);
                }
            }
            "blip" => {
                if let Some(s) = self.shapes.last_mut() {
                    s.blip = s
                        .blip
                        .take()
                        .or_else(|| attr_local(e, "embed"))
                        .or_else(|| attr_local(e, "link"));
                }
            }
            "chart" => {
                if let Some(s) = self.shapes.last_mut() {
                    s.chart = rel_id(e).or_else(|| Some(String::new()));
                }
            }
            "graphicData" => {
                if let Some(s) = self.shapes.last_mut() {
                    s.diagram |= attr(e, "uri").is_some_and(|u| u.contains("diagram"));
                }
            }
            "tbl" if is_start && self.table.is_none() && !self.skipping() => {
                self.table = Some(TableBuilder::new(&mut self.out, self.page));
            }
            "tr" if is_start => {
                if let Some(t) = self.table.as_mut() {
                    t.row(&mut self.out);
                }
            }
            "tc" if is_start => {
                if let Some(t) = self.table.as_mut() {
                    let (r, c) = (t.row_index(), t.col_index());
                    let span = |name: &str| {
                        attr(e, name)
                            .and_then(|v| v.trim().parse::<u32>().ok())
                            .unwrap_or(1)
                            .clamp(1, MAX_SPAN)
                    };
                    let (cols, rows) = (span("gridSpan"), span("rowSpan"));
                    t.merge((r, c, r + rows - 1, c + cols - 1));
                    t.cell(&mut self.out, None);
                }
            }
            "p" if is_start => {
                let title = self.shapes.last().is_some_and(Shape::is_title);
                if self.table.as_ref().is_some_and(TableBuilder::in_cell) || title {
                    self.out.space();
                } else {
                    self.out.line();
                }
                self.para = Some(Para {
                    start: self.out.pos(),
                    bullet: None,
                });
            }
            "buChar" | "buAutoNum" | "buBlip" => {
                if let Some(p) = self.para.as_mut() {
                    p.bullet = Some(true);
                }
            }
            "buNone" => {
                if let Some(p) = self.para.as_mut() {
                    p.bullet = Some(false);
                }
            }
            "r" | "fld" if is_start => {
                self.run_link = None;
                self.run_mark = self.out.pos();
            }
            "rPr" | "endParaRPr" if self.first_lang.is_none() => {
                self.first_lang = attr(e, "lang").filter(|l| !l.trim().is_empty());
            }
            "t" if is_start => self.in_t = true,
            "br" => self.out.push(" "),
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, local: &str, pkg: &mut Package<'_>) {
        match local {
            "t" => self.in_t = false,
            "r" | "fld" => match (self.run_link.take(), self.open_link.take()) {
                (Some(href), Some((open, start))) if href == open => {
                    self.open_link = Some((open, start));
                }
                (run, open) => {
                    if let Some((href, start)) = open {
                        self.out.link(href, start, self.page, None);
                    }
                    self.open_link = run.map(|href| (href, self.run_mark));
                }
            },
            "p" => self.end_paragraph(),
            "tc" => {
                if let Some(t) = self.table.as_mut() {
                    t.end_cell(&mut self.out);
                }
            }
            "tbl" => {
                if let Some(t) = self.table.take() {
                    if let Some(table) = t.finish(&mut self.out) {
                        self.out.tables.push(table);
                    }
                }
            }
            "sp" | "pic" | "graphicFrame" | "cxnSp" => {
                if let Some(shape) = self.shapes.pop() {
                    self.end_shape(shape, pkg);
                }
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        if let Some((href, start)) = self.open_link.take() {
            self.out.link(href, start, self.page, None);
        }
        let Some(p) = self.para.take() else {
            return;
        };
        if self.skipping() || self.table.as_ref().is_some_and(TableBuilder::in_cell) {
            return;
        }
        let Some(shape) = self.shapes.last() else {
            return;
        };
        if shape.is_title() {
            return; // the title is one heading, made when its shape ends
        }
        let kind = if p.bullet.unwrap_or(shape.bulleted_by_default()) {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        };
        self.out.block(kind, p.start, self.page);
        self.out.line();
    }

    fn end_shape(&mut self, shape: Shape, pkg: &mut Package<'_>) {
        if shape.skipped {
            return;
        }
        if shape.is_title() {
            self.out
                .block(BlockKind::Heading { level: 1 }, shape.start, self.page);
            self.out.line();
            return;
        }
        let src = match (&shape.blip, &shape.chart) {
            (Some(id), _) | (None, Some(id)) => self.rels.get(id).cloned(),
            (None, None) if shape.diagram => None,
            (None, None) => return,
        };
        let (bytes, dims) = match &src {
            Some(r) if !r.external && shape.blip.is_some() => pkg.image_facts(&r.target),
            _ => (None, None),
        };
        let alt = alternative(shape.descr, shape.title.clone());
        let image = Image {
            src: src.map(|r| r.target).unwrap_or_default(),
            alt,
            title: shape.title.filter(|t| !t.trim().is_empty()),
            decorative: shape.decorative,
            bytes,
            width: dims.map(|(w, _)| w),
            height: dims.map(|(_, h)| h),
            ..Image::default()
        };
        if let Some(href) = shape.link {
            let at = self.out.pos();
            self.out.link(href, at, self.page, image.alt.as_deref());
        }
        self.out.image(image, self.page);
    }
}
