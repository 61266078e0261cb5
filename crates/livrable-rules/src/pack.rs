//! The rule pack: its types, and loading it from the embedded copy or a folder.
//!
//! A pack is a set of TOML files (see `rules/README.md`). Loading parses every file, checks
//! that the files agree with each other (every check instance names a known check kind with
//! valid parameters, known deliverable kinds, known criteria; every message placeholder
//! exists) and fails with the file and line of the first problem, so that a pack author
//! never meets a broken pack at run time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use include_dir::{include_dir, Dir};
use livrable_model::Severity;
use rayon::prelude::*;
use serde::Deserialize;

use crate::referentiel::Referentiel;

/// The default pack, compiled into the binary so that the tool works from any folder.
static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../rules/ccm-n6");

/// A sentence in French (required) and English (optional: French is shown instead).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub fr: String,
    pub en: Option<String>,
}

impl Text {
    /// The sentence in `lang` (`fr` or `en`), placeholders `{name}` filled from `args`.
    pub fn render(&self, lang: &str, args: &[(String, String)]) -> String {
        let template = match lang {
            "en" => self.en.as_deref().unwrap_or(&self.fr),
            _ => &self.fr,
        };
        livrable_model::report::fill(template, args)
    }

    /// Placeholder names used in either language.
    pub(crate) fn placeholders(&self) -> BTreeSet<String> {
        let mut out = placeholders(&self.fr);
        if let Some(en) = &self.en {
            out.extend(placeholders(en));
        }
        out
    }
}

fn placeholders(template: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if livrable_model::report::is_name(&after[..close]) => {
                out.insert(after[..close].to_string());
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// `pack.toml`: what the pack is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    pub id: String,
    pub title: Text,
    pub version: String,
    pub source: Option<String>,
}

/// A deliverable kind and how to recognise it (`deliverables.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverableKind {
    pub id: String,
    pub label: Text,
    /// Words or phrases in a file's path that name this kind (`budget`, `plan de com`).
    #[serde(default)]
    pub name_keywords: Vec<String>,
    /// Words or phrases in a file's text or table headers that betray this kind.
    #[serde(default)]
    pub content_signals: Vec<String>,
    /// How many distinct content signals are needed to recognise the kind from content.
    #[serde(default = "default_min_signals")]
    pub min_signals: usize,
    /// File formats this kind can be delivered in (`markdown`, `xlsx`…); empty: any.
    #[serde(default)]
    pub formats: Vec<String>,
}

fn default_min_signals() -> usize {
    2
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeliverablesFile {
    deliverable: Vec<DeliverableKind>,
}

/// A finding code's words (`codes/*.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeDef {
    pub code: String,
    pub severity: Severity,
    pub message: Text,
    pub help: Text,
    pub explain: Text,
}

/// An evidence sentence the checklist shows for what a check found right.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceDef {
    pub code: String,
    pub text: Text,
}

impl CodeDef {
    /// Its words, each with its name, for the load-time checks.
    fn words(&self) -> [(&'static str, &Text); 3] {
        [
            ("message", &self.message),
            ("help", &self.help),
            ("explain", &self.explain),
        ]
    }
}

/// A code's words are in French and English, and use only the placeholders that the code's
/// emitter declares (`CodeDecl`); a code no check kind, reader or engine declares is refused
/// too, for its words would never be shown.
fn check_words(
    path: &str,
    text: &str,
    code: &str,
    words: &[(&str, &Text)],
) -> Result<(), PackError> {
    let Some(decl) = crate::codes::declaration(code) else {
        return Err(at(
            path,
            text,
            code,
            format!("code `{code}` is emitted by no check kind, reader or engine (see their `CodeDecl` declarations)"),
        ));
    };
    for (what, words) in words {
        if words.fr.trim().is_empty() || words.en.as_deref().is_none_or(|e| e.trim().is_empty()) {
            return Err(at(
                path,
                text,
                code,
                format!("code `{code}`: its {what} needs French and English words (fr = \"…\", en = \"…\")"),
            ));
        }
        if let Some(name) = words
            .placeholders()
            .into_iter()
            .find(|p| !decl.args.contains(&p.as_str()))
        {
            return Err(at(
                path,
                text,
                code,
                format!(
                    "code `{code}`: its {what} uses {{{name}}}, which no observation of this code gives (it gives: {})",
                    if decl.args.is_empty() { "nothing".to_string() } else { decl.args.join(", ") }
                ),
            ));
        }
    }
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodesFile {
    #[serde(default)]
    code: Vec<CodeDef>,
    #[serde(default)]
    evidence: Vec<EvidenceDef>,
}

/// `interface.toml`: the words of the pages (the web page of `livrable serve`, the HTML
/// report page), by key, each in French and English.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct InterfaceFile {
    words: BTreeMap<String, Text>,
}

/// A check instance (`checks/*.toml`): which check kind runs where, for which criteria.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInstance {
    pub id: String,
    pub kind: String,
    pub applies_to: Vec<String>,
    #[serde(default)]
    pub criteria: Vec<String>,
    #[serde(default)]
    pub params: toml::Table,
    /// Severity overrides by finding code, for this instance only.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// The check, prepared once (parameters parsed, patterns compiled, data loaded): when
    /// the pack loads, or on first use for the pack compiled into the binary (see
    /// [`Pack::embedded`]).
    #[serde(skip)]
    prepared: OnceLock<Result<livrable_checks::Prepared, String>>,
}

impl CheckInstance {
    /// The check ready to run, prepared now if it was not yet: `data` is its pack's.
    pub fn prepared(
        &self,
        data: &livrable_checks::Data,
    ) -> Result<&livrable_checks::Prepared, &str> {
        self.prepared
            .get_or_init(|| {
                livrable_checks::prepare(&self.kind, &self.params, data).map_err(|e| e.0)
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// When a pack's check instances are prepared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Preparation {
    /// As the pack loads: a bad parameter is a [`PackError`] with its file and line.
    Now,
    /// When each first runs.
    OnFirstUse,
}

/// `report.toml`: the reports' own words, by key (see `livrable_model::report::PHRASE_KEYS`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFile {
    phrases: BTreeMap<String, Text>,
}

/// `causes.toml`: which findings follow from which (see `crate::findings`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CausesFile {
    #[serde(default)]
    cause: Vec<Cause>,
    #[serde(default)]
    explained: Vec<Explained>,
}

/// A finding code whose findings explain others about the same fact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    pub code: String,
    /// The codes it explains.
    pub explains: Vec<String>,
    /// The words before the findings it explains.
    pub intro: Text,
}

/// How a finding is worded when shown under the finding that explains it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explained {
    pub code: String,
    pub message: Text,
}

/// The default pack's `report.toml`, for a pack that brings no words of its own.
const DEFAULT_REPORT: &str = include_str!("../../../rules/ccm-n6/report.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecksFile {
    check: Vec<CheckInstance>,
}

/// A whole rule pack, checked for consistency.
#[derive(Debug, Clone)]
pub struct Pack {
    pub info: PackInfo,
    pub deliverables: Vec<DeliverableKind>,
    pub codes: BTreeMap<String, CodeDef>,
    pub evidence: BTreeMap<String, EvidenceDef>,
    pub checks: Vec<CheckInstance>,
    pub referentiel: Option<Referentiel>,
    /// The reports' own words (place names, the report's headings), by key: the pack's
    /// `report.toml`, or the default pack's when it has none.
    pub phrases: BTreeMap<String, Text>,
    /// Which findings explain which (`causes.toml`; none when the pack has no such file).
    pub causes: Vec<Cause>,
    /// Words for findings shown under their cause, by code.
    pub explained: BTreeMap<String, Text>,
    /// The words of the evaluator's grid (`checklist.toml`): statuses and decisions.
    pub grid: Option<crate::checklist::GridWords>,
    /// Data files of the pack (`data/…`: datasets, dictionaries), by path in the pack.
    pub data: livrable_checks::Data,
    /// The words of annotated copies (`annotate.toml`), if the pack has them.
    pub annotate: Option<crate::annotate::AnnotateWords>,
    /// The pages' words (`interface.toml`), by key; empty when the pack has no such file.
    pub interface: BTreeMap<String, Text>,
}

/// A pack that cannot be used, with the file and line to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// The file inside the pack (`checks/blog.toml`).
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for PackError {}

impl Pack {
    /// The pack compiled into the binary. Its check instances are prepared when each first
    /// runs, not as it loads: compiling every instance's patterns and reading the e-mail
    /// clients' data cost more than checking a small file, and most runs use a few
    /// instances (a budget alone runs none of the blog's). The pack's tests prepare every
    /// instance (`the_embedded_pack_prepares_every_check`), so none fails at run time; a
    /// pack from `--rules` is prepared as it loads, so that its author sees a bad
    /// parameter with its line.
    pub fn embedded() -> Result<Pack, PackError> {
        let mut files = Vec::new();
        let mut data = livrable_checks::Data::new();
        collect_embedded(&EMBEDDED, &mut files, &mut data);
        Pack::from_parts_prepared(files, data, Preparation::OnFirstUse)
    }

    /// A pack from a folder on disk (`--rules DIR`): its TOML files, and every file under
    /// `data/`.
    pub fn from_dir(dir: &Path) -> Result<Pack, PackError> {
        let mut files = Vec::new();
        for sub in ["", "codes", "checks", "lexicons"] {
            let folder = dir.join(sub);
            let entries = match std::fs::read_dir(&folder) {
                Ok(e) => e,
                Err(e) if sub.is_empty() => {
                    return Err(PackError {
                        file: dir.display().to_string(),
                        line: None,
                        message: format!("cannot read the rule pack folder: {e}"),
                    })
                }
                Err(_) => continue,
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                    continue;
                }
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                let rel = if sub.is_empty() {
                    name.to_string()
                } else {
                    format!("{sub}/{name}")
                };
                let text = std::fs::read_to_string(&path).map_err(|e| PackError {
                    file: rel.clone(),
                    line: None,
                    message: format!("cannot read: {e}"),
                })?;
                files.push((rel, text));
            }
        }
        let mut data = livrable_checks::Data::new();
        read_data_dir(dir, &dir.join("data"), &mut data)?;
        Pack::from_parts(files, data)
    }

    /// A pack from (path in pack, TOML text) pairs, with no data files.
    pub fn from_files(files: Vec<(String, String)>) -> Result<Pack, PackError> {
        Pack::from_parts(files, livrable_checks::Data::new())
    }

    /// A pack from (path in pack, TOML text) pairs and its data files.
    pub fn from_parts(
        files: Vec<(String, String)>,
        data: livrable_checks::Data,
    ) -> Result<Pack, PackError> {
        Pack::from_parts_prepared(files, data, Preparation::Now)
    }

    fn from_parts_prepared(
        mut files: Vec<(String, String)>,
        data: livrable_checks::Data,
        preparation: Preparation,
    ) -> Result<Pack, PackError> {
        files.sort();
        let get = |name: &str| {
            files
                .iter()
                .find(|(p, _)| p == name)
                .map(|(_, t)| t.as_str())
        };
        let missing = |name: &str| PackError {
            file: name.to_string(),
            line: None,
            message: "this file is missing from the rule pack".to_string(),
        };
        let info: PackInfo = parse(
            "pack.toml",
            get("pack.toml").ok_or_else(|| missing("pack.toml"))?,
        )?;
        let deliverables: DeliverablesFile = parse(
            "deliverables.toml",
            get("deliverables.toml").ok_or_else(|| missing("deliverables.toml"))?,
        )?;
        let referentiel = match get("referentiel.toml") {
            Some(text) => Some(
                crate::referentiel::parse(text)
                    .map_err(|e| toml_error("referentiel.toml", text, &e))?,
            ),
            None => None,
        };
        if let Some(r) = &referentiel {
            if let Some(problem) = r.integrity_errors().into_iter().next() {
                return Err(PackError {
                    file: "referentiel.toml".into(),
                    line: None,
                    message: problem,
                });
            }
            let known: BTreeSet<&str> = deliverables
                .deliverable
                .iter()
                .map(|d| d.id.as_str())
                .collect();
            if let Some(kind) = r
                .deliverable_kinds()
                .into_iter()
                .find(|k| !known.contains(k))
            {
                let text = get("referentiel.toml").unwrap_or_default();
                return Err(at(
                    "referentiel.toml",
                    text,
                    kind,
                    format!("deliverable kind `{kind}` is not defined in deliverables.toml"),
                ));
            }
        }
        let annotate = match get("annotate.toml") {
            Some(text) => Some(crate::annotate::parse(text)?),
            None => None,
        };
        let interface: InterfaceFile = match get("interface.toml") {
            Some(text) => parse("interface.toml", text)?,
            None => InterfaceFile::default(),
        };
        let report_text = get("report.toml").unwrap_or(DEFAULT_REPORT);
        let report: ReportFile = parse("report.toml", report_text)?;
        if let Some(key) = livrable_model::report::PHRASE_KEYS
            .iter()
            .find(|k| report.phrases.get(**k).is_none_or(|t| t.en.is_none()))
        {
            return Err(PackError {
                file: "report.toml".into(),
                line: None,
                message: format!("phrase `{key}` is missing, or has no English (`en`)"),
            });
        }
        let grid = match get("checklist.toml") {
            Some(text) => Some(parse("checklist.toml", text)?),
            None => None,
        };
        let mut pack = Pack {
            annotate,
            info,
            deliverables: deliverables.deliverable,
            codes: BTreeMap::new(),
            evidence: BTreeMap::new(),
            checks: Vec::new(),
            referentiel,
            phrases: report.phrases,
            causes: Vec::new(),
            explained: BTreeMap::new(),
            grid,
            data,
            interface: interface.words,
        };
        for (path, text) in &files {
            if let Some(_name) = path.strip_prefix("codes/") {
                let file: CodesFile = parse(path, text)?;
                for code in file.code {
                    let c = code.code.clone();
                    check_words(path, text, &c, &code.words())?;
                    if pack.codes.insert(c.clone(), code).is_some() {
                        return Err(at(path, text, &c, format!("code `{c}` is defined twice")));
                    }
                }
                for ev in file.evidence {
                    let c = ev.code.clone();
                    check_words(path, text, &c, &[("text", &ev.text)])?;
                    if pack.evidence.insert(c.clone(), ev).is_some() {
                        return Err(at(
                            path,
                            text,
                            &c,
                            format!("evidence `{c}` is defined twice"),
                        ));
                    }
                }
            }
        }
        if let Some(text) = get("causes.toml") {
            let file: CausesFile = parse("causes.toml", text)?;
            let unknown = |code: &str| {
                (!pack.codes.contains_key(code)).then(|| {
                    at(
                        "causes.toml",
                        text,
                        code,
                        format!("code `{code}` is not defined in codes/"),
                    )
                })
            };
            for cause in &file.cause {
                if let Some(e) = std::iter::once(&cause.code)
                    .chain(&cause.explains)
                    .find_map(|c| unknown(c))
                {
                    return Err(e);
                }
            }
            for e in &file.explained {
                if let Some(err) = unknown(&e.code) {
                    return Err(err);
                }
            }
            pack.causes = file.cause;
            pack.explained = file
                .explained
                .into_iter()
                .map(|e| (e.code, e.message))
                .collect();
        }
        // Every check instance is validated, and prepared unless on first use. Preparing
        // (compiling patterns, reading datasets) is most of a pack's load and instances are
        // independent: they are prepared in parallel, and the first error in the files'
        // order is the one reported, as when they were prepared one after the other.
        let mut steps: Vec<Result<(&str, &str, CheckInstance), PackError>> = Vec::new();
        for (path, text) in &files {
            if path.starts_with("checks/") {
                match parse::<ChecksFile>(path, text) {
                    Ok(file) => {
                        steps.extend(file.check.into_iter().map(|c| Ok((&**path, &**text, c))))
                    }
                    Err(e) => {
                        // Nothing after it would be reached.
                        steps.push(Err(e));
                        break;
                    }
                }
            }
        }
        let prepared: Vec<Result<CheckInstance, PackError>> = steps
            .into_par_iter()
            .map(|step| {
                let (path, text, mut check) = step?;
                pack.validate_check(path, text, &check)?;
                if preparation == Preparation::Now {
                    let prepared = livrable_checks::prepare(&check.kind, &check.params, &pack.data)
                        .map_err(|e| {
                            at(path, text, &check.id, format!("check `{}`: {e}", check.id))
                        })?;
                    check.prepared = OnceLock::from(Ok(prepared));
                }
                Ok(check)
            })
            .collect();
        for check in prepared {
            pack.checks.push(check?);
        }
        pack.check_declared_codes()?;
        let mut ids = BTreeSet::new();
        for check in &pack.checks {
            if !ids.insert(check.id.as_str()) {
                return Err(PackError {
                    file: "checks/".into(),
                    line: None,
                    message: format!("check id `{}` is used twice", check.id),
                });
            }
        }
        Ok(pack)
    }

    /// Every code the loader, the readers, the engine and the check kinds of this pack's
    /// instances emit has words: a code without them would reach a candidate as a bare
    /// identifier.
    fn check_declared_codes(&self) -> Result<(), PackError> {
        let kinds: BTreeSet<&str> = self.checks.iter().map(|c| c.kind.as_str()).collect();
        let declared =
            crate::codes::always_declared()
                .map(|d| ("", d))
                .chain(kinds.iter().flat_map(|&k| {
                    livrable_checks::declared_codes(k)
                        .unwrap_or_default()
                        .iter()
                        .map(move |d| (k, d))
                }));
        for (kind, decl) in declared {
            if !self.codes.contains_key(decl.code) && !self.evidence.contains_key(decl.code) {
                let prefix = decl.code.split('/').next().unwrap_or_default();
                let by = if kind.is_empty() {
                    "the readers or the engine".to_string()
                } else {
                    format!("check kind `{kind}`")
                };
                return Err(PackError {
                    file: format!("codes/{prefix}.toml"),
                    line: None,
                    message: format!(
                        "code `{}`, which {by} emits, has no words (a [[code]] or [[evidence]] entry with French and English)",
                        decl.code
                    ),
                });
            }
        }
        Ok(())
    }

    fn validate_check(
        &self,
        path: &str,
        text: &str,
        check: &CheckInstance,
    ) -> Result<(), PackError> {
        let err = |msg: String| at(path, text, &check.id, msg);
        if !livrable_checks::kinds().any(|k| k == check.kind) {
            return Err(err(format!(
                "check `{}`: unknown check kind `{}`",
                check.id, check.kind
            )));
        }
        for kind in &check.applies_to {
            if self.deliverable(kind).is_none() {
                return Err(err(format!(
                    "check `{}` applies to `{kind}`, which deliverables.toml does not define",
                    check.id
                )));
            }
        }
        if let Some(referentiel) = &self.referentiel {
            for reference in &check.criteria {
                if referentiel.criterion(reference).is_none()
                    && referentiel.bullet(reference).is_none()
                {
                    return Err(err(format!(
                        "check `{}` names criterion or bullet `{reference}`, which referentiel.toml does not have",
                        check.id
                    )));
                }
            }
        }
        for code in check.severity.keys() {
            if !self.codes.contains_key(code) {
                return Err(err(format!(
                    "check `{}` overrides unknown code `{code}`",
                    check.id
                )));
            }
        }
        Ok(())
    }

    /// The pages' words in `lang` (`fr`, `en`), by key, for the page renderers: those of
    /// `interface.toml`, and each deliverable kind's label as `kind.<id>`.
    pub fn interface_words(&self, lang: &str) -> BTreeMap<String, String> {
        let kinds = self
            .deliverables
            .iter()
            .map(|d| (format!("kind.{}", d.id), d.label.render(lang, &[])));
        self.interface
            .iter()
            .map(|(key, text)| (key.clone(), text.render(lang, &[])))
            .chain(kinds)
            .collect()
    }

    /// The reports' own words in `lang`.
    pub fn phrases(&self, lang: &str) -> livrable_model::Phrases {
        livrable_model::Phrases(
            self.phrases
                .iter()
                .map(|(k, t)| (k.clone(), t.render(lang, &[])))
                .collect(),
        )
    }

    /// A deliverable kind by id.
    pub fn deliverable(&self, id: &str) -> Option<&DeliverableKind> {
        self.deliverables.iter().find(|d| d.id == id)
    }

    /// Every placeholder a code's words use, for the pack's own tests.
    pub fn code_placeholders(&self, code: &str) -> BTreeSet<String> {
        self.codes
            .get(code)
            .map(|c| {
                let mut p = c.message.placeholders();
                p.extend(c.help.placeholders());
                p
            })
            .unwrap_or_default()
    }
}

fn collect_embedded(
    dir: &Dir<'_>,
    out: &mut Vec<(String, String)>,
    data: &mut livrable_checks::Data,
) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if path.starts_with("data/") {
            data.insert(path, file.contents().to_vec());
        } else if path.ends_with(".toml") {
            if let Some(text) = file.contents_utf8() {
                out.push((path, text.to_string()));
            }
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out, data);
    }
}

/// Every file under `dir` (the pack's `data/`), keyed by its path relative to `root`.
fn read_data_dir(
    root: &Path,
    dir: &Path,
    data: &mut livrable_checks::Data,
) -> Result<(), PackError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            read_data_dir(root, &path, data)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&path).map_err(|e| PackError {
                file: rel.clone(),
                line: None,
                message: format!("cannot read: {e}"),
            })?;
            data.insert(rel, bytes);
        }
    }
    Ok(())
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, PackError> {
    toml::from_str(text).map_err(|e| toml_error(file, text, &e))
}

fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> PackError {
    PackError {
        file: file.to_string(),
        line: e.span().map(|s| line_of(text, s.start)),
        message: e.message().to_string(),
    }
}

/// An error located at the first line that mentions `needle` (an id or a code).
fn at(file: &str, text: &str, needle: &str, message: String) -> PackError {
    PackError {
        file: file.to_string(),
        line: text
            .find(&format!("\"{needle}\""))
            .map(|o| line_of(text, o)),
        message,
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    use livrable_model::report::fill;

    #[test]
    fn templates_fill_known_placeholders_only() {
        assert_eq!(
            fill("h{from} puis h{to}", &args(&[("from", "2"), ("to", "4")])),
            "h2 puis h4"
        );
        assert_eq!(fill("{absent} {x", &args(&[])), "{absent} {x");
        assert_eq!(fill("{ pas un nom }", &args(&[])), "{ pas un nom }");
        assert_eq!(
            placeholders("a {b} {c_d} {e f}"),
            ["b", "c_d"].iter().map(|s| s.to_string()).collect()
        );
    }

    #[test]
    fn english_falls_back_to_french() {
        let t = Text {
            fr: "bonjour {n}".into(),
            en: None,
        };
        assert_eq!(t.render("en", &args(&[("n", "1")])), "bonjour 1");
    }

    #[test]
    fn a_malformed_file_names_its_line() {
        let files = vec![
            (
                "pack.toml".to_string(),
                "id = \"x\"\nversion = \"1\"\ntitle = { fr = \"t\" }\n".to_string(),
            ),
            (
                "deliverables.toml".to_string(),
                "[[deliverable]]\nid = \"a\"\nlabel = { fr = \"A\" }\n".to_string(),
            ),
            (
                "checks/x.toml".to_string(),
                "[[check]]\nid = \"c\"\nkind = \"heading-structure\"\napplies_to = [\"a\"\n"
                    .to_string(),
            ),
        ];
        let err = Pack::from_files(files).unwrap_err();
        assert_eq!(err.file, "checks/x.toml");
        assert!(err.line.is_some_and(|l| l >= 4), "{err}");
    }

    #[test]
    fn an_unknown_deliverable_is_refused() {
        let files = vec![
            (
                "pack.toml".to_string(),
                "id = \"x\"\nversion = \"1\"\ntitle = { fr = \"t\" }\n".to_string(),
            ),
            (
                "deliverables.toml".to_string(),
                "[[deliverable]]\nid = \"a\"\nlabel = { fr = \"A\" }\n".to_string(),
            ),
            (
                "checks/x.toml".to_string(),
                "[[check]]\nid = \"c\"\nkind = \"heading-structure\"\napplies_to = [\"b\"]\n"
                    .to_string(),
            ),
        ];
        let err = Pack::from_files(files).unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("checks/x.toml", Some(2)));
        assert!(err.message.contains("`b`"), "{err}");
    }

    /// The embedded pack's files, with `edit` applied to file `name`.
    fn embedded_with(name: &str, edit: impl Fn(&str) -> String) -> Result<Pack, PackError> {
        let mut files = Vec::new();
        let mut data = livrable_checks::Data::new();
        collect_embedded(&EMBEDDED, &mut files, &mut data);
        let file = files.iter_mut().find(|(p, _)| p == name).unwrap();
        let edited = edit(&file.1);
        assert!(edited != file.1, "the edit changed nothing in {name}");
        file.1 = edited;
        Pack::from_parts(files, data)
    }

    fn line_with(text: &str, needle: &str) -> usize {
        line_of(text, text.find(needle).unwrap())
    }

    #[test]
    fn a_placeholder_no_observation_gives_fails_at_load() {
        let edit = |t: &str| {
            t.replacen(
                "\"Titre vide (niveau {level})\"",
                "\"Titre vide (niveau {level}, page {page})\"",
                1,
            )
        };
        let err = embedded_with("codes/heading-structure.toml", edit).unwrap_err();
        let text = edit(
            EMBEDDED
                .get_file("codes/heading-structure.toml")
                .and_then(|f| f.contents_utf8())
                .unwrap(),
        );
        assert_eq!(err.file, "codes/heading-structure.toml");
        assert_eq!(
            err.line,
            Some(line_with(&text, "\"heading-structure/empty\""))
        );
        assert!(err.message.contains("{page}"), "{err}");
        assert!(err.message.contains("it gives: level"), "{err}");
    }

    #[test]
    fn a_code_without_english_fails_at_load() {
        let edit = |t: &str| t.replacen("en = \"Empty heading (level {level})\"\n", "", 1);
        let err = embedded_with("codes/heading-structure.toml", edit).unwrap_err();
        assert_eq!(err.file, "codes/heading-structure.toml");
        assert!(err.line.is_some(), "{err}");
        assert!(err.message.contains("French and English"), "{err}");
    }

    #[test]
    fn words_for_a_code_nobody_emits_fail_at_load() {
        let err = embedded_with("codes/slides.toml", |t| {
            t.replacen("\"slides/no-title\"", "\"slides/no-titel\"", 1)
        })
        .unwrap_err();
        assert_eq!(err.file, "codes/slides.toml");
        assert!(err.message.contains("slides/no-titel"), "{err}");
    }

    #[test]
    fn a_declared_code_without_words_fails_at_load() {
        let err = embedded_with("codes/ingest.toml", |t| {
            t.replacen("\"ingest/unsafe-path\"", "\"ingest/unsafe-paths\"", 1)
        })
        .unwrap_err();
        // The renamed entry is refused first (nobody emits it); without it, the code that
        // lost its words is.
        assert!(err.message.contains("ingest/unsafe-paths"), "{err}");
        let mut files = Vec::new();
        let mut data = livrable_checks::Data::new();
        collect_embedded(&EMBEDDED, &mut files, &mut data);
        files.retain(|(p, _)| p != "codes/slides.toml");
        let err = Pack::from_parts(files, data).unwrap_err();
        assert_eq!(err.file, "codes/slides.toml");
        assert!(err.message.contains("`slides/no-title`"), "{err}");
        assert!(err.message.contains("check kind `slides`"), "{err}");
    }

    #[test]
    fn the_embedded_pack_loads() {
        let pack = Pack::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(!pack.deliverables.is_empty());
    }

    /// The embedded pack's instances are prepared on first use: each must prepare.
    #[test]
    fn the_embedded_pack_prepares_every_check() {
        let pack = Pack::embedded().unwrap_or_else(|e| panic!("{e}"));
        for check in &pack.checks {
            if let Err(e) = check.prepared(&pack.data) {
                panic!("check `{}`: {e}", check.id);
            }
        }
    }

    #[test]
    fn a_pack_from_files_reports_a_bad_parameter_as_it_loads() {
        let files = vec![
            (
                "pack.toml".to_string(),
                "id = \"x\"\nversion = \"1\"\ntitle = { fr = \"t\" }\n".to_string(),
            ),
            (
                "deliverables.toml".to_string(),
                "[[deliverable]]\nid = \"a\"\nlabel = { fr = \"A\" }\n".to_string(),
            ),
            (
                "checks/x.toml".to_string(),
                "[[check]]\nid = \"x\"\nkind = \"heading-structure\"\napplies_to = [\"a\"]\n\
                 [check.params]\nno_such_parameter = 1\n"
                    .to_string(),
            ),
        ];
        let err = Pack::from_files(files).unwrap_err();
        assert_eq!(err.file, "checks/x.toml");
        assert!(err.message.contains("check `x`"), "{err}");
    }
}
