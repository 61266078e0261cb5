//! The application: its shared state, the routes, and the layers every answer goes
//! through (body limit and timeout, compression, security headers, refusal pages).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use livrable_rules::Pack;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::lang::Lang;
use crate::refusal::Refusal;
use crate::{api, check, pages, Config};

/// What every handler shares: the pack, its words in both languages, the limits and the
/// gates that bound concurrent work.
pub struct App {
    pub pack: Pack,
    pub words_fr: BTreeMap<String, String>,
    pub words_en: BTreeMap<String, String>,
    pub config: Config,
    /// Requests in the check pipeline (reading, waiting or checking); a request that finds
    /// none free gets 503 at once.
    pub waiting: Semaphore,
    /// Bodies being read and held in memory.
    pub uploads: Semaphore,
    /// Checks running (each on a blocking thread).
    pub checks: Arc<Semaphore>,
}

impl App {
    pub fn words(&self, lang: Lang) -> &BTreeMap<String, String> {
        match lang {
            Lang::Fr => &self.words_fr,
            Lang::En => &self.words_en,
        }
    }

    /// The word of `key` in `lang`, or the key itself (a gap shows rather than hides).
    pub fn word<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        self.words(lang).get(key).map_or(key, String::as_str)
    }

    /// A byte count in `lang`'s units (`100 Mio`, `100 MiB`): the symbols and the decimal
    /// separator are the pack's (`serve.units.bytes`, `serve.units.decimal`).
    pub fn bytes(&self, lang: Lang, bytes: u64) -> String {
        let symbols: Vec<&str> = self.word(lang, "serve.units.bytes").split(' ').collect();
        match <[&str; 5]>::try_from(symbols) {
            Ok(symbols) => livrable_ingest::limits::bytes_in(
                bytes,
                &symbols,
                self.word(lang, "serve.units.decimal"),
            ),
            Err(_) => livrable_ingest::limits::human_bytes(bytes),
        }
    }

    /// The sentence of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.word(lang, key).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// The Content-Security-Policy of every answer: the page's own style sheet and script,
/// nothing inline, nothing from elsewhere, forms posted only here, no framing.
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
                   form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The router with its state and layers.
pub fn router(pack: Pack, config: Config) -> Router {
    let app = Arc::new(App {
        words_fr: pack.interface_words("fr"),
        words_en: pack.interface_words("en"),
        pack,
        waiting: Semaphore::new(config.max_checks + config.max_waiting),
        uploads: Semaphore::new(config.max_uploads.max(1)),
        checks: Arc::new(Semaphore::new(config.max_checks.max(1))),
        config,
    });
    let body_limit = usize::try_from(app.config.body_limit()).unwrap_or(usize::MAX);
    let header = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::overriding(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    Router::new()
        .route("/", get(pages::upload))
        .route("/check", post(check::page))
        .route("/codes/{*code}", get(pages::code))
        .route("/static/livrable.css", get(pages::style_sheet))
        .route("/static/upload.js", get(pages::script))
        .route("/api/v1/check", post(check::api))
        .route("/api/v1/situations", get(api::situations))
        .route("/api/v1/codes/{*code}", get(api::code))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/healthz", get(api::healthz))
        .fallback(not_found)
        // The body limit is tower-http's; axum's own 2 MB default for forms is lifted.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(RequestBodyTimeoutLayer::new(app.config.body_idle_timeout))
        .layer(middleware::from_fn_with_state(app.clone(), refusal_pages))
        .layer(CompressionLayer::new())
        .layer(header("content-security-policy", CSP))
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("referrer-policy", "no-referrer"))
        .layer(header("x-frame-options", "DENY"))
        .layer(header("cross-origin-opener-policy", "same-origin"))
        .with_state(app)
}

/// Turns the plain-text 413 of tower-http's body limit (sent before the body is read, from
/// `Content-Length`) into the page or JSON error the user reads.
async fn refusal_pages(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let lang = Lang::negotiate(query_lang(request.uri().query()), request.headers());
    let response = next.run(request).await;
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && plain {
        return Refusal::TooLarge.respond(&app, lang, api);
    }
    response
}

/// The `lang` parameter of a query string, if any.
pub fn query_lang(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
}

async fn not_found(State(app): State<Arc<App>>, request: Request) -> impl IntoResponse {
    let lang = Lang::negotiate(query_lang(request.uri().query()), request.headers());
    let api = request.uri().path().starts_with("/api/");
    Refusal::NotFound.respond(&app, lang, api)
}
