//! The engine: from a loaded submission to a report.
//!
//! Reads every file (in parallel: files are independent), classifies them, runs each check
//! instance of the pack on the documents of the kinds it applies to, and turns observations
//! into findings with the pack's words. It decides nothing itself: verdicts come from the
//! checks, words from the pack.

use livrable_checks::Input;
use livrable_ingest::unread::{shown_extension, unread_unit};
use livrable_ingest::Limits;
use livrable_model::{
    DeliverableEntry, Document, Finding, Format, Location, Observation, Report, Severity,
    Submission, Summary,
};
use rayon::prelude::*;

use crate::checklist::choose_situations;
use crate::classify::{classify, Manifest, MANIFEST};
use crate::pack::Pack;
use crate::referentiel::Referentiel;

/// How to run a check.
#[derive(Debug, Clone)]
pub struct Options {
    /// Language of messages: `fr` (default) or `en`.
    pub lang: String,
    /// Forces the deliverable kind (`--kind`), for a submission of one file.
    pub kind: Option<String>,
    /// The evaluation situation to fill the checklist for (`--situation C1.6`); inferred
    /// from the deliverables when `None`.
    pub situation: Option<String>,
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: "fr".into(),
            kind: None,
            situation: None,
            limits: Limits::default(),
        }
    }
}

/// What the checks found and saw right, before the checklist is built from it.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// (check instance id, file, evidence sentence) for the checklist.
    pub evidence: Vec<Evidence>,
    /// Check instance ids that ran on at least one document.
    pub ran: Vec<String>,
}

/// Something a check verified and found right.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub check: String,
    pub criteria: Vec<String>,
    pub file: String,
    pub text: String,
}

/// The finding of a submission of which no file could be checked.
const NOTHING_CHECKED: &str = "submission/nothing-checked";

/// Checks a whole submission.
pub fn check(pack: &Pack, submission: &Submission, options: &Options) -> Report {
    // The dictionaries and patterns the checks need are prepared while files are read.
    livrable_checks::warm_up();
    let lang = options.lang.as_str();
    let mut findings = Vec::new();
    for (file, obs) in &submission.problems {
        findings.push(finding(pack, lang, file, obs, &[], None));
    }

    let manifest = submission.file(MANIFEST).and_then(|f| {
        let (manifest, problems) = Manifest::read(&String::from_utf8_lossy(&f.bytes), pack);
        for obs in &problems {
            findings.push(finding(pack, lang, MANIFEST, obs, &[], None));
        }
        manifest
    });

    let reads: Vec<_> = submission
        .files
        .par_iter()
        .filter(|f| f.path != MANIFEST && unread_unit(&f.path).is_none())
        .map(|f| (f, livrable_ingest::read(f, &options.limits)))
        .collect();

    // Files no reader reads (a Pages document, a .doc, a zip inside a folder), once each
    // (a macOS package once for all its files): not checked, and the report says so.
    let mut unread: Vec<String> = Vec::new();
    for file in submission.files.iter().filter(|f| f.path != MANIFEST) {
        let Some((unit, kind)) = unread_unit(&file.path) else {
            continue;
        };
        if unread.contains(&unit) {
            continue;
        }
        let obs = Observation::new(kind.code(), Location::whole())
            .arg("extension", shown_extension(&unit));
        findings.push(finding(pack, lang, &unit, &obs, &[], None));
        unread.push(unit);
    }

    let mut documents = Vec::new();
    for (file, read) in reads {
        for obs in &read.problems {
            findings.push(finding(pack, lang, &file.path, obs, &[], None));
        }
        documents.extend(read.doc);
    }

    let forced = options.kind.as_deref().filter(|_| documents.len() == 1);
    let mut deliverables = Vec::new();
    let mut kinds: Vec<Option<String>> = Vec::new();
    for doc in &documents {
        match classify(doc, pack, manifest.as_ref(), forced) {
            Some((kind, detected_by)) => {
                deliverables.push(DeliverableEntry {
                    file: doc.path.clone(),
                    kind: kind.clone(),
                    detected_by,
                });
                kinds.push(Some(kind));
            }
            None => {
                // Subtitles and images are companion files (of a video, of a page) more
                // often than deliverables: they are checked through what uses them.
                if !matches!(doc.format, Format::Subtitles | Format::Image) {
                    let obs = Observation::new("submission/unrecognised-file", Location::whole())
                        .arg("file", &doc.path);
                    findings.push(finding(pack, lang, &doc.path, &obs, &[], None));
                }
                kinds.push(None);
            }
        }
    }

    let owned_options: Vec<toml::Table> = documents
        .iter()
        .map(|d| match &manifest {
            Some(m) => m.options_for(&d.path),
            None => toml::Table::new(),
        })
        .collect();
    let file_options: Vec<&toml::Table> = owned_options.iter().collect();
    let outcome = run_checks(pack, &documents, &kinds, &file_options, lang);
    findings.extend(outcome.findings);
    crate::findings::locate(&mut findings, &documents);

    let mut situations = Vec::new();
    let mut checklist = Vec::new();
    if let Some(referentiel) = &pack.referentiel {
        situations = choose_situations(referentiel, &deliverables, options.situation.as_deref());
        // A missing deliverable is an error when the user named the situation; when the
        // tool inferred it, only a warning (a mentor may review a partial draft); and
        // nothing for a single file, which is checked on its own.
        let severity = if options.situation.is_some() {
            Severity::Error
        } else {
            Severity::Warning
        };
        if documents.len() > 1 || options.situation.is_some() {
            for id in &situations {
                findings.extend(missing_deliverables(
                    pack,
                    referentiel,
                    id,
                    &deliverables,
                    severity,
                    lang,
                ));
            }
        }
        checklist = crate::checklist::build(
            pack,
            referentiel,
            &situations,
            &findings,
            &outcome.evidence,
            &outcome.ran,
        );
    }
    if submission.files.is_empty() {
        let obs = Observation::new("submission/empty", Location::whole());
        findings.push(finding(pack, lang, "", &obs, &[], None));
    } else if deliverables.is_empty() {
        // Files were given, and no check ran on any: « 0 erreur » would read as a pass.
        let obs = Observation::new(NOTHING_CHECKED, Location::whole())
            .arg("files", submission.files.len())
            .arg("unread", unread.len())
            .arg("documents", documents.len());
        findings.push(finding(pack, lang, "", &obs, &[], None));
    }
    sort_findings(&mut findings);

    let summary = Summary {
        files: submission.files.len(),
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
    };
    Report {
        submission: submission.source.clone(),
        deliverables,
        findings,
        checklist,
        situations_inferred: options.situation.is_none(),
        situations,
        summary,
        documents,
        lang: lang.to_string(),
    }
}

/// Runs every check instance on the documents of its kinds.
pub fn run_checks(
    pack: &Pack,
    documents: &[Document],
    kinds: &[Option<String>],
    options: &[&toml::Table],
    lang: &str,
) -> Outcome {
    // Every document, with its kind ("" when unrecognised): checks that compare files also
    // see companion files (a video's subtitles, a page's images) that are no deliverable.
    let submission: Vec<(&Document, &str)> = documents
        .iter()
        .zip(kinds)
        .map(|(d, k)| (d, k.as_deref().unwrap_or("")))
        .collect();
    let results: Vec<Outcome> = pack
        .checks
        .par_iter()
        .map(|check| {
            let mut out = Outcome::default();
            for (&(doc, kind), &options) in submission.iter().zip(options) {
                if kind.is_empty() || !check.applies_to.iter().any(|k| k == kind) {
                    continue;
                }
                let input = Input {
                    doc,
                    kind,
                    submission: &submission,
                    options,
                };
                // Parameters were validated when the pack loaded; a failure here is a bug in
                // a check kind, reported rather than hidden.
                let Some(prepared) = &check.prepared else {
                    continue;
                };
                let output = match prepared.run(&input) {
                    Ok(o) => o,
                    Err(e) => {
                        let obs = Observation::new("ingest/unreadable", Location::whole())
                            .arg("reason", format!("check {}: {e}", check.id));
                        out.findings
                            .push(finding(pack, lang, &doc.path, &obs, &[], None));
                        continue;
                    }
                };
                if !out.ran.contains(&check.id) {
                    out.ran.push(check.id.clone());
                }
                for obs in &output.findings {
                    let severity = check.severity.get(&obs.code).copied();
                    out.findings.push(finding(
                        pack,
                        lang,
                        &doc.path,
                        obs,
                        &check.criteria,
                        severity,
                    ));
                }
                for obs in &output.evidence {
                    let text = match pack.evidence.get(&obs.code) {
                        Some(def) => def.text.render(lang, &obs.args),
                        None => obs.code.clone(),
                    };
                    out.evidence.push(Evidence {
                        check: check.id.clone(),
                        criteria: check.criteria.clone(),
                        file: doc.path.clone(),
                        text,
                    });
                }
            }
            out
        })
        .collect();
    let mut outcome = Outcome::default();
    for r in results {
        outcome.findings.extend(r.findings);
        outcome.evidence.extend(r.evidence);
        outcome.ran.extend(r.ran);
    }
    outcome
}

/// `submission/missing-deliverable` for each deliverable the situation expects and the
/// submission lacks, named in the referential's words. A deliverable the referential allows
/// as a section of another one that is present (the budget inside the plan) is not missing
/// as a file: the finding is then an info asking to make sure the section exists.
fn missing_deliverables(
    pack: &Pack,
    referentiel: &Referentiel,
    situation: &str,
    deliverables: &[DeliverableEntry],
    severity: Severity,
    lang: &str,
) -> Vec<Finding> {
    let Some(s) = referentiel.situation(situation) else {
        return Vec::new();
    };
    let found = |kind: &str| deliverables.iter().any(|d| d.kind == kind);
    s.expects
        .iter()
        .filter(|e| !e.optional && !found(&e.kind))
        .map(|e| {
            let parent = e.part_of.as_deref().filter(|p| found(p));
            let code = match parent {
                Some(_) => "submission/deliverable-in-parent",
                None => "submission/missing-deliverable",
            };
            let mut obs = Observation::new(code, Location::whole())
                .severity(if parent.is_some() {
                    Severity::Info
                } else {
                    severity
                })
                .arg("situation", situation)
                .arg("label", &e.label)
                .arg("kind", &e.kind);
            if let Some(parent) = parent.and_then(|p| pack.deliverable(p)) {
                obs = obs.arg("parent", parent.label.render(lang, &[]));
            }
            finding(pack, lang, "", &obs, &[], None)
        })
        .collect()
}

/// An observation in the pack's words. A code the pack does not define keeps its code as
/// message: the pack's tests make sure that never ships.
fn finding(
    pack: &Pack,
    lang: &str,
    file: &str,
    obs: &Observation,
    criteria: &[String],
    instance_severity: Option<Severity>,
) -> Finding {
    let def = pack.codes.get(&obs.code);
    Finding {
        code: obs.code.clone(),
        severity: obs
            .severity
            .or(instance_severity)
            .or(def.map(|d| d.severity))
            .unwrap_or(Severity::Warning),
        criteria: criteria.to_vec(),
        file: file.to_string(),
        location: obs.location.clone(),
        message: def.map_or_else(|| obs.code.clone(), |d| d.message.render(lang, &obs.args)),
        help: def.map_or_else(String::new, |d| d.help.render(lang, &obs.args)),
    }
}

/// Findings in reading order: by file, then position (span, cell, page), then code.
fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                // What is wrong with the submission as a whole comes first: the manifest
                // that says which file is which, and a submission of which nothing could be
                // checked.
                !(f.file == MANIFEST || f.code == NOTHING_CHECKED),
                f.file.clone(),
                f.location.sheet.clone(),
                f.location.cell,
                f.location.page,
                f.location.start,
                f.code.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}
