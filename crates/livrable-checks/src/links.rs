//! `links/…`: does every link say where it goes?
//!
//! # What it checks
//!
//! For each link of [`Document::links`], whatever the format. Its *name* is its visible
//! text; in HTML, an `aria-label` or `title` on the `<a>` (matched by position) replaces
//! it, and an `aria-labelledby` is taken as a name (it cannot be resolved here).
//!
//! - `links/empty`: the link has no name at all. A link whose only content is an image
//!   is left to `image-alt/empty-in-link`, which says what to fix (the image's
//!   alternative), so that one fault is not reported twice.
//! - `links/generic-text`: the name, folded and stripped of surrounding punctuation and
//!   arrows, is one of `generic_texts` ("cliquez ici", "en savoir plus", "lire la
//!   suite"…). Only the whole name is compared: "en savoir plus sur les aides" is fine.
//! - `links/bare-url` (when the instance sets `bare_url`): the name is a web address —
//!   it matches `url_text_pattern`, or equals the target. Screen readers spell it out
//!   character by character. An e-mail address shown as the text of its `mailto:` link
//!   is not a bare URL.
//!
//! Each finding is located at the link. Evidence `links/named` gives the number of links
//! checked when none is at fault.
//!
//! # Why
//!
//! A link must make sense on its own: screen-reader users list a page's links out of
//! context, and everyone scans them (WCAG 2.4.4, RGAA 6.1 and 6.2). Lighthouse's
//! `link-text` audit has no French list, so the pack ships one. The certification asks
//! for accessibility in every situation's "réglementation et bonnes pratiques" criterion.
//!
//! # Limits
//!
//! - Whether a name is *explicit in its context* (RGAA 6.1 accepts the sentence around
//!   it) is for a person to judge; this check only flags names that are generic
//!   everywhere.
//! - A link made of an image and text is judged on its text.

use livrable_model::french::fold;
use livrable_model::{Document, Link, Location, Observation};

use crate::text::{host_of, quote, Pattern};
use crate::{Input, Output};

pub const KIND: &str = "links";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const EMPTY: &str = "links/empty";
    pub const GENERIC_TEXT: &str = "links/generic-text";
    pub const BARE_URL: &str = "links/bare-url";
    pub const NAMED: &str = "links/named";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(EMPTY, &["href"]),
        CodeDecl::new(GENERIC_TEXT, &["href", "text"]),
        CodeDecl::new(BARE_URL, &["href", "text"]),
        CodeDecl::new(NAMED, &["count"]),
    ];
}

/// Texts quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 80;

/// Parameters of a `links` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Names that say nothing of the target, compared folded (write them as you like).
    pub generic_texts: Vec<String>,
    /// Report names that are web addresses.
    pub bare_url: bool,
    /// A name that is a web address (matched on the trimmed name).
    pub url_text_pattern: Pattern,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let generic: Vec<String> = params.generic_texts.iter().map(|t| normalise(t)).collect();
    let mut out = Output::default();
    for link in &doc.links {
        let name = match accessible_name(doc, link) {
            Name::Text(name) => name,
            Name::Unresolved => continue,
            Name::None => {
                if !contains_image(doc, link) {
                    out.findings.push(
                        Observation::new(codes::EMPTY, link.location.clone())
                            .arg("href", quote(&link.href, QUOTE_MAX)),
                    );
                }
                continue;
            }
        };
        let normal = normalise(&name);
        if generic.contains(&normal) {
            out.findings.push(
                Observation::new(codes::GENERIC_TEXT, link.location.clone())
                    .arg("text", quote(&name, QUOTE_MAX))
                    .arg("href", quote(&link.href, QUOTE_MAX)),
            );
        } else if params.bare_url && is_bare_url(&name, &link.href, params) {
            out.findings.push(
                Observation::new(codes::BARE_URL, link.location.clone())
                    .arg("text", quote(&name, QUOTE_MAX))
                    .arg("href", quote(&link.href, QUOTE_MAX)),
            );
        }
    }
    if out.findings.is_empty() && !doc.links.is_empty() {
        out.evidence
            .push(Observation::new(codes::NAMED, Location::whole()).arg("count", doc.links.len()));
    }
    out
}

/// A link's accessible name as far as it can be known here.
enum Name {
    /// No name at all.
    None,
    /// `aria-labelledby` points at another element's text, not resolved here: named,
    /// but not judged.
    Unresolved,
    Text(String),
}

/// The link's accessible name: `aria-label`, `aria-labelledby`, visible text, `title`.
fn accessible_name(doc: &Document, link: &Link) -> Name {
    let element = doc.elements.iter().find(|e| {
        e.tag == "a" && e.location.start.is_some() && e.location.start == link.location.start
    });
    let attr = |name: &str| {
        element
            .and_then(|e| e.attr(name))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    if let Some(label) = attr("aria-label") {
        return Name::Text(label.to_string());
    }
    if attr("aria-labelledby").is_some() {
        return Name::Unresolved;
    }
    let text = link.text.trim();
    if !text.is_empty() {
        return Name::Text(text.to_string());
    }
    match attr("title") {
        Some(title) => Name::Text(title.to_string()),
        None => Name::None,
    }
}

/// True when an image sits inside the link's span (its name would be the image's
/// alternative, which `image-alt` reports on).
fn contains_image(doc: &Document, link: &Link) -> bool {
    let Some(span) = link.location.range() else {
        return false;
    };
    !span.is_empty()
        && doc.images.iter().any(|i| {
            i.location
                .range()
                .is_some_and(|r| r.start >= span.start && r.end <= span.end)
        })
}

/// Folded, punctuation and arrows stripped at both ends, white space collapsed.
fn normalise(text: &str) -> String {
    let folded = fold(text);
    let trimmed = folded.trim_matches(|c: char| !c.is_alphanumeric());
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_bare_url(name: &str, href: &str, params: &Params) -> bool {
    let name = name.trim();
    if params.url_text_pattern.0.is_match(name) {
        return true;
    }
    // The target written out without its scheme (`verdure.fr/guides` for
    // `https://verdure.fr/guides/`).
    let strip = |s: &str| {
        let s = s.trim().to_ascii_lowercase();
        let s = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .unwrap_or(&s)
            .to_string();
        let s = s.strip_prefix("www.").unwrap_or(&s).to_string();
        s.trim_end_matches('/').to_string()
    };
    host_of(href, false).is_some()
        && !name.contains(char::is_whitespace)
        && strip(name) == strip(href)
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{Element, Format, Image};

    fn params() -> Params {
        toml::from_str(
            r#"
generic_texts = ["cliquez ici", "cliquer ici", "ici", "en savoir plus", "lire la suite", "voir plus", "plus", "lien", "ce lien", "la suite", "click here", "read more"]
bare_url = true
url_text_pattern = '(?i)^(?:https?://|www\.)\S+$'
"#,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn doc(links: &[(&str, &str)]) -> Document {
        let mut d = Document::new("article.html", Format::Html);
        for (i, (href, text)) in links.iter().enumerate() {
            d.links.push(Link {
                href: href.to_string(),
                text: text.to_string(),
                location: Location::span(i * 100, i * 100 + 50),
            });
        }
        d
    }

    fn run_with(d: &Document, p: &Params) -> Output {
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

    fn run(d: &Document) -> Output {
        run_with(d, &params())
    }

    fn codes_of(out: &Output) -> Vec<&str> {
        out.findings.iter().map(|o| o.code.as_str()).collect()
    }

    #[test]
    fn descriptive_links_pass_with_evidence() {
        let d = doc(&[
            ("/guides", "nos guides de la rénovation"),
            (
                "https://ademe.fr",
                "En savoir plus sur les aides de l’ADEME",
            ),
            ("mailto:presse@verdure.fr", "presse@verdure.fr"),
        ]);
        let out = run(&d);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.evidence[0].code, codes::NAMED);
        assert_eq!(out.evidence[0].args[0].1, "3");
    }

    #[test]
    fn generic_texts_fire_whatever_case_accents_and_punctuation() {
        for text in [
            "Cliquez ici",
            "ICI",
            "en savoir plus…",
            "Lire la suite →",
            "» Voir plus",
            " lien ",
        ] {
            let out = run(&doc(&[("/a", text)]));
            assert_eq!(codes_of(&out), vec![codes::GENERIC_TEXT], "{text}");
            assert_eq!(out.findings[0].location, Location::span(0, 50));
            assert!(out.evidence.is_empty());
        }
        // Words that contain a generic word are not generic.
        for text in [
            "participer ici au salon",
            "Plus d'aides pour l'isolation",
            "Lien vers le programme du salon",
        ] {
            assert!(run(&doc(&[("/a", text)])).findings.is_empty(), "{text}");
        }
    }

    #[test]
    fn empty_links_fire_unless_named_otherwise() {
        let out = run(&doc(&[("/a", "  ")]));
        assert_eq!(codes_of(&out), vec![codes::EMPTY]);

        let mut d = doc(&[("/a", "")]);
        d.elements.push(Element {
            tag: "a".into(),
            attrs: vec![
                ("href".into(), "/a".into()),
                ("aria-label".into(), "Programme du salon".into()),
            ],
            location: Location::span(0, 10),
        });
        assert!(run(&d).findings.is_empty());

        let mut d = doc(&[("/a", "")]);
        d.elements.push(Element {
            tag: "a".into(),
            attrs: vec![("title".into(), "Programme du salon".into())],
            location: Location::span(0, 10),
        });
        assert!(run(&d).findings.is_empty());

        let mut d = doc(&[("/a", "ici")]);
        d.elements.push(Element {
            tag: "a".into(),
            attrs: vec![("aria-labelledby".into(), "titre-3".into())],
            location: Location::span(0, 10),
        });
        assert!(run(&d).findings.is_empty(), "named elsewhere, not judged");
    }

    #[test]
    fn aria_label_replaces_a_generic_visible_text() {
        let mut d = doc(&[("/a", "En savoir plus")]);
        d.elements.push(Element {
            tag: "a".into(),
            attrs: vec![("aria-label".into(), "En savoir plus sur le salon".into())],
            location: Location::span(0, 10),
        });
        assert!(run(&d).findings.is_empty());
        // An aria-label that is itself generic is reported.
        d.elements[0].attrs[0].1 = "ici".into();
        assert_eq!(codes_of(&run(&d)), vec![codes::GENERIC_TEXT]);
    }

    #[test]
    fn image_links_are_left_to_image_alt() {
        let mut d = doc(&[("/a", "")]);
        d.images.push(Image {
            src: "logo.png".into(),
            alt: Some(String::new()),
            location: Location::span(10, 40),
            ..Default::default()
        });
        assert!(run(&d).findings.is_empty());
    }

    #[test]
    fn bare_urls_fire_when_asked() {
        for (href, text) in [
            (
                "https://www.verdure.fr/guides",
                "https://www.verdure.fr/guides",
            ),
            ("https://verdure.fr", "www.verdure.fr"),
            ("https://verdure.fr/guides/", "verdure.fr/guides"),
        ] {
            let out = run(&doc(&[(href, text)]));
            assert_eq!(codes_of(&out), vec![codes::BARE_URL], "{text}");
        }
        let p = Params {
            bare_url: false,
            ..params()
        };
        assert!(
            run_with(&doc(&[("https://verdure.fr", "www.verdure.fr")]), &p)
                .findings
                .is_empty()
        );
        // Text that names a site without being its address is fine.
        assert!(
            run(&doc(&[("https://verdure.fr", "Verdure.fr, notre site")]))
                .findings
                .is_empty()
        );
    }

    #[test]
    fn no_links_no_evidence() {
        let out = run(&doc(&[]));
        assert!(out.findings.is_empty() && out.evidence.is_empty());
    }

    #[test]
    fn params_validate_through_the_registry() {
        let ok: crate::Params = toml::from_str(
            "generic_texts = [\"ici\"]\nbare_url = true\nurl_text_pattern = '^https?://'",
        )
        .unwrap();
        assert!(crate::validate(KIND, &ok).is_ok());
        let mut bad = ok.clone();
        bad.insert("url_text_pattern".into(), toml::Value::String("[".into()));
        assert!(crate::validate(KIND, &bad).is_err());
    }
}
