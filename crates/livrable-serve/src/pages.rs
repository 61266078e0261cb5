//! The server's own pages (maud templates, compiled in): the upload page, a code's
//! explanation, the refusal page; and the style sheet and script they load from here (the
//! CSP allows nothing inline).
//!
//! The upload page works without script: a `<select>` for the situation, a multiple file
//! input (files or a zip), a folder input, a submit button. `upload.js` adds drag and drop
//! of a folder, files or a zip onto the form, and says that the check is running.

use std::sync::Arc;

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;

use crate::app::App;
use crate::lang::Lang;

/// The extra style of the server's pages, after the report page's.
const SERVE_CSS: &str = include_str!("assets/serve.css");
/// The upload page's script: drag and drop, and the "checking…" message.
const UPLOAD_JS: &str = include_str!("assets/upload.js");

#[derive(Debug, Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

fn lang_of(query: &LangQuery, request: &Request) -> Lang {
    Lang::negotiate(query.lang.as_deref(), request.headers())
}

/// The frame of every server page: language, title, style, skip link, the header with the
/// language switch (to `switch_path` in the other language), the main content.
fn layout(app: &App, lang: Lang, title: &str, switch_path: &str, content: Markup) -> Markup {
    let other = lang.other();
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="description" content=(app.word(lang, "serve.intro"));
                title { (title) " — livrable" }
                link rel="stylesheet" href="/static/livrable.css";
                script src="/static/upload.js" defer {}
            }
            body {
                a.skip href="#contenu" { (app.word(lang, "serve.skip")) }
                header.site {
                    p.brand { a href={ "/?lang=" (lang.code()) } { "livrable" } }
                    a href={ (switch_path) "?lang=" (other.code()) } lang=(other.code()) hreflang=(other.code()) {
                        span aria-hidden="true" { (app.word(lang, "serve.lang")) }
                        span.vh { (app.word(lang, "serve.lang.label")) }
                    }
                }
                main #contenu { (content) }
            }
        }
    }
}

/// A situation's label in the list: its id and its first competence's wording, short.
fn situation_label(app: &App, id: &str, competences: &[String]) -> String {
    let wording = competences
        .first()
        .and_then(|c| app.pack.referentiel.as_ref()?.competence(c))
        .map(|c| {
            c.wording
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .unwrap_or_default();
    let mut short: String = wording.chars().take(90).collect();
    if short.len() < wording.len() {
        short.push('…');
    }
    if short.is_empty() {
        id.to_string()
    } else {
        format!("{id} — {short}")
    }
}

/// `GET /`: the upload page.
pub async fn upload(
    State(app): State<Arc<App>>,
    Query(query): Query<LangQuery>,
    request: Request,
) -> Response {
    let lang = lang_of(&query, &request);
    let w = |key| app.word(lang, key);
    let situations: Vec<(String, String)> = app
        .pack
        .referentiel
        .iter()
        .flat_map(|r| &r.situations)
        .map(|s| (s.id.clone(), situation_label(&app, &s.id, &s.competences)))
        .collect();
    let limits = app.fill(
        lang,
        "serve.limits",
        &[
            ("total", &app.bytes(lang, app.config.limits.max_total_bytes)),
            ("file", &app.bytes(lang, app.config.limits.max_file_bytes)),
        ],
    );
    let content = html! {
        h1 { (w("serve.title")) }
        p { (w("serve.intro")) }
        p.note { (w("serve.privacy")) }
        form #upload method="post" action={ "/check?lang=" (lang.code()) } enctype="multipart/form-data" {
            input type="hidden" name="lang" value=(lang.code());
            div.field {
                label for="situation" { (w("serve.situation.label")) }
                p.hint #situation-hint { (w("serve.situation.hint")) }
                select #situation name="situation" aria-describedby="situation-hint" {
                    option value="" selected { (w("serve.situation.infer")) }
                    @for (id, label) in &situations {
                        option value=(id) { (label) }
                    }
                }
            }
            fieldset #drop {
                legend { (w("serve.form")) }
                div.field {
                    label for="files" { (w("serve.files.label")) }
                    p.hint #files-hint { (w("serve.files.hint")) }
                    input #files type="file" name="files" multiple aria-describedby="files-hint";
                }
                div.field {
                    label for="folder" { (w("serve.folder.label")) }
                    input #folder type="file" name="files" multiple webkitdirectory;
                }
                p.drop-hint hidden { (w("serve.drop")) }
                p #status role="status" data-ready=(w("serve.drop.ready")) data-working=(w("serve.working")) {}
            }
            p.hint { (limits) }
            button type="submit" { (w("serve.submit")) }
        }
        p.api {
            (w("serve.api")) " "
            a href="/api/v1/openapi.json" { code { "/api/v1/openapi.json" } }
            "."
        }
    };
    Html(layout(&app, lang, w("serve.title"), "/", content).into_string()).into_response()
}

/// The refusal page: what happened, what to do, the way back.
pub fn error(app: &App, lang: Lang, message: &str) -> Html<String> {
    let content = html! {
        h1 { (app.word(lang, "serve.error.title")) }
        p.refusal { (message) }
        p { a href={ "/?lang=" (lang.code()) } { (app.word(lang, "serve.error.again")) } }
    };
    Html(layout(app, lang, app.word(lang, "serve.error.title"), "/", content).into_string())
}

/// The message of a code with its placeholders shown as `…`: the explanation page speaks of
/// the finding in general, not of one occurrence.
fn general_message(app: &App, code: &str, lang: Lang) -> Option<String> {
    let def = app.pack.codes.get(code)?;
    let mut message = def.message.render(lang.code(), &[]);
    for name in app.pack.code_placeholders(code) {
        message = message.replace(&format!("{{{name}}}"), "…");
    }
    Some(message)
}

/// `GET /codes/{code}`: what a finding code means, why it matters, how to fix it.
pub async fn code(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    Query(query): Query<LangQuery>,
    request: Request,
) -> Response {
    let lang = lang_of(&query, &request);
    let Some(def) = app.pack.codes.get(&code) else {
        let message = app.fill(lang, "serve.code.unknown", &[("code", &code)]);
        return (StatusCode::NOT_FOUND, error(&app, lang, &message)).into_response();
    };
    let l = lang.code();
    let severity_key = format!("serve.severity.{}", def.severity.as_str());
    let severity = app.word(lang, &severity_key);
    let kinds = checked_on(&app, &code, lang);
    let title = app.fill(lang, "serve.code.title", &[("code", &code)]);
    let content = html! {
        h1 { (title) }
        p { (app.fill(lang, "serve.code.severity", &[("severity", severity)])) }
        h2 { (app.word(lang, "serve.code.message")) }
        p { (general_message(&app, &code, lang).unwrap_or_default()) }
        h2 { (app.word(lang, "serve.code.why")) }
        p { (def.explain.render(l, &[])) }
        h2 { (app.word(lang, "serve.code.fix")) }
        p { (def.help.render(l, &[])) }
        @if !kinds.is_empty() {
            p { (app.word(lang, "serve.code.checked_on")) }
            ul { @for k in &kinds { li { (k) } } }
        }
        p { a href={ "/?lang=" (l) } { (app.word(lang, "report.back")) } }
    };
    let path = format!("/codes/{code}");
    Html(layout(&app, lang, &title, &path, content).into_string()).into_response()
}

/// The deliverable kinds a code's check kind runs on, by their labels.
pub fn checked_on(app: &App, code: &str, lang: Lang) -> Vec<String> {
    let kind = code.split('/').next().unwrap_or_default();
    let mut labels: Vec<String> = app
        .pack
        .checks
        .iter()
        .filter(|c| c.kind == kind)
        .flat_map(|c| &c.applies_to)
        .map(|k| {
            app.pack
                .deliverable(k)
                .map_or(k.clone(), |d| d.label.render(lang.code(), &[]))
        })
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

fn asset(mime: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /static/livrable.css`: the report page's style sheet and the server pages' extras.
pub async fn style_sheet() -> Response {
    asset(
        "text/css; charset=utf-8",
        format!("{}\n{SERVE_CSS}", livrable_report::page::style_sheet()),
    )
}

/// `GET /static/upload.js`.
pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", UPLOAD_JS.to_string())
}
