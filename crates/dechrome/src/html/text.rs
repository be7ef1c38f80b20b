//! Turning the content subtrees into text: a blank line between paragraphs, headings, list
//! items and table rows on lines of their own, cells joined by ` | `, white space collapsed,
//! and a space where two inline elements meet without one (so `<a>Home</a><a>News</a>` does
//! not read `HomeNews`).

use super::dom::{Dom, Tag};
use super::flag;

/// What another rendering of the same walk (Markdown) is told, so that it makes the same lines:
/// the elements opened and closed, and each word with the gap the text put before it. The
/// plain text renders with `()`, which is told nothing.
pub trait Hooks {
    /// Element `node` (of kind `tag`) opens, `gap` after the text before it; its subtree
    /// follows. Table cells, `<br>` and `<hr>` open and never close.
    fn open(&mut self, _node: u32, _tag: Tag, _gap: Gap) {}
    /// The element last opened (and not closed) closes.
    fn close(&mut self) {}
    /// `word` is written after `gap` (`Gap::Line` or more: on a new line, after one blank
    /// line for `Gap::Paragraph`; the first word of all starts the first line whatever the
    /// gap); `space_after` tells whether white space follows it in its text.
    fn word(&mut self, _word: &str, _gap: Gap, _space_after: bool) {}
}

impl Hooks for () {}

/// Characters that are not text: zero-width spaces and joiners, soft hyphens, BOMs.
fn is_invisible_char(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
}

/// How much space a block boundary puts between texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    None,
    Space,
    Line,
    Paragraph,
}

fn gap_of(tag: Tag) -> Gap {
    match tag {
        Tag::Li | Tag::Dt | Tag::Dd | Tag::Tr | Tag::Br | Tag::Div | Tag::Figcaption | Tag::Block => Gap::Line,
        Tag::Td | Tag::Th => Gap::None,
        t if t.is_block() => Gap::Paragraph,
        _ => Gap::None,
    }
}

struct Writer<'h, H: Hooks> {
    hooks: &'h mut H,
    out: String,
    gap: Gap,
    /// A table cell opened: the next text on the same line follows ` | `.
    cell: bool,
    line_has_text: bool,
}

impl<'h, H: Hooks> Writer<'h, H> {
    fn new(hooks: &'h mut H) -> Self {
        Writer { hooks, out: String::new(), gap: Gap::None, cell: false, line_has_text: false }
    }

    fn gap(&mut self, gap: Gap) {
        self.gap = self.gap.max(gap);
    }

    fn word(&mut self, word: &str, space_after: bool) {
        let gap = if self.out.is_empty() { Gap::Line } else { self.gap };
        if !self.out.is_empty() {
            match self.gap {
                Gap::Paragraph => self.out.push_str("\n\n"),
                Gap::Line => self.out.push('\n'),
                Gap::Space => self.out.push(' '),
                Gap::None => {}
            }
            if self.gap >= Gap::Line {
                self.line_has_text = false;
            }
        }
        if self.cell && self.line_has_text {
            self.out.push_str(" | ");
        }
        self.cell = false;
        self.gap = Gap::None;
        let start = self.out.len();
        if word.is_ascii() {
            self.out.push_str(word);
        } else {
            self.out.extend(word.chars().filter(|&c| !is_invisible_char(c)));
        }
        self.hooks.word(&self.out[start..], gap, space_after);
        self.line_has_text = true;
    }

    fn text(&mut self, text: &str) {
        if text.starts_with(char::is_whitespace) {
            self.gap(Gap::Space);
        }
        let mut any = false;
        let mut words = text.split_whitespace().peekable();
        while let Some(word) = words.next() {
            if any {
                self.gap(Gap::Space);
            }
            if word.chars().all(is_invisible_char) {
                continue;
            }
            let space_after = words.peek().is_some() || text.ends_with(char::is_whitespace);
            self.word(word, space_after);
            any = true;
        }
        if any && text.ends_with(char::is_whitespace) {
            self.gap(Gap::Space);
        }
    }

    /// Preformatted text keeps its lines and the spaces inside them.
    fn preformatted(&mut self, text: &str) {
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                self.gap(Gap::Line);
            }
            let line = line.trim_end();
            if !line.trim().is_empty() {
                self.word(line, false);
            }
        }
    }
}

/// The text of the subtrees rooted at `roots` (in document order), skipping removed ones.
pub fn render(dom: &Dom, removed: &[bool], roots: &[u32]) -> String {
    render_with(dom, removed, roots, &mut ())
}

/// [`render`], telling `hooks` what it writes as it goes.
pub fn render_with<H: Hooks>(dom: &Dom, removed: &[bool], roots: &[u32], hooks: &mut H) -> String {
    let mut w = Writer::new(hooks);
    // Elements open around the current node: (end, tag).
    let mut open: Vec<(u32, Tag)> = Vec::new();
    for &root in roots {
        let end = dom.nodes[root as usize].end;
        let mut i = root;
        while i < end {
            while let Some(&(e, tag)) = open.last() {
                if e > i {
                    break;
                }
                open.pop();
                close(dom, &mut w, tag, e);
            }
            let node = &dom.nodes[i as usize];
            if removed[i as usize] || matches!(node.tag, Tag::Invisible | Tag::Control | Tag::Head | Tag::Title) {
                i = node.end;
                continue;
            }
            match node.tag {
                Tag::Text => {
                    let text = dom.text_of(i);
                    if node.has(flag::IN_PRE) {
                        w.preformatted(text);
                    } else {
                        w.text(text);
                    }
                }
                Tag::Br | Tag::Hr => {
                    w.gap(gap_of(node.tag));
                    w.hooks.open(i, node.tag, w.gap);
                }
                Tag::Td | Tag::Th => {
                    w.cell = true;
                    w.hooks.open(i, node.tag, w.gap);
                }
                tag => {
                    w.gap(gap_of(tag));
                    open.push((node.end, tag));
                    w.hooks.open(i, tag, w.gap);
                }
            }
            i += 1;
        }
        while let Some((e, tag)) = open.pop() {
            close(dom, &mut w, tag, e);
        }
        w.gap(Gap::Paragraph);
    }
    let mut out = w.out;
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Closing an element: blocks end their line; an inline element directly followed by another
/// element is kept apart from it by a space.
fn close<H: Hooks>(dom: &Dom, w: &mut Writer<H>, tag: Tag, end: u32) {
    w.hooks.close();
    if tag.is_block() {
        w.gap(gap_of(tag));
    } else if dom.nodes.get(end as usize).is_some_and(|next| next.tag != Tag::Text) {
        w.gap(Gap::Space);
    }
}
