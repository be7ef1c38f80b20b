//! HTML captures: reviewed fixtures per mechanism in `tests/html/` (chrome removal, content
//! scoring, rendering, metadata sources, charsets, site selectors), the limits on pathological
//! pages, and the one rule engine and writer that text and HTML captures share.
//!
//! Each `tests/html/NAME.html` is cleaned with the embedded rules (and `site-rules.toml` for
//! `site.html`); its text must equal `NAME.txt` and, when there is one, its metadata the
//! fields of `NAME.meta.json`. Set `UPDATE_GOLDEN=1` to rewrite the expected files, then
//! review the diff.

use assert_cmd::Command;
use dechrome::{CaptureError, Cleaned, Cleaner, Error, Format, HtmlError, Limits, Options};
use predicates::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/html"))
}

/// Options that read a capture as an HTML page.
fn html() -> Options {
    Options { format: Some(Format::Html), ..Options::default() }
}

fn cleaner_for(name: &str) -> Cleaner {
    if name == "site" {
        Cleaner::builder().rules_path(fixtures().join("site-rules.toml")).build().unwrap()
    } else {
        Cleaner::new()
    }
}

fn clean_fixture(name: &str) -> Cleaned {
    let bytes = std::fs::read(fixtures().join(format!("{name}.html"))).unwrap();
    let options = Options { source: format!("{name}.html"), ..html() };
    cleaner_for(name).clean(&bytes, &options).unwrap()
}

fn check(name: &str) {
    let cleaned = clean_fixture(name);
    assert_eq!(cleaned.meta.error, None, "{name}");
    let text = cleaned.text.clone();
    let meta = serde_json::to_value(&cleaned.meta).unwrap();
    let txt = fixtures().join(format!("{name}.txt"));
    let json = fixtures().join(format!("{name}.meta.json"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&txt, &text).unwrap();
        if json.exists() {
            let fields = ["title", "author", "date", "site_name", "url", "language", "encoding"];
            let subset: serde_json::Map<String, serde_json::Value> =
                fields.iter().map(|f| (f.to_string(), meta[*f].clone())).collect();
            std::fs::write(&json, serde_json::to_string_pretty(&subset).unwrap()).unwrap();
        }
        return;
    }
    assert_eq!(text, std::fs::read_to_string(&txt).unwrap(), "{name}: text differs from {}", txt.display());
    if json.exists() {
        let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        for (field, value) in expected.as_object().unwrap() {
            assert_eq!(&meta[field], value, "{name}: metadata field `{field}`");
        }
    }
    assert_eq!(meta["format"], "html");
}

#[test]
fn chrome_is_removed_and_the_article_stays() {
    check("chrome");
    let text = clean_fixture("chrome").text;
    for chrome in ["News", "cookies", "Share on", "Hidden promotional", "marked hidden", "Decorative", "JavaScript"] {
        assert!(!text.contains(chrome), "{chrome:?} should be gone");
    }
    for chrome in ["morning briefing", "Finally!", "Most read", "Bridge closure extended", "All rights reserved"] {
        assert!(!text.contains(chrome), "{chrome:?} should be gone");
    }
}

#[test]
fn scoring_finds_the_content_in_markup_without_hints() {
    check("scoring");
}

#[test]
fn text_keeps_blocks_lists_and_tables_apart_and_words_whole() {
    check("text");
}

#[test]
fn the_parts_of_reader_comments_go_though_named_body_or_content() {
    check("comment-parts");
    let text = clean_fixture("comment-parts").text;
    for comment in ["grandfather", "ferry as a child", "summers by the sea", "Posted by"] {
        assert!(!text.contains(comment), "{comment:?} should be gone");
    }
    assert!(text.contains("no company on the long nights"), "{text}");
}

#[test]
fn without_an_h1_the_heading_the_title_names_is_the_headline() {
    check("title-h2");
    let text = clean_fixture("title-h2").text;
    assert!(text.starts_with("The night the ferry stopped running\n"), "{text}");
    assert!(!text.contains("Archives") && !text.contains("Filed under"), "{text}");
}

#[test]
fn rows_of_a_table_of_figures_are_no_menu() {
    check("numeric-table");
    let text = clean_fixture("numeric-table").text;
    for row in ["1 | Harbour Blues | 412 | 7 | 12", "3 | Lighthouse Eight | 377 | 2 | 12"] {
        assert!(text.contains(row), "{row:?} should stay: {text}");
    }
}

#[test]
fn metadata_comes_from_json_ld() {
    check("meta-jsonld");
}

#[test]
fn metadata_comes_from_open_graph_and_meta_tags() {
    check("meta-opengraph");
}

#[test]
fn metadata_falls_back_to_title_byline_time_and_lang() {
    check("meta-fallback");
}

#[test]
fn charsets_are_read_from_bom_meta_http_equiv_or_detected() {
    for name in ["charset-bom", "charset-meta", "charset-http-equiv", "charset-detected"] {
        check(name);
    }
}

#[test]
fn a_site_content_root_wins_over_scoring() {
    check("site");
    let bytes = std::fs::read(fixtures().join("site.html")).unwrap();
    let text = dechrome::clean(&bytes, &html()).unwrap().text;
    assert!(text.contains("essay of the week"), "without the site rule, scoring picks the long essay");
    let cleaned = clean_fixture("site");
    assert_eq!(&*cleaned.meta.removed[0].rule, "harbour.promo");
    assert_eq!(cleaned.meta.removed[0].lines, 3);
}

#[test]
fn a_text_file_that_opens_like_a_page_is_read_as_html() {
    let page =
        "<!DOCTYPE html><html><body><nav><a href=/>Home</a></nav><p>Only this paragraph is text.</p></body></html>";
    let cleaned = dechrome::clean(page, &Options::default()).unwrap();
    assert_eq!(cleaned.meta.format, "html");
    assert_eq!(cleaned.text, "Only this paragraph is text.\n");
}

/// Script and style bodies are skipped while parsing, and plain markup is read outside
/// html5ever's tokenizer: the page must read as the HTML standard says all the same.
#[test]
fn script_and_style_bodies_end_where_the_standard_ends_them() {
    let page = r#"<!DOCTYPE html><html lang=en><head><title>Ignored title</title>
        <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget passes at last",
          "author": {"name": "Jane Roe"}, "datePublished": "2023-09-09"}</script>
        <STYLE>p { content: "</p>" }</STYLE ></head><body><article>
        <p>The council passed the budget on Tuesday, after three weeks of debate &amp; delay.</p>
        <SCRIPT>var s = "</scripts>"; if (a < b) { x = '<p>not text</p>'; }</SCRIPT >
        <p>Its members agreed to fund the new library, the two schools and the road repairs.</p>
        <script><!-- var t = "<script>"; </script> <p>still script</p> --></script>
        <p>The mayor said the vote showed that the town&#8217;s council could still agree.</p>
        <script><!-- old style; --></script>
        <p>Work on the library begins in the spring and should take about a year.</p>
        </article></body></html>"#;
    let cleaned = dechrome::clean(page, &html()).unwrap();
    let text = cleaned.text;
    assert_eq!(
        text,
        "The council passed the budget on Tuesday, after three weeks of debate & delay.\n\n\
         Its members agreed to fund the new library, the two schools and the road repairs.\n\n\
         The mayor said the vote showed that the town\u{2019}s council could still agree.\n\n\
         Work on the library begins in the spring and should take about a year.\n"
    );
    assert_eq!(cleaned.meta.title.as_deref(), Some("Budget passes at last"));
    assert_eq!(cleaned.meta.author.as_deref(), Some("Jane Roe"));
    assert_eq!(cleaned.meta.date.as_deref(), Some("2023-09-09"));
}

#[test]
fn deep_nesting_fails_with_a_reason_not_a_crash() {
    let too_deep = |page: &str| match dechrome::clean(page, &html()) {
        Err(Error::Capture(CaptureError::Html(HtmlError::TooDeep { limit }))) => limit,
        other => panic!("not refused as too deep: {other:?}"),
    };
    // Far past the default depth: refused before parsing, quickly.
    let deep = format!("<html><body>{}text", "<div>".repeat(200_000));
    let started = Instant::now();
    assert_eq!(too_deep(&deep), 4096);
    assert!(started.elapsed() < Duration::from_secs(10));
    // Past the limit but within the pre-scan's margin: refused after parsing, by the tree walk.
    let deeper = format!("<html><body>{}text", "<span>".repeat(5000));
    assert_eq!(too_deep(&deeper), 4096);
    // Deep but within the limit: cleaned, with no stack overflow anywhere.
    let fine = format!("<html><body>{}<p>Deep but fine text.</p>", "<div>".repeat(4000));
    assert_eq!(dechrome::clean(&fine, &html()).unwrap().text, "Deep but fine text.\n");
}

#[test]
fn huge_pages_fail_on_the_node_limit_and_large_ones_clean() {
    let limits = Limits { max_nodes: 10_000, ..Limits::default() };
    let cleaner = Cleaner::builder().limits(limits).build().unwrap();
    let huge = format!("<html><body>{}", "<p>A short paragraph of text.</p>".repeat(20_000));
    let error = cleaner.clean(&huge, &html()).unwrap_err();
    assert_eq!(error.to_string(), "HTML too large (more than 10000 nodes)");
    // With the default limits the same page (and one ten times larger) is cleaned.
    let large = format!("<html><body><article>{}</article>", "<p>A short paragraph, of text.</p>".repeat(200_000));
    let started = Instant::now();
    let cleaned = dechrome::clean(&large, &html()).unwrap();
    assert_eq!(cleaned.meta.error, None);
    assert_eq!(cleaned.text.lines().filter(|l| !l.is_empty()).count(), 200_000);
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn text_and_html_captures_share_one_rule_engine_and_one_writer() {
    let rules = tempfile::tempdir().unwrap();
    std::fs::write(
        rules.path().join("mine.toml"),
        "[[rule]]\nid = \"mine.tagline\"\nkind = \"drop\"\nwhy = \"Our tagline.\"\nlines = [\"Tides, weather and boats since 1901.\"]\n\n[[test]]\ninput = \"Tides, weather and boats since 1901.\\nStory.\"\nexpect = \"Story.\"\n",
    )
    .unwrap();
    let input = tempfile::tempdir().unwrap();
    let story = "The ferry timetable changes on Monday, when the winter service with fewer crossings begins.";
    std::fs::write(
        input.path().join("a.txt"),
        format!("{story}\n\nTides, weather and boats since 1901.\n\nSource link\n"),
    )
    .unwrap();
    std::fs::write(
        input.path().join("b.html"),
        format!("<html><body><article><p>{story}</p><p>Tides, weather and boats since 1901.</p><p>Source link</p></article></body></html>"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("dechrome")
        .unwrap()
        .arg("clean")
        .arg(input.path())
        .arg("--out")
        .arg(out.path())
        .arg("--rules")
        .arg(rules.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("2 cleaned"));
    let read = |name: &str| std::fs::read_to_string(out.path().join(name)).unwrap();
    assert_eq!(read("a.txt"), format!("{story}\n"));
    assert_eq!(read("b.txt"), read("a.txt"), "the same rules remove the same lines from both");
    let meta = |name: &str| -> serde_json::Value { serde_json::from_str(&read(name)).unwrap() };
    let (text_meta, html_meta) = (meta("a.json"), meta("b.json"));
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&text_meta), keys(&html_meta), "one writer, one record shape");
    let rules_of = |v: &serde_json::Value| {
        v["removed"].as_array().unwrap().iter().map(|r| r["rule"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    for rule in ["mine.tagline", "generic.source-link"] {
        assert!(rules_of(&text_meta).iter().any(|r| r == rule), "text: {rule}");
        assert!(rules_of(&html_meta).iter().any(|r| r == rule), "html: {rule}");
    }
    assert_eq!(text_meta["rules_applied"], html_meta["rules_applied"]);
}

#[test]
fn html_rule_kinds_are_checked_with_their_position() {
    let bad = "[[rule]]\nid = \"x.box\"\nkind = \"html-remove\"\nwhy = \"A box.\"\nselector = \"div[\"\n";
    let load = |toml: &str| dechrome::rules::RuleSetBuilder::new().text("bad.toml", toml).build();
    let error = load(bad).unwrap_err().to_string();
    assert!(error.starts_with("bad.toml:5:12: rule `x.box`: invalid CSS selector"), "{error}");
    let misplaced =
        "[[rule]]\nid = \"x.box\"\nkind = \"html-content\"\nwhy = \"A box.\"\nselector = \"div\"\npattern = 'x'\n";
    let error = load(misplaced).unwrap_err().to_string();
    assert_eq!(error, "bad.toml:6:11: rule `x.box`: `pattern` does not apply to kind `html-content`");
}

#[test]
fn explain_shows_a_page_as_its_extracted_text_with_the_rules_removals() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<html><body><nav><a href=/>Home</a></nav><article><p>The ferry timetable changes on Monday, when the winter service begins.</p><p>Source link</p></article></body></html>",
    )
    .unwrap();
    Command::cargo_bin("dechrome")
        .unwrap()
        .args(["explain", "--color", "never"])
        .arg(&page)
        .assert()
        .success()
        .stdout(predicate::str::contains("# the text extracted from the page"))
        .stdout(predicate::str::contains("  The ferry timetable changes on Monday"))
        .stdout(predicate::str::contains("- Source link  ◂ generic.source-link"))
        // The menu is listed once, as left out of the page, and is not in the text.
        .stdout(predicate::str::contains("- Home  ◂ html.chrome (<nav>)"))
        .stdout(predicate::str::contains("  Home").not());
}

#[test]
fn a_stray_nul_in_a_page_is_read_as_browsers_read_it() {
    let page = "<!doctype html><html><body><article><p>The council approved the budget on Tuesday after a \
        long debate\0 about the new library and the roads.</p></article></body></html>";
    let cleaned = dechrome::clean(page, &Options::default()).unwrap();
    assert_eq!(
        cleaned.text,
        "The council approved the budget on Tuesday after a long debate about the new library and the roads.\n"
    );
    // A text capture with a NUL is binary data, as before.
    let error = dechrome::clean("Some text\0 with a NUL.\n", &Options::default()).unwrap_err();
    assert!(matches!(error, Error::Capture(CaptureError::Binary { offset: 9 })), "{error}");
}
