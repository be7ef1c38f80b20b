//! Patterns anchored at the start of a line, matched together by walking one lazy DFA over
//! the line's bytes by hand.
//!
//! Most lines of a capture are prose, and an anchored chrome pattern gives up on prose within
//! a few bytes. Going through `RegexSet::is_match` for each line costs far more than those few
//! steps: a cache from the pool, a search set up, engines chosen. Here a line costs its start
//! state (the same for every line), a step per byte read until the DFA is dead, and the match
//! states it passed through name the patterns that matched.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use regex_syntax::hir::{Hir, Look};

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

/// Whether every match of `pattern` starts at the start of the text (`^…`, in each
/// alternative), as the anchored walk assumes.
pub fn is_anchored_at_start(pattern: &str) -> bool {
    regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| anchored_at_start(&hir))
}

/// [`is_anchored_at_start`] for a pattern already parsed.
pub fn anchored_at_start(hir: &Hir) -> bool {
    hir.properties().look_set_prefix().contains(Look::Start)
}

/// Patterns that all hold [`is_anchored_at_start`], with no Unicode word boundary (which the
/// lazy DFA cannot follow past a non-ASCII byte).
pub struct AnchoredSet {
    dfa: DFA,
    caches: CachePool,
}

impl std::fmt::Debug for AnchoredSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnchoredSet").field("patterns", &self.dfa.pattern_len()).finish_non_exhaustive()
    }
}

/// The lazy DFA gave up (it should not: it is never told to); the caller matches the line the
/// slow way.
#[derive(Debug)]
pub struct GaveUp;

impl AnchoredSet {
    #[cfg(test)]
    pub fn new<P: AsRef<str>>(patterns: &[P]) -> Option<Self> {
        Self::with_cache(&parse_all(patterns)?, 32 << 20)
    }

    /// The set of patterns parsed by [`regex_syntax::Parser`] with its defaults (those of the
    /// regex crates).
    pub fn from_parsed(patterns: &[Hir]) -> Option<Self> {
        Self::with_cache(patterns, 32 << 20)
    }

    fn with_cache(patterns: &[Hir], capacity: usize) -> Option<Self> {
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(WhichCaptures::None))
            .build_many_from_hir(patterns)
            .ok()?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    // Every pattern that matches, not the first: a line may be both a marker and
                    // a drop, for rules of different kinds.
                    .match_kind(MatchKind::All)
                    .cache_capacity(capacity)
                    .skip_cache_capacity_check(true)
                    // A cache that fills up is cleared and refilled; it never gives up.
                    .minimum_cache_clear_count(None),
            )
            .build_from_nfa(nfa)
            .ok()?;
        let caches: CachePool = {
            let dfa = dfa.clone();
            Pool::new(Box::new(move || dfa.create_cache()))
        };
        Some(AnchoredSet { dfa, caches })
    }

    /// A matcher for many lines in a row: the cache is taken from the pool, and the start
    /// state (the same for every line) found, once.
    pub fn matcher(&self) -> Result<Matcher<'_>, GaveUp> {
        let mut cache = self.caches.get();
        let start = start_state(&self.dfa, &mut cache)?;
        let clears = cache.clear_count();
        Ok(Matcher { dfa: &self.dfa, cache, start, clears })
    }
}

fn start_state(dfa: &DFA, cache: &mut Cache) -> Result<LazyStateID, GaveUp> {
    dfa.start_state(cache, &start::Config::new().anchored(Anchored::Yes)).map_err(|_| GaveUp)
}

/// [`AnchoredSet`] at work on the lines of one document.
pub struct Matcher<'a> {
    dfa: &'a DFA,
    cache: regex_automata::util::pool::PoolGuard<'a, Cache, Box<dyn Fn() -> Cache + Send + Sync>>,
    start: LazyStateID,
    /// The cache's clear count when `start` was found: a clear makes every state id stale.
    clears: usize,
}

impl Matcher<'_> {
    /// Calls `hit` with the index of each pattern that matches `text` (once or more each, in
    /// no particular order).
    pub fn for_each_hit(&mut self, text: &str, mut hit: impl FnMut(usize)) -> Result<(), GaveUp> {
        let dfa = self.dfa;
        let cache = &mut *self.cache;
        if cache.clear_count() != self.clears {
            self.start = start_state(dfa, cache)?;
            self.clears = cache.clear_count();
        }
        let mut report = |cache: &Cache, state: LazyStateID| {
            for i in 0..dfa.match_len(cache, state) {
                hit(dfa.match_pattern(cache, state, i).as_usize());
            }
        };
        let mut state = self.start;
        for &byte in text.as_bytes() {
            state = dfa.next_state(cache, state, byte).map_err(|_| GaveUp)?;
            if state.is_tagged() {
                if state.is_dead() {
                    return Ok(());
                }
                if state.is_quit() {
                    return Err(GaveUp);
                }
                if state.is_match() {
                    report(cache, state);
                }
            }
        }
        state = dfa.next_eoi_state(cache, state).map_err(|_| GaveUp)?;
        if state.is_match() {
            report(cache, state);
        }
        Ok(())
    }
}

#[cfg(test)]
fn parse_all<P: AsRef<str>>(patterns: &[P]) -> Option<Vec<Hir>> {
    patterns.iter().map(|p| regex_syntax::Parser::new().parse(p.as_ref()).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;
    use regex::RegexSet;

    const PATTERNS: &[&str] = &[
        r"^\W*(?:menu|search)\W*$",
        r"(?i:^advert(?:isement)?$)",
        r"^Home(?:\p{Lu}\p{Ll}+){1,3}",
        r"^\d+ comments?$|^comments$",
        r"^a",
        r"^(?:a|ab)c?$",
    ];

    fn hits(set: &AnchoredSet, text: &str) -> Vec<usize> {
        let mut found = Vec::new();
        set.matcher().unwrap().for_each_hit(text, |p| found.push(p)).unwrap();
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn finds_what_a_regex_set_finds() {
        let set = AnchoredSet::new(PATTERNS).unwrap();
        let reference = RegexSet::new(PATTERNS).unwrap();
        for text in [
            "menu",
            "  — Search —",
            "ADVERTISEMENT",
            "Advertisement spending rose",
            "HomeNewsCouncil Approves",
            "Homeowners will pay",
            "12 comments",
            "comments",
            "a",
            "ab",
            "abc",
            "abd",
            "",
            "Ménü",
            "menu\u{a0}",
        ] {
            assert_eq!(hits(&set, text), reference.matches(text).into_iter().collect::<Vec<_>>(), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Lines made of the pieces the patterns look for, near misses, and any character.
        #[test]
        fn finds_what_a_regex_set_finds_on_any_line(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(vec![
                    "menu", "Menu", "search", "advert", "ADVERTISEMENT", "isement", "Home", "News", "Council",
                    "comments", "comment", "12", " ", "—", "a", "b", "c", "é", "Ü", "\u{a0}", "\t",
                ]).prop_map(str::to_string),
                "\\PC{0,3}",
            ], 0..8)
        ) {
            let text = pieces.concat();
            let set = AnchoredSet::new(PATTERNS).unwrap();
            let reference = RegexSet::new(PATTERNS).unwrap();
            proptest::prop_assert_eq!(hits(&set, &text), reference.matches(&text).into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_cache_too_small_for_the_patterns_is_cleared_and_the_answers_stay_right() {
        let patterns = [r"^\p{L}{2,8} \p{Lu}\w+$", r"(?i:^[\p{L}\d]+ comments?$)"];
        let set = AnchoredSet::with_cache(&parse_all(&patterns).unwrap(), 1).unwrap();
        let reference = RegexSet::new(patterns).unwrap();
        let mut matcher = set.matcher().unwrap();
        for text in
            ["ábc Déf", "12 Comments", "ÀÉÎÕÜ Ñandú", "x y", "über 3 comment", "Ωμέγα Ψυχή", "ábc déf"].repeat(20)
        {
            let mut found = Vec::new();
            matcher.for_each_hit(text, |p| found.push(p)).unwrap();
            found.sort_unstable();
            found.dedup();
            assert_eq!(found, reference.matches(text).into_iter().collect::<Vec<_>>(), "{text:?}");
        }
        assert!(matcher.cache.clear_count() > 0, "the cache was cleared");
    }

    #[test]
    fn anchored_patterns_are_told_apart() {
        assert!(is_anchored_at_start(r"^\W*menu$"));
        assert!(is_anchored_at_start(r"(?i:^menu)|^search"));
        assert!(!is_anchored_at_start(r"^menu|search"), "one alternative is not anchored");
        assert!(!is_anchored_at_start(r"(?m)^menu"), "a line anchor matches after any line break");
        assert!(!is_anchored_at_start(r"all rights reserved\.?$"));
    }
}
