use super::dates::parse_period;
use super::timeline::{parse_label, Label};
use super::*;
use crate::tables::testing::{self, arg, codes as codes_of, doc_with, sheet_of, shipped_params};
use chrono::NaiveDate;
use livrable_model::{Cell, CellValue, Document};
use livrable_model::{Format, Table};

fn params() -> Params {
    crate::parse(&shipped_params("plans", "gantt")).expect("shipped params parse")
}

fn run_doc(d: &Document, p: &Params) -> Output {
    testing::run(check, d, "gantt", p)
}

fn run_with(tables: Vec<Table>, p: &Params) -> Output {
    run_doc(&doc_with(Format::Xlsx, tables), p)
}

fn run(rows: &[&[&str]]) -> Output {
    run_with(vec![sheet_of("Gantt", rows)], &params())
}

/// Fills cells (row, col) with a colour and no text.
fn paint(mut t: Table, cells: &[(usize, usize)], fill: &str) -> Table {
    for &(r, c) in cells {
        t.rows[r][c].fill = Some(fill.to_string());
    }
    t
}

const TASKS: &[&[&str]] = &[
    &["Rétroplanning — campagne Salon 2027", "", "", ""],
    &["Période : mars–juin 2027", "", "", ""],
    &["Tâche", "Début", "Fin", "Responsable"],
    &["Brief agence", "01/03/2027", "05/03/2027", "Marie"],
    &["Création des visuels", "08/03/2027", "02/04/2027", "Agence"],
    &["Campagne Facebook", "05/04/2027", "30/06/2027", "Lucas"],
];

#[test]
fn clean_task_table_gives_evidence() {
    let out = run(TASKS);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(out.evidence.len(), 2);
    let e = &out.evidence[0];
    assert_eq!(e.code, codes::SCHEDULE);
    assert_eq!(arg(e, "count"), "3");
    assert_eq!(arg(e, "start"), "01/03/2027");
    assert_eq!(arg(e, "end"), "30/06/2027");
    assert_eq!(out.evidence[1].code, codes::OWNERS);
}

#[test]
fn end_before_start_fires_at_the_end_cell() {
    let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
    rows[4][2] = "02/03/2027";
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let out = run(&rows);
    assert_eq!(codes_of(&out), vec![codes::END_BEFORE_START]);
    let f = &out.findings[0];
    assert_eq!(f.location, Location::cell("Gantt", 4, 2));
    assert_eq!(arg(f, "task"), "Création des visuels");
    assert_eq!(arg(f, "start"), "08/03/2027");
    assert_eq!(arg(f, "end"), "02/03/2027");
}

#[test]
fn negative_duration_is_end_before_start() {
    let rows: &[&[&str]] = &[
        &["Action", "Début", "Durée (jours)", "Pilote"],
        &["Brief", "01/03/2027", "5", "Marie"],
        &["Visuels", "08/03/2027", "-3", "Agence"],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::END_BEFORE_START]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 2, 2));
    // A duration gives the end for the evidence.
    let rows: &[&[&str]] = &[
        &["Action", "Début", "Durée", "Pilote"],
        &["Brief", "01/03/2027", "5 j", "Marie"],
        &["Visuels", "08/03/2027", "2 semaines", "Agence"],
    ];
    let out = run(rows);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "end"), "21/03/2027");
}

#[test]
fn task_without_owner_fires_and_merged_owner_does_not() {
    let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
    rows[5][3] = "";
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let out = run(&rows);
    assert_eq!(codes_of(&out), vec![codes::TASK_WITHOUT_OWNER]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 5, 3));
    assert_eq!(arg(&out.findings[0], "task"), "Campagne Facebook");

    // The owner merged down over two tasks owns both.
    let mut t = sheet_of("Gantt", &rows);
    t.merged.push((4, 3, 5, 3));
    assert!(run_with(vec![t], &params()).findings.is_empty());
}

#[test]
fn owner_column_required_by_parameter() {
    let rows: &[&[&str]] = &[
        &["Tâche", "Début", "Fin"],
        &["Brief", "01/03/2027", "05/03/2027"],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::NO_OWNER_COLUMN]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 0, 0));
    let p: Params = crate::parse(&shipped_params("plans", "gantt-in-plan")).unwrap();
    let out = run_with(vec![sheet_of("Plan", rows)], &p);
    assert!(out.findings.is_empty());
    assert_eq!(out.evidence.len(), 1, "no owners evidence without owners");
}

#[test]
fn an_action_table_without_dates_in_a_plan_is_no_schedule() {
    let rows: &[&[&str]] = &[
        &["Action", "Canal", "Responsable"],
        &["Stand au salon", "Salon", "Léa"],
        &["Publications", "LinkedIn", "Paul"],
    ];
    let p: Params = crate::parse(&shipped_params("plans", "gantt-in-plan")).unwrap();
    let out = run_with(vec![sheet_of("Plan", rows)], &p);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}

#[test]
fn no_dates_fires_once_at_the_header() {
    let rows: &[&[&str]] = &[
        &["Tâche", "Responsable", "Statut"],
        &["Brief", "Marie", "fait"],
        &["Visuels", "Agence", "en cours"],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::NO_DATES]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 0, 0));

    // Date columns all empty: once, at the start header.
    let rows: &[&[&str]] = &[
        &["Tâche", "Début", "Fin", "Responsable"],
        &["Brief", "", "", "Marie"],
        &["Visuels", "", "", "Agence"],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::NO_DATES]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 0, 1));
}

#[test]
fn empty_task_in_a_dated_table() {
    let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
    rows[4][1] = "";
    rows[4][2] = "";
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let out = run(&rows);
    assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 4, 0));
}

#[test]
fn outside_the_stated_period() {
    let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
    rows[5][2] = "15/07/2027";
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let out = run(&rows);
    assert_eq!(codes_of(&out), vec![codes::OUTSIDE_PERIOD]);
    let f = &out.findings[0];
    assert_eq!(f.location, Location::cell("Gantt", 5, 2));
    assert_eq!(arg(f, "date"), "15/07/2027");
    assert_eq!(arg(f, "start"), "01/03/2027");
    assert_eq!(arg(f, "end"), "30/06/2027");

    // Without a stated period, dates are not bounded.
    let mut rows: Vec<Vec<&str>> = TASKS.iter().map(|r| r.to_vec()).collect();
    rows[1][0] = "";
    rows[5][2] = "15/07/2027";
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    assert!(run(&rows).findings.is_empty());
}

#[test]
fn periods_as_candidates_write_them() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let p = |s: &str| parse_period(s).map(|p| (p.start, p.end));
    assert_eq!(
        p(" : mars–juin 2027"),
        Some((d(2027, 3, 1), d(2027, 6, 30)))
    );
    assert_eq!(p(": mars-juin 2027"), Some((d(2027, 3, 1), d(2027, 6, 30))));
    assert_eq!(
        p(" du 1er mars au 30 juin 2027"),
        Some((d(2027, 3, 1), d(2027, 6, 30)))
    );
    assert_eq!(
        p(" : 01/03/2027 - 30/06/2027"),
        Some((d(2027, 3, 1), d(2027, 6, 30)))
    );
    assert_eq!(
        p(" : novembre 2026 à février 2027"),
        Some((d(2026, 11, 1), d(2027, 2, 28)))
    );
    assert_eq!(p(" : mars 2027"), Some((d(2027, 3, 1), d(2027, 3, 31))));
    assert_eq!(
        p(" : juin 2027 (16 semaines)"),
        Some((d(2027, 6, 1), d(2027, 6, 30)))
    );
    assert_eq!(p("12–14 mars 2027"), Some((d(2027, 3, 12), d(2027, 3, 14))));
    assert_eq!(
        p("1er au 15 avril 2027"),
        Some((d(2027, 4, 1), d(2027, 4, 15)))
    );
    assert_eq!(p(" : juin–mars 2027"), None, "reversed");
    assert_eq!(p(" : à définir"), None);
    assert_eq!(p(""), None);
}

#[test]
fn timeline_headers_as_candidates_write_them() {
    let cfg = Config::new(&params()).unwrap();
    let cell = |t: &str| Cell {
        text: t.into(),
        value: CellValue::Text(t.into()),
        ..Cell::default()
    };
    let l = |t: &str| parse_label(&cell(t), &cfg);
    assert_eq!(l("S1"), Some(Label::Week(1)));
    assert_eq!(l("S 12"), Some(Label::Week(12)));
    assert_eq!(l("Sem. 3"), Some(Label::Week(3)));
    assert_eq!(l("Semaine 12"), Some(Label::Week(12)));
    assert_eq!(l("W12"), Some(Label::Week(12)));
    assert_eq!(l("janv."), Some(Label::Month(1, None)));
    assert_eq!(l("Mars 2027"), Some(Label::Month(3, Some(2027))));
    assert_eq!(l("mars-27"), Some(Label::Month(3, Some(2027))));
    assert_eq!(l("03/2027"), Some(Label::Month(3, Some(2027))));
    assert_eq!(l("03/03"), Some(Label::DayMonth(3, 3)));
    assert_eq!(
        l("15/03/2027"),
        Some(Label::Day(NaiveDate::from_ymd_opt(2027, 3, 15).unwrap()))
    );
    assert_eq!(
        l("Semaine du 15/03/2027"),
        Some(Label::Day(NaiveDate::from_ymd_opt(2027, 3, 15).unwrap()))
    );
    for not in [
        "Tâche",
        "Responsable",
        "S",
        "S99",
        "Salon",
        "Semaine",
        "x",
        "Statut",
        "Site web",
    ] {
        assert_eq!(l(not), None, "{not}");
    }
}

/// A coloured grid: tasks in column A (no header word), months B–E over weeks.
fn coloured_grid() -> Table {
    let t = sheet_of(
        "Gantt",
        &[
            &["Planning de la campagne 2027", "", "", "", ""],
            &["", "Mars", "Avril", "Mai", "Juin"],
            &["Phase 1 : préparation", "", "", "", ""],
            &["Brief agence", "", "", "", ""],
            &["Création des visuels", "", "", "", ""],
            &["Phase 2 : diffusion", "", "", "", ""],
            &["Campagne Facebook", "", "", "", ""],
            &["Salon", "", "", "", ""],
        ],
    );
    let blue = "4472C4";
    paint(
        t,
        &[
            (3, 1),
            (4, 1),
            (4, 2),
            (6, 3),
            (6, 4),
            (7, 4),
            (2, 1),
            (2, 2),
            (5, 3),
            (5, 4),
        ],
        blue,
    )
}

#[test]
fn coloured_grid_without_task_header_is_read() {
    let out = run_with(vec![coloured_grid()], &params());
    // No owner column in a grid made only of colours.
    assert_eq!(codes_of(&out), vec![codes::NO_OWNER_COLUMN]);
    let mut p = params();
    p.require_owner = false;
    let out = run_with(vec![coloured_grid()], &p);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let e = &out.evidence[0];
    assert_eq!(arg(e, "count"), "4", "phase rows are not tasks");
    assert_eq!(arg(e, "start"), "01/03/2027");
    assert_eq!(arg(e, "end"), "30/06/2027");
}

#[test]
fn empty_task_in_a_coloured_grid() {
    let mut p = params();
    p.require_owner = false;
    let mut t = coloured_grid();
    t.rows[4][1].fill = None;
    t.rows[4][2].fill = Some("FFFFFF".into());
    let out = run_with(vec![t], &p);
    assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 4, 0));
    assert_eq!(arg(&out.findings[0], "task"), "Création des visuels");
}

#[test]
fn bars_outside_the_stated_period() {
    let mut p = params();
    p.require_owner = false;
    let mut t = coloured_grid();
    t.rows[0][0].text = "Planning — période : mars–mai 2027".into();
    t.rows[0][0].value = CellValue::Text(t.rows[0][0].text.clone());
    let out = run_with(vec![t], &p);
    assert_eq!(
        codes_of(&out),
        vec![codes::OUTSIDE_PERIOD, codes::OUTSIDE_PERIOD]
    );
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 6, 4));
    assert_eq!(arg(&out.findings[0], "date"), "01/06/2027");
    assert_eq!(out.findings[1].location, Location::cell("Gantt", 7, 4));
}

#[test]
fn week_grid_with_marks_and_owner() {
    let rows: &[&[&str]] = &[
        &["Tâches", "Qui", "S1", "S2", "S3", "S4"],
        &["Brief", "Marie", "x", "", "", ""],
        &["Visuels", "Agence", "", "x", "x", ""],
        &["Diffusion", "Lucas", "", "", "■", "■"],
    ];
    let out = run(rows);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "start"), "S1");
    assert_eq!(arg(&out.evidence[0], "end"), "S4");

    let rows: &[&[&str]] = &[
        &["Tâches", "Qui", "S1", "S2", "S3", "S4"],
        &["Brief", "Marie", "x", "", "", ""],
        &["Visuels", "Agence", "", "", "", ""],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 2, 0));
}

#[test]
fn task_dates_outside_the_grid_span() {
    let rows: &[&[&str]] = &[
        &[
            "Tâche",
            "Début",
            "Fin",
            "Responsable",
            "mars 2027",
            "avr. 2027",
            "mai 2027",
        ],
        &["Brief", "01/03/2027", "05/03/2027", "Marie", "x", "", ""],
        &["Salon", "01/05/2027", "15/06/2027", "Lucas", "", "", "x"],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::OUTSIDE_PERIOD]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 2, 2));
    assert_eq!(arg(&out.findings[0], "end"), "31/05/2027");
}

#[test]
fn hybrid_without_any_bar_relies_on_dates() {
    // Bars drawn by conditional formatting are not seen: dated tasks are not empty.
    let rows: &[&[&str]] = &[
        &[
            "Tâche",
            "Début",
            "Fin",
            "Responsable",
            "mars 2027",
            "avr. 2027",
            "mai 2027",
        ],
        &["Brief", "01/03/2027", "05/03/2027", "Marie", "", "", ""],
        &["Salon", "01/05/2027", "15/05/2027", "Lucas", "", "", ""],
    ];
    assert!(run(rows).findings.is_empty());
}

#[test]
fn row_banding_is_not_a_bar() {
    let rows: &[&[&str]] = &[
        &["Tâches", "Qui", "S1", "S2", "S3"],
        &["Brief", "Marie", "x", "", ""],
        &["Visuels", "Agence", "", "", ""],
    ];
    let t = paint(
        sheet_of("Gantt", rows),
        &[(2, 0), (2, 1), (2, 2), (2, 3), (2, 4)],
        "F2F2F2",
    );
    let out = run_with(vec![t], &params());
    assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
}

#[test]
fn a_plan_actions_table_with_periods_is_a_schedule() {
    let rows: &[&[&str]] = &[
        &["Action", "Canal", "Type", "Période", "Responsable"],
        &[
            "Stand au salon",
            "Salon",
            "Traditionnel",
            "12–14 mars 2027",
            "Léa",
        ],
        &["Communiqué", "Presse", "Traditionnel", "mars 2027", "Léa"],
        &["LinkedIn", "LinkedIn", "Digital", "mars–juin 2027", "Paul"],
    ];
    let p: Params = crate::parse(&shipped_params("plans", "gantt-in-plan")).unwrap();
    let out = run_with(vec![sheet_of("Plan", rows)], &p);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "start"), "01/03/2027");
    assert_eq!(arg(&out.evidence[0], "end"), "30/06/2027");

    let mut bad: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    bad[2][3] = "à définir";
    let bad: Vec<&[&str]> = bad.iter().map(|r| r.as_slice()).collect();
    let out = run_with(vec![sheet_of("Plan", &bad)], &p);
    assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
    assert_eq!(out.findings[0].location, Location::cell("Plan", 2, 0));
}

#[test]
fn no_table_is_information() {
    let rows: &[&[&str]] = &[&["Poste", "Montant"], &["Site", "2 000"]];
    assert_eq!(codes_of(&run(rows)), vec![codes::NO_TABLE]);
    let p: Params = crate::parse(&shipped_params("plans", "gantt-in-plan")).unwrap();
    assert!(run_with(vec![sheet_of("S", rows)], &p).findings.is_empty());
}

#[test]
fn period_stated_in_the_plan_text() {
    let mut d = doc_with(Format::Markdown, vec![sheet_of("Tableau 1", &TASKS[2..])]);
    d.blocks.push(livrable_model::Block {
        kind: livrable_model::BlockKind::Paragraph,
        text: "Calendrier : du 1er mars au 31 mai 2027.".into(),
        location: Location::span(0, 40),
    });
    let out = run_doc(&d, &params());
    assert_eq!(codes_of(&out), vec![codes::OUTSIDE_PERIOD]);
    assert_eq!(out.findings[0].location, Location::cell("Tableau 1", 3, 2));
}

#[test]
fn params_are_validated() {
    assert!(crate::validate(KIND, &shipped_params("plans", "gantt")).is_ok());
    assert!(crate::validate(KIND, &shipped_params("plans", "gantt-in-plan")).is_ok());
    let mut typo = shipped_params("plans", "gantt");
    typo.insert("require_owners".into(), toml::Value::Boolean(true));
    assert!(crate::validate(KIND, &typo).is_err());
}

#[test]
fn hostile_cells_do_not_panic() {
    let rows: &[&[&str]] = &[
        &["Tâche", "Début", "Fin", "Durée", "Responsable"],
        &["a", "31/12/9999", "01/01/0001", "99999999999999999999", "x"],
        &["b", "", "", "-1e308", ""],
        &["c", "", "", "NaN", ""],
    ];
    let _ = run(rows);
    let mut t = sheet_of("G", rows);
    t.rows[1][1].value = CellValue::Number(f64::MAX);
    t.rows[1][3].value = CellValue::Number(f64::INFINITY);
    let _ = run_with(vec![t], &params());
}

/// A dated grid of weeks under a row of months typed `mars 2027` (which Excel and Calc
/// save as the 1st of the month shown `mmmm yyyy`), tasks dated and drawn, then `extra`
/// rows under it.
fn week_grid(extra: &[&[&str]]) -> Table {
    let mut rows: Vec<Vec<&str>> = vec![
        vec!["Gantt — printemps 2027", "", "", "", "", "", "", "", ""],
        vec!["", "", "", "", "mars 2027", "", "", "", "avril 2027"],
        vec![
            "Tâche",
            "Responsable",
            "Début",
            "Fin",
            "01/03/2027",
            "08/03/2027",
            "15/03/2027",
            "22/03/2027",
            "29/03/2027",
        ],
        vec![
            "Visuels",
            "Camille",
            "01/03/2027",
            "12/03/2027",
            "",
            "",
            "",
            "",
            "",
        ],
        vec![
            "Flyers",
            "Hugo",
            "15/03/2027",
            "02/04/2027",
            "",
            "",
            "",
            "",
            "",
        ],
    ];
    rows.extend(extra.iter().map(|r| r.to_vec()));
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let mut t = sheet_of("Gantt", &rows);
    // Month and week headers are dates, as Excel saves them.
    for (c, d) in [(4, (2027, 3, 1)), (8, (2027, 4, 1))] {
        t.rows[1][c].value = CellValue::Date(NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap());
    }
    t.merged.push((1, 4, 1, 7));
    for c in 4..9 {
        let text = t.rows[2][c].text.clone();
        t.rows[2][c].value = CellValue::Date(livrable_model::french::parse_date(&text).unwrap().0);
    }
    for r in 3..5 {
        for c in [2, 3] {
            let text = t.rows[r][c].text.clone();
            t.rows[r][c].value =
                CellValue::Date(livrable_model::french::parse_date(&text).unwrap().0);
        }
    }
    paint(t, &[(3, 4), (3, 5), (4, 6), (4, 7), (4, 8)], "70AD47")
}

#[test]
fn months_typed_as_dates_head_weeks_that_keep_their_dates() {
    let out = run_with(vec![week_grid(&[])], &params());
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    // The last week runs to 04/04, not to the end of a month.
    assert_eq!(arg(&out.evidence[0], "end"), "04/04/2027");
    let mut t = week_grid(&[]);
    t.rows[4][3].text = "06/04/2027".into();
    t.rows[4][3].value = CellValue::Date(NaiveDate::from_ymd_opt(2027, 4, 6).unwrap());
    let out = run_with(vec![t], &params());
    assert_eq!(codes_of(&out), vec![codes::OUTSIDE_PERIOD]);
    assert_eq!(arg(&out.findings[0], "end"), "04/04/2027");
}

#[test]
fn a_colour_legend_under_the_grid_is_no_task() {
    // « Légende », then a swatch in the task column and its meaning beside it, right under
    // the tasks.
    let mut t = week_grid(&[
        &["Légende", "", "", "", "", "", "", "", ""],
        &["", "Action digitale", "", "", "", "", "", "", ""],
        &["", "Jalon", "", "", "", "", "", "", ""],
    ]);
    t = paint(t, &[(6, 0)], "70AD47");
    t = paint(t, &[(7, 0)], "FFC000");
    let out = run_with(vec![t], &params());
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "count"), "2");
    // No legend word: labels in the task column, each beside a swatch, no dates.
    let t = week_grid(&[
        &["Action digitale", "", "", "", "", "", "", "", ""],
        &["Action traditionnelle", "", "", "", "", "", "", "", ""],
    ]);
    let t = paint(t, &[(5, 1)], "70AD47");
    let t = paint(t, &[(6, 1)], "ED7D31");
    let out = run_with(vec![t], &params());
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    // The fault it resembles: a task with neither dates nor bar nor swatch.
    let out = run_with(
        vec![week_grid(&[&[
            "Bilan", "Camille", "", "", "", "", "", "", "",
        ]])],
        &params(),
    );
    assert_eq!(codes_of(&out), vec![codes::EMPTY_TASK]);
}

#[test]
fn a_task_dated_beyond_the_grid_has_its_bar_missing() {
    let t = week_grid(&[&[
        "Bilan",
        "Camille",
        "12/04/2027",
        "16/04/2027",
        "",
        "",
        "",
        "",
        "",
    ]]);
    let out = run_with(vec![t], &params());
    assert_eq!(codes_of(&out), vec![codes::MISSING_BAR]);
    let f = &out.findings[0];
    assert_eq!(f.location, Location::cell("Gantt", 5, 0));
    assert_eq!(arg(f, "start"), "12/04/2027");
    assert_eq!(arg(f, "end"), "16/04/2027");
    assert_eq!(arg(f, "grid_start"), "01/03/2027");
    assert_eq!(arg(f, "grid_end"), "04/04/2027");
}

#[test]
fn a_week_or_a_period_in_words_is_a_date() {
    let rows: &[&[&str]] = &[
        &["Action", "Période", "Responsable"],
        &["Flyers", "15–27 mars 2027", "Hugo"],
        &["Annonce presse", "semaine du 29 mars 2027", "Camille"],
        &["Bilan", "fin juin", "Camille"],
    ];
    let out = run(rows);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "end"), "04/04/2027");
    // A period left to decide is still no date.
    let rows: &[&[&str]] = &[
        &["Action", "Période", "Responsable"],
        &["Flyers", "15–27 mars 2027", "Hugo"],
        &["Bilan", "à définir", "Camille"],
    ];
    assert_eq!(codes_of(&run(rows)), vec![codes::EMPTY_TASK]);
}

#[test]
fn a_duration_shown_as_a_date_is_a_duration() {
    // `=C2-B2+1` formatted by Excel as a date: 12 days show as 12/01/1900.
    let rows: &[&[&str]] = &[
        &["Tâche", "Début", "Durée (jours)", "Responsable"],
        &["Visuels", "01/03/2027", "12/01/1900", "Camille"],
    ];
    let mut t = sheet_of("Gantt", rows);
    t.rows[1][2].value = CellValue::Date(NaiveDate::from_ymd_opt(1900, 1, 12).unwrap());
    let out = run_with(vec![t], &params());
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(arg(&out.evidence[0], "end"), "12/03/2027");
}

#[test]
fn dates_that_end_before_they_start_are_one_finding() {
    // The duration is computed from the dates (`=D3-C3+1`): its negative value is the same
    // mistake, and a reversed task has no bar to miss.
    let rows: &[&[&str]] = &[
        &[
            "Tâche",
            "Début",
            "Fin",
            "Durée (jours)",
            "Responsable",
            "S1",
            "S2",
            "S3",
        ],
        &[
            "Brief",
            "01/03/2027",
            "05/03/2027",
            "5",
            "Marie",
            "x",
            "",
            "",
        ],
        &[
            "Visuels",
            "08/03/2027",
            "02/02/2027",
            "-33",
            "Agence",
            "",
            "",
            "",
        ],
    ];
    let out = run(rows);
    assert_eq!(codes_of(&out), vec![codes::END_BEFORE_START]);
    assert_eq!(out.findings[0].location, Location::cell("Gantt", 2, 2));
}
