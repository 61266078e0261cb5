//! Where the readers say text is, as a Word, LibreOffice, PowerPoint or PDF user finds it:
//! paragraphs, table cells, pages, slides and shapes ([`livrable_model::Layout`], through
//! [`Document::locate`]). The files are made as candidates make them, by
//! `fixtures/findings/generate.py`: a DOCX written with python-docx and marked up as Word
//! saves it (rendered page breaks), its ODT and PDF conversions by LibreOffice, a PPTX
//! written with python-pptx and its ODP conversion.

use livrable_ingest::{read, Limits};
use livrable_model::{Document, Location, SubmittedFile, TableCell};

fn doc(name: &str) -> Document {
    let path = format!(
        "{}/../../fixtures/findings/locations/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let r = read(
        &SubmittedFile {
            path: name.to_string(),
            bytes,
        },
        &Limits::default(),
    );
    assert!(r.problems.is_empty(), "{name}: {:?}", r.problems);
    r.doc.expect("a document")
}

/// Where the first occurrence of `needle` in the document's text is.
fn at(d: &Document, needle: &str) -> Location {
    let start = d
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", d.text));
    d.locate(&Location::span(start, start + needle.len()))
}

/// (paragraph, page, estimated, section) of a place.
fn para(l: &Location) -> (Option<u32>, Option<u32>, bool, Option<&str>) {
    (l.paragraph, l.page, l.page_estimated, l.section.as_deref())
}

fn cell(table: u32, row: u32, column: u32) -> Option<TableCell> {
    Some(TableCell { table, row, column })
}

#[test]
fn docx_paragraphs_cells_and_pages_as_word_shows_them() {
    let d = doc("rapport.docx");
    let intro = Some("Introduction");
    // Page 1: no page began before it, and Word recorded its layout: not an estimate.
    // A heading's section is the one it is in: the title has none above it.
    assert_eq!(
        para(&at(&d, "Rapport d'activité")),
        (Some(1), Some(1), false, None)
    );
    assert_eq!(
        para(&at(&d, "Premier paragraphe")),
        (Some(3), Some(1), false, intro)
    );
    // Paragraph 4 is empty: it is counted, as Word shows it (a blank line).
    assert_eq!(
        para(&at(&d, "Un paragraphe qui porte")),
        (Some(5), Some(1), false, intro)
    );
    assert_eq!(
        para(&at(&d, "Texte de la zone flottante")).0,
        Some(5),
        "a text box is located at the paragraph that anchors it"
    );
    // Word's last rendering put « Nos ateliers » at the top of page 2.
    assert_eq!(
        para(&at(&d, "Nos ateliers")),
        (Some(6), Some(2), true, intro)
    );
    assert_eq!(
        para(&at(&d, "Les ateliers ont lieu")),
        (Some(7), Some(2), true, Some("Nos ateliers"))
    );
    let first = d.locate(&d.images[0].location);
    assert_eq!((first.paragraph, first.page), (Some(8), Some(2)));
    let c = at(&d, "Atelier isolation");
    assert_eq!((c.paragraph, c.table), (None, cell(1, 3, 2)));
    assert_eq!(
        (c.page, c.section.as_deref()),
        (Some(2), Some("Nos ateliers"))
    );
    assert_eq!(at(&d, "case 1.1").table, cell(1, 1, 1));
    assert_eq!(
        para(&at(&d, "Après le tableau")),
        (Some(9), Some(2), true, Some("Nos ateliers"))
    );
    // Paragraph 10 holds the explicit page break: « Budget » starts page 3.
    assert_eq!(
        para(&at(&d, "Budget")),
        (Some(11), Some(3), true, Some("Nos ateliers"))
    );
    let second = d.locate(&d.images[1].location);
    assert_eq!(
        (second.paragraph, second.page, second.section.as_deref()),
        (Some(13), Some(3), Some("Budget"))
    );
    assert_eq!(d.images.len(), 2);
}
#[test]
fn odt_paragraphs_cells_and_pages_as_libreoffice_records_them() {
    let d = doc("rapport.odt");
    let intro = Some("Introduction");
    assert_eq!(
        para(&at(&d, "Paragraphe 3 de")),
        (Some(3), Some(1), false, intro)
    );
    assert_eq!(para(&at(&d, "Paragraphe 25 de")).1, Some(1));
    // LibreOffice's last layout began page 2 with paragraph 26 (a soft page break).
    assert_eq!(
        para(&at(&d, "Paragraphe 26 de")),
        (Some(26), Some(2), true, intro)
    );
    // Paragraph 41 is empty, and counted. A heading is in the section above it.
    assert_eq!(
        para(&at(&d, "Nos ateliers")),
        (Some(42), Some(2), true, intro)
    );
    let c = at(&d, "Atelier isolation");
    assert_eq!(
        (c.paragraph, c.table, c.page),
        (None, cell(1, 3, 2), Some(2))
    );
    assert_eq!(para(&at(&d, "Après le tableau")).0, Some(43));
    // « Budget »'s style breaks the page before it (Word's page break, converted).
    assert_eq!(
        para(&at(&d, "Budget")),
        (Some(45), Some(3), true, Some("Nos ateliers"))
    );
    let image = d.locate(&d.images[0].location);
    assert_eq!((image.paragraph, image.page), (Some(46), Some(3)));
}
