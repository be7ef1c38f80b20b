//! What the targets share: one cleaner per process, and the capture info an input is
//! cleaned under.

// Each target uses only part of this module.
#![allow(dead_code)]

use dechrome::{rules, CaptureInfo, Cleaner};
use std::sync::LazyLock;

/// The embedded rules, as `dechrome clean` uses them with no `--rules`: built once, as loading
/// and compiling them costs far more than cleaning one small input.
pub static CLEANER: LazyLock<Cleaner> =
    LazyLock::new(|| Cleaner::new(rules::load_embedded().expect("the embedded rules load")));

/// No host, then each host an embedded site file claims: site rules (`html-*` ones too) run
/// only for their own site's captures, unless a fingerprint picks the site from the text.
static HOSTS: LazyLock<Vec<Option<String>>> = LazyLock::new(|| {
    let sites = CLEANER.rules().files.iter().filter_map(|file| file.site.as_ref());
    std::iter::once(None).chain(sites.flat_map(|site| site.hosts.iter().cloned().map(Some))).collect()
});

/// The info `data` is cleaned under. The host is chosen by the input's length, not by a byte of
/// it, so that a seed (a real capture) is read whole, and a crash file replays alike.
pub fn info_for(data: &[u8]) -> CaptureInfo {
    CaptureInfo { source: "fuzz/capture".into(), host: HOSTS[data.len() % HOSTS.len()].clone(), url: None }
}
