use livrable_model::{Cell, Document, Element, Format, Table};

use super::*;
use crate::tokens::testing::{quality_params, text_doc};

fn params(id: &str) -> Params {
    crate::parse(&quality_params(id)).expect("pack params parse")
}

fn run(id: &str, doc: &Document) -> Output {
    check(
        &Input {
            doc,
            kind: "charter",
            submission: &[],
            options: &toml::Table::new(),
        },
        &params(id),
    )
}

fn codes_of(out: &Output) -> Vec<&str> {
    out.findings.iter().map(|o| o.code.as_str()).collect()
}

fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
    o.args
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no arg {name} in {o:?}"))
}

#[test]
fn the_ratio_is_wcags() {
    let white = Rgb(255, 255, 255);
    assert!((ratio(Rgb(0, 0, 0), white) - 21.0).abs() < 1e-9);
    assert!((ratio(white, white) - 1.0).abs() < 1e-9);
    // Reference values (WebAIM's checker): #777777 on white 4.48, #767676 4.54.
    assert!((ratio(Rgb(0x77, 0x77, 0x77), white) - 4.478).abs() < 0.001);
    assert!((ratio(white, Rgb(0x76, 0x76, 0x76)) - 4.542).abs() < 0.001);
    assert!((ratio(Rgb(0x2E, 0x7D, 0x32), white) - 5.127).abs() < 0.001);
    assert_eq!(Rgb::from_cmyk(80.0, 0.0, 100.0, 20.0), Rgb(41, 204, 0));
}

#[test]
fn every_notation_is_read() {
    let got =
        |t: &str| -> Vec<String> { colours_in(t, false).iter().map(|f| f.rgb.hex()).collect() };
    assert_eq!(got("Vert #2e7d32 et #FFF."), vec!["#2E7D32", "#FFFFFF"]);
    assert_eq!(got("rgb(46, 125, 50)"), vec!["#2E7D32"]);
    assert_eq!(got("RVB : 46 125 50"), vec!["#2E7D32"]);
    assert_eq!(got("R 46 V 125 B 50"), vec!["#2E7D32"]);
    assert_eq!(got("R46 G125 B50"), vec!["#2E7D32"]);
    assert_eq!(got("CMJN 80 0 100 20"), vec!["#29CC00"]);
    assert_eq!(got("CMYK 80/0/100/20"), vec!["#29CC00"]);
    assert_eq!(got("C 80 % M 0 % J 100 % N 20 %"), vec!["#29CC00"]);
    assert_eq!(got("C80 M0 Y100 K20"), vec!["#29CC00"]);
    assert_eq!(
        got("RVB 300 0 0, CMJN 120 0 0 0, #12345G"),
        Vec::<String>::new()
    );
    assert_eq!(
        colours_in("texte blanc sur fond noir", true)
            .iter()
            .map(|f| f.rgb.hex())
            .collect::<Vec<_>>(),
        vec!["#FFFFFF", "#000000"]
    );
}

const PASSING: &str = "# Charte graphique de Verdure\n\n\
    Vert forêt : #1B5E20 (RVB 27 94 32, CMJN 71 0 66 63)\n\n\
    Blanc : #FFFFFF\n\n\
    Jaune soleil : #F9A825\n\n\
    Texte #FFFFFF sur fond #1B5E20.\n\n\
    Texte #1B5E20 sur fond #FFFFFF.\n\n\
    Titres en noir sur fond jaune #F9A825.\n";

const FAILING: &str = "# Charte graphique de Verdure\n\n\
    Vert clair : #A5D6A7\n\n\
    Vert moyen : #388E3C\n\n\
    Texte blanc sur fond #A5D6A7.\n\n\
    Texte #FFFFFF sur fond #388E3C.\n";

#[test]
fn a_passing_palette_gives_its_pairs_as_evidence() {
    let doc = text_doc("charte.md", Format::Markdown, PASSING);
    let out = run("contrast-charter", &doc);
    assert_eq!(codes_of(&out), Vec::<&str>::new());
    let ev = &out.evidence[0];
    assert_eq!(ev.code, codes::PAIRS_OK);
    assert_eq!(arg(ev, "count"), "3");
    assert!(
        arg(ev, "pairs").contains("#FFFFFF / #1B5E20 7,9:1 ✓"),
        "{ev:?}"
    );
}

#[test]
fn a_failing_palette_fires_per_declared_pair() {
    let doc = text_doc("charte.md", Format::Markdown, FAILING);
    let out = run("contrast-charter", &doc);
    assert_eq!(
        codes_of(&out),
        vec![codes::LOW_CONTRAST, codes::LARGE_TEXT_ONLY]
    );
    let low = &out.findings[0];
    assert_eq!(arg(low, "text"), "#FFFFFF");
    assert_eq!(arg(low, "background"), "#A5D6A7");
    assert_eq!(arg(low, "ratio"), "1,6");
    let r = low.location.range().expect("at its block");
    assert_eq!(doc.text.get(r), Some("Texte blanc sur fond #A5D6A7."));
    assert_eq!(arg(&out.findings[1], "ratio"), "4,1");
    assert!(out.evidence.is_empty());
}

#[test]
fn without_declared_pairs_every_pair_is_in_the_matrix() {
    let doc = text_doc(
        "charte.md",
        Format::Markdown,
        "# Palette\n\nVert forêt : #1B5E20 (RVB 27 94 32, CMJN 71 0 66 63)\n\n\
         Blanc : #FFFFFF\n\nJaune soleil : CMJN 0 35 90 0\n",
    );
    let out = run("contrast-charter", &doc);
    assert_eq!(codes_of(&out), vec![codes::NO_DECLARED_PAIRS]);
    let f = &out.findings[0];
    assert_eq!(
        (arg(f, "colours"), arg(f, "pairs"), arg(f, "usable")),
        ("3", "3", "1")
    );
    let ev = &out.evidence[0];
    assert_eq!(ev.code, codes::MATRIX);
    let matrix = arg(ev, "matrix");
    assert!(
        matrix.starts_with("Vert forêt (#1B5E20) / Blanc (#FFFFFF) 7,9:1 ✓"),
        "{matrix}"
    );
    assert!(matrix.contains("Jaune soleil (≈#FFA619)"), "{matrix}");
    assert_eq!(matrix.matches(" · ").count(), 2);
}

#[test]
fn a_table_row_gives_one_colour_in_three_notations() {
    let mut doc = Document::new("charte.xlsx", Format::Xlsx);
    let cell = |t: &str, col: u32| Cell {
        text: t.into(),
        location: Location::cell("Palette", 1, col),
        ..Default::default()
    };
    doc.tables.push(Table {
        rows: vec![
            vec![
                cell("Vert", 0),
                cell("#2E7D32", 1),
                cell("RVB 46 125 50", 2),
            ],
            vec![
                cell("Blanc", 0),
                cell("#FFFFFF", 1),
                cell("RVB 255 255 255", 2),
            ],
        ],
        ..Default::default()
    });
    let out = run("contrast-charter", &doc);
    let ev = &out.evidence[0];
    assert_eq!(arg(ev, "colours"), "2");
    assert_eq!(
        arg(ev, "matrix"),
        "Vert (#2E7D32) / Blanc (#FFFFFF) 5,1:1 ✓"
    );
}

#[test]
fn a_charter_without_colour_codes_says_so() {
    let doc = text_doc(
        "charte.md",
        Format::Markdown,
        "# Charte\n\nNos couleurs sont le vert et le blanc.\n",
    );
    assert_eq!(
        codes_of(&run("contrast-charter", &doc)),
        vec![codes::NO_COLOURS]
    );
}

fn element(tag: &str, attrs: &[(&str, &str)], at: usize) -> Element {
    Element {
        tag: tag.into(),
        attrs: attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        location: Location::span(at, at + 10),
    }
}

#[test]
fn inline_pairs_are_checked_with_the_size_they_need() {
    let mut doc = Document::new("nl.html", Format::Html);
    doc.elements = vec![
        element(
            "td",
            &[("style", "color:#FFFFFF; background-color:#A5D6A7")],
            0,
        ),
        element(
            "p",
            &[(
                "style",
                "color: #777; background: #fff url(x.png) no-repeat",
            )],
            20,
        ),
        element(
            "h1",
            &[(
                "style",
                "color:#388E3C;background-color:white;font-size:24px",
            )],
            40,
        ),
        element(
            "td",
            &[("bgcolor", "#1B5E20"), ("style", "color: white")],
            60,
        ),
        element(
            "span",
            &[("style", "color: rgba(0,0,0,0.5); background-color: #fff")],
            80,
        ),
        element("p", &[("style", "color:#333")], 100),
    ];
    let out = run("contrast-inline", &doc);
    assert_eq!(codes_of(&out), vec![codes::INLINE_LOW, codes::INLINE_LOW]);
    assert_eq!(arg(&out.findings[0], "ratio"), "1,6");
    assert_eq!(out.findings[0].location.start, Some(0));
    assert_eq!(arg(&out.findings[1], "text"), "#777777");
    assert_eq!(arg(&out.findings[1], "required"), "4,5");
    assert!(out.evidence.is_empty());
    doc.elements.drain(..2);
    let out = run("contrast-inline", &doc);
    assert_eq!(codes_of(&out), Vec::<&str>::new());
    assert_eq!(out.evidence[0].code, codes::INLINE_OK);
    assert_eq!(arg(&out.evidence[0], "count"), "2");
}

#[test]
fn css_colours() {
    assert_eq!(css_colour("#FFF"), Some(Rgb(255, 255, 255)));
    assert_eq!(
        css_colour(" rgb(46, 125, 50) !important"),
        Some(Rgb(46, 125, 50))
    );
    assert_eq!(css_colour("rgba(46,125,50,1)"), Some(Rgb(46, 125, 50)));
    assert_eq!(css_colour("rgb(100%, 0%, 0%)"), Some(Rgb(255, 0, 0)));
    assert_eq!(css_colour("rgba(0,0,0,.5)"), None);
    assert_eq!(css_colour("transparent"), None);
    assert_eq!(css_colour("var(--vert)"), None);
    assert_eq!(css_colour("#12"), None);
    assert_eq!(css_colour("rgb(300,0,0)"), None);
    assert_eq!(css_px("12pt"), Some(16.0));
    assert_eq!(css_px("2em"), None);
}
