//! Loading submissions from folders, zips and single files, under limits.
//!
//! Memory bounds are measured, not assumed: a counting allocator records the peak bytes
//! allocated by the current thread while `load` runs (per thread, so tests running in
//! parallel do not disturb each other's figures).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use livrable_ingest::limits::{GIB, MIB};
use livrable_ingest::load::LoadErrorKind;
use livrable_ingest::{load, Limits, LoadError};
use livrable_model::{Observation, Submission};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

// ---------------------------------------------------------------------------------------
// Peak memory of the current thread.

struct CountingAllocator;

thread_local! {
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    // `try_with`: allocations can happen while a thread's locals are torn down.
    let _ = CURRENT.try_with(|current| {
        let now = current.get() + delta;
        current.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
    });
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            track(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            track(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        track(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `f` and returns its result with the most bytes it held at once beyond what the
/// thread held before.
fn peak_memory<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = CURRENT.with(Cell::get);
    PEAK.with(|peak| peak.set(start));
    let result = f();
    let peak = PEAK.with(Cell::get);
    (result, (peak - start).max(0) as usize)
}

// ---------------------------------------------------------------------------------------
// Helpers.

fn put(root: &Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, bytes).unwrap();
}

/// A zip of `(name, bytes)` entries, deflated; names are raw bytes so tests can write any.
fn zip_of(entries: &[(&[u8], &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .name(name);
        writer.start_file_with_options(options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn write_zip(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn paths(submission: &Submission) -> Vec<&str> {
    submission.files.iter().map(|f| f.path.as_str()).collect()
}

fn problems(submission: &Submission) -> Vec<(&str, &str)> {
    submission
        .problems
        .iter()
        .map(|(path, o)| (path.as_str(), o.code.as_str()))
        .collect()
}

fn arg<'a>(observation: &'a Observation, name: &str) -> Option<&'a str> {
    observation
        .args
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn problem<'a>(submission: &'a Submission, path: &str) -> &'a Observation {
    submission
        .problems
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, o)| o)
        .unwrap_or_else(|| panic!("no problem for {path}: {:?}", submission.problems))
}

/// Every path under `root`, relative, sorted: to show that loading wrote nothing.
fn tree(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    out.sort();
    out
}

/// Offsets of the first local header and of the central directory header of a one-entry
/// zip without a comment (the end record is the last 22 bytes; the directory's offset is at
/// 16 in it).
fn header_offsets(zip: &[u8]) -> (usize, usize) {
    let end = zip.len() - 22;
    assert_eq!(&zip[end..end + 4], b"PK\x05\x06");
    let central = u32::from_le_bytes(zip[end + 16..end + 20].try_into().unwrap()) as usize;
    assert_eq!(&zip[0..4], b"PK\x03\x04");
    assert_eq!(&zip[central..central + 4], b"PK\x01\x02");
    (0, central)
}

/// A zip with `small.txt` and `bomb.bin`, 1 GiB of zeros, deflated as it streams so that
/// neither the test nor the archive (about 1 MiB) holds the gigabyte. Built once.
fn bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        writer.start_file("bomb.bin", options).unwrap();
        let chunk = vec![0u8; MIB as usize];
        for _ in 0..1024 {
            writer.write_all(&chunk).unwrap();
        }
        writer.start_file("small.txt", options).unwrap();
        writer.write_all(b"bonjour").unwrap();
        writer.finish().unwrap().into_inner()
    })
}

// ---------------------------------------------------------------------------------------
// Folders.

#[test]
fn folder_files_are_relative_slash_separated_sorted_and_clutter_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    put(root, "plan.md", b"# Plan");
    put(root, "blog/article.md", b"# Article");
    put(root, "blog/images/une.png", b"\x89PNG");
    put(root, "blog/Thumbs.db", b"x");
    put(root, ".DS_Store", b"x");
    put(root, "desktop.ini", b"x");
    put(root, "~$budget.xlsx", b"x");
    put(root, "._plan.md", b"x");
    put(root, "__MACOSX/._plan.md", b"x");
    put(root, ".git/config", b"x");
    put(root, "blog/.cache/page.html", b"x");
    put(root, ".livrable.toml", b"kind = 'x'");
    // A zip inside a folder is an ordinary file, not expanded.
    put(root, "annexes.zip", &zip_of(&[(b"inner.md", b"# inner")]));
    fs::create_dir_all(root.join("empty/deeper")).unwrap();

    let submission = load(root, &Limits::default()).unwrap();
    assert_eq!(
        paths(&submission),
        [
            ".livrable.toml",
            "annexes.zip",
            "blog/article.md",
            "blog/images/une.png",
            "plan.md"
        ]
    );
    assert!(submission.problems.is_empty(), "{:?}", submission.problems);
    assert_eq!(
        submission.file("blog/article.md").unwrap().bytes,
        b"# Article"
    );
    assert_eq!(submission.source, root.display().to_string());
}

#[test]
fn an_empty_folder_is_an_empty_submission() {
    let dir = tempfile::tempdir().unwrap();
    let submission = load(dir.path(), &Limits::default()).unwrap();
    assert!(submission.files.is_empty());
    assert!(submission.problems.is_empty());
}

#[cfg(unix)]
#[test]
fn links_inside_a_folder_are_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    put(outside.path(), "secret.txt", b"not yours");
    put(outside.path(), "dir/other.txt", b"not yours either");
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "plan.md", b"# Plan");
    symlink(
        outside.path().join("secret.txt"),
        dir.path().join("link.txt"),
    )
    .unwrap();
    symlink(outside.path().join("dir"), dir.path().join("linked-dir")).unwrap();
    symlink("/nonexistent/target", dir.path().join("dangling.md")).unwrap();

    let submission = load(dir.path(), &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["plan.md"]);
    assert!(submission.problems.is_empty(), "{:?}", submission.problems);
}

#[cfg(unix)]
#[test]
fn a_linked_root_is_followed_since_the_user_named_it() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "real/plan.md", b"# Plan");
    symlink(dir.path().join("real"), dir.path().join("alias")).unwrap();
    let submission = load(&dir.path().join("alias"), &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["plan.md"]);
}

// ---------------------------------------------------------------------------------------
// Single files and load errors.

#[test]
fn a_single_file_is_named_by_its_file_name() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "rendu/rapport final.md", b"# Rapport");
    let path = dir.path().join("rendu/rapport final.md");
    let submission = load(&path, &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["rapport final.md"]);
    assert_eq!(submission.files[0].bytes, b"# Rapport");
    assert!(submission.problems.is_empty());
}

#[test]
fn a_missing_path_is_a_load_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nulle-part");
    let err: LoadError = load(&path, &Limits::default()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::NotFound);
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("does not exist"), "{message}");
    let _: &dyn std::error::Error = &err;
}

#[test]
fn a_file_named_zip_that_is_not_a_zip_is_a_load_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_zip(dir.path(), "rendu.ZIP", b"hello, this is not a zip");
    let err = load(&path, &Limits::default()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::BadZip);
    assert!(err.to_string().contains("rendu.ZIP"), "{err}");
    assert!(!err.detail.is_empty());
}

#[test]
fn a_truncated_zip_is_a_load_error_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = zip_of(&[(b"a.md", b"# A"), (b"b.md", b"# B")]);
    let path = write_zip(dir.path(), "rendu.zip", &bytes[..bytes.len() - 30]);
    let err = load(&path, &Limits::default()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::BadZip);
    let message = err.to_string();
    assert!(
        message.contains("rendu.zip") && message.contains("zip"),
        "{message}"
    );
}

#[test]
fn a_damaged_entry_is_unreadable_and_the_others_still_load() {
    let dir = tempfile::tempdir().unwrap();
    // Text that deflates into real Huffman data, so that flipping bytes breaks it.
    let text: Vec<u8> = (0..20_000u32)
        .flat_map(|i| format!("ligne {i} du communiqué de presse\n").into_bytes())
        .collect();
    let mut bytes = zip_of(&[(b"abime.md", &text), (b"intact.md", b"# Intact")]);
    // The first entry's data starts after its 30-byte local header and its name.
    let data_start = 30 + "abime.md".len();
    for byte in &mut bytes[data_start + 100..data_start + 400] {
        *byte ^= 0x5A;
    }
    let path = write_zip(dir.path(), "rendu.zip", &bytes);
    let submission = load(&path, &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["intact.md"]);
    let observation = problem(&submission, "abime.md");
    assert_eq!(observation.code, "ingest/unreadable");
    assert!(!arg(observation, "reason").unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------
// Zips.

#[test]
fn zip_entries_are_read_in_memory_with_normalised_paths() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    writer.add_directory("blog/", options).unwrap();
    writer.start_file("blog/article.md", options).unwrap();
    writer.write_all(b"# Article").unwrap();
    writer.start_file("budget\\budget.csv", options).unwrap();
    writer.write_all(b"a;b").unwrap();
    writer
        .start_file("__MACOSX/blog/._article.md", options)
        .unwrap();
    writer.write_all(b"x").unwrap();
    writer.start_file(".DS_Store", options).unwrap();
    writer.write_all(b"x").unwrap();
    writer.start_file("annexes.zip", options).unwrap();
    writer
        .write_all(&zip_of(&[(b"inner.md", b"# inner")]))
        .unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    let path = write_zip(dir.path(), "rendu.zip", &bytes);
    let before = tree(dir.path());

    let submission = load(&path, &Limits::default()).unwrap();
    assert_eq!(
        paths(&submission),
        ["annexes.zip", "blog/article.md", "budget/budget.csv"]
    );
    assert!(submission.problems.is_empty(), "{:?}", submission.problems);
    assert_eq!(submission.file("budget/budget.csv").unwrap().bytes, b"a;b");
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn zip_entries_that_escape_the_root_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let inside = dir.path().join("rendu");
    fs::create_dir(&inside).unwrap();
    let bytes = zip_of(&[
        (b"plan.md", b"# Plan"),
        (b"../evil.txt", b"evil"),
        (b"/etc/x", b"evil"),
        (b"..\\..\\evil-backslash.txt", b"evil"),
        (b"C:/Windows/evil.txt", b"evil"),
        (b"blog/../../evil-nested.txt", b"evil"),
        (b"blog/article.md", b"# Article"),
    ]);
    let path = write_zip(&inside, "rendu.zip", &bytes);
    let before = tree(dir.path());

    let submission = load(&path, &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["blog/article.md", "plan.md"]);
    let mut refused = problems(&submission);
    refused.sort();
    assert_eq!(
        refused,
        [
            ("../evil.txt", "ingest/unsafe-path"),
            ("..\\..\\evil-backslash.txt", "ingest/unsafe-path"),
            ("/etc/x", "ingest/unsafe-path"),
            ("C:/Windows/evil.txt", "ingest/unsafe-path"),
            ("blog/../../evil-nested.txt", "ingest/unsafe-path"),
        ]
    );
    let observation = problem(&submission, "../evil.txt");
    assert_eq!(arg(observation, "path"), Some("../evil.txt"));

    assert_eq!(tree(dir.path()), before);
    assert!(!dir.path().join("evil.txt").exists());
    assert!(!inside.join("evil.txt").exists());
}

#[test]
fn entries_that_normalise_to_the_same_path_keep_only_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = zip_of(&[(b"a/b.md", b"first"), (b"a\\b.md", b"second")]);
    let path = write_zip(dir.path(), "rendu.zip", &bytes);
    let submission = load(&path, &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["a/b.md"]);
    assert_eq!(submission.files[0].bytes, b"first");
    assert_eq!(problems(&submission), [("a\\b.md", "ingest/unsafe-path")]);
}

#[test]
fn windows_zip_names_in_cp437_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    // "résumé.md" and "communiqué/à lire.md" in CP437, without the UTF-8 flag, as the
    // Windows Explorer writes them.
    let bytes = zip_of(&[
        (b"r\x82sum\x82.md", b"# CV"),
        (b"communiqu\x82/\x85 lire.md", b"# CP"),
    ]);
    let path = write_zip(dir.path(), "rendu.zip", &bytes);
    let submission = load(&path, &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["communiqué/à lire.md", "résumé.md"]);
    assert!(submission.problems.is_empty());
}

#[test]
fn a_one_gibibyte_bomb_is_refused_before_reading_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_zip(dir.path(), "rendu.zip", bomb());
    let (submission, peak) = peak_memory(|| load(&path, &Limits::default()).unwrap());
    assert_eq!(paths(&submission), ["small.txt"]);
    let observation = problem(&submission, "bomb.bin");
    assert_eq!(observation.code, "ingest/too-large");
    assert_eq!(arg(observation, "which"), Some("file-size"));
    assert_eq!(arg(observation, "size"), Some("1 Gio"));
    assert_eq!(arg(observation, "limit"), Some("100 Mio"));
    assert!(peak < 4 * MIB as usize, "peak {peak} bytes");
}

#[test]
fn a_bomb_under_the_file_limit_is_refused_for_its_ratio() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_zip(dir.path(), "rendu.zip", bomb());
    let limits = Limits {
        max_file_bytes: 2 * GIB,
        max_total_bytes: 4 * GIB,
        ..Limits::default()
    };
    let (submission, peak) = peak_memory(|| load(&path, &limits).unwrap());
    assert_eq!(paths(&submission), ["small.txt"]);
    let observation = problem(&submission, "bomb.bin");
    assert_eq!(observation.code, "ingest/too-large");
    assert_eq!(arg(observation, "which"), Some("compression-ratio"));
    assert_eq!(arg(observation, "limit"), Some("100:1"));
    assert!(peak < 4 * MIB as usize, "peak {peak} bytes");
}

/// Sets the declared uncompressed size of the first entry, in its local header (offset 22)
/// and in the central directory (offset 24).
fn lie_about_size(zip: &mut [u8], size: u32) {
    let (local, central) = header_offsets_first(zip);
    zip[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
    zip[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
}

/// Like [`header_offsets`], for the first entry of a zip with any number of entries.
fn header_offsets_first(zip: &[u8]) -> (usize, usize) {
    let (local, central) = header_offsets(zip);
    assert_eq!(&zip[local + 30..local + 38], b"bomb.bin");
    (local, central)
}

#[test]
fn a_header_that_lies_about_the_size_still_reads_a_bounded_amount() {
    let dir = tempfile::tempdir().unwrap();
    for declared in [1000u32, 900 * 1024] {
        let mut bytes = bomb().to_vec();
        lie_about_size(&mut bytes, declared);
        let path = write_zip(dir.path(), &format!("menteur-{declared}.zip"), &bytes);
        let (submission, peak) = peak_memory(|| load(&path, &Limits::default()).unwrap());
        assert_eq!(paths(&submission), ["small.txt"]);
        let observation = problem(&submission, "bomb.bin");
        assert!(
            observation.code == "ingest/too-large" || observation.code == "ingest/unreadable",
            "{observation:?}"
        );
        assert!(peak < 8 * MIB as usize, "peak {peak} bytes");
    }
}

#[test]
fn a_lie_above_the_file_limit_is_refused_before_reading() {
    // The zip crate stops at the declared size (the test above); the declared size itself
    // must pass the limits first. (The capped reader behind both is tested in `load.rs`'s
    // unit tests with a reader that no declared size bounds.)
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = bomb().to_vec();
    lie_about_size(&mut bytes, 900 * 1024);
    let path = write_zip(dir.path(), "menteur.zip", &bytes);
    let limits = Limits {
        max_file_bytes: 4096,
        ..Limits::default()
    };
    let (submission, peak) = peak_memory(|| load(&path, &limits).unwrap());
    let observation = problem(&submission, "bomb.bin");
    assert_eq!(observation.code, "ingest/too-large");
    assert_eq!(arg(observation, "which"), Some("file-size"));
    assert_eq!(arg(observation, "size"), Some("900 Kio"));
    assert!(peak < 4 * MIB as usize, "peak {peak} bytes");
}

// ---------------------------------------------------------------------------------------
// Each limit, overridden.

#[test]
fn max_file_bytes_refuses_only_larger_files() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "petit.md", &[b'a'; 10]);
    put(dir.path(), "gros.md", &[b'a'; 100]);
    let limits = Limits {
        max_file_bytes: 50,
        ..Limits::default()
    };
    let submission = load(dir.path(), &limits).unwrap();
    assert_eq!(paths(&submission), ["petit.md"]);
    let observation = problem(&submission, "gros.md");
    assert_eq!(observation.code, "ingest/too-large");
    assert_eq!(arg(observation, "which"), Some("file-size"));
    assert_eq!(arg(observation, "limit"), Some("50 o"));
    assert_eq!(arg(observation, "size"), Some("100 o"));

    let exact = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    let submission = load(dir.path(), &exact).unwrap();
    assert_eq!(paths(&submission), ["gros.md", "petit.md"]);
    assert!(submission.problems.is_empty());
}

#[test]
fn max_file_bytes_applies_to_a_single_file_and_to_zip_entries() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "video.mp4", &[0u8; 2048]);
    let limits = Limits {
        max_file_bytes: 1024,
        ..Limits::default()
    };
    let submission = load(&dir.path().join("video.mp4"), &limits).unwrap();
    assert!(submission.files.is_empty());
    assert_eq!(problems(&submission), [("video.mp4", "ingest/too-large")]);

    let bytes = zip_of(&[(b"video.mp4", &[1u8; 2048]), (b"plan.md", b"# Plan")]);
    let path = write_zip(dir.path(), "rendu.zip", &bytes);
    let submission = load(&path, &limits).unwrap();
    assert_eq!(paths(&submission), ["plan.md"]);
    assert_eq!(problems(&submission), [("video.mp4", "ingest/too-large")]);
}

#[test]
fn max_total_bytes_refuses_files_once_the_budget_is_spent() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "a.md", &[b'a'; 40]);
    put(dir.path(), "b.md", &[b'b'; 40]);
    put(dir.path(), "c.md", &[b'c'; 40]);
    let limits = Limits {
        max_total_bytes: 100,
        ..Limits::default()
    };
    let submission = load(dir.path(), &limits).unwrap();
    assert_eq!(paths(&submission), ["a.md", "b.md"]);
    let observation = problem(&submission, "c.md");
    assert_eq!(observation.code, "ingest/too-large");
    assert_eq!(arg(observation, "which"), Some("total-size"));
    assert_eq!(arg(observation, "limit"), Some("100 o"));
    assert_eq!(arg(observation, "size"), Some("120 o"));

    // The same in a zip.
    let bytes = zip_of(&[
        (b"c.md", &[b'c'; 40]),
        (b"a.md", &[b'a'; 40]),
        (b"b.md", &[b'b'; 40]),
    ]);
    let path = write_zip(dir.path(), "rendu.zip", &bytes);
    let submission = load(&path, &limits).unwrap();
    assert_eq!(paths(&submission), ["a.md", "b.md"]);
    assert_eq!(problems(&submission), [("c.md", "ingest/too-large")]);

    let roomy = Limits {
        max_total_bytes: 120,
        ..Limits::default()
    };
    let submission = load(&path, &roomy).unwrap();
    assert_eq!(paths(&submission), ["a.md", "b.md", "c.md"]);
    assert!(submission.problems.is_empty());
}

#[test]
fn max_entries_refuses_a_zip_or_folder_with_too_many() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<Vec<u8>> = (0..5).map(|i| format!("f{i}.md").into_bytes()).collect();
    let entries: Vec<(&[u8], &[u8])> = names.iter().map(|n| (n.as_slice(), &b"x"[..])).collect();
    let path = write_zip(dir.path(), "rendu.zip", &zip_of(&entries));
    let limits = Limits {
        max_entries: 3,
        ..Limits::default()
    };
    let submission = load(&path, &limits).unwrap();
    assert!(submission.files.is_empty());
    let observation = problem(&submission, "rendu.zip");
    assert_eq!(observation.code, "ingest/too-large");
    assert_eq!(arg(observation, "which"), Some("entries"));
    assert_eq!(arg(observation, "limit"), Some("3"));
    assert_eq!(arg(observation, "size"), Some("5"));
    let exact = Limits {
        max_entries: 5,
        ..Limits::default()
    };
    assert_eq!(load(&path, &exact).unwrap().files.len(), 5);

    let folder = dir.path().join("dossier");
    for i in 0..5 {
        put(&folder, &format!("f{i}.md"), b"x");
    }
    let submission = load(&folder, &limits).unwrap();
    assert!(submission.files.is_empty());
    let observation = problem(&submission, "dossier");
    assert_eq!(arg(observation, "which"), Some("entries"));
    assert_eq!(load(&folder, &exact).unwrap().files.len(), 5);
}

#[test]
fn max_compression_ratio_and_its_threshold_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = vec![0u8; 4 * MIB as usize];
    let path = write_zip(
        dir.path(),
        "rendu.zip",
        &zip_of(&[(b"zeros.bin", &zeros), (b"plan.md", b"# Plan")]),
    );
    let submission = load(&path, &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["plan.md"]);
    let observation = problem(&submission, "zeros.bin");
    assert_eq!(arg(observation, "which"), Some("compression-ratio"));

    let ratio = Limits {
        max_compression_ratio: 100_000,
        ..Limits::default()
    };
    let submission = load(&path, &ratio).unwrap();
    assert_eq!(paths(&submission), ["plan.md", "zeros.bin"]);
    assert_eq!(
        submission.file("zeros.bin").unwrap().bytes.len(),
        zeros.len()
    );

    let threshold = Limits {
        ratio_check_min_bytes: 8 * MIB,
        ..Limits::default()
    };
    let submission = load(&path, &threshold).unwrap();
    assert_eq!(paths(&submission), ["plan.md", "zeros.bin"]);
}

#[test]
fn small_or_incompressible_entries_pass_the_ratio_test() {
    let dir = tempfile::tempdir().unwrap();
    // Under the 1 MiB threshold, any ratio is fine; above it, office-like data (about 10:1
    // or less) is fine.
    let small_zeros = vec![0u8; 512 * 1024];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let noisy: Vec<u8> = (0..3 * MIB)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 16) as u8 + b'a'
        })
        .collect();
    let path = write_zip(
        dir.path(),
        "rendu.zip",
        &zip_of(&[(b"vide.xml", &small_zeros), (b"texte.txt", &noisy)]),
    );
    let submission = load(&path, &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["texte.txt", "vide.xml"]);
    assert!(submission.problems.is_empty(), "{:?}", submission.problems);
}

#[test]
fn max_depth_stops_deep_folders_and_deep_zip_entries() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("dossier");
    put(&folder, "a/b/c/d.md", b"deep");
    put(&folder, "a/b.md", b"shallow");
    let limits = Limits {
        max_depth: 2,
        ..Limits::default()
    };
    let submission = load(&folder, &limits).unwrap();
    assert_eq!(paths(&submission), ["a/b.md"]);
    let observation = problem(&submission, "a/b");
    assert_eq!(observation.code, "ingest/too-large");
    assert_eq!(arg(observation, "which"), Some("depth"));
    assert_eq!(arg(observation, "limit"), Some("2"));
    let submission = load(&folder, &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["a/b.md", "a/b/c/d.md"]);
    let none = Limits {
        max_depth: 0,
        ..Limits::default()
    };
    let submission = load(&folder, &none).unwrap();
    assert!(submission.files.is_empty());
    assert_eq!(problems(&submission), [("dossier", "ingest/too-large")]);

    let path = write_zip(
        dir.path(),
        "rendu.zip",
        &zip_of(&[(b"a/b/c/d.md", b"deep"), (b"a/b.md", b"shallow")]),
    );
    let submission = load(&path, &limits).unwrap();
    assert_eq!(paths(&submission), ["a/b.md"]);
    let observation = problem(&submission, "a/b/c/d.md");
    assert_eq!(arg(observation, "which"), Some("depth"));
    assert_eq!(arg(observation, "size"), Some("4"));
    let submission = load(&path, &Limits::default()).unwrap();
    assert_eq!(paths(&submission), ["a/b.md", "a/b/c/d.md"]);
}
