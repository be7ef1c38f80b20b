//! Parsing a page with html5ever, skipping the bodies of elements whose text extraction never
//! reads: scripts (except JSON-LD), styles, `noscript`, `iframe`, `noembed` and `noframes`.
//! A third of a typical page's bytes are such bodies, and the tokenizer would otherwise emit
//! them line by line into text nodes that are thrown away.
//!
//! The skip is exact: it happens only when the tree builder has just told the tokenizer to
//! read raw text for such an element (so the insertion mode, foreign content and the like
//! have been decided by html5ever itself), and it drops only the characters up to the end
//! tag the tokenizer would stop at. The tree is the same, less those elements' text.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, StartTag, Tag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::TokenizerResult;
use scraper::{Html, HtmlTreeSink};

/// Parses `source` as a whole document, as `scraper::Html::parse_document` does, without the
/// text of the elements listed in the module comment.
pub fn parse_document(source: &str) -> Html {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(source));
    let builder = TreeBuilder::new(HtmlTreeSink::new(Html::new_document()), TreeBuilderOpts::default());
    let tokenizer = Tokenizer::new(Skipper { builder, input: &input }, TokenizerOpts::default());
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
}

impl<S: TreeSink> TokenSink for Skipper<'_, S>
where
    S::Handle: Clone,
{
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<S::Handle> {
        let skip = match &token {
            TagToken(tag) if tag.kind == StartTag => skippable(tag),
            _ => None,
        };
        let result = self.builder.process_token(token, line_number);
        if let (Some((name, script)), TokenSinkResult::RawData(kind)) = (skip, &result) {
            let expected = if script { RawKind::ScriptData } else { RawKind::Rawtext };
            if *kind == expected {
                self.drop_body(name, script);
            }
        }
        result
    }

    fn end(&self) {
        self.builder.end()
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
        let skipped = parse_document(page);
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
}
