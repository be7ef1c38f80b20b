//! Learned chrome for pages. A page's text falls into *blocks*: the text between two
//! boundaries of block elements (a paragraph, a list item, a menu entry, the words of a
//! `<div>` before its first child block). A block that repeats across many pages of a site is
//! its template, as a repeated line is for text captures, and goes before the content is
//! scored, as `learned.site-template`.
//!
//! Pass 1 must stay cheap, so it does not parse: [`source_hashes`] reads the block texts
//! straight from the source with a scanner that splits where the parsed tree would, skips what
//! extraction never shows (scripts, styles, SVG, form controls, comments) and decodes character
//! references. Pass 2 hashes the blocks of the parsed page ([`dom_blocks`]) the same way. The
//! two agree on the pages of ordinary markup; where the parser restructures a page (text
//! fostered out of a table), a block only fails to match, which costs a removal, never content.

use super::dom::{Dom, Tag};

/// One block of a parsed page: its hash and its text nodes.
#[derive(Debug, Clone)]
pub struct Block {
    pub hash: u64,
    /// Range in [`Blocks::texts`].
    texts: std::ops::Range<usize>,
}

/// The blocks of a page with text, in document order.
#[derive(Debug, Default)]
pub struct Blocks {
    pub blocks: Vec<Block>,
    /// The text nodes of every block, one block after another.
    texts: Vec<u32>,
}

impl Blocks {
    /// The text nodes of `block`.
    pub fn texts(&self, block: &Block) -> &[u32] {
        &self.texts[block.texts.clone()]
    }
}

/// What a page is learned against, as learning (which owns the hashing and the counts) hands
/// it to extraction: how a block's text is hashed, and which hashes are the site's template.
pub trait BlockTemplate {
    /// The hash of a block's text; `None` for a blank one.
    fn hash(&self, text: &str) -> Option<u64>;
    /// Whether a block of this hash is template.
    fn contains(&self, hash: u64) -> bool;
}

/// Elements whose content is never page text: skipped whole by both readers.
fn hidden(tag: Tag) -> bool {
    matches!(tag, Tag::Invisible | Tag::Control | Tag::Head | Tag::Title)
}

/// The blocks of a parsed page, leaving out the subtrees `skip` marks (what site rules removed).
pub fn dom_blocks(dom: &Dom, skip: &[bool], hash: &dyn Fn(&str) -> Option<u64>) -> Blocks {
    let mut out = Blocks::default();
    let mut text = String::new();
    let mut start = 0;
    // Ends of the open block elements: leaving one is a boundary too.
    let mut open: Vec<u32> = Vec::new();
    let flush = |text: &mut String, start: &mut usize, out: &mut Blocks| {
        if let Some(hash) = hash(text) {
            out.blocks.push(Block { hash, texts: *start..out.texts.len() });
        } else {
            out.texts.truncate(*start);
        }
        *start = out.texts.len();
        text.clear();
    };
    let mut i = 0u32;
    let n = dom.nodes.len() as u32;
    while i < n {
        while open.last().is_some_and(|&end| end <= i) {
            open.pop();
            flush(&mut text, &mut start, &mut out);
        }
        let node = &dom.nodes[i as usize];
        if node.tag.is_block() {
            flush(&mut text, &mut start, &mut out);
        }
        if hidden(node.tag) || skip.get(i as usize).copied().unwrap_or(false) {
            i = node.end;
            continue;
        }
        if node.tag == Tag::Text {
            text.push_str(dom.text_of(i));
            out.texts.push(i);
        } else if node.tag.is_block() {
            open.push(node.end);
        }
        i += 1;
    }
    flush(&mut text, &mut start, &mut out);
    out
}

/// What learned chrome took from a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removed {
    pub blocks: usize,
    pub chars: usize,
}

/// Marks the text of the page's template blocks removed. A page whose every block is template
/// (a duplicate, an index of the site's own links) keeps them all: learning never empties a
/// page. Blocks inside subtrees already `removed` are not counted.
pub fn remove_template(dom: &Dom, template: &dyn BlockTemplate, removed: &mut [bool], chars: &[u32]) -> Removed {
    let blocks = dom_blocks(dom, removed, &|text| template.hash(text));
    let found: Vec<&Block> = blocks.blocks.iter().filter(|b| template.contains(b.hash)).collect();
    if found.len() == blocks.blocks.len() {
        return Removed::default();
    }
    let mut gone = Removed { blocks: found.len(), chars: 0 };
    for block in found {
        for &t in blocks.texts(block) {
            removed[t as usize] = true;
            gone.chars += chars[t as usize] as usize;
        }
    }
    gone
}

/// The distinct block hashes of a page's source, sorted: what pass 1 counts. Reads the source
/// once, without building a tree (see the module comment).
pub fn source_hashes(source: &str, hash: &dyn Fn(&str) -> Option<u64>) -> Vec<u64> {
    let mut scanner =
        Scanner { bytes: source.as_bytes(), source, at: 0, text: String::new(), hashes: Vec::new(), hash };
    scanner.run();
    let mut hashes = scanner.hashes;
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Tag names longer than this are no element extraction knows (custom elements are inline).
const MAX_TAG_NAME: usize = 32;

struct Scanner<'s> {
    bytes: &'s [u8],
    source: &'s str,
    at: usize,
    /// The current block's text, references decoded.
    text: String,
    hashes: Vec<u64>,
    hash: &'s dyn Fn(&str) -> Option<u64>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        while let Some(found) = memchr::memchr(b'<', &self.bytes[self.at..]) {
            let lt = self.at + found;
            self.push_text(self.at, lt);
            self.at = lt + 1;
            self.markup(lt);
        }
        self.push_text(self.at, self.bytes.len());
        self.flush();
    }

    fn flush(&mut self) {
        if let Some(hash) = (self.hash)(&self.text) {
            self.hashes.push(hash);
        }
        self.text.clear();
    }

    /// The markup that opens at `lt` (a `<`): a comment or declaration, a tag, or a literal `<`.
    fn markup(&mut self, lt: usize) {
        let rest = &self.bytes[lt + 1..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => {
                // `<!-->` and `<!--->` close at once, as the tokenizer reads them.
                let body = lt + 4;
                self.at = match memchr::memmem::find(&self.bytes[body..], b"-->") {
                    _ if rest.starts_with(b"!-->") => lt + 5,
                    _ if rest.starts_with(b"!--->") => lt + 6,
                    Some(e) => body + e + 3,
                    None => self.bytes.len(),
                };
            }
            Some(b'!' | b'?') => self.skip_past(b'>'),
            Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
                let name = self.name(lt + 2);
                self.skip_tag();
                if Tag::from_name(&name).is_block() {
                    self.flush();
                }
            }
            Some(b'/') => self.skip_past(b'>'),
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(lt + 1),
            _ => self.text.push('<'),
        }
    }

    fn start_tag(&mut self, name_at: usize) {
        let name = self.name(name_at);
        let self_closing = self.skip_tag();
        let tag = Tag::from_name(&name);
        if tag.is_block() {
            self.flush();
        }
        let void = matches!(name.as_str(), "input" | "embed" | "frame" | "img" | "br" | "hr" | "meta" | "link");
        // Foreign elements honour `/>`; an HTML element's content starts anyway.
        let empty = self_closing && matches!(name.as_str(), "svg" | "math");
        if hidden(tag) && tag != Tag::Head && !void && !empty {
            self.at = super::find_end_tag(self.bytes, self.at, name.as_bytes()).unwrap_or(self.bytes.len());
            self.skip_tag();
        }
    }

    /// The tag name at `at`, lowercase.
    fn name(&self, at: usize) -> String {
        let len = self.bytes[at..]
            .iter()
            .take(MAX_TAG_NAME + 1)
            .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>'))
            .count();
        self.source.get(at..at + len).unwrap_or("").to_ascii_lowercase()
    }

    /// Moves past the `>` that ends the tag the scanner is in, reading quoted attribute values
    /// whole; whether it closed with `/>`.
    fn skip_tag(&mut self) -> bool {
        let mut at = self.at;
        while let Some(found) = memchr::memchr3(b'>', b'"', b'\'', &self.bytes[at..]) {
            let i = at + found;
            let b = self.bytes[i];
            if b == b'>' {
                self.at = i + 1;
                return i > 0 && self.bytes[i - 1] == b'/';
            }
            // A quote opens a value only after `=`; a stray one is part of a name.
            let after_equals = self.bytes[..i].iter().rev().find(|c| !c.is_ascii_whitespace()) == Some(&b'=');
            at = if after_equals {
                memchr::memchr(b, &self.bytes[i + 1..]).map_or(self.bytes.len(), |e| i + 1 + e + 1)
            } else {
                i + 1
            };
        }
        self.at = self.bytes.len();
        false
    }

    fn skip_past(&mut self, byte: u8) {
        self.at = memchr::memchr(byte, &self.bytes[self.at..]).map_or(self.bytes.len(), |e| self.at + e + 1);
    }

    /// Adds the text between `from` and `to` to the current block, character references decoded.
    fn push_text(&mut self, from: usize, to: usize) {
        let mut at = from;
        while let Some(found) = memchr::memchr(b'&', &self.bytes[at..to]) {
            let amp = at + found;
            self.text.push_str(&self.source[at..amp]);
            at = if let Some((decoded, len)) = reference(&self.source[amp + 1..to]) {
                self.text.extend(decoded);
                amp + 1 + len
            } else {
                self.text.push('&');
                amp + 1
            };
        }
        self.text.push_str(&self.source[at..to]);
    }
}

/// The characters a character reference stands for and the bytes it takes after the `&`, for
/// references closed by `;` (named or numeric), as the parser decodes them.
fn reference(rest: &str) -> Option<(impl Iterator<Item = char>, usize)> {
    let semi = memchr::memchr(b';', &rest.as_bytes()[..rest.len().min(40)])?;
    let body = &rest[..semi];
    let (first, second) = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        (code, 0)
    } else {
        *html5ever::data::NAMED_ENTITIES.get(&rest[..=semi])?
    };
    let chars = [first, second].into_iter().filter(|&c| c != 0).map(|c| char::from_u32(c).unwrap_or('\u{fffd}'));
    Some((chars, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::{parse, Limits};

    /// A block's words, without white space: learning's own hash is learning's to test.
    fn block_hash(text: &str) -> Option<u64> {
        let words: String = text.split_whitespace().collect();
        (!words.is_empty()).then(|| xxhash_rust::xxh3::xxh3_64(words.as_bytes()))
    }

    fn source_hashes(source: &str) -> Vec<u64> {
        super::source_hashes(source, &block_hash)
    }

    fn dom_hashes(source: &str) -> Vec<u64> {
        let tree = parse::parse_document(source, 0);
        let dom = Dom::build(&tree, &Limits::default()).unwrap();
        let mut hashes: Vec<u64> = dom_blocks(&dom, &[], &block_hash).blocks.iter().map(|b| b.hash).collect();
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    }

    fn h(text: &str) -> u64 {
        block_hash(text).unwrap()
    }

    /// The scanner of pass 1 and the parsed page of pass 2 find the same blocks.
    #[test]
    fn the_scanner_reads_the_blocks_the_parser_builds() {
        let pages = [
            "<!doctype html><html><head><title>T</title><style>p{}</style></head><body>\
             <nav><ul><li><a href=/>Home</a><li><a href='/n?a=1&b=2'>News &amp; views</a></ul></nav>\
             <div class=\"x>y\">Intro <b>bold</b> text<p>First para&nbsp;here.<p>Second&#x21; &eacute;t&#233;\
             <script>document.write('<p>no</p>')</script><!-- <p>hidden</p> --></div>\
             <svg><text>never</text></svg><select><option>Pick</select><button>Go</button>\
             <footer>&copy; 2023 Site<br>All rights</footer></body></html>",
            "<p>plain<table><tr><td>cell one<td>cell two</table>tail",
            "text with a < b and a & c, <unknown-tag>custom</unknown-tag> end",
        ];
        for page in pages {
            assert_eq!(source_hashes(page), dom_hashes(page), "{page}");
        }
        let first = source_hashes(pages[0]);
        for block in
            ["Home", "News & views", "Intro bold text", "First para here.", "Second! été", "© 2023 Site All rights"]
        {
            assert!(first.contains(&h(block)), "{block}");
        }
        for never in ["T", "Pick", "Go", "never", "no", "hidden"] {
            assert!(!first.contains(&h(never)), "{never}");
        }
    }
}
