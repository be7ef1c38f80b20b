//! Captures that come many to a file or stream — JSONL lines, WARC records, Parquet rows — read
//! one at a time, so that memory does not grow with the file. Compressed streams (gzip, zstd)
//! are told by their magic bytes and decompressed as they are read.

use crate::capture::{CaptureError, Format};
use crate::jsonl::{self, Object};
use crate::table::parquet_rows;
use crate::warc::{WarcItem, WarcReader};
use serde_json::Value;
use std::io::{BufRead, Read};
use std::path::Path;

/// The fields of an input record that dechrome reads (`--text-field`, `--html-field`,
/// `--url-field`, `--id-field`); the others are kept as they are in its output record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// The capture as text (read first, when a record has both).
    pub text: String,
    /// The capture as an HTML page.
    pub html: String,
    /// The capture's URL.
    pub url: String,
    /// The record's id, written as the metadata's `id`.
    pub id: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields { text: "text".into(), html: "html".into(), url: "url".into(), id: "id".into() }
    }
}

/// What a record holds to be cleaned.
#[derive(Debug)]
pub enum Content {
    /// Decoded text.
    Text(String),
    /// A decoded HTML page.
    Html(String),
    /// Bytes still to decode (a WARC payload), with the charset the transport declared.
    Bytes { bytes: Vec<u8>, format: Format, charset: Option<&'static encoding_rs::Encoding> },
}

/// One capture of a stream.
#[derive(Debug, Default)]
pub struct Record {
    /// Its line, record or row number in the stream, 1-based.
    pub number: usize,
    /// The capture, or why the record holds none that can be cleaned.
    pub content: Option<Result<Content, CaptureError>>,
    pub url: Option<String>,
    pub id: Option<String>,
    /// The encoding its JSON line was read in.
    pub encoding: Option<&'static str>,
    /// The input record's fields, kept for its output record (JSONL and Parquet inputs).
    pub fields: Option<Object>,
    /// The field of `fields` the content was taken from (its place left `null`).
    pub content_field: Option<String>,
    /// `WARC-Record-ID` and `WARC-Date`, for a WARC record.
    pub warc: Option<(Option<String>, Option<String>)>,
}

/// What a stream yields.
#[derive(Debug)]
pub enum Item {
    /// A capture (or a record that fails, with its reason).
    Record(Box<Record>),
    /// A record that is not a capture, left out on purpose, with a reason fit for counting.
    Skipped { number: usize, reason: String },
    /// The stream cannot be read on: the last item.
    Broken { number: usize, reason: String },
}

impl Item {
    /// Bytes it holds, to bound what a batch of items holds.
    pub fn weight(&self) -> usize {
        match self {
            Item::Record(record) => match &record.content {
                Some(Ok(Content::Text(text) | Content::Html(text))) => text.len(),
                Some(Ok(Content::Bytes { bytes, .. })) => bytes.len(),
                _ => 0,
            },
            _ => 0,
        }
    }
}

impl Record {
    /// A JSON object read as a capture: its content, URL and id from the named fields.
    pub fn from_object(number: usize, mut object: Object, fields: &Fields, encoding: &'static str) -> Record {
        let (content, content_field) = if let Some(text) = take_string(&mut object, &fields.text) {
            (text.map(Content::Text), Some(fields.text.clone()))
        } else if let Some(html) = take_string(&mut object, &fields.html) {
            (html.map(Content::Html), Some(fields.html.clone()))
        } else {
            let error = format!("record has no `{}` or `{}` field", fields.text, fields.html);
            (Err(CaptureError::Record(error)), None)
        };
        let url = object.get(&fields.url).and_then(Value::as_str).map(str::to_string);
        let id = object.get(&fields.id).and_then(|id| match id {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        let content_field = content_field.filter(|_| content.is_ok());
        Record {
            number,
            content: Some(content),
            url,
            id,
            encoding: Some(encoding),
            fields: Some(object),
            content_field,
            warc: None,
        }
    }

    /// A record that fails with `error`.
    pub fn failed(number: usize, error: CaptureError) -> Record {
        Record { number, content: Some(Err(error)), ..Record::default() }
    }
}

/// The string in `object[name]`, taken out (its place left `null`, so that the field keeps its
/// position); `None` when there is no such field or it is `null`.
fn take_string(object: &mut Object, name: &str) -> Option<Result<String, CaptureError>> {
    let value = object.get_mut(name)?;
    match std::mem::take(value) {
        Value::Null => None,
        Value::String(text) => Some(Ok(text)),
        other => {
            let what = match other {
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::Array(_) => "an array",
                _ => "an object",
            };
            *value = other;
            Some(Err(CaptureError::Record(format!("field `{name}` is {what}, not a string"))))
        }
    }
}

/// The magic bytes that open a gzip member, and a zstd frame.
pub const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
pub const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// Bytes read from a stream at a time.
const STREAM_BUFFER: usize = 256 << 10;

/// `path` (`-`: standard input) as a buffered stream, decompressed when it opens with gzip
/// (every member) or zstd magic bytes.
pub fn open_stream(path: &Path) -> std::io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> =
        if path.as_os_str() == "-" { Box::new(std::io::stdin()) } else { Box::new(std::fs::File::open(path)?) };
    decompressed(raw)
}

/// `raw`, decompressed if its first bytes say it is compressed.
pub fn decompressed(mut raw: Box<dyn Read + Send>) -> std::io::Result<Box<dyn BufRead + Send>> {
    // A pipe may give fewer bytes a read than the magic needs.
    let mut head = Vec::with_capacity(ZSTD_MAGIC.len());
    while head.len() < ZSTD_MAGIC.len() {
        let mut byte = [0u8; ZSTD_MAGIC.len()];
        let want = ZSTD_MAGIC.len() - head.len();
        match raw.read(&mut byte[..want]) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&byte[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let gzip = head.starts_with(GZIP_MAGIC);
    let zstd = head.starts_with(ZSTD_MAGIC);
    let whole = std::io::BufReader::with_capacity(STREAM_BUFFER, std::io::Cursor::new(head).chain(raw));
    Ok(if gzip {
        Box::new(std::io::BufReader::with_capacity(STREAM_BUFFER, flate2::bufread::MultiGzDecoder::new(whole)))
    } else if zstd {
        Box::new(std::io::BufReader::with_capacity(STREAM_BUFFER, zstd::stream::read::Decoder::with_buffer(whole)?))
    } else {
        Box::new(whole)
    })
}

/// The captures of a JSONL stream.
pub fn jsonl_items(
    reader: Box<dyn BufRead + Send>,
    max_bytes: u64,
    fields: Fields,
) -> impl Iterator<Item = Item> + Send {
    jsonl::Lines::new(reader, max_bytes).map(move |line| match line {
        jsonl::Line::Object { number, object, encoding } => {
            Item::Record(Box::new(Record::from_object(number, object, &fields, encoding)))
        }
        jsonl::Line::Invalid { number, error } => Item::Record(Box::new(Record::failed(number, error))),
        jsonl::Line::Broken { number, reason } => Item::Broken { number, reason },
    })
}

/// The captures of a stream of the given format (JSONL, WARC, or one page or text for the
/// rest; Parquet needs a file, [`file_items`]).
pub fn items(
    reader: Box<dyn BufRead + Send>,
    format: Format,
    max_bytes: u64,
    fields: &Fields,
) -> Box<dyn Iterator<Item = Item> + Send> {
    match format {
        Format::Jsonl => Box::new(jsonl_items(reader, max_bytes, fields.clone())),
        Format::Warc => Box::new(warc_items(reader, max_bytes)),
        Format::Text | Format::Html => Box::new(std::iter::once(whole(reader, format, max_bytes))),
        Format::Parquet => {
            let reason = "Parquet is read from a file, not a stream".to_string();
            Box::new(std::iter::once(Item::Broken { number: 0, reason }))
        }
    }
}

/// The captures of the file at `path` (`-`: standard input) of the given format.
pub fn file_items(
    path: &Path,
    format: Format,
    max_bytes: u64,
    fields: &Fields,
) -> std::io::Result<Box<dyn Iterator<Item = Item> + Send>> {
    if format == Format::Parquet && path.as_os_str() != crate::paths::STDIN {
        return Ok(Box::new(parquet_items(std::fs::File::open(path)?, fields.clone())));
    }
    Ok(items(open_stream(path)?, format, max_bytes, fields))
}

/// The captures of a decompressed WARC stream: its HTML and text responses, each with the
/// charset its HTTP header declared.
fn warc_items(reader: Box<dyn BufRead + Send>, max_bytes: u64) -> impl Iterator<Item = Item> + Send {
    WarcReader::new(reader, max_bytes).map(|item| match item {
        WarcItem::Capture(capture) => {
            let format = if capture.html { Format::Html } else { Format::Text };
            let charset = capture.charset.as_deref().and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()));
            Item::Record(Box::new(Record {
                number: capture.number,
                content: Some(Ok(Content::Bytes { bytes: capture.payload, format, charset })),
                url: capture.target_uri,
                warc: Some((capture.record_id, capture.date)),
                ..Record::default()
            }))
        }
        WarcItem::Skipped { number, reason, .. } => Item::Skipped { number, reason },
        WarcItem::Failed { number, target_uri, error } => Item::Record(Box::new(Record {
            url: target_uri,
            warc: Some((None, None)),
            ..Record::failed(number, error)
        })),
        WarcItem::Broken { number, reason } => Item::Broken { number, reason },
    })
}

/// Rows read from a Parquet file at a time: a batch of rows is held as JSON objects.
const PARQUET_BATCH_ROWS: usize = 1024;

/// The rows of a Parquet file, read row group by row group, each a record as a JSONL line is.
fn parquet_items(file: std::fs::File, fields: Fields) -> Box<dyn Iterator<Item = Item> + Send> {
    let rows = match parquet_rows(file, PARQUET_BATCH_ROWS) {
        Ok(rows) => rows,
        Err(reason) => return Box::new(std::iter::once(Item::Broken { number: 0, reason })),
    };
    let mut number = 0;
    Box::new(rows.flat_map(move |batch| -> Vec<Item> {
        match batch {
            Ok(objects) => objects
                .into_iter()
                .map(|object| {
                    number += 1;
                    Item::Record(Box::new(Record::from_object(number, object, &fields, "UTF-8")))
                })
                .collect(),
            Err(reason) => vec![Item::Broken { number: number + 1, reason }],
        }
    }))
}

/// A stream that is one capture, read to its end within `max_bytes`.
fn whole(reader: Box<dyn BufRead + Send>, format: Format, max_bytes: u64) -> Item {
    let mut bytes = Vec::new();
    match reader.take(max_bytes + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > max_bytes => {
            Item::Record(Box::new(Record::failed(1, CaptureError::TooLargeDecompressed { limit: max_bytes })))
        }
        Ok(_) => Item::Record(Box::new(Record {
            number: 1,
            content: Some(Ok(Content::Bytes { bytes, format, charset: None })),
            ..Record::default()
        })),
        Err(e) => Item::Broken { number: 1, reason: format!("stream unreadable: {e}") },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// A reader that gives one byte a read, as a slow pipe may.
    struct Trickle(Vec<u8>, usize);
    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some(&byte) = self.0.get(self.1) else { return Ok(0) };
            buf[0] = byte;
            self.1 += 1;
            Ok(1)
        }
    }

    fn read_all(reader: Box<dyn BufRead + Send>) -> String {
        let mut text = String::new();
        { reader }.read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn streams_are_decompressed_by_their_magic_bytes_even_a_byte_at_a_time() {
        let text = "{\"text\":\"one\"}\n{\"text\":\"two\"}\n".repeat(20);
        let members = [gzip(&text.as_bytes()[..100]), gzip(&text.as_bytes()[100..])].concat();
        let zst = zstd::encode_all(text.as_bytes(), 3).unwrap();
        for bytes in [text.as_bytes().to_vec(), members, zst] {
            assert_eq!(read_all(decompressed(Box::new(Trickle(bytes.clone(), 0))).unwrap()), text);
            assert_eq!(read_all(decompressed(Box::new(std::io::Cursor::new(bytes))).unwrap()), text);
        }
        // Shorter than any magic.
        assert_eq!(read_all(decompressed(Box::new(&b"{}"[..])).unwrap()), "{}");
        assert_eq!(read_all(decompressed(Box::new(&b""[..])).unwrap()), "");
    }

    #[test]
    fn records_take_their_fields_by_the_names_given() {
        let fields = Fields { text: "raw_content".into(), id: "doc".into(), ..Fields::default() };
        let stream = "{\"doc\":7,\"raw_content\":\"Body.\",\"url\":\"https://a.org/x\",\"lang\":\"en\"}\n\
                      {\"html\":\"<p>Page</p>\",\"doc\":\"b\"}\n\
                      {\"text\":\"not the text field\"}\n\
                      {\"raw_content\":3}\n";
        let items: Vec<Item> = jsonl_items(Box::new(stream.as_bytes()), 1 << 20, fields).collect();
        let records: Vec<&Record> =
            items.iter().map(|i| if let Item::Record(r) = i { &**r } else { panic!("{i:?}") }).collect();
        assert!(matches!(&records[0].content, Some(Ok(Content::Text(t))) if t == "Body."));
        assert_eq!((records[0].url.as_deref(), records[0].id.as_deref()), (Some("https://a.org/x"), Some("7")));
        // The content's field keeps its place in the record, emptied.
        let kept = records[0].fields.as_ref().unwrap();
        assert_eq!(kept.keys().collect::<Vec<_>>(), ["doc", "raw_content", "url", "lang"]);
        assert_eq!(kept["raw_content"], Value::Null);
        assert!(matches!(&records[1].content, Some(Ok(Content::Html(h))) if h == "<p>Page</p>"));
        assert_eq!(records[1].id.as_deref(), Some("b"));
        let error = |r: &Record| r.content.as_ref().unwrap().as_ref().unwrap_err().to_string();
        assert_eq!(error(records[2]), "record has no `raw_content` or `html` field");
        assert_eq!(error(records[3]), "field `raw_content` is a number, not a string");
        assert_eq!(records[3].fields.as_ref().unwrap()["raw_content"], 3, "a field that is not read stays");
    }
}
