//! The fast path for plain single-line `drop` rules, which run on every line of every capture.
//!
//! Rules anchored at the line start (`^…`) go into one [`RegexSet`]: on most lines its DFA
//! fails within a few bytes. Rules that can match anywhere in a line would make that DFA read
//! every line to its end, so each gets a *scan* regex instead: the same pattern without its
//! `^`/`$` anchors, searched once over the whole text, where the regex engine's literal
//! prefilters skip most of it. Only the lines a scan hits are then checked with the rule's own
//! regex, so the result is exactly the per-line one.

use super::{Rule, RuleKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Hir, HirKind, Look};

#[derive(Debug, Default)]
pub struct DropSet {
    /// The start-anchored patterns.
    pub set: Option<RegexSet>,
    /// Rule index for each pattern of `set`.
    pub rules: Vec<usize>,
    /// Lines longer than this (in bytes) cannot match any pattern of the set.
    pub max_len: Option<usize>,
    /// Unanchored rules: a whole-text scan regex and the rule index.
    pub scans: Vec<(Regex, usize)>,
}

impl DropSet {
    pub fn build(rules: &[Rule], range: std::ops::Range<usize>) -> DropSet {
        let mut patterns = Vec::new();
        let mut drop_set = DropSet { max_len: Some(0), ..DropSet::default() };
        for i in range {
            let RuleKind::Drop { matcher } = &rules[i].kind else { continue };
            let (Some(regex), 1) = (matcher.regex(), matcher.window) else { continue };
            // Case-insensitive rules carry the flag in their compiled regex, not in `as_str`.
            let pattern =
                if matcher.ignores_case() { format!("(?i:{})", regex.as_str()) } else { regex.as_str().to_string() };
            let hir = regex_syntax::ParserBuilder::new().build().parse(&pattern).expect("compiled before");
            if hir.properties().look_set_prefix().contains(Look::Start) {
                patterns.push(pattern);
                drop_set.rules.push(i);
                // A char is at most 4 bytes, so N chars fit in 4N bytes.
                drop_set.max_len = match (drop_set.max_len, rules[i].scope.max_chars) {
                    (Some(m), Some(c)) => Some(m.max(c * 4)),
                    _ => None,
                };
            } else {
                let scan = RegexBuilder::new(&without_anchors(hir).to_string()).dfa_size_limit(8 << 20).build();
                match scan {
                    Ok(scan) => drop_set.scans.push((scan, i)),
                    // Cannot happen for a pattern that compiled; keep the rule exact anyway.
                    Err(_) => drop_set.scans.push((regex.clone(), i)),
                }
            }
        }
        if !patterns.is_empty() {
            // A big lazy-DFA cache keeps Unicode-heavy sets off the much slower PikeVM.
            drop_set.set = RegexSetBuilder::new(&patterns).dfa_size_limit(32 << 20).build().ok();
        }
        drop_set
    }
}

/// The same pattern with every start/end anchor replaced by "match here": it matches wherever
/// the original could match inside a line, and maybe more, which the per-line check removes.
fn without_anchors(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF) => {
            Hir::empty()
        }
        HirKind::Repetition(mut rep) => {
            rep.sub = Box::new(without_anchors(*rep.sub));
            Hir::repetition(rep)
        }
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(without_anchors(*cap.sub));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(without_anchors).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(without_anchors).collect()),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unanchored(pattern: &str) -> String {
        without_anchors(regex_syntax::parse(pattern).unwrap()).to_string()
    }

    #[test]
    fn anchors_are_dropped_everywhere() {
        let scan = Regex::new(&unanchored(r"(?:x$|^y)z\d{4}$")).unwrap();
        assert!(scan.is_match("..xz2023 trailing"));
        assert!(scan.is_match("a yz1999"));
    }
}
