//! `dechrome suggest`: a draft rule file for one site, from the template learned across its
//! captures. The template's lines become `drop` rules (exact `lines`, and one `pattern` for
//! lines that differ only in case, digits or spacing); the line that most often closes the
//! template at the head of a page and the one that most often opens it at the tail become
//! `cut-head` / `cut-tail` markers. Its `[[test]]` cases are cut from the captures, and their
//! expected output is what the suggested rules make of them, so `rules test` passes as written.
//! For a site of pages, `html-remove` selectors name the elements that hold template, and
//! `drop` rules take the template text no selector names.

use crate::capture::{decode_declared, Format};
use crate::doc::Doc;
use crate::error::Error;
use crate::hosts::normalize_host;
use crate::html::suggest as html_suggest;
use crate::learn::{self, line_hash, site_of, survey, threshold, Learned, SiteTemplate};
use crate::read::DEFAULT_MAX_BYTES;
use crate::rules::{engine, load_str};
use crate::walk::{worker_pool, Kind, WalkOptions, Walker};
use crate::words::count_words;
use std::collections::HashMap;
use std::path::PathBuf;

/// A share of the site's captures a head or tail marker must close or open the template in.
const MARKER_SHARE: f64 = 0.5;
/// Lines of content kept around a template block in a test case.
const CONTEXT: usize = 2;
/// Lines in a test case at most, and characters of a content line in it.
const CASE_LINES: usize = 40;
const CASE_LINE_CHARS: usize = 160;

/// A draft rule file.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// The site (host) it is for.
    pub site: String,
    /// Captures of the site in the input.
    pub captures: usize,
    /// Rules in it.
    pub rules: usize,
    /// `[[test]]` cases in it.
    pub tests: usize,
    /// The rule file, TOML.
    pub toml: String,
}

impl Suggestion {
    /// Writes the rule file to `path` atomically (`-`: standard output).
    ///
    /// # Errors
    ///
    /// [`Error::Usage`] when `path` is a folder, [`Error::Io`] when it cannot be written.
    pub fn write_to(&self, path: &std::path::Path) -> Result<(), Error> {
        crate::write::Destination::of(path)?.write_all(self.toml.as_bytes()).map_err(|e| Error::io(path, e))
    }
}

/// Suggests a rule file for `site` (a host), or for the site with most captures under
/// `inputs` when `site` is `None` (ties go to the first host in name order), reading the
/// captures with `jobs` threads (0: one per core).
///
/// # Errors
///
/// [`Error::Input`] for an input that cannot be read, [`Error::Usage`] when the site has too
/// few captures, or no chrome repeats across them.
pub fn suggest(inputs: &[PathBuf], site: Option<&str>, jobs: usize) -> Result<Suggestion, Error> {
    // A walk finds no capture under a path that is not there: say so, not that no site has enough.
    crate::paths::check_inputs(inputs)?;
    let walker = Walker::new(inputs, WalkOptions::default())?;
    suggest_with(&walker, &worker_pool(jobs)?, DEFAULT_MAX_BYTES, site)
}

/// [`suggest`] for the captures `walker` finds.
fn suggest_with(
    walker: &Walker,
    pool: &rayon::ThreadPool,
    max_bytes: u64,
    site: Option<&str>,
) -> Result<Suggestion, Error> {
    let learned = survey(walker, pool, max_bytes, |_| true, 0, &crate::records::Fields::default()).0.learn();
    let (site, template) = choose_site(&learned, site).map_err(|e| with_inventory(e, walker, &learned))?;
    let pages = HtmlPages::read(walker, max_bytes, &site, template);
    let texts = Pages::read(walker, max_bytes, &site, template);
    // A site scraped as pages gets rules for pages; one of text dumps, rules for lines.
    if pages.survey.pages >= learn::MIN_CAPTURES && pages.survey.pages >= texts.captures {
        return pages.rule_file(&site, template);
    }
    texts.rule_file(&site, template)
}

/// Sites named in a refusal at most.
const INVENTORY_SITES: usize = 5;

/// A refusal for want of captures, with what the input held: the sites found and their
/// captures, and the files learning skips, by kind.
fn with_inventory(error: Error, walker: &Walker, learned: &Learned) -> Error {
    let Error::Usage(message) = error else { return error };
    let mut sites: Vec<(&String, usize)> = learned.sites.iter().map(|(s, t)| (s, t.captures)).collect();
    sites.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total: usize = sites.iter().map(|s| s.1).sum();
    let mut found = format!("found {total} captures with a site");
    if !sites.is_empty() {
        let named: Vec<String> = sites.iter().take(INVENTORY_SITES).map(|(s, n)| format!("{s} {n}")).collect();
        let more = sites.len().saturating_sub(INVENTORY_SITES);
        found.push_str(&format!(
            " ({}{})",
            named.join(", "),
            if more > 0 { format!(", {more} more sites") } else { String::new() }
        ));
    }
    let (mut warc, mut no_host) = (0, 0);
    for f in walker.iter().filter_map(Result::ok) {
        match f.format {
            Kind::Capture(Format::Warc) => warc += 1,
            Kind::Capture(Format::Text | Format::Html) | Kind::Sniff if f.host.is_none() => no_host += 1,
            _ => {}
        }
    }
    let skipped: Vec<String> = [(warc, "WARC files"), (no_host, "files outside a folder named like a host")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if !skipped.is_empty() {
        found.push_str(&format!("; skipped {}", skipped.join(", ")));
    }
    Error::Usage(format!("{message}: {found}"))
}

/// What `suggest` read of the chosen site's HTML pages.
struct HtmlPages {
    survey: html_suggest::SiteSurvey,
    /// The first pages in walk order, as material for test cases.
    samples: Vec<(String, String)>,
    /// Every page's file, read again to see what the suggested selectors leave of the template.
    paths: Vec<PathBuf>,
    max_bytes: u64,
}

impl HtmlPages {
    fn read(walker: &Walker, max_bytes: u64, site: &str, template: &SiteTemplate) -> HtmlPages {
        let mut pages = HtmlPages {
            survey: html_suggest::SiteSurvey::default(),
            samples: Vec::new(),
            paths: Vec::new(),
            max_bytes,
        };
        for found in walker.iter().filter_map(Result::ok) {
            if found.host.as_deref() != Some(site) || found.format.stream().is_some() {
                continue;
            }
            let Ok(bytes) = crate::read::read_capture(&found.path, max_bytes) else { continue };
            let page = match found.format.resolve(&bytes) {
                Some(Format::Html) => true,
                Some(Format::Text) => Format::sniff_html(&bytes),
                _ => false,
            };
            if !page {
                continue;
            }
            let Some(decoded) = decode_page(&bytes) else { continue };
            pages.survey.add(&decoded, template);
            pages.paths.push(found.path.clone());
            if pages.samples.len() < PAGE_SAMPLES {
                pages.samples.push((found.rel.clone(), decoded));
            }
        }
        pages
    }

    fn rule_file(&self, site: &str, template: &SiteTemplate) -> Result<Suggestion, Error> {
        let prefix = id_prefix(site);
        let pages = self.survey.pages;
        let min = threshold(template.captures);
        let mut out = format!(
            "# Draft rules for {site}, written by `dechrome suggest` from {pages} pages: each element\n\
             # removed below holds text that repeats on {min} or more of them, and almost nothing else.\n\
             # Review before use: take out any selector that holds content on some pages, and give the\n\
             # site its `name`.\n\n[site]\nhosts = [{host}]\n",
            host = toml_string(site),
        );
        let selectors: Vec<(&str, usize)> = self.survey.remove_selectors(min).into_iter().take(MAX_SELECTORS).collect();
        let mut ids = std::collections::HashSet::new();
        for (selector, n) in &selectors {
            let mut id = format!("{prefix}.{}", selector.replace('#', "."));
            while !ids.insert(id.clone()) {
                id.push('_');
            }
            out.push_str(&format!(
                "\n[[rule]]\nid = {}\nkind = \"html-remove\"\nwhy = {}\nselector = {}\n",
                toml_string(&id),
                toml_string(&format!("Template on {n} of {pages} pages: the same text on each.")),
                toml_string(selector),
            ));
        }
        let content = self.survey.content_selector();
        if let Some((selector, n)) = content {
            out.push_str(&format!(
                "\n[[rule]]\nid = {}\nkind = \"html-content\"\nwhy = {}\nselector = {}\n",
                toml_string(&format!("{prefix}.content")),
                toml_string(&format!("The article, on {n} of {pages} pages.")),
                toml_string(selector),
            ));
        }
        let left = self.template_left(&load_str("suggested.toml", &out)?, template);
        let rules =
            selectors.len() + usize::from(content.is_some()) + push_template_rules(&mut out, &prefix, left.values());
        if rules == 0 {
            return Err(Error::Usage(format!(
                "{site}: {pages} pages, and no element with an id or class holds only text repeated on {min} of them"
            )));
        }
        let tests = self.add_cases(&mut out, &selectors)?;
        let set = load_str("suggested.toml", &out)?;
        if let Some(failure) = set.run_tests().failures.first() {
            return Err(Error::Usage(format!("the suggested rules fail their own case: {}", failure.detail)));
        }
        Ok(Suggestion { site: site.to_string(), captures: pages, rules, tests, toml: out })
    }

    /// The template lines that the page rules of `set` leave in the pages' text: blocks without
    /// a stable selector of their own, which learning would still remove.
    fn template_left(&self, set: &crate::rules::RuleSet, template: &SiteTemplate) -> HashMap<u64, Seen> {
        let mut seen = HashMap::new();
        for path in &self.paths {
            let Ok(bytes) = crate::read::read_capture(path, self.max_bytes) else { continue };
            let Some(page) = decode_page(&bytes) else { continue };
            for line in case_text(Some(set), &page).lines().map(str::trim) {
                if let Some(h) = line_hash(line).filter(|h| template.lines.contains(h)) {
                    note_line(&mut seen, h, line);
                }
            }
        }
        seen
    }

    /// Adds a case for each of the first selectors that a sample page shows: its element and
    /// two paragraphs of the article, expected as the file's rules extract them. Returns how
    /// many it added.
    fn add_cases(&self, out: &mut String, selectors: &[(&str, usize)]) -> Result<usize, Error> {
        let set = load_str("suggested.toml", out)?;
        // Cases that show a rule at work first; then, if too few, cases where extraction alone
        // takes the chrome too (they still hold the rule to the page).
        let mut cases: Vec<(String, String, String, bool)> = Vec::new();
        for (selector, _) in selectors {
            let Some((source, input)) = self.samples.iter().find_map(|(source, page)| {
                html_suggest::case_input(page, selector, CASE_PARAGRAPHS).map(|i| (source, i))
            }) else {
                continue;
            };
            let expect = case_text(Some(&set), &input);
            if !expect.trim().is_empty() {
                let shows = expect != case_text(None, &input);
                cases.push((format!("{selector} in {source}"), input, expect, shows));
            }
        }
        cases.sort_by_key(|c| !c.3);
        cases.truncate(MAX_CASES);
        for (name, input, expect, _) in &cases {
            out.push_str(&format!(
                "\n[[test]]\nname = {}\ninput = {}\nexpect = {}\n",
                toml_string(name),
                toml_text(input),
                toml_text(expect)
            ));
        }
        Ok(cases.len())
    }
}

/// Pages kept as material for test cases: a selector may match on few of them.
const PAGE_SAMPLES: usize = 32;
/// `html-remove` rules in a suggested file at most, and test cases for pages.
const MAX_SELECTORS: usize = 64;
const MAX_CASES: usize = 3;
/// Paragraphs of the article in a page's test case.
const CASE_PARAGRAPHS: usize = 2;

/// What `rules test` makes of an HTML case with the first file of `set` (`None`: no rules).
fn case_text(set: Option<&crate::rules::RuleSet>, input: &str) -> String {
    let limits = crate::html::Limits::default();
    let context = crate::html::PageContext::default();
    let html_rules = set.map(|s| s.html_rules(&[0])).unwrap_or_default();
    match crate::html::extract(input, &html_rules, &limits, &context, None, None, false) {
        Ok(page) => {
            let mut doc = Doc::new(&page.text);
            if let Some(set) = set {
                engine::apply(set, &[0], &mut doc);
            }
            doc.render()
        }
        Err(_) => String::new(),
    }
}

fn choose_site<'l>(learned: &'l Learned, site: Option<&str>) -> Result<(String, &'l SiteTemplate), Error> {
    let need = learn::MIN_CAPTURES;
    match site {
        Some(host) => {
            let host = normalize_host(host);
            match learned.sites.get(&host) {
                Some(t) if !t.lines.is_empty() => Ok((host, t)),
                Some(t) => Err(Error::Usage(format!(
                    "{host}: {} captures, and no line repeats in {} of them (a site needs {need} captures or more)",
                    t.captures,
                    threshold(t.captures)
                ))),
                None => Err(Error::Usage(format!("no capture of {host} under the input"))),
            }
        }
        None => learned
            .sites
            .iter()
            .filter(|(_, t)| !t.lines.is_empty())
            .fold(None, |best: Option<(&String, &SiteTemplate)>, (s, t)| match best {
                Some((_, b)) if b.captures >= t.captures => best,
                _ => Some((s, t)),
            })
            .map(|(s, t)| (s.clone(), t))
            .ok_or_else(|| {
                Error::Usage(format!("no site has {need} captures or more with repeated lines under the input"))
            }),
    }
}

/// One template line as written in the captures.
#[derive(Debug)]
struct Seen {
    /// Its first spelling (trimmed), in walk order.
    text: String,
    /// Every spelling was the same.
    exact: bool,
    /// Order of first sight, to write rules in a stable, readable order.
    order: usize,
}

/// What pass 2 saw of the chosen site's captures.
struct Pages {
    seen: HashMap<u64, Seen>,
    /// Per line hash: in how many captures it closes the head block / opens the tail block.
    head_ends: HashMap<u64, usize>,
    tail_starts: HashMap<u64, usize>,
    /// Up to the case limit, the captures' texts with the template flag of each line, in walk
    /// order: the material of the test cases.
    samples: Vec<(String, String)>,
    captures: usize,
}

/// Captures kept as material for test cases.
const SAMPLES: usize = 8;

impl Pages {
    fn read(walker: &Walker, max_bytes: u64, site: &str, template: &SiteTemplate) -> Pages {
        let mut pages = Pages {
            seen: HashMap::new(),
            head_ends: HashMap::new(),
            tail_starts: HashMap::new(),
            samples: Vec::new(),
            captures: 0,
        };
        // A text capture's site is its folder's host: other sites' files need not be read.
        let elsewhere = |f: &crate::walk::Found| f.format.may_be_text() && f.host.as_deref() != Some(site);
        for found in walker.iter().filter_map(Result::ok).filter(|f| !elsewhere(f)) {
            learn::for_each_capture(&found, max_bytes, |info, text| {
                if site_of(info).as_deref() != Some(site) {
                    return;
                }
                pages.captures += 1;
                let lines: Vec<(&str, Option<u64>)> = text
                    .split('\n')
                    .map(str::trim)
                    .filter(|l| count_words(l) > 0)
                    .map(|l| (l, line_hash(l).filter(|h| template.lines.contains(h))))
                    .collect();
                for &(line, hash) in &lines {
                    if let Some(h) = hash {
                        note_line(&mut pages.seen, h, line);
                    }
                }
                let head = lines.iter().take_while(|(_, h)| h.is_some()).last().and_then(|(_, h)| *h);
                let tail = lines.iter().rev().take_while(|(_, h)| h.is_some()).last().and_then(|(_, h)| *h);
                // A page that is all template has no head or tail block.
                if lines.iter().any(|(_, h)| h.is_none()) {
                    for (marker, counts) in [(head, &mut pages.head_ends), (tail, &mut pages.tail_starts)] {
                        if let Some(h) = marker {
                            *counts.entry(h).or_default() += 1;
                        }
                    }
                }
                if pages.samples.len() < SAMPLES {
                    pages.samples.push((info.source.clone(), text.to_string()));
                }
            });
        }
        pages
    }

    /// The most frequent marker of `counts` that is written the same everywhere, if it marks
    /// the block in enough captures.
    fn marker(&self, counts: &HashMap<u64, usize>) -> Option<(&Seen, usize)> {
        let min = (MARKER_SHARE * self.captures as f64).ceil() as usize;
        counts
            .iter()
            .filter_map(|(h, &n)| Some((self.seen.get(h)?, n)))
            .filter(|(seen, n)| seen.exact && *n >= min.max(2))
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.order.cmp(&a.0.order)))
    }

    fn rule_file(&self, site: &str, template: &SiteTemplate) -> Result<Suggestion, Error> {
        let prefix = id_prefix(site);
        let mut out = format!(
            "# Draft rules for {site}, written by `dechrome suggest` from {captures} captures: each line\n\
             # below occurs in {min} or more of them. Review before use: take out any line that is\n\
             # content on some pages, give the site its `name`, and merge rules you know belong together.\n\
             \n[site]\nhosts = [{host}]\n",
            captures = self.captures,
            min = threshold(template.captures),
            host = toml_string(site),
        );
        let mut rules = 0;
        let cuts = [
            (
                "cut-head",
                "head",
                &self.head_ends,
                "The site's menu: in {n} of {all} captures, the repeated lines at the top end here.",
            ),
            (
                "cut-tail",
                "tail",
                &self.tail_starts,
                "The site's footer: in {n} of {all} captures, the repeated lines at the bottom start here.",
            ),
        ];
        for (kind, name, candidates, why) in cuts {
            if let Some((marker, n)) = self.marker(candidates) {
                rules += 1;
                let why = why.replace("{n}", &n.to_string()).replace("{all}", &self.captures.to_string());
                out.push_str(&format!(
                    "\n[[rule]]\nid = {}\nkind = \"{kind}\"\nwhy = {}\nlines = [{}]\n",
                    toml_string(&format!("{prefix}.{name}")),
                    toml_string(&why),
                    toml_string(&marker.text),
                ));
            }
        }
        rules += push_template_rules(&mut out, &prefix, self.seen.values());
        // The cases: what these rules make of pieces of the captures.
        let set = load_str("suggested.toml", &out)?;
        let mut tests = 0;
        let mut cases: Vec<(String, String)> = Vec::new();
        for (source, text) in &self.samples {
            for (what, input) in pieces(text, |l| template.contains(l)) {
                if cases.iter().any(|(name, _)| name.starts_with(what)) {
                    continue;
                }
                cases.push((format!("{what} of {source}"), input));
            }
        }
        for (name, input) in cases {
            let mut doc = Doc::new(&input);
            engine::apply(&set, &[0], &mut doc);
            let expect = doc.render();
            if expect.trim_end() == input.trim_end() {
                continue;
            }
            tests += 1;
            out.push_str(&format!(
                "\n[[test]]\nname = {}\ninput = {}\nexpect = {}\n",
                toml_string(&name),
                toml_text(&input),
                toml_text(&expect)
            ));
        }
        // As written, the file loads and passes its own cases.
        let set = load_str("suggested.toml", &out)?;
        let report = set.run_tests();
        if let Some(failure) = report.failures.first() {
            return Err(Error::Usage(format!("the suggested rules fail their own case: {}", failure.detail)));
        }
        Ok(Suggestion { site: site.to_string(), captures: self.captures, rules, tests, toml: out })
    }
}

/// Pieces of a capture that show the template: its head block and the content after it, its
/// tail block and the content before it, and a template line in the body with content around.
fn pieces(text: &str, mut is_template: impl FnMut(&str) -> bool) -> Vec<(&'static str, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| count_words(lines[i]) > 0).collect();
    let flags: Vec<bool> = kept.iter().map(|&i| is_template(lines[i])).collect();
    if flags.iter().all(|&t| t) || !flags.iter().any(|&t| t) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut piece = |from: usize, to: usize| -> String {
        // `from`..=`to` index `kept`; the lines between them as they are, content shortened.
        let (first, last) = (kept[from], kept[to].min(kept[from] + CASE_LINES - 1));
        let mut s = String::new();
        for &line in &lines[first..=last] {
            s.push_str(&shorten(line, &mut is_template));
            s.push('\n');
        }
        s
    };
    let head = flags.iter().take_while(|&&t| t).count();
    if head > 0 {
        out.push(("head", piece(0, (head + CONTEXT - 1).min(kept.len() - 1))));
    }
    let tail = flags.iter().rev().take_while(|&&t| t).count();
    if tail > 0 {
        let start = kept.len() - tail;
        out.push(("tail", piece(start.saturating_sub(CONTEXT), kept.len() - 1)));
    }
    if let Some(at) = (head + 1..kept.len().saturating_sub(tail + 1)).find(|&k| flags[k] && !flags[k - 1]) {
        let end = (at..kept.len()).find(|&k| !flags[k]).unwrap_or(kept.len() - 1);
        out.push(("body", piece(at.saturating_sub(CONTEXT), (end + CONTEXT - 1).min(kept.len() - 1))));
    }
    out
}

/// Notes a template line as spelled in one capture.
fn note_line(seen: &mut HashMap<u64, Seen>, hash: u64, line: &str) {
    let order = seen.len();
    let seen = seen.entry(hash).or_insert_with(|| Seen { text: line.to_string(), exact: true, order });
    seen.exact &= seen.text == line;
}

/// Writes `drop` rules for template lines: one listing those spelled the same everywhere, one
/// pattern for those that differ in digits, case or spacing. Returns the rules written.
fn push_template_rules<'a>(out: &mut String, prefix: &str, seen: impl Iterator<Item = &'a Seen>) -> usize {
    let mut seen: Vec<&Seen> = seen.collect();
    seen.sort_by_key(|s| s.order);
    let mut rules = 0;
    let exact: Vec<&str> = seen.iter().filter(|s| s.exact).map(|s| s.text.as_str()).collect();
    if !exact.is_empty() {
        rules += 1;
        out.push_str(&format!(
            "\n[[rule]]\nid = {}\nkind = \"drop\"\nwhy = \"Template lines: the same on many of the site's pages.\"\nlines = [\n",
            toml_string(&format!("{prefix}.template")),
        ));
        for line in exact {
            out.push_str(&format!("  {},\n", toml_string(line)));
        }
        out.push_str("]\n");
    }
    let variants: Vec<String> = seen.iter().filter(|s| !s.exact).map(|s| variant_pattern(&s.text)).collect();
    if !variants.is_empty() {
        rules += 1;
        out.push_str(&format!(
            "\n[[rule]]\nid = {}\nkind = \"drop\"\nwhy = \"Template lines that differ from page to page only in numbers, case or spacing.\"\npattern = {}\nignore_case = true\n",
            toml_string(&format!("{prefix}.template-variants")),
            toml_string(&format!("^(?:{})$", variants.join("|"))),
        ));
    }
    rules
}

/// A page's bytes decoded by its declared charset.
fn decode_page(bytes: &[u8]) -> Option<String> {
    let declared = crate::html::decode::declared_charset(bytes);
    decode_declared(bytes, declared).ok().map(|d| d.text.into_owned())
}

/// A content line cut to a readable length for a test case; template lines stay whole.
fn shorten(line: &str, is_template: &mut impl FnMut(&str) -> bool) -> String {
    if line.chars().count() <= CASE_LINE_CHARS || is_template(line) {
        return line.to_string();
    }
    let cut: String = line.chars().take(CASE_LINE_CHARS).collect();
    format!("{}…", cut.trim_end())
}

/// A regex for a line and its spellings that differ in digits, spacing and case.
fn variant_pattern(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_numeric() {
            while chars.peek().is_some_and(|c| c.is_numeric()) {
                chars.next();
            }
            out.push_str(r"\d+");
        } else if c.is_whitespace() {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            out.push_str(r"\s*");
        } else {
            out.push_str(&regex::escape(c.encode_utf8(&mut [0u8; 4])));
        }
    }
    out
}

/// A rule id prefix from a host: the characters ids allow.
fn id_prefix(site: &str) -> String {
    site.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '-' }).collect()
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A TOML string for a multi-line text: a literal `'''` block when the text allows one.
fn toml_text(text: &str) -> String {
    let literal_ok = !text.contains("'''")
        && !text.ends_with('\'')
        && text.chars().all(|c| c == '\n' || c == '\t' || !c.is_control());
    if literal_ok {
        format!("'''\n{text}'''")
    } else {
        toml_string(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_patterns_match_the_spellings_they_stand_for() {
        let re = regex::RegexBuilder::new(&format!("^(?:{})$", variant_pattern("12 Comments (so far)")))
            .case_insensitive(true)
            .build()
            .unwrap();
        assert!(re.is_match("3 comments (so far)"));
        assert!(re.is_match("1024  COMMENTS (so far)"));
        assert!(!re.is_match("3 comments so far"));
    }

    #[test]
    fn toml_strings_round_trip() {
        for text in ["plain\nlines\n", "it's '''quoted'''\n", "ends with '", "tab\tand \u{7f}"] {
            let doc = format!("x = {}", toml_text(text));
            let value: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(value["x"].as_str(), Some(text), "{doc}");
        }
    }

    #[test]
    fn pieces_show_head_tail_and_body_blocks() {
        let text = "Menu\nHome\n\nStory one.\nMore story.\nBox\nEnd of story.\nStill more.\nFooter\n";
        let template = ["Menu", "Home", "Box", "Footer"];
        let got = pieces(text, |l| template.contains(&l));
        let names: Vec<&str> = got.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["head", "tail", "body"]);
        assert_eq!(got[0].1, "Menu\nHome\n\nStory one.\nMore story.\n");
        assert_eq!(got[1].1, "End of story.\nStill more.\nFooter\n");
        assert_eq!(got[2].1, "Story one.\nMore story.\nBox\nEnd of story.\nStill more.\n");
    }
}
