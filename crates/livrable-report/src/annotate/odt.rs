//! ODT: each finding becomes a LibreOffice comment (`office:annotation`) on its place:
//! the body paragraph (from its start to its `office:annotation-end`), the very words
//! when the finding points at words and the paragraph's text nodes give back the reader's
//! text, or a table cell (from its first paragraph to its last); findings on the whole
//! document go in one comment on the first paragraph. Only `content.xml` is edited.
//!
//! Paragraphs and table cells are counted as the ODT reader counts them (see
//! [`livrable_model::Location::paragraph`] and [`livrable_model::TableCell`]): the
//! `text:p` and `text:h` of the body outside tables, frames' text boxes and shapes, notes
//! and annotations.

use std::collections::BTreeMap;
use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::name::QName;

use super::odf::Names;
use super::package::Package;
use super::xml::{attr_local, text_of, Edits, Scan};
use super::{AnnotateWords, TextAnchor, TextNote};

/// What the reader skips, with everything inside: not the document's visible content.
const SKIPPED: &[&str] = &[
    "number",
    "note",
    "annotation",
    "tracked-changes",
    "sequence-decls",
    "variable-decls",
    "user-field-decls",
    "forms",
    "font-face-decls",
    "scripts",
    "page-thumbnail",
    "event-listeners",
];

/// Drawing shapes whose text is read apart from the body (with the `draw` prefix).
const SHAPES: &[&str] = &[
    "text-box",
    "custom-shape",
    "rect",
    "circle",
    "ellipse",
    "polygon",
    "polyline",
    "path",
    "line",
    "connector",
    "caption",
    "measure",
    "regular-polygon",
];

/// The reader's bound on a cell's repetition (`table:number-columns-repeated`).
const MAX_SPAN: u32 = 64;

/// Where a paragraph's annotation and its end go.
#[derive(Debug, Clone)]
struct Para {
    /// After the start tag.
    inner_start: usize,
    /// Before the end tag.
    inner_end: usize,
    /// The range of `<text:p/>` when the paragraph is empty.
    empty: Option<Range<usize>>,
    /// Its text as written, for anchoring on words: each character with the range of
    /// `content.xml` that writes it (one character of a text node, or a whole entity
    /// reference), `None` for the spaces of `text:s`, `text:tab` and `text:line-break`.
    chars: Vec<(char, Option<Range<usize>>)>,
}

/// A cell of a body table: its paragraphs, or (when it has none) where one can go.
#[derive(Debug, Clone)]
enum CellPlace {
    Paragraphs(Para, Para),
    /// Before the cell's end tag, or the range of `<table:table-cell/>`.
    Empty {
        at: usize,
        element: Option<Range<usize>>,
    },
}

#[derive(Debug, Default)]
struct Places {
    paragraphs: BTreeMap<u32, Para>,
    cells: BTreeMap<(u32, u32, u32), CellPlace>,
    /// The first paragraph of the text, in a table or not.
    first: Option<Para>,
    /// Where the root start tag is (to declare missing namespaces).
    root: Range<usize>,
    names: Option<Names>,
}

struct Table {
    number: Option<u32>,
    row: u32,
    column: u32,
    /// The open cell: its column and its paragraphs.
    cell: Option<(u32, Vec<Para>)>,
}

/// True for an element of the `draw` prefix, as the reader tells drawing elements apart.
fn is_draw(name: QName<'_>) -> bool {
    name.prefix().is_some_and(|p| p.as_ref() == "draw")
}

fn places(text: &str, part: &str) -> Result<Places, String> {
    let mut scan = Scan::new(text, part);
    let mut out = Places::default();
    let mut skipped: Option<usize> = None;
    let mut in_text: Option<usize> = None;
    let mut shapes = 0usize;
    let mut tables: Vec<Table> = Vec::new();
    let mut nested = 0usize;
    let mut body_tables = 0u32;
    let mut paragraphs = 0u32;
    let mut para: Option<(Para, usize)> = None;
    while let Some((event, range, depth)) = scan.next()? {
        if let Some(d) = skipped {
            if matches!(event, Event::End(_)) && depth == d {
                skipped = None;
            }
            continue;
        }
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(e) if depth == 0 => {
                out.root = range.clone();
                out.names = Some(Names::of(e));
            }
            // The body's `office:text` (not a `text:`-prefixed element).
            Event::Start(e)
                if in_text.is_none()
                    && out
                        .names
                        .as_ref()
                        .is_some_and(|n| e.name().as_ref() == format!("{}:text", n.office)) =>
            {
                in_text = Some(depth);
            }
            Event::End(e) if in_text == Some(depth) && e.local_name().as_ref() == "text" => {
                in_text = None;
            }
            _ if in_text.is_none() => {}
            Event::Start(e) if SKIPPED.contains(&e.local_name().as_ref()) => skipped = Some(depth),
            Event::Start(e) if is_draw(e.name()) && SHAPES.contains(&e.local_name().as_ref()) => {
                shapes += 1
            }
            Event::End(e) if is_draw(e.name()) && SHAPES.contains(&e.local_name().as_ref()) => {
                shapes = shapes.saturating_sub(1)
            }
            Event::Start(e) if e.local_name().as_ref() == "table" && !is_draw(e.name()) => {
                if tables.is_empty() && shapes == 0 {
                    body_tables += 1;
                    tables.push(Table {
                        number: Some(body_tables),
                        row: 0,
                        column: 1,
                        cell: None,
                    });
                } else if shapes > 0 && tables.is_empty() {
                    // A table in a text box: not the body's.
                    tables.push(Table {
                        number: None,
                        row: 0,
                        column: 1,
                        cell: None,
                    });
                } else {
                    nested += 1;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "table" && !is_draw(e.name()) => {
                if nested > 0 {
                    nested -= 1;
                } else {
                    tables.pop();
                }
            }
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "table-row" && nested == 0 =>
            {
                if let Some(t) = tables.last_mut() {
                    t.row += 1;
                    t.column = 1;
                }
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(e.local_name().as_ref(), "table-cell" | "covered-table-cell")
                    && nested == 0
                    && !is_draw(e.name()) =>
            {
                if let Some(t) = tables.last_mut() {
                    let repeat = attr_local(e, "number-columns-repeated")
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .unwrap_or(1)
                        .clamp(1, MAX_SPAN);
                    let column = t.column;
                    t.column += repeat;
                    if empty {
                        if let Some(number) = t.number {
                            out.cells.insert(
                                (number, t.row, column),
                                CellPlace::Empty {
                                    at: range.start,
                                    element: Some(range.clone()),
                                },
                            );
                        }
                    } else {
                        t.cell = Some((column, Vec::new()));
                    }
                }
            }
            Event::End(e)
                if matches!(e.local_name().as_ref(), "table-cell" | "covered-table-cell")
                    && nested == 0
                    && !is_draw(e.name()) =>
            {
                if let Some(t) = tables.last_mut() {
                    if let (Some((column, paras)), Some(number)) = (t.cell.take(), t.number) {
                        let place = match (paras.first(), paras.last()) {
                            (Some(first), Some(last)) => {
                                CellPlace::Paragraphs(first.clone(), last.clone())
                            }
                            _ => CellPlace::Empty {
                                at: range.start,
                                element: None,
                            },
                        };
                        out.cells.insert((number, t.row, column), place);
                    }
                }
            }
            Event::Empty(e) if matches!(e.local_name().as_ref(), "p" | "h") => {
                let p = Para {
                    inner_start: range.start,
                    inner_end: range.start,
                    empty: Some(range.clone()),
                    chars: Vec::new(),
                };
                file(&mut out, &mut tables, shapes, &mut paragraphs, p);
            }
            Event::Start(e) if matches!(e.local_name().as_ref(), "p" | "h") && para.is_none() => {
                para = Some((
                    Para {
                        inner_start: range.end,
                        inner_end: range.end,
                        empty: None,
                        chars: Vec::new(),
                    },
                    depth,
                ));
            }
            // The paragraph's own text (a frame's or a shape's inside it is not).
            Event::Text(_) if shapes == 0 => {
                if let Some((p, _)) = para.as_mut() {
                    let raw = &text[range.clone()];
                    p.chars.extend(raw.char_indices().map(|(i, c)| {
                        let at = range.start + i;
                        (c, Some(at..at + c.len_utf8()))
                    }));
                }
            }
            Event::GeneralRef(_) if shapes == 0 => {
                if let (Some((p, _)), Some(s)) = (para.as_mut(), text_of(&event)) {
                    p.chars.extend(s.chars().map(|c| (c, Some(range.clone()))));
                }
            }
            Event::Start(e) | Event::Empty(e)
                if shapes == 0 && matches!(e.local_name().as_ref(), "s" | "tab" | "line-break") =>
            {
                if let Some((p, _)) = para.as_mut() {
                    p.chars.push((' ', None));
                }
            }
            Event::End(e)
                if matches!(e.local_name().as_ref(), "p" | "h")
                    && para.as_ref().is_some_and(|(_, d)| *d == depth) =>
            {
                if let Some((mut p, _)) = para.take() {
                    p.inner_end = range.start;
                    file(&mut out, &mut tables, shapes, &mut paragraphs, p);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Files a paragraph just read: a body paragraph gets its number, a cell's goes to its
/// cell.
fn file(out: &mut Places, tables: &mut [Table], shapes: usize, paragraphs: &mut u32, p: Para) {
    if out.first.is_none() && shapes == 0 {
        out.first = Some(p.clone());
    }
    match tables.last_mut() {
        None if shapes == 0 => {
            *paragraphs += 1;
            out.paragraphs.insert(*paragraphs, p);
        }
        None => {}
        Some(t) => {
            if let Some((_, paras)) = t.cell.as_mut() {
                if shapes == 0 || t.number.is_none() {
                    paras.push(p);
                }
            }
        }
    }
}

pub(super) fn annotate(
    bytes: &[u8],
    notes: &[TextNote<'_>],
    words: &AnnotateWords,
) -> Result<Vec<u8>, String> {
    let mut pkg = Package::open(bytes)?;
    let part = "content.xml";
    let text = pkg
        .text(part)?
        .ok_or("the file has no content.xml (not an OpenDocument text)")?;
    let places = places(&text, part)?;
    let names = places
        .names
        .as_ref()
        .ok_or("content.xml has no root element")?;
    let mut edits = Edits::default();
    if !names.missing.is_empty() {
        let tag = &text[places.root.clone()];
        edits.replace(
            places.root.clone(),
            format!("{}{}>", &tag[..tag.len() - 1], names.missing),
        );
    }
    let mut whole: Vec<&str> = Vec::new();
    let mut placed: Vec<(Target, &str)> = Vec::new();
    for note in notes {
        let target = match &note.anchor {
            TextAnchor::Paragraph { number, span } => places.paragraphs.get(number).map(|p| {
                match span.and_then(|(s, e, text)| words_in(p, text, (s, e))) {
                    Some(words) => Target::Words(words),
                    None => Target::Para(p.clone(), p.clone()),
                }
            }),
            TextAnchor::Cell { table, row, column } => {
                places.cells.get(&(*table, *row, *column)).map(|c| match c {
                    CellPlace::Paragraphs(first, last) => Target::Para(first.clone(), last.clone()),
                    CellPlace::Empty { at, element } => Target::EmptyCell(*at, element.clone()),
                })
            }
            TextAnchor::Whole => None,
        };
        match target {
            Some(t) => placed.push((t, note.text.as_str())),
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
        placed.push((
            Target::Para(first.clone(), first.clone()),
            whole_text.as_str(),
        ));
    }
    let o = &names.office;
    let t = &names.text;
    let mut taken = 0usize;
    let mut fresh = || loop {
        taken += 1;
        let name = format!("livrable-{taken}");
        if !text.contains(&format!("\"{name}\"")) {
            break name;
        }
    };
    // Paragraphs written again whole (empty ones, and empty cells): by position.
    let mut rewritten: BTreeMap<usize, (Range<usize>, String, String)> = BTreeMap::new();
    for (target, note) in placed {
        match target {
            Target::Para(first, last) => {
                let name = fresh();
                let start = names.annotation(&words.author, note, Some(&name));
                let end = format!("<{o}:annotation-end {o}:name=\"{name}\"/>");
                match &first.empty {
                    Some(r) => rewritten
                        .entry(r.start)
                        .or_insert_with(|| (r.clone(), String::new(), String::new()))
                        .1
                        .push_str(&start),
                    None => edits.insert(first.inner_start, start),
                }
                match &last.empty {
                    Some(r) => rewritten
                        .entry(r.start)
                        .or_insert_with(|| (r.clone(), String::new(), String::new()))
                        .2
                        .push_str(&end),
                    None => edits.insert(last.inner_end, end),
                }
            }
            Target::Words(span) => {
                let name = fresh();
                edits.insert(
                    span.start,
                    names.annotation(&words.author, note, Some(&name)),
                );
                edits.insert(
                    span.end,
                    format!("<{o}:annotation-end {o}:name=\"{name}\"/>"),
                );
            }
            Target::EmptyCell(at, element) => {
                let paragraph = format!(
                    "<{t}:p>{}</{t}:p>",
                    names.annotation(&words.author, note, None)
                );
                match element {
                    Some(r) => rewritten
                        .entry(r.start)
                        .or_insert_with(|| (r.clone(), String::new(), String::new()))
                        .1
                        .push_str(&paragraph),
                    None => edits.insert(at, paragraph),
                }
            }
        }
    }
    for (_, (range, starts, ends)) in rewritten {
        let tag = &text[range.clone()];
        let name = tag[1..]
            .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .next()
            .unwrap_or_default()
            .to_string();
        edits.replace(
            range.clone(),
            format!("{}{starts}{ends}</{name}>", super::xlsx::opened(tag)),
        );
    }
    pkg.put(part, edits.apply(&text).into_bytes());
    pkg.finish()
}

/// Where, in `content.xml`, a comment on the words at `span` (byte offsets in the
/// paragraph's text as the reader extracts it) starts and ends: before the first of
/// those characters and after the last. `None` when the paragraph's characters, white
/// space collapsed and control characters dropped as the reader does, do not give back
/// the reader's text (a field, a frame's title), or when the span is empty or the whole
/// paragraph (the paragraph's comment says the same).
fn words_in(p: &Para, paragraph_text: &str, span: (usize, usize)) -> Option<Range<usize>> {
    let mut text = String::new();
    let mut space = false;
    // Each visible character's offset in the rebuilt text, and where it is written.
    let mut marks: Vec<(usize, &Range<usize>)> = Vec::new();
    for (c, at) in &p.chars {
        if c.is_whitespace() {
            space = !text.is_empty();
            continue;
        }
        let Some(at) = at else { continue };
        if c.is_control() || *c == '\u{feff}' || *c == '\u{ad}' {
            continue;
        }
        if space {
            text.push(' ');
            space = false;
        }
        marks.push((text.len(), at));
        text.push(*c);
    }
    let (from, to) = span;
    if text != paragraph_text || from >= to || (from == 0 && to >= text.len()) {
        return None;
    }
    let first = marks.iter().find(|m| m.0 >= from)?;
    let last = marks.iter().rev().find(|m| m.0 < to)?;
    (first.1.start < last.1.end).then_some(first.1.start..last.1.end)
}

/// Where an annotation goes.
enum Target {
    /// From the start of one paragraph to the end of another (or the same).
    Para(Para, Para),
    /// Around words of a paragraph: this range of `content.xml`.
    Words(Range<usize>),
    /// A cell without paragraphs: a paragraph holding the annotation is added, before its
    /// end tag or in its empty element.
    EmptyCell(usize, Option<Range<usize>>),
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\"><office:body><office:text>\
<text:sequence-decls><text:sequence-decl text:name=\"Illustration\"/></text:sequence-decls>\
<text:h text:outline-level=\"1\">Plan</text:h>\
<text:p>Texte<text:note><text:note-body><text:p>note</text:p></text:note-body></text:note></text:p>\
<text:p><draw:frame><draw:text-box><text:p>boîte</text:p></draw:text-box></draw:frame></text:p>\
<table:table><table:table-row><table:table-cell table:number-columns-repeated=\"2\"><text:p>a</text:p></table:table-cell><table:table-cell/></table:table-row></table:table>\
<text:list><text:list-item><text:p/></text:list-item></text:list>\
<text:p>Le <text:span>programe</text:span> &amp; la<text:s/>suite</text:p>\
</office:text></office:body></office:document-content>";

    #[test]
    fn paragraphs_and_cells_are_counted_as_the_reader_counts_them() {
        let p = places(BODY, "content.xml").unwrap();
        assert_eq!(
            p.paragraphs.keys().copied().collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        let text = |n: u32| &BODY[p.paragraphs[&n].inner_start..p.paragraphs[&n].inner_end];
        assert_eq!(text(1), "Plan");
        assert!(text(2).starts_with("Texte<text:note>"));
        assert!(p.paragraphs[&4].empty.is_some());
        assert_eq!(
            p.cells.keys().copied().collect::<Vec<_>>(),
            [(1, 1, 1), (1, 1, 3)]
        );
        assert!(p.names.unwrap().missing.contains("xmlns:dc="));
    }

    #[test]
    fn annotations_span_their_paragraph_or_cell() {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("content.xml", options).unwrap();
        std::io::Write::write_all(&mut zip, BODY.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
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
                    number: 4,
                    span: None,
                },
                text: "vide".into(),
            },
            TextNote {
                anchor: TextAnchor::Cell {
                    table: 1,
                    row: 1,
                    column: 3,
                },
                text: "cellule".into(),
            },
            TextNote {
                anchor: TextAnchor::Whole,
                text: "tout".into(),
            },
            TextNote {
                anchor: TextAnchor::Paragraph {
                    number: 5,
                    span: Some((3, 11, "Le programe & la suite")),
                },
                text: "mot".into(),
            },
            TextNote {
                anchor: TextAnchor::Paragraph {
                    number: 5,
                    span: Some((12, 16, "Le programe & la suite")),
                },
                text: "et".into(),
            },
        ];
        let copy = annotate(&bytes, &notes, &super::super::test_words()).unwrap();
        let out = Package::open(&copy)
            .unwrap()
            .text("content.xml")
            .unwrap()
            .unwrap();
        let a = |name: &str, text: &str| {
            format!("<office:annotation office:name=\"{name}\"><dc:creator>livrable</dc:creator>{text}</office:annotation>")
        };
        let end = |name: &str| format!("<office:annotation-end office:name=\"{name}\"/>");
        assert!(
            out.contains("xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"),
            "{out}"
        );
        assert!(
            out.contains(&format!(
                "<text:h text:outline-level=\"1\">{}{}Plan{}{}</text:h>",
                a("livrable-1", "<text:p>titre</text:p>"),
                a(
                    "livrable-5",
                    "<text:p>Sur l&apos;ensemble du document</text:p><text:p>tout</text:p>"
                ),
                end("livrable-1"),
                end("livrable-5")
            )),
            "{out}"
        );
        assert!(
            out.contains(&format!(
                "<text:list-item><text:p>{}{}</text:p>",
                a("livrable-2", "<text:p>vide</text:p>"),
                end("livrable-2")
            )),
            "{out}"
        );
        assert!(out.contains("<table:table-cell><text:p><office:annotation><dc:creator>livrable</dc:creator><text:p>cellule</text:p></office:annotation></text:p></table:table-cell>"), "{out}");
        // On the words: inside the span, and around an entity and its neighbour.
        assert!(
            out.contains(&format!(
                "<text:p>Le <text:span>{}programe{}</text:span> {}&amp; la{}<text:s/>suite</text:p>",
                a("livrable-3", "<text:p>mot</text:p>"),
                end("livrable-3"),
                a("livrable-4", "<text:p>et</text:p>"),
                end("livrable-4"),
            )),
            "{out}"
        );
        // Text that is not the reader's: the paragraph.
        let p = places(BODY, "content.xml").unwrap();
        assert_eq!(words_in(&p.paragraphs[&5], "Autre", (0, 2)), None);
        assert_eq!(
            words_in(&p.paragraphs[&5], "Le programe & la suite", (0, 22)),
            None
        );
    }
}
