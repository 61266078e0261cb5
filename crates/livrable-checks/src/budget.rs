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

use std::collections::BTreeMap;

use livrable_model::french::{parse_number, Tax};
use livrable_model::location::cell_ref;
use livrable_model::{CellValue, Document, Location, Observation};
use regex::Regex;

use crate::sections::normalized_text;
use crate::tables::{
    self, normalize, Found, Layout, LayoutParams, RowKind, Sheet, Spec, Vocabulary, Words,
};
use crate::text::quote;
use crate::{Input, Output, ParamError};

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
}

/// An amount with a currency in running text: `9 650 € HT`, `12 k€`, `800 euros`. What
/// tells that a paragraph states a budget's total, here and in the plan check (which reads
/// the amount too).
pub(crate) const AMOUNT_IN_TEXT: &str = r"(?i)\d{1,3}(?:[ \x{a0}\x{202f}.]\d{3})+(?:,\d{1,2})?\s?(?:k€|€|eur\b|euros?\b)|\d+(?:,\d{1,2})?\s?(?:k€|€|eur\b|euros?\b)";

/// Labels quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 60;

/// Header words of the budget table's columns (matched whole-word, accents and case
/// ignored; when a header matches several lists, the longest word wins).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The line's label: `poste`, `action`, `libellé`, `désignation`.
    pub label: Vec<String>,
    /// An amount: `montant`, `coût`, `prix`, `budget`, `total`.
    pub amount: Vec<String>,
    /// A per-line VAT amount: `tva`, `montant tva`.
    pub tax: Vec<String>,
    /// Numeric columns that are not amounts to add up: `prix unitaire`, `quantité`,
    /// `taux de tva`, `part`.
    pub other: Vec<String>,
}

impl Columns {
    /// The header roles of a budget table, in this order (a header that matches words of
    /// two roles equally goes to the first).
    fn vocabulary(&self) -> Vocabulary {
        Vocabulary::new()
            .role("label", &self.label)
            .role("amount", &self.amount)
            .role("tax", &self.tax)
            .role("other", &self.other)
    }
}

/// What makes a header row a budget table's: a line label and an amount.
fn spec<'a>(vocabulary: &'a Vocabulary, layout: &'a Layout) -> Spec<'a> {
    Spec::new(vocabulary, layout, &["label", "amount"], 2)
}

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

/// What an amount cell holds.
#[derive(Debug, Clone, PartialEq)]
enum Amount {
    Value(f64),
    /// An explicit zero written in words or as a dash.
    Zero,
    /// A formula with no cached value: a cost exists, its value is unknown.
    Unknown,
    Missing,
    /// Text that is not an amount (`à définir`).
    Other(String),
}

impl Amount {
    fn value(&self) -> Option<f64> {
        match self {
            Amount::Value(v) => Some(*v),
            Amount::Zero => Some(0.0),
            _ => None,
        }
    }

    fn is_cost(&self) -> bool {
        matches!(self, Amount::Value(_) | Amount::Zero | Amount::Unknown)
    }
}

fn amount_of(sheet: &Sheet, r: usize, c: usize, cfg: &Config) -> Amount {
    let Some(cell) = sheet.cell(r, c) else {
        return Amount::Missing;
    };
    match &cell.value {
        CellValue::Number(n) if n.is_finite() => return Amount::Value(*n),
        CellValue::Empty if cell.text.trim().is_empty() => {
            return if cell.formula.is_some() {
                Amount::Unknown
            } else {
                Amount::Missing
            };
        }
        _ => {}
    }
    let text = cell.text.trim();
    if let Some(n) = parse_number(text).filter(|n| !n.percent && n.value.is_finite()) {
        return Amount::Value(n.value);
    }
    // Accounting formats show a zero as a dash.
    if !text.is_empty()
        && !text.chars().any(char::is_alphanumeric)
        && text.chars().any(|c| matches!(c, '-' | '–' | '—' | '−'))
    {
        return Amount::Zero;
    }
    let norm = normalize(text);
    if cfg.zero.any_in(&norm) {
        return Amount::Zero;
    }
    Amount::Other(text.to_string())
}

/// An amount column and what its header says.
#[derive(Debug, Clone)]
struct AmountCol {
    col: usize,
    tax: Option<Tax>,
    /// `Some(true)`: fixed costs, `Some(false)`: variable costs.
    fixed: Option<bool>,
    /// Some data row holds a number in it.
    numeric: bool,
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

/// A total found outside the tables, with where it is.
#[derive(Debug, Clone)]
struct Stated {
    value: f64,
    tax: Option<Tax>,
    location: Location,
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

/// True when a paragraph of the document states a total amount (`Le budget total
/// s'élève à 5 850 € HT`).
fn text_states_total(doc: &Document, cfg: &Config) -> bool {
    doc.blocks.iter().any(|b| {
        let norm = normalize(&b.text);
        cfg.layout.total.any_in(&norm) && cfg.amount_re.is_match(&b.text)
    })
}

/// The amount columns of a table, tagged.
fn amount_cols(sheet: &Sheet, f: &Found, cfg: &Config) -> Vec<AmountCol> {
    f.columns_of("amount")
        .map(|c| {
            let tax = cfg
                .tax_of_text(&c.norm)
                .or_else(|| tax_of_cells(sheet, f, c.col));
            let fixed = if cfg.fixed.any_in(&c.norm) {
                Some(true)
            } else if cfg.variable.any_in(&c.norm) {
                Some(false)
            } else {
                None
            };
            let numeric = f
                .data()
                .any(|row| matches!(amount_of(sheet, row.index, c.col, cfg), Amount::Value(_)));
            AmountCol {
                col: c.col,
                tax,
                fixed,
                numeric,
            }
        })
        .collect()
}

/// HT or TTC, as most of the data cells of column `c` state it (`1 500 € HT`); `None`
/// when they do not, or as many say one as the other.
fn tax_of_cells(sheet: &Sheet, f: &Found, c: usize) -> Option<Tax> {
    let (mut ht, mut ttc) = (0, 0);
    for row in f.data() {
        match sheet
            .cell(row.index, c)
            .and_then(|cell| parse_number(&cell.text))
            .and_then(|n| n.tax)
        {
            Some(Tax::Ht) => ht += 1,
            Some(Tax::Ttc) => ttc += 1,
            None => {}
        }
    }
    match ht.cmp(&ttc) {
        std::cmp::Ordering::Greater => Some(Tax::Ht),
        std::cmp::Ordering::Less => Some(Tax::Ttc),
        std::cmp::Ordering::Equal => None,
    }
}

/// The column that holds each line's amount: among the columns with numbers, the first
/// that is neither TTC nor a fixed or variable part; failing that, the first that is not
/// a part; failing that, the first.
fn primary(cols: &[AmountCol]) -> Option<&AmountCol> {
    let numeric = || cols.iter().filter(|a| a.numeric);
    numeric()
        .find(|a| a.fixed.is_none() && a.tax != Some(Tax::Ttc))
        .or_else(|| numeric().find(|a| a.fixed.is_none()))
        .or_else(|| numeric().next())
        .or_else(|| {
            cols.iter()
                .find(|a| a.fixed.is_none() && a.tax != Some(Tax::Ttc))
        })
        .or_else(|| cols.first())
}

/// A budget row's label text, normalised (empty when none).
fn row_norm(sheet: &Sheet, f: &Found, r: usize) -> String {
    f.label(sheet, r)
        .map(|(_, t)| normalize(t))
        .unwrap_or_default()
}

/// Checks one table; pushes its findings; returns what the sheet-level checks need.
fn check_table(sheet: &Sheet, f: &Found, cfg: &Config, out: &mut Output) -> TableFacts {
    let before = out.findings.len();
    let cols = amount_cols(sheet, f, cfg);
    let main = primary(&cols).cloned();
    let tax_col = f.column("tax").map(|c| c.col);

    // The rows this check reads, in order.
    let mut rows: Vec<(usize, Kind)> = f
        .rows
        .iter()
        .filter_map(|r| {
            let kind = match r.kind {
                RowKind::Data => {
                    if cfg.tax_rows.starts(&row_norm(sheet, f, r.index)) {
                        Kind::Tax
                    } else {
                        Kind::Line
                    }
                }
                RowKind::SubTotal => Kind::SubTotal,
                RowKind::Total => Kind::Total,
                _ => return None,
            };
            Some((r.index, kind))
        })
        .collect();
    // A `Total …` row followed by more lines is a sub-total; so is one followed by
    // another total that is not its TTC version (`Total print` then `Total`).
    if let Some(last_line) = rows.iter().rposition(|(_, k)| *k == Kind::Line) {
        for (_, k) in rows[..last_line].iter_mut() {
            if *k == Kind::Total {
                *k = Kind::Intermediate;
            }
        }
    }
    let is_ttc_row = |r: usize| cfg.ttc.any_in(&f.row_text(sheet, r));
    let finals: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, (r, k))| *k == Kind::Total && !is_ttc_row(*r))
        .map(|(i, _)| i)
        .collect();
    if let Some((_, earlier)) = finals.split_last() {
        for &i in earlier {
            rows[i].1 = Kind::Intermediate;
        }
    }

    // Currency of the table: headers and amounts.
    let mut seen: Vec<(&'static str, usize, usize)> = Vec::new();
    for a in &cols {
        let header = sheet.origin(f.header_last, a.col);
        if let Some(cur) = currency_in(sheet.text(header.0, header.1)) {
            seen.push((cur, header.0, header.1));
        }
        for (r, _) in &rows {
            if let Some(cur) = sheet
                .cell(*r, a.col)
                .and_then(|cell| parse_number(&cell.text))
                .and_then(|n| n.currency)
            {
                seen.push((cur, *r, a.col));
            }
        }
    }
    let mut unique = std::collections::HashSet::new();
    seen.retain(|&(_, r, c)| unique.insert((r, c)));
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (cur, _, _) in &seen {
        *counts.entry(cur).or_default() += 1;
    }
    let main_currency: Option<&'static str> = seen.iter().map(|(c, _, _)| *c).max_by_key(|c| {
        (
            counts.get(c).copied().unwrap_or(0),
            usize::from(*c == "EUR"),
        )
    });
    if let Some(main_cur) = main_currency {
        for &(cur, r, c) in &seen {
            if cur != main_cur {
                out.findings.push(
                    Observation::new(codes::MIXED_CURRENCY, sheet.location(r, c))
                        .arg("currency", currency_symbol(cur))
                        .arg("expected", currency_symbol(main_cur))
                        .arg("value", quote(sheet.text(r, c), QUOTE_MAX)),
                );
            }
        }
    }

    // Lines without a cost.
    let mut line_count = 0;
    for (r, kind) in &rows {
        if *kind != Kind::Line {
            continue;
        }
        let label = f.label_of(sheet, *r, "label").map(|(_, t)| t);
        let amounts: Vec<Amount> = cols
            .iter()
            .map(|a| amount_of(sheet, *r, a.col, cfg))
            .collect();
        if label.is_some() || amounts.iter().any(Amount::is_cost) {
            line_count += 1;
        }
        if let Some(label) = label {
            if !amounts.iter().any(Amount::is_cost) {
                let at = main.as_ref().map_or(f.first_col, |a| a.col);
                let shown = amounts
                    .iter()
                    .find_map(|a| match a {
                        Amount::Other(t) => Some(quote(t, QUOTE_MAX)),
                        _ => None,
                    })
                    .unwrap_or_default();
                out.findings.push(
                    Observation::new(codes::ACTION_WITHOUT_COST, sheet.location(*r, at))
                        .arg("action", quote(label, QUOTE_MAX))
                        .arg("value", shown),
                );
            }
        }
    }

    // HT and TTC on the same line.
    let ht_col = cols.iter().find(|a| a.tax == Some(Tax::Ht)).map(|a| a.col);
    let ttc_col = cols.iter().find(|a| a.tax == Some(Tax::Ttc)).map(|a| a.col);
    if let (Some(hc), Some(tc)) = (ht_col, ttc_col) {
        for (r, kind) in &rows {
            if *kind != Kind::Line {
                continue;
            }
            let (Some(ht), Some(ttc)) = (
                amount_of(sheet, *r, hc, cfg).value(),
                amount_of(sheet, *r, tc, cfg).value(),
            ) else {
                continue;
            };
            let tva = tax_col.and_then(|c| amount_of(sheet, *r, c, cfg).value());
            let ok = match tva {
                Some(tva) => (ht + tva - ttc).abs() <= cfg.tolerance,
                None => cfg.rate_between(ht, ttc).is_some(),
            };
            if !ok {
                out.findings.push(rate_finding(
                    sheet.location(*r, tc),
                    ht,
                    ttc,
                    cfg,
                    main_currency,
                ));
            }
        }
    }

    // Totals, column by column.
    let mut grand: Option<(f64, Option<Tax>)> = None;
    let mut grand_ttc: Option<f64> = None;
    let mut had_total = false;
    for a in &cols {
        let is_main = main.as_ref().is_some_and(|m| m.col == a.col);
        let sums = walk_totals(sheet, f, &rows, a, is_main, cfg, out, main_currency);
        had_total |= sums.had_total;
        if is_main {
            grand = sums.grand.map(|(v, tax)| (v, tax.or(a.tax)));
            grand_ttc = sums.grand_ttc;
            if grand.is_none() && sums.line_sum.is_some() && !sums.had_total {
                grand = sums.line_sum.map(|v| (v, a.tax));
            }
        }
    }
    TableFacts {
        grand,
        grand_ttc,
        lines: line_count,
        had_total,
        clean: out.findings.len() == before,
        currency: main_currency,
    }
}

/// What walking one amount column gave.
#[derive(Default)]
struct Sums {
    grand: Option<(f64, Option<Tax>)>,
    grand_ttc: Option<f64>,
    line_sum: Option<f64>,
    had_total: bool,
}

/// The running sums of lines, with the lines' positions for the formula check.
#[derive(Default, Clone)]
struct Acc {
    sum: f64,
    /// Sheet coordinates of the lines with a non-zero amount.
    cells: Vec<(u32, u32)>,
    unknown: bool,
    any: bool,
}

impl Acc {
    fn add(&mut self, a: &Amount, at: (u32, u32)) {
        match a {
            Amount::Value(v) => {
                self.sum += v;
                self.any = true;
                if *v != 0.0 {
                    self.cells.push(at);
                }
            }
            Amount::Zero => self.any = true,
            Amount::Unknown => self.unknown = true,
            _ => {}
        }
    }
}

/// A sub-total seen, with the lines it covers.
struct Sub {
    value: f64,
    at: (u32, u32),
    lines: Vec<(u32, u32)>,
}

/// The stated value of a total row in column `a`, with the cell it is in. For the main
/// column, a total row with nothing in that column may carry its number elsewhere in the
/// row (the rightmost number).
fn total_value(
    sheet: &Sheet,
    f: &Found,
    r: usize,
    a: &AmountCol,
    is_main: bool,
    cfg: &Config,
) -> Option<(f64, usize)> {
    if let Some(v) = amount_of(sheet, r, a.col, cfg).value() {
        return Some((v, a.col));
    }
    if !is_main {
        return None;
    }
    (f.first_col..=f.last_col)
        .rev()
        .filter(|&c| f.role_of(c).is_none())
        .find_map(|c| match amount_of(sheet, r, c, cfg) {
            Amount::Value(v) => Some((v, c)),
            _ => None,
        })
}

/// Sheet coordinates of (r, c): the cell's own, or its indices.
fn coords(sheet: &Sheet, r: usize, c: usize) -> (u32, u32) {
    sheet.location(r, c).cell.unwrap_or((
        u32::try_from(r).unwrap_or(u32::MAX),
        u32::try_from(c).unwrap_or(u32::MAX),
    ))
}

#[allow(clippy::too_many_arguments)]
fn walk_totals(
    sheet: &Sheet,
    f: &Found,
    rows: &[(usize, Kind)],
    a: &AmountCol,
    is_main: bool,
    cfg: &Config,
    out: &mut Output,
    currency: Option<&'static str>,
) -> Sums {
    let mut sums = Sums::default();
    let mut seg = Acc::default();
    let mut all = Acc::default();
    let mut subs: Vec<Sub> = Vec::new();
    let mut tax_sum = 0.0;
    let mut tax_rows = 0;
    // The first final total: (value, is TTC).
    let mut first_final: Option<(f64, bool)> = None;
    for &(r, kind) in rows {
        match kind {
            Kind::Line => {
                let amount = amount_of(sheet, r, a.col, cfg);
                let at = coords(sheet, r, a.col);
                seg.add(&amount, at);
                all.add(&amount, at);
            }
            Kind::Tax => {
                if let Some(v) = amount_of(sheet, r, a.col, cfg).value() {
                    tax_sum += v;
                    tax_rows += 1;
                }
            }
            Kind::SubTotal | Kind::Intermediate => {
                let stated = total_value(sheet, f, r, a, is_main, cfg);
                if let Some((value, c)) = stated {
                    sums.had_total = true;
                    let cell = sheet.cell(r, c);
                    let uncached = value == 0.0 && cell.is_some_and(|x| x.formula.is_some());
                    let mut candidates = vec![seg.sum];
                    if kind == Kind::Intermediate {
                        candidates.push(all.sum);
                        candidates.push(subs.iter().map(|s| s.value).sum::<f64>() + seg.sum);
                    }
                    let close = candidates
                        .iter()
                        .any(|x| (value - x).abs() <= cfg.tolerance);
                    if !seg.unknown && seg.any && !uncached && !close {
                        out.findings.push(mismatch(
                            sheet.location(r, c),
                            value,
                            seg.sum,
                            seg.cells.len(),
                            label_of(sheet, f, r),
                            currency,
                        ));
                    }
                    formula_check(sheet, r, c, &seg.cells, &[], out);
                    subs.push(Sub {
                        value: if uncached { seg.sum } else { value },
                        at: coords(sheet, r, c),
                        lines: seg.cells.clone(),
                    });
                }
                seg = Acc::default();
            }
            Kind::Total => {
                let Some((value, c)) = total_value(sheet, f, r, a, is_main, cfg) else {
                    continue;
                };
                sums.had_total = true;
                let cell = sheet.cell(r, c);
                let norm = normalize(&format!(
                    "{} {}",
                    f.label(sheet, r).map_or("", |(_, t)| t),
                    cell.map_or("", |x| x.text.as_str())
                ));
                let row_tax = cfg
                    .tax_of_text(&norm)
                    .or_else(|| cell.and_then(|x| parse_number(&x.text)).and_then(|n| n.tax));
                let is_ttc = row_tax == Some(Tax::Ttc);
                let expected_lines = all.sum;
                let via_subs: f64 = subs.iter().map(|s| s.value).sum::<f64>() + seg.sum;
                let uncached = value == 0.0
                    && cell.is_some_and(|x| x.formula.is_some())
                    && (expected_lines != 0.0 || via_subs != 0.0);
                let close = |x: f64| (x - value).abs() <= cfg.tolerance;
                match first_final {
                    Some((ht, false)) if is_ttc => {
                        // Total TTC after Total HT.
                        sums.grand_ttc = Some(value);
                        if uncached {
                        } else if tax_rows > 0 {
                            if !close(ht + tax_sum) {
                                out.findings.push(mismatch(
                                    sheet.location(r, c),
                                    value,
                                    ht + tax_sum,
                                    tax_rows + 1,
                                    label_of(sheet, f, r),
                                    currency,
                                ));
                            }
                        } else if cfg.rate_between(ht, value).is_none() {
                            out.findings.push(rate_finding(
                                sheet.location(r, c),
                                ht,
                                value,
                                cfg,
                                currency,
                            ));
                        }
                    }
                    _ => {
                        if !all.unknown && (all.any || !subs.is_empty()) && !uncached {
                            let mut candidates = vec![expected_lines];
                            if !subs.is_empty() {
                                candidates.push(via_subs);
                            }
                            if is_ttc && tax_rows > 0 {
                                candidates.push(expected_lines + tax_sum);
                                candidates.push(via_subs + tax_sum);
                            }
                            if !candidates.iter().any(|&x| close(x)) {
                                out.findings.push(mismatch(
                                    sheet.location(r, c),
                                    value,
                                    candidates[0],
                                    all.cells.len(),
                                    label_of(sheet, f, r),
                                    currency,
                                ));
                            }
                        }
                        formula_check(sheet, r, c, &all.cells, &subs, out);
                        if first_final.is_none() {
                            let v = if uncached { expected_lines } else { value };
                            first_final = Some((v, is_ttc));
                            sums.grand = Some((v, row_tax));
                        }
                    }
                }
            }
        }
    }
    if all.any && !all.unknown {
        sums.line_sum = Some(all.sum);
    }
    sums
}

fn label_of(sheet: &Sheet, f: &Found, r: usize) -> String {
    f.label(sheet, r)
        .map(|(_, t)| quote(t, QUOTE_MAX))
        .unwrap_or_default()
}

fn mismatch(
    location: Location,
    stated: f64,
    computed: f64,
    lines: usize,
    label: impl ToString,
    currency: Option<&str>,
) -> Observation {
    Observation::new(codes::TOTAL_MISMATCH, location)
        .arg("stated", format_amount(stated, currency))
        .arg("computed", format_amount(computed, currency))
        .arg(
            "difference",
            format_amount((stated - computed).abs(), currency),
        )
        .arg("lines", lines)
        .arg("label", label)
}

fn rate_finding(
    location: Location,
    ht: f64,
    ttc: f64,
    cfg: &Config,
    currency: Option<&str>,
) -> Observation {
    let rate = if ht != 0.0 {
        (ttc / ht - 1.0) * 100.0
    } else {
        0.0
    };
    let rates: Vec<String> = cfg
        .rates
        .iter()
        .map(|r| format!("{} %", format_number(*r)))
        .collect();
    Observation::new(codes::TTC_RATE, location)
        .arg("ht", format_amount(ht, currency))
        .arg("ttc", format_amount(ttc, currency))
        .arg(
            "rate",
            format!("{} %", format_number((rate * 100.0).round() / 100.0)),
        )
        .arg("rates", rates.join(", "))
}

/// Reports a plain-sum formula at (r, c) that leaves out some of `lines` (sheet
/// coordinates); lines of a sub-total the formula adds count as covered.
fn formula_check(
    sheet: &Sheet,
    r: usize,
    c: usize,
    lines: &[(u32, u32)],
    subs: &[Sub],
    out: &mut Output,
) {
    let Some(cell) = sheet.cell(r, c) else {
        return;
    };
    let Some(formula) = cell.formula.as_deref() else {
        return;
    };
    let Some(refs) = sum_refs(formula) else {
        return;
    };
    let covers = |(row, col): (u32, u32)| {
        refs.iter()
            .any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    };
    // Only formulas that refer to this column at all are judged.
    let col = coords(sheet, r, c).1;
    if !refs.iter().any(|&(_, c0, _, c1)| (c0..=c1).contains(&col)) {
        return;
    }
    let mut missing: Vec<String> = Vec::new();
    let in_sub = |cell: (u32, u32)| subs.iter().any(|s| s.lines.contains(&cell) && covers(s.at));
    for &line in lines {
        if !covers(line) && !in_sub(line) {
            missing.push(cell_ref(line.0, line.1));
        }
    }
    if !missing.is_empty() {
        out.findings.push(
            Observation::new(codes::FORMULA_RANGE, cell.location.clone())
                .arg("formula", format!("={}", formula.trim_start_matches('=')))
                .arg("missing", missing.join(", "))
                .arg("count", missing.len()),
        );
    }
}

/// The cells a formula adds, as 0-based inclusive ranges, when it is a plain sum of cell
/// references (`SUM(C3:C7)`, `C8+C15`, `SOMME(C3:C7;C9)`, `of:=SUM([.C3:.C7])`); `None`
/// for anything else (other functions, products, references to other sheets).
/// Written by hand: a sum's shape is all that is needed, not a formula engine.
fn sum_refs(formula: &str) -> Option<Vec<(u32, u32, u32, u32)>> {
    let mut f = formula.trim().to_ascii_uppercase();
    if let Some(rest) = f.strip_prefix("OF:") {
        f = rest.to_string();
    }
    let f = f.trim_start_matches('=').replace(['$', '[', ']'], "");
    if f.contains('!') || f.len() > 2_000 {
        return None;
    }
    // ODS writes `.C3:.C7`.
    let f = f.replace(":.", ":");
    let f = f
        .strip_prefix('.')
        .unwrap_or(&f)
        .replace("(.", "(")
        .replace(";.", ";")
        .replace("+.", "+")
        .replace(",.", ",");
    let bytes = f.as_bytes();
    let mut refs = Vec::new();
    let mut rest = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some((r, len)) = parse_ref(&bytes[i..]) {
            // A reference must not be glued to a name before it (`LOG10`).
            if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
                return None;
            }
            let (a, b) = r;
            let (r0, c0) = a;
            let (r1, c1) = b.unwrap_or(a);
            refs.push((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)));
            i += len;
        } else {
            rest.push(bytes[i] as char);
            i += 1;
        }
    }
    let rest = rest.replace("SOMME", "").replace("SUM", "");
    if refs.is_empty()
        || !rest
            .chars()
            .all(|c| matches!(c, '(' | ')' | '+' | ';' | ',' | ' '))
    {
        return None;
    }
    Some(refs)
}

type CellPos = (u32, u32);

/// A reference `C3` or range `C3:D9` at the start of `b`: ((row, col), end), length.
fn parse_ref(b: &[u8]) -> Option<((CellPos, Option<CellPos>), usize)> {
    let (first, n) = parse_cell(b)?;
    if b.get(n) == Some(&b':') {
        if let Some((second, m)) = parse_cell(&b[n + 1..]) {
            return Some(((first, Some(second)), n + 1 + m));
        }
    }
    Some(((first, None), n))
}

/// `C3` at the start of `b` as 0-based (row, col), and its length.
fn parse_cell(b: &[u8]) -> Option<(CellPos, usize)> {
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let digits = b[letters..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 7 {
        return None;
    }
    if b.get(letters + digits)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'(')
    {
        return None;
    }
    let col = b[..letters]
        .iter()
        .fold(0u32, |acc, c| acc * 26 + u32::from(c - b'A' + 1))
        - 1;
    let row: u32 = std::str::from_utf8(&b[letters..letters + digits])
        .ok()?
        .parse()
        .ok()?;
    Some(((row.checked_sub(1)?, col), letters + digits))
}

/// Totals stated outside the tables of a sheet: a cell outside every table (or in a
/// note or trailing row) that names a total and carries an amount after a colon, or is
/// followed on its row by a number.
fn stated_totals(sheet: &Sheet, found: &[Found], cfg: &Config) -> Vec<Stated> {
    let inside = |r: usize, c: usize| found.iter().any(|f| f.holds(r, c));
    let mut out = Vec::new();
    for (r, c, text) in sheet.texts() {
        let Some(cell) = sheet.cell(r, c) else {
            continue;
        };
        if !tables::is_text(cell) {
            continue;
        }
        let norm = normalize(text);
        // The word test first: it is cheap, and few cells pass it.
        if !cfg.layout.total.any_in(&norm) || cfg.layout.subtotal.any_in(&norm) || inside(r, c) {
            continue;
        }
        let tax_here = cfg.tax_of_text(&norm);
        // `Budget total : 5 850 € HT`
        let after_colon = text.rsplit_once(':').map(|(_, v)| v.trim());
        if let Some(n) = after_colon.and_then(parse_number).filter(|n| !n.percent) {
            out.push(Stated {
                value: n.value,
                tax: n.tax.or(tax_here),
                location: cell.location.clone(),
            });
            continue;
        }
        // `Budget total` | `5 850 €`
        let next = (c + 1..sheet.width()).find(|&k| !sheet.is_blank(r, k));
        if let Some(k) = next {
            if let Amount::Value(v) = amount_of(sheet, r, k, cfg) {
                let ncell = sheet.cell(r, k);
                let tax = ncell
                    .and_then(|x| parse_number(&x.text))
                    .and_then(|n| n.tax)
                    .or(tax_here);
                out.push(Stated {
                    value: v,
                    tax,
                    location: sheet.location(r, k),
                });
            }
        }
    }
    out
}

/// The currency a header or text names: a symbol or a code.
fn currency_in(text: &str) -> Option<&'static str> {
    if text.contains('€') {
        return Some("EUR");
    }
    if text.contains('$') {
        return Some("USD");
    }
    if text.contains('£') {
        return Some("GBP");
    }
    let norm = normalize(text);
    for (word, code) in [
        ("eur", "EUR"),
        ("euro", "EUR"),
        ("euros", "EUR"),
        ("usd", "USD"),
        ("dollars", "USD"),
        ("gbp", "GBP"),
        ("chf", "CHF"),
    ] {
        if tables::has_word(&norm, word) {
            return Some(code);
        }
    }
    None
}

fn currency_symbol(code: &str) -> &str {
    match code {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    }
}

fn tax_name(tax: Option<Tax>) -> &'static str {
    match tax {
        Some(Tax::Ht) => "HT",
        Some(Tax::Ttc) => "TTC",
        None => "",
    }
}

/// `5850` → `5 850`, `1234.5` → `1 234,5`, `5.5` → `5,5`, as French figures are written
/// (two decimals at most).
pub fn format_number(v: f64) -> String {
    format_figure(v, false)
}

/// Like [`format_number`], with cents always on two digits when there are any (`1 234,50`).
fn format_money(v: f64) -> String {
    format_figure(v, true)
}

fn format_figure(v: f64, money: bool) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let negative = v < 0.0;
    let cents = (v.abs() * 100.0).round();
    let units = (cents / 100.0).trunc();
    let frac = (cents - units * 100.0) as u64;
    let digits = format!("{units:.0}");
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    let mut s = if negative && (units > 0.0 || frac > 0) {
        format!("-{grouped}")
    } else {
        grouped
    };
    if frac > 0 {
        let cents = format!("{frac:02}");
        let shown = if money {
            &cents
        } else {
            cents.trim_end_matches('0')
        };
        s.push(',');
        s.push_str(shown);
    }
    s
}

/// An amount with its currency symbol after it, French style.
fn format_amount(v: f64, currency: Option<&str>) -> String {
    match currency {
        Some(c) => format!("{} {}", format_money(v), currency_symbol(c)),
        None => format_money(v),
    }
}

// ─── budgets read by other checks ──────────────────────────────────────────

/// A budget's tables as another check reads them, to compare a document with its budget:
/// the plan looks for each of its actions among the budget's lines and for its stated
/// total among the budget's totals. Tables are found as this check finds them (a header
/// with a label and an amount), with the calling instance's words; nothing is judged.
pub(crate) struct Reader {
    vocabulary: Vocabulary,
    layout: Layout,
}

/// A total a budget gives, as [`Reader::totals`] reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Total {
    pub value: f64,
    pub tax: Option<Tax>,
    /// Written on a total row (or stated in a cell), rather than the sum of the lines.
    pub written: bool,
}

impl Reader {
    pub(crate) fn new(columns: &Columns, layout: &LayoutParams) -> Self {
        Reader {
            vocabulary: columns.vocabulary(),
            layout: Layout::new(layout),
        }
    }

    /// The budget tables of a sheet.
    pub(crate) fn find(&self, sheet: &Sheet) -> Vec<Found> {
        tables::find(sheet, &spec(&self.vocabulary, &self.layout))
    }

    /// The labels of a document's budget lines and category rows, in order.
    pub(crate) fn labels<'d>(&self, doc: &'d Document) -> Vec<&'d str> {
        let mut out = Vec::new();
        for table in &doc.tables {
            let sheet = Sheet::new(table);
            for f in self.find(&sheet) {
                out.extend(f.labels(&sheet, "label"));
            }
        }
        out
    }

    /// The totals of a sheet's budget tables, per amount column: each `Total` row's
    /// figure ([`figure`]), then the sum of the lines' figures (when some line has one).
    /// HT or TTC is what `tax_in` reads in the column's header (normalised), else what
    /// most of its cells say, else, for a total row, what `tax_in` reads on the row.
    pub(crate) fn totals(&self, sheet: &Sheet, tax_in: impl Fn(&str) -> Option<Tax>) -> Vec<Total> {
        let mut out = Vec::new();
        for f in &self.find(sheet) {
            for col in f.columns_of("amount") {
                let c = col.col;
                let tax = tax_in(&col.norm).or_else(|| tax_of_cells(sheet, f, c));
                let mut sum = 0.0;
                let mut any = false;
                for row in &f.rows {
                    match (row.kind, figure(sheet, row.index, c)) {
                        (RowKind::Data, Some(v)) => {
                            sum += v;
                            any = true;
                        }
                        (RowKind::Total, Some(v)) => out.push(Total {
                            value: v,
                            tax: tax.or_else(|| tax_in(&f.row_text(sheet, row.index))),
                            written: true,
                        }),
                        _ => {}
                    }
                }
                if any {
                    out.push(Total {
                        value: sum,
                        tax,
                        written: false,
                    });
                }
            }
        }
        out
    }
}

/// The figure a cell shows: a finite number, or text that reads as one and is not a
/// percentage. Unlike [`amount_of`], no word (`offert`) and no dash reads as zero: another
/// check compares the figures the budget shows, not this check's reading of its costs.
fn figure(sheet: &Sheet, r: usize, c: usize) -> Option<f64> {
    let cell = sheet.cell(r, c)?;
    match &cell.value {
        CellValue::Number(n) if n.is_finite() => Some(*n),
        _ => parse_number(&cell.text)
            .filter(|n| !n.percent && n.value.is_finite())
            .map(|n| n.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::testing::{
        self, arg, codes as codes_of, doc_with, sheet_of, shipped_params,
    };
    use livrable_model::{Format, Table};

    fn params() -> Params {
        crate::parse(&shipped_params("plans", "budget")).expect("shipped params parse")
    }

    fn run_with(tables: Vec<Table>, p: &Params) -> Output {
        testing::run(check, &doc_with(Format::Xlsx, tables), "budget", p)
    }

    fn run(rows: &[&[&str]]) -> Output {
        run_with(vec![sheet_of("Budget", rows)], &params())
    }

    const GOOD: &[&[&str]] = &[
        &["Budget prévisionnel — Salon de l'habitat 2027", "", "", ""],
        &["", "", "", ""],
        &["Poste", "Type de coût", "Fournisseur", "Montant (€ HT)"],
        &["Stand 9 m²", "Fixe", "Parc Expo", "2 500"],
        &["Flyers (2 000 ex.)", "Variable", "Imprimerie", "850"],
        &["Publicité Facebook", "Variable", "Meta", "1 500"],
        &["Community management", "Fixe", "en interne", "1 000"],
        &["", "", "", ""],
        &["TOTAL", "", "", "5 850"],
    ];

    #[test]
    fn clean_budget_gives_evidence_only() {
        let out = run(GOOD);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let codes: Vec<&str> = out.evidence.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, vec![codes::TOTAL, codes::COST_TYPES]);
        assert_eq!(arg(&out.evidence[0], "total"), "5 850 €");
        assert_eq!(arg(&out.evidence[0], "tax"), "HT");
        assert_eq!(arg(&out.evidence[0], "lines"), "4");
    }

    #[test]
    fn total_mismatch_fires_at_the_total_and_tolerates_rounding() {
        let mut rows: Vec<Vec<&str>> = GOOD.iter().map(|r| r.to_vec()).collect();
        rows[8][3] = "6 000";
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let out = run(&rows);
        assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
        let f = &out.findings[0];
        assert_eq!(f.location, Location::cell("Budget", 8, 3));
        assert_eq!(arg(f, "stated"), "6 000 €");
        assert_eq!(arg(f, "computed"), "5 850 €");
        assert_eq!(arg(f, "difference"), "150 €");
        assert!(out.evidence.is_empty());

        let mut rows: Vec<Vec<&str>> = GOOD.iter().map(|r| r.to_vec()).collect();
        rows[8][3] = "5 850,80";
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        assert!(run(&rows).findings.is_empty(), "within 1 €");
    }

    #[test]
    fn sub_totals_sum_their_block_and_the_total_sums_them() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT"],
            &["Coûts fixes", ""],
            &["Stand", "2 500"],
            &["Community management", "1 000"],
            &["Sous-total fixes", "3 500"],
            &["Coûts variables", ""],
            &["Flyers", "850"],
            &["Publicité", "1 500"],
            &["Sous-total variables", "2 350"],
            &["Total général", "5 850"],
        ];
        let out = run(rows);
        assert!(out.findings.is_empty(), "{:?}", out.findings);

        // A wrong sub-total is reported at itself; the total still matches the lines.
        let mut bad: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
        bad[4][1] = "3 000";
        let bad: Vec<&[&str]> = bad.iter().map(|r| r.as_slice()).collect();
        let out = run(&bad);
        assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 4, 1));
        assert_eq!(arg(&out.findings[0], "computed"), "3 500");

        // `Total digital` followed by more lines is a sub-total.
        let rows: &[&[&str]] = &[
            &["Action", "Coût HT", "Nature"],
            &["Site", "2 000", "fixe"],
            &["Total digital", "2 000", ""],
            &["Flyers", "850", "variable"],
            &["Total print", "850", ""],
            &["Total", "2 850", ""],
        ];
        assert!(run(rows).findings.is_empty());
    }

    #[test]
    fn action_without_cost_fires_and_explicit_zero_does_not() {
        let rows: &[&[&str]] = &[
            &["Action", "Coût (€ HT)", "Type"],
            &["Site web", "2 000", "fixe"],
            &["Relations presse", "", "variable"],
            &["Vidéo", "à définir", "variable"],
            &["Réunion interne", "0", "fixe"],
            &["Goodies", "offert", "variable"],
            &["Affichage", "-", "variable"],
            &["Total", "2 000", ""],
        ];
        let out = run(rows);
        assert_eq!(
            codes_of(&out),
            vec![codes::ACTION_WITHOUT_COST, codes::ACTION_WITHOUT_COST]
        );
        assert_eq!(out.findings[0].location, Location::cell("Budget", 2, 1));
        assert_eq!(arg(&out.findings[0], "action"), "Relations presse");
        assert_eq!(arg(&out.findings[1], "value"), "à définir");
    }

    #[test]
    fn category_rows_are_not_actions_without_cost() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT", "Type"],
            &["Digital", "", ""],
            &["Site web", "2 000", "fixe"],
            &["Print", "", ""],
            &["Flyers", "850", "variable"],
            &["Total", "2 850", ""],
            &["Source : devis 2027", "", ""],
        ];
        let out = run(rows);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
    }

    #[test]
    fn no_total_fires_without_any_total() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT", "Type"],
            &["Site web", "2 000", "fixe"],
            &["Flyers", "850", "variable"],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::NO_TOTAL]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 0, 1));
        assert_eq!(arg(&out.findings[0], "lines"), "2");
    }

    #[test]
    fn a_total_stated_in_the_title_block_counts_and_is_compared() {
        let rows: &[&[&str]] = &[
            &["Budget total : 2 850 € HT", "", ""],
            &["Poste", "Montant", "Type"],
            &["Site web", "2 000", "fixe"],
            &["Flyers", "850", "variable"],
        ];
        let out = run(rows);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "total"), "2 850");

        let rows: &[&[&str]] = &[
            &["Budget total", "3 000 €", ""],
            &["Poste", "Montant HT", "Type"],
            &["Site web", "2 000", "fixe"],
            &["Flyers", "850", "variable"],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 0, 1));
    }

    #[test]
    fn no_cost_type_fires_without_fixed_and_variable_words() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT"],
            &["Site web", "2 000"],
            &["Flyers", "850"],
            &["Total", "2 850"],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::NO_COST_TYPE]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 0, 0));

        // Two amount columns for fixed and variable costs tell them apart.
        let rows: &[&[&str]] = &[
            &["Poste", "Coûts fixes (€ HT)", "Coûts variables (€ HT)"],
            &["Site web", "2 000", ""],
            &["Flyers", "", "850"],
            &["Total", "2 000", "850"],
        ];
        let out = run(rows);
        assert!(out.findings.is_empty(), "{:?}", out.findings);

        // Not required in the plan's instance.
        let p: Params = crate::parse(&shipped_params("plans", "budget-in-plan")).unwrap();
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT"],
            &["Site web", "2 000"],
            &["Total", "2 000"],
        ];
        assert!(run_with(vec![sheet_of("Plan", rows)], &p)
            .findings
            .is_empty());
    }

    #[test]
    fn ht_ttc_fires_when_neither_is_stated() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant", "Type"],
            &["Site web", "2 000 €", "fixe"],
            &["Flyers", "850 €", "variable"],
            &["Total", "2 850 €", ""],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::HT_TTC]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 0, 1));

        let rows: &[&[&str]] = &[
            &["Poste", "Montant", "Type"],
            &["Site web", "2 000 € HT", "fixe"],
            &["Flyers", "850 € HT", "variable"],
            &["Total", "2 850 € HT", ""],
        ];
        assert!(run(rows).findings.is_empty());
        let rows: &[&[&str]] = &[
            &[
                "Association — TVA non applicable, art. 293 B du CGI",
                "",
                "",
            ],
            &["Poste", "Montant", "Type"],
            &["Site web", "2 000", "fixe"],
            &["Flyers", "850", "variable"],
            &["Total", "2 850", ""],
        ];
        assert!(run(rows).findings.is_empty());
    }

    #[test]
    fn ttc_must_be_ht_times_a_vat_rate() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT", "Montant TTC", "Type"],
            &["Stand", "1 000", "1 200", "fixe"],
            &["Livres", "200", "211", "variable"],
            &["Timbres", "50", "50", "variable"],
            &["Traiteur", "500", "550", "variable"],
            &["Flyers", "500", "580", "variable"],
            &["Total", "2 250", "2 591", ""],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::TTC_RATE]);
        let f = &out.findings[0];
        assert_eq!(f.location, Location::cell("Budget", 5, 2));
        assert_eq!(arg(f, "rate"), "16 %");
        assert_eq!(arg(f, "ht"), "500");

        // The rates are the instance's: without 10 %, the caterer's line is reported too.
        let mut p = params();
        p.vat_rates = vec![20.0, 5.5, 0.0];
        let out = run_with(vec![sheet_of("Budget", rows)], &p);
        assert_eq!(codes_of(&out), vec![codes::TTC_RATE, codes::TTC_RATE]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 4, 2));
        assert_eq!(arg(&out.findings[0], "rate"), "10 %");

        // A per-line TVA column: TTC = HT + TVA.
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT", "TVA", "Montant TTC", "Type"],
            &["Stand", "1 000", "200", "1 200", "fixe"],
            &["Flyers", "500", "100", "650", "variable"],
            &["Total", "1 500", "300", "1 850", ""],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::TTC_RATE]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 2, 3));
    }

    #[test]
    fn total_ht_tva_total_ttc() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant", "Type"],
            &["Stand", "2 500", "fixe"],
            &["Flyers", "850", "variable"],
            &["Total HT", "3 350", ""],
            &["TVA 20 %", "670", ""],
            &["Total TTC", "4 020", ""],
        ];
        let out = run(rows);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "total"), "3 350");
        assert_eq!(arg(&out.evidence[0], "tax"), "HT");

        let mut bad: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
        bad[5][1] = "4 200";
        let bad: Vec<&[&str]> = bad.iter().map(|r| r.as_slice()).collect();
        let out = run(&bad);
        assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 5, 1));

        // No TVA row: the TTC total must be the HT total at one rate.
        let rows: &[&[&str]] = &[
            &["Poste", "Montant", "Type"],
            &["Stand", "2 500", "fixe"],
            &["Flyers", "850", "variable"],
            &["Total HT", "3 350", ""],
            &["Total TTC", "4 000", ""],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::TTC_RATE]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 4, 1));
    }

    #[test]
    fn mixed_currency_fires_at_the_odd_cell() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT", "Type"],
            &["Stand", "2 500 €", "fixe"],
            &["Logiciel", "300 $", "fixe"],
            &["Flyers", "850 €", "variable"],
            &["Total", "3 650 €", ""],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::MIXED_CURRENCY]);
        let f = &out.findings[0];
        assert_eq!(f.location, Location::cell("Budget", 2, 1));
        assert_eq!(arg(f, "currency"), "$");
        assert_eq!(arg(f, "expected"), "€");

        let rows: &[&[&str]] = &[
            &["Poste", "Montant (€ HT)", "Type"],
            &["Stand", "2 500 €", "fixe"],
            &["Flyers", "850 EUR", "variable"],
            &["Total", "3 350 euros", ""],
        ];
        assert!(run(rows).findings.is_empty());
    }

    fn with_formula(mut t: Table, r: usize, c: usize, formula: &str) -> Table {
        t.rows[r][c].formula = Some(formula.to_string());
        t
    }

    #[test]
    fn formula_range_missing_lines_fires() {
        let rows: &[&[&str]] = &[
            &["Budget 2027", "", ""],
            &["Poste", "Type", "Montant HT"],
            &["Stand", "fixe", "2 500"],
            &["Flyers", "variable", "850"],
            &["Pub", "variable", "1 500"],
            &["CM", "fixe", "1 000"],
            &["TOTAL", "", "5 850"],
        ];
        let t = with_formula(sheet_of("Budget", rows), 6, 2, "SUM(C3:C5)");
        let out = run_with(vec![t], &params());
        assert_eq!(codes_of(&out), vec![codes::FORMULA_RANGE]);
        let f = &out.findings[0];
        assert_eq!(f.location, Location::cell("Budget", 6, 2));
        assert_eq!(arg(f, "missing"), "C6");
        assert_eq!(arg(f, "formula"), "=SUM(C3:C5)");

        for good in [
            "SUM(C3:C6)",
            "SUM($C$3:$C$6)",
            "C3+C4+C5+C6",
            "of:=SUM([.C3:.C6])",
            "SOMME(C3:C4;C5:C6)",
        ] {
            let t = with_formula(sheet_of("Budget", rows), 6, 2, good);
            assert!(run_with(vec![t], &params()).findings.is_empty(), "{good}");
        }
        // Not a plain sum: not judged.
        let t = with_formula(
            sheet_of("Budget", rows),
            6,
            2,
            "SUMIF(B3:B6;\"fixe\";C3:C4)+C5+C6",
        );
        assert!(run_with(vec![t], &params()).findings.is_empty());
    }

    #[test]
    fn formula_adding_sub_totals_covers_their_lines() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT"],
            &["Stand (fixe)", "2 500"],
            &["CM (fixe)", "1 000"],
            &["Sous-total", "3 500"],
            &["Flyers (variable)", "850"],
            &["Sous-total", "850"],
            &["Total", "4 350"],
        ];
        let mut t = with_formula(sheet_of("Budget", rows), 6, 1, "B4+B6");
        t = with_formula(t, 3, 1, "SUM(B2:B3)");
        t = with_formula(t, 5, 1, "SUM(B5:B5)");
        let out = run_with(vec![t], &params());
        assert!(out.findings.is_empty(), "{:?}", out.findings);

        let mut t = with_formula(sheet_of("Budget", rows), 6, 1, "B4");
        t = with_formula(t, 3, 1, "SUM(B2:B3)");
        let out = run_with(vec![t], &params());
        assert!(codes_of(&out).contains(&codes::FORMULA_RANGE));
    }

    #[test]
    fn uncached_formula_total_is_not_compared() {
        let rows: &[&[&str]] = &[
            &["Poste", "Montant HT", "Type"],
            &["Stand", "2 500", "fixe"],
            &["Flyers", "850", "variable"],
            &["Total", "0", ""],
        ];
        let t = with_formula(sheet_of("Budget", rows), 3, 1, "SUM(B2:B3)");
        assert!(run_with(vec![t], &params()).findings.is_empty());
    }

    #[test]
    fn no_table_is_information_and_optional() {
        let rows: &[&[&str]] = &[&["Canal", "Cible"], &["LinkedIn", "B2B"]];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::NO_TABLE]);
        let p: Params = crate::parse(&shipped_params("plans", "budget-in-plan")).unwrap();
        assert!(run_with(vec![sheet_of("S", rows)], &p).findings.is_empty());
    }

    #[test]
    fn several_tables_on_one_sheet_each_checked() {
        let rows: &[&[&str]] = &[
            &["Coûts fixes", ""],
            &["Poste", "Montant HT"],
            &["Stand", "2 500"],
            &["Total", "2 500"],
            &["", ""],
            &["Coûts variables", ""],
            &["Poste", "Montant HT"],
            &["Flyers", "850"],
            &["Total", "900"],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
        assert_eq!(out.findings[0].location, Location::cell("Budget", 8, 1));
    }

    #[test]
    fn params_are_validated() {
        let p = shipped_params("plans", "budget");
        assert!(crate::validate(KIND, &p).is_ok());
        assert!(crate::validate(KIND, &shipped_params("plans", "budget-in-plan")).is_ok());
        let mut typo = p.clone();
        typo.insert("tolerence".into(), toml::Value::Float(1.0));
        assert!(crate::validate(KIND, &typo).is_err());
        let mut negative = p.clone();
        negative.insert("tolerance".into(), toml::Value::Float(-1.0));
        assert!(crate::validate(KIND, &negative).is_err());
    }

    #[test]
    fn french_figures() {
        assert_eq!(format_number(5850.0), "5 850");
        assert_eq!(format_number(1234567.891), "1 234 567,89");
        assert_eq!(format_number(5.5), "5,5");
        assert_eq!(format_amount(1234.5, Some("EUR")), "1 234,50 €");
        assert_eq!(format_number(-200.0), "-200");
        assert_eq!(format_number(f64::NAN), "");
    }

    #[test]
    fn sum_formulas_are_read_and_others_refused() {
        assert_eq!(sum_refs("SUM(C3:C7)"), Some(vec![(2, 2, 6, 2)]));
        assert_eq!(
            sum_refs("=C8+C15"),
            Some(vec![(7, 2, 7, 2), (14, 2, 14, 2)])
        );
        assert_eq!(sum_refs("of:=SUM([.C3:.C7])"), Some(vec![(2, 2, 6, 2)]));
        assert_eq!(sum_refs("SUM(C3:C7)*1.2"), None);
        assert_eq!(sum_refs("Feuil1!C3+C4"), None);
        assert_eq!(sum_refs("LOG10(C3)"), None);
        assert_eq!(sum_refs(""), None);
        assert_eq!(sum_refs("SUM(ZZZZ1:A99999999)"), None);
    }
}
