//! The metadata written beside every clean text (`<name>.json`, or the fields of a JSONL
//! record). Unknown values are `null`, never guessed.

use serde::Serialize;
use std::sync::Arc;

/// The version written into every record.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What is known about a cleaned capture: written as `<name>.json` beside its text, or as the
/// fields of its JSONL record. Unknown values are `None` (`null`), never guessed.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Metadata {
    /// Path relative to its input root (`/` separators); `path:line` for a JSONL record.
    pub source: String,
    /// How it was read: `text`, `html` or `jsonl`.
    pub format: &'static str,
    /// The charset it was decoded from (`UTF-8`, `windows-1252`, …).
    pub encoding: Option<&'static str>,
    /// Host, from the folder layout or the URL.
    pub site: Option<String>,
    /// The site's own name (`og:site_name`, or a rule's).
    pub site_name: Option<String>,
    /// The capture's URL: given, or stated by the page (canonical link, `og:url`).
    pub url: Option<String>,
    /// The input record's id (`--id-field`); only written for records that have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A WARC record's `WARC-Record-ID`; only written for WARC captures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warc_record_id: Option<String>,
    /// A WARC record's `WARC-Date`, as written; only written for WARC captures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warc_date: Option<String>,
    /// The article's title.
    pub title: Option<String>,
    /// The article's author or authors.
    pub author: Option<String>,
    /// When the article was first published: an ISO 8601 calendar date.
    pub date: Option<String>,
    /// When the page says it was last changed, if after `date`.
    pub date_modified: Option<String>,
    /// ISO 639-1 code of the text's language, when it is clear.
    pub language: Option<String>,
    /// Words of the capture's text (a page's: its visible text).
    pub words_in: usize,
    /// Words of the clean text.
    pub words_out: usize,
    /// What was removed, per rule or heuristic, in the order they first removed something.
    pub removed: Vec<RemovedBy>,
    /// Rule files that applied to this capture, in precedence order.
    pub rules_applied: Vec<Arc<str>>,
    /// `xxh3-128:` hash of the input bytes, decompressed (of the record, for JSONL).
    pub content_hash: String,
    /// `xxh3-64:` hash of what cleaned it: the version, the rule files, the options and the
    /// site's learned template. With the same `content_hash`, the same output; `--resume`
    /// keeps an output whose two hashes match the run's.
    pub cleaned_with: String,
    /// The version of dechrome that cleaned it.
    pub dechrome: &'static str,
    /// What looks wrong in the result (most of the text removed, …).
    pub warnings: Vec<String>,
    /// Why the capture could not be cleaned, in one line; then it has no text.
    pub error: Option<String>,
}

/// What one rule removed from one capture.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RemovedBy {
    /// The rule's id (shared with the rule set, not copied for every capture).
    pub rule: Arc<str>,
    /// The rule's kind (`drop`, `strip`, `html-remove`, …), or `html` / `heuristic` / `learned`.
    pub kind: &'static str,
    /// Whole lines removed.
    pub lines: usize,
    /// Spans stripped inside lines that stayed.
    pub spans: usize,
    /// Characters removed.
    pub chars: usize,
}

/// A JSONL output record: the metadata and the clean text.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    #[serde(flatten)]
    pub meta: &'a Metadata,
    pub text: Option<&'a str>,
}

/// The hash that identifies a capture's bytes: XXH3 with 128 bits, in hex. It tells captures
/// apart and spots copies; it is not meant to resist forgery. (Every byte of every capture goes
/// through it: a cryptographic hash cost a twentieth of a whole clean.)
pub fn content_hash(bytes: &[u8]) -> String {
    format!("xxh3-128:{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// A metadata field that rules can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Title,
    Author,
    Date,
    SiteName,
    Url,
}

impl Field {
    pub const ALL: [Field; 5] = [Field::Title, Field::Author, Field::Date, Field::SiteName, Field::Url];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Author => "author",
            Field::Date => "date",
            Field::SiteName => "site_name",
            Field::Url => "url",
        }
    }

    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}
