//! The per-check time limit, on the router itself (the binary's `--check-timeout` counts
//! whole seconds; here a millisecond makes any check overrun).

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use livrable_rules::Pack;
use livrable_serve::{router, Config};
use tower::ServiceExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_over_its_time_limit_is_answered_503_and_its_slot_comes_back() {
    let config = Config {
        max_checks: 1,
        check_timeout: Duration::from_millis(1),
        ..Config::default()
    };
    let app = router(Pack::embedded().unwrap(), config);
    let article = "# Un titre\n\n".to_string() + &"Une phrase de l'article. ".repeat(2000);
    let request = || {
        Request::post("/api/v1/check?lang=en")
            .header("content-type", "multipart/form-data; boundary=B")
            .body(Body::from(format!(
                "--B\r\nContent-Disposition: form-data; name=\"files\"; filename=\"article-blog.md\"\r\n\r\n{article}\r\n--B--\r\n"
            )))
            .unwrap()
    };
    let response = app.clone().oneshot(request()).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["error"]["code"], "check-timeout");
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .contains("The check took more than"));

    // The overrunning check keeps the only slot until it ends, then frees it: a later
    // request gets a slot again (and times out in its turn, not as busy).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let response = app.oneshot(request()).await.unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["error"]["code"], "check-timeout");
}
