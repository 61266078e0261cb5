//! `spelling/…`: words a French Hunspell dictionary does not know, and the document's error
//! rate.
//!
//! # What it checks
//!
//! Every block except code (headings, paragraphs, list items, quotes) is cut into tokens
//! ([`crate::tokens`]). URLs, e-mail addresses, domain and file names, hashtags, mentions,
//! numbers (`2025`, `1er`, `10h30`, `XXIe`) and Markdown code spans are not words to check.
//! Of the words, these are skipped as names or codes rather than checked:
//!
//! - a word of one letter; an acronym in capitals (`RGPD`, `KPI`); a word with a capital
//!   after its first letter (`LinkedIn`, `L’Oréal`, `Jean-Pierre`);
//! - a capitalised word inside a sentence (`Verdure`, `Lyon`), and a capitalised word at a
//!   sentence's start that the document also writes capitalised inside a sentence or
//!   capitalised twice or more (the document uses it as a name);
//! - the rule pack's vocabulary (`vocabulary`, `words`: the profession's words the
//!   dictionary lacks) and the candidate's own list (`words = […]` for the file in
//!   `livrables.toml`), compared in lower case.
//!
//! A word is known when the dictionary accepts it; else when, after an elision (`l’`, `d’`,
//! `qu’`, `jusqu’`, `lorsqu’`…, either apostrophe), the rest is known or is a name
//! (`d’Instagram`); else when every part of a hyphenated word is known (`anti-gaspillage`
//! style compounds the dictionary does not list); else when writing `oe` as `œ` (`oeuvre`,
//! the usual keyboard substitute) or accenting a capital initial (`Etat`, `Ecole`: accents
//! on capitals are often left out and the jury does not count them) makes it known. A
//! word cut by a hyphen at a line end (`commu- nication`, in text extracted from a PDF) is
//! rejoined first.
//!
//! - `spelling/unknown-word` (information): one finding per distinct unknown word, at its
//!   first occurrence, with the number of occurrences and up to `max_suggestions`
//!   suggestions from the dictionary's word forms, computed for the first `suggest_for`
//!   words (`suggest`: the nearest forms by a cost of edits, accents cheap, ties in
//!   alphabetical order, each checked with the dictionary). At most `max_findings` words
//!   are listed; all count in the rate.
//! - `spelling/error-rate`: unknown-word occurrences per 1,000 words above `max_rate`
//!   (a warning; an error above `error_rate` when set). Not computed under `min_words`
//!   words: one slip in a 40-word post would read as 25 per 1,000.
//! - `spelling/other-language` (information): the document declares a language other than
//!   French (`<html lang="en">`, a document property): it is not checked.
//!
//! Evidence: `spelling/rate` (rate, threshold, counts) when the rate is within the
//! threshold, `spelling/short-text` (counts) under `min_words` words.
//!
//! # The dictionary
//!
//! The rule pack ships it, like any data a check needs: the instance's `dictionary`
//! parameter names a Hunspell `.aff`/`.dic` pair in the pack's `data/` folder, plain or
//! gzip-compressed (`data/dictionaries/fr_FR/fr_FR` → `fr_FR.aff.gz` and `fr_FR.dic.gz`).
//! The default pack carries Dicollecte's French dictionary 7.0 (« Classique », MPL-2.0,
//! with its licence and source), compiled into the binary with the pack, so that spelling
//! works on any machine with no set-up. The pack's own vocabulary (`vocabulary`, a word
//! list in `data/`) is shared the same way by every instance.
//!
//! A dictionary is parsed once per process, on first use, however many instances name it
//! (a registry keyed by the files' bytes): loading the pack for `livrable explain` costs
//! nothing, and five instances do not hold five copies. The engine asks for the parse
//! ahead, on a thread of its own, when it starts checking a submission
//! ([`crate::warm_up`]): the parse (about 35 ms) then overlaps reading the files. A program
//! that wants another dictionary for a run (Belgian, Swiss or Canadian French, the 1990
//! reform variant) reads its `.aff` and `.dic` and calls [`install_dictionary`]: it then
//! replaces the pack's in every instance. Checks do no I/O.
//!
//! # Why
//!
//! Almost every situation grades « qualité rédactionnelle (pas ou peu de fautes
//! d’orthographe, syntaxe correcte) » (C2.1/CE3, C2.4/CE2, C2.7/CE5, C2.10/CE4). The rate
//! per 1,000 words gives the evaluator a measure of « peu de fautes »; the list gives the
//! candidate the words to look at.
//!
//! # Limits
//!
//! - A dictionary checks words, not grammar: agreement errors (`les actions mené`),
//!   homophones (`a`/`à`, `ces`/`ses`) and syntax are left to a person.
//! - A misspelled name, or a misspelled word written with a capital inside a sentence, is
//!   not seen; jargon and anglicisms the pack's vocabulary lacks are reported (the help
//!   says how to add them to `livrables.toml`).
//! - Tables (spreadsheets, table cells) are not checked, only text blocks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::sync::{Arc, Mutex, OnceLock};

use livrable_model::{Block, BlockKind, Location, Observation, Severity};
use spellbook::Dictionary;

use crate::figures::french_decimal;
use crate::tokens::{hyphen_parts, split_elision, tokens, Locator, Place, Token, TokenKind};
use crate::{Data, Input, Output, ParamError};

pub const KIND: &str = "spelling";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const UNKNOWN_WORD: &str = "spelling/unknown-word";
    pub const ERROR_RATE: &str = "spelling/error-rate";
    pub const OTHER_LANGUAGE: &str = "spelling/other-language";
    pub const RATE: &str = "spelling/rate";
    pub const SHORT_TEXT: &str = "spelling/short-text";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(UNKNOWN_WORD, &["count", "suggestions", "word"]),
        CodeDecl::new(ERROR_RATE, &["errors", "max", "rate", "words"]),
        CodeDecl::new(OTHER_LANGUAGE, &["lang"]),
        CodeDecl::new(RATE, &["errors", "max", "rate", "words"]),
        CodeDecl::new(SHORT_TEXT, &["errors", "min", "words"]),
    ];
}

/// Parameters of a `spelling` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The Hunspell dictionary in the pack's data, as a path without extension:
    /// `PATH.aff` and `PATH.dic`, or `PATH.aff.gz` and `PATH.dic.gz`.
    pub dictionary: String,
    /// A word list in the pack's data (one word per line, `#` starts a comment): the
    /// profession's words the dictionary lacks, accepted in any case.
    #[serde(default)]
    pub vocabulary: Option<String>,
    /// More accepted words, for this instance only.
    #[serde(default)]
    pub words: Vec<String>,
    /// Unknown words per 1,000 words above which `spelling/error-rate` is a warning.
    pub max_rate: f64,
    /// Above this rate, `spelling/error-rate` is an error.
    #[serde(default)]
    pub error_rate: Option<f64>,
    /// Fewer words than this: no rate finding, only the counts as evidence.
    pub min_words: usize,
    /// At most this many `spelling/unknown-word` findings per document.
    pub max_findings: usize,
    /// Suggestions are computed for the first this-many unknown words only.
    pub suggest_for: usize,
    /// At most this many suggestions per word (3 at most are ever given).
    #[serde(default = "default_max_suggestions")]
    pub max_suggestions: usize,
}

fn default_max_suggestions() -> usize {
    3
}

/// Longest word looked up: longer runs of letters are not prose (identifiers, base64).
const MAX_WORD_BYTES: usize = 64;
/// Longest word given suggestions: the n-gram search grows with the length.
const MAX_SUGGEST_CHARS: usize = 30;
/// Bound on a decompressed dictionary file (Dicollecte's `.dic` is 2.6 MB).
const MAX_DICTIONARY_BYTES: u64 = 64 * 1024 * 1024;
/// Bound on the suggestion cache shared by all documents of a run.
const MAX_CACHED_SUGGESTIONS: usize = 10_000;

mod forms;
mod suggest;

/// A dictionary for the whole process, installed by [`install_dictionary`]: it replaces the
/// pack's in every instance.
static INSTALLED: OnceLock<Speller> = OnceLock::new();

/// A parsed dictionary, the texts it was parsed from, and its suggester, built from the
/// texts on the first suggestion.
struct Speller {
    dict: Dictionary,
    aff: String,
    dic: String,
    suggester: OnceLock<suggest::Suggester>,
}

impl Speller {
    fn new(aff: String, dic: String) -> Result<Speller, String> {
        let dict = Dictionary::new(&aff, &dic).map_err(|e| e.to_string())?;
        Ok(Speller {
            dict,
            aff,
            dic,
            suggester: OnceLock::new(),
        })
    }

    /// Up to `max` suggestions for `word`, best first (see [`suggest`]).
    fn suggest(&self, word: &str, max: usize) -> Vec<String> {
        if word.chars().count() > MAX_SUGGEST_CHARS {
            return Vec::new();
        }
        self.suggester
            .get_or_init(|| suggest::Suggester::new(&self.aff, &self.dic))
            .suggest(&self.dict, word, max)
    }
}

/// Why a dictionary could not be installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictionaryError {
    /// The `.aff`/`.dic` pair does not parse.
    Invalid(String),
    /// A dictionary was already installed in this process.
    AlreadyInstalled,
}

impl std::fmt::Display for DictionaryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DictionaryError::Invalid(e) => write!(f, "invalid Hunspell dictionary: {e}"),
            DictionaryError::AlreadyInstalled => {
                f.write_str("a spelling dictionary is already installed in this process")
            }
        }
    }
}

impl std::error::Error for DictionaryError {}

/// Uses the Hunspell dictionary `aff` + `dic` (the UTF-8 contents of the `.aff` and `.dic`
/// files) instead of the rule pack's, in every `spelling` instance, for the rest of the
/// process: the binary's `--dictionary` option. Parsed now, so that a bad file is reported
/// before any check runs.
pub fn install_dictionary(aff: &str, dic: &str) -> Result<(), DictionaryError> {
    let speller =
        Speller::new(aff.to_string(), dic.to_string()).map_err(DictionaryError::Invalid)?;
    INSTALLED
        .set(speller)
        .map_err(|_| DictionaryError::AlreadyInstalled)
}

/// A dictionary's files, and the dictionary parsed from them on first use.
struct Source {
    aff: Vec<u8>,
    dic: Vec<u8>,
    parsed: OnceLock<Result<Speller, String>>,
}

impl Source {
    fn speller(&self) -> Result<&Speller, ParamError> {
        self.parsed
            .get_or_init(|| Speller::new(inflate(&self.aff)?, inflate(&self.dic)?))
            .as_ref()
            .map_err(|e| ParamError(format!("spelling dictionary: {e}")))
    }
}

/// Every dictionary's files named by an instance in this process (see [`source_for`]).
static SOURCES: OnceLock<Mutex<Vec<Arc<Source>>>> = OnceLock::new();

/// The dictionaries of this process, one per distinct pair of files, so that every
/// instance naming the same files shares one parse.
fn source_for(aff: &[u8], dic: &[u8]) -> Arc<Source> {
    let sources = SOURCES.get_or_init(Default::default);
    let mut list = match sources.lock() {
        Ok(l) => l,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(s) = list.iter().find(|s| s.aff == aff && s.dic == dic) {
        return Arc::clone(s);
    }
    let source = Arc::new(Source {
        aff: aff.to_vec(),
        dic: dic.to_vec(),
        parsed: OnceLock::new(),
    });
    list.push(Arc::clone(&source));
    source
}

/// Parses every dictionary the pack's instances name (unless [`install_dictionary`]
/// replaced them), now: for [`crate::warm_up`], on a thread of its own, so that the parse
/// (tens of milliseconds) overlaps reading the submission instead of delaying the first
/// spelling check. A dictionary that does not parse is reported by the check that uses it.
pub(crate) fn preload() {
    if INSTALLED.get().is_some() {
        return;
    }
    let sources: Vec<Arc<Source>> = match SOURCES.get() {
        Some(list) => match list.lock() {
            Ok(l) => l.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        },
        None => return,
    };
    for source in sources {
        let _ = source.speller();
    }
}

/// The text of a dictionary file, gunzipped when it is gzip data.
fn inflate(bytes: &[u8]) -> Result<String, String> {
    let mut raw = Vec::new();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_DICTIONARY_BYTES + 1)
            .read_to_end(&mut raw)
            .map_err(|e| e.to_string())?;
        if raw.len() as u64 > MAX_DICTIONARY_BYTES {
            return Err(format!(
                "a dictionary file inflates to more than {MAX_DICTIONARY_BYTES} bytes"
            ));
        }
    } else {
        raw = bytes.to_vec();
    }
    String::from_utf8(raw).map_err(|_| "a dictionary file is not UTF-8".to_string())
}

/// A data file of the pack, plain or with `.gz` appended.
fn data_file<'d>(data: &'d Data, path: &str) -> Option<&'d [u8]> {
    data.get(&format!("{path}.gz"))
        .or_else(|| data.get(path))
        .map(Vec::as_slice)
}

/// The words of a vocabulary file: one per line, `#` comments, in lower case.
fn vocabulary_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_lowercase)
}

/// A `spelling` instance ready to run: parameters parsed, data found, dictionary shared.
pub struct Ready {
    params: Params,
    source: Arc<Source>,
    /// The vocabulary and the instance's words, lower case.
    words: HashSet<String>,
    /// What the lexicon answered for words of earlier documents.
    known: Mutex<Known>,
}

/// Whether the lexicon knows a word, for one instance, across the documents of a run: the
/// files of a submission share most of their words, and a dictionary look-up (affixes,
/// elisions, compounds) costs far more than a map's. Only files without words of their own
/// in `livrables.toml` use it (their answers depend on nothing else), for the dictionary it
/// was filled with; at most [`MAX_KNOWN`] words.
#[derive(Default)]
struct Known {
    /// The dictionary the answers come from (its address).
    dictionary: usize,
    words: HashMap<String, bool>,
}

/// Bound on the words [`Known`] keeps per instance.
const MAX_KNOWN: usize = 100_000;

impl Ready {
    /// Finds the instance's dictionary and vocabulary in the pack's `data` (the dictionary
    /// itself is parsed on first use).
    pub fn new(params: Params, data: &Data) -> Result<Ready, ParamError> {
        let file = |ext: &str| {
            let path = format!("{}.{ext}", params.dictionary);
            data_file(data, &path).ok_or_else(|| {
                ParamError(format!(
                    "dictionary file `{path}` (or `{path}.gz`) is not in the pack's data"
                ))
            })
        };
        let source = source_for(file("aff")?, file("dic")?);
        let mut words: HashSet<String> = params.words.iter().map(|w| w.to_lowercase()).collect();
        if let Some(path) = &params.vocabulary {
            let bytes = data.get(path).ok_or_else(|| {
                ParamError(format!("vocabulary `{path}` is not in the pack's data"))
            })?;
            let text = std::str::from_utf8(bytes)
                .map_err(|_| ParamError(format!("vocabulary `{path}` is not UTF-8")))?;
            words.extend(vocabulary_words(text));
        }
        Ok(Ready {
            params,
            source,
            words,
            known: Mutex::new(Known::default()),
        })
    }

    /// Checks one document.
    pub fn run(&self, input: &Input) -> Result<Output, ParamError> {
        check(
            input,
            &self.params,
            &self.words,
            &self.known,
            || match INSTALLED.get() {
                Some(s) => Ok(s),
                None => self.source.speller(),
            },
        )
    }
}

/// Suggestions already computed in this run, by dictionary and word: a misspelling
/// repeated across the files of a submission is looked up once. A word being looked up by
/// one check is waited for by another that wants it, not looked up twice.
fn cached_suggestions(speller: &Speller, word: &str, max: usize) -> Vec<String> {
    type Slot = Arc<OnceLock<Vec<String>>>;
    static CACHE: OnceLock<Mutex<HashMap<(usize, String), Slot>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (std::ptr::from_ref(speller) as usize, word.to_string());
    let compute = || speller.suggest(word, max);
    let slot = {
        let mut map = match cache.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        match map.get(&key) {
            Some(slot) => Some(Arc::clone(slot)),
            None if map.len() < MAX_CACHED_SUGGESTIONS => {
                let slot: Slot = Arc::default();
                map.insert(key, Arc::clone(&slot));
                Some(slot)
            }
            None => None,
        }
    };
    // Computed outside the map's lock: other words are looked up meanwhile.
    match slot {
        Some(slot) => slot.get_or_init(compute).clone(),
        None => compute(),
    }
}

/// What the checker knows besides the dictionary.
struct Lexicon<'a> {
    dict: &'a Dictionary,
    /// The pack's and the instance's words, lower case: shared by every document.
    words: &'a HashSet<String>,
    /// The candidate's words for this file, lower case.
    own: HashSet<String>,
}

impl Lexicon<'_> {
    fn knows(&self, word: &str) -> bool {
        self.knows_depth(word, 0)
    }

    fn knows_depth(&self, word: &str, depth: u8) -> bool {
        if word.is_empty() || self.dict.check(word) {
            return true;
        }
        let lower = word.to_lowercase();
        if self.words.contains(&lower) || self.own.contains(&lower) {
            return true;
        }
        if depth > 2 {
            return false;
        }
        if let Some((_, rest)) = split_elision(word) {
            return is_name_like(rest) || self.knows_depth(rest, depth + 1);
        }
        let parts = hyphen_parts(word);
        if parts.len() > 1
            && parts
                .iter()
                .all(|p| p.chars().count() == 1 || self.knows_depth(p, depth + 1))
        {
            return true;
        }
        if word.contains("oe") && self.dict.check(&word.replace("oe", "œ")) {
            return true;
        }
        if let Some(accented) = accented_capitals(word) {
            return accented.iter().any(|w| self.dict.check(w));
        }
        false
    }
}

/// `Etat` → `État`, `Èt`, `Êt`…: the word with its unaccented capital initial accented.
fn accented_capitals(word: &str) -> Option<Vec<String>> {
    let mut chars = word.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let options: &[char] = match first {
        'E' => &['É', 'È', 'Ê'],
        'A' => &['À', 'Â'],
        'I' => &['Î'],
        'O' => &['Ô'],
        'U' => &['Û'],
        'C' => &['Ç'],
        _ => return None,
    };
    Some(options.iter().map(|c| format!("{c}{rest}")).collect())
}

/// Starts with a capital: a name (`Instagram`, `Europe`), or an acronym.
fn is_name_like(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Every letter is a capital (and there are at least two): an acronym (`RGPD`, `KPI`).
fn is_all_caps(word: &str) -> bool {
    let mut letters = 0usize;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// A capital after the first letter of a part: `LinkedIn`, `L’Oréal`, `Jean-Pierre`.
fn has_inner_capital(word: &str) -> bool {
    word.chars().skip(1).any(char::is_uppercase)
}

/// The candidate's own words from `livrables.toml` (`words = ["Verdure", "écoquartier"]`, or
/// one string), each word of a phrase on its own.
fn option_words(options: &toml::Table) -> Vec<String> {
    let raw: Vec<&str> = match options.get("words") {
        Some(toml::Value::String(s)) => vec![s.as_str()],
        Some(toml::Value::Array(list)) => list.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    };
    raw.iter()
        .flat_map(|s| s.split_whitespace())
        .map(str::to_lowercase)
        .collect()
}

/// True when `lang` (`fr`, `fr-BE`, `en-US`) names a language other than French.
fn other_language(lang: &str) -> bool {
    let primary = lang
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    !primary.is_empty() && primary != "fr"
}

/// A checked block: its tokens.
struct Tokenised<'a> {
    block: &'a Block,
    tokens: Vec<Token<'a>>,
}

/// An unknown word's occurrences.
struct Unknown {
    first: Location,
    count: usize,
}

/// Checks one document; `dictionary` is called only when there are words to check.
fn check<'d>(
    input: &Input,
    params: &Params,
    words: &HashSet<String>,
    known_before: &Mutex<Known>,
    speller: impl FnOnce() -> Result<&'d Speller, ParamError>,
) -> Result<Output, ParamError> {
    let doc = input.doc;
    let mut out = Output::default();
    let blocks: Vec<Tokenised> = doc
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Code)
        .map(|b| Tokenised {
            block: b,
            tokens: tokens(&b.text),
        })
        .collect();
    let word_count: usize = blocks
        .iter()
        .map(|b| b.tokens.iter().filter(|t| t.counts_as_word()).count())
        .sum();
    if word_count == 0 {
        return Ok(out);
    }
    if let Some(lang) = doc.meta.lang.as_deref().filter(|l| other_language(l)) {
        out.findings.push(
            Observation::new(codes::OTHER_LANGUAGE, Location::whole()).arg("lang", lang.trim()),
        );
        return Ok(out);
    }

    let speller = speller()?;
    let lexicon = Lexicon {
        dict: &speller.dict,
        words,
        own: option_words(input.options).into_iter().collect(),
    };
    let names = names_of(&blocks);

    // Distinct unknown words in order of first appearance, with their occurrences.
    let mut order: Vec<String> = Vec::new();
    let mut unknown: BTreeMap<String, Unknown> = BTreeMap::new();
    let mut errors = 0usize;
    // Whether the lexicon knows a word, by word as written: a text repeats most of its
    // words, and a dictionary look-up (affixes, elisions, compounds) costs far more than
    // this map's. Backed by the instance's answers for earlier documents.
    let mut known: HashMap<&str, bool> = HashMap::new();
    let shared = lexicon.own.is_empty();
    let dictionary_id = std::ptr::from_ref(lexicon.dict) as usize;
    let lock = || match known_before.lock() {
        Ok(k) => k,
        Err(poisoned) => poisoned.into_inner(),
    };
    let knows = |word: &str| -> bool {
        if shared {
            let before = lock();
            if before.dictionary == dictionary_id {
                if let Some(&answer) = before.words.get(word) {
                    return answer;
                }
            }
        }
        let answer = lexicon.knows(word);
        if shared {
            let mut before = lock();
            if before.dictionary != dictionary_id {
                before.dictionary = dictionary_id;
                before.words.clear();
            }
            if before.words.len() < MAX_KNOWN {
                before.words.insert(word.to_string(), answer);
            }
        }
        answer
    };
    for b in &blocks {
        let mut locator = Locator::new(doc, &b.block.location);
        let mut skip_next = false;
        for (i, t) in b.tokens.iter().enumerate() {
            if std::mem::take(&mut skip_next) || !to_check(t, &names) {
                continue;
            }
            if *known.entry(t.text).or_insert_with(|| knows(t.text)) {
                continue;
            }
            if let Some(next) = line_end_continuation(b, i) {
                let joined = format!("{}{}", t.text, next.text);
                if lexicon.knows(&joined) {
                    skip_next = true;
                    continue;
                }
            }
            let location = match locator.find(t.text) {
                Place::InCode => continue,
                Place::At(r) => Location::span(r.start, r.end),
                Place::Unknown => b.block.location.clone(),
            };
            // Behind an elision, the word is what follows it: `l’environement` is reported
            // as `environement`, located after the apostrophe.
            let (word, location) = match split_elision(t.text) {
                Some((_, rest)) => (rest, after_apostrophe(&doc.text, location)),
                None => (t.text, location),
            };
            errors += 1;
            let entry = unknown.entry(word.to_string()).or_insert_with(|| {
                order.push(word.to_string());
                Unknown {
                    first: location,
                    count: 0,
                }
            });
            entry.count += 1;
        }
    }

    let max_suggestions = params.max_suggestions.min(3);
    for (n, word) in order.iter().take(params.max_findings).enumerate() {
        let Some(u) = unknown.get(word) else {
            continue;
        };
        let suggestions = if n < params.suggest_for && max_suggestions > 0 {
            let mut s = cached_suggestions(speller, word, 3);
            s.truncate(max_suggestions);
            s
        } else {
            Vec::new()
        };
        out.findings.push(
            Observation::new(codes::UNKNOWN_WORD, u.first.clone())
                .arg("word", word)
                .arg("count", u.count)
                .arg(
                    "suggestions",
                    if suggestions.is_empty() {
                        "—".to_string()
                    } else {
                        suggestions.join(", ")
                    },
                ),
        );
    }

    let words = word_count;
    if words < params.min_words {
        out.evidence.push(
            Observation::new(codes::SHORT_TEXT, Location::whole())
                .arg("errors", errors)
                .arg("words", words)
                .arg("min", params.min_words),
        );
        return Ok(out);
    }
    let rate = errors as f64 * 1000.0 / words as f64;
    let obs = |code: &str| {
        Observation::new(code, Location::whole())
            .arg("rate", french_decimal(rate, 1))
            .arg("max", french_decimal(params.max_rate, 1))
            .arg("errors", errors)
            .arg("words", words)
    };
    if rate > params.max_rate {
        let mut o = obs(codes::ERROR_RATE);
        if params.error_rate.is_some_and(|e| rate > e) {
            o = o.severity(Severity::Error);
        }
        out.findings.push(o);
    } else {
        out.evidence.push(obs(codes::RATE));
    }
    Ok(out)
}

/// The part of a span after its first apostrophe (either one), or the span itself.
fn after_apostrophe(text: &str, location: Location) -> Location {
    let Some(r) = location.range() else {
        return location;
    };
    let Some(slice) = text.get(r.clone()) else {
        return location;
    };
    match slice.char_indices().find(|(_, c)| *c == '\'' || *c == '’') {
        Some((i, c)) => Location::span(r.start + i + c.len_utf8(), r.end),
        None => location,
    }
}

/// The document's names, in lower case: capitalised words written inside a sentence, or
/// capitalised twice or more.
fn names_of(blocks: &[Tokenised]) -> HashSet<String> {
    let mut names = HashSet::new();
    let mut capitalised: HashMap<String, usize> = HashMap::new();
    for t in blocks.iter().flat_map(|b| &b.tokens) {
        if t.kind != TokenKind::Word || !is_name_like(t.text) || is_all_caps(t.text) {
            continue;
        }
        let lower = t.text.to_lowercase();
        if !t.sentence_start {
            names.insert(lower.clone());
        }
        *capitalised.entry(lower).or_default() += 1;
    }
    names.extend(
        capitalised
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .map(|(w, _)| w),
    );
    names
}

/// True when the token is a word this check looks up (see the module documentation).
fn to_check(t: &Token, names: &HashSet<String>) -> bool {
    if t.kind != TokenKind::Word || t.text.len() > MAX_WORD_BYTES {
        return false;
    }
    if t.text.chars().filter(|c| c.is_alphabetic()).count() < 2
        || is_all_caps(t.text)
        || has_inner_capital(t.text)
    {
        return false;
    }
    if is_name_like(t.text) && (!t.sentence_start || names.contains(&t.text.to_lowercase())) {
        return false;
    }
    true
}

/// The next token when token `i` ends with a hyphen followed by white space and the next
/// word starts in lower case: a word cut at a line end (`commu- nication`).
fn line_end_continuation<'a>(b: &'a Tokenised, i: usize) -> Option<&'a Token<'a>> {
    let t = b.tokens.get(i)?;
    let next = b.tokens.get(i + 1)?;
    let gap = b.block.text.get(t.range.end..next.range.start)?;
    let cut = gap.starts_with('-')
        && gap
            .get(1..)
            .is_some_and(|g| !g.is_empty() && g.trim().is_empty());
    (cut && next.kind == TokenKind::Word && next.text.starts_with(char::is_lowercase))
        .then_some(next)
}

#[cfg(test)]
mod tests;
