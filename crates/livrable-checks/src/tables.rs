//! Finding tables inside sheets, the way a person reading the sheet finds them.
//!
//! Candidates' workbooks rarely start at A1 with a header row: a title block sits above
//! (often merged across the table), a sheet may hold several tables one under the other
//! or side by side, categories are written as lone rows, a `TOTAL` or `Sous-total` row
//! closes a block, notes (`Source : devis…`) follow, and blank rows or columns space
//! everything out. This module finds, in one [`Table`] of the model (a sheet, a CSV file,
//! a Markdown, HTML or DOCX table), every table whose header row names the columns a check
//! needs, and says what each row below it is. It judges nothing: the budget, Gantt, RACI…
//! checks read its result.
//!
//! # How
//!
//! - **Vocabulary.** A check names *roles* (`label`, `amount`, `start`, `owner`…) and gives,
//!   from its parameters, the header words of each role ([`Vocabulary`]). Matching is on
//!   [`normalize`]d text (accents and case folded with [`fold`], `-` and `_` read as spaces)
//!   and on whole words: `fin` matches `Date de fin` but not `Financement`. When a header
//!   matches words of several roles, the longest word wins (`Prix unitaire` is a unit price,
//!   not a price), so vocabularies can overlap.
//! - **Header rows.** A row is a header when its text cells (not numbers, not dates, short)
//!   match at least [`Spec::min_roles`] distinct roles including every role of
//!   [`Spec::required`]. A check may count one more "role" with its own test
//!   ([`Spec::extra`]): the Gantt check counts a run of week or month headings. A title
//!   line, even merged over the whole table, holds one text and never qualifies.
//! - **Two-level headers.** When the row under a header holds only text and sits under a
//!   cell merged across several columns (`Coût` over `HT` | `TTC`), it is part of the
//!   header, and each column's header text joins both levels (`Coût HT`).
//! - **Merged cells.** [`Sheet::resolved`] gives, for any cell inside a merged range, the
//!   range's first cell, where the value is.
//! - **Several tables.** Scanning continues below each header: a later header row ends the
//!   earlier table. Header cells separated by blank columns form side-by-side tables when
//!   each run qualifies on its own.
//! - **Rows.** Below its header a table runs until [`Layout::gap_rows`] blank rows in a
//!   row, the next header, or the sheet's end. Each non-blank row is a [`RowKind`]:
//!   `Total` / `SubTotal` when its first text starts with a total or sub-total word,
//!   `Note` when it is a single cell starting with a note word (or `*`), `Section` when it
//!   is a single text cell followed by a data row (`Digital`, `Phase 1 : préparation`),
//!   `Trailing` after the table's last total, `Data` otherwise. When the table ends at the
//!   next header, the rows after the last blank row are that header's title block, not data.
//!
//! # Limits
//!
//! - A table without a recognisable header row is not found; checks that can do better
//!   (a Gantt grid whose only headers are weeks) build one with [`found_at`].
//! - A lone text row followed by data is taken for a category heading even when it was
//!   meant as a data row with its value missing: a missed finding, never a false one.
//! - Header rows must be within the first columns the sheet uses; nothing is inferred
//!   from colours or fonts.

use std::collections::HashMap;

use livrable_model::french::fold;
use livrable_model::{Cell, CellValue, Location, Table};

/// Header cells longer than this are sentences, not headers.
const HEADER_MAX_CHARS: usize = 80;

/// Text prepared for matching: folded (lower case, no accents), `-`, `_` and white space
/// of any kind read as one space, trimmed.
pub fn normalize(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut pending_space = false;
    for c in folded.chars() {
        let space = c.is_whitespace()
            || matches!(
                c,
                '_' | '-' | '\u{2010}' | '\u{2011}' | '\u{a0}' | '\u{202f}'
            );
        if space {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// True when `word` occurs in `text` as whole words; both already [`normalize`]d. The
/// word's edges must not touch letters or digits, except where the word itself starts or
/// ends with a sign (`*`, `(€ ht)`).
pub fn has_word(text: &str, word: &str) -> bool {
    find_word(text, word).is_some()
}

/// Byte offset of the first whole-word occurrence of `word` in `text` (both normalised).
pub fn find_word(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let first_alnum = word.chars().next().is_some_and(char::is_alphanumeric);
    let last_alnum = word.chars().next_back().is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(pos) = text.get(from..).and_then(|t| t.find(word)) {
        let i = from + pos;
        let j = i + word.len();
        let before_ok = !first_alnum
            || text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = !last_alnum
            || text[j..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(i);
        }
        from = i + text[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// True when `text` starts with `word` as a whole word (both normalised).
pub fn starts_with_word(text: &str, word: &str) -> bool {
    find_word(text, word) == Some(0)
}

/// A list of words or phrases from a check's parameters, normalised once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Words(Vec<String>);

impl Words {
    pub fn new<S: AsRef<str>>(words: &[S]) -> Self {
        Words(
            words
                .iter()
                .map(|w| normalize(w.as_ref()))
                .filter(|w| !w.is_empty())
                .collect(),
        )
    }

    /// The longest word found in `text` (normalised), as a whole word.
    pub fn longest_in(&self, text: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|w| has_word(text, w))
            .max_by_key(|w| w.len())
            .map(String::as_str)
    }

    /// True when one of the words occurs in `text` (normalised).
    pub fn any_in(&self, text: &str) -> bool {
        self.0.iter().any(|w| has_word(text, w))
    }

    /// True when `text` (normalised) starts with one of the words.
    pub fn starts(&self, text: &str) -> bool {
        self.0.iter().any(|w| starts_with_word(text, w))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

/// Header words per role. Roles are the calling check's names (`amount`, `owner`); the
/// words come from its parameters.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    roles: Vec<(String, Words)>,
}

impl Vocabulary {
    pub fn new() -> Self {
        Vocabulary::default()
    }

    /// Adds a role and its header words (an empty list adds a role that never matches).
    pub fn role<S: AsRef<str>>(mut self, name: &str, words: &[S]) -> Self {
        self.roles.push((name.to_string(), Words::new(words)));
        self
    }

    /// The role of a header text: the role with the longest matching word; ties go to the
    /// role added first.
    pub fn classify(&self, text: &str) -> Option<&str> {
        let norm = normalize(text);
        let mut best: Option<(&str, usize)> = None;
        for (role, words) in &self.roles {
            if let Some(w) = words.longest_in(&norm) {
                if best.is_none_or(|(_, len)| w.len() > len) {
                    best = Some((role.as_str(), w.len()));
                }
            }
        }
        best.map(|(r, _)| r)
    }
}

/// Row-level words of a check instance, as written in the rule pack. Shared by every
/// check that reads tables (`[check.params.layout]`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutParams {
    /// A row whose first text starts with one of these closes the table or a block of it:
    /// `total`, `total général`, `montant total`.
    pub total_words: Vec<String>,
    /// Same for sub-totals (`sous-total`), checked before `total_words`: `total partiel`
    /// is a sub-total even though it starts with `total`.
    pub subtotal_words: Vec<String>,
    /// A single-cell row starting with one of these is a note, not data (`source`, `nb`).
    /// A cell starting with `*` is always a note.
    pub note_words: Vec<String>,
    /// This many blank rows in a row end a table (1: any blank row ends it; spacer rows
    /// inside tables are common, so 2 or 3 is usual).
    pub gap_rows: usize,
}

/// [`LayoutParams`] normalised for matching.
#[derive(Debug, Clone)]
pub struct Layout {
    pub total: Words,
    pub subtotal: Words,
    pub note: Words,
    pub gap_rows: usize,
}

impl Layout {
    pub fn new(p: &LayoutParams) -> Self {
        Layout {
            total: Words::new(&p.total_words),
            subtotal: Words::new(&p.subtotal_words),
            note: Words::new(&p.note_words),
            gap_rows: p.gap_rows.max(1),
        }
    }
}

/// A [`Table`] with its merged ranges indexed, so that any cell can be resolved to the
/// cell that holds a merged range's value.
pub struct Sheet<'a> {
    pub table: &'a Table,
    width: usize,
    /// For every cell inside a merged range other than its first: the first cell.
    origin: HashMap<(usize, usize), (usize, usize)>,
    /// For every merged range: its first cell → its last cell.
    ranges: HashMap<(usize, usize), (usize, usize)>,
}

impl<'a> Sheet<'a> {
    /// Indexes `table`. Merged ranges are clipped to the grid, and indexing stops after
    /// four times the grid's cell count, so that hostile merge lists cost bounded time and
    /// memory.
    pub fn new(table: &'a Table) -> Self {
        let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let height = table.rows.len();
        let mut origin = HashMap::new();
        let mut ranges = HashMap::new();
        let mut budget = height.saturating_mul(width).saturating_mul(4);
        for &(r0, c0, r1, c1) in &table.merged {
            let (r0, c0, r1, c1) = (r0 as usize, c0 as usize, r1 as usize, c1 as usize);
            if r0 >= height || c0 >= width || r1 < r0 || c1 < c0 {
                continue;
            }
            let (r1, c1) = (r1.min(height - 1), c1.min(width - 1));
            let area = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
            if area > budget {
                break;
            }
            budget -= area;
            ranges.insert((r0, c0), (r1, c1));
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) {
                        origin.insert((r, c), (r0, c0));
                    }
                }
            }
        }
        Sheet {
            table,
            width,
            origin,
            ranges,
        }
    }

    /// The sheet's (or table's) name, empty when it has none.
    pub fn name(&self) -> &str {
        self.table.name.as_deref().unwrap_or("")
    }

    pub fn height(&self) -> usize {
        self.table.rows.len()
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// The cell as stored (a cell inside a merged range is usually empty).
    pub fn cell(&self, r: usize, c: usize) -> Option<&'a Cell> {
        self.table.rows.get(r)?.get(c)
    }

    /// The first cell of the merged range holding (r, c), or (r, c) itself.
    pub fn origin(&self, r: usize, c: usize) -> (usize, usize) {
        self.origin.get(&(r, c)).copied().unwrap_or((r, c))
    }

    /// The cell that shows what is at (r, c): the merged range's first cell when (r, c) is
    /// inside one.
    pub fn resolved(&self, r: usize, c: usize) -> Option<&'a Cell> {
        let (r, c) = self.origin(r, c);
        self.cell(r, c)
    }

    /// The merged range (first row, first column, last row, last column) holding (r, c).
    pub fn merge_at(&self, r: usize, c: usize) -> Option<(usize, usize, usize, usize)> {
        let (r0, c0) = self.origin(r, c);
        self.ranges.get(&(r0, c0)).map(|&(r1, c1)| (r0, c0, r1, c1))
    }

    /// The shown text at (r, c), merges resolved, trimmed.
    pub fn text(&self, r: usize, c: usize) -> &'a str {
        self.resolved(r, c).map_or("", |cell| cell.text.trim())
    }

    /// True when the stored cell shows nothing (fills do not count).
    pub fn is_blank(&self, r: usize, c: usize) -> bool {
        self.cell(r, c).is_none_or(Cell::is_empty)
    }

    /// True when no stored cell of row `r` between columns `first..=last` shows anything.
    pub fn row_is_blank(&self, r: usize, first: usize, last: usize) -> bool {
        (first..=last).all(|c| self.is_blank(r, c))
    }

    /// Where (r, c) is, for a finding: the cell's own location, or for a cell missing
    /// from a short row, a location derived from its row's last cell.
    pub fn location(&self, r: usize, c: usize) -> Location {
        if let Some(cell) = self.cell(r, c) {
            return cell.location.clone();
        }
        let row = self.table.rows.get(r);
        match row.and_then(|row| row.last().map(|cell| (row.len() - 1, cell))) {
            Some((last, cell)) => {
                let mut loc = cell.location.clone();
                if let Some((lr, lc)) = loc.cell {
                    let col = (lc as usize + c).saturating_sub(last);
                    loc.cell = Some((lr, u32::try_from(col).unwrap_or(u32::MAX)));
                }
                loc
            }
            None => {
                let (r, c) = (
                    u32::try_from(r).unwrap_or(u32::MAX),
                    u32::try_from(c).unwrap_or(u32::MAX),
                );
                let mut loc = self.table.location.clone();
                if self.table.name.is_some() && loc.range().is_none() {
                    loc = Location::cell(self.name(), r, c);
                }
                loc
            }
        }
    }

    /// Every cell's shown text, row by row, for checks that look for a statement
    /// anywhere on the sheet (`Période : mars–juin 2027`).
    pub fn texts(&self) -> impl Iterator<Item = (usize, usize, &'a str)> + '_ {
        self.table.rows.iter().enumerate().flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, cell)| !cell.text.trim().is_empty())
                .map(move |(c, cell)| (r, c, cell.text.trim()))
        })
    }
}

/// True when a cell's value is text (numbers, dates and booleans are not header words or
/// row labels, even when written as text that parses as one).
pub fn is_text(cell: &Cell) -> bool {
    match &cell.value {
        CellValue::Text(_) => true,
        CellValue::Empty => !cell.text.trim().is_empty(),
        _ => false,
    }
}

/// A column that a header names.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The role its header matched.
    pub role: String,
    /// Column index in the sheet's rows.
    pub col: usize,
    /// The header as shown, the levels of a two-level header joined by a space.
    pub text: String,
    /// [`Column::text`] normalised.
    pub norm: String,
}

/// What a row below a header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Data,
    SubTotal,
    Total,
    /// A lone text row followed by data: a category or phase heading.
    Section,
    /// A lone cell starting with a note word or `*`.
    Note,
    /// After the table's last total: notes, signatures, a second table's title.
    Trailing,
}

/// A non-blank row of a found table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub index: usize,
    pub kind: RowKind,
}

/// A table found in a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// First and last header rows (the same row unless the header has two levels).
    pub header_first: usize,
    pub header_last: usize,
    /// The table's columns, inclusive.
    pub first_col: usize,
    pub last_col: usize,
    /// Columns whose header matched a role, left to right; a role may name several.
    pub columns: Vec<Column>,
    /// Rows above the header that belong to no earlier table (its title block).
    pub title_rows: std::ops::Range<usize>,
    /// Non-blank rows below the header, in order.
    pub rows: Vec<Row>,
    /// One past the last row of the table.
    pub end: usize,
}

impl Found {
    /// The first column of a role.
    pub fn column(&self, role: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }

    /// Every column of a role.
    pub fn columns_of<'s>(&'s self, role: &'s str) -> impl Iterator<Item = &'s Column> + 's {
        self.columns.iter().filter(move |c| c.role == role)
    }

    /// The role of a column, if its header named one.
    pub fn role_of(&self, col: usize) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| c.col == col)
            .map(|c| c.role.as_str())
    }

    /// Where the table is, for evidence about it: its first header cell.
    pub fn location(&self, sheet: &Sheet) -> Location {
        sheet.location(self.header_first, self.first_col)
    }

    /// Data rows, in order.
    pub fn data(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.kind == RowKind::Data)
    }

    /// The first text of a row inside the table's columns: its label, as stored (a
    /// category merged down a column does not label every row it covers).
    pub fn label<'a>(&self, sheet: &Sheet<'a>, r: usize) -> Option<(usize, &'a str)> {
        label_in(sheet, r, self.first_col, self.last_col)
    }

    /// What names row `r`, with its column: the text in the first column of `role` (a
    /// task, a risk, a budget line; merges resolved), or, when that cell is blank or the
    /// table has no such column, the row's [`Found::label`].
    pub fn label_of<'a>(
        &self,
        sheet: &Sheet<'a>,
        r: usize,
        role: &str,
    ) -> Option<(usize, &'a str)> {
        match self.column(role).map(|c| (c.col, sheet.text(r, c.col))) {
            Some((c, t)) if !t.is_empty() => Some((c, t)),
            _ => self.label(sheet, r),
        }
    }

    /// The names ([`Found::label_of`]) of the data and section rows, in order: the lines
    /// and categories of a budget, the tasks and phases of a schedule, for checks that
    /// compare one document's labels with another's.
    pub fn labels<'a>(&self, sheet: &Sheet<'a>, role: &str) -> Vec<&'a str> {
        self.rows
            .iter()
            .filter(|r| matches!(r.kind, RowKind::Data | RowKind::Section))
            .filter_map(|r| self.label_of(sheet, r.index, role).map(|(_, t)| t))
            .collect()
    }

    /// The header text of column `c` as shown, its levels joined by a space (every header
    /// cell, whether or not it named a role: a RACI matrix's role names, a rating header's
    /// scale `Fréquence (1-4)`).
    pub fn header_text(&self, sheet: &Sheet, c: usize) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for r in self.header_first..=self.header_last {
            let t = sheet.text(r, c);
            if !t.is_empty() && !parts.contains(&t) {
                parts.push(t);
            }
        }
        parts.join(" ")
    }

    /// Row `r`'s cells inside the table's columns, each [`normalize`]d, joined by a
    /// space: for words stated anywhere on a row (`Total TTC`).
    pub fn row_text(&self, sheet: &Sheet, r: usize) -> String {
        (self.first_col..=self.last_col)
            .map(|c| normalize(sheet.text(r, c)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// True when cell (r, c) is part of the table: within its rows (header included) and
    /// columns, and not on a note or trailing row. Text outside is the sheet's own
    /// statements (a total or a scale written in the title block or under the table).
    pub fn holds(&self, r: usize, c: usize) -> bool {
        (self.header_first..self.end).contains(&r)
            && (self.first_col..=self.last_col).contains(&c)
            && !self
                .rows
                .iter()
                .any(|row| row.index == r && matches!(row.kind, RowKind::Note | RowKind::Trailing))
    }
}

/// A check's own test that row `r` of a sheet looks like a header.
pub type HeaderTest<'a> = &'a dyn Fn(&Sheet, usize) -> bool;

/// What decides which rows are headers.
pub struct Spec<'a> {
    pub vocabulary: &'a Vocabulary,
    /// Roles every header must have (`label` and `amount` for a budget).
    pub required: &'a [&'a str],
    /// Distinct roles a header needs, [`Spec::extra`] counting as one.
    pub min_roles: usize,
    pub layout: &'a Layout,
    /// A check's own header test on a whole row, counted as one more role when true.
    pub extra: Option<HeaderTest<'a>>,
}

impl<'a> Spec<'a> {
    /// A header test on words alone (no [`Spec::extra`]): `required` roles, and
    /// `min_roles` distinct roles in all.
    pub fn new(
        vocabulary: &'a Vocabulary,
        layout: &'a Layout,
        required: &'a [&'a str],
        min_roles: usize,
    ) -> Self {
        Spec {
            vocabulary,
            required,
            min_roles,
            layout,
            extra: None,
        }
    }
}

/// A header row's role matches, by column.
fn header_cells(sheet: &Sheet, vocabulary: &Vocabulary, r: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for c in 0..sheet.width() {
        let Some(cell) = sheet.resolved(r, c) else {
            continue;
        };
        if !is_header_text(cell) {
            continue;
        }
        if let Some(role) = vocabulary.classify(&cell.text) {
            out.push((c, role.to_string()));
        }
    }
    out
}

fn is_header_text(cell: &Cell) -> bool {
    is_text(cell) && cell.text.trim().chars().count() <= HEADER_MAX_CHARS
}

/// True when the roles found (plus the extra test) make a header.
fn qualifies(roles: &[&str], extra: bool, spec: &Spec) -> bool {
    let mut distinct: Vec<&str> = roles.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    spec.required.iter().all(|r| distinct.contains(r))
        && distinct.len() + usize::from(extra) >= spec.min_roles.max(1)
}

/// The column spans of the tables whose header is row `r`, or nothing when `r` is not a
/// header. Several spans when blank columns split the row into runs that each qualify.
fn header_spans(sheet: &Sheet, spec: &Spec, r: usize) -> Vec<(usize, usize)> {
    let matches = header_cells(sheet, spec.vocabulary, r);
    if matches.is_empty() {
        return Vec::new();
    }
    let extra = spec.extra.is_some_and(|f| f(sheet, r));
    let all: Vec<&str> = matches.iter().map(|(_, role)| role.as_str()).collect();
    if !qualifies(&all, extra, spec) {
        return Vec::new();
    }
    // Runs of non-blank header cells (merges resolved), split by blank columns.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for c in 0..=sheet.width() {
        let filled = c < sheet.width() && !sheet.text(r, c).is_empty();
        match (filled, start) {
            (true, None) => start = Some(c),
            (false, Some(s)) => {
                runs.push((s, c - 1));
                start = None;
            }
            _ => {}
        }
    }
    let run_roles = |&(a, b): &(usize, usize)| -> Vec<&str> {
        matches
            .iter()
            .filter(|(c, _)| (a..=b).contains(c))
            .map(|(_, role)| role.as_str())
            .collect()
    };
    let qualifying: Vec<usize> = runs
        .iter()
        .enumerate()
        .filter(|(_, run)| qualifies(&run_roles(run), extra, spec))
        .map(|(i, _)| i)
        .collect();
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
        return Vec::new();
    };
    if qualifying.len() < 2 {
        return vec![(first.0, last.1)];
    }
    // Side by side: each qualifying run takes the runs after it up to the next one; runs
    // before the first qualifying run go with it.
    let mut spans = Vec::new();
    for (k, &i) in qualifying.iter().enumerate() {
        let from = if k == 0 { first.0 } else { runs[i].0 };
        let to = match qualifying.get(k + 1) {
            Some(&next) => runs[next - 1].1,
            None => last.1,
        };
        spans.push((from, to));
    }
    spans
}

/// True when row `r` (just under header row `r - 1`) is the second level of a two-level
/// header: only text, and at least one cell under a header cell merged across columns.
fn is_subheader(sheet: &Sheet, r: usize, first: usize, last: usize) -> bool {
    if r == 0 || r >= sheet.height() || sheet.row_is_blank(r, first, last) {
        return false;
    }
    let all_text = (first..=last)
        .all(|c| sheet.is_blank(r, c) || sheet.cell(r, c).is_some_and(is_header_text));
    let wide = |c: usize| {
        sheet
            .merge_at(r - 1, c)
            .is_some_and(|(_, c0, r1, c1)| c1 > c0 && r1 == r - 1)
    };
    let under_merge = (first..=last).any(|c| !sheet.is_blank(r, c) && wide(c));
    // Under a header cell of one column, a second header level has nothing (or the cell
    // is merged down from the header); a data row has its label there.
    let single_headers_free =
        (first..=last).all(|c| wide(c) || sheet.text(r - 1, c).is_empty() || sheet.is_blank(r, c));
    all_text && under_merge && single_headers_free
}

/// The columns of a header spanning rows `first..=last` and columns `a..=b`: each
/// column's text joins its levels; roles are matched on the joined text.
pub fn header_columns(
    sheet: &Sheet,
    vocabulary: &Vocabulary,
    first: usize,
    last: usize,
    a: usize,
    b: usize,
) -> Vec<Column> {
    let mut out = Vec::new();
    for c in a..=b {
        let mut parts: Vec<&str> = Vec::new();
        for r in first..=last {
            let t = sheet.text(r, c);
            let header_like = sheet.resolved(r, c).is_some_and(is_header_text);
            if !t.is_empty() && header_like && !parts.contains(&t) {
                parts.push(t);
            }
        }
        if parts.is_empty() {
            continue;
        }
        let text = parts.join(" ");
        if let Some(role) = vocabulary.classify(&text) {
            out.push(Column {
                role: role.to_string(),
                col: c,
                norm: normalize(&text),
                text,
            });
        }
    }
    out
}

/// The first stored text cell of row `r` between columns `a..=b`.
fn label_in<'a>(sheet: &Sheet<'a>, r: usize, a: usize, b: usize) -> Option<(usize, &'a str)> {
    (a..=b).find_map(|c| {
        let cell = sheet.cell(r, c)?;
        (is_text(cell) && !cell.text.trim().is_empty()).then(|| (c, cell.text.trim()))
    })
}

/// Every table of `sheet` whose header `spec` recognises, top to bottom, left to right.
pub fn find(sheet: &Sheet, spec: &Spec) -> Vec<Found> {
    // Headers first: a later header ends an earlier table.
    let mut headers: Vec<(usize, usize, usize, usize)> = Vec::new(); // first, last, a, b
    let mut r = 0;
    while r < sheet.height() {
        let spans = header_spans(sheet, spec, r);
        if spans.is_empty() {
            r += 1;
            continue;
        }
        let mut last_row = r;
        for &(a, b) in &spans {
            let mut last = r;
            while is_subheader(sheet, last + 1, a, b) {
                last += 1;
            }
            last_row = last_row.max(last);
            headers.push((r, last, a, b));
        }
        r = last_row + 1;
    }

    let overlaps = |x: &(usize, usize, usize, usize), y: &(usize, usize, usize, usize)| {
        x.2 <= y.3 && y.2 <= x.3
    };
    let mut out: Vec<Found> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let next = headers[i + 1..]
            .iter()
            .filter(|n| n.0 > h.1 && overlaps(h, n))
            .map(|n| n.0)
            .min();
        let title_from = out
            .iter()
            .zip(headers.iter())
            .filter(|(f, p)| f.end <= h.0 && overlaps(h, p))
            .map(|(f, _)| f.end)
            .max()
            .unwrap_or(0);
        let columns = header_columns(sheet, spec.vocabulary, h.0, h.1, h.2, h.3);
        out.push(build(
            sheet,
            spec.layout,
            (h.0, h.1),
            (h.2, h.3),
            columns,
            title_from,
            next,
        ));
    }
    out
}

/// A table whose header the caller found by other means (a Gantt grid headed only by
/// weeks): rows are read as [`find`] reads them, down to the sheet's end or `limit`.
pub fn found_at(
    sheet: &Sheet,
    layout: &Layout,
    header: (usize, usize),
    span: (usize, usize),
    columns: Vec<Column>,
    limit: Option<usize>,
) -> Found {
    build(sheet, layout, header, span, columns, 0, limit)
}

fn build(
    sheet: &Sheet,
    layout: &Layout,
    (header_first, header_last): (usize, usize),
    (a, b): (usize, usize),
    columns: Vec<Column>,
    title_from: usize,
    next_header: Option<usize>,
) -> Found {
    let limit = next_header.unwrap_or(sheet.height()).min(sheet.height());
    let mut rows: Vec<(usize, Option<RowKind>)> = Vec::new(); // None: section candidate
    let mut blanks = 0;
    let mut last_blank: Option<usize> = None;
    let mut end = limit;
    let mut ended_on_gap = false;
    for r in header_last + 1..limit {
        if sheet.row_is_blank(r, a, b) {
            blanks += 1;
            last_blank = Some(r);
            if blanks >= layout.gap_rows {
                end = r + 1 - blanks;
                ended_on_gap = true;
                break;
            }
            continue;
        }
        blanks = 0;
        rows.push((r, classify_row(sheet, layout, r, a, b)));
    }
    if !ended_on_gap && next_header.is_some() {
        // The rows after the last blank row before the next header are its title block.
        match last_blank {
            Some(blank) if rows.iter().any(|&(r, _)| r > blank) => {
                rows.retain(|&(r, _)| r < blank);
                end = blank;
            }
            _ => {
                // No blank row: a lone text row right above the next header is its title.
                if let Some(&(r, None)) = rows.last() {
                    if r + 1 == limit {
                        rows.pop();
                        end = r;
                    }
                }
            }
        }
    }
    // Trailing blank rows are not part of the table.
    if let Some(&(r, _)) = rows.last() {
        end = end.min(r + 1).max(header_last + 1);
    } else {
        end = header_last + 1;
    }

    // Section candidates followed by data are sections; the others are data.
    let kinds: Vec<RowKind> = (0..rows.len())
        .map(|i| match rows[i].1 {
            Some(kind) => kind,
            None => {
                let next_is_data = rows[i + 1..]
                    .iter()
                    .find(|(_, k)| *k != Some(RowKind::Note))
                    .is_some_and(|(_, k)| matches!(k, Some(RowKind::Data) | None));
                if next_is_data {
                    RowKind::Section
                } else {
                    RowKind::Data
                }
            }
        })
        .collect();
    let mut rows: Vec<Row> = rows
        .iter()
        .zip(kinds)
        .map(|(&(index, _), kind)| Row { index, kind })
        .collect();
    // After the last total, once some data came before it: trailing matter.
    if let Some(last_total) = rows.iter().rposition(|r| r.kind == RowKind::Total) {
        if rows[..last_total].iter().any(|r| r.kind == RowKind::Data) {
            for row in &mut rows[last_total + 1..] {
                row.kind = RowKind::Trailing;
            }
        }
    }
    Found {
        header_first,
        header_last,
        first_col: a,
        last_col: b,
        columns,
        title_rows: title_from.min(header_first)..header_first,
        rows,
        end,
    }
}

/// The kind of a non-blank row, `None` for a lone text row (a section when data follows).
fn classify_row(sheet: &Sheet, layout: &Layout, r: usize, a: usize, b: usize) -> Option<RowKind> {
    let filled: Vec<usize> = (a..=b).filter(|&c| !sheet.is_blank(r, c)).collect();
    if let Some((_, label)) = label_in(sheet, r, a, b) {
        let norm = normalize(label);
        if layout.subtotal.starts(&norm) {
            return Some(RowKind::SubTotal);
        }
        if layout.total.starts(&norm) {
            return Some(RowKind::Total);
        }
        if filled.len() == 1 {
            if label.starts_with('*') || layout.note.starts(&norm) {
                return Some(RowKind::Note);
            }
            return None;
        }
    }
    Some(RowKind::Data)
}

/// Helpers for the unit tests of the checks that read tables and plans: documents built
/// from rows of strings or from blocks, parameters, and running a check on them.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::{Input, Output, ParamError};
    use livrable_model::{Block, BlockKind, Document, Observation};

    /// A list of words, as a check's parameters hold them.
    pub fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    /// Row-level words; two blank rows end a table, as in the rule pack.
    pub fn layout(total: &[&str], subtotal: &[&str], note: &[&str]) -> LayoutParams {
        LayoutParams {
            total_words: words(total),
            subtotal_words: words(subtotal),
            note_words: words(note),
            gap_rows: 2,
        }
    }

    /// Runs `check` on `doc`, a deliverable of `kind` with no other file beside it.
    pub fn run<P>(
        check: fn(&Input, &P) -> Result<Output, ParamError>,
        doc: &Document,
        kind: &str,
        params: &P,
    ) -> Output {
        run_in(check, doc, kind, &[], params)
    }

    /// Runs `check` on `doc`, a deliverable of `kind` in a submission of `submission`.
    pub fn run_in<P>(
        check: fn(&Input, &P) -> Result<Output, ParamError>,
        doc: &Document,
        kind: &str,
        submission: &[(&Document, &str)],
        params: &P,
    ) -> Output {
        let input = Input {
            doc,
            kind,
            submission,
            options: &toml::Table::new(),
        };
        check(&input, params).expect("the check runs")
    }

    /// The finding codes, in order.
    pub fn codes(out: &Output) -> Vec<&str> {
        out.findings.iter().map(|o| o.code.as_str()).collect()
    }

    /// The value of an observation's argument `name`.
    pub fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
        o.args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no arg {name} in {o:?}"))
    }

    /// A Markdown document `plan.md` of these blocks, one a line, each located by its span.
    pub fn md(blocks: &[(BlockKind, &str)]) -> Document {
        let mut d = Document::new("plan.md", livrable_model::Format::Markdown);
        for (kind, text) in blocks {
            let start = d.text.len();
            d.text.push_str(text);
            d.text.push('\n');
            d.blocks.push(Block {
                kind: *kind,
                text: text.to_string(),
                location: Location::span(start, start + text.len()),
            });
        }
        d
    }

    /// A sheet from rows of strings: numbers typed as numbers, the rest as text.
    pub fn sheet_of(name: &str, rows: &[&[&str]]) -> Table {
        let rows = rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(|(c, text)| {
                        let value = if text.is_empty() {
                            CellValue::Empty
                        } else if let Some(n) = livrable_model::french::parse_number(text) {
                            CellValue::Number(n.value)
                        } else {
                            CellValue::Text(text.to_string())
                        };
                        Cell {
                            text: text.to_string(),
                            value,
                            location: Location::cell(name, r as u32, c as u32),
                            ..Cell::default()
                        }
                    })
                    .collect()
            })
            .collect();
        Table {
            name: Some(name.to_string()),
            rows,
            merged: Vec::new(),
            location: Location::cell(name, 0, 0),
        }
    }

    /// The parameters of a check instance as shipped in the rule pack.
    pub fn shipped_params(file: &str, id: &str) -> toml::Table {
        let text = match file {
            "plans" => include_str!("../../../rules/ccm-n6/checks/plans.toml"),
            other => panic!("unknown checks file {other}"),
        };
        let pack: toml::Table = toml::from_str(text).expect("valid TOML");
        let checks = pack["check"].as_array().expect("[[check]]");
        let check = checks
            .iter()
            .find(|c| c["id"].as_str() == Some(id))
            .unwrap_or_else(|| panic!("no check {id}"));
        check["params"].as_table().expect("params").clone()
    }

    /// A one-table document.
    pub fn doc_with(
        format: livrable_model::Format,
        tables: Vec<Table>,
    ) -> livrable_model::Document {
        let mut d = livrable_model::Document::new("livrable", format);
        d.tables = tables;
        d
    }
}

#[cfg(test)]
mod tests {
    use super::testing::sheet_of;
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary::new()
            .role("label", &["poste", "action", "libellé"])
            .role("amount", &["montant", "coût", "total"])
            .role("unit", &["prix unitaire", "coût unitaire"])
    }

    fn layout() -> Layout {
        Layout::new(&LayoutParams {
            total_words: vec!["total".into(), "total général".into()],
            subtotal_words: vec!["sous-total".into(), "total partiel".into()],
            note_words: vec!["source".into(), "nb".into()],
            gap_rows: 2,
        })
    }

    fn spec<'a>(v: &'a Vocabulary, l: &'a Layout) -> Spec<'a> {
        Spec {
            vocabulary: v,
            required: &["label", "amount"],
            min_roles: 2,
            layout: l,
            extra: None,
        }
    }

    fn kinds(f: &Found) -> Vec<(usize, RowKind)> {
        f.rows.iter().map(|r| (r.index, r.kind)).collect()
    }

    #[test]
    fn words_match_whole_words_without_accents_or_case() {
        assert!(has_word(&normalize("Date de FIN"), "fin"));
        assert!(!has_word(&normalize("Financement"), "fin"));
        assert!(has_word(&normalize("Total (€ HT)"), "ht"));
        assert!(has_word(&normalize("Échéance"), &normalize("echeance")));
        assert!(starts_with_word(
            &normalize("Sous-total digital"),
            &normalize("sous total")
        ));
        assert!(!starts_with_word(&normalize("Totem publicitaire"), "total"));
        assert!(has_word("* hors frais", "*"));
        assert_eq!(normalize("  Coût\u{a0}_unitaire  "), "cout unitaire");
    }

    #[test]
    fn longest_word_decides_the_role() {
        let v = vocab();
        assert_eq!(v.classify("Prix"), None, "not a listed word");
        assert_eq!(v.classify("Prix unitaire"), Some("unit"));
        assert_eq!(v.classify("Coût unitaire (€)"), Some("unit"));
        assert_eq!(v.classify("Coût total"), Some("amount"));
        assert_eq!(v.classify("Poste de dépense"), Some("label"));
        assert_eq!(v.classify("Commentaire"), None);
    }

    #[test]
    fn header_under_a_title_block_with_notes_and_total() {
        let mut t = sheet_of(
            "Budget",
            &[
                &["Budget prévisionnel — Salon 2027", "", ""],
                &["Association Les Amis", "", ""],
                &["", "", ""],
                &["Poste", "Type", "Montant HT"],
                &["Digital", "", ""],
                &["Site web", "fixe", "2 000"],
                &["Réseaux sociaux", "variable", "1 500"],
                &["", "", ""],
                &["Print", "", ""],
                &["Flyers", "variable", "850"],
                &["TOTAL", "", "4 350"],
                &["Source : devis imprimeur", "", ""],
                &["Signature", "", ""],
            ],
        );
        t.merged.push((0, 0, 0, 2));
        let sheet = Sheet::new(&t);
        let (v, l) = (vocab(), layout());
        let found = find(&sheet, &spec(&v, &l));
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!((f.header_first, f.header_last), (3, 3));
        assert_eq!(f.title_rows, 0..3);
        assert_eq!(f.column("amount").map(|c| c.col), Some(2));
        assert_eq!(f.column("label").map(|c| c.col), Some(0));
        use RowKind::*;
        assert_eq!(
            kinds(f),
            vec![
                (4, Section),
                (5, Data),
                (6, Data),
                (8, Section),
                (9, Data),
                (10, Total),
                (11, Trailing),
                (12, Trailing)
            ]
        );
    }

    #[test]
    fn two_tables_one_under_the_other_and_gap_rows() {
        let t = sheet_of(
            "S",
            &[
                &["Coûts fixes", ""],
                &["Poste", "Coût"],
                &["Site", "2 000"],
                &["Sous-total", "2 000"],
                &["", ""],
                &["Coûts variables", ""],
                &["Action", "Montant"],
                &["Flyers", "850"],
                &["Total partiel", "850"],
                &["", ""],
                &["", ""],
                &["Une note loin du tableau", ""],
            ],
        );
        let sheet = Sheet::new(&t);
        let (v, l) = (vocab(), layout());
        let found = find(&sheet, &spec(&v, &l));
        assert_eq!(found.len(), 2);
        use RowKind::*;
        assert_eq!(kinds(&found[0]), vec![(2, Data), (3, SubTotal)]);
        assert_eq!(found[0].end, 4);
        assert_eq!(
            found[1].title_rows,
            4..6,
            "the title goes with the second table"
        );
        assert_eq!(kinds(&found[1]), vec![(7, Data), (8, SubTotal)]);
        assert_eq!(found[1].end, 9, "two blank rows end it");
    }

    #[test]
    fn side_by_side_tables_split_on_a_blank_column() {
        let t = sheet_of(
            "S",
            &[
                &["Poste", "Montant", "", "Action", "Coût"],
                &["Site", "2 000", "", "Flyers", "850"],
                &["Total", "2 000", "", "Total", "850"],
            ],
        );
        let sheet = Sheet::new(&t);
        let (v, l) = (vocab(), layout());
        let found = find(&sheet, &spec(&v, &l));
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].first_col, found[0].last_col), (0, 1));
        assert_eq!((found[1].first_col, found[1].last_col), (3, 4));
        assert_eq!(found[1].column("amount").map(|c| c.col), Some(4));
        assert_eq!(found[1].rows.len(), 2);
    }

    #[test]
    fn two_level_header_under_a_merged_cell() {
        let mut t = sheet_of(
            "S",
            &[
                &["Poste", "Coût", ""],
                &["", "HT", "TTC"],
                &["Site", "1 000", "1 200"],
            ],
        );
        t.merged.push((0, 0, 1, 0)); // Poste over two rows
        t.merged.push((0, 1, 0, 2)); // Coût over two columns
        let sheet = Sheet::new(&t);
        let (v, l) = (vocab(), layout());
        let found = find(&sheet, &spec(&v, &l));
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!((f.header_first, f.header_last), (0, 1));
        let amounts: Vec<&str> = f.columns_of("amount").map(|c| c.text.as_str()).collect();
        assert_eq!(amounts, vec!["Coût HT", "Coût TTC"]);
        assert_eq!(kinds(f), vec![(2, RowKind::Data)]);
    }

    #[test]
    fn a_title_alone_or_a_sentence_is_not_a_header() {
        let t = sheet_of(
            "S",
            &[
                &["Budget total de l'action : voir le montant ci-dessous"],
                &["Poste"],
                &["Total"],
            ],
        );
        let sheet = Sheet::new(&t);
        let (v, l) = (vocab(), layout());
        assert!(find(&sheet, &spec(&v, &l)).is_empty());
    }

    #[test]
    fn lone_row_before_a_total_is_data_and_notes_are_notes() {
        let t = sheet_of(
            "S",
            &[
                &["Poste", "Montant"],
                &["Site", "2 000"],
                &["Community management", ""],
                &["* montants estimés", ""],
                &["Total", "2 000"],
            ],
        );
        let sheet = Sheet::new(&t);
        let (v, l) = (vocab(), layout());
        let f = &find(&sheet, &spec(&v, &l))[0];
        use RowKind::*;
        assert_eq!(kinds(f), vec![(1, Data), (2, Data), (3, Note), (4, Total)]);
    }

    #[test]
    fn hostile_merges_and_ragged_rows_do_not_panic() {
        let mut t = sheet_of("S", &[&["Poste", "Montant"], &["x"], &[]]);
        t.merged = vec![
            (0, 0, u32::MAX, u32::MAX),
            (5, 5, 1, 1),
            (u32::MAX, 0, 0, 0),
            (1, 0, 1, 1),
        ];
        let sheet = Sheet::new(&t);
        let (v, l) = (vocab(), layout());
        let _ = find(&sheet, &spec(&v, &l));
        assert_eq!(sheet.location(1, 1), Location::cell("S", 1, 1));
        assert_eq!(sheet.location(2, 3), Location::cell("S", 2, 3));
        assert_eq!(sheet.text(40, 40), "");
        let empty = Table::default();
        let sheet = Sheet::new(&empty);
        assert!(find(&sheet, &spec(&v, &l)).is_empty());
    }
}
