//! What a `CommonMark` + GFM reader (pulldown-cmark) finds in Markdown: its text, and the text of
//! its headings, list items, table rows, code blocks and links. Shared by the Markdown tests
//! and the `markdown_structure` example the benchmark runs.

#![allow(dead_code)]

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What a reader finds in a Markdown text.
#[derive(Debug, Default)]
pub struct Read {
    /// The text events: a blank line between blocks, a line break between list items and
    /// rows, cells joined by ` | `, as the plain text has them.
    pub text: String,
    /// `(level, text)` of each heading.
    pub headings: Vec<(u8, String)>,
    /// The text of each list item (without its nested lists), and its depth (1: top level).
    pub items: Vec<String>,
    pub item_depths: Vec<usize>,
    /// Ordered (`1.`) lists, by their items' first text.
    pub ordered: usize,
    /// Each table row's cells joined by ` | `; the first row of each table is its header.
    pub rows: Vec<String>,
    pub header_rows: Vec<String>,
    /// `(language, text)` of each fenced code block.
    pub code_blocks: Vec<(String, String)>,
    /// Inline code spans.
    pub code_spans: Vec<String>,
    /// `(text, destination)` of each link.
    pub links: Vec<(String, String)>,
    /// `(alt, destination)` of each image.
    pub images: Vec<(String, String)>,
    pub strong: Vec<String>,
    pub emphasis: Vec<String>,
    pub quotes: usize,
    pub rules: usize,
    pub hard_breaks: usize,
}

/// One open element whose text is being collected.
enum Open {
    Heading(u8, String),
    /// The item's text, and its place in `items` (given when it opened).
    Item(String, usize),
    Row(Vec<String>, bool),
    Cell(String),
    Code(String, String),
    Link(String, String),
    Image(String, String),
    Strong(String),
    Emphasis(String),
}

/// Parses `markdown` with GFM tables and strikethrough.
pub fn read(markdown: &str) -> Read {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut read = Read::default();
    let mut open: Vec<Open> = Vec::new();
    let mut depth = 0;
    let mut in_head = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => start(tag, &mut read, &mut open, &mut depth, &mut in_head),
            Event::End(tag) => end(tag, &mut read, &mut open, &mut depth, &mut in_head),
            Event::Text(text) => push_text(&text, &mut read, &mut open),
            Event::Code(code) => {
                read.code_spans.push(code.to_string());
                push_text(&code, &mut read, &mut open);
            }
            Event::SoftBreak => push_text(" ", &mut read, &mut open),
            Event::HardBreak => {
                read.hard_breaks += 1;
                read.text.push('\n');
                push_to_open(" ", &mut open);
            }
            Event::Rule => read.rules += 1,
            Event::Html(html) | Event::InlineHtml(html) => push_text(&html, &mut read, &mut open),
            _ => {}
        }
    }
    read
}

fn start(tag: Tag, read: &mut Read, open: &mut Vec<Open>, depth: &mut usize, in_head: &mut bool) {
    match tag {
        Tag::Heading { level, .. } => {
            block_gap(&mut read.text);
            open.push(Open::Heading(heading_level(level), String::new()));
        }
        Tag::Paragraph if !read.text.is_empty() && !read.text.ends_with('\n') => block_gap(&mut read.text),
        Tag::List(first) => {
            *depth += 1;
            if first.is_some() {
                read.ordered += 1;
            }
            block_gap(&mut read.text);
        }
        Tag::Item => {
            line_gap(&mut read.text);
            open.push(Open::Item(String::new(), read.items.len()));
            read.items.push(String::new());
            read.item_depths.push(*depth);
        }
        Tag::Table(_) => block_gap(&mut read.text),
        Tag::TableHead => {
            *in_head = true;
            open.push(Open::Row(Vec::new(), true));
        }
        Tag::TableRow => {
            line_gap(&mut read.text);
            open.push(Open::Row(Vec::new(), false));
        }
        Tag::TableCell => {
            if let Some(Open::Row(cells, _)) = open.last() {
                if !cells.is_empty() {
                    read.text.push_str(" | ");
                }
            }
            open.push(Open::Cell(String::new()));
        }
        Tag::CodeBlock(kind) => {
            block_gap(&mut read.text);
            let language = match kind {
                CodeBlockKind::Fenced(info) => info.to_string(),
                CodeBlockKind::Indented => String::new(),
            };
            open.push(Open::Code(language, String::new()));
        }
        Tag::BlockQuote(_) => {
            read.quotes += 1;
            block_gap(&mut read.text);
        }
        Tag::Link { dest_url, .. } => open.push(Open::Link(String::new(), dest_url.to_string())),
        Tag::Image { dest_url, .. } => open.push(Open::Image(String::new(), dest_url.to_string())),
        Tag::Strong => open.push(Open::Strong(String::new())),
        Tag::Emphasis => open.push(Open::Emphasis(String::new())),
        _ => {}
    }
}

fn end(tag: TagEnd, read: &mut Read, open: &mut Vec<Open>, depth: &mut usize, in_head: &mut bool) {
    match tag {
        TagEnd::List(_) => *depth -= 1,
        TagEnd::Paragraph => push_to_open(" ", open),
        TagEnd::TableHead => {
            *in_head = false;
            if let Some(Open::Row(cells, _)) = open.pop() {
                let row = cells.join(" | ");
                read.header_rows.push(row.clone());
                read.rows.push(row);
            }
        }
        TagEnd::TableRow => {
            if let Some(Open::Row(cells, _)) = open.pop() {
                read.rows.push(cells.join(" | "));
            }
        }
        TagEnd::TableCell => {
            if let Some(Open::Cell(text)) = open.pop() {
                if let Some(Open::Row(cells, _)) = open.last_mut() {
                    cells.push(text.trim().to_string());
                }
            }
        }
        TagEnd::Heading(_)
        | TagEnd::Item
        | TagEnd::CodeBlock
        | TagEnd::Link
        | TagEnd::Image
        | TagEnd::Strong
        | TagEnd::Emphasis => close(open.pop(), read, open),
        _ => {}
    }
}

/// Files what a closed element collected, and hands its text to the element around it.
fn close(element: Option<Open>, read: &mut Read, open: &mut [Open]) {
    let text = match element {
        Some(Open::Heading(level, text)) => {
            read.headings.push((level, collapse(&text)));
            return;
        }
        Some(Open::Item(text, index)) => {
            read.items[index] = collapse(&text);
            return;
        }
        Some(Open::Code(language, text)) => {
            read.code_blocks.push((language, text));
            return;
        }
        Some(Open::Link(text, url)) => {
            read.links.push((collapse(&text), url));
            text
        }
        Some(Open::Image(text, url)) => {
            read.images.push((collapse(&text), url));
            return;
        }
        Some(Open::Strong(text)) => {
            read.strong.push(collapse(&text));
            text
        }
        Some(Open::Emphasis(text)) => {
            read.emphasis.push(collapse(&text));
            text
        }
        _ => return,
    };
    push_to_open(&text, open);
}

fn push_text(text: &str, read: &mut Read, open: &mut [Open]) {
    // An image's alt text is not text of the page.
    if !matches!(open.last(), Some(Open::Image(..))) {
        read.text.push_str(text);
    }
    push_to_open(text, open);
}

/// Adds text to the innermost open element that collects it (an item's nested list's text
/// stays with the nested items).
fn push_to_open(text: &str, open: &mut [Open]) {
    if let Some(element) = open.last_mut() {
        match element {
            Open::Heading(_, t)
            | Open::Item(t, _)
            | Open::Cell(t)
            | Open::Code(_, t)
            | Open::Link(t, _)
            | Open::Image(t, _)
            | Open::Strong(t)
            | Open::Emphasis(t) => t.push_str(text),
            Open::Row(..) => {}
        }
    }
}

fn block_gap(text: &mut String) {
    if !text.is_empty() {
        while text.ends_with('\n') {
            text.pop();
        }
        text.push_str("\n\n");
    }
}

fn line_gap(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// White space collapsed to single spaces, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
