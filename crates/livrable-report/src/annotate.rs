//! Annotated copies: the candidate's own office files with each finding written inside, in
//! the form the application shows natively (`livrable check SUBMISSION --annotate OUT`).
//!
//! - XLSX ([`xlsx`]): a note (legacy comment, what Excel calls a *note* and LibreOffice a
//!   *comment*) on the cell, and a red border added to a copy of the cell's style, so that
//!   the fill of a Gantt bar or a total stays the candidate's; a finding on a sheet goes in
//!   a note on its A1 cell, a finding on the whole workbook on the first sheet's A1.
//! - ODS ([`ods`]): the same with `office:annotation` and a copy of the cell's style.
//! - DOCX ([`docx`]): a Word review comment on the paragraph (the heading, the image's or
//!   the link's paragraph), on the very words when the finding points at words and the
//!   paragraph's runs give its text, or on the table cell; a finding on the whole document
//!   in one comment on the first paragraph.
//! - ODT ([`odt`]): the same with `office:annotation` (and `office:annotation-end`).
//! - PPTX ([`pptx`]): a comment on the slide (PresentationML comments, which PowerPoint
//!   and LibreOffice Impress show), at the shape's corner when the finding names a shape;
//!   a finding on the whole deck on the first slide.
//!
//! A copy is the original package plus the annotations: every part not edited is copied
//! raw from the original zip (byte-identical, see [`package`]); edited parts are changed by
//! splicing the original text (a start tag rewritten, elements inserted), never rebuilt
//! from the document model. Nothing the annotations add is read back as content by the
//! readers (comments, notes, a border), so a copy gives the same findings as its original.
//!
//! Which files get a copy: those in one of the formats above that have at least one
//! finding, and none of the `ingest/` kind (a file the reader could not read whole, a zip
//! bomb, a truncated workbook, gets no copy: its finding is in the report). This module
//! does no I/O: it returns the copies' bytes and names, the binary writes them.

mod cells;
mod docx;
mod odf;
mod ods;
mod odt;
mod opc;
mod package;
mod pptx;
mod xlsx;
mod xml;

use livrable_model::{Finding, Format, Location, Report, SubmittedFile};

/// The rule pack's words for annotated copies, already in the report's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotateWords {
    /// The author of every comment (« livrable »).
    pub author: String,
    /// The author's initials, which Word shows beside a comment.
    pub initials: String,
    /// What a copy's name adds before its extension: `plan (relu).docx` for `relu`.
    pub suffix: String,
    /// One finding's comment, with the placeholders `{severity}`, `{message}`, `{help}`
    /// (the first sentence of the help) and `{code}`.
    pub comment: String,
    /// The line that opens the comment gathering the findings on a whole document.
    pub whole_document: String,
    /// The line that opens the note gathering the findings on a whole sheet.
    pub whole_sheet: String,
}

/// One annotated copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotatedCopy {
    /// The original's path in the submission.
    pub file: String,
    /// The copy's path, relative to the output folder: the original's folders in the
    /// submission, and its name with the suffix (`dossier/plan (relu).docx`).
    pub path: String,
    pub bytes: Vec<u8>,
    /// How many findings the copy carries.
    pub findings: usize,
}

/// A file that has findings and a format that can carry comments, but got no copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCopied {
    pub file: String,
    /// Why, in English (a writer's reason); `None` when the reader could not read the
    /// file whole, which the report's `ingest/` finding already says.
    pub reason: Option<String>,
}

/// What [`annotate`] made of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotated {
    pub copies: Vec<AnnotatedCopy>,
    pub not_copied: Vec<NotCopied>,
}

/// One comment to write: the place, as the finding gives it, and the text.
#[derive(Debug, Clone)]
pub(crate) struct Note<'a> {
    pub location: &'a Location,
    pub text: String,
}

/// Where a comment goes in a word-processing document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextAnchor<'a> {
    /// A body paragraph (numbered as [`Location::paragraph`] says); `span` is the part of
    /// its text the finding is about (byte offsets in the paragraph's text, and that
    /// text), when the finding points at words inside it.
    Paragraph {
        number: u32,
        span: Option<(usize, usize, &'a str)>,
    },
    /// A cell of a body table (numbered as [`livrable_model::TableCell`] says).
    Cell { table: u32, row: u32, column: u32 },
    /// The whole document.
    Whole,
}

/// A comment to write in a word-processing document.
#[derive(Debug, Clone)]
pub(crate) struct TextNote<'a> {
    pub anchor: TextAnchor<'a>,
    pub text: String,
}

/// A comment to write on a slide.
#[derive(Debug, Clone)]
pub(crate) struct SlideNote<'a> {
    /// 1-based slide number; `None` for the whole deck.
    pub slide: Option<u32>,
    /// The shape's name, when the finding is about one.
    pub shape: Option<&'a str>,
    pub text: String,
}

/// The annotated copies of a report's office files. `files` are the submission's bytes
/// (the report holds only the documents read from them).
pub fn annotate(report: &Report, files: &[SubmittedFile], words: &AnnotateWords) -> Annotated {
    let mut out = Annotated::default();
    for file in files {
        // A file the reader could not read has no document: its extension says what it
        // was meant to be.
        let Some(format) = report
            .document(&file.path)
            .map(|d| d.format)
            .or_else(|| format_of_name(&file.path))
        else {
            continue;
        };
        // A finding explained by another (one root cause once) is still written at its
        // own place: the copy of the plan says its total differs, whatever file the cause
        // is in.
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .flat_map(Finding::with_explained)
            .filter(|f| f.file == file.path)
            .collect();
        if findings.is_empty() || !carries_comments(format) {
            continue;
        }
        if findings.iter().any(|f| f.code.starts_with("ingest/")) {
            out.not_copied.push(NotCopied {
                file: file.path.clone(),
                reason: None,
            });
            continue;
        }
        let text = |f: &Finding| comment_text(f, words, &report.lang);
        let written = match format {
            Format::Xlsx | Format::Ods => {
                let notes: Vec<Note<'_>> = findings
                    .iter()
                    .map(|f| Note {
                        location: &f.location,
                        text: text(f),
                    })
                    .collect();
                if format == Format::Xlsx {
                    xlsx::annotate(&file.bytes, &notes, words)
                } else {
                    ods::annotate(&file.bytes, &notes, words)
                }
            }
            Format::Docx | Format::Odt => {
                let doc = report.document(&file.path);
                let notes: Vec<TextNote<'_>> = findings
                    .iter()
                    .map(|f| TextNote {
                        anchor: text_anchor(&f.location, doc),
                        text: text(f),
                    })
                    .collect();
                if format == Format::Docx {
                    docx::annotate(&file.bytes, &notes, words)
                } else {
                    odt::annotate(&file.bytes, &notes, words)
                }
            }
            Format::Pptx => {
                let notes: Vec<SlideNote<'_>> = findings
                    .iter()
                    .map(|f| SlideNote {
                        // Readers give a slide's number as its page too.
                        slide: f.location.slide.or(f.location.page),
                        shape: f.location.shape.as_deref(),
                        text: text(f),
                    })
                    .collect();
                pptx::annotate(&file.bytes, &notes, words)
            }
            _ => unreachable!("carries_comments lists the formats written"),
        };
        match written {
            Ok(bytes) => out.copies.push(AnnotatedCopy {
                file: file.path.clone(),
                path: copy_path(&file.path, &words.suffix),
                bytes,
                findings: findings.len(),
            }),
            Err(reason) => out.not_copied.push(NotCopied {
                file: file.path.clone(),
                reason: Some(reason),
            }),
        }
    }
    out
}

/// Where a finding goes in a word-processing document: its table cell, else its
/// paragraph (with the words it is about, when its span lies inside the paragraph's text),
/// else the whole document.
fn text_anchor<'a>(
    location: &Location,
    doc: Option<&'a livrable_model::Document>,
) -> TextAnchor<'a> {
    if let Some(cell) = location.table {
        return TextAnchor::Cell {
            table: cell.table,
            row: cell.row,
            column: cell.column,
        };
    }
    let Some(number) = location.paragraph else {
        return TextAnchor::Whole;
    };
    let span = doc.zip(location.range()).and_then(|(doc, range)| {
        let unit = doc
            .layout
            .units
            .iter()
            .find(|u| u.kind == livrable_model::UnitKind::Paragraph(number))?;
        let text = doc.text.get(unit.start..unit.end)?;
        (unit.start <= range.start && range.end <= unit.end)
            .then(|| (range.start - unit.start, range.end - unit.start, text))
    });
    TextAnchor::Paragraph { number, span }
}

/// True for the formats whose copies carry the findings as comments.
fn carries_comments(format: Format) -> bool {
    COMMENTED.contains(&format)
}

/// The formats written with comments.
const COMMENTED: [Format; 5] = [
    Format::Xlsx,
    Format::Ods,
    Format::Docx,
    Format::Odt,
    Format::Pptx,
];

/// The format a file's extension names, among those that can carry comments.
fn format_of_name(path: &str) -> Option<Format> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    COMMENTED.into_iter().find(|f| f.name() == ext)
}

/// `dossier/plan.docx` → `dossier/plan (relu).docx`; a name without extension gets the
/// suffix at its end.
fn copy_path(path: &str, suffix: &str) -> String {
    let (dir, name) = match path.rsplit_once('/') {
        Some((d, n)) => (Some(d), n),
        None => (None, path),
    };
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({suffix}).{ext}"),
        _ => format!("{name} ({suffix})"),
    };
    match dir {
        Some(d) => format!("{d}/{name}"),
        None => name,
    }
}

/// A finding's comment: the pack's template filled with its severity, message, the first
/// sentence of its help, and its code.
fn comment_text(finding: &Finding, words: &AnnotateWords, lang: &str) -> String {
    let severity = crate::words::words(lang).severity(finding.severity);
    let help = first_sentence(&finding.help);
    fill(
        &words.comment,
        &[
            ("severity", severity),
            ("message", &finding.message),
            ("help", help),
            ("code", &finding.code),
        ],
    )
}

/// Replaces each `{name}` of `template` by its value, in one pass (a message that holds
/// braces is never filled again); unknown placeholders stay as written.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match args.iter().find(|(name, _)| {
            after[1..].starts_with(name) && after[1 + name.len()..].starts_with('}')
        }) {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 2..];
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first sentence of a help text: up to the first `.`, `!` or `?` followed by a space
/// and a capital letter (or the end), so that `p. ex.` or `1.5` do not cut it, nor a
/// colon-introduced list.
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let end = i + c.len_utf8();
        let rest = &text[end..];
        let next_word = rest.trim_start();
        if next_word.is_empty() {
            return text;
        }
        let spaced = rest.len() > next_word.len();
        let capital = next_word
            .chars()
            .next()
            .is_some_and(|n| n.is_uppercase() || n == '«' || n == '"');
        if spaced && capital {
            return &text[..end];
        }
    }
    text
}

/// The comment text of several findings at one place, a paragraph each, opened by
/// `heading` on a line of its own when they are about the whole document or sheet.
pub(crate) fn joined<'a>(
    heading: Option<&str>,
    texts: impl IntoIterator<Item = &'a str>,
) -> String {
    let body = texts.into_iter().collect::<Vec<_>>().join("\n\n");
    match heading {
        Some(h) => format!("{h}\n{body}"),
        None => body,
    }
}

/// Words as the pack gives them, for the tests of the writers.
#[cfg(test)]
pub(crate) fn test_words() -> AnnotateWords {
    AnnotateWords {
        author: "livrable".into(),
        initials: "LV".into(),
        suffix: "relu".into(),
        comment: "{severity} : {message}\n{help}\n[{code}]".into(),
        whole_document: "Sur l'ensemble du document".into(),
        whole_sheet: "Sur l'ensemble de la feuille".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_names_keep_folders_and_extension() {
        assert_eq!(copy_path("plan.docx", "relu"), "plan (relu).docx");
        assert_eq!(
            copy_path("C1.6/Budget v2.final.xlsx", "relu"),
            "C1.6/Budget v2.final (relu).xlsx"
        );
        assert_eq!(copy_path(".hidden", "relu"), ".hidden (relu)");
    }

    #[test]
    fn help_is_cut_after_its_first_sentence() {
        assert_eq!(
            first_sentence("Ajoutez une ligne TOTAL. Elle doit faire la somme."),
            "Ajoutez une ligne TOTAL."
        );
        assert_eq!(
            first_sentence("Comptez p. ex. les frais de port (1.5 %). « Voir » la suite."),
            "Comptez p. ex. les frais de port (1.5 %)."
        );
        assert_eq!(first_sentence("Une seule phrase."), "Une seule phrase.");
        assert_eq!(first_sentence("  Sans point  "), "Sans point");
        assert_eq!(first_sentence("Quoi ? Ceci."), "Quoi ?");
    }

    #[test]
    fn templates_fill_once() {
        assert_eq!(
            fill(
                "{severity} : {message} [{code}] {other}",
                &[
                    ("severity", "erreur"),
                    ("message", "a {code} b"),
                    ("code", "x/y")
                ]
            ),
            "erreur : a {code} b [x/y] {other}"
        );
    }
}
