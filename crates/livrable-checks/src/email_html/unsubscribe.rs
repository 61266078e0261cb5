//! The unsubscribe link a commercial e-mail must carry.

use livrable_model::french::fold;
use livrable_model::{Format, Location, Observation};

use super::page::{split_scheme, Page};
use super::{codes, Unsubscribe, QUOTE_MAX};
use crate::text::{mark, quote};
use crate::Output;

pub(super) fn unsubscribe(page: &Page, p: &Unsubscribe, out: &mut Output) {
    let doc = page.doc;
    let usable = |href: &str| {
        page.is_merge_tag(href)
            || matches!(
                split_scheme(href).map(|(s, _)| s).as_deref(),
                Some("https" | "http" | "mailto")
            )
    };
    // Links that say they unsubscribe, by their text (entities decoded by the reader:
    // `d&eacute;sabonnez-vous` reads `désabonnez-vous`) or their address.
    let (live, dead): (Vec<_>, Vec<_>) = doc
        .links
        .iter()
        .filter(|l| {
            let text = fold(&l.text);
            let lower = l.href.trim().to_lowercase();
            p.text_patterns.iter().any(|pat| pat.0.is_match(&text))
                || p.href_patterns.iter().any(|pat| pat.0.is_match(&lower))
        })
        .partition(|l| usable(l.href.trim()));
    let link = live.first().copied();
    let header = if p.list_unsubscribe_header && doc.format == Format::Eml {
        doc.meta
            .front_matter
            .get("list-unsubscribe")
            .map(|h| h.to_ascii_lowercase())
            .filter(|h| h.contains("<https:") || h.contains("<mailto:") || h.contains("<http:"))
    } else {
        None
    };
    if link.is_none() && header.is_none() {
        // There, but leading nowhere (`#`, `###`, `javascript:;`, a relative address).
        if let Some(l) = dead.first() {
            out.findings.push(
                Observation::new(codes::UNSUBSCRIBE_DEAD, l.location.clone())
                    .arg("text", quote(&l.text, QUOTE_MAX))
                    .arg("href", quote(l.href.trim(), QUOTE_MAX)),
            );
            return;
        }
        // Point at the footer, where it is expected.
        let at = doc
            .blocks
            .last()
            .map(|b| b.location.clone())
            .unwrap_or_default();
        out.findings
            .push(Observation::new(codes::NO_UNSUBSCRIBE, at));
        return;
    }
    let one_click = doc
        .meta
        .front_matter
        .get("list-unsubscribe-post")
        .is_some_and(|v| v.to_ascii_lowercase().contains("one-click"));
    out.evidence.push(
        Observation::new(codes::UNSUBSCRIBE, Location::whole())
            .arg(
                "link",
                // The header alone: name it, so that the sentence still says what was found.
                link.map_or_else(
                    || "List-Unsubscribe".to_string(),
                    |l| quote(&l.text, QUOTE_MAX),
                ),
            )
            .arg(
                "header",
                mark((doc.format == Format::Eml).then_some(header.is_some())),
            )
            .arg(
                "one_click",
                mark((doc.format == Format::Eml).then_some(one_click)),
            ),
    );
}
