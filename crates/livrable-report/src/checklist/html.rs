//! The grid as one self-contained HTML page: inline style and script, nothing loaded from
//! outside, one `h1` and an outline without skipped levels, real data tables (`caption`,
//! `th scope`), a form per criterion (radio buttons for the decision, a comment) that works
//! and prints without JavaScript. The script ([`CHECKLIST_SCRIPT`]) keeps what the evaluator
//! enters in the browser and exports it; a page that forbids inline scripts (a strict
//! Content-Security-Policy) can serve it as a file of its own, with [`CHECKLIST_STYLE`], around
//! [`checklist_fragment`].

use std::fmt::Write;

use livrable_model::{ChecklistEntry, Report};

use super::*;
use crate::words::words;

/// The grid's style sheet (A4 print rules included).
pub const CHECKLIST_STYLE: &str = include_str!("grille.css");

/// The grid's script: decisions and comments kept in `localStorage`, CSV and JSON export.
pub const CHECKLIST_SCRIPT: &str = include_str!("grille.js");

/// The grid as one self-contained HTML page.
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
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"description\" content=\"{}\">\n<title>{} — {}</title>\n<style>{CHECKLIST_STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(w.description),
        esc(w.checklist_title),
        esc(candidate(report)),
    );
    out.push_str(&checklist_fragment(report, 1));
    let _ = write!(
        out,
        "</main>\n<script>{CHECKLIST_SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// The grid's content, without page or script, its headings starting at `first_level`
/// (1 for a page of its own, 2 for a tab of another page). Its outermost element carries
/// `data-grid` and the grid's identity, which [`CHECKLIST_SCRIPT`] reads.
pub fn checklist_fragment(report: &Report, first_level: u8) -> String {
    let w = words(&report.lang);
    let g = &w.grid;
    let h = |n: u8| (first_level + n - 1).min(6);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<div class=\"grille\" data-grid data-candidate=\"{}\" data-date=\"{}\" data-pack=\"{}\" data-situations=\"{}\" data-csv-header=\"{}\">",
        esc(candidate(report)),
        esc(&report.grid.date),
        esc(&format!("{} {}", report.grid.pack_id, report.grid.pack_version)),
        esc(&report.situations.join(",")),
        esc(g.csv_header),
    );
    let _ = writeln!(
        out,
        "<h{0}>{1} — {2}</h{0}>",
        h(1),
        esc(w.checklist_title),
        esc(candidate(report))
    );
    out.push_str("<dl class=\"meta\">\n");
    let mut meta: Vec<(&str, String)> = vec![(g.candidate, esc(candidate(report)))];
    if !report.grid.date.is_empty() {
        meta.push((g.date, esc(&report.grid.date)));
    }
    meta.push((w.situation, esc(&situations_value(report, w))));
    if !report.grid.tool_version.is_empty() {
        meta.push((
            g.tool,
            format!("livrable {}", esc(&report.grid.tool_version)),
        ));
    }
    if !report.grid.pack_id.is_empty() {
        meta.push((g.rule_pack, esc(&pack_value(report))));
    }
    meta.push((
        w.submission,
        format!("<code>{}</code>", esc(&report.submission)),
    ));
    for (k, v) in meta {
        let _ = writeln!(out, "<dt>{}</dt><dd>{v}</dd>", esc(k));
    }
    out.push_str("</dl>\n");
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(w.generated));

    if !report.grid.legend.is_empty() {
        let _ = writeln!(
            out,
            "<h{0}>{1}</h{0}>\n<dl class=\"legend\">",
            h(2),
            esc(g.legend)
        );
        for s in &report.grid.legend {
            let _ = writeln!(
                out,
                "<dt class=\"{}\">{} {}</dt><dd>{}</dd>",
                s.status.as_str(),
                status_symbol(s.status),
                esc(&s.label),
                esc(&s.definition)
            );
        }
        out.push_str("</dl>\n");
    }
    let _ = writeln!(
        out,
        "<div class=\"tools no-print\" hidden><p>{}</p><button type=\"button\" data-export=\"csv\" hidden>{}</button><button type=\"button\" data-export=\"json\" hidden>{}</button></div>",
        esc(g.saved),
        esc(g.export_csv),
        esc(g.export_json)
    );

    for (situation, entries) in by_situation(report) {
        let _ = writeln!(
            out,
            "<h{0} id=\"s-{1}\">{2} {3}</h{0}>",
            h(2),
            esc(&anchor(situation)),
            esc(w.situation),
            esc(situation)
        );
        overview(&mut out, report, w, situation, &entries);
        for e in entries {
            criterion(&mut out, report, w, e, h(3));
        }
    }

    let outside = outside_criteria(report);
    if !outside.is_empty() {
        let _ = writeln!(
            out,
            "<h{0}>{1}</h{0}>\n<p>{2}</p>",
            h(2),
            esc(g.outside),
            esc(g.outside_note)
        );
        problems_table(&mut out, report, w, &outside, g.outside);
    }

    let _ = writeln!(out, "<h{0}>{1}</h{0}>", h(2), esc(w.deliverables));
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
    let _ = writeln!(
        out,
        "<h{0}>{1}</h{0}>\n<p>{2}</p>\n</div>",
        h(2),
        esc(w.findings_summary),
        esc(&w.summary(
            report.summary.errors,
            report.summary.warnings,
            infos(report),
            report.summary.files
        ))
    );
    out
}

/// The situation's criteria in one table: status and the decision entered below.
fn overview(
    out: &mut String,
    report: &Report,
    w: &Words,
    situation: &str,
    entries: &[&ChecklistEntry],
) {
    let g = &w.grid;
    let _ = writeln!(
        out,
        "<table class=\"overview\">\n<caption>{} — {} {}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        esc(g.overview),
        esc(w.situation),
        esc(situation),
        esc(&capitalised(w.criterion)),
        esc(&capitalised(w.status)),
        esc(g.decision)
    );
    for e in entries {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><a href=\"#{}\">{}</a> {}</th><td class=\"status {}\">{} {}</td><td data-decision-for=\"{}\">—</td></tr>",
            esc(&anchor(&e.criterion)),
            esc(&e.criterion),
            esc(&e.title),
            e.status.as_str(),
            status_symbol(e.status),
            esc(&status_short(report, w, e.status)),
            esc(&e.criterion)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn criterion(out: &mut String, report: &Report, w: &Words, e: &ChecklistEntry, level: u8) {
    let g = &w.grid;
    let sub = (level + 1).min(6);
    let label = status_label(report, w, e.status);
    let _ = writeln!(
        out,
        "<section class=\"criterion\" id=\"{}\" data-criterion=\"{}\" data-status=\"{}\" data-label=\"{}\">",
        esc(&anchor(&e.criterion)),
        esc(&e.criterion),
        e.status.as_str(),
        esc(&label)
    );
    let _ = writeln!(
        out,
        "<h{level}>{} — {}</h{level}>\n<p>{}{} <span class=\"badge {}\">{} {}</span></p>",
        esc(&e.criterion),
        esc(&e.title),
        esc(&capitalised(w.status)),
        esc(w.colon.trim_end()),
        e.status.as_str(),
        status_symbol(e.status),
        esc(&label)
    );

    let _ = writeln!(out, "<h{sub}>{}</h{sub}>", esc(g.problems));
    if e.problems.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(problems_note(w, e)));
    } else {
        let list: Vec<&Finding> = e.problems.iter().collect();
        problems_table(
            out,
            report,
            w,
            &list,
            &format!("{} — {}", g.problems, e.criterion),
        );
    }

    for c in &e.comparisons {
        let _ = writeln!(
            out,
            "<h{sub}>{} — {}</h{sub}>\n<p>{}</p>",
            esc(g.compared),
            esc(&capitalised(&c.subject)),
            esc(g.compared_note)
        );
        let _ = writeln!(
            out,
            "<table class=\"compared\">\n<caption class=\"visually-hidden\">{} — {}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            esc(g.compared),
            esc(&c.subject),
            esc(g.source),
            esc(&capitalised(w.file.0)),
            esc(g.result)
        );
        for r in &c.rows {
            let results: Vec<String> = r
                .results
                .iter()
                .map(|x| match &x.finding {
                    Some(f) => {
                        let where_ = place(report, w, f);
                        format!(
                            "<li><span class=\"sev-{}\">{} {}</span>{} {}{}</li>",
                            f.severity.as_str(),
                            severity_symbol(f.severity),
                            esc(w.severity(f.severity)),
                            esc(w.colon.trim_end()),
                            esc(&x.text),
                            if where_.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", esc(&where_))
                            }
                        )
                    }
                    None => format!("<li><span class=\"met\">✔</span> {}</li>", esc(&x.text)),
                })
                .collect();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><code>{}</code></td><td><ul>{}</ul></td></tr>",
                esc(&capitalised(&r.source)),
                esc(&r.file),
                results.concat()
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }

    let _ = writeln!(out, "<h{sub}>{}</h{sub}>", esc(g.verified));
    if e.passed.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(g.nothing_verified));
    } else {
        out.push_str("<ul class=\"passed\">");
        for p in &e.passed {
            let _ = write!(
                out,
                "<li><code>{}</code> — {}</li>",
                esc(&p.file),
                esc(&p.text)
            );
        }
        out.push_str("</ul>\n");
    }
    if !e.elsewhere.is_empty() {
        let refs: Vec<String> = e
            .elsewhere
            .iter()
            .map(|x| {
                format!(
                    "<a href=\"#{}\">{}</a> ({})",
                    esc(&anchor(&x.criterion)),
                    esc(&x.criterion),
                    esc(&elsewhere_counts(w, x.problems, x.passed))
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"refs\">{}{} {}.</p>",
            esc(g.see_also),
            esc(w.colon.trim_end()),
            refs.join(&esc(w.list_sep))
        );
    }

    if !e.measured.is_empty() {
        let _ = writeln!(
            out,
            "<h{sub}>{}</h{sub}>\n<ul class=\"measured\">",
            esc(g.measured)
        );
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
                "<li>{} {} <span class=\"bullet-state\">— {}</span></li>",
                bullet_symbol(b.state),
                esc(&b.text),
                esc(&state)
            );
        }
        out.push_str("</ul>\n");
    }

    let _ = writeln!(out, "<h{sub}>{}</h{sub}>", esc(w.to_assess));
    if e.to_assess.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(g.to_assess_none));
    } else {
        out.push_str("<ul class=\"to-assess\">");
        for q in &e.to_assess {
            let _ = write!(out, "<li>{}</li>", esc(q));
        }
        out.push_str("</ul>\n");
    }

    let id = anchor(&e.criterion);
    let _ = writeln!(
        out,
        "<fieldset class=\"decision\"><legend>{} — {}</legend>\n<div class=\"choices\">",
        esc(g.decision),
        esc(&e.criterion)
    );
    for (i, d) in report.grid.decisions.iter().enumerate() {
        let _ = write!(
            out,
            "<label><input type=\"radio\" name=\"decision-{id}\" id=\"decision-{id}-{i}\" value=\"{}\"> {}</label>",
            esc(d),
            esc(d)
        );
    }
    let _ = writeln!(
        out,
        "</div>\n<label for=\"comment-{id}\">{}</label><textarea id=\"comment-{id}\" rows=\"3\"></textarea><div class=\"comment-print\" aria-hidden=\"true\"></div>\n</fieldset>\n</section>",
        esc(g.comment)
    );
}

fn problems_table(
    out: &mut String,
    report: &Report,
    w: &Words,
    findings: &[&Finding],
    caption: &str,
) {
    let g = &w.grid;
    let _ = writeln!(
        out,
        "<table class=\"problems\">\n<caption class=\"visually-hidden\">{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        esc(caption),
        esc(g.severity),
        esc(&capitalised(w.file.0)),
        esc(g.place),
        esc(g.finding)
    );
    for f in findings {
        let where_ = place(report, w, f);
        let help = if f.help.trim().is_empty() {
            String::new()
        } else {
            format!("<span class=\"help\">{}</span>", esc(f.help.trim()))
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"sev-{}\">{} {}</td><td><code>{}</code></td><td>{}</td><td>{} <span class=\"code\">[{}]</span>{help}</td></tr>",
            f.severity.as_str(),
            severity_symbol(f.severity),
            esc(w.severity(f.severity)),
            esc(file_or_submission(w, f)),
            if where_.is_empty() {
                esc(if f.file.is_empty() { "—" } else { g.whole_file })
            } else {
                esc(&where_)
            },
            esc(&f.message),
            esc(&f.code)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// An element id for a criterion or situation: `C1.6/CE2` → `C1-6-CE2`.
pub(crate) fn anchor(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Text safe inside HTML elements and attribute values.
pub(crate) fn esc(s: &str) -> String {
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
