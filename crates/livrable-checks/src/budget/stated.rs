//! Totals stated outside the tables: in a cell of the sheet or in the document's text.

use livrable_model::french::{parse_number, Tax};
use livrable_model::{Document, Location};

use super::amounts::{amount_of, Amount};
use super::Config;
use crate::tables::{self, normalize, Found, Sheet};

/// A total found outside the tables, with where it is.
#[derive(Debug, Clone)]
pub(super) struct Stated {
    pub(super) value: f64,
    pub(super) tax: Option<Tax>,
    pub(super) location: Location,
}

/// Totals stated outside the tables of a sheet: a cell outside every table (or in a
/// note or trailing row) that names a total and carries an amount after a colon, or is
/// followed on its row by a number.
pub(super) fn stated_totals(sheet: &Sheet, found: &[Found], cfg: &Config) -> Vec<Stated> {
    let inside = |r: usize, c: usize| found.iter().any(|f| f.holds(r, c));
    let mut out = Vec::new();
    for (r, c, text) in sheet.texts() {
        let Some(cell) = sheet.cell(r, c) else {
            continue;
        };
        if !tables::is_text(cell) {
            continue;
        }
        let norm = normalize(text);
        // The word test first: it is cheap, and few cells pass it.
        if !cfg.layout.total.any_in(&norm) || cfg.layout.subtotal.any_in(&norm) || inside(r, c) {
            continue;
        }
        let tax_here = cfg.tax_of_text(&norm);
        // `Budget total : 5 850 € HT`
        let after_colon = text.rsplit_once(':').map(|(_, v)| v.trim());
        if let Some(n) = after_colon.and_then(parse_number).filter(|n| !n.percent) {
            out.push(Stated {
                value: n.value,
                tax: n.tax.or(tax_here),
                location: cell.location.clone(),
            });
            continue;
        }
        // `Budget total` | `5 850 €`
        let next = (c + 1..sheet.width()).find(|&k| !sheet.is_blank(r, k));
        if let Some(k) = next {
            if let Amount::Value(v) = amount_of(sheet, r, k, cfg) {
                let ncell = sheet.cell(r, k);
                let tax = ncell
                    .and_then(|x| parse_number(&x.text))
                    .and_then(|n| n.tax)
                    .or(tax_here);
                out.push(Stated {
                    value: v,
                    tax,
                    location: sheet.location(r, k),
                });
            }
        }
    }
    out
}

/// True when a paragraph of the document states a total amount (`Le budget total
/// s'élève à 5 850 € HT`).
pub(super) fn text_states_total(doc: &Document, cfg: &Config) -> bool {
    doc.blocks.iter().any(|b| {
        let norm = normalize(&b.text);
        cfg.layout.total.any_in(&norm) && cfg.amount_re.is_match(&b.text)
    })
}
