//! Markup errors found by the HTML parser, placed on the line where they are.

use std::ops::Range;

use livrable_model::{Location, Observation};

use super::page::{find_ascii_ci, Page};
use super::{codes, parse_errors, ParseErrors};
use crate::text::quote;
use crate::Output;

pub(super) fn parse_error(page: &Page, p: &ParseErrors, out: &mut Output) {
    let text = &page.doc.text;
    let problems = parse_errors::structural_errors(text);
    if problems.is_empty() {
        out.evidence
            .push(Observation::new(codes::WELL_FORMED, Location::whole()));
        return;
    }
    let lines = line_starts(text);
    let mut seen_line = 0usize;
    let mut reported = 0usize;
    for problem in &problems {
        if problem.line == seen_line {
            continue;
        }
        seen_line = problem.line;
        if reported >= p.max_findings {
            break;
        }
        reported += 1;
        let line = line_range(text, &lines, problem.line);
        let (at, tag) = place_on_line(text, line, problem.tag.as_deref());
        out.findings.push(
            Observation::new(codes::PARSE_ERROR, at)
                .arg("line", problem.line)
                .arg("tag", tag),
        );
    }
}

pub(super) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The byte range of 1-based line `line`, without its line break; clamped to the text.
pub(super) fn line_range(text: &str, starts: &[usize], line: usize) -> Range<usize> {
    let index = line.saturating_sub(1).min(starts.len().saturating_sub(1));
    let start = starts.get(index).copied().unwrap_or(0);
    let end = starts
        .get(index + 1)
        .map_or(text.len(), |next| next.saturating_sub(1));
    let end = if text.get(..end).is_some_and(|t| t.ends_with('\r')) {
        end - 1
    } else {
        end
    };
    start..end.max(start)
}

/// Where on the line to point, and the tag to name: the tag the error names when it is
/// written on that line, else the line's first tag, else the line itself.
fn place_on_line(text: &str, line: Range<usize>, tag: Option<&str>) -> (Location, String) {
    let Some(content) = text.get(line.clone()) else {
        return (Location::whole(), tag.unwrap_or_default().to_string());
    };
    if let Some(tag) = tag {
        let opening = tag.trim_end_matches('>');
        let mut from = 0;
        while let Some(i) = content.get(from..).and_then(|c| find_ascii_ci(c, opening)) {
            let at = from + i;
            let after = content.as_bytes().get(at + opening.len()).copied();
            if after.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b':')) {
                let end = content
                    .get(at..)
                    .and_then(|c| c.find('>'))
                    .map_or(content.len(), |j| at + j + 1);
                return (
                    Location::span(line.start + at, line.start + end),
                    tag.to_string(),
                );
            }
            from = at + opening.len();
        }
    }
    let trimmed_start = content.len() - content.trim_start().len();
    if let Some(i) = content.find('<') {
        let end = content
            .get(i..)
            .and_then(|c| c.find('>'))
            .map_or(content.len(), |j| i + j + 1);
        let written = content.get(i..end).unwrap_or_default();
        let name = tag.map_or_else(|| quote(written, 40), str::to_string);
        return (Location::span(line.start + i, line.start + end), name);
    }
    let shown = tag.map_or_else(|| quote(content, 40), str::to_string);
    (Location::span(line.start + trimmed_start, line.end), shown)
}
