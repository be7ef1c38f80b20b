//! A JSONL capture's bytes: decoded, split into records, and each record cleaned as
//! `run.rs`'s `clean_jsonl` does (its `text` if it has one, else its `html`), under the
//! record's own URL.
#![no_main]

use dechrome::capture::decode;
use dechrome::jsonl::{records, Line};
use dechrome::CaptureInfo;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode(data) else { return };
    for line in records(&decoded.text) {
        let Line::Record { number, record } = line else { continue };
        let info = CaptureInfo { source: format!("fuzz.jsonl:{number}"), host: None, url: record.url };
        match (record.text, record.html) {
            (Some(text), _) => drop(common::CLEANER.clean_text(&text, &info)),
            (None, Some(html)) => drop(common::CLEANER.clean_html(&html, &info)),
            (None, None) => {}
        }
    }
});
