//! `video/…`: does a video fit the format asked for, and can everyone follow it?
//!
//! # What it checks
//!
//! On video documents (other formats give nothing), from the facts the reader took from
//! the file's headers:
//!
//! - `video/too-long`: longer than the maximum. The maximum is, in order: the candidate's
//!   `max_seconds = 90` in `livrables.toml` (the brief's "durée maximale"); else the
//!   shortest maximum of the platforms named by `platform = "instagram"` in the manifest or
//!   by a word of the file's path (`reel_instagram.mp4`); else the instance's
//!   `default_max_seconds`. When only the default applies, the finding is lowered to a
//!   warning: the brief may allow more. Not checked when the file gives no duration.
//! - `video/aspect-ratio`: the display ratio (after rotation) is none of `aspect_ratios`
//!   within `aspect_tolerance` (relative: 0.02 is ±2 %).
//! - `video/low-resolution`: the short side is under `min_short_side` pixels.
//! - `video/no-audio`: the file has no sound track.
//! - `video/no-captions`: a video with sound has neither a subtitle track nor a sidecar
//!   subtitle file with at least one cue. A sidecar is a `.vtt` or `.srt` document of the
//!   submission in the same folder with the same base name (`clip.mp4` ↔ `clip.vtt`), or
//!   that name plus a language (`clip.fr.vtt`), case ignored. A silent video needs no
//!   captions (there is nothing to transcribe).
//! - `video/bad-captions` (at most `max_caption_findings` per sidecar): a timing line that
//!   players cannot read, a cue that ends before it starts, a cue that starts before the
//!   previous one, or a cue that ends after the video (more than `caption_overrun_seconds`
//!   past its duration). Located on the video; the sidecar's name and line are arguments.
//!
//! Evidence: `video/fits` when duration (known), ratio and definition pass; `video/captioned`
//! when captions were found and none is bad.
//!
//! # Why
//!
//! The C2.1 situation asks for "une vidéo simple respectant un format donné (type, durée
//! maximale...)", and C2.1/CE2/6 for a video "de qualité technique suffisante (image et son)"
//! whose "durée est conforme aux objectifs de publication". Captions are WCAG 1.2.2 and RGAA
//! 4.3: the accessibility bullet of C2.1/CE4. Thresholds and ratios come from the catalogue
//! (CHECKS.md §5 and §6), with their sources in the rule pack.
//!
//! # Limits
//!
//! - Captions burned into the picture cannot be seen: a candidate who burned them in
//!   should say so in the accompanying document (the finding's help says how).
//! - Whether the sound is *good* (levels, noise) or the message clear is the evaluator's.
//! - Reading speed of the captions (characters per second) is not measured.

use livrable_model::french::fold;
use livrable_model::{Document, Format, Location, MediaFacts, Observation, Severity, Subtitle};

use crate::text::{contains_words, match_words};
use crate::{Input, Output};

pub const KIND: &str = "video";

/// The video’s sidecar subtitles are read from the submission (`sidecars`).
pub const COMPANIONS: crate::Companions = crate::Companions {
    formats: &[Format::Subtitles],
    kinds: &[],
};

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const TOO_LONG: &str = "video/too-long";
    pub const ASPECT_RATIO: &str = "video/aspect-ratio";
    pub const LOW_RESOLUTION: &str = "video/low-resolution";
    pub const NO_AUDIO: &str = "video/no-audio";
    pub const NO_CAPTIONS: &str = "video/no-captions";
    pub const BAD_CAPTIONS: &str = "video/bad-captions";
    pub const FITS: &str = "video/fits";
    pub const CAPTIONED: &str = "video/captioned";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(TOO_LONG, &["duration", "max", "source"]),
        CodeDecl::new(ASPECT_RATIO, &["expected", "height", "ratio", "width"]),
        CodeDecl::new(LOW_RESOLUTION, &["height", "min", "width"]),
        CodeDecl::new(NO_AUDIO, &[]),
        CodeDecl::new(NO_CAPTIONS, &["expected"]),
        CodeDecl::new(BAD_CAPTIONS, &["duration", "line", "subtitles", "timing"]),
        CodeDecl::new(FITS, &["duration", "height", "width"]),
        CodeDecl::new(CAPTIONED, &["cues", "subtitles", "tracks"]),
    ];
}

/// Parameters of a `video` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Maximum duration when neither the manifest nor a platform gives one.
    pub default_max_seconds: f64,
    /// Platforms by id, with their maximum durations.
    #[serde(default)]
    pub platforms: std::collections::BTreeMap<String, Platform>,
    /// Accepted display ratios as [width, height] (`[9, 16]`).
    pub aspect_ratios: Vec<[u32; 2]>,
    /// Relative tolerance on the ratio (0.02: ±2 %).
    pub aspect_tolerance: f64,
    /// Shortest acceptable short side, in pixels.
    pub min_short_side: u32,
    /// How far (seconds) a cue may end past the video's end.
    pub caption_overrun_seconds: f64,
    /// Most `bad-captions` findings per subtitle file.
    pub max_caption_findings: usize,
    /// Check duration, ratio, definition and sound (`too-long`, `aspect-ratio`,
    /// `low-resolution`, `no-audio`, evidence `fits`). An instance may leave them to
    /// another, so that each part gives evidence for its own criteria.
    #[serde(default = "yes")]
    pub check_format: bool,
    /// Check captions (`no-captions`, `bad-captions`, evidence `captioned`).
    #[serde(default = "yes")]
    pub check_captions: bool,
}

fn yes() -> bool {
    true
}

/// A platform's video limits.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Its name as shown to users (`Instagram (Reels)`).
    pub name: String,
    /// Words that name it in a manifest or a file name.
    pub aliases: Vec<String>,
    pub max_seconds: f64,
    /// When the limit was last checked (`2025-01`).
    pub as_of: String,
}

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    let Some(media) = doc.media.as_ref().filter(|_| doc.format == Format::Video) else {
        return out;
    };
    if params.check_format {
        duration_shape_sound(input, media, params, &mut out);
    }
    if params.check_captions {
        captions(input, media, params, &mut out);
    }
    out
}

/// Duration, frame shape, definition and sound.
fn duration_shape_sound(input: &Input, media: &MediaFacts, params: &Params, out: &mut Output) {
    let mut fits = media.duration_seconds.is_some();
    if let Some(duration) = media.duration_seconds {
        let (max, source, declared) = maximum(input, params);
        if duration > max + 0.5 {
            fits = false;
            let mut o = Observation::new(codes::TOO_LONG, Location::whole())
                .arg("duration", clock(duration))
                .arg("max", clock(max))
                .arg("source", source);
            if !declared {
                o = o.severity(Severity::Warning);
            }
            out.findings.push(o);
        }
    }

    if let (Some(w), Some(h)) = (media.width, media.height) {
        if w > 0 && h > 0 {
            let ratio = f64::from(w) / f64::from(h);
            let ok = params.aspect_ratios.iter().any(|&[a, b]| {
                b > 0 && {
                    let target = f64::from(a) / f64::from(b);
                    (ratio - target).abs() <= params.aspect_tolerance * target
                }
            });
            if !ok {
                fits = false;
                out.findings.push(
                    Observation::new(codes::ASPECT_RATIO, Location::whole())
                        .arg("width", w)
                        .arg("height", h)
                        .arg("ratio", decimal(ratio))
                        .arg("expected", ratios(params)),
                );
            }
            if w.min(h) < params.min_short_side {
                fits = false;
                out.findings.push(
                    Observation::new(codes::LOW_RESOLUTION, Location::whole())
                        .arg("width", w)
                        .arg("height", h)
                        .arg("min", params.min_short_side),
                );
            }
        }
    } else {
        fits = false;
    }
    if fits {
        out.evidence.push(
            Observation::new(codes::FITS, Location::whole())
                .arg(
                    "duration",
                    media.duration_seconds.map(clock).unwrap_or_default(),
                )
                .arg("width", media.width.unwrap_or_default())
                .arg("height", media.height.unwrap_or_default()),
        );
    }

    if media.has_audio == Some(false) {
        out.findings
            .push(Observation::new(codes::NO_AUDIO, Location::whole()));
    }
}

/// The captions: an embedded text track, or sidecar files whose cues are checked.
fn captions(input: &Input, media: &MediaFacts, params: &Params, out: &mut Output) {
    let sidecars = sidecars(input);
    let cues: usize = sidecars.iter().map(|s| s.cues.len()).sum();
    let captioned = media.text_tracks > 0 || cues > 0;
    if !captioned {
        if media.has_audio != Some(false) {
            out.findings.push(
                Observation::new(codes::NO_CAPTIONS, Location::whole())
                    .arg("expected", format!("{}.vtt", stem(input.doc.file_name()))),
            );
        }
        return;
    }
    let before = out.findings.len();
    for sub in &sidecars {
        let mut problems: Vec<(u32, String)> = sub.malformed.clone();
        let mut previous_start = f64::NEG_INFINITY;
        for (i, &(start, end)) in sub.cues.iter().enumerate() {
            let line = sub.lines.get(i).copied().unwrap_or(0);
            let late = media
                .duration_seconds
                .is_some_and(|d| end > d + params.caption_overrun_seconds);
            if end <= start || start < previous_start || late {
                problems.push((line, format!("{} --> {}", timestamp(start), timestamp(end))));
            }
            previous_start = start;
        }
        problems.sort_by_key(|(line, _)| *line);
        for (line, timing) in problems.into_iter().take(params.max_caption_findings) {
            out.findings.push(
                Observation::new(codes::BAD_CAPTIONS, Location::whole())
                    .arg("subtitles", file_name(&sub.path))
                    .arg("line", line)
                    .arg("timing", timing)
                    .arg(
                        "duration",
                        media.duration_seconds.map(clock).unwrap_or_default(),
                    ),
            );
        }
    }
    if out.findings.len() == before {
        let source = match (media.text_tracks, sidecars.first()) {
            (0, Some(s)) => file_name(&s.path).to_string(),
            _ => crate::text::mark(None).to_string(),
        };
        out.evidence.push(
            Observation::new(codes::CAPTIONED, Location::whole())
                .arg("cues", cues)
                .arg("tracks", media.text_tracks)
                .arg("subtitles", source),
        );
    }
}

/// The sidecar subtitles of the video under check, from the submission.
fn sidecars<'a>(input: &Input<'a>) -> Vec<&'a Subtitle> {
    let video = input.doc;
    let (folder, name) = split(&video.path);
    let base = fold(stem(name));
    input
        .submission
        .iter()
        .map(|(d, _)| *d)
        .filter(|d| d.format == Format::Subtitles)
        .filter(|d| {
            let (f, n) = split(&d.path);
            if f != folder {
                return false;
            }
            let s = fold(stem(n));
            s == base
                || s.strip_prefix(base.as_str())
                    .and_then(|rest| rest.strip_prefix('.'))
                    .is_some_and(is_language_tag)
        })
        .filter_map(|d: &'a Document| d.media.as_ref()?.subtitles.as_ref())
        .collect()
}

/// `fr`, `fra`, `fr-fr`, `en_gb`: what follows the base name in `clip.fr.vtt`.
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// (folder, file name) of a `/`-separated path.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

fn file_name(path: &str) -> &str {
    split(path).1
}

/// A file name without its last extension.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// The maximum duration, where it comes from (a platform's name with its date, or empty),
/// and whether the candidate's manifest or a platform set it.
fn maximum(input: &Input, params: &Params) -> (f64, String, bool) {
    if let Some(max) = input.options.get("max_seconds").and_then(|v| {
        v.as_float()
            .or_else(|| v.as_integer().map(|i| i as f64))
            .filter(|m| m.is_finite() && *m > 0.0)
    }) {
        return (max, String::new(), true);
    }
    let mut named: Vec<String> = Vec::new();
    match input.options.get("platform") {
        Some(toml::Value::String(s)) => named.push(s.clone()),
        Some(toml::Value::Array(a)) => {
            named.extend(a.iter().filter_map(|v| v.as_str()).map(String::from))
        }
        _ => {}
    }
    let path_words = match_words(&input.doc.path.replace('_', " "));
    let platform = params
        .platforms
        .values()
        .filter(|p| {
            p.aliases.iter().any(|alias| {
                let alias = match_words(alias);
                named.iter().any(|n| match_words(n) == alias)
                    || (named.is_empty() && contains_words(&path_words, &alias))
            })
        })
        .min_by(|a, b| a.max_seconds.total_cmp(&b.max_seconds));
    match platform {
        Some(p) => (p.max_seconds, format!("{} ({})", p.name, p.as_of), true),
        None => (params.default_max_seconds, String::new(), false),
    }
}

/// Seconds as `m:ss` (or `h:mm:ss`), rounded to the second.
fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Seconds as a subtitle timestamp, `hh:mm:ss.mmm`.
fn timestamp(seconds: f64) -> String {
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000
    )
}

/// A ratio with two decimals and a decimal comma (French first).
fn decimal(v: f64) -> String {
    format!("{v:.2}").replace('.', ",")
}

fn ratios(params: &Params) -> String {
    params
        .aspect_ratios
        .iter()
        .map(|[a, b]| format!("{a}:{b}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::MediaFacts;

    fn params() -> Params {
        crate::parse(
            &toml::from_str(
                r#"
default_max_seconds = 180
aspect_ratios = [[9, 16], [4, 5], [1, 1], [16, 9]]
aspect_tolerance = 0.02
min_short_side = 720
caption_overrun_seconds = 0.5
max_caption_findings = 2
[platforms.x]
name = "X"
aliases = ["x", "twitter"]
max_seconds = 140
as_of = "2025-12"
[platforms.instagram]
name = "Instagram (Reels)"
aliases = ["instagram", "reel", "reels"]
max_seconds = 180
as_of = "2025-01"
"#,
            )
            .unwrap(),
        )
        .unwrap()
    }

    fn video(path: &str, seconds: f64, w: u32, h: u32, audio: bool) -> Document {
        let mut d = Document::new(path, Format::Video);
        d.media = Some(MediaFacts {
            duration_seconds: Some(seconds),
            width: Some(w),
            height: Some(h),
            has_audio: Some(audio),
            ..Default::default()
        });
        d
    }

    fn subs(path: &str, cues: &[(f64, f64)]) -> Document {
        let mut d = Document::new(path, Format::Subtitles);
        d.media = Some(MediaFacts {
            subtitles: Some(Subtitle {
                path: path.into(),
                cues: cues.to_vec(),
                lines: (0..cues.len() as u32).map(|i| 2 + 4 * i).collect(),
                malformed: Vec::new(),
            }),
            ..Default::default()
        });
        d
    }

    fn run_all(d: &Document, others: &[&Document], options: &toml::Table) -> Output {
        let mut submission: Vec<(&Document, &str)> = vec![(d, "video")];
        submission.extend(others.iter().map(|o| (*o, "")));
        check(
            &Input {
                doc: d,
                kind: "video",
                submission: &submission,
                options,
            },
            &params(),
        )
    }

    fn codes(out: &Output) -> Vec<&str> {
        out.findings.iter().map(|o| o.code.as_str()).collect()
    }

    fn arg<'a>(o: &'a Observation, name: &str) -> &'a str {
        o.args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap()
    }

    #[test]
    fn a_conforming_captioned_video_gives_evidence_only() {
        let v = video("v/clip.mp4", 20.0, 1080, 1920, true);
        let s = subs("v/clip.vtt", &[(0.5, 4.0), (4.5, 19.9)]);
        let out = run_all(&v, &[&s], &toml::Table::new());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let evidence: Vec<&str> = out.evidence.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(evidence, vec![codes::FITS, codes::CAPTIONED]);
        assert_eq!(arg(&out.evidence[0], "duration"), "0:20");
    }

    #[test]
    fn too_long_against_the_manifest_a_platform_or_the_default() {
        let v = video("clip.mp4", 200.0, 1080, 1920, false);
        let out = run_all(&v, &[], &toml::Table::new());
        assert_eq!(codes(&out), vec![codes::TOO_LONG, codes::NO_AUDIO]);
        assert_eq!(
            out.findings[0].severity,
            Some(Severity::Warning),
            "default only"
        );
        assert_eq!(arg(&out.findings[0], "max"), "3:00");

        let mut o = toml::Table::new();
        o.insert("max_seconds".into(), 300.into());
        assert!(!codes(&run_all(&v, &[], &o)).contains(&codes::TOO_LONG));
        o.insert("max_seconds".into(), 90.into());
        let out = run_all(&v, &[], &o);
        assert_eq!(arg(&out.findings[0], "max"), "1:30");
        assert_eq!(
            out.findings[0].severity, None,
            "declared: the pack's severity"
        );

        let mut o = toml::Table::new();
        o.insert("platform".into(), "Twitter".into());
        let out = run_all(&video("clip.mp4", 150.0, 1080, 1920, false), &[], &o);
        assert_eq!(codes(&out)[0], codes::TOO_LONG);
        assert_eq!(arg(&out.findings[0], "source"), "X (2025-12)");

        // From the file's name.
        let out = run_all(
            &video("reel_instagram.mp4", 179.0, 1080, 1920, false),
            &[],
            &toml::Table::new(),
        );
        assert!(!codes(&out).contains(&codes::TOO_LONG));
    }

    #[test]
    fn ratio_and_definition() {
        for (w, h) in [
            (1080, 1920),
            (1080, 1350),
            (1080, 1080),
            (1920, 1080),
            (1280, 720),
        ] {
            let out = run_all(&video("c.mp4", 10.0, w, h, false), &[], &toml::Table::new());
            assert!(!codes(&out).contains(&codes::ASPECT_RATIO), "{w}×{h}");
            assert!(!codes(&out).contains(&codes::LOW_RESOLUTION), "{w}×{h}");
        }
        let out = run_all(
            &video("c.mp4", 10.0, 1280, 1000, false),
            &[],
            &toml::Table::new(),
        );
        assert_eq!(codes(&out), vec![codes::ASPECT_RATIO, codes::NO_AUDIO]);
        assert_eq!(arg(&out.findings[0], "ratio"), "1,28");
        let out = run_all(
            &video("c.mp4", 10.0, 640, 360, false),
            &[],
            &toml::Table::new(),
        );
        assert_eq!(codes(&out), vec![codes::LOW_RESOLUTION, codes::NO_AUDIO]);
        assert!(out.evidence.is_empty());
    }

    #[test]
    fn captions_are_needed_only_with_sound() {
        let out = run_all(
            &video("c.mp4", 10.0, 1080, 1920, true),
            &[],
            &toml::Table::new(),
        );
        assert_eq!(codes(&out), vec![codes::NO_CAPTIONS]);
        assert_eq!(arg(&out.findings[0], "expected"), "c.vtt");
        let out = run_all(
            &video("c.mp4", 10.0, 1080, 1920, false),
            &[],
            &toml::Table::new(),
        );
        assert_eq!(codes(&out), vec![codes::NO_AUDIO]);
        let mut v = video("c.mp4", 10.0, 1080, 1920, true);
        v.media.as_mut().unwrap().text_tracks = 1;
        assert!(run_all(&v, &[], &toml::Table::new()).findings.is_empty());
    }

    #[test]
    fn sidecars_pair_by_folder_and_base_name() {
        let v = video("a/Clip.mp4", 10.0, 1080, 1920, true);
        for (path, paired) in [
            ("a/clip.vtt", true),
            ("a/Clip.fr.vtt", true),
            ("a/Clip.fr-FR.srt", true),
            ("a/clip-2.vtt", false),
            ("b/clip.vtt", false),
            ("a/Clip.traduction.vtt", false),
        ] {
            let s = subs(path, &[(1.0, 2.0)]);
            let out = run_all(&v, &[&s], &toml::Table::new());
            assert_eq!(!codes(&out).contains(&codes::NO_CAPTIONS), paired, "{path}");
        }
        // A sidecar without cues is no captions.
        let s = subs("a/clip.vtt", &[]);
        assert_eq!(
            codes(&run_all(&v, &[&s], &toml::Table::new())),
            vec![codes::NO_CAPTIONS]
        );
    }

    #[test]
    fn bad_captions_name_the_file_and_line() {
        let v = video("clip.mp4", 20.0, 1080, 1920, true);
        let s = subs("clip.srt", &[(0.5, 4.0), (9.0, 5.0), (18.0, 26.0)]);
        let out = run_all(&v, &[&s], &toml::Table::new());
        assert_eq!(codes(&out), vec![codes::BAD_CAPTIONS, codes::BAD_CAPTIONS]);
        assert_eq!(arg(&out.findings[0], "line"), "6");
        assert_eq!(
            arg(&out.findings[0], "timing"),
            "00:00:09.000 --> 00:00:05.000"
        );
        assert_eq!(arg(&out.findings[1], "line"), "10");
        assert_eq!(arg(&out.findings[1], "subtitles"), "clip.srt");
        assert_eq!(arg(&out.findings[1], "duration"), "0:20");
        assert!(!out.evidence.iter().any(|e| e.code == codes::CAPTIONED));

        // Out of order, malformed, and the cap.
        let mut s = subs("clip.srt", &[(5.0, 6.0), (2.0, 3.0)]);
        if let Some(sub) = s.media.as_mut().and_then(|m| m.subtitles.as_mut()) {
            sub.malformed.push((1, "00:00:01 --> 00:00:02".into()));
            sub.malformed.push((20, "x --> y".into()));
        }
        let out = run_all(&v, &[&s], &toml::Table::new());
        assert_eq!(out.findings.len(), 2, "capped");
        assert_eq!(arg(&out.findings[0], "line"), "1");
        assert_eq!(arg(&out.findings[1], "line"), "6");

        // A cue ending just past the end is tolerated.
        let s = subs("clip.srt", &[(18.0, 20.4)]);
        assert!(run_all(&v, &[&s], &toml::Table::new()).findings.is_empty());
    }

    #[test]
    fn other_formats_and_missing_facts() {
        let d = Document::new("c.pdf", Format::Pdf);
        assert_eq!(run_all(&d, &[], &toml::Table::new()), Output::default());
        let mut v = Document::new("c.mp4", Format::Video);
        v.media = Some(MediaFacts::default());
        let out = run_all(&v, &[], &toml::Table::new());
        // Unknown duration, size and audio: only captions can be asked for.
        assert_eq!(codes(&out), vec![codes::NO_CAPTIONS]);
    }

    #[test]
    fn an_instance_may_check_one_part_only() {
        let v = video("c.mp4", 500.0, 640, 360, true);
        let mut p = params();
        p.check_captions = false;
        let out = check(
            &Input {
                doc: &v,
                kind: "video",
                submission: &[],
                options: &toml::Table::new(),
            },
            &p,
        );
        assert_eq!(codes(&out), vec![codes::TOO_LONG, codes::LOW_RESOLUTION]);
        let mut p = params();
        p.check_format = false;
        let out = check(
            &Input {
                doc: &v,
                kind: "video",
                submission: &[],
                options: &toml::Table::new(),
            },
            &p,
        );
        assert_eq!(codes(&out), vec![codes::NO_CAPTIONS]);
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(20.0), "0:20");
        assert_eq!(clock(179.6), "3:00");
        assert_eq!(clock(3725.0), "1:02:05");
        assert_eq!(clock(f64::NAN), "0:00");
        assert_eq!(timestamp(3723.004), "01:02:03.004");
        assert!(is_language_tag("fr") && is_language_tag("pt-br") && !is_language_tag("v2"));
    }
}
