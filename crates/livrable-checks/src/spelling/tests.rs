use livrable_model::{Document, Format, Observation, Severity};

use super::*;
use crate::tokens::testing::{pack_data, quality_params, text_doc};

fn params() -> Params {
    crate::parse(&quality_params("spelling-contents")).expect("pack params parse")
}

fn run_with(doc: &Document, p: &Params, options: &toml::Table) -> Output {
    Ready::new(p.clone(), &pack_data())
        .expect("the pack's dictionary and vocabulary are found")
        .run(&Input {
            doc,
            kind: "blog-article",
            submission: &[],
            options,
        })
        .expect("the pack's dictionary parses")
}

/// Pack parameters without suggestions (the tests of words known need none).
fn quick() -> Params {
    Params {
        suggest_for: 0,
        ..params()
    }
}

fn run(text: &str) -> Output {
    run_with(
        &text_doc("a.md", Format::Markdown, text),
        &quick(),
        &toml::Table::new(),
    )
}

fn unknown(out: &Output) -> Vec<String> {
    out.findings
        .iter()
        .filter(|o| o.code == codes::UNKNOWN_WORD)
        .map(|o| arg(o, "word").to_string())
        .collect()
}

fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
    o.args
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no arg {name} in {o:?}"))
}

#[test]
fn elisions_apostrophes_and_compounds_are_known() {
    let out = run(
        "L’entreprise s'engage jusqu’à aujourd'hui. Lorsqu'il parle, puisqu’elle \
         écoute, c’est-à-dire quand qu'on l'écoute, d’abord l'équipe puis l’Europe et \
         d'Instagram. Pensez-y : a-t-il vu le rendez-vous ? Presqu'île, quelqu’un, \
         l'anti-gaspillage. Peut-être.",
    );
    assert_eq!(unknown(&out), Vec::<String>::new());
}

#[test]
fn names_acronyms_addresses_numbers_and_code_are_skipped() {
    let out = run(
        "Le salon Verdure ouvre le 1er mars à 10h30 au XXIe siècle avec Ecotech. Ecotech \
         présente LinkedIn, L'Oréal et Jean-Pierre au public du RGPD et des KPI. Écrivez à \
         contact@verdure.fr ou voyez https://verdure.fr/salon et plan-2025.pdf, #SalonVert, \
         @verdure_lyon, puis tapez `npm instal` sans faute.",
    );
    assert_eq!(unknown(&out), Vec::<String>::new());
    let mut doc = text_doc("a.md", Format::Markdown, "Un texte correct.");
    doc.blocks.push(Block {
        kind: BlockKind::Code,
        text: "fonctoin instal".into(),
        location: Location::whole(),
    });
    let out = run_with(&doc, &quick(), &toml::Table::new());
    assert_eq!(unknown(&out), Vec::<String>::new());
}

#[test]
fn a_capitalised_word_at_a_sentence_start_is_checked_unless_the_text_uses_it_as_a_name() {
    let out = run("Zorglub arrive demain.");
    assert_eq!(unknown(&out), vec!["Zorglub"]);
    let out = run("Zorglub arrive demain. Nous accueillons Zorglub au salon.");
    assert_eq!(unknown(&out), Vec::<String>::new());
    // A misspelt common word at a sentence start is still found, in any case.
    let out = run("Comunication claire. Stratégie simple.");
    assert_eq!(unknown(&out), vec!["Comunication"]);
    // Missing accents on capitals and `oe` for `œ` are tolerated.
    let out = run("Etat des lieux. Ecole et oeuvre, coeur du projet.");
    assert_eq!(unknown(&out), Vec::<String>::new());
}

#[test]
fn unknown_words_are_located_in_the_source_with_suggestions() {
    let text = "# Titre\n\nLa **comunication** de [la marque](https://x.fr) et la comunication.\n";
    let doc = text_doc("a.md", Format::Markdown, text);
    let p = Params {
        suggest_for: 1,
        ..params()
    };
    let out = run_with(&doc, &p, &toml::Table::new());
    let found: Vec<&Observation> = out
        .findings
        .iter()
        .filter(|o| o.code == codes::UNKNOWN_WORD)
        .collect();
    assert_eq!(found.len(), 1, "one finding per distinct word: {found:?}");
    let o = found[0];
    assert_eq!(arg(o, "word"), "comunication");
    assert_eq!(arg(o, "count"), "2");
    assert!(arg(o, "suggestions").contains("communication"), "{o:?}");
    let r = o.location.range().expect("a span");
    assert_eq!(text.get(r.clone()), Some("comunication"));
    assert_eq!(r.start, text.find("comunication").unwrap_or(0));
}

#[test]
fn suggestions_looked_up_together_stay_with_their_words() {
    let p = Params {
        suggest_for: 2,
        max_findings: 3,
        ..params()
    };
    let doc = text_doc(
        "a.md",
        Format::Markdown,
        "Le bugdet, le calandrier et les objectis sont prêts.",
    );
    let out = run_with(&doc, &p, &toml::Table::new());
    let found: Vec<(&str, &str)> = out
        .findings
        .iter()
        .filter(|o| o.code == codes::UNKNOWN_WORD)
        .map(|o| (arg(o, "word"), arg(o, "suggestions")))
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, "bugdet");
    assert!(found[0].1.contains("budget"), "{found:?}");
    assert_eq!(found[1].0, "calandrier");
    assert!(found[1].1.contains("calendrier"), "{found:?}");
    assert_eq!(found[2], ("objectis", "—"));
}

#[test]
fn suggestions_only_for_the_first_words_and_findings_capped() {
    let p = Params {
        suggest_for: 0,
        max_findings: 2,
        ..params()
    };
    let doc = text_doc(
        "a.md",
        Format::Markdown,
        "Le bugdet, le calandrier et les objectis sont prêts.",
    );
    let out = run_with(&doc, &p, &toml::Table::new());
    let found: Vec<&Observation> = out
        .findings
        .iter()
        .filter(|o| o.code == codes::UNKNOWN_WORD)
        .collect();
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|o| arg(o, "suggestions") == "—"));
    // All three still count: the text is short, so the counts are the evidence.
    let ev = out
        .evidence
        .iter()
        .find(|o| o.code == codes::SHORT_TEXT)
        .expect("short-text evidence");
    assert_eq!(arg(ev, "errors"), "3");
}

#[test]
fn answers_kept_across_documents_ignore_and_stay_apart_from_a_files_own_words() {
    // One instance checks three files in turn, as the engine does.
    let ready = Ready::new(quick(), &pack_data()).expect("the pack's data is found");
    let doc = text_doc(
        "a.md",
        Format::Markdown,
        "Le projet habitathons et la verdurette sont lancés.",
    );
    let run = |options: &toml::Table| {
        ready
            .run(&Input {
                doc: &doc,
                kind: "blog-article",
                submission: &[],
                options,
            })
            .expect("the pack's dictionary parses")
    };
    let mut own = toml::Table::new();
    own.insert(
        "words".into(),
        toml::Value::Array(vec!["habitathons".into(), "verdurette".into()]),
    );
    assert_eq!(
        unknown(&run(&toml::Table::new())),
        vec!["habitathons", "verdurette"]
    );
    assert_eq!(unknown(&run(&own)), Vec::<String>::new());
    assert_eq!(
        unknown(&run(&toml::Table::new())),
        vec!["habitathons", "verdurette"]
    );
}

#[test]
fn the_candidates_own_words_are_accepted() {
    let doc = text_doc(
        "a.md",
        Format::Markdown,
        "Le projet habitathons et la verdurette sont lancés.",
    );
    let before = run_with(&doc, &quick(), &toml::Table::new());
    assert_eq!(unknown(&before), vec!["habitathons", "verdurette"]);
    let mut options = toml::Table::new();
    options.insert(
        "words".into(),
        toml::Value::Array(vec!["Habitathons".into(), "verdurette".into()]),
    );
    let after = run_with(&doc, &quick(), &options);
    assert_eq!(unknown(&after), Vec::<String>::new());
    let mut one = toml::Table::new();
    one.insert("words".into(), "verdurette habitathons".into());
    assert_eq!(
        unknown(&run_with(&doc, &quick(), &one)),
        Vec::<String>::new()
    );
}

#[test]
fn a_word_cut_at_a_line_end_is_rejoined() {
    let out = run("La commu- nication de crise est prête.");
    assert_eq!(unknown(&out), Vec::<String>::new());
    let out = run("Le projet - Verdure - avance.");
    assert_eq!(unknown(&out), Vec::<String>::new());
}

/// A correct paragraph of about 50 words, repeated to make long texts.
const CLEAN: &str = "Notre association organise chaque printemps un salon consacré à l'habitat \
    durable. Les visiteurs y rencontrent des artisans, des architectes et des conseillers qui \
    les aident à rénover leur logement. Cette année, nous voulons attirer un public plus jeune \
    grâce aux réseaux sociaux et à une newsletter mensuelle.";

fn long_text(paragraphs: usize, slips: &[&str]) -> String {
    let mut text = String::new();
    for i in 0..paragraphs {
        text.push_str(CLEAN);
        if let Some(s) = slips.get(i) {
            text.push(' ');
            text.push_str(s);
        }
        text.push_str("\n\n");
    }
    text
}

#[test]
fn the_error_rate_fires_over_the_threshold_and_is_evidence_under_it() {
    // 10 paragraphs ≈ 500 words.
    let clean = run(&long_text(10, &[]));
    assert!(clean.findings.is_empty(), "{:?}", clean.findings);
    let ev = clean
        .evidence
        .iter()
        .find(|o| o.code == codes::RATE)
        .expect("rate evidence");
    assert_eq!(arg(ev, "rate"), "0");
    assert_eq!(arg(ev, "max"), "3");

    let one = run(&long_text(10, &["Le bugdet suit."]));
    let ev = one.evidence.iter().find(|o| o.code == codes::RATE);
    assert!(ev.is_some_and(|e| arg(e, "errors") == "1"), "{one:?}");

    let slips = [
        "Le bugdet suit.",
        "Le calandrier suit.",
        "Les objectis suivent.",
    ];
    let warned = run(&long_text(10, &slips));
    let rate = warned
        .findings
        .iter()
        .find(|o| o.code == codes::ERROR_RATE)
        .expect("error-rate");
    assert_eq!(rate.severity, None, "a warning, the pack's severity");
    assert_eq!(arg(rate, "errors"), "3");
    assert!(warned.evidence.iter().all(|o| o.code != codes::RATE));

    let many: Vec<&str> = ["Le bugdet suit.", "Le calandrier suit."]
        .into_iter()
        .cycle()
        .take(10)
        .collect();
    let bad = run(&long_text(10, &many));
    let rate = bad
        .findings
        .iter()
        .find(|o| o.code == codes::ERROR_RATE)
        .expect("error-rate");
    assert_eq!(rate.severity, Some(Severity::Error), "{rate:?}");
}

#[test]
fn a_document_in_another_language_is_not_checked() {
    let mut doc = text_doc("a.html", Format::Html, "The quick brown fox jumps.");
    doc.meta.lang = Some("en-GB".into());
    let out = run_with(&doc, &quick(), &toml::Table::new());
    assert_eq!(out.findings.len(), 1);
    assert_eq!(out.findings[0].code, codes::OTHER_LANGUAGE);
    assert_eq!(arg(&out.findings[0], "lang"), "en-GB");
    doc.meta.lang = Some("fr-BE".into());
    doc.blocks[0].text = "Le renard saute.".into();
    doc.text = "Le renard saute.".into();
    let out = run_with(&doc, &quick(), &toml::Table::new());
    assert!(out.findings.is_empty(), "{out:?}");
}

#[test]
fn empty_documents_give_nothing() {
    let doc = Document::new("a.md", Format::Markdown);
    assert_eq!(
        run_with(&doc, &quick(), &toml::Table::new()),
        Output::default()
    );
}

#[test]
fn a_bad_dictionary_is_refused_and_missing_data_named() {
    assert!(matches!(
        install_dictionary("FLAG nonsense\n", "1\nmot/ZZ\n"),
        Err(DictionaryError::Invalid(_))
    ));
    let err = Ready::new(params(), &crate::Data::new()).err();
    assert!(
        err.as_ref()
            .is_some_and(|e| e.0.contains("data/dictionaries/fr_FR/fr_FR.aff")),
        "{err:?}"
    );
    let mut data = pack_data();
    data.remove("data/dictionaries/vocabulaire-metier.txt");
    assert!(Ready::new(params(), &data).is_err());
    // A dictionary that does not parse fails when a document is checked, not before.
    let mut data = crate::Data::new();
    data.insert("d.aff".into(), b"FLAG nonsense\n".to_vec());
    data.insert("d.dic".into(), b"1\nmot/ZZ\n".to_vec());
    let p = Params {
        dictionary: "d".into(),
        vocabulary: None,
        ..params()
    };
    let ready = Ready::new(p, &data).expect("files found");
    let doc = text_doc("a.md", Format::Markdown, "Un mot.");
    let result = ready.run(&Input {
        doc: &doc,
        kind: "blog-article",
        submission: &[],
        options: &toml::Table::new(),
    });
    assert!(result.is_err());
}

#[test]
fn instances_naming_the_same_files_share_one_dictionary() {
    let a = Ready::new(params(), &pack_data()).expect("ready");
    let b = Ready::new(params(), &pack_data()).expect("ready");
    assert!(Arc::ptr_eq(&a.source, &b.source));
    assert!(a.words.contains("webinar") && a.words.contains("personas"));
    assert!(!a.words.iter().any(|w| w.starts_with('#') || w.is_empty()));
}

#[test]
fn dictionary_files_may_be_plain_or_gzipped() {
    assert_eq!(inflate(b"SET UTF-8\n").as_deref(), Ok("SET UTF-8\n"));
    assert!(inflate(&[0x1f, 0x8b, 0, 1, 2]).is_err());
    assert!(inflate(&[0xff, 0xfe, 0x41]).is_err(), "not UTF-8");
}

// ─── measured recall and false alarms ─────────────────────────────────────

/// The 20 misspellings of `fixtures/quality/spelling/rappel-20-fautes.md`, as written.
const RECALL_ERRORS: [&str; 20] = [
    "comunication",
    "environement",
    "réseaus",
    "notorieté",
    "Professionel",
    "messsage",
    "audiance",
    "objectis",
    "évenement",
    "efficasse",
    "parteneires",
    "bugdet",
    "calandrier",
    "abscence",
    "visibilitée",
    "recomandation",
    "dévelloper",
    "connaissence",
    "dévelopement",
    "succés",
];

#[test]
fn recall_on_twenty_known_misspellings() {
    let text = include_str!("../../../../fixtures/quality/spelling/rappel-20-fautes.md");
    let out = run(text);
    let found = unknown(&out);
    let hits = RECALL_ERRORS
        .iter()
        .filter(|w| found.iter().any(|f| f == *w))
        .count();
    let recall = hits as f64 / RECALL_ERRORS.len() as f64;
    let extra: Vec<&String> = found
        .iter()
        .filter(|f| !RECALL_ERRORS.contains(&f.as_str()))
        .collect();
    eprintln!("recall {hits}/20 = {recall:.2}; other words flagged: {extra:?}");
    // Measured: 20/20, nothing else flagged.
    assert!(recall >= 0.95, "recall {recall}: found {found:?}");
    assert!(
        extra.is_empty(),
        "false alarms in the recall text: {extra:?}"
    );
}

/// Words of the referential that the check flags and that are slips of the source itself
/// (the pack transcribes them as printed: rules/ccm-n6/source/README.md).
const REFERENTIAL_SLIPS: &[&str] = &["briefier"];

#[test]
fn precision_on_the_referential() {
    let text = include_str!("../../../../rules/ccm-n6/source/referentiel-texte.txt");
    let doc = text_doc("referentiel.txt", Format::Text, text);
    let p = Params {
        max_findings: 1000,
        ..quick()
    };
    let out = run_with(&doc, &p, &toml::Table::new());
    let words: usize = doc
        .blocks
        .iter()
        .map(|b| {
            tokens(&b.text)
                .iter()
                .filter(|t| t.counts_as_word())
                .count()
        })
        .sum();
    let flagged: Vec<(String, usize)> = out
        .findings
        .iter()
        .filter(|o| o.code == codes::UNKNOWN_WORD)
        .map(|o| {
            (
                arg(o, "word").to_string(),
                arg(o, "count").parse().unwrap_or(0),
            )
        })
        .collect();
    let false_alarms: usize = flagged
        .iter()
        .filter(|(w, _)| !REFERENTIAL_SLIPS.contains(&w.as_str()))
        .map(|(_, n)| n)
        .sum();
    let per_1000 = false_alarms as f64 * 1000.0 / words as f64;
    eprintln!(
        "{words} words; flagged {flagged:?}; false alarms {false_alarms} = {per_1000:.2} per 1,000"
    );
    assert!(words >= 5000, "the corpus has {words} words");
    assert!(
        per_1000 < 1.0,
        "{per_1000:.2} false alarms per 1,000 words: {flagged:?}"
    );
}

/// The pack's dictionary, parsed, with its suggester.
fn pack_speller() -> &'static Speller {
    static READY: OnceLock<Ready> = OnceLock::new();
    READY
        .get_or_init(|| Ready::new(quick(), &pack_data()).expect("the pack's data is found"))
        .source
        .speller()
        .expect("the pack's dictionary parses")
}

#[test]
fn the_right_word_comes_among_the_first_three_suggestions() {
    // The benchmark's twenty misspellings (bench/misspellings.tsv): the issue asks for 18.
    let list = include_str!("../../../../bench/misspellings.tsv");
    let pairs: Vec<(&str, &str)> = list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect();
    assert_eq!(pairs.len(), 20);
    let speller = pack_speller();
    let missed: Vec<String> = pairs
        .iter()
        .filter_map(|(wrong, right)| {
            let got = speller.suggest(wrong, 3);
            (!got.iter().any(|s| s == right)).then(|| format!("{wrong} → {got:?}"))
        })
        .collect();
    assert!(missed.len() <= 2, "{missed:?}");
}

#[test]
fn suggestions_are_ranked_by_cost_then_alphabetically_and_keep_the_capital() {
    let speller = pack_speller();
    // Undoubling (`rénnover`) costs less than any other edit: first.
    assert_eq!(
        speller.suggest("rénnover", 3).first().map(String::as_str),
        Some("rénover")
    );
    // An accent left out costs least of all.
    assert_eq!(
        speller.suggest("developpement", 1),
        ["développement"],
        "an accent left out"
    );
    // Equal costs come in alphabetical order, and the same every time.
    let once = speller.suggest("exposans", 3);
    assert_eq!(once, speller.suggest("exposans", 3));
    assert!(once.contains(&"exposants".to_string()), "{once:?}");
    // A capitalised word (a sentence's start) gets capitalised suggestions.
    assert_eq!(speller.suggest("Developpement", 1), ["Développement"]);
    // Every suggestion is a word of the dictionary.
    for word in ["acceuil", "malgrès", "connection", "bugdet"] {
        for s in speller.suggest(word, 3) {
            assert!(speller.dict.check(&s), "{word} → {s}");
        }
    }
    // Nothing close: nothing suggested, rather than anything.
    assert_eq!(speller.suggest("xqzwkvj", 3), Vec::<String>::new());
}
