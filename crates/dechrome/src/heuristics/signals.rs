//! The signals, each a pass over the lines still present.

use super::{remove, Stopwords};
use crate::doc::Doc;
use regex::Regex;
use std::sync::LazyLock;

static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*\d[\d.,]*\s?[km]?\s+(?:comments?|shares?|views?|likes?|reads?|replies|responses|reactions|retweets|followers|subscribers)\W*$",
    )
    .expect("a valid pattern")
});

static URL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\W*(?:https?://|www\.)\S+\W*$").expect("a valid pattern"));

/// The lines among `live` that are only a counter or a bare URL, with the signal for each.
/// A line's text does not change, so this is found once.
pub fn residue(doc: &Doc, live: &[u32]) -> Vec<(usize, &'static str)> {
    let signal = |line: usize| {
        let text = doc.text(line).trim();
        if text.len() > 200 {
            None
        } else if COUNTER.is_match(text) {
            Some("heuristic.counter")
        } else if URL_LINE.is_match(text) {
            Some("heuristic.url-line")
        } else {
            None
        }
    };
    live.iter().map(|&line| line as usize).filter_map(|line| Some((line, signal(line)?))).collect()
}

/// Lines in a row that make a run worth removing.
const SHORT_RUN: usize = 5;
/// A short line has at most this many words.
const SHORT_WORDS: usize = 4;

/// Whether a line ends like a sentence (or a clause): `.`, `!`, `?`, `…`, `:`, `;`, then
/// closing quotes or brackets.
fn ends_sentence(text: &str) -> bool {
    let body = text.trim_end().trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
    body.ends_with(['.', '!', '?', '…', ':', ';'])
}

fn is_short(doc: &Doc, line: usize) -> bool {
    (1..=SHORT_WORDS).contains(&doc.words(line)) && !ends_sentence(doc.text(line))
}

pub fn drop_short_runs(doc: &mut Doc) {
    // A snapshot: removing lines changes neither it nor which lines are short.
    let live = doc.live();
    let mut start = 0;
    while start < live.len() {
        let run = live[start..].iter().take_while(|&&l| is_short(doc, l as usize)).count();
        if run >= SHORT_RUN {
            remove(doc, live[start..start + run].iter().map(|&l| l as usize), "heuristic.short-line-run");
        }
        start += run.max(1);
    }
}

/// A comment byline ("Jo Smith October 22, 2012 at 1:57 pm", "Posted by: Jo | 3/20/2007 11:21 PM")
/// holds a date and a time of day…
static BYLINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,? \d{2,4})\b",
    )
    .expect("a valid pattern")
});
static BYLINE_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b\d{1,2}:\d{2}(?:[ap]\.?m\b|\b)").expect("a valid pattern"));
/// …but no count of comments: "Posted by Jo on May 3, 2005 10:25 AM | 4 comments" is the
/// footer of a post on a blog's front page, which links to its comments.
static COMMENT_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)comments?\s*[:(]?\s*\d|\d+\s*comments?").expect("a valid pattern"));
/// A comment byline may name its writer alone: "Jo Smith says:", "Jo said...".
static BYLINE_SAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^.{1,60}\b(?:says|said|wrote|writes)\s*(?::|\.\.\.|…)$").expect("a valid pattern")
});
/// A byline that names its writer alone has at most this many words.
const SAYS_WORDS: usize = 8;
/// What a comment section says of itself, near its first byline: "12 Comments", "Reply",
/// "Jo says:", "Permalink", "Trackbacks".
static COMMENT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)comment|\brepl(?:y|ies)\b|\brespons|trackback|discuss|thoughts on|(?:said|says|wrote)\s*:?$|feedback|permalink")
        .expect("a valid pattern")
});

/// A byline has at most this many words.
const BYLINE_WORDS: usize = 14;
/// A comment section has at least this many bylines after the article's first prose line.
const THREAD_BYLINES: usize = 2;
/// How many lines either side of the first byline may name the section.
const THREAD_NAMED_WITHIN: usize = 3;
/// A thread follows at least this many words of prose.
const THREAD_PROSE_ABOVE: usize = 50;
/// A line that names the section is short: a heading, a link, a byline.
const THREAD_NAME_WORDS: usize = 15;

fn is_comment_byline(doc: &Doc, line: usize) -> bool {
    let text = doc.text(line).trim();
    let words = doc.words(line);
    let dated = (1..=BYLINE_WORDS).contains(&words)
        && !ends_sentence(text)
        && BYLINE_TIME.is_match(text)
        && BYLINE_DATE.is_match(text)
        && !COMMENT_COUNT.is_match(text);
    dated || (words <= SAYS_WORDS && BYLINE_SAYS.is_match(text))
}

/// A comment section's heading counts its comments: "12 Comments", "3 Responses to “Title”",
/// "5 comments so far", "2 Comments Leave a comment".
static THREAD_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:\d+|no|one)\s+(?:comments?|responses?|replies|thoughts)(?:\s+(?:to|on)\s+.{1,100}|\s+so far|\s+(?:leave|add|post) a (?:comment|reply))?\W*$",
    )
    .expect("a valid pattern")
});

/// The lines among `live` that head a comment section. Found once, before the counter signal
/// removes the plain ones ("12 Comments"): where they stood still says where a thread starts.
pub fn thread_headings(doc: &Doc, live: &[u32]) -> Vec<usize> {
    live.iter()
        .map(|&l| l as usize)
        .filter(|&l| doc.text(l).len() <= 200 && THREAD_HEADING.is_match(doc.text(l).trim()))
        .collect()
}

/// Removes a comment thread below the article, from its start to the end. It starts at a
/// heading that counts comments (`headings`, line numbers) or at the first of its bylines:
/// dated and timed lines, two or more, the first near lines that speak of comments. Forum
/// threads and blog front pages have dated bylines too, but no such words. Either comes after
/// the article's first prose line.
pub fn drop_comment_thread(doc: &mut Doc, headings: &[usize]) {
    let live = doc.live();
    let Some(first_prose) = live.iter().position(|&l| is_prose(doc, l as usize)) else { return };
    let after = live[first_prose] as usize;
    let heading = headings.iter().copied().find(|&h| h > after);
    let byline = first_byline_of_thread(doc, &live, first_prose).map(|i| live[i] as usize);
    let Some(start) = heading.into_iter().chain(byline).min() else { return };
    // A dek, one sentence above the byline and the article, is not the article.
    let prose_above: usize = live
        .iter()
        .map(|&l| l as usize)
        .take_while(|&l| l < start)
        .filter(|&l| is_prose(doc, l))
        .map(|l| doc.words(l))
        .sum();
    if prose_above < THREAD_PROSE_ABOVE {
        return;
    }
    let thread = live.iter().map(|&l| l as usize).filter(|&l| l >= start);
    remove(doc, thread.collect::<Vec<_>>(), "heuristic.comment-thread");
}

/// The position in `live` of the first byline of a comment thread after `first_prose`, if the
/// lines there make one.
fn first_byline_of_thread(doc: &Doc, live: &[u32], first_prose: usize) -> Option<usize> {
    let mut bylines = (first_prose + 1..live.len()).filter(|&i| is_comment_byline(doc, live[i] as usize));
    let start = bylines.next()?;
    // The other bylines a thread needs: the search stops at the last of them.
    bylines.nth(THREAD_BYLINES - 2)?;
    let around = start.saturating_sub(THREAD_NAMED_WITHIN).max(first_prose + 1)
        ..(start + THREAD_NAMED_WITHIN + 1).min(live.len());
    let named = live[around].iter().any(|&l| {
        let line = l as usize;
        doc.words(line) <= THREAD_NAME_WORDS && COMMENT_WORDS.is_match(doc.text(line).trim())
    });
    named.then_some(start)
}

/// A line of prose: long enough, and it ends a sentence.
fn is_prose(doc: &Doc, line: usize) -> bool {
    doc.words(line) >= PROSE_WORDS && ends_sentence(doc.text(line))
}

/// A prose line has at least this many words.
const PROSE_WORDS: usize = 10;
/// Function words a prose line that does not end a sentence needs.
const PROSE_STOPWORDS: f64 = 0.3;
/// A sentence this long, too short to count as prose, is neutral: a short paragraph.
const SENTENCE_WORDS: usize = 5;
/// What a line that is neither costs, times the square root of its words.
const CHROME_COST: f64 = 4.0;

/// What a line adds to the main text it stands in: its words if it is prose, nothing if it is
/// neutral, a cost if it is neither. Kept as the kind; [`Score::value`] gives the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    Prose,
    Neutral,
    Chrome,
}

impl Score {
    /// The score of a line of `words` words (which stripping spans no longer changes).
    #[inline(always)]
    pub fn value(self, words: usize) -> f64 {
        match self {
            Score::Prose => words as f64,
            Score::Neutral => 0.0,
            Score::Chrome => -CHROME_COST * (words as f64).sqrt(),
        }
    }
}

/// The kind of score of a line: see [`Score`].
pub fn line_score(doc: &Doc, line: usize, stopwords: Option<Stopwords>) -> Score {
    let words = doc.words(line);
    if words == 0 {
        return Score::Neutral;
    }
    let text = doc.text(line);
    let prose =
        words >= PROSE_WORDS && (ends_sentence(text) || stopwords.is_some_and(|s| s.density(text) >= PROSE_STOPWORDS));
    if prose {
        Score::Prose
    } else if words >= SENTENCE_WORDS && ends_sentence(text) {
        Score::Neutral
    } else {
        Score::Chrome
    }
}

/// Headline words: a title is a few words, not a sentence, and starts like a name.
const HEADLINE_WORDS: std::ops::RangeInclusive<usize> = 3..=25;

fn looks_like_headline(doc: &Doc, line: usize) -> bool {
    let text = doc.text(line).trim();
    let starts_like_a_name =
        text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“‘'«".contains(c));
    HEADLINE_WORDS.contains(&doc.words(line)) && !ends_sentence(text) && starts_like_a_name
}

/// Removes what stands outside the best-scoring run of lines; `scores` has one per line.
pub fn keep_main_text(doc: &mut Doc, scores: &[Score]) {
    // A snapshot: removing lines does not change it.
    let live = doc.live();
    let score = |position: usize| score_at(doc, scores, live[position] as usize);
    let Some(mut main) = best_run(live.iter().map(|&line| score_at(doc, scores, line as usize))) else { return };
    // Neutral lines at its edges (a closing short paragraph) belong to the main text.
    while main.end < live.len() && score(main.end) >= 0.0 {
        main.end += 1;
    }
    while main.start > 0 && score(main.start - 1) >= 0.0 {
        main.start -= 1;
    }
    // A headline right above the main text is its title.
    if main.start > 0 && looks_like_headline(doc, live[main.start - 1] as usize) {
        main.start -= 1;
    }
    let outside = live[..main.start].iter().chain(&live[main.end..]).map(|&l| l as usize);
    remove(doc, outside, "heuristic.outside-main-text");
}

/// The score of `line`: figured from its kind for every line at every pass, so inlined.
#[inline(always)]
fn score_at(doc: &Doc, scores: &[Score], line: usize) -> f64 {
    scores[line].value(doc.words(line))
}

/// The run of consecutive scores with the highest positive sum (Kadane), or `None` when no
/// score is positive. Ties go to the earliest, shortest run.
fn best_run(scores: impl IntoIterator<Item = f64>) -> Option<std::ops::Range<usize>> {
    let mut best: Option<(f64, std::ops::Range<usize>)> = None;
    let mut sum = 0.0;
    let mut start = 0;
    for (i, score) in scores.into_iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += score;
        if sum > 0.0 && best.as_ref().is_none_or(|(b, _)| sum > *b) {
            best = Some((sum, start..i + 1));
        }
    }
    best.map(|(_, run)| run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_run_is_the_maximum_subarray() {
        assert_eq!(best_run([-1.0, 5.0, -2.0, 4.0, -9.0, 3.0]), Some(1..4));
        assert_eq!(best_run([-1.0, -2.0]), None);
        assert_eq!(best_run([]), None);
        assert_eq!(best_run([2.0, -5.0, 2.0]), Some(0..1));
    }

    #[test]
    fn sentence_ends_allow_closing_quotes() {
        assert!(ends_sentence("He said: “It is done.”"));
        assert!(ends_sentence("Why? "));
        assert!(!ends_sentence("Most Popular"));
        assert!(!ends_sentence("Read more »"));
    }
}
