//! A text dump's bytes, through decoding, rules, heuristics and metadata, as `dechrome clean`
//! reads a `.txt` capture (one that opens like a page is cleaned as HTML, as there).
#![no_main]

use dechrome::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let _ = common::CLEANER.clean(data, &common::options_for(data, Format::Text));
});
