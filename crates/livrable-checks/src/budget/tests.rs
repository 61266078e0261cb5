use super::*;
use crate::tables::testing::{self, arg, codes as codes_of, doc_with, sheet_of, shipped_params};
use livrable_model::{Format, Table};

fn params() -> Params {
    crate::parse(&shipped_params("plans", "budget")).expect("shipped params parse")
}

fn run_with(tables: Vec<Table>, p: &Params) -> Output {
    testing::run(check, &doc_with(Format::Xlsx, tables), "budget", p)
}

fn run(rows: &[&[&str]]) -> Output {
    run_with(vec![sheet_of("Budget", rows)], &params())
}

const GOOD: &[&[&str]] = &[
    &["Budget prévisionnel — Salon de l'habitat 2027", "", "", ""],
    &["", "", "", ""],
    &["Poste", "Type de coût", "Fournisseur", "Montant (€ HT)"],
    &["Stand 9 m²", "Fixe", "Parc Expo", "2 500"],
    &["Flyers (2 000 ex.)", "Variable", "Imprimerie", "850"],
    &["Publicité Facebook", "Variable", "Meta", "1 500"],
    &["Community management", "Fixe", "en interne", "1 000"],
    &["", "", "", ""],
    &["TOTAL", "", "", "5 850"],
];

#[test]
fn clean_budget_gives_evidence_only() {
    let out = run(GOOD);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let codes: Vec<&str> = out.evidence.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, vec![codes::TOTAL, codes::COST_TYPES]);
    assert_eq!(arg(&out.evidence[0], "total"), "5 850 €");
    assert_eq!(arg(&out.evidence[0], "tax"), "HT");
    assert_eq!(arg(&out.evidence[0], "lines"), "4");
}

#[test]
fn total_mismatch_fires_at_the_total_and_tolerates_rounding() {
    let mut rows: Vec<Vec<&str>> = GOOD.iter().map(|r| r.to_vec()).collect();
    rows[8][3] = "6 000";
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let out = run(&rows);
    assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
    let f = &out.findings[0];
    assert_eq!(f.location, Location::cell("Budget", 8, 3));
    assert_eq!(arg(f, "stated"), "6 000 €");
    assert_eq!(arg(f, "computed"), "5 850 €");
    assert_eq!(arg(f, "difference"), "150 €");
    assert!(out.evidence.is_empty());

    let mut rows: Vec<Vec<&str>> = GOOD.iter().map(|r| r.to_vec()).collect();
    rows[8][3] = "5 850,80";
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    assert!(run(&rows).findings.is_empty(), "within 1 €");
}

#[test]
fn sub_totals_sum_their_block_and_the_total_sums_them() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT"],
        &["Coûts fixes", ""],
        &["Stand", "2 500"],
        &["Community management", "1 000"],
        &["Sous-total fixes", "3 500"],
        &["Coûts variables", ""],
        &["Flyers", "850"],
        &["Publicité", "1 500"],
        &["Sous-total variables", "2 350"],
        &["Total général", "5 850"],
    ];
    let out = run(rows);
    assert!(out.findings.is_empty(), "{:?}", out.findings);

    // A wrong sub-total is reported at itself; the total still matches the lines.
    let mut bad: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    bad[4][1] = "3 000";
    let bad: Vec<&[&str]> = bad.iter().map(|r| r.as_slice()).collect();
    let out = run(&bad);
    assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 4, 1));
    assert_eq!(arg(&out.findings[0], "computed"), "3 500");

    // `Total digital` followed by more lines is a sub-total.
    let rows: &[&[&str]] = &[
        &["Action", "Coût HT", "Nature"],
        &["Site", "2 000", "fixe"],
        &["Total digital", "2 000", ""],
        &["Flyers", "850", "variable"],
        &["Total print", "850", ""],
        &["Total", "2 850", ""],
    ];
    assert!(run(rows).findings.is_empty());
}

#[test]
fn action_without_cost_fires_and_explicit_zero_does_not() {
    let rows: &[&[&str]] = &[
        &["Action", "Coût (€ HT)", "Type"],
        &["Site web", "2 000", "fixe"],
        &["Relations presse", "", "variable"],
        &["Vidéo", "à définir", "variable"],
        &["Réunion interne", "0", "fixe"],
        &["Goodies", "offert", "variable"],
        &["Affichage", "-", "variable"],
        &["Total", "2 000", ""],
    ];
    let out = run(rows);
    assert_eq!(
        codes_of(&out),
        vec![codes::ACTION_WITHOUT_COST, codes::ACTION_WITHOUT_COST]
    );
    assert_eq!(out.findings[0].location, Location::cell("Budget", 2, 1));
    assert_eq!(arg(&out.findings[0], "action"), "Relations presse");
    assert_eq!(arg(&out.findings[1], "value"), "à définir");
}

#[test]
fn category_rows_are_not_actions_without_cost() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT", "Type"],
        &["Digital", "", ""],
        &["Site web", "2 000", "fixe"],
        &["Print", "", ""],
        &["Flyers", "850", "variable"],
        &["Total", "2 850", ""],
        &["Source : devis 2027", "", ""],
    ];
    let out = run(rows);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}

#[test]
fn no_total_fires_without_any_total() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT", "Type"],
        &["Site web", "2 000", "fixe"],
        &["Flyers", "850", "variable"],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::NO_TOTAL]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 0, 1));
    assert_eq!(arg(&out.findings[0], "lines"), "2");
}

#[test]
fn a_total_stated_in_the_title_block_counts_and_is_compared() {
    let rows: &[&[&str]] = &[
        &["Budget total : 2 850 € HT", "", ""],
        &["Poste", "Montant", "Type"],
        &["Site web", "2 000", "fixe"],
        &["Flyers", "850", "variable"],
    ];
    let out = run(rows);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "total"), "2 850");

    let rows: &[&[&str]] = &[
        &["Budget total", "3 000 €", ""],
        &["Poste", "Montant HT", "Type"],
        &["Site web", "2 000", "fixe"],
        &["Flyers", "850", "variable"],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 0, 1));
}

#[test]
fn no_cost_type_fires_without_fixed_and_variable_words() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT"],
        &["Site web", "2 000"],
        &["Flyers", "850"],
        &["Total", "2 850"],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::NO_COST_TYPE]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 0, 0));

    // Two amount columns for fixed and variable costs tell them apart.
    let rows: &[&[&str]] = &[
        &["Poste", "Coûts fixes (€ HT)", "Coûts variables (€ HT)"],
        &["Site web", "2 000", ""],
        &["Flyers", "", "850"],
        &["Total", "2 000", "850"],
    ];
    let out = run(rows);
    assert!(out.findings.is_empty(), "{:?}", out.findings);

    // Not required in the plan's instance.
    let p: Params = crate::parse(&shipped_params("plans", "budget-in-plan")).unwrap();
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT"],
        &["Site web", "2 000"],
        &["Total", "2 000"],
    ];
    assert!(run_with(vec![sheet_of("Plan", rows)], &p)
        .findings
        .is_empty());
}

#[test]
fn ht_ttc_fires_when_neither_is_stated() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant", "Type"],
        &["Site web", "2 000 €", "fixe"],
        &["Flyers", "850 €", "variable"],
        &["Total", "2 850 €", ""],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::HT_TTC]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 0, 1));

    let rows: &[&[&str]] = &[
        &["Poste", "Montant", "Type"],
        &["Site web", "2 000 € HT", "fixe"],
        &["Flyers", "850 € HT", "variable"],
        &["Total", "2 850 € HT", ""],
    ];
    assert!(run(rows).findings.is_empty());
    let rows: &[&[&str]] = &[
        &[
            "Association — TVA non applicable, art. 293 B du CGI",
            "",
            "",
        ],
        &["Poste", "Montant", "Type"],
        &["Site web", "2 000", "fixe"],
        &["Flyers", "850", "variable"],
        &["Total", "2 850", ""],
    ];
    assert!(run(rows).findings.is_empty());
}

#[test]
fn ttc_must_be_ht_times_a_vat_rate() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT", "Montant TTC", "Type"],
        &["Stand", "1 000", "1 200", "fixe"],
        &["Livres", "200", "211", "variable"],
        &["Timbres", "50", "50", "variable"],
        &["Traiteur", "500", "550", "variable"],
        &["Flyers", "500", "580", "variable"],
        &["Total", "2 250", "2 591", ""],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::TTC_RATE]);
    let f = &out.findings[0];
    assert_eq!(f.location, Location::cell("Budget", 5, 2));
    assert_eq!(arg(f, "rate"), "16 %");
    assert_eq!(arg(f, "ht"), "500");

    // The rates are the instance's: without 10 %, the caterer's line is reported too.
    let mut p = params();
    p.vat_rates = vec![20.0, 5.5, 0.0];
    let out = run_with(vec![sheet_of("Budget", rows)], &p);
    assert_eq!(codes_of(&out), vec![codes::TTC_RATE, codes::TTC_RATE]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 4, 2));
    assert_eq!(arg(&out.findings[0], "rate"), "10 %");

    // A per-line TVA column: TTC = HT + TVA.
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT", "TVA", "Montant TTC", "Type"],
        &["Stand", "1 000", "200", "1 200", "fixe"],
        &["Flyers", "500", "100", "650", "variable"],
        &["Total", "1 500", "300", "1 850", ""],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::TTC_RATE]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 2, 3));
}

#[test]
fn total_ht_tva_total_ttc() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant", "Type"],
        &["Stand", "2 500", "fixe"],
        &["Flyers", "850", "variable"],
        &["Total HT", "3 350", ""],
        &["TVA 20 %", "670", ""],
        &["Total TTC", "4 020", ""],
    ];
    let out = run(rows);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "total"), "3 350");
    assert_eq!(arg(&out.evidence[0], "tax"), "HT");

    let mut bad: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    bad[5][1] = "4 200";
    let bad: Vec<&[&str]> = bad.iter().map(|r| r.as_slice()).collect();
    let out = run(&bad);
    assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 5, 1));

    // No TVA row: the TTC total must be the HT total at one rate.
    let rows: &[&[&str]] = &[
        &["Poste", "Montant", "Type"],
        &["Stand", "2 500", "fixe"],
        &["Flyers", "850", "variable"],
        &["Total HT", "3 350", ""],
        &["Total TTC", "4 000", ""],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::TTC_RATE]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 4, 1));
}

#[test]
fn mixed_currency_fires_at_the_odd_cell() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT", "Type"],
        &["Stand", "2 500 €", "fixe"],
        &["Logiciel", "300 $", "fixe"],
        &["Flyers", "850 €", "variable"],
        &["Total", "3 650 €", ""],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::MIXED_CURRENCY]);
    let f = &out.findings[0];
    assert_eq!(f.location, Location::cell("Budget", 2, 1));
    assert_eq!(arg(f, "currency"), "$");
    assert_eq!(arg(f, "expected"), "€");

    let rows: &[&[&str]] = &[
        &["Poste", "Montant (€ HT)", "Type"],
        &["Stand", "2 500 €", "fixe"],
        &["Flyers", "850 EUR", "variable"],
        &["Total", "3 350 euros", ""],
    ];
    assert!(run(rows).findings.is_empty());
}

fn with_formula(mut t: Table, r: usize, c: usize, formula: &str) -> Table {
    t.rows[r][c].formula = Some(formula.to_string());
    t
}

#[test]
fn formula_range_missing_lines_fires() {
    let rows: &[&[&str]] = &[
        &["Budget 2027", "", ""],
        &["Poste", "Type", "Montant HT"],
        &["Stand", "fixe", "2 500"],
        &["Flyers", "variable", "850"],
        &["Pub", "variable", "1 500"],
        &["CM", "fixe", "1 000"],
        &["TOTAL", "", "5 850"],
    ];
    let t = with_formula(sheet_of("Budget", rows), 6, 2, "SUM(C3:C5)");
    let out = run_with(vec![t], &params());
    assert_eq!(codes_of(&out), vec![codes::FORMULA_RANGE]);
    let f = &out.findings[0];
    assert_eq!(f.location, Location::cell("Budget", 6, 2));
    assert_eq!(arg(f, "missing"), "C6");
    assert_eq!(arg(f, "formula"), "=SUM(C3:C5)");

    for good in [
        "SUM(C3:C6)",
        "SUM($C$3:$C$6)",
        "C3+C4+C5+C6",
        "of:=SUM([.C3:.C6])",
        "SOMME(C3:C4;C5:C6)",
    ] {
        let t = with_formula(sheet_of("Budget", rows), 6, 2, good);
        assert!(run_with(vec![t], &params()).findings.is_empty(), "{good}");
    }
    // Not a plain sum: not judged.
    let t = with_formula(
        sheet_of("Budget", rows),
        6,
        2,
        "SUMIF(B3:B6;\"fixe\";C3:C4)+C5+C6",
    );
    assert!(run_with(vec![t], &params()).findings.is_empty());
}

#[test]
fn formula_adding_sub_totals_covers_their_lines() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT"],
        &["Stand (fixe)", "2 500"],
        &["CM (fixe)", "1 000"],
        &["Sous-total", "3 500"],
        &["Flyers (variable)", "850"],
        &["Sous-total", "850"],
        &["Total", "4 350"],
    ];
    let mut t = with_formula(sheet_of("Budget", rows), 6, 1, "B4+B6");
    t = with_formula(t, 3, 1, "SUM(B2:B3)");
    t = with_formula(t, 5, 1, "SUM(B5:B5)");
    let out = run_with(vec![t], &params());
    assert!(out.findings.is_empty(), "{:?}", out.findings);

    let mut t = with_formula(sheet_of("Budget", rows), 6, 1, "B4");
    t = with_formula(t, 3, 1, "SUM(B2:B3)");
    let out = run_with(vec![t], &params());
    assert!(codes_of(&out).contains(&codes::FORMULA_RANGE));
}

#[test]
fn uncached_formula_total_is_not_compared() {
    let rows: &[&[&str]] = &[
        &["Poste", "Montant HT", "Type"],
        &["Stand", "2 500", "fixe"],
        &["Flyers", "850", "variable"],
        &["Total", "0", ""],
    ];
    let t = with_formula(sheet_of("Budget", rows), 3, 1, "SUM(B2:B3)");
    assert!(run_with(vec![t], &params()).findings.is_empty());
}

#[test]
fn no_table_is_information_and_optional() {
    let rows: &[&[&str]] = &[&["Canal", "Cible"], &["LinkedIn", "B2B"]];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::NO_TABLE]);
    let p: Params = crate::parse(&shipped_params("plans", "budget-in-plan")).unwrap();
    assert!(run_with(vec![sheet_of("S", rows)], &p).findings.is_empty());
}

#[test]
fn several_tables_on_one_sheet_each_checked() {
    let rows: &[&[&str]] = &[
        &["Coûts fixes", ""],
        &["Poste", "Montant HT"],
        &["Stand", "2 500"],
        &["Total", "2 500"],
        &["", ""],
        &["Coûts variables", ""],
        &["Poste", "Montant HT"],
        &["Flyers", "850"],
        &["Total", "900"],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::TOTAL_MISMATCH]);
    assert_eq!(out.findings[0].location, Location::cell("Budget", 8, 1));
}

#[test]
fn params_are_validated() {
    let p = shipped_params("plans", "budget");
    assert!(crate::validate(KIND, &p).is_ok());
    assert!(crate::validate(KIND, &shipped_params("plans", "budget-in-plan")).is_ok());
    let mut typo = p.clone();
    typo.insert("tolerence".into(), toml::Value::Float(1.0));
    assert!(crate::validate(KIND, &typo).is_err());
    let mut negative = p.clone();
    negative.insert("tolerance".into(), toml::Value::Float(-1.0));
    assert!(crate::validate(KIND, &negative).is_err());
}
