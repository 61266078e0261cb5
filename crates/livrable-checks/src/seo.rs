//! `seo/…`: the title and description a search engine shows for a web page or a blog
//! article.
//!
//! # What it checks
//!
//! HTML and Markdown documents. Other formats (DOCX, ODT, PDF) have no search-result
//! title, and their document properties are not one; but an article written in Word
//! states the title and description it will be published with on lines « Titre SEO : … »
//! and « Méta-description : … » above its text (`title_labels`, `description_labels`,
//! among the first `stated_top_blocks` blocks): those are checked, for lengths only (a
//! Word article without them is not faulted). A Markdown article without front matter
//! may state its description the same way.
//!
//! - The **title** is the HTML `<title>`; in Markdown, the front matter `title` (which
//!   static-site generators and most CMS imports turn into `<title>`), or else the h1 (the
//!   post title a CMS would use).
//!   - `seo/no-title`: an HTML page without a `<title>`, or with a blank one. Nothing is
//!     said of a Markdown document with neither title nor h1: `heading-structure/no-h1`
//!     already reports it.
//!   - `seo/title-length`: shorter than `title_min` or longer than `title_max` characters
//!     (a warning), or longer than `title_error_over` (an error: the result page cuts it
//!     off mid-phrase).
//! - The **description** is `<meta name="description">`, or the front matter
//!   `description`.
//!   - `seo/meta-description`: there is none, or it is blank.
//!   - `seo/meta-description-length`: outside `description_min`–`description_max`
//!     characters.
//!
//! Characters are graphemes (an accented letter is one, however it is encoded). Findings
//! point at the `<title>` or `<meta>` element, or at the front matter line.
//!
//! Evidence: `seo/title` and `seo/description` with the length, when within bounds.
//!
//! # Why
//!
//! The certification asks for a blog article "optimisé pour le web" (C2.1, CE2). Google
//! cuts titles to the width of the device (about 580–600 px, some 60 characters) and
//! builds the snippet from the page or from the meta description when it describes the
//! page better (Google Search Central, "title links" and "snippets"); 120–160 characters
//! is the usual guidance. The thresholds are in the rule pack with their sources.
//!
//! # Limits
//!
//! - Characters, not pixels: a title of wide capitals is cut earlier than the count says.
//! - Whether the title is *descriptive* (not "Accueil") is left to a person.
//! - Uniqueness across the pages of a site is not checked.

use livrable_model::{Document, Format, Location, Observation, Severity};

use crate::text::{
    element_location, front_matter, front_matter_location, grapheme_count, heading_level, quote,
    stated,
};
use crate::{Input, Output};

pub const KIND: &str = "seo";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_TITLE: &str = "seo/no-title";
    pub const TITLE_LENGTH: &str = "seo/title-length";
    pub const META_DESCRIPTION: &str = "seo/meta-description";
    pub const META_DESCRIPTION_LENGTH: &str = "seo/meta-description-length";
    pub const TITLE: &str = "seo/title";
    pub const DESCRIPTION: &str = "seo/description";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_TITLE, &[]),
        CodeDecl::new(TITLE_LENGTH, &["length", "max", "min", "title"]),
        CodeDecl::new(META_DESCRIPTION, &[]),
        CodeDecl::new(
            META_DESCRIPTION_LENGTH,
            &["description", "length", "max", "min"],
        ),
        CodeDecl::new(TITLE, &["length", "title"]),
        CodeDecl::new(DESCRIPTION, &["length"]),
    ];
}

/// Texts quoted in findings are cut to this many characters (a little more than the
/// longest acceptable description, so that the excess shows).
const QUOTE_MAX: usize = 200;

/// Parameters of a `seo` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Titles shorter than this (characters) get a warning.
    pub title_min: usize,
    /// Titles longer than this get a warning…
    pub title_max: usize,
    /// … and longer than this an error.
    pub title_error_over: usize,
    /// Bounds of the meta description, in characters.
    pub description_min: usize,
    pub description_max: usize,
    /// How many of the first non-blank blocks are looked at for lines « Label : valeur ».
    pub stated_top_blocks: usize,
    /// Labels of a line that states the search-result title (« Titre SEO »).
    pub title_labels: Vec<String>,
    /// Labels of a line that states the meta description (« Méta-description »).
    pub description_labels: Vec<String>,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    if !matches!(doc.format, Format::Html | Format::Markdown) {
        if let Some(s) = stated(doc, &params.title_labels, params.stated_top_blocks) {
            title_length(collapse(s.value), s.location, params, &mut out);
        }
        if let Some(s) = stated(doc, &params.description_labels, params.stated_top_blocks) {
            description_length(collapse(s.value), s.location, params, &mut out);
        }
        return out;
    }
    title(doc, params, &mut out);
    description(doc, params, &mut out);
    out
}

/// Collapses white space, as a browser shows a title.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn title(doc: &Document, params: &Params, out: &mut Output) {
    let found: Option<(String, Location)> = match doc.format {
        Format::Html => {
            let at = element_location(doc, "title", None);
            match doc
                .meta
                .title
                .as_deref()
                .map(collapse)
                .filter(|t| !t.is_empty())
            {
                Some(t) => Some((t, at)),
                None => {
                    out.findings.push(Observation::new(codes::NO_TITLE, at));
                    return;
                }
            }
        }
        _ => front_matter(doc, "title")
            .map(|t| (collapse(t), front_matter_location(doc, "title")))
            .or_else(|| {
                doc.blocks
                    .iter()
                    .find(|b| heading_level(b) == Some(1) && !b.text.trim().is_empty())
                    .map(|b| (collapse(&b.text), b.location.clone()))
            }),
    };
    let Some((text, at)) = found else {
        return;
    };
    title_length(text, at, params, out);
}

/// `seo/title-length`, or the `seo/title` evidence.
fn title_length(text: String, at: Location, params: &Params, out: &mut Output) {
    let length = grapheme_count(&text);
    if length < params.title_min || length > params.title_max {
        let mut obs = Observation::new(codes::TITLE_LENGTH, at)
            .arg("length", length)
            .arg("min", params.title_min)
            .arg("max", params.title_max)
            .arg("title", quote(&text, QUOTE_MAX));
        if length > params.title_error_over {
            obs = obs.severity(Severity::Error);
        }
        out.findings.push(obs);
    } else {
        out.evidence.push(
            Observation::new(codes::TITLE, Location::whole())
                .arg("length", length)
                .arg("title", quote(&text, QUOTE_MAX)),
        );
    }
}

fn description(doc: &Document, params: &Params, out: &mut Output) {
    let (text, at) = match doc.format {
        Format::Html => (
            doc.meta.description.as_deref().map(collapse),
            element_location(doc, "meta", Some(("name", "description"))),
        ),
        _ => match front_matter(doc, "description").or(doc.meta.description.as_deref()) {
            Some(d) => (Some(collapse(d)), front_matter_location(doc, "description")),
            None => match stated(doc, &params.description_labels, params.stated_top_blocks) {
                Some(s) => (Some(collapse(s.value)), s.location),
                None => (None, front_matter_location(doc, "description")),
            },
        },
    };
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        out.findings
            .push(Observation::new(codes::META_DESCRIPTION, at));
        return;
    };
    description_length(text, at, params, out);
}

/// `seo/meta-description-length`, or the `seo/description` evidence.
fn description_length(text: String, at: Location, params: &Params, out: &mut Output) {
    let length = grapheme_count(&text);
    if length < params.description_min || length > params.description_max {
        out.findings.push(
            Observation::new(codes::META_DESCRIPTION_LENGTH, at)
                .arg("length", length)
                .arg("min", params.description_min)
                .arg("max", params.description_max)
                .arg("description", quote(&text, QUOTE_MAX)),
        );
    } else {
        out.evidence
            .push(Observation::new(codes::DESCRIPTION, Location::whole()).arg("length", length));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{Block, BlockKind, Element};

    fn params() -> Params {
        Params {
            title_min: 30,
            title_max: 60,
            title_error_over: 70,
            description_min: 120,
            description_max: 160,
            stated_top_blocks: 6,
            title_labels: vec!["titre seo".into()],
            description_labels: vec!["méta-description".into()],
        }
    }

    fn run(d: &Document) -> Output {
        check(
            &Input {
                doc: d,
                kind: "blog-article",
                submission: &[],
                options: &toml::Table::new(),
            },
            &params(),
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

    const GOOD_TITLE: &str = "Salon Habitat Durable : cinq conseils pour votre visite"; // 55
    const GOOD_DESCRIPTION: &str = "Exposants, conférences, aides à la rénovation : nos cinq conseils pour profiter du salon Habitat Durable de Lyon, du 12 au 14 mars 2027.";

    fn html(title: Option<&str>, description: Option<&str>) -> Document {
        let mut d = Document::new("page.html", Format::Html);
        d.meta.title = title.map(str::to_string);
        d.meta.description = description.map(str::to_string);
        d.elements.push(Element {
            tag: "title".into(),
            attrs: vec![],
            location: Location::span(30, 40),
        });
        d.elements.push(Element {
            tag: "meta".into(),
            attrs: vec![("charset".into(), "utf-8".into())],
            location: Location::span(50, 60),
        });
        d.elements.push(Element {
            tag: "meta".into(),
            attrs: vec![
                ("name".into(), "Description".into()),
                ("content".into(), description.unwrap_or_default().into()),
            ],
            location: Location::span(70, 80),
        });
        d
    }

    #[test]
    fn good_html_gives_evidence_only() {
        assert_eq!(GOOD_TITLE.chars().count(), 55);
        let out = run(&html(Some(GOOD_TITLE), Some(GOOD_DESCRIPTION)));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.evidence.len(), 2);
        assert_eq!(arg(&out.evidence[0], "length"), "55");
    }

    #[test]
    fn missing_html_title_and_description() {
        let out = run(&html(None, None));
        assert_eq!(
            codes_of(&out),
            vec![codes::NO_TITLE, codes::META_DESCRIPTION]
        );
        assert_eq!(out.findings[0].location, Location::span(30, 40));
        assert_eq!(
            out.findings[1].location,
            Location::span(70, 80),
            "the named meta, not the charset one"
        );
        let out = run(&html(Some("  \n "), Some(" ")));
        assert_eq!(
            codes_of(&out),
            vec![codes::NO_TITLE, codes::META_DESCRIPTION]
        );
    }

    #[test]
    fn title_length_warns_then_errs() {
        let short = run(&html(Some("Accueil"), Some(GOOD_DESCRIPTION)));
        assert_eq!(codes_of(&short), vec![codes::TITLE_LENGTH]);
        assert_eq!(short.findings[0].severity, None, "pack severity: warning");
        assert_eq!(arg(&short.findings[0], "length"), "7");

        let t65 = "a".repeat(65);
        let warn = run(&html(Some(&t65), Some(GOOD_DESCRIPTION)));
        assert_eq!(codes_of(&warn), vec![codes::TITLE_LENGTH]);
        assert_eq!(warn.findings[0].severity, None);

        let t71 = "é".repeat(71);
        let err = run(&html(Some(&t71), Some(GOOD_DESCRIPTION)));
        assert_eq!(err.findings[0].severity, Some(Severity::Error));
        assert_eq!(
            arg(&err.findings[0], "length"),
            "71",
            "characters, not bytes"
        );

        // The bounds are inclusive.
        let t60 = "a".repeat(60);
        assert!(run(&html(Some(&t60), Some(GOOD_DESCRIPTION)))
            .findings
            .is_empty());
        let t30 = "a".repeat(30);
        assert!(run(&html(Some(&t30), Some(GOOD_DESCRIPTION)))
            .findings
            .is_empty());
    }

    #[test]
    fn description_length_is_checked() {
        let out = run(&html(Some(GOOD_TITLE), Some("Trop court.")));
        assert_eq!(codes_of(&out), vec![codes::META_DESCRIPTION_LENGTH]);
        assert_eq!(arg(&out.findings[0], "length"), "11");
        assert_eq!(out.findings[0].location, Location::span(70, 80));
        let long = "mot ".repeat(50);
        let out = run(&html(Some(GOOD_TITLE), Some(&long)));
        assert_eq!(arg(&out.findings[0], "length"), "199");
    }

    fn markdown(front: &[(&str, &str)], h1: Option<&str>) -> Document {
        let mut d = Document::new("article.md", Format::Markdown);
        let mut text = String::from("---\n");
        for (k, v) in front {
            d.meta.front_matter.insert(k.to_string(), v.to_string());
            text.push_str(&format!("{k}: {v}\n"));
        }
        text.push_str("---\n");
        if let Some(h) = h1 {
            d.blocks.push(Block {
                kind: BlockKind::Heading { level: 1 },
                text: h.into(),
                location: Location::span(text.len(), text.len() + h.len() + 2),
            });
        }
        d.text = text;
        d
    }

    #[test]
    fn markdown_front_matter_is_the_title_and_description() {
        let d = markdown(
            &[("title", GOOD_TITLE), ("description", GOOD_DESCRIPTION)],
            Some("Court"),
        );
        assert!(run(&d).findings.is_empty());

        let d = markdown(&[("title", "Conseils"), ("description", "Bref")], None);
        let out = run(&d);
        assert_eq!(
            codes_of(&out),
            vec![codes::TITLE_LENGTH, codes::META_DESCRIPTION_LENGTH]
        );
        assert_eq!(
            out.findings[0].location,
            Location::span(4, 19),
            "the title: line"
        );
        assert_eq!(out.findings[1].location, Location::span(20, 37));
    }

    #[test]
    fn markdown_without_front_matter_uses_the_h1_and_lacks_a_description() {
        let d = markdown(&[], Some(GOOD_TITLE));
        let out = run(&d);
        assert_eq!(codes_of(&out), vec![codes::META_DESCRIPTION]);
        assert_eq!(out.findings[0].location, Location::whole());
        let d = markdown(&[], Some("Mon article"));
        let out = run(&d);
        assert_eq!(
            codes_of(&out),
            vec![codes::TITLE_LENGTH, codes::META_DESCRIPTION]
        );
        assert_eq!(out.findings[0].location, d.blocks[0].location);
        // No title at all in Markdown: left to heading-structure.
        let d = markdown(&[("description", GOOD_DESCRIPTION)], None);
        assert!(run(&d).findings.is_empty());
    }

    #[test]
    fn other_formats_are_not_web_pages() {
        let mut d = html(None, None);
        d.format = Format::Docx;
        let out = run(&d);
        assert!(out.findings.is_empty() && out.evidence.is_empty());
    }

    #[test]
    fn a_word_article_is_checked_on_what_it_states_at_its_top() {
        let mut d = Document::new("article.docx", Format::Docx);
        let line = |text: String, at: usize| Block {
            kind: BlockKind::Paragraph,
            text,
            location: Location::span(at, at + 1),
        };
        d.blocks
            .push(line("Mot-clé principal : salon habitat durable".into(), 0));
        d.blocks.push(line(
            format!("Méta-description\u{a0}: {GOOD_DESCRIPTION}"),
            10,
        ));
        d.blocks.push(line("Titre SEO : Salon".into(), 20));
        let out = run(&d);
        assert_eq!(codes_of(&out), vec![codes::TITLE_LENGTH]);
        assert_eq!(out.findings[0].location, Location::span(20, 21));
        assert_eq!(
            out.evidence
                .iter()
                .map(|o| o.code.as_str())
                .collect::<Vec<_>>(),
            vec![codes::DESCRIPTION]
        );
        d.blocks[1].text = "Méta-description : trop courte".into();
        let out = run(&d);
        assert_eq!(
            codes_of(&out),
            vec![codes::TITLE_LENGTH, codes::META_DESCRIPTION_LENGTH]
        );
        assert_eq!(out.findings[1].location, Location::span(10, 11));
        // Markdown without front matter: the stated line is its description.
        let mut md = markdown(&[], Some(GOOD_TITLE));
        md.blocks
            .insert(0, line(format!("Méta-description : {GOOD_DESCRIPTION}"), 0));
        assert!(run(&md).findings.is_empty(), "{:?}", run(&md).findings);
    }

    #[test]
    fn params_validate_through_the_registry() {
        let ok: crate::Params = toml::from_str(
            "title_min = 30\ntitle_max = 60\ntitle_error_over = 70\ndescription_min = 120\ndescription_max = 160\nstated_top_blocks = 6\ntitle_labels = []\ndescription_labels = []",
        )
        .unwrap();
        assert!(crate::validate(KIND, &ok).is_ok());
        let mut typo = ok.clone();
        typo.insert("title_mx".into(), toml::Value::Integer(3));
        assert!(crate::validate(KIND, &typo).is_err());
    }
}
