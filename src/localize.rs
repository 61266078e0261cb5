//! The command line in the user's language: clap's help and error messages in French,
//! in English with `--lang en`.
//!
//! Why by hand: clap writes its headings (« Usage: », « [default: …] », « Print help »)
//! and its error sentences in English and has no translation support. So the command is
//! rebuilt before parsing — a French (or English) help template, help and version flags
//! of our own, default and possible values written into each option's help — and a parse
//! error is rewritten from its kind and context (the argument, the value, clap's
//! suggestion). The sentences are the tool's, not the certification's, so they live here
//! and not in the rule pack: they must work when the pack given by `--rules` is broken,
//! and before it is loaded.
//!
//! Options added without an English text in [`english`] keep their French help with
//! `--lang en`; their values and errors are still in English.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// Whether the user asked for English (`--lang en` or `--lang=en`, anywhere on the line),
/// before the line is parsed: its errors must be in that language too.
pub fn wants_english(args: &[OsString]) -> bool {
    let mut previous_was_lang = false;
    for a in args {
        let a = a.to_string_lossy();
        if previous_was_lang && a == "en" {
            return true;
        }
        if a == "--lang=en" {
            return true;
        }
        previous_was_lang = a == "--lang";
    }
    false
}

/// `livrable help [COMMAND]` is `livrable [COMMAND] --help` (clap's own `help` command
/// speaks English only).
pub fn rewrite_help_command(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    args
}

/// The command, its help in French or English.
pub fn localize(cmd: Command, en: bool) -> Command {
    let cmd = cmd
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(if en {
                    "Print the version"
                } else {
                    "Affiche la version"
                }),
        );
    let cmd = localize_one(cmd, en, "");
    cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        localize_one(sub, en, &name)
    })
}

/// Template, headings, help flag and options of one command (`sub` is its name, empty for
/// the root).
fn localize_one(cmd: Command, en: bool, sub: &str) -> Command {
    let template = if en {
        "{before-help}{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}"
    } else {
        "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}"
    };
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading(if en { "Commands" } else { "Commandes" })
        .subcommand_value_name(if en { "COMMAND" } else { "COMMANDE" })
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(if en {
                    "Print this help"
                } else {
                    "Affiche cette aide"
                }),
        );
    if en {
        if let Some(about) = english(sub, "") {
            cmd = cmd.about(about);
        }
    }
    cmd.mut_args(|arg| {
        let id = arg.get_id().to_string();
        if !arg.get_action().takes_values() {
            // A flag (`--all`): its words only, no values or default to show.
            return match (en, english(sub, &id)) {
                (true, Some(text)) => arg.help(text),
                _ => arg,
            };
        }
        let help = match (en, english(sub, &id)) {
            (true, Some(text)) => text.to_string(),
            _ => arg.get_help().map(|h| h.to_string()).unwrap_or_default(),
        };
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        let mut notes = Vec::new();
        if !values.is_empty() {
            notes.push(format!(
                "{} {}",
                if en { "values:" } else { "valeurs :" },
                values.join(", ")
            ));
        }
        if !defaults.is_empty() {
            notes.push(format!(
                "{} {}",
                if en { "default:" } else { "par défaut :" },
                defaults.join(", ")
            ));
        }
        let help = if notes.is_empty() {
            help
        } else {
            format!("{help} [{}]", notes.join(" ; "))
        };
        arg.hide_possible_values(true)
            .hide_default_value(true)
            .help(help)
    })
}

/// The English help of an option (`id`) of a command (`sub`, empty for the root), or of
/// the command itself (`id` empty). The French is the doc comments of `main.rs`.
fn english(sub: &str, id: &str) -> Option<&'static str> {
    Some(match (sub, id) {
        ("", "") => {
            "Pre-checks the deliverables of the certification « Chargé de communication multicanale » (RNCP 6)"
        }
        ("check", "") => "Check a submission: a folder, a .zip archive or one file",
        ("explain", "") => "Explain a finding code: what it means, why it matters, how to fix it",
        ("rules", "") => "List the rule pack: deliverables, checks, codes",
        ("situations", "") => {
            "List the evaluation situations and the deliverables each expects"
        }
        (_, "lang") => "Language of the messages",
        (_, "rules") => "Folder of another rule pack (default: the built-in one, ccm-n6)",
        ("check", "path") => "Folder, .zip archive or file to check",
        ("check", "situation") => "Evaluation situation (for example C1.6)",
        ("check", "kind") => "Deliverable kind, when PATH is one file whose name does not say it",
        ("check", "format") => "Output format",
        ("check", "candidate") => {
            "The candidate's name written on the evaluation grid (default: the folder's or archive's name)"
        }
        ("check", "dictionary") => {
            "Hunspell dictionary for spelling (path without extension, or of the .dic or .aff), for example for Belgian or Canadian French"
        }
        ("check", "all") => "Show the infos too in the human output (by default only counted)",
        ("check", "color") => "Colours in the human output",
        ("check", "max_file_size") => "Largest file, in bytes",
        ("check", "max_total_size") => "Largest submission in total, in bytes",
        ("check", "max_entries") => "Most entries in a .zip archive",
        ("check", "annotate") => {
            "Write into OUT an annotated copy of each Word or Writer document, Excel or Calc workbook and PowerPoint deck that has findings (« name (relu).docx »: each finding as a comment, at its place) and rapport.html. OUT cannot be inside the submission"
        }
        ("cohort", "") => {
            "Check a whole class: one subfolder or .zip archive per candidate (or Moodle's « Download all submissions » archive), each on its own; writes each one's grid and the class's table (cohorte.csv, cohorte.xlsx, index.html)"
        }
        ("cohort", "dir") => {
            "The class's folder (one subfolder or .zip archive per candidate), or the .zip archive downloaded from the platform"
        }
        ("cohort", "out") => {
            "Folder to write cohorte.csv, cohorte.xlsx, index.html, grilles/ and rapports/ into; never inside DIR"
        }
        ("cohort", "situation") => {
            "Evaluation situation of every candidate (default: inferred for each)"
        }
        ("cohort", "format") => "Standard output: a summary, or one JSON line per candidate (JSON Lines)",
        ("cohort", "max_file_size") => "Largest file, in bytes",
        ("cohort", "max_total_size") => "Largest submission of one candidate in total, in bytes",
        ("cohort", "max_entries") => "Most entries in one candidate's .zip archive",
        ("explain", "code") => "The code, for example heading-structure/skipped-level",
        ("situations", "id") => "One situation only (for example C1.6)",
        ("serve", "") => "Open the checking web page (and the HTTP API): drop the files there",
        ("serve", "addr") => {
            "Address to listen on; 0.0.0.0:8080 to be reachable from other machines"
        }
        ("serve", "max_checks") => "Most checks at once (default: the number of cores)",
        ("serve", "max_waiting") => {
            "Requests that may wait for a check; beyond, the server answers 503"
        }
        ("serve", "check_timeout") => "Longest time a check may take, in seconds",
        ("serve", "read_timeout") => {
            "Longest silence of a client while sending its headers or files, in seconds"
        }
        ("serve", "max_file_size") => "Largest file, in bytes",
        ("serve", "max_total_size") => "Largest submission in total, in bytes",
        ("serve", "max_entries") => "Most entries in a .zip archive",
        ("situations", "format") => {
            "Output format: text, or json (each criterion, checked automatically or not)"
        }
        _ => return None,
    })
}

/// A parse error of the command line, in French or English, with the usage line and a
/// pointer to `--help`.
pub fn error_message(err: &clap::Error, en: bool) -> String {
    let text = |kind: ContextKind| -> Option<String> {
        match err.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match (err.kind(), en) {
        (ErrorKind::InvalidValue, false) => {
            let mut m = format!("valeur « {value} » invalide pour {arg}");
            if let Some(valid) = text(ContextKind::ValidValue) {
                m.push_str(&format!(" ; valeurs possibles : {valid}"));
            }
            m
        }
        (ErrorKind::InvalidValue, true) => {
            let mut m = format!("invalid value '{value}' for {arg}");
            if let Some(valid) = text(ContextKind::ValidValue) {
                m.push_str(&format!("; possible values: {valid}"));
            }
            m
        }
        (ErrorKind::ValueValidation, false) => format!("valeur « {value} » invalide pour {arg}"),
        (ErrorKind::ValueValidation, true) => format!("invalid value '{value}' for {arg}"),
        (ErrorKind::UnknownArgument, false) => format!("option inconnue : {arg}"),
        (ErrorKind::UnknownArgument, true) => format!("unknown option: {arg}"),
        (ErrorKind::InvalidSubcommand, false) => format!(
            "commande inconnue : {}",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        (ErrorKind::InvalidSubcommand, true) => format!(
            "unknown command: {}",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        (ErrorKind::MissingRequiredArgument, false) => {
            format!("argument obligatoire manquant : {arg}")
        }
        (ErrorKind::MissingRequiredArgument, true) => format!("missing required argument: {arg}"),
        (ErrorKind::MissingSubcommand, false) => {
            "il manque la commande (check, explain, rules, situations…)".to_string()
        }
        (ErrorKind::MissingSubcommand, true) => {
            "a command is missing (check, explain, rules, situations…)".to_string()
        }
        (ErrorKind::NoEquals, false) => format!("{arg} s'écrit avec un signe = : {arg}=VALEUR"),
        (ErrorKind::NoEquals, true) => format!("{arg} is written with an equals sign: {arg}=VALUE"),
        (ErrorKind::TooManyValues, false) => format!("trop de valeurs pour {arg} : {value}"),
        (ErrorKind::TooManyValues, true) => format!("too many values for {arg}: {value}"),
        (ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues, false) => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        (ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues, true) => {
            format!("wrong number of values for {arg}")
        }
        (ErrorKind::ArgumentConflict, false) => format!(
            "{arg} ne peut pas être utilisé avec {}",
            text(ContextKind::PriorArg).unwrap_or_default()
        ),
        (ErrorKind::ArgumentConflict, true) => format!(
            "{arg} cannot be used with {}",
            text(ContextKind::PriorArg).unwrap_or_default()
        ),
        (ErrorKind::InvalidUtf8, false) => {
            "un argument n'est pas du texte valide (UTF-8)".to_string()
        }
        (ErrorKind::InvalidUtf8, true) => "an argument is not valid text (UTF-8)".to_string(),
        (_, false) => "ligne de commande invalide".to_string(),
        (_, true) => "invalid command line".to_string(),
    };
    let suggested = text(ContextKind::SuggestedArg)
        .or_else(|| text(ContextKind::SuggestedSubcommand))
        .or_else(|| text(ContextKind::SuggestedValue));
    if let Some(s) = suggested {
        out.push_str(&if en {
            format!(" (did you mean {s}?)")
        } else {
            format!(" (vouliez-vous dire {s} ?)")
        });
    }
    if let Some(usage) = text(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        out.push_str(&if en {
            format!("\n\nUsage: {usage}")
        } else {
            format!("\n\nUtilisation : {usage}")
        });
    }
    out.push_str(if en {
        "\n\nFor more information, try '--help'."
    } else {
        "\n\nPour en savoir plus : --help"
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_asked_for_anywhere_on_the_line() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(wants_english(&args(&[
            "livrable", "check", "--lang", "en", "x"
        ])));
        assert!(wants_english(&args(&["livrable", "--lang=en", "check"])));
        assert!(!wants_english(&args(&["livrable", "check", "en"])));
        assert!(!wants_english(&args(&[
            "livrable", "check", "--lang", "fr"
        ])));
    }

    #[test]
    fn the_help_command_is_the_help_flag() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            rewrite_help_command(args(&["livrable", "help", "check"])),
            args(&["livrable", "check", "--help"])
        );
        assert_eq!(
            rewrite_help_command(args(&["livrable", "check", "help"])),
            args(&["livrable", "check", "help"])
        );
    }
}
