//! The renderers' own few words, in French and English, in one place.
//!
//! Messages and help come from the rule pack; what lives here is presentation only: severity
//! names, the summary line, the checklist headers and statuses, the word before the help
//! text. Any language other than `en` gets French, the project's first language.

use livrable_model::{ChecklistStatus, Severity};

/// The words of one language.
pub(crate) struct Words {
    error: (&'static str, &'static str),
    warning: (&'static str, &'static str),
    info: (&'static str, &'static str),
    pub file: (&'static str, &'static str),
    /// Between the counts and the file count: "dans" / "in".
    within: &'static str,
    /// Between `severity[code]` and the message: French typography wants a space before
    /// the colon.
    pub colon: &'static str,
    /// The word that introduces the help text.
    pub help: &'static str,
    /// Between items of a list on one line.
    pub list_sep: &'static str,
    pub criterion: &'static str,
    pub status: &'static str,
    pub evidence: &'static str,
    met: &'static str,
    not_met: &'static str,
    partial: &'static str,
    manual: &'static str,
    /// True when zero takes the singular, as in French ("0 erreur").
    zero_is_singular: bool,
    /// Checklist documents (`checklist-md`, `checklist-html`).
    pub checklist_title: &'static str,
    pub submission: &'static str,
    pub situation: &'static str,
    pub inferred: &'static str,
    pub asked: &'static str,
    pub to_assess: &'static str,
    pub nothing_found: &'static str,
    pub deliverables: &'static str,
    pub kind: &'static str,
    pub detected_by: &'static str,
    pub findings_summary: &'static str,
    pub no_situation: &'static str,
    pub generated: &'static str,
    /// The checklist page's meta description.
    pub description: &'static str,
}

const FR: Words = Words {
    error: ("erreur", "erreurs"),
    warning: ("avertissement", "avertissements"),
    info: ("info", "infos"),
    file: ("fichier", "fichiers"),
    within: "dans",
    colon: " : ",
    help: "aide :",
    list_sep: " ; ",
    criterion: "critère",
    status: "statut",
    evidence: "constats",
    met: "atteint",
    not_met: "non atteint",
    partial: "partiel",
    manual: "à évaluer",
    zero_is_singular: true,
    checklist_title: "Grille d'évaluation pré-remplie",
    submission: "Soumission",
    situation: "Situation d'évaluation",
    inferred: "déduite des livrables remis",
    asked: "choisie par l'utilisateur",
    to_assess: "À évaluer",
    nothing_found: "aucun constat automatique",
    deliverables: "Livrables reconnus",
    kind: "type",
    detected_by: "reconnu par",
    findings_summary: "Bilan des constats",
    no_situation: "Aucune situation d'évaluation ne correspond aux livrables : précisez-la avec --situation.",
    description: "Grille d'évaluation pré-remplie par livrable : chaque critère de la situation d'évaluation avec son statut, les constats et les points à évaluer.",
    generated: "Pré-rempli par livrable : les statuts « atteint » ne valent que pour ce que l'outil sait vérifier ; le jugement revient à l'évaluateur.",
};

const EN: Words = Words {
    error: ("error", "errors"),
    warning: ("warning", "warnings"),
    // "info" is a mass noun in English: "2 info" reads better than "2 infos".
    info: ("info", "info"),
    file: ("file", "files"),
    within: "in",
    colon: ": ",
    help: "help:",
    list_sep: "; ",
    criterion: "criterion",
    status: "status",
    evidence: "evidence",
    met: "met",
    not_met: "not met",
    partial: "partial",
    manual: "to assess",
    zero_is_singular: false,
    checklist_title: "Pre-filled evaluation checklist",
    submission: "Submission",
    situation: "Evaluation situation",
    inferred: "inferred from the deliverables handed in",
    asked: "chosen by the user",
    to_assess: "To assess",
    nothing_found: "no automatic evidence",
    deliverables: "Recognised deliverables",
    kind: "kind",
    detected_by: "recognised by",
    findings_summary: "Findings",
    no_situation: "No evaluation situation matches the deliverables: give one with --situation.",
    description: "Evaluation checklist pre-filled by livrable: each criterion of the evaluation situation with its status, the evidence found and what is left to assess.",
    generated: "Pre-filled by livrable: \"met\" only covers what the tool can check; the judgement is the evaluator's.",
};

/// The words for a report language (`fr`, `en`, or a tag such as `en-GB`).
pub(crate) fn words(lang: &str) -> &'static Words {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    if primary.eq_ignore_ascii_case("en") {
        &EN
    } else {
        &FR
    }
}

impl Words {
    /// `n` followed by the singular or plural form, by this language's rule.
    fn count(&self, n: usize, forms: (&str, &str)) -> String {
        let singular = n == 1 || (n == 0 && self.zero_is_singular);
        format!("{n} {}", if singular { forms.0 } else { forms.1 })
    }

    /// The severity name shown before a finding's code.
    pub fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.error.0,
            Severity::Warning => self.warning.0,
            Severity::Info => self.info.0,
        }
    }

    /// "3 erreurs, 2 avertissements, 1 info dans 7 fichiers".
    pub fn summary(&self, errors: usize, warnings: usize, infos: usize, files: usize) -> String {
        format!(
            "{}, {}, {} {} {}",
            self.count(errors, self.error),
            self.count(warnings, self.warning),
            self.count(infos, self.info),
            self.within,
            self.count(files, self.file),
        )
    }

    /// The non-zero counts, « 2 erreurs, 1 avertissement », for a file's summary line.
    pub fn counts(&self, errors: usize, warnings: usize, infos: usize) -> String {
        [
            (errors, self.error),
            (warnings, self.warning),
            (infos, self.info),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, forms)| self.count(*n, *forms))
        .collect::<Vec<_>>()
        .join(", ")
    }

    /// A checklist status as the evaluator reads it.
    pub fn status_label(&self, status: ChecklistStatus) -> &'static str {
        match status {
            ChecklistStatus::Met => self.met,
            ChecklistStatus::NotMet => self.not_met,
            ChecklistStatus::Partial => self.partial,
            ChecklistStatus::Manual => self.manual,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_plural_keeps_zero_and_one_singular() {
        let w = words("fr");
        assert_eq!(
            w.summary(3, 2, 1, 7),
            "3 erreurs, 2 avertissements, 1 info dans 7 fichiers"
        );
        assert_eq!(
            w.summary(0, 1, 0, 1),
            "0 erreur, 1 avertissement, 0 info dans 1 fichier"
        );
        assert_eq!(
            w.summary(1, 0, 2, 0),
            "1 erreur, 0 avertissement, 2 infos dans 0 fichier"
        );
    }

    #[test]
    fn counts_leave_out_zeros() {
        assert_eq!(words("fr").counts(2, 0, 1), "2 erreurs, 1 info");
        assert_eq!(words("en").counts(0, 1, 0), "1 warning");
    }

    #[test]
    fn english_plural_makes_zero_plural() {
        let w = words("en");
        assert_eq!(
            w.summary(3, 2, 1, 7),
            "3 errors, 2 warnings, 1 info in 7 files"
        );
        assert_eq!(
            w.summary(0, 1, 0, 1),
            "0 errors, 1 warning, 0 info in 1 file"
        );
        assert_eq!(
            w.summary(1, 0, 2, 0),
            "1 error, 0 warnings, 2 info in 0 files"
        );
    }

    #[test]
    fn language_tags_and_unknown_languages() {
        assert_eq!(words("en-GB").severity(Severity::Error), "error");
        assert_eq!(words("EN").severity(Severity::Warning), "warning");
        assert_eq!(words("fr-CA").severity(Severity::Error), "erreur");
        assert_eq!(words("").severity(Severity::Warning), "avertissement");
        assert_eq!(
            words("de").status_label(ChecklistStatus::Manual),
            "à évaluer"
        );
        assert_eq!(words("en").status_label(ChecklistStatus::NotMet), "not met");
    }
}
