//! A capture's text as lines that rules remove or edit, and the clean text rebuilt from them.

use crate::words::count_words;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// The id of what learning removes.
pub const LEARNED_ID: &str = "learned.site-template";

/// What removed something: a rule, a heuristic, or the chrome learned from a site's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Index of the rule in its rule set, which names it where the removal is reported.
    Rule(usize),
    /// A generic signal, by its id (`heuristic.short-run`).
    Heuristic(&'static str),
    /// A line repeated across many captures of the same site.
    Learned,
}

/// Something taken out: whole lines, or a span inside one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub by: By,
    /// The (first) line, by index in the document.
    pub line: usize,
    /// For whole lines, one past the last: `by` removed every line in `line..end` that is not
    /// blank, one after another (a run is kept as one removal, not one a line). `line + 1` for
    /// a span.
    pub end: usize,
    /// Byte range within the original line, for a span; `None` for whole lines.
    pub span: Option<Range<usize>>,
    /// Characters removed.
    pub chars: usize,
}

/// One line, in 8 bytes: a capture of short lines has as many lines as it has bytes / 2, and
/// its lines must take no more memory than a small multiple of its bytes.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// The low 32 bits of the offset of the line's end (its `\n`, or the end of the source);
    /// [`Doc::wraps`] says where the high bits grow.
    end: u32,
    /// Words in the current text, or [`SATURATED`] when they are in [`Doc::large`].
    words: u16,
    /// Chars in the original line in the low bits ([`CHARS`], or all ones when they are in
    /// [`Doc::large`]), and the [`REMOVED`], [`EDITED`] and [`BLANK`] flags.
    chars_flags: u16,
}

/// Bytes a line is expected to take at most, to size the table of lines before they are
/// counted: an eighth of the capture's bytes; a capture of shorter lines counts them.
const LINE_BYTES_EXPECTED: usize = 64;

/// The line is gone.
const REMOVED: u16 = 1 << 15;
/// The line has its spans stripped: its text is in [`Doc::edited`].
const EDITED: u16 = 1 << 14;
/// The line had no word from the start.
const BLANK: u16 = 1 << 13;
/// The bits of `chars_flags` that count chars.
const CHARS: u16 = BLANK - 1;
/// A count too large for a line's field; the count is kept aside.
const SATURATED: u16 = u16::MAX;

/// Whether `text` has no white space at either end to trim: most lines start and end with a
/// printable ASCII char, which tells it without a look at the chars between.
#[inline(always)]
fn has_nothing_to_trim(text: &str) -> bool {
    let printable = |b: Option<&u8>| b.is_some_and(|&b| (0x21..0x7f).contains(&b));
    printable(text.as_bytes().first()) && printable(text.as_bytes().last())
}

/// The lines of one capture and what has been removed from them.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    src: &'a str,
    lines: Vec<Line>,
    /// `wraps[k]`: the first line whose end is at least `(k + 1) << 32` (sources over 4 GiB).
    wraps: Vec<usize>,
    /// Words and chars of the lines whose counts do not fit their fields.
    large: HashMap<usize, (usize, usize)>,
    /// The text of edited lines.
    edited: HashMap<usize, String>,
    removals: Vec<Removal>,
    /// Lines and spans removed so far: a removal that extends a run changes this, not the
    /// number of [`Removal`]s.
    changes: usize,
    /// [`Doc::live`] as last computed; every phase and pass asks for it, most often unchanged.
    live: std::cell::RefCell<Option<Rc<[u32]>>>,
}

impl<'a> Doc<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut doc = Doc {
            src,
            // Most captures have fewer lines than this; one of more counts the rest of its lines
            // when it fills it (see `Doc::reserve_rest`), and the table grows once, to its size.
            lines: Vec::with_capacity(src.len() / LINE_BYTES_EXPECTED + 1),
            wraps: Vec::new(),
            large: HashMap::new(),
            edited: HashMap::new(),
            removals: Vec::new(),
            changes: 0,
            live: std::cell::RefCell::default(),
        };
        let mut start = 0;
        crate::words::count_lines(src, |end, words, chars| {
            // A last line after the final line break is no line, unless it is the only one.
            if end == src.len() && start == end && !doc.lines.is_empty() {
                return;
            }
            doc.push_line(end, words, chars);
            start = end + 1;
        });
        doc
    }

    /// Adds the line that ends at `end`. Small enough to inline into the walk over the
    /// source's bytes, which calls it for every line: what few lines need is out of line.
    #[inline(always)]
    fn push_line(&mut self, end: usize, words: usize, chars: usize) {
        let fits = words < SATURATED as usize && chars < CHARS as usize && end >> 32 == self.wraps.len();
        if !fits || self.lines.len() == self.lines.capacity() {
            return self.push_unusual_line(end, words, chars);
        }
        let blank = if words == 0 { BLANK } else { 0 };
        self.lines.push(Line { end: end as u32, words: words as u16, chars_flags: chars as u16 | blank });
    }

    /// [`Doc::push_line`] for a line past 4 GiB of source, or whose counts do not fit its
    /// fields, or that finds the table full.
    #[cold]
    #[inline(never)]
    fn push_unusual_line(&mut self, end: usize, words: usize, chars: usize) {
        if self.lines.len() == self.lines.capacity() {
            self.reserve_rest(end);
        }
        let index = self.lines.len();
        while end >> 32 > self.wraps.len() {
            self.wraps.push(index);
        }
        let fits = words < SATURATED as usize && chars < CHARS as usize;
        if !fits {
            self.large.insert(index, (words, chars));
        }
        self.lines.push(Line {
            end: end as u32,
            words: if fits { words as u16 } else { SATURATED },
            chars_flags: if fits { chars as u16 } else { CHARS } | if words == 0 { BLANK } else { 0 },
        });
    }

    /// Room for the line that ends at `end` and every line after it, counted: doubling the
    /// table instead would hold it twice for a moment, and leave it up to twice too large.
    fn reserve_rest(&mut self, end: usize) {
        let rest = self.src.as_bytes().get(end + 1..).unwrap_or_default();
        // This line, one ending at each line break left, and the one after the last break.
        self.lines.reserve_exact(1 + memchr::memchr_iter(b'\n', rest).count() + 1);
    }

    pub fn source(&self) -> &'a str {
        self.src
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// The offset of line `i`'s end in the source.
    #[inline(always)]
    fn end(&self, i: usize) -> usize {
        self.end_of(i, self.lines[i])
    }

    /// [`Doc::end`] of line `i`, read already.
    #[inline(always)]
    fn end_of(&self, i: usize, line: Line) -> usize {
        if self.wraps.is_empty() {
            line.end as usize
        } else {
            self.wrapped_end(i, line)
        }
    }

    #[cold]
    #[inline(never)]
    fn wrapped_end(&self, i: usize, line: Line) -> usize {
        line.end as usize | self.wraps.partition_point(|&first| first <= i) << 32
    }

    /// Byte range of line `i` in the source.
    #[inline(always)]
    pub fn range(&self, i: usize) -> Range<usize> {
        // Line `i` first: once it is known to be in the table, so is the line before it, and
        // its bounds are not checked again.
        let end = self.end(i);
        let start = if i == 0 { 0 } else { self.end(i - 1) + 1 };
        start..end
    }

    /// The original text of line `i`.
    #[inline(always)]
    pub fn original(&self, i: usize) -> &'a str {
        self.slice(self.range(i))
    }

    /// The source text of a line's `range`, without checking its bounds again: every line is
    /// read this way, and most several times.
    #[inline(always)]
    fn slice(&self, range: Range<usize>) -> &'a str {
        debug_assert!(range.start <= range.end && self.src.is_char_boundary(range.start));
        debug_assert!(self.src.is_char_boundary(range.end));
        // SAFETY: a line runs from the source's start, or the byte after a `\n`, to a `\n` or
        // the source's end, and never ends before it starts: in bounds, on char boundaries.
        unsafe { self.src.get_unchecked(range) }
    }

    #[inline]
    fn edited(&self, i: usize) -> Option<&str> {
        match self.lines[i].chars_flags & EDITED {
            0 => None,
            _ => self.edited.get(&i).map(String::as_str),
        }
    }

    /// The current text of line `i`, spans stripped.
    #[inline]
    pub fn text(&self, i: usize) -> &str {
        self.edited(i).unwrap_or_else(|| self.original(i))
    }

    #[inline]
    pub fn words(&self, i: usize) -> usize {
        match self.lines[i].words {
            SATURATED => self.large[&i].0,
            words => words as usize,
        }
    }

    /// Chars in the original line `i`.
    #[inline]
    fn chars(&self, i: usize) -> usize {
        match self.lines[i].chars_flags & CHARS {
            CHARS => self.large[&i].1,
            chars => chars as usize,
        }
    }

    fn set_words(&mut self, i: usize, words: usize) {
        if self.lines[i].words == SATURATED {
            self.large.get_mut(&i).expect("kept aside").0 = words;
        } else if words < SATURATED as usize {
            self.lines[i].words = words as u16;
        } else {
            unreachable!("stripping spans adds no word");
        }
    }

    /// The current text of line `i`, trimmed, and its length in chars: counted when the line
    /// was split, less the white space trimmed off.
    #[inline(always)]
    pub fn trimmed(&self, i: usize) -> (&str, usize) {
        let line = self.lines[i];
        let chars = line.chars_flags & CHARS;
        // Inline for what most lines are: unedited, of a count that fits, nothing to trim.
        if line.chars_flags & EDITED == 0 && chars != CHARS {
            let original = self.original(i);
            if has_nothing_to_trim(original) {
                return (original, chars as usize);
            }
        }
        self.trimmed_slowly(i)
    }

    /// [`Doc::trimmed`] of any line.
    #[inline(never)]
    fn trimmed_slowly(&self, i: usize) -> (&str, usize) {
        if let Some(edited) = self.edited(i) {
            let trimmed = edited.trim();
            (trimmed, trimmed.chars().count())
        } else {
            let original = self.original(i);
            if has_nothing_to_trim(original) {
                return (original, self.chars(i));
            }
            let start = original.trim_start();
            let lead = &original[..original.len() - start.len()];
            let trimmed = start.trim_end();
            let tail = &start[trimmed.len()..];
            (trimmed, self.chars(i) - lead.chars().count() - tail.chars().count())
        }
    }

    /// Chars in the current text of line `i`, trimmed.
    #[inline(always)]
    pub fn trimmed_chars(&self, i: usize) -> usize {
        self.trimmed(i).1
    }

    /// Whether [`Doc::trimmed_chars`] of line `i` is at most `limit`: most lines are within it
    /// untrimmed, or have nothing to trim, and are not trimmed to tell (the phrase index asks
    /// this of every line for every group of phrases).
    #[inline(always)]
    pub fn trimmed_chars_within(&self, i: usize, limit: usize) -> bool {
        let line = self.lines[i];
        let chars = line.chars_flags & CHARS;
        if line.chars_flags & EDITED == 0 && chars != CHARS {
            if chars as usize <= limit {
                return true;
            }
            if has_nothing_to_trim(self.original(i)) {
                return false;
            }
        }
        self.trimmed_slowly(i).1 <= limit
    }

    /// Words in the source, and in the lines still kept.
    pub fn word_counts(&self) -> (usize, usize) {
        let mut total = 0;
        let mut kept = 0;
        for (i, line) in self.lines.iter().enumerate() {
            // Most lines have their words in their 8 bytes; edited ones count them again.
            let (all, left) = if line.chars_flags & EDITED == 0 && line.words != SATURATED {
                (line.words as usize, line.words as usize)
            } else {
                self.word_counts_of(i)
            };
            total += all;
            kept += if line.chars_flags & REMOVED != 0 { 0 } else { left };
        }
        (total, kept)
    }

    /// Words in the original line `i` and in its current text.
    #[inline(never)]
    fn word_counts_of(&self, i: usize) -> (usize, usize) {
        match self.edited(i) {
            Some(edited) => (count_words(self.original(i)), count_words(edited)),
            None => (self.words(i), self.words(i)),
        }
    }

    #[inline]
    pub fn is_removed(&self, i: usize) -> bool {
        self.lines[i].chars_flags & REMOVED != 0
    }

    /// Whether line `i` had no word from the start (stripping spans removes a line it leaves
    /// with no word).
    #[inline]
    pub fn is_blank(&self, i: usize) -> bool {
        self.lines[i].chars_flags & BLANK != 0
    }

    /// Indices of the lines still present and not blank, in order: a snapshot, which stays as it
    /// was when lines are removed afterwards. Four bytes a line: a capture of short lines has
    /// one line for every two or three bytes. (A capture has fewer lines than 2^32: lines past
    /// them are not live.)
    pub fn live(&self) -> Rc<[u32]> {
        let mut cached = self.live.borrow_mut();
        let live = cached.get_or_insert_with(|| {
            // Counted first, then written into the one allocation of the snapshot.
            let count = self.live_lines().count();
            let mut live = Rc::<[u32]>::new_uninit_slice(count);
            let slots = Rc::get_mut(&mut live).expect("not shared yet");
            for (slot, line) in slots.iter_mut().zip(self.live_lines()) {
                slot.write(line);
            }
            // SAFETY: the iterator yields `count` lines, as it did when counted: every slot is
            // written.
            unsafe { live.assume_init() }
        });
        Rc::clone(live)
    }

    /// The first `count` lines of [`Doc::live`] (fewer when there are fewer), into `out`:
    /// rules held to the head need no more, and [`Doc::live`] is recomputed in full after
    /// every removal.
    pub fn first_live(&self, count: usize, out: &mut Vec<u32>) {
        out.clear();
        out.reserve(count.min(self.lines.len()));
        out.extend(self.live_lines().take(count));
    }

    /// The lines still present and not blank, in order.
    fn live_lines(&self) -> impl Iterator<Item = u32> + '_ {
        let lines = &self.lines[..self.lines.len().min(u32::MAX as usize)];
        (0..lines.len() as u32).filter(|&i| lines[i as usize].chars_flags & (BLANK | REMOVED) == 0)
    }

    /// The line that holds byte `offset` of the source.
    pub fn line_at(&self, offset: usize) -> usize {
        let line = if self.wraps.is_empty() {
            self.lines.partition_point(|l| (l.end as usize) < offset)
        } else {
            let (lines, n) = (&self.lines, self.lines.len());
            let mut low = 0;
            let mut high = n;
            while low < high {
                let mid = usize::midpoint(low, high);
                if self.end(mid) < offset {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            debug_assert!(low <= lines.len());
            low
        };
        line.min(self.lines.len().saturating_sub(1))
    }

    pub fn removals(&self) -> &[Removal] {
        &self.removals
    }

    /// How many lines and spans have been removed: it changes with every removal.
    pub fn changes(&self) -> usize {
        self.changes
    }

    /// The lines a removal took: those of its range that are not blank.
    pub fn lines_of<'d>(&'d self, removal: &'d Removal) -> impl Iterator<Item = usize> + 'd {
        (removal.line..removal.end).filter(move |&i| removal.span.is_some() || !self.is_blank(i))
    }

    /// Removes line `i` on behalf of `by`. A line already removed stays with its first remover.
    pub fn remove(&mut self, i: usize, by: By) {
        let line = self.lines[i];
        if line.chars_flags & (REMOVED | BLANK) != 0 {
            return;
        }
        self.lines[i].chars_flags |= REMOVED;
        *self.live.get_mut() = None;
        self.changes += 1;
        let chars = match line.chars_flags & (EDITED | CHARS) {
            chars if chars < CHARS => chars as usize,
            _ => self.removed_chars(i),
        };
        // The line extends the last removal when that removed whole lines for the same reason
        // and only blank lines lie between.
        if let Some(last) = self.removals.last() {
            if last.by == by && last.span.is_none() && last.end <= i && self.blank_between(last.end, i) {
                let last = self.removals.last_mut().expect("just seen");
                last.end = i + 1;
                last.chars += chars;
                return;
            }
        }
        self.removals.push(Removal { by, line: i, end: i + 1, span: None, chars });
    }

    /// The chars [`Doc::remove`] takes with line `i`, edited or of a count kept aside.
    #[inline(never)]
    fn removed_chars(&self, i: usize) -> usize {
        match self.edited(i) {
            Some(edited) => edited.chars().count(),
            None => self.chars(i),
        }
    }

    /// Whether every line in `from..to` is blank.
    #[inline(always)]
    fn blank_between(&self, from: usize, to: usize) -> bool {
        self.lines[from..to].iter().all(|line| line.chars_flags & BLANK != 0)
    }

    /// Strips the given spans (byte ranges of the original line, sorted, not overlapping) from
    /// line `i`. A line left with no word goes as a whole, charged to the first span's rule.
    pub fn strip(&mut self, i: usize, spans: &[(Range<usize>, usize)]) {
        if spans.is_empty() || self.is_removed(i) {
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
            self.changes += 1;
            self.removals.push(Removal { by: By::Rule(*rule), line: i, end: i + 1, span: Some(span.clone()), chars });
        }
        kept.push_str(&original[at..]);
        let kept = kept.trim_end().to_string();
        let words = count_words(&kept);
        self.set_words(i, words);
        self.lines[i].chars_flags |= EDITED;
        if words == 0 {
            *self.live.get_mut() = None;
            self.lines[i].chars_flags |= REMOVED;
            self.edited.insert(i, String::new());
        } else {
            self.edited.insert(i, kept);
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
        // Where the line being read starts: the end before it, kept as the lines are read, is
        // not read again from the table.
        let mut line_start = 0;
        // Only sources over 4 GiB have lines whose end needs more than their 8 bytes.
        let wrapped = !self.wraps.is_empty();
        for (i, &line) in self.lines.iter().enumerate() {
            let end = if wrapped { self.wrapped_end(i, line) } else { line.end as usize };
            let range = line_start..end;
            line_start = range.end + 1;
            if line.chars_flags & BLANK != 0 {
                blank_since = true;
                continue;
            }
            if line.chars_flags & REMOVED != 0 {
                removed_since = true;
                continue;
            }
            let start = match previous_end {
                None => range.start,
                Some(end) if removed_since => {
                    if let Some(from) = verbatim.take() {
                        out.push_str(&self.src[from..end]);
                    }
                    out.push_str(if blank_since { "\n\n" } else { "\n" });
                    range.start
                }
                // What lies between the two lines is copied as it is.
                Some(end) => verbatim.unwrap_or(end),
            };
            match self.edited(i) {
                None => verbatim = Some(start),
                Some(edited) => {
                    out.push_str(&self.src[start..range.start]);
                    out.push_str(edited);
                    verbatim = None;
                }
            }
            previous_end = Some(range.end);
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
    fn a_capture_of_more_lines_than_expected_grows_its_table_once_to_its_size() {
        for text in ["a\n".repeat(1000), "a\n".repeat(1000) + "b", "\n".repeat(700), "ab\n\ncd ".repeat(300)] {
            let doc = Doc::new(&text);
            let split: Vec<&str> = text.split('\n').collect();
            let lines = if text.ends_with('\n') { split.len() - 1 } else { split.len() };
            assert_eq!(doc.len(), lines, "{:?}", &text[..20]);
            assert!(doc.lines.capacity() <= lines + 1, "sized to the lines counted, not doubled");
            for (i, line) in split.iter().take(lines).enumerate() {
                assert_eq!(doc.original(i), *line);
                assert_eq!(doc.trimmed(i), (line.trim(), line.trim().chars().count()));
            }
        }
    }

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
        for i in 0..doc.len() {
            if doc.is_blank(i) || doc.is_removed(i) {
                blank_since |= doc.is_blank(i);
                removed_since |= doc.is_removed(i);
                continue;
            }
            let range = doc.range(i);
            if let Some(end) = previous_end {
                if removed_since {
                    out.push_str(if blank_since { "\n\n" } else { "\n" });
                } else {
                    out.push_str(&doc.src[end..range.start]);
                }
            }
            out.push_str(doc.text(i));
            (previous_end, removed_since, blank_since) = (Some(range.end), false, false);
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
            let doc = Doc::new(text);
            let lines = (0..doc.len()).filter(|&i| !doc.is_blank(i)).count();
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
