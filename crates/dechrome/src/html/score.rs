//! Finding the main content by scoring the tree, as readability does: every paragraph of
//! text scores its container and, less and less, the containers above; link-heavy containers
//! lose their score; class/id hints and the kind of element nudge it. The best container
//! and those of its siblings that score alike (or read as prose) are the content. Inside
//! it, link lists, forms and image strips that do not read as prose are cleaned away.

use super::dom::{Dom, Tag, NONE};
use super::flag;
use super::prune::Mode;

/// Text measures of a subtree (or of a block's own text), collapsed white space.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub chars: u32,
    pub link_chars: u32,
    pub commas: u32,
    pub paragraphs: u32,
    pub images: u32,
    pub list_items: u32,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.chars += o.chars;
        self.link_chars += o.link_chars;
        self.commas += o.commas;
        self.paragraphs += o.paragraphs;
        self.images += o.images;
        self.list_items += o.list_items;
    }

    fn sub(&mut self, o: &Stats) {
        self.chars = self.chars.saturating_sub(o.chars);
        self.link_chars = self.link_chars.saturating_sub(o.link_chars);
        self.commas = self.commas.saturating_sub(o.commas);
        self.paragraphs = self.paragraphs.saturating_sub(o.paragraphs);
        self.images = self.images.saturating_sub(o.images);
        self.list_items = self.list_items.saturating_sub(o.list_items);
    }

    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// Length (collapsed white space, in chars), commas and words of every text node, measured
/// once.
#[derive(Debug, Clone, Default)]
pub struct TextMeasures {
    pub len: Vec<u32>,
    pub commas: Vec<u32>,
    /// White-space separated words with a letter or digit in them.
    pub words: Vec<u32>,
}

impl TextMeasures {
    pub fn new(dom: &Dom) -> Self {
        let mut len = vec![0; dom.nodes.len()];
        let mut commas = vec![0; dom.nodes.len()];
        let mut words = vec![0; dom.nodes.len()];
        for (i, node) in dom.nodes.iter().enumerate() {
            if node.tag == Tag::Text {
                let m = measure(dom.text_of(i as u32));
                (len[i], commas[i], words[i]) = (m.len, m.commas, m.words);
            }
        }
        TextMeasures { len, commas, words }
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Measure {
    len: u32,
    commas: u32,
    words: u32,
}

/// Chars with runs of white space counted as one, commas (any script's), and words with a
/// letter or digit (as `split_whitespace` and `char::is_alphanumeric` see them). Reads runs
/// of white space and runs of the rest in tight loops, ASCII as bytes; only other chars are
/// decoded.
fn measure(text: &str) -> Measure {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let char_at = |i: usize| text[i..].chars().next().expect("at a char boundary");
    let ascii_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ');
    let mut m = Measure::default();
    let mut i = 0;
    loop {
        let run = i;
        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                if !ascii_space(b) {
                    break;
                }
                i += 1;
            } else {
                let c = char_at(i);
                if !c.is_whitespace() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if i >= n {
            break; // trailing white space is not counted
        }
        if i > run && m.len > 0 {
            m.len += 1; // white space between words counts as one char
        }
        let mut alnum = false;
        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                if ascii_space(b) {
                    break;
                }
                alnum |= b.is_ascii_alphanumeric();
                m.commas += u32::from(b == b',');
                i += 1;
            } else {
                let c = char_at(i);
                if c.is_whitespace() {
                    break;
                }
                alnum |= c.is_alphanumeric();
                m.commas += u32::from(matches!(c, '，' | '、' | '،'));
                i += c.len_utf8();
            }
            m.len += 1;
        }
        m.words += u32::from(alnum);
    }
    m
}

/// Stats of every subtree, with removed subtrees left out.
pub fn subtree_stats(dom: &Dom, removed: &[bool], text: &TextMeasures) -> Vec<Stats> {
    let n = dom.nodes.len();
    let mut stats = vec![Stats::default(); n];
    let gone = removed_everywhere(dom, removed);
    // Children come after their parent in document order: walking backwards adds every
    // node's finished stats to its parent.
    for i in (0..n).rev() {
        if gone[i] {
            continue;
        }
        let node = &dom.nodes[i];
        let mut s = stats[i];
        match node.tag {
            Tag::Text => {
                s.chars = text.len[i];
                s.commas = text.commas[i];
                if node.has(flag::IN_LINK) {
                    s.link_chars = s.chars;
                }
            }
            Tag::P => s.paragraphs += 1,
            Tag::Img => s.images += 1,
            Tag::Li => s.list_items += 1,
            _ => {}
        }
        stats[i] = s;
        if node.parent != NONE {
            stats[node.parent as usize].add(&s);
        }
    }
    stats
}

/// Every node that is removed itself or lies in a removed subtree.
pub fn removed_everywhere(dom: &Dom, removed: &[bool]) -> Vec<bool> {
    let mut gone = removed.to_vec();
    for i in 0..dom.nodes.len() {
        let p = dom.nodes[i].parent;
        if p != NONE && gone[p as usize] {
            gone[i] = true;
        }
    }
    gone
}

/// Paragraphs shorter than this (chars) do not score.
const MIN_PARAGRAPH: u32 = 25;
/// List items shorter than this (chars) do not score.
const MIN_LIST_PARAGRAPH: u32 = 150;

fn base_score(tag: Tag) -> f32 {
    match tag {
        Tag::Div | Tag::Article | Tag::Main => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => -3.0,
        Tag::Heading(_) | Tag::Th => -5.0,
        _ => 0.0,
    }
}

/// The content roots chosen by scoring, in document order. `removed` holds the chrome
/// already pruned; `stats` the subtree stats that go with it.
pub fn choose(dom: &Dom, removed: &[bool], stats: &[Stats], text: &TextMeasures, mode: Mode) -> Vec<u32> {
    let n = dom.nodes.len();
    let gone = removed_everywhere(dom, removed);
    // Each block's own text: the text not inside a nested block.
    let mut own = vec![Stats::default(); n];
    let mut has_block_child = vec![false; n];
    let mut blocks: Vec<u32> = Vec::new();
    for (i, &is_gone) in gone.iter().enumerate() {
        if is_gone {
            continue;
        }
        let node = &dom.nodes[i];
        while let Some(&top) = blocks.last() {
            if dom.nodes[top as usize].end as usize <= i {
                blocks.pop();
            } else {
                break;
            }
        }
        if node.tag.is_block() {
            if let Some(&top) = blocks.last() {
                has_block_child[top as usize] = true;
            }
            blocks.push(i as u32);
        } else if node.tag == Tag::Text {
            if let Some(&top) = blocks.last() {
                let o = &mut own[top as usize];
                o.chars += text.len[i];
                o.commas += text.commas[i];
                if node.has(flag::IN_LINK) {
                    o.link_chars += text.len[i];
                }
            }
        }
    }

    let mut score = vec![f32::NAN; n];
    let init = |score: &mut Vec<f32>, i: u32| {
        if score[i as usize].is_nan() {
            let node = &dom.nodes[i as usize];
            let weight = if mode.weigh_classes { f32::from(node.weight) } else { 0.0 };
            score[i as usize] = base_score(node.tag) + weight;
        }
    };
    for i in 0..n {
        if gone[i] || own[i].chars < MIN_PARAGRAPH {
            continue;
        }
        let node = &dom.nodes[i];
        // Long list items are paragraphs set as a list; short ones are menus.
        let long_item = node.tag == Tag::Li && own[i].chars >= MIN_LIST_PARAGRAPH;
        if matches!(node.tag, Tag::Li | Tag::Dt | Tag::Dd | Tag::Th | Tag::Heading(1) | Tag::Html) && !long_item {
            continue;
        }
        let o = &own[i];
        let points = 1.0 + (o.commas + 1) as f32 + (o.chars / 100).min(3) as f32;
        // Text beside block children is a paragraph of its own inside this block.
        let first = if has_block_child[i] || node.tag == Tag::Body { i as u32 } else { node.parent };
        let mut at = first;
        let mut level = 0;
        while at != NONE && level < 5 {
            let a = &dom.nodes[at as usize];
            if a.parent == NONE || a.tag == Tag::Html {
                break;
            }
            init(&mut score, at);
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[at as usize] += points / divider;
            at = a.parent;
            level += 1;
        }
    }
    // Link-heavy containers are menus, not articles.
    let mut candidates: Vec<(f32, u32)> = Vec::new();
    for i in 0..n {
        if !score[i].is_nan() {
            score[i] *= 1.0 - stats[i].link_density();
            candidates.push((score[i], i as u32));
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    candidates.truncate(5);
    let Some(&(top_score, mut top)) = candidates.first() else {
        return vec![dom.body];
    };
    if matches!(dom.nodes[top as usize].tag, Tag::Body | Tag::Html) {
        return vec![dom.body];
    }
    let is_ancestor = |a: u32, d: u32| a < d && d < dom.nodes[a as usize].end;

    // Several near-best candidates under one ancestor: the ancestor holds an article split
    // into parts.
    let alternatives: Vec<u32> =
        candidates[1..].iter().filter(|(s, _)| *s >= top_score * 0.75).map(|&(_, i)| i).collect();
    if alternatives.len() >= 3 {
        let mut parent = dom.nodes[top as usize].parent;
        while parent != NONE && dom.nodes[parent as usize].tag != Tag::Body {
            let containing = alternatives.iter().filter(|&&a| is_ancestor(parent, a)).count();
            if containing >= 3 {
                top = parent;
                break;
            }
            parent = dom.nodes[parent as usize].parent;
        }
    }
    if score[top as usize].is_nan() {
        init(&mut score, top);
    }
    // Climb while the parent scores better: the top candidate was one part of it.
    let mut last = score[top as usize];
    let threshold = last / 3.0;
    let mut parent = dom.nodes[top as usize].parent;
    while parent != NONE && dom.nodes[parent as usize].tag != Tag::Body && dom.nodes[parent as usize].tag != Tag::Html {
        let s = score[parent as usize];
        if s.is_nan() {
            parent = dom.nodes[parent as usize].parent;
            continue;
        }
        if s < threshold {
            break;
        }
        if s > last {
            top = parent;
            break;
        }
        last = s;
        parent = dom.nodes[parent as usize].parent;
    }
    // A container that is its parent's only child stands for the parent.
    loop {
        let parent = dom.nodes[top as usize].parent;
        if parent == NONE || matches!(dom.nodes[parent as usize].tag, Tag::Body | Tag::Html) {
            break;
        }
        let mut live_children = dom.children(parent).filter(|&c| !gone[c as usize] && !is_blank_text(dom, text, c));
        if live_children.next() == Some(top) && live_children.next().is_none() {
            top = parent;
        } else {
            break;
        }
    }

    // Siblings that score like the top candidate, or read as prose, belong to the content.
    let top_score = if score[top as usize].is_nan() { 0.0 } else { score[top as usize] };
    let parent = dom.nodes[top as usize].parent;
    if parent == NONE {
        return vec![top];
    }
    let threshold = (top_score * 0.2).max(10.0);
    let mut roots = Vec::new();
    for sibling in dom.children(parent) {
        if gone[sibling as usize] {
            continue;
        }
        if sibling == top {
            roots.push(sibling);
            continue;
        }
        let s = score[sibling as usize];
        if !s.is_nan() && s >= threshold {
            roots.push(sibling);
            continue;
        }
        let node = &dom.nodes[sibling as usize];
        if node.tag == Tag::P || node.tag == Tag::Div && !has_block_child[sibling as usize] {
            let st = &stats[sibling as usize];
            let density = st.link_density();
            let reads_as_prose = st.chars > 80 && density < 0.25
                || st.chars > 0 && density == 0.0 && ends_sentence(dom, removed, sibling);
            if reads_as_prose {
                roots.push(sibling);
            }
        }
    }
    roots
}

fn is_blank_text(dom: &Dom, text: &TextMeasures, i: u32) -> bool {
    dom.nodes[i as usize].tag == Tag::Text && text.len[i as usize] == 0
}

fn ends_sentence(dom: &Dom, removed: &[bool], i: u32) -> bool {
    let t = dom.collapsed_text(i, removed, 2000);
    t.contains(". ") || t.ends_with('.')
}

/// Removes, inside the roots, blocks that do not read as content: lists of links, forms,
/// strips of images, empty boxes. Inner blocks are judged first, and their removal counts
/// when their containers are judged.
pub fn clean_conditionally(dom: &Dom, removed: &mut [bool], stats: &mut [Stats], roots: &[u32], mode: Mode) {
    let mut judged: Vec<u32> = Vec::new();
    for &root in roots {
        // The roots themselves were chosen; only what lies inside them is judged.
        let mut i = root + 1;
        let end = dom.nodes[root as usize].end;
        while i < end {
            let node = &dom.nodes[i as usize];
            if removed[i as usize] {
                i = node.end;
                continue;
            }
            if matches!(node.tag, Tag::Form | Tag::Table | Tag::Ul | Tag::Ol | Tag::Div | Tag::Section | Tag::Block)
                || matches!(node.tag, Tag::Heading(1 | 2))
            {
                judged.push(i);
            }
            i += 1;
        }
    }
    for &i in judged.iter().rev() {
        let node = &dom.nodes[i as usize];
        let s = stats[i as usize];
        let weight = if mode.weigh_classes { i32::from(node.weight) } else { 0 };
        let doomed = if let Tag::Heading(_) = node.tag {
            weight < 0 || s.link_density() > 0.33
        } else {
            is_clutter(dom, node.tag, &s, weight, i)
        };
        if doomed {
            removed[i as usize] = true;
            let mut at = node.parent;
            while at != NONE {
                stats[at as usize].sub(&s);
                at = dom.nodes[at as usize].parent;
            }
        }
    }
}

fn is_clutter(dom: &Dom, tag: Tag, s: &Stats, weight: i32, i: u32) -> bool {
    if weight < 0 {
        return true;
    }
    if s.commas >= 10 {
        return false;
    }
    let is_list = matches!(tag, Tag::Ul | Tag::Ol);
    let in_figure = dom.ancestors(i).take(4).any(|a| dom.nodes[a as usize].tag == Tag::Figure);
    let p = s.paragraphs as f32;
    let img = s.images as f32;
    let li = s.list_items as f32 - 100.0;
    let density = s.link_density();
    (img > 1.0 && p / img < 0.5 && !in_figure)
        || (!is_list && li > p)
        || (!is_list && weight < 25 && density > 0.2)
        || (weight >= 25 && density > 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `measure` counts, the plain way.
    fn reference(text: &str) -> Measure {
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        Measure {
            len: collapsed.chars().count() as u32,
            commas: text.chars().filter(|c| matches!(c, ',' | '，' | '、' | '،')).count() as u32,
            words: text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() as u32,
        }
    }

    #[test]
    fn measures_match_the_plain_counts() {
        for text in [
            "",
            "   ",
            " one, two  three\n",
            "a\u{a0}b\u{3000}c\u{2009} d",
            "Größe, 東京、 قال، x",
            "— | -- ... 42 «»",
            "\u{b}x\u{c}\r\ty\u{85}z ",
            "émigré,naïve;  ",
            "\u{a0}\u{a0}lead and trail\u{3000} ",
            "x",
            "\n\n  \t",
            ", , ,",
        ] {
            assert_eq!(measure(text), reference(text), "{text:?}");
        }
    }
}
