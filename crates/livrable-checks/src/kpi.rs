//! `kpi/…`: does every indicator say what it aims at, how often it is measured, and
//! with what?
//!
//! # What it checks
//!
//! A KPI table is a table whose header names an indicator column (`indicator` words:
//! « Indicateur », « KPI ») and at least one of a target, frequency or source column; it
//! is found by [`crate::tables`] in any format (a plan's Markdown or DOCX table, a
//! dashboard workbook). For each indicator (data row with a label):
//!
//! - `kpi/no-target`: its target cell is empty or holds no figure (a digit, or one of
//!   `quantity_words` such as « doubler »): « hausse » is not a target. When the table
//!   has no target column at all, one finding at the header lists the indicators.
//! - `kpi/no-frequency`: its frequency cell is empty; when the table has no frequency
//!   column, one finding at the header, unless the document's text states a frequency
//!   (one of `frequency_words`: « chaque mois », « hebdomadaire »).
//! - `kpi/no-source`: same for the source or tool (`source_words` in the text: « Google
//!   Analytics », « Meta Business Suite »).
//! - `kpi/no-table` (information): no KPI table (only when `report_missing_table`).
//!
//! Evidence `kpi/indicators` gives the number of indicators of a table without finding.
//!
//! # Why
//!
//! C1.6/CE2 requires « modalités de suivi et d'évaluation (KPI) » and C1.6/CE3 that they
//! be « correctement décrites »; C3.1/CE4 a dashboard with « des indicateurs de
//! performance pertinents » and « les modalités de mise à jour ». An indicator without a
//! target cannot tell success from failure; without a frequency and a source, no one
//! knows when and where to read it (AFNOR FD X50-171 on performance indicators).
//!
//! # Limits
//!
//! - KPIs written as prose or lists are not read.
//! - Whether an indicator fits its objective is left to the evaluator.

use std::collections::HashSet;

use livrable_model::{Location, Observation};

use crate::labels::word_set;
use crate::sections::normalized_text;
use crate::tables::{self, Found, Layout, LayoutParams, Sheet, Spec, Vocabulary, Words};
use crate::text::quote;
use crate::{Input, Output, ParamError};

pub const KIND: &str = "kpi";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_TARGET: &str = "kpi/no-target";
    pub const NO_FREQUENCY: &str = "kpi/no-frequency";
    pub const NO_SOURCE: &str = "kpi/no-source";
    pub const NO_TABLE: &str = "kpi/no-table";
    /// Evidence.
    pub const INDICATORS: &str = "kpi/indicators";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_TARGET, &["indicator", "value"]),
        CodeDecl::new(NO_FREQUENCY, &["indicator", "value"]),
        CodeDecl::new(NO_SOURCE, &["indicator", "value"]),
        CodeDecl::new(NO_TABLE, &[]),
        CodeDecl::new(INDICATORS, &["count"]),
    ];
}

/// Indicator labels quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 60;

/// Header words of a KPI table's columns.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// `indicateur`, `kpi`.
    pub indicator: Vec<String>,
    /// `cible`, `valeur cible`, `objectif chiffré`.
    pub target: Vec<String>,
    /// `fréquence`, `périodicité`.
    pub frequency: Vec<String>,
    /// `source`, `outil de mesure`.
    pub source: Vec<String>,
    /// Columns that are none of these (`valeur initiale`, `réalisé`, `responsable`).
    pub other: Vec<String>,
}

/// Parameters of a `kpi` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub columns: Columns,
    pub layout: LayoutParams,
    /// Words that state a target without a figure: `doubler`.
    pub quantity_words: Vec<String>,
    /// Words that state a measuring frequency in the text: `mensuel`, `chaque semaine`.
    pub frequency_words: Vec<String>,
    /// Words that name a measuring tool in the text: `google analytics`, `crm`.
    pub source_words: Vec<String>,
    /// `true`: a document without a KPI table gets `kpi/no-table`.
    pub report_missing_table: bool,
}

/// The parameters, prepared.
pub(crate) struct Config {
    vocabulary: Vocabulary,
    layout: Layout,
    quantity: HashSet<String>,
    frequency: Words,
    source: Words,
}

impl Config {
    pub(crate) fn new(p: &Params) -> Result<Self, ParamError> {
        if p.columns.indicator.is_empty() {
            return Err(ParamError(
                "kpi: `columns.indicator` must not be empty".into(),
            ));
        }
        Ok(Config {
            vocabulary: Vocabulary::new()
                .role("indicator", &p.columns.indicator)
                .role("target", &p.columns.target)
                .role("frequency", &p.columns.frequency)
                .role("source", &p.columns.source)
                .role("other", &p.columns.other),
            layout: Layout::new(&p.layout),
            quantity: word_set(&p.quantity_words),
            frequency: Words::new(&p.frequency_words),
            source: Words::new(&p.source_words),
        })
    }

    fn has_figure(&self, text: &str) -> bool {
        text.chars().any(|c| c.is_ascii_digit())
            || crate::text::match_words(text)
                .iter()
                .any(|w| self.quantity.contains(w))
    }
}

pub fn check(input: &Input, params: &Params) -> Result<Output, ParamError> {
    run_with(input, params, &Config::new(params)?)
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(input: &Input, params: &Params, cfg: &Config) -> Result<Output, ParamError> {
    let doc = input.doc;
    let text = normalized_text(doc);
    let spec = Spec::new(&cfg.vocabulary, &cfg.layout, &["indicator"], 2);
    let mut out = Output::default();
    let mut any = false;
    for table in &doc.tables {
        let sheet = Sheet::new(table);
        for f in tables::find(&sheet, &spec) {
            any = true;
            check_table(&sheet, &f, cfg, &text, &mut out);
        }
    }
    if !any && params.report_missing_table {
        out.findings
            .push(Observation::new(codes::NO_TABLE, Location::whole()));
    }
    Ok(out)
}

fn check_table(sheet: &Sheet, f: &Found, cfg: &Config, text: &str, out: &mut Output) {
    let before = out.findings.len();
    let Some(ind_col) = f.column("indicator").map(|c| c.col) else {
        return;
    };
    let rows: Vec<(usize, String)> = f
        .data()
        .filter_map(|r| {
            let t = sheet.text(r.index, ind_col);
            (!t.is_empty()).then(|| (r.index, quote(t, QUOTE_MAX)))
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let header = sheet.location(f.header_last, f.first_col);
    let all = rows
        .iter()
        .map(|(_, n)| n.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let checks: [(&str, &str, Option<&Words>); 3] = [
        ("target", codes::NO_TARGET, None),
        ("frequency", codes::NO_FREQUENCY, Some(&cfg.frequency)),
        ("source", codes::NO_SOURCE, Some(&cfg.source)),
    ];
    for (role, code, in_text) in checks {
        match f.column(role).map(|c| c.col) {
            None => {
                if in_text.is_some_and(|w| w.any_in(text)) {
                    continue;
                }
                out.findings.push(
                    Observation::new(code, header.clone())
                        .arg("indicator", &all)
                        .arg("value", ""),
                );
            }
            Some(col) => {
                for (r, name) in &rows {
                    let value = sheet.text(*r, col);
                    let missing = if role == "target" {
                        !cfg.has_figure(value)
                    } else {
                        value.is_empty()
                    };
                    if missing {
                        out.findings.push(
                            Observation::new(code, sheet.location(*r, col))
                                .arg("indicator", name)
                                .arg("value", quote(value, QUOTE_MAX)),
                        );
                    }
                }
            }
        }
    }
    if out.findings.len() == before {
        out.evidence
            .push(Observation::new(codes::INDICATORS, f.location(sheet)).arg("count", rows.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::testing::{self, codes, doc_with, layout, sheet_of, words as s};
    use livrable_model::{Block, BlockKind, Document, Format};

    fn params() -> Params {
        Params {
            columns: Columns {
                indicator: s(&["indicateur", "kpi"]),
                target: s(&["cible", "valeur cible", "objectif"]),
                frequency: s(&["fréquence", "périodicité"]),
                source: s(&["source", "outil"]),
                other: s(&["responsable"]),
            },
            layout: layout(&[], &[], &[]),
            quantity_words: s(&["doubler"]),
            frequency_words: s(&["chaque mois", "mensuel"]),
            source_words: s(&["google analytics"]),
            report_missing_table: true,
        }
    }

    fn run(doc: &Document) -> Output {
        testing::run(check, doc, "dashboard", &params())
    }

    #[test]
    fn a_complete_table_gives_evidence() {
        let t = sheet_of(
            "KPI",
            &[
                &["Tableau de bord", "", "", ""],
                &["Indicateur", "Cible", "Fréquence", "Source"],
                &["Demandes de devis", "150", "mensuelle", "formulaire"],
                &["Abonnés", "doubler", "hebdomadaire", "LinkedIn"],
            ],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t]));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.evidence[0].args[0], ("count".into(), "2".into()));
    }

    #[test]
    fn empty_cells_are_reported_at_the_cell() {
        let t = sheet_of(
            "KPI",
            &[
                &["Indicateur", "Cible", "Fréquence", "Source"],
                &["Demandes de devis", "hausse", "", "formulaire"],
                &["Abonnés", "2 000", "mensuelle", ""],
            ],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t]));
        assert_eq!(
            codes(&out),
            vec!["kpi/no-target", "kpi/no-frequency", "kpi/no-source"]
        );
        assert_eq!(out.findings[0].location.cell, Some((1, 1)));
        assert_eq!(out.findings[2].location.cell, Some((2, 3)));
    }

    #[test]
    fn missing_columns_unless_the_text_says_it() {
        let t = sheet_of(
            "KPI",
            &[
                &["Indicateur", "Cible"],
                &["Visites", "1 000"],
                &["Abonnés", "200"],
            ],
        );
        let mut d = doc_with(Format::Markdown, vec![t]);
        d.blocks.push(Block {
            kind: BlockKind::Paragraph,
            text: "Les indicateurs sont relevés chaque mois.".into(),
            location: Location::span(0, 10),
        });
        let out = run(&d);
        assert_eq!(codes(&out), vec!["kpi/no-source"]);
        assert_eq!(out.findings[0].args[0].1, "Visites, Abonnés");
    }

    #[test]
    fn an_audience_table_is_not_a_kpi_table() {
        let t = sheet_of(
            "Cibles",
            &[&["Cible", "Canal"], &["Propriétaires", "Salon"]],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t]));
        assert_eq!(codes(&out), vec!["kpi/no-table"]);
    }
}
