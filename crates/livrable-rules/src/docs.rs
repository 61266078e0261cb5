//! The pack's own documentation: `livrable explain CODE` and `livrable rules`.
//!
//! Like Ruff's rule pages, the words sit beside the rule (in the pack's `codes/*.toml`),
//! and the same text serves the command line and any generated documentation.

use std::fmt::Write;

use crate::pack::Pack;

/// What a finding code means, why it matters and how to fix it; `None` for an unknown code.
pub fn explain(pack: &Pack, code: &str, lang: &str) -> Option<String> {
    let def = pack.codes.get(code)?;
    let fr = lang != "en";
    let mut out = String::new();
    let _ = writeln!(out, "{code} ({})", severity_word(def.severity, fr));
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", def.message.render(lang, &[]));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        if fr {
            "Pourquoi c'est important :"
        } else {
            "Why it matters:"
        }
    );
    let _ = writeln!(out, "{}", def.explain.render(lang, &[]));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        if fr {
            "Comment corriger :"
        } else {
            "How to fix it:"
        }
    );
    let _ = writeln!(out, "{}", def.help.render(lang, &[]));
    let checks: Vec<_> = pack
        .checks
        .iter()
        .filter(|c| code.split('/').next() == Some(c.kind.as_str()))
        .collect();
    if !checks.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", if fr { "Vérifié sur :" } else { "Checked on:" });
        for c in checks {
            let kinds: Vec<String> = c
                .applies_to
                .iter()
                .map(|k| {
                    pack.deliverable(k)
                        .map_or(k.clone(), |d| d.label.render(lang, &[]))
                })
                .collect();
            let criteria = if c.criteria.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.criteria.join(", "))
            };
            let _ = writeln!(out, "  - {}{criteria}", kinds.join(", "));
        }
    }
    Some(out)
}

/// A listing of the pack: deliverable kinds, check instances, finding codes.
pub fn list(pack: &Pack, lang: &str) -> String {
    let fr = lang != "en";
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} {}",
        pack.info.id,
        pack.info.title.render(lang, &[]),
        pack.info.version
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", if fr { "Livrables :" } else { "Deliverables:" });
    for d in &pack.deliverables {
        let _ = writeln!(out, "  {:<20} {}", d.id, d.label.render(lang, &[]));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", if fr { "Vérifications :" } else { "Checks:" });
    for c in &pack.checks {
        let _ = writeln!(
            out,
            "  {:<28} {:<22} {}",
            c.id,
            c.kind,
            c.applies_to.join(", ")
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", if fr { "Codes :" } else { "Codes:" });
    for (code, def) in &pack.codes {
        let _ = writeln!(
            out,
            "  {:<40} {:<8} {}",
            code,
            def.severity.as_str(),
            def.message.render(lang, &[])
        );
    }
    out
}

fn severity_word(s: livrable_model::Severity, fr: bool) -> &'static str {
    use livrable_model::Severity::*;
    match (s, fr) {
        (Error, true) => "erreur",
        (Warning, true) => "avertissement",
        (Info, _) => "info",
        (Error, false) => "error",
        (Warning, false) => "warning",
    }
}

/// The evaluation situations with the deliverables each expects (`livrable situations`).
pub fn situations(pack: &Pack, lang: &str) -> String {
    let fr = lang != "en";
    let mut out = String::new();
    let Some(r) = &pack.referentiel else {
        let _ = writeln!(
            out,
            "{}",
            if fr {
                "Ce jeu de règles n'a pas de référentiel."
            } else {
                "This rule pack has no referential."
            }
        );
        return out;
    };
    for s in &r.situations {
        let criteria = r.criteria_of(&s.id).count();
        let _ = writeln!(
            out,
            "{} — {} {} ({} {})",
            s.id,
            if fr { "compétences" } else { "competences" },
            s.competences.join(", "),
            criteria,
            if fr { "critères" } else { "criteria" }
        );
        if s.expects.is_empty() {
            let _ = writeln!(
                out,
                "    {}",
                if fr {
                    "(aucun fichier à remettre)"
                } else {
                    "(no file to hand in)"
                }
            );
        }
        for e in &s.expects {
            let mut notes = Vec::new();
            if e.optional {
                notes.push(if fr {
                    "facultatif".to_string()
                } else {
                    "optional".to_string()
                });
            }
            if let Some(parent) = &e.part_of {
                notes.push(format!(
                    "{} {parent}",
                    if fr {
                        "peut faire partie de"
                    } else {
                        "may be part of"
                    }
                ));
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" [{}]", notes.join(", "))
            };
            let _ = writeln!(out, "    {:<20} {}{notes}", e.kind, e.label.trim());
        }
        for w in &s.without_file {
            let _ = writeln!(
                out,
                "    {:<20} {}",
                if fr { "(hors fichier)" } else { "(no file)" },
                w.trim()
            );
        }
    }
    out
}
