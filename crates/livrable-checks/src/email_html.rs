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
//! | `unsubscribe` | `no-unsubscribe`: no opt-out link (text or target), nor `List-Unsubscribe` header; `unsubscribe-dead`: an opt-out link whose target leads nowhere (`#`, `###`, `javascript:;`, a relative address), with its text |
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
mod client_support;
pub mod css;
mod head;
mod layout;
mod link_texts;
mod markup;
mod page;
pub mod parse_errors;
mod preheader;
mod sender;
mod size;
mod unsubscribe;
mod urls;
mod well_formed;

use livrable_model::{Format, Location, Observation};

use crate::text::Pattern;
use crate::{Input, Output, ParamError};
use caniemail::{Client, Dataset};
use client_support::{check_names, client_support, dataset_for};
use head::head;
use layout::layout;
use link_texts::generic_link_text;
use markup::markup;
use page::Page;
use preheader::preheader;
use sender::sender;
use size::size;
use unsubscribe::unsubscribe;
use urls::urls;
use well_formed::parse_error;

pub const KIND: &str = "email-html";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_HTML: &str = "email-html/no-html";
    pub const TOO_HEAVY: &str = "email-html/too-heavy";
    pub const NO_UNSUBSCRIBE: &str = "email-html/no-unsubscribe";
    pub const UNSUBSCRIBE_DEAD: &str = "email-html/unsubscribe-dead";
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

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_HTML, &[]),
        CodeDecl::new(TOO_HEAVY, &["max_kb", "size_kb", "warn_kb"]),
        CodeDecl::new(NO_UNSUBSCRIBE, &[]),
        CodeDecl::new(UNSUBSCRIBE_DEAD, &["href", "text"]),
        CodeDecl::new(NO_SENDER, &["share"]),
        CodeDecl::new(PLACEHOLDER_LINK, &["href", "text"]),
        CodeDecl::new(RELATIVE_URL, &["tag", "url"]),
        CodeDecl::new(SCRIPT, &["tag"]),
        CodeDecl::new(FORM, &["tag"]),
        CodeDecl::new(IFRAME, &["tag"]),
        CodeDecl::new(EMBEDDED_MEDIA, &["tag"]),
        CodeDecl::new(EXTERNAL_STYLESHEET, &["url"]),
        CodeDecl::new(NO_LANG, &["lang"]),
        CodeDecl::new(NO_TITLE, &[]),
        CodeDecl::new(TOO_WIDE, &["count", "max", "width"]),
        CodeDecl::new(NO_PREHEADER, &["first_text"]),
        CodeDecl::new(GENERIC_LINK_TEXT, &["href", "text"]),
        CodeDecl::new(PARSE_ERROR, &["line", "tag"]),
        CodeDecl::new(
            UNSUPPORTED_FEATURE,
            &[
                "clients", "count", "date", "feature", "notes", "slug", "url",
            ],
        ),
        CodeDecl::new(SIZE, &["size_kb"]),
        CodeDecl::new(UNSUBSCRIBE, &["header", "link", "one_click"]),
        CodeDecl::new(SENDER, &["address"]),
        CodeDecl::new(LAYOUT, &["width"]),
        CodeDecl::new(URLS, &["count"]),
        CodeDecl::new(MARKUP, &[]),
        CodeDecl::new(PREHEADER, &["length", "text"]),
        CodeDecl::new(WELL_FORMED, &[]),
        CodeDecl::new(HEAD, &["lang", "title"]),
        CodeDecl::new(LINK_TEXTS, &["count"]),
        CodeDecl::new(CLIENT_SUPPORT, &["clients", "count", "date"]),
    ];
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

#[cfg(test)]
mod tests;
