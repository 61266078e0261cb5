//! `objectives/…`: is every objective of the plan measurable and dated?
//!
//! # What it reads
//!
//! The objectives are where an evaluator looks for them:
//!
//! - in the sections whose heading holds one of `section_words` (« Objectifs », « Contexte
//!   et objectifs »): the list items introduced by the heading itself when it starts with
//!   such a word (« Objectifs de communication », « 2. Nos objectifs »), or by a paragraph
//!   that holds one (« Objectifs de communication : »); the paragraphs that start with a
//!   `label_words` label (« Objectif 1 : … »); a sub-heading that starts with a label,
//!   judged with the blocks under it (« ### Objectif 1 » then its details);
//! - anywhere, the paragraphs and list items that start with a label, when the document
//!   has no objectives section (a PDF without outline);
//! - in tables with an `objective_columns` header and no `indicator_columns` header (a
//!   KPI table, where « Objectif » means a target value, is the `kpi` check's): each row,
//!   all its cells read together, located at its objective cell.
//!
//! Strategic objectives are not expected to be quantified: a block, list introduction or
//! sub-heading holding one of `exempt_words` (« stratégique », « finalité ») is left out.
//!
//! # What it checks
//!
//! - `objectives/not-smart`: an objective without a measurable quantity (M) or without a
//!   deadline (T). `missing` says which: `M`, `T` or `M, T` (the letters of SMART, the
//!   same in French and English).
//!   - **T**: a date (`30/06/2027`, `30 juin 2027`, `03/2027`), a month name, a year
//!     (`d'ici fin 2027`, `T2 2027`), a duration (`en 6 mois`: a number then one of
//!     `duration_words`) or one of `deadline_words` (`fin de la campagne`).
//!   - **M**: a number that is none of those (`150 demandes`, `+20 %`, `2 000 abonnés`),
//!     after a leading label number (`Objectif 1 :`, `1.`) is set aside, or one of
//!     `quantity_words` (`doubler`). A four-digit 19xx or 20xx number is a year when a
//!     month, a quarter, one of `year_words` (`en`, `fin`, `d'ici`) comes before it, or
//!     no word follows it; otherwise a quantity (`2000 abonnés`).
//! - `objectives/not-found` (information, when `report_missing`): no objective was found.
//!
//! Evidence `objectives/smart` gives the number of objectives read when all pass.
//!
//! # Why
//!
//! C1.6/CE2 lists « objectifs de communication » among the plan's required elements, and
//! C1.6/CE1 asks for operational objectives that follow from the strategic ones. An
//! operational objective is SMART (Doran, *Management Review*, 1981): S, A and R are a
//! matter of judgement, M and T can be read.
//!
//! # Limits
//!
//! - Specific, achievable and realistic are left to the evaluator.
//! - A number that belongs to the context (« nos 12 agences ») counts as a quantity: a
//!   missed finding, never a false one.

use std::collections::HashSet;

use livrable_model::french::{fold, month_number};
use livrable_model::{Block, BlockKind, Document, Location, Observation};
use regex::Regex;

use crate::labels::word_set;
use crate::sections::{section_end, sections};
use crate::tables::{
    self, normalize, starts_with_word, Layout, LayoutParams, Sheet, Spec, Vocabulary, Words,
};
use crate::text::quote;
use crate::{Input, Output, ParamError};

pub const KIND: &str = "objectives";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NOT_SMART: &str = "objectives/not-smart";
    pub const NOT_FOUND: &str = "objectives/not-found";
    /// Evidence.
    pub const SMART: &str = "objectives/smart";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NOT_SMART, &["missing", "objective"]),
        CodeDecl::new(NOT_FOUND, &[]),
        CodeDecl::new(SMART, &["count"]),
    ];
}

/// Objectives quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 90;

/// Parameters of an `objectives` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Heading (and list introduction) words of the objectives: `objectifs`.
    pub section_words: Vec<String>,
    /// Labels that open one objective: `objectif`, `objectif opérationnel`.
    pub label_words: Vec<String>,
    /// Words of strategic objectives, which are not expected to be quantified.
    pub exempt_words: Vec<String>,
    /// Words that state a quantity without a figure: `doubler`, `moitié`.
    pub quantity_words: Vec<String>,
    /// Units after a number that make it a duration: `jours`, `semaines`, `mois`.
    pub duration_words: Vec<String>,
    /// Phrases that set a deadline without a date: `fin de la campagne`.
    pub deadline_words: Vec<String>,
    /// Words before a four-digit number that make it a year: `en`, `fin`, `ici`.
    pub year_words: Vec<String>,
    /// Header words of an objectives table's objective column.
    pub objective_columns: Vec<String>,
    /// Header words of an indicator column: a table with one is a KPI table.
    pub indicator_columns: Vec<String>,
    pub layout: LayoutParams,
    /// `true`: a document with no objective gets `objectives/not-found`.
    pub report_missing: bool,
}

/// The parameters, prepared.
pub(crate) struct Config {
    sections: Words,
    labels: Words,
    exempt: Words,
    quantity: HashSet<String>,
    duration: HashSet<String>,
    deadline: Words,
    year_words: HashSet<String>,
    vocabulary: Vocabulary,
    layout: Layout,
    numeric_date: Regex,
    token: Regex,
    numbering: Regex,
    heading_number: Regex,
}

impl Config {
    pub(crate) fn new(p: &Params) -> Result<Self, ParamError> {
        if p.section_words.is_empty() {
            return Err(ParamError(
                "objectives: `section_words` must not be empty".into(),
            ));
        }
        let re = |s: &str| crate::regex_cache::cached(s).map_err(|e| ParamError(e.to_string()));
        Ok(Config {
            sections: Words::new(&p.section_words),
            labels: Words::new(&p.label_words),
            exempt: Words::new(&p.exempt_words),
            quantity: word_set(&p.quantity_words),
            duration: word_set(&p.duration_words),
            deadline: Words::new(&p.deadline_words),
            year_words: word_set(&p.year_words),
            vocabulary: Vocabulary::new()
                .role("objective", &p.objective_columns)
                .role("indicator", &p.indicator_columns),
            layout: Layout::new(&p.layout),
            // 30/06/2027, 30-06-27, 06/2027.
            numeric_date: re(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\b\d{1,2}/\d{4}\b")?,
            // Numbers with French thousands groups (`2 000`, but `2 2027` is two numbers),
            // decimals, or words.
            token: re(
                r"\d{1,3}(?:[ \x{a0}\x{202f}]\d{3})+\b(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[\p{L}]+",
            )?,
            // A leading list number: `1.`, `2)`, `3 -`, `a)`.
            numbering: re(r"^\s*(?:\d{1,2}|[a-z])\s*[.)\-–:]\s+")?,
            // A heading's number: `2.`, `2.1`, `II -`.
            heading_number: re(r"^(?:[ivx]+|\d+(?:\.\d+)*)\s*[.)\-–:]?\s+")?,
        })
    }

    /// Whether `text` states a measurable quantity and a deadline.
    fn assess(&self, text: &str) -> Smart {
        let folded = fold(text);
        let mut deadline = false;
        let mut rest = folded.clone();
        for m in self.numeric_date.find_iter(&folded) {
            deadline = true;
            rest.replace_range(m.range(), &" ".repeat(m.len()));
        }
        if self.deadline.any_in(&normalize(text)) {
            deadline = true;
        }
        let mut rest = self.numbering.replace(&rest, "").into_owned();
        // `Objectif 1 :`, `Objectif n° 2 -`: the label's number is not a quantity.
        let norm_rest = normalize(&rest);
        if self.labels.starts(&norm_rest) {
            if let Some(colon) = rest.find([':', '-', '–']) {
                if rest[..colon].chars().filter(|c| c.is_alphabetic()).count() < 30 {
                    // Past the separator, whose width may be more than one byte (`–`).
                    let after = colon + rest[colon..].chars().next().map_or(1, char::len_utf8);
                    rest = rest.get(after..).unwrap_or_default().to_string();
                }
            }
        }

        let tokens: Vec<&str> = self.token.find_iter(&rest).map(|m| m.as_str()).collect();
        let is_month = |w: &str| w != "sept" && month_number(w).is_some();
        let is_number = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
        let mut measurable = false;
        for (i, tok) in tokens.iter().enumerate() {
            let prev = i.checked_sub(1).and_then(|j| tokens.get(j)).copied();
            let next = tokens.get(i + 1).copied();
            if !is_number(tok) {
                if is_month(tok) {
                    deadline = true;
                } else if self.quantity.contains(*tok) {
                    measurable = true;
                }
                continue;
            }
            let digits: String = tok.chars().filter(char::is_ascii_digit).collect();
            let plain_four = digits.len() == 4 && digits.len() == tok.len();
            let is_year_like = plain_four && (digits.starts_with("19") || digits.starts_with("20"));
            // The tokenizer splits `T2` into `t` and `2`: a quarter is a letter then one digit.
            let quarter = prev.is_some_and(|p| matches!(p, "t" | "q" | "s"))
                && digits.len() == 1
                && ('1'..='4').contains(&digits.chars().next().unwrap_or('0'));
            if quarter {
                continue;
            }
            if is_year_like {
                let word_follows = next.is_some_and(|n| !is_number(n) && !is_month(n));
                let intro = prev.is_some_and(|p| {
                    is_month(p)
                        || self.year_words.contains(p)
                        || (p.len() == 1 && p.chars().all(|c| ('1'..='4').contains(&c)))
                });
                if intro || !word_follows {
                    deadline = true;
                    continue;
                }
            }
            if next.is_some_and(is_month) && digits.len() <= 2 {
                deadline = true; // `30 juin`
                continue;
            }
            if next == Some("er") && tokens.get(i + 2).copied().is_some_and(is_month) {
                deadline = true; // `1er mars`
                continue;
            }
            if next.is_some_and(|n| self.duration.contains(n)) {
                deadline = true; // `en 6 mois`
                continue;
            }
            measurable = true;
        }
        Smart {
            measurable,
            deadline,
        }
    }
}

/// What an objective states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Smart {
    measurable: bool,
    deadline: bool,
}

/// An objective found: its text and where it is.
struct Objective {
    text: String,
    location: Location,
}

pub fn check(input: &Input, params: &Params) -> Result<Output, ParamError> {
    run_with(input, params, &Config::new(params)?)
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(input: &Input, params: &Params, cfg: &Config) -> Result<Output, ParamError> {
    let doc = input.doc;
    let mut objectives = from_sections(doc, cfg);
    objectives.extend(from_tables(doc, cfg));
    let mut out = Output::default();
    for o in &objectives {
        let s = cfg.assess(&o.text);
        let missing = match (s.measurable, s.deadline) {
            (true, true) => continue,
            (false, true) => "M",
            (true, false) => "T",
            (false, false) => "M, T",
        };
        out.findings.push(
            Observation::new(codes::NOT_SMART, o.location.clone())
                .arg("objective", quote(&o.text, QUOTE_MAX))
                .arg("missing", missing),
        );
    }
    if objectives.is_empty() {
        if params.report_missing {
            out.findings
                .push(Observation::new(codes::NOT_FOUND, Location::whole()));
        }
    } else if out.findings.is_empty() {
        out.evidence.push(
            Observation::new(
                codes::SMART,
                objectives
                    .first()
                    .map(|o| o.location.clone())
                    .unwrap_or_default(),
            )
            .arg("count", objectives.len()),
        );
    }
    Ok(out)
}

/// `text` without a leading list number or article, for "starts with" tests: `2. Nos
/// objectifs` → `objectifs`.
fn lead(cfg: &Config, text: &str) -> String {
    let norm = normalize(text);
    let norm = cfg.numbering.replace(&norm, "").into_owned();
    let norm = cfg.heading_number.replace(&norm, "").into_owned();
    for article in ["nos ", "les ", "des ", "vos ", "mes ", "le ", "l'"] {
        if let Some(rest) = norm.strip_prefix(article) {
            return rest.to_string();
        }
    }
    norm
}

/// True when a block opens with an objective label and says more than the label.
fn is_labelled(cfg: &Config, text: &str) -> bool {
    let l = lead(cfg, text);
    cfg.labels.iter().any(|w| starts_with_word(&l, w))
        && l.chars().filter(|c| c.is_alphabetic()).count() > 12
}

fn from_sections(doc: &Document, cfg: &Config) -> Vec<Objective> {
    let mut out = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    let found = sections(doc, &cfg.sections);
    let exempt = |t: &str| cfg.exempt.any_in(&normalize(t));
    for (k, s) in found.iter().enumerate() {
        // A section inside an earlier one was read with it.
        if exempt(&s.heading.text) || found[..k].iter().any(|o| o.holds(&s.heading.location)) {
            continue;
        }
        let heading_ok = cfg.sections.starts(&lead(cfg, &s.heading.text));
        let mut lists_ok = heading_ok;
        let mut i = 0;
        while i < s.blocks.len() {
            let b = &s.blocks[i];
            i += 1;
            let key = b.location.start.unwrap_or(usize::MAX - i);
            match b.kind {
                BlockKind::Heading { level } => {
                    // Blocks under this sub-heading, down to the next of its level.
                    let end = section_end(s.blocks, i, level);
                    if exempt(&b.text) {
                        i = end;
                        continue;
                    }
                    if is_labelled(cfg, &b.text) || cfg.labels.starts(&lead(cfg, &b.text)) {
                        // An objective as a sub-heading, with its details below.
                        let mut text = b.text.clone();
                        for d in s.blocks.get(i..end).unwrap_or(&[]) {
                            text.push_str(" ; ");
                            text.push_str(&d.text);
                        }
                        if seen.insert(key) {
                            out.push(Objective {
                                text,
                                location: b.location.clone(),
                            });
                        }
                        i = end;
                        continue;
                    }
                    lists_ok = cfg.sections.any_in(&normalize(&b.text)) || heading_ok;
                }
                BlockKind::Paragraph | BlockKind::Quote => {
                    if exempt(&b.text) {
                        lists_ok = false;
                    } else if is_labelled(cfg, &b.text) && !b.text.trim_end().ends_with(':') {
                        if seen.insert(key) {
                            out.push(objective(b));
                        }
                    } else if cfg.sections.any_in(&normalize(&b.text)) {
                        lists_ok = true;
                    } else {
                        lists_ok = heading_ok;
                    }
                }
                BlockKind::ListItem => {
                    if lists_ok && !exempt(&b.text) && seen.insert(key) {
                        out.push(objective(b));
                    }
                }
                BlockKind::Code => {}
            }
        }
    }
    if found.is_empty() {
        for b in &doc.blocks {
            if crate::text::is_prose(b)
                && is_labelled(cfg, &b.text)
                && !b.text.trim_end().ends_with(':')
                && !exempt(&b.text)
            {
                out.push(objective(b));
            }
        }
    }
    out
}

fn objective(b: &Block) -> Objective {
    Objective {
        text: b.text.clone(),
        location: b.location.clone(),
    }
}

fn from_tables(doc: &Document, cfg: &Config) -> Vec<Objective> {
    let spec = Spec::new(&cfg.vocabulary, &cfg.layout, &["objective"], 1);
    let mut out = Vec::new();
    for table in &doc.tables {
        let sheet = Sheet::new(table);
        for f in tables::find(&sheet, &spec) {
            if f.column("indicator").is_some() {
                continue;
            }
            let Some(col) = f.column("objective").map(|c| c.col) else {
                continue;
            };
            for row in f.data() {
                let r = row.index;
                let own = sheet.text(r, col);
                if own.is_empty() || cfg.exempt.any_in(&normalize(own)) {
                    continue;
                }
                let text = (f.first_col..=f.last_col)
                    .map(|c| sheet.text(r, c))
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ; ");
                out.push(Objective {
                    text,
                    location: sheet.location(r, col),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::testing::{self, doc_with, layout, md, sheet_of, words as s};
    use livrable_model::Format;

    fn params() -> Params {
        Params {
            section_words: s(&["objectif", "objectifs"]),
            label_words: s(&["objectif", "objectif opérationnel"]),
            exempt_words: s(&["stratégique", "stratégiques", "finalité"]),
            quantity_words: s(&["doubler", "tripler", "moitié"]),
            duration_words: s(&["jours", "semaines", "mois", "ans"]),
            deadline_words: s(&["fin de la campagne"]),
            year_words: s(&["en", "fin", "ici", "avant", "courant", "debut"]),
            objective_columns: s(&["objectif", "objectifs"]),
            indicator_columns: s(&["indicateur", "kpi"]),
            layout: layout(&[], &[], &[]),
            report_missing: true,
        }
    }

    fn assess(text: &str) -> (bool, bool) {
        let p = params();
        let s = Config::new(&p).unwrap().assess(text);
        (s.measurable, s.deadline)
    }

    #[test]
    fn measurable_and_dated() {
        assert_eq!(
            assess("obtenir 150 demandes de devis en ligne entre le 1er mars et le 30 juin 2027 ;"),
            (true, true)
        );
        assert_eq!(
            assess("atteindre 2 000 abonnés sur la page LinkedIn avant le 30 juin 2027"),
            (true, true)
        );
        assert_eq!(
            assess("atteindre 2000 abonnés d'ici fin 2027"),
            (true, true)
        );
        assert_eq!(assess("+20 % de visites en 6 mois"), (true, true));
        assert_eq!(assess("Doubler les inscriptions au T2 2027"), (true, true));
        assert_eq!(assess("30 % de notoriété au 30/06/2027"), (true, true));
        assert_eq!(assess("100 inscrits à la fin de la campagne"), (true, true));
    }

    #[test]
    fn missing_parts() {
        assert_eq!(assess("Développer la notoriété d'ici 2027"), (false, true));
        assert_eq!(assess("Gagner en visibilité en juin"), (false, true));
        assert_eq!(assess("Obtenir 3 articles de presse"), (true, false));
        assert_eq!(assess("Objectif 1 : fidéliser les clients"), (false, false));
        assert_eq!(assess("1. Faire connaître la marque"), (false, false));
        assert_eq!(assess("Toucher les jeunes en 2 semaines"), (false, true));
        assert_eq!(
            assess("Objectif 2 – notoriété"),
            (false, false),
            "a wide dash"
        );
    }

    fn run(doc: &Document) -> Output {
        testing::run(check, doc, "communication-plan", &params())
    }

    #[test]
    fn lists_introduced_in_a_mixed_section_and_strategic_ones_left_out() {
        use BlockKind::*;
        let d = md(&[
            (Heading { level: 2 }, "Contexte et objectifs"),
            (Paragraph, "L'entreprise compte 12 agences et veut grandir."),
            (ListItem, "une ligne de contexte"),
            (Paragraph, "Objectif stratégique :"),
            (ListItem, "devenir la référence locale"),
            (Paragraph, "Objectifs de communication :"),
            (ListItem, "obtenir 150 devis d'ici juin 2027"),
            (ListItem, "gagner en notoriété"),
            (Heading { level: 2 }, "Cibles"),
            (ListItem, "obtenir des clients"),
        ]);
        let out = run(&d);
        assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
        assert_eq!(out.findings[0].code, codes::NOT_SMART);
        assert_eq!(out.findings[0].location, d.blocks[7].location);
        assert_eq!(out.findings[0].args[1], ("missing".into(), "M, T".into()));
    }

    #[test]
    fn sub_headings_carry_their_details_and_evidence_counts() {
        use BlockKind::*;
        let d = md(&[
            (Heading { level: 2 }, "2. Nos objectifs"),
            (Heading { level: 3 }, "Objectif 1 : notoriété"),
            (ListItem, "Cible : 2 000 abonnés"),
            (ListItem, "Échéance : juin 2027"),
            (Heading { level: 3 }, "Objectif 2 : trafic"),
            (Paragraph, "+30 % de visites en 3 mois"),
        ]);
        let out = run(&d);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.evidence[0].args[0], ("count".into(), "2".into()));
    }

    #[test]
    fn objective_tables_but_not_kpi_tables() {
        let objectives = sheet_of(
            "Objectifs",
            &[
                &["Objectif", "Échéance"],
                &["150 demandes de devis", "30/06/2027"],
                &["Être plus visible", ""],
            ],
        );
        let kpis = sheet_of("KPI", &[&["Indicateur", "Objectif"], &["Abonnés", "2 000"]]);
        let out = run(&doc_with(Format::Xlsx, vec![objectives, kpis]));
        assert_eq!(out.findings.len(), 1);
        assert_eq!(out.findings[0].location.cell, Some((2, 0)));
    }

    #[test]
    fn nothing_found_is_reported_when_asked() {
        let out = run(&md(&[(BlockKind::Paragraph, "Rien.")]));
        assert_eq!(out.findings[0].code, codes::NOT_FOUND);
    }
}
