//! End-to-end tests of `livrable check SUBMISSION --annotate OUT`: the binary on a
//! submission of Word plans, workbooks and decks made by python-docx, Excel-like tools,
//! python-pptx and LibreOffice, the copies read back by other tools (openpyxl and the
//! standard library through `tests/annotate/readback.py`, LibreOffice headless), compared
//! part by part with their originals, and checked again by livrable.
//!
//! Needs `python3` with openpyxl and LibreOffice (`soffice`); `.ci/run` installs them.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn livrable() -> Command {
    let mut cmd = Command::cargo_bin("livrable").expect("binary built");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// The office files of the submission: (name in the submission, fixture). The first
/// [`ANNOTATED`] have findings and get a copy.
const FILES: &[(&str, &str)] = &[
    // rust_xlsxwriter (as Excel writes them): merged title, formulas with cached values.
    (
        "budget-formule-courte.xlsx",
        "fixtures/plans/budget-gantt/fires/budget-formule-courte.xlsx",
    ),
    // Gantt bars as filled cells, a merged title, a finding on a cell never written.
    (
        "gantt-couleurs-sans-responsable.xlsx",
        "fixtures/plans/budget-gantt/fires/gantt-couleurs-sans-responsable.xlsx",
    ),
    // openpyxl, with a mentor's notes already there.
    (
        "budget-note-mentor.xlsx",
        "fixtures/annotate/budget-note-mentor.xlsx",
    ),
    // LibreOffice Calc.
    (
        "budget-formule-courte.ods",
        "fixtures/plans/budget-gantt/fires/budget-formule-courte.ods",
    ),
    (
        "gantt-couleurs-tache-vide.ods",
        "fixtures/plans/budget-gantt/fires/gantt-couleurs-tache-vide.ods",
    ),
    // python-pptx, with a mentor's comment already there.
    (
        "diaporama-soutenance.pptx",
        "fixtures/annotate/diaporama-soutenance.pptx",
    ),
    // python-docx (as Word writes them): a heading, an image, a Gantt table.
    (
        "Laurent_Camille_plan_de_communication.docx",
        "fixtures/candidat-word/c1-6-fautes/Laurent_Camille_plan_de_communication.docx",
    ),
    // The same with a mentor's comment and a misspelt word inside a run.
    ("plan-commente.docx", "fixtures/annotate/plan-commente.docx"),
    // LibreOffice Writer, saved as DOCX and as ODT.
    (
        "plan-writer.docx",
        "fixtures/annotate/plan-libreoffice.docx",
    ),
    ("plan-writer.odt", "fixtures/annotate/plan-libreoffice.odt"),
    // No finding: no copy.
    (
        "propre/budget.xlsx",
        "fixtures/plans/budget-gantt/clean/budget.xlsx",
    ),
];

/// Files in formats that cannot carry comments, each with findings: no copy, their
/// findings in `rapport.html`.
const NOT_COMMENTED: &[(&str, &str)] = &[
    (
        "rapport-non-balise.pdf",
        "fixtures/media/pdf/rapport-non-balise.pdf",
    ),
    (
        "clip-basse-definition.mp4",
        "fixtures/media/video/clip-basse-definition.mp4",
    ),
    (
        "article_blog.md",
        "fixtures/heading-structure/fires/saut-de-niveau.md",
    ),
    (
        "newsletter.html",
        "fixtures/heading-structure/fires/deux-h1.html",
    ),
];

/// How many of [`FILES`] get a copy.
const ANNOTATED: usize = 10;

/// Files made hostile by the test, which get an `ingest/` finding and no copy: (name, code).
const HOSTILE: &[(&str, &str)] = &[
    ("budget-tronque.xlsx", "ingest/unreadable"),
    ("plan-bombe.docx", "ingest/unreadable"),
];

/// A DOCX whose `document.xml` unpacks 4 MiB of spaces from a few kilobytes.
fn docx_bomb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>").unwrap();
    zip.write_all(&vec![b' '; 4 << 20]).unwrap();
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    zip.finish().unwrap().into_inner()
}

/// A run of the binary on a fresh submission.
struct Run {
    _dir: tempfile::TempDir,
    sub: PathBuf,
    out: PathBuf,
    json: Value,
    stderr: String,
    status: i32,
}

impl Run {
    /// The findings about `file`, those another explains included (each is written at
    /// its own place in the copy).
    fn findings(&self, file: &str) -> Vec<&Value> {
        self.json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .flat_map(|f| {
                let explained = f["explains"].as_array().into_iter().flatten();
                std::iter::once(f).chain(explained)
            })
            .filter(|f| f["file"] == file)
            .collect()
    }

    /// The copy of a submitted file.
    fn copy(&self, file: &str) -> PathBuf {
        let (stem, ext) = file.rsplit_once('.').unwrap();
        self.out.join(format!("{stem} (relu).{ext}"))
    }
}

/// [`FILES`], [`NOT_COMMENTED`], a truncated XLSX and a DOCX zip bomb, checked with
/// `--annotate`.
fn annotated() -> Run {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("soumission");
    for (name, fixture) in FILES.iter().chain(NOT_COMMENTED) {
        let to = sub.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(fixture), &to).unwrap();
    }
    let budget = std::fs::read(root().join(FILES[0].1)).unwrap();
    std::fs::write(sub.join("budget-tronque.xlsx"), &budget[..budget.len() / 2]).unwrap();
    std::fs::write(sub.join("plan-bombe.docx"), docx_bomb()).unwrap();
    let out = dir.path().join("relu");
    let output = livrable()
        .arg("check")
        .arg(&sub)
        .args(["--format", "json", "--annotate"])
        .arg(&out)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    Run {
        _dir: dir,
        sub,
        out,
        json,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        status: output.status.code().unwrap_or(-1),
    }
}

/// Every entry of a zip: name → (unpacked bytes, CRC, compression).
fn entries(path: &Path) -> BTreeMap<String, (Vec<u8>, u32, zip::CompressionMethod)> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.insert(
            entry.name().unwrap().to_string(),
            (data, entry.crc32(), entry.compression()),
        );
    }
    out
}

/// The parts an annotated copy may change or add; every other part is the original's.
fn may_change(file: &str, part: &str) -> bool {
    if file.ends_with(".ods") || file.ends_with(".odt") {
        return part == "content.xml";
    }
    if file.ends_with(".docx") {
        return part == "[Content_Types].xml"
            || part == "word/document.xml"
            || part == "word/_rels/document.xml.rels"
            || part == "word/comments.xml";
    }
    if file.ends_with(".pptx") {
        return part == "[Content_Types].xml"
            || part == "ppt/_rels/presentation.xml.rels"
            || part == "ppt/commentAuthors.xml"
            || (part.starts_with("ppt/comments/") && part.ends_with(".xml"))
            || (part.starts_with("ppt/slides/_rels/") && part.ends_with(".xml.rels"));
    }
    part == "[Content_Types].xml"
        || part == "xl/styles.xml"
        || (part.starts_with("xl/worksheets/") && part.ends_with(".xml"))
        || (part.starts_with("xl/worksheets/_rels/") && part.ends_with(".xml.rels"))
        || (part.starts_with("xl/comments") && part.ends_with(".xml"))
        || (part.starts_with("xl/drawings/") && part.ends_with(".vml"))
}

#[test]
fn copies_are_the_originals_plus_the_notes() {
    let run = annotated();
    assert_eq!(run.status, 1, "error-level findings: {}", run.stderr);
    let mut written: BTreeSet<String> = BTreeSet::new();
    for entry in walk(&run.out) {
        written.insert(entry);
    }
    let expected: BTreeSet<String> = [
        "budget-formule-courte (relu).xlsx",
        "gantt-couleurs-sans-responsable (relu).xlsx",
        "budget-note-mentor (relu).xlsx",
        "budget-formule-courte (relu).ods",
        "gantt-couleurs-tache-vide (relu).ods",
        "diaporama-soutenance (relu).pptx",
        "Laurent_Camille_plan_de_communication (relu).docx",
        "plan-commente (relu).docx",
        "plan-writer (relu).docx",
        "plan-writer (relu).odt",
        "rapport.html",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(written, expected, "{}", run.stderr);
    // The hostile files have their finding and no copy; the run says so.
    for (hostile, code) in HOSTILE {
        let codes: Vec<&str> = run
            .findings(hostile)
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, [*code], "{hostile}");
        assert!(
            run.stderr
                .contains(&format!("{hostile} : pas de copie annotée")),
            "{}",
            run.stderr
        );
    }
    assert!(run.findings("propre/budget.xlsx").is_empty());
    // Part by part.
    for (name, _) in &FILES[..ANNOTATED] {
        let original = entries(&run.sub.join(name));
        let copy = entries(&run.copy(name));
        let mut changed = Vec::new();
        for (part, (bytes, crc, method)) in &original {
            let (new_bytes, new_crc, new_method) = copy
                .get(part)
                .unwrap_or_else(|| panic!("{name}: part {part} is missing from the copy"));
            if new_bytes != bytes {
                assert!(may_change(name, part), "{name}: part {part} changed");
                changed.push(part.clone());
            } else {
                assert_eq!((crc, method), (new_crc, new_method), "{name}: {part}");
            }
        }
        for part in copy.keys().filter(|p| !original.contains_key(*p)) {
            assert!(may_change(name, part), "{name}: part {part} added");
            changed.push(part.clone());
        }
        assert!(!changed.is_empty(), "{name}: nothing annotated");
    }
    // The originals are untouched.
    for (name, fixture) in FILES {
        assert_eq!(
            std::fs::read(run.sub.join(name)).unwrap(),
            std::fs::read(root().join(fixture)).unwrap(),
            "{name}"
        );
    }
}

/// The files under `dir`, `/`-separated.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            out.extend(walk(&path).into_iter().map(|p| format!("{name}/{p}")));
        } else {
            out.push(name);
        }
    }
    out
}

/// `readback.py` on some files: their comments, and the fills and borders of cells.
fn readback(files: &[PathBuf]) -> Value {
    let output = Process::new("python3")
        .arg(root().join("tests/annotate/readback.py"))
        .args(files)
        .output()
        .expect("python3 runs (install python3 and python3-openpyxl: .ci/run does)");
    assert!(
        output.status.success(),
        "readback.py failed (python3-openpyxl installed?): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// True for the word-processing documents, whose findings each get their own comment.
fn is_text(file: &str) -> bool {
    file.ends_with(".docx") || file.ends_with(".odt")
}

/// Where a finding's comment is, as readback.py names places: `Sheet!A1` (A1 of the
/// first sheet for a finding on the whole workbook), `slide N` (slide 1 for the whole
/// deck), `table T row R column C` or `paragraph N` (paragraph 1 for the whole document).
fn place(file: &str, finding: &Value, first_sheet: &str) -> String {
    let location = &finding["location"];
    if is_text(file) {
        let cell = &location["table"];
        if cell.is_object() {
            return format!(
                "table {} row {} column {}",
                cell["table"], cell["row"], cell["column"]
            );
        }
        return format!("paragraph {}", location["paragraph"].as_u64().unwrap_or(1));
    }
    if file.ends_with(".pptx") {
        let slide = location["slide"].as_u64().or(location["page"].as_u64());
        return format!("slide {}", slide.unwrap_or(1));
    }
    let sheet = location["sheet"].as_str().unwrap_or(first_sheet);
    format!("{sheet}!{}", location["cell"].as_str().unwrap_or("A1"))
}

/// For each file, its copy's comments by place must hold exactly the findings at that
/// place (each one's code), and be authored « livrable »: one note per place in a
/// workbook or a deck, one comment per finding in a text document (those on the whole
/// document in one).
fn assert_notes_at_findings(
    run: &Run,
    files: &[&str],
    back: &Value,
    copy_of: impl Fn(&str) -> PathBuf,
) {
    for file in files {
        let copy = copy_of(file);
        let comments = back[copy.to_str().unwrap()]["comments"]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: no comments read back"));
        let first_sheet = if file.contains("gantt") {
            "Planning"
        } else {
            "Budget"
        };
        let mut want: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for f in run.findings(file) {
            want.entry(place(file, f, first_sheet)).or_default().push(f);
        }
        // Ours: authored « livrable », or added to a note already there (Excel keeps one
        // author per note), after a line « livrable: ». The others are kept.
        let ours: Vec<&Value> = comments
            .iter()
            .filter(|c| {
                c["author"] == "livrable" || c["text"].as_str().unwrap().contains("\n\nlivrable:\n")
            })
            .collect();
        let places: BTreeSet<String> = ours
            .iter()
            .map(|c| c["place"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            places,
            want.keys().cloned().collect::<BTreeSet<_>>(),
            "{file}: {comments:#?}"
        );
        // Each finding in a comment at its place: the message, the help's first sentence
        // and the code, in French.
        for (place, findings) in &want {
            for finding in findings {
                let code = finding["code"].as_str().unwrap();
                let message = finding["message"].as_str().unwrap();
                let help = finding["help"].as_str().unwrap();
                let first = help.split(". ").next().unwrap().trim_end_matches('.');
                assert!(
                    ours.iter().any(|c| {
                        let text = c["text"].as_str().unwrap();
                        c["place"] == place.as_str()
                            && text.contains(&format!("[{code}]"))
                            && text.contains(message)
                            && text.contains(first)
                    }),
                    "{file}: {code} at {place}: {comments:#?}"
                );
            }
        }
        let codes: usize = ours
            .iter()
            .map(|c| c["text"].as_str().unwrap().matches("\n[").count())
            .sum();
        assert_eq!(codes, run.findings(file).len(), "{file}: each finding once");
        if is_text(file) {
            let whole = run
                .findings(file)
                .iter()
                .filter(|f| {
                    f["location"]["paragraph"].is_null() && f["location"]["table"].is_null()
                })
                .count();
            let expected = run.findings(file).len() - whole + usize::from(whole > 0);
            assert_eq!(ours.len(), expected, "{file}: one comment per finding");
        } else {
            assert_eq!(ours.len(), places.len(), "{file}: one note per place");
        }
    }
}

#[test]
fn xlsx_notes_sit_on_the_findings_cells_and_keep_the_candidates_colours() {
    let run = annotated();
    let files = [
        "budget-formule-courte.xlsx",
        "gantt-couleurs-sans-responsable.xlsx",
        "budget-note-mentor.xlsx",
    ];
    let mut paths: Vec<PathBuf> = files.iter().map(|f| run.copy(f)).collect();
    paths.extend(files.iter().map(|f| run.sub.join(f)));
    let back = readback(&paths);
    assert_notes_at_findings(&run, &files, &back, |f| run.copy(f));
    for file in files {
        let copy = &back[run.copy(file).to_str().unwrap()];
        let original = &back[run.sub.join(file).to_str().unwrap()];
        for f in run.findings(file) {
            if f["location"]["cell"].is_null() {
                continue;
            }
            let place = place(file, f, "");
            let cell = &copy["cells"][&place];
            assert_eq!(
                (cell["border"].as_str(), cell["border_colour"].as_str()),
                (Some("medium"), Some("FFE00000")),
                "{file} {place}: highlighted"
            );
            assert_eq!(
                cell["fill"], original["cells"][&place]["fill"],
                "{file} {place}: the candidate's fill is kept"
            );
        }
        // Fills elsewhere untouched (Gantt bars).
        for (place, cell) in original["cells"].as_object().unwrap() {
            assert_eq!(copy["cells"][place]["fill"], cell["fill"], "{file} {place}");
        }
    }
    // A Gantt bar outside the period: its blue stays, the border is added.
    let gantt = &back[run
        .copy("gantt-couleurs-sans-responsable.xlsx")
        .to_str()
        .unwrap()];
    assert_eq!(gantt["cells"]["Planning!E7"]["fill"], "FF4472C4");
    // The mentor's notes are kept; ours follows the one on the total.
    let mentor = back[run.copy("budget-note-mentor.xlsx").to_str().unwrap()]["comments"]
        .as_array()
        .unwrap();
    let on = |place: &str| {
        mentor
            .iter()
            .find(|c| c["place"] == place)
            .unwrap_or_else(|| panic!("no note on {place}: {mentor:#?}"))["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        on("Budget!C5"),
        "Mentor : un seul devis ? Demandes-en un second."
    );
    let total = on("Budget!D8");
    assert!(
        total.starts_with("Mentor : vérifie ce total avant l'envoi.\n\nlivrable:"),
        "{total}"
    );
    assert!(total.contains("[budget/total-mismatch]"), "{total}");
}

#[test]
fn copies_give_the_same_findings_as_their_originals() {
    let run = annotated();
    // The submission again, each annotated file replaced by its copy under its own name
    // (so that every file is classified and cross-checked as before).
    let again = run.out.join("again");
    for name in walk(&run.sub) {
        let to = again.join(&name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let from = if run.copy(&name).exists() {
            run.copy(&name)
        } else {
            run.sub.join(&name)
        };
        std::fs::copy(from, to).unwrap();
    }
    let output = livrable()
        .arg("check")
        .arg(&again)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let key = |f: &Value| {
        (
            f["file"].as_str().unwrap().to_string(),
            f["code"].as_str().unwrap().to_string(),
            f["location"].to_string(),
            f["message"].as_str().unwrap().to_string(),
        )
    };
    let got: BTreeSet<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(key)
        .collect();
    let want: BTreeSet<_> = run.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(key)
        .collect();
    assert_eq!(got, want);
}

/// LibreOffice headless converts `files` to `format` into `out`; true when it exited well.
fn soffice(files: &[PathBuf], format: &str, out: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let status = Process::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .expect("LibreOffice runs (install libreoffice-calc: .ci/run does)");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn libreoffice_opens_every_copy_and_reads_its_comments() {
    let run = annotated();
    let copies: Vec<PathBuf> = FILES[..ANNOTATED]
        .iter()
        .map(|(n, _)| run.copy(n))
        .collect();
    let pdf = run.out.join("pdf");
    soffice(&copies, "pdf", &pdf);
    for copy in &copies {
        let stem = copy.file_stem().unwrap().to_string_lossy();
        let bytes = std::fs::read(pdf.join(format!("{stem}.pdf")))
            .unwrap_or_else(|_| panic!("LibreOffice did not convert {stem}"));
        assert!(bytes.starts_with(b"%PDF") && bytes.len() > 1000, "{stem}");
    }
    // The ODS notes as LibreOffice reads them: saved as XLSX by LibreOffice, read back.
    let ods = ["budget-formule-courte.ods", "gantt-couleurs-tache-vide.ods"];
    let xlsx = run.out.join("xlsx");
    soffice(
        &ods.iter().map(|f| run.copy(f)).collect::<Vec<_>>(),
        "xlsx",
        &xlsx,
    );
    let converted = |f: &str| {
        let stem = run
            .copy(f)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        xlsx.join(format!("{stem}.xlsx"))
    };
    let back = readback(&ods.iter().map(|f| converted(f)).collect::<Vec<_>>());
    assert_notes_at_findings(&run, &ods, &back, converted);
    for file in ods {
        let book = &back[converted(file).to_str().unwrap()];
        for comment in book["comments"].as_array().unwrap() {
            assert_eq!(comment["author"], "livrable", "{file}");
        }
    }
    // The deck's comments as Impress reads them: saved as ODP, read back.
    let deck = "diaporama-soutenance.pptx";
    let odp = run.out.join("odp");
    soffice(&[run.copy(deck)], "odp", &odp);
    let converted = odp.join("diaporama-soutenance (relu).odp");
    let back = readback(std::slice::from_ref(&converted));
    assert_notes_at_findings(&run, &[deck], &back, |_| converted.clone());
    let comments = back[converted.to_str().unwrap()]["comments"]
        .as_array()
        .unwrap();
    assert!(
        comments.iter().any(|c| c["author"] == "Mentor"),
        "{comments:#?}"
    );
    // The plans' comments as Writer reads them: the DOCX copies saved as ODT, the ODT
    // copy as DOCX, read back.
    let docx = [
        "Laurent_Camille_plan_de_communication.docx",
        "plan-commente.docx",
        "plan-writer.docx",
    ];
    let odt = run.out.join("odt");
    soffice(
        &docx.iter().map(|f| run.copy(f)).collect::<Vec<_>>(),
        "odt",
        &odt,
    );
    let as_odt = |f: &str| {
        let stem = run
            .copy(f)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        odt.join(format!("{stem}.odt"))
    };
    let back = readback(&docx.iter().map(|f| as_odt(f)).collect::<Vec<_>>());
    assert_notes_at_findings(&run, &docx, &back, as_odt);
    let word = run.out.join("word");
    soffice(
        &[run.copy("plan-writer.odt")],
        "docx:MS Word 2007 XML",
        &word,
    );
    let as_docx = word.join("plan-writer (relu).docx");
    let back = readback(std::slice::from_ref(&as_docx));
    assert_notes_at_findings(&run, &["plan-writer.odt"], &back, |_| as_docx.clone());
}

#[test]
fn pptx_comments_sit_on_the_findings_slides_beside_the_mentors() {
    let run = annotated();
    let deck = "diaporama-soutenance.pptx";
    let back = readback(&[run.copy(deck)]);
    assert_notes_at_findings(&run, &[deck], &back, |f| run.copy(f));
    let comments = back[run.copy(deck).to_str().unwrap()]["comments"]
        .as_array()
        .unwrap();
    let mentor: Vec<&Value> = comments
        .iter()
        .filter(|c| c["author"] == "Mentor")
        .collect();
    assert_eq!(mentor.len(), 1, "{comments:#?}");
    assert_eq!(mentor[0]["place"], "slide 2");
    assert_eq!(mentor[0]["text"], "Mentor : ajoute la date du salon.");
}

/// A text as maud writes it in a page.
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn rapport_html_stands_alone_shows_every_finding_and_offers_the_copies() {
    let run = annotated();
    let page = std::fs::read_to_string(run.out.join("rapport.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page:.200}");
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(page.contains("Ce rapport accompagne les copies annotées"));
    // Nothing loaded from elsewhere: the style is inline, no script, no link out.
    assert!(page.contains("<style>"));
    for outside in ["<link", "<script", "src=\"http", "href=\"http", "href=\"/"] {
        assert!(!page.contains(outside), "{outside}");
    }
    // Its downloads are the copies beside it, linked relative to the page.
    let linked: BTreeSet<String> = page
        .split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .filter(|href| !href.starts_with('#'))
        .map(|href| {
            percent_encoding::percent_decode_str(href)
                .decode_utf8()
                .unwrap()
                .into_owned()
        })
        .collect();
    let copies: BTreeSet<String> = walk(&run.out)
        .into_iter()
        .filter(|name| name != "rapport.html")
        .collect();
    assert_eq!(linked, copies);
    // Every finding of every file is on the page, those of files no copy carries too.
    for f in run.json["findings"].as_array().unwrap() {
        let message = html_escaped(f["message"].as_str().unwrap());
        assert!(page.contains(&message), "{message}");
    }
    for (name, _) in NOT_COMMENTED {
        assert!(!run.findings(name).is_empty(), "{name} has findings");
        let (stem, _) = name.rsplit_once('.').unwrap();
        assert!(
            !walk(&run.out).iter().any(|n| n.starts_with(stem)),
            "{name}: no copy"
        );
    }
}

#[test]
fn comments_and_page_are_in_the_reports_language() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("submission");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        root().join("fixtures/annotate/plan-commente.docx"),
        sub.join("plan.docx"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = livrable()
        .arg("check")
        .arg(&sub)
        .args(["--lang", "en", "--format", "json", "--annotate"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Annotated copies and report written to"),
        "{stderr}"
    );
    let copy = out.join("plan (relu).docx");
    let back = readback(std::slice::from_ref(&copy));
    let ours: Vec<&Value> = back[copy.to_str().unwrap()]["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["author"] == "livrable")
        .collect();
    assert!(ours.len() > 2, "{ours:#?}");
    for c in &ours {
        let text = c["text"].as_str().unwrap();
        assert!(
            ["error: ", "warning: ", "info: ", "On the whole document:\n"]
                .iter()
                .any(|start| text.starts_with(start)),
            "{text}"
        );
    }
    let page = std::fs::read_to_string(out.join("rapport.html")).unwrap();
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("This report comes with the annotated copies"));
    assert!(
        page.contains("plan.docx, with the findings as comments ("),
        "{page}"
    );
}

/// The comments of a text document read back, our own only, by the code in their text.
fn comment_with<'a>(comments: &'a [Value], code: &str) -> &'a Value {
    comments
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains(&format!("[{code}]")))
        .unwrap_or_else(|| panic!("no comment for {code}: {comments:#?}"))
}

#[test]
fn docx_and_odt_comments_sit_on_the_findings_paragraphs_cells_and_words() {
    let run = annotated();
    let files = [
        "Laurent_Camille_plan_de_communication.docx",
        "plan-commente.docx",
        "plan-writer.docx",
        "plan-writer.odt",
    ];
    let back = readback(&files.iter().map(|f| run.copy(f)).collect::<Vec<_>>());
    assert_notes_at_findings(&run, &files, &back, |f| run.copy(f));
    for file in files {
        let comments = back[run.copy(file).to_str().unwrap()]["comments"]
            .as_array()
            .unwrap();
        // The heading is the comment's span, and the task's cell.
        let heading = comment_with(comments, "heading-structure/skipped-level");
        assert_eq!(heading["anchored"], "Objectif stratégique", "{file}");
        let task = comment_with(comments, "gantt/empty-task");
        assert_eq!(task["anchored"], "Annonce dans Ouest-France", "{file}");
    }
    // The misspelt word in the middle of a run (of a text node in the ODT, saved by
    // Writer from the commented plan): the comment spans that word only.
    for file in ["plan-commente.docx", "plan-writer.odt"] {
        let comments = back[run.copy(file).to_str().unwrap()]["comments"]
            .as_array()
            .unwrap();
        let word = comment_with(comments, "spelling/unknown-word");
        assert_eq!(word["anchored"], "programe", "{file}");
        let mentor = comments.iter().filter(|c| c["author"] == "Mentor").count();
        assert_eq!(mentor, 1, "{file}: the mentor's comment is kept");
    }
    let commented = back[run.copy("plan-commente.docx").to_str().unwrap()]["comments"]
        .as_array()
        .unwrap();
    // The finding on the whole document opens the first paragraph.
    let whole = comment_with(commented, "spelling/error-rate");
    assert_eq!(whole["place"], "paragraph 1");
    assert!(
        whole["text"]
            .as_str()
            .unwrap()
            .starts_with("Sur l'ensemble du document :\n"),
        "{whole:#?}"
    );
    // The mentor's comment is kept, where it was.
    let mentor: Vec<&Value> = commented
        .iter()
        .filter(|c| c["author"] == "Mentor")
        .collect();
    assert_eq!(mentor.len(), 1, "{commented:#?}");
    assert_eq!(mentor[0]["place"], "paragraph 5");
    assert_eq!(
        mentor[0]["text"],
        "Mentor : chiffre la baisse de fréquentation en visiteurs."
    );
    assert!(mentor[0]["anchored"]
        .as_str()
        .unwrap()
        .starts_with("Les Jardins de Loire est"));
}

#[test]
fn an_output_folder_inside_the_submission_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("soumission");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(root().join(FILES[0].1), sub.join("budget.xlsx")).unwrap();
    for out in [
        sub.join("relu"),
        sub.clone(),
        dir.path().join("x/../soumission/a/b"),
    ] {
        let output = livrable()
            .arg("check")
            .arg(&sub)
            .arg("--annotate")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", out.display());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("est dans la soumission"), "{stderr}");
        assert_eq!(walk(&sub), ["budget.xlsx"], "nothing written");
    }
    // Through a symbolic link to the submission.
    #[cfg(unix)]
    {
        let link = dir.path().join("lien");
        std::os::unix::fs::symlink(&sub, &link).unwrap();
        let output = livrable()
            .arg("check")
            .arg(&sub)
            .arg("--annotate")
            .arg(link.join("relu"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(walk(&sub), ["budget.xlsx"], "nothing written");
    }
}
