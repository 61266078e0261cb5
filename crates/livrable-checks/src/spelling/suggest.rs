//! Suggestions for an unknown word: the dictionary's forms ([`super::forms`]) nearest to it,
//! in a few microseconds rather than spellbook's tenths of a second (its suggester checks
//! thousands of edited strings with the whole affix machinery, then scans the word list).
//!
//! The forms are indexed once, on the first suggestion of a run, by their *folded* spelling
//! (lower case, accents off: `événement` → `evenement`), so that accents cost nothing to
//! find. A word's candidates are its folded spelling and what one edit of it gives
//! (a letter deleted, added, replaced, two swapped, a replacement of the dictionary's `REP`
//! table such as `ct` → `x`), and a second edit after a cheap first one (a letter doubled
//! or undoubled, a swap, a final `s`, a `REP` replacement): `apeller` → `appeller` →
//! `appeler`. Each edit has a cost, lower for the slips people make most (doubling,
//! undoubling, swaps, a plural `s`), higher for the first letter (rarely the one mistyped);
//! each accent that differs from the word as written adds a little. Candidates come out by
//! cost, ties in alphabetical order, so the same word always gets the same suggestions,
//! and each is checked with the dictionary before it is given.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use spellbook::Dictionary;

use super::forms::Rules;

/// Highest total cost of a suggestion.
const MAX_COST: f32 = 2.0;
/// Highest cost of a first edit that a second edit may follow.
const CHEAP: f32 = 0.7;
/// Candidates checked with the dictionary, at most, per word.
const MAX_CHECKED: usize = 12;
/// Shards of the index: one per letter `a` to `z` (accents folded), one for the rest.
const SHARDS: usize = 27;

/// A dictionary's forms, indexed by folded spelling in shards by first letter, each built
/// when a word first needs it: expanding the whole French dictionary (490,000 forms) takes
/// several times as long as parsing it, and a submission's unknown words start with a few
/// letters only. Edits keep a word's first letter (accents aside: it is rarely the one
/// mistyped), so that a word reads one shard.
pub(crate) struct Suggester {
    rules: Rules,
    dic: String,
    /// For each shard, the byte ranges of its `.dic` lines (by the stem's first letter).
    lines: Vec<Vec<(u32, u32)>>,
    shards: Vec<OnceLock<Shard>>,
    /// The `REP` replacements of the affix file, folded, with their anchors.
    replacements: Vec<Replacement>,
}

/// The forms of one first letter.
struct Shard {
    /// Folded spelling's hash → the last form with that hash (see `next`).
    heads: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    /// For each form, the previous one with the same folded hash (`NONE` ends the chain).
    next: Vec<u32>,
    /// Every form, one after the other, and where each ends.
    text: String,
    ends: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// A `REP from to` line of the affix file, folded; `^` and `$` anchor it.
struct Replacement {
    from: Vec<u8>,
    to: Vec<u8>,
    at_start: bool,
    at_end: bool,
}

/// The shard of a folded spelling.
fn shard_of(folded: &[u8]) -> usize {
    match folded.first() {
        Some(b @ b'a'..=b'z') => usize::from(b - b'a'),
        _ => SHARDS - 1,
    }
}

impl Suggester {
    /// Reads the affix rules and sorts the `.dic` lines by first letter; forms are
    /// expanded later, shard by shard.
    pub(crate) fn new(aff: &str, dic: &str) -> Suggester {
        let mut lines = vec![Vec::new(); SHARDS];
        let mut folded = Vec::new();
        let mut at = 0usize;
        for (n, line) in dic.split_inclusive('\n').enumerate() {
            let start = at;
            at += line.len();
            let first: String = line.chars().take(1).collect();
            if n == 0 || line.trim().is_empty() {
                continue;
            }
            fold_into(&first, &mut folded);
            lines[shard_of(&folded)].push((start as u32, at as u32));
        }
        Suggester {
            rules: Rules::new(aff),
            dic: dic.to_string(),
            lines,
            shards: (0..SHARDS).map(|_| OnceLock::new()).collect(),
            replacements: replacements(aff),
        }
    }

    fn shard(&self, i: usize) -> &Shard {
        self.shards[i].get_or_init(|| self.build(i))
    }

    fn build(&self, i: usize) -> Shard {
        // About six forms a line (Dicollecte's French: 84,000 lines, 490,000 forms):
        // reserved ahead, the map is never rehashed.
        let n = self.lines[i].len() * 6;
        let mut shard = Shard {
            heads: HashMap::with_capacity_and_hasher(n, Default::default()),
            next: Vec::with_capacity(n),
            text: String::with_capacity(n * 10),
            ends: Vec::with_capacity(n),
        };
        let mut folded = Vec::new();
        // The same form may come from several rules (`campagne` is the stem and its
        // singular): a repeat of the form just before is left out here, the others when
        // suggestions are ranked.
        let mut last = String::new();
        for &(start, end) in &self.lines[i] {
            let line = self.dic[start as usize..end as usize].trim_end();
            self.rules.forms(line, &mut |form| {
                if form == last {
                    return;
                }
                last.clear();
                last.push_str(form);
                fold_into(form, &mut folded);
                let slot = shard.heads.entry(hash(&folded)).or_insert(NONE);
                shard.next.push(*slot);
                *slot = shard.ends.len() as u32;
                shard.text.push_str(form);
                shard.ends.push(shard.text.len() as u32);
            });
        }
        shard
    }
}

impl Shard {
    fn form(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The forms whose folded spelling has this hash.
    fn forms(&self, hash: u64) -> impl Iterator<Item = &str> {
        let head = self.heads.get(&hash).copied().unwrap_or(NONE);
        std::iter::successors((head != NONE).then_some(head), |&id| {
            let n = self.next[id as usize];
            (n != NONE).then_some(n)
        })
        .map(|id| self.form(id))
    }
}

impl Suggester {
    /// Up to `max` suggestions for `word`, best first, each one a word `dict` accepts.
    pub(crate) fn suggest(&self, dict: &Dictionary, word: &str, max: usize) -> Vec<String> {
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && !word.chars().skip(1).any(char::is_uppercase);
        let lower = word.to_lowercase();
        let mut query = Vec::new();
        fold_into(&lower, &mut query);

        if query.is_empty() {
            return Vec::new();
        }
        // Folded candidates found in the index, by hash, with the lowest cost that reached
        // each. Edits keep the first letter: one shard has them all.
        let shard = self.shard(shard_of(&query));
        let mut found: HashMap<u64, f32, BuildHasherDefault<Prehashed>> = HashMap::default();
        let mut keep = |candidate: &[u8], cost: f32| {
            let hash = hash(candidate);
            if shard.heads.contains_key(&hash) {
                let c = found.entry(hash).or_insert(cost);
                *c = c.min(cost);
            }
        };
        keep(&query, 0.0);
        let mut cheap: Vec<(Vec<u8>, f32)> = Vec::new();
        self.edits(&query, &mut |candidate, cost| {
            keep(candidate, cost);
            if cost <= CHEAP && !cheap.iter().any(|(c, _)| c == candidate) {
                cheap.push((candidate.to_vec(), cost));
            }
        });
        for (first, cost) in &cheap {
            self.edits(first, &mut |candidate, more| {
                if cost + more <= MAX_COST {
                    keep(candidate, cost + more);
                }
            });
        }

        let mut ranked: Vec<(f32, &str)> = Vec::new();
        for (hash, cost) in found {
            for form in shard.forms(hash) {
                // A 64-bit hash standing for the folded spelling: a collision among a
                // million forms is one chance in billions, and the dictionary checks what
                // is given anyway.
                if form.to_lowercase() != lower {
                    ranked.push((cost + accent_cost(&lower, form), form));
                }
            }
        }
        ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        let mut out: Vec<String> = Vec::new();
        for (_, form) in ranked.into_iter().take(MAX_CHECKED) {
            if out.len() == max {
                break;
            }
            let shown = if capitalised {
                capitalise(form)
            } else {
                form.to_string()
            };
            if !out.contains(&shown) && dict.check(form) {
                out.push(shown);
            }
        }
        out
    }

    /// Calls `emit` with each string one edit away from `q`, and the edit's cost; the first
    /// letter is kept.
    fn edits(&self, q: &[u8], emit: &mut impl FnMut(&[u8], f32)) {
        let n = q.len();
        let mut buf: Vec<u8> = Vec::with_capacity(n + 4);
        // Deletions.
        for i in 1..n {
            let undouble = q[i - 1] == q[i] || (i + 1 < n && q[i + 1] == q[i]);
            let cost = if undouble {
                0.5
            } else if i + 1 == n && q[i] == b's' {
                0.6
            } else {
                1.0
            };
            buf.clear();
            buf.extend_from_slice(&q[..i]);
            buf.extend_from_slice(&q[i + 1..]);
            emit(&buf, cost);
        }
        // Swaps of neighbours.
        for i in 1..n.saturating_sub(1) {
            if q[i] != q[i + 1] {
                buf.clear();
                buf.extend_from_slice(q);
                buf.swap(i, i + 1);
                emit(&buf, 0.7);
            }
        }
        // Insertions and replacements, of letters a to z, after the first letter.
        for i in 1..=n {
            for c in b'a'..=b'z' {
                let double = (i > 0 && q[i - 1] == c) || (i < n && q[i] == c);
                let cost = if double {
                    0.5
                } else if i == n && c == b's' {
                    0.6
                } else {
                    1.0
                };
                buf.clear();
                buf.extend_from_slice(&q[..i]);
                buf.push(c);
                buf.extend_from_slice(&q[i..]);
                emit(&buf, cost);
                if i < n && q[i] != c {
                    buf.clear();
                    buf.extend_from_slice(q);
                    buf[i] = c;
                    emit(&buf, 1.0);
                }
            }
        }
        // The dictionary's replacements.
        for r in &self.replacements {
            if r.from.is_empty() || r.from.len() > n {
                continue;
            }
            for i in 0..=n - r.from.len() {
                if q[i..i + r.from.len()] != r.from[..]
                    || (r.at_start && i != 0)
                    || (r.at_end && i + r.from.len() != n)
                {
                    continue;
                }
                buf.clear();
                buf.extend_from_slice(&q[..i]);
                buf.extend_from_slice(&r.to);
                buf.extend_from_slice(&q[i + r.from.len()..]);
                if buf.first() == q.first() {
                    emit(&buf, 0.6);
                }
            }
        }
    }
}

/// Each accented letter of `form` that `word` lacks, and each of `word` that `form` lacks:
/// a fifth of an edit each (`developpement` → `développement` costs 0.2).
fn accent_cost(word: &str, form: &str) -> f32 {
    let accented = |s: &str| -> Vec<char> {
        let mut v: Vec<char> = s
            .chars()
            .flat_map(char::to_lowercase)
            .filter(|c| !c.is_ascii())
            .collect();
        v.sort_unstable();
        v
    };
    let (a, b) = (accented(word), accented(form));
    let (mut i, mut j, mut differ) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => {
                differ += 1;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                differ += 1;
                j += 1;
            }
        }
    }
    differ += (a.len() - i) + (b.len() - j);
    differ as f32 * 0.2
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The `REP` lines of an affix file, folded (pairs that fold to the same spelling, such as
/// `e é`, are left out: folding already joins them).
fn replacements(aff: &str) -> Vec<Replacement> {
    let mut out = Vec::new();
    for line in aff.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let ["REP", from, to, ..] = fields.as_slice() else {
            continue;
        };
        if from.parse::<usize>().is_ok() {
            continue; // the header: `REP 110`
        }
        let at_start = from.starts_with('^');
        let at_end = from.ends_with('$');
        let from = from.trim_start_matches('^').trim_end_matches('$');
        let to = to
            .trim_start_matches('^')
            .trim_end_matches('$')
            .replace('_', " ");
        let (mut f, mut t) = (Vec::new(), Vec::new());
        fold_into(&from.to_lowercase(), &mut f);
        fold_into(&to.to_lowercase(), &mut t);
        if f != t && !f.is_empty() {
            out.push(Replacement {
                from: f,
                to: t,
                at_start,
                at_end,
            });
        }
    }
    out
}

/// `word` in lower case without accents, as bytes: `Événement` → `evenement`, `cœur` →
/// `coeur`, `l’été` → `l'ete`. Letters without an ASCII base keep their UTF-8 bytes.
pub(crate) fn fold_into(word: &str, out: &mut Vec<u8>) {
    out.clear();
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase() as u8);
            continue;
        }
        let base: &[u8] = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => {
                b"a"
            }
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b"e",
            'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => b"i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => b"o",
            'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => b"u",
            'ç' | 'Ç' => b"c",
            'ÿ' | 'Ÿ' => b"y",
            'ñ' | 'Ñ' => b"n",
            'œ' | 'Œ' => b"oe",
            'æ' | 'Æ' => b"ae",
            '’' | 'ʼ' => b"'",
            _ => {
                let mut tmp = [0u8; 4];
                for l in c.to_lowercase() {
                    out.extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
                }
                continue;
            }
        };
        out.extend_from_slice(base);
    }
}

/// FNV-1a, then a finaliser that spreads the bits (the map uses the hash as it is).
fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
