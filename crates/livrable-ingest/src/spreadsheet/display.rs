//! The text a French spreadsheet shows for a typed value, simplified.
//!
//! XLSX and XLS keep a number and a format code (`#,##0.00 €`, `0%`), not the text shown;
//! reports want something close to what the candidate saw. This reads the few parts of a
//! format code that matter for budgets and plans — decimals, thousands grouping,
//! percentage, the euro sign — and writes the number the French way (`1 500,00 €`,
//! `12 %`). Written by hand because calamine does not format numbers and no small crate
//! renders Excel format codes; anything else in the code (colours, conditions, fractions,
//! scientific notation, text sections) is ignored. Checks use the value, not this text.

use chrono::{NaiveDateTime, Timelike};

/// The narrow no-break space French Excel puts between thousands.
const THOUSANDS: char = '\u{202f}';

/// What a format code says about showing a number.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct NumberStyle {
    /// Fixed decimals; `None`: as many as the value needs (the `General` format).
    decimals: Option<usize>,
    grouping: bool,
    /// The value is a fraction shown ×100 with `%`.
    pub(super) percent: bool,
    euro: bool,
}

impl NumberStyle {
    /// Reads the first section of a format code (the one for positive numbers). Quoted
    /// text, escaped characters and `[…]` parts are skipped, except that a `[$€-40C]`
    /// currency part counts as the euro sign.
    pub(super) fn from_code(code: &str) -> NumberStyle {
        let mut style = NumberStyle::default();
        if code.eq_ignore_ascii_case("general") || code.is_empty() {
            return style;
        }
        let mut chars = code.chars().peekable();
        let mut after_point = false;
        let mut decimals = 0usize;
        let mut digits_seen = false;
        while let Some(c) = chars.next() {
            match c {
                ';' => break,
                '"' => {
                    for q in chars.by_ref() {
                        if q == '"' {
                            break;
                        }
                        if q == '€' {
                            style.euro = true;
                        }
                    }
                }
                // An escaped character; `€` is the only one that matters.
                '\\' => style.euro |= chars.next() == Some('€'),
                // `_x` (a space as wide as x) and `*x` (fill with x): skip x.
                '_' | '*' => {
                    chars.next();
                }
                '[' => {
                    for q in chars.by_ref() {
                        if q == ']' {
                            break;
                        }
                        if q == '€' {
                            style.euro = true;
                        }
                    }
                }
                '€' => style.euro = true,
                '%' => style.percent = true,
                '.' => after_point = true,
                '0' | '#' | '?' => {
                    digits_seen = true;
                    if after_point {
                        decimals += 1;
                    }
                }
                ',' | ' ' | '\u{a0}' | '\u{202f}' if digits_seen && !after_point => {
                    // A separator between digit placeholders groups thousands; one at
                    // the end scales by 1000, which is rare and ignored.
                    if matches!(chars.peek(), Some('#' | '0')) {
                        style.grouping = true;
                    }
                }
                _ => {}
            }
        }
        if digits_seen {
            style.decimals = Some(decimals);
        }
        style
    }

    /// The value as the model stores it (percentages as written: 0.12 shown `12 %` is 12)
    /// and the text shown.
    pub(super) fn show(&self, value: f64) -> (f64, String) {
        let value = if self.percent { value * 100.0 } else { value };
        let mut text = french_number(value, self.decimals, self.grouping);
        if self.percent {
            text.push_str("\u{a0}%");
        }
        if self.euro {
            text.push_str("\u{a0}€");
        }
        (value, text)
    }
}

/// A number with a decimal comma: fixed decimals, or up to ten without trailing zeros.
pub(super) fn french_number(value: f64, decimals: Option<usize>, grouping: bool) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let raw = match decimals {
        Some(d) => format!("{:.*}", d.min(15), value),
        None => {
            let s = format!("{value:.10}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".to_string()
            } else {
                s.to_string()
            }
        }
    };
    let (sign, unsigned) = match raw.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", raw.as_str()),
    };
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut out = String::from(sign);
    if grouping {
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(THOUSANDS);
            }
            out.push(ch);
        }
    } else {
        out.push_str(int);
    }
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// A date as shown in France, with the time when it is not midnight.
pub(super) fn date_time(dt: NaiveDateTime) -> String {
    if dt.time().num_seconds_from_midnight() == 0 {
        dt.format("%d/%m/%Y").to_string()
    } else {
        dt.format("%d/%m/%Y %H:%M").to_string()
    }
}

/// A time of day or a duration given as a fraction of days, as `H:MM`.
pub(super) fn clock(days: f64) -> String {
    let minutes = (days * 24.0 * 60.0).round();
    if !minutes.is_finite() || minutes.abs() > 1e12 {
        return french_number(days, None, false);
    }
    let minutes = minutes as i64;
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    format!("{sign}{}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(code: &str, v: f64) -> String {
        NumberStyle::from_code(code).show(v).1
    }

    #[test]
    fn general_numbers() {
        assert_eq!(show("General", 1500.0), "1500");
        assert_eq!(show("General", 0.1 + 0.2), "0,3");
        assert_eq!(show("General", -2.5), "-2,5");
        assert_eq!(show("", 42.0), "42");
    }

    #[test]
    fn amounts_and_percentages() {
        assert_eq!(show("#,##0.00\\ \"€\"", 1500.0), "1\u{202f}500,00\u{a0}€");
        assert_eq!(
            show("#,##0.00 [$€-40C];-#,##0.00 [$€-40C]", 1234567.891),
            "1\u{202f}234\u{202f}567,89\u{a0}€"
        );
        assert_eq!(show("0.00", 2.0), "2,00");
        assert_eq!(show("#,##0", 999.0), "999");
        assert_eq!(show("#,##0", -1000.0), "-1\u{202f}000");
        let (v, t) = NumberStyle::from_code("0%").show(0.12);
        assert!((v - 12.0).abs() < 1e-9);
        assert_eq!(t, "12\u{a0}%");
        assert_eq!(show("0.0%", 0.125), "12,5\u{a0}%");
    }

    #[test]
    fn dates_and_clocks() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
        assert_eq!(date_time(d.and_hms_opt(0, 0, 0).unwrap()), "15/03/2027");
        assert_eq!(
            date_time(d.and_hms_opt(14, 30, 0).unwrap()),
            "15/03/2027 14:30"
        );
        assert_eq!(clock(0.5), "12:00");
        assert_eq!(clock(1.25), "30:00");
    }
}
