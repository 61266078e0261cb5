//! `livrable cohort`, end to end on a class of five built from the fixtures: a clean Word
//! and Excel submission in a Moodle folder, a Moodle folder holding the candidate's own
//! `.zip` (the flawed twin), an unreadable `.zip`, and the plan and the budget of
//! `fixtures/plans/coherence` handed in by two different candidates (merged, they would
//! contradict each other). The same class as Moodle's « download all » archive gives the
//! same table. The CSV is read by a CSV reader, the workbook by calamine, the page by
//! Chromium with axe-core (vendored in `tests/vendor/axe-core`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

const AXE: &str = include_str!("vendor/axe-core/axe.min.js");

const CAMILLE: &str = "Camille Laurent_101_assignsubmission_file_";
const ZOE: &str = "Zoé Martin_102_assignsubmission_file_";
const LEA: &str = "Léa Martin_103_assignsubmission_file_";
const HUGO: &str = "Hugo Roux_104_assignsubmission_file_";

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

fn copy_files(from: &Path, to: &Path, only: impl Fn(&str) -> bool) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if only(&name) {
            fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// A zip of `files` (name, bytes), deflated.
fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in files {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn files_of(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                format!("{prefix}{}", e.file_name().to_string_lossy()),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The class of five as folders, in `root/classe`.
fn class(root: &Path) -> PathBuf {
    let dir = root.join("classe");
    copy_files(
        &fixture("candidat-word/c1-6-propre"),
        &dir.join(CAMILLE),
        |_| true,
    );
    let zoe = dir.join(ZOE);
    fs::create_dir_all(&zoe).unwrap();
    let own = zip_of(&files_of(&fixture("candidat-word/c1-6-fautes"), ""));
    fs::write(zoe.join("rendu final.zip"), own).unwrap();
    fs::write(
        dir.join("Adam Petit.zip"),
        b"PK\x03\x04 truncated, not an archive",
    )
    .unwrap();
    copy_files(&fixture("plans/coherence"), &dir.join(LEA), |n| {
        n.contains("plan")
    });
    copy_files(&fixture("plans/coherence"), &dir.join(HUGO), |n| {
        !n.contains("plan")
    });
    // A teacher's list beside the folders is not a candidate.
    fs::write(dir.join("liste.csv"), "nom;prénom\n").unwrap();
    dir
}

/// The same class as Moodle's « download all submissions » archive (without the
/// unreadable zip, which Moodle would have stored as the candidate's file).
fn moodle_zip(root: &Path, class: &Path) -> PathBuf {
    let mut files = Vec::new();
    for folder in [CAMILLE, ZOE, LEA, HUGO] {
        files.extend(files_of(&class.join(folder), &format!("{folder}/")));
    }
    let path = root.join("Communication-Devoir 3-1234.zip");
    fs::write(&path, zip_of(&files)).unwrap();
    path
}

fn cohort(dir: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let run = Command::cargo_bin("livrable")
        .unwrap()
        .arg("cohort")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    (
        run.status.code().unwrap_or(-1),
        String::from_utf8(run.stdout).unwrap(),
        String::from_utf8(run.stderr).unwrap(),
    )
}

/// cohorte.csv as records (header first), read by the csv crate.
fn csv_records(out: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(out.join("cohorte.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn column(records: &[Vec<String>], name: &str) -> usize {
    records[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", records[0]))
}

fn row<'a>(records: &'a [Vec<String>], candidate: &str) -> &'a [String] {
    records
        .iter()
        .find(|r| r[0] == candidate)
        .unwrap_or_else(|| panic!("no row for {candidate}"))
}

#[test]
fn a_class_of_five_each_checked_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = class(tmp.path());
    let out = tmp.path().join("résultats");
    let (code, stdout, stderr) = cohort(&dir, &out, &["--format", "jsonl"]);
    // One candidate could not be checked: the batch went on, and says so.
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("Adam Petit"), "{stderr}");
    assert!(stderr.contains("liste.csv"), "{stderr}");

    let records = csv_records(&out);
    assert_eq!(records.len(), 6, "{records:?}");
    let names: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "Adam Petit",
            "Camille Laurent",
            "Hugo Roux",
            "Léa Martin",
            "Zoé Martin"
        ]
    );
    let errors = column(&records, "Erreurs");
    let problem = column(&records, "Non vérifié, pourquoi");

    // The clean Word and Excel submission: « atteint » on every C1.6 criterion.
    let camille = row(&records, "Camille Laurent");
    assert_eq!(camille[errors], "0");
    for id in ["C1.6/CE1", "C1.6/CE2", "C1.6/CE3", "C1.6/CE4"] {
        assert_eq!(camille[column(&records, id)], "atteint", "{id}");
    }
    // The candidate's own zip inside the Moodle folder was read: the flawed twin's errors.
    let zoe = row(&records, "Zoé Martin");
    assert!(zoe[errors].parse::<u32>().unwrap() > 0, "{zoe:?}");
    assert_eq!(zoe[column(&records, "C1.6/CE2")], "non atteint");
    // The unreadable archive: a row with the reason, no counts.
    let adam = row(&records, "Adam Petit");
    assert_eq!(adam[errors], "");
    assert!(adam[problem].contains("zip"), "{adam:?}");

    // JSON Lines: one per candidate, each with its own files only.
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON document per line"))
        .collect();
    assert_eq!(lines.len(), 5);
    let report_of = |name: &str| {
        lines
            .iter()
            .find(|l| l["candidate"] == name)
            .unwrap_or_else(|| panic!("no line for {name}"))
    };
    assert!(report_of("Adam Petit")["failure"].is_string());
    // Léa's plan and Hugo's budget would contradict each other in one submission
    // (plan/action-not-budgeted, plan/budget-total-differs): apart, nothing crosses.
    for name in ["Léa Martin", "Hugo Roux"] {
        let report = &report_of(name)["report"];
        let files: Vec<&str> = report["deliverables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap())
            .collect();
        for f in report["findings"].as_array().unwrap() {
            let code = f["code"].as_str().unwrap();
            assert!(
                !code.starts_with("plan/action-not") && code != "plan/budget-total-differs",
                "{name}: {code} mixes two candidates"
            );
            let file = f["file"].as_str().unwrap();
            assert!(file.is_empty() || files.contains(&file), "{name}: {file}");
        }
    }
    assert!(report_of("Léa Martin")["report"]["deliverables"]
        .to_string()
        .contains("plan_de_communication"));
    assert!(!report_of("Léa Martin")["report"]["deliverables"]
        .to_string()
        .contains("budget"));

    // One grid and one report page per checked candidate, named on its grid.
    let grids: Vec<String> = fs::read_dir(out.join("grilles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(grids.len(), 4, "{grids:?}");
    let camille_grid = report_of("Camille Laurent")["grid"].as_str().unwrap();
    let grid = fs::read_to_string(out.join(camille_grid)).unwrap();
    assert!(grid.contains("data-candidate=\"Camille Laurent\""));
    assert_eq!(fs::read_dir(out.join("rapports")).unwrap().count(), 4);
    // Nothing was written into the class's folder.
    assert!(!dir.join("index.html").exists());

    // The workbook, read back by calamine: the same table.
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(out.join("cohorte.xlsx")).unwrap();
    let sheet = book.worksheet_range("Cohorte").unwrap();
    assert_eq!(sheet.height(), 6);
    let header: Vec<String> = (0..sheet.width())
        .map(|c| sheet.get((0, c)).map(|d| d.to_string()).unwrap_or_default())
        .collect();
    let ce1 = header.iter().position(|h| h == "C1.6/CE1").unwrap();
    let camille_row = (1..6)
        .find(|&r| sheet.get((r, 0)) == Some(&Data::String("Camille Laurent".into())))
        .unwrap();
    assert_eq!(
        sheet.get((camille_row, ce1)),
        Some(&Data::String("✔ atteint".into()))
    );
    assert_eq!(sheet.get((camille_row, 4)), Some(&Data::Float(0.0)));

    // The same class as the platform's archive: the same statuses.
    let zip = moodle_zip(tmp.path(), &dir);
    let out_zip = tmp.path().join("depuis-zip");
    let (code, _, stderr) = cohort(&zip, &out_zip, &[]);
    assert_eq!(code, 0, "{stderr}");
    let from_zip = csv_records(&out_zip);
    assert_eq!(from_zip.len(), 5);
    for r in &from_zip[1..] {
        let folder_row = row(&records, &r[0]);
        assert_eq!(r[3..], folder_row[3..], "{}", r[0]);
    }
}

#[test]
fn the_output_folder_is_never_inside_the_class() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = class(tmp.path());
    let (code, _, stderr) = cohort(&dir, &dir.join("sortie"), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("dans le dossier de la cohorte"), "{stderr}");
    assert!(!dir.join("sortie").exists());
}

#[test]
fn the_class_page_sorts_links_and_passes_axe_core_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = class(tmp.path());
    let out = tmp.path().join("sortie");
    cohort(&dir, &out, &[]);
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    // Each status cell leads to the criterion in the candidate's grid, which exists.
    let link = page
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .find(|h| h.starts_with("grilles/") && h.contains("#C1-6-CE1"))
        .expect("a link to a criterion of a grid");
    let (file, anchor) = link.split_once('#').unwrap();
    let grid = fs::read_to_string(out.join(file)).unwrap();
    assert!(grid.contains(&format!("id=\"{anchor}\"")), "{anchor}");

    // In Chromium: sort by errors (a button in the header), then run axe-core; the
    // results are written into the page for --dump-dom to give back.
    let probe = format!(
        "{page}<script>{AXE}</script><script>
        (function () {{
          var head = Array.prototype.slice.call(document.querySelectorAll('thead th'));
          var errors = head.find(function (th) {{ return th.textContent.indexOf('Erreurs') === 0; }});
          errors.querySelector('button').click();
          errors.querySelector('button').click();
          var names = Array.prototype.map.call(document.querySelectorAll('tbody th'),
            function (th) {{ return th.textContent.trim(); }});
          axe.run(document, {{resultTypes: ['violations']}}).then(function (r) {{
            var out = document.createElement('pre');
            out.id = 'probe';
            out.textContent = JSON.stringify({{sort: errors.getAttribute('aria-sort'), names: names,
              violations: r.violations.map(function (v) {{ return {{id: v.id, nodes: v.nodes.map(function (n) {{ return n.html; }}).slice(0, 3)}}; }})}});
            document.body.appendChild(out);
          }});
        }})();
        </script>"
    );
    let probe_path = out.join("probe.html");
    fs::write(&probe_path, probe).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let dom = Process::new(chromium)
        .args(HEADLESS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--virtual-time-budget=20000")
        .arg("--dump-dom")
        .arg(format!("file://{}", probe_path.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + 16;
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let probe: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(probe["sort"], "descending", "{probe}");
    let names: Vec<&str> = probe["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    // Most errors first (the flawed twin), the unreadable candidate (no count) last.
    assert_eq!(names.first(), Some(&"Zoé Martin"), "{names:?}");
    assert_eq!(names.last(), Some(&"Adam Petit"), "{names:?}");
    assert_eq!(
        probe["violations"].as_array().unwrap().len(),
        0,
        "axe-core: {:#}",
        probe["violations"]
    );
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
