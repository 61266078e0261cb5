//! Totals against the lines they sum, HT against TTC, and a total formula's range.

use livrable_model::french::{parse_number, Tax};
use livrable_model::location::cell_ref;
use livrable_model::{Location, Observation};

use super::amounts::{amount_of, Amount, AmountCol};
use super::table::label_of;
use super::{codes, Config, Kind};
use crate::figures::{format_amount, format_number};
use crate::formula::sum_refs;
use crate::tables::{normalize, Found, Sheet};
use crate::Output;

/// What walking one amount column gave.
#[derive(Default)]
pub(super) struct Sums {
    pub(super) grand: Option<(f64, Option<Tax>)>,
    pub(super) grand_ttc: Option<f64>,
    pub(super) line_sum: Option<f64>,
    pub(super) had_total: bool,
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
    pub(super) fn add(&mut self, a: &Amount, at: (u32, u32)) {
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
pub(super) fn walk_totals(
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

pub(super) fn mismatch(
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

pub(super) fn rate_finding(
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
