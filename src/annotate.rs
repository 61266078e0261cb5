//! `livrable check SUBMISSION --annotate OUT`: the folder the annotated copies go to, and
//! writing them there with `rapport.html`.
//!
//! The folder is refused when it is the submission or inside it (symbolic links and `..`
//! resolved first), before anything is written: the originals are never touched and
//! nothing is written next to them unasked. The copies keep the submission's subfolders,
//! so two `plan.docx` in two folders never overwrite each other.

use std::path::{Component, Path, PathBuf};

use livrable_model::{Report, Submission};
use livrable_rules::annotate::AnnotateWords;

/// `OUT` as an absolute path with symbolic links resolved, component by component: each
/// one that exists is resolved before the next `..` applies, and the part that does not
/// exist yet is added as written.
fn resolved(path: &Path) -> std::io::Result<PathBuf> {
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

/// Writes the annotated copies of the report's office files and `rapport.html` into
/// `out`, and says on the error output what was written. An error is a folder or a file
/// that cannot be written.
pub fn write(
    report: &Report,
    submission: &Submission,
    out: &Path,
    words: &AnnotateWords,
    lang: &str,
) -> Result<(), String> {
    let annotated = livrable_report::annotate::annotate(
        report,
        &submission.files,
        &livrable_serve::copies::writer_words(words, lang),
    );
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut written = Vec::new();
    for copy in &annotated.copies {
        let Some(path) = under(out, &copy.path) else {
            continue;
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &copy.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(copy.path.clone());
    }
    let page = out.join("rapport.html");
    std::fs::write(&page, livrable_report::checklist_html(report))
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
