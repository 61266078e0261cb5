//! What a run produces: the input of every renderer.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Document, Finding, Location};

/// How a deliverable's kind was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DetectedBy {
    Manifest,
    Name,
    Content,
    Flag,
}

/// A recognised deliverable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeliverableEntry {
    pub file: String,
    pub kind: String,
    pub detected_by: DetectedBy,
}

/// The status of one criterion in the evaluator's checklist (the rules are in
/// `livrable_rules::checklist`; the words in the pack's `checklist.toml`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChecklistStatus {
    /// Every bullet the checks can measure has passing evidence, and no error bears on it.
    Met,
    /// An error-level finding bears on it.
    NotMet,
    /// Some measurable bullets have passing evidence, others none.
    Partial,
    /// Only a person can judge it: no bullet the checks can measure, or no evidence at all.
    #[default]
    Manual,
}

impl ChecklistStatus {
    /// Every status, in the legend's order.
    pub const ALL: [ChecklistStatus; 4] = [
        ChecklistStatus::Met,
        ChecklistStatus::Partial,
        ChecklistStatus::NotMet,
        ChecklistStatus::Manual,
    ];

    /// The contract's value: `met`, `not-met`, `partial`, `manual`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChecklistStatus::Met => "met",
            ChecklistStatus::NotMet => "not-met",
            ChecklistStatus::Partial => "partial",
            ChecklistStatus::Manual => "manual",
        }
    }
}

/// One criterion of the checklist with what the tool found for it.
///
/// An item (a finding, a piece of evidence) that bears on several criteria is *shown* under
/// the first of them in the grid's order, and counted for every one: [`problems`] and
/// [`passed`] hold the items shown here, [`elsewhere`] says where the others are, and
/// [`evidence`] lists every item bearing on the criterion as one line each (the JSON
/// contract's field).
///
/// [`problems`]: ChecklistEntry::problems
/// [`passed`]: ChecklistEntry::passed
/// [`elsewhere`]: ChecklistEntry::elsewhere
/// [`evidence`]: ChecklistEntry::evidence
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChecklistEntry {
    pub criterion: String,
    /// The criterion's title, in the referential's words.
    pub title: String,
    pub status: ChecklistStatus,
    /// Every item bearing on the criterion, one line each: problems first, then what was
    /// checked and passed.
    pub evidence: Vec<String>,
    /// The bullets of the criterion's wording that only a person can judge, verbatim.
    pub to_assess: Vec<String>,
    /// The findings shown under this criterion, worst first.
    pub problems: Vec<Finding>,
    /// What checks verified and found right, shown under this criterion.
    pub passed: Vec<Passed>,
    /// Results of one check on two sources of the same thing (the plan's schedule table and
    /// the Gantt file), side by side; their items are in neither list above.
    pub comparisons: Vec<Comparison>,
    /// Items bearing on this criterion that are shown under another one.
    pub elsewhere: Vec<Elsewhere>,
    /// The bullets the checks can measure for this submission, and how each stands.
    pub measured: Vec<MeasuredBullet>,
}

/// Something a check verified and found right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Passed {
    pub file: String,
    pub text: String,
}

/// One check's results on the sources of one subject.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// What the sources are about, in the pack's words (« Diagramme de Gantt »).
    pub subject: String,
    pub rows: Vec<ComparisonRow>,
}

/// One source's results in a [`Comparison`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComparisonRow {
    pub file: String,
    /// The source's deliverable kind, in the pack's words (« Plan de communication »).
    pub source: String,
    /// What the check said of this source, in its order.
    pub results: Vec<ComparisonResult>,
}

/// One result in a [`ComparisonRow`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComparisonResult {
    /// A problem, or `None` for something verified and found right.
    pub finding: Option<Finding>,
    /// The evidence sentence, or the finding's message.
    pub text: String,
}

/// Items bearing on a criterion that the grid shows under another criterion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Elsewhere {
    pub criterion: String,
    pub problems: usize,
    pub passed: usize,
}

/// How a bullet the checks can measure stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BulletState {
    /// Passing evidence, no error on it.
    Evidenced,
    /// Passing evidence from some sources, but a deliverable the situation expects, whose
    /// checks measure it, is missing.
    Incomplete,
    /// An error-level finding bears on it.
    Problem,
    /// Nothing was found for it (its deliverable is missing, or the check saw nothing).
    #[default]
    NoEvidence,
}

/// A bullet of a criterion's wording that a check can measure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasuredBullet {
    /// `C1.6/CE2/1`.
    pub id: String,
    /// The bullet, verbatim.
    pub text: String,
    pub state: BulletState,
    /// The deliverables the situation expects, whose checks measure this bullet, that the
    /// submission lacks (their labels in the referential's words).
    pub missing: Vec<String>,
}

/// What the evaluator's grid records about itself, and the words of its statuses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GridInfo {
    /// The candidate: `--candidate`, or the name of the submitted folder or zip.
    pub candidate: String,
    /// The day of the check, `YYYY-MM-DD`; empty when the caller gave none.
    pub date: String,
    /// livrable's version.
    pub tool_version: String,
    /// The rule pack: id, version and title in the report's language.
    pub pack_id: String,
    pub pack_version: String,
    pub pack_title: String,
    /// Each status with its label and its definition, in the legend's order.
    pub legend: Vec<StatusWords>,
    /// The decisions an evaluator can record for a criterion (« Acquis », « Non acquis »).
    pub decisions: Vec<String>,
}

impl GridInfo {
    /// The words of one status (the legend always has all four when built from a pack).
    pub fn status(&self, status: ChecklistStatus) -> Option<&StatusWords> {
        self.legend.iter().find(|s| s.status == status)
    }
}

/// A status's words, from the rule pack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusWords {
    pub status: ChecklistStatus,
    /// As the grid shows it: « atteint (pour ce qui est vérifiable) ».
    pub label: String,
    /// For narrow places (a table cell of the class overview): « atteint ».
    pub short: String,
    /// What the status means, for the legend.
    pub definition: String,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Everything a renderer needs: the findings, the deliverables, the checklist, and the
/// documents (for line numbers, excerpts and spreadsheet grids).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The submission path as the user gave it.
    pub submission: String,
    pub deliverables: Vec<DeliverableEntry>,
    pub findings: Vec<Finding>,
    pub checklist: Vec<ChecklistEntry>,
    /// The evaluation situations the checklist covers, and whether they were inferred from
    /// the deliverables (`true`) or asked for.
    pub situations: Vec<String>,
    pub situations_inferred: bool,
    pub summary: Summary,
    /// The documents read, in path order, as the engine keeps them for renderers: path,
    /// format and metadata always; text, tables and layout only when a finding points into
    /// them (a span, a cell, a sheet). Blocks, links, images and markup elements are empty:
    /// checks use them. A renderer
    /// that needs more must have the engine keep it (`engine::for_report`).
    pub documents: Vec<Document>,
    /// The language of messages (`fr` or `en`), for the renderers' own words.
    pub lang: String,
    /// The reports' own words from the rule pack (`report.toml`), in `lang`.
    pub phrases: Phrases,
    /// The grid's record of itself (candidate, date, versions) and its statuses' words.
    pub grid: GridInfo,
}

impl Report {
    /// The document a finding points into. The engine gives the documents sorted by path
    /// (as files are loaded): a binary search finds them, called once per finding; a report
    /// built otherwise is searched in full when that misses.
    pub fn document(&self, path: &str) -> Option<&Document> {
        match self
            .documents
            .binary_search_by(|d| d.path.as_str().cmp(path))
        {
            Ok(i) => Some(&self.documents[i]),
            Err(_) => self.documents.iter().find(|d| d.path == path),
        }
    }
}

/// The phrase keys renderers and the engine use; a rule pack's `report.toml` must give each
/// one in French and English (checked when the pack loads).
pub const PHRASE_KEYS: &[&str] = &[
    "place-page",
    "place-page-estimated",
    "place-paragraph",
    "place-table-cell",
    "place-section",
    "place-slide",
    "place-shape",
    "image-name",
    "size-kib",
    "file-summary",
    "file-clean",
    "files-clean",
    "submission-itself",
    "errors-heading",
    "warnings-heading",
    "infos-heading",
    "infos-hidden",
    "explain-hint",
    "explains",
];

/// The reports' own words (place names such as « page {page} environ », headings of the
/// report's parts), in the report's language: templates with `{name}` placeholders, by key
/// (see [`PHRASE_KEYS`]). They come from the rule pack, like every sentence a user reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Phrases(pub BTreeMap<String, String>);

impl Phrases {
    /// The phrase `key` with its placeholders filled from `args`; the key itself when the
    /// pack has no such phrase (a pack's tests make sure that never ships).
    pub fn get(&self, key: &str, args: &[(&str, &str)]) -> String {
        match self.0.get(key) {
            Some(template) => fill(template, args),
            None => key.to_string(),
        }
    }
}

impl Phrases {
    /// What a reader of an office document or a PDF is told of a place, in order: the
    /// slide (or the page, « environ » when estimated), the section, the shape, and the
    /// paragraph or table cell. Empty for a place that has none of them.
    pub fn places(&self, loc: &Location) -> Vec<String> {
        let mut out = Vec::new();
        match (loc.slide, loc.page) {
            (Some(slide), _) => out.push(self.get("place-slide", &[("slide", &slide.to_string())])),
            (None, Some(page)) => {
                let key = if loc.page_estimated {
                    "place-page-estimated"
                } else {
                    "place-page"
                };
                out.push(self.get(key, &[("page", &page.to_string())]));
            }
            (None, None) => {}
        }
        if let Some(section) = &loc.section {
            out.push(self.get("place-section", &[("section", section)]));
        }
        if let Some(shape) = &loc.shape {
            out.push(self.get("place-shape", &[("shape", shape)]));
        }
        if let Some(n) = loc.paragraph {
            out.push(self.get("place-paragraph", &[("paragraph", &n.to_string())]));
        } else if let Some(t) = loc.table {
            out.push(self.get(
                "place-table-cell",
                &[
                    ("table", &t.table.to_string()),
                    ("row", &t.row.to_string()),
                    ("column", &t.column.to_string()),
                ],
            ));
        }
        out
    }
}

/// Replaces each `{name}` of `template` by its value in `args`; unknown placeholders and
/// braces that hold no name stay as written.
pub fn fill<K: AsRef<str>, V: AsRef<str>>(template: &str, args: &[(K, V)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| n.as_ref() == name) {
                    Some((_, v)) => out.push_str(v.as_ref()),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A placeholder name: ASCII letters, digits and `_`.
pub fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_fill_their_placeholders() {
        let p = Phrases(BTreeMap::from([(
            "place-page".to_string(),
            "page {page} {x} {1 2}".to_string(),
        )]));
        assert_eq!(p.get("place-page", &[("page", "3")]), "page 3 {x} {1 2}");
        assert_eq!(p.get("absent", &[]), "absent");
        assert_eq!(fill("{a}{b}", &[("a", "1"), ("b", "{a}")]), "1{a}");
    }
}
