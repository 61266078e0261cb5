//! Dates, periods and durations as a schedule's cells and the plan's text write them.

use chrono::{Datelike, Duration, NaiveDate};
use livrable_model::french::{
    date_to_excel_serial, excel_serial_date, fold, parse_date, Precision,
};
use livrable_model::{Cell, CellValue, Document, Location};

use super::timeline::month_end;
use super::{Config, SERIAL_RANGE};
use crate::tables::{find_word, normalize, Sheet};

/// A date in a duration column up to this year is a day count shown as a date (serial
/// 366 is the last day of 1900: durations of up to a year).
const DURATION_AS_DATE_UNTIL: i32 = 1900;

/// A period stated on the sheet or in the document's text.
#[derive(Debug, Clone)]
pub(super) struct Period {
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
}

/// Parses `mars–juin 2027`, `du 1er mars au 30 juin 2027`, `01/03/2027 - 30/06/2027`,
/// `mars 2027` (one month) from the text after a period word.
pub(super) fn parse_period(text: &str) -> Option<Period> {
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
pub(super) fn stated_period(
    sheet: &Sheet,
    doc: &Document,
    cfg: &Config,
) -> Option<(Period, Location)> {
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
pub(super) fn date_of(cell: &Cell, end: bool) -> Option<NaiveDate> {
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
/// `12–14 mars 2027`), a month (`mars 2027`: the whole month), a week (`semaine du 29
/// mars 2027`: after one of `week_of_words`, seven days) or one date.
pub(super) fn span_of(cell: &Cell, cfg: &Config) -> Option<(NaiveDate, NaiveDate)> {
    if let Some(p) = parse_period(&cell.text) {
        return Some((p.start, p.end));
    }
    let norm = normalize(&cell.text);
    let week = cfg.week_of.iter().find_map(|w| {
        let rest = norm.strip_prefix(w)?;
        match parse_date(rest.trim()) {
            Some((d, Precision::Day)) => Some((d, d + Duration::days(6))),
            _ => None,
        }
    });
    week.or_else(|| date_of(cell, false).map(|d| (d, d)))
}

/// A duration in days: a number (in the header's unit, days by default) or `3 j`,
/// `2 semaines`, `1 mois`.
pub(super) fn duration_days(cell: &Cell, header: &str, cfg: &Config) -> Option<f64> {
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
        // `=D5-C5+1` between two dates: Excel formats the result as a date, and 12 days
        // show as `12/01/1900`. In a duration column it is a number of days.
        CellValue::Date(d) if d.year() <= DURATION_AS_DATE_UNTIL => {
            Some(date_to_excel_serial(*d) as f64 * header_unit)
        }
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

pub(super) fn show_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
