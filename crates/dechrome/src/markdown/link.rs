//! Link and image targets: resolved against the page's base URL (RFC 3986, section 5.2) and
//! written so that a Markdown reader takes the whole of them.

/// The absolute form of `href` against `base`, or `None` for targets that lead nowhere a
/// reader can follow (`javascript:`, empty). Without an absolute `base`, a relative `href` is
/// kept as it is.
pub fn resolve(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.get(..11).is_some_and(|s| s.eq_ignore_ascii_case("javascript:")) {
        return None;
    }
    if scheme_len(href).is_some() {
        return Some(href.to_string());
    }
    let Some(base) = base.filter(|b| scheme_len(b).is_some()) else { return Some(href.to_string()) };
    let scheme = &base[..scheme_len(base)?];
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{rest}"));
    }
    let (origin, path, query) = split(base);
    Some(match href.as_bytes()[0] {
        b'/' => format!("{origin}{}", remove_dot_segments(href)),
        b'?' => format!("{origin}{path}{href}"),
        b'#' => format!("{origin}{path}{query}{href}"),
        _ => {
            let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
            let dir = if dir.is_empty() { "/" } else { dir };
            format!("{origin}{}", remove_dot_segments(&format!("{dir}{href}")))
        }
    })
}

/// The length of a URL's scheme (`https`), when it has one.
fn scheme_len(url: &str) -> Option<usize> {
    let end = url.find(':')?;
    let scheme = &url[..end];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then_some(end)
}

/// An absolute URL's origin (`https://host:port`), path (`/a/b`) and query (`?q`), without
/// its fragment.
fn split(base: &str) -> (&str, &str, &str) {
    let base = base.split('#').next().unwrap_or(base);
    let after_scheme = scheme_len(base).map_or(0, |n| n + 1);
    let authority_start = if base[after_scheme..].starts_with("//") { after_scheme + 2 } else { after_scheme };
    let path_start = base[authority_start..].find(['/', '?']).map_or(base.len(), |i| authority_start + i);
    let query_start = base[path_start..].find('?').map_or(base.len(), |i| path_start + i);
    (&base[..path_start], &base[path_start..query_start], &base[query_start..])
}

/// A path with its `.` and `..` segments worked out; the query and fragment kept as they are.
fn remove_dot_segments(target: &str) -> String {
    let end = target.find(['?', '#']).unwrap_or(target.len());
    let (path, tail) = target.split_at(end);
    let mut segments: Vec<&str> = Vec::new();
    let mut pieces = path.split('/').skip(1).peekable();
    while let Some(piece) = pieces.next() {
        let last = pieces.peek().is_none();
        match piece {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            _ => segments.push(piece),
        }
    }
    format!("/{}{tail}", segments.join("/"))
}

/// Appends `url` as a link destination: the characters that would end it or break the line
/// are percent-encoded.
pub fn push_destination(url: &str, out: &mut String) {
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_as_rfc_3986_does() {
        let base = Some("http://a/b/c/d;p?q");
        // RFC 3986, section 5.4.1.
        for (href, expected) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
        ] {
            assert_eq!(resolve(base, href).as_deref(), Some(expected), "{href}");
        }
        assert_eq!(resolve(Some("https://example.com"), "a.png").as_deref(), Some("https://example.com/a.png"));
        assert_eq!(resolve(None, "a/b.html").as_deref(), Some("a/b.html"));
        assert_eq!(resolve(base, "javascript:void(0)"), None);
        assert_eq!(resolve(base, "  "), None);
    }

    #[test]
    fn destinations_end_where_they_should() {
        let mut out = String::new();
        push_destination("http://a/b (1).html", &mut out);
        assert_eq!(out, "http://a/b%20%281%29.html");
    }
}
