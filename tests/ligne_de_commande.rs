//! End-to-end tests of the command line itself: its help and its errors in French (in
//! English with `--lang en`), situation ids in any case, one situation on its own, and the
//! nearest codes for a mistyped one.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

/// Runs the binary, returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("livrable")
        .expect("binary built")
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_is_in_french_and_in_english_on_request() {
    let (code, out, _) = run(&["check", "--help"]);
    assert_eq!(code, 0);
    for french in [
        "Utilisation : livrable check",
        "Affiche cette aide",
        "[valeurs : fr, en ; par défaut : fr]",
    ] {
        assert!(out.contains(french), "{french}: {out}");
    }
    for english in ["Usage:", "Print help", "[default:", "possible values"] {
        assert!(!out.contains(english), "{english}: {out}");
    }
    let (code, out, _) = run(&["check", "--help", "--lang", "en"]);
    assert_eq!(code, 0);
    for english in [
        "Usage: livrable check",
        "Print this help",
        "Output format",
        "[values: fr, en ; default: fr]",
    ] {
        assert!(out.contains(english), "{english}: {out}");
    }
    // Every option of every command has its English help.
    for command in ["check", "serve", "situations", "explain", "rules"] {
        let (code, out, _) = run(&[command, "--help", "--lang", "en"]);
        assert_eq!(code, 0);
        for french in [" d'", " de ", " des ", " la ", " le ", " une "] {
            assert!(!out.contains(french), "{command}: {french}: {out}");
        }
    }
    // `livrable help check` is `livrable check --help`.
    let (code, out, _) = run(&["help", "check"]);
    assert_eq!(code, 0);
    assert!(out.contains("Utilisation : livrable check"), "{out}");
}

#[test]
fn errors_of_the_command_line_are_in_french_with_status_2() {
    for (args, french) in [
        (
            &["check", "x", "--formt", "json"][..],
            "option inconnue : --formt (vouliez-vous dire --format ?)",
        ),
        (
            &["check", "x", "--format", "jsn"][..],
            "valeur « jsn » invalide pour --format",
        ),
        (
            &["chek", "x"][..],
            "commande inconnue : chek (vouliez-vous dire check ?)",
        ),
        (&["check"][..], "argument obligatoire manquant : <PATH>"),
        (
            &["check", "introuvable"][..],
            "impossible de lire « introuvable » : ce chemin n'existe pas",
        ),
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(french), "{args:?}: {err}");
        assert!(!err.contains("error:"), "{args:?}: clap's English: {err}");
    }
    let (code, _, err) = run(&["check", "x", "--formt", "json", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown option: --formt (did you mean --format?)"),
        "{err}"
    );
}

#[test]
fn a_situation_is_found_in_any_case() {
    let (code, out, err) = run(&[
        "check",
        fixture("c1-6-plan-verdure").to_str().unwrap(),
        "--situation",
        "c1.6",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Situation d'évaluation : C1.6"), "{out}");
    let (code, _, err) = run(&[
        "check",
        fixture("c1-6-plan-verdure").to_str().unwrap(),
        "--situation",
        "C1.66",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("situation inconnue : C1.66 ; vouliez-vous dire C1.6 ?"),
        "{err}"
    );
}

#[test]
fn situations_shows_one_situation_with_its_criteria() {
    let (code, out, _) = run(&["situations", "C1.6"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("C1.6 — "), "{out}");
    assert!(out.contains("C1.6/CE2"), "{out}");
    assert!(!out.contains("C2.1"), "one situation only: {out}");
    let (_, lower, _) = run(&["situations", "c1.6"]);
    assert_eq!(lower, out);
    let (code, _, err) = run(&["situations", "Z9"]);
    assert_eq!(code, 2);
    assert!(err.contains("situation inconnue : Z9"), "{err}");
}

#[test]
fn situations_in_json_say_which_criteria_are_checked() {
    let (code, out, _) = run(&["situations", "c1.6", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let situations = doc["situations"].as_array().unwrap();
    assert_eq!(situations.len(), 1, "{out}");
    assert_eq!(situations[0]["id"], "C1.6");
    let criteria = situations[0]["criteria"].as_array().unwrap();
    assert!(criteria
        .iter()
        .all(|c| c["id"].as_str().unwrap().starts_with("C1.6/")));
    assert!(criteria.iter().any(|c| c["automated"] == true), "{out}");

    let (code, out, _) = run(&["situations", "--format", "json", "--lang", "en"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let all: Vec<&serde_json::Value> = doc["situations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["criteria"].as_array().unwrap())
        .collect();
    assert_eq!(all.len(), 59);
    let manual: Vec<_> = all.iter().filter(|c| c["automated"] == false).collect();
    assert!(!manual.is_empty());
    for c in manual {
        assert!(c["reason"].as_str().unwrap().contains("evaluator"), "{c}");
    }
    for c in all.iter().filter(|c| c["automated"] == true) {
        assert!(c.get("reason").is_none(), "{c}");
    }

    let (code, _, err) = run(&["situations", "Z9", "--format", "json"]);
    assert_eq!(code, 2);
    assert!(err.contains("situation inconnue : Z9"), "{err}");
}

#[test]
fn explain_suggests_the_nearest_codes() {
    let (code, _, err) = run(&["explain", "skiped-level"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "code inconnu : skiped-level ; vouliez-vous dire heading-structure/skipped-level ?"
        ),
        "{err}"
    );
    let (code, out, _) = run(&["explain", "heading-structure/skipped-level"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("heading-structure/skipped-level"), "{out}");
}
