//! Check kinds: pure functions from documents and parameters to observations.
//!
//! Each check kind lives in its own module, named after its code prefix
//! (`heading_structure` → `heading-structure/…`). A module opens with what it checks, why
//! it matters for the certification, and its known limits. Checks never read files, parse
//! formats, or print: they read the [`livrable_model::Document`] model and return
//! [`Observation`]s whose words the rule pack supplies.
//!
//! The rule pack names a check kind and gives its parameters as a TOML table; [`validate`]
//! checks those parameters when the pack loads, [`run`] runs the check.
//!
//! Besides the check kinds, a few support modules hold what several kinds read or write
//! the same way, so that no check imports another: [`tables`] (finding tables in sheets),
//! [`budget_table`] and [`schedule_table`] (the header words and readers of budget and
//! Gantt tables, used by their checks and by the plan's cross-file check), [`formula`]
//! (which cells a spreadsheet sum adds), [`figures`] (French figures for findings' words),
//! [`text`], [`sections`], [`labels`], [`tokens`] and [`regex_cache`]. A check kind too
//! large for one file is a folder of modules by job (`budget/`, `gantt/`, `email_html/`).

use livrable_model::{CodeDecl, Document, Observation};

pub mod blog;
pub mod budget;
pub mod budget_table;
pub mod channel_mix;
pub mod contrast;
pub mod email_html;
pub mod figures;
pub mod formula;
pub mod gantt;
pub mod green_claims;
pub mod heading_structure;
pub mod image_alt;
pub mod image_rights;
pub mod image_weight;
pub mod kpi;
pub mod labels;
pub mod links;
pub mod objectives;
pub mod pdf_accessibility;
pub mod plan;
pub mod press_release;
pub mod print;
pub mod raci;
pub mod readability;
pub mod regex_cache;
pub mod required_sections;
pub mod rgpd;
pub mod risk_matrix;
pub mod schedule_table;
pub mod sections;
pub mod seo;
pub mod slides;
pub mod social_post;
pub mod spelling;
pub mod tables;
pub mod text;
pub mod tokens;
pub mod video;

/// The keys a file's entry of `livrables.toml` may carry besides its `kind`: the options
/// that check kinds read from [`Input::options`] (`blog`: `keyword`, `site`;
/// `social-post` and `video`: `platform`; `video`: `max_seconds`; `print`: `support`;
/// `spelling`: `words`). The manifest reader refuses any other key, so that a typo is told
/// rather than ignored.
pub const FILE_OPTIONS: &[&str] = &[
    "keyword",
    "site",
    "platform",
    "max_seconds",
    "support",
    "words",
];

/// What a check is given.
pub struct Input<'a> {
    /// The document under check.
    pub doc: &'a Document,
    /// The deliverable kind the engine assigned to it (`blog-article`).
    pub kind: &'a str,
    /// Every document of the submission with its kind, for checks that compare files.
    pub submission: &'a [(&'a Document, &'a str)],
    /// What the candidate declared for this file in `livrables.toml` besides its kind
    /// (`platform = "linkedin"`, `keyword = "salon habitat"`); empty when nothing.
    pub options: &'a toml::Table,
}

/// What a check kind reads of the submission's other documents ([`Input::submission`]):
/// the engine keeps those documents, and only those, until the check has run on every
/// document it applies to, and gives it at least those. A kind that reads other documents
/// declares it here, next to the code that reads them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Companions {
    /// Documents of these formats (known from the file name: the engine reads them first).
    pub formats: &'static [livrable_model::Format],
    /// Documents the engine classified as these deliverable kinds.
    pub kinds: &'static [&'static str],
}

impl Companions {
    /// Nothing of other documents.
    pub const NONE: Companions = Companions {
        formats: &[],
        kinds: &[],
    };
}

/// What check `kind` reads of other documents (see [`Companions`]).
pub fn companions(kind: &str) -> Companions {
    match kind {
        image_weight::KIND => image_weight::COMPANIONS,
        plan::KIND => plan::COMPANIONS,
        video::KIND => video::COMPANIONS,
        _ => Companions::NONE,
    }
}

/// What a check returns.
#[derive(Debug, Default, PartialEq)]
pub struct Output {
    /// Problems found, each with a finding code.
    pub findings: Vec<Observation>,
    /// What was checked and passed, for the evaluator's checklist (codes name evidence
    /// templates in the rule pack, such as `heading-structure/outline`).
    pub evidence: Vec<Observation>,
}

/// Parameters of a check instance, as written in the rule pack.
pub type Params = toml::Table;

/// A check kind's parameters did not fit what it expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError(pub String);

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParamError {}

/// One check kind: its name and how to run it with raw parameters.
struct Kind {
    name: &'static str,
    /// The codes its observations carry, with their arguments (`codes::DECLARED`).
    codes: &'static [CodeDecl],
    /// Parses the parameters (and loads any data file) once per check instance. Most kinds
    /// use [`plain`] (a `check(input, &Params) -> Output` function) or [`configured`] (a
    /// configuration built from the parameters once, and a check that may fail); a kind
    /// with costly set-up (a dictionary, a dataset) writes its own.
    prepare: fn(&Params, &Data) -> Result<Prepared, ParamError>,
}

/// The rule pack's data files (`data/…` in the pack), by path inside the pack, for check
/// kinds that need more than parameters (a dictionary, a dataset).
pub type Data = std::collections::BTreeMap<String, Vec<u8>>;

type RunFn = dyn Fn(&Input) -> Result<Output, ParamError> + Send + Sync;

/// A check instance ready to run: its parameters parsed and its data loaded, once.
#[derive(Clone)]
pub struct Prepared(std::sync::Arc<RunFn>);

impl Prepared {
    /// Runs the check on one input.
    pub fn run(&self, input: &Input) -> Result<Output, ParamError> {
        (self.0)(input)
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prepared(..)")
    }
}

/// Prepares a kind whose check cannot fail once its parameters parse.
fn plain<P>(params: &Params, check: fn(&Input, &P) -> Output) -> Result<Prepared, ParamError>
where
    P: serde::de::DeserializeOwned + Send + Sync + 'static,
{
    let params: P = parse(params)?;
    Ok(Prepared(std::sync::Arc::new(move |input| {
        Ok(check(input, &params))
    })))
}

/// Prepares a kind whose parameters become a configuration (words normalised, regexes
/// compiled, vocabularies built): `config` runs once per instance, when the pack loads,
/// rather than once per document. The check is also run once on an
/// empty document so that whatever else it validates (ranges, patterns) fails at load.
fn configured<P, C>(
    params: &Params,
    config: fn(&P) -> Result<C, ParamError>,
    run: fn(&Input, &P, &C) -> Result<Output, ParamError>,
) -> Result<Prepared, ParamError>
where
    P: serde::de::DeserializeOwned + Send + Sync + 'static,
    C: Send + Sync + 'static,
{
    let params: P = parse(params)?;
    let cfg = config(&params)?;
    let empty = Document::new("", livrable_model::Format::Text);
    run(
        &Input {
            doc: &empty,
            kind: "",
            submission: &[],
            options: &toml::Table::new(),
        },
        &params,
        &cfg,
    )?;
    Ok(Prepared(std::sync::Arc::new(move |input| {
        run(input, &params, &cfg)
    })))
}

/// Every check kind, by name. Adding a kind is one module and one line here.
const KINDS: &[Kind] = &[
    Kind {
        name: heading_structure::KIND,
        codes: heading_structure::codes::DECLARED,
        prepare: |p, _| plain(p, heading_structure::check),
    },
    Kind {
        name: image_alt::KIND,
        codes: image_alt::codes::DECLARED,
        prepare: |p, _| plain(p, image_alt::check),
    },
    Kind {
        name: slides::KIND,
        codes: slides::codes::DECLARED,
        prepare: |p, _| plain(p, slides::check),
    },
    Kind {
        name: blog::KIND,
        codes: blog::codes::DECLARED,
        prepare: |p, _| plain(p, blog::check),
    },
    Kind {
        name: seo::KIND,
        codes: seo::codes::DECLARED,
        prepare: |p, _| plain(p, seo::check),
    },
    Kind {
        name: social_post::KIND,
        codes: social_post::codes::DECLARED,
        prepare: |p, _| plain(p, social_post::check),
    },
    Kind {
        name: links::KIND,
        codes: links::codes::DECLARED,
        prepare: |p, _| plain(p, links::check),
    },
    Kind {
        name: press_release::KIND,
        codes: press_release::codes::DECLARED,
        prepare: |p, _| plain(p, press_release::check),
    },
    Kind {
        name: budget::KIND,
        codes: budget::codes::DECLARED,
        prepare: |p, _| configured(p, budget::Config::new, budget::run_with),
    },
    Kind {
        name: gantt::KIND,
        codes: gantt::codes::DECLARED,
        prepare: |p, _| configured(p, gantt::Config::new, gantt::run_with),
    },
    Kind {
        name: spelling::KIND,
        codes: spelling::codes::DECLARED,
        prepare: |p, d| {
            let ready = spelling::Ready::new(parse(p)?, d)?;
            Ok(Prepared(std::sync::Arc::new(move |i| ready.run(i))))
        },
    },
    Kind {
        name: raci::KIND,
        codes: raci::codes::DECLARED,
        prepare: |p, _| configured(p, raci::Config::new, raci::run_with),
    },
    Kind {
        name: channel_mix::KIND,
        codes: channel_mix::codes::DECLARED,
        prepare: |p, _| configured(p, channel_mix::Config::new, channel_mix::run_with),
    },
    Kind {
        name: objectives::KIND,
        codes: objectives::codes::DECLARED,
        prepare: |p, _| configured(p, objectives::Config::new, objectives::run_with),
    },
    Kind {
        name: kpi::KIND,
        codes: kpi::codes::DECLARED,
        prepare: |p, _| configured(p, kpi::Config::new, kpi::run_with),
    },
    Kind {
        name: risk_matrix::KIND,
        codes: risk_matrix::codes::DECLARED,
        prepare: |p, _| configured(p, risk_matrix::Config::new, risk_matrix::run_with),
    },
    Kind {
        name: plan::KIND,
        codes: plan::codes::DECLARED,
        prepare: |p, _| configured(p, plan::Config::new, plan::run_with),
    },
    Kind {
        name: email_html::KIND,
        codes: email_html::codes::DECLARED,
        prepare: |p, d| {
            let ready = email_html::Ready::new(parse(p)?, |path| d.get(path).map(Vec::as_slice))?;
            Ok(Prepared(std::sync::Arc::new(move |i| ready.run(i))))
        },
    },
    Kind {
        name: readability::KIND,
        codes: readability::codes::DECLARED,
        prepare: |p, _| plain(p, readability::check),
    },
    Kind {
        name: pdf_accessibility::KIND,
        codes: pdf_accessibility::codes::DECLARED,
        prepare: |p, _| plain(p, pdf_accessibility::check),
    },
    Kind {
        name: print::KIND,
        codes: print::codes::DECLARED,
        prepare: |p, _| plain(p, print::check),
    },
    Kind {
        name: video::KIND,
        codes: video::codes::DECLARED,
        prepare: |p, _| plain(p, video::check),
    },
    Kind {
        name: image_weight::KIND,
        codes: image_weight::codes::DECLARED,
        prepare: |p, _| plain(p, image_weight::check),
    },
    Kind {
        name: rgpd::KIND,
        codes: rgpd::codes::DECLARED,
        prepare: |p, _| plain(p, rgpd::check),
    },
    Kind {
        name: image_rights::KIND,
        codes: image_rights::codes::DECLARED,
        prepare: |p, _| plain(p, image_rights::check),
    },
    Kind {
        name: contrast::KIND,
        codes: contrast::codes::DECLARED,
        prepare: |p, _| plain(p, contrast::check),
    },
    Kind {
        name: green_claims::KIND,
        codes: green_claims::codes::DECLARED,
        prepare: |p, _| configured(p, green_claims::Config::new, green_claims::run_with),
    },
    Kind {
        name: required_sections::KIND,
        codes: required_sections::codes::DECLARED,
        prepare: |p, _| {
            configured(
                p,
                required_sections::Config::new,
                required_sections::run_with,
            )
        },
    },
];

/// Deserialises a check's parameters, unknown keys refused so that typos in the pack show.
fn parse<T: serde::de::DeserializeOwned>(params: &Params) -> Result<T, ParamError> {
    toml::Value::Table(params.clone())
        .try_into()
        .map_err(|e: toml::de::Error| ParamError(e.message().to_string()))
}

/// The names of all check kinds.
pub fn kinds() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|k| k.name)
}

/// The codes check `kind` emits, each with its arguments' names; `None` for no such kind.
pub fn declared_codes(kind: &str) -> Option<&'static [CodeDecl]> {
    KINDS.iter().find(|k| k.name == kind).map(|k| k.codes)
}

/// Prepares check `kind` with `params` and the pack's `data`: what the pack loader does
/// once per check instance, so that a bad parameter fails at load, with the file and line.
pub fn prepare(kind: &str, params: &Params, data: &Data) -> Result<Prepared, ParamError> {
    let k = KINDS
        .iter()
        .find(|k| k.name == kind)
        .ok_or_else(|| ParamError(format!("unknown check kind `{kind}`")))?;
    (k.prepare)(params, data)
}

/// Checks that `kind` exists and accepts `params` (with no data files), without running it.
pub fn validate(kind: &str, params: &Params) -> Result<(), ParamError> {
    prepare(kind, params, &Data::new()).map(|_| ())
}

/// Starts the checks' one-time set-up in the background: parsing the spelling
/// dictionaries and compiling the tokeniser's patterns, which the first spelling or
/// readability check would otherwise do, waiting, on its own. A caller about to run checks
/// (the engine, before it reads the submission) calls it so that the set-up overlaps its
/// own work; it returns at once. Later calls, and checks that start before the set-up ends,
/// share it (each piece is done once per process). Nothing is done when threads cannot be
/// started: the checks then do it on first use, as before.
pub fn warm_up() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("livrable-dictionaries".into())
            .spawn(spelling::preload);
        let _ = std::thread::Builder::new()
            .name("livrable-patterns".into())
            .spawn(tokens::preload);
    });
}

/// Prepares and runs check `kind` once: for tests and one-off uses; the engine prepares
/// each instance once and runs it on every document.
pub fn run(kind: &str, input: &Input, params: &Params) -> Result<Output, ParamError> {
    prepare(kind, params, &Data::new())?.run(input)
}
