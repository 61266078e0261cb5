//! The bounds every loader and reader keeps to, so that no submission — careless or hostile —
//! can make the tool exhaust memory, fill the disk or run forever.
//!
//! Each bound has a default chosen for what candidates really submit (Office files, PDFs,
//! images, short videos) with a wide margin, and each is a plain public field so that the
//! binary can expose it as a flag. Going over a bound is never fatal: the file concerned gets
//! an `ingest/too-large` observation and the rest of the submission is still read.
//!
//! Limits: the bounds are on bytes, counts and depth, not on time; readers that can loop add
//! their own guards.

/// One kibibyte, the unit the sizes below are written in.
pub const KIB: u64 = 1024;
/// One mebibyte.
pub const MIB: u64 = 1024 * KIB;
/// One gibibyte.
pub const GIB: u64 = 1024 * MIB;

/// Largest single file loaded: 100 MiB. Candidates submit videos (a two-minute 1080p clip
/// is 30–60 MiB) and print-ready PDFs (10–50 MiB); nothing a check reads is larger, and a
/// bigger file is most likely a raw rush or a mistake.
pub const MAX_FILE_BYTES: u64 = 100 * MIB;

/// Largest whole submission: 1 GiB. A complete dossier with a few videos stays well under
/// it; the bound is what the tool may hold in memory at once, since files are loaded whole.
pub const MAX_TOTAL_BYTES: u64 = GIB;

/// Most entries in a zip or a folder: 10 000. A dossier has tens of files, a website export
/// a few hundred; ten thousand means the wrong folder (a home directory, `node_modules`) or
/// a crafted archive, and the zip crate parses the whole central directory into memory.
pub const MAX_ENTRIES: usize = 10_000;

/// Highest compression ratio accepted for a zip entry: 100:1. Office files and text
/// compress about 10:1 and already-compressed media about 1:1, while a zip bomb compresses
/// 1000:1 (1 GiB of zeros deflates to about 1 MiB).
pub const MAX_COMPRESSION_RATIO: u64 = 100;

/// Entries whose declared size is at most this (1 MiB) skip the ratio test: small files of
/// repeated bytes (an empty spreadsheet's XML, a blank image) legitimately compress beyond
/// 100:1, and reading 1 MiB is harmless.
pub const RATIO_CHECK_MIN_BYTES: u64 = MIB;

/// Deepest folder nesting walked: 32 levels. Real dossiers nest three or four levels; the
/// bound stops pathological trees (and keeps the walker's open directory handles bounded).
pub const MAX_DEPTH: usize = 32;

/// Largest spreadsheet grid (rows × columns, from the sheet's declared dimensions) a reader
/// expands: 500,000 cells. A budget or a Gantt has a few thousand cells (a year of daily
/// Gantt columns over 200 tasks is 73,000); a cell costs about 220 bytes in the model, so
/// the bound keeps one sheet near 110 MB. A sheet that declares a cell in `XFD1048576`
/// would make calamine allocate hundreds of gigabytes and abort the process (see
/// `shared/notes/CRATES.md`).
pub const MAX_SHEET_CELLS: u64 = 500_000;

/// Bounds on what a submission may make the tool read. `Default` gives the constants above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest single file (or zip entry, uncompressed), in bytes.
    pub max_file_bytes: u64,
    /// Largest sum of the loaded files, in bytes. Files are loaded in path order; once the
    /// budget is spent, later files are refused.
    pub max_total_bytes: u64,
    /// Most entries in a zip (as its central directory declares them, directories
    /// included) or in a folder (files and folders walked).
    pub max_entries: usize,
    /// Highest uncompressed : compressed ratio of a zip entry larger than
    /// [`Limits::ratio_check_min_bytes`].
    pub max_compression_ratio: u64,
    /// Zip entries up to this uncompressed size are exempt from the ratio test.
    pub ratio_check_min_bytes: u64,
    /// Most path components of a loaded file (`a/b/c.md` has 3), in a folder or a zip.
    pub max_depth: usize,
    /// Largest rows × columns a spreadsheet reader expands.
    pub max_sheet_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: MAX_FILE_BYTES,
            max_total_bytes: MAX_TOTAL_BYTES,
            max_entries: MAX_ENTRIES,
            max_compression_ratio: MAX_COMPRESSION_RATIO,
            ratio_check_min_bytes: RATIO_CHECK_MIN_BYTES,
            max_depth: MAX_DEPTH,
            max_sheet_cells: MAX_SHEET_CELLS,
        }
    }
}

/// A byte count for a message argument, in binary units with French symbols (`o`, `Kio`,
/// `Mio`, `Gio`, `Tio`) and a decimal comma: `512 o`, `100 Mio`, `1,5 Gio`. One decimal at
/// most, dropped when it is zero, so that round limits read as round numbers.
pub fn human_bytes(bytes: u64) -> String {
    bytes_in(bytes, &["o", "Kio", "Mio", "Gio", "Tio"], ",")
}

/// [`human_bytes`] with other unit symbols (bytes, KiB, MiB, GiB, TiB) and decimal
/// separator, for a page in another language: `1.5 GiB`.
pub fn bytes_in(bytes: u64, symbols: &[&str; 5], decimal_separator: &str) -> String {
    if bytes < KIB {
        return format!("{bytes} {}", symbols[0]);
    }
    let units = &symbols[1..];
    let mut unit = 0;
    let mut scale = KIB;
    while unit + 1 < units.len() && bytes / scale >= 1024 {
        unit += 1;
        scale *= 1024;
    }
    // Tenths of the unit, rounded half up, in integers so no float formatting is involved.
    let tenths = (u128::from(bytes) * 10 + u128::from(scale) / 2) / u128::from(scale);
    let (whole, decimal) = (tenths / 10, tenths % 10);
    let name = units[unit];
    if decimal == 0 {
        format!("{whole} {name}")
    } else {
        format!("{whole}{decimal_separator}{decimal} {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_bytes_uses_binary_units_and_a_decimal_comma() {
        assert_eq!(human_bytes(0), "0 o");
        assert_eq!(human_bytes(1023), "1023 o");
        assert_eq!(human_bytes(1024), "1 Kio");
        assert_eq!(human_bytes(100 * MIB), "100 Mio");
        assert_eq!(human_bytes(GIB), "1 Gio");
        assert_eq!(human_bytes(GIB + GIB / 2), "1,5 Gio");
        assert_eq!(human_bytes(1023 * MIB), "1023 Mio");
        assert_eq!(human_bytes(5000 * GIB), "4,9 Tio");
        let english = ["B", "KiB", "MiB", "GiB", "TiB"];
        assert_eq!(bytes_in(512, &english, "."), "512 B");
        assert_eq!(bytes_in(GIB + GIB / 2, &english, "."), "1.5 GiB");
        assert_eq!(human_bytes(u64::MAX), "16777216 Tio");
    }

    #[test]
    fn defaults_are_the_documented_constants() {
        let limits = Limits::default();
        assert_eq!(limits.max_file_bytes, 100 * MIB);
        assert_eq!(limits.max_total_bytes, GIB);
        assert_eq!(limits.max_entries, 10_000);
        assert_eq!(limits.max_compression_ratio, 100);
        assert_eq!(limits.ratio_check_min_bytes, MIB);
        assert_eq!(limits.max_depth, 32);
    }
}
