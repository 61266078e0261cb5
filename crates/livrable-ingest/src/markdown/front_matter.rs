//! YAML front matter (`---` … `---` at the top of a Markdown file), read as flat
//! `key: value` pairs.
//!
//! Written by hand because no YAML crate is declared and the need is small: static-site
//! front matter is a flat map of strings (`title`, `description`, `date`, `lang`, `tags`).
//! Read: `key: value` (quotes removed, ` # comment` dropped from plain values), block lists
//! (`- item` lines under a key) and flow lists (`[a, b]`) joined with `, `, and block scalars
//! (`|` keeps line breaks, `>` folds them). Nested mappings and anchors are skipped, which
//! never breaks the rest of the file: the body starts after the closing line regardless.
//!
//! The block is found here rather than by pulldown-cmark's metadata option because that
//! option also takes a `---` … `---` pair in the middle of a document (a horizontal rule,
//! some text, a setext underline) as metadata and drops the text.

use std::collections::BTreeMap;

/// The front matter's entries and where the Markdown body starts (the byte after the closing
/// line), or `None` when the text has no front matter.
pub(crate) fn split(text: &str) -> Option<(BTreeMap<String, String>, usize)> {
    let mut lines = lines_with_offsets(text);
    let (_, first) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let (body_offset, _) = lines.clone().next()?;
    let mut yaml_end = None;
    let mut body_start = text.len();
    for (offset, line) in lines {
        let content = line.trim_end();
        if content == "---" || content == "..." {
            yaml_end = Some(offset);
            body_start = offset + line.len();
            break;
        }
    }
    let yaml = text.get(body_offset..yaml_end?)?;
    // As pulldown-cmark and Jekyll: the first line may not be blank (`---` then a blank line
    // is a horizontal rule), and the block must hold at least one `key:` line.
    if yaml.lines().next().is_none_or(|l| l.trim().is_empty()) {
        return None;
    }
    let entries = parse(yaml);
    if entries.is_empty() {
        return None;
    }
    Some((entries, body_start))
}

/// Lines with the byte offset where each starts; each line keeps its line ending.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> + Clone {
    text.split_inclusive('\n').scan(0usize, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

/// A block scalar being read: its key, whether line breaks are kept (`|`), its lines.
struct BlockScalar {
    key: String,
    literal: bool,
    lines: Vec<String>,
}

impl BlockScalar {
    fn value(self) -> String {
        let sep = if self.literal { "\n" } else { " " };
        self.lines.join(sep).trim().to_string()
    }
}

/// Parses the flat subset of YAML described in the module docs.
fn parse(yaml: &str) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    let mut list_key: Option<String> = None;
    let mut block: Option<BlockScalar> = None;
    for line in yaml.lines() {
        let indented = line.starts_with([' ', '\t']);
        let trimmed = line.trim();
        if let Some(b) = block.as_mut() {
            if indented || trimmed.is_empty() {
                b.lines.push(trimmed.to_string());
                continue;
            }
            if let Some(b) = block.take() {
                let key = b.key.clone();
                entries.insert(key, b.value());
            }
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .or((trimmed == "-").then_some(""))
        {
            if let Some(key) = &list_key {
                let value: &mut String = entries.entry(key.clone()).or_default();
                let item = scalar(item);
                if !item.is_empty() {
                    if !value.is_empty() {
                        value.push_str(", ");
                    }
                    value.push_str(&item);
                }
            }
            continue;
        }
        if indented {
            // A nested mapping: not part of the flat view.
            continue;
        }
        list_key = None;
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let key = scalar(key);
        if key.is_empty() {
            continue;
        }
        let value = value.trim();
        match value.trim_end_matches(['-', '+']) {
            "|" | ">" => {
                block = Some(BlockScalar {
                    key,
                    literal: value.starts_with('|'),
                    lines: Vec::new(),
                });
            }
            "" => {
                entries.insert(key.clone(), String::new());
                list_key = Some(key);
            }
            _ => {
                entries.insert(key, flow_or_scalar(value));
            }
        }
    }
    if let Some(b) = block.take() {
        let key = b.key.clone();
        entries.insert(key, b.value());
    }
    entries
}

/// A flow list `[a, "b"]` as `a, b`; anything else as a scalar.
fn flow_or_scalar(value: &str) -> String {
    match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(items) => items
            .split(',')
            .map(scalar)
            .filter(|i| !i.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        None => scalar(value),
    }
}

/// A scalar without its quotes (`"…"` with `\"`, `\\`, `\n` escapes; `'…'` with `''`), or a
/// plain one without its trailing ` # comment`.
fn scalar(value: &str) -> String {
    let v = value.trim();
    if let Some(inner) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    if let Some(inner) = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    match v.find(" #") {
        Some(i) => v.get(..i).unwrap_or(v).trim_end().to_string(),
        None => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_keys_quotes_lists_and_body_start() {
        let text = "---\ntitle: \"Lancement : l'appli\"\nauthor: 'Léa l''Hôte'\ndate: 2027-03-15 # jour J\n\
                    tags:\n  - com\n  - \"web\"\ncats: [print, 'radio']\nnested:\n  a: 1\n---\n# Corps\n";
        let (fm, body) = split(text).unwrap();
        assert_eq!(fm["title"], "Lancement : l'appli");
        assert_eq!(fm["author"], "Léa l'Hôte");
        assert_eq!(fm["date"], "2027-03-15");
        assert_eq!(fm["tags"], "com, web");
        assert_eq!(fm["cats"], "print, radio");
        assert_eq!(fm["nested"], "", "nested mappings are not flattened");
        assert!(!fm.contains_key("a"));
        assert_eq!(&text[body..], "# Corps\n");
    }

    #[test]
    fn block_scalars_and_crlf() {
        let text = "---\r\ndescription: >\r\n  Une lettre\r\n  mensuelle\r\npoem: |\r\n  un\r\n  deux\r\n...\r\nTexte";
        let (fm, body) = split(text).unwrap();
        assert_eq!(fm["description"], "Une lettre mensuelle");
        assert_eq!(fm["poem"], "un\ndeux");
        assert_eq!(&text[body..], "Texte");
    }

    #[test]
    fn not_front_matter() {
        assert!(
            split("# Titre\n---\na: b\n---\n").is_none(),
            "not at the top"
        );
        assert!(
            split("---\n\nTexte\n---\n").is_none(),
            "a rule then a blank line"
        );
        assert!(split("---\ntitle: x\n").is_none(), "never closed");
        assert!(split("---\nJuste du texte\n---\n").is_none(), "no key");
        assert!(split("").is_none());
        assert!(split("---").is_none());
    }
}
