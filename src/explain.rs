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
    let mut by_line: Vec<Vec<&Removal>> = vec![Vec::new(); doc.len()];
    for removal in doc.removals() {
        by_line[removal.line].push(removal);
    }
    let mut out = String::new();
    for (i, removals) in by_line.iter().enumerate() {
        let original = doc.original(i);
        if removals.is_empty() {
            if doc.is_blank(i) {
                out.push('\n');
            } else {
                out.push_str("  ");
                out.push_str(original);
                out.push('\n');
            }
            continue;
        }
        let mut ids: Vec<&str> = removals.iter().map(|r| r.by.id(rules)).collect();
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
    out
}
