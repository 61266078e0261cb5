//! The pack's own documentation: `livrable explain CODE`, `livrable rules` and
//! `livrable situations [ID]`, and the nearest known names when a code or a situation is
//! mistyped.
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

/// Up to `max` known names nearest to `typed`, best first: those that contain it
/// (`skipped-level` for `heading-structure/skipped-level`) or share its part after the
/// `/`, then those whose spelling is close (normalised Levenshtein similarity of the
/// whole names or of their parts after the `/`, case ignored). Empty when nothing is close.
pub fn nearest<'a>(
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    /// Below this similarity two names are not taken for one another: one typo in five
    /// characters.
    const CLOSE: f64 = 0.75;
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return Vec::new();
    }
    let tail = |name: &str| name.rsplit('/').next().unwrap_or(name).to_string();
    let typed_tail = tail(&typed);
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let name_tail = tail(&lower);
            let score = if lower.contains(&typed) || name_tail == typed_tail {
                2.0
            } else {
                strsim::normalized_levenshtein(&typed, &lower)
                    .max(strsim::normalized_levenshtein(&typed_tail, &name_tail))
            };
            (score >= CLOSE).then_some((score, name))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(max).map(|(_, n)| n).collect()
}

/// The finding codes nearest to a mistyped one (see [`nearest`]).
pub fn nearest_codes<'a>(pack: &'a Pack, typed: &str) -> Vec<&'a str> {
    nearest(typed, pack.codes.keys().map(String::as_str), 5)
}

/// The situation ids nearest to a mistyped one (see [`nearest`]).
pub fn nearest_situations<'a>(pack: &'a Pack, typed: &str) -> Vec<&'a str> {
    let ids = pack
        .referentiel
        .iter()
        .flat_map(|r| r.situations.iter().map(|s| s.id.as_str()));
    nearest(typed, ids, 3)
}

/// One evaluation situation (`livrable situations C1.6`): its competences, the deliverables
/// it expects, and its criteria with their titles; `None` when the pack has no such
/// situation (the id is matched in any case).
pub fn situation(pack: &Pack, id: &str, lang: &str) -> Option<String> {
    let fr = lang != "en";
    let r = pack.referentiel.as_ref()?;
    let s = r.situation(id)?;
    let mut out = situation_block(r, s, fr);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", if fr { "Critères :" } else { "Criteria:" });
    for c in r.criteria_of(&s.id) {
        let _ = writeln!(out, "  {:<10} {}", c.id, c.title.trim());
    }
    Some(out)
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
        out.push_str(&situation_block(r, s, fr));
    }
    out
}

/// A situation's heading line and the deliverables it expects.
fn situation_block(
    r: &crate::referentiel::Referentiel,
    s: &crate::referentiel::Situation,
    fr: bool,
) -> String {
    let mut out = String::new();
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: [&str; 5] = [
        "heading-structure/skipped-level",
        "heading-structure/empty",
        "image-alt/empty",
        "image-alt/filename",
        "blog/no-keyword",
    ];

    #[test]
    fn nearest_names_for_a_typo_a_tail_or_a_part() {
        assert_eq!(
            nearest("heading-structure/skiped-level", CODES, 5),
            vec!["heading-structure/skipped-level"]
        );
        assert_eq!(
            nearest("skipped-level", CODES, 5),
            vec!["heading-structure/skipped-level"]
        );
        assert_eq!(
            nearest("empty", CODES, 5),
            vec!["heading-structure/empty", "image-alt/empty"]
        );
        assert_eq!(
            nearest("image-alt/filenme", CODES, 5),
            vec!["image-alt/filename"]
        );
        assert!(nearest("zzzz", CODES, 5).is_empty());
        assert!(nearest(" ", CODES, 5).is_empty());
        assert_eq!(nearest("c1.66", ["C1.1", "C1.6", "C2.1"], 3), vec!["C1.6"]);
    }
}
