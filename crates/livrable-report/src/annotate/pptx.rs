//! PPTX: each finding becomes a comment on its slide (PresentationML comments: a
//! `p:cm` in the slide's comments part, by the author « livrable » of
//! `commentAuthors.xml`), placed at the top left corner of the shape it is about when the
//! finding names one; findings on the whole deck go in one comment on the first slide.
//!
//! Which comments: the PresentationML comments of ECMA-376, which PowerPoint 2007 to 2019
//! and LibreOffice Impress show as comments, and PowerPoint 365 as « legacy comments »
//! (shown, and turned into its newer threaded comments when answered). The newer kind
//! (`modernComment` parts) is Microsoft's own extension, which LibreOffice does not read.
//!
//! What is edited: the annotated slides' relationships; `ppt/commentAuthors.xml` and one
//! comments part per annotated slide are added (or extended, when the deck already has
//! comments), with the presentation's relationships and `[Content_Types].xml`. The slides
//! themselves are not changed.

use std::collections::BTreeMap;

use quick_xml::events::Event;

use super::opc::{add_rels, close_of, main_part, read_rels, Close, ContentTypes};
use super::package::{relative, rels_of, resolve, Package};
use super::xml::{attr, escape, Edits, Scan};
use super::{AnnotateWords, SlideNote};

const P_NS: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const REL_SLIDE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide";
const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const REL_AUTHORS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/commentAuthors";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.presentationml.comments+xml";
const CT_AUTHORS: &str =
    "application/vnd.openxmlformats-officedocument.presentationml.commentAuthors+xml";

/// EMU (the slide's unit) per unit of a comment's position (1/576 inch, PowerPoint's
/// « master » unit).
const EMU_PER_POS: i64 = 1587;

/// The comments' date: the format requires one; a fixed one keeps copies reproducible.
const DATE: &str = "2000-01-01T00:00:00.000";

pub(super) fn annotate(
    bytes: &[u8],
    notes: &[SlideNote<'_>],
    words: &AnnotateWords,
) -> Result<Vec<u8>, String> {
    let mut pkg = Package::open(bytes)?;
    let presentation = main_part(&mut pkg, "ppt/presentation.xml")?;
    let slides = slides(&mut pkg, &presentation)?;
    if slides.is_empty() {
        return Err("the presentation has no slide".into());
    }
    // Comments by slide index; the whole deck's gathered on the first slide.
    let mut by_slide: BTreeMap<usize, Vec<(Option<&str>, String)>> = BTreeMap::new();
    let mut whole: Vec<&str> = Vec::new();
    for note in notes {
        match note
            .slide
            .and_then(|s| s.checked_sub(1))
            .map(|s| s as usize)
        {
            Some(i) if i < slides.len() => by_slide
                .entry(i)
                .or_default()
                .push((note.shape, note.text.clone())),
            _ => whole.push(&note.text),
        }
    }
    if !whole.is_empty() {
        by_slide.entry(0).or_default().push((
            None,
            super::joined(Some(&words.whole_document), whole.iter().copied()),
        ));
    }
    let mut types = ContentTypes::default();
    let (author, mut last_idx) = author(&mut pkg, &presentation, words, &mut types)?;
    for (i, comments) in &by_slide {
        let slide = &slides[*i];
        let text = pkg
            .text(slide)?
            .ok_or_else(|| format!("part {slide} is missing"))?;
        let origins = shape_origins(&text, slide)?;
        let mut xml = String::new();
        for (n, (shape, comment)) in comments.iter().enumerate() {
            last_idx += 1;
            // At the shape's corner, else down the left edge, one below the other.
            let (x, y) = shape
                .and_then(|s| origins.get(s))
                .map(|(x, y)| (x / EMU_PER_POS, y / EMU_PER_POS))
                .unwrap_or((10, 10 + 120 * n as i64));
            xml.push_str(&format!(
                "<p:cm authorId=\"{author}\" dt=\"{DATE}\" idx=\"{last_idx}\"><p:pos x=\"{x}\" y=\"{y}\"/><p:text>{}</p:text></p:cm>",
                escape(comment)
            ));
        }
        let rels = read_rels(&mut pkg, &rels_of(slide))?;
        match rels.iter().find(|r| r.kind == REL_COMMENTS) {
            Some(rel) => {
                let part = resolve(slide, &rel.target);
                let existing = pkg
                    .text(&part)?
                    .ok_or_else(|| format!("part {part} is missing"))?;
                let p = prefix_of_root(&existing);
                let xml = with_prefix(&xml, &p);
                let mut edits = Edits::default();
                match close_of(&existing, &part, "cmLst")? {
                    Close::End(at) => edits.insert(at, xml),
                    Close::Empty(range, tag) => {
                        edits.replace(range, format!("{tag}{xml}</{p}cmLst>"))
                    }
                }
                pkg.put(&part, edits.apply(&existing).into_bytes());
            }
            None => {
                let part = pkg.free_name(|n| format!("ppt/comments/comment{n}.xml"));
                pkg.put(
                    &part,
                    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<p:cmLst xmlns:p=\"{P_NS}\">{xml}</p:cmLst>").into_bytes(),
                );
                add_rels(&mut pkg, slide, &[(REL_COMMENTS, relative(slide, &part))])?;
                types.add_override(&part, CT_COMMENTS);
            }
        }
    }
    set_last_idx(&mut pkg, &presentation, author, last_idx)?;
    types.write(&mut pkg)?;
    pkg.finish()
}

/// The slides' parts, in the deck's order.
fn slides(pkg: &mut Package<'_>, presentation: &str) -> Result<Vec<String>, String> {
    let rels = read_rels(pkg, &rels_of(presentation))?;
    let text = pkg
        .text(presentation)?
        .ok_or_else(|| format!("part {presentation} is missing"))?;
    let mut scan = Scan::new(&text, presentation);
    let mut out = Vec::new();
    while let Some((event, _, _)) = scan.next()? {
        if let Event::Start(e) | Event::Empty(e) = &event {
            if e.local_name().as_ref() == "sldId" {
                let id = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .find(|a| a.key.prefix().is_some() && a.key.local_name().as_ref() == "id")
                    .map(|a| a.value.into_owned());
                if let Some(rel) =
                    id.and_then(|id| rels.iter().find(|r| r.id == id && r.kind == REL_SLIDE))
                {
                    out.push(resolve(presentation, &rel.target));
                }
            }
        }
    }
    Ok(out)
}

/// The top left corner (EMU) of each named shape of a slide: the first `a:off` after its
/// `p:cNvPr`.
fn shape_origins(text: &str, part: &str) -> Result<BTreeMap<String, (i64, i64)>, String> {
    let mut scan = Scan::new(text, part);
    let mut out = BTreeMap::new();
    let mut name: Option<String> = None;
    while let Some((event, _, _)) = scan.next()? {
        if let Event::Start(e) | Event::Empty(e) = &event {
            match e.local_name().as_ref() {
                "cNvPr" => name = attr(e, "name").filter(|n| !n.is_empty()),
                "off" => {
                    if let Some(n) = name.take() {
                        let v = |a| attr(e, a).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
                        out.entry(n).or_insert((v("x").max(0), v("y").max(0)));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(out)
}

/// Our comments' XML with the prefix `p` the existing part uses.
fn with_prefix(xml: &str, p: &str) -> String {
    if p == "p:" {
        xml.to_string()
    } else {
        xml.replace("<p:", &format!("<{p}"))
            .replace("</p:", &format!("</{p}"))
    }
}

/// The id of the author « livrable » in `commentAuthors.xml` (added, with the part when
/// the deck has none), and the last comment index used for it.
fn author(
    pkg: &mut Package<'_>,
    presentation: &str,
    words: &AnnotateWords,
    types: &mut ContentTypes,
) -> Result<(u64, u64), String> {
    let rels = read_rels(pkg, &rels_of(presentation))?;
    let Some(rel) = rels.iter().find(|r| r.kind == REL_AUTHORS) else {
        let part = pkg.free_name(|n| {
            if n == 1 {
                "ppt/commentAuthors.xml".into()
            } else {
                format!("ppt/commentAuthors{n}.xml")
            }
        });
        pkg.put(
            &part,
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<p:cmAuthorLst xmlns:p=\"{P_NS}\"><p:cmAuthor id=\"0\" name=\"{}\" initials=\"{}\" lastIdx=\"0\" clrIdx=\"0\"/></p:cmAuthorLst>",
                escape(&words.author),
                escape(&words.initials)
            )
            .into_bytes(),
        );
        add_rels(
            pkg,
            presentation,
            &[(REL_AUTHORS, relative(presentation, &part))],
        )?;
        types.add_override(&part, CT_AUTHORS);
        return Ok((0, 0));
    };
    let part = resolve(presentation, &rel.target);
    let text = pkg
        .text(&part)?
        .ok_or_else(|| format!("part {part} is missing"))?;
    let mut scan = Scan::new(&text, &part);
    let mut ids = Vec::new();
    let mut ours = None;
    while let Some((event, _, _)) = scan.next()? {
        if let Event::Start(e) | Event::Empty(e) = &event {
            if e.local_name().as_ref() == "cmAuthor" {
                let id = attr(e, "id")
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
                ids.push(id);
                if attr(e, "name").as_deref() == Some(words.author.as_str()) {
                    let last = attr(e, "lastIdx").and_then(|v| v.parse().ok()).unwrap_or(0);
                    ours = Some((id, last));
                }
            }
        }
    }
    if let Some(found) = ours {
        return Ok(found);
    }
    let id = ids.iter().max().map_or(0, |m| m + 1);
    let p = prefix_of_root(&text);
    let author = format!(
        "<{p}cmAuthor id=\"{id}\" name=\"{}\" initials=\"{}\" lastIdx=\"0\" clrIdx=\"{id}\"/>",
        escape(&words.author),
        escape(&words.initials)
    );
    let mut edits = Edits::default();
    match close_of(&text, &part, "cmAuthorLst")? {
        Close::End(at) => edits.insert(at, author),
        Close::Empty(range, tag) => edits.replace(range, format!("{tag}{author}</{p}cmAuthorLst>")),
    }
    pkg.put(&part, edits.apply(&text).into_bytes());
    Ok((id, 0))
}

/// The root element's prefix of a part (`p:`), or none.
fn prefix_of_root(text: &str) -> String {
    let mut scan = Scan::new(text, "");
    while let Ok(Some((event, _, _))) = scan.next() {
        if let Event::Start(e) | Event::Empty(e) = &event {
            return e
                .name()
                .as_ref()
                .split_once(':')
                .map(|(p, _)| format!("{p}:"))
                .unwrap_or_default();
        }
    }
    String::new()
}

/// Sets the author's `lastIdx` to the last comment index written.
fn set_last_idx(
    pkg: &mut Package<'_>,
    presentation: &str,
    author: u64,
    last: u64,
) -> Result<(), String> {
    let rels = read_rels(pkg, &rels_of(presentation))?;
    let Some(rel) = rels.iter().find(|r| r.kind == REL_AUTHORS) else {
        return Ok(());
    };
    let part = resolve(presentation, &rel.target);
    let text = pkg
        .text(&part)?
        .ok_or_else(|| format!("part {part} is missing"))?;
    let mut scan = Scan::new(&text, &part);
    let mut edits = Edits::default();
    while let Some((event, range, _)) = scan.next()? {
        if let Event::Empty(e) | Event::Start(e) = &event {
            if e.local_name().as_ref() == "cmAuthor"
                && attr(e, "id").and_then(|v| v.parse::<u64>().ok()) == Some(author)
            {
                let empty = matches!(event, Event::Empty(_));
                edits.replace(
                    range,
                    super::xml::set_attr(e, "lastIdx", &last.to_string(), empty),
                );
            }
        }
    }
    pkg.put(&part, edits.apply(&text).into_bytes());
    Ok(())
}
