//! Applying the rules of the chosen files to a document, phase by phase:
//! strip spans, cut head and tail, drop lines and blocks, then take metadata.
//!
//! Phases run in this order whatever order the rules are written in: cuts see their marker
//! lines before a `drop` rule takes them, a metadata rule sees a date line after its loading
//! residue was stripped, and a title rule sees the first line after the breadcrumbs above it
//! were dropped.
//!
//! Rules that depend on position (a `head`/`tail` window, a `window` of lines, cuts, blocks,
//! metadata) see different lines once others are gone, so they run again until nothing more
//! goes. That makes cleaning idempotent: cleaning clean text removes nothing.

use super::classify::{Classifier, LineMatches, Role};
use super::{BlockEnd, Field, Phase, RuleKind, RuleSet};
use crate::dates::normalize_date;
use crate::doc::{By, Doc};
use crate::hosts::host_from_url;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

/// Metadata values taken by rules, by field.
pub type MetaValues = BTreeMap<Field, String>;

/// Passes over a document at most; real captures settle in two or three.
const MAX_PASSES: usize = 8;

/// The first pass runs every rule; later ones only the rules whose matches depend on position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Full,
    Positional,
}

/// Applies the rules of `files` (in precedence order) to `doc` and returns the metadata
/// they found. Site files run first, all their phases, then the generic files: a site's own
/// rules see the capture as it was, and the generic ones clean up what is left.
pub fn apply(set: &RuleSet, files: &[usize], doc: &mut Doc) -> MetaValues {
    apply_with(set, files, doc, |_| {})
}

/// [`apply`], with `after_pass` run on the document at the end of every pass: what it removes
/// moves the lines the positional rules see, so passes go on until neither removes anything.
pub fn apply_with(set: &RuleSet, files: &[usize], doc: &mut Doc, mut after_pass: impl FnMut(&mut Doc)) -> MetaValues {
    let (site_files, generic_files): (Vec<usize>, Vec<usize>) =
        files.iter().partition(|&&f| set.files[f].site.is_some());
    let groups: Vec<(&[usize], std::sync::Arc<Classifier>)> = [&site_files, &generic_files]
        .into_iter()
        .filter(|group| !group.is_empty())
        .map(|group| (group.as_slice(), set.classifier_for(group)))
        .collect();
    // Each group's lines are matched once, after its strip phase, for every later pass.
    let mut matched: Vec<LineMatches> = Vec::with_capacity(groups.len());
    let mut meta = MetaValues::new();
    let mut misses = Misses::default();
    let mut head = Vec::new();
    let mut pass = Pass::Full;
    for _ in 0..MAX_PASSES {
        let before = doc.changes();
        for (g, (group, classifier)) in groups.iter().enumerate() {
            if pass == Pass::Full {
                strip_spans(set, group, doc);
                matched.push(classifier.classify(&set.rules, doc));
            }
            let lines = Matched { classifier, lines: &matched[g] };
            cut(set, group, doc, &lines);
            drop_lines(set, group, doc, pass, &lines);
            drop_blocks(set, group, doc, &lines);
            take_meta(set, group, doc, &mut meta, &mut misses, &mut head, &lines);
        }
        after_pass(doc);
        if doc.changes() == before {
            break;
        }
        pass = Pass::Positional;
    }
    if let std::collections::btree_map::Entry::Vacant(entry) = meta.entry(Field::SiteName) {
        if let Some(name) = files.iter().find_map(|&f| set.files[f].site.as_ref()?.name.clone()) {
            entry.insert(name);
        }
    }
    meta
}

/// What the classifier found on each line, with the means to ask by rule.
struct Matched<'a> {
    classifier: &'a Classifier,
    lines: &'a LineMatches,
}

impl Matched<'_> {
    /// Whether `line` matches the single-line matcher of `rule` in `role`; `None` when the
    /// matcher is not a single-line one (a window), which the caller then runs itself.
    fn get(&self, rule: usize, role: Role, line: usize) -> Option<bool> {
        Some(self.lines.has(line, self.classifier.predicate(rule, role)?))
    }

    /// Whether `rule` matches no line in `role`: its matcher is a single-line one that the
    /// classifier ran, and it matched nowhere. The rule has nothing to do then.
    fn matches_nowhere(&self, rule: usize, role: Role) -> bool {
        self.classifier.predicate(rule, role).is_some_and(|p| !self.lines.fired(p))
    }

    /// The same for one rule across many lines: the lookup of its predicate is done once.
    fn for_rule(&self, rule: usize, role: Role) -> impl Fn(usize) -> Option<bool> + '_ {
        let predicate = self.classifier.predicate(rule, role);
        move |line| Some(self.lines.has(line, predicate?))
    }
}

fn strip_spans(set: &RuleSet, files: &[usize], doc: &mut Doc) {
    let mut spans: BTreeMap<usize, Vec<(Range<usize>, usize)>> = BTreeMap::new();
    let live = doc.live();
    let position_of = |line: usize| live.binary_search(&(line as u32)).ok();
    for &file in files {
        for (index, rule) in set.rules_in(file, Phase::Strip) {
            let RuleKind::Strip { pattern } = &rule.kind else {
                continue;
            };
            // One search over the whole text lets the regex engine's literal prefilters work.
            for m in pattern.find_iter(doc.source()) {
                let line = doc.line_at(m.start());
                let range = doc.range(line);
                if m.end() > range.end || m.start() < range.start {
                    continue;
                }
                let Some(position) = position_of(line) else {
                    continue;
                };
                if !rule.scope.allows(position, live.len()) || !rule.scope.allows_len(doc.original(line)) {
                    continue;
                }
                spans.entry(line).or_default().push((m.start() - range.start..m.end() - range.start, index));
            }
        }
    }
    for (line, mut line_spans) in spans {
        line_spans.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut merged: Vec<(Range<usize>, usize)> = Vec::with_capacity(line_spans.len());
        for (range, rule) in line_spans {
            match merged.last() {
                Some((last, _)) if range.start < last.end => {}
                _ => merged.push((range, rule)),
            }
        }
        doc.strip(line, &merged);
    }
}

fn drop_lines(set: &RuleSet, files: &[usize], doc: &mut Doc, pass: Pass, matched: &Matched) {
    let live = doc.live();
    let n = live.len();
    if pass == Pass::Full {
        // Single-line rules, all at once: the first rule of the group that drops a line is
        // charged with it.
        let mut doomed = Vec::new();
        for line in live.iter().map(|&l| l as usize) {
            let first = matched.lines.of(line).map(|p| matched.classifier.rule_of(p)).find(|&rule| {
                let rule = &set.rules[rule];
                matches!(&rule.kind, RuleKind::Drop { matcher } if matcher.window == 1 && !is_positional(rule, matcher))
            });
            if let Some(rule) = first {
                doomed.push((line, rule));
            }
        }
        for (line, rule) in doomed {
            doc.remove(line, By::Rule(rule));
        }
    }
    for &file in files {
        for (index, rule) in set.rules_in(file, Phase::Drop) {
            let RuleKind::Drop { matcher } = &rule.kind else {
                continue;
            };
            // Single-line rules the classifier took ran above. Later passes rerun only the rules
            // whose matches depend on what was removed.
            let positional = is_positional(rule, matcher);
            let done = match pass {
                Pass::Full => !positional && matched.classifier.predicate(index, Role::Main).is_some(),
                Pass::Positional => !positional,
            };
            if done || matched.matches_nowhere(index, Role::Main) {
                continue;
            }
            for position in rule.scope.positions(n) {
                let window = window_lines(&live, position, matcher.window);
                if window.len() < matcher.window {
                    break;
                }
                let hit = if let Some(hit) = matched.get(index, Role::Main, window[0] as usize) {
                    hit
                } else {
                    let (text, fits) = joined_within(&rule.scope, doc, window);
                    fits && matcher.is_match(&text)
                };
                if hit {
                    for &line in window {
                        doc.remove(line as usize, By::Rule(index));
                    }
                }
            }
        }
    }
}

/// Whether what a `drop` rule matches depends on what else was removed: rules held to the
/// head or tail, and windows of lines.
fn is_positional(rule: &super::Rule, matcher: &super::LineMatcher) -> bool {
    rule.scope.head.is_some() || rule.scope.tail.is_some() || matcher.window > 1
}

fn drop_blocks(set: &RuleSet, files: &[usize], doc: &mut Doc, matched: &Matched) {
    let mut live = Live::default();
    for &file in files {
        for (index, rule) in set.rules_in(file, Phase::DropBlock) {
            let RuleKind::DropBlock { start, end } = &rule.kind else {
                continue;
            };
            if matched.matches_nowhere(index, Role::Main) {
                continue;
            }
            let live = live.refresh(doc);
            let n = live.len();
            let mut position = 0;
            let starts = |doc: &Doc, line: usize| {
                matched.get(index, Role::Main, line).unwrap_or_else(|| {
                    let (text, chars) = doc.trimmed(line);
                    rule.scope.allows_chars(chars) && start.is_match(text)
                })
            };
            while position < n {
                if !rule.scope.allows(position, n) || !starts(doc, live[position] as usize) {
                    position += 1;
                    continue;
                }
                let last = match end {
                    BlockEnd::Count(count) => Some((position + count - 1).min(n - 1)),
                    BlockEnd::Pattern { end, max_lines } => (position..n.min(position + max_lines)).find(|&p| {
                        matched
                            .get(index, Role::BlockEnd, live[p] as usize)
                            .unwrap_or_else(|| end.is_match(doc.text(live[p] as usize).trim()))
                    }),
                };
                match last {
                    Some(last) => {
                        for &line in &live[position..=last] {
                            doc.remove(line as usize, By::Rule(index));
                        }
                        position = last + 1;
                    }
                    None => position += 1,
                }
            }
        }
    }
}

fn cut(set: &RuleSet, files: &[usize], doc: &mut Doc, matched: &Matched) {
    let mut live = Live::default();
    // `before[p]`: the weight of the live lines above position `p` (one more entry than lines).
    let mut before = Vec::new();
    for &file in files {
        for (index, rule) in set.rules_in(file, Phase::Cut) {
            let (marker, limit, keep_marker, from_tail) = match &rule.kind {
                RuleKind::CutTail { marker, not_before, keep_marker } => (marker, *not_before, *keep_marker, true),
                RuleKind::CutHead { marker, not_after, keep_marker } => (marker, *not_after, *keep_marker, false),
                _ => continue,
            };
            // Most captures have no marker of most cuts: the weights are not even needed then.
            if matched.matches_nowhere(index, Role::Main) {
                continue;
            }
            if live.is_stale(doc) {
                live.refresh(doc);
                prose_weights_above(doc, &live.lines, &mut before);
            }
            let live = &live.lines;
            let n = live.len();
            let total = before[n].max(1) as f64;
            let share = |weight_above: &usize| *weight_above as f64 / total;
            let marks = matched.for_rule(index, Role::Main);
            let is_marker = |position: usize| {
                let line = live[position] as usize;
                marks(line).unwrap_or_else(|| is_cut_marker(doc, &rule.scope, marker, line))
            };
            // Shares only grow down the page: a tail starts at the first marker at or past its
            // share, a head ends at the last marker within its share.
            let allowed = rule.scope.positions(n);
            let found = if from_tail {
                let first = before[..n].partition_point(|b| share(b) < limit);
                (allowed.start.max(first)..allowed.end).find(|&p| is_marker(p))
            } else {
                let past = before[..n].partition_point(|b| share(b) <= limit);
                (allowed.start..allowed.end.min(past)).rev().find(|&p| is_marker(p))
            };
            let Some(position) = found else { continue };
            let doomed = if from_tail {
                &live[position + usize::from(keep_marker)..]
            } else {
                &live[..position + usize::from(!keep_marker)]
            };
            for &line in doomed {
                doc.remove(line as usize, By::Rule(index));
            }
        }
    }
}

/// Whether `line` is a cut's marker, read: the classifier did not say. Out of line, so that
/// the search for a marker, which asks the classifier of every line, stays small.
#[inline(never)]
fn is_cut_marker(doc: &Doc, scope: &super::Scope, marker: &super::LineMatcher, line: usize) -> bool {
    let (text, chars) = doc.trimmed(line);
    scope.allows_chars(chars) && marker.is_match(text)
}

/// Lines at least this long (in words) count as prose when cuts measure where they stand.
const PROSE_LINE_WORDS: usize = 8;

/// How much each live line weighs when a cut measures its share of the capture: the words of
/// prose lines only, so that a long menu of short links does not pass for half the page. A
/// capture with no prose line weighs all its words. `above[p]` is set to the weight of the
/// lines above position `p`, for every position and the end.
fn prose_weights_above(doc: &Doc, live: &[u32], above: &mut Vec<usize>) {
    let any_prose = live.iter().any(|&l| doc.words(l as usize) >= PROSE_LINE_WORDS);
    above.clear();
    above.reserve(live.len() + 1);
    above.push(0);
    let mut sum = 0;
    for &line in live {
        let words = doc.words(line as usize);
        if !any_prose || words >= PROSE_LINE_WORDS {
            sum += words;
        }
        above.push(sum);
    }
}

/// The lines on which a one-line metadata rule (held to the head or tail, which the classifier
/// leaves to the engine) found no value. A line's text does not change after the strip phase,
/// so later passes need not look again.
#[derive(Default)]
struct Misses {
    /// By rule, a bit a line; few rules take metadata.
    rules: Vec<(usize, Vec<u64>)>,
}

impl Misses {
    fn contains(&self, rule: usize, line: usize) -> bool {
        self.rules.iter().find(|(r, _)| *r == rule).is_some_and(|(_, bits)| bits[line / 64] >> (line % 64) & 1 == 1)
    }

    fn insert(&mut self, rule: usize, line: usize, lines: usize) {
        let at = if let Some(at) = self.rules.iter().position(|(r, _)| *r == rule) {
            at
        } else {
            self.rules.push((rule, vec![0; lines.div_ceil(64)]));
            self.rules.len() - 1
        };
        self.rules[at].1[line / 64] |= 1 << (line % 64);
    }
}

fn take_meta(
    set: &RuleSet,
    files: &[usize],
    doc: &mut Doc,
    meta: &mut MetaValues,
    misses: &mut Misses,
    head: &mut Vec<u32>,
    matched: &Matched,
) {
    let mut live = Live::default();
    for &file in files {
        for (index, rule) in set.rules_in(file, Phase::Meta) {
            let RuleKind::Meta { field, matcher, remove, date_order } = &rule.kind else {
                continue;
            };
            // A rule whose field is known still removes its line: on a later pass, or on a
            // second run over clean text, the same line would go too.
            if (meta.contains_key(field) && !*remove) || matched.matches_nowhere(index, Role::Main) {
                continue;
            }
            // A rule held to the head (most are) looks at the first lines and the windows that
            // start there: it needs no more of the live lines than those.
            let (live, n) = if let (Some(lines), None) = (rule.scope.head, rule.scope.tail) {
                let needed = lines.saturating_add(matcher.window - 1);
                doc.first_live(needed, head);
                // Fewer than needed: those are all, and `n` is their number. Else `n` is
                // at least `needed`, and the head rule's positions are the same for any
                // such `n`.
                (head.as_slice(), head.len())
            } else {
                let live = live.refresh(doc);
                (live, live.len())
            };
            for position in rule.scope.positions(n) {
                let window = window_lines(live, position, matcher.window);
                if window.len() < matcher.window {
                    break;
                }
                if matched.get(index, Role::Main, window[0] as usize) == Some(false) {
                    continue;
                }
                if let [line] = window {
                    if misses.contains(index, *line as usize) {
                        continue;
                    }
                }
                let (text, fits) = joined_within(&rule.scope, doc, window);
                let value =
                    fits.then(|| matcher.value(&text).and_then(|raw| meta_value(*field, raw, *date_order))).flatten();
                let Some(value) = value else {
                    if let [line] = window {
                        misses.insert(index, *line as usize, doc.len());
                    }
                    continue;
                };
                meta.entry(*field).or_insert(value);
                if *remove {
                    for &line in window {
                        doc.remove(line as usize, By::Rule(index));
                    }
                }
                break;
            }
        }
    }
}

/// Checks and normalises a value: dates to ISO, URLs must be http(s), text is de-spaced.
fn meta_value(field: Field, raw: &str, order: Option<crate::dates::DateOrder>) -> Option<String> {
    let value = despaced(raw);
    match field {
        // A char is at least a byte: only a value of over 400 bytes needs its chars counted.
        _ if value.is_empty() || value.len() > 400 && value.chars().count() > 400 => None,
        Field::Date => normalize_date(&value, order),
        Field::Url => host_from_url(&value).map(|_| value.into_owned()),
        _ => Some(value.into_owned()),
    }
}

/// `text`'s words joined by single spaces: `text` itself when it is so already (most values
/// are, and most of those that are dates are no dates: nothing is copied for them).
fn despaced(text: &str) -> Cow<'_, str> {
    if is_single_spaced(text) {
        return Cow::Borrowed(text);
    }
    let mut value = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !value.is_empty() {
            value.push(' ');
        }
        value.push_str(word);
    }
    Cow::Owned(value)
}

/// Whether `text`'s only white space is single spaces between words. Read by bytes: only text
/// with non-ASCII chars is read again by chars, for the white space beyond ASCII.
fn is_single_spaced(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    let mut ascii = true;
    for &b in bytes {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => return false,
            _ => {
                after_space = false;
                ascii &= b.is_ascii();
            }
        }
    }
    ascii || !text.chars().any(|c| c.is_whitespace() && c != ' ')
}

/// The live lines of a document, recomputed only when something was removed since.
#[derive(Default)]
struct Live {
    lines: std::rc::Rc<[u32]>,
    /// How many changes the document had when `lines` was computed; `None` before.
    removals: Option<usize>,
}

impl Live {
    fn is_stale(&self, doc: &Doc) -> bool {
        self.removals != Some(doc.changes())
    }

    fn refresh(&mut self, doc: &Doc) -> &[u32] {
        if self.is_stale(doc) {
            self.lines = doc.live();
            self.removals = Some(doc.changes());
        }
        &self.lines
    }
}

/// Up to `size` live lines starting at `position`.
fn window_lines(live: &[u32], position: usize, size: usize) -> &[u32] {
    &live[position.min(live.len())..(position + size).min(live.len())]
}

/// The joined text of `window`, and whether it is within the rule's `max_chars`. A line alone
/// is trimmed once for both: its chars were counted when it was split.
fn joined_within<'d>(scope: &super::Scope, doc: &'d Doc, window: &[u32]) -> (Cow<'d, str>, bool) {
    if let [line] = window {
        let (text, chars) = doc.trimmed(*line as usize);
        (Cow::Borrowed(text), scope.allows_chars(chars))
    } else {
        let text = joined(doc, window);
        let fits = scope.allows_len(&text);
        (text, fits)
    }
}

fn joined<'d>(doc: &'d Doc, lines: &[u32]) -> Cow<'d, str> {
    match lines {
        [one] => Cow::Borrowed(doc.text(*one as usize).trim()),
        _ => Cow::Owned(lines.iter().map(|&l| doc.text(l as usize).trim()).collect::<Vec<_>>().join("\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_despaced_as_its_words_joined_by_single_spaces() {
        for text in [
            "",
            " ",
            "a",
            "Jane Roe",
            " Jane Roe",
            "Jane Roe ",
            "Jane  Roe",
            "Jane\tRoe",
            "Jane\u{a0}Roe",
            "a \n b",
            "\u{a0}Jane",
            "Jane\u{2003}",
            "Renée Roe",
            "Renée  Roe",
            "Jane\x0bRoe",
            "Jane \u{a0} Roe",
        ] {
            let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let got = despaced(text);
            assert_eq!(got, want, "{text:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), text == want, "copied only when it changes: {text:?}");
        }
    }
}
