//! Videos (MP4, MOV, M4V) into a [`Format::Video`] document, from the file's headers.
//!
//! What is read, into [`MediaFacts`] (the `mp4` crate parses the boxes; no frame is
//! decoded):
//! - `duration_seconds`: the movie header's duration (`mvhd`); for a fragmented file, whose
//!   `mvhd` says 0, the fragment header's (`mehd`) or else the sum of the fragments' sample
//!   durations; `None` when none of these gives a duration;
//! - `width`, `height`: the first video track's display size (track header `tkhd`, else its
//!   sample description), **after rotation**: a phone video stored 1920×1080 with a 90°
//!   matrix is shown 1080×1920, and that is what the aspect-ratio check must see;
//! - `frame_rate`: the video track's samples per second;
//! - `has_audio`: whether a sound track (`soun` handler) exists;
//! - `text_tracks`: subtitle and caption tracks (`text`, `sbtl`, `subt`, `clcp` handlers);
//! - `bytes` (the file's size) and `codec` of the video track (`h264`, `hevc`, `vp9`, `av1`).
//!
//! The text is empty: a video has no text to locate findings in; findings on it are about
//! the whole file.
//!
//! Limits:
//! - MP4 and QuickTime files that start with an `ftyp` box only (every camera, phone and
//!   editor of the last fifteen years writes one); other containers (WebM, AVI) are not
//!   read;
//! - a sidecar `.vtt`/`.srt` is read by [`crate::subtitles`] as its own document, and the
//!   video checks pair it with the video by base name;
//! - captions burned into the picture cannot be seen;
//! - when the `mp4` crate refuses a file (it misreads QuickTime's version 1 sound
//!   description), [`boxes`] walks the movie header by hand for the same facts, without
//!   fragments.

use std::io::Cursor;

use livrable_model::{Document, Format, MediaFacts};
use mp4::{Mp4Reader, Mp4Track};

/// The reader over a file in memory.
type Reader<'a> = Mp4Reader<Cursor<&'a [u8]>>;

use crate::Read;

/// Reads an MP4/MOV file's headers.
pub(crate) fn read(path: &str, bytes: &[u8]) -> Read {
    if bytes.get(4..8) != Some(b"ftyp".as_slice()) {
        return Read::unreadable("not an MP4 or QuickTime (MOV) video: no `ftyp` header");
    }
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let facts = match Mp4Reader::read_header(Cursor::new(bytes), size) {
        Ok(reader) => facts(&reader, size),
        // The crate refuses some QuickTime sample descriptions (the version 1 sound
        // description that QuickTime and ffmpeg write for AAC in .mov): walk the boxes.
        Err(e) => match boxes::facts(bytes) {
            Some(f) => f,
            None => return Read::unreadable(format!("the video's headers cannot be read: {e}")),
        },
    };
    let mut doc = Document::new(path, Format::Video);
    doc.media = Some(facts);
    Read {
        doc: Some(doc),
        problems: Vec::new(),
    }
}

/// The facts of a parsed file.
fn facts(reader: &Reader, size: u64) -> MediaFacts {
    // By track id: the first video track is the main picture.
    let mut traks: Vec<&Mp4Track> = reader.tracks().values().collect();
    traks.sort_by_key(|t| t.trak.tkhd.track_id);
    let handler = |t: &Mp4Track| t.trak.mdia.hdlr.handler_type.to_string();
    let video = traks.iter().copied().find(|t| handler(t) == "vide");

    let (width, height) = video.map(display_size).unwrap_or((None, None));
    MediaFacts {
        duration_seconds: duration(reader),
        width,
        height,
        frame_rate: video.and_then(frame_rate),
        has_audio: Some(traks.iter().any(|t| handler(t) == "soun")),
        text_tracks: u32::try_from(
            traks
                .iter()
                .filter(|t| matches!(handler(t).as_str(), "text" | "sbtl" | "subt" | "clcp"))
                .count(),
        )
        .unwrap_or(u32::MAX),
        subtitles: None,
        bytes: Some(size),
        codec: video.and_then(codec),
    }
}

/// `units / timescale` in seconds, `None` for a zero timescale.
fn seconds(units: u64, timescale: u32) -> Option<f64> {
    (timescale > 0).then(|| units as f64 / f64::from(timescale))
}

/// The movie's duration: `mvhd`, else (fragmented files) `mehd`, else the longest track's
/// fragments summed.
fn duration(reader: &Reader) -> Option<f64> {
    let mvhd = &reader.moov.mvhd;
    if mvhd.duration > 0 {
        return seconds(mvhd.duration, mvhd.timescale);
    }
    if let Some(mehd) = reader.moov.mvex.as_ref().and_then(|m| m.mehd.as_ref()) {
        if mehd.fragment_duration > 0 {
            return seconds(mehd.fragment_duration, mvhd.timescale);
        }
    }
    let default = reader
        .moov
        .mvex
        .as_ref()
        .map_or(0, |m| m.trex.default_sample_duration);
    reader
        .tracks()
        .values()
        .filter_map(|track| {
            let units: u64 = track
                .trafs
                .iter()
                .filter_map(|traf| {
                    let trun = traf.trun.as_ref()?;
                    let each = traf.tfhd.default_sample_duration.unwrap_or(default);
                    Some(if trun.sample_durations.is_empty() {
                        u64::from(trun.sample_count).saturating_mul(u64::from(each))
                    } else {
                        trun.sample_durations
                            .iter()
                            .fold(0u64, |a, &d| a.saturating_add(u64::from(d)))
                    })
                })
                .fold(0u64, u64::saturating_add);
            seconds(units, track.trak.mdia.mdhd.timescale).filter(|&s| s > 0.0)
        })
        .reduce(f64::max)
}

/// Samples per second of a track: its sample count over its media duration.
fn frame_rate(track: &Mp4Track) -> Option<f64> {
    let trak = &track.trak;
    let samples: u64 = if track.trafs.is_empty() {
        u64::from(trak.mdia.minf.stbl.stsz.sample_count)
    } else {
        track
            .trafs
            .iter()
            .filter_map(|t| t.trun.as_ref())
            .fold(0u64, |a, t| a.saturating_add(u64::from(t.sample_count)))
    };
    let media = seconds(trak.mdia.mdhd.duration, trak.mdia.mdhd.timescale)?;
    (media > 0.0 && samples > 0).then(|| samples as f64 / media)
}

/// The track's display size after its transformation matrix: the header's presentation
/// size (which already includes any pixel aspect ratio), else the coded size of its sample
/// description; swapped when the matrix turns the picture by 90° or 270°.
fn display_size(track: &Mp4Track) -> (Option<u32>, Option<u32>) {
    let trak = &track.trak;
    let stsd = &trak.mdia.minf.stbl.stsd;
    let coded = stsd
        .avc1
        .as_ref()
        .map(|b| (b.width, b.height))
        .or_else(|| stsd.hev1.as_ref().map(|b| (b.width, b.height)))
        .or_else(|| stsd.vp09.as_ref().map(|b| (b.width, b.height)));
    let (w, h) = match (trak.tkhd.width.value(), trak.tkhd.height.value()) {
        (w, h) if w > 0 && h > 0 => (w, h),
        _ => match coded {
            Some(c) => c,
            None => return (None, None),
        },
    };
    let (w, h) = (u32::from(w), u32::from(h));
    // Matrix [a b; c d] in 16.16 fixed point: a rotation by 90° or 270° has a = d = 0 and
    // b, c = ±1. Where |b| > |a| the picture is turned a quarter.
    let m = &trak.tkhd.matrix;
    if m.b.unsigned_abs() > m.a.unsigned_abs() {
        (Some(h), Some(w))
    } else {
        (Some(w), Some(h))
    }
}

/// The video track's encoding, from its sample description.
fn codec(track: &Mp4Track) -> Option<String> {
    let stsd = &track.trak.mdia.minf.stbl.stsd;
    let name = if stsd.avc1.is_some() {
        "h264"
    } else if stsd.hev1.is_some() {
        "hevc"
    } else if stsd.vp09.is_some() {
        "vp9"
    } else {
        return None;
    };
    Some(name.to_string())
}

/// A hand-written walk of the movie box (`moov`), for files the `mp4` crate refuses.
///
/// Written by hand because the one alternative crate (`mp4parse`) refuses QuickTime files
/// altogether, and the few fields needed sit at fixed offsets (ISO/IEC 14496-12 §8.2–8.5;
/// QuickTime File Format, "Movie atoms"). Every read is bounds-checked; boxes are walked in
/// a fixed nesting, never recursively.
mod boxes {
    use livrable_model::MediaFacts;

    /// The boxes of `data`, in order: (type, payload). A size of 0 runs to the end; a size
    /// of 1 is followed by a 64-bit size. A box that overflows ends the walk.
    fn children(data: &[u8]) -> Vec<([u8; 4], &[u8])> {
        let mut out = Vec::new();
        let mut at = 0usize;
        while let (Some(size), Some(kind)) = (be32(data, at), data.get(at + 4..at + 8)) {
            let (header, size) = match size {
                0 => (8, data.len() - at),
                1 => match be64(data, at + 8).and_then(|s| usize::try_from(s).ok()) {
                    Some(s) => (16, s),
                    None => break,
                },
                s => (8, s as usize),
            };
            let Some(payload) = data.get(at + header..at.saturating_add(size)) else {
                break;
            };
            if size < header {
                break;
            }
            let mut k = [0u8; 4];
            k.copy_from_slice(kind);
            out.push((k, payload));
            at += size;
        }
        out
    }

    fn child<'a>(data: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
        children(data)
            .into_iter()
            .find(|(k, _)| k == kind)
            .map(|(_, p)| p)
    }

    fn be16(d: &[u8], at: usize) -> Option<u16> {
        Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
    }

    fn be32(d: &[u8], at: usize) -> Option<u32> {
        Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
    }

    fn be64(d: &[u8], at: usize) -> Option<u64> {
        Some(u64::from_be_bytes(d.get(at..at + 8)?.try_into().ok()?))
    }

    /// (timescale, duration) of a full box laid out as `mvhd` and `mdhd` are: version 0
    /// with 32-bit times, version 1 with 64-bit ones.
    fn time(payload: &[u8]) -> Option<(u32, u64)> {
        match payload.first()? {
            0 => Some((be32(payload, 12)?, u64::from(be32(payload, 16)?))),
            1 => Some((be32(payload, 20)?, be64(payload, 24)?)),
            _ => None,
        }
    }

    fn seconds((scale, units): (u32, u64)) -> Option<f64> {
        (scale > 0 && units > 0).then(|| units as f64 / f64::from(scale))
    }

    /// The facts of the first video track and of the movie, or `None` without a movie box.
    pub(super) fn facts(data: &[u8]) -> Option<MediaFacts> {
        let moov = child(data, b"moov")?;
        let mut facts = MediaFacts {
            duration_seconds: child(moov, b"mvhd").and_then(time).and_then(seconds),
            bytes: u64::try_from(data.len()).ok(),
            has_audio: Some(false),
            ..Default::default()
        };
        let mut video_seen = false;
        for (kind, trak) in children(moov) {
            if &kind != b"trak" {
                continue;
            }
            let Some(mdia) = child(trak, b"mdia") else {
                continue;
            };
            let handler = child(mdia, b"hdlr")
                .and_then(|h| h.get(8..12))
                .unwrap_or(&[]);
            match handler {
                b"soun" => facts.has_audio = Some(true),
                b"text" | b"sbtl" | b"subt" | b"clcp" => facts.text_tracks += 1,
                b"vide" if !video_seen => {
                    video_seen = true;
                    let stbl = child(mdia, b"minf").and_then(|m| child(m, b"stbl"));
                    let samples = stbl
                        .and_then(|s| child(s, b"stsz"))
                        .and_then(|s| be32(s, 8));
                    let media = child(mdia, b"mdhd").and_then(time).and_then(seconds);
                    facts.frame_rate = match (samples, media) {
                        (Some(n), Some(d)) if n > 0 => Some(f64::from(n) / d),
                        _ => None,
                    };
                    facts.codec = stbl
                        .and_then(|s| child(s, b"stsd"))
                        .and_then(|s| s.get(12..16))
                        .and_then(|fourcc| match fourcc {
                            b"avc1" | b"avc3" => Some("h264"),
                            b"hvc1" | b"hev1" => Some("hevc"),
                            b"vp09" => Some("vp9"),
                            b"av01" => Some("av1"),
                            _ => None,
                        })
                        .map(str::to_string);
                    if let Some(tkhd) = child(trak, b"tkhd") {
                        // After the times and ids: 8 reserved, layer, group, volume,
                        // reserved (8 bytes), the 3×3 matrix (36), width and height (16.16).
                        let base = if tkhd.first() == Some(&1) { 36 } else { 24 };
                        let matrix = base + 16;
                        let (a, b) = (be32(tkhd, matrix), be32(tkhd, matrix + 4));
                        let w = be16(tkhd, matrix + 36).filter(|&w| w > 0);
                        let h = be16(tkhd, matrix + 40).filter(|&h| h > 0);
                        if let (Some(w), Some(h), Some(a), Some(b)) = (w, h, a, b) {
                            let turned = (b as i32).unsigned_abs() > (a as i32).unsigned_abs();
                            let (w, h) = (u32::from(w), u32::from(h));
                            (facts.width, facts.height) = if turned {
                                (Some(h), Some(w))
                            } else {
                                (Some(w), Some(h))
                            };
                        }
                    }
                }
                _ => {}
            }
        }
        Some(facts)
    }
}
