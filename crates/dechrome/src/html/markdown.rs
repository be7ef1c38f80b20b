//! The Markdown of a page's content, made line for line beside its plain text (see
//! `crate::markdown`): it follows the plain text's walk as its [`Hooks`], and starts a line
//! wherever the plain text does.
//!
//! Blocks become what `CommonMark` has for them: `#` headings, `-` and `1.` list items (nested
//! ones indented under their item), `>` quotes, fenced code, GFM pipe tables; inline, `**`,
//! `*`, code spans, and links and images when asked for. A table that holds another table, a
//! heading, a list, a quote or code, or has one cell, or one column of paragraphs, lays a page
//! out: its cells become paragraphs. Cells spanning rows or columns are not spread out: a row has the cells it holds.

use super::dom::{Dom, Tag};
use super::flag;
use super::text::{Gap, Hooks};
use super::tree::{Data, Tree};
use crate::markdown::escape::{self, Context};
use crate::markdown::link;
use crate::markdown::{Join, Kind, Line, MarkdownOptions, PageLines, NO_GROUP};

/// What an element opened, to undo when it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// Nothing Markdown marks.
    None,
    /// A block that ends the paragraph before it.
    Block,
    Heading,
    List,
    Item,
    Quote,
    Pre,
    Table,
    Row,
    Inline,
}

/// A block that puts a prefix before the lines inside it.
#[derive(Debug)]
enum Container {
    Quote,
    /// A list item: its marker (`- `, `12. `) goes before its first line, as many spaces
    /// before the others.
    /// An ordered item's number is given with its first line, so that items without text
    /// take none.
    /// `level`: how many lists are open around it.
    Item {
        marker: String,
        due: bool,
        ordered: bool,
        level: usize,
    },
}

#[derive(Debug)]
struct Table {
    /// Rendered as a pipe table (else: its cells are paragraphs).
    data: bool,
    group: u32,
    row: Option<Row>,
}

#[derive(Debug, Default)]
struct Row {
    block: u32,
    cells: u16,
    /// Cell separators written so far.
    separators: u16,
    /// The row's first line, once it has one.
    line: Option<usize>,
}

/// An inline span (`**`, `*`, a code span, a link) whose opening mark waits for its first word.
#[derive(Debug)]
struct Inline {
    open: String,
    close: String,
    /// Its opening mark is on the current line.
    emitted: bool,
    /// Where its opening mark sits in `pending` while it is not.
    pending_at: usize,
    kind: Mark,
    /// Its marks were left out (they could not open where they stood).
    dropped: bool,
}

/// What an inline span marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Emphasis,
    Code,
    Link,
}

/// An open list.
#[derive(Debug)]
struct List {
    ordered: bool,
    /// Its items with text so far.
    items: u32,
    /// Its group: the lines of its items go on it.
    id: u32,
}

/// The heading open.
#[derive(Debug)]
struct Heading {
    level: u8,
    block: u32,
    /// It has a line already (a line break inside it goes on that line).
    started: bool,
}

/// A code block's fence has at least three backticks (and one more than the longest run inside).
const MIN_FENCE: usize = 3;

/// Quotes and list items nested deeper than this add no prefix.
const MAX_NESTED_BLOCKS: usize = 16;

/// The Markdown of the lines of a page's plain text, built as the walk goes.
pub struct Markdown<'a> {
    dom: &'a Dom,
    tree: &'a Tree,
    options: MarkdownOptions,
    base: Option<String>,
    page: PageLines,
    frames: Vec<Frame>,
    containers: Vec<Container>,
    lists: Vec<List>,
    heading: Option<Heading>,
    /// The code block open, by group.
    pre: Option<u32>,
    tables: Vec<Table>,
    inlines: Vec<Inline>,
    /// Marks that go before the next word (opening marks, images).
    pending: String,
    /// The current paragraph; every block edge starts another.
    block: u32,
    break_due: bool,
    rule_due: bool,
    /// A layout table's cell began since the last word: a space keeps the cells apart.
    cell_due: bool,
}

impl<'a> Markdown<'a> {
    /// A Markdown rendering of `dom` (parsed from `tree`), with links and images resolved
    /// against `base`.
    pub fn new(dom: &'a Dom, tree: &'a Tree, options: MarkdownOptions, base: Option<String>) -> Self {
        Markdown {
            dom,
            tree,
            options,
            base,
            page: PageLines::default(),
            frames: Vec::new(),
            containers: Vec::new(),
            lists: Vec::new(),
            heading: None,
            pre: None,
            tables: Vec::new(),
            inlines: Vec::new(),
            pending: String::new(),
            block: 0,
            break_due: false,
            rule_due: false,
            cell_due: false,
        }
    }

    /// The lines made, one for each line of the plain text.
    pub fn finish(mut self) -> PageLines {
        self.end_line();
        self.page
    }

    fn name(&self, node: u32) -> &str {
        match self.tree.data(self.dom.sources[node as usize]) {
            Data::Element { name, .. } => &name.local,
            _ => "",
        }
    }

    fn attr(&self, node: u32, name: &str) -> Option<&str> {
        self.tree.attr(self.dom.sources[node as usize], name)
    }

    fn block_edge(&mut self) {
        self.block += 1;
        self.break_due = false;
    }

    fn new_group(&mut self, fence: String) -> u32 {
        self.page.fences.push(fence);
        self.page.fences.len() as u32 - 1
    }

    fn data_row(&mut self) -> Option<&mut Row> {
        self.tables.last_mut().filter(|t| t.data).and_then(|t| t.row.as_mut())
    }

    fn open_frame(&mut self, node: u32, tag: Tag) -> Frame {
        // Inside a code block or a heading (one line), blocks only end lines.
        if self.pre.is_some() || self.heading.is_some() && tag.is_block() {
            return if tag.is_block() {
                self.block_edge();
                Frame::Block
            } else {
                Frame::None
            };
        }
        match tag {
            // (A content root inside a `<pre>` opens its code block too.)
            _ if tag == Tag::Pre || self.dom.nodes[node as usize].has(flag::IN_PRE) => {
                self.block_edge();
                let fence = self.fence_of(node);
                self.pre = Some(self.new_group(fence));
                Frame::Pre
            }
            Tag::Heading(level) => {
                self.block_edge();
                if self.heading.is_some() {
                    return Frame::Block;
                }
                self.heading = Some(Heading { level, block: self.block, started: false });
                Frame::Heading
            }
            Tag::Ul | Tag::Ol => {
                self.block_edge();
                let id = self.new_group(String::new());
                self.lists.push(List { ordered: tag == Tag::Ol, items: 0, id });
                Frame::List
            }
            // Deeper than this, quotes and items are paragraphs of the one around them: every
            // line repeats the prefixes of its containers, so the text would grow with depth.
            Tag::Li | Tag::Blockquote if self.containers.len() >= MAX_NESTED_BLOCKS => {
                self.block_edge();
                Frame::Block
            }
            Tag::Li => {
                self.block_edge();
                let level = self.lists.len();
                // An item inside an item of the same list (through a table) is a bullet.
                let stray = self.containers.iter().rev().find_map(|c| match c {
                    Container::Item { level: l, .. } => Some(*l == level),
                    Container::Quote => None,
                });
                let ordered = stray != Some(true) && self.lists.last().is_some_and(|l| l.ordered);
                self.containers.push(Container::Item { marker: "- ".into(), due: true, ordered, level });
                Frame::Item
            }
            Tag::Blockquote => {
                self.block_edge();
                self.containers.push(Container::Quote);
                Frame::Quote
            }
            Tag::Table => {
                self.block_edge();
                let data = self.pre.is_none() && is_data_table(self.dom, node);
                let group = self.new_group(String::new());
                self.tables.push(Table { data, group, row: None });
                Frame::Table
            }
            Tag::Tr if self.tables.last().is_some_and(|t| t.data) => {
                self.block_edge();
                let block = self.block;
                self.tables.last_mut().expect("checked").row = Some(Row { block, ..Row::default() });
                Frame::Row
            }
            // A link in a link (tables foster them) or in code is its text alone.
            Tag::A if self.options.links && self.pre.is_none() && !self.in_code() && !self.in_link() => {
                let Some(target) = self.attr(node, "href").and_then(|h| link::resolve(self.base.as_deref(), h)) else {
                    return Frame::None;
                };
                let mut close = String::from("](");
                link::push_destination(&target, &mut close);
                close.push(')');
                self.open_inline("[".into(), close, Mark::Link)
            }
            Tag::Inline if self.pre.is_none() && !self.in_code() => self.open_span(node),
            t if t.is_block() => {
                self.block_edge();
                Frame::Block
            }
            _ => Frame::None,
        }
    }

    /// `**`, `*` or a code span for the inline elements that have them.
    fn open_span(&mut self, node: u32) -> Frame {
        let mark = match self.name(node) {
            "b" | "strong" => "**",
            "i" | "em" => "*",
            "code" | "kbd" | "samp" | "tt" => {
                let ticks = "`".repeat(longest_backtick_run(self.dom, node) + 1);
                let pad = if ticks.len() > 1 { " " } else { "" };
                return self.open_inline(format!("{ticks}{pad}"), format!("{pad}{ticks}"), Mark::Code);
            }
            _ => return Frame::None,
        };
        // `<b><strong>` would read `****`.
        if self.inlines.iter().any(|i| i.open == mark) {
            return Frame::None;
        }
        self.open_inline(mark.into(), mark.into(), Mark::Emphasis)
    }

    fn open_inline(&mut self, open: String, close: String, kind: Mark) -> Frame {
        let pending_at = self.pending.len();
        self.pending.push_str(&open);
        self.inlines.push(Inline { open, close, emitted: false, pending_at, kind, dropped: false });
        Frame::Inline
    }

    fn close_inline(&mut self) {
        let Some(inline) = self.inlines.pop() else { return };
        if inline.dropped {
            return;
        }
        if inline.emitted {
            self.page.text.push_str(&inline.close);
        } else if self.pending.len() == inline.pending_at + inline.open.len() {
            // Nothing came inside: no marks either.
            self.pending.truncate(inline.pending_at);
        } else {
            // Only images came inside (a linked image): they keep their link.
            self.pending.push_str(&inline.close);
        }
    }

    /// Closes the marks open where a line or a table cell ends: they open again before the
    /// next word, ahead of those still waiting (which opened inside them).
    fn break_inlines(&mut self) {
        for inline in self.inlines.iter().rev().filter(|i| i.emitted) {
            self.page.text.push_str(&inline.close);
        }
        self.reopen_inlines();
    }

    fn reopen_inlines(&mut self) {
        let mut reopened = String::new();
        let mut waiting = Vec::new();
        for (k, inline) in self.inlines.iter_mut().enumerate() {
            if inline.emitted {
                inline.emitted = false;
                inline.pending_at = reopened.len();
                reopened.push_str(&inline.open);
            } else {
                waiting.push(k);
            }
        }
        for k in waiting {
            self.inlines[k].pending_at += reopened.len();
        }
        self.pending.insert_str(0, &reopened);
    }

    /// Leaves out the emphasis marks about to open between a letter and punctuation
    /// (`a**!b**`), where they cannot open and would read as stars.
    fn drop_stuck_emphasis(&mut self, word: &str) {
        if !self.line_so_far().ends_with(char::is_alphanumeric) {
            return;
        }
        for k in (0..self.inlines.len()).rev() {
            let inline = &self.inlines[k];
            if inline.emitted || inline.dropped || inline.kind != Mark::Emphasis {
                continue;
            }
            let at = inline.pending_at;
            let after = at + inline.open.len();
            // (Its mark waits at `at`; were it not there, nothing is dropped.)
            let Some(rest) = self.pending.get(after..).filter(|_| self.pending.get(at..after) == Some(&inline.open))
            else {
                continue;
            };
            let next = rest.chars().next().or_else(|| word.chars().next());
            if !next.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace()) {
                continue;
            }
            let width = inline.open.len();
            self.pending.replace_range(at..after, "");
            self.inlines[k].dropped = true;
            for later in &mut self.inlines[k + 1..] {
                later.pending_at = later.pending_at.saturating_sub(width);
            }
        }
    }

    /// The current line's content written so far.
    fn line_so_far(&self) -> &str {
        let body = self.page.lines.last().map_or(0, |l| l.body as usize);
        &self.page.text[body..]
    }

    fn in_link(&self) -> bool {
        self.inlines.iter().any(|i| i.kind == Mark::Link)
    }

    fn in_code(&self) -> bool {
        self.inlines.iter().any(|i| i.kind == Mark::Code)
    }

    fn context(&mut self) -> Context {
        let in_link = self.in_link();
        Context { in_cell: self.data_row().is_some(), in_link }
    }

    /// `![alt](src)`, when images are asked for: where it stands in its line, or before the
    /// next word when it opens a line or waits with other marks.
    fn image(&mut self, node: u32, gap: Gap) {
        if !self.options.images || self.pre.is_some() || self.in_code() || self.name(node) != "img" {
            return;
        }
        let src = self.attr(node, "src").filter(|s| !s.trim().is_empty() && !s.starts_with("data:"));
        let src = src.or_else(|| self.attr(node, "data-src"));
        let Some(target) = src.and_then(|s| link::resolve(self.base.as_deref(), s)) else { return };
        let alt = self.attr(node, "alt").unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
        let mut context = self.context();
        context.in_link = true;
        let mut atom = String::from("![");
        escape::inline(&alt, None, None, context, &mut atom);
        atom.push_str("](");
        link::push_destination(&target, &mut atom);
        atom.push(')');
        let in_text = self.page.lines.last().is_some_and(|l| l.kind != Kind::Code);
        if self.pending.is_empty() && gap < Gap::Line && in_text {
            if gap == Gap::Space {
                self.page.text.push(' ');
            }
            self.page.text.push_str(&atom);
        } else {
            self.pending.push_str(&atom);
        }
    }

    /// The opening fence of a code block: backticks and the language its class names.
    fn fence_of(&self, pre: u32) -> String {
        let ticks = MIN_FENCE.max(longest_backtick_run(self.dom, pre) + 1);
        let end = self.dom.nodes[pre as usize].end;
        // The language is on the `<pre>` or on its first `<code>`.
        let code = (pre + 1..end).find(|&i| self.dom.nodes[i as usize].tag == Tag::Inline && self.name(i) == "code");
        let language = [Some(pre), code].into_iter().flatten().find_map(|n| language_of(self.attr(n, "class")?));
        format!("{}{}", "`".repeat(ticks), language.unwrap_or_default())
    }

    fn close_frame(&mut self, frame: Frame) {
        match frame {
            Frame::None => return,
            Frame::Inline => return self.close_inline(),
            Frame::Heading => self.heading = None,
            Frame::List => {
                self.lists.pop();
            }
            Frame::Item | Frame::Quote => {
                self.containers.pop();
            }
            Frame::Pre => self.pre = None,
            Frame::Table => {
                self.tables.pop();
            }
            Frame::Row => self.end_row(),
            Frame::Block => {}
        }
        self.block_edge();
    }

    /// Closes the data table's row: its last empty cells and the closing pipe, on its line.
    fn end_row(&mut self) {
        let Some(row) = self.tables.last_mut().and_then(|t| t.row.take()) else { return };
        let Some(first) = row.line else { return };
        self.break_inlines();
        for _ in row.separators + 1..row.cells {
            self.page.text.push_str(" |");
        }
        self.page.text.push_str(" |");
        self.page.lines[first].cells = row.cells;
    }

    /// Ends the current line at the end of the text written so far.
    fn end_line(&mut self) {
        let end = self.page.text.len() as u32;
        if let Some(line) = self.page.lines.last_mut() {
            line.end = end;
        }
    }

    fn push_blank_line(&mut self) {
        let at = self.page.text.len() as u32;
        self.page.lines.push(Line {
            start: at,
            body: at,
            end: at,
            cont_start: at,
            cont_end: at,
            kind: Kind::Blank,
            join: Join::Block,
            block: self.block,
            group: NO_GROUP,
            list: NO_GROUP,
            rule_before: false,
            cells: 0,
            interrupts: false,
        });
    }

    /// Starts a line: its continuation prefix and its prefix, as its containers and its block
    /// say.
    fn start_line(&mut self) {
        let interrupts = self.number_due_items();
        let text = &mut self.page.text;
        let cont_start = text.len() as u32;
        for container in &self.containers {
            match container {
                Container::Quote => text.push_str("> "),
                Container::Item { marker, .. } => text.extend(std::iter::repeat_n(' ', marker.len())),
            }
        }
        let cont_end = text.len() as u32;
        let mut item = false;
        for container in &mut self.containers {
            match container {
                Container::Quote => text.push_str("> "),
                Container::Item { marker, due, .. } => {
                    if *due {
                        text.push_str(marker);
                        item = true;
                        *due = false;
                    } else {
                        text.extend(std::iter::repeat_n(' ', marker.len()));
                    }
                }
            }
        }
        let break_due = std::mem::take(&mut self.break_due);
        let index = self.page.lines.len();
        let (kind, join, block, group) = if let Some(group) = self.pre {
            (Kind::Code, Join::Block, self.block, group)
        } else if let Some(table) = self.tables.last_mut().filter(|t| t.data && t.row.is_some()) {
            let row = table.row.as_mut().expect("checked");
            let join = if row.line.is_some() { Join::Same } else { Join::Block };
            row.line.get_or_insert(index);
            text.push_str("| ");
            (Kind::Row, join, row.block, table.group)
        } else if let Some(heading) = &mut self.heading {
            let join = if heading.started { Join::Same } else { Join::Block };
            heading.started = true;
            text.extend(std::iter::repeat_n('#', heading.level as usize));
            text.push(' ');
            (Kind::Heading, join, heading.block, NO_GROUP)
        } else {
            // An item's lines: its list, for the items after them.
            let list = self.lists.last().map_or(NO_GROUP, |l| l.id);
            let join = if break_due && !item { Join::Break } else { Join::Block };
            (if item { Kind::Item } else { Kind::Text }, join, self.block, list)
        };
        let body = text.len() as u32;
        let in_item = self.containers.iter().any(|c| matches!(c, Container::Item { .. }));
        let list = self.lists.first().filter(|_| in_item).map_or(NO_GROUP, |l| l.id);
        let rule_before = std::mem::take(&mut self.rule_due);
        let start = cont_end;
        self.page.lines.push(Line {
            start,
            body,
            end: body,
            cont_start,
            cont_end,
            kind,
            join,
            block,
            group,
            list,
            rule_before,
            cells: 0,
            interrupts,
        });
    }

    /// Gives the ordered items whose marker the line about to start holds their numbers, from
    /// their lists' counts; returns whether the innermost marker may interrupt a paragraph.
    fn number_due_items(&mut self) -> bool {
        let mut interrupts = false;
        for container in &mut self.containers {
            let Container::Item { marker, due: true, ordered, level } = container else { continue };
            match self.lists.get_mut(level.wrapping_sub(1)).filter(|_| *ordered) {
                Some(list) => {
                    list.items += 1;
                    *marker = format!("{}. ", list.items);
                    interrupts = list.items == 1;
                }
                None => interrupts = true,
            }
        }
        interrupts
    }

    /// Writes the separators of the cells opened since the last word of a data table's row.
    fn push_cell_separators(&mut self) {
        if self.data_row().is_some_and(|row| row.separators + 1 < row.cells) {
            self.break_inlines();
        }
        let text = &mut self.page.text;
        let Some(row) = self.tables.last_mut().filter(|t| t.data).and_then(|t| t.row.as_mut()) else { return };
        while row.separators + 1 < row.cells {
            text.push_str(if text.ends_with(' ') { "| " } else { " | " });
            row.separators += 1;
        }
    }

    fn push_word(&mut self, word: &str, space_after: bool) {
        let body = self.page.lines.last().map_or(0, |l| l.body as usize);
        let kind = self.page.lines.last().map_or(Kind::Text, |l| l.kind);
        if kind == Kind::Code {
            self.page.text.push_str(word);
            return;
        }
        let context = self.context();
        if self.in_code() {
            if context.in_cell {
                self.page.text.push_str(&word.replace('|', "\\|"));
            } else {
                self.page.text.push_str(word);
            }
            return;
        }
        let mut rest = word;
        let at_line_start = self.page.text.len() == body && matches!(kind, Kind::Text | Kind::Item);
        if let Some(at) = escape::line_start(word).filter(|_| at_line_start) {
            self.page.text.push_str(&word[..at]);
            self.page.text.push('\\');
            rest = &word[at..];
        }
        let before = if self.page.text.len() > body { self.page.text.chars().next_back() } else { None };
        let before = before.filter(|c| !c.is_whitespace());
        // What follows a word its text does not end with white space after is unknown: a letter
        // is the cautious guess.
        let after = if space_after { None } else { Some('a') };
        escape::inline(rest, before, after, context, &mut self.page.text);
    }
}

impl Hooks for Markdown<'_> {
    fn open(&mut self, node: u32, tag: Tag, gap: Gap) {
        match tag {
            Tag::Img => {
                self.image(node, gap);
                self.frames.push(Frame::None);
            }
            Tag::Br => self.break_due = true,
            Tag::Hr => {
                self.block_edge();
                self.rule_due = true;
            }
            Tag::Td | Tag::Th => match self.data_row() {
                Some(row) => row.cells = row.cells.saturating_add(1),
                None => self.cell_due = true,
            },
            _ => {
                let frame = self.open_frame(node, tag);
                self.frames.push(frame);
            }
        }
    }

    fn close(&mut self) {
        if let Some(frame) = self.frames.pop() {
            self.close_frame(frame);
        }
    }

    fn word(&mut self, word: &str, gap: Gap, space_after: bool) {
        if self.page.lines.is_empty() || gap >= Gap::Line {
            // Marks open on the line end with it, and open again on the next.
            self.break_inlines();
            self.end_line();
            if gap == Gap::Paragraph && !self.page.lines.is_empty() {
                self.push_blank_line();
            }
            self.start_line();
        } else if self.cell_due && self.pre.is_some() {
            // Code keeps the plain text's cell separator.
            self.page.text.push_str(if gap == Gap::Space { "  | " } else { " | " });
        } else if gap == Gap::Space || self.cell_due {
            self.page.text.push(' ');
        }
        self.cell_due = false;
        if self.page.lines.last().is_some_and(|l| l.kind == Kind::Code) {
            // Code takes no marks: they wait for the text after it.
            self.page.text.push_str(word);
            return;
        }
        self.push_cell_separators();
        self.drop_stuck_emphasis(word);
        if self.pending.starts_with('[') && self.line_so_far().ends_with('!') {
            // `![` would open an image.
            self.page.text.insert(self.page.text.len() - 1, '\\');
        }
        self.page.text.push_str(&self.pending);
        self.pending.clear();
        for inline in self.inlines.iter_mut().filter(|i| !i.dropped) {
            inline.emitted = true;
        }
        self.push_word(word, space_after);
    }
}

/// A table is data, shown as a pipe table, when it has no table, heading, list, quote or code
/// in it (those lay a page out), and two columns, or two rows of one column without
/// paragraphs (a picture over its caption; not a box around a story).
fn is_data_table(dom: &Dom, table: u32) -> bool {
    let end = dom.nodes[table as usize].end;
    let (mut cells, mut widest, mut rows, mut paragraphs) = (0u32, 0u32, 0u32, false);
    for node in &dom.nodes[table as usize + 1..end as usize] {
        match node.tag {
            Tag::Table | Tag::Heading(_) | Tag::Ul | Tag::Ol | Tag::Pre | Tag::Blockquote | Tag::Dl => return false,
            Tag::Tr => cells = 0,
            Tag::Td | Tag::Th => {
                cells += 1;
                rows += u32::from(cells == 1);
                widest = widest.max(cells);
            }
            Tag::P => paragraphs = true,
            _ => {}
        }
    }
    widest >= 2 || rows >= 2 && !paragraphs
}

/// The longest run of backticks in the text under `node`.
fn longest_backtick_run(dom: &Dom, node: u32) -> usize {
    let end = dom.nodes[node as usize].end;
    let mut longest = 0;
    for i in node..end {
        if dom.nodes[i as usize].tag == Tag::Text {
            let text = dom.text_of(i);
            if text.contains('`') {
                let runs = text.split(|c| c != '`').map(str::len);
                longest = longest.max(runs.max().unwrap_or(0));
            }
        }
    }
    longest
}

/// The language a `class` names: `language-rust`, `lang-py`.
fn language_of(class: &str) -> Option<String> {
    class.split_ascii_whitespace().find_map(|name| {
        let language = name.strip_prefix("language-").or_else(|| name.strip_prefix("lang-"))?;
        let language: String = language
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '#' | '_' | '.'))
            .take(32)
            .collect();
        (!language.is_empty()).then_some(language)
    })
}
