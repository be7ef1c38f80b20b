//! Host names: read from a URL, recognised in a folder's name, normalised as rule files and
//! folders write them. A module of their own, low down: the walk, HTML extraction, the rules
//! and learning all read hosts.

/// Normalises a host as written in a rule file or a folder name.
pub fn normalize_host(host: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    host.strip_prefix("www.").map(str::to_string).unwrap_or(host)
}

/// The host of an `http(s)://` URL, lowercase.
pub fn host_from_url(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map(|(scheme, rest)| (scheme.to_ascii_lowercase(), rest))?;
    if rest.0 != "http" && rest.0 != "https" {
        return None;
    }
    let authority = rest.1.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    is_host_like(&host).then_some(host)
}

/// True for names that look like a DNS host with a top-level domain: `www.newsmax.com`.
pub fn is_host_like(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && name.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_give_their_host() {
        assert_eq!(host_from_url("https://www.Example.com:8080/a?b").as_deref(), Some("www.example.com"));
        assert_eq!(host_from_url("http://user@news.example.org").as_deref(), Some("news.example.org"));
        assert_eq!(host_from_url("ftp://example.com/x"), None);
        assert_eq!(host_from_url("not a url"), None);
    }

    #[test]
    fn host_like_names() {
        assert!(is_host_like("www.newsmax.com"));
        assert!(is_host_like("10qdetective.blogspot.com"));
        assert!(!is_host_like("captures"));
        assert!(!is_host_like("2023.09"));
        assert!(!is_host_like("my folder.com"));
    }
}
