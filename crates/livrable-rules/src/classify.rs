//! Which deliverable each file is: the candidate's manifest first, then the file's name,
//! then its content.
//!
//! Names come first after the manifest because candidates name their files after the
//! deliverable (`Dupont_Marie_2_budget_112026.xlsx`) far more reliably than any content
//! heuristic can tell a budget from a plan that mentions a budget. Content signals only
//! decide for files whose name says nothing.

use std::collections::BTreeMap;

use livrable_model::french::fold;
use livrable_model::{DetectedBy, Document};
use serde::Deserialize;

use crate::pack::{DeliverableKind, Pack};

/// The file name of the candidate's manifest, at the submission's root.
pub const MANIFEST: &str = "livrables.toml";

/// The candidate's `livrables.toml`: which file is which deliverable, with options.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Manifest {
    /// File path (as in the submission) → deliverable kind, or a table with `kind` and
    /// options for the checks (`platform = "linkedin"`, `keyword = "…"`).
    #[serde(default)]
    pub files: BTreeMap<String, ManifestEntry>,
    /// Words the candidate declares right for every file (names, brands, trade terms):
    /// `[spelling] words = ["Verdure", "kakémono"]`.
    #[serde(default)]
    pub spelling: SpellingSection,
}

/// The manifest's `[spelling]` section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpellingSection {
    #[serde(default)]
    pub words: Vec<String>,
}

/// One file's declaration in the manifest.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ManifestEntry {
    Kind(String),
    Detailed {
        kind: String,
        #[serde(flatten)]
        options: toml::Table,
    },
}

impl ManifestEntry {
    pub fn kind(&self) -> &str {
        match self {
            ManifestEntry::Kind(k) => k,
            ManifestEntry::Detailed { kind, .. } => kind,
        }
    }

    /// The options declared besides the kind (empty for a bare kind).
    pub fn options(&self) -> Option<&toml::Table> {
        match self {
            ManifestEntry::Kind(_) => None,
            ManifestEntry::Detailed { options, .. } => Some(options),
        }
    }
}

impl Manifest {
    /// What checks receive for `path`: the file's own options, with the submission-wide
    /// spelling words added to its `words` list.
    pub fn options_for(&self, path: &str) -> toml::Table {
        let mut options = self
            .files
            .get(path)
            .and_then(ManifestEntry::options)
            .cloned()
            .unwrap_or_default();
        if !self.spelling.words.is_empty() {
            let mut words: Vec<toml::Value> = match options.remove("words") {
                Some(toml::Value::Array(list)) => list,
                Some(one @ toml::Value::String(_)) => vec![one],
                Some(_) | None => Vec::new(),
            };
            words.extend(self.spelling.words.iter().cloned().map(toml::Value::String));
            options.insert("words".into(), toml::Value::Array(words));
        }
        options
    }

    /// Parses the manifest and checks its kinds against the pack. The error is shown to the
    /// candidate as `submission/bad-manifest`.
    pub fn parse(text: &str, pack: &Pack) -> Result<Manifest, String> {
        let manifest: Manifest = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(l) => format!("line {l}: {}", e.message()),
                None => e.message().to_string(),
            }
        })?;
        for (file, entry) in &manifest.files {
            if pack.deliverable(entry.kind()).is_none() {
                return Err(format!(
                    "« {file} » : type de livrable inconnu « {} »",
                    entry.kind()
                ));
            }
        }
        Ok(manifest)
    }
}

/// The kind of `doc`, and how it was found; `None` when nothing recognises it.
pub fn classify(
    doc: &Document,
    pack: &Pack,
    manifest: Option<&Manifest>,
    forced: Option<&str>,
) -> Option<(String, DetectedBy)> {
    if let Some(kind) = forced {
        return Some((kind.to_string(), DetectedBy::Flag));
    }
    if let Some(entry) = manifest.and_then(|m| m.files.get(&doc.path)) {
        return Some((entry.kind().to_string(), DetectedBy::Manifest));
    }
    let format = doc.format.name();
    let accepts =
        |k: &&DeliverableKind| k.formats.is_empty() || k.formats.iter().any(|f| f == format);
    by_name(&doc.path, pack.deliverables.iter().filter(accepts))
        .map(|k| (k.id.clone(), DetectedBy::Name))
        .or_else(|| {
            by_content(doc, pack.deliverables.iter().filter(accepts))
                .map(|k| (k.id.clone(), DetectedBy::Content))
        })
}

/// Words of a text, folded and separated by single spaces, padded with a space each side,
/// so that ` mot ` finds whole words only.
fn words(text: &str) -> String {
    let mut out = String::from(" ");
    for c in fold(text).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The kind whose longest keyword appears in the path (extension excluded).
fn by_name<'a>(
    path: &str,
    kinds: impl Iterator<Item = &'a DeliverableKind>,
) -> Option<&'a DeliverableKind> {
    let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
    let name = words(stem);
    kinds
        .filter_map(|k| {
            k.name_keywords
                .iter()
                .map(|kw| words(kw))
                .filter(|kw| !kw.trim().is_empty() && name.contains(kw.as_str()))
                .map(|kw| kw.len())
                .max()
                .map(|len| (len, k))
        })
        // Longest keyword wins; on a tie, the kind listed first in the pack.
        .fold(
            None,
            |best: Option<(usize, &DeliverableKind)>, (len, k)| match best {
                Some((b, _)) if b >= len => best,
                _ => Some((len, k)),
            },
        )
        .map(|(_, k)| k)
}

/// How much text content signals are looked for in: enough for the title, the first
/// sections and table headers, bounded so that classification stays cheap on large files.
const CONTENT_SAMPLE: usize = 20_000;

/// The kind with the most distinct content signals, if it reaches its minimum.
fn by_content<'a>(
    doc: &Document,
    kinds: impl Iterator<Item = &'a DeliverableKind>,
) -> Option<&'a DeliverableKind> {
    let mut sample = String::new();
    for block in &doc.blocks {
        if sample.len() > CONTENT_SAMPLE {
            break;
        }
        sample.push_str(&block.text);
        sample.push('\n');
    }
    for table in &doc.tables {
        for row in table.rows.iter().take(30) {
            for cell in row {
                if sample.len() > 2 * CONTENT_SAMPLE {
                    break;
                }
                sample.push_str(&cell.text);
                sample.push(' ');
            }
        }
    }
    if sample.is_empty() {
        let mut end = doc.text.len().min(CONTENT_SAMPLE);
        while !doc.text.is_char_boundary(end) {
            end -= 1;
        }
        sample.push_str(&doc.text[..end]);
    }
    let text = words(&sample);
    kinds
        .filter_map(|k| {
            let found = k
                .content_signals
                .iter()
                .filter(|s| text.contains(words(s).as_str()))
                .count();
            (found >= k.min_signals.max(1)).then_some((found, k))
        })
        .fold(
            None,
            |best: Option<(usize, &DeliverableKind)>, (n, k)| match best {
                Some((b, _)) if b >= n => best,
                _ => Some((n, k)),
            },
        )
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use livrable_model::{Block, BlockKind, Format, Location};

    fn pack() -> Pack {
        Pack::embedded().unwrap_or_else(|e| panic!("{e}"))
    }

    fn kind_of(path: &str, format: Format) -> Option<(String, DetectedBy)> {
        classify(&Document::new(path, format), &pack(), None, None)
    }

    #[test]
    fn candidates_file_names() {
        assert_eq!(
            kind_of("Dupont_Marie_2_budget_112026.xlsx", Format::Xlsx)
                .unwrap()
                .0,
            "budget"
        );
        assert_eq!(
            kind_of("blog/article.md", Format::Markdown).unwrap().0,
            "blog-article"
        );
        assert_eq!(
            kind_of("Communiqué-de-presse_salon.md", Format::Markdown)
                .unwrap()
                .0,
            "press-release"
        );
        assert_eq!(
            kind_of("Martin_Gantt_S2.ods", Format::Ods).unwrap().0,
            "gantt"
        );
        assert_eq!(
            kind_of("Plan_de_communication_v3.md", Format::Markdown)
                .unwrap()
                .0,
            "communication-plan"
        );
        assert_eq!(
            kind_of("newsletter-mars.html", Format::Html).unwrap().1,
            DetectedBy::Name
        );
    }

    #[test]
    fn words_are_whole() {
        // "cp" must not match inside "cpte", "nl" not inside "online".
        let kind = kind_of("cpte_online.md", Format::Markdown).map(|k| k.0);
        assert_eq!(kind, None);
        assert!(kind_of("notes.md", Format::Markdown).is_none());
    }

    #[test]
    fn a_format_the_kind_cannot_take_is_not_matched() {
        // A newsletter is HTML; a Markdown file named newsletter is not one.
        assert_ne!(
            kind_of("newsletter.md", Format::Markdown)
                .map(|k| k.0)
                .as_deref(),
            Some("newsletter")
        );
    }

    #[test]
    fn content_signals_decide_when_the_name_is_silent() {
        let mut doc = Document::new("document1.md", Format::Markdown);
        for t in [
            "COMMUNIQUÉ DE PRESSE",
            "Lyon, le 3 mars 2027",
            "À propos de Verdure",
            "Contact presse : Léa",
        ] {
            doc.blocks.push(Block {
                kind: BlockKind::Paragraph,
                text: t.into(),
                location: Location::whole(),
            });
        }
        let (kind, by) = classify(&doc, &pack(), None, None).unwrap();
        assert_eq!((kind.as_str(), by), ("press-release", DetectedBy::Content));
    }

    #[test]
    fn manifest_and_flag_come_first() {
        let p = pack();
        let m = Manifest::parse("[files]\n\"budget.xlsx\" = \"gantt\"\n", &p).unwrap();
        let doc = Document::new("budget.xlsx", Format::Xlsx);
        assert_eq!(
            classify(&doc, &p, Some(&m), None).unwrap(),
            ("gantt".into(), DetectedBy::Manifest)
        );
        assert_eq!(
            classify(&doc, &p, Some(&m), Some("raci")).unwrap(),
            ("raci".into(), DetectedBy::Flag)
        );
        let err = Manifest::parse("[files]\n\"a.md\" = \"roman\"\n", &p).unwrap_err();
        assert!(err.contains("roman"), "{err}");
        let err = Manifest::parse("[files\n", &p).unwrap_err();
        assert!(err.starts_with("line 1"), "{err}");
        let m = Manifest::parse(
            "[files]\n\"post.md\" = { kind = \"social-post\", platform = \"linkedin\" }\n",
            &p,
        )
        .unwrap();
        assert_eq!(m.files["post.md"].kind(), "social-post");
    }
}
