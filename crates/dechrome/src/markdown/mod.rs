//! Markdown output: the clean text as `CommonMark` with GFM tables.
//!
//! The rules work line by line on the plain text, so a page's Markdown is made line for line
//! beside it: the same walk over the page renders both, and each line of the plain text has
//! its Markdown line ([`PageLines`]). Once the rules have removed lines from the plain text,
//! [`assemble`] writes the Markdown lines of those kept, joined as their blocks need (a
//! blank line between paragraphs, none between the items of a list or the rows of a table),
//! with the code fences and the table delimiter row that belong to no line. A text capture
//! has no structure to keep: its Markdown is its clean text, escaped ([`escape_text`]).

pub(crate) mod escape;
pub(crate) mod link;

use crate::doc::Doc;

/// How the clean text is written: plain text (the default), or Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TextFormat {
    /// Plain text: a blank line between paragraphs; headings, list items and table rows on
    /// lines of their own, cells joined by ` | `.
    #[default]
    Plain,
    /// Markdown (`CommonMark`, with GFM pipe tables): for HTML pages, the main content's
    /// headings, lists, tables, code, quotes and emphasis; for text captures, the clean text
    /// with the characters that would read as markup escaped. The same words as
    /// [`TextFormat::Plain`].
    Markdown(MarkdownOptions),
}

impl TextFormat {
    /// The extension of an output file of text in this format: `txt` or `md`.
    pub fn extension(self) -> &'static str {
        match self {
            TextFormat::Plain => "txt",
            TextFormat::Markdown(_) => "md",
        }
    }

    /// A number that tells the formats (and their options) apart, for `cleaned_with`.
    pub(crate) fn fingerprint(self) -> u64 {
        match self {
            TextFormat::Plain => 0,
            TextFormat::Markdown(o) => 1 | u64::from(o.links) << 1 | u64::from(o.images) << 2,
        }
    }
}

/// What Markdown output of HTML pages keeps beside the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MarkdownOptions {
    /// Links as `[text](absolute URL)`, resolved against the page's `<base href>` or its URL
    /// (default: the link text alone).
    pub links: bool,
    /// Images as `![alt](absolute URL)` (default: left out).
    pub images: bool,
}

/// What a Markdown line is, for joining it to the line before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The plain text's blank line.
    Blank,
    /// A paragraph's line, or a line inside a list item after its first.
    Text,
    /// A list item's first line (it holds the marker).
    Item,
    Heading,
    /// A table row, or a piece of one that a line break in a cell put on the next line.
    Row,
    /// A line of a code block.
    Code,
}

/// How a line joins the line before it when that line is of the same block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Join {
    /// A new block.
    Block,
    /// A `<br>`: a hard line break.
    Break,
    /// A piece of the same heading or table row: on the same Markdown line.
    Same,
}

/// The Markdown of one line of a page's plain text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    /// `text[start..body]` is the line's prefix when it starts a block (quote marks, list
    /// marker or indent, `## `, `| `), `text[body..end]` its content.
    pub start: u32,
    pub body: u32,
    pub end: u32,
    /// `text[cont_start..cont_end]`: the prefix of the lines its containers continue on
    /// (quote marks and list indents), for blank lines and code fences.
    pub cont_start: u32,
    pub cont_end: u32,
    pub kind: Kind,
    pub join: Join,
    /// The paragraph, heading or table row it belongs to.
    pub block: u32,
    /// The table or code block it belongs to ([`NO_GROUP`]: none).
    pub group: u32,
    /// The outermost list it is inside an item of ([`NO_GROUP`]: none).
    pub list: u32,
    /// A `<hr>` stands before it.
    pub rule_before: bool,
    /// For a row's first line: the row's cells.
    pub cells: u16,
    /// For a list item's first line: its marker may interrupt a paragraph (`-`, `1.`; not
    /// `2.`).
    pub interrupts: bool,
}

/// No table or code block.
pub(crate) const NO_GROUP: u32 = u32::MAX;

/// The Markdown of a page's plain text, line by line.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageLines {
    pub text: String,
    pub lines: Vec<Line>,
    /// The opening fence (with its language) of each code block, by group; empty for tables.
    pub fences: Vec<String>,
}

impl PageLines {
    fn prefix<'s>(&'s self, line: &Line) -> &'s str {
        &self.text[line.start as usize..line.body as usize]
    }

    fn body(&self, line: &Line) -> &str {
        &self.text[line.body as usize..line.end as usize]
    }

    fn cont<'s>(&'s self, line: &Line) -> &'s str {
        &self.text[line.cont_start as usize..line.cont_end as usize]
    }

    /// Line `i`'s Markdown as it reads alone: its prefix and content (`None` past the end).
    pub fn line(&self, i: usize) -> Option<String> {
        let line = self.lines.get(i)?;
        Some(format!("{}{}", self.prefix(line), self.body(line)))
    }

    /// Puts `lines` (a headline, say) above the page's lines.
    pub fn prepend(&mut self, head: PageLines) {
        let shift = head.text.len() as u32;
        let groups = head.fences.len() as u32;
        for line in &mut self.lines {
            for offset in [&mut line.start, &mut line.body, &mut line.end, &mut line.cont_start, &mut line.cont_end] {
                *offset += shift;
            }
            if line.group != NO_GROUP {
                line.group += groups;
            }
        }
        self.text.insert_str(0, &head.text);
        let mut lines = head.lines;
        lines.append(&mut self.lines);
        self.lines = lines;
        let mut fences = head.fences;
        fences.append(&mut self.fences);
        self.fences = fences;
    }
}

/// The Markdown of the lines of `doc` that the rules kept; `page` holds the Markdown of each
/// of its lines. A line the rules edited (spans stripped) keeps its prefix and takes its
/// plain text, escaped.
pub(crate) fn assemble(doc: &Doc, page: &PageLines) -> String {
    if page.lines.len() != doc.len() {
        // A page with no text has no Markdown line, and its plain text one empty line.
        debug_assert!(page.lines.is_empty(), "{} Markdown lines for {} lines", page.lines.len(), doc.len());
        return escape_text(&doc.render());
    }
    let mut out = String::with_capacity(page.text.len());
    let mut prev: Option<&Line> = None;
    // A table's first row kept waits for its delimiter row: (row, cells the widest row has).
    let mut header: Option<(&Line, u16)> = None;
    // The code block open lost its list indent.
    let mut code_trimmed = false;
    for i in kept_lines(doc, page) {
        let line = &page.lines[i];
        let join = prev.map(|p| join_of(p, line));
        if let Some((row, widest)) = header {
            if join != Some(Join::Same) {
                push_delimiter(page, row, widest, &mut out);
                header = None;
            }
        }
        if let Some(p) = prev {
            close_code(page, p, Some(line), code_trimmed, &mut out);
            match join_of(p, line) {
                Join::Same => out.push(' '),
                Join::Break => out.push_str("\\\n"),
                Join::Block if tight(p, line) => out.push('\n'),
                Join::Block => {
                    let shared = shared_prefix(page.cont(p), page.cont(line));
                    out.push('\n');
                    push_blank(shared, &mut out);
                    if line.rule_before {
                        out.push_str(shared);
                        out.push_str("---\n");
                        push_blank(shared, &mut out);
                    }
                }
            }
        }
        // An indent left without its list item would read as code.
        let unlisted = line.list != NO_GROUP && prev.is_none_or(|p| p.list != line.list);
        if line.kind == Kind::Code {
            // The fence takes the line's prefix (a list item's marker), the code its indent;
            // without a marker, both lose the indent, or neither does.
            if !prev.is_some_and(|p| same_group(p, line)) {
                code_trimmed = unlisted && page.prefix(line) == page.cont(line);
                out.push_str(trim_indent(page.prefix(line), code_trimmed));
                out.push_str(&page.fences[line.group as usize]);
                out.push('\n');
            }
            out.push_str(trim_indent(page.cont(line), code_trimmed));
        } else if join != Some(Join::Same) {
            out.push_str(trim_indent(page.prefix(line), unlisted));
        }
        let text = doc.text(i);
        if std::ptr::eq(text, doc.original(i)) {
            out.push_str(page.body(line));
        } else {
            escape::line(text.trim(), &mut out);
        }
        if line.kind == Kind::Row && !prev.is_some_and(|p| same_group(p, line)) {
            header = Some((line, widest_row(doc, page, i)));
        }
        prev = Some(line);
    }
    if let Some((row, widest)) = header {
        push_delimiter(page, row, widest, &mut out);
    }
    if let Some(p) = prev {
        close_code(page, p, None, code_trimmed, &mut out);
        out.push('\n');
    }
    out
}

/// The lines of `doc` the plain text keeps ([`Doc::render`]): those neither blank nor removed,
/// and the lines without a word (`}`) between two of them that no removal parts.
fn kept_lines(doc: &Doc, page: &PageLines) -> Vec<usize> {
    let mut kept = Vec::new();
    let mut wordless = Vec::new();
    let mut removed_since = false;
    for i in 0..doc.len() {
        if doc.is_removed(i) {
            removed_since = true;
            wordless.clear();
        } else if !doc.is_blank(i) {
            if !removed_since {
                kept.append(&mut wordless);
            }
            wordless.clear();
            removed_since = false;
            kept.push(i);
        } else if page.lines[i].kind != Kind::Blank && (!kept.is_empty() || doc.removals().is_empty()) {
            wordless.push(i);
        }
    }
    if !removed_since {
        kept.append(&mut wordless);
    }
    kept
}

/// The part of two continuation prefixes that both lines share: the containers a blank line
/// between them stays in.
fn shared_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let len = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    &a[..len]
}

/// How `line` joins `prev`, the line kept before it.
fn join_of(prev: &Line, line: &Line) -> Join {
    match line.join {
        Join::Same if prev.block == line.block && prev.kind == line.kind => Join::Same,
        Join::Break if prev.block == line.block => Join::Break,
        _ => Join::Block,
    }
}

/// Whether `line` follows `prev` with no blank line: rows of one table, lines of one code
/// block, list items after a list's lines.
fn tight(prev: &Line, line: &Line) -> bool {
    match line.kind {
        Kind::Row | Kind::Code => same_group(prev, line),
        // An item goes on its list after an item or a line inside one (indented deeper), or
        // starts a list under such a line when its marker can.
        Kind::Item => {
            let inside_item = match prev.kind {
                Kind::Item => true,
                Kind::Text => prev.cont_end - prev.cont_start > line.cont_end - line.cont_start,
                _ => false,
            };
            prev.list == line.list
                && line.list != NO_GROUP
                && inside_item
                && (prev.group == line.group || line.interrupts)
        }
        _ => false,
    }
}

fn same_group(prev: &Line, line: &Line) -> bool {
    prev.kind == line.kind && prev.group == line.group && line.group != NO_GROUP
}

/// A blank line inside the containers whose continuation prefix is `cont`.
fn push_blank(cont: &str, out: &mut String) {
    out.push_str(cont.trim_end());
    out.push('\n');
}

/// `prefix` without its leading spaces when `trimmed`.
fn trim_indent(prefix: &str, trimmed: bool) -> &str {
    if trimmed {
        prefix.trim_start_matches(' ')
    } else {
        prefix
    }
}

/// Closes `prev`'s code block unless `next` goes on with it.
fn close_code(page: &PageLines, prev: &Line, next: Option<&Line>, trimmed: bool, out: &mut String) {
    if prev.kind == Kind::Code && !next.is_some_and(|n| same_group(prev, n)) {
        let fence = &page.fences[prev.group as usize];
        out.push('\n');
        out.push_str(trim_indent(page.cont(prev), trimmed));
        out.push_str(&fence[..fence.bytes().take_while(|&b| b == b'`').count()]);
    }
}

/// The most cells a kept row of line `first`'s table has.
fn widest_row(doc: &Doc, page: &PageLines, first: usize) -> u16 {
    let group = page.lines[first].group;
    let mut widest = 1;
    for (i, line) in page.lines.iter().enumerate().skip(first) {
        if line.kind == Kind::Blank {
            continue;
        }
        if line.group != group || line.kind != Kind::Row {
            break;
        }
        if !doc.is_removed(i) {
            widest = widest.max(line.cells);
        }
    }
    widest
}

/// After a table's first row (its header), empty cells up to the widest row's, and the
/// delimiter row: GFM drops the cells of a row beyond the header's.
fn push_delimiter(page: &PageLines, row: &Line, widest: u16, out: &mut String) {
    for _ in row.cells.max(1)..widest {
        out.push_str("  |");
    }
    out.push('\n');
    out.push_str(page.cont(row));
    out.push('|');
    for _ in 0..widest {
        out.push_str(" --- |");
    }
}

/// A text capture's clean text as Markdown: each line escaped, none joined or split.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        escape::line(line, &mut out);
    }
    out
}
