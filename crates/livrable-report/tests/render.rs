//! The three renderers on reports built by hand: a Markdown article with findings on lines
//! holding accented letters, a workbook with cell findings, a PDF page finding, an
//! unreadable file and a finding about the whole submission.

use livrable_model::{
    Cell, CellValue, ChecklistEntry, ChecklistStatus, DeliverableEntry, DetectedBy, Document,
    Finding, Format, Location, Phrases, Report, Severity, Summary, Table,
};
use livrable_report::{human, json, sarif, HumanOptions};
use serde_json::{json, Value};

const ARTICLE: &str =
    "# Été à Lyon\n\nVoilà l'équipe ![](équipe.jpg) au complet.\n\n### Résumé\nFin de l'article.\n";
const WORKBOOK: &str = "Budget prévisionnel.xlsx";

/// The default pack's phrases (`rules/ccm-n6/report.toml`) in `lang`.
fn phrases(lang: &str) -> Phrases {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../rules/ccm-n6/report.toml"
    );
    let text = std::fs::read_to_string(path).expect("report.toml");
    let file: toml::Table = toml::from_str(&text).expect("valid TOML");
    let table = file["phrases"].as_table().expect("[phrases]");
    Phrases(
        table
            .iter()
            .map(|(k, v)| {
                let text = v.get(lang).or_else(|| v.get("fr")).and_then(|t| t.as_str());
                (k.clone(), text.unwrap_or_default().to_string())
            })
            .collect(),
    )
}

fn span_of(text: &str, needle: &str) -> Location {
    let start = text.find(needle).expect("needle in text");
    Location::span(start, start + needle.len())
}

fn finding(code: &str, severity: Severity, file: &str, location: Location) -> Finding {
    Finding::new(
        code,
        severity,
        file,
        location,
        format!("message de {code}"),
        format!("aide pour {code}"),
    )
}

fn sheet(name: &str, rows: &[&[&str]]) -> Table {
    Table {
        name: Some(name.into()),
        rows: rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(|(c, text)| Cell {
                        text: text.to_string(),
                        value: if text.is_empty() {
                            CellValue::Empty
                        } else {
                            CellValue::Text(text.to_string())
                        },
                        location: Location::cell(name, r as u32, c as u32),
                        ..Default::default()
                    })
                    .collect()
            })
            .collect(),
        location: Location::cell(name, 0, 0),
        ..Default::default()
    }
}

fn article() -> Document {
    let mut doc = Document::new("blog/article.md", Format::Markdown);
    doc.text = ARTICLE.into();
    doc
}

fn workbook() -> Document {
    let mut doc = Document::new(WORKBOOK, Format::Xlsx);
    doc.tables.push(sheet("Notes", &[&["à lire"]]));
    doc.tables.push(sheet(
        "Budget 2025",
        &[
            &["Poste", "Quantité", "Prix unitaire", "Total"],
            &["Affiches A3", "200", "0,45 €", "90,00 €"],
            &["Kakémonos publicitaires XXL", "2", "85,00 €", "170,00 €"],
            &["Flyers", "1000", "0,05 €", ""],
            &["Total", "", "", "250,00 €"],
        ],
    ));
    doc
}

fn pdf() -> Document {
    let mut doc = Document::new("rapport.pdf", Format::Pdf);
    doc.text = "Texte extrait de la page trois.".into();
    doc
}

/// The findings in the engine's order, which is not the document order.
fn report(lang: &str) -> Report {
    let mut skipped = finding(
        "heading-structure/skipped-level",
        Severity::Error,
        "blog/article.md",
        // A Markdown heading's range includes its newline.
        span_of(ARTICLE, "### Résumé\n"),
    );
    skipped.criteria = vec!["C2.1/CE2".into()];
    skipped.message = "Niveau de titre sauté : h1 puis h3".into();
    skipped.help = "Ajoutez un titre de niveau 2 avant celui-ci, ou passez celui-ci au niveau 2 : un plan sans saut aide le lecteur et les moteurs de recherche.".into();
    let mut alt = finding(
        "image-alt/missing",
        Severity::Warning,
        "blog/article.md",
        span_of(ARTICLE, "![](équipe.jpg)"),
    );
    alt.criteria = vec!["C2.1/CE4".into()];
    alt.message = "Image sans texte alternatif : équipe.jpg".into();
    alt.help = "Décrivez l'image entre les crochets : ![L'équipe au complet](équipe.jpg).".into();
    let mut total = finding(
        "budget/total-mismatch",
        Severity::Error,
        WORKBOOK,
        Location::cell("Budget 2025", 4, 3),
    );
    total.criteria = vec!["C1.6/CE2".into()];
    total.message = "Le total (250,00 €) ne fait pas la somme des lignes (260,00 €)".into();
    total.help = "Vérifiez la formule du total : elle doit couvrir toutes les lignes.".into();
    let missing_cost = finding(
        "budget/action-without-cost",
        Severity::Warning,
        WORKBOOK,
        Location::cell("Budget 2025", 3, 3),
    );
    let page = finding(
        "readability/long-sentence",
        Severity::Info,
        "rapport.pdf",
        Location::page(3),
    );
    let unreadable = finding(
        "ingest/unreadable",
        Severity::Error,
        "videos/teaser.mov",
        Location::whole(),
    );
    let mut channels = finding(
        "channel-mix/too-few",
        Severity::Warning,
        "",
        Location::whole(),
    );
    channels.help = String::new();

    Report {
        submission: "dossier-candidat".into(),
        deliverables: vec![
            DeliverableEntry {
                file: "blog/article.md".into(),
                kind: "blog-article".into(),
                detected_by: DetectedBy::Name,
            },
            DeliverableEntry {
                file: WORKBOOK.into(),
                kind: "budget".into(),
                detected_by: DetectedBy::Content,
            },
        ],
        findings: vec![
            unreadable,
            skipped,
            total,
            alt,
            page,
            missing_cost,
            channels,
        ],
        checklist: vec![
            ChecklistEntry {
                criterion: "C2.1/CE2".into(),
                title: "Titre de C2.1/CE2".into(),
                status: ChecklistStatus::NotMet,
                evidence: vec!["heading-structure/skipped-level (blog/article.md)".into()],
                to_assess: vec![],
                ..Default::default()
            },
            ChecklistEntry {
                criterion: "C1.6/CE2".into(),
                title: "Titre de C1.6/CE2".into(),
                status: ChecklistStatus::Partial,
                evidence: vec![
                    "Budget présent".into(),
                    "total incohérent (Budget prévisionnel.xlsx)".into(),
                ],
                to_assess: vec![],
                ..Default::default()
            },
            ChecklistEntry {
                criterion: "C1.1/CE3".into(),
                title: "Titre de C1.1/CE3".into(),
                status: ChecklistStatus::Manual,
                evidence: vec![],
                to_assess: vec![],
                ..Default::default()
            },
            ChecklistEntry {
                criterion: "C3.2/CE1".into(),
                title: "Titre de C3.2/CE1".into(),
                status: ChecklistStatus::Met,
                evidence: vec!["Plan de communication présent".into()],
                to_assess: vec![],
                ..Default::default()
            },
        ],
        situations: vec!["C2.1".into()],
        situations_inferred: true,
        summary: Summary {
            files: 4,
            errors: 3,
            warnings: 3,
        },
        documents: vec![article(), workbook(), pdf()],
        lang: lang.into(),
        phrases: phrases(lang),
        grid: Default::default(),
    }
}

const PLAIN: HumanOptions = HumanOptions {
    color: false,
    width: 90,
    all: true,
};

#[test]
fn json_is_the_documented_contract() {
    let r = report("fr");
    let value: Value = serde_json::from_str(&json(&r)).expect("valid JSON");
    let alt_start = ARTICLE.find("![](").unwrap();
    let heading_start = ARTICLE.find("###").unwrap();
    let expected = json!({
        "version": 1,
        "submission": "dossier-candidat",
        "deliverables": [
            {"file": "blog/article.md", "kind": "blog-article", "detected_by": "name"},
            {"file": "Budget prévisionnel.xlsx", "kind": "budget", "detected_by": "content"}
        ],
        "findings": [
            {
                "code": "ingest/unreadable", "severity": "error", "criteria": [],
                "file": "videos/teaser.mov",
                "location": {"line": null, "column": null, "start": null, "end": null,
                             "sheet": null, "cell": null, "page": null,
                             "page_estimated": false, "paragraph": null, "table": null,
                             "section": null, "slide": null, "shape": null},
                "message": "message de ingest/unreadable", "help": "aide pour ingest/unreadable", "explains": []
            },
            {
                "code": "heading-structure/skipped-level", "severity": "error",
                "criteria": ["C2.1/CE2"], "file": "blog/article.md",
                "location": {"line": 5, "column": 1, "start": heading_start,
                             "end": heading_start + "### Résumé\n".len(),
                             "sheet": null, "cell": null, "page": null,
                             "page_estimated": false, "paragraph": null, "table": null,
                             "section": null, "slide": null, "shape": null},
                "message": "Niveau de titre sauté : h1 puis h3",
                "help": "Ajoutez un titre de niveau 2 avant celui-ci, ou passez celui-ci au niveau 2 : un plan sans saut aide le lecteur et les moteurs de recherche.", "explains": []
            },
            {
                "code": "budget/total-mismatch", "severity": "error", "criteria": ["C1.6/CE2"],
                "file": "Budget prévisionnel.xlsx",
                "location": {"line": null, "column": null, "start": null, "end": null,
                             "sheet": "Budget 2025", "cell": "D5", "page": null,
                             "page_estimated": false, "paragraph": null, "table": null,
                             "section": null, "slide": null, "shape": null},
                "message": "Le total (250,00 €) ne fait pas la somme des lignes (260,00 €)",
                "help": "Vérifiez la formule du total : elle doit couvrir toutes les lignes.", "explains": []
            },
            {
                "code": "image-alt/missing", "severity": "warning", "criteria": ["C2.1/CE4"],
                "file": "blog/article.md",
                // "Voilà l'équipe " is 15 characters but 17 bytes: the column counts characters.
                "location": {"line": 3, "column": 16, "start": alt_start,
                             "end": alt_start + "![](équipe.jpg)".len(),
                             "sheet": null, "cell": null, "page": null,
                             "page_estimated": false, "paragraph": null, "table": null,
                             "section": null, "slide": null, "shape": null},
                "message": "Image sans texte alternatif : équipe.jpg",
                "help": "Décrivez l'image entre les crochets : ![L'équipe au complet](équipe.jpg).", "explains": []
            },
            {
                "code": "readability/long-sentence", "severity": "info", "criteria": [],
                "file": "rapport.pdf",
                "location": {"line": null, "column": null, "start": null, "end": null,
                             "sheet": null, "cell": null, "page": 3,
                             "page_estimated": false, "paragraph": null, "table": null,
                             "section": null, "slide": null, "shape": null},
                "message": "message de readability/long-sentence",
                "help": "aide pour readability/long-sentence", "explains": []
            },
            {
                "code": "budget/action-without-cost", "severity": "warning", "criteria": [],
                "file": "Budget prévisionnel.xlsx",
                "location": {"line": null, "column": null, "start": null, "end": null,
                             "sheet": "Budget 2025", "cell": "D4", "page": null,
                             "page_estimated": false, "paragraph": null, "table": null,
                             "section": null, "slide": null, "shape": null},
                "message": "message de budget/action-without-cost",
                "help": "aide pour budget/action-without-cost", "explains": []
            },
            {
                "code": "channel-mix/too-few", "severity": "warning", "criteria": [],
                "file": "",
                "location": {"line": null, "column": null, "start": null, "end": null,
                             "sheet": null, "cell": null, "page": null,
                             "page_estimated": false, "paragraph": null, "table": null,
                             "section": null, "slide": null, "shape": null},
                "message": "message de channel-mix/too-few", "help": "", "explains": []
            }
        ],
        "situations": ["C2.1"],
        "situations_inferred": true,
        "checklist": [
            {"criterion": "C2.1/CE2", "status": "not-met",
             "evidence": ["heading-structure/skipped-level (blog/article.md)"],
             "title": "Titre de C2.1/CE2", "to_assess": [], "measured": []},
            {"criterion": "C1.6/CE2", "status": "partial",
             "evidence": ["Budget présent", "total incohérent (Budget prévisionnel.xlsx)"],
             "title": "Titre de C1.6/CE2", "to_assess": [], "measured": []},
            {"criterion": "C1.1/CE3", "status": "manual", "evidence": [],
             "title": "Titre de C1.1/CE3", "to_assess": [], "measured": []},
            {"criterion": "C3.2/CE1", "status": "met", "evidence": ["Plan de communication présent"],
             "title": "Titre de C3.2/CE1", "to_assess": [], "measured": []}
        ],
        "summary": {"files": 4, "errors": 3, "warnings": 3}
    });
    assert_eq!(value, expected);
}

#[test]
fn json_keys_come_in_the_documented_order() {
    let text = json(&report("fr"));
    let order = [
        "\"version\"",
        "\"submission\"",
        "\"deliverables\"",
        "\"findings\"",
        "\"checklist\"",
        "\"summary\"",
    ];
    let positions: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let location = [
        "\"line\"",
        "\"column\"",
        "\"start\"",
        "\"end\"",
        "\"sheet\"",
        "\"cell\"",
        "\"page\"",
        "\"page_estimated\"",
        "\"paragraph\"",
        "\"table\"",
        "\"section\"",
        "\"slide\"",
        "\"shape\"",
    ];
    let positions: Vec<usize> = location.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn json_without_the_document_gives_no_line() {
    let mut r = report("fr");
    r.documents.clear();
    let value: Value = serde_json::from_str(&json(&r)).unwrap();
    let loc = &value["findings"][1]["location"];
    assert_eq!(loc["line"], Value::Null);
    assert_eq!(loc["column"], Value::Null);
    assert!(loc["start"].is_u64(), "the span itself is still given");
}

#[test]
fn sarif_has_the_2_1_0_shape() {
    let r = report("fr");
    let log: Value = serde_json::from_str(&sarif(&r)).expect("valid JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .unwrap()
        .ends_with("sarif-schema-2.1.0.json"));
    let run = &log["runs"][0];
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    assert_eq!(run["tool"]["driver"]["name"], "livrable");
    assert_eq!(run["columnKind"], "unicodeCodePoints");

    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "ingest/unreadable",
            "heading-structure/skipped-level",
            "budget/total-mismatch",
            "image-alt/missing",
            "readability/long-sentence",
            "budget/action-without-cost",
            "channel-mix/too-few",
        ]
    );
    assert!(rules
        .iter()
        .all(|r| r["shortDescription"]["text"].is_string()));

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 7);
    for (i, result) in results.iter().enumerate() {
        assert_eq!(result["ruleIndex"], i, "each rule appears once, in order");
        assert_eq!(result["ruleId"], ids[i]);
    }
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(
        levels,
        ["error", "error", "error", "warning", "note", "warning", "warning"]
    );

    // A text file: a region, columns in characters, end column exclusive.
    let alt = &results[3];
    assert_eq!(
        alt["message"]["text"],
        "Image sans texte alternatif : équipe.jpg\nDécrivez l'image entre les crochets : ![L'équipe au complet](équipe.jpg)."
    );
    assert_eq!(alt["properties"]["criteria"], json!(["C2.1/CE4"]));
    let physical = &alt["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "blog/article.md");
    assert_eq!(
        physical["region"],
        json!({"startLine": 3, "startColumn": 16, "endLine": 3, "endColumn": 31})
    );
    // The heading's range ends after its newline: the region ends at the next line's start.
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 5, "startColumn": 1, "endLine": 6, "endColumn": 1})
    );

    // A cell: the file, no region, the cell as a logical location.
    let cell = &results[2]["locations"][0];
    assert_eq!(
        cell["physicalLocation"],
        json!({"artifactLocation": {"uri": "Budget%20pr%C3%A9visionnel.xlsx"}})
    );
    assert_eq!(
        cell["logicalLocations"],
        json!([{"name": "D5", "fullyQualifiedName": "'Budget 2025'!D5"}])
    );

    // A page: the file and the page.
    let page = &results[4]["locations"][0];
    assert_eq!(
        page["physicalLocation"],
        json!({"artifactLocation": {"uri": "rapport.pdf"}})
    );
    assert_eq!(page["logicalLocations"][0]["name"], "page 3");

    // The whole file: the file alone; the whole submission: no location; no help, no newline.
    assert_eq!(
        results[0]["locations"],
        json!([{"physicalLocation": {"artifactLocation": {"uri": "videos/teaser.mov"}}}])
    );
    assert!(results[6].get("locations").is_none());
    assert_eq!(
        results[6]["message"]["text"],
        "message de channel-mix/too-few"
    );
    assert!(results[6].get("properties").is_none());
}

#[test]
fn sarif_gives_no_region_in_text_extracted_from_binary_files() {
    let mut r = report("fr");
    r.findings = vec![finding(
        "readability/long-sentence",
        Severity::Info,
        "rapport.pdf",
        Location {
            page: Some(3),
            ..Location::span(6, 13)
        },
    )];
    let log: Value = serde_json::from_str(&sarif(&r)).unwrap();
    let loc = &log["runs"][0]["results"][0]["locations"][0];
    assert!(loc["physicalLocation"].get("region").is_none());
    assert_eq!(loc["logicalLocations"][0]["name"], "page 3");
}

#[test]
fn human_report_in_french() {
    insta::assert_snapshot!(human(&report("fr"), &PLAIN));
}

#[test]
fn human_report_in_english() {
    insta::assert_snapshot!(human(&report("en"), &PLAIN));
}

#[test]
fn human_report_has_colour_only_when_asked() {
    let plain = human(&report("fr"), &PLAIN);
    assert!(!plain.contains('\u{1b}'));
    let coloured = human(
        &report("fr"),
        &HumanOptions {
            color: true,
            width: 90,
            all: true,
        },
    );
    assert!(coloured.contains('\u{1b}'));
    // Colour codes do not disturb the grid's row numbers.
    let stripped = strip_ansi(&coloured);
    for (a, b) in stripped.lines().zip(plain.lines()) {
        if a != b {
            eprintln!("C:{a:?}\nP:{b:?}");
        }
    }
    assert_eq!(stripped, plain);
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn human_shows_the_worst_first_then_document_order() {
    let out = human(&report("fr"), &PLAIN);
    let at = |needle: &str| {
        out.find(&format!("[{needle}]"))
            .unwrap_or_else(|| panic!("{needle} in output"))
    };
    // Errors, by file then position; then warnings (the whole submission first); then
    // infos (shown with `all`).
    let order = [
        "budget/total-mismatch",
        "heading-structure/skipped-level",
        "ingest/unreadable",
        "channel-mix/too-few",
        "budget/action-without-cost",
        "image-alt/missing",
        "readability/long-sentence",
    ];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }
    // The summary per file comes first, the way to learn more last.
    assert!(out.starts_with(
        "La soumission : 1 avertissement\nBudget prévisionnel.xlsx : 1 erreur, 1 avertissement\n"
    ));
    assert!(out
        .trim_end()
        .ends_with("livrable explain budget/total-mismatch)."));
}

#[test]
fn human_counts_infos_unless_all_are_asked_for() {
    let out = human(
        &report("fr"),
        &HumanOptions {
            all: false,
            ..PLAIN
        },
    );
    assert!(!out.contains("[readability/long-sentence]"));
    assert!(out.contains("Infos : 1, non affichées (ajoutez --all pour les voir)."));
    let en = human(
        &report("en"),
        &HumanOptions {
            all: false,
            ..PLAIN
        },
    );
    assert!(en.contains("Info: 1, not shown (add --all to see them)."));
}

#[test]
fn human_gives_a_code_help_once_per_file() {
    let mut r = report("fr");
    let mut again = finding(
        "image-alt/missing",
        Severity::Warning,
        "blog/article.md",
        span_of(ARTICLE, "Fin de l'article"),
    );
    again.help = "Décrivez l'image entre les crochets : ![L'équipe au complet](équipe.jpg).".into();
    r.findings.push(again);
    let out = human(&r, &PLAIN);
    assert_eq!(out.matches("[image-alt/missing]").count(), 2);
    assert_eq!(
        out.matches("Décrivez l'image entre les crochets").count(),
        1,
        "{out}"
    );
}

#[test]
fn human_underlines_the_span_under_its_text() {
    let out = human(&report("fr"), &PLAIN);
    let lines: Vec<&str> = out.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains("Voilà l'équipe ![](équipe.jpg)"))
        .unwrap();
    let text_col = lines[row].chars().position(|c| c == '!').unwrap();
    let underline = lines[row + 1];
    let first = underline.chars().position(|c| c == '─').unwrap();
    let width = underline.chars().filter(|&c| c == '─').count();
    assert_eq!(first, text_col, "underline starts under `!`:\n{out}");
    assert_eq!(width, "![](équipe.jpg)".chars().count());
}

#[test]
fn human_grid_rows_carry_the_sheet_row_numbers() {
    let out = human(&report("fr"), &PLAIN);
    let block_start = out.find("budget/total-mismatch").unwrap();
    let block = &out[block_start..];
    assert!(block.contains("╭─[Budget prévisionnel.xlsx:'Budget 2025'!D5]"));
    let row5 = block
        .lines()
        .find(|l| l.contains("Total") && l.contains("250,00 €"))
        .unwrap();
    assert!(row5.trim_start().starts_with("5 │"), "{row5}");
}

#[test]
fn human_summary_for_an_empty_report() {
    let r = Report {
        submission: "vide".into(),
        deliverables: vec![],
        findings: vec![],
        checklist: vec![],
        situations: vec![],
        situations_inferred: false,
        summary: Summary::default(),
        documents: vec![],
        lang: "en".into(),
        phrases: phrases("en"),
        grid: Default::default(),
    };
    assert_eq!(
        human(&r, &PLAIN),
        "0 errors, 0 warnings, 0 info in 0 files\n"
    );
}

#[test]
fn human_survives_odd_locations() {
    let mut r = report("fr");
    r.findings = vec![
        // Past the end of the text, inside a character, reversed.
        finding(
            "a/b",
            Severity::Error,
            "blog/article.md",
            Location::span(9_999, 10_000),
        ),
        finding(
            "a/c",
            Severity::Error,
            "blog/article.md",
            Location::span(4, 2),
        ),
        // A cell far outside the sheet, a sheet that does not exist, a file not read.
        finding(
            "a/d",
            Severity::Warning,
            WORKBOOK,
            Location::cell("Budget 2025", 900, 700),
        ),
        finding(
            "a/e",
            Severity::Warning,
            WORKBOOK,
            Location::cell("Absente", 0, 0),
        ),
        finding("a/f", Severity::Info, "absent.md", Location::span(0, 3)),
        // Control characters in a message.
        Finding {
            message: "fin\u{1b}[2J".into(),
            ..finding("a/g", Severity::Info, "", Location::whole())
        },
    ];
    let out = human(&r, &PLAIN);
    assert!(!out.contains('\u{1b}'));
    for code in ["a/b", "a/c", "a/d", "a/e", "a/f", "a/g"] {
        assert!(out.contains(&format!("[{code}]")), "{code} shown");
    }
    assert!(out.contains("Budget prévisionnel.xlsx:Absente!A1"));
    insta::assert_snapshot!(out);
}

#[test]
fn human_shows_long_and_multi_line_spans_within_bounds() {
    let mut doc = Document::new("page.html", Format::Html);
    let long = format!(
        "<p>{}<img src=\"x.png\">{}</p>",
        "mot ".repeat(100),
        "fin ".repeat(100)
    );
    doc.text = format!("<html>\n{long}\n<p>un\ndeux\ntrois</p>\n</html>\n");
    let img = doc.text.find("<img").unwrap();
    let para = doc.text.find("<p>un").unwrap();
    let para_end = doc.text.find("</p>\n</html>").unwrap() + 4;
    let mut r = report("fr");
    r.documents = vec![doc];
    r.findings = vec![
        finding(
            "image-alt/missing",
            Severity::Warning,
            "page.html",
            Location::span(img, img + 15),
        ),
        finding(
            "para/long",
            Severity::Info,
            "page.html",
            Location::span(para, para_end),
        ),
    ];
    let out = human(&r, &PLAIN);
    assert!(out.lines().all(|l| l.chars().count() <= 90), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn human_csv_cell_without_sheet_name() {
    let mut doc = Document::new("budget.csv", Format::Csv);
    doc.text = "poste;montant\naffiches;abc\n".into();
    let mut table = sheet("x", &[&["poste", "montant"], &["affiches", "abc"]]);
    table.name = None;
    for (r, row) in table.rows.iter_mut().enumerate() {
        for (c, cell) in row.iter_mut().enumerate() {
            cell.location = Location::cell("x", r as u32, c as u32);
            cell.location.sheet = None;
        }
    }
    doc.tables.push(table);
    let mut r = report("en");
    r.documents = vec![doc];
    r.findings = vec![finding(
        "budget/not-a-number",
        Severity::Error,
        "budget.csv",
        Location {
            cell: Some((1, 1)),
            ..Location::default()
        },
    )];
    let out = human(&r, &PLAIN);
    assert!(out.contains("╭─[budget.csv:B2]"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn human_never_panics_on_any_span() {
    let mut doc = Document::new("t.md", Format::Markdown);
    doc.text = "é\r\n\tà b\n\n€\u{1b}x\r\ny".into();
    let len = doc.text.len();
    let mut r = report("fr");
    r.documents = vec![doc];
    r.findings = (0..=len + 2)
        .flat_map(|start| (0..=len + 2).map(move |end| (start, end)))
        .map(|(start, end)| finding("a/b", Severity::Warning, "t.md", Location::span(start, end)))
        .collect();
    let out = human(&r, &PLAIN);
    assert!(!out.contains('\u{1b}'));
    assert_eq!(out.matches("[a/b]").count(), (len + 3) * (len + 3));
}

#[test]
fn human_never_panics_on_any_cell() {
    let mut r = report("en");
    r.findings = (0..8)
        .flat_map(|row| (0..8).map(move |col| (row, col)))
        .map(|(row, col)| {
            finding(
                "a/b",
                Severity::Error,
                WORKBOOK,
                Location::cell("Budget 2025", row, col),
            )
        })
        .chain([finding(
            "a/c",
            Severity::Error,
            WORKBOOK,
            // The last cell of an Excel sheet.
            Location::cell("Budget 2025", 1_048_575, 16_383),
        )])
        .collect();
    let out = human(
        &r,
        &HumanOptions {
            color: false,
            width: 0,
            all: true,
        },
    );
    assert_eq!(out.matches("[a/b]").count(), 64);
    assert!(out.contains("[a/c]"));
}
