//! DOCX: each finding becomes a Word review comment (`w:comment`), anchored on its place:
//! a body paragraph (the heading, the paragraph holding the image or the link), or the
//! run of words the finding is about when the paragraph's text can be followed run by
//! run, or a table cell; findings on the whole document go in one comment on the first
//! paragraph.
//!
//! What is edited: `word/document.xml` (a `w:commentRangeStart` after the paragraph's
//! properties or before the first run of the words, a `w:commentRangeEnd` and a run
//! holding the `w:commentReference` after them), `word/comments.xml` (created, or
//! extended when the document already has comments: those are kept, and ours take fresh
//! ids), the document's relationships and `[Content_Types].xml`.
//!
//! Paragraphs and table cells are counted as the DOCX reader counts them (see
//! [`livrable_model::Location::paragraph`] and [`livrable_model::TableCell`]): the body's
//! `w:p` elements outside tables and text boxes, skipping what the reader skips
//! (compatibility fallbacks, tracked deletions, former properties).

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};

use super::opc::{add_rels, close_of, main_part, read_rels, Close, ContentTypes};
use super::package::{relative, resolve, Package};
use super::xml::{attr, escape, prefix_of, text_of, Edits, Scan};
use super::{AnnotateWords, TextAnchor, TextNote};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// Elements whose content is not the document's current text: the reader skips them, and
/// so the paragraphs inside are not counted.
const SKIPPED: &[&str] = &[
    "Fallback",
    "del",
    "moveFrom",
    "pPrChange",
    "rPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "sectPrChange",
    "numberingChange",
    "sdtPr",
];

/// Where a paragraph's anchors go.
#[derive(Debug, Clone, Default)]
struct Para {
    /// After the start tag, or after `w:pPr` when the paragraph has properties.
    inner_start: usize,
    /// Before the end tag.
    inner_end: usize,
    /// The range of `<w:p/>` when the paragraph is empty.
    empty: Option<std::ops::Range<usize>>,
    /// Its runs, for anchoring on words.
    runs: Vec<Run>,
}

/// A run of a paragraph.
#[derive(Debug, Clone, Default)]
struct Run {
    /// Its text as the reader extracts it (tabs and breaks as spaces).
    text: String,
    /// The `w:r` element.
    range: std::ops::Range<usize>,
    /// For a run of properties and one text element only: its start tag and its
    /// properties, as written, so that it can be cut in two at a word.
    simple: Option<(String, String)>,
}

/// A run being read: the run, the range of its properties, and its children's local names.
struct OpenRun {
    run: Run,
    tag: String,
    properties: Option<std::ops::Range<usize>>,
    children: Vec<String>,
    depth: usize,
}

/// The places of `document.xml`.
#[derive(Debug, Default)]
struct Places {
    /// Body paragraphs, by number (1-based).
    paragraphs: BTreeMap<u32, Para>,
    /// Body table cells, (table, row, column) → (first paragraph, last paragraph).
    cells: BTreeMap<(u32, u32, u32), (Para, Para)>,
    /// The first `w:p` of the body (in a table or not), for the whole document's comment
    /// when the body has no paragraph outside tables.
    first: Option<Para>,
    /// The prefix bound to WordprocessingML (`w`).
    w: String,
    /// The highest comment id the document uses.
    max_id: Option<u64>,
}

/// A table of the body being read.
#[derive(Debug)]
struct Table {
    number: u32,
    row: u32,
    /// The grid column of the next cell, 1-based.
    column: u32,
    /// The current cell: its column, its span, its paragraphs.
    cell: Option<(u32, Vec<Para>)>,
    span: u32,
}

fn places(text: &str, part: &str) -> Result<Places, String> {
    let mut scan = Scan::new(text, part);
    let mut out = Places::default();
    let mut skipped: Option<usize> = None;
    let mut boxes = 0usize;
    let mut tables: Vec<Table> = Vec::new();
    let mut nested = 0usize;
    let mut body_tables = 0u32;
    let mut paragraphs = 0u32;
    // The paragraph being read (a text box's paragraphs inside it are not followed), and
    // its depth.
    let mut para: Option<(Para, usize)> = None;
    let mut run: Option<OpenRun> = None;
    let mut in_t = false;
    while let Some((event, range, depth)) = scan.next()? {
        if let Some(d) = skipped {
            if matches!(event, Event::End(_)) && depth == d {
                skipped = None;
            }
            continue;
        }
        match &event {
            Event::Start(e) if depth == 0 => {
                out.w = match prefix_of(e, W_NS) {
                    Some(p) => format!("{p}:"),
                    None => String::new(),
                };
            }
            Event::Start(e) if SKIPPED.contains(&e.local_name().as_ref()) => {
                skipped = Some(depth);
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.local_name().as_ref(),
                    "commentRangeStart" | "commentRangeEnd" | "commentReference"
                ) =>
            {
                if let Some(id) = attr_w(e, &out.w, "id").and_then(|v| v.parse::<u64>().ok()) {
                    out.max_id = Some(out.max_id.map_or(id, |m| m.max(id)));
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "txbxContent" => boxes += 1,
            Event::End(e) if e.local_name().as_ref() == "txbxContent" => {
                boxes = boxes.saturating_sub(1)
            }
            Event::Start(e) if e.local_name().as_ref() == "tbl" => {
                if boxes == 0 && tables.is_empty() && nested == 0 {
                    body_tables += 1;
                    tables.push(Table {
                        number: body_tables,
                        row: 0,
                        column: 1,
                        cell: None,
                        span: 1,
                    });
                } else {
                    nested += 1;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "tbl" => {
                if nested > 0 {
                    nested -= 1;
                } else {
                    tables.pop();
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "tr" && nested == 0 => {
                if let Some(t) = tables.last_mut() {
                    t.row += 1;
                    t.column = 1;
                }
            }
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "gridBefore" && nested == 0 =>
            {
                if let Some(t) = tables.last_mut() {
                    if t.cell.is_none() {
                        t.column += attr_w(e, &out.w, "val")
                            .and_then(|v| v.trim().parse::<u32>().ok())
                            .unwrap_or(0);
                    }
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "tc" && nested == 0 => {
                if let Some(t) = tables.last_mut() {
                    t.cell = Some((t.column, Vec::new()));
                    t.span = 1;
                }
            }
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "gridSpan" && nested == 0 =>
            {
                if let Some(t) = tables.last_mut() {
                    t.span = attr_w(e, &out.w, "val")
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .unwrap_or(1)
                        .max(1);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "tc" && nested == 0 => {
                if let Some(t) = tables.last_mut() {
                    if let Some((column, paras)) = t.cell.take() {
                        if let (Some(first), Some(last)) = (paras.first(), paras.last()) {
                            out.cells
                                .insert((t.number, t.row, column), (first.clone(), last.clone()));
                        }
                    }
                    t.column += t.span;
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == "p" => {
                let p = Para {
                    inner_start: range.start,
                    inner_end: range.start,
                    empty: Some(range.clone()),
                    runs: Vec::new(),
                };
                finish(&mut out, &mut tables, boxes, &mut paragraphs, p);
            }
            Event::Start(e) if e.local_name().as_ref() == "p" && para.is_none() => {
                para = Some((
                    Para {
                        inner_start: range.end,
                        ..Para::default()
                    },
                    depth,
                ));
            }
            Event::End(e) if e.local_name().as_ref() == "pPr" => {
                if let Some((p, d)) = para.as_mut() {
                    if depth == *d + 1 {
                        p.inner_start = range.end;
                    }
                }
            }
            // Runs of a text box inside the paragraph are not the paragraph's text.
            Event::Start(e)
                if e.local_name().as_ref() == "r"
                    && para.is_some()
                    && boxes == 0
                    && run.is_none() =>
            {
                run = Some(OpenRun {
                    run: Run {
                        range: range.clone(),
                        ..Run::default()
                    },
                    tag: text[range.clone()].to_string(),
                    properties: None,
                    children: Vec::new(),
                    depth,
                });
            }
            Event::Start(e) | Event::Empty(e)
                if run.as_ref().is_some_and(|r| r.depth + 1 == depth) =>
            {
                let r = run.as_mut().expect("checked");
                let local = e.local_name().as_ref().to_string();
                if local == "rPr" {
                    r.properties = Some(range.clone());
                }
                match local.as_str() {
                    "t" if matches!(event, Event::Start(_)) => in_t = boxes == 0,
                    "tab" | "br" | "cr" => r.run.text.push(' '),
                    _ => {}
                }
                r.children.push(local);
            }
            Event::End(e) if e.local_name().as_ref() == "rPr" => {
                if let Some(r) = run.as_mut() {
                    if r.depth + 1 == depth {
                        if let Some(p) = r.properties.as_mut() {
                            p.end = range.end;
                        }
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if in_t => {
                if let (Some(r), Some(s)) = (run.as_mut(), text_of(&event)) {
                    r.run.text.push_str(&s);
                }
            }
            Event::End(e)
                if e.local_name().as_ref() == "r"
                    && run.as_ref().is_some_and(|r| r.depth == depth) =>
            {
                if let (Some(mut r), Some((p, _))) = (run.take(), para.as_mut()) {
                    r.run.range.end = range.end;
                    let kinds: Vec<&str> = r.children.iter().map(String::as_str).collect();
                    let simple = matches!(kinds.as_slice(), ["t"] | ["rPr", "t"]);
                    if simple {
                        let props = r
                            .properties
                            .map(|p| text[p].to_string())
                            .unwrap_or_default();
                        r.run.simple = Some((r.tag, props));
                    }
                    p.runs.push(r.run);
                }
            }
            Event::End(e)
                if e.local_name().as_ref() == "p"
                    && para.as_ref().is_some_and(|(_, d)| *d == depth) =>
            {
                if let Some((mut p, _)) = para.take() {
                    p.inner_end = range.start;
                    finish(&mut out, &mut tables, boxes, &mut paragraphs, p);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Files a paragraph just read: a body paragraph gets its number, a cell's goes to its
/// cell; the first of all is kept for the whole document's comment.
fn finish(out: &mut Places, tables: &mut [Table], boxes: usize, paragraphs: &mut u32, p: Para) {
    if boxes > 0 {
        return;
    }
    if out.first.is_none() {
        out.first = Some(p.clone());
    }
    match tables.last_mut() {
        None => {
            *paragraphs += 1;
            out.paragraphs.insert(*paragraphs, p);
        }
        // A paragraph of a table inside a cell is part of that cell too.
        Some(t) => {
            if let Some((_, paras)) = t.cell.as_mut() {
                paras.push(p);
            }
        }
    }
}

/// A WordprocessingML attribute (`w:val`) with the document's prefix.
fn attr_w(e: &BytesStart<'_>, w: &str, local: &str) -> Option<String> {
    attr(e, &format!("{w}{local}"))
}

/// A place inside a paragraph for a comment's start or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Point {
    /// A position of `document.xml` (between runs).
    At(usize),
    /// Inside the paragraph's run `run`, before the byte `at` of its text: the run is cut
    /// in two there.
    Cut { run: usize, at: usize },
}

/// Where, in a paragraph, a comment on the words at `span` (byte offsets in the
/// paragraph's extracted text) starts and ends: at the words themselves inside a run of
/// plain text (cut there), else at the edges of the runs that hold them; `None` when the
/// runs' text is not the paragraph's text, or the span is the whole paragraph.
fn words_in(p: &Para, paragraph_text: &str, span: (usize, usize)) -> Option<(Point, Point)> {
    // The reader collapses white space (a space only between visible characters) and
    // drops control characters, byte-order marks and soft hyphens: rebuild the
    // paragraph's text the same way, run by run, and give up when it does not come out
    // the same (fields, symbols, text boxes). `marks` maps each visible character's
    // offset in the rebuilt text to its run and offset in the run's text.
    let mut text = String::new();
    let mut space = false;
    let mut marks: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (i, run) in p.runs.iter().enumerate() {
        for (at, c) in run.text.char_indices() {
            if c.is_whitespace() {
                space = !text.is_empty();
            } else if !(c.is_control() || c == '\u{feff}' || c == '\u{ad}') {
                if space {
                    text.push(' ');
                    space = false;
                }
                marks.push((text.len(), i, at, at + c.len_utf8()));
                text.push(c);
            }
        }
    }
    if text != paragraph_text {
        return None;
    }
    let (from, to) = span;
    if from >= to || (from == 0 && to >= paragraph_text.len()) {
        return None;
    }
    let first = marks.iter().find(|m| m.0 >= from)?;
    let last = marks.iter().rev().find(|m| m.0 < to)?;
    // A start at the run's first character, an end at its last, or a run that is not
    // plain text: at the run's edge; otherwise the run is cut at the word.
    let (i, from_at) = (first.1, first.2);
    let start = if from_at == 0 || p.runs[i].simple.is_none() {
        Point::At(p.runs[i].range.start)
    } else {
        Point::Cut {
            run: i,
            at: from_at,
        }
    };
    let (j, to_at) = (last.1, last.3);
    let end = if to_at >= p.runs[j].text.len() || p.runs[j].simple.is_none() {
        Point::At(p.runs[j].range.end)
    } else {
        Point::Cut { run: j, at: to_at }
    };
    Some((start, end))
}

/// A simple run written again cut at `cuts` (byte offsets of its text, in order), each cut
/// holding its markers.
fn cut_run(w: &str, run: &Run, cuts: &[(usize, String)]) -> String {
    let (tag, properties) = run.simple.clone().unwrap_or_default();
    let piece = |text: &str| {
        if text.is_empty() {
            String::new()
        } else {
            format!(
                "{tag}{properties}<{w}t xml:space=\"preserve\">{}</{w}t></{w}r>",
                escape(text)
            )
        }
    };
    let mut out = String::new();
    let mut at = 0;
    for (cut, markers) in cuts {
        out.push_str(&piece(&run.text[at..*cut]));
        out.push_str(markers);
        at = *cut;
    }
    out.push_str(&piece(&run.text[at..]));
    out
}

pub(super) fn annotate(
    bytes: &[u8],
    notes: &[TextNote<'_>],
    words: &AnnotateWords,
) -> Result<Vec<u8>, String> {
    let mut pkg = Package::open(bytes)?;
    let part = main_part(&mut pkg, "word/document.xml")?;
    let text = pkg
        .text(&part)?
        .ok_or_else(|| format!("part {part} is missing"))?;
    let places = places(&text, &part)?;
    let w = places.w.clone();
    let rels = read_rels(&mut pkg, &super::package::rels_of(&part))?;
    let comments_part = rels
        .iter()
        .find(|r| r.kind == REL_COMMENTS)
        .map(|r| resolve(&part, &r.target));
    let existing = match &comments_part {
        Some(p) => pkg.text(p)?,
        None => None,
    };
    let mut next_id = places.max_id.map_or(0, |m| m + 1);
    if let Some(existing) = &existing {
        next_id = next_id.max(
            max_comment_id(existing, comments_part.as_deref().unwrap_or(""))?.map_or(0, |m| m + 1),
        );
    }
    // Comments: (anchor start, anchor end or the empty paragraph, id, text).
    let mut edits = Edits::default();
    let mut comments = String::new();
    let mut whole: Vec<&str> = Vec::new();
    let mut placed: Vec<(Anchor, u64, &str)> = Vec::new();
    for note in notes {
        let anchor = match &note.anchor {
            TextAnchor::Paragraph { number, span } => places.paragraphs.get(number).map(|p| {
                match span.and_then(|(s, e, text)| words_in(p, text, (s, e))) {
                    Some((start, end)) => Anchor::Words(p.clone(), start, end),
                    None => Anchor::Para(p.clone()),
                }
            }),
            TextAnchor::Cell { table, row, column } => places
                .cells
                .get(&(*table, *row, *column))
                .map(|(first, last)| Anchor::Cell(first.clone(), last.clone())),
            TextAnchor::Whole => None,
        };
        match anchor {
            Some(anchor) => {
                placed.push((anchor, next_id, note.text.as_str()));
                next_id += 1;
            }
            None => whole.push(note.text.as_str()),
        }
    }
    let whole_text;
    if !whole.is_empty() {
        let first = places
            .paragraphs
            .get(&1)
            .or(places.first.as_ref())
            .ok_or("the document has no paragraph to hold a comment")?;
        whole_text = super::joined(Some(&words.whole_document), whole.iter().copied());
        placed.push((Anchor::Para(first.clone()), next_id, whole_text.as_str()));
    }
    // Markers by position; an empty paragraph is written again whole, and a run cut at
    // words again in pieces (by the run's position: its paragraph's run, and the cuts).
    let mut empties: BTreeMap<usize, (std::ops::Range<usize>, String, String)> = BTreeMap::new();
    let mut cuts: BTreeMap<usize, (Run, Vec<(usize, String)>)> = BTreeMap::new();
    for (anchor, id, text) in &placed {
        let start = format!("<{w}commentRangeStart {w}id=\"{id}\"/>");
        let end = format!(
            "<{w}commentRangeEnd {w}id=\"{id}\"/><{w}r><{w}commentReference {w}id=\"{id}\"/></{w}r>"
        );
        let (at_start, at_end) = match anchor {
            Anchor::Para(p) => (p.clone(), p.clone()),
            Anchor::Cell(first, last) => (first.clone(), last.clone()),
            Anchor::Words(p, from, to) => {
                for (point, marker) in [(from, start), (to, end)] {
                    match point {
                        Point::At(at) => edits.insert(*at, marker),
                        Point::Cut { run, at } => {
                            let r = &p.runs[*run];
                            cuts.entry(r.range.start)
                                .or_insert_with(|| (r.clone(), Vec::new()))
                                .1
                                .push((*at, marker));
                        }
                    }
                }
                comments.push_str(&comment_xml(&w, *id, words, text));
                continue;
            }
        };
        match &at_start.empty {
            Some(r) => empties
                .entry(r.start)
                .or_insert_with(|| (r.clone(), String::new(), String::new()))
                .1
                .push_str(&start),
            None => edits.insert(at_start.inner_start, start),
        }
        match &at_end.empty {
            Some(r) => empties
                .entry(r.start)
                .or_insert_with(|| (r.clone(), String::new(), String::new()))
                .2
                .push_str(&end),
            None => edits.insert(at_end.inner_end, end),
        }
        comments.push_str(&comment_xml(&w, *id, words, text));
    }
    for (_, (run, mut at)) in cuts {
        // Stable: markers at one offset keep their order (an end before a later start).
        at.sort_by_key(|(offset, _)| *offset);
        let mut merged: Vec<(usize, String)> = Vec::new();
        for (offset, marker) in at {
            match merged.last_mut() {
                Some((o, m)) if *o == offset => m.push_str(&marker),
                _ => merged.push((offset, marker)),
            }
        }
        edits.replace(run.range.clone(), cut_run(&w, &run, &merged));
    }
    for (_, (range, starts, ends)) in empties {
        let tag = super::xlsx::opened(&text[range.clone()]);
        edits.replace(range, format!("{tag}{starts}{ends}</{w}p>"));
    }
    pkg.put(&part, edits.apply(&text).into_bytes());
    let mut types = ContentTypes::default();
    match (comments_part, existing) {
        (Some(p), Some(existing)) => {
            let mut e = Edits::default();
            match close_of(&existing, &p, "comments")? {
                Close::End(at) => e.insert(at, comments),
                Close::Empty(range, tag) => {
                    e.replace(range, format!("{tag}{comments}</{w}comments>"))
                }
            }
            pkg.put(&p, e.apply(&existing).into_bytes());
        }
        _ => {
            let p = pkg.free_name(|n| {
                if n == 1 {
                    "word/comments.xml".to_string()
                } else {
                    format!("word/comments{n}.xml")
                }
            });
            let ns = if w.is_empty() {
                format!("xmlns=\"{W_NS}\"")
            } else {
                format!("xmlns:{}=\"{W_NS}\"", w.trim_end_matches(':'))
            };
            pkg.put(
                &p,
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<{w}comments {ns}>{comments}</{w}comments>").into_bytes(),
            );
            add_rels(&mut pkg, &part, &[(REL_COMMENTS, relative(&part, &p))])?;
            types.add_override(&p, CT_COMMENTS);
        }
    }
    types.write(&mut pkg)?;
    pkg.finish()
}

/// Where a comment goes.
enum Anchor {
    /// A whole paragraph.
    Para(Para),
    /// From the first paragraph of a cell to its last.
    Cell(Para, Para),
    /// The words of a paragraph, between two points.
    Words(Para, Point, Point),
}

/// The highest `w:id` of the comments part's comments.
fn max_comment_id(text: &str, part: &str) -> Result<Option<u64>, String> {
    let mut scan = Scan::new(text, part);
    let mut max = None;
    while let Some((event, _, _)) = scan.next()? {
        if let Event::Start(e) | Event::Empty(e) = &event {
            if e.local_name().as_ref() == "comment" {
                let id = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "id")
                    .and_then(|a| a.value.parse::<u64>().ok());
                if let Some(id) = id {
                    max = Some(max.map_or(id, |m: u64| m.max(id)));
                }
            }
        }
    }
    Ok(max)
}

/// One `w:comment`, a paragraph per line of its text.
fn comment_xml(w: &str, id: u64, words: &AnnotateWords, text: &str) -> String {
    let mut xml = format!(
        "<{w}comment {w}id=\"{id}\" {w}author=\"{}\" {w}initials=\"{}\">",
        escape(&words.author),
        escape(&words.initials)
    );
    for line in text.split('\n') {
        if line.is_empty() {
            xml.push_str(&format!("<{w}p/>"));
        } else {
            xml.push_str(&format!(
                "<{w}p><{w}r><{w}t xml:space=\"preserve\">{}</{w}t></{w}r></{w}p>",
                escape(line)
            ));
        }
    }
    xml.push_str(&format!("</{w}comment>"));
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
<w:p><w:pPr><w:pStyle w:val=\"Titre1\"/></w:pPr><w:r><w:t>Plan</w:t></w:r></w:p>\
<w:p/>\
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Canal</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>Budget</w:t></w:r></w:p><w:p><w:r><w:t>HT</w:t></w:r></w:p></w:tc></w:tr>\
<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
<w:p><w:r><w:t xml:space=\"preserve\">Un  texte </w:t></w:r><w:hyperlink><w:r><w:t>cliquez ici</w:t></w:r></w:hyperlink><w:r><w:t xml:space=\"preserve\"> pour voir.</w:t></w:r></w:p>\
<mc:AlternateContent xmlns:mc=\"m\"><mc:Choice/><mc:Fallback><w:p><w:r><w:t>old</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>\
<w:p><w:r><w:drawing><wps:txbx xmlns:wps=\"s\"><w:txbxContent><w:p><w:r><w:t>boîte</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></w:r><w:r><w:t>Après</w:t></w:r></w:p>\
<w:sectPr/></w:body></w:document>";

    #[test]
    fn paragraphs_and_cells_are_counted_as_the_reader_counts_them() {
        let p = places(DOC, "word/document.xml").unwrap();
        assert_eq!(p.w, "w:");
        assert_eq!(
            p.paragraphs.keys().copied().collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!(
            &DOC[p.paragraphs[&1].inner_start..p.paragraphs[&1].inner_end],
            "<w:r><w:t>Plan</w:t></w:r>"
        );
        assert!(p.paragraphs[&2].empty.is_some());
        assert_eq!(
            p.paragraphs[&4]
                .runs
                .iter()
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>(),
            ["", "Après"]
        );
        assert!(p.paragraphs[&3].runs.iter().all(|r| r.simple.is_some()));
        assert!(
            p.paragraphs[&4].runs[0].simple.is_none(),
            "a drawing is not plain text"
        );
        let cells: Vec<_> = p.cells.keys().copied().collect();
        assert_eq!(cells, [(1, 1, 1), (1, 1, 2), (1, 2, 2)]);
        let (first, last) = &p.cells[&(1, 1, 2)];
        assert!(DOC[first.inner_start..first.inner_end].contains("Budget"));
        assert!(DOC[last.inner_start..last.inner_end].contains("HT"));
    }

    #[test]
    fn words_are_found_in_their_runs() {
        let p = places(DOC, "word/document.xml").unwrap();
        let para = &p.paragraphs[&3];
        let text = "Un texte cliquez ici pour voir.";
        let (start, end) = words_in(para, text, (9, 20)).unwrap();
        let (Point::At(start), Point::At(end)) = (start, end) else {
            panic!("{start:?}")
        };
        assert_eq!(&DOC[start..end], "<w:r><w:t>cliquez ici</w:t></w:r>");
        // Inside a run: cut at the word (the run's text keeps its two spaces).
        assert_eq!(
            words_in(para, text, (3, 8)),
            Some((Point::Cut { run: 0, at: 4 }, Point::Cut { run: 0, at: 9 }))
        );
        assert_eq!(
            cut_run("w:", &para.runs[0], &[(4, "[".into()), (9, "]".into())]),
            "<w:r><w:t xml:space=\"preserve\">Un  </w:t></w:r>[<w:r><w:t xml:space=\"preserve\">texte</w:t></w:r>]<w:r><w:t xml:space=\"preserve\"> </w:t></w:r>"
        );
        // The whole paragraph, an empty span, or text that differs: the paragraph.
        assert_eq!(words_in(para, text, (0, text.len())), None);
        assert_eq!(words_in(para, text, (9, 9)), None);
        assert_eq!(words_in(para, "Autre chose", (0, 3)), None);
    }

    fn annotated(notes: &[TextNote<'_>]) -> (String, String) {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, text) in [
            ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
            ("word/document.xml", DOC),
        ] {
            zip.start_file(name, options).unwrap();
            std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let copy = annotate(&bytes, notes, &super::super::test_words()).unwrap();
        let mut pkg = Package::open(&copy).unwrap();
        (
            pkg.text("word/document.xml").unwrap().unwrap(),
            pkg.text("word/comments.xml").unwrap().unwrap(),
        )
    }

    #[test]
    fn comments_wrap_their_paragraph_cell_or_words() {
        let text = "Un texte cliquez ici pour voir.";
        let notes = [
            TextNote {
                anchor: TextAnchor::Paragraph {
                    number: 1,
                    span: None,
                },
                text: "titre".into(),
            },
            TextNote {
                anchor: TextAnchor::Paragraph {
                    number: 2,
                    span: None,
                },
                text: "vide".into(),
            },
            TextNote {
                anchor: TextAnchor::Cell {
                    table: 1,
                    row: 1,
                    column: 2,
                },
                text: "cellule".into(),
            },
            TextNote {
                anchor: TextAnchor::Paragraph {
                    number: 3,
                    span: Some((9, 20, text)),
                },
                text: "lien".into(),
            },
            TextNote {
                anchor: TextAnchor::Whole,
                text: "tout".into(),
            },
            TextNote {
                anchor: TextAnchor::Paragraph {
                    number: 3,
                    span: Some((3, 8, text)),
                },
                text: "mot".into(),
            },
            TextNote {
                anchor: TextAnchor::Paragraph {
                    number: 99,
                    span: None,
                },
                text: "ailleurs".into(),
            },
        ];
        let (doc, comments) = annotated(&notes);
        let s = |id: u32| format!("<w:commentRangeStart w:id=\"{id}\"/>");
        let e = |id: u32| {
            format!(
                "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"
            )
        };
        assert!(doc.contains(&format!("<w:p><w:pPr><w:pStyle w:val=\"Titre1\"/></w:pPr>{}{}<w:r><w:t>Plan</w:t></w:r>{}{}</w:p>", s(0), s(5), e(0), e(5))), "{doc}");
        assert!(
            doc.contains(&format!("<w:p>{}{}</w:p>", s(1), e(1))),
            "{doc}"
        );
        assert!(doc.contains(&format!("<w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p>{}<w:r><w:t>Budget</w:t></w:r></w:p><w:p><w:r><w:t>HT</w:t></w:r>{}</w:p>", s(2), e(2))), "{doc}");
        assert!(
            doc.contains(&format!(
                "<w:hyperlink>{}<w:r><w:t>cliquez ici</w:t></w:r>{}</w:hyperlink>",
                s(3),
                e(3)
            )),
            "{doc}"
        );
        assert!(doc.contains(&format!("<w:p><w:r><w:t xml:space=\"preserve\">Un  </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\">texte</w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> </w:t></w:r><w:hyperlink>", s(4), e(4))), "{doc}");
        // Paragraph 99 does not exist: with the whole document's, on the first paragraph.
        assert!(comments.contains("<w:comment w:id=\"5\" w:author=\"livrable\" w:initials=\"LV\"><w:p><w:r><w:t xml:space=\"preserve\">Sur l&apos;ensemble du document</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">tout</w:t></w:r></w:p><w:p/><w:p><w:r><w:t xml:space=\"preserve\">ailleurs</w:t></w:r></w:p></w:comment>"), "{comments}");
        assert_eq!(comments.matches("<w:comment ").count(), 6);
    }
}
