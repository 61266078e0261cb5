use livrable_model::{Document, Format};

use super::*;
use crate::tokens::testing::{quality_params, text_doc};

fn params(id: &str) -> Params {
    crate::parse(&quality_params(id)).expect("pack params parse")
}

fn run(id: &str, doc: &Document) -> Output {
    check(
        &Input {
            doc,
            kind: "blog-article",
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

/// Short sentences of common words: about 10 words each.
const PLAIN: &str = "Notre salon ouvre ses portes le 14 mars. Les visiteurs y trouvent des \
    artisans du bois et de la pierre. Chacun peut poser ses questions sur les travaux. Les \
    enfants ont un coin de jeux près de l'entrée. L'entrée est libre pour tous.";

/// One sentence of 46 words, most of them long.
const DENSE: &str = "L'optimisation systématique des dispositifs communicationnels \
    institutionnels nécessite préalablement l'identification exhaustive des problématiques \
    organisationnelles, la hiérarchisation méthodologique des recommandations stratégiques \
    correspondantes, l'harmonisation intergénérationnelle des représentations identitaires \
    et la consolidation progressive des interdépendances partenariales territoriales, \
    conformément aux orientations prioritairement déterminées par les instances \
    décisionnelles compétentes et aux réglementations administratives actuellement \
    applicables.";

fn doc_of(paragraphs: &[&str]) -> Document {
    text_doc("a.md", Format::Markdown, &paragraphs.join("\n\n"))
}

#[test]
fn the_formula_is_kandel_moles() {
    // 2 sentences, 7 words, 8 syllables (`rêve` is one, `souris` two).
    let m = measure_text("Le chat dort. Il rêve de souris.", 30).expect("words");
    assert_eq!((m.words, m.sentences, m.syllables), (7, 2, 8));
    let expected = 207.0 - 1.015 * 3.5 - 73.6 * 8.0 / 7.0;
    assert!((m.score - expected).abs() < 1e-9, "{m:?}");
    assert_eq!(m.long, 0);
    assert!(measure_text("", 30).is_none());
    assert!(measure_text("… !", 30).is_none());
}

#[test]
fn a_plain_text_gives_its_score_as_evidence() {
    let doc = doc_of(&[PLAIN, PLAIN, PLAIN]);
    let out = run("readability-contents", &doc);
    assert_eq!(codes_of(&out), Vec::<&str>::new());
    assert_eq!(out.evidence.len(), 1);
    let ev = &out.evidence[0];
    assert!(
        ev.code == codes::SCORE_FAIR || ev.code == codes::SCORE_EASY,
        "{ev:?}"
    );
    assert_eq!(arg(ev, "share"), "0");
    assert_eq!(arg(ev, "limit"), "30");
}

#[test]
fn a_dense_text_fires_every_measure_and_points_at_the_long_sentences() {
    let text = format!("{DENSE}\n\n{DENSE} {PLAIN}\n\n{DENSE}");
    let doc = text_doc("a.md", Format::Markdown, &text);
    let out = run("readability-contents", &doc);
    let codes = codes_of(&out);
    for c in [
        codes::HARD_TO_READ,
        codes::LONG_SENTENCES,
        codes::MANY_LONG_SENTENCES,
        codes::LONG_SENTENCE,
    ] {
        assert!(codes.contains(&c), "{c} missing: {codes:?}");
    }
    assert!(
        out.evidence.is_empty(),
        "no evidence when a threshold is crossed"
    );
    let long: Vec<&Observation> = out
        .findings
        .iter()
        .filter(|o| o.code == codes::LONG_SENTENCE)
        .collect();
    assert_eq!(long.len(), 3);
    assert!(arg(long[0], "start").starts_with("L'optimisation systématique"));
    // Each is located at its own sentence, in the source.
    let starts: Vec<usize> = long
        .iter()
        .filter_map(|o| o.location.range())
        .map(|r| r.start)
        .collect();
    assert_eq!(starts.len(), 3);
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    let first = long[0].location.range().unwrap_or(0..0);
    assert_eq!(text.get(first), Some(DENSE.trim_end_matches('.')));
}

#[test]
fn working_documents_have_wider_thresholds() {
    // The referential's own prose passes the report thresholds and not the
    // general-public ones.
    let text = include_str!("../../../../rules/ccm-n6/source/referentiel-texte.txt");
    let doc = text_doc("referentiel.txt", Format::Text, text);
    let report = run("readability-report", &doc);
    assert!(
        report
            .findings
            .iter()
            .all(|o| o.code == codes::LONG_SENTENCE),
        "{:?}",
        codes_of(&report)
    );
    let ev = report.evidence.first().expect("score evidence");
    assert_eq!(ev.code, codes::SCORE_HARD);
    assert_eq!(arg(ev, "score"), "37");
    let contents = run("readability-contents", &doc);
    assert!(codes_of(&contents).contains(&codes::HARD_TO_READ));
}

#[test]
fn short_texts_headings_and_code_are_not_measured() {
    let doc = doc_of(&[PLAIN]);
    assert_eq!(run("readability-contents", &doc), Output::default());
    let mut doc = doc_of(&[PLAIN]);
    for b in &mut doc.blocks {
        b.kind = livrable_model::BlockKind::Code;
    }
    let mut twice = doc.clone();
    twice.blocks.extend(doc.blocks.clone());
    assert_eq!(run("readability-contents", &twice), Output::default());
    assert_eq!(
        run(
            "readability-contents",
            &Document::new("a.md", Format::Markdown)
        ),
        Output::default()
    );
}

#[test]
fn each_band_has_its_evidence() {
    let p = params("readability-contents");
    let band = |min: f64| {
        let p = Params {
            min_score: min,
            max_average_words: 1000.0,
            max_long_share: 100.0,
            ..p.clone()
        };
        let doc = doc_of(&[DENSE, DENSE, DENSE]);
        check(
            &Input {
                doc: &doc,
                kind: "report",
                submission: &[],
                options: &toml::Table::new(),
            },
            &p,
        )
        .evidence
        .first()
        .map(|o| o.code.clone())
    };
    assert_eq!(band(-1000.0).as_deref(), Some(codes::SCORE_VERY_HARD));
    let easy = Params { min_words: 1, ..p };
    let doc = doc_of(&["Le chat dort."]);
    let out = check(
        &Input {
            doc: &doc,
            kind: "report",
            submission: &[],
            options: &toml::Table::new(),
        },
        &easy,
    );
    assert_eq!(out.evidence[0].code, codes::SCORE_EASY);
}
