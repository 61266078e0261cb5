//! A submission: files as bytes in memory, whatever they came from (folder, zip, one file).

/// One file of a submission.
#[derive(Debug, Clone)]
pub struct SubmittedFile {
    /// Path relative to the submission root, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every file of a submission, read into memory under the loader's limits, and what the
/// loader had to refuse or could not read (as observations keyed by file path).
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// The path as the user gave it.
    pub source: String,
    pub files: Vec<SubmittedFile>,
    /// (file path, observation) for entries refused or unreadable while loading.
    pub problems: Vec<(String, crate::finding::Observation)>,
}

impl Submission {
    /// A file by its path in the submission.
    pub fn file(&self, path: &str) -> Option<&SubmittedFile> {
        self.files.iter().find(|f| f.path == path)
    }
}
