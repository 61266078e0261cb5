//! What the OpenDocument writers (ODS, ODT) share: the namespace prefixes of the XML they
//! insert, and the annotation element.

use quick_xml::events::BytesStart;

use super::xml::{escape, prefix_of};

const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const STYLE: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
const FO: &str = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
const DC: &str = "http://purl.org/dc/elements/1.1/";

/// The prefixes the inserted XML uses, and the declarations the root lacks.
#[derive(Debug)]
pub(crate) struct Names {
    pub office: String,
    pub table: String,
    pub text: String,
    pub style: String,
    pub fo: String,
    pub dc: String,
    /// `xmlns:…` declarations to add to the root element.
    pub missing: String,
}

impl Names {
    pub fn of(root: &BytesStart<'_>) -> Names {
        let mut missing = String::new();
        let mut get = |uri: &str, usual: &str| match prefix_of(root, uri) {
            Some(p) => p,
            None => {
                // The usual prefix, unless the document binds it to something else.
                let taken = root
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .any(|a| a.key.as_ref() == format!("xmlns:{usual}"));
                let p = if taken {
                    format!("livrable-{usual}")
                } else {
                    usual.to_string()
                };
                missing.push_str(&format!(" xmlns:{p}=\"{uri}\""));
                p
            }
        };
        let office = get(OFFICE, "office");
        let table = get(TABLE, "table");
        let text = get(TEXT, "text");
        let style = get(STYLE, "style");
        let fo = get(FO, "fo");
        let dc = get(DC, "dc");
        Names {
            office,
            table,
            text,
            style,
            fo,
            dc,
            missing,
        }
    }

    /// An `office:annotation` by `author` holding `text` (a paragraph per line); `name`
    /// names it, for an annotation that spans text up to its `office:annotation-end`.
    pub fn annotation(&self, author: &str, text: &str, name: Option<&str>) -> String {
        let (o, t, d) = (&self.office, &self.text, &self.dc);
        let name = name
            .map(|n| format!(" {o}:name=\"{}\"", escape(n)))
            .unwrap_or_default();
        let mut xml = format!(
            "<{o}:annotation{name}><{d}:creator>{}</{d}:creator>",
            escape(author)
        );
        for line in text.split('\n') {
            if line.is_empty() {
                xml.push_str(&format!("<{t}:p/>"));
            } else {
                xml.push_str(&format!("<{t}:p>{}</{t}:p>", escape(line)));
            }
        }
        xml.push_str(&format!("</{o}:annotation>"));
        xml
    }
}
