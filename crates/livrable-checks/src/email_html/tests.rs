//! Each part of the check on small newsletters read by the real HTML and e-mail readers:
//! a clean one that must give no finding, and one variation per code that must fire it.

use super::client_support::image_extension;
use super::layout::attribute_px;
use super::link_texts::normalise_name;
use super::preheader::normalise_decl;
use super::size::kb;
use super::well_formed::{line_range, line_starts};
use super::*;
use livrable_ingest::{read, Limits};
use livrable_model::SubmittedFile;
use livrable_model::{Document, Severity};

/// Every part enabled, with the pack's values (shorter lists).
const PARAMS: &str = r##"
merge_tags = ['^\*\|[A-Za-z0-9_:\- ]+\|\*$', '^\{\{.*\}\}$']
title = true
[markup]
script = ["script", "noscript"]
event_handlers = true
form = ["form", "input", "select", "textarea", "button"]
iframe = ["iframe", "frame", "frameset"]
embedded_media = ["video", "audio", "object", "embed"]
external_stylesheets = true
[size]
warn_from_bytes = 92160
error_over_bytes = 104448
[urls]
placeholder_patterns = ['^$', '^#$', '(?i)^javascript:', '(?i)^(https?://)?(www\.)?example\.(com|org|net|fr)(/|$)', '(?i)votre-?site', '(?i)\[(url|lien|link)\]']
allowed_schemes = ["https", "mailto", "tel", "cid"]
local_host = '^(localhost|127\.\d+\.\d+\.\d+)$'
[layout]
max_width_px = 640
elements = ["table", "td", "img", "div"]
[preheader]
hidden_styles = ["display:none", "mso-hide:all", "max-height:0"]
classes = ["preheader"]
[parse_errors]
max_findings = 10
[lang]
pattern = '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$'
[generic_link_text]
phrases = ["cliquez ici", "ici", "en savoir plus", "lire la suite", "click here"]
[unsubscribe]
text_patterns = ['desinscri', 'desabonn', 'unsubscribe']
href_patterns = ['desinscri', 'unsubscribe']
list_unsubscribe_header = true
[sender]
footer_share = 0.2
postal_code = '\b\d{5}\s+\p{Lu}'
address_merge_tags = ['\*\|(HTML:)?LIST[:_]ADDRESS']
[client_support]
dataset = "data/caniemail.json"
clients = ["gmail", "outlook", "orange"]
features = [
  { feature = "css-display-flex", css_values = ["display:flex"] },
  { feature = "image-webp", image_extensions = ["webp"] },
  { feature = "css-at-media-prefers-color-scheme", css_media_features = ["prefers-color-scheme"] },
  { feature = "css-pseudo-class-hover", css_pseudos = ["hover"] },
  { feature = "html-anchor-links", href_prefixes = ["#"] },
]
"##;

/// An excerpt of the caniemail data (2026-05-13), trimmed to three clients.
const DATA: &str = r##"{
  "api_version": "1.0.4", "last_update_date": "2026-05-13 14:45:41 +0000",
  "nicenames": {"family": {"gmail": "Gmail", "outlook": "Outlook", "orange": "Orange"},
                "platform": {"desktop-webmail": "Desktop Webmail", "windows": "Windows", "ios": "iOS"}},
  "data": [
    {"slug": "css-display-flex", "title": "display:flex", "url": "https://www.caniemail.com/features/css-display-flex/",
     "stats": {"gmail": {"desktop-webmail": {"2019-02": "y"}},
               "outlook": {"windows": {"2007": "n", "2019": "n"}},
               "orange": {"desktop-webmail": {"2019-08": "y", "2024-04": "n"}}},
     "notes_by_num": {"1": "Not supported with non Google accounts."}},
    {"slug": "image-webp", "title": "webP image format",
     "stats": {"gmail": {"desktop-webmail": {"2020-02": "a #1"}},
               "outlook": {"windows": {"2019": "y"}}},
     "notes_by_num": {"1": "Partial: Converts file to jpg."}},
    {"slug": "css-at-media-prefers-color-scheme", "title": "@media (prefers-color-scheme)",
     "stats": {"gmail": {"desktop-webmail": {"2021-01": "n"}}}},
    {"slug": "css-pseudo-class-hover", "title": ":hover",
     "stats": {"gmail": {"desktop-webmail": {"2019-02": "y"}}, "orange": {"ios": {"2019-08": "u"}}}},
    {"slug": "html-anchor-links", "title": "Local anchors",
     "stats": {"gmail": {"ios": {"2020-01": "n #3"}}}, "notes_by_num": {"3": "Not supported."}}
  ]
}"##;

/// A small but complete newsletter: nested layout tables, hidden preheader, inline styles,
/// a <style> block for mobile, footer with address and unsubscribe link.
const CLEAN: &str = r##"<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>La lettre des Jardins partagés – mars</title>
<style>
  @media (max-width: 620px) { .conteneur { width: 100% !important; } }
  a:hover { text-decoration: underline; }
</style>
</head>
<body style="margin:0; padding:0; background-color:#f4f1ea;">
<div class="preheader" style="display:none; max-height:0; overflow:hidden; mso-hide:all;">Ateliers de printemps, troc de graines et agenda du mois&zwnj;&nbsp;&zwnj;&nbsp;</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f1ea">
<tr><td align="center" style="padding:20px 0;">
  <table role="presentation" class="conteneur" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff">
    <tr><td style="padding:20px;"><img src="https://www.jardins-partages-lyon.fr/img/logo.png" width="180" height="60" alt="Les Jardins partagés" style="display:block;"></td></tr>
    <tr><td style="padding:0 20px; font-family:Arial, sans-serif; color:#333333;">
      <h1 style="font-size:24px; color:#2d5016;">Le printemps arrive au jardin</h1>
      <p style="font-size:16px; line-height:24px;">Les beaux jours reviennent et avec eux nos ateliers du samedi matin : semis, compost et taille douce. Venez avec vos gants, nous fournissons les outils et le café.</p>
      <p style="font-size:16px; line-height:24px;">Le troc de graines aura lieu le 22 mars sur la parcelle de la rue des Lilas.</p>
      <table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>
        <td bgcolor="#2d5016" style="padding:12px 24px;"><a href="https://www.jardins-partages-lyon.fr/ateliers?utm_source=lettre" style="color:#ffffff; text-decoration:none;">Voir le programme des ateliers</a></td>
      </tr></table>
      <p style="font-size:16px; line-height:24px;">Une question ? Écrivez-nous à <a href="mailto:contact@jardins-partages-lyon.fr">contact@jardins-partages-lyon.fr</a> ou appelez le <a href="tel:+33478000000">04 78 00 00 00</a>.</p>
    </td></tr>
    <tr><td style="padding:20px; font-family:Arial, sans-serif; font-size:12px; color:#666666;">
      <p>Association Les Jardins partagés, 12 rue des Lilas, 69002 Lyon</p>
      <p><a href="https://www.jardins-partages-lyon.fr/desinscription?id=42" style="color:#666666;">Se désinscrire</a> · <a href="https://www.jardins-partages-lyon.fr/confidentialite" style="color:#666666;">Politique de confidentialité</a></p>
    </td></tr>
  </table>
</td></tr>
</table>
</body>
</html>
"##;

fn params() -> Params {
    toml::from_str(PARAMS).unwrap_or_else(|e| panic!("{e}"))
}

fn dataset() -> Dataset {
    Dataset::from_json(DATA).unwrap_or_else(|e| panic!("{e}"))
}

fn doc_of(path: &str, content: &str) -> Document {
    let file = SubmittedFile {
        path: path.to_string(),
        bytes: content.as_bytes().to_vec(),
    };
    read(&file, &Limits::default())
        .doc
        .unwrap_or_else(|| panic!("{path} is read"))
}

fn run_on(doc: &Document, params: &Params) -> Output {
    let input = Input {
        doc,
        kind: "newsletter",
        submission: &[],
        options: &toml::Table::new(),
    };
    let data = dataset();
    check_with_data(&input, params, Some(&data)).unwrap_or_else(|e| panic!("{e}"))
}

fn run_html(html: &str) -> Output {
    run_on(&doc_of("lettre.html", html), &params())
}

fn codes(out: &Output) -> Vec<&str> {
    out.findings.iter().map(|o| o.code.as_str()).collect()
}

fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
    o.args
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("{} has no {name}", o.code))
}

fn only<'a>(out: &'a Output, code: &str) -> Vec<&'a Observation> {
    out.findings.iter().filter(|o| o.code == code).collect()
}

/// The clean newsletter with `from` replaced by `to` (which must be there).
fn variant(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "{from}");
    CLEAN.replacen(from, to, 1)
}

/// The text a location points at.
fn at<'a>(doc: &'a Document, o: &Observation) -> &'a str {
    let r = o
        .location
        .range()
        .unwrap_or_else(|| panic!("{} has a span", o.code));
    doc.text.get(r).unwrap_or_default()
}

#[test]
fn the_clean_newsletter_gives_no_finding_and_all_the_evidence() {
    let out = run_html(CLEAN);
    assert_eq!(codes(&out), Vec::<&str>::new(), "{:#?}", out.findings);
    let evidence: Vec<&str> = out.evidence.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(
        evidence,
        [
            codes::MARKUP,
            codes::SIZE,
            codes::URLS,
            codes::LAYOUT,
            codes::PREHEADER,
            codes::WELL_FORMED,
            codes::HEAD,
            codes::LINK_TEXTS,
            codes::UNSUBSCRIBE,
            codes::SENDER,
            codes::CLIENT_SUPPORT,
        ]
    );
    let get = |code: &str| {
        out.evidence
            .iter()
            .find(|o| o.code == code)
            .unwrap_or_else(|| panic!("{code}"))
    };
    assert_eq!(arg(get(codes::LAYOUT), "width"), "600");
    assert_eq!(
        arg(get(codes::SIZE), "size_kb"),
        kb(CLEAN.len()).to_string()
    );
    assert_eq!(arg(get(codes::UNSUBSCRIBE), "link"), "Se désinscrire");
    assert_eq!(arg(get(codes::UNSUBSCRIBE), "header"), "—");
    assert_eq!(
        arg(get(codes::SENDER), "address"),
        "Association Les Jardins partagés, 12 rue des Lilas, 69002 Lyon"
    );
    assert_eq!(
        arg(get(codes::PREHEADER), "text"),
        "Ateliers de printemps, troc de graines et agenda du mois"
    );
    assert_eq!(arg(get(codes::URLS), "count"), "6");
    assert_eq!(
        arg(get(codes::CLIENT_SUPPORT), "clients"),
        "Gmail, Outlook, Orange"
    );
    assert_eq!(arg(get(codes::CLIENT_SUPPORT), "date"), "2026-05-13");
}

#[test]
fn other_formats_are_not_checked() {
    let doc = doc_of("lettre.md", "# Lettre\n\nSans désinscription.\n");
    assert_eq!(run_on(&doc, &params()), Output::default());
}

#[test]
fn no_html_is_reported_once_by_the_markup_part() {
    let doc = doc_of(
        "lettre.html",
        "Bonjour, voici notre lettre. Se désinscrire : répondez STOP.",
    );
    assert_eq!(codes(&run_on(&doc, &params())), [codes::NO_HTML]);
    let without_markup = Params {
        markup: None,
        ..params()
    };
    assert_eq!(run_on(&doc, &without_markup), Output::default());
    assert_eq!(codes(&run_html(CLEAN)).len(), 0);
}

// ---- markup ---------------------------------------------------------------------------

#[test]
fn scripts_forms_frames_media_and_linked_styles_fire() {
    let html = variant(
        "<h1 ",
        "<script>track()</script>\
         <a href=\"https://www.jardins-partages-lyon.fr/\" onclick=\"go()\">Le site</a>\
         <form action=\"https://x.fr\"><input type=\"email\"><button>OK</button></form>\
         <iframe src=\"https://www.youtube.com/embed/x\"></iframe>\
         <video src=\"https://x.fr/v.mp4\"></video><embed src=\"https://x.fr/a.swf\">\
         <h1 ",
    )
    .replacen(
        "</style>",
        "@import url('https://fonts.example.net/a.css');</style>\
         <link rel=\"Stylesheet\" href=\"https://www.jardins-partages-lyon.fr/style.css\">",
        1,
    );
    let doc = doc_of("lettre.html", &html);
    let out = run_on(&doc, &params());
    let tags = |code: &str| -> Vec<String> {
        only(&out, code)
            .iter()
            .map(|o| arg(o, "tag").to_string())
            .collect()
    };
    assert_eq!(tags(codes::SCRIPT), ["<script>", "<a onclick>"]);
    assert_eq!(tags(codes::FORM), ["<form>", "<input>", "<button>"]);
    assert_eq!(tags(codes::IFRAME), ["<iframe>"]);
    assert_eq!(tags(codes::EMBEDDED_MEDIA), ["<video>", "<embed>"]);
    let sheets = only(&out, codes::EXTERNAL_STYLESHEET);
    let urls: Vec<&str> = sheets.iter().map(|o| arg(o, "url")).collect();
    assert_eq!(
        urls,
        [
            "https://www.jardins-partages-lyon.fr/style.css",
            "https://fonts.example.net/a.css"
        ]
    );
    assert!(
        at(&doc, sheets[1]).starts_with("@import"),
        "{}",
        at(&doc, sheets[1])
    );
    assert!(at(&doc, only(&out, codes::SCRIPT)[0]).starts_with("<script"));
    assert!(!out.evidence.iter().any(|o| o.code == codes::MARKUP));
}

// ---- size -----------------------------------------------------------------------------

/// The clean newsletter padded with paragraphs to about `kb` kilobytes.
fn heavy(kb: usize) -> String {
    let paragraph = "<p style=\"font-size:16px; line-height:24px;\">Compte rendu détaillé de \
                     l'assemblée générale, point par point, avec les votes et les échanges.</p>\n";
    let count = (kb * 1024).saturating_sub(CLEAN.len()) / paragraph.len() + 1;
    variant("<h1 ", &format!("{}<h1 ", paragraph.repeat(count)))
}

#[test]
fn too_heavy_warns_from_90_kb_and_errs_over_102_kb() {
    let doc = doc_of("lettre.html", &heavy(110));
    let out = run_on(&doc, &params());
    let found = only(&out, codes::TOO_HEAVY);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Some(Severity::Error));
    assert_eq!(arg(found[0], "max_kb"), "102");
    assert!(arg(found[0], "size_kb").parse::<usize>().unwrap_or(0) >= 110);
    // Located where Gmail cuts: the first element past 102 KB.
    let start = found[0].location.start.unwrap_or(0);
    assert!((104_448..104_448 + 400).contains(&start), "{start}");

    let out = run_html(&heavy(95));
    let found = only(&out, codes::TOO_HEAVY);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Some(Severity::Warning));
    assert_eq!(found[0].location, Location::whole());

    assert!(only(&run_html(&heavy(80)), codes::TOO_HEAVY).is_empty());
}

// ---- addresses ------------------------------------------------------------------------

#[test]
fn placeholder_links_fire_and_real_targets_do_not() {
    let links = [
        "#",
        "",
        "javascript:void(0)",
        "https://www.example.com/page",
        "https://www.votresite.fr/",
        "[URL]",
    ];
    let anchors: String = links
        .iter()
        .map(|h| format!("<a href=\"{h}\">Programme {h}</a> "))
        .collect();
    let out = run_html(&variant("<h1 ", &format!("{anchors}<h1 ")));
    let hrefs: Vec<&str> = only(&out, codes::PLACEHOLDER_LINK)
        .iter()
        .map(|o| arg(o, "href"))
        .collect();
    assert_eq!(hrefs, links);
    assert!(
        only(&out, codes::RELATIVE_URL).is_empty(),
        "not reported twice"
    );

    let fine = "<a href=\"#agenda\">Agenda</a> <a href=\"*|ARCHIVE|*\">Archive</a> \
                <a href=\"{{ mirror }}\">Version en ligne</a> \
                <a href=\"https://jardins.example.org/\">Nos voisins</a> <h1 ";
    let out = run_html(&variant("<h1 ", fine));
    assert!(
        only(&out, codes::PLACEHOLDER_LINK).is_empty(),
        "{:?}",
        out.findings
    );
    assert!(
        only(&out, codes::RELATIVE_URL).is_empty(),
        "{:?}",
        out.findings
    );
}

#[test]
fn relative_insecure_and_local_addresses_fire() {
    let html = variant(
        "<h1 ",
        "<img src=\"images/affiche.jpg\" alt=\"Affiche\">\
         <img src=\"http://www.jardins-partages-lyon.fr/a.png\" alt=\"A\">\
         <img src=\"//cdn.jardins-partages-lyon.fr/b.png\" alt=\"B\">\
         <img src=\"file:///C:/Users/moi/c.png\" alt=\"C\">\
         <img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"D\">\
         <img src=\"https://localhost:8080/e.png\" alt=\"E\">\
         <img src=\"cid:logo@jardins\" alt=\"Logo joint\">\
         <a href=\"programme.html\">Le programme complet des ateliers</a>\
         <table background=\"img/fond.jpg\"><tr><td style=\"background-image:url('img/motif.png')\">x</td></tr></table>\
         <h1 ",
    )
    .replacen("</style>", ".bandeau { background: url(img/bandeau.png); }</style>", 1);
    let doc = doc_of("lettre.html", &html);
    let out = run_on(&doc, &params());
    let found: Vec<(&str, &str)> = only(&out, codes::RELATIVE_URL)
        .iter()
        .map(|o| (arg(o, "tag"), arg(o, "url")))
        .collect();
    assert_eq!(
        found,
        [
            ("<a>", "programme.html"),
            ("<img>", "images/affiche.jpg"),
            ("<img>", "http://www.jardins-partages-lyon.fr/a.png"),
            ("<img>", "//cdn.jardins-partages-lyon.fr/b.png"),
            ("<img>", "file:///C:/Users/moi/c.png"),
            ("<img>", "data:image/png;base64,iVBORw0KGgo="),
            ("<img>", "https://localhost:8080/e.png"),
            ("<table>", "img/fond.jpg"),
            ("url()", "img/motif.png"),
            ("url()", "img/bandeau.png"),
        ]
    );
    let css = only(&out, codes::RELATIVE_URL)
        .into_iter()
        .find(|o| arg(o, "url") == "img/bandeau.png")
        .unwrap_or_else(|| panic!("the style sheet's url()"));
    assert!(at(&doc, css).starts_with("background: url(img/bandeau.png)"));
}

// ---- layout ---------------------------------------------------------------------------

#[test]
fn too_wide_fires_on_fixed_widths_over_the_limit() {
    let doc = doc_of(
        "lettre.html",
        &variant("width=\"600\" cellpadding", "width=\"700\" cellpadding"),
    );
    let out = run_on(&doc, &params());
    let found = only(&out, codes::TOO_WIDE);
    assert_eq!(found.len(), 1);
    assert_eq!(arg(found[0], "width"), "700");
    assert_eq!(arg(found[0], "count"), "1");
    assert!(at(&doc, found[0]).starts_with("<table role=\"presentation\" class=\"conteneur\""));

    let out = run_html(&variant(
        "<h1 ",
        "<div style=\"width: 800px\">large</div><img src=\"https://x.fr/a.jpg\" width=\"900px\" alt=\"A\"><h1 ",
    ));
    let found = only(&out, codes::TOO_WIDE);
    assert_eq!(arg(found[0], "width"), "800");
    assert_eq!(arg(found[0], "count"), "2");
}

#[test]
fn fluid_and_capped_widths_are_not_too_wide() {
    let out = run_html(&variant(
        "<h1 ",
        "<img src=\"https://x.fr/a.jpg\" width=\"1200\" style=\"width:100%; max-width:560px\" alt=\"A\">\
         <table width=\"100%\"><tr><td style=\"max-width: 600px\">x</td></tr></table>\
         <div style=\"width:auto\">y</div><h1 ",
    ));
    assert!(only(&out, codes::TOO_WIDE).is_empty(), "{:?}", out.findings);
    let layout = out
        .evidence
        .iter()
        .find(|o| o.code == codes::LAYOUT)
        .unwrap_or_else(|| panic!("layout evidence"));
    assert_eq!(arg(layout, "width"), "600");
}

// ---- preheader ------------------------------------------------------------------------

#[test]
fn no_preheader_when_the_first_text_is_visible() {
    let without = variant(
        "<div class=\"preheader\" style=\"display:none; max-height:0; overflow:hidden; mso-hide:all;\">Ateliers de printemps, troc de graines et agenda du mois&zwnj;&nbsp;&zwnj;&nbsp;</div>",
        "<p style=\"font-size:11px\"><a href=\"https://www.jardins-partages-lyon.fr/lettre/mars\">Voir la version en ligne</a></p>",
    );
    let doc = doc_of("lettre.html", &without);
    let out = run_on(&doc, &params());
    let found = only(&out, codes::NO_PREHEADER);
    assert_eq!(found.len(), 1);
    assert_eq!(arg(found[0], "first_text"), "Voir la version en ligne");

    // A hidden preheader placed after visible text is not what the inbox shows.
    let late = variant(
        "<div class=\"preheader\"",
        "<p>Voir la version en ligne</p><div class=\"preheader\"",
    );
    assert_eq!(only(&run_html(&late), codes::NO_PREHEADER).len(), 1);

    // Hidden by its class alone.
    let by_class = variant(
        "style=\"display:none; max-height:0; overflow:hidden; mso-hide:all;\"",
        "",
    );
    assert!(only(&run_html(&by_class), codes::NO_PREHEADER).is_empty());
}

// ---- parse errors ---------------------------------------------------------------------

#[test]
fn parse_errors_fire_with_their_line_and_tag() {
    let broken = variant(
        "<tr><td style=\"padding:20px;\"><img",
        "<tr><td style=\"padding:20px;\"><div><img",
    );
    let doc = doc_of("lettre.html", &broken);
    let out = run_on(&doc, &params());
    let found = only(&out, codes::PARSE_ERROR);
    assert_eq!(found.len(), 1, "{found:?}");
    let line = CLEAN
        .lines()
        .position(|l| l.contains("<tr><td style=\"padding:20px;\"><img"))
        .map(|i| i + 1)
        .unwrap_or(0);
    assert_eq!(arg(found[0], "line"), line.to_string());
    assert_eq!(arg(found[0], "tag"), "</td>");
    assert!(
        at(&doc, found[0]).starts_with("</td>"),
        "{}",
        at(&doc, found[0])
    );

    // A table never closed, and text written straight into a table.
    let unclosed = variant("</table>\n</td></tr>\n</table>", "</td></tr>\n</table>");
    assert!(!only(&run_html(&unclosed), codes::PARSE_ERROR).is_empty());
    let text_in_table = variant(
        "<tr><td align=\"center\"",
        "Bienvenue<tr><td align=\"center\"",
    );
    assert!(!only(&run_html(&text_in_table), codes::PARSE_ERROR).is_empty());
}

// ---- head -----------------------------------------------------------------------------

#[test]
fn missing_or_malformed_language_and_missing_title_fire() {
    let out = run_html(&variant("<html lang=\"fr\">", "<html>"));
    assert_eq!(codes(&out), [codes::NO_LANG]);
    let out = run_html(&variant("<html lang=\"fr\">", "<html lang=\"français\">"));
    assert_eq!(arg(only(&out, codes::NO_LANG)[0], "lang"), "français");
    assert!(codes(&run_html(&variant(
        "<html lang=\"fr\">",
        "<html lang=\"fr-FR\">"
    )))
    .is_empty());

    let out = run_html(&variant(
        "<title>La lettre des Jardins partagés – mars</title>",
        "<title>  </title>",
    ));
    assert_eq!(codes(&out), [codes::NO_TITLE]);
    let out = run_html(&variant(
        "<title>La lettre des Jardins partagés – mars</title>",
        "",
    ));
    assert_eq!(codes(&out), [codes::NO_TITLE]);
}

// ---- link texts -----------------------------------------------------------------------

#[test]
fn generic_link_texts_fire_and_descriptive_ones_do_not() {
    let out = run_html(&variant(
        "Voir le programme des ateliers</a>",
        "Cliquez ici</a> <a href=\"https://www.jardins-partages-lyon.fr/blog\">En savoir plus →</a>",
    ));
    let texts: Vec<&str> = only(&out, codes::GENERIC_LINK_TEXT)
        .iter()
        .map(|o| arg(o, "text"))
        .collect();
    assert_eq!(texts, ["Cliquez ici", "En savoir plus →"]);

    let out = run_html(&variant(
        "Voir le programme des ateliers</a>",
        "En savoir plus sur nos ateliers</a> \
         <a href=\"https://www.jardins-partages-lyon.fr/blog\" aria-label=\"Lire l'article sur le compost\">Lire la suite</a>",
    ));
    assert!(
        only(&out, codes::GENERIC_LINK_TEXT).is_empty(),
        "{:?}",
        out.findings
    );
}

// ---- unsubscribe ----------------------------------------------------------------------

#[test]
fn no_unsubscribe_fires_without_an_opt_out_link() {
    let out = run_html(&variant(
        "<a href=\"https://www.jardins-partages-lyon.fr/desinscription?id=42\" style=\"color:#666666;\">Se désinscrire</a> · ",
        "",
    ));
    assert_eq!(codes(&out), [codes::NO_UNSUBSCRIBE]);

    // A placeholder target is no opt-out either, but the link is there: it is named with
    // its text and target, not reported missing.
    for dead in ["#", "javascript:;"] {
        let out = run_html(&variant(
            "https://www.jardins-partages-lyon.fr/desinscription?id=42",
            dead,
        ));
        assert_eq!(
            codes(&out),
            [codes::PLACEHOLDER_LINK, codes::UNSUBSCRIBE_DEAD],
            "{dead}"
        );
        let f = out
            .findings
            .iter()
            .find(|f| f.code == codes::UNSUBSCRIBE_DEAD)
            .unwrap();
        assert!(f.args.contains(&("text".into(), "Se désinscrire".into())));
        assert!(f.args.contains(&("href".into(), dead.into())));
    }
}

#[test]
fn opt_outs_by_text_target_merge_tag_or_header() {
    // By target only.
    let out = run_html(&variant("Se désinscrire</a>", "Gérer mes préférences</a>"));
    assert!(only(&out, codes::NO_UNSUBSCRIBE).is_empty());
    // By text, with an ESP merge tag as target.
    let out = run_html(&variant(
        "https://www.jardins-partages-lyon.fr/desinscription?id=42",
        "*|UNSUB|*",
    ));
    assert!(codes(&out).is_empty(), "{:?}", out.findings);
    // An .eml whose only opt-out is the List-Unsubscribe header.
    let body = variant(
        "<a href=\"https://www.jardins-partages-lyon.fr/desinscription?id=42\" style=\"color:#666666;\">Se désinscrire</a> · ",
        "",
    );
    let eml = format!(
        "From: Les Jardins <lettre@jardins-partages-lyon.fr>\r\nSubject: Mars\r\n\
         List-Unsubscribe: <https://www.jardins-partages-lyon.fr/desinscription?id=42>\r\n\
         List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\
         Content-Type: text/html; charset=utf-8\r\n\r\n{body}"
    );
    let doc = doc_of("lettre.eml", &eml);
    assert_eq!(doc.format, Format::Eml);
    let out = run_on(&doc, &params());
    assert!(codes(&out).is_empty(), "{:?}", out.findings);
    let evidence = out
        .evidence
        .iter()
        .find(|o| o.code == codes::UNSUBSCRIBE)
        .unwrap_or_else(|| panic!("evidence"));
    assert_eq!(arg(evidence, "header"), "✓");
    assert_eq!(arg(evidence, "one_click"), "✓");
    assert_eq!(arg(evidence, "link"), "List-Unsubscribe");
    // The same header does not count in an .html file (it is not a header there).
    let no_header = Params {
        unsubscribe: params().unsubscribe.map(|u| Unsubscribe {
            list_unsubscribe_header: false,
            ..u
        }),
        ..params()
    };
    assert_eq!(codes(&run_on(&doc, &no_header)), [codes::NO_UNSUBSCRIBE]);
}

// ---- sender ---------------------------------------------------------------------------

#[test]
fn no_sender_fires_without_a_postal_address_in_the_footer() {
    let without = variant(
        "<p>Association Les Jardins partagés, 12 rue des Lilas, 69002 Lyon</p>",
        "<p>Association Les Jardins partagés</p>",
    );
    let doc = doc_of("lettre.html", &without);
    let out = run_on(&doc, &params());
    let found = only(&out, codes::NO_SENDER);
    assert_eq!(found.len(), 1);
    assert_eq!(arg(found[0], "share"), "20");
    assert!(at(&doc, found[0]).contains("Association Les Jardins partagés"));

    // The address at the top is not the footer.
    let at_top = variant("<h1 ", "<p>12 rue des Lilas, 69002 Lyon</p><h1 ").replacen(
        "<p>Association Les Jardins partagés, 12 rue des Lilas, 69002 Lyon</p>",
        "<p>Association</p>",
        1,
    );
    assert_eq!(codes(&run_html(&at_top)), [codes::NO_SENDER]);

    // A template exported from Mailchimp: the tool writes the address when sending.
    let merge_tag = variant(
        "<p>Association Les Jardins partagés, 12 rue des Lilas, 69002 Lyon</p>",
        "<p>*|LIST:COMPANY|*, *|LIST:ADDRESSLINE|*</p>",
    );
    assert!(codes(&run_html(&merge_tag)).is_empty());

    // An address over two lines of the footer, the town on the second.
    let split = variant(
        "<p>Association Les Jardins partagés, 12 rue des Lilas, 69002 Lyon</p>",
        "<p>Association Les Jardins partagés, 12 rue des Lilas, 69002</p><p>LYON CEDEX</p>",
    );
    let out = run_html(&split);
    assert!(codes(&out).is_empty(), "{:?}", out.findings);
    let evidence = out
        .evidence
        .iter()
        .find(|o| o.code == codes::SENDER)
        .unwrap_or_else(|| panic!("sender evidence"));
    assert_eq!(
        arg(evidence, "address"),
        "Association Les Jardins partagés, 12 rue des Lilas, 69002 LYON CEDEX"
    );
}

// ---- client support -------------------------------------------------------------------

#[test]
fn unsupported_features_are_errors_and_partial_ones_warnings() {
    let html = variant(
        "<h1 ",
        "<div style=\"display:flex\"><img src=\"https://x.fr/photo.webp?v=2\" width=\"200\" alt=\"Photo\"></div><h1 ",
    )
    .replacen(
        "</style>",
        "@media (prefers-color-scheme: dark) { body { background:#000 } }</style>",
        1,
    );
    let doc = doc_of("lettre.html", &html);
    let out = run_on(&doc, &params());
    let found = only(&out, codes::UNSUPPORTED_FEATURE);
    let summary: Vec<(&str, Option<Severity>, &str)> = found
        .iter()
        .map(|o| (arg(o, "slug"), o.severity, arg(o, "clients")))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "css-display-flex",
                Some(Severity::Error),
                "Outlook (Windows), Orange (Desktop Webmail)"
            ),
            (
                "image-webp",
                Some(Severity::Warning),
                "Gmail (Desktop Webmail)"
            ),
            (
                "css-at-media-prefers-color-scheme",
                Some(Severity::Error),
                "Gmail (Desktop Webmail)"
            ),
        ]
    );
    assert_eq!(arg(found[1], "notes"), "Partial: Converts file to jpg.");
    assert_eq!(arg(found[0], "feature"), "display:flex");
    assert_eq!(
        arg(found[0], "url"),
        "https://www.caniemail.com/features/css-display-flex/"
    );
    assert!(at(&doc, found[0]).starts_with("<div style=\"display:flex\""));
    assert!(at(&doc, found[2]).starts_with("@media"));
    assert!(!out.evidence.iter().any(|o| o.code == codes::CLIENT_SUPPORT));

    // `:hover` is supported or untested: nothing. A local anchor is not supported by
    // Gmail iOS: reported with the note.
    let out = run_html(&variant(
        "<h1 ",
        "<a href=\"#agenda\">L'agenda du mois</a><h1 ",
    ));
    let found = only(&out, codes::UNSUPPORTED_FEATURE);
    assert_eq!(found.len(), 1);
    assert_eq!(arg(found[0], "slug"), "html-anchor-links");
    assert_eq!(arg(found[0], "notes"), "Not supported.");
}

#[test]
fn without_the_dataset_client_support_says_nothing() {
    let doc = doc_of(
        "lettre.html",
        &variant("<h1 ", "<div style=\"display:flex\">x</div><h1 "),
    );
    let input = Input {
        doc: &doc,
        kind: "newsletter",
        submission: &[],
        options: &toml::Table::new(),
    };
    let out = check(&input, &params());
    assert!(codes(&out).is_empty(), "{:?}", out.findings);
    assert!(!out.evidence.iter().any(|o| o.code == codes::CLIENT_SUPPORT));
}

#[test]
fn names_the_dataset_lacks_are_refused() {
    let data = DATA.as_bytes();
    let ready = Ready::new(params(), |path| {
        (path == "data/caniemail.json").then_some(data)
    });
    assert!(ready.is_ok());
    let mut p = params();
    if let Some(c) = p.client_support.as_mut() {
        c.features.push(FeatureRule {
            feature: "css-no-such-thing".into(),
            css_properties: vec!["x".into()],
            ..FeatureRule::default()
        });
    }
    let err = Ready::new(p, |_| Some(data)).err().map(|e| e.0);
    assert_eq!(
        err.as_deref(),
        Some("client_support: caniemail has no feature `css-no-such-thing`")
    );
    let mut p = params();
    if let Some(c) = p.client_support.as_mut() {
        c.clients.push("hotmial".into());
    }
    assert!(Ready::new(p.clone(), |_| Some(data)).is_err());
    // Without the data file (parameters validated alone), no error.
    assert!(Ready::new(p, |_| None).is_ok());
    assert!(Ready::new(params(), |_| Some(&b"not json"[..])).is_err());
}

#[test]
fn parameters_are_validated() {
    let bad = |edit: &dyn Fn(&mut Params)| {
        let mut p = params();
        edit(&mut p);
        p.validate().is_err()
    };
    assert!(params().validate().is_ok());
    assert!(bad(&|p| {
        if let Some(s) = p.size.as_mut() {
            s.warn_from_bytes = s.error_over_bytes + 1;
        }
    }));
    assert!(bad(&|p| {
        if let Some(s) = p.sender.as_mut() {
            s.footer_share = 0.0;
        }
    }));
    assert!(bad(&|p| {
        if let Some(c) = p.client_support.as_mut() {
            c.features.push(FeatureRule {
                feature: "x".into(),
                ..FeatureRule::default()
            });
        }
    }));
    assert!(bad(&|p| {
        if let Some(c) = p.client_support.as_mut() {
            c.features.push(FeatureRule {
                feature: "x".into(),
                css_values: vec!["display flex".into()],
                ..FeatureRule::default()
            });
        }
    }));
    assert!(bad(&|p| {
        if let Some(c) = p.client_support.as_mut() {
            c.clients = vec![" ".into()];
        }
    }));
    assert!(toml::from_str::<Params>("typo = 1").is_err());
}

#[test]
fn helpers() {
    assert_eq!(
        image_extension("https://x.fr/a/Photo.WEBP?v=2#x"),
        Some("webp".into())
    );
    assert_eq!(
        image_extension("data:image/svg+xml;base64,AAA"),
        Some("svg".into())
    );
    assert_eq!(image_extension("https://x.fr/a/photo"), None);
    assert_eq!(attribute_px(" 600px "), Some(600.0));
    assert_eq!(attribute_px("100%"), None);
    assert_eq!(normalise_decl(" Display : None !important"), "display:none");
    assert_eq!(normalise_decl("max-height: 0px"), "max-height:0");
    assert_eq!(normalise_name("  « Cliquez ICI » → "), "cliquez ici");
    assert_eq!(kb(1), 1);
    assert_eq!(kb(1024), 1);
    assert_eq!(kb(1025), 2);
    let text = "a\r\nbb\nccc";
    let starts = line_starts(text);
    assert_eq!(line_range(text, &starts, 1), 0..1);
    assert_eq!(line_range(text, &starts, 2), 3..5);
    assert_eq!(line_range(text, &starts, 3), 6..9);
    assert_eq!(line_range(text, &starts, 99), 6..9);
}

#[test]
fn hostile_documents_do_not_panic() {
    for html in [
        "<",
        "<table",
        "<div style=\"width:\">",
        "<img src=\"data:image/\" width=\"99999999999999999999\">",
        "<style>@media{{{{{{</style><p>x",
        "<a href=\"https:\">x</a><a href=\"https://\">y</a><a href=\":\">z</a>",
        "<div style=\"display:none\"><div style=\"display:none\">",
        "<style>",
        "<body><p>\u{200B}</p>",
    ] {
        let _ = run_html(html);
    }
}
