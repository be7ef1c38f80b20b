//! Generic chrome detection, for the parts of a capture that no rule knows.
//!
//! It runs after the rules (and the chrome learned from a site's pages), on the lines they left,
//! and each removal names its signal:
//! - `heuristic.counter`: a line that only counts something ("3 comments", "12K shares");
//! - `heuristic.url-line`: a bare URL, what is left of a link or an embed;
//! - `heuristic.short-line-run`: five or more short lines in a row (1 to 4 words, no sentence
//!   end) are a menu, a tag list or a link list;
//! - `heuristic.outside-main-text`: lines before or after the main text. Each line scores its
//!   words when it reads as prose (10+ words that end a sentence, or that are dense in the
//!   language's function words), nothing when it is a short sentence (5+ words), and loses a
//!   little otherwise; the main text is the run of lines with the best total (the maximum
//!   subarray, as in Finn et al.'s Body Text Extraction), widened over neutral lines at its
//!   edges. Headers, menus, related links and footers fall outside it.
//! - `heuristic.comment-thread`: below the main text's first prose line, a comment thread, to
//!   the end: from a heading that counts comments ("12 Comments", "3 Responses to …"), or from
//!   the first of two or more bylines (short lines with a date and a time of day, or "Jo says:") when lines
//!   near it speak of comments ("Reply", "Jo says:", "Leave a comment").

pub mod lang;
mod signals;

use crate::doc::{By, Doc};
pub use lang::Stopwords;

/// What the heuristics found besides the lines they removed.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// The capture's language (ISO 639-1), when its function words say so clearly.
    pub language: Option<&'static str>,
}

/// The heuristics' view of one document: its language and each line's prose score, taken
/// once, since line texts no longer change once rules have stripped their spans.
#[derive(Debug)]
pub struct Heuristics {
    stopwords: Option<Stopwords>,
    /// Each line's kind of score (a byte a line, not the score: a capture of many short lines
    /// could not afford 8).
    scores: Vec<signals::Score>,
    /// Counter and bare-URL lines, with their signal.
    residue: Vec<(usize, &'static str)>,
    /// Lines that head a comment section ("12 Comments").
    thread_headings: Vec<usize>,
}

impl Heuristics {
    pub fn new(doc: &Doc) -> Self {
        let live = doc.live();
        let stopwords = lang::detect(live.iter().map(|&l| doc.text(l as usize)).filter(|t| t.len() > 80).take(12));
        // Lines gone already never come back: only the live ones need a score.
        let mut scores = vec![signals::Score::Neutral; doc.len()];
        for line in live.iter().map(|&l| l as usize) {
            scores[line] = signals::line_score(doc, line, stopwords);
        }
        let residue = signals::residue(doc, &live);
        let thread_headings = signals::thread_headings(doc, &live);
        Heuristics { stopwords, scores, residue, thread_headings }
    }

    /// Removes the lines the signals mark as chrome. Run it until nothing more goes (the rule
    /// engine does, between its passes): cleaning what that left removes nothing more.
    pub fn apply(&self, doc: &mut Doc) {
        for &(line, signal) in &self.residue {
            doc.remove(line, By::Heuristic(signal));
        }
        signals::drop_short_runs(doc);
        signals::keep_main_text(doc, &self.scores);
        signals::drop_comment_thread(doc, &self.thread_headings);
    }

    pub fn findings(&self) -> Findings {
        Findings { language: self.stopwords.map(lang::Stopwords::code) }
    }
}

/// Removes lines on behalf of a signal.
fn remove(doc: &mut Doc, lines: impl IntoIterator<Item = usize>, id: &'static str) {
    for line in lines {
        doc.remove(line, By::Heuristic(id));
    }
}
