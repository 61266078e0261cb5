//! `print/…`: is a print deliverable (flyer, poster, brochure…) made to a printable format?
//!
//! # What it checks
//!
//! The *support* (flyer, affiche, brochure…) is, in order: the candidate's `support =
//! "flyer"` in `livrables.toml`, else a keyword of a support in the file's path (whole
//! words, accents and case ignored: `Martin_flyer_fete.pdf`). Supports, their keywords,
//! sizes and page counts are data of the instance.
//!
//! - `print/page-size` (once per distinct size): a page whose trimmed size is none of the
//!   support's sizes (or, when the support is unknown, none of the known print sizes), in
//!   either orientation, within `tolerance_mm`. A page without a trim box whose media box is
//!   a known size plus bleed (between 0 and `max_bleed_mm` on each side) is accepted: that is
//!   how most tools export "with bleed". Located at the first page of that size.
//! - `print/page-count`: the page count is not one of the support's `pages` (a flyer has 1
//!   or 2 pages, a saddle-stitched brochure a multiple of 4). Not checked when the support is
//!   unknown.
//!
//! When both pass, the evidence `print/format` gives the size name and page count.
//!
//! # Why
//!
//! The C2.1 situation asks for "un support print adapté au canal de distribution"
//! (C2.1/CE2/5). A file that is not to a standard size, or whose page count cannot be
//! folded and bound, cannot go to a printer as it is: the printer asks for a new file, or
//! crops and scales it.
//!
//! # Limits
//!
//! - Only page geometry is read: resolution (300 dpi), colour space (CMYK), fonts and ink
//!   coverage are not (they need the images and the content streams decoded).
//! - Page sizes come from the PDF reader; other formats (DOCX, PPTX) give none, and only
//!   their page count, when known, is checked.
//! - Whether the support suits the *channel* (a poster for a shop window, a flyer for a
//!   letterbox) is the evaluator's call.

use livrable_model::french::fold;
use livrable_model::{Location, Observation};

use crate::text::{contains_words, match_words};
use crate::{Input, Output};

pub const KIND: &str = "print";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const PAGE_SIZE: &str = "print/page-size";
    pub const PAGE_COUNT: &str = "print/page-count";
    pub const FORMAT: &str = "print/format";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(
            PAGE_SIZE,
            &["expected", "height_mm", "page", "support", "width_mm"],
        ),
        CodeDecl::new(PAGE_COUNT, &["expected", "pages", "support"]),
        CodeDecl::new(FORMAT, &["pages", "size", "support"]),
    ];
}

/// One point (1/72 inch) in millimetres.
const MM_PER_POINT: f64 = 25.4 / 72.0;

/// Parameters of a `print` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// How far (in mm) a page may be from a size and still be that size.
    pub tolerance_mm: f64,
    /// Most bleed (in mm, on each side) a media box may add to a known size.
    pub max_bleed_mm: f64,
    /// Known print sizes.
    pub sizes: Vec<Size>,
    /// Kinds of print supports.
    #[serde(default)]
    pub supports: Vec<Support>,
}

/// A print size, in millimetres, portrait (width ≤ height); landscape is the same size.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Size {
    /// Its name as users know it (`A5`, `DL`).
    pub name: String,
    pub width_mm: f64,
    pub height_mm: f64,
}

/// A kind of print support and what it is made to.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// Its name as users write it in the manifest (`flyer`).
    pub name: String,
    /// Words of a file path that name it (`tract`, `flyer`).
    pub keywords: Vec<String>,
    /// Names of the [`Size`]s it comes in.
    pub sizes: Vec<String>,
    /// Page counts it can have.
    pub pages: Vec<u32>,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    let support = support(input, params);
    let allowed: Vec<&Size> = match support {
        Some(s) => params
            .sizes
            .iter()
            .filter(|z| s.sizes.iter().any(|n| n.eq_ignore_ascii_case(&z.name)))
            .collect(),
        None => params.sizes.iter().collect(),
    };

    let mut size_ok = None;
    let mut reported: Vec<(f64, f64)> = Vec::new();
    for (i, &trim) in doc.meta.page_sizes.iter().enumerate() {
        let media = doc.meta.media_sizes.get(i).copied().unwrap_or(trim);
        match matching_size(trim, media, &allowed, params) {
            Some(size) => {
                size_ok.get_or_insert(Some(size));
            }
            None => {
                size_ok = Some(None);
                let (w, h) = (trim.0 * MM_PER_POINT, trim.1 * MM_PER_POINT);
                let seen = reported.iter().any(|&(a, b)| {
                    (a - w).abs() <= params.tolerance_mm && (b - h).abs() <= params.tolerance_mm
                });
                if !seen {
                    reported.push((w, h));
                    out.findings.push(
                        Observation::new(codes::PAGE_SIZE, Location::page(page_number(i)))
                            .arg("width_mm", w.round())
                            .arg("height_mm", h.round())
                            .arg("page", page_number(i))
                            .arg("support", support.map_or("", |s| s.name.as_str()))
                            .arg("expected", names(&allowed)),
                    );
                }
            }
        }
    }

    let mut count_ok = None;
    if let (Some(s), Some(pages)) = (support, doc.meta.pages) {
        if s.pages.contains(&pages) {
            count_ok = Some(true);
        } else {
            count_ok = Some(false);
            let expected: Vec<String> = s.pages.iter().map(u32::to_string).collect();
            out.findings.push(
                Observation::new(codes::PAGE_COUNT, Location::whole())
                    .arg("pages", pages)
                    .arg("support", &s.name)
                    .arg("expected", expected.join(", ")),
            );
        }
    }

    if let (Some(Some(size)), false) = (size_ok, count_ok == Some(false)) {
        out.evidence.push(
            Observation::new(codes::FORMAT, Location::whole())
                .arg("size", &size.name)
                .arg(
                    "pages",
                    doc.meta.pages.map(|p| p.to_string()).unwrap_or_default(),
                )
                .arg("support", support.map_or("", |s| s.name.as_str())),
        );
    }
    out
}

fn page_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

fn names(sizes: &[&Size]) -> String {
    sizes
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The support declared in the manifest (`support = "flyer"`, by name or keyword), else
/// the first whose keyword is in the file's path.
fn support<'p>(input: &Input, params: &'p Params) -> Option<&'p Support> {
    if let Some(declared) = input.options.get("support").and_then(|v| v.as_str()) {
        let words = match_words(declared);
        if let Some(s) = params.supports.iter().find(|s| {
            match_words(&s.name) == words || s.keywords.iter().any(|k| match_words(k) == words)
        }) {
            return Some(s);
        }
    }
    let path = input
        .doc
        .path
        .rsplit_once('.')
        .map_or(input.doc.path.as_str(), |(s, _)| s);
    let words = match_words(&fold(path).replace('_', " "));
    params.supports.iter().find(|s| {
        s.keywords
            .iter()
            .any(|k| contains_words(&words, &match_words(k)))
    })
}

/// The size a page is made to: its trimmed size, or its media box less a bleed.
fn matching_size<'s>(
    trim: (f64, f64),
    media: (f64, f64),
    sizes: &[&'s Size],
    params: &Params,
) -> Option<&'s Size> {
    let mm = |(w, h): (f64, f64)| {
        let (w, h) = (w * MM_PER_POINT, h * MM_PER_POINT);
        (w.min(h), w.max(h))
    };
    let (tw, th) = mm(trim);
    let (mw, mh) = mm(media);
    let tol = params.tolerance_mm;
    sizes
        .iter()
        .find(|s| {
            let (sw, sh) = (s.width_mm.min(s.height_mm), s.width_mm.max(s.height_mm));
            let exact = (tw - sw).abs() <= tol && (th - sh).abs() <= tol;
            let bleed = |m: f64, s: f64| m >= s - tol && m <= s + 2.0 * params.max_bleed_mm + tol;
            let with_bleed = trim == media
                && bleed(mw, sw)
                && bleed(mh, sh)
                && ((mw - sw) - (mh - sh)).abs() <= 2.0 * tol;
            exact || with_bleed
        })
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{Document, Format};

    const PT: f64 = 72.0 / 25.4;

    fn params() -> Params {
        crate::parse(
            &toml::from_str(
                r#"
tolerance_mm = 2.0
max_bleed_mm = 5.0
sizes = [
  { name = "A4", width_mm = 210, height_mm = 297 },
  { name = "A5", width_mm = 148, height_mm = 210 },
  { name = "A6", width_mm = 105, height_mm = 148 },
  { name = "DL", width_mm = 99, height_mm = 210 },
  { name = "A2", width_mm = 420, height_mm = 594 },
]
[[supports]]
name = "flyer"
keywords = ["flyer", "tract"]
sizes = ["A5", "A6", "DL"]
pages = [1, 2]
[[supports]]
name = "brochure"
keywords = ["brochure", "livret"]
sizes = ["A4", "A5"]
pages = [4, 8, 12, 16]
"#,
            )
            .unwrap(),
        )
        .unwrap()
    }

    fn doc(path: &str, pages: &[(f64, f64)]) -> Document {
        let mut d = Document::new(path, Format::Pdf);
        d.meta.pages = Some(pages.len() as u32);
        d.meta.page_sizes = pages.iter().map(|&(w, h)| (w * PT, h * PT)).collect();
        d.meta.media_sizes = d.meta.page_sizes.clone();
        d
    }

    fn run_with(d: &Document, options: &toml::Table) -> Output {
        check(
            &Input {
                doc: d,
                kind: "print",
                submission: &[],
                options,
            },
            &params(),
        )
    }

    fn run(d: &Document) -> Output {
        run_with(d, &toml::Table::new())
    }

    fn codes(out: &Output) -> Vec<&str> {
        out.findings.iter().map(|o| o.code.as_str()).collect()
    }

    #[test]
    fn an_a5_flyer_in_either_orientation_passes() {
        let out = run(&doc("Martin_flyer.pdf", &[(148.0, 210.0), (210.0, 148.0)]));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.evidence[0].args[0], ("size".into(), "A5".into()));
    }

    #[test]
    fn bleed_on_the_media_box_is_accepted() {
        let mut d = doc("tract.pdf", &[(154.0, 216.0)]);
        assert!(run(&d).findings.is_empty());
        // Uneven "bleed" is a different size.
        d.meta.page_sizes = vec![(148.0 * PT, 230.0 * PT)];
        d.meta.media_sizes = d.meta.page_sizes.clone();
        assert_eq!(codes(&run(&d)), vec![codes::PAGE_SIZE]);
        // A trim box that is not a known size is not excused by its media box.
        d.meta.page_sizes = vec![(160.0 * PT, 220.0 * PT)];
        d.meta.media_sizes = vec![(154.0 * PT, 216.0 * PT)];
        assert_eq!(codes(&run(&d)), vec![codes::PAGE_SIZE]);
    }

    #[test]
    fn a_size_outside_the_support_fires_once_per_size() {
        let out = run(&doc("flyer.pdf", &[(210.0, 297.0), (210.0, 297.0)]));
        assert_eq!(codes(&out), vec![codes::PAGE_SIZE]);
        let o = &out.findings[0];
        assert!(o.args.contains(&("expected".into(), "A5, A6, DL".into())));
        assert!(o.args.contains(&("width_mm".into(), "210".into())));
        assert_eq!(o.location, Location::page(1));
        assert!(out.evidence.is_empty());
    }

    #[test]
    fn unknown_support_checks_every_size_but_not_the_page_count() {
        let out = run(&doc("visuel.pdf", &[(420.0, 594.0); 7]));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let out = run(&doc("visuel.pdf", &[(200.0, 200.0)]));
        assert_eq!(codes(&out), vec![codes::PAGE_SIZE]);
    }

    #[test]
    fn page_count_follows_the_support() {
        let out = run(&doc("flyer.pdf", &[(148.0, 210.0); 3]));
        assert_eq!(codes(&out), vec![codes::PAGE_COUNT]);
        assert!(out.findings[0]
            .args
            .contains(&("expected".into(), "1, 2".into())));
        assert!(run(&doc("livret.pdf", &[(148.0, 210.0); 8]))
            .findings
            .is_empty());
        assert_eq!(
            codes(&run(&doc("livret.pdf", &[(148.0, 210.0); 6]))),
            vec![codes::PAGE_COUNT]
        );
    }

    #[test]
    fn the_manifest_names_the_support() {
        let mut options = toml::Table::new();
        options.insert("support".into(), "Brochure".into());
        let out = run_with(&doc("support-print.pdf", &[(148.0, 210.0); 3]), &options);
        assert_eq!(codes(&out), vec![codes::PAGE_COUNT]);
        options.insert("support".into(), "tract".into());
        let out = run_with(&doc("support-print.pdf", &[(148.0, 210.0); 2]), &options);
        assert!(out.findings.is_empty());
    }

    #[test]
    fn documents_without_geometry_give_nothing_to_say_on_size() {
        let d = Document::new("flyer.docx", Format::Docx);
        assert_eq!(run(&d), Output::default());
    }
}
