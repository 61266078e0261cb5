//! Streaming XML over one part, with the depth and event bounds, and attribute helpers.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use super::{MAX_XML_DEPTH, MAX_XML_EVENTS};

/// A streaming XML reader over one part's text, with the depth and event bounds.
pub(crate) struct Xml<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    part: &'a str,
    depth: usize,
    events: u64,
}

impl<'a> Xml<'a> {
    pub(crate) fn new(text: &'a str, part: &'a str) -> Self {
        let mut reader = quick_xml::Reader::from_str(text);
        let config = reader.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = false;
        config.check_end_names = true;
        Xml {
            reader,
            part,
            depth: 0,
            events: 0,
        }
    }

    /// The next event. Errors (as the reason shown to the user) on malformed XML, on
    /// nesting or length past the bounds, and on a part that ends with elements open.
    pub(crate) fn next(&mut self) -> Result<Event<'a>, String> {
        self.events += 1;
        if self.events > MAX_XML_EVENTS {
            return Err(format!(
                "{} has more than {MAX_XML_EVENTS} XML elements",
                self.part
            ));
        }
        let event = self
            .reader
            .read_event()
            .map_err(|e| format!("{} is not well-formed XML (damaged file?): {e}", self.part))?;
        match &event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_XML_DEPTH {
                    return Err(format!(
                        "{} nests XML elements more than {MAX_XML_DEPTH} levels deep",
                        self.part
                    ));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Eof if self.depth > 0 => {
                return Err(format!(
                    "{} ends before its elements are closed (truncated file?)",
                    self.part
                ))
            }
            _ => {}
        }
        Ok(event)
    }

    /// Skips the rest of the element whose start tag was just read.
    pub(crate) fn skip(&mut self) -> Result<(), String> {
        let depth = self.depth;
        loop {
            match self.next()? {
                Event::End(_) if self.depth < depth => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

/// The character data of an event: text, CDATA, or a character or predefined entity
/// reference (other entities are not expanded: they would need the document type).
pub(crate) fn text_of<'e>(event: &'e Event<'_>) -> Option<Cow<'e, str>> {
    match event {
        Event::Text(t) => Some(t.xml10_content()),
        Event::CData(t) => Some(t.xml10_content()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                Some(Cow::Owned(c.to_string()))
            } else {
                quick_xml::escape::resolve_predefined_entity(r.as_ref()).map(Cow::Borrowed)
            }
        }
        _ => None,
    }
}

/// An attribute's value by qualified name (`w:val`), entities resolved.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// An attribute's value by local name (`embed` for `r:embed`), whatever its prefix.
pub(crate) fn attr_local(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A relationship id (`r:id`): the attribute named `id` with a prefix, whatever the
/// prefix is bound to (a plain `id` is an element's own number).
pub(crate) fn rel_id(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.prefix().is_some() && a.key.local_name().as_ref() == "id")
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// True for the values OOXML and ODF write for "on": `1`, `true`, `on`.
pub(crate) fn is_on(v: &str) -> bool {
    matches!(v.trim(), "1" | "true" | "on")
}
