//! Every word the pages use is in the shipped pack, in French and in English.

use livrable_rules::Pack;

/// The `"serve.…"` and `"report.…"` keys written in this crate's sources.
fn keys_in_sources() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for piece in text.split('"').skip(1).step_by(2) {
            let is_key = (piece.starts_with("serve.") || piece.starts_with("report."))
                && piece
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
            if is_key && !piece.ends_with('.') {
                keys.push(piece.to_string());
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

#[test]
fn the_pack_has_every_page_word_in_both_languages() {
    let pack = Pack::embedded().unwrap();
    let mut keys: Vec<String> = livrable_report::page::KEYS
        .iter()
        .map(|k| k.to_string())
        .collect();
    let from_sources = keys_in_sources();
    assert!(from_sources.len() > 20, "{from_sources:?}");
    keys.extend(from_sources);
    // Used by livrable-rules for the situations' document.
    keys.push(livrable_rules::situations_doc::NOT_AUTOMATED.to_string());
    // Keys built at run time.
    keys.extend(["error", "warning", "info"].map(|s| format!("serve.severity.{s}")));
    for key in &keys {
        let text = pack
            .interface
            .get(key)
            .unwrap_or_else(|| panic!("interface.toml has no {key}"));
        assert!(!text.fr.trim().is_empty(), "{key}: no French");
        assert!(
            text.en.as_deref().is_some_and(|e| !e.trim().is_empty()),
            "{key}: no English"
        );
    }
    // And nothing in the file is unused.
    for key in pack.interface.keys() {
        assert!(keys.contains(key), "interface.toml: {key} is not used");
    }
}

#[test]
fn deliverable_labels_come_with_the_page_words() {
    let pack = Pack::embedded().unwrap();
    let words = pack.interface_words("en");
    assert_eq!(words["kind.blog-article"], "blog article");
    assert_eq!(words["report.place.cell"], "Cell {cell}");
    let words = pack.interface_words("fr");
    assert_eq!(words["kind.blog-article"], "article de blog");
}
