//! A JSONL capture's bytes: decoded, split into records, and each record cleaned as
//! `run.rs`'s `clean_jsonl` does (its `text` if it has one, else its `html`), under the
//! record's own URL.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    dechrome::fuzz::clean_jsonl_records(&common::CLEANER, data);
});
