//! Parsing a page with html5ever, skipping the bodies of elements whose text extraction never
//! reads: scripts (except JSON-LD), styles, `noscript`, `iframe`, `noembed` and `noframes`.
//! A third of a typical page's bytes are such bodies, and the tokenizer would otherwise emit
//! them line by line into text nodes that are thrown away.
//!
//! The skip is exact: it happens only when the tree builder has just told the tokenizer to
//! read raw text for such an element (so the insertion mode, foreign content and the like
//! have been decided by html5ever itself), and it drops only the characters up to the end
//! tag the tokenizer would stop at. The tree is the same, less those elements' text.
//!
//! Comments are dropped as they are read: they hold no page text, and a page of them would
//! otherwise become a tree dozens of times its size. The tree is html5ever's for the page
//! without its comments.
//!
//! Most of the tokenizer's time goes to tags and their attributes, read a character at a
//! time. So after each tag or comment, when the tokenizer is back in its data state, plain
//! text and plain tags that follow are read here in one pass over the bytes and handed to the
//! tree builder as the very tokens the tokenizer would make. At the first thing that is not
//! plain (a character reference, a comment, a stray `<`, a tag that switches the tokenizer to
//! raw text, a NUL), the rest is left to the tokenizer, which carries on in its data state.

use super::tree::{Sink, Tree};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, CommentToken, DoctypeToken, EndTag, StartTag, Tag, TagKind, TagToken, Token,
    TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{ns, Attribute, LocalName, QualName, TokenizerResult};
use std::collections::HashSet;

/// Parses `source` as a whole document, as `scraper::Html::parse_document` does, without the
/// text of the elements listed in the module comment. `nodes` is how many nodes to make room
/// for.
pub fn parse_document(source: &str, nodes: usize) -> Tree {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(source));
    let builder = TreeBuilder::new(Sink::with_capacity(nodes), TreeBuilderOpts::default());
    // The fast path reads bytes as they are; a carriage return (the tokenizer turns it into a
    // line feed) never reaches here from `capture::decode`, but would turn it off.
    let fast = memchr::memchr(b'\r', source.as_bytes()).is_none();
    let tokenizer = Tokenizer::new(Skipper { builder, input: &input, fast }, TokenizerOpts::default());
    // The tokenizer starts in its data state: what opens the page is read here too (it may be
    // a tag of many attributes, which the tokenizer's duplicate check takes quadratic time on).
    // A byte order mark is the tokenizer's to drop. Nothing read here asks the tokenizer to
    // switch state (those tags are left to it), and a script end tag closes no script yet.
    if fast && !source.starts_with('\u{feff}') {
        let _ = tokenizer.sink.read_plain(1);
    }
    // Script end tags and charset declarations pause the tokenizer; carry on, as the driver
    // of `parse_document` does.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.builder.sink.finish()
}

/// Passes tokens to the tree builder; after a start tag that opens a skippable body, drops
/// that body from the front of the input.
struct Skipper<'a, S: TreeSink> {
    builder: TreeBuilder<S::Handle, S>,
    input: &'a BufferQueue,
    /// Read plain text and tags here (see the module comment).
    fast: bool,
}

impl<S: TreeSink> TokenSink for Skipper<'_, S>
where
    S::Handle: Clone,
{
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<S::Handle> {
        let (skip, data_next) = match &token {
            TagToken(tag) if tag.kind == StartTag => (skippable(tag), true),
            TagToken(_) | CommentToken(_) | DoctypeToken(_) => (None, true),
            _ => (None, false),
        };
        // A comment holds no page text and never moves the tree builder to another mode: its
        // node would only cost memory (a page of comments would take dozens of times its size).
        let result = match token {
            CommentToken(_) => TokenSinkResult::Continue,
            token => self.builder.process_token(token, line_number),
        };
        match &result {
            TokenSinkResult::RawData(kind) => {
                if let Some((name, script)) = skip {
                    let expected = if script { RawKind::ScriptData } else { RawKind::Rawtext };
                    if *kind == expected {
                        self.drop_body(name, script);
                    }
                }
            }
            // After a tag, a comment or a doctype these leave the tokenizer in its data state, with
            // nothing half read: what comes next in the input is read in that state.
            TokenSinkResult::Continue | TokenSinkResult::Script(_) if data_next && self.fast => {
                if let Some(result) = self.read_plain(line_number) {
                    return result;
                }
            }
            _ => {}
        }
        result
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

impl<S: TreeSink> Skipper<'_, S> {
    /// Drops the raw text at the front of the input up to its end tag. The input is the page
    /// as one buffer, so the body is in the front buffer; when it is not found there (no end
    /// tag, or the tokenizer split the input), nothing is dropped.
    fn drop_body(&self, name: &[u8], script: bool) {
        let Some(mut front) = self.input.pop_front() else { return };
        if let Some(end) = raw_text_end(front.as_bytes(), name, script) {
            front.pop_front(end as u32);
        }
        self.input.push_front(front);
    }
}

impl<S: TreeSink> Skipper<'_, S>
where
    S::Handle: Clone,
{
    /// Reads plain text and plain tags from the front of the input, in the tokenizer's data
    /// state, and gives their tokens to the tree builder; leaves the rest to the tokenizer.
    /// Returns what the tree builder asked of the tokenizer, if anything, for the last tag.
    fn read_plain(&self, line_number: u64) -> Option<TokenSinkResult<S::Handle>> {
        let mut buf = self.input.pop_front()?;
        let mut asked = None;
        let mut at = 0usize;
        loop {
            let bytes = &buf.as_bytes()[at..];
            let text = memchr::memchr3(b'<', b'&', b'\0', bytes).unwrap_or(bytes.len());
            if text > 0 {
                let chars = buf.subtendril(at as u32, text as u32);
                let result = self.builder.process_token(CharacterTokens(chars), line_number);
                debug_assert!(matches!(result, TokenSinkResult::Continue));
                at += text;
            }
            let bytes = &buf.as_bytes()[at..];
            if bytes.first() == Some(&b'&') {
                let Some((c, len)) = char_ref(bytes) else { break };
                let mut chars = StrTendril::new();
                chars.push_char(c);
                let result = self.builder.process_token(CharacterTokens(chars), line_number);
                debug_assert!(matches!(result, TokenSinkResult::Continue));
                at += len;
                continue;
            }
            if bytes.first() != Some(&b'<') {
                break;
            }
            if bytes.starts_with(b"<!--") {
                // Dropped, as the tokenizer's comments are (see `process_token`).
                let Some((_, len)) = comment(bytes) else { break };
                at += len;
                continue;
            }
            let Some(plain) = read_tag(bytes) else { break };
            // The same bytes as text: the ranges start and end at ASCII bytes.
            let source: &str = &buf[at..];
            let name = LocalName::from(lowercase(&source[plain.name.clone()]).as_ref());
            // Start tags after which the tree builder switches the tokenizer to raw text or
            // plain text: the tokenizer must see them itself.
            if plain.kind == StartTag
                && matches!(
                    &*name,
                    "script"
                        | "style"
                        | "title"
                        | "textarea"
                        | "xmp"
                        | "iframe"
                        | "noembed"
                        | "noframes"
                        | "noscript"
                        | "plaintext"
                )
            {
                break;
            }
            let attrs = plain
                .attrs
                .iter()
                .map(|a| Attribute {
                    name: QualName::new(None, ns!(), LocalName::from(lowercase(&source[a.name.clone()]).as_ref())),
                    value: match &a.decoded {
                        Some(value) => StrTendril::from_slice(value),
                        None => buf.subtendril((at + a.value.start) as u32, a.value.len() as u32),
                    },
                })
                .collect();
            let tag = Tag {
                kind: plain.kind,
                name,
                self_closing: plain.self_closing,
                attrs,
                had_duplicate_attributes: plain.duplicates,
            };
            at += plain.len;
            match self.builder.process_token(TagToken(tag), line_number) {
                // A charset declaration: the parser goes on as it is.
                TokenSinkResult::Continue | TokenSinkResult::EncodingIndicator(_) => {}
                // Not expected (the tags that change the tokenizer's state are left to it),
                // but should it happen, the tokenizer is told, and reads on from here.
                other => {
                    asked = Some(other);
                    break;
                }
            }
        }
        buf.pop_front(at as u32);
        self.input.push_front(buf);
        asked
    }
}

/// A tag read by [`read_tag`]: byte ranges of its name and attributes (names not lowercased
/// yet, duplicates dropped), its length with the `>`.
#[derive(Debug, PartialEq)]
struct PlainTag {
    kind: TagKind,
    name: std::ops::Range<usize>,
    attrs: Vec<PlainAttr>,
    self_closing: bool,
    duplicates: bool,
    len: usize,
}

#[derive(Debug, PartialEq)]
struct PlainAttr {
    name: std::ops::Range<usize>,
    /// The value as written.
    value: std::ops::Range<usize>,
    /// The value with its character references replaced, when it has any.
    decoded: Option<String>,
}

/// A tag with up to this many attributes finds duplicates by comparing each name with those
/// before it; past it, by a set of the names, or one tag of many attributes takes quadratic
/// time.
const LINEAR_DUPLICATE_CHECK: usize = 16;

/// The lowercased names of a tag's attributes, kept once it has many of them.
#[derive(Default)]
struct AttrNames {
    set: Option<HashSet<Box<[u8]>, xxhash_rust::xxh3::Xxh3DefaultBuilder>>,
}

impl AttrNames {
    /// Whether `name` (in `s`) is none of the names of `attrs`, the attributes read so far
    /// (ASCII case-insensitively, as the tokenizer lowercases names); remembers it if so.
    fn is_new(&mut self, s: &[u8], attrs: &[PlainAttr], name: &[u8]) -> bool {
        if self.set.is_none() {
            if attrs.iter().any(|a| s[a.name.clone()].eq_ignore_ascii_case(name)) {
                return false;
            }
            if attrs.len() < LINEAR_DUPLICATE_CHECK {
                return true;
            }
            let lowered = attrs.iter().map(|a| s[a.name.clone()].to_ascii_lowercase().into_boxed_slice());
            self.set = Some(lowered.collect());
        }
        self.set.as_mut().is_some_and(|set| set.insert(name.to_ascii_lowercase().into_boxed_slice()))
    }
}

/// Reads the start or end tag at the start of `s` (which starts with `<`) as html5ever's
/// tokenizer states do, from the tag open state to the `>` that emits the tag. `None` when
/// it is not a tag, or holds what the tokenizer treats specially: a character reference
/// [`char_ref`] does not read, a NUL, or the end of the input before `>`.
fn read_tag(s: &[u8]) -> Option<PlainTag> {
    #[derive(Clone, Copy)]
    enum State {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Quoted(u8),
        Unquoted,
        AfterQuoted,
        SelfClosing,
    }
    let (kind, mut i) = if s.get(1) == Some(&b'/') { (EndTag, 2) } else { (StartTag, 1) };
    if !s.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    let mut state = loop {
        match *s.get(i)? {
            b'\t' | b'\n' | b'\x0c' | b' ' => break State::BeforeName,
            b'/' => break State::SelfClosing,
            b'>' => break State::BeforeName,
            0 => return None,
            _ => i += 1,
        }
    };
    let mut tag =
        PlainTag { kind, name: name_start..i, attrs: Vec::new(), self_closing: false, duplicates: false, len: 0 };
    if s[i] != b'>' {
        i += 1;
    }
    // The attribute being read.
    let mut attr: Option<PlainAttr> = None;
    let mut names = AttrNames::default();
    // In an unquoted value, where the text not yet copied into its decoded form starts.
    let mut undecoded = 0;
    let mut finish = |tag: &mut PlainTag, attr: &mut Option<PlainAttr>| {
        if let Some(a) = attr.take() {
            if names.is_new(s, &tag.attrs, &s[a.name.clone()]) {
                tag.attrs.push(a);
            } else {
                tag.duplicates = true;
            }
        }
    };
    let text = |r: std::ops::Range<usize>| std::str::from_utf8(&s[r]).expect("ranges end at ASCII bytes");
    loop {
        let c = *s.get(i)?;
        if c == 0 {
            return None;
        }
        match state {
            State::BeforeName | State::AfterName => match c {
                b'\t' | b'\n' | b'\x0c' | b' ' => {}
                b'/' => state = State::SelfClosing,
                b'>' => break,
                b'=' if matches!(state, State::AfterName) => state = State::BeforeValue,
                _ => {
                    finish(&mut tag, &mut attr);
                    attr = Some(PlainAttr { name: i..i + 1, value: 0..0, decoded: None });
                    state = State::Name;
                }
            },
            State::Name => match c {
                b'\t' | b'\n' | b'\x0c' | b' ' => state = State::AfterName,
                b'/' => state = State::SelfClosing,
                b'>' => break,
                b'=' => state = State::BeforeValue,
                _ => attr.as_mut().expect("in a name").name.end = i + 1,
            },
            State::BeforeValue => match c {
                b'\t' | b'\n' | b'\x0c' | b' ' => {}
                b'"' | b'\'' => {
                    state = State::Quoted(c);
                    attr.as_mut().expect("after a name").value = i + 1..i + 1;
                }
                b'>' => break,
                b'&' => {
                    state = State::Unquoted;
                    attr.as_mut().expect("after a name").value = i..i;
                    undecoded = i;
                    continue; // reconsumed
                }
                _ => {
                    state = State::Unquoted;
                    attr.as_mut().expect("after a name").value = i..i + 1;
                    undecoded = i;
                }
            },
            State::Quoted(quote) => {
                let a = attr.as_mut().expect("in a value");
                loop {
                    let end = i + memchr::memchr3(quote, b'&', 0, &s[i..])?;
                    if let Some(decoded) = &mut a.decoded {
                        decoded.push_str(text(i..end));
                    }
                    if s[end] == quote {
                        i = end;
                        break;
                    }
                    let (c, len) = if s[end] == b'&' { char_ref(&s[end..])? } else { return None };
                    a.decoded.get_or_insert_with(|| text(a.value.start..end).to_string()).push(c);
                    i = end + len;
                }
                a.value.end = i;
                state = State::AfterQuoted;
            }
            State::Unquoted => match c {
                b'\t' | b'\n' | b'\x0c' | b' ' | b'>' => {
                    if let Some(decoded) = &mut attr.as_mut().expect("in a value").decoded {
                        decoded.push_str(text(undecoded..i));
                    }
                    if c == b'>' {
                        break;
                    }
                    state = State::BeforeName;
                }
                b'&' => {
                    let (c, len) = char_ref(&s[i..])?;
                    let a = attr.as_mut().expect("in a value");
                    let decoded = a.decoded.get_or_insert_with(String::new);
                    decoded.push_str(text(undecoded..i));
                    decoded.push(c);
                    i += len;
                    undecoded = i;
                    a.value.end = i;
                    continue;
                }
                _ => attr.as_mut().expect("in a value").value.end = i + 1,
            },
            State::AfterQuoted => match c {
                b'\t' | b'\n' | b'\x0c' | b' ' => state = State::BeforeName,
                b'/' => state = State::SelfClosing,
                b'>' => break,
                _ => {
                    state = State::BeforeName;
                    continue; // reconsumed
                }
            },
            State::SelfClosing => {
                if c == b'>' {
                    tag.self_closing = true;
                    break;
                }
                state = State::BeforeName;
                continue; // reconsumed
            }
        }
        i += 1;
    }
    finish(&mut tag, &mut attr);
    tag.len = i + 1;
    Some(tag)
}

/// The character reference at the start of `s` (which starts with `&`) and its length, for
/// the ones that read the same in text and in attribute values whatever follows them: the
/// common named ones with their `;`, and numeric ones with `;` whose code point the tokenizer
/// keeps as it is. `None` for the rest, which are left to the tokenizer.
fn char_ref(s: &[u8]) -> Option<(char, usize)> {
    if s.get(1) == Some(&b'#') {
        let (start, radix) = if matches!(s.get(2), Some(b'x' | b'X')) { (3, 16) } else { (2, 10) };
        let mut value: u32 = 0;
        let mut i = start;
        while let Some(digit) = s.get(i).and_then(|&b| (b as char).to_digit(radix)) {
            value = value * radix + digit;
            if value > 0x10_FFFF {
                return None;
            }
            i += 1;
        }
        if i == start || s.get(i) != Some(&b';') {
            return None;
        }
        // Not NUL, controls, surrogates or noncharacters: those the tokenizer replaces.
        let kept = matches!(value, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFDCF | 0xFDF0..=0x10_FFFF)
            && value & 0xFFFE != 0xFFFE;
        return kept.then(|| (char::from_u32(value).expect("a scalar value"), i + 1));
    }
    let end = s.iter().take(8).position(|&b| b == b';')?;
    let c = match &s[1..end] {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        b"nbsp" => '\u{a0}',
        b"copy" => '\u{a9}',
        b"reg" => '\u{ae}',
        b"laquo" => '\u{ab}',
        b"raquo" => '\u{bb}',
        b"middot" => '\u{b7}',
        b"ndash" => '\u{2013}',
        b"mdash" => '\u{2014}',
        b"lsquo" => '\u{2018}',
        b"rsquo" => '\u{2019}',
        b"ldquo" => '\u{201c}',
        b"rdquo" => '\u{201d}',
        b"bull" => '\u{2022}',
        b"hellip" => '\u{2026}',
        b"trade" => '\u{2122}',
        _ => return None,
    };
    Some((c, end + 1))
}

/// The comment at the start of `s` (which starts with `<!--`): the range of its data and its
/// length with the `-->`. The tokenizer's comment states end a comment at the first `-->`,
/// or at `--!>`, or at once on `<!-->` and `<!--->`; `None` for all but the first (and for a
/// NUL or no end), which are left to the tokenizer.
fn comment(s: &[u8]) -> Option<(std::ops::Range<usize>, usize)> {
    let body = &s[4..];
    if body.starts_with(b">") || body.starts_with(b"->") {
        return None;
    }
    let end = memchr::memmem::find(body, b"-->")?;
    let data = &body[..end];
    if memchr::memchr(0, data).is_some() || memchr::memmem::find(&body[..end + 3], b"--!>").is_some() {
        return None;
    }
    Some((4..4 + end, 4 + end + 3))
}

/// ASCII letters lowercased, as the tokenizer does for tag and attribute names.
fn lowercase(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

/// The name of an element whose body extraction never reads, and whether it is a script.
/// JSON-LD scripts are kept: the metadata reads them (with the same test as `Dom::build`).
fn skippable(tag: &Tag) -> Option<(&'static [u8], bool)> {
    let name: &'static [u8] = match &*tag.name {
        "script" => {
            let json_ld = tag
                .attrs
                .iter()
                .find(|a| a.name.ns.is_empty() && &*a.name.local == "type")
                .is_some_and(|a| a.value.eq_ignore_ascii_case("application/ld+json"));
            return (!json_ld).then_some((b"script", true));
        }
        "style" => b"style",
        "noscript" => b"noscript",
        "iframe" => b"iframe",
        "noembed" => b"noembed",
        "noframes" => b"noframes",
        _ => return None,
    };
    Some((name, false))
}

/// Where the raw text at the start of `body` ends: the offset of the first `</name` followed
/// by white space, `/` or `>` (`name` matched ASCII case-insensitively), which is where the
/// tokenizer's raw text and script data states stop. `None` when there is no such end tag, or,
/// in a script, when `<!--` comes first: from there the script's escaped states may run past
/// that end tag, and the body is left to the tokenizer.
pub(crate) fn raw_text_end(body: &[u8], name: &[u8], script: bool) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &body[at..]) {
        let lt = at + found;
        let rest = &body[lt + 1..];
        if let Some(tail) = rest.strip_prefix(b"/") {
            if tail.len() > name.len()
                && tail[..name.len()].eq_ignore_ascii_case(name)
                && matches!(tail[name.len()], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
            {
                return Some(lt);
            }
        } else if script && rest.starts_with(b"!--") {
            return None;
        }
        at = lt + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, HtmlTreeSink};

    /// `scraper`'s tree of `page` as `parse_document` reads it.
    fn parse(page: &str) -> Html {
        parse_document(page, 0).to_scraper().0
    }

    #[test]
    fn raw_text_ends_at_the_appropriate_end_tag() {
        assert_eq!(raw_text_end(b"a < b</script>", b"script", true), Some(5));
        assert_eq!(raw_text_end(b"x</SCRIPT >", b"script", true), Some(1));
        assert_eq!(raw_text_end(b"x</scripty></script/>", b"script", true), Some(11));
        assert_eq!(raw_text_end(b"x</script", b"script", true), None);
        assert_eq!(raw_text_end(b"x<!--</script>", b"script", true), None);
        assert_eq!(raw_text_end(b"x<!-</script>", b"script", true), Some(4));
        assert_eq!(raw_text_end(b"x<!--</style\n>", b"style", false), Some(5));
        assert_eq!(raw_text_end(b"", b"style", false), None);
    }

    /// The text of every element named `name`, in document order.
    fn texts(html: &Html, name: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(name).unwrap();
        html.select(&selector).map(|e| e.text().collect()).collect()
    }

    #[test]
    fn skipped_bodies_leave_the_same_tree() {
        let page = "<html><head><script>if (a < b) x = '<p>';</script><style>p{}</style>\
            <script type=\"application/ld+json\">{\"headline\": \"H\"}</script></head><body>\
            <p>one</p><SCRIPT>y = '</scripty>'</SCRIPT ><p>two</p>\
            <script><!--<script>z</script>--></script><p>three</p>\
            <noscript><p>no</p></noscript><xmp><b>kept</b></xmp><textarea><i>kept</i></textarea>\
            <svg><style>.a{}</style><script>s</script></svg><p>four</p></body></html>";
        let skipped = parse(page);
        let full = Html::parse_document(page);
        assert_eq!(texts(&skipped, "p"), texts(&full, "p"));
        assert_eq!(texts(&skipped, "p"), ["one", "two", "three", "four"]);
        assert_eq!(texts(&skipped, "script"), ["", "{\"headline\": \"H\"}", "", "<!--<script>z</script>-->", "s"]);
        assert_eq!(texts(&skipped, "style"), ["", ".a{}"]);
        assert_eq!(texts(&skipped, "noscript"), [""]);
        assert_eq!(texts(&skipped, "xmp"), ["<b>kept</b>"]);
        assert_eq!(texts(&skipped, "textarea"), ["<i>kept</i>"]);
        // Apart from the dropped text, the trees are the same.
        let shape = |html: &Html| -> Vec<String> {
            html.tree
                .root()
                .descendants()
                .filter_map(|n| {
                    n.value().as_element().map(|e| format!("{}{:?}", e.name(), e.attrs().collect::<Vec<_>>()))
                })
                .collect()
        };
        assert_eq!(shape(&skipped), shape(&full));
    }

    fn attrs(tag: &PlainTag, s: &[u8]) -> Vec<(String, String)> {
        let text = |r: &std::ops::Range<usize>| String::from_utf8(s[r.clone()].to_vec()).unwrap();
        tag.attrs.iter().map(|a| (text(&a.name), a.decoded.clone().unwrap_or_else(|| text(&a.value)))).collect()
    }

    #[test]
    fn tags_are_read_as_the_tokenizer_reads_them() {
        let s = b"<DIV Class=\"a b\" id='x' data-x=1 hidden data-y = \"2\"/>rest";
        let tag = read_tag(s).unwrap();
        assert_eq!(
            (tag.kind, &s[tag.name.clone()], tag.self_closing, tag.len),
            (StartTag, &b"DIV"[..], true, s.len() - 4)
        );
        let expected = [("Class", "a b"), ("id", "x"), ("data-x", "1"), ("hidden", ""), ("data-y", "2")];
        assert_eq!(attrs(&tag, s), expected.map(|(n, v)| (n.to_string(), v.to_string())));
        // Duplicates: the first wins. A quote glued to the next name, `=` starting a name.
        let s = b"<a href=\"1\"HREF=2 =x \"q=3>";
        let tag = read_tag(s).unwrap();
        assert!(tag.duplicates);
        assert_eq!(
            attrs(&tag, s),
            [("href", "1"), ("=x", ""), ("\"q", "3")].map(|(n, v)| (n.to_string(), v.to_string()))
        );
        let s = b"</p foo>";
        let tag = read_tag(s).unwrap();
        assert_eq!((tag.kind, tag.len, attrs(&tag, s).len()), (EndTag, 8, 1));
        // A `/` not before `>` is read as space; `>` right after `=` ends the tag.
        let tag = read_tag(b"<br/ x=>").unwrap();
        assert!(!tag.self_closing);
        assert_eq!(tag.len, 8);
        let s = b"<a href=\"?a&amp;b&#x2F;&#169;\" title='&quot;q&quot;' alt=&lt;&amp;x&gt; b=y&amp;>";
        let expected = [("href", "?a&b/\u{a9}"), ("title", "\"q\""), ("alt", "<&x>"), ("b", "y&")];
        assert_eq!(attrs(&read_tag(s).unwrap(), s), expected.map(|(n, v)| (n.to_string(), v.to_string())));
        // Left to the tokenizer: other character references, NUL, no `>`, not a tag.
        for s in [
            &b"<a href=\"?a&ampb\">"[..],
            b"<a href=\"&#150;\">",
            b"<a href=x&ampy>",
            b"<p\0>",
            b"<a href='x",
            b"<p",
            b"< p>",
            b"</>",
            b"<!-- -->",
        ] {
            assert_eq!(read_tag(s), None, "{}", String::from_utf8_lossy(s));
        }
    }

    /// html5ever's own tree of `page`, as `Html::parse_document` builds it, but for comments,
    /// dropped at the token as `parse_document` drops them: the tree the fast path must match.
    fn reference(page: &str) -> Html {
        struct NoComments<S: TreeSink>(TreeBuilder<S::Handle, S>);
        impl<S: TreeSink> TokenSink for NoComments<S>
        where
            S::Handle: Clone,
        {
            type Handle = S::Handle;
            fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<S::Handle> {
                match token {
                    CommentToken(_) => TokenSinkResult::Continue,
                    token => self.0.process_token(token, line_number),
                }
            }
            fn end(&self) {
                self.0.end();
            }
            fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
                self.0.adjusted_current_node_present_but_not_in_html_namespace()
            }
        }
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(page));
        let builder = TreeBuilder::new(HtmlTreeSink::new(Html::new_document()), TreeBuilderOpts::default());
        let tokenizer = Tokenizer::new(NoComments(builder), TokenizerOpts::default());
        while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
        tokenizer.end();
        tokenizer.sink.0.sink.finish()
    }

    /// Every element's name and attributes and every text outside skipped bodies, with depth.
    fn outline(html: &Html) -> Vec<String> {
        let mut out = Vec::new();
        for edge in html.tree.root().traverse() {
            let ego_tree::iter::Edge::Open(node) = edge else { continue };
            let depth = node.ancestors().count();
            match node.value() {
                scraper::Node::Element(e) => {
                    let mut attrs: Vec<_> = e.attrs().collect();
                    attrs.sort_unstable();
                    out.push(format!("{depth} {:?} {attrs:?}", e.name));
                }
                scraper::Node::Text(t) => {
                    let parent = node.parent().and_then(|p| p.value().as_element().map(|e| e.name().to_string()));
                    let skipped = ["script", "style", "noscript", "iframe", "noembed", "noframes"];
                    if !parent.is_some_and(|p| skipped.contains(&p.as_str())) {
                        // Text nodes are compared merged: the tokenizer splits runs anywhere.
                        match out.last_mut() {
                            Some(last) if last.starts_with(&format!("{depth} #")) => last.push_str(&t.text),
                            _ => out.push(format!("{depth} #{}", &*t.text)),
                        }
                    }
                }
                scraper::Node::Comment(c) => out.push(format!("{depth} <!--{}-->", &*c.comment)),
                // Not kept: nothing is read from it.
                scraper::Node::Doctype(_) => {}
                other => out.push(format!("{depth} {other:?}")),
            }
        }
        out
    }

    #[test]
    fn comments_end_where_the_tokenizer_ends_them() {
        let data = |s: &[u8]| comment(s).map(|(r, len)| (String::from_utf8(s[r].to_vec()).unwrap(), len));
        assert_eq!(data(b"<!-- a -->x"), Some((" a ".into(), 10)));
        assert_eq!(data(b"<!---->"), Some((String::new(), 7)));
        assert_eq!(data(b"<!-- a --->"), Some((" a -".into(), 11)));
        assert_eq!(data(b"<!-- <!-- x --!-->"), Some((" <!-- x --!".into(), 18)));
        for s in [&b"<!-->"[..], b"<!--->", b"<!-- x --!> -->", b"<!-- x", b"<!-- \0 -->"] {
            assert_eq!(comment(s), None, "{}", String::from_utf8_lossy(s));
        }
    }

    #[test]
    fn character_references() {
        assert_eq!(char_ref(b"&amp;x"), Some(('&', 5)));
        assert_eq!(char_ref(b"&hellip;"), Some(('\u{2026}', 8)));
        assert_eq!(char_ref(b"&#8217;"), Some(('\u{2019}', 7)));
        assert_eq!(char_ref(b"&#X1F600;"), Some(('\u{1F600}', 9)));
        for s in [
            &b"&amp"[..],
            b"&AMP;",
            b"&notin;",
            b"&#;",
            b"&#x;",
            b"&#150;",
            b"&#0;",
            b"&#xD800;",
            b"&#x110000;",
            b"&#12a;",
        ] {
            assert_eq!(char_ref(s), None, "{}", String::from_utf8_lossy(s));
        }
    }

    #[test]
    fn plain_reading_gives_the_same_tree() {
        let page = "<!doctype html><HTML lang=en><head><meta charset=utf-8><title>A &amp; B</title></head>\
            <body class=\"x\" id=b><!----><!-- a --->x<!-- b --!> c --><!-- <!-- x --!--><div a=1 A=2 t=\"&amp;&#47;&notin;\"><p>one &lt; two &amp three &#150;<br/>3<p>4</div><!-- c -->\
            <table><tr><td>cell<td x='y'>cell</table>text < more <svg viewbox='0 0 1 1'><path d=m0/>\
            <style>s</style></svg><pre>\nkept</pre><select><option>o</select>\0<b><i>x</b>y</i></body>";
        assert_eq!(outline(&parse(page)), outline(&reference(page)));
    }

    /// Markup made of the pieces the fast path reads and of those it must hand to the
    /// tokenizer, in any order: tags in any case, attributes quoted or not, with character
    /// references; comments whole and broken; raw-text elements; stray `<` and `&`.
    fn markup() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            3 => "[A-Za-z][a-z]{0,8}( [a-z]{1,6}){0,4}",
            1 => prop::sample::select(vec![" ", "\n", "\t", "é", "—", "\u{a0}"]).prop_map(str::to_string),
            4 => prop::sample::select(vec![
                "<div>", "</div>", "<DIV Class=A>", "<p>", "</p>", "<p class=\"x y\" id='z'>", "<a href=x&amp;y>",
                "<a href=&amp;x&lt;>", "<b c=x&quot d=&#47;/>", "<i j=&notin; k=&amp>",
                "<div a0 a1=1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 a14 a15 a16 A3=x a17 a1 b18=&amp;>",
                "<a href=\"?a&amp;b&#47;&notin;\">", "</a>", "<br/>", "<br / >", "<img src=a alt=\"\">",
                "<span title='&quot;&#x27;'>", "</span>", "<b>", "</b>", "<i>", "</i>", "<table>", "<tr>", "<td>",
                "</table>", "<ul>", "<li>", "</ul>", "<select><option>", "</select>", "<svg viewbox='0 0 1 1'>",
                "<path d=m0/>", "</svg>", "<math>", "</math>", "<!-- c -->", "<!---->", "<!-- a --->", "<!--",
                "-->", "--!>", "<!-->", "<script>", "</script>", "</SCRIPT >", "<style>", "</style>",
                "<noscript>", "</noscript>", "<title>", "</title>", "<textarea>", "</textarea>", "<template>",
                "</template>", "<pre>", "</pre>", "&amp;", "&lt;", "&hellip;", "&#8217;", "&#150;", "&amp",
                "&notin;", "&", "<", "</", ">", "< p>", "<x-y z='>", "<a b c=d e='f'g>", "\u{0}", "<html lang=en>",
                "<body class=b>", "<head>", "</head>", "<!doctype html>", "<frameset>", "<plaintext>",
            ])
            .prop_map(str::to_string),
        ];
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
        #[test]
        fn random_markup_parses_to_the_tree_html5ever_builds(page in markup()) {
            proptest::prop_assert_eq!(outline(&parse(&page)), outline(&reference(&page)));
        }
    }

    /// Compares the trees of every page under `$DECHROME_TREE_CORPUS` with scraper's own
    /// parse: `DECHROME_TREE_CORPUS=dir cargo test --release --lib -- --ignored same_trees`.
    #[test]
    #[ignore = "needs a corpus: DECHROME_TREE_CORPUS"]
    fn same_trees_on_a_corpus() {
        let dir = std::env::var("DECHROME_TREE_CORPUS").expect("DECHROME_TREE_CORPUS");
        let mut pages = 0;
        for entry in walkdir::WalkDir::new(dir) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            let Ok(decoded) = crate::capture::decode(&bytes) else { continue };
            let text = &decoded.text;
            assert!(outline(&parse(text)) == outline(&reference(text)), "{}", entry.path().display());
            pages += 1;
        }
        eprintln!("{pages} pages, same trees");
    }
}
