use livrable_model::{BlockKind, CellValue};
use quick_xml::events::Event;

use super::image::image_size;
use super::parts::{rels_name, resolve};
use super::*;

#[test]
fn targets_resolve_against_their_part() {
    assert_eq!(
        resolve("word/document.xml", "media/a.png"),
        "word/media/a.png"
    );
    assert_eq!(
        resolve("ppt/slides/slide1.xml", "../media/a.png"),
        "ppt/media/a.png"
    );
    assert_eq!(resolve("word/document.xml", "/word/x.xml"), "word/x.xml");
    assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    assert_eq!(resolve("a.xml", "../../../x"), "x");
    assert_eq!(
        rels_name("word/document.xml"),
        "word/_rels/document.xml.rels"
    );
    assert_eq!(rels_name(""), "_rels/.rels");
}

#[test]
fn text_collapses_space_and_spans_are_trimmed() {
    let mut out = Out::default();
    out.line();
    let a = out.pos();
    out.push("  Bonjour   le\tmonde  ");
    assert_eq!(out.block(BlockKind::Paragraph, a, None), Some(0));
    out.line();
    let b = out.pos();
    out.push("Suite");
    out.block(BlockKind::Paragraph, b, Some(2));
    assert_eq!(out.text, "Bonjour le monde\nSuite");
    assert_eq!(out.blocks[0].text, "Bonjour le monde");
    assert_eq!(out.blocks[1].location.range(), Some(17..22));
    assert_eq!(out.blocks[1].location.page, Some(2));
    out.line();
    let c = out.pos();
    out.push("   ");
    assert_eq!(
        out.block(BlockKind::Paragraph, c, None),
        None,
        "blank: no block"
    );
}

#[test]
fn appended_text_shifts_its_spans() {
    let mut out = Out::default();
    out.push("Avant");
    let mut inner = Out::default();
    inner.push("Dedans");
    inner.block(BlockKind::Paragraph, 0, None);
    inner.titles.push(0);
    out.defer(inner);
    out.flush_deferred();
    assert_eq!(out.text, "Avant\nDedans");
    assert_eq!(out.blocks[0].location.range(), Some(6..12));
    assert_eq!(out.titles, vec![0]);
}

#[test]
fn titles_are_h1_only_without_another_h1() {
    let mut out = Out::default();
    out.push("Titre");
    out.block(BlockKind::Paragraph, 0, None);
    out.titles.push(0);
    out.resolve_titles();
    assert_eq!(out.blocks[0].kind, BlockKind::Heading { level: 1 });
    let mut out = Out::default();
    out.push("Titre");
    out.block(BlockKind::Paragraph, 0, None);
    out.titles.push(0);
    out.line();
    let p = out.pos();
    out.push("Chapitre");
    out.block(BlockKind::Heading { level: 1 }, p, None);
    out.resolve_titles();
    assert_eq!(out.blocks[0].kind, BlockKind::Paragraph);
}

#[test]
fn tables_type_their_cells() {
    let mut out = Out::default();
    let mut t = TableBuilder::new(&mut out, None);
    t.row(&mut out);
    t.cell(&mut out, None);
    out.push("Affiches");
    t.end_cell(&mut out);
    t.cell(&mut out, None);
    out.push("1 500,00 €");
    t.end_cell(&mut out);
    t.row(&mut out);
    t.cell(&mut out, None);
    out.push("Total");
    t.end_cell(&mut out);
    let table = t.finish(&mut out).unwrap();
    assert_eq!(out.text, "Affiches\t1 500,00 €\nTotal");
    assert_eq!(table.rows[0][1].value, CellValue::Number(1500.0));
    assert_eq!(table.rows[0][1].location.range(), Some(9..21));
    assert_eq!(table.rows[1].len(), 2, "padded");
    assert_eq!(table.location.range(), Some(0..out.text.len()));
}

#[test]
fn image_headers() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&640u32.to_be_bytes());
    png.extend_from_slice(&480u32.to_be_bytes());
    assert_eq!(image_size(&png), Some((640, 480)));
    assert_eq!(image_size(b"GIF89a\x10\x00\x20\x00"), Some((16, 32)));
    let jpeg = [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0,
        0x02, 0x80, 0x03,
    ];
    assert_eq!(image_size(&jpeg), Some((640, 480)));
    assert_eq!(image_size(b"\xFF\xD8\xFF\xE0\xFF\xFF"), None);
    assert_eq!(image_size(b"nothing"), None);
    assert_eq!(image_size(&[]), None);
}

#[test]
fn xml_bounds() {
    let deep = "<a>".repeat(MAX_XML_DEPTH + 1);
    let mut xml = Xml::new(&deep, "x.xml");
    let err = loop {
        match xml.next() {
            Ok(Event::Eof) => panic!("no error"),
            Ok(_) => {}
            Err(e) => break e,
        }
    };
    assert!(err.contains("levels deep"), "{err}");
    let mut xml = Xml::new("<a><b></a>", "x.xml");
    assert!((0..5).any(|_| xml.next().is_err()));
    let mut xml = Xml::new("<a><b/>", "x.xml");
    assert!((0..5).any(|_| xml.next().is_err()), "unclosed at the end");
}
