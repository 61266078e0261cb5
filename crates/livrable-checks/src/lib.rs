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

use livrable_model::{Document, Observation};

pub mod blog;
pub mod budget;
pub mod heading_structure;
pub mod image_alt;
pub mod links;
pub mod press_release;
pub mod seo;
pub mod social_post;
pub mod tables;
pub mod text;

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
    run: fn(&Input, &Params) -> Result<Output, ParamError>,
}

/// Every check kind, by name. Adding a kind is one module and one line here.
const KINDS: &[Kind] = &[
    Kind {
        name: heading_structure::KIND,
        run: |i, p| Ok(heading_structure::check(i, &parse(p)?)),
    },
    Kind {
        name: image_alt::KIND,
        run: |i, p| Ok(image_alt::check(i, &parse(p)?)),
    },
    Kind {
        name: blog::KIND,
        run: |i, p| Ok(blog::check(i, &parse(p)?)),
    },
    Kind {
        name: seo::KIND,
        run: |i, p| Ok(seo::check(i, &parse(p)?)),
    },
    Kind {
        name: social_post::KIND,
        run: |i, p| Ok(social_post::check(i, &parse(p)?)),
    },
    Kind {
        name: press_release::KIND,
        run: |i, p| Ok(press_release::check(i, &parse(p)?)),
    },
    Kind {
        name: links::KIND,
        run: |i, p| Ok(links::check(i, &parse(p)?)),
    },
    Kind {
        name: budget::KIND,
        run: |i, p| budget::check(i, &parse(p)?),
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

/// Checks that `kind` exists and accepts `params`, without running it.
pub fn validate(kind: &str, params: &Params) -> Result<(), ParamError> {
    let k = KINDS
        .iter()
        .find(|k| k.name == kind)
        .ok_or_else(|| ParamError(format!("unknown check kind `{kind}`")))?;
    let empty = Document::new("", livrable_model::Format::Text);
    (k.run)(
        &Input {
            doc: &empty,
            kind: "",
            submission: &[],
            options: &toml::Table::new(),
        },
        params,
    )
    .map(|_| ())
}

/// Runs check `kind` with `params` on `input`.
pub fn run(kind: &str, input: &Input, params: &Params) -> Result<Output, ParamError> {
    let k = KINDS
        .iter()
        .find(|k| k.name == kind)
        .ok_or_else(|| ParamError(format!("unknown check kind `{kind}`")))?;
    (k.run)(input, params)
}
