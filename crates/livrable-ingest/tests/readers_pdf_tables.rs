//! Tables of tagged PDFs: the LibreOffice exports of `fixtures/parity/` (the same tables as
//! their DOCX versions), and small PDFs written here with lopdf for what LibreOffice does
//! not write (row groups, spans, captions, role maps) and for malformed structure trees.

use livrable_ingest::{read, Limits, Read};
use livrable_model::{BlockKind, CellValue, Document, Format, SubmittedFile, Table};
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Dictionary, Object, ObjectId, Stream, StringFormat};

fn read_bytes(path: &str, bytes: Vec<u8>) -> Read {
    read(
        &SubmittedFile {
            path: path.into(),
            bytes,
        },
        &Limits::default(),
    )
}

fn doc_of(path: &str, bytes: Vec<u8>) -> Document {
    let r = read_bytes(path, bytes);
    assert!(r.problems.is_empty(), "{path}: {:?}", r.problems);
    r.doc.unwrap_or_else(|| panic!("{path}: no document"))
}

fn parity(rel: &str) -> Document {
    let path = format!("{}/../../fixtures/parity/{rel}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    doc_of(rel.rsplit('/').next().unwrap(), bytes)
}

fn texts(t: &Table) -> Vec<Vec<&str>> {
    t.rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

/// Every cell with text is on a page and its span holds its text (white space aside).
fn assert_cells_located(d: &Document) {
    for t in &d.tables {
        for cell in t.rows.iter().flatten() {
            assert!(cell.location.page.is_some(), "{cell:?}");
            if cell.text.is_empty() {
                continue;
            }
            let r = cell.location.range().expect("a span");
            let raw: String = d.text[r].split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(raw, cell.text, "{:?}", cell.location);
        }
        let r = t.location.range().expect("the table's span");
        assert!(t.rows.iter().flatten().all(|c| c
            .location
            .start
            .is_some_and(|s| r.contains(&s) || s == r.end)));
    }
}

#[test]
fn libreoffice_budget_table_is_read_as_in_the_docx() {
    let pdf = parity("budget/pdf/budget-previsionnel.pdf");
    assert_eq!(pdf.format, Format::Pdf);
    assert_eq!(pdf.tables.len(), 1);
    let t = &pdf.tables[0];
    assert_eq!(
        texts(t),
        [
            ["Poste", "Type de coût", "Montant HT"],
            ["Location du stand", "Fixe", "1 500 €"],
            ["Impression des affiches", "Variable", "2 300 €"],
            ["Publicité sur LinkedIn", "Variable", "4 000 €"],
            ["Total", "", "7 500 €"],
        ]
    );
    assert_eq!(t.rows[1][2].value, CellValue::Number(1500.0));
    assert_eq!(t.rows[4][2].value, CellValue::Number(7500.0));
    assert_eq!(t.rows[4][1].value, CellValue::Empty);
    assert_eq!(t.rows[0][0].value, CellValue::Text("Poste".into()));
    assert!(t.merged.is_empty());
    assert_eq!(t.location.page, Some(1));
    assert_cells_located(&pdf);

    // The same cells, typed the same, as the DOCX the PDF was exported from.
    let docx = parity("budget/docx/budget-previsionnel.docx");
    assert_eq!(docx.tables.len(), 1);
    assert_eq!(texts(&docx.tables[0]), texts(t));
    let values = |t: &Table| -> Vec<CellValue> {
        t.rows.iter().flatten().map(|c| c.value.clone()).collect()
    };
    assert_eq!(values(&docx.tables[0]), values(t));

    // As in the DOCX, cell text is in the table only: the paragraphs around it stay blocks.
    let blocks: Vec<&str> = pdf.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        !blocks.iter().any(|b| b.contains("Location du stand")),
        "{blocks:?}"
    );
    assert!(!blocks.contains(&"Total"), "{blocks:?}");
    assert!(
        blocks.contains(&"Montants hors taxes (HT), en euros."),
        "{blocks:?}"
    );
    let docx_blocks: Vec<&str> = docx.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(blocks, docx_blocks);
}

#[test]
fn libreoffice_channel_table_lies_in_its_section() {
    let d = parity("plan-tableau/pdf/plan-de-communication.pdf");
    assert_eq!(d.tables.len(), 1);
    let t = &d.tables[0];
    assert_eq!(
        t.rows
            .iter()
            .map(|r| r[0].text.as_str())
            .collect::<Vec<_>>(),
        ["Canal", "LinkedIn", "Instagram", "Newsletter"]
    );
    assert_eq!(t.rows[1][2].text, "mars 2027");
    assert!(matches!(t.rows[1][2].value, CellValue::Date(_)));
    assert_cells_located(&d);
    // The table's span comes after the « Calendrier » heading's, as on the page, so that
    // the checks find it in that section.
    let heading = d
        .blocks
        .iter()
        .find(|b| b.text == "Calendrier")
        .expect("the heading");
    assert!(matches!(heading.kind, BlockKind::Heading { level: 2 }));
    assert!(t.location.start > heading.location.end);
    assert!(!d.blocks.iter().any(|b| b.text.contains("LinkedIn")));
}

// ---- PDFs written here ---------------------------------------------------------------

/// Writes a one-page PDF whose text lines are marked content, with a structure tree.
struct Builder {
    doc: lopdf::Document,
    pages_id: ObjectId,
    page_id: ObjectId,
    ops: Vec<Operation>,
    mcid: i64,
}

/// A PDF text string in WinAnsiEncoding (the test texts are Latin-1 and `€`, 0x80 there).
fn win_ansi(s: &str) -> Object {
    Object::String(
        s.chars()
            .map(|c| match c {
                '€' => 0x80,
                c => u8::try_from(c).unwrap_or(b'?'),
            })
            .collect(),
        StringFormat::Literal,
    )
}

impl Builder {
    fn new() -> Self {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let page_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            page_id,
            ops: Vec::new(),
            mcid: 0,
        }
    }

    /// A line of text in its own marked-content sequence; returns its MCID as a kid.
    fn text(&mut self, s: &str) -> Object {
        let mcid = self.mcid;
        self.mcid += 1;
        let y = 780 - 14 * mcid;
        self.ops.extend([
            Operation::new(
                "BDC",
                vec!["P".into(), dictionary! { "MCID" => mcid }.into()],
            ),
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
            Operation::new("Td", vec![40.into(), y.into()]),
            Operation::new("Tj", vec![win_ansi(s)]),
            Operation::new("ET", vec![]),
            Operation::new("EMC", vec![]),
        ]);
        Object::Integer(mcid)
    }

    /// A structure element (with `extra` entries such as `/A`); returns a reference.
    fn elem_with(&mut self, tag: &str, kids: Vec<Object>, extra: Dictionary) -> Object {
        let mut d = dictionary! {
            "Type" => "StructElem",
            "S" => Object::Name(tag.as_bytes().to_vec()),
            "Pg" => self.page_id,
            "K" => kids,
        };
        d.extend(&extra);
        Object::Reference(self.doc.add_object(d))
    }

    fn elem(&mut self, tag: &str, kids: Vec<Object>) -> Object {
        self.elem_with(tag, kids, Dictionary::new())
    }

    /// `tag` around one line of text.
    fn leaf(&mut self, tag: &str, s: &str) -> Object {
        let t = self.text(s);
        self.elem(tag, vec![t])
    }

    /// A `TD` holding a `P` with the text.
    fn td(&mut self, s: &str) -> Object {
        let p = self.leaf("P", s);
        self.elem("TD", vec![p])
    }

    fn tr(&mut self, cells: &[&str]) -> Object {
        let kids = cells.iter().map(|c| self.td(c)).collect();
        self.elem("TR", kids)
    }

    /// The file: the tree root's kids, marked as tagged or not, with a role map.
    fn finish(mut self, kids: Vec<Object>, tagged: bool, role_map: Dictionary) -> Vec<u8> {
        let font = self.doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let content = Content {
            operations: std::mem::take(&mut self.ops),
        };
        let stream = self.doc.add_object(Stream::new(
            Dictionary::new(),
            content.encode().expect("content"),
        ));
        self.doc.objects.insert(
            self.page_id,
            dictionary! {
                "Type" => "Page",
                "Parent" => self.pages_id,
                "Contents" => stream,
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            }
            .into(),
        );
        self.doc.objects.insert(
            self.pages_id,
            dictionary! {
                "Type" => "Pages",
                "Kids" => vec![self.page_id.into()],
                "Count" => 1,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }
            .into(),
        );
        let root = self.doc.add_object(dictionary! {
            "Type" => "StructTreeRoot",
            "K" => kids,
            "RoleMap" => role_map,
        });
        let catalog = self.doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => self.pages_id,
            "StructTreeRoot" => root,
            "MarkInfo" => dictionary! { "Marked" => tagged },
            "Lang" => Object::string_literal("fr-FR"),
        });
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("saved");
        out
    }
}

/// A `/A` attribute array: a layout dictionary, then a table one with `entries`.
fn table_attrs(entries: Dictionary) -> Dictionary {
    let mut table = dictionary! { "O" => "Table" };
    table.extend(&entries);
    dictionary! {
        "A" => vec![
            dictionary! { "O" => "Layout", "Placement" => "Inline" }.into(),
            table.into(),
        ],
    }
}

fn tagged(kids: Vec<Object>, b: Builder) -> Document {
    doc_of("tableau.pdf", b.finish(kids, true, Dictionary::new()))
}

#[test]
fn row_groups_spans_and_caption() {
    let mut b = Builder::new();
    let intro = b.leaf("P", "Budget du salon");
    let caption = b.leaf("Caption", "Tableau 1 : budget");
    let poste = b.leaf("P", "Poste");
    let th1 = b.elem("TH", vec![poste]);
    let t1 = b.leaf("P", "Trimestre 1");
    let th2 = b.elem_with("TH", vec![t1], table_attrs(dictionary! { "ColSpan" => 2 }));
    let head_row = b.elem("TR", vec![th1, th2]);
    let thead = b.elem("THead", vec![head_row]);
    let stand = b.leaf("P", "Stand");
    let tall = b.elem_with(
        "TD",
        vec![stand],
        table_attrs(dictionary! { "RowSpan" => 2 }),
    );
    let jan = b.td("1 500,00 €");
    let feb = b.td("300 €");
    let row1 = b.elem("TR", vec![tall, jan, feb]);
    let row2 = b.tr(&["200 €", "15/03/2027"]);
    let tbody = b.elem("TBody", vec![row1, row2]);
    let foot_row = b.tr(&["Total", "2 000 €"]);
    let tfoot = b.elem("TFoot", vec![foot_row]);
    let table = b.elem("Table", vec![caption, thead, tbody, tfoot]);
    let after = b.leaf("P", "Fin du budget");
    let root = b.elem("Document", vec![intro, table, after]);
    let d = tagged(vec![root], b);

    assert_eq!(d.tables.len(), 1);
    let t = &d.tables[0];
    assert_eq!(t.name.as_deref(), Some("Tableau 1 : budget"));
    assert_eq!(
        texts(t),
        [
            ["Poste", "Trimestre 1", ""],
            ["Stand", "1 500,00 €", "300 €"],
            ["", "200 €", "15/03/2027"],
            ["Total", "2 000 €", ""],
        ]
    );
    assert_eq!(t.merged, [(0, 1, 0, 2), (1, 0, 2, 0)]);
    assert_eq!(t.rows[1][1].value, CellValue::Number(1500.0));
    assert!(matches!(t.rows[2][2].value, CellValue::Date(_)));
    assert_eq!(t.rows[2][0].value, CellValue::Empty);
    assert_cells_located(&d);

    let blocks: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        blocks,
        ["Budget du salon", "Tableau 1 : budget", "Fin du budget"],
        "the caption is shown text; cells are not blocks"
    );
}

#[test]
fn role_mapped_tags_headings_figures_and_nested_tables_in_cells() {
    let mut b = Builder::new();
    let h = b.leaf("H2", "Canaux");
    let heading_cell = b.elem("TD", vec![h]);
    let alt = dictionary! { "Alt" => Object::string_literal("Logo LinkedIn") };
    let figure = b.elem_with("Figure", vec![], alt);
    let name = b.leaf("P", "LinkedIn");
    let figure_cell = b.elem("TD", vec![figure, name]);
    let inner_row = b.tr(&["A", "B"]);
    let inner = b.elem("Table", vec![inner_row]);
    let nested_cell = b.elem("Cellule", vec![inner]);
    let row = b.elem("Ligne", vec![heading_cell, figure_cell, nested_cell]);
    let table = b.elem("Tableau", vec![row]);
    let role_map = dictionary! {
        "Tableau" => "Table",
        "Ligne" => "TR",
        "Cellule" => "TD",
    };
    let d = doc_of("carte.pdf", b.finish(vec![table], true, role_map));

    assert_eq!(d.tables.len(), 1, "the nested table is text of its cell");
    assert_eq!(texts(&d.tables[0]), [["Canaux", "LinkedIn", "A B"]]);
    let outline: Vec<(u8, &str)> = d.headings().map(|(l, b)| (l, b.text.as_str())).collect();
    assert_eq!(
        outline,
        [(2, "Canaux")],
        "a heading in a cell is in the outline"
    );
    assert_eq!(d.blocks.len(), 1);
    assert_eq!(d.images.len(), 1);
    assert_eq!(d.images[0].alt.as_deref(), Some("Logo LinkedIn"));
}

#[test]
fn cells_outside_rows_and_text_outside_cells_are_kept() {
    let mut b = Builder::new();
    let stray1 = b.td("Hors ligne 1");
    let stray2 = b.td("Hors ligne 2");
    let row = b.tr(&["Canal", "Action"]);
    let p_in_row = b.leaf("P", "Sans cellule");
    let cell = b.td("Presse");
    let row2 = b.elem("TR", vec![p_in_row, cell]);
    let table = b.elem("Table", vec![stray1, stray2, row, row2]);
    // A TD outside any table is walked as a group: its paragraph is a block.
    let lost = b.td("Cellule seule");
    let d = tagged(vec![table, lost], b);

    assert_eq!(d.tables.len(), 1);
    assert_eq!(
        texts(&d.tables[0]),
        [
            ["Hors ligne 1", "Hors ligne 2"],
            ["Canal", "Action"],
            ["Sans cellule", "Presse"]
        ]
    );
    let blocks: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(blocks, ["Cellule seule"]);
}

#[test]
fn untagged_pdfs_give_no_tables() {
    let mut b = Builder::new();
    let row = b.tr(&["Canal", "Action"]);
    let table = b.elem("Table", vec![row]);
    let d = doc_of(
        "non-balise.pdf",
        b.finish(vec![table], false, Dictionary::new()),
    );
    assert_eq!(d.meta.tagged, Some(false));
    assert!(d.tables.is_empty());
    let lines: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        lines,
        ["Canal", "Action"],
        "the text is still read, as lines"
    );
}

#[test]
fn malformed_trees_give_what_can_be_read_never_a_panic() {
    // A cycle: a cell whose kids point back to its row and table, a row listed twice.
    let mut b = Builder::new();
    let table_id = b.doc.new_object_id();
    let row_id = b.doc.new_object_id();
    let t = b.text("Cycle");
    let p = b.elem(
        "P",
        vec![t, Object::Reference(row_id), Object::Reference(table_id)],
    );
    let td = b.elem("TD", vec![p]);
    b.doc.objects.insert(
        row_id,
        dictionary! { "Type" => "StructElem", "S" => "TR", "Pg" => b.page_id, "K" => vec![td] }
            .into(),
    );
    let missing = Object::Reference((9999, 0));
    b.doc.objects.insert(
        table_id,
        dictionary! {
            "Type" => "StructElem", "S" => "Table", "Pg" => b.page_id,
            "K" => vec![Object::Reference(row_id), Object::Reference(row_id), missing],
        }
        .into(),
    );
    let d = tagged(vec![Object::Reference(table_id)], b);
    assert_eq!(d.tables.len(), 1);
    assert_eq!(texts(&d.tables[0]), [["Cycle"]]);

    // Rows without kids, cells without /K or /S, garbage attributes, huge and negative
    // spans: cells as far as they go, bounded.
    let mut b = Builder::new();
    let bare_row = b.elem_with("TR", vec![], Dictionary::new());
    let no_k = Object::Reference(b.doc.add_object(dictionary! { "S" => "TD" }));
    let no_s = Object::Reference(b.doc.add_object(dictionary! { "K" => 5 }));
    let garbage = dictionary! { "A" => Object::Integer(3) };
    let odd = b.leaf("P", "Attributs");
    let odd_cell = b.elem_with("TD", vec![odd], garbage);
    let wide = b.leaf("P", "Large");
    let wide_cell = b.elem_with(
        "TD",
        vec![wide],
        table_attrs(dictionary! { "ColSpan" => i64::MAX, "RowSpan" => -4 }),
    );
    let row = b.elem("TR", vec![no_k, no_s, odd_cell, wide_cell]);
    let table = b.elem("Table", vec![bare_row, row]);
    let d = tagged(vec![table], b);
    assert_eq!(d.tables.len(), 1);
    let t = &d.tables[0];
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1][2].text, "Attributs");
    assert_eq!(t.rows[1][3].text, "Large");
    assert_eq!(t.rows[1].len(), 4 + 999, "ColSpan clamped to 1000");
    assert_eq!(t.merged, [(1, 3, 1, 3 + 999)], "RowSpan clamped to 1");
    assert!(t.rows.iter().all(|r| r.len() == t.rows[1].len()), "padded");

    // A table nested deeper than the walk goes: no table, no panic, no stack overflow.
    let mut b = Builder::new();
    let mut node = b.tr(&["Profond"]);
    node = b.elem("Table", vec![node]);
    for _ in 0..5_000 {
        node = b.elem("Div", vec![node]);
    }
    let d = tagged(vec![node], b);
    assert!(d.tables.is_empty());

    // 150 000 rows all pointing to one cell: the cell is read once (the walk never
    // revisits an object) and the walk stops at its node bound.
    let mut b = Builder::new();
    let cell = b.td("1 €");
    let rows: Vec<Object> = (0..150_000)
        .map(|_| b.elem("TR", vec![cell.clone()]))
        .collect();
    let table = b.elem("Table", rows);
    let d = tagged(vec![table], b);
    assert_eq!(d.tables.len(), 1);
    let t = &d.tables[0];
    assert_eq!(t.rows[0][0].text, "1 €");
    assert!(t.rows.iter().skip(1).all(|r| r[0].is_empty()));
    assert!(t.rows.len() < 150_000, "{}", t.rows.len());
}

#[test]
fn tagged_pdfs_without_tables_give_none() {
    for rel in [
        "article-blog/pdf/article-renovation.pdf",
        "communique/pdf/communique-de-presse.pdf",
    ] {
        let d = parity(rel);
        assert_eq!(d.meta.tagged, Some(true), "{rel}");
        assert!(d.tables.is_empty(), "{rel}: {:?}", d.tables);
        assert!(!d.blocks.is_empty(), "{rel}");
    }
}
