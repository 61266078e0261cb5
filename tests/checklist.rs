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
    // A submission with nothing any check applies to: every criterion of every situation
    // must be left to the evaluator.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "Rien à vérifier ici.\n").unwrap();
    let ids = situation_ids();
    assert_eq!(ids.len(), 15, "{ids:?}");
    for id in ids {
        let report = json(dir.path(), &["--situation", &id]);
        let checklist = report["checklist"].as_array().unwrap();
        assert!(!checklist.is_empty(), "{id} has criteria");
        for entry in checklist {
            assert_eq!(entry["status"], "manual", "{id}: {entry}");
            assert!(
                !entry["to_assess"].as_array().unwrap().is_empty(),
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
            match entry["status"].as_str().unwrap() {
                "met" => {
                    assert!(!entry["evidence"].as_array().unwrap().is_empty(), "{entry}");
                    assert!(entry["to_assess"].as_array().unwrap().is_empty(), "{entry}");
                }
                "not-met" => assert!(!entry["evidence"].as_array().unwrap().is_empty(), "{entry}"),
                _ => {}
            }
        }
    }
}

#[test]
fn an_error_finding_makes_its_criterion_not_met() {
    let report = json(&fixture("soumission-exemple"), &[]);
    let not_met: Vec<&str> = report["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "not-met")
        .map(|e| e["criterion"].as_str().unwrap())
        .collect();
    for f in report["findings"].as_array().unwrap() {
        if f["severity"] == "error" {
            for c in f["criteria"].as_array().unwrap() {
                assert!(
                    not_met.contains(&c.as_str().unwrap()),
                    "{c} should be not-met: {f}"
                );
            }
        }
    }
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
    for external in ["http://", "https://", "<script", "<link", "<img"] {
        assert!(
            !html.contains(external),
            "the page must be self-contained: {external}"
        );
    }
    let (_, md) = run(&fixture("c1-6-plan-verdure"), &["--format", "checklist-md"]);
    assert!(md.starts_with("# "), "{md}");
    assert_eq!(md.matches("\n### C1.6/CE").count(), 4, "{md}");
}

/// Renders the checklist page in headless Chromium (installed by `.ci/run`) and checks what
/// the browser built: the four C1.6 criteria with their statuses as text.
#[test]
fn the_checklist_page_renders_in_a_real_browser() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (.ci/run does)"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let (_, html) = run(
        &fixture("c1-6-plan-verdure"),
        &["--format", "checklist-html"],
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("grille.html");
    std::fs::write(&page, &html).unwrap();
    let profile = dir.path().join("profile");
    let pdf = dir.path().join("grille.pdf");
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let out = Process::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("<h1>"), "rendered DOM: {dom}");
    for ce in ["C1.6/CE1", "C1.6/CE2", "C1.6/CE3", "C1.6/CE4"] {
        assert!(dom.contains(ce), "{ce} missing from the rendered page");
    }
    assert!(dom.matches("class=\"status").count() >= 4);
    let out = Process::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium prints");
    let bytes = std::fs::read(&pdf).unwrap_or_default();
    assert!(
        bytes.starts_with(b"%PDF"),
        "printing failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
