//! Spreadsheet formulas read for their shape: which cells a plain sum adds.

/// The cells a formula adds, as 0-based inclusive ranges, when it is a plain sum of cell
/// references (`SUM(C3:C7)`, `C8+C15`, `SOMME(C3:C7;C9)`, `of:=SUM([.C3:.C7])`); `None`
/// for anything else (other functions, products, references to other sheets).
/// Written by hand: a sum's shape is all that is needed, not a formula engine.
pub(crate) fn sum_refs(formula: &str) -> Option<Vec<(u32, u32, u32, u32)>> {
    let mut f = formula.trim().to_ascii_uppercase();
    if let Some(rest) = f.strip_prefix("OF:") {
        f = rest.to_string();
    }
    let f = f.trim_start_matches('=').replace(['$', '[', ']'], "");
    if f.contains('!') || f.len() > 2_000 {
        return None;
    }
    // ODS writes `.C3:.C7`.
    let f = f.replace(":.", ":");
    let f = f
        .strip_prefix('.')
        .unwrap_or(&f)
        .replace("(.", "(")
        .replace(";.", ";")
        .replace("+.", "+")
        .replace(",.", ",");
    let bytes = f.as_bytes();
    let mut refs = Vec::new();
    let mut rest = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some((r, len)) = parse_ref(&bytes[i..]) {
            // A reference must not be glued to a name before it (`LOG10`).
            if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
                return None;
            }
            let (a, b) = r;
            let (r0, c0) = a;
            let (r1, c1) = b.unwrap_or(a);
            refs.push((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)));
            i += len;
        } else {
            rest.push(bytes[i] as char);
            i += 1;
        }
    }
    let rest = rest.replace("SOMME", "").replace("SUM", "");
    if refs.is_empty()
        || !rest
            .chars()
            .all(|c| matches!(c, '(' | ')' | '+' | ';' | ',' | ' '))
    {
        return None;
    }
    Some(refs)
}

type CellPos = (u32, u32);

/// A reference `C3` or range `C3:D9` at the start of `b`: ((row, col), end), length.
fn parse_ref(b: &[u8]) -> Option<((CellPos, Option<CellPos>), usize)> {
    let (first, n) = parse_cell(b)?;
    if b.get(n) == Some(&b':') {
        if let Some((second, m)) = parse_cell(&b[n + 1..]) {
            return Some(((first, Some(second)), n + 1 + m));
        }
    }
    Some(((first, None), n))
}

/// `C3` at the start of `b` as 0-based (row, col), and its length.
fn parse_cell(b: &[u8]) -> Option<(CellPos, usize)> {
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let digits = b[letters..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 7 {
        return None;
    }
    if b.get(letters + digits)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'(')
    {
        return None;
    }
    let col = b[..letters]
        .iter()
        .fold(0u32, |acc, c| acc * 26 + u32::from(c - b'A' + 1))
        - 1;
    let row: u32 = std::str::from_utf8(&b[letters..letters + digits])
        .ok()?
        .parse()
        .ok()?;
    Some(((row.checked_sub(1)?, col), letters + digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_formulas_are_read_and_others_refused() {
        assert_eq!(sum_refs("SUM(C3:C7)"), Some(vec![(2, 2, 6, 2)]));
        assert_eq!(
            sum_refs("=C8+C15"),
            Some(vec![(7, 2, 7, 2), (14, 2, 14, 2)])
        );
        assert_eq!(sum_refs("of:=SUM([.C3:.C7])"), Some(vec![(2, 2, 6, 2)]));
        assert_eq!(sum_refs("SUM(C3:C7)*1.2"), None);
        assert_eq!(sum_refs("Feuil1!C3+C4"), None);
        assert_eq!(sum_refs("LOG10(C3)"), None);
        assert_eq!(sum_refs(""), None);
        assert_eq!(sum_refs("SUM(ZZZZ1:A99999999)"), None);
    }
}
