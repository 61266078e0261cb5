//! What OOXML packages (XLSX, DOCX, PPTX) share: relationships (`.rels` parts) and
//! content types (`[Content_Types].xml`), read and extended by splicing.

use std::collections::BTreeSet;

use quick_xml::events::Event;

use super::package::{rels_of, resolve, Package};
use super::xml::{attr, escape, Edits, Scan};

const REL_OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

/// The main part named by the package relationships (`xl/workbook.xml`,
/// `word/document.xml`, `ppt/presentation.xml`), else `default`.
pub(super) fn main_part(pkg: &mut Package<'_>, default: &str) -> Result<String, String> {
    let rels = read_rels(pkg, "_rels/.rels")?;
    Ok(rels
        .into_iter()
        .find(|r| r.kind == REL_OFFICE_DOCUMENT)
        .map(|r| resolve("", &r.target))
        .unwrap_or_else(|| default.to_string()))
}

/// One relationship of a `.rels` part.
#[derive(Debug, Clone)]
pub(super) struct Rel {
    pub id: String,
    pub kind: String,
    pub target: String,
}

/// The relationships of a `.rels` part (none when the part is missing).
pub(super) fn read_rels(pkg: &mut Package<'_>, part: &str) -> Result<Vec<Rel>, String> {
    let Some(text) = pkg.text(part)? else {
        return Ok(Vec::new());
    };
    let mut scan = Scan::new(&text, part);
    let mut rels = Vec::new();
    while let Some((event, _, _)) = scan.next()? {
        if let Event::Start(e) | Event::Empty(e) = &event {
            if e.local_name().as_ref() == "Relationship" {
                if let (Some(id), Some(kind), Some(target)) =
                    (attr(e, "Id"), attr(e, "Type"), attr(e, "Target"))
                {
                    rels.push(Rel { id, kind, target });
                }
            }
        }
    }
    Ok(rels)
}

/// Adds relationships to a `.rels` part (created when missing); returns their ids, fresh
/// in the part.
pub(super) fn add_rels(
    pkg: &mut Package<'_>,
    part: &str,
    new: &[(&str, String)],
) -> Result<Vec<String>, String> {
    let rels_part = rels_of(part);
    let existing = read_rels(pkg, &rels_part)?;
    let mut ids = Vec::new();
    let mut xml = String::new();
    let mut n = 1;
    for (kind, target) in new {
        let id = loop {
            let id = format!("rIdLivrable{n}");
            n += 1;
            if !existing.iter().any(|r| r.id == id) {
                break id;
            }
        };
        xml.push_str(&format!(
            "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{}\"/>",
            escape(target)
        ));
        ids.push(id);
    }
    let text = match pkg.text(&rels_part)? {
        Some(text) => {
            let at = close_of(&text, &rels_part, "Relationships")?;
            let mut edits = Edits::default();
            match at {
                Close::End(at) => edits.insert(at, xml),
                Close::Empty(range, tag) => edits.replace(range, format!("{tag}{xml}</Relationships>")),
            }
            edits.apply(&text)
        }
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{xml}</Relationships>"
        ),
    };
    pkg.put(&rels_part, text.into_bytes());
    Ok(ids)
}

/// Where the content of an element ends: before its end tag, or its empty tag to open.
pub(super) enum Close {
    End(usize),
    /// The empty tag's range and the same tag written as a start tag.
    Empty(std::ops::Range<usize>, String),
}

/// The end of the first element with this local name (at any depth).
pub(super) fn close_of(text: &str, part: &str, local: &str) -> Result<Close, String> {
    let mut scan = Scan::new(text, part);
    let mut open = None;
    while let Some((event, range, depth)) = scan.next()? {
        match &event {
            Event::Empty(e) if e.local_name().as_ref() == local && open.is_none() => {
                let tag = text[range.clone()]
                    .trim_end_matches("/>")
                    .trim_end()
                    .to_string()
                    + ">";
                return Ok(Close::Empty(range, tag));
            }
            Event::Start(e) if e.local_name().as_ref() == local && open.is_none() => {
                open = Some(depth)
            }
            Event::End(e) if e.local_name().as_ref() == local && open == Some(depth) => {
                return Ok(Close::End(range.start))
            }
            _ => {}
        }
    }
    Err(format!("part {part} has no {local} element"))
}

/// The content types to declare for the parts added.
#[derive(Default)]
pub(super) struct ContentTypes {
    overrides: Vec<(String, &'static str)>,
    defaults: Vec<(&'static str, &'static str)>,
}

impl ContentTypes {
    pub(super) fn add_override(&mut self, part: &str, kind: &'static str) {
        self.overrides
            .push((format!("/{}", part.trim_start_matches('/')), kind));
    }

    pub(super) fn add_default(&mut self, extension: &'static str, kind: &'static str) {
        if !self.defaults.iter().any(|(e, _)| *e == extension) {
            self.defaults.push((extension, kind));
        }
    }

    /// Writes the declarations that `[Content_Types].xml` lacks.
    pub(super) fn write(self, pkg: &mut Package<'_>) -> Result<(), String> {
        if self.overrides.is_empty() && self.defaults.is_empty() {
            return Ok(());
        }
        let part = "[Content_Types].xml";
        let text = pkg
            .text(part)?
            .ok_or("the package has no [Content_Types].xml")?;
        let mut defaults = BTreeSet::new();
        let mut overrides = BTreeSet::new();
        let mut scan = Scan::new(&text, part);
        while let Some((event, _, _)) = scan.next()? {
            if let Event::Start(e) | Event::Empty(e) = &event {
                match e.local_name().as_ref() {
                    "Default" => {
                        defaults.extend(attr(e, "Extension").map(|x| x.to_ascii_lowercase()))
                    }
                    "Override" => {
                        overrides.extend(attr(e, "PartName").map(|x| x.to_ascii_lowercase()))
                    }
                    _ => {}
                }
            }
        }
        let mut xml = String::new();
        for (ext, kind) in self.defaults {
            if !defaults.contains(ext) {
                xml.push_str(&format!(
                    "<Default Extension=\"{ext}\" ContentType=\"{kind}\"/>"
                ));
            }
        }
        for (name, kind) in self.overrides {
            if !overrides.contains(&name.to_ascii_lowercase()) {
                xml.push_str(&format!(
                    "<Override PartName=\"{}\" ContentType=\"{kind}\"/>",
                    escape(&name)
                ));
            }
        }
        if xml.is_empty() {
            return Ok(());
        }
        let mut edits = Edits::default();
        match close_of(&text, part, "Types")? {
            Close::End(at) => edits.insert(at, xml),
            Close::Empty(range, tag) => edits.replace(range, format!("{tag}{xml}</Types>")),
        }
        pkg.put(part, edits.apply(&text).into_bytes());
        Ok(())
    }
}
