//! The report page on reports built by hand: what it shows, in which order, where, and
//! that nothing from a submission reaches the page unescaped.

use std::collections::BTreeMap;

use livrable_model::{
    Cell, CellValue, ChecklistEntry, ChecklistStatus, DeliverableEntry, DetectedBy, Document,
    Finding, Format, Location, Report, Severity, Summary, Table,
};
use livrable_report::page::{Download, PageOptions, Stylesheet, KEYS};
use livrable_report::report_page;

const ARTICLE: &str = "# Salon\n\nIntro du salon.\n\n### Programme\nVenez nombreux.\n";

fn finding(code: &str, severity: Severity, file: &str, location: Location) -> Finding {
    let mut f = Finding::new(
        code,
        severity,
        file,
        location,
        format!("message de {code}"),
        format!("aide pour {code}"),
    );
    f.criteria = vec!["C2.1/CE2".into()];
    f
}

fn span(text: &str, needle: &str) -> Location {
    let start = text.find(needle).unwrap();
    Location::span(start, start + needle.len())
}

fn doc(path: &str, format: Format, text: &str) -> Document {
    let mut d = Document::new(path, format);
    d.text = text.into();
    d
}

fn budget() -> Document {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant"],
        &["Affiches", "1 500,00 €"],
        &["Total", "1 400,00 €"],
    ];
    let mut d = Document::new("budget.xlsx", Format::Xlsx);
    d.tables.push(Table {
        name: Some("Budget".into()),
        rows: rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(|(c, t)| Cell {
                        text: t.to_string(),
                        value: CellValue::Text(t.to_string()),
                        location: Location::cell("Budget", r as u32, c as u32),
                        ..Default::default()
                    })
                    .collect()
            })
            .collect(),
        location: Location::cell("Budget", 0, 0),
        ..Default::default()
    });
    d
}

fn report(findings: Vec<Finding>, documents: Vec<Document>) -> Report {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    Report {
        submission: "dossier-candidat".into(),
        deliverables: vec![DeliverableEntry {
            file: "blog.md".into(),
            kind: "blog-article".into(),
            detected_by: DetectedBy::Name,
        }],
        findings,
        checklist: vec![ChecklistEntry {
            criterion: "C2.1/CE2".into(),
            title: "Titre du critère".into(),
            status: ChecklistStatus::NotMet,
            evidence: vec!["un constat".into()],
            to_assess: vec!["Une question pour l'évaluateur".into()],
            ..Default::default()
        }],
        situations: vec!["C2.1".into()],
        situations_inferred: true,
        summary: Summary {
            files: documents.len(),
            errors,
            warnings,
        },
        documents,
        lang: "fr".into(),
        ..Default::default()
    }
}

fn words() -> BTreeMap<String, String> {
    let mut w: BTreeMap<String, String> = KEYS
        .iter()
        .map(|k| (k.to_string(), format!("[{k}]")))
        .collect();
    w.insert(
        "report.place.line".into(),
        "Ligne {line}, colonne {column}".into(),
    );
    w.insert("report.place.cell".into(), "Cellule {cell}".into());
    w.insert("report.place.page".into(), "Page {page}".into());
    w.insert("report.place.slide".into(), "Diapositive {slide}".into());
    w.insert("report.fix_first.more".into(), "Et {count} autres".into());
    w.insert("kind.blog-article".into(), "article de blog".into());
    w
}

fn render(report: &Report) -> String {
    let words = words();
    report_page(
        report,
        &PageOptions {
            words: &words,
            stylesheet: Stylesheet::Inline,
            code_link: Some("/codes/{code}?lang=fr"),
            downloads: &[Download {
                label: "Les constats en JSON".into(),
                file_name: "dossier.json".into(),
                href: "data:application/json;base64,e30=".into(),
            }],
            copies: &[],
            copies_note: None,
            back: Some("/?lang=fr"),
            notes: &["Rien n'est conservé.".into()],
        },
    )
}

#[test]
fn a_text_finding_shows_numbered_lines_with_the_span_marked() {
    let r = report(
        vec![finding(
            "heading-structure/skipped-level",
            Severity::Error,
            "blog.md",
            span(ARTICLE, "### Programme\n"),
        )],
        vec![doc("blog.md", Format::Markdown, ARTICLE)],
    );
    let page = render(&r);
    assert!(page.contains("Ligne 5, colonne 1"), "{page}");
    assert!(
        page.contains(r#"<span class="ln" aria-hidden="true">5</span><mark>### Programme</mark>"#),
        "{page}"
    );
    assert!(page.contains(r#"<span class="ln" aria-hidden="true">4</span>"#));
    assert!(page.contains(r#"<span class="ln" aria-hidden="true">6</span>Venez nombreux."#));
    assert!(page.contains("aide pour heading-structure/skipped-level"));
    assert!(page.contains(
        r#"<a href="/codes/heading-structure/skipped-level?lang=fr">[report.explain] <code>heading-structure/skipped-level</code></a>"#
    ));
    assert!(page.contains("C2.1/CE2"));
    assert!(
        page.contains("article de blog"),
        "the kind's label from the words"
    );
}

#[test]
fn a_cell_finding_shows_the_grid_with_the_cell_marked() {
    let r = report(
        vec![finding(
            "budget/total-mismatch",
            Severity::Error,
            "budget.xlsx",
            Location::cell("Budget", 2, 1),
        )],
        vec![budget()],
    );
    let page = render(&r);
    assert!(page.contains("Cellule Budget!B3"), "{page}");
    assert!(
        page.contains(r#"<td class="hit"><mark>1 400,00 €</mark></td>"#),
        "{page}"
    );
    assert!(page.contains(r#"<th scope="col">A</th><th scope="col">B</th>"#));
    assert!(page.contains(r#"<th scope="row">3</th><td>Total</td>"#));
}

#[test]
fn office_and_pdf_findings_say_page_or_slide_and_show_their_paragraph() {
    let text = "Premier paragraphe.\nLe paragraphe en cause ici.\nDernier.";
    let r = report(
        vec![
            finding(
                "pdf/no-title",
                Severity::Warning,
                "rapport.pdf",
                Location::page(3),
            ),
            finding(
                "slides/no-title",
                Severity::Warning,
                "deck.pptx",
                Location::page(2),
            ),
            finding(
                "spelling/unknown-word",
                Severity::Info,
                "plan.docx",
                span(text, "en cause"),
            ),
        ],
        vec![
            doc("rapport.pdf", Format::Pdf, ""),
            doc("deck.pptx", Format::Pptx, ""),
            doc("plan.docx", Format::Docx, text),
        ],
    );
    let page = render(&r);
    assert!(page.contains("<p class=\"place\">Page 3</p>"), "{page}");
    assert!(
        page.contains("<p class=\"place\">Diapositive 2</p>"),
        "{page}"
    );
    // Extracted text: its line numbers mean nothing to a Word user, so none is shown.
    assert!(
        page.contains("Le paragraphe <mark>en cause</mark> ici."),
        "{page}"
    );
    let docx = &page[page.find("plan.docx</h3>").unwrap()..];
    assert!(!docx[..docx.find("</article>").unwrap()].contains("class=\"ln\""));
}

#[test]
fn findings_come_in_document_order_and_the_first_errors_are_listed_first() {
    let mut findings: Vec<Finding> = (0..7)
        .rev()
        .map(|i| {
            let needle = [
                "Salon",
                "Intro",
                "du",
                "salon.",
                "Programme",
                "Venez",
                "nombreux",
            ][i];
            let mut f = finding("x/y", Severity::Error, "blog.md", span(ARTICLE, needle));
            f.message = format!("erreur {i}");
            f
        })
        .collect();
    findings.push(finding(
        "z/w",
        Severity::Warning,
        "blog.md",
        Location::whole(),
    ));
    let r = report(findings, vec![doc("blog.md", Format::Markdown, ARTICLE)]);
    let page = render(&r);
    let at = |s: &str| {
        page.find(&format!("</span> {s}</h4>"))
            .unwrap_or_else(|| panic!("{s}: {page}"))
    };
    for i in 0..6 {
        assert!(at(&format!("erreur {i}")) < at(&format!("erreur {}", i + 1)));
    }
    let fix = &page[page.find("[report.fix_first]</h2>").unwrap()..];
    let fix = &fix[..fix.find("</ol>").unwrap()];
    assert_eq!(fix.matches("<li>").count(), 5, "{fix}");
    assert!(fix.contains("erreur 0") && !fix.contains("erreur 5"));
    assert!(page.contains("Et 2 autres"));
    // Each listed error links to its finding on the page.
    let href = fix
        .split("href=\"#")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(page.contains(&format!("id=\"{href}\"")));
}

#[test]
fn the_checklist_tab_and_the_downloads_are_on_the_page() {
    let r = report(vec![], vec![doc("blog.md", Format::Markdown, ARTICLE)]);
    let page = render(&r);
    let checklist = &page[page.find("id=\"grille\"").unwrap()..];
    assert!(
        checklist.contains("<h2>Grille d&#39;évaluation pré-remplie — dossier-candidat</h2>"),
        "{checklist}"
    );
    assert!(checklist.contains("Une question pour l&#39;évaluateur"));
    assert!(checklist.contains("<h3 id=\"s-C2-1\">"));
    assert!(page.contains(
        r#"<a href="data:application/json;base64,e30=" download="dossier.json">Les constats en JSON</a>"#
    ));
    assert!(
        page.contains("[report.file.clean]"),
        "a file without findings says so"
    );
    assert!(page.contains("<p class=\"note\">Rien n'est conservé.</p>"));
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
    assert!(
        page.contains("<style>"),
        "inline style for a page that stands alone"
    );
}

#[test]
fn without_a_situation_the_checklist_tab_says_so_in_the_page_s_words() {
    let mut r = report(vec![], vec![doc("blog.md", Format::Markdown, ARTICLE)]);
    r.situations.clear();
    r.checklist.clear();
    let page = render(&r);
    let checklist =
        &page[page.find("id=\"grille\"").unwrap()..page.find("id=\"telechargements\"").unwrap()];
    assert!(checklist.contains("[report.situation.none]"), "{checklist}");
    assert!(
        !checklist.contains("--situation"),
        "the CLI's option: {checklist}"
    );
}

#[test]
fn annotated_copies_come_first_in_the_downloads_or_the_reason_they_are_not_there() {
    let r = report(vec![], vec![doc("blog.md", Format::Markdown, ARTICLE)]);
    let words = words();
    let copy = Download {
        label: "plan.docx, annoté".into(),
        file_name: "plan (relu).docx".into(),
        href: "data:application/octet-stream;base64,UEs=".into(),
    };
    let json = Download {
        label: "JSON".into(),
        file_name: "dossier.json".into(),
        href: "data:application/json;base64,e30=".into(),
    };
    let page_with = |copies: &[Download], note: Option<&str>| {
        report_page(
            &r,
            &PageOptions {
                words: &words,
                stylesheet: Stylesheet::Inline,
                code_link: None,
                downloads: std::slice::from_ref(&json),
                copies,
                copies_note: note,
                back: None,
                notes: &[],
            },
        )
    };
    let page = page_with(std::slice::from_ref(&copy), None);
    let downloads = &page[page.find("id=\"telechargements\"").unwrap()..];
    let copy_at = downloads.find("download=\"plan (relu).docx\"").unwrap();
    let json_at = downloads.find("download=\"dossier.json\"").unwrap();
    assert!(copy_at < json_at, "{downloads}");
    assert!(downloads.contains("<h3>[report.copies]</h3>"));
    assert!(downloads.contains("[report.copies.intro]"));

    let page = page_with(&[], Some("Trop gros."));
    let downloads = &page[page.find("id=\"telechargements\"").unwrap()..];
    assert!(downloads.contains("<p>Trop gros.</p>"), "{downloads}");
    assert!(!downloads.contains("[report.copies.intro]"));
    assert!(downloads.contains("download=\"dossier.json\""));

    let page = page_with(&[], None);
    assert!(!page.contains("[report.copies]"), "no copies: no heading");
}

#[test]
fn nothing_from_the_submission_reaches_the_page_unescaped() {
    let hostile = "<script>alert(1)</script>";
    let text = format!("# Titre\n\n{hostile} et <img src=x onerror=alert(2)>\n");
    let path = format!("{hostile}.md");
    let mut f = finding("x/y", Severity::Error, &path, span(&text, "<img"));
    f.message = format!("message {hostile}");
    f.help = "aide \" onmouseover=\"alert(3)".into();
    f.code = "x/\"><script>alert(4)</script>".into();
    let mut r = report(vec![f], vec![doc(&path, Format::Markdown, &text)]);
    r.submission = format!("envoi{hostile}\u{1b}[2J");
    r.deliverables[0].file = path.clone();
    r.checklist[0].evidence = vec![hostile.into()];
    let page = render(&r);
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    // Control characters are replaced in what the page draws itself.
    let own = &page[..page.find("id=\"grille\"").unwrap()];
    assert!(!own.contains('\u{1b}'));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;.md"));
    assert!(!page.contains("\" onmouseover=\""));
}

#[test]
fn a_missing_word_shows_as_its_key() {
    let r = report(vec![], vec![]);
    let words = BTreeMap::new();
    let page = report_page(
        &r,
        &PageOptions {
            words: &words,
            stylesheet: Stylesheet::Link("/static/livrable.css"),
            code_link: None,
            downloads: &[],
            copies: &[],
            copies_note: None,
            back: None,
            notes: &[],
        },
    );
    assert!(page.contains("<h1>report.title</h1>"));
    assert!(page.contains(r#"<link rel="stylesheet" href="/static/livrable.css">"#));
    assert!(!page.contains("<style>"));
}
