//! The headline: the page's title without the site's name or section. A suffix (or prefix)
//! goes only when the page itself shows it is not part of the headline: it names the site
//! (`og:site_name`, the JSON-LD publisher, the host), it is the article's section, or the
//! page states the headline without it (an `h1`, another title tag).

use super::{clean_value, compact, Site};
use crate::html::dom::{Dom, Tag, NONE};
use crate::html::flag;

/// Between a headline and a site name or section.
const SEPARATORS: [&str; 9] = [" | ", " - ", " – ", " — ", " :: ", " » ", " › ", " · ", " / "];

/// After a site's name only: `Planet: Story`.
const LEAD_SEPARATOR: &str = ": ";

/// Site names and sections are peeled off at most this many times (`Story | Tech | Site`).
const MAX_AFFIXES: usize = 3;

/// A structured headline must be this long (compacted) to be matched against `<title>`.
const MIN_MATCH_CHARS: usize = 8;

/// An `h1` longer than this many chars is not a headline.
const MAX_H1_CHARS: usize = 300;

/// A caption has at most this many words.
const MAX_CAPTION_WORDS: usize = 40;

/// What a page states about its headline.
#[derive(Debug, Default)]
pub(super) struct Titles {
    /// Structured titles in order of preference: `og:title`, JSON-LD `headline`, …
    pub structured: Vec<String>,
    /// `<title>`.
    pub tag: Option<String>,
    /// The article's section (`article:section`, JSON-LD `articleSection`).
    pub section: Option<String>,
    /// The authors' names, compacted: `Story | Jane Roe` names the writer after the headline.
    pub authors: Vec<String>,
}

/// The headline: the structured title the `<title>` or first `h1` starts with (sites give
/// social networks other wordings), else the first structured one, else `<title>`, else the
/// content's first `h1`; then without the site's name and the section.
pub(super) fn headline(titles: &Titles, h1: Option<&str>, site: &Site) -> Option<String> {
    let shown: Vec<String> = titles.tag.iter().map(|t| compact(t)).chain(h1.map(compact)).collect();
    let matches_shown = |t: &&String| {
        let c = compact(t);
        c.chars().count() >= MIN_MATCH_CHARS && shown.iter().any(|s| s.starts_with(&c))
    };
    let raw = titles
        .structured
        .iter()
        .find(matches_shown)
        .or(titles.structured.first())
        .or(titles.tag.as_ref())
        .cloned()
        .or_else(|| h1.map(str::to_string))?;
    let raw = clean_value(&raw)?;
    let mut known: Vec<String> = titles.structured.iter().map(|t| compact(t)).collect();
    known.extend(h1.map(compact));
    Some(strip_affixes(&raw, site, titles, &known))
}

/// Peels site names and sections off either end of `title`.
fn strip_affixes(title: &str, site: &Site, titles: &Titles, known: &[String]) -> String {
    let is_affix = |part: &str, rest: &str| {
        let part_compact = compact(part);
        site.is_named(part)
            || titles.section.as_ref().is_some_and(|s| compact(s) == part_compact)
            || titles.authors.contains(&part_compact)
            || known.iter().any(|k| *k == compact(rest)) && !site.is_named(rest)
    };
    if let Some(shown) = shown_headline(title, known).filter(|h| !site.is_named(h)) {
        return shown;
    }
    let mut title = title.to_string();
    if let Some((lead, body)) = title.split_once(LEAD_SEPARATOR) {
        if is_affix(lead, body) {
            title = body.trim().to_string();
        }
    }
    for _ in 0..MAX_AFFIXES {
        let last = SEPARATORS.iter().filter_map(|s| title.rfind(s).map(|i| (i, s.len()))).max();
        let first = SEPARATORS.iter().filter_map(|s| title.find(s).map(|i| (i, s.len()))).min();
        let (Some((last, last_len)), Some((first, first_len))) = (last, first) else { break };
        let (head, tail) = (&title[..last], &title[last + last_len..]);
        let (lead, body) = (&title[..first], &title[first + first_len..]);
        let stripped = if is_affix(tail, head) {
            head
        } else if is_affix(lead, body) {
            body
        } else {
            break;
        };
        title = stripped.trim().to_string();
    }
    title
}

/// The start of `title` up to a separator, when the page states it as a headline of its own:
/// `Story | Site - Tagline` with an `h1` `Story`.
fn shown_headline(title: &str, known: &[String]) -> Option<String> {
    let mut ends: Vec<usize> = SEPARATORS.iter().flat_map(|s| title.match_indices(s).map(|(i, _)| i)).collect();
    ends.sort_unstable();
    ends.into_iter().map(|i| &title[..i]).find(|head| known.contains(&compact(head))).map(|h| h.trim().to_string())
}

/// The text of the page's first `h1`, preferring one in the article; never one inside a
/// figure or its caption.
pub(super) fn first_h1(dom: &Dom) -> Option<String> {
    let h1s = dom.nodes.iter().enumerate().filter(|(_, n)| n.tag == Tag::Heading(1)).map(|(i, _)| i as u32);
    let h1s: Vec<u32> = h1s.filter(|&h| !in_figure(dom, h)).take(8).collect();
    let first = h1s.iter().find(|&&h| dom.nodes[h as usize].has(flag::IN_CONTENT)).or(h1s.first())?;
    let text = dom.collapsed_text(*first, &[], MAX_H1_CHARS);
    (!text.is_empty() && text.chars().count() < MAX_H1_CHARS).then_some(text)
}

fn in_figure(dom: &Dom, node: u32) -> bool {
    dom.ancestors(node).any(|a| matches!(dom.nodes[a as usize].tag, Tag::Figure | Tag::Figcaption))
}

/// True when `line` (the extracted text's first line) is an image's caption: the text of a
/// `figcaption`, or of a short block that follows an image in the same element.
pub fn is_caption(dom: &Dom, line: &str) -> bool {
    let line = line.trim();
    let Some(first) = line.split_whitespace().next() else { return false };
    let text = (0..dom.nodes.len() as u32).find(|&i| {
        let node = &dom.nodes[i as usize];
        node.tag == Tag::Text && dom.text_of(i).split_whitespace().next() == Some(first) && {
            let block = block_of(dom, i);
            let shown = dom.collapsed_text(block, &[], line.len() + 1);
            shown == line
        }
    });
    let Some(text) = text else { return false };
    let block = block_of(dom, text);
    let words = line.split_whitespace().count();
    let parent = dom.nodes[block as usize].parent;
    let image_before = parent != NONE && (parent + 1..block).any(|i| dom.nodes[i as usize].tag == Tag::Img);
    in_figure(dom, text) || words <= MAX_CAPTION_WORDS && image_before
}

/// The nearest block element holding `node`.
fn block_of(dom: &Dom, node: u32) -> u32 {
    dom.ancestors(node).find(|&a| dom.nodes[a as usize].tag.is_block()).unwrap_or(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(title: &str, site: &Site, section: Option<&str>) -> String {
        let titles = Titles { section: section.map(str::to_string), ..Titles::default() };
        strip_affixes(title, site, &titles, &[])
    }

    #[test]
    fn site_names_and_sections_go_from_titles() {
        let site = Site::new(Some("Daily Planet"), None, Some("https://www.dailyplanet.com/x"), None);
        assert_eq!(strip("Budget passes | Daily Planet", &site, None), "Budget passes");
        assert_eq!(strip("Budget passes - DailyPlanet.com", &site, None), "Budget passes");
        assert_eq!(strip("Daily Planet: Budget passes", &site, None), "Budget passes");
        assert_eq!(strip("Budget: the council agrees", &site, None), "Budget: the council agrees");
        assert_eq!(strip("Budget passes | Politics | Daily Planet", &site, Some("Politics")), "Budget passes");
        assert_eq!(strip("Q&A - an interview with the mayor", &site, None), "Q&A - an interview with the mayor");
    }

    #[test]
    fn a_suffix_goes_when_the_page_states_the_headline_without_it() {
        let known = [compact("Budget passes")];
        let titles = Titles::default();
        assert_eq!(strip_affixes("Budget passes | Politics", &Site::default(), &titles, &known), "Budget passes");
        let long = "Budget passes | Planet - News, views & more";
        assert_eq!(strip_affixes(long, &Site::default(), &titles, &known), "Budget passes");
        let lead = "Planet: Budget passes";
        assert_eq!(strip_affixes(lead, &Site::default(), &titles, &known), "Budget passes");
        let titles = Titles { authors: vec![compact("Jane Roe")], ..Titles::default() };
        assert_eq!(strip_affixes("Budget passes | Jane Roe", &Site::default(), &titles, &[]), "Budget passes");
    }
}
