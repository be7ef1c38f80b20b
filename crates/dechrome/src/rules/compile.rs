//! Turning a parsed `[[rule]]` into a [`Rule`], checking every field against its kind.

use super::lint::{self, RuleWarning};
use super::matcher::{build_regex, build_regex_within, LazyRegex, Phrases};
use super::spec::RuleSpec;
use super::{BlockEnd, Field, LineMatcher, Rule, RuleKind, Scope};
use crate::dates::DateOrder;
use crate::error::{LineStarts, RuleError};
use regex::Regex;
use std::cell::RefCell;
use std::ops::Range;
use toml::Spanned;

/// Where errors point: the file's display name and its text.
pub(super) struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// Compile patterns as the file loads (a user's file), or when first used (an embedded
    /// file, which the test suite compiles in full).
    pub eager: bool,
    lines: LineStarts,
    /// What [`lint`] found in the file so far.
    warnings: RefCell<Vec<RuleWarning>>,
}

impl<'a> Source<'a> {
    pub fn new(name: &'a str, text: &'a str, eager: bool) -> Self {
        Source { name, text, eager, lines: LineStarts::new(text), warnings: RefCell::default() }
    }

    pub fn warn(&self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = self.position(span.start);
        self.warnings.borrow_mut().push(RuleWarning {
            file: self.name.to_string(),
            line,
            column,
            message: message.into(),
        });
    }

    /// The warnings about the file, in the order they were found.
    pub fn into_warnings(self) -> Vec<RuleWarning> {
        self.warnings.into_inner()
    }

    /// 1-based line and column of byte `offset` of the file.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.line_column(self.text, offset)
    }

    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> RuleError {
        let (line, column) = self.position(span.start);
        RuleError { file: self.name.to_string(), line, column, message: message.into() }
    }

    /// The compiled pattern; a pattern that compiles to more than [`lint::LARGE_PATTERN_BYTES`]
    /// gets a warning.
    pub fn regex(&self, pattern: &Spanned<String>, ignore_case: bool) -> Result<Regex, RuleError> {
        // Within the warning's limit first: most patterns are far below it, and compile once.
        match build_regex_within(pattern.get_ref(), ignore_case, lint::LARGE_PATTERN_BYTES) {
            Err(regex::Error::CompiledTooBig(_)) => {}
            built => return built.map_err(|e| self.regex_error(pattern, &e)),
        }
        let regex = build_regex(pattern.get_ref(), ignore_case).map_err(|e| self.regex_error(pattern, &e))?;
        self.warn(pattern.span(), lint::large_pattern_message());
        Ok(regex)
    }

    fn regex_error(&self, pattern: &Spanned<String>, error: &regex::Error) -> RuleError {
        self.error(pattern.span(), format!("invalid regex: {}", regex_error_summary(error)))
    }

    /// The regex of a line matcher or a fingerprint, compiled when first used. A user's file
    /// is checked now: the pattern must compile and, when `refuse_empty` names its rule, must
    /// not match the empty string. The regex compiled for the check is dropped: most line
    /// patterns only ever run inside the classifier's sets, and holding each one's automata
    /// took a file of 10k rules from 50 MB to 1.3 GB. The few the engine runs itself compile
    /// again when first used.
    pub(super) fn lazy_regex(
        &self,
        pattern: &Spanned<String>,
        ignore_case: bool,
        refuse_empty: Option<&str>,
    ) -> Result<LazyRegex, RuleError> {
        if self.eager {
            let regex = self.regex(pattern, ignore_case)?;
            if let Some(id) = refuse_empty.filter(|_| regex.is_match("")) {
                return Err(self.error(pattern.span(), format!("rule `{id}`: pattern matches the empty string")));
            }
        }
        Ok(LazyRegex::later(pattern.get_ref(), ignore_case))
    }
}

/// The regex crate's errors span several lines (pattern, caret, message); keep the message.
fn regex_error_summary(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .map_or_else(|| text.replace('\n', " "), str::to_string)
}

const KINDS: &str = "drop, strip, cut-tail, cut-head, drop-block, meta, html-remove, html-content, html-meta";

pub(super) fn compile_rule(spec: RuleSpec, src: &Source, file: usize) -> Result<Rule, RuleError> {
    let id = spec.id.get_ref().trim().to_string();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        return Err(src.error(spec.id.span(), "rule id must be non-empty ASCII letters, digits, '-', '_' or '.'"));
    }
    if spec.why.get_ref().trim().is_empty() {
        return Err(src.error(spec.why.span(), format!("rule `{id}`: `why` must say why the rule exists")));
    }
    let kind_name = spec.kind.get_ref().as_str();
    let allowed: &[&str] = match kind_name {
        "drop" => &["pattern", "lines", "contains", "ignore_case", "window", "head", "tail", "max_chars"],
        "strip" => &["pattern", "ignore_case", "head", "tail", "max_chars"],
        "cut-tail" => {
            &["pattern", "lines", "contains", "ignore_case", "head", "tail", "max_chars", "not_before", "keep_marker"]
        }
        "cut-head" => {
            &["pattern", "lines", "contains", "ignore_case", "head", "tail", "max_chars", "not_after", "keep_marker"]
        }
        "drop-block" => &["start", "end", "count", "max_lines", "ignore_case", "head", "tail", "max_chars"],
        "meta" => {
            &["field", "pattern", "lines", "ignore_case", "window", "head", "tail", "max_chars", "remove", "date_order"]
        }
        "html-remove" | "html-content" => &["selector"],
        "html-meta" => &["field", "selector", "attribute", "pattern", "ignore_case", "date_order"],
        other => return Err(src.error(spec.kind.span(), format!("unknown rule kind `{other}` (kinds: {KINDS})"))),
    };
    for (name, span) in present_fields(&spec) {
        if !allowed.contains(&name) {
            return Err(src.error(span, format!("rule `{id}`: `{name}` does not apply to kind `{kind_name}`")));
        }
    }

    let ignore_case = spec.ignore_case.as_ref().is_some_and(|b| *b.get_ref());
    let scope = Scope {
        head: positive(src, spec.head.as_ref(), "head")?,
        tail: positive(src, spec.tail.as_ref(), "tail")?,
        max_chars: positive(src, spec.max_chars.as_ref(), "max_chars")?,
    };
    let window = positive(src, spec.window.as_ref(), "window")?.unwrap_or(1);
    let keep_marker = spec.keep_marker.as_ref().is_some_and(|b| *b.get_ref());

    let kind = match kind_name {
        "drop" => RuleKind::Drop { matcher: line_matcher(&spec, src, &id, ignore_case, window)? },
        "strip" => {
            let pattern = spec
                .pattern
                .as_ref()
                .ok_or_else(|| src.error(spec.kind.span(), format!("rule `{id}`: kind `strip` needs `pattern`")))?;
            let regex = src.regex(pattern, ignore_case)?;
            if regex.is_match("") {
                return Err(src.error(pattern.span(), format!("rule `{id}`: pattern matches the empty string")));
            }
            RuleKind::Strip { pattern: regex }
        }
        "cut-tail" => RuleKind::CutTail {
            marker: line_matcher(&spec, src, &id, ignore_case, 1)?,
            not_before: share(src, spec.not_before.as_ref(), "not_before")?.unwrap_or(0.5),
            keep_marker,
        },
        "cut-head" => RuleKind::CutHead {
            marker: line_matcher(&spec, src, &id, ignore_case, 1)?,
            not_after: share(src, spec.not_after.as_ref(), "not_after")?.unwrap_or(0.5),
            keep_marker,
        },
        "drop-block" => {
            let start = spec
                .start
                .as_ref()
                .ok_or_else(|| src.error(spec.kind.span(), format!("rule `{id}`: kind `drop-block` needs `start`")))?;
            let start = LineMatcher::new(Some(src.lazy_regex(start, ignore_case, None)?), None, vec![], ignore_case, 1);
            let end = match (&spec.end, &spec.count) {
                (Some(end), None) => BlockEnd::Pattern {
                    end: LineMatcher::new(Some(src.lazy_regex(end, ignore_case, None)?), None, vec![], ignore_case, 1),
                    max_lines: positive(src, spec.max_lines.as_ref(), "max_lines")?.unwrap_or(30),
                },
                (None, Some(_)) => {
                    if let Some(m) = &spec.max_lines {
                        return Err(
                            src.error(m.span(), format!("rule `{id}`: `max_lines` goes with `end`, not `count`"))
                        );
                    }
                    BlockEnd::Count(positive(src, spec.count.as_ref(), "count")?.unwrap_or(1))
                }
                (Some(_), Some(count)) => {
                    return Err(src.error(count.span(), format!("rule `{id}`: give `end` or `count`, not both")))
                }
                (None, None) => {
                    return Err(
                        src.error(spec.kind.span(), format!("rule `{id}`: kind `drop-block` needs `end` or `count`"))
                    )
                }
            };
            RuleKind::DropBlock { start, end }
        }
        "html-remove" => RuleKind::HtmlRemove { selector: selector(&spec, src, &id)? },
        "html-content" => RuleKind::HtmlContent { selector: selector(&spec, src, &id)? },
        "html-meta" => {
            let (field, date_order) = field_and_order(&spec, src, &id)?;
            let attribute = match &spec.attribute {
                Some(a) if a.get_ref().trim().is_empty() => {
                    return Err(src.error(a.span(), format!("rule `{id}`: `attribute` must name an attribute")))
                }
                a => a.as_ref().map(|a| a.get_ref().trim().to_ascii_lowercase()),
            };
            let pattern = spec.pattern.as_ref().map(|p| src.regex(p, ignore_case)).transpose()?;
            RuleKind::HtmlMeta { field, selector: selector(&spec, src, &id)?, attribute, pattern, date_order }
        }
        "meta" => {
            let (field, date_order) = field_and_order(&spec, src, &id)?;
            RuleKind::Meta {
                field,
                matcher: line_matcher(&spec, src, &id, ignore_case, window)?,
                remove: spec.remove.as_ref().is_none_or(|b| *b.get_ref()),
                date_order,
            }
        }
        _ => unreachable!("kind names were checked above"),
    };
    // Checked with the rest of a user's file; the embedded ones are checked by the test suite.
    if src.eager && lint::runs_on_every_line(kind_name, &scope) {
        for pattern in [&spec.pattern, &spec.start, &spec.end].into_iter().flatten() {
            if lint::has_unicode_word_boundary(pattern.get_ref()) {
                src.warn(pattern.span(), lint::unicode_word_boundary_message(&id, kind_name));
            }
        }
    }
    Ok(Rule { id: id.into(), why: spec.why.into_inner().trim().to_string(), kind, scope, file })
}

/// The `field` of a metadata rule, and its `date_order`.
fn field_and_order(spec: &RuleSpec, src: &Source, id: &str) -> Result<(Field, Option<DateOrder>), RuleError> {
    let kind = spec.kind.get_ref();
    let field_spec = spec
        .field
        .as_ref()
        .ok_or_else(|| src.error(spec.kind.span(), format!("rule `{id}`: kind `{kind}` needs `field`")))?;
    let field = Field::parse(field_spec.get_ref()).ok_or_else(|| {
        src.error(
            field_spec.span(),
            format!("unknown field `{}` (fields: title, author, date, site_name, url)", field_spec.get_ref()),
        )
    })?;
    let date_order =
        match &spec.date_order {
            None => None,
            Some(o) if field != Field::Date => {
                return Err(src.error(o.span(), format!("rule `{id}`: `date_order` applies to field `date` only")))
            }
            Some(o) => Some(DateOrder::parse(o.get_ref()).ok_or_else(|| {
                src.error(o.span(), format!("unknown date_order `{}` (mdy, dmy or ymd)", o.get_ref()))
            })?),
        };
    Ok((field, date_order))
}

/// The CSS selector of an `html-*` rule.
fn selector(spec: &RuleSpec, src: &Source, id: &str) -> Result<scraper::Selector, RuleError> {
    let kind = spec.kind.get_ref();
    let text = spec
        .selector
        .as_ref()
        .ok_or_else(|| src.error(spec.kind.span(), format!("rule `{id}`: kind `{kind}` needs `selector`")))?;
    scraper::Selector::parse(text.get_ref()).map_err(|e| {
        src.error(text.span(), format!("rule `{id}`: invalid CSS selector `{}`: {}", text.get_ref(), css_problem(&e)))
    })
}

/// What is wrong with a selector, in words: the selector crate prints some of its errors as
/// "Unexpected error occurred. Please report this to the developer" and a debug dump.
fn css_problem(error: &scraper::error::SelectorErrorKind) -> String {
    use scraper::error::SelectorErrorKind as Kind;
    let kind = match error {
        Kind::UnexpectedToken => "a character or name that does not belong there",
        Kind::EndOfLine => "it ends where more was expected (a name, a value, a closing `]` or `)`)",
        Kind::InvalidAtRule | Kind::InvalidAtRuleBody => "`@` rules are not selectors",
        Kind::QualRuleInvalid => "not a selector",
        Kind::TooManyNestedBlocks => "too deeply nested",
        Kind::ExpectedColonOnPseudoElement => "a pseudo-element needs `::`",
        Kind::ExpectedIdentityOnPseudoElement => "a pseudo-element needs a name after `::`",
        // The selector crate's own kinds, which scraper does not describe: by name.
        Kind::UnexpectedSelectorParseError(inner) => match format!("{inner:?}").as_str() {
            "EmptySelector" => "it is empty (or a list of selectors has an empty one)",
            "DanglingCombinator" => "a combinator (`>`, `+`, `~`) with no selector after it",
            "ClassNeedsIdent" => "a class needs a name after `.`",
            "UnsupportedPseudoClassOrElement" => "a pseudo-class or pseudo-element that is not supported",
            "NoIdentForPseudo" => "a pseudo-class needs a name after `:`",
            "UnexpectedIdent" => "a name where none may stand",
            "ExpectedBarInAttr" | "BadValueInAttr" | "InvalidQualNameInAttr" | "UnexpectedTokenInAttributeSelector" => {
                "an attribute selector must read `[name]`, `[name=value]` or `[name~=value]` and the like"
            }
            "NoQualifiedNameInAttributeSelector" => "an attribute selector needs an attribute name",
            other => return split_words(other),
        },
    };
    kind.to_string()
}

/// `NonCompoundSelector` as "non compound selector".
fn split_words(name: &str) -> String {
    let mut words = String::new();
    for c in name.chars() {
        if c.is_uppercase() && !words.is_empty() {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    words
}

fn line_matcher(
    spec: &RuleSpec,
    src: &Source,
    id: &str,
    ignore_case: bool,
    window: usize,
) -> Result<LineMatcher, RuleError> {
    // An embedded file's patterns are checked by the test suite instead.
    let regex = spec.pattern.as_ref().map(|p| src.lazy_regex(p, ignore_case, Some(id))).transpose()?;
    let lines = spec.lines.as_ref().map(|l| l.get_ref().clone()).unwrap_or_default();
    if let Some(l) = &spec.lines {
        if lines.is_empty() || lines.iter().any(|l| l.trim().is_empty()) {
            return Err(src.error(l.span(), format!("rule `{id}`: `lines` must list non-blank lines")));
        }
    }
    let contains = match &spec.contains {
        None => None,
        Some(phrases) => {
            if phrases.get_ref().is_empty() || phrases.get_ref().iter().any(|p| p.trim().is_empty()) {
                return Err(src.error(phrases.span(), format!("rule `{id}`: `contains` must list non-blank phrases")));
            }
            let searcher = Phrases::new(phrases.get_ref(), ignore_case)
                .map_err(|e| src.error(phrases.span(), format!("rule `{id}`: bad `contains`: {e}")))?;
            Some(searcher)
        }
    };
    if regex.is_none() && lines.is_empty() && contains.is_none() {
        return Err(src.error(
            spec.kind.span(),
            format!("rule `{id}`: kind `{}` needs `pattern`, `contains` or `lines`", spec.kind.get_ref()),
        ));
    }
    if window > 1 && regex.is_none() {
        return Err(src.error(spec.kind.span(), format!("rule `{id}`: `window` needs `pattern`")));
    }
    Ok(LineMatcher::new(regex, contains, lines, ignore_case, window))
}

fn positive(src: &Source, value: Option<&Spanned<i64>>, name: &str) -> Result<Option<usize>, RuleError> {
    match value {
        None => Ok(None),
        Some(v) if *v.get_ref() >= 1 && *v.get_ref() <= 1_000_000 => Ok(Some(*v.get_ref() as usize)),
        Some(v) => Err(src.error(v.span(), format!("`{name}` must be a whole number from 1 to 1000000"))),
    }
}

fn share(src: &Source, value: Option<&Spanned<f64>>, name: &str) -> Result<Option<f64>, RuleError> {
    match value {
        None => Ok(None),
        Some(v) if (0.0..=1.0).contains(v.get_ref()) => Ok(Some(*v.get_ref())),
        Some(v) => Err(src.error(v.span(), format!("`{name}` must be a share from 0.0 to 1.0"))),
    }
}

/// The optional fields a rule sets, with where they are.
fn present_fields(spec: &RuleSpec) -> Vec<(&'static str, Range<usize>)> {
    fn span<T>(v: Option<&Spanned<T>>) -> Option<Range<usize>> {
        v.map(Spanned::span)
    }
    [
        ("pattern", span(spec.pattern.as_ref())),
        ("lines", span(spec.lines.as_ref())),
        ("contains", span(spec.contains.as_ref())),
        ("ignore_case", span(spec.ignore_case.as_ref())),
        ("window", span(spec.window.as_ref())),
        ("head", span(spec.head.as_ref())),
        ("tail", span(spec.tail.as_ref())),
        ("max_chars", span(spec.max_chars.as_ref())),
        ("start", span(spec.start.as_ref())),
        ("end", span(spec.end.as_ref())),
        ("count", span(spec.count.as_ref())),
        ("max_lines", span(spec.max_lines.as_ref())),
        ("not_before", span(spec.not_before.as_ref())),
        ("not_after", span(spec.not_after.as_ref())),
        ("keep_marker", span(spec.keep_marker.as_ref())),
        ("field", span(spec.field.as_ref())),
        ("remove", span(spec.remove.as_ref())),
        ("date_order", span(spec.date_order.as_ref())),
        ("selector", span(spec.selector.as_ref())),
        ("attribute", span(spec.attribute.as_ref())),
    ]
    .into_iter()
    .filter_map(|(name, span)| span.map(|s| (name, s)))
    .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::load_str;

    #[test]
    fn a_bad_css_selector_is_described_at_its_place() {
        for (selector, problem) in [
            ("div >", "a combinator"),
            ("div:nope", "not supported"),
            ("a[", "ends where more was expected"),
            ("", "empty"),
            ("a[x=]", "ends where more was expected"),
        ] {
            let file = format!(
                "[[rule]]\nid = \"h.x\"\nkind = \"html-remove\"\nwhy = \"A test.\"\nselector = \"{selector}\"\n"
            );
            let error = load_str("h.toml", &file).unwrap_err().to_string();
            assert!(error.starts_with("h.toml:5:12: rule `h.x`: invalid CSS selector"), "{error}");
            assert!(error.contains(problem), "{selector:?}: {error}");
            assert!(!error.contains("report this to the developer") && !error.contains('\n'), "{error}");
        }
    }

    #[test]
    fn names_are_split_into_words() {
        assert_eq!(super::split_words("NonCompoundSelector"), "non compound selector");
    }
}
