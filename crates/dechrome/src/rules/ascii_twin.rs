//! A pattern's twin for ASCII text: the same pattern with every class cut to its ASCII members.
//!
//! On text that is all ASCII, the twin finds what the pattern finds, with the same groups: a
//! way through the pattern that reads only ASCII chars is a way through the twin too, in the
//! same order of preference, and no other way can match such a text. But the twin's automaton
//! has none of the many UTF-8 states of Unicode classes (`\s`, `\p{L}`, `.`, `[^\d]`), and the
//! backtracker that finds a match's groups pays for each of those states at every line it
//! reads: a metadata rule's value costs several times less from the twin.

use regex_syntax::hir::{Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// The twin of `pattern` (parsed as rule regexes are, with `ignore_case`), written out as a
/// pattern; `None` when `pattern` does not parse, or when it is its own twin (no class of it
/// has a non-ASCII member), so that the same regex is not compiled twice.
pub fn ascii_twin(pattern: &str, ignore_case: bool) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().case_insensitive(ignore_case).build().parse(pattern).ok()?;
    let twin = ascii_only(&hir);
    (twin != hir).then(|| twin.to_string())
}

/// `hir` with each class cut to ASCII. A class left empty matches nothing, as it matched
/// nothing in ASCII text before. Literals stay: one with a non-ASCII char cannot match such a
/// text either way.
fn ascii_only(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(repetition) => {
            let mut repetition = repetition.clone();
            repetition.sub = Box::new(ascii_only(&repetition.sub));
            Hir::repetition(repetition)
        }
        HirKind::Capture(capture) => Hir::capture(Capture {
            index: capture.index,
            name: capture.name.clone(),
            sub: Box::new(ascii_only(&capture.sub)),
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(ascii_only).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.iter().map(ascii_only).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::matcher::build_regex;

    /// The same match and the same groups, from the pattern and from its twin; returns how many
    /// of `texts` matched.
    fn assert_twins(pattern: &str, ignore_case: bool, texts: impl IntoIterator<Item = String>) -> usize {
        let full = build_regex(pattern, ignore_case).unwrap();
        let twin = match ascii_twin(pattern, ignore_case) {
            Some(twin) => build_regex(&twin, false).unwrap(),
            None => full.clone(),
        };
        assert_eq!(full.captures_len(), twin.captures_len(), "{pattern}");
        let names = |re: &regex::Regex| re.capture_names().map(|n| n.map(str::to_string)).collect::<Vec<_>>();
        assert_eq!(names(&full), names(&twin), "{pattern}");
        let mut matched = 0;
        for text in texts {
            let spans = |re: &regex::Regex| {
                re.captures(&text).map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
            };
            assert_eq!(spans(&full), spans(&twin), "{pattern} on {text:?}");
            matched += spans(&full).is_some() as usize;
        }
        matched
    }

    /// ASCII lines made of the pieces that metadata lines are made of, in every order.
    fn ascii_lines(seed: u64, count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "By",
            "by",
            "BY",
            "Written by",
            "Posted on",
            "Published",
            "Updated",
            "date",
            ":",
            " ",
            "  ",
            "\t",
            ",",
            "|",
            "-",
            "'",
            ".",
            "&",
            "and",
            "Jane",
            "DOE",
            "van",
            "de",
            "O'Neil",
            "Smith-Jones",
            "J.",
            "Monday",
            "October",
            "2",
            "2023",
            "09",
            "12:30",
            "pm",
            "ET",
            "_",
            "x",
            "Q",
            "\n",
            "Staff Writer",
            "(",
            ")",
            "@",
        ];
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        // Half the lines start as a byline or a date line does, for the patterns to match some.
        const STARTS: &[&str] = &["", "By ", "Written by ", "Posted on: ", "BY "];
        (0..count)
            .map(|i| {
                let pieces = 1 + next() % 9;
                let start = if i % 2 == 0 { STARTS[next() % STARTS.len()] } else { "" };
                std::iter::once(start).chain((0..pieces).map(|_| PIECES[next() % PIECES.len()])).collect()
            })
            .collect()
    }

    #[test]
    fn on_ascii_text_a_pattern_and_its_twin_find_the_same_groups() {
        // The embedded metadata rules, and patterns whose classes hold non-ASCII members only
        // or mostly, whose literals are not ASCII, or that use Unicode word boundaries.
        let set = crate::rules::load_embedded().unwrap();
        let mut patterns: Vec<(String, bool)> = set
            .rules
            .iter()
            .filter(|rule| matches!(rule.kind, crate::rules::RuleKind::Meta { .. }))
            .flat_map(|rule| rule.kind.line_matchers().map(|(_, m)| m))
            .filter_map(|m| Some((m.pattern()?.to_string(), m.ignores_case())))
            .collect();
        assert!(patterns.len() >= 3, "{patterns:?}");
        for pattern in [
            r"^(?P<value>[’é]+|\w+)\s*$",
            r"(?P<value>\bby\b.+?)(?:—|–|$)",
            r"^(?:é|E)(?P<value>\p{Lu}\p{Ll}*)",
            r"(?s)^(?P<value>.{2,5})(?P<rest>.*)$",
            r"^(?P<value>[^\d\s]+)\s(\d+)?",
        ] {
            patterns.push((pattern.to_string(), false));
            patterns.push((pattern.to_string(), true));
        }
        for (pattern, ignore_case) in &patterns {
            let mut texts = ascii_lines(patterns.len() as u64 + pattern.len() as u64, 3_000);
            texts.extend(["", "By Jane Doe", "Posted on: October 2, 2023", "BY J. O'NEIL | Staff"].map(String::from));
            // Two-line bios, and a site's own author line.
            for name in ["Jane Doe", "Luca Smith-Jones", "Q O'Neil", "J. DOE"] {
                for role in ["writer", "senior editor", "reporter and host", "author"] {
                    texts.push(format!("{name}\n{name}, a {role} at the site"));
                    texts.push(format!("I'm {name}, the author behind {name} {role}"));
                }
            }
            texts.push("I'm TruthUSA, the author behind TruthUSA News Hub".to_string());
            let matched = assert_twins(pattern, *ignore_case, texts);
            assert!(matched > 0, "{pattern}: no text matches");
        }
    }

    #[test]
    fn a_pattern_with_only_ascii_classes_is_its_own_twin() {
        assert_eq!(ascii_twin(r"^I'm (?P<value>[A-Z][a-z]+) News\b", false), None);
        assert_eq!(ascii_twin(r"^By (?P<value>\w+)", false).map(|t| t.is_ascii()), Some(true));
        assert_eq!(ascii_twin(r"(unclosed", false), None);
    }

    #[test]
    fn a_twin_has_no_states_for_non_ascii_chars() {
        let twin = ascii_twin(r"^(?P<value>\p{L}+)[’\s]*$", true).unwrap();
        assert!(twin.is_ascii(), "{twin}");
        let states = |p: &str| regex_automata::nfa::thompson::NFA::new(p).unwrap().states().len();
        assert!(states(&twin) * 10 < states(r"^(?P<value>\p{L}+)[’\s]*$"), "{twin}");
    }
}
