//! Which reader reads which file, and the guard around every reader.

use std::panic::{catch_unwind, AssertUnwindSafe};

use livrable_model::{Document, Format, Location, Observation, SubmittedFile};

use crate::Limits;

/// What reading one file gave: the document (when it could be read at all) and the
/// problems met on the way (`ingest/…` observations).
#[derive(Debug, Default)]
pub struct Read {
    pub doc: Option<Document>,
    pub problems: Vec<Observation>,
}

impl Read {
    /// A file that could not be read, with the reason shown to the user.
    pub fn unreadable(reason: impl ToString) -> Self {
        Read {
            doc: None,
            problems: vec![
                Observation::new("ingest/unreadable", Location::whole()).arg("reason", reason)
            ],
        }
    }
}

/// The format of a file, from its extension (case-insensitive). `None`: not a format the
/// tool reads.
pub fn format_of(path: &str) -> Option<Format> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" => Format::Html,
        "eml" => Format::Eml,
        "txt" => Format::Text,
        "csv" => Format::Csv,
        "xlsx" | "xlsm" => Format::Xlsx,
        "xls" => Format::Xls,
        "ods" => Format::Ods,
        "docx" | "docm" | "dotx" => Format::Docx,
        "pptx" | "pptm" | "ppsx" | "potx" => Format::Pptx,
        "odt" | "ott" => Format::Odt,
        "odp" | "otp" => Format::Odp,
        "pdf" => Format::Pdf,
        "mp4" | "mov" | "m4v" => Format::Video,
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "heic" | "heif" | "svg" => Format::Image,
        "vtt" | "srt" => Format::Subtitles,
        _ => return None,
    })
}

/// Reads one file into the document model. Never panics: a reader's panic becomes an
/// `ingest/unreadable` observation naming the file's format.
pub fn read(file: &SubmittedFile, limits: &Limits) -> Read {
    let Some(format) = format_of(&file.path) else {
        return Read::default();
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| read_format(file, format, limits)));
    match outcome {
        Ok(read) => read,
        Err(_) => Read::unreadable(format!("the {format:?} reader failed on this file")),
    }
}

fn read_format(file: &SubmittedFile, format: Format, limits: &Limits) -> Read {
    match format {
        Format::Markdown | Format::Html | Format::Text => match crate::text::decode(&file.bytes) {
            Ok(text) => {
                let doc = match format {
                    Format::Markdown => crate::markdown::read(&file.path, text),
                    Format::Html => crate::html::read(&file.path, text),
                    _ => crate::markdown::read_plain(&file.path, text),
                };
                Read {
                    doc: Some(doc),
                    problems: Vec::new(),
                }
            }
            Err(reason) => Read::unreadable(reason),
        },
        Format::Csv => crate::csv::read(&file.path, &file.bytes),
        Format::Eml => crate::eml::read(&file.path, &file.bytes),
        Format::Xlsx | Format::Xls | Format::Ods => {
            crate::spreadsheet::read(&file.path, &file.bytes, format, limits)
        }
        Format::Docx => crate::docx::read(&file.path, &file.bytes, limits),
        Format::Pptx => crate::pptx::read(&file.path, &file.bytes, limits),
        Format::Odt | Format::Odp => crate::odt::read(&file.path, &file.bytes, format, limits),
        Format::Pdf => crate::pdf::read(&file.path, &file.bytes),
        Format::Video => crate::video::read(&file.path, &file.bytes),
        Format::Image => crate::image::read(&file.path, &file.bytes),
        Format::Subtitles => crate::subtitles::read(&file.path, &file.bytes),
    }
}
