//! Link and image addresses: placeholders, relative URLs, schemes a reader cannot follow.

use livrable_model::{Location, Observation};

use super::css::{Item, Value};
use super::page::{split_scheme, Page};
use super::{codes, Urls, QUOTE_MAX};
use crate::text::quote;
use crate::Output;

pub(super) fn urls(page: &Page, p: &Urls, out: &mut Output) {
    let before = out.findings.len();
    let mut count = 0usize;
    let doc = page.doc;
    for link in &doc.links {
        count += 1;
        let href = link.href.trim();
        if page.is_merge_tag(href) {
            continue;
        }
        if p.placeholder_patterns
            .iter()
            .any(|pat| pat.0.is_match(href))
        {
            out.findings.push(
                Observation::new(codes::PLACEHOLDER_LINK, link.location.clone())
                    .arg("href", quote(href, QUOTE_MAX))
                    .arg("text", quote(&link.text, QUOTE_MAX)),
            );
            continue;
        }
        // A link to an anchor of the same message is not an address to resolve.
        if href.starts_with('#') {
            continue;
        }
        if !acceptable(href, p) {
            out.findings.push(
                Observation::new(codes::RELATIVE_URL, link.location.clone())
                    .arg("url", quote(href, QUOTE_MAX))
                    .arg("tag", "<a>"),
            );
        }
    }
    let mut check = |url: &str, tag: &str, at: Location, out: &mut Output| {
        count += 1;
        let url = url.trim();
        if !page.is_merge_tag(url) && !acceptable(url, p) {
            out.findings.push(
                Observation::new(codes::RELATIVE_URL, at)
                    .arg("url", quote(url, QUOTE_MAX))
                    .arg("tag", tag),
            );
        }
    };
    for image in &doc.images {
        check(&image.src, "<img>", image.location.clone(), out);
    }
    for e in &doc.elements {
        if let Some(bg) = e.attr("background") {
            check(bg, &format!("<{}>", e.tag), e.location.clone(), out);
        }
    }
    for (u, at) in page.css_uses() {
        if matches!(&u.item, Item::AtRule { name, .. } if name == "import") {
            continue; // external-stylesheet's business
        }
        let urls: Vec<&str> = match &u.item {
            Item::Declaration { values, .. } => values
                .iter()
                .filter_map(|v| match v {
                    Value::Url(url) => Some(url.as_str()),
                    _ => None,
                })
                .collect(),
            Item::AtRule { url: Some(url), .. } => vec![url.as_str()],
            _ => Vec::new(),
        };
        for url in urls {
            check(url, "url()", at.clone(), out);
        }
    }
    if out.findings.len() == before && count > 0 {
        out.evidence
            .push(Observation::new(codes::URLS, Location::whole()).arg("count", count));
    }
}

/// An absolute address with an allowed scheme, not on a local host.
fn acceptable(url: &str, p: &Urls) -> bool {
    let Some((scheme, rest)) = split_scheme(url) else {
        return false;
    };
    if !p
        .allowed_schemes
        .iter()
        .any(|s| s.eq_ignore_ascii_case(&scheme))
    {
        return false;
    }
    if scheme == "http" || scheme == "https" {
        let Some(authority) = rest.strip_prefix("//") else {
            return false;
        };
        let host = authority
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .rsplit('@')
            .next()
            .unwrap_or("");
        let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
        if host.is_empty() {
            return false;
        }
        if let Some(local) = &p.local_host {
            if local.0.is_match(&host) {
                return false;
            }
        }
    }
    true
}
