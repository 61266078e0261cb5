//! Why a request gets no report, and how that is said: a page in the user's language with
//! the right status for the web form, a JSON error for the API.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::app::App;
use crate::lang::Lang;
use crate::pages;

/// A request the server does not answer with a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The body is larger than [`crate::Config::body_limit`] (413).
    TooLarge,
    /// The body came too slowly (408).
    Slow,
    /// Every slot to check and to wait is taken, or the wait for one was too long (503).
    Busy,
    /// The check took longer than its time limit (503).
    Timeout,
    /// The form held no file (400).
    NoFiles,
    /// A lone `.zip` whose directory cannot be read (400).
    BadZip,
    /// The body is not the multipart form or zip the route takes (400).
    BadForm,
    /// The situation asked for is not in the referential (400).
    UnknownSituation(String),
    /// No such page (404).
    NotFound,
    /// The check itself failed: a bug, said plainly (500).
    Internal,
}

impl Refusal {
    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::Slow => StatusCode::REQUEST_TIMEOUT,
            Refusal::Busy | Refusal::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::NoFiles
            | Refusal::BadZip
            | Refusal::BadForm
            | Refusal::UnknownSituation(_) => StatusCode::BAD_REQUEST,
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short stable name for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::TooLarge => "too-large",
            Refusal::Slow => "too-slow",
            Refusal::Busy => "busy",
            Refusal::Timeout => "check-timeout",
            Refusal::NoFiles => "no-files",
            Refusal::BadZip => "bad-zip",
            Refusal::BadForm => "bad-form",
            Refusal::UnknownSituation(_) => "unknown-situation",
            Refusal::NotFound => "not-found",
            Refusal::Internal => "internal",
        }
    }

    /// The sentence that says what happened and what to do, in `lang`.
    pub fn message(&self, app: &App, lang: Lang) -> String {
        match self {
            Refusal::TooLarge => app.fill(
                lang,
                "serve.error.too_large",
                &[("limit", &app.bytes(lang, app.config.limits.max_total_bytes))],
            ),
            Refusal::Slow => app.word(lang, "serve.error.slow").to_string(),
            Refusal::Busy => app.word(lang, "serve.error.busy").to_string(),
            Refusal::Timeout => app.fill(
                lang,
                "serve.error.timeout",
                &[("seconds", &app.config.check_timeout.as_secs().to_string())],
            ),
            Refusal::NoFiles => app.word(lang, "serve.error.no_files").to_string(),
            Refusal::BadZip => app.word(lang, "serve.error.bad_zip").to_string(),
            Refusal::BadForm => app.word(lang, "serve.error.bad_form").to_string(),
            Refusal::UnknownSituation(id) => {
                app.fill(lang, "serve.error.situation", &[("situation", id)])
            }
            Refusal::NotFound => app.word(lang, "serve.error.not_found").to_string(),
            Refusal::Internal => app.word(lang, "serve.error.internal").to_string(),
        }
    }

    /// The answer: the error page, or `{"error": {"status", "code", "message"}}` on the
    /// API. A busy server says when to come back.
    pub fn respond(&self, app: &App, lang: Lang, api: bool) -> Response {
        let status = self.status();
        let message = self.message(app, lang);
        let mut response = if api {
            let body = serde_json::json!({
                "error": { "status": status.as_u16(), "code": self.code(), "message": message }
            });
            (status, Json(body)).into_response()
        } else {
            (status, pages::error(app, lang, &message)).into_response()
        };
        if *self == Refusal::Busy {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        }
        if matches!(self, Refusal::TooLarge | Refusal::Slow) {
            // The rest of the body is not read: the connection cannot be reused.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}
