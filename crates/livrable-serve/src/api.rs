//! The JSON routes besides the check: situations, a code's explanation, the OpenAPI
//! document, health.

use std::sync::Arc;

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

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

/// `GET /api/v1/situations`: each evaluation situation with its competences, the
/// deliverables it expects, and its criteria; a criterion is `automated` when a check of
/// the pack gives evidence for it or one of its bullets, and otherwise says why not.
pub async fn situations(
    State(app): State<Arc<App>>,
    Query(query): Query<LangQuery>,
    request: Request,
) -> Response {
    let lang = lang_of(&query, &request);
    let Some(referentiel) = &app.pack.referentiel else {
        return Json(json!({ "situations": [] })).into_response();
    };
    let covered = |criterion: &str| {
        app.pack.checks.iter().any(|c| {
            c.criteria
                .iter()
                .any(|r| livrable_rules::checklist::criterion_of(r) == criterion)
        })
    };
    let situations: Vec<Value> = referentiel
        .situations
        .iter()
        .map(|s| {
            let criteria: Vec<Value> = referentiel
                .criteria_of(&s.id)
                .map(|c| {
                    let automated = covered(&c.id);
                    let mut entry = json!({
                        "id": c.id,
                        "title": c.title,
                        "automated": automated,
                        "bullets": c.bullets.iter().map(|b| json!({"id": b.id, "text": b.text})).collect::<Vec<_>>(),
                    });
                    if !automated {
                        entry["reason"] = json!(app.word(lang, "serve.situations.not_automated"));
                    }
                    entry
                })
                .collect();
            json!({
                "id": s.id,
                "block": s.block,
                "competences": s.competences,
                "expects": s.expects.iter().map(|e| json!({
                    "kind": e.kind,
                    "label": e.label.trim(),
                    "optional": e.optional,
                    "part_of": e.part_of,
                })).collect::<Vec<_>>(),
                "criteria": criteria,
            })
        })
        .collect();
    Json(json!({ "situations": situations })).into_response()
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
