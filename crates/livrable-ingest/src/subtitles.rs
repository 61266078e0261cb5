//! Subtitle sidecars: WebVTT (`.vtt`) and SubRip (`.srt`) files into a
//! [`Format::Subtitles`] document.
//!
//! A candidate who captions a video usually hands in `clip.mp4` with `clip.vtt` (or
//! `clip.srt`) beside it. This reader reads the subtitle file on its own: it never sees the
//! video (each reader gets one file); the video checks pair the two by base name.
//!
//! What is read:
//! - [`Document::text`]: the decoded file, so that every span points into what the candidate
//!   wrote;
//! - one [`BlockKind::Paragraph`] per cue, whose text is the cue's lines joined by a space
//!   (tags such as `<i>` or `<v Marie>` removed) and whose span covers the cue's text lines;
//! - [`MediaFacts::subtitles`]: each cue's (start, end) in seconds and the line of its
//!   timing, plus the timing lines that could not be read.
//!
//! The grammar is hand-written on purpose: both formats are line-based, the rules fit in a
//! page (WebVTT: W3C "WebVTT: The Web Video Text Tracks Format", §4; SubRip: the de-facto
//! `hh:mm:ss,ttt --> hh:mm:ss,ttt` blocks), and no maintained crate reads both and keeps
//! line numbers.
//!
//! Limits:
//! - a `.vtt` file must start with `WEBVTT` (after an optional byte-order mark), as players
//!   require; without it the file is unreadable for them and for this reader;
//! - WebVTT `NOTE`, `STYLE` and `REGION` blocks are skipped; cue settings after the end time
//!   (`line:0 position:10%`) are ignored;
//! - SubRip's cue numbers are not checked (players ignore them too);
//! - at most [`MAX_CUES`] cues are kept.

use livrable_model::{Block, BlockKind, Document, Format, Location, MediaFacts, Subtitle};

use crate::Read;

/// Most cues kept: 20 000. A two-hour film has about 1 500; the bound only stops a
/// hostile file from multiplying its size in memory.
pub(crate) const MAX_CUES: usize = 20_000;

/// Most malformed timing lines recorded: enough to show the candidate where the problem is.
const MAX_MALFORMED: usize = 100;

/// Which of the two syntaxes a file uses, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    WebVtt,
    SubRip,
}

impl Syntax {
    /// The syntax for a path's extension (`vtt` or `srt`, case-insensitive).
    pub(crate) fn of(path: &str) -> Syntax {
        if path.to_ascii_lowercase().ends_with(".srt") {
            Syntax::SubRip
        } else {
            Syntax::WebVtt
        }
    }
}

/// Reads a `.vtt` or `.srt` file.
pub(crate) fn read(path: &str, bytes: &[u8]) -> Read {
    let text = match crate::text::decode(bytes) {
        Ok(t) => t,
        Err(reason) => return Read::unreadable(reason),
    };
    match parse(path, text, Syntax::of(path)) {
        Ok(doc) => Read {
            doc: Some(doc),
            problems: Vec::new(),
        },
        Err(reason) => Read::unreadable(reason),
    }
}

/// Parses decoded subtitle text into a document.
pub(crate) fn parse(path: &str, text: String, syntax: Syntax) -> Result<Document, String> {
    let lines = split_lines(&text);
    let mut first = 0;
    if syntax == Syntax::WebVtt {
        let head = lines.first().map(|&(s, e)| &text[s..e]).unwrap_or("");
        let head = head.trim_start_matches('\u{feff}');
        // "WEBVTT" alone, or followed by a space or tab and free text (§4.1).
        let ok = head == "WEBVTT" || head.starts_with("WEBVTT ") || head.starts_with("WEBVTT\t");
        if !ok {
            return Err("not a WebVTT file: the first line must be WEBVTT".into());
        }
        first = 1;
    }

    let mut cues = Vec::new();
    let mut cue_lines = Vec::new();
    let mut malformed = Vec::new();
    let mut blocks = Vec::new();

    let mut i = first;
    while i < lines.len() {
        let (s, e) = lines[i];
        let line = &text[s..e];
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        if syntax == Syntax::WebVtt && starts_block(line, &["NOTE", "STYLE", "REGION"]) {
            i = skip_block(&text, &lines, i);
            continue;
        }
        // A block: optional identifier line(s), then the timing line, then text lines up to
        // a blank line. The timing line is the first line of the block with "-->".
        let block_end = skip_block(&text, &lines, i);
        let timing_at = (i..block_end).find(|&j| {
            let (s, e) = lines[j];
            text[s..e].contains("-->")
        });
        let Some(t) = timing_at else {
            // A block without any timing: a stray identifier or text; players ignore it.
            i = block_end;
            continue;
        };
        let (ts, te) = lines[t];
        let line_no = u32::try_from(t + 1).unwrap_or(u32::MAX);
        match parse_timing(&text[ts..te], syntax) {
            Some((start, end)) if cues.len() < MAX_CUES => {
                cues.push((start, end));
                cue_lines.push(line_no);
                let body = (t + 1..block_end).map(|j| lines[j]).collect::<Vec<_>>();
                let (span_start, span_end) = match (body.first(), body.last()) {
                    (Some(&(a, _)), Some(&(_, b))) => (a, b),
                    _ => (te, te),
                };
                let cue_text = body
                    .iter()
                    .map(|&(a, b)| strip_tags(&text[a..b]))
                    .filter(|l| !l.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    text: crate::text::collapse_whitespace(&cue_text),
                    location: Location::span(span_start, span_end),
                });
            }
            Some(_) => {}
            None => {
                if malformed.len() < MAX_MALFORMED {
                    malformed.push((line_no, text[ts..te].trim().to_string()));
                }
            }
        }
        i = block_end;
    }

    let mut doc = Document::new(path, Format::Subtitles);
    doc.blocks = blocks;
    doc.media = Some(MediaFacts {
        subtitles: Some(Subtitle {
            path: path.to_string(),
            cues,
            lines: cue_lines,
            malformed,
        }),
        ..Default::default()
    });
    doc.text = text;
    Ok(doc)
}

/// (start, end) byte offsets of each line, without its line terminator (`\n`, `\r\n` or a
/// lone `\r`, all three allowed by WebVTT).
fn split_lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

/// Whether a line opens a block of one of the given kinds (`NOTE` alone or followed by
/// white space).
fn starts_block(line: &str, kinds: &[&str]) -> bool {
    kinds.iter().any(|k| {
        line == *k
            || line
                .strip_prefix(k)
                .is_some_and(|rest| rest.starts_with([' ', '\t']))
    })
}

/// The index of the first blank line at or after `i` (or the end).
fn skip_block(text: &str, lines: &[(usize, usize)], i: usize) -> usize {
    let mut j = i;
    while let Some(&(s, e)) = lines.get(j) {
        if text[s..e].trim().is_empty() {
            break;
        }
        j += 1;
    }
    j.max(i + 1)
}

/// `00:01:02.500 --> 00:01:04.000 align:start` → (62.5, 64.0).
fn parse_timing(line: &str, syntax: Syntax) -> Option<(f64, f64)> {
    let (a, b) = line.split_once("-->")?;
    let start = parse_timestamp(a.trim(), syntax)?;
    // Cue settings may follow the end time (WebVTT only).
    let end_text = b.split_whitespace().next()?;
    let end = parse_timestamp(end_text, syntax)?;
    Some((start, end))
}

/// `hh:mm:ss.ttt` or `mm:ss.ttt` (WebVTT), `hh:mm:ss,ttt` (SubRip; a `.` is accepted there
/// too, as players do). Minutes and seconds must be below 60 and the fraction three digits.
fn parse_timestamp(s: &str, syntax: Syntax) -> Option<f64> {
    let separators: &[char] = match syntax {
        Syntax::WebVtt => &['.'],
        Syntax::SubRip => &[',', '.'],
    };
    let (clock, millis) = s.rsplit_once(separators)?;
    if millis.len() != 3 || !millis.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let (h, m, sec) = match (parts.as_slice(), syntax) {
        ([m, s], Syntax::WebVtt) => ("0", *m, *s),
        ([h, m, s], _) => (*h, *m, *s),
        _ => return None,
    };
    let digits = |x: &str, min: usize, max: usize| {
        (min..=max).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1, 4) || !digits(m, 2, 2) || !digits(sec, 2, 2) {
        return None;
    }
    let (h, m, sec, ms): (u32, u32, u32, u32) = (
        h.parse().ok()?,
        m.parse().ok()?,
        sec.parse().ok()?,
        millis.parse().ok()?,
    );
    if m >= 60 || sec >= 60 {
        return None;
    }
    Some(f64::from(h) * 3600.0 + f64::from(m) * 60.0 + f64::from(sec) + f64::from(ms) / 1000.0)
}

/// A cue line without its markup: `<i>`, `<b>`, `<v Marie>`, `<c.yellow>`, SubRip's
/// `<font color=…>` and `{\an8}` overrides.
fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut depth: Option<char> = None;
    for c in line.chars() {
        match (depth, c) {
            (None, '<') => depth = Some('>'),
            (None, '{') if line.contains("{\\") => depth = Some('}'),
            (Some(close), c) if c == close => depth = None,
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(doc: &Document) -> &Subtitle {
        doc.media.as_ref().unwrap().subtitles.as_ref().unwrap()
    }

    #[test]
    fn webvtt_cues_with_settings_identifiers_notes_and_tags() {
        let text = "\u{feff}WEBVTT - sous-titres\n\nNOTE relu le 3 mars\npar Léa\n\n1\n00:00.500 --> 00:02.000 align:start\n<v Léa>Bonjour <i>à tous</i></v>\net bienvenue\n\n01:00:03.250 --> 01:00:04.000\nFin\n";
        let doc = parse("clip.vtt", text.into(), Syntax::WebVtt).unwrap();
        let s = sub(&doc);
        assert_eq!(s.cues, vec![(0.5, 2.0), (3603.25, 3604.0)]);
        assert_eq!(s.lines, vec![7, 11]);
        assert!(s.malformed.is_empty());
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.blocks[0].text, "Bonjour à tous et bienvenue");
        let r = doc.blocks[0].location.range().unwrap();
        assert!(doc.text[r].starts_with("<v Léa>"));
        assert_eq!(doc.blocks[1].text, "Fin");
    }

    #[test]
    fn webvtt_without_header_is_refused() {
        let err = parse(
            "a.vtt",
            "00:00.000 --> 00:01.000\nx\n".into(),
            Syntax::WebVtt,
        );
        assert!(err.is_err());
        let err = parse("a.vtt", "WEBVTTX\n".into(), Syntax::WebVtt);
        assert!(err.is_err());
    }

    #[test]
    fn subrip_with_crlf_and_commas() {
        let text = "1\r\n00:00:01,000 --> 00:00:03,500\r\nPremière ligne\r\n\r\n2\r\n00:00:04,000 --> 00:00:05,000\r\n{\\an8}<font color=\"#fff\">Deuxième</font>\r\n";
        let doc = parse("clip.srt", text.into(), Syntax::SubRip).unwrap();
        assert_eq!(sub(&doc).cues, vec![(1.0, 3.5), (4.0, 5.0)]);
        assert_eq!(sub(&doc).lines, vec![2, 6]);
        assert_eq!(doc.blocks[1].text, "Deuxième");
    }

    #[test]
    fn malformed_timings_are_recorded_with_their_line() {
        let text = "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\ncomma in vtt\n\n00:61.000 --> 00:62.000\nbad minutes\n\n00:03.000 --> 00:04.000\nok\n";
        let doc = parse("a.vtt", text.into(), Syntax::WebVtt).unwrap();
        let s = sub(&doc);
        assert_eq!(s.cues, vec![(3.0, 4.0)]);
        assert_eq!(
            s.malformed,
            vec![
                (3, "00:00:01,000 --> 00:00:02,000".to_string()),
                (6, "00:61.000 --> 00:62.000".to_string())
            ]
        );
    }

    #[test]
    fn timestamps() {
        let vtt = |s| parse_timestamp(s, Syntax::WebVtt);
        assert_eq!(vtt("00:00.000"), Some(0.0));
        assert_eq!(vtt("1:02:03.004"), Some(3723.004));
        assert_eq!(vtt("00:00:01,000"), None);
        assert_eq!(vtt("00:1.000"), None);
        assert_eq!(vtt("00:01.00"), None);
        assert_eq!(vtt("-1:00.000"), None);
        assert_eq!(parse_timestamp("00:00:01,000", Syntax::SubRip), Some(1.0));
        assert_eq!(parse_timestamp("", Syntax::SubRip), None);
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "WEBVTT",
            "WEBVTT\n-->",
            "WEBVTT\n\n-->\n\n --> \n",
            "WEBVTT\r\r\r00:00.000 --> 00:01.000\r\r",
            "é-->é\n\u{0}",
            "99999:00:00.000 --> 99999:59:59.999\n",
        ] {
            let _ = parse("a.vtt", text.into(), Syntax::WebVtt);
            let _ = parse("a.srt", text.into(), Syntax::SubRip);
        }
    }
}
