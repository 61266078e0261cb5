//! `press-release/…`: does a press release have the parts journalists expect, in the
//! expected order and size?
//!
//! # What it checks
//!
//! The document is read as its non-empty blocks (code blocks left out), in order. The
//! *top* is the first `top_blocks` of them.
//!
//! - `press-release/no-label`: no block of the top contains one of `label_phrases`
//!   ("Communiqué de presse").
//! - `press-release/no-dateline`: no block of the top matches `dateline_pattern` (place
//!   and date: "Lyon, le 1er mars 2027"). The pattern is applied to the text as written
//!   (it needs capitals for the place name).
//! - `press-release/no-title`, `press-release/long-title`: the title is the first block
//!   that is not *preamble* (see below) when it is a heading, or a short line (at most
//!   `title_max_chars` characters, no final full stop) such as a bold line in a word
//!   processor; failing that, a Markdown front matter `title`. `long-title`: a heading or
//!   front matter title longer than `title_max_chars`.
//! - `press-release/long-chapo`: the chapô (lead) is the first paragraph after the title
//!   that is not preamble; its words, a dateline at its start excluded, are more than
//!   `chapo_max_words`. Located at the paragraph.
//! - `press-release/no-quote`: no quotation — a quote block, or text of at least
//!   `quote_min_words` words between one of the `quote_marks` pairs (« … », “ … ”).
//! - `press-release/no-about`: no block starts with one of `about_phrases` ("À propos
//!   de").
//! - `press-release/no-press-contact`: no contact block with a name, an e-mail address and
//!   a phone number. A contact block is a block containing one of `contact_phrases`
//!   ("Contact presse") and the blocks after it, up to `contact_max_blocks` in all and
//!   stopping at the next heading. The block with the most parts is kept; the finding
//!   marks each part `✓` or `✗` and is located at that block (on the whole file when
//!   there is no contact block at all). E-mail and phone are found with `email_pattern`
//!   and `phone_pattern` (or a `mailto:` link inside the block); the name with
//!   `name_pattern` (capitalised words), ignoring matches made only of
//!   `name_ignore_words` ("Contact", "Presse"…).
//! - `press-release/too-long`: more than `warn_over_words` words in all (about one A4
//!   page, a warning), or more than `error_over_words` (over two pages, an error).
//! - `press-release/embargo-without-time`: a block of the top mentions one of
//!   `embargo_words` but lacks a date (`embargo_date_pattern`) or an hour
//!   (`embargo_time_pattern`); both patterns are applied to the folded text (lower case,
//!   no accents: write them so). Located at that block, with `✓`/`✗` marks.
//!
//! *Preamble* blocks are the short lines above the text: a paragraph of at most
//! `preamble_max_words` words (a dateline in it not counted) that contains a label
//! phrase, one of `preamble_phrases` ("Pour diffusion immédiate", "Embargo") or a
//! dateline; or a heading that is only a label phrase. They are never the title or the
//! chapô.
//!
//! Each part found gives an evidence (`press-release/label`, `dateline`, `title`,
//! `chapo`, `quote`, `about`, `contact`, `length`, `embargo`) with what was found, so the
//! evaluator sees what was verified.
//!
//! # Why
//!
//! The certification asks for "un communiqué de presse conforme aux normes
//! journalistiques … en termes de format, de style, et de contenu" (C2.1, CE2). No
//! standard text defines them; the parts and sizes are the consensus of practitioner
//! guides, kept in the rule pack with their sources.
//!
//! # Limits
//!
//! - The chapô's content (who, what, when, where) and the quote's attribution (name and
//!   function of the speaker) are for a person to judge.
//! - A name is recognised by its capitals: an organisation name in the contact block
//!   passes for a person's.
//! - Length is counted in words, not in rendered pages.
//! - A title typed as plain text longer than `title_max_chars` is taken for the chapô.

use livrable_model::french::fold;
use livrable_model::{Block, BlockKind, Document, Location, Observation, Severity};

use crate::text::{
    contains_phrase, front_matter, grapheme_count, heading_level, mark, match_words, quote,
    starts_with_phrase, word_count, Pattern,
};
use crate::{Input, Output};

pub const KIND: &str = "press-release";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_LABEL: &str = "press-release/no-label";
    pub const NO_DATELINE: &str = "press-release/no-dateline";
    pub const NO_TITLE: &str = "press-release/no-title";
    pub const LONG_TITLE: &str = "press-release/long-title";
    pub const LONG_CHAPO: &str = "press-release/long-chapo";
    pub const NO_QUOTE: &str = "press-release/no-quote";
    pub const NO_ABOUT: &str = "press-release/no-about";
    pub const NO_PRESS_CONTACT: &str = "press-release/no-press-contact";
    pub const TOO_LONG: &str = "press-release/too-long";
    pub const EMBARGO_WITHOUT_TIME: &str = "press-release/embargo-without-time";
    pub const LABEL: &str = "press-release/label";
    pub const DATELINE: &str = "press-release/dateline";
    pub const TITLE: &str = "press-release/title";
    pub const CHAPO: &str = "press-release/chapo";
    pub const QUOTE: &str = "press-release/quote";
    pub const ABOUT: &str = "press-release/about";
    pub const CONTACT: &str = "press-release/contact";
    pub const LENGTH: &str = "press-release/length";
    pub const EMBARGO: &str = "press-release/embargo";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_LABEL, &["blocks"]),
        CodeDecl::new(NO_DATELINE, &["blocks"]),
        CodeDecl::new(NO_TITLE, &[]),
        CodeDecl::new(LONG_TITLE, &["chars", "max", "title"]),
        CodeDecl::new(LONG_CHAPO, &["max", "start", "words"]),
        CodeDecl::new(NO_QUOTE, &["min_words"]),
        CodeDecl::new(NO_ABOUT, &[]),
        CodeDecl::new(NO_PRESS_CONTACT, &["block", "email", "name", "phone"]),
        CodeDecl::new(TOO_LONG, &["limit", "max", "words"]),
        CodeDecl::new(EMBARGO_WITHOUT_TIME, &["date", "text", "time"]),
        CodeDecl::new(LABEL, &["text"]),
        CodeDecl::new(DATELINE, &["dateline"]),
        CodeDecl::new(TITLE, &["title"]),
        CodeDecl::new(CHAPO, &["max", "words"]),
        CodeDecl::new(QUOTE, &["quote"]),
        CodeDecl::new(ABOUT, &["text"]),
        CodeDecl::new(CONTACT, &["name"]),
        CodeDecl::new(LENGTH, &["max", "words"]),
        CodeDecl::new(EMBARGO, &["date", "text", "time"]),
    ];
}

/// Texts quoted in findings and evidence are cut to this many characters.
const QUOTE_MAX: usize = 80;

/// Parameters of a `press-release` instance. Phrases are matched as whole words,
/// accent- and case-folded; write them as you like.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// How many blocks from the start count as the top of the release.
    pub top_blocks: usize,
    pub label_phrases: Vec<String>,
    /// Place and date, on the text as written.
    pub dateline_pattern: Pattern,
    /// Short lines above the text that are neither title nor chapô.
    pub preamble_phrases: Vec<String>,
    pub preamble_max_words: usize,
    pub title_max_chars: usize,
    pub chapo_max_words: usize,
    /// Opening and closing marks of a quotation.
    pub quote_marks: Vec<[String; 2]>,
    pub quote_min_words: usize,
    pub about_phrases: Vec<String>,
    pub contact_phrases: Vec<String>,
    pub contact_max_blocks: usize,
    pub email_pattern: Pattern,
    pub phone_pattern: Pattern,
    pub name_pattern: Pattern,
    /// Capitalised words that are not a name ("Contact", "Presse", "Tél").
    pub name_ignore_words: Vec<String>,
    pub warn_over_words: usize,
    pub error_over_words: usize,
    pub embargo_words: Vec<String>,
    /// Applied to folded text.
    pub embargo_date_pattern: Pattern,
    pub embargo_time_pattern: Pattern,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let blocks: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Code && !b.text.trim().is_empty())
        .collect();
    let top = blocks
        .get(..params.top_blocks.min(blocks.len()))
        .unwrap_or(&[]);
    let first_location = blocks
        .first()
        .map(|b| b.location.clone())
        .unwrap_or_default();
    let mut out = Output::default();

    label(top, params, &first_location, &mut out);
    dateline(top, params, &first_location, &mut out);
    title_and_chapo(doc, &blocks, params, &mut out);
    quotation(&blocks, params, &mut out);
    about(&blocks, params, &mut out);
    contact(doc, &blocks, params, &mut out);
    length(&blocks, params, &mut out);
    embargo(top, params, &mut out);
    out
}

fn any_phrase(text: &str, phrases: &[String]) -> bool {
    phrases.iter().any(|p| contains_phrase(text, p))
}

fn label(top: &[&Block], params: &Params, first: &Location, out: &mut Output) {
    match top
        .iter()
        .find(|b| any_phrase(&b.text, &params.label_phrases))
    {
        Some(b) => out.evidence.push(
            Observation::new(codes::LABEL, b.location.clone())
                .arg("text", quote(&b.text, QUOTE_MAX)),
        ),
        None => out.findings.push(
            Observation::new(codes::NO_LABEL, first.clone()).arg("blocks", params.top_blocks),
        ),
    }
}

fn dateline(top: &[&Block], params: &Params, first: &Location, out: &mut Output) {
    let found = top.iter().find_map(|b| {
        params
            .dateline_pattern
            .0
            .find(&b.text)
            .map(|m| (b, m.as_str().to_string()))
    });
    match found {
        Some((b, text)) => out.evidence.push(
            Observation::new(codes::DATELINE, b.location.clone())
                .arg("dateline", quote(&text, QUOTE_MAX)),
        ),
        None => out.findings.push(
            Observation::new(codes::NO_DATELINE, first.clone()).arg("blocks", params.top_blocks),
        ),
    }
}

/// The text of a block with a dateline in it removed.
fn without_dateline(text: &str, params: &Params) -> String {
    params.dateline_pattern.0.replace(text, " ").into_owned()
}

/// A short line above the text (see the module documentation).
fn is_preamble(b: &Block, params: &Params) -> bool {
    if heading_level(b).is_some() {
        let words = match_words(&b.text);
        return params.label_phrases.iter().any(|p| match_words(p) == words);
    }
    let has_dateline = params.dateline_pattern.0.is_match(&b.text);
    let marked = has_dateline
        || any_phrase(&b.text, &params.label_phrases)
        || any_phrase(&b.text, &params.preamble_phrases);
    marked && word_count(&without_dateline(&b.text, params)) <= params.preamble_max_words
}

/// The "À propos" and contact blocks, which are never the title or the chapô.
fn is_closing(b: &Block, params: &Params) -> bool {
    params
        .about_phrases
        .iter()
        .any(|p| starts_with_phrase(&b.text, p))
        || any_phrase(&b.text, &params.contact_phrases)
}

fn title_and_chapo(doc: &Document, blocks: &[&Block], params: &Params, out: &mut Output) {
    let mut rest = blocks
        .iter()
        .copied()
        .filter(|b| !is_preamble(b, params))
        .take_while(|b| !is_closing(b, params))
        .peekable();

    // The title: a heading, or a short line without a full stop, first after the preamble.
    let mut title: Option<(String, Location)> = None;
    if let Some(first) = rest.peek() {
        let text = first.text.trim();
        let short_line = first.kind == BlockKind::Paragraph
            && grapheme_count(text) <= params.title_max_chars
            && !text.ends_with('.');
        if heading_level(first).is_some() || short_line {
            title = Some((text.to_string(), first.location.clone()));
            rest.next();
        }
    }
    if title.is_none() {
        title = front_matter(doc, "title").map(|t| (t.to_string(), Location::whole()));
    }
    match &title {
        Some((text, at)) => {
            let chars = grapheme_count(text);
            if chars > params.title_max_chars {
                out.findings.push(
                    Observation::new(codes::LONG_TITLE, at.clone())
                        .arg("chars", chars)
                        .arg("max", params.title_max_chars)
                        .arg("title", quote(text, QUOTE_MAX)),
                );
            } else {
                out.evidence.push(
                    Observation::new(codes::TITLE, at.clone()).arg("title", quote(text, QUOTE_MAX)),
                );
            }
        }
        None => out.findings.push(Observation::new(
            codes::NO_TITLE,
            blocks
                .first()
                .map(|b| b.location.clone())
                .unwrap_or_default(),
        )),
    }

    // The chapô: the next paragraph.
    if let Some(chapo) = rest.find(|b| b.kind == BlockKind::Paragraph) {
        let words = word_count(&without_dateline(&chapo.text, params));
        if words > params.chapo_max_words {
            out.findings.push(
                Observation::new(codes::LONG_CHAPO, chapo.location.clone())
                    .arg("words", words)
                    .arg("max", params.chapo_max_words)
                    .arg("start", quote(&chapo.text, QUOTE_MAX)),
            );
        } else {
            out.evidence.push(
                Observation::new(codes::CHAPO, chapo.location.clone())
                    .arg("words", words)
                    .arg("max", params.chapo_max_words),
            );
        }
    }
}

/// The first quotation of at least `min_words` words between marks in `text`.
fn quoted<'a>(text: &'a str, marks: &[[String; 2]], min_words: usize) -> Option<&'a str> {
    for [open, close] in marks {
        if open.is_empty() || close.is_empty() {
            continue;
        }
        let mut rest = text;
        while let Some(start) = rest.find(open.as_str()) {
            let after = &rest[start + open.len()..];
            let Some(end) = after.find(close.as_str()) else {
                break;
            };
            let inner = &after[..end];
            if word_count(inner) >= min_words {
                return Some(inner);
            }
            rest = &after[end + close.len()..];
        }
    }
    None
}

fn quotation(blocks: &[&Block], params: &Params, out: &mut Output) {
    let found = blocks.iter().find_map(|b| {
        if b.kind == BlockKind::Quote && word_count(&b.text) >= params.quote_min_words {
            return Some((b, b.text.as_str()));
        }
        quoted(&b.text, &params.quote_marks, params.quote_min_words).map(|q| (b, q))
    });
    match found {
        Some((b, q)) => out.evidence.push(
            Observation::new(codes::QUOTE, b.location.clone()).arg("quote", quote(q, QUOTE_MAX)),
        ),
        None => out.findings.push(
            Observation::new(codes::NO_QUOTE, Location::whole())
                .arg("min_words", params.quote_min_words),
        ),
    }
}

fn about(blocks: &[&Block], params: &Params, out: &mut Output) {
    let found = blocks.iter().find(|b| {
        params
            .about_phrases
            .iter()
            .any(|p| starts_with_phrase(&b.text, p))
    });
    match found {
        Some(b) => out.evidence.push(
            Observation::new(codes::ABOUT, b.location.clone())
                .arg("text", quote(&b.text, QUOTE_MAX)),
        ),
        None => out
            .findings
            .push(Observation::new(codes::NO_ABOUT, Location::whole())),
    }
}

/// What a contact block holds.
struct Contact {
    location: Location,
    name: Option<String>,
    email: bool,
    phone: bool,
}

impl Contact {
    fn parts(&self) -> usize {
        usize::from(self.name.is_some()) + usize::from(self.email) + usize::from(self.phone)
    }
}

fn contact(doc: &Document, blocks: &[&Block], params: &Params, out: &mut Output) {
    let ignore: Vec<String> = params
        .name_ignore_words
        .iter()
        .chain(&params.contact_phrases)
        .chain(&params.label_phrases)
        .flat_map(|w| match_words(w))
        .collect();
    let mut best: Option<Contact> = None;
    for (i, start) in blocks.iter().enumerate() {
        if !any_phrase(&start.text, &params.contact_phrases) {
            continue;
        }
        let mut region: Vec<&Block> = vec![start];
        for b in blocks
            .iter()
            .skip(i + 1)
            .take(params.contact_max_blocks.saturating_sub(1))
        {
            if heading_level(b).is_some() {
                break;
            }
            region.push(b);
        }
        let text = region
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let spans: Vec<std::ops::Range<usize>> =
            region.iter().filter_map(|b| b.location.range()).collect();
        let mailto = doc.links.iter().any(|l| {
            l.href.trim().to_ascii_lowercase().starts_with("mailto:")
                && l.location
                    .start
                    .is_some_and(|s| spans.iter().any(|r| r.contains(&s)))
        });
        let email = mailto || params.email_pattern.0.is_match(&text);
        let phone = params.phone_pattern.0.is_match(&text);
        let name = params
            .name_pattern
            .0
            .find_iter(&text)
            .map(|m| m.as_str())
            .find(|m| match_words(m).iter().any(|w| !ignore.contains(w)))
            .map(str::to_string);
        let candidate = Contact {
            location: start.location.clone(),
            name,
            email,
            phone,
        };
        if best.as_ref().is_none_or(|b| candidate.parts() > b.parts()) {
            best = Some(candidate);
        }
    }
    match best {
        Some(c) if c.parts() == 3 => out.evidence.push(
            Observation::new(codes::CONTACT, c.location).arg(
                "name",
                c.name
                    .as_deref()
                    .map(|n| quote(n, QUOTE_MAX))
                    .unwrap_or_default(),
            ),
        ),
        Some(c) => out.findings.push(
            Observation::new(codes::NO_PRESS_CONTACT, c.location)
                .arg("block", mark(Some(true)))
                .arg("name", mark(Some(c.name.is_some())))
                .arg("email", mark(Some(c.email)))
                .arg("phone", mark(Some(c.phone))),
        ),
        None => out.findings.push(
            Observation::new(codes::NO_PRESS_CONTACT, Location::whole())
                .arg("block", mark(Some(false)))
                .arg("name", mark(None))
                .arg("email", mark(None))
                .arg("phone", mark(None)),
        ),
    }
}

fn length(blocks: &[&Block], params: &Params, out: &mut Output) {
    let words: usize = blocks.iter().map(|b| word_count(&b.text)).sum();
    if words > params.warn_over_words {
        let mut obs = Observation::new(codes::TOO_LONG, Location::whole())
            .arg("words", words)
            .arg("max", params.warn_over_words)
            .arg("limit", params.error_over_words);
        if words > params.error_over_words {
            obs = obs.severity(Severity::Error);
        }
        out.findings.push(obs);
    } else if words > 0 {
        out.evidence.push(
            Observation::new(codes::LENGTH, Location::whole())
                .arg("words", words)
                .arg("max", params.warn_over_words),
        );
    }
}

fn embargo(top: &[&Block], params: &Params, out: &mut Output) {
    let Some(b) = top
        .iter()
        .find(|b| any_phrase(&b.text, &params.embargo_words))
    else {
        return;
    };
    let folded = fold(&b.text);
    let date = params.embargo_date_pattern.0.is_match(&folded);
    let time = params.embargo_time_pattern.0.is_match(&folded);
    let obs = |code: &str| {
        Observation::new(code, b.location.clone())
            .arg("text", quote(&b.text, QUOTE_MAX))
            .arg("date", mark(Some(date)))
            .arg("time", mark(Some(time)))
    };
    if date && time {
        out.evidence.push(obs(codes::EMBARGO));
    } else {
        out.findings.push(obs(codes::EMBARGO_WITHOUT_TIME));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{Format, Link};

    /// Parameters like the rule pack's (the fixture test in `tests/content_fixtures.rs`
    /// runs the pack's own).
    fn params() -> Params {
        toml::from_str(PARAMS).unwrap_or_else(|e| panic!("{e}"))
    }

    const PARAMS: &str = r#"
top_blocks = 6
label_phrases = ["communiqué de presse", "communiqué", "information presse", "press release"]
dateline_pattern = '\p{Lu}[\p{L}\p{M}\x27’\- ]+\s*[,–—-]\s*(?:le\s+)?\d{1,2}(?:er)?\s+(?i:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)\s+\d{4}'
preamble_phrases = ["pour diffusion immédiate", "diffusion immédiate", "embargo", "sous embargo"]
preamble_max_words = 15
title_max_chars = 100
chapo_max_words = 60
quote_marks = [["«", "»"], ["“", "”"], ['"', '"']]
quote_min_words = 5
about_phrases = ["à propos de", "à propos du", "à propos des", "à propos d", "about"]
contact_phrases = ["contact presse", "contacts presse", "relations presse", "relations médias", "contact médias", "service de presse", "attachée de presse", "attaché de presse"]
contact_max_blocks = 6
email_pattern = '[\w.+-]+@[\w-]+(?:\.[\w-]+)+'
phone_pattern = '(?:\+33\s?(?:\(0\)\s?)?|\b0)[1-9](?:[\s.\-]?\d{2}){4}\b|\+\d{2,3}(?:[\s.\-]?\d{1,4}){3,6}'
name_pattern = '\p{Lu}[\p{Ll}\p{M}\x27’]+(?:[ \-]+\p{Lu}[\p{L}\p{M}\x27’]+)+'
name_ignore_words = ["contact", "contacts", "presse", "relations", "médias", "tél", "tel", "téléphone", "mail", "courriel", "email", "mobile", "portable"]
warn_over_words = 500
error_over_words = 1000
embargo_words = ["embargo"]
embargo_date_pattern = '\b\d{1,2}(?:er)?\s+(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b|\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b'
embargo_time_pattern = '\b(?:[01]?\d|2[0-3])\s?(?:h|:)\s?(?:[0-5]\d)?\b|\bmidi\b|\bminuit\b'
"#;

    fn block(kind: BlockKind, text: &str, i: usize) -> Block {
        Block {
            kind,
            text: text.into(),
            location: Location::span(i * 1000, i * 1000 + 10),
        }
    }

    const P: BlockKind = BlockKind::Paragraph;
    const H1: BlockKind = BlockKind::Heading { level: 1 };
    const H2: BlockKind = BlockKind::Heading { level: 2 };

    /// A complete release, as a professional writes it.
    fn release() -> Vec<(BlockKind, String)> {
        vec![
            (P, "COMMUNIQUÉ DE PRESSE".into()),
            (H1, "Verdure Rénovation ouvre un espace conseil gratuit au salon Habitat Durable".into()),
            (P, "Lyon, le 1er mars 2027".into()),
            (P, "Verdure Rénovation accueillera les visiteurs du salon Habitat Durable, du 12 au 14 mars 2027 à Eurexpo Lyon, dans un espace conseil gratuit consacré aux aides à la rénovation énergétique.".into()),
            (P, "« Nos clients se perdent dans les aides publiques : nous voulons leur faire gagner du temps », explique Claire Martin, directrice de Verdure Rénovation.".into()),
            (H2, "À propos de Verdure Rénovation".into()),
            (P, "Fondée en 2012 à Lyon, Verdure Rénovation accompagne les particuliers dans leurs travaux d’isolation et de chauffage.".into()),
            (P, "Contact presse : Claire Martin – presse@verdure-renovation.fr – 04 72 00 00 00".into()),
        ]
    }

    fn doc_of(parts: &[(BlockKind, String)]) -> Document {
        let mut d = Document::new("communique.md", Format::Markdown);
        for (i, (k, t)) in parts.iter().enumerate() {
            d.blocks.push(block(*k, t, i));
        }
        d
    }

    fn run(d: &Document) -> Output {
        check(
            &Input {
                doc: d,
                kind: "press-release",
                submission: &[],
                options: &toml::Table::new(),
            },
            &params(),
        )
    }

    fn codes_of(out: &Output) -> Vec<&str> {
        out.findings.iter().map(|o| o.code.as_str()).collect()
    }

    fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
        o.args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no arg {name} in {o:?}"))
    }

    fn evidence<'a>(out: &'a Output, code: &str) -> &'a Observation {
        out.evidence
            .iter()
            .find(|o| o.code == code)
            .unwrap_or_else(|| panic!("no evidence {code} in {:?}", out.evidence))
    }

    fn without(i: usize) -> Document {
        let mut parts = release();
        parts.remove(i);
        doc_of(&parts)
    }

    fn with(i: usize, kind: BlockKind, text: &str) -> Document {
        let mut parts = release();
        parts[i] = (kind, text.into());
        doc_of(&parts)
    }

    #[test]
    fn a_complete_release_passes_with_evidence_for_each_part() {
        let out = run(&doc_of(&release()));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(
            arg(evidence(&out, codes::DATELINE), "dateline"),
            "Lyon, le 1er mars 2027"
        );
        assert!(arg(evidence(&out, codes::TITLE), "title").starts_with("Verdure Rénovation ouvre"));
        assert_eq!(
            evidence(&out, codes::CHAPO).location,
            Location::span(3000, 3010)
        );
        assert!(arg(evidence(&out, codes::QUOTE), "quote").starts_with("Nos clients"));
        assert_eq!(arg(evidence(&out, codes::CONTACT), "name"), "Claire Martin");
        evidence(&out, codes::LABEL);
        evidence(&out, codes::ABOUT);
        evidence(&out, codes::LENGTH);
    }

    #[test]
    fn no_label_fires_when_absent_or_too_low() {
        let out = run(&without(0));
        assert_eq!(codes_of(&out), vec![codes::NO_LABEL]);
        // The label further down than the top does not count.
        let mut parts = release();
        let label = parts.remove(0);
        for i in 0..6 {
            parts.insert(3, (P, format!("Paragraphe de remplissage numéro {i}.")));
        }
        parts.push(label);
        assert!(codes_of(&run(&doc_of(&parts))).contains(&codes::NO_LABEL));
    }

    #[test]
    fn no_dateline_fires_and_variants_pass() {
        let out = run(&without(2));
        assert_eq!(codes_of(&out), vec![codes::NO_DATELINE]);
        for ok in [
            "Paris, 3 février 2027",
            "Saint-Étienne, le 12 Décembre 2027",
            "AIX-EN-PROVENCE – 1er août 2027",
            "Lyon, le 1er mars 2027 – Pour diffusion immédiate",
        ] {
            let out = run(&with(2, P, ok));
            assert!(out.findings.is_empty(), "{ok}: {:?}", out.findings);
        }
        for bad in [
            "Le 1er mars 2027",
            "Lyon, mars 2027",
            "lyon, le 1er mars 2027",
        ] {
            assert_eq!(
                codes_of(&run(&with(2, P, bad))),
                vec![codes::NO_DATELINE],
                "{bad}"
            );
        }
    }

    #[test]
    fn dateline_at_the_start_of_the_chapo_is_not_counted_in_it() {
        let mut parts = release();
        parts.remove(2);
        let chapo = format!("Lyon, le 1er mars 2027 – {}", parts[2].1);
        parts[2].1 = chapo;
        let out = run(&doc_of(&parts));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(evidence(&out, codes::CHAPO), "words"), "30");
    }

    #[test]
    fn no_title_fires_when_the_text_starts_at_once() {
        let out = run(&without(1));
        assert_eq!(codes_of(&out), vec![codes::NO_TITLE]);
        assert_eq!(out.findings[0].location, Location::span(0, 10));
        // A short bold line is a title in a word processor.
        let out = run(&with(
            1,
            P,
            "Verdure Rénovation ouvre un espace conseil gratuit",
        ));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        // A front matter title is a title.
        let mut d = without(1);
        d.meta
            .front_matter
            .insert("title".into(), "Un titre".into());
        assert!(run(&d).findings.is_empty());
    }

    #[test]
    fn a_heading_that_is_only_the_label_is_not_the_title() {
        let mut parts = release();
        parts[0] = (H1, "Communiqué de presse".into());
        parts[1].0 = H2;
        let out = run(&doc_of(&parts));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert!(arg(evidence(&out, codes::TITLE), "title").starts_with("Verdure"));
        // Label and title in one heading: it is the title too.
        let mut parts = release();
        parts.remove(0);
        parts[0].1 = format!("Communiqué de presse : {}", parts[0].1);
        assert!(run(&doc_of(&parts)).findings.is_empty());
    }

    #[test]
    fn long_title_fires_over_the_limit() {
        let long = "Verdure ".repeat(13); // 104 characters
        let out = run(&with(1, H1, &long));
        assert_eq!(codes_of(&out), vec![codes::LONG_TITLE]);
        assert_eq!(arg(&out.findings[0], "chars"), "103");
        assert_eq!(out.findings[0].location, Location::span(1000, 1010));
    }

    #[test]
    fn long_chapo_fires_at_the_paragraph() {
        let words: Vec<String> = (0..61).map(|i| format!("mot{i}")).collect();
        let out = run(&with(3, P, &words.join(" ")));
        assert_eq!(codes_of(&out), vec![codes::LONG_CHAPO]);
        assert_eq!(arg(&out.findings[0], "words"), "61");
        assert_eq!(out.findings[0].location, Location::span(3000, 3010));
        let out = run(&with(3, P, &words[..60].join(" ")));
        assert!(out.findings.is_empty());
    }

    #[test]
    fn no_quote_fires_and_quote_forms_pass() {
        let out = run(&with(4, P, "Claire Martin, directrice, se dit satisfaite."));
        assert_eq!(codes_of(&out), vec![codes::NO_QUOTE]);
        // A brand name in guillemets is not a quotation.
        let out = run(&with(
            4,
            P,
            "Le salon « Habitat Durable » ouvre ses portes.",
        ));
        assert_eq!(codes_of(&out), vec![codes::NO_QUOTE]);
        for ok in [
            "“Nous voulons leur faire gagner du temps”, explique Claire Martin.",
            "\"Nous voulons leur faire gagner du temps\", explique Claire Martin.",
        ] {
            assert!(run(&with(4, P, ok)).findings.is_empty(), "{ok}");
        }
        let out = run(&with(
            4,
            BlockKind::Quote,
            "Nous voulons leur faire gagner du temps.",
        ));
        assert!(out.findings.is_empty());
        // An unclosed mark does not panic and is not a quote.
        let out = run(&with(4, P, "« Nous voulons leur faire gagner du temps"));
        assert_eq!(codes_of(&out), vec![codes::NO_QUOTE]);
    }

    #[test]
    fn no_about_fires() {
        let out = run(&with(5, H2, "Qui sommes-nous"));
        assert_eq!(codes_of(&out), vec![codes::NO_ABOUT]);
        let out = run(&with(5, P, "A PROPOS D’ VERDURE"));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
    }

    #[test]
    fn press_contact_needs_name_email_and_phone() {
        let out = run(&with(
            7,
            P,
            "Contact presse : Claire Martin – 04 72 00 00 00",
        ));
        assert_eq!(codes_of(&out), vec![codes::NO_PRESS_CONTACT]);
        let f = &out.findings[0];
        assert_eq!(f.location, Location::span(7000, 7010));
        assert_eq!(
            (arg(f, "name"), arg(f, "email"), arg(f, "phone")),
            ("✓", "✗", "✓")
        );
        let out = run(&with(
            7,
            P,
            "Contact presse : presse@verdure.fr – +33 (0)4 72 00 00 00",
        ));
        assert_eq!(
            arg(&out.findings[0], "name"),
            "✗",
            "the label is not a name"
        );
        let out = run(&with(7, P, "Contact Presse : presse@verdure.fr"));
        assert_eq!(
            (
                arg(&out.findings[0], "name"),
                arg(&out.findings[0], "phone")
            ),
            ("✗", "✗")
        );
        let out = run(&without(7));
        assert_eq!(codes_of(&out), vec![codes::NO_PRESS_CONTACT]);
        assert_eq!(out.findings[0].location, Location::whole());
        assert_eq!(arg(&out.findings[0], "block"), "✗");
    }

    #[test]
    fn contact_over_several_blocks_and_mailto_links() {
        let mut parts = release();
        parts[7] = (H2, "Contact presse".into());
        parts.push((P, "Claire MARTIN, chargée de communication".into()));
        parts.push((P, "Tél. : +33 4 72 00 00 00".into()));
        parts.push((P, "Écrire à la presse".into()));
        let mut d = doc_of(&parts);
        d.links.push(Link {
            href: "mailto:presse@verdure.fr".into(),
            text: "Écrire à la presse".into(),
            location: Location::span(10_002, 10_005),
        });
        let out = run(&d);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        // The region stops at the next heading.
        parts.insert(8, (H2, "Autre".into()));
        let out = run(&doc_of(&parts));
        assert_eq!(codes_of(&out), vec![codes::NO_PRESS_CONTACT]);
    }

    #[test]
    fn too_long_warns_then_errs() {
        let filler = |n: usize| {
            (0..n)
                .map(|i| format!("mot{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut parts = release();
        parts.insert(5, (P, filler(400)));
        let out = run(&doc_of(&parts));
        assert_eq!(codes_of(&out), vec![codes::TOO_LONG]);
        assert_eq!(out.findings[0].severity, None, "the pack's warning");
        parts.insert(5, (P, filler(500)));
        let out = run(&doc_of(&parts));
        assert_eq!(out.findings[0].severity, Some(Severity::Error));
        let release_words = arg(evidence(&run(&doc_of(&release())), codes::LENGTH), "words")
            .parse::<usize>()
            .unwrap();
        assert!(release_words < 500);
    }

    #[test]
    fn embargo_needs_date_and_time() {
        let mut parts = release();
        parts.insert(0, (P, "EMBARGO jusqu’au 12 mars 2027".into()));
        let out = run(&doc_of(&parts));
        assert_eq!(codes_of(&out), vec![codes::EMBARGO_WITHOUT_TIME]);
        let f = &out.findings[0];
        assert_eq!((arg(f, "date"), arg(f, "time")), ("✓", "✗"));
        assert_eq!(f.location, Location::span(0, 10));
        for ok in [
            "Sous embargo jusqu’au 12 mars 2027 à 10 h",
            "Embargo : 12/03/2027, 10h30",
            "EMBARGO JUSQU'AU 1ER MARS À MIDI",
        ] {
            parts[0].1 = ok.into();
            let out = run(&doc_of(&parts));
            assert!(out.findings.is_empty(), "{ok}: {:?}", out.findings);
            assert_eq!(arg(evidence(&out, codes::EMBARGO), "time"), "✓");
        }
        parts[0].1 = "Embargo à 10 h".into();
        let out = run(&doc_of(&parts));
        assert_eq!(arg(&out.findings[0], "date"), "✗");
        // No embargo: nothing said.
        let out = run(&doc_of(&release()));
        assert!(out.evidence.iter().all(|o| o.code != codes::EMBARGO));
    }

    #[test]
    fn an_empty_document_reports_missing_parts_without_panic() {
        let d = Document::new("cp.md", Format::Markdown);
        let out = run(&d);
        assert_eq!(
            codes_of(&out),
            vec![
                codes::NO_LABEL,
                codes::NO_DATELINE,
                codes::NO_TITLE,
                codes::NO_QUOTE,
                codes::NO_ABOUT,
                codes::NO_PRESS_CONTACT
            ]
        );
    }

    #[test]
    fn params_validate_through_the_registry() {
        let ok: crate::Params = toml::from_str(PARAMS).unwrap();
        assert!(crate::validate(KIND, &ok).is_ok());
        let mut bad = ok.clone();
        bad.insert("phone_pattern".into(), toml::Value::String("(".into()));
        assert!(crate::validate(KIND, &bad).is_err());
        let mut typo = ok.clone();
        typo.insert("top_block".into(), toml::Value::Integer(3));
        assert!(crate::validate(KIND, &typo).is_err());
    }
}
