//! The grid as Markdown: headings per situation and criterion, lists, `- [ ]` boxes for the
//! decision and the points to assess, so that it can be pasted into a review and ticked.

use std::fmt::Write;

use livrable_model::{ChecklistEntry, Report};

use super::*;
use crate::words::words;

/// The grid as Markdown.
pub fn checklist_md(report: &Report) -> String {
    let w = words(&report.lang);
    let g = &w.grid;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} — {}\n",
        w.checklist_title,
        md_inline(candidate(report))
    );
    let mut meta: Vec<(&str, String)> = vec![(g.candidate, md_inline(candidate(report)))];
    if !report.grid.date.is_empty() {
        meta.push((g.date, report.grid.date.clone()));
    }
    meta.push((w.situation, md_inline(&situations_value(report, w))));
    if !report.grid.tool_version.is_empty() {
        meta.push((g.tool, format!("livrable {}", report.grid.tool_version)));
    }
    if !report.grid.pack_id.is_empty() {
        meta.push((g.rule_pack, md_inline(&pack_value(report))));
    }
    meta.push((
        w.submission,
        format!("`{}`", report.submission.replace('`', "'")),
    ));
    out.push_str("| | |\n|---|---|\n");
    for (k, v) in meta {
        let _ = writeln!(out, "| {k} | {v} |");
    }
    let _ = writeln!(out, "\n> {}\n", w.generated);

    if !report.grid.legend.is_empty() {
        let _ = writeln!(out, "## {}\n", g.legend);
        for s in &report.grid.legend {
            let _ = writeln!(
                out,
                "- **{} {}** — {}",
                status_symbol(s.status),
                md_inline(&s.label),
                md_inline(&s.definition)
            );
        }
        out.push('\n');
    }

    for (situation, entries) in by_situation(report) {
        let _ = writeln!(out, "## {} {situation}\n", w.situation);
        for e in entries {
            criterion(&mut out, report, w, e);
        }
    }

    let outside = outside_criteria(report);
    if !outside.is_empty() {
        let _ = writeln!(out, "## {}\n\n{}\n", g.outside, g.outside_note);
        for f in outside {
            problem_line(&mut out, report, w, f);
        }
        out.push('\n');
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
    let _ = writeln!(
        out,
        "\n{}{}{}",
        w.findings_summary,
        w.colon,
        w.summary(
            report.summary.errors,
            report.summary.warnings,
            infos(report),
            report.summary.files
        )
    );
    out
}

fn criterion(out: &mut String, report: &Report, w: &Words, e: &ChecklistEntry) {
    let g = &w.grid;
    let _ = writeln!(out, "### {} — {}\n", e.criterion, md_inline(&e.title));
    let _ = writeln!(
        out,
        "**{}{}{} {}**\n",
        capitalised(w.status),
        w.colon,
        status_symbol(e.status),
        md_inline(&status_label(report, w, e.status))
    );

    let _ = writeln!(out, "**{}**\n", g.problems);
    if e.problems.is_empty() {
        let _ = writeln!(out, "{}", problems_note(w, e));
    }
    for f in &e.problems {
        problem_line(out, report, w, f);
    }
    out.push('\n');

    for c in &e.comparisons {
        let _ = writeln!(
            out,
            "**{} — {}**\n",
            g.compared,
            md_inline(&capitalised(&c.subject))
        );
        let _ = writeln!(out, "{}\n", g.compared_note);
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---|---|",
            g.source,
            capitalised(w.file.0),
            g.result
        );
        for r in &c.rows {
            let results: Vec<String> = r
                .results
                .iter()
                .map(|x| match &x.finding {
                    Some(f) => format!(
                        "{} {}{}{}",
                        severity_symbol(f.severity),
                        w.severity(f.severity),
                        w.colon,
                        x.text
                    ),
                    None => format!("✔ {}", x.text),
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | `{}` | {} |",
                md_inline(&capitalised(&r.source)),
                r.file.replace('`', "'"),
                md_inline(&results.join(" ; "))
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "**{}**\n", g.verified);
    if e.passed.is_empty() {
        let _ = writeln!(out, "{}", g.nothing_verified);
    }
    for p in &e.passed {
        let _ = writeln!(
            out,
            "- `{}` — {}",
            p.file.replace('`', "'"),
            md_inline(&p.text)
        );
    }
    out.push('\n');
    if !e.elsewhere.is_empty() {
        let refs: Vec<String> = e
            .elsewhere
            .iter()
            .map(|x| {
                format!(
                    "{} ({})",
                    x.criterion,
                    elsewhere_counts(w, x.problems, x.passed)
                )
            })
            .collect();
        let _ = writeln!(out, "{}{}{}.\n", g.see_also, w.colon, refs.join(w.list_sep));
    }

    if !e.measured.is_empty() {
        let _ = writeln!(out, "**{}**\n", g.measured);
        for b in &e.measured {
            let mut state = bullet_state(w, b.state).to_string();
            if !b.missing.is_empty() {
                state = format!(
                    "{state} ; {}{}{}",
                    g.missing,
                    w.colon,
                    b.missing.join(w.list_sep)
                );
            }
            let _ = writeln!(
                out,
                "- {} {} — *{}*",
                bullet_symbol(b.state),
                md_inline(&b.text),
                md_inline(&state)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "**{}**\n", w.to_assess);
    if e.to_assess.is_empty() {
        let _ = writeln!(out, "{}", g.to_assess_none);
    }
    for q in &e.to_assess {
        let _ = writeln!(out, "- [ ] {}", md_inline(q));
    }
    out.push('\n');

    let _ = writeln!(out, "**{}**\n", g.decision);
    for d in &report.grid.decisions {
        let _ = writeln!(out, "- [ ] {}", md_inline(d));
    }
    let _ = writeln!(out, "\n{}{}\n", g.comment, w.colon.trim_end());
}

/// `- ✘ erreur — `budget.xlsx` (Budget!C12) : message [code]`.
fn problem_line(out: &mut String, report: &Report, w: &Words, f: &Finding) {
    let where_ = place(report, w, f);
    let place = if where_.is_empty() {
        String::new()
    } else {
        format!(" ({where_})")
    };
    let _ = writeln!(
        out,
        "- {} {} — `{}`{place}{}{} \\[{}\\]",
        severity_symbol(f.severity),
        w.severity(f.severity),
        file_or_submission(w, f).replace('`', "'"),
        w.colon,
        md_inline(&f.message),
        f.code
    );
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
