//! `gantt/…`: is the schedule a usable Gantt chart: dated, consistent, owned, within its
//! period?
//!
//! # What it reads
//!
//! Candidates draw Gantt charts in two shapes, often mixed, and both are read:
//!
//! - a **task table**: a task column (`Tâche`, `Action`, `Étape`…) with start, end,
//!   duration, owner columns, or one column holding a date or a period per task (a plan's
//!   `Période` column: `mars 2027`, `12–14 mars 2027`, `mars–juin 2027`), found by header
//!   words (the instance's `columns`) with [`crate::tables`];
//! - a **timeline grid**: header cells that are dates, weeks (`S1`, `Sem. 12`, `Semaine
//!   12`, `W12`: the instance's `week_prefixes`) or months (`janv.`, `Mars 2027`,
//!   `03/2027`), possibly on two levels (months merged over weeks), with bars drawn as
//!   filled cells: any value (`x`, `■`, `1`) or a background fill other than
//!   `blank_fills`. At least `min_timeline_columns` such headers make a timeline. A grid
//!   whose task column has no header word at all is found by its timeline alone.
//!
//! Month headers without a year take it from another header, from the stated period, or
//! from a year written in the title block, counting on across December. Weeks are
//! numbered, not dated (S1 is the project's first week as often as ISO week 1), so a
//! week-only grid has a span but no calendar dates. A fill that covers the task's label
//! and every timeline cell of its row in one light colour is row banding, not a bar.
//!
//! # What it checks
//!
//! - `gantt/no-dates`: a schedule table with neither date, duration nor timeline columns,
//!   or whose date columns are all empty; at the task header.
//! - `gantt/end-before-start`: a task whose end is before its start (at the end cell), or
//!   whose duration is negative (at the duration cell).
//! - `gantt/task-without-owner`: a task whose owner cell is empty (merged owner cells
//!   count for every row they cover), when the table has an owner column.
//! - `gantt/no-owner-column`: no owner column at all, when the instance sets
//!   `require_owner`; once per table, at the task header.
//! - `gantt/empty-task`: a task with nothing scheduled: no bar where the grid has bars, or
//!   no date in a table without a grid. In a table whose date columns are filled but whose
//!   grid has no bar at all, the bars are taken to be drawn by conditional formatting
//!   (which readers do not see), and dated tasks are not reported.
//! - `gantt/outside-period`: a task dated or drawn outside the period the sheet states
//!   (`Période : mars–juin 2027`, `du 1er mars au 30 juin 2027`, in a cell or in the
//!   document's text, after one of `period_words`) or, when none is stated, outside the
//!   grid's first and last dated headers; at the first offending cell of the task.
//! - `gantt/no-table` (information): no schedule table recognised (only when
//!   `report_missing_table`).
//!
//! A lone text row followed by tasks is a phase heading (not a task) when its label
//! starts with one of `section_words` (`Phase 1`, `Étape 2`) or is merged across columns;
//! any other lone row is a task.
//!
//! When a table has no finding, the evidence `gantt/schedule` gives `count` (tasks),
//! `start` and `end` (first and last dates as `01/03/2027`, or the first and last
//! timeline headers drawn); `gantt/owners` adds that every task has an owner.
//!
//! # Why
//!
//! C1.6/CE2 asks for « un calendrier prévisionnel sous forme d'un diagramme de Gantt » and
//! C3.1/CE2 for « un calendrier prévisionnel détaillé » with « des outils de planification
//! tels que le Gantt ». An undated or ownerless task, or one ending before it starts, is a
//! schedule no one can run.
//!
//! # Limits
//!
//! - Conditional formatting and row- or column-wide styles are not read (see the
//!   spreadsheet reader): bars drawn that way are invisible here.
//! - Dependencies between tasks are not checked.
//! - A task with no bar written as a lone row between tasks of a coloured grid is read as
//!   a task only if its label does not start with a section word.

use chrono::{Datelike, Duration, NaiveDate};
use livrable_model::french::{excel_serial_date, fold, month_number, parse_date, Precision};
use livrable_model::{Cell, CellValue, Document, Location, Observation};
use regex::Regex;

use crate::tables::{
    self, find_word, normalize, Column, Found, Layout, LayoutParams, RowKind, Sheet, Spec,
    Vocabulary, Words,
};
use crate::text::quote;
use crate::{Input, Output, ParamError};

pub const KIND: &str = "gantt";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_DATES: &str = "gantt/no-dates";
    pub const END_BEFORE_START: &str = "gantt/end-before-start";
    pub const TASK_WITHOUT_OWNER: &str = "gantt/task-without-owner";
    pub const NO_OWNER_COLUMN: &str = "gantt/no-owner-column";
    pub const EMPTY_TASK: &str = "gantt/empty-task";
    pub const OUTSIDE_PERIOD: &str = "gantt/outside-period";
    pub const NO_TABLE: &str = "gantt/no-table";
    /// Evidence.
    pub const SCHEDULE: &str = "gantt/schedule";
    pub const OWNERS: &str = "gantt/owners";
}

/// Task labels quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 60;

/// Excel serials read as dates in date columns: 2000-01-01 to 2099-12-31. A plain number
/// in a start or end column is a date whose format was lost (a CSV export).
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 36_526.0..=73_050.0;

/// Header words of the schedule's columns.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The task's label: `tâche`, `action`, `étape`, `activité`.
    pub task: Vec<String>,
    /// `début`, `date de début`, `démarrage`.
    pub start: Vec<String>,
    /// `fin`, `date de fin`, `échéance`, `deadline`.
    pub end: Vec<String>,
    /// `durée`, `nb de jours`.
    pub duration: Vec<String>,
    /// `responsable`, `pilote`, `porteur`, `qui`.
    pub owner: Vec<String>,
    /// A single date or a period per task (a milestone, a plan's « Période » column:
    /// `15/03/2027`, `mars 2027`, `mars–juin 2027`): `date`, `période`, `quand`.
    pub date: Vec<String>,
    /// Columns that are none of these, even if their header shares a word
    /// (`statut`, `avancement`, `dépendance`).
    pub other: Vec<String>,
}

/// Words for the unit of a duration, in the duration's cell or header.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationUnits {
    /// `j`, `jour`, `jours` (the default unit when none is written).
    pub days: Vec<String>,
    /// `sem`, `semaine`, `semaines`.
    pub weeks: Vec<String>,
    /// `mois`.
    pub months: Vec<String>,
}

/// Parameters of a `gantt` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub columns: Columns,
    pub layout: LayoutParams,
    /// Prefixes of week headers, followed by the week's number: `s` (`S12`), `sem`,
    /// `semaine`, `w`, `week`.
    pub week_prefixes: Vec<String>,
    /// How many date, week or month headers make a timeline grid.
    pub min_timeline_columns: usize,
    /// Fills (`RRGGBB`) that are no fill: white.
    pub blank_fills: Vec<String>,
    /// Words that introduce the plan's stated period: `période`, `calendrier`.
    pub period_words: Vec<String>,
    /// Words that open a phase heading row: `phase`, `étape`, `lot`.
    pub section_words: Vec<String>,
    pub duration_units: DurationUnits,
    /// `true`: a schedule without an owner column is reported.
    pub require_owner: bool,
    /// `true`: a document with no schedule table gets `gantt/no-table`.
    pub report_missing_table: bool,
}

/// The parameters, prepared.
pub(crate) struct Config {
    vocabulary: Vocabulary,
    layout: Layout,
    week_re: Regex,
    min_timeline: usize,
    blank_fills: Vec<String>,
    period_words: Words,
    section_words: Words,
    days: Words,
    weeks: Words,
    months: Words,
    year_re: Regex,
}

impl Config {
    pub(crate) fn new(p: &Params) -> Result<Self, ParamError> {
        if p.columns.task.is_empty() {
            return Err(ParamError("gantt: `columns.task` must not be empty".into()));
        }
        let prefixes: Vec<String> = p
            .week_prefixes
            .iter()
            .map(|w| normalize(w))
            .filter(|w| !w.is_empty())
            .map(|w| regex::escape(&w))
            .collect();
        let week_re = if prefixes.is_empty() {
            // Matches nothing: no week headers.
            crate::regex_cache::cached(r"[^\s\S]")
        } else {
            crate::regex_cache::cached(&format!(
                r"^(?:{})\.?\s*(\d{{1,2}})(?:\s*[/ ]\s*(\d{{4}}))?$",
                prefixes.join("|")
            ))
        }
        .map_err(|e| ParamError(format!("gantt: `week_prefixes`: {e}")))?;
        let vocabulary = Vocabulary::new()
            .role("task", &p.columns.task)
            .role("start", &p.columns.start)
            .role("end", &p.columns.end)
            .role("duration", &p.columns.duration)
            .role("owner", &p.columns.owner)
            .role("date", &p.columns.date)
            .role("other", &p.columns.other);
        Ok(Config {
            vocabulary,
            layout: Layout::new(&p.layout),
            week_re,
            min_timeline: p.min_timeline_columns.max(1),
            blank_fills: p
                .blank_fills
                .iter()
                .map(|f| f.trim().to_ascii_uppercase())
                .collect(),
            period_words: Words::new(&p.period_words),
            section_words: Words::new(&p.section_words),
            days: Words::new(&p.duration_units.days),
            weeks: Words::new(&p.duration_units.weeks),
            months: Words::new(&p.duration_units.months),
            year_re: crate::regex_cache::cached(r"\b(20\d\d)\b")
                .map_err(|e| ParamError(e.to_string()))?,
        })
    }
}

/// A timeline header as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Day(NaiveDate),
    /// `03/03`: a day and month, year to find.
    DayMonth(u32, u32),
    /// A month, with its year when written.
    Month(u32, Option<i32>),
    /// A week number.
    Week(u32),
}

/// Reads a header cell as a timeline label.
fn parse_label(cell: &Cell, cfg: &Config) -> Option<Label> {
    match &cell.value {
        CellValue::Date(d) => return Some(Label::Day(*d)),
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
fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
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
struct TimeCol {
    col: usize,
    /// The most precise label of the column, for showing.
    label: Label,
    /// The header text shown for it.
    text: String,
    range: Option<(NaiveDate, NaiveDate)>,
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
fn timeline_count(sheet: &Sheet, r: usize, cfg: &Config) -> usize {
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
fn timeline(sheet: &Sheet, f: &Found, cfg: &Config, year_hint: Option<i32>) -> Vec<TimeCol> {
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

/// A period stated on the sheet or in the document's text.
#[derive(Debug, Clone)]
struct Period {
    start: NaiveDate,
    end: NaiveDate,
}

/// Parses `mars–juin 2027`, `du 1er mars au 30 juin 2027`, `01/03/2027 - 30/06/2027`,
/// `mars 2027` (one month) from the text after a period word.
fn parse_period(text: &str) -> Option<Period> {
    let t = fold(text);
    let t = t.trim().trim_start_matches([':', ' ', '\u{a0}']).trim();
    let t = t
        .strip_prefix("du ")
        .or_else(|| t.strip_prefix("de "))
        .unwrap_or(t)
        .trim();
    let separators = [
        " jusqu'au ",
        " jusqu'a ",
        " au ",
        " a ",
        "→",
        "->",
        "–",
        "—",
        " - ",
    ];
    let split = separators.iter().find_map(|s| t.split_once(s)).or_else(|| {
        // `mars-juin 2027`: a hyphen between letters.
        let b = t.as_bytes();
        (1..b.len().saturating_sub(1))
            .find(|&i| {
                b[i] == b'-' && b[i - 1].is_ascii_alphabetic() && b[i + 1].is_ascii_alphabetic()
            })
            .map(|i| (&t[..i], &t[i + 1..]))
    });
    match split {
        Some((left, right)) => {
            let (end, end_precision) = date_in(right.trim(), false)?;
            let end = match end_precision {
                Precision::Month => month_end(end.year(), end.month())?,
                Precision::Day => end,
            };
            let left = left.trim();
            // `12–14 mars 2027`: a bare day takes the end's month and year; `mars–juin
            // 2027`, `1er mars au 30 juin 2027`: the end's year.
            let bare_day = left
                .trim_end_matches("er")
                .parse::<u32>()
                .ok()
                .and_then(|day| NaiveDate::from_ymd_opt(end.year(), end.month(), day));
            let start = match bare_day {
                Some(d) => d,
                None => {
                    date_in(left, true)
                        .or_else(|| parse_date(&format!("{left} {}", end.year())))?
                        .0
                }
            };
            (start <= end).then_some(Period { start, end })
        }
        None => {
            let (d, precision) = date_in(t, false)?;
            (precision == Precision::Month).then(|| Period {
                start: d,
                end: month_end(d.year(), d.month()).unwrap_or(d),
            })
        }
    }
}

/// A date at the start (`from_end`: at the end) of `text`, trying its first (last) one to
/// four words, longest first, so that `juin 2027 (16 semaines)` reads `juin 2027`.
fn date_in(text: &str, from_end: bool) -> Option<(NaiveDate, Precision)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    (1..=words.len().min(4)).rev().find_map(|n| {
        let slice = if from_end {
            &words[words.len() - n..]
        } else {
            &words[..n]
        };
        parse_date(&slice.join(" "))
    })
}

/// The period stated after a period word, in a cell or a paragraph.
fn stated_period(sheet: &Sheet, doc: &Document, cfg: &Config) -> Option<(Period, Location)> {
    let texts = sheet
        .texts()
        .map(|(r, c, t)| (t.to_string(), sheet.location(r, c)))
        .chain(
            doc.blocks
                .iter()
                .map(|b| (b.text.clone(), b.location.clone())),
        );
    for (text, location) in texts {
        let norm = normalize(&text);
        if !cfg.period_words.any_in(&norm) {
            continue;
        }
        let folded = fold(&text);
        // The text after the first period word (or after the colon).
        let after = cfg
            .period_words
            .iter()
            .filter_map(|w| find_word(&folded, w).map(|i| i + w.len()))
            .min()
            .or_else(|| folded.find(':').map(|i| i + 1));
        let Some(after) = after.and_then(|i| folded.get(i..)) else {
            continue;
        };
        if let Some(p) = parse_period(after) {
            return Some((p, location));
        }
    }
    None
}

/// A date in a start, end or date column.
///
/// The text is read first: a reader may have typed `mars 2027` as the 1st of March, and
/// as an end it means the 31st.
fn date_of(cell: &Cell, end: bool) -> Option<NaiveDate> {
    if let Some((d, precision)) = parse_date(cell.text.trim()) {
        return match (precision, end) {
            (Precision::Month, true) => month_end(d.year(), d.month()),
            _ => Some(d),
        };
    }
    match &cell.value {
        CellValue::Date(d) => Some(*d),
        CellValue::Number(n) if SERIAL_RANGE.contains(n) => excel_serial_date(*n),
        _ => None,
    }
}

/// The first and last days of a `date` column's cell: a range (`mars–juin 2027`,
/// `12–14 mars 2027`), a month (`mars 2027`: the whole month) or one date.
fn span_of(cell: &Cell) -> Option<(NaiveDate, NaiveDate)> {
    if let Some(p) = parse_period(&cell.text) {
        return Some((p.start, p.end));
    }
    date_of(cell, false).map(|d| (d, d))
}

/// A duration in days: a number (in the header's unit, days by default) or `3 j`,
/// `2 semaines`, `1 mois`.
fn duration_days(cell: &Cell, header: &str, cfg: &Config) -> Option<f64> {
    let unit_of = |norm: &str| -> Option<f64> {
        if cfg.months.any_in(norm) {
            Some(30.0)
        } else if cfg.weeks.any_in(norm) {
            Some(7.0)
        } else if cfg.days.any_in(norm) {
            Some(1.0)
        } else {
            None
        }
    };
    let header_unit = unit_of(header).unwrap_or(1.0);
    match &cell.value {
        CellValue::Number(n) if n.is_finite() => Some(n * header_unit),
        CellValue::Text(_) | CellValue::Empty => {
            let t = cell.text.trim();
            let split = t
                .find(|c: char| {
                    !(c.is_ascii_digit() || c == ',' || c == '.' || c == '-' || c == '−')
                })
                .unwrap_or(t.len());
            let n = livrable_model::french::parse_number(t[..split].trim())?;
            let unit = unit_of(&normalize(&t[split..])).unwrap_or(header_unit);
            Some(n.value * unit)
        }
        _ => None,
    }
}

fn show_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

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
struct Task<'a> {
    row: usize,
    label: &'a str,
    start: Option<(NaiveDate, usize)>,
    end: Option<(NaiveDate, usize)>,
    /// Timeline columns (indices into the timeline) that are filled.
    bars: Vec<usize>,
}

pub fn check(input: &Input, params: &Params) -> Result<Output, ParamError> {
    run_with(input, params, &Config::new(params)?)
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(input: &Input, params: &Params, cfg: &Config) -> Result<Output, ParamError> {
    let doc = input.doc;
    let mut out = Output::default();
    let mut any_table = false;
    for table in &doc.tables {
        let sheet = Sheet::new(table);
        let extra = |s: &Sheet, r: usize| timeline_count(s, r, cfg) >= cfg.min_timeline;
        let spec = Spec {
            extra: Some(&extra),
            ..Spec::new(&cfg.vocabulary, &cfg.layout, &["task"], 2)
        };
        let mut found = tables::find(&sheet, &spec);
        if found.is_empty() {
            found.extend(grid_without_task_header(&sheet, cfg));
        }
        let period = stated_period(&sheet, doc, cfg);
        let year_hint = period.as_ref().map(|(p, _)| p.start.year()).or_else(|| {
            sheet.texts().find_map(|(_, _, t)| {
                cfg.year_re
                    .captures(t)
                    .and_then(|c| c.get(1)?.as_str().parse().ok())
            })
        });
        for f in &found {
            if check_table(
                &sheet,
                f,
                cfg,
                params,
                period.as_ref().map(|(p, _)| p),
                year_hint,
                &mut out,
            ) {
                any_table = true;
            }
        }
    }
    if !any_table && params.report_missing_table {
        out.findings
            .push(Observation::new(codes::NO_TABLE, Location::whole()));
    }
    Ok(out)
}

/// A grid whose only headers are timeline labels: the task column is the column left of
/// the timeline with the most text below the header.
fn grid_without_task_header(sheet: &Sheet, cfg: &Config) -> Option<Found> {
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

/// Checks one schedule table; returns whether it was one (it has tasks).
fn check_table(
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
        if !is_task_row {
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
                    .and_then(span_of)
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
                if days < 0.0 {
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
                } else {
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
        tasks.push(Task {
            row: row.index,
            label,
            start,
            end,
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
        if let (Some((s, _)), Some((e, ec))) = (t.start, t.end) {
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
        let empty = if has_timeline {
            if any_bar {
                t.bars.is_empty()
            } else {
                !has_dates
            }
        } else {
            any_dates && !has_dates
        };
        if empty {
            out.findings.push(
                Observation::new(codes::EMPTY_TASK, sheet.location(t.row, task_col.col))
                    .arg("task", quote(t.label, QUOTE_MAX)),
            );
        }
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

// ─── schedules read by other checks ────────────────────────────────────────

/// A Gantt chart's tasks as another check reads them, to compare a document with its
/// schedule (the plan looks for each of its actions among the tasks). Looser than this
/// check's reading, since a label is all it needs: a header naming the task column is
/// enough (no date or timeline needed), and a chart whose task column has no header (a
/// grid of coloured cells headed only by weeks) gives every text it holds.
pub(crate) struct TaskReader {
    vocabulary: Vocabulary,
    layout: Layout,
}

impl TaskReader {
    /// A reader of the task columns headed by `task_words`.
    pub(crate) fn new(task_words: &[String], layout: &LayoutParams) -> Self {
        TaskReader {
            vocabulary: Vocabulary::new().role("task", task_words),
            layout: Layout::new(layout),
        }
    }

    /// The labels of a document's tasks and phases, in order; failing any task table,
    /// every text cell and every block of the document.
    pub(crate) fn labels<'d>(&self, doc: &'d Document) -> Vec<&'d str> {
        let spec = Spec::new(&self.vocabulary, &self.layout, &["task"], 1);
        let mut out = Vec::new();
        for table in &doc.tables {
            let sheet = Sheet::new(table);
            for f in tables::find(&sheet, &spec) {
                out.extend(f.labels(&sheet, "task"));
            }
        }
        if out.is_empty() {
            for table in &doc.tables {
                for row in &table.rows {
                    for cell in row.iter().filter(|c| tables::is_text(c)) {
                        out.push(cell.text.trim());
                    }
                }
            }
            out.extend(doc.blocks.iter().map(|b| b.text.as_str()));
        }
        out
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
        crate::parse(&shipped_params("plans", "gantt")).expect("shipped params parse")
    }

    fn run_doc(d: &Document, p: &Params) -> Output {
        testing::run(check, d, "gantt", p)
    }

    fn run_with(tables: Vec<Table>, p: &Params) -> Output {
        run_doc(&doc_with(Format::Xlsx, tables), p)
    }

    fn run(rows: &[&[&str]]) -> Output {
        run_with(vec![sheet_of("Gantt", rows)], &params())
    }

    /// Fills cells (row, col) with a colour and no text.
    fn paint(mut t: Table, cells: &[(usize, usize)], fill: &str) -> Table {
        for &(r, c) in cells {
            t.rows[r][c].fill = Some(fill.to_string());
        }
        t
    }

    const TASKS: &[&[&str]] = &[
        &["Rétroplanning — campagne Salon 2027", "", "", ""],
        &["Période : mars–juin 2027", "", "", ""],
        &["Tâche", "Début", "Fin", "Responsable"],
        &["Brief agence", "01/03/2027", "05/03/2027", "Marie"],
        &["Création des visuels", "08/03/2027", "02/04/2027", "Agence"],
        &["Campagne Facebook", "05/04/2027", "30/06/2027", "Lucas"],
    ];

    #[test]
    fn clean_task_table_gives_evidence() {
        let out = run(TASKS);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.evidence.len(), 2);
        let e = &out.evidence[0];
        assert_eq!(e.code, codes::SCHEDULE);
        assert_eq!(arg(e, "count"), "3");
        assert_eq!(arg(e, "start"), "01/03/2027");
        assert_eq!(arg(e, "end"), "30/06/2027");
        assert_eq!(out.evidence[1].code, codes::OWNERS);
    }

    #[test]
    fn end_before_start_fires_at_the_end_cell() {
        let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
        rows[4][2] = "02/03/2027";
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let out = run(&rows);
        assert_eq!(codes_of(&out), vec![codes::END_BEFORE_START]);
        let f = &out.findings[0];
        assert_eq!(f.location, Location::cell("Gantt", 4, 2));
        assert_eq!(arg(f, "task"), "Création des visuels");
        assert_eq!(arg(f, "start"), "08/03/2027");
        assert_eq!(arg(f, "end"), "02/03/2027");
    }

    #[test]
    fn negative_duration_is_end_before_start() {
        let rows: &[&[&str]] = &[
            &["Action", "Début", "Durée (jours)", "Pilote"],
            &["Brief", "01/03/2027", "5", "Marie"],
            &["Visuels", "08/03/2027", "-3", "Agence"],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::END_BEFORE_START]);
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 2, 2));
        // A duration gives the end for the evidence.
        let rows: &[&[&str]] = &[
            &["Action", "Début", "Durée", "Pilote"],
            &["Brief", "01/03/2027", "5 j", "Marie"],
            &["Visuels", "08/03/2027", "2 semaines", "Agence"],
        ];
        let out = run(rows);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "end"), "21/03/2027");
    }

    #[test]
    fn task_without_owner_fires_and_merged_owner_does_not() {
        let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
        rows[5][3] = "";
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let out = run(&rows);
        assert_eq!(codes_of(&out), vec![codes::TASK_WITHOUT_OWNER]);
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 5, 3));
        assert_eq!(arg(&out.findings[0], "task"), "Campagne Facebook");

        // The owner merged down over two tasks owns both.
        let mut t = sheet_of("Gantt", &rows);
        t.merged.push((4, 3, 5, 3));
        assert!(run_with(vec![t], &params()).findings.is_empty());
    }

    #[test]
    fn owner_column_required_by_parameter() {
        let rows: &[&[&str]] = &[
            &["Tâche", "Début", "Fin"],
            &["Brief", "01/03/2027", "05/03/2027"],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::NO_OWNER_COLUMN]);
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 0, 0));
        let p: Params = crate::parse(&shipped_params("plans", "gantt-in-plan")).unwrap();
        let out = run_with(vec![sheet_of("Plan", rows)], &p);
        assert!(out.findings.is_empty());
        assert_eq!(out.evidence.len(), 1, "no owners evidence without owners");
    }

    #[test]
    fn an_action_table_without_dates_in_a_plan_is_no_schedule() {
        let rows: &[&[&str]] = &[
            &["Action", "Canal", "Responsable"],
            &["Stand au salon", "Salon", "Léa"],
            &["Publications", "LinkedIn", "Paul"],
        ];
        let p: Params = crate::parse(&shipped_params("plans", "gantt-in-plan")).unwrap();
        let out = run_with(vec![sheet_of("Plan", rows)], &p);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
    }

    #[test]
    fn no_dates_fires_once_at_the_header() {
        let rows: &[&[&str]] = &[
            &["Tâche", "Responsable", "Statut"],
            &["Brief", "Marie", "fait"],
            &["Visuels", "Agence", "en cours"],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::NO_DATES]);
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 0, 0));

        // Date columns all empty: once, at the start header.
        let rows: &[&[&str]] = &[
            &["Tâche", "Début", "Fin", "Responsable"],
            &["Brief", "", "", "Marie"],
            &["Visuels", "", "", "Agence"],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::NO_DATES]);
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 0, 1));
    }

    #[test]
    fn empty_task_in_a_dated_table() {
        let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
        rows[4][1] = "";
        rows[4][2] = "";
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let out = run(&rows);
        assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 4, 0));
    }

    #[test]
    fn outside_the_stated_period() {
        let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
        rows[5][2] = "15/07/2027";
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let out = run(&rows);
        assert_eq!(codes_of(&out), vec![codes::OUTSIDE_PERIOD]);
        let f = &out.findings[0];
        assert_eq!(f.location, Location::cell("Gantt", 5, 2));
        assert_eq!(arg(f, "date"), "15/07/2027");
        assert_eq!(arg(f, "start"), "01/03/2027");
        assert_eq!(arg(f, "end"), "30/06/2027");

        // Without a stated period, dates are not bounded.
        let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
        rows[1][0] = "";
        rows[5][2] = "15/07/2027";
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        assert!(run(&rows).findings.is_empty());
    }

    #[test]
    fn periods_as_candidates_write_them() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let p = |s: &str| parse_period(s).map(|p| (p.start, p.end));
        assert_eq!(
            p(" : mars–juin 2027"),
            Some((d(2027, 3, 1), d(2027, 6, 30)))
        );
        assert_eq!(p(": mars-juin 2027"), Some((d(2027, 3, 1), d(2027, 6, 30))));
        assert_eq!(
            p(" du 1er mars au 30 juin 2027"),
            Some((d(2027, 3, 1), d(2027, 6, 30)))
        );
        assert_eq!(
            p(" : 01/03/2027 - 30/06/2027"),
            Some((d(2027, 3, 1), d(2027, 6, 30)))
        );
        assert_eq!(
            p(" : novembre 2026 à février 2027"),
            Some((d(2026, 11, 1), d(2027, 2, 28)))
        );
        assert_eq!(p(" : mars 2027"), Some((d(2027, 3, 1), d(2027, 3, 31))));
        assert_eq!(
            p(" : juin 2027 (16 semaines)"),
            Some((d(2027, 6, 1), d(2027, 6, 30)))
        );
        assert_eq!(p("12–14 mars 2027"), Some((d(2027, 3, 12), d(2027, 3, 14))));
        assert_eq!(
            p("1er au 15 avril 2027"),
            Some((d(2027, 4, 1), d(2027, 4, 15)))
        );
        assert_eq!(p(" : juin–mars 2027"), None, "reversed");
        assert_eq!(p(" : à définir"), None);
        assert_eq!(p(""), None);
    }

    #[test]
    fn timeline_headers_as_candidates_write_them() {
        let cfg = Config::new(&params()).unwrap();
        let cell = |t: &str| Cell {
            text: t.into(),
            value: CellValue::Text(t.into()),
            ..Cell::default()
        };
        let l = |t: &str| parse_label(&cell(t), &cfg);
        assert_eq!(l("S1"), Some(Label::Week(1)));
        assert_eq!(l("S 12"), Some(Label::Week(12)));
        assert_eq!(l("Sem. 3"), Some(Label::Week(3)));
        assert_eq!(l("Semaine 12"), Some(Label::Week(12)));
        assert_eq!(l("W12"), Some(Label::Week(12)));
        assert_eq!(l("janv."), Some(Label::Month(1, None)));
        assert_eq!(l("Mars 2027"), Some(Label::Month(3, Some(2027))));
        assert_eq!(l("mars-27"), Some(Label::Month(3, Some(2027))));
        assert_eq!(l("03/2027"), Some(Label::Month(3, Some(2027))));
        assert_eq!(l("03/03"), Some(Label::DayMonth(3, 3)));
        assert_eq!(
            l("15/03/2027"),
            Some(Label::Day(NaiveDate::from_ymd_opt(2027, 3, 15).unwrap()))
        );
        assert_eq!(
            l("Semaine du 15/03/2027"),
            Some(Label::Day(NaiveDate::from_ymd_opt(2027, 3, 15).unwrap()))
        );
        for not in [
            "Tâche",
            "Responsable",
            "S",
            "S99",
            "Salon",
            "Semaine",
            "x",
            "Statut",
            "Site web",
        ] {
            assert_eq!(l(not), None, "{not}");
        }
    }

    /// A coloured grid: tasks in column A (no header word), months B–E over weeks.
    fn coloured_grid() -> Table {
        let t = sheet_of(
            "Gantt",
            &[
                &["Planning de la campagne 2027", "", "", "", ""],
                &["", "Mars", "Avril", "Mai", "Juin"],
                &["Phase 1 : préparation", "", "", "", ""],
                &["Brief agence", "", "", "", ""],
                &["Création des visuels", "", "", "", ""],
                &["Phase 2 : diffusion", "", "", "", ""],
                &["Campagne Facebook", "", "", "", ""],
                &["Salon", "", "", "", ""],
            ],
        );
        let blue = "4472C4";
        paint(
            t,
            &[
                (3, 1),
                (4, 1),
                (4, 2),
                (6, 3),
                (6, 4),
                (7, 4),
                (2, 1),
                (2, 2),
                (5, 3),
                (5, 4),
            ],
            blue,
        )
    }

    #[test]
    fn coloured_grid_without_task_header_is_read() {
        let out = run_with(vec![coloured_grid()], &params());
        // No owner column in a grid made only of colours.
        assert_eq!(codes_of(&out), vec![codes::NO_OWNER_COLUMN]);
        let mut p = params();
        p.require_owner = false;
        let out = run_with(vec![coloured_grid()], &p);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let e = &out.evidence[0];
        assert_eq!(arg(e, "count"), "4", "phase rows are not tasks");
        assert_eq!(arg(e, "start"), "01/03/2027");
        assert_eq!(arg(e, "end"), "30/06/2027");
    }

    #[test]
    fn empty_task_in_a_coloured_grid() {
        let mut p = params();
        p.require_owner = false;
        let mut t = coloured_grid();
        t.rows[4][1].fill = None;
        t.rows[4][2].fill = Some("FFFFFF".into());
        let out = run_with(vec![t], &p);
        assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 4, 0));
        assert_eq!(arg(&out.findings[0], "task"), "Création des visuels");
    }

    #[test]
    fn bars_outside_the_stated_period() {
        let mut p = params();
        p.require_owner = false;
        let mut t = coloured_grid();
        t.rows[0][0].text = "Planning — période : mars–mai 2027".into();
        t.rows[0][0].value = CellValue::Text(t.rows[0][0].text.clone());
        let out = run_with(vec![t], &p);
        assert_eq!(
            codes_of(&out),
            vec![codes::OUTSIDE_PERIOD, codes::OUTSIDE_PERIOD]
        );
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 6, 4));
        assert_eq!(arg(&out.findings[0], "date"), "01/06/2027");
        assert_eq!(out.findings[1].location, Location::cell("Gantt", 7, 4));
    }

    #[test]
    fn week_grid_with_marks_and_owner() {
        let rows: &[&[&str]] = &[
            &["Tâches", "Qui", "S1", "S2", "S3", "S4"],
            &["Brief", "Marie", "x", "", "", ""],
            &["Visuels", "Agence", "", "x", "x", ""],
            &["Diffusion", "Lucas", "", "", "■", "■"],
        ];
        let out = run(rows);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "start"), "S1");
        assert_eq!(arg(&out.evidence[0], "end"), "S4");

        let rows: &[&[&str]] = &[
            &["Tâches", "Qui", "S1", "S2", "S3", "S4"],
            &["Brief", "Marie", "x", "", "", ""],
            &["Visuels", "Agence", "", "", "", ""],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 2, 0));
    }

    #[test]
    fn task_dates_outside_the_grid_span() {
        let rows: &[&[&str]] = &[
            &[
                "Tâche",
                "Début",
                "Fin",
                "Responsable",
                "mars 2027",
                "avr. 2027",
                "mai 2027",
            ],
            &["Brief", "01/03/2027", "05/03/2027", "Marie", "x", "", ""],
            &["Salon", "01/05/2027", "15/06/2027", "Lucas", "", "", "x"],
        ];
        let out = run(rows);
        assert_eq!(codes_of(&out), vec![codes::OUTSIDE_PERIOD]);
        assert_eq!(out.findings[0].location, Location::cell("Gantt", 2, 2));
        assert_eq!(arg(&out.findings[0], "end"), "31/05/2027");
    }

    #[test]
    fn hybrid_without_any_bar_relies_on_dates() {
        // Bars drawn by conditional formatting are not seen: dated tasks are not empty.
        let rows: &[&[&str]] = &[
            &[
                "Tâche",
                "Début",
                "Fin",
                "Responsable",
                "mars 2027",
                "avr. 2027",
                "mai 2027",
            ],
            &["Brief", "01/03/2027", "05/03/2027", "Marie", "", "", ""],
            &["Salon", "01/05/2027", "15/05/2027", "Lucas", "", "", ""],
        ];
        assert!(run(rows).findings.is_empty());
    }

    #[test]
    fn row_banding_is_not_a_bar() {
        let rows: &[&[&str]] = &[
            &["Tâches", "Qui", "S1", "S2", "S3"],
            &["Brief", "Marie", "x", "", ""],
            &["Visuels", "Agence", "", "", ""],
        ];
        let t = paint(
            sheet_of("Gantt", rows),
            &[(2, 0), (2, 1), (2, 2), (2, 3), (2, 4)],
            "F2F2F2",
        );
        let out = run_with(vec![t], &params());
        assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
    }

    #[test]
    fn a_plan_actions_table_with_periods_is_a_schedule() {
        let rows: &[&[&str]] = &[
            &["Action", "Canal", "Type", "Période", "Responsable"],
            &[
                "Stand au salon",
                "Salon",
                "Traditionnel",
                "12–14 mars 2027",
                "Léa",
            ],
            &["Communiqué", "Presse", "Traditionnel", "mars 2027", "Léa"],
            &["LinkedIn", "LinkedIn", "Digital", "mars–juin 2027", "Paul"],
        ];
        let p: Params = crate::parse(&shipped_params("plans", "gantt-in-plan")).unwrap();
        let out = run_with(vec![sheet_of("Plan", rows)], &p);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "start"), "01/03/2027");
        assert_eq!(arg(&out.evidence[0], "end"), "30/06/2027");

        let mut bad: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
        bad[2][3] = "à définir";
        let bad: Vec<&[&str]> = bad.iter().map(|r| r.as_slice()).collect();
        let out = run_with(vec![sheet_of("Plan", &bad)], &p);
        assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
        assert_eq!(out.findings[0].location, Location::cell("Plan", 2, 0));
    }

    #[test]
    fn no_table_is_information() {
        let rows: &[&[&str]] = &[&["Poste", "Montant"], &["Site", "2 000"]];
        assert_eq!(codes_of(&run(rows)), vec![codes::NO_TABLE]);
        let p: Params = crate::parse(&shipped_params("plans", "gantt-in-plan")).unwrap();
        assert!(run_with(vec![sheet_of("S", rows)], &p).findings.is_empty());
    }

    #[test]
    fn period_stated_in_the_plan_text() {
        let mut d = doc_with(Format::Markdown, vec![sheet_of("Tableau 1", &TASKS[2..])]);
        d.blocks.push(livrable_model::Block {
            kind: livrable_model::BlockKind::Paragraph,
            text: "Calendrier : du 1er mars au 31 mai 2027.".into(),
            location: Location::span(0, 40),
        });
        let out = run_doc(&d, &params());
        assert_eq!(codes_of(&out), vec![codes::OUTSIDE_PERIOD]);
        assert_eq!(out.findings[0].location, Location::cell("Tableau 1", 3, 2));
    }

    #[test]
    fn params_are_validated() {
        assert!(crate::validate(KIND, &shipped_params("plans", "gantt")).is_ok());
        assert!(crate::validate(KIND, &shipped_params("plans", "gantt-in-plan")).is_ok());
        let mut typo = shipped_params("plans", "gantt");
        typo.insert("require_owners".into(), toml::Value::Boolean(true));
        assert!(crate::validate(KIND, &typo).is_err());
    }

    #[test]
    fn hostile_cells_do_not_panic() {
        let rows: &[&[&str]] = &[
            &["Tâche", "Début", "Fin", "Durée", "Responsable"],
            &["a", "31/12/9999", "01/01/0001", "99999999999999999999", "x"],
            &["b", "", "", "-1e308", ""],
            &["c", "", "", "NaN", ""],
        ];
        let _ = run(rows);
        let mut t = sheet_of("G", rows);
        t.rows[1][1].value = CellValue::Number(f64::MAX);
        t.rows[1][3].value = CellValue::Number(f64::INFINITY);
        let _ = run_with(vec![t], &params());
    }
}
