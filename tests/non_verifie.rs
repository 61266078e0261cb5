//! End-to-end tests: what was not checked is said, loudly — files no reader reads, a
//! submission of which nothing could be checked, and a `livrables.toml` with an unknown or
//! misplaced key, first in the report.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Runs `livrable check DIR --format json`, returns (exit code, JSON).
fn check_json(dir: &Path) -> (i32, Value) {
    let out = Command::cargo_bin("livrable")
        .expect("binary built")
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), json)
}

/// (severity, code, file) of each finding, in report order.
fn findings(json: &Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("severity"), s("code"), s("file"))
        })
        .collect()
}

fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A correct article the tool reads, so that a submission has something checked.
const ARTICLE: &str = include_str!("../fixtures/image-alt/clean/descriptif.md");

#[test]
fn files_not_read_are_warned_about_with_how_to_export_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "article-blog.md", ARTICLE.as_bytes());
    write(
        dir.path(),
        "plan de communication.pages",
        b"PK\x03\x04 pages",
    );
    write(dir.path(), "Budget.numbers/Index/Document.iwa", b"iwa");
    write(dir.path(), "Budget.numbers/preview.jpg", b"not a jpeg");
    write(dir.path(), "ancien plan.doc", b"\xd0\xcf\x11\xe0");
    write(dir.path(), "visuels/affiche.psd", b"8BPS");
    write(dir.path(), "annexes.zip", b"PK\x05\x06");
    let (_, json) = check_json(dir.path());
    let unread: Vec<(String, String, String)> = findings(&json)
        .into_iter()
        .filter(|(_, c, _)| c.starts_with("submission/un"))
        .collect();
    let w = |code: &str, file: &str| ("warning".to_string(), code.to_string(), file.to_string());
    assert_eq!(
        unread,
        vec![
            w("submission/unread-apple", "Budget.numbers"),
            w("submission/unread-old-office", "ancien plan.doc"),
            w("submission/unread-archive", "annexes.zip"),
            w("submission/unread-apple", "plan de communication.pages"),
            w("submission/unread-design", "visuels/affiche.psd"),
        ],
        "one warning per document, the package once"
    );
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "submission/unread-apple")
        .unwrap();
    assert!(
        f["message"].as_str().unwrap().contains("non vérifié"),
        "{f}"
    );
    assert!(f["help"].as_str().unwrap().contains("Exporter vers"), "{f}");
    // The article was checked: the submission is not « nothing checked ».
    assert!(!findings(&json)
        .iter()
        .any(|(_, c, _)| c == "submission/nothing-checked"));
}

#[test]
fn a_submission_of_which_nothing_is_checked_says_so_first_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "plan de communication.pages",
        b"PK\x03\x04 pages",
    );
    write(dir.path(), "budget.numbers", b"PK\x03\x04 numbers");
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 1, "{:?}", findings(&json));
    let all = findings(&json);
    assert_eq!(
        all[0],
        (
            "error".to_string(),
            "submission/nothing-checked".to_string(),
            String::new()
        ),
        "{all:?}"
    );
    assert_eq!(json["summary"]["errors"], 1);
    // A file that is read but recognised as no deliverable is not checked either.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.md", b"# Notes\n\nA relire.\n");
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(findings(&json)[0].1, "submission/nothing-checked");
}

#[test]
fn an_unknown_or_misplaced_manifest_key_is_an_error_first_with_its_line_and_right_form() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "article-blog.md", ARTICLE.as_bytes());
    write(
        dir.path(),
        "livrables.toml",
        "words = [\"Verdure\"]\n\
         [files]\n\
         \"article-blog.md\" = { kind = \"blog-article\", keywrd = \"stand\" }\n"
            .as_bytes(),
    );
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 1);
    let list = json["findings"].as_array().unwrap();
    let first: Vec<&str> = list[..2]
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        first,
        vec![
            "submission/manifest-misplaced-key",
            "submission/manifest-unknown-key"
        ]
    );
    let text = |i: usize, k: &str| list[i][k].as_str().unwrap().to_string();
    assert_eq!(
        text(0, "message"),
        "livrables.toml, ligne 1 : « words » doit être écrit dans la section [spelling]"
    );
    assert!(
        text(0, "help").contains("[spelling]\nwords = [\"Verdure\"]"),
        "{}",
        text(0, "help")
    );
    assert_eq!(
        text(1, "message"),
        "livrables.toml, ligne 3 : « keywrd » est inconnu dans [files] « article-blog.md »"
    );
    assert!(text(1, "help").contains("keyword"), "{}", text(1, "help"));
    // The rest of the manifest is used: the article is the declared kind.
    assert_eq!(json["deliverables"][0]["detected_by"], "manifest");
}
