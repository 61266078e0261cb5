//! One schedule table checked: its tasks read with their dates, bars and owners.

use chrono::{Duration, NaiveDate};
use livrable_model::french::month_number;
use livrable_model::Observation;

use super::dates::{date_of, duration_days, show_date, span_of, Period};
use super::timeline::timeline;
use super::{codes, Config, Params, QUOTE_MAX};
use crate::tables::{self, normalize, Found, RowKind, Sheet};
use crate::text::quote;
use crate::Output;

/// True for a light colour (every channel at least 0xCC), as used for row banding.
fn is_light(fill: &str) -> bool {
    fill.len() == 6
        && (0..3).all(|i| {
            fill.get(i * 2..i * 2 + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .is_some_and(|v| v >= 0xCC)
        })
}

/// One task as read.
pub(super) struct Task<'a> {
    pub(super) row: usize,
    pub(super) label: &'a str,
    pub(super) start: Option<(NaiveDate, usize)>,
    pub(super) end: Option<(NaiveDate, usize)>,
    /// Whether any start, end, date or duration cell of the task names a time, read as a
    /// date or not.
    pub(super) dates_written: bool,
    /// Timeline columns (indices into the timeline) that are filled.
    pub(super) bars: Vec<usize>,
}

/// Whether a date cell's text names a time: a digit or a month.
fn looks_dated(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        || normalize(text)
            .split([' ', '.', '/', '\''])
            .any(|w| month_number(w).is_some())
}

/// The first row of a colour legend under the tasks, if any: a row whose label opens with
/// a legend word (`Légende`), or the last rows of the table when each pairs a label with a
/// swatch (a strong fill outside the timeline: in the label's cell or beside it) and holds
/// no date, duration nor owner. A legend names colours; it has no dates because it is no
/// task.
fn legend_start(
    sheet: &Sheet,
    f: &Found,
    cfg: &Config,
    time: &[super::timeline::TimeCol],
    written_cols: &[usize],
) -> Option<usize> {
    let worded = f
        .rows
        .iter()
        .find(|r| {
            f.label(sheet, r.index)
                .is_some_and(|(_, t)| cfg.legend_words.starts(&normalize(t)))
        })
        .map(|r| r.index);
    let strong =
        |fill: &str| !is_light(fill) && !cfg.blank_fills.contains(&fill.to_ascii_uppercase());
    let swatch_row = |r: usize| {
        let no_dates = written_cols
            .iter()
            .all(|&c| sheet.text(r, c).trim().is_empty());
        let on_timeline = time.iter().any(|t| {
            sheet
                .resolved(r, t.col)
                .is_some_and(|x| !x.text.trim().is_empty() || x.fill.as_deref().is_some_and(strong))
        });
        let swatch = (f.first_col..=f.last_col)
            .filter(|c| !time.iter().any(|t| t.col == *c))
            .any(|c| {
                sheet.resolved(r, c).is_some_and(|x| {
                    x.text.trim().is_empty() && x.fill.as_deref().is_some_and(strong)
                })
            });
        no_dates && !on_timeline && swatch && f.label(sheet, r).is_some()
    };
    let swatches = f
        .rows
        .iter()
        .rev()
        .filter(|r| worded.is_none_or(|w| r.index < w))
        .take_while(|r| swatch_row(r.index))
        .last()
        .map(|r| r.index);
    match (worded, swatches) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
/// Checks one schedule table; returns whether it was one (it has tasks).
pub(super) fn check_table(
    sheet: &Sheet,
    f: &Found,
    cfg: &Config,
    params: &Params,
    period: Option<&Period>,
    year_hint: Option<i32>,
    out: &mut Output,
) -> bool {
    let Some(task_col) = f.column("task") else {
        return false;
    };
    let col_of = |role: &str| f.column(role).map(|c| c.col);
    let (start_col, end_col, date_col, owner_col) = (
        col_of("start"),
        col_of("end"),
        col_of("date"),
        col_of("owner"),
    );
    let duration = f.column("duration");
    let time = timeline(sheet, f, cfg, year_hint);
    let task_header = sheet.location(f.header_last, task_col.col);
    let written_cols: Vec<usize> = [start_col, end_col, date_col, duration.map(|d| d.col)]
        .into_iter()
        .flatten()
        .collect();
    let legend = legend_start(sheet, f, cfg, &time, &written_cols);

    // Tasks: data rows with a label, and lone rows that are not phase headings.
    let mut tasks: Vec<Task> = Vec::new();
    for row in &f.rows {
        let is_task_row = match row.kind {
            RowKind::Data => true,
            RowKind::Section => {
                let label = sheet.text(row.index, task_col.col);
                let merged_across = sheet
                    .merge_at(row.index, task_col.col)
                    .is_some_and(|(_, c0, _, c1)| c1 > c0);
                !(cfg.section_words.starts(&normalize(label)) || merged_across || label.is_empty())
            }
            _ => false,
        };
        if !is_task_row || legend.is_some_and(|l| row.index >= l) {
            continue;
        }
        let Some(cell) = sheet.cell(row.index, task_col.col) else {
            continue;
        };
        let label = cell.text.trim();
        if label.is_empty() || !tables::is_text(cell) {
            continue;
        }
        let date_at = |c: Option<usize>, end: bool| {
            c.and_then(|c| {
                sheet
                    .resolved(row.index, c)
                    .and_then(|x| date_of(x, end))
                    .map(|d| (d, c))
            })
        };
        let mut start = date_at(start_col, false);
        let mut end = date_at(end_col, true);
        if start.is_none() && end.is_none() {
            let span = date_col.and_then(|c| {
                sheet
                    .resolved(row.index, c)
                    .and_then(|x| span_of(x, cfg))
                    .map(|(a, b)| ((a, c), (b, c)))
            });
            if let Some((a, b)) = span {
                start = Some(a);
                end = Some(b);
            }
        }
        if let Some(dur) = duration {
            if let Some(days) = sheet
                .cell(row.index, dur.col)
                .and_then(|x| duration_days(x, &dur.norm, cfg))
            {
                // A duration computed from dates that end before they start repeats the
                // dates' finding (at the end cell, below).
                let dates_reversed = matches!((start, end), (Some((s, _)), Some((e, _))) if e < s);
                if days < 0.0 && !dates_reversed {
                    out.findings.push(
                        Observation::new(
                            codes::END_BEFORE_START,
                            sheet.location(row.index, dur.col),
                        )
                        .arg("task", quote(label, QUOTE_MAX))
                        .arg(
                            "start",
                            start.map(|(d, _)| show_date(d)).unwrap_or_default(),
                        )
                        .arg("end", sheet.text(row.index, dur.col)),
                    );
                } else if days >= 0.0 {
                    // Beyond a century a duration is a typing error; no date is derived from it.
                    let span =
                        Duration::try_days(((days - 1.0).max(0.0)).round().min(36_500.0) as i64)
                            .unwrap_or_default();
                    match (start, end) {
                        (Some((s, _)), None) => {
                            end = s.checked_add_signed(span).map(|d| (d, dur.col))
                        }
                        (None, Some((e, _))) => {
                            start = e.checked_sub_signed(span).map(|d| (d, dur.col))
                        }
                        _ => {}
                    }
                }
            }
        }
        // Bars.
        let task_fill = sheet
            .resolved(row.index, task_col.col)
            .and_then(|x| x.fill.clone());
        let filled = |c: usize| {
            sheet.resolved(row.index, c).is_some_and(|x| {
                !x.text.trim().is_empty()
                    || x.fill
                        .as_ref()
                        .is_some_and(|fill| !cfg.blank_fills.contains(&fill.to_ascii_uppercase()))
            })
        };
        let mut bars: Vec<usize> = (0..time.len()).filter(|&i| filled(time[i].col)).collect();
        if let Some(band) = task_fill.filter(|f| is_light(f)) {
            let banded = bars.len() == time.len()
                && time.iter().all(|t| {
                    sheet.resolved(row.index, t.col).is_some_and(|x| {
                        x.text.trim().is_empty() && x.fill.as_deref() == Some(band.as_str())
                    })
                });
            if banded {
                bars.clear();
            }
        }
        // A period written in a form this reader does not know (`fin juin`, `J-15`) is
        // still the author's dates: a digit or a month name says so (`à définir` does not).
        let dates_written = written_cols
            .iter()
            .any(|&c| looks_dated(sheet.text(row.index, c)));
        tasks.push(Task {
            row: row.index,
            label,
            start,
            end,
            dates_written,
            bars,
        });
    }
    if tasks.is_empty() {
        return false;
    }
    let before = out.findings.len();

    let has_timeline = !time.is_empty();
    let date_cols =
        start_col.is_some() || end_col.is_some() || date_col.is_some() || duration.is_some();
    let any_dates = tasks.iter().any(|t| t.start.is_some() || t.end.is_some());
    let any_bar = tasks.iter().any(|t| !t.bars.is_empty());

    // Inside another document (a plan's action table), a table with no date, duration or
    // timeline column is not a schedule: the schedule may be its own file. Only a Gantt
    // file (where a missing schedule is reported) must carry dates.
    if !has_timeline && !date_cols && !params.report_missing_table {
        return false;
    }
    if !has_timeline && !any_dates {
        let at = start_col
            .or(end_col)
            .or(date_col)
            .map(|c| sheet.location(f.header_last, c))
            .unwrap_or_else(|| task_header.clone());
        out.findings.push(
            Observation::new(codes::NO_DATES, at)
                .arg("count", tasks.len())
                .arg("columns", usize::from(date_cols)),
        );
    }

    if params.require_owner && owner_col.is_none() {
        out.findings.push(
            Observation::new(codes::NO_OWNER_COLUMN, task_header.clone()).arg("count", tasks.len()),
        );
    }

    // The period tasks must stay in: stated, or the grid's dated span.
    let grid_span = {
        let dated: Vec<(NaiveDate, NaiveDate)> = time.iter().filter_map(|t| t.range).collect();
        match (
            dated.iter().map(|r| r.0).min(),
            dated.iter().map(|r| r.1).max(),
        ) {
            (Some(a), Some(b)) if dated.len() == time.len() => Some(Period { start: a, end: b }),
            _ => None,
        }
    };
    let bound = period.or(grid_span.as_ref());

    for t in &tasks {
        let mut reversed = false;
        if let (Some((s, _)), Some((e, ec))) = (t.start, t.end) {
            reversed = e < s;
            if e < s && end_col == Some(ec) {
                out.findings.push(
                    Observation::new(codes::END_BEFORE_START, sheet.location(t.row, ec))
                        .arg("task", quote(t.label, QUOTE_MAX))
                        .arg("start", show_date(s))
                        .arg("end", show_date(e)),
                );
            }
        }
        if let Some(owner) = owner_col {
            if sheet.text(t.row, owner).is_empty() {
                out.findings.push(
                    Observation::new(codes::TASK_WITHOUT_OWNER, sheet.location(t.row, owner))
                        .arg("task", quote(t.label, QUOTE_MAX)),
                );
            }
        }
        let has_dates = t.start.is_some() || t.end.is_some();
        // A task that ends before it starts has no period to draw.
        let no_bar = has_timeline && any_bar && t.bars.is_empty() && !reversed;
        let empty = if has_timeline && any_bar {
            no_bar && !has_dates && !t.dates_written
        } else {
            (has_timeline || any_dates) && !has_dates && !t.dates_written
        };
        if empty {
            out.findings.push(
                Observation::new(codes::EMPTY_TASK, sheet.location(t.row, task_col.col))
                    .arg("task", quote(t.label, QUOTE_MAX)),
            );
        } else if no_bar {
            // Dated but not drawn, often because its dates lie beyond the grid.
            let (from, to) = (t.start.or(t.end), t.end.or(t.start));
            let shown = |d: Option<(NaiveDate, usize)>| {
                d.map(|(d, _)| show_date(d)).unwrap_or_else(|| {
                    written_cols
                        .iter()
                        .map(|&c| sheet.text(t.row, c).trim())
                        .find(|x| !x.is_empty())
                        .unwrap_or_default()
                        .to_string()
                })
            };
            // The grid's first and last days, or its first and last headers (weeks).
            let (grid_start, grid_end) = match &grid_span {
                Some(g) => (show_date(g.start), show_date(g.end)),
                None => (
                    time.first().map(|t| t.text.clone()).unwrap_or_default(),
                    time.last().map(|t| t.text.clone()).unwrap_or_default(),
                ),
            };
            out.findings.push(
                Observation::new(codes::MISSING_BAR, sheet.location(t.row, task_col.col))
                    .arg("task", quote(t.label, QUOTE_MAX))
                    .arg("start", shown(from))
                    .arg("end", shown(to))
                    .arg("grid_start", grid_start)
                    .arg("grid_end", grid_end),
            );
        }
        // A missing bar already names the grid's span: only a stated period adds to it.
        let bound = if no_bar && !empty { period } else { bound };
        if let Some(p) = bound {
            let out_date = [t.start, t.end]
                .into_iter()
                .flatten()
                .find(|(d, _)| *d < p.start || *d > p.end);
            let out_bar = t.bars.iter().find_map(|&i| {
                let tc = &time[i];
                tc.range
                    .filter(|(a, b)| *b < p.start || *a > p.end)
                    .map(|(a, _)| (a, tc.col))
            });
            if let Some((d, c)) = out_date.or(out_bar) {
                out.findings.push(
                    Observation::new(codes::OUTSIDE_PERIOD, sheet.location(t.row, c))
                        .arg("task", quote(t.label, QUOTE_MAX))
                        .arg("date", show_date(d))
                        .arg("start", show_date(p.start))
                        .arg("end", show_date(p.end)),
                );
            }
        }
    }

    if out.findings.len() == before {
        // The schedule's span: dates, else the bars' dated columns, else their labels.
        let mut first: Option<NaiveDate> = None;
        let mut last: Option<NaiveDate> = None;
        for t in &tasks {
            let bar_range = |i: &usize| time.get(*i).and_then(|tc| tc.range);
            let starts = t
                .start
                .map(|(d, _)| d)
                .into_iter()
                .chain(t.bars.iter().filter_map(bar_range).map(|r| r.0));
            let ends = t
                .end
                .map(|(d, _)| d)
                .into_iter()
                .chain(t.bars.iter().filter_map(bar_range).map(|r| r.1));
            for d in starts {
                first = Some(first.map_or(d, |x| x.min(d)));
            }
            for d in ends {
                last = Some(last.map_or(d, |x| x.max(d)));
            }
        }
        let (start, end) = match (first, last) {
            (Some(a), Some(b)) => (show_date(a), show_date(b)),
            _ => {
                let drawn: Vec<usize> = tasks.iter().flat_map(|t| t.bars.iter().copied()).collect();
                match (drawn.iter().min(), drawn.iter().max()) {
                    (Some(&a), Some(&b)) => (time[a].text.clone(), time[b].text.clone()),
                    _ => (String::new(), String::new()),
                }
            }
        };
        let at = f.location(sheet);
        out.evidence.push(
            Observation::new(codes::SCHEDULE, at.clone())
                .arg("count", tasks.len())
                .arg("start", start)
                .arg("end", end),
        );
        if owner_col.is_some() {
            out.evidence
                .push(Observation::new(codes::OWNERS, at).arg("count", tasks.len()));
        }
    }
    true
}
