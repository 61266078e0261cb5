//! Where an HTML document breaks the HTML grammar in a way the browser (or the mail
//! client) has to repair: an element left open, end tags in the wrong order, text or a
//! `<div>` placed directly inside a `<table>`.
//!
//! The document model keeps start tags, not the tree, so this module runs html5ever's
//! tree builder (the WHATWG parsing algorithm, already built for `scraper`) over the
//! document's text with a sink that builds nothing: it only names elements (the algorithm
//! asks for them) and records each parse error with the line html5ever was on.
//!
//! Kept: the tree-construction errors, which are the repairs that change the structure
//! (html5ever's messages are matched by their stable openings, see [`STRUCTURAL`]).
//! Left out on purpose: a missing or legacy DOCTYPE (the XHTML 1.0 Transitional DOCTYPE
//! of most e-mail templates is "bad" to html5ever but harmless) and the tokenizer's
//! complaints (`&nbsp` without `;`, a duplicate attribute), which browsers read as meant.
//!
//! Limits: html5ever gives a line, not a column. The error is placed on the tag it names
//! when that tag is found on the line, else on the line's first tag, else on the line.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tokenizer::TokenizerOpts;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{Attribute, LocalName, Namespace, ParseOpts, QualName};

/// Most errors recorded per document: a badly broken page has hundreds, and the first
/// ones are what the author must fix.
pub const MAX_ERRORS: usize = 200;

/// Openings of html5ever's tree-builder messages (with `exact_errors`) that report a
/// structural repair.
const STRUCTURAL: &[&str] = &[
    "Unexpected token",
    "Unexpected characters",
    "Non-space table text",
    "Unexpected open element",
    "Unexpected open tag",
    "Formatting element",
    "Found special tag",
    "No <p> tag to close",
    "No heading tag to close",
    "No matching tag to close",
    "Closing wrong heading tag",
    "nested ",
    "Nested ",
    "</body> with no <body> in scope",
    "</html> with no <body> in scope",
    "expected to close <td> or <th> with cell",
    "Unacknowledged self-closing tag",
    "Bad open element on </form>",
    "Form element not in scope",
    "Null form element pointer",
];

/// One repair the parser had to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseProblem {
    /// 1-based line of the document's text.
    pub line: usize,
    /// The tag the error names, as written in HTML (`<td>`, `</b>`), when it names one.
    pub tag: Option<String>,
    /// html5ever's message (English, technical; for tests and debugging only).
    pub message: String,
}

/// The structural parse errors of `html`, in document order, at most [`MAX_ERRORS`].
pub fn structural_errors(html: &str) -> Vec<ParseProblem> {
    let sink = Sink {
        names: RefCell::new(vec![blank_name()]),
        line: Cell::new(1),
        errors: RefCell::new(Vec::new()),
    };
    let opts = ParseOpts {
        tokenizer: TokenizerOpts {
            exact_errors: true,
            ..TokenizerOpts::default()
        },
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            ..TreeBuilderOpts::default()
        },
    };
    let raw = html5ever::parse_document(sink, opts).one(html);
    raw.into_iter()
        .filter(|(_, m)| is_structural(m))
        .map(|(line, message)| ParseProblem {
            line,
            tag: tag_of(&message),
            message,
        })
        .collect()
}

fn is_structural(message: &str) -> bool {
    // Errors before `<html>` are about the DOCTYPE: not a structural repair.
    if message.contains("insertion mode Initial") || message.contains("DOCTYPE") {
        return false;
    }
    STRUCTURAL.iter().any(|s| message.starts_with(s))
}

/// The tag an exact html5ever message names: `Tag { kind: EndTag, name: Atom('td' …`,
/// `while closing Atom('td' …)`, `Unexpected open tag {ns}:table at end of body`.
fn tag_of(message: &str) -> Option<String> {
    // "while closing X": the end tag of X was being processed.
    let end = message.contains("kind: EndTag") || message.contains("while closing");
    let name = if let Some(i) = message.find("Atom(") {
        let rest = message.get(i + 5..)?;
        let rest = rest.trim_start_matches(['\\', '\'']);
        rest.split(['\\', '\'', ' ']).next()
    } else if let Some(i) = message.find("}:") {
        message.get(i + 2..)?.split_whitespace().next()
    } else {
        None
    }?;
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':');
    ok.then(|| {
        if end {
            format!("</{name}>")
        } else {
            format!("<{name}>")
        }
    })
}

fn blank_name() -> QualName {
    QualName::new(None, Namespace::from(""), LocalName::from(""))
}

/// A tree sink that keeps only element names (the tree builder asks for them) and the
/// errors, each with the line being parsed.
struct Sink {
    names: RefCell<Vec<QualName>>,
    line: Cell<u64>,
    errors: RefCell<Vec<(usize, String)>>,
}

impl Sink {
    fn node(&self, name: QualName) -> usize {
        let mut names = self.names.borrow_mut();
        names.push(name);
        names.len() - 1
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Vec<(usize, String)>;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Self::Output {
        self.errors.into_inner()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        let mut errors = self.errors.borrow_mut();
        if errors.len() < MAX_ERRORS && is_structural(&msg) {
            let line = usize::try_from(self.line.get()).unwrap_or(usize::MAX);
            errors.push((line, msg.into_owned()));
        }
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        // Every handle comes from `node`, so the index exists; the guard keeps a logic
        // error from becoming a panic (the document's blank name answers instead).
        Ref::map(self.names.borrow(), |names| {
            names.get(*target).unwrap_or(&names[0])
        })
    }

    fn create_element(&self, name: QualName, _: Vec<Attribute>, _: ElementFlags) -> usize {
        self.node(name)
    }

    fn create_comment(&self, _: StrTendril) -> usize {
        self.node(blank_name())
    }

    fn create_pi(&self, _: StrTendril, _: StrTendril) -> usize {
        self.node(blank_name())
    }

    fn append(&self, _: &usize, _: NodeOrText<usize>) {}

    fn append_based_on_parent_node(&self, _: &usize, _: &usize, _: NodeOrText<usize>) {}

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, _: &usize) -> usize {
        self.node(blank_name())
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _: QuirksMode) {}

    fn append_before_sibling(&self, _: &usize, _: NodeOrText<usize>) {}

    fn add_attrs_if_missing(&self, _: &usize, _: Vec<Attribute>) {}

    fn remove_from_parent(&self, _: &usize) {}

    fn reparent_children(&self, _: &usize, _: &usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(html: &str) -> Vec<(usize, Option<String>)> {
        structural_errors(html)
            .into_iter()
            .map(|p| (p.line, p.tag))
            .collect()
    }

    #[test]
    fn well_formed_email_html_has_none() {
        let html = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \
\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n\
<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>T</title>\n\
<!--[if mso]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]-->\n\
<style>td{padding:0}</style></head>\n\
<body style=\"margin:0\"><div style=\"display:none\">Aperçu&zwnj;&nbsp</div>\n\
<table role=\"presentation\" width=\"600\"><tr><td>a<br/>b <img src=\"x.png\" alt=\"\" /></td></tr>\n\
<tr><td><table><tr><td>inner</td><tr><td>implicit row end</table></td></tr></table>\n\
</body></html>\n";
        assert_eq!(lines(html), vec![]);
        // No DOCTYPE at all: quirks mode, not a structural repair.
        assert_eq!(lines("<html><body><p>x</p></body></html>"), vec![]);
    }

    #[test]
    fn unclosed_and_misnested_markup_is_found_with_its_line() {
        let html = "<!DOCTYPE html>\n<html><body>\n\
<table><tr><td><div>open div</td></tr></table>\n\
<b><i>misnested</b></i>\n\
<table>text in a table<tr><td>x</td></tr></table>\n\
<table><tr><td>never closed\n\
</body></html>\n";
        let found = lines(html);
        assert!(found.contains(&(3, Some("</td>".into()))), "{found:?}");
        assert!(found.iter().any(|(l, _)| *l == 4), "{found:?}");
        assert!(found.iter().any(|(l, _)| *l == 5), "{found:?}");
        assert!(
            found.iter().any(|(_, t)| t.as_deref() == Some("<table>")),
            "{found:?}"
        );
    }

    #[test]
    fn tags_are_read_from_messages() {
        assert_eq!(
            tag_of("Unexpected token Tag(Tag { kind: EndTag, name: Atom(\\'body\\' type=inline), self_closing: false }) in insertion mode InCell"),
            Some("</body>".into())
        );
        assert_eq!(
            tag_of("Unexpected open element while closing Atom('td' type=inline)"),
            Some("</td>".into())
        );
        assert_eq!(
            tag_of("Unexpected open tag {http://www.w3.org/1999/xhtml}:table at end of body"),
            Some("<table>".into())
        );
        assert_eq!(tag_of("Formatting element not open"), None);
    }

    #[test]
    fn the_number_of_errors_is_bounded() {
        let html = "<table>x".repeat(5_000);
        assert!(structural_errors(&html).len() <= MAX_ERRORS);
    }
}
