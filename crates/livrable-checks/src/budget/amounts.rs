//! What the amount cells and columns of a budget table hold.

use livrable_model::french::{parse_number, Tax};
use livrable_model::CellValue;

use super::Config;
use crate::budget_table::tax_of_cells;
use crate::tables::{self, normalize, Found, Sheet};

/// What an amount cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Amount {
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
    pub(super) fn value(&self) -> Option<f64> {
        match self {
            Amount::Value(v) => Some(*v),
            Amount::Zero => Some(0.0),
            _ => None,
        }
    }

    pub(super) fn is_cost(&self) -> bool {
        matches!(self, Amount::Value(_) | Amount::Zero | Amount::Unknown)
    }
}

pub(super) fn amount_of(sheet: &Sheet, r: usize, c: usize, cfg: &Config) -> Amount {
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
pub(super) struct AmountCol {
    pub(super) col: usize,
    pub(super) tax: Option<Tax>,
    /// `Some(true)`: fixed costs, `Some(false)`: variable costs.
    pub(super) fixed: Option<bool>,
    /// Some data row holds a number in it.
    pub(super) numeric: bool,
}

/// The amount columns of a table, tagged.
pub(super) fn amount_cols(sheet: &Sheet, f: &Found, cfg: &Config) -> Vec<AmountCol> {
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

/// The column that holds each line's amount: among the columns with numbers, the first
/// that is neither TTC nor a fixed or variable part; failing that, the first that is not
/// a part; failing that, the first.
pub(super) fn primary(cols: &[AmountCol]) -> Option<&AmountCol> {
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

/// The currency a header or text names: a symbol or a code.
pub(super) fn currency_in(text: &str) -> Option<&'static str> {
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
