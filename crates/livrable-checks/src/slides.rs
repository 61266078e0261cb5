//! `slides/…`: does every slide of a deck have a title?
//!
//! # What it checks
//!
//! On presentations only (PPTX and ODP; any other format gives nothing), the slides that
//! have no title. The readers give each slide's title as a level-1 heading located on its
//! slide ([`Location::page`]) and the number of slides as [`Metadata::pages`]
//! (see `livrable-ingest`'s `pptx` module): a slide with no heading on its page, or only
//! blank ones, has no title — its title placeholder was deleted, left empty, or the slide
//! was built from text boxes (as Canva exports are).
//!
//! - `slides/no-title`: one finding for the deck, located on the first untitled slide,
//!   with `slides` (the untitled slides' numbers, the first `max_listed` of them, then
//!   `…`), `count` (how many) and `total` (slides in the deck).
//!
//! When every slide has a title, the evidence `slides/all-titled` gives `total`.
//!
//! # Why
//!
//! Screen-reader users move through a deck by its slide titles, and PowerPoint's own
//! accessibility checker reports "Missing slide title"; a title placed off the slide keeps
//! the layout and still names the slide. Accessibility is assessed in every evaluation
//! situation's "réglementation et bonnes pratiques… accessibilité" criterion.
//!
//! # Limits
//!
//! - A slide exported to PDF is a page: decks submitted as PDF are not checked here.
//! - Whether a title is meaningful (not "Diapositive 3") is left to a person.
//! - Hidden slides are counted like the others.
//!
//! [`Metadata::pages`]: livrable_model::Metadata::pages

use std::collections::BTreeSet;

use livrable_model::{Document, Format, Location, Observation};

use crate::{Input, Output};

pub const KIND: &str = "slides";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_TITLE: &str = "slides/no-title";
    pub const ALL_TITLED: &str = "slides/all-titled";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_TITLE, &["count", "slides", "total"]),
        CodeDecl::new(ALL_TITLED, &["total"]),
    ];
}

/// Parameters of a `slides` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// How many untitled slide numbers the finding lists before `…`: a Canva export of
    /// forty slides without titles is one finding, not forty, and its message stays short.
    pub max_listed: usize,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    if !matches!(doc.format, Format::Pptx | Format::Odp) {
        return out;
    }
    let Some(total) = doc.meta.pages.filter(|&n| n > 0) else {
        return out;
    };
    let titled: BTreeSet<u32> = doc
        .headings()
        .filter(|(_, b)| !b.text.trim().is_empty())
        .filter_map(|(_, b)| b.location.page)
        .collect();
    let untitled: Vec<u32> = (1..=total).filter(|n| !titled.contains(n)).collect();
    let Some(&first) = untitled.first() else {
        out.evidence
            .push(Observation::new(codes::ALL_TITLED, Location::whole()).arg("total", total));
        return out;
    };
    let mut listed: Vec<String> = untitled
        .iter()
        .take(params.max_listed.max(1))
        .map(u32::to_string)
        .collect();
    if untitled.len() > listed.len() {
        listed.push("…".to_string());
    }
    out.findings.push(
        Observation::new(codes::NO_TITLE, slide_location(doc, first))
            .arg("slides", listed.join(", "))
            .arg("count", untitled.len())
            .arg("total", total),
    );
    out
}

/// Where a slide is: its number, and the span of its first text when it has some (so that
/// the report shows what is on it).
fn slide_location(doc: &Document, slide: u32) -> Location {
    doc.blocks
        .iter()
        .map(|b| &b.location)
        .chain(doc.images.iter().map(|i| &i.location))
        .chain(doc.tables.iter().map(|t| &t.location))
        .filter(|l| l.page == Some(slide))
        .min_by_key(|l| l.start)
        .cloned()
        .unwrap_or_else(|| Location::page(slide))
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{Block, BlockKind};

    fn block(kind: BlockKind, text: &str, page: u32, at: usize) -> Block {
        let mut location = Location::span(at, at + text.len());
        location.page = Some(page);
        Block {
            kind,
            text: text.into(),
            location,
        }
    }

    fn deck(format: Format, pages: u32, blocks: Vec<Block>) -> Document {
        let mut d = Document::new("deck", format);
        d.meta.pages = Some(pages);
        d.blocks = blocks;
        d
    }

    fn run(d: &Document, max_listed: usize) -> Output {
        check(
            &Input {
                doc: d,
                kind: "communication-plan",
                submission: &[],
                options: &toml::Table::new(),
            },
            &Params { max_listed },
        )
    }

    fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
        o.args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    const H1: BlockKind = BlockKind::Heading { level: 1 };

    #[test]
    fn untitled_slides_fire_once_located_on_the_first() {
        let d = deck(
            Format::Pptx,
            4,
            vec![
                block(H1, "Plan", 1, 0),
                block(BlockKind::Paragraph, "Nos canaux", 3, 5),
                block(H1, "   ", 4, 16),
            ],
        );
        let out = run(&d, 10);
        assert_eq!(out.findings.len(), 1);
        let f = &out.findings[0];
        assert_eq!(f.code, codes::NO_TITLE);
        assert_eq!(arg(f, "slides"), "2, 3, 4");
        assert_eq!(arg(f, "count"), "3");
        assert_eq!(arg(f, "total"), "4");
        // Slide 2 has nothing on it: located by its number alone.
        assert_eq!(f.location, Location::page(2));
        assert!(out.evidence.is_empty());
    }

    #[test]
    fn the_list_is_cut_and_the_location_is_the_slide_text() {
        let d = deck(
            Format::Odp,
            40,
            vec![block(BlockKind::Paragraph, "Bienvenue", 1, 0)],
        );
        let out = run(&d, 3);
        let f = &out.findings[0];
        assert_eq!(arg(f, "slides"), "1, 2, 3, …");
        assert_eq!(arg(f, "count"), "40");
        assert_eq!(f.location.range(), Some(0..9));
        assert_eq!(f.location.page, Some(1));
    }

    #[test]
    fn a_titled_deck_gives_evidence_only() {
        let d = deck(
            Format::Pptx,
            2,
            vec![block(H1, "Plan", 1, 0), block(H1, "Budget", 2, 5)],
        );
        let out = run(&d, 10);
        assert!(out.findings.is_empty());
        assert_eq!(out.evidence.len(), 1);
        assert_eq!(out.evidence[0].code, codes::ALL_TITLED);
        assert_eq!(arg(&out.evidence[0], "total"), "2");
    }

    #[test]
    fn other_formats_and_empty_decks_are_not_checked() {
        // A Word report with no headings: not slides.
        let d = deck(Format::Docx, 3, vec![]);
        assert_eq!(run(&d, 10), Output::default());
        let mut d = deck(Format::Pptx, 0, vec![]);
        assert_eq!(run(&d, 10), Output::default());
        d.meta.pages = None;
        assert_eq!(run(&d, 10), Output::default());
    }

    #[test]
    fn pack_instances_parse() {
        let pack: toml::Table =
            toml::from_str(include_str!("../../../rules/ccm-n6/checks/slides.toml"))
                .expect("slides.toml parses");
        let checks = pack
            .get("check")
            .and_then(|c| c.as_array())
            .expect("checks");
        assert!(!checks.is_empty());
        for c in checks {
            let params = c.get("params").and_then(|p| p.as_table()).expect("params");
            let p: Params = crate::parse(params).expect("pack parameters parse");
            assert!(p.max_listed >= 1);
        }
    }
}
