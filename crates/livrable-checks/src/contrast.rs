//! `contrast/…`: can text be read on its background? In a communication charter, for the
//! palette's colours; in HTML, for the inline colours of an element.
//!
//! # What it checks
//!
//! The WCAG contrast ratio of two colours: each channel `c = C/255` is linearised
//! (`c ≤ 0.04045 ? c/12.92 : ((c+0.055)/1.055)^2.4`), the relative luminance is
//! `0.2126 R + 0.7152 G + 0.0722 B`, and the ratio is `(L_light + 0.05) / (L_dark + 0.05)`,
//! from 1 to 21. Text needs `text_ratio` (4.5:1, WCAG 1.4.3, RGAA 3.2); large text (18 pt,
//! or 14 pt bold) and graphics need `large_ratio` (3:1, WCAG 1.4.3 and 1.4.11).
//!
//! **Charter** (the instance's `mode = "charter"`): colours are read from every text block
//! and table row, written as HEX (`#2E7D32`, `#FFF`), RGB (`rgb(46, 125, 50)`,
//! `RVB 46 125 50`, `R 46 V 125 B 50`) or CMYK (`CMJN 80 0 100 20`, `C80 M0 J100 N20`,
//! percentages allowed). CMYK is converted **naively** (`R = 255 × (1 − C) × (1 − K)`):
//! printing profiles are not applied, so the ratio of a CMYK-only colour is approximate
//! and marked `≈`. A block or row that gives one colour in several notations counts once:
//! HEX is taken first, then RGB, then CMYK.
//!
//! - A block or row with two colours and one of `background_words` (« fond ») is a
//!   **declared pair**: the colour right after the word is the background, the other the
//!   text (« Texte #FFFFFF sur fond #2E7D32 »). `blanc`/`noir` (`white`/`black`) count as
//!   colours there.
//! - With declared pairs, each is checked: `contrast/low-contrast` under `large_ratio`,
//!   `contrast/large-text-only` between `large_ratio` and `text_ratio`; evidence
//!   `contrast/pairs-ok` when all pass.
//! - Without, every pair of the palette (at most `max_colours` colours) is computed and
//!   given as evidence `contrast/matrix` (each pair with its ratio and ✓ text, ◐ large text
//!   only, ✗ neither), with `contrast/no-declared-pairs` (information) asking the charter to
//!   say which text colour goes on which background.
//! - `contrast/no-colours` (information): the charter gives no colour code at all.
//!
//! **HTML** (`mode = "inline"`): an element whose `style` sets both `color` and
//! `background-color` (or a colour in `background`), or whose attributes give `color` and
//! `bgcolor`, is checked: `contrast/inline-low` under the ratio its text size needs (large
//! from `large_px` px, or `large_bold_px` px bold; `pt` × 4/3). Evidence
//! `contrast/inline-ok` when every such pair passes.
//!
//! # Why
//!
//! Accessibility is graded in every situation (« les bonnes pratiques en matière de
//! communication et d'accessibilité sont prises en compte (dont handicap) »), and the charter
//! (C1.4) sets the colours every later support uses: a palette whose declared pairs fail
//! makes every poster and newsletter fail. CHECKS.md §2 A11Y-CONTRAST.
//!
//! # Limits
//!
//! - Colours inherited from a parent element, set in a `<style>` sheet, or given by name
//!   outside the CSS basic names are not seen; nested `<td bgcolor>` + `<font color>` pairs
//!   on different elements are not paired.
//! - Text inside images (a logo, a poster exported as a picture) is not seen; logos are
//!   exempt from the ratio anyway.
//! - The declared-pair rule reads one block or row at a time: a pair described across two
//!   paragraphs is not seen as one.

use std::sync::OnceLock;

use livrable_model::french::fold;
use livrable_model::{Element, Location, Observation};
use regex::Regex;

use crate::figures::french_decimal;
use crate::text::contains_phrase;
use crate::{Input, Output};

pub const KIND: &str = "contrast";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const LOW_CONTRAST: &str = "contrast/low-contrast";
    pub const LARGE_TEXT_ONLY: &str = "contrast/large-text-only";
    pub const NO_DECLARED_PAIRS: &str = "contrast/no-declared-pairs";
    pub const NO_COLOURS: &str = "contrast/no-colours";
    pub const INLINE_LOW: &str = "contrast/inline-low";
    pub const PAIRS_OK: &str = "contrast/pairs-ok";
    pub const MATRIX: &str = "contrast/matrix";
    pub const INLINE_OK: &str = "contrast/inline-ok";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(
            LOW_CONTRAST,
            &["background", "large", "ratio", "required", "text"],
        ),
        CodeDecl::new(
            LARGE_TEXT_ONLY,
            &["background", "large", "ratio", "required", "text"],
        ),
        CodeDecl::new(NO_DECLARED_PAIRS, &["colours", "large", "pairs", "usable"]),
        CodeDecl::new(NO_COLOURS, &[]),
        CodeDecl::new(
            INLINE_LOW,
            &["background", "ratio", "required", "tag", "text"],
        ),
        CodeDecl::new(PAIRS_OK, &["count", "pairs"]),
        CodeDecl::new(MATRIX, &["colours", "large", "matrix", "pairs", "usable"]),
        CodeDecl::new(INLINE_OK, &["count"]),
    ];
}

/// Where the colours come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// A charter's palette, written in its text and tables.
    Charter,
    /// Inline colours of HTML elements.
    Inline,
}

/// Parameters of a `contrast` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub mode: Mode,
    /// Ratio body text needs (4.5).
    pub text_ratio: f64,
    /// Ratio large text and graphics need (3).
    pub large_ratio: f64,
    /// Words that introduce a declared pair's background (`fond`), folded, whole words.
    #[serde(default)]
    pub background_words: Vec<String>,
    /// At most this many colours in the matrix (the first ones of the charter).
    #[serde(default = "default_max_colours")]
    pub max_colours: usize,
    /// Inline text of at least this size in CSS pixels is large.
    #[serde(default = "default_large_px")]
    pub large_px: f64,
    /// Bold inline text of at least this size in CSS pixels is large.
    #[serde(default = "default_large_bold_px")]
    pub large_bold_px: f64,
}

fn default_max_colours() -> usize {
    12
}
fn default_large_px() -> f64 {
    24.0
}
fn default_large_bold_px() -> f64 {
    18.66
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#RRGGBB`, upper case.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// Naive CMYK (percentages) to RGB: no colour profile.
    pub fn from_cmyk(c: f64, m: f64, y: f64, k: f64) -> Rgb {
        let ch = |x: f64| (255.0 * (1.0 - x / 100.0) * (1.0 - k / 100.0)).round() as u8;
        Rgb(ch(c), ch(m), ch(y))
    }
}

/// WCAG contrast ratio, 1 to 21.
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (light, dark) = if la >= lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// How a colour was written, in order of preference inside one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Notation {
    Hex,
    Rgb,
    Named,
    Cmyk,
}

/// A colour found in a text: value, notation, and where in the text.
#[derive(Debug, Clone)]
struct Found {
    rgb: Rgb,
    notation: Notation,
    start: usize,
    end: usize,
}

fn regexes() -> &'static [(Notation, Regex); 5] {
    static RE: OnceLock<[(Notation, Regex); 5]> = OnceLock::new();
    RE.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("constant pattern");
        let n = r"(\d{1,3}(?:[.,]\d+)?)";
        let sep = r"\s*%?\s*[,;/ ]?\s*";
        [
            (Notation::Hex, re(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")),
            (
                Notation::Rgb,
                re(&format!(
                    r"(?i)\b(?:rgb|rvb)\s*[:=]?\s*\(?\s*{n}\s*[,;/ ]\s*{n}\s*[,;/ ]\s*{n}\s*\)?"
                )),
            ),
            (
                Notation::Rgb,
                re(&format!(
                    r"\bR\s*[:=]?\s*{n}\s*[,;/ ]?\s*[VG]\s*[:=]?\s*{n}\s*[,;/ ]?\s*B\s*[:=]?\s*{n}\b"
                )),
            ),
            (
                Notation::Cmyk,
                re(&format!(
                    r"(?i)\b(?:cmjn|cmyk|quadri)\s*[:=]?\s*\(?\s*{n}{sep}{n}{sep}{n}{sep}{n}\s*%?\s*\)?"
                )),
            ),
            (
                Notation::Cmyk,
                re(&format!(
                    r"\bC\s*[:=]?\s*{n}{sep}M\s*[:=]?\s*{n}{sep}[JY]\s*[:=]?\s*{n}{sep}[NK]\s*[:=]?\s*{n}\s*%?"
                )),
            ),
        ]
    })
}

fn number(s: &str) -> Option<f64> {
    s.replace(',', ".").parse().ok()
}

/// Colours written in `text`, overlapping matches dropped.
fn colours_in(text: &str, named: bool) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for (notation, re) in regexes() {
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if out.iter().any(|f| f.start < m.end() && m.start() < f.end) {
                continue;
            }
            let nums: Vec<f64> = caps
                .iter()
                .skip(1)
                .flatten()
                .filter_map(|g| number(g.as_str()))
                .collect();
            let rgb = match notation {
                Notation::Hex => caps.get(1).and_then(|g| parse_hex(g.as_str())),
                Notation::Rgb => match nums.as_slice() {
                    [r, g, b] if [r, g, b].iter().all(|v| **v <= 255.0) => {
                        Some(Rgb(*r as u8, *g as u8, *b as u8))
                    }
                    _ => None,
                },
                Notation::Cmyk => match nums.as_slice() {
                    [c, m, y, k] if [c, m, y, k].iter().all(|v| **v <= 100.0) => {
                        Some(Rgb::from_cmyk(*c, *m, *y, *k))
                    }
                    _ => None,
                },
                Notation::Named => None,
            };
            if let Some(rgb) = rgb {
                out.push(Found {
                    rgb,
                    notation: *notation,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }
    if named {
        static NAMES: OnceLock<Regex> = OnceLock::new();
        let re = NAMES.get_or_init(|| {
            Regex::new(r"(?i)\b(blanc|blanche|white|noir|noire|black)\b").expect("constant")
        });
        for m in re.find_iter(text) {
            let rgb = match m.as_str().to_lowercase().as_str() {
                "blanc" | "blanche" | "white" => Rgb(255, 255, 255),
                _ => Rgb(0, 0, 0),
            };
            out.push(Found {
                rgb,
                notation: Notation::Named,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

fn parse_hex(h: &str) -> Option<Rgb> {
    let h = h.trim_start_matches('#');
    let expand: String = if h.len() == 3 {
        h.chars().flat_map(|c| [c, c]).collect()
    } else {
        h.to_string()
    };
    let v = u32::from_str_radix(expand.get(..6)?, 16).ok()?;
    Some(Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// A colour of the palette: value, label taken from the text before it, and whether it
/// comes from CMYK only (approximate).
#[derive(Debug, Clone)]
struct Swatch {
    rgb: Rgb,
    label: String,
    approx: bool,
}

impl Swatch {
    fn display(&self) -> String {
        let mark = if self.approx { "≈" } else { "" };
        if self.label.is_empty() {
            format!("{mark}{}", self.rgb.hex())
        } else {
            format!("{} ({mark}{})", self.label, self.rgb.hex())
        }
    }
}

/// A unit of text to read colours from: a block or a table row.
struct Unit {
    text: String,
    location: Location,
}

pub fn check(input: &Input, params: &Params) -> Output {
    match params.mode {
        Mode::Charter => charter(input, params),
        Mode::Inline => inline(input, params),
    }
}

fn units(input: &Input) -> Vec<Unit> {
    let doc = input.doc;
    let mut out: Vec<Unit> = doc
        .blocks
        .iter()
        .map(|b| Unit {
            text: b.text.clone(),
            location: b.location.clone(),
        })
        .collect();
    for table in &doc.tables {
        for row in &table.rows {
            let text = row
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            if let Some(first) = row.first() {
                out.push(Unit {
                    text,
                    location: first.location.clone(),
                });
            }
        }
    }
    out
}

/// The words before a colour in its unit, as its label: the last non-empty segment before
/// it (segments end at `|`, `:`, `;`, `(`, dashes), at most 4 words, colour codes and
/// numbers left out.
fn label_before(text: &str, start: usize) -> String {
    let before = text.get(..start).unwrap_or("");
    let segment = before
        .rsplit(['|', ':', '\n', ';', '(', '–', '—'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("");
    let words: Vec<&str> = segment
        .split_whitespace()
        .filter(|w| {
            !w.starts_with('#')
                && w.chars().any(char::is_alphabetic)
                && !w.chars().any(|c| c.is_ascii_digit())
        })
        .collect();
    let keep = words.len().saturating_sub(4);
    words
        .get(keep..)
        .unwrap_or(&[])
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Best notation colours of a unit: HEX if any, else RGB, else CMYK (the same colour is
/// often given in all three).
fn best(found: &[Found]) -> Vec<&Found> {
    let codes: Vec<&Found> = found
        .iter()
        .filter(|f| f.notation != Notation::Named)
        .collect();
    match codes.iter().map(|f| f.notation).min() {
        Some(best) => codes.into_iter().filter(|f| f.notation == best).collect(),
        None => Vec::new(),
    }
}

fn charter(input: &Input, params: &Params) -> Output {
    let mut out = Output::default();
    let mut palette: Vec<Swatch> = Vec::new();
    let mut declared: Vec<(Swatch, Swatch, Location)> = Vec::new();
    for unit in units(input) {
        let bg_word = params
            .background_words
            .iter()
            .any(|w| contains_phrase(&unit.text, w));
        let found = colours_in(&unit.text, bg_word);
        for f in best(&found) {
            if !palette.iter().any(|s| s.rgb == f.rgb) {
                palette.push(Swatch {
                    rgb: f.rgb,
                    label: label_before(&unit.text, f.start),
                    approx: f.notation == Notation::Cmyk,
                });
            }
        }
        if bg_word {
            if let Some((text, bg)) = declared_pair(&unit.text, &found, params) {
                let swatch = |f: &Found| Swatch {
                    rgb: f.rgb,
                    label: String::new(),
                    approx: f.notation == Notation::Cmyk,
                };
                declared.push((swatch(text), swatch(bg), unit.location.clone()));
            }
        }
    }
    if palette.is_empty() && declared.is_empty() {
        out.findings
            .push(Observation::new(codes::NO_COLOURS, Location::whole()));
        return out;
    }
    if !declared.is_empty() {
        let mut all_ok = true;
        let mut lines = Vec::new();
        for (text, bg, location) in &declared {
            let r = ratio(text.rgb, bg.rgb);
            let pair = format!("{} / {}", text.display(), bg.display());
            lines.push(format!(
                "{pair} {}:1 {}",
                french_decimal(r, 1),
                mark(r, params)
            ));
            let code = if r < params.large_ratio {
                codes::LOW_CONTRAST
            } else if r < params.text_ratio {
                codes::LARGE_TEXT_ONLY
            } else {
                continue;
            };
            all_ok = false;
            out.findings.push(
                Observation::new(code, location.clone())
                    .arg("text", text.display())
                    .arg("background", bg.display())
                    .arg("ratio", french_decimal(r, 1))
                    .arg("required", french_decimal(params.text_ratio, 1))
                    .arg("large", french_decimal(params.large_ratio, 1)),
            );
        }
        if all_ok {
            out.evidence.push(
                Observation::new(codes::PAIRS_OK, Location::whole())
                    .arg("count", declared.len())
                    .arg("pairs", lines.join(" · ")),
            );
        }
        return out;
    }
    palette.truncate(params.max_colours);
    let mut pairs: Vec<(f64, String)> = Vec::new();
    for (i, a) in palette.iter().enumerate() {
        for b in palette.iter().skip(i + 1) {
            let r = ratio(a.rgb, b.rgb);
            pairs.push((
                r,
                format!(
                    "{} / {} {}:1 {}",
                    a.display(),
                    b.display(),
                    french_decimal(r, 1),
                    mark(r, params)
                ),
            ));
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let usable = pairs
        .iter()
        .filter(|(r, _)| *r >= params.text_ratio)
        .count();
    let large = pairs
        .iter()
        .filter(|(r, _)| *r >= params.large_ratio && *r < params.text_ratio)
        .count();
    let matrix = pairs
        .iter()
        .map(|(_, s)| s.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    let colours = palette.len();
    out.evidence.push(
        Observation::new(codes::MATRIX, Location::whole())
            .arg("colours", colours)
            .arg("pairs", pairs.len())
            .arg("usable", usable)
            .arg("large", large)
            .arg("matrix", &matrix),
    );
    out.findings.push(
        Observation::new(codes::NO_DECLARED_PAIRS, Location::whole())
            .arg("colours", colours)
            .arg("usable", usable)
            .arg("large", large)
            .arg("pairs", pairs.len()),
    );
    out
}

/// The (text, background) colours of a unit that declares a pair: the background is the
/// colour nearest after a background word; the text colour is another one.
fn declared_pair<'f>(
    text: &str,
    found: &'f [Found],
    params: &Params,
) -> Option<(&'f Found, &'f Found)> {
    if found.len() < 2 {
        return None;
    }
    let folded_words = word_starts(text);
    let bg_word_end = folded_words
        .iter()
        .filter(|(w, _)| params.background_words.iter().any(|b| fold(b) == *w))
        .map(|(_, end)| *end)
        .next()?;
    let bg = found.iter().find(|f| f.start >= bg_word_end)?;
    let fg = found
        .iter()
        .find(|f| f.start != bg.start && f.rgb != bg.rgb)?;
    Some((fg, bg))
}

/// Each word of `text`, folded, with the byte offset of its end.
fn word_starts(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((fold(text.get(s..i).unwrap_or("")), i));
        }
    }
    if let Some(s) = start {
        out.push((fold(text.get(s..).unwrap_or("")), text.len()));
    }
    out
}

/// ✓ text, ◐ large text and graphics only, ✗ neither.
fn mark(r: f64, params: &Params) -> &'static str {
    if r >= params.text_ratio {
        "✓"
    } else if r >= params.large_ratio {
        "◐"
    } else {
        "✗"
    }
}

// ─── inline HTML colours ──────────────────────────────────────────────────

/// CSS basic colour keywords (CSS Color 4, the 16 HTML 4 colours, grey spellings and orange).
const CSS_NAMES: &[(&str, Rgb)] = &[
    ("black", Rgb(0, 0, 0)),
    ("silver", Rgb(192, 192, 192)),
    ("gray", Rgb(128, 128, 128)),
    ("grey", Rgb(128, 128, 128)),
    ("white", Rgb(255, 255, 255)),
    ("maroon", Rgb(128, 0, 0)),
    ("red", Rgb(255, 0, 0)),
    ("purple", Rgb(128, 0, 128)),
    ("fuchsia", Rgb(255, 0, 255)),
    ("green", Rgb(0, 128, 0)),
    ("lime", Rgb(0, 255, 0)),
    ("olive", Rgb(128, 128, 0)),
    ("yellow", Rgb(255, 255, 0)),
    ("navy", Rgb(0, 0, 128)),
    ("blue", Rgb(0, 0, 255)),
    ("teal", Rgb(0, 128, 128)),
    ("aqua", Rgb(0, 255, 255)),
    ("orange", Rgb(255, 165, 0)),
    ("lightgray", Rgb(211, 211, 211)),
    ("lightgrey", Rgb(211, 211, 211)),
    ("darkgray", Rgb(169, 169, 169)),
    ("darkgrey", Rgb(169, 169, 169)),
];

/// A CSS colour value: `#rgb`, `#rrggbb`, `rgb(r, g, b)` (opaque `rgba` too), a basic
/// keyword. `None` for anything else (transparent, semi-transparent, variables).
pub fn css_colour(value: &str) -> Option<Rgb> {
    let v = value
        .trim()
        .trim_end_matches("!important")
        .trim()
        .to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        return match hex.len() {
            3 | 6 if hex.chars().all(|c| c.is_ascii_hexdigit()) => parse_hex(hex),
            _ => None,
        };
    }
    if let Some(args) = v
        .strip_prefix("rgba(")
        .or_else(|| v.strip_prefix("rgb("))
        .and_then(|a| a.strip_suffix(')'))
    {
        let parts: Vec<&str> = args
            .split([',', ' ', '/'])
            .filter(|p| !p.is_empty())
            .collect();
        let channel = |p: &str| -> Option<u8> {
            if let Some(pc) = p.strip_suffix('%') {
                let f: f64 = pc.parse().ok()?;
                (0.0..=100.0).contains(&f).then(|| (f * 2.55).round() as u8)
            } else {
                let f: f64 = p.parse().ok()?;
                (0.0..=255.0).contains(&f).then_some(f.round() as u8)
            }
        };
        let opaque = match parts.get(3) {
            None => true,
            Some(a) => a.strip_suffix('%').map_or_else(
                || a.parse::<f64>().ok() == Some(1.0),
                |p| p.parse::<f64>().ok() == Some(100.0),
            ),
        };
        if !opaque || parts.len() < 3 {
            return None;
        }
        return Some(Rgb(
            channel(parts.first()?)?,
            channel(parts.get(1)?)?,
            channel(parts.get(2)?)?,
        ));
    }
    CSS_NAMES.iter().find(|(n, _)| *n == v).map(|(_, c)| *c)
}

/// The declarations of a `style` attribute, lower-case names.
fn declarations(style: &str) -> Vec<(String, String)> {
    style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect()
}

/// The text and background colours an element sets itself, with its text size in px and
/// boldness where given.
fn element_colours(e: &Element) -> Option<(Rgb, Rgb, Option<f64>, bool)> {
    let decl = declarations(e.attr("style").unwrap_or(""));
    let get = |name: &str| {
        decl.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let fg = get("color")
        .and_then(css_colour)
        .or_else(|| e.attr("color").and_then(css_colour))?;
    let bg = get("background-color")
        .and_then(css_colour)
        .or_else(|| get("background").and_then(|v| v.split_whitespace().find_map(css_colour)))
        .or_else(|| e.attr("bgcolor").and_then(css_colour))?;
    let size = get("font-size").and_then(css_px);
    let bold = get("font-weight").is_some_and(|w| {
        let w = w.trim().to_ascii_lowercase();
        w == "bold" || w == "bolder" || w.parse::<u32>().is_ok_and(|n| n >= 700)
    }) || matches!(
        e.tag.as_str(),
        "b" | "strong" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th"
    );
    Some((fg, bg, size, bold))
}

/// A CSS length in px (`px`, `pt` × 4/3); other units are not known.
fn css_px(v: &str) -> Option<f64> {
    let v = v.trim().to_ascii_lowercase();
    if let Some(n) = v.strip_suffix("px") {
        n.trim().parse().ok()
    } else if let Some(n) = v.strip_suffix("pt") {
        n.trim().parse::<f64>().ok().map(|p| p * 4.0 / 3.0)
    } else {
        None
    }
}

fn inline(input: &Input, params: &Params) -> Output {
    let mut out = Output::default();
    let mut checked = 0;
    for e in &input.doc.elements {
        let Some((fg, bg, size, bold)) = element_colours(e) else {
            continue;
        };
        checked += 1;
        let large =
            size.is_some_and(|s| s >= params.large_px || (bold && s >= params.large_bold_px));
        let required = if large {
            params.large_ratio
        } else {
            params.text_ratio
        };
        let r = ratio(fg, bg);
        if r < required {
            out.findings.push(
                Observation::new(codes::INLINE_LOW, e.location.clone())
                    .arg("text", fg.hex())
                    .arg("background", bg.hex())
                    .arg("ratio", french_decimal(r, 1))
                    .arg("required", french_decimal(required, 1))
                    .arg("tag", &e.tag),
            );
        }
    }
    if checked > 0 && out.findings.is_empty() {
        out.evidence
            .push(Observation::new(codes::INLINE_OK, Location::whole()).arg("count", checked));
    }
    out
}

#[cfg(test)]
mod tests;
