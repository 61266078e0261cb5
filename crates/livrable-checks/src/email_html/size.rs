//! The message's weight, which Gmail clips past about 102 KB.

use livrable_model::{Location, Observation, Severity};

use super::page::Page;
use super::{codes, Size};
use crate::Output;

/// Kilobytes of 1,024 bytes, rounded up, as mail tools show them.
pub(super) fn kb(bytes: usize) -> usize {
    bytes.div_ceil(1024)
}

pub(super) fn size(page: &Page, p: &Size, out: &mut Output) {
    let bytes = page.doc.text.len();
    if bytes > p.error_over_bytes {
        // Point at where Gmail cuts: the first element that starts past the limit.
        let at = page
            .doc
            .elements
            .iter()
            .find(|e| e.location.start.is_some_and(|s| s >= p.error_over_bytes))
            .map(|e| e.location.clone())
            .unwrap_or_default();
        out.findings.push(
            Observation::new(codes::TOO_HEAVY, at)
                .arg("size_kb", kb(bytes))
                .arg("max_kb", p.error_over_bytes / 1024)
                .arg("warn_kb", p.warn_from_bytes / 1024)
                .severity(Severity::Error),
        );
    } else if bytes >= p.warn_from_bytes {
        out.findings.push(
            Observation::new(codes::TOO_HEAVY, Location::whole())
                .arg("size_kb", kb(bytes))
                .arg("max_kb", p.error_over_bytes / 1024)
                .arg("warn_kb", p.warn_from_bytes / 1024)
                .severity(Severity::Warning),
        );
    } else {
        out.evidence
            .push(Observation::new(codes::SIZE, Location::whole()).arg("size_kb", kb(bytes)));
    }
}
