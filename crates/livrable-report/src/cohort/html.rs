//! `index.html`: the class as one page — a table of candidates × criteria whose cells
//! lead to the criterion in that candidate's grid, the candidate's report page beside it.
//! Every column sorts (a button in its header, `aria-sort` saying the order); without
//! JavaScript the table stays in name order and every link works. Self-contained: inline
//! style and script, nothing from outside, so the folder can be copied or zipped whole.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use livrable_model::ChecklistStatus;

use super::{Cell, Cohort, CohortRow};
use crate::checklist::anchor;

const STYLE: &str = include_str!("cohorte.css");
const SCRIPT: &str = include_str!("cohorte.js");

/// The rank a status sorts by: what needs attention first.
fn rank(status: ChecklistStatus) -> u8 {
    match status {
        ChecklistStatus::NotMet => 0,
        ChecklistStatus::Partial => 1,
        ChecklistStatus::Manual => 2,
        ChecklistStatus::Met => 3,
    }
}

/// The class's page.
pub fn cohort_html(cohort: &Cohort<'_>) -> String {
    let lang = if cohort.lang.starts_with("en") {
        "en"
    } else {
        "fr"
    };
    let title = cohort.word("cohort.title");
    let count = cohort
        .word("cohort.count")
        .replace("{n}", &cohort.rows.len().to_string());
    let header = cohort.header();
    let page = html! {
        (DOCTYPE)
        html lang=(lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    h1 { (title) }
                    p { (cohort.word("cohort.intro")) " " (count) }
                    h2 { (cohort.word("cohort.legend")) }
                    dl.legend {
                        @for s in cohort.legend {
                            dt class=(s.status.as_str()) {
                                (crate::checklist::status_symbol(s.status)) " " (s.short)
                            }
                            dd { (s.definition) }
                        }
                    }
                    div.scroll tabindex="0" role="region" aria-labelledby="caption" {
                        table #cohorte data-sort-label=(cohort.word("cohort.sort")) {
                            caption #caption { (title) " — " (count) }
                            thead {
                                tr {
                                    @for (i, name) in header.iter().enumerate() {
                                        @let criterion = i.checked_sub(6).and_then(|k| cohort.criteria.get(k));
                                        th scope="col" aria-sort=[(i == 0).then_some("ascending")] {
                                            @match criterion {
                                                Some(c) => abbr title=(c.title) { (name) },
                                                None => (name),
                                            }
                                        }
                                    }
                                    th scope="col" { (cohort.word("cohort.column.links")) }
                                }
                            }
                            tbody {
                                @for row in cohort.rows { (row_markup(cohort, row)) }
                            }
                        }
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    page.into_string()
}

fn row_markup(cohort: &Cohort<'_>, row: &CohortRow) -> Markup {
    let fixed = Cohort::fixed_cells(row);
    html! {
        tr class=[row.failure.as_ref().map(|_| "failed")] {
            th scope="row" data-sort=(row.candidate.to_lowercase()) {
                @match &row.grid {
                    Some(grid) => a href=(grid) { (row.candidate) },
                    None => (row.candidate),
                }
            }
            @for cell in &fixed[1..] {
                @match cell {
                    Cell::Number(n) => td.num data-sort=(n) { (n) },
                    Cell::Text(t) => td data-sort=(t.to_lowercase()) { (t) },
                }
            }
            @for criterion in cohort.criteria {
                @match row.status(&criterion.id) {
                    Some(status) => td class=(status.as_str()) data-sort=(rank(status)) {
                        @match &row.grid {
                            Some(grid) => a href={ (grid) "#" (anchor(&criterion.id)) } {
                                (cohort.marked(status))
                            },
                            None => (cohort.marked(status)),
                        }
                    },
                    None => td data-sort="9" {
                        span.vh { (cohort.word("cohort.absent")) }
                        span aria-hidden="true" { "—" }
                    },
                }
            }
            td data-sort=(row.failure.as_deref().unwrap_or("")) { (row.failure.as_deref().unwrap_or("")) }
            td {
                @if let Some(grid) = &row.grid {
                    a href=(grid) { (cohort.word("cohort.grid")) }
                }
                @if let Some(page) = &row.page {
                    " · " a href=(page) { (cohort.word("cohort.report")) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{sample, words};
    use super::*;

    #[test]
    fn cells_lead_to_the_criterion_in_the_candidate_s_grid() {
        let (rows, criteria, legend) = sample();
        let words = words();
        let page = cohort_html(&Cohort {
            rows: &rows,
            criteria: &criteria,
            legend: &legend,
            words: &words,
            lang: "fr",
        });
        assert!(
            page.contains(r##"<a href="grilles/001-camille-laurent.html#C1-6-CE1">✔ atteint</a>"##)
        );
        assert!(page.contains(r#"<a href="rapports/002-zoe-martin.html">rapport</a>"#));
        // The name is escaped, never markup.
        assert!(page.contains("Zoé &quot;&lt;b&gt;&quot; Martin; fils"));
        assert!(!page.contains("<b>"));
        assert!(page.contains("archive illisible"));
        assert!(page.contains("3 candidat(s)"));
    }
}
