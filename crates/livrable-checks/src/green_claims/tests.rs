use livrable_model::{Document, Format};

use super::*;
use crate::tokens::testing::{quality_params, text_doc};

fn run(doc: &Document) -> Output {
    let params: Params = crate::parse(&quality_params("green-claims-contents")).expect("params");
    check(
        &Input {
            doc,
            kind: "social-post",
            submission: &[],
            options: &toml::Table::new(),
        },
        &params,
    )
}

fn found(out: &Output) -> Vec<(&str, &str, &str)> {
    out.findings
        .iter()
        .map(|o| {
            let a = |n: &str| {
                o.args
                    .iter()
                    .find(|(k, _)| k == n)
                    .map_or("", |(_, v)| v.as_str())
            };
            (o.code.as_str(), a("claim"), a("count"))
        })
        .collect()
}

#[test]
fn generic_claims_fire_whatever_their_case_accents_and_apostrophes() {
    let text = "# Notre salon\n\nUn salon Éco-Responsable et respectueux de l’Environnement !\n\n\
                Des produits écologiques, des emballages biodégradables. Un salon \
                écoresponsable, encore.\n";
    let doc = text_doc("post.md", Format::Markdown, text);
    let out = run(&doc);
    assert_eq!(
        found(&out),
        vec![
            (codes::GENERIC_CLAIM, "éco-responsable", "1"),
            (codes::GENERIC_CLAIM, "respectueux de l'environnement", "1"),
            (codes::GENERIC_CLAIM, "écologiques", "1"),
            (codes::GENERIC_CLAIM, "biodégradables", "1"),
            (codes::GENERIC_CLAIM, "écoresponsable", "1"),
        ]
    );
    let r = out.findings[1].location.range().expect("located");
    assert_eq!(text.get(r), Some("respectueux de l’Environnement"));
    assert!(out.evidence.is_empty());
}

#[test]
fn carbon_claims_fire_with_their_count() {
    let doc = text_doc(
        "post.md",
        Format::Markdown,
        "Un événement neutre en carbone, 100 % compensé. Vraiment neutre en carbone.\n\n\
         Livraison 100% compensée.",
    );
    assert_eq!(
        found(&run(&doc)),
        vec![
            (codes::CARBON_CLAIM, "neutre en carbone", "2"),
            (codes::CARBON_CLAIM, "100 % compensé", "1"),
            (codes::CARBON_CLAIM, "100 % compensée", "1"),
        ]
    );
}

#[test]
fn the_same_words_in_neutral_phrases_are_not_claims() {
    let doc = text_doc(
        "article.md",
        Format::Markdown,
        "La transition écologique est au cœur du salon, qui mesure son empreinte \
         écologique et vise l'objectif de neutralité carbone de la ville en 2050. Le \
         ministère de la Transition écologique soutient l'événement.",
    );
    let out = run(&doc);
    assert_eq!(found(&out), Vec::new());
    assert_eq!(out.evidence[0].code, codes::NONE);
}

#[test]
fn a_precise_claim_is_the_clean_twin() {
    let doc = text_doc(
        "post.md",
        Format::Markdown,
        "Nos stands sont en carton recyclé à 80 %, réutilisés trois ans. Bilan des gaz à \
         effet de serre 2025 publié sur notre site.",
    );
    let out = run(&doc);
    assert_eq!(found(&out), Vec::new());
    assert_eq!(out.evidence.len(), 1);
    assert_eq!(
        run(&Document::new("vide.md", Format::Markdown)),
        Output::default()
    );
}

#[test]
fn words_keep_their_ranges() {
    let w = words("L’Éco-conception, 100 % !");
    let got: Vec<(&str, &str)> = w
        .iter()
        .map(|(f, r)| {
            (
                f.as_str(),
                "L’Éco-conception, 100 % !".get(r.clone()).unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("l", "L"),
            ("eco", "Éco"),
            ("conception", "conception"),
            ("100", "100")
        ]
    );
}

#[test]
fn ascii_words_fold_as_fold_does() {
    for w in [
        "Salon",
        "ECO",
        "net",
        "Écologique",
        "Œuvre",
        "zéro",
        "CO2",
        "",
    ] {
        assert_eq!(fold_word(w), fold(w), "{w}");
    }
}

#[test]
fn indexed_occurrences_are_every_phrase_at_every_place_in_reading_order() {
    let phrases: Vec<Vec<String>> = ["neutre en carbone", "neutre", "en carbone", "carbone"]
        .iter()
        .map(|p| phrase(p))
        .collect();
    let refs: Vec<&[String]> = phrases.iter().map(Vec::as_slice).collect();
    let hay = words("Neutre en carbone, neutre et carbone ; en carbone neutre en");
    // Every phrase at every place, phrase by phrase, then sorted by place (a stable sort
    // keeps the phrases' order at one place).
    let mut naive: Vec<(usize, Range<usize>)> = Vec::new();
    for (i, p) in phrases.iter().enumerate() {
        for at in 0..hay.len() {
            let here: Vec<&String> = hay.iter().skip(at).take(p.len()).map(|(w, _)| w).collect();
            if here.len() == p.len() && here.iter().zip(p).all(|(a, b)| *a == b) {
                naive.push((i, at..at + p.len()));
            }
        }
    }
    naive.sort_by_key(|(_, r)| r.start);
    let ours: Vec<(usize, Range<usize>)> = Index::new(&refs).occurrences(&hay, &refs).collect();
    assert_eq!(ours, naive);
    assert_eq!(ours.len(), 9);
}
