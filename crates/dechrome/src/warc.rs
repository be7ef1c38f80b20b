//! Reading WARC files (ISO 28500, versions 1.0 and 1.1) a record at a time: the HTML and text
//! captures they hold, with their URL, record id, date and charset, and a countable reason for
//! every record that is not one.
//!
//! The reader takes the decompressed stream: a `.warc.gz`, one gzip member a record as Common
//! Crawl writes it, is read through [`flate2::read::MultiGzDecoder`]. It never holds more than
//! `max_bytes` of a payload (and 64 KiB of a head): larger records are read through and reported.
//!
//! ```
//! use dechrome::warc::{WarcItem, WarcReader};
//!
//! let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nHello.";
//! let mut file = format!(
//!     "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/\r\n\
//!      Content-Length: {}\r\n\r\n",
//!     block.len()
//! )
//! .into_bytes();
//! file.extend_from_slice(block);
//! file.extend_from_slice(b"\r\n\r\n");
//! let items: Vec<WarcItem> = WarcReader::new(file.as_slice(), 1 << 20).collect();
//! let [WarcItem::Capture(capture)] = items.as_slice() else { panic!("{items:?}") };
//! assert_eq!(capture.payload, b"Hello.");
//! assert_eq!(capture.target_uri.as_deref(), Some("https://example.com/"));
//! ```

use crate::capture::CaptureError;
use std::io::{self, BufRead, Read};

/// The most bytes a record's WARC header may take, with its version line and the blank lines
/// before it: a header is a few hundred bytes, and a stream out of step must not be buffered whole.
const MAX_HEADER_BYTES: u64 = 64 * 1024;
/// The most bytes the HTTP head of a response may take (servers refuse larger ones too).
const MAX_HTTP_HEAD_BYTES: u64 = 64 * 1024;
/// How much of a body without a content type is looked at to tell whether it is HTML.
const SNIFF_BYTES: usize = 1024;
/// The first allocation for a payload: a record's length is not trusted until its bytes arrive.
const INITIAL_PAYLOAD_CAPACITY: u64 = 1 << 20;
/// How many characters of a bad line or an odd name a reason quotes.
const QUOTE_CHARS: usize = 40;
/// The byte order mark of UTF-8, skipped when sniffing a body.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads the records of a decompressed WARC stream, one [`WarcItem`] each. After a
/// [`WarcItem::Broken`] (or the end of the stream) it yields nothing more.
pub struct WarcReader<R: BufRead> {
    reader: R,
    max_bytes: u64,
    /// The number of the record being read (1-based once reading starts).
    number: usize,
    done: bool,
}

/// What one WARC record is to a cleaning run.
#[derive(Debug, Clone, PartialEq)]
pub enum WarcItem {
    /// A response/resource record whose HTTP Content-Type (or, for resource, WARC Content-Type)
    /// is HTML or text.
    Capture(WarcCapture),
    /// A record that is not a capture.
    Skipped {
        /// The record's 1-based number in the stream.
        number: usize,
        /// Its `WARC-Target-URI`.
        target_uri: Option<String>,
        /// A short countable phrase: "warc request record", "warc response: HTTP 404",
        /// "warc response: image/png", "warc response: no content type", …
        reason: String,
    },
    /// A capture record that cannot be used: too large, a bad HTTP head, a corrupt body.
    Failed {
        /// The record's 1-based number in the stream.
        number: usize,
        /// Its `WARC-Target-URI`.
        target_uri: Option<String>,
        /// Why it cannot be used.
        error: CaptureError,
    },
    /// The stream itself is broken (a truncated record, a bad version line, an I/O or
    /// decompression error): the last item.
    Broken {
        /// The number of the record being read when it broke.
        number: usize,
        /// What is wrong, in one line.
        reason: String,
    },
}

/// An HTML or text capture read from a WARC response or resource record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcCapture {
    /// The record's 1-based number in the stream.
    pub number: usize,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Record-ID`, without its angle brackets.
    pub record_id: Option<String>,
    /// `WARC-Date` as written.
    pub date: Option<String>,
    /// True for `text/html` and `application/xhtml+xml` (or a body sniffed as HTML), false for
    /// `text/plain`.
    pub html: bool,
    /// The `charset` parameter of the content type, lower-cased.
    pub charset: Option<String>,
    /// The HTTP status (`None` for resource records).
    pub status: Option<u16>,
    /// The body: de-chunked, and decompressed when its Content-Encoding is gzip or deflate.
    pub payload: Vec<u8>,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader of the records in `reader`, holding at most `max_bytes` of any payload.
    pub fn new(reader: R, max_bytes: u64) -> Self {
        WarcReader { reader, max_bytes, number: 0, done: false }
    }

    /// The next record, `None` at a clean end of the stream, or why the stream is broken.
    fn read_record(&mut self) -> Result<Option<WarcItem>, String> {
        let number = self.number;
        let Some(header) = read_header(&mut self.reader, number)? else { return Ok(None) };
        let mut block = (&mut self.reader).take(header.content_length);
        let record = Record { number, header: &header, max_bytes: self.max_bytes };
        let item = record.read(&mut block).map_err(|e| unreadable(number, &e))?;
        // What the item did not need is read through, to reach the next record.
        io::copy(&mut block, &mut io::sink()).map_err(|e| unreadable(number, &e))?;
        if block.limit() > 0 {
            let expected = header.content_length;
            let got = expected - block.limit();
            return Err(format!("truncated WARC record {number}: expected {expected} bytes, got {got}"));
        }
        Ok(Some(item))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = WarcItem;

    fn next(&mut self) -> Option<WarcItem> {
        if self.done {
            return None;
        }
        self.number += 1;
        match self.read_record() {
            Ok(Some(item)) => Some(item),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(reason) => {
                self.done = true;
                Some(WarcItem::Broken { number: self.number, reason })
            }
        }
    }
}

impl<R: BufRead> std::iter::FusedIterator for WarcReader<R> {}

/// The WARC header fields the reader uses.
#[derive(Debug, Default)]
struct WarcHeader {
    /// `WARC-Type`, lower-cased.
    warc_type: Option<String>,
    target_uri: Option<String>,
    record_id: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
    content_length: u64,
}

/// How a bounded line read ended.
enum Line {
    /// A line with its line end.
    Full,
    /// The last bytes of the stream, with no line end.
    Last,
    /// Nothing left.
    End,
    /// The budget ran out before a line end.
    TooLong,
}

/// Reads one line into `line` (cleared first), taking at most `budget` bytes from it.
fn read_line<R: BufRead>(reader: &mut R, budget: &mut u64, line: &mut Vec<u8>) -> io::Result<Line> {
    line.clear();
    let n = reader.by_ref().take(*budget).read_until(b'\n', line)?;
    *budget = budget.saturating_sub(n as u64);
    Ok(if line.ends_with(b"\n") {
        Line::Full
    } else if *budget == 0 {
        Line::TooLong
    } else if n == 0 {
        Line::End
    } else {
        Line::Last
    })
}

/// The next record's header, `None` when the stream ends cleanly before it.
fn read_header<R: BufRead>(reader: &mut R, number: usize) -> Result<Option<WarcHeader>, String> {
    let mut budget = MAX_HEADER_BYTES;
    let mut line = Vec::new();
    let truncated = || format!("truncated WARC header in record {number}");
    let too_long = || format!("WARC header too long in record {number} (over {MAX_HEADER_BYTES} bytes)");
    // Blank lines first: the end of the previous record (two line ends, more from lax writers).
    loop {
        match read_line(reader, &mut budget, &mut line).map_err(|e| unreadable(number, &e))? {
            Line::End => return Ok(None),
            Line::TooLong => return Err(too_long()),
            Line::Last => return Err(truncated()),
            Line::Full if trim_eol(&line).is_empty() => {}
            Line::Full => break,
        }
    }
    let version = trim_eol(&line);
    if version != b"WARC/1.0" && version != b"WARC/1.1" {
        return Err(format!("bad WARC version line in record {number}: {:?}", quote(&lossy(version))));
    }
    let mut header = WarcHeader::default();
    let mut content_length = None;
    loop {
        match read_line(reader, &mut budget, &mut line).map_err(|e| unreadable(number, &e))? {
            Line::Full => {}
            Line::End | Line::Last => return Err(truncated()),
            Line::TooLong => return Err(too_long()),
        }
        let field = trim_eol(&line);
        if field.is_empty() {
            break;
        }
        let Some((name, value)) = split_field(field) else { continue };
        if name.eq_ignore_ascii_case(b"Content-Length") {
            let length = value
                .parse::<u64>()
                .map_err(|_| format!("bad Content-Length in WARC record {number}: {:?}", quote(&value)))?;
            content_length = Some(length);
        } else {
            header.set(name, value);
        }
    }
    header.content_length = content_length.ok_or_else(|| format!("WARC record {number} has no Content-Length"))?;
    Ok(Some(header))
}

impl WarcHeader {
    fn set(&mut self, name: &[u8], value: String) {
        let is = |known: &str| name.eq_ignore_ascii_case(known.as_bytes());
        if is("WARC-Type") {
            self.warc_type = Some(value.to_ascii_lowercase());
        } else if is("WARC-Target-URI") {
            // WARC 1.0's examples wrote the URI in angle brackets; 1.1 writes it bare.
            self.target_uri = Some(without_brackets(value));
        } else if is("WARC-Record-ID") {
            self.record_id = Some(without_brackets(value));
        } else if is("WARC-Date") {
            self.date = Some(value);
        } else if is("Content-Type") {
            self.content_type = Some(value);
        }
    }
}

/// Why a record is not a capture, or an I/O error that breaks the stream.
enum Stop {
    Io(io::Error),
    Skip(String),
    Fail(CaptureError),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Self {
        Stop::Io(error)
    }
}

/// A bad HTTP message: the record fails.
fn bad_http(reason: impl Into<String>) -> Stop {
    Stop::Fail(CaptureError::Http(reason.into()))
}

/// What a capture's body is, by its content type.
enum Kind {
    Html,
    Text,
    /// No content type: the body says.
    Unknown,
}

/// How a body was sent: chunked, and with which Content-Encoding.
#[derive(Default)]
struct Coding {
    chunked: bool,
    content_encoding: Option<String>,
}

/// One record being read: its number and header, and the payload limit.
struct Record<'a> {
    number: usize,
    header: &'a WarcHeader,
    max_bytes: u64,
}

impl Record<'_> {
    /// The record's item, read from its block (not necessarily to the end); an error only when
    /// the stream cannot be read.
    fn read<B: BufRead>(&self, block: &mut io::Take<B>) -> io::Result<WarcItem> {
        let (number, target_uri) = (self.number, self.header.target_uri.clone());
        match self.capture(block) {
            Ok(capture) => Ok(WarcItem::Capture(capture)),
            Err(Stop::Skip(reason)) => Ok(WarcItem::Skipped { number, target_uri, reason }),
            Err(Stop::Fail(error)) => Ok(WarcItem::Failed { number, target_uri, error }),
            Err(Stop::Io(error)) => Err(error),
        }
    }

    fn capture<B: BufRead>(&self, block: &mut io::Take<B>) -> Result<WarcCapture, Stop> {
        match self.header.warc_type.as_deref() {
            Some("response") => self.response(block),
            Some("resource") => {
                let content_type = self.header.content_type.as_deref();
                let (payload, html) = self.payload(block, "resource", content_type, &Coding::default())?;
                Ok(self.capture_of(payload, html, content_type, None))
            }
            Some(other) => Err(Stop::Skip(format!("warc {} record", quote(other)))),
            None => Err(Stop::Skip("warc record with no type".into())),
        }
    }

    fn response<B: BufRead>(&self, block: &mut io::Take<B>) -> Result<WarcCapture, Stop> {
        // DNS lookups and other non-HTTP exchanges are responses too (Heritrix writes them).
        let warc_type = self.header.content_type.as_deref().map(media_type);
        if warc_type.is_some_and(|media| media != "application/http") {
            return Err(Stop::Skip("warc response: not HTTP".into()));
        }
        let head = read_http_head(block)?;
        // Redirects and errors have bodies, but not the page the URI names.
        if !(200..300).contains(&head.status) {
            return Err(Stop::Skip(format!("warc response: HTTP {}", head.status)));
        }
        let content_type = head.content_type.as_deref();
        let (payload, html) = self.payload(block, "response", content_type, &head.coding)?;
        Ok(self.capture_of(payload, html, content_type, Some(head.status)))
    }

    /// The rest of the block as a capture's payload, decoded, and whether it is HTML.
    fn payload<B: BufRead>(
        &self,
        block: &mut io::Take<B>,
        what: &str,
        content_type: Option<&str>,
        coding: &Coding,
    ) -> Result<(Vec<u8>, bool), Stop> {
        let kind = kind_of(content_type, what)?;
        let no_content_type = || Stop::Skip(format!("warc {what}: no content type"));
        let size = block.limit();
        if size > self.max_bytes {
            // Only a body that would have been a capture fails: the rest is skipped as usual. An
            // untyped body is sniffed as sent (a chunked or compressed one reads as not HTML).
            if matches!(kind, Kind::Unknown) && !sniff_html(&read_prefix(block)?) {
                return Err(no_content_type());
            }
            return Err(Stop::Fail(CaptureError::TooLarge { size, limit: self.max_bytes }));
        }
        let mut raw = Vec::with_capacity(size.min(INITIAL_PAYLOAD_CAPACITY) as usize);
        block.read_to_end(&mut raw)?;
        let raw = if coding.chunked { dechunk(raw).map_err(bad_http)? } else { raw };
        let payload = decode_content(raw, coding.content_encoding.as_deref(), self.max_bytes)?;
        let html = match kind {
            Kind::Html => true,
            Kind::Text => false,
            Kind::Unknown if sniff_html(&payload) => true,
            Kind::Unknown => return Err(no_content_type()),
        };
        Ok((payload, html))
    }

    fn capture_of(&self, payload: Vec<u8>, html: bool, content_type: Option<&str>, status: Option<u16>) -> WarcCapture {
        WarcCapture {
            number: self.number,
            target_uri: self.header.target_uri.clone(),
            record_id: self.header.record_id.clone(),
            date: self.header.date.clone(),
            html,
            charset: content_type.and_then(charset),
            status,
            payload,
        }
    }
}

/// The kind of capture a content type names, or the record's skip reason when it names none.
fn kind_of(content_type: Option<&str>, what: &str) -> Result<Kind, Stop> {
    let media = content_type.map(media_type).unwrap_or_default();
    match media.as_str() {
        "text/html" | "application/xhtml+xml" => Ok(Kind::Html),
        "text/plain" => Ok(Kind::Text),
        "" => Ok(Kind::Unknown),
        other => Err(Stop::Skip(format!("warc {what}: {}", quote(other)))),
    }
}

/// The first bytes of the rest of a block, enough to sniff.
fn read_prefix<B: BufRead>(block: &mut io::Take<B>) -> io::Result<Vec<u8>> {
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    block.by_ref().take(SNIFF_BYTES as u64).read_to_end(&mut prefix)?;
    Ok(prefix)
}

/// A response's HTTP status line and the headers the reader uses.
struct HttpHead {
    status: u16,
    content_type: Option<String>,
    coding: Coding,
}

/// Reads the HTTP head at the start of a response's block, up to its blank line (or the end
/// of the block: a response may have no body).
fn read_http_head<B: BufRead>(block: &mut B) -> Result<HttpHead, Stop> {
    let mut budget = MAX_HTTP_HEAD_BYTES;
    let mut line = Vec::new();
    match read_line(block, &mut budget, &mut line)? {
        Line::TooLong => return Err(bad_http("HTTP head too long")),
        Line::End => return Err(bad_http("no HTTP status line")),
        Line::Full | Line::Last => {}
    }
    let status_line = trim_eol(&line);
    let status = parse_status(status_line)
        .ok_or_else(|| bad_http(format!("bad status line {:?}", quote(&lossy(status_line)))))?;
    let mut head = HttpHead { status, content_type: None, coding: Coding::default() };
    loop {
        match read_line(block, &mut budget, &mut line)? {
            Line::TooLong => return Err(bad_http("HTTP head too long")),
            Line::End => break,
            Line::Full | Line::Last => {}
        }
        let field = trim_eol(&line);
        if field.is_empty() {
            break;
        }
        if let Some((name, value)) = split_field(field) {
            head.set(name, value);
        }
    }
    Ok(head)
}

impl HttpHead {
    fn set(&mut self, name: &[u8], value: String) {
        if name.eq_ignore_ascii_case(b"Content-Type") {
            // The first one: a server that sends two is as likely wrong in either.
            self.content_type.get_or_insert(value);
        } else if name.eq_ignore_ascii_case(b"Transfer-Encoding") {
            self.coding.chunked = value.split(',').any(|c| c.trim().eq_ignore_ascii_case("chunked"));
        } else if name.eq_ignore_ascii_case(b"Content-Encoding") {
            self.coding.content_encoding = Some(value);
        }
    }
}

/// The status code of an HTTP status line (`HTTP/1.1 200 OK`).
fn parse_status(line: &[u8]) -> Option<u16> {
    let text = lossy(line);
    let mut parts = text.split_ascii_whitespace();
    let version = parts.next()?;
    if !version.get(..5)?.eq_ignore_ascii_case("HTTP/") {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    code.parse().ok().filter(|code| *code >= 100)
}

/// A chunked body's data, its trailers dropped, de-chunked in place: a second copy would hold
/// twice the limit. A body cut off inside a chunk or before the last chunk (crawlers cut long
/// bodies) keeps the data that came.
fn dechunk(mut body: Vec<u8>) -> Result<Vec<u8>, String> {
    // The next size line starts at `read`; the data kept so far ends at `write`, never after it.
    let (mut read, mut write) = (0, 0);
    loop {
        let rest = body.get(read..).unwrap_or_default();
        let Some(eol) = memchr::memchr(b'\n', rest) else {
            if rest.trim_ascii().is_empty() {
                break;
            }
            return Err("bad chunk size line".into());
        };
        let size = chunk_size(rest.get(..eol).unwrap_or_default())?;
        if size == 0 {
            break;
        }
        let start = read + eol + 1;
        let wanted = start.saturating_add(size);
        let end = wanted.min(body.len());
        body.copy_within(start..end, write);
        write += end - start;
        if end < wanted {
            break;
        }
        read = end + line_end_len(body.get(end..).unwrap_or_default());
    }
    body.truncate(write);
    Ok(body)
}

/// The size a chunk's size line gives, in hex, before any `;` extensions.
fn chunk_size(line: &[u8]) -> Result<usize, String> {
    let field = line.split(|b| *b == b';').next().unwrap_or_default().trim_ascii();
    std::str::from_utf8(field)
        .ok()
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .and_then(|s| usize::from_str_radix(s, 16).ok())
        .ok_or_else(|| format!("bad chunk size {:?}", quote(&lossy(field))))
}

/// The length of the line end `bytes` open with: 2 for CRLF, 1 for LF, 0 for none.
fn line_end_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(b"\r\n") {
        2
    } else {
        usize::from(bytes.starts_with(b"\n"))
    }
}

/// `body` decoded as its Content-Encoding says, at most `max_bytes` of it.
fn decode_content(body: Vec<u8>, encoding: Option<&str>, max_bytes: u64) -> Result<Vec<u8>, Stop> {
    let encoding = encoding.map(|e| e.trim().to_ascii_lowercase()).unwrap_or_default();
    match encoding.as_str() {
        "" | "identity" => Ok(body),
        "gzip" | "x-gzip" => inflate(flate2::read::MultiGzDecoder::new(body.as_slice()), "gzip", max_bytes),
        // `deflate` means zlib, but many servers send raw deflate under that name.
        "deflate" if is_zlib(&body) => inflate(flate2::read::ZlibDecoder::new(body.as_slice()), "deflate", max_bytes),
        "deflate" => inflate(flate2::read::DeflateDecoder::new(body.as_slice()), "deflate", max_bytes),
        other => Err(bad_http(format!("unsupported Content-Encoding {:?}", quote(other)))),
    }
}

/// True when `bytes` open with a zlib header (RFC 1950: deflate method, valid check bits).
fn is_zlib(bytes: &[u8]) -> bool {
    match bytes {
        [cmf, flg, ..] => cmf & 0x0f == 8 && ((u16::from(*cmf) << 8) | u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

/// Everything `decoder` gives, or why not: corrupt data, or more than `max_bytes`.
fn inflate(decoder: impl Read, compression: &'static str, max_bytes: u64) -> Result<Vec<u8>, Stop> {
    let mut out = Vec::new();
    decoder
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| Stop::Fail(CaptureError::Corrupt { compression, reason: e.to_string() }))?;
    if out.len() as u64 > max_bytes {
        return Err(Stop::Fail(CaptureError::TooLargeDecompressed { limit: max_bytes }));
    }
    Ok(out)
}

/// True when a body with no content type is HTML: it opens (after a BOM and white space) with
/// `<`, and its first KiB holds `<html` or `<!doctype`.
fn sniff_html(body: &[u8]) -> bool {
    let window = body.get(..SNIFF_BYTES).unwrap_or(body);
    let rest = window.strip_prefix(UTF8_BOM).unwrap_or(window);
    if !rest.trim_ascii_start().starts_with(b"<") {
        return false;
    }
    let lower = window.to_ascii_lowercase();
    memchr::memmem::find(&lower, b"<html").is_some() || memchr::memmem::find(&lower, b"<!doctype").is_some()
}

/// The media type of a content type, lower-cased: `text/html` of `text/html; charset=utf-8`.
fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// The `charset` parameter of a content type, unquoted and lower-cased.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_ascii_lowercase())
    })
}

/// A header line's name and value, `None` for a folded continuation line or a line with no
/// colon (neither carries a field the reader uses).
fn split_field(line: &[u8]) -> Option<(&[u8], String)> {
    if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
        return None;
    }
    let colon = memchr::memchr(b':', line)?;
    let name = line.get(..colon)?.trim_ascii();
    let value = lossy(line.get(colon + 1..)?.trim_ascii());
    Some((name, value))
}

/// `line` without its line end (CRLF or LF).
fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `value` without the angle brackets around it, if it has them.
fn without_brackets(value: String) -> String {
    match value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        Some(inner) => inner.to_string(),
        None => value,
    }
}

/// Header bytes as text: UTF-8, with anything else replaced.
fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// At most [`QUOTE_CHARS`] characters of `text`, for a reason that stays one short line.
fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
        None => text.to_string(),
    }
}

/// The reason for a stream that cannot be read.
fn unreadable(number: usize, error: &io::Error) -> String {
    format!("unreadable WARC record {number}: {error}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::MultiGzDecoder;
    use proptest::prelude::*;
    use std::io::{BufReader, Write};

    const MAX: u64 = 1 << 20;
    const DATE: &str = "2024-03-01T12:00:00Z";

    /// A WARC record of `warc_type` with `fields` (each ending in CRLF) and `block`, its
    /// Content-Length right.
    fn record(warc_type: &str, fields: &str, block: &[u8]) -> Vec<u8> {
        let head = format!("WARC/1.1\r\nWARC-Type: {warc_type}\r\n{fields}Content-Length: {}\r\n\r\n", block.len());
        [head.as_bytes(), block, b"\r\n\r\n"].concat()
    }

    fn uri(n: usize) -> String {
        format!("https://example.com/{n}")
    }

    /// Response record `n` (its URI, id and date from `n`): an HTTP head of `status` and
    /// `headers` (each ending in CRLF), then `body`.
    fn response(n: usize, status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let block = [format!("HTTP/1.1 {status}\r\n{headers}\r\n").as_bytes(), body].concat();
        let fields = format!(
            "WARC-Target-URI: {}\r\nWARC-Record-ID: <urn:uuid:{n}>\r\nWARC-Date: {DATE}\r\n\
             Content-Type: application/http; msgtype=response\r\n",
            uri(n)
        );
        record("response", &fields, &block)
    }

    fn read(bytes: &[u8], max_bytes: u64) -> Vec<WarcItem> {
        WarcReader::new(bytes, max_bytes).collect()
    }

    fn capture(item: &WarcItem) -> &WarcCapture {
        match item {
            WarcItem::Capture(capture) => capture,
            other => panic!("not a capture: {other:?}"),
        }
    }

    fn skipped(item: &WarcItem) -> &str {
        match item {
            WarcItem::Skipped { reason, .. } => reason,
            other => panic!("not skipped: {other:?}"),
        }
    }

    fn failed(item: &WarcItem) -> &CaptureError {
        match item {
            WarcItem::Failed { error, .. } => error,
            other => panic!("not failed: {other:?}"),
        }
    }

    /// The last item of `bytes`, which must be the only Broken one.
    fn broken(bytes: &[u8]) -> (usize, String) {
        let items = read(bytes, MAX);
        assert_eq!(items.iter().filter(|i| matches!(i, WarcItem::Broken { .. })).count(), 1, "{items:?}");
        match items.last() {
            Some(WarcItem::Broken { number, reason }) => (*number, reason.clone()),
            other => panic!("not broken: {other:?}"),
        }
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// `body` in chunks of `size` bytes, with an extension and a trailer.
    fn chunked(body: &[u8], size: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in body.chunks(size) {
            out.extend_from_slice(format!("{:x};ext=1\r\n", chunk.len()).as_bytes());
            out.extend_from_slice(chunk);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\nX-Trailer: 1\r\n\r\n");
        out
    }

    #[test]
    fn html_text_and_resource_records_are_captures() {
        let file = [
            response(1, "200 OK", "Content-Type: text/html; Charset=\"ISO-8859-1\"\r\n", b"<p>caf\xe9</p>"),
            response(2, "203 Non-Authoritative Information", "content-type: TEXT/PLAIN\r\n", b"Plain text."),
            record(
                "resource",
                "WARC-Target-URI: <file:///a.xhtml>\r\nContent-Type: application/xhtml+xml; charset=UTF-8\r\n",
                b"<html/>",
            ),
            // No content type, but an HTML page by its bytes.
            response(4, "200 OK", "", b"\xEF\xBB\xBF \n<!DOCTYPE html><p>Sniffed.</p>"),
        ]
        .concat();
        let items = read(&file, MAX);
        assert_eq!(items.len(), 4, "{items:?}");
        let expected = WarcCapture {
            number: 1,
            target_uri: Some(uri(1)),
            record_id: Some("urn:uuid:1".into()),
            date: Some(DATE.into()),
            html: true,
            charset: Some("iso-8859-1".into()),
            status: Some(200),
            payload: b"<p>caf\xe9</p>".to_vec(),
        };
        assert_eq!(capture(&items[0]), &expected);
        let text = capture(&items[1]);
        assert_eq!((text.number, text.html, text.charset.as_deref(), text.status), (2, false, None, Some(203)));
        assert_eq!(text.payload, b"Plain text.");
        let resource = capture(&items[2]);
        assert_eq!(resource.target_uri.as_deref(), Some("file:///a.xhtml"));
        assert_eq!((resource.html, resource.charset.as_deref(), resource.status), (true, Some("utf-8"), None));
        assert_eq!((resource.record_id.as_deref(), resource.payload.as_slice()), (None, &b"<html/>"[..]));
        assert!(capture(&items[3]).html);
    }

    #[test]
    fn records_that_are_not_captures_are_skipped_with_a_countable_reason() {
        let cases = [
            (response(1, "200 OK", "Content-Type: image/png\r\n", b"\x89PNG\r\n\x1a\n"), "warc response: image/png"),
            (response(2, "404 Not Found", "Content-Type: text/html\r\n", b"<html>"), "warc response: HTTP 404"),
            (response(3, "301 Moved Permanently", "Location: /\r\n", b""), "warc response: HTTP 301"),
            (response(4, "200 OK", "", b"%PDF-1.4 <html>"), "warc response: no content type"),
            (response(5, "200 OK", "Content-Type: text/css\r\n", b"p {}"), "warc response: text/css"),
            (record("request", "", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"), "warc request record"),
            (record("metadata", "", b"fetchTimeMs: 12\r\n"), "warc metadata record"),
            (record("warcinfo", "", b"software: test\r\n"), "warc warcinfo record"),
            (record("revisit", "", b"HTTP/1.1 200 OK\r\n\r\n"), "warc revisit record"),
            (record("resource", "Content-Type: image/jpeg\r\n", b"\xFF\xD8"), "warc resource: image/jpeg"),
            (record("response", "Content-Type: text/dns\r\n", b"a. 300 IN A 1.2.3.4"), "warc response: not HTTP"),
            (b"WARC/1.0\r\nContent-Length: 0\r\n\r\n\r\n\r\n".to_vec(), "warc record with no type"),
        ];
        let file: Vec<u8> = cases.iter().flat_map(|(bytes, _)| bytes.clone()).collect();
        let items = read(&file, MAX);
        assert_eq!(items.len(), cases.len(), "{items:?}");
        for (item, (_, reason)) in items.iter().zip(&cases) {
            assert_eq!(skipped(item), *reason);
        }
        let WarcItem::Skipped { number, target_uri, .. } = &items[1] else { unreachable!() };
        assert_eq!((*number, target_uri.as_deref()), (2, Some(uri(2).as_str())));
    }

    #[test]
    fn chunked_and_compressed_bodies_are_decoded() {
        let page = b"<html><body>Hello, chunks and codings.</body></html>";
        let html = "Content-Type: text/html\r\n";
        let zlib = {
            let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(page).unwrap();
            encoder.finish().unwrap()
        };
        let raw_deflate = {
            let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(page).unwrap();
            encoder.finish().unwrap()
        };
        let file = [
            response(1, "200 OK", &format!("{html}Transfer-Encoding: chunked\r\n"), &chunked(page, 7)),
            response(2, "200 OK", &format!("{html}Content-Encoding: gzip\r\n"), &gzip(page)),
            response(
                3,
                "200 OK",
                &format!("{html}Transfer-Encoding: chunked\r\nContent-Encoding: x-gzip\r\n"),
                &chunked(&gzip(page), 10),
            ),
            response(4, "200 OK", &format!("{html}Content-Encoding: deflate\r\n"), &zlib),
            response(5, "200 OK", &format!("{html}Content-Encoding: deflate\r\n"), &raw_deflate),
            // A body cut inside its last chunk keeps what came.
            response(6, "200 OK", &format!("{html}Transfer-Encoding: chunked\r\n"), b"5\r\n<html\r\n20\r\n><p>"),
        ]
        .concat();
        let items = read(&file, MAX);
        assert_eq!(items.len(), 6, "{items:?}");
        for item in &items[..5] {
            assert_eq!(capture(item).payload, page, "{item:?}");
        }
        assert_eq!(capture(&items[5]).payload, b"<html><p>");

        let corrupt = [&gzip(page)[..20], b"garbage".as_slice()].concat();
        let file = [
            response(1, "200 OK", &format!("{html}Content-Encoding: gzip\r\n"), &corrupt),
            response(2, "200 OK", &format!("{html}Content-Encoding: br\r\n"), b"\x1b\x03"),
            response(3, "200 OK", &format!("{html}Transfer-Encoding: chunked\r\n"), b"zz\r\nabc\r\n0\r\n\r\n"),
        ]
        .concat();
        let items = read(&file, MAX);
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(matches!(failed(&items[0]), CaptureError::Corrupt { compression: "gzip", .. }), "{items:?}");
        assert_eq!(failed(&items[1]), &CaptureError::Http("unsupported Content-Encoding \"br\"".into()));
        assert_eq!(failed(&items[2]), &CaptureError::Http("bad chunk size \"zz\"".into()));
    }

    #[test]
    fn a_record_over_max_bytes_is_read_through_and_the_next_one_read() {
        let big = vec![b'a'; 1000];
        let big_html = [b"<!doctype html>".as_slice(), &big].concat();
        let bomb = gzip(&vec![b'a'; 10_000]);
        assert!(bomb.len() < 100);
        let file = [
            response(1, "200 OK", "Content-Type: text/html\r\n", &big),
            response(2, "200 OK", "Content-Type: image/png\r\n", &big),
            record("request", "", &big),
            response(4, "200 OK", "", &big),
            response(5, "200 OK", "", &big_html),
            response(6, "200 OK", "Content-Type: text/plain\r\nContent-Encoding: gzip\r\n", &bomb),
            response(7, "200 OK", "Content-Type: text/plain\r\n", b"Small."),
        ]
        .concat();
        let items = read(&file, 100);
        assert_eq!(items.len(), 7, "{items:?}");
        assert_eq!(failed(&items[0]), &CaptureError::TooLarge { size: 1000, limit: 100 });
        assert_eq!(skipped(&items[1]), "warc response: image/png");
        assert_eq!(skipped(&items[2]), "warc request record");
        assert_eq!(skipped(&items[3]), "warc response: no content type");
        assert_eq!(failed(&items[4]), &CaptureError::TooLarge { size: 1015, limit: 100 });
        assert_eq!(failed(&items[5]), &CaptureError::TooLargeDecompressed { limit: 100 });
        assert_eq!(capture(&items[6]).payload, b"Small.");
        let WarcItem::Failed { number, target_uri, .. } = &items[0] else { unreachable!() };
        assert_eq!((*number, target_uri.as_deref()), (1, Some(uri(1).as_str())));
    }

    #[test]
    fn bad_http_heads_fail_the_record_alone() {
        let long_head = [b"HTTP/1.1 200 OK\r\nX-Long: ".as_slice(), &vec![b'a'; 70_000], b"\r\n\r\nbody"].concat();
        let file = [
            record("response", "", b"garbage\r\n\r\nbody"),
            record("response", "", &long_head),
            record("response", "", b""),
            response(4, "200 OK", "Content-Type: text/plain\r\n", b"Fine."),
        ]
        .concat();
        let items = read(&file, MAX);
        assert_eq!(items.len(), 4, "{items:?}");
        assert_eq!(failed(&items[0]), &CaptureError::Http("bad status line \"garbage\"".into()));
        assert_eq!(failed(&items[1]), &CaptureError::Http("HTTP head too long".into()));
        assert_eq!(failed(&items[2]), &CaptureError::Http("no HTTP status line".into()));
        assert_eq!(capture(&items[3]).payload, b"Fine.");
    }

    #[test]
    fn a_truncated_record_breaks_the_stream_and_ends_it() {
        let first = response(1, "200 OK", "Content-Type: text/plain\r\n", b"One.");
        let second = response(2, "200 OK", "Content-Type: text/plain\r\n", &[b'x'; 5000]);
        let header_len = memchr::memmem::find(&second, b"\r\n\r\n").unwrap() + 4;
        let block_len = second.len() - header_len - 4;
        let file = [first.as_slice(), &second[..header_len + 100]].concat();
        let mut reader = WarcReader::new(file.as_slice(), MAX);
        assert_eq!(capture(&reader.next().unwrap()).payload, b"One.");
        let reason = format!("truncated WARC record 2: expected {block_len} bytes, got 100");
        assert_eq!(reader.next(), Some(WarcItem::Broken { number: 2, reason }));
        assert_eq!(reader.next(), None);
        assert_eq!(reader.next(), None);
    }

    #[test]
    fn a_broken_header_breaks_the_stream() {
        let line = |n: usize, reason: &str| (n, reason.to_string());
        let ok = response(1, "200 OK", "Content-Type: text/plain\r\n", b"One.");
        let after_ok = |bytes: &[u8]| broken(&[ok.as_slice(), bytes].concat());
        assert_eq!(after_ok(b"WARC/1.1\r\nWARC-Type: response\r\n"), line(2, "truncated WARC header in record 2"));
        assert_eq!(after_ok(b"WARC/1"), line(2, "truncated WARC header in record 2"));
        assert_eq!(
            after_ok(b"HTTP/1.1 200 OK\r\n\r\n"),
            line(2, "bad WARC version line in record 2: \"HTTP/1.1 200 OK\"")
        );
        assert_eq!(broken(b"WARC/1.1\r\nWARC-Type: request\r\n\r\n"), line(1, "WARC record 1 has no Content-Length"));
        assert_eq!(
            broken(b"WARC/1.1\r\nContent-Length: -5\r\n\r\n"),
            line(1, "bad Content-Length in WARC record 1: \"-5\"")
        );
        let long = [b"WARC/1.1\r\nX-Long: ".as_slice(), &vec![b'a'; 70_000], b"\r\n"].concat();
        let (number, reason) = broken(&long);
        assert!(number == 1 && reason.starts_with("WARC header too long in record 1"), "{reason}");
        // Blank lines alone, or none at all, end the stream cleanly.
        assert!(read(b"", MAX).is_empty());
        assert!(read(b"\r\n\r\n\n", MAX).is_empty());
    }

    #[test]
    fn a_truncated_gzip_member_ends_a_warc_gz_after_the_records_before_it() {
        let records = [
            response(1, "200 OK", "Content-Type: text/html\r\n", b"<html>One</html>"),
            response(2, "200 OK", "Content-Type: text/plain\r\n", b"Two."),
            response(3, "200 OK", "Content-Type: text/plain\r\n", "Three. ".repeat(200).as_bytes()),
        ];
        let mut file: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        let last = gzip(&records[2]).len();
        file.truncate(file.len() - last / 2);
        let items: Vec<WarcItem> = WarcReader::new(BufReader::new(MultiGzDecoder::new(file.as_slice())), MAX).collect();
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(capture(&items[0]).payload, b"<html>One</html>");
        assert_eq!(capture(&items[1]).payload, b"Two.");
        let WarcItem::Broken { number: 3, reason } = &items[2] else { panic!("{items:?}") };
        assert_eq!(reason, "unreadable WARC record 3: incomplete deflate stream");
    }

    #[test]
    fn lf_only_line_endings_are_read() {
        let record = |n: usize, body: &str| {
            let block = format!("HTTP/1.0 200 OK\nContent-Type: text/html; charset=utf-8\n\n{body}");
            format!(
                "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: {}\nContent-Length: {}\n\n{block}\n\n",
                uri(n),
                block.len()
            )
        };
        let file = format!("{}{}", record(1, "<html>One</html>\n"), record(2, "<html>Two</html>"));
        let items = read(file.as_bytes(), MAX);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(capture(&items[0]).payload, b"<html>One</html>\n");
        let second = capture(&items[1]);
        assert_eq!((second.target_uri.as_deref(), second.charset.as_deref()), (Some(uri(2).as_str()), Some("utf-8")));
        assert_eq!(second.payload, b"<html>Two</html>");
    }

    #[test]
    fn the_warcio_fixture_reads_as_warcio_wrote_it() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/warc/warcio.warc.gz");
        let file = std::fs::File::open(path).unwrap();
        let items: Vec<WarcItem> = WarcReader::new(BufReader::new(MultiGzDecoder::new(file)), MAX).collect();
        assert_eq!(items.len(), 6, "{items:?}");
        let skips: Vec<(usize, Option<&str>, &str)> = items
            .iter()
            .filter_map(|item| match item {
                WarcItem::Skipped { number, target_uri, reason } => {
                    Some((*number, target_uri.as_deref(), reason.as_str()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            skips,
            [
                (1, None, "warc warcinfo record"),
                (2, Some("https://news.example.com/budget"), "warc request record"),
                (5, Some("https://news.example.com/gone"), "warc response: HTTP 404"),
                (6, Some("https://news.example.com/logo.png"), "warc response: image/png"),
            ]
        );
        let id = |n: usize| Some(format!("urn:uuid:00000000-0000-4000-8000-00000000000{n}"));
        let budget = capture(&items[2]);
        assert_eq!(budget.number, 3);
        assert_eq!(budget.target_uri.as_deref(), Some("https://news.example.com/budget"));
        assert_eq!((&budget.record_id, budget.date.as_deref()), (&id(3), Some("2024-03-01T12:00:03Z")));
        assert_eq!((budget.html, budget.charset.as_deref(), budget.status), (true, Some("utf-8"), Some(200)));
        assert!(budget.payload.starts_with(b"<!DOCTYPE html>\n<html><head><title>Council budget"));
        assert!(budget.payload.ends_with("<p>Café owners welcomed it.</p></body></html>\n".as_bytes()));
        let resume = capture(&items[3]);
        assert_eq!((resume.number, resume.target_uri.as_deref()), (4, Some("https://news.example.com/resume")));
        assert_eq!((&resume.record_id, resume.charset.as_deref()), (&id(4), Some("iso-8859-1")));
        assert!(resume.payload.starts_with(b"<html><head><title>R\xe9sum\xe9</title>"));
    }

    proptest! {
        /// Any bytes, and valid records with bytes spliced in, end in finitely many items and
        /// never panic; nothing follows a Broken item.
        #[test]
        fn any_input_is_read_without_panic(
            noise in prop::collection::vec(any::<u8>(), 0..200),
            at in 0usize..2000,
            cut in 0usize..2000,
        ) {
            let file = [
                response(1, "200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", &chunked(b"<html>a</html>", 3)),
                response(2, "200 OK", "Content-Type: text/plain\r\nContent-Encoding: gzip\r\n", &gzip(b"Two.")),
            ]
            .concat();
            let at = at.min(file.len());
            let mut spliced = [&file[..at], noise.as_slice(), &file[at..]].concat();
            spliced.truncate(spliced.len().saturating_sub(cut % 50));
            for bytes in [noise.as_slice(), spliced.as_slice()] {
                let items = read(bytes, 64);
                let broken = items.iter().position(|i| matches!(i, WarcItem::Broken { .. }));
                prop_assert!(broken.is_none_or(|b| b + 1 == items.len()));
            }
        }
    }
}
