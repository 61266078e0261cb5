//! The evaluator's pre-filled checklist: every criterion of the chosen evaluation
//! situations, with a status, the problems and the evidence behind it, and the bullets left
//! to the evaluator.
//!
//! # Statuses
//!
//! A bullet of a criterion is *measurable* when a check instance names it (`C1.6/CE2/1` in
//! its `criteria`) and applies to a deliverable kind the submission holds or the situation
//! expects. A measurable bullet is *evidenced* when a check gave passing evidence for it,
//! no error names it, and no deliverable the situation expects and whose checks measure it
//! is missing (a budget may be a section of the plan: it is there when a budget check gave
//! evidence on the plan); with evidence but such a deliverable missing, it is *incomplete*.
//! Then, for each criterion:
//!
//! - `not-met` (« non atteint »): an error-level finding bears on it (names it or one of its
//!   bullets). Warnings never give this status;
//! - `manual` (« à évaluer »): no bullet is measurable, or none has any passing evidence:
//!   only a person can judge;
//! - `met` (« atteint (pour ce qui est vérifiable) »): every measurable bullet is evidenced;
//! - `partial` (« à compléter »): some measurable bullets have evidence, others none (or
//!   only part of what they need).
//!
//! The bullets that are not measurable are the evaluator's questions, verbatim
//! (`to_assess`); a `met` criterion keeps them, which is what « pour ce qui est vérifiable »
//! says.
//!
//! # One item, one place
//!
//! A finding or a piece of evidence bearing on several criteria is shown under the first of
//! them in the grid's order and counted for all; the others refer to it
//! ([`Elsewhere`]). The same check run on two sources of one subject (the Gantt file and
//! the plan's own schedule table; a budget file and the plan's budget table) is shown side
//! by side, each row with its source ([`Comparison`]), so that two results never read as
//! one contradicting itself. The same sentence about the same file is shown once.

use std::collections::{BTreeMap, BTreeSet};

use livrable_model::{
    BulletState, ChecklistEntry, ChecklistStatus, Comparison, ComparisonResult, ComparisonRow,
    DeliverableEntry, Elsewhere, Finding, MeasuredBullet, Passed, Severity, StatusWords,
};
use serde::Deserialize;

use crate::engine::Evidence;
use crate::pack::{Pack, Text};
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

/// The candidate a submission belongs to, from its path as given: the last component, less a
/// `.zip` extension and the suffix a learning platform adds to each participant's folder
/// (Moodle's « download all submissions »: `Prénom Nom_12345_assignsubmission_file_`).
pub fn candidate_name(source: &str) -> String {
    let trimmed = source.trim_end_matches(['/', '\\']);
    let last = trimmed.rsplit(['/', '\\']).next().unwrap_or(trimmed);
    let stem = match last.len().checked_sub(4) {
        Some(i) if last.is_char_boundary(i) && last[i..].eq_ignore_ascii_case(".zip") => &last[..i],
        _ => last,
    };
    moodle_participant(stem).map_or_else(|| stem.to_string(), |(name, _)| name.to_string())
}

/// A Moodle participant folder's name and participant id: `Prénom Nom_12345_assignsubmission_file_`
/// → (`Prénom Nom`, `12345`). `None` for any other name.
pub fn moodle_participant(folder: &str) -> Option<(&str, &str)> {
    let (head, plugin) = folder.split_once("_assignsubmission_")?;
    if plugin.is_empty()
        || !plugin
            .trim_end_matches('_')
            .chars()
            .all(|c| c.is_ascii_lowercase())
    {
        return None;
    }
    let (name, id) = head.rsplit_once('_')?;
    (!name.is_empty() && !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
        .then_some((name, id))
}

/// `checklist.toml`: the words of the statuses and the decisions an evaluator records.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridWords {
    status: Statuses,
    #[serde(default)]
    decision: Vec<Decision>,
    /// The class overview's words (`livrable cohort`), by key without `cohort.`.
    #[serde(default)]
    cohort: BTreeMap<String, Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Statuses {
    met: StatusText,
    partial: StatusText,
    #[serde(rename = "not-met")]
    not_met: StatusText,
    manual: StatusText,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusText {
    label: Text,
    short: Text,
    definition: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Decision {
    label: Text,
}

impl GridWords {
    /// The legend in `lang`, in [`ChecklistStatus::ALL`]'s order.
    pub fn legend(&self, lang: &str) -> Vec<StatusWords> {
        ChecklistStatus::ALL
            .iter()
            .map(|&status| {
                let t = match status {
                    ChecklistStatus::Met => &self.status.met,
                    ChecklistStatus::Partial => &self.status.partial,
                    ChecklistStatus::NotMet => &self.status.not_met,
                    ChecklistStatus::Manual => &self.status.manual,
                };
                StatusWords {
                    status,
                    label: t.label.render(lang, &[]),
                    short: t.short.render(lang, &[]),
                    definition: t.definition.render(lang, &[]),
                }
            })
            .collect()
    }

    /// The decisions in `lang`.
    pub fn decisions(&self, lang: &str) -> Vec<String> {
        self.decision
            .iter()
            .map(|d| d.label.render(lang, &[]))
            .collect()
    }

    /// The class overview's words in `lang`, keyed `cohort.<key>` as the renderers ask
    /// for them.
    pub fn cohort_words(&self, lang: &str) -> BTreeMap<String, String> {
        self.cohort
            .iter()
            .map(|(k, t)| (format!("cohort.{k}"), t.render(lang, &[])))
            .collect()
    }
}

/// What the checklist is built from.
pub struct Inputs<'a> {
    pub pack: &'a Pack,
    pub referentiel: &'a Referentiel,
    pub situations: &'a [String],
    pub deliverables: &'a [DeliverableEntry],
    /// Every finding of the run, in the report's order.
    pub findings: &'a [Finding],
    pub evidence: &'a [Evidence],
    pub lang: &'a str,
}

/// The references (criteria and bullets) of `situation` that the checks applying to `kind`
/// name: what a missing deliverable of that kind bears on.
pub fn references_for_kind(pack: &Pack, situation: &str, kind: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for check in pack
        .checks
        .iter()
        .filter(|c| c.applies_to.iter().any(|k| k == kind))
    {
        for r in &check.criteria {
            let in_situation = r.split('/').next() == Some(situation);
            if in_situation && !out.contains(r) {
                out.push(r.clone());
            }
        }
    }
    out
}

/// One item of the grid: a finding or a piece of evidence, with the references it bears on.
struct Item<'a> {
    /// The check kind that produced it (`gantt`), to put sources of one subject side by side.
    check_kind: &'a str,
    file: &'a str,
    references: Vec<&'a str>,
    what: What<'a>,
}

enum What<'a> {
    Problem(&'a Finding),
    Passed(&'a str),
}

impl Item<'_> {
    fn bears_on(&self, criterion: &str) -> bool {
        self.references.iter().any(|r| criterion_of(r) == criterion)
    }

    fn names(&self, bullet: &str) -> bool {
        self.references.contains(&bullet)
    }

    fn line(&self) -> String {
        match self.what {
            What::Problem(f) if f.file.is_empty() => format!("{} [{}]", f.message, f.code),
            What::Problem(f) => format!("{} — {} [{}]", location_label(f), f.message, f.code),
            What::Passed(text) => format!("{} — {text}", self.file),
        }
    }
}

/// The checklist of the situations in `inputs`.
pub fn build(inputs: &Inputs) -> Vec<ChecklistEntry> {
    let Inputs {
        pack,
        referentiel,
        situations,
        deliverables,
        findings,
        evidence,
        lang,
    } = *inputs;
    let kind_of_file: BTreeMap<&str, &str> = deliverables
        .iter()
        .map(|d| (d.file.as_str(), d.kind.as_str()))
        .collect();
    let present: BTreeSet<&str> = kind_of_file.values().copied().collect();
    let check_kind: BTreeMap<&str, &str> = pack
        .checks
        .iter()
        .map(|c| (c.id.as_str(), c.kind.as_str()))
        .collect();

    let mut items: Vec<Item> = findings
        .iter()
        .map(|f| Item {
            check_kind: f.code.split('/').next().unwrap_or_default(),
            file: &f.file,
            references: f.criteria.iter().map(String::as_str).collect(),
            what: What::Problem(f),
        })
        .collect();
    // The same sentence about the same file (two instances of a check on one document)
    // is one item, bearing on what either bears on.
    let mut by_sentence: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for e in evidence {
        let key = (e.file.as_str(), e.text.as_str());
        match by_sentence.get(&key) {
            Some(&i) => {
                for r in &e.criteria {
                    if !items[i].references.contains(&r.as_str()) {
                        items[i].references.push(r);
                    }
                }
            }
            None => {
                by_sentence.insert(key, items.len());
                items.push(Item {
                    check_kind: check_kind
                        .get(e.check.as_str())
                        .copied()
                        .unwrap_or_default(),
                    file: &e.file,
                    references: e.criteria.iter().map(String::as_str).collect(),
                    what: What::Passed(&e.text),
                });
            }
        }
    }

    let criteria: Vec<(&Situation, &crate::referentiel::Criterion)> = situations
        .iter()
        .filter_map(|s| referentiel.situation(s))
        .flat_map(|s| referentiel.criteria_of(&s.id).map(move |c| (s, c)))
        .collect();
    // Where each item is shown: the first criterion of the grid it bears on.
    let home: Vec<Option<usize>> = items
        .iter()
        .map(|item| criteria.iter().position(|(_, c)| item.bears_on(&c.id)))
        .collect();

    let mut entries = Vec::new();
    for (index, (situation, criterion)) in criteria.iter().enumerate() {
        let id = criterion.id.as_str();
        let missing = missing_kinds(pack, situation, &present, &items, &kind_of_file);
        let bearing: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].bears_on(id))
            .collect();
        let error =
            |i: &usize| matches!(items[*i].what, What::Problem(f) if f.severity == Severity::Error);
        let errors = bearing.iter().any(error);

        let mut measured = Vec::new();
        let mut to_assess = Vec::new();
        for bullet in &criterion.bullets {
            let sources: Vec<&str> = bullet_sources(pack, &bullet.id)
                .filter(|k| present.contains(k) || expects(situation, k))
                .collect();
            if sources.is_empty() {
                to_assess.push(bullet.text.clone());
                continue;
            }
            let named: Vec<&usize> = bearing
                .iter()
                .filter(|&&i| items[i].names(&bullet.id))
                .collect();
            let passed = named
                .iter()
                .any(|&&i| matches!(items[i].what, What::Passed(_)));
            let lacking = sources.iter().any(|k| missing.contains(k));
            let state = if named.iter().any(|i| error(i)) {
                BulletState::Problem
            } else if passed && lacking {
                BulletState::Incomplete
            } else if passed {
                BulletState::Evidenced
            } else {
                BulletState::NoEvidence
            };
            let missing_labels = sources
                .iter()
                .filter(|k| missing.contains(*k))
                .filter_map(|k| situation.expects.iter().find(|e| e.kind == *k))
                .map(|e| e.label.trim_end_matches('.').to_string())
                .collect();
            measured.push(MeasuredBullet {
                id: bullet.id.clone(),
                text: bullet.text.clone(),
                state,
                missing: missing_labels,
            });
        }
        let evidenced = measured
            .iter()
            .filter(|b| b.state == BulletState::Evidenced)
            .count();
        let some_evidence = measured
            .iter()
            .any(|b| matches!(b.state, BulletState::Evidenced | BulletState::Incomplete));
        let status = if errors {
            ChecklistStatus::NotMet
        } else if !some_evidence {
            ChecklistStatus::Manual
        } else if evidenced == measured.len() {
            ChecklistStatus::Met
        } else {
            ChecklistStatus::Partial
        };

        // Every bearing item as a line (the JSON contract's `evidence`): problems first.
        let mut lines: Vec<String> = bearing
            .iter()
            .filter(|&&i| matches!(items[i].what, What::Problem(_)))
            .chain(
                bearing
                    .iter()
                    .filter(|&&i| matches!(items[i].what, What::Passed(_))),
            )
            .map(|&i| items[i].line())
            .collect();
        let mut seen = BTreeSet::new();
        lines.retain(|l| seen.insert(l.clone()));

        let shown: Vec<usize> = bearing
            .iter()
            .copied()
            .filter(|&i| home[i] == Some(index))
            .collect();
        let (comparisons, compared) = comparisons(pack, lang, &items, &shown, &kind_of_file);
        let mut problems: Vec<&Finding> = shown
            .iter()
            .filter(|i| !compared.contains(i))
            .filter_map(|&i| match items[i].what {
                What::Problem(f) => Some(f),
                What::Passed(_) => None,
            })
            .collect();
        // Worst first; the report's order (file, then place) within a severity.
        problems.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let passed = shown
            .iter()
            .filter(|i| !compared.contains(i))
            .filter_map(|&i| match items[i].what {
                What::Passed(text) => Some(Passed {
                    file: items[i].file.to_string(),
                    text: text.to_string(),
                }),
                What::Problem(_) => None,
            })
            .collect();
        let mut elsewhere: Vec<Elsewhere> = Vec::new();
        for &i in &bearing {
            let Some(h) = home[i].filter(|&h| h != index) else {
                continue;
            };
            let at = criteria[h].1.id.as_str();
            let slot = match elsewhere.iter().position(|e| e.criterion == at) {
                Some(p) => p,
                None => {
                    elsewhere.push(Elsewhere {
                        criterion: at.to_string(),
                        ..Default::default()
                    });
                    elsewhere.len() - 1
                }
            };
            match items[i].what {
                What::Problem(_) => elsewhere[slot].problems += 1,
                What::Passed(_) => elsewhere[slot].passed += 1,
            }
        }

        entries.push(ChecklistEntry {
            criterion: id.to_string(),
            title: criterion.title.clone(),
            status,
            evidence: lines,
            to_assess,
            problems: problems.into_iter().cloned().collect(),
            passed,
            comparisons,
            elsewhere,
            measured,
        });
    }
    entries
}

/// The deliverable kinds whose checks name `bullet`.
fn bullet_sources<'a>(pack: &'a Pack, bullet: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut seen = BTreeSet::new();
    pack.checks
        .iter()
        .filter(move |c| c.criteria.iter().any(|r| r == bullet))
        .flat_map(|c| c.applies_to.iter().map(String::as_str))
        .filter(move |k| seen.insert(*k))
}

/// True when `situation` asks for a deliverable of `kind` (as a file or inside another).
fn expects(situation: &Situation, kind: &str) -> bool {
    situation
        .expects
        .iter()
        .any(|e| !e.optional && e.kind == kind)
}

/// The kinds `situation` asks for that the submission lacks. A kind that may be a section
/// of another deliverable (`part_of`) is there when that deliverable is and a check of the
/// kind's own gave evidence on it (the plan's budget table read by the budget check).
fn missing_kinds<'a>(
    pack: &'a Pack,
    situation: &'a Situation,
    present: &BTreeSet<&str>,
    items: &[Item],
    kind_of_file: &BTreeMap<&str, &str>,
) -> BTreeSet<&'a str> {
    situation
        .expects
        .iter()
        .filter(|e| !e.optional && !present.contains(e.kind.as_str()))
        .filter(|e| {
            let Some(parent) = e.part_of.as_deref() else {
                return true;
            };
            // The check kinds that read this deliverable kind.
            let readers: BTreeSet<&str> = pack
                .checks
                .iter()
                .filter(|c| c.applies_to.contains(&e.kind))
                .map(|c| c.kind.as_str())
                .collect();
            !items.iter().any(|item| {
                matches!(item.what, What::Passed(_))
                    && readers.contains(item.check_kind)
                    && kind_of_file.get(item.file) == Some(&parent)
            })
        })
        .map(|e| e.kind.as_str())
        .collect()
}

/// The results of one check about one subject from sources of different deliverable kinds
/// (a check kind that is itself a deliverable kind: `gantt` on the Gantt file and on the
/// plan's schedule table), among the items shown under one criterion. Returns the
/// comparisons and the items they hold.
fn comparisons(
    pack: &Pack,
    lang: &str,
    items: &[Item],
    shown: &[usize],
    kind_of_file: &BTreeMap<&str, &str>,
) -> (Vec<Comparison>, BTreeSet<usize>) {
    let mut by_subject: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in shown {
        let subject = items[i].check_kind;
        if pack.deliverable(subject).is_some() && kind_of_file.contains_key(items[i].file) {
            by_subject.entry(subject).or_default().push(i);
        }
    }
    let label = |kind: &str| {
        pack.deliverable(kind)
            .map_or_else(|| kind.to_string(), |d| d.label.render(lang, &[]))
    };
    let mut out = Vec::new();
    let mut held = BTreeSet::new();
    for (subject, group) in by_subject {
        let sources: BTreeSet<&str> = group.iter().map(|&i| kind_of_file[items[i].file]).collect();
        if sources.len() < 2 {
            continue;
        }
        // The dedicated file first (its kind is the subject), then the others; one row per
        // file, its results in their order.
        let mut order: Vec<usize> = group.clone();
        order.sort_by_key(|&i| (kind_of_file[items[i].file] != subject, items[i].file, i));
        let mut rows: Vec<ComparisonRow> = Vec::new();
        for i in order {
            let item = &items[i];
            let result = match item.what {
                What::Problem(f) => ComparisonResult {
                    finding: Some(f.clone()),
                    text: f.message.clone(),
                },
                What::Passed(t) => ComparisonResult {
                    finding: None,
                    text: t.to_string(),
                },
            };
            match rows.last_mut() {
                Some(row) if row.file == item.file => row.results.push(result),
                _ => rows.push(ComparisonRow {
                    file: item.file.to_string(),
                    source: label(kind_of_file[item.file]),
                    results: vec![result],
                }),
            }
        }
        held.extend(group.iter().copied());
        out.push(Comparison {
            subject: label(subject),
            rows,
        });
    }
    (out, held)
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
    fn candidates_are_named_after_their_folder() {
        assert_eq!(candidate_name("/tmp/classe/Léa Martin/"), "Léa Martin");
        assert_eq!(candidate_name("rendus\\Hugo_Durand.ZIP"), "Hugo_Durand");
        assert_eq!(
            candidate_name("Moodle/Léa Martin_12345_assignsubmission_file_"),
            "Léa Martin"
        );
        assert_eq!(
            candidate_name("Jean-Luc Picard_7_assignsubmission_onlinetext_"),
            "Jean-Luc Picard"
        );
        // Not a participant folder: kept whole.
        assert_eq!(
            candidate_name("dossier_12_assignsubmission_"),
            "dossier_12_assignsubmission_"
        );
        assert_eq!(candidate_name("plan_de_com"), "plan_de_com");
        assert_eq!(moodle_participant("Ana_x_assignsubmission_file_"), None);
        assert_eq!(
            moodle_participant("Ana Diaz_42_assignsubmission_file"),
            Some(("Ana Diaz", "42"))
        );
    }

    #[test]
    fn bullet_references_name_their_criterion() {
        assert_eq!(criterion_of("C1.6/CE2/1"), "C1.6/CE2");
        assert_eq!(criterion_of("C1.6/CE2"), "C1.6/CE2");
        assert_eq!(criterion_of("C2.10/CE5/12"), "C2.10/CE5");
    }
}
