//! The hidden preheader text an inbox shows after the subject.

use livrable_model::{Element, Location, Observation};

use super::page::{content_range, visible, Page};
use super::{codes, Preheader, QUOTE_MAX};
use crate::text::{grapheme_count, quote};
use crate::Output;

pub(super) fn preheader(page: &Page, p: &Preheader, out: &mut Output) {
    let doc = page.doc;
    let hidden: Vec<String> = p.hidden_styles.iter().map(|s| normalise_decl(s)).collect();
    let first = doc.blocks.iter().find(|b| {
        b.location.start.is_some_and(|s| s >= page.body_start) && !visible(&b.text).is_empty()
    });
    let Some(first) = first else {
        out.findings
            .push(Observation::new(codes::NO_PREHEADER, Location::whole()).arg("first_text", ""));
        return;
    };
    let first_start = first.location.start.unwrap_or(0);
    // The hidden element whose content holds the first text, if any.
    let region = doc.elements.iter().find_map(|e| {
        let start = e.location.start?;
        if start > first_start || !is_hidden(e, &hidden, &p.classes) {
            return None;
        }
        let content = content_range(&doc.text, e, &e.tag)?;
        (first_start < content.end).then_some(content)
    });
    match region {
        Some(content) => {
            let text: Vec<&str> = doc
                .blocks
                .iter()
                .filter(|b| {
                    b.location
                        .start
                        .is_some_and(|s| s >= content.start && s < content.end)
                })
                .map(|b| b.text.as_str())
                .collect();
            let text = visible(&text.join(" "));
            out.evidence.push(
                Observation::new(codes::PREHEADER, Location::whole())
                    .arg("length", grapheme_count(&text))
                    .arg("text", quote(&text, 150)),
            );
        }
        None => out.findings.push(
            Observation::new(codes::NO_PREHEADER, first.location.clone())
                .arg("first_text", quote(&visible(&first.text), QUOTE_MAX)),
        ),
    }
}

fn is_hidden(e: &Element, hidden: &[String], classes: &[String]) -> bool {
    let by_style = e.attr("style").is_some_and(|style| {
        style
            .split(';')
            .map(normalise_decl)
            .any(|d| hidden.contains(&d))
    });
    let by_class = e.attr("class").is_some_and(|class| {
        class
            .split_ascii_whitespace()
            .any(|c| classes.iter().any(|k| k.eq_ignore_ascii_case(c)))
    });
    by_style || by_class
}

/// `Display : None !important` → `display:none`; `0px` → `0`.
pub(super) fn normalise_decl(decl: &str) -> String {
    let lower = decl.to_lowercase().replace("!important", "");
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    match compact.split_once(':') {
        Some((prop, "0px")) => format!("{prop}:0"),
        _ => compact,
    }
}
