//! The writing-quality and compliance checks (`spelling`, `readability`, `rgpd`,
//! `image-rights`, `contrast`, `green-claims`) on the fixture submissions of
//! `fixtures/quality`, read by the real readers and run with the rule pack's own instances
//! (`rules/ccm-n6/checks/quality.toml`) and data files (`rules/ccm-n6/data/`).
//!
//! - `clean/`: no finding of these kinds may fire; each file gives its evidence.
//! - `fires/`: each file fires exactly the codes listed here (the clean twin of most of
//!   them is in `clean/`).
//!
//! It also checks that the pack's words for these codes use only placeholders that the
//! checks fill, on every observation the fixtures produce.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use livrable_checks::{prepare, Data, Input, Output};
use livrable_ingest::{read, Limits};
use livrable_model::{Document, Observation, Severity, SubmittedFile};

const KINDS: [&str; 6] = [
    "spelling",
    "readability",
    "rgpd",
    "image-rights",
    "contrast",
    "green-claims",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn toml_file(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The pack's data files, keyed by their path in the pack, as the pack loader gives them.
fn data() -> Data {
    fn walk(dir: &Path, pack: &Path, out: &mut Data) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, pack, out);
            } else if let (Ok(rel), Ok(bytes)) = (path.strip_prefix(pack), std::fs::read(&path)) {
                out.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    let pack = root().join("rules/ccm-n6");
    let mut out = Data::new();
    walk(&pack.join("data"), &pack, &mut out);
    out
}

/// One instance of quality.toml, prepared.
struct Instance {
    applies_to: Vec<String>,
    prepared: livrable_checks::Prepared,
}

fn instances() -> Vec<Instance> {
    let file = toml_file(&root().join("rules/ccm-n6/checks/quality.toml"));
    let data = data();
    file["check"]
        .as_array()
        .expect("[[check]]")
        .iter()
        .map(|c| {
            let t = c.as_table().expect("a check is a table");
            let kind = t["kind"].as_str().expect("kind");
            assert!(KINDS.contains(&kind), "quality.toml names {kind}");
            let params = t
                .get("params")
                .and_then(|p| p.as_table())
                .cloned()
                .unwrap_or_default();
            Instance {
                applies_to: t["applies_to"]
                    .as_array()
                    .expect("applies_to")
                    .iter()
                    .map(|k| k.as_str().expect("kind id").to_string())
                    .collect(),
                prepared: prepare(kind, &params, &data)
                    .unwrap_or_else(|e| panic!("{}: {e}", t["id"])),
            }
        })
        .collect()
}

/// Every placeholder of every message, help and evidence text of these kinds' codes.
fn placeholders() -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let pattern = regex::Regex::new(r"\{([A-Za-z0-9_]+)\}").expect("placeholder pattern");
    for kind in KINDS {
        let codes = toml_file(&root().join(format!("rules/ccm-n6/codes/{kind}.toml")));
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

/// What the checks made of one file.
struct Checked {
    doc: Document,
    findings: Vec<Observation>,
    evidence: Vec<Observation>,
}

impl Checked {
    fn codes(&self) -> BTreeSet<&str> {
        self.findings.iter().map(|o| o.code.as_str()).collect()
    }

    fn evidence_codes(&self) -> BTreeSet<&str> {
        self.evidence.iter().map(|o| o.code.as_str()).collect()
    }

    fn findings_of(&self, code: &str) -> Vec<&Observation> {
        self.findings.iter().filter(|o| o.code == code).collect()
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
    let folder = root().join("fixtures/quality").join(dir);
    let manifest = toml_file(&folder.join("livrables.toml"));
    let files = manifest["files"].as_table().expect("[files]");
    let instances = instances();
    let words = placeholders();
    let mut out = BTreeMap::new();
    for (name, entry) in files {
        let kind = entry.as_str().expect("a kind").to_string();
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
        let options = toml::Table::new();
        let mut findings = Vec::new();
        let mut evidence = Vec::new();
        for i in instances.iter().filter(|i| i.applies_to.contains(&kind)) {
            let output: Output = i
                .prepared
                .run(&Input {
                    doc: &doc,
                    kind: &kind,
                    submission: &[],
                    options: &options,
                })
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            findings.extend(output.findings);
            evidence.extend(output.evidence);
        }
        for o in findings.iter().chain(&evidence) {
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
                    doc.text.get(range.clone()).is_some(),
                    "{name}: {} located outside the text: {range:?}",
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

fn set<'a>(codes: &[&'a str]) -> BTreeSet<&'a str> {
    codes.iter().copied().collect()
}

#[test]
fn clean_files_fire_nothing_and_give_evidence() {
    let checked = check_dir("clean");
    for (name, c) in &checked {
        assert!(
            c.findings.is_empty(),
            "{name}: {:?}",
            c.findings
                .iter()
                .map(|o| (&o.code, &o.args))
                .collect::<Vec<_>>()
        );
    }
    let ev = |name: &str| checked[name].evidence_codes();
    assert_eq!(
        ev("article-propre.md"),
        set(&[
            "spelling/rate",
            "readability/score-easy",
            "rgpd/no-personal-data",
            "green-claims/none",
        ])
    );
    assert_eq!(
        ev("communique-contact.md"),
        set(&[
            "spelling/short-text",
            "rgpd/no-personal-data",
            "green-claims/none",
        ])
    );
    let contact = checked["communique-contact.md"]
        .evidence
        .iter()
        .find(|o| o.code == "rgpd/no-personal-data")
        .expect("evidence");
    assert_eq!(arg(contact, "contacts"), "2");
    assert_eq!(
        ev("newsletter-formulaire.html"),
        set(&[
            "spelling/short-text",
            "rgpd/no-personal-data",
            "rgpd/forms-ok",
            "contrast/inline-ok",
            "green-claims/none",
        ])
    );
    assert_eq!(
        ev("charte-lisible.md"),
        set(&["spelling/short-text", "contrast/pairs-ok"])
    );
    assert_eq!(
        ev("flyer-credite.md"),
        set(&[
            "spelling/short-text",
            "rgpd/no-personal-data",
            "image-rights/credited",
            "green-claims/none",
        ])
    );
    assert_eq!(
        ev("post-precis.md"),
        set(&[
            "spelling/short-text",
            "rgpd/no-personal-data",
            "green-claims/none",
        ])
    );
}

#[test]
fn each_flawed_file_fires_its_codes() {
    let checked = check_dir("fires");
    let expected: BTreeMap<&str, Vec<&str>> = BTreeMap::from([
        (
            "article-fautes.md",
            vec!["spelling/unknown-word", "spelling/error-rate"],
        ),
        (
            "article-pave.md",
            vec![
                "readability/hard-to-read",
                "readability/long-sentences",
                "readability/many-long-sentences",
                "readability/long-sentence",
            ],
        ),
        ("newsletter-en.html", vec!["spelling/other-language"]),
        (
            "communique-donnees.md",
            vec!["rgpd/personal-email", "rgpd/phone", "rgpd/iban", "rgpd/nir"],
        ),
        (
            "newsletter-formulaire.html",
            vec!["rgpd/prechecked-consent", "rgpd/no-privacy-info"],
        ),
        ("newsletter-contraste.html", vec!["contrast/inline-low"]),
        (
            "charte-illisible.md",
            vec!["contrast/low-contrast", "contrast/large-text-only"],
        ),
        ("charte-sans-paires.md", vec!["contrast/no-declared-pairs"]),
        ("charte-sans-couleurs.md", vec!["contrast/no-colours"]),
        ("flyer-sans-credit.md", vec!["image-rights/no-credit"]),
        (
            "post-greenwashing.md",
            vec!["green-claims/generic-claim", "green-claims/carbon-claim"],
        ),
    ]);
    assert_eq!(
        checked.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        expected.keys().copied().collect::<BTreeSet<_>>(),
        "every fixture has its expectation"
    );
    for (name, codes) in &expected {
        assert_eq!(
            checked[*name].codes(),
            set(codes),
            "{name}: {:?}",
            checked[*name]
                .findings
                .iter()
                .map(|o| (&o.code, &o.args))
                .collect::<Vec<_>>()
        );
    }

    // Spelling: the eight misspellings, located on the word in the Markdown source.
    let fautes = &checked["article-fautes.md"];
    let words: Vec<&str> = fautes
        .findings_of("spelling/unknown-word")
        .iter()
        .map(|o| arg(o, "word"))
        .collect();
    assert_eq!(
        words,
        vec![
            "exposans",
            "rénnover",
            "conseills",
            "dimentions",
            "artisants",
            "conférances",
            "garenties",
            "gratuitment"
        ]
    );
    for o in fautes.findings_of("spelling/unknown-word") {
        let r = o.location.range().expect("a span");
        assert_eq!(fautes.doc.text.get(r), Some(arg(o, "word")));
    }
    let rate = fautes.findings_of("spelling/error-rate")[0];
    assert_eq!(rate.severity, Some(Severity::Error), "over 10 per 1,000");
    // Suggestions for the first five words only.
    let first = fautes.findings_of("spelling/unknown-word")[0];
    assert!(arg(first, "suggestions").contains("exposants"), "{first:?}");

    // Personal data: the phone and e-mail of the text, not those of the press contact.
    let donnees = &checked["communique-donnees.md"];
    let values: Vec<&str> = donnees.findings.iter().map(|o| arg(o, "value")).collect();
    assert_eq!(
        values,
        vec![
            "06 47 83 29 15",
            "julie.martin@verdure-lyon.fr",
            "FR76 3000 4000 0312 3456 7890 143",
            "1 85 05 78 006 084 91",
        ]
    );

    // Contrast in the charter: the failing pairs, with their ratios.
    let charte = &checked["charte-illisible.md"];
    let ratios: Vec<(&str, &str)> = charte
        .findings
        .iter()
        .map(|o| (o.code.as_str(), arg(o, "ratio")))
        .collect();
    assert_eq!(
        ratios,
        vec![
            ("contrast/low-contrast", "1,6"),
            ("contrast/large-text-only", "4,1")
        ]
    );
    let matrix = checked["charte-sans-paires.md"]
        .evidence
        .iter()
        .find(|o| o.code == "contrast/matrix")
        .expect("matrix evidence");
    assert_eq!(arg(matrix, "colours"), "3");
}
