//! The one document model of livrable.
//!
//! Every reader (`livrable-ingest`) turns a file's bytes into a [`Document`]; every check
//! (`livrable-checks`) reads documents and nothing else; every report (`livrable-report`)
//! renders a [`Report`]. This crate never does I/O and holds no verdicts: it is the contract
//! between the layers.
//!
//! Invariants:
//! - every element of a document carries a [`Location`] that points into the document's
//!   [`Document::text`] (a byte span) or names a cell, page, slide or paragraph;
//! - French number and date parsing lives in [`french`] and nowhere else.

pub mod document;
pub mod finding;
pub mod french;
pub mod layout;
pub mod location;
pub mod report;
pub mod submission;
pub mod table;

pub use document::{
    Block, BlockKind, Document, Element, Format, Image, Link, MediaFacts, Metadata, Subtitle,
};
pub use finding::{CodeDecl, Finding, Observation, Related, Severity};
pub use layout::{Layout, PageBreak, Unit, UnitKind};
pub use location::{Location, TableCell};
pub use report::{
    BulletState, ChecklistEntry, ChecklistStatus, Comparison, ComparisonResult, ComparisonRow,
    DeliverableEntry, DetectedBy, Elsewhere, GridInfo, MeasuredBullet, Passed, Phrases, Report,
    StatusWords, Summary,
};
pub use submission::{Submission, SubmittedFile};
pub use table::{Cell, CellValue, Table};
