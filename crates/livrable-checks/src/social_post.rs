//! `social-post/…`: does a social media post fit the platform it is written for?
//!
//! # What it checks
//!
//! **Which platform.** In order, the first that says something:
//! 1. the candidate's `platform = "linkedin"` in `livrables.toml` (a string or a list);
//! 2. the Markdown front matter `platform:` (several may be separated by `,`, `;` or `/`);
//! 3. the file's path: a word of it equal to a platform's alias
//!    (`Dupont_Marie_post_linkedin.md`).
//!
//! A post named for several platforms must fit each. Platforms and their limits are data
//! of the instance (`platforms`), dated (`as_of`) because platforms change them often.
//!
//! - `social-post/no-platform` (a warning): no platform could be found, so no limit could
//!   be checked; the finding gives the post's length in characters so the candidate can
//!   still compare.
//! - `social-post/unknown-platform`: a declared platform that the pack does not know.
//! - `social-post/too-long`: more characters than the platform's `max_chars`. Located at
//!   the block in which the limit is crossed.
//! - `social-post/too-many-hashtags`: more hashtags (`hashtag_pattern`, URLs left out)
//!   than the platform's `max_hashtags`. Located at the block holding the first one too
//!   many.
//! - `social-post/title-too-long`: for platforms with a `max_title_chars` (YouTube), a
//!   front matter `title` longer than that.
//!
//! Evidence `social-post/fits` per platform: characters counted, limit, hashtags.
//!
//! # Counting
//!
//! The post is its blocks' text (front matter and code left out), paragraphs separated by
//! a blank line (two characters) and list items by a line break (one), as it would be
//! pasted.
//!
//! - Platforms with `weighted = true` (X) count as twitter-text (config v3) does: the text
//!   is normalised to NFC; each URL (`url_pattern`) counts `url_weight` (23) whatever its
//!   length; each emoji, however many code points it is made of (skin tones, families,
//!   flags), counts `default_weight` (2); any other code point counts `light_weight` (1)
//!   when it falls in `light_ranges` (Latin, accented letters, most punctuation) and
//!   `default_weight` otherwise (CJK, symbols).
//! - Other platforms count graphemes: what a reader sees as one character (`é` however
//!   encoded, a flag, a family emoji) is one. Bytes are never counted: an accented letter
//!   is two bytes in UTF-8, an emoji four or more, and none of that matters to the limits.
//!
//! # Why
//!
//! "Le post sur les réseaux sociaux est adapté à la plateforme spécifique (format, ton,
//! durée, etc.)" (C2.1, CE2), and contents "respectent les codes / les formats des canaux
//! associés" (C2.1, CE1). A post cut off by the platform, or refused, fails both.
//!
//! # Limits
//!
//! - Tone, and the fit between text and audience, are for a person to judge.
//! - A Markdown link `[texte](url)` is counted as its text: the URL is not in the post.
//! - URLs are found by pattern, not with twitter-text's list of domain endings: a bare
//!   domain whose ending the pattern does not list counts by its characters.
//! - Image, video sizes and durations are not checked here (they are not in the text).

use std::collections::BTreeMap;

use livrable_model::french::fold;
use livrable_model::{Block, BlockKind, Location, Observation};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::text::{front_matter, front_matter_location, grapheme_count, quote, Pattern};
use crate::{Input, Output};

pub const KIND: &str = "social-post";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_PLATFORM: &str = "social-post/no-platform";
    pub const UNKNOWN_PLATFORM: &str = "social-post/unknown-platform";
    pub const TOO_LONG: &str = "social-post/too-long";
    pub const TOO_MANY_HASHTAGS: &str = "social-post/too-many-hashtags";
    pub const TITLE_TOO_LONG: &str = "social-post/title-too-long";
    pub const FITS: &str = "social-post/fits";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_PLATFORM, &["count", "known"]),
        CodeDecl::new(UNKNOWN_PLATFORM, &["known", "platform"]),
        CodeDecl::new(
            TOO_LONG,
            &[
                "as_of",
                "bytes",
                "count",
                "excess",
                "file",
                "max",
                "platform",
                "platform_id",
            ],
        ),
        CodeDecl::new(
            TOO_MANY_HASHTAGS,
            &["as_of", "count", "hashtags", "max", "platform"],
        ),
        CodeDecl::new(
            TITLE_TOO_LONG,
            &["as_of", "count", "max", "platform", "title"],
        ),
        CodeDecl::new(FITS, &["as_of", "count", "hashtags", "max", "platform"]),
    ];
}

/// Texts quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 80;

/// Parameters of a `social-post` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// A hashtag, on the text as written (URLs removed first).
    pub hashtag_pattern: Pattern,
    /// A URL in the text, for weighted counting and to keep `#anchors` out of hashtags.
    pub url_pattern: Pattern,
    /// How weighted platforms (X) count.
    pub weighted: Weighted,
    /// Platforms by id (`x`, `linkedin`…).
    pub platforms: BTreeMap<String, Platform>,
}

/// twitter-text's weighting (config v3).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weighted {
    pub url_weight: usize,
    /// Inclusive code point ranges that count `light_weight`.
    pub light_ranges: Vec<[u32; 2]>,
    pub light_weight: usize,
    /// Every other code point, and each emoji as a whole.
    pub default_weight: usize,
}

/// One platform's limits.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Its name as shown to users (`LinkedIn`).
    pub name: String,
    /// Words that name it in a manifest, front matter or file name (`twitter`, `x`).
    pub aliases: Vec<String>,
    pub max_chars: usize,
    /// Count as twitter-text does rather than in graphemes.
    #[serde(default)]
    pub weighted: bool,
    #[serde(default)]
    pub max_hashtags: Option<usize>,
    #[serde(default)]
    pub max_title_chars: Option<usize>,
    /// When these limits were last checked against the platform (`2025-12`).
    pub as_of: String,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let mut out = Output::default();
    let (platforms, unknown) = platforms(input, params);
    for value in &unknown {
        out.findings.push(
            Observation::new(codes::UNKNOWN_PLATFORM, Location::whole())
                .arg("platform", quote(value, QUOTE_MAX))
                .arg("known", known(params)),
        );
    }
    let pieces = pieces(&input.doc.blocks);
    if platforms.is_empty() {
        if unknown.is_empty() {
            let count: usize = pieces
                .iter()
                .map(|(sep, b)| grapheme_count(sep) + grapheme_count(&b.text))
                .sum();
            out.findings.push(
                Observation::new(codes::NO_PLATFORM, Location::whole())
                    .arg("count", count)
                    .arg("known", known(params)),
            );
        }
        return out;
    }
    let hashtags = hashtags(&pieces, params);
    for (id, p) in platforms {
        let ok_length = length(input, &pieces, id, p, params, &mut out);
        let ok_tags = match p.max_hashtags {
            Some(max) if hashtags.len() > max => {
                let at = hashtags
                    .get(max)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default();
                let list: Vec<&str> = hashtags.iter().map(|(t, _)| t.as_str()).collect();
                out.findings.push(
                    Observation::new(codes::TOO_MANY_HASHTAGS, at)
                        .arg("platform", &p.name)
                        .arg("count", hashtags.len())
                        .arg("max", max)
                        .arg("as_of", &p.as_of)
                        .arg("hashtags", quote(&list.join(" "), 200)),
                );
                false
            }
            _ => true,
        };
        let ok_title = title(input, p, &mut out);
        if let (true, true, Some(count)) = (ok_tags, ok_title, ok_length) {
            out.evidence.push(
                Observation::new(codes::FITS, Location::whole())
                    .arg("platform", &p.name)
                    .arg("count", count)
                    .arg("max", p.max_chars)
                    .arg("hashtags", hashtags.len())
                    .arg("as_of", &p.as_of),
            );
        }
    }
    out
}

/// The names of the known platforms, for messages.
fn known(params: &Params) -> String {
    params
        .platforms
        .values()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The platform a declared value names (by id or alias, folded).
fn lookup<'a>(params: &'a Params, value: &str) -> Option<(&'a String, &'a Platform)> {
    let v = fold(value.trim());
    params
        .platforms
        .iter()
        .find(|(id, p)| fold(id) == v || p.aliases.iter().any(|a| fold(a) == v))
}

/// The platforms the post is for, and declared values that name none.
fn platforms<'a>(
    input: &Input,
    params: &'a Params,
) -> (Vec<(&'a String, &'a Platform)>, Vec<String>) {
    let mut declared: Vec<String> = match input.options.get("platform") {
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    if declared.is_empty() {
        if let Some(fm) = front_matter(input.doc, "platform") {
            declared = fm.split([',', ';', '/']).map(str::to_string).collect();
        }
    }
    declared.retain(|v| !v.trim().is_empty());
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    if declared.is_empty() {
        // The file's path, word by word.
        let path = fold(&input.doc.path);
        for word in path.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            if let Some(p) = lookup(params, word) {
                found.push(p);
            }
        }
    } else {
        for v in declared {
            match lookup(params, &v) {
                Some(p) => found.push(p),
                None => unknown.push(v.trim().to_string()),
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(b.0));
    found.dedup_by(|a, b| a.0 == b.0);
    (found, unknown)
}

/// The post as pasted: each text block with the separator that precedes it.
fn pieces(blocks: &[Block]) -> Vec<(&'static str, &Block)> {
    let mut out: Vec<(&'static str, &Block)> = Vec::new();
    let mut previous: Option<BlockKind> = None;
    for b in blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Code && !b.text.trim().is_empty())
    {
        let sep = match previous {
            None => "",
            Some(BlockKind::ListItem) if b.kind == BlockKind::ListItem => "\n",
            Some(_) => "\n\n",
        };
        out.push((sep, b));
        previous = Some(b.kind);
    }
    out
}

/// Hashtags in order, with the location of their block; URLs are left out first so that
/// `https://site.fr/page#partie` has none.
fn hashtags(pieces: &[(&str, &Block)], params: &Params) -> Vec<(String, Location)> {
    let mut out = Vec::new();
    for (_, b) in pieces {
        let text = params.url_pattern.0.replace_all(&b.text, " ");
        for m in params.hashtag_pattern.0.find_iter(&text) {
            let tag = m.as_str();
            // Patterns may match a character before the `#` (a boundary): keep the tag.
            let tag = tag.find('#').map_or(tag, |i| &tag[i..]);
            out.push((tag.to_string(), b.location.clone()));
        }
    }
    out
}

/// True for a grapheme that twitter-text counts as one emoji: several code points joined
/// by emoji machinery (zero-width joiner, variation selector 16, skin tone, keycap, tag
/// characters), a flag, or a pictograph from the supplementary planes.
fn is_emoji(grapheme: &str) -> bool {
    grapheme.chars().any(|c| {
        matches!(u32::from(c),
            0x1F000..=0x1FAFF // pictographs, emoticons, flags' regional indicators, skin tones
            | 0x200D          // zero-width joiner
            | 0xFE0F          // emoji presentation selector
            | 0x20E3          // combining keycap
            | 0xE0020..=0xE007F) // tag characters (subdivision flags)
    })
}

/// A text's length as twitter-text weighs it.
pub fn weighted_count(text: &str, w: &Weighted, url: &Pattern) -> usize {
    let nfc: String = text.nfc().collect();
    let mut total = 0;
    let mut last = 0;
    for m in url.0.find_iter(&nfc) {
        total += weigh(nfc.get(last..m.start()).unwrap_or(""), w) + w.url_weight;
        last = m.end();
    }
    total + weigh(nfc.get(last..).unwrap_or(""), w)
}

fn weigh(text: &str, w: &Weighted) -> usize {
    text.graphemes(true)
        .map(|g| {
            if is_emoji(g) {
                w.default_weight
            } else {
                g.chars()
                    .map(|c| {
                        let cp = u32::from(c);
                        if w.light_ranges
                            .iter()
                            .any(|[lo, hi]| (*lo..=*hi).contains(&cp))
                        {
                            w.light_weight
                        } else {
                            w.default_weight
                        }
                    })
                    .sum()
            }
        })
        .sum()
}

fn measure(text: &str, p: &Platform, params: &Params) -> usize {
    if p.weighted {
        weighted_count(text, &params.weighted, &params.url_pattern)
    } else {
        grapheme_count(text)
    }
}

/// Checks the length for one platform; the count when within the limit.
fn length(
    input: &Input,
    pieces: &[(&str, &Block)],
    id: &str,
    p: &Platform,
    params: &Params,
    out: &mut Output,
) -> Option<usize> {
    let mut total = 0;
    let mut crossed: Option<Location> = None;
    for (sep, b) in pieces {
        total += measure(sep, p, params) + measure(&b.text, p, params);
        if total > p.max_chars && crossed.is_none() {
            crossed = Some(b.location.clone());
        }
    }
    match crossed {
        None => Some(total),
        Some(at) => {
            let bytes: usize = pieces.iter().map(|(s, b)| s.len() + b.text.len()).sum();
            out.findings.push(
                Observation::new(codes::TOO_LONG, at)
                    .arg("platform", &p.name)
                    .arg("platform_id", id)
                    .arg("count", total)
                    .arg("max", p.max_chars)
                    .arg("excess", total - p.max_chars)
                    .arg("as_of", &p.as_of)
                    .arg("bytes", bytes)
                    .arg("file", input.doc.file_name()),
            );
            None
        }
    }
}

/// Checks a platform's title limit (YouTube) on the front matter title; true when fine.
fn title(input: &Input, p: &Platform, out: &mut Output) -> bool {
    let (Some(max), Some(title)) = (p.max_title_chars, front_matter(input.doc, "title")) else {
        return true;
    };
    let chars = grapheme_count(title);
    if chars <= max {
        return true;
    }
    out.findings.push(
        Observation::new(
            codes::TITLE_TOO_LONG,
            front_matter_location(input.doc, "title"),
        )
        .arg("platform", &p.name)
        .arg("count", chars)
        .arg("max", max)
        .arg("as_of", &p.as_of)
        .arg("title", quote(title, QUOTE_MAX)),
    );
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{Document, Format};

    const PARAMS: &str = r#"
hashtag_pattern = '(?:^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*'
url_pattern = '(?i)\bhttps?://[^\s<>"]*[^\s<>".,;:!?)\]»]|\bwww\.[^\s<>"]*[^\s<>".,;:!?)\]»]'
[weighted]
url_weight = 23
light_ranges = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]]
light_weight = 1
default_weight = 2
[platforms.x]
name = "X"
aliases = ["x", "twitter", "tweet"]
max_chars = 280
weighted = true
as_of = "2025-12"
[platforms.linkedin]
name = "LinkedIn"
aliases = ["linkedin"]
max_chars = 3000
as_of = "2025-12"
[platforms.instagram]
name = "Instagram"
aliases = ["instagram", "insta"]
max_chars = 2200
max_hashtags = 5
as_of = "2025-12"
[platforms.bluesky]
name = "Bluesky"
aliases = ["bluesky", "bsky"]
max_chars = 300
as_of = "2025-12"
[platforms.youtube]
name = "YouTube"
aliases = ["youtube"]
max_chars = 5000
max_title_chars = 100
as_of = "2025-12"
"#;

    fn params() -> Params {
        toml::from_str(PARAMS).unwrap_or_else(|e| panic!("{e}"))
    }

    fn post(path: &str, paragraphs: &[&str]) -> Document {
        let mut d = Document::new(path, Format::Markdown);
        for (i, t) in paragraphs.iter().enumerate() {
            d.blocks.push(Block {
                kind: BlockKind::Paragraph,
                text: t.to_string(),
                location: Location::span(i * 1000, i * 1000 + 10),
            });
        }
        d
    }

    fn run_with(d: &Document, options: &toml::Table) -> Output {
        check(
            &Input {
                doc: d,
                kind: "social-post",
                submission: &[],
                options,
            },
            &params(),
        )
    }

    fn run(d: &Document) -> Output {
        run_with(d, &toml::Table::new())
    }

    fn platform(v: &str) -> toml::Table {
        let mut t = toml::Table::new();
        t.insert("platform".into(), toml::Value::String(v.into()));
        t
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

    fn x_count(text: &str) -> usize {
        let p = params();
        weighted_count(text, &p.weighted, &p.url_pattern)
    }

    #[test]
    fn x_weighting_follows_twitter_text() {
        assert_eq!(x_count("Bonjour"), 7);
        assert_eq!(x_count("Été à Noël"), 10, "accented Latin counts 1");
        assert_eq!(
            x_count("E\u{301}te\u{301}"),
            3,
            "NFC first: decomposed accents count 1"
        );
        assert_eq!(x_count("🎉"), 2);
        assert_eq!(x_count("👍🏽"), 2, "skin tone sequence is one emoji");
        assert_eq!(x_count("👨‍👩‍👧"), 2, "ZWJ family is one emoji");
        assert_eq!(x_count("🇫🇷"), 2, "a flag is one emoji");
        assert_eq!(x_count("❤️"), 2);
        assert_eq!(x_count("1️⃣"), 2, "keycap");
        assert_eq!(x_count("日本"), 4, "CJK counts 2");
        assert_eq!(
            x_count("“ok” — …"),
            9,
            "quotes and dash are in the light ranges, the ellipsis (U+2026) is not"
        );
        assert_eq!(
            x_count("Voir https://www.verdure-renovation.fr/salon-habitat-durable-2027."),
            5 + 23 + 1,
            "a URL counts 23, the final full stop is not part of it"
        );
        assert_eq!(x_count("www.a.fr"), 23);
    }

    #[test]
    fn a_post_under_280_graphemes_can_be_over_on_x() {
        // 150 emoji and 100 letters: 250 graphemes, but 150 × 2 + 100 = 400 on X.
        let text = format!("{}{}", "🎉".repeat(150), "a".repeat(100));
        assert_eq!(grapheme_count(&text), 250);
        let out = run(&post("post-x.md", &[&text]));
        assert_eq!(codes_of(&out), vec![codes::TOO_LONG]);
        assert_eq!(arg(&out.findings[0], "count"), "400");
        assert_eq!(arg(&out.findings[0], "platform"), "X");
        assert_eq!(arg(&out.findings[0], "excess"), "120");
        // The same post fits Bluesky's 300 graphemes.
        let out = run(&post("post-bluesky.md", &[&text]));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "count"), "250");
    }

    #[test]
    fn a_post_over_280_bytes_can_fit_x() {
        // 270 accented letters: 540 bytes, 270 on X.
        let text = "é".repeat(270);
        assert_eq!(text.len(), 540);
        let out = run(&post("tweet.md", &[&text]));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "count"), "270");
        assert_eq!(arg(&out.evidence[0], "max"), "280");
    }

    #[test]
    fn too_long_is_located_where_the_limit_is_crossed() {
        let a = "a".repeat(200);
        let b = "b".repeat(100);
        let c = "c".repeat(10);
        let out = run(&post("post_x.md", &[&a, &b, &c]));
        assert_eq!(codes_of(&out), vec![codes::TOO_LONG]);
        let f = &out.findings[0];
        assert_eq!(
            f.location,
            Location::span(1000, 1010),
            "the second paragraph"
        );
        // 200 + 2 (blank line) + 100 + 2 + 10.
        assert_eq!(arg(f, "count"), "314");
        // Exactly at the limit is fine.
        let out = run(&post("post_x.md", &[&"a".repeat(280)]));
        assert!(out.findings.is_empty());
    }

    #[test]
    fn list_items_are_one_line_break_apart() {
        let mut d = post("post_bluesky.md", &[]);
        for i in 0..3 {
            d.blocks.push(Block {
                kind: BlockKind::ListItem,
                text: "x".into(),
                location: Location::span(i, i + 1),
            });
        }
        let out = run(&d);
        assert_eq!(arg(&out.evidence[0], "count"), "5");
    }

    #[test]
    fn platform_from_manifest_front_matter_or_name() {
        let long = "a".repeat(2500);
        // File name says LinkedIn (fits), manifest says Instagram (too long): manifest wins.
        let d = post("Dupont_Marie_post_linkedin.md", &[&long]);
        assert!(run(&d).findings.is_empty());
        let out = run_with(&d, &platform("Instagram"));
        assert_eq!(codes_of(&out), vec![codes::TOO_LONG]);
        assert_eq!(arg(&out.findings[0], "platform"), "Instagram");
        // Front matter, several platforms: each is checked.
        let mut d = post("publication.md", &[&long]);
        d.meta
            .front_matter
            .insert("platform".into(), "LinkedIn, insta".into());
        let out = run(&d);
        assert_eq!(codes_of(&out), vec![codes::TOO_LONG]);
        assert_eq!(out.evidence.len(), 1, "LinkedIn fits");
        // A list in the manifest.
        let mut options = toml::Table::new();
        options.insert(
            "platform".into(),
            toml::Value::Array(vec!["twitter".into(), "linkedin".into()]),
        );
        let out = run_with(&post("p.md", &["Court."]), &options);
        assert!(out.findings.is_empty());
        assert_eq!(out.evidence.len(), 2);
    }

    #[test]
    fn no_platform_and_unknown_platform() {
        let out = run(&post("Dupont_Marie_publication.md", &["Bonjour 🎉"]));
        assert_eq!(codes_of(&out), vec![codes::NO_PLATFORM]);
        assert_eq!(arg(&out.findings[0], "count"), "9");
        assert!(arg(&out.findings[0], "known").contains("LinkedIn"));
        // A word that merely contains an alias is not the alias.
        let out = run(&post("textes/box-office.md", &["Bonjour"]));
        assert_eq!(codes_of(&out), vec![codes::NO_PLATFORM]);

        let out = run_with(&post("p.md", &["Bonjour"]), &platform("Mastodon"));
        assert_eq!(codes_of(&out), vec![codes::UNKNOWN_PLATFORM]);
        assert_eq!(arg(&out.findings[0], "platform"), "Mastodon");
    }

    #[test]
    fn hashtags_over_the_platform_limit() {
        let tags = "#salon #habitat #renovation #lyon #eurexpo";
        let out = run(&post(
            "post_instagram.md",
            &["Rendez-vous au salon !", tags],
        ));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(arg(&out.evidence[0], "hashtags"), "5");

        let out = run(&post(
            "post_instagram.md",
            &["Rendez-vous au #salon !", tags],
        ));
        assert_eq!(codes_of(&out), vec![codes::TOO_MANY_HASHTAGS]);
        let f = &out.findings[0];
        assert_eq!(arg(f, "count"), "6");
        assert_eq!(f.location, Location::span(1000, 1010), "where the sixth is");
        assert!(arg(f, "hashtags").starts_with("#salon #salon"));
        // LinkedIn has no hashtag limit here.
        assert!(run(&post("post_linkedin.md", &["#a #b #c #d #e #f #g"]))
            .findings
            .is_empty());
    }

    #[test]
    fn what_is_not_a_hashtag() {
        let p = params();
        let pieces_doc = post(
            "p.md",
            &["Le #1 des salons, C# et https://site.fr/page#partie, mot#collé, &#233;"],
        );
        let found = hashtags(&pieces(&pieces_doc.blocks), &p);
        assert!(found.is_empty(), "{found:?}");
        let d = post("p.md", &["#Été2027 et (#RénovationÉnergétique)"]);
        let tags: Vec<String> = hashtags(&pieces(&d.blocks), &p)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(tags, vec!["#Été2027", "#RénovationÉnergétique"]);
    }

    #[test]
    fn youtube_title_limit() {
        let mut d = post("video_youtube.md", &["Description."]);
        d.meta.front_matter.insert("title".into(), "t".repeat(101));
        d.text = format!("---\ntitle: {}\n---\n", "t".repeat(101));
        let out = run(&d);
        assert_eq!(codes_of(&out), vec![codes::TITLE_TOO_LONG]);
        assert_eq!(out.findings[0].location, Location::span(4, 4 + 108));
        d.meta.front_matter.insert("title".into(), "t".repeat(100));
        assert!(run(&d).findings.is_empty());
    }

    #[test]
    fn empty_post_does_not_panic() {
        let out = run(&post("post_x.md", &[]));
        assert!(out.findings.is_empty());
        assert_eq!(arg(&out.evidence[0], "count"), "0");
    }

    #[test]
    fn params_validate_through_the_registry() {
        let ok: crate::Params = toml::from_str(PARAMS).unwrap();
        assert!(crate::validate(KIND, &ok).is_ok());
        let mut bad = ok.clone();
        if let Some(toml::Value::Table(x)) = bad
            .get_mut("platforms")
            .and_then(|p| p.as_table_mut())
            .and_then(|p| p.get_mut("x"))
        {
            x.insert("max_char".into(), toml::Value::Integer(1));
        }
        assert!(crate::validate(KIND, &bad).is_err());
    }
}
