//! What the engine does with a document's findings once every check has run on it, before
//! they are reported: each is located as the user of the file's application sees it.
//!
//! [`locate`] fills in each finding's paragraph, table cell, section, page, slide and shape
//! from its document's layout (see `livrable_model::layout`), whatever check made it: checks
//! work on spans of the extracted text and need not know how Word counts paragraphs. The
//! engine calls it per document, while the document is whole (its layout and headings are
//! not kept for the report).

use livrable_model::{Document, Finding};

/// Fills in the places of the findings that point into `doc` (others are left as they are).
pub fn locate<'a>(findings: impl IntoIterator<Item = &'a mut Finding>, doc: &Document) {
    for f in findings {
        if f.file == doc.path {
            f.location = doc.locate(&f.location);
        }
    }
}
