//! The engine: from a loaded submission to a report.
//!
//! Reads every file (in parallel: files are independent), classifies them, runs each check
//! instance of the pack on the documents of the kinds it applies to, and turns observations
//! into findings with the pack's words. It decides nothing itself: verdicts come from the
//! checks, words from the pack.

use livrable_checks::{Companions, Input};
use livrable_ingest::unread::{shown_extension, unread_unit};
use livrable_ingest::{format_of, Limits};
use livrable_model::{
    DeliverableEntry, Document, Finding, Format, GridInfo, Location, Observation, Report, Severity,
    Submission, SubmittedFile, Summary,
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

/// What the engine knows before it reads a file, for [`check_file`].
pub struct Context<'a> {
    pub pack: &'a Pack,
    pub lang: &'a str,
    pub limits: &'a Limits,
    pub manifest: Option<&'a Manifest>,
    /// The `--kind` given for a submission of one file.
    pub forced: Option<&'a str>,
    /// For each check instance of the pack (same order), what it reads of other documents.
    companions: Vec<Companions>,
}

impl<'a> Context<'a> {
    pub fn new(
        pack: &'a Pack,
        options: &'a Options,
        manifest: Option<&'a Manifest>,
        submission: &Submission,
    ) -> Context<'a> {
        // `--kind` names the kind of the only file of a submission.
        let readable = submission
            .files
            .iter()
            .filter(|f| f.path != MANIFEST && unread_unit(&f.path).is_none())
            .count();
        Context {
            pack,
            lang: options.lang.as_str(),
            limits: &options.limits,
            manifest,
            forced: options.kind.as_deref().filter(|_| readable == 1),
            companions: pack
                .checks
                .iter()
                .map(|c| livrable_checks::companions(&c.kind))
                .collect(),
        }
    }

    /// True when some check reads documents of this format from the others (images for a
    /// page, subtitles for a video): such files are read first, and kept.
    fn is_companion_format(&self, format: Format) -> bool {
        self.companions.iter().any(|c| c.formats.contains(&format))
    }

    /// True when some check reads documents of this kind from the others (budgets and
    /// Gantt charts for a plan): such documents are kept until the end.
    fn is_companion_kind(&self, kind: &str) -> bool {
        self.companions.iter().any(|c| c.kinds.contains(&kind))
    }
}

/// What the engine keeps of one file: its findings and evidence (each check's tagged with
/// the check's index in the pack, to keep the pack's order in the report), its
/// deliverable kind, and its document until the report is built.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// Findings of reading and classifying the file.
    pub findings: Vec<Finding>,
    /// Findings of the checks, with the check's index in the pack.
    pub check_findings: Vec<(usize, Finding)>,
    pub evidence: Vec<(usize, Evidence)>,
    /// Indexes of the checks that ran on the document.
    pub ran: Vec<usize>,
    pub deliverable: Option<DeliverableEntry>,
    /// The kind the document was classified as ("" when unrecognised).
    pub kind: String,
    pub doc: Option<Document>,
    /// Checks left for when every document is read (they compare this one with others).
    deferred: Vec<usize>,
    /// The document is whole (not yet cut down by [`for_report`]): other checks may read it.
    whole: bool,
}

/// Reads, classifies and checks one file: the unit of parallel work, and of anything a
/// caller wants to bound per file. `others` are the documents already read that checks
/// comparing files may look at (images, subtitles); a check that needs documents of a
/// kind (a plan's budgets) is left in the [`FileOutcome`] for when every file is read.
/// Files no reader reads (a `.pages`, a `.doc`) are reported by [`check`], not given here.
pub fn check_file(
    ctx: &Context,
    file: &SubmittedFile,
    others: &[(&Document, &str)],
) -> FileOutcome {
    let (pack, lang) = (ctx.pack, ctx.lang);
    let mut out = FileOutcome::default();
    let read = livrable_ingest::read(file, ctx.limits);
    for obs in &read.problems {
        out.findings
            .push(finding(pack, lang, &file.path, obs, &[], None));
    }
    let Some(doc) = read.doc else {
        return out;
    };
    match classify(&doc, pack, ctx.manifest, ctx.forced) {
        Some((kind, detected_by)) => {
            out.deliverable = Some(DeliverableEntry {
                file: doc.path.clone(),
                kind: kind.clone(),
                detected_by,
            });
            out.kind = kind;
        }
        None => {
            // Subtitles and images are companion files (of a video, of a page) more often
            // than deliverables: they are checked through what uses them.
            if !matches!(doc.format, Format::Subtitles | Format::Image) {
                let obs = Observation::new("submission/unrecognised-file", Location::whole())
                    .arg("file", &doc.path);
                out.findings
                    .push(finding(pack, lang, &doc.path, &obs, &[], None));
            }
        }
    }
    let companion_format = ctx.is_companion_format(doc.format);
    let kind = out.kind.clone();
    for (i, check) in pack.checks.iter().enumerate() {
        if !applies(check, &kind) {
            continue;
        }
        let needs = &ctx.companions[i];
        // Checks reading documents of a kind wait for every document; checks reading
        // documents of a format have them already, unless this file is of such a format
        // (those are read together, first).
        if !needs.kinds.is_empty() || (!needs.formats.is_empty() && companion_format) {
            out.deferred.push(i);
            continue;
        }
        let mut view: Vec<(&Document, &str)> = others.to_vec();
        if !needs.formats.is_empty() {
            view.push((&doc, kind.as_str()));
            view.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        }
        run_check(ctx, i, &doc, &kind, &view, &mut out);
    }
    crate::findings::locate(
        ctx.pack,
        ctx.lang,
        out.findings
            .iter_mut()
            .chain(out.check_findings.iter_mut().map(|(_, f)| f)),
        &doc,
    );
    out.doc = Some(doc);
    out.whole = true;
    out
}

/// Whether a check instance applies to a document of `kind` ("" for none).
fn applies(check: &crate::pack::CheckInstance, kind: &str) -> bool {
    !kind.is_empty() && check.applies_to.iter().any(|k| k == kind)
}

/// Runs check `i` of the pack on `doc`, into `out`.
fn run_check(
    ctx: &Context,
    i: usize,
    doc: &Document,
    kind: &str,
    view: &[(&Document, &str)],
    out: &mut FileOutcome,
) {
    let (pack, lang) = (ctx.pack, ctx.lang);
    let check = &pack.checks[i];
    // The embedded pack's instances are prepared on first use, and its tests prepare each;
    // a failure here is a bug in a check kind, reported rather than hidden.
    let prepared = match check.prepared(&pack.data) {
        Ok(p) => p,
        Err(e) => {
            let obs = Observation::new("ingest/unreadable", Location::whole())
                .arg("reason", format!("check {}: {e}", check.id));
            out.check_findings
                .push((i, finding(pack, lang, &doc.path, &obs, &[], None)));
            return;
        }
    };
    let options = match ctx.manifest {
        Some(m) => m.options_for(&doc.path),
        None => toml::Table::new(),
    };
    let input = Input {
        doc,
        kind,
        submission: view,
        options: &options,
    };
    let output = match prepared.run(&input) {
        Ok(o) => o,
        Err(e) => {
            let obs = Observation::new("ingest/unreadable", Location::whole())
                .arg("reason", format!("check {}: {e}", check.id));
            out.check_findings
                .push((i, finding(pack, lang, &doc.path, &obs, &[], None)));
            return;
        }
    };
    out.ran.push(i);
    for obs in &output.findings {
        let severity = check.severity.get(&obs.code).copied();
        out.check_findings.push((
            i,
            finding(pack, lang, &doc.path, obs, &check.criteria, severity),
        ));
    }
    for obs in &output.evidence {
        let text = match pack.evidence.get(&obs.code) {
            Some(def) => def.text.render(lang, &obs.args),
            None => obs.code.clone(),
        };
        out.evidence.push((
            i,
            Evidence {
                check: check.id.clone(),
                criteria: check.criteria.clone(),
                file: doc.path.clone(),
                text,
            },
        ));
    }
}

/// Checks a whole submission, document by document on all threads: files that other
/// checks look at (images, subtitles) first, then the others; checks comparing a document
/// with documents of a kind (a plan with its budget) last. Of each document the report
/// keeps only what renderers show (see [`for_report`]); documents other checks compare are
/// kept whole until those have run.
pub fn check(pack: &Pack, submission: &Submission, options: &Options) -> Report {
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
    let ctx = Context::new(pack, options, manifest.as_ref(), submission);
    // The spelling dictionaries and the tokeniser's patterns are prepared in the background
    // while files are read, when a file may hold prose (not for spreadsheets, images or
    // videos alone).
    let prose = submission.files.iter().any(|f| {
        format_of(&f.path).is_some_and(|fmt| {
            !fmt.is_spreadsheet() && !matches!(fmt, Format::Image | Format::Video)
        })
    });
    if prose {
        livrable_checks::warm_up();
    }

    let files: Vec<&SubmittedFile> = submission
        .files
        .iter()
        .filter(|f| f.path != MANIFEST && unread_unit(&f.path).is_none())
        .collect();
    let first =
        |f: &SubmittedFile| format_of(&f.path).is_some_and(|fmt| ctx.is_companion_format(fmt));
    let companions: Vec<FileOutcome> = files
        .par_iter()
        .filter(|f| first(f))
        .map(|f| check_file(&ctx, f, &[]))
        .collect();
    let rest: Vec<FileOutcome> = {
        let view = whole_documents(&companions);
        files
            .par_iter()
            .filter(|f| !first(f))
            .map(|f| {
                let mut out = check_file(&ctx, f, &view);
                // Only what a later check or the report needs is kept.
                if out.deferred.is_empty() && !ctx.is_companion_kind(&out.kind) {
                    let doc = out.doc.take();
                    out.doc = doc.map(|d| for_report(d, &out));
                    out.whole = false;
                }
                out
            })
            .collect()
    };
    let mut outcomes: Vec<FileOutcome> = companions.into_iter().chain(rest).collect();
    outcomes.sort_by(|a, b| file_of(a).cmp(file_of(b)));

    // The checks that compare a document with documents of a kind, now that all are read.
    let extras: Vec<(usize, FileOutcome)> = {
        let view = whole_documents(&outcomes);
        outcomes
            .par_iter()
            .enumerate()
            .filter(|(_, o)| !o.deferred.is_empty())
            .map(|(n, o)| {
                let mut extra = FileOutcome::default();
                if let Some(doc) = &o.doc {
                    for &i in &o.deferred {
                        run_check(&ctx, i, doc, &o.kind, &view, &mut extra);
                    }
                    crate::findings::locate(
                        ctx.pack,
                        ctx.lang,
                        extra.check_findings.iter_mut().map(|(_, f)| f),
                        doc,
                    );
                }
                (n, extra)
            })
            .collect()
    };
    for (n, extra) in extras {
        let o = &mut outcomes[n];
        o.deferred.clear();
        o.check_findings.extend(extra.check_findings);
        o.evidence.extend(extra.evidence);
        o.ran.extend(extra.ran);
    }

    // In the pack's order of checks, then the files' order, as when each check ran on every
    // document in turn: the checklist lists evidence in that order.
    let mut check_findings: Vec<(usize, usize, Finding)> = Vec::new();
    let mut evidence: Vec<(usize, usize, Evidence)> = Vec::new();
    let mut ran: Vec<usize> = Vec::new();
    let mut deliverables = Vec::new();
    let mut documents = Vec::new();
    for (n, mut o) in outcomes.into_iter().enumerate() {
        if let Some(doc) = o.doc.take() {
            documents.push(if o.whole { for_report(doc, &o) } else { doc });
        }
        findings.append(&mut o.findings);
        check_findings.extend(o.check_findings.into_iter().map(|(c, f)| (c, n, f)));
        evidence.extend(o.evidence.into_iter().map(|(c, e)| (c, n, e)));
        ran.append(&mut o.ran);
        deliverables.extend(o.deliverable);
    }
    check_findings.sort_by_key(|(c, n, _)| (*c, *n));
    evidence.sort_by_key(|(c, n, _)| (*c, *n));
    ran.sort_unstable();
    ran.dedup();
    findings.extend(check_findings.into_iter().map(|(_, _, f)| f));
    let outcome = Outcome {
        findings: Vec::new(),
        evidence: evidence.into_iter().map(|(_, _, e)| e).collect(),
        ran: ran.into_iter().map(|i| pack.checks[i].id.clone()).collect(),
    };

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
        sort_findings(&mut findings);
        checklist = crate::checklist::build(&crate::checklist::Inputs {
            pack,
            referentiel,
            situations: &situations,
            deliverables: &deliverables,
            findings: &findings,
            evidence: &outcome.evidence,
            lang,
        });
    }
    // One root cause reported once: after the checklist, which counts every finding as
    // evidence for its criteria.
    let mut findings = crate::findings::group(pack, lang, findings);
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
        phrases: pack.phrases(lang),
        grid: grid_info(pack, &submission.source, lang),
    }
}

/// What the grid records about itself. The date is the caller's to set (the engine reads
/// no clock, so that a report is a function of its inputs).
fn grid_info(pack: &Pack, source: &str, lang: &str) -> GridInfo {
    GridInfo {
        candidate: crate::checklist::candidate_name(source),
        date: String::new(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        pack_id: pack.info.id.clone(),
        pack_version: pack.info.version.clone(),
        pack_title: pack.info.title.render(lang, &[]),
        legend: pack
            .grid
            .as_ref()
            .map(|g| g.legend(lang))
            .unwrap_or_default(),
        decisions: pack
            .grid
            .as_ref()
            .map(|g| g.decisions(lang))
            .unwrap_or_default(),
    }
}

/// The documents other checks may read (whole ones), with their kinds, by path.
fn whole_documents(outcomes: &[FileOutcome]) -> Vec<(&Document, &str)> {
    outcomes
        .iter()
        .filter(|o| o.whole)
        .filter_map(|o| Some((o.doc.as_ref()?, o.kind.as_str())))
        .collect()
}

/// The path of an outcome's file, for the files' order.
fn file_of(o: &FileOutcome) -> &str {
    o.doc
        .as_ref()
        .map(|d| d.path.as_str())
        .or(o.deliverable.as_ref().map(|d| d.file.as_str()))
        .or(o.findings.first().map(|f| f.file.as_str()))
        .unwrap_or("")
}

/// What the report keeps of a document once every check has run on it and its findings
/// are located: its path, format and metadata, and, when a finding points into it, its text
/// (excerpts, lines and columns), tables (spreadsheet grids, a sheet's place in the
/// workbook) and layout (the annotated copies put a comment on the finding's very words in
/// its paragraph). Blocks, links, images and markup are the checks', and go: renderers read
/// no more (see [`Report::documents`]).
fn for_report(doc: Document, outcome: &FileOutcome) -> Document {
    let pointed = outcome
        .findings
        .iter()
        .chain(outcome.check_findings.iter().map(|(_, f)| f))
        .any(|f| {
            f.location.range().is_some() || f.location.cell.is_some() || f.location.sheet.is_some()
        });
    let mut kept = Document::new(doc.path, doc.format);
    kept.meta = doc.meta;
    if pointed {
        kept.text = doc.text;
        kept.tables = doc.tables;
        kept.layout = doc.layout;
    }
    kept
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
            // A missing deliverable bears on what the checks of its kind would have
            // measured; one that may be a section of another that is present does not.
            let criteria = match parent {
                Some(_) => Vec::new(),
                None => crate::checklist::references_for_kind(pack, situation, &e.kind),
            };
            finding(pack, lang, "", &obs, &criteria, None)
        })
        .collect()
}

/// An observation in the pack's words. A code the pack does not define keeps its code as
/// message: the pack's loader refuses a pack without words for a declared code. In debug
/// builds (the tests), an observation with an argument its code's declaration does not
/// name stops the run: the declarations the loader checks the words against stay true.
fn finding(
    pack: &Pack,
    lang: &str,
    file: &str,
    obs: &Observation,
    criteria: &[String],
    instance_severity: Option<Severity>,
) -> Finding {
    let def = pack.codes.get(&obs.code);
    debug_assert!(
        crate::codes::declaration(&obs.code).is_some_and(|d| obs
            .args
            .iter()
            .all(|(name, _)| d.args.contains(&name.as_str()))),
        "{} carries arguments its declaration lacks: {:?}",
        obs.code,
        obs.args
    );
    Finding {
        code: obs.code.clone(),
        // The pack has the last word: an instance's severity for this code, then the
        // observation's own (a measured value over a threshold), then the code's default.
        severity: instance_severity
            .or(obs.severity)
            .or(def.map(|d| d.severity))
            .unwrap_or(Severity::Warning),
        criteria: criteria.to_vec(),
        file: file.to_string(),
        location: obs.location.clone(),
        message: def.map_or_else(|| obs.code.clone(), |d| d.message.render(lang, &obs.args)),
        help: def.map_or_else(String::new, |d| d.help.render(lang, &obs.args)),
        args: obs.args.clone(),
        related: obs.related.clone(),
        explains: Vec::new(),
        explains_intro: String::new(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The pack has the last word on severity: an instance that lowers a code lowers it
    /// even when the check set the observation's severity from a measured value.
    #[test]
    fn the_instance_severity_wins_over_the_observation() {
        let pack = Pack::embedded().unwrap_or_else(|e| panic!("{e}"));
        let obs = Observation::new("spelling/error-rate", Location::whole())
            .arg("rate", "9")
            .severity(Severity::Error);
        let lowered = finding(&pack, "fr", "a.md", &obs, &[], Some(Severity::Info));
        assert_eq!(lowered.severity, Severity::Info);
        let own = finding(&pack, "fr", "a.md", &obs, &[], None);
        assert_eq!(own.severity, Severity::Error);
        let plain = Observation::new("spelling/error-rate", Location::whole());
        let default = finding(&pack, "fr", "a.md", &plain, &[], None);
        assert_eq!(default.severity, pack.codes["spelling/error-rate"].severity);
    }
}
