//! The TOML shape of a rule file, as written by people. Every value keeps its position so
//! that errors found after parsing (a bad regex, a field that does not fit the kind) can
//! still point at `file:line:col`.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    /// Which captures the file applies to; absent means every capture.
    pub site: Option<Spanned<SiteSpec>>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
    #[serde(default, rename = "test")]
    pub tests: Vec<Spanned<TestSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSpec {
    /// Human name of the site, reported as `site_name`.
    pub name: Option<String>,
    /// Hosts; each also matches its subdomains (`newsmax.com` matches `www.newsmax.com`).
    #[serde(default)]
    pub hosts: Vec<Spanned<String>>,
    /// Globs on the capture's path relative to its input folder.
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    /// Regexes that identify the site's template anywhere in the capture's text.
    #[serde(default)]
    pub fingerprints: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub why: Spanned<String>,
    pub pattern: Option<Spanned<String>>,
    pub lines: Option<Spanned<Vec<String>>>,
    pub contains: Option<Spanned<Vec<String>>>,
    pub ignore_case: Option<Spanned<bool>>,
    pub window: Option<Spanned<i64>>,
    pub head: Option<Spanned<i64>>,
    pub tail: Option<Spanned<i64>>,
    pub max_chars: Option<Spanned<i64>>,
    pub start: Option<Spanned<String>>,
    pub end: Option<Spanned<String>>,
    pub count: Option<Spanned<i64>>,
    pub max_lines: Option<Spanned<i64>>,
    pub not_before: Option<Spanned<f64>>,
    pub not_after: Option<Spanned<f64>>,
    pub keep_marker: Option<Spanned<bool>>,
    pub field: Option<Spanned<String>>,
    pub remove: Option<Spanned<bool>>,
    pub date_order: Option<Spanned<String>>,
    /// CSS selectors, for the `html-*` kinds.
    pub selector: Option<Spanned<String>>,
    /// `html-meta`: take this attribute of the element instead of its text.
    pub attribute: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestSpec {
    pub name: Option<String>,
    pub input: String,
    pub expect: String,
    /// Metadata fields the case expects; an empty string expects the field to stay unknown.
    #[serde(default)]
    pub meta: BTreeMap<String, Spanned<String>>,
}
