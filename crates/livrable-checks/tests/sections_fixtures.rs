//! The `required-sections` check on the fixture submissions of `fixtures/sections` and
//! `fixtures/c3-6-reunion`, read by the real readers (Markdown, HTML, plain text, DOCX,
//! tagged PDF, PPTX, PNG) and run with the rule pack's own instances
//! (`rules/ccm-n6/checks/sections.toml`).
//!
//! - `clean/`: complete deliverables; no finding may fire, and every instance that applies
//!   gives its evidence.
//! - `fires/`: each file lacks exactly the elements listed here.
//! - `c3-6-reunion`: the C3.6 example submission (an agenda and a brief).
//!
//! It also checks that the pack's words for these codes use only placeholders the check
//! fills, and that every criterion or bullet the instances cite exists in the referential.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use livrable_checks::{run, Input};
use livrable_ingest::{read, Limits};
use livrable_model::{Observation, Severity, SubmittedFile};

const PREFIX: &str = "required-sections/";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn toml_file(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One check instance of sections.toml.
struct Instance {
    id: String,
    applies_to: Vec<String>,
    criteria: Vec<String>,
    params: toml::Table,
}

fn instances() -> Vec<Instance> {
    let pack = toml_file(&root().join("rules/ccm-n6/checks/sections.toml"));
    let strings = |v: &toml::Value| -> Vec<String> {
        v.as_array()
            .expect("an array")
            .iter()
            .map(|s| s.as_str().expect("a string").to_string())
            .collect()
    };
    pack["check"]
        .as_array()
        .expect("sections.toml has [[check]]")
        .iter()
        .map(|c| {
            let t = c.as_table().expect("a check is a table");
            assert_eq!(t["kind"].as_str(), Some("required-sections"));
            Instance {
                id: t["id"].as_str().expect("id").to_string(),
                applies_to: strings(&t["applies_to"]),
                criteria: strings(&t["criteria"]),
                params: t["params"].as_table().expect("params").clone(),
            }
        })
        .collect()
}

/// Every placeholder of every message, help and evidence text of the codes.
fn placeholders() -> BTreeMap<String, BTreeSet<String>> {
    let pattern = regex::Regex::new(r"\{([A-Za-z0-9_]+)\}").expect("placeholder pattern");
    let codes = toml_file(&root().join("rules/ccm-n6/codes/required-sections.toml"));
    let mut out = BTreeMap::new();
    for section in ["code", "evidence"] {
        for entry in codes[section].as_array().expect("entries") {
            let entry = entry.as_table().expect("entry");
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
            out.insert(entry["code"].as_str().expect("code").to_string(), names);
        }
    }
    out
}

/// What the instances made of one file.
struct Checked {
    findings: Vec<Observation>,
    /// Evidence, with the id of the instance that gave it.
    evidence: Vec<(String, Observation)>,
    /// How many instances apply to the file's kind.
    instances: usize,
}

impl Checked {
    /// The missing elements, each with its severity when the element sets one.
    fn missing(&self) -> Vec<(String, Option<Severity>)> {
        self.findings
            .iter()
            .filter(|o| o.code == "required-sections/missing")
            .map(|o| (arg(o, "element").to_string(), o.severity))
            .collect()
    }

    fn found(&self, instance: &str) -> &str {
        let (_, e) = self
            .evidence
            .iter()
            .find(|(id, _)| id == instance)
            .unwrap_or_else(|| panic!("no evidence from {instance}"));
        arg(e, "found")
    }
}

fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
    o.args
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no arg {name} in {o:?}"))
}

/// Reads and checks every file of a fixture folder's manifest (or, without one, the kinds
/// given).
fn check_dir(folder: &Path, kinds: &[(&str, &str)]) -> BTreeMap<String, Checked> {
    let manifest_path = folder.join("livrables.toml");
    let files: Vec<(String, String)> = if manifest_path.exists() {
        toml_file(&manifest_path)["files"]
            .as_table()
            .expect("[files]")
            .iter()
            .map(|(name, kind)| (name.clone(), kind.as_str().expect("a kind").to_string()))
            .collect()
    } else {
        kinds
            .iter()
            .map(|(n, k)| (n.to_string(), k.to_string()))
            .collect()
    };
    let instances = instances();
    let words = placeholders();
    let mut out = BTreeMap::new();
    for (name, kind) in files {
        let bytes = std::fs::read(folder.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = read(
            &SubmittedFile {
                path: name.clone(),
                bytes,
            },
            &Limits::default(),
        );
        assert!(got.problems.is_empty(), "{name}: {:?}", got.problems);
        let doc = got.doc.unwrap_or_else(|| panic!("{name}: not read"));
        let mut checked = Checked {
            findings: Vec::new(),
            evidence: Vec::new(),
            instances: 0,
        };
        for i in instances.iter().filter(|i| i.applies_to.contains(&kind)) {
            checked.instances += 1;
            let output = run(
                "required-sections",
                &Input {
                    doc: &doc,
                    kind: &kind,
                    submission: &[],
                    options: &toml::Table::new(),
                },
                &i.params,
            )
            .unwrap_or_else(|e| panic!("{name}: {}: {e}", i.id));
            checked.findings.extend(output.findings);
            checked
                .evidence
                .extend(output.evidence.into_iter().map(|e| (i.id.clone(), e)));
        }
        assert!(checked.instances > 0, "{name}: no instance for {kind}");
        for o in checked
            .findings
            .iter()
            .chain(checked.evidence.iter().map(|(_, e)| e))
        {
            assert!(o.code.starts_with(PREFIX), "{name}: {}", o.code);
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
        out.insert(name, checked);
    }
    out
}

fn fixtures(dir: &str) -> PathBuf {
    root().join("fixtures").join(dir)
}

#[test]
fn complete_deliverables_in_every_format_are_clean() {
    let checked = check_dir(&fixtures("sections/clean"), &[]);
    assert_eq!(checked.len(), 7);
    for (name, c) in &checked {
        assert!(c.findings.is_empty(), "{name}: {:?}", c.findings);
        assert_eq!(
            c.evidence.len(),
            c.instances,
            "{name}: every instance gives its evidence"
        );
    }
    let f = checked["ordre-du-jour-suivi.md"].found("meeting-agenda-sections");
    assert!(f.contains("participants « Participants » (l. 8)"), "{f}");
    assert!(f.contains("objectifs « Objectif de la réunion : "), "{f}");
    let f = checked["convocation.txt"].found("meeting-agenda-sections");
    assert!(f.contains("participants « Présents : "), "{f}");
    assert!(
        f.contains("(l. 5)"),
        "labels on joined lines of plain text: {f}"
    );
    let f = checked["brief-agence.md"].found("brief-sections");
    assert!(f.contains("attentes « Nos attentes »"), "{f}");
    assert!(f.contains("livrables « Livrables attendus : "), "{f}");
    let f = checked["charte.docx"].found("charter-visual-identity");
    assert!(
        f.contains("planche de tendances « Planche de tendances »"),
        "{f}"
    );
    let f = checked["plan-de-crise.pdf"].found("crisis-plan-sections");
    assert!(f.contains("protocole « Protocole de crise » (p. 1)"), "{f}");
    assert!(
        f.contains("anticipation « Prévenir les crises"),
        "the objectives sentence under « Objectifs du plan »: {f}"
    );
    let f = checked["atelier.pptx"].found("workshop-sections");
    assert!(f.contains("déroulé « Déroulé (2 h) » (p. 4)"), "{f}");
    let f = checked["diagnostic.html"].found("diagnostic-swot");
    assert!(
        f.contains("menaces « Menaces »"),
        "a label cell of the SWOT grid: {f}"
    );
}

#[test]
fn each_flawed_deliverable_lacks_exactly_its_elements() {
    let checked = check_dir(&fixtures("sections/fires"), &[]);
    let warn = |e: &str| (e.to_string(), None);
    let info = |e: &str| (e.to_string(), Some(Severity::Info));
    let expected: BTreeMap<&str, Vec<(String, Option<Severity>)>> = [
        (
            "Durand_Hugo_ordre_du_jour.md",
            vec![warn("objectifs"), warn("participants")],
        ),
        (
            "Durand_Hugo_brief_creatif.md",
            vec![info("attentes"), warn("délais"), warn("livrables")],
        ),
        ("convocation.txt", vec![warn("participants"), info("date")]),
        ("ordre-du-jour-scan.png", vec![]),
        (
            "charte.docx",
            vec![
                warn("planche de tendances"),
                warn("exemples créatifs"),
                warn("objectifs"),
                warn("modalités d'encadrement"),
            ],
        ),
        (
            "plan-de-crise.pdf",
            vec![
                warn("anticipation"),
                warn("détection"),
                warn("gestion"),
                warn("protocole"),
            ],
        ),
        (
            "atelier.pptx",
            vec![
                warn("déroulé"),
                warn("échanges et feedbacks"),
                info("exercices"),
            ],
        ),
        (
            "diagnostic.html",
            vec![
                warn("benchmark concurrentiel"),
                warn("opportunités"),
                warn("menaces"),
            ],
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        checked.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        expected.keys().copied().collect::<BTreeSet<_>>()
    );
    for (name, want) in &expected {
        let c = &checked[*name];
        assert_eq!(&c.missing(), want, "{name}");
    }
    // The agenda's date, written at the top without a « Date : » label, is found: it is
    // not in the list above. A required element missing withholds the evidence.
    assert!(checked["Durand_Hugo_ordre_du_jour.md"].evidence.is_empty());
    // A finding names the referential's words.
    let brief = &checked["Durand_Hugo_brief_creatif.md"];
    let delays = brief
        .findings
        .iter()
        .find(|o| arg(o, "element") == "délais")
        .expect("délais");
    assert_eq!(arg(delays, "referential"), "délais");
    assert!(arg(delays, "words").starts_with("délais, délai, calendrier"));
    assert_eq!(
        delays.location,
        livrable_model::Location::whole(),
        "nothing to point at"
    );
    assert!(checked["convocation.txt"].evidence.is_empty());
    assert!(checked["atelier.pptx"].evidence.is_empty());
    // A picture: one no-text finding, no guess.
    let scan = &checked["ordre-du-jour-scan.png"];
    let codes: Vec<&str> = scan.findings.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["required-sections/no-text"]);
    assert!(scan.evidence.is_empty());
}

#[test]
fn the_c3_6_example_submission_gives_evidence() {
    let checked = check_dir(
        &fixtures("c3-6-reunion"),
        &[
            ("Durand_Hugo_ordre_du_jour.md", "meeting-agenda"),
            ("Durand_Hugo_brief_creatif.md", "brief"),
        ],
    );
    let agenda = &checked["Durand_Hugo_ordre_du_jour.md"];
    assert!(agenda.findings.is_empty(), "{:?}", agenda.findings);
    let f = agenda.found("meeting-agenda-sections");
    for part in [
        "ordre du jour « Ordre du jour » (l. 10)",
        "objectifs « Objectif de la réunion : ",
        "participants « Participants : ",
        "date « Date : jeudi 4 février 2027",
    ] {
        assert!(f.contains(part), "{part} in {f}");
    }
    // The brief names objectives, expectations, deadlines and deliverables.
    let brief = &checked["Durand_Hugo_brief_creatif.md"];
    assert!(brief.missing().is_empty(), "{:?}", brief.missing());
    let f = brief.found("brief-sections");
    assert!(f.contains("attentes « Attentes » (l. 15)"), "{f}");
    assert!(f.contains("délais « Délais » (l. 24)"), "{f}");
}

#[test]
fn cited_criteria_and_bullets_exist_in_the_referential() {
    let referential = toml_file(&root().join("rules/ccm-n6/referentiel.toml"));
    let mut ids = BTreeSet::new();
    for c in referential["criterion"].as_array().expect("criteria") {
        ids.insert(c["id"].as_str().expect("id").to_string());
        for b in c["bullets"].as_array().expect("bullets") {
            ids.insert(b["id"].as_str().expect("id").to_string());
        }
    }
    let kinds: BTreeSet<String> = toml_file(&root().join("rules/ccm-n6/deliverables.toml"))
        ["deliverable"]
        .as_array()
        .expect("deliverables")
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_string())
        .collect();
    for i in instances() {
        for c in &i.criteria {
            assert!(ids.contains(c), "{}: {c} is not in the referential", i.id);
        }
        for k in &i.applies_to {
            assert!(kinds.contains(k), "{}: unknown kind {k}", i.id);
        }
    }
}
