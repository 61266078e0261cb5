//! Numbers and amounts written as French figures are, for the words of findings.

/// `5850` → `5 850`, `1234.5` → `1 234,5`, `5.5` → `5,5`, as French figures are written
/// (two decimals at most).
pub fn format_number(v: f64) -> String {
    format_figure(v, false)
}

/// Like [`format_number`], with cents always on two digits when there are any (`1 234,50`).
pub(crate) fn format_money(v: f64) -> String {
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
pub(crate) fn format_amount(v: f64, currency: Option<&str>) -> String {
    match currency {
        Some(c) => format!("{} {}", format_money(v), currency_symbol(c)),
        None => format_money(v),
    }
}

pub(crate) fn currency_symbol(code: &str) -> &str {
    match code {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    }
}

/// `1234.5` → `1 234,5` with `decimals` digits after the comma (trailing zeros dropped), as
/// French figures are written (a narrow no-break space would be typographically finer,
/// but terminals render it unevenly).
pub fn french_decimal(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && (grouped != "0" || !frac.is_empty()) {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn french_decimals() {
        assert_eq!(french_decimal(0.8, 1), "0,8");
        assert_eq!(french_decimal(3.0, 1), "3");
        assert_eq!(french_decimal(1234.5, 1), "1 234,5");
        assert_eq!(french_decimal(-0.04, 1), "0");
        assert_eq!(french_decimal(f64::NAN, 1), "");
        assert_eq!(french_decimal(4.54, 2), "4,54");
    }
}
