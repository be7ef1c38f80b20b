//! What class names, ids, roles and styles say about an element. The word lists follow what
//! the established extractors (readability, trafilatura, jusText) learned from the web:
//! templates name their chrome ("sidebar", "share", "comments") and their article
//! ("article-body", "entry-content") in much the same words everywhere.

use super::flag;
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

/// Hints that add to an element's weight: it probably holds the content.
const POSITIVE: &[&str] =
    &["article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text", "blog", "story"];

/// Hints that take from an element's weight: it is probably chrome.
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "social",
    "subscribe",
    "newsletter",
    "cookie",
    "taboola",
    "byline",
];

/// Hints that mark an element as chrome to remove before scoring, unless it also carries one
/// of [`MAYBE`].
const UNLIKELY: &[&str] = &[
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "share",
    "sharing",
    "newsletter",
    "cookie",
    "consent",
    "subscribe",
    "signup",
    "sign-up",
    "promo",
    "modal",
    "navbar",
    "outbrain",
    "taboola",
    "recommend",
    "trending",
    "most-popular",
    "mostpopular",
    "paywall",
];

/// Words that keep an unlikely-looking element: `main-sidebar-and-content` wraps the article.
const MAYBE: &[&str] = &["and", "article", "body", "column", "content", "main", "shadow", "mathjax"];

/// Hints of reader comments: removed even when extraction runs relaxed, since comment
/// threads are long prose that would otherwise pass for the article.
const COMMENTS: &[&str] = &["comment", "disqus", "replies", "respond", "discussion"];

/// Byline hints: the element names the author.
const BYLINE: &[&str] = &["byline", "author", "writtenby", "p-author"];

/// Hints that an element is the article itself.
const CONTENT: &[&str] = &[
    "articlebody",
    "article-body",
    "article__body",
    "article-content",
    "article_content",
    "articlecontent",
    "entry-content",
    "post-content",
    "post_content",
    "postcontent",
    "post-body",
    "story-body",
    "storybody",
    "story-content",
    "main-content",
    "maincontent",
];

/// Hints that an element shows a date (its text or its `datetime`/`title` attribute).
const DATE: &[&str] = &["date", "time", "datum", "fecha", "data", "dateline", "posted", "submitted", "byline"];

/// Hints that the date shown is the publication date.
const DATE_PUBLISHED: &[&str] = &["publish", "pubdate", "created", "entry-date"];

/// Hints that the date shown is a later revision's.
const DATE_MODIFIED: &[&str] = &["updated", "modified", "lastmod", "last-mod", "revised"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Positive,
    Negative,
    Unlikely,
    Maybe,
    Byline,
    Content,
    Comments,
    Date,
    DatePublished,
    DateModified,
}

pub struct Hints {
    searcher: AhoCorasick,
    groups: Vec<Group>,
}

/// What a class/id string says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Found {
    pub flags: u16,
    pub weight: i16,
    /// What kind of date the element shows, if its names say it shows one.
    pub date: Option<DateKind>,
}

/// Which date an element shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    Published,
    Modified,
    /// A date whose role the page does not say.
    Unknown,
}

static HINTS: LazyLock<Hints> = LazyLock::new(|| {
    let mut words = Vec::new();
    let mut groups = Vec::new();
    for (list, group) in [
        (POSITIVE, Group::Positive),
        (NEGATIVE, Group::Negative),
        (UNLIKELY, Group::Unlikely),
        (MAYBE, Group::Maybe),
        (BYLINE, Group::Byline),
        (CONTENT, Group::Content),
        (COMMENTS, Group::Comments),
        (DATE, Group::Date),
        (DATE_PUBLISHED, Group::DatePublished),
        (DATE_MODIFIED, Group::DateModified),
    ] {
        for word in list {
            words.push(*word);
            groups.push(group);
        }
    }
    let searcher = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&words)
        .expect("hint words build an automaton");
    Hints { searcher, groups }
});

pub fn get() -> &'static Hints {
    &HINTS
}

impl Hints {
    /// Classifies the class names and id of an element, joined by spaces (`Dom::build`
    /// classifies the names one by one).
    #[cfg(test)]
    pub fn classify(&self, class_id: &str) -> Found {
        Self::found(self.groups_in(class_id))
    }

    /// The groups whose words occur in `text`, one bit per group. No word holds white space,
    /// so the groups of a string are those of its white-space separated parts put together.
    pub fn groups_in(&self, text: &str) -> u16 {
        text.split_ascii_whitespace().fold(0, |seen, name| seen | self.groups_of_name(name))
    }

    /// The groups of one class name or id. A name that starts with a comments word names a
    /// part of a comment (`comments-body`, `comment-content`): its "body" or "content" does
    /// not keep it.
    fn groups_of_name(&self, name: &str) -> u16 {
        let mut seen = 0u16;
        let mut comments_first = false;
        for m in self.searcher.find_overlapping_iter(name) {
            let group = self.groups[m.pattern().as_usize()];
            comments_first |= group == Group::Comments && m.start() == 0 && !is_commentary(name);
            seen |= 1 << group as u16;
        }
        if comments_first {
            seen &= !(1 << Group::Maybe as u16);
        }
        seen
    }

    /// What the groups of [`Hints::groups_in`] say.
    pub fn found(seen: u16) -> Found {
        let has = |g: Group| seen & (1 << g as u16) != 0;
        let mut found = Found::default();
        if has(Group::Positive) {
            found.weight += 25;
        }
        if has(Group::Negative) {
            found.weight -= 25;
        }
        if has(Group::Unlikely) && !has(Group::Maybe) {
            found.flags |= flag::UNLIKELY;
        }
        if has(Group::Comments) && !has(Group::Maybe) {
            found.flags |= flag::UNLIKELY | flag::COMMENTS;
        }
        if has(Group::Byline) {
            found.flags |= flag::BYLINE;
        }
        if has(Group::Content) {
            found.flags |= flag::CONTENT;
            found.weight += 25;
        }
        found.date = if has(Group::DatePublished) {
            Some(DateKind::Published)
        } else if has(Group::DateModified) {
            Some(DateKind::Modified)
        } else {
            has(Group::Date).then_some(DateKind::Unknown)
        };
        found
    }
}

/// "Commentary" names an opinion piece, not reader comments.
fn is_commentary(name: &str) -> bool {
    name.get(..10).is_some_and(|head| head.eq_ignore_ascii_case("commentary"))
}

/// True when an inline style hides the element.
pub fn hides(style: &str) -> bool {
    let compact: String = style.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// Flags of an ARIA role: landmarks of chrome, or the main content.
pub fn role_flags(role: &str) -> u16 {
    let mut flags = 0;
    for role in role.split_whitespace() {
        match role.to_ascii_lowercase().as_str() {
            "navigation" | "banner" | "complementary" | "contentinfo" | "menu" | "menubar" | "dialog"
            | "alertdialog" | "search" | "toolbar" | "tablist" => flags |= flag::CHROME_ROLE,
            "main" | "article" => flags |= flag::CONTENT,
            _ => {}
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_and_content_hints() {
        let hints = get();
        assert!(hints.classify("sidebar widget ").flags & flag::UNLIKELY != 0);
        assert!(hints.classify("main-sidebar-and-content ").flags & flag::UNLIKELY == 0);
        assert!(hints.classify("entry-content ").weight > 0);
        assert!(hints.classify("comments ").weight < 0);
        assert!(hints.classify("post-byline ").flags & flag::BYLINE != 0);
        // A comment's own body or content is a comment; an article's content or commentary is not.
        for part in ["comments-body", "comment-content", "commentBody"] {
            assert!(hints.classify(part).flags & flag::COMMENTS != 0, "{part}");
        }
        for kept in ["commentary-body", "post-content"] {
            assert!(hints.classify(kept).flags & flag::UNLIKELY == 0, "{kept}");
        }
        // Parts are classified alone and their groups put together: the same as the whole.
        for class_id in ["main-sidebar and-content ", "sidebar\twidget main ", "x ", " ", "comment-list column "] {
            let parts = class_id.split_ascii_whitespace().fold(0, |seen, part| seen | hints.groups_in(part));
            let (whole, split) = (hints.classify(class_id), Hints::found(parts));
            assert_eq!((whole.flags, whole.weight), (split.flags, split.weight), "{class_id:?}");
        }
        assert!(hides("color: red; DISPLAY : none"));
        assert!(!hides("display:block"));
    }
}
