//! The evaluation situations as data: `livrable situations --format json` and the server's
//! `GET /api/v1/situations` serialize the same [`SituationsDoc`], so that a platform reading
//! one reads the other.
//!
//! Each criterion says whether the tool checks it (`automated`: a check of the pack gives
//! evidence for the criterion or for one of its bullets) and, when it does not, why, in the
//! asked language (the pack's `interface.toml`, key [`NOT_AUTOMATED`]).

use serde::Serialize;

use crate::checklist::criterion_of;
use crate::pack::Pack;
use crate::referentiel::{Referentiel, Situation};

/// The `interface.toml` key of the reason given for a criterion no check covers.
pub const NOT_AUTOMATED: &str = "situations.not_automated";

/// Every situation of the pack (or one), with what it expects and its criteria.
#[derive(Debug, Serialize)]
pub struct SituationsDoc {
    pub situations: Vec<SituationEntry>,
}

/// One evaluation situation.
#[derive(Debug, Serialize)]
pub struct SituationEntry {
    pub id: String,
    pub block: String,
    pub competences: Vec<String>,
    pub expects: Vec<ExpectedEntry>,
    pub criteria: Vec<CriterionEntry>,
}

/// A deliverable the situation asks for.
#[derive(Debug, Serialize)]
pub struct ExpectedEntry {
    /// The deliverable kind (`communication-plan`).
    pub kind: String,
    /// The referential's words for it.
    pub label: String,
    pub optional: bool,
    pub part_of: Option<String>,
}

/// One criterion, with its bullets.
#[derive(Debug, Serialize)]
pub struct CriterionEntry {
    pub id: String,
    pub title: String,
    pub automated: bool,
    /// Why the tool gives no evidence for it (only when `automated` is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub bullets: Vec<BulletEntry>,
}

/// One bullet of a criterion's wording.
#[derive(Debug, Serialize)]
pub struct BulletEntry {
    pub id: String,
    pub text: String,
}

/// The situations of `pack` in `lang` (`fr`, `en`): all of them, or only `only` (matched in
/// any case; `None` when there is no such situation). A pack without a referential has no
/// situations.
pub fn situations_doc(pack: &Pack, only: Option<&str>, lang: &str) -> Option<SituationsDoc> {
    let Some(referentiel) = &pack.referentiel else {
        return only.is_none().then_some(SituationsDoc {
            situations: Vec::new(),
        });
    };
    let situations = match only {
        Some(id) => vec![entry(pack, referentiel, referentiel.situation(id)?, lang)],
        None => referentiel
            .situations
            .iter()
            .map(|s| entry(pack, referentiel, s, lang))
            .collect(),
    };
    Some(SituationsDoc { situations })
}

fn entry(pack: &Pack, referentiel: &Referentiel, s: &Situation, lang: &str) -> SituationEntry {
    let reason = pack
        .interface
        .get(NOT_AUTOMATED)
        .map(|text| text.render(lang, &[]));
    let covered = |criterion: &str| {
        pack.checks
            .iter()
            .any(|c| c.criteria.iter().any(|r| criterion_of(r) == criterion))
    };
    SituationEntry {
        id: s.id.clone(),
        block: s.block.clone(),
        competences: s.competences.clone(),
        expects: s
            .expects
            .iter()
            .map(|e| ExpectedEntry {
                kind: e.kind.clone(),
                label: e.label.trim().to_string(),
                optional: e.optional,
                part_of: e.part_of.clone(),
            })
            .collect(),
        criteria: referentiel
            .criteria_of(&s.id)
            .map(|c| {
                let automated = covered(&c.id);
                CriterionEntry {
                    id: c.id.clone(),
                    title: c.title.trim().to_string(),
                    automated,
                    reason: if automated { None } else { reason.clone() },
                    bullets: c
                        .bullets
                        .iter()
                        .map(|b| BulletEntry {
                            id: b.id.clone(),
                            text: b.text.clone(),
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}
