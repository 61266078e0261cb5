//! One budget table checked: its rows read in order, its totals walked.

use std::collections::BTreeMap;

use livrable_model::french::{parse_number, Tax};
use livrable_model::Observation;

use super::amounts::{amount_cols, amount_of, currency_in, primary, Amount};
use super::totals::{rate_finding, walk_totals};
use super::{codes, Config, Kind, TableFacts, QUOTE_MAX};
use crate::figures::currency_symbol;
use crate::tables::{normalize, Found, RowKind, Sheet};
use crate::text::quote;
use crate::Output;

/// A budget row's label text, normalised (empty when none).
fn row_norm(sheet: &Sheet, f: &Found, r: usize) -> String {
    f.label(sheet, r)
        .map(|(_, t)| normalize(t))
        .unwrap_or_default()
}

/// Checks one table; pushes its findings; returns what the sheet-level checks need.
pub(super) fn check_table(sheet: &Sheet, f: &Found, cfg: &Config, out: &mut Output) -> TableFacts {
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

pub(super) fn label_of(sheet: &Sheet, f: &Found, r: usize) -> String {
    f.label(sheet, r)
        .map(|(_, t)| quote(t, QUOTE_MAX))
        .unwrap_or_default()
}
