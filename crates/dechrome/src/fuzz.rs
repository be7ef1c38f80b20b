//! Entry points for the fuzz targets (`fuzz/`), behind the `fuzzing` feature: what a run does
//! with a capture that the public API does not offer one call for. Not part of the API.

use crate::clean::CaptureInfo;
use crate::clean::Cleaner;
use crate::run::clean_jsonl;

/// Cleans every record of a JSONL capture's bytes, as a run does.
pub fn clean_jsonl_records(cleaner: &Cleaner, bytes: &[u8]) {
    let info = CaptureInfo { source: "fuzz.jsonl".into(), host: None, url: None };
    drop(clean_jsonl(cleaner, bytes, &info));
}

/// The hosts the site files of the cleaner's rules claim.
pub fn site_hosts(cleaner: &Cleaner) -> Vec<String> {
    let sites = cleaner.rules().files.iter().filter_map(|file| file.site.as_ref());
    sites.flat_map(|site| site.hosts.iter().cloned()).collect()
}
