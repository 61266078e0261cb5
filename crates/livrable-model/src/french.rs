//! French numbers and dates as candidates write them, in one place.
//!
//! A French Excel shows `1 500,00 €` (with a narrow no-break space), `12 %`, `1 500 € HT`,
//! `15/03/2027`, `mars 2027`; candidates also type `1.500 €` and `1,5 k€`. Readers use this
//! module to type CSV and document-table cells; checks use it to read amounts in text.
//! Written by hand because no crate parses French-formatted amounts with units and tax
//! mentions; the rules are small and tested below.

use chrono::{Datelike, NaiveDate};

/// Whether an amount is stated before or after tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tax {
    /// Hors taxes.
    Ht,
    /// Toutes taxes comprises.
    Ttc,
}

/// A number read from French text, with the units written around it.
#[derive(Debug, Clone, PartialEq)]
pub struct FrenchNumber {
    /// The value, multipliers applied (`1,5 k€` → 1500).
    pub value: f64,
    /// ISO-like currency code when one is written: `EUR`, `USD`, `GBP`, `CHF`.
    pub currency: Option<&'static str>,
    pub percent: bool,
    pub tax: Option<Tax>,
}

/// True for the spaces a French keyboard or Excel put inside numbers.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' | '\t'
    )
}

/// Reads a whole cell or phrase as a number: `1 500,00 €`, `-12,5 %`, `1.500 € HT`,
/// `(200)`, `1,5 k€`, `2 M€ TTC`. Returns `None` when the text is not a number with
/// optional units (so `Action 2` or `15/03/2027` are not numbers).
pub fn parse_number(text: &str) -> Option<FrenchNumber> {
    let mut s: String = text.trim().to_string();
    if s.is_empty() {
        return None;
    }
    let mut currency = None;
    let mut percent = false;
    let mut tax = None;
    let mut multiplier = 1.0;
    let mut negative = false;

    // Parenthesised negatives, as accountants write them.
    if s.starts_with('(') && s.ends_with(')') && s.len() > 2 {
        negative = true;
        s = s[1..s.len() - 1].trim().to_string();
    }

    // Peel unit words off both ends, in any order.
    loop {
        let before = s.len();
        let lower = s.to_lowercase();
        for (word, t) in [("ttc", Tax::Ttc), ("ht", Tax::Ht)] {
            if lower.ends_with(word)
                && lower.len() > word.len()
                && !lower[..lower.len() - word.len()]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphabetic())
            {
                tax = Some(t);
                s.truncate(s.len() - word.len());
            }
        }
        let trimmed = s.trim_end_matches(is_space).to_string();
        s = trimmed;
        let lower = s.to_lowercase();
        for (suffix, code) in [
            ("euros", "EUR"),
            ("euro", "EUR"),
            ("eur", "EUR"),
            ("€", "EUR"),
            ("usd", "USD"),
            ("$", "USD"),
            ("gbp", "GBP"),
            ("£", "GBP"),
            ("chf", "CHF"),
        ] {
            if lower.ends_with(suffix) && lower.len() > suffix.len() {
                currency = Some(code);
                s.truncate(s.len() - suffix.len());
                break;
            }
        }
        for (prefix, code) in [("€", "EUR"), ("$", "USD"), ("£", "GBP")] {
            if let Some(rest) = s.strip_prefix(prefix) {
                currency = Some(code);
                s = rest.to_string();
            }
        }
        if let Some(rest) = s.strip_suffix('%') {
            percent = true;
            s = rest.to_string();
        }
        let trimmed = s.trim_matches(is_space).to_string();
        s = trimmed;
        if currency.is_some() {
            // `k€`, `K€`, `M€`: the multiplier letter sits just before the currency.
            if let Some(rest) = s.strip_suffix(['k', 'K']) {
                multiplier = 1_000.0;
                s = rest.trim_end_matches(is_space).to_string();
            } else if let Some(rest) = s.strip_suffix('M') {
                multiplier = 1_000_000.0;
                s = rest.trim_end_matches(is_space).to_string();
            }
        }
        if s.len() == before {
            break;
        }
    }

    if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
        negative = !negative;
        s = rest.trim_start_matches(is_space).to_string();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_start_matches(is_space).to_string();
    }

    let digits: String = s.chars().filter(|&c| !is_space(c)).collect();
    // Spaces are allowed only as thousands separators: groups of three after the first.
    if s.chars().any(is_space) {
        let groups: Vec<&str> = s.split(is_space).filter(|g| !g.is_empty()).collect();
        let int_groups: Vec<&str> = groups
            .iter()
            .map(|g| g.split([',', '.']).next().unwrap_or(""))
            .collect();
        let ok = int_groups.len() >= 2
            && int_groups[0].len() <= 3
            && int_groups[1..]
                .iter()
                .enumerate()
                .all(|(i, g)| g.len() == 3 || (i + 2 == int_groups.len() && g.len() == 3));
        if !ok {
            return None;
        }
    }
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    if !digits.starts_with(|c: char| c.is_ascii_digit()) && !digits.starts_with([',', '.']) {
        return None;
    }
    let normalised = normalise_separators(&digits)?;
    let value: f64 = normalised.parse().ok()?;
    let value = value * multiplier;
    Some(FrenchNumber {
        value: if negative { -value } else { value },
        currency,
        percent,
        tax,
    })
}

/// Turns `1.500,25`, `1,500.25`, `1500,25`, `1.500` into a Rust float literal.
fn normalise_separators(d: &str) -> Option<String> {
    let commas = d.matches(',').count();
    let dots = d.matches('.').count();
    let out = match (commas, dots) {
        (0, 0) => d.to_string(),
        (_, _) if commas > 0 && dots > 0 => {
            // The last separator is the decimal one.
            let last_comma = d.rfind(',')?;
            let last_dot = d.rfind('.')?;
            if last_comma > last_dot {
                if commas > 1 {
                    return None;
                }
                d.replace('.', "").replace(',', ".")
            } else {
                if dots > 1 {
                    return None;
                }
                d.replace(',', "")
            }
        }
        (1, 0) => d.replace(',', "."), // French decimal comma
        (_, 0) => {
            // `1,500,000`: English thousands.
            if !thousands_groups(d, ',') {
                return None;
            }
            d.replace(',', "")
        }
        (0, 1) => {
            // `1.500` is French thousands; `12.5` is a decimal point.
            let after = &d[d.find('.')? + 1..];
            if after.len() == 3 && !d.starts_with('.') && d.find('.')? <= 3 {
                d.replace('.', "")
            } else {
                d.to_string()
            }
        }
        (0, _) => {
            if !thousands_groups(d, '.') {
                return None;
            }
            d.replace('.', "")
        }
        _ => return None,
    };
    Some(out)
}

fn thousands_groups(d: &str, sep: char) -> bool {
    let groups: Vec<&str> = d.split(sep).collect();
    !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)
}

/// French month names and their usual abbreviations, lower-case without accents.
const MONTHS: [(&str, u32); 24] = [
    ("janvier", 1),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("decembre", 12),
    ("janv", 1),
    ("fevr", 2),
    ("fev", 2),
    ("avr", 4),
    ("juil", 7),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("jan", 1),
    ("juill", 7),
];

/// The month number of a French month name (`mars`, `févr.`, `Décembre`).
pub fn month_number(word: &str) -> Option<u32> {
    let w = fold(word.trim().trim_end_matches('.'));
    MONTHS.iter().find(|(name, _)| *name == w).map(|(_, n)| *n)
}

/// Lower-case and strip the accents French words carry, for matching.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(|c| c.to_lowercase()) {
        match c {
            'à' | 'â' | 'ä' | 'á' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' => out.push('i'),
            'ô' | 'ö' | 'ó' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '\u{2019}' | '\u{2018}' => out.push('\''),
            c => out.push(c),
        }
    }
    out
}

/// How precise a parsed date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    /// `mars 2027`: the date is the month's first day.
    Month,
}

/// Reads a date as French candidates write it: `15/03/2027`, `15/03/27`, `15-03-2027`,
/// `15.03.2027`, `2027-03-15`, `15 mars 2027`, `1er mars 2027`, `lundi 15 mars 2027`,
/// `mars 2027`. Day-first, as in France. Returns the date and its precision.
pub fn parse_date(text: &str) -> Option<(NaiveDate, Precision)> {
    let t = fold(text.trim());
    let t = t.trim_end_matches('.');
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    // Numeric forms.
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let nums: Vec<i64> = parts.iter().map(|p| p.parse().unwrap_or(-1)).collect();
        let (y, m, d) = if parts[0].len() == 4 {
            (nums[0], nums[1], nums[2])
        } else {
            let y = if parts[2].len() == 2 {
                2000 + nums[2]
            } else {
                nums[2]
            };
            if parts[2].len() != 2 && parts[2].len() != 4 {
                return None;
            }
            (y, nums[1], nums[0])
        };
        return NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32).map(|d| (d, Precision::Day));
    }
    // Word forms: optional weekday, day (`1er`), month name, year.
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let weekdays = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    let words: Vec<&str> = words
        .into_iter()
        .filter(|w| !weekdays.contains(w) && *w != "le")
        .collect();
    match words.as_slice() {
        [day, month, year] => {
            let day: u32 = day.trim_end_matches("er").parse().ok()?;
            let month = month_number(month)?;
            let year = parse_year(year)?;
            NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, Precision::Day))
        }
        [month, year] => {
            let month = month_number(month)?;
            let year = parse_year(year)?;
            NaiveDate::from_ymd_opt(year, month, 1).map(|d| (d, Precision::Month))
        }
        _ => None,
    }
}

fn parse_year(s: &str) -> Option<i32> {
    if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// The date of an Excel serial number (1900 date system, as Windows Excel and CSV exports
/// use). Excel counts a 29 February 1900 that never was, so serials from 61 on are one day
/// ahead of a plain count from 1899-12-31. Serials below 1 or past year 9999 give `None`.
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 31)?;
    let offset = if days >= 61 { days - 1 } else { days };
    base.checked_add_signed(chrono::Duration::days(offset))
}

/// The date's Excel serial, the inverse of [`excel_serial_date`] for dates from March 1900.
pub fn date_to_excel_serial(date: NaiveDate) -> i64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid base");
    let n = (date - base).num_days();
    if date.year() == 1900 && date.month() <= 2 {
        n - 1
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<f64> {
        parse_number(s).map(|n| n.value)
    }

    #[test]
    fn french_amounts() {
        assert_eq!(value("1 500,00 €"), Some(1500.0));
        assert_eq!(value("1\u{202f}500,00\u{a0}€"), Some(1500.0));
        assert_eq!(value("1\u{a0}500 € HT"), Some(1500.0));
        assert_eq!(value("1.500 €"), Some(1500.0));
        assert_eq!(value("1.500,50"), Some(1500.5));
        assert_eq!(value("12,5"), Some(12.5));
        assert_eq!(value("12.5"), Some(12.5));
        assert_eq!(value("1,500,000"), Some(1_500_000.0));
        assert_eq!(value("1 234 567,89 EUR"), Some(1_234_567.89));
        assert_eq!(value("-200"), Some(-200.0));
        assert_eq!(value("\u{2212}200 €"), Some(-200.0));
        assert_eq!(value("(200)"), Some(-200.0));
        assert_eq!(value("1,5 k€"), Some(1500.0));
        assert_eq!(value("2 M€"), Some(2_000_000.0));
        assert_eq!(value("€1,500.00"), Some(1500.0));
        assert_eq!(value("0"), Some(0.0));
        assert_eq!(value("250 euros"), Some(250.0));
    }

    #[test]
    fn units_are_reported() {
        let n = parse_number("1 500 € HT").unwrap();
        assert_eq!(
            (n.currency, n.tax, n.percent),
            (Some("EUR"), Some(Tax::Ht), false)
        );
        let n = parse_number("1 800 € TTC").unwrap();
        assert_eq!(n.tax, Some(Tax::Ttc));
        let n = parse_number("12 %").unwrap();
        assert_eq!((n.value, n.percent), (12.0, true));
        let n = parse_number("20\u{a0}%").unwrap();
        assert!(n.percent);
        assert_eq!(parse_number("300 $").unwrap().currency, Some("USD"));
        assert_eq!(parse_number("300").unwrap().currency, None);
    }

    #[test]
    fn not_numbers() {
        for s in [
            "",
            "Action 2",
            "15/03/2027",
            "S12",
            "1 50",
            "12 34 56",
            "abc",
            "€",
            "HT",
            "1,2,3",
            "2027-03-15",
            "Total",
            "06 12 34 56 78",
        ] {
            assert_eq!(parse_number(s), None, "{s:?} is not a number");
        }
    }

    #[test]
    fn dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            parse_date("15/03/2027"),
            Some((d(2027, 3, 15), Precision::Day))
        );
        assert_eq!(
            parse_date("15/03/27"),
            Some((d(2027, 3, 15), Precision::Day))
        );
        assert_eq!(
            parse_date("15-03-2027"),
            Some((d(2027, 3, 15), Precision::Day))
        );
        assert_eq!(
            parse_date("15.03.2027"),
            Some((d(2027, 3, 15), Precision::Day))
        );
        assert_eq!(
            parse_date("2027-03-15"),
            Some((d(2027, 3, 15), Precision::Day))
        );
        assert_eq!(
            parse_date("15 mars 2027"),
            Some((d(2027, 3, 15), Precision::Day))
        );
        assert_eq!(
            parse_date("1er août 2027"),
            Some((d(2027, 8, 1), Precision::Day))
        );
        assert_eq!(
            parse_date("Lundi 15 Mars 2027"),
            Some((d(2027, 3, 15), Precision::Day))
        );
        assert_eq!(
            parse_date("févr. 2027"),
            Some((d(2027, 2, 1), Precision::Month))
        );
        assert_eq!(
            parse_date("Décembre 2026"),
            Some((d(2026, 12, 1), Precision::Month))
        );
        assert_eq!(parse_date("31/02/2027"), None);
        assert_eq!(parse_date("15/03"), None);
        assert_eq!(parse_date("mars"), None);
        assert_eq!(parse_date("1 500"), None);
    }

    #[test]
    fn excel_serials() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(excel_serial_date(1.0), Some(d(1900, 1, 1)));
        assert_eq!(excel_serial_date(59.0), Some(d(1900, 2, 28)));
        assert_eq!(excel_serial_date(61.0), Some(d(1900, 3, 1)));
        assert_eq!(excel_serial_date(46461.0), Some(d(2027, 3, 15)));
        assert_eq!(excel_serial_date(46461.75), Some(d(2027, 3, 15)));
        assert_eq!(excel_serial_date(0.0), None);
        assert_eq!(excel_serial_date(f64::NAN), None);
        assert_eq!(date_to_excel_serial(d(2027, 3, 15)), 46461);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Échéance Début"), "echeance debut");
        assert_eq!(fold("Cœur l’entreprise"), "coeur l'entreprise");
        assert_eq!(month_number("Févr."), Some(2));
    }
}
