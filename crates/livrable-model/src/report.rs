//! What a run produces: the input of every renderer.

use serde::Serialize;

use crate::{Document, Finding};

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

/// The status of one criterion in the evaluator's checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChecklistStatus {
    Met,
    NotMet,
    Partial,
    Manual,
}

/// One criterion of the checklist with what the tool found for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistEntry {
    pub criterion: String,
    /// The criterion's title, in the referential's words.
    pub title: String,
    pub status: ChecklistStatus,
    /// What the tool found: findings and what was checked and passed.
    pub evidence: Vec<String>,
    /// The bullets of the criterion's wording that no check covers: the evaluator's
    /// questions, verbatim.
    pub to_assess: Vec<String>,
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
#[derive(Debug, Clone)]
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
