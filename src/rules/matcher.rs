//! Matching one line, or a window of consecutive lines, against exact lines, required
//! phrases and a regex.

use aho_corasick::{AhoCorasick, BuildError, MatchKind};
use regex::Regex;
use std::cell::RefCell;
use std::collections::HashSet;

/// Phrases of which a text must hold one, optionally ignoring ASCII case.
///
/// Case is ignored by lowercasing (ASCII only) the phrases once and each text into a scratch
/// buffer: a case-sensitive automaton over a few dozen phrases gets a SIMD prefilter (Teddy)
/// and skips most of a line, where a case-insensitive one walks every byte.
#[derive(Debug, Clone)]
pub struct Phrases {
    searcher: AhoCorasick,
    /// Teddy, when the phrases are few enough and the CPU has the vector instructions.
    packed: Option<aho_corasick::packed::Searcher>,
    fold_case: bool,
}

thread_local! {
    static FOLDED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl Phrases {
    pub fn new<P: AsRef<str>>(phrases: &[P], ignore_case: bool) -> Result<Self, BuildError> {
        let fold = |p: &P| if ignore_case { p.as_ref().to_ascii_lowercase() } else { p.as_ref().to_string() };
        // Leftmost semantics let the packed (SIMD) prefilter run; a yes/no search does not care
        // which phrase matched.
        let folded: Vec<String> = phrases.iter().map(fold).collect();
        let searcher = AhoCorasick::builder().match_kind(MatchKind::LeftmostFirst).build(&folded)?;
        let packed = aho_corasick::packed::Config::new().builder().extend(&folded).build();
        Ok(Phrases { searcher, packed, fold_case: ignore_case })
    }

    fn search(&self, text: &[u8]) -> bool {
        match &self.packed {
            Some(packed) if text.len() >= packed.minimum_len() => packed.find(text).is_some(),
            _ => self.searcher.is_match(text),
        }
    }

    /// Whether `find_starts` wants its haystack lowercased (ASCII only).
    pub fn folds_case(&self) -> bool {
        self.fold_case
    }

    /// Calls `f` with the start of each (non-overlapping) phrase found in `haystack`, which
    /// must be lowercased (ASCII only) when [`Phrases::folds_case`] says so.
    pub fn find_starts(&self, haystack: &[u8], mut f: impl FnMut(usize)) {
        match &self.packed {
            Some(packed) => packed.find_iter(haystack).for_each(|m| f(m.start())),
            None => self.searcher.find_iter(haystack).for_each(|m| f(m.start())),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        if !self.fold_case {
            return self.search(text.as_bytes());
        }
        FOLDED.with_borrow_mut(|folded| {
            folded.clear();
            folded.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
            self.search(folded)
        })
    }
}

/// Matches trimmed line text. A window of N lines is matched as the N lines joined by `\n`.
///
/// A text matches when it is one of the exact `lines`, or when it holds one of the
/// `contains` phrases (if any are given) and matches the regex (if one is given).
#[derive(Debug)]
pub struct LineMatcher {
    regex: Option<Regex>,
    /// Phrases of which the text must hold one (ASCII case folded when `ignore_case`).
    contains: Option<Phrases>,
    /// Exact lines (trimmed; lowercase when `ignore_case`).
    literals: HashSet<Box<str>>,
    ignore_case: bool,
    /// Byte lengths of the shortest and longest literal, to skip lines that cannot be one.
    literal_lengths: (usize, usize),
    /// How many consecutive lines are matched together.
    pub window: usize,
}

impl LineMatcher {
    pub fn new(
        regex: Option<Regex>,
        contains: Option<Phrases>,
        literals: Vec<String>,
        ignore_case: bool,
        window: usize,
    ) -> Self {
        let literals = literals
            .into_iter()
            .map(|l| {
                let l = l.trim();
                if ignore_case { l.to_lowercase() } else { l.to_string() }.into_boxed_str()
            })
            .collect::<HashSet<Box<str>>>();
        let literal_lengths =
            (literals.iter().map(|l| l.len()).min().unwrap_or(0), literals.iter().map(|l| l.len()).max().unwrap_or(0));
        LineMatcher { regex, contains, literals, ignore_case, literal_lengths, window: window.max(1) }
    }

    pub fn phrases(&self) -> Option<&Phrases> {
        self.contains.as_ref()
    }

    /// The `contains` and `pattern` conditions, both where given (and at least one given).
    fn matches_conditions(&self, text: &str) -> bool {
        (self.regex.is_some() || self.contains.is_some())
            && self.contains.as_ref().is_none_or(|ac| ac.is_match(text))
            && self.regex.as_ref().is_none_or(|r| r.is_match(text))
    }

    pub fn regex(&self) -> Option<&Regex> {
        self.regex.as_ref()
    }

    pub fn ignores_case(&self) -> bool {
        self.ignore_case
    }

    /// The exact lines, trimmed (and lowercased when the matcher ignores case).
    pub fn literals(&self) -> impl Iterator<Item = &str> {
        self.literals.iter().map(|l| &**l)
    }

    fn matches_literal(&self, text: &str) -> bool {
        if self.literals.is_empty() {
            return false;
        }
        let (shortest, longest) = self.literal_lengths;
        if self.ignore_case {
            // Lowercasing changes a char's byte length by a factor of at most 3.
            if text.len() > longest * 3 || text.len() * 3 < shortest {
                return false;
            }
            self.literals.contains(text.to_lowercase().as_str())
        } else {
            (shortest..=longest).contains(&text.len()) && self.literals.contains(text)
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.matches_literal(text) || self.matches_conditions(text)
    }

    /// The value a metadata rule takes from `text`: the `value` group, else group 1, else the
    /// whole match (a literal line gives itself).
    pub fn value<'t>(&self, text: &'t str) -> Option<&'t str> {
        if self.matches_literal(text) {
            return Some(text);
        }
        if !self.contains.as_ref().is_none_or(|ac| ac.is_match(text)) {
            return None;
        }
        let Some(regex) = &self.regex else {
            return self.contains.is_some().then_some(text);
        };
        // Most lines do not match, and a yes/no search is much cheaper than captures.
        if !regex.is_match(text) {
            return None;
        }
        let caps = regex.captures(text)?;
        let m = caps.name("value").or_else(|| caps.get(1)).or_else(|| caps.get(0))?;
        Some(m.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_match_whole_trimmed_lines() {
        let m = LineMatcher::new(None, None, vec![" Most Popular ".into()], true, 1);
        assert!(m.is_match("most popular"));
        assert!(!m.is_match("most popular posts"));
        let exact = LineMatcher::new(None, None, vec!["Menu".into()], false, 1);
        assert!(!exact.is_match("MENU"));
    }

    #[test]
    fn phrases_narrow_and_the_pattern_refines() {
        let ac = Phrases::new(&["all rights reserved"], true).unwrap();
        let both = LineMatcher::new(Some(Regex::new(r"(?i)reserved\.?$").unwrap()), Some(ac.clone()), vec![], true, 1);
        assert!(both.is_match("© X. All Rights Reserved."));
        assert!(!both.is_match("all rights reserved notices are optional"));
        assert!(!both.is_match("reserved"));
        let alone = LineMatcher::new(None, Some(ac), vec![], true, 1);
        assert!(alone.is_match("We say ALL RIGHTS RESERVED here"));
    }

    #[test]
    fn values_prefer_the_named_group() {
        let m =
            LineMatcher::new(Some(Regex::new(r"^By (?P<value>\w+ \w+)( \| (\w+))?$").unwrap()), None, vec![], false, 1);
        assert_eq!(m.value("By Jane Roe | Staff"), Some("Jane Roe"));
        let first = LineMatcher::new(Some(Regex::new(r"^date (\S+)$").unwrap()), None, vec![], false, 1);
        assert_eq!(first.value("date 2023-09-09"), Some("2023-09-09"));
    }
}
