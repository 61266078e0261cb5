//! Tables of a tagged PDF: from the cells the structure tree walk found, row by row, to the
//! model's [`Table`] grid.
//!
//! The walk (in [`super`]) gives each `TR` as a list of [`RawCell`]s with their text, their
//! span in the extracted text and their `/ColSpan` and `/RowSpan` table attributes. This
//! module lays them out as the other readers do (see the HTML reader, whose `colspan` and
//! `rowspan` follow the same rules): a cell spanning columns is followed by empty cells, a
//! cell spanning rows leaves its columns empty in the rows below, every spanning cell is
//! recorded as a merged range, and every row is padded to the widest.
//!
//! Limits: spans are clamped to [`MAX_COLSPAN`] and [`MAX_ROWSPAN`], and the cells of the
//! whole document, fillers included, to the walker's budget ([`crate::text::MAX_CELLS`]):
//! a table past it is cut short rather than dropped, so that its first rows (headers,
//! first lines) are still checked.

use livrable_model::{Cell, Location, Table};
use lopdf::{Dictionary, Object};

use super::located;

/// Largest `/ColSpan` honoured: the same bound as HTML's `colspan`.
const MAX_COLSPAN: u32 = 1000;
/// Largest `/RowSpan` honoured: the same bound as HTML's `rowspan`.
const MAX_ROWSPAN: u32 = 65534;
/// Most attribute objects read from one element's `/A` array (real files have two or
/// three: layout, table, list).
const MAX_ATTRIBUTE_OBJECTS: usize = 16;

/// A `TH`/`TD` (or stray content read as a cell) as the walk found it.
#[derive(Debug, Default)]
pub(super) struct RawCell {
    /// The cell's text, white space collapsed.
    pub text: String,
    /// (page number, start, end) of the text in the extracted text; `None` for a cell
    /// that shows nothing.
    pub span: Option<(u32, usize, usize)>,
    /// The page the element is on (`/Pg`), for a cell without text.
    pub page: Option<u32>,
    pub colspan: u32,
    pub rowspan: u32,
}

/// `/ColSpan` and `/RowSpan` of a table cell (ISO 32000-1 §14.8.5.7, attribute owner
/// `/Table`), each at least 1. `/A` is one attribute dictionary or an array of them, each
/// possibly followed by a revision number; only dictionaries owned by `/Table` count.
pub(super) fn cell_spans(pdf: &lopdf::Document, d: &Dictionary) -> (u32, u32) {
    let (mut colspan, mut rowspan) = (1, 1);
    let Ok(a) = d.get_deref(b"A", pdf) else {
        return (colspan, rowspan);
    };
    let owned: Vec<&Dictionary> = match a {
        Object::Dictionary(attrs) => vec![attrs],
        Object::Array(items) => items
            .iter()
            .take(MAX_ATTRIBUTE_OBJECTS)
            .filter_map(|o| pdf.dereference(o).ok())
            .filter_map(|(_, o)| o.as_dict().ok())
            .collect(),
        _ => Vec::new(),
    };
    for attrs in owned {
        let is_table = attrs
            .get(b"O")
            .and_then(Object::as_name)
            .is_ok_and(|o| o == b"Table");
        if !is_table {
            continue;
        }
        let span = |key: &[u8], max: u32| {
            attrs
                .get_deref(key, pdf)
                .and_then(Object::as_i64)
                .ok()
                .map(|n| u32::try_from(n.clamp(1, i64::from(max))).unwrap_or(1))
        };
        if let Some(n) = span(b"ColSpan", MAX_COLSPAN) {
            colspan = n;
        }
        if let Some(n) = span(b"RowSpan", MAX_ROWSPAN) {
            rowspan = n;
        }
    }
    (colspan, rowspan)
}

/// Lays the rows out into a table; `None` when there is no cell at all (a `Table` element
/// with nothing readable in it). `page` is the table element's page, for a table that
/// shows no text; `budget` is how many more cells the document may hold.
pub(super) fn build(
    rows: Vec<Vec<RawCell>>,
    name: Option<String>,
    page: Option<u32>,
    budget: &mut usize,
) -> Option<Table> {
    let spans = || rows.iter().flatten().filter_map(|c| c.span);
    let first = spans().next();
    let start = spans().map(|s| s.1).min();
    let end = spans().map(|s| s.2).max();
    let location = match (first, start, end) {
        (Some((p, _, _)), Some(s), Some(e)) => located(s, e, p),
        _ => Location {
            page,
            ..Location::whole()
        },
    };
    let mut grid = Grid {
        rows: Vec::new(),
        merged: Vec::new(),
        covered: Vec::new(),
        at: start,
        page,
    };
    for raw in rows {
        if *budget == 0 {
            break;
        }
        grid.row(raw, budget);
    }
    if grid.rows.iter().all(Vec::is_empty) {
        return None;
    }
    grid.pad(&location, budget);
    Some(Table {
        name,
        rows: grid.rows,
        merged: grid.merged,
        location,
    })
}

/// The grid being laid out.
struct Grid {
    rows: Vec<Vec<Cell>>,
    merged: Vec<(u32, u32, u32, u32)>,
    /// Per column: how many rows, the current one included, a `/RowSpan` from above still
    /// covers. Trailing zeros are trimmed after each row.
    covered: Vec<u32>,
    /// Where the last cell with text ends: empty cells are located there (an empty span),
    /// so that every cell points into the text near where it is shown.
    at: Option<usize>,
    /// The page of the last cell placed.
    page: Option<u32>,
}

impl Grid {
    /// A location for a cell that shows nothing.
    fn empty(&self, page: Option<u32>) -> Location {
        let page = page.or(self.page);
        match self.at {
            Some(at) => Location {
                page,
                ..Location::span(at, at)
            },
            None => Location {
                page,
                ..Location::whole()
            },
        }
    }

    /// Pushes an empty cell (a column a spanning cell covers).
    fn filler(&self, row: &mut Vec<Cell>, budget: &mut usize) {
        if *budget > 0 {
            *budget -= 1;
            row.push(Cell {
                location: self.empty(None),
                ..Cell::default()
            });
        }
    }

    /// Pushes fillers while the next column is covered from above (or, with `to_end`, up
    /// to the last covered column).
    fn fill_covered(&self, row: &mut Vec<Cell>, to_end: bool, budget: &mut usize) {
        let limit = if to_end {
            self.covered
                .iter()
                .rposition(|&n| n > 0)
                .map_or(0, |i| i + 1)
        } else {
            self.covered.len()
        };
        while row.len() < limit && *budget > 0 {
            if !to_end && self.covered.get(row.len()).is_none_or(|&n| n == 0) {
                return;
            }
            self.filler(row, budget);
        }
    }

    fn row(&mut self, raw: Vec<RawCell>, budget: &mut usize) {
        let r = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        let mut row = Vec::new();
        for cell in raw {
            self.fill_covered(&mut row, false, budget);
            if *budget == 0 {
                break;
            }
            *budget -= 1;
            let col = row.len();
            let location = match cell.span {
                Some((p, s, e)) => {
                    self.at = Some(e);
                    self.page = Some(p);
                    located(s, e, p)
                }
                None => self.empty(cell.page),
            };
            row.push(Cell {
                value: crate::text::cell_value(&cell.text),
                text: cell.text,
                formula: None,
                fill: None,
                location,
            });
            let (colspan, rowspan) = (cell.colspan.max(1), cell.rowspan.max(1));
            if colspan > 1 || rowspan > 1 {
                let c = u32::try_from(col).unwrap_or(u32::MAX);
                self.merged.push((
                    r,
                    c,
                    r.saturating_add(rowspan - 1),
                    c.saturating_add(colspan - 1),
                ));
            }
            for _ in 1..colspan {
                self.filler(&mut row, budget);
            }
            if rowspan > 1 {
                let last = col.saturating_add(colspan as usize);
                if self.covered.len() < last {
                    self.covered.resize(last, 0);
                }
                for n in self.covered.iter_mut().take(last).skip(col) {
                    // Counted from this row: the decrement below leaves `rowspan - 1`.
                    *n = rowspan;
                }
            }
        }
        self.fill_covered(&mut row, true, budget);
        if *budget == 0 {
            // The table is cut short anyway: no more spans to follow.
            self.covered.clear();
        }
        for n in &mut self.covered {
            *n = n.saturating_sub(1);
        }
        let active = self
            .covered
            .iter()
            .rposition(|&n| n > 0)
            .map_or(0, |i| i + 1);
        self.covered.truncate(active);
        self.rows.push(row);
    }

    /// Pads every row to the widest with empty cells, located after the row's last cell
    /// (for a row without cells, after the row above, or at the table's start).
    fn pad(&mut self, table: &Location, budget: &mut usize) {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut location = Location {
            end: table.start,
            ..table.clone()
        };
        for row in &mut self.rows {
            if let Some(last) = row.last() {
                location = Location {
                    start: last.location.end,
                    end: last.location.end,
                    page: last.location.page,
                    ..Location::whole()
                };
            }
            while row.len() < width && *budget > 0 {
                *budget -= 1;
                row.push(Cell {
                    location: location.clone(),
                    ..Cell::default()
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::CellValue;

    fn cell(text: &str, at: usize) -> RawCell {
        RawCell {
            text: text.to_string(),
            span: Some((1, at, at + text.len())),
            page: Some(1),
            colspan: 1,
            rowspan: 1,
        }
    }

    fn texts(t: &Table) -> Vec<Vec<&str>> {
        t.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn cells_are_typed_and_located() {
        let rows = vec![
            vec![cell("Poste", 0), cell("Montant HT", 6)],
            vec![cell("Affiches", 17), cell("1 500 €", 26)],
        ];
        let mut budget = 100;
        let t = build(rows, None, Some(1), &mut budget).unwrap();
        assert_eq!(
            texts(&t),
            [["Poste", "Montant HT"], ["Affiches", "1 500 €"]]
        );
        assert_eq!(t.rows[1][1].value, CellValue::Number(1500.0));
        assert_eq!(t.rows[1][0].value, CellValue::Text("Affiches".into()));
        assert_eq!(t.rows[1][1].location.page, Some(1));
        assert_eq!(
            t.rows[1][1].location.range(),
            Some(26..26 + "1 500 €".len())
        );
        assert_eq!(t.location.range(), Some(0..26 + "1 500 €".len()));
        assert_eq!(budget, 96);
    }

    #[test]
    fn spans_leave_empty_cells_and_merged_ranges() {
        let mut wide = cell("Trimestre 1", 0);
        wide.colspan = 2;
        let mut tall = cell("Affiches", 20);
        tall.rowspan = 2;
        let rows = vec![
            vec![cell("Poste", 12), wide],
            vec![tall, cell("janvier", 30), cell("février", 40)],
            vec![cell("mars", 50), cell("avril", 60)],
        ];
        let t = build(rows, None, Some(1), &mut 100).unwrap();
        assert_eq!(
            texts(&t),
            [
                ["Poste", "Trimestre 1", ""],
                ["Affiches", "janvier", "février"],
                ["", "mars", "avril"],
            ]
        );
        assert_eq!(t.merged, [(0, 1, 0, 2), (1, 0, 2, 0)]);
        assert_eq!(t.rows[2][0].value, CellValue::Empty);
        assert!(t.rows[2][0].location.start.is_some(), "an empty span");
    }

    #[test]
    fn short_rows_are_padded_and_empty_tables_dropped() {
        let rows = vec![vec![cell("a", 0), cell("b", 2)], vec![cell("c", 4)]];
        let t = build(rows, None, Some(2), &mut 100).unwrap();
        assert_eq!(t.rows[1].len(), 2);
        assert_eq!(t.rows[1][1].location.range(), Some(5..5));
        assert_eq!(t.rows[1][1].location.page, Some(1));
        assert!(build(vec![Vec::new(), Vec::new()], None, Some(1), &mut 100).is_none());
    }

    #[test]
    fn a_table_without_text_is_located_by_page() {
        let blank = RawCell {
            page: Some(3),
            colspan: 1,
            rowspan: 1,
            ..RawCell::default()
        };
        let t = build(vec![vec![blank]], None, Some(3), &mut 10).unwrap();
        assert_eq!(t.location.page, Some(3));
        assert_eq!(t.location.start, None);
        assert_eq!(t.rows[0][0].location.page, Some(3));
        assert!(t.rows[0][0].is_empty());
    }

    #[test]
    fn the_budget_cuts_huge_spans_short() {
        let mut huge = cell("x", 0);
        huge.colspan = MAX_COLSPAN;
        huge.rowspan = MAX_ROWSPAN;
        let rows: Vec<Vec<RawCell>> = std::iter::once(vec![huge])
            .chain((0..50).map(|i| vec![cell("y", i)]))
            .collect();
        let mut budget = 1500;
        let t = build(rows, None, Some(1), &mut budget).unwrap();
        assert_eq!(budget, 0);
        let cells: usize = t.rows.iter().map(Vec::len).sum();
        assert!(cells <= 1500, "{cells}");
        assert_eq!(t.rows[0].len(), MAX_COLSPAN as usize);
    }
}
