//! `channel-mix/…`: does the communication plan select at least four channels, digital and
//! traditional?
//!
//! # What it checks
//!
//! Channels are recognised with the instance's lexicon (`channels`: a name, a type —
//! digital or traditional — and the words that name it), matched on whole words, accents
//! and case folded. Each social network counts on its own; an entry marked `generic`
//! (« réseaux sociaux ») counts only when no entry of its `family` (a named network) was
//! found. Where two entries match overlapping words, the longer wording wins (« presse
//! en ligne » is not « presse », « mailing postal » is not « mailing »).
//!
//! Where the plan names its channels, whatever its format:
//!
//! 1. the sections whose heading holds one of `section_words` (« Canaux », « Dispositif »,
//!    « Plan d'actions »): their paragraphs, list items and sub-headings, and every cell
//!    of the tables inside them (not the document's title, « Plan d'actions 2027 », whose
//!    section is the whole document);
//! 2. anywhere in the document (a spreadsheet, a DOCX table), the cells of the columns
//!    whose header holds one of `channel_columns` (« Canal », « Support ») or
//!    `action_columns` (« Action »), found by [`crate::tables`] (such a table inside a
//!    channel section is read this way, not cell by cell). In such a table, a row whose
//!    `type_columns` cell says « Digital » or « Traditionnel » (`digital_type_words`,
//!    `traditional_type_words`) is of that type: lexicon words of the other type in its
//!    cells add nothing (« Page événement du site internet », digital, is no event), and
//!    when none of its type matches, its channel cell counts as a channel of that type;
//! 3. when neither exists, the whole document.
//!
//! - `channel-mix/too-few`: fewer than `min_channels` distinct channels.
//! - `channel-mix/no-digital`: fewer than `min_digital` digital channels (when some channel
//!   was found at all: with none, `too-few` says it).
//! - `channel-mix/no-traditional`: same for traditional channels.
//!
//! Evidence `channel-mix/channels` lists the channels of each type with where each was
//! first found (`LinkedIn (l. 36)`, `Salon (Plan!B4)`).
//!
//! # Why
//!
//! The modality of situation C1.6 asks for « la sélection d'au moins quatre canaux de
//! communication, incluant au moins un canal digital […] au moins un canal traditionnel »
//! and C1.6/CE2 for « sélection de canaux (au moins un digital et un traditionnel) ».
//!
//! # Limits
//!
//! - A channel mentioned to be ruled out (« pas de radio : trop cher ») inside a channels
//!   section is counted.
//! - A channel the lexicon does not know is found only through a type column.

use std::collections::BTreeMap;

use livrable_model::{Document, Location, Observation, Table};

use crate::sections::{place, sections};
use crate::tables::{
    self, find_word, normalize, Found, Layout, LayoutParams, Sheet, Spec, Vocabulary, Words,
};
use crate::text::quote;
use crate::{Input, Output, ParamError};

pub const KIND: &str = "channel-mix";

/// Finding and evidence codes of this kind.
pub mod codes {
    pub const TOO_FEW: &str = "channel-mix/too-few";
    pub const NO_DIGITAL: &str = "channel-mix/no-digital";
    pub const NO_TRADITIONAL: &str = "channel-mix/no-traditional";
    /// Evidence.
    pub const CHANNELS: &str = "channel-mix/channels";

    use livrable_model::CodeDecl;

    /// Every code above with the names of the arguments its observations give: the
    /// pack's words may use no other placeholder (checked when the pack loads).
    pub const DECLARED: &[CodeDecl] = &[
        CodeDecl::new(TOO_FEW, &["count", "found", "min"]),
        CodeDecl::new(NO_DIGITAL, &["found", "min"]),
        CodeDecl::new(NO_TRADITIONAL, &["found", "min"]),
        CodeDecl::new(
            CHANNELS,
            &[
                "count",
                "digital",
                "digital_count",
                "traditional",
                "traditional_count",
            ],
        ),
    ];
}

/// A channel named only through a type column is shown with at most this many characters.
const QUOTE_MAX: usize = 40;

/// Digital or traditional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelType {
    Digital,
    Traditional,
}

/// One entry of the channel lexicon.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// The name shown in evidence (`LinkedIn`, `Presse écrite`).
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// Words or phrases that name it.
    pub words: Vec<String>,
    /// A family of channels (`social`), for generic entries.
    #[serde(default)]
    pub family: Option<String>,
    /// A generic name (« réseaux sociaux ») that counts only when no other entry of its
    /// family is found.
    #[serde(default)]
    pub generic: bool,
}

/// Parameters of a `channel-mix` instance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub min_channels: usize,
    pub min_digital: usize,
    pub min_traditional: usize,
    /// Heading words of the sections where channels are named.
    pub section_words: Vec<String>,
    /// Header words of a table's channel column (`canal`, `support`, `média`).
    pub channel_columns: Vec<String>,
    /// Header words of a table's action column (`action`, `dispositif`).
    pub action_columns: Vec<String>,
    /// Header words of a column giving each channel's type (`type`, `nature`).
    pub type_columns: Vec<String>,
    /// Words of a type cell meaning digital (`digital`, `numérique`).
    pub digital_type_words: Vec<String>,
    /// Words of a type cell meaning traditional (`traditionnel`, `hors ligne`).
    pub traditional_type_words: Vec<String>,
    pub layout: LayoutParams,
    /// The lexicon.
    pub channels: Vec<Channel>,
}

/// The parameters, prepared.
pub(crate) struct Config {
    /// The lexicon's entries, as in the parameters (indexes of `words` point here).
    channels: Vec<Channel>,
    /// (entry index, normalised word), longest words first.
    words: Vec<(usize, String)>,
    sections: Words,
    vocabulary: Vocabulary,
    layout: Layout,
    digital: Words,
    traditional: Words,
}

impl Config {
    pub(crate) fn new(p: &Params) -> Result<Self, ParamError> {
        if p.channels.is_empty() {
            return Err(ParamError(
                "channel-mix: `channels` must not be empty".into(),
            ));
        }
        let mut words = Vec::new();
        for (i, c) in p.channels.iter().enumerate() {
            if c.words.is_empty() {
                return Err(ParamError(format!(
                    "channel-mix: channel `{}` has no words",
                    c.name
                )));
            }
            for w in &c.words {
                let w = normalize(w);
                if !w.is_empty() {
                    words.push((i, w));
                }
            }
        }
        words.sort_by_key(|w| std::cmp::Reverse(w.1.len()));
        Ok(Config {
            channels: p.channels.clone(),
            words,
            sections: Words::new(&p.section_words),
            vocabulary: Vocabulary::new()
                .role("channel", &p.channel_columns)
                .role("action", &p.action_columns)
                .role("type", &p.type_columns),
            layout: Layout::new(&p.layout),
            digital: Words::new(&p.digital_type_words),
            traditional: Words::new(&p.traditional_type_words),
        })
    }

    /// The lexicon entries named in `text`, overlapping matches resolved in favour of the
    /// longer wording.
    fn entries_in(&self, text: &str) -> Vec<usize> {
        let norm = normalize(text);
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut out = Vec::new();
        for (entry, word) in &self.words {
            let mut from = 0;
            while let Some(pos) = norm.get(from..).and_then(|t| find_word(t, word)) {
                let (s, e) = (from + pos, from + pos + word.len());
                if !taken.iter().any(|&(a, b)| s < b && a < e) {
                    taken.push((s, e));
                    if !out.contains(entry) {
                        out.push(*entry);
                    }
                }
                from = e;
            }
        }
        out
    }
}

/// A channel found, by lexicon entry or through a type column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Entry(usize),
    /// A channel cell's normalised text.
    Typed(String),
}

#[derive(Debug, Clone)]
struct Hit {
    name: String,
    kind: ChannelType,
    place: String,
    /// Order of discovery, for listing in reading order.
    order: usize,
}

#[derive(Default)]
struct Hits {
    map: BTreeMap<Key, Hit>,
}

impl Hits {
    fn add(&mut self, key: Key, name: &str, kind: ChannelType, place: String) {
        let order = self.map.len();
        self.map.entry(key).or_insert_with(|| Hit {
            name: name.to_string(),
            kind,
            place,
            order,
        });
    }

    fn add_entries(&mut self, cfg: &Config, doc: &Document, text: &str, at: &Location) {
        for e in cfg.entries_in(text) {
            if let Some(c) = cfg.channels.get(e) {
                self.add(Key::Entry(e), &c.name, c.kind, place(doc, at));
            }
        }
    }
}

pub fn check(input: &Input, params: &Params) -> Result<Output, ParamError> {
    run_with(input, params, &Config::new(params)?)
}

/// Runs the check with its configuration prepared once per instance (see
/// [`crate::prepare`]); [`check`] prepares it on each call.
pub(crate) fn run_with(input: &Input, params: &Params, cfg: &Config) -> Result<Output, ParamError> {
    let doc = input.doc;
    let mut hits = Hits::default();
    let mut anchor: Option<Location> = None;

    // 1. Channel sections.
    let found_sections = sections(doc, &cfg.sections);
    for s in found_sections.iter().filter(|s| !s.is_title(doc)) {
        anchor.get_or_insert_with(|| s.heading.location.clone());
        for b in s.blocks {
            hits.add_entries(cfg, doc, &b.text, &b.location);
        }
        for t in s.tables(doc) {
            // A table with a channel or action column is read by its columns (step 2),
            // where a row's declared type decides.
            if channel_tables(t, cfg).next().is_some() {
                continue;
            }
            for row in &t.rows {
                for cell in row {
                    hits.add_entries(cfg, doc, &cell.text, &cell.location);
                }
            }
        }
    }

    // 2. Channel and action columns of tables anywhere.
    for table in &doc.tables {
        let sheet = Sheet::new(table);
        for f in channel_tables(table, cfg) {
            anchor.get_or_insert_with(|| table.location.clone());
            table_channels(&sheet, &f, cfg, doc, &mut hits);
        }
    }

    // 3. The whole document when nothing says where the channels are.
    if anchor.is_none() {
        for b in &doc.blocks {
            hits.add_entries(cfg, doc, &b.text, &b.location);
        }
        for t in &doc.tables {
            for row in &t.rows {
                for cell in row {
                    hits.add_entries(cfg, doc, &cell.text, &cell.location);
                }
            }
        }
    }

    // A generic entry counts only when nothing more precise of its family was found.
    let families: Vec<&str> = hits
        .map
        .keys()
        .filter_map(|k| match k {
            Key::Entry(e) => cfg.channels.get(*e),
            Key::Typed(_) => None,
        })
        .filter(|c| !c.generic)
        .filter_map(|c| c.family.as_deref())
        .collect();
    hits.map.retain(|k, _| match k {
        Key::Entry(e) => cfg.channels.get(*e).is_none_or(|c| {
            !c.generic || c.family.as_deref().is_none_or(|f| !families.contains(&f))
        }),
        Key::Typed(_) => true,
    });

    let mut found: Vec<&Hit> = hits.map.values().collect();
    found.sort_by_key(|h| h.order);
    let digital: Vec<&Hit> = found
        .iter()
        .copied()
        .filter(|h| h.kind == ChannelType::Digital)
        .collect();
    let traditional: Vec<&Hit> = found
        .iter()
        .copied()
        .filter(|h| h.kind == ChannelType::Traditional)
        .collect();
    let names = |hs: &[&Hit]| {
        hs.iter()
            .map(|h| h.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let with_places = |hs: &[&Hit]| {
        hs.iter()
            .map(|h| {
                if h.place.is_empty() {
                    h.name.clone()
                } else {
                    format!("{} ({})", h.name, h.place)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };

    let at = anchor.unwrap_or_else(Location::whole);
    let mut out = Output::default();
    if found.len() < params.min_channels {
        out.findings.push(
            Observation::new(codes::TOO_FEW, at.clone())
                .arg("count", found.len())
                .arg("min", params.min_channels)
                .arg("found", names(&found)),
        );
    }
    if !found.is_empty() {
        if digital.len() < params.min_digital {
            out.findings.push(
                Observation::new(codes::NO_DIGITAL, at.clone())
                    .arg("found", names(&found))
                    .arg("min", params.min_digital),
            );
        }
        if traditional.len() < params.min_traditional {
            out.findings.push(
                Observation::new(codes::NO_TRADITIONAL, at.clone())
                    .arg("found", names(&found))
                    .arg("min", params.min_traditional),
            );
        }
    }
    if out.findings.is_empty() {
        out.evidence.push(
            Observation::new(codes::CHANNELS, at)
                .arg("count", found.len())
                .arg("digital_count", digital.len())
                .arg("traditional_count", traditional.len())
                .arg("digital", with_places(&digital))
                .arg("traditional", with_places(&traditional)),
        );
    }
    Ok(out)
}

/// The tables of `table` (a sheet, a Word table) with a channel or action column.
fn channel_tables(table: &Table, cfg: &Config) -> impl Iterator<Item = Found> {
    let spec = Spec::new(&cfg.vocabulary, &cfg.layout, &[], 1);
    tables::find(&Sheet::new(table), &spec)
        .into_iter()
        .filter(|f| f.column("channel").is_some() || f.column("action").is_some())
}

/// The type a row's type cell declares, if any.
fn declared_type(cfg: &Config, text: &str) -> Option<ChannelType> {
    let norm = normalize(text);
    if cfg.digital.any_in(&norm) {
        Some(ChannelType::Digital)
    } else if cfg.traditional.any_in(&norm) {
        Some(ChannelType::Traditional)
    } else {
        None
    }
}

/// The channels of a table with a channel or action column. Where the row's type cell
/// declares a type, it decides: a lexicon word of the other type inside the row's names
/// (« atelier » in « Tutoriels vidéo de l'atelier », typed digital) adds nothing, and a row
/// whose names hold no channel of the declared type counts its channel cell as one.
fn table_channels(sheet: &Sheet, f: &Found, cfg: &Config, doc: &Document, hits: &mut Hits) {
    let cols: Vec<usize> = f
        .columns
        .iter()
        .filter(|c| c.role == "channel" || c.role == "action")
        .map(|c| c.col)
        .collect();
    let type_col = f.column("type").map(|c| c.col);
    // The column whose text names a channel the lexicon does not know.
    let name_col = f
        .column("channel")
        .or_else(|| f.column("action"))
        .map(|c| c.col);
    for row in f.data() {
        let r = row.index;
        let declared = type_col.and_then(|tc| declared_type(cfg, sheet.text(r, tc)));
        let mut matched = false;
        for &c in &cols {
            for e in cfg.entries_in(sheet.text(r, c)) {
                let Some(channel) = cfg.channels.get(e) else {
                    continue;
                };
                if declared.is_some_and(|k| k != channel.kind) {
                    continue;
                }
                matched = true;
                let at = place(doc, &sheet.location(r, c));
                hits.add(Key::Entry(e), &channel.name, channel.kind, at);
            }
        }
        if matched {
            continue;
        }
        let (Some(kind), Some(nc)) = (declared, name_col) else {
            continue;
        };
        let name = sheet.text(r, nc);
        let key = normalize(name);
        if !key.is_empty() {
            hits.add(
                Key::Typed(key),
                &quote(name, QUOTE_MAX),
                kind,
                place(doc, &sheet.location(r, nc)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::testing::{self, codes, doc_with, layout, md, sheet_of};
    use livrable_model::{BlockKind, Format};

    fn ch(name: &str, kind: ChannelType, words: &[&str]) -> Channel {
        Channel {
            name: name.into(),
            kind,
            words: words.iter().map(|w| w.to_string()).collect(),
            family: None,
            generic: false,
        }
    }

    fn params() -> Params {
        use ChannelType::*;
        let mut social = ch("Réseaux sociaux", Digital, &["réseaux sociaux"]);
        social.family = Some("social".into());
        social.generic = true;
        let mut linkedin = ch("LinkedIn", Digital, &["linkedin"]);
        linkedin.family = Some("social".into());
        Params {
            min_channels: 4,
            min_digital: 1,
            min_traditional: 1,
            section_words: vec!["canaux".into(), "dispositif".into()],
            channel_columns: vec!["canal".into(), "support".into()],
            action_columns: vec!["action".into()],
            type_columns: vec!["type".into()],
            digital_type_words: vec!["digital".into()],
            traditional_type_words: vec!["traditionnel".into()],
            layout: layout(&["total"], &[], &[]),
            channels: vec![
                social,
                linkedin,
                ch(
                    "Newsletter",
                    Digital,
                    &["newsletter", "mailing", "e-mailing"],
                ),
                ch("Presse", Traditional, &["presse", "communiqué de presse"]),
                ch("Presse en ligne", Digital, &["presse en ligne"]),
                ch("Courrier", Traditional, &["mailing postal", "courrier"]),
                ch("Salon", Traditional, &["salon"]),
                ch("Affichage", Traditional, &["affichage"]),
            ],
        }
    }

    fn run(doc: &Document) -> Output {
        testing::run(check, doc, "communication-plan", &params())
    }

    #[test]
    fn a_sheet_plan_with_a_channel_column_passes_with_places() {
        let t = sheet_of(
            "Plan",
            &[
                &["Plan de communication", "", ""],
                &["Action", "Canal", "Type"],
                &["Stand", "Salon professionnel", "Traditionnel"],
                &["Posts", "LinkedIn", "Digital"],
                &["Lettre", "Newsletter", "Digital"],
                &["Tractage", "Street marketing", "Traditionnel"],
            ],
        );
        let out = run(&doc_with(Format::Xlsx, vec![t]));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let ev = &out.evidence[0];
        let arg = |n: &str| ev.args.iter().find(|(k, _)| k == n).unwrap().1.clone();
        assert_eq!(arg("count"), "4");
        assert_eq!(
            arg("traditional"),
            "Salon (Plan!B3), Street marketing (Plan!B6)",
            "a channel unknown to the lexicon counts through its type column"
        );
        assert_eq!(arg("digital"), "LinkedIn (Plan!B4), Newsletter (Plan!B5)");
    }

    #[test]
    fn too_few_and_no_traditional_in_a_section() {
        let d = md(&[
            (BlockKind::Heading { level: 1 }, "Plan"),
            (BlockKind::Paragraph, "Le salon de l'an dernier a déçu."),
            (BlockKind::Heading { level: 2 }, "Canaux"),
            (BlockKind::ListItem, "LinkedIn : trois posts par semaine"),
            (
                BlockKind::ListItem,
                "Newsletter mensuelle et presse en ligne",
            ),
            (BlockKind::Heading { level: 2 }, "Budget"),
            (BlockKind::Paragraph, "Affichage exclu."),
        ]);
        let out = run(&d);
        assert_eq!(
            codes(&out),
            vec!["channel-mix/too-few", "channel-mix/no-traditional"]
        );
        assert_eq!(out.findings[0].args[0], ("count".into(), "3".into()));
        assert_eq!(out.findings[0].location, d.blocks[2].location);
    }

    #[test]
    fn no_digital_and_longest_wording_wins() {
        let d = md(&[
            (BlockKind::Heading { level: 2 }, "Dispositif"),
            (BlockKind::ListItem, "Communiqué de presse"),
            (BlockKind::ListItem, "Mailing postal aux clients"),
            (BlockKind::ListItem, "Salon et affichage"),
        ]);
        let out = run(&d);
        assert_eq!(codes(&out), vec!["channel-mix/no-digital"]);
    }

    #[test]
    fn a_generic_social_entry_counts_only_alone() {
        let cfg_params = params();
        let cfg = Config::new(&cfg_params).unwrap();
        assert_eq!(cfg.entries_in("Réseaux sociaux"), vec![0]);
        let d = md(&[
            (BlockKind::Heading { level: 2 }, "Canaux"),
            (BlockKind::ListItem, "Réseaux sociaux : LinkedIn"),
            (BlockKind::ListItem, "Presse, salon, affichage"),
        ]);
        let out = run(&d);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.evidence[0].args[0], ("count".into(), "4".into()));
    }

    #[test]
    fn the_declared_type_decides_for_its_row() {
        // « salon » inside a digital row's names is no trade show; the row counts as one
        // digital channel, by its channel cell.
        let rows: &[&[&str]] = &[
            &["Action", "Canal", "Type"],
            &["Stand", "Salon professionnel", "Traditionnel"],
            &["Annonce", "Presse", "Traditionnel"],
            &["Affiches", "Affichage", "Traditionnel"],
            &["Visite du salon en vidéo", "Vidéo 360", "Digital"],
        ];
        let out = run(&doc_with(Format::Xlsx, vec![sheet_of("Plan", rows)]));
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let ev = &out.evidence[0];
        let arg = |n: &str| ev.args.iter().find(|(k, _)| k == n).unwrap().1.clone();
        assert_eq!(arg("digital"), "Vidéo 360 (Plan!B5)");
        assert_eq!(arg("traditional_count"), "3");
        // Declared traditional, the same names give no digital channel.
        let mut bad: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
        bad[4][2] = "Traditionnel";
        let bad: Vec<&[&str]> = bad.iter().map(|r| r.as_slice()).collect();
        let out = run(&doc_with(Format::Xlsx, vec![sheet_of("Plan", &bad)]));
        assert_eq!(
            codes(&out),
            vec!["channel-mix/too-few", "channel-mix/no-digital"]
        );
    }

    #[test]
    fn nothing_found_is_only_too_few() {
        let out = run(&md(&[(BlockKind::Paragraph, "Rien ici.")]));
        assert_eq!(codes(&out), vec!["channel-mix/too-few"]);
    }
}
