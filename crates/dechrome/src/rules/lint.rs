//! Warnings about rule patterns that work but make every run slow or big. They never stop a
//! load: `dechrome rules check` and every command that loads the rules print them, one line
//! each, and the library hands them out as data ([`super::RuleSet::warnings`]).

use super::Scope;
use std::fmt;

/// Compiled size (of the pattern's automaton, forward or reverse) past which a pattern is
/// reported. The embedded patterns stay under half of it; `\w{50}` passes it.
pub const LARGE_PATTERN_BYTES: usize = 1 << 20;

/// A costly pattern, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleWarning {
    /// Display name of the rule file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is costly, and how to fix it.
    pub message: String,
}

impl fmt::Display for RuleWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

/// Whether a rule of this kind and scope runs its patterns on every line of every capture it
/// applies to. A `strip` pattern is searched through the whole text whatever its scope; the
/// kinds that match lines look at a few lines only when held to the `head` or `tail` (see
/// `Classifier::build` and the engine), else at every line.
pub fn runs_on_every_line(kind: &str, scope: &Scope) -> bool {
    match kind {
        "strip" => true,
        "drop" | "cut-tail" | "cut-head" | "drop-block" | "meta" => scope.head.is_none() && scope.tail.is_none(),
        _ => false,
    }
}

/// Whether `pattern` uses a Unicode word boundary (`\b`, `\B` and their kin, without `(?-u)`),
/// which the regex crates' fast engines cannot follow past a non-ASCII byte.
pub fn has_unicode_word_boundary(pattern: &str) -> bool {
    // Most patterns have none: they are not parsed.
    (pattern.contains("\\b") || pattern.contains("\\B"))
        && regex_syntax::Parser::new()
            .parse(pattern)
            .is_ok_and(|hir| hir.properties().look_set().contains_word_unicode())
}

/// What to say about a Unicode word boundary in a pattern of rule `id` of kind `kind`.
pub fn unicode_word_boundary_message(id: &str, kind: &str) -> String {
    let held = if kind == "strip" { "" } else { ", or hold the rule to a `head` or `tail`" };
    format!(
        "rule `{id}`: slow pattern: `\\b` is a Unicode word boundary, and a `{kind}` pattern is searched in every line \
         of every capture; the fast regex engine gives up at the first non-ASCII byte and a slower one reads on (a run \
         can take several times as long). Write `(?-u:\\b)`, the ASCII word boundary (it differs only next to non-ASCII \
         letters){held}"
    )
}

/// What to say about a pattern whose compiled size passes [`LARGE_PATTERN_BYTES`].
pub fn large_pattern_message() -> String {
    format!(
        "large pattern: it compiles to more than {} KiB, which every run holds in memory and every search walks; it \
         usually comes from a Unicode class (`\\w`, `\\p{{L}}`, `.`) repeated many times (`{{50}}`, `{{1,200}}`). Use \
         ASCII classes (`[A-Za-z0-9_]`, `(?-u:\\w)`) or fewer repetitions",
        LARGE_PATTERN_BYTES >> 10
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_word_boundaries_are_told_from_ascii_ones() {
        assert!(has_unicode_word_boundary(r"\bsponsored\b"));
        assert!(has_unicode_word_boundary(r"(?i)\Bx"));
        assert!(!has_unicode_word_boundary(r"(?-u:\b)sponsored(?-u:\b)"));
        assert!(!has_unicode_word_boundary(r"^menu$"));
        assert!(!has_unicode_word_boundary(r"(unclosed\b"), "a pattern that does not parse is left to its error");
    }

    #[test]
    fn only_rules_that_see_every_line_are_hot() {
        let everywhere = Scope::default();
        let head = Scope { head: Some(5), ..Scope::default() };
        assert!(runs_on_every_line("strip", &everywhere) && runs_on_every_line("strip", &head));
        assert!(runs_on_every_line("drop", &everywhere) && !runs_on_every_line("drop", &head));
        assert!(!runs_on_every_line("meta", &Scope { tail: Some(3), ..Scope::default() }));
        assert!(!runs_on_every_line("html-meta", &everywhere));
    }
}
