//! End-to-end tests: the `livrable` binary on fixture submissions, through its JSON contract.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

fn livrable() -> Command {
    let mut cmd = Command::cargo_bin("livrable").expect("binary built");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `livrable check PATH --format json ARGS…`, returns (exit code, JSON).
fn check_json(path: &Path, args: &[&str]) -> (i32, Value) {
    let out = livrable()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(args)
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

/// (file, code, line) of every finding whose code starts with `prefix`.
fn findings(json: &Value, prefix: &str) -> BTreeSet<(String, String, Option<u64>)> {
    json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .filter(|f| f["code"].as_str().unwrap_or_default().starts_with(prefix))
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_string(),
                f["code"].as_str().unwrap_or_default().to_string(),
                f["location"]["line"].as_u64(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str, u64)]) -> BTreeSet<(String, String, Option<u64>)> {
    items
        .iter()
        .map(|(f, c, l)| (f.to_string(), c.to_string(), Some(*l)))
        .collect()
}

#[test]
fn heading_structure_fires_on_each_flaw() {
    let (code, json) = check_json(&fixture("heading-structure/fires"), &[]);
    assert_eq!(code, 1, "error-level findings give exit status 1");
    assert_eq!(
        findings(&json, "heading-structure/"),
        set(&[
            ("deux-h1.html", "heading-structure/multiple-h1", 9),
            ("sans-h1.md", "heading-structure/no-h1", 1),
            ("saut-de-niveau.md", "heading-structure/skipped-level", 9),
            ("titre-vide.html", "heading-structure/empty", 6),
        ])
    );
}

#[test]
fn heading_structure_is_silent_on_a_correct_outline() {
    let (_, json) = check_json(&fixture("heading-structure/clean"), &[]);
    assert_eq!(findings(&json, "heading-structure/"), BTreeSet::new());
}

#[test]
fn image_alt_fires_on_each_flaw() {
    let (_, json) = check_json(&fixture("image-alt/fires"), &[]);
    assert_eq!(
        findings(&json, "image-alt/"),
        set(&[
            ("alt-nom-de-fichier.md", "image-alt/filename", 3),
            ("alt-vide.md", "image-alt/empty", 3),
            ("sans-alt.html", "image-alt/missing", 6),
        ])
    );
}

#[test]
fn image_alt_is_silent_on_decorative_and_described_images() {
    let (_, json) = check_json(&fixture("image-alt/clean"), &[]);
    assert_eq!(findings(&json, "image-alt/"), BTreeSet::new());
}

#[test]
fn json_follows_the_contract() {
    let (_, json) = check_json(&fixture("soumission-exemple"), &[]);
    assert_eq!(json["version"], 1);
    for key in [
        "submission",
        "deliverables",
        "findings",
        "checklist",
        "summary",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let f = &json["findings"][0];
    for key in [
        "code", "severity", "criteria", "file", "location", "message", "help",
    ] {
        assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
    }
    for key in ["line", "column", "start", "end", "sheet", "cell", "page"] {
        assert!(
            f["location"].get(key).is_some(),
            "location lacks {key}: {f}"
        );
    }
    let kinds: BTreeSet<(String, String, String)> = json["deliverables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["kind"].as_str().unwrap().to_string(),
                d["detected_by"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = [
        ("Dupont_Marie_2_article_blog.md", "blog-article"),
        ("Dupont_Marie_2_budget_112026.csv", "budget"),
        ("Dupont_Marie_2_communique_presse.md", "press-release"),
        ("Dupont_Marie_2_newsletter_mars.html", "newsletter"),
    ]
    .iter()
    .map(|(f, k)| (f.to_string(), k.to_string(), "name".to_string()))
    .collect();
    assert_eq!(kinds, expected);
}

#[test]
fn english_messages_on_request() {
    let (_, fr) = check_json(&fixture("heading-structure/fires"), &[]);
    let (_, en) = check_json(&fixture("heading-structure/fires"), &["--lang", "en"]);
    assert_ne!(fr["findings"][0]["message"], en["findings"][0]["message"]);
    assert_eq!(fr["findings"][0]["code"], en["findings"][0]["code"]);
}

#[test]
fn kind_flag_forces_the_kind_of_one_file() {
    let file = fixture("heading-structure/fires/sans-h1.md");
    let (_, json) = check_json(&file, &["--kind", "blog-article"]);
    assert_eq!(json["deliverables"][0]["detected_by"], "flag");
    assert_eq!(findings(&json, "heading-structure/").len(), 1);
    let out = livrable()
        .arg("check")
        .arg(&file)
        .args(["--kind", "roman"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_missing_path_is_exit_2() {
    let out = livrable()
        .args(["check", "/nonexistent/soumission"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/soumission"));
}

#[test]
fn a_malformed_rule_pack_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/ccm-n6");
    copy_dir(&pack, dir.path());
    std::fs::write(
        dir.path().join("checks/zz-broken.toml"),
        "[[check]]\nid = \"x\"\nkind = 3\n",
    )
    .unwrap();
    let out = livrable()
        .arg("check")
        .arg(fixture("image-alt/clean"))
        .arg("--rules")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("checks/zz-broken.toml:3"), "{err}");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn explain_and_rules_describe_the_pack() {
    let out = livrable()
        .args(["explain", "heading-structure/skipped-level"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Pourquoi"), "{text}");
    let out = livrable()
        .args(["explain", "nope/nothing"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = livrable().args(["rules"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("blog-article"));
}

/// Builds a zip in memory from (name, bytes) entries.
fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, bytes) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn a_zip_with_an_escaping_path_is_refused_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("soumission.zip");
    let article = std::fs::read(fixture("heading-structure/fires/sans-h1.md")).unwrap();
    std::fs::write(
        &zip,
        zip_bytes(&[("../evil.md", b"# pwned\n"), ("article-blog.md", &article)]),
    )
    .unwrap();
    let (code, json) = check_json(&zip, &[]);
    assert_eq!(code, 1);
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"ingest/unsafe-path"), "{codes:?}");
    assert!(codes.contains(&"heading-structure/no-h1"), "{codes:?}");
    let listing: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        listing,
        vec![std::ffi::OsString::from("soumission.zip")],
        "nothing written beside the submission"
    );
    assert!(!dir.path().parent().unwrap().join("evil.md").exists());
}

#[test]
fn a_one_gib_zip_bomb_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("bombe.zip");
    {
        let file = std::fs::File::create(&zip).unwrap();
        let mut w = zip::ZipWriter::new(file);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        w.start_file("budget.csv", opts).unwrap();
        let zeros = vec![b'0'; 1 << 20];
        for _ in 0..1024 {
            w.write_all(&zeros).unwrap();
        }
        w.start_file("article-blog.md", opts).unwrap();
        w.write_all(b"## Pas de titre principal\n").unwrap();
        w.finish().unwrap();
    }
    let started = std::time::Instant::now();
    let (_, json) = check_json(&zip, &[]);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"ingest/too-large"), "{codes:?}");
    assert!(
        codes.contains(&"heading-structure/no-h1"),
        "the rest is still checked: {codes:?}"
    );
}

#[test]
fn a_truncated_workbook_is_reported_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Poste").unwrap();
    sheet.write_number(1, 1, 1500.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    std::fs::write(dir.path().join("budget.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::copy(
        fixture("heading-structure/fires/sans-h1.md"),
        dir.path().join("article-blog.md"),
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = findings(&json, "");
    assert!(
        found
            .iter()
            .any(|(f, c, _)| f == "budget.xlsx" && c == "ingest/unreadable"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(f, c, _)| f == "article-blog.md" && c == "heading-structure/no-h1"),
        "{found:?}"
    );
}

#[test]
fn a_french_excel_csv_is_read() {
    let (_, json) = check_json(
        &fixture("soumission-exemple/Dupont_Marie_2_budget_112026.csv"),
        &[],
    );
    assert_eq!(json["deliverables"][0]["kind"], "budget");
    assert_eq!(findings(&json, "ingest/"), BTreeSet::new());
}

#[test]
fn human_output_is_plain_when_piped() {
    let out = livrable()
        .arg("check")
        .arg(fixture("heading-structure/fires"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}'),
        "no ANSI escapes when stdout is not a terminal"
    );
    assert!(text.contains("saut-de-niveau.md"), "{text}");
    assert!(text.contains("heading-structure/skipped-level"), "{text}");
}

#[test]
fn subtitles_beside_a_video_are_its_captions() {
    let (_, json) = check_json(&fixture("media/video"), &[]);
    let found = findings(&json, "");
    let has = |file: &str, code: &str| found.iter().any(|(f, c, _)| f == file && c == code);
    assert!(!has("clip-conforme.mp4", "video/no-captions"), "{found:?}");
    assert!(
        !has("clip-conforme.vtt", "submission/unrecognised-file"),
        "{found:?}"
    );
    assert!(
        has("clip-sans-sous-titres.mp4", "video/no-captions"),
        "{found:?}"
    );
}

#[test]
fn another_dictionary_can_replace_the_french_one() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("mini");
    std::fs::write(dict.with_extension("aff"), "SET UTF-8\n").unwrap();
    std::fs::write(dict.with_extension("dic"), "2\nsalon\nstand\n").unwrap();
    let article = dir.path().join("article-blog.md");
    std::fs::write(&article, "# Salon\n\nStand salon septante.\n").unwrap();
    let unknown = |args: &[&str]| -> Vec<String> {
        let (_, json) = check_json(&article, args);
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "spelling/unknown-word")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    // The shipped French dictionary knows « septante » (Belgian and Swiss French).
    assert!(unknown(&[]).is_empty(), "{:?}", unknown(&[]));
    let with_mini = unknown(&["--dictionary", dict.to_str().unwrap()]);
    assert_eq!(with_mini.len(), 1, "{with_mini:?}");
    assert!(with_mini[0].contains("septante"), "{with_mini:?}");
    let out = livrable()
        .arg("check")
        .arg(&article)
        .args(["--dictionary", "/nonexistent/fr_BE"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
