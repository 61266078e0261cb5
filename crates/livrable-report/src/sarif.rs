//! SARIF 2.1.0 (`--format sarif`), for code-scanning services and editors.
//!
//! One run; one rule per finding code, in order of first appearance; one result per finding,
//! in the engine's order. Shape checked against the OASIS schema `sarif-schema-2.1.0.json`:
//!
//! - `level` is `error`, `warning` or `note` (our `info`);
//! - `message.text` is the message, then the help on a new line (viewers show the first
//!   sentence when space is short);
//! - columns count Unicode code points, as our line/column computation does, so the run says
//!   `columnKind: unicodeCodePoints` (the default would be UTF-16 code units); lines are
//!   broken on `\n` and `\r\n`, SARIF's default `newlineSequences`;
//! - a `region` (start/end line and column, end column exclusive) is given only for text
//!   files (Markdown, HTML, CSV…) whose document is in the report: for DOCX or PDF the
//!   span points into extracted text, not into the file a viewer would open;
//! - spreadsheet cells and pages have no physical region in SARIF: they are given as
//!   `logicalLocations` (`Budget!C12`, `page 3`);
//! - `uri` is the path inside the submission, percent-encoded as a relative reference; a
//!   finding about the whole submission (empty file) has no location;
//! - the criteria a finding is evidence for are in the result's `properties.criteria`;
//! - where an office document or a PDF shows the place, the result's property bag also
//!   holds `page`, `pageEstimated`, `paragraph`, `table` (`{table, row, column}`),
//!   `section`, `slide` and `shape` (those that apply; see `livrable_model::Location`), and
//!   the logical locations name the paragraph (`paragraph 12`) or the slide (`slide 3`)
//!   beside the page;
//! - the findings a finding explains (one root cause, reported once) are its result's
//!   `relatedLocations`, each with its code and message, rather than results of their own.
//!
//! `shortDescription` of a rule is the message of its first finding: the report carries
//! messages, not the rule pack's rule titles.

use serde::Serialize;

use livrable_model::{Finding, Format, Report, Severity, TableCell};

use crate::{sheet_cell_ref, span_line_cols, text_is_source};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    #[serde(flatten)]
    location: Location,
    message: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    criteria: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    page_estimated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    table: Option<TableCell>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slide: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shape: Option<&'a str>,
}

impl<'a> Properties<'a> {
    /// The criteria and the office places of a finding; `None` when it has none.
    fn of(report: &Report, f: &'a Finding) -> Option<Self> {
        let loc = &f.location;
        let deck = is_deck(report, f);
        let props = Properties {
            criteria: crate::criterion_ids(&f.criteria),
            page: loc.page.filter(|_| !deck),
            page_estimated: loc.page_estimated && !deck,
            paragraph: loc.paragraph,
            table: loc.table,
            section: loc.section.as_deref(),
            slide: loc.slide,
            shape: loc.shape.as_deref(),
        };
        let empty = props.criteria.is_empty()
            && props.page.is_none()
            && props.paragraph.is_none()
            && props.table.is_none()
            && props.section.is_none()
            && props.slide.is_none()
            && props.shape.is_none();
        (!empty).then_some(props)
    }
}

fn is_deck(report: &Report, f: &Finding) -> bool {
    report
        .document(&f.file)
        .is_some_and(|d| matches!(d.format, Format::Pptx | Format::Odp))
}

fn named(name: String) -> LogicalLocation {
    LogicalLocation {
        fully_qualified_name: name.clone(),
        name,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: every byte but unreserved characters and `/` is
/// percent-encoded (spaces and accents are common in candidates' file names, and a `:` in
/// the first segment would read as a scheme).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn location(report: &Report, f: &Finding) -> Option<Location> {
    if f.file.is_empty() {
        return None;
    }
    let loc = &f.location;
    let region = report
        .document(&f.file)
        .filter(|doc| text_is_source(doc))
        .and_then(|_| span_line_cols(report, f))
        .map(
            |((start_line, start_column), (end_line, end_column))| Region {
                start_line,
                start_column,
                end_line,
                end_column,
            },
        );
    let mut logical_locations = Vec::new();
    let logical = &mut logical_locations;
    if let Some(cell) = loc.cell {
        logical.push(LogicalLocation {
            name: sheet_cell_ref(None, cell),
            fully_qualified_name: sheet_cell_ref(loc.sheet.as_deref(), cell),
        });
    }
    match (is_deck(report, f), loc.slide.or(loc.page)) {
        (true, Some(slide)) => logical.push(named(format!("slide {slide}"))),
        (false, _) => {
            if let Some(page) = loc.page {
                logical.push(named(format!("page {page}")));
            }
        }
        (true, None) => {}
    }
    if let Some(n) = loc.paragraph {
        logical.push(named(format!("paragraph {n}")));
    }
    if let Some(t) = loc.table {
        logical.push(named(format!(
            "table {}, row {}, column {}",
            t.table, t.row, t.column
        )));
    }
    Some(Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(&f.file) },
            region,
        },
        logical_locations,
    })
}

/// The report as a SARIF 2.1.0 log, pretty-printed.
pub fn sarif(report: &Report) -> String {
    let mut rules: Vec<Rule> = Vec::new();
    let mut results = Vec::with_capacity(report.findings.len());
    for f in &report.findings {
        let rule_index = match rules.iter().position(|r| r.id == f.code) {
            Some(i) => i,
            None => {
                rules.push(Rule {
                    id: &f.code,
                    short_description: Text {
                        text: f.message.as_str().into(),
                    },
                });
                rules.len() - 1
            }
        };
        let text = if f.help.is_empty() {
            f.message.as_str().into()
        } else {
            format!("{}\n{}", f.message, f.help).into()
        };
        results.push(SarifResult {
            rule_id: &f.code,
            rule_index,
            level: level(f.severity),
            message: Text { text },
            locations: location(report, f).into_iter().collect(),
            related_locations: f
                .explains
                .iter()
                .enumerate()
                .filter_map(|(id, e)| {
                    Some(RelatedLocation {
                        id,
                        location: location(report, e)?,
                        message: Text {
                            text: format!("[{}] {}", e.code, e.message).into(),
                        },
                    })
                })
                .collect(),
            properties: Properties::of(report, f),
        });
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "livrable",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Structs of strings and numbers, no maps: serialising cannot fail.
    serde_json::to_string_pretty(&log).expect("the SARIF log serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("blog/article.md"), "blog/article.md");
        assert_eq!(
            uri("Budget prévisionnel.xlsx"),
            "Budget%20pr%C3%A9visionnel.xlsx"
        );
        assert_eq!(uri("a:b#c?.md"), "a%3Ab%23c%3F.md");
    }

    #[test]
    fn levels() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Info), "note");
    }
}
