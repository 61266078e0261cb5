//! The newsletter checks on the fixtures of `fixtures/newsletter`, read by the real readers
//! (HTML and `.eml`) and run with the rule pack's own instances and data files
//! (`rules/ccm-n6/checks/*.toml`, `rules/ccm-n6/data/`), prepared as the pack loader does.
//!
//! - `clean/`: a newsletter built with nested layout tables, as an `.html` file and as the
//!   `.eml` that was sent (with `List-Unsubscribe` headers): no `email-html`,
//!   `heading-structure` or `image-alt` finding, and the evidence the checklist shows.
//! - `fires/`: each file fires exactly one `email-html` code (listed here).
//! - A newsletter over 102 KB, and one between 90 and 102 KB, generated here.
//!
//! It also checks that the pack's words for these codes use only placeholders the check
//! fills, and that the vendored caniemail data is the one its README describes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use livrable_checks::{prepare, Data, Input, Prepared};
use livrable_ingest::{read, Limits};
use livrable_model::{Document, Format, Observation, Severity, SubmittedFile};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn toml_file(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The pack's data files, keyed as the pack loader keys them (`data/caniemail.json`).
fn data() -> Data {
    fn walk(base: &Path, dir: &Path, out: &mut Data) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
                out.insert(rel, bytes);
            }
        }
    }
    let pack = root().join("rules/ccm-n6");
    let mut out = Data::new();
    walk(&pack, &pack.join("data"), &mut out);
    out
}

/// A check instance of the pack that applies to newsletters, prepared.
struct Instance {
    id: String,
    kind: String,
    prepared: Prepared,
}

/// Every instance of every `checks/*.toml` that applies to newsletters, prepared with the
/// pack's data.
fn instances() -> Vec<Instance> {
    let data = data();
    let dir = root().join("rules/ccm-n6/checks");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let pack = toml_file(&file);
        for c in pack
            .get("check")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            let t = c.as_table().expect("a check is a table");
            let applies = t["applies_to"]
                .as_array()
                .expect("applies_to")
                .iter()
                .any(|k| k.as_str() == Some("newsletter"));
            if !applies {
                continue;
            }
            let kind = t["kind"].as_str().expect("kind").to_string();
            let id = t["id"].as_str().expect("id").to_string();
            let params = t
                .get("params")
                .and_then(|p| p.as_table())
                .cloned()
                .unwrap_or_default();
            let prepared = prepare(&kind, &params, &data)
                .unwrap_or_else(|e| panic!("{}: {id}: {e}", file.display()));
            out.push(Instance { id, kind, prepared });
        }
    }
    out
}

/// Every placeholder of every message, help and evidence text of the email-html codes.
fn placeholders() -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let pattern = regex::Regex::new(r"\{([A-Za-z0-9_]+)\}").expect("placeholder pattern");
    let codes = toml_file(&root().join("rules/ccm-n6/codes/email-html.toml"));
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
    out
}

/// What the newsletter instances made of one file.
struct Checked {
    doc: Document,
    /// Findings of every instance, with the instance id.
    findings: Vec<(String, Observation)>,
    evidence: Vec<Observation>,
}

impl Checked {
    fn email_codes(&self) -> BTreeSet<&str> {
        self.findings
            .iter()
            .map(|(_, o)| o.code.as_str())
            .filter(|c| c.starts_with("email-html/"))
            .collect()
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
            .map(|(_, o)| o)
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

/// Reads one file and runs every newsletter instance on it.
fn check_file(instances: &[Instance], name: &str, bytes: Vec<u8>) -> Checked {
    let got = read(
        &SubmittedFile {
            path: name.to_string(),
            bytes,
        },
        &Limits::default(),
    );
    assert!(got.problems.is_empty(), "{name}: {:?}", got.problems);
    let doc = got.doc.unwrap_or_else(|| panic!("{name}: not read"));
    let words = placeholders();
    let mut findings = Vec::new();
    let mut evidence = Vec::new();
    for i in instances {
        let output = i
            .prepared
            .run(&Input {
                doc: &doc,
                kind: "newsletter",
                submission: &[],
                options: &toml::Table::new(),
            })
            .unwrap_or_else(|e| panic!("{name}: {}: {e}", i.id));
        for o in output.findings.iter().chain(&output.evidence) {
            if let Some(range) = o.location.range() {
                assert!(
                    range.end <= doc.text.len(),
                    "{name}: {} past the end",
                    o.code
                );
                assert!(
                    doc.text.is_char_boundary(range.start) && doc.text.is_char_boundary(range.end),
                    "{name}: {} inside a character",
                    o.code
                );
            }
            if i.kind != "email-html" {
                continue;
            }
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
        }
        findings.extend(output.findings.into_iter().map(|o| (i.id.clone(), o)));
        evidence.extend(output.evidence);
    }
    Checked {
        doc,
        findings,
        evidence,
    }
}

fn fixture_dir(dir: &str) -> PathBuf {
    root().join("fixtures/newsletter").join(dir)
}

/// Every file of a fixture folder's manifest, checked.
fn check_dir(dir: &str) -> BTreeMap<String, Checked> {
    let folder = fixture_dir(dir);
    let manifest = toml_file(&folder.join("livrables.toml"));
    let files = manifest["files"].as_table().expect("[files]");
    let instances = instances();
    files
        .iter()
        .map(|(name, kind)| {
            assert_eq!(kind.as_str(), Some("newsletter"), "{name}");
            let bytes = std::fs::read(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name.clone(), check_file(&instances, name, bytes))
        })
        .collect()
}

#[test]
fn the_pack_prepares_every_newsletter_instance_with_its_data() {
    let ids: Vec<String> = instances()
        .into_iter()
        .filter(|i| i.kind == "email-html")
        .map(|i| i.id)
        .collect();
    assert_eq!(
        ids,
        [
            "newsletter-html",
            "newsletter-law",
            "newsletter-accessibility"
        ]
    );
}

#[test]
fn clean_newsletters_give_no_finding_and_their_evidence() {
    let checked = check_dir("clean");
    assert_eq!(checked.len(), 2);
    for (name, c) in &checked {
        // Nothing from the newsletter checks nor from the shared heading and alt checks
        // (other kinds' own fixtures test them).
        let all: Vec<(&str, &str)> = c
            .findings
            .iter()
            .map(|(id, o)| (id.as_str(), o.code.as_str()))
            .filter(|(_, code)| {
                ["email-html/", "heading-structure/", "image-alt/"]
                    .iter()
                    .any(|p| code.starts_with(p))
            })
            .collect();
        assert!(all.is_empty(), "{name}: {all:?}");
        for code in [
            "email-html/markup",
            "email-html/size",
            "email-html/urls",
            "email-html/layout",
            "email-html/preheader",
            "email-html/well-formed",
            "email-html/client-support",
            "email-html/unsubscribe",
            "email-html/sender",
            "email-html/head",
            "email-html/link-texts",
        ] {
            c.evidence(code);
        }
        assert_eq!(arg(c.evidence("email-html/layout"), "width"), "600");
        assert_eq!(
            arg(c.evidence("email-html/sender"), "address"),
            "Association Les Jardins partagés de la Croix-Rousse 14 rue d'Austerlitz, 69004 Lyon"
        );
        assert_eq!(
            arg(c.evidence("email-html/unsubscribe"), "link"),
            "Se désinscrire"
        );
        assert_eq!(
            arg(c.evidence("email-html/client-support"), "clients"),
            "Gmail, Outlook, Apple Mail, Orange, SFR, LaPoste.net, Yahoo! Mail"
        );
        assert_eq!(
            arg(c.evidence("email-html/client-support"), "date"),
            "2026-05-13"
        );
        assert!(arg(c.evidence("email-html/preheader"), "text")
            .starts_with("Ateliers du samedi, troc de graines le 22 mars"));
    }
    let html = &checked["lettre-printemps.html"];
    let eml = &checked["lettre-printemps.eml"];
    assert_eq!(html.doc.format, Format::Html);
    assert_eq!(eml.doc.format, Format::Eml);
    assert_eq!(arg(html.evidence("email-html/unsubscribe"), "header"), "—");
    assert_eq!(arg(eml.evidence("email-html/unsubscribe"), "header"), "✓");
    assert_eq!(
        arg(eml.evidence("email-html/unsubscribe"), "one_click"),
        "✓"
    );
    // The e-mail carries the same HTML, decoded from quoted-printable (with the CRLF line
    // ends of MIME).
    assert!(
        html.doc.text == eml.doc.text.replace("\r\n", "\n"),
        "the .eml's HTML differs from the .html file"
    );
}

#[test]
fn each_flawed_newsletter_fires_its_code() {
    let expected: BTreeMap<&str, &str> = [
        ("feuille-externe.html", "email-html/external-stylesheet"),
        ("flexbox.html", "email-html/unsupported-feature"),
        ("formulaire.html", "email-html/form"),
        ("iframe.html", "email-html/iframe"),
        ("image-relative.html", "email-html/relative-url"),
        ("lien-factice.html", "email-html/placeholder-link"),
        ("lien-vague.html", "email-html/generic-link-text"),
        ("sans-adresse.html", "email-html/no-sender"),
        ("sans-desinscription.html", "email-html/no-unsubscribe"),
        ("sans-html.eml", "email-html/no-html"),
        ("sans-langue.html", "email-html/no-lang"),
        ("sans-preheader.html", "email-html/no-preheader"),
        ("sans-titre.html", "email-html/no-title"),
        ("script.html", "email-html/script"),
        ("tableau-mal-ferme.html", "email-html/parse-error"),
        ("trop-large.html", "email-html/too-wide"),
        ("video.html", "email-html/embedded-media"),
    ]
    .into_iter()
    .collect();
    let checked = check_dir("fires");
    let names: BTreeSet<&str> = checked.keys().map(String::as_str).collect();
    assert_eq!(names, expected.keys().copied().collect());
    for (name, c) in &checked {
        assert_eq!(
            c.email_codes(),
            BTreeSet::from([expected[name.as_str()]]),
            "{name}"
        );
    }

    // A few places and values, as the candidate will read them.
    let c = &checked["flexbox.html"];
    let f = c.finding("email-html/unsupported-feature");
    assert_eq!(arg(f, "slug"), "css-display-flex");
    assert_eq!(f.severity, Some(Severity::Error));
    assert!(
        arg(f, "clients").contains("Outlook (Windows"),
        "{}",
        arg(f, "clients")
    );
    assert!(
        arg(f, "clients").contains("Orange ("),
        "{}",
        arg(f, "clients")
    );
    let at = f.location.range().unwrap_or_default();
    assert!(c.doc.text[at].starts_with("<div style=\"display: flex"));

    let c = &checked["tableau-mal-ferme.html"];
    let f = c.finding("email-html/parse-error");
    assert_eq!(arg(f, "tag"), "</td>");
    let line = c
        .doc
        .text
        .lines()
        .position(|l| l.contains("Tout savoir sur le troc de graines"))
        .map(|i| i + 2)
        .unwrap_or(0);
    assert_eq!(arg(f, "line"), line.to_string());

    let c = &checked["trop-large.html"];
    assert_eq!(arg(c.finding("email-html/too-wide"), "width"), "800");

    let c = &checked["sans-preheader.html"];
    assert_eq!(
        arg(c.finding("email-html/no-preheader"), "first_text"),
        "Un problème d'affichage ? Lire la lettre dans votre navigateur"
    );

    let c = &checked["formulaire.html"];
    let forms: Vec<&str> = c
        .findings
        .iter()
        .filter(|(_, o)| o.code == "email-html/form")
        .map(|(_, o)| arg(o, "tag"))
        .collect();
    assert_eq!(forms, ["<form>", "<input>", "<button>"]);

    // Each finding is evidence for the criterion its instance names.
    let c = &checked["sans-desinscription.html"];
    assert!(c
        .findings
        .iter()
        .any(|(id, o)| id == "newsletter-law" && o.code == "email-html/no-unsubscribe"));
}

/// The clean newsletter with paragraphs added until it weighs about `kb` kilobytes.
fn padded(kb: usize) -> Vec<u8> {
    let clean = std::fs::read_to_string(fixture_dir("clean").join("lettre-printemps.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    let paragraph =
        "            <p style=\"margin: 0 0 16px 0; font-size: 16px; line-height: 24px;\">\
Compte rendu de l'assemblée générale : bilan de la saison, vote du budget, élection du bureau \
et questions diverses, point par point.</p>\n";
    let count = (kb * 1024).saturating_sub(clean.len()) / paragraph.len() + 1;
    let marker = "<!-- Bouton -->";
    assert!(clean.contains(marker));
    clean
        .replacen(
            marker,
            &format!("<tr><td>\n{}</td></tr>\n{marker}", paragraph.repeat(count)),
            1,
        )
        .into_bytes()
}

#[test]
fn a_newsletter_over_102_kb_is_an_error_and_over_90_kb_a_warning() {
    let instances = instances();
    let heavy = check_file(&instances, "lettre-lourde.html", padded(120));
    assert_eq!(
        heavy.email_codes(),
        BTreeSet::from(["email-html/too-heavy"])
    );
    let f = heavy.finding("email-html/too-heavy");
    assert_eq!(f.severity, Some(Severity::Error));
    assert_eq!(arg(f, "max_kb"), "102");
    assert!(arg(f, "size_kb").parse::<usize>().unwrap_or(0) >= 120);
    // Located where Gmail cuts the message.
    let start = f.location.start.unwrap_or(0);
    assert!((104_448..104_448 + 400).contains(&start), "{start}");

    let medium = check_file(&instances, "lettre-moyenne.html", padded(96));
    let f = medium.finding("email-html/too-heavy");
    assert_eq!(f.severity, Some(Severity::Warning));
    assert_eq!(
        medium.email_codes(),
        BTreeSet::from(["email-html/too-heavy"])
    );
}

#[test]
fn the_vendored_caniemail_data_is_the_one_its_readme_describes() {
    let data = data();
    let json = data
        .get("data/caniemail.json")
        .unwrap_or_else(|| panic!("data/caniemail.json"));
    let text = std::str::from_utf8(json).unwrap_or_else(|e| panic!("{e}"));
    let dataset = livrable_checks::email_html::caniemail::Dataset::from_json(text)
        .unwrap_or_else(|e| panic!("{e}"));
    let readme = std::fs::read_to_string(root().join("rules/ccm-n6/data/README.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(readme.contains(&format!("| `api_version` | {} |", dataset.api_version)));
    assert!(readme.contains(&format!(
        "| `last_update_date` | {} ",
        dataset.last_update_date
    )));
    assert!(dataset.feature("css-display-flex").is_some());
    assert!(data.contains_key("data/LICENSE"));
}
