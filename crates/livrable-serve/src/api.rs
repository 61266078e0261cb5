//! The JSON routes besides the check: situations, a code's explanation, the OpenAPI
//! document, health.

use std::sync::Arc;

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::app::App;
use crate::lang::Lang;
use crate::pages::{checked_on, LangQuery};
use crate::refusal::Refusal;

/// The API's OpenAPI 3.1 document, written by hand beside the routes it describes (a test
/// checks that it names every route).
const OPENAPI: &str = include_str!("assets/openapi.json");

fn lang_of(query: &LangQuery, request: &Request) -> Lang {
    Lang::negotiate(query.lang.as_deref(), request.headers())
}

/// `GET /api/v1/situations`: the document of `livrable situations --format json` (each
/// situation with its competences, the deliverables it expects, and its criteria, each
/// `automated` or with the reason why not).
pub async fn situations(
    State(app): State<Arc<App>>,
    Query(query): Query<LangQuery>,
    request: Request,
) -> Response {
    let lang = lang_of(&query, &request);
    match livrable_rules::situations_doc::situations_doc(&app.pack, None, lang.code()) {
        Some(doc) => Json(doc).into_response(),
        None => Refusal::Internal.respond(&app, lang, true),
    }
}

/// `GET /api/v1/codes/{code}`: a code's words, and the text of `livrable explain`.
pub async fn code(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    Query(query): Query<LangQuery>,
    request: Request,
) -> Response {
    let lang = lang_of(&query, &request);
    let l = lang.code();
    let Some(def) = app.pack.codes.get(&code) else {
        return Refusal::NotFound.respond(&app, lang, true);
    };
    Json(json!({
        "code": code,
        "severity": def.severity.as_str(),
        "message": def.message.render(l, &[]),
        "help": def.help.render(l, &[]),
        "explain": def.explain.render(l, &[]),
        "checked_on": checked_on(&app, &code, lang),
        "text": livrable_rules::docs::explain(&app.pack, &code, l),
    }))
    .into_response()
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

/// `GET /healthz`: 200 while a check request would be taken, 503 when the pipeline is full.
pub async fn healthz(State(app): State<Arc<App>>) -> Response {
    if app.waiting.available_permits() > 0 {
        (StatusCode::OK, Json(json!({ "status": "ok" }))).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "busy" })),
        )
            .into_response()
    }
}
