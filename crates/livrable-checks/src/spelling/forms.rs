//! The word forms of a Hunspell dictionary: each stem of the `.dic` file, and each stem
//! with each suffix its flags allow (and the suffixes those suffixes allow in turn), as the
//! `.aff` file's `SFX` rules build them. The suggester ([`super::suggest`]) looks words up
//! among them.
//!
//! Why by hand: spellbook checks words but gives no list of the words it accepts, and no
//! crate expands a Hunspell dictionary. What is read is the part of the format that makes
//! word forms: `FLAG` (single characters, `long` pairs, `num`, `UTF-8`), `SFX` rules with
//! their strip, append, continuation flags and condition, `NEEDAFFIX`, `CIRCUMFIX` and
//! `FORBIDDENWORD`. Prefixes are left out: in French they are elisions (`l’`, `qu’`),
//! which the spelling check splits off before looking a word up. A form wrongly built
//! costs nothing: every suggestion is checked with the dictionary before it is given.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// How `.aff` and `.dic` write flags.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagMode {
    /// One character a flag (Hunspell's default, and `FLAG UTF-8`).
    Char,
    /// Two characters a flag (`FLAG long`).
    Long,
    /// Numbers separated by commas (`FLAG num`).
    Num,
}

/// Flags are small numbers looked up for every stem: multiplied by a large odd number
/// rather than hashed with SipHash.
#[derive(Default)]
struct FlagHasher(u64);

impl Hasher for FlagHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }
}

/// One character class of a rule's condition.
enum Atom {
    Any,
    Char(char),
    Set { chars: Vec<char>, negated: bool },
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Atom::Any => true,
            Atom::Char(x) => *x == c,
            Atom::Set { chars, negated } => chars.contains(&c) != *negated,
        }
    }
}

/// A flag, whatever its notation: a character, two characters or a number, as a number.
type Flag = u64;

/// A suffix rule: remove `strip` from the end of a stem that ends as `condition` says,
/// then add `append`.
struct Suffix {
    strip: String,
    append: String,
    /// Flags the suffixed form carries (more suffixes, or markers).
    continuation: Vec<Flag>,
    condition: Vec<Atom>,
}

/// The affix file's rules, as far as word forms go.
pub(crate) struct Rules {
    mode: FlagMode,
    suffixes: HashMap<Flag, Vec<Suffix>, BuildHasherDefault<FlagHasher>>,
    need_affix: Option<Flag>,
    circumfix: Option<Flag>,
    forbidden: Option<Flag>,
}

impl Rules {
    /// Reads the rules of an affix file.
    pub(crate) fn new(aff: &str) -> Rules {
        parse_aff(aff)
    }

    /// Calls `emit` with each word form of a `.dic` line (its stem, its stem with each
    /// suffix); a form may come more than once.
    pub(crate) fn forms(&self, line: &str, emit: &mut impl FnMut(&str)) {
        let (stem, flag_text) = split_dic_line(line);
        if stem.is_empty() {
            return;
        }
        let mut flags = Vec::new();
        parse_flags(flag_text, self.mode, &mut flags);
        let has = |f: Option<Flag>| f.is_some_and(|f| flags.contains(&f));
        if has(self.forbidden) {
            return;
        }
        if !has(self.need_affix) {
            emit(stem);
        }
        let mut buffer = String::new();
        let mut second = String::new();
        for flag in &flags {
            let Some(list) = self.suffixes.get(flag) else {
                continue;
            };
            for sfx in list {
                if !sfx.applies(stem) {
                    continue;
                }
                sfx.apply(stem, &mut buffer);
                let marked = |f: Option<Flag>| f.is_some_and(|f| sfx.continuation.contains(&f));
                // A form that needs a further affix, or a prefix to go with this suffix, is
                // no word on its own.
                if !marked(self.need_affix) && !marked(self.circumfix) {
                    emit(&buffer);
                }
                for cont in &sfx.continuation {
                    let Some(list) = self.suffixes.get(cont) else {
                        continue;
                    };
                    for sfx2 in list {
                        if sfx2.applies(&buffer) {
                            sfx2.apply(&buffer, &mut second);
                            emit(&second);
                        }
                    }
                }
            }
        }
    }
}

impl Suffix {
    fn applies(&self, stem: &str) -> bool {
        if !stem.ends_with(self.strip.as_str()) {
            return false;
        }
        let mut chars = stem.chars().rev();
        self.condition
            .iter()
            .rev()
            .all(|atom| chars.next().is_some_and(|c| atom.matches(c)))
    }

    fn apply(&self, stem: &str, out: &mut String) {
        out.clear();
        out.push_str(&stem[..stem.len() - self.strip.len()]);
        out.push_str(&self.append);
    }
}

/// The stem and the flags of a `.dic` line (`stem/FLAGS morphology…`; a `\/` is a slash of
/// the stem).
fn split_dic_line(line: &str) -> (&str, &str) {
    let word_end = line.find(['\t', ' ']).unwrap_or(line.len());
    let word = &line[..word_end];
    let mut from = 0;
    while let Some(i) = word[from..].find('/') {
        let at = from + i;
        if at > 0 && word.as_bytes()[at - 1] == b'\\' {
            from = at + 1;
            continue;
        }
        return (&word[..at], &word[at + 1..]);
    }
    (word, "")
}

/// The flags of `text`, into `out` (cleared first).
fn parse_flags(text: &str, mode: FlagMode, out: &mut Vec<Flag>) {
    out.clear();
    match mode {
        FlagMode::Char => out.extend(text.chars().map(Flag::from)),
        FlagMode::Long => {
            let mut chars = text.chars();
            while let Some(a) = chars.next() {
                let b = chars.next().map_or(0, Flag::from);
                out.push(Flag::from(a) << 32 | b);
            }
        }
        FlagMode::Num => out.extend(
            text.split(',')
                .filter_map(|s| s.trim().parse::<Flag>().ok()),
        ),
    }
}

fn parse_flag(text: &str, mode: FlagMode) -> Option<Flag> {
    let mut flags = Vec::new();
    parse_flags(text, mode, &mut flags);
    flags.first().copied()
}

fn parse_aff(aff: &str) -> Rules {
    let mut rules = Rules {
        mode: FlagMode::Char,
        suffixes: HashMap::default(),
        need_affix: None,
        circumfix: None,
        forbidden: None,
    };
    // Flags of markers are read after the flag mode, which may come later in the file.
    let mut markers: Vec<(&str, &str)> = Vec::new();
    for line in aff.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            ["FLAG", mode, ..] => {
                rules.mode = match *mode {
                    "long" => FlagMode::Long,
                    "num" => FlagMode::Num,
                    _ => FlagMode::Char,
                }
            }
            [key @ ("NEEDAFFIX" | "CIRCUMFIX" | "FORBIDDENWORD"), flag, ..] => {
                markers.push((key, flag));
            }
            _ => {}
        }
    }
    for (key, flag) in markers {
        let flag = parse_flag(flag, rules.mode);
        match key {
            "NEEDAFFIX" => rules.need_affix = flag,
            "CIRCUMFIX" => rules.circumfix = flag,
            _ => rules.forbidden = flag,
        }
    }
    for line in aff.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // A rule line has five fields at least; the header (`SFX flag Y count`) has four.
        let ["SFX", flag, strip, append, condition, ..] = fields.as_slice() else {
            continue;
        };
        let Some(flag) = parse_flag(flag, rules.mode) else {
            continue;
        };
        let mut continuation = Vec::new();
        let append = match append.split_once('/') {
            Some((a, c)) => {
                parse_flags(c, rules.mode, &mut continuation);
                a
            }
            None => append,
        };
        let zero = |s: &str| {
            if s == "0" {
                String::new()
            } else {
                s.to_string()
            }
        };
        rules.suffixes.entry(flag).or_default().push(Suffix {
            strip: zero(strip),
            append: zero(append),
            continuation,
            condition: parse_condition(condition),
        });
    }
    rules
}

/// `[^sxz]`, `[aeoœ]u`, `.`, `er`: one atom a character or bracket.
fn parse_condition(text: &str) -> Vec<Atom> {
    let mut atoms = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => atoms.push(Atom::Any),
            '[' => {
                let mut set = Vec::new();
                let mut negated = false;
                let mut first = true;
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    if first && c == '^' {
                        negated = true;
                    } else {
                        set.push(c);
                    }
                    first = false;
                }
                atoms.push(Atom::Set {
                    chars: set,
                    negated,
                });
            }
            c => atoms.push(Atom::Char(c)),
        }
    }
    // `.` alone is "any stem".
    if matches!(atoms.as_slice(), [Atom::Any]) {
        atoms.clear();
    }
    atoms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(aff: &str, dic: &str) -> Vec<String> {
        let rules = Rules::new(aff);
        let mut out = Vec::new();
        for line in dic.lines().skip(1) {
            rules.forms(line, &mut |f| out.push(f.to_string()));
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn suffixes_follow_strip_append_and_condition() {
        let aff = "SET UTF-8\nFLAG long\nNEEDAFFIX ()\n\
                   SFX S. Y 2\nSFX S. 0 0/L' [^sxz]\nSFX S. 0 s/L' [^sxz]\n\
                   SFX X. Y 1\nSFX X. al aux/L' al\n\
                   SFX V. Y 1\nSFX V. er e/L'E. [^c]er\n\
                   SFX E. Y 1\nSFX E. 0 s .\n";
        let dic = "4\ncampagne/S. po:nom\nlocal/X.S.\nparler/V.()\nprix/S.\n";
        assert_eq!(
            forms(aff, dic),
            [
                "campagne",
                "campagnes",
                "local",
                "locals",
                "locaux",
                "parle",
                "parles",
                "prix",
            ]
        );
    }

    #[test]
    fn dic_lines_split_stem_flags_and_morphology() {
        assert_eq!(split_dic_line("1er/-- po:adj"), ("1er", "--"));
        assert_eq!(split_dic_line("a\\/b/S."), ("a\\/b", "S."));
        assert_eq!(split_dic_line("mot po:nom"), ("mot", ""));
        assert_eq!(split_dic_line("mot"), ("mot", ""));
    }
}
