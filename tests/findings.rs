//! End-to-end tests of how findings reach a candidate (issue 12, parts 1–3): where they
//! are, as Word, LibreOffice, PowerPoint or a PDF reader shows it; one root cause reported
//! once; the worst first. The binary runs on `fixtures/findings/` (made by
//! `fixtures/findings/generate.py` with python-docx, openpyxl, python-pptx and LibreOffice).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/findings")
        .join(path)
}

fn livrable() -> Command {
    let mut cmd = Command::cargo_bin("livrable").expect("binary built");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `livrable check PATH --format json ARGS…`, returns the JSON.
fn check_json(path: &Path, args: &[&str]) -> Value {
    let out = livrable()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The first finding of `code` in `file`.
fn finding<'a>(json: &'a Value, file: &str, code: &str) -> &'a Value {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["file"] == file && f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {file}: {json:#}"))
}

#[test]
fn word_findings_name_the_page_section_and_paragraph() {
    let json = check_json(&fixture("plan-word"), &[]);
    let plan = "Martin_Lea_plan_de_communication.docx";
    let heading = &finding(&json, plan, "heading-structure/skipped-level")["location"];
    // The plan's explicit page break (before « Canaux et actions ») puts the heading on
    // page 2; python-docx records no layout, so the page is an estimate.
    assert_eq!(heading["page"], 2);
    assert_eq!(heading["page_estimated"], true);
    assert_eq!(heading["paragraph"], 14);
    // A heading's section is the one it is in.
    assert_eq!(heading["section"], "Canaux et actions");
    assert_eq!(heading["table"], Value::Null);
    assert_eq!(heading["slide"], Value::Null);
    let image = &finding(&json, plan, "image-alt/missing")["location"];
    assert_eq!(
        (&image["paragraph"], &image["section"]),
        (&json!(16), &json!("Nos ateliers en magasin"))
    );
    // A workbook's findings keep their cell, with no office places.
    let budget = &finding(&json, "Martin_Lea_budget.xlsx", "budget/formula-range")["location"];
    assert_eq!(budget["cell"], "C11");
    assert_eq!(budget["paragraph"], Value::Null);
    assert_eq!(budget["page_estimated"], false);
}

#[test]
fn sarif_carries_the_office_places_in_the_property_bag() {
    let out = livrable()
        .arg("check")
        .arg(fixture("plan-word"))
        .args(["--format", "sarif"])
        .output()
        .expect("runs");
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "heading-structure/skipped-level")
        .expect("the skipped heading");
    let props = &result["properties"];
    assert_eq!(props["paragraph"], 14);
    assert_eq!(props["page"], 2);
    assert_eq!(props["pageEstimated"], true);
    assert_eq!(props["section"], "Canaux et actions");
    let names: Vec<&str> = result["locations"][0]["logicalLocations"]
        .as_array()
        .expect("logical locations")
        .iter()
        .filter_map(|l| l["name"].as_str())
        .collect();
    assert_eq!(names, ["page 2", "paragraph 14"]);
}

/// Runs `livrable check PATH ARGS…` (human output), returns (exit code, stdout).
fn check_human(path: &Path, args: &[&str]) -> (i32, String) {
    let out = livrable()
        .arg("check")
        .arg(path)
        .args(args)
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    (out.status.code().unwrap_or(-1), text)
}

/// The reviewed human report of the Word and Excel plan submission: summary per file,
/// errors then warnings, the wrong total under the short formula that explains it, Word
/// places (page, section, paragraph) instead of lines of extracted text, the picture
/// named as the candidate sees it, infos counted, `livrable explain` last.
#[test]
fn human_report_of_a_word_submission() {
    let (code, out) = check_human(&fixture("plan-word"), &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn human_report_shows_every_error_and_each_help_once_per_file() {
    let json = check_json(&fixture("plan-word"), &[]);
    let (_, out) = check_human(&fixture("plan-word"), &[]);
    let mut errors = 0;
    for f in json["findings"].as_array().expect("findings") {
        if f["severity"] == "error" {
            errors += 1;
            assert!(
                out.contains(&format!("[{}]", f["code"].as_str().unwrap())),
                "{f} shown"
            );
        }
        for e in f["explains"].as_array().into_iter().flatten() {
            assert!(out.contains(&format!("[{}]", e["code"].as_str().unwrap())));
        }
    }
    assert!(errors > 0);
    assert_eq!(
        json["summary"]["errors"], errors,
        "each root cause counted once"
    );
    // Lines of extracted text never stand for a place in a Word file.
    assert!(!out.contains("plan_de_communication.docx:"), "{out}");
    assert!(!out.contains("word/media/"), "{out}");
    // Infos are counted, and shown with --all.
    assert!(out.contains("Infos : 1, non affichées"));
    let (_, all) = check_human(&fixture("plan-word"), &["--all"]);
    assert!(all.contains("[objectives/not-found]"));
    assert!(!all.contains("non affichées"));
}

#[test]
fn json_puts_what_a_cause_explains_under_it() {
    let json = check_json(&fixture("plan-word"), &[]);
    let formula = finding(&json, "Martin_Lea_budget.xlsx", "budget/formula-range");
    let explains = formula["explains"].as_array().expect("explains");
    assert_eq!(explains.len(), 1);
    assert_eq!(explains[0]["code"], "budget/total-mismatch");
    assert_eq!(explains[0]["location"]["cell"], "C11");
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "budget/total-mismatch"),
        "the explained finding is not reported again"
    );
}
