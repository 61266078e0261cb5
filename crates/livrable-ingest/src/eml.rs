//! E-mail reader (`.eml`, RFC 5322 with MIME): the newsletter as the recipient's client
//! receives it.
//!
//! Parser: `mail-parser` (Stalwart Labs), which handles what hand-written MIME code gets
//! wrong: multipart nesting, quoted-printable and base64 transfer encodings, RFC 2047
//! encoded words in headers, and charsets (with `full_encoding`, every charset
//! `encoding_rs` knows). It never panics on malformed input by design and bounds its own
//! nesting of encapsulated messages.
//!
//! What is kept:
//! - the first `text/html` body part, decoded to UTF-8, read by the HTML reader
//!   ([`crate::html::read`]) so that a newsletter checks the same whether it is submitted as
//!   an `.html` file or as the e-mail that was sent; the document's text is that decoded
//!   HTML and every span points into it (not into the raw message, whose quoted-printable
//!   soft breaks would make positions meaningless to the candidate);
//! - four headers the newsletter checks need, in [`livrable_model::Metadata::front_matter`]
//!   under lower-case keys: `list-unsubscribe` and `list-unsubscribe-post` (RFC 2369 and
//!   RFC 8058 one-click unsubscribe), `from` (`Name <address>`) and `subject` (decoded).
//!   Folded header lines are unfolded and white space collapsed.
//!
//! An e-mail without an HTML part (plain text only) gives a document of its text, with the
//! same headers and no elements: the newsletter check reports that it has no HTML.
//!
//! Limits: attachments and inline images are ignored (their size does not count towards
//! Gmail's clipping threshold either); only the first HTML part is read (a
//! `multipart/alternative` has one); a message that `mail-parser` cannot parse at all is
//! reported unreadable.

use livrable_model::Format;
use mail_parser::{Address, HeaderName, MessageParser, PartType};

use crate::read::Read;

/// Reads an `.eml` file's bytes.
pub fn read(path: &str, bytes: &[u8]) -> Read {
    let Some(message) = MessageParser::default().parse(bytes) else {
        return Read::unreadable("not an e-mail message (no headers could be read)");
    };
    if message.parts.is_empty() {
        return Read::unreadable("not an e-mail message (no headers could be read)");
    }

    let html = message.html_bodies().find_map(|part| match &part.body {
        PartType::Html(html) => Some(html.to_string()),
        _ => None,
    });
    let mut doc = match html {
        Some(html) => crate::html::read(path, html),
        None => {
            let text = message
                .text_bodies()
                .find_map(|part| match &part.body {
                    PartType::Text(text) => Some(text.to_string()),
                    _ => None,
                })
                .unwrap_or_default();
            let mut doc = crate::markdown::read_plain(path, text);
            // A plain-text mail has no markup: whatever the text reader inferred, no element.
            doc.elements.clear();
            doc
        }
    };
    doc.format = Format::Eml;

    let headers = &mut doc.meta.front_matter;
    for (key, name) in [
        ("list-unsubscribe", HeaderName::ListUnsubscribe),
        ("list-unsubscribe-post", HeaderName::ListUnsubscribePost),
    ] {
        if let Some(raw) = message.header_raw(name) {
            let value = unfold(raw);
            if !value.is_empty() {
                headers.insert(key.to_string(), value);
            }
        }
    }
    if let Some(from) = message.from().and_then(address_text) {
        headers.insert("from".to_string(), from);
    }
    if let Some(subject) = message.subject().map(unfold).filter(|s| !s.is_empty()) {
        headers.insert("subject".to_string(), subject);
    }
    Read {
        doc: Some(doc),
        problems: Vec::new(),
    }
}

/// `Name <address>`, `address`, or `Name`, for the first sender.
fn address_text(address: &Address<'_>) -> Option<String> {
    let first = address.first()?;
    let name = first.name().map(unfold).filter(|n| !n.is_empty());
    let addr = first.address().map(str::trim).filter(|a| !a.is_empty());
    match (name, addr) {
        (Some(n), Some(a)) => Some(format!("{n} <{a}>")),
        (Some(n), None) => Some(n),
        (None, Some(a)) => Some(a.to_string()),
        (None, None) => None,
    }
}

/// A header value on one line: folding and runs of white space become one space.
fn unfold(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::Document;

    fn doc(raw: &str) -> Document {
        read("lettre.eml", raw.as_bytes())
            .doc
            .expect("the message is read")
    }

    const QP_HTML: &str =
        "From: =?utf-8?q?Association_Les_Jardins_Partag=C3=A9s?= <lettre@jardins.example.org>\r\n\
To: adherent@example.net\r\n\
Subject: =?utf-8?q?La_lettre_de_f=C3=A9vrier?=\r\n\
List-Unsubscribe: <mailto:desinscription@jardins.example.org?subject=stop>,\r\n\
\x20<https://jardins.example.org/desinscription?id=42>\r\n\
List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Bonjour =C3=A0 tous\r\n\
--b1\r\n\
Content-Type: text/html; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
<html lang=3D\"fr\"><head><title>F=C3=A9vrier</title></head><body><p>Bonjour =\r\n\
=C3=A0 tous</p><a href=3D\"https://jardins.example.org/\">Le site</a></body></html>\r\n\
--b1--\r\n";

    #[test]
    fn reads_the_html_part_decoded_with_its_headers() {
        let d = doc(QP_HTML);
        assert_eq!(d.format, Format::Eml);
        assert!(d.text.starts_with("<html lang=\"fr\">"), "{}", d.text);
        assert_eq!(d.meta.title.as_deref(), Some("Février"));
        assert_eq!(d.meta.lang.as_deref(), Some("fr"));
        assert!(d.blocks.iter().any(|b| b.text == "Bonjour à tous"));
        assert_eq!(d.links.len(), 1);
        let link = &d.links[0];
        let span = link.location.range().expect("a span");
        assert!(
            d.text[span].starts_with("<a href="),
            "spans index the decoded HTML"
        );
        let h = &d.meta.front_matter;
        assert_eq!(
            h.get("list-unsubscribe").map(String::as_str),
            Some(
                "<mailto:desinscription@jardins.example.org?subject=stop>, \
                 <https://jardins.example.org/desinscription?id=42>"
            )
        );
        assert_eq!(
            h.get("list-unsubscribe-post").map(String::as_str),
            Some("List-Unsubscribe=One-Click")
        );
        assert_eq!(
            h.get("from").map(String::as_str),
            Some("Association Les Jardins Partagés <lettre@jardins.example.org>")
        );
        assert_eq!(
            h.get("subject").map(String::as_str),
            Some("La lettre de février")
        );
    }

    #[test]
    fn decodes_base64_and_legacy_charsets() {
        // "<p>Été</p>" in ISO-8859-1, base64.
        let raw = "Subject: x\r\nContent-Type: text/html; charset=iso-8859-1\r\n\
Content-Transfer-Encoding: base64\r\n\r\nPHA+yXTpPC9wPg==\r\n";
        let d = doc(raw);
        assert_eq!(d.text, "<p>Été</p>");
        assert_eq!(d.blocks[0].text, "Été");
        assert!(!d.meta.front_matter.contains_key("list-unsubscribe"));
    }

    #[test]
    fn a_text_only_mail_has_no_elements() {
        let raw = "From: a@example.org\r\nSubject: Hello\r\nContent-Type: text/plain\r\n\r\nJust text.\r\n";
        let d = doc(raw);
        assert_eq!(d.format, Format::Eml);
        assert!(d.elements.is_empty());
        assert!(d.text.contains("Just text."));
        assert_eq!(
            d.meta.front_matter.get("from").map(String::as_str),
            Some("a@example.org")
        );
    }

    #[test]
    fn garbage_does_not_panic() {
        for raw in [
            &b""[..],
            b"\xff\xfe\x00garbage",
            b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x\r\n--x--",
            b"Subject: =?utf-8?b?////?=\r\n\r\n",
        ] {
            let _ = read("x.eml", raw);
        }
    }
}
