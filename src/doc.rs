//! A capture's text as lines that rules remove or edit, and the clean text rebuilt from them.

use crate::words::count_words;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

/// The id of what learning removes.
const LEARNED_ID: &str = "learned.site-template";

/// What removed something: a rule, a heuristic, or the chrome learned from a site's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Index of the rule in its [`crate::rules::RuleSet`].
    Rule(usize),
    /// A generic signal, by its id (`heuristic.short-run`).
    Heuristic(&'static str),
    /// A line repeated across many captures of the same site.
    Learned,
}

impl By {
    /// The id shown in metadata and `explain`.
    pub fn id<'r>(&self, rules: &'r crate::rules::RuleSet) -> &'r str {
        match self {
            By::Rule(index) => &rules.rules[*index].id,
            By::Heuristic(id) => id,
            By::Learned => LEARNED_ID,
        }
    }

    /// [`By::id`], to keep in metadata: the rule's own, or one made once per thread for a
    /// heuristic or for learning (they are few), not a copy for every capture.
    pub fn shared_id(&self, rules: &crate::rules::RuleSet) -> Arc<str> {
        thread_local! {
            static MADE: RefCell<HashMap<&'static str, Arc<str>>> = RefCell::default();
        }
        let id: &'static str = match self {
            By::Rule(index) => return Arc::clone(&rules.rules[*index].id),
            By::Heuristic(id) => id,
            By::Learned => LEARNED_ID,
        };
        MADE.with_borrow_mut(|made| Arc::clone(made.entry(id).or_insert_with(|| id.into())))
    }

    /// The kind shown in metadata: the rule's kind, `heuristic` or `learned`.
    pub fn kind(&self, rules: &crate::rules::RuleSet) -> &'static str {
        match self {
            By::Rule(index) => rules.rules[*index].kind.name(),
            By::Heuristic(_) => "heuristic",
            By::Learned => "learned",
        }
    }
}

/// Something taken out: a whole line, or a span inside one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub by: By,
    /// Line index in the document.
    pub line: usize,
    /// Byte range within the original line, for a span; `None` for the whole line.
    pub span: Option<Range<usize>>,
    /// Characters removed.
    pub chars: usize,
}

#[derive(Debug, Clone)]
struct Line {
    range: Range<usize>,
    blank: bool,
    /// The line after spans were stripped from it.
    edited: Option<String>,
    removed: bool,
    words: usize,
    /// Chars in the original line.
    chars: usize,
}

/// The lines of one capture and what has been removed from them.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    src: &'a str,
    lines: Vec<Line>,
    removals: Vec<Removal>,
    /// [`Doc::live`] as last computed; every phase and pass asks for it, most often unchanged.
    live: std::cell::RefCell<Option<Rc<[usize]>>>,
    /// Where [`Doc::live`] gathers the lines before it copies them into one allocation.
    gathered: std::cell::RefCell<Vec<usize>>,
}

impl<'a> Doc<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut lines = Vec::with_capacity(src.len() / 64 + 1);
        let mut start = 0;
        crate::words::count_lines(src, |end, words, chars| {
            // A last line after the final line break is no line, unless it is the only one.
            if end == src.len() && start == end && !lines.is_empty() {
                return;
            }
            lines.push(Line { range: start..end, blank: words == 0, edited: None, removed: false, words, chars });
            start = end + 1;
        });
        Doc { src, lines, removals: Vec::new(), live: Default::default(), gathered: Default::default() }
    }

    pub fn source(&self) -> &'a str {
        self.src
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The original text of line `i`.
    pub fn original(&self, i: usize) -> &'a str {
        &self.src[self.lines[i].range.clone()]
    }

    /// The current text of line `i`, spans stripped.
    pub fn text(&self, i: usize) -> &str {
        self.lines[i].edited.as_deref().unwrap_or_else(|| self.original(i))
    }

    pub fn words(&self, i: usize) -> usize {
        self.lines[i].words
    }

    /// The current text of line `i`, trimmed, and its length in chars: counted when the line
    /// was split, less the white space trimmed off.
    #[inline]
    pub fn trimmed(&self, i: usize) -> (&str, usize) {
        let line = &self.lines[i];
        match &line.edited {
            Some(edited) => {
                let trimmed = edited.trim();
                (trimmed, trimmed.chars().count())
            }
            None => {
                let original = self.original(i);
                // Most lines start and end with a printable ASCII char: nothing to trim.
                let printable = |b: Option<&u8>| b.is_some_and(|&b| (0x21..0x7f).contains(&b));
                if printable(original.as_bytes().first()) && printable(original.as_bytes().last()) {
                    return (original, line.chars);
                }
                let start = original.trim_start();
                let lead = &original[..original.len() - start.len()];
                let trimmed = start.trim_end();
                let tail = &start[trimmed.len()..];
                (trimmed, line.chars - lead.chars().count() - tail.chars().count())
            }
        }
    }

    /// Chars in the current text of line `i`, trimmed.
    pub fn trimmed_chars(&self, i: usize) -> usize {
        self.trimmed(i).1
    }

    /// Words in the source, and in the lines still kept.
    pub fn word_counts(&self) -> (usize, usize) {
        let mut total = 0;
        let mut kept = 0;
        for line in &self.lines {
            if let Some(edited) = &line.edited {
                total += count_words(&self.src[line.range.clone()]);
                kept += if line.removed { 0 } else { count_words(edited) };
            } else {
                total += line.words;
                kept += if line.removed { 0 } else { line.words };
            }
        }
        (total, kept)
    }

    pub fn is_removed(&self, i: usize) -> bool {
        self.lines[i].removed
    }

    pub fn is_blank(&self, i: usize) -> bool {
        self.lines[i].blank
    }

    /// Indices of the lines still present and not blank, in order: a snapshot, which stays as it
    /// was when lines are removed afterwards.
    pub fn live(&self) -> Rc<[usize]> {
        let mut cached = self.live.borrow_mut();
        let live = cached.get_or_insert_with(|| {
            // Gathered in a vector kept for the next time, then copied into the one allocation
            // of the snapshot.
            let mut gathered = self.gathered.borrow_mut();
            gathered.clear();
            gathered.reserve(self.lines.len());
            gathered.extend(self.live_lines());
            Rc::from(gathered.as_slice())
        });
        Rc::clone(live)
    }

    /// The first `count` lines of [`Doc::live`] (fewer when there are fewer), into `out`:
    /// rules held to the head need no more, and [`Doc::live`] is recomputed in full after
    /// every removal.
    pub fn first_live(&self, count: usize, out: &mut Vec<usize>) {
        out.clear();
        out.reserve(count.min(self.lines.len()));
        out.extend(self.live_lines().take(count));
    }

    /// The lines still present and not blank, in order.
    fn live_lines(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.lines.len()).filter(|&i| !self.lines[i].blank && !self.lines[i].removed)
    }

    /// The line that holds byte `offset` of the source.
    pub fn line_at(&self, offset: usize) -> usize {
        self.lines.partition_point(|l| l.range.end < offset).min(self.lines.len().saturating_sub(1))
    }

    /// Byte range of line `i` in the source.
    pub fn range(&self, i: usize) -> Range<usize> {
        self.lines[i].range.clone()
    }

    pub fn removals(&self) -> &[Removal] {
        &self.removals
    }

    /// Removes line `i` on behalf of `by`. A line already removed stays with its first remover.
    pub fn remove(&mut self, i: usize, by: By) {
        let line = &mut self.lines[i];
        if line.removed || line.blank {
            return;
        }
        line.removed = true;
        *self.live.get_mut() = None;
        let chars = line.edited.as_deref().map_or(line.chars, |edited| edited.chars().count());
        self.removals.push(Removal { by, line: i, span: None, chars });
    }

    /// Strips the given spans (byte ranges of the original line, sorted, not overlapping) from
    /// line `i`. A line left with no word goes as a whole, charged to the first span's rule.
    pub fn strip(&mut self, i: usize, spans: &[(Range<usize>, usize)]) {
        if spans.is_empty() || self.lines[i].removed {
            return;
        }
        let original = self.original(i);
        let mut kept = String::with_capacity(original.len());
        let mut at = 0;
        for (span, rule) in spans {
            kept.push_str(&original[at..span.start]);
            // Two spaces meet where a span leaves a gap in the middle of a line.
            if kept.ends_with(char::is_whitespace) {
                let rest = &original[span.end..];
                let trimmed = rest.trim_start();
                at = span.end + (rest.len() - trimmed.len());
            } else {
                at = span.end;
            }
            let chars = original[span.clone()].chars().count();
            self.removals.push(Removal { by: By::Rule(*rule), line: i, span: Some(span.clone()), chars });
        }
        kept.push_str(&original[at..]);
        let kept = kept.trim_end().to_string();
        let words = count_words(&kept);
        let line = &mut self.lines[i];
        line.words = words;
        if words == 0 {
            *self.live.get_mut() = None;
            line.removed = true;
            line.edited = Some(String::new());
        } else {
            line.edited = Some(kept);
        }
    }

    /// The clean text: kept lines with their original separators where nothing between them
    /// was removed, one blank line (or a line break) where something was. Unchanged input
    /// comes back unchanged.
    pub fn render(&self) -> String {
        if self.removals.is_empty() {
            return self.src.to_string();
        }
        let mut out = String::with_capacity(self.src.len());
        let mut previous_end: Option<usize> = None;
        let mut removed_since = false;
        let mut blank_since = false;
        // Kept lines as they were, with what lies between them, are copied from the source in
        // one piece: `verbatim` is where the piece not yet written starts; it runs to the end of
        // the last kept line.
        let mut verbatim: Option<usize> = None;
        for line in &self.lines {
            if line.blank {
                blank_since = true;
                continue;
            }
            if line.removed {
                removed_since = true;
                continue;
            }
            let start = match previous_end {
                None => line.range.start,
                Some(end) if removed_since => {
                    if let Some(from) = verbatim.take() {
                        out.push_str(&self.src[from..end]);
                    }
                    out.push_str(if blank_since { "\n\n" } else { "\n" });
                    line.range.start
                }
                // What lies between the two lines is copied as it is.
                Some(end) => verbatim.unwrap_or(end),
            };
            match &line.edited {
                None => verbatim = Some(start),
                Some(edited) => {
                    out.push_str(&self.src[start..line.range.start]);
                    out.push_str(edited);
                    verbatim = None;
                }
            }
            previous_end = Some(line.range.end);
            removed_since = false;
            blank_since = false;
        }
        match previous_end {
            None => {}
            Some(end) if !removed_since => out.push_str(&self.src[verbatim.unwrap_or(end)..]),
            Some(end) => {
                if let Some(from) = verbatim {
                    out.push_str(&self.src[from..end]);
                }
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_text_renders_byte_for_byte() {
        for text in ["a\n\nb\n\n", "  lead\n\n\n  b", "", "x"] {
            assert_eq!(Doc::new(text).render(), text);
        }
    }

    #[test]
    fn removing_lines_collapses_their_gaps() {
        let mut doc = Doc::new("head\n\nkeep one\nkeep two\n\ndrop\n\nkeep three\n\ntail\n");
        let live = doc.live();
        assert_eq!(live.len(), 6);
        doc.remove(0, By::Rule(7));
        doc.remove(5, By::Rule(7));
        doc.remove(9, By::Rule(7));
        assert_eq!(doc.render(), "keep one\nkeep two\n\nkeep three\n");
        assert_eq!(doc.removals().len(), 3);
        assert_eq!(doc.removals()[0].chars, 4);
        let mut first = Vec::new();
        doc.first_live(2, &mut first);
        assert_eq!(first, doc.live()[..2]);
        doc.first_live(9, &mut first);
        assert_eq!(first, *doc.live(), "no more than there are");
    }

    /// [`Doc::render`] as defined: line by line, a kept line after removed ones on a line of
    /// its own (after an empty line when blank lines were passed), else after what lay between.
    fn render_line_by_line(doc: &Doc) -> String {
        let mut out = String::new();
        let (mut previous_end, mut removed_since, mut blank_since) = (None, false, false);
        for (i, line) in doc.lines.iter().enumerate() {
            if line.blank || line.removed {
                blank_since |= line.blank;
                removed_since |= line.removed;
                continue;
            }
            if let Some(end) = previous_end {
                match removed_since {
                    true => out.push_str(if blank_since { "\n\n" } else { "\n" }),
                    false => out.push_str(&doc.src[end..line.range.start]),
                }
            }
            out.push_str(doc.text(i));
            (previous_end, removed_since, blank_since) = (Some(line.range.end), false, false);
        }
        match previous_end {
            Some(end) if !removed_since => out.push_str(&doc.src[end..]),
            Some(_) => out.push('\n'),
            None => {}
        }
        out
    }

    #[test]
    fn rendering_copies_kept_runs_as_the_line_by_line_definition_does() {
        // Every way to remove or edit each of the lines, with blank lines between some and with
        // and without a final line break.
        for text in ["one\ntwo\n\nthree\n four \n\n\nfive", "one\ntwo\n\nthree\n four \n\n\nfive\n\n"] {
            let lines = Doc::new(text).lines.iter().filter(|l| !l.blank).count();
            for choice in 0..3usize.pow(lines as u32) {
                let mut doc = Doc::new(text);
                let kept: Vec<usize> = (0..doc.len()).filter(|&i| !doc.is_blank(i)).collect();
                for (k, &i) in kept.iter().enumerate() {
                    match choice / 3usize.pow(k as u32) % 3 {
                        1 => doc.remove(i, By::Rule(0)),
                        2 => doc.strip(i, &[(0..1, 0)]),
                        _ => {}
                    }
                }
                assert_eq!(doc.render(), render_line_by_line(&doc), "{text:?} {choice}");
            }
        }
    }

    #[test]
    fn stripping_spans_keeps_the_rest_of_the_line() {
        let mut doc = Doc::new(" date 2023-09-09 LOADING ERROR LOADING\nbody\n");
        doc.strip(0, &[(17..38, 0)]);
        assert_eq!(doc.text(0), " date 2023-09-09");
        let mut doc = Doc::new("a SHARE b\n");
        doc.strip(0, &[(2..7, 0)]);
        assert_eq!(doc.text(0), "a b");
        let mut doc = Doc::new("- | -\nbody\n");
        doc.strip(0, &[(2..3, 0)]);
        assert!(doc.is_removed(0), "a line with no word left goes");
        assert_eq!(doc.render(), "body\n");
    }

    #[test]
    fn word_counts_match_the_rendered_text() {
        let mut doc = Doc::new("alpha beta\n\ngamma LOADING\ndelta\n");
        doc.strip(2, &[(6..13, 0)]);
        doc.remove(3, By::Rule(0));
        assert_eq!(doc.word_counts(), (5, 3));
        assert_eq!(count_words(&doc.render()), 3);
    }

    #[test]
    fn trimmed_chars_count_the_trimmed_text() {
        let mut doc = Doc::new(" \u{a0}héllo wörld \t\n\nplain\n  gone LOADING  \n");
        for i in 0..doc.len() {
            assert_eq!(doc.trimmed(i), (doc.text(i).trim(), doc.text(i).trim().chars().count()), "line {i}");
        }
        doc.strip(3, &[(7..14, 0)]);
        assert_eq!(doc.trimmed_chars(3), 4);
    }
}
