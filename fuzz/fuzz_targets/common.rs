//! What the targets share: one cleaner per process, and the options an input is cleaned
//! under.

// Each target uses only part of this module.
#![allow(dead_code)]

use dechrome::{Cleaner, Format, Options};
use std::sync::LazyLock;

/// The embedded rules, as `dechrome clean` uses them with no `--rules`: built once, as loading
/// and compiling them costs far more than cleaning one small input.
pub static CLEANER: LazyLock<Cleaner> = LazyLock::new(Cleaner::new);

/// No host, then each host an embedded site file claims: site rules (`html-*` ones too) run
/// only for their own site's captures, unless a fingerprint picks the site from the text.
static HOSTS: LazyLock<Vec<Option<String>>> = LazyLock::new(|| {
    let sites = dechrome::fuzz::site_hosts(&CLEANER);
    std::iter::once(None).chain(sites.into_iter().map(Some)).collect()
});

/// The options `data` is cleaned under, as a capture of `format`. The host is chosen by the
/// input's length, not by a byte of it, so that a seed (a real capture) is read whole, and a
/// crash file replays alike.
pub fn options_for(data: &[u8], format: Format) -> Options {
    Options {
        format: Some(format),
        source: "fuzz/capture".into(),
        host: HOSTS[data.len() % HOSTS.len()].clone(),
        url: None,
        // Half the inputs have a capture date, which bounds the page's.
        captured: data.len().is_multiple_of(2).then(|| "2020-06-01T08:00:00Z".into()),
    }
}
