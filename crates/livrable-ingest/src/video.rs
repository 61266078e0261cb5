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
//! - captions burned into the picture cannot be seen.

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
    let reader = match Mp4Reader::read_header(Cursor::new(bytes), size) {
        Ok(r) => r,
        Err(e) => return Read::unreadable(format!("the video's headers cannot be read: {e}")),
    };
    let mut doc = Document::new(path, Format::Video);
    doc.media = Some(facts(&reader, size));
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
