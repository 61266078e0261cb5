//! `livrable`: the thin command line over the engine.
//!
//! Parses arguments, loads the rule pack and the submission, runs the engine, prints the
//! chosen report, and sets the exit status: 0 no error-level finding, 1 error-level
//! findings, 2 the run itself failed (unreadable path, bad rule pack, bad arguments).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use livrable_rules::{Options, Pack};

mod annotate;
mod cohort;
mod localize;

#[derive(Parser)]
#[command(
    name = "livrable",
    version,
    about = "Pré-vérifie les livrables de la certification « Chargé de communication multicanale » (RNCP 6)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Vérifie une soumission : un dossier, une archive .zip ou un fichier.
    Check(CheckArgs),
    /// Explique un code de constat : ce qu'il signifie, pourquoi il compte, comment corriger.
    Explain {
        /// Le code, par exemple heading-structure/skipped-level.
        code: String,
        #[command(flatten)]
        common: Common,
    },
    /// Liste le contenu du jeu de règles : livrables, vérifications, codes.
    Rules {
        #[command(flatten)]
        common: Common,
    },
    /// Liste les situations d'évaluation et les livrables que chacune attend.
    Situations {
        /// Une seule situation (par exemple C1.6).
        id: Option<String>,
        /// Format de sortie : text, ou json (chaque critère, vérifié automatiquement ou non).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[command(flatten)]
        common: Common,
    },
    /// Vérifie une classe entière : un sous-dossier ou une archive .zip par candidat (ou
    /// l'archive « Télécharger tous les travaux » de Moodle), chacun à part ; écrit la grille
    /// de chacun et le tableau de la classe (cohorte.csv, cohorte.xlsx, index.html).
    Cohort(CohortArgs),
    /// Ouvre la page web de vérification (et l'API HTTP) : déposez-y les fichiers.
    Serve(ServeArgs),
}

#[derive(clap::Args)]
struct CohortArgs {
    /// Dossier de la classe (un sous-dossier ou une archive .zip par candidat), ou l'archive
    /// .zip téléchargée de la plateforme.
    dir: PathBuf,
    /// Dossier où écrire cohorte.csv, cohorte.xlsx, index.html, grilles/ et rapports/ ;
    /// jamais dans DIR.
    #[arg(long, value_name = "OUT")]
    out: PathBuf,
    /// Situation d'évaluation de tous les candidats (par défaut : déduite pour chacun).
    #[arg(long)]
    situation: Option<String>,
    /// Sortie standard : un résumé, ou une ligne JSON par candidat (JSON Lines).
    #[arg(long, value_enum, default_value_t = CohortFormat::Human)]
    format: CohortFormat,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CohortFormat {
    Human,
    Jsonl,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Adresse d'écoute ; 0.0.0.0:8080 pour être joignable depuis d'autres machines.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Vérifications simultanées au plus (par défaut : le nombre de cœurs).
    #[arg(long, value_name = "N")]
    max_checks: Option<usize>,
    /// Demandes qui peuvent attendre une vérification ; au-delà, le serveur répond 503.
    #[arg(long, value_name = "N", default_value_t = 64)]
    max_waiting: usize,
    /// Durée maximale d'une vérification, en secondes.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    check_timeout: u64,
    /// Silence maximal d'un client pendant l'envoi des en-têtes ou des fichiers, en secondes.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    read_timeout: u64,
    /// Dossier d'un autre jeu de règles (par défaut : celui intégré, ccm-n6).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(clap::Args)]
struct Common {
    /// Langue des messages.
    #[arg(long, value_enum, default_value_t = Lang::Fr)]
    lang: Lang,
    /// Dossier d'un autre jeu de règles (par défaut : celui intégré, ccm-n6).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Dossier, archive .zip ou fichier à vérifier.
    path: PathBuf,
    /// Situation d'évaluation (par exemple C1.6).
    #[arg(long)]
    situation: Option<String>,
    /// Type de livrable, quand PATH est un seul fichier dont le nom ne le dit pas.
    #[arg(long)]
    kind: Option<String>,
    /// Nom du candidat inscrit sur la grille d'évaluation (par défaut : le nom du dossier
    /// ou de l'archive).
    #[arg(long, value_name = "NOM")]
    candidate: Option<String>,
    /// Format de sortie.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    #[command(flatten)]
    common: Common,
    /// Dictionnaire Hunspell à utiliser pour l'orthographe (chemin sans extension, ou du
    /// .dic ou du .aff), par exemple pour le français de Belgique ou du Canada.
    #[arg(long, value_name = "PATH")]
    dictionary: Option<PathBuf>,
    /// Affiche aussi les infos dans la sortie humaine (par défaut, elles sont seulement
    /// comptées).
    #[arg(long)]
    all: bool,
    /// Couleurs dans la sortie humaine.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    #[command(flatten)]
    limits: LimitArgs,
    /// Écrit dans OUT une copie annotée de chaque document Word ou Writer, classeur Excel ou
    /// Calc et présentation PowerPoint qui a des constats (« nom (relu).docx » : chaque
    /// constat en commentaire, à sa place) et rapport.html. OUT ne peut pas être dans la
    /// soumission.
    #[arg(long, value_name = "OUT")]
    annotate: Option<PathBuf>,
}

#[derive(clap::Args)]
struct LimitArgs {
    /// Taille maximale d'un fichier, en octets.
    #[arg(long, value_name = "BYTES")]
    max_file_size: Option<u64>,
    /// Taille totale maximale de la soumission, en octets.
    #[arg(long, value_name = "BYTES")]
    max_total_size: Option<u64>,
    /// Nombre maximal d'entrées dans une archive .zip.
    #[arg(long, value_name = "N")]
    max_entries: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    Fr,
    En,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    ChecklistMd,
    ChecklistHtml,
}

/// The output of `livrable situations`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let args = localize::rewrite_help_command(std::env::args_os().collect());
    let en = localize::wants_english(&args);
    let parsed = localize::localize(Cli::command(), en)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return parse_failure(&e, en),
    };
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("livrable: {message}");
            ExitCode::from(2)
        }
    }
}

/// Help and version go to stdout (status 0); a bare `livrable` shows the help on stderr,
/// and any other parse error is written in the user's language (status 2).
fn parse_failure(e: &clap::Error, en: bool) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = print(&e.render().to_string());
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", e.render());
            ExitCode::from(2)
        }
        _ => {
            eprintln!("livrable: {}", localize::error_message(e, en));
            ExitCode::from(2)
        }
    }
}

/// A sentence of the command line in the user's language.
fn say(common: &Common, fr: String, en: String) -> String {
    match common.lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// « (vouliez-vous dire a, b ?) », or nothing when no known name is close.
fn did_you_mean(common: &Common, nearest: &[&str]) -> String {
    if nearest.is_empty() {
        return String::new();
    }
    let list = nearest.join(", ");
    say(
        common,
        format!(" ; vouliez-vous dire {list} ?"),
        format!("; did you mean {list}?"),
    )
}

fn load_pack(common: &Common) -> Result<Pack, String> {
    let pack = match &common.rules {
        Some(dir) => Pack::from_dir(dir),
        None => Pack::embedded(),
    };
    pack.map_err(|e| {
        say(
            common,
            format!("jeu de règles invalide : {e}"),
            format!("invalid rule pack: {e}"),
        )
    })
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Explain { code, common } => {
            let pack = load_pack(&common)?;
            let text = livrable_rules::docs::explain(&pack, code.trim(), common.lang.code())
                .ok_or_else(|| {
                    let near =
                        did_you_mean(&common, &livrable_rules::docs::nearest_codes(&pack, &code));
                    say(
                        &common,
                        format!("code inconnu : {code}{near} (la liste : `livrable rules`)"),
                        format!("unknown code: {code}{near} (the list: `livrable rules`)"),
                    )
                })?;
            print(&text)
        }
        Command::Rules { common } => {
            let pack = load_pack(&common)?;
            print(&livrable_rules::docs::list(&pack, common.lang.code()))
        }
        Command::Situations {
            id,
            format: ListFormat::Json,
            common,
        } => {
            let pack = load_pack(&common)?;
            let doc = livrable_rules::situations_doc::situations_doc(
                &pack,
                id.as_deref(),
                common.lang.code(),
            )
            .ok_or_else(|| unknown_situation(&pack, &common, id.as_deref().unwrap_or("")))?;
            let mut text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
            text.push('\n');
            print(&text)
        }
        Command::Situations {
            id: None, common, ..
        } => {
            let pack = load_pack(&common)?;
            print(&livrable_rules::docs::situations(&pack, common.lang.code()))
        }
        Command::Situations {
            id: Some(id),
            common,
            ..
        } => {
            let pack = load_pack(&common)?;
            let text = livrable_rules::docs::situation(&pack, &id, common.lang.code())
                .ok_or_else(|| unknown_situation(&pack, &common, &id))?;
            print(&text)
        }
        Command::Serve(args) => serve(args),
        Command::Cohort(args) => cohort::cohort(args),
    }
}

impl LimitArgs {
    /// The loader's limits, with the ones given on the command line.
    fn limits(&self) -> livrable_ingest::Limits {
        let mut limits = livrable_ingest::Limits::default();
        if let Some(v) = self.max_file_size {
            limits.max_file_bytes = v;
        }
        if let Some(v) = self.max_total_size {
            limits.max_total_bytes = v;
        }
        if let Some(v) = self.max_entries {
            limits.max_entries = v;
        }
        limits
    }
}

fn serve(args: ServeArgs) -> Result<ExitCode, String> {
    let pack = load_pack(&Common {
        lang: Lang::Fr,
        rules: args.rules,
    })?;
    let mut config = livrable_serve::Config {
        limits: args.limits.limits(),
        max_waiting: args.max_waiting,
        check_timeout: Duration::from_secs(args.check_timeout.max(1)),
        header_timeout: Duration::from_secs(args.read_timeout.max(1)),
        body_idle_timeout: Duration::from_secs(args.read_timeout.max(1)),
        ..livrable_serve::Config::default()
    };
    if let Some(n) = args.max_checks {
        config.max_checks = n.max(1);
        config.max_uploads = 2 * config.max_checks;
    }
    livrable_serve::run(pack, config, args.addr)?;
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    let pack = load_pack(&args.common)?;
    let limits = args.limits.limits();
    let common = &args.common;
    if let Some(kind) = &args.kind {
        if pack.deliverable(kind).is_none() {
            let ids = pack.deliverables.iter().map(|d| d.id.as_str());
            let near = did_you_mean(common, &livrable_rules::docs::nearest(kind, ids, 3));
            return Err(say(
                common,
                format!("type de livrable inconnu : {kind}{near} (la liste : `livrable rules`)"),
                format!("unknown deliverable kind: {kind}{near} (the list: `livrable rules`)"),
            ));
        }
    }
    if let Some(path) = &args.dictionary {
        install_dictionary(common, path)?;
    }
    // The situation's id as the pack writes it (`c1.6` is `C1.6`).
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
    let submission =
        livrable_ingest::load(&args.path, &limits).map_err(|e| load_error(common, &e))?;
    let lang = common.lang.code();
    let annotate_words = match &args.annotate {
        Some(out) => {
            let words = pack.annotate.as_ref().ok_or_else(|| {
                say(
                    common,
                    "le jeu de règles n'a pas de annotate.toml : les copies annotées ne peuvent pas être écrites".into(),
                    "the rule pack has no annotate.toml: annotated copies cannot be written".into(),
                )
            })?;
            annotate::check_out_dir(&args.path, out, words, lang)?;
            Some((out, words))
        }
        None => None,
    };
    let options = Options {
        lang: args.common.lang.code().to_string(),
        kind: args.kind.clone(),
        situation,
        limits,
    };
    let mut report = livrable_rules::check(&pack, &submission, &options);
    if let Some(name) = &args.candidate {
        report.grid.candidate = name.clone();
    }
    report.grid.date = today();
    let text = match args.format {
        Format::Json => livrable_report::json(&report),
        Format::Sarif => livrable_report::sarif(&report),
        Format::ChecklistMd => livrable_report::checklist_md(&report),
        Format::ChecklistHtml => livrable_report::checklist_html(&report),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            livrable_report::human(
                &report,
                &livrable_report::HumanOptions {
                    color,
                    width: 100,
                    all: args.all,
                },
            )
        }
    };
    print(&text)?;
    if let Some((out, words)) = annotate_words {
        annotate::write(
            &report,
            &submission,
            out,
            words,
            &pack.interface_words(lang),
            lang,
        )?;
    }
    Ok(if report.summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn unknown_situation(pack: &Pack, common: &Common, id: &str) -> String {
    let near = did_you_mean(common, &livrable_rules::docs::nearest_situations(pack, id));
    say(
        common,
        format!("situation inconnue : {id}{near} (la liste : `livrable situations`)"),
        format!("unknown situation: {id}{near} (the list: `livrable situations`)"),
    )
}

/// Why the submission itself could not be read, in the user's language.
fn load_error(common: &Common, e: &livrable_ingest::LoadError) -> String {
    use livrable_ingest::load::LoadErrorKind::*;
    let path = e.path.display();
    let detail = &e.detail;
    match e.kind {
        NotFound => say(
            common,
            format!("impossible de lire « {path} » : ce chemin n'existe pas"),
            format!("cannot read `{path}`: it does not exist"),
        ),
        NotReadable => say(
            common,
            format!("impossible de lire « {path} » : {detail}"),
            format!("cannot read `{path}`: {detail}"),
        ),
        BadZip => say(
            common,
            format!("impossible de lire « {path} » comme une archive zip (abîmée ou incomplète ?) : {detail}"),
            format!("cannot read `{path}` as a zip archive (damaged or incomplete?): {detail}"),
        ),
        NotAFile => say(
            common,
            format!("impossible de lire « {path} » : ce n'est ni un dossier ni un fichier"),
            format!("cannot read `{path}`: it is neither a folder nor a file"),
        ),
    }
}

/// Today's date on this computer, `YYYY-MM-DD`, for the evaluator's grid.
fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

/// Replaces the pack's French dictionary by `PATH.aff` + `PATH.dic`.
fn install_dictionary(common: &Common, path: &std::path::Path) -> Result<(), String> {
    let stem = match path.extension().and_then(|e| e.to_str()) {
        Some("dic" | "aff") => path.with_extension(""),
        _ => path.to_path_buf(),
    };
    let read = |ext: &str| {
        let file = stem.with_extension(ext);
        std::fs::read_to_string(&file).map_err(|e| {
            say(
                common,
                format!("dictionnaire illisible : {} ({e})", file.display()),
                format!("unreadable dictionary: {} ({e})", file.display()),
            )
        })
    };
    let (aff, dic) = (read("aff")?, read("dic")?);
    livrable_checks::spelling::install_dictionary(&aff, &dic).map_err(|e| {
        say(
            common,
            format!("dictionnaire invalide : {} ({e})", stem.display()),
            format!("invalid dictionary: {} ({e})", stem.display()),
        )
    })
}

/// Prints to stdout; a closed pipe (`| head`) is not an error.
fn print(text: &str) -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| {
        if text.ends_with('\n') {
            Ok(())
        } else {
            out.write_all(b"\n")
        }
    }) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.to_string()),
    }
}
