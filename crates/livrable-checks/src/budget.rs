//! `budget/…`: does the budget add up, and does it say what the certification asks?
//!
//! # What it checks
//!
//! Every table of the document whose header names a line label (`Poste`, `Action`…) and an
//! amount (`Montant`, `Coût`, `Total (€ HT)`…) is a budget table; the words are the
//! instance's `columns` parameters and the table is found by [`crate::tables`] (title
//! blocks, several tables, merged cells, category rows, notes). Each amount column is
//! tagged HT or TTC (its header, else most of its cells: `1 500 € HT`) and fixed or
//! variable (its header: `Coûts fixes`).
//!
//! - `budget/total-mismatch`: a total differs from the sum of its lines by more than
//!   `tolerance`. Checked in every amount column. A `Sous-total` (or a `Total …` row
//!   followed by more lines) sums the lines since the previous sub-total; the last total
//!   sums all lines, or the sub-totals; a `Total TTC` after a `Total HT` with `TVA` rows
//!   between is their sum. A total stated outside the tables of a sheet (`Budget total :
//!   5 850 € HT` in the title block) is compared with the sum of the tables' totals.
//! - `budget/action-without-cost`: a line with a label and no amount in any amount column
//!   (a blank, or text that is not a number such as `à définir`). An explicit `0`, a dash
//!   (accounting format), or a `zero_words` word (`inclus`, `offert`) is a cost of zero.
//! - `budget/no-total`: a budget table with no total or sub-total row carrying a number,
//!   and no total stated elsewhere on the sheet or in the document's text (only when
//!   `require_total`).
//! - `budget/no-cost-type`: nowhere on the sheet (nor in the document's text) are both a
//!   `fixed_words` and a `variable_words` word: fixed and variable costs are not told
//!   apart, which C1.6/CE3 asks for (only when `require_cost_type`). Once per sheet.
//! - `budget/ht-ttc`: neither HT nor TTC is stated anywhere on the sheet, in the amounts,
//!   or in the document's text. Once per sheet.
//! - `budget/ttc-rate`: where a line has both an HT and a TTC amount, TTC ≠ HT × (1 +
//!   rate) for every rate of `vat_rates`; same for a `Total TTC` that follows a `Total HT`
//!   with no `TVA` row between, and for a TTC total stated outside the table.
//! - `budget/mixed-currency`: amounts or amount headers of one table in more than one
//!   currency; each cell in a currency other than the table's main one is reported.
//! - `budget/formula-range`: a total whose formula is a plain sum (`SUM(C3:C7)`,
//!   `=C8+C15`, `SOMME(…)`, ODS `of:=SUM([.C3:.C7])`) that leaves out lines with an
//!   amount in its column (lines covered through a sub-total the formula adds count as
//!   covered).
//! - `budget/no-table` (information): the document has no table the check recognises
//!   (only when `report_missing_table`).
//!
//! Formula cells are read by their cached value, as the spreadsheet last computed it. A
//! total formula whose cached value is 0 while its lines are not is taken as never
//! computed (files written by a library have no cached values): its value is not compared,
//! its range still is.
//!
//! When a table has no finding, the evidence `budget/total` gives `total` (the first
//! final total, formatted with its currency), `tax` (`HT`, `TTC` or empty) and `lines`;
//! `budget/cost-types` says fixed and variable costs are distinguished.
//!
//! # Why
//!
//! C1.6/CE2 asks for « une estimation budgétaire précise et réaliste » and C1.6/CE3 for a
//! budget « correctement décrit (ex : lignes de dépense, coûts fixes et variables,
//! différentes nature de charges) ». A total that does not add up, an action without a
//! cost or an amount without HT/TTC is what an evaluator marks down first.
//!
//! # Limits
//!
//! - Per-line arithmetic (quantity × unit price) is not checked.
//! - A budget mixing VAT rates must show its `TVA` rows (or per-line HT and TTC columns):
//!   a lone TTC total that matches no single rate is reported.
//! - A total stated in the document's text (a plan's paragraph) only silences
//!   `no-total`; comparing it with the budget file is the cross-file check's job.
//! - Totals placed above their lines are not read as totals of those lines.

mod amounts;
mod stated;
mod table;
mod totals;

use livrable_model::french::Tax;
use livrable_model::{Location, Observation};
use regex::Regex;

use crate::budget_table::{spec, Columns, AMOUNT_IN_TEXT};
use crate::figures::format_amount;
use crate::sections::normalized_text;
use crate::tables::{
    self, normalize, Found, Layout, LayoutParams, RowKind, Sheet, Vocabulary, Words,
};
use crate::{Input, Output, ParamError};
use amounts::{amount_cols, primary};
use stated::{stated_totals, text_states_total};
use table::check_table;
use totals::{mismatch, rate_finding};

pub const KIND: &str = "budget";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const TOTAL_MISMATCH: &str = "budget/total-mismatch";
    pub const ACTION_WITHOUT_COST: &str = "budget/action-without-cost";
    pub const NO_TOTAL: &str = "budget/no-total";
    pub const NO_COST_TYPE: &str = "budget/no-cost-type";
    pub const HT_TTC: &str = "budget/ht-ttc";
    pub const TTC_RATE: &str = "budget/ttc-rate";
    pub const MIXED_CURRENCY: &str = "budget/mixed-currency";
    pub const FORMULA_RANGE: &str = "budget/formula-range";
    pub const NO_TABLE: &str = "budget/no-table";
    /// Evidence.
    pub const TOTAL: &str = "budget/total";
    pub const COST_TYPES: &str = "budget/cost-types";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(
            TOTAL_MISMATCH,
            &["computed", "difference", "label", "lines", "stated"],
        ),
        CodeDecl::new(ACTION_WITHOUT_COST, &["action", "value"]),
        CodeDecl::new(NO_TOTAL, &["lines"]),
        CodeDecl::new(NO_COST_TYPE, &[]),
        CodeDecl::new(HT_TTC, &[]),
        CodeDecl::new(TTC_RATE, &["ht", "rate", "rates", "ttc"]),
        CodeDecl::new(MIXED_CURRENCY, &["currency", "expected", "value"]),
        CodeDecl::new(FORMULA_RANGE, &["count", "formula", "missing"]),
        CodeDecl::new(NO_TABLE, &[]),
        CodeDecl::new(TOTAL, &["lines", "tax", "total"]),
        CodeDecl::new(COST_TYPES, &[]),
    ];
}

/// Labels quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 60;
/// Parameters of a `budget` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub columns: Columns,
    pub layout: LayoutParams,
    /// A line whose label starts with one of these is a tax line (`tva`), not an expense.
    pub tax_row_words: Vec<String>,
    /// An amount cell holding one of these is an explicit zero (`inclus`, `offert`).
    pub zero_words: Vec<String>,
    /// Words that state amounts are before tax (`ht`, `hors taxes`), or the tax status
    /// (`tva non applicable`).
    pub ht_words: Vec<String>,
    /// Words that state amounts include tax (`ttc`, `toutes taxes comprises`).
    pub ttc_words: Vec<String>,
    /// Words that name fixed costs (`fixe`, `fixes`).
    pub fixed_words: Vec<String>,
    /// Words that name variable costs (`variable`, `variables`).
    pub variable_words: Vec<String>,
    /// VAT rates in percent accepted between HT and TTC (`[20.0, 10.0, 5.5, 2.1]`).
    pub vat_rates: Vec<f64>,
    /// Largest difference, in currency units, between a total and its lines that is
    /// taken for rounding.
    pub tolerance: f64,
    /// `true`: a budget table without any total is reported.
    pub require_total: bool,
    /// `true`: a budget that does not tell fixed from variable costs is reported.
    pub require_cost_type: bool,
    /// `true`: a document with no budget table gets `budget/no-table`.
    pub report_missing_table: bool,
}

/// The parameters, prepared.
pub(crate) struct Config {
    vocabulary: Vocabulary,
    layout: Layout,
    tax_rows: Words,
    zero: Words,
    ht: Words,
    ttc: Words,
    fixed: Words,
    variable: Words,
    rates: Vec<f64>,
    tolerance: f64,
    amount_re: Regex,
}

impl Config {
    pub(crate) fn new(p: &Params) -> Result<Self, ParamError> {
        if !p.tolerance.is_finite() || p.tolerance < 0.0 {
            return Err(ParamError(
                "budget: `tolerance` must be a number ≥ 0".into(),
            ));
        }
        if p.vat_rates
            .iter()
            .any(|r| !r.is_finite() || *r < 0.0 || *r > 100.0)
        {
            return Err(ParamError(
                "budget: `vat_rates` must be percentages between 0 and 100".into(),
            ));
        }
        if p.columns.label.is_empty() || p.columns.amount.is_empty() {
            return Err(ParamError(
                "budget: `columns.label` and `columns.amount` must not be empty".into(),
            ));
        }
        let vocabulary = p.columns.vocabulary();
        let amount_re =
            crate::regex_cache::cached(AMOUNT_IN_TEXT).map_err(|e| ParamError(e.to_string()))?;
        Ok(Config {
            vocabulary,
            layout: Layout::new(&p.layout),
            tax_rows: Words::new(&p.tax_row_words),
            zero: Words::new(&p.zero_words),
            ht: Words::new(&p.ht_words),
            ttc: Words::new(&p.ttc_words),
            fixed: Words::new(&p.fixed_words),
            variable: Words::new(&p.variable_words),
            rates: p.vat_rates.clone(),
            tolerance: p.tolerance,
            amount_re,
        })
    }

    fn tax_of_text(&self, norm: &str) -> Option<Tax> {
        if self.ttc.any_in(norm) {
            Some(Tax::Ttc)
        } else if self.ht.any_in(norm) {
            Some(Tax::Ht)
        } else {
            None
        }
    }

    /// The rate (percent) of `rates` that turns `ht` into `ttc`, if one does.
    fn rate_between(&self, ht: f64, ttc: f64) -> Option<f64> {
        self.rates
            .iter()
            .copied()
            .find(|r| (ht * (1.0 + r / 100.0) - ttc).abs() <= self.tolerance)
    }
}

/// A row of a budget table as this check reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Tax,
    SubTotal,
    /// A `Total …` row followed by more lines, or by another total that is not its TTC
    /// version: a sub-total that may also be a running total.
    Intermediate,
    Total,
}

/// The facts of one table that the sheet-level checks need.
struct TableFacts {
    /// The first final total (or the sum of lines when there is none), with its tax.
    grand: Option<(f64, Option<Tax>)>,
    /// The TTC final total, when one follows the HT one.
    grand_ttc: Option<f64>,
    lines: usize,
    had_total: bool,
    clean: bool,
    currency: Option<&'static str>,
}

pub fn check(input: &Input, params: &Params) -> Result<Output, ParamError> {
    run_with(input, params, &Config::new(params)?)
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(input: &Input, params: &Params, cfg: &Config) -> Result<Output, ParamError> {
    let doc = input.doc;
    let mut out = Output::default();
    let spec = spec(&cfg.vocabulary, &cfg.layout);
    let doc_text = normalized_text(doc);
    let mut any_table = false;
    for table in &doc.tables {
        let sheet = Sheet::new(table);
        let found: Vec<Found> = tables::find(&sheet, &spec)
            .into_iter()
            .filter(|f| {
                f.rows
                    .iter()
                    .any(|r| matches!(r.kind, RowKind::Data | RowKind::Total | RowKind::SubTotal))
            })
            .collect();
        let Some(first) = found.first() else {
            continue;
        };
        any_table = true;
        let before = out.findings.len();

        // Sheet-level statements.
        let sheet_norm: Vec<String> = sheet.texts().map(|(_, _, t)| normalize(t)).collect();
        let anywhere =
            |words: &Words| sheet_norm.iter().any(|t| words.any_in(t)) || words.any_in(&doc_text);
        let stated_elsewhere = stated_totals(&sheet, &found, cfg);
        let text_total = text_states_total(doc, cfg);

        let mut facts = Vec::new();
        for f in &found {
            facts.push(check_table(&sheet, f, cfg, &mut out));
        }

        let amount_header = |f: &Found| {
            primary(&amount_cols(&sheet, f, cfg))
                .map(|a| sheet.location(f.header_last, a.col))
                .unwrap_or_else(|| sheet.location(f.header_last, f.first_col))
        };
        let label_header = |f: &Found| {
            f.column("label")
                .map(|c| sheet.location(f.header_last, c.col))
                .unwrap_or_else(|| sheet.location(f.header_last, f.first_col))
        };
        let tax_in_amounts = found
            .iter()
            .any(|f| amount_cols(&sheet, f, cfg).iter().any(|a| a.tax.is_some()));
        if !tax_in_amounts && !anywhere(&cfg.ht) && !anywhere(&cfg.ttc) {
            out.findings
                .push(Observation::new(codes::HT_TTC, amount_header(first)));
        }
        let cost_types = anywhere(&cfg.fixed) && anywhere(&cfg.variable);
        if params.require_cost_type && !cost_types {
            out.findings
                .push(Observation::new(codes::NO_COST_TYPE, label_header(first)));
        }

        // Totals stated outside the tables, against the tables' totals.
        let grand_sum: f64 = facts.iter().filter_map(|f| f.grand.map(|g| g.0)).sum();
        let all_ttc: Option<f64> = facts
            .iter()
            .map(|f| {
                f.grand_ttc.or(match f.grand {
                    Some((v, Some(Tax::Ttc))) => Some(v),
                    _ => None,
                })
            })
            .sum();
        let currency = facts.iter().find_map(|f| f.currency);
        for s in &stated_elsewhere {
            let grand_tax = facts.iter().find_map(|f| f.grand.and_then(|g| g.1));
            if s.tax == Some(Tax::Ttc) && grand_tax != Some(Tax::Ttc) {
                match all_ttc {
                    Some(ttc) => {
                        if (ttc - s.value).abs() > cfg.tolerance {
                            out.findings.push(mismatch(
                                s.location.clone(),
                                s.value,
                                ttc,
                                facts.iter().map(|f| f.lines).sum(),
                                "",
                                currency,
                            ));
                        }
                    }
                    None => {
                        if cfg.rate_between(grand_sum, s.value).is_none() {
                            out.findings.push(rate_finding(
                                s.location.clone(),
                                grand_sum,
                                s.value,
                                cfg,
                                currency,
                            ));
                        }
                    }
                }
            } else if (grand_sum - s.value).abs() > cfg.tolerance {
                out.findings.push(mismatch(
                    s.location.clone(),
                    s.value,
                    grand_sum,
                    facts.iter().map(|f| f.lines).sum(),
                    "",
                    currency,
                ));
            }
        }

        if params.require_total && stated_elsewhere.is_empty() && !text_total {
            for (f, fact) in found.iter().zip(&facts) {
                if !fact.had_total {
                    out.findings.push(
                        Observation::new(codes::NO_TOTAL, amount_header(f))
                            .arg("lines", fact.lines),
                    );
                }
            }
        }

        // Evidence, when the sheet is clean.
        if out.findings.len() == before {
            for (f, fact) in found.iter().zip(&facts) {
                if let (true, Some((total, tax))) = (fact.clean, fact.grand) {
                    if fact.had_total || !stated_elsewhere.is_empty() {
                        out.evidence.push(
                            Observation::new(codes::TOTAL, f.location(&sheet))
                                .arg("total", format_amount(total, fact.currency))
                                .arg("tax", tax_name(tax))
                                .arg("lines", fact.lines),
                        );
                    }
                }
            }
            if cost_types {
                out.evidence
                    .push(Observation::new(codes::COST_TYPES, first.location(&sheet)));
            }
        }
    }
    if !any_table && params.report_missing_table {
        out.findings
            .push(Observation::new(codes::NO_TABLE, Location::whole()));
    }
    Ok(out)
}

fn tax_name(tax: Option<Tax>) -> &'static str {
    match tax {
        Some(Tax::Ht) => "HT",
        Some(Tax::Ttc) => "TTC",
        None => "",
    }
}

#[cfg(test)]
mod tests;
