//! `livrable cohort DIR --out OUT`: a whole class, one candidate per subfolder or `.zip`
//! of `DIR` (or per folder of a platform's « download all » archive given as `DIR`).
//!
//! Each candidate is loaded and checked alone (no finding mixes two candidates), on
//! rayon's threads; a candidate that cannot be read gets a row with the reason and the
//! batch goes on. Memory stays bounded: a worker holds one candidate's files and report,
//! writes that candidate's grid and report page, and sends back only a small row (and the
//! JSON line, printed at once); the class's tables are written from the rows at the end.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;

use livrable_ingest::cohort::{candidates, Candidate};
use livrable_ingest::Limits;
use livrable_model::Report;
use livrable_report::cohort::{Cohort, CohortRow, CriterionColumn};
use livrable_report::page::{Download, PageOptions, Stylesheet};
use livrable_rules::{Options, Pack};
use rayon::prelude::*;

use crate::{load_error, load_pack, say, today, unknown_situation, CohortArgs, CohortFormat};

/// Where a candidate's files go under `OUT`.
const GRIDS: &str = "grilles";
const PAGES: &str = "rapports";

/// What the workers share.
struct Run<'a> {
    pack: &'a Pack,
    options: Options,
    limits: Limits,
    out: PathBuf,
    date: String,
    words: BTreeMap<String, String>,
    page_words: BTreeMap<String, String>,
    jsonl: bool,
}

/// One candidate's outcome: its row and, with `--format jsonl`, its JSON line.
struct Outcome {
    row: CohortRow,
    line: Option<String>,
}

pub fn cohort(args: CohortArgs) -> Result<ExitCode, String> {
    let common = &args.common;
    let pack = load_pack(common)?;
    let lang = common.lang.code();
    let grid_words = pack.grid.as_ref().ok_or_else(|| {
        say(
            common,
            "le jeu de règles n'a pas de checklist.toml : la grille ne peut pas être écrite".into(),
            "the rule pack has no checklist.toml: the grid cannot be written".into(),
        )
    })?;
    let words = grid_words.cohort_words(lang);
    let word = |key: &str| words.get(key).cloned().unwrap_or_else(|| key.to_string());
    let situation = match &args.situation {
        None => None,
        Some(id) => Some(
            pack.referentiel
                .as_ref()
                .and_then(|r| r.situation(id))
                .map(|s| s.id.clone())
                .ok_or_else(|| unknown_situation(&pack, common, id))?,
        ),
    };
    let found = candidates(&args.dir).map_err(|e| load_error(common, &e))?;
    refuse_out_inside(&args.dir, &args.out, &word("cohort.inside"))?;
    for dir in [args.out.clone(), args.out.join(GRIDS), args.out.join(PAGES)] {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    for file in &found.loose {
        eprintln!("livrable: {}", word("cohort.loose").replace("{file}", file));
    }

    let limits = args.limits.limits();
    let run = Run {
        pack: &pack,
        options: Options {
            lang: lang.to_string(),
            kind: None,
            situation,
            limits: limits.clone(),
        },
        limits,
        out: args.out.clone(),
        date: today(),
        page_words: pack.interface_words(lang),
        words,
        jsonl: args.format == CohortFormat::Jsonl,
    };
    let progress = progress_bar(found.candidates.len() as u64, &run.word("cohort.progress"));
    let mut rows: Vec<Option<CohortRow>> = vec![None; found.candidates.len()];
    let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(16);
    let mut stdout = std::io::stdout().lock();
    let mut closed = false;
    std::thread::scope(|scope| {
        let run = &run;
        let list = &found.candidates;
        scope.spawn(move || {
            list.par_iter()
                .enumerate()
                .for_each_with(tx, |tx, (i, candidate)| {
                    let _ = tx.send((i, run.candidate(i, candidate)));
                });
        });
        for (i, outcome) in rx {
            if let Some(reason) = &outcome.row.failure {
                progress.suspend(|| {
                    eprintln!(
                        "livrable: {}",
                        run.word("cohort.unreadable")
                            .replace("{candidate}", &outcome.row.candidate)
                            .replace("{reason}", reason)
                    )
                });
            }
            if let Some(line) = &outcome.line {
                // A closed pipe (`| head`) stops the printing, not the batch.
                if !closed && writeln!(stdout, "{line}").is_err() {
                    closed = true;
                }
            }
            rows[i] = Some(outcome.row);
            progress.inc(1);
        }
    });
    progress.finish_and_clear();
    let rows: Vec<CohortRow> = rows.into_iter().flatten().collect();
    run.write_tables(&rows)?;
    let message = run
        .word("cohort.written")
        .replace("{n}", &rows.len().to_string())
        .replace("{dir}", &args.out.display().to_string());
    if run.jsonl {
        eprintln!("{message}");
    } else {
        let _ = writeln!(stdout, "{message}");
    }
    Ok(if rows.iter().any(|r| r.failure.is_some()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// indicatif's bar on the error output when it is a terminal (candidates done, rate, time
/// left); hidden otherwise, so that logs and pipes get no control characters.
fn progress_bar(len: u64, template: &str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Refuses an output folder that is the cohort's folder or inside it, before anything is
/// written: the submissions are never touched.
fn refuse_out_inside(dir: &Path, out: &Path, message: &str) -> Result<(), String> {
    let dir = dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let target = crate::annotate::resolved(out).map_err(|e| format!("{}: {e}", out.display()))?;
    if target.starts_with(&dir) {
        return Err(message.replace("{dir}", &out.display().to_string()));
    }
    Ok(())
}

/// A file name for the candidate's outputs: its rank (names may repeat) and its name in
/// lower-case ASCII letters and digits.
fn file_stem(index: usize, name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("{:04}-{slug}", index + 1)
}

/// The letter without its accent, for file names (`é` → `e`, `œ` → `oe`).
fn fold_accent(c: char) -> Vec<char> {
    livrable_model::french::fold(&c.to_string())
        .chars()
        .collect()
}

impl Run<'_> {
    fn word(&self, key: &str) -> String {
        self.words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Loads, checks and writes one candidate; never panics past here.
    fn candidate(&self, index: usize, candidate: &Candidate) -> Outcome {
        let failed = |reason: String| Outcome {
            row: CohortRow::failed(&candidate.name, &candidate.entry, &reason),
            line: self.jsonl.then(|| {
                serde_json::json!({
                    "candidate": candidate.name,
                    "entry": candidate.entry,
                    "failure": reason,
                })
                .to_string()
            }),
        };
        let checked = catch_unwind(AssertUnwindSafe(|| self.check(index, candidate)));
        match checked {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(reason)) => failed(reason),
            Err(panic) => {
                let detail = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                failed(self.word("cohort.internal").replace("{reason}", &detail))
            }
        }
    }

    fn check(&self, index: usize, candidate: &Candidate) -> Result<Outcome, String> {
        let common = crate::Common {
            lang: if self.options.lang == "en" {
                crate::Lang::En
            } else {
                crate::Lang::Fr
            },
            rules: None,
        };
        let submission = candidate
            .load(&self.limits)
            .map_err(|e| load_error(&common, &e))?;
        let mut report = livrable_rules::check(self.pack, &submission, &self.options);
        drop(submission);
        report.grid.candidate = candidate.name.clone();
        report.grid.date = self.date.clone();
        let stem = file_stem(index, &candidate.name);
        let grid = format!("{GRIDS}/{stem}.html");
        let page = format!("{PAGES}/{stem}.html");
        self.write(&grid, &livrable_report::checklist_html(&report))?;
        self.write(&page, &self.page(&report, &stem))?;
        let mut row = CohortRow::of(&report, &candidate.name, &candidate.entry);
        row.grid = Some(grid.clone());
        row.page = Some(page);
        let line = self
            .jsonl
            .then(|| json_line(&report, candidate, &grid))
            .transpose()?;
        Ok(Outcome { row, line })
    }

    /// The candidate's report page, beside its grid.
    fn page(&self, report: &Report, stem: &str) -> String {
        let downloads = [Download {
            label: self.word("cohort.grid"),
            file_name: format!("{stem}.html"),
            href: format!("../{GRIDS}/{stem}.html"),
        }];
        livrable_report::report_page(
            report,
            &PageOptions {
                words: &self.page_words,
                stylesheet: Stylesheet::Inline,
                code_link: None,
                downloads: &downloads,
                copies: &[],
                copies_note: None,
                back: Some("../index.html"),
                notes: &[],
            },
        )
    }

    fn write(&self, relative: &str, text: &str) -> Result<(), String> {
        let path = self.out.join(relative);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// `cohorte.csv`, `cohorte.xlsx` and `index.html` from the rows.
    fn write_tables(&self, rows: &[CohortRow]) -> Result<(), String> {
        let criteria = self.columns(rows);
        let legend = self
            .pack
            .grid
            .as_ref()
            .map(|g| g.legend(&self.options.lang))
            .unwrap_or_default();
        let cohort = Cohort {
            rows,
            criteria: &criteria,
            legend: &legend,
            words: &self.words,
            lang: &self.options.lang,
        };
        let write = |name: &str, bytes: &[u8]| {
            let path = self.out.join(name);
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
        };
        write("cohorte.csv", &livrable_report::cohort::cohort_csv(&cohort))?;
        let xlsx = livrable_report::cohort::cohort_xlsx(&cohort).map_err(|e| e.to_string())?;
        write("cohorte.xlsx", &xlsx)?;
        write(
            "index.html",
            livrable_report::cohort::cohort_html(&cohort).as_bytes(),
        )
    }

    /// The criteria any candidate's grid has, in the referential's order.
    fn columns(&self, rows: &[CohortRow]) -> Vec<CriterionColumn> {
        let Some(referentiel) = &self.pack.referentiel else {
            return Vec::new();
        };
        referentiel
            .criteria
            .iter()
            .filter(|c| rows.iter().any(|r| r.status(&c.id).is_some()))
            .map(|c| CriterionColumn {
                id: c.id.clone(),
                title: c.title.clone(),
            })
            .collect()
    }
}

/// One candidate as a JSON line: who, where the grid is, and the report (the JSON
/// contract of `check --format json`) on one line.
fn json_line(report: &Report, candidate: &Candidate, grid: &str) -> Result<String, String> {
    let report: serde_json::Value =
        serde_json::from_str(&livrable_report::json(report)).map_err(|e| e.to_string())?;
    Ok(serde_json::json!({
        "candidate": candidate.name,
        "entry": candidate.entry,
        "grid": grid,
        "report": report,
    })
    .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_are_plain_and_never_repeat() {
        assert_eq!(
            file_stem(0, "Élodie Le Bihan-Ségal"),
            "0001-elodie-le-bihan-segal"
        );
        assert_eq!(file_stem(41, "../../etc"), "0042-etc");
        assert_eq!(file_stem(2, "???"), "0003-");
    }
}
