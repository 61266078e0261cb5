//! Link texts that say nothing out of context (« cliquez ici »).

use livrable_model::french::fold;
use livrable_model::{Location, Observation};

use super::page::{visible, Page};
use super::{codes, GenericLinkText, QUOTE_MAX};
use crate::text::quote;
use crate::Output;

pub(super) fn generic_link_text(page: &Page, p: &GenericLinkText, out: &mut Output) {
    let doc = page.doc;
    let phrases: Vec<String> = p.phrases.iter().map(|t| normalise_name(t)).collect();
    let before = out.findings.len();
    for link in &doc.links {
        // An aria-label names the link instead of its text (RGAA 6.1).
        let label = doc
            .elements
            .iter()
            .find(|e| {
                e.tag == "a"
                    && e.location.start.is_some()
                    && e.location.start == link.location.start
            })
            .and_then(|e| e.attr("aria-label"))
            .map(str::trim)
            .filter(|l| !l.is_empty());
        let name = label.unwrap_or(&link.text);
        let normal = normalise_name(name);
        if !normal.is_empty() && phrases.contains(&normal) {
            out.findings.push(
                Observation::new(codes::GENERIC_LINK_TEXT, link.location.clone())
                    .arg("text", quote(name, QUOTE_MAX))
                    .arg("href", quote(&link.href, QUOTE_MAX)),
            );
        }
    }
    if out.findings.len() == before && !doc.links.is_empty() {
        out.evidence.push(
            Observation::new(codes::LINK_TEXTS, Location::whole()).arg("count", doc.links.len()),
        );
    }
}

/// Folded, punctuation and arrows trimmed at both ends, white space collapsed.
pub(super) fn normalise_name(text: &str) -> String {
    let folded = fold(&visible(text));
    let trimmed = folded.trim_matches(|c: char| !c.is_alphanumeric());
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}
