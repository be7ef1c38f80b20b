//! `dechrome suggest` for a site's pages: which elements hold its learned template, named by
//! stable selectors (a tag with an id or a class, never a position), and which one holds the
//! article. [`SiteSurvey::add`] reads one page; the survey's sums, like learning's, do not
//! depend on the order of the pages.

use super::dom::{Dom, Tag};
use super::learn::{dom_blocks, BlockTemplate};
use super::{parse, tree, Limits};
use std::collections::{BTreeMap, BTreeSet};

/// An element whose text is at least this share template is chrome as a whole.
const PURE_SHARE: f64 = 0.9;
/// A selector is suggested only when what it matches on all pages is at most this share
/// content: a class that is chrome on most pages and holds an article on one is left out.
const MAX_CONTENT_SHARE: f64 = 0.02;
/// The element holding the article holds at least this share of a page's prose (text that is
/// neither template nor link).
const CONTENT_HOLDS: f64 = 0.9;
/// `html-content` is suggested when one selector holds the article on this share of the pages.
pub const CONTENT_PAGES: f64 = 0.6;
/// Class names and ids longer than this are generated, not written by a person.
const MAX_NAME: usize = 40;

/// What one selector matched across the pages.
#[derive(Debug, Default, Clone)]
pub struct Matched {
    /// Pages where it was the outermost chrome element with a stable selector.
    pub pages: usize,
    /// Chars of template, and of the rest, in the elements it matched.
    pub template: usize,
    pub content: usize,
}

/// A site's pages as `suggest` reads them.
#[derive(Debug, Default)]
pub struct SiteSurvey {
    pub pages: usize,
    pub selectors: BTreeMap<String, Matched>,
    /// Per selector, the pages where it held the article as the only element it matched.
    pub content: BTreeMap<String, usize>,
}

impl SiteSurvey {
    /// Reads one page (decoded) against its site's template.
    pub fn add(&mut self, source: &str, template: &dyn BlockTemplate) {
        let tree = parse::parse_document(source, 0);
        let Ok(dom) = Dom::build(&tree, &Limits::default()) else { return };
        self.pages += 1;
        let (template_chars, all_chars, prose) = char_counts(&dom, template);
        let page_prose = prose[dom.body as usize].max(1);
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        let mut holder: Option<Vec<String>> = None;
        // Ends of the pure elements we are inside: their descendants are not outermost.
        let mut pure_until = 0u32;
        for i in 0..dom.nodes.len() as u32 {
            let node = &dom.nodes[i as usize];
            if node.tag == Tag::Text || matches!(node.tag, Tag::Html | Tag::Body | Tag::Head) {
                continue;
            }
            let names = stable_selectors(&tree, dom.sources[i as usize]);
            for name in &names {
                *count.entry(name.clone()).or_default() += 1;
            }
            let (t, all) = (template_chars[i as usize], all_chars[i as usize]);
            if names.is_empty() || all == 0 {
                continue;
            }
            let pure = t as f64 >= PURE_SHARE * all as f64;
            for name in &names {
                let m = self.selectors.entry(name.clone()).or_default();
                m.template += t;
                m.content += all - t;
                if pure && i >= pure_until && seen.insert(name.clone()) {
                    m.pages += 1;
                }
            }
            if pure && i >= pure_until {
                pure_until = node.end;
            }
            // The deepest element with a stable selector that holds the article: later (deeper)
            // holders replace it.
            if prose[i as usize] as f64 >= CONTENT_HOLDS * page_prose as f64 {
                holder = Some(names);
            }
        }
        for name in holder.unwrap_or_default() {
            if count.get(&name) == Some(&1) {
                *self.content.entry(name).or_default() += 1;
            }
        }
    }

    /// The selectors to suggest as `html-remove`, each with the pages it is chrome in: chrome
    /// on at least `min_pages` pages, and almost never anything else. Most pages first.
    pub fn remove_selectors(&self, min_pages: usize) -> Vec<(&str, usize)> {
        let mut out: Vec<(&str, usize)> = self
            .selectors
            .iter()
            .filter(|(_, m)| {
                m.pages >= min_pages && (m.content as f64) <= MAX_CONTENT_SHARE * (m.template + m.content) as f64
            })
            .map(|(s, m)| (s.as_str(), m.pages))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }

    /// The selector that holds the article on most pages, if it does on enough of them.
    pub fn content_selector(&self) -> Option<(&str, usize)> {
        let min = (CONTENT_PAGES * self.pages as f64).ceil() as usize;
        self.content
            .iter()
            .filter(|&(_, &n)| n >= min.max(2))
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(s, &n)| (s.as_str(), n))
    }
}

/// Per node, the chars of template text and of all text in its subtree, and of prose (text
/// that is neither template nor inside a link).
fn char_counts(dom: &Dom, template: &dyn BlockTemplate) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let n = dom.nodes.len();
    let mut is_template = vec![false; n];
    let blocks = dom_blocks(dom, &[], &|text| template.hash(text));
    for block in blocks.blocks.iter().filter(|b| template.contains(b.hash)) {
        for &t in blocks.texts(block) {
            is_template[t as usize] = true;
        }
    }
    let mut counted = vec![false; n];
    for block in &blocks.blocks {
        for &t in blocks.texts(block) {
            counted[t as usize] = true;
        }
    }
    let (mut template_chars, mut all, mut prose) = (vec![0; n], vec![0; n], vec![0; n]);
    // Preorder: children come after their parent, so sums run from the last node back.
    for i in (0..n).rev() {
        let node = &dom.nodes[i];
        if node.tag == Tag::Text && counted[i] {
            let chars = dom.text_of(i as u32).split_whitespace().map(|w| w.chars().count()).sum();
            all[i] = chars;
            if is_template[i] {
                template_chars[i] = chars;
            } else if !node.has(super::flag::IN_LINK) {
                prose[i] = chars;
            }
        }
        let parent = node.parent;
        if parent != super::dom::NONE {
            let p = parent as usize;
            template_chars[p] += template_chars[i];
            all[p] += all[i];
            prose[p] += prose[i];
        }
    }
    (template_chars, all, prose)
}

/// The selectors of an element that stay the same from page to page: `tag#id` and `tag.class`
/// for ids and class names without digits (generated names carry counters and hashes).
fn stable_selectors(tree: &tree::Tree, node: u32) -> Vec<String> {
    let tree::Data::Element { name, .. } = tree.data(node) else { return Vec::new() };
    let tag = &*name.local;
    let mut out = Vec::new();
    if let Some(id) = tree.attr(node, "id").map(str::trim).filter(|id| stable(id)) {
        out.push(format!("{tag}#{id}"));
    }
    if let Some(class) = tree.attr(node, "class") {
        for name in class.split_ascii_whitespace().filter(|c| stable(c)) {
            let selector = format!("{tag}.{name}");
            if !out.contains(&selector) {
                out.push(selector);
            }
        }
    }
    out
}

/// A name that reads the same on every page and needs no escaping in a selector.
fn stable(name: &str) -> bool {
    let starts_well = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    starts_well && name.len() <= MAX_NAME && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
}

/// A piece of `source` for a test case: the outer HTML of the first element `selector`
/// matches, and the first `paragraphs` paragraphs of prose outside it, in page order.
pub fn case_input(source: &str, selector: &str, paragraphs: usize) -> Option<String> {
    let html = scraper::Html::parse_document(source);
    let chrome = scraper::Selector::parse(selector).ok()?;
    let element = html.select(&chrome).next()?;
    let p = scraper::Selector::parse("p, li, td, div").ok()?;
    // Neither inside the chrome nor around it: the case would show it twice.
    let apart = |e: &scraper::ElementRef| {
        !e.ancestors().any(|a| a.id() == element.id()) && !element.ancestors().any(|a| a.id() == e.id())
    };
    let prose: Vec<String> = html
        .select(&p)
        .filter(|e| apart(e) && own_text(e) >= MIN_CASE_PARAGRAPH)
        .take(paragraphs)
        .map(|e| e.html())
        .collect();
    if prose.is_empty() {
        return None;
    }
    // The chrome between two paragraphs, where scoring alone would keep it with them.
    let (first, rest) = prose.split_first()?;
    Some(format!("<div>\n{first}\n{}\n{}\n</div>\n", element.html(), rest.join("\n")))
}

/// Bytes of the text an element holds itself, outside its child elements.
fn own_text(e: &scraper::ElementRef) -> usize {
    e.children().filter_map(|c| c.value().as_text()).map(|t| t.trim().len()).sum()
}

/// Chars of a paragraph that a test case shows as content.
const MIN_CASE_PARAGRAPH: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_names_have_no_digits_nor_escapes() {
        assert!(stable("site-nav") && stable("share_tools") && stable("Footer"));
        assert!(!stable("item-123") && !stable("css-1x2y3z") && !stable("a:b") && !stable("-x") && !stable(""));
        assert!(!stable(&"x".repeat(MAX_NAME + 1)));
    }
}
