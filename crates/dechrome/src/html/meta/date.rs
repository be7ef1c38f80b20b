//! Publication and modification dates. Signals are tried from the most to the least reliable:
//! the URL's path, structured data (JSON-LD, `<meta>`, microdata), the date shown by the
//! headline, a modification date, and last dates in an image's path, the title or the text.
//! A date before the web or after the capture is no page's date.

use super::super::dom::{DateElement, Dom, Tag};
use super::super::flag;
use super::super::hints::DateKind;
use super::JsonLd;
use crate::dates::{find_date, parse_date, Date, DateOrder};
use regex::Regex;
use std::sync::LazyLock;

/// The dates a page gives: when it was first published, and last changed if it says so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageDates {
    pub published: Option<Date>,
    pub modified: Option<Date>,
}

/// What the dates are read against.
#[derive(Debug, Clone, Copy)]
pub(super) struct DateContext<'a> {
    /// The capture's URL, else the page's canonical one.
    pub url: Option<&'a str>,
    /// The latest date a page can have: the capture's, else today.
    pub latest: Date,
    /// How all-numeric dates (`03/04/2019`) read in the page's language.
    pub order: Option<DateOrder>,
}

/// No page was published before the web was public.
const EARLIEST: Date = Date { year: 1995, month: 1, day: 1 };

/// `<meta>` names and properties of the publication date, most specific first.
const PUBLISHED_METAS: &[&str] = &[
    "article:published_time",
    "article:published",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "datecreated",
    "uploaddate",
    "og:pubdate",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "published_time",
    "published-date",
    "publication_date",
    "publicationdate",
    "originalpublicationdate",
    "original-publish-date",
    "article.published",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "shareaholic:article_published_time",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "bepress_citation_date",
    "prism.publicationdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dc:date",
    "dcterms.date",
    "date",
    "displaydate",
    "live_date",
    "created",
    "creation_date",
];

/// `<meta>` names and properties of the last modification.
const MODIFIED_METAS: &[&str] = &[
    "article:modified_time",
    "article:modified",
    "og:updated_time",
    "og:modified_time",
    "datemodified",
    "modified_time",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "http-equiv:last-modified",
    "revised",
];

/// The dates of a page, from the most reliable signal that gives a plausible one.
pub(super) fn page_dates(dom: &Dom, ld: &JsonLd, context: &DateContext) -> PageDates {
    let plausible = |date: Date| (EARLIEST..=context.latest).contains(&date);
    let stamps = |values: &[String]| -> Vec<Stamp> {
        values.iter().filter_map(|v| Stamp::read(v, context.order)).filter(|s| plausible(s.date)).collect()
    };
    let metas = |keys: &[&str]| -> Vec<Stamp> {
        let values = keys.iter().flat_map(|key| dom.head.metas.iter().filter(move |(name, _)| name == key));
        stamps(&values.map(|(_, v)| v.clone()).collect::<Vec<_>>())
    };
    let shown_all: Vec<(&DateElement, Date)> =
        shown_dates(dom, context.order).filter(|(_, date)| plausible(*date)).collect();
    let marked = |kind: DateKind| -> Vec<Stamp> {
        let marked = shown_all.iter().filter(|(e, _)| e.marked && e.kind == kind);
        marked.map(|&(_, date)| Stamp { date, utc: false }).collect()
    };
    let structured: Vec<Stamp> =
        [stamps(&ld.published), metas(PUBLISHED_METAS), stamps(&ld.published_elsewhere), marked(DateKind::Published)]
            .concat();
    let modified = [stamps(&ld.modified), metas(MODIFIED_METAS), marked(DateKind::Modified)].concat();
    let modified = modified.first().map(|s| s.date);
    let headline = dom.nodes.iter().position(|n| n.tag == Tag::Heading(1)).map(|i| i as u32);
    let shown = shown_date(headline, &shown_all);
    // A URL's date is set when the story is filed, in the site's own time zone, and so is the
    // date shown on the page; a UTC time stamp may fall on the day before or after.
    let local = shown.map(|date| Stamp { date, utc: false }).into_iter().chain(structured.iter().copied());
    let published = context
        .url
        .and_then(url_date)
        .filter(|d| plausible(*d))
        .or_else(|| {
            let first = structured.first()?.in_local_time(local);
            let shown = shown.or_else(|| text_date(dom, headline, context.order, &plausible));
            Some(shown.filter(|&s| shows_only(dom, &shown_all, s, first, context.order)).unwrap_or(first))
        })
        .or(shown)
        .or(modified)
        .or_else(|| shown_all.iter().find(|(e, _)| e.kind == DateKind::Modified).map(|&(_, date)| date))
        .or_else(|| image_date(dom).filter(|d| plausible(*d)))
        .or_else(|| dom.head.title.as_deref().and_then(|t| find_date(t, context.order)).filter(|d| plausible(*d)))
        .or_else(|| text_date(dom, headline, context.order, &plausible));
    let modified = modified.filter(|m| published.is_some_and(|p| *m > p));
    PageDates { published, modified }
}

/// A date read from a time stamp, and whether the stamp was in UTC.
#[derive(Debug, Clone, Copy)]
struct Stamp {
    date: Date,
    utc: bool,
}

impl Stamp {
    fn read(value: &str, order: Option<DateOrder>) -> Option<Stamp> {
        let value = value.trim();
        let date = parse_date(value, Some(DateOrder::YearMonthDay)).or_else(|| find_date(value, order))?;
        let has_time = value.get(10..).is_some_and(|rest| rest.contains(':'));
        let utc = has_time && ["Z", "+00:00", "+0000", "GMT", "UTC"].iter().any(|zone| value.ends_with(zone));
        Some(Stamp { date, utc })
    }

    /// This stamp's day, or where it is a UTC one, the day a stamp in local time puts within
    /// a day of it.
    fn in_local_time(self, others: impl Iterator<Item = Stamp>) -> Date {
        if !self.utc {
            return self.date;
        }
        others.filter(|o| !o.utc && o.date.days_from(self.date).abs() <= 1).map(|o| o.date).next().unwrap_or(self.date)
    }
}

/// The dates that date elements show, in document order: from their attribute when it holds
/// one, else from their text. Elements in comments, footers, sidebars and navigation are
/// left out: their dates are other posts'.
fn shown_dates(dom: &Dom, order: Option<DateOrder>) -> impl Iterator<Item = (&DateElement, Date)> + '_ {
    dom.head.dates.iter().filter(|e| !in_chrome(dom, e.node)).filter_map(move |e| {
        let from_value = e
            .value
            .as_deref()
            .and_then(|v| parse_date(v, Some(DateOrder::YearMonthDay)).or_else(|| find_date(v, order)));
        let date = from_value.or_else(|| {
            let text = dom.collapsed_text(e.node, &[], MAX_SHOWN_CHARS + 1);
            (text.len() <= MAX_SHOWN_CHARS).then(|| find_date(&text, order)).flatten()
        })?;
        Some((e, date))
    })
}

/// A date element holds a date and a few words ("Posted by Jane on 3 April 2019"); a longer
/// text is a paragraph, whose dates are what it tells of.
const MAX_SHOWN_CHARS: usize = 160;

/// The date shown with the article: the date element nearest the headline (the date line
/// sits just above or below it), else the first one.
fn shown_date(headline: Option<u32>, shown: &[(&DateElement, Date)]) -> Option<Date> {
    let dates = shown.iter().filter(|(e, _)| e.kind != DateKind::Modified).map(|&(e, d)| (e.node, d));
    match headline {
        Some(h) => dates.min_by_key(|(node, _)| node.abs_diff(h)).map(|(_, date)| date),
        None => dates.map(|(_, date)| date).next(),
    }
}

/// Whether the page shows `shown`, a later date than its structured data's `first`, and no
/// other: a page updated or republished shows readers the new date, which is the one they (and
/// people labelling dates) go by. A listing shows many dates, and a page showing `first` is read
/// as first published then.
fn shows_only(
    dom: &Dom,
    shown_all: &[(&DateElement, Date)],
    shown: Date,
    first: Date,
    order: Option<DateOrder>,
) -> bool {
    let same_day = |a: Date, b: Date| a.days_from(b).abs() <= 1;
    shown.days_from(first) > 1
        && shown_all.iter().filter(|(e, _)| e.kind != DateKind::Modified).all(|&(_, d)| same_day(d, shown))
        && !shown_all.iter().any(|&(_, d)| same_day(d, first))
        && !text_shows(dom, first, order)
}

/// Whether a short line of the page's text holds `date` (within a day).
fn text_shows(dom: &Dom, date: Date, order: Option<DateOrder>) -> bool {
    let texts = (0..dom.nodes.len()).filter(|&i| dom.nodes[i].tag == Tag::Text).take(MAX_TEXT_NODES);
    texts.filter_map(|i| line_date(dom, i as u32, order)).any(|d| d.days_from(date).abs() <= 1)
}

/// The date in text node `node` when it is a short line ([`MAX_SHOWN_CHARS`]) that holds one.
fn line_date(dom: &Dom, node: u32, order: Option<DateOrder>) -> Option<Date> {
    let text = dom.text_of(node).trim();
    (text.len() <= MAX_SHOWN_CHARS && text.bytes().any(|b| b.is_ascii_digit()))
        .then(|| find_date(text, order))
        .flatten()
}

/// The date in the path of the page's image (`/2020/03/04/photo.jpg`): images are uploaded
/// with the story.
fn image_date(dom: &Dom) -> Option<Date> {
    ["og:image", "twitter:image"]
        .iter()
        .find_map(|key| dom.head.metas.iter().find(|(name, _)| name == key))
        .and_then(|(_, url)| url_date(url))
}

/// The first date in a short line of the visible text, after the headline if there is one:
/// the date line of a page whose template marks it in no way.
fn text_date(
    dom: &Dom,
    headline: Option<u32>,
    order: Option<DateOrder>,
    plausible: &dyn Fn(Date) -> bool,
) -> Option<Date> {
    let headline = headline.map_or(0, |h| h as usize);
    let texts = (headline..dom.nodes.len()).chain(0..headline).filter(|&i| dom.nodes[i].tag == Tag::Text);
    texts
        .take(MAX_TEXT_NODES)
        .find_map(|i| line_date(dom, i as u32, order).filter(|d| plausible(*d) && !in_chrome(dom, i as u32)))
}

/// Text nodes searched for a date line; the article's comes within the first few hundred.
const MAX_TEXT_NODES: usize = 2000;

/// Inside comments, a footer, a sidebar or navigation.
fn in_chrome(dom: &Dom, node: u32) -> bool {
    std::iter::once(node).chain(dom.ancestors(node)).any(|i| {
        let n = &dom.nodes[i as usize];
        n.has(flag::COMMENTS | flag::CHROME_ROLE) || matches!(n.tag, Tag::Footer | Tag::Nav | Tag::Aside)
    })
}

/// `/2019/04/03/`, `/2019-04-03-`, `_20190403.html`: a whole date in a URL's path.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\D)((?:19|20)\d{2})(?:([/_-])(\d{1,2})([/_-])(\d{1,2})|(\d{2})(\d{2}))(\D|$)").unwrap()
});

/// The date in a URL's path, if it holds a whole one. An archive's URL
/// (`web.archive.org/web/20140226054445/http://…`) is read for the URL it archives.
fn url_date(url: &str) -> Option<Date> {
    let archived = ["/http://", "/https://"].iter().find_map(|inner| url.find(inner)).map(|at| at + 1);
    let url = archived.map_or(url, |at| &url[at..]);
    let path_start = url.find("://").map_or(0, |i| url[i + 3..].find('/').map_or(url.len(), |j| i + 3 + j));
    let path = url[path_start..].split(['?', '#']).next().unwrap_or("");
    URL_DATE.captures_iter(path).find_map(|c| {
        let year = c[1].parse().ok()?;
        let (month, day) = match (c.get(2), c.get(4)) {
            // One separator throughout, and the day ends a path segment or a word (not
            // `/2023/10/3-questions`, a month's page with a number in its slug).
            (Some(first), Some(second)) => {
                let after = &c[8];
                let day_ends = after.is_empty() || after == "." || after == first.as_str() || c[5].len() == 2;
                if first.as_str() != second.as_str() || !day_ends {
                    return None;
                }
                (&c[3], &c[5])
            }
            _ => (c.get(6)?.as_str(), c.get(7)?.as_str()),
        };
        Date::new(year, month.parse().ok()?, day.parse().ok()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_stamps_are_told_from_local_ones() {
        let utc = |v: &str| Stamp::read(v, None).map(|s| s.utc);
        assert_eq!(utc("2020-02-25T02:25:54Z"), Some(true));
        assert_eq!(utc("Sat, 19 Oct 2019 00:04:00 GMT"), Some(true));
        assert_eq!(utc("2020-02-24T21:25:54-05:00"), Some(false));
        assert_eq!(utc("2020-02-24"), Some(false));
        // Multi-byte text at the tenth byte is no time.
        assert_eq!(utc("2019年4月3日 10:00"), Some(false));
    }

    #[test]
    fn urls_give_whole_dates_only() {
        let date = |url: &str| url_date(url).map(Date::iso);
        assert_eq!(date("https://example.com/2019/04/03/a-story/").as_deref(), Some("2019-04-03"));
        assert_eq!(date("https://example.com/news/2019-4-3-a-story").as_deref(), Some("2019-04-03"));
        assert_eq!(date("https://example.com/speeches/20030331_speech.html").as_deref(), Some("2003-03-31"));
        assert_eq!(date("https://example.com/2019/04/a-story/"), None);
        assert_eq!(date("https://example.com/2023/10/3-questions-for-jane/"), None);
        assert_eq!(date("https://example.com/2023/10/03-questions-for-jane/").as_deref(), Some("2023-10-03"));
        assert_eq!(date("https://example.com/item/120190403555"), None);
        assert_eq!(date("https://example.com/a?from=2019-04-03"), None);
        assert_eq!(
            date("https://web.archive.org/web/20140226054445/http://example.com/2013/08/07/story/").as_deref(),
            Some("2013-08-07")
        );
    }
}
