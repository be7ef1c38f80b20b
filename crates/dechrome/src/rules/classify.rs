//! Matching every line of a capture, once, against every single-line matcher of a group of
//! rule files: `drop` patterns, cut markers, block starts and ends, metadata patterns.
//!
//! The engine then runs its rules, pass after pass, by looking bits up instead of running
//! regexes. A line's text does not change after the strip phase, so one classification serves
//! every later phase and pass. All matchers are searched together, so a line is read a fixed
//! number of times whatever the number of rules:
//! - regexes anchored at the line's start (most chrome patterns) go into one lazy DFA walked by
//!   hand ([`AnchoredSet`]), which gives up on a line of prose within a few bytes; other
//!   regexes go into a [`RegexSet`]. Patterns with a Unicode `\b` get a set of their own: the
//!   lazy DFA gives up on them at the first non-ASCII byte. A line longer than every
//!   predicate's `max_chars` skips a set, and a line's hits count for the rules whose
//!   `max_chars` it fits;
//! - exact `lines` go into two hash maps (as written, and lowercased for `ignore_case`);
//! - `contains` phrases of every rule are searched for at once, in the runs of lines short
//!   enough for their rules ([`PhraseIndex`]); on each line where one may occur, the predicates
//!   of the phrases found there are then matched in full, the rule's pattern too.

use super::anchored::{anchored_at_start, is_anchored_at_start, AnchoredSet, Matcher};
use super::matcher::Phrases;
use super::phrase_index::PhraseIndex;
use super::{LineMatcher, Rule};
use crate::doc::Doc;
use regex::{RegexSet, RegexSetBuilder};
use regex_syntax::hir::Hir;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a matcher does for its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The matcher of a `drop` or `meta` rule, the marker of a cut, the start of a block.
    Main = 0,
    /// The end of a `drop-block`.
    BlockEnd = 1,
}

/// One single-line matcher of one rule.
#[derive(Debug, Clone, Copy)]
struct Predicate {
    rule: usize,
    role: Role,
    /// Lines longer than this many chars never match (the rule's `max_chars`).
    max_chars: usize,
}

#[derive(Debug, Default)]
pub struct Classifier {
    predicates: Vec<Predicate>,
    /// Predicate ids by rule index and role (main, block end).
    by_rule: Vec<[Option<usize>; 2]>,
    /// The regexes of the predicates: anchored at the line's start, others, and those with a
    /// Unicode `\b`.
    anchored: PatternSet,
    patterns: PatternSet,
    word_boundary: PatternSet,
    /// Predicates with `contains` phrases.
    phrases: Vec<usize>,
    /// Where the phrases of those predicates occur; `None`: anywhere.
    phrase_index: Option<PhraseIndex>,
    /// Exact lines, as written and lowercased, to the predicates that name them.
    exact: Literals,
    folded: Literals,
}

/// Exact lines to the predicates that name them, with their lengths: most lines have no
/// literal's length, and are ruled out before they are hashed (or lowercased).
#[derive(Debug, Default)]
struct Literals {
    lines: HashMap<Box<str>, Vec<usize>, xxhash_rust::xxh3::Xxh3Builder>,
    /// `lengths[n]`: some line is `n` bytes long.
    lengths: Vec<bool>,
}

impl Literals {
    fn add(&mut self, line: &str, predicate: usize) {
        self.lines.entry(line.into()).or_default().push(predicate);
        if self.lengths.len() <= line.len() {
            self.lengths.resize(line.len() + 1, false);
        }
        self.lengths[line.len()] = true;
    }

    fn has_length(&self, len: usize) -> bool {
        self.lengths.get(len).copied().unwrap_or(false)
    }

    /// The longest line, in bytes.
    fn max_len(&self) -> usize {
        self.lengths.len().saturating_sub(1)
    }

    fn get(&self, line: &str) -> &[usize] {
        if self.has_length(line.len()) {
            self.lines.get(line).map_or(&[], Vec::as_slice)
        } else {
            &[]
        }
    }
}

/// Regexes of several predicates, matched together.
#[derive(Debug, Default)]
struct PatternSet {
    patterns: Vec<String>,
    /// The patterns parsed (kept for the anchored set, which compiles them from these).
    parsed: Vec<Hir>,
    predicates: Vec<usize>,
    /// The longest line, in chars, that one of the predicates may match.
    max_chars: usize,
    /// Patterns all anchored at the start of the line go through one hand-driven DFA.
    anchored: Option<AnchoredSet>,
    /// Other patterns, and anchored ones should their DFA give up, go through a regex set.
    set: OnceLock<Option<RegexSet>>,
}

impl PatternSet {
    fn add(&mut self, pattern: String, parsed: Option<Hir>, predicate: usize, max_chars: usize) {
        self.patterns.push(pattern);
        self.parsed.extend(parsed);
        self.predicates.push(predicate);
        self.max_chars = self.max_chars.max(max_chars);
    }

    /// Compiles the patterns: as an anchored DFA when `anchored` (and it builds), else (or
    /// should it give up) as a regex set, when first needed.
    fn compile(&mut self, anchored: bool) {
        // Every pattern of an anchored set parsed, or it is left to the regex set.
        if anchored && !self.patterns.is_empty() && self.parsed.len() == self.patterns.len() {
            self.anchored = AnchoredSet::from_parsed(&self.parsed);
        }
        self.parsed = Vec::new();
    }

    fn regex_set(&self) -> Option<&RegexSet> {
        self.set
            .get_or_init(|| {
                // A big lazy-DFA cache keeps Unicode-heavy sets off the much slower PikeVM.
                RegexSetBuilder::new(&self.patterns).dfa_size_limit(32 << 20).build().ok()
            })
            .as_ref()
    }

    /// The anchored DFA, ready for the lines of a document; `None` when there is none (or it
    /// gave up at once), and the regex set serves.
    fn matcher(&self) -> Option<Matcher<'_>> {
        self.anchored.as_ref()?.matcher().ok()
    }

    /// Calls `hit` with the predicate of each pattern that matches a line of `chars` chars.
    /// Inline: for most lines and sets (empty, or of shorter lines) this is one comparison.
    #[inline(always)]
    fn for_each_hit(&self, matcher: Option<&mut Matcher>, text: &str, chars: usize, hit: impl FnMut(usize)) {
        if chars > self.max_chars || self.patterns.is_empty() {
            return;
        }
        self.search(matcher, text, hit);
    }

    /// [`PatternSet::for_each_hit`] past its checks.
    #[inline(never)]
    fn search(&self, matcher: Option<&mut Matcher>, text: &str, mut hit: impl FnMut(usize)) {
        if let Some(matcher) = matcher {
            if matcher.for_each_hit(text, |pattern| hit(self.predicates[pattern])).is_ok() {
                return;
            }
        }
        let Some(set) = self.regex_set() else { return };
        // Most lines match nothing: a yes/no search is cheaper than finding every match.
        if set.is_match(text) {
            set.matches(text).iter().for_each(|pattern| hit(self.predicates[pattern]));
        }
    }
}

/// Rows of [`LineMatches`] made room for before the first match: most captures have fewer
/// lines that match something.
const ROWS_RESERVED: usize = 32;

impl Classifier {
    /// The classifier for the rules `rules` (indices into `all`, in group order).
    pub fn build(all: &[Rule], rules: impl IntoIterator<Item = usize>) -> Classifier {
        let mut classifier = Classifier::default();
        for rule in rules {
            // Rules held to the head or tail look at a few lines only: they match as they go,
            // unless the classifier gives their answers for next to nothing.
            if (all[rule].scope.head.is_some() || all[rule].scope.tail.is_some()) && !classified_cheaply(&all[rule]) {
                continue;
            }
            for (role, matcher) in single_line_matchers(&all[rule]) {
                let max_chars = match role {
                    Role::Main => all[rule].scope.max_chars.unwrap_or(usize::MAX),
                    // A block runs to its end line whatever that line's length.
                    Role::BlockEnd => usize::MAX,
                };
                classifier.add(Predicate { rule, role, max_chars }, matcher);
            }
        }
        classifier.phrase_index = classifier.phrase_index(all);
        classifier.anchored.compile(true);
        classifier.patterns.compile(false);
        classifier.word_boundary.compile(false);
        classifier
    }

    fn add(&mut self, predicate: Predicate, matcher: &LineMatcher) {
        let id = self.predicates.len();
        self.predicates.push(predicate);
        if self.by_rule.len() <= predicate.rule {
            self.by_rule.resize(predicate.rule + 1, [None; 2]);
        }
        self.by_rule[predicate.rule][predicate.role as usize] = Some(id);
        for literal in matcher.literals() {
            if matcher.ignores_case() {
                self.folded.add(literal, id);
            } else {
                self.exact.add(literal, id);
            }
        }
        if matcher.phrases().is_some() {
            self.phrases.push(id);
        } else if let Some(pattern) = matcher.pattern() {
            // Case-insensitive rules carry the flag in their compiled regex, not in the pattern.
            let pattern = if matcher.ignores_case() { format!("(?i:{pattern})") } else { pattern.to_string() };
            let max_chars = predicate.max_chars;
            // Parsed once here, for the questions below and for the anchored set: parsing is
            // most of the cost of loading the rules.
            let parsed = regex_syntax::Parser::new().parse(&pattern).ok();
            match &parsed {
                Some(hir) if uses_unicode_word_boundary(hir) => self.word_boundary.add(pattern, None, id, max_chars),
                Some(hir) if anchored_at_start(hir) => self.anchored.add(pattern, parsed, id, max_chars),
                _ => self.patterns.add(pattern, None, id, max_chars),
            }
        }
    }

    /// The predicate of a rule's matcher in this role, if it is a single-line one.
    pub fn predicate(&self, rule: usize, role: Role) -> Option<usize> {
        self.by_rule.get(rule)?[role as usize]
    }

    /// The rule a predicate belongs to. Predicates come in group order.
    pub fn rule_of(&self, predicate: usize) -> usize {
        self.predicates[predicate].rule
    }

    /// Matches the trimmed text of every line still present in `doc`.
    pub fn classify(&self, all: &[Rule], doc: &Doc) -> LineMatches {
        let words = self.predicates.len().div_ceil(64);
        let mut matches = LineMatches {
            words,
            matched: vec![0; doc.len().div_ceil(64)],
            rows_before: Vec::new(),
            // Reserved for a few matched lines: growing from nothing, one at a time, costs more
            // than classifying them.
            rows: Vec::with_capacity(words * ROWS_RESERVED),
            fired: vec![0; words],
        };
        if words == 0 {
            return matches;
        }
        let live = doc.live();
        let candidates = self.phrase_index.as_ref().map(|index| index.candidates(doc, &live));
        let mut next_candidate = 0;
        let mut tags = Vec::new();
        let mut lowercase = String::new();
        let mut anchored = self.anchored.matcher();
        for line in live.iter().map(|&l| l as usize) {
            let (text, chars) = doc.trimmed(line);
            let mut set = |id: usize| {
                if chars <= self.predicates[id].max_chars {
                    // Lines come in order: a line's row, made at its first match, is the last.
                    if matches.matched[line / 64] & 1 << (line % 64) == 0 {
                        matches.add_row(line);
                    }
                    let row = matches.rows.len() - words;
                    matches.rows[row + id / 64] |= 1 << (id % 64);
                    matches.fired[id / 64] |= 1 << (id % 64);
                }
            };
            self.exact.get(text).iter().copied().for_each(&mut set);
            // Lowercasing keeps the length of ASCII text and makes every char at least one byte:
            // a line of more chars than the longest folded literal has bytes is none of them, and
            // is not even read for it.
            if chars <= self.folded.max_len() {
                let ascii = text.is_ascii();
                if !ascii || self.folded.has_length(text.len()) {
                    lowercase.clear();
                    if !ascii && text.contains('Σ') {
                        // A final sigma lowercases by its place in the word, as only `str` knows.
                        lowercase.push_str(&text.to_lowercase());
                    } else {
                        push_lowercase(&mut lowercase, text);
                    }
                    self.folded.get(lowercase.as_str()).iter().copied().for_each(&mut set);
                }
            }
            self.anchored.for_each_hit(anchored.as_mut(), text, chars, &mut set);
            self.patterns.for_each_hit(None, text, chars, &mut set);
            self.word_boundary.for_each_hit(None, text, chars, &mut set);
            // The phrase predicates that may match: those the index found a phrase of on this
            // line, or every one when there is no index.
            let phrase_predicates: &[usize] = match &candidates {
                None => &self.phrases,
                Some(found) => {
                    while found.get(next_candidate).is_some_and(|&(c, _)| c < line) {
                        next_candidate += 1;
                    }
                    let end = next_candidate + found[next_candidate..].iter().take_while(|&&(c, _)| c == line).count();
                    tags.clear();
                    tags.extend(found[next_candidate..end].iter().map(|&(_, id)| id));
                    &tags
                }
            };
            for &id in phrase_predicates {
                let predicate = self.predicates[id];
                if chars <= predicate.max_chars
                    && single_line_matchers(&all[predicate.rule])
                        .any(|(role, matcher)| role == predicate.role && matcher.is_match(text))
                {
                    set(id);
                }
            }
        }
        let mut rows = 0;
        matches.rows_before = matches
            .matched
            .iter()
            .map(|block| {
                let before = rows;
                rows += block.count_ones() as usize;
                before
            })
            .collect();
        matches
    }
}

impl Classifier {
    /// The index of the phrases of every phrase predicate, lowercased (ASCII only): searched
    /// in the lowercased text, it finds at least every line where one of them occurs as written
    /// or, for a predicate that ignores case, in any case.
    fn phrase_index(&self, all: &[Rule]) -> Option<PhraseIndex> {
        let mut phrases: Vec<(String, usize, usize)> = Vec::new();
        for &id in &self.phrases {
            let predicate = self.predicates[id];
            let matcher = single_line_matchers(&all[predicate.rule])
                .find(|(role, _)| *role == predicate.role)
                .and_then(|(_, matcher)| matcher.phrases());
            for phrase in matcher.into_iter().flat_map(Phrases::patterns) {
                phrases.push((phrase.to_ascii_lowercase(), predicate.max_chars, id));
            }
        }
        PhraseIndex::new(phrases)
    }
}

/// Appends `text` lowercased char by char, as `char::to_lowercase` does: runs of ASCII bytes
/// are copied and lowercased at once, and only the other chars go through the Unicode tables.
fn push_lowercase(out: &mut String, text: &str) {
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_lowercase());
            rest = chars.as_str();
        }
    }
}

/// Which predicates each line matched, one bit a predicate. Most lines match none: they take
/// a bit here, not a row, which a capture of many short lines could not afford.
#[derive(Debug, Clone, Default)]
pub struct LineMatches {
    /// Words of a row.
    words: usize,
    /// A bit a line: whether it matched some predicate, and so has a row.
    matched: Vec<u64>,
    /// For each word of `matched`, the rows of the lines before its 64.
    rows_before: Vec<usize>,
    /// The bits of the lines that matched something, `words` words a line, in line order.
    rows: Vec<u64>,
    /// The predicates some line matched.
    fired: Vec<u64>,
}

impl LineMatches {
    /// Gives `line` a row, of no match yet, after the rows of the lines before it. Once a
    /// matched line, out of line: the classifier calls the code around it for every match.
    #[inline(never)]
    fn add_row(&mut self, line: usize) {
        self.matched[line / 64] |= 1 << (line % 64);
        self.rows.extend(std::iter::repeat_n(0, self.words));
    }

    /// The bits of `line`'s row; empty when it matched nothing.
    fn row(&self, line: usize) -> &[u64] {
        let Some(&block) = self.matched.get(line / 64) else { return &[] };
        let bit = 1u64 << (line % 64);
        if block & bit == 0 {
            return &[];
        }
        let row = self.rows_before[line / 64] + (block & (bit - 1)).count_ones() as usize;
        &self.rows[row * self.words..(row + 1) * self.words]
    }

    pub fn has(&self, line: usize, predicate: usize) -> bool {
        self.row(line).get(predicate / 64).is_some_and(|w| w >> (predicate % 64) & 1 == 1)
    }

    /// Whether some line matched `predicate`.
    pub fn fired(&self, predicate: usize) -> bool {
        self.fired.get(predicate / 64).is_some_and(|w| w >> (predicate % 64) & 1 == 1)
    }

    /// The predicates a line matched, in order.
    pub fn of(&self, line: usize) -> impl Iterator<Item = usize> + '_ {
        self.row(line).iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    w * 64 + bit
                })
            })
        })
    }
}

/// The matchers of a rule that look at one line at a time, with their roles.
fn single_line_matchers(rule: &Rule) -> impl Iterator<Item = (Role, &LineMatcher)> {
    rule.kind.line_matchers().filter(|(_, m)| m.window == 1)
}

/// Whether the classifier answers for a rule at little cost however many lines there are: its
/// patterns are anchored at the line's start (the shared DFA gives up on most lines within a
/// few bytes). Metadata rules are left out: their patterns read a whole line to take a value,
/// and would keep the DFA going over every line.
fn classified_cheaply(rule: &Rule) -> bool {
    !matches!(rule.kind, super::RuleKind::Meta { .. })
        && single_line_matchers(rule).all(|(_, matcher)| {
            matcher.phrases().is_some()
                || matcher.pattern().is_none_or(|p| is_anchored_at_start(p) && !has_unicode_word_boundary(p))
        })
}

/// Whether a pattern uses `\b`, `\B` or their kin with Unicode word characters.
fn has_unicode_word_boundary(pattern: &str) -> bool {
    regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| uses_unicode_word_boundary(&hir))
}

fn uses_unicode_word_boundary(hir: &Hir) -> bool {
    hir.properties().look_set().contains_word_unicode()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{load_str, RuleSet};

    #[test]
    fn lowercasing_by_ascii_runs_is_lowercasing_by_chars() {
        // Every mix of ASCII and non-ASCII chars, at both ends and in between; the Kelvin sign
        // and the dotted capital I change their length when lowercased.
        let parts = ["", "A", "bC", "É", "\u{212a}", "\u{130}", "ẞ", " x!Z"];
        for a in parts {
            for b in parts {
                for c in parts {
                    let text = format!("{a}{b}{c}{b}");
                    let mut out = String::from("kept ");
                    push_lowercase(&mut out, &text);
                    let want: String = text.chars().flat_map(char::to_lowercase).collect();
                    assert_eq!(out, format!("kept {want}"), "{text:?}");
                }
            }
        }
    }

    const RULES: &str = r#"
[[rule]]
id = "t.short"
kind = "drop"
why = "a regex held to short lines"
pattern = '^menu$'
ignore_case = true
max_chars = 10

[[rule]]
id = "t.long"
kind = "drop"
why = "a regex for lines of any length, with a Unicode word boundary"
pattern = '\bsponsored\b'

[[rule]]
id = "t.exact"
kind = "drop"
why = "exact lines"
lines = ["Share this"]

[[rule]]
id = "t.phrase"
kind = "cut-tail"
why = "a phrase marker"
contains = ["most popular"]
ignore_case = true
max_chars = 40

[[rule]]
id = "t.head"
kind = "drop"
why = "held to the head, anchored: classified, the engine then keeps to the head"
pattern = '^x$'
head = 3

[[rule]]
id = "t.tail"
kind = "drop"
why = "held to the tail, not anchored: matched by the engine as it goes"
pattern = 'y$'
tail = 2

[[rule]]
id = "t.meta"
kind = "meta"
field = "title"
why = "metadata rules read whole lines: matched by the engine as it goes"
pattern = '^(?P<value>x)$'
head = 1
"#;

    fn classify(text: &str) -> (RuleSet, Vec<Vec<usize>>) {
        let set = load_str("t.toml", RULES).unwrap();
        let classifier = Classifier::build(&set.rules, 0..set.rules.len());
        let doc = Doc::new(text);
        let matches = classifier.classify(&set.rules, &doc);
        let rules = (0..doc.len()).map(|l| matches.of(l).map(|p| classifier.rule_of(p)).collect()).collect();
        (set, rules)
    }

    #[test]
    fn each_line_gets_the_rules_that_match_it() {
        let text = "MENU\nthe menu is long\nsponsored content here\nShare this\nshare this\nMOST POPULAR NOW\nx";
        let (set, rules) = classify(text);
        let ids = |line: usize| rules[line].iter().map(|&r| &*set.rules[r].id).collect::<Vec<_>>();
        assert_eq!(ids(0), ["t.short"]);
        assert!(ids(1).is_empty());
        assert_eq!(ids(2), ["t.long"], "the word-boundary set runs too");
        assert_eq!(ids(3), ["t.exact"]);
        assert!(ids(4).is_empty(), "exact lines keep their case unless told otherwise");
        assert_eq!(ids(5), ["t.phrase"]);
        assert_eq!(ids(6), ["t.head"], "only the anchored head rule is classified");
        let (_, tail) = classify("prose\nxy");
        assert!(tail[1].is_empty(), "a tail rule that is not anchored is left to the engine");
    }

    #[test]
    fn a_classified_head_rule_keeps_to_the_head() {
        let set = load_str("t.toml", RULES).unwrap();
        let mut doc = Doc::new("x\none\ntwo\nthree\nx\n");
        let meta = crate::rules::engine::apply(&set, &[0], &mut doc);
        assert_eq!(doc.render(), "one\ntwo\nthree\nx\n", "the first `x` goes, the one past the head stays");
        assert_eq!(meta.get(&crate::rules::Field::Title).map(String::as_str), None, "the title line was dropped first");
    }

    #[test]
    fn literals_that_ignore_case_are_folded_beyond_ascii() {
        let rules = r#"
[[rule]]
id = "t.folded"
kind = "drop"
why = "exact lines in any case, some not ASCII"
lines = ["Ménu", "όσος", "kelvin"]
ignore_case = true
"#;
        let set = load_str("t.toml", rules).unwrap();
        let classifier = Classifier::build(&set.rules, 0..set.rules.len());
        // A final sigma lowercases to `ς`; the Kelvin sign to an ASCII `k`.
        let doc = Doc::new("MÉNU\nΌΣΟΣ\n\u{212a}ELVIN\nménus\nΌΣΟΣ ΌΣΟΣ\n");
        let matches = classifier.classify(&set.rules, &doc);
        let hit: Vec<bool> = (0..5).map(|l| matches.of(l).next().is_some()).collect();
        assert_eq!(hit, [true, true, true, false, false]);
    }

    #[test]
    fn max_chars_counts_chars_not_bytes() {
        // Ten chars, twenty bytes: within `max_chars = 10`.
        let (_, rules) = classify("    menu\nméñü menu\n");
        assert_eq!(rules[0].len(), 1);
        let (_, long) = classify(&format!("{}menu", " ".repeat(3)));
        assert_eq!(long[0].len(), 1, "lines are trimmed before they are measured");
    }

    #[test]
    fn a_phrase_in_a_long_line_needs_the_line_to_fit() {
        let long = format!("most popular {}", "word ".repeat(20));
        let (_, rules) = classify(&long);
        assert!(rules[0].is_empty(), "the marker's max_chars is 40");
    }
}
