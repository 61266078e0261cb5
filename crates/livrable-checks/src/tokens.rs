//! French tokeniser for the writing-quality checks (`spelling`, `readability`,
//! `green-claims`, `rgpd`): tokens with their byte ranges and kinds, sentences, syllables,
//! elisions, and where a word of a block's text is written in the source.
//!
//! [`crate::text`] counts words the way word processors do; this module goes further where
//! spelling and readability need it: a token knows whether it is a word, a number, an
//! address, a hashtag or a mention, and whether it opens a sentence.
//!
//! # Choices
//!
//! - **Words** are runs of letters and digits joined by apostrophes (both `'` and `’`) or
//!   hyphens: `l’entreprise`, `aujourd'hui`, `jusqu’à`, `c’est-à-dire` and `peut-être` are
//!   one token each, as a Hunspell dictionary expects them (it knows elided and hyphenated
//!   forms). Splitting is left to the checks ([`split_elision`], [`hyphen_parts`]).
//! - **Not words**: URLs (`https://…`, `www.…`), e-mail addresses, domain and file names
//!   (`verdure.fr`, `rapport.pdf`), `#hashtags` and `@mentions` get their own kinds, so that
//!   a spelling check skips them and a word count still sees them. A token with a digit
//!   (`2025`, `1er`, `10h30`, `COVID-19`) or a Roman numeral (`XXIe`) is a number.
//! - **Sentences** end at `.`, `!`, `?` or `…`, except after an abbreviation (`M.`, `Mme`,
//!   `cf.`, `p. ex.`, an initial such as `J.`) and except when the next token starts in
//!   lower case (`etc. et…`); every block also ends a sentence (a heading or a list item
//!   without a full stop is one).
//! - **Syllables** are counted on the written word, as readability formulas were calibrated:
//!   groups of vowels, minus a final mute `e`/`es` after a single consonant (`prise` is one,
//!   `table` two, as French hyphenation cuts `ta-ble`). Approximate by design; the error is
//!   small on a text's average.
//!
//! # Limits
//!
//! - An abbreviation missing from the list ends a sentence, which only shortens sentences.
//! - Words cut at a line end by a hyphen (`commu- nication`, in text extracted from a PDF)
//!   are two tokens; the spelling check rejoins them.

use std::ops::Range;
use std::sync::OnceLock;

use livrable_model::{Document, Location};
use regex::Regex;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// Contains a digit, or is a Roman numeral (`XXIe`).
    Number,
    Url,
    Email,
    /// A domain or file name: `verdure.fr`, `plan-2025.pdf`.
    Domain,
    Hashtag,
    Mention,
}

/// A token of a text, with its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub range: Range<usize>,
    pub kind: TokenKind,
    /// The token opens a sentence (first of the text, or after `.`, `!`, `?`, `…` that is
    /// not an abbreviation's).
    pub sentence_start: bool,
}

impl Token<'_> {
    /// Words and numbers: what a reader counts as words.
    pub fn counts_as_word(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Number)
    }
}

/// Domain and file-name endings recognised as such rather than as words after a full stop.
const NAME_ENDINGS: &str = "fr|com|org|net|eu|io|info|be|ch|ca|co|app|dev|biz|tv|me|ly|gouv|\
    pdf|docx?|xlsx?|pptx?|odt|ods|odp|csv|md|html?|jpe?g|png|gif|svg|webp|avif|mp4|mov|zip|txt";

/// A word: letters, marks and digits, joined by apostrophes or hyphens.
const WORD: &str = r"[\p{L}\p{M}\p{N}]+(?:['’\-\x{2010}\x{2011}][\p{L}\p{M}\p{N}]+)*";

fn token_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let url = r#"(?P<url>(?i:\b(?:https?://|www\.))[^\s<>«»"]*[^\s<>«»".,;:!?)\]'’])"#;
        let email = r"(?P<email>[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+)";
        let domain = format!(
            r#"(?P<domain>\b[\p{{L}}\p{{N}}_\-]+(?:\.[\p{{L}}\p{{N}}_\-]+)*\.(?i:{NAME_ENDINGS})\b(?:/[^\s<>«»"]*[^\s<>«»".,;:!?)\]])?)"#
        );
        let hashtag = r"(?P<hashtag>\#[\p{L}\p{N}_]+)";
        let mention = r"(?P<mention>@[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*)";
        let word = format!("(?P<word>{WORD})");
        let pattern = format!("{url}|{email}|{domain}|{hashtag}|{mention}|{word}");
        // The pattern is a constant: a failure is a bug caught by every test of this module.
        Regex::new(&pattern).expect("the token pattern compiles")
    })
}

/// The token pattern's last alternative alone: it has no word boundary (`\b`), so it is
/// searched with a DFA whatever the text, where the whole pattern's Unicode `\b` makes the
/// regex engine fall back to slower ones on any non-ASCII text.
fn word_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A constant pattern: a failure is a bug caught by every test of this module.
    RE.get_or_init(|| Regex::new(WORD).expect("the word pattern compiles"))
}

/// Is `c` a letter, a mark or a number (`[\p{L}\p{M}\p{N}]`, the class of [`WORD`])?
/// Answered for the blocks French text is written with (Latin, combining accents, general
/// punctuation, currency signs); `None` elsewhere, where [`word_regex`] decides. A test
/// compares every answer with the regex engine's class.
fn letter_class(c: char) -> Option<bool> {
    match c as u32 {
        0..=0x7f => Some(c.is_ascii_alphanumeric()),
        // Latin-1: `ª º µ`, the superscripts and fractions, and the accented letters but
        // `×` and `÷`.
        0x80..=0xff => Some(matches!(
            c as u32,
            0xaa | 0xb2 | 0xb3 | 0xb5 | 0xb9 | 0xba | 0xbc..=0xbe | 0xc0..=0xd6 | 0xd8..=0xf6
                | 0xf8..=0xff
        )),
        // Latin Extended-A and B (`œ`, `ş`…): letters; combining diacritical marks: marks.
        0x100..=0x24f | 0x300..=0x36f => Some(true),
        // General punctuation (`’`, `…`, dashes, spaces) and currency signs (`€`).
        0x2000..=0x206f | 0x20a0..=0x20cf => Some(false),
        _ => None,
    }
}

/// Joins the parts of a word (see [`WORD`]).
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '\u{2010}' | '\u{2011}')
}

/// The words of `piece` (a run without white space, `.`, `:`, `@` nor `#`), as [`WORD`]
/// finds them, pushed to `out` with their offsets plus `base`. `false`, with `out` as it
/// was, when `piece` holds a character [`letter_class`] does not answer for.
///
/// Written by hand because a regex search per word costs more than the scan: a word is
/// a run of letters, marks and numbers, then as many times as they come a joiner followed
/// by such a run (a joiner not followed by one ends the word before it).
fn scan_words(piece: &str, base: usize, out: &mut Vec<(Range<usize>, TokenKind)>) -> bool {
    let before = out.len();
    let push = |out: &mut Vec<(Range<usize>, TokenKind)>, start: usize, end: usize| {
        let kind = word_kind(piece.get(start..end).unwrap_or(""));
        out.push((base + start..base + end, kind));
    };
    // The current word's start, and the position of a joiner just read after it.
    let mut word: Option<usize> = None;
    let mut joiner: Option<usize> = None;
    for (i, c) in piece.char_indices() {
        let Some(letter) = letter_class(c) else {
            out.truncate(before);
            return false;
        };
        match (word, letter) {
            (None, true) => word = Some(i),
            (None, false) => {}
            (Some(_), true) => joiner = None,
            (Some(start), false) => {
                if joiner.is_none() && is_joiner(c) {
                    joiner = Some(i);
                } else {
                    push(out, start, joiner.take().unwrap_or(i));
                    word = None;
                }
            }
        }
    }
    if let Some(start) = word {
        push(out, start, joiner.unwrap_or(piece.len()));
    }
    true
}

/// Compiles the token patterns now rather than on the first text: for
/// [`crate::warm_up`].
pub(crate) fn preload() {
    token_regex();
    word_regex();
}

/// Abbreviations whose full stop does not end a sentence (compared in lower case).
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "st", "ste", "cf", "ex", "env",
    "av", "bd", "p", "pp", "vol", "art", "al", "n", "no", "tél", "tel", "fig", "chap", "éd",
    "coll", "réf", "ref", "min", "max", "approx", "hab", "sq", "resp", "dir", "nb", "cie",
];

/// The tokens of `text`, in order.
///
/// No token holds white space (no alternative of the pattern matches any), and white space
/// is no word character for `\b`, just as the ends of a text: the text is therefore
/// tokenised run by run of non-white-space, with the same result as on the whole, and each
/// search stays within its run. A run without `.`, `:`, `@` or `#` can only hold words
/// (every other alternative needs one of them: `://` or `www.`, `@`, a dot before the
/// ending, `#`, `@`): there, words are scanned by hand (`scan_words`), or with the word
/// pattern alone (`word_regex`). Searching the whole pattern across the text was the
/// costliest step of the writing-quality checks.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut found: Vec<(Range<usize>, TokenKind)> = Vec::new();
    for piece in text.split(char::is_whitespace).filter(|p| !p.is_empty()) {
        // `piece` is a slice of `text`: its offset there.
        let base = piece.as_ptr() as usize - text.as_ptr() as usize;
        if !piece.contains(['.', ':', '@', '#']) {
            if !scan_words(piece, base, &mut found) {
                for m in word_regex().find_iter(piece) {
                    found.push((base + m.start()..base + m.end(), word_kind(m.as_str())));
                }
            }
            continue;
        }
        for caps in token_regex().captures_iter(piece) {
            let (m, kind) = if let Some(m) = caps.name("url") {
                (m, TokenKind::Url)
            } else if let Some(m) = caps.name("email") {
                (m, TokenKind::Email)
            } else if let Some(m) = caps.name("domain") {
                (m, TokenKind::Domain)
            } else if let Some(m) = caps.name("hashtag") {
                (m, TokenKind::Hashtag)
            } else if let Some(m) = caps.name("mention") {
                (m, TokenKind::Mention)
            } else if let Some(m) = caps.name("word") {
                (m, word_kind(m.as_str()))
            } else {
                continue;
            };
            found.push((base + m.start()..base + m.end(), kind));
        }
    }
    let mut out: Vec<Token> = Vec::with_capacity(found.len());
    let mut prev_end = 0;
    for (range, kind) in found {
        let Some(word) = text.get(range.clone()) else {
            continue;
        };
        let gap = text.get(prev_end..range.start).unwrap_or("");
        let sentence_start = match out.last() {
            None => true,
            Some(prev) => ends_sentence(prev, gap, word),
        };
        prev_end = range.end;
        out.push(Token {
            text: word,
            range,
            kind,
            sentence_start,
        });
    }
    out
}

/// A word token's kind: a number when it has a digit or is a Roman numeral.
fn word_kind(word: &str) -> TokenKind {
    if is_number(word) {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// True when the gap after `prev` closes a sentence before `next`.
fn ends_sentence(prev: &Token, gap: &str, next: &str) -> bool {
    let Some(pos) = gap.find(['.', '!', '?', '…']) else {
        return false;
    };
    let starts_lower = next.chars().next().is_some_and(char::is_lowercase);
    if starts_lower {
        return false;
    }
    // `M. Dupont`, `J. Martin`, `cf. Annexe`: the full stop right after an abbreviation or an
    // initial is the abbreviation's. `!`, `?` and `…` always end the sentence.
    if pos == 0 && gap.starts_with('.') && prev.kind == TokenKind::Word {
        let lower = prev.text.to_lowercase();
        let initial = prev.text.chars().count() == 1
            && prev.text.chars().next().is_some_and(char::is_uppercase);
        if initial || ABBREVIATIONS.contains(&lower.as_str()) {
            return false;
        }
    }
    true
}

/// Digits anywhere, or a Roman numeral with an optional ordinal ending (`XXIe`, `IIIe`).
fn is_number(word: &str) -> bool {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    let roman = word.trim_end_matches(['e', 'r', 'è', 'm']);
    roman.len() >= 2 && roman.len() < word.len() && roman.chars().all(|c| "IVXLCDM".contains(c))
}

/// The sentences of `text` as ranges of its tokens: `tokens[r]` for each range `r`.
pub fn sentences(tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.sentence_start && i > start {
            out.push(start..i);
            start = i;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'â'
            | 'ä'
            | 'é'
            | 'è'
            | 'ê'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ô'
            | 'ö'
            | 'ù'
            | 'û'
            | 'ü'
            | 'ÿ'
            | 'œ'
            | 'æ'
    )
}

/// Written syllables of a French word (at least one; see the module documentation).
///
/// One pass over the word's lower-case letters, keeping the last four for the mute-`e`
/// rule: readability counts the syllables of every word of a text.
pub fn syllables(word: &str) -> usize {
    if word.is_ascii() {
        // The same letters, without Unicode case mapping: most words.
        let letters = word
            .bytes()
            .map(|b| char::from(b.to_ascii_lowercase()))
            .filter(char::is_ascii_alphabetic);
        count_syllables(letters)
    } else {
        let letters = word
            .chars()
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphabetic());
        count_syllables(letters)
    }
}

/// [`syllables`] of a word given as its lower-case letters.
fn count_syllables(letters: impl Iterator<Item = char>) -> usize {
    let mut groups = 0;
    let mut in_vowels = false;
    // The last four letters, the latest last.
    let mut last: [Option<char>; 4] = [None; 4];
    for c in letters {
        let v = is_vowel(c);
        if v && !in_vowels {
            groups += 1;
        }
        in_vowels = v;
        last = [last[1], last[2], last[3], Some(c)];
    }
    // A final mute e (or es) after a single consonant that follows a vowel: `prise`,
    // `grandes`, not `table` (ta-ble) nor `idée`.
    let (before, consonant) = match last {
        [a, b, Some('e'), Some('s')] => (a, b),
        [_, b, c, Some('e')] => (b, c),
        _ => (None, None),
    };
    if groups > 1 {
        if let (Some(before), Some(consonant)) = (before, consonant) {
            if !is_vowel(consonant) && is_vowel(before) {
                groups -= 1;
            }
        }
    }
    groups.max(1)
}

/// Elided articles, pronouns and conjunctions (`l’`, `qu’`, `jusqu’`…), in lower case and
/// without their apostrophe.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "ç", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    "presqu",
];

/// `l’entreprise` → `Some(("l’", "entreprise"))`; `aujourd’hui` → `None` (`aujourd` is no
/// elision). Either apostrophe.
pub fn split_elision(word: &str) -> Option<(&str, &str)> {
    let pos = word.find(['\'', '’'])?;
    let prefix = word.get(..pos)?;
    let apostrophe_len = word.get(pos..)?.chars().next()?.len_utf8();
    let rest = word.get(pos + apostrophe_len..)?;
    (!rest.is_empty() && ELISIONS.contains(&prefix.to_lowercase().as_str()))
        .then(|| (word.get(..pos + apostrophe_len).unwrap_or(prefix), rest))
}

/// The parts of a hyphenated word (`rendez-vous` → `rendez`, `vous`), non-empty.
pub fn hyphen_parts(word: &str) -> Vec<&str> {
    word.split(['-', '\u{2010}', '\u{2011}'])
        .filter(|p| !p.is_empty())
        .collect()
}

/// The byte range of a location inside `doc.text`, when it has a valid one.
pub fn source_range(doc: &Document, location: &Location) -> Option<Range<usize>> {
    let r = location.range()?;
    (r.start <= r.end && doc.text.get(r.clone()).is_some()).then_some(r)
}

/// Where a word of a block's text is in the block's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Found at this byte range of the document's text.
    At(Range<usize>),
    /// Found inside a Markdown code span (`` `npm install` ``): code, not prose.
    InCode,
    /// Not found (the source writes it otherwise, such as an HTML entity): use the block's
    /// location.
    Unknown,
}

/// Finds the successive words of a block's visible text in the block's source, which may
/// hold markup (`**gras**`, `[lien](url)`, tags, entities): the block's location plus an
/// offset in its text would point at the wrong place.
///
/// Words are searched in order, each after the previous one found, as whole words, with
/// `'` and `’` taken as equal; a match inside a tag (`<a href="…">`) or a Markdown link
/// destination is skipped.
///
/// Whether a place is inside a tag, a link destination or a code span depends on the source
/// before it; that is read once, as the locator moves forward (`Markup`), so that finding
/// every word of a block stays linear in the block's length.
pub struct Locator<'d> {
    source: &'d str,
    base: usize,
    cursor: usize,
    /// The markup state of `source[..cursor]`.
    markup: Markup,
}

/// What the source before a place opens and has not closed: a tag, a Markdown link
/// destination, a code span on the line.
#[derive(Debug, Clone, Copy, Default)]
struct Markup {
    /// Bytes of the source read so far.
    read: usize,
    /// The last `<` or `>` read was a `<`.
    in_tag: bool,
    /// Position of the `]` of the last `](` read.
    destination: Option<usize>,
    /// Position of the last `)` read.
    paren: Option<usize>,
    /// An odd number of backticks read since the last line break.
    in_code: bool,
}

impl Markup {
    /// Reads `source` up to `pos` (never backwards).
    fn advance(&mut self, source: &str, pos: usize) {
        let bytes = source.as_bytes();
        let end = pos.min(bytes.len());
        for i in self.read..end {
            match bytes.get(i) {
                Some(b'<') => self.in_tag = true,
                Some(b'>') => self.in_tag = false,
                Some(b')') => self.paren = Some(i),
                Some(b'(') if i > 0 && bytes.get(i - 1) == Some(&b']') => {
                    self.destination = Some(i - 1)
                }
                Some(b'`') => self.in_code = !self.in_code,
                Some(b'\n') => self.in_code = false,
                _ => {}
            }
        }
        self.read = self.read.max(end);
    }

    /// Inside a tag or a link destination.
    fn in_markup(&self) -> bool {
        self.in_tag || (self.destination.is_some() && self.destination > self.paren)
    }
}

impl<'d> Locator<'d> {
    /// A locator over the source span of `location` in `doc` (nothing found when the
    /// location is not a span).
    pub fn new(doc: &'d Document, location: &Location) -> Self {
        let (source, base) = match source_range(doc, location) {
            Some(r) => (doc.text.get(r.clone()).unwrap_or(""), r.start),
            None => ("", 0),
        };
        Locator {
            source,
            base,
            cursor: 0,
            markup: Markup::default(),
        }
    }

    /// The place of the next occurrence of `word`.
    pub fn find(&mut self, word: &str) -> Place {
        let mut from = self.cursor;
        let mut probe = self.markup;
        while let Some(pos) = find_loose(self.source, word, from) {
            let end = pos + loose_len(self.source, pos, word);
            from = end;
            if !whole_word(self.source, pos, end) {
                continue;
            }
            probe.advance(self.source, pos);
            if probe.in_markup() {
                continue;
            }
            let in_code = probe.in_code;
            probe.advance(self.source, end);
            self.cursor = end;
            self.markup = probe;
            if in_code {
                return Place::InCode;
            }
            return Place::At(self.base + pos..self.base + end);
        }
        Place::Unknown
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Byte position of `needle` in `hay` from `from`, apostrophes `'` and `’` equal.
fn find_loose(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let head: &str = needle.split(['\'', '’']).next().unwrap_or(needle);
    if head.is_empty() {
        return None;
    }
    let mut start = from;
    while let Some(rel) = hay.get(start..)?.find(head) {
        let pos = start + rel;
        if matches_loose(hay.get(pos..)?, needle) {
            return Some(pos);
        }
        start = pos + head.len();
    }
    None
}

fn matches_loose(hay: &str, needle: &str) -> bool {
    let mut h = hay.chars();
    needle.chars().all(|n| match h.next() {
        Some(c) => c == n || (is_apostrophe(c) && is_apostrophe(n)),
        None => false,
    })
}

/// Length in bytes, in `hay` at `pos`, of the match of `needle` (apostrophes may differ in
/// length).
fn loose_len(hay: &str, pos: usize, needle: &str) -> usize {
    hay.get(pos..)
        .map(|h| {
            h.chars()
                .take(needle.chars().count())
                .map(char::len_utf8)
                .sum()
        })
        .unwrap_or(needle.len())
}

fn whole_word(hay: &str, start: usize, end: usize) -> bool {
    let before = hay.get(..start).and_then(|s| s.chars().next_back());
    let after = hay.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Source text without its tags (`<…>` replaced by a space; entities left as they are:
/// the words the checks look for are plain). For short windows of HTML source around an
/// element, where the reader's blocks do not say what is next to what.
pub fn strip_tags(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `i` clamped to `text` and moved back to a character boundary.
pub fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Helpers for the tests of the writing-quality checks: the rule pack's parameters, and
/// documents built from plain text.
#[cfg(test)]
pub(crate) mod testing {
    use livrable_model::{Block, BlockKind, Document, Format, Location};

    /// The rule pack's checks file for these checks.
    pub const QUALITY_TOML: &str = include_str!("../../../rules/ccm-n6/checks/quality.toml");

    /// The data files the writing-quality instances name, as the pack loader gives them.
    pub fn pack_data() -> crate::Data {
        let mut data = crate::Data::new();
        for (path, bytes) in [
            (
                "data/dictionaries/fr_FR/fr_FR.aff.gz",
                &include_bytes!("../../../rules/ccm-n6/data/dictionaries/fr_FR/fr_FR.aff.gz")[..],
            ),
            (
                "data/dictionaries/fr_FR/fr_FR.dic.gz",
                &include_bytes!("../../../rules/ccm-n6/data/dictionaries/fr_FR/fr_FR.dic.gz")[..],
            ),
            (
                "data/dictionaries/vocabulaire-metier.txt",
                &include_bytes!("../../../rules/ccm-n6/data/dictionaries/vocabulaire-metier.txt")[..],
            ),
        ] {
            data.insert(path.to_string(), bytes.to_vec());
        }
        data
    }

    /// The parameters of instance `id` of `checks/quality.toml`, as the engine passes them.
    pub fn quality_params(id: &str) -> toml::Table {
        let file: toml::Table = toml::from_str(QUALITY_TOML).expect("quality.toml parses");
        file.get("check")
            .and_then(|c| c.as_array())
            .and_then(|checks| {
                checks
                    .iter()
                    .find(|c| c.get("id").and_then(|i| i.as_str()) == Some(id))
            })
            .and_then(|c| c.get("params"))
            .and_then(|p| p.as_table())
            .cloned()
            .unwrap_or_else(|| panic!("no instance {id} with params in quality.toml"))
    }

    /// A document read from plain text the way the Markdown reader would: one block per
    /// paragraph (blank lines separate them), `# ` lines are headings, `- ` lines list items;
    /// block text has `**` removed and white space collapsed, locations are the source spans.
    pub fn text_doc(path: &str, format: Format, text: &str) -> Document {
        let mut doc = Document::new(path, format);
        doc.text = text.to_string();
        let mut start = None;
        let mut pos = 0;
        let mut spans = Vec::new();
        for line in text.split_inclusive('\n') {
            let content = line.trim();
            let heading_or_item = content.starts_with("# ") || content.starts_with("- ");
            if content.is_empty() || heading_or_item {
                if let Some(s) = start.take() {
                    spans.push((s, pos));
                }
            }
            if heading_or_item {
                spans.push((pos, pos + line.trim_end().len()));
            } else if !content.is_empty() && start.is_none() {
                start = Some(pos);
            }
            pos += line.len();
        }
        if let Some(s) = start {
            spans.push((s, text.len()));
        }
        for (s, e) in spans {
            let raw = text.get(s..e).unwrap_or("").trim_end();
            let e = s + raw.len();
            let (kind, body) = if let Some(rest) = raw.strip_prefix("# ") {
                (BlockKind::Heading { level: 1 }, rest)
            } else if let Some(rest) = raw.strip_prefix("- ") {
                (BlockKind::ListItem, rest)
            } else {
                (BlockKind::Paragraph, raw)
            };
            let visible = body
                .replace("**", "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            doc.blocks.push(Block {
                kind,
                text: visible,
                location: Location::span(s, e),
            });
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::Format;

    fn words(text: &str) -> Vec<(&str, TokenKind)> {
        tokens(text).into_iter().map(|t| (t.text, t.kind)).collect()
    }

    #[test]
    fn elisions_and_apostrophes_stay_in_one_token() {
        for text in [
            "l'entreprise",
            "l’entreprise",
            "aujourd'hui",
            "aujourd’hui",
            "jusqu'à",
            "jusqu’à",
            "lorsqu’il",
            "puisqu'elle",
            "qu’on",
            "c’est-à-dire",
            "peut-être",
            "presqu'île",
        ] {
            assert_eq!(words(text), vec![(text, TokenKind::Word)], "{text}");
        }
        assert_eq!(split_elision("l’entreprise"), Some(("l’", "entreprise")));
        assert_eq!(split_elision("L'Oréal"), Some(("L'", "Oréal")));
        assert_eq!(split_elision("jusqu'à"), Some(("jusqu'", "à")));
        assert_eq!(split_elision("Lorsqu’il"), Some(("Lorsqu’", "il")));
        assert_eq!(split_elision("aujourd’hui"), None);
        assert_eq!(split_elision("l'"), None);
        assert_eq!(hyphen_parts("rendez-vous"), vec!["rendez", "vous"]);
    }

    #[test]
    fn addresses_numbers_tags_are_not_words() {
        let t = words(
            "Écrivez à contact@verdure.fr, voyez https://verdure.fr/salon?x=1. ou www.a.org \
             et plan-2025.pdf #SalonHabitat @verdure_officiel 1er 10h30 XXIe siècle 12 km",
        );
        let kinds: Vec<TokenKind> = t.iter().map(|(_, k)| *k).collect();
        assert!(t.contains(&("contact@verdure.fr", TokenKind::Email)));
        assert!(t.contains(&("https://verdure.fr/salon?x=1", TokenKind::Url)));
        assert!(t.contains(&("www.a.org", TokenKind::Url)));
        assert!(t.contains(&("plan-2025.pdf", TokenKind::Domain)));
        assert!(t.contains(&("#SalonHabitat", TokenKind::Hashtag)));
        assert!(t.contains(&("@verdure_officiel", TokenKind::Mention)));
        assert!(t.contains(&("1er", TokenKind::Number)));
        assert!(t.contains(&("10h30", TokenKind::Number)));
        assert!(t.contains(&("XXIe", TokenKind::Number)));
        assert!(t.contains(&("km", TokenKind::Word)));
        assert!(t.contains(&("siècle", TokenKind::Word)));
        assert_eq!(kinds.len(), 17);
    }

    /// Kinds and spans as the whole pattern's capture groups give them on the whole text:
    /// what [`tokens`] finds run by run of non-white-space, with the word pattern alone
    /// where only words can be.
    fn by_captures(text: &str) -> Vec<(&str, std::ops::Range<usize>, TokenKind)> {
        token_regex()
            .captures_iter(text)
            .filter_map(|caps| {
                let kinds = [
                    ("url", TokenKind::Url),
                    ("email", TokenKind::Email),
                    ("domain", TokenKind::Domain),
                    ("hashtag", TokenKind::Hashtag),
                    ("mention", TokenKind::Mention),
                    ("word", TokenKind::Word),
                ];
                kinds.iter().find_map(|(name, kind)| {
                    let m = caps.name(name)?;
                    let kind = if *kind == TokenKind::Word {
                        word_kind(m.as_str())
                    } else {
                        *kind
                    };
                    Some((m.as_str(), m.range(), kind))
                })
            })
            .collect()
    }

    #[test]
    fn letter_classes_are_the_word_class() {
        let class = Regex::new(r"^[\p{L}\p{M}\p{N}]$").unwrap();
        let mut answered = 0;
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            if let Some(letter) = letter_class(c) {
                assert_eq!(letter, class.is_match(&c.to_string()), "U+{:04X}", c as u32);
                answered += 1;
            }
        }
        assert_eq!(answered, 0x250 + 0x70 + 0x70 + 0x30);
    }

    #[test]
    fn tokens_by_runs_match_the_whole_pattern_on_the_whole_text() {
        for text in [
            "Écrivez à contact@verdure.fr, voyez https://verdure.fr/salon?x=1. ou www.a.org \
             et plan-2025.pdf #SalonHabitat @verdure_officiel 1er 10h30 XXIe siècle 12 km",
            "Fin de phrase.Début collé: www. rien, a.b.c, 3.5 %, e.mail@ @ # ## x@y z.fr/ \
             l’entreprise aujourd'hui c’est-à-dire M.Dupont HTTP://X.FR https:// rapport.PDF",
            "mailto:presse@verdure.fr tel:+33612345678 #2025 @a.b.c 12:30 a:b ::: ... …",
            "site.fré éwww.x.fr été.fr café@bar.fr\u{a0}: «\u{202f}www.verdure.fr\u{202f}» \
             x\ty\nz.pdf\r\nun e\u{301}te\u{301} co\u{301}te.fr ‐mot‑clé‐ - ’ ' l'‐",
            " \u{3000}début\u{2028}fin\u{85}mot #tag@x.fr @men.tion.fr https://a.fr/b(c)d.",
            "",
        ] {
            let ours: Vec<_> = tokens(text)
                .into_iter()
                .map(|t| (t.text, t.range, t.kind))
                .collect();
            assert_eq!(ours, by_captures(text), "{text}");
        }
        // Texts drawn from pieces that sit at the edges of the alternatives.
        let pieces = [
            "a", "é", "e\u{301}", "W", "www", "http", "https", "://", ".", ":", "@", "#", "-", "’",
            "'", "_", "/", "fr", "pdf", "com", "1", "2025", "XXIe", " ", "\u{a0}", "\u{202f}",
            "\n", "\t", ",", ")", "]", "«", "»", "\"", "<", "%", "+", "…", "!", "?", "‐", "‑",
            "--", "ª", "²", "µ", "\u{483}", "\u{660}", "⁰", "\u{20d0}", "\u{1dc0}", "ʰ", "\u{ad}",
            "🎉", "€", "ℓ", "①", "ꝏ", "\u{2028}", "中文",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..20000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let i = (seed >> 33) as usize % pieces.len();
                text.push_str(pieces.get(i).copied().unwrap_or(""));
            }
            let ours: Vec<_> = tokens(&text)
                .into_iter()
                .map(|t| (t.text, t.range, t.kind))
                .collect();
            assert_eq!(ours, by_captures(&text), "{text:?}");
        }
    }

    #[test]
    fn sentences_end_at_stops_but_not_after_abbreviations() {
        let text = "M. Dupont arrive. Il parle, etc. et repart ! Vraiment ? Oui… \
                    Voir p. 12 et J. Martin. Fin";
        let toks = tokens(text);
        let starts: Vec<&str> = toks
            .iter()
            .filter(|t| t.sentence_start)
            .map(|t| t.text)
            .collect();
        assert_eq!(starts, vec!["M", "Il", "Vraiment", "Oui", "Voir", "Fin"]);
        let s = sentences(&toks);
        assert_eq!(s.len(), 6);
        assert_eq!(s[0], 0..3);
        assert!(sentences(&[]).is_empty());
    }

    #[test]
    fn syllables_are_written_ones() {
        for (w, n) in [
            ("communication", 5),
            ("prise", 1),
            ("table", 2),
            ("entreprise", 3),
            ("idée", 2),
            ("grandes", 2),
            ("places", 1),
            ("a", 1),
            ("2025", 1),
            ("oiseau", 2),
            ("aujourd'hui", 3),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    /// Syllables as first written (the lower-case letters collected, then matched).
    fn syllables_collected(word: &str) -> usize {
        const VOWELS: &str = "aeiouyàâäéèêëîïôöùûüÿœæ";
        let is_vowel = |c: char| VOWELS.contains(c);
        let lower: Vec<char> = word
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        let mut groups = 0;
        let mut in_vowels = false;
        for &c in &lower {
            let v = is_vowel(c);
            if v && !in_vowels {
                groups += 1;
            }
            in_vowels = v;
        }
        let stem: &[char] = match lower.as_slice() {
            [rest @ .., 'e', 's'] => rest,
            [rest @ .., 'e'] => rest,
            _ => &[],
        };
        if groups > 1 {
            if let [.., before, consonant] = stem {
                if !is_vowel(*consonant) && is_vowel(*before) {
                    groups -= 1;
                }
            }
        }
        groups.max(1)
    }

    #[test]
    fn syllables_in_one_pass_count_as_collected() {
        let letters = [
            "a", "e", "s", "t", "r", "i", "é", "É", "E", "S", "œ", "ŒS", "-", "'", "1", "ΣΑΣ", "y",
            "u", "b", "l",
        ];
        let mut seed: u64 = 7;
        for _ in 0..5000 {
            let mut word = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 60) as usize;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let i = (seed >> 33) as usize % letters.len();
                word.push_str(letters.get(i).copied().unwrap_or(""));
            }
            assert_eq!(syllables(&word), syllables_collected(&word), "{word}");
        }
    }

    #[test]
    fn words_are_found_in_markup_sources() {
        let mut d = Document::new("a.md", Format::Markdown);
        d.text = "# T\nLa **stratégie** de [la marque](https://x.fr/marque) et `la marque` \
                  de l'entreprise.\n"
            .into();
        let start = d.text.find("La").unwrap_or(0);
        let loc = Location::span(start, d.text.len());
        let mut l = Locator::new(&d, &loc);
        let at = |p: Place| match p {
            Place::At(r) => d.text.get(r).map(str::to_string),
            _ => None,
        };
        assert_eq!(at(l.find("stratégie")).as_deref(), Some("stratégie"));
        assert_eq!(at(l.find("marque")).as_deref(), Some("marque"));
        // The link destination's `marque` is skipped; the next one is in a code span.
        assert_eq!(l.find("marque"), Place::InCode);
        assert_eq!(at(l.find("l’entreprise")).as_deref(), Some("l'entreprise"));
        assert_eq!(l.find("absent"), Place::Unknown);
        // `art` is not found inside `partie`.
        d.text = "<p title=\"art\">partie art</p>".into();
        let mut l = Locator::new(&d, &Location::span(0, d.text.len()));
        assert_eq!(l.find("art"), Place::At(22..25));
        // A location that is not a span, or out of bounds, finds nothing.
        let mut l = Locator::new(&d, &Location::page(1));
        assert_eq!(l.find("art"), Place::Unknown);
        let mut l = Locator::new(&d, &Location::span(3, 999));
        assert_eq!(l.find("art"), Place::Unknown);
    }

    /// The locator as first written: the markup state read again from the block's start for
    /// every candidate. [`Locator`] keeps it as it moves; both must find the same places.
    fn rescanning_find(source: &str, cursor: &mut usize, word: &str) -> Place {
        let in_markup = |pos: usize| {
            let before = source.get(..pos).unwrap_or("");
            let tag_open = before.rfind('<');
            if tag_open.is_some() && tag_open > before.rfind('>') {
                return true;
            }
            let dest = before.rfind("](");
            dest.is_some() && dest > before.rfind(')')
        };
        let in_code = |pos: usize| {
            let before = source.get(..pos).unwrap_or("");
            let line = before.rsplit('\n').next().unwrap_or("");
            line.matches('`').count() % 2 == 1
        };
        let mut from = *cursor;
        while let Some(pos) = find_loose(source, word, from) {
            let end = pos + loose_len(source, pos, word);
            from = end;
            if !whole_word(source, pos, end) || in_markup(pos) {
                continue;
            }
            *cursor = end;
            if in_code(pos) {
                return Place::InCode;
            }
            return Place::At(pos..end);
        }
        Place::Unknown
    }

    #[test]
    fn locator_reads_markup_once_and_finds_what_a_rescan_finds() {
        let sources = [
            "La **marque** [la marque](https://x.fr/marque) `la marque` et <a title=\"marque\">\
             marque</a> (marque) ](marque `code\nmarque` marque <b>marque</b> l'art l’art",
            "<p>Un <em>mot</em> et [un](mot) lien] (mot) `mot` mot\n`mot\nmot` <mot> mot",
        ];
        let words = [
            "marque", "la", "mot", "art", "l’art", "l'art", "code", "absent", "un", "b", "lien",
        ];
        for source in sources {
            let mut d = Document::new("a.md", Format::Markdown);
            d.text = source.to_string();
            // Every sequence of two words, then all words in turn: the cursor moves in
            // every way a check moves it.
            let mut sequences: Vec<Vec<&str>> = Vec::new();
            for a in words {
                for b in words {
                    sequences.push(vec![a, b, a]);
                }
            }
            sequences.push(words.to_vec());
            for seq in sequences {
                let mut locator = Locator::new(&d, &Location::span(0, source.len()));
                let mut cursor = 0;
                for w in &seq {
                    assert_eq!(
                        locator.find(w),
                        rescanning_find(source, &mut cursor, w),
                        "{w} in {seq:?} of {source}"
                    );
                }
            }
        }
    }
}
