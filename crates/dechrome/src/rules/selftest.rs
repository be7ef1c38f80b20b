//! Running the `[[test]]` cases of rule files (`dechrome rules test`).

use super::{engine, RuleSet};
use crate::doc::Doc;
use crate::html;
use similar::TextDiff;

/// A case whose output or metadata differs from what it expects.
#[derive(Debug)]
pub struct TestFailure {
    /// Display name of its rule file.
    pub file: String,
    /// 1-based line of its `[[test]]`.
    pub line: usize,
    /// The case's `name`, or its number in the file.
    pub name: String,
    /// A unified diff (expected → actual) and/or metadata mismatches.
    pub detail: String,
}

/// What running the `[[test]]` cases of a rule set found.
#[derive(Debug, Default)]
pub struct TestReport {
    /// Rule files whose cases ran.
    pub files: usize,
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failures: Vec<TestFailure>,
    /// Files that have rules but no test case.
    pub untested: Vec<String>,
}

/// Runs every case of every file with that file's rules alone, whatever its `[site]` says.
pub(crate) fn run_tests(set: &RuleSet) -> TestReport {
    let mut report = TestReport::default();
    for (index, file) in set.files.iter().enumerate() {
        report.files += 1;
        if file.tests.is_empty() && !file.rules.is_empty() {
            report.untested.push(file.name.clone());
        }
        for case in &file.tests {
            let (actual, meta) = if html::looks_like_html(&case.input) {
                // An HTML case: extraction with the file's `html-*` rules, then its text rules.
                match html::extract(
                    &case.input,
                    &set.html_rules(&[index]),
                    &html::Limits::default(),
                    &html::PageContext::default(),
                    None,
                    None,
                    false,
                ) {
                    Ok(page) => {
                        let mut doc = Doc::new(&page.text);
                        let mut meta = engine::apply(set, &[index], &mut doc);
                        page.merge_into(&mut meta);
                        (doc.render(), meta)
                    }
                    Err(e) => (format!("extraction failed: {e}"), engine::MetaValues::new()),
                }
            } else {
                let mut doc = Doc::new(&case.input);
                let meta = engine::apply(set, &[index], &mut doc);
                (doc.render(), meta)
            };
            let mut detail = String::new();
            let (want, got) = (case.expect.trim_end(), actual.trim_end());
            if want != got {
                let diff = TextDiff::from_lines(want, got);
                detail.push_str(&diff.unified_diff().context_radius(2).header("expected", "actual").to_string());
            }
            for (field, expected) in &case.meta {
                let actual = meta.get(field);
                if actual != expected.as_ref() {
                    detail.push_str(&format!(
                        "meta {}: expected {}, got {}\n",
                        field.name(),
                        show(expected.as_deref()),
                        show(actual.map(String::as_str))
                    ));
                }
            }
            if detail.is_empty() {
                report.passed += 1;
            } else {
                report.failures.push(TestFailure {
                    file: file.name.clone(),
                    line: case.line,
                    name: case.name.clone(),
                    detail,
                });
            }
        }
    }
    report
}

fn show(value: Option<&str>) -> String {
    value.map_or_else(|| "nothing".to_string(), |v| format!("{v:?}"))
}
