use livrable_ingest::{read, Limits};
use livrable_model::{
    Block, BlockKind, Document, Format, Image, Location, Severity, SubmittedFile,
};

use super::*;

fn doc(name: &str, text: &str) -> Document {
    let got = read(
        &SubmittedFile {
            path: name.into(),
            bytes: text.as_bytes().to_vec(),
        },
        &Limits::default(),
    );
    got.doc.expect("read")
}

fn element(label: &str, words: &[&str]) -> ElementParams {
    ElementParams {
        label: label.into(),
        referential: format!("les {label}"),
        words: words.iter().map(|w| w.to_string()).collect(),
        severity: None,
        in_title: false,
        dated: false,
        within: Vec::new(),
    }
}

/// The meeting-agenda elements, as the pack words them (shortened).
fn agenda() -> Params {
    let mut date = element("date", &["date", "horaire", "heure", "quand"]);
    date.severity = Some(Severity::Info);
    date.dated = true;
    let mut odj = element("ordre du jour", &["ordre du jour", "programme", "déroulé"]);
    odj.in_title = true;
    Params {
        elements: vec![
            odj,
            element("objectifs", &["objectif", "objectifs", "objet"]),
            element(
                "participants",
                &["participants", "liste des participants", "invités"],
            ),
            date,
        ],
    }
}

fn run_on(d: &Document, params: &Params) -> Output {
    check(
        &Input {
            doc: d,
            kind: "meeting-agenda",
            submission: &[],
            options: &toml::Table::new(),
        },
        params,
    )
    .expect("valid params")
}

fn missing(out: &Output) -> Vec<String> {
    out.findings
        .iter()
        .filter(|o| o.code == codes::MISSING)
        .map(|o| arg(o, "element").to_string())
        .collect()
}

fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
    o.args
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {o:?}"))
}

fn found(out: &Output) -> &str {
    let e = out
        .evidence
        .iter()
        .find(|o| o.code == codes::PRESENT)
        .unwrap_or_else(|| panic!("no evidence: {out:?}"));
    arg(e, "found")
}

#[test]
fn headings_labels_and_bold_labels_are_found_with_their_place() {
    let d = doc(
        "odj.md",
        "# Réunion de lancement\n\n**Date** : jeudi 4 février 2027\n\n\
         - **Participants** : Claire, Paul\n\n## Ordre du jour\n\n1. Accueil\n\n\
         ## Les objectifs de la réunion\n\nValider le brief.\n",
    );
    let out = run_on(&d, &agenda());
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let f = found(&out);
    assert!(f.contains("ordre du jour « Ordre du jour » (l. 7)"), "{f}");
    assert!(
        f.contains("objectifs « Les objectifs de la réunion » (l. 11)"),
        "{f}"
    );
    assert!(
        f.contains("participants « Participants : Claire, Paul » (l. 5)"),
        "{f}"
    );
    assert!(
        f.contains("date « Date : jeudi 4 février 2027 » (l. 3)"),
        "{f}"
    );
    assert_eq!(arg(&out.evidence[0], "count"), "4");
}

#[test]
fn each_missing_element_is_one_finding_on_the_whole_document() {
    let d = doc(
        "odj.md",
        "# Réunion\n\n## Ordre du jour\n\n1. Accueil\n2. Planning\n",
    );
    let out = run_on(&d, &agenda());
    assert_eq!(missing(&out), ["objectifs", "participants", "date"]);
    let objectives = &out.findings[0];
    assert_eq!(objectives.location, Location::whole());
    assert_eq!(arg(objectives, "referential"), "les objectifs");
    assert_eq!(arg(objectives, "words"), "objectif, objectifs, objet");
    assert_eq!(objectives.severity, None, "the code's severity applies");
    assert_eq!(
        out.findings[2].severity,
        Some(Severity::Info),
        "the date is an info-level element"
    );
    assert!(
        out.evidence.is_empty(),
        "no evidence while an element lacks"
    );
}

#[test]
fn an_info_element_missing_still_gives_the_evidence() {
    let d = doc(
        "odj.md",
        "# Ordre du jour\n\nObjectif : valider le brief.\n\nParticipants : Claire, Paul.\n",
    );
    let out = run_on(&d, &agenda());
    assert_eq!(missing(&out), ["date"]);
    let f = found(&out);
    assert!(
        f.contains("ordre du jour « Ordre du jour » (l. 1)"),
        "in_title: the title names the agenda: {f}"
    );
    assert!(!f.contains("date"), "{f}");
    assert_eq!(arg(&out.evidence[0], "count"), "3");
}

#[test]
fn the_title_names_the_document_not_a_part() {
    let params = Params {
        elements: vec![
            element(
                "éléments graphiques",
                &["charte graphique", "identité visuelle"],
            ),
            element(
                "éléments éditoriaux",
                &["charte éditoriale", "ligne éditoriale"],
            ),
        ],
    };
    let d = doc(
        "charte.md",
        "# Charte graphique et éditoriale\n\n## Objectifs\n\nHarmoniser.\n\n## Logo\n\nLe logo.\n",
    );
    let out = run_on(&d, &params);
    assert_eq!(
        missing(&out),
        ["éléments graphiques", "éléments éditoriaux"]
    );
    let d = doc(
        "charte.md",
        "# Charte de Verdure\n\n## Identité visuelle\n\nLogo.\n\n## Ligne éditoriale\n\nTon.\n",
    );
    assert!(run_on(&d, &params).findings.is_empty());
}

#[test]
fn words_are_whole_and_folded() {
    let params = Params {
        elements: vec![element("délais", &["délais", "échéance"])],
    };
    // « DELAIS » without accent, upper case: found.
    let d = doc("b.md", "# Brief\n\n## DELAIS\n\nFin mars.\n");
    assert!(run_on(&d, &params).findings.is_empty());
    // « échéancier » is not « échéance »; « délaissé » is not « délais ».
    let d = doc(
        "b.md",
        "# Brief\n\n## Échéancier\n\nFin mars.\n\n## Public délaissé\n\nx\n",
    );
    assert_eq!(missing(&run_on(&d, &params)), ["délais"]);
}

#[test]
fn a_paragraph_starting_with_a_word_counts_running_text_does_not() {
    let params = Params {
        elements: vec![element("objectifs", &["objectifs"])],
    };
    let d = doc(
        "b.md",
        "# Brief\n\nNous voulons atteindre nos objectifs de vente.\n",
    );
    assert_eq!(missing(&run_on(&d, &params)), ["objectifs"]);
    let d = doc("b.md", "# Brief\n\n- Objectifs de la campagne (15 min)\n");
    assert!(run_on(&d, &params).findings.is_empty());
    // A label that does not start the text: « Les objectifs : ».
    let d = doc("b.md", "# Brief\n\nLes objectifs : 150 devis.\n");
    assert!(run_on(&d, &params).findings.is_empty());
    // A colon far into a sentence makes no label.
    let d = doc(
        "b.md",
        "# Brief\n\nLors de la réunion de lancement, nous reverrons les objectifs : tous.\n",
    );
    assert_eq!(missing(&run_on(&d, &params)), ["objectifs"]);
}

#[test]
fn labels_on_joined_lines_of_a_markdown_paragraph_are_found() {
    // Markdown joins these lines into one paragraph: the second label is found on its line.
    let d = doc(
        "odj.md",
        "# Ordre du jour\n\nDate : 4 février 2027\nParticipants : Claire, Paul\nObjet : lancement\n",
    );
    let out = run_on(&d, &agenda());
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert!(
        found(&out).contains("participants « Participants : Claire, Paul » (l. 4)"),
        "{}",
        found(&out)
    );
}

#[test]
fn plain_text_labels_and_title_lines_at_line_starts() {
    let text = "RÉUNION DE LANCEMENT\n\
                Participants : Claire, Paul\n\
                \n\
                ORDRE DU JOUR\n\
                accueil puis présentation, avec les\n\
                objectifs de la campagne qui seront revus un par un ensemble\n";
    let d = doc("odj.txt", text);
    let out = run_on(&d, &agenda());
    // « ORDRE DU JOUR » is a short line; the wrapped line starting with « objectifs » is
    // running text; no date.
    assert_eq!(missing(&out), ["objectifs", "date"]);
    let d = doc(
        "odj.txt",
        "ORDRE DU JOUR\nObjectifs :\n- valider\nInvités : Claire\n",
    );
    let out = run_on(&d, &agenda());
    assert_eq!(missing(&out), ["date"]);
}

#[test]
fn tables_headers_label_columns_and_label_cells() {
    let params = Params {
        elements: vec![
            element("forces", &["forces", "points forts"]),
            element("faiblesses", &["faiblesses"]),
            element("opportunités", &["opportunités"]),
            element("menaces", &["menaces"]),
        ],
    };
    // A SWOT grid: two headers in the first row, two label cells further down.
    let d = doc(
        "swot.md",
        "# Diagnostic\n\n| Forces | Faiblesses |\n|---|---|\n| Notoriété | Prix |\n\
         | **Opportunités** | **Menaces** |\n| Aides | Concurrence |\n",
    );
    let out = run_on(&d, &params);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert!(
        found(&out).contains("menaces « Menaces » (l. 6)"),
        "{}",
        found(&out)
    );
    // A cell that only mentions the word is content, not a label.
    let d = doc(
        "swot.md",
        "# Diagnostic\n\n| Forces | Faiblesses |\n|---|---|\n| Notoriété | Prix |\n\
         | Aides publiques | Menaces de la concurrence |\n",
    );
    assert_eq!(missing(&run_on(&d, &params)), ["opportunités", "menaces"]);
    // A label | value table.
    let d = doc(
        "odj.md",
        "# Réunion\n\n| Rubrique | Détail |\n|---|---|\n| Ordre du jour | Lancement |\n\
         | Objectifs | Valider |\n| Liste des participants | Claire |\n| Date et heure | 4/02 |\n",
    );
    let out = run_on(&d, &agenda());
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}

#[test]
fn an_alternative_text_names_a_picture() {
    let params = Params {
        elements: vec![element("forces", &["forces"])],
    };
    let d = doc(
        "d.md",
        "# Diagnostic\n\n![Matrice SWOT : forces, faiblesses](swot.png)\n",
    );
    let out = run_on(&d, &params);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let d = doc("d.md", "# Diagnostic\n\n![](swot.png)\n");
    assert_eq!(missing(&run_on(&d, &params)), ["forces"]);
}

#[test]
fn a_dated_element_is_found_by_a_date_at_the_top() {
    let params = agenda();
    let d = doc(
        "odj.md",
        "# Réunion de lancement du jeudi 4 février 2027\n\n## Ordre du jour\n\n\
         Objectifs : valider.\n\nParticipants : Claire.\n",
    );
    let out = run_on(&d, &params);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert!(found(&out).contains("date « Réunion de lancement du jeudi 4 février 2027 » (l. 1)"));
    let d = doc(
        "odj.md",
        "# Réunion\n\nLe 04/02/2027 à 10 h, salle Lumière.\n\n## Ordre du jour\n\n\
         Objectifs : valider.\n\nParticipants : Claire.\n",
    );
    assert!(run_on(&d, &params).findings.is_empty());
    // A number is not a date.
    assert!(!holds_date("Budget 2027 : 2 800 €"));
    assert!(holds_date("Point d'étape (mars 2027)"));
}

#[test]
fn html_headings_and_paragraph_labels() {
    let d = doc(
        "odj.html",
        "<html><body><h1>Réunion</h1><p><strong>Participants</strong> : Claire</p>\
         <h2>Ordre du jour</h2><ol><li>Objectifs de la campagne</li></ol>\
         <p>Date : 4 février 2027</p></body></html>",
    );
    let out = run_on(&d, &agenda());
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}

#[test]
fn slides_and_pdf_pages_name_their_page() {
    let mut d = Document::new("odj.pdf", Format::Pdf);
    d.text = "Ordre du jour\nParticipants : Claire\nObjectifs : valider\n".into();
    let mut loc = Location::span(0, 13);
    loc.page = Some(1);
    d.blocks.push(Block {
        kind: BlockKind::Heading { level: 1 },
        text: "Ordre du jour".into(),
        location: loc,
    });
    let mut loc = Location::span(14, 34);
    loc.page = Some(2);
    d.blocks.push(Block {
        kind: BlockKind::Paragraph,
        text: "Participants : Claire".into(),
        location: loc,
    });
    // The last line has no block: its page is the preceding block's.
    let out = run_on(&d, &agenda());
    assert_eq!(missing(&out), ["date"]);
    let f = found(&out);
    assert!(f.contains("ordre du jour « Ordre du jour » (p. 1)"), "{f}");
    assert!(
        f.contains("participants « Participants : Claire » (p. 2)"),
        "{f}"
    );
    assert!(
        f.contains("objectifs « Objectifs : valider » (p. 2)"),
        "{f}"
    );
}

#[test]
fn a_document_without_text_is_left_to_the_evaluator() {
    let mut d = Document::new("odj.png", Format::Image);
    d.images.push(Image {
        src: "odj.png".into(),
        alt: None,
        ..Default::default()
    });
    let out = run_on(&d, &agenda());
    assert_eq!(out.findings.len(), 1);
    assert_eq!(out.findings[0].code, codes::NO_TEXT);
    assert_eq!(
        arg(&out.findings[0], "elements"),
        "ordre du jour, objectifs, participants, date"
    );
    assert!(out.evidence.is_empty());
}

#[test]
fn parameters_are_checked() {
    let bad = |p: Params| validate(&p).unwrap_err().0;
    assert!(bad(Params { elements: vec![] }).contains("empty"));
    assert!(bad(Params {
        elements: vec![element("x", &[" ", ""])]
    })
    .contains("no `words`"));
    assert!(bad(Params {
        elements: vec![element(" ", &["x"])]
    })
    .contains("label"));
    // Through the registry: unknown keys refused, a good table accepted.
    let table: crate::Params = toml::from_str(
        r#"[[elements]]
label = "objectifs"
referential = "objectifs"
words = ["objectifs"]
severity = "info"
"#,
    )
    .unwrap();
    assert!(crate::validate(KIND, &table).is_ok());
    let mut typo = table.clone();
    typo.insert("element".into(), toml::Value::Boolean(true));
    assert!(crate::validate(KIND, &typo).is_err());
}

#[test]
fn strip_lead_and_labels() {
    assert_eq!(strip_lead("1. objectifs"), "objectifs");
    assert_eq!(strip_lead("** 2) - objectifs"), "objectifs");
    assert_eq!(strip_lead("10 h : accueil"), "10 h : accueil");
    assert_eq!(label_of("objectifs : x"), Some("objectifs"));
    assert_eq!(label_of(": x"), None);
    assert_eq!(label_of("fin. puis : x"), None);
    assert_eq!(label_of("objectifs"), None);
}

#[test]
fn within_a_section_running_text_counts() {
    let mut anticipation = element("anticipation", &["anticipation", "anticiper"]);
    anticipation.within = vec!["objectifs".into()];
    let params = Params {
        elements: vec![anticipation],
    };
    let d = doc(
        "crise.md",
        "# Plan de crise\n\n## Objectifs du plan\n\nPrévenir les crises et les anticiper.\n\n\
         ## Protocole\n\nAlerte.\n",
    );
    let out = run_on(&d, &params);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert!(found(&out).contains("« Prévenir les crises et les anticiper. » (l. 5)"));
    // Running text elsewhere does not count, nor under the title.
    let d = doc(
        "crise.md",
        "# Plan de crise\n\nNous voulons anticiper.\n\n## Contexte\n\nIl faut anticiper.\n",
    );
    assert_eq!(missing(&run_on(&d, &params)), ["anticipation"]);
    let d = doc(
        "crise.md",
        "# Objectifs et plan de crise\n\nIl faut anticiper.\n\n## Contexte\n\nx\n",
    );
    assert_eq!(missing(&run_on(&d, &params)), ["anticipation"]);
}

#[test]
fn a_decks_first_slide_title_is_its_title() {
    let params = Params {
        elements: vec![element("échanges", &["échanges"])],
    };
    let mut d = Document::new("atelier.pptx", Format::Pptx);
    for (i, title) in ["Atelier d'échanges de pratiques", "Objectifs"]
        .iter()
        .enumerate()
    {
        let mut location = Location::span(0, 0);
        location.page = Some(i as u32 + 1);
        d.blocks.push(Block {
            kind: BlockKind::Heading { level: 1 },
            text: title.to_string(),
            location,
        });
    }
    assert_eq!(missing(&run_on(&d, &params)), ["échanges"]);
    d.blocks[1].text = "Temps d'échanges".into();
    let out = run_on(&d, &params);
    assert!(out.findings.is_empty());
    assert!(found(&out).contains("(p. 2)"), "{}", found(&out));
}

#[test]
fn odd_texts_do_not_panic() {
    for text in [
        "",
        ":",
        "1.",
        "12",
        "# \n\n:\n\n- \n",
        "é:è\n::::\n1) 2) 3)\n",
        "\u{feff}# Œuvre : ordre du jour\n",
        "| a |\n|---|\n| |\n",
    ] {
        for name in ["x.md", "x.txt", "x.html"] {
            let d = doc(name, text);
            let out = run_on(&d, &agenda());
            assert!(
                out.findings.len() <= 4,
                "{name} {text:?}: {:?}",
                out.findings
            );
        }
    }
    // Many headings: the line scan stays linear (binary search of heading spans).
    let big: String = (0..20_000)
        .map(|i| format!("## Point {i}\n\nTexte.\n\n"))
        .collect();
    let d = doc("big.md", &big);
    let out = run_on(&d, &agenda());
    assert_eq!(
        missing(&out),
        ["ordre du jour", "objectifs", "participants", "date"]
    );
}
