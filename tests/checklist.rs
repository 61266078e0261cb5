//! The evaluator's checklist, end to end: statuses earned and never assumed, one reviewed
//! snapshot per certification block, and the HTML page rendered by a real browser.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

fn run(path: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("livrable")
        .unwrap()
        .arg("check")
        .arg(path)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

fn json(path: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&run(path, &all).1).expect("JSON")
}

/// Every situation id of the referential, from `livrable situations`.
fn situation_ids() -> Vec<String> {
    let out = Command::cargo_bin("livrable")
        .unwrap()
        .arg("situations")
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('C'))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn nothing_is_met_when_no_check_ran() {
    // A submission with nothing any check applies to: no criterion of any situation is
    // met; those whose checks would have read the missing deliverables are not met (the
    // situation was asked for, so a missing deliverable is an error), the others left to
    // the evaluator.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "Rien à vérifier ici.\n").unwrap();
    let ids = situation_ids();
    assert_eq!(ids.len(), 15, "{ids:?}");
    for id in ids {
        let report = json(dir.path(), &["--situation", &id]);
        let checklist = report["checklist"].as_array().unwrap();
        assert!(!checklist.is_empty(), "{id} has criteria");
        for entry in checklist {
            let measured = entry["measured"].as_array().unwrap();
            match entry["status"].as_str().unwrap() {
                "manual" => {}
                "not-met" => {
                    assert!(
                        entry["evidence"][0]
                            .as_str()
                            .unwrap()
                            .contains("[submission/missing-deliverable]"),
                        "{entry}"
                    );
                    assert!(measured.iter().all(|b| b["state"] == "problem"), "{entry}");
                }
                other => panic!("{id}: {other}: {entry}"),
            }
            assert!(
                measured.iter().all(|b| b["state"] != "evidenced"),
                "{entry}"
            );
        }
    }
}

#[test]
fn met_is_earned_by_evidence_on_every_bullet() {
    for submission in ["soumission-exemple", "c1-6-plan-verdure", "c3-6-reunion"] {
        let report = json(&fixture(submission), &[]);
        for entry in report["checklist"].as_array().unwrap() {
            let measured = entry["measured"].as_array().unwrap();
            let states: Vec<&str> = measured
                .iter()
                .map(|b| b["state"].as_str().unwrap())
                .collect();
            match entry["status"].as_str().unwrap() {
                "met" => {
                    assert!(!entry["evidence"].as_array().unwrap().is_empty(), "{entry}");
                    assert!(states.iter().all(|s| *s == "evidenced"), "{entry}");
                }
                "partial" => {
                    assert!(
                        states
                            .iter()
                            .any(|s| *s == "evidenced" || *s == "incomplete"),
                        "{entry}"
                    );
                    assert!(states.iter().any(|s| *s != "evidenced"), "{entry}");
                }
                "manual" => assert!(states.iter().all(|s| *s == "no-evidence"), "{entry}"),
                "not-met" => assert!(!entry["evidence"].as_array().unwrap().is_empty(), "{entry}"),
                other => panic!("unknown status {other}"),
            }
        }
    }
}

/// Statuses by criterion id.
fn statuses(report: &Value) -> Vec<(String, String)> {
    report["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["criterion"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_clean_complete_c1_6_submission_is_met_on_its_covered_criteria() {
    // Plan, budget and Gantt that agree, no error: every criterion the checks cover is
    // « atteint (pour ce qui est vérifiable) », each with what is left to judge.
    let report = json(&fixture("c1-6-plan-verdure"), &["--situation", "C1.6"]);
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    for (id, status) in statuses(&report) {
        assert_eq!(status, "met", "{id}");
    }
    for entry in report["checklist"].as_array().unwrap() {
        assert!(!entry["measured"].as_array().unwrap().is_empty(), "{entry}");
    }
}

#[test]
fn a_clean_word_and_excel_submission_is_met_on_its_covered_criteria() {
    // The same, made as a candidate makes it (python-docx, openpyxl, LibreOffice): a Word
    // plan whose action table gives periods (« semaine du 29 mars 2027 »), an Excel budget
    // and Gantt chart. A warning (a task ending a day after the stated period) never
    // changes a status.
    let report = json(
        &fixture("candidat-word/c1-6-propre"),
        &["--situation", "C1.6"],
    );
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    for (id, status) in statuses(&report) {
        assert_eq!(status, "met", "{id}");
    }
}

#[test]
fn a_flawed_submission_is_not_met_only_where_an_error_bears() {
    // The plan names an action the budget lacks, another the Gantt lacks, and a total the
    // budget contradicts: errors on C1.6/CE1 and CE2; CE3 and CE4 stay « atteint ».
    let report = json(&fixture("plans/coherence"), &[]);
    let errors: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .flat_map(|f| {
            f["criteria"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
        })
        .collect();
    assert!(!errors.is_empty());
    for (id, status) in statuses(&report) {
        if errors.contains(&id.as_str()) {
            assert_eq!(status, "not-met", "{id}");
        } else {
            assert_ne!(status, "not-met", "{id}: no error bears on it");
        }
    }
    assert_eq!(
        statuses(&report),
        [
            ("C1.6/CE1", "not-met"),
            ("C1.6/CE2", "not-met"),
            ("C1.6/CE3", "met"),
            ("C1.6/CE4", "met"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[test]
fn to_complete_and_to_assess_are_shown_with_their_legend() {
    // C2.1 asks for six contents; the sample has three: what the missing ones would
    // measure has no evidence (« à compléter »). C3.6/CE1 is judgement only (« à évaluer »).
    let report = json(&fixture("soumission-exemple"), &[]);
    let s = statuses(&report);
    assert!(s.contains(&("C2.1/CE1".into(), "partial".into())), "{s:?}");
    assert!(s.contains(&("C2.1/CE3".into(), "partial".into())), "{s:?}");
    let ce1 = &report["checklist"][0];
    let missing: Vec<&Value> = ce1["measured"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["state"] != "evidenced")
        .collect();
    assert!(!missing.is_empty(), "{ce1}");
    let report = json(&fixture("c3-6-reunion"), &[]);
    assert!(statuses(&report).contains(&("C3.6/CE1".into(), "manual".into())));

    for (path, format) in [
        ("soumission-exemple", "checklist-md"),
        ("c3-6-reunion", "checklist-html"),
    ] {
        let (_, text) = run(&fixture(path), &["--format", format]);
        for label in [
            "atteint (pour ce qui est vérifiable)",
            "à compléter",
            "non atteint",
            "à évaluer",
        ] {
            assert!(text.contains(label), "{format}: the legend names {label}");
        }
        assert!(!text.contains("◐ partiel"), "{format}: « partiel » is gone");
    }
    let (_, md) = run(
        &fixture("soumission-exemple"),
        &["--format", "checklist-md"],
    );
    assert!(md.contains("◐ à compléter"), "{md}");
    assert!(md.contains("livrable manquant"), "{md}");
}

/// The items listed under « Vérifié par l'outil » and « Problèmes » of each criterion of a
/// Markdown grid.
fn listed_items(md: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut criterion = String::new();
    let mut section = "";
    for line in md.lines() {
        if let Some(rest) = line.strip_prefix("### ") {
            criterion = rest.split(' ').next().unwrap_or_default().to_string();
            section = "";
        } else if line.starts_with("**") {
            section = match line.trim_matches('*') {
                "Problèmes" | "Vérifié par l'outil" => "items",
                _ => "",
            };
        } else if line.starts_with("## ") {
            criterion.clear();
        } else if section == "items" && line.starts_with("- ") && !criterion.is_empty() {
            out.push((criterion.clone(), line.to_string()));
        }
    }
    out
}

#[test]
fn an_item_is_shown_under_one_criterion_and_referred_to_from_the_others() {
    for submission in ["soumission-exemple", "c1-6-plan-verdure", "plans/coherence"] {
        let (_, md) = run(&fixture(submission), &["--format", "checklist-md"]);
        let items = listed_items(&md);
        assert!(!items.is_empty(), "{submission}");
        let mut seen = std::collections::BTreeMap::new();
        for (criterion, line) in &items {
            if let Some(first) = seen.insert(line.clone(), criterion.clone()) {
                panic!("{submission}: {line} under {first} and {criterion}");
            }
        }
    }
    // The budget's evidence bears on C1.6/CE2 and CE3: shown under CE2, referred to
    // from CE3.
    let (_, md) = run(&fixture("c1-6-plan-verdure"), &["--format", "checklist-md"]);
    let ce3 = md
        .split("### C1.6/CE3")
        .nth(1)
        .unwrap()
        .split("### ")
        .next()
        .unwrap();
    assert!(
        ce3.contains("Portent aussi sur ce critère : C1.6/CE2 (3 éléments vérifiés)"),
        "{ce3}"
    );
    assert!(!ce3.contains("Budget total 9 650"), "{ce3}");
}

#[test]
fn two_sources_of_one_schedule_are_shown_side_by_side() {
    // The plan's own schedule table gives every task an owner; the Gantt file leaves two
    // without one. Read as one list, « Toutes les tâches ont un responsable » would sit next
    // to the Gantt's missing owners; the grid puts both in one table, each with its file.
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "Martin_Lea_plan_de_communication.md",
        "Martin_Lea_budget.csv",
    ] {
        std::fs::copy(
            fixture("c1-6-plan-verdure").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    // The file is a Windows-1252 export, as Excel writes it: edited as bytes.
    let gantt = std::fs::read(fixture("c1-6-plan-verdure/Martin_Lea_gantt.csv")).unwrap();
    let mut lines: Vec<Vec<Vec<u8>>> = gantt
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| l.split(|&b| b == b';').map(<[u8]>::to_vec).collect())
        .collect();
    let owner = lines[0]
        .iter()
        .position(|h| h.starts_with(b"Responsable"))
        .expect("an owner column");
    for line in lines.iter_mut().skip(1).take(2) {
        line[owner].clear();
    }
    let edited: Vec<u8> = lines
        .iter()
        .flat_map(|l| {
            let mut row = l.join(&b';');
            row.push(b'\n');
            row
        })
        .collect();
    std::fs::write(dir.path().join("Martin_Lea_gantt.csv"), edited).unwrap();

    let report = json(dir.path(), &[]);
    let owners: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["file"] == "Martin_Lea_gantt.csv" && f["code"].as_str().unwrap().starts_with("gantt/")
        })
        .collect();
    assert!(
        !owners.is_empty(),
        "the Gantt's missing owners are found: {report:#}"
    );
    let (_, md) = run(dir.path(), &["--format", "checklist-md"]);
    let ce2 = md
        .split("### C1.6/CE2")
        .nth(1)
        .unwrap()
        .split("### ")
        .next()
        .unwrap();
    let table = ce2
        .split("**Sources à rapprocher — Diagramme de Gantt**")
        .nth(1)
        .expect("a comparison of the two schedules")
        .split("**Vérifié")
        .next()
        .unwrap();
    assert!(table.contains("`Martin_Lea_gantt.csv`"), "{table}");
    assert!(
        table.contains("`Martin_Lea_plan_de_communication.md`"),
        "{table}"
    );
    assert!(
        table.contains("Toutes les tâches (6) ont un responsable"),
        "{table}"
    );
    let verified = ce2.split("**Vérifié par l'outil**").nth(1).unwrap();
    assert!(
        !verified
            .split("**Points")
            .next()
            .unwrap()
            .contains("responsable"),
        "{ce2}"
    );
}

#[test]
fn the_grid_records_candidate_date_situation_and_versions() {
    let (_, md) = run(
        &fixture("c1-6-plan-verdure"),
        &["--format", "checklist-md", "--candidate", "Léa Martin"],
    );
    assert!(
        md.starts_with("# Grille d'évaluation pré-remplie — Léa Martin\n"),
        "{md}"
    );
    for needle in [
        "| Candidat | Léa Martin |",
        "| Situation d'évaluation | C1.6 (déduite des livrables remis) |",
        concat!("| Outil | livrable ", env!("CARGO_PKG_VERSION"), " |"),
        "| Jeu de règles | ccm-n6 ",
    ] {
        assert!(md.contains(needle), "missing {needle}: {md}");
    }
    let date = md
        .lines()
        .find_map(|l| l.strip_prefix("| Date | "))
        .expect("a date");
    assert!(
        date.len() == 12 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "{date}"
    );
    // Without --candidate: the folder's name.
    let (_, md) = run(&fixture("c1-6-plan-verdure"), &["--format", "checklist-md"]);
    assert!(md.contains("| Candidat | c1-6-plan-verdure |"), "{md}");
    // A box per decision and per point to assess.
    assert_eq!(md.matches("- [ ] Acquis\n").count(), 4, "{md}");
    assert!(
        md.contains("- [ ] Chaque action est précisément décrite."),
        "{md}"
    );
    let (_, html) = run(
        &fixture("c1-6-plan-verdure"),
        &["--format", "checklist-html"],
    );
    assert_eq!(html.matches("<textarea").count(), 4);
    assert_eq!(html.matches("type=\"radio\"").count(), 12);
}

#[test]
fn the_situation_is_inferred_and_said() {
    let report = json(&fixture("c1-6-plan-verdure"), &[]);
    assert_eq!(report["situations"], serde_json::json!(["C1.6"]));
    assert_eq!(report["situations_inferred"], true);
    let report = json(&fixture("c1-6-plan-verdure"), &["--situation", "C1.5"]);
    assert_eq!(report["situations_inferred"], false);
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"submission/missing-deliverable"),
        "C1.5 expects a crisis plan: {codes:?}"
    );
    let (code, _) = run(&fixture("c1-6-plan-verdure"), &["--situation", "C9.9"]);
    assert_eq!(code, 2);
}

/// The checklist part of the JSON report: what a snapshot should pin down.
fn checklist_of(submission: &str) -> Value {
    let report = json(&fixture(submission), &[]);
    serde_json::json!({
        "situations": report["situations"],
        "checklist": report["checklist"],
    })
}

#[test]
fn block_1_checklist_c1_6() {
    insta::assert_json_snapshot!(checklist_of("c1-6-plan-verdure"));
}

#[test]
fn block_2_checklist_c2_1() {
    insta::assert_json_snapshot!(checklist_of("soumission-exemple"));
}

#[test]
fn block_3_checklist_c3_6() {
    insta::assert_json_snapshot!(checklist_of("c3-6-reunion"));
}

#[test]
fn the_checklist_page_passes_the_tools_own_checks() {
    let (_, html) = run(
        &fixture("c1-6-plan-verdure"),
        &["--format", "checklist-html"],
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("grille.html");
    std::fs::write(&page, &html).unwrap();
    let report = json(&page, &["--kind", "web-page"]);
    let own: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let code = f["code"].as_str().unwrap_or_default();
            ["heading-structure/", "image-alt/", "seo/", "links/"]
                .iter()
                .any(|p| code.starts_with(p))
        })
        .collect();
    assert!(own.is_empty(), "{own:#?}");
    for needle in [
        "<html lang=\"fr\">",
        "<title>",
        "<caption>",
        "scope=\"col\"",
        "C1.6/CE4",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    for external in [
        "http://",
        "https://",
        "<script src",
        "<link",
        "<img",
        "url(",
    ] {
        assert!(
            !html.contains(external),
            "the page must be self-contained: {external}"
        );
    }
    let (_, md) = run(&fixture("c1-6-plan-verdure"), &["--format", "checklist-md"]);
    assert!(md.starts_with("# "), "{md}");
    assert_eq!(md.matches("\n### C1.6/CE").count(), 4, "{md}");
}

/// Headless Chromium (installed by `.ci/run`), or `None` with a message where it cannot be.
fn chromium() -> Option<&'static str> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (.ci/run does)"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
    }
    found
}

const HEADLESS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The DOM Chromium builds from `page`, scripts run (with time for their promises).
fn dump_dom(chromium: &str, profile: &Path, page: &Path) -> String {
    let out = Process::new(chromium)
        .args(HEADLESS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--virtual-time-budget=3000")
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Renders the checklist page in headless Chromium and checks what the browser built: the
/// four C1.6 criteria with their statuses as text.
#[test]
fn the_checklist_page_renders_in_a_real_browser() {
    let Some(chromium) = chromium() else { return };
    let (_, html) = run(
        &fixture("c1-6-plan-verdure"),
        &["--format", "checklist-html"],
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("grille.html");
    std::fs::write(&page, &html).unwrap();
    let profile = dir.path().join("profile");
    let dom = dump_dom(chromium, &profile, &page);
    assert!(dom.contains("<h1>"), "rendered DOM: {dom}");
    for ce in ["C1.6/CE1", "C1.6/CE2", "C1.6/CE3", "C1.6/CE4"] {
        assert!(dom.contains(ce), "{ce} missing from the rendered page");
    }
    assert!(dom.matches("class=\"badge met\"").count() == 4, "{dom}");
}

/// An evaluator's decision and comment are kept in the browser, shown in the overview,
/// restored when the page is opened again, and exported as CSV.
#[test]
fn decisions_are_kept_in_the_browser_and_exported() {
    let Some(chromium) = chromium() else { return };
    let (_, html) = run(
        &fixture("c1-6-plan-verdure"),
        &["--format", "checklist-html", "--candidate", "Léa Martin"],
    );
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let page = dir.path().join("grille.html");
    std::fs::write(&page, &html).unwrap();
    // The evaluator, scripted: a decision and a comment on C1.6/CE2, then the CSV export
    // (the download is caught where the page makes its file).
    let evaluator = r##"<script>
(function () {
  var s = document.querySelector('[data-criterion="C1.6/CE2"]');
  var radio = s.querySelector('input[value="Non acquis"]');
  radio.checked = true;
  radio.dispatchEvent(new Event("change", { bubbles: true }));
  var comment = s.querySelector("textarea");
  comment.value = 'Budget à détailler ; "réaliste" ?';
  comment.dispatchEvent(new Event("input", { bubbles: true }));
  var out = document.createElement("pre");
  out.id = "evaluator";
  document.body.appendChild(out);
  out.setAttribute("data-stored", JSON.stringify(Object.assign({}, localStorage)));
  URL.createObjectURL = function (blob) {
    blob.text().then(function (t) { out.setAttribute("data-csv", t); });
    blob.arrayBuffer().then(function (b) {
      out.setAttribute("data-head", Array.from(new Uint8Array(b).slice(0, 3)).join(","));
    });
    return "#exported";
  };
  document.querySelector('[data-export="csv"]').click();
})();
</script></body>"##;
    let scripted = dir.path().join("evaluateur.html");
    std::fs::write(&scripted, html.replace("</body>", evaluator)).unwrap();
    let dom = dump_dom(chromium, &profile, &scripted);
    assert!(
        dom.contains("data-decision-for=\"C1.6/CE2\">Non acquis<"),
        "the overview shows the decision: {dom}"
    );
    let stored = dom
        .split("data-stored=\"")
        .nth(1)
        .expect("stored")
        .split('"')
        .next()
        .unwrap();
    assert!(stored.contains("Non acquis"), "{stored}");
    let csv = dom
        .split("data-csv=\"")
        .nth(1)
        .expect("exported CSV")
        .split('"')
        .next()
        .unwrap();
    assert!(
        dom.contains("data-head=\"239,187,191\""),
        "a BOM for Excel: {dom}"
    );
    assert!(
        csv.contains("candidat;date;critère;statut;décision;commentaire"),
        "{csv}"
    );
    assert!(
        csv.contains("Léa Martin;")
            && csv.contains(";C1.6/CE2;atteint (pour ce qui est vérifiable);Non acquis;"),
        "{csv}"
    );
    assert!(
        csv.contains("&quot;Budget à détailler ; &quot;&quot;réaliste&quot;&quot; ?&quot;"),
        "{csv}"
    );
    // Opened again in the same browser: the decision and the comment are back.
    let dom = dump_dom(chromium, &profile, &page);
    assert!(
        dom.contains("data-decision-for=\"C1.6/CE2\">Non acquis<"),
        "{dom}"
    );
    assert!(
        dom.contains("Budget à détailler"),
        "the comment is restored: {dom}"
    );
}

/// Printed on A4, the grid starts with its header on the first page and takes a handful of
/// pages (the former page gave 11 US-Letter pages, the first one empty).
#[test]
fn the_grid_prints_on_a4_with_its_header_first() {
    let Some(chromium) = chromium() else { return };
    if Process::new("pdfinfo").arg("-v").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install poppler-utils (.ci/run does)"
        );
        eprintln!("skipped: pdfinfo is not installed (apt-get install poppler-utils)");
        return;
    }
    let (_, html) = run(
        &fixture("c1-6-plan-verdure"),
        &["--format", "checklist-html", "--candidate", "Léa Martin"],
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("grille.html");
    std::fs::write(&page, &html).unwrap();
    let pdf = dir.path().join("grille.pdf");
    let out = Process::new(chromium)
        .args(HEADLESS)
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium prints");
    assert!(
        std::fs::read(&pdf).unwrap_or_default().starts_with(b"%PDF"),
        "printing failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = Process::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("(A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!((2..=8).contains(&pages), "{pages} pages");
    let first = Process::new("pdftotext")
        .args(["-f", "1", "-l", "1", "-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let first = String::from_utf8_lossy(&first.stdout);
    for needle in [
        "Grille d'évaluation pré-remplie — Léa Martin",
        "Candidat",
        "Jeu de règles",
        "Légende des statuts",
    ] {
        assert!(first.contains(needle), "page 1 lacks {needle}: {first}");
    }
    // Every criterion's findings are printed (not cut out of a table cell).
    let all = Process::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let all = String::from_utf8_lossy(&all.stdout);
    assert!(all.contains("Budget total 9 650"), "{all}");
    assert!(
        !all.contains("Exporter les décisions"),
        "buttons are not printed: {all}"
    );
}
