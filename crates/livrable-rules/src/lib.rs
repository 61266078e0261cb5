//! The certification as data, and the engine that applies it.
//!
//! - [`pack`]: the rule pack's types and loader (embedded copy or `--rules DIR`);
//! - [`referentiel`]: blocks, competences, evaluation situations and criteria;
//! - [`classify`]: which deliverable each file is;
//! - [`codes`]: who emits which finding code, with which arguments;
//! - [`engine`]: reading, classifying and checking a submission into a report;
//! - [`findings`]: what the engine does with findings once the checks have run (places);
//! - [`annotate`]: the words of annotated copies.
//!
//! Invariant: every user-facing sentence comes from the pack; this crate only assembles.

pub mod annotate;
pub mod checklist;
pub mod classify;
pub mod codes;
pub mod docs;
pub mod engine;
pub mod findings;
pub mod pack;
pub mod referentiel;
pub mod situations_doc;

pub use engine::{check, Options};
pub use pack::{Pack, PackError};
