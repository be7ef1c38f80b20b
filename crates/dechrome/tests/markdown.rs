//! Markdown output (`TextFormat::Markdown`), read back with a `CommonMark` + GFM parser
//! (pulldown-cmark): the structure of the fixture pages in `tests/markdown/` comes out as
//! headings, nested lists, tables, code blocks and links; what would read as markup is
//! escaped; and the Markdown read as text has the plain text's words, on every fixture page
//! and on generated tag soup.

#[path = "markdown/structure.rs"]
mod structure;

use dechrome::{Cleaner, Format, MarkdownOptions, Options, TextFormat};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use structure::read;

const URL: &str = "https://garden.example/guides/tomatoes.html";

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/markdown").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cleaner(format: TextFormat) -> Cleaner {
    Cleaner::builder().text_format(format).build().expect("embedded rules load")
}

fn markdown(links: bool, images: bool) -> Cleaner {
    cleaner(TextFormat::Markdown(MarkdownOptions { links, images }))
}

fn page_options() -> Options {
    Options { format: Some(Format::Html), url: Some(URL.into()), ..Options::default() }
}

fn clean(cleaner: &Cleaner, page: &str, options: &Options) -> String {
    cleaner.clean(page, options).expect("the page cleans").text
}

/// The words (`\w+` runs, as the evaluation counts them) of a text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

#[test]
fn headings_lists_tables_code_and_links_keep_their_structure() {
    let md = clean(&markdown(true, true), &fixture("article.html"), &page_options());
    let found = read(&md);
    let headings: Vec<(u8, &str)> = found.headings.iter().map(|(l, t)| (*l, t.as_str())).collect();
    assert_eq!(
        headings,
        [
            (1, "Growing tomatoes on a balcony"),
            (2, "What you need"),
            (2, "Week by week"),
            (3, "Feeding"),
            (3, "Watering log")
        ],
        "{md}"
    );
    // Nested items sit under theirs; an item of two paragraphs is one item.
    let items: Vec<(&str, usize)> =
        found.items.iter().map(String::as_str).zip(found.item_depths.iter().copied()).collect();
    assert_eq!(
        items,
        [
            ("A pot of at least 20 litres", 1),
            ("Compost, with some grit for drainage", 1),
            ("Peat-free if you can", 2),
            ("Sieved, for seedlings", 2),
            ("A cane or a spiral support. Put it in before planting, not after, or you will tear the roots.", 1),
            ("Sow indoors in March", 1),
            ("Pot on when the first true leaves show", 1),
            ("Plant out after the last frost", 1),
        ],
        "{md}"
    );
    assert_eq!(found.ordered, 1, "{md}");
    assert_eq!(found.header_rows, ["Variety | Days to fruit | Height"], "{md}");
    assert_eq!(
        found.rows[1..],
        ["Sungold | 57 | 1.8 m", "Tumbling Tom | 60 | 0.3 m", "Gardener's Delight | 65 | 1.5 m"],
        "{md}"
    );
    let code = "for day in days:\n    litres = pots * 1.5  # more in a heat wave\n    print(f\"{day}: {litres} l\")\n";
    assert_eq!(found.code_blocks, [("python".to_string(), code.to_string())], "{md}");
    assert_eq!(found.code_spans, ["log_water()"], "{md}");
    // Links resolve against `<base href>`; the image too.
    assert_eq!(
        found.links,
        [
            ("grit for drainage".to_string(), "https://garden.example/guides/soil.html".to_string()),
            ("pots FAQ".to_string(), "https://garden.example/faq/#pots".to_string()),
        ],
        "{md}"
    );
    assert_eq!(found.images, [("pot photo".to_string(), "https://garden.example/guides/img/pot.jpg".to_string())]);
    assert_eq!((found.quotes, found.rules, found.hard_breaks), (1, 1, 1), "{md}");
    assert_eq!(found.strong, ["whole season"]);
    assert_eq!(found.emphasis, ["harvest"]);
    // Chrome stays out, as in the plain text.
    assert!(!md.contains("Shop") && !md.contains("2024"), "{md}");
}

#[test]
fn links_and_images_are_left_out_unless_asked_for() {
    let md = clean(&markdown(false, false), &fixture("article.html"), &page_options());
    let found = read(&md);
    assert!(found.links.is_empty() && found.images.is_empty(), "{md}");
    assert!(md.contains("with some grit for drainage"), "{md}");
    // Without a base or a URL, links stay as the page wrote them.
    let page = "<html><body><article><p>Read the <a href=\"a/b.html\">other page</a> for all of the details and the rest of the story, which is long.</p></article></body></html>";
    let md = clean(&markdown(true, false), page, &Options { format: Some(Format::Html), ..Options::default() });
    assert_eq!(read(&md).links, [("other page".to_string(), "a/b.html".to_string())], "{md}");
}

#[test]
fn characters_that_would_be_markup_are_escaped_and_only_those() {
    let md = clean(&markdown(true, false), &fixture("escapes.html"), &page_options());
    let found = read(&md);
    assert!(found.headings.is_empty() && found.items.is_empty() && found.quotes == 0, "{md}");
    assert!(found.links.is_empty() && found.emphasis.is_empty() && found.strong.is_empty(), "{md}");
    assert_eq!(found.rows, ["Operator | Meaning", "a | b | either a or b", "a & b | both a and b"], "{md}");
    for kept in ["snake_case", "2 * 3 = 6", "[1] and [note]"] {
        assert!(md.contains(kept), "{kept} was escaped: {md}");
    }
    let plain = clean(&cleaner(TextFormat::Plain), &fixture("escapes.html"), &page_options());
    let paragraphs: Vec<&str> = plain.split("\n\n").filter(|p| !p.contains(" | ")).map(str::trim).collect();
    let read_back: Vec<&str> = found.text.split("\n\n").filter(|p| !p.contains(" | ")).map(str::trim).collect();
    assert_eq!(read_back, paragraphs, "{md}");
}

#[test]
fn layout_tables_become_paragraphs_and_the_data_tables_in_them_stay_tables() {
    let md = clean(&markdown(false, false), &fixture("layout.html"), &page_options());
    let found = read(&md);
    // A picture over its caption is a table of one column.
    assert_eq!(
        found.rows,
        ["Year | Pages", "1996 | 100,000", "1998 | 2,400,000", "A crowd at a computer fair, 1997"],
        "{md}"
    );
    assert_eq!(found.headings.len(), 1, "{md}");
    assert!(md.contains("\n\nThe last paragraph of the story ends here"), "{md}");
}

#[test]
fn a_row_a_rule_removes_leaves_the_table_whole() {
    let rules = r#"
[[rule]]
id = "test.header"
kind = "drop"
why = "A test: the header row goes."
lines = ["Variety | Days to fruit | Height"]
"#;
    let format = TextFormat::Markdown(MarkdownOptions::default());
    let cleaner = Cleaner::builder().rules_text("t.toml", rules).text_format(format).build().unwrap();
    let md = clean(&cleaner, &fixture("article.html"), &page_options());
    let found = read(&md);
    // The next row is the header.
    assert_eq!(found.header_rows, ["Sungold | 57 | 1.8 m"], "{md}");
    assert_eq!(found.rows.len(), 3, "{md}");
}

#[test]
fn text_captures_are_escaped_not_given_structure() {
    let text = "# Not a heading\n\n1. not a list\n- nor a bullet\n> nor a quote\n    nor code\n\nA *plain* line with a | pipe and snake_case.\n";
    let md = clean(&markdown(true, true), text, &Options::default());
    let found = read(&md);
    assert!(found.headings.is_empty() && found.items.is_empty() && found.quotes == 0, "{md}");
    assert!(found.code_blocks.is_empty() && found.emphasis.is_empty(), "{md}");
    assert_eq!(words(&found.text), words(&clean(&cleaner(TextFormat::Plain), text, &Options::default())));
    assert!(md.contains("snake_case") && md.contains("a | pipe"), "{md}");
}

/// Every HTML fixture of the repository: the fixtures here, the extraction fixtures and the
/// samples.
fn fixture_pages() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut pages = Vec::new();
    for folder in ["tests/markdown", "tests/html", "samples"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else { continue };
        pages.extend(entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "html")));
    }
    pages.sort();
    assert!(pages.len() >= 10, "found only {pages:?}");
    pages
}

#[test]
fn markdown_read_as_text_has_the_plain_texts_words() {
    let plain = cleaner(TextFormat::Plain);
    let md = markdown(false, false);
    for page in fixture_pages() {
        let bytes = std::fs::read(&page).unwrap();
        let options = Options { format: Some(Format::Html), ..Options::default() };
        let (Ok(p), Ok(m)) = (plain.clean(&bytes, &options), md.clean(&bytes, &options)) else { continue };
        assert_eq!(words(&read(&m.text).text), words(&p.text), "{}:\n{}", page.display(), m.text);
        assert_eq!(m.meta.words_out, p.meta.words_out, "{}", page.display());
    }
}

/// Tag soup of the elements Markdown marks, with text full of markup characters.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<ul><li>".to_string()),
        Just("<ol><li>".to_string()),
        Just("<li>".to_string()),
        Just("</li></ul>".to_string()),
        Just("</ol>".to_string()),
        Just("<table><tr><th>".to_string()),
        Just("<tr><td>".to_string()),
        Just("<td>".to_string()),
        Just("</table>".to_string()),
        Just("<pre><code class=\"language-x\">".to_string()),
        Just("</code></pre>".to_string()),
        Just("<code>".to_string()),
        Just("</code>".to_string()),
        Just("<b>".to_string()),
        Just("</b>".to_string()),
        Just("<em>".to_string()),
        Just("</em>".to_string()),
        Just("<a href=\"x y(1).html\">".to_string()),
        Just("</a>".to_string()),
        Just("<img src=\"i.png\" alt=\"[alt]\">".to_string()),
        Just("<br>".to_string()),
        Just("<hr>".to_string()),
        Just("<blockquote>".to_string()),
        Just("</blockquote>".to_string()),
        Just("<h2>".to_string()),
        Just("</h2>".to_string()),
        "[a-z#>|*_`~\\[\\]()!<&;.1 \n-]{0,24}",
        Just("Words of prose, with commas, long enough to be content. ".to_string()),
    ];
    proptest::collection::vec(piece, 0..60)
        .prop_map(|pieces| format!("<html><body><article>{}</article></body></html>", pieces.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn tag_soup_in_markdown_reads_as_its_plain_text(page in soup()) {
        let options = Options { format: Some(Format::Html), url: Some(URL.into()), ..Options::default() };
        let plain = cleaner(TextFormat::Plain).clean(&page, &options);
        let md = markdown(true, true).clean(&page, &options);
        if let (Ok(plain), Ok(md)) = (plain, md) {
            // A link's and an image's targets and alt texts are no text events.
            let read_back = read(&md.text);
            prop_assert_eq!(words(&read_back.text), words(&plain.text), "{}\n---\n{}", page, md.text);
        }
    }
}
