//! Who sends the message: a sender name and address.

use livrable_model::{Location, Observation};

use super::page::{visible, Page};
use super::{codes, Sender};
use crate::text::quote;
use crate::Output;

pub(super) fn sender(page: &Page, p: &Sender, out: &mut Output) {
    let blocks: Vec<_> = page
        .doc
        .blocks
        .iter()
        .filter(|b| b.location.start.is_none_or(|s| s >= page.body_start))
        .filter(|b| !visible(&b.text).is_empty())
        .collect();
    let total: usize = blocks.iter().map(|b| b.text.len()).sum();
    let boundary = (total as f64 * (1.0 - p.footer_share)).floor() as usize;
    let mut seen = 0usize;
    let mut footer = Vec::new();
    for b in &blocks {
        seen += b.text.len();
        if seen > boundary {
            footer.push(*b);
        }
    }
    let is_address = |t: &str| {
        p.postal_code.0.is_match(t) || p.address_merge_tags.iter().any(|m| m.0.is_match(t))
    };
    let address = footer.iter().enumerate().find_map(|(i, b)| {
        if is_address(&b.text) {
            return Some(b.text.clone());
        }
        // A postal code cut from its town by a line break (`69002` / `Lyon`).
        let next = footer.get(i + 1)?;
        let joined = format!("{} {}", b.text, next.text);
        (is_address(&joined) && !is_address(&next.text)).then_some(joined)
    });
    match address {
        Some(text) => out.evidence.push(
            Observation::new(codes::SENDER, Location::whole())
                .arg("address", quote(&visible(&text), 150)),
        ),
        None => {
            let at = match (footer.first(), footer.last()) {
                (Some(first), Some(last)) => match (first.location.start, last.location.end) {
                    (Some(s), Some(e)) => Location::span(s, e),
                    _ => Location::whole(),
                },
                _ => Location::whole(),
            };
            out.findings.push(
                Observation::new(codes::NO_SENDER, at)
                    .arg("share", (p.footer_share * 100.0).round() as u32),
            );
        }
    }
}
