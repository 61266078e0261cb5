//! `raci/…`: does the RACI matrix give every task one accountable and someone to do it?
//!
//! # What it checks
//!
//! A RACI matrix is a table of tasks (rows) × roles (columns) whose cells hold the letters
//! R (réalise, *responsible*), A (approuve, *accountable*), C (consulté) and I (informé).
//! The matrix is found by [`crate::tables`]: a header row naming the task column
//! (`task_columns`: `Tâche`, `Action`, `Étape`…), under any title block. Every other
//! header cell of the table is a role (`Chef de projet`, `Direction`, `Agence`…), except
//! the columns named by `other_columns` (`Début`, `Commentaire`…). A role column counts
//! when at least `min_letter_share` of its filled cells hold RACI letters, or when it is
//! empty; a table is a RACI matrix when one role column holds letters. So a Gantt table
//! (`Tâche | Responsable | Début`) whose `Responsable` column holds names is not one.
//!
//! Cells may combine letters (`A/R`, `R, A`, `AR`); case is ignored; a blank or one of
//! `blank_marks` (`-`) means "not involved".
//!
//! - `raci/no-accountable`: a task with no A.
//! - `raci/several-accountable`: a task with more than one A (one person answers for a
//!   task: that is the point of the A).
//! - `raci/no-responsible`: a task with no R (`A/R` counts).
//! - `raci/bad-letter`: a cell of a role column holding something else than the letters
//!   (`X`, `Resp.`, a name).
//! - `raci/unused-role`: a role column with no letter on any task.
//! - `raci/no-matrix` (information): no RACI matrix found (only when
//!   `report_missing_table`).
//!
//! Evidence `raci/matrix` gives the number of tasks and roles of a matrix with no
//! finding.
//!
//! # Why
//!
//! C3.1/CE2 expects « des outils de planification tels que le Gantt ou le RACI » and
//! actors named for each step. The rules (exactly one A, at least one R per task, only
//! the four letters, every actor used) are the PMI's responsibility assignment matrix
//! rules, as every project-management course teaches them.
//!
//! # Limits
//!
//! - A transposed matrix (roles as rows, tasks as columns) is not recognised.
//! - Variants with more letters (RASCI's S, RACI-VS) are reported unless the instance
//!   adds their letters to `other_letters`.

use livrable_model::{Location, Observation};

use crate::tables::{self, normalize, Found, Layout, LayoutParams, Sheet, Spec, Vocabulary};
use crate::text::quote;
use crate::{Input, Output, ParamError};

pub const KIND: &str = "raci";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_ACCOUNTABLE: &str = "raci/no-accountable";
    pub const SEVERAL_ACCOUNTABLE: &str = "raci/several-accountable";
    pub const NO_RESPONSIBLE: &str = "raci/no-responsible";
    pub const BAD_LETTER: &str = "raci/bad-letter";
    pub const UNUSED_ROLE: &str = "raci/unused-role";
    pub const NO_MATRIX: &str = "raci/no-matrix";
    /// Evidence.
    pub const MATRIX: &str = "raci/matrix";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_ACCOUNTABLE, &["task"]),
        CodeDecl::new(SEVERAL_ACCOUNTABLE, &["count", "roles", "task"]),
        CodeDecl::new(NO_RESPONSIBLE, &["task"]),
        CodeDecl::new(BAD_LETTER, &["letters", "role", "task", "value"]),
        CodeDecl::new(UNUSED_ROLE, &["role"]),
        CodeDecl::new(NO_MATRIX, &[]),
        CodeDecl::new(MATRIX, &["roles", "tasks"]),
    ];
}

/// Labels quoted in findings are cut to this many characters.
const QUOTE_MAX: usize = 60;

/// Parameters of a `raci` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Header words of the task column: `tâche`, `action`, `étape`, `livrable`.
    pub task_columns: Vec<String>,
    /// Header words of columns that are neither tasks nor roles: `début`, `fin`,
    /// `commentaire`, `phase`.
    pub other_columns: Vec<String>,
    pub layout: LayoutParams,
    /// The letter of whoever does the task (`R`).
    pub responsible: String,
    /// The letter of whoever answers for it (`A`).
    pub accountable: String,
    /// The other accepted letters (`C`, `I`).
    pub other_letters: Vec<String>,
    /// Cell contents meaning "not involved", besides a blank (`-`, `–`).
    pub blank_marks: Vec<String>,
    /// Least share (0–1) of a column's filled cells that must hold RACI letters for the
    /// column to be a role.
    pub min_letter_share: f64,
    /// `true`: a document with no RACI matrix gets `raci/no-matrix`.
    pub report_missing_table: bool,
}

/// The parameters, prepared.
pub(crate) struct Config {
    vocabulary: Vocabulary,
    layout: Layout,
    r: char,
    a: char,
    letters: Vec<char>,
    blank: Vec<String>,
    share: f64,
}

fn letter(s: &str, name: &str) -> Result<char, ParamError> {
    let mut chars = s.trim().chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_alphabetic() => Ok(c.to_uppercase().next().unwrap_or(c)),
        _ => Err(ParamError(format!(
            "raci: `{name}` must be one letter, not `{s}`"
        ))),
    }
}

impl Config {
    pub(crate) fn new(p: &Params) -> Result<Self, ParamError> {
        if p.task_columns.is_empty() {
            return Err(ParamError("raci: `task_columns` must not be empty".into()));
        }
        if !(0.0..=1.0).contains(&p.min_letter_share) {
            return Err(ParamError(
                "raci: `min_letter_share` must be between 0 and 1".into(),
            ));
        }
        let r = letter(&p.responsible, "responsible")?;
        let a = letter(&p.accountable, "accountable")?;
        let mut letters = vec![r, a];
        for l in &p.other_letters {
            letters.push(letter(l, "other_letters")?);
        }
        Ok(Config {
            vocabulary: Vocabulary::new()
                .role("task", &p.task_columns)
                .role("other", &p.other_columns),
            layout: Layout::new(&p.layout),
            r,
            a,
            letters,
            blank: p.blank_marks.iter().map(|m| m.trim().to_string()).collect(),
            share: p.min_letter_share,
        })
    }

    /// What a cell of a role column holds.
    fn mark(&self, text: &str) -> Mark {
        let t = text.trim();
        if t.is_empty() || self.blank.iter().any(|b| b == t) {
            return Mark::Blank;
        }
        let mut found: Vec<char> = Vec::new();
        for c in t.chars() {
            if matches!(c, '/' | ',' | '+' | '&' | ';' | '-' | '.' | '–' | '|') || c.is_whitespace()
            {
                continue;
            }
            let up = c.to_uppercase().next().unwrap_or(c);
            if !self.letters.contains(&up) {
                return Mark::Bad;
            }
            found.push(up);
        }
        if found.is_empty() {
            return Mark::Blank;
        }
        Mark::Letters {
            r: found.contains(&self.r),
            a: found.contains(&self.a),
        }
    }
}

/// A role cell's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Blank,
    Letters { r: bool, a: bool },
    Bad,
}

/// A role column of a matrix.
struct Role {
    col: usize,
    name: String,
    lettered: usize,
}

pub fn check(input: &Input, params: &Params) -> Result<Output, ParamError> {
    run_with(input, params, &Config::new(params)?)
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(input: &Input, params: &Params, cfg: &Config) -> Result<Output, ParamError> {
    let mut out = Output::default();
    let spec = Spec::new(&cfg.vocabulary, &cfg.layout, &["task"], 1);
    let mut any = false;
    for table in &input.doc.tables {
        let sheet = Sheet::new(table);
        for found in tables::find(&sheet, &spec) {
            if let Some(roles) = roles_of(&sheet, &found, cfg) {
                any = true;
                check_matrix(&sheet, &found, &roles, cfg, &mut out);
            }
        }
    }
    if !any && params.report_missing_table {
        out.findings
            .push(Observation::new(codes::NO_MATRIX, Location::whole()));
    }
    Ok(out)
}

/// The role columns of a found table, or `None` when it is not a RACI matrix.
fn roles_of(sheet: &Sheet, f: &Found, cfg: &Config) -> Option<Vec<Role>> {
    let mut roles = Vec::new();
    let mut any_letters = false;
    for c in f.first_col..=f.last_col {
        if f.role_of(c).is_some() {
            continue;
        }
        let name = f.header_text(sheet, c);
        if name.is_empty() || normalize(&name).is_empty() {
            continue;
        }
        let (mut lettered, mut bad) = (0usize, 0usize);
        for row in f.data() {
            match cfg.mark(sheet.text(row.index, c)) {
                Mark::Letters { .. } => lettered += 1,
                Mark::Bad => bad += 1,
                Mark::Blank => {}
            }
        }
        let filled = lettered + bad;
        if filled == 0 || lettered as f64 >= cfg.share * filled as f64 && lettered > 0 {
            any_letters |= lettered > 0;
            roles.push(Role {
                col: c,
                name,
                lettered,
            });
        }
    }
    any_letters.then_some(roles)
}

fn check_matrix(sheet: &Sheet, f: &Found, roles: &[Role], cfg: &Config, out: &mut Output) {
    let before = out.findings.len();
    let mut tasks = 0;
    for row in f.data() {
        let r = row.index;
        let Some((label_col, label)) = f.label_of(sheet, r, "task") else {
            continue;
        };
        tasks += 1;
        let task = quote(label, QUOTE_MAX);
        let at = sheet.location(r, label_col);
        let mut accountable: Vec<&str> = Vec::new();
        let mut responsible = 0;
        for role in roles {
            let text = sheet.text(r, role.col);
            match cfg.mark(text) {
                Mark::Letters { r: is_r, a: is_a } => {
                    if is_a {
                        accountable.push(&role.name);
                    }
                    responsible += usize::from(is_r);
                }
                Mark::Bad => out.findings.push(
                    Observation::new(codes::BAD_LETTER, sheet.location(r, role.col))
                        .arg("value", quote(text, QUOTE_MAX))
                        .arg("task", &task)
                        .arg("role", quote(&role.name, QUOTE_MAX))
                        .arg("letters", letters_list(cfg)),
                ),
                Mark::Blank => {}
            }
        }
        match accountable.len() {
            0 => out
                .findings
                .push(Observation::new(codes::NO_ACCOUNTABLE, at.clone()).arg("task", &task)),
            1 => {}
            n => out.findings.push(
                Observation::new(codes::SEVERAL_ACCOUNTABLE, at.clone())
                    .arg("task", &task)
                    .arg("count", n)
                    .arg(
                        "roles",
                        accountable
                            .iter()
                            .map(|n| quote(n, QUOTE_MAX))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
            ),
        }
        if responsible == 0 {
            out.findings
                .push(Observation::new(codes::NO_RESPONSIBLE, at).arg("task", &task));
        }
    }
    for role in roles.iter().filter(|r| r.lettered == 0) {
        out.findings.push(
            Observation::new(codes::UNUSED_ROLE, sheet.location(f.header_last, role.col))
                .arg("role", quote(&role.name, QUOTE_MAX)),
        );
    }
    if out.findings.len() == before && tasks > 0 {
        out.evidence.push(
            Observation::new(codes::MATRIX, f.location(sheet))
                .arg("tasks", tasks)
                .arg("roles", roles.len()),
        );
    }
}

/// The accepted letters, for the help text: `R, A, C, I`.
fn letters_list(cfg: &Config) -> String {
    cfg.letters
        .iter()
        .map(char::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::testing::{self, codes, doc_with, layout, sheet_of, words};
    use livrable_model::{Document, Format};

    fn params() -> Params {
        Params {
            task_columns: words(&["tâche", "action", "étape"]),
            other_columns: words(&["début", "fin", "commentaire"]),
            layout: layout(&["total"], &["sous-total"], &["légende", "source"]),
            responsible: "R".into(),
            accountable: "A".into(),
            other_letters: words(&["C", "I"]),
            blank_marks: words(&["-"]),
            min_letter_share: 0.5,
            report_missing_table: true,
        }
    }

    fn run(doc: &Document) -> Output {
        testing::run(check, doc, "raci", &params())
    }

    #[test]
    fn a_correct_matrix_under_a_title_gives_evidence() {
        let t = sheet_of(
            "RACI",
            &[
                &["Matrice RACI — salon 2027", "", "", ""],
                &["", "", "", ""],
                &["Tâche", "Chef de projet", "Direction", "Agence"],
                &["Phase 1 : préparation", "", "", ""],
                &["Réserver le stand", "A/R", "I", "-"],
                &["Créer les visuels", "A", "C", "R"],
                &["Légende : R réalise, A approuve", "", "", ""],
            ],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t]));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.evidence.len(), 1);
        assert_eq!(out.evidence[0].args[0], ("tasks".into(), "2".into()));
        assert_eq!(out.evidence[0].args[1], ("roles".into(), "3".into()));
    }

    #[test]
    fn every_rule_fires_at_its_cell() {
        let t = sheet_of(
            "RACI",
            &[
                &[
                    "Tâche",
                    "Chef de projet",
                    "Direction",
                    "Agence",
                    "Stagiaire",
                ],
                &["Réserver le stand", "R", "I", "C", ""],
                &["Créer les visuels", "A", "A", "R", ""],
                &["Envoyer le communiqué", "A", "I", "C", ""],
                &["Suivre les retombées", "R/A", "X", "I", ""],
            ],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t]));
        assert_eq!(
            codes(&out),
            vec![
                "raci/no-accountable",
                "raci/several-accountable",
                "raci/no-responsible",
                "raci/bad-letter",
                "raci/unused-role"
            ]
        );
        let at = |i: usize| out.findings[i].location.cell;
        assert_eq!(at(0), Some((1, 0)));
        assert_eq!(at(3), Some((4, 2)), "the X cell");
        assert_eq!(at(4), Some((0, 4)), "the unused role's header");
        assert!(out.evidence.is_empty());
    }

    #[test]
    fn a_gantt_with_an_owner_column_is_not_a_matrix() {
        let t = sheet_of(
            "Gantt",
            &[
                &["Tâche", "Responsable", "Début", "Fin"],
                &["Stand", "Léa Martin", "12/03/2027", "14/03/2027"],
                &["Affichage", "Paul Girard", "01/04/2027", "30/04/2027"],
            ],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t]));
        assert_eq!(codes(&out), vec!["raci/no-matrix"]);
    }

    #[test]
    fn lower_case_and_combined_letters_are_accepted() {
        let cfg = Config::new(&params()).unwrap();
        assert_eq!(cfg.mark("a / r"), Mark::Letters { r: true, a: true });
        assert_eq!(cfg.mark("AR"), Mark::Letters { r: true, a: true });
        assert_eq!(cfg.mark("C, I"), Mark::Letters { r: false, a: false });
        assert_eq!(cfg.mark(" - "), Mark::Blank);
        assert_eq!(cfg.mark("Resp."), Mark::Bad);
        assert_eq!(cfg.mark("S"), Mark::Bad);
    }

    #[test]
    fn bad_parameters_are_refused() {
        let mut p = params();
        p.accountable = "AA".into();
        assert!(Config::new(&p).is_err());
        let mut p = params();
        p.min_letter_share = 2.0;
        assert!(Config::new(&p).is_err());
    }
}
