//! One compiled regular expression per distinct pattern in the process.
//!
//! The rule pack names the same patterns in many check instances (a placeholder phone in
//! every `rgpd` instance, an amount in every budget and plan instance), and compiling a
//! pattern with Unicode classes costs far more than matching with it: pack load was mostly
//! regex compilation. Instances therefore ask this cache, which compiles each
//! (pattern, case sensitivity) once and hands out clones (a clone of a [`Regex`] shares the
//! compiled program; each clone keeps its own matching scratch space, so threads do not
//! contend).
//!
//! # Limits
//!
//! - At most [`MAX_ENTRIES`] patterns are kept (the pack's are a few hundred); past that,
//!   patterns are compiled without being kept, so memory stays bounded whatever calls it.
//! - Invalid patterns are not kept: the error is computed again on each call (only a pack
//!   being fixed has any).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::{Regex, RegexBuilder};

/// Largest number of patterns kept.
pub const MAX_ENTRIES: usize = 4096;

type Key = (String, bool);

fn cache() -> &'static Mutex<HashMap<Key, Regex>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Regex>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// `pattern` compiled (with the `regex` crate's defaults), once per process.
pub fn cached(pattern: &str) -> Result<Regex, regex::Error> {
    cached_with(pattern, false)
}

/// `pattern` compiled case-insensitively, once per process.
pub fn cached_ci(pattern: &str) -> Result<Regex, regex::Error> {
    cached_with(pattern, true)
}

fn cached_with(pattern: &str, case_insensitive: bool) -> Result<Regex, regex::Error> {
    let key = (pattern.to_string(), case_insensitive);
    if let Some(hit) = lock().get(&key) {
        return Ok(hit.clone());
    }
    // Compiled outside the lock: two threads may compile the same pattern at once, which
    // costs time once and keeps one of the two; holding the lock would serialise every
    // instance's compilation.
    let re = RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .build()?;
    let mut map = lock();
    if map.len() < MAX_ENTRIES {
        map.entry(key).or_insert_with(|| re.clone());
    }
    Ok(re)
}

fn lock() -> std::sync::MutexGuard<'static, HashMap<Key, Regex>> {
    match cache().lock() {
        Ok(m) => m,
        // A panic while holding the lock leaves a consistent map (inserts are atomic).
        Err(poisoned) => poisoned.into_inner(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_is_compiled_once_and_matches_alike() {
        let a = cached(r"\p{Lu}\d+").unwrap();
        let b = cached(r"\p{Lu}\d+").unwrap();
        assert!(a.is_match("É12") && b.is_match("É12"));
        assert!(lock().contains_key(&(r"\p{Lu}\d+".to_string(), false)));
        assert_eq!(a.as_str(), b.as_str());
    }

    #[test]
    fn case_sensitivity_is_part_of_the_key() {
        let sensitive = cached("img_[0-9]+").unwrap();
        let insensitive = cached_ci("img_[0-9]+").unwrap();
        assert!(!sensitive.is_match("IMG_1234"));
        assert!(insensitive.is_match("IMG_1234"));
    }

    #[test]
    fn bad_patterns_are_errors_and_not_kept() {
        assert!(cached("(unclosed").is_err());
        assert!(!lock().contains_key(&("(unclosed".to_string(), false)));
    }
}
