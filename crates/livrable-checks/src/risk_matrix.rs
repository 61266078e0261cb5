//! `risk-matrix/…`: is the crisis plan's risk register rated on one scale, computed right,
//! ranked, and does every high risk have a response?
//!
//! # What it reads
//!
//! The risk register is a table whose header names a risk column (« Risque »,
//! « Situation de crise »), a frequency column (« Fréquence », « Probabilité ») and a
//! gravity column (« Gravité », « Impact »), and optionally a criticity column
//! (« Criticité », « F × G »), a level column (« Zone », « Niveau »), and action, actor and
//! tool columns; found by [`crate::tables`] in a sheet or a document. A rating is a number,
//! or text starting with one (`3 (probable)`).
//!
//! The scale is *declared* when a text says it: the frequency or gravity header
//! (`Fréquence (1-4)`, `Gravité /5`), or a paragraph or sheet cell holding one of
//! `scale_words` (« échelle », « noté ») with a range (`de 1 (rare) à 4 (fréquent)`,
//! `entre 1 et 5`, `sur 4`) or a legend (`1 = rare, 2 = possible, …`). A text naming only
//! frequency (or only gravity) declares that scale; otherwise both. Ranges wider than
//! `max_scale` are not scales (`criticité de 1 à 16`).
//!
//! # What it checks
//!
//! - `risk-matrix/missing-rating`: a risk without a frequency or a gravity rating.
//! - `risk-matrix/no-scale`: no scale declared (warning: the ratings cannot be read).
//! - `risk-matrix/scales-differ`: frequency and gravity declared on different scales.
//! - `risk-matrix/out-of-scale`: a rating outside its declared scale, or not a whole
//!   number.
//! - `risk-matrix/wrong-criticity`: a criticity that is not frequency × gravity (±
//!   `tolerance`).
//! - `risk-matrix/unordered`: the risks are neither classified (a level column filled on
//!   every row, or criticity cells coloured in at least two colours) nor sorted by
//!   criticity (stated, or computed F × G), within each category block.
//! - `risk-matrix/high-risk-without-action`, `…-without-actor`, `…-without-tool`: a high
//!   risk — its level cell holds one of `high_words` (« rouge », « critique »), or its
//!   criticity reaches `high_fraction` of the scale's maximum (frequency max × gravity
//!   max) — with no action, actor or tool. An action is the row's action cell, or a row
//!   of another table of the document naming the same risk (a protocol table), or a
//!   section whose heading names the risk, with some text. Actors and tools are their
//!   columns, or `actor_words` / `tool_words` in the action text, the protocol row or
//!   section, or in a general protocol section (heading with one of `protocol_words`:
//!   « Cellule de crise », « Protocole »), which serves every risk. Risks and headings
//!   are matched as [`crate::labels`] matches labels.
//! - `risk-matrix/no-table` (information): no register found (only when
//!   `report_missing_table`).
//!
//! Evidence `risk-matrix/register` gives the number of risks, of high risks and the
//! scale, for a register without finding.
//!
//! # Why
//!
//! C1.5/CE1 expects risks « répertoriés par fréquence / par gravité selon une échelle et
//! hiérarchisés selon des critères définis »; C1.5/CE2 a plan listing situations « classées
//! selon leur gravité » with, for each, « actions précises à exécuter en cas de
//! survenance, étapes nécessaires, acteurs responsables, outils à utiliser ». Criticity
//! as frequency × gravity and the red / orange / green zones are the usual risk-map
//! method (AFNOR, risk management; common 4×4 maps put 9–16 in red, 5×5 maps 15–25).
//!
//! # Limits
//!
//! - Qualitative ratings (« forte ») are reported as missing ratings: the product cannot
//!   be checked.
//! - Scale legends laid out as separate tables are not read as declarations.
//! - Whether an action fits its risk is left to the evaluator.

use livrable_model::french::fold;
use livrable_model::{CellValue, Document, Location, Observation};
use regex::Regex;

use crate::figures::format_number;
use crate::labels::{Keys, Matcher};
use crate::sections::{all_sections, sections, Section};
use crate::tables::{
    self, normalize, Found, Layout, LayoutParams, RowKind, Sheet, Spec, Vocabulary, Words,
};
use crate::text::quote;
use crate::{Input, Output, ParamError};

pub const KIND: &str = "risk-matrix";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const MISSING_RATING: &str = "risk-matrix/missing-rating";
    pub const NO_SCALE: &str = "risk-matrix/no-scale";
    pub const SCALES_DIFFER: &str = "risk-matrix/scales-differ";
    pub const OUT_OF_SCALE: &str = "risk-matrix/out-of-scale";
    pub const WRONG_CRITICITY: &str = "risk-matrix/wrong-criticity";
    pub const UNORDERED: &str = "risk-matrix/unordered";
    pub const HIGH_RISK_WITHOUT_ACTION: &str = "risk-matrix/high-risk-without-action";
    pub const HIGH_RISK_WITHOUT_ACTOR: &str = "risk-matrix/high-risk-without-actor";
    pub const HIGH_RISK_WITHOUT_TOOL: &str = "risk-matrix/high-risk-without-tool";
    pub const NO_TABLE: &str = "risk-matrix/no-table";
    /// Evidence.
    pub const REGISTER: &str = "risk-matrix/register";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(MISSING_RATING, &["risk", "value"]),
        CodeDecl::new(NO_SCALE, &[]),
        CodeDecl::new(SCALES_DIFFER, &["frequency", "gravity"]),
        CodeDecl::new(OUT_OF_SCALE, &["risk", "scale", "value"]),
        CodeDecl::new(
            WRONG_CRITICITY,
            &["expected", "frequency", "gravity", "risk", "stated"],
        ),
        CodeDecl::new(UNORDERED, &[]),
        CodeDecl::new(HIGH_RISK_WITHOUT_ACTION, &["criticity", "risk"]),
        CodeDecl::new(HIGH_RISK_WITHOUT_ACTOR, &["criticity", "risk"]),
        CodeDecl::new(HIGH_RISK_WITHOUT_TOOL, &["criticity", "risk"]),
        CodeDecl::new(NO_TABLE, &[]),
        CodeDecl::new(REGISTER, &["count", "high", "scale"]),
    ];
}

/// Risk labels quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 60;

/// Header words of the register's columns.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// `risque`, `situation de crise`, `scénario`.
    pub risk: Vec<String>,
    /// `fréquence`, `probabilité`, `f`.
    pub frequency: Vec<String>,
    /// `gravité`, `impact`, `g`.
    pub gravity: Vec<String>,
    /// `criticité`, `f × g`, `score`.
    pub criticity: Vec<String>,
    /// `zone`, `niveau`, `priorité`.
    pub level: Vec<String>,
    /// `actions`, `mesures`, `protocole`.
    pub action: Vec<String>,
    /// `responsable`, `acteurs`, `pilote`.
    pub actor: Vec<String>,
    /// `outils`, `supports`, `moyens`.
    pub tool: Vec<String>,
    /// Columns that are none of these (`n°`, `cause`, `conséquences`).
    pub other: Vec<String>,
}

/// Parameters of a `risk-matrix` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub columns: Columns,
    pub layout: LayoutParams,
    /// Words of a text that declares a scale: `échelle`, `noté`, `cotation`.
    pub scale_words: Vec<String>,
    /// The widest scale accepted (a range up to this top value).
    pub max_scale: u32,
    /// Share (0–1) of the scale's top criticity from which a risk is high.
    pub high_fraction: f64,
    /// Words of a level cell that make a risk high: `rouge`, `critique`.
    pub high_words: Vec<String>,
    /// Words naming crisis actors: `cellule de crise`, `porte-parole`, `directeur`.
    pub actor_words: Vec<String>,
    /// Words naming crisis tools: `holding statement`, `communiqué`, `FAQ`.
    pub tool_words: Vec<String>,
    /// Heading words of a general protocol that serves every risk.
    pub protocol_words: Vec<String>,
    /// Words left out when matching a risk with a heading or a protocol row.
    pub stop_words: Vec<String>,
    /// Least share of words a risk and a heading must share (0–1).
    pub min_overlap: f64,
    /// Largest difference between a stated criticity and F × G.
    pub tolerance: f64,
    /// `true`: a document without a register gets `risk-matrix/no-table`.
    pub report_missing_table: bool,
}

/// The parameters, prepared.
pub(crate) struct Config {
    vocabulary: Vocabulary,
    layout: Layout,
    scale_words: Words,
    /// Frequency and gravity header words of two letters or more, to tell which rating a
    /// declaration is about.
    frequency_words: Words,
    gravity_words: Words,
    max_scale: u32,
    high_fraction: f64,
    high: Words,
    actors: Words,
    tools: Words,
    protocol: Words,
    matcher: Matcher,
    tolerance: f64,
    range: Regex,
    out_of: Regex,
    legend: Regex,
    leading_number: Regex,
}

fn long_words(words: &[String]) -> Words {
    let kept: Vec<&String> = words.iter().filter(|w| w.chars().count() > 1).collect();
    Words::new(&kept)
}

impl Config {
    pub(crate) fn new(p: &Params) -> Result<Self, ParamError> {
        let c = &p.columns;
        if c.risk.is_empty() || c.frequency.is_empty() || c.gravity.is_empty() {
            return Err(ParamError(
                "risk-matrix: `columns.risk`, `columns.frequency` and `columns.gravity` must not be empty"
                    .into(),
            ));
        }
        if !(0.0..=1.0).contains(&p.high_fraction) || !(0.0..=1.0).contains(&p.min_overlap) {
            return Err(ParamError(
                "risk-matrix: `high_fraction` and `min_overlap` must be between 0 and 1".into(),
            ));
        }
        if !p.tolerance.is_finite() || p.tolerance < 0.0 || !(2..=100).contains(&p.max_scale) {
            return Err(ParamError(
                "risk-matrix: `tolerance` must be ≥ 0 and `max_scale` between 2 and 100".into(),
            ));
        }
        let re = |s: &str| crate::regex_cache::cached(s).map_err(|e| ParamError(e.to_string()));
        Ok(Config {
            vocabulary: Vocabulary::new()
                .role("risk", &c.risk)
                .role("frequency", &c.frequency)
                .role("gravity", &c.gravity)
                .role("criticity", &c.criticity)
                .role("level", &c.level)
                .role("action", &c.action)
                .role("actor", &c.actor)
                .role("tool", &c.tool)
                .role("other", &c.other),
            layout: Layout::new(&p.layout),
            scale_words: Words::new(&p.scale_words),
            frequency_words: long_words(&c.frequency),
            gravity_words: long_words(&c.gravity),
            max_scale: p.max_scale,
            high_fraction: p.high_fraction,
            high: Words::new(&p.high_words),
            actors: Words::new(&p.actor_words),
            tools: Words::new(&p.tool_words),
            protocol: Words::new(&p.protocol_words),
            matcher: Matcher::new(&p.stop_words, p.min_overlap),
            tolerance: p.tolerance,
            // `1 à 4`, `1-4`, `1 (rare) à 4`, `entre 1 et 5` (text folded: `à` is `a`).
            range: re(r"\b(\d{1,3})\s*(?:\([^)]{0,40}\)\s*)?(?:a|et|-|–|—)\s*(\d{1,3})\b")?,
            // `sur 4`, `/5`.
            out_of: re(r"(?:\bsur|/)\s*(\d{1,3})\b")?,
            // `1 = rare`, `2 : possible`.
            legend: re(r"\b(\d{1,3})\s*[=:]")?,
            leading_number: re(r"^\s*(\d+(?:[.,]\d+)?)(?:\s|$|[(\-–:/])")?,
        })
    }

    /// The scale a text states, if any.
    fn scale_in(&self, text: &str) -> Option<(u32, u32)> {
        let folded = fold(text);
        let ok = |lo: u32, hi: u32| lo < hi && lo <= 1 && hi <= self.max_scale;
        for c in self.range.captures_iter(&folded) {
            let lo: u32 = c.get(1)?.as_str().parse().ok()?;
            let hi: u32 = c.get(2)?.as_str().parse().ok()?;
            if ok(lo, hi) {
                return Some((lo, hi));
            }
        }
        let legend: Vec<u32> = self
            .legend
            .captures_iter(&folded)
            .filter_map(|c| c.get(1)?.as_str().parse().ok())
            .collect();
        if legend.len() >= 2 {
            let (lo, hi) = (
                legend.iter().copied().min().unwrap_or(0),
                legend.iter().copied().max().unwrap_or(0),
            );
            if ok(lo, hi) {
                return Some((lo, hi));
            }
        }
        for c in self.out_of.captures_iter(&folded) {
            let hi: u32 = c.get(1)?.as_str().parse().ok()?;
            if ok(1, hi) {
                return Some((1, hi));
            }
        }
        None
    }
}

/// A rating cell.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rating {
    Missing,
    Value(f64),
}

fn rating(sheet: &Sheet, r: usize, c: usize, cfg: &Config) -> Rating {
    let Some(cell) = sheet.resolved(r, c) else {
        return Rating::Missing;
    };
    if let CellValue::Number(n) = cell.value {
        if n.is_finite() {
            return Rating::Value(n);
        }
    }
    cfg.leading_number
        .captures(cell.text.trim())
        .and_then(|m| m.get(1))
        .and_then(|m| m.as_str().replace(',', ".").parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .map_or(Rating::Missing, Rating::Value)
}

/// The declared scales of frequency and gravity.
#[derive(Debug, Default, Clone, Copy)]
struct Scales {
    f: Option<(u32, u32)>,
    g: Option<(u32, u32)>,
}

pub fn check(input: &Input, params: &Params) -> Result<Output, ParamError> {
    run_with(input, params, &Config::new(params)?)
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(input: &Input, params: &Params, cfg: &Config) -> Result<Output, ParamError> {
    let doc = input.doc;
    let spec = Spec::new(
        &cfg.vocabulary,
        &cfg.layout,
        &["risk", "frequency", "gravity"],
        3,
    );
    // Protocol tables: a risk column and a response column, no ratings needed.
    let protocol_spec = Spec::new(&cfg.vocabulary, &cfg.layout, &["risk"], 2);
    let headings = heading_sections(doc, &cfg.matcher);
    // The title (« Plan de gestion de crise ») is not a protocol section.
    let general: String = sections(doc, &cfg.protocol)
        .iter()
        .filter(|s| !s.is_title(doc))
        .map(Section::normalized_text)
        .collect::<Vec<_>>()
        .join("\n");
    let doc_scales = doc_scales(doc, cfg);

    let mut out = Output::default();
    let mut any = false;
    for (ti, table) in doc.tables.iter().enumerate() {
        let sheet = Sheet::new(table);
        for f in tables::find(&sheet, &spec) {
            any = true;
            let ctx = Context {
                doc,
                cfg,
                headings: &headings,
                general: &general,
                table_index: ti,
                protocol_spec: &protocol_spec,
            };
            check_register(&sheet, &f, &ctx, doc_scales, &mut out);
        }
    }
    if !any && params.report_missing_table {
        out.findings
            .push(Observation::new(codes::NO_TABLE, Location::whole()));
    }
    Ok(out)
}

/// What a register's check needs besides the register.
struct Context<'a> {
    doc: &'a Document,
    cfg: &'a Config,
    /// Every heading of the document with its section's text (normalised) and keys.
    headings: &'a [(Keys, String, bool)],
    /// The general protocol sections' text, normalised.
    general: &'a str,
    table_index: usize,
    protocol_spec: &'a Spec<'a>,
}

/// Every heading's keys, its section's normalised text, and whether the section has
/// prose under it.
fn heading_sections(doc: &Document, matcher: &Matcher) -> Vec<(Keys, String, bool)> {
    all_sections(doc)
        .iter()
        .map(|s| {
            (
                matcher.keys(&s.heading.text),
                s.normalized_text(),
                s.prose().next().is_some(),
            )
        })
        .collect()
}

/// Scales declared in the document's paragraphs.
fn doc_scales(doc: &Document, cfg: &Config) -> Scales {
    let mut s = Scales::default();
    for b in &doc.blocks {
        declare(&mut s, &b.text, cfg, false);
    }
    s
}

/// Records the scale `text` declares, if it does. `implicit`: the text is a rating header
/// and needs no scale word.
fn declare(s: &mut Scales, text: &str, cfg: &Config, implicit: bool) {
    let norm = normalize(text);
    let about_f = cfg.frequency_words.any_in(&norm);
    let about_g = cfg.gravity_words.any_in(&norm);
    if !implicit && !cfg.scale_words.any_in(&norm) && !about_f && !about_g {
        return;
    }
    let Some(scale) = cfg.scale_in(text) else {
        return;
    };
    match (about_f, about_g) {
        (true, false) => {
            s.f.get_or_insert(scale);
        }
        (false, true) => {
            s.g.get_or_insert(scale);
        }
        _ => {
            s.f.get_or_insert(scale);
            s.g.get_or_insert(scale);
        }
    }
}

fn show_scale(s: (u32, u32)) -> String {
    format!("{}–{}", s.0, s.1)
}

/// One rated risk of the register.
struct Risk {
    row: usize,
    label: String,
    label_col: usize,
    f: Option<f64>,
    g: Option<f64>,
    /// Stated criticity, or F × G.
    crit: Option<f64>,
    /// Category block (rows between section headings).
    block: usize,
}

fn check_register(sheet: &Sheet, f: &Found, ctx: &Context, doc_scales: Scales, out: &mut Output) {
    let cfg = ctx.cfg;
    let before = out.findings.len();
    let col = |role: &str| f.column(role).map(|c| c.col);
    let (Some(fc), Some(gc)) = (col("frequency"), col("gravity")) else {
        return;
    };
    let crit_col = col("criticity");
    let level_col = col("level");

    // Scales: rating headers, then the sheet's other texts, then the document's.
    let mut scales = Scales::default();
    declare(&mut scales, &f.header_text(sheet, fc), cfg, true);
    let gh = f.header_text(sheet, gc);
    let mut g_only = Scales::default();
    declare(&mut g_only, &gh, cfg, true);
    if g_only.f.is_some() || g_only.g.is_some() {
        scales.g = g_only.g.or(g_only.f);
    }
    for (r, c, t) in sheet.texts() {
        if !f.holds(r, c) {
            declare(&mut scales, t, cfg, false);
        }
    }
    scales.f = scales.f.or(doc_scales.f);
    scales.g = scales.g.or(doc_scales.g);
    let declared = match (scales.f, scales.g) {
        (None, None) => None,
        (Some(a), None) | (None, Some(a)) => Some((a, a)),
        (Some(a), Some(b)) => Some((a, b)),
    };

    // The risks.
    let mut risks: Vec<Risk> = Vec::new();
    let mut block = 0;
    for row in &f.rows {
        if row.kind == RowKind::Section {
            block += 1;
            continue;
        }
        if row.kind != RowKind::Data {
            continue;
        }
        let r = row.index;
        let Some((label_col, label)) = f.label_of(sheet, r, "risk") else {
            continue;
        };
        let label = label.to_string();
        let fv = rating(sheet, r, fc, cfg);
        let gv = rating(sheet, r, gc, cfg);
        let value = |x: Rating| match x {
            Rating::Value(v) => Some(v),
            Rating::Missing => None,
        };
        let (fv, gv) = (value(fv), value(gv));
        let quoted = quote(&label, QUOTE_MAX);
        if fv.is_none() || gv.is_none() {
            let c = if fv.is_none() { fc } else { gc };
            out.findings.push(
                Observation::new(codes::MISSING_RATING, sheet.location(r, c))
                    .arg("risk", &quoted)
                    .arg("value", quote(sheet.text(r, c), QUOTE_MAX)),
            );
        }
        if let Some((fs, gs)) = declared {
            for (v, c, s) in [(fv, fc, fs), (gv, gc, gs)] {
                if let Some(v) = v {
                    if v.fract() != 0.0 || v < f64::from(s.0) || v > f64::from(s.1) {
                        out.findings.push(
                            Observation::new(codes::OUT_OF_SCALE, sheet.location(r, c))
                                .arg("risk", &quoted)
                                .arg("value", format_number(v))
                                .arg("scale", show_scale(s)),
                        );
                    }
                }
            }
        }
        let product = fv.zip(gv).map(|(a, b)| a * b);
        // A formula whose cached value is 0 while F × G is not was never computed (files
        // written by a library carry no cached values): its value is unknown, not wrong.
        let stated = crit_col
            .and_then(|c| match rating(sheet, r, c, cfg) {
                Rating::Value(v) => Some((v, c)),
                Rating::Missing => None,
            })
            .filter(|&(v, c)| {
                let formula = sheet.cell(r, c).is_some_and(|x| x.formula.is_some());
                !(formula && v == 0.0 && product.is_some_and(|p| p != 0.0))
            })
            .map(|(v, _)| v);
        if let (Some(s), Some(p), Some(c)) = (stated, product, crit_col) {
            if (s - p).abs() > cfg.tolerance {
                out.findings.push(
                    Observation::new(codes::WRONG_CRITICITY, sheet.location(r, c))
                        .arg("risk", &quoted)
                        .arg("stated", format_number(s))
                        .arg("frequency", format_number(fv.unwrap_or_default()))
                        .arg("gravity", format_number(gv.unwrap_or_default()))
                        .arg("expected", format_number(p)),
                );
            }
        }
        risks.push(Risk {
            row: r,
            label,
            label_col,
            f: fv,
            g: gv,
            crit: stated.or(product),
            block,
        });
    }
    if risks.is_empty() {
        out.findings.truncate(before);
        return;
    }

    let rating_header = sheet.location(f.header_last, fc);
    match declared {
        None => out
            .findings
            .push(Observation::new(codes::NO_SCALE, rating_header.clone())),
        Some((a, b)) if a != b => out.findings.push(
            Observation::new(codes::SCALES_DIFFER, sheet.location(f.header_last, gc))
                .arg("frequency", show_scale(a))
                .arg("gravity", show_scale(b)),
        ),
        _ => {}
    }

    // Classified or ordered?
    let classified_by_level =
        level_col.is_some_and(|c| risks.iter().all(|r| !sheet.text(r.row, c).is_empty()));
    let classified_by_colour = crit_col.is_some_and(|c| {
        let mut fills: Vec<&str> = risks
            .iter()
            .filter_map(|r| sheet.cell(r.row, c).and_then(|cell| cell.fill.as_deref()))
            .collect();
        fills.sort_unstable();
        fills.dedup();
        fills.len() >= 2
    });
    let ordered = (0..=block).all(|b| {
        let values: Vec<f64> = risks
            .iter()
            .filter(|r| r.block == b)
            .filter_map(|r| r.crit)
            .collect();
        values.windows(2).all(|w| w[0] >= w[1]) || values.windows(2).all(|w| w[0] <= w[1])
    });
    if risks.len() >= 2 && !classified_by_level && !classified_by_colour && !ordered {
        let at = crit_col.map_or(rating_header.clone(), |c| sheet.location(f.header_last, c));
        out.findings.push(Observation::new(codes::UNORDERED, at));
    }

    // High risks and their response.
    let top_f = declared.map_or_else(
        || risks.iter().filter_map(|r| r.f).fold(4.0, f64::max),
        |(s, _)| f64::from(s.1),
    );
    let top_g = declared.map_or_else(
        || risks.iter().filter_map(|r| r.g).fold(4.0, f64::max),
        |(_, s)| f64::from(s.1),
    );
    let threshold = cfg.high_fraction * top_f * top_g;
    let protocols = protocol_rows(ctx, f);
    let protocol_keys: Vec<Keys> = protocols.iter().map(|p| p.0.clone()).collect();
    let heading_keys: Vec<Keys> = ctx.headings.iter().map(|h| h.0.clone()).collect();
    let mut high_count = 0;
    for risk in &risks {
        let by_level =
            level_col.is_some_and(|c| cfg.high.any_in(&normalize(sheet.text(risk.row, c))));
        let by_value = risk.crit.is_some_and(|c| c + 1e-9 >= threshold);
        if !by_level && !by_value {
            continue;
        }
        high_count += 1;
        let keys = cfg.matcher.keys(&risk.label);
        let cell_text = |role: &str| {
            col(role)
                .map(|c| sheet.text(risk.row, c))
                .unwrap_or_default()
        };
        let own_action = cell_text("action");
        let mut response = normalize(own_action);
        let mut has_action = !own_action.is_empty();
        // Protocol rows of other tables, then sections whose heading names the risk.
        if let Some((i, _)) = cfg.matcher.best(&keys, &protocol_keys) {
            if let Some((_, text, acts)) = protocols.get(i) {
                has_action |= *acts;
                response.push('\n');
                response.push_str(text);
            }
        }
        if let Some((i, _)) = cfg.matcher.best(&keys, &heading_keys) {
            if let Some((_, text, prose)) = ctx.headings.get(i) {
                has_action |= *prose;
                response.push('\n');
                response.push_str(text);
            }
        }
        let has_actor = !cell_text("actor").is_empty()
            || cfg.actors.any_in(&response)
            || cfg.actors.any_in(ctx.general);
        let has_tool = !cell_text("tool").is_empty()
            || cfg.tools.any_in(&response)
            || cfg.tools.any_in(ctx.general);
        let at = sheet.location(risk.row, risk.label_col);
        let crit = risk.crit.map(format_number).unwrap_or_default();
        for (ok, code) in [
            (has_action, codes::HIGH_RISK_WITHOUT_ACTION),
            (has_actor, codes::HIGH_RISK_WITHOUT_ACTOR),
            (has_tool, codes::HIGH_RISK_WITHOUT_TOOL),
        ] {
            if !ok {
                out.findings.push(
                    Observation::new(code, at.clone())
                        .arg("risk", quote(&risk.label, QUOTE_MAX))
                        .arg("criticity", &crit),
                );
            }
        }
    }

    if out.findings.len() == before {
        out.evidence.push(
            Observation::new(codes::REGISTER, f.location(sheet))
                .arg("count", risks.len())
                .arg("high", high_count)
                .arg(
                    "scale",
                    declared.map(|(a, _)| show_scale(a)).unwrap_or_default(),
                ),
        );
    }
}

/// Rows of the document's other tables that name a risk and a response: (risk keys,
/// the row's normalised text, whether it has an action).
fn protocol_rows(ctx: &Context, register: &Found) -> Vec<(Keys, String, bool)> {
    let mut out = Vec::new();
    for (ti, table) in ctx.doc.tables.iter().enumerate() {
        let sheet = Sheet::new(table);
        for f in tables::find(&sheet, ctx.protocol_spec) {
            if ti == ctx.table_index && f.header_first == register.header_first {
                continue;
            }
            let Some(rc) = f.column("risk").map(|c| c.col) else {
                continue;
            };
            let responds = ["action", "actor", "tool"]
                .iter()
                .any(|role| f.column(role).is_some());
            if !responds {
                continue;
            }
            let action_col = f.column("action").map(|c| c.col);
            for row in f.data() {
                let label = sheet.text(row.index, rc);
                if label.is_empty() {
                    continue;
                }
                let text = (f.first_col..=f.last_col)
                    .filter(|&c| c != rc)
                    .map(|c| normalize(sheet.text(row.index, c)))
                    .collect::<Vec<_>>()
                    .join("\n");
                let acts = action_col.is_some_and(|c| !sheet.text(row.index, c).is_empty());
                out.push((ctx.cfg.matcher.keys(label), text, acts));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::testing::{self, codes, doc_with, layout, sheet_of, words as s};
    use livrable_model::{Block, BlockKind, Format};

    fn params() -> Params {
        Params {
            columns: Columns {
                risk: s(&["risque", "situation de crise"]),
                frequency: s(&["fréquence", "probabilité", "f"]),
                gravity: s(&["gravité", "impact", "g"]),
                criticity: s(&["criticité", "f x g"]),
                level: s(&["zone", "niveau"]),
                action: s(&["actions", "mesures"]),
                actor: s(&["responsable", "acteurs"]),
                tool: s(&["outils"]),
                other: s(&["n°"]),
            },
            layout: layout(&[], &[], &["légende", "échelle"]),
            scale_words: s(&["échelle", "noté", "notés", "notées"]),
            max_scale: 10,
            high_fraction: 0.56,
            high_words: s(&["rouge", "critique"]),
            actor_words: s(&["cellule de crise", "porte-parole", "directeur"]),
            tool_words: s(&["holding statement", "communiqué", "faq"]),
            protocol_words: s(&["cellule de crise", "protocole"]),
            stop_words: s(&["de", "la", "le", "du", "des", "sur", "les"]),
            min_overlap: 0.6,
            tolerance: 0.01,
            report_missing_table: true,
        }
    }

    fn run(doc: &Document) -> Output {
        testing::run(check, doc, "crisis-plan", &params())
    }

    #[test]
    fn a_sound_register_gives_evidence() {
        let t = sheet_of(
            "Risques",
            &[
                &["Cartographie des risques", "", "", "", "", "", ""],
                &[
                    "Risque",
                    "Fréquence (1-4)",
                    "Gravité (1-4)",
                    "Criticité",
                    "Actions",
                    "Responsable",
                    "Outils",
                ],
                &[
                    "Bad buzz sur les réseaux",
                    "3",
                    "4",
                    "12",
                    "Réponse sous 2 h",
                    "Chargée de com",
                    "Holding statement",
                ],
                &[
                    "Accident sur le salon",
                    "2",
                    "4",
                    "8",
                    "Sécuriser",
                    "Directeur",
                    "Communiqué",
                ],
                &["Rupture de stock", "2", "2", "4", "", "", ""],
            ],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t]));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let ev = &out.evidence[0];
        assert_eq!(
            ev.args,
            vec![
                ("count".into(), "3".into()),
                ("high".into(), "1".into()),
                ("scale".into(), "1–4".into())
            ]
        );
    }

    #[test]
    fn ratings_scales_and_products() {
        let t = sheet_of(
            "Risques",
            &[
                &[
                    "Risque",
                    "Fréquence (1-4)",
                    "Gravité (1-5)",
                    "F x G",
                    "Zone",
                ],
                &["Bad buzz", "5", "1", "5", "orange"],
                &["Fuite de données", "2", "", "", "vert"],
                &["Grève", "2", "2", "5", "vert"],
            ],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t]));
        assert_eq!(
            codes(&out),
            vec![
                "risk-matrix/out-of-scale",
                "risk-matrix/missing-rating",
                "risk-matrix/wrong-criticity",
                "risk-matrix/scales-differ",
            ]
        );
        assert_eq!(out.findings[0].location.cell, Some((1, 1)));
        assert_eq!(out.findings[2].location.cell, Some((3, 3)));
    }

    #[test]
    fn no_scale_and_unordered() {
        let t = sheet_of(
            "Risques",
            &[
                &["Risque", "Fréquence", "Gravité", "Criticité"],
                &["Grève", "1", "2", "2"],
                &["Bad buzz", "2", "2", "4"],
                &["Panne du site", "1", "1", "1"],
            ],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t.clone()]));
        assert_eq!(
            codes(&out),
            vec!["risk-matrix/no-scale", "risk-matrix/unordered"]
        );
        // Declared in the text, and classified by colour: both silent.
        let mut coloured = t;
        for (r, fill) in [(1, "00FF00"), (2, "FFA500"), (3, "00FF00")] {
            coloured.rows[r][3].fill = Some(fill.into());
        }
        let mut d = doc_with(Format::Markdown, vec![coloured]);
        d.blocks.push(Block {
            kind: BlockKind::Paragraph,
            text: "Chaque risque est noté de 1 (rare) à 4 (très fréquent).".into(),
            location: Location::span(0, 5),
        });
        assert!(run(&d).findings.is_empty());
    }

    #[test]
    fn high_risks_need_action_actor_and_tool_from_anywhere() {
        let t = sheet_of(
            "Risques",
            &[
                &["Risque", "Fréquence", "Gravité", "Criticité", "Zone"],
                &["Bad buzz sur les réseaux sociaux", "4", "4", "16", "rouge"],
                &["Accident sur le stand", "3", "4", "12", "rouge"],
                &["Retard du traiteur", "2", "2", "4", "vert"],
            ],
        );
        let mut d = doc_with(Format::Markdown, vec![t]);
        d.text = "x".repeat(100);
        let block = |kind, text: &str| Block {
            kind,
            text: text.into(),
            location: Location::span(0, 1),
        };
        d.blocks = vec![
            block(
                BlockKind::Paragraph,
                "Échelle de 1 à 4 pour la fréquence et la gravité.",
            ),
            block(
                BlockKind::Heading { level: 2 },
                "Scénario : bad buzz sur les réseaux",
            ),
            block(
                BlockKind::ListItem,
                "Répondre publiquement sous deux heures",
            ),
            block(BlockKind::ListItem, "Publier un holding statement"),
            block(BlockKind::Heading { level: 2 }, "Cellule de crise"),
            block(
                BlockKind::Paragraph,
                "Le directeur et la porte-parole se réunissent.",
            ),
        ];
        let out = run(&d);
        assert_eq!(
            codes(&out),
            vec![
                "risk-matrix/high-risk-without-action",
                "risk-matrix/high-risk-without-tool"
            ]
        );
        assert!(out.findings.iter().all(|o| o.location.cell == Some((2, 0))));
    }

    #[test]
    fn scale_declarations() {
        let p = params();
        let cfg = Config::new(&p).unwrap();
        assert_eq!(cfg.scale_in("Fréquence (1 à 4)"), Some((1, 4)));
        assert_eq!(cfg.scale_in("notés entre 1 et 5"), Some((1, 5)));
        assert_eq!(cfg.scale_in("Gravité /5"), Some((1, 5)));
        assert_eq!(
            cfg.scale_in("1 = rare ; 2 = possible ; 3 = fréquent"),
            Some((1, 3))
        );
        assert_eq!(cfg.scale_in("criticité de 1 à 16"), None);
        assert_eq!(cfg.scale_in("Fréquence"), None);
    }

    #[test]
    fn no_register_is_reported_when_asked() {
        let t = sheet_of("S", &[&["Risque", "Actions"], &["Bad buzz", "Répondre"]]);
        assert_eq!(
            codes(&run(&doc_with(Format::Xlsx, vec![t]))),
            vec!["risk-matrix/no-table"]
        );
    }
}
