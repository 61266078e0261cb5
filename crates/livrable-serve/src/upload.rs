//! Reading what a client sent into files in memory: a multipart form (the page's form, or
//! an API client's `files` parts) or a zip as the whole body.
//!
//! Browsers name the files of a chosen or dropped folder by their path inside it, the
//! folder first (`soumission/blog/article.md`): when every file starts with the same
//! folder, that folder names the submission and is taken off the paths, as the CLI names
//! a folder's files relative to it. Names are then checked by `livrable_ingest` as zip
//! entries are (`../` and absolute names get `ingest/unsafe-path`).

use std::error::Error as StdError;

use axum::body::to_bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use http_body_util::LengthLimitError;
use livrable_model::SubmittedFile;
use tower_http::timeout::TimeoutError;

use crate::refusal::Refusal;

/// What a check request carried.
#[derive(Debug, Default)]
pub struct Upload {
    pub files: Vec<SubmittedFile>,
    /// The `situation` field, empty when the tool is to infer it.
    pub situation: Option<String>,
    /// The `lang` field.
    pub lang: Option<String>,
}

/// The refusal for a body that failed to arrive: too large, too slow, or malformed.
fn body_refusal(err: &(dyn StdError + 'static)) -> Refusal {
    let mut cause: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cause {
        if e.is::<LengthLimitError>() {
            return Refusal::TooLarge;
        }
        if e.is::<TimeoutError>() {
            return Refusal::Slow;
        }
        cause = e.source();
    }
    Refusal::BadForm
}

/// Reads the body: a multipart form, or else the bytes of one zip named `zip_name`.
pub async fn read(request: Request, zip_name: &str) -> Result<Upload, Refusal> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("multipart/form-data"));
    if multipart {
        return read_form(request).await;
    }
    let bytes = to_bytes(request.into_body(), usize::MAX)
        .await
        .map_err(|e| body_refusal(&e))?;
    if bytes.is_empty() {
        return Err(Refusal::NoFiles);
    }
    Ok(Upload {
        files: vec![SubmittedFile {
            path: zip_name.to_string(),
            bytes: bytes.to_vec(),
        }],
        ..Upload::default()
    })
}

async fn read_form(request: Request) -> Result<Upload, Refusal> {
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|_| Refusal::BadForm)?;
    let mut upload = Upload::default();
    while let Some(field) = form.next_field().await.map_err(|e| body_refusal(&e))? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|e| body_refusal(&e))?;
        match (name.as_str(), file_name) {
            // An empty file input sends one part with no name and no bytes.
            (_, Some(file_name)) if file_name.is_empty() && bytes.is_empty() => {}
            (_, Some(file_name)) => upload.files.push(SubmittedFile {
                path: file_name,
                bytes: bytes.to_vec(),
            }),
            ("situation", None) => {
                let value = String::from_utf8_lossy(&bytes).trim().to_string();
                upload.situation = (!value.is_empty()).then_some(value);
            }
            ("lang", None) => upload.lang = Some(String::from_utf8_lossy(&bytes).into_owned()),
            // Other fields (a submit button's name, a platform's own) are ignored.
            _ => {}
        }
    }
    Ok(upload)
}

/// The submission's name and the files' paths inside it: a lone file (or zip) is named by
/// its own name (its folders dropped), files that share a first folder by that folder (taken off their paths), other
/// files by `loose` (the pack's words for files uploaded together).
pub fn name_submission(files: &mut [SubmittedFile], loose: &str) -> String {
    if let [only] = files {
        // As the CLI names a single file: by its own name.
        only.path = base_name(&only.path).to_string();
        return only.path.clone();
    }
    let root = files.first().and_then(|f| first_folder(&f.path));
    match root {
        Some(root) if files.iter().all(|f| first_folder(&f.path) == Some(root)) => {
            let root = root.to_string();
            for file in files.iter_mut() {
                file.path = file.path[root.len() + 1..].to_string();
            }
            root
        }
        _ => loose.to_string(),
    }
}

/// The first folder of a `/`-separated path, when it is a plain name (not `.`, `..`, a
/// drive, empty): only such a folder may be taken off.
fn first_folder(path: &str) -> Option<&str> {
    let (first, rest) = path.split_once('/')?;
    let plain = !first.is_empty()
        && first != "."
        && first != ".."
        && !first.contains(['\\', ':'])
        && !rest.is_empty();
    plain.then_some(first)
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> Vec<SubmittedFile> {
        paths
            .iter()
            .map(|p| SubmittedFile {
                path: p.to_string(),
                bytes: vec![],
            })
            .collect()
    }

    fn paths(files: &[SubmittedFile]) -> Vec<&str> {
        files.iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn a_shared_folder_names_the_submission_and_leaves_the_paths() {
        let mut f = files(&["soumission/a.md", "soumission/blog/b.md"]);
        assert_eq!(name_submission(&mut f, "envoi"), "soumission");
        assert_eq!(paths(&f), ["a.md", "blog/b.md"]);
    }

    #[test]
    fn loose_files_and_unsafe_folders_keep_their_paths() {
        let mut f = files(&["a.md", "b.md"]);
        assert_eq!(name_submission(&mut f, "envoi"), "envoi");
        let mut f = files(&["../x/a.md", "../x/b.md"]);
        assert_eq!(name_submission(&mut f, "envoi"), "envoi");
        assert_eq!(paths(&f), ["../x/a.md", "../x/b.md"]);
        let mut f = files(&["d/a.md", "e/b.md"]);
        assert_eq!(name_submission(&mut f, "envoi"), "envoi");
        let mut f = files(&["dossier/envoi.zip"]);
        assert_eq!(name_submission(&mut f, "envoi"), "envoi.zip");
        assert_eq!(paths(&f), ["envoi.zip"]);
    }
}
