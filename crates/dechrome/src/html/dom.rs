//! A compact copy of the parsed page: nodes in document (pre-)order, so a subtree is a
//! contiguous range of indices and every walk is a loop, never a recursion. Built from
//! the parsed [`Tree`] in one pass that also checks the limits, reads class/id hints and
//! collects what the metadata needs.

use super::flag;
use super::hints::{self, DateKind, Hints};
use super::tree::{Data, Edge, Tree};
use super::{HtmlError, Limits};

/// "No node".
pub const NONE: u32 = u32::MAX;

/// The element names extraction cares about; everything else is `Inline` or `Block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Text,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    /// script, style, noscript, template, svg, math, iframe, object, embed, canvas, video,
    /// audio, map: never text.
    Invisible,
    /// Form controls: button, input, select, textarea, option.
    Control,
    Img,
    Br,
    Hr,
    P,
    Div,
    A,
    Heading(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Tr,
    Td,
    Th,
    Pre,
    Blockquote,
    Article,
    Main,
    Section,
    Nav,
    Aside,
    Header,
    Footer,
    Form,
    Figure,
    Figcaption,
    Time,
    Address,
    /// Another element that starts a new block (fieldset, center, details, …).
    Block,
    /// Another element that flows inside a line (span, b, em, font, …).
    Inline,
}

impl Tag {
    pub(crate) fn from_name(name: &str) -> Tag {
        match name {
            "html" => Tag::Html,
            "head" => Tag::Head,
            "body" => Tag::Body,
            "title" => Tag::Title,
            "meta" => Tag::Meta,
            "link" => Tag::Link,
            "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object" | "embed"
            | "canvas" | "video" | "audio" | "map" | "frameset" | "frame" | "applet" | "dialog" | "noembed"
            | "noframes" => Tag::Invisible,
            "button" | "input" | "select" | "textarea" | "option" | "optgroup" | "datalist" => Tag::Control,
            "img" | "picture" => Tag::Img,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "p" => Tag::P,
            "div" => Tag::Div,
            "a" => Tag::A,
            "h1" => Tag::Heading(1),
            "h2" => Tag::Heading(2),
            "h3" => Tag::Heading(3),
            "h4" => Tag::Heading(4),
            "h5" => Tag::Heading(5),
            "h6" => Tag::Heading(6),
            "ul" | "menu" | "dir" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" => Tag::Td,
            "th" => Tag::Th,
            "pre" | "listing" | "xmp" | "plaintext" => Tag::Pre,
            "blockquote" => Tag::Blockquote,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "section" => Tag::Section,
            "nav" => Tag::Nav,
            "aside" => Tag::Aside,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "form" => Tag::Form,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "time" => Tag::Time,
            "address" => Tag::Address,
            "fieldset" | "legend" | "center" | "details" | "summary" | "hgroup" | "caption" | "thead" | "tbody"
            | "tfoot" | "colgroup" | "frameset-content" => Tag::Block,
            _ => Tag::Inline,
        }
    }

    /// Starts a new block of text: its text never runs into the text around it.
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Text | Tag::Inline | Tag::A | Tag::Img | Tag::Br | Tag::Time | Tag::Control | Tag::Invisible
        )
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub tag: Tag,
    pub parent: u32,
    /// One past the last node of this node's subtree.
    pub end: u32,
    /// For text nodes, the byte range of the text in [`Dom::text`].
    pub text_start: u32,
    pub text_end: u32,
    /// class/id weight, readability style: +25 per content hint, -25 per chrome hint.
    pub weight: i16,
    pub flags: u16,
}

impl Node {
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// What the page says about itself, collected while the tree is copied.
#[derive(Debug, Default, Clone)]
pub struct Head {
    pub title: Option<String>,
    /// `(name or property or itemprop, content)` of every `<meta>`, names lowercase.
    pub metas: Vec<(String, String)>,
    /// `(rel, href)` of `<link>`s with a rel, rel lowercase.
    pub links: Vec<(String, String)>,
    pub lang: Option<String>,
    /// Texts of `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// Elements that show a date, in document order.
    pub dates: Vec<DateElement>,
    /// Elements that name an author or byline.
    pub bylines: Vec<u32>,
    /// Microdata persons: `itemprop=author` elements whose `itemtype` is a Person.
    pub persons: Vec<u32>,
    /// Microdata `itemprop=name` elements, to read the names of [`Head::persons`].
    pub item_names: Vec<u32>,
}

/// An element that shows a date: a `<time>`, an `itemprop="datePublished"`, an element whose
/// class or id says "date".
#[derive(Debug, Clone)]
pub struct DateElement {
    pub node: u32,
    pub kind: DateKind,
    /// Its `datetime`, `content` or `title` attribute, which holds the date in a fixed form.
    pub value: Option<String>,
    /// Marked by itemprop or `<time pubdate>`, not only by its class or id.
    pub marked: bool,
}

/// Date elements kept per page: enough for the article's, a few teasers' and comments'.
const MAX_DATE_ELEMENTS: usize = 128;

#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
    /// The text of every text node, one after another.
    pub text: String,
    /// Each node's node in the parsed [`Tree`], to apply CSS selectors.
    pub sources: Vec<u32>,
    pub head: Head,
    /// The `<body>` (or the root when there is none).
    pub body: u32,
}

impl Dom {
    /// Copies the parsed tree, failing when it is deeper or larger than the limits allow.
    pub fn build(tree: &Tree, limits: &Limits) -> Result<Dom, HtmlError> {
        let hints = hints::get();
        let capacity = tree.len().min(limits.max_nodes);
        let mut dom = Dom {
            nodes: Vec::with_capacity(capacity),
            text: String::new(),
            sources: Vec::with_capacity(capacity),
            head: Head::default(),
            body: 0,
        };
        // Open elements: (index, inherited flags for descendants).
        let mut stack: Vec<(u32, u16)> = Vec::new();
        let mut body = None;
        let mut raw_text_parent: Option<&str> = None;
        let mut classes = ClassCache::default();
        for edge in tree.edges() {
            match edge {
                Edge::Open(node) => {
                    let parent = stack.last().map_or(NONE, |&(i, _)| i);
                    let inherited = stack.last().map_or(0, |&(_, f)| f);
                    let index = dom.nodes.len() as u32;
                    match tree.data(node) {
                        Data::Text(text) => {
                            if let Some(kind) = raw_text_parent {
                                if kind == "ld+json" && dom.head.json_ld.len() < 16 {
                                    dom.head.json_ld.push(text.to_string());
                                } else if kind == "title" && dom.head.title.is_none() {
                                    dom.head.title = Some(text.to_string());
                                }
                                continue;
                            }
                            let start = dom.text.len() as u32;
                            dom.text.push_str(text);
                            dom.push(node, Tag::Text, parent, inherited, &mut stack, limits)?;
                            let n = &mut dom.nodes[index as usize];
                            n.text_start = start;
                            n.text_end = dom.text.len() as u32;
                            stack.pop();
                        }
                        Data::Element { name, .. } => {
                            let name = &*name.local;
                            let tag = Tag::from_name(name);
                            let mut flags = inherited;
                            let mut weight = 0;
                            if tag != Tag::Invisible && tag != Tag::Head {
                                let (own, w) =
                                    read_attributes(tree, node, hints, &mut classes, tag, index, &mut dom.head);
                                flags |= own;
                                weight = w;
                            }
                            match tag {
                                Tag::Body if body.is_none() => body = Some(index),
                                Tag::Html => {
                                    if let Some(lang) = tree.attr(node, "lang").or_else(|| tree.attr(node, "xml:lang"))
                                    {
                                        dom.head.lang = Some(lang.to_string());
                                    }
                                }
                                Tag::A => flags |= flag::IN_LINK,
                                Tag::Pre => flags |= flag::IN_PRE | flag::IN_TABLE,
                                Tag::Table => flags |= flag::IN_TABLE,
                                Tag::Article | Tag::Main => flags |= flag::IN_CONTENT,
                                _ => {}
                            }
                            if flags & flag::CONTENT != 0 {
                                flags |= flag::IN_CONTENT;
                            }
                            raw_text_parent = match name {
                                "script" => {
                                    let ty = tree.attr(node, "type").unwrap_or("");
                                    Some(if ty.eq_ignore_ascii_case("application/ld+json") { "ld+json" } else { "" })
                                }
                                "title" if dom.head.title.is_none() => Some("title"),
                                _ if tag == Tag::Invisible => Some(""),
                                _ => None,
                            };
                            dom.push(node, tag, parent, flags, &mut stack, limits)?;
                            let n = &mut dom.nodes[index as usize];
                            n.weight = weight;
                            // Inherited flags only: an element's own HIDDEN/UNLIKELY marks it, not
                            // every descendant (pruning removes the whole subtree anyway).
                            let keep = flag::IN_LINK | flag::IN_PRE | flag::IN_CONTENT | flag::IN_TABLE;
                            stack.last_mut().expect("just pushed").1 = flags & keep;
                        }
                        Data::Document | Data::Fragment => {
                            dom.push(node, Tag::Block, parent, 0, &mut stack, limits)?;
                        }
                        Data::Other => {}
                    }
                }
                Edge::Close(node) => {
                    if let Data::Element { .. } | Data::Document | Data::Fragment = tree.data(node) {
                        if let Some((index, _)) = stack.pop() {
                            dom.nodes[index as usize].end = dom.nodes.len() as u32;
                        }
                        raw_text_parent = None;
                    }
                }
            }
        }
        dom.body = body.unwrap_or(0);
        Ok(dom)
    }

    fn push(
        &mut self,
        source: u32,
        tag: Tag,
        parent: u32,
        flags: u16,
        stack: &mut Vec<(u32, u16)>,
        limits: &Limits,
    ) -> Result<(), HtmlError> {
        if self.nodes.len() >= limits.max_nodes {
            return Err(HtmlError::TooManyNodes { limit: limits.max_nodes });
        }
        if stack.len() >= limits.max_depth {
            return Err(HtmlError::TooDeep { limit: limits.max_depth });
        }
        let index = self.nodes.len() as u32;
        self.nodes.push(Node { tag, parent, end: index + 1, text_start: 0, text_end: 0, weight: 0, flags });
        self.sources.push(source);
        stack.push((index, flags));
        Ok(())
    }

    pub fn text_of(&self, node: u32) -> &str {
        let n = &self.nodes[node as usize];
        &self.text[n.text_start as usize..n.text_end as usize]
    }

    /// The children of `node`, in order.
    pub fn children(&self, node: u32) -> impl Iterator<Item = u32> + '_ {
        let end = self.nodes[node as usize].end;
        let mut next = node + 1;
        std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let child = next;
            next = self.nodes[child as usize].end;
            Some(child)
        })
    }

    /// Ancestors of `node`, nearest first.
    pub fn ancestors(&self, node: u32) -> impl Iterator<Item = u32> + '_ {
        let mut at = self.nodes[node as usize].parent;
        std::iter::from_fn(move || {
            if at == NONE {
                return None;
            }
            let current = at;
            at = self.nodes[at as usize].parent;
            Some(current)
        })
    }

    /// The text under `node` with white space collapsed, ignoring `skip`ped subtrees.
    pub fn collapsed_text(&self, node: u32, skip: &[bool], max_chars: usize) -> String {
        let mut out = String::new();
        let mut i = node;
        let end = self.nodes[node as usize].end;
        while i < end && out.len() < max_chars {
            if skip.get(i as usize).copied().unwrap_or(false) {
                i = self.nodes[i as usize].end;
                continue;
            }
            if self.nodes[i as usize].tag == Tag::Text {
                for word in self.text_of(i).split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            }
            i += 1;
        }
        out
    }
}

/// The hint groups of each distinct class name or id of a page: pages repeat the same class
/// names on many elements, and classifying one takes an overlapping search. (A whole
/// class/id string's groups are those of its names put together: see `Hints::groups_in`.)
#[derive(Default)]
struct ClassCache {
    groups: std::collections::HashMap<String, u16, xxhash_rust::xxh3::Xxh3DefaultBuilder>,
}

impl ClassCache {
    fn groups_in(&mut self, hints: &Hints, value: &str) -> u16 {
        let mut seen = 0;
        for name in value.split_ascii_whitespace() {
            seen |= if let Some(&groups) = self.groups.get(name) {
                groups
            } else {
                let groups = hints.groups_in(name);
                self.groups.insert(name.to_string(), groups);
                groups
            };
        }
        seen
    }
}

/// Flags and weight from an element's attributes; records what the metadata needs.
fn read_attributes(
    tree: &Tree,
    element: u32,
    hints: &Hints,
    classes: &mut ClassCache,
    tag: Tag,
    index: u32,
    head: &mut Head,
) -> (u16, i16) {
    let mut flags = 0;
    let mut class_or_id = false;
    let mut groups = 0;
    let mut date_prop = None;
    let mut item = Item::default();
    for attr in tree.attrs(element) {
        let value = &*attr.value;
        match &*attr.name.local {
            "class" | "id" => {
                class_or_id = true;
                groups |= classes.groups_in(hints, value);
            }
            "hidden" => flags |= flag::HIDDEN,
            "aria-hidden" if value.trim().eq_ignore_ascii_case("true") => flags |= flag::HIDDEN,
            "style" if hints::hides(value) => flags |= flag::HIDDEN,
            "role" => flags |= hints::role_flags(value),
            "itemprop" => {
                let value = value.to_ascii_lowercase();
                if value.contains("articlebody") || value == "text" || value.contains("reviewbody") {
                    flags |= flag::CONTENT;
                }
                if value.contains("author") {
                    flags |= flag::BYLINE;
                    item.author = true;
                }
                date_prop = match value.as_str() {
                    "datepublished" | "datecreated" | "uploaddate" => Some(DateKind::Published),
                    "datemodified" => Some(DateKind::Modified),
                    _ => date_prop,
                };
                item.name |= value.split_whitespace().any(|v| v == "name");
            }
            "itemtype" => item.person = value.contains("Person"),
            "rel" if value.split_whitespace().any(|r| r.eq_ignore_ascii_case("author")) => flags |= flag::BYLINE,
            _ => {}
        }
    }
    let mut weight = 0;
    let mut date_hint = None;
    if class_or_id {
        let found = Hints::found(groups);
        flags |= found.flags;
        weight = found.weight;
        date_hint = found.date;
    }
    match tag {
        Tag::Meta => {
            let key = tree
                .attr(element, "property")
                .or_else(|| tree.attr(element, "name"))
                .or_else(|| tree.attr(element, "itemprop"));
            if let (Some(key), Some(content)) = (key, tree.attr(element, "content")) {
                // `property="dc:title og:title"` states both.
                for key in key.split_whitespace() {
                    if head.metas.len() < 512 {
                        head.metas.push((key.to_ascii_lowercase(), content.to_string()));
                    }
                }
            }
            if let (Some(equiv), Some(content)) = (tree.attr(element, "http-equiv"), tree.attr(element, "content")) {
                head.metas.push((format!("http-equiv:{}", equiv.trim().to_ascii_lowercase()), content.to_string()));
            }
        }
        Tag::Link => {
            if let (Some(rel), Some(href)) = (tree.attr(element, "rel"), tree.attr(element, "href")) {
                if head.links.len() < 256 {
                    head.links.push((rel.trim().to_ascii_lowercase(), href.trim().to_string()));
                }
            }
        }
        _ => {}
    }
    if tag != Tag::Meta && head.dates.len() < MAX_DATE_ELEMENTS {
        let pubdate = tag == Tag::Time && tree.attr(element, "pubdate").is_some();
        let marked = date_prop.is_some() || pubdate;
        let kind = date_prop.or(pubdate.then_some(DateKind::Published)).or(date_hint);
        let kind = kind.or((tag == Tag::Time).then_some(DateKind::Unknown));
        if let Some(kind) = kind {
            let value = ["datetime", "content", "title"].iter().find_map(|a| tree.attr(element, a));
            head.dates.push(DateElement { node: index, kind, value: value.map(str::to_string), marked });
        }
    }
    if flags & flag::BYLINE != 0 && head.bylines.len() < 64 {
        head.bylines.push(index);
    }
    if item.author && item.person && head.persons.len() < 16 {
        head.persons.push(index);
    }
    if item.name && head.item_names.len() < 64 {
        head.item_names.push(index);
    }
    (flags, weight)
}

/// What an element's microdata attributes say.
#[derive(Default)]
struct Item {
    author: bool,
    person: bool,
    name: bool,
}
