//! What a newsletter's CSS uses: properties and their values, functions, `url()`s,
//! at-rules, media features and pseudo-classes, from `style` attributes and `<style>`
//! blocks.
//!
//! Tokenising is `cssparser`'s (Servo's CSS tokenizer, already built for `scraper`): it gets
//! comments, strings, escapes and nested blocks right. On top of it this module walks the
//! token stream with a few rules of thumb rather than a full CSS grammar, because only
//! *what is used* matters here, not the cascade:
//!
//! - in a rule list, `@name … ;` or `@name … { }` is an at-rule, anything else up to a
//!   `{ }` block is a selector (its `:hover` and `::before` are recorded);
//! - in a declaration block, `name: value` up to `;` is a declaration; a `{ }` block met
//!   on the way makes it a nested rule (CSS nesting) instead.
//!
//! Limits: at most [`MAX_USES`] uses are kept and blocks nested deeper than [`MAX_DEPTH`]
//! are skipped, which bounds memory and recursion on hostile input. Spans are byte offsets
//! into the document's text for `<style>` blocks; for a `style` attribute (whose value the
//! reader has already decoded) there is none, and the caller points at the element.

use std::ops::Range;

use cssparser::{ParseError, Parser, Token};

/// Most uses kept per scan.
pub const MAX_USES: usize = 100_000;
/// Deepest block nesting walked (`@media { .a { … } }` is 2).
pub const MAX_DEPTH: usize = 16;

/// One thing a style sheet or a `style` attribute uses.
#[derive(Debug, Clone, PartialEq)]
pub struct CssUse {
    pub item: Item,
    /// Byte span in the document's text, when known.
    pub span: Option<Range<usize>>,
}

/// What is used.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `property: values` (property in lower case; `--custom` properties included).
    Declaration {
        property: String,
        values: Vec<Value>,
    },
    /// `@media`, `@import "…"` (with its address), `@font-face`: name in lower case,
    /// without `@`.
    AtRule { name: String, url: Option<String> },
    /// A media feature in an at-rule's prelude: `prefers-color-scheme`, `hover`.
    MediaFeature(String),
    /// A pseudo-class or pseudo-element in a selector: `hover`, `before`, `nth-child`.
    Pseudo(String),
}

/// A component of a declaration's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A keyword, lower case (`flex`, `none`).
    Keyword(String),
    /// A number with a unit, unit in lower case (`600px`, `1.5em`).
    Length { value: f32, unit: String },
    /// A unitless number.
    Number(f32),
    /// A percentage, as written (`100` for `100%`).
    Percentage(f32),
    /// A function's name, lower case (`calc`, `var`, `linear-gradient`); its arguments
    /// follow as further values.
    Function(String),
    /// The address of a `url()`.
    Url(String),
}

impl Item {
    /// The declaration's values, or nothing.
    pub fn values(&self) -> &[Value] {
        match self {
            Item::Declaration { values, .. } => values,
            _ => &[],
        }
    }
}

/// The declarations of a `style` attribute.
pub fn scan_style_attribute(style: &str) -> Vec<CssUse> {
    let mut parser = Parser::new(style);
    let mut scan = Scan {
        base: None,
        uses: Vec::new(),
    };
    scan.declarations(&mut parser, 0);
    scan.uses
}

/// Everything a style sheet (the content of a `<style>` element, starting at byte `base`
/// of the document's text) uses.
pub fn scan_stylesheet(css: &str, base: usize) -> Vec<CssUse> {
    let mut parser = Parser::new(css);
    let mut scan = Scan {
        base: Some(base),
        uses: Vec::new(),
    };
    scan.rules(&mut parser, 0);
    scan.uses
}

type Done = Result<(), ParseError<()>>;

struct Scan {
    base: Option<usize>,
    uses: Vec<CssUse>,
}

impl Scan {
    fn push(&mut self, item: Item, start: usize, end: usize) {
        if self.uses.len() < MAX_USES {
            let span = self.base.map(|b| b + start..b + end.max(start));
            self.uses.push(CssUse { item, span });
        }
    }

    fn full(&self) -> bool {
        self.uses.len() >= MAX_USES
    }

    /// A list of rules: at-rules and qualified (selector) rules.
    fn rules(&mut self, p: &mut Parser, depth: usize) {
        while !self.full() {
            p.skip_whitespace();
            let start = p.position().byte_index();
            let token = match p.next() {
                Ok(t) => t.clone(),
                Err(_) => break,
            };
            match token {
                Token::AtKeyword(name) => self.at_rule(p, &name, start, depth),
                // `<!--` and `-->` around a style sheet, for very old clients.
                Token::CDO | Token::CDC | Token::Semicolon => {}
                Token::CurlyBracketBlock => self.block(p, depth, Body::Declarations),
                first => self.qualified_rule(p, first, start, depth),
            }
        }
    }

    /// A selector up to its `{ }` block, then the block as declarations.
    fn qualified_rule(&mut self, p: &mut Parser, first: Token, start: usize, depth: usize) {
        let mut previous = first;
        loop {
            let at = p.position().byte_index();
            let token = match p.next_including_whitespace() {
                Ok(t) => t.clone(),
                Err(_) => return,
            };
            match (&previous, &token) {
                (Token::Colon, Token::Ident(name) | Token::Function(name)) => {
                    let name = name.to_ascii_lowercase();
                    let end = p.position().byte_index();
                    self.push(Item::Pseudo(name), at.saturating_sub(1).max(start), end);
                }
                (_, Token::CurlyBracketBlock) => {
                    self.block(p, depth, Body::Declarations);
                    return;
                }
                (_, Token::Semicolon) => return,
                _ => {}
            }
            previous = token;
        }
    }

    /// `@name prelude ;` or `@name prelude { block }`.
    fn at_rule(&mut self, p: &mut Parser, name: &str, start: usize, depth: usize) {
        let name = name.to_ascii_lowercase();
        let mut url = None;
        let mut features = Vec::new();
        let body = loop {
            let token = match p.next() {
                Ok(t) => t.clone(),
                Err(_) => break None,
            };
            match token {
                Token::Semicolon => break None,
                Token::CurlyBracketBlock => break Some(()),
                Token::QuotedString(s) | Token::UnquotedUrl(s) if url.is_none() => {
                    url = Some(s.to_string());
                }
                Token::Function(f) if f.eq_ignore_ascii_case("url") => {
                    let _ = p.parse_nested_block(|p| -> Done {
                        if let Ok(Token::QuotedString(s)) = p.next() {
                            url = Some(s.to_string());
                        }
                        Ok(())
                    });
                }
                Token::ParenthesisBlock => {
                    let _ = p.parse_nested_block(|p| -> Done {
                        media_features(p, &mut features);
                        Ok(())
                    });
                }
                _ => {}
            }
        };
        let end = p.position().byte_index();
        self.push(
            Item::AtRule {
                name: name.clone(),
                url,
            },
            start,
            end.min(start + name.len() + 1).max(start),
        );
        for feature in features {
            self.push(Item::MediaFeature(feature), start, end);
        }
        if body.is_some() {
            let kind = match name.as_str() {
                "font-face" | "page" | "viewport" | "-ms-viewport" | "counter-style"
                | "property" => Body::Declarations,
                _ => Body::Rules,
            };
            self.block(p, depth, kind);
        }
    }

    /// The `{ }` block just read, as rules or declarations, unless too deep.
    fn block(&mut self, p: &mut Parser, depth: usize, body: Body) {
        if depth >= MAX_DEPTH || self.full() {
            // Not entered: the parser skips the block at the next token.
            return;
        }
        let _ = p.parse_nested_block(|p| -> Done {
            match body {
                Body::Rules => self.rules(p, depth + 1),
                Body::Declarations => self.declarations(p, depth + 1),
            }
            Ok(())
        });
    }

    /// `name: value;` items, with nested rules and at-rules where they occur.
    fn declarations(&mut self, p: &mut Parser, depth: usize) {
        while !self.full() {
            p.skip_whitespace();
            let start = p.position().byte_index();
            let token = match p.next() {
                Ok(t) => t.clone(),
                Err(_) => break,
            };
            match token {
                Token::Semicolon => {}
                Token::AtKeyword(name) => self.at_rule(p, &name, start, depth),
                Token::Ident(name) => {
                    let state = p.state();
                    if matches!(p.next(), Ok(Token::Colon)) {
                        self.declaration(p, name.to_ascii_lowercase(), start, depth);
                    } else {
                        p.reset(&state);
                        self.qualified_rule(p, Token::Ident(name), start, depth);
                    }
                }
                Token::CurlyBracketBlock => self.block(p, depth, Body::Declarations),
                other => self.qualified_rule(p, other, start, depth),
            }
        }
    }

    /// The value after `property:`, up to `;` or the end of the block. A `{ }` block on
    /// the way means the "property" was a selector such as `a:hover`.
    fn declaration(&mut self, p: &mut Parser, property: String, start: usize, depth: usize) {
        let mut values = Vec::new();
        while let Ok(token) = p.next() {
            match token.clone() {
                Token::Semicolon => break,
                Token::CurlyBracketBlock => {
                    // `a:hover { … }`: the first keyword was a pseudo-class.
                    if let Some(Value::Keyword(name)) = values.first() {
                        let end = p.position().byte_index();
                        self.push(Item::Pseudo(name.clone()), start, end);
                    }
                    self.block(p, depth, Body::Declarations);
                    return;
                }
                other => value_token(p, other, &mut values, 0),
            }
        }
        let end = p.position().byte_index();
        self.push(Item::Declaration { property, values }, start, end);
    }
}

#[derive(Clone, Copy)]
enum Body {
    Rules,
    Declarations,
}

/// Adds what one value token brings, entering functions (to a bounded depth).
fn value_token(p: &mut Parser, token: Token, values: &mut Vec<Value>, depth: usize) {
    if values.len() >= MAX_USES {
        return;
    }
    match token {
        Token::Ident(v) => values.push(Value::Keyword(v.to_ascii_lowercase())),
        Token::Dimension { value, unit, .. } => values.push(Value::Length {
            value,
            unit: unit.to_ascii_lowercase(),
        }),
        Token::Number { value, .. } => values.push(Value::Number(value)),
        Token::Percentage { unit_value, .. } => values.push(Value::Percentage(unit_value * 100.0)),
        Token::UnquotedUrl(u) => values.push(Value::Url(u.to_string())),
        Token::Function(name) => {
            let name = name.to_ascii_lowercase();
            let is_url = name == "url";
            values.push(Value::Function(name));
            if depth < MAX_DEPTH {
                let _ = p.parse_nested_block(|p| -> Done {
                    while let Ok(t) = p.next() {
                        let t = t.clone();
                        match t {
                            Token::QuotedString(s) if is_url => {
                                values.push(Value::Url(s.to_string()))
                            }
                            other => value_token(p, other, values, depth + 1),
                        }
                    }
                    Ok(())
                });
            }
        }
        Token::ParenthesisBlock | Token::SquareBracketBlock if depth < MAX_DEPTH => {
            let _ = p.parse_nested_block(|p| -> Done {
                while let Ok(t) = p.next() {
                    let t = t.clone();
                    value_token(p, t, values, depth + 1);
                }
                Ok(())
            });
        }
        _ => {}
    }
}

/// The media features of a parenthesised prelude part: `(max-width: 600px)` gives
/// `max-width`, `(hover)` gives `hover`.
fn media_features(p: &mut Parser, out: &mut Vec<String>) {
    while let Ok(token) = p.next() {
        match token.clone() {
            Token::Ident(name) => {
                if out.len() < 64 {
                    out.push(name.to_ascii_lowercase());
                }
                // The rest of the group is the feature's value (`: 600px`), not a feature.
                return;
            }
            Token::ParenthesisBlock => {
                let _ = p.parse_nested_block(|p| -> Done {
                    media_features(p, out);
                    Ok(())
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declarations(uses: &[CssUse]) -> Vec<(String, Vec<Value>)> {
        uses.iter()
            .filter_map(|u| match &u.item {
                Item::Declaration { property, values } => Some((property.clone(), values.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn style_attribute_declarations() {
        let uses = scan_style_attribute(
            "display: flex; width:600PX ; background:url('img/fond.png') #fff; --main: 3px;\
             margin: calc(100% - var(--main)) /* comment; */ !important",
        );
        let d = declarations(&uses);
        assert_eq!(d.len(), 5, "{d:?}");
        assert_eq!(
            d[0],
            ("display".into(), vec![Value::Keyword("flex".into())])
        );
        assert_eq!(
            d[1],
            (
                "width".into(),
                vec![Value::Length {
                    value: 600.0,
                    unit: "px".into()
                }]
            )
        );
        assert_eq!(
            d[2].1,
            vec![
                Value::Function("url".into()),
                Value::Url("img/fond.png".into())
            ]
        );
        assert_eq!(d[3].0, "--main");
        assert!(d[4].1.contains(&Value::Function("calc".into())));
        assert!(d[4].1.contains(&Value::Function("var".into())));
        assert!(d[4].1.contains(&Value::Keyword("important".into())));
        assert!(uses.iter().all(|u| u.span.is_none()));
    }

    #[test]
    fn stylesheet_rules_at_rules_and_pseudo_classes() {
        let css = "<!-- @import url(\"https://fonts.example.com/a.css\");\n\
                   @media screen and (max-width: 600px), (prefers-color-scheme: dark) {\n\
                     .col { display: block !important; }\n\
                     a:hover, p::before { color: red }\n\
                   }\n\
                   @font-face { font-family: X; src: url(x.woff2); }\n\
                   .btn { float: left; &:hover { opacity: .5 } } -->";
        let base = 1000;
        let uses = scan_stylesheet(css, base);
        let items: Vec<&Item> = uses.iter().map(|u| &u.item).collect();
        assert!(items.contains(&&Item::AtRule {
            name: "import".into(),
            url: Some("https://fonts.example.com/a.css".into())
        }));
        assert!(items.contains(&&Item::AtRule {
            name: "media".into(),
            url: None
        }));
        assert!(items.contains(&&Item::MediaFeature("max-width".into())));
        assert!(items.contains(&&Item::MediaFeature("prefers-color-scheme".into())));
        assert!(items.contains(&&Item::Pseudo("hover".into())));
        assert!(items.contains(&&Item::Pseudo("before".into())));
        let d = declarations(&uses);
        let props: Vec<&str> = d.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            props,
            ["display", "color", "font-family", "src", "float", "opacity"]
        );
        assert_eq!(d[3].1, vec![Value::Url("x.woff2".into())]);
        // Spans point into the document.
        let float = uses
            .iter()
            .find(|u| matches!(&u.item, Item::Declaration { property, .. } if property == "float"))
            .and_then(|u| u.span.clone())
            .unwrap_or_else(|| panic!("a span"));
        assert_eq!(&css[float.start - base..float.end - base], "float: left;");
    }

    #[test]
    fn hostile_input_is_bounded() {
        let deep = "a{".repeat(10_000);
        let _ = scan_stylesheet(&deep, 0);
        let parens = format!("width: {}", "calc(".repeat(10_000));
        let _ = scan_style_attribute(&parens);
        let many = "a:b;".repeat(200_000);
        assert!(scan_style_attribute(&many).len() <= MAX_USES);
        for junk in [
            "", ":", ";;;", "{", "}", "@", "@media", "a{b:", "url(", "\"", "\\",
        ] {
            let _ = scan_stylesheet(junk, 0);
            let _ = scan_style_attribute(junk);
        }
    }
}
