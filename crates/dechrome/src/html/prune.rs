//! Removing what is chrome whatever the page: invisible elements, form controls, navigation,
//! asides, page headers and footers, hidden elements, chrome landmarks, and (unless the
//! extraction runs relaxed) elements whose class or id names them chrome.

use super::dom::{Dom, Tag, NONE};
use super::flag;

/// How hard extraction prunes and scores; a page whose strict extraction finds too little
/// text is extracted again with less.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// Remove elements whose class/id names them chrome.
    pub strip_unlikely: bool,
    /// Let class/id hints weigh on the scores.
    pub weigh_classes: bool,
    /// Remove link lists, forms and image blocks inside the content.
    pub clean_conditionally: bool,
}

impl Mode {
    pub const STRICT: Mode = Mode { strip_unlikely: true, weigh_classes: true, clean_conditionally: true };

    /// The next, more lenient mode, as readability relaxes its flags one by one.
    pub fn relaxed(self) -> Option<Mode> {
        if self.strip_unlikely {
            Some(Mode { strip_unlikely: false, ..self })
        } else if self.weigh_classes {
            Some(Mode { weigh_classes: false, ..self })
        } else if self.clean_conditionally {
            Some(Mode { clean_conditionally: false, ..self })
        } else {
            None
        }
    }
}

/// An unlikely-looking element that holds at least this share of the page's prose (text
/// outside links) is a wrapper of the article, not chrome: `<div class="share_wrapper">`
/// around the story.
const WRAPPER_SHARE: f32 = 0.5;

/// Marks, in `removed`, the roots of chrome subtrees. Subtrees already removed are skipped.
/// `prose` is each subtree's text outside links, measured before pruning.
pub fn prune(dom: &Dom, removed: &mut [bool], prose: &[u32], mode: Mode) {
    let total = prose.get(dom.body as usize).copied().unwrap_or(0).max(1) as f32;
    let mut i = 0u32;
    let n = dom.nodes.len() as u32;
    while i < n {
        let node = &dom.nodes[i as usize];
        if removed[i as usize] {
            i = node.end;
            continue;
        }
        if is_chrome(dom, i, mode, prose[i as usize] as f32 / total) {
            removed[i as usize] = true;
            i = node.end;
            continue;
        }
        i += 1;
    }
}

fn is_chrome(dom: &Dom, i: u32, mode: Mode, prose_share: f32) -> bool {
    let node = &dom.nodes[i as usize];
    let structural = matches!(node.tag, Tag::Html | Tag::Body | Tag::Article | Tag::Main);
    match node.tag {
        Tag::Text => return false,
        // Figures and their captions: the gold texts of article datasets leave them out.
        Tag::Figcaption | Tag::Figure => return true,
        Tag::Invisible | Tag::Control | Tag::Head | Tag::Title | Tag::Nav | Tag::Footer => return true,
        // Some templates put the article in an `<aside class="post">`: trust a content hint.
        Tag::Aside => return node.weight <= 0 && !node.has(flag::CONTENT),
        // A page header holds the logo and menus; an article's header its title and byline.
        Tag::Header if !node.has(flag::IN_CONTENT) => return true,
        _ => {}
    }
    if node.has(flag::HIDDEN) && !structural {
        return true;
    }
    if node.has(flag::CHROME_ROLE) && !structural && !node.has(flag::CONTENT) {
        return true;
    }
    let strong = node.has(flag::COMMENTS);
    (mode.strip_unlikely || strong)
        && node.has(flag::UNLIKELY)
        && (strong || prose_share < WRAPPER_SHARE || matches!(node.tag, Tag::Ul | Tag::Ol | Tag::Li))
        && !structural
        && !node.has(flag::CONTENT)
        && node.tag != Tag::A
        && !within_table_or_code(dom, i)
}

/// Layout tables carry class names of every kind; readability leaves their cells alone too.
fn within_table_or_code(dom: &Dom, i: u32) -> bool {
    let parent = dom.nodes[i as usize].parent;
    parent != NONE && dom.nodes[parent as usize].has(flag::IN_TABLE)
}
