//! An office file's zip package, opened and read part by part under bounds.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::io::{Cursor, Read as _};

use zip::ZipArchive;

use super::image::image_size;
use super::MAX_UNPACKED_BYTES;
use crate::limits::MIB;
use crate::Limits;

/// How much of an embedded image is read to find its size in its header: a JPEG's size
/// comes after its EXIF block, which is at most 64 KiB.
const IMAGE_HEAD_BYTES: u64 = 128 * 1024;

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// An office file's zip package, read part by part under bounds.
pub(crate) struct Package<'a> {
    zip: Zip<'a>,
    limits: &'a Limits,
    /// Bytes that may still be unpacked.
    budget: u64,
    /// Part names in lower case → index, built on the first lookup that needs it.
    folded: OnceCell<HashMap<String, usize>>,
}

impl<'a> Package<'a> {
    /// Opens the package, or says why it cannot be read. `what` names the format for the
    /// reason (`DOCX document`), `ext` the extension to save it as.
    pub(crate) fn open(
        bytes: &'a [u8],
        limits: &'a Limits,
        what: &str,
        ext: &str,
    ) -> Result<Self, String> {
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Err(format!(
                "the file is not a {what}: it is protected by a password or saved in an older Office format; save it as {ext} without a password"
            ));
        }
        if !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")) {
            return Err(format!(
                "the file is not a valid {what} (not a zip archive: damaged, truncated, or another format renamed)"
            ));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            format!("the file is not a valid {what}: its zip archive cannot be opened (truncated or damaged?): {e}")
        })?;
        if zip.len() > limits.max_entries {
            return Err(format!(
                "the {what} holds {} parts, more than the {} this tool reads",
                zip.len(),
                limits.max_entries
            ));
        }
        Ok(Package {
            zip,
            limits,
            budget: MAX_UNPACKED_BYTES,
            folded: OnceCell::new(),
        })
    }

    /// The index of a part, by its name; part names are case-insensitive in both OOXML
    /// and ODF packages, so an exact match is tried first, then any case (through a map
    /// built once, so that many lookups of missing parts stay linear).
    fn index(&self, name: &str) -> Option<usize> {
        let name = name.trim_start_matches('/');
        if let Some(i) = self.zip.index_for_name(name) {
            return Some(i);
        }
        let folded = self.folded.get_or_init(|| {
            let mut map = HashMap::new();
            for (i, n) in self.zip.file_names().enumerate() {
                if let Ok(n) = n {
                    map.entry(n.to_ascii_lowercase()).or_insert(i);
                }
            }
            map
        });
        // `file_names` yields the parts in index order.
        folded.get(&name.to_ascii_lowercase()).copied()
    }

    /// True when the package has this part.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.index(name).is_some()
    }

    /// The declared unpacked size of a part, read from the central directory (no I/O).
    pub(crate) fn size(&self, name: &str) -> Option<u64> {
        let i = self.index(name)?;
        self.zip.by_index_data(i).ok().map(|e| e.size())
    }

    /// Reads a part as text, or `Ok(None)` when the package has no such part. Refuses a
    /// part that is encrypted, declares more than the remaining budget, or expands more
    /// than the compression ratio allows.
    pub(crate) fn read_text(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(i) = self.index(name) else {
            return Ok(None);
        };
        let (size, compressed, encrypted) = match self.zip.by_index_data(i) {
            Ok(e) => (e.size(), e.compressed_size(), e.encrypted()),
            Err(e) => return Err(format!("part {name} cannot be read: {e}")),
        };
        if encrypted {
            return Err(format!("part {name} is encrypted"));
        }
        if size > self.budget || size > self.limits.max_file_bytes {
            return Err(format!(
                "part {name} unpacks to {size} bytes, more than this tool reads"
            ));
        }
        if size > self.limits.ratio_check_min_bytes
            && size > compressed.saturating_mul(self.limits.max_compression_ratio)
        {
            return Err(format!(
                "part {name} is compressed {}:1, a sign of a zip bomb",
                size / compressed.max(1)
            ));
        }
        let entry = self
            .zip
            .by_index(i)
            .map_err(|e| format!("part {name} cannot be read: {e}"))?;
        let mut bytes = Vec::with_capacity(size.min(MIB) as usize);
        entry
            .take(size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("part {name} is damaged: {e}"))?;
        if bytes.len() as u64 > size {
            return Err(format!("part {name} is longer than it declares"));
        }
        self.budget = self.budget.saturating_sub(bytes.len() as u64);
        decode_xml(bytes)
            .map(Some)
            .map_err(|e| format!("part {name} {e}"))
    }

    /// The first bytes of a part (for image headers), or `None` if it cannot be read.
    pub(crate) fn head(&mut self, name: &str, n: u64) -> Option<Vec<u8>> {
        let i = self.index(name)?;
        let entry = self.zip.by_index(i).ok()?;
        let n = n.min(self.budget);
        let mut bytes = Vec::new();
        entry.take(n).read_to_end(&mut bytes).ok()?;
        self.budget = self.budget.saturating_sub(bytes.len() as u64);
        Some(bytes)
    }

    /// The facts about an embedded image part: its declared size in bytes, and its pixel
    /// size where its header gives it cheaply (PNG, GIF, JPEG, BMP).
    pub(crate) fn image_facts(&mut self, name: &str) -> (Option<u64>, Option<(u32, u32)>) {
        let bytes = self.size(name);
        let dims = if bytes.is_some() {
            self.head(name, IMAGE_HEAD_BYTES)
                .and_then(|h| image_size(&h))
        } else {
            None
        };
        (bytes, dims)
    }
}

/// XML parts are UTF-8 (with or without a byte-order mark) or, rarely, UTF-16 with one.
fn decode_xml(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, errors) = encoding_rs::UTF_16LE.decode(&bytes);
        if errors {
            return Err("is not valid UTF-16 text".to_string());
        }
        return Ok(text.into_owned());
    }
    let mut text = String::from_utf8(bytes).map_err(|_| "is not valid UTF-8 text".to_string())?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}
