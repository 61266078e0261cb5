//! What a package says about its parts: relationships, the main document, properties.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::package::Package;
use super::xml::{attr, text_of, Xml};
use super::MAX_ITEMS;

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
