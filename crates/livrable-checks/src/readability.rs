//! `readability/…`: is the running text easy enough to read for its audience?
//!
//! # What it checks
//!
//! The prose of the document (paragraphs, list items, quotes; not headings, not code) is cut
//! into sentences and words by [`crate::tokens`] (a block always ends a sentence: a list
//! item without a full stop is one). Then:
//!
//! - the **Kandel–Moles score**, the French adaptation of Flesch's reading ease:
//!   `207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)` (Kandel & Moles 1958;
//!   the coefficients of textstat's `fr` configuration). About 0–100, higher is easier;
//! - the **average sentence length** in words;
//! - the **share of long sentences** (more than `long_sentence_words` words).
//!
//! Findings, each against a threshold of the instance (general-public contents and
//! internal documents get different ones in the rule pack):
//!
//! - `readability/hard-to-read`: the score is under `min_score`;
//! - `readability/long-sentences`: the average is over `max_average_words`;
//! - `readability/many-long-sentences`: the share of long sentences is over
//!   `max_long_share` per cent;
//! - `readability/long-sentence` (information): the longest sentences over
//!   `long_sentence_words` words, at most `max_shown`, located, in reading order, so that
//!   the candidate sees which ones to cut.
//!
//! Texts under `min_words` words are not measured (a formula on three sentences says
//! nothing). Evidence: one of `readability/score-easy`, `…-fair`, `…-hard`, `…-very-hard`
//! by the score's band (`easy_from`, `fair_from`, `hard_from`), with the score, the average
//! and the share, when no threshold is crossed.
//!
//! # Why
//!
//! The referential grades « qualité rédactionnelle » and, for a charter, rules « présentées
//! de manière claire et lisible »; plain language is also an accessibility good practice
//! (FALC, « dont handicap »). A score and sentence lengths give the evaluator a measure
//! and the candidate a target.
//!
//! # Limits
//!
//! - Syllables are counted on the written word by rule (vowel groups, mute final `e`),
//!   which is approximate word by word and close on a text's average.
//! - A score says nothing of the vocabulary's fit to the audience, nor of the text's
//!   organisation: a person judges those.
//! - An abbreviation the tokeniser does not know ends a sentence early, which makes the text
//!   look a little easier.

use std::ops::Range;

use livrable_model::{Block, Location, Observation};

use crate::figures::french_decimal;
use crate::text::is_prose;
use crate::tokens::{sentences, syllables, tokens, Locator, Place, Token};
use crate::{Input, Output};

pub const KIND: &str = "readability";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const HARD_TO_READ: &str = "readability/hard-to-read";
    pub const LONG_SENTENCES: &str = "readability/long-sentences";
    pub const MANY_LONG_SENTENCES: &str = "readability/many-long-sentences";
    pub const LONG_SENTENCE: &str = "readability/long-sentence";
    pub const SCORE_EASY: &str = "readability/score-easy";
    pub const SCORE_FAIR: &str = "readability/score-fair";
    pub const SCORE_HARD: &str = "readability/score-hard";
    pub const SCORE_VERY_HARD: &str = "readability/score-very-hard";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(
            HARD_TO_READ,
            &[
                "average",
                "limit",
                "long",
                "max_average",
                "max_share",
                "min",
                "score",
                "sentences",
                "share",
                "words",
            ],
        ),
        CodeDecl::new(
            LONG_SENTENCES,
            &[
                "average",
                "limit",
                "long",
                "max_average",
                "max_share",
                "min",
                "score",
                "sentences",
                "share",
                "words",
            ],
        ),
        CodeDecl::new(
            MANY_LONG_SENTENCES,
            &[
                "average",
                "limit",
                "long",
                "max_average",
                "max_share",
                "min",
                "score",
                "sentences",
                "share",
                "words",
            ],
        ),
        CodeDecl::new(LONG_SENTENCE, &["limit", "start", "words"]),
        CodeDecl::new(
            SCORE_EASY,
            &[
                "average",
                "limit",
                "long",
                "max_average",
                "max_share",
                "min",
                "score",
                "sentences",
                "share",
                "words",
            ],
        ),
        CodeDecl::new(
            SCORE_FAIR,
            &[
                "average",
                "limit",
                "long",
                "max_average",
                "max_share",
                "min",
                "score",
                "sentences",
                "share",
                "words",
            ],
        ),
        CodeDecl::new(
            SCORE_HARD,
            &[
                "average",
                "limit",
                "long",
                "max_average",
                "max_share",
                "min",
                "score",
                "sentences",
                "share",
                "words",
            ],
        ),
        CodeDecl::new(
            SCORE_VERY_HARD,
            &[
                "average",
                "limit",
                "long",
                "max_average",
                "max_share",
                "min",
                "score",
                "sentences",
                "share",
                "words",
            ],
        ),
    ];
}

/// Parameters of a `readability` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Kandel–Moles score under which the text is reported as hard to read.
    pub min_score: f64,
    /// Average sentence length, in words, above which sentences are reported as long.
    pub max_average_words: f64,
    /// A sentence of more than this many words is long.
    pub long_sentence_words: usize,
    /// Share of long sentences, in per cent, above which it is reported.
    pub max_long_share: f64,
    /// Texts with fewer words are not measured.
    pub min_words: usize,
    /// At most this many long sentences are shown.
    pub max_shown: usize,
    /// Score bands of the evidence: easy from this score…
    pub easy_from: f64,
    /// …fair (readable) from this one…
    pub fair_from: f64,
    /// …hard from this one, very hard under it.
    pub hard_from: f64,
}

/// Words at the start of a long sentence quoted in its finding.
const QUOTE_WORDS: usize = 8;

/// The measures of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Sentences over the long-sentence limit.
    pub long: usize,
    pub score: f64,
    pub average: f64,
    /// Share of long sentences, in per cent.
    pub long_share: f64,
}

/// A prose block and its tokens.
struct Prose<'a> {
    block: &'a Block,
    tokens: Vec<Token<'a>>,
}

/// A sentence: its block (index in the prose) and its tokens' range there.
struct Sentence {
    prose: usize,
    range: Range<usize>,
}

/// Kandel–Moles, average length and long-sentence share of `sentences`, given as their
/// word tokens. `None` when there is no word.
fn measure<'a>(
    sentences: impl Iterator<Item = &'a [Token<'a>]>,
    long_limit: usize,
) -> Option<Measures> {
    let (mut words, mut count, mut syll, mut long) = (0, 0, 0, 0);
    for s in sentences {
        let w: Vec<&Token> = s.iter().filter(|t| t.counts_as_word()).collect();
        if w.is_empty() {
            continue;
        }
        count += 1;
        words += w.len();
        syll += w.iter().map(|t| syllables(t.text)).sum::<usize>();
        if w.len() > long_limit {
            long += 1;
        }
    }
    if words == 0 {
        return None;
    }
    let average = words as f64 / count as f64;
    let score = 207.0 - 1.015 * average - 73.6 * (syll as f64 / words as f64);
    Some(Measures {
        words,
        sentences: count,
        syllables: syll,
        long,
        score,
        average,
        long_share: long as f64 * 100.0 / count as f64,
    })
}

/// The Kandel–Moles measures of a plain text (one block), for tests and other checks.
pub fn measure_text(text: &str, long_limit: usize) -> Option<Measures> {
    let toks = tokens(text);
    let ranges = sentences(&toks);
    measure(
        ranges.iter().filter_map(|r| toks.get(r.clone())),
        long_limit,
    )
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    let prose: Vec<Prose> = doc
        .blocks
        .iter()
        .filter(|b| is_prose(b))
        .map(|block| Prose {
            block,
            tokens: tokens(&block.text),
        })
        .collect();
    let all: Vec<Sentence> = prose
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            sentences(&p.tokens)
                .into_iter()
                .map(move |range| Sentence { prose: i, range })
        })
        .collect();
    let slice = |s: &Sentence| -> &[Token] {
        prose
            .get(s.prose)
            .and_then(|p| p.tokens.get(s.range.clone()))
            .unwrap_or(&[])
    };
    let Some(m) = measure(all.iter().map(slice), params.long_sentence_words) else {
        return out;
    };
    if m.words < params.min_words {
        return out;
    }
    let score = m.score.round().clamp(-999.0, 999.0);
    let obs = |code: &str| {
        Observation::new(code, Location::whole())
            .arg("score", french_decimal(score, 0))
            .arg("min", french_decimal(params.min_score, 0))
            .arg("average", french_decimal(m.average, 0))
            .arg("max_average", french_decimal(params.max_average_words, 0))
            .arg("share", french_decimal(m.long_share, 0))
            .arg("max_share", french_decimal(params.max_long_share, 0))
            .arg("long", m.long)
            .arg("sentences", m.sentences)
            .arg("words", m.words)
            .arg("limit", params.long_sentence_words)
    };
    if m.score < params.min_score {
        out.findings.push(obs(codes::HARD_TO_READ));
    }
    if m.average > params.max_average_words {
        out.findings.push(obs(codes::LONG_SENTENCES));
    }
    if m.long_share > params.max_long_share {
        out.findings.push(obs(codes::MANY_LONG_SENTENCES));
    }

    // The longest sentences, shown in reading order.
    let words_of = |s: &Sentence| slice(s).iter().filter(|t| t.counts_as_word()).count();
    let mut long: Vec<(usize, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, s)| (i, words_of(s)))
        .filter(|(_, w)| *w > params.long_sentence_words)
        .collect();
    long.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    long.truncate(params.max_shown);
    long.sort_by_key(|(i, _)| *i);
    for (i, w) in long {
        let Some((s, p)) = all.get(i).and_then(|s| Some((s, prose.get(s.prose)?))) else {
            continue;
        };
        let start: Vec<&str> = slice(s)
            .iter()
            .filter(|t| t.counts_as_word())
            .take(QUOTE_WORDS)
            .map(|t| t.text)
            .collect();
        out.findings.push(
            Observation::new(codes::LONG_SENTENCE, sentence_location(input, p, &s.range))
                .arg("words", w)
                .arg("limit", params.long_sentence_words)
                .arg("start", format!("{}…", start.join(" "))),
        );
    }

    if out.findings.iter().all(|o| o.code == codes::LONG_SENTENCE) {
        let band = if m.score >= params.easy_from {
            codes::SCORE_EASY
        } else if m.score >= params.fair_from {
            codes::SCORE_FAIR
        } else if m.score >= params.hard_from {
            codes::SCORE_HARD
        } else {
            codes::SCORE_VERY_HARD
        };
        out.evidence.push(obs(band));
    }
    out
}

/// The sentence's span in the source, from its first token to its last; its block's
/// location when the words cannot be found there.
fn sentence_location(input: &Input, p: &Prose, range: &Range<usize>) -> Location {
    let mut locator = Locator::new(input.doc, &p.block.location);
    // Walk over the block's earlier sentences: they may contain the same words.
    for t in p.tokens.get(..range.start).unwrap_or(&[]) {
        let _ = locator.find(t.text);
    }
    let mut span: Option<(usize, usize)> = None;
    for t in p.tokens.get(range.clone()).unwrap_or(&[]) {
        if let Place::At(r) = locator.find(t.text) {
            span = Some(match span {
                None => (r.start, r.end),
                Some((s, _)) => (s, r.end),
            });
        }
    }
    match span {
        Some((s, e)) => Location::span(s, e),
        None => p.block.location.clone(),
    }
}

#[cfg(test)]
mod tests;
