//! The evaluator's checklist as a document: Markdown to paste into a review
//! (`--format checklist-md`) and one self-contained, printable, accessible HTML page
//! (`--format checklist-html`).
//!
//! Both group criteria by evaluation situation and show, for each, its status in words (never
//! by colour alone), the evidence found, and the bullets left to the evaluator, verbatim.
//! The HTML page loads nothing from outside (inline CSS, no scripts, no images), has one
//! `h1` and an outline without skipped levels, real data tables (`caption`, `th scope`), and
//! a `lang` and `title`, so that it passes the tool's own heading and accessibility checks.

use std::fmt::Write;

use livrable_model::{ChecklistEntry, ChecklistStatus, DetectedBy, Report};

use crate::words::{words, Words};

/// The situations in report order, each with its criteria.
fn by_situation(report: &Report) -> Vec<(&str, Vec<&ChecklistEntry>)> {
    let mut groups: Vec<(&str, Vec<&ChecklistEntry>)> = Vec::new();
    for entry in &report.checklist {
        let situation = entry
            .criterion
            .split('/')
            .next()
            .unwrap_or(&entry.criterion);
        match groups.iter_mut().find(|(s, _)| *s == situation) {
            Some((_, list)) => list.push(entry),
            None => groups.push((situation, vec![entry])),
        }
    }
    groups
}

/// A status with a symbol, so that it reads without colour and in black-and-white print.
fn status_text(w: &Words, status: ChecklistStatus) -> String {
    let symbol = match status {
        ChecklistStatus::Met => "✔",
        ChecklistStatus::NotMet => "✘",
        ChecklistStatus::Partial => "◐",
        ChecklistStatus::Manual => "?",
    };
    format!("{symbol} {}", w.status_label(status))
}

fn detected_by(d: DetectedBy) -> &'static str {
    match d {
        DetectedBy::Manifest => "manifest",
        DetectedBy::Name => "name",
        DetectedBy::Content => "content",
        DetectedBy::Flag => "flag",
    }
}

/// The situations line: "Situation d'évaluation : C1.6 (déduite des livrables remis)".
pub(crate) fn situations_line(report: &Report, w: &Words) -> String {
    if report.situations.is_empty() {
        return w.no_situation.to_string();
    }
    format!(
        "{} : {} ({})",
        w.situation,
        report.situations.join(", "),
        if report.situations_inferred {
            w.inferred
        } else {
            w.asked
        }
    )
    .replace(" : ", w.colon)
}

/// The checklist as Markdown.
pub fn checklist_md(report: &Report) -> String {
    let w = words(&report.lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", w.checklist_title);
    let _ = writeln!(
        out,
        "{}{}`{}`  ",
        w.submission,
        w.colon,
        report.submission.replace('`', "'")
    );
    let _ = writeln!(out, "{}\n", situations_line(report, w));
    let _ = writeln!(out, "> {}\n", w.generated);
    for (situation, entries) in by_situation(report) {
        let _ = writeln!(out, "## {} {situation}\n", w.situation);
        for e in entries {
            let _ = writeln!(out, "### {} — {}\n", e.criterion, md_inline(&e.title));
            let _ = writeln!(
                out,
                "**{}{}{}**\n",
                capitalised(w.status),
                w.colon,
                status_text(w, e.status)
            );
            if e.evidence.is_empty() {
                let _ = writeln!(out, "- {}", w.nothing_found);
            }
            for line in &e.evidence {
                let _ = writeln!(out, "- {}", md_inline(line));
            }
            if !e.to_assess.is_empty() {
                let _ = writeln!(out, "\n{}{}\n", w.to_assess, w.colon.trim_end());
                for q in &e.to_assess {
                    let _ = writeln!(out, "- [ ] {}", md_inline(q));
                }
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "## {}\n", w.deliverables);
    for d in &report.deliverables {
        let _ = writeln!(
            out,
            "- `{}` — {} ({} {})",
            d.file.replace('`', "'"),
            d.kind,
            w.detected_by,
            detected_by(d.detected_by)
        );
    }
    let infos = report
        .findings
        .iter()
        .filter(|f| f.severity == livrable_model::Severity::Info)
        .count();
    let _ = writeln!(
        out,
        "\n{}{}{}",
        w.findings_summary,
        w.colon,
        w.summary(
            report.summary.errors,
            report.summary.warnings,
            infos,
            report.summary.files
        )
    );
    out
}

/// The last component of the submission's path, for the page title (the whole path, often
/// long and absolute, is in the page itself).
fn short_name(path: &str) -> &str {
    let trimmed = path.trim_end_matches(['/', '\\']);
    trimmed.rsplit(['/', '\\']).next().unwrap_or(trimmed)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Markdown text on one line, with characters that would start markup escaped.
fn md_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text safe inside HTML elements and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The checklist page's style; the report page (`page`) includes it for its checklist tab.
pub(crate) const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.45;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b;background:#fff}\
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #444}\
table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:bold;padding:.3rem 0}\
th,td{border:1px solid #767676;padding:.4rem .5rem;vertical-align:top;text-align:left}th{background:#eee}\
td ul{margin:0;padding-left:1.1rem}.status{white-space:nowrap;font-weight:bold}\
.met{color:#1e5e20}.not-met{color:#9b1c1c}.partial{color:#7a4a00}.manual{color:#1f3f7a}\
.note{border-left:4px solid #767676;padding:.3rem .8rem;background:#f5f5f5}\
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

/// The checklist as one self-contained HTML page.
pub fn checklist_html(report: &Report) -> String {
    let w = words(&report.lang);
    let lang = if report.lang.starts_with("en") {
        "en"
    } else {
        "fr"
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"description\" content=\"{}\">\n<title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(w.description),
        esc(w.checklist_title),
        esc(short_name(&report.submission)),
    );
    checklist_body(&mut out, report, 1);
    out.push_str("</main>\n</body>\n</html>");
    out
}

/// The checklist's content for a page of its own (the report page's checklist tab): the
/// same as [`checklist_html`]'s, its title an `h2` and its parts `h3`, no document around it.
pub fn checklist_html_section(report: &Report) -> String {
    let mut out = String::new();
    checklist_body(&mut out, report, 2);
    out
}

/// The checklist's content, its title at heading level `level` and its parts one below.
fn checklist_body(out: &mut String, report: &Report, level: u8) {
    let w = words(&report.lang);
    let (h, sub) = (level, level + 1);
    let _ = writeln!(out, "<h{h}>{}</h{h}>", esc(w.checklist_title));
    let _ = writeln!(
        out,
        "<p>{}{}<code>{}</code></p>",
        esc(w.submission),
        esc(w.colon),
        esc(&report.submission)
    );
    let _ = writeln!(out, "<p>{}</p>", esc(&situations_line(report, w)));
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(w.generated));
    for (situation, entries) in by_situation(report) {
        let _ = writeln!(
            out,
            "<h{sub} id=\"s-{}\">{} {}</h{sub}>",
            esc(&situation.replace('.', "-")),
            esc(w.situation),
            esc(situation)
        );
        let _ = writeln!(
            out,
            "<table>\n<caption>{} {}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            esc(w.situation),
            esc(situation),
            esc(&capitalised(w.criterion)),
            esc(&capitalised(w.status)),
            esc(&capitalised(w.evidence)),
            esc(w.to_assess)
        );
        for e in entries {
            let class = match e.status {
                ChecklistStatus::Met => "met",
                ChecklistStatus::NotMet => "not-met",
                ChecklistStatus::Partial => "partial",
                ChecklistStatus::Manual => "manual",
            };
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}<br>{}</th><td class=\"status {class}\">{}</td><td>",
                esc(&e.criterion),
                esc(&e.title),
                esc(&status_text(w, e.status))
            );
            list(out, &e.evidence, w.nothing_found);
            out.push_str("</td><td>");
            list(out, &e.to_assess, "—");
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(out, "<h{sub}>{}</h{sub}>", esc(w.deliverables));
    if !report.deliverables.is_empty() {
        let _ = writeln!(
            out,
            "<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            esc(w.deliverables),
            esc(&capitalised(w.file.0)),
            esc(&capitalised(w.kind)),
            esc(&capitalised(w.detected_by))
        );
        for d in &report.deliverables {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&d.file),
                esc(&d.kind),
                detected_by(d.detected_by)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let infos = report
        .findings
        .iter()
        .filter(|f| f.severity == livrable_model::Severity::Info)
        .count();
    let _ = writeln!(
        out,
        "<h{sub}>{}</h{sub}>\n<p>{}</p>",
        esc(w.findings_summary),
        esc(&w.summary(
            report.summary.errors,
            report.summary.warnings,
            infos,
            report.summary.files
        ))
    );
}

fn list(out: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        out.push_str(&esc(empty));
        return;
    }
    out.push_str("<ul>");
    for item in items {
        let _ = write!(out, "<li>{}</li>", esc(item));
    }
    out.push_str("</ul>");
}
