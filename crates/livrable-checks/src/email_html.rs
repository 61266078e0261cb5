//! `email-html/…`: is an HTML newsletter fit to be sent, as a mail client will show it?
//!
//! # What it checks
//!
//! HTML files and `.eml` e-mails only (the `.eml` reader hands over the decoded HTML part
//! and the `List-Unsubscribe`, `From` and `Subject` headers in the front matter). An
//! instance enables the parts it gives parameters for, so that the rule pack can tie each
//! part to the criterion it gives evidence for:
//!
//! | part (`[params.…]`) | codes |
//! |---|---|
//! | `markup` | `no-html` (nothing but text), `script` (`<script>` or `on…=` handlers), `form`, `iframe`, `embedded-media` (video, audio, object, embed), `external-stylesheet` (`<link rel=stylesheet>`, `@import`) |
//! | `size` | `too-heavy`: warning from `warn_from_bytes`, error over `error_over_bytes` (Gmail clips the message there) |
//! | `urls` | `placeholder-link` (`#`, empty, `javascript:`, `example.com`…), `relative-url` (an image, link, `background` or CSS `url()` that is not an absolute address with an allowed scheme) |
//! | `layout` | `too-wide`: a fixed width over `max_width_px` |
//! | `preheader` | `no-preheader` (information): the inbox preview is not a hidden preheader |
//! | `parse_errors` | `parse-error`: markup the browser must repair, with its line |
//! | `lang`, `title` | `no-lang` (missing or malformed `<html lang>`), `no-title` |
//! | `generic_link_text` | `generic-link-text`: "cliquez ici", "en savoir plus"… |
//! | `unsubscribe` | `no-unsubscribe`: no opt-out link (text or target), nor `List-Unsubscribe` header |
//! | `sender` | `no-sender`: no postal address (nor an ESP address merge tag) in the footer (the last `footer_share` of the text) |
//! | `client_support` | `unsupported-feature`: a feature the caniemail dataset marks `n` (error) or `a` (warning) for a selected client, with the dataset's notes |
//!
//! `merge_tags` (patterns) are accepted as link targets everywhere: a newsletter built in
//! Mailchimp or Brevo and exported keeps `*|UNSUB|*` or `{{ unsubscribe }}` until sending.
//!
//! Evidence, for each part that ran and found nothing: `email-html/size` (`size_kb`),
//! `email-html/unsubscribe` (`link`, `header`), `email-html/sender` (`address`),
//! `email-html/layout` (`width`), `email-html/urls` (`count`), `email-html/markup`,
//! `email-html/preheader` (`text`, `length`), `email-html/well-formed`,
//! `email-html/head` (`lang`, `title`), `email-html/link-texts` (`count`),
//! `email-html/client-support` (`clients`, `count`, `date`).
//!
//! # Why
//!
//! The certification asks for a newsletter "intégrant des éléments HTML fonctionnels"
//! (C2.1, CE2) that respects the channel's formats (CE1) and the law and good practice
//! (CE4): French law (CPCE L34-5) and the CNIL require a free, simple opt-out and the
//! sender's identity in every commercial e-mail; mail clients strip scripts, forms and
//! media, ignore external style sheets, break relative addresses, and Gmail clips
//! messages over about 102 KB, hiding the footer and its unsubscribe link. Thresholds and
//! word lists are in the rule pack with their sources.
//!
//! # Where the data comes from
//!
//! Everything reads the document model (elements with attributes, links, images, blocks,
//! metadata), except two things the model does not carry, read from the document's text
//! (the HTML source) here:
//! - the content of `<style>` elements (from the end of the start tag to `</style`),
//!   scanned by [`css`];
//! - the parse errors, found by running html5ever's tree builder ([`parse_errors`]).
//!
//! # Limits
//!
//! - CSS is not applied: a width is read from the element's own `width` attribute or
//!   `style`, not from a class; hidden text counts as text.
//! - `no-sender` checks the postal address; that the name beside it is the organisation's
//!   is left to a person.
//! - `too-heavy` measures the decoded HTML; Gmail counts the encoded message, a few per
//!   cent more with quoted-printable.
//! - `unsupported-feature` needs the caniemail dataset: without it ([`check`]) that part
//!   says nothing; with it ([`check_with_data`], [`Ready`]) only the features the instance
//!   lists are looked up, each found by the HTML tags, attributes, CSS properties, values, functions,
//!   at-rules, pseudo-classes or image extensions the instance names.

pub mod caniemail;
pub mod css;
pub mod parse_errors;

use std::ops::Range;

use livrable_model::french::fold;
use livrable_model::{Document, Element, Format, Location, Observation, Severity};

use crate::text::{grapheme_count, mark, quote, Pattern};
use crate::{Input, Output, ParamError};
use caniemail::{Client, Dataset, Level};
use css::{CssUse, Item, Value};

pub const KIND: &str = "email-html";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_HTML: &str = "email-html/no-html";
    pub const TOO_HEAVY: &str = "email-html/too-heavy";
    pub const NO_UNSUBSCRIBE: &str = "email-html/no-unsubscribe";
    pub const NO_SENDER: &str = "email-html/no-sender";
    pub const PLACEHOLDER_LINK: &str = "email-html/placeholder-link";
    pub const RELATIVE_URL: &str = "email-html/relative-url";
    pub const SCRIPT: &str = "email-html/script";
    pub const FORM: &str = "email-html/form";
    pub const IFRAME: &str = "email-html/iframe";
    pub const EMBEDDED_MEDIA: &str = "email-html/embedded-media";
    pub const EXTERNAL_STYLESHEET: &str = "email-html/external-stylesheet";
    pub const NO_LANG: &str = "email-html/no-lang";
    pub const NO_TITLE: &str = "email-html/no-title";
    pub const TOO_WIDE: &str = "email-html/too-wide";
    pub const NO_PREHEADER: &str = "email-html/no-preheader";
    pub const GENERIC_LINK_TEXT: &str = "email-html/generic-link-text";
    pub const PARSE_ERROR: &str = "email-html/parse-error";
    pub const UNSUPPORTED_FEATURE: &str = "email-html/unsupported-feature";

    pub const SIZE: &str = "email-html/size";
    pub const UNSUBSCRIBE: &str = "email-html/unsubscribe";
    pub const SENDER: &str = "email-html/sender";
    pub const LAYOUT: &str = "email-html/layout";
    pub const URLS: &str = "email-html/urls";
    pub const MARKUP: &str = "email-html/markup";
    pub const PREHEADER: &str = "email-html/preheader";
    pub const WELL_FORMED: &str = "email-html/well-formed";
    pub const HEAD: &str = "email-html/head";
    pub const LINK_TEXTS: &str = "email-html/link-texts";
    pub const CLIENT_SUPPORT: &str = "email-html/client-support";
}

/// Texts quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 80;

/// Parameters of an `email-html` instance: each part runs when its table is given.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// ESP merge tags accepted as link targets (`*|UNSUB|*`), matched on the whole
    /// trimmed target.
    #[serde(default)]
    pub merge_tags: Vec<Pattern>,
    #[serde(default)]
    pub markup: Option<Markup>,
    #[serde(default)]
    pub size: Option<Size>,
    #[serde(default)]
    pub urls: Option<Urls>,
    #[serde(default)]
    pub layout: Option<Layout>,
    #[serde(default)]
    pub preheader: Option<Preheader>,
    #[serde(default)]
    pub parse_errors: Option<ParseErrors>,
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Report a missing or blank `<title>`.
    #[serde(default)]
    pub title: bool,
    #[serde(default)]
    pub generic_link_text: Option<GenericLinkText>,
    #[serde(default)]
    pub unsubscribe: Option<Unsubscribe>,
    #[serde(default)]
    pub sender: Option<Sender>,
    #[serde(default)]
    pub client_support: Option<ClientSupport>,
}

/// Elements mail clients remove or cannot run, by finding code (lower-case tag names).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Markup {
    pub script: Vec<String>,
    /// Also report `on…=` event-handler attributes as `script`.
    pub event_handlers: bool,
    pub form: Vec<String>,
    pub iframe: Vec<String>,
    pub embedded_media: Vec<String>,
    /// Report `<link rel="stylesheet">` and `@import`.
    pub external_stylesheets: bool,
}

/// Weight of the HTML, in bytes.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Size {
    pub warn_from_bytes: usize,
    pub error_over_bytes: usize,
}

/// Link and image addresses.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Urls {
    /// Link targets that are placeholders, matched on the trimmed target.
    pub placeholder_patterns: Vec<Pattern>,
    /// Schemes an address may have (`https`, `mailto`); anything else, and an address
    /// without a scheme, is reported.
    pub allowed_schemes: Vec<String>,
    /// Hosts that only exist on the author's machine (matched on the host).
    pub local_host: Option<Pattern>,
}

/// Layout width.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub max_width_px: u32,
    /// Elements whose width is read (lower-case tags).
    pub elements: Vec<String>,
}

/// How a preheader is hidden.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preheader {
    /// `property:value` declarations that hide an element (`display:none`,
    /// `max-height:0`), compared without spaces, case or `!important`.
    pub hidden_styles: Vec<String>,
    /// Class names templates give the preheader.
    pub classes: Vec<String>,
}

/// Markup repaired by the parser.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseErrors {
    /// At most this many findings (one per line), the first ones.
    pub max_findings: usize,
}

/// The declared language.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lang {
    /// A well-formed language tag (`fr`, `fr-FR`).
    pub pattern: Pattern,
}

/// Link names that say nothing.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericLinkText {
    /// Compared with the whole link name, folded, punctuation and arrows trimmed.
    pub phrases: Vec<String>,
}

/// The opt-out.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unsubscribe {
    /// Link texts (folded: lower case, no accents) that offer an opt-out.
    pub text_patterns: Vec<Pattern>,
    /// Link targets (lower case) that are an opt-out.
    pub href_patterns: Vec<Pattern>,
    /// In an `.eml`, a `List-Unsubscribe` header with an `https:` or `mailto:` address
    /// counts as an opt-out.
    pub list_unsubscribe_header: bool,
}

/// The sender's identity in the footer.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// Share of the visible text, from the end, that is the footer (0.2: the last 20 %).
    pub footer_share: f64,
    /// A postal address (`69002 Lyon`).
    pub postal_code: Pattern,
    /// Merge tags an e-mailing tool replaces with the sender's address when sending
    /// (Mailchimp's `*|LIST:ADDRESSLINE|*`): in an exported template they stand for it.
    #[serde(default)]
    pub address_merge_tags: Vec<Pattern>,
}

/// Mail client support, from the caniemail dataset.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSupport {
    /// The dataset's path in the rule pack (`data/caniemail.json`).
    pub dataset: String,
    /// Client families (`gmail`) or platforms (`outlook.windows`).
    pub clients: Vec<String>,
    pub features: Vec<FeatureRule>,
}

/// A caniemail feature and how to recognise its use. Any detector that matches counts.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureRule {
    /// The caniemail slug (`css-display-flex`).
    pub feature: String,
    #[serde(default)]
    pub elements: Vec<String>,
    #[serde(default)]
    pub attributes: Vec<String>,
    #[serde(default)]
    pub css_properties: Vec<String>,
    /// `property:keyword` (`display:flex`).
    #[serde(default)]
    pub css_values: Vec<String>,
    #[serde(default)]
    pub css_functions: Vec<String>,
    #[serde(default)]
    pub css_at_rules: Vec<String>,
    #[serde(default)]
    pub css_media_features: Vec<String>,
    #[serde(default)]
    pub css_pseudos: Vec<String>,
    /// Image file extensions (`webp`), in `<img src>` and `background` attributes.
    #[serde(default)]
    pub image_extensions: Vec<String>,
    /// Link targets starting with one of these and longer than it (`#` for anchors).
    #[serde(default)]
    pub href_prefixes: Vec<String>,
}

impl FeatureRule {
    fn is_empty(&self) -> bool {
        self.elements.is_empty()
            && self.attributes.is_empty()
            && self.css_properties.is_empty()
            && self.css_values.is_empty()
            && self.css_functions.is_empty()
            && self.css_at_rules.is_empty()
            && self.css_media_features.is_empty()
            && self.css_pseudos.is_empty()
            && self.image_extensions.is_empty()
            && self.href_prefixes.is_empty()
    }
}

impl Params {
    /// Checks what serde cannot: bounds, non-empty lists.
    pub fn validate(&self) -> Result<(), ParamError> {
        let err = |m: &str| Err(ParamError(m.to_string()));
        if let Some(s) = &self.size {
            if s.warn_from_bytes > s.error_over_bytes {
                return err("size: warn_from_bytes is over error_over_bytes");
            }
        }
        if let Some(s) = &self.sender {
            if !(s.footer_share > 0.0 && s.footer_share <= 1.0) {
                return err("sender: footer_share must be in (0, 1]");
            }
        }
        if let Some(u) = &self.unsubscribe {
            if u.text_patterns.is_empty() && u.href_patterns.is_empty() {
                return err("unsubscribe: give text_patterns or href_patterns");
            }
        }
        if let Some(c) = &self.client_support {
            if c.clients.iter().filter_map(|c| Client::parse(c)).count() == 0 {
                return err("client_support: no client");
            }
            if let Some(f) = c.features.iter().find(|f| f.is_empty()) {
                return Err(ParamError(format!(
                    "client_support: feature `{}` has no way to be recognised",
                    f.feature
                )));
            }
            for v in c.features.iter().flat_map(|f| &f.css_values) {
                if !v.contains(':') {
                    return Err(ParamError(format!(
                        "client_support: css_values `{v}` is not `property:value`"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// An instance ready to run: parameters validated and, when `client_support` names a
/// data file the pack provides, the caniemail dataset parsed once and checked against the
/// features and clients the instance names.
#[derive(Debug, Clone)]
pub struct Ready {
    params: Params,
    dataset: Option<std::sync::Arc<Dataset>>,
}

impl Ready {
    /// `data` gives a pack data file's bytes by its path in the pack. A missing dataset
    /// is not an error (parameters are validated without data files); `client_support`
    /// then says nothing.
    pub fn new<'d>(
        params: Params,
        data: impl Fn(&str) -> Option<&'d [u8]>,
    ) -> Result<Ready, ParamError> {
        params.validate()?;
        let dataset = match &params.client_support {
            Some(c) => match data(&c.dataset) {
                Some(bytes) => {
                    let dataset = dataset_for(&c.dataset, bytes)?;
                    check_names(c, &dataset)?;
                    Some(dataset)
                }
                None => None,
            },
            None => None,
        };
        Ok(Ready { params, dataset })
    }

    /// Checks one document.
    pub fn run(&self, input: &Input) -> Result<Output, ParamError> {
        check_with_data(input, &self.params, self.dataset.as_deref())
    }
}

/// The dataset read from `bytes`, once per process however many instances name it (the
/// caniemail file is 650 KB of JSON: reading it was a fifth of the pack's load). Kept for
/// the process's life, like the spelling dictionaries.
fn dataset_for(path: &str, bytes: &[u8]) -> Result<std::sync::Arc<Dataset>, ParamError> {
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
fn check_names(c: &ClientSupport, data: &Dataset) -> Result<(), ParamError> {
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

/// Runs every enabled part except `client_support`, which needs the dataset.
pub fn check(input: &Input, params: &Params) -> Output {
    check_with_data(input, params, None).unwrap_or_default()
}

/// Runs every enabled part, `client_support` with `dataset` when given. Fails when the
/// instance names a feature or a client family the dataset does not have.
pub fn check_with_data(
    input: &Input,
    params: &Params,
    dataset: Option<&Dataset>,
) -> Result<Output, ParamError> {
    let doc = input.doc;
    let mut out = Output::default();
    if !matches!(doc.format, Format::Html | Format::Eml) {
        return Ok(out);
    }
    if doc.elements.is_empty() {
        // Plain text (an `.eml` without an HTML part, a `.html` without tags): there is
        // no HTML to check. Said once, by the instance that checks the markup.
        if params.markup.is_some() {
            out.findings
                .push(Observation::new(codes::NO_HTML, Location::whole()));
        }
        return Ok(out);
    }
    let page = Page::new(doc, params);
    if let Some(p) = &params.markup {
        markup(&page, p, &mut out);
    }
    if let Some(p) = &params.size {
        size(&page, p, &mut out);
    }
    if let Some(p) = &params.urls {
        urls(&page, p, &mut out);
    }
    if let Some(p) = &params.layout {
        layout(&page, p, &mut out);
    }
    if let Some(p) = &params.preheader {
        preheader(&page, p, &mut out);
    }
    if let Some(p) = &params.parse_errors {
        parse_error(&page, p, &mut out);
    }
    if params.lang.is_some() || params.title {
        head(&page, params, &mut out);
    }
    if let Some(p) = &params.generic_link_text {
        generic_link_text(&page, p, &mut out);
    }
    if let Some(p) = &params.unsubscribe {
        unsubscribe(&page, p, &mut out);
    }
    if let Some(p) = &params.sender {
        sender(&page, p, &mut out);
    }
    if let (Some(p), Some(data)) = (&params.client_support, dataset) {
        client_support(&page, p, data, &mut out)?;
    }
    Ok(out)
}

/// The document with what several parts need, computed once.
struct Page<'a> {
    doc: &'a Document,
    merge_tags: &'a [Pattern],
    /// Each element's `style` attribute, scanned (index into `doc.elements`).
    inline: Vec<(usize, Vec<CssUse>)>,
    /// What the `<style>` blocks use, with spans.
    sheets: Vec<CssUse>,
    /// Where `<body>` starts (0 when there is none).
    body_start: usize,
}

impl<'a> Page<'a> {
    fn new(doc: &'a Document, params: &'a Params) -> Self {
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

    fn is_merge_tag(&self, target: &str) -> bool {
        let t = target.trim();
        !t.is_empty() && self.merge_tags.iter().any(|p| p.0.is_match(t))
    }

    /// Every CSS use with the place to report it: its span, or the element it sits on.
    fn css_uses(&self) -> impl Iterator<Item = (&CssUse, Location)> + '_ {
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
    fn inline_of(&self, index: usize) -> &[CssUse] {
        self.inline
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, u)| u.as_slice())
            .unwrap_or(&[])
    }
}

/// The byte range of an element's content, from the end of its start tag to the first
/// `</tag` after it (ASCII case-insensitive), or to the end of the text.
fn content_range(text: &str, e: &Element, tag: &str) -> Option<Range<usize>> {
    let start = e.location.end?;
    let rest = text.get(start..)?;
    let close = format!("</{tag}");
    let end = find_ascii_ci(rest, &close).map_or(text.len(), |i| start + i);
    Some(start..end)
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

fn span(r: &Range<usize>) -> Location {
    Location::span(r.start, r.end)
}

// ---- markup ---------------------------------------------------------------------------

fn markup(page: &Page, p: &Markup, out: &mut Output) {
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

// ---- size -----------------------------------------------------------------------------

/// Kilobytes of 1,024 bytes, rounded up, as mail tools show them.
fn kb(bytes: usize) -> usize {
    bytes.div_ceil(1024)
}

fn size(page: &Page, p: &Size, out: &mut Output) {
    let bytes = page.doc.text.len();
    if bytes > p.error_over_bytes {
        // Point at where Gmail cuts: the first element that starts past the limit.
        let at = page
            .doc
            .elements
            .iter()
            .find(|e| e.location.start.is_some_and(|s| s >= p.error_over_bytes))
            .map(|e| e.location.clone())
            .unwrap_or_default();
        out.findings.push(
            Observation::new(codes::TOO_HEAVY, at)
                .arg("size_kb", kb(bytes))
                .arg("max_kb", p.error_over_bytes / 1024)
                .arg("warn_kb", p.warn_from_bytes / 1024)
                .severity(Severity::Error),
        );
    } else if bytes >= p.warn_from_bytes {
        out.findings.push(
            Observation::new(codes::TOO_HEAVY, Location::whole())
                .arg("size_kb", kb(bytes))
                .arg("max_kb", p.error_over_bytes / 1024)
                .arg("warn_kb", p.warn_from_bytes / 1024)
                .severity(Severity::Warning),
        );
    } else {
        out.evidence
            .push(Observation::new(codes::SIZE, Location::whole()).arg("size_kb", kb(bytes)));
    }
}

// ---- addresses ------------------------------------------------------------------------

fn urls(page: &Page, p: &Urls, out: &mut Output) {
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

/// `https://x` → (`https`, `//x`); `None` without a scheme (`images/a.png`, `//cdn/a.png`).
fn split_scheme(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let ok = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| (scheme.to_ascii_lowercase(), rest))
}

// ---- layout ---------------------------------------------------------------------------

fn layout(page: &Page, p: &Layout, out: &mut Output) {
    let mut widest: Option<u32> = None;
    let mut over: Vec<(u32, Location)> = Vec::new();
    for (i, e) in page.doc.elements.iter().enumerate() {
        if !p.elements.contains(&e.tag) {
            continue;
        }
        let Some(width) = width_of(e, page.inline_of(i)) else {
            continue;
        };
        if width > p.max_width_px {
            over.push((width, e.location.clone()));
        } else {
            widest = Some(widest.map_or(width, |w| w.max(width)));
        }
    }
    if let Some((width, at)) = over.first() {
        out.findings.push(
            Observation::new(codes::TOO_WIDE, at.clone())
                .arg("width", width)
                .arg("max", p.max_width_px)
                .arg("count", over.len()),
        );
    } else if let Some(width) = widest {
        out.evidence
            .push(Observation::new(codes::LAYOUT, Location::whole()).arg("width", width));
    }
}

/// The width in CSS pixels an element asks for, from its `style` (`width`, capped by
/// `max-width`, raised by `min-width`) or else its `width` attribute. `None` for a fluid
/// element (a percentage, `auto`, nothing).
fn width_of(e: &Element, inline: &[CssUse]) -> Option<u32> {
    let mut style_width: Option<Option<f32>> = None;
    let mut max_width = None;
    let mut min_width = None;
    for u in inline {
        if let Item::Declaration { property, values } = &u.item {
            let px = values.iter().find_map(|v| match v {
                Value::Length { value, unit } if unit == "px" => Some(*value),
                Value::Number(value) if *value == 0.0 => Some(0.0),
                _ => None,
            });
            match property.as_str() {
                "width" => style_width = Some(px),
                "max-width" => max_width = px.or(max_width),
                "min-width" => min_width = px.or(min_width),
                _ => {}
            }
        }
    }
    let attr = e.attr("width").and_then(attribute_px);
    // A `style` width (even a fluid one) overrides the attribute, as in browsers.
    let width = match style_width {
        Some(w) => w,
        None => attr,
    };
    let width = match (width, max_width) {
        (Some(w), Some(m)) => Some(w.min(m)),
        (None, Some(m)) => Some(m),
        (w, None) => w,
    };
    let width = match (width, min_width) {
        (Some(w), Some(m)) => Some(w.max(m)),
        (None, Some(m)) => Some(m),
        (w, None) => w,
    };
    width
        .filter(|w| w.is_finite() && *w > 0.0)
        .map(|w| w.round().min(u32::MAX as f32) as u32)
}

/// `600`, `600px`, ` 600 ` → 600; `100%`, `auto` → `None`.
fn attribute_px(value: &str) -> Option<f32> {
    let v = value.trim().to_ascii_lowercase();
    let v = v.strip_suffix("px").unwrap_or(&v).trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    v.parse().ok()
}

// ---- preheader ------------------------------------------------------------------------

fn preheader(page: &Page, p: &Preheader, out: &mut Output) {
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

/// Text without the invisible characters preheaders are padded with (zero-width joiners,
/// soft hyphens, combining grapheme joiners), white space collapsed.
fn visible(text: &str) -> String {
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
fn normalise_decl(decl: &str) -> String {
    let lower = decl.to_lowercase().replace("!important", "");
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    match compact.split_once(':') {
        Some((prop, "0px")) => format!("{prop}:0"),
        _ => compact,
    }
}

// ---- parse errors ---------------------------------------------------------------------

fn parse_error(page: &Page, p: &ParseErrors, out: &mut Output) {
    let text = &page.doc.text;
    let problems = parse_errors::structural_errors(text);
    if problems.is_empty() {
        out.evidence
            .push(Observation::new(codes::WELL_FORMED, Location::whole()));
        return;
    }
    let lines = line_starts(text);
    let mut seen_line = 0usize;
    let mut reported = 0usize;
    for problem in &problems {
        if problem.line == seen_line {
            continue;
        }
        seen_line = problem.line;
        if reported >= p.max_findings {
            break;
        }
        reported += 1;
        let line = line_range(text, &lines, problem.line);
        let (at, tag) = place_on_line(text, line, problem.tag.as_deref());
        out.findings.push(
            Observation::new(codes::PARSE_ERROR, at)
                .arg("line", problem.line)
                .arg("tag", tag),
        );
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The byte range of 1-based line `line`, without its line break; clamped to the text.
fn line_range(text: &str, starts: &[usize], line: usize) -> Range<usize> {
    let index = line.saturating_sub(1).min(starts.len().saturating_sub(1));
    let start = starts.get(index).copied().unwrap_or(0);
    let end = starts
        .get(index + 1)
        .map_or(text.len(), |next| next.saturating_sub(1));
    let end = if text.get(..end).is_some_and(|t| t.ends_with('\r')) {
        end - 1
    } else {
        end
    };
    start..end.max(start)
}

/// Where on the line to point, and the tag to name: the tag the error names when it is
/// written on that line, else the line's first tag, else the line itself.
fn place_on_line(text: &str, line: Range<usize>, tag: Option<&str>) -> (Location, String) {
    let Some(content) = text.get(line.clone()) else {
        return (Location::whole(), tag.unwrap_or_default().to_string());
    };
    if let Some(tag) = tag {
        let opening = tag.trim_end_matches('>');
        let mut from = 0;
        while let Some(i) = content.get(from..).and_then(|c| find_ascii_ci(c, opening)) {
            let at = from + i;
            let after = content.as_bytes().get(at + opening.len()).copied();
            if after.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b':')) {
                let end = content
                    .get(at..)
                    .and_then(|c| c.find('>'))
                    .map_or(content.len(), |j| at + j + 1);
                return (
                    Location::span(line.start + at, line.start + end),
                    tag.to_string(),
                );
            }
            from = at + opening.len();
        }
    }
    let trimmed_start = content.len() - content.trim_start().len();
    if let Some(i) = content.find('<') {
        let end = content
            .get(i..)
            .and_then(|c| c.find('>'))
            .map_or(content.len(), |j| i + j + 1);
        let written = content.get(i..end).unwrap_or_default();
        let name = tag.map_or_else(|| quote(written, 40), str::to_string);
        return (Location::span(line.start + i, line.start + end), name);
    }
    let shown = tag.map_or_else(|| quote(content, 40), str::to_string);
    (Location::span(line.start + trimmed_start, line.end), shown)
}

// ---- head -----------------------------------------------------------------------------

fn head(page: &Page, params: &Params, out: &mut Output) {
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

// ---- link texts -----------------------------------------------------------------------

fn generic_link_text(page: &Page, p: &GenericLinkText, out: &mut Output) {
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
fn normalise_name(text: &str) -> String {
    let folded = fold(&visible(text));
    let trimmed = folded.trim_matches(|c: char| !c.is_alphanumeric());
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---- unsubscribe ----------------------------------------------------------------------

fn unsubscribe(page: &Page, p: &Unsubscribe, out: &mut Output) {
    let doc = page.doc;
    let link = doc.links.iter().find(|l| {
        let href = l.href.trim();
        let usable = page.is_merge_tag(href)
            || matches!(
                split_scheme(href).map(|(s, _)| s).as_deref(),
                Some("https" | "http" | "mailto")
            );
        let by_text = {
            let text = fold(&l.text);
            p.text_patterns.iter().any(|pat| pat.0.is_match(&text))
        };
        let by_href = {
            let lower = href.to_lowercase();
            p.href_patterns.iter().any(|pat| pat.0.is_match(&lower))
        };
        usable && (by_text || by_href)
    });
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

// ---- sender ---------------------------------------------------------------------------

fn sender(page: &Page, p: &Sender, out: &mut Output) {
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

// ---- client support -------------------------------------------------------------------

fn client_support(
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
fn image_extension(src: &str) -> Option<String> {
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

#[cfg(test)]
mod tests;
