//! Deciding whether a site rule file applies to a capture: by host, by path, by fingerprint.

use super::matcher::{LazyRegex, Phrases};
use super::phrase_index::rarest_window;
use crate::hosts::{is_host_like, normalize_host};
use globset::GlobSet;

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
    /// Compiled when first needed: most runs meet no capture that holds the required literal.
    regex: LazyRegex,
    /// The longest literal that every match holds: the regex engine starts from a pattern's
    /// prefix, which may be common (`, a` in `, an? … Newsmax`), while the literals of every
    /// fingerprint are searched for in one pass ([`RequiredLiterals`]) that tells most
    /// captures apart from every site at once.
    required: Option<String>,
}

impl Fingerprint {
    pub fn new(regex: LazyRegex) -> Self {
        // Searched for as text: a literal that is not (from a byte class) is left to the regex.
        let required = required_literal(regex.as_str()).and_then(|literal| String::from_utf8(literal).ok());
        Fingerprint { regex, required }
    }

    /// Whether the fingerprint matches `text`, in which `present` tells the literals that occur.
    pub fn is_match(&self, text: &str, present: &LiteralsFound) -> bool {
        self.required.as_deref().is_none_or(|literal| present.contains(literal.as_bytes()))
            && self.regex.get().is_match(text)
    }

    /// Compiles the regex now if it was not yet (as [`LazyRegex::try_get`]).
    pub fn compile(&self) -> Result<(), String> {
        self.regex
            .try_get()
            .map(|_| ())
            .map_err(|e| format!("fingerprint `{}` does not compile: {e}", self.regex.as_str()))
    }
}

/// The required literals of every fingerprint of a rule set, searched for together: each by
/// its rarest window, so that one SIMD pass over a capture tells which of them it holds.
#[derive(Debug, Default)]
pub struct RequiredLiterals {
    /// The literals, and where in each its window starts.
    literals: Vec<(Vec<u8>, usize)>,
    windows: Option<Phrases>,
}

/// The required literals a text holds.
#[derive(Debug, Default)]
pub struct LiteralsFound<'a> {
    found: Vec<&'a [u8]>,
}

impl LiteralsFound<'_> {
    fn contains(&self, literal: &[u8]) -> bool {
        self.found.contains(&literal)
    }
}

impl RequiredLiterals {
    pub fn new<'a>(sites: impl IntoIterator<Item = &'a Site>) -> Self {
        let mut literals: Vec<(Vec<u8>, usize)> = Vec::new();
        let mut windows: Vec<&str> = Vec::new();
        for fingerprint in sites.into_iter().flat_map(|site| &site.fingerprints) {
            let Some(literal) = fingerprint.required.as_deref() else { continue };
            if literals.iter().any(|(l, _)| l == literal.as_bytes()) {
                continue;
            }
            let window = rarest_window(literal);
            let offset = window.as_ptr() as usize - literal.as_ptr() as usize;
            literals.push((literal.as_bytes().to_vec(), offset));
            windows.push(window);
        }
        let windows = (!windows.is_empty()).then(|| Phrases::new(&windows, false).ok()).flatten();
        RequiredLiterals { literals, windows }
    }

    /// The literals `text` holds. Every place where a window starts is found; two windows may
    /// start at the same place (one the start of the other), so every literal is checked there.
    pub fn find(&self, text: &str) -> LiteralsFound<'_> {
        let mut found = LiteralsFound::default();
        let Some(windows) = &self.windows else {
            // Without a searcher, every literal counts as there: the regexes decide.
            found.found = self.literals.iter().map(|(l, _)| l.as_slice()).collect();
            return found;
        };
        let bytes = text.as_bytes();
        windows.find_every_start(bytes, |at, _| {
            for (literal, offset) in &self.literals {
                let holds = at.checked_sub(*offset).is_some_and(|start| bytes[start..].starts_with(literal));
                if holds && !found.contains(literal) {
                    found.found.push(literal);
                }
            }
        });
        found
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
    /// Whether the capture's host or path is the site's.
    pub fn claims(&self, ctx: &SiteContext) -> bool {
        ctx.host.is_some_and(|host| self.hosts.iter().any(|h| host_is_within(host, h)))
            || self.paths.as_ref().is_some_and(|g| g.is_match(ctx.path))
    }

    /// Whether one of the site's fingerprints matches the capture's text, which holds the
    /// required literals `present`.
    pub fn fingerprinted(&self, ctx: &SiteContext, present: &LiteralsFound) -> bool {
        self.fingerprints.iter().any(|f| f.is_match(ctx.text, present))
    }
}

/// `www.newsmax.com` is within `newsmax.com`; `notnewsmax.com` is not.
fn host_is_within(host: &str, domain: &str) -> bool {
    let host = host.strip_prefix("www.").unwrap_or(host);
    host == domain || host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.'))
}

/// Suffixes under which anyone may register a name, of two labels or more: a `hosts` entry
/// that is one of them (or a bare top-level domain) would claim every site under it. Not the
/// whole public suffix list: the ones a scrape meets most.
const MULTI_LABEL_PUBLIC_SUFFIXES: &[&str] = &[
    "co.uk",
    "org.uk",
    "me.uk",
    "ltd.uk",
    "plc.uk",
    "net.uk",
    "ac.uk",
    "gov.uk",
    "nhs.uk",
    "police.uk",
    "com.au",
    "net.au",
    "org.au",
    "edu.au",
    "gov.au",
    "co.nz",
    "org.nz",
    "net.nz",
    "govt.nz",
    "co.jp",
    "ne.jp",
    "or.jp",
    "ac.jp",
    "go.jp",
    "co.kr",
    "or.kr",
    "com.cn",
    "net.cn",
    "org.cn",
    "gov.cn",
    "com.hk",
    "com.tw",
    "com.sg",
    "com.my",
    "co.in",
    "net.in",
    "org.in",
    "gov.in",
    "co.id",
    "com.ph",
    "com.pk",
    "com.br",
    "net.br",
    "org.br",
    "gov.br",
    "com.ar",
    "com.mx",
    "com.co",
    "com.pe",
    "com.tr",
    "gov.tr",
    "co.za",
    "org.za",
    "gov.za",
    "com.ng",
    "co.ke",
    "com.eg",
    "com.sa",
    "co.il",
    "org.il",
    "com.ua",
    "com.pl",
    "co.at",
    "or.at",
    "com.es",
    "com.pt",
    "co.it",
    "blogspot.com",
    "wordpress.com",
    "github.io",
    "substack.com",
    "medium.com",
    "tumblr.com",
    "appspot.com",
];

/// Why `host` (as written in a rule's `hosts`) can never name one site's captures, if it cannot.
/// Hosts are matched as [`host_is_within`] says, once [`normalize_host`] has read them.
pub fn host_problem(host: &str) -> Option<String> {
    let normal = normalize_host(host);
    if normal.is_empty() {
        return Some("a host must not be empty".to_string());
    }
    if normal.contains('*') {
        return Some(format!(
            "`{host}`: write the domain without a wildcard: a host matches its subdomains (`example.com` matches \
             `news.example.com`)"
        ));
    }
    if normal.contains("://") || normal.contains(['/', ':', '?', '#', '@']) {
        return Some(format!("`{host}`: write the host alone (`example.com`), not a URL, path or port"));
    }
    let top_level = !normal.contains('.') && normal.bytes().all(|b| b.is_ascii_alphabetic());
    if top_level || MULTI_LABEL_PUBLIC_SUFFIXES.contains(&normal.as_str()) {
        return Some(format!(
            "`{host}` is a public suffix: it would match the captures of every site under it; name the site's own \
             domain (`example.{normal}`)"
        ));
    }
    if !is_host_like(&normal) {
        return Some(format!(
            "`{host}` is not a host name: dot-separated labels of ASCII letters, digits and `-`, ending in a \
             top-level domain (`example.com`)"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site told by one fingerprint alone.
    fn site(fingerprint: &str) -> Site {
        Site {
            name: None,
            hosts: Vec::new(),
            paths: None,
            fingerprints: vec![Fingerprint::new(LazyRegex::later(fingerprint, false))],
        }
    }

    #[test]
    fn fingerprints_look_for_the_literal_every_match_holds() {
        assert_eq!(
            required_literal(r", an? [^\n]{0,60}Newsmax [^\n]{0,60}(?:writer|editor)").as_deref(),
            Some(&b"Newsmax "[..])
        );
        assert_eq!(required_literal(r"(?m)^Clutch Points\s*$").as_deref(), Some(&b"Clutch Points"[..]));
        assert_eq!(required_literal(r"(?i)newsmax"), None, "a literal that ignores case is a class");
        assert_eq!(required_literal(r"news|sport"), None, "alternatives hold neither for sure");
        let sites = [site(r", an? [^\n]{0,60}Newsmax [^\n]{0,60}writer"), site(r"(?m)^Clutch Points\s*$")];
        let literals = RequiredLiterals::new(&sites);
        let fingerprinted = |site: &Site, text: &str| {
            let ctx = SiteContext { host: None, path: "a.txt", text };
            site.fingerprinted(&ctx, &literals.find(text))
        };
        assert!(fingerprinted(&sites[0], "Jane Roe, a Newsmax staff writer"));
        assert!(!fingerprinted(&sites[0], "Jane Roe, a staff writer at Newsmax"));
        assert!(!fingerprinted(&sites[1], "Jane Roe, a Newsmax staff writer"));
        assert!(fingerprinted(&sites[1], "Scores\nClutch Points\n"));
    }

    #[test]
    fn a_literal_whose_window_starts_inside_another_match_is_found() {
        // Both literals are their own windows; in `zebra!zz` the leftmost match `zebra!` hides
        // `bra!zz`, which starts inside it.
        let sites = [site("zebra!"), site("bra!zz"), site("absent")];
        let literals = RequiredLiterals::new(&sites);
        let found = literals.find("a zebra!zz here");
        assert!(found.contains(b"zebra!") && found.contains(b"bra!zz") && !found.contains(b"absent"));
    }

    #[test]
    fn hosts_match_their_subdomains_only() {
        assert!(host_is_within("www.newsmax.com", "newsmax.com"));
        assert!(host_is_within("video.newsmax.com", "newsmax.com"));
        assert!(!host_is_within("notnewsmax.com", "newsmax.com"));
    }

    #[test]
    fn hosts_that_can_never_name_one_site_are_refused() {
        for good in ["newsmax.com", "www.Newsmax.com.", "bbc.co.uk", "news.blogspot.com", "xn--bcher-kva.de"] {
            assert_eq!(host_problem(good), None, "{good}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("  ", "empty"),
            ("*", "wildcard"),
            ("*.example.com", "wildcard"),
            ("not a host!!", "not a host name"),
            ("com", "public suffix"),
            ("www.com", "public suffix"),
            ("co.uk", "public suffix"),
            ("CO.UK", "public suffix"),
            ("blogspot.com", "public suffix"),
            ("https://example.com/news", "not a URL"),
            ("example.com:8080", "not a URL"),
            ("10.0.0.1", "not a host name"),
            ("-bad-.com", "not a host name"),
            ("news_site", "not a host name"),
        ] {
            let problem = host_problem(bad).unwrap_or_default();
            assert!(problem.contains(why), "{bad:?}: {problem:?}");
        }
    }
}
