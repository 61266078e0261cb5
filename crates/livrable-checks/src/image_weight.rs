//! `image/…`: are the images of a web or e-mail deliverable light enough?
//!
//! # What it checks
//!
//! `image/too-heavy`: an image heavier than `max_bytes`. The images weighed are:
//!
//! - the document itself, when it is an image file (a visual submitted on its own);
//! - each image of the document ([`livrable_model::Document::images`]) whose weight is
//!   known: embedded in the file (the reader gives [`livrable_model::Image::bytes`]), or
//!   submitted beside it: an `<img src="images/banniere.jpg">` of a newsletter is looked up
//!   among the submission's image files, relative to the document's folder. Remote images
//!   (`https://…`) and `data:` URLs are not weighed.
//!
//! Each finding is located at the image (its place in the text, or the whole file for an
//! image file). When at least one image was weighed and none is too heavy, the evidence
//! `image/light` gives their count and the heaviest.
//!
//! # Why
//!
//! Eco-design is part of the "communication responsable" bullet of every situation's
//! regulations-and-good-practice criterion (C2.1/CE4/4 for contents). Heavy images are the
//! first cause of heavy pages and e-mails (GreenIT/CNUMR BP_080, "badly compressed
//! bitmaps"), and an e-mail over about 100 KB of images loads slowly on mobile data. The
//! threshold is the rule pack's, with its source there.
//!
//! # Limits
//!
//! - Weight alone: an image displayed much smaller than its pixels (GreenIT BP_034) needs
//!   the displayed size, which the HTML does not always give; not checked.
//! - The total weight of a page or e-mail is not summed here.

use livrable_model::{Document, Format, Location, Observation};

use crate::{Input, Output};

pub const KIND: &str = "image";

/// The images the page embeds are read from the submission (`submitted`).
pub const COMPANIONS: crate::Companions = crate::Companions {
    formats: &[Format::Image],
    kinds: &[],
};

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const TOO_HEAVY: &str = "image/too-heavy";
    pub const LIGHT: &str = "image/light";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(TOO_HEAVY, &["height", "kib", "max_kib", "src", "width"]),
        CodeDecl::new(LIGHT, &["count", "heaviest_kib", "max_kib"]),
    ];
}

/// Parameters of an `image` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Heaviest acceptable image, in bytes.
    pub max_bytes: u64,
}

/// Bytes in a kibibyte, the unit messages show weights in.
const KIB: u64 = 1024;

pub fn check(input: &Input, params: &Params) -> Output {
    let doc = input.doc;
    let mut out = Output::default();
    let mut weighed = 0usize;
    let mut heaviest = 0u64;
    let mut weigh = |src: &str, bytes: u64, dims: (Option<u32>, Option<u32>), at: Location| {
        weighed += 1;
        heaviest = heaviest.max(bytes);
        if bytes > params.max_bytes {
            out.findings.push(
                Observation::new(codes::TOO_HEAVY, at)
                    .arg("src", src)
                    .arg("kib", kib(bytes))
                    .arg("max_kib", kib(params.max_bytes))
                    .arg("width", dims.0.map(|w| w.to_string()).unwrap_or_default())
                    .arg("height", dims.1.map(|h| h.to_string()).unwrap_or_default()),
            );
        }
    };

    if doc.format == Format::Image {
        if let Some(m) = &doc.media {
            if let Some(bytes) = m.bytes {
                weigh(
                    doc.file_name(),
                    bytes,
                    (m.width, m.height),
                    Location::whole(),
                );
            }
        }
    }
    for image in &doc.images {
        let known = image
            .bytes
            .map(|b| (b, (image.width, image.height)))
            .or_else(|| {
                let file = submitted(input, doc, &image.src)?;
                let m = file.media.as_ref()?;
                Some((m.bytes?, (m.width, m.height)))
            });
        if let Some((bytes, dims)) = known {
            weigh(&image.src, bytes, dims, image.location.clone());
        }
    }

    if weighed > 0 && out.findings.is_empty() {
        out.evidence.push(
            Observation::new(codes::LIGHT, Location::whole())
                .arg("count", weighed)
                .arg("heaviest_kib", kib(heaviest))
                .arg("max_kib", kib(params.max_bytes)),
        );
    }
    out
}

/// Kibibytes, rounded up so that 100.2 KiB never shows as the 100 KiB limit.
fn kib(bytes: u64) -> u64 {
    bytes.div_ceil(KIB)
}

/// The submitted image file an `src` points to, relative to the document's folder.
fn submitted<'a>(input: &Input<'a>, doc: &Document, src: &str) -> Option<&'a Document> {
    let src = src.trim();
    let lower = src.to_ascii_lowercase();
    if src.is_empty()
        || src.starts_with("//")
        || lower.starts_with("data:")
        || lower.split_once(':').is_some_and(|(scheme, _)| {
            scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
    {
        return None;
    }
    let src = src.split(['?', '#']).next().unwrap_or(src);
    let folder = doc.path.rsplit_once('/').map_or("", |(f, _)| f);
    let target = resolve(folder, &percent_decode(src))?;
    input
        .submission
        .iter()
        .map(|(d, _)| *d)
        .find(|d| d.format == Format::Image && d.path.eq_ignore_ascii_case(&target))
}

/// `folder` + `src`, with `.` and `..` resolved; `None` when `..` climbs above the root.
/// A leading `/` is taken from the submission's root.
fn resolve(folder: &str, src: &str) -> Option<String> {
    let mut parts: Vec<&str> = if src.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in src.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `%20` and other escapes of a relative URL, decoded (invalid escapes kept as written).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes.get(i),
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (Some(b'%'), Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (Some(&b), _, _) => {
                out.push(b);
                i += 1;
            }
            (None, _, _) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{Image, MediaFacts};

    fn params() -> Params {
        Params {
            max_bytes: 100 * 1024,
        }
    }

    fn image_file(path: &str, bytes: u64) -> Document {
        let mut d = Document::new(path, Format::Image);
        d.media = Some(MediaFacts {
            bytes: Some(bytes),
            width: Some(600),
            height: Some(400),
            ..Default::default()
        });
        d
    }

    fn run(doc: &Document, others: &[&Document]) -> Output {
        let submission: Vec<(&Document, &str)> = others.iter().map(|d| (*d, "")).collect();
        check(
            &Input {
                doc,
                kind: "newsletter",
                submission: &submission,
                options: &toml::Table::new(),
            },
            &params(),
        )
    }

    fn codes(out: &Output) -> Vec<&str> {
        out.findings.iter().map(|o| o.code.as_str()).collect()
    }

    #[test]
    fn an_image_file_is_weighed() {
        let out = run(&image_file("visuel.png", 108_258), &[]);
        assert_eq!(codes(&out), vec![codes::TOO_HEAVY]);
        assert!(out.findings[0].args.contains(&("kib".into(), "106".into())));
        assert!(out.findings[0]
            .args
            .contains(&("max_kib".into(), "100".into())));
        let out = run(&image_file("visuel.png", 100 * 1024), &[]);
        assert!(out.findings.is_empty());
        assert_eq!(out.evidence[0].code, codes::LIGHT);
    }

    fn html_with(src: &str) -> Document {
        let mut d = Document::new("nl/lettre.html", Format::Html);
        d.images.push(Image {
            src: src.into(),
            alt: Some("x".into()),
            location: Location::span(10, 40),
            ..Default::default()
        });
        d
    }

    #[test]
    fn images_of_a_page_are_found_among_the_submitted_files() {
        let heavy = image_file("nl/images/Bannière été.jpg", 300_000);
        for src in [
            "images/Bannière été.jpg",
            "./images/Banni%C3%A8re%20%C3%A9t%C3%A9.jpg?v=2",
            "../nl/images/bannière été.JPG",
            "/nl/images/Bannière été.jpg",
        ] {
            let out = run(&html_with(src), &[&heavy]);
            assert_eq!(codes(&out), vec![codes::TOO_HEAVY], "{src}");
            assert_eq!(out.findings[0].location, Location::span(10, 40));
        }
        for src in [
            "https://cdn.exemple.fr/nl/images/Bannière été.jpg",
            "//cdn/x.jpg",
            "data:image/png;base64,AAAA",
            "images/autre.jpg",
            "../../../images/Bannière été.jpg",
        ] {
            let out = run(&html_with(src), &[&heavy]);
            assert_eq!(out, Output::default(), "{src}");
        }
    }

    #[test]
    fn embedded_weights_are_used() {
        let mut d = html_with("media/image1.png");
        d.images[0].bytes = Some(250_000);
        assert_eq!(codes(&run(&d, &[])), vec![codes::TOO_HEAVY]);
    }

    #[test]
    fn nothing_weighed_nothing_said() {
        assert_eq!(
            run(&Document::new("a.md", Format::Markdown), &[]),
            Output::default()
        );
    }
}
