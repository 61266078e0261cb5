//! Budget and Gantt checks on real files: XLSX workbooks built with rust_xlsxwriter and
//! Windows-1252 CSV bytes, read by the readers of livrable-ingest, checked with the
//! parameters shipped in the rule pack. Each finding code fires on a flawed file and stays
//! silent on the clean one.

mod common;

use common::{arg, codes, doc};
use livrable_checks::Output;
use livrable_model::{Document, Location};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet};

/// Runs instance `id` of `plans.toml` on `d`, a deliverable of `kind` (`budget`, `gantt`).
fn check(kind: &str, id: &str, d: &Document) -> Output {
    common::run_shipped("plans.toml", id, d, kind, &[])
}

fn at(sheet: &str, cell: &str) -> Location {
    let col = cell
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .fold(0u32, |a, b| a * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = cell
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap();
    Location::cell(sheet, row - 1, col)
}

// ─── budget ─────────────────────────────────────────────────────────────

/// How a test budget deviates from the clean one.
#[derive(Default, Clone, Copy)]
struct BudgetFlaws {
    /// The total's formula stops one line short (its cached value too).
    short_formula: bool,
    /// The community-management line has no amount.
    missing_amount: bool,
    /// No total row, no fixed/variable column, no HT anywhere.
    bare: bool,
    /// One line in dollars.
    dollars: bool,
    /// An HT and a TTC column, one TTC wrong.
    ttc_wrong: Option<bool>,
}

/// A budget under a merged two-line title block, as candidates make them:
///
/// ```text
///   A1:D1  Budget prévisionnel — Salon de l'habitat 2027 (merged)
///   A2:D2  Association Les Amis du Parc (merged)
///   A4     Poste | Type de coût | Fournisseur | Montant (€ HT)
///   A5…A8  four lines
///   A10    TOTAL                                =SUM(D5:D8)
/// ```
fn budget_xlsx(flaws: BudgetFlaws) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name("Budget").unwrap();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let euros = Format::new().set_num_format("# ##0 €");
    ws.merge_range(
        0,
        0,
        0,
        3,
        "Budget prévisionnel — Salon de l'habitat 2027",
        &title,
    )
    .unwrap();
    ws.merge_range(1, 0, 1, 3, "Association Les Amis du Parc", &Format::new())
        .unwrap();
    let amount_header = if flaws.bare {
        "Montant (€)"
    } else {
        "Montant (€ HT)"
    };
    let headers: [&str; 4] = if flaws.bare {
        ["Poste", "Fournisseur", "Commentaire", amount_header]
    } else {
        ["Poste", "Type de coût", "Fournisseur", amount_header]
    };
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &header)
            .unwrap();
    }
    let lines: [(&str, &str, &str, f64); 4] = [
        ("Stand 9 m²", "Fixe", "Parc Expo", 2500.0),
        ("Flyers (2 000 ex.)", "Variable", "Imprimerie Martin", 850.0),
        ("Publicité Facebook", "Variable", "Meta", 1500.0),
        ("Community management", "Fixe", "en interne", 1000.0),
    ];
    for (i, (poste, kind, supplier, amount)) in lines.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string(r, 0, *poste).unwrap();
        ws.write_string(r, 1, if flaws.bare { "" } else { *kind })
            .unwrap();
        ws.write_string(r, 2, *supplier).unwrap();
        if flaws.missing_amount && i == 3 {
            continue;
        }
        if flaws.dollars && i == 2 {
            ws.write_string(r, 3, "1 500 $").unwrap();
            continue;
        }
        ws.write_number_with_format(r, 3, *amount, &euros).unwrap();
    }
    if let Some(wrong) = flaws.ttc_wrong {
        ws.write_string_with_format(3, 4, "Montant TTC", &header)
            .unwrap();
        for (i, (_, _, _, amount)) in lines.iter().enumerate() {
            let ttc = if wrong && i == 1 {
                amount * 1.15
            } else {
                amount * 1.2
            };
            ws.write_number_with_format(4 + i as u32, 4, ttc, &euros)
                .unwrap();
        }
    }
    if !flaws.bare {
        ws.write_string_with_format(9, 0, "TOTAL", &Format::new().set_bold())
            .unwrap();
        let sum: f64 = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !(flaws.missing_amount && *i == 3))
            .map(|(_, l)| l.3)
            .sum();
        let (formula, cached) = if flaws.short_formula {
            ("=SUM(D5:D7)", sum - 1000.0)
        } else {
            ("=SUM(D5:D8)", sum)
        };
        ws.write_formula_with_format(
            9,
            3,
            Formula::new(formula).set_result(cached.to_string()),
            &euros,
        )
        .unwrap();
        if flaws.ttc_wrong.is_some() {
            let ttc: f64 = lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if flaws.ttc_wrong == Some(true) && i == 1 {
                        l.3 * 1.15
                    } else {
                        l.3 * 1.2
                    }
                })
                .sum();
            ws.write_formula_with_format(
                9,
                4,
                Formula::new("=SUM(E5:E8)").set_result(ttc.to_string()),
                &euros,
            )
            .unwrap();
        }
    }
    ws.write_string(11, 0, "Source : devis reçus en janvier 2027")
        .unwrap();
    wb.save_to_buffer().expect("xlsx")
}

/// The shipped `budget` instance on the test budget with `flaws`.
fn budget_with(flaws: BudgetFlaws) -> Output {
    check("budget", "budget", &doc("budget.xlsx", budget_xlsx(flaws)))
}

#[test]
fn xlsx_budget_under_a_merged_title_block_is_clean() {
    let d = doc(
        "Dupont_Marie_budget.xlsx",
        budget_xlsx(BudgetFlaws::default()),
    );
    let out = check("budget", "budget", &d);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(out.evidence[0].code, "budget/total");
    assert_eq!(arg(&out.evidence[0], "total"), "5 850 €");
    assert_eq!(arg(&out.evidence[0], "tax"), "HT");
    assert_eq!(arg(&out.evidence[0], "lines"), "4");
    assert_eq!(out.evidence[1].code, "budget/cost-types");
}

#[test]
fn xlsx_total_formula_missing_a_line() {
    let out = budget_with(BudgetFlaws {
        short_formula: true,
        ..Default::default()
    });
    assert_eq!(
        codes(&out),
        vec!["budget/total-mismatch", "budget/formula-range"]
    );
    assert_eq!(out.findings[0].location, at("Budget", "D10"));
    assert_eq!(arg(&out.findings[0], "stated"), "4 850 €");
    assert_eq!(arg(&out.findings[0], "computed"), "5 850 €");
    assert_eq!(out.findings[1].location, at("Budget", "D10"));
    assert_eq!(arg(&out.findings[1], "missing"), "D8");
}

#[test]
fn xlsx_line_without_amount() {
    let out = budget_with(BudgetFlaws {
        missing_amount: true,
        ..Default::default()
    });
    assert_eq!(codes(&out), vec!["budget/action-without-cost"]);
    assert_eq!(out.findings[0].location, at("Budget", "D8"));
    assert_eq!(arg(&out.findings[0], "action"), "Community management");
}

#[test]
fn xlsx_bare_budget_lacks_total_cost_types_and_tax() {
    let out = budget_with(BudgetFlaws {
        bare: true,
        ..Default::default()
    });
    let mut got = codes(&out);
    got.sort_unstable();
    assert_eq!(
        got,
        vec!["budget/ht-ttc", "budget/no-cost-type", "budget/no-total"]
    );
    for f in &out.findings {
        assert_eq!(f.location.sheet.as_deref(), Some("Budget"));
        assert_eq!(
            f.location.cell.map(|c| c.0),
            Some(3),
            "on the header row: {f:?}"
        );
    }
}

#[test]
fn xlsx_dollars_in_a_euro_budget() {
    let out = budget_with(BudgetFlaws {
        dollars: true,
        ..Default::default()
    });
    assert_eq!(codes(&out), vec!["budget/mixed-currency"]);
    assert_eq!(out.findings[0].location, at("Budget", "D7"));
}

#[test]
fn xlsx_ht_and_ttc_columns() {
    let out = budget_with(BudgetFlaws {
        ttc_wrong: Some(false),
        ..Default::default()
    });
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let out = budget_with(BudgetFlaws {
        ttc_wrong: Some(true),
        ..Default::default()
    });
    assert_eq!(codes(&out), vec!["budget/ttc-rate"]);
    assert_eq!(out.findings[0].location, at("Budget", "E6"));
    assert_eq!(arg(&out.findings[0], "rate"), "15 %");
}

#[test]
fn xlsx_without_a_budget_table() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Notes de réunion").unwrap();
    let d = doc("budget.xlsx", wb.save_to_buffer().unwrap());
    assert_eq!(
        codes(&check("budget", "budget", &d)),
        vec!["budget/no-table"]
    );
}

/// Windows-1252 bytes of a French CSV export (`;`, decimal comma, `€` = 0x80, no-break
/// space 0xA0 as thousands separator, CRLF).
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '\u{a0}' => 0xA0,
            'é' => 0xE9,
            'è' => 0xE8,
            'ê' => 0xEA,
            'à' => 0xE0,
            'û' => 0xFB,
            'â' => 0xE2,
            'É' => 0xC9,
            c if c.is_ascii() => c as u8,
            c => panic!("no cp1252 byte for {c:?} in this test"),
        })
        .collect()
}

#[test]
fn windows_1252_csv_budget() {
    let csv = "Budget prévisionnel;;\r\n\
               Poste;Coût HT;Type\r\n\
               Création graphique;1\u{a0}200,00 €;fixe\r\n\
               Impression flyers;850,00 €;variable\r\n\
               Envoi presse;0,00 €;variable\r\n\
               Total général;2\u{a0}050,00 €;\r\n";
    let bytes = cp1252(csv);
    assert!(std::str::from_utf8(&bytes).is_err(), "really Windows-1252");
    let d = doc("budget.csv", bytes);
    let out = check("budget", "budget", &d);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "total"), "2 050 €");

    let bad = csv
        .replace("2\u{a0}050,00", "2\u{a0}500,00")
        .replace("Envoi presse;0,00 €", "Envoi presse;");
    let d = doc("budget.csv", cp1252(&bad));
    let out = check("budget", "budget", &d);
    assert_eq!(
        codes(&out),
        vec!["budget/action-without-cost", "budget/total-mismatch"]
    );
    assert_eq!(out.findings[0].location.cell, Some((4, 1)));
    assert_eq!(out.findings[1].location.cell, Some((5, 1)));
    assert!(
        out.findings[1].location.range().is_some(),
        "CSV findings keep the line's span"
    );
}

// ─── Gantt ──────────────────────────────────────────────────────────────

/// A Gantt made only of coloured cells: task names in A, months as real dates shown
/// `mmm yyyy` in B1:E1… under a title, bars as blue blank cells, phases as bold rows.
fn coloured_gantt(title: &str, bars: &[(u32, &[u16])]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Planning").unwrap();
    ws.merge_range(0, 0, 0, 4, title, &Format::new().set_bold())
        .unwrap();
    let month = Format::new().set_num_format("mmm yyyy").set_bold();
    for (i, m) in [3u8, 4, 5, 6].iter().enumerate() {
        let d = ExcelDateTime::from_ymd(2027, *m, 1).unwrap();
        ws.write_datetime_with_format(1, 1 + i as u16, &d, &month)
            .unwrap();
    }
    let rows = [
        "Phase 1 : préparation",
        "Brief agence",
        "Création des visuels",
        "Phase 2 : diffusion",
        "Campagne Facebook",
        "Salon de l'habitat",
    ];
    for (i, r) in rows.iter().enumerate() {
        ws.write_string(2 + i as u32, 0, *r).unwrap();
    }
    let blue = Format::new().set_background_color(Color::RGB(0x4472C4));
    for (row, cols) in bars {
        for c in *cols {
            ws.write_blank(*row, *c, &blue).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

const BARS: &[(u32, &[u16])] = &[(3, &[1]), (4, &[1, 2]), (6, &[3, 4]), (7, &[4])];

#[test]
fn coloured_gantt_is_read_from_fills() {
    let d = doc(
        "gantt.xlsx",
        coloured_gantt("Planning de la campagne", BARS),
    );
    let out = check("gantt", "gantt-in-plan", &d);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let e = &out.evidence[0];
    assert_eq!(e.code, "gantt/schedule");
    assert_eq!(arg(e, "count"), "4");
    assert_eq!(arg(e, "start"), "01/03/2027");
    assert_eq!(arg(e, "end"), "30/06/2027");
    // The full instance asks for owners.
    assert_eq!(
        codes(&check("gantt", "gantt", &d)),
        vec!["gantt/no-owner-column"]
    );
}

#[test]
fn coloured_gantt_task_without_bar() {
    let bars: &[(u32, &[u16])] = &[(3, &[1]), (6, &[3, 4]), (7, &[4])];
    let d = doc(
        "gantt.xlsx",
        coloured_gantt("Planning de la campagne", bars),
    );
    let out = check("gantt", "gantt-in-plan", &d);
    assert_eq!(codes(&out), vec!["gantt/empty-task"]);
    assert_eq!(out.findings[0].location, at("Planning", "A5"));
}

#[test]
fn coloured_gantt_outside_its_stated_period() {
    let d = doc(
        "gantt.xlsx",
        coloured_gantt("Planning — Période : mars–mai 2027", BARS),
    );
    let out = check("gantt", "gantt-in-plan", &d);
    assert_eq!(
        codes(&out),
        vec!["gantt/outside-period", "gantt/outside-period"]
    );
    assert_eq!(out.findings[0].location, at("Planning", "E7"));
    assert_eq!(out.findings[1].location, at("Planning", "E8"));
}

/// A task table with real dates, an owner column merged over two tasks, under a title.
fn task_table(end_of_visuals: (u16, u8, u8), owner_of_last: &str) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Gantt").unwrap();
    ws.write_string(
        0,
        0,
        "Rétroplanning — Période : du 1er mars au 30 juin 2027",
    )
    .unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in ["Tâche", "Début", "Fin", "Responsable"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let d = |y: u16, m: u8, day: u8| ExcelDateTime::from_ymd(y, m, day).unwrap();
    let rows = [
        ("Brief agence", d(2027, 3, 1), d(2027, 3, 5)),
        (
            "Création des visuels",
            d(2027, 3, 8),
            d(end_of_visuals.0, end_of_visuals.1, end_of_visuals.2),
        ),
        ("Campagne Facebook", d(2027, 4, 5), d(2027, 6, 30)),
    ];
    for (i, (task, start, end)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, *task).unwrap();
        ws.write_datetime_with_format(r, 1, start, &date).unwrap();
        ws.write_datetime_with_format(r, 2, end, &date).unwrap();
    }
    ws.merge_range(3, 3, 4, 3, "Marie", &Format::new()).unwrap();
    ws.write_string(5, 3, owner_of_last).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_task_table_clean() {
    let d = doc("retroplanning.xlsx", task_table((2027, 4, 2), "Lucas"));
    let out = check("gantt", "gantt", &d);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "count"), "3");
    assert_eq!(arg(&out.evidence[0], "start"), "01/03/2027");
    assert_eq!(arg(&out.evidence[0], "end"), "30/06/2027");
    assert_eq!(out.evidence[1].code, "gantt/owners");
}

#[test]
fn xlsx_task_table_flaws() {
    let d = doc("retroplanning.xlsx", task_table((2027, 3, 1), ""));
    let out = check("gantt", "gantt", &d);
    assert_eq!(
        codes(&out),
        vec!["gantt/end-before-start", "gantt/task-without-owner"]
    );
    assert_eq!(out.findings[0].location, at("Gantt", "C5"));
    assert_eq!(out.findings[1].location, at("Gantt", "D6"));

    let d = doc("retroplanning.xlsx", task_table((2027, 7, 14), "Lucas"));
    let out = check("gantt", "gantt", &d);
    assert_eq!(codes(&out), vec!["gantt/outside-period"]);
    assert_eq!(out.findings[0].location, at("Gantt", "C5"));
}

#[test]
fn windows_1252_csv_gantt() {
    let csv = "Tâche;Début;Fin;Responsable\r\n\
               Brief agence;01/03/2027;05/03/2027;Marie\r\n\
               Création des visuels;08/03/2027;02/04/2027;Agence\r\n";
    let d = doc("gantt.csv", cp1252(csv));
    let out = check("gantt", "gantt", &d);
    assert!(out.findings.is_empty(), "{:?}", out.findings);

    let bad = csv.replace("02/04/2027", "02/03/2027");
    let d = doc("gantt.csv", cp1252(&bad));
    let out = check("gantt", "gantt", &d);
    assert_eq!(codes(&out), vec!["gantt/end-before-start"]);
    assert_eq!(out.findings[0].location.cell, Some((2, 2)));

    let undated = "Tâche;Responsable\r\nBrief agence;Marie\r\n";
    let d = doc("gantt.csv", cp1252(undated));
    assert_eq!(codes(&check("gantt", "gantt", &d)), vec!["gantt/no-dates"]);
}

// ─── the sample submissions of the tree ─────────────────────────────────

fn tree_file(path: &str) -> Document {
    doc(path, common::tree_bytes(path))
}

#[test]
fn correct_c1_6_submission_budget_and_gantt() {
    let d = tree_file("fixtures/c1-6-plan-verdure/Martin_Lea_budget.csv");
    let out = check("budget", "budget", &d);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "total"), "9 650 €");
    assert_eq!(arg(&out.evidence[0], "tax"), "HT");
    assert_eq!(arg(&out.evidence[0], "lines"), "6");

    let d = tree_file("fixtures/c1-6-plan-verdure/Martin_Lea_gantt.csv");
    let out = check("gantt", "gantt", &d);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "count"), "6");
    assert_eq!(arg(&out.evidence[0], "start"), "01/03/2027");
    assert_eq!(arg(&out.evidence[0], "end"), "30/06/2027");

    // The plan's actions table carries a period per action: a schedule in itself.
    let d = tree_file("fixtures/c1-6-plan-verdure/Martin_Lea_plan_de_communication.md");
    let out = check("gantt", "gantt-in-plan", &d);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "count"), "6");
    assert_eq!(arg(&out.evidence[0], "start"), "01/03/2027");
    let out = check("budget", "budget-in-plan", &d);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}

// ─── committed fixtures (fixtures/plans/budget-gantt) ───────────────────────────────

/// The coloured Gantt with a « Responsable » column between the tasks and the months.
fn coloured_gantt_owned(missing_bar: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Planning").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        5,
        "Planning — Période : mars–juin 2027",
        &Format::new().set_bold(),
    )
    .unwrap();
    let month = Format::new().set_num_format("mmm yyyy").set_bold();
    ws.write_string(1, 1, "Responsable").unwrap();
    for (i, m) in [3u8, 4, 5, 6].iter().enumerate() {
        let d = ExcelDateTime::from_ymd(2027, *m, 1).unwrap();
        ws.write_datetime_with_format(1, 2 + i as u16, &d, &month)
            .unwrap();
    }
    let rows: [(&str, &str, &[u16]); 6] = [
        ("Phase 1 : préparation", "", &[2, 3]),
        ("Brief agence", "Léa Martin", &[2]),
        ("Création des visuels", "Agence Pixel", &[2, 3]),
        ("Phase 2 : diffusion", "", &[4, 5]),
        ("Campagne Facebook", "Paul Girard", &[4, 5]),
        ("Salon de l'habitat", "Léa Martin", &[5]),
    ];
    let blue = Format::new().set_background_color(Color::RGB(0x4472C4));
    let green = Format::new()
        .set_background_color(Color::RGB(0x70AD47))
        .set_bold();
    for (i, (task, owner, bars)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        let phase = owner.is_empty();
        ws.write_string(r, 0, *task).unwrap();
        if !phase {
            ws.write_string(r, 1, *owner).unwrap();
        }
        if missing_bar && i == 2 {
            continue;
        }
        for c in *bars {
            ws.write_blank(r, *c, if phase { &green } else { &blue })
                .unwrap();
        }
    }
    ws.write_string(9, 0, "Légende : bleu = tâche, vert = phase")
        .unwrap();
    wb.save_to_buffer().unwrap()
}

/// Every fixture file the generator writes, with its bytes.
fn fixture_files() -> Vec<(&'static str, Vec<u8>)> {
    let budget_csv = "Budget prévisionnel;;\r\n\
                      Poste;Coût HT;Type\r\n\
                      Création graphique;1\u{a0}200,00 €;fixe\r\n\
                      Impression flyers;850,00 €;variable\r\n\
                      Envoi presse;0,00 €;variable\r\n\
                      Total général;2\u{a0}050,00 €;\r\n";
    let gantt_csv = "Tâche;Début;Fin;Responsable\r\n\
                     Brief agence;01/03/2027;05/03/2027;Marie\r\n\
                     Création des visuels;08/03/2027;02/04/2027;Agence\r\n";
    vec![
        ("clean/budget.xlsx", budget_xlsx(BudgetFlaws::default())),
        (
            "clean/budget-ht-ttc.xlsx",
            budget_xlsx(BudgetFlaws {
                ttc_wrong: Some(false),
                ..Default::default()
            }),
        ),
        ("clean/budget-windows-1252.csv", cp1252(budget_csv)),
        ("clean/gantt-couleurs.xlsx", coloured_gantt_owned(false)),
        ("clean/gantt-taches.xlsx", task_table((2027, 4, 2), "Lucas")),
        ("clean/gantt-windows-1252.csv", cp1252(gantt_csv)),
        (
            "fires/budget-formule-courte.xlsx",
            budget_xlsx(BudgetFlaws {
                short_formula: true,
                ..Default::default()
            }),
        ),
        (
            "fires/budget-ligne-sans-cout.xlsx",
            budget_xlsx(BudgetFlaws {
                missing_amount: true,
                ..Default::default()
            }),
        ),
        (
            "fires/budget-sans-total.xlsx",
            budget_xlsx(BudgetFlaws {
                bare: true,
                ..Default::default()
            }),
        ),
        (
            "fires/budget-dollars.xlsx",
            budget_xlsx(BudgetFlaws {
                dollars: true,
                ..Default::default()
            }),
        ),
        (
            "fires/budget-ttc-faux.xlsx",
            budget_xlsx(BudgetFlaws {
                ttc_wrong: Some(true),
                ..Default::default()
            }),
        ),
        (
            "fires/budget-windows-1252.csv",
            cp1252(
                &budget_csv
                    .replace("2\u{a0}050,00", "2\u{a0}500,00")
                    .replace("Envoi presse;0,00 €", "Envoi presse;"),
            ),
        ),
        (
            "fires/gantt-couleurs-tache-vide.xlsx",
            coloured_gantt_owned(true),
        ),
        (
            "fires/gantt-couleurs-sans-responsable.xlsx",
            coloured_gantt("Planning — Période : mars–mai 2027", BARS),
        ),
        (
            "fires/gantt-taches-erreurs.xlsx",
            task_table((2027, 3, 1), ""),
        ),
        (
            "fires/gantt-hors-periode.xlsx",
            task_table((2027, 7, 14), "Lucas"),
        ),
        (
            "fires/gantt-sans-dates.csv",
            cp1252("Tâche;Responsable\r\nBrief agence;Marie\r\nVisuels;Agence\r\n"),
        ),
    ]
}

fn plans_dir() -> std::path::PathBuf {
    common::root().join("fixtures/plans/budget-gantt")
}

/// Writes the fixtures; `fixtures/plans/budget-gantt/generate.sh` runs it, then converts some to ODS.
#[test]
#[ignore = "writes fixtures/plans/budget-gantt; run by its generate.sh"]
fn write_fixtures() {
    for (path, bytes) in fixture_files() {
        let full = plans_dir().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, bytes).unwrap();
    }
}

/// Placeholders `{name}` of a sentence.
fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                out.push(after[..close].to_string());
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Every finding and evidence code has words in the rule pack, and those words use only
/// placeholders the observation fills.
fn words_fit(out: &Output) {
    let root = common::root().join("rules/ccm-n6/codes");
    let mut words: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for file in ["budget.toml", "gantt.toml"] {
        let t: toml::Table =
            toml::from_str(&std::fs::read_to_string(root.join(file)).unwrap()).unwrap();
        for (section, fields) in [
            ("code", &["message", "help"][..]),
            ("evidence", &["text"][..]),
        ] {
            for entry in t
                .get(section)
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
            {
                let mut texts = Vec::new();
                for field in fields {
                    for lang in ["fr", "en"] {
                        if let Some(x) = entry[*field].get(lang).and_then(|v| v.as_str()) {
                            texts.push(x.to_string());
                        }
                    }
                }
                words.insert(
                    format!("{section}:{}", entry["code"].as_str().unwrap()),
                    texts,
                );
            }
        }
    }
    let observations = out
        .findings
        .iter()
        .map(|o| ("code", o))
        .chain(out.evidence.iter().map(|o| ("evidence", o)));
    for (section, o) in observations {
        let texts = words
            .get(&format!("{section}:{}", o.code))
            .unwrap_or_else(|| panic!("no words for {section} {}", o.code));
        for text in texts {
            for name in placeholders(text) {
                assert!(
                    o.args.iter().any(|(n, _)| *n == name),
                    "{}: {{{name}}} is not filled in {o:?}",
                    o.code
                );
            }
        }
    }
}

/// Each committed fixture gives exactly the codes `fixtures/plans/budget-gantt/expected.toml` lists
/// (none for `clean/`), with the shipped instance it names.
#[test]
fn committed_fixtures_give_the_expected_codes() {
    let expected: toml::Table =
        toml::from_str(&std::fs::read_to_string(plans_dir().join("expected.toml")).unwrap())
            .unwrap();
    let fixtures = expected["fixture"].as_array().expect("[[fixture]]");
    let mut seen = std::collections::BTreeSet::new();
    for fx in fixtures {
        let file = fx["file"].as_str().unwrap();
        let instance = fx["check"].as_str().unwrap();
        let kind = if instance.starts_with("budget") {
            "budget"
        } else {
            "gantt"
        };
        let want: Vec<&str> = fx["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let bytes = std::fs::read(plans_dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let d = doc(file, bytes);
        let out = check(kind, instance, &d);
        let mut got = codes(&out);
        got.sort_unstable();
        let mut want_sorted = want.clone();
        want_sorted.sort_unstable();
        assert_eq!(
            got, want_sorted,
            "{file} with {instance}: {:?}",
            out.findings
        );
        if file.starts_with("clean/") {
            assert!(want.is_empty(), "{file}: a clean fixture lists no code");
            assert!(
                !out.evidence.is_empty(),
                "{file}: a clean fixture gives evidence"
            );
        }
        words_fit(&out);
        seen.insert(file.to_string());
    }
    // The generated files are all listed (ODS conversions are listed by hand).
    for (path, _) in fixture_files() {
        assert!(seen.contains(path), "{path} is not in expected.toml");
    }
}

/// The committed XLSX files are what the generator writes today (regenerate with
/// `fixtures/plans/budget-gantt/generate.sh` after changing a generator above).
#[test]
fn committed_xlsx_fixtures_are_up_to_date() {
    for (path, bytes) in fixture_files() {
        let committed =
            std::fs::read(plans_dir().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        if path.ends_with(".csv") {
            assert_eq!(committed, bytes, "{path} differs from its generator");
        } else {
            // XLSX zips carry a creation time: compare what the readers see.
            let a = doc(path, committed);
            let b = doc(path, bytes);
            assert_eq!(a.tables, b.tables, "{path} differs from its generator");
        }
    }
}
