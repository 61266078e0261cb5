//! The content checks (`blog`, `seo`, `press-release`, `social-post`, `links`) on the
//! fixture submissions of `fixtures/content`, read by the real readers and run with the
//! rule pack's own instances (`rules/ccm-n6/checks/content.toml`).
//!
//! - `clean/`: professional examples; no content finding may fire on them, and each part
//!   they were written to show gives its evidence.
//! - `fires/`: each file fires exactly the codes listed here.
//!
//! It also checks that the pack's words for these codes use only placeholders that the
//! checks fill, on every observation the fixtures produce.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use livrable_checks::{run, Input, Output};
use livrable_ingest::{read, Limits};
use livrable_model::{Document, Observation, SubmittedFile};

const PREFIXES: [&str; 5] = ["blog/", "seo/", "press-release/", "social-post/", "links/"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn toml_file(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One check instance of content.toml.
struct Instance {
    kind: String,
    applies_to: Vec<String>,
    params: toml::Table,
}

fn instances() -> Vec<Instance> {
    let pack = toml_file(&root().join("rules/ccm-n6/checks/content.toml"));
    let checks = pack
        .get("check")
        .and_then(|c| c.as_array())
        .expect("content.toml has [[check]]");
    checks
        .iter()
        .map(|c| {
            let t = c.as_table().expect("a check is a table");
            Instance {
                kind: t["kind"].as_str().expect("kind").to_string(),
                applies_to: t["applies_to"]
                    .as_array()
                    .expect("applies_to")
                    .iter()
                    .map(|k| k.as_str().expect("kind id").to_string())
                    .collect(),
                params: t
                    .get("params")
                    .and_then(|p| p.as_table())
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// Every placeholder of every message, help and evidence text of the content codes.
fn placeholders() -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let pattern = regex::Regex::new(r"\{([A-Za-z0-9_]+)\}").expect("placeholder pattern");
    for file in ["blog", "seo", "press-release", "social-post", "links"] {
        let codes = toml_file(&root().join(format!("rules/ccm-n6/codes/{file}.toml")));
        for section in ["code", "evidence"] {
            for entry in codes
                .get(section)
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
            {
                let entry = entry.as_table().expect("entry");
                let code = entry["code"].as_str().expect("code").to_string();
                let mut names = BTreeSet::new();
                for field in ["message", "help", "text"] {
                    if let Some(t) = entry.get(field).and_then(|t| t.as_table()) {
                        for lang in t.values() {
                            for c in pattern.captures_iter(lang.as_str().unwrap_or("")) {
                                names.insert(c[1].to_string());
                            }
                        }
                    }
                }
                out.insert(code, names);
            }
        }
    }
    out
}

/// What the content checks made of one file.
struct Checked {
    doc: Document,
    findings: Vec<Observation>,
    evidence: Vec<Observation>,
}

impl Checked {
    fn codes(&self) -> BTreeSet<&str> {
        self.findings.iter().map(|o| o.code.as_str()).collect()
    }

    fn evidence(&self, code: &str) -> &Observation {
        self.evidence
            .iter()
            .find(|o| o.code == code)
            .unwrap_or_else(|| panic!("{}: no evidence {code}", self.doc.path))
    }

    fn finding(&self, code: &str) -> &Observation {
        self.findings
            .iter()
            .find(|o| o.code == code)
            .unwrap_or_else(|| panic!("{}: no finding {code}", self.doc.path))
    }
}

fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
    o.args
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no arg {name} in {o:?}"))
}

/// Reads and checks every file of a fixture folder's manifest.
fn check_dir(dir: &str) -> BTreeMap<String, Checked> {
    let folder = root().join("fixtures/content").join(dir);
    let manifest = toml_file(&folder.join("livrables.toml"));
    let files = manifest["files"].as_table().expect("[files]");
    let instances = instances();
    let words = placeholders();
    let mut out = BTreeMap::new();
    for (name, entry) in files {
        let (kind, options) = match entry {
            toml::Value::String(k) => (k.clone(), toml::Table::new()),
            toml::Value::Table(t) => {
                let mut options = t.clone();
                let kind = options
                    .remove("kind")
                    .and_then(|k| k.as_str().map(str::to_string))
                    .expect("kind");
                (kind, options)
            }
            other => panic!("{name}: unexpected manifest entry {other:?}"),
        };
        let bytes = std::fs::read(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = read(
            &SubmittedFile {
                path: name.clone(),
                bytes,
            },
            &Limits::default(),
        );
        assert!(got.problems.is_empty(), "{name}: {:?}", got.problems);
        let doc = got.doc.unwrap_or_else(|| panic!("{name}: not read"));
        let mut findings = Vec::new();
        let mut evidence = Vec::new();
        for i in instances.iter().filter(|i| i.applies_to.contains(&kind)) {
            let output: Output = run(
                &i.kind,
                &Input {
                    doc: &doc,
                    kind: &kind,
                    submission: &[],
                    options: &options,
                },
                &i.params,
            )
            .unwrap_or_else(|e| panic!("{name}: {}: {e}", i.kind));
            findings.extend(output.findings);
            evidence.extend(output.evidence);
        }
        for o in findings.iter().chain(&evidence) {
            assert!(
                PREFIXES.iter().any(|p| o.code.starts_with(p)),
                "{name}: unexpected code {}",
                o.code
            );
            let used = words
                .get(&o.code)
                .unwrap_or_else(|| panic!("{name}: the pack has no words for {}", o.code));
            for p in used {
                assert!(
                    o.args.iter().any(|(n, _)| n == p),
                    "{name}: {} uses {{{p}}}, which the check does not give ({:?})",
                    o.code,
                    o.args
                );
            }
            if let Some(range) = o.location.range() {
                assert!(
                    range.end <= doc.text.len(),
                    "{name}: {} located past the end",
                    o.code
                );
            }
        }
        out.insert(
            name.clone(),
            Checked {
                doc,
                findings,
                evidence,
            },
        );
    }
    out
}

#[test]
fn professional_examples_are_clean() {
    let checked = check_dir("clean");
    for (name, c) in &checked {
        assert!(
            c.findings.is_empty(),
            "{name} must pass clean: {:?}",
            c.findings
        );
    }

    let blog = &checked["article-blog.md"];
    let kw = blog.evidence("blog/keyword");
    for place in ["title", "h1", "intro", "h2"] {
        assert_eq!(arg(kw, place), "✓", "keyword in {place}");
    }
    assert!(
        arg(blog.evidence("blog/length"), "words")
            .parse::<usize>()
            .unwrap()
            >= 300
    );
    let links = blog.evidence("blog/links");
    assert_eq!((arg(links, "internal"), arg(links, "external")), ("2", "2"));
    blog.evidence("seo/title");
    blog.evidence("seo/description");
    blog.evidence("links/named");

    // The HTML article's absolute link to its own site counts as internal, from its
    // canonical URL.
    let html = &checked["article-blog.html"];
    let links = html.evidence("blog/links");
    assert_eq!((arg(links, "internal"), arg(links, "external")), ("2", "1"));
    assert_eq!(arg(html.evidence("blog/keyword"), "title"), "✓");

    let release = &checked["communique.md"];
    for part in [
        "label", "dateline", "title", "chapo", "quote", "about", "contact", "length",
    ] {
        release.evidence(&format!("press-release/{part}"));
    }
    assert_eq!(
        arg(release.evidence("press-release/dateline"), "dateline"),
        "Lyon, le 1er mars 2027"
    );
    assert_eq!(
        arg(release.evidence("press-release/contact"), "name"),
        "Claire Martin"
    );

    // Without heading markup, the title is the short line after the label.
    let typed = &checked["communique-texte.txt"];
    assert_eq!(
        arg(typed.evidence("press-release/title"), "title"),
        "Les Jardins de Brocéliande ouvrent un potager pédagogique à Rennes"
    );
    assert_eq!(
        arg(typed.evidence("press-release/contact"), "name"),
        "Anne Le Goff"
    );

    // More bytes than X's limit, fewer characters as X counts them.
    let tweet = &checked["tweet-accents.md"];
    let fits = tweet.evidence("social-post/fits");
    assert_eq!(arg(fits, "platform"), "X");
    let count: usize = arg(fits, "count").parse().unwrap();
    let bytes: usize = tweet.doc.blocks.iter().map(|b| b.text.len()).sum();
    assert!(count <= 280 && bytes > 280, "count {count}, bytes {bytes}");

    assert_eq!(
        arg(
            checked["post_instagram.md"].evidence("social-post/fits"),
            "hashtags"
        ),
        "5"
    );
    assert_eq!(
        arg(
            checked["post_linkedin.md"].evidence("social-post/fits"),
            "platform"
        ),
        "LinkedIn"
    );
}

#[test]
fn flawed_examples_fire_exactly_their_codes() {
    let checked = check_dir("fires");
    let expected: &[(&str, &[&str])] = &[
        (
            "article-court.md",
            &[
                "blog/too-short",
                "blog/no-external-link",
                "blog/keyword-missing",
                "seo/title-length",
                "seo/meta-description",
                "links/generic-text",
            ],
        ),
        (
            "article-pave.md",
            &[
                "blog/long-paragraph",
                "blog/few-subheadings",
                "blog/no-internal-link",
                "blog/no-keyword",
                "links/bare-url",
            ],
        ),
        (
            "article-sans-titre.html",
            &[
                "blog/too-short",
                "blog/no-keyword",
                "seo/no-title",
                "seo/meta-description-length",
                "links/empty",
            ],
        ),
        (
            "communique-incomplet.md",
            &[
                "press-release/no-label",
                "press-release/no-dateline",
                "press-release/long-chapo",
                "press-release/no-quote",
                "press-release/no-about",
                "press-release/no-press-contact",
                "press-release/embargo-without-time",
            ],
        ),
        ("communique-long.md", &["press-release/too-long"]),
        ("post-x-emoji.md", &["social-post/too-long"]),
        ("post_instagram.md", &["social-post/too-many-hashtags"]),
        ("publication.md", &["social-post/no-platform"]),
        ("post_bluesky.md", &["social-post/too-long"]),
        ("post-mastodon.md", &["social-post/unknown-platform"]),
        ("video_youtube.md", &["social-post/title-too-long"]),
    ];
    assert_eq!(
        checked.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        expected.iter().map(|(f, _)| *f).collect::<BTreeSet<_>>(),
        "every fixture is listed"
    );
    for (file, codes) in expected {
        let got = checked[*file].codes();
        let want: BTreeSet<&str> = codes.iter().copied().collect();
        assert_eq!(got, want, "{file}");
    }

    // Findings point at the element at fault.
    let court = &checked["article-court.md"];
    let generic = court.finding("links/generic-text");
    let at = generic.location.range().expect("a span");
    assert_eq!(&court.doc.text[at], "[cliquez ici](/tarifs)");
    let kw = court.finding("blog/keyword-missing");
    assert_eq!(
        (
            arg(kw, "title"),
            arg(kw, "h1"),
            arg(kw, "intro"),
            arg(kw, "h2")
        ),
        ("✗", "✗", "✓", "✗")
    );
    let at = kw.location.range().expect("a span");
    assert!(court.doc.text[at].starts_with("title: Isolation"));

    let pave = &checked["article-pave.md"];
    let long = pave
        .finding("blog/long-paragraph")
        .location
        .range()
        .expect("a span");
    assert!(pave.doc.text[long].starts_with("Le chauffage au bois séduit"));

    let incomplete = &checked["communique-incomplet.md"];
    let contact = incomplete.finding("press-release/no-press-contact");
    assert_eq!(
        (
            arg(contact, "name"),
            arg(contact, "email"),
            arg(contact, "phone")
        ),
        ("✗", "✓", "✗")
    );
    let embargo = incomplete.finding("press-release/embargo-without-time");
    assert_eq!((arg(embargo, "date"), arg(embargo, "time")), ("✓", "✗"));

    let long = checked["communique-long.md"].finding("press-release/too-long");
    assert_eq!(long.severity, None, "one to two pages: the pack's warning");

    // Under X's limit in characters a reader sees, over it as X counts (emoji weigh 2).
    let x = &checked["post-x-emoji.md"];
    let too_long = x.finding("social-post/too-long");
    assert_eq!(arg(too_long, "platform"), "X");
    let weighted: usize = arg(too_long, "count").parse().unwrap();
    let graphemes: usize = {
        use unicode_segmentation::UnicodeSegmentation;
        x.doc
            .blocks
            .iter()
            .map(|b| b.text.graphemes(true).count())
            .sum::<usize>()
            + 2 * x.doc.blocks.len().saturating_sub(1)
    };
    assert!(
        graphemes < 280 && weighted > 280,
        "graphemes {graphemes}, X {weighted}"
    );
    let at = too_long.location.range().expect("a span");
    assert!(
        x.doc.text[at].starts_with("On vous y attend"),
        "where the limit is crossed"
    );
}
