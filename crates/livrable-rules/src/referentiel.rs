//! The certification's referential as data: blocks, competences, evaluation situations (with
//! the deliverables each one asks for) and evaluation criteria with their bullets.
//!
//! The data lives in the rule pack's `referentiel.toml`; this module only gives it types and
//! lookups. The wording is the referential's own French text, verbatim: nothing here
//! rewrites it, and the completeness test (`tests/referentiel_complete.rs`) proves the pack
//! says exactly what the source text says.
//!
//! Ids follow the pack's convention: a situation is named by its first competence (`C1.1`
//! for the one that evaluates C1.1–C1.3); a criterion by its situation, a slash and its CE
//! number (`C1.6/CE2`), because CE numbers restart in each situation; a bullet by its
//! criterion and its 1-based position (`C1.6/CE2/1`).
//!
//! Limits: [`parse`] checks the shape of the file (unknown keys are refused, so a typo
//! cannot silently drop data); [`Referentiel::integrity_errors`] checks that the ids hang
//! together. Neither knows the deliverable kinds of `deliverables.toml`: the pack loader
//! cross-checks [`Referentiel::deliverable_kinds`] against them.

use serde::Deserialize;
use std::collections::BTreeSet;

/// The whole referential of one certification.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referentiel {
    pub certification: Certification,
    #[serde(rename = "block")]
    pub blocks: Vec<Block>,
    #[serde(rename = "competence")]
    pub competences: Vec<Competence>,
    #[serde(rename = "situation")]
    pub situations: Vec<Situation>,
    #[serde(rename = "criterion")]
    pub criteria: Vec<Criterion>,
}

/// The certification the referential belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// The title as the source prints it.
    pub title: String,
    /// The qualification level (6 for a bachelor-level title).
    pub level: u8,
    /// The RNCP record number, when the source text gives it (`None` otherwise: it is not
    /// guessed).
    #[serde(default)]
    pub rncp: Option<String>,
    /// Who issued the text, as printed on it.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Where the verbatim text comes from, relative to the pack folder.
    pub source: String,
}

/// A block of competences (`BLOC 1.` in the source).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// `B1`, `B2`…
    pub id: String,
    pub title: String,
}

/// One competence of the referential (`C1.6`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    pub id: String,
    /// The id of its [`Block`].
    pub block: String,
    /// The full wording, sub-items included, one per line.
    pub wording: String,
}

/// An evaluation situation: the competences it evaluates, how, and what the candidate hands
/// in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    /// The id of its first competence.
    pub id: String,
    pub block: String,
    /// The competences it evaluates, in the source's order.
    pub competences: Vec<String>,
    /// The « modalités d'évaluation » text, verbatim.
    #[serde(default)]
    pub modalities: Option<String>,
    /// Set instead of `modalities` when the source gives one modality text for several
    /// situations (C2.1, C2.2 and C2.3 share one): the id of the situation that holds it.
    #[serde(default)]
    pub modalities_from: Option<String>,
    /// What the modality asks that is no file to hand in (the defence, a campaign set up on
    /// a platform…), as verbatim snippets: the checklist leaves these to the evaluator.
    #[serde(default)]
    pub without_file: Vec<String>,
    /// The deliverables the candidate hands in.
    #[serde(default)]
    pub expects: Vec<Expected>,
}

/// A deliverable an evaluation situation asks for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// A deliverable kind id of `deliverables.toml` (`communication-plan`).
    pub kind: String,
    /// The referential's own words for it, a verbatim snippet of the situation's text.
    pub label: String,
    /// `true` when the referential makes it conditional (« si nécessaire », « tels que »).
    #[serde(default)]
    pub optional: bool,
    /// When the referential makes it a part of another deliverable (the budget of the
    /// communication plan), that deliverable's kind: it may be handed in as its own file or
    /// as a section of that one.
    #[serde(default)]
    pub part_of: Option<String>,
    /// What the referential says it must contain, as verbatim snippets.
    #[serde(default)]
    pub includes: Vec<String>,
}

/// One evaluation criterion (`C1.6/CE2`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub situation: String,
    pub title: String,
    /// Every bullet of its wording, in order.
    pub bullets: Vec<Bullet>,
}

/// One bullet of a criterion's wording (`C1.6/CE2/1`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bullet {
    pub id: String,
    pub text: String,
}

/// Reads a `referentiel.toml`.
pub fn parse(text: &str) -> Result<Referentiel, toml::de::Error> {
    toml::from_str(text)
}

impl Referentiel {
    /// A block by id (`B1`).
    pub fn block(&self, id: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.id == id)
    }

    /// A competence by id (`C1.6`).
    pub fn competence(&self, id: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.id == id)
    }

    /// A situation by id (`C1.1`), written in any case (`c1.1`, as typed on a command line
    /// or in a form).
    pub fn situation(&self, id: &str) -> Option<&Situation> {
        let id = id.trim();
        self.situations.iter().find(|s| s.id == id).or_else(|| {
            self.situations
                .iter()
                .find(|s| s.id.eq_ignore_ascii_case(id))
        })
    }

    /// The situation that evaluates a competence (`C1.2` → the situation `C1.1`).
    pub fn situation_of_competence(&self, competence: &str) -> Option<&Situation> {
        self.situations
            .iter()
            .find(|s| s.competences.iter().any(|c| c == competence))
    }

    /// A criterion by id (`C1.6/CE2`).
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The criteria of a situation, in order.
    pub fn criteria_of<'a>(&'a self, situation: &'a str) -> impl Iterator<Item = &'a Criterion> {
        self.criteria
            .iter()
            .filter(move |c| c.situation == situation)
    }

    /// A bullet by id (`C1.6/CE2/1`).
    pub fn bullet(&self, id: &str) -> Option<&Bullet> {
        let (criterion, _) = id.rsplit_once('/')?;
        self.criterion(criterion)?
            .bullets
            .iter()
            .find(|b| b.id == id)
    }

    /// A situation's « modalités d'évaluation » text, following `modalities_from` when the
    /// text is shared (one hop: a shared text is never itself borrowed).
    pub fn modalities(&self, situation: &str) -> Option<&str> {
        let s = self.situation(situation)?;
        match (&s.modalities, &s.modalities_from) {
            (Some(text), _) => Some(text),
            (None, Some(from)) => self.situation(from)?.modalities.as_deref(),
            (None, None) => None,
        }
    }

    /// Every deliverable kind the situations name (in `kind` or `part_of`), for the pack
    /// loader to check against `deliverables.toml`.
    pub fn deliverable_kinds(&self) -> BTreeSet<&str> {
        let mut kinds = BTreeSet::new();
        for e in self.situations.iter().flat_map(|s| &s.expects) {
            kinds.insert(e.kind.as_str());
            if let Some(p) = &e.part_of {
                kinds.insert(p.as_str());
            }
        }
        kinds
    }

    /// Everything that does not hang together: duplicate ids, references to a block,
    /// competence or situation that does not exist, a competence evaluated by no situation
    /// or by two, bullet ids out of step with their position, a situation with no
    /// modality text or with two. Empty when the referential is consistent.
    ///
    /// The sentences are for the pack's author (shown when a pack is refused), not for
    /// candidates; they name the offending id.
    pub fn integrity_errors(&self) -> Vec<String> {
        let mut errors = Vec::new();
        let mut seen = BTreeSet::new();
        for id in self.blocks.iter().map(|b| &b.id) {
            if !seen.insert(("block", id.as_str())) {
                errors.push(format!("block `{id}` is defined twice"));
            }
        }
        for c in &self.competences {
            if !seen.insert(("competence", c.id.as_str())) {
                errors.push(format!("competence `{}` is defined twice", c.id));
            }
            if self.block(&c.block).is_none() {
                errors.push(format!(
                    "competence `{}` names unknown block `{}`",
                    c.id, c.block
                ));
            }
            match self
                .situations
                .iter()
                .filter(|s| s.competences.contains(&c.id))
                .count()
            {
                0 => errors.push(format!(
                    "competence `{}` is evaluated by no situation",
                    c.id
                )),
                1 => {}
                _ => errors.push(format!(
                    "competence `{}` is evaluated by several situations",
                    c.id
                )),
            }
        }
        for s in &self.situations {
            if !seen.insert(("situation", s.id.as_str())) {
                errors.push(format!("situation `{}` is defined twice", s.id));
            }
            if self.block(&s.block).is_none() {
                errors.push(format!(
                    "situation `{}` names unknown block `{}`",
                    s.id, s.block
                ));
            }
            if s.competences.first() != Some(&s.id) {
                errors.push(format!(
                    "situation `{}` must be named after its first competence",
                    s.id
                ));
            }
            for c in &s.competences {
                match self.competence(c) {
                    None => errors.push(format!(
                        "situation `{}` names unknown competence `{c}`",
                        s.id
                    )),
                    Some(comp) if comp.block != s.block => errors.push(format!(
                        "situation `{}` (block `{}`) evaluates competence `{c}` of block `{}`",
                        s.id, s.block, comp.block
                    )),
                    Some(_) => {}
                }
            }
            match (&s.modalities, &s.modalities_from) {
                (Some(_), Some(_)) => errors.push(format!(
                    "situation `{}` has both `modalities` and `modalities_from`",
                    s.id
                )),
                (None, None) => errors.push(format!("situation `{}` has no modality text", s.id)),
                (None, Some(from)) => {
                    if self
                        .situation(from)
                        .and_then(|f| f.modalities.as_ref())
                        .is_none()
                    {
                        errors.push(format!(
                            "situation `{}` borrows the modality text of `{from}`, which has none of its own",
                            s.id
                        ));
                    }
                }
                (Some(_), None) => {}
            }
            if self.criteria_of(&s.id).next().is_none() {
                errors.push(format!("situation `{}` has no criterion", s.id));
            }
        }
        for c in &self.criteria {
            if !seen.insert(("criterion", c.id.as_str())) {
                errors.push(format!("criterion `{}` is defined twice", c.id));
            }
            if self.situation(&c.situation).is_none() {
                errors.push(format!(
                    "criterion `{}` names unknown situation `{}`",
                    c.id, c.situation
                ));
            }
            let well_named =
                c.id.strip_prefix(c.situation.as_str())
                    .and_then(|rest| rest.strip_prefix("/CE"))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !well_named {
                errors.push(format!(
                    "criterion `{}` must be named `{}/CE<n>`",
                    c.id, c.situation
                ));
            }
            if c.bullets.is_empty() {
                errors.push(format!("criterion `{}` has no bullet", c.id));
            }
            for (i, b) in c.bullets.iter().enumerate() {
                let expected = format!("{}/{}", c.id, i + 1);
                if b.id != expected {
                    errors.push(format!(
                        "bullet `{}` of criterion `{}` should be `{expected}` (ids follow the order)",
                        b.id, c.id
                    ));
                }
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[certification]
title = "T"
level = 6
source = "source/x.txt"

[[block]]
id = "B1"
title = "Bloc"

[[competence]]
id = "C1.1"
block = "B1"
wording = "Faire."

[[competence]]
id = "C1.2"
block = "B1"
wording = "Refaire."

[[situation]]
id = "C1.1"
block = "B1"
competences = ["C1.1", "C1.2"]
modalities = "Texte."

[[situation.expects]]
kind = "report"
label = "un rapport"

[[situation.expects]]
kind = "budget"
label = "un budget"
optional = true
part_of = "communication-plan"

[[criterion]]
id = "C1.1/CE1"
situation = "C1.1"
title = "Titre"

[[criterion.bullets]]
id = "C1.1/CE1/1"
text = "Premier."

[[criterion.bullets]]
id = "C1.1/CE1/2"
text = "Second."
"#;

    #[test]
    fn parses_and_looks_up() {
        let r = parse(SMALL).unwrap();
        assert!(
            r.integrity_errors().is_empty(),
            "{:?}",
            r.integrity_errors()
        );
        assert_eq!(
            r.situation_of_competence("C1.2").map(|s| s.id.as_str()),
            Some("C1.1")
        );
        assert_eq!(
            r.bullet("C1.1/CE1/2").map(|b| b.text.as_str()),
            Some("Second.")
        );
        assert!(r.bullet("C1.1/CE1/3").is_none());
        assert!(r.bullet("nonsense").is_none());
        assert_eq!(r.criteria_of("C1.1").count(), 1);
        assert_eq!(r.modalities("C1.1"), Some("Texte."));
        let kinds: Vec<_> = r.deliverable_kinds().into_iter().collect();
        assert_eq!(kinds, ["budget", "communication-plan", "report"]);
        let budget = &r.situations[0].expects[1];
        assert!(budget.optional && budget.includes.is_empty());
        assert!(!r.situations[0].expects[0].optional);
    }

    #[test]
    fn refuses_unknown_keys() {
        let text = SMALL.replace("title = \"Titre\"", "titel = \"Titre\"");
        assert!(parse(&text).is_err());
    }

    #[test]
    fn names_what_does_not_hang_together() {
        let text = SMALL
            .replace("situation = \"C1.1\"", "situation = \"C9.9\"")
            .replace("id = \"C1.1/CE1/2\"", "id = \"C1.1/CE1/7\"")
            .replace("modalities = \"Texte.\"", "modalities_from = \"C1.1\"");
        let errors = parse(&text).unwrap().integrity_errors();
        let has = |needle: &str| errors.iter().any(|e| e.contains(needle));
        assert!(
            has("criterion `C1.1/CE1` names unknown situation `C9.9`"),
            "{errors:?}"
        );
        assert!(has("bullet `C1.1/CE1/7`"), "{errors:?}");
        assert!(has("borrows the modality text of `C1.1`"), "{errors:?}");
        assert!(has("situation `C1.1` has no criterion"), "{errors:?}");
    }

    #[test]
    fn a_competence_left_out_is_named() {
        let text = SMALL.replace(
            "competences = [\"C1.1\", \"C1.2\"]",
            "competences = [\"C1.1\"]",
        );
        let errors = parse(&text).unwrap().integrity_errors();
        assert_eq!(errors, ["competence `C1.2` is evaluated by no situation"]);
    }
}
