//! Matching short labels that name the same thing in different words: a plan's action
//! « Publications LinkedIn » and the budget line « Publications LinkedIn (sponsorisées) »,
//! the Gantt task « Campagne d'affichage » and the plan's « Affichage », a risk of the
//! register and the heading of its protocol.
//!
//! # How
//!
//! A label becomes a set of *keys*: its words folded ([`crate::text::match_words`]:
//! accents and case removed, apostrophes and hyphens split), stop words (`de`, `la`,
//! `pour`… from the check's parameters) and one-letter words dropped, a final `s` or `x`
//! of words longer than three letters removed (plural). Two keys are the same word when
//! they are equal or when one, of at least [`PREFIX_MIN`] letters, begins the other
//! (`mensuel` / `mensuelle`, `sponsoris` / `sponsorisee`).
//!
//! Two labels match with the *overlap coefficient*: the share of the shorter label's keys
//! found in the other. `Stand salon` and `Stand au salon Habitat Durable` share 2 of 2
//! keys (1.0); `Communiqué de presse` and `Relations presse` 1 of 2 (0.5). The check's
//! tolerance is the least share that counts as a match. Written by hand: label matching
//! needs stop words and French plurals, and the fuzzy-matching crates compare characters,
//! which rates `Salon` and `Saloon` closer than `Salon` and `Stand au salon`.
//!
//! # Limits
//!
//! - Synonyms are not known: `Relations presse` and `Communiqué` share no word.
//! - A generic word shared by two labels (`campagne`) may make a match on its own when
//!   one label has a single key: the check then misses a finding, it never invents one.

use std::collections::HashSet;

use crate::text::match_words;

/// Keys shorter than this never match as a prefix of a longer key.
const PREFIX_MIN: usize = 5;

/// How labels are turned into keys and compared.
#[derive(Debug, Clone)]
pub struct Matcher {
    stop: HashSet<String>,
    /// The least overlap (0–1) that counts as the same label.
    pub min_overlap: f64,
}

/// A label's keys.
pub type Keys = Vec<String>;

impl Matcher {
    /// A matcher with `stop_words` (any spelling: they are folded) and `min_overlap`,
    /// clamped to 0–1 (a NaN counts as 1: only identical keys match).
    pub fn new<S: AsRef<str>>(stop_words: &[S], min_overlap: f64) -> Self {
        let stop = word_set(stop_words);
        let min_overlap = if min_overlap.is_nan() {
            1.0
        } else {
            min_overlap.clamp(0.0, 1.0)
        };
        Matcher { stop, min_overlap }
    }

    /// The keys of `label`, in order, without repeats.
    pub fn keys(&self, label: &str) -> Keys {
        let mut out: Keys = Vec::new();
        for w in match_words(label) {
            if w.chars().count() < 2 || self.stop.contains(&w) {
                continue;
            }
            let stem = stem(&w);
            if !out.contains(&stem) {
                out.push(stem);
            }
        }
        out
    }

    /// The overlap coefficient of two key sets: shared keys over the smaller set's size;
    /// 0 when either is empty.
    pub fn overlap(a: &[String], b: &[String]) -> f64 {
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        if short.is_empty() {
            return 0.0;
        }
        let shared = short
            .iter()
            .filter(|k| long.iter().any(|l| same_word(k, l)))
            .count();
        shared as f64 / short.len() as f64
    }

    /// The best match of `keys` among `candidates` (index and overlap), when it reaches
    /// the tolerance. Ties go to the candidate with fewer keys (the closer wording), then
    /// to the first.
    pub fn best(&self, keys: &[String], candidates: &[Keys]) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for (i, c) in candidates.iter().enumerate() {
            let score = Self::overlap(keys, c);
            if score <= 0.0 || score + 1e-9 < self.min_overlap {
                continue;
            }
            let better = match best {
                None => true,
                Some((j, s)) => {
                    score > s + 1e-9
                        || ((score - s).abs() <= 1e-9
                            && candidates.get(j).is_some_and(|cj| c.len() < cj.len()))
                }
            };
            if better {
                best = Some((i, score));
            }
        }
        best
    }
}

/// The folded words ([`match_words`]) of a list of words or phrases from a check's
/// parameters, as a set, for tests on one word at a time: a stop word, a quantity word
/// (`doubler`), a word that introduces a year (`d'ici` gives `d` and `ici`).
pub fn word_set<S: AsRef<str>>(words: &[S]) -> HashSet<String> {
    words.iter().flat_map(|w| match_words(w.as_ref())).collect()
}

/// A folded word without its plural mark.
fn stem(word: &str) -> String {
    if word.chars().count() > 3 {
        if let Some(s) = word.strip_suffix(['s', 'x']) {
            return s.to_string();
        }
    }
    word.to_string()
}

fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.chars().count() >= PREFIX_MIN && long.starts_with(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Matcher {
        Matcher::new(
            &["de", "la", "le", "les", "au", "du", "des", "d", "l", "en"],
            0.5,
        )
    }

    #[test]
    fn keys_fold_drop_stop_words_and_plurals() {
        let m = m();
        assert_eq!(
            m.keys("Campagne d’affichage"),
            vec!["campagne", "affichage"]
        );
        assert_eq!(
            m.keys("Publications LinkedIn (sponsorisées)"),
            vec!["publication", "linkedin", "sponsorisee"]
        );
        assert_eq!(m.keys("Stand au salon Habitat Durable").len(), 4);
        assert!(m.keys("de la").is_empty());
    }

    #[test]
    fn overlap_is_the_share_of_the_shorter_label() {
        let m = m();
        let k = |s: &str| m.keys(s);
        assert_eq!(
            Matcher::overlap(&k("Stand salon"), &k("Stand au salon Habitat Durable")),
            1.0
        );
        assert_eq!(
            Matcher::overlap(&k("Communiqué de presse"), &k("Relations presse")),
            0.5
        );
        assert_eq!(
            Matcher::overlap(&k("Newsletter mensuelle"), &k("Newsletters mensuelles")),
            1.0
        );
        assert_eq!(Matcher::overlap(&k("Radio"), &k("Salon")), 0.0);
        assert_eq!(Matcher::overlap(&[], &k("Salon")), 0.0);
    }

    #[test]
    fn best_match_respects_the_tolerance_and_prefers_close_wording() {
        let m = m();
        let candidates: Vec<Keys> = ["Affichage abribus et panneaux", "Affichage", "Radio locale"]
            .iter()
            .map(|s| m.keys(s))
            .collect();
        assert_eq!(
            m.best(&m.keys("Campagne d'affichage"), &candidates),
            Some((1, 1.0))
        );
        assert_eq!(m.best(&m.keys("Spot TV"), &candidates), None);
        let strict = Matcher::new(&["de"], 0.9);
        let c: Vec<Keys> = vec![strict.keys("Relations presse")];
        assert_eq!(strict.best(&strict.keys("Communiqué de presse"), &c), None);
        assert_eq!(Matcher::new(&["x"], f64::NAN).min_overlap, 1.0);
    }
}
