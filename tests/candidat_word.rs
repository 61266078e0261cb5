//! End-to-end tests on submissions made in Word and Excel (`fixtures/candidat-word/`,
//! written by its `generate.py` with python-docx, openpyxl and LibreOffice): the planted
//! problems of the flawed twins are found.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/candidat-word")
        .join(path)
}

/// Runs `livrable check PATH --format json`, returns (exit code, JSON).
fn check_json(path: &Path) -> (i32, Value) {
    let out = Command::cargo_bin("livrable")
        .expect("binary built")
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// (file, code, cell or line) of each finding, for messages.
fn summary(json: &Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["severity"].as_str().unwrap_or_default(),
                f["code"].as_str().unwrap_or_default(),
                f["file"].as_str().unwrap_or_default(),
                f["location"]["cell"]
                    .as_str()
                    .map(str::to_string)
                    .or_else(|| f["location"]["line"].as_u64().map(|l| l.to_string()))
                    .unwrap_or_default()
            )
        })
        .collect()
}

/// Whether a finding of `code` on `file` (and, when given, at `cell`) is in the report.
fn has(json: &Value, file: &str, code: &str, cell: Option<&str>) -> bool {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| {
            f["file"] == file
                && f["code"] == code
                && cell.is_none_or(|c| f["location"]["cell"].as_str() == Some(c))
        })
}

#[test]
fn the_flawed_c1_6_submission_shows_each_planted_problem() {
    let (code, json) = check_json(&fixture("c1-6-fautes"));
    assert_eq!(code, 1, "{:#?}", summary(&json));
    let plan = "Laurent_Camille_plan_de_communication.docx";
    let budget = "Laurent_Camille_budget_previsionnel.xlsx";
    let gantt = "Laurent_Camille_gantt.xlsx";
    for (file, code, cell) in [
        (budget, "budget/formula-range", Some("F13")),
        (plan, "heading-structure/skipped-level", None),
        (plan, "image-alt/filename", None),
        (plan, "gantt/empty-task", None),
        (gantt, "gantt/end-before-start", Some("D8")),
    ] {
        assert!(
            has(&json, file, code, cell),
            "{code} on {file} {cell:?}: {:#?}",
            summary(&json)
        );
    }
}

#[test]
fn the_flawed_word_article_shows_each_planted_problem() {
    let (code, json) = check_json(&fixture("blog-fautes"));
    assert_eq!(code, 1, "{:#?}", summary(&json));
    let article = "Laurent_Camille_article_blog.docx";
    for code in [
        "heading-structure/skipped-level",
        "image-alt/filename",
        "image-alt/auto-generated",
    ] {
        assert!(
            has(&json, article, code, None),
            "{code}: {:#?}",
            summary(&json)
        );
    }
}

/// Error-level findings of a report, as summary lines.
fn errors(json: &Value) -> Vec<String> {
    summary(json)
        .into_iter()
        .filter(|s| s.starts_with("error "))
        .collect()
}

/// Codes of a report's findings.
fn codes(json: &Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_correct_word_article_exits_0_with_no_error() {
    let (code, json) = check_json(&fixture("blog-propre"));
    assert_eq!(errors(&json), Vec::<String>::new());
    assert_eq!(code, 0);
    // Its keyword and meta description are written at its top, and read.
    assert!(!codes(&json).contains(&"blog/no-keyword".to_string()));
}

#[test]
fn the_correct_c1_6_submission_exits_0_with_no_error() {
    // A channel table with a « Type » column and periods such as « semaine du 29 mars
    // 2027 »; a Gantt chart whose months are typed « mars 2027 » (saved as dates), with a
    // colour legend under the grid.
    let (code, json) = check_json(&fixture("c1-6-propre"));
    assert_eq!(errors(&json), Vec::<String>::new());
    assert_eq!(code, 0);
    assert!(
        !codes(&json).iter().any(|c| c.starts_with("gantt/")),
        "{:#?}",
        summary(&json)
    );
}

/// Codes of the `gantt/…` findings of a report.
fn gantt_codes(json: &Value) -> Vec<String> {
    codes(json)
        .into_iter()
        .filter(|c| c.starts_with("gantt/"))
        .collect()
}

#[test]
fn a_gantt_colour_legend_is_no_task() {
    // The legend right under the tasks, each meaning in the task column beside its swatch,
    // durations left in Excel's date format: silent.
    let (_, json) = check_json(&fixture("habitudes/gantt-legende/silencieux"));
    assert_eq!(
        gantt_codes(&json),
        Vec::<String>::new(),
        "{:#?}",
        summary(&json)
    );
    // A task with neither dates nor bar above the same legend: the one empty task.
    let (_, json) = check_json(&fixture("habitudes/gantt-legende/declenche"));
    assert_eq!(
        gantt_codes(&json),
        ["gantt/empty-task"],
        "{:#?}",
        summary(&json)
    );
    assert!(has(
        &json,
        "gantt-tache-vide.xlsx",
        "gantt/empty-task",
        Some("A13")
    ));
}

#[test]
fn a_task_dated_beyond_the_grid_has_dates_and_no_bar() {
    let (_, json) = check_json(&fixture("habitudes/gantt-hors-frise/silencieux"));
    assert_eq!(
        gantt_codes(&json),
        Vec::<String>::new(),
        "{:#?}",
        summary(&json)
    );
    let (_, json) = check_json(&fixture("habitudes/gantt-hors-frise/declenche"));
    assert_eq!(
        gantt_codes(&json),
        ["gantt/missing-bar"],
        "{:#?}",
        summary(&json)
    );
    let f = &json["findings"][0];
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("05/07/2027") && message.contains("04/07/2027"),
        "{message}"
    );
    assert!(!message.contains("ni barre ni dates"), "{message}");
}

#[test]
fn a_channel_row_is_of_the_type_its_type_column_declares() {
    // The only digital row is named after the workshop it films (« atelier » is an event
    // word): typed « Digital », it is a digital channel.
    let (_, json) = check_json(&fixture("habitudes/canaux-type/silencieux"));
    let mix: Vec<String> = codes(&json)
        .into_iter()
        .filter(|c| c.starts_with("channel-mix/"))
        .collect();
    assert_eq!(mix, Vec::<String>::new(), "{:#?}", summary(&json));
    // The same row declared traditional: no digital channel.
    let (_, json) = check_json(&fixture("habitudes/canaux-type/declenche"));
    assert!(
        has(
            &json,
            "plan-sans-digital.docx",
            "channel-mix/no-digital",
            None
        ),
        "{:#?}",
        summary(&json)
    );
}

#[test]
fn an_unsubscribe_link_that_leads_nowhere_is_named_with_its_text() {
    // Text with an entity (« d&eacute;sabonnez-vous »), address the tool's tracking link.
    let (_, json) = check_json(&fixture("habitudes/newsletter-desinscription/silencieux"));
    let unsubscribe: Vec<String> = codes(&json)
        .into_iter()
        .filter(|c| c.contains("unsubscribe"))
        .collect();
    assert_eq!(unsubscribe, Vec::<String>::new(), "{:#?}", summary(&json));
    let (_, json) = check_json(&fixture("habitudes/newsletter-desinscription/declenche"));
    let file = "newsletter-lien-factice.html";
    assert!(
        !has(&json, file, "email-html/no-unsubscribe", None),
        "{:#?}",
        summary(&json)
    );
    let dead = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "email-html/unsubscribe-dead")
        .unwrap_or_else(|| panic!("{:#?}", summary(&json)));
    let message = dead["message"].as_str().unwrap();
    assert!(
        message.contains("désabonnez-vous") && message.contains("###"),
        "{message}"
    );
    // `###` is a placeholder, as `#` is.
    assert!(has(&json, file, "email-html/placeholder-link", None));
}

#[test]
fn links_to_the_own_site_as_full_addresses_are_internal() {
    // Three of the four links share the site's host (blog-propre), or the site is stated
    // at the top (« Site : … »): silent.
    for dir in ["blog-propre", "habitudes/liens-site/silencieux"] {
        let (_, json) = check_json(&fixture(dir));
        assert!(
            !codes(&json).contains(&"blog/no-internal-link".to_string()),
            "{dir}: {:#?}",
            summary(&json)
        );
    }
    // One link of four to the site, which is stated nowhere: no internal link.
    let (_, json) = check_json(&fixture("habitudes/liens-site/declenche"));
    assert!(
        has(
            &json,
            "article-sans-site.docx",
            "blog/no-internal-link",
            None
        ),
        "{:#?}",
        summary(&json)
    );
}

#[test]
fn a_plan_and_a_newsletter_show_the_checklists_of_both_situations() {
    // C1.6's three files cover that situation best; the newsletter belongs to C2.1.
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture("c1-6-propre")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/newsletter/clean/lettre-printemps.html"),
        dir.path().join("Laurent_Camille_newsletter.html"),
    )
    .unwrap();
    let (_, json) = check_json(dir.path());
    assert_eq!(json["situations"], serde_json::json!(["C1.6", "C2.1"]));
    let criteria: Vec<&str> = json["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["criterion"].as_str().unwrap())
        .collect();
    assert!(
        criteria.contains(&"C1.6/CE2") && criteria.contains(&"C2.1/CE2"),
        "{criteria:?}"
    );
}
