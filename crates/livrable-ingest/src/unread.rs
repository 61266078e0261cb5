//! Files the tool does not read, told apart by the software that makes them, so that the
//! report can say that they were not checked and how to export them (Pages, Numbers and
//! Keynote; Word, Excel and PowerPoint before 2007; Photoshop, Illustrator, InDesign;
//! archives inside the submission).
//!
//! A macOS document package (`rapport.pages/` holding `Index.zip`, `preview.jpg`…) is one
//! document: [`unread_unit`] gives the package's path for every file inside it, so that it
//! is reported once.

use crate::read::format_of;

/// What kind of file a not-read file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// Pages, Numbers, Keynote (`.pages`, `.numbers`, `.key`).
    Apple,
    /// Word, PowerPoint and Works files of before 2007 (`.doc`, `.ppt`, `.pps`, `.dot`,
    /// `.wps`, `.rtf`). (`.xls` is read.)
    OldOffice,
    /// A layout or image project (`.psd`, `.ai`, `.indd`, `.afdesign`, `.xcf`, `.sketch`…).
    Design,
    /// An archive inside the submission (`.zip` in a folder, `.rar`, `.7z`…): its files are
    /// not opened.
    Archive,
    /// Any other format.
    Other,
}

impl Unread {
    /// The finding code's last part (`submission/unread-apple`).
    pub fn code(self) -> &'static str {
        match self {
            Unread::Apple => "submission/unread-apple",
            Unread::OldOffice => "submission/unread-old-office",
            Unread::Design => "submission/unread-design",
            Unread::Archive => "submission/unread-archive",
            Unread::Other => "submission/unsupported-format",
        }
    }
}

/// The family of an extension (lower case, without the dot).
fn family(ext: &str) -> Option<Unread> {
    Some(match ext {
        "pages" | "numbers" | "key" | "keynote" => Unread::Apple,
        "doc" | "dot" | "ppt" | "pps" | "pot" | "wps" | "wpd" | "rtf" => Unread::OldOffice,
        "psd" | "psb" | "ai" | "eps" | "indd" | "idml" | "indt" | "afdesign" | "afphoto"
        | "afpub" | "xcf" | "sketch" | "fig" | "cdr" | "pub" | "xd" => Unread::Design,
        "zip" | "rar" | "7z" | "tar" | "gz" | "tgz" | "bz2" | "xz" => Unread::Archive,
        _ => return None,
    })
}

/// The lower-case extension of a path's last component, if it has one.
fn extension(component: &str) -> Option<String> {
    let (stem, ext) = component.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// For a file the readers do not read: the path to report (the package for a file inside a
/// `.pages`, `.numbers` or `.key` package) and what kind of file it is. `None` for a file
/// that is read.
pub fn unread_unit(path: &str) -> Option<(String, Unread)> {
    let components: Vec<&str> = path.split('/').collect();
    for (i, c) in components
        .iter()
        .enumerate()
        .take(components.len().saturating_sub(1))
    {
        if extension(c).and_then(|e| family(&e)) == Some(Unread::Apple) {
            return Some((components[..=i].join("/"), Unread::Apple));
        }
    }
    if format_of(path).is_some() {
        return None;
    }
    let name = components.last().copied().unwrap_or(path);
    let kind = extension(name)
        .and_then(|e| family(&e))
        .unwrap_or(Unread::Other);
    Some((path.to_string(), kind))
}

/// The extension to show for a not-read file (`.pages`), or `?` when it has none.
pub fn shown_extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    extension(name).map_or_else(|| "?".to_string(), |e| format!(".{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unread_files_by_family() {
        assert_eq!(
            unread_unit("rapport.pages"),
            Some(("rapport.pages".into(), Unread::Apple))
        );
        assert_eq!(
            unread_unit("Dossier/Budget.NUMBERS"),
            Some(("Dossier/Budget.NUMBERS".into(), Unread::Apple))
        );
        assert_eq!(
            unread_unit("plan.doc").map(|u| u.1),
            Some(Unread::OldOffice)
        );
        assert_eq!(unread_unit("visuel.psd").map(|u| u.1), Some(Unread::Design));
        assert_eq!(
            unread_unit("annexes/photos.zip").map(|u| u.1),
            Some(Unread::Archive)
        );
        assert_eq!(unread_unit("notes.xyz").map(|u| u.1), Some(Unread::Other));
        assert_eq!(unread_unit("LISEZMOI").map(|u| u.1), Some(Unread::Other));
        assert_eq!(unread_unit("budget.xls"), None, "read");
        assert_eq!(unread_unit("plan.docx"), None);
    }

    #[test]
    fn a_file_inside_a_package_is_the_package() {
        assert_eq!(
            unread_unit("dossier/rapport.pages/Index/Document.iwa"),
            Some(("dossier/rapport.pages".into(), Unread::Apple))
        );
        assert_eq!(
            unread_unit("rapport.pages/preview.jpg"),
            Some(("rapport.pages".into(), Unread::Apple)),
            "even a file that would be read on its own"
        );
    }

    #[test]
    fn extensions_as_shown() {
        assert_eq!(shown_extension("a/b/Plan.DOC"), ".doc");
        assert_eq!(shown_extension("LISEZMOI"), "?");
        assert_eq!(shown_extension(".profile"), "?");
    }
}
