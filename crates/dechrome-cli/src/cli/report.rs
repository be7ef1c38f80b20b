//! What the CLI prints about a run: problems as they happen, a summary at the end, and
//! fatal errors with their exit code.

use super::exit;
use dechrome::rules::RuleSet;
use dechrome::run::{Problem, Summary};
use dechrome::Error;
use std::cmp::Ordering;
use std::collections::HashMap;

pub fn fatal(error: &Error) -> i32 {
    if let Error::Io { source, .. } = error {
        if source.kind() == std::io::ErrorKind::BrokenPipe {
            return exit::OK;
        }
    }
    eprintln!("dechrome: error: {error}");
    match error {
        Error::Rule(_) => exit::RULES,
        Error::Io { .. } => exit::IO,
        Error::Capture(_) => exit::SOME_FAILED,
        _ => exit::USAGE,
    }
}

/// The loaded rules' warnings about costly patterns, one line each on stderr: they do not stop
/// anything.
pub fn rule_warnings(set: &RuleSet) {
    for warning in set.warnings() {
        eprintln!("dechrome: warning: {warning}");
    }
}

pub fn problem_line(problem: &Problem) -> String {
    let what = if problem.skipped { "skipped" } else { "failed" };
    format!("dechrome: {what} {}: {}", problem.source, problem.reason)
}

/// Skipped files listed by name per reason: a folder of ten thousand images says so in a few
/// lines, and the summary counts the rest.
pub const SKIPPED_LISTED_PER_REASON: usize = 3;

/// The lines for skipped files: the first few of each reason, then one saying that the rest
/// are only counted.
#[derive(Default)]
pub struct SkippedLines {
    seen: HashMap<String, usize>,
}

impl SkippedLines {
    /// The line to print for this skipped file, if any.
    pub fn line(&mut self, problem: &Problem) -> Option<String> {
        let seen = self.seen.entry(problem.reason.clone()).or_default();
        *seen += 1;
        match (*seen).cmp(&(SKIPPED_LISTED_PER_REASON + 1)) {
            Ordering::Less => Some(problem_line(problem)),
            Ordering::Equal => Some(format!("dechrome: more skipped ({}): counted in the summary", problem.reason)),
            Ordering::Greater => None,
        }
    }
}

/// `skipped 12: 9 image (by extension), 3 hidden file`: most first, then by name.
fn skipped_line(summary: &Summary) -> String {
    let mut reasons: Vec<(&String, &usize)> = summary.skipped_by_reason.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = reasons.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
    format!("dechrome: skipped {}: {}", summary.skipped, list.join(", "))
}

pub fn summary_lines(summary: &Summary, seconds: f64, dry_run: bool) -> Vec<String> {
    let removed = summary.words_in.saturating_sub(summary.words_out);
    let share = if summary.words_in > 0 { 100.0 * removed as f64 / summary.words_in as f64 } else { 0.0 };
    let mb = |b: u64| b as f64 / 1e6;
    let mut lines = vec![format!(
        "dechrome: {} files, {} captures: {} cleaned, {}{} skipped, {} failed{} in {:.2} s",
        summary.files,
        summary.captures,
        summary.cleaned,
        if summary.resumed > 0 {
            format!("{} kept from an earlier run (--resume), ", summary.resumed)
        } else {
            String::new()
        },
        summary.skipped,
        summary.failed,
        if dry_run { " (dry run: nothing written)" } else { "" },
        seconds
    )];
    if summary.skipped > 0 {
        lines.push(skipped_line(summary));
    }
    lines.push(format!(
        "dechrome: {:.2} MB in, {:.2} MB out ({:.1} MB/s); {} of {} words removed ({share:.1}%)",
        mb(summary.bytes_in),
        mb(summary.bytes_out),
        mb(summary.bytes_in) / seconds.max(1e-9),
        removed,
        summary.words_in
    ));
    if summary.warned > 0 {
        let more = if summary.warned > summary.warned_sources.len() { ", …" } else { "" };
        lines.push(format!(
            "dechrome: {} captures flagged as over-stripped ({}{more}); their metadata says why",
            summary.warned,
            summary.warned_sources.join(", ")
        ));
    }
    let top = summary.top_rules(5);
    if !top.is_empty() {
        let list: Vec<String> = top.iter().map(|(id, n)| format!("{id} ×{n}")).collect();
        lines.push(format!("dechrome: most removed by: {}", list.join(", ")));
    }
    lines
}
