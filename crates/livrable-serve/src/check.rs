//! `POST /check` (the form: the report page) and `POST /api/v1/check` (the JSON of
//! `--format json`): one pipeline, bounded at each step.
//!
//! 1. a place in the pipeline (`App::waiting`), or 503 at once;
//! 2. a place to read a body (`App::uploads`), waited for at most the check time limit;
//! 3. the body, read whole into memory within [`Config::body_timeout`](crate::Config)
//!    (tower-http caps its size and its silences);
//! 4. a check slot (`App::checks`), waited for at most the check time limit;
//! 5. the engine on a blocking thread, answered within the check time limit. A check that
//!    overruns is answered 503 but keeps its slot until it ends, so that no more than
//!    `max_checks` checks ever run at once.
//!
//! Nothing of the submission outlives the request, and nothing of it is logged.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine as _;
use livrable_ingest::load::LoadErrorKind;
use livrable_model::{Report, Submission};
use livrable_report::page::{Download, PageOptions, Stylesheet};
use livrable_rules::Options;
use tokio::sync::Semaphore;
use tokio::time::timeout;

use crate::app::{query_lang, App};
use crate::lang::Lang;
use crate::refusal::Refusal;
use crate::upload;

/// What a finished check is turned into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Page,
    Json,
}

/// The form's target: the report page.
pub async fn page(State(app): State<Arc<App>>, request: Request) -> Response {
    respond(app, request, Output::Page).await
}

/// The API: the report as the JSON of `--format json`.
pub async fn api(State(app): State<Arc<App>>, request: Request) -> Response {
    respond(app, request, Output::Json).await
}

async fn respond(app: Arc<App>, request: Request, output: Output) -> Response {
    let query = request.uri().query().map(str::to_string);
    let query_lang = query_lang(query.as_deref()).map(str::to_string);
    let header_lang = Lang::negotiate(query_lang.as_deref(), request.headers());
    match run(&app, request, query.as_deref(), output).await {
        Ok(response) => response,
        Err((refusal, lang)) => {
            refusal.respond(&app, lang.unwrap_or(header_lang), output == Output::Json)
        }
    }
}

/// A query parameter's value (no percent-decoding is needed for the values taken here:
/// situation ids and language codes).
fn query_value<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name && !value.is_empty()).then_some(value)
    })
}

/// Waits for a permit of `gate`, at most `limit`.
async fn enter(
    gate: &Semaphore,
    limit: Duration,
) -> Result<tokio::sync::SemaphorePermit<'_>, Refusal> {
    match timeout(limit, gate.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(Refusal::Busy),
    }
}

type Failure = (Refusal, Option<Lang>);

async fn run(
    app: &Arc<App>,
    request: Request,
    query: Option<&str>,
    output: Output,
) -> Result<Response, Failure> {
    let config = &app.config;
    let _in_pipeline = app
        .waiting
        .try_acquire()
        .map_err(|_| (Refusal::Busy, None))?;
    let headers = request.headers().clone();
    let body = {
        let _reading = enter(&app.uploads, config.check_timeout)
            .await
            .map_err(|r| (r, None))?;
        match timeout(config.body_timeout, upload::read(request, "soumission.zip")).await {
            Ok(read) => read.map_err(|r| (r, None))?,
            Err(_) => return Err((Refusal::Slow, None)),
        }
    };
    let lang = Lang::negotiate(
        body.lang.as_deref().or_else(|| query_value(query, "lang")),
        &headers,
    );
    let fail = |r: Refusal| (r, Some(lang));
    let situation = body
        .situation
        .clone()
        .or_else(|| query_value(query, "situation").map(str::to_string));
    if let Some(id) = &situation {
        let known = app
            .pack
            .referentiel
            .as_ref()
            .is_some_and(|r| r.situation(id).is_some());
        if !known {
            return Err(fail(Refusal::UnknownSituation(id.clone())));
        }
    }
    let mut files = body.files;
    if files.is_empty() {
        return Err(fail(Refusal::NoFiles));
    }
    let source = upload::name_submission(&mut files, app.word(lang, "serve.upload_name"));
    let submission =
        livrable_ingest::load_uploads(&source, files, &config.limits).map_err(|e| {
            fail(match e.kind {
                LoadErrorKind::BadZip => Refusal::BadZip,
                _ => Refusal::BadForm,
            })
        })?;

    let permit = match timeout(config.check_timeout, app.checks.clone().acquire_owned()).await {
        Ok(Ok(permit)) => permit,
        _ => return Err(fail(Refusal::Busy)),
    };
    let options = Options {
        lang: lang.code().to_string(),
        kind: None,
        situation,
        limits: config.limits.clone(),
    };
    let worker = app.clone();
    let job = tokio::task::spawn_blocking(move || {
        // The slot is held until the check ends, even when its answer has timed out.
        let _slot = permit;
        let report = livrable_rules::check(&worker.pack, &submission, &options);
        render(&worker, &report, &submission, lang, output)
    });
    match timeout(config.check_timeout, job).await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(_)) => Err(fail(Refusal::Internal)),
        Err(_) => Err(fail(Refusal::Timeout)),
    }
}

/// A `data:` address holding `bytes`, for a download link that needs nothing stored.
pub(crate) fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// A `data:` address holding UTF-8 `text`.
fn text_url(mime: &str, text: &str) -> String {
    data_url(&format!("{mime};charset=utf-8"), text.as_bytes())
}

/// The file name downloads are saved under: the submission's name without its extension,
/// reduced to characters every system takes in a file name.
fn download_stem(report: &Report) -> String {
    let name = report
        .submission
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let stem = name.strip_suffix(".zip").unwrap_or(name);
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    if clean.trim_matches(['-', '.']).is_empty() {
        "rapport".to_string()
    } else {
        clean
    }
}

fn render(
    app: &App,
    report: &Report,
    submission: &Submission,
    lang: Lang,
    output: Output,
) -> Response {
    let json = livrable_report::json(report);
    if output == Output::Json {
        return (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            json,
        )
            .into_response();
    }
    let stem = download_stem(report);
    let download = |key: &str, ext: &str, mime: &str, text: &str| Download {
        label: app.word(lang, key).to_string(),
        file_name: format!("{stem}{ext}"),
        href: text_url(mime, text),
    };
    let downloads = [
        download("serve.download.json", ".json", "application/json", &json),
        download(
            "serve.download.sarif",
            ".sarif",
            "application/sarif+json",
            &livrable_report::sarif(report),
        ),
        download(
            "serve.download.checklist_html",
            "-grille.html",
            "text/html",
            &livrable_report::checklist_html(report),
        ),
        download(
            "serve.download.checklist_md",
            "-grille.md",
            "text/markdown",
            &livrable_report::checklist_md(report),
        ),
    ];
    let code_link = format!("/codes/{{code}}?lang={}", lang.code());
    let back = format!("/?lang={}", lang.code());
    let notes = [app.word(lang, "serve.privacy").to_string()];
    let copies = crate::copies::offered(app, report, submission, lang);
    let page = livrable_report::report_page(
        report,
        &PageOptions {
            words: app.words(lang),
            stylesheet: Stylesheet::Link("/static/livrable.css"),
            code_link: Some(&code_link),
            downloads: &downloads,
            copies: &copies.downloads,
            copies_note: copies.too_large.as_deref(),
            back: Some(&back),
            notes: &notes,
        },
    );
    (
        // A report is the user's alone: no cache keeps it.
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Html(page),
    )
        .into_response()
}
