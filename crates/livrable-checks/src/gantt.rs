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
//!   whose duration is negative (at the duration cell; not when its dates already are
//!   reversed, the duration being computed from them).
//! - `gantt/task-without-owner`: a task whose owner cell is empty (merged owner cells
//!   count for every row they cover), when the table has an owner column.
//! - `gantt/no-owner-column`: no owner column at all, when the instance sets
//!   `require_owner`; once per table, at the task header.
//! - `gantt/empty-task`: a task with nothing scheduled: neither a bar nor a date (a date
//!   cell naming a time in a form not read, `fin juin`, counts as a date; `à définir` does
//!   not). In a table whose date columns are filled but whose grid has no bar at all, the
//!   bars are taken to be drawn by conditional formatting (which readers do not see), and
//!   dated tasks are not reported.
//! - `gantt/missing-bar` (warning): a dated task with no bar where the grid has bars,
//!   often because its dates lie beyond the grid's last column; the message gives its
//!   dates and the grid's span (then `outside-period` is not added for the grid's span).
//!   A task that ends before it starts has no bar to miss.
//! - `gantt/outside-period`: a task dated or drawn outside the period the sheet states
//!   (`Période : mars–juin 2027`, `du 1er mars au 30 juin 2027`, in a cell or in the
//!   document's text, after one of `period_words`) or, when none is stated, outside the
//!   grid's first and last dated headers; at the first offending cell of the task.
//! - `gantt/no-table` (information): no schedule table recognised (only when
//!   `report_missing_table`).
//!
//! A colour legend under the grid is not tasks: the rows from a label starting with one
//! of `legend_words` (`Légende`), and the last rows of the table when each pairs a label
//! with a strong fill outside the timeline (its swatch) and holds no date, duration nor
//! bar. A task's period may be a week (`semaine du 29 mars 2027`, after one of
//! `week_of_words`: seven days). A duration cell holding a date of 1900 is Excel's date
//! format left on a `=Fin-Début+1` formula: its serial is the number of days. Month
//! headers typed `mars 2027`, which Excel and Calc save as the 1st of the month, are
//! months, not days, so that weeks under them keep their own dates.
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
mod dates;
mod table;
mod timeline;

use chrono::Datelike;
use livrable_model::{Location, Observation};
use regex::Regex;

use crate::schedule_table::Columns;
use crate::tables::{self, normalize, Layout, LayoutParams, Sheet, Spec, Vocabulary, Words};
use crate::{Input, Output, ParamError};
use dates::stated_period;
use table::check_table;
use timeline::{grid_without_task_header, timeline_count};

pub const KIND: &str = "gantt";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_DATES: &str = "gantt/no-dates";
    pub const END_BEFORE_START: &str = "gantt/end-before-start";
    pub const TASK_WITHOUT_OWNER: &str = "gantt/task-without-owner";
    pub const NO_OWNER_COLUMN: &str = "gantt/no-owner-column";
    pub const EMPTY_TASK: &str = "gantt/empty-task";
    pub const MISSING_BAR: &str = "gantt/missing-bar";
    pub const OUTSIDE_PERIOD: &str = "gantt/outside-period";
    pub const NO_TABLE: &str = "gantt/no-table";
    /// Evidence.
    pub const SCHEDULE: &str = "gantt/schedule";
    pub const OWNERS: &str = "gantt/owners";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_DATES, &["columns", "count"]),
        CodeDecl::new(END_BEFORE_START, &["end", "start", "task"]),
        CodeDecl::new(TASK_WITHOUT_OWNER, &["task"]),
        CodeDecl::new(NO_OWNER_COLUMN, &["count"]),
        CodeDecl::new(EMPTY_TASK, &["task"]),
        CodeDecl::new(
            MISSING_BAR,
            &["end", "grid_end", "grid_start", "start", "task"],
        ),
        CodeDecl::new(OUTSIDE_PERIOD, &["date", "end", "start", "task"]),
        CodeDecl::new(NO_TABLE, &[]),
        CodeDecl::new(SCHEDULE, &["count", "end", "start"]),
        CodeDecl::new(OWNERS, &["count"]),
    ];
}

/// Task labels quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 60;

/// Excel serials read as dates in date columns: 2000-01-01 to 2099-12-31. A plain number
/// in a start or end column is a date whose format was lost (a CSV export).
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 36_526.0..=73_050.0;
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
    /// Words that open a colour legend (`légende`, `code couleur`): the rows from there
    /// on name colours, they are not tasks.
    pub legend_words: Vec<String>,
    /// Words before the Monday of a week written as a task's period: `semaine du`.
    pub week_of_words: Vec<String>,
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
    legend_words: Words,
    /// Normalised `week_of_words`, longest first.
    week_of: Vec<String>,
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
        let vocabulary = p.columns.vocabulary();
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
            legend_words: Words::new(&p.legend_words),
            week_of: {
                let mut w: Vec<String> = p
                    .week_of_words
                    .iter()
                    .map(|w| normalize(w))
                    .filter(|w| !w.is_empty())
                    .collect();
                w.sort_by_key(|w| std::cmp::Reverse(w.len()));
                w
            },
            days: Words::new(&p.duration_units.days),
            weeks: Words::new(&p.duration_units.weeks),
            months: Words::new(&p.duration_units.months),
            year_re: crate::regex_cache::cached(r"\b(20\d\d)\b")
                .map_err(|e| ParamError(e.to_string()))?,
        })
    }
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

#[cfg(test)]
mod tests;
