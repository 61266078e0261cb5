//! `required-sections/…`: does a deliverable name every element the referential says it
//! contains?
//!
//! The referential lists, for several deliverables, what they must contain: a meeting
//! « incluant l'ordre du jour, les objectifs spécifiques, et la liste des participants »
//! (C3.6/CE2), a brief with « objectifs, attentes, délais et livrables attendus », a
//! charter whose visual identity « décline a minima logos, couleurs, typographies, planche
//! de tendances et des exemples créatifs » (C1.4/CE2)… An evaluator checks these first, by
//! looking for each element's heading or label. This check does the same, from data: the
//! rule pack gives, per deliverable kind, the elements with a label, the referential's own
//! words, and the words that may name them. It judges no content: whether the objectives
//! are « spécifiques » stays with the evaluator, who sees where each element was found.
//!
//! # Where an element is found
//!
//! Words are matched as whole words, accents and case folded ([`crate::tables::normalize`]).
//! An element is found at the first of these places that names it, in this order:
//!
//! 1. a **heading** (Markdown, HTML, DOCX and ODT headings, tagged PDF headings, slide
//!    titles) holding one of its words anywhere: « Ordre du jour », « Liste des
//!    participants ». The document's title (its only heading at the top level, found by
//!    [`crate::sections`], or a deck's first slide title) names the whole document, not a
//!    part: « Plan de gestion de crise » does not make a « gestion » section, « Charte
//!    graphique et éditoriale » no graphic or editorial section. An element with
//!    `in_title` also counts its words in the title (an agenda titled « Ordre du jour —
//!    réunion du 4 février » is one);
//! 2. a **paragraph or list item** that starts with one of the words (« Objectifs de la
//!    réunion », « **Participants** : … », « 1. Objectifs de la campagne ») or whose label,
//!    the text before a colon near its start, holds one (« Liste des personnes invitées :
//!    … », « Les objectifs : … »);
//! 3. a **table**: a cell of its first non-blank row holding one of the words (a header,
//!    « Date de la réunion »), the first filled cell of a row starting with one or
//!    labelled with one (a « label | value » table), or any cell that is exactly one of
//!    the words or labelled with one (a SWOT grid's « Menaces » cell);
//! 4. an **image's alternative text** holding one of the words (a SWOT drawn as a picture
//!    and described as « Matrice SWOT : forces, faiblesses… », a logo shown in a charter);
//! 5. for an element with `within`, one of its words **anywhere in the paragraphs and list
//!    items of a section** whose heading holds one of the `within` words: the crisis
//!    plan's objectives « prévention, anticipation, détection, gestion » are usually one
//!    sentence under « Objectifs du plan »;
//! 6. a **line** of the text (Markdown and plain text sources, the text extracted from
//!    DOCX, ODT and PDF) labelled with one of the words (« Participants : … » on the second
//!    line of a paragraph whose lines an editor joined), or a short line (a few words, no
//!    trailing comma) that starts with one: a title typed as plain text. Last, because a
//!    line of a PDF may be the end of a wrapped sentence;
//! 7. for an element with `dated`, a date (`4 février 2027`, `04/02/2027`) in a heading or
//!    in one of the first blocks: a meeting's date is often written so, with no « Date : »
//!    label.
//!
//! The order only decides which place the evidence quotes: a heading or a label when
//! there is one.
//!
//! # What it reports
//!
//! - `required-sections/missing`: one finding per element found nowhere, located on the
//!   whole document (there is no place for what is absent), with the element's label,
//!   the referential's words and the first words looked for. An element's `severity` may lower
//!   it (`info` for an element the referential only implies, such as a meeting's date).
//! - `required-sections/no-text` (information): the document has no text to search (a
//!   picture, a scanned PDF): every element is left to the evaluator.
//! - Evidence `required-sections/present`, when every element that is not `info` is
//!   found: each found element with the heading or label that names it and its place
//!   (`l. 12`, `p. 3`, `Feuil1!A4`).
//!
//! # Limits
//!
//! - Presence is not content: a « Participants » heading over an empty section passes.
//! - An element named only in running text (« la réunion réunira Claire et Paul ») is not
//!   found: the finding then asks for a heading or a label, which is also what makes the
//!   deliverable readable.
//! - A paragraph or list item that starts with an element's word counts even when it is
//!   not about the element (« Objectifs de la campagne » as an agenda item counts as the
//!   meeting's objectives); so does a line of an untagged PDF that starts with the word
//!   because the page layout wrapped a sentence there. Such matches miss a finding; they
//!   never make one, and the evidence quotes them for the evaluator.
//! - HTML and e-mail sources are not read line by line (their lines hold markup): labels
//!   separated only by `<br>` inside one paragraph are found only at the paragraph's start.
//! - Speaker notes of a deck are not searched: they are not part of what the deck shows.
//! - Text inside pictures is not read; only their alternative text.

use livrable_model::french::parse_date;
use livrable_model::{Cell, Document, Format, Location, Observation, Severity, Table};

use crate::sections::{place, sections, Section};
use crate::tables::{normalize, Words};
use crate::text::{is_prose, quote};
use crate::{Input, Output, ParamError};

pub const KIND: &str = "required-sections";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const MISSING: &str = "required-sections/missing";
    pub const NO_TEXT: &str = "required-sections/no-text";
    pub const PRESENT: &str = "required-sections/present";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(MISSING, &["element", "referential", "words"]),
        CodeDecl::new(NO_TEXT, &["elements"]),
        CodeDecl::new(PRESENT, &["count", "elements", "found"]),
    ];
}

/// A label is the text before a colon; longer than this many characters, the colon ends
/// a sentence's first part (« Lors de la réunion, les participants devront : »), not a
/// label (« Liste des personnes invitées à la réunion : » has 43).
const LABEL_MAX_CHARS: usize = 50;

/// A line of this many words or fewer, starting with an element's word, is a title typed
/// as plain text (« OBJECTIFS DE LA RÉUNION »); longer lines are running text that may
/// start with the word only because a sentence wrapped there.
const SHORT_LINE_WORDS: usize = 6;

/// Table cells longer than this are contents, not headers (as in [`crate::tables`]).
const HEADER_MAX_CHARS: usize = 80;

/// How many blocks from the start, and how many headings, a `dated` element's date is
/// looked for in: the date of a meeting is written at the top or in a heading.
const DATE_BLOCKS: usize = 6;
const DATE_HEADINGS: usize = 30;

/// Texts quoted in evidence are cut to this many characters.
const QUOTE_MAX: usize = 60;

/// How many of an element's words a finding shows.
const SHOWN_WORDS: usize = 8;

/// Most elements an instance may list, and most words an element may have: a rule pack
/// typo (a pasted list) must not make every document cost thousands of searches.
const MAX_ELEMENTS: usize = 40;
const MAX_WORDS: usize = 200;

/// Parameters of a `required-sections` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The elements the deliverable must contain, in the order the findings and the
    /// evidence list them.
    pub elements: Vec<ElementParams>,
}

/// One element a deliverable must contain.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementParams {
    /// How findings and evidence name the element, in French (« ordre du jour »).
    pub label: String,
    /// The referential's words for it, verbatim, quoted by the finding so that the
    /// candidate sees what is asked (« l'ordre du jour »).
    pub referential: String,
    /// Words or phrases that name it in a heading, a label, a table header or a slide
    /// title (« ordre du jour », « programme », « déroulé »): any spelling, they are
    /// folded.
    pub words: Vec<String>,
    /// The severity of its absence when not the code's (`info` for an element the
    /// referential implies without naming it).
    #[serde(default)]
    pub severity: Option<Severity>,
    /// The document's title counts (see the module documentation).
    #[serde(default)]
    pub in_title: bool,
    /// A date near the top of the document, or in a heading, counts.
    #[serde(default)]
    pub dated: bool,
    /// Heading words of sections in whose running text the element's words count
    /// anywhere, not only in headings and labels: the crisis plan's objectives
    /// (« prévention, anticipation, détection, gestion ») are written as a sentence under
    /// « Objectifs du plan » (« prévenir les crises, les anticiper, les détecter… »).
    #[serde(default)]
    pub within: Vec<String>,
}

/// How a place is matched against an element's words.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    /// A word anywhere (headings, header cells, alternative texts).
    Anywhere,
    /// The text starts with a word, or its label holds one (paragraphs, list items, the
    /// first filled cell of a table row).
    StartOrLabel,
    /// The text is exactly a word, or its label holds one (any table cell).
    ExactOrLabel,
    /// Its label holds a word, or it is a short line starting with one (text lines).
    LabelOrShortStart,
}

/// A place where an element may be named, prepared once for every element.
struct Spot {
    /// A line of the text: searched after the blocks, tables, pictures and `within`
    /// sections, which say more surely what they are.
    line: bool,
    /// What the evidence quotes.
    text: String,
    /// The text normalised, leading marks (list bullets, numbers, `**`) removed.
    lead: String,
    /// The label: `lead` up to its first colon, when that is near the start.
    label: Option<String>,
    rule: Rule,
    location: Location,
}

impl Spot {
    fn new(text: &str, rule: Rule, location: Location) -> Self {
        let lead = strip_lead(&normalize(text)).to_string();
        let label = label_of(&lead).map(str::to_string);
        Spot {
            line: rule == Rule::LabelOrShortStart,
            text: text.to_string(),
            lead,
            label,
            rule,
            location,
        }
    }

    fn matches(&self, words: &Words) -> bool {
        let labelled = || self.label.as_deref().is_some_and(|l| words.any_in(l));
        match self.rule {
            Rule::Anywhere => words.any_in(&self.lead),
            Rule::StartOrLabel => words.starts(&self.lead) || labelled(),
            Rule::ExactOrLabel => {
                let bare = self.lead.trim_end_matches([':', ' ', '*', '_']);
                words.iter().any(|w| w == bare) || labelled()
            }
            Rule::LabelOrShortStart => {
                labelled()
                    || (self.lead.split_whitespace().count() <= SHORT_LINE_WORDS
                        && !self.lead.ends_with([',', ';'])
                        && words.starts(&self.lead))
            }
        }
    }
}

/// The first of `spots` (lines of the text, or the others) that names one of `words`.
fn find<'s>(spots: &'s [Spot], lines: bool, words: &Words) -> Option<(&'s str, Location)> {
    spots
        .iter()
        .filter(|s| s.line == lines)
        .find(|s| s.matches(words))
        .map(|s| (s.text.as_str(), s.location.clone()))
}

/// `text` (normalised) without what precedes its first word: list bullets, emphasis
/// marks, quotes, and list numbers (`1.`, `2)`, `3 -`).
fn strip_lead(text: &str) -> &str {
    let mut t = text;
    loop {
        t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return t;
        }
        let rest = t[digits..].trim_start();
        if rest.starts_with(['.', ')', '-', '\u{2013}', '\u{2014}']) {
            t = rest;
        } else {
            return t;
        }
    }
}

/// The label of a normalised text: what comes before its first colon, when that is short
/// and holds no sentence end.
fn label_of(lead: &str) -> Option<&str> {
    let i = lead.find(':')?;
    let label = lead[..i].trim();
    let ok = !label.is_empty()
        && label.chars().count() <= LABEL_MAX_CHARS
        && !label.contains(['.', '!', '?']);
    ok.then_some(label)
}

/// Every place of the document besides its headings where an element may be named, in
/// the order they are searched (see the module documentation).
fn spots(doc: &Document) -> Vec<Spot> {
    let mut out = Vec::new();
    // Paragraphs and list items.
    for block in doc.blocks.iter().filter(|b| is_prose(b)) {
        if !block.text.trim().is_empty() {
            out.push(Spot::new(
                &block.text,
                Rule::StartOrLabel,
                block.location.clone(),
            ));
        }
    }
    // Tables.
    for table in &doc.tables {
        table_spots(table, &mut out);
    }
    // Lines of the text, outside headings (headings are searched as such, under the title
    // rule).
    if reads_lines(doc.format) {
        let mut headings: Vec<std::ops::Range<usize>> = doc
            .headings()
            .filter_map(|(_, b)| b.location.range())
            .collect();
        headings.sort_by_key(|r| r.start);
        // The last heading starting at or before `offset` holds it, if any does (headings
        // do not overlap): a binary search, so that a file of many headings stays cheap.
        let in_heading = |offset: usize| {
            let i = headings.partition_point(|r| r.start <= offset);
            i > 0 && headings.get(i - 1).is_some_and(|r| r.contains(&offset))
        };
        let mut offset = 0;
        for line in doc.text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let content = line.trim_end();
            if content.trim().is_empty() || in_heading(start) {
                continue;
            }
            let lead = content.len() - content.trim_start().len();
            out.push(Spot::new(
                content.trim_start(),
                Rule::LabelOrShortStart,
                Location::span(start + lead, start + content.len()),
            ));
        }
    }
    // Alternative texts.
    for image in &doc.images {
        if let Some(alt) = image.alt.as_deref().filter(|a| !a.trim().is_empty()) {
            out.push(Spot::new(alt, Rule::Anywhere, image.location.clone()));
        }
    }
    out
}

/// The places of one table: its header cells (the first non-blank row, and the next one
/// when the first holds a single cell, a title over the table), each row's first filled
/// cell, and every other cell.
fn table_spots(table: &Table, out: &mut Vec<Spot>) {
    let mut header_rows = 0;
    for row in &table.rows {
        let filled: Vec<&Cell> = row.iter().filter(|c| !c.text.trim().is_empty()).collect();
        let Some((first, rest)) = filled.split_first() else {
            continue;
        };
        if header_rows < 2 {
            header_rows = if filled.len() == 1 && header_rows == 0 {
                1
            } else {
                2
            };
            for cell in &filled {
                if cell.text.chars().count() <= HEADER_MAX_CHARS {
                    out.push(Spot::new(&cell.text, Rule::Anywhere, cell.location.clone()));
                }
            }
            continue;
        }
        out.push(Spot::new(
            &first.text,
            Rule::StartOrLabel,
            first.location.clone(),
        ));
        for cell in rest {
            out.push(Spot::new(
                &cell.text,
                Rule::ExactOrLabel,
                cell.location.clone(),
            ));
        }
    }
}

/// Formats whose text is read line by line: sources without markup around their lines
/// and text extracted from word-processor files and PDFs. Not HTML nor e-mail (markup),
/// not decks (their extracted text holds the speaker notes), not spreadsheets (their
/// cells are read as tables).
fn reads_lines(format: Format) -> bool {
    matches!(
        format,
        Format::Markdown | Format::Text | Format::Docx | Format::Odt | Format::Pdf
    )
}

/// True when `section`'s heading is the document's title: the only heading at its level
/// or above ([`Section::is_title`]), or a deck's first slide title (every slide title is a
/// level-1 heading, so the deck's own title is told by its place).
fn is_title(doc: &Document, section: &Section) -> bool {
    if section.is_title(doc) {
        return true;
    }
    matches!(doc.format, Format::Pptx | Format::Odp)
        && doc
            .headings()
            .next()
            .is_some_and(|(_, first)| std::ptr::eq(first, section.heading))
}

/// The first paragraph or list item holding one of `words` anywhere, in a section whose
/// heading holds one of `within` (the document's title excepted: it holds everything).
fn within_spot<'d>(
    doc: &'d Document,
    within: &Words,
    words: &Words,
) -> Option<(&'d str, Location)> {
    if within.is_empty() {
        return None;
    }
    sections(doc, within)
        .into_iter()
        .filter(|s| !is_title(doc, s))
        .flat_map(|s| s.prose().collect::<Vec<_>>())
        .find(|b| words.any_in(&normalize(&b.text)))
        .map(|b| (b.text.as_str(), b.location.clone()))
}

/// The first heading, or one of the first blocks, that holds a date.
fn dated_spot(doc: &Document) -> Option<(&str, Location)> {
    let top = doc.blocks.iter().take(DATE_BLOCKS);
    let headings = doc.headings().map(|(_, b)| b).take(DATE_HEADINGS);
    top.chain(headings)
        .find(|b| holds_date(&b.text))
        .map(|b| (b.text.as_str(), b.location.clone()))
}

/// True when some run of one to four words of `text` reads as a date
/// ([`parse_date`]: `4 février 2027`, `jeudi 4 février 2027`, `04/02/2027`).
fn holds_date(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':'))
        .filter(|w| !w.is_empty())
        .take(60)
        .collect();
    (1..=4).any(|n| words.windows(n).any(|w| parse_date(&w.join(" ")).is_some()))
}

/// A short place name for evidence: the page or slide for paginated formats (their
/// extracted text's lines mean nothing to the reader), else [`place`].
fn where_found(doc: &Document, location: &Location) -> String {
    if matches!(doc.format, Format::Pdf | Format::Pptx | Format::Odp) {
        let page = location.page.or_else(|| {
            let start = location.start?;
            doc.blocks
                .iter()
                .filter(|b| b.location.start.is_some_and(|s| s <= start))
                .filter_map(|b| b.location.page)
                .next_back()
        });
        if let Some(page) = page {
            return format!("p. {page}");
        }
    }
    place(doc, location)
}

/// The words a finding shows: the first [`SHOWN_WORDS`] (the pack lists the usual ones
/// first), then `…`; enough for the candidate to see what a heading may say.
fn shown_words(words: &[String]) -> String {
    let mut shown: Vec<&str> = words.iter().take(SHOWN_WORDS).map(String::as_str).collect();
    if words.len() > SHOWN_WORDS {
        shown.push("…");
    }
    shown.join(", ")
}

/// Checks the parameters: every element named, with words to look for.
fn validate(params: &Params) -> Result<(), ParamError> {
    if params.elements.is_empty() {
        return Err(ParamError("`elements` is empty".into()));
    }
    if params.elements.len() > MAX_ELEMENTS {
        return Err(ParamError(format!(
            "`elements` has more than {MAX_ELEMENTS} entries"
        )));
    }
    for e in &params.elements {
        if e.label.trim().is_empty() {
            return Err(ParamError("an element has an empty `label`".into()));
        }
        if Words::new(&e.words).is_empty() {
            return Err(ParamError(format!("element `{}` has no `words`", e.label)));
        }
        if e.words.len() > MAX_WORDS {
            return Err(ParamError(format!(
                "element `{}` has more than {MAX_WORDS} words",
                e.label
            )));
        }
    }
    Ok(())
}

/// The parameters, prepared: each element's words and `within` words, normalised.
pub(crate) struct Config {
    /// Per element of `params.elements`, in order: (words, within).
    words: Vec<(Words, Words)>,
}

impl Config {
    /// Validates the parameters and normalises the elements' words.
    pub(crate) fn new(params: &Params) -> Result<Self, ParamError> {
        validate(params)?;
        Ok(Config {
            words: params
                .elements
                .iter()
                .map(|e| (Words::new(&e.words), Words::new(&e.within)))
                .collect(),
        })
    }
}

/// Runs the check (see the module documentation).
pub fn check(input: &Input, params: &Params) -> Result<Output, ParamError> {
    run_with(input, params, &Config::new(params)?)
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(input: &Input, params: &Params, cfg: &Config) -> Result<Output, ParamError> {
    let doc = input.doc;
    let mut out = Output::default();
    let spots = spots(doc);
    if spots.is_empty() && doc.headings().next().is_none() {
        let labels: Vec<&str> = params.elements.iter().map(|e| e.label.as_str()).collect();
        out.findings.push(
            Observation::new(codes::NO_TEXT, Location::whole()).arg("elements", labels.join(", ")),
        );
        return Ok(out);
    }
    let mut found = Vec::new();
    let mut required_missing = false;
    for (element, (words, within)) in params.elements.iter().zip(&cfg.words) {
        let hit = sections(doc, words)
            .into_iter()
            .find(|s| element.in_title || !is_title(doc, s))
            .map(|s| (s.heading.text.as_str(), s.heading.location.clone()))
            .or_else(|| find(&spots, false, words))
            .or_else(|| within_spot(doc, within, words))
            .or_else(|| find(&spots, true, words))
            .or_else(|| element.dated.then(|| dated_spot(doc)).flatten());
        match hit {
            Some((text, location)) => found.push(format!(
                "{} « {} » ({})",
                element.label,
                quote(text, QUOTE_MAX),
                where_found(doc, &location)
            )),
            None => {
                if element.severity != Some(Severity::Info) {
                    required_missing = true;
                }
                let mut obs = Observation::new(codes::MISSING, Location::whole())
                    .arg("element", &element.label)
                    .arg("referential", &element.referential)
                    .arg("words", shown_words(&element.words));
                if let Some(severity) = element.severity {
                    obs = obs.severity(severity);
                }
                out.findings.push(obs);
            }
        }
    }
    if !required_missing {
        let labels: Vec<&str> = params.elements.iter().map(|e| e.label.as_str()).collect();
        out.evidence.push(
            Observation::new(codes::PRESENT, Location::whole())
                .arg("count", found.len())
                .arg("elements", labels.join(", "))
                .arg("found", found.join(" ; ")),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
