//! Why each part of a page that did not reach the text left it (`dechrome explain`): a site's
//! `html-remove` rule, the site's learned template, chrome told by the element or its class,
//! id, role or style, or scoring, which kept other elements as the content.

use super::dom::{Dom, Tag};
use super::flag;
use super::score::TextMeasures;
use super::LEARNED_ID;
use std::sync::Arc;

/// A part of the page extraction left out, with what removed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedBlock {
    /// Its text, white space collapsed, cut at [`SHOWN_CHARS`].
    pub text: String,
    /// Characters of text it held.
    pub chars: usize,
    /// A rule id (`site.promo`, `learned.site-template`), or `html.chrome (…)` /
    /// `html.boilerplate (…)` with what told it.
    pub reason: String,
}

/// Characters of a removed block's text shown.
const SHOWN_CHARS: usize = 100;

/// What extraction did to a page, node by node.
pub(super) struct Trace<'a> {
    /// Elements a site's `html-remove` rules removed, with the rule's id.
    pub by_rule: &'a [(u32, Arc<str>)],
    /// Text nodes the learned template removed.
    pub learned: &'a [bool],
    /// Subtrees removed when the content was chosen: the rules', the template's and pruning's.
    pub removed: &'a [bool],
    /// The content's roots.
    pub roots: &'a [u32],
}

/// The removed parts of a page, in document order; parts without text are left out.
pub(super) fn removed_blocks(dom: &Dom, measures: &TextMeasures, trace: &Trace) -> Vec<RemovedBlock> {
    // Chars before each node: a subtree's chars are a difference, whatever the nesting.
    let mut before = Vec::with_capacity(measures.len.len() + 1);
    before.push(0usize);
    for &len in &measures.len {
        before.push(before.last().copied().unwrap_or(0) + len as usize);
    }
    let chars = |i: u32| before[dom.nodes[i as usize].end as usize] - before[i as usize];
    let mut out: Vec<RemovedBlock> = Vec::new();
    let push = |i: u32, reason: String, out: &mut Vec<RemovedBlock>| {
        let text = dom.collapsed_text(i, &[], SHOWN_CHARS * 4);
        let text = match text.char_indices().nth(SHOWN_CHARS) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        };
        // The template's blocks come a text node at a time: one line for a run of them.
        match out.last_mut() {
            Some(last) if reason == LEARNED_ID && last.reason == LEARNED_ID && last.text.len() < SHOWN_CHARS => {
                last.text = format!("{} · {text}", last.text);
                last.chars += chars(i);
            }
            _ => out.push(RemovedBlock { text, chars: chars(i), reason }),
        }
    };
    let mut i = 0u32;
    let n = dom.nodes.len() as u32;
    // Inside a content root up to here: what is not removed there is the text.
    let mut content_end = 0u32;
    while i < n {
        let node = &dom.nodes[i as usize];
        let end = node.end;
        let in_content = i < content_end;
        if chars(i) == 0 || matches!(node.tag, Tag::Head | Tag::Title | Tag::Invisible) {
            i = end;
        } else if let Some((_, rule)) = trace.by_rule.iter().find(|(at, _)| *at == i) {
            push(i, rule.to_string(), &mut out);
            i = end;
        } else if trace.learned[i as usize] {
            push(i, LEARNED_ID.to_string(), &mut out);
            i = end;
        } else if trace.removed[i as usize] {
            push(i, format!("html.chrome ({})", chrome_sign(dom, i)), &mut out);
            i = end;
        } else if in_content || trace.roots.iter().any(|&r| i < r && r < end) {
            i += 1;
        } else if trace.roots.contains(&i) {
            content_end = end;
            i += 1;
        } else {
            push(i, "html.boilerplate (outside the content scoring chose)".to_string(), &mut out);
            i = end;
        }
    }
    out
}

/// What told pruning an element is chrome.
fn chrome_sign(dom: &Dom, i: u32) -> &'static str {
    let node = &dom.nodes[i as usize];
    match node.tag {
        Tag::Nav => "<nav>",
        Tag::Footer => "<footer>",
        Tag::Aside => "<aside>",
        Tag::Header => "<header> of the page",
        Tag::Figure | Tag::Figcaption => "figure or caption",
        Tag::Control | Tag::Form => "form",
        _ if node.has(flag::HIDDEN) => "hidden",
        _ if node.has(flag::CHROME_ROLE) => "role",
        _ if node.has(flag::COMMENTS) => "comments class or id",
        _ if node.has(flag::UNLIKELY) => "class or id",
        _ => "link list or form in the content",
    }
}
