//! `pdf/…`: is a PDF deliverable accessible at the document level?
//!
//! # What it checks
//!
//! On PDF documents only (other formats give nothing):
//!
//! - `pdf/untagged`: the file is not tagged (no `/MarkInfo /Marked true` with a structure
//!   tree). A screen reader then reads the page as an unordered heap of text: no headings,
//!   no lists, no reading order, no alternative for any figure.
//! - `pdf/no-lang`: no document language (`/Lang`), or one that says nothing
//!   (`meaningless_langs`: `zxx` "no linguistic content", `und` "undetermined", which
//!   LibreOffice and some converters write when no language was set). Screen readers then
//!   read French with the voice of the reader's own settings.
//! - `pdf/no-title`: no title in the document properties, or a tool's default one
//!   (`placeholder_titles`: "Sans titre", "Document1", "Microsoft Word - rapport.docx", a
//!   file name). Readers show the title in the window bar and the tab; without it they show
//!   the file name.
//!
//! When the three pass, the evidence `pdf/accessible` is given with the language and title.
//!
//! Headings and figures of a tagged PDF are checked by `heading-structure` and `image-alt`
//! through the document model, as for any other format.
//!
//! # Why
//!
//! PDF/UA (ISO 14289-1) and WCAG's PDF techniques (PDF1, PDF16, PDF18) ask for exactly these
//! three at the document level (catalogue CHECKS.md, A11Y-PDF). Every evaluation situation
//! has a criterion on "réglementation et bonnes pratiques … accessibilité"; the rule pack
//! gives the one of the situation where each deliverable is evaluated.
//!
//! # Limits
//!
//! Whether the tags are *right* (reading order, table headers, artefacts) needs a person or
//! a full PDF/UA validator; this check only sees whether they exist. Whether the language
//! code is valid (`fr-FR`, not `francais`) is not checked.

use livrable_model::french::fold;
use livrable_model::{Format, Location, Observation};
use regex::Regex;

use crate::text::quote;
use crate::{Input, Output};

pub const KIND: &str = "pdf";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const UNTAGGED: &str = "pdf/untagged";
    pub const NO_LANG: &str = "pdf/no-lang";
    pub const NO_TITLE: &str = "pdf/no-title";
    pub const ACCESSIBLE: &str = "pdf/accessible";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(UNTAGGED, &["pages"]),
        CodeDecl::new(NO_LANG, &["lang"]),
        CodeDecl::new(NO_TITLE, &["title"]),
        CodeDecl::new(ACCESSIBLE, &["lang", "pages", "title"]),
    ];
}

/// Parameters of a `pdf` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Language values that declare no language, compared case-insensitively.
    #[serde(default)]
    pub meaningless_langs: Vec<String>,
    /// Regular expressions (case-insensitive, matched against the folded title) that
    /// recognise a tool's default title or a file name.
    #[serde(default)]
    pub placeholder_titles: Patterns,
}

/// Regular expressions compiled when the pack loads.
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

/// Titles and languages quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 80;

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    if doc.format != Format::Pdf {
        return out;
    }
    let meta = &doc.meta;
    if meta.tagged == Some(false) {
        out.findings
            .push(Observation::new(codes::UNTAGGED, Location::whole()).arg("pages", pages(doc)));
    }

    let lang = meta.lang.as_deref().map(str::trim).unwrap_or("");
    let lang_ok = !lang.is_empty()
        && !params
            .meaningless_langs
            .iter()
            .any(|m| m.trim().eq_ignore_ascii_case(lang));
    if !lang_ok {
        out.findings.push(
            Observation::new(codes::NO_LANG, Location::whole()).arg("lang", quote(lang, QUOTE_MAX)),
        );
    }

    let title = meta.title.as_deref().map(str::trim).unwrap_or("");
    let folded = fold(&title.split_whitespace().collect::<Vec<_>>().join(" "));
    let title_ok = !title.is_empty()
        && !params
            .placeholder_titles
            .0
            .iter()
            .any(|r| r.is_match(&folded));
    if !title_ok {
        out.findings.push(
            Observation::new(codes::NO_TITLE, Location::whole())
                .arg("title", quote(title, QUOTE_MAX)),
        );
    }

    if out.findings.is_empty() && meta.tagged == Some(true) {
        out.evidence.push(
            Observation::new(codes::ACCESSIBLE, Location::whole())
                .arg("lang", quote(lang, QUOTE_MAX))
                .arg("title", quote(title, QUOTE_MAX))
                .arg("pages", pages(doc)),
        );
    }
    out
}

fn pages(doc: &livrable_model::Document) -> String {
    doc.meta.pages.map(|p| p.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::Document;

    fn params() -> Params {
        crate::parse(
            &toml::from_str(
                r#"
meaningless_langs = ["zxx", "und"]
placeholder_titles = ['^(sans titre|untitled|document ?\d*)$', '\.(docx?|pdf|odt)$', '^microsoft (word|powerpoint) - ']
"#,
            )
            .unwrap(),
        )
        .unwrap()
    }

    fn pdf(tagged: bool, lang: Option<&str>, title: Option<&str>) -> Document {
        let mut d = Document::new("r.pdf", Format::Pdf);
        d.meta.tagged = Some(tagged);
        d.meta.lang = lang.map(str::to_string);
        d.meta.title = title.map(str::to_string);
        d.meta.pages = Some(3);
        d
    }

    fn run(d: &Document) -> Output {
        check(
            &Input {
                doc: d,
                kind: "report",
                submission: &[],
                options: &toml::Table::new(),
            },
            &params(),
        )
    }

    fn codes(d: &Document) -> Vec<String> {
        run(d).findings.into_iter().map(|o| o.code).collect()
    }

    #[test]
    fn accessible_pdf_gives_evidence() {
        let out = run(&pdf(true, Some("fr-FR"), Some("Rapport d'activité 2025")));
        assert!(out.findings.is_empty());
        assert_eq!(out.evidence[0].code, codes::ACCESSIBLE);
    }

    #[test]
    fn each_defect_fires_alone() {
        assert_eq!(
            codes(&pdf(false, Some("fr"), Some("Rapport"))),
            vec![codes::UNTAGGED]
        );
        assert_eq!(
            codes(&pdf(true, None, Some("Rapport"))),
            vec![codes::NO_LANG]
        );
        assert_eq!(
            codes(&pdf(true, Some(" ZXX "), Some("Rapport"))),
            vec![codes::NO_LANG]
        );
        assert_eq!(codes(&pdf(true, Some("fr"), None)), vec![codes::NO_TITLE]);
        assert!(run(&pdf(false, Some("fr"), Some("Rapport")))
            .evidence
            .is_empty());
    }

    #[test]
    fn default_titles_are_no_titles() {
        for t in [
            "Sans titre",
            "Document1",
            "rapport final.docx",
            "Microsoft Word - rapport.docx",
            "  ",
        ] {
            assert_eq!(
                codes(&pdf(true, Some("fr"), Some(t))),
                vec![codes::NO_TITLE],
                "{t}"
            );
        }
        for t in [
            "Document de cadrage",
            "Rapport PDF 2025",
            "Untitled : une exposition",
        ] {
            assert!(codes(&pdf(true, Some("fr"), Some(t))).is_empty(), "{t}");
        }
    }

    #[test]
    fn other_formats_are_not_checked() {
        let d = Document::new("r.docx", Format::Docx);
        assert_eq!(run(&d), Output::default());
    }
}
