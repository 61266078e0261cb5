//! Features that mail clients do not support, looked up in the caniemail dataset.

use livrable_model::{Location, Observation, Severity};

use super::caniemail::{Client, Dataset, Level};
use super::css::{Item, Value};
use super::page::Page;
use super::{codes, ClientSupport, FeatureRule};
use crate::{Output, ParamError};

/// The dataset read from `bytes`, once per process however many instances name it (the
/// caniemail file is 650 KB of JSON: reading it was a fifth of the pack's load). Kept for
/// the process's life, like the spelling dictionaries.
pub(super) fn dataset_for(path: &str, bytes: &[u8]) -> Result<std::sync::Arc<Dataset>, ParamError> {
    type Cache = Vec<(Vec<u8>, std::sync::Arc<Dataset>)>;
    static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let lock = || match cache.lock() {
        Ok(c) => c,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some((_, d)) = lock().iter().find(|(b, _)| b.as_slice() == bytes) {
        return Ok(std::sync::Arc::clone(d));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ParamError(format!("{path}: {e}")))?;
    let dataset = std::sync::Arc::new(Dataset::from_json(text).map_err(ParamError)?);
    lock().push((bytes.to_vec(), std::sync::Arc::clone(&dataset)));
    Ok(dataset)
}

/// Every feature and client family the instance names exists in the dataset.
pub(super) fn check_names(c: &ClientSupport, data: &Dataset) -> Result<(), ParamError> {
    if let Some(f) = c
        .features
        .iter()
        .find(|f| data.feature(&f.feature).is_none())
    {
        return Err(ParamError(format!(
            "client_support: caniemail has no feature `{}`",
            f.feature
        )));
    }
    if let Some(unknown) = c
        .clients
        .iter()
        .filter_map(|c| Client::parse(c))
        .find(|c| !data.knows_family(&c.family))
    {
        return Err(ParamError(format!(
            "client_support: caniemail has no client family `{}`",
            unknown.family
        )));
    }
    Ok(())
}

pub(super) fn client_support(
    page: &Page,
    p: &ClientSupport,
    data: &Dataset,
    out: &mut Output,
) -> Result<(), ParamError> {
    check_names(p, data)?;
    let clients: Vec<Client> = p.clients.iter().filter_map(|c| Client::parse(c)).collect();
    let before = out.findings.len();
    for rule in &p.features {
        let feature = data.feature(&rule.feature).ok_or_else(|| {
            ParamError(format!(
                "client_support: caniemail has no feature `{}`",
                rule.feature
            ))
        })?;
        let uses = uses_of(page, rule);
        let Some(first) = uses.first() else {
            continue;
        };
        let Some(verdict) = data.verdict(feature, &clients) else {
            continue;
        };
        let severity = if verdict.level == Level::Unsupported {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.findings.push(
            Observation::new(codes::UNSUPPORTED_FEATURE, first.clone())
                .arg("feature", &feature.title)
                .arg("slug", &feature.slug)
                .arg("clients", data.client_names(&verdict.clients))
                .arg("notes", verdict.notes.join(" "))
                .arg("count", uses.len())
                .arg("url", feature.url.as_deref().unwrap_or(""))
                .arg("date", data.date())
                .severity(severity),
        );
    }
    if out.findings.len() == before {
        let mut families: Vec<&str> = Vec::new();
        for c in &clients {
            let name = data.family_name(&c.family);
            if !families.contains(&name) {
                families.push(name);
            }
        }
        out.evidence.push(
            Observation::new(codes::CLIENT_SUPPORT, Location::whole())
                .arg("clients", families.join(", "))
                .arg("count", p.features.len())
                .arg("date", data.date()),
        );
    }
    Ok(())
}

/// Where the document uses what `rule` describes, in document order.
fn uses_of(page: &Page, rule: &FeatureRule) -> Vec<Location> {
    let doc = page.doc;
    let lower = |v: &[String]| v.iter().map(|s| s.to_ascii_lowercase()).collect::<Vec<_>>();
    let elements = lower(&rule.elements);
    let attributes = lower(&rule.attributes);
    let properties = lower(&rule.css_properties);
    let functions = lower(&rule.css_functions);
    let at_rules = lower(&rule.css_at_rules);
    let media = lower(&rule.css_media_features);
    let pseudos = lower(&rule.css_pseudos);
    let extensions = lower(&rule.image_extensions);
    let values: Vec<(String, String)> = rule
        .css_values
        .iter()
        .filter_map(|v| v.split_once(':'))
        .map(|(p, v)| (p.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();

    let mut found: Vec<Location> = Vec::new();
    for e in &doc.elements {
        if elements.contains(&e.tag) || e.attrs.iter().any(|(n, _)| attributes.contains(n)) {
            found.push(e.location.clone());
        }
        if !extensions.is_empty() {
            let sources = [
                (e.tag == "img").then(|| e.attr("src")).flatten(),
                e.attr("background"),
            ];
            if sources
                .iter()
                .flatten()
                .any(|src| image_extension(src).is_some_and(|x| extensions.contains(&x)))
            {
                found.push(e.location.clone());
            }
        }
    }
    for link in &doc.links {
        let href = link.href.trim();
        if rule
            .href_prefixes
            .iter()
            .any(|prefix| href.len() > prefix.len() && href.starts_with(prefix.as_str()))
        {
            found.push(link.location.clone());
        }
    }
    for (u, at) in page.css_uses() {
        let hit = match &u.item {
            Item::Declaration {
                property,
                values: vs,
            } => {
                properties.contains(property)
                    || values.iter().any(|(p, v)| {
                        p == property && vs.iter().any(|x| matches!(x, Value::Keyword(k) if k == v))
                    })
                    || vs
                        .iter()
                        .any(|x| matches!(x, Value::Function(f) if functions.contains(f)))
            }
            Item::AtRule { name, .. } => at_rules.contains(name),
            Item::MediaFeature(name) => media.contains(name),
            Item::Pseudo(name) => pseudos.contains(name),
        };
        if hit {
            found.push(at);
        }
    }
    found.sort_by_key(|l| l.start.unwrap_or(usize::MAX));
    found
}

/// The lower-case extension of an image address (`photo.WEBP?v=2` → `webp`), or the
/// subtype of a `data:image/…` address.
pub(super) fn image_extension(src: &str) -> Option<String> {
    let src = src.trim();
    if let Some(rest) = src.strip_prefix("data:image/") {
        let subtype = rest.split([';', ',', '+']).next()?;
        return Some(subtype.to_ascii_lowercase());
    }
    let path = src.split(['?', '#']).next()?;
    let name = path.rsplit('/').next()?;
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty() && ext.len() <= 5).then(|| ext.to_ascii_lowercase())
}
