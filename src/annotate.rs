//! `livrable check SUBMISSION --annotate OUT`: the folder the annotated copies go to, and
//! writing them there with `rapport.html`.
//!
//! The folder is refused when it is the submission or inside it (symbolic links and `..`
//! resolved first), before anything is written: the originals are never touched and
//! nothing is written next to them unasked. The copies keep the submission's subfolders,
//! so two `plan.docx` in two folders never overwrite each other.
//!
//! `rapport.html` is the report page `livrable serve` shows, standing alone (its style
//! inline, nothing loaded from elsewhere), with the copies beside it as its downloads: it
//! is where the findings of the files no copy can carry (PDF, images, video, Markdown,
//! HTML) are read.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use livrable_model::{Report, Submission};
use livrable_report::annotate::AnnotatedCopy;
use livrable_report::page::{Download, PageOptions, Stylesheet};
use livrable_rules::annotate::AnnotateWords;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What a relative link's path keeps as written: the unreserved characters of RFC 3986
/// and the folder separator; the rest (spaces, parentheses, `#`, `%`…) is encoded.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// `OUT` as an absolute path with symbolic links resolved, component by component: each
/// one that exists is resolved before the next `..` applies, and the part that does not
/// exist yet is added as written.
pub(crate) fn resolved(path: &Path) -> std::io::Result<PathBuf> {
    let mut out = PathBuf::new();
    for component in std::env::current_dir()?.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => {
                out.push(other);
                if let Ok(real) = out.canonicalize() {
                    out = real;
                }
            }
        }
    }
    Ok(out)
}

/// Refuses an output folder that is the submission or inside it; the message is the
/// pack's.
pub fn check_out_dir(
    submission: &Path,
    out: &Path,
    words: &AnnotateWords,
    lang: &str,
) -> Result<(), String> {
    let sub = submission
        .canonicalize()
        .map_err(|e| format!("{}: {e}", submission.display()))?;
    let target = resolved(out).map_err(|e| format!("{}: {e}", out.display()))?;
    if target.starts_with(&sub) {
        let dir = out.display().to_string();
        return Err(words.inside.render(lang, &[("dir".into(), dir)]));
    }
    Ok(())
}

/// A copy's path under `out`, from its `/`-separated path in the submission; `None` for
/// a path that would leave `out` (the loader refuses those already).
fn under(out: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = out.to_path_buf();
    for piece in relative.split('/') {
        let mut parts = Path::new(piece).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(name)), None) => path.push(name),
            _ => return None,
        }
    }
    Some(path)
}

/// `rapport.html`: the report page with the pack's page words (`interface`), offering the
/// copies written (`copies`, at their paths relative to the page).
fn report_page(
    report: &Report,
    copies: &[&AnnotatedCopy],
    words: &AnnotateWords,
    interface: &BTreeMap<String, String>,
    lang: &str,
) -> String {
    // The label is the server page's, written once in the pack.
    let label = interface
        .get("serve.copies.one")
        .map_or("{file}", String::as_str);
    let copies: Vec<Download> = copies
        .iter()
        .map(|copy| Download {
            // The name last: a name holding `{count}` is not filled again.
            label: label
                .replace("{count}", &copy.findings.to_string())
                .replace("{file}", &copy.file),
            file_name: copy
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&copy.path)
                .to_string(),
            href: utf8_percent_encode(&copy.path, PATH).to_string(),
        })
        .collect();
    let notes = [words.page_note.render(lang, &[])];
    livrable_report::report_page(
        report,
        &PageOptions {
            words: interface,
            stylesheet: Stylesheet::Inline,
            code_link: None,
            downloads: &[],
            copies: &copies,
            copies_note: None,
            back: None,
            notes: &notes,
        },
    )
}

/// Writes the annotated copies of the report's office files and `rapport.html` into
/// `out`, and says on the error output what was written. An error is a folder or a file
/// that cannot be written. `interface` holds the pack's page words in `lang`.
pub fn write(
    report: &Report,
    submission: &Submission,
    out: &Path,
    words: &AnnotateWords,
    interface: &BTreeMap<String, String>,
    lang: &str,
) -> Result<(), String> {
    let annotated = livrable_report::annotate::annotate(
        report,
        &submission.files,
        &livrable_serve::copies::writer_words(words, lang),
    );
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut written = Vec::new();
    let mut offered = Vec::new();
    for copy in &annotated.copies {
        let Some(path) = under(out, &copy.path) else {
            continue;
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &copy.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(copy.path.clone());
        offered.push(copy);
    }
    let page = out.join("rapport.html");
    std::fs::write(&page, report_page(report, &offered, words, interface, lang))
        .map_err(|e| format!("{}: {e}", page.display()))?;
    written.push("rapport.html".to_string());
    let mut message = words
        .written
        .render(lang, &[("dir".into(), out.display().to_string())]);
    for name in &written {
        message.push_str(&format!("\n  {name}"));
    }
    for skipped in &annotated.not_copied {
        let file = ("file".to_string(), skipped.file.clone());
        message.push('\n');
        message.push_str(&match &skipped.reason {
            None => words.not_copied.render(lang, &[file]),
            Some(reason) => words
                .not_written
                .render(lang, &[file, ("reason".into(), reason.clone())]),
        });
    }
    eprintln!("{message}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_stay_under_the_folder() {
        let out = Path::new("/tmp/out");
        assert_eq!(
            under(out, "C1.6/plan (relu).docx"),
            Some(PathBuf::from("/tmp/out/C1.6/plan (relu).docx"))
        );
        assert_eq!(under(out, "../x.docx"), None);
        assert_eq!(under(out, "/etc/x"), None);
        assert_eq!(under(out, "a//b"), None);
    }

    #[test]
    fn folders_not_yet_made_are_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        assert_eq!(
            resolved(&root.join("a/b/../c/./d")).unwrap(),
            root.join("a/c/d")
        );
        std::fs::create_dir(root.join("sub")).unwrap();
        assert_eq!(resolved(&root.join("sub/../x")).unwrap(), root.join("x"));
    }
}
