//! `heading-structure/…`: is the document's outline a clean tree of headings?
//!
//! # What it checks
//!
//! It reads only [`Document::headings`], so it works the same on Markdown, HTML, and on
//! DOCX, ODT or tagged PDF once their readers report heading levels.
//!
//! - `heading-structure/no-h1`: the document has headings but none of level 1; and, when
//!   the instance sets `require_headings`, a document with no heading at all. Located at the
//!   first heading, or on the whole file when there is none.
//! - `heading-structure/multiple-h1`: a second, third… heading of level 1, each located at
//!   itself (the first one is the title and is not reported). Off when `allow_multiple_h1`.
//! - `heading-structure/skipped-level`: a heading more than one level below the heading
//!   before it (h2 then h4), located at the later heading, with `from`, `to` and `expected`.
//!   Going back up any number of levels (h4 then h2) is normal. The document's first heading
//!   is compared with nothing: an article that starts at h2 with no h1 anywhere is a
//!   `no-h1`, not a skip.
//! - `heading-structure/empty`: a heading whose text is empty or only white space.
//!
//! Empty headings still take part in the outline (they have a level the author chose), so
//! an empty second h1 is both `empty` and `multiple-h1`: both are true, and fixing it (fill
//! it in or delete it) clears both.
//!
//! When nothing is wrong and there is at least one heading, the check gives the evidence
//! `heading-structure/outline` with `count` (headings), `h1_count`, `h1` (the first level-1
//! text) and `deepest` (the deepest level used), for the evaluator's checklist.
//!
//! # Why
//!
//! Screen-reader users move through a page by its headings; a skipped level or a missing
//! main title breaks that map (RGAA 9.1, WCAG 1.3.1 and 2.4.6). The certification asks for
//! it twice: accessibility in every situation's "réglementation et bonnes pratiques"
//! criterion, and "une structure claire (titres, sous-titres, paragraphes)" for the blog
//! article (C2.1/CE2).
//!
//! # Markdown front matter
//!
//! Static-site generators (Jekyll, Hugo, Astro…) usually print the front matter `title` as
//! the page's h1, and authors then start the body at `##`. With `front_matter_title_as_h1`,
//! a Markdown document with a non-empty front matter `title` and no `#` heading is treated
//! as if that title were an h1 placed before the body. The title never counts as an *extra*
//! h1 when the body has one too: whether the layout prints both is unknown here.
//!
//! # Limits
//!
//! - It sees only what the reader marked as headings. A title typed in bold instead of with
//!   a heading style is invisible here (and to screen readers: that is the point). An
//!   untagged PDF has no headings at all; instances for such documents set
//!   `require_headings = false` so that silence is not reported as a fault.
//! - It does not judge whether the heading *words* are relevant (RGAA 9.1.3 is manual).
//! - HTML `<title>` and document properties are not headings and are not counted.

use livrable_model::{Block, Document, Format, Location, Observation};
use unicode_segmentation::UnicodeSegmentation;

use crate::{Input, Output};

pub const KIND: &str = "heading-structure";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_H1: &str = "heading-structure/no-h1";
    pub const MULTIPLE_H1: &str = "heading-structure/multiple-h1";
    pub const SKIPPED_LEVEL: &str = "heading-structure/skipped-level";
    pub const EMPTY: &str = "heading-structure/empty";
    pub const OUTLINE: &str = "heading-structure/outline";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_H1, &["count"]),
        CodeDecl::new(MULTIPLE_H1, &["count", "first", "text"]),
        CodeDecl::new(SKIPPED_LEVEL, &["expected", "from", "text", "to"]),
        CodeDecl::new(EMPTY, &["level"]),
        CodeDecl::new(OUTLINE, &["count", "deepest", "h1", "h1_count"]),
    ];
}

/// Heading texts quoted in findings are cut to this many characters (graphemes), so that a
/// paragraph wrongly styled as a heading does not flood the report.
const QUOTE_MAX: usize = 80;

/// Parameters of a `heading-structure` instance. All are required: each is a choice about
/// the deliverable, and the pack must state it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `true`: a document without any heading gets `no-h1` (a blog article or a web page
    /// must have a title and sub-titles). `false`: say nothing about a document without
    /// headings (a press release typed in a word processor, or a PDF whose reader cannot
    /// see heading tags), so that silence is not taken for a fault.
    pub require_headings: bool,
    /// `true`: several level-1 headings are fine (a Word report often uses "Titre 1" for
    /// each chapter). `false`: one h1 only, the page's title, as on the web.
    pub allow_multiple_h1: bool,
    /// `true`: in Markdown, a front matter `title` stands in for a missing h1 (see the
    /// module documentation). Has no effect on other formats.
    pub front_matter_title_as_h1: bool,
}

/// One heading of the outline as the check sees it.
struct Heading<'a> {
    level: u8,
    text: &'a str,
    location: Location,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let body: Vec<Heading> = doc
        .headings()
        .map(|(level, block): (u8, &Block)| Heading {
            level,
            text: block.text.as_str(),
            location: block.location.clone(),
        })
        .collect();

    let mut out = Output::default();

    if body.is_empty() {
        // A front matter title alone is a title, not an outline: nothing to check, and
        // nothing to report unless headings are required and there is not even a title.
        let has_title = params.front_matter_title_as_h1 && front_matter_title(doc).is_some();
        if params.require_headings && !has_title {
            out.findings
                .push(Observation::new(codes::NO_H1, Location::whole()).arg("count", 0));
        }
        return out;
    }

    let body_has_h1 = body.iter().any(|h| h.level == 1);
    // The stand-in h1 from the front matter, used only when the body has none.
    let virtual_h1 = if body_has_h1 || !params.front_matter_title_as_h1 {
        None
    } else {
        front_matter_title(doc)
    };

    // Empty headings.
    for h in &body {
        if h.text.trim().is_empty() {
            out.findings
                .push(Observation::new(codes::EMPTY, h.location.clone()).arg("level", h.level));
        }
    }

    // Main title.
    if !body_has_h1 && virtual_h1.is_none() {
        let at = body.first().map(|h| h.location.clone()).unwrap_or_default();
        out.findings
            .push(Observation::new(codes::NO_H1, at).arg("count", body.len()));
    }

    // Extra h1s, each at itself.
    let h1s: Vec<&Heading> = body.iter().filter(|h| h.level == 1).collect();
    if let (false, Some((first, extra))) = (params.allow_multiple_h1, h1s.split_first()) {
        let first_text = quote(first.text);
        for h in extra {
            out.findings.push(
                Observation::new(codes::MULTIPLE_H1, h.location.clone())
                    .arg("text", quote(h.text))
                    .arg("first", &first_text)
                    .arg("count", h1s.len()),
            );
        }
    }

    // Skipped levels going down. The first body heading is compared with the stand-in h1
    // when there is one (the rendered page starts with it), otherwise with nothing.
    let mut previous: Option<u8> = virtual_h1.as_ref().map(|_| 1);
    for h in &body {
        if let Some(prev) = previous {
            if h.level > prev.saturating_add(1) {
                out.findings.push(
                    Observation::new(codes::SKIPPED_LEVEL, h.location.clone())
                        .arg("from", prev)
                        .arg("to", h.level)
                        .arg("expected", prev.saturating_add(1))
                        .arg("text", quote(h.text)),
                );
            }
        }
        previous = Some(h.level);
    }

    if out.findings.is_empty() {
        let virtual_count = usize::from(virtual_h1.is_some());
        let h1_text = match (&virtual_h1, h1s.first()) {
            (Some(title), _) => quote(title),
            (None, Some(h)) => quote(h.text),
            (None, None) => String::new(),
        };
        let deepest = body.iter().map(|h| h.level).max().unwrap_or(1);
        out.evidence.push(
            Observation::new(codes::OUTLINE, Location::whole())
                .arg("count", body.len() + virtual_count)
                .arg("h1_count", h1s.len() + virtual_count)
                .arg("h1", h1_text)
                .arg("deepest", deepest),
        );
    }
    out
}

/// The front matter title of a Markdown document, when it has a non-blank one.
fn front_matter_title(doc: &Document) -> Option<&str> {
    if doc.format != Format::Markdown {
        return None;
    }
    doc.meta
        .front_matter
        .get("title")
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
}

/// A heading text cut for quoting, white space collapsed.
fn quote(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut graphemes = collapsed.graphemes(true);
    let head: String = graphemes.by_ref().take(QUOTE_MAX).collect();
    if graphemes.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{BlockKind, Document, Format};

    /// A document with the given headings, each located at a distinct span.
    fn doc(format: Format, headings: &[(u8, &str)]) -> Document {
        let mut d = Document::new("article.md", format);
        for (i, (level, text)) in headings.iter().enumerate() {
            d.blocks.push(Block {
                kind: BlockKind::Heading { level: *level },
                text: text.to_string(),
                location: Location::span(i * 100, i * 100 + 10),
            });
            // Paragraphs between headings must not disturb anything.
            d.blocks.push(Block {
                kind: BlockKind::Paragraph,
                text: "Du texte.".into(),
                location: Location::span(i * 100 + 20, i * 100 + 30),
            });
        }
        d
    }

    fn blog() -> Params {
        Params {
            require_headings: true,
            allow_multiple_h1: false,
            front_matter_title_as_h1: true,
        }
    }

    fn report() -> Params {
        Params {
            require_headings: false,
            allow_multiple_h1: true,
            front_matter_title_as_h1: false,
        }
    }

    fn run(d: &Document, p: &Params) -> Output {
        check(
            &Input {
                doc: d,
                kind: "blog-article",
                submission: &[],
                options: &toml::Table::new(),
            },
            p,
        )
    }

    fn codes_of(out: &Output) -> Vec<&str> {
        out.findings.iter().map(|o| o.code.as_str()).collect()
    }

    fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
        o.args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no arg {name} in {o:?}"))
    }

    #[test]
    fn correct_outline_gives_evidence_only() {
        let d = doc(
            Format::Markdown,
            &[
                (1, "Bien choisir son vélo"),
                (2, "Le cadre"),
                (3, "Acier ou aluminium"),
                (3, "La taille"),
                (2, "Les freins"),
                (3, "Disques"),
                (2, "Conclusion"),
            ],
        );
        let out = run(&d, &blog());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.evidence.len(), 1);
        let e = &out.evidence[0];
        assert_eq!(e.code, codes::OUTLINE);
        assert_eq!(arg(e, "count"), "7");
        assert_eq!(arg(e, "h1_count"), "1");
        assert_eq!(arg(e, "h1"), "Bien choisir son vélo");
        assert_eq!(arg(e, "deepest"), "3");
    }

    #[test]
    fn skipped_level_fires_at_the_later_heading() {
        let d = doc(
            Format::Html,
            &[(1, "Titre"), (2, "Partie"), (4, "Détail"), (2, "Suite")],
        );
        let out = run(&d, &blog());
        assert_eq!(codes_of(&out), vec![codes::SKIPPED_LEVEL]);
        let f = &out.findings[0];
        assert_eq!(f.location, Location::span(200, 210));
        assert_eq!(arg(f, "from"), "2");
        assert_eq!(arg(f, "to"), "4");
        assert_eq!(arg(f, "expected"), "3");
        assert_eq!(arg(f, "text"), "Détail");
        assert!(
            out.evidence.is_empty(),
            "no evidence when something is wrong"
        );
    }

    #[test]
    fn going_up_any_number_of_levels_is_fine() {
        let d = doc(
            Format::Html,
            &[
                (1, "T"),
                (2, "A"),
                (3, "B"),
                (4, "C"),
                (2, "D"),
                (3, "E"),
                (1, "F"),
            ],
        );
        let out = run(&d, &report());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        // And h2 after h3 with a single h1.
        let d = doc(Format::Markdown, &[(1, "T"), (2, "A"), (3, "B"), (2, "C")]);
        assert!(run(&d, &blog()).findings.is_empty());
    }

    #[test]
    fn first_heading_h2_without_h1_is_no_h1_not_a_skip() {
        let d = doc(Format::Html, &[(2, "Intro"), (3, "Détail"), (2, "Fin")]);
        let out = run(&d, &blog());
        assert_eq!(codes_of(&out), vec![codes::NO_H1]);
        let f = &out.findings[0];
        assert_eq!(
            f.location,
            Location::span(0, 10),
            "located at the first heading"
        );
        assert_eq!(arg(f, "count"), "3");
    }

    #[test]
    fn first_heading_deep_but_h1_later_is_not_a_skip() {
        // A kicker above the title: h3 then h1 then h2.
        let d = doc(
            Format::Html,
            &[(3, "Actualité"), (1, "Titre"), (2, "Partie")],
        );
        assert!(run(&d, &blog()).findings.is_empty());
    }

    #[test]
    fn no_h1_and_skip_both_reported_when_both_true() {
        let d = doc(Format::Html, &[(2, "A"), (4, "B")]);
        let out = run(&d, &blog());
        assert_eq!(codes_of(&out), vec![codes::NO_H1, codes::SKIPPED_LEVEL]);
    }

    #[test]
    fn no_headings_at_all_depends_on_require_headings() {
        let d = doc(Format::Markdown, &[]);
        let out = run(&d, &blog());
        assert_eq!(codes_of(&out), vec![codes::NO_H1]);
        assert_eq!(out.findings[0].location, Location::whole());
        assert_eq!(arg(&out.findings[0], "count"), "0");

        let out = run(&d, &report());
        assert!(out.findings.is_empty());
        assert!(
            out.evidence.is_empty(),
            "no headings is never evidence of a pass"
        );
    }

    #[test]
    fn multiple_h1_reports_each_extra_one() {
        let d = doc(
            Format::Html,
            &[(1, "Titre"), (2, "A"), (1, "Autre"), (1, "Encore")],
        );
        let out = run(&d, &blog());
        assert_eq!(codes_of(&out), vec![codes::MULTIPLE_H1, codes::MULTIPLE_H1]);
        assert_eq!(out.findings[0].location, Location::span(200, 210));
        assert_eq!(out.findings[1].location, Location::span(300, 310));
        assert_eq!(arg(&out.findings[0], "text"), "Autre");
        assert_eq!(arg(&out.findings[0], "first"), "Titre");
        assert_eq!(arg(&out.findings[0], "count"), "3");
    }

    #[test]
    fn multiple_h1_allowed_by_parameter() {
        let d = doc(Format::Docx, &[(1, "Contexte"), (2, "A"), (1, "Analyse")]);
        let out = run(&d, &report());
        assert!(out.findings.is_empty());
        assert_eq!(arg(&out.evidence[0], "h1_count"), "2");
        assert_eq!(arg(&out.evidence[0], "h1"), "Contexte");
    }

    #[test]
    fn empty_heading_fires_and_filled_twin_does_not() {
        let d = doc(Format::Docx, &[(1, "Titre"), (2, "   \u{a0}"), (2, "B")]);
        let out = run(&d, &blog());
        assert_eq!(codes_of(&out), vec![codes::EMPTY]);
        assert_eq!(out.findings[0].location, Location::span(100, 110));
        assert_eq!(arg(&out.findings[0], "level"), "2");

        let d = doc(Format::Docx, &[(1, "Titre"), (2, "A"), (2, "B")]);
        assert!(run(&d, &blog()).findings.is_empty());
    }

    #[test]
    fn front_matter_title_stands_in_for_h1_in_markdown() {
        let mut d = doc(Format::Markdown, &[(2, "Partie"), (3, "Détail")]);
        d.meta
            .front_matter
            .insert("title".into(), "Mon article".into());
        let out = run(&d, &blog());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "h1"), "Mon article");
        assert_eq!(arg(&out.evidence[0], "count"), "3");

        // The stand-in h1 precedes the body: h1 then h3 is a skip.
        let mut d = doc(Format::Markdown, &[(3, "Détail")]);
        d.meta
            .front_matter
            .insert("title".into(), "Mon article".into());
        let out = run(&d, &blog());
        assert_eq!(codes_of(&out), vec![codes::SKIPPED_LEVEL]);
        assert_eq!(arg(&out.findings[0], "from"), "1");

        // Without the parameter, or in HTML, the title is not a heading.
        let mut d = doc(Format::Markdown, &[(2, "Partie")]);
        d.meta
            .front_matter
            .insert("title".into(), "Mon article".into());
        let p = Params {
            front_matter_title_as_h1: false,
            ..blog()
        };
        assert_eq!(codes_of(&run(&d, &p)), vec![codes::NO_H1]);
        d.format = Format::Html;
        assert_eq!(codes_of(&run(&d, &blog())), vec![codes::NO_H1]);

        // A blank title does not count.
        let mut d = doc(Format::Markdown, &[(2, "Partie")]);
        d.meta.front_matter.insert("title".into(), "  ".into());
        assert_eq!(codes_of(&run(&d, &blog())), vec![codes::NO_H1]);
    }

    #[test]
    fn front_matter_title_never_makes_an_extra_h1() {
        let mut d = doc(Format::Markdown, &[(1, "Titre"), (2, "Partie")]);
        d.meta.front_matter.insert("title".into(), "Titre".into());
        let out = run(&d, &blog());
        assert!(out.findings.is_empty());
        assert_eq!(arg(&out.evidence[0], "h1_count"), "1");
    }

    #[test]
    fn front_matter_title_alone_is_not_missing_headings() {
        let mut d = doc(Format::Markdown, &[]);
        d.meta.front_matter.insert("title".into(), "Titre".into());
        let out = run(&d, &blog());
        assert!(out.findings.is_empty());
        assert!(out.evidence.is_empty());
    }

    #[test]
    fn long_heading_text_is_cut_in_args() {
        let long = "mot ".repeat(200);
        let d = doc(Format::Html, &[(1, "T"), (1, &long)]);
        let out = run(&d, &blog());
        let text = arg(&out.findings[0], "text");
        assert!(text.ends_with('…'));
        assert!(text.chars().count() <= QUOTE_MAX + 1);
    }

    #[test]
    fn odd_levels_from_a_reader_do_not_panic() {
        let d = doc(Format::Pdf, &[(0, "x"), (255, "y"), (0, "z"), (7, "w")]);
        let out = run(&d, &blog());
        assert!(codes_of(&out).contains(&codes::SKIPPED_LEVEL));
    }

    #[test]
    fn pack_instances_have_valid_parameters() {
        let pack: toml::Table = toml::from_str(include_str!(
            "../../../rules/ccm-n6/checks/accessibility.toml"
        ))
        .unwrap();
        let mut seen = 0;
        for check in pack["check"].as_array().unwrap() {
            if check["kind"].as_str() == Some(KIND) {
                let params = check["params"].as_table().unwrap();
                let parsed: Result<Params, _> = crate::parse(params);
                assert!(parsed.is_ok(), "{}: {:?}", check["id"], parsed.err());
                seen += 1;
            }
        }
        assert!(seen > 1);
    }

    #[test]
    fn params_come_from_toml_and_refuse_unknown_or_missing_keys() {
        let ok: crate::Params = toml::from_str(
            "require_headings = true\nallow_multiple_h1 = false\nfront_matter_title_as_h1 = true",
        )
        .unwrap();
        assert!(crate::validate(KIND, &ok).is_ok());
        let typo: crate::Params = toml::from_str(
            "require_heading = true\nallow_multiple_h1 = false\nfront_matter_title_as_h1 = true",
        )
        .unwrap();
        assert!(crate::validate(KIND, &typo).is_err());
        let missing: crate::Params = toml::from_str("require_headings = true").unwrap();
        assert!(crate::validate(KIND, &missing).is_err());
    }
}
