//! Tests of the Markdown and plain-text readers.

use super::*;
use livrable_model::CellValue;

fn md(src: &str) -> Document {
    read("article.md", src.to_string())
}

/// The source text a location points at.
fn at<'a>(doc: &'a Document, location: &Location) -> &'a str {
    &doc.text[location.range().expect("a span")]
}

fn kinds_and_texts(doc: &Document) -> Vec<(BlockKind, &str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect()
}

#[test]
fn atx_headings_span_their_line_without_newline() {
    let doc = md("# Titre *principal*\n\nTexte.\n\n### Sous-titre ###\r\n");
    let headings: Vec<(u8, &str, &str)> = doc
        .headings()
        .map(|(l, b)| (l, b.text.as_str(), at(&doc, &b.location)))
        .collect();
    assert_eq!(
        headings,
        vec![
            (1, "Titre principal", "# Titre *principal*"),
            (3, "Sous-titre", "### Sous-titre ###"),
        ]
    );
}

#[test]
fn setext_headings() {
    let doc = md("Grand titre\n===========\n\nPetit titre\n---\n\nTexte\n");
    let headings: Vec<(u8, &str, &str)> = doc
        .headings()
        .map(|(l, b)| (l, b.text.as_str(), at(&doc, &b.location)))
        .collect();
    assert_eq!(
        headings,
        vec![
            (1, "Grand titre", "Grand titre\n==========="),
            (2, "Petit titre", "Petit titre\n---"),
        ]
    );
}

#[test]
fn blocks_of_each_kind_with_spans() {
    let src = "Un  paragraphe\nsur deux lignes avec `code`.\n\n- un\n- deux\n  - trois\n\n\
               1. Premier\n\n   suite du premier\n\n> Une citation\n> longue\n\n```rust\nlet x = 1;\n```\n";
    let doc = md(src);
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (
                BlockKind::Paragraph,
                "Un paragraphe sur deux lignes avec code."
            ),
            (BlockKind::ListItem, "un"),
            (BlockKind::ListItem, "deux"),
            (BlockKind::ListItem, "trois"),
            (BlockKind::ListItem, "Premier"),
            (BlockKind::ListItem, "suite du premier"),
            (BlockKind::Quote, "Une citation longue"),
            (BlockKind::Code, "let x = 1;"),
        ]
    );
    assert_eq!(
        at(&doc, &doc.blocks[0].location),
        "Un  paragraphe\nsur deux lignes avec `code`."
    );
    assert_eq!(at(&doc, &doc.blocks[1].location), "un");
    assert_eq!(at(&doc, &doc.blocks[6].location), "Une citation\n> longue");
    assert_eq!(
        at(&doc, &doc.blocks[7].location),
        "```rust\nlet x = 1;\n```"
    );
}

#[test]
fn images_alt_empty_present_and_html_absent() {
    let doc = md(
        "![](vide.png) ![Logo *de* l'agence](logo.png \"Le logo\")\n\n\
         Texte <img src=\"brut.png\"> et <IMG SRC=x.png ALT=\"\">.\n\n\
         <div align=\"center\">\n  <img src=\"bloc.png\" role=\"presentation\" alt=\"\">\n</div>\n",
    );
    let images: Vec<(&str, Option<&str>, bool)> = doc
        .images
        .iter()
        .map(|i| (i.src.as_str(), i.alt.as_deref(), i.decorative))
        .collect();
    assert_eq!(
        images,
        vec![
            ("vide.png", Some(""), false),
            ("logo.png", Some("Logo de l'agence"), false),
            ("brut.png", None, false),
            ("x.png", Some(""), false),
            ("bloc.png", Some(""), true),
        ]
    );
    assert_eq!(at(&doc, &doc.images[0].location), "![](vide.png)");
    assert_eq!(
        at(&doc, &doc.images[1].location),
        "![Logo *de* l'agence](logo.png \"Le logo\")"
    );
    assert_eq!(doc.images[1].title.as_deref(), Some("Le logo"));
    assert_eq!(at(&doc, &doc.images[2].location), "<img src=\"brut.png\">");
    assert_eq!(
        at(&doc, &doc.images[4].location),
        "<img src=\"bloc.png\" role=\"presentation\" alt=\"\">"
    );
}

#[test]
fn links_inline_reference_autolink_and_html() {
    let doc = md(
        "Voir [notre **site**](https://exemple.fr), [la charte][c], <https://auto.fr> et \
         <a href=\"/brut\">le lien brut</a>.\n\n[![Facebook](fb.png)](https://fb.com/x)\n\n\
         [c]: https://exemple.fr/charte.pdf\n",
    );
    let links: Vec<(&str, &str)> = doc
        .links
        .iter()
        .map(|l| (l.href.as_str(), l.text.as_str()))
        .collect();
    assert_eq!(
        links,
        vec![
            ("https://exemple.fr", "notre site"),
            ("https://exemple.fr/charte.pdf", "la charte"),
            ("https://auto.fr", "https://auto.fr"),
            ("/brut", "le lien brut"),
            ("https://fb.com/x", "Facebook"),
        ]
    );
    assert_eq!(
        at(&doc, &doc.links[0].location),
        "[notre **site**](https://exemple.fr)"
    );
    assert_eq!(at(&doc, &doc.links[1].location), "[la charte][c]");
    assert_eq!(at(&doc, &doc.links[2].location), "<https://auto.fr>");
    assert_eq!(
        at(&doc, &doc.links[3].location),
        "<a href=\"/brut\">le lien brut</a>"
    );
    // The paragraph's text keeps the links' visible text.
    assert!(doc.blocks[0]
        .text
        .starts_with("Voir notre site, la charte, https://auto.fr et le lien brut"));
}

#[test]
fn unclosed_html_link_ends_with_its_paragraph() {
    let doc = md("Un <a href=\"/x\">lien jamais fermé.\n\nParagraphe suivant.\n");
    assert_eq!(doc.links.len(), 1);
    assert_eq!(doc.links[0].text, "lien jamais fermé.");
    assert_eq!(
        at(&doc, &doc.links[0].location),
        "<a href=\"/x\">lien jamais fermé."
    );
}

#[test]
fn heading_text_includes_image_alt() {
    let doc = md("# ![Acme](logo.png) Bienvenue\n");
    assert_eq!(doc.blocks[0].text, "Acme Bienvenue");
}

#[test]
fn front_matter_fills_metadata_and_is_not_body() {
    let src = "---\ntitle: \"Lancement de l'appli\"\ndescription: Article de blog\nlang: fr\ntags: [com, web]\n---\n# Titre\n\n---\n\nFin\n";
    let doc = md(src);
    assert_eq!(doc.meta.title.as_deref(), Some("Lancement de l'appli"));
    assert_eq!(doc.meta.description.as_deref(), Some("Article de blog"));
    assert_eq!(doc.meta.lang.as_deref(), Some("fr"));
    assert_eq!(doc.meta.front_matter["tags"], "com, web");
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (BlockKind::Heading { level: 1 }, "Titre"),
            (BlockKind::Paragraph, "Fin")
        ]
    );
    assert_eq!(at(&doc, &doc.blocks[0].location), "# Titre");
}

#[test]
fn a_rule_pair_in_the_middle_is_not_front_matter() {
    let doc = md("# Titre\n\n---\ntitle: pas des métadonnées\n---\n\nFin\n");
    assert!(doc.meta.front_matter.is_empty());
    assert_eq!(doc.meta.title, None);
    assert!(doc
        .blocks
        .iter()
        .any(|b| b.text.contains("pas des métadonnées")));
}

#[test]
fn table_with_french_amounts_typed_as_numbers() {
    let src = "| Action | Coût | Date |\n|---|---:|---|\n| Affiches | 1 500,00 € | 15/03/2027 |\n| Radio | 12 % | |\n| **Total** | 1.500 € | mars 2027 |\n";
    let doc = md(src);
    assert_eq!(doc.tables.len(), 1);
    let t = &doc.tables[0];
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.rows[0][1].value, CellValue::Text("Coût".into()));
    assert_eq!(t.rows[1][1].number(), Some(1500.0));
    assert_eq!(t.rows[1][1].text, "1 500,00 €");
    assert_eq!(at(&doc, &t.rows[1][1].location), "1 500,00 €");
    assert_eq!(
        t.rows[1][2].value,
        CellValue::Date(chrono::NaiveDate::from_ymd_opt(2027, 3, 15).unwrap())
    );
    assert_eq!(t.rows[2][1].number(), Some(12.0));
    assert!(t.rows[2][2].is_empty());
    assert_eq!(t.rows[3][0].text, "Total");
    assert_eq!(t.rows[3][1].number(), Some(1500.0));
    assert_eq!(at(&doc, &t.location), src.trim_end());
    assert!(doc.blocks.is_empty(), "table cells are not prose blocks");
}

#[test]
fn html_block_inside_markdown_gives_headings_and_tables() {
    let doc = md("Intro\n\n<h2 id=\"x\">Titre HTML</h2>\n\n<table><tr><td>2 000 €</td></tr></table>\n\nFin\n");
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (BlockKind::Paragraph, "Intro"),
            (BlockKind::Heading { level: 2 }, "Titre HTML"),
            (BlockKind::Paragraph, "2 000 €"),
            (BlockKind::Paragraph, "Fin"),
        ]
    );
    assert_eq!(
        at(&doc, &doc.blocks[1].location),
        "<h2 id=\"x\">Titre HTML</h2>"
    );
    assert_eq!(doc.tables[0].rows[0][0].number(), Some(2000.0));
    assert!(doc.elements.is_empty(), "elements are for HTML files");
}

#[test]
fn entities_and_escapes_are_decoded() {
    let doc = md("L&rsquo;&eacute;t&eacute; \\*pas en italique\\* &amp; co\n");
    assert_eq!(doc.blocks[0].text, "L’été *pas en italique* & co");
}

#[test]
fn plain_text_paragraphs_split_on_blank_lines() {
    let src = "  Premier paragraphe\r\nsur deux lignes.  \r\n \r\n\r\nDeuxième.\n\n\n";
    let doc = read_plain("notes.txt", src.to_string());
    assert_eq!(doc.format, Format::Text);
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (BlockKind::Paragraph, "Premier paragraphe sur deux lignes."),
            (BlockKind::Paragraph, "Deuxième."),
        ]
    );
    assert_eq!(
        at(&doc, &doc.blocks[0].location),
        "Premier paragraphe\r\nsur deux lignes."
    );
    assert_eq!(at(&doc, &doc.blocks[1].location), "Deuxième.");
    assert!(read_plain("vide.txt", String::new()).blocks.is_empty());
}

#[test]
fn odd_markdown_never_panics_and_spans_stay_in_bounds() {
    let inputs = [
        "",
        "#",
        "---",
        "---\n---\n",
        "![",
        "[a](<b",
        "| a |\n|---|\n| é |",
        "<a href=x>é<img src=y>",
        "</a></a>",
        "> > > - [ ] ![x](y)\n",
        "[^1]\n\n[^1]: note",
        "<table><tr><td>x",
        "é\r\n===\r\n",
        "* * *\n- \n-\n",
    ];
    for src in inputs {
        let doc = md(src);
        let spans = doc
            .blocks
            .iter()
            .map(|b| &b.location)
            .chain(doc.links.iter().map(|l| &l.location))
            .chain(doc.images.iter().map(|i| &i.location))
            .chain(doc.tables.iter().map(|t| &t.location))
            .chain(
                doc.tables
                    .iter()
                    .flat_map(|t| t.rows.iter().flatten().map(|c| &c.location)),
            );
        for loc in spans {
            let r = loc.range().unwrap();
            assert!(src.get(r.clone()).is_some(), "{src:?}: {r:?}");
        }
        let plain = read_plain("x.txt", src.to_string());
        for b in &plain.blocks {
            assert!(src.get(b.location.range().unwrap()).is_some());
        }
    }
}

#[test]
fn inline_html_tag_over_lines_in_a_quote_keeps_a_true_span() {
    let src = "> Texte <img\n> src=\"a.png\" alt=\"A\"> fin\n";
    let doc = md(src);
    assert_eq!(doc.images.len(), 1);
    assert_eq!(doc.images[0].alt.as_deref(), Some("A"));
    let span = at(&doc, &doc.images[0].location);
    assert!(span.starts_with("<img") && span.ends_with('>'), "{span:?}");
}
