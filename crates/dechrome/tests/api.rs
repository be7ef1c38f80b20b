//! The library's public API, as a program uses it: one call, a reusable cleaner, typed errors.

use dechrome::{CaptureError, Cleaner, Error, Format, Options};

const CAPTURE: &str = "Monday, October 2, 2023\n\nThe council approved the budget.\n\nSource link\n";

#[test]
fn one_call_sniffs_pages_and_text() {
    let text = dechrome::clean(CAPTURE, &Options::default()).unwrap();
    assert_eq!((text.meta.format, text.text.as_str()), ("text", "The council approved the budget.\n"));
    let page = "<!DOCTYPE html><html><body><nav>Home</nav><p>Only this paragraph is text.</p></body></html>";
    let cleaned = dechrome::clean(page.as_bytes(), &Options::default()).unwrap();
    assert_eq!((cleaned.meta.format, cleaned.text.as_str()), ("html", "Only this paragraph is text.\n"));
    // Text that opens like a page is a page, as a `.txt` file is for `dechrome clean`; a page
    // that does not open like one is read as one when told.
    let as_text = dechrome::clean(page, &Options { format: Some(Format::Text), ..Options::default() }).unwrap();
    assert_eq!(as_text.meta.format, "html");
    let fragment = "<div><p>A fragment of a page, cleaned as a page.</p></div>";
    let told = dechrome::clean(fragment, &Options { format: Some(Format::Html), ..Options::default() }).unwrap();
    assert_eq!((told.meta.format, told.text.as_str()), ("html", "A fragment of a page, cleaned as a page.\n"));
}

#[test]
fn a_cleaner_without_the_built_in_rules_keeps_their_chrome() {
    let bare = Cleaner::builder().default_rules(false).heuristics(false).build().unwrap();
    assert!(bare.rules().is_empty());
    assert_eq!(bare.clean(CAPTURE, &Options::default()).unwrap().text, CAPTURE);
    let full = Cleaner::new();
    assert!(full.rules().rule_count() > 0);
    assert_eq!(
        full.clean(CAPTURE, &Options::default()).unwrap(),
        dechrome::clean(CAPTURE, &Options::default()).unwrap()
    );
}

#[test]
fn failures_are_errors_a_program_can_match() {
    assert!(matches!(dechrome::clean("", &Options::default()), Err(Error::Capture(CaptureError::Empty))));
    assert!(matches!(dechrome::clean(" \n\t", &Options::default()), Err(Error::Capture(CaptureError::Blank))));
    let jsonl = Options { format: Some(Format::Jsonl), ..Options::default() };
    assert!(matches!(dechrome::clean("{\"text\": \"a\"}\n", &jsonl), Err(Error::Usage(_))));
    let bad = Cleaner::builder().rules_text("bad.toml", "[[rule]]\nid = 3\n").build().unwrap_err();
    assert!(matches!(&bad, Error::Rule(e) if e.file == "bad.toml" && e.line == 2), "{bad}");
}
