use livrable_model::{Block, Document, Element, Format, Link};

use super::*;
use crate::tokens::testing::{quality_params, text_doc};

fn params() -> Params {
    crate::parse(&quality_params("rgpd-contents")).expect("pack params parse")
}

fn run(doc: &Document) -> Output {
    check(
        &Input {
            doc,
            kind: "blog-article",
            submission: &[],
            options: &toml::Table::new(),
        },
        &params(),
    )
}

fn md(text: &str) -> Document {
    text_doc("a.md", Format::Markdown, text)
}

fn found(out: &Output) -> Vec<(String, String)> {
    out.findings
        .iter()
        .map(|o| {
            let value = o
                .args
                .iter()
                .find(|(n, _)| n == "value" || n == "label")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (o.code.clone(), value)
        })
        .collect()
}

fn pair(code: &str, value: &str) -> (String, String) {
    (code.to_string(), value.to_string())
}

#[test]
fn a_real_looking_phone_fires_and_example_ones_do_not() {
    let out = run(&md("Appelez Julie au 06 47 83 29 15 pour réserver."));
    assert_eq!(found(&out), vec![pair(codes::PHONE, "06 47 83 29 15")]);
    for text in [
        "Appelez le 06 12 34 56 78 pour réserver.",
        "Appelez le 01 99 00 12 34 pour réserver.",
        "Appelez le 01 23 45 67 89 pour réserver.",
        "Appelez le 06 00 00 00 00 pour réserver.",
        "Appelez le +33 1 99 00 45 67 pour réserver.",
    ] {
        let out = run(&md(text));
        assert_eq!(found(&out), Vec::new(), "{text}");
        assert_eq!(out.evidence[0].code, codes::NO_PERSONAL_DATA);
    }
    let out = run(&md(
        "Joignable au +33 (0)6 47 83 29 15 ou au 0033 6.47.83.29.15.",
    ));
    assert_eq!(
        found(&out),
        vec![pair(codes::PHONE, "+33 (0)6 47 83 29 15")],
        "one number, written twice"
    );
}

#[test]
fn personal_emails_fire_and_service_or_example_addresses_do_not() {
    let mut doc = md(
        "Écrivez à julie.martin@verdure.fr ou à contact@verdure.fr, \
                      presse-lyon@verdure.fr, jean@example.com, lea@test.example, \
                      paul@exemple.fr.",
    );
    doc.links.push(Link {
        href: "mailto:julie.martin@verdure.fr".into(),
        text: "Julie".into(),
        location: Location::whole(),
    });
    doc.links.push(Link {
        href: "mailto:marc.durand@gmail.com".into(),
        text: "Marc".into(),
        location: Location::whole(),
    });
    let out = run(&doc);
    assert_eq!(
        found(&out),
        vec![
            pair(codes::PERSONAL_EMAIL, "julie.martin@verdure.fr"),
            pair(codes::PERSONAL_EMAIL, "marc.durand@gmail.com"),
        ]
    );
    let r = out.findings[0].location.range().expect("located");
    assert_eq!(doc.text.get(r), Some("julie.martin@verdure.fr"));
    assert!(out
        .evidence
        .iter()
        .all(|o| o.code != codes::NO_PERSONAL_DATA));
}

#[test]
fn ibans_are_validated_mod_97() {
    let out = run(&md("Virement : FR76 3000 4000 0312 3456 7890 143."));
    assert_eq!(
        found(&out),
        vec![pair(codes::IBAN, "FR76 3000 4000 0312 3456 7890 143")]
    );
    // One digit changed: the check fails, not an IBAN.
    let out = run(&md("Virement : FR76 3000 4000 0312 3456 7890 144."));
    assert_eq!(found(&out), Vec::new());
    // The documentation's example.
    let out = run(&md("Format : FR14 2004 1010 0505 0001 3M02 606."));
    assert_eq!(found(&out), Vec::new());
    assert!(iban_holds("GB82WEST12345698765432"));
    assert!(!iban_holds("GB82WEST1234569876543"));
    assert!(!iban_holds("FR76"));
    assert!(!iban_holds("FR76 3000 4000 0312 3456 7890 143"));
}

#[test]
fn social_security_numbers_are_validated_by_their_key() {
    let out = run(&md("N° de sécurité sociale : 1 85 05 78 006 084 91."));
    assert_eq!(found(&out), vec![pair(codes::NIR, "1 85 05 78 006 084 91")]);
    let out = run(&md("Dossier 1 85 05 78 006 084 92."));
    assert_eq!(found(&out), Vec::new(), "wrong key");
    assert!(nir_key_holds("290022A12304504"));
    assert!(!nir_key_holds("290022A12304505"));
    assert!(!nir_key_holds("2900"));
    // Corsica's `2A` holds one digit fewer than any other NIR: the text around it has no
    // other, and the number is still searched.
    let out = run(&md("Assuré né en Corse : 2 90 02 2A 123 045 04."));
    assert_eq!(found(&out), vec![pair(codes::NIR, "2 90 02 2A 123 045 04")]);
    // Never exempt, not even in a contact block marked as an example.
    let out = run(&md("Contact presse (exemple) : 1 85 05 78 006 084 91"));
    assert_eq!(found(&out), vec![pair(codes::NIR, "1 85 05 78 006 084 91")]);
}

#[test]
fn the_press_contact_block_and_fictional_data_are_exempt() {
    let doc = md("Le salon ouvre le 14 mars.\n\n\
                  Contact presse\n\n\
                  Julie Martin, chargée de communication\n\n\
                  06 47 83 29 15\n\n\
                  julie.martin@verdure.fr\n\n\
                  À propos de Verdure : association fondée en 2010.");
    let out = run(&doc);
    assert_eq!(found(&out), Vec::new());
    let ev = out
        .evidence
        .iter()
        .find(|o| o.code == codes::NO_PERSONAL_DATA)
        .expect("evidence");
    assert_eq!(ev.args, vec![("contacts".to_string(), "2".to_string())]);
    // The same number outside the block is reported.
    let doc = md("Julie Martin : 06 47 83 29 15.\n\nContact presse : contact@verdure.fr");
    assert_eq!(
        found(&run(&doc)),
        vec![pair(codes::PHONE, "06 47 83 29 15")]
    );
    let doc = md("Coordonnées fictives : Julie Martin, 06 47 83 29 15.");
    assert_eq!(found(&run(&doc)), Vec::new());
}

#[test]
fn table_cells_are_read_too() {
    let mut doc = md("Les bénévoles du salon.");
    doc.tables.push(livrable_model::Table {
        rows: vec![vec![livrable_model::Cell {
            text: "07 81 22 93 40".into(),
            location: Location::cell("Feuille1", 1, 2),
            ..Default::default()
        }]],
        ..Default::default()
    });
    let out = run(&doc);
    assert_eq!(found(&out), vec![pair(codes::PHONE, "07 81 22 93 40")]);
    assert_eq!(out.findings[0].location, Location::cell("Feuille1", 1, 2));
}

/// An HTML document whose elements and blocks are read from `html` the simple way the
/// tests need: every start tag is an element with its attributes.
fn html(source: &str) -> Document {
    let mut doc = Document::new("a.html", Format::Html);
    doc.text = source.to_string();
    let tag = Regex::new(r"<([a-zA-Z]+)([^>]*)>").expect("test pattern");
    let attr = Regex::new(r#"([a-zA-Z-]+)(?:="([^"]*)")?"#).expect("test pattern");
    for m in tag.captures_iter(source) {
        let (Some(all), Some(name), Some(rest)) = (m.get(0), m.get(1), m.get(2)) else {
            continue;
        };
        let attrs = attr
            .captures_iter(rest.as_str())
            .filter_map(|a| {
                Some((
                    a.get(1)?.as_str().to_ascii_lowercase(),
                    a.get(2).map_or("", |v| v.as_str()).to_string(),
                ))
            })
            .collect();
        doc.elements.push(Element {
            tag: name.as_str().to_ascii_lowercase(),
            attrs,
            location: Location::span(all.start(), all.end()),
        });
    }
    let text: String = strip_tags(source)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    doc.blocks.push(Block {
        kind: livrable_model::BlockKind::Paragraph,
        text,
        location: Location::span(0, source.len()),
    });
    doc
}

const FORM_OK: &str = r#"<form action="/inscription">
<label for="m">E-mail</label> <input type="email" id="m" name="email">
<input type="checkbox" id="nl" name="newsletter"> <label for="nl">Je veux recevoir la newsletter</label>
<button>S'inscrire</button>
</form>
<p>Vos données personnelles sont traitées par Verdure pour vous envoyer la lettre.
<a href="/politique-de-confidentialite">En savoir plus</a></p>"#;

#[test]
fn a_compliant_form_gives_evidence() {
    let out = run(&html(FORM_OK));
    assert_eq!(found(&out), Vec::new());
    assert!(out
        .evidence
        .iter()
        .any(|o| o.code == codes::FORMS_OK && o.args[0].1 == "1"));
}

#[test]
fn a_prechecked_consent_box_fires() {
    let source = FORM_OK.replace(
        r#"<input type="checkbox" id="nl" name="newsletter">"#,
        r#"<input type="checkbox" id="nl" name="nl" checked>"#,
    );
    let out = run(&html(&source));
    let codes_found: Vec<String> = found(&out).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes_found, vec![codes::PRECHECKED_CONSENT.to_string()]);
    assert!(found(&out)[0].1.contains("recevoir la newsletter"));
    let at = out.findings[0].location.start.unwrap_or(0);
    assert!(source
        .get(at..)
        .is_some_and(|s| s.starts_with("<input type=\"checkbox\"")));
    assert!(out.evidence.iter().all(|o| o.code != codes::FORMS_OK));
    // A box checked by default that is no consent (« se souvenir de moi ») is fine.
    let source = FORM_OK.replace(
        r#"<input type="checkbox" id="nl" name="newsletter"> <label for="nl">Je veux recevoir la newsletter</label>"#,
        r#"<input type="checkbox" id="r" name="remember" checked> <label for="r">Se souvenir de moi</label>"#,
    );
    assert_eq!(found(&run(&html(&source))), Vec::new());
}

#[test]
fn a_collection_form_without_privacy_information_fires() {
    let source = r#"<h2>Restez informé</h2>
<form action="/inscription"><input type="text" name="nom"><input type="email" name="email">
<button>Envoyer</button></form><p>Merci de votre confiance.</p>"#;
    let out = run(&html(source));
    assert_eq!(found(&out), vec![pair(codes::NO_PRIVACY_INFO, "")]);
    assert_eq!(out.findings[0].location.start, source.find("<form"));
    // A search form collects nothing.
    let search = r#"<form role="search"><input type="search" name="q"><button>OK</button></form>"#;
    let out = run(&html(search));
    assert_eq!(found(&out), Vec::new());
    assert!(out.evidence.iter().all(|o| o.code != codes::FORMS_OK));
    // A link to the policy is enough.
    let linked = format!("{source}<a href=\"https://verdure.fr/vie-privee\">Vie privée</a>");
    let mut doc = html(&linked);
    let at = linked.find("<a ").unwrap_or(0);
    doc.links.push(Link {
        href: "https://verdure.fr/vie-privee".into(),
        text: "Vie privée".into(),
        location: Location::span(at, at + 10),
    });
    assert_eq!(found(&run(&doc)), Vec::new());
}

#[test]
fn hostile_sources_do_not_panic() {
    let mut doc = html("<form><input type=\"email\"><input type=checkbox checked>é");
    doc.elements.push(Element {
        tag: "form".into(),
        attrs: Vec::new(),
        location: Location::span(9999, 10_000),
    });
    doc.elements.push(Element {
        tag: "form".into(),
        attrs: Vec::new(),
        location: Location::span(doc.text.len() - 1, doc.text.len()),
    });
    let _ = run(&doc);
    assert_eq!(find_ci("abc", 5, "</form"), None);
    assert_eq!(find_ci("a</FORM>", 0, "</form"), Some(1));
    assert_eq!(floor_boundary("é", 1), 0);
}
