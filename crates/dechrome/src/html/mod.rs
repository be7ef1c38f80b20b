//! HTML captures: from a page's source to its main text and metadata.
//!
//! The page is parsed into a compact [`tree`] by html5ever's tree builder after a cheap
//! pre-scan has checked that its nesting and size stay within [`Limits`]; [`parse`] skips the
//! bodies of scripts and styles and reads plain markup itself, giving the tree builder the
//! tokens html5ever's tokenizer would. The tree is copied into a flat [`dom::Dom`] where
//! every walk is a loop. Site rules of the `html-*` kinds remove elements, name the content
//! root and read metadata by CSS selector, on `scraper`'s tree of the page, made only then.
//! Then chrome is pruned ([`prune`]), the content is found by scoring ([`score`]) unless a
//! site rule named it, and rendered as text ([`text`]). The text rules run on that text
//! afterwards, in [`crate::clean`], as for text captures.

pub mod decode;
pub mod dom;
pub mod flag;
mod hints;
pub mod learn;
mod markdown;
pub mod meta;
mod parse;
pub mod prune;
pub mod score;
pub mod suggest;
mod text;
mod tree;
mod why;

use crate::dates::{normalize_date, DateOrder};
use crate::doc::LEARNED_ID;
use crate::hosts::host_from_url;
use crate::markdown::{escape, Join, Kind, Line, MarkdownOptions, PageLines, NO_GROUP};
use crate::meta::{Field, RemovedBy};
use dom::{Dom, Tag};
pub use meta::PageContext;
use meta::PageMeta;
use prune::Mode;
use regex::Regex;
use score::TextMeasures;
use scraper::Selector;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
pub use why::RemovedBlock;

/// How deep and how large a page may be. Pages beyond them fail with a clear reason instead
/// of taking unbounded time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Elements nested in one another.
    pub max_depth: usize,
    /// Elements and text nodes.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 4096, max_nodes: 4_000_000 }
    }
}

/// Why a page could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    /// Elements nested deeper than [`Limits::max_depth`].
    #[error("HTML nested too deep (more than {limit} elements)")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// More elements and texts than [`Limits::max_nodes`].
    #[error("HTML too large (more than {limit} nodes)")]
    TooManyNodes {
        /// The limit.
        limit: usize,
    },
}

/// A site rule of an `html-*` kind, as extraction applies it. The rules compile them from rule
/// files and hand them in: extraction knows nothing else of rules.
#[derive(Debug, Clone, Copy)]
pub enum HtmlRule<'r> {
    /// Removes the elements the selector matches; what it removed is reported under the rule's
    /// id and kind.
    Remove { id: &'r Arc<str>, kind: &'static str, selector: &'r Selector },
    /// The elements the selector matches are the content, whatever scoring says.
    Content { selector: &'r Selector },
    /// A metadata value from the first matching element's text or attribute.
    Meta {
        field: Field,
        selector: &'r Selector,
        attribute: Option<&'r str>,
        /// Takes the value from the text (group `value`, else 1, else the match).
        pattern: Option<&'r Regex>,
        date_order: Option<DateOrder>,
    },
}

/// A page's extracted text and what it says about itself.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub text: String,
    pub meta: PageMeta,
    /// Metadata found by `html-meta` rules, by field; they win over what the page states.
    pub rule_meta: BTreeMap<Field, String>,
    /// What extraction removed: per `html-remove` rule, then the generic chrome.
    pub removed: Vec<RemovedBy>,
    /// Words of all the page's visible text.
    pub words_in: usize,
    /// The Markdown of each line of `text`, when it was asked for.
    pub markdown: Option<PageLines>,
    /// The text starts with an image's caption, which the text rules must not take for the
    /// title.
    pub caption_first: bool,
    /// The parts of the page extraction left out and why, when they were asked for
    /// ([`extract`] with `trace`).
    pub removed_blocks: Vec<RemovedBlock>,
}

/// Markdown asked of a page: what to keep, and the URL its relative links start from (the
/// capture's URL; the page's `<base href>` goes first).
#[derive(Debug, Clone, Copy)]
pub struct MarkdownRequest<'u> {
    pub options: MarkdownOptions,
    pub url: Option<&'u str>,
}

impl Page {
    /// Puts the page's metadata over what text rules found: `html-meta` rules first, then
    /// what the page states, then the text rules' values.
    pub fn merge_into(&self, values: &mut BTreeMap<Field, String>) {
        let stated = [
            (Field::Title, &self.meta.title),
            (Field::Author, &self.meta.author),
            (Field::Date, &self.meta.date),
            (Field::SiteName, &self.meta.site_name),
            (Field::Url, &self.meta.url),
        ];
        if self.caption_first {
            values.remove(&Field::Title);
        }
        for (field, value) in stated {
            if let Some(value) = value {
                values.insert(field, value.clone());
            }
        }
        values.extend(self.rule_meta.clone());
    }
}

/// A page is extracted again, more leniently, when strict extraction keeps fewer chars.
const MIN_CONTENT_CHARS: usize = 250;

/// Below this, a strict pass found next to nothing and any lenient pass may replace it.
const MIN_ANY_CHARS: usize = 100;

/// The id under which generic extraction reports what it removed.
pub const BOILERPLATE_ID: &str = "html.boilerplate";

/// Extracts the main text of `source` with the `html-*` rules of its rule files (in precedence
/// order), and its Markdown when `markdown` asks for it. With `trace`, the page lists what
/// extraction left out and why ([`Page::removed_blocks`]).
pub fn extract(
    source: &str,
    html_rules: &[HtmlRule],
    limits: &Limits,
    context: &PageContext,
    markdown: Option<MarkdownRequest>,
    template: Option<&dyn learn::BlockTemplate>,
    trace: bool,
) -> Result<Page, HtmlError> {
    let page = extract_with(source, html_rules, limits, context, markdown, template, trace)?;
    // Learning never empties a page: when the rest of it held nothing the scoring keeps, the
    // page is extracted as if nothing had been learned.
    let learned = page.removed.iter().any(|r| &*r.rule == LEARNED_ID);
    if learned && page.text.trim().is_empty() {
        return extract_with(source, html_rules, limits, context, markdown, None, trace);
    }
    Ok(page)
}

/// [`extract`], with the site's learned `template` removed before scoring.
fn extract_with(
    source: &str,
    html_rules: &[HtmlRule],
    limits: &Limits,
    context: &PageContext,
    markdown: Option<MarkdownRequest>,
    template: Option<&dyn learn::BlockTemplate>,
    trace: bool,
) -> Result<Page, HtmlError> {
    let nodes = prescan(source.as_bytes(), limits)?.min(limits.max_nodes);
    let mut tree = parse::parse_document(source, nodes);
    let mut dom = Dom::build(&tree, limits)?;
    if let Some(repaired) = repair_runaway_title(source, &dom) {
        tree = parse::parse_document(&repaired, nodes);
        dom = Dom::build(&tree, limits)?;
    }
    let measures = TextMeasures::new(&dom);
    let mut site = apply_site_rules(&tree, &dom, html_rules, &measures);
    // The site's template goes before scoring, so that its menus and boxes neither win nor
    // weigh on the choice of the content.
    let before_template = trace.then(|| site.removed.clone());
    let learned = template
        .map_or_else(learn::Removed::default, |t| learn::remove_template(&dom, t, &mut site.removed, &measures.len));
    // Only Markdown reads the tree after this (tag names and attributes): without it, its
    // memory is the next steps'.
    let tree = if markdown.is_some() {
        Some(tree)
    } else {
        drop(tree);
        None
    };

    let mut mode = if site.roots.is_some() { Mode { strip_unlikely: false, ..Mode::STRICT } } else { Mode::STRICT };
    let prose: Vec<u32> = {
        let mut invisible = vec![false; dom.nodes.len()];
        for (i, node) in dom.nodes.iter().enumerate() {
            invisible[i] = matches!(node.tag, Tag::Invisible | Tag::Head | Tag::Control);
        }
        score::subtree_stats(&dom, &invisible, &measures).iter().map(|s| s.chars - s.link_chars).collect()
    };
    // The first (strictest) pass's top root: later passes widen it, they may not move away.
    let mut first_root: Option<u32> = None;
    let mut best = String::new();
    let mut best_roots: Vec<u32> = Vec::new();
    let mut best_removed: Vec<bool> = Vec::new();
    loop {
        let mut removed = site.removed.clone();
        prune::prune(&dom, &mut removed, &prose, mode);
        let (text, roots) = if let Some(roots) = &site.roots {
            (text::render(&dom, &removed, roots), roots.clone())
        } else {
            let mut stats = score::subtree_stats(&dom, &removed, &measures);
            let roots = score::choose(&dom, &removed, &stats, &measures, mode);
            if mode.clean_conditionally {
                score::clean_conditionally(&dom, &mut removed, &mut stats, &roots, mode);
            }
            (text::render(&dom, &removed, &roots), roots)
        };
        let long_enough = text.len() >= MIN_CONTENT_CHARS && text.chars().count() >= MIN_CONTENT_CHARS;
        let widens = match first_root {
            None => true,
            Some(first) => {
                best.len() < MIN_ANY_CHARS || roots.iter().any(|&r| r <= first && first < dom.nodes[r as usize].end)
            }
        };
        if first_root.is_none() {
            first_root = roots.first().copied();
        }
        if widens && text.len() > best.len() {
            best = text;
            best_roots = roots;
            if markdown.is_some() || trace {
                best_removed = removed;
            }
        }
        if long_enough || site.roots.is_some() {
            break;
        }
        match mode.relaxed() {
            Some(next) => mode = next,
            None => break,
        }
    }

    let (words_in, visible_chars) = visible_words_and_chars(&dom, &measures);
    let mut removed = site.report;
    if learned.blocks > 0 {
        removed.push(RemovedBy {
            rule: LEARNED_ID.into(),
            kind: "learned",
            lines: learned.blocks,
            spans: 0,
            chars: learned.chars,
        });
    }
    let boilerplate = visible_chars.saturating_sub(best.chars().count() + learned.chars);
    if boilerplate > 0 {
        removed.push(RemovedBy { rule: BOILERPLATE_ID.into(), kind: "html", lines: 0, spans: 0, chars: boilerplate });
    }
    let page_meta = meta::page_meta(&dom, context);
    let mut lines = match (markdown, &tree) {
        (Some(request), Some(tree)) => {
            let url = request.url.or(page_meta.url.as_deref());
            let base = base_url(&dom, tree, url);
            let mut writer = markdown::Markdown::new(&dom, tree, request.options, base);
            let same = text::render_with(&dom, &best_removed, &best_roots, &mut writer);
            debug_assert_eq!(same, best, "Markdown follows the plain text's walk");
            Some(writer.finish())
        }
        _ => None,
    };
    if site.roots.is_none() {
        if let Some(first) = best_roots.first() {
            if let Some(h) = headline_before(&dom, *first) {
                // A headline that is the site's template (its name in an `<h1>`) is not one.
                let skip: &[bool] = if learned.blocks > 0 { &site.removed } else { &[] };
                let title = dom.collapsed_text(h, skip, 400);
                let words = title.split_whitespace().count();
                if (2..=40).contains(&words) && !best.contains(title.as_str()) {
                    best = format!("{title}\n\n{best}");
                    if let Some(lines) = &mut lines {
                        lines.prepend(headline_lines(&title));
                    }
                }
            }
        }
    }
    // Only a page without a stated title needs its first line checked.
    let caption_first =
        page_meta.title.is_none() && best.lines().next().is_some_and(|line| meta::is_caption(&dom, line));
    let removed_blocks = match before_template {
        Some(before) => {
            let learned: Vec<bool> =
                site.removed.iter().zip(&before).map(|(&after, &before)| after && !before).collect();
            let trace =
                why::Trace { by_rule: &site.by_rule, learned: &learned, removed: &best_removed, roots: &best_roots };
            why::removed_blocks(&dom, &measures, &trace)
        }
        None => Vec::new(),
    };
    Ok(Page {
        text: best,
        meta: page_meta,
        rule_meta: site.meta,
        removed,
        words_in,
        markdown: lines,
        caption_first,
        removed_blocks,
    })
}

/// The Markdown of the headline joined above the content: a `#` heading and a blank line.
fn headline_lines(title: &str) -> PageLines {
    let mut text = String::from("# ");
    escape::inline(title, None, None, escape::Context::default(), &mut text);
    let end = text.len() as u32;
    let line = |start, body, end, kind| Line {
        start,
        body,
        end,
        cont_start: start,
        cont_end: start,
        kind,
        join: Join::Block,
        block: u32::MAX,
        group: NO_GROUP,
        list: NO_GROUP,
        rule_before: false,
        cells: 0,
        interrupts: false,
    };
    PageLines {
        text,
        lines: vec![line(0, 2, end, Kind::Heading), line(end, end, end, Kind::Blank)],
        fences: Vec::new(),
    }
}

/// The URL the page's relative links start from: its `<base href>` (itself resolved against
/// `url`), else `url`.
fn base_url(dom: &Dom, tree: &tree::Tree, url: Option<&str>) -> Option<String> {
    let base = (0..dom.body.max(1)).find_map(|i| {
        let source = dom.sources[i as usize];
        match tree.data(source) {
            tree::Data::Element { name, .. } if &*name.local == "base" => tree.attr(source, "href"),
            _ => None,
        }
    });
    match base {
        Some(href) => crate::markdown::link::resolve(url, href),
        None => url.map(str::to_string),
    }
}

/// A `<title>` whose end tag is broken swallows the whole page (its text is read raw up to a
/// `</title>` that never comes). Such a page is parsed again with the title tag turned into a
/// void element, as lenient parsers end up reading it.
fn repair_runaway_title(source: &str, dom: &Dom) -> Option<String> {
    let title = dom.head.title.as_deref()?;
    if title.len() < 1024 || !title.contains('<') {
        return None;
    }
    let bytes = source.as_bytes();
    let at = bytes.windows(6).position(|w| w.eq_ignore_ascii_case(b"<title"))?;
    Some(format!("{}<meta data-title{}", &source[..at], &source[at + 6..]))
}

/// The page's headline when it stands above the content, outside it: the last `<h1>` before
/// `root` that shares an ancestor other than `<body>` with it; on a page with no `<h1>`, the
/// last `<h2>`/`<h3>` before it that the page's `<title>` names (old blog templates set the
/// post's title as one).
fn headline_before(dom: &Dom, root: u32) -> Option<u32> {
    match (0..root).rev().find(|&i| dom.nodes[i as usize].tag == Tag::Heading(1)) {
        Some(h1) => beside_the_content(dom, h1, root).then_some(h1),
        None => heading_the_title_names(dom, root),
    }
}

/// Headings of a page with no `<h1>` looked at, nearest the content first.
const TITLE_HEADINGS_LOOKED_AT: usize = 3;

fn heading_the_title_names(dom: &Dom, root: u32) -> Option<u32> {
    let title = dom.head.title.as_deref()?.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    (0..root)
        .rev()
        .filter(|&i| matches!(dom.nodes[i as usize].tag, Tag::Heading(2 | 3)))
        .take(TITLE_HEADINGS_LOOKED_AT)
        .find(|&h| {
            let text = dom.collapsed_text(h, &[], 400).to_lowercase();
            text.split_whitespace().count() >= 2 && title.contains(&text) && beside_the_content(dom, h, root)
        })
}

/// Heading `h` ends before `root` and shares an ancestor other than `<body>` with it.
fn beside_the_content(dom: &Dom, h: u32, root: u32) -> bool {
    if dom.nodes[h as usize].end > root {
        return false; // the root lies inside the heading
    }
    dom.ancestors(h)
        .find(|&a| a < root && root < dom.nodes[a as usize].end)
        .is_some_and(|shared| !matches!(dom.nodes[shared as usize].tag, Tag::Body | Tag::Html | Tag::Block))
}

/// Words and chars of all the page's visible text, as a browser would show it with no styles.
fn visible_words_and_chars(dom: &Dom, measures: &TextMeasures) -> (usize, usize) {
    let (mut words, mut chars) = (0, 0);
    let mut i = 0;
    while i < dom.nodes.len() {
        let node = &dom.nodes[i];
        if matches!(node.tag, Tag::Invisible | Tag::Head | Tag::Control) {
            i = node.end as usize;
            continue;
        }
        if node.tag == Tag::Text {
            words += measures.words[i] as usize;
            chars += measures.len[i] as usize;
        }
        i += 1;
    }
    (words, chars)
}

/// What the `html-*` rules did.
struct SiteResult {
    removed: Vec<bool>,
    /// The elements `html-remove` rules removed, with the rule's id.
    by_rule: Vec<(u32, Arc<str>)>,
    roots: Option<Vec<u32>>,
    meta: BTreeMap<Field, String>,
    report: Vec<RemovedBy>,
}

fn apply_site_rules(tree: &tree::Tree, dom: &Dom, html_rules: &[HtmlRule], measures: &TextMeasures) -> SiteResult {
    let mut result = SiteResult {
        removed: vec![false; dom.nodes.len()],
        by_rule: Vec::new(),
        roots: None,
        meta: BTreeMap::new(),
        report: Vec::new(),
    };
    if html_rules.is_empty() {
        return result;
    }
    let mut dom_index = vec![dom::NONE; tree.len()];
    for (i, &source) in dom.sources.iter().enumerate() {
        dom_index[source as usize] = i as u32;
    }
    let (html, from) = tree.to_scraper();
    let index: HashMap<ego_tree::NodeId, u32> = from
        .into_iter()
        .filter_map(|(id, source)| Some((id, dom_index[source as usize])).filter(|&(_, i)| i != dom::NONE))
        .collect();
    let matches = |selector: &Selector| -> Vec<u32> {
        let mut found: Vec<u32> = html.select(selector).filter_map(|e| index.get(&e.id()).copied()).collect();
        found.sort_unstable();
        // Outermost matches only: a match inside another is already covered.
        let mut outer: Vec<u32> = Vec::with_capacity(found.len());
        for i in found {
            if outer.last().is_none_or(|&o| i >= dom.nodes[o as usize].end) {
                outer.push(i);
            }
        }
        outer
    };
    for rule in html_rules {
        match *rule {
            HtmlRule::Remove { id, kind, selector } => {
                let mut report = RemovedBy { rule: id.clone(), kind, lines: 0, spans: 0, chars: 0 };
                for i in matches(selector) {
                    if !result.removed[i as usize] {
                        result.removed[i as usize] = true;
                        result.by_rule.push((i, id.clone()));
                        report.lines += 1;
                        let range = i as usize..dom.nodes[i as usize].end as usize;
                        report.chars += measures.len[range].iter().map(|&l| l as usize).sum::<usize>();
                    }
                }
                if report.lines > 0 {
                    result.report.push(report);
                }
            }
            HtmlRule::Content { selector } if result.roots.is_none() => {
                let roots = matches(selector);
                if !roots.is_empty() {
                    result.roots = Some(roots);
                }
            }
            HtmlRule::Meta { field, selector, attribute, pattern, date_order } if !result.meta.contains_key(&field) => {
                let value = html.select(selector).find_map(|e| {
                    let raw = match attribute {
                        Some(name) => e.attr(name)?.to_string(),
                        None => e.text().collect::<String>(),
                    };
                    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
                    let value = match pattern {
                        Some(pattern) => {
                            let caps = pattern.captures(&raw)?;
                            let m = caps.name("value").or_else(|| caps.get(1)).or_else(|| caps.get(0))?;
                            m.as_str().trim().to_string()
                        }
                        None => raw,
                    };
                    match field {
                        _ if value.is_empty() || value.chars().count() > 400 => None,
                        Field::Date => normalize_date(&value, date_order),
                        Field::Url => host_from_url(&value).map(|_| value),
                        _ => Some(value),
                    }
                });
                if let Some(value) = value {
                    result.meta.insert(field, value);
                }
            }
            _ => {}
        }
    }
    result
}

/// Refuses, before parsing, pages whose tags nest deeper or number more than the limits
/// allow by a wide margin: html5ever's work per tag grows with the depth of open elements,
/// so such pages would take quadratic time. The estimate follows end tags as the parser does
/// (an end tag closes the elements opened inside it) and leaves out elements that close
/// themselves (`p`, `li`, `td`, …) and void ones. Returns how many nodes the page's tree
/// holds at most, as far as its tags tell: an element per start tag, a text between any two
/// tags.
fn prescan(bytes: &[u8], limits: &Limits) -> Result<usize, HtmlError> {
    let max_depth = limits.max_depth.saturating_mul(4);
    // Tag names are short and looked up once a tag: a fast hash, and no key copied twice.
    let mut ids: HashMap<Vec<u8>, usize, xxhash_rust::xxh3::Xxh3DefaultBuilder> = HashMap::default();
    let mut open_count: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut tags = 0usize;
    let mut start_tags = 0usize;
    let mut at = 0;
    let mut name = Vec::with_capacity(16);
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found + 1;
        at = start;
        let Some(&first) = bytes.get(start) else { break };
        if first == b'!' {
            let end = if bytes[start..].starts_with(b"!--") {
                memchr::memmem::find(&bytes[start..], b"-->").map(|e| start + e + 3)
            } else {
                memchr::memchr(b'>', &bytes[start..]).map(|e| start + e + 1)
            };
            at = end.unwrap_or(bytes.len());
            continue;
        }
        let closing = first == b'/';
        let name_start = if closing { start + 1 } else { start };
        name.clear();
        for &b in bytes[name_start..].iter().take(32) {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b':' {
                name.push(b.to_ascii_lowercase());
            } else {
                break;
            }
        }
        if name.is_empty() || !name[0].is_ascii_alphabetic() {
            continue;
        }
        tags += 1;
        if tags > limits.max_nodes {
            return Err(HtmlError::TooManyNodes { limit: limits.max_nodes });
        }
        let tag_end = memchr::memchr(b'>', &bytes[name_start..]).map_or(bytes.len(), |e| name_start + e);
        at = tag_end;
        if closing {
            if let Some(&id) = ids.get(name.as_slice()) {
                if open_count[id] > 0 {
                    while let Some(top) = stack.pop() {
                        open_count[top] -= 1;
                        if top == id {
                            break;
                        }
                    }
                }
            }
            continue;
        }
        start_tags += 1;
        let raw_text = matches!(
            name.as_slice(),
            b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript"
        );
        if raw_text {
            at = find_end_tag(bytes, tag_end, &name).unwrap_or(bytes.len());
            continue;
        }
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if self_closing || closes_itself(&name) {
            continue;
        }
        let id = if let Some(&id) = ids.get(name.as_slice()) {
            id
        } else {
            let id = ids.len();
            ids.insert(name.clone(), id);
            id
        };
        if id == open_count.len() {
            open_count.push(0);
        }
        open_count[id] += 1;
        stack.push(id);
        if stack.len() > max_depth {
            return Err(HtmlError::TooDeep { limit: limits.max_depth });
        }
    }
    // The document and the elements the tree builder adds (html, head, body): a few more.
    Ok(start_tags + tags + 8)
}

/// Void elements and elements whose end tag the parser implies.
fn closes_itself(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"option"
            | b"optgroup"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Where the end tag `</name` after `from` ends (case-insensitive).
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(found) = memchr::memmem::find(&bytes[at.min(bytes.len())..], b"</") {
        let start = at + found + 2;
        if bytes.len() >= start + name.len() && bytes[start..start + name.len()].eq_ignore_ascii_case(name) {
            return Some(start + name.len());
        }
        at = start;
    }
    None
}

/// True when a rule file's test `input` is an HTML page (it starts with a tag).
pub fn looks_like_html(input: &str) -> bool {
    let t = input.trim_start();
    t.starts_with('<') && t[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '!')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prescan_refuses_runaway_nesting_and_size() {
        let limits = Limits { max_depth: 10, max_nodes: 1000 };
        let deep = "<div>".repeat(41);
        assert_eq!(prescan(deep.as_bytes(), &limits), Err(HtmlError::TooDeep { limit: 10 }));
        let closed = "<div><span>x</div>".repeat(100);
        assert!(prescan(closed.as_bytes(), &limits).is_ok());
        let paragraphs = "<p>x".repeat(900);
        assert!(prescan(paragraphs.as_bytes(), &limits).is_ok());
        let many = "<b>x</b>".repeat(600);
        assert_eq!(prescan(many.as_bytes(), &limits), Err(HtmlError::TooManyNodes { limit: 1000 }));
        let script = format!("<script>{}</script>", "<div>".repeat(100));
        assert!(prescan(script.as_bytes(), &limits).is_ok());
    }

    #[test]
    fn prescan_makes_room_for_the_whole_tree() {
        let limits = Limits::default();
        for page in [
            "<p>a</p>\n".repeat(50),
            "<!doctype html><title>T</title><ul><li>one<li>two</ul><table><tr><td>x</table>".into(),
            "<div class=a><span>word</span> <a href=x>link</a><br>text<img src=y></div>\n".repeat(20),
            "text only".into(),
        ] {
            let room = prescan(page.as_bytes(), &limits).unwrap();
            let nodes = parse::parse_document(&page, 0).len();
            assert!(nodes <= room && room <= 2 * nodes + 8, "{nodes} nodes, room for {room}: {page}");
        }
    }
}
