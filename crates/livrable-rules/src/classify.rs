//! Which deliverable each file is: the candidate's manifest first, then the file's name,
//! then its content.
//!
//! Names come first after the manifest because candidates name their files after the
//! deliverable (`Dupont_Marie_2_budget_112026.xlsx`) far more reliably than any content
//! heuristic can tell a budget from a plan that mentions a budget. Content signals only
//! decide for files whose name says nothing.

use std::collections::BTreeMap;

use livrable_model::french::fold;
use livrable_model::{DetectedBy, Document, Location, Observation};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};

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

/// The manifest's `[spelling]` section (an unknown key in it is reported by
/// [`Manifest::read`], and the rest still used).
#[derive(Debug, Clone, Default, Deserialize)]
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

    /// Reads the manifest: what it declares, and what is wrong in it, each problem with its
    /// line (`submission/manifest-syntax`, `manifest-unknown-key`, `manifest-misplaced-key`,
    /// `manifest-unknown-kind`, `bad-manifest`). The manifest is `None` only when it cannot
    /// be read at all or a kind is unknown (which file is which cannot then be trusted); an
    /// unknown or misplaced key is reported and the rest still used.
    pub fn read(text: &str, pack: &Pack) -> (Option<Manifest>, Vec<Observation>) {
        let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
        let root = match DeTable::parse(text) {
            Ok(root) => root,
            Err(e) => {
                let obs = Observation::new("submission/manifest-syntax", Location::whole())
                    .arg("line", e.span().map_or(1, |s| line_of(s.start)))
                    .arg("detail", e.message().trim());
                return (None, vec![obs]);
            }
        };
        let mut problems = strict_problems(text, root.get_ref(), &line_of);
        let manifest: Manifest = match toml::from_str(text) {
            Ok(m) => m,
            Err(e) => {
                let obs = Observation::new("submission/bad-manifest", Location::whole())
                    .arg("line", e.span().map_or(1, |s| line_of(s.start)))
                    .arg("reason", e.message().trim());
                problems.push(obs);
                return (None, problems);
            }
        };
        let mut kinds_known = true;
        for (file, entry) in &manifest.files {
            if pack.deliverable(entry.kind()).is_none() {
                kinds_known = false;
                let known: Vec<&str> = pack.deliverables.iter().map(|d| d.id.as_str()).collect();
                let at = text.find(file.as_str()).map_or(1, line_of);
                problems.push(
                    Observation::new("submission/manifest-unknown-kind", Location::whole())
                        .arg("line", at)
                        .arg("file", file)
                        .arg("kind", entry.kind())
                        .arg("known", known.join(", ")),
                );
            }
        }
        (kinds_known.then_some(manifest), problems)
    }
}

/// Keys that are not where the manifest's form puts them: an unknown section or key
/// (`[fichiers]`, `keywrd = …`), or a known one outside its table (`words = […]` without
/// `[spelling]`, a file declared above `[files]`). Each with its line, the keys allowed
/// there, and the form to write.
fn strict_problems(
    text: &str,
    root: &DeTable<'_>,
    line_of: &dyn Fn(usize) -> usize,
) -> Vec<Observation> {
    let source = |span: std::ops::Range<usize>| text.get(span).unwrap_or("").trim().to_string();
    let mut out: Vec<(usize, Observation)> = Vec::new();
    let mut unknown = |at: usize, key: &str, table: &str, known: &[&str]| {
        out.push((
            at,
            Observation::new("submission/manifest-unknown-key", Location::whole())
                .arg("line", line_of(at))
                .arg("key", key)
                .arg("table", table)
                .arg("known", known.join(", ")),
        ));
    };
    let mut misplaced: Vec<(usize, Observation)> = Vec::new();
    let mut place = |at: usize, key: &str, table: &str, right: String| {
        misplaced.push((
            at,
            Observation::new("submission/manifest-misplaced-key", Location::whole())
                .arg("line", line_of(at))
                .arg("key", key)
                .arg("table", table)
                .arg("right", right),
        ));
    };
    let file_keys: Vec<&str> = std::iter::once("kind")
        .chain(livrable_checks::FILE_OPTIONS.iter().copied())
        .collect();
    for (key, value) in root {
        let at = key.span().start;
        let name: &str = key.get_ref();
        match (name, value.get_ref()) {
            ("files", DeValue::Table(files)) => {
                for (file, entry) in files {
                    if let DeValue::Table(options) = entry.get_ref() {
                        for (option, _) in options {
                            if !file_keys.contains(&option.get_ref().as_ref()) {
                                let table = format!("[files] « {} »", file.get_ref());
                                unknown(option.span().start, option.get_ref(), &table, &file_keys);
                            }
                        }
                    }
                }
            }
            ("spelling", DeValue::Table(spelling)) => {
                for (option, _) in spelling {
                    if option.get_ref().as_ref() != "words" {
                        unknown(
                            option.span().start,
                            option.get_ref(),
                            "[spelling]",
                            &["words"],
                        );
                    }
                }
            }
            ("files" | "spelling", _) => {} // a wrong type: the deserializer says so
            ("words", _) => place(
                at,
                name,
                "[spelling]",
                format!("[spelling]\nwords = {}", source(value.span())),
            ),
            (_, DeValue::String(_) | DeValue::Table(_)) if looks_like_a_file(name) => place(
                at,
                name,
                "[files]",
                format!("[files]\n\"{name}\" = {}", source(value.span())),
            ),
            (option, _) if file_keys.contains(&option) => place(
                at,
                name,
                "[files]",
                format!(
                    "[files]\n\"article.docx\" = {{ kind = \"blog-article\", {option} = {} }}",
                    source(value.span())
                ),
            ),
            _ => unknown(at, name, "livrables.toml", &["[files]", "[spelling]"]),
        }
    }
    out.extend(misplaced);
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, o)| o).collect()
}

/// A key that names a file: it has an extension or a folder (`article.md`, `blog/x`).
fn looks_like_a_file(key: &str) -> bool {
    key.contains('/')
        || key.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric())
        })
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

    /// The manifest read, which must have no problem.
    fn manifest(text: &str, p: &Pack) -> Manifest {
        let (m, problems) = Manifest::read(text, p);
        assert!(problems.is_empty(), "{problems:?}");
        m.expect("manifest")
    }

    /// (code, line, key or kind) of each problem.
    fn problems(text: &str, p: &Pack) -> Vec<(String, String, String)> {
        let arg = |o: &Observation, name: &str| {
            o.args
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Manifest::read(text, p)
            .1
            .iter()
            .map(|o| {
                let what = if o.code.ends_with("unknown-kind") {
                    arg(o, "kind")
                } else {
                    arg(o, "key")
                };
                (o.code.clone(), arg(o, "line"), what)
            })
            .collect()
    }

    #[test]
    fn manifest_and_flag_come_first() {
        let p = pack();
        let m = manifest("[files]\n\"budget.xlsx\" = \"gantt\"\n", &p);
        let doc = Document::new("budget.xlsx", Format::Xlsx);
        assert_eq!(
            classify(&doc, &p, Some(&m), None).unwrap(),
            ("gantt".into(), DetectedBy::Manifest)
        );
        assert_eq!(
            classify(&doc, &p, Some(&m), Some("raci")).unwrap(),
            ("raci".into(), DetectedBy::Flag)
        );
        let m = manifest(
            "[files]\n\"post.md\" = { kind = \"social-post\", platform = \"linkedin\" }\n",
            &p,
        );
        assert_eq!(m.files["post.md"].kind(), "social-post");
    }

    #[test]
    fn a_manifest_problem_names_its_line() {
        let p = pack();
        let (m, _) = Manifest::read("[files]\n\"a.md\" = \"roman\"\n", &p);
        assert!(m.is_none(), "an unknown kind: the manifest is not trusted");
        assert_eq!(
            problems("[files]\n\"a.md\" = \"roman\"\n", &p),
            vec![(
                "submission/manifest-unknown-kind".into(),
                "2".into(),
                "roman".into()
            )]
        );
        assert_eq!(
            problems("# livrables\n[files\n", &p),
            vec![(
                "submission/manifest-syntax".into(),
                "2".into(),
                String::new()
            )]
        );
    }

    #[test]
    fn unknown_and_misplaced_keys_are_told_and_the_rest_is_used() {
        let p = pack();
        let text = "words = [\"Verdure\"]\n\
                    \"plan.docx\" = \"communication-plan\"\n\
                    [files]\n\
                    \"article.docx\" = { kind = \"blog-article\", keywrd = \"potager\" }\n\
                    [spelling]\n\
                    mots = [\"Loire\"]\n\
                    [fichiers]\n";
        assert_eq!(
            problems(text, &p),
            vec![
                (
                    "submission/manifest-misplaced-key".into(),
                    "1".into(),
                    "words".into()
                ),
                (
                    "submission/manifest-misplaced-key".into(),
                    "2".into(),
                    "plan.docx".into()
                ),
                (
                    "submission/manifest-unknown-key".into(),
                    "4".into(),
                    "keywrd".into()
                ),
                (
                    "submission/manifest-unknown-key".into(),
                    "6".into(),
                    "mots".into()
                ),
                (
                    "submission/manifest-unknown-key".into(),
                    "7".into(),
                    "fichiers".into()
                ),
            ]
        );
        let (m, found) = Manifest::read(text, &p);
        assert_eq!(
            m.expect("still used").files["article.docx"].kind(),
            "blog-article"
        );
        let right = |o: &Observation| {
            o.args
                .iter()
                .find(|(n, _)| n == "right")
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            right(&found[0]).as_deref(),
            Some("[spelling]\nwords = [\"Verdure\"]")
        );
        assert_eq!(
            right(&found[1]).as_deref(),
            Some("[files]\n\"plan.docx\" = \"communication-plan\"")
        );
        let known = found[2].args.iter().find(|(n, _)| n == "known").unwrap();
        assert!(known.1.starts_with("kind, keyword, site"), "{known:?}");
    }
}
