//! The timeline of a schedule: headers read as days, months or weeks, dated where possible.

use chrono::{Datelike, Duration, NaiveDate};
use livrable_model::french::{month_number, parse_date, Precision};
use livrable_model::{Cell, CellValue};

use super::Config;
use crate::tables::{self, normalize, Column, Found, Sheet};

/// A timeline header as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    Day(NaiveDate),
    /// `03/03`: a day and month, year to find.
    DayMonth(u32, u32),
    /// A month, with its year when written.
    Month(u32, Option<i32>),
    /// A week number.
    Week(u32),
}

/// Reads a header cell as a timeline label.
pub(super) fn parse_label(cell: &Cell, cfg: &Config) -> Option<Label> {
    match &cell.value {
        // A month typed as `mars 2027` is saved by Excel and Calc as the 1st of the month,
        // shown `mmmm yyyy`: the text says it is a month.
        CellValue::Date(d) => {
            return Some(match parse_date(cell.text.trim()) {
                Some((_, Precision::Month)) => Label::Month(d.month(), Some(d.year())),
                _ => Label::Day(*d),
            })
        }
        CellValue::Number(_) | CellValue::Bool(_) | CellValue::Error(_) => return None,
        _ => {}
    }
    let text = cell.text.trim();
    if text.is_empty() || text.chars().count() > 40 {
        return None;
    }
    if let Some((d, precision)) = parse_date(text) {
        return Some(match precision {
            Precision::Day => Label::Day(d),
            Precision::Month => Label::Month(d.month(), Some(d.year())),
        });
    }
    let norm = normalize(text);
    if let Some(caps) = cfg.week_re.captures(&norm) {
        let n: u32 = caps.get(1)?.as_str().parse().ok()?;
        return (1..=53).contains(&n).then_some(Label::Week(n));
    }
    if let Some(m) = month_number(&norm) {
        return Some(Label::Month(m, None));
    }
    let words: Vec<&str> = norm
        .split([' ', '/', '.', '\''])
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        // `mars 27`, `mars-27`
        [month, yy]
            if yy.len() == 2
                && yy.chars().all(|c| c.is_ascii_digit())
                && month_number(month).is_some() =>
        {
            let m = month_number(month)?;
            let y: i32 = yy.parse().ok()?;
            return Some(Label::Month(m, Some(2000 + y)));
        }
        // `03/2027`, `2027/03` (normalised `2027-03` reads `2027 03`)
        [a, b]
            if a.chars().all(|c| c.is_ascii_digit()) && b.chars().all(|c| c.is_ascii_digit()) =>
        {
            let (a_n, b_n): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            if a.len() <= 2 && b.len() == 4 && (1..=12).contains(&a_n) {
                return Some(Label::Month(a_n, i32::try_from(b_n).ok()));
            }
            if a.len() == 4 && b.len() <= 2 && (1..=12).contains(&b_n) {
                return Some(Label::Month(b_n, i32::try_from(a_n).ok()));
            }
            // `03/03`: day and month.
            if a.len() <= 2
                && b.len() <= 2
                && text.contains('/')
                && (1..=31).contains(&a_n)
                && (1..=12).contains(&b_n)
            {
                return Some(Label::DayMonth(a_n, b_n));
            }
            return None;
        }
        _ => {}
    }
    // `Semaine du 03/03/2027`: a date inside.
    text.split_whitespace().find_map(|w| match parse_date(w) {
        Some((d, Precision::Day)) => Some(Label::Day(d)),
        _ => None,
    })
}

/// The last day of a month.
pub(super) fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// First and last days, inclusive.
type DateRange = (NaiveDate, NaiveDate);

fn month_range(year: i32, month: u32) -> Option<DateRange> {
    Some((
        NaiveDate::from_ymd_opt(year, month, 1)?,
        month_end(year, month)?,
    ))
}

/// A timeline column: its labels and, when they can be dated, its dates.
#[derive(Debug, Clone)]
pub(super) struct TimeCol {
    pub(super) col: usize,
    /// The most precise label of the column, for showing.
    pub(super) label: Label,
    /// The header text shown for it.
    pub(super) text: String,
    pub(super) range: Option<(NaiveDate, NaiveDate)>,
}

/// The labels of column `c` in header rows `rows`, top to bottom, merges resolved.
fn labels_at(
    sheet: &Sheet,
    rows: std::ops::RangeInclusive<usize>,
    c: usize,
    cfg: &Config,
) -> Vec<(Label, String)> {
    let mut out: Vec<(Label, String)> = Vec::new();
    for r in rows {
        if let Some(cell) = sheet.resolved(r, c) {
            if let Some(l) = parse_label(cell, cfg) {
                if !out.iter().any(|(x, _)| *x == l) {
                    out.push((l, cell.text.trim().to_string()));
                }
            }
        }
    }
    out
}

/// True when (r, c), merges resolved, shows a timeline label.
fn shows_label(sheet: &Sheet, r: usize, c: usize, cfg: &Config) -> bool {
    sheet
        .resolved(r, c)
        .is_some_and(|cell| parse_label(cell, cfg).is_some())
}

/// How many columns of rows `r - 1` and `r` hold timeline labels.
pub(super) fn timeline_count(sheet: &Sheet, r: usize, cfg: &Config) -> usize {
    (0..sheet.width())
        .filter(|&c| {
            [r.checked_sub(1), Some(r)]
                .into_iter()
                .flatten()
                .any(|row| shows_label(sheet, row, c, cfg))
        })
        .count()
}

/// The timeline columns of a found table, dated where possible.
pub(super) fn timeline(
    sheet: &Sheet,
    f: &Found,
    cfg: &Config,
    year_hint: Option<i32>,
) -> Vec<TimeCol> {
    let top = f.header_first.saturating_sub(2).max(f.title_rows.start);
    let mut raw: Vec<(usize, Vec<(Label, String)>)> = Vec::new();
    for c in f.first_col..sheet.width() {
        if f.role_of(c).is_some() {
            continue;
        }
        let labels = labels_at(sheet, top..=f.header_last, c, cfg);
        if !labels.is_empty() {
            raw.push((c, labels));
        }
    }
    // Year for year-less months and days: the first written year, else the hint.
    let first_year = raw
        .iter()
        .flat_map(|(_, ls)| ls.iter())
        .find_map(|(l, _)| match l {
            Label::Day(d) => Some(d.year()),
            Label::Month(_, Some(y)) => Some(*y),
            _ => None,
        });
    let mut year = first_year.or(year_hint);
    let mut prev_month: Option<u32> = None;
    let mut cols: Vec<TimeCol> = Vec::new();
    for (c, labels) in raw {
        // Resolve each label to a range; keep the most precise.
        let mut best: Option<(u8, Label, String, Option<DateRange>)> = None;
        for (label, text) in labels {
            let (rank, range) = match label {
                Label::Day(d) => {
                    year = Some(d.year());
                    prev_month = Some(d.month());
                    (4, Some((d, d)))
                }
                Label::DayMonth(d, m) => {
                    if let (Some(y), Some(p)) = (year, prev_month) {
                        if m < p {
                            year = Some(y + 1);
                        }
                    }
                    prev_month = Some(m);
                    let date = year.and_then(|y| NaiveDate::from_ymd_opt(y, m, d));
                    (3, date.map(|d| (d, d)))
                }
                Label::Month(m, Some(y)) => {
                    year = Some(y);
                    prev_month = Some(m);
                    (2, month_range(y, m))
                }
                Label::Month(m, None) => {
                    if let (Some(y), Some(p)) = (year, prev_month) {
                        if m < p {
                            year = Some(y + 1);
                        }
                    }
                    prev_month = Some(m);
                    (2, year.and_then(|y| month_range(y, m)))
                }
                Label::Week(_) => (1, None),
            };
            let better = match &best {
                None => true,
                Some((r, _, _, brange)) => {
                    (range.is_some() && brange.is_none())
                        || (range.is_some() == brange.is_some() && rank > *r)
                }
            };
            if better {
                best = Some((rank, label, text, range));
            }
        }
        if let Some((_, label, text, range)) = best {
            cols.push(TimeCol {
                col: c,
                label,
                text,
                range,
            });
        }
    }
    // Dates that are all the 1st of successive months are month headers shown as dates
    // (`mmm yyyy`): each covers its month.
    let days: Vec<NaiveDate> = cols
        .iter()
        .filter_map(|t| match t.label {
            Label::Day(d) => Some(d),
            _ => None,
        })
        .collect();
    let month_starts = days.len() >= 2
        && days.iter().all(|d| d.day() == 1)
        && days.windows(2).all(|w| w[0] < w[1]);
    // Otherwise a day column covers the days up to the next dated column (weekly dates),
    // and the last one as many days as the one before it.
    let mut step: Option<i64> = None;
    for i in 0..cols.len() {
        let Label::Day(d) = cols[i].label else {
            continue;
        };
        if month_starts {
            cols[i].range = month_range(d.year(), d.month());
            continue;
        }
        match cols.get(i + 1).and_then(|n| n.range) {
            Some(next) if next.0 > d => {
                let end = next.0.pred_opt().unwrap_or(d);
                let days = (end - d).num_days();
                if days <= 31 {
                    cols[i].range = Some((d, end));
                    step = Some(days);
                }
            }
            None => {
                if let Some(n) = step {
                    let end = d.checked_add_signed(Duration::days(n)).unwrap_or(d);
                    cols[i].range = Some((d, end));
                }
            }
            _ => {}
        }
    }
    if cols.len() < cfg.min_timeline {
        Vec::new()
    } else {
        cols
    }
}

/// A grid whose only headers are timeline labels: the task column is the column left of
/// the timeline with the most text below the header.
pub(super) fn grid_without_task_header(sheet: &Sheet, cfg: &Config) -> Option<Found> {
    let r = (0..sheet.height()).find(|&r| {
        (0..sheet.width())
            .filter(|&c| shows_label(sheet, r, c, cfg))
            .count()
            >= cfg.min_timeline
    })?;
    let mut last = r;
    while last + 1 < sheet.height()
        && (0..sheet.width())
            .filter(|&c| {
                sheet
                    .cell(last + 1, c)
                    .is_some_and(|cell| parse_label(cell, cfg).is_some())
            })
            .count()
            >= cfg.min_timeline
    {
        last += 1;
    }
    let in_timeline = |c: usize| (r..=last).any(|row| shows_label(sheet, row, c, cfg));
    let first_time = (0..sheet.width()).find(|&c| in_timeline(c))?;
    let last_time = (0..sheet.width()).rev().find(|&c| in_timeline(c))?;
    // Columns whose header names a role (`Responsable`, `Début`) keep it.
    let named: Vec<Column> = tables::header_columns(sheet, &cfg.vocabulary, r, last, 0, last_time)
        .into_iter()
        .filter(|c| c.role != "task")
        .collect();
    let task_col = (0..first_time)
        .filter(|c| !named.iter().any(|n| n.col == *c))
        .max_by_key(|&c| {
            (last + 1..sheet.height())
                .filter(|&row| {
                    sheet.cell(row, c).is_some_and(|cell| {
                        tables::is_text(cell) && parse_label(cell, cfg).is_none()
                    })
                })
                .count()
        })?;
    let column = Column {
        role: "task".into(),
        col: task_col,
        text: sheet.text(r, task_col).to_string(),
        norm: normalize(sheet.text(r, task_col)),
    };
    let mut columns = vec![column];
    columns.extend(named);
    columns.sort_by_key(|c| c.col);
    let first_col = columns.first().map_or(task_col, |c| c.col).min(first_time);
    Some(tables::found_at(
        sheet,
        &cfg.layout,
        (r, last),
        (first_col, last_time),
        columns,
        None,
    ))
}
