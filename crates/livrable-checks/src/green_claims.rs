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

use std::collections::HashMap;
use std::ops::Range;

use livrable_model::french::fold;
use livrable_model::{BlockKind, Location, Observation};
use unicode_segmentation::UnicodeSegmentation;

use crate::tokens::{Locator, Place};
use crate::{Input, Output, ParamError};

pub const KIND: &str = "green-claims";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const GENERIC_CLAIM: &str = "green-claims/generic-claim";
    pub const CARBON_CLAIM: &str = "green-claims/carbon-claim";
    pub const NONE: &str = "green-claims/none";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(GENERIC_CLAIM, &["claim", "count"]),
        CodeDecl::new(CARBON_CLAIM, &["claim", "count"]),
        CodeDecl::new(NONE, &["count"]),
    ];
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
                    out.push((fold_word(w.get(start..i).unwrap_or("")), at + start..at + i));
                }
                start = i + c.len_utf8();
            }
        }
        if start < w.len() {
            out.push((
                fold_word(w.get(start..).unwrap_or("")),
                at + start..at + w.len(),
            ));
        }
    }
    out
}

/// [`fold`] of one word, without its per-character work for plain ASCII (most words):
/// folding ASCII is lower-casing it.
fn fold_word(w: &str) -> String {
    if w.is_ascii() {
        w.to_ascii_lowercase()
    } else {
        fold(w)
    }
}

/// The folded words of a phrase of the pack.
fn phrase(p: &str) -> Vec<String> {
    words(p).into_iter().map(|(w, _)| w).collect()
}

/// Phrases by their first word, each list in the pack's order: a text's words are compared
/// with the phrases that may start there, not with every phrase.
struct Index(HashMap<String, Vec<usize>>);

impl Index {
    fn new(phrases: &[&[String]]) -> Self {
        let mut map: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in phrases.iter().enumerate() {
            if let Some(first) = p.first() {
                map.entry(first.clone()).or_default().push(i);
            }
        }
        Index(map)
    }

    /// (phrase index, word-index range) of every occurrence in `hay`, by position, then
    /// phrase index.
    fn occurrences<'p>(
        &'p self,
        hay: &'p [(String, Range<usize>)],
        phrases: &'p [&'p [String]],
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'p {
        hay.iter().enumerate().flat_map(move |(at, (w, _))| {
            self.0
                .get(w)
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .filter_map(move |&i| {
                    let needle = phrases.get(i)?;
                    let found = hay.get(at..at + needle.len())?;
                    found
                        .iter()
                        .zip(needle.iter())
                        .all(|((a, _), b)| a == b)
                        .then_some((i, at..at + needle.len()))
                })
        })
    }
}

/// A claim found: its code, the pack's phrase, where first, how many times.
struct Claim {
    code: &'static str,
    phrase: String,
    location: Location,
    count: usize,
}

/// The parameters, prepared: the phrases folded and indexed once per instance.
pub(crate) struct Config {
    /// (code, the pack's phrase, its folded words), generic then carbon, phrases without
    /// words left out.
    lists: Vec<(&'static str, String, Vec<String>)>,
    lists_index: Index,
    exceptions: Vec<Vec<String>>,
    exceptions_index: Index,
}

impl Config {
    pub(crate) fn new(params: &Params) -> Result<Self, ParamError> {
        let lists: Vec<(&'static str, String, Vec<String>)> = params
            .generic
            .iter()
            .map(|p| (codes::GENERIC_CLAIM, p))
            .chain(params.carbon.iter().map(|p| (codes::CARBON_CLAIM, p)))
            .map(|(c, p)| (c, p.clone(), phrase(p)))
            .filter(|(_, _, w)| !w.is_empty())
            .collect();
        let exceptions: Vec<Vec<String>> = params
            .exceptions
            .iter()
            .map(|e| phrase(e))
            .filter(|w| !w.is_empty())
            .collect();
        let list_words: Vec<&[String]> = lists.iter().map(|(_, _, w)| w.as_slice()).collect();
        let exception_words: Vec<&[String]> = exceptions.iter().map(Vec::as_slice).collect();
        Ok(Config {
            lists_index: Index::new(&list_words),
            exceptions_index: Index::new(&exception_words),
            lists,
            exceptions,
        })
    }
}

pub fn check(input: &Input, params: &Params) -> Output {
    // Neither step fails: phrases need no validation.
    Config::new(params)
        .and_then(|cfg| run_with(input, params, &cfg))
        .unwrap_or_default()
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(
    input: &Input,
    _params: &Params,
    cfg: &Config,
) -> Result<Output, ParamError> {
    let doc = input.doc;
    let mut out = Output::default();
    let lists = &cfg.lists;
    let list_words: Vec<&[String]> = lists.iter().map(|(_, _, w)| w.as_slice()).collect();
    let exception_words: Vec<&[String]> = cfg.exceptions.iter().map(Vec::as_slice).collect();
    let mut claims: Vec<Claim> = Vec::new();
    let mut any_text = false;
    for block in doc.blocks.iter().filter(|b| b.kind != BlockKind::Code) {
        let hay = words(&block.text);
        any_text |= !hay.is_empty();
        let excepted: Vec<Range<usize>> = cfg
            .exceptions_index
            .occurrences(&hay, &exception_words)
            .map(|(_, occ)| occ)
            .collect();
        // Every occurrence of every phrase, in reading order (by position, then the pack's
        // order of phrases).
        let mut hits: Vec<(Range<usize>, &'static str, &String)> = cfg
            .lists_index
            .occurrences(&hay, &list_words)
            .filter_map(|(i, occ)| lists.get(i).map(|(code, raw, _)| (occ, *code, raw)))
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
    Ok(out)
}

#[cfg(test)]
mod tests;
