//! `livrable serve`: the checker as a web page for candidates, mentors and evaluators, and
//! an HTTP API for a learning platform (axum on tokio).
//!
//! | method and path | what |
//! |---|---|
//! | `GET /` | the upload page (French; `?lang=en`) |
//! | `POST /check` | the form's target (multipart `files`, `situation`, `lang`): the report page |
//! | `GET /codes/{code}` | a finding code's explanation, as a page (the report links there) |
//! | `POST /api/v1/check` | multipart `files` (or a zip as the body), `situation`, `lang`: the JSON of `--format json` |
//! | `GET /api/v1/situations` | the evaluation situations and their criteria |
//! | `GET /api/v1/codes/{code}` | a code's explanation |
//! | `GET /api/v1/openapi.json` | the API's OpenAPI document |
//! | `GET /healthz` | 200 when the server can take a check |
//!
//! What it promises:
//! - a submission is read into memory, checked by the engine the CLI uses
//!   (`livrable_rules::check`), rendered, and dropped: nothing is written to disk, stored or
//!   logged (the server logs nothing about requests);
//! - every wait is bounded ([`Config`]): headers and bodies are read under timeouts, a body
//!   is refused past the CLI's total size, at most [`Config::max_checks`] checks run at once
//!   and at most [`Config::max_waiting`] requests wait for one, a check has a time limit;
//!   each refusal is a page in the user's language (or a JSON error on the API);
//! - every page is served with a strict Content-Security-Policy (no inline script or style,
//!   nothing from elsewhere), `nosniff`, no cookies; everything from a submission is escaped.
//!
//! It judges nothing: verdicts come from the engine, words from the rule pack
//! (`interface.toml`), HTML of the report from `livrable_report::page`.

mod api;
mod app;
mod check;
pub mod copies;
mod lang;
mod pages;
mod refusal;
mod upload;

use std::net::SocketAddr;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use livrable_ingest::Limits;
use livrable_rules::Pack;
use tokio::net::TcpListener;

pub use app::router;

/// How the server runs. [`Config::default`] gives the values of `livrable serve` without
/// options.
#[derive(Debug, Clone)]
pub struct Config {
    /// The CLI's limits: they also bound the request body ([`Config::body_limit`]).
    pub limits: Limits,
    /// Checks that run at once (default: the machine's cores).
    pub max_checks: usize,
    /// Requests that may wait for a check; one more gets 503 at once.
    pub max_waiting: usize,
    /// Request bodies read at once, whole in memory: memory for uploads stays under this
    /// many times [`Config::body_limit`] (default: twice `max_checks`).
    pub max_uploads: usize,
    /// Longest time a check may take (then 503); also the longest wait for a free slot.
    pub check_timeout: Duration,
    /// Longest time to receive a request's headers (then the connection is closed).
    pub header_timeout: Duration,
    /// Longest silence while a body is received (then 408).
    pub body_idle_timeout: Duration,
    /// Longest time to receive a whole body (then 408).
    pub body_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Config {
            limits: Limits::default(),
            max_checks: cores,
            max_waiting: 64,
            max_uploads: 2 * cores,
            check_timeout: Duration::from_secs(120),
            header_timeout: Duration::from_secs(30),
            body_idle_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(600),
        }
    }
}

/// Room for the multipart framing (boundaries, part headers) above the files' own bytes.
const FRAMING_BYTES: u64 = 1 << 20;

impl Config {
    /// The largest request body taken: the submission's total size limit and room for the
    /// form's framing.
    pub fn body_limit(&self) -> u64 {
        self.limits.max_total_bytes.saturating_add(FRAMING_BYTES)
    }
}

/// Serves on `listener` until the task is dropped. Each connection gets hyper's header
/// timeout (axum's own `serve` has none), then the router.
pub async fn serve(listener: TcpListener, pack: Pack, config: Config) -> std::io::Result<()> {
    let header_timeout = config.header_timeout;
    let app = router(pack, config);
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of file descriptors or a connection reset before it was accepted:
                // wait a little rather than spin, and go on serving.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            // A connection that fails (reset, timeout, malformed request) concerns that
            // client only.
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await;
        });
    }
}

/// `livrable serve`: binds `addr`, says where to open the page, and serves until Ctrl-C.
pub fn run(pack: Pack, config: Config, addr: SocketAddr) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        // Dictionaries and patterns are prepared now rather than on the first upload.
        livrable_checks::warm_up();
        eprintln!("livrable : ouvrez http://{local}/ dans un navigateur (Ctrl-C pour arrêter)");
        tokio::select! {
            served = serve(listener, pack, config) => served.map_err(|e| e.to_string()),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}
