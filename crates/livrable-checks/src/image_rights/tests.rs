use livrable_model::{Block, BlockKind, Document, Format};

use super::*;
use crate::tokens::testing::{quality_params, text_doc};

fn params() -> Params {
    crate::parse(&quality_params("image-rights-print")).expect("pack params parse")
}

fn run(doc: &Document) -> Output {
    check(
        &Input {
            doc,
            kind: "print",
            submission: &[],
            options: &toml::Table::new(),
        },
        &params(),
    )
}

/// A Markdown document whose images are located at their `![…](…)` in the source.
fn md(text: &str) -> Document {
    let mut doc = text_doc("flyer.md", Format::Markdown, text);
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| t.find("![")) {
        let start = from + rel;
        let end = text
            .get(start..)
            .and_then(|t| t.find(')'))
            .map_or(text.len(), |e| start + e + 1);
        let inner = text.get(start..end).unwrap_or("");
        let src = inner
            .split_once("](")
            .map_or("", |(_, s)| s.trim_end_matches(')'));
        let alt = inner
            .strip_prefix("![")
            .and_then(|s| s.split_once(']'))
            .map(|(a, _)| a.to_string());
        doc.images.push(Image {
            src: src.to_string(),
            alt,
            location: Location::span(start, end),
            ..Default::default()
        });
        from = end;
    }
    doc
}

fn codes_of(out: &Output) -> Vec<&str> {
    out.findings.iter().map(|o| o.code.as_str()).collect()
}

#[test]
fn a_photo_without_credit_fires_and_a_captioned_one_does_not() {
    let bare = md(
        "# Salon de l'habitat\n\n![Deux artisans au travail](atelier.jpg)\n\n\
                   Entrée libre, du 14 au 16 mars.\n",
    );
    let out = run(&bare);
    assert_eq!(codes_of(&out), vec![codes::NO_CREDIT]);
    assert_eq!(out.findings[0].args[0].1, "atelier.jpg");
    assert_eq!(
        out.findings[0]
            .location
            .range()
            .and_then(|r| bare.text.get(r)),
        Some("![Deux artisans au travail](atelier.jpg)")
    );
    assert!(out.evidence.is_empty());

    for caption in [
        "Photo : Julie Martin",
        "© Verdure 2026",
        "Crédit : Unsplash / J. Martin",
        "Image DR",
        "Droits réservés",
        "Illustration sous licence CC BY 4.0",
    ] {
        let doc = md(&format!(
            "# Salon\n\n![Deux artisans](atelier.jpg)\n{caption}\n\nEntrée libre.\n"
        ));
        let out = run(&doc);
        assert_eq!(codes_of(&out), Vec::<&str>::new(), "{caption}");
        assert_eq!(out.evidence[0].code, codes::CREDITED);
    }
}

#[test]
fn a_credits_line_covers_every_image() {
    let filler = "Un texte de présentation du salon et de ses exposants. ".repeat(20);
    let text = format!(
        "![Atelier](atelier.jpg)\n\n{filler}\n\n![Stand](stand.jpg)\n\n{filler}\n\n\
         Crédits photos : Julie Martin, Unsplash.\n"
    );
    let out = run(&md(&text));
    assert_eq!(codes_of(&out), Vec::<&str>::new());
    assert_eq!(out.evidence[0].args[0].1, "2");
    // Without it, the first image (far from the line) is reported, the last one is not.
    let text = format!(
        "![Atelier](atelier.jpg)\n\n{filler}\n\n![Stand](stand.jpg)\n\nPhoto : Julie Martin.\n"
    );
    let out = run(&md(&text));
    assert_eq!(codes_of(&out), vec![codes::NO_CREDIT]);
    assert_eq!(out.findings[0].args[0].1, "atelier.jpg");
}

#[test]
fn logos_icons_and_decorative_images_are_not_photos_to_credit() {
    let mut doc = md(
        "![Logo Verdure](logo-verdure.svg) ![](picto-facebook.png) ![QR](qr.png)\n\n\
                      Texte.\n",
    );
    doc.images.push(Image {
        src: "ornement.png".into(),
        decorative: true,
        ..Default::default()
    });
    doc.images.push(Image {
        src: "puce.png".into(),
        width: Some(24),
        height: Some(24),
        ..Default::default()
    });
    assert_eq!(run(&doc), Output::default());
}

#[test]
fn images_located_by_page_look_at_their_page() {
    let mut doc = Document::new("flyer.pdf", Format::Pdf);
    for (page, text) in [(1, "Salon de l'habitat"), (2, "Photo : Julie Martin")] {
        doc.blocks.push(Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
            location: Location::page(page),
        });
    }
    for page in [1, 2] {
        doc.images.push(Image {
            src: format!("image{page}"),
            location: Location::page(page),
            ..Default::default()
        });
    }
    let out = run(&doc);
    assert_eq!(codes_of(&out), vec![codes::NO_CREDIT]);
    assert_eq!(out.findings[0].location, Location::page(1));
}

#[test]
fn a_credit_in_the_title_counts() {
    let mut doc = Document::new("post.html", Format::Html);
    doc.images.push(Image {
        src: "equipe.jpg".into(),
        title: Some("© Julie Martin".into()),
        ..Default::default()
    });
    assert_eq!(codes_of(&run(&doc)), Vec::<&str>::new());
    doc.images[0].title = None;
    assert_eq!(codes_of(&run(&doc)), vec![codes::NO_CREDIT]);
}

#[test]
fn marks_are_words_or_symbols() {
    let marks = params().credit_marks;
    assert!(has_credit("Photo DR", &marks));
    assert!(!has_credit("Une adresse et un droit", &marks));
    assert!(has_credit("photo: J. Martin", &marks));
    assert!(has_credit("(c) Verdure", &marks));
}
