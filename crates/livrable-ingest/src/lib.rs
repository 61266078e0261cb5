//! Reading a submission: loading its files into memory under limits, and turning each
//! file's bytes into the one document model.
//!
//! Invariants: nothing here writes to disk or follows a link; no user input can make a
//! reader panic past [`read`] (each reader runs under `catch_unwind`), allocate without a
//! bound, or loop forever. Readers describe what a file contains; they never judge it.

pub mod cohort;
pub mod limits;
pub mod load;
pub mod read;
pub mod unread;

mod csv;
mod docx;
mod eml;
mod html;
mod image;
mod markdown;
mod odt;
mod office;
mod pdf;
mod pptx;
mod spreadsheet;
mod subtitles;
mod text;
mod video;

pub use limits::Limits;
pub use load::{load, load_uploads, LoadError};
pub use read::{format_of, read, Read};

use livrable_model::CodeDecl;

/// The codes the loader and the readers emit, each with the names of its arguments: the
/// pack's words (`codes/ingest.toml`, `codes/submission.toml`) may use no other
/// placeholder, and must give each of them French and English words (checked when the
/// pack loads).
pub const CODES: &[CodeDecl] = &[
    CodeDecl::new("ingest/unreadable", &["reason"]),
    CodeDecl::new("ingest/too-large", &["limit", "size", "which"]),
    CodeDecl::new("ingest/unsafe-path", &["path"]),
    CodeDecl::new("ingest/sheet-too-large", &["cells", "limit", "sheet"]),
    CodeDecl::new("ingest/sheet-too-much-text", &["bytes", "limit", "sheet"]),
    CodeDecl::new("submission/unread-apple", &["extension"]),
    CodeDecl::new("submission/unread-old-office", &["extension"]),
    CodeDecl::new("submission/unread-design", &["extension"]),
    CodeDecl::new("submission/unread-archive", &["extension"]),
    CodeDecl::new("submission/unsupported-format", &["extension"]),
];
