//! `green-claims/…`: generic environmental claims that French and European law restrict.
//!
//! # What it checks
//!
//! The text of every block but code is matched, on whole folded words (case, accents,
//! apostrophes and hyphens ignored: `l'Environnement` is `l environnement`), against two
//! phrase lists of the instance:
//!
//! - `generic`: claims that say a product or an action is good for the environment without
//!   saying how (« respectueux de l'environnement », « écologique », « éco-responsable »,
//!   « biodégradable », « bon pour la planète ») → `green-claims/generic-claim`;
//! - `carbon`: claims of carbon neutrality or of offset emissions (« neutre en carbone »,
//!   « zéro carbone », « 100 % compensé ») → `green-claims/carbon-claim`.
//!
//! A match inside one of the `exceptions` phrases is not a claim (« transition écologique »,
//! « empreinte écologique », « objectif de neutralité carbone »). Each distinct claim is
//! reported once, at its first occurrence, with the number of occurrences.
//!
//! Evidence: `green-claims/none` when the text has none.
//!
//! # Why
//!
//! Every situation grades « les enjeux environnementaux et sociaux sont pris en compte à
//! travers une communication responsable ». The law restricts exactly these words:
//! Code de l'environnement L.541-9-1 (loi AGEC, art. 13) forbids « biodégradable »,
//! « respectueux de l'environnement » and equivalent wording on products and packaging;
//! L.229-68 (loi Climat et résilience, art. 12; décret 2022-539) forbids claiming that a
//! product or service is carbon neutral without a published greenhouse-gas report and
//! reduction trajectory; Directive (UE) 2024/825 makes generic environmental claims without
//! recognised excellent performance, and claims based on offsetting, unfair practices from
//! 27 September 2026. CHECKS.md §9 ECO-GREENCLAIMS.
//!
//! # Limits
//!
//! - Words, not meaning: a claim quoted to be criticised (« évitez “écologique” ») is
//!   reported; a claim worded otherwise is missed. The findings ask the candidate to
//!   justify or rephrase; the evaluator judges.
//! - No stemming: every form that should match is in the list.

use std::ops::Range;

use livrable_model::french::fold;
use livrable_model::{BlockKind, Location, Observation};
use unicode_segmentation::UnicodeSegmentation;

use crate::tokens::{Locator, Place};
use crate::{Input, Output};

pub const KIND: &str = "green-claims";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const GENERIC_CLAIM: &str = "green-claims/generic-claim";
    pub const CARBON_CLAIM: &str = "green-claims/carbon-claim";
    pub const NONE: &str = "green-claims/none";
}

/// Parameters of a `green-claims` instance. Phrases are matched on whole folded words.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Generic environmental claims.
    pub generic: Vec<String>,
    /// Carbon-neutrality and offsetting claims.
    pub carbon: Vec<String>,
    /// Phrases in which a listed claim is not one.
    #[serde(default)]
    pub exceptions: Vec<String>,
}

/// Folded words of `text` with their byte ranges; apostrophes and hyphens split words.
fn words(text: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    for (at, w) in text.unicode_word_indices() {
        let mut start = 0;
        for (i, c) in w.char_indices() {
            if matches!(c, '\'' | '’' | '-' | '\u{2010}' | '\u{2011}') {
                if i > start {
                    out.push((fold(w.get(start..i).unwrap_or("")), at + start..at + i));
                }
                start = i + c.len_utf8();
            }
        }
        if start < w.len() {
            out.push((fold(w.get(start..).unwrap_or("")), at + start..at + w.len()));
        }
    }
    out
}

/// The folded words of a phrase of the pack.
fn phrase(p: &str) -> Vec<String> {
    words(p).into_iter().map(|(w, _)| w).collect()
}

/// Word-index ranges where `needle` occurs in `hay`.
fn occurrences(hay: &[(String, Range<usize>)], needle: &[String]) -> Vec<Range<usize>> {
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| {
            hay.get(i..i + needle.len())
                .is_some_and(|w| w.iter().zip(needle).all(|((a, _), b)| a == b))
        })
        .map(|i| i..i + needle.len())
        .collect()
}

/// A claim found: its code, the pack's phrase, where first, how many times.
struct Claim {
    code: &'static str,
    phrase: String,
    location: Location,
    count: usize,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    let lists: Vec<(&'static str, &String, Vec<String>)> = params
        .generic
        .iter()
        .map(|p| (codes::GENERIC_CLAIM, p))
        .chain(params.carbon.iter().map(|p| (codes::CARBON_CLAIM, p)))
        .map(|(c, p)| (c, p, phrase(p)))
        .filter(|(_, _, w)| !w.is_empty())
        .collect();
    let exceptions: Vec<Vec<String>> = params
        .exceptions
        .iter()
        .map(|e| phrase(e))
        .filter(|w| !w.is_empty())
        .collect();
    let mut claims: Vec<Claim> = Vec::new();
    let mut any_text = false;
    for block in doc.blocks.iter().filter(|b| b.kind != BlockKind::Code) {
        let hay = words(&block.text);
        any_text |= !hay.is_empty();
        let excepted: Vec<Range<usize>> = exceptions
            .iter()
            .flat_map(|e| occurrences(&hay, e))
            .collect();
        // Every occurrence of every phrase, in reading order.
        let mut hits: Vec<(Range<usize>, &'static str, &String)> = lists
            .iter()
            .flat_map(|(code, raw, needle)| {
                occurrences(&hay, needle)
                    .into_iter()
                    .map(move |occ| (occ, *code, *raw))
            })
            .filter(|(occ, _, _)| {
                !excepted
                    .iter()
                    .any(|e| e.start <= occ.start && occ.end <= e.end)
            })
            .collect();
        hits.sort_by_key(|(occ, _, _)| (occ.start, occ.end));
        let mut locator = Locator::new(doc, &block.location);
        for (occ, code, raw) in hits {
            if let Some(c) = claims.iter_mut().find(|c| c.phrase == *raw) {
                c.count += 1;
                continue;
            }
            let surface = match (hay.get(occ.start), hay.get(occ.end.saturating_sub(1))) {
                (Some((_, a)), Some((_, b))) => block.text.get(a.start..b.end).unwrap_or(""),
                _ => "",
            };
            let location = match locator.find(surface) {
                Place::At(r) => Location::span(r.start, r.end),
                _ => block.location.clone(),
            };
            claims.push(Claim {
                code,
                phrase: raw.clone(),
                location,
                count: 1,
            });
        }
    }
    for c in claims {
        out.findings.push(
            Observation::new(c.code, c.location)
                .arg("claim", &c.phrase)
                .arg("count", c.count),
        );
    }
    if out.findings.is_empty() && any_text {
        out.evidence
            .push(Observation::new(codes::NONE, Location::whole()).arg("count", lists.len()));
    }
    out
}

#[cfg(test)]
mod tests;
