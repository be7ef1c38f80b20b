//! An HTML page's bytes, through charset detection, extraction, rules and metadata, as
//! `dechrome clean` reads a `.html` capture.
#![no_main]

use dechrome::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let _ = common::CLEANER.clean(data, &common::options_for(data, Format::Html));
});
