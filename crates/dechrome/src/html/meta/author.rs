//! Authors: people's names, from structured data or the byline.

use super::clean_value;
use crate::html::dom::Dom;

/// An author name: not a URL, without a leading "By".
pub(super) fn clean_author(raw: &str) -> Option<String> {
    let value = clean_value(raw)?;
    if value.contains("://") || value.starts_with("www.") {
        return None;
    }
    let value = strip_by(&value);
    (!value.is_empty() && value.chars().count() <= 100).then(|| value.to_string())
}

fn strip_by(value: &str) -> &str {
    for prefix in ["By ", "by ", "BY ", "Von ", "Par ", "Por "] {
        if let Some(rest) = value.strip_prefix(prefix) {
            return rest.trim();
        }
    }
    value
}

/// The first short byline element's text.
pub(super) fn byline(dom: &Dom) -> Option<String> {
    dom.head.bylines.iter().find_map(|&node| {
        let text = dom.collapsed_text(node, &[], 200);
        let words = text.split_whitespace().count();
        if (1..=8).contains(&words) {
            clean_author(&text)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_are_names() {
        assert_eq!(clean_author("By  Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(clean_author("https://example.com/jane"), None);
    }
}
