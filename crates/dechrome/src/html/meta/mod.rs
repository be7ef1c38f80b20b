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
use author::{byline, join_names, microdata_persons, names_in, AUTHOR_SEPARATOR};
use date::DateContext;
use serde_json::{Map, Value};
use std::collections::HashMap;
use title::{first_h1, headline, Titles};

pub use title::is_caption;

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
    /// Raw names of the first article's `Person` authors (organisations left out).
    authors: Vec<String>,
    /// `datePublished` (or `dateCreated`, `uploadDate`) values of articles.
    published: Vec<String>,
    /// The same of other objects: a `WebPage` in a `@graph`, a video in the page.
    published_elsewhere: Vec<String>,
    modified: Vec<String>,
    publisher: Option<String>,
    url: Option<String>,
    section: Option<String>,
}

/// What a page's metadata is read against: the capture's URL, host and date, when known.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageContext<'a> {
    pub url: Option<&'a str>,
    /// The capture's host (from its folder or URL): many pages do not state their own URL.
    pub host: Option<&'a str>,
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
    let url = canonical_url(head, meta(&["og:url"]), ld.url.clone());
    let site = Site::new(site_name.as_deref(), ld.publisher.as_deref(), url.as_deref(), context.host);
    let author = stated_author(dom, &ld.authors, &site);
    let titles = Titles {
        structured: [meta(&["og:title"]), ld.headline.clone(), meta(&["twitter:title", "dc.title", "headline"])]
            .into_iter()
            .flatten()
            .collect(),
        tag: head.title.clone().and_then(|t| clean_value(&t)),
        section: meta(&["article:section"]).or_else(|| ld.section.clone()),
        authors: author.iter().flat_map(|a| a.split(AUTHOR_SEPARATOR)).map(compact).collect(),
    };
    let title = headline(&titles, first_h1(dom).as_deref(), &site);
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

/// The canonical link, else `og:url`, else JSON-LD's `url`: the first that is an http(s) URL.
fn canonical_url(head: &Head, og_url: Option<String>, ld_url: Option<String>) -> Option<String> {
    head.links
        .iter()
        .find(|(rel, _)| rel.split_whitespace().any(|r| r == "canonical"))
        .map(|(_, href)| href.clone())
        .into_iter()
        .chain(og_url)
        .chain(ld_url)
        .find(|u| host_from_url(u).is_some())
}

/// Meta tags that name authors, in order of preference.
const AUTHOR_METAS: [&str; 8] = [
    "author",
    "article:author",
    "dc.creator",
    "dc:creator",
    "dcterms.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
];

/// The authors: JSON-LD persons, else microdata persons (the structured data names people
/// where a `<meta name=author>` often names the site or a masthead), else the author meta
/// tags (all of the first key that names someone: `DC.creator` repeats), else the byline.
fn stated_author(dom: &Dom, ld_authors: &[String], site: &Site) -> Option<String> {
    let structured = || join_names(ld_authors.iter().flat_map(|a| names_in(a, site)).collect());
    let microdata = || join_names(microdata_persons(dom, site));
    let metas = || {
        AUTHOR_METAS.iter().find_map(|key| {
            let values = dom.head.metas.iter().filter(|(name, _)| name == key);
            join_names(values.flat_map(|(_, v)| names_in(v, site)).collect())
        })
    };
    structured().or_else(microdata).or_else(metas).or_else(|| byline(dom, site))
}

/// JSON-LD blocks larger than this are not read: a page's metadata takes a few KiB (a long
/// `articleBody` some hundreds), and a parsed block takes some twenty times its size.
const MAX_JSON_LD_BYTES: usize = 1 << 20;

/// Objects of all blocks looked at, at most: a page's metadata sits near the top.
const MAX_JSON_LD_OBJECTS: usize = 64;

fn json_ld(head: &Head) -> JsonLd {
    let mut ld = JsonLd::default();
    let blocks: Vec<Value> = head
        .json_ld
        .iter()
        .filter(|text| text.len() <= MAX_JSON_LD_BYTES)
        .filter_map(|text| serde_json::from_str::<Value>(without_cdata(text)).ok())
        .collect();
    let ids = objects_by_id(&blocks);
    for value in &blocks {
        // Objects may sit in a list or an `@graph`; look at a bounded number of them.
        let mut queue: Vec<&Value> = vec![value];
        let mut seen = 0;
        while let Some(v) = queue.pop() {
            seen += 1;
            if seen > MAX_JSON_LD_OBJECTS {
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
                    if ld.authors.is_empty() {
                        persons_of(map.get("author"), &ids, &mut ld.authors);
                    }
                    ld.section = ld.section.take().or_else(|| string_of(map.get("articleSection")));
                    ld.publisher = ld.publisher.or_else(|| name_of(map.get("publisher")));
                    ld.url = ld.url.or_else(|| string_of(map.get("url")));
                }
                _ => {}
            }
        }
    }
    ld
}

/// A block's JSON, without the `<![CDATA[ … ]]>` (or `//<![CDATA[`) some pages wrap it in.
fn without_cdata(text: &str) -> &str {
    let text = text.trim();
    let text = text.strip_prefix("//").unwrap_or(text).trim_start();
    let Some(inner) = text.strip_prefix("<![CDATA[") else { return text };
    let inner = inner.trim_end();
    let inner = inner.strip_suffix("]]>").unwrap_or(inner).trim_end();
    inner.strip_suffix("//").unwrap_or(inner).trim()
}

/// Objects with an `@id`, by id, from the top level and `@graph`s of every block: an
/// article's `"author": {"@id": "#person-1"}` names an object elsewhere.
fn objects_by_id(blocks: &[Value]) -> HashMap<&str, &Map<String, Value>> {
    let mut ids = HashMap::new();
    let mut queue: Vec<&Value> = blocks.iter().collect();
    let mut seen = 0;
    while let Some(v) = queue.pop() {
        seen += 1;
        if seen > MAX_JSON_LD_OBJECTS * 4 {
            break;
        }
        match v {
            Value::Array(items) => queue.extend(items),
            Value::Object(map) => {
                if let Some(graph) = map.get("@graph") {
                    queue.push(graph);
                }
                if let Some(Value::String(id)) = map.get("@id") {
                    ids.entry(id.as_str()).or_insert(map);
                }
            }
            _ => {}
        }
    }
    ids
}

/// Types of authors that are not people.
const ORGANISATION_TYPES: [&str; 4] = ["Organization", "NewsMediaOrganization", "Corporation", "WebSite"];

/// Names of the people in an `author` value: strings, `Person` objects (by reference too),
/// lists of them; organisations are left out.
fn persons_of(v: Option<&Value>, ids: &HashMap<&str, &Map<String, Value>>, out: &mut Vec<String>) {
    let Some(v) = v else { return };
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().take(MAX_JSON_LD_OBJECTS).for_each(|i| persons_of(Some(i), ids, out)),
        Value::Object(map) => {
            let target = match (map.get("name"), map.get("@id")) {
                (None, Some(Value::String(id))) => ids.get(id.as_str()).copied().unwrap_or(map),
                _ => map,
            };
            let types = target.get("@type").map(Value::to_string).unwrap_or_default();
            if ORGANISATION_TYPES.iter().any(|o| types.contains(&format!("\"{o}\""))) {
                return;
            }
            let name = string_of(target.get("name")).or_else(|| {
                let given = string_of(target.get("givenName"))?;
                Some(format!("{given} {}", string_of(target.get("familyName")).unwrap_or_default()))
            });
            out.extend(name);
        }
        _ => {}
    }
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

/// The names of the site a page belongs to, compacted: `og:site_name` (and its part before a
/// separator, `Planet - News that matters`), the JSON-LD publisher, the host's name.
#[derive(Debug, Default)]
pub(super) struct Site {
    names: Vec<String>,
    host: Option<String>,
}

/// Between a site's name and its tagline.
const SITE_NAME_SEPARATORS: [&str; 5] = [" - ", " | ", " – ", " — ", ": "];

/// Second-level labels under which country domains register names: `bbc.co.uk`.
const SECOND_LEVELS: [&str; 8] = ["co", "com", "org", "net", "gov", "ac", "ne", "or"];

/// A host's name shorter than this is too likely to start a person's or a word's name.
const MIN_HOST_NAME_CHARS: usize = 3;

impl Site {
    /// The host is the page's URL's, else the capture's.
    pub(super) fn new(site_name: Option<&str>, publisher: Option<&str>, url: Option<&str>, host: Option<&str>) -> Site {
        let mut names = Vec::new();
        for name in site_name.into_iter().chain(publisher) {
            names.push(compact(name));
            let lead = SITE_NAME_SEPARATORS.iter().filter_map(|sep| name.split_once(sep)).map(|(lead, _)| lead);
            names.extend(lead.map(compact));
        }
        names.retain(|n| !n.is_empty());
        let host = url.and_then(host_from_url).or_else(|| host.map(str::to_string)).and_then(|h| host_name(&h));
        Site { names, host }
    }

    /// True when `text` is the site's name: `BBC News` on `bbc.co.uk`, `The Verge` on
    /// `theverge.com`, `Planet.com` for the site name `Planet`.
    pub(super) fn is_named(&self, text: &str) -> bool {
        let text = compact(text);
        if text.is_empty() {
            return false;
        }
        let bare = |t: &str| t.strip_suffix("com").unwrap_or(t).to_string();
        self.names.iter().any(|n| *n == text || bare(n) == bare(&text))
            || self.host.as_ref().is_some_and(|h| {
                h.chars().count() >= MIN_HOST_NAME_CHARS
                    && (text.starts_with(h.as_str()) || h.strip_prefix("the") == Some(text.as_str()))
            })
    }
}

/// `news.bbc.co.uk` → `bbc`; `www.theverge.com` → `theverge`.
fn host_name(host: &str) -> Option<String> {
    let mut labels: Vec<&str> = host.split('.').collect();
    labels.pop()?;
    if labels.len() > 1 && labels.last().is_some_and(|l| SECOND_LEVELS.contains(l)) {
        labels.pop();
    }
    labels.last().map(|l| l.replace('-', ""))
}

/// Latin letters with diacritics and their bare letters: `Andalucía` is `andalucia.es`.
const FOLDS: [(&str, char); 12] = [
    ("àáâãäåā", 'a'),
    ("çćč", 'c'),
    ("èéêëēěę", 'e'),
    ("ìíîïī", 'i'),
    ("ñńň", 'n'),
    ("òóôõöøō", 'o'),
    ("ùúûüūů", 'u'),
    ("ýÿ", 'y'),
    ("šś", 's'),
    ("žźż", 'z'),
    ("ř", 'r'),
    ("ł", 'l'),
];

/// Lowercase letters and digits only, diacritics dropped: how names are compared.
pub(super) fn compact(text: &str) -> String {
    let fold = |c: char| FOLDS.iter().find(|(from, _)| from.contains(c)).map_or(c, |&(_, to)| to);
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).map(fold).collect()
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
