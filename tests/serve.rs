//! `livrable serve` over HTTP: the real binary on `127.0.0.1:0`, a real client (reqwest).
//!
//! The API answers exactly the CLI's JSON; a zip, a multipart of files and one file each
//! work; every limit is a clear refusal (413, 408, 503) and the server keeps serving after
//! hostile input; 20 concurrent checks all succeed with bounded memory; nothing from a
//! submission reaches a page unescaped.

mod support;

use std::io::{Cursor, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use support::{cli_json, root, sample_dir, sample_files, Server};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The sample as a browser sends a chosen folder: each file named by its path from the
/// folder, the folder first.
fn folder_form(files: &[(String, Vec<u8>)], folder: &str) -> Form {
    files.iter().fold(Form::new(), |form, (name, bytes)| {
        form.part(
            "files",
            Part::bytes(bytes.clone()).file_name(format!("{folder}/{name}")),
        )
    })
}

fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

async fn json_of(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn codes(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_submission_gives_the_same_json_as_the_cli() {
    let server = Server::start(&[]);
    let client = Client::new();
    let files = sample_files();

    // A folder chosen in the form: the CLI run on that folder.
    let api = client
        .post(server.url("/api/v1/check"))
        .multipart(folder_form(&files, "soumission-exemple"))
        .send()
        .await
        .unwrap();
    let api = json_of(api).await;
    let cli = cli_json(&root().join("fixtures"), "soumission-exemple", &[]);
    assert_eq!(api, cli);
    assert!(!codes(&api).is_empty(), "the sample has findings");

    // A zip as the body: the CLI run on that zip (the server names a zip body
    // `soumission.zip`).
    let zip = zip_of(&files);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("soumission.zip"), &zip).unwrap();
    let api = client
        .post(server.url("/api/v1/check?lang=en"))
        .header("content-type", "application/zip")
        .body(zip)
        .send()
        .await
        .unwrap();
    let api = json_of(api).await;
    let cli = cli_json(dir.path(), "soumission.zip", &["--lang", "en"]);
    assert_eq!(api, cli);

    // A situation asked for, as a form field.
    let form = folder_form(&files, "soumission-exemple").text("situation", "C2.1");
    let api = client
        .post(server.url("/api/v1/check"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let api = json_of(api).await;
    let cli = cli_json(
        &root().join("fixtures"),
        "soumission-exemple",
        &["--situation", "C2.1"],
    );
    assert_eq!(api, cli);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zip_in_a_form_loose_files_and_one_file_each_work() {
    let server = Server::start(&[]);
    let client = Client::new();
    let files = sample_files();

    let form = Form::new().part(
        "files",
        Part::bytes(zip_of(&files)).file_name("dossier.zip"),
    );
    let report = json_of(
        client
            .post(server.url("/api/v1/check"))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(report["submission"], "dossier.zip");
    assert_eq!(report["summary"]["files"], files.len());

    // Files chosen one by one (no folder): named by themselves.
    let form = files.iter().fold(Form::new(), |form, (name, bytes)| {
        form.part("files", Part::bytes(bytes.clone()).file_name(name.clone()))
    });
    let report = json_of(
        client
            .post(server.url("/api/v1/check"))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(report["submission"], "fichiers déposés");
    let names: Vec<&str> = report["deliverables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Dupont_Marie_2_article_blog.md"),
        "{names:?}"
    );

    // One file.
    let (name, bytes) = files
        .iter()
        .find(|(n, _)| n.ends_with("article_blog.md"))
        .unwrap();
    let form = Form::new().part("files", Part::bytes(bytes.clone()).file_name(name.clone()));
    let report = json_of(
        client
            .post(server.url("/api/v1/check"))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(report["submission"], name.as_str());
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["deliverables"][0]["kind"], "blog-article");
    let cli = cli_json(&sample_dir(), name, &[]);
    assert_eq!(report, cli);
}

/// The `data:` links of a page that save a file under a name ending in `suffix`: (name,
/// bytes).
fn page_downloads(page: &str, suffix: &str) -> Vec<(String, Vec<u8>)> {
    use base64::Engine as _;
    let mut out = Vec::new();
    for link in page.split("<a href=\"data:").skip(1) {
        let (href, rest) = link.split_once('"').unwrap();
        let name = rest
            .strip_prefix(" download=\"")
            .and_then(|r| r.split_once('"'))
            .map(|(n, _)| n.replace("&amp;", "&"))
            .unwrap();
        if name.ends_with(suffix) {
            let data = href.split_once("base64,").unwrap().1;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .unwrap();
            out.push((name, bytes));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_page_offers_the_annotated_copies_the_cli_writes() {
    let server = Server::start(&[]);
    let dir = root().join("fixtures/candidat-word/c1-6-fautes");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    let page = Client::new()
        .post(server.url("/check"))
        .multipart(folder_form(&files, "c1-6-fautes"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Vos fichiers annotés"), "{page}");
    let copies: Vec<(String, Vec<u8>)> = [".docx", ".xlsx"]
        .iter()
        .flat_map(|ext| page_downloads(&page, ext))
        .collect();
    assert!(
        copies
            .iter()
            .any(|(n, _)| n == "Laurent_Camille_plan_de_communication (relu).docx"),
        "{:?}",
        copies.iter().map(|c| &c.0).collect::<Vec<_>>()
    );

    // The same bytes as the copies of `livrable check --annotate`.
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_livrable"))
        .current_dir(root().join("fixtures/candidat-word"))
        .args(["check", "c1-6-fautes", "--annotate"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(status.status.code().is_some_and(|c| c < 2), "{status:?}");
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "rapport.html")
        .collect();
    written.sort();
    let mut offered: Vec<String> = copies.iter().map(|c| c.0.clone()).collect();
    offered.sort();
    assert_eq!(offered, written);
    for (name, bytes) in &copies {
        let cli = std::fs::read(out.path().join(name)).unwrap();
        assert!(
            cli == *bytes,
            "{name}: the page's copy differs from the CLI's"
        );
    }
    // The Word copy carries the comments.
    let (_, docx) = copies.iter().find(|c| c.0.ends_with(".docx")).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(docx.clone())).unwrap();
    let mut comments = String::new();
    archive
        .by_name("word/comments.xml")
        .unwrap()
        .read_to_string(&mut comments)
        .unwrap();
    assert!(comments.contains("livrable"), "{comments}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_gets_413_as_a_page_and_as_json() {
    let server = Server::start(&["--max-total-size", "100000"]);
    let client = Client::new();
    let big = vec![b'a'; 2_000_000];

    // Declared by Content-Length: refused before it is read.
    let response = client
        .post(server.url("/api/v1/check"))
        .header("content-type", "application/zip")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "too-large");
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .contains("trop volumineux"));

    // Streamed without a length: refused once the limit is crossed.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        big.chunks(65_536).map(|c| Ok(c.to_vec())).collect();
    let stream = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let form = Form::new().part("files", Part::stream(stream).file_name("gros.md"));
    let response = client
        .post(server.url("/check?lang=en"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let page = response.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    assert!(page.contains("The upload is too large"), "{page}");
    // The limit in English units (the French page says « 97,7 Kio »).
    assert!(page.contains("at most 97.7 KiB at once"), "{page}");

    // And the server still serves.
    let ok = client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
}

/// A zip with an entry that climbs out of the root, one with an absolute name, a 1 GiB
/// bomb (zeros deflated as they stream: about 1 MiB), and one good file.
fn hostile_zip() -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    writer.start_file("../../etc/evil.md", options).unwrap();
    writer.write_all(b"# evil").unwrap();
    writer.start_file("/abs/evil.md", options).unwrap();
    writer.write_all(b"# evil").unwrap();
    writer.start_file("bombe.csv", options).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..1024 {
        writer.write_all(&chunk).unwrap();
    }
    writer.start_file("article-blog.md", options).unwrap();
    writer
        .write_all(b"# Un titre\n\nUn article de blog court.\n")
        .unwrap();
    writer.finish().unwrap().into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_zip_gets_its_ingest_findings_and_the_server_keeps_serving() {
    let mut server = Server::start(&[]);
    let client = Client::new();
    let zip = hostile_zip();
    assert!(zip.len() < 4 << 20, "the bomb is small: {}", zip.len());
    let report = json_of(
        client
            .post(server.url("/api/v1/check"))
            .header("content-type", "application/zip")
            .body(zip)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let findings = report["findings"].as_array().unwrap();
    let of = |file: &str| {
        findings
            .iter()
            .filter(|f| f["file"] == file)
            .map(|f| f["code"].as_str().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("../../etc/evil.md"), ["ingest/unsafe-path"]);
    assert_eq!(of("/abs/evil.md"), ["ingest/unsafe-path"]);
    assert_eq!(of("bombe.csv"), ["ingest/too-large"]);
    assert_eq!(report["deliverables"][0]["file"], "article-blog.md");
    // The bomb was never expanded.
    assert!(server.peak_memory() < 600 << 20, "{}", server.peak_memory());

    assert!(server.alive());
    let ok = client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let again = client
        .post(server.url("/api/v1/check"))
        .multipart(folder_form(&sample_files(), "s"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_checks_all_succeed_with_bounded_memory() {
    let server = Server::start(&[]);
    let client = Client::new();
    let files = sample_files();
    let check = || {
        let request = client
            .post(server.url("/api/v1/check"))
            .multipart(folder_form(&files, "soumission-exemple"));
        async move { json_of(request.send().await.unwrap()).await }
    };
    // Two at once first: the peak of checks running side by side.
    let first = futures_util::future::join_all((0..2).map(|_| check())).await;
    let two = server.peak_memory();
    let all = futures_util::future::join_all((0..20).map(|_| check())).await;
    let twenty = server.peak_memory();
    assert_eq!(all.len(), 20);
    for report in &all {
        assert_eq!(report, &first[0], "every check gives the same report");
    }
    // Checks beyond the cores wait their turn: the peak does not grow with the clients.
    assert!(
        twenty < two + (64 << 20),
        "peak memory grew from {} MiB to {} MiB",
        two >> 20,
        twenty >> 20
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_read_only_routes_answer_json() {
    let server = Server::start(&[]);
    let client = Client::new();

    let situations: Value = json_of(
        client
            .get(server.url("/api/v1/situations"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let situations = situations["situations"].as_array().unwrap();
    assert_eq!(situations.len(), 15);
    let criteria: Vec<&Value> = situations
        .iter()
        .flat_map(|s| s["criteria"].as_array().unwrap())
        .collect();
    assert_eq!(criteria.len(), 59);
    assert!(criteria.iter().any(|c| c["automated"] == true));
    for c in criteria.iter().filter(|c| c["automated"] == false) {
        assert!(c["reason"].as_str().is_some_and(|r| !r.is_empty()), "{c}");
    }
    // The same document as the command line's.
    for (query, lang) in [("", "fr"), ("?lang=en", "en")] {
        let api: Value = json_of(
            client
                .get(server.url(&format!("/api/v1/situations{query}")))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_livrable"))
            .args(["situations", "--format", "json", "--lang", lang])
            .output()
            .unwrap();
        assert!(out.status.success());
        let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(api, cli, "situations in {lang}");
    }

    let code: Value = json_of(
        client
            .get(server.url("/api/v1/codes/heading-structure/skipped-level?lang=en"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code["code"], "heading-structure/skipped-level");
    assert_eq!(code["severity"], "error");
    assert!(code["text"].as_str().unwrap().contains("Why it matters"));
    let unknown = client
        .get(server.url("/api/v1/codes/pas/un-code"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(unknown["error"]["code"], "not-found");

    let openapi: Value = json_of(
        client
            .get(server.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(openapi["openapi"], "3.1.0");
    for path in [
        "/api/v1/check",
        "/api/v1/situations",
        "/api/v1/codes/{code}",
        "/api/v1/openapi.json",
        "/healthz",
    ] {
        assert!(openapi["paths"].get(path).is_some(), "{path} undocumented");
    }
    let health: Value = json_of(client.get(server.url("/healthz")).send().await.unwrap()).await;
    assert_eq!(health["status"], "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_french_by_default_and_english_on_request() {
    let server = Server::start(&[]);
    let client = Client::new();
    let page = |url: String, accept: Option<&'static str>| {
        let mut request = client.get(url);
        if let Some(a) = accept {
            request = request.header("accept-language", a);
        }
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let fr = page(server.url("/"), None).await;
    assert!(fr.contains("<html lang=\"fr\">") && fr.contains("Vérifier ses livrables"));
    let en = page(server.url("/?lang=en"), None).await;
    assert!(en.contains("<html lang=\"en\">") && en.contains("Check your deliverables"));
    assert!(
        en.contains("iB in all") && !en.contains("io in all"),
        "{en}"
    );
    assert!(fr.contains("io en tout"), "{fr}");
    let en = page(server.url("/"), Some("en-GB,en;q=0.9,fr;q=0.5")).await;
    assert!(en.contains("Check your deliverables"));
    let fr = page(server.url("/?lang=fr"), Some("en")).await;
    assert!(fr.contains("Vérifier ses livrables"));
    let code = page(server.url("/codes/image-alt/missing"), None).await;
    assert!(
        code.contains("<h1>Le constat image-alt/missing</h1>"),
        "{code}"
    );
    assert!(code.contains("Pourquoi c'est important"), "{code}");
    let missing = client.get(server.url("/nulle-part")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing
        .text()
        .await
        .unwrap()
        .contains("Cette page n'existe pas"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_page_escapes_the_submission_and_sends_strict_headers() {
    let server = Server::start(&[]);
    let client = Client::new();
    let hostile = "<script>alert(1)</script>";
    let form = Form::new()
        .part(
            "files",
            Part::bytes(
                format!("# Titre {hostile}\n\n![{hostile}](x.png)\n\n#### {hostile}\n").into_bytes(),
            )
            .file_name(format!("dossier/article-blog-{hostile}.md")),
        )
        .part(
            "files",
            Part::bytes(
                format!("<html><head><title>{hostile}</title></head><body><h1>x</h1><img src=\"a.png\"><script>alert(2)</script></body></html>").into_bytes(),
            )
            .file_name(format!("dossier/newsletter-{hostile}.html")),
        )
        .text("lang", "fr");
    let response = client
        .post(server.url("/check"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers.get("set-cookie").is_none());
    let page = response.text().await.unwrap();
    assert!(
        !page.contains("<script"),
        "the report page has no script at all"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.contains("article-blog-&lt;script&gt;"),
        "names are shown, escaped"
    );
    // Every downloadable copy is in the page itself: nothing is kept on the server.
    assert_eq!(page.matches("href=\"data:").count(), 4);
    assert!(!page.contains("href=\"http"), "no link leaves the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_a_page_that_says_what_to_do() {
    let server = Server::start(&[]);
    let client = Client::new();
    let post_form = |path: &str, form: Form| client.post(server.url(path)).multipart(form).send();

    let unknown = post_form(
        "/check",
        folder_form(&sample_files(), "s").text("situation", "C9.9"),
    )
    .await
    .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert!(unknown.text().await.unwrap().contains("C9.9"));

    let empty = post_form(
        "/check",
        Form::new().part("files", Part::bytes(Vec::new()).file_name("")),
    )
    .await
    .unwrap();
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    assert!(empty.text().await.unwrap().contains("Aucun fichier"));

    let bad_zip = client
        .post(server.url("/api/v1/check"))
        .header("content-type", "application/zip")
        .body("PK pas une archive")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_zip.status(), StatusCode::BAD_REQUEST);
    let error: Value = bad_zip.json().await.unwrap();
    assert_eq!(error["error"]["code"], "bad-zip");
}

/// Opens a check request by hand and sends part of its body, then stops.
fn stalled_upload(server: &Server) -> TcpStream {
    let address = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /api/v1/check HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/zip\r\nContent-Length: 1000\r\n\r\nPK"
    )
    .unwrap();
    stream.flush().unwrap();
    stream
}

fn read_status(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_server_answers_503_and_a_slow_client_408() {
    let server = Server::start(&[
        "--max-checks",
        "1",
        "--max-waiting",
        "0",
        "--read-timeout",
        "2",
    ]);
    let client = Client::new();
    // One slow upload takes the only place.
    let mut slow = stalled_upload(&server);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let busy = client
        .post(server.url("/check"))
        .multipart(folder_form(&sample_files(), "s"))
        .send()
        .await
        .unwrap();
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(busy.headers()["retry-after"], "60");
    let page = busy.text().await.unwrap();
    assert!(page.contains("<html lang=\"fr\">") && page.contains("Réessayez dans une minute"));
    let health = client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);

    // The slow client is cut off after its silence, with a 408 it can read.
    let answer = tokio::task::spawn_blocking(move || read_status(&mut slow))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("too-slow"), "{answer}");

    // Its place is free again.
    let ok = client
        .post(server.url("/api/v1/check"))
        .multipart(folder_form(&sample_files(), "s"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let server = Server::start(&["--read-timeout", "1"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(&address).unwrap();
        write!(stream, "GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
        let started = std::time::Instant::now();
        let answer = read_status(&mut stream);
        (answer, started.elapsed())
    })
    .await
    .unwrap();
    assert!(
        answer.1 < Duration::from_secs(10),
        "closed after {:?}",
        answer.1
    );
    assert!(!answer.0.contains("200 OK"), "{}", answer.0);
}
