//! The fast path for single-line `drop` rules, which run on every line of every capture.
//!
//! All such rules of a group of files are matched together, so a line is read a fixed number
//! of times whatever the number of rules:
//! - their regexes go into one [`RegexSet`], skipped for lines longer than the longest line any
//!   of them accepts (`max_chars`): chrome is short, and most of a capture's bytes sit in long
//!   lines of prose. Patterns with a Unicode `\b` get a set of their own: the fast lazy DFA
//!   gives up on them at the first non-ASCII byte, and would take the whole set down with it;
//! - their exact `lines` go into two hash maps (as written, and lowercased for `ignore_case`);
//! - rules with `contains` phrases search their own Aho-Corasick automaton, gated by their own
//!   `max_chars`.
//!
//! When several rules remove a line, the one that comes first in the group is charged.

use super::{Rule, RuleKind};
use regex::{RegexSet, RegexSetBuilder};
use std::collections::HashMap;

/// Regexes of several rules, matched together.
#[derive(Debug, Default)]
struct PatternSet {
    patterns: Vec<String>,
    set: Option<RegexSet>,
    /// For each pattern: its rule's place in the group, and the rule.
    rules: Vec<Hit>,
    /// Lines longer than this (in bytes) cannot match any pattern of the set.
    max_len: usize,
}

impl PatternSet {
    fn add(&mut self, pattern: String, hit: Hit, max_chars: Option<usize>) {
        self.patterns.push(pattern);
        self.rules.push(hit);
        // A char is at most 4 bytes, so N chars fit in 4N bytes.
        self.max_len = self.max_len.max(max_chars.map_or(usize::MAX, |n| n.saturating_mul(4)));
    }

    fn compile(&mut self) {
        if !self.patterns.is_empty() {
            // A big lazy-DFA cache keeps Unicode-heavy sets off the much slower PikeVM.
            self.set = RegexSetBuilder::new(&self.patterns).dfa_size_limit(32 << 20).build().ok();
        }
    }

    fn hits<'s>(&'s self, text: &'s str) -> impl Iterator<Item = Hit> + 's {
        let set = self.set.as_ref().filter(|_| text.len() <= self.max_len);
        // Most lines match nothing: a yes/no search is cheaper than finding every match.
        let matches = set.filter(|set| set.is_match(text)).map(|set| set.matches(text));
        matches.into_iter().flat_map(|m| m.into_iter()).map(|pattern| self.rules[pattern])
    }
}

#[derive(Debug, Default)]
pub struct DropSet {
    /// Regexes the lazy DFA runs, and those with a Unicode word boundary.
    fast: PatternSet,
    word_boundary: PatternSet,
    /// Rules with `contains` phrases, in group order, with their place.
    phrase_rules: Vec<(usize, usize)>,
    /// Exact lines, as written and lowercased, to the first (place, rule) that names them.
    exact: HashMap<Box<str>, (usize, usize)>,
    folded: HashMap<Box<str>, (usize, usize)>,
    /// Byte lengths a line needs to be one of the exact lines (lowercasing may grow a line by
    /// a factor of 3, so the folded bound is loose).
    exact_lengths: (usize, usize),
    folded_max_len: usize,
}

/// A hit: the rule's place in the group (lower wins) and the rule.
pub type Hit = (usize, usize);

impl DropSet {
    /// The set for the rules `rules` (indices into `all`, in group order). Rules other than
    /// single-line drops are left out.
    pub fn build(all: &[Rule], rules: impl IntoIterator<Item = usize>) -> DropSet {
        let mut drop_set = DropSet { exact_lengths: (usize::MAX, 0), ..DropSet::default() };
        for (place, i) in rules.into_iter().enumerate() {
            let Some(matcher) = single_line_drop(&all[i]) else { continue };
            for literal in matcher.literals() {
                let map = if matcher.ignores_case() { &mut drop_set.folded } else { &mut drop_set.exact };
                map.entry(literal.into()).or_insert((place, i));
                if matcher.ignores_case() {
                    drop_set.folded_max_len = drop_set.folded_max_len.max(literal.len() * 3);
                } else {
                    let (shortest, longest) = drop_set.exact_lengths;
                    drop_set.exact_lengths = (shortest.min(literal.len()), longest.max(literal.len()));
                }
            }
            if matcher.phrases().is_some() {
                drop_set.phrase_rules.push((place, i));
            } else if let Some(regex) = matcher.regex() {
                // Case-insensitive rules carry the flag in their compiled regex, not in `as_str`.
                let pattern = if matcher.ignores_case() {
                    format!("(?i:{})", regex.as_str())
                } else {
                    regex.as_str().to_string()
                };
                let set = if has_unicode_word_boundary(&pattern) {
                    &mut drop_set.word_boundary
                } else {
                    &mut drop_set.fast
                };
                set.add(pattern, (place, i), all[i].scope.max_chars);
            }
        }
        drop_set.fast.compile();
        drop_set.word_boundary.compile();
        drop_set
    }

    /// The first rule of the group that drops this line (trimmed), among those that `allows`
    /// at its position.
    pub fn first_hit(&self, all: &[Rule], text: &str, allows: impl Fn(usize) -> bool) -> Option<usize> {
        let mut best: Option<Hit> = None;
        let mut consider = |hit: Hit| {
            if best.is_none_or(|b| hit.0 < b.0) && allows(hit.1) {
                best = Some(hit);
            }
        };
        let (shortest, longest) = self.exact_lengths;
        if (shortest..=longest).contains(&text.len()) {
            if let Some(&hit) = self.exact.get(text) {
                consider(hit);
            }
        }
        if !self.folded.is_empty() && text.len() <= self.folded_max_len {
            if let Some(&hit) = self.folded.get(text.to_lowercase().as_str()) {
                consider(hit);
            }
        }
        self.fast.hits(text).chain(self.word_boundary.hits(text)).for_each(&mut consider);
        for &(place, rule) in &self.phrase_rules {
            if best.is_some_and(|b| b.0 < place) {
                break;
            }
            let Some(matcher) = single_line_drop(&all[rule]) else { continue };
            // The length check first: it skips most lines before any search.
            if all[rule].scope.allows_len(text) && allows(rule) && matcher.is_match(text) {
                best = Some((place, rule));
            }
        }
        best.map(|(_, rule)| rule)
    }
}

/// Whether a pattern uses `\b`, `\B` or their kin with Unicode word characters.
fn has_unicode_word_boundary(pattern: &str) -> bool {
    regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| hir.properties().look_set().contains_word_unicode())
}

/// The matcher of a single-line `drop` rule, the kind this fast path takes.
pub fn single_line_drop(rule: &Rule) -> Option<&super::LineMatcher> {
    match &rule.kind {
        RuleKind::Drop { matcher } if matcher.window == 1 => Some(matcher),
        _ => None,
    }
}
