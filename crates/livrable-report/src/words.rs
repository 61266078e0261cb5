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
    pub deliverables: &'static str,
    pub kind: &'static str,
    pub detected_by: &'static str,
    pub findings_summary: &'static str,
    pub no_situation: &'static str,
    pub generated: &'static str,
    /// The checklist page's meta description.
    pub description: &'static str,
    /// The evaluator's grid (`checklist-md`, `checklist-html`).
    pub grid: GridWords,
}

/// The labels of the evaluator's grid: headings, field names, buttons. The statuses' words
/// and the decisions come from the rule pack (`checklist.toml`), in the report.
pub(crate) struct GridWords {
    pub candidate: &'static str,
    pub date: &'static str,
    pub tool: &'static str,
    pub rule_pack: &'static str,
    pub legend: &'static str,
    pub overview: &'static str,
    pub problems: &'static str,
    pub no_problem: &'static str,
    /// When the only problems are in a comparison of sources.
    pub problems_compared: &'static str,
    pub severity: &'static str,
    pub place: &'static str,
    pub finding: &'static str,
    pub compared: &'static str,
    pub compared_note: &'static str,
    pub source: &'static str,
    pub result: &'static str,
    pub verified: &'static str,
    pub nothing_verified: &'static str,
    /// Before the list of criteria where more items bearing on this one are shown.
    pub see_also: &'static str,
    pub problem_forms: (&'static str, &'static str),
    pub verified_forms: (&'static str, &'static str),
    pub measured: &'static str,
    pub evidenced: &'static str,
    pub incomplete: &'static str,
    pub bullet_problem: &'static str,
    pub no_evidence: &'static str,
    pub missing: &'static str,
    pub to_assess_none: &'static str,
    pub decision: &'static str,
    pub comment: &'static str,
    pub export_csv: &'static str,
    pub export_json: &'static str,
    /// The exported CSV's header, `;`-separated.
    pub csv_header: &'static str,
    pub saved: &'static str,
    pub outside: &'static str,
    pub outside_note: &'static str,
    pub line: &'static str,
    pub whole_file: &'static str,
    pub submission_as_a_whole: &'static str,
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
    partial: "à compléter",
    manual: "à évaluer",
    zero_is_singular: true,
    checklist_title: "Grille d'évaluation pré-remplie",
    submission: "Soumission",
    situation: "Situation d'évaluation",
    inferred: "déduite des livrables remis",
    asked: "choisie par l'utilisateur",
    to_assess: "À évaluer",
    deliverables: "Livrables reconnus",
    kind: "type",
    detected_by: "reconnu par",
    findings_summary: "Bilan des constats",
    no_situation: "Aucune situation d'évaluation ne correspond aux livrables : précisez-la avec --situation.",
    description: "Grille d'évaluation pré-remplie par livrable : chaque critère de la situation d'évaluation avec son statut, les constats et les points à évaluer.",
    generated: "Pré-rempli par livrable : les statuts « atteint » ne valent que pour ce que l'outil sait vérifier ; le jugement revient à l'évaluateur.",
    grid: GridWords {
        candidate: "Candidat",
        date: "Date",
        tool: "Outil",
        rule_pack: "Jeu de règles",
        legend: "Légende des statuts",
        overview: "Vue d'ensemble",
        problems: "Problèmes",
        no_problem: "Aucun problème relevé.",
        problems_compared: "Les problèmes relevés sont ci-dessous, à côté de ce que dit l'autre source.",
        severity: "Gravité",
        place: "Emplacement",
        finding: "Constat",
        compared: "Sources à rapprocher",
        compared_note: "La même vérification, sur deux sources du même sujet : chaque ligne dit d'où vient le résultat.",
        source: "Source",
        result: "Résultat",
        verified: "Vérifié par l'outil",
        nothing_verified: "Rien de vérifié automatiquement ici.",
        see_also: "Portent aussi sur ce critère",
        problem_forms: ("problème", "problèmes"),
        verified_forms: ("élément vérifié", "éléments vérifiés"),
        measured: "Points mesurés par l'outil",
        evidenced: "preuve favorable",
        incomplete: "preuve incomplète",
        bullet_problem: "erreur",
        no_evidence: "aucune preuve trouvée",
        missing: "livrable manquant",
        to_assess_none: "Rien d'autre à évaluer : chaque point est mesuré par l'outil (le jugement de qualité reste à l'évaluateur).",
        decision: "Décision de l'évaluateur",
        comment: "Commentaire",
        export_csv: "Exporter les décisions (CSV)",
        export_json: "Exporter les décisions (JSON)",
        csv_header: "candidat;date;critère;statut;décision;commentaire",
        saved: "Les décisions et commentaires sont enregistrés dans ce navigateur, pour cette grille.",
        outside: "Constats sans critère",
        outside_note: "Ces constats ne portent sur aucun critère de la grille (fichier illisible, livrable non reconnu…) ; ils peuvent expliquer un statut.",
        line: "ligne",
        whole_file: "tout le fichier",
        submission_as_a_whole: "la soumission",
    },
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
    partial: "to complete",
    manual: "to assess",
    zero_is_singular: false,
    checklist_title: "Pre-filled evaluation checklist",
    submission: "Submission",
    situation: "Evaluation situation",
    inferred: "inferred from the deliverables handed in",
    asked: "chosen by the user",
    to_assess: "To assess",
    deliverables: "Recognised deliverables",
    kind: "kind",
    detected_by: "recognised by",
    findings_summary: "Findings",
    no_situation: "No evaluation situation matches the deliverables: give one with --situation.",
    description: "Evaluation checklist pre-filled by livrable: each criterion of the evaluation situation with its status, the evidence found and what is left to assess.",
    generated: "Pre-filled by livrable: \"met\" only covers what the tool can check; the judgement is the evaluator's.",
    grid: GridWords {
        candidate: "Candidate",
        date: "Date",
        tool: "Tool",
        rule_pack: "Rule pack",
        legend: "Status legend",
        overview: "Overview",
        problems: "Problems",
        no_problem: "No problem found.",
        problems_compared: "The problems found are below, beside what the other source says.",
        severity: "Severity",
        place: "Place",
        finding: "Finding",
        compared: "Sources side by side",
        compared_note: "The same check on two sources of one subject: each row says where its result comes from.",
        source: "Source",
        result: "Result",
        verified: "Verified by the tool",
        nothing_verified: "Nothing verified automatically here.",
        see_also: "Also bearing on this criterion",
        problem_forms: ("problem", "problems"),
        verified_forms: ("verified item", "verified items"),
        measured: "Points the tool measures",
        evidenced: "passing evidence",
        incomplete: "incomplete evidence",
        bullet_problem: "error",
        no_evidence: "no evidence found",
        missing: "missing deliverable",
        to_assess_none: "Nothing else to assess: every point is measured by the tool (judging quality remains the evaluator's).",
        decision: "Evaluator's decision",
        comment: "Comment",
        export_csv: "Export the decisions (CSV)",
        export_json: "Export the decisions (JSON)",
        csv_header: "candidate;date;criterion;status;decision;comment",
        saved: "Decisions and comments are kept in this browser, for this grid.",
        outside: "Findings outside the criteria",
        outside_note: "These findings bear on no criterion of the grid (unreadable file, unrecognised deliverable…); they may explain a status.",
        line: "line",
        whole_file: "whole file",
        submission_as_a_whole: "the submission",
    },
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
    pub fn count(&self, n: usize, forms: (&str, &str)) -> String {
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
