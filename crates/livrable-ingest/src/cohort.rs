//! A class's submissions side by side: which candidates a folder (or a platform's
//! « download all » archive) holds, and each one's files loaded on its own.
//!
//! A candidate is a subfolder of `DIR`, a `.zip` in `DIR`, or — when `DIR` is itself a
//! `.zip` — a top-level folder of that archive. Moodle names each candidate's folder
//! `Prénom Nom_12345_assignsubmission_file_`: the name shown is `Prénom Nom`. A candidate
//! who handed in a single `.zip` (a folder holding only that archive) is read from inside
//! it. Each candidate is a [`Submission`] of its own: two candidates' files never meet, so
//! no cross-file check compares one candidate's budget with another's plan.

use std::fs;
use std::path::{Path, PathBuf};

use livrable_model::{Submission, SubmittedFile};

use crate::load::{load, load_uploads, load_zip_folder, zip_folders, LoadError};
use crate::Limits;

/// One candidate of a cohort: the name to show and where the files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The name shown in the outputs: the folder's or archive's, without a platform's
    /// suffix (`_12345_assignsubmission_file_`) or `.zip`.
    pub name: String,
    /// The folder's or archive's own name, as it is in `DIR` (two candidates may share a
    /// shown name; this never repeats).
    pub entry: String,
    pub source: Source,
}

/// Where a candidate's files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A subfolder of `DIR`.
    Folder(PathBuf),
    /// A `.zip` in `DIR`.
    Zip(PathBuf),
    /// A top-level folder of the archive `DIR`.
    ZipFolder { zip: PathBuf, folder: String },
}

/// What a cohort folder holds: its candidates in name order, and the loose files at its
/// top that belong to no candidate (a class list, a mark sheet), which are not checked.
#[derive(Debug, Default)]
pub struct Cohort {
    pub candidates: Vec<Candidate>,
    pub loose: Vec<String>,
}

/// The candidates of `dir`: a folder of folders and archives, or an archive of folders.
/// Hidden folders and system clutter are left out as [`load`] leaves them out of a
/// submission.
pub fn candidates(dir: &Path) -> Result<Cohort, LoadError> {
    let meta = fs::metadata(dir).map_err(|e| LoadError::io(dir, &e))?;
    let mut cohort = Cohort::default();
    if meta.is_file() && crate::load::has_zip_extension(dir) {
        let (folders, loose) = zip_folders(dir)?;
        cohort.loose = loose;
        cohort.candidates = folders
            .into_iter()
            .map(|folder| Candidate {
                name: shown_name(&folder),
                entry: folder.clone(),
                source: Source::ZipFolder {
                    zip: dir.to_path_buf(),
                    folder,
                },
            })
            .collect();
        return Ok(cohort);
    }
    let entries = fs::read_dir(dir).map_err(|e| LoadError::io(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| LoadError::io(dir, &e))?;
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        // Not following links: `file_type` is the link's own type.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && !crate::load::skipped_folder(&entry_name) {
            cohort.candidates.push(Candidate {
                name: shown_name(&entry_name),
                entry: entry_name,
                source: Source::Folder(entry.path()),
            });
        } else if kind.is_file() && crate::load::has_zip_extension(&entry.path()) {
            let stem = &entry_name[..entry_name.len() - ".zip".len()];
            cohort.candidates.push(Candidate {
                name: shown_name(stem),
                entry: entry_name.clone(),
                source: Source::Zip(entry.path()),
            });
        } else if kind.is_file() && !crate::load::skipped_file(&entry_name) {
            cohort.loose.push(entry_name);
        }
    }
    cohort
        .candidates
        .sort_by(|a, b| (a.name.to_lowercase(), &a.entry).cmp(&(b.name.to_lowercase(), &b.entry)));
    cohort.loose.sort();
    Ok(cohort)
}

impl Candidate {
    /// Loads the candidate's files under `limits`, alone. A folder (or archive folder)
    /// that holds nothing but one `.zip` is read from inside that archive.
    pub fn load(&self, limits: &Limits) -> Result<Submission, LoadError> {
        let submission = match &self.source {
            Source::Folder(path) | Source::Zip(path) => load(path, limits)?,
            Source::ZipFolder { zip, folder } => {
                load_zip_folder(zip, folder, &format!("{}/{folder}", zip.display()), limits)?
            }
        };
        let lone_zip = matches!(&self.source, Source::Folder(_) | Source::ZipFolder { .. })
            && submission.problems.is_empty()
            && matches!(submission.files.as_slice(),
                [only] if crate::load::has_zip_extension(Path::new(&only.path)));
        if !lone_zip {
            return Ok(submission);
        }
        let Submission { source, files, .. } = submission;
        let inner: Vec<SubmittedFile> = files;
        load_uploads(&source, inner, limits)
    }
}

/// The name a learning platform's folder stands for: Moodle's
/// `Prénom Nom_12345_assignsubmission_file_` (or `_onlinetext_`) is `Prénom Nom`; any other
/// name is kept as it is, `_` turned into spaces at neither end.
pub fn shown_name(entry: &str) -> String {
    if let Some(at) = entry.find("_assignsubmission_") {
        let head = &entry[..at];
        if let Some((name, id)) = head.rsplit_once('_') {
            if !name.is_empty() && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                return name.trim().to_string();
            }
        }
    }
    entry.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moodle_folder_names_give_the_candidate() {
        assert_eq!(
            shown_name("Camille Laurent_12345_assignsubmission_file_"),
            "Camille Laurent"
        );
        assert_eq!(
            shown_name("Élodie Le Bihan-Ségal_7_assignsubmission_onlinetext_"),
            "Élodie Le Bihan-Ségal"
        );
        // Not Moodle's: kept whole.
        assert_eq!(shown_name("Groupe_A"), "Groupe_A");
        assert_eq!(
            shown_name("x_assignsubmission_file_"),
            "x_assignsubmission_file_"
        );
        assert_eq!(shown_name("Camille Laurent"), "Camille Laurent");
    }

    #[test]
    fn a_folder_of_folders_and_archives() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("Zoé Martin_2_assignsubmission_file_")).unwrap();
        fs::write(
            root.join("Zoé Martin_2_assignsubmission_file_/plan.md"),
            "# Plan",
        )
        .unwrap();
        fs::create_dir(root.join(".git")).unwrap();
        fs::write(root.join("adam.zip"), b"not a zip").unwrap();
        fs::write(root.join("notes.csv"), "a;b").unwrap();
        fs::write(root.join(".DS_Store"), "").unwrap();
        let cohort = candidates(root).unwrap();
        let names: Vec<&str> = cohort.candidates.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["adam", "Zoé Martin"]);
        assert_eq!(cohort.loose, ["notes.csv"]);
        // The damaged archive is that candidate's problem only.
        assert!(cohort.candidates[0].load(&Limits::default()).is_err());
        let zoe = cohort.candidates[1].load(&Limits::default()).unwrap();
        assert_eq!(zoe.files.len(), 1);
        assert_eq!(zoe.files[0].path, "plan.md");
    }
}
