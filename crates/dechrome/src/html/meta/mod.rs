//! Metadata a page states about itself: Open Graph and other `<meta>` tags, JSON-LD, the
//! canonical link, `<title>`, `<time datetime>`, bylines and `<html lang>`. Values are
//! checked and normalised (ISO dates, http(s) URLs, collapsed white space); a field the page
//! does not state stays unknown.

mod author;
mod date;
mod title;

use super::dom::{Dom, Head};
use crate::dates::{Date, DateOrder};
use crate::hosts::host_from_url;
use author::{byline, clean_author};
use date::DateContext;
use serde_json::Value;
use title::strip_site_suffix;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub date_modified: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

/// What JSON-LD says, from the first objects that say it.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    author: Option<String>,
    /// `datePublished` (or `dateCreated`, `uploadDate`) values of articles.
    published: Vec<String>,
    /// The same of other objects: a `WebPage` in a `@graph`, a video in the page.
    published_elsewhere: Vec<String>,
    modified: Vec<String>,
    publisher: Option<String>,
    url: Option<String>,
}

/// What a page's metadata is read against: the capture's URL and date, when known.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageContext<'a> {
    pub url: Option<&'a str>,
    pub captured: Option<Date>,
}

/// Metadata of a page.
pub fn page_meta(dom: &Dom, context: &PageContext) -> PageMeta {
    let head = &dom.head;
    let ld = json_ld(head);
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| head.metas.iter().find(|(name, v)| name == k && !v.trim().is_empty()))
            .map(|(_, v)| v.clone())
    };
    let site_name = meta(&["og:site_name", "application-name", "twitter:site:name"])
        .or_else(|| ld.publisher.clone())
        .and_then(|v| clean_value(&v));
    let title = meta(&["og:title", "twitter:title"])
        .or_else(|| ld.headline.clone())
        .or_else(|| meta(&["dc.title", "title", "headline"]))
        .or_else(|| head.title.clone())
        .and_then(|t| clean_value(&t))
        .map(|t| strip_site_suffix(&t, site_name.as_deref()));
    let author = ld
        .author
        .clone()
        .or_else(|| meta(&["author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"]))
        .and_then(|a| clean_author(&a))
        .or_else(|| byline(dom));
    let url = head
        .links
        .iter()
        .find(|(rel, _)| rel.split_whitespace().any(|r| r == "canonical"))
        .map(|(_, href)| href.clone())
        .into_iter()
        .chain(meta(&["og:url"]))
        .chain(ld.url.clone())
        .find(|u| host_from_url(u).is_some());
    let language = head
        .lang
        .clone()
        .or_else(|| meta(&["http-equiv:content-language", "og:locale", "language", "dc.language"]))
        .and_then(|l| normalize_language(&l));
    let dates = date::page_dates(
        dom,
        &ld,
        &DateContext {
            url: context.url.or(url.as_deref()),
            latest: context.captured.unwrap_or_else(Date::today),
            order: language.as_deref().map(date_order),
        },
    );
    let (date, date_modified) = (dates.published.map(Date::iso), dates.modified.map(Date::iso));
    PageMeta { title, author, date, date_modified, site_name, url, language }
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
                    let published =
                        ["datePublished", "dateCreated", "uploadDate"].iter().find_map(|k| string_of(map.get(*k)));
                    if let Some(date) = published {
                        if is_article {
                            ld.published.push(date);
                        } else {
                            ld.published_elsewhere.push(date);
                        }
                    }
                    ld.modified.extend(string_of(map.get("dateModified")));
                    if let Some(entity) = map.get("mainEntity") {
                        queue.push(entity);
                    }
                    if !is_article {
                        continue;
                    }
                    ld.headline = ld.headline.or_else(|| string_of(map.get("headline")));
                    ld.author = ld.author.or_else(|| name_of(map.get("author")));
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

/// How all-numeric dates with slashes read in a language: month first in American English,
/// day first nearly everywhere else.
fn date_order(language: &str) -> DateOrder {
    match language {
        "en" | "en-US" => DateOrder::MonthDayYear,
        _ => DateOrder::DayMonthYear,
    }
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
