//! `plan/…`: does the communication plan name its personas, and do the plan, the budget
//! and the Gantt chart describe the same actions and the same total?
//!
//! # What it reads
//!
//! - **Personas**: `persona_words` (« persona », « profil type ») anywhere in the plan:
//!   headings, paragraphs, table cells. The evidence counts the personas described: the
//!   blocks or table rows that start with such a word (a heading over other such blocks
//!   names their section and is not counted), or failing those the blocks of a persona
//!   section giving an age (`42 ans`; not an age range, `de 30 à 65 ans`, which describes
//!   a target).
//! - **The plan's actions**: the action column (`action_columns`) of the plan's tables,
//!   found by [`crate::tables`]; failing that, the sub-headings of the sections whose
//!   heading holds one of `action_section_words` (« Plan d'actions »), or failing those
//!   their list items. An action whose own table row carries an amount (an
//!   `amount_columns` column) is costed in place.
//! - **The budget's lines**: in every document of the submission of kind `budget`, and in
//!   the plan's own budget tables, the labels of the lines and categories of the tables
//!   whose header names a label and an amount (`budget_label_columns`,
//!   `budget_amount_columns`, `budget_other_columns`), read by `budget_table::Reader`; also
//!   its totals: each amount column's `Total` rows and the sum of its lines, with HT or
//!   TTC from the header or the cells, and amounts written beside one of `total_words` in
//!   a cell of their own.
//! - **The Gantt's tasks**: in every document of kind `gantt`, the labels of the tables
//!   whose header names a task (`gantt_task_columns`), read by `schedule_table::TaskReader`; in a
//!   Gantt whose task column has no header, every text cell (a grid of coloured cells
//!   headed only by weeks).
//!
//! Labels are matched as [`crate::labels`] matches them: folded words, `stop_words` left
//! out, plurals ignored, at least `min_overlap` of the shorter label's words shared.
//!
//! # What it checks
//!
//! - `plan/no-personas`: no persona word anywhere in the plan.
//! - `plan/action-not-budgeted`: a plan action that matches no budget line (when some
//!   budget line was read, from a budget file or the plan's own budget table) and is not
//!   costed in place.
//! - `plan/action-not-scheduled`: a plan action that matches no Gantt task (when the
//!   submission has a Gantt chart with some text in it).
//! - `plan/budget-total-differs`: the plan states a total (a paragraph with one of
//!   `total_words` and an amount: the first amount after the word) that equals none of the
//!   budget's totals (± `tolerance`), HT compared with HT and TTC with TTC when both say.
//!
//! Evidence: `plan/personas` (count), `plan/actions-budgeted` and
//! `plan/actions-scheduled` (the actions matched, as `action → line` where the wording
//! differs), `plan/budget-total` (the total stated, found in the budget).
//!
//! # Why
//!
//! C1.6/CE2 requires « cibles segmentées et personas associés », « une estimation
//! budgétaire précise et réaliste » and a Gantt calendar; the modality of C1.6 asks for
//! « une estimation budgétaire détaillant les coûts associés à chaque action de
//! communication » and « un calendrier prévisionnel des actions »; C1.6/CE1 for elements
//! « cohérents entre eux ». An action with no cost or no date, or a total that the budget
//! file contradicts, is the first incoherence an evaluator sees when the files sit side
//! by side.
//!
//! # Limits
//!
//! - Synonyms are not matched (« Relations presse » ≠ « Communiqué »): an action costed
//!   under another name is reported; the evidence shows every match so that a reader can
//!   judge.
//! - The budget and Gantt files are read with the table readers the `budget` and `gantt`
//!   check kinds use (`budget_table`, `schedule_table`), but with this instance's header words: a check is given
//!   its own parameters only, so the words are this instance's in the rule pack, kept in
//!   step with the `budget` and `gantt` instances' by hand. Those readers are looser than
//!   the checks themselves, since a label or a total is all the plan needs: category rows
//!   are lines, every `Total` row is a total, a task header needs no date beside it.
//! - A Gantt table inside the plan itself is not used: the plan's action table, with its
//!   period column, would schedule every action by itself.

use std::collections::HashSet;

use livrable_model::french::{parse_number, Tax};
use livrable_model::{BlockKind, CellValue, Document, Location, Observation};
use regex::Regex;

use crate::budget_table::{self, Total, AMOUNT_IN_TEXT};
use crate::figures::format_number;
use crate::labels::{Keys, Matcher};
use crate::schedule_table::TaskReader;
use crate::sections::{section_end, sections};
use crate::tables::{self, normalize, Layout, LayoutParams, Sheet, Spec, Vocabulary, Words};
use crate::text::quote;
use crate::{Input, Output, ParamError};

pub const KIND: &str = "plan";

/// The plan is compared with the submission’s budget and Gantt chart (`run_with`).
pub const COMPANIONS: crate::Companions = crate::Companions {
    formats: &[],
    kinds: &[BUDGET_KIND, GANTT_KIND],
};

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const NO_PERSONAS: &str = "plan/no-personas";
    pub const ACTION_NOT_BUDGETED: &str = "plan/action-not-budgeted";
    pub const ACTION_NOT_SCHEDULED: &str = "plan/action-not-scheduled";
    pub const BUDGET_TOTAL_DIFFERS: &str = "plan/budget-total-differs";
    /// Evidence.
    pub const PERSONAS: &str = "plan/personas";
    pub const ACTIONS_BUDGETED: &str = "plan/actions-budgeted";
    pub const ACTIONS_SCHEDULED: &str = "plan/actions-scheduled";
    pub const BUDGET_TOTAL: &str = "plan/budget-total";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(NO_PERSONAS, &[]),
        CodeDecl::new(ACTION_NOT_BUDGETED, &["action", "file"]),
        CodeDecl::new(ACTION_NOT_SCHEDULED, &["action", "file"]),
        CodeDecl::new(BUDGET_TOTAL_DIFFERS, &["budget", "file", "stated"]),
        CodeDecl::new(PERSONAS, &["count"]),
        CodeDecl::new(ACTIONS_BUDGETED, &["count", "file", "matches"]),
        CodeDecl::new(ACTIONS_SCHEDULED, &["count", "file", "matches"]),
        CodeDecl::new(BUDGET_TOTAL, &["file", "stated"]),
    ];
}

/// Labels quoted in findings and evidence are cut to this many characters.
const QUOTE_MAX: usize = 50;

/// The deliverable kinds whose documents this check compares with the plan.
const BUDGET_KIND: &str = "budget";
const GANTT_KIND: &str = "gantt";

/// Parameters of a `plan` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Words that name personas: `persona`, `profil type`.
    pub persona_words: Vec<String>,
    /// Heading words of the sections that list the actions: `plan d'actions`.
    pub action_section_words: Vec<String>,
    /// Header words of the plan's action column: `action`, `dispositif`.
    pub action_columns: Vec<String>,
    /// Header words of an amount column in the plan's action table: `coût`, `budget`.
    pub amount_columns: Vec<String>,
    /// Header words of a budget line's label: `poste`, `action`, `libellé`.
    pub budget_label_columns: Vec<String>,
    /// Header words of a budget amount: `montant`, `coût`, `total`.
    pub budget_amount_columns: Vec<String>,
    /// Header words of numeric budget columns that are not amounts: `prix unitaire`.
    pub budget_other_columns: Vec<String>,
    /// Header words of a Gantt task: `tâche`, `action`, `étape`.
    pub gantt_task_columns: Vec<String>,
    pub layout: LayoutParams,
    /// Words that introduce a total in the plan's text or a budget cell: `budget total`.
    pub total_words: Vec<String>,
    /// Words that say an amount is before tax: `ht`.
    pub ht_words: Vec<String>,
    /// Words that say an amount includes tax: `ttc`.
    pub ttc_words: Vec<String>,
    /// Words left out when matching labels: `de`, `la`, `pour`.
    pub stop_words: Vec<String>,
    /// Least share (0–1) of the shorter label's words found in the other.
    pub min_overlap: f64,
    /// Largest difference, in currency units, between the plan's total and the budget's.
    pub tolerance: f64,
}

/// The parameters, prepared.
pub(crate) struct Config {
    persona: Words,
    action_sections: Words,
    action_vocabulary: Vocabulary,
    budget: budget_table::Reader,
    gantt: TaskReader,
    layout: Layout,
    total: Words,
    ht: Words,
    ttc: Words,
    matcher: Matcher,
    tolerance: f64,
    amount_re: Regex,
    age_re: Regex,
    /// `de 30 à 65 ans`, `25-40 ans`: a target's ages, not a persona's.
    age_range_re: Regex,
}

impl Config {
    pub(crate) fn new(p: &Params) -> Result<Self, ParamError> {
        if !p.tolerance.is_finite() || p.tolerance < 0.0 {
            return Err(ParamError("plan: `tolerance` must be a number ≥ 0".into()));
        }
        if !(0.0..=1.0).contains(&p.min_overlap) {
            return Err(ParamError(
                "plan: `min_overlap` must be between 0 and 1".into(),
            ));
        }
        if p.persona_words.is_empty() || p.action_columns.is_empty() {
            return Err(ParamError(
                "plan: `persona_words` and `action_columns` must not be empty".into(),
            ));
        }
        let re = |s: &str| crate::regex_cache::cached(s).map_err(|e| ParamError(e.to_string()));
        Ok(Config {
            persona: Words::new(&p.persona_words),
            action_sections: Words::new(&p.action_section_words),
            action_vocabulary: Vocabulary::new()
                .role("action", &p.action_columns)
                .role("amount", &p.amount_columns),
            // No VAT column among the plan's budget words: a `Montant TVA` column is read
            // as an amount, and its total is one more total the plan's may equal.
            budget: budget_table::Reader::new(
                &budget_table::Columns {
                    label: p.budget_label_columns.clone(),
                    amount: p.budget_amount_columns.clone(),
                    tax: Vec::new(),
                    other: p.budget_other_columns.clone(),
                },
                &p.layout,
            ),
            gantt: TaskReader::new(&p.gantt_task_columns, &p.layout),
            layout: Layout::new(&p.layout),
            total: Words::new(&p.total_words),
            ht: Words::new(&p.ht_words),
            ttc: Words::new(&p.ttc_words),
            matcher: Matcher::new(&p.stop_words, p.min_overlap),
            tolerance: p.tolerance,
            amount_re: re(AMOUNT_IN_TEXT)?,
            age_re: re(r"\b\d{1,3}\s?ans\b")?,
            age_range_re: re(r"\b\d{1,3}\s?(?:ans\s?)?(?:à|-|–|et)\s?\d{1,3}\s?ans\b")?,
        })
    }

    /// A budget line or a Gantt task labelled `label`.
    fn line(&self, label: &str, in_plan: bool) -> Line {
        Line {
            label: label.to_string(),
            keys: self.matcher.keys(label),
            in_plan,
        }
    }

    /// HT or TTC, from words of a normalised text.
    fn tax_in(&self, norm: &str) -> Option<Tax> {
        match (self.ht.any_in(norm), self.ttc.any_in(norm)) {
            (true, false) => Some(Tax::Ht),
            (false, true) => Some(Tax::Ttc),
            _ => None,
        }
    }
}

pub fn check(input: &Input, params: &Params) -> Result<Output, ParamError> {
    run_with(input, params, &Config::new(params)?)
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(
    input: &Input,
    _params: &Params,
    cfg: &Config,
) -> Result<Output, ParamError> {
    let mut out = Output::default();
    personas(input.doc, cfg, &mut out);

    let actions = plan_actions(input.doc, cfg);
    let budgets: Vec<&Document> = input
        .submission
        .iter()
        .filter(|(d, k)| *k == BUDGET_KIND && d.path != input.doc.path)
        .map(|(d, _)| *d)
        .collect();
    let gantts: Vec<&Document> = input
        .submission
        .iter()
        .filter(|(d, k)| *k == GANTT_KIND && d.path != input.doc.path)
        .map(|(d, _)| *d)
        .collect();

    // Budget lines: the budget files', and the plan's own budget tables.
    let mut lines: Vec<Line> = Vec::new();
    for d in &budgets {
        lines.extend(cfg.budget.labels(d).into_iter().map(|l| cfg.line(l, false)));
    }
    let own_lines = cfg.budget.labels(input.doc);
    lines.extend(own_lines.into_iter().map(|l| cfg.line(l, true)));
    // A budget file with no table recognised (a PDF scan, a misclassified file) gives no
    // line to compare with: the budget check says so, not this one.
    let has_budget = !lines.is_empty();
    let budget_files = join_files(budgets.iter().map(|d| d.file_name()), input.doc, &lines);

    if has_budget && !actions.is_empty() {
        compare(
            &actions,
            &lines,
            cfg,
            |a| a.costed,
            codes::ACTION_NOT_BUDGETED,
            codes::ACTIONS_BUDGETED,
            &budget_files,
            &mut out,
        );
    }
    let tasks: Vec<Line> = gantts
        .iter()
        .flat_map(|d| cfg.gantt.labels(d))
        .map(|l| cfg.line(l, false))
        .collect();
    if !tasks.is_empty() && !actions.is_empty() {
        let files = gantts
            .iter()
            .map(|d| d.file_name())
            .collect::<Vec<_>>()
            .join(", ");
        compare(
            &actions,
            &tasks,
            cfg,
            |_| false,
            codes::ACTION_NOT_SCHEDULED,
            codes::ACTIONS_SCHEDULED,
            &files,
            &mut out,
        );
    }
    if !budgets.is_empty() {
        let totals: Vec<(&str, Total)> = budgets
            .iter()
            .flat_map(|d| {
                budget_totals(d, cfg)
                    .into_iter()
                    .map(|t| (d.path.as_str(), t))
            })
            .collect();
        let files = budgets
            .iter()
            .map(|d| d.file_name())
            .collect::<Vec<_>>()
            .join(", ");
        stated_total(input.doc, &totals, cfg, &files, &mut out);
    }
    Ok(out)
}

/// The files lines come from, for evidence: the budget files, and the plan when its own
/// tables gave lines.
fn join_files<'a>(
    names: impl Iterator<Item = &'a str>,
    plan: &'a Document,
    lines: &[Line],
) -> String {
    let mut v: Vec<&str> = names.collect();
    if lines.iter().any(|l| l.in_plan) {
        v.push(plan.file_name());
    }
    v.join(", ")
}

// ─── personas ──────────────────────────────────────────────────────────────

fn personas(doc: &Document, cfg: &Config, out: &mut Output) {
    let starts = |t: &str| cfg.persona.starts(&normalize(t));
    let blocks = &doc.blocks;
    // A block that starts with a persona word is a persona, unless it is a heading over
    // other such blocks: « Personas » above « Persona 1 : Sophie » names the section.
    let mut count = (0..blocks.len())
        .filter(|&i| !matches!(blocks[i].kind, BlockKind::Code) && starts(&blocks[i].text))
        .filter(|&i| match blocks[i].kind {
            BlockKind::Heading { level } => !blocks[i + 1..section_end(blocks, i + 1, level)]
                .iter()
                .any(|b| starts(&b.text)),
            _ => true,
        })
        .count();
    let mut anywhere = doc
        .blocks
        .iter()
        .any(|b| cfg.persona.any_in(&normalize(&b.text)));
    for t in &doc.tables {
        for row in &t.rows {
            if let Some(first) = row.iter().find(|c| !c.text.trim().is_empty()) {
                count += usize::from(starts(&first.text));
            }
            anywhere |= row.iter().any(|c| cfg.persona.any_in(&normalize(&c.text)));
        }
    }
    // Failing personas named as such: those described without the word, one per block
    // giving an age (not an age range, which describes a target) in a persona section.
    if count == 0 {
        count = sections(doc, &cfg.persona)
            .iter()
            .map(|s| {
                s.prose()
                    .filter(|b| cfg.age_re.is_match(&b.text) && !cfg.age_range_re.is_match(&b.text))
                    .count()
            })
            .max()
            .unwrap_or(0);
    }
    if !anywhere {
        out.findings
            .push(Observation::new(codes::NO_PERSONAS, Location::whole()));
    } else if count > 0 {
        let at = doc
            .blocks
            .iter()
            .find(|b| cfg.persona.any_in(&normalize(&b.text)))
            .map(|b| b.location.clone())
            .unwrap_or_default();
        out.evidence
            .push(Observation::new(codes::PERSONAS, at).arg("count", count));
    }
}

// ─── actions, lines and tasks ──────────────────────────────────────────────

/// A plan action.
struct Action {
    label: String,
    keys: Keys,
    location: Location,
    /// Its own row gives an amount.
    costed: bool,
}

/// A budget line or a Gantt task.
struct Line {
    label: String,
    keys: Keys,
    /// Read from the plan's own tables.
    in_plan: bool,
}

fn plan_actions(doc: &Document, cfg: &Config) -> Vec<Action> {
    let mut out: Vec<Action> = Vec::new();
    let mut seen: HashSet<Keys> = HashSet::new();
    let mut push = |label: &str, location: Location, costed: bool, out: &mut Vec<Action>| {
        let keys = cfg.matcher.keys(label);
        if !keys.is_empty() && seen.insert(keys.clone()) {
            out.push(Action {
                label: label.to_string(),
                keys,
                location,
                costed,
            });
        }
    };
    let spec = Spec::new(&cfg.action_vocabulary, &cfg.layout, &["action"], 1);
    for table in &doc.tables {
        let sheet = Sheet::new(table);
        for f in tables::find(&sheet, &spec) {
            let Some(ac) = f.column("action").map(|c| c.col) else {
                continue;
            };
            for row in f.data() {
                let label = sheet.text(row.index, ac);
                if label.is_empty() {
                    continue;
                }
                let costed = f
                    .columns_of("amount")
                    .any(|c| has_amount(&sheet, row.index, c.col));
                push(label, sheet.location(row.index, ac), costed, &mut out);
            }
        }
    }
    if !out.is_empty() {
        return out;
    }
    let found = sections(doc, &cfg.action_sections);
    for s in found.iter().filter(|s| !s.is_title(doc)) {
        let subs: Vec<_> = s
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Heading { level } if level == s.level + 1))
            .collect();
        if subs.is_empty() {
            for b in s.blocks.iter().filter(|b| b.kind == BlockKind::ListItem) {
                push(&b.text, b.location.clone(), false, &mut out);
            }
        } else {
            for b in subs {
                push(&b.text, b.location.clone(), false, &mut out);
            }
        }
    }
    out
}

fn has_amount(sheet: &Sheet, r: usize, c: usize) -> bool {
    sheet.cell(r, c).is_some_and(|cell| match &cell.value {
        CellValue::Number(n) => n.is_finite(),
        _ => parse_number(&cell.text).is_some_and(|n| !n.percent),
    })
}

/// Reports each action that matches no line, and gives the matches as evidence.
#[allow(clippy::too_many_arguments)]
fn compare(
    actions: &[Action],
    lines: &[Line],
    cfg: &Config,
    in_place: impl Fn(&Action) -> bool,
    finding: &str,
    evidence: &str,
    files: &str,
    out: &mut Output,
) {
    let candidates: Vec<Keys> = lines.iter().map(|l| l.keys.clone()).collect();
    let mut matches: Vec<String> = Vec::new();
    let before = out.findings.len();
    for a in actions {
        match cfg.matcher.best(&a.keys, &candidates) {
            Some((i, _)) => {
                let line = lines.get(i).map_or("", |l| l.label.as_str());
                if normalize(line) == normalize(&a.label) {
                    matches.push(quote(&a.label, QUOTE_MAX));
                } else {
                    matches.push(format!(
                        "{} → {}",
                        quote(&a.label, QUOTE_MAX),
                        quote(line, QUOTE_MAX)
                    ));
                }
            }
            None if in_place(a) => matches.push(quote(&a.label, QUOTE_MAX)),
            None => out.findings.push(
                Observation::new(finding, a.location.clone())
                    .arg("action", quote(&a.label, QUOTE_MAX))
                    .arg("file", files),
            ),
        }
    }
    if out.findings.len() == before && !matches.is_empty() {
        out.evidence.push(
            Observation::new(
                evidence,
                actions
                    .first()
                    .map(|a| a.location.clone())
                    .unwrap_or_default(),
            )
            .arg("count", matches.len())
            .arg("file", files)
            .arg("matches", matches.join(" ; ")),
        );
    }
}

// ─── totals ────────────────────────────────────────────────────────────────

/// The totals of a budget document: per amount column of its budget tables, its total
/// rows and the sum of its lines; and amounts written beside a total word in cells of
/// their own.
fn budget_totals(doc: &Document, cfg: &Config) -> Vec<Total> {
    let mut out = Vec::new();
    for table in &doc.tables {
        let sheet = Sheet::new(table);
        out.extend(cfg.budget.totals(&sheet, |norm| cfg.tax_in(norm)));
        // `Budget total : 9 650 € HT` written in a cell of its own.
        for (r, c, text) in sheet.texts() {
            let norm = normalize(text);
            if let Some(pos) = first_word_pos(&cfg.total, &norm) {
                if let Some((value, tax)) = amount_after(text, &norm, pos, cfg) {
                    out.push(Total {
                        value,
                        tax,
                        written: true,
                        location: Some(sheet.location(r, c)),
                    });
                }
            }
        }
    }
    out
}

/// Byte offset (in the normalised text) of the first total word.
fn first_word_pos(words: &Words, norm: &str) -> Option<usize> {
    words
        .iter()
        .filter_map(|w| tables::find_word(norm, w))
        .min()
}

/// The first amount of `text` at or after the total word (at `pos` in its normalised
/// form; the two are aligned through the share of the text before it), with HT or TTC
/// from the words just after it or, failing that, from the whole text.
fn amount_after(text: &str, norm: &str, pos: usize, cfg: &Config) -> Option<(f64, Option<Tax>)> {
    // Normalising folds accents and may shift offsets: start from the same share of the
    // original text, then back to a char boundary, a little early rather than late.
    let share = pos as f64 / norm.len().max(1) as f64;
    let mut start = ((text.len() as f64) * share) as usize;
    start = start.saturating_sub(4).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let m = cfg
        .amount_re
        .find_at(text, start)
        .or_else(|| cfg.amount_re.find(text))?;
    let n = parse_number(m.as_str())?;
    if n.percent || !n.value.is_finite() {
        return None;
    }
    let after: String = text[m.end()..].chars().take(16).collect();
    let tax = cfg.tax_in(&normalize(&after)).or_else(|| cfg.tax_in(norm));
    Some((n.value, tax))
}

fn show_amount(v: f64, tax: Option<Tax>) -> String {
    let tax = match tax {
        Some(Tax::Ht) => " HT",
        Some(Tax::Ttc) => " TTC",
        None => "",
    };
    format!("{} €{tax}", format_number(v))
}

/// Compares the totals the plan states with the budgets' (each with its budget's path).
/// A difference names the budget total it was compared with as a related place: when the
/// `budget` check finds that total itself wrong, the report shows the difference under it
/// (one root cause, once) rather than as advice to copy a wrong figure.
fn stated_total(
    doc: &Document,
    totals: &[(&str, Total)],
    cfg: &Config,
    files: &str,
    out: &mut Output,
) {
    if totals.is_empty() {
        return;
    }
    for b in doc.blocks.iter().filter(|b| crate::text::is_prose(b)) {
        let norm = normalize(&b.text);
        let Some(pos) = first_word_pos(&cfg.total, &norm) else {
            continue;
        };
        let Some((value, tax)) = amount_after(&b.text, &norm, pos, cfg) else {
            continue;
        };
        let compatible = |t: &Total| tax.is_none() || t.tax.is_none() || t.tax == tax;
        let matched = totals
            .iter()
            .any(|(_, t)| compatible(t) && (t.value - value).abs() <= cfg.tolerance);
        if matched {
            out.evidence.push(
                Observation::new(codes::BUDGET_TOTAL, b.location.clone())
                    .arg("stated", show_amount(value, tax))
                    .arg("file", files),
            );
            continue;
        }
        // The budget's own total to show: a written total of the same tax, else any.
        let shown = totals
            .iter()
            .filter(|(_, t)| compatible(t))
            .find(|(_, t)| t.written)
            .or_else(|| totals.iter().find(|(_, t)| compatible(t)))
            .or_else(|| totals.first());
        if let Some((path, t)) = shown {
            let mut obs = Observation::new(codes::BUDGET_TOTAL_DIFFERS, b.location.clone())
                .arg("stated", show_amount(value, tax))
                .arg("budget", show_amount(t.value, t.tax))
                .arg("file", files);
            if let Some(at) = &t.location {
                obs = obs.related(path, at.clone());
            }
            out.findings.push(obs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::testing::{self, codes, layout, sheet_of, words as s};
    use livrable_model::Format;

    fn params() -> Params {
        Params {
            persona_words: s(&["persona", "personas"]),
            action_section_words: s(&["plan d'actions", "actions"]),
            action_columns: s(&["action", "actions"]),
            amount_columns: s(&["coût", "budget"]),
            budget_label_columns: s(&["poste", "action"]),
            budget_amount_columns: s(&["montant", "coût", "total"]),
            budget_other_columns: s(&["type"]),
            gantt_task_columns: s(&["tâche", "action"]),
            layout: layout(&["total"], &["sous-total"], &["source"]),
            total_words: s(&["budget total", "budget global"]),
            ht_words: s(&["ht"]),
            ttc_words: s(&["ttc"]),
            stop_words: s(&["de", "la", "le", "au", "d", "l", "des", "du"]),
            min_overlap: 0.5,
            tolerance: 1.0,
        }
    }

    fn md(blocks: &[(BlockKind, &str)], tables: Vec<livrable_model::Table>) -> Document {
        let mut d = testing::md(blocks);
        d.tables = tables;
        d
    }

    fn sheet_doc(path: &str, rows: &[&[&str]]) -> Document {
        let mut d = Document::new(path, Format::Xlsx);
        d.tables = vec![sheet_of("Feuil1", rows)];
        d
    }

    fn run(plan: &Document, others: &[(&Document, &str)]) -> Output {
        let mut submission: Vec<(&Document, &str)> = vec![(plan, "communication-plan")];
        submission.extend_from_slice(others);
        testing::run_in(check, plan, "communication-plan", &submission, &params())
    }

    fn plan() -> Document {
        md(
            &[
                (BlockKind::Heading { level: 2 }, "Personas"),
                (BlockKind::Paragraph, "Persona 1 : Sophie, 42 ans."),
                (BlockKind::Paragraph, "Le budget total est de 4 300 € HT."),
            ],
            vec![sheet_of(
                "t",
                &[
                    &["Action", "Canal"],
                    &["Stand au salon", "Salon"],
                    &["Publications LinkedIn", "LinkedIn"],
                    &["Spot radio", "Radio"],
                ],
            )],
        )
    }

    #[test]
    fn matching_files_give_evidence_only() {
        let budget = sheet_doc(
            "budget.xlsx",
            &[
                &["Poste", "Montant HT"],
                &["Stand salon Habitat", "3 000"],
                &["Publications LinkedIn (sponsorisées)", "1 000"],
                &["Spots radio", "300"],
                &["Total", "4 300"],
            ],
        );
        let gantt = sheet_doc(
            "gantt.xlsx",
            &[
                &["", "S1", "S2"],
                &["Stand au salon", "x", ""],
                &["Publications LinkedIn", "x", "x"],
                &["Spot radio", "", "x"],
            ],
        );
        let p = plan();
        let out = run(&p, &[(&budget, "budget"), (&gantt, "gantt")]);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let ev: Vec<&str> = out.evidence.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(
            ev,
            vec![
                "plan/personas",
                "plan/actions-budgeted",
                "plan/actions-scheduled",
                "plan/budget-total"
            ]
        );
        let matches = &out.evidence[1].args[2].1;
        assert!(
            matches.contains("Publications LinkedIn → Publications LinkedIn (sponsorisées)"),
            "{matches}"
        );
    }

    #[test]
    fn missing_actions_and_a_contradicted_total() {
        let budget = sheet_doc(
            "budget.xlsx",
            &[
                &["Poste", "Montant HT"],
                &["Stand au salon", "3 000"],
                &["Publications LinkedIn", "1 000"],
                &["Total", "4 000"],
            ],
        );
        let gantt = sheet_doc(
            "gantt.xlsx",
            &[
                &["Tâche", "Début"],
                &["Stand au salon", "12/03/2027"],
                &["Spot radio", "01/05/2027"],
            ],
        );
        let p = plan();
        let out = run(&p, &[(&budget, "budget"), (&gantt, "gantt")]);
        assert_eq!(
            codes(&out),
            vec![
                "plan/action-not-budgeted",
                "plan/action-not-scheduled",
                "plan/budget-total-differs"
            ]
        );
        assert_eq!(out.findings[0].args[0].1, "Spot radio");
        assert_eq!(out.findings[1].args[0].1, "Publications LinkedIn");
        assert_eq!(out.findings[2].args[1].1, "4 000 € HT");
        assert_eq!(out.findings[2].location, p.blocks[2].location);
        // The budget total it was compared with: the « Total » row's amount cell.
        let related = &out.findings[2].related;
        assert_eq!(related.len(), 1);
        assert_eq!(related[0].file, "budget.xlsx");
        assert_eq!(related[0].location.cell, Some((3, 1)));
    }

    #[test]
    fn costed_in_place_and_no_other_files_are_silent() {
        let p = md(
            &[(BlockKind::Paragraph, "Nos personas : Sophie et Marc.")],
            vec![sheet_of(
                "t",
                &[
                    &["Action", "Coût"],
                    &["Stand au salon", "3 000 €"],
                    &["Spot radio", "300 €"],
                ],
            )],
        );
        assert!(run(&p, &[]).findings.is_empty());
    }

    #[test]
    fn ttc_is_compared_with_ttc() {
        let budget = sheet_doc(
            "budget.xlsx",
            &[
                &["Poste", "Montant HT", "Montant TTC"],
                &["Stand", "1 000", "1 200"],
                &["Total", "1 000", "1 200"],
            ],
        );
        let stated = |text: &str| {
            md(
                &[
                    (BlockKind::Paragraph, "Persona : Sophie."),
                    (BlockKind::Paragraph, text),
                ],
                vec![],
            )
        };
        let ok = stated("Budget global : 1 200 € TTC, soit 1 000 € HT.");
        assert!(run(&ok, &[(&budget, "budget")]).findings.is_empty());
        let wrong = stated("Budget global : 1 000 € TTC.");
        assert_eq!(
            codes(&run(&wrong, &[(&budget, "budget")])),
            vec!["plan/budget-total-differs"]
        );
    }

    #[test]
    fn a_budget_file_without_a_budget_table_is_not_compared() {
        let not_a_budget = md(&[(BlockKind::Paragraph, "Budget : voir annexe.")], vec![]);
        let p = plan();
        let out = run(&p, &[(&not_a_budget, "budget")]);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
    }

    fn persona_count(blocks: &[(BlockKind, &str)]) -> String {
        let out = run(&md(blocks, vec![]), &[]);
        let personas = out
            .evidence
            .iter()
            .find(|o| o.code == "plan/personas")
            .expect("persona evidence");
        personas.args[0].1.clone()
    }

    #[test]
    fn personas_are_counted_once_each() {
        // As a Word plan gives them: the target's age range is no persona (the grid said
        // « 3 persona(s) » for these two).
        assert_eq!(
            persona_count(&[
                (BlockKind::Heading { level: 2 }, "Cibles et personas"),
                (
                    BlockKind::Paragraph,
                    "Cible principale : les propriétaires d'un jardin, de 30 à 65 ans."
                ),
                (
                    BlockKind::Paragraph,
                    "Persona 1 : Nathalie, 48 ans, infirmière."
                ),
                (
                    BlockKind::Paragraph,
                    "Persona 2 : Julien, 29 ans, développeur."
                ),
            ]),
            "2"
        );
        // A heading over the personas names their section.
        assert_eq!(
            persona_count(&[
                (BlockKind::Heading { level: 2 }, "Personas"),
                (
                    BlockKind::Heading { level: 3 },
                    "Persona 1 : Sophie, 42 ans"
                ),
                (BlockKind::Paragraph, "Propriétaire d'une maison de 1975."),
                (BlockKind::Heading { level: 3 }, "Persona 2 : Marc, 60 ans"),
                (BlockKind::Paragraph, "Jeune retraité."),
            ]),
            "2"
        );
        // Without the word on each, one per block giving an age in the persona section.
        assert_eq!(
            persona_count(&[
                (BlockKind::Heading { level: 2 }, "Nos personas"),
                (BlockKind::Paragraph, "Sophie, 42 ans, propriétaire."),
                (BlockKind::Paragraph, "Marc, 60 ans, retraité."),
                (BlockKind::Paragraph, "Nos cibles ont de 25 à 40 ans."),
            ]),
            "2"
        );
    }

    #[test]
    fn no_personas() {
        let p = md(
            &[(BlockKind::Paragraph, "Cibles : les propriétaires.")],
            vec![],
        );
        assert_eq!(codes(&run(&p, &[])), vec!["plan/no-personas"]);
    }
}
