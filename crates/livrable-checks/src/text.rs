//! Text measures shared by the content checks (`blog`, `seo`, `press-release`,
//! `social-post`, `links`): word counts, grapheme counts, accent-folded phrase matching,
//! quoting, the prose of a document, and where a Markdown front matter key is written.
//!
//! # Choices
//!
//! - **Words** are Unicode words (UAX #29, `unicode-segmentation`): `l'article` and
//!   `aujourd'hui` are one word each, numbers count, punctuation and emoji do not. That is
//!   how word processors count, and candidates compare our counts with theirs.
//! - **Matching** (keywords, phrases) is on folded words ([`livrable_model::french::fold`]:
//!   lower case, no accents) with apostrophes and hyphens as separators, so that
//!   `l'Habitat-Durable` contains the keyword `habitat durable`. Matches are on whole
//!   words: `ici` is not found in `participer`.
//! - **Characters** shown to users are graphemes (what a reader sees as one character:
//!   `é` written as `e` + accent, or a family emoji, is one), never bytes.
//!
//! # Limits
//!
//! No stemming: `salons` does not match the keyword `salon`.

use livrable_model::french::fold;
use livrable_model::{Block, BlockKind, Document, Format, Location};
use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

/// Number of words in `text` (Unicode word boundaries).
pub fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}

/// Number of user-perceived characters in `text`.
pub fn grapheme_count(text: &str) -> usize {
    text.graphemes(true).count()
}

/// `text` with white space collapsed and cut to `max` graphemes (with `…`), for quoting
/// in a finding without flooding the report.
pub fn quote(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut graphemes = collapsed.graphemes(true);
    let head: String = graphemes.by_ref().take(max).collect();
    if graphemes.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// The folded words of `text`, apostrophes and hyphens splitting words, for matching.
pub fn match_words(text: &str) -> Vec<String> {
    let folded = fold(text).replace(['\'', '-', '\u{2010}', '\u{2011}'], " ");
    folded.unicode_words().map(str::to_string).collect()
}

/// True when the word sequence `needle` occurs, contiguous, in `haystack`. An empty
/// needle is never found (a blank keyword must not pass as present).
pub fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && haystack.len() >= needle.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

/// True when `text` contains `phrase` as whole folded words.
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    contains_words(&match_words(text), &match_words(phrase))
}

/// True when `text` starts with `phrase` as whole folded words.
pub fn starts_with_phrase(text: &str, phrase: &str) -> bool {
    let needle = match_words(phrase);
    !needle.is_empty() && match_words(text).starts_with(&needle)
}

/// The blocks that carry the document's running text: paragraphs, list items and quotes
/// (not headings, not code).
pub fn is_prose(block: &Block) -> bool {
    matches!(
        block.kind,
        BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote
    )
}

/// The level of a heading block, `None` for other blocks.
pub fn heading_level(block: &Block) -> Option<u8> {
    match block.kind {
        BlockKind::Heading { level } => Some(level),
        _ => None,
    }
}

/// A front matter value of a Markdown document, trimmed, when it is not blank.
pub fn front_matter<'a>(doc: &'a Document, key: &str) -> Option<&'a str> {
    if doc.format != Format::Markdown {
        return None;
    }
    doc.meta
        .front_matter
        .get(key)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
}

/// Where the front matter line `key: …` is written in a Markdown document, so that a
/// finding about the front matter title points at its line. The whole file when the line
/// cannot be found (a reader that did not keep the front matter in `text`, or a key
/// written in a form this simple scan does not know).
pub fn front_matter_location(doc: &Document, key: &str) -> Location {
    let text = doc.text.strip_prefix('\u{feff}').unwrap_or(&doc.text);
    let offset = doc.text.len() - text.len();
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Location::whole();
    };
    if first.trim_end() != "---" {
        return Location::whole();
    }
    let mut pos = offset + first.len();
    for line in lines {
        let content = line.trim_end();
        if content == "---" || content == "..." {
            break;
        }
        if let Some(rest) = content.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                return Location::span(pos, pos + content.len());
            }
        }
        pos += line.len();
    }
    Location::whole()
}

/// A value the author wrote in the text itself, on a line « Label : valeur » near the top:
/// how a Word or PDF article, which has no front matter, states its keyword, its meta
/// description or its site (« Mot-clé principal : potager en carré »).
#[derive(Debug, Clone, PartialEq)]
pub struct Stated<'a> {
    /// The value, trimmed of white space and of the quotation marks around it.
    pub value: &'a str,
    /// Where the line is.
    pub location: Location,
    /// The line's index in [`Document::blocks`], so that a check can leave it out of the
    /// article's text.
    pub block: usize,
}

/// The first of the document's first `top` non-blank blocks written « Label : valeur »
/// whose label is one of `labels` (compared folded, white space collapsed; a French space
/// before the colon is fine) and whose value is not blank.
pub fn stated<'a>(doc: &'a Document, labels: &[String], top: usize) -> Option<Stated<'a>> {
    doc.blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.text.trim().is_empty())
        .take(top)
        .find_map(|(i, b)| {
            let (label, value) = b.text.split_once(':')?;
            let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
            let label = fold(&label);
            if !labels.iter().any(|l| fold(l.trim()) == label) {
                return None;
            }
            let value = value
                .trim()
                .trim_matches(['«', '»', '"', '“', '”', '\'', '’'])
                .trim();
            (!value.is_empty()).then(|| Stated {
                value,
                location: b.location.clone(),
                block: i,
            })
        })
}

/// The location of the first element with `tag` (HTML), or the whole file.
pub fn element_location(doc: &Document, tag: &str, attr: Option<(&str, &str)>) -> Location {
    doc.elements
        .iter()
        .find(|e| {
            e.tag == tag
                && attr.is_none_or(|(name, value)| {
                    e.attr(name)
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case(value))
                })
        })
        .map(|e| e.location.clone())
        .unwrap_or_default()
}

/// A mark for a place in a checklist-like argument: present, absent, or not applicable.
/// Symbols rather than words so that the messages of the rule pack, in any language,
/// can show them.
pub fn mark(present: Option<bool>) -> &'static str {
    match present {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "—",
    }
}

/// A regular expression compiled when the rule pack loads, so that a bad one is refused
/// then, with the pattern, rather than silently never matching. Compiled once per process
/// however many instances name it ([`crate::regex_cache`]).
#[derive(Debug, Clone)]
pub struct Pattern(pub Regex);

impl<'de> serde::Deserialize<'de> for Pattern {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        crate::regex_cache::cached(&raw)
            .map(Pattern)
            .map_err(|e| serde::de::Error::custom(format!("pattern `{raw}`: {e}")))
    }
}

/// The host of an absolute `http(s)://` or protocol-relative `//` URL, or of a bare host
/// (`verdure.fr`, `www.verdure.fr/blog`) when `bare_ok`: lower case, without port,
/// credentials, trailing dot or leading `www.`. `None` for anything else.
///
/// Written by hand: only the host is needed, and the `url` crate is not a dependency.
pub fn host_of(value: &str, bare_ok: bool) -> Option<String> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else if let Some(r) = lower.strip_prefix("//") {
        r
    } else if bare_ok && !lower.contains("://") && !lower.contains(':') {
        lower.as_str()
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    if host.is_empty() || host.contains(char::is_whitespace) || (bare_ok && !host.contains('.')) {
        return None;
    }
    Some(host.to_string())
}

/// True when `host` is `site` or one of its sub-domains (`blog.verdure.fr` for
/// `verdure.fr`).
pub fn same_site(host: &str, site: &str) -> bool {
    host == site
        || host
            .strip_suffix(site)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_count_like_a_word_processor() {
        assert_eq!(word_count("L'article d'aujourd'hui : 12 conseils !"), 4);
        assert_eq!(word_count("  "), 0);
        assert_eq!(
            word_count("Bravo 🎉🎉 à l’équipe"),
            3,
            "emoji are not words"
        );
    }

    #[test]
    fn graphemes_not_bytes_nor_code_points() {
        let decomposed = "e\u{301}te\u{301}"; // été, accents as combining marks
        assert_eq!(grapheme_count(decomposed), 3);
        assert_eq!(grapheme_count("👨‍👩‍👧"), 1);
        assert_eq!("👨‍👩‍👧".len(), 18);
    }

    #[test]
    fn phrases_match_whole_folded_words() {
        assert!(contains_phrase(
            "Visitez l'Habitat-Durable",
            "habitat durable"
        ));
        assert!(contains_phrase(
            "COMMUNIQUÉ DE PRESSE",
            "communique de presse"
        ));
        assert!(!contains_phrase("participer", "ici"));
        assert!(!contains_phrase("n'importe quoi", ""));
        assert!(starts_with_phrase("À propos de Verdure", "a propos de"));
        assert!(!starts_with_phrase("Tout à propos de", "a propos de"));
    }

    #[test]
    fn quotes_are_cut_on_graphemes() {
        assert_eq!(quote("a  b\nc", 10), "a b c");
        assert_eq!(quote("éééé", 2), "éé…");
    }

    #[test]
    fn hosts_are_normalised() {
        assert_eq!(
            host_of("https://www.Verdure.fr:443/blog?x#y", false).as_deref(),
            Some("verdure.fr")
        );
        assert_eq!(
            host_of("//cdn.verdure.fr/a", false).as_deref(),
            Some("cdn.verdure.fr")
        );
        assert_eq!(
            host_of("http://user@site.fr./", false).as_deref(),
            Some("site.fr")
        );
        assert_eq!(host_of("/guides", false), None);
        assert_eq!(host_of("mailto:a@b.fr", false), None);
        assert_eq!(
            host_of("verdure.fr/blog", true).as_deref(),
            Some("verdure.fr")
        );
        assert_eq!(host_of("verdure", true), None);
        assert_eq!(host_of("https://", false), None);
        assert!(same_site("blog.verdure.fr", "verdure.fr"));
        assert!(!same_site("notverdure.fr", "verdure.fr"));
    }

    #[test]
    fn front_matter_lines_are_located() {
        let mut d = Document::new("a.md", Format::Markdown);
        d.text = "---\ntitle: Mon titre\ndescription: Bref\n---\n# T\ntitle: non\n".into();
        assert_eq!(front_matter_location(&d, "title"), Location::span(4, 20));
        assert_eq!(
            front_matter_location(&d, "description"),
            Location::span(21, 38)
        );
        assert_eq!(front_matter_location(&d, "keyword"), Location::whole());
        d.text = "# Pas de front matter\ntitle: x\n".into();
        assert_eq!(front_matter_location(&d, "title"), Location::whole());
        d.text = String::new();
        assert_eq!(front_matter_location(&d, "title"), Location::whole());
    }

    #[test]
    fn bad_patterns_are_refused_with_the_pattern() {
        #[derive(serde::Deserialize)]
        struct P {
            #[allow(dead_code)]
            p: Pattern,
        }
        let err = toml::from_str::<P>("p = '(unclosed'")
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("(unclosed")));
        assert!(toml::from_str::<P>("p = '\\p{Lu}+'").is_ok());
    }
}
