//! The zip package of an office file, read part by part and written back with every part
//! the annotations do not touch copied as it is.
//!
//! Why by hand on top of `zip`: no crate edits an OOXML or ODF package in place. Unchanged
//! entries are copied with [`zip::ZipWriter::raw_copy_file`], which moves their compressed
//! bytes, CRC, dates and flags without unpacking them: they stay byte-identical, whatever
//! they hold (pictures, macros, parts this tool does not know), and a large picture costs
//! no decompression. Changed parts keep their place in the archive and their compression;
//! new parts go at the end (ODF wants `mimetype` first, and it is never changed).

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read as _, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The most bytes one part read for editing may unpack to. The reader has already read
/// the file under its own bounds (a file it could not read gets no copy); this guards the
/// writer on its own.
const MAX_PART_BYTES: u64 = 200 * 1024 * 1024;

/// An office package open for reading, and the parts to replace or add.
pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Part names in lower case → their name in the archive (OOXML and ODF part names are
    /// case-insensitive).
    names: HashMap<String, String>,
    /// Replaced or added parts, by name as written.
    changed: BTreeMap<String, Vec<u8>>,
    /// New parts, in the order they were added.
    added: Vec<String>,
}

impl<'a> Package<'a> {
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("the zip archive cannot be opened: {e}"))?;
        let names = zip
            .file_names()
            .filter_map(|n| n.ok())
            .map(|n| (n.to_ascii_lowercase(), n.to_string()))
            .collect();
        Ok(Package {
            zip,
            names,
            changed: BTreeMap::new(),
            added: Vec::new(),
        })
    }

    /// The archive's name of a part (`/xl/styles.xml` and `XL/Styles.xml` find
    /// `xl/styles.xml`), if the package has it.
    pub(crate) fn name(&self, part: &str) -> Option<&str> {
        let part = part.trim_start_matches('/');
        self.names
            .get(&part.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// True when the package has the part, or it was added.
    pub(crate) fn has(&self, part: &str) -> bool {
        let part = part.trim_start_matches('/');
        self.name(part).is_some() || self.added.iter().any(|a| a.eq_ignore_ascii_case(part))
    }

    /// A part as text (its latest version if it was replaced), or `None` when the package
    /// has no such part.
    pub(crate) fn text(&mut self, part: &str) -> Result<Option<String>, String> {
        let part = part.trim_start_matches('/');
        let Some(name) = self.name(part).map(str::to_string) else {
            return Ok(self
                .added
                .iter()
                .find(|a| a.eq_ignore_ascii_case(part))
                .and_then(|a| self.changed.get(a))
                .map(|b| String::from_utf8_lossy(b).into_owned()));
        };
        if let Some(bytes) = self.changed.get(&name) {
            return Ok(Some(String::from_utf8_lossy(bytes).into_owned()));
        }
        let mut entry = self
            .zip
            .by_name(&name)
            .map_err(|e| format!("part {name} cannot be read: {e}"))?;
        if entry.encrypted() {
            return Err(format!("part {name} is encrypted"));
        }
        let size = entry.size();
        if size > MAX_PART_BYTES {
            return Err(format!("part {name} unpacks to {size} bytes, too many"));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        (&mut entry)
            .take(size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("part {name} is damaged: {e}"))?;
        if bytes.len() as u64 > size {
            return Err(format!("part {name} is longer than it declares"));
        }
        // A UTF-8 byte-order mark is allowed before the XML declaration; other encodings
        // (UTF-16) are not written by the applications candidates use.
        let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| format!("part {name} is not UTF-8 text"))
    }

    /// Replaces a part, or adds it when the package has none of that name.
    pub(crate) fn put(&mut self, part: &str, bytes: Vec<u8>) {
        let part = part.trim_start_matches('/');
        let name = match self.name(part) {
            Some(n) => n.to_string(),
            None => {
                if !self.added.iter().any(|a| a == part) {
                    self.added.push(part.to_string());
                }
                part.to_string()
            }
        };
        self.changed.insert(name, bytes);
    }

    /// The first free name made by `make(n)` for n = 1, 2, …: `xl/comments3.xml`.
    pub(crate) fn free_name(&self, make: impl Fn(usize) -> String) -> String {
        (1..)
            .map(make)
            .find(|n| !self.has(n))
            .expect("an unbounded range has a free name")
    }

    /// The package with its changes: every other entry copied raw, in its place.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, String> {
        let fail = |e: zip::result::ZipError| format!("the copy cannot be written: {e}");
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..self.zip.len() {
            let entry = self.zip.by_index_raw(i).map_err(fail)?;
            let name = entry.name().map_err(fail)?.into_owned();
            match self.changed.remove(&name) {
                None => out.raw_copy_file(entry).map_err(fail)?,
                Some(bytes) => {
                    let method = match entry.compression() {
                        CompressionMethod::Stored => CompressionMethod::Stored,
                        _ => CompressionMethod::Deflated,
                    };
                    let mut options = SimpleFileOptions::default()
                        .compression_method(method)
                        .large_file(bytes.len() as u64 >= u32::MAX as u64);
                    if let Some(time) = entry.last_modified() {
                        options = options.last_modified_time(time);
                    }
                    drop(entry);
                    out.start_file(name.as_str(), options).map_err(fail)?;
                    out.write_all(&bytes)
                        .map_err(|e| format!("the copy cannot be written: {e}"))?;
                }
            }
        }
        for name in std::mem::take(&mut self.added) {
            let bytes = self.changed.remove(&name).unwrap_or_default();
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .large_file(bytes.len() as u64 >= u32::MAX as u64);
            out.start_file(name.as_str(), options).map_err(fail)?;
            out.write_all(&bytes)
                .map_err(|e| format!("the copy cannot be written: {e}"))?;
        }
        Ok(out.finish().map_err(fail)?.into_inner())
    }
}

/// The relationships part of a part: `xl/worksheets/sheet1.xml` →
/// `xl/worksheets/_rels/sheet1.xml.rels`.
pub(crate) fn rels_of(part: &str) -> String {
    let part = part.trim_start_matches('/');
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship target resolved against the folder of the part that holds it
/// (`../comments1.xml` from `xl/worksheets/sheet1.xml` is `xl/comments1.xml`); an absolute
/// target (`/xl/…`) is taken from the package root.
pub(crate) fn resolve(part: &str, target: &str) -> String {
    let mut path: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let part = part.trim_start_matches('/');
        let mut dirs: Vec<&str> = part.split('/').collect();
        dirs.pop();
        dirs
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            p => path.push(p),
        }
    }
    path.join("/")
}

/// `target` written relative to the folder of `from` (`xl/comments1.xml` from
/// `xl/worksheets/sheet1.xml` is `../comments1.xml`).
pub(crate) fn relative(from: &str, target: &str) -> String {
    let from: Vec<&str> = from.trim_start_matches('/').split('/').collect();
    let to: Vec<&str> = target.trim_start_matches('/').split('/').collect();
    let dirs = &from[..from.len() - 1];
    let common = dirs
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
        .count();
    let mut out: Vec<&str> = vec![".."; dirs.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_and_relate() {
        assert_eq!(
            rels_of("xl/worksheets/sheet1.xml"),
            "xl/worksheets/_rels/sheet1.xml.rels"
        );
        assert_eq!(rels_of("content.xml"), "_rels/content.xml.rels");
        assert_eq!(
            resolve("xl/worksheets/sheet1.xml", "../comments1.xml"),
            "xl/comments1.xml"
        );
        assert_eq!(
            resolve("xl/workbook.xml", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(
            resolve("word/document.xml", "comments.xml"),
            "word/comments.xml"
        );
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/comments1.xml"),
            "../comments1.xml"
        );
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing1.vml"),
            "../drawings/vmlDrawing1.vml"
        );
        assert_eq!(
            relative("word/document.xml", "word/comments.xml"),
            "comments.xml"
        );
        assert_eq!(
            relative("ppt/slides/slide2.xml", "ppt/comments/comment1.xml"),
            "../comments/comment1.xml"
        );
    }

    fn zip_of(entries: &[(&str, &[u8], CompressionMethod)]) -> Vec<u8> {
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes, method) in entries {
            out.start_file(
                *name,
                SimpleFileOptions::default().compression_method(*method),
            )
            .unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn untouched_entries_are_copied_raw_and_changes_keep_their_place() {
        let original = zip_of(&[
            ("mimetype", b"application/x", CompressionMethod::Stored),
            ("a.xml", b"<a/>", CompressionMethod::Deflated),
            (
                "Pictures/p.png",
                &[0u8, 1, 2, 3, 255],
                CompressionMethod::Stored,
            ),
        ]);
        let mut pkg = Package::open(&original).unwrap();
        assert_eq!(pkg.text("/A.XML").unwrap().as_deref(), Some("<a/>"));
        pkg.put("a.xml", b"<a>1</a>".to_vec());
        pkg.put("new.xml", b"<n/>".to_vec());
        assert_eq!(pkg.text("new.xml").unwrap().as_deref(), Some("<n/>"));
        assert_eq!(pkg.free_name(|n| format!("a{n}.xml")), "a1.xml");
        assert_eq!(
            pkg.free_name(|n| if n == 1 {
                "new.xml".into()
            } else {
                format!("new{n}.xml")
            }),
            "new2.xml"
        );
        let copy = pkg.finish().unwrap();
        let mut a = ZipArchive::new(Cursor::new(&original[..])).unwrap();
        let mut b = ZipArchive::new(Cursor::new(&copy[..])).unwrap();
        let names: Vec<String> = b.file_names().map(|n| n.unwrap().to_string()).collect();
        assert_eq!(names, ["mimetype", "a.xml", "Pictures/p.png", "new.xml"]);
        for name in ["mimetype", "Pictures/p.png"] {
            let (ea, eb) = (a.by_name(name).unwrap(), b.by_name(name).unwrap());
            assert_eq!(
                (ea.crc32(), ea.compression()),
                (eb.crc32(), eb.compression())
            );
        }
        let mut text = String::new();
        b.by_name("a.xml")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "<a>1</a>");
        assert_eq!(
            b.by_name("mimetype").unwrap().compression(),
            CompressionMethod::Stored
        );
    }
}
