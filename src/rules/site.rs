//! Deciding whether a site rule file applies to a capture: by host, by path, by fingerprint.

use globset::GlobSet;
use memchr::memmem;
use regex::Regex;

/// The `[site]` table of a rule file, compiled.
#[derive(Debug)]
pub struct Site {
    pub name: Option<String>,
    /// Lowercase hosts without a leading `www.`.
    pub hosts: Vec<String>,
    pub paths: Option<GlobSet>,
    pub fingerprints: Vec<Fingerprint>,
}

/// A pattern that tells a site's captures by their text, searched in every capture that no
/// host or path claims.
#[derive(Debug)]
pub struct Fingerprint {
    regex: Regex,
    /// The longest literal that every match holds, looked for first: the regex engine starts
    /// from a pattern's prefix, which may be common (`, a` in `, an? … Newsmax`), while this
    /// finds in one SIMD pass that most captures cannot match at all.
    required: Option<memmem::Finder<'static>>,
}

impl Fingerprint {
    pub fn new(regex: Regex) -> Self {
        let required = required_literal(regex.as_str()).map(|literal| memmem::Finder::new(&literal).into_owned());
        Fingerprint { regex, required }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.required.as_ref().is_none_or(|finder| finder.find(text.as_bytes()).is_some()) && self.regex.is_match(text)
    }
}

/// The longest literal of the top-level sequence of `pattern`, which every match must hold;
/// `None` when there is none worth searching for (shorter than 3 bytes).
fn required_literal(pattern: &str) -> Option<Vec<u8>> {
    use regex_syntax::hir::HirKind;
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let parts = match hir.kind() {
        HirKind::Concat(parts) => parts.as_slice(),
        _ => std::slice::from_ref(&hir),
    };
    let literal = parts
        .iter()
        .filter_map(|part| match part.kind() {
            HirKind::Literal(literal) => Some(&literal.0),
            _ => None,
        })
        .max_by_key(|literal| literal.len())?;
    (literal.len() >= 3).then(|| literal.to_vec())
}

/// What is known about a capture when choosing its rules.
#[derive(Debug, Clone, Copy)]
pub struct SiteContext<'a> {
    /// Lowercase host, from the folder layout or the capture's URL.
    pub host: Option<&'a str>,
    /// Path relative to the input folder, with `/` separators.
    pub path: &'a str,
    pub text: &'a str,
}

impl Site {
    pub fn matches(&self, ctx: &SiteContext) -> bool {
        ctx.host.is_some_and(|host| self.hosts.iter().any(|h| host_is_within(host, h)))
            || self.paths.as_ref().is_some_and(|g| g.is_match(ctx.path))
            || self.fingerprints.iter().any(|f| f.is_match(ctx.text))
    }
}

/// `www.newsmax.com` is within `newsmax.com`; `notnewsmax.com` is not.
fn host_is_within(host: &str, domain: &str) -> bool {
    let host = host.strip_prefix("www.").unwrap_or(host);
    host == domain || host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.'))
}

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
    fn fingerprints_look_for_the_literal_every_match_holds() {
        assert_eq!(
            required_literal(r", an? [^\n]{0,60}Newsmax [^\n]{0,60}(?:writer|editor)").as_deref(),
            Some(&b"Newsmax "[..])
        );
        assert_eq!(required_literal(r"(?m)^Clutch Points\s*$").as_deref(), Some(&b"Clutch Points"[..]));
        assert_eq!(required_literal(r"(?i)newsmax"), None, "a literal that ignores case is a class");
        assert_eq!(required_literal(r"news|sport"), None, "alternatives hold neither for sure");
        let fingerprint = Fingerprint::new(Regex::new(r", an? [^\n]{0,60}Newsmax [^\n]{0,60}writer").unwrap());
        assert!(fingerprint.is_match("Jane Roe, a Newsmax staff writer"));
        assert!(!fingerprint.is_match("Jane Roe, a staff writer at Newsmax"));
    }

    #[test]
    fn hosts_match_their_subdomains_only() {
        assert!(host_is_within("www.newsmax.com", "newsmax.com"));
        assert!(host_is_within("video.newsmax.com", "newsmax.com"));
        assert!(!host_is_within("notnewsmax.com", "newsmax.com"));
    }

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
