//! The evaluator's pre-filled checklist: every criterion of the chosen evaluation
//! situations, with a status and the evidence behind it.
//!
//! A criterion's status is earned, never assumed:
//! - `not-met`: an error-level finding names it;
//! - `manual`: no check that gives evidence for it ran (its deliverable is missing, or no
//!   check exists for it): everything is left to the evaluator;
//! - `met`: checks ran for it, found no error and no warning, and every bullet of its
//!   wording is covered by a check that ran (check instances name the bullets they cover);
//! - `partial`: checks ran and found no error, but a bullet is left to judge or a warning
//!   was raised.
//!
//! The bullets no check covers are listed as questions for the evaluator, in the
//! referential's words.

use std::collections::BTreeSet;

use livrable_model::{ChecklistEntry, ChecklistStatus, DeliverableEntry, Finding, Severity};

use crate::engine::Evidence;
use crate::pack::Pack;
use crate::referentiel::{Referentiel, Situation};

/// The criterion id of a criterion or bullet reference (`C1.6/CE2/1` → `C1.6/CE2`).
pub fn criterion_of(reference: &str) -> &str {
    match reference.match_indices('/').nth(1) {
        Some((i, _)) => &reference[..i],
        None => reference,
    }
}

/// The situations a submission answers: the one asked for, or those whose expected
/// deliverables the submission covers best, and then every other situation whose own main
/// deliverable (not one that is part of another, as a budget is of the plan) is in the
/// submission and expected by none of the situations already chosen (a plan with its budget
/// and Gantt chart, and a newsletter: C1.6 and C2.1). Returns the ids.
pub fn choose_situations(
    referentiel: &Referentiel,
    deliverables: &[DeliverableEntry],
    asked: Option<&str>,
) -> Vec<String> {
    if let Some(id) = asked {
        return vec![id.to_string()];
    }
    let found: BTreeSet<&str> = deliverables.iter().map(|d| d.kind.as_str()).collect();
    let scored: Vec<(usize, &Situation)> = referentiel
        .situations
        .iter()
        .map(|s| {
            let kinds: BTreeSet<&str> = s.expects.iter().map(|e| e.kind.as_str()).collect();
            (kinds.iter().filter(|k| found.contains(*k)).count(), s)
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    let best = scored.iter().map(|(n, _)| *n).max().unwrap_or(0);
    let mut by_score: Vec<&(usize, &Situation)> = scored.iter().collect();
    by_score.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    let mut chosen: BTreeSet<&str> = BTreeSet::new();
    for (n, s) in by_score {
        let kinds: Vec<&str> = s
            .expects
            .iter()
            .map(|e| e.kind.as_str())
            .filter(|k| found.contains(k))
            .collect();
        let complete = s
            .expects
            .iter()
            .filter(|e| !e.optional && e.part_of.is_none())
            .all(|e| found.contains(e.kind.as_str()));
        // A deliverable that is only a part of another (a budget, part of the plan) does
        // not bring its situation in on its own.
        let brings_new = s.expects.iter().any(|e| {
            e.part_of.is_none()
                && found.contains(e.kind.as_str())
                && !covered.contains(e.kind.as_str())
        });
        if *n == best || complete || brings_new {
            chosen.insert(&s.id);
            covered.extend(kinds);
        }
    }
    scored
        .iter()
        .filter(|(_, s)| chosen.contains(s.id.as_str()))
        .map(|(_, s)| s.id.clone())
        .collect()
}

/// The checklist of `situations`.
pub fn build(
    pack: &Pack,
    referentiel: &Referentiel,
    situations: &[String],
    findings: &[Finding],
    evidence: &[Evidence],
    ran: &[String],
) -> Vec<ChecklistEntry> {
    let mut entries = Vec::new();
    for situation in situations {
        for criterion in referentiel.criteria_of(situation) {
            let id = criterion.id.as_str();
            let ran_for: Vec<_> = pack
                .checks
                .iter()
                .filter(|c| ran.contains(&c.id))
                .filter(|c| c.criteria.iter().any(|r| criterion_of(r) == id))
                .collect();
            let covered: BTreeSet<&str> = ran_for
                .iter()
                .flat_map(|c| c.criteria.iter())
                .filter(|r| r.as_str() != id && criterion_of(r) == id)
                .map(|r| r.as_str())
                .collect();
            let own: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.criteria.iter().any(|c| c == id))
                .collect();
            let errors = own.iter().any(|f| f.severity == Severity::Error);
            let warnings = own.iter().any(|f| f.severity == Severity::Warning);
            let to_assess: Vec<String> = criterion
                .bullets
                .iter()
                .filter(|b| !covered.contains(b.id.as_str()))
                .map(|b| b.text.clone())
                .collect();
            let status = if errors {
                ChecklistStatus::NotMet
            } else if ran_for.is_empty() {
                ChecklistStatus::Manual
            } else if to_assess.is_empty() && !warnings {
                ChecklistStatus::Met
            } else {
                ChecklistStatus::Partial
            };
            let mut lines: Vec<String> = own
                .iter()
                .map(|f| format!("{} — {} [{}]", location_label(f), f.message, f.code))
                .collect();
            lines.extend(
                evidence
                    .iter()
                    .filter(|e| e.criteria.iter().any(|r| criterion_of(r) == id))
                    .map(|e| format!("{} — {}", e.file, e.text)),
            );
            let mut seen = BTreeSet::new();
            lines.retain(|l| seen.insert(l.clone()));
            entries.push(ChecklistEntry {
                criterion: id.to_string(),
                title: criterion.title.clone(),
                status,
                evidence: lines,
                to_assess,
            });
        }
    }
    entries
}

fn location_label(f: &Finding) -> String {
    match (&f.location.sheet, f.location.cell_ref()) {
        (Some(sheet), Some(cell)) => format!("{} ({sheet}!{cell})", f.file),
        _ => f.file.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullet_references_name_their_criterion() {
        assert_eq!(criterion_of("C1.6/CE2/1"), "C1.6/CE2");
        assert_eq!(criterion_of("C1.6/CE2"), "C1.6/CE2");
        assert_eq!(criterion_of("C2.10/CE5/12"), "C2.10/CE5");
    }
}
