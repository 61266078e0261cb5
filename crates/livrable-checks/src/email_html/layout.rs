//! Widths wider than a mail client's reading pane.

use livrable_model::{Element, Location, Observation};

use super::css::{CssUse, Item, Value};
use super::page::Page;
use super::{codes, Layout};
use crate::Output;

pub(super) fn layout(page: &Page, p: &Layout, out: &mut Output) {
    let mut widest: Option<u32> = None;
    let mut over: Vec<(u32, Location)> = Vec::new();
    for (i, e) in page.doc.elements.iter().enumerate() {
        if !p.elements.contains(&e.tag) {
            continue;
        }
        let Some(width) = width_of(e, page.inline_of(i)) else {
            continue;
        };
        if width > p.max_width_px {
            over.push((width, e.location.clone()));
        } else {
            widest = Some(widest.map_or(width, |w| w.max(width)));
        }
    }
    if let Some((width, at)) = over.first() {
        out.findings.push(
            Observation::new(codes::TOO_WIDE, at.clone())
                .arg("width", width)
                .arg("max", p.max_width_px)
                .arg("count", over.len()),
        );
    } else if let Some(width) = widest {
        out.evidence
            .push(Observation::new(codes::LAYOUT, Location::whole()).arg("width", width));
    }
}

/// The width in CSS pixels an element asks for, from its `style` (`width`, capped by
/// `max-width`, raised by `min-width`) or else its `width` attribute. `None` for a fluid
/// element (a percentage, `auto`, nothing).
fn width_of(e: &Element, inline: &[CssUse]) -> Option<u32> {
    let mut style_width: Option<Option<f32>> = None;
    let mut max_width = None;
    let mut min_width = None;
    for u in inline {
        if let Item::Declaration { property, values } = &u.item {
            let px = values.iter().find_map(|v| match v {
                Value::Length { value, unit } if unit == "px" => Some(*value),
                Value::Number(value) if *value == 0.0 => Some(0.0),
                _ => None,
            });
            match property.as_str() {
                "width" => style_width = Some(px),
                "max-width" => max_width = px.or(max_width),
                "min-width" => min_width = px.or(min_width),
                _ => {}
            }
        }
    }
    let attr = e.attr("width").and_then(attribute_px);
    // A `style` width (even a fluid one) overrides the attribute, as in browsers.
    let width = match style_width {
        Some(w) => w,
        None => attr,
    };
    let width = match (width, max_width) {
        (Some(w), Some(m)) => Some(w.min(m)),
        (None, Some(m)) => Some(m),
        (w, None) => w,
    };
    let width = match (width, min_width) {
        (Some(w), Some(m)) => Some(w.max(m)),
        (None, Some(m)) => Some(m),
        (w, None) => w,
    };
    width
        .filter(|w| w.is_finite() && *w > 0.0)
        .map(|w| w.round().min(u32::MAX as f32) as u32)
}

/// `600`, `600px`, ` 600 ` → 600; `100%`, `auto` → `None`.
pub(super) fn attribute_px(value: &str) -> Option<f32> {
    let v = value.trim().to_ascii_lowercase();
    let v = v.strip_suffix("px").unwrap_or(&v).trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    v.parse().ok()
}
