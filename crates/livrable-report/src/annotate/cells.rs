//! Where the findings on a workbook go: each on its cell, a sheet's on its A1, the whole
//! workbook's on the first sheet's A1. Shared by the XLSX and ODS writers.

use std::collections::BTreeMap;

use super::{joined, AnnotateWords, Note};

/// What one cell of a sheet receives.
#[derive(Debug, Default)]
pub(crate) struct Place {
    /// Findings on the cell itself: it gets the highlight.
    pub cell: Vec<String>,
    /// Findings on the sheet, and on the whole workbook, gathered on A1.
    pub sheet: Vec<String>,
    pub document: Vec<String>,
}

impl Place {
    /// True when a finding is on this very cell (which is then highlighted).
    pub fn highlighted(&self) -> bool {
        !self.cell.is_empty()
    }

    /// The note's text: the cell's findings, then the sheet's and the workbook's, each
    /// group opened by its heading.
    pub fn text(&self, words: &AnnotateWords) -> String {
        let mut parts: Vec<String> = self.cell.clone();
        for (heading, texts) in [
            (&words.whole_sheet, &self.sheet),
            (&words.whole_document, &self.document),
        ] {
            if !texts.is_empty() {
                parts.push(joined(Some(heading), texts.iter().map(String::as_str)));
            }
        }
        parts.join("\n\n")
    }
}

/// The notes of a workbook by sheet (in `sheets`' order) and by 0-based (row, column).
/// A finding on a sheet the workbook does not have (or on no sheet) is on the workbook.
pub(crate) fn places(notes: &[Note<'_>], sheets: &[&str]) -> Vec<BTreeMap<(u32, u32), Place>> {
    let mut places: Vec<BTreeMap<(u32, u32), Place>> =
        sheets.iter().map(|_| BTreeMap::new()).collect();
    if places.is_empty() {
        return places;
    }
    for note in notes {
        let sheet = note
            .location
            .sheet
            .as_deref()
            .and_then(|name| sheets.iter().position(|s| *s == name));
        let text = note.text.clone();
        match (sheet, note.location.cell) {
            (Some(i), Some(cell)) => places[i].entry(cell).or_default().cell.push(text),
            (Some(i), None) => places[i].entry((0, 0)).or_default().sheet.push(text),
            (None, _) => places[0].entry((0, 0)).or_default().document.push(text),
        }
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::Location;

    #[test]
    fn findings_are_placed_on_cells_sheets_and_the_workbook() {
        let (a, b, c, d) = (
            Location::cell("Gantt", 4, 2),
            Location {
                sheet: Some("Gantt".into()),
                ..Location::default()
            },
            Location::whole(),
            Location::cell("Absente", 1, 1),
        );
        let notes: Vec<Note<'_>> = [
            (&a, "cellule"),
            (&b, "feuille"),
            (&c, "classeur"),
            (&d, "ailleurs"),
        ]
        .into_iter()
        .map(|(location, text)| Note {
            location,
            text: text.into(),
        })
        .collect();
        let places = places(&notes, &["Budget", "Gantt"]);
        let words = super::super::test_words();
        assert_eq!(
            places[0][&(0, 0)].text(&words),
            "Sur l'ensemble du document\nclasseur\n\nailleurs"
        );
        assert!(!places[0][&(0, 0)].highlighted());
        assert_eq!(
            places[1][&(0, 0)].text(&words),
            "Sur l'ensemble de la feuille\nfeuille"
        );
        assert!(places[1][&(4, 2)].highlighted());
        assert_eq!(places[1].len(), 2);
    }
}
