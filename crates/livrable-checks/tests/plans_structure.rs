//! RACI, risk register, channel mix, SMART objectives, KPIs, personas and the plan against
//! its budget and Gantt files, on real files: the fixtures of `fixtures/plans/` (CSV in
//! Windows-1252, Markdown, HTML, DOCX) and XLSX workbooks built here with rust_xlsxwriter,
//! read by the readers of livrable-ingest and checked with the parameters shipped in
//! `rules/ccm-n6/checks/plans-structure.toml`. Every finding code fires on a flawed file and
//! stays silent on its clean twin; the complete C1.6 submission of
//! `fixtures/c1-6-plan-verdure/` gives no finding and evidence naming what was found.

mod common;

use common::{arg, codes, doc, evidence};
use livrable_checks::Output;
use livrable_model::{Document, Observation};
use rust_xlsxwriter::{Color, Format, Formula, Workbook};

/// A file of `fixtures/`, named by its file name as a submission names it.
fn fixture(rel: &str) -> Document {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    doc(name, common::tree_bytes(&format!("fixtures/{rel}")))
}

/// Runs instance `id` of `plans-structure.toml` on `d`, a deliverable of `kind`, the
/// other documents of the submission given with their kind.
fn check_with(id: &str, d: &Document, kind: &str, others: &[(&Document, &str)]) -> Output {
    common::run_shipped("plans-structure.toml", id, d, kind, others)
}

fn check(id: &str, d: &Document, kind: &str) -> Output {
    check_with(id, d, kind, &[])
}

/// The 1-based line of a finding in a text document.
fn line(d: &Document, o: &Observation) -> usize {
    livrable_model::location::line_col(&d.text, o.location.start.expect("a span")).0
}

// ─── the complete C1.6 submission ─────────────────────────────────────────

fn verdure() -> (Document, Document, Document) {
    (
        fixture("c1-6-plan-verdure/Martin_Lea_plan_de_communication.md"),
        fixture("c1-6-plan-verdure/Martin_Lea_budget.csv"),
        fixture("c1-6-plan-verdure/Martin_Lea_gantt.csv"),
    )
}

#[test]
fn the_complete_c1_6_submission_passes_every_plan_check() {
    let (plan, budget, gantt) = verdure();
    let others = [(&budget, "budget"), (&gantt, "gantt")];
    for id in ["channel-mix", "objectives", "kpi", "plan-coherence"] {
        let out = check_with(id, &plan, "communication-plan", &others);
        assert!(out.findings.is_empty(), "{id}: {:?}", out.findings);
        assert!(!out.evidence.is_empty(), "{id} gives evidence");
    }
    let channels = check("channel-mix", &plan, "communication-plan");
    let ev = evidence(&channels, "channel-mix/channels");
    assert_eq!(arg(ev, "traditional_count"), "3");
    assert_eq!(
        arg(ev, "traditional"),
        "salon (l. 33), presse écrite (l. 34), affichage (l. 35)"
    );
    assert!(arg(ev, "digital").starts_with("LinkedIn (l. 36)"), "{ev:?}");

    let coherence = check_with("plan-coherence", &plan, "communication-plan", &others);
    let total = evidence(&coherence, "plan/budget-total");
    assert_eq!(arg(total, "stated"), "9 650 € HT");
    let budgeted = evidence(&coherence, "plan/actions-budgeted");
    assert_eq!(arg(budgeted, "count"), "6");
    assert!(arg(budgeted, "matches")
        .contains("Publications LinkedIn → Publications LinkedIn (sponsorisées)"));
    assert_eq!(
        arg(evidence(&coherence, "plan/actions-scheduled"), "count"),
        "6"
    );
    assert_eq!(
        arg(evidence(&coherence, "plan/personas"), "count"),
        "2",
        "Sophie and Marc"
    );
}

// ─── cross-file coherence ────────────────────────────────────────────────

#[test]
fn a_plan_out_of_step_with_its_budget_and_gantt() {
    let plan = fixture("plans/coherence/Martin_Lea_plan_de_communication.md");
    let budget = fixture("plans/coherence/Martin_Lea_budget.csv");
    let gantt = fixture("plans/coherence/Martin_Lea_gantt.csv");
    let out = check_with(
        "plan-coherence",
        &plan,
        "communication-plan",
        &[(&budget, "budget"), (&gantt, "gantt")],
    );
    assert_eq!(
        codes(&out),
        vec![
            "plan/action-not-budgeted",
            "plan/action-not-scheduled",
            "plan/budget-total-differs"
        ]
    );
    let f = &out.findings;
    assert_eq!(arg(&f[0], "action"), "Jeu concours Instagram");
    assert_eq!(arg(&f[0], "file"), "Martin_Lea_budget.csv");
    assert_eq!(line(&plan, &f[0]), 40);
    assert_eq!(arg(&f[1], "action"), "Spot radio locale");
    assert_eq!(arg(&f[1], "file"), "Martin_Lea_gantt.csv");
    assert_eq!(line(&plan, &f[1]), 39);
    assert_eq!(arg(&f[2], "stated"), "9 650 € HT");
    assert_eq!(arg(&f[2], "budget"), "9 950 € HT");
    assert_eq!(line(&plan, &f[2]), 44);
    // Without the other files, nothing to compare.
    let alone = check("plan-coherence", &plan, "communication-plan");
    assert!(alone.findings.is_empty(), "{:?}", alone.findings);
}

/// A Gantt chart drawn as coloured cells under week headers, with no task header.
fn gantt_grid_xlsx(tasks: &[&str]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Planning").unwrap();
    ws.write(0, 0, "Calendrier — printemps 2027").unwrap();
    for w in 0..8u16 {
        ws.write(2, 1 + w, format!("S{}", w + 1)).unwrap();
    }
    let green = Format::new().set_background_color(Color::RGB(0x70AD47));
    for (i, task) in tasks.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write(r, 0, *task).unwrap();
        for w in (i as u16)..(i as u16 + 3) {
            ws.write_blank(r, 1 + w, &green).unwrap();
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

#[test]
fn a_coloured_grid_gantt_is_read_for_its_tasks() {
    let (plan, budget, _) = verdure();
    let all = [
        "Stand au salon Habitat Durable",
        "Communiqué de presse",
        "Campagne d'affichage",
        "Publications LinkedIn",
        "Newsletter mensuelle",
        "Articles de blog",
    ];
    let full = doc("gantt.xlsx", gantt_grid_xlsx(&all));
    let out = check_with(
        "plan-coherence",
        &plan,
        "communication-plan",
        &[(&budget, "budget"), (&full, "gantt")],
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let short = doc("gantt.xlsx", gantt_grid_xlsx(&all[..5]));
    let out = check_with(
        "plan-coherence",
        &plan,
        "communication-plan",
        &[(&budget, "budget"), (&short, "gantt")],
    );
    assert_eq!(codes(&out), vec!["plan/action-not-scheduled"]);
    assert_eq!(arg(&out.findings[0], "action"), "Articles de blog");
}

#[test]
fn personas() {
    let without = fixture("plans/personas/Martin_Lea_plan_de_communication_sans_personas.md");
    assert_eq!(
        codes(&check("plan-coherence", &without, "communication-plan")),
        vec!["plan/no-personas"]
    );
    let (with, _, _) = verdure();
    assert!(check("plan-coherence", &with, "communication-plan")
        .findings
        .is_empty());
}

// ─── channels ────────────────────────────────────────────────────────────

#[test]
fn channels_in_an_html_list_section() {
    let d = fixture("plans/canaux/Martin_Lea_plan_de_communication.html");
    let out = check("channel-mix", &d, "communication-plan");
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let ev = evidence(&out, "channel-mix/channels");
    assert_eq!(
        arg(ev, "count"),
        "5",
        "the radio of the context is not counted"
    );
}

#[test]
fn too_few_channels_and_no_traditional_one() {
    let d = fixture("plans/canaux/Martin_Lea_plan_de_communication_trois_canaux.md");
    let out = check("channel-mix", &d, "communication-plan");
    assert_eq!(
        codes(&out),
        vec!["channel-mix/too-few", "channel-mix/no-traditional"]
    );
    assert_eq!(arg(&out.findings[0], "count"), "3");
    assert_eq!(line(&d, &out.findings[0]), 7, "at the « Canaux » heading");
}

#[test]
fn no_digital_channel_in_a_table() {
    let d = fixture("plans/canaux/Martin_Lea_plan_de_communication_sans_digital.md");
    let out = check("channel-mix", &d, "communication-plan");
    assert_eq!(codes(&out), vec!["channel-mix/no-digital"]);
    assert_eq!(
        arg(&out.findings[0], "found"),
        "presse écrite, salon, affichage, radio"
    );
}

#[test]
fn channels_in_a_docx_table() {
    let ok = fixture("plans/canaux/Martin_Lea_plan_de_communication.docx");
    let out = check("channel-mix", &ok, "communication-plan");
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert!(
        arg(evidence(&out, "channel-mix/channels"), "traditional").contains("street marketing"),
        "found through the action « Tractage »"
    );
    for id in ["objectives", "kpi", "plan-coherence"] {
        let out = check(id, &ok, "communication-plan");
        assert!(out.findings.is_empty(), "{id}: {:?}", out.findings);
    }
    let flawed = fixture("plans/canaux/Martin_Lea_plan_de_communication_deux_canaux.docx");
    assert_eq!(
        codes(&check("channel-mix", &flawed, "communication-plan")),
        vec!["channel-mix/too-few", "channel-mix/no-traditional"]
    );
}

/// A one-sheet workbook as candidates lay out a table: a bold title merged over the
/// table's width, a blank row, the header row (in `head`'s format), then `rows` (blank
/// strings left as empty cells).
fn titled_table_xlsx<const N: usize>(
    sheet: &str,
    title: &str,
    head: &Format,
    headers: [&str; N],
    rows: &[[&str; N]],
) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    ws.merge_range(0, 0, 0, N as u16 - 1, title, &Format::new().set_bold())
        .unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_with_format(2, c as u16, *h, head).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write(3 + i as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// A plan laid out as a workbook: a title, then the action table.
fn plan_xlsx(rows: &[[&str; 3]]) -> Vec<u8> {
    let headers = ["Action", "Support", "Cible"];
    titled_table_xlsx(
        "Plan d'actions",
        "Plan d'actions 2027",
        &Format::new(),
        headers,
        rows,
    )
}

#[test]
fn channels_in_a_spreadsheet_plan() {
    let ok = doc(
        "plan.xlsx",
        plan_xlsx(&[
            ["Vidéos avant/après", "Instagram", "Particuliers"],
            ["Conférence", "Salon de l'habitat", "Prescripteurs"],
            ["Encart", "Le Progrès (presse)", "Particuliers"],
            ["Relance", "SMS", "Clients"],
        ]),
    );
    let out = check("channel-mix", &ok, "communication-plan");
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert!(arg(evidence(&out, "channel-mix/channels"), "digital").contains("Plan d'actions!B4"));
    let flawed = doc(
        "plan.xlsx",
        plan_xlsx(&[
            ["Vidéos avant/après", "Instagram", "Particuliers"],
            ["Relance", "SMS", "Clients"],
        ]),
    );
    assert_eq!(
        codes(&check("channel-mix", &flawed, "communication-plan")),
        vec!["channel-mix/too-few", "channel-mix/no-traditional"]
    );
}

// ─── objectives and KPIs ──────────────────────────────────────────────────

#[test]
fn smart_objectives() {
    let ok = fixture("plans/objectifs/Martin_Lea_plan_de_communication_objectifs.md");
    let out = check("objectives", &ok, "communication-plan");
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(evidence(&out, "objectives/smart"), "count"), "4");

    let vague = fixture("plans/objectifs/Martin_Lea_plan_de_communication_objectifs_flous.md");
    let out = check("objectives", &vague, "communication-plan");
    assert_eq!(codes(&out), vec!["objectives/not-smart"; 3]);
    let missing: Vec<(&str, usize)> = out
        .findings
        .iter()
        .map(|o| (arg(o, "missing"), line(&vague, o)))
        .collect();
    assert_eq!(missing, vec![("M, T", 11), ("T", 12), ("M", 13)]);
}

#[test]
fn kpi_dashboards_in_csv() {
    let ok = fixture("plans/kpi/Martin_Lea_tableau_de_bord.csv");
    let out = check("kpi-dashboard", &ok, "dashboard");
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(evidence(&out, "kpi/indicators"), "count"), "4");

    let flawed = fixture("plans/kpi/Martin_Lea_tableau_de_bord_incomplet.csv");
    let out = check("kpi-dashboard", &flawed, "dashboard");
    assert_eq!(
        codes(&out),
        vec!["kpi/no-target", "kpi/no-frequency", "kpi/no-source"]
    );
    let cells: Vec<Option<String>> = out.findings.iter().map(|o| o.location.cell_ref()).collect();
    assert_eq!(
        cells,
        vec![Some("C4".into()), Some("D5".into()), Some("E6".into())]
    );
    assert_eq!(arg(&out.findings[0], "value"), "en hausse");
}

// ─── RACI ────────────────────────────────────────────────────────────────

#[test]
fn raci_in_a_windows_1252_csv() {
    let ok = fixture("plans/raci/Martin_Lea_raci.csv");
    let out = check("raci", &ok, "raci");
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let ev = evidence(&out, "raci/matrix");
    assert_eq!((arg(ev, "tasks"), arg(ev, "roles")), ("5", "4"));

    let flawed = fixture("plans/raci/Martin_Lea_raci_fautes.csv");
    let out = check("raci", &flawed, "raci");
    assert_eq!(
        codes(&out),
        vec![
            "raci/no-accountable",
            "raci/several-accountable",
            "raci/no-responsible",
            "raci/bad-letter",
            "raci/unused-role"
        ]
    );
    let cells: Vec<String> = out
        .findings
        .iter()
        .map(|o| o.location.cell_ref().unwrap_or_default())
        .collect();
    assert_eq!(cells, vec!["A5", "A6", "A7", "E9", "F3"]);
    assert_eq!(
        arg(&out.findings[1], "roles"),
        "Chargée de communication, Directeur"
    );
    assert_eq!(arg(&out.findings[4], "role"), "Prestataire vidéo");
}

/// A RACI matrix under a merged title, its header filled.
fn raci_xlsx(rows: &[[&str; 4]]) -> Vec<u8> {
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2));
    let headers = ["Étape", "Cheffe de projet", "Développeur", "Client"];
    titled_table_xlsx("RACI", "Projet : refonte du site", &head, headers, rows)
}

#[test]
fn raci_in_xlsx_under_a_merged_title() {
    let ok = doc(
        "raci.xlsx",
        raci_xlsx(&[
            ["Cahier des charges", "A/R", "C", "I"],
            ["Maquettes", "A", "R", "C"],
            ["Recette", "R", "C", "A"],
        ]),
    );
    assert!(check("raci", &ok, "raci").findings.is_empty());
    let flawed = doc(
        "raci.xlsx",
        raci_xlsx(&[
            ["Cahier des charges", "A/R", "C", "I"],
            ["Maquettes", "x", "R", "C"],
            ["Recette", "R", "C", "A"],
        ]),
    );
    let out = check("raci", &flawed, "raci");
    assert_eq!(codes(&out), vec!["raci/bad-letter", "raci/no-accountable"]);
    assert_eq!(out.findings[0].location.cell_ref().as_deref(), Some("B5"));
    // A workbook without a matrix: reported on a RACI file only.
    let none = doc("raci.xlsx", gantt_grid_xlsx(&["Maquettes"]));
    assert_eq!(codes(&check("raci", &none, "raci")), vec!["raci/no-matrix"]);
    assert!(check("raci-in-project", &none, "gantt").findings.is_empty());
}

// ─── risk register ───────────────────────────────────────────────────────

#[test]
fn a_sound_crisis_plan() {
    let d = fixture("plans/risques/Martin_Lea_plan_de_crise.md");
    let out = check("risk-matrix", &d, "crisis-plan");
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let ev = evidence(&out, "risk-matrix/register");
    assert_eq!(
        (arg(ev, "count"), arg(ev, "high"), arg(ev, "scale")),
        ("4", "1", "1–4")
    );
}

#[test]
fn a_crisis_plan_with_every_rating_fault() {
    let d = fixture("plans/risques/Martin_Lea_plan_de_crise_fautes.md");
    let out = check("risk-matrix", &d, "crisis-plan");
    let mut got = codes(&out);
    got.sort_unstable();
    assert_eq!(
        got,
        vec![
            "risk-matrix/high-risk-without-action",
            "risk-matrix/high-risk-without-actor",
            "risk-matrix/high-risk-without-tool",
            "risk-matrix/missing-rating",
            "risk-matrix/out-of-scale",
            "risk-matrix/scales-differ",
            "risk-matrix/wrong-criticity",
        ]
    );
    let wrong = out
        .findings
        .iter()
        .find(|o| o.code == "risk-matrix/wrong-criticity")
        .unwrap();
    assert_eq!((arg(wrong, "stated"), arg(wrong, "expected")), ("7", "6"));
    assert_eq!(line(&d, wrong), 13);
}

#[test]
fn an_unranked_register_without_a_scale() {
    let d = fixture("plans/risques/Martin_Lea_plan_de_crise_non_classe.md");
    let out = check("risk-matrix", &d, "crisis-plan");
    assert_eq!(
        codes(&out),
        vec!["risk-matrix/no-scale", "risk-matrix/unordered"]
    );
}

/// A register in a workbook: the scale in the title block, criticity as formulas with
/// their cached values, zones as cell colours.
fn register_xlsx(rows: &[(&str, u32, u32, u32)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Risques").unwrap();
    ws.write(
        0,
        0,
        "Cartographie des risques — échelle de notation : 1 à 4",
    )
    .unwrap();
    for (c, h) in [
        "Risque",
        "F",
        "G",
        "C = F x G",
        "Actions",
        "Acteurs",
        "Outils",
    ]
    .iter()
    .enumerate()
    {
        ws.write(2, c as u16, *h).unwrap();
    }
    let red = Format::new().set_background_color(Color::RGB(0xFF0000));
    let green = Format::new().set_background_color(Color::RGB(0x00B050));
    for (i, (risk, f, g, c)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write(r, 0, *risk).unwrap();
        ws.write(r, 1, *f).unwrap();
        ws.write(r, 2, *g).unwrap();
        let colour = if *c >= 9 { &red } else { &green };
        ws.write_formula_with_format(
            r,
            3,
            Formula::new(format!("=B{}*C{}", r + 1, r + 1)).set_result(c.to_string()),
            colour,
        )
        .unwrap();
        ws.write(r, 4, "Réagir selon la fiche réflexe").unwrap();
        ws.write(r, 5, "Cellule de crise").unwrap();
        ws.write(r, 6, "Holding statement").unwrap();
    }
    wb.save_to_buffer().expect("xlsx")
}

#[test]
fn a_register_in_xlsx_classified_by_colour() {
    let ok = doc(
        "crise.xlsx",
        register_xlsx(&[
            ("Grève des transports", 2, 2, 4),
            ("Bad buzz", 3, 4, 12),
            ("Panne du site", 1, 3, 3),
        ]),
    );
    let out = check("risk-matrix", &ok, "crisis-plan");
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let flawed = doc(
        "crise.xlsx",
        register_xlsx(&[("Grève des transports", 2, 2, 4), ("Bad buzz", 3, 4, 16)]),
    );
    let out = check("risk-matrix", &flawed, "crisis-plan");
    assert_eq!(codes(&out), vec!["risk-matrix/wrong-criticity"]);
    assert_eq!(out.findings[0].location.cell_ref().as_deref(), Some("D5"));
}

// ─── robustness ──────────────────────────────────────────────────────────

/// Odd documents: empty, ragged tables, hostile merges, headers with nothing under them,
/// wide dashes and lone numbers where words are expected. No check may panic, and every
/// check must still return.
#[test]
fn no_plan_check_panics_on_odd_input() {
    use livrable_model::{Block, BlockKind, Cell, CellValue, Format as DocFormat, Location, Table};
    let cell = |t: &str| Cell {
        text: t.into(),
        value: if t.is_empty() {
            CellValue::Empty
        } else {
            CellValue::Text(t.into())
        },
        location: Location::span(0, t.len()),
        ..Cell::default()
    };
    let mut odd = Document::new("odd.md", DocFormat::Markdown);
    odd.text = "– — 1er 2027 € ".repeat(3);
    for (i, t) in [
        "Objectif 1 –",
        "Objectifs :",
        "– 30/02/2027 1er",
        "Budget total : 1 2 3 €",
        "Persona",
        "Canaux",
        "9999999999999999999999 € HT",
    ]
    .iter()
    .enumerate()
    {
        odd.blocks.push(Block {
            kind: if i % 2 == 0 {
                BlockKind::Heading { level: 2 }
            } else {
                BlockKind::ListItem
            },
            text: t.to_string(),
            location: Location::span(i * 3, i * 3 + 2),
        });
    }
    odd.tables.push(Table {
        name: None,
        rows: vec![
            [
                "Risque",
                "Fréquence",
                "Gravité",
                "Criticité",
                "Tâche",
                "Indicateur",
                "Action",
            ]
            .iter()
            .map(|t| cell(t))
            .collect(),
            vec![cell("x"), cell("1e308"), cell("1e308"), cell("NaN")],
            vec![],
            vec![
                cell(""),
                cell("–"),
                cell("A/R/Z"),
                cell(""),
                cell(""),
                cell(""),
                cell(""),
            ],
        ],
        merged: vec![(0, 0, u32::MAX, u32::MAX), (3, 3, 0, 0)],
        location: Location::span(0, 1),
    });
    odd.tables.push(Table::default());
    let empty = Document::new("", DocFormat::Text);
    let others = [(&odd, "budget"), (&odd, "gantt"), (&empty, "budget")];
    for id in [
        "raci",
        "raci-in-project",
        "risk-matrix",
        "channel-mix",
        "objectives",
        "kpi",
        "kpi-dashboard",
        "plan-coherence",
    ] {
        for d in [&odd, &empty] {
            let _ = check_with(id, d, "communication-plan", &others);
        }
    }
}
