//! Who emits which finding code, with which arguments: the declarations the pack's words
//! are checked against when the pack loads.
//!
//! A code belongs to a check kind (`heading-structure/…`, declared in that kind's
//! `codes::DECLARED`; the prefix is the kind's name but for `image-weight`'s `image/…`), or to the loader and readers (`ingest/…` and the
//! `submission/unread-…` family, [`livrable_ingest::CODES`]), or to this crate (the
//! submission as a whole and its manifest, [`SUBMISSION`]).

use livrable_model::CodeDecl;

/// The codes the engine and the manifest reader emit.
pub const SUBMISSION: &[CodeDecl] = &[
    CodeDecl::new("submission/unrecognised-file", &["file"]),
    CodeDecl::new(
        "submission/nothing-checked",
        &["documents", "files", "unread"],
    ),
    CodeDecl::new("submission/manifest-syntax", &["detail", "line"]),
    CodeDecl::new(
        "submission/manifest-unknown-key",
        &["key", "known", "line", "table"],
    ),
    CodeDecl::new(
        "submission/manifest-misplaced-key",
        &["key", "line", "right", "table"],
    ),
    CodeDecl::new(
        "submission/manifest-unknown-kind",
        &["file", "kind", "known", "line"],
    ),
    CodeDecl::new("submission/bad-manifest", &["line", "reason"]),
    CodeDecl::new("submission/empty", &[]),
    CodeDecl::new(
        "submission/missing-deliverable",
        &["kind", "label", "situation"],
    ),
    CodeDecl::new(
        "submission/deliverable-in-parent",
        &["kind", "label", "parent", "situation"],
    ),
];

/// The declaration of `code`, by a check kind or by the loader, readers and engine.
pub fn declaration(code: &str) -> Option<&'static CodeDecl> {
    livrable_checks::kinds()
        .flat_map(|k| livrable_checks::declared_codes(k).unwrap_or_default())
        .chain(livrable_ingest::CODES)
        .chain(SUBMISSION)
        .find(|d| d.code == code)
}

/// Every code of the emitters that run on any submission (loader, readers, engine).
pub fn always_declared() -> impl Iterator<Item = &'static CodeDecl> {
    livrable_ingest::CODES.iter().chain(SUBMISSION)
}
