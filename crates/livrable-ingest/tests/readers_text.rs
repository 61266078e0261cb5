//! The text readers through the public entry point: bytes in, document out, spans into
//! `Document::text` whatever the file's encoding.

use livrable_ingest::{read, Limits};
use livrable_model::{BlockKind, Document, Format, SubmittedFile};

fn read_file(path: &str, bytes: &[u8]) -> livrable_ingest::Read {
    let file = SubmittedFile {
        path: path.to_string(),
        bytes: bytes.to_vec(),
    };
    read(&file, &Limits::default())
}

fn doc(path: &str, bytes: &[u8]) -> Document {
    let r = read_file(path, bytes);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    r.doc.expect("a document")
}

fn heading_spans(doc: &Document) -> Vec<(u8, String, String)> {
    doc.headings()
        .map(|(level, b)| {
            let span = doc.text[b.location.range().unwrap()].to_string();
            (level, b.text.clone(), span)
        })
        .collect()
}

#[test]
fn windows_1252_markdown_is_decoded_and_spans_index_the_text() {
    // « # Été » then « Réunion à 10 € » as a French Windows editor saves them.
    let bytes = b"# \xC9t\xE9\r\n\r\nR\xE9union \xE0 10 \x80\r\n";
    let d = doc("notes/compte-rendu.md", bytes);
    assert_eq!(d.format, Format::Markdown);
    assert_eq!(d.text, "# Été\r\n\r\nRéunion à 10 €\r\n");
    assert_eq!(
        heading_spans(&d),
        vec![(1, "Été".to_string(), "# Été".to_string())]
    );
    assert_eq!(d.blocks[1].text, "Réunion à 10 €");
}

#[test]
fn windows_1252_html() {
    let d = doc(
        "lettre.html",
        b"<html lang=fr><title>Caf\xE9</title><h1>Caf\xE9 cr\xE8me</h1>",
    );
    assert_eq!(d.meta.title.as_deref(), Some("Café"));
    assert_eq!(
        heading_spans(&d),
        vec![(
            1,
            "Café crème".to_string(),
            "<h1>Café crème</h1>".to_string()
        )]
    );
}

#[test]
fn utf8_bom_is_removed_before_spans() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("# Titre\n\n## Partie\n".as_bytes());
    let d = doc("article.md", &bytes);
    assert!(d.text.starts_with("# Titre"));
    assert_eq!(
        heading_spans(&d),
        vec![
            (1, "Titre".to_string(), "# Titre".to_string()),
            (2, "Partie".to_string(), "## Partie".to_string())
        ]
    );
    assert_eq!(d.blocks[0].location.start, Some(0));
}

#[test]
fn utf16_html_with_bom() {
    let src = "<h2>Événement</h2><img src=\"a.png\">";
    let mut bytes = vec![0xFF, 0xFE];
    for u in src.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let d = doc("newsletter.htm", &bytes);
    assert_eq!(d.text, src);
    assert_eq!(
        heading_spans(&d),
        vec![(2, "Événement".to_string(), "<h2>Événement</h2>".to_string())]
    );
    assert_eq!(d.images[0].alt, None);
    assert_eq!(
        &d.text[d.images[0].location.range().unwrap()],
        "<img src=\"a.png\">"
    );
}

#[test]
fn plain_text_file() {
    let d = doc(
        "brief.txt",
        "Objectif : notoriété.\n\nCible : 25-35 ans.\n".as_bytes(),
    );
    assert_eq!(d.format, Format::Text);
    let texts: Vec<(BlockKind, &str)> =
        d.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
    assert_eq!(
        texts,
        vec![
            (BlockKind::Paragraph, "Objectif : notoriété."),
            (BlockKind::Paragraph, "Cible : 25-35 ans.")
        ]
    );
}

#[test]
fn binary_bytes_under_a_text_name_are_unreadable_not_a_panic() {
    let r = read_file("photo.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    assert!(r.doc.is_none());
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].code, "ingest/unreadable");
}

#[test]
fn images_alt_absent_empty_present_in_both_formats() {
    let m = doc("a.md", b"![](a.png) ![Affiche](b.png) <img src=c.png>");
    let h = doc(
        "a.html",
        b"<img src=a.png alt><img src=b.png alt=Affiche><img src=c.png>",
    );
    for d in [&m, &h] {
        let alts: Vec<Option<&str>> = d.images.iter().map(|i| i.alt.as_deref()).collect();
        assert_eq!(
            alts,
            vec![Some(""), Some("Affiche"), None],
            "{:?}",
            d.format
        );
    }
}

#[test]
fn large_documents_read_in_reasonable_time() {
    // About 1.5 MB each: a quadratic step would take minutes here.
    let html = "<tr><td>Affiche &eacute;t&eacute;</td><td>1 500 €</td></tr><p>Texte <a href=/x>lien</a> <img src=i.png></p>\n"
        .repeat(15_000);
    let html = format!("<table>{html}</table>");
    let started = std::time::Instant::now();
    let d = doc("big.html", html.as_bytes());
    assert_eq!(d.links.len(), 15_000);
    assert_eq!(d.tables[0].rows.len(), 15_000);
    let md = "## Partie\n\nUn paragraphe avec un [lien](https://x.fr) et ![img](i.png).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        .repeat(15_000);
    let d = doc("big.md", md.as_bytes());
    assert_eq!(d.headings().count(), 15_000);
    assert_eq!(d.tables.len(), 15_000);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}
