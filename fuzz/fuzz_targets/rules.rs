//! Any text as a user's rule file: loading must fail with an error, never panic. A file that
//! loads has its patterns compiled, its `[[test]]`s run, and cleans a small capture.
#![no_main]

use dechrome::rules::RuleSetBuilder;
use dechrome::{Cleaner, Format, Options};
use libfuzzer_sys::fuzz_target;

/// A capture with a date, a title, chrome lines and a paragraph, for a loaded file's rules to
/// work on; a page too, so that `html-*` rules run.
const TEXT: &str = "Home | News | Sports\nMonday, October 2, 2023\nBy Jane Doe\n\nThe council approved \
    the budget on Monday after a long debate.\n\nShare this article\nRelated: more news\n";
const PAGE: &str = "<!DOCTYPE html><html><head><title>Budget</title></head><body><nav>Home</nav>\
    <article><h1>Budget</h1><p>The council approved the budget on Monday after a long debate.</p>\
    </article><footer>Share this article</footer></body></html>";

fuzz_target!(|data: &[u8]| {
    // A rule file is read as UTF-8 (`read_to_string`): other bytes never reach the loader.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(set) = RuleSetBuilder::new().text("fuzz.toml", text).build() else { return };
    // A user's patterns compiled as they loaded; this compiles any left (fingerprints).
    let _ = set.compile_patterns();
    let _ = set.run_tests();
    let cleaner = Cleaner::builder().rule_set(set).build().expect("a built set makes a cleaner");
    let _ = cleaner.clean(TEXT, &Options { format: Some(Format::Text), ..Options::default() });
    let _ = cleaner.clean(PAGE, &Options { format: Some(Format::Html), ..Options::default() });
});
