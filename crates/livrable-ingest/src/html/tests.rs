//! Tests of the HTML reader: spans, alternatives, links, tables, metadata, robustness.

use super::*;

fn html(src: &str) -> Document {
    read("page.html", src.to_string())
}

/// The source text a location points at.
fn at<'a>(doc: &'a Document, location: &Location) -> &'a str {
    let range = location.range().expect("a span");
    &doc.text[range]
}

fn kinds_and_texts(doc: &Document) -> Vec<(BlockKind, &str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect()
}

#[test]
fn headings_have_level_text_and_span() {
    let doc = html("<!doctype html><body>\n<H1 class=t>Bonjour <em>à tous</em></H1>\n<p>Texte</p><h3>Saut</h3></body>");
    let headings: Vec<(u8, &str, &str)> = doc
        .headings()
        .map(|(l, b)| (l, b.text.as_str(), at(&doc, &b.location)))
        .collect();
    assert_eq!(
        headings,
        vec![
            (
                1,
                "Bonjour à tous",
                "<H1 class=t>Bonjour <em>à tous</em></H1>"
            ),
            (3, "Saut", "<h3>Saut</h3>"),
        ]
    );
}

#[test]
fn unclosed_heading_ends_at_the_next_block() {
    // As in a browser: a `<p>` does not close a heading (the paragraph is inside it), the
    // next heading does, and so does the end of the enclosing element.
    let doc =
        html("<h2>Un titre<p>dedans</p><h2>Deux<h3>Trois</h3><div><h4>Quatre</div><p>Cinq</p>");
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (BlockKind::Heading { level: 2 }, "Un titre dedans"),
            (BlockKind::Heading { level: 2 }, "Deux"),
            (BlockKind::Heading { level: 3 }, "Trois"),
            (BlockKind::Heading { level: 4 }, "Quatre"),
            (BlockKind::Paragraph, "Cinq"),
        ]
    );
    assert_eq!(
        at(&doc, &doc.blocks[0].location),
        "<h2>Un titre<p>dedans</p>"
    );
    assert_eq!(at(&doc, &doc.blocks[1].location), "<h2>Deux");
    assert_eq!(at(&doc, &doc.blocks[3].location), "<h4>Quatre");
}

#[test]
fn block_tags_inside_a_heading_do_not_split_it() {
    let doc = html("<h1><span>Le</span><div>titre</div></h1><p>x</p>");
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (BlockKind::Heading { level: 1 }, "Le titre"),
            (BlockKind::Paragraph, "x")
        ]
    );
}

#[test]
fn empty_heading_is_kept_empty_paragraph_is_not() {
    let doc = html("<h2></h2><p> &nbsp; </p><p></p>");
    assert_eq!(
        kinds_and_texts(&doc),
        vec![(BlockKind::Heading { level: 2 }, "")]
    );
}

#[test]
fn blocks_of_each_kind() {
    let doc = html(
        "<p>Un <b>premier</b>\n  paragraphe</p><ul><li>un<li>deux <ul><li>trois</li></ul></ul>\
         <blockquote><p>Citation</p></blockquote><pre>let x = 1;</pre>\
         <div>Texte libre<br>suite</div><table><tr><td>Cellule</td></tr></table>",
    );
    assert_eq!(
        kinds_and_texts(&doc),
        vec![
            (BlockKind::Paragraph, "Un premier paragraphe"),
            (BlockKind::ListItem, "un"),
            (BlockKind::ListItem, "deux"),
            (BlockKind::ListItem, "trois"),
            (BlockKind::Quote, "Citation"),
            (BlockKind::Code, "let x = 1;"),
            (BlockKind::Paragraph, "Texte libre suite"),
            (BlockKind::Paragraph, "Cellule"),
        ]
    );
    assert_eq!(
        at(&doc, &doc.blocks[0].location),
        "<p>Un <b>premier</b>\n  paragraphe</p>"
    );
    assert_eq!(at(&doc, &doc.blocks[1].location), "<li>un");
    assert_eq!(at(&doc, &doc.blocks[6].location), "Texte libre<br>suite");
}

#[test]
fn images_alt_absent_empty_present_and_decorative() {
    let doc = html(
        r#"<img src="a.png"><IMG SRC='b.png' ALT=""><img src=c.png alt="Logo de l&#39;agence" title="t" width="600" height="80px">
           <img src="d.png" alt="" role="presentation"><img src="e.png" aria-hidden="true"><img alt>"#,
    );
    let images: Vec<(&str, Option<&str>, bool)> = doc
        .images
        .iter()
        .map(|i| (i.src.as_str(), i.alt.as_deref(), i.decorative))
        .collect();
    assert_eq!(
        images,
        vec![
            ("a.png", None, false),
            ("b.png", Some(""), false),
            ("c.png", Some("Logo de l'agence"), false),
            ("d.png", Some(""), true),
            ("e.png", None, true),
            ("", Some(""), false),
        ]
    );
    assert_eq!(at(&doc, &doc.images[0].location), r#"<img src="a.png">"#);
    assert_eq!(
        at(&doc, &doc.images[1].location),
        "<IMG SRC='b.png' ALT=\"\">"
    );
    assert_eq!(doc.images[2].title.as_deref(), Some("t"));
    assert_eq!(
        (doc.images[2].width, doc.images[2].height),
        (Some(600), Some(80))
    );
}

#[test]
fn links_with_text_image_alt_and_aria_label() {
    let doc = html(
        r##"<p>Voir <a href="https://exemple.fr/?a=1&amp;b=2">notre <b>site</b></a>.</p>
           <a href="/fb"><img src="fb.png" alt="Facebook"></a>
           <a href="/x" aria-label="Fermer"><svg></svg></a>
           <a name="ancre">pas un lien</a><a href="#">Ici</a>"##,
    );
    let links: Vec<(&str, &str)> = doc
        .links
        .iter()
        .map(|l| (l.href.as_str(), l.text.as_str()))
        .collect();
    assert_eq!(
        links,
        vec![
            ("https://exemple.fr/?a=1&b=2", "notre site"),
            ("/fb", "Facebook"),
            ("/x", "Fermer"),
            ("#", "Ici"),
        ]
    );
    assert_eq!(
        at(&doc, &doc.links[0].location),
        r#"<a href="https://exemple.fr/?a=1&amp;b=2">notre <b>site</b></a>"#
    );
}

#[test]
fn unclosed_link_ends_at_the_next_link_or_the_end() {
    let doc = html(r#"<a href="/un">Un <a href="/deux">Deux"#);
    let links: Vec<(&str, &str)> = doc
        .links
        .iter()
        .map(|l| (l.href.as_str(), l.text.as_str()))
        .collect();
    assert_eq!(links, vec![("/un", "Un"), ("/deux", "Deux")]);
    assert_eq!(at(&doc, &doc.links[0].location), r#"<a href="/un">Un"#);
    assert_eq!(at(&doc, &doc.links[1].location), r#"<a href="/deux">Deux"#);
}

#[test]
fn table_cells_are_typed_with_spans() {
    let doc = html(
        "<table><caption>Budget</caption><thead><tr><th>Action</th><th>Coût</th><th>Date</th></tr></thead>\
         <tbody><tr><td>Affiches</td><td>1&nbsp;500,00&nbsp;€</td><td>15/03/2027</td></tr>\
         <tr><td>Total</td><td>1 500 €</td><td></td></tr></tbody></table>",
    );
    assert_eq!(doc.tables.len(), 1);
    let t = &doc.tables[0];
    assert_eq!(t.name.as_deref(), Some("Budget"));
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0][1].value, CellValue::Text("Coût".into()));
    assert_eq!(t.rows[1][1].number(), Some(1500.0));
    assert_eq!(t.rows[1][1].text, "1\u{a0}500,00\u{a0}€");
    assert_eq!(
        t.rows[1][2].value,
        CellValue::Date(chrono::NaiveDate::from_ymd_opt(2027, 3, 15).unwrap())
    );
    assert_eq!(t.rows[2][1].number(), Some(1500.0));
    assert!(t.rows[2][2].is_empty());
    assert_eq!(at(&doc, &t.rows[2][1].location), "<td>1 500 €</td>");
    assert!(
        at(&doc, &t.location).starts_with("<table>") && at(&doc, &t.location).ends_with("</table>")
    );
}

#[test]
fn colspan_and_rowspan_keep_columns_aligned() {
    let doc = html(
        "<table><tr><td rowspan=2>A</td><td>B</td><td>C</td></tr>\
         <tr><td>D</td><td>E</td></tr>\
         <tr><td colspan=2>Total</td><td>9</td></tr></table>",
    );
    let t = &doc.tables[0];
    let grid: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        grid,
        vec![
            vec!["A", "B", "C"],
            vec!["", "D", "E"],
            vec!["Total", "", "9"]
        ]
    );
    assert_eq!(t.merged, vec![(0, 0, 1, 0), (2, 0, 2, 1)]);
}

#[test]
fn misnested_and_unclosed_tables() {
    let doc = html("<table><tr><td>a<td>b<tr><td>c<table><td>inner</table>d</td></tr>");
    assert_eq!(doc.tables.len(), 2);
    let outer: Vec<Vec<&str>> = doc.tables[0]
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(outer, vec![vec!["a", "b"], vec!["c d"]]);
    assert_eq!(doc.tables[1].rows[0][0].text, "inner");
}

#[test]
fn metadata_title_lang_description() {
    let doc = html(
        "<html lang=\"fr-FR\"><head><title>Lettre &ndash; mars</title>\
         <meta name=\"Description\" content=\"La  lettre\n du mois\"></head>\
         <body><svg><title>Icône</title></svg><h1>Corps</h1></body></html>",
    );
    assert_eq!(doc.meta.title.as_deref(), Some("Lettre – mars"));
    assert_eq!(doc.meta.lang.as_deref(), Some("fr-FR"));
    assert_eq!(doc.meta.description.as_deref(), Some("La lettre du mois"));
    assert!(
        !doc.blocks.iter().any(|b| b.text.contains("mars")),
        "the title is not body text"
    );
}

#[test]
fn missing_or_empty_lang_is_none() {
    assert_eq!(html("<html><p>x</p>").meta.lang, None);
    assert_eq!(html("<html lang=\" \"><p>x</p>").meta.lang, None);
    assert_eq!(html("<p>x</p>").meta.title, None);
}

#[test]
fn scripts_styles_templates_and_comments_are_not_text() {
    let doc = html(
        "<style>p{color:red}</style><script>var a = '<p>non</p>';</script>\
         <template><p>modèle</p></template><!-- <p>commentaire</p> --><noscript>rien</noscript><p>oui</p>",
    );
    assert_eq!(kinds_and_texts(&doc), vec![(BlockKind::Paragraph, "oui")]);
    let tags: Vec<&str> = doc.elements.iter().map(|e| e.tag.as_str()).collect();
    assert!(tags.contains(&"script") && tags.contains(&"style"));
}

#[test]
fn elements_every_start_tag_lower_case_with_attributes() {
    let doc =
        html("<DIV Class=\"a&amp;b\" data-X=1><Form ACTION=/s><input type=text></form></DIV>");
    let tags: Vec<&str> = doc.elements.iter().map(|e| e.tag.as_str()).collect();
    assert_eq!(tags, vec!["div", "form", "input"]);
    assert_eq!(
        doc.elements[0].attrs,
        vec![
            ("class".to_string(), "a&b".to_string()),
            ("data-x".to_string(), "1".to_string())
        ]
    );
    assert_eq!(doc.elements[1].attr("action"), Some("/s"));
    assert_eq!(at(&doc, &doc.elements[2].location), "<input type=text>");
}

#[test]
fn entities_in_text_and_attributes() {
    let doc = html("<p>L&rsquo;&eacute;t&eacute; &amp; l&#8217;hiver &lt;3 &copy 2027</p><img src=x alt=\"&laquo;&nbsp;Logo&nbsp;&raquo;\">");
    assert_eq!(doc.blocks[0].text, "L’été & l’hiver <3 © 2027");
    assert_eq!(doc.images[0].alt.as_deref(), Some("«\u{a0}Logo\u{a0}»"));
}

#[test]
fn offsets_are_shifted_by_base() {
    let outer = "xxxx<img src=a.png>";
    let doc = parse(&outer[4..], 4);
    assert_eq!(
        &outer[doc.images[0].location.range().unwrap()],
        "<img src=a.png>"
    );
}

#[test]
fn malformed_input_never_panics_and_spans_stay_in_bounds() {
    let inputs = [
        "",
        "<",
        "<<<>>>",
        "</p></li></td></table></h1></a>",
        "<p><p><li><td><tr><table><caption><h1><a href=x><img",
        "<table><td colspan=99999 rowspan=0>x<td rowspan=100000>y</table>",
        "<a href='unterminated",
        "<!-- unterminated comment",
        "<script>never closed",
        "<title>no end",
        "<template><template></template>",
        "&#xFFFFFFFFFF; &#-1; &; &&amp",
        "<svg><p>mixed</svg></p>",
        "<h1><h2><h3><h4><h5><h6>deep",
        "<math><mi>x</mi></math><select><xmp><script>\"use strict\";</script></select>",
        "é<b>à</i>ü</b>\u{0}",
    ];
    for src in inputs {
        let doc = html(src);
        let spans = doc
            .blocks
            .iter()
            .map(|b| &b.location)
            .chain(doc.links.iter().map(|l| &l.location))
            .chain(doc.images.iter().map(|i| &i.location))
            .chain(doc.elements.iter().map(|e| &e.location))
            .chain(doc.tables.iter().map(|t| &t.location))
            .chain(
                doc.tables
                    .iter()
                    .flat_map(|t| t.rows.iter().flatten().map(|c| &c.location)),
            );
        for loc in spans {
            let r = loc.range().unwrap();
            assert!(r.start <= r.end && r.end <= src.len(), "{src:?}: {r:?}");
            assert!(
                src.get(r.clone()).is_some(),
                "{src:?}: {r:?} not on char boundaries"
            );
        }
    }
}

#[test]
fn deep_nesting_and_many_tables_stay_bounded() {
    let src = "<div>".repeat(20_000) + &"<table><tr><td>x".repeat(2_000) + &"<li>".repeat(20_000);
    let doc = html(&src);
    assert!(doc.tables.len() <= MAX_TABLES);
    assert_eq!(doc.elements.len(), 20_000 + 2_000 * 3 + 20_000);
}

#[test]
fn hostile_spans_stay_linear() {
    // A wide row spanning many rows, then thousands of empty rows: padding is budgeted and
    // the span bookkeeping shrinks, so this stays fast.
    let src = format!(
        "<table><tr>{}<td rowspan=65534>x</td></tr>{}</table>",
        "<td>a</td>".repeat(5_000),
        "<tr>".repeat(20_000)
    );
    let started = std::time::Instant::now();
    let doc = html(&src);
    let cells: usize = doc.tables[0].rows.iter().map(Vec::len).sum();
    assert!(cells <= MAX_CELLS);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
