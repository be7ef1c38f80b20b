//! The metadata written beside every clean text (`<name>.json`, or the fields of a JSONL
//! record). Unknown values are `null`, never guessed.

use serde::Serialize;
use std::sync::Arc;

/// The version written into every record.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Metadata {
    /// Path relative to its input root (`/` separators); `path:line` for a JSONL record.
    pub source: String,
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    /// Host, from the folder layout or the URL.
    pub site: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// ISO 8601 calendar date.
    pub date: Option<String>,
    pub language: Option<String>,
    pub words_in: usize,
    pub words_out: usize,
    pub removed: Vec<RemovedBy>,
    /// Rule files that applied to this capture, in precedence order.
    pub rules_applied: Vec<Arc<str>>,
    /// `xxh3-128:` hash of the input bytes (of the record, for JSONL).
    pub content_hash: String,
    /// `xxh3-64:` hash of what cleaned it: the version, the rule files, the options and the
    /// site's learned template. With the same `content_hash`, the same output; `--resume`
    /// keeps an output whose two hashes match the run's.
    pub cleaned_with: String,
    pub dechrome: &'static str,
    pub warnings: Vec<String>,
    pub error: Option<String>,
}

/// What one rule removed from one capture.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RemovedBy {
    /// The rule's id (shared with the rule set, not copied for every capture).
    pub rule: Arc<str>,
    pub kind: &'static str,
    /// Whole lines removed.
    pub lines: usize,
    /// Spans stripped inside lines that stayed.
    pub spans: usize,
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
