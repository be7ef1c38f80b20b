//! Any text as a user's rule file: loading must fail with an error, never panic. A file that
//! loads has its patterns compiled, its `[[test]]`s run, and cleans a small capture.
#![no_main]

use dechrome::rules::{self, selftest};
use dechrome::{CaptureInfo, Cleaner};
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
    let Ok(set) = rules::load_str("fuzz.toml", text) else { return };
    // A user's patterns compiled as they loaded; this compiles any left (fingerprints).
    let _ = set.compile_patterns();
    let _ = selftest::run_tests(&set);
    let cleaner = Cleaner::new(set);
    let info = CaptureInfo { source: "fuzz/capture".into(), host: None, url: None };
    let _ = cleaner.clean_text(TEXT, &info);
    let _ = cleaner.clean_html(PAGE, &info);
});
