//! Image files (PNG, JPEG, GIF, WebP, AVIF/HEIC, SVG) into a [`Format::Image`] document.
//!
//! What is read: the file's weight in bytes, its pixel dimensions and its encoding, into
//! [`MediaFacts`] (`bytes`, `width`, `height`, `codec`). Dimensions come from the header
//! only (the `imagesize` crate reads a few hundred bytes and never decodes pixels), so a
//! 50-megapixel photo costs nothing to measure. For SVG, the root element's `width` and
//! `height` (in pixels or unitless), or else its `viewBox`, give the dimensions.
//!
//! The image is not listed in [`Document::images`]: a submitted image file has no
//! alternative text of its own (that lives in the page or post that shows it), and listing
//! it with `alt: None` would make the image-alt check report every poster and visual.
//!
//! Limits: a raster file whose header cannot be read is unreadable; an SVG whose size is
//! given in other units (`mm`, `%`) or not at all has no dimensions but is still read.
//! Animated GIF/WebP frames, colour profiles and compression quality are not read.

use livrable_model::{Document, Format, MediaFacts};

use crate::Read;

/// Reads an image file's header.
pub(crate) fn read(path: &str, bytes: &[u8]) -> Read {
    let mut doc = Document::new(path, Format::Image);
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let facts = if looks_like_svg(bytes) {
        let (width, height) = svg_size(bytes);
        MediaFacts {
            bytes: Some(size),
            width,
            height,
            codec: Some("svg".into()),
            ..Default::default()
        }
    } else {
        let codec = match imagesize::image_type(bytes) {
            Ok(t) => codec_name(&t),
            Err(_) => {
                return Read::unreadable(
                    "not an image this tool can read (PNG, JPEG, GIF, WebP, AVIF, HEIC, SVG)",
                )
            }
        };
        match imagesize::blob_size(bytes) {
            Ok(dim) => MediaFacts {
                bytes: Some(size),
                width: u32::try_from(dim.width).ok(),
                height: u32::try_from(dim.height).ok(),
                codec: Some(codec.into()),
                ..Default::default()
            },
            Err(e) => return Read::unreadable(format!("the image header cannot be read: {e}")),
        }
    };
    doc.media = Some(facts);
    Read {
        doc: Some(doc),
        problems: Vec::new(),
    }
}

fn codec_name(t: &imagesize::ImageType) -> &'static str {
    use imagesize::ImageType as T;
    match t {
        T::Png => "png",
        T::Jpeg => "jpeg",
        T::Gif => "gif",
        T::Webp => "webp",
        T::Heif(_) => "heif",
        T::Bmp => "bmp",
        T::Tiff => "tiff",
        _ => "other",
    }
}

/// An SVG file starts (after a BOM, white space, an XML declaration or comments) with
/// markup that names `<svg`; raster formats start with binary magic numbers.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('<') && head.contains("<svg")
}

/// Width and height of an SVG's root element, in pixels: its `width`/`height` attributes
/// when they are unitless or in `px`, else the `viewBox` size.
fn svg_size(bytes: &[u8]) -> (Option<u32>, Option<u32>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    // The root element comes within the first few events; the bound keeps a file of
    // comments from being walked to its end.
    for _ in 0..1000 {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                if e.local_name().as_ref() != "svg" {
                    return (None, None);
                }
                let mut width = None;
                let mut height = None;
                let mut view_box = None;
                for attr in e.attributes().with_checks(false).flatten() {
                    let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    else {
                        continue;
                    };
                    let value = value.into_owned();
                    match attr.key.local_name().as_ref() {
                        "width" => width = pixels(&value),
                        "height" => height = pixels(&value),
                        "viewBox" => view_box = Some(value),
                        _ => {}
                    }
                }
                if width.is_none() || height.is_none() {
                    if let Some(vb) = view_box {
                        let n: Vec<f64> = vb
                            .split([' ', ',', '\t', '\n'])
                            .filter(|s| !s.is_empty())
                            .filter_map(|s| s.parse().ok())
                            .collect();
                        if let [_, _, w, h] = n.as_slice() {
                            width = width.or_else(|| to_u32(*w));
                            height = height.or_else(|| to_u32(*h));
                        }
                    }
                }
                return (width, height);
            }
            Ok(Event::Eof) | Err(_) => return (None, None),
            _ => {}
        }
        buf.clear();
    }
    (None, None)
}

/// `"300"` or `"300px"` → 300; other units → `None`.
fn pixels(value: &str) -> Option<u32> {
    let v = value.trim();
    let v = v.strip_suffix("px").unwrap_or(v).trim();
    v.parse::<f64>().ok().and_then(to_u32)
}

fn to_u32(v: f64) -> Option<u32> {
    (v.is_finite() && v >= 0.0 && v < f64::from(u32::MAX)).then(|| v.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes() {
        let s = |t: &str| svg_size(t.as_bytes());
        assert_eq!(
            s(
                r#"<?xml version="1.0"?><!-- x --><svg xmlns="http://www.w3.org/2000/svg" width="300" height="150px"/>"#
            ),
            (Some(300), Some(150))
        );
        assert_eq!(
            s(r#"<svg viewBox="0 0 1200 627.4"><rect/></svg>"#),
            (Some(1200), Some(627))
        );
        assert_eq!(s(r#"<svg width="10cm" height="5cm"/>"#), (None, None));
        assert_eq!(s("<html/>"), (None, None));
        assert_eq!(s("<svg width='-5' height='nan'"), (None, None));
    }

    #[test]
    fn svg_is_recognised_by_its_markup() {
        assert!(looks_like_svg(b"\xef\xbb\xbf  <?xml?>\n<svg/>"));
        assert!(!looks_like_svg(b"\x89PNG\r\n\x1a\n<svg"));
        assert!(!looks_like_svg(b""));
    }
}
