//! Rules: loading TOML rule files, deciding which apply to a capture, and applying them.
//!
//! A rule file has an optional `[site]` table (which captures it is for), `[[rule]]`s and
//! `[[test]]` cases. `rules/README.md` documents every rule kind.

mod anchored;
mod classify;
mod compile;
mod embedded;
pub(crate) mod engine;
mod lint;
mod load;
mod matcher;
mod phrase_index;
mod selftest;
pub(crate) mod site;
mod spec;

pub use lint::RuleWarning;
pub(crate) use load::{embedded, load_str};
pub use load::{RuleInfo, RuleSet, RuleSetBuilder};
pub(crate) use matcher::LineMatcher;
pub use selftest::{TestFailure, TestReport};
pub(crate) use site::{Site, SiteContext};
// Declared with the metadata it names, where HTML extraction (below the rules) reads it too.
pub(crate) use crate::meta::Field;

use crate::dates::DateOrder;
use regex::Regex;
use std::sync::Arc;

/// Where a rule file came from. User files take precedence over the embedded ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Origin {
    User,
    Embedded,
}

/// One loaded rule file.
#[derive(Debug)]
pub(crate) struct RuleFile {
    /// Display name: the path it was read from, or `<embedded>/sites/x.toml`.
    pub name: String,
    /// [`RuleFile::label`], shared by the metadata of every capture the file applies to.
    pub label: Arc<str>,
    pub origin: Origin,
    pub site: Option<Site>,
    /// Indices into [`RuleSet::rules`].
    pub rules: std::ops::Range<usize>,
    /// The same, by the phase that runs them.
    pub by_phase: RulesByPhase,
    pub tests: Vec<TestCase>,
}

impl RuleFile {
    /// Short label used in `rules_applied`: `sites/newsmax.toml`, `my-rules/x.toml`.
    pub(crate) fn label(&self) -> &str {
        &self.label
    }

    /// The label of a file of this name.
    pub(crate) fn label_of(name: &str) -> Arc<str> {
        name.strip_prefix("<embedded>/").unwrap_or(name).into()
    }
}

/// A compiled rule.
#[derive(Debug)]
pub(crate) struct Rule {
    /// Shared by the metadata of every capture the rule removes something from.
    pub id: Arc<str>,
    pub why: String,
    pub kind: RuleKind,
    pub scope: Scope,
    /// Index of its file in [`RuleSet::files`].
    pub file: usize,
}

/// Where in a capture a rule may match. Positions count the lines still present (not blank,
/// not removed) when the rule runs.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Scope {
    /// Only within the first N lines.
    pub head: Option<usize>,
    /// Only within the last N lines.
    pub tail: Option<usize>,
    /// Only lines of at most N characters.
    pub max_chars: Option<usize>,
}

impl Scope {
    pub(crate) fn allows(&self, position: usize, live_count: usize) -> bool {
        self.head.is_none_or(|n| position < n) && self.tail.is_none_or(|n| position + n >= live_count)
    }

    /// The positions, among `live_count` lines, where the rule may match.
    pub(crate) fn positions(&self, live_count: usize) -> std::ops::Range<usize> {
        let start = self.tail.map_or(0, |n| live_count.saturating_sub(n));
        let end = self.head.map_or(live_count, |n| n.min(live_count));
        start..end.max(start)
    }

    pub(crate) fn allows_len(&self, line: &str) -> bool {
        // A char is 1 to 4 bytes: count chars only when the byte length leaves it open.
        self.max_chars.is_none_or(|n| line.len() <= n || line.len() <= 4 * n && line.chars().count() <= n)
    }

    /// [`Scope::allows_len`] for a line of `chars` chars.
    pub(crate) fn allows_chars(&self, chars: usize) -> bool {
        self.max_chars.is_none_or(|n| chars <= n)
    }
}

#[derive(Debug)]
#[expect(clippy::large_enum_variant, reason = "built once per rule, and read in place")]
pub(crate) enum RuleKind {
    /// Remove each line (or window of lines) that matches.
    Drop { matcher: LineMatcher },
    /// Remove the matching spans inside lines; a line left with no words goes.
    Strip { pattern: Regex },
    /// Remove everything from the first marker line to the end.
    CutTail { marker: LineMatcher, not_before: f64, keep_marker: bool },
    /// Remove everything up to the last marker line within the head.
    CutHead { marker: LineMatcher, not_after: f64, keep_marker: bool },
    /// Remove a block that starts at one pattern and ends at another, or runs N lines.
    DropBlock { start: LineMatcher, end: BlockEnd },
    /// Take a metadata value from a line (or window) and remove it.
    Meta { field: Field, matcher: LineMatcher, remove: bool, date_order: Option<DateOrder> },
    /// HTML captures: remove the elements a CSS selector matches before extraction.
    HtmlRemove { selector: scraper::Selector },
    /// HTML captures: the elements a CSS selector matches are the content, whatever scoring says.
    HtmlContent { selector: scraper::Selector },
    /// HTML captures: a metadata value from the first matching element's text or attribute.
    HtmlMeta {
        field: Field,
        selector: scraper::Selector,
        attribute: Option<String>,
        /// Takes the value from the text (group `value`, else 1, else the match).
        pattern: Option<Regex>,
        date_order: Option<DateOrder>,
    },
}

/// The phases of the text engine, each of which runs the rules of its kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Strip,
    Cut,
    Drop,
    DropBlock,
    Meta,
}

impl Phase {
    pub const ALL: [Phase; 5] = [Phase::Strip, Phase::Cut, Phase::Drop, Phase::DropBlock, Phase::Meta];
    const COUNT: usize = Phase::ALL.len();
}

/// A rule file's rules by [`Phase`], as indices into [`RuleSet::rules`]: each phase visits its
/// own rules only, not every rule of the file, on every pass over every capture.
#[derive(Debug, Default)]
pub(crate) struct RulesByPhase([Vec<usize>; Phase::COUNT]);

impl RulesByPhase {
    /// Rules, each with its index, sorted by phase, in their order within each.
    pub(crate) fn new<'a>(rules: impl IntoIterator<Item = (usize, &'a Rule)>) -> Self {
        let mut by_phase = RulesByPhase::default();
        for (index, rule) in rules {
            if let Some(phase) = rule.kind.phase() {
                by_phase.0[phase as usize].push(index);
            }
        }
        by_phase
    }

    pub(crate) fn of(&self, phase: Phase) -> &[usize] {
        &self.0[phase as usize]
    }
}

impl RuleKind {
    /// The text engine's phase that runs a rule of this kind; `None` for the HTML kinds.
    pub(crate) fn phase(&self) -> Option<Phase> {
        match self {
            RuleKind::Strip { .. } => Some(Phase::Strip),
            RuleKind::CutTail { .. } | RuleKind::CutHead { .. } => Some(Phase::Cut),
            RuleKind::Drop { .. } => Some(Phase::Drop),
            RuleKind::DropBlock { .. } => Some(Phase::DropBlock),
            RuleKind::Meta { .. } => Some(Phase::Meta),
            RuleKind::HtmlRemove { .. } | RuleKind::HtmlContent { .. } | RuleKind::HtmlMeta { .. } => None,
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            RuleKind::Drop { .. } => "drop",
            RuleKind::Strip { .. } => "strip",
            RuleKind::CutTail { .. } => "cut-tail",
            RuleKind::CutHead { .. } => "cut-head",
            RuleKind::DropBlock { .. } => "drop-block",
            RuleKind::Meta { .. } => "meta",
            RuleKind::HtmlRemove { .. } => "html-remove",
            RuleKind::HtmlContent { .. } => "html-content",
            RuleKind::HtmlMeta { .. } => "html-meta",
        }
    }

    /// The rule's line matchers, each with what it does for the rule: the main one (of a
    /// `drop`, `meta`, cut or block start) and a block's end.
    pub(crate) fn line_matchers(&self) -> impl Iterator<Item = (classify::Role, &LineMatcher)> {
        let (main, end): (Option<&LineMatcher>, Option<&LineMatcher>) = match self {
            RuleKind::Drop { matcher } | RuleKind::Meta { matcher, .. } => (Some(matcher), None),
            RuleKind::CutTail { marker, .. } | RuleKind::CutHead { marker, .. } => (Some(marker), None),
            RuleKind::DropBlock { start, end } => {
                (Some(start), if let BlockEnd::Pattern { end, .. } = end { Some(end) } else { None })
            }
            RuleKind::Strip { .. }
            | RuleKind::HtmlRemove { .. }
            | RuleKind::HtmlContent { .. }
            | RuleKind::HtmlMeta { .. } => (None, None),
        };
        let main = main.map(|m| (classify::Role::Main, m));
        let end = end.map(|m| (classify::Role::BlockEnd, m));
        main.into_iter().chain(end)
    }

    /// True for the kinds that apply to the HTML of a page, before its text is extracted.
    #[cfg(test)]
    pub(crate) fn is_html(&self) -> bool {
        matches!(self, RuleKind::HtmlRemove { .. } | RuleKind::HtmlContent { .. } | RuleKind::HtmlMeta { .. })
    }
}

#[derive(Debug)]
#[expect(clippy::large_enum_variant, reason = "one per block rule, read in place")]
pub(crate) enum BlockEnd {
    /// The block ends at the first line matching this, at most `max_lines` lines on.
    Pattern { end: LineMatcher, max_lines: usize },
    /// The block is this many lines, the start line included.
    Count(usize),
}

/// A `[[test]]` case of a rule file.
#[derive(Debug, Clone)]
pub(crate) struct TestCase {
    pub name: String,
    pub input: String,
    pub expect: String,
    /// Expected metadata; `None` expects the field to stay unknown.
    pub meta: Vec<(Field, Option<String>)>,
    /// 1-based line of the case in its file, for reports.
    pub line: usize,
}
