//! Scripts, forms, frames, embedded media and external stylesheets, which mail clients strip or block.

use livrable_model::{Element, Location, Observation};

use super::css::Item;
use super::page::{span, Page};
use super::{codes, Markup, QUOTE_MAX};
use crate::text::quote;
use crate::Output;

pub(super) fn markup(page: &Page, p: &Markup, out: &mut Output) {
    let before = out.findings.len();
    let lists: [(&str, &[String]); 4] = [
        (codes::SCRIPT, &p.script),
        (codes::FORM, &p.form),
        (codes::IFRAME, &p.iframe),
        (codes::EMBEDDED_MEDIA, &p.embedded_media),
    ];
    for e in &page.doc.elements {
        if let Some((code, _)) = lists.iter().find(|(_, tags)| tags.contains(&e.tag)) {
            out.findings.push(
                Observation::new(*code, e.location.clone()).arg("tag", format!("<{}>", e.tag)),
            );
        }
        if p.event_handlers {
            if let Some((name, _)) = e.attrs.iter().find(|(n, _)| is_event_handler(n)) {
                out.findings.push(
                    Observation::new(codes::SCRIPT, e.location.clone())
                        .arg("tag", format!("<{} {name}>", e.tag)),
                );
            }
        }
        if p.external_stylesheets && e.tag == "link" && is_stylesheet_link(e) {
            out.findings.push(
                Observation::new(codes::EXTERNAL_STYLESHEET, e.location.clone())
                    .arg("url", quote(e.attr("href").unwrap_or(""), QUOTE_MAX)),
            );
        }
    }
    if p.external_stylesheets {
        for u in &page.sheets {
            if let Item::AtRule { name, url } = &u.item {
                if name == "import" {
                    let at = u.span.as_ref().map(span).unwrap_or_default();
                    out.findings.push(
                        Observation::new(codes::EXTERNAL_STYLESHEET, at)
                            .arg("url", quote(url.as_deref().unwrap_or(""), QUOTE_MAX)),
                    );
                }
            }
        }
    }
    if out.findings.len() == before {
        out.evidence
            .push(Observation::new(codes::MARKUP, Location::whole()));
    }
}

/// `onclick`, `onload`… (not `on` alone).
fn is_event_handler(name: &str) -> bool {
    name.len() > 2 && name.starts_with("on") && name.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_stylesheet_link(e: &Element) -> bool {
    e.attr("rel").is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("stylesheet"))
    })
}
