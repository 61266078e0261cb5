//! `blog/…`: is a blog article written for the web — long enough, structured with
//! sub-headings, linked to the site and beyond, in readable paragraphs, with its target
//! keyword where search engines and readers look first?
//!
//! # What it checks
//!
//! Words are counted in every block except code and level-1 headings (the title is not
//! part of the body): paragraphs, list items, quotes, sub-headings. The lines that state
//! the article's keyword, site or other metadata at its top (« Méta-description : … »,
//! `metadata_labels`) are not part of the body either.
//!
//! - `blog/too-short`: fewer than `min_words` words.
//! - `blog/few-subheadings`: more than `subheadings_from_words` words and fewer than
//!   `min_h2` level-2 headings. A long text without sub-headings cannot be scanned.
//! - `blog/long-paragraph`: a paragraph of more than `max_paragraph_words` words, located
//!   at the paragraph. List items and quotes are not paragraphs.
//! - `blog/no-internal-link`, `blog/no-external-link`: no link to another page of the
//!   same site, or none to another site. A link is *internal* when its target is relative
//!   (`/guides`, `../contact.html`) or absolute on the site's own host (or a sub-domain of
//!   it); *external* when it is an `http(s)` URL on another host. Same-page anchors
//!   (`#partie-2`), `mailto:`, `tel:` and other schemes are neither. The site's hosts come
//!   from the instance's `site_hosts`, the candidate's `site = "…"` in `livrables.toml`
//!   (a string or a list), a Markdown front matter `site`, and in HTML the page's own
//!   `<link rel="canonical">` and `<meta property="og:url">`; else a line « Site : … » at
//!   the top of the text (`site_labels`); else the host that more than half of the
//!   article's absolute links share, when at least `site_from_links_min` do: a Word
//!   article can only hold full addresses, and an article links to its own site more
//!   than to any other.
//! - `blog/keyword-missing`: the target keyword — `keyword = "…"` in `livrables.toml`,
//!   front matter `keyword:`, or a line « Mot-clé principal : … » at the top of the text
//!   (`keyword_labels`; of a list « Mots-clés : a, b », the first) — is absent from one of the places where it is expected: the
//!   title (`<title>` or front matter `title`), the h1, the first `keyword_intro_words`
//!   words of the text, an h2. One finding, located at the first place where it is
//!   missing, whose arguments mark each place `✓` (found), `✗` (missing) or `—` (the
//!   document has no such place: a missing title or h1 is another check's business, and
//!   an article without h2 already gets `few-subheadings`). Matching is on whole words,
//!   accent- and case-folded (`Salon Habitat-Durable` contains `salon habitat durable`).
//! - `blog/no-keyword` (information): no target keyword was declared, so its placement
//!   could not be checked; the checklist must then leave it to the evaluator.
//!
//! Evidence, for the evaluator's checklist, when the corresponding test passes:
//! `blog/length` (words and h2 count), `blog/links` (internal and external counts),
//! `blog/paragraphs` (paragraph count and longest), `blog/keyword` (keyword and places).
//!
//! # Why
//!
//! The certification asks for "un article de blog … optimisé pour le web : il inclut des
//! mots-clés pertinents, des liens internes et externes, et une structure claire (titres,
//! sous-titres, paragraphes)" (C2.1, CE2). The thresholds are industry conventions kept in
//! the rule pack with their source (Yoast for length, paragraph length and keyword places).
//!
//! # Limits
//!
//! - Whether the keyword is *relevant*, and the text good, is for a person to judge.
//! - No stemming: the keyword `salon` is not found in `salons`.
//! - An absolute link to the candidate's own site counts as external when the site is
//!   neither declared nor shared by most of the article's links (the finding's help says
//!   how to declare it).
//! - The structure seen is the one the reader reports: a DOCX article whose sub-titles are
//!   bold text rather than heading styles has no h2.

use livrable_model::{Block, Document, Format, Location, Observation};

use crate::text::{
    contains_words, element_location, front_matter, front_matter_location, heading_level, host_of,
    is_prose, mark, match_words, quote, same_site, stated, word_count,
};
use crate::{Input, Output};

pub const KIND: &str = "blog";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const TOO_SHORT: &str = "blog/too-short";
    pub const FEW_SUBHEADINGS: &str = "blog/few-subheadings";
    pub const LONG_PARAGRAPH: &str = "blog/long-paragraph";
    pub const NO_INTERNAL_LINK: &str = "blog/no-internal-link";
    pub const NO_EXTERNAL_LINK: &str = "blog/no-external-link";
    pub const KEYWORD_MISSING: &str = "blog/keyword-missing";
    pub const NO_KEYWORD: &str = "blog/no-keyword";
    pub const LENGTH: &str = "blog/length";
    pub const LINKS: &str = "blog/links";
    pub const PARAGRAPHS: &str = "blog/paragraphs";
    pub const KEYWORD: &str = "blog/keyword";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(TOO_SHORT, &["min", "words"]),
        CodeDecl::new(FEW_SUBHEADINGS, &["from_words", "h2", "min", "words"]),
        CodeDecl::new(LONG_PARAGRAPH, &["max", "start", "words"]),
        CodeDecl::new(NO_INTERNAL_LINK, &["external", "links", "sites"]),
        CodeDecl::new(NO_EXTERNAL_LINK, &["internal", "links", "sites"]),
        CodeDecl::new(
            KEYWORD_MISSING,
            &[
                "checked",
                "h1",
                "h2",
                "intro",
                "intro_words",
                "keyword",
                "missing",
                "title",
            ],
        ),
        CodeDecl::new(NO_KEYWORD, &[]),
        CodeDecl::new(LENGTH, &["h2", "words"]),
        CodeDecl::new(LINKS, &["external", "internal", "sites"]),
        CodeDecl::new(PARAGRAPHS, &["count", "longest", "max"]),
        CodeDecl::new(
            KEYWORD,
            &[
                "checked",
                "h1",
                "h2",
                "intro",
                "intro_words",
                "keyword",
                "missing",
                "title",
            ],
        ),
    ];
}

/// Texts quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 80;

/// Parameters of a `blog` instance; every threshold is the pack's choice, with its source
/// beside it in the pack.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Fewer words than this: `blog/too-short`.
    pub min_words: usize,
    /// A paragraph with more words than this: `blog/long-paragraph`.
    pub max_paragraph_words: usize,
    /// Fewer level-2 headings than this in a text longer than `subheadings_from_words`:
    /// `blog/few-subheadings`.
    pub min_h2: usize,
    pub subheadings_from_words: usize,
    /// How many words from the start of the text count as its introduction for the
    /// keyword.
    pub keyword_intro_words: usize,
    /// Hosts of the candidate's site (`verdure-renovation.fr`), when the instance knows
    /// them; the candidate can also declare `site` in `livrables.toml`.
    #[serde(default)]
    pub site_hosts: Vec<String>,
    /// How many of the first non-blank blocks are looked at for lines « Label : valeur »
    /// that state the article's keyword, site or metadata.
    pub stated_top_blocks: usize,
    /// Labels of the line that states the target keyword (« Mot-clé principal »).
    pub keyword_labels: Vec<String>,
    /// Labels of the line that states the candidate's site (« Site »).
    pub site_labels: Vec<String>,
    /// Labels of other lines of metadata written above the article (« Méta-description »,
    /// « Titre SEO »): not part of its text.
    pub metadata_labels: Vec<String>,
    /// Fewest absolute links sharing one host for that host to be taken as the
    /// candidate's site, when no site is declared or stated.
    pub site_from_links_min: usize,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    let metadata = metadata_blocks(doc, params);
    let words = block_words(doc, &metadata);
    length_and_structure(doc, &words, params, &mut out);
    paragraphs(doc, &words, params, &mut out);
    links(input, params, &mut out);
    keyword(input, params, &metadata, &mut out);
    out
}

/// Indexes of the blocks that state the article's keyword, site or metadata at its top:
/// « Label : valeur » lines whose label is one of the instance's, each label list's first
/// match.
fn metadata_blocks(doc: &Document, params: &Params) -> Vec<usize> {
    [
        &params.keyword_labels,
        &params.site_labels,
        &params.metadata_labels,
    ]
    .into_iter()
    .filter_map(|labels| stated(doc, labels, params.stated_top_blocks))
    .map(|s| s.block)
    .collect()
}

/// Words of each block of the body (every block but code, level-1 headings and the lines
/// of metadata), 0 for the others: counted once for the length and the paragraphs.
fn block_words(doc: &Document, metadata: &[usize]) -> Vec<usize> {
    doc.blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if metadata.contains(&i) {
                0
            } else if is_prose(b) || heading_level(b).is_some_and(|l| l > 1) {
                word_count(&b.text)
            } else {
                0
            }
        })
        .collect()
}

fn length_and_structure(doc: &Document, block_words: &[usize], params: &Params, out: &mut Output) {
    let words: usize = block_words.iter().sum();
    let h2 = doc
        .blocks
        .iter()
        .filter(|b| heading_level(b) == Some(2))
        .count();
    let mut ok = true;
    if words < params.min_words {
        ok = false;
        out.findings.push(
            Observation::new(codes::TOO_SHORT, Location::whole())
                .arg("words", words)
                .arg("min", params.min_words),
        );
    }
    if words > params.subheadings_from_words && h2 < params.min_h2 {
        ok = false;
        // At the first sub-heading if there is one (the reader sees where the structure
        // stops), otherwise on the whole file.
        let at = doc
            .blocks
            .iter()
            .find(|b| heading_level(b) == Some(2))
            .map(|b| b.location.clone())
            .unwrap_or_default();
        out.findings.push(
            Observation::new(codes::FEW_SUBHEADINGS, at)
                .arg("words", words)
                .arg("h2", h2)
                .arg("min", params.min_h2)
                .arg("from_words", params.subheadings_from_words),
        );
    }
    if ok {
        out.evidence.push(
            Observation::new(codes::LENGTH, Location::whole())
                .arg("words", words)
                .arg("h2", h2),
        );
    }
}

fn paragraphs(doc: &Document, block_words: &[usize], params: &Params, out: &mut Output) {
    let mut count = 0;
    let mut longest = 0;
    let mut ok = true;
    // A paragraph is prose: its words are in `block_words`.
    for (b, &words) in doc
        .blocks
        .iter()
        .zip(block_words)
        .filter(|(b, _)| b.kind == livrable_model::BlockKind::Paragraph)
    {
        if words == 0 {
            continue;
        }
        count += 1;
        longest = longest.max(words);
        if words > params.max_paragraph_words {
            ok = false;
            out.findings.push(
                Observation::new(codes::LONG_PARAGRAPH, b.location.clone())
                    .arg("words", words)
                    .arg("max", params.max_paragraph_words)
                    .arg("start", quote(&b.text, QUOTE_MAX)),
            );
        }
    }
    if ok && count > 0 {
        out.evidence.push(
            Observation::new(codes::PARAGRAPHS, Location::whole())
                .arg("count", count)
                .arg("longest", longest)
                .arg("max", params.max_paragraph_words),
        );
    }
}

/// What a link's target is, for a blog article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Another page of the same site.
    Internal,
    /// A page of another site.
    External,
    /// A same-page anchor, an e-mail or phone link, an empty or odd target.
    Other,
}

/// Classifies a link target against the site's hosts (see the module documentation).
pub fn classify(href: &str, site_hosts: &[String]) -> Target {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return Target::Other;
    }
    if let Some(host) = host_of(href, false) {
        return if site_hosts.iter().any(|s| same_site(&host, s)) {
            Target::Internal
        } else {
            Target::External
        };
    }
    // A scheme (`mailto:`, `tel:`, `javascript:`, `https:` without a host) comes before
    // any `/`, `?` or `#`; a relative path has none.
    let head = href.split(['/', '?', '#']).next().unwrap_or("");
    let has_scheme = head.split_once(':').is_some_and(|(scheme, _)| {
        scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || href.starts_with("//") {
        Target::Other
    } else {
        Target::Internal
    }
}

/// The hosts of the candidate's site from every place it can be declared; else the one
/// stated at the top of the text; else the host most of the article's links share.
fn site_hosts(input: &Input, params: &Params) -> Vec<String> {
    let mut hosts = declared_site_hosts(input, params);
    if hosts.is_empty() {
        hosts.extend(
            stated(input.doc, &params.site_labels, params.stated_top_blocks)
                .and_then(|s| host_of(s.value, true)),
        );
    }
    if hosts.is_empty() {
        hosts.extend(shared_host(input.doc, params.site_from_links_min));
    }
    hosts
}

/// The host of more than half of the document's absolute links, when at least `min` of
/// them share it.
fn shared_host(doc: &Document, min: usize) -> Option<String> {
    let hosts: Vec<String> = doc
        .links
        .iter()
        .filter_map(|l| host_of(&l.href, false))
        .collect();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for h in &hosts {
        match counts.iter_mut().find(|(seen, _)| seen == h) {
            Some((_, n)) => *n += 1,
            None => counts.push((h, 1)),
        }
    }
    counts
        .into_iter()
        .find(|&(_, n)| n >= min.max(1) && n * 2 > hosts.len())
        .map(|(h, _)| h.to_string())
}

/// The hosts of the candidate's site from every place it can be declared.
fn declared_site_hosts(input: &Input, params: &Params) -> Vec<String> {
    let doc = input.doc;
    let mut hosts: Vec<String> = params
        .site_hosts
        .iter()
        .filter_map(|h| host_of(h, true))
        .collect();
    match input.options.get("site") {
        Some(toml::Value::String(s)) => hosts.extend(host_of(s, true)),
        Some(toml::Value::Array(list)) => hosts.extend(
            list.iter()
                .filter_map(|v| v.as_str())
                .filter_map(|s| host_of(s, true)),
        ),
        _ => {}
    }
    if let Some(site) = front_matter(doc, "site") {
        hosts.extend(host_of(site, true));
    }
    if doc.format == Format::Html {
        for e in &doc.elements {
            let declared = match e.tag.as_str() {
                "link"
                    if e.attr("rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|t| t.eq_ignore_ascii_case("canonical"))
                    }) =>
                {
                    e.attr("href")
                }
                "meta"
                    if e.attr("property")
                        .is_some_and(|p| p.eq_ignore_ascii_case("og:url")) =>
                {
                    e.attr("content")
                }
                _ => None,
            };
            hosts.extend(declared.and_then(|u| host_of(u, false)));
        }
    }
    hosts.sort();
    hosts.dedup();
    hosts
}

fn links(input: &Input, params: &Params, out: &mut Output) {
    let doc = input.doc;
    let hosts = site_hosts(input, params);
    let mut internal = 0;
    let mut external = 0;
    for link in &doc.links {
        match classify(&link.href, &hosts) {
            Target::Internal => internal += 1,
            Target::External => external += 1,
            Target::Other => {}
        }
    }
    let sites = hosts.join(", ");
    if internal == 0 {
        out.findings.push(
            Observation::new(codes::NO_INTERNAL_LINK, Location::whole())
                .arg("links", doc.links.len())
                .arg("external", external)
                .arg("sites", &sites),
        );
    }
    if external == 0 {
        out.findings.push(
            Observation::new(codes::NO_EXTERNAL_LINK, Location::whole())
                .arg("links", doc.links.len())
                .arg("internal", internal)
                .arg("sites", &sites),
        );
    }
    if internal > 0 && external > 0 {
        out.evidence.push(
            Observation::new(codes::LINKS, Location::whole())
                .arg("internal", internal)
                .arg("external", external)
                .arg("sites", &sites),
        );
    }
}

/// The keyword the candidate declared: `keyword` in `livrables.toml` first, then the
/// front matter, then a line « Mot-clé principal : … » at the top of the text (of a list,
/// the first keyword).
fn declared_keyword<'a>(input: &'a Input, params: &Params) -> Option<&'a str> {
    input
        .options
        .get("keyword")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .or_else(|| front_matter(input.doc, "keyword"))
        .or_else(|| {
            stated(input.doc, &params.keyword_labels, params.stated_top_blocks)
                .and_then(|s| s.value.split([',', ';']).next())
                .map(str::trim)
                .filter(|k| !k.is_empty())
        })
}

/// One place where the keyword is expected: whether it is there (`None`: no such place)
/// and where it is.
struct Place {
    found: Option<bool>,
    location: Location,
}

fn keyword(input: &Input, params: &Params, metadata: &[usize], out: &mut Output) {
    let doc = input.doc;
    let Some(keyword) = declared_keyword(input, params) else {
        out.findings
            .push(Observation::new(codes::NO_KEYWORD, Location::whole()));
        return;
    };
    let needle = match_words(keyword);
    if needle.is_empty() {
        // A keyword of punctuation only: nothing to look for, and nothing the candidate
        // can be told except that no keyword was usable.
        out.findings
            .push(Observation::new(codes::NO_KEYWORD, Location::whole()));
        return;
    }
    let has = |text: &str| contains_words(&match_words(text), &needle);

    // Title: HTML <title>, else the front matter title.
    let title = match doc.format {
        Format::Html => doc
            .meta
            .title
            .as_deref()
            .map(|t| (t, element_location(doc, "title", None))),
        _ => front_matter(doc, "title")
            .or(doc.meta.title.as_deref())
            .map(|t| (t, front_matter_location(doc, "title"))),
    }
    .filter(|(t, _)| !t.trim().is_empty());
    let title = Place {
        found: title.as_ref().map(|(t, _)| has(t)),
        location: title.map(|(_, l)| l).unwrap_or_default(),
    };

    let headings = |level: u8| -> Vec<&Block> {
        doc.blocks
            .iter()
            .filter(|b| heading_level(b) == Some(level))
            .collect()
    };
    let place_of = |blocks: Vec<&Block>| Place {
        found: (!blocks.is_empty()).then(|| blocks.iter().any(|b| has(&b.text))),
        location: blocks
            .iter()
            .find(|b| !has(&b.text))
            .or(blocks.first())
            .map(|b| b.location.clone())
            .unwrap_or_default(),
    };
    let mut h1 = place_of(headings(1));
    if h1.found.is_none() && doc.format == Format::Markdown {
        // Static-site generators print the front matter title as the h1.
        if let Some(t) = front_matter(doc, "title") {
            h1 = Place {
                found: Some(has(t)),
                location: front_matter_location(doc, "title"),
            };
        }
    }
    let h2 = place_of(headings(2));

    // Introduction: the first words of the running text.
    let mut intro_words: Vec<String> = Vec::new();
    let mut intro_location = None;
    for b in doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| is_prose(b) && !metadata.contains(i))
        .map(|(_, b)| b)
    {
        if intro_words.len() >= params.keyword_intro_words {
            break;
        }
        let words = match_words(&b.text);
        if words.is_empty() {
            continue;
        }
        intro_location.get_or_insert_with(|| b.location.clone());
        let room = params.keyword_intro_words - intro_words.len();
        intro_words.extend(words.into_iter().take(room));
    }
    let intro = Place {
        found: (!intro_words.is_empty()).then(|| contains_words(&intro_words, &needle)),
        location: intro_location.unwrap_or_default(),
    };

    let places = [&title, &h1, &intro, &h2];
    let missing = places.iter().filter(|p| p.found == Some(false)).count();
    let checked = places.iter().filter(|p| p.found.is_some()).count();
    let obs = |code: &str, location: Location| {
        Observation::new(code, location)
            .arg("keyword", quote(keyword, QUOTE_MAX))
            .arg("title", mark(title.found))
            .arg("h1", mark(h1.found))
            .arg("intro", mark(intro.found))
            .arg("h2", mark(h2.found))
            .arg("intro_words", params.keyword_intro_words)
            .arg("missing", missing)
            .arg("checked", checked)
    };
    if missing > 0 {
        let at = places
            .iter()
            .find(|p| p.found == Some(false))
            .map(|p| p.location.clone())
            .unwrap_or_default();
        out.findings.push(obs(codes::KEYWORD_MISSING, at));
    } else if checked > 0 {
        out.evidence.push(obs(codes::KEYWORD, Location::whole()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{BlockKind, Element, Link};

    fn params() -> Params {
        Params {
            min_words: 300,
            max_paragraph_words: 150,
            min_h2: 2,
            subheadings_from_words: 300,
            keyword_intro_words: 100,
            site_hosts: Vec::new(),
            stated_top_blocks: 6,
            keyword_labels: vec!["mot-clé principal".into(), "mots-clés".into()],
            site_labels: vec!["site".into()],
            metadata_labels: vec!["méta-description".into()],
            site_from_links_min: 2,
        }
    }

    fn words(n: usize) -> String {
        (0..n)
            .map(|i| format!("mot{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A Markdown article: h1, then for each section an h2 and a paragraph of `per` words,
    /// with one internal and one external link.
    fn article(sections: usize, per: usize) -> Document {
        let mut d = Document::new("blog/article.md", Format::Markdown);
        let mut pos = 0;
        let mut push = |d: &mut Document, kind: BlockKind, text: String| {
            d.blocks.push(Block {
                kind,
                text,
                location: Location::span(pos, pos + 10),
            });
            pos += 100;
        };
        push(
            &mut d,
            BlockKind::Heading { level: 1 },
            "Salon habitat durable : nos conseils".into(),
        );
        for i in 0..sections {
            push(
                &mut d,
                BlockKind::Heading { level: 2 },
                format!("Partie {i} salon habitat durable"),
            );
            push(
                &mut d,
                BlockKind::Paragraph,
                format!("Le salon habitat durable {}", words(per.saturating_sub(4))),
            );
        }
        d.links.push(Link {
            href: "/guides".into(),
            text: "nos guides pratiques".into(),
            location: Location::span(5000, 5010),
        });
        d.links.push(Link {
            href: "https://www.ademe.fr/aides".into(),
            text: "les aides de l'ADEME".into(),
            location: Location::span(6000, 6010),
        });
        d
    }

    fn run_with(d: &Document, p: &Params, options: &toml::Table) -> Output {
        check(
            &Input {
                doc: d,
                kind: "blog-article",
                submission: &[],
                options,
            },
            p,
        )
    }

    fn keyword_options(k: &str) -> toml::Table {
        let mut t = toml::Table::new();
        t.insert("keyword".into(), toml::Value::String(k.into()));
        t
    }

    fn run(d: &Document) -> Output {
        run_with(d, &params(), &keyword_options("salon habitat durable"))
    }

    fn codes_of(out: &Output) -> Vec<&str> {
        out.findings.iter().map(|o| o.code.as_str()).collect()
    }

    fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
        o.args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no arg {name} in {o:?}"))
    }

    fn evidence<'a>(out: &'a Output, code: &str) -> Option<&'a Observation> {
        out.evidence.iter().find(|o| o.code == code)
    }

    #[test]
    fn a_good_article_gives_evidence_only() {
        let d = article(3, 120);
        let out = run(&d);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let length = evidence(&out, codes::LENGTH).expect("length evidence");
        // 3 × (5 heading words + 120 paragraph words).
        assert_eq!(arg(length, "words"), "375");
        assert_eq!(arg(length, "h2"), "3");
        let links = evidence(&out, codes::LINKS).expect("links evidence");
        assert_eq!((arg(links, "internal"), arg(links, "external")), ("1", "1"));
        let paragraphs = evidence(&out, codes::PARAGRAPHS).expect("paragraphs evidence");
        assert_eq!(arg(paragraphs, "longest"), "120");
        let kw = evidence(&out, codes::KEYWORD).expect("keyword evidence");
        assert_eq!(arg(kw, "h1"), "✓");
        assert_eq!(arg(kw, "title"), "—", "no front matter title here");
    }

    #[test]
    fn too_short_fires_under_the_threshold_only() {
        let out = run(&article(2, 100));
        assert_eq!(codes_of(&out), vec![codes::TOO_SHORT]);
        assert_eq!(arg(&out.findings[0], "words"), "210");
        assert_eq!(arg(&out.findings[0], "min"), "300");
        assert!(evidence(&out, codes::LENGTH).is_none());

        let p = Params {
            min_words: 210,
            ..params()
        };
        let out = run_with(
            &article(2, 100),
            &p,
            &keyword_options("salon habitat durable"),
        );
        assert!(out.findings.is_empty(), "{:?}", out.findings);
    }

    #[test]
    fn the_title_does_not_count_as_body_words() {
        let mut d = article(0, 0);
        d.blocks[0].text = words(400);
        let out = run(&d);
        assert!(codes_of(&out).contains(&codes::TOO_SHORT));
    }

    #[test]
    fn few_subheadings_fires_on_a_long_text_with_one_h2() {
        let d = article(1, 320);
        let out = run(&d);
        assert_eq!(
            codes_of(&out),
            vec![codes::FEW_SUBHEADINGS, codes::LONG_PARAGRAPH]
        );
        let f = &out.findings[0];
        assert_eq!(arg(f, "h2"), "1");
        assert_eq!(f.location, Location::span(100, 110), "at the only h2");
        // The same h2 count on a short text is not a fault of structure.
        let p = Params {
            min_words: 10,
            ..params()
        };
        let out = run_with(
            &article(1, 100),
            &p,
            &keyword_options("salon habitat durable"),
        );
        assert!(out.findings.is_empty(), "{:?}", out.findings);
    }

    #[test]
    fn long_paragraph_is_located_at_the_paragraph() {
        let mut d = article(3, 120);
        d.blocks[4].text = words(151);
        let out = run(&d);
        assert_eq!(codes_of(&out), vec![codes::LONG_PARAGRAPH]);
        let f = &out.findings[0];
        assert_eq!(f.location, d.blocks[4].location);
        assert_eq!(arg(f, "words"), "151");
        assert!(arg(f, "start").starts_with("mot0 mot1"));
        // A list item of the same length is not a paragraph.
        d.blocks[4].kind = BlockKind::ListItem;
        assert!(!codes_of(&run(&d)).contains(&codes::LONG_PARAGRAPH));
    }

    #[test]
    fn links_are_classified_by_host() {
        let site = vec!["verdure.fr".to_string()];
        assert_eq!(classify("/guides", &site), Target::Internal);
        assert_eq!(classify("guides/isolation.html", &site), Target::Internal);
        assert_eq!(classify("../contact", &site), Target::Internal);
        assert_eq!(classify("?page=2", &site), Target::Internal);
        assert_eq!(
            classify("https://www.verdure.fr/a", &site),
            Target::Internal
        );
        assert_eq!(
            classify("https://blog.verdure.fr/a", &site),
            Target::Internal
        );
        assert_eq!(classify("https://ademe.fr", &site), Target::External);
        assert_eq!(classify("http://notverdure.fr", &site), Target::External);
        assert_eq!(classify("//cdn.example.org/x", &site), Target::External);
        assert_eq!(classify("#partie-2", &site), Target::Other);
        assert_eq!(classify("mailto:a@verdure.fr", &site), Target::Other);
        assert_eq!(classify("tel:+33472000000", &site), Target::Other);
        assert_eq!(classify("javascript:void(0)", &site), Target::Other);
        assert_eq!(classify("  ", &site), Target::Other);
        assert_eq!(classify("https://", &site), Target::Other);
    }

    #[test]
    fn no_internal_and_no_external_links_fire_separately() {
        let mut d = article(3, 120);
        d.links.remove(0);
        let out = run(&d);
        assert_eq!(codes_of(&out), vec![codes::NO_INTERNAL_LINK]);
        assert_eq!(arg(&out.findings[0], "external"), "1");

        let mut d = article(3, 120);
        d.links.remove(1);
        assert_eq!(codes_of(&run(&d)), vec![codes::NO_EXTERNAL_LINK]);

        let mut d = article(3, 120);
        d.links.clear();
        assert_eq!(
            codes_of(&run(&d)),
            vec![codes::NO_INTERNAL_LINK, codes::NO_EXTERNAL_LINK]
        );
    }

    #[test]
    fn a_declared_site_makes_absolute_links_internal() {
        let mut d = article(3, 120);
        d.links[0].href = "https://www.verdure-renovation.fr/guides".into();
        assert_eq!(codes_of(&run(&d)), vec![codes::NO_INTERNAL_LINK]);

        // From the manifest…
        let mut options = keyword_options("salon habitat durable");
        options.insert(
            "site".into(),
            toml::Value::String("https://verdure-renovation.fr".into()),
        );
        assert!(run_with(&d, &params(), &options).findings.is_empty());
        // … from the front matter…
        let mut fm = d.clone();
        fm.meta
            .front_matter
            .insert("site".into(), "verdure-renovation.fr".into());
        assert!(run(&fm).findings.is_empty());
        // … from the pack…
        let p = Params {
            site_hosts: vec!["verdure-renovation.fr".into()],
            ..params()
        };
        assert!(run_with(&d, &p, &keyword_options("salon habitat durable"))
            .findings
            .is_empty());
        // … and from an HTML page's canonical URL.
        let mut html = d.clone();
        html.format = Format::Html;
        html.meta.title = Some("Salon habitat durable : nos conseils".into());
        html.elements.push(Element {
            tag: "link".into(),
            attrs: vec![
                ("rel".into(), "canonical".into()),
                (
                    "href".into(),
                    "https://verdure-renovation.fr/blog/salon".into(),
                ),
            ],
            location: Location::span(0, 5),
        });
        assert!(run(&html).findings.is_empty(), "{:?}", run(&html).findings);
    }

    #[test]
    fn the_host_most_links_share_is_the_site() {
        // A Word article can hold only full addresses: two of its three links go to the
        // candidate's site.
        let mut d = article(3, 120);
        d.format = Format::Docx;
        d.links[0].href = "https://www.jardins-de-loire.fr/boutique".into();
        d.links.push(Link {
            href: "https://jardins-de-loire.fr/conseils/semis".into(),
            text: "notre calendrier des semis".into(),
            location: Location::span(7000, 7010),
        });
        let out = run(&d);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(
            arg(evidence(&out, codes::LINKS).unwrap(), "sites"),
            "jardins-de-loire.fr"
        );
        // One link to each of two sites: no host is shared by most links, nothing is
        // assumed.
        d.links.pop();
        assert_eq!(codes_of(&run(&d)), vec![codes::NO_INTERNAL_LINK]);
        // Two links to one outside site and nothing else: taken as the site, so the
        // article is told it lacks an external link (it lacks one kind either way).
        let mut d = article(3, 120);
        d.links[0].href = "https://fr.wikipedia.org/wiki/Potager".into();
        d.links[1].href = "https://fr.wikipedia.org/wiki/Compost".into();
        assert_eq!(codes_of(&run(&d)), vec![codes::NO_EXTERNAL_LINK]);
    }

    #[test]
    fn a_site_stated_at_the_top_makes_absolute_links_internal() {
        let mut d = article(3, 120);
        d.links[0].href = "https://www.verdure-renovation.fr/guides".into();
        d.blocks.insert(
            0,
            Block {
                kind: BlockKind::Paragraph,
                text: "Site : www.verdure-renovation.fr".into(),
                location: Location::span(0, 1),
            },
        );
        assert!(run(&d).findings.is_empty(), "{:?}", run(&d).findings);
    }

    #[test]
    fn a_keyword_stated_at_the_top_of_a_word_article_is_read() {
        let mut d = article(3, 120);
        d.format = Format::Docx;
        let stated = |text: &str| Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
            location: Location::span(0, 1),
        };
        d.blocks.insert(
            0,
            stated("Mot-clé principal\u{a0}: « Salon habitat durable »"),
        );
        d.blocks.insert(
            1,
            stated("Méta-description : le salon habitat durable en cinq conseils"),
        );
        let out = run_with(&d, &params(), &toml::Table::new());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let kw = evidence(&out, codes::KEYWORD).expect("keyword checked");
        assert_eq!(arg(kw, "keyword"), "Salon habitat durable");
        // The stated lines are not the article's text: neither its words nor its
        // introduction.
        assert_eq!(arg(evidence(&out, codes::LENGTH).unwrap(), "words"), "375");
        for i in [4, 6, 8] {
            d.blocks[i].text = format!("{} salon habitat durable", words(110));
        }
        let out = run_with(&d, &params(), &toml::Table::new());
        assert_eq!(codes_of(&out), vec![codes::KEYWORD_MISSING]);
        assert_eq!(arg(&out.findings[0], "intro"), "✗");
        // The first of a list of keywords; a label not in the list is not read.
        d.blocks[0].text = "Mots-clés : salon habitat durable, rénovation".into();
        let out = run_with(&d, &params(), &toml::Table::new());
        assert_eq!(arg(&out.findings[0], "keyword"), "salon habitat durable");
        d.blocks[0].text = "Sujet : salon habitat durable".into();
        let out = run_with(&d, &params(), &toml::Table::new());
        assert!(codes_of(&out).contains(&codes::NO_KEYWORD));
    }

    #[test]
    fn keyword_missing_marks_each_place_and_points_at_the_first_missing() {
        let mut d = article(3, 120);
        d.blocks[0].text = "Nos conseils pour la visite".into();
        let out = run(&d);
        assert_eq!(codes_of(&out), vec![codes::KEYWORD_MISSING]);
        let f = &out.findings[0];
        assert_eq!(f.location, d.blocks[0].location, "at the h1");
        assert_eq!(arg(f, "h1"), "✗");
        assert_eq!(arg(f, "intro"), "✓");
        assert_eq!(arg(f, "h2"), "✓");
        assert_eq!(arg(f, "title"), "—");
        assert_eq!(arg(f, "missing"), "1");
        assert_eq!(arg(f, "keyword"), "salon habitat durable");
    }

    #[test]
    fn keyword_only_late_in_the_text_is_missing_from_the_intro() {
        let mut d = article(3, 120);
        for i in [2, 4, 6] {
            d.blocks[i].text = format!("{} salon habitat durable", words(110));
        }
        let out = run(&d);
        assert_eq!(codes_of(&out), vec![codes::KEYWORD_MISSING]);
        assert_eq!(arg(&out.findings[0], "intro"), "✗");
        assert_eq!(out.findings[0].location, d.blocks[2].location);
    }

    #[test]
    fn keyword_matching_folds_accents_case_and_hyphens() {
        let mut d = article(3, 120);
        let options = keyword_options("Rénovation énergétique");
        d.blocks[0].text = "La RENOVATION-ENERGETIQUE expliquée".into();
        d.blocks[1].text = "Aides à la rénovation énergétique".into();
        d.blocks[2].text = format!("Pourquoi la rénovation énergétique ? {}", words(120));
        let out = run_with(&d, &params(), &options);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        // Whole words only: `renovations` is another word.
        d.blocks[0].text = "Les rénovations énergétiques".into();
        let out = run_with(&d, &params(), &options);
        assert_eq!(arg(&out.findings[0], "h1"), "✗");
    }

    #[test]
    fn keyword_from_front_matter_and_title_place() {
        let mut d = article(3, 120);
        d.meta
            .front_matter
            .insert("keyword".into(), "salon habitat durable".into());
        d.meta
            .front_matter
            .insert("title".into(), "Cinq conseils de visite".into());
        d.text = "---\ntitle: Cinq conseils de visite\n---\n".into();
        let out = run_with(&d, &params(), &toml::Table::new());
        assert_eq!(codes_of(&out), vec![codes::KEYWORD_MISSING]);
        let f = &out.findings[0];
        assert_eq!(arg(f, "title"), "✗");
        assert_eq!(
            f.location,
            Location::span(4, 34),
            "at the front matter line"
        );
        // The manifest wins over the front matter.
        let out = run_with(&d, &params(), &keyword_options("conseils"));
        assert_eq!(arg(&out.findings[0], "title"), "✓");
    }

    #[test]
    fn front_matter_title_stands_in_for_a_missing_h1() {
        let mut d = article(3, 120);
        d.blocks.remove(0);
        d.meta
            .front_matter
            .insert("title".into(), "Le salon habitat durable".into());
        let out = run(&d);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let kw = evidence(&out, codes::KEYWORD).unwrap();
        assert_eq!((arg(kw, "title"), arg(kw, "h1")), ("✓", "✓"));
    }

    #[test]
    fn no_h2_is_not_a_missing_keyword_place() {
        let mut d = article(0, 0);
        d.blocks.push(Block {
            kind: BlockKind::Paragraph,
            text: "Le salon habitat durable".into(),
            location: Location::span(300, 310),
        });
        let out = run(&d);
        assert!(!codes_of(&out).contains(&codes::KEYWORD_MISSING));
        assert_eq!(arg(evidence(&out, codes::KEYWORD).unwrap(), "h2"), "—");
    }

    #[test]
    fn no_declared_keyword_is_said_not_guessed() {
        let d = article(3, 120);
        let out = run_with(&d, &params(), &toml::Table::new());
        assert_eq!(codes_of(&out), vec![codes::NO_KEYWORD]);
        assert!(evidence(&out, codes::KEYWORD).is_none());
        let out = run_with(&d, &params(), &keyword_options(" ?! "));
        assert_eq!(codes_of(&out), vec![codes::NO_KEYWORD]);
    }

    #[test]
    fn html_title_is_checked_for_the_keyword() {
        let mut d = article(3, 120);
        d.format = Format::Html;
        d.meta.title = Some("Conseils | Verdure".into());
        d.elements.push(Element {
            tag: "title".into(),
            attrs: vec![],
            location: Location::span(20, 30),
        });
        let out = run(&d);
        assert_eq!(codes_of(&out), vec![codes::KEYWORD_MISSING]);
        assert_eq!(out.findings[0].location, Location::span(20, 30));
        assert_eq!(arg(&out.findings[0], "title"), "✗");
    }

    #[test]
    fn an_empty_document_does_not_panic() {
        let d = Document::new("x.md", Format::Markdown);
        let out = run(&d);
        assert!(codes_of(&out).contains(&codes::TOO_SHORT));
        assert!(!codes_of(&out).contains(&codes::KEYWORD_MISSING));
    }

    #[test]
    fn params_validate_through_the_registry() {
        let ok: crate::Params = toml::from_str(
            "min_words = 300\nmax_paragraph_words = 150\nmin_h2 = 2\nsubheadings_from_words = 300\nkeyword_intro_words = 100\nstated_top_blocks = 6\nkeyword_labels = []\nsite_labels = []\nmetadata_labels = []\nsite_from_links_min = 2",
        )
        .unwrap();
        assert!(crate::validate(KIND, &ok).is_ok());
        let mut typo = ok.clone();
        typo.insert("min_word".into(), toml::Value::Integer(3));
        assert!(crate::validate(KIND, &typo).is_err());
    }
}
