//! Finding the lines of a document where a `contains` phrase may occur, without reading most
//! of its bytes twice.
//!
//! Three things keep the search cheap:
//! - **Lines too long to match are not searched.** Phrase rules hold to short lines
//!   (`max_chars`), and prose lines are long. The searchers read only the runs of lines within
//!   the widest limit of their phrases, and a phrase found in a line past its own limit is
//!   dropped.
//! - **Each phrase is looked for by its rarest six bytes.** The SIMD searcher (Teddy) tests
//!   the first bytes of its patterns at every position; phrases that start like prose (`this
//!   site uses cookies`, `your email address…`) would stop it every few bytes. The window with
//!   the rarest letters (`cookie`) stops it less often, and windows that phrases share are
//!   searched once. (Four bytes let more phrases share a window but stopped the searcher more
//!   often, eight the other way round; six measured best.)
//! - **Short needles are searched apart** (`|`, `©`): with them, the searcher would test most
//!   positions for the long ones too. So a document is read by two searchers at most.
//!
//! What the search finds are candidates: a line and the phrases' owners (the caller's tags)
//! whose phrase may occur in it. The caller matches each in full.

use super::matcher::Phrases;
use crate::doc::Doc;
use memchr::memmem;
use std::ops::Range;

/// Bytes of the window a phrase is searched by.
const WINDOW: usize = 6;

/// How often a byte is seen in English text (per mille, roughly), for picking rare windows.
fn frequency(byte: u8) -> u32 {
    const LETTERS: [u32; 26] =
        [82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1];
    match byte {
        b' ' => 180,
        b'a'..=b'z' => LETTERS[(byte - b'a') as usize],
        b'A'..=b'Z' => LETTERS[(byte - b'A') as usize] / 10 + 1,
        b'0'..=b'9' => 5,
        b',' | b'.' => 10,
        b'\'' | b'"' | b'-' => 3,
        0x80.. => 2,
        _ => 1,
    }
}

/// The window of `phrase` with the rarest bytes: the whole phrase when it is short. A window
/// never splits a UTF-8 char, so that it stays valid text.
pub(super) fn rarest_window(phrase: &str) -> &str {
    if phrase.len() <= WINDOW {
        return phrase;
    }
    let bytes = phrase.as_bytes();
    (0..=bytes.len() - WINDOW)
        .filter(|&start| phrase.is_char_boundary(start) && phrase.is_char_boundary(start + WINDOW))
        .min_by_key(|&start| bytes[start..start + WINDOW].iter().map(|&b| frequency(b)).sum::<u32>())
        .map_or(phrase, |start| &phrase[start..start + WINDOW])
}

/// Needles searched for together, in the runs of lines of at most `max_chars` chars.
#[derive(Debug)]
struct Group {
    /// The widest limit of the group's phrases.
    max_chars: usize,
    /// Some needle holds an ASCII letter: the text is searched lowercased.
    fold: bool,
    searcher: Searcher,
    /// By needle: the tags of the phrases it stands for, each with its phrase's `max_chars`.
    tags: Vec<Vec<(usize, usize)>>,
}

#[derive(Debug)]
enum Searcher {
    One(memmem::Finder<'static>),
    Many(Phrases),
}

impl Searcher {
    /// Calls `found(start, needle)` at every place a needle starts, overlapping ones too.
    fn find_starts(&self, haystack: &[u8], mut found: impl FnMut(usize, usize)) {
        match self {
            // Occurrences of one needle that overlap lie in the same line.
            Searcher::One(finder) => finder.find_iter(haystack).for_each(|start| found(start, 0)),
            Searcher::Many(phrases) => phrases.find_every_start(haystack, &mut found),
        }
    }
}

/// The phrases of a classifier's phrase predicates: long needles and short ones.
#[derive(Debug)]
pub struct PhraseIndex {
    groups: Vec<Group>,
}

impl PhraseIndex {
    /// An index of `phrases`: each lowercased (ASCII), with the `max_chars` of its rule and the
    /// caller's tag for it. `None` when there is none, or a searcher cannot be built (every line
    /// is then a candidate, for every tag).
    pub fn new(phrases: impl IntoIterator<Item = (String, usize, usize)>) -> Option<Self> {
        // (window, max_chars, tag), long windows and short ones.
        let mut by_length: [Vec<(String, usize, usize)>; 2] = Default::default();
        for (phrase, max_chars, tag) in phrases {
            // A phrase that spans a line break never matches a line.
            if phrase.is_empty() || phrase.contains('\n') {
                continue;
            }
            let window = rarest_window(&phrase).to_string();
            let short = window.len() < WINDOW;
            by_length[usize::from(short)].push((window, max_chars, tag));
        }
        let groups = by_length
            .into_iter()
            .filter(|windows| !windows.is_empty())
            .map(|windows| {
                let needles = without_redundant(windows.iter().map(|(window, _, _)| window.clone()).collect());
                // Where a phrase's window occurs, so does every needle the window holds.
                let tags = needles
                    .iter()
                    .map(|needle| {
                        let mut tags: Vec<(usize, usize)> = windows
                            .iter()
                            .filter(|(window, _, _)| window.contains(needle.as_str()))
                            .map(|&(_, max_chars, tag)| (tag, max_chars))
                            .collect();
                        tags.sort_unstable();
                        tags.dedup();
                        tags
                    })
                    .collect();
                let max_chars = windows.iter().map(|&(_, max_chars, _)| max_chars).max().unwrap_or(0);
                let fold = needles.iter().any(|n| n.bytes().any(|b| b.is_ascii_alphabetic()));
                let searcher = match needles.as_slice() {
                    [one] => Searcher::One(memmem::Finder::new(one.as_bytes()).into_owned()),
                    many => Searcher::Many(Phrases::new(many, false).ok()?),
                };
                Some(Group { max_chars, fold, searcher, tags })
            })
            .collect::<Option<Vec<_>>>()?;
        (!groups.is_empty()).then_some(PhraseIndex { groups })
    }

    /// The live lines where a phrase may occur, each with the tag of that phrase: sorted,
    /// without repeats.
    pub fn candidates(&self, doc: &Doc, live: &[u32]) -> Vec<(usize, usize)> {
        let source = doc.source().as_bytes();
        let mut lines = Vec::new();
        // The groups that fold search a lowercased copy of the runs of the widest of them, made
        // once: the runs of a narrower limit lie within those. `runs` maps each run's start in
        // the source to its start in the copy.
        let mut folded = Vec::new();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        if let Some(widest) = self.groups.iter().filter(|g| g.fold).map(|g| g.max_chars).max() {
            // Room for it all, never zeroed: only the runs are written.
            folded.reserve(source.len());
            for_each_run(doc, live, widest, |span| {
                runs.push((span.start, folded.len()));
                folded.extend(source[span].iter().map(u8::to_ascii_lowercase));
            });
        }
        for group in &self.groups {
            for_each_run(doc, live, group.max_chars, |span| {
                let haystack = if group.fold {
                    let (source_start, copy_start) = runs[runs.partition_point(|&(s, _)| s <= span.start) - 1];
                    let start = copy_start + span.start - source_start;
                    &folded[start..start + span.len()]
                } else {
                    &source[span.clone()]
                };
                group.searcher.find_starts(haystack, |start, needle| {
                    let line = doc.line_at(span.start + start);
                    // Runs hold the blank and removed lines between live ones too.
                    if live.binary_search(&(line as u32)).is_err() {
                        return;
                    }
                    let chars = doc.trimmed_chars(line);
                    let fits = group.tags[needle].iter().filter(|&&(_, max_chars)| chars <= max_chars);
                    lines.extend(fits.map(|&(tag, _)| (line, tag)));
                });
            });
        }
        lines.sort_unstable();
        lines.dedup();
        lines
    }
}

/// Calls `f` with the byte span of each run of consecutive `live` lines of at most `limit`
/// chars, trimmed. A span holds the lines between two live ones too.
fn for_each_run(doc: &Doc, live: &[u32], limit: usize, mut f: impl FnMut(Range<usize>)) {
    let mut run: Option<Range<usize>> = None;
    for line in live.iter().map(|&l| l as usize) {
        if !doc.trimmed_chars_within(line, limit) {
            if let Some(span) = run.take() {
                f(span);
            }
            continue;
        }
        let range = doc.range(line);
        run = Some(run.map_or(range.clone(), |span| span.start..range.end));
    }
    if let Some(span) = run {
        f(span);
    }
}

/// The needles without duplicates, and without those that hold another: where the longer one
/// occurs, so does the shorter.
fn without_redundant(mut needles: Vec<String>) -> Vec<String> {
    needles.sort_by_key(std::string::String::len);
    needles.dedup();
    let mut kept: Vec<String> = Vec::new();
    for needle in needles {
        if !kept.iter().any(|k| needle.contains(k.as_str())) {
            kept.push(needle);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_searched_by_their_rarest_bytes() {
        assert_eq!(rarest_window("this site uses cookies"), "cookie");
        assert_eq!(rarest_window("(@"), "(@");
        assert_eq!(rarest_window("©"), "©");
        assert!(rarest_window("café crème").len() <= WINDOW + 1, "a window keeps whole chars");
        assert_eq!(b"AZaz@[\xc3".map(|b| b.to_ascii_lowercase()), *b"azaz@[\xc3", "the fold is ASCII only");
        assert_eq!(
            without_redundant(vec!["cookie".into(), "(c)".into(), "cookie".into(), "x(c)y".into()]),
            ["(c)", "cookie"]
        );
    }

    /// The candidate lines, with the phrases (by index in `phrases`) that may occur in each.
    fn tagged(phrases: &[(&str, usize)], text: &str) -> Vec<(usize, usize)> {
        let index = PhraseIndex::new(phrases.iter().enumerate().map(|(i, &(p, n))| (p.to_string(), n, i))).unwrap();
        let doc = Doc::new(text);
        index.candidates(&doc, &doc.live())
    }

    fn candidates(phrases: &[(&str, usize)], text: &str) -> Vec<usize> {
        let mut lines: Vec<usize> = tagged(phrases, text).into_iter().map(|(line, _)| line).collect();
        lines.dedup();
        lines
    }

    #[test]
    fn every_line_that_holds_a_phrase_within_its_limit_is_a_candidate() {
        let text = "We Use Cookies here.\nprose about nothing\n\n  (@handle) said\naccept cookies\n";
        let phrases = [("we use cookies", 40), ("accept cookies", 40), ("(@", 1000)];
        assert_eq!(candidates(&phrases, text), [0, 3, 4]);
    }

    #[test]
    fn lines_past_a_phrase_limit_are_not_searched() {
        let long = format!("we use cookies {}", "and more words ".repeat(10));
        let text = format!("{long}\nwe use cookies\n");
        assert_eq!(candidates(&[("we use cookies", 40)], &text), [1]);
        assert_eq!(candidates(&[("we use cookies", 400)], &text), [0, 1]);
    }

    #[test]
    fn each_candidate_names_the_phrases_that_may_occur_in_it() {
        // Line 0 holds the window of the first phrase only; "(@" and "@h" overlap in "(@h",
        // and the second is found too.
        let phrases = [("we use cookies", 40), ("accept cookies", 40), ("(@", 100), ("@h", 100), ("zzzzzz", 40)];
        let text = "We Use Cookies here.\n  (@handle) said\naccept cookies\n";
        assert_eq!(tagged(&phrases, text), [(0, 0), (1, 2), (1, 3), (2, 0), (2, 1)]);
    }
}
