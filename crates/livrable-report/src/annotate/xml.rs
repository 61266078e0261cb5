//! Editing an XML part by splicing its text: events are read with their byte ranges, and
//! the writers replace a start tag or insert elements at a position, so that everything
//! else in the part stays exactly as the application wrote it.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::{Reader, XmlVersion};

/// Most events read from one part (a 300-page report has about a million): a bound on
/// time for a crafted part.
const MAX_EVENTS: u64 = 20_000_000;

/// Deepest nesting read.
const MAX_DEPTH: usize = 256;

/// A part's events, each with its byte range in the text and its depth (the number of
/// elements open around it; a start tag has the depth of its parent).
pub(crate) struct Scan<'a> {
    reader: Reader<&'a [u8]>,
    part: &'a str,
    depth: usize,
    events: u64,
}

impl<'a> Scan<'a> {
    pub(crate) fn new(text: &'a str, part: &'a str) -> Self {
        Scan {
            reader: Reader::from_str(text),
            part,
            depth: 0,
            events: 0,
        }
    }

    /// The next event, its range and depth; `None` at the end of the part. A malformed
    /// part is an error: no copy is better than a broken one.
    pub(crate) fn next(&mut self) -> Result<Option<(Event<'a>, Range<usize>, usize)>, String> {
        let start = self.reader.buffer_position() as usize;
        let event = self
            .reader
            .read_event()
            .map_err(|e| format!("part {} is not well-formed XML: {e}", self.part))?;
        let end = self.reader.buffer_position() as usize;
        self.events += 1;
        if self.events > MAX_EVENTS {
            return Err(format!("part {} has too many XML events", self.part));
        }
        let depth = self.depth;
        match &event {
            Event::Eof => {
                if self.depth != 0 {
                    return Err(format!("part {} ends inside an element", self.part));
                }
                return Ok(None);
            }
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(format!("part {} nests too deep", self.part));
                }
            }
            Event::End(_) => {
                self.depth = self
                    .depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("part {} closes an element never opened", self.part))?;
                return Ok(Some((event, start..end, self.depth)));
            }
            _ => {}
        }
        Ok(Some((event, start..end, depth)))
    }
}

/// Replacements and insertions in a text, applied together.
#[derive(Debug, Default)]
pub(crate) struct Edits {
    list: Vec<(Range<usize>, String)>,
}

impl Edits {
    /// Replaces the bytes of `range` with `text`.
    pub(crate) fn replace(&mut self, range: Range<usize>, text: String) {
        self.list.push((range, text));
    }

    /// Inserts `text` at `at`; insertions at the same place keep their order.
    pub(crate) fn insert(&mut self, at: usize, text: String) {
        self.list.push((at..at, text));
    }

    /// The text with every edit made. Edits must not overlap (the writers edit distinct
    /// tags and insert between them).
    pub(crate) fn apply(mut self, text: &str) -> String {
        // Stable: insertions at one place stay in the order they were made, and come
        // before a replacement that starts there.
        self.list.sort_by_key(|(r, _)| (r.start, r.end != r.start));
        let mut out = String::with_capacity(
            text.len() + self.list.iter().map(|(_, t)| t.len()).sum::<usize>(),
        );
        let mut at = 0;
        for (range, new) in self.list {
            debug_assert!(range.start >= at, "edits overlap");
            out.push_str(&text[at..range.start.max(at)]);
            out.push_str(&new);
            at = range.end.max(at);
        }
        out.push_str(&text[at..]);
        out
    }
}

/// The value of the first attribute whose key passes `matches`, entities resolved.
fn value(e: &BytesStart<'_>, matches: impl Fn(QName<'_>) -> bool) -> Option<String> {
    let a = e
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| matches(a.key))?;
    a.normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(Cow::into_owned)
}

/// An attribute's value by its name as written (`r:id`).
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    value(e, |key| key.as_ref() == name)
}

/// An attribute's value by its local name, whatever its prefix (`table:style-name`).
pub(crate) fn attr_local(e: &BytesStart<'_>, local: &str) -> Option<String> {
    value(e, |key| key.local_name().as_ref() == local)
}

/// The text an event holds: text, CDATA, or a character or predefined entity reference.
pub(crate) fn text_of<'e>(event: &'e Event<'_>) -> Option<Cow<'e, str>> {
    match event {
        Event::Text(t) => Some(t.xml_content(XmlVersion::Implicit1_0)),
        Event::CData(t) => Some(t.xml_content(XmlVersion::Implicit1_0)),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
            _ => quick_xml::escape::resolve_predefined_entity(r.as_ref()).map(Cow::Borrowed),
        },
        _ => None,
    }
}

/// The start tag `e` written again with the attribute `name` set to `value` (replaced
/// where it is, or added at the end); the other attributes as they were written.
/// `empty` writes `<…/>`.
pub(crate) fn set_attr(e: &BytesStart<'_>, name: &str, value: &str, empty: bool) -> String {
    let mut out = format!("<{}", e.name().as_ref());
    let mut found = false;
    for a in e.attributes().with_checks(false).flatten() {
        out.push(' ');
        out.push_str(a.key.as_ref());
        out.push_str("=\"");
        if a.key.as_ref() == name {
            out.push_str(&escape(value));
            found = true;
        } else {
            out.push_str(&a.value.replace('"', "&quot;"));
        }
        out.push('"');
    }
    if !found {
        out.push_str(&format!(" {name}=\"{}\"", escape(value)));
    }
    out.push_str(if empty { "/>" } else { ">" });
    out
}

/// Text escaped for element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The prefix the root element binds to a namespace (`xmlns:table="…"` gives `table`).
pub(crate) fn prefix_of(root: &BytesStart<'_>, uri: &str) -> Option<String> {
    root.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref().starts_with("xmlns:") && a.value.as_ref() == uri)
        .map(|a| a.key.as_ref()["xmlns:".len()..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_splice_in_order() {
        let text = "<a><b x='1'/></a>";
        let mut edits = Edits::default();
        edits.insert(3, "<i/>".into());
        edits.replace(3..13, "<b x=\"2\"/>".into());
        edits.insert(3, "<j/>".into());
        edits.insert(17, "!".into());
        assert_eq!(edits.apply(text), "<a><i/><j/><b x=\"2\"/></a>!");
    }

    #[test]
    fn scan_gives_ranges_and_depths() {
        let text = "<?xml version=\"1.0\"?><a><b>t&amp;</b><c/></a>";
        let mut scan = Scan::new(text, "x.xml");
        let mut seen = Vec::new();
        while let Some((event, range, depth)) = scan.next().unwrap() {
            if let Event::Start(e) | Event::Empty(e) = &event {
                seen.push((e.name().as_ref().to_string(), &text[range], depth));
            }
        }
        assert_eq!(
            seen,
            [
                ("a".to_string(), "<a>", 0),
                ("b".into(), "<b>", 1),
                ("c".into(), "<c/>", 1)
            ]
        );
        assert!(Scan::new("<a><b></a>", "x").next().is_ok());
        let mut broken = Scan::new("<a><b>", "x");
        let mut result = Ok(None);
        for _ in 0..4 {
            result = broken.next();
            if result.is_err() {
                break;
            }
        }
        assert!(result.is_err());
    }

    #[test]
    fn attributes_are_set_in_place() {
        let mut r = Reader::from_str("<c r=\"A1\" s=\"3\" t=\"s\"/><d a='x&amp;y'/>");
        let Ok(Event::Empty(c)) = r.read_event() else {
            panic!()
        };
        assert_eq!(
            set_attr(&c, "s", "7", true),
            "<c r=\"A1\" s=\"7\" t=\"s\"/>"
        );
        assert_eq!(
            set_attr(&c, "x", "<", false),
            "<c r=\"A1\" s=\"3\" t=\"s\" x=\"&lt;\">"
        );
        let Ok(Event::Empty(d)) = r.read_event() else {
            panic!()
        };
        assert_eq!(attr(&d, "a").as_deref(), Some("x&y"));
    }
}
