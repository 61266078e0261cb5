//! Character references (`&eacute;`, `&#233;`, `&#xE9;`) in HTML text and attribute values.
//!
//! Written by hand, on purpose small: lol_html hands over raw source text so that spans stay
//! true, and none of the declared crates exposes a decoder for a piece of text (html5ever
//! keeps its entity table behind its tokenizer, and a second scraper parse per text run would
//! cost a tree build for every `&amp;`). Numeric references are decoded completely (with the
//! HTML rule that maps 0x80–0x9F through Windows-1252); named references cover the names
//! authoring tools and e-mail builders actually write: the markup characters, the whole
//! Latin-1 range (every French accented letter, `&nbsp;`, `&laquo;`), French typographic
//! punctuation and the invisible characters of e-mail preheaders. Any other name is left as
//! written, which is what a reader would notice anyway.

use std::borrow::Cow;

/// The HTML 4 Latin-1 entity names, one per code point from U+00A0 to U+00FF, in order.
/// HTML also accepts these without the final `;` (legacy references).
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Names outside Latin-1 that need the final `;`, except the four markup ones (see
/// [`legacy`]).
const OTHERS: [(&str, char); 52] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("AMP", '&'),
    ("LT", '<'),
    ("GT", '>'),
    ("QUOT", '"'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Yuml", 'Ÿ'),
    ("fnof", 'ƒ'),
    ("circ", 'ˆ'),
    ("tilde", '˜'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200c}'),
    ("zwj", '\u{200d}'),
    ("lrm", '\u{200e}'),
    ("rlm", '\u{200f}'),
    ("ZeroWidthSpace", '\u{200b}'),
    ("NoBreak", '\u{2060}'),
    ("NewLine", '\n'),
    ("Tab", '\t'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("bull", '•'),
    ("hellip", '…'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("euro", '€'),
    ("trade", '™'),
    ("larr", '←'),
    ("rarr", '→'),
    ("hearts", '♥'),
    ("check", '✓'),
    ("starf", '★'),
];

/// Longest name looked up; a longer run of letters is not a reference we know.
const MAX_NAME: usize = 16;

/// The character a named reference stands for, given the name without `&` and `;`.
fn named(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHERS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// True for the names HTML decodes even without the final `;`: the Latin-1 ones and the
/// markup characters (`&amp`, `&lt`, `&gt`, `&quot` and their upper-case forms).
fn legacy(name: &str) -> bool {
    LATIN1.contains(&name)
        || matches!(
            name,
            "amp" | "lt" | "gt" | "quot" | "AMP" | "LT" | "GT" | "QUOT"
        )
}

/// The character of a numeric reference, with the HTML rules for bad values: NUL,
/// surrogates and values past U+10FFFF become U+FFFD; 0x80–0x9F are read as Windows-1252
/// (what the authoring tool meant by `&#150;`).
fn numeric(value: u32) -> char {
    match value {
        0x80..=0x9F => {
            let byte = [value as u8];
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            text.chars().next().unwrap_or('\u{fffd}')
        }
        0 => '\u{fffd}',
        v => char::from_u32(v).unwrap_or('\u{fffd}'),
    }
}

/// Decodes the character references in `raw`. `in_attribute` applies the attribute rule:
/// a legacy reference without `;` followed by `=` is left as written (`?a=1&copy=2`).
pub(crate) fn decode(raw: &str, in_attribute: bool) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut copied = 0; // raw[..copied] is already in `out`
    let mut i = 0;
    while let Some(off) = raw.get(i..).and_then(|rest| rest.find('&')) {
        let amp = i + off;
        i = amp + 1;
        let Some((c, len)) = reference(bytes, amp + 1, in_attribute) else {
            continue;
        };
        out.push_str(raw.get(copied..amp).unwrap_or(""));
        out.push(c);
        i = amp + 1 + len;
        copied = i;
    }
    out.push_str(raw.get(copied..).unwrap_or(""));
    Cow::Owned(out)
}

/// The reference starting at `bytes[at]` (just after `&`): its character and how many bytes
/// it takes (including the `;` if any). All indices stay on ASCII bytes, so the caller's
/// slices are on char boundaries.
fn reference(bytes: &[u8], at: usize, in_attribute: bool) -> Option<(char, usize)> {
    let rest = bytes.get(at..)?;
    if rest.first() == Some(&b'#') {
        let (hex, digits_at) = match rest.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let digits = rest
            .get(digits_at..)?
            .iter()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let mut value: u32 = 0;
        for &b in rest.get(digits_at..digits_at + digits)? {
            let d = (b as char).to_digit(16).unwrap_or(0);
            // Saturate: anything past U+10FFFF is invalid anyway.
            value = value
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d)
                .min(0x11_0000);
        }
        let mut len = digits_at + digits;
        if rest.get(len) == Some(&b';') {
            len += 1;
        }
        return Some((numeric(value), len));
    }
    let name_len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || name_len > MAX_NAME {
        return None;
    }
    let name = std::str::from_utf8(rest.get(..name_len)?).ok()?;
    match rest.get(name_len) {
        Some(b';') => named(name).map(|c| (c, name_len + 1)),
        next => {
            if !legacy(name) || (in_attribute && next == Some(&b'=')) {
                return None;
            }
            named(name).map(|c| (c, name_len))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_numeric_and_unknown() {
        assert_eq!(
            decode("caf&eacute; &amp; th&#233; &#xE9;t&#XE9;", false),
            "café & thé été"
        );
        assert_eq!(
            decode("&laquo;&nbsp;Bonjour&nbsp;&raquo;", false),
            "«\u{a0}Bonjour\u{a0}»"
        );
        assert_eq!(
            decode("l&rsquo;&eacute;t&eacute; &hellip; &euro;", false),
            "l’été … €"
        );
        assert_eq!(
            decode("&unknown; & &; &#; &#x;", false),
            "&unknown; & &; &#; &#x;"
        );
        assert_eq!(decode("sans entit\u{e9}", false), "sans entité");
    }

    #[test]
    fn legacy_and_bad_numbers() {
        assert_eq!(decode("&copy 2027 &eacute", false), "© 2027 é");
        assert_eq!(decode("&hellip", false), "&hellip", "not a legacy name");
        assert_eq!(
            decode("&#150;&#0;&#xD800;&#99999999999;", false),
            "–\u{fffd}\u{fffd}\u{fffd}"
        );
    }

    #[test]
    fn attribute_rule() {
        assert_eq!(decode("?a=1&copy=2&amp;b=3", true), "?a=1&copy=2&b=3");
        assert_eq!(decode("?a=1&copy=2", false), "?a=1©=2");
    }

    #[test]
    fn latin1_table_is_in_code_point_order() {
        assert_eq!(named("nbsp"), Some('\u{a0}'));
        assert_eq!(named("Eacute"), Some('É'));
        assert_eq!(named("ccedil"), Some('ç'));
        assert_eq!(named("yuml"), Some('ÿ'));
        assert_eq!(named("times"), Some('×'));
    }

    #[test]
    fn non_ascii_around_references_is_safe() {
        assert_eq!(decode("é&é&amp;é&", false), "é&é&é&");
    }
}
