//! What the engine does with the findings once every check has run, before they are
//! reported: each is located as the user of the file's application sees it.
//!
//! [`locate`] fills in each finding's paragraph, table cell, section, page, slide and shape
//! from its document's layout (see `livrable_model::layout`), whatever check made it: checks
//! work on spans of the extracted text and need not know how Word counts paragraphs.

use std::collections::HashMap;

use livrable_model::{Document, Finding};

/// Fills in the places of every finding that points into a document of the submission.
pub fn locate(findings: &mut [Finding], documents: &[Document]) {
    let by_path: HashMap<&str, &Document> =
        documents.iter().map(|d| (d.path.as_str(), d)).collect();
    for f in findings {
        if let Some(doc) = by_path.get(f.file.as_str()) {
            f.location = doc.locate(&f.location);
        }
    }
}
