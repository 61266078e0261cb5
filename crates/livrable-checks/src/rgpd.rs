//! `rgpd/…`: personal data in a deliverable meant for publication, and collection forms
//! without the information and consent the GDPR requires.
//!
//! # What it checks
//!
//! In the text (every block but code, every table cell, and in HTML the `mailto:` and `tel:`
//! links), each distinct value once, at its first occurrence:
//!
//! - `rgpd/personal-email`: an e-mail address outside the reserved example domains
//!   (`example_domains`: RFC 2606/6761's `example.com/.net/.org` and the `.example`, `.test`,
//!   `.invalid`, `.localhost` top-level domains, sub-domains included) whose local part does
//!   not name a service (`role_local_parts`: `contact@`, `presse@`, `rgpd@`…; the part before
//!   the first `.`, `-`, `_` or `+` is compared);
//! - `rgpd/phone`: a French phone number (`06 12 34 56 78`, `+33 6 12 34 56 78`,
//!   `01.23.45.67.89`) that is not a placeholder (`placeholder_phones`: regular expressions
//!   on its ten digits, such as `0612345678` or eight identical digits) nor in a range
//!   reserved for fiction (`fiction_phone_prefixes`);
//! - `rgpd/iban`: an IBAN whose mod-97 check (ISO 13616) holds, not in `example_ibans`;
//! - `rgpd/nir`: a French social security number (NIR, 13 characters with `2A`/`2B` for
//!   Corsica) whose key (97 − number mod 97) holds.
//!
//! Not reported: values in a **press contact block** — the block that contains one of
//! `contact_markers` (« Contact presse », « Relations presse ») and the `contact_blocks`
//! blocks after it — since a press release is expected to give one; and values in a block
//! that says they are fictional (`fiction_markers`: « fictif », « exemple »). The NIR is
//! reported even there: it never belongs in a published text.
//!
//! In HTML, for each `<form>` (its source from the start tag to `</form>`):
//!
//! - `rgpd/prechecked-consent`: a checkbox with `checked` whose name, id, value or the text
//!   right after it (`consent_window` bytes, tags removed) contains one of `consent_words`
//!   (« j'accepte », « newsletter », « partenaires »…);
//! - `rgpd/no-privacy-info`: a form that collects personal data (an `email`, `tel` or
//!   `textarea` field, or a field named like `nom`, `email`, `telephone`, `adresse`) with
//!   none of `privacy_words` (« données personnelles », « politique de confidentialité »,
//!   « RGPD », « CNIL »…) in the form or within `privacy_window` bytes around it, text or
//!   link address.
//!
//! Evidence: `rgpd/no-personal-data` when no value is reported (with the number of contact
//! details exempted as a press contact), `rgpd/forms-ok` when every collection form passes.
//!
//! # Why
//!
//! Every situation grades « les législations / réglementations en vigueur (ex : protection
//! des données personnelles, droit à l'image) […] sont respectées ». Publishing a person's
//! address, phone or bank details without their agreement breaches the GDPR (art. 5 and 6);
//! a collection form must inform people (art. 13) and consent must be an act, never a
//! pre-ticked box (art. 4(11) and 7; CNIL; CJEU C-673/17 *Planet49*).
//!
//! # Limits
//!
//! - Whether the person agreed, or the data is the organisation's own switchboard, cannot be
//!   known: the findings ask the candidate to make sure (a warning, not an error, for
//!   e-mails, phones and IBANs).
//! - Only French phone numbers and NIRs are recognised; IBANs of any country.
//! - The information next to a form is recognised by its words; whether it is complete
//!   (controller, purposes, legal basis, retention, rights) is left to a person.
//! - The text after a checkbox stands for its label: a label placed before the box, or far
//!   from it, is not read.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;

use livrable_model::french::fold;
use livrable_model::{BlockKind, Document, Location, Observation};
use regex::Regex;

use crate::text::{contains_phrase, contains_words, match_words, Pattern};
use crate::tokens::{floor_boundary, strip_tags, Locator, Place};
use crate::{Input, Output};

pub const KIND: &str = "rgpd";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const PERSONAL_EMAIL: &str = "rgpd/personal-email";
    pub const PHONE: &str = "rgpd/phone";
    pub const IBAN: &str = "rgpd/iban";
    pub const NIR: &str = "rgpd/nir";
    pub const PRECHECKED_CONSENT: &str = "rgpd/prechecked-consent";
    pub const NO_PRIVACY_INFO: &str = "rgpd/no-privacy-info";
    pub const NO_PERSONAL_DATA: &str = "rgpd/no-personal-data";
    pub const FORMS_OK: &str = "rgpd/forms-ok";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(PERSONAL_EMAIL, &["value"]),
        CodeDecl::new(PHONE, &["value"]),
        CodeDecl::new(IBAN, &["value"]),
        CodeDecl::new(NIR, &["value"]),
        CodeDecl::new(PRECHECKED_CONSENT, &["label"]),
        CodeDecl::new(NO_PRIVACY_INFO, &[]),
        CodeDecl::new(NO_PERSONAL_DATA, &["contacts"]),
        CodeDecl::new(FORMS_OK, &["forms"]),
    ];
}

/// Parameters of an `rgpd` instance. Word lists are matched on folded words (case and
/// accents ignored, whole words).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Domains reserved for examples; a domain matches itself and its sub-domains. An entry
    /// starting with `.` is a top-level domain (`.test`).
    pub example_domains: Vec<String>,
    /// Local parts that name a service rather than a person (`contact`, `presse`).
    pub role_local_parts: Vec<String>,
    /// Regular expressions on a phone number's ten digits (`0612345678`) that mark a
    /// placeholder.
    pub placeholder_phones: Vec<Pattern>,
    /// Ten-digit prefixes of ranges reserved for fiction (`0199`…).
    pub fiction_phone_prefixes: Vec<String>,
    /// IBANs used as examples in documentation (spaces ignored).
    #[serde(default)]
    pub example_ibans: Vec<String>,
    /// Phrases that open a press contact block.
    pub contact_markers: Vec<String>,
    /// Blocks after the marker's block that still belong to the contact block.
    pub contact_blocks: usize,
    /// Words that say the data is fictional.
    pub fiction_markers: Vec<String>,
    /// Words that make a checkbox a consent box.
    pub consent_words: Vec<String>,
    /// Bytes after a checkbox read as its label.
    pub consent_window: usize,
    /// Words that show privacy information (or a link to it).
    pub privacy_words: Vec<String>,
    /// Bytes before and after a form searched for the privacy information.
    pub privacy_window: usize,
}

/// Longest value quoted in a finding.
const QUOTE_MAX: usize = 60;

fn email_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}")
            .expect("constant pattern")
    })
}

fn phone_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:(?:\+|\b00)33[\s.\-]?(?:\(0\)[\s.\-]?)?|\b0)[1-9](?:[\s.\-]?\d{2}){4}\b")
            .expect("constant pattern")
    })
}

fn iban_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
            .expect("constant pattern")
    })
}

fn nir_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"\b[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AaBb])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2}\b",
        )
        .expect("constant pattern")
    })
}

/// A run of text to scan: its visible text, where it is, and its block index when it is a
/// block (for the contact-block rule).
struct Unit<'a> {
    text: &'a str,
    location: &'a Location,
    block: Option<usize>,
}

/// What a value is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sort {
    Email,
    Phone,
    Iban,
    Nir,
}

impl Sort {
    fn code(self) -> &'static str {
        match self {
            Sort::Email => codes::PERSONAL_EMAIL,
            Sort::Phone => codes::PHONE,
            Sort::Iban => codes::IBAN,
            Sort::Nir => codes::NIR,
        }
    }
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    let mut contact = ContactBlocks::new(doc, params);
    let mut units: Vec<Unit> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind != BlockKind::Code)
        .map(|(i, b)| Unit {
            text: &b.text,
            location: &b.location,
            block: Some(i),
        })
        .collect();
    for table in &doc.tables {
        for cell in table.rows.iter().flatten() {
            units.push(Unit {
                text: &cell.text,
                location: &cell.location,
                block: None,
            });
        }
    }
    for link in &doc.links {
        let href = link.href.trim();
        let lower = href.to_ascii_lowercase();
        if lower.starts_with("mailto:") || lower.starts_with("tel:") {
            units.push(Unit {
                text: href,
                location: &link.location,
                block: None,
            });
        }
    }

    let mut seen: BTreeSet<(&'static str, String)> = BTreeSet::new();
    let mut exempted = 0usize;
    let mut reported = false;
    let fiction: Vec<Vec<String>> = params
        .fiction_markers
        .iter()
        .map(|m| match_words(m))
        .collect();
    for unit in &units {
        // Markers are looked for only around values: folding every block's words for
        // every marker was most of this check's time, on texts with no personal data.
        let found = values(unit.text, params);
        if found.is_empty() {
            continue;
        }
        let unit_words = match_words(unit.text);
        let fictional = fiction.iter().any(|m| contains_words(&unit_words, m));
        let in_contact = unit.block.is_some_and(|b| contact.exempt(b));
        for (sort, range, key) in found {
            let exempt = sort != Sort::Nir && (fictional || in_contact);
            if !seen.insert((sort.code(), key.clone())) {
                continue;
            }
            if exempt {
                if in_contact {
                    exempted += 1;
                }
                continue;
            }
            let value = unit.text.get(range).unwrap_or("").trim();
            out.findings.push(
                Observation::new(sort.code(), locate(doc, unit.location, value))
                    .arg("value", crate::text::quote(value, QUOTE_MAX)),
            );
            reported = true;
        }
    }
    if !reported {
        out.evidence.push(
            Observation::new(codes::NO_PERSONAL_DATA, Location::whole()).arg("contacts", exempted),
        );
    }
    check_forms(doc, params, &mut out);
    out
}

/// Fewest digits a match of [`phone_regex`] holds: `[1-9]` and four `\d{2}`.
const PHONE_DIGITS: usize = 9;
/// Fewest digits a match of [`iban_regex`] holds: the check digits.
const IBAN_DIGITS: usize = 2;
/// Fewest digits a match of [`nir_regex`] holds: 1 + 2 + 2 + 1 (Corsica's `2A`) + 3 + 3 + 2.
const NIR_DIGITS: usize = 14;

/// Every personal value in `text`: its sort, its range, and a key that identifies it
/// whatever its spacing.
///
/// The number patterns are searched only in a text with enough digits to hold a match:
/// their Unicode word boundaries make the regex engine read accented text slowly, and
/// most blocks of prose hold no number at all.
fn values(text: &str, params: &Params) -> Vec<(Sort, Range<usize>, String)> {
    // `\d` is any Unicode decimal digit; every such character is numeric.
    let digits = text.chars().filter(|c| c.is_numeric()).count();
    let mut out = Vec::new();
    let mut taken: Vec<Range<usize>> = Vec::new();
    for m in email_regex().find_iter(text) {
        let addr = m.as_str().trim_start_matches("mailto:");
        if !is_example_email(addr, params) {
            out.push((Sort::Email, m.range(), addr.to_lowercase()));
        }
        taken.push(m.range());
    }
    let overlaps = |r: &Range<usize>, taken: &[Range<usize>]| {
        taken.iter().any(|t| t.start < r.end && r.start < t.end)
    };
    let nirs = (digits >= NIR_DIGITS).then(|| nir_regex().find_iter(text));
    for m in nirs.into_iter().flatten() {
        let compact: String = m.as_str().chars().filter(|c| c.is_alphanumeric()).collect();
        if nir_key_holds(&compact) {
            out.push((Sort::Nir, m.range(), compact));
            taken.push(m.range());
        }
    }
    let ibans = (digits >= IBAN_DIGITS).then(|| iban_regex().find_iter(text));
    for m in ibans.into_iter().flatten() {
        if overlaps(&m.range(), &taken) {
            continue;
        }
        let compact: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
        let example = params
            .example_ibans
            .iter()
            .any(|e| e.chars().filter(|c| !c.is_whitespace()).collect::<String>() == compact);
        if iban_holds(&compact) && !example {
            out.push((Sort::Iban, m.range(), compact));
            taken.push(m.range());
        }
    }
    let phones = (digits >= PHONE_DIGITS).then(|| phone_regex().find_iter(text));
    for m in phones.into_iter().flatten() {
        if overlaps(&m.range(), &taken) {
            continue;
        }
        let digits = national_digits(m.as_str());
        let placeholder = params
            .placeholder_phones
            .iter()
            .any(|p| p.0.is_match(&digits));
        let fiction = params
            .fiction_phone_prefixes
            .iter()
            .any(|p| digits.starts_with(p.as_str()));
        if !placeholder && !fiction {
            out.push((Sort::Phone, m.range(), digits));
        }
    }
    out.sort_by_key(|(_, r, _)| r.start);
    out
}

/// `+33 (0)6 12 34 56 78` → `0612345678`.
fn national_digits(phone: &str) -> String {
    let mut digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = phone.trim_start().starts_with('+') || phone.trim_start().starts_with("00");
    if international {
        let rest = digits
            .strip_prefix("0033")
            .or_else(|| digits.strip_prefix("33"))
            .unwrap_or(&digits);
        let rest = if phone.contains("(0)") {
            rest.strip_prefix('0').unwrap_or(rest)
        } else {
            rest
        };
        digits = format!("0{rest}");
    }
    digits
}

fn is_example_email(addr: &str, params: &Params) -> bool {
    let Some((local, domain)) = addr.rsplit_once('@') else {
        return true;
    };
    let domain = domain.to_lowercase();
    let reserved = params.example_domains.iter().any(|d| {
        let d = d.to_lowercase();
        if d.starts_with('.') {
            domain.ends_with(&d)
        } else {
            domain == d || domain.ends_with(&format!(".{d}"))
        }
    });
    let head = fold(local.split(['.', '-', '_', '+']).next().unwrap_or(local));
    let role = params
        .role_local_parts
        .iter()
        .any(|r| fold(r) == head || fold(r) == fold(local));
    reserved || role
}

/// ISO 13616 check: move the first four characters to the end, letters to numbers
/// (A = 10 … Z = 35), and the number mod 97 is 1. Lengths 15 to 34.
pub fn iban_holds(iban: &str) -> bool {
    if !(15..=34).contains(&iban.len()) || !iban.is_ascii() {
        return false;
    }
    let (head, tail) = iban.split_at(4);
    let mut rem: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// NIR key: 97 − (the 13 characters as a number, Corsica's `2A` as 19 and `2B` as 18) mod
/// 97 equals the last two digits.
pub fn nir_key_holds(nir: &str) -> bool {
    if nir.len() != 15 || !nir.is_ascii() {
        return false;
    }
    let (body, key) = nir.split_at(13);
    let body = body.to_ascii_uppercase();
    let (before, dept, after) = (
        body.get(..5).unwrap_or(""),
        body.get(5..7).unwrap_or(""),
        body.get(7..).unwrap_or(""),
    );
    let numeric = match dept {
        "2A" => format!("{before}19{after}"),
        "2B" => format!("{before}18{after}"),
        _ => body.clone(),
    };
    match (numeric.parse::<u64>(), key.parse::<u64>()) {
        (Ok(n), Ok(k)) => 97 - n % 97 == k,
        _ => false,
    }
}

/// Press contact blocks: a block holding a marker and the next `contact_blocks` ones.
/// Blocks are read for markers only when asked about, each once.
struct ContactBlocks<'a> {
    doc: &'a Document,
    markers: Vec<Vec<String>>,
    span: usize,
    /// Whether block `i` holds a marker, once read.
    holds: Vec<Option<bool>>,
}

impl<'a> ContactBlocks<'a> {
    fn new(doc: &'a Document, params: &Params) -> Self {
        ContactBlocks {
            doc,
            markers: params
                .contact_markers
                .iter()
                .map(|m| match_words(m))
                .collect(),
            span: params.contact_blocks,
            holds: vec![None; doc.blocks.len()],
        }
    }

    /// True when block `b` is a marker's block or one of the `span` blocks after it.
    fn exempt(&mut self, b: usize) -> bool {
        (b.saturating_sub(self.span)..=b).any(|i| self.holds_marker(i))
    }

    fn holds_marker(&mut self, i: usize) -> bool {
        let Some(slot) = self.holds.get_mut(i) else {
            return false;
        };
        *slot.get_or_insert_with(|| {
            let words = self
                .doc
                .blocks
                .get(i)
                .map(|b| match_words(&b.text))
                .unwrap_or_default();
            self.markers.iter().any(|m| contains_words(&words, m))
        })
    }
}

/// The value's own span when the source shows it as written, else the unit's location.
fn locate(doc: &Document, location: &Location, value: &str) -> Location {
    match Locator::new(doc, location).find(value) {
        Place::At(r) => Location::span(r.start, r.end),
        _ => location.clone(),
    }
}

/// `rgpd/prechecked-consent` and `rgpd/no-privacy-info` for every form of an HTML document.
fn check_forms(doc: &Document, params: &Params, out: &mut Output) {
    let mut collection_forms = 0;
    let mut problems = false;
    for form in doc.elements.iter().filter(|e| e.tag == "form") {
        let Some(start) = form
            .location
            .start
            .filter(|s| doc.text.is_char_boundary(*s))
        else {
            continue;
        };
        let end = find_ci(&doc.text, start, "</form").unwrap_or(doc.text.len());
        let fields: Vec<_> = doc
            .elements
            .iter()
            .filter(|e| e.location.start.is_some_and(|s| s > start && s < end))
            .collect();
        for input in fields.iter().filter(|e| is_checked_box(e)) {
            let label = following_text(
                doc,
                input.location.end.unwrap_or(start),
                params.consent_window,
            );
            let names = ["name", "id", "value"]
                .iter()
                .filter_map(|a| input.attr(a))
                .collect::<Vec<_>>()
                .join(" ")
                .replace(['_', '-'], " ");
            let about_consent = params
                .consent_words
                .iter()
                .any(|w| contains_phrase(&label, w) || contains_phrase(&names, w));
            if about_consent {
                problems = true;
                out.findings.push(
                    Observation::new(codes::PRECHECKED_CONSENT, input.location.clone())
                        .arg("label", crate::text::quote(label.trim(), QUOTE_MAX)),
                );
            }
        }
        if !fields.iter().any(|e| collects_personal_data(e)) {
            continue;
        }
        collection_forms += 1;
        let from = floor_boundary(&doc.text, start.saturating_sub(params.privacy_window));
        let to = floor_boundary(&doc.text, end.saturating_add(params.privacy_window));
        let around = strip_tags(doc.text.get(from..to).unwrap_or(""));
        let in_links = doc.links.iter().any(|l| {
            l.location.start.is_some_and(|s| s >= from && s < to)
                && params.privacy_words.iter().any(|w| {
                    contains_phrase(&l.text, w)
                        || contains_phrase(&l.href.replace(['/', '-', '_', '.'], " "), w)
                })
        });
        let informed = in_links
            || params
                .privacy_words
                .iter()
                .any(|w| contains_phrase(&around, w));
        if !informed {
            problems = true;
            out.findings.push(Observation::new(
                codes::NO_PRIVACY_INFO,
                form.location.clone(),
            ));
        }
    }
    if collection_forms > 0 && !problems {
        out.evidence.push(
            Observation::new(codes::FORMS_OK, Location::whole()).arg("forms", collection_forms),
        );
    }
}

fn is_checked_box(e: &livrable_model::Element) -> bool {
    e.tag == "input"
        && e.attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("checkbox"))
        && e.attr("checked").is_some()
}

/// A field that asks for personal data: e-mail, phone, free text, or named so.
fn collects_personal_data(e: &livrable_model::Element) -> bool {
    if e.tag == "textarea" {
        return true;
    }
    if e.tag != "input" {
        return false;
    }
    let kind = e.attr("type").unwrap_or("text").trim().to_ascii_lowercase();
    if matches!(kind.as_str(), "email" | "tel") {
        return true;
    }
    if !matches!(kind.as_str(), "text" | "") {
        return false;
    }
    let names = fold(&format!(
        "{} {} {}",
        e.attr("name").unwrap_or(""),
        e.attr("id").unwrap_or(""),
        e.attr("autocomplete").unwrap_or("")
    ));
    [
        "mail",
        "nom",
        "name",
        "prenom",
        "tel",
        "phone",
        "adresse",
        "address",
        "naissance",
        "birth",
        "postal",
        "ville",
        "city",
    ]
    .iter()
    .any(|w| names.contains(w))
}

/// The visible text of the `window` bytes of source after `from`, tags removed, up to the
/// end of the label, line or paragraph.
fn following_text(doc: &Document, from: usize, window: usize) -> String {
    let from = floor_boundary(&doc.text, from);
    let to = floor_boundary(&doc.text, from.saturating_add(window));
    let raw = doc.text.get(from..to).unwrap_or("");
    // The label ends with its element, its line or paragraph, or at the next field.
    let cut = [
        "</label",
        "<input",
        "<button",
        "<select",
        "<textarea",
        "</form",
        "<br",
        "</p",
        "</li",
        "</div",
        "</td",
    ]
    .iter()
    .filter_map(|end| find_ci(raw, 0, end))
    .min()
    .unwrap_or(raw.len());
    strip_tags(raw.get(..cut).unwrap_or(raw))
}

/// Byte offset of `needle` (ASCII, lower case) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || from > bytes.len() {
        return None;
    }
    (from..bytes.len().saturating_sub(n.len() - 1)).find(|&i| {
        bytes
            .get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

#[cfg(test)]
mod tests;
