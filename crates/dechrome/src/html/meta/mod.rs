//! Metadata a page states about itself: Open Graph and other `<meta>` tags, JSON-LD, the
//! canonical link, `<title>`, `<time datetime>`, bylines and `<html lang>`. Values are
//! checked and normalised (ISO dates, http(s) URLs, collapsed white space); a field the page
//! does not state stays unknown.

mod author;
mod date;
mod title;

use super::dom::{Dom, Head};
use crate::dates::{normalize_date, DateOrder};
use crate::hosts::host_from_url;
use author::{byline, clean_author};
use serde_json::Value;
use title::strip_site_suffix;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

/// What JSON-LD says, from the first objects that say it.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    author: Option<String>,
    date: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
}

/// Metadata of a page; `removed` is the pruning state, so that bylines in chrome still count.
pub fn page_meta(dom: &Dom) -> PageMeta {
    let head = &dom.head;
    let ld = json_ld(head);
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| head.metas.iter().find(|(name, v)| name == k && !v.trim().is_empty()))
            .map(|(_, v)| v.clone())
    };
    let site_name =
        meta(&["og:site_name", "application-name", "twitter:site:name"]).or(ld.publisher).and_then(|v| clean_value(&v));
    let title = meta(&["og:title", "twitter:title"])
        .or(ld.headline)
        .or_else(|| meta(&["dc.title", "title", "headline"]))
        .or_else(|| head.title.clone())
        .and_then(|t| clean_value(&t))
        .map(|t| strip_site_suffix(&t, site_name.as_deref()));
    let author = ld
        .author
        .or_else(|| meta(&["author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"]))
        .and_then(|a| clean_author(&a))
        .or_else(|| byline(dom));
    let date = ld
        .date
        .into_iter()
        .chain(meta(&[
            "article:published_time",
            "og:published_time",
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "dc.date.issued",
            "dc.date",
            "sailthru.date",
            "parsely-pub-date",
        ]))
        .chain(head.times.iter().map(|(_, d)| d.clone()))
        .find_map(|d| normalize_date(d.trim(), Some(DateOrder::YearMonthDay)));
    let url = head
        .links
        .iter()
        .find(|(rel, _)| rel.split_whitespace().any(|r| r == "canonical"))
        .map(|(_, href)| href.clone())
        .into_iter()
        .chain(meta(&["og:url"]))
        .chain(ld.url)
        .find(|u| host_from_url(u).is_some());
    let language = head
        .lang
        .clone()
        .or_else(|| meta(&["http-equiv:content-language", "og:locale", "language", "dc.language"]))
        .and_then(|l| normalize_language(&l));
    PageMeta { title, author, date, site_name, url, language }
}

/// JSON-LD blocks larger than this are not read: a page's metadata takes a few KiB (a long
/// `articleBody` some hundreds), and a parsed block takes some twenty times its size.
const MAX_JSON_LD_BYTES: usize = 1 << 20;

fn json_ld(head: &Head) -> JsonLd {
    let mut ld = JsonLd::default();
    for text in head.json_ld.iter().filter(|text| text.len() <= MAX_JSON_LD_BYTES) {
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else { continue };
        // Objects may sit in a list or an `@graph`; look at a bounded number of them.
        let mut queue: Vec<&Value> = vec![&value];
        let mut seen = 0;
        while let Some(v) = queue.pop() {
            seen += 1;
            if seen > 64 {
                break;
            }
            match v {
                Value::Array(items) => queue.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        queue.push(graph);
                    }
                    let is_article = map.get("headline").is_some() || map.get("articleBody").is_some();
                    if !is_article {
                        continue;
                    }
                    ld.headline = ld.headline.or_else(|| string_of(map.get("headline")));
                    ld.author = ld.author.or_else(|| name_of(map.get("author")));
                    ld.date = ld
                        .date
                        .or_else(|| string_of(map.get("datePublished")).or_else(|| string_of(map.get("dateCreated"))));
                    ld.publisher = ld.publisher.or_else(|| name_of(map.get("publisher")));
                    ld.url = ld.url.or_else(|| string_of(map.get("url")));
                }
                _ => {}
            }
        }
    }
    ld
}

fn string_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(|i| string_of(Some(i))),
        _ => None,
    }
}

/// A name from a string, a `{ "name": … }` object, or a list of them (joined by `, `).
fn name_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => string_of(map.get("name")),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(|i| name_of(Some(i))).take(8).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// Collapses white space; refuses empty and over-long values.
pub(super) fn clean_value(raw: &str) -> Option<String> {
    let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (!value.is_empty() && value.chars().count() <= 400).then_some(value)
}

/// `en_US`, `EN-us` → `en-US`; refuses what is not a language tag.
fn normalize_language(raw: &str) -> Option<String> {
    let raw = raw.split(',').next()?.trim().replace('_', "-");
    let mut parts = raw.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut tag = primary;
    for part in parts {
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            break;
        }
        tag.push('-');
        if part.len() == 2 {
            tag.push_str(&part.to_ascii_uppercase());
        } else {
            tag.push_str(part);
        }
    }
    Some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_tags() {
        assert_eq!(normalize_language("en_us").as_deref(), Some("en-US"));
        assert_eq!(normalize_language("de").as_deref(), Some("de"));
        assert_eq!(normalize_language("english"), None);
    }
}
