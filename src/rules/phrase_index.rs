//! Finding the lines of a document where a `contains` phrase may occur, without reading most
//! of its bytes twice.
//!
//! Two things keep the search cheap:
//! - **Lines too long to match are not searched.** Phrase rules hold to short lines
//!   (`max_chars`), and prose lines are long. Phrases are grouped by their rules' limits
//!   (rounded up to a power of two), and each group searches the runs of lines within its limit.
//! - **Each phrase is looked for by its rarest six bytes.** The SIMD searcher (Teddy) tests
//!   the first bytes of its patterns at every position; phrases that start like prose (`this
//!   site uses cookies`, `your email address…`) would stop it every few bytes. The window with
//!   the rarest letters (`cookie`) stops it less often, and windows that phrases share are
//!   searched once. (Four bytes let more phrases share a window but stopped the searcher more
//!   often, eight the other way round; six measured best.)
//! - **Short needles are searched apart** (`|`, `©`): with them, the searcher would test most
//!   positions for the long ones too.
//!
//! What the search finds are candidates: the caller matches each candidate line in full.

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

/// Needles searched for together, in the lines of at most `max_chars` chars.
#[derive(Debug)]
struct Group {
    max_chars: usize,
    /// Some needle holds an ASCII letter: the text is searched lowercased.
    fold: bool,
    searcher: Searcher,
}

#[derive(Debug)]
enum Searcher {
    One(memmem::Finder<'static>),
    Many(Phrases),
}

impl Searcher {
    fn find_starts(&self, haystack: &[u8], mut found: impl FnMut(usize)) {
        match self {
            Searcher::One(finder) => finder.find_iter(haystack).for_each(found),
            Searcher::Many(phrases) => phrases.find_starts(haystack, &mut found),
        }
    }
}

/// The phrases of a classifier's phrase predicates, by the limits of their rules.
#[derive(Debug)]
pub struct PhraseIndex {
    groups: Vec<Group>,
}

impl PhraseIndex {
    /// An index of `phrases`, each lowercased (ASCII) with the `max_chars` of its rule;
    /// `None` when there is none, or a searcher cannot be built (every line is then a
    /// candidate).
    pub fn new(phrases: impl IntoIterator<Item = (String, usize)>) -> Option<Self> {
        // Needles by the power of two at or above their rule's limit, and short ones apart:
        // they would make the SIMD searcher test most positions for the long ones.
        let mut by_limit: Vec<((usize, bool), Vec<String>)> = Vec::new();
        for (phrase, max_chars) in phrases {
            // A phrase that spans a line break never matches a line.
            if phrase.is_empty() || phrase.contains('\n') {
                continue;
            }
            let limit = max_chars.checked_next_power_of_two().unwrap_or(usize::MAX);
            let needle = rarest_window(&phrase).to_string();
            let limit = (limit, needle.len() < WINDOW);
            match by_limit.iter_mut().find(|(l, _)| *l == limit) {
                Some((_, needles)) => needles.push(needle),
                None => by_limit.push((limit, vec![needle])),
            }
        }
        if by_limit.is_empty() {
            return None;
        }
        let groups = by_limit
            .into_iter()
            .map(|((max_chars, _), needles)| {
                let needles = without_redundant(needles);
                let fold = needles.iter().any(|n| n.bytes().any(|b| b.is_ascii_alphabetic()));
                let searcher = match needles.as_slice() {
                    [one] => Searcher::One(memmem::Finder::new(one.as_bytes()).into_owned()),
                    many => Searcher::Many(Phrases::new(many, false).ok()?),
                };
                Some(Group { max_chars, fold, searcher })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(PhraseIndex { groups })
    }

    /// The lines (sorted, some perhaps not live) where a phrase may occur. `trimmed[i]` is the
    /// trimmed text of line `live[i]` and its length in chars.
    pub fn candidates(&self, doc: &Doc, live: &[usize], trimmed: &[(&str, usize)]) -> Vec<usize> {
        let source = doc.source().as_bytes();
        let mut lines = Vec::new();
        // The groups that fold search a lowercased copy of the text, made once, in the runs of
        // the widest of them: the runs of a narrower limit lie within those. (The rest of the
        // copy is never read.)
        let mut folded = Vec::new();
        if let Some(widest) = self.groups.iter().filter(|g| g.fold).map(|g| g.max_chars).max() {
            folded.resize(source.len(), 0);
            for_each_run(doc, live, trimmed, widest, |span| {
                for (to, from) in folded[span.clone()].iter_mut().zip(&source[span]) {
                    *to = from.to_ascii_lowercase();
                }
            });
        }
        for group in &self.groups {
            for_each_run(doc, live, trimmed, group.max_chars, |span| {
                let haystack = match group.fold {
                    true => &folded[span.clone()],
                    false => &source[span.clone()],
                };
                group.searcher.find_starts(haystack, |start| {
                    let line = doc.line_at(span.start + start);
                    if lines.last() != Some(&line) {
                        lines.push(line);
                    }
                });
            });
        }
        if self.groups.len() > 1 {
            lines.sort_unstable();
            lines.dedup();
        }
        lines
    }
}

/// Calls `f` with the byte span of each run of consecutive `live` lines of at most `limit`
/// chars (`trimmed[i]` for `live[i]`). A span holds the lines between two live ones too.
fn for_each_run(doc: &Doc, live: &[usize], trimmed: &[(&str, usize)], limit: usize, mut f: impl FnMut(Range<usize>)) {
    let mut run: Option<Range<usize>> = None;
    for (&line, &(_, n)) in live.iter().zip(trimmed) {
        if n > limit {
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
    needles.sort_by_key(|n| n.len());
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

    fn candidates(phrases: &[(&str, usize)], text: &str) -> Vec<usize> {
        let index = PhraseIndex::new(phrases.iter().map(|&(p, n)| (p.to_string(), n))).unwrap();
        let doc = Doc::new(text);
        let live = doc.live();
        let trimmed: Vec<(&str, usize)> = live.iter().map(|&l| doc.trimmed(l)).collect();
        index.candidates(&doc, &live, &trimmed)
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
}
