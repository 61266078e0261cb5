//! The embedded rule pack speaks for every code the code can emit, in both languages.
//!
//! Checks and readers emit codes as string literals (`"heading-structure/skipped-level"`);
//! this test finds every such literal in the sources of the checks, readers and engine, and
//! proves the pack gives it a severity, a message, a help and an explanation, in French and
//! in English. A code without words would reach a candidate as a bare identifier.

use std::collections::BTreeSet;
use std::path::Path;

use livrable_rules::Pack;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `"prefix/what"` string literal whose prefix is a check kind or a core prefix,
/// outside `#[cfg(test)]` modules (tests may name made-up codes).
fn emitted_codes() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut prefixes: BTreeSet<String> = livrable_checks::kinds().map(str::to_string).collect();
    prefixes.extend(["ingest", "submission"].map(String::from));
    let mut files = Vec::new();
    for krate in ["livrable-checks", "livrable-ingest", "livrable-rules"] {
        rust_files(&root.join(krate).join("src"), &mut files);
    }
    let mut codes = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for piece in text.split('"').skip(1).step_by(2) {
            let Some((prefix, what)) = piece.split_once('/') else {
                continue;
            };
            let shaped = !what.is_empty()
                && what
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if shaped && prefixes.contains(prefix) {
                codes.insert(piece.to_string());
            }
        }
    }
    codes
}

#[test]
fn every_emitted_code_has_words() {
    let pack = Pack::embedded().unwrap_or_else(|e| panic!("{e}"));
    let codes = emitted_codes();
    assert!(codes.len() >= 10, "the scan found codes: {codes:?}");
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !pack.codes.contains_key(*c) && !pack.evidence.contains_key(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without words in rules/ccm-n6/codes/: {missing:?}"
    );
}

#[test]
fn every_code_speaks_french_and_english() {
    let pack = Pack::embedded().unwrap_or_else(|e| panic!("{e}"));
    for (code, def) in &pack.codes {
        for (what, text) in [
            ("message", &def.message),
            ("help", &def.help),
            ("explain", &def.explain),
        ] {
            assert!(!text.fr.trim().is_empty(), "{code}: empty French {what}");
            assert!(
                text.en.as_deref().is_some_and(|e| !e.trim().is_empty()),
                "{code}: no English {what}"
            );
        }
        let prefix = code.split('/').next().unwrap_or_default();
        let known = livrable_checks::kinds().any(|k| k == prefix)
            || ["ingest", "submission"].contains(&prefix);
        assert!(known, "{code}: its prefix is no check kind");
    }
    for (code, ev) in &pack.evidence {
        assert!(ev.text.en.is_some(), "{code}: evidence without English");
    }
}
