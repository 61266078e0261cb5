//! Loading a submission into memory: a folder, a `.zip`, or one file becomes a
//! [`Submission`] — every file as bytes, keyed by its `/`-separated path relative to the
//! submission's root, sorted by path — plus the problems met on the way.
//!
//! What it guarantees:
//! - nothing is written to disk: zip entries are decompressed into memory, never extracted;
//! - no link is followed inside a folder (a link may point anywhere on the machine), and
//!   only regular files are opened (opening a named pipe would block forever);
//! - memory stays bounded by [`Limits`]: sizes are checked before a byte is read (the file's
//!   length, a zip entry's declared size and compression ratio), and every read goes through
//!   a reader capped at the limit plus one byte, so a lying zip header cannot make it read
//!   more than the limit;
//! - one bad file never stops the others: it gets an observation in
//!   [`Submission::problems`] (`ingest/too-large`, `ingest/unreadable`,
//!   `ingest/unsafe-path`) and loading goes on. Only a submission that cannot be read at all
//!   (missing path, unreadable folder, a `.zip` whose central directory cannot be parsed) is
//!   a [`LoadError`], which the binary turns into exit status 2;
//! - system and editor clutter is skipped silently: `.DS_Store`, `Thumbs.db`, `desktop.ini`,
//!   AppleDouble `._*` files, Office lock files `~$*`, and the folders `__MACOSX`, `.git`
//!   and any other hidden (dot) folder.
//!
//! Known limits: a folder's file could be swapped for a link between the walk and the open
//! (no `O_NOFOLLOW` without a libc dependency; the submission is the user's own folder, so
//! the race is not an attack surface here). Zip names that are not UTF-8 are decoded as
//! CP437, as the zip format prescribes; archives written by tools that used another code
//! page (CP850 in France keeps the accented lower-case letters of CP437, so `é`, `è`, `à`,
//! `ç` come out right) may show a few wrong characters in names. A zip inside a folder or a
//! zip is an ordinary file: it is not expanded.

use std::cmp::min;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};

use livrable_model::{Location, Observation, Submission, SubmittedFile};
use walkdir::WalkDir;
use zip::ZipArchive;

use crate::limits::human_bytes;
use crate::Limits;

/// Why the submission itself cannot be read (exit status 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// The path does not exist.
    NotFound,
    /// The path exists but cannot be read (permissions, I/O error).
    NotReadable,
    /// A `.zip` whose central directory cannot be parsed: nothing in it can be listed.
    BadZip,
    /// Neither a folder nor a regular file (a named pipe, a socket, a device).
    NotAFile,
}

/// The submission itself cannot be read (exit status 2). Problems with single files inside
/// a readable submission are not errors: they are observations in
/// [`Submission::problems`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The path as the user gave it.
    pub path: PathBuf,
    pub kind: LoadErrorKind,
    /// What the system or the zip library said, for the curious and for bug reports.
    pub detail: String,
}

impl LoadError {
    fn new(path: &Path, kind: LoadErrorKind, detail: impl ToString) -> Self {
        LoadError {
            path: path.to_path_buf(),
            kind,
            detail: detail.to_string(),
        }
    }

    pub(crate) fn io(path: &Path, err: &io::Error) -> Self {
        let kind = if err.kind() == io::ErrorKind::NotFound {
            LoadErrorKind::NotFound
        } else {
            LoadErrorKind::NotReadable
        };
        LoadError::new(path, kind, err)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match self.kind {
            LoadErrorKind::NotFound => write!(f, "cannot read `{path}`: it does not exist"),
            LoadErrorKind::NotReadable => write!(f, "cannot read `{path}`: {}", self.detail),
            LoadErrorKind::BadZip => write!(
                f,
                "cannot read `{path}` as a zip archive (damaged or incomplete?): {}",
                self.detail
            ),
            LoadErrorKind::NotAFile => {
                write!(f, "cannot read `{path}`: it is neither a folder nor a file")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads the submission at `path` (a folder, a `.zip`, or one file) under `limits`.
///
/// A folder's files and a zip's entries are stored by their path relative to the root,
/// `/`-separated; a single file by its file name. Files come out sorted by path and are
/// loaded in that order, so which files the total budget admits does not depend on the
/// file system.
pub fn load(path: &Path, limits: &Limits) -> Result<Submission, LoadError> {
    let meta = fs::metadata(path).map_err(|e| LoadError::io(path, &e))?;
    let mut loader = Loader {
        limits,
        spent: 0,
        files: Vec::new(),
        problems: Vec::new(),
    };
    if meta.is_dir() {
        loader.folder(path)?;
    } else if meta.is_file() {
        if has_zip_extension(path) {
            loader.zip(path)?;
        } else {
            loader.single_file(path);
        }
    } else {
        return Err(LoadError::new(path, LoadErrorKind::NotAFile, ""));
    }
    let Loader {
        mut files,
        mut problems,
        ..
    } = loader;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Stable: problems of one file keep the order they were met in.
    problems.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Submission {
        source: path.display().to_string(),
        files,
        problems,
    })
}

/// Loads a submission from files already in memory — the files of a web form — under
/// `limits`, as [`load`] loads a folder: each name is checked as a zip entry's is (a name that
/// would escape the root gets `ingest/unsafe-path`, clutter is skipped, a backslash counts as
/// a separator), sizes are checked against the limits in path order, and files come out sorted
/// by path. A lone file whose name ends in `.zip` is read as an archive, in memory. `source`
/// names the submission in the report.
pub fn load_uploads(
    source: &str,
    uploads: Vec<SubmittedFile>,
    limits: &Limits,
) -> Result<Submission, LoadError> {
    let mut loader = Loader {
        limits,
        spent: 0,
        files: Vec::new(),
        problems: Vec::new(),
    };
    match uploads.as_slice() {
        [only] if has_zip_extension(Path::new(&only.path)) => {
            loader.archive(Path::new(&only.path), io::Cursor::new(&only.bytes))?;
        }
        _ => loader.uploads(source, uploads),
    }
    let Loader {
        mut files,
        mut problems,
        ..
    } = loader;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    problems.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Submission {
        source: source.to_string(),
        files,
        problems,
    })
}

/// The top-level folders of a zip archive, in name order, and the files at its root: a
/// learning platform's « download all submissions » archive holds one folder per candidate
/// (`Prénom Nom_12345_assignsubmission_file_/plan.docx`). Names are checked as
/// [`load`] checks them: unsafe names and clutter (`__MACOSX`) are left out.
pub fn zip_folders(path: &Path) -> Result<(Vec<String>, Vec<String>), LoadError> {
    let file = File::open(path).map_err(|e| LoadError::io(path, &e))?;
    let archive = ZipArchive::new(BufReader::new(file))
        .map_err(|e| LoadError::new(path, LoadErrorKind::BadZip, e))?;
    let mut folders = std::collections::BTreeSet::new();
    let mut loose = Vec::new();
    for raw in archive.file_names().flatten() {
        if let EntryName::File(name) = classify_entry_name(&raw) {
            match name.split_once('/') {
                Some((folder, _)) => {
                    folders.insert(folder.to_string());
                }
                None => loose.push(name),
            }
        }
    }
    loose.sort();
    Ok((folders.into_iter().collect(), loose))
}

/// Loads the files under `folder/` of a zip archive as one submission (their paths
/// relative to that folder), under `limits` as [`load`] loads a zip: only that folder's
/// entries are counted, sized and read. `source` names the submission in the report.
pub fn load_zip_folder(
    path: &Path,
    folder: &str,
    source: &str,
    limits: &Limits,
) -> Result<Submission, LoadError> {
    let file = File::open(path).map_err(|e| LoadError::io(path, &e))?;
    let mut loader = Loader {
        limits,
        spent: 0,
        files: Vec::new(),
        problems: Vec::new(),
    };
    loader.archive_under(path, BufReader::new(file), Some(folder))?;
    let Loader {
        mut files,
        mut problems,
        ..
    } = loader;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    problems.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Submission {
        source: source.to_string(),
        files,
        problems,
    })
}

/// Which bound an `ingest/too-large` observation is about (its `which` argument).
#[derive(Debug, Clone, Copy)]
enum Bound {
    FileSize,
    TotalSize,
    Entries,
    CompressionRatio,
    Depth,
}

impl Bound {
    fn as_str(self) -> &'static str {
        match self {
            Bound::FileSize => "file-size",
            Bound::TotalSize => "total-size",
            Bound::Entries => "entries",
            Bound::CompressionRatio => "compression-ratio",
            Bound::Depth => "depth",
        }
    }
}

/// `ingest/too-large`: `limit` is the bound and `size` what was found, both ready to show
/// (`100 Mio`, `1 Gio`; `100:1`; `10000`), `which` names the bound.
fn too_large(which: Bound, limit: String, size: String) -> Observation {
    Observation::new("ingest/too-large", Location::whole())
        .arg("limit", limit)
        .arg("size", size)
        .arg("which", which.as_str())
}

/// `ingest/unreadable` with the reason given by the system or the zip library.
fn unreadable(reason: impl ToString) -> Observation {
    Observation::new("ingest/unreadable", Location::whole()).arg("reason", reason)
}

/// `ingest/unsafe-path`: a zip entry whose name would escape the submission's root.
fn unsafe_path(name: &str) -> Observation {
    Observation::new("ingest/unsafe-path", Location::whole()).arg("path", name)
}

/// The state of one load: the limits, the bytes already loaded, and what was found.
struct Loader<'a> {
    limits: &'a Limits,
    /// Sum of the sizes of the files loaded so far.
    spent: u64,
    files: Vec<SubmittedFile>,
    problems: Vec<(String, Observation)>,
}

/// Why a capped read gave no bytes.
enum ReadFailure {
    /// More bytes than the cap: the bound that set the cap.
    TooLarge(Bound),
    Io(io::Error),
}

impl Loader<'_> {
    fn problem(&mut self, path: &str, observation: Observation) {
        self.problems.push((path.to_string(), observation));
    }

    /// The most bytes the next file may have, and the bound that sets it.
    fn cap(&self) -> (u64, Bound) {
        let remaining = self.limits.max_total_bytes.saturating_sub(self.spent);
        if remaining < self.limits.max_file_bytes {
            (remaining, Bound::TotalSize)
        } else {
            (self.limits.max_file_bytes, Bound::FileSize)
        }
    }

    /// Checks a size known before reading (a file's length, an entry's declared size).
    /// `Some` is the observation to record; the file must then not be read.
    fn refusal(&self, size: u64) -> Option<Observation> {
        if size > self.limits.max_file_bytes {
            return Some(self.too_large_size(Bound::FileSize, human_bytes(size)));
        }
        let (cap, bound) = self.cap();
        if size > cap {
            let total = self.spent.saturating_add(size);
            return Some(self.too_large_size(bound, human_bytes(total)));
        }
        None
    }

    /// `ingest/too-large` for a size bound; `size` is the file's size for the file bound and
    /// the submission's size with this file for the total bound.
    fn too_large_size(&self, bound: Bound, size: String) -> Observation {
        let limit = match bound {
            Bound::TotalSize => self.limits.max_total_bytes,
            _ => self.limits.max_file_bytes,
        };
        too_large(bound, human_bytes(limit), size)
    }

    /// Reads `reader` to its end, at most the current cap. `expected` (the declared size,
    /// already checked) sizes the buffer; it is a hint, never trusted as a bound.
    fn read_capped(&self, reader: impl Read, expected: u64) -> Result<Vec<u8>, ReadFailure> {
        let (cap, bound) = self.cap();
        let capacity = usize::try_from(min(expected, cap)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(capacity);
        reader
            .take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(ReadFailure::Io)?;
        if bytes.len() as u64 > cap {
            return Err(ReadFailure::TooLarge(bound));
        }
        Ok(bytes)
    }

    /// Records the outcome of a capped read of the file at `path`.
    fn keep(&mut self, path: String, outcome: Result<Vec<u8>, ReadFailure>) {
        match outcome {
            Ok(bytes) => {
                self.spent = self.spent.saturating_add(bytes.len() as u64);
                self.files.push(SubmittedFile { path, bytes });
            }
            Err(ReadFailure::TooLarge(bound)) => {
                // The true size is unknown (reading stopped past the bound): "more than
                // the bound" is all that can be said.
                let limit = match bound {
                    Bound::TotalSize => self.limits.max_total_bytes,
                    _ => self.limits.max_file_bytes,
                };
                let observation = self.too_large_size(bound, format!("> {}", human_bytes(limit)));
                self.problem(&path, observation);
            }
            Err(ReadFailure::Io(err)) => self.problem(&path, unreadable(err)),
        }
    }

    /// Opens and reads one regular file of the disk, under the limits.
    fn disk_file(&mut self, name: String, path: &Path) {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(err) => return self.problem(&name, unreadable(err)),
        };
        let size = match file.metadata() {
            Ok(meta) => meta.len(),
            Err(err) => return self.problem(&name, unreadable(err)),
        };
        if let Some(observation) = self.refusal(size) {
            return self.problem(&name, observation);
        }
        let outcome = self.read_capped(file, size);
        self.keep(name, outcome);
    }

    fn single_file(&mut self, path: &Path) {
        self.disk_file(display_name(path), path);
    }

    /// Walks a folder without following links, pruning skipped and too-deep folders, then
    /// reads the files in path order.
    fn folder(&mut self, root: &Path) -> Result<(), LoadError> {
        // The walker would report an unreadable root as one more entry error; it is the
        // whole submission, so it is a load error.
        fs::read_dir(root).map_err(|e| LoadError::io(root, &e))?;
        let max_entries = self.limits.max_entries;
        let max_depth = self.limits.max_depth;
        let mut found: Vec<(String, PathBuf)> = Vec::new();
        let mut entries = 0usize;
        // No sorting in the walker: it would hold a whole directory listing at once, before
        // the entry count is checked. The paths are sorted once collected.
        let walker = WalkDir::new(root)
            .follow_links(false)
            .follow_root_links(true)
            .max_depth(max_depth)
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !skipped_on_disk(entry));
        for item in walker {
            let entry = match item {
                Ok(entry) => entry,
                Err(err) => {
                    let name = err
                        .path()
                        .map(|p| relative_name(root, p))
                        .unwrap_or_default();
                    let reason = err
                        .io_error()
                        .map(ToString::to_string)
                        .unwrap_or_else(|| err.to_string());
                    self.problem(&name, unreadable(reason));
                    continue;
                }
            };
            if entry.depth() == 0 {
                if max_depth == 0 && folder_has_entries(root) {
                    let observation = too_large(Bound::Depth, "0".into(), "1".into());
                    self.problem(&display_name(root), observation);
                }
                continue;
            }
            entries += 1;
            if entries > max_entries {
                // The wrong folder, most likely: refuse it whole rather than check an
                // arbitrary part of it.
                let observation = too_large(
                    Bound::Entries,
                    max_entries.to_string(),
                    format!("> {max_entries}"),
                );
                self.problem(&display_name(root), observation);
                return Ok(());
            }
            let file_type = entry.file_type();
            if file_type.is_dir() {
                // The walker does not descend below `max_depth`: say so when that hides
                // something.
                if entry.depth() >= max_depth && folder_has_entries(entry.path()) {
                    let observation = too_large(
                        Bound::Depth,
                        max_depth.to_string(),
                        (entry.depth() + 1).to_string(),
                    );
                    self.problem(&relative_name(root, entry.path()), observation);
                }
            } else if file_type.is_file() {
                found.push((relative_name(root, entry.path()), entry.into_path()));
            }
            // Anything else (links, pipes, sockets, devices) is neither followed nor opened.
        }
        found.sort();
        for (name, path) in found {
            self.disk_file(name, &path);
        }
        Ok(())
    }

    /// Reads a zip archive's entries into memory, never onto the disk.
    fn zip(&mut self, path: &Path) -> Result<(), LoadError> {
        let file = File::open(path).map_err(|e| LoadError::io(path, &e))?;
        self.archive(path, BufReader::new(file))
    }

    /// Reads the entries of the zip archive in `reader` (named `path`) into memory.
    fn archive<R: Read + Seek>(&mut self, path: &Path, reader: R) -> Result<(), LoadError> {
        self.archive_under(path, reader, None)
    }

    /// Reads the entries of the zip archive in `reader` (named `path`) into memory; with
    /// `under`, only those inside that top-level folder, named relative to it (and only
    /// they count towards the entry limit).
    fn archive_under<R: Read + Seek>(
        &mut self,
        path: &Path,
        mut reader: R,
        under: Option<&str>,
    ) -> Result<(), LoadError> {
        let zip_name = display_name(path);
        let max_entries = self.limits.max_entries;
        let refuse_count =
            |count: u64| too_large(Bound::Entries, max_entries.to_string(), count.to_string());
        if under.is_none() {
            if let Some(count) = declared_entry_count(&mut reader) {
                if count > max_entries as u64 {
                    self.problem(&zip_name, refuse_count(count));
                    return Ok(());
                }
            }
        }
        let mut archive =
            ZipArchive::new(reader).map_err(|e| LoadError::new(path, LoadErrorKind::BadZip, e))?;
        let prefix = under.map(|folder| format!("{folder}/"));
        let count = match &prefix {
            None => archive.len(),
            Some(prefix) => archive
                .file_names()
                .flatten()
                .filter(|raw| raw.replace('\\', "/").starts_with(prefix.as_str()))
                .count(),
        };
        if count > max_entries {
            self.problem(&zip_name, refuse_count(count as u64));
            return Ok(());
        }

        struct Wanted {
            name: String,
            raw: String,
            index: usize,
            size: u64,
            compressed: u64,
            encrypted: bool,
        }
        let mut wanted = Vec::new();
        for index in 0..archive.len() {
            let entry = match archive.by_index_data(index) {
                Ok(entry) => entry,
                Err(err) => {
                    self.problem(&format!("{zip_name}#{index}"), unreadable(err));
                    continue;
                }
            };
            // `name` decodes UTF-8, the Info-ZIP Unicode path field, or else CP437.
            let raw = match entry.name() {
                Ok(name) => name.into_owned(),
                Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
            };
            let name = match classify_entry_name(&raw) {
                EntryName::Unsafe => {
                    // Another folder's unsafe entry is that folder's problem.
                    if prefix
                        .as_ref()
                        .is_none_or(|p| raw.replace('\\', "/").starts_with(p.as_str()))
                    {
                        self.problem(&raw, unsafe_path(&raw));
                    }
                    continue;
                }
                EntryName::Folder | EntryName::Skipped => continue,
                EntryName::File(name) => match &prefix {
                    None => name,
                    Some(prefix) => match name.strip_prefix(prefix.as_str()) {
                        Some(inner) => inner.to_string(),
                        None => continue,
                    },
                },
            };
            if entry.is_dir() || entry.is_symlink() {
                // A link's content is its target's path, not a deliverable.
                continue;
            }
            let depth = name.split('/').count();
            if depth > self.limits.max_depth {
                let observation = too_large(
                    Bound::Depth,
                    self.limits.max_depth.to_string(),
                    depth.to_string(),
                );
                self.problem(&name, observation);
                continue;
            }
            wanted.push(Wanted {
                name,
                raw,
                index,
                size: entry.size(),
                compressed: entry.compressed_size(),
                encrypted: entry.encrypted(),
            });
        }
        // Path order, then archive order among names that normalise alike.
        wanted.sort_by(|a, b| a.name.cmp(&b.name).then(a.index.cmp(&b.index)));

        let mut previous: Option<String> = None;
        for entry in wanted {
            if previous.as_deref() == Some(entry.name.as_str()) {
                // Two entries that name the same file once normalised (`a\b` and `a/b`,
                // `./a` and `a`): which one is meant is ambiguous, so only the first is read.
                self.problem(&entry.raw, unsafe_path(&entry.raw));
                continue;
            }
            previous = Some(entry.name.clone());
            if let Some(observation) = self.refusal(entry.size) {
                self.problem(&entry.name, observation);
                continue;
            }
            if let Some(observation) = self.ratio_too_high(entry.size, entry.compressed) {
                self.problem(&entry.name, observation);
                continue;
            }
            if entry.encrypted {
                self.problem(
                    &entry.name,
                    unreadable("the entry is encrypted (password-protected)"),
                );
                continue;
            }
            let outcome = match archive.by_index(entry.index) {
                Ok(reader) => self.read_capped(reader, entry.size),
                Err(err) => Err(ReadFailure::Io(io::Error::other(err))),
            };
            self.keep(entry.name, outcome);
        }
        Ok(())
    }

    /// Keeps uploaded files whose names are safe, in path order, under the size limits.
    fn uploads(&mut self, source: &str, uploads: Vec<SubmittedFile>) {
        let max_entries = self.limits.max_entries;
        if uploads.len() > max_entries {
            // As for a folder: the wrong selection, most likely; refused whole.
            let observation = too_large(
                Bound::Entries,
                max_entries.to_string(),
                uploads.len().to_string(),
            );
            return self.problem(source, observation);
        }
        let mut named = Vec::new();
        for upload in uploads {
            match classify_entry_name(&upload.path) {
                EntryName::Unsafe => self.problem(&upload.path, unsafe_path(&upload.path)),
                EntryName::Folder | EntryName::Skipped => {}
                EntryName::File(name) => named.push((name, upload)),
            }
        }
        // Path order (as for a folder), then the order given among names that normalise alike.
        named.sort_by(|a, b| a.0.cmp(&b.0));
        let mut previous: Option<String> = None;
        for (name, upload) in named {
            if previous.as_deref() == Some(name.as_str()) {
                self.problem(&upload.path, unsafe_path(&upload.path));
                continue;
            }
            previous = Some(name.clone());
            let depth = name.split('/').count();
            if depth > self.limits.max_depth {
                let observation = too_large(
                    Bound::Depth,
                    self.limits.max_depth.to_string(),
                    depth.to_string(),
                );
                self.problem(&name, observation);
                continue;
            }
            if let Some(observation) = self.refusal(upload.bytes.len() as u64) {
                self.problem(&name, observation);
                continue;
            }
            self.keep(name, Ok(upload.bytes));
        }
    }

    /// `ingest/too-large` when a zip entry expands more than the ratio bound allows.
    fn ratio_too_high(&self, size: u64, compressed: u64) -> Option<Observation> {
        let max = self.limits.max_compression_ratio;
        if size <= self.limits.ratio_check_min_bytes || size <= compressed.saturating_mul(max) {
            return None;
        }
        let ratio = size / compressed.max(1);
        Some(too_large(
            Bound::CompressionRatio,
            format!("{max}:1"),
            format!("{ratio}:1"),
        ))
    }
}

/// The last component of a path, to name a single file or the submission itself.
fn display_name(path: &Path) -> String {
    match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => path.display().to_string(),
    }
}

/// `path` relative to `root`, `/`-separated whatever the platform.
fn relative_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

pub(crate) fn has_zip_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("zip"))
}

fn folder_has_entries(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_some())
}

/// A walked entry to leave out (and, for a folder, not to descend into).
fn skipped_on_disk(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    if entry.file_type().is_dir() {
        skipped_folder(&name)
    } else {
        skipped_file(&name)
    }
}

/// Folders that never hold deliverables: macOS resource forks added by the Finder's
/// "Compress", version control, and hidden folders in general (editor settings, caches).
pub(crate) fn skipped_folder(name: &str) -> bool {
    name.starts_with('.') || name == "__MACOSX"
}

/// Files that systems and editors leave behind: Finder and Explorer metadata, AppleDouble
/// companions (`._name`), and Office's lock files (`~$rapport.docx`) that exist while a
/// document is open.
pub(crate) fn skipped_file(name: &str) -> bool {
    name == ".DS_Store"
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || name.starts_with("._")
        || name.starts_with("~$")
}

/// What a zip entry's name turns out to be once checked.
#[derive(Debug, PartialEq, Eq)]
enum EntryName {
    /// A file, with its normalised path.
    File(String),
    Folder,
    /// Clutter from the skip list.
    Skipped,
    /// Absolute, with `..`, a drive letter or a control character: it could name a place
    /// outside the submission.
    Unsafe,
}

/// Checks and normalises a zip entry's name. Backslashes count as separators (old Windows
/// tools write `dossier\fichier.md`, and `..\..\x` must not slip through as one harmless
/// component); `.` and empty components are dropped.
fn classify_entry_name(raw: &str) -> EntryName {
    if raw.chars().any(char::is_control) {
        return EntryName::Unsafe;
    }
    let unified = raw.replace('\\', "/");
    if unified.starts_with('/') {
        return EntryName::Unsafe;
    }
    let mut first = unified.split('/');
    if let Some(head) = first.next() {
        let mut chars = head.chars();
        if let (Some(letter), Some(':')) = (chars.next(), chars.next()) {
            if letter.is_ascii_alphabetic() {
                return EntryName::Unsafe;
            }
        }
    }
    let parts: Vec<&str> = unified
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    if parts.contains(&"..") {
        return EntryName::Unsafe;
    }
    let Some((file, folders)) = parts.split_last() else {
        return EntryName::Folder;
    };
    if folders.iter().any(|folder| skipped_folder(folder)) {
        return EntryName::Skipped;
    }
    if unified.ends_with('/') {
        return if skipped_folder(file) {
            EntryName::Skipped
        } else {
            EntryName::Folder
        };
    }
    if skipped_file(file) {
        return EntryName::Skipped;
    }
    EntryName::File(parts.join("/"))
}

/// The entry count a zip's end records declare, read from the last 64 KiB of the file.
///
/// Written by hand (about forty lines of the APPNOTE's fixed layout) because the zip crate
/// parses the whole central directory into memory before it tells the count, and a crafted
/// ZIP64 archive can declare millions of entries. Every end-of-central-directory record in
/// the searched tail counts (the crate falls back on earlier ones when the last is broken),
/// and the largest count wins. `None` when no record is found: the crate then reports the
/// archive as unreadable, and its own count is checked after parsing.
fn declared_entry_count<R: Read + Seek>(reader: &mut R) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const LOCATOR: &[u8] = b"PK\x06\x07";
    const EOCD64: &[u8] = b"PK\x06\x06";
    const EOCD_LEN: usize = 22;
    const LOCATOR_LEN: usize = 20;
    let len = reader.seek(SeekFrom::End(0)).ok()?;
    // The record is 22 bytes followed by a comment of at most 65 535 bytes; the ZIP64
    // locator sits just before it.
    let tail_len = min(len, (EOCD_LEN + 0xFFFF + LOCATOR_LEN) as u64);
    reader.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = Vec::new();
    reader.take(tail_len).read_to_end(&mut tail).ok()?;

    let u16_at = |bytes: &[u8], at: usize| -> Option<u64> {
        let b: [u8; 2] = bytes.get(at..at + 2)?.try_into().ok()?;
        Some(u64::from(u16::from_le_bytes(b)))
    };
    let u64_at = |bytes: &[u8], at: usize| -> Option<u64> {
        let b: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
        Some(u64::from_le_bytes(b))
    };

    let mut most: Option<u64> = None;
    let mut at = tail.len().checked_sub(EOCD_LEN)?;
    loop {
        if tail.get(at..at + 4) == Some(EOCD) {
            // Entries on this disk (offset 8) and in total (offset 10).
            let count = u16_at(&tail, at + 8)?.max(u16_at(&tail, at + 10)?);
            most = Some(most.map_or(count, |m| m.max(count)));
            let locator = at.checked_sub(LOCATOR_LEN);
            if let Some(loc) = locator.filter(|&l| tail.get(l..l + 4) == Some(LOCATOR)) {
                if let Some(count64) = zip64_entry_count(reader, &tail, loc, EOCD64, &u64_at) {
                    most = Some(most.map_or(count64, |m| m.max(count64)));
                }
            }
        }
        if at == 0 {
            break;
        }
        at -= 1;
    }
    most
}

/// The entry count of the ZIP64 end record a locator points to (offset 8 of the locator);
/// the record holds the entries on this disk at offset 24 and in total at offset 32.
fn zip64_entry_count<R: Read + Seek>(
    reader: &mut R,
    tail: &[u8],
    locator: usize,
    signature: &[u8],
    u64_at: &dyn Fn(&[u8], usize) -> Option<u64>,
) -> Option<u64> {
    let offset = u64_at(tail, locator + 8)?;
    reader.seek(SeekFrom::Start(offset)).ok()?;
    let mut record = [0u8; 40];
    reader.read_exact(&mut record).ok()?;
    if record.get(0..4) != Some(signature) {
        return None;
    }
    Some(u64_at(&record, 24)?.max(u64_at(&record, 32)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_that_escape_the_root_are_unsafe() {
        for name in [
            "../evil.txt",
            "a/../../evil.txt",
            "a/..",
            "/etc/passwd",
            "\\windows\\system32",
            "..\\..\\evil.txt",
            "C:/x.txt",
            "c:x.txt",
            "a\0b",
            "\\\\server\\share\\x",
        ] {
            assert_eq!(classify_entry_name(name), EntryName::Unsafe, "{name}");
        }
    }

    #[test]
    fn ordinary_entry_names_are_normalised_not_refused() {
        let file = |s: &str| EntryName::File(s.to_string());
        assert_eq!(classify_entry_name("a.md"), file("a.md"));
        assert_eq!(
            classify_entry_name("blog\\article.md"),
            file("blog/article.md")
        );
        assert_eq!(classify_entry_name("./a//b.md"), file("a/b.md"));
        assert_eq!(classify_entry_name("a..b/c...md"), file("a..b/c...md"));
        assert_eq!(
            classify_entry_name("rapport: v2.md"),
            file("rapport: v2.md")
        );
        assert_eq!(
            classify_entry_name("Présentation.pptx"),
            file("Présentation.pptx")
        );
        assert_eq!(classify_entry_name("dossier/"), EntryName::Folder);
        assert_eq!(classify_entry_name("./"), EntryName::Folder);
    }

    #[test]
    fn clutter_in_zips_is_skipped() {
        for name in [
            "__MACOSX/._a.md",
            "x/__MACOSX/a.md",
            ".git/config",
            "a/.vscode/settings.json",
            "a/.DS_Store",
            "Thumbs.db",
            "THUMBS.DB",
            "desktop.ini",
            "~$rapport.docx",
            "._rapport.docx",
            "__MACOSX/",
        ] {
            assert_eq!(classify_entry_name(name), EntryName::Skipped, "{name}");
        }
        // Dot files other than the known clutter are kept (a manifest may be one).
        assert_eq!(
            classify_entry_name(".livrable.toml"),
            EntryName::File(".livrable.toml".into())
        );
    }

    fn loader(limits: &Limits) -> Loader<'_> {
        Loader {
            limits,
            spent: 0,
            files: Vec::new(),
            problems: Vec::new(),
        }
    }

    #[test]
    fn capped_reads_stop_one_byte_past_the_file_limit_whatever_was_declared() {
        let limits = Limits {
            max_file_bytes: 4096,
            ..Limits::default()
        };
        let loader = loader(&limits);
        // An endless reader that declared 10 bytes: a decompressor that lies.
        let outcome = loader.read_capped(io::repeat(0), 10);
        assert!(matches!(
            outcome,
            Err(ReadFailure::TooLarge(Bound::FileSize))
        ));
        let exact = loader.read_capped(io::repeat(0).take(4096), 10);
        assert_eq!(exact.ok().map(|b| b.len()), Some(4096));
    }

    #[test]
    fn capped_reads_stop_at_what_remains_of_the_total_budget() {
        let limits = Limits {
            max_file_bytes: 4096,
            max_total_bytes: 5000,
            ..Limits::default()
        };
        let mut loader = loader(&limits);
        loader.keep("a".into(), Ok(vec![0; 4000]));
        let outcome = loader.read_capped(io::repeat(0), 0);
        assert!(matches!(
            outcome,
            Err(ReadFailure::TooLarge(Bound::TotalSize))
        ));
        loader.keep("b".into(), outcome);
        assert_eq!(loader.files.len(), 1);
        let (path, observation) = &loader.problems[0];
        assert_eq!(path, "b");
        assert_eq!(observation.code, "ingest/too-large");
        assert!(observation
            .args
            .contains(&("size".to_string(), "> 4,9 Kio".to_string())));
        // What remains is still available to a file that fits.
        assert_eq!(
            loader
                .read_capped(io::repeat(0).take(1000), 0)
                .ok()
                .map(|b| b.len()),
            Some(1000)
        );
    }

    #[test]
    fn no_end_record_gives_no_count() {
        let mut empty = io::Cursor::new(Vec::new());
        assert_eq!(declared_entry_count(&mut empty), None);
        let mut junk = io::Cursor::new(vec![7u8; 100]);
        assert_eq!(declared_entry_count(&mut junk), None);
    }

    #[test]
    fn end_record_count_is_read() {
        let mut bytes = vec![0u8; 10];
        bytes.extend_from_slice(b"PK\x05\x06");
        bytes.extend_from_slice(&[0, 0, 0, 0]); // disk numbers
        bytes.extend_from_slice(&3u16.to_le_bytes()); // entries on this disk
        bytes.extend_from_slice(&40000u16.to_le_bytes()); // entries in total
        bytes.extend_from_slice(&[0; 10]); // sizes, offset, comment length
        let mut reader = io::Cursor::new(bytes);
        assert_eq!(declared_entry_count(&mut reader), Some(40000));
    }

    #[test]
    fn zip64_end_record_count_is_read() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"PK\x06\x06");
        bytes.extend_from_slice(&44u64.to_le_bytes()); // record size
        bytes.extend_from_slice(&[0; 12]); // versions, disk numbers
        bytes.extend_from_slice(&5_000_000u64.to_le_bytes()); // entries on this disk
        bytes.extend_from_slice(&5_000_000u64.to_le_bytes()); // entries in total
        bytes.extend_from_slice(&[0; 16]); // size and offset of the directory
        bytes.extend_from_slice(b"PK\x06\x07");
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&0u64.to_le_bytes()); // the ZIP64 record is at 0
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(b"PK\x05\x06");
        bytes.extend_from_slice(&[0, 0, 0, 0]);
        bytes.extend_from_slice(&0xFFFFu16.to_le_bytes());
        bytes.extend_from_slice(&0xFFFFu16.to_le_bytes());
        bytes.extend_from_slice(&[0xFF; 8]);
        bytes.extend_from_slice(&[0, 0]);
        let mut reader = io::Cursor::new(bytes);
        assert_eq!(declared_entry_count(&mut reader), Some(5_000_000));
    }
}
