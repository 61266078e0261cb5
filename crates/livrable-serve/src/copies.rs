//! The annotated copies offered on the report page: the same copies as
//! `livrable check --annotate OUT` (`livrable_report::annotate`), made in memory and put in
//! the page as `data:` links, since the server keeps nothing to download later.
//!
//! A page holds its copies whole (base64, a third larger than the files), so copies are
//! offered only up to [`MAX_COPIES_BYTES`] in all; past it the page says so, and a mentor
//! runs the command line instead.

use livrable_model::{Report, Submission};
use livrable_report::annotate::{annotate, AnnotateWords as WriterWords};
use livrable_report::page::Download;
use livrable_rules::annotate::AnnotateWords;

use crate::app::App;
use crate::lang::Lang;

/// The most bytes of copies one report page carries.
pub const MAX_COPIES_BYTES: usize = 24 << 20;

/// The pack's words for the copies (`annotate.toml`), in `lang`, as the writers take them.
/// The command line's `--annotate` uses it too.
pub fn writer_words(words: &AnnotateWords, lang: &str) -> WriterWords {
    WriterWords {
        author: words.author.clone(),
        initials: words.initials.clone(),
        suffix: words.suffix.clone(),
        comment: words.comment.render(lang, &[]),
        whole_document: words.whole_document.render(lang, &[]),
        whole_sheet: words.whole_sheet.render(lang, &[]),
    }
}

/// What the page offers of the copies.
pub struct Offered {
    pub downloads: Vec<Download>,
    /// Set when copies were made but are too large for the page: the sentence to show.
    pub too_large: Option<String>,
}

/// The office type of a copy, for its `data:` address.
fn mime_of(path: &str) -> &'static str {
    let ext = path
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        _ => "application/octet-stream",
    }
}

/// The annotated copies of the report's office files, as downloads.
pub fn offered(app: &App, report: &Report, submission: &Submission, lang: Lang) -> Offered {
    let none = Offered {
        downloads: Vec::new(),
        too_large: None,
    };
    let Some(words) = &app.pack.annotate else {
        return none;
    };
    let annotated = annotate(report, &submission.files, &writer_words(words, lang.code()));
    let total: usize = annotated.copies.iter().map(|c| c.bytes.len()).sum();
    if total > MAX_COPIES_BYTES {
        let limit = app.bytes(lang, MAX_COPIES_BYTES as u64);
        return Offered {
            downloads: Vec::new(),
            too_large: Some(app.fill(lang, "serve.copies.too_large", &[("limit", &limit)])),
        };
    }
    let downloads = annotated
        .copies
        .iter()
        .map(|copy| {
            let name = copy.path.rsplit('/').next().unwrap_or(&copy.path);
            Download {
                label: app.fill(
                    lang,
                    "serve.copies.one",
                    &[("file", &copy.file), ("count", &copy.findings.to_string())],
                ),
                file_name: name.to_string(),
                href: crate::check::data_url(mime_of(name), &copy.bytes),
            }
        })
        .collect();
    Offered {
        downloads,
        too_large: None,
    }
}
