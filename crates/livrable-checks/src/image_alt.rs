//! `image-alt/…`: does every informative image have a useful text alternative?
//!
//! # What it checks
//!
//! For each image of [`Document::images`], in order:
//!
//! 1. **Image that is a link's only content.** When the image sits inside a link whose
//!    text is blank and that has no `aria-label`, `aria-labelledby` or `title`, the image's
//!    alternative *is* the link's name: a blank one (or a decorative marking) leaves a link
//!    that a screen reader announces as "lien" followed by the address. Reported as
//!    `image-alt/empty-in-link`, whatever the format and even if the image is marked
//!    decorative (an image-link cannot be decorative). An absent alternative there is still
//!    `image-alt/missing`.
//! 2. **Marked decorative** (`role="presentation"`, `aria-hidden`, Word's "décoratif"
//!    box): nothing else is checked; its alternative, if any, is never read out.
//! 3. `image-alt/missing`: no alternative at all (`alt` absent in HTML, no description in
//!    a DOCX). In HTML, an `aria-label` or `aria-labelledby` on the `<img>` counts as an
//!    alternative (RGAA 1.1.1).
//! 4. `image-alt/empty`: an alternative that is empty or only white space, **unless** the
//!    instance sets `empty_alt_is_decorative` and the format is one where an empty
//!    alternative is the standard way to mark a decorative image:
//!
//!    - HTML and e-mail: yes. `alt=""` *is* the decorative marking (RGAA 1.2, WCAG H67);
//!      nothing more explicit exists, and reporting it would fire on every spacer and
//!      ornament of a correct newsletter.
//!    - Markdown: no for `![](photo.png)`, which is what a forgotten description looks
//!      like, and the syntax has no other way to write one, so the author's intent cannot
//!      be told; in a blog article an image is nearly always informative. Reported. But an
//!      image written as an HTML `<img alt="">` tag inside the Markdown (its source text
//!      starts with `<img`) is HTML, where `alt=""` is the decorative marking: decorative.
//!    - DOCX, ODT, PPTX, PDF: no. These formats have an explicit decorative flag (the
//!      reader sets [`Image::decorative`] from it); an empty description without the flag
//!      is what Word's own accessibility checker reports as missing.
//!
//!    Setting `empty_alt_is_decorative = false` makes an instance strict: every empty
//!    alternative is reported, HTML included.
//! 5. For an informative image with a non-blank alternative:
//!    - `image-alt/filename`: the alternative is a file name rather than a description.
//!      Two tests: the folded alternative matches one of the instance's
//!      `file_name_patterns` (`photo.png`, `IMG_2034`, `DSC0001`, `Capture d'écran
//!      2024-…`, `image1`); or it repeats the image's own file name (`equipe-2024.jpg` with
//!      or without the extension; without it, only when it has no space and carries a `-`,
//!      `_` or digit, so that a plain word such as `chat` for `chat.jpg` is left alone).
//!    - `image-alt/auto-generated`: the alternative matches one of `generated_patterns`,
//!      the descriptions Word writes by itself when a picture is inserted (« Une image
//!      contenant plein air, plante… Description générée automatiquement », « A picture
//!      containing … Description automatically generated »): not written by the author,
//!      and a list of objects seldom says what the image brings to the text.
//!    - `image-alt/too-long` (a warning): more than `max_length` characters (graphemes).
//!      125 is the usual heuristic: some screen readers cut or chunk longer alternatives, and
//!      a long description belongs in the text or a caption.
//!    - `image-alt/redundant-prefix` (information): the alternative starts with one of
//!      `redundant_prefixes` ("image de…", "photo de…"); screen readers already say
//!      "image".
//!
//! Matching is on the alternative with white space collapsed and folded
//! ([`livrable_model::french::fold`]: lower case, no accents, `’` → `'`). Patterns are
//! regular expressions applied case-insensitively: write them without accents.
//!
//! When at least one image was seen and none is `missing`, `empty`, `empty-in-link` or
//! `filename`, the evidence `image-alt/all-described` is given with `count`, `described`
//! and `decorative`. A too long or redundant alternative still describes the image, so
//! those two do not withhold the evidence. A document without images gives no evidence:
//! there was nothing to check.
//!
//! # Why
//!
//! An informative image without a text alternative is lost to blind users and to anyone
//! whose images do not load (many e-mail clients block them): RGAA 1.1 and 1.2, WCAG
//! 1.1.1. The certification's "réglementation et bonnes pratiques … accessibilité"
//! criterion applies in every situation.
//!
//! # Limits
//!
//! - Whether a description is *relevant* (RGAA 1.3) is left to a person.
//! - CSS background images, SVG without `<img>`, and text rendered inside an image are not
//!   seen.
//! - Containment in a link is judged from byte spans: a reader that locates a link by its
//!   start tag only gives spans that contain nothing, and the first test then never fires.

use livrable_model::french::fold;
use livrable_model::{Document, Format, Image, Link, Location, Observation};
use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use crate::{Input, Output};

pub const KIND: &str = "image-alt";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const MISSING: &str = "image-alt/missing";
    pub const EMPTY: &str = "image-alt/empty";
    pub const EMPTY_IN_LINK: &str = "image-alt/empty-in-link";
    pub const FILENAME: &str = "image-alt/filename";
    pub const AUTO_GENERATED: &str = "image-alt/auto-generated";
    pub const TOO_LONG: &str = "image-alt/too-long";
    pub const REDUNDANT_PREFIX: &str = "image-alt/redundant-prefix";
    pub const ALL_DESCRIBED: &str = "image-alt/all-described";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(MISSING, &["alt", "src"]),
        CodeDecl::new(EMPTY, &["alt", "src"]),
        CodeDecl::new(EMPTY_IN_LINK, &["alt", "src"]),
        CodeDecl::new(FILENAME, &["alt", "src"]),
        CodeDecl::new(AUTO_GENERATED, &["alt", "src"]),
        CodeDecl::new(TOO_LONG, &["alt", "length", "max", "src"]),
        CodeDecl::new(REDUNDANT_PREFIX, &["alt", "prefix", "src"]),
        CodeDecl::new(ALL_DESCRIBED, &["count", "decorative", "described"]),
    ];
}

/// Alternatives and sources quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 80;

/// Parameters of an `image-alt` instance.
///
/// `empty_alt_is_decorative` is required (it is a policy choice). The others default to
/// "off" — no pattern, no length limit, no prefix — which is neutral: a pack that wants
/// the test states its thresholds and word lists.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// In HTML and e-mail, accept an empty alternative as the decorative marking it is by
    /// standard (see the module documentation). Other formats are unaffected.
    pub empty_alt_is_decorative: bool,
    /// Regular expressions (case-insensitive, matched against the folded alternative) that
    /// recognise a file name or a camera's default name.
    #[serde(default)]
    pub file_name_patterns: Patterns,
    /// Regular expressions (case-insensitive, matched against the folded alternative) that
    /// recognise a description written by software, not by the author (Word's « Une image
    /// contenant … Description générée automatiquement »).
    #[serde(default)]
    pub generated_patterns: Patterns,
    /// Alternatives longer than this many characters get `image-alt/too-long`.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// Openings that repeat what screen readers already say ("image de", "photo de").
    #[serde(default)]
    pub redundant_prefixes: Vec<String>,
}

/// Regular expressions compiled when the pack loads, so that a bad one is reported then,
/// with the pattern, rather than silently never matching.
#[derive(Debug, Clone, Default)]
pub struct Patterns(Vec<Regex>);

impl<'de> serde::Deserialize<'de> for Patterns {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        raw.iter()
            .map(|p| {
                crate::regex_cache::cached_ci(p)
                    .map_err(|e| serde::de::Error::custom(format!("pattern `{p}`: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Patterns)
    }
}

impl Patterns {
    fn matches(&self, text: &str) -> bool {
        self.0.iter().any(|r| r.is_match(text))
    }
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let prefixes: Vec<(String, &str)> = params
        .redundant_prefixes
        .iter()
        .map(|p| (fold(&collapse(p)), p.as_str()))
        .filter(|(folded, _)| !folded.is_empty())
        .collect();

    let mut out = Output::default();
    let mut blocking = false;
    let mut described = 0usize;
    let mut decorative = 0usize;

    for image in &doc.images {
        let blank = image.alt.as_deref().is_none_or(|a| a.trim().is_empty());

        if blank && is_sole_content_of_nameless_link(doc, image) {
            let code = if image.alt.is_none() && !image.decorative {
                codes::MISSING
            } else {
                codes::EMPTY_IN_LINK
            };
            out.findings.push(observe(code, image));
            blocking = true;
            continue;
        }
        if image.decorative {
            decorative += 1;
            continue;
        }
        let alt = match image.alt.as_deref() {
            None if has_aria_name(doc, image) => {
                described += 1;
                continue;
            }
            None => {
                out.findings.push(observe(codes::MISSING, image));
                blocking = true;
                continue;
            }
            Some(a) if a.trim().is_empty() => {
                if params.empty_alt_is_decorative && empty_alt_means_decorative(doc, image) {
                    decorative += 1;
                } else {
                    out.findings.push(observe(codes::EMPTY, image));
                    blocking = true;
                }
                continue;
            }
            Some(a) => a,
        };
        described += 1;

        let normalized = collapse(alt);
        let folded = fold(&normalized);

        if params.file_name_patterns.matches(&folded) || repeats_file_name(&folded, &image.src) {
            out.findings.push(observe(codes::FILENAME, image));
            blocking = true;
        } else if params.generated_patterns.matches(&folded) {
            out.findings.push(observe(codes::AUTO_GENERATED, image));
            blocking = true;
        }
        if let Some(max) = params.max_length {
            let length = normalized.graphemes(true).count();
            if length > max {
                out.findings.push(
                    observe(codes::TOO_LONG, image)
                        .arg("length", length)
                        .arg("max", max),
                );
            }
        }
        if let Some((_, prefix)) = prefixes.iter().find(|(p, _)| starts_with_word(&folded, p)) {
            out.findings
                .push(observe(codes::REDUNDANT_PREFIX, image).arg("prefix", prefix.trim()));
        }
    }

    if !doc.images.is_empty() && !blocking {
        out.evidence.push(
            Observation::new(codes::ALL_DESCRIBED, Location::whole())
                .arg("count", doc.images.len())
                .arg("described", described)
                .arg("decorative", decorative),
        );
    }
    out
}

/// Whether the image was written in a markup with no decorative flag, where an empty
/// alternative is the standard decorative marking: HTML `alt=""` (e-mail being HTML), and
/// an HTML `<img>` tag inside Markdown.
fn empty_alt_means_decorative(doc: &Document, image: &Image) -> bool {
    match doc.format {
        Format::Html | Format::Eml => true,
        Format::Markdown => image
            .location
            .range()
            .and_then(|r| doc.text.get(r))
            .and_then(|source| source.trim_start().get(..4))
            .is_some_and(|head| head.eq_ignore_ascii_case("<img")),
        _ => false,
    }
}

/// An observation on an image, with the alternative and the source quoted.
fn observe(code: &str, image: &Image) -> Observation {
    Observation::new(code, image.location.clone())
        .arg("alt", quote(image.alt.as_deref().unwrap_or("")))
        .arg("src", quote(&image.src))
}

/// Whether the image is inside a link that has no other name: blank text, and no
/// `aria-label`, `aria-labelledby` or `title` on the `<a>` element at the same place.
fn is_sole_content_of_nameless_link(doc: &Document, image: &Image) -> bool {
    let Some(img) = image.location.range() else {
        return false;
    };
    doc.links.iter().any(|link: &Link| {
        let Some(l) = link.location.range() else {
            return false;
        };
        // Strict containment: a link span equal to the image span is a reader that gave
        // both the same place, not a link around the image.
        let contains = l.start <= img.start && img.end <= l.end && l != img;
        contains && link.text.trim().is_empty() && !element_has_name(doc, "a", l.start, true)
    })
}

/// Whether an `<img>` with no `alt` is named by `aria-label` or `aria-labelledby`.
fn has_aria_name(doc: &Document, image: &Image) -> bool {
    image
        .location
        .start
        .is_some_and(|start| element_has_name(doc, "img", start, false))
}

/// Whether the element `tag` starting at `start` carries a non-blank naming attribute.
fn element_has_name(doc: &Document, tag: &str, start: usize, title_counts: bool) -> bool {
    doc.elements
        .iter()
        .filter(|e| e.tag == tag && e.location.start == Some(start))
        .any(|e| {
            let named = |name: &str| e.attr(name).is_some_and(|v| !v.trim().is_empty());
            named("aria-label") || named("aria-labelledby") || (title_counts && named("title"))
        })
}

/// Whether the folded alternative repeats the image's own file name.
fn repeats_file_name(folded_alt: &str, src: &str) -> bool {
    if src
        .trim_start()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
    {
        return false;
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    let name = fold(path.rsplit(['/', '\\']).next().unwrap_or("").trim());
    if name.is_empty() {
        return false;
    }
    if name.contains('.') && folded_alt == name {
        return true;
    }
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    !stem.is_empty()
        && folded_alt == stem
        && !folded_alt.contains(char::is_whitespace)
        && folded_alt.contains(|c: char| c == '-' || c == '_' || c.is_ascii_digit())
}

/// Whether `text` starts with `prefix` ending at a word boundary ("photo de" matches
/// "photo de l'équipe" but not "photo dedicace"). A prefix ending in a non-letter
/// ("image d'", "photo :") needs no boundary.
fn starts_with_word(text: &str, prefix: &str) -> bool {
    let Some(rest) = text.strip_prefix(prefix) else {
        return false;
    };
    let prefix_ends_in_word = prefix.chars().last().is_some_and(char::is_alphanumeric);
    !prefix_ends_in_word || !rest.chars().next().is_some_and(char::is_alphanumeric)
}

/// White space collapsed to single spaces, ends trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text cut for quoting in a message. (The same small helper as in
/// `heading_structure`: kept local so that each check kind stands alone.)
fn quote(text: &str) -> String {
    let collapsed = collapse(text);
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
    use livrable_model::Element;

    /// The rule pack's own accessibility instances: the unit tests run on the shipped
    /// parameters, so that the patterns and word lists the pack gives are pinned here.
    const PACK: &str = include_str!("../../../rules/ccm-n6/checks/accessibility.toml");

    /// The `[check.params]` of the pack's instance `id`.
    fn pack_instance_params(id: &str) -> crate::Params {
        let pack: toml::Table = toml::from_str(PACK).expect("accessibility.toml parses");
        pack.get("check")
            .and_then(|c| c.as_array())
            .and_then(|checks| {
                checks
                    .iter()
                    .find(|c| c.get("id").and_then(|v| v.as_str()) == Some(id))
            })
            .and_then(|c| c.get("params"))
            .and_then(|p| p.as_table())
            .cloned()
            .unwrap_or_else(|| panic!("no instance {id} with params"))
    }

    fn pack_params() -> Params {
        crate::parse(&pack_instance_params("alt-content")).expect("pack parameters parse")
    }

    fn image(alt: Option<&str>, src: &str, at: usize) -> Image {
        Image {
            src: src.into(),
            alt: alt.map(str::to_string),
            location: Location::span(at, at.saturating_add(10)),
            ..Default::default()
        }
    }

    fn doc_with(format: Format, images: Vec<Image>) -> Document {
        let mut d = Document::new("x", format);
        d.images = images;
        d
    }

    fn run(d: &Document, p: &Params) -> Output {
        check(
            &Input {
                doc: d,
                kind: "newsletter",
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

    fn alt_codes(format: Format, alt: &str) -> Vec<String> {
        let d = doc_with(format, vec![image(Some(alt), "media/hero.jpg", 0)]);
        codes_of(&run(&d, &pack_params()))
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn descriptive_alts_give_evidence_only() {
        let d = doc_with(
            Format::Markdown,
            vec![
                image(Some("Deux cyclistes sur le pont de l'île"), "a.jpg", 0),
                image(Some("Logo de la Ville de Nantes"), "logo.svg", 20),
            ],
        );
        let out = run(&d, &pack_params());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let e = &out.evidence[0];
        assert_eq!(e.code, codes::ALL_DESCRIBED);
        assert_eq!(arg(e, "count"), "2");
        assert_eq!(arg(e, "described"), "2");
        assert_eq!(arg(e, "decorative"), "0");
    }

    #[test]
    fn missing_alt_fires_and_is_located_at_the_image() {
        let d = doc_with(
            Format::Html,
            vec![image(Some("Un chat"), "a.jpg", 0), image(None, "b.jpg", 40)],
        );
        let out = run(&d, &pack_params());
        assert_eq!(codes_of(&out), vec![codes::MISSING]);
        assert_eq!(out.findings[0].location, Location::span(40, 50));
        assert_eq!(arg(&out.findings[0], "src"), "b.jpg");
        assert!(out.evidence.is_empty());
    }

    #[test]
    fn missing_alt_is_silent_when_decorative_or_aria_named() {
        let mut img = image(None, "b.jpg", 40);
        img.decorative = true;
        let out = run(&doc_with(Format::Html, vec![img]), &pack_params());
        assert!(out.findings.is_empty());
        assert_eq!(arg(&out.evidence[0], "decorative"), "1");

        let mut d = doc_with(Format::Html, vec![image(None, "b.jpg", 40)]);
        d.elements.push(Element {
            tag: "img".into(),
            attrs: vec![
                ("src".into(), "b.jpg".into()),
                ("aria-label".into(), "Plan d'accès".into()),
            ],
            location: Location::span(40, 50),
        });
        let out = run(&d, &pack_params());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "described"), "1");
    }

    #[test]
    fn empty_alt_in_html_is_decorative_by_convention() {
        let d = doc_with(Format::Html, vec![image(Some(""), "spacer.gif", 0)]);
        let out = run(&d, &pack_params());
        assert!(out.findings.is_empty());
        assert_eq!(arg(&out.evidence[0], "decorative"), "1");
        // E-mail is HTML.
        let d = doc_with(Format::Eml, vec![image(Some(" "), "filet.png", 0)]);
        assert!(run(&d, &pack_params()).findings.is_empty());
    }

    #[test]
    fn empty_alt_fires_in_markdown_and_docx_and_in_strict_html() {
        for format in [Format::Markdown, Format::Docx, Format::Pdf] {
            let d = doc_with(format, vec![image(Some(""), "photo.png", 0)]);
            assert_eq!(
                codes_of(&run(&d, &pack_params())),
                vec![codes::EMPTY],
                "{format:?}"
            );
        }
        let strict = Params {
            empty_alt_is_decorative: false,
            ..pack_params()
        };
        let d = doc_with(Format::Html, vec![image(Some(""), "spacer.gif", 0)]);
        assert_eq!(codes_of(&run(&d, &strict)), vec![codes::EMPTY]);
    }

    #[test]
    fn an_html_img_with_empty_alt_inside_markdown_is_decorative() {
        let text = "![](photo.png)\n\n<IMG src=\"filet.png\" alt=\"\">\n";
        let mut d = doc_with(
            Format::Markdown,
            vec![
                image(Some(""), "photo.png", 0),
                image(Some(""), "filet.png", 16),
            ],
        );
        d.text = text.into();
        d.images[0].location = Location::span(0, 14);
        d.images[1].location = Location::span(16, 44);
        let out = run(&d, &pack_params());
        assert_eq!(codes_of(&out), vec![codes::EMPTY]);
        assert_eq!(out.findings[0].location, Location::span(0, 14));
    }

    #[test]
    fn word_automatic_descriptions_are_not_the_authors() {
        for alt in [
            "Une image contenant plein air, plante, sol\n\nDescription générée automatiquement",
            "Une image contenant texte, capture d’écran, Police",
            "Description générée automatiquement",
            "A picture containing grass, outdoor\n\nDescription automatically generated",
            "Graphical user interface, text, application Description automatically generated",
            "Une image contenant texte. Le contenu généré par l’IA peut être incorrect.",
        ] {
            let d = doc_with(Format::Docx, vec![image(Some(alt), "image1.png", 0)]);
            let out = run(&d, &pack_params());
            assert_eq!(codes_of(&out), vec![codes::AUTO_GENERATED], "{alt}");
            assert!(out.evidence.is_empty(), "not described: no evidence");
        }
        // An author's description that mentions an image is the author's.
        let d = doc_with(
            Format::Docx,
            vec![image(
                Some("Une image de notre atelier contenant des pots de fleurs"),
                "atelier.png",
                0,
            )],
        );
        assert!(!codes_of(&run(&d, &pack_params())).contains(&codes::AUTO_GENERATED));
    }

    #[test]
    fn empty_alt_with_decorative_flag_is_silent_in_any_format() {
        let mut img = image(Some(""), "filet.png", 0);
        img.decorative = true;
        let d = doc_with(Format::Docx, vec![img]);
        assert!(run(&d, &pack_params()).findings.is_empty());
    }

    fn linked(format: Format, alt: Option<&str>, link_text: &str) -> Document {
        let mut d = doc_with(format, vec![image(alt, "logo.png", 110)]);
        d.links.push(Link {
            href: "https://exemple.fr".into(),
            text: link_text.into(),
            location: Location::span(100, 140),
        });
        d
    }

    #[test]
    fn empty_alt_on_the_only_content_of_a_link_fires_even_in_html() {
        let out = run(&linked(Format::Html, Some(""), ""), &pack_params());
        assert_eq!(codes_of(&out), vec![codes::EMPTY_IN_LINK]);
        assert_eq!(out.findings[0].location, Location::span(110, 120));

        // Marked decorative does not excuse it.
        let mut d = linked(Format::Html, None, "");
        d.images[0].decorative = true;
        assert_eq!(
            codes_of(&run(&d, &pack_params())),
            vec![codes::EMPTY_IN_LINK]
        );

        // Absent alt in a link stays `missing`.
        let d = linked(Format::Html, None, "");
        assert_eq!(codes_of(&run(&d, &pack_params())), vec![codes::MISSING]);
    }

    #[test]
    fn empty_alt_in_a_named_link_is_decorative() {
        // The link has visible text beside the image.
        let out = run(&linked(Format::Html, Some(""), "Accueil"), &pack_params());
        assert!(out.findings.is_empty(), "{:?}", out.findings);

        // The link is named by aria-label.
        let mut d = linked(Format::Html, Some(""), "");
        d.elements.push(Element {
            tag: "a".into(),
            attrs: vec![("aria-label".into(), "Accueil".into())],
            location: Location::span(100, 103),
        });
        assert!(run(&d, &pack_params()).findings.is_empty());

        // A link elsewhere does not matter.
        let mut d = doc_with(Format::Html, vec![image(Some(""), "logo.png", 0)]);
        d.links.push(Link {
            href: "https://exemple.fr".into(),
            text: String::new(),
            location: Location::span(100, 140),
        });
        assert!(run(&d, &pack_params()).findings.is_empty());
    }

    #[test]
    fn file_names_fire() {
        for alt in [
            "photo.png",
            "IMG_2034.JPG",
            "IMG_2034",
            "img-2034",
            "DSC0001",
            "DSCN0042",
            "PXL_20240301_101010",
            "P1000123",
            "image1",
            "Image 3",
            "Capture d’écran 2024-03-01 à 10.22.13",
            "CAPTURE D'ÉCRAN (2)",
            "Screenshot 2024-03-01 at 10.22.13",
            "WhatsApp Image 2024-03-01 at 10.22.13",
            "Design sans titre (3)",
            "mon affiche finale.pdf.jpeg",
        ] {
            assert_eq!(alt_codes(Format::Html, alt), vec![codes::FILENAME], "{alt}");
        }
    }

    #[test]
    fn descriptions_that_look_a_little_like_file_names_do_not_fire() {
        for alt in [
            "Capture d'écran de la page d'accueil du site",
            "Photo de groupe",
            "Image de marque : le nouveau logo",
            "Le PNG de la charte en couleurs",
            "Affiche du festival 2024",
            "Imagine : le concert",
            "Picture this",
        ] {
            let codes = alt_codes(Format::Html, alt);
            assert!(
                !codes.iter().any(|c| c == codes::FILENAME),
                "{alt}: {codes:?}"
            );
        }
    }

    #[test]
    fn repeating_the_source_file_name_fires() {
        let p = Params {
            file_name_patterns: Patterns::default(),
            ..pack_params()
        };
        for (alt, src) in [
            ("equipe-2024", "https://ex.fr/img/Équipe-2024.jpg?w=600"),
            ("banniere_ete.png", "assets/banniere_ete.png"),
        ] {
            let d = doc_with(Format::Html, vec![image(Some(alt), src, 0)]);
            assert_eq!(codes_of(&run(&d, &p)), vec![codes::FILENAME], "{alt}");
        }
        // A plain word that happens to be the file's stem is a (short) description.
        for (alt, src) in [
            ("chat", "chat.jpg"),
            ("Logo", "logo.svg"),
            ("x", "data:image/png;base64,AAAA"),
        ] {
            let d = doc_with(Format::Html, vec![image(Some(alt), src, 0)]);
            assert!(run(&d, &p).findings.is_empty(), "{alt}");
        }
    }

    #[test]
    fn too_long_is_a_threshold_from_the_pack() {
        let long = "Une photographie des bénévoles ".repeat(5);
        let out = run(
            &doc_with(Format::Html, vec![image(Some(&long), "a.jpg", 0)]),
            &pack_params(),
        );
        assert_eq!(codes_of(&out), vec![codes::TOO_LONG]);
        assert_eq!(arg(&out.findings[0], "max"), "125");
        assert_eq!(arg(&out.findings[0], "length"), "154");
        assert!(arg(&out.findings[0], "alt").ends_with('…'));
        assert_eq!(out.evidence.len(), 1, "a long alternative still describes");

        // Exactly at the limit, counted in characters not bytes.
        let at_limit = "é".repeat(125);
        let d = doc_with(Format::Html, vec![image(Some(&at_limit), "a.jpg", 0)]);
        assert!(run(&d, &pack_params()).findings.is_empty());

        // No limit without the parameter.
        let p = Params {
            max_length: None,
            ..pack_params()
        };
        let d = doc_with(Format::Html, vec![image(Some(&long), "a.jpg", 0)]);
        assert!(run(&d, &p).findings.is_empty());
    }

    #[test]
    fn redundant_prefix_fires_on_word_boundary_only() {
        let out = run(
            &doc_with(
                Format::Markdown,
                vec![image(Some("Photo  de l'équipe au salon"), "a.jpg", 0)],
            ),
            &pack_params(),
        );
        assert_eq!(codes_of(&out), vec![codes::REDUNDANT_PREFIX]);
        assert_eq!(arg(&out.findings[0], "prefix"), "photo de");
        assert_eq!(out.evidence.len(), 1);

        assert_eq!(
            alt_codes(Format::Html, "IMAGE D'UN phare breton"),
            vec![codes::REDUNDANT_PREFIX]
        );
        for alt in [
            "Photo dédicacée par l'artiste",
            "Imagerie médicale",
            "Le photographe au travail",
            "Image",
        ] {
            assert!(alt_codes(Format::Html, alt).is_empty(), "{alt}");
        }
    }

    #[test]
    fn several_findings_on_one_image_are_all_reported() {
        let long = format!("Photo de {}", "x".repeat(200));
        let codes = alt_codes(Format::Html, &format!("{long}.png"));
        assert_eq!(
            codes,
            vec![codes::FILENAME, codes::TOO_LONG, codes::REDUNDANT_PREFIX]
        );
    }

    #[test]
    fn no_images_no_evidence() {
        let out = run(&doc_with(Format::Html, vec![]), &pack_params());
        assert_eq!(out, Output::default());
    }

    #[test]
    fn pack_instances_share_their_parameters() {
        let pack: toml::Table = toml::from_str(PACK).unwrap();
        let reference = pack_instance_params("alt-content");
        let mut seen = 0;
        for check in pack["check"].as_array().unwrap() {
            if check["kind"].as_str() == Some(KIND) {
                let id = check["id"].as_str().unwrap();
                assert_eq!(
                    pack_instance_params(id),
                    reference,
                    "{id} drifted from alt-content"
                );
                seen += 1;
            }
        }
        assert!(seen > 1);
    }

    #[test]
    fn params_validate_through_the_registry() {
        assert!(crate::validate(KIND, &pack_instance_params("alt-content")).is_ok());
        let minimal: crate::Params = toml::from_str("empty_alt_is_decorative = true").unwrap();
        assert!(crate::validate(KIND, &minimal).is_ok());

        let bad_regex: crate::Params =
            toml::from_str("empty_alt_is_decorative = true\nfile_name_patterns = ['(img']")
                .unwrap();
        let err = crate::validate(KIND, &bad_regex).unwrap_err();
        assert!(err.0.contains("(img"), "{err}");

        let typo: crate::Params =
            toml::from_str("empty_alt_is_decorative = true\nmax_lenght = 125").unwrap();
        assert!(crate::validate(KIND, &typo).is_err());
        let missing: crate::Params = toml::from_str("max_length = 125").unwrap();
        assert!(crate::validate(KIND, &missing).is_err());
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let d = doc_with(
            Format::Html,
            vec![
                image(Some("\u{0}\u{301}é\u{200b}"), "\\", 0),
                image(Some("é.png"), "é", usize::MAX - 5),
                Image {
                    location: Location::page(3),
                    alt: Some(String::new()),
                    ..Default::default()
                },
            ],
        );
        let _ = run(&d, &pack_params());
    }
}
