//! `dechrome explain`: the capture line by line, each removal marked with the rule that made it.

use crate::doc::{Doc, Removal};
use crate::rules::RuleSet;

/// ANSI styles, or none when the output is not a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Renders every line of `doc`: `  ` kept, `- ` removed, `~ ` edited (removed spans in
/// `[-…-]`), each changed line followed by `  ◂ rule-id`.
pub fn render(doc: &Doc, rules: &RuleSet, style: Style) -> String {
    let mut out = Vec::new();
    write(doc, rules, style, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("lines of text, and text around them")
}

/// [`render`], written line by line to `out`: the rendering of a capture of many lines is
/// many times its size, and is never held whole.
pub fn write(doc: &Doc, rules: &RuleSet, style: Style, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let all = doc.removals();
    // The removals by their first line (in the order they were made, for each line), and those
    // whose lines reach the line being written, in the order they were made.
    let mut by_first_line: Vec<usize> = (0..all.len()).collect();
    by_first_line.sort_by_key(|&k| all[k].line);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut removals: Vec<&Removal> = Vec::new();
    let mut text = String::new();
    for i in 0..doc.len() {
        while let Some(&k) = by_first_line.get(next).filter(|&&k| all[k].line <= i) {
            active.push(k);
            next += 1;
        }
        active.retain(|&k| all[k].end > i);
        active.sort_unstable();
        removals.clear();
        removals.extend(active.iter().map(|&k| &all[k]).filter(|r| r.span.is_some() || !doc.is_blank(i)));
        text.clear();
        line(doc, rules, style, i, &removals, &mut text);
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Line `i` as [`render`] shows it, with the removals that took it or spans of it.
fn line(doc: &Doc, rules: &RuleSet, style: Style, i: usize, removals: &[&Removal], out: &mut String) {
    let original = doc.original(i);
    if removals.is_empty() {
        if doc.is_blank(i) {
            out.push('\n');
        } else {
            out.push_str("  ");
            out.push_str(original);
            out.push('\n');
        }
        return;
    }
    let mut ids: Vec<&str> = removals.iter().map(|r| rules.removal_id(r.by)).collect();
    ids.dedup();
    let tag = style.paint("2", &format!("  ◂ {}", ids.join(", ")));
    if doc.is_removed(i) && removals.iter().all(|r| r.span.is_none()) {
        out.push_str(&style.paint("31", &format!("- {original}")));
    } else {
        let mut spans: Vec<_> = removals.iter().filter_map(|r| r.span.clone()).collect();
        spans.sort_by_key(|s| s.start);
        let mut line = String::new();
        let mut at = 0;
        for span in spans {
            line.push_str(&original[at..span.start]);
            line.push_str(&style.paint("31", &format!("[-{}-]", &original[span.clone()])));
            at = span.end;
        }
        line.push_str(&original[at..]);
        let marker = if doc.is_removed(i) { "- " } else { "~ " };
        out.push_str(&style.paint("33", marker));
        out.push_str(&line);
    }
    out.push_str(&tag);
    out.push('\n');
}
