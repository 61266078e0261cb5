//! `annotate.toml`: the words of annotated copies (`livrable check SUBMISSION --annotate
//! OUT`): the comments' author, the copies' names, the comment template, and what the
//! command says about them.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::pack::{PackError, Text};

/// The placeholders a comment template may use (what the annotator fills).
pub const COMMENT_PLACEHOLDERS: &[&str] = &["severity", "message", "help", "code"];

/// The words of `annotate.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotateWords {
    pub author: String,
    pub initials: String,
    pub suffix: String,
    pub comment: Text,
    pub whole_document: Text,
    pub whole_sheet: Text,
    pub written: Text,
    pub not_copied: Text,
    pub not_written: Text,
    pub inside: Text,
    /// The sentence under the title of `rapport.html`.
    pub page_note: Text,
}

impl AnnotateWords {
    /// Placeholders of the comment template that the annotator does not fill, if any.
    pub fn unknown_placeholders(&self) -> Vec<String> {
        let known: BTreeSet<&str> = COMMENT_PLACEHOLDERS.iter().copied().collect();
        self.comment
            .placeholders()
            .into_iter()
            .filter(|p| !known.contains(p.as_str()))
            .collect()
    }

    /// A file name is made of the suffix: it must not hold a path separator or a
    /// character Windows refuses in names.
    pub fn suffix_is_valid(&self) -> bool {
        !self.suffix.trim().is_empty()
            && !self.suffix.chars().any(|c| {
                matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control()
            })
    }
}

/// Reads `annotate.toml`, refusing a comment template with a placeholder the annotator
/// does not fill and a suffix that cannot be part of a file name.
pub(crate) fn parse(text: &str) -> Result<AnnotateWords, PackError> {
    const FILE: &str = "annotate.toml";
    let words: AnnotateWords = crate::pack::parse(FILE, text)?;
    let line_of = |key: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(key))
            .map(|i| i + 1)
    };
    if let Some(p) = words.unknown_placeholders().first() {
        return Err(PackError {
            file: FILE.into(),
            line: line_of("comment"),
            message: format!(
                "the comment uses {{{p}}}, which is not filled (the placeholders are {})",
                COMMENT_PLACEHOLDERS.join(", ")
            ),
        });
    }
    if !words.suffix_is_valid() {
        return Err(PackError {
            file: FILE.into(),
            line: line_of("suffix"),
            message: "the suffix is empty or holds a character file names cannot have".into(),
        });
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: &str = r#"
author = "livrable"
initials = "LV"
suffix = "relu"
comment = { fr = "{severity} : {message} {help} [{code}]" }
whole_document = { fr = "Document" }
whole_sheet = { fr = "Feuille" }
written = { fr = "écrit dans {dir}" }
not_copied = { fr = "{file}" }
not_written = { fr = "{file} {reason}" }
inside = { fr = "{dir}" }
page_note = { fr = "Copies" }
"#;

    #[test]
    fn the_embedded_words_load() {
        let pack = crate::Pack::embedded().unwrap_or_else(|e| panic!("{e}"));
        let words = pack.annotate.expect("the embedded pack has annotate.toml");
        assert_eq!(words.author, "livrable");
        assert!(words.comment.en.is_some());
    }

    #[test]
    fn unknown_placeholders_and_bad_suffixes_are_refused() {
        assert!(parse(WORDS).is_ok());
        let err = parse(&WORDS.replace("[{code}]", "{criteria}")).unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("annotate.toml", Some(5)));
        assert!(err.message.contains("{criteria}"), "{err}");
        let err = parse(&WORDS.replace("\"relu\"", "\"re/lu\"")).unwrap_err();
        assert_eq!(err.line, Some(4));
    }
}
