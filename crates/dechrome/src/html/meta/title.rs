//! The headline: the page's title without the site's name or section.

/// `Story title | Site` → `Story title`, when the suffix is the site's name or the title
/// keeps enough words without it.
pub(super) fn strip_site_suffix(title: &str, site_name: Option<&str>) -> String {
    const SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " » "];
    let Some((at, sep)) = SEPARATORS.iter().filter_map(|s| title.rfind(s).map(|i| (i, *s))).max_by_key(|&(i, _)| i)
    else {
        return title.to_string();
    };
    let (head, tail) = (&title[..at], &title[at + sep.len()..]);
    let is_site = site_name.is_some_and(|s| s.eq_ignore_ascii_case(tail.trim()));
    if is_site || head.split_whitespace().count() >= 3 && tail.split_whitespace().count() <= 4 {
        head.trim().to_string()
    } else {
        title.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes_go_from_titles() {
        assert_eq!(strip_site_suffix("Budget passes | Daily Planet", Some("Daily Planet")), "Budget passes");
        assert_eq!(strip_site_suffix("The council passes the budget - Planet", None), "The council passes the budget");
        assert_eq!(strip_site_suffix("Q&A - an interview", None), "Q&A - an interview");
    }
}
