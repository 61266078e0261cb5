//! The document's language and title.

use livrable_model::{Location, Observation};

use super::page::Page;
use super::{codes, Params, QUOTE_MAX};
use crate::text::quote;
use crate::Output;

pub(super) fn head(page: &Page, params: &Params, out: &mut Output) {
    let doc = page.doc;
    let before = out.findings.len();
    let html = doc
        .elements
        .iter()
        .find(|e| e.tag == "html")
        .map(|e| e.location.clone())
        .unwrap_or_default();
    if let Some(p) = &params.lang {
        let lang = doc.meta.lang.as_deref().map(str::trim).unwrap_or("");
        if !p.pattern.0.is_match(lang) {
            out.findings
                .push(Observation::new(codes::NO_LANG, html).arg("lang", quote(lang, 40)));
        }
    }
    if params.title {
        let title = doc.meta.title.as_deref().map(str::trim).unwrap_or("");
        if title.is_empty() {
            let at = doc
                .elements
                .iter()
                .find(|e| e.tag == "title")
                .or_else(|| doc.elements.iter().find(|e| e.tag == "head"))
                .map(|e| e.location.clone())
                .unwrap_or_default();
            out.findings.push(Observation::new(codes::NO_TITLE, at));
        }
    }
    if out.findings.len() == before {
        out.evidence.push(
            Observation::new(codes::HEAD, Location::whole())
                .arg("lang", doc.meta.lang.as_deref().unwrap_or("").trim())
                .arg(
                    "title",
                    quote(doc.meta.title.as_deref().unwrap_or(""), QUOTE_MAX),
                ),
        );
    }
}
