//! Matching one line, or a window of consecutive lines, against exact lines, required
//! phrases and a regex.

use aho_corasick::{AhoCorasick, BuildError, MatchKind};
use regex::{CaptureLocations, Regex, RegexBuilder};
use regex_automata::util::pool::Pool;
use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::OnceLock;

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
    /// The phrases as searched for (lowercased when case is ignored).
    patterns: Vec<String>,
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
        Ok(Phrases { searcher, packed, fold_case: ignore_case, patterns: folded })
    }

    /// The phrases, lowercased (ASCII only) when case is ignored.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    fn search(&self, text: &[u8]) -> bool {
        match &self.packed {
            Some(packed) if text.len() >= packed.minimum_len() => packed.find(text).is_some(),
            _ => self.searcher.is_match(text),
        }
    }

    /// Calls `f(start, phrase)` at every place in `haystack` where a phrase starts, as is (the
    /// caller lowercases it for phrases that ignore case). Where two overlap, both are found.
    /// Where one phrase is the start of another, only one of them is: leftmost-first, the one
    /// given first.
    pub fn find_every_start(&self, haystack: &[u8], mut f: impl FnMut(usize, usize)) {
        let mut at = 0;
        while at < haystack.len() {
            let found = match &self.packed {
                Some(packed) => packed.find_in(haystack, aho_corasick::Span::from(at..haystack.len())),
                None => self.searcher.find(aho_corasick::Input::new(haystack).range(at..)),
            };
            let Some(m) = found else { break };
            f(m.start(), m.pattern().as_usize());
            at = m.start() + 1;
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

/// A rule's regex, compiled when first used. Rules of the embedded files (which `cargo test`
/// compiles, every one) start uncompiled: most of them only ever run inside the classifier's
/// sets, and compiling each on its own too would double the start-up time of every command.
/// Rules of the user's files are compiled as they load, so that a bad one stops the run, and
/// then again when first used, like the others (see `Source::lazy_regex`).
pub struct LazyRegex {
    pattern: String,
    ignore_case: bool,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// A regex to compile when first used.
    pub fn later(pattern: &str, ignore_case: bool) -> Self {
        LazyRegex { pattern: pattern.to_string(), ignore_case, compiled: OnceLock::new() }
    }

    pub fn get(&self) -> &Regex {
        self.try_get().unwrap_or_else(|e| panic!("embedded rule pattern `{}` does not compile: {e}", self.pattern))
    }

    /// The compiled regex, compiling it now if need be.
    pub fn try_get(&self) -> Result<&Regex, regex::Error> {
        if let Some(regex) = self.compiled.get() {
            return Ok(regex);
        }
        let regex = build_regex(&self.pattern, self.ignore_case)?;
        Ok(self.compiled.get_or_init(|| regex))
    }

    /// The pattern as written, without the `ignore_case` flag.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.pattern).finish()
    }
}

/// The compiled size past which a rule's pattern is refused.
pub const MAX_PATTERN_BYTES: usize = 16 << 20;

/// How every rule regex is built.
pub fn build_regex(pattern: &str, ignore_case: bool) -> Result<Regex, regex::Error> {
    build_regex_within(pattern, ignore_case, MAX_PATTERN_BYTES)
}

/// [`build_regex`], refused (`regex::Error::CompiledTooBig`) past `size_limit` bytes instead:
/// the limit is only checked, the regex is the same.
pub fn build_regex_within(pattern: &str, ignore_case: bool, size_limit: usize) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .case_insensitive(ignore_case)
        .size_limit(size_limit)
        // Enough lazy-DFA cache that Unicode-heavy patterns stay off the slow PikeVM.
        .dfa_size_limit(8 << 20)
        .build()
}

/// Matches trimmed line text. A window of N lines is matched as the N lines joined by `\n`.
///
/// A text matches when it is one of the exact `lines`, or when it holds one of the
/// `contains` phrases (if any are given) and matches the regex (if one is given).
#[derive(Debug)]
pub struct LineMatcher {
    regex: Option<LazyRegex>,
    /// Phrases of which the text must hold one (ASCII case folded when `ignore_case`).
    contains: Option<Phrases>,
    /// Exact lines (trimmed; lowercase when `ignore_case`).
    literals: HashSet<Box<str>>,
    ignore_case: bool,
    /// Byte lengths of the shortest and longest literal, to skip lines that cannot be one.
    literal_lengths: (usize, usize),
    /// How many consecutive lines are matched together.
    pub window: usize,
    /// The pattern is `^(?P<value>…)$`: its value is the whole text it matches. Found when
    /// first asked: only metadata rules take values, and it costs a parse.
    whole_value: OnceLock<bool>,
    /// What [`LineMatcher::value`] reads groups with, made when first needed.
    groups: OnceLock<GroupFinder>,
}

/// A regex with its capture slots, one set per thread, and the index of its `value` group (if
/// it names one): found once, not at every line.
#[derive(Debug)]
struct GroupFinder {
    regex: Regex,
    slots: Pool<CaptureLocations, Box<dyn Fn() -> CaptureLocations + Send + Sync>>,
    value: Option<usize>,
}

impl GroupFinder {
    fn new(regex: Regex) -> Self {
        let value = regex.capture_names().position(|name| name == Some("value"));
        let slots = {
            let regex = regex.clone();
            Pool::new(Box::new(move || regex.capture_locations()) as Box<dyn Fn() -> CaptureLocations + Send + Sync>)
        };
        GroupFinder { regex, slots, value }
    }

    /// One search: the regex finds a match with its DFA first, as a yes/no search does, and
    /// looks for groups only inside it. The slots are the thread's, not allocated each time.
    fn value<'t>(&self, text: &'t str) -> Option<&'t str> {
        let mut locations = self.slots.get();
        self.regex.captures_read(&mut locations, text)?;
        let (start, end) = self
            .value
            .and_then(|group| locations.get(group))
            .or_else(|| locations.get(1))
            .or_else(|| locations.get(0))?;
        Some(&text[start..end])
    }
}

impl LineMatcher {
    pub fn new(
        regex: Option<LazyRegex>,
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
        LineMatcher {
            regex,
            contains,
            literals,
            ignore_case,
            literal_lengths,
            window: window.max(1),
            whole_value: OnceLock::new(),
            groups: OnceLock::new(),
        }
    }

    pub fn phrases(&self) -> Option<&Phrases> {
        self.contains.as_ref()
    }

    /// The `contains` and `pattern` conditions, both where given (and at least one given).
    fn matches_conditions(&self, text: &str) -> bool {
        (self.regex.is_some() || self.contains.is_some())
            && self.contains.as_ref().is_none_or(|ac| ac.is_match(text))
            && self.regex.as_ref().is_none_or(|r| r.get().is_match(text))
    }

    /// Compiles the regex now if it was not yet, and returns it (`None`: no pattern).
    pub fn compile(&self) -> Result<Option<&Regex>, String> {
        let Some(lazy) = &self.regex else { return Ok(None) };
        lazy.try_get().map(Some).map_err(|e| format!("pattern `{}` does not compile: {e}", lazy.as_str()))
    }

    /// The regex's pattern as written (the case flag is [`LineMatcher::ignores_case`]).
    pub fn pattern(&self) -> Option<&str> {
        self.regex.as_ref().map(LazyRegex::as_str)
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
        let compiled = regex.get();
        if *self.whole_value.get_or_init(|| value_is_whole_match(regex.as_str())) {
            return compiled.is_match(text).then_some(text);
        }
        self.groups.get_or_init(|| GroupFinder::new(compiled.clone())).value(text)
    }
}

/// Whether a pattern is `^(?P<value>…)$` (flags aside): then every match is the whole text,
/// and so is its value, with no need to search for groups.
fn value_is_whole_match(pattern: &str) -> bool {
    use regex_syntax::hir::{HirKind, Look};
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else { return false };
    let HirKind::Concat(parts) = hir.kind() else { return false };
    matches!(
        parts.iter().map(regex_syntax::hir::Hir::kind).collect::<Vec<_>>().as_slice(),
        [HirKind::Look(Look::Start), HirKind::Capture(c), HirKind::Look(Look::End)] if c.name.as_deref() == Some("value")
    )
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
        let both =
            LineMatcher::new(Some(LazyRegex::later(r"(?i)reserved\.?$", false)), Some(ac.clone()), vec![], true, 1);
        assert!(both.is_match("© X. All Rights Reserved."));
        assert!(!both.is_match("all rights reserved notices are optional"));
        assert!(!both.is_match("reserved"));
        let alone = LineMatcher::new(None, Some(ac), vec![], true, 1);
        assert!(alone.is_match("We say ALL RIGHTS RESERVED here"));
    }

    #[test]
    fn values_prefer_the_named_group() {
        let m = LineMatcher::new(
            Some(LazyRegex::later(r"^By (?P<value>\w+ \w+)( \| (\w+))?$", false)),
            None,
            vec![],
            false,
            1,
        );
        assert_eq!(m.value("By Jane Roe | Staff"), Some("Jane Roe"));
        let first = LineMatcher::new(Some(LazyRegex::later(r"^date (\S+)$", false)), None, vec![], false, 1);
        assert_eq!(first.value("date 2023-09-09"), Some("2023-09-09"));
    }

    #[test]
    fn a_value_that_is_the_whole_pattern_is_the_whole_text() {
        assert!(value_is_whole_match(r"^(?P<value>\w+ \w+)$"));
        assert!(!value_is_whole_match(r"^By (?P<value>\w+)$"));
        assert!(!value_is_whole_match(r"^(?P<value>\w+)"), "unanchored at the end, a match may stop early");
        assert!(!value_is_whole_match(r"(?m)^(?P<value>\w+)$"), "line anchors match inside the text");
        assert!(!value_is_whole_match(r"^(?P<name>\w+)$"));
        let m = LineMatcher::new(Some(LazyRegex::later(r"^(?P<value>[A-Z]\w+ \w+)$", false)), None, vec![], false, 1);
        assert_eq!(m.value("Jane Roe"), Some("Jane Roe"));
        assert_eq!(m.value("jane roe"), None);
    }
}
