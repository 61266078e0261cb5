//! How budget tables are read: the header words of their columns and a reader of their
//! lines and totals, shared by the `budget` check and the plan's cross-file check so that
//! both read a budget the same way.

use livrable_model::french::{parse_number, Tax};
use livrable_model::{CellValue, Document, Location};

use crate::tables::{self, Found, Layout, LayoutParams, RowKind, Sheet, Spec, Vocabulary};

/// An amount with a currency in running text: `9 650 € HT`, `12 k€`, `800 euros`. What
/// tells that a paragraph states a budget's total, in the budget check and in the plan
/// check (which reads the amount too).
pub(crate) const AMOUNT_IN_TEXT: &str = r"(?i)\d{1,3}(?:[ \x{a0}\x{202f}.]\d{3})+(?:,\d{1,2})?\s?(?:k€|€|eur\b|euros?\b)|\d+(?:,\d{1,2})?\s?(?:k€|€|eur\b|euros?\b)";
/// Header words of the budget table's columns (matched whole-word, accents and case
/// ignored; when a header matches several lists, the longest word wins).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The line's label: `poste`, `action`, `libellé`, `désignation`.
    pub label: Vec<String>,
    /// An amount: `montant`, `coût`, `prix`, `budget`, `total`.
    pub amount: Vec<String>,
    /// A per-line VAT amount: `tva`, `montant tva`.
    pub tax: Vec<String>,
    /// Numeric columns that are not amounts to add up: `prix unitaire`, `quantité`,
    /// `taux de tva`, `part`.
    pub other: Vec<String>,
}

impl Columns {
    /// The header roles of a budget table, in this order (a header that matches words of
    /// two roles equally goes to the first).
    pub(crate) fn vocabulary(&self) -> Vocabulary {
        Vocabulary::new()
            .role("label", &self.label)
            .role("amount", &self.amount)
            .role("tax", &self.tax)
            .role("other", &self.other)
    }
}

/// What makes a header row a budget table's: a line label and an amount.
pub(crate) fn spec<'a>(vocabulary: &'a Vocabulary, layout: &'a Layout) -> Spec<'a> {
    Spec::new(vocabulary, layout, &["label", "amount"], 2)
}
/// A budget's tables as another check reads them, to compare a document with its budget:
/// the plan looks for each of its actions among the budget's lines and for its stated
/// total among the budget's totals. Tables are found as the budget check finds them (a
/// header with a label and an amount), with the calling instance's words; nothing is judged.
pub(crate) struct Reader {
    vocabulary: Vocabulary,
    layout: Layout,
}

/// A total a budget gives, as [`Reader::totals`] reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Total {
    pub value: f64,
    pub tax: Option<Tax>,
    /// Written on a total row (or stated in a cell), rather than the sum of the lines.
    pub written: bool,
    /// The cell a written total is in (the one the `budget` check reports a wrong total
    /// at), so that a finding comparing with it can say which figure it compared.
    pub location: Option<Location>,
}

impl Reader {
    pub(crate) fn new(columns: &Columns, layout: &LayoutParams) -> Self {
        Reader {
            vocabulary: columns.vocabulary(),
            layout: Layout::new(layout),
        }
    }

    /// The budget tables of a sheet.
    pub(crate) fn find(&self, sheet: &Sheet) -> Vec<Found> {
        tables::find(sheet, &spec(&self.vocabulary, &self.layout))
    }

    /// The labels of a document's budget lines and category rows, in order.
    pub(crate) fn labels<'d>(&self, doc: &'d Document) -> Vec<&'d str> {
        let mut out = Vec::new();
        for table in &doc.tables {
            let sheet = Sheet::new(table);
            for f in self.find(&sheet) {
                out.extend(f.labels(&sheet, "label"));
            }
        }
        out
    }

    /// The totals of a sheet's budget tables, per amount column: each `Total` row's
    /// figure ([`figure`]), then the sum of the lines' figures (when some line has one).
    /// HT or TTC is what `tax_in` reads in the column's header (normalised), else what
    /// most of its cells say, else, for a total row, what `tax_in` reads on the row.
    pub(crate) fn totals(&self, sheet: &Sheet, tax_in: impl Fn(&str) -> Option<Tax>) -> Vec<Total> {
        let mut out = Vec::new();
        for f in &self.find(sheet) {
            for col in f.columns_of("amount") {
                let c = col.col;
                let tax = tax_in(&col.norm).or_else(|| tax_of_cells(sheet, f, c));
                let mut sum = 0.0;
                let mut any = false;
                for row in &f.rows {
                    match (row.kind, figure(sheet, row.index, c)) {
                        (RowKind::Data, Some(v)) => {
                            sum += v;
                            any = true;
                        }
                        (RowKind::Total, Some(v)) => out.push(Total {
                            value: v,
                            tax: tax.or_else(|| tax_in(&f.row_text(sheet, row.index))),
                            written: true,
                            location: Some(sheet.location(row.index, c)),
                        }),
                        _ => {}
                    }
                }
                if any {
                    out.push(Total {
                        value: sum,
                        tax,
                        written: false,
                        location: None,
                    });
                }
            }
        }
        out
    }
}

/// The figure a cell shows: a finite number, or text that reads as one and is not a
/// percentage. Unlike the budget check's reading of an amount, no word (`offert`) and no
/// dash reads as zero: another check compares the figures the budget shows, not the
/// budget check's reading of its costs.
fn figure(sheet: &Sheet, r: usize, c: usize) -> Option<f64> {
    let cell = sheet.cell(r, c)?;
    match &cell.value {
        CellValue::Number(n) if n.is_finite() => Some(*n),
        _ => parse_number(&cell.text)
            .filter(|n| !n.percent && n.value.is_finite())
            .map(|n| n.value),
    }
}

/// HT or TTC, as most of the data cells of column `c` state it (`1 500 € HT`); `None`
/// when they do not, or as many say one as the other.
pub(crate) fn tax_of_cells(sheet: &Sheet, f: &Found, c: usize) -> Option<Tax> {
    let (mut ht, mut ttc) = (0, 0);
    for row in f.data() {
        match sheet
            .cell(row.index, c)
            .and_then(|cell| parse_number(&cell.text))
            .and_then(|n| n.tax)
        {
            Some(Tax::Ht) => ht += 1,
            Some(Tax::Ttc) => ttc += 1,
            None => {}
        }
    }
    match ht.cmp(&ttc) {
        std::cmp::Ordering::Greater => Some(Tax::Ht),
        std::cmp::Ordering::Less => Some(Tax::Ttc),
        std::cmp::Ordering::Equal => None,
    }
}
