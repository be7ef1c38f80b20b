//! Entry points for the fuzz targets (`fuzz/`), behind the `fuzzing` feature: what a run does
//! with a capture that the public API does not offer one call for. Not part of the API.

use crate::clean::CaptureInfo;
use crate::clean::Cleaner;
use crate::records::{jsonl_items, Content, Fields, Item};

/// Cleans every record of a JSONL capture's bytes, as a run does.
pub fn clean_jsonl_records(cleaner: &Cleaner, bytes: &[u8]) {
    let info = CaptureInfo { source: "fuzz.jsonl".into(), host: None, url: None, captured: None };
    let stream = Box::new(std::io::Cursor::new(bytes.to_vec()));
    for item in jsonl_items(stream, crate::read::DEFAULT_MAX_BYTES, Fields::default()) {
        let Item::Record(record) = item else { continue };
        let info = CaptureInfo { url: record.url, ..info.clone() };
        match record.content {
            Some(Ok(Content::Text(text))) => drop(cleaner.clean_text_capture(&text, &info)),
            Some(Ok(Content::Html(html))) => drop(cleaner.clean_html(&html, &info)),
            _ => {}
        }
    }
}

/// The hosts the site files of the cleaner's rules claim.
pub fn site_hosts(cleaner: &Cleaner) -> Vec<String> {
    let sites = cleaner.rules().files.iter().filter_map(|file| file.site.as_ref());
    sites.flat_map(|site| site.hosts.iter().cloned()).collect()
}
