//! The document as several parts of the check read it, prepared once.

use std::ops::Range;

use livrable_model::{Document, Element, Location};

use super::css::CssUse;
use super::{css, Params};
use crate::text::Pattern;

/// The document with what several parts need, computed once.
pub(super) struct Page<'a> {
    pub(super) doc: &'a Document,
    pub(super) merge_tags: &'a [Pattern],
    /// Each element's `style` attribute, scanned (index into `doc.elements`).
    pub(super) inline: Vec<(usize, Vec<CssUse>)>,
    /// What the `<style>` blocks use, with spans.
    pub(super) sheets: Vec<CssUse>,
    /// Where `<body>` starts (0 when there is none).
    pub(super) body_start: usize,
}

impl<'a> Page<'a> {
    pub(super) fn new(doc: &'a Document, params: &'a Params) -> Self {
        let inline = doc
            .elements
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.attr("style").map(|s| (i, css::scan_style_attribute(s))))
            .collect();
        let mut sheets = Vec::new();
        for e in doc.elements.iter().filter(|e| e.tag == "style") {
            if let Some(content) = content_range(&doc.text, e, "style") {
                if let Some(css) = doc.text.get(content.clone()) {
                    sheets.extend(css::scan_stylesheet(css, content.start));
                }
            }
            if sheets.len() >= css::MAX_USES {
                break;
            }
        }
        let body_start = doc
            .elements
            .iter()
            .find(|e| e.tag == "body")
            .and_then(|e| e.location.start)
            .unwrap_or(0);
        Page {
            doc,
            merge_tags: &params.merge_tags,
            inline,
            sheets,
            body_start,
        }
    }

    pub(super) fn is_merge_tag(&self, target: &str) -> bool {
        let t = target.trim();
        !t.is_empty() && self.merge_tags.iter().any(|p| p.0.is_match(t))
    }

    /// Every CSS use with the place to report it: its span, or the element it sits on.
    pub(super) fn css_uses(&self) -> impl Iterator<Item = (&CssUse, Location)> + '_ {
        let inline = self.inline.iter().flat_map(move |(i, uses)| {
            let at = self
                .doc
                .elements
                .get(*i)
                .map(|e| e.location.clone())
                .unwrap_or_default();
            uses.iter().map(move |u| (u, at.clone()))
        });
        let sheets = self.sheets.iter().map(|u| {
            let at = u
                .span
                .clone()
                .map(|r| Location::span(r.start, r.end))
                .unwrap_or_default();
            (u, at)
        });
        inline.chain(sheets)
    }

    /// The declarations of one element's `style` attribute.
    pub(super) fn inline_of(&self, index: usize) -> &[CssUse] {
        self.inline
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, u)| u.as_slice())
            .unwrap_or(&[])
    }
}

/// The byte range of an element's content, from the end of its start tag to the first
/// `</tag` after it (ASCII case-insensitive), or to the end of the text.
pub(super) fn content_range(text: &str, e: &Element, tag: &str) -> Option<Range<usize>> {
    let start = e.location.end?;
    let rest = text.get(start..)?;
    let close = format!("</{tag}");
    let end = find_ascii_ci(rest, &close).map_or(text.len(), |i| start + i);
    Some(start..end)
}

pub(super) fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

pub(super) fn span(r: &Range<usize>) -> Location {
    Location::span(r.start, r.end)
}

/// Text without the invisible characters preheaders are padded with (zero-width joiners,
/// soft hyphens, combining grapheme joiners), white space collapsed.
pub(super) fn visible(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}'..='\u{200F}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}' | '\u{2060}'
            )
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `https://x` → (`https`, `//x`); `None` without a scheme (`images/a.png`, `//cdn/a.png`).
pub(super) fn split_scheme(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let ok = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| (scheme.to_ascii_lowercase(), rest))
}
