//! The caniemail dataset: which e-mail clients support which HTML and CSS feature.
//!
//! caniemail.com (Rémi Parmentier, MIT) tests each feature in each client and publishes
//! the results as one JSON file; the rule pack vendors a dated copy
//! (`rules/ccm-n6/data/caniemail.json`, see its README). This module reads that JSON and
//! answers one question: for a feature (`css-display-flex`) and a set of clients (`gmail`,
//! `outlook.windows`), which clients do not support it, or only partly, today?
//!
//! # The format
//!
//! `data[]` holds one entry per feature: `slug`, `title`, `url`, `notes`, `notes_by_num`
//! and `stats`, a map family → platform → version → value. A value is `y` (supported),
//! `a` (partial), `n` (not supported) or `u` (untested), followed by note references
//! (`a #1 #3`) into `notes_by_num`. Versions are listed oldest first and are not sortable
//! as text (`2019-02`, then `16.80`), so the **order of the keys is the data**: the maps
//! are read here into vectors in document order, rather than through `serde_json::Value`,
//! whose maps sort their keys unless a crate-wide feature is switched on for the whole
//! workspace.
//!
//! # The answer
//!
//! For each selected client, each of its platforms, the **last listed version** is taken
//! as the current support. A feature is reported *unsupported* when any selected client's
//! current value is `n`, *partial* when none is `n` and some is `a`. `u` and a missing
//! client say nothing: the check cannot decide, and says nothing rather than guess.
//!
//! This module is pure (no I/O): the caller passes the JSON text.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// The parsed dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// `api_version` of the JSON (`1.0.4`).
    pub api_version: String,
    /// When caniemail last updated the data (`2026-05-13 14:45:41 +0000`).
    pub last_update_date: String,
    /// Display names of families (`outlook` → `Outlook`) and platforms (`ios` → `iOS`).
    families: BTreeMap<String, String>,
    platforms: BTreeMap<String, String>,
    features: BTreeMap<String, Feature>,
}

/// One feature's entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Feature {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub last_test_date: Option<String>,
    /// A note about the feature as a whole.
    #[serde(default)]
    pub notes: Option<String>,
    /// Numbered notes that values refer to (`a #2`).
    #[serde(default)]
    pub notes_by_num: Option<BTreeMap<String, String>>,
    /// family → platform → version → value, in document order.
    #[serde(default)]
    stats: Ordered<Ordered<Ordered<String>>>,
}

/// How well a client supports a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Unknown,
    Supported,
    Partial,
    Unsupported,
}

/// One client platform's current support for a feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSupport {
    pub family: String,
    pub platform: String,
    /// The version tested last (`2019`, `2024-04`).
    pub version: String,
    pub level: Level,
    /// Note numbers (`1`, `3`) the value refers to.
    pub notes: Vec<String>,
}

/// The clients a check cares about: a family (`outlook`, or `outlook.*`), or one platform
/// of a family (`outlook.windows`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub family: String,
    pub platform: Option<String>,
}

impl Client {
    /// Reads `family`, `family.*` or `family.platform`; `None` when blank.
    pub fn parse(text: &str) -> Option<Client> {
        let text = text.trim().to_ascii_lowercase();
        let (family, platform) = match text.split_once('.') {
            Some((f, p)) if p == "*" || p.is_empty() => (f.to_string(), None),
            Some((f, p)) => (f.to_string(), Some(p.to_string())),
            None => (text.clone(), None),
        };
        (!family.is_empty()).then_some(Client { family, platform })
    }

    fn selects(&self, family: &str, platform: &str) -> bool {
        self.family == family && self.platform.as_deref().is_none_or(|p| p == platform)
    }
}

/// What the dataset says of one feature for the selected clients, when it is not good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// [`Level::Unsupported`] or [`Level::Partial`].
    pub level: Level,
    /// The clients at that level, in the dataset's order.
    pub clients: Vec<ClientSupport>,
    /// The texts of the notes those clients' values refer to, without repeats; the
    /// feature's general note when they refer to none.
    pub notes: Vec<String>,
}

impl Dataset {
    /// Parses the caniemail JSON (`api/data.json`).
    pub fn from_json(text: &str) -> Result<Dataset, String> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            api_version: String,
            #[serde(default)]
            last_update_date: String,
            #[serde(default)]
            nicenames: Nicenames,
            data: Vec<Feature>,
        }
        #[derive(Deserialize, Default)]
        struct Nicenames {
            #[serde(default)]
            family: BTreeMap<String, String>,
            #[serde(default)]
            platform: BTreeMap<String, String>,
        }
        let raw: Raw = serde_json::from_str(text).map_err(|e| format!("caniemail data: {e}"))?;
        Ok(Dataset {
            api_version: raw.api_version,
            last_update_date: raw.last_update_date,
            families: raw.nicenames.family,
            platforms: raw.nicenames.platform,
            features: raw.data.into_iter().map(|f| (f.slug.clone(), f)).collect(),
        })
    }

    /// The feature with this slug.
    pub fn feature(&self, slug: &str) -> Option<&Feature> {
        self.features.get(slug)
    }

    /// The date part of [`Dataset::last_update_date`] (`2026-05-13`).
    pub fn date(&self) -> &str {
        self.last_update_date
            .split_whitespace()
            .next()
            .unwrap_or_default()
    }

    /// True when the dataset has results for this family (`gmail`).
    pub fn knows_family(&self, family: &str) -> bool {
        self.families.contains_key(family)
            || self
                .features
                .values()
                .any(|f| f.stats.0.iter().any(|(fam, _)| fam == family))
    }

    /// The display name of a family (`Outlook`), or its key when the dataset has none.
    pub fn family_name<'a>(&'a self, family: &'a str) -> &'a str {
        self.families.get(family).map_or(family, String::as_str)
    }

    /// The display name of a platform (`Windows Mail`), or its key.
    pub fn platform_name<'a>(&'a self, platform: &'a str) -> &'a str {
        self.platforms
            .get(platform)
            .map_or(platform, String::as_str)
    }

    /// `Outlook (Windows, Windows Mail), Orange (Desktop Webmail)`: the clients grouped by
    /// family, in the order given.
    pub fn client_names(&self, clients: &[ClientSupport]) -> String {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for c in clients {
            let platform = self.platform_name(&c.platform);
            match groups.iter_mut().find(|(f, _)| *f == c.family) {
                Some((_, platforms)) => {
                    if !platforms.contains(&platform) {
                        platforms.push(platform);
                    }
                }
                None => groups.push((&c.family, vec![platform])),
            }
        }
        groups
            .iter()
            .map(|(family, platforms)| {
                format!("{} ({})", self.family_name(family), platforms.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The verdict for `feature` and `clients`, or `None` when every selected client whose
    /// support is known supports it.
    pub fn verdict(&self, feature: &Feature, clients: &[Client]) -> Option<Verdict> {
        let current = feature.current(clients);
        let level = current.iter().map(|c| c.level).max()?;
        if level < Level::Partial {
            return None;
        }
        let clients: Vec<ClientSupport> =
            current.into_iter().filter(|c| c.level == level).collect();
        let mut notes: Vec<String> = Vec::new();
        for number in clients.iter().flat_map(|c| &c.notes) {
            if let Some(text) = feature
                .notes_by_num
                .as_ref()
                .and_then(|n| n.get(number))
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
            {
                if !notes.iter().any(|n| n == text) {
                    notes.push(text.to_string());
                }
            }
        }
        if notes.is_empty() {
            if let Some(general) = feature.notes.as_deref().map(str::trim) {
                if !general.is_empty() {
                    notes.push(general.to_string());
                }
            }
        }
        Some(Verdict {
            level,
            clients,
            notes,
        })
    }
}

impl Feature {
    /// The current (last listed) support of each selected client platform.
    pub fn current(&self, clients: &[Client]) -> Vec<ClientSupport> {
        let mut out = Vec::new();
        for (family, platforms) in &self.stats.0 {
            for (platform, versions) in &platforms.0 {
                if !clients.iter().any(|c| c.selects(family, platform)) {
                    continue;
                }
                let Some((version, value)) = versions.0.last() else {
                    continue;
                };
                let (level, notes) = parse_value(value);
                out.push(ClientSupport {
                    family: family.clone(),
                    platform: platform.clone(),
                    version: version.clone(),
                    level,
                    notes,
                });
            }
        }
        out
    }
}

/// `a #1 #3` → (partial, ["1", "3"]).
fn parse_value(value: &str) -> (Level, Vec<String>) {
    let mut words = value.split_whitespace();
    let level = match words.next().map(str::to_ascii_lowercase).as_deref() {
        Some("y") => Level::Supported,
        Some("a") => Level::Partial,
        Some("n") => Level::Unsupported,
        _ => Level::Unknown,
    };
    let notes = words
        .filter_map(|w| w.strip_prefix('#'))
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    (level, notes)
}

/// A JSON object read as its entries in document order.
#[derive(Debug, Clone)]
struct Ordered<V>(Vec<(String, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    entries.push((k, v));
                }
                Ok(Ordered(entries))
            }
            // caniemail writes an empty platform list as `[]` in a few entries.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Ordered<V>, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Ordered(Vec::new()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Ordered<V>, E> {
                Ok(Ordered(Vec::new()))
            }
        }
        d.deserialize_any(OrderedVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An excerpt of the real data (2026-05-13): two features, trimmed to a few clients,
    /// with macOS versions that sort wrongly as text.
    const EXCERPT: &str = r##"{
  "api_version": "1.0.4",
  "last_update_date": "2026-05-13 14:45:41 +0000",
  "nicenames": {
    "family": {"gmail": "Gmail", "outlook": "Outlook", "orange": "Orange", "apple-mail": "Apple Mail"},
    "platform": {"desktop-webmail": "Desktop Webmail", "ios": "iOS", "android": "Android",
                 "windows": "Windows", "windows-mail": "Windows Mail", "macos": "macOS"}
  },
  "data": [
    {
      "slug": "css-display-flex", "title": "display:flex",
      "url": "https://www.caniemail.com/features/css-display-flex/",
      "last_test_date": "2021-11-02",
      "stats": {
        "gmail": {"desktop-webmail": {"2019-02": "y"}, "ios": {"2019-02": "y", "2020-11": "a #1"}},
        "orange": {"desktop-webmail": {"2019-08": "y", "2021-03": "n", "2024-04": "n"}},
        "outlook": {"windows": {"2007": "n", "2019": "n"}, "windows-mail": {"2019-02": "n"},
                    "macos": {"2019-02": "y", "16.80": "y"}}
      },
      "notes": null,
      "notes_by_num": {"1": "Not supported with non Google accounts.", "2": "`display:inline-flex` is not supported."}
    },
    {
      "slug": "image-webp", "title": "webP image format",
      "stats": {
        "gmail": {"desktop-webmail": {"2020-02": "a #1 #3"}},
        "apple-mail": {"macos": {"2016": "n", "16.47": "y", "16.80": "y"}},
        "outlook": {"macos": {"2016": "n", "16.47": "y", "16.80": "u"}}
      },
      "notes": "General note.",
      "notes_by_num": {"1": "Partial: Converts file to jpg.", "3": "Partial. Does not support animation."}
    },
    {"slug": "html-empty", "title": "empty", "stats": {"gmail": []}, "notes_by_num": null}
  ]
}"##;

    fn data() -> Dataset {
        Dataset::from_json(EXCERPT).unwrap_or_else(|e| panic!("{e}"))
    }

    fn clients(list: &[&str]) -> Vec<Client> {
        list.iter().filter_map(|c| Client::parse(c)).collect()
    }

    #[test]
    fn reads_versions_in_document_order() {
        let d = data();
        assert_eq!(d.date(), "2026-05-13");
        assert_eq!(d.api_version, "1.0.4");
        let f = d.feature("image-webp").unwrap_or_else(|| panic!("feature"));
        // "16.80" sorts before "2016" as text; the last listed is the current one.
        let apple = f.current(&clients(&["apple-mail"]));
        assert_eq!(apple.len(), 1);
        assert_eq!(apple[0].version, "16.80");
        assert_eq!(apple[0].level, Level::Supported);
    }

    #[test]
    fn unsupported_wins_over_partial_and_names_the_clients() {
        let d = data();
        let f = d
            .feature("css-display-flex")
            .unwrap_or_else(|| panic!("feature"));
        let v = d
            .verdict(f, &clients(&["gmail", "outlook", "orange"]))
            .unwrap_or_else(|| panic!("a verdict"));
        assert_eq!(v.level, Level::Unsupported);
        assert_eq!(
            d.client_names(&v.clients),
            "Orange (Desktop Webmail), Outlook (Windows, Windows Mail)"
        );
        // The notes of the unsupported clients: none here (Gmail's #1 is a partial).
        assert!(v.notes.is_empty());
    }

    #[test]
    fn partial_support_carries_the_notes() {
        let d = data();
        let f = d
            .feature("css-display-flex")
            .unwrap_or_else(|| panic!("feature"));
        let v = d
            .verdict(f, &clients(&["gmail.*"]))
            .unwrap_or_else(|| panic!("a verdict"));
        assert_eq!(v.level, Level::Partial);
        assert_eq!(d.client_names(&v.clients), "Gmail (iOS)");
        assert_eq!(v.notes, vec!["Not supported with non Google accounts."]);

        let webp = d.feature("image-webp").unwrap_or_else(|| panic!("feature"));
        let v = d
            .verdict(webp, &clients(&["gmail"]))
            .unwrap_or_else(|| panic!("a verdict"));
        assert_eq!(
            v.notes,
            vec![
                "Partial: Converts file to jpg.",
                "Partial. Does not support animation."
            ]
        );
    }

    #[test]
    fn supported_untested_or_unselected_clients_give_no_verdict() {
        let d = data();
        let f = d
            .feature("css-display-flex")
            .unwrap_or_else(|| panic!("feature"));
        assert_eq!(d.verdict(f, &clients(&["outlook.macos"])), None);
        assert_eq!(d.verdict(f, &clients(&["gmail.desktop-webmail"])), None);
        assert_eq!(d.verdict(f, &clients(&["yahoo"])), None);
        let webp = d.feature("image-webp").unwrap_or_else(|| panic!("feature"));
        assert_eq!(
            d.verdict(webp, &clients(&["outlook"])),
            None,
            "`u` decides nothing"
        );
        let empty = d.feature("html-empty").unwrap_or_else(|| panic!("feature"));
        assert_eq!(d.verdict(empty, &clients(&["gmail"])), None);
    }

    #[test]
    fn client_selectors() {
        assert_eq!(
            Client::parse(" Outlook.Windows "),
            Some(Client {
                family: "outlook".into(),
                platform: Some("windows".into())
            })
        );
        assert_eq!(
            Client::parse("gmail.*"),
            Some(Client {
                family: "gmail".into(),
                platform: None
            })
        );
        assert_eq!(Client::parse("  "), None);
        assert!(data().knows_family("orange"));
        assert!(!data().knows_family("hotmail"));
    }

    #[test]
    fn bad_json_is_an_error_not_a_panic() {
        assert!(Dataset::from_json("").is_err());
        assert!(Dataset::from_json("{\"data\": 3}").is_err());
        assert!(Dataset::from_json("{\"data\": [{\"slug\": \"x\"}]}").is_err());
    }
}
