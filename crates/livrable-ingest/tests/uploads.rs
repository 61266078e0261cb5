//! Loading a submission from files already in memory, as a web form sends them.

use std::io::{Cursor, Write};

use livrable_ingest::limits::MIB;
use livrable_ingest::load::LoadErrorKind;
use livrable_ingest::{load_uploads, Limits};
use livrable_model::{Submission, SubmittedFile};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn upload(path: &str, bytes: &[u8]) -> SubmittedFile {
    SubmittedFile {
        path: path.to_string(),
        bytes: bytes.to_vec(),
    }
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

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn uploads_are_sorted_normalised_and_clutter_is_skipped() {
    let s = load_uploads(
        "envoi",
        vec![
            upload("blog\\article.md", b"# Titre"),
            upload("budget.csv", b"a;b"),
            upload(".DS_Store", b"x"),
            upload("__MACOSX/._budget.csv", b"x"),
            upload("./plan.md", b"# Plan"),
        ],
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(s.source, "envoi");
    assert_eq!(paths(&s), ["blog/article.md", "budget.csv", "plan.md"]);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
}

#[test]
fn names_that_escape_the_root_are_refused_and_the_rest_kept() {
    let s = load_uploads(
        "envoi",
        vec![
            upload("../../etc/passwd", b"x"),
            upload("/abs.md", b"x"),
            upload("C:\\Windows\\x.md", b"x"),
            upload("ok.md", b"# ok"),
        ],
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(paths(&s), ["ok.md"]);
    let mut codes = problems(&s);
    codes.sort();
    assert_eq!(
        codes,
        [
            ("../../etc/passwd", "ingest/unsafe-path"),
            ("/abs.md", "ingest/unsafe-path"),
            ("C:\\Windows\\x.md", "ingest/unsafe-path")
        ]
    );
}

#[test]
fn two_uploads_with_one_name_keep_the_first() {
    let s = load_uploads(
        "envoi",
        vec![upload("a/b.md", b"first"), upload("a\\b.md", b"second")],
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(s.files.len(), 1);
    assert_eq!(s.files[0].bytes, b"first");
    assert_eq!(problems(&s), [("a\\b.md", "ingest/unsafe-path")]);
}

#[test]
fn sizes_are_checked_against_the_limits_in_path_order() {
    let limits = Limits {
        max_file_bytes: 10,
        max_total_bytes: 15,
        ..Limits::default()
    };
    let s = load_uploads(
        "envoi",
        vec![
            upload("c.md", &[b'c'; 8]),
            upload("a.md", &[b'a'; 11]),
            upload("b.md", &[b'b'; 8]),
        ],
        &limits,
    )
    .unwrap();
    assert_eq!(paths(&s), ["b.md"]);
    assert_eq!(
        problems(&s),
        [("a.md", "ingest/too-large"), ("c.md", "ingest/too-large")]
    );
}

#[test]
fn too_many_uploads_are_refused_whole() {
    let limits = Limits {
        max_entries: 2,
        ..Limits::default()
    };
    let files = (0..3).map(|i| upload(&format!("{i}.md"), b"x")).collect();
    let s = load_uploads("envoi", files, &limits).unwrap();
    assert!(s.files.is_empty());
    assert_eq!(problems(&s), [("envoi", "ingest/too-large")]);
}

#[test]
fn a_lone_zip_is_read_in_memory_with_its_guards() {
    let zip = zip_of(&[("dossier/article.md", b"# A"), ("../evil.md", b"x")]);
    let s = load_uploads(
        "envoi.zip",
        vec![upload("envoi.zip", &zip)],
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(paths(&s), ["dossier/article.md"]);
    assert_eq!(problems(&s), [("../evil.md", "ingest/unsafe-path")]);

    // A bomb: 64 MiB of zeros under a 1 MiB file limit is refused before reading.
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    writer.start_file("zeros.bin", options).unwrap();
    let chunk = vec![0u8; MIB as usize];
    for _ in 0..64 {
        writer.write_all(&chunk).unwrap();
    }
    let bomb = writer.finish().unwrap().into_inner();
    let limits = Limits {
        max_file_bytes: MIB,
        ..Limits::default()
    };
    let s = load_uploads("b.zip", vec![upload("b.zip", &bomb)], &limits).unwrap();
    assert!(s.files.is_empty());
    assert_eq!(problems(&s), [("zeros.bin", "ingest/too-large")]);
}

#[test]
fn a_broken_zip_is_a_load_error_and_a_zip_among_files_is_a_file() {
    let err = load_uploads(
        "x.zip",
        vec![upload("x.zip", b"PK not really")],
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::BadZip);
    let s = load_uploads(
        "envoi",
        vec![upload("x.zip", b"PK not really"), upload("a.md", b"# a")],
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(paths(&s), ["a.md", "x.zip"]);
}
