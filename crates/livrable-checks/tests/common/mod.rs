//! Helpers shared by the integration tests of the table and plan checks (`plans_files`,
//! `plans_structure`): files of the repository read by the readers of livrable-ingest,
//! check instances run with the parameters shipped in the rule pack, and what their
//! output says.

// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use livrable_checks::{Input, Output};
use livrable_ingest::{read, Limits};
use livrable_model::{Document, Observation, SubmittedFile};

/// The repository's root, where `fixtures/` and `rules/` are.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bytes of a file of the repository, `rel` from its root.
pub fn tree_bytes(rel: &str) -> Vec<u8> {
    let path = root().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `bytes` read as the file `path`; the reader must report no problem.
pub fn doc(path: &str, bytes: Vec<u8>) -> Document {
    let r = read(
        &SubmittedFile {
            path: path.into(),
            bytes,
        },
        &Limits::default(),
    );
    assert!(r.problems.is_empty(), "{path}: {:?}", r.problems);
    r.doc.expect("a document")
}

/// The check instance `id` of `rules/ccm-n6/checks/<file>`: its check kind and its
/// parameters, as shipped.
pub fn shipped(file: &str, id: &str) -> (String, toml::Table) {
    let text = String::from_utf8(tree_bytes(&format!("rules/ccm-n6/checks/{file}")))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    let pack: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let check = pack["check"]
        .as_array()
        .expect("[[check]]")
        .iter()
        .find(|c| c["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no instance {id} in {file}"));
    let kind = check["kind"].as_str().expect("a kind").to_string();
    let params = check["params"].as_table().expect("params").clone();
    (kind, params)
}

/// Runs the shipped instance `id` of `file` on `d`, a deliverable of `kind`, submitted
/// with `others` (each with its kind).
pub fn run_shipped(
    file: &str,
    id: &str,
    d: &Document,
    kind: &str,
    others: &[(&Document, &str)],
) -> Output {
    let (check_kind, params) = shipped(file, id);
    let mut submission: Vec<(&Document, &str)> = vec![(d, kind)];
    submission.extend_from_slice(others);
    livrable_checks::run(
        &check_kind,
        &Input {
            doc: d,
            kind,
            submission: &submission,
            options: &toml::Table::new(),
        },
        &params,
    )
    .expect("check runs")
}

/// The finding codes, in order.
pub fn codes(out: &Output) -> Vec<&str> {
    out.findings.iter().map(|o| o.code.as_str()).collect()
}

/// The value of an observation's argument `name`.
pub fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
    o.args
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no arg {name} in {o:?}"))
}

/// The evidence `code` of an output.
pub fn evidence<'a>(out: &'a Output, code: &str) -> &'a Observation {
    out.evidence
        .iter()
        .find(|o| o.code == code)
        .unwrap_or_else(|| panic!("no evidence {code} in {:?}", out.evidence))
}
