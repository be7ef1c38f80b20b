//! Properties that hold for any input: cleaning is idempotent, invents nothing, and never
//! panics, whatever the bytes.

use crate::capture::{decode, decode_utf8, Format};
use crate::clean::{CaptureInfo, Cleaner};
use crate::write::pretty_json;
use proptest::prelude::*;
use std::sync::OnceLock;

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(Cleaner::new)
}

fn clean(text: &str) -> String {
    cleaner().clean_text(text, &CaptureInfo::default()).text.unwrap()
}

/// Lines like the ones captures are made of: prose, chrome that rules know, and near misses.
fn capture_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Z][a-z]{2,9}( [a-z]{1,9}){3,25}[.!?]",
        2 => "[A-Z][a-z]{2,9}( [A-Za-z]{1,9}){1,8}",
        1 => Just(String::new()),
        1 => prop::sample::select(vec![
            "Advertisement", "- Advertisment -", "Source link", "Most Popular", "Recent Comments",
            "Related Articles", "Share this article", "Tweet", "Subscribe", "© 2023 Example. All rights reserved.",
            "Monday, October 2, 2023", " date 2023-09-09 LOADING ERROR LOADING", "HomeNewsSome Headline Here",
            "By Jane Roe", "We use cookies to improve your experience.", "Home > News > World",
            "Text https://t.co/x1 pic.twitter.com/y2 — A Name (@handle) September 8, 2023",
            "Sept 9 2023", "   ", "Homeowners rejoice as rates fall.", "Share", "Related", "Print",
        ]).prop_map(str::to_string),
    ]
}

fn capture() -> impl Strategy<Value = String> {
    (prop::collection::vec(capture_line(), 0..40), any::<bool>()).prop_map(|(lines, trailing)| {
        let mut text = lines.join("\n");
        if trailing {
            text.push('\n');
        }
        text
    })
}

/// Pages made of random tags, broken ones included, and words.
fn page() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[A-Z][a-z]{2,9}( [a-z]{1,9}){0,12}[.,]?",
        4 => prop::sample::select(vec![
            "<div>", "</div>", "<p>", "</p>", "<a href=x>", "</a>", "<span>", "</span>", "<script>", "</script>",
            "<style>", "<table><tr><td>", "</td><td>", "</table>", "<ul><li>", "<li>", "</ul>", "<br>", "<h1>",
            "</h1>", "<nav>", "</nav>", "<!--", "-->", "<title>", "</title>", "<meta charset=koi8-r>", "<pre>",
            "</pre>", "&amp;", "&#0;", "<span hidden>", "<div class='comment'>", "<article>", "</article>",
            "<footer>", "<html lang=en>", "<!doctype html>", "<svg><text>", "<form>", "<input>", "<noscript>",
            "<script type='application/ld+json'>{\"headline\": 1}</script>", "<time datetime='2023-13-45'>",
            "<meta property='og:title' content=''>", "<", ">", "</", "<x-y z='>", "\u{0}",
        ]).prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.join(""))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn cleaning_is_idempotent(text in capture()) {
        let once = clean(&text);
        let twice = clean(&once);
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn every_output_line_comes_from_the_input(text in capture()) {
        let input_lines: Vec<&str> = text.lines().collect();
        for line in clean(&text).lines().filter(|l| !l.trim().is_empty()) {
            // A kept line is an input line, or an input line with spans cut out of it.
            prop_assert!(
                input_lines.iter().any(|i| *i == line || is_subsequence(line, i)),
                "invented line {:?}", line
            );
        }
    }

    #[test]
    fn the_clean_text_never_has_more_words(text in capture()) {
        let cleaned = cleaner().clean_text(&text, &CaptureInfo::default());
        prop_assert!(cleaned.meta.words_out <= cleaned.meta.words_in);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let cleaned = cleaner().clean_bytes(&bytes, Format::Text, &CaptureInfo::default());
        prop_assert!(cleaned.text.is_ok() != cleaned.meta.error.is_some());
    }

    #[test]
    fn html_pages_never_panic_and_clean_to_their_own_words(html in page()) {
        let cleaned = cleaner().clean_bytes(html.as_bytes(), Format::Html, &CaptureInfo::default());
        prop_assert!(cleaned.text.is_ok() != cleaned.meta.error.is_some());
        if let Ok(text) = &cleaned.text {
            // Words come from the page, in its order (the parser may join adjacent texts).
            let words: String = text.split_whitespace().filter(|w| w.chars().all(char::is_alphabetic)).collect();
            prop_assert!(is_subsequence(&words, &html), "invented words {:?}", words);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_as_html(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let cleaned = cleaner().clean_bytes(&bytes, Format::Html, &CaptureInfo::default());
        prop_assert!(cleaned.text.is_ok() != cleaned.meta.error.is_some());
    }

    #[test]
    fn checked_text_cleans_as_its_bytes_do(text in capture(), html in page(), crlf in any::<bool>()) {
        // What learning's pass 1 hands over as checked text cleans exactly as the file's bytes.
        for (text, format) in [(text, Format::Text), (html, Format::Html)] {
            let text = if crlf { text.replace('\n', "\r\n") } else { text };
            let bytes = text.as_bytes();
            let verbatim = decode_utf8(&text).is_ok_and(|d| d.is_verbatim(bytes));
            prop_assert_eq!(verbatim, decode(bytes).is_ok_and(|d| d.is_verbatim(bytes)));
            prop_assert!(!(verbatim && text.contains('\r')), "line ends are rewritten: not verbatim");
            if verbatim {
                let by_bytes = cleaner().clean_bytes(bytes, format, &CaptureInfo::default());
                let by_text = cleaner().clean_verbatim(&text, format, &CaptureInfo::default(), None);
                prop_assert_eq!(by_bytes.text, by_text.text);
                prop_assert_eq!(pretty_json(&by_bytes.meta), pretty_json(&by_text.meta));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = clean(&text);
    }
}

/// True when the chars of `small` appear in `big` in order (spans cut out keep the order).
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut big = big.chars();
    small.chars().all(|c| big.any(|b| b == c))
}
