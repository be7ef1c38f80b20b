//! The fast path for plain single-line `drop` rules, which run on every line of every capture.
//!
//! Their regexes go into one [`RegexSet`], so a line is read once whatever the number of
//! rules, and the set is skipped for lines longer than the longest line any of its rules
//! accepts (`max_chars`): chrome is short, and most of a capture's bytes sit in long lines of
//! prose. Rules with `contains` phrases search them with their own Aho-Corasick automaton,
//! gated by their own `max_chars`.

use super::{Rule, RuleKind};
use regex::{RegexSet, RegexSetBuilder};

#[derive(Debug, Default)]
pub struct DropSet {
    pub set: Option<RegexSet>,
    /// Rule index for each pattern of `set`.
    pub rules: Vec<usize>,
    /// Lines longer than this (in bytes) cannot match any pattern of the set.
    pub max_len: Option<usize>,
    /// Rules with `contains` phrases, in file order.
    pub phrase_rules: Vec<usize>,
}

/// Accumulates the longest line, in bytes, that a group of rules accepts.
fn widen(max_len: Option<usize>, rule: &Rule) -> Option<usize> {
    // A char is at most 4 bytes, so N chars fit in 4N bytes.
    Some(max_len?.max(rule.scope.max_chars? * 4))
}

impl DropSet {
    pub fn build(rules: &[Rule], range: std::ops::Range<usize>) -> DropSet {
        let mut drop_set = DropSet { max_len: Some(0), ..DropSet::default() };
        let mut patterns = Vec::new();
        for i in range {
            let RuleKind::Drop { matcher } = &rules[i].kind else { continue };
            if matcher.window != 1 {
                continue;
            }
            if matcher.phrases().is_some() {
                drop_set.phrase_rules.push(i);
            } else if let Some(regex) = matcher.regex() {
                // Case-insensitive rules carry the flag in their compiled regex, not in `as_str`.
                patterns.push(if matcher.ignores_case() {
                    format!("(?i:{})", regex.as_str())
                } else {
                    regex.as_str().to_string()
                });
                drop_set.rules.push(i);
                drop_set.max_len = widen(drop_set.max_len, &rules[i]);
            }
        }
        if !patterns.is_empty() {
            // A big lazy-DFA cache keeps Unicode-heavy sets off the much slower PikeVM.
            drop_set.set = RegexSetBuilder::new(&patterns).dfa_size_limit(32 << 20).build().ok();
        }
        drop_set
    }
}
