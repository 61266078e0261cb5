//! A class at a glance (`livrable cohort`): one row per candidate, one column per
//! criterion, as a spreadsheet file (`cohorte.csv`, [`cohort_csv`]), an Excel workbook
//! (`cohorte.xlsx`, [`cohort_xlsx`]) and a page (`index.html`, [`cohort_html`]) whose
//! cells lead to each candidate's grid.
//!
//! A row is small ([`CohortRow::of`] keeps the counts and statuses of a report, not the
//! report): the binary keeps the rows and drops each report once its grid is written, so
//! a class of a thousand costs a few hundred kilobytes here. Every word is the pack's
//! (`checklist.toml`: the statuses' short labels and the `[cohort]` words).

mod csv;
mod html;
mod xlsx;

use std::collections::BTreeMap;

use livrable_model::{ChecklistStatus, Report, StatusWords};

pub use self::csv::cohort_csv;
pub use self::html::cohort_html;
pub use self::xlsx::cohort_xlsx;

/// One candidate's line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CohortRow {
    /// The name shown (Moodle's suffix removed).
    pub candidate: String,
    /// The folder's or archive's name in the cohort folder.
    pub entry: String,
    /// The situations the candidate's deliverables answer (or the one asked for).
    pub situations: Vec<String>,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Each criterion of the candidate's grid with its status, in the grid's order.
    pub statuses: Vec<(String, ChecklistStatus)>,
    /// The candidate's grid and report page, relative to the cohort's `index.html`.
    pub grid: Option<String>,
    pub page: Option<String>,
    /// Why the candidate could not be checked (an unreadable archive); then the counts
    /// and statuses are empty.
    pub failure: Option<String>,
}

impl CohortRow {
    /// The row of a checked candidate.
    pub fn of(report: &Report, candidate: &str, entry: &str) -> Self {
        CohortRow {
            candidate: candidate.to_string(),
            entry: entry.to_string(),
            situations: report.situations.clone(),
            files: report.summary.files,
            errors: report.summary.errors,
            warnings: report.summary.warnings,
            statuses: report
                .checklist
                .iter()
                .map(|e| (e.criterion.clone(), e.status))
                .collect(),
            grid: None,
            page: None,
            failure: None,
        }
    }

    /// The row of a candidate that could not be checked, with the reason.
    pub fn failed(candidate: &str, entry: &str, reason: &str) -> Self {
        CohortRow {
            candidate: candidate.to_string(),
            entry: entry.to_string(),
            failure: Some(reason.to_string()),
            ..CohortRow::default()
        }
    }

    /// The status of `criterion`, when the candidate's grid has it.
    pub fn status(&self, criterion: &str) -> Option<ChecklistStatus> {
        self.statuses
            .iter()
            .find(|(id, _)| id == criterion)
            .map(|(_, s)| *s)
    }
}

/// A criterion's column: its id and its title (for the header's description).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionColumn {
    pub id: String,
    pub title: String,
}

/// What the three outputs show: the rows in order, the criteria's columns, the statuses'
/// words and the pack's `[cohort]` words in the report's language.
pub struct Cohort<'a> {
    pub rows: &'a [CohortRow],
    pub criteria: &'a [CriterionColumn],
    pub legend: &'a [StatusWords],
    /// The pack's `[cohort]` words, by key.
    pub words: &'a BTreeMap<String, String>,
    /// `fr` or `en`.
    pub lang: &'a str,
}

impl Cohort<'_> {
    /// A word of the pack; a missing key shows as itself.
    fn word<'k>(&'k self, key: &'k str) -> &'k str {
        self.words.get(key).map_or(key, String::as_str)
    }

    /// The status's short label (« atteint »), from the pack's legend.
    fn short(&self, status: ChecklistStatus) -> &str {
        self.legend
            .iter()
            .find(|s| s.status == status)
            .map_or(status.as_str(), |s| s.short.as_str())
    }

    /// The status's short label after its symbol, for cells that may be printed in black
    /// and white or read by someone who does not see colours: « ✔ atteint ».
    fn marked(&self, status: ChecklistStatus) -> String {
        format!(
            "{} {}",
            crate::checklist::status_symbol(status),
            self.short(status)
        )
    }

    /// The header's fixed columns, then one per criterion.
    fn header(&self) -> Vec<String> {
        let mut out: Vec<String> = FIXED.iter().map(|key| self.word(key).to_string()).collect();
        out.extend(self.criteria.iter().map(|c| c.id.clone()));
        out.push(self.word("cohort.column.problem").to_string());
        out
    }

    /// The fixed cells of a row, in [`FIXED`]'s order.
    fn fixed_cells(row: &CohortRow) -> [Cell; 6] {
        let counted = row.failure.is_none();
        let count = |n: usize| {
            if counted {
                Cell::Number(n as f64)
            } else {
                Cell::Text(String::new())
            }
        };
        [
            Cell::Text(row.candidate.clone()),
            Cell::Text(row.entry.clone()),
            Cell::Text(row.situations.join(", ")),
            count(row.files),
            count(row.errors),
            count(row.warnings),
        ]
    }
}

/// The keys of the fixed columns, in order; the last column (`cohort.column.problem`)
/// comes after the criteria.
const FIXED: [&str; 6] = [
    "cohort.column.candidate",
    "cohort.column.entry",
    "cohort.column.situations",
    "cohort.column.files",
    "cohort.column.errors",
    "cohort.column.warnings",
];

/// A fixed cell's value: a spreadsheet keeps numbers as numbers, to sort and sum.
enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format!("{n}"),
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Three rows (a met candidate, a not-met one, a failure) and their words.
    pub fn sample() -> (Vec<CohortRow>, Vec<CriterionColumn>, Vec<StatusWords>) {
        let words = |status, short: &str| StatusWords {
            status,
            label: short.to_string(),
            short: short.to_string(),
            definition: format!("{short}."),
        };
        let legend = vec![
            words(ChecklistStatus::Met, "atteint"),
            words(ChecklistStatus::Partial, "à compléter"),
            words(ChecklistStatus::NotMet, "non atteint"),
            words(ChecklistStatus::Manual, "à évaluer"),
        ];
        let criteria = vec![
            CriterionColumn {
                id: "C1.6/CE1".into(),
                title: "Les cibles sont définies".into(),
            },
            CriterionColumn {
                id: "C1.6/CE2".into(),
                title: "Le plan est chiffré".into(),
            },
        ];
        let rows = vec![
            CohortRow {
                candidate: "Camille Laurent".into(),
                entry: "Camille Laurent_12_assignsubmission_file_".into(),
                situations: vec!["C1.6".into()],
                files: 3,
                errors: 0,
                warnings: 1,
                statuses: vec![
                    ("C1.6/CE1".into(), ChecklistStatus::Met),
                    ("C1.6/CE2".into(), ChecklistStatus::Partial),
                ],
                grid: Some("grilles/001-camille-laurent.html".into()),
                page: Some("rapports/001-camille-laurent.html".into()),
                failure: None,
            },
            CohortRow {
                candidate: "Zoé \"<b>\" Martin; fils".into(),
                entry: "zoe.zip".into(),
                situations: vec!["C1.6".into()],
                files: 2,
                errors: 2,
                warnings: 0,
                statuses: vec![
                    ("C1.6/CE1".into(), ChecklistStatus::NotMet),
                    ("C1.6/CE2".into(), ChecklistStatus::Manual),
                ],
                grid: Some("grilles/002-zoe-martin.html".into()),
                page: Some("rapports/002-zoe-martin.html".into()),
                failure: None,
            },
            CohortRow::failed("Adam", "adam.zip", "archive illisible"),
        ];
        (rows, criteria, legend)
    }

    pub fn words() -> BTreeMap<String, String> {
        [
            ("cohort.column.candidate", "Candidat"),
            ("cohort.column.entry", "Dossier ou archive"),
            ("cohort.column.situations", "Situations"),
            ("cohort.column.files", "Fichiers"),
            ("cohort.column.errors", "Erreurs"),
            ("cohort.column.warnings", "Avertissements"),
            ("cohort.column.problem", "Non vérifié"),
            ("cohort.column.links", "Grille et rapport"),
            ("cohort.title", "Cohorte"),
            ("cohort.intro", "Un candidat par ligne."),
            ("cohort.sort", "Trier"),
            ("cohort.grid", "grille"),
            ("cohort.report", "rapport"),
            ("cohort.legend", "Légende"),
            ("cohort.absent", "critère absent de sa grille"),
            ("cohort.sheet", "Cohorte"),
            ("cohort.count", "{n} candidat(s)"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }
}
