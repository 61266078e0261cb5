//! The page in a real browser: Debian's Chromium driven through chromedriver (WebDriver,
//! fantoccini), both installed by `.ci/run`.
//!
//! Opens the upload page, uploads the sample submission through the form's file input,
//! waits for the report, checks the findings shown against the API's JSON and the
//! checklist tab, runs axe-core (vendored in `tests/vendor/axe-core`) on the upload page,
//! the report and its checklist tab, and keeps screenshots of each under
//! `target/tmp/e2e/` as test artefacts. Also opens the `rapport.html` that
//! `livrable check --annotate` writes, from the disk, with axe-core.

mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, TimeoutConfiguration};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use support::{sample_paths, Server};

const AXE: &str = include_str!("vendor/axe-core/axe.min.js");

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_tool(names: &[&str]) -> Option<PathBuf> {
    names
        .iter()
        .flat_map(|n| [PathBuf::from(format!("/usr/bin/{n}")), PathBuf::from(n)])
        .find(|p| p.is_absolute() && p.exists())
}

fn start_driver(chromedriver: &Path) -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

async fn browser(driver: &Driver, chromium: &Path, profile: &Path) -> Client {
    let mut caps = Capabilities::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session");
    client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(60)),
            Some(Duration::from_secs(60)),
            Some(Duration::ZERO),
        ))
        .await
        .unwrap();
    client
}

/// axe-core's violations on the page as it is now (WCAG 2.x A and AA, and best practices).
async fn axe_violations(client: &Client) -> Vec<Value> {
    client
        .execute(&format!("{AXE}\n;return true;"), vec![])
        .await
        .expect("axe-core loads");
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, {resultTypes: ['violations']})\
               .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html).slice(0, 3)})))))\
               .catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e)}])));",
            vec![],
        )
        .await
        .expect("axe-core runs");
    serde_json::from_str(result.as_str().unwrap_or("[]")).unwrap()
}

/// A screenshot of the whole page, kept under `target/tmp/e2e/`.
async fn screenshot(client: &Client, name: &str) -> PathBuf {
    let height = client
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(1000)
        .clamp(600, 12_000);
    client.set_window_size(1280, height as u32).await.unwrap();
    let png = client.screenshot().await.unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap();
    client.set_window_size(1280, 1000).await.unwrap();
    path
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The API's report for the sample uploaded as loose files, as the form sends them here.
async fn api_report(server: &Server) -> Value {
    let form = sample_paths()
        .iter()
        .fold(reqwest::multipart::Form::new(), |form, p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            form.part(
                "files",
                reqwest::multipart::Part::bytes(std::fs::read(p).unwrap()).file_name(name),
            )
        });
    reqwest::Client::new()
        .post(server.url("/api/v1/check"))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_uploads_the_sample_and_reads_the_report_in_chromium() {
    let (Some(chromium), Some(chromedriver)) = (
        find_tool(&["chromium", "chromium-browser"]),
        find_tool(&["chromedriver"]),
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium and chromium-driver (.ci/run does)"
        );
        eprintln!("skipped: chromium or chromedriver is missing (apt-get install chromium chromium-driver)");
        return;
    };
    let server = Server::start(&[]);
    let expected = api_report(&server).await;
    let driver = start_driver(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, &chromium, profile.path()).await;

    // The upload page.
    client.goto(&server.url("/?lang=fr")).await.unwrap();
    assert_eq!(text_of(&client, "h1").await, "Vérifier ses livrables");
    let violations = axe_violations(&client).await;
    assert!(
        violations.is_empty(),
        "axe-core on the upload page: {violations:#?}"
    );
    screenshot(&client, "upload.png").await;

    // The script runs under the CSP: a drop of two files fills the file input.
    let dropped = client
        .execute(
            "const t = new DataTransfer();\
             t.items.add(new File(['# a'], 'a.md')); t.items.add(new File(['# b'], 'b.md'));\
             const form = document.getElementById('upload');\
             form.dispatchEvent(new DragEvent('drop', {dataTransfer: t, bubbles: true, cancelable: true}));\
             return new Promise(r => setTimeout(() => r([document.getElementById('files').files.length, document.getElementById('status').textContent]), 300));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(dropped[0], 2, "{dropped}");
    assert!(
        dropped[1].as_str().unwrap().starts_with("2 fichier"),
        "{dropped}"
    );

    // The sample, chosen in the plain file input (what works without script), then sent.
    client.goto(&server.url("/?lang=fr")).await.unwrap();
    let paths: Vec<String> = sample_paths()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let input = client.find(Locator::Css("#files")).await.unwrap();
    input.send_keys(&paths.join("\n")).await.unwrap();
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("#constats"))
        .await
        .expect("the report page");
    assert_eq!(text_of(&client, "h1").await, "Rapport de vérification");

    // The findings shown are the API's, each with its message and help.
    let shown = client
        .find_all(Locator::Css("article.finding"))
        .await
        .unwrap();
    let findings = expected["findings"].as_array().unwrap();
    assert_eq!(shown.len(), findings.len());
    let body = text_of(&client, "#constats").await;
    for f in findings {
        let message = f["message"].as_str().unwrap();
        assert!(body.contains(message), "{message} is not shown");
    }
    let summary = text_of(&client, "p.total").await;
    assert!(
        summary.starts_with(&format!("{} erreur", expected["summary"]["errors"])),
        "{summary}"
    );
    let violations = axe_violations(&client).await;
    assert!(
        violations.is_empty(),
        "axe-core on the report: {violations:#?}"
    );
    screenshot(&client, "report.png").await;

    // The checklist tab, by the keyboard's way: its link.
    client
        .find(Locator::Css(".tabs a[href='#grille']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let grille = client.find(Locator::Css("#grille")).await.unwrap();
    assert!(grille.is_displayed().await.unwrap());
    let constats = client.find(Locator::Css("#constats")).await.unwrap();
    assert!(!constats.is_displayed().await.unwrap(), "one tab at a time");
    let checklist = grille.text().await.unwrap();
    for entry in expected["checklist"].as_array().unwrap() {
        let id = entry["criterion"].as_str().unwrap();
        assert!(
            checklist.contains(id),
            "{id} missing from the checklist tab"
        );
    }
    let violations = axe_violations(&client).await;
    assert!(
        violations.is_empty(),
        "axe-core on the checklist tab: {violations:#?}"
    );
    screenshot(&client, "checklist.png").await;

    // The downloads hold the report itself.
    let json_link = client
        .find(Locator::Css("#telechargements a[download$='.json']"))
        .await
        .unwrap();
    let href = json_link.attr("href").await.unwrap().unwrap();
    assert!(href.starts_with("data:application/json;charset=utf-8;base64,"));
    client.close().await.unwrap();
}

/// `rapport.html`, written by `livrable check --annotate`, opened from the disk: it stands
/// alone, passes axe-core, and its copies' links lead to the copies beside it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_annotated_copies_report_opens_from_the_disk_in_chromium() {
    let (Some(chromium), Some(chromedriver)) = (
        find_tool(&["chromium", "chromium-browser"]),
        find_tool(&["chromedriver"]),
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium and chromium-driver (.ci/run does)"
        );
        eprintln!("skipped: chromium or chromedriver is missing (apt-get install chromium chromium-driver)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("soumission");
    std::fs::create_dir_all(&sub).unwrap();
    for path in sample_paths() {
        std::fs::copy(&path, sub.join(path.file_name().unwrap())).unwrap();
    }
    let word = support::root().join("fixtures/candidat-word/c1-6-fautes");
    for name in [
        "Laurent_Camille_plan_de_communication.docx",
        "Laurent_Camille_budget_previsionnel.xlsx",
    ] {
        std::fs::copy(word.join(name), sub.join(name)).unwrap();
    }
    let out = dir.path().join("relu");
    let status = Command::new(env!("CARGO_BIN_EXE_livrable"))
        .arg("check")
        .arg(&sub)
        .arg("--annotate")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{status}");
    let page = format!("file://{}", out.join("rapport.html").display());

    let driver = start_driver(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, &chromium, profile.path()).await;
    client.goto(&page).await.unwrap();
    assert_eq!(text_of(&client, "h1").await, "Rapport de vérification");
    let violations = axe_violations(&client).await;
    assert!(
        violations.is_empty(),
        "axe-core on rapport.html: {violations:#?}"
    );
    screenshot(&client, "rapport-annote.png").await;
    client
        .goto(&format!("{page}#telechargements"))
        .await
        .unwrap();
    let violations = axe_violations(&client).await;
    assert!(
        violations.is_empty(),
        "axe-core on rapport.html's downloads: {violations:#?}"
    );
    // The browser resolves each copy's link to the file beside the page.
    let links = client
        .execute(
            "return [...document.querySelectorAll('#telechargements a[download]')]\
             .map(a => decodeURIComponent(new URL(a.href).pathname));",
            vec![],
        )
        .await
        .unwrap();
    let links: Vec<PathBuf> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| PathBuf::from(l.as_str().unwrap()))
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    for link in &links {
        assert!(
            link.starts_with(&out) && link.is_file(),
            "{}",
            link.display()
        );
    }
    client.close().await.unwrap();
}
