//! `image-rights/…`: do the images of a printed or social deliverable carry a credit or a
//! rights mention?
//!
//! # What it checks
//!
//! For each image of the document that is not decorative, not a logo or an icon (its folded
//! source or alternative contains one of `skip_words`) and not small (both sides known and
//! under `min_side` pixels), a credit is looked for:
//!
//! - **next to the image**: in its `title`, or in the source text within `window` bytes
//!   before or after it (a caption, a line under the photo), tags removed; for an image
//!   located by page or slide, in the text blocks of the same page;
//! - **for the whole document**: a credits line, that is a block that *starts* with one of
//!   `credit_line_starts` (« Crédits photos : … », « Photos : … », « © … »), covers every
//!   image, as a flyer's single credit line does.
//!
//! A credit is one of `credit_marks`: symbols and punctuated forms matched as written in the
//! folded text (`©`, `(c)`, `photo :`), and words matched whole (`crédit`, `droits
//! réservés`, `DR`, `Unsplash`, `CC BY`).
//!
//! - `image-rights/no-credit` (information): an image with no credit near it and no
//!   credits line in the document, located at the image.
//!
//! Evidence: `image-rights/credited` when every checked image has a credit (with the count).
//!
//! # Why
//!
//! Every situation grades « les législations / réglementations en vigueur (ex : […] droit à
//! l'image) […] sont respectées ». A photo belongs to its author (Code de la propriété
//! intellectuelle, L.121-1: the right to be named); a stock image comes with a licence that
//! often requires a credit; a recognisable person must have agreed in writing (Code civil,
//! art. 9). A missing credit is the visible sign that the question was not asked.
//!
//! # Limits
//!
//! - Information only: whether an image shows a recognisable person, and whether the
//!   authorisation exists, only a person can see; the help and the checklist ask it.
//! - An image inside a picture (a photo pasted into a Canva poster exported as one image) is
//!   not seen; nor is a credit written inside the image itself.
//! - A credit is recognised by its words, not checked for truth.

use livrable_model::french::fold;
use livrable_model::{Document, Image, Location, Observation};

use crate::text::contains_phrase;
use crate::tokens::{floor_boundary, source_range, strip_tags};
use crate::{Input, Output};

pub const KIND: &str = "image-rights";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_CREDIT: &str = "image-rights/no-credit";
    pub const CREDITED: &str = "image-rights/credited";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_CREDIT, &["src"]),
        CodeDecl::new(CREDITED, &["count"]),
    ];
}

/// Parameters of an `image-rights` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Credit marks: an entry with a letter and no punctuation is a word or phrase matched
    /// whole on folded text (`credit`, `droits reserves`); any other (`©`, `photo :`) is
    /// matched as written in the folded text.
    pub credit_marks: Vec<String>,
    /// A block starting with one of these (folded) is a credits line for the whole document.
    pub credit_line_starts: Vec<String>,
    /// Bytes of source before and after an image searched for its credit.
    pub window: usize,
    /// Images whose folded source or alternative contains one of these are not photos to
    /// credit (`logo`, `icone`, `picto`).
    pub skip_words: Vec<String>,
    /// Images whose width and height are both known and under this are icons.
    pub min_side: u32,
}

/// Image sources quoted in a finding are cut to this many characters.
const QUOTE_MAX: usize = 80;

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    let images: Vec<&Image> = doc.images.iter().filter(|i| to_check(i, params)).collect();
    if images.is_empty() {
        return out;
    }
    let credits_line = doc.blocks.iter().any(|b| {
        let t = fold(b.text.trim());
        params
            .credit_line_starts
            .iter()
            .any(|s| t.starts_with(&fold(s)))
    });
    let mut missing = 0;
    for image in &images {
        if credits_line || credited_near(doc, image, params) {
            continue;
        }
        missing += 1;
        out.findings.push(
            Observation::new(codes::NO_CREDIT, image.location.clone())
                .arg("src", crate::text::quote(&image.src, QUOTE_MAX)),
        );
    }
    if missing == 0 {
        out.evidence
            .push(Observation::new(codes::CREDITED, Location::whole()).arg("count", images.len()));
    }
    out
}

/// A photo or illustration that needs a credit (see the module documentation).
fn to_check(image: &Image, params: &Params) -> bool {
    if image.decorative {
        return false;
    }
    let names = fold(&format!(
        "{} {}",
        image.src,
        image.alt.as_deref().unwrap_or("")
    ));
    if params.skip_words.iter().any(|w| names.contains(&fold(w))) {
        return false;
    }
    let small = matches!((image.width, image.height), (Some(w), Some(h)) if w < params.min_side && h < params.min_side);
    !small
}

/// True when `text` holds one of the credit marks.
pub fn has_credit(text: &str, marks: &[String]) -> bool {
    let folded = fold(text);
    marks.iter().any(|m| {
        let is_phrase = m.chars().any(char::is_alphabetic)
            && m.chars()
                .all(|c| c.is_alphanumeric() || c.is_whitespace() || c == '\'');
        if is_phrase {
            contains_phrase(text, m)
        } else {
            folded.contains(&fold(m))
        }
    })
}

fn credited_near(doc: &Document, image: &Image, params: &Params) -> bool {
    if image
        .title
        .as_deref()
        .is_some_and(|t| has_credit(t, &params.credit_marks))
    {
        return true;
    }
    if let Some(r) = source_range(doc, &image.location) {
        let from = floor_boundary(&doc.text, r.start.saturating_sub(params.window));
        let to = floor_boundary(&doc.text, r.end.saturating_add(params.window));
        let around = doc.text.get(from..to).unwrap_or("");
        return has_credit(&strip_tags(around), &params.credit_marks);
    }
    if let Some(page) = image.location.page {
        return doc
            .blocks
            .iter()
            .filter(|b| b.location.page == Some(page))
            .any(|b| has_credit(&b.text, &params.credit_marks));
    }
    false
}

#[cfg(test)]
mod tests;
