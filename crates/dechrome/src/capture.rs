//! Turning the bytes of a capture file into text: format by name, charset by BOM, UTF-8
//! validity or statistical detection, and the checks that reject what is not text.

use std::borrow::Cow;
use std::path::Path;

/// What kind of capture a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A plain-text dump of a page.
    Text,
    /// An HTML page.
    Html,
    /// One JSON record a line, each a capture (`text` or `html`, with `url` and `id`).
    Jsonl,
    /// A WARC file: its HTML and text `response` and `resource` records, each a capture.
    Warc,
    /// A Parquet file: a row each capture, read by column as JSONL records are by field.
    Parquet,
}

impl Format {
    /// The format a file name says (under a compression extension: `a.html.gz` is HTML), or
    /// `None` when it is not a capture.
    pub(crate) fn from_path(path: &Path) -> Option<Format> {
        let path = without_compression(path);
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "warc" => Some(Format::Warc),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }

    /// True when bytes read as text are an HTML page: they open (after a BOM, white space and
    /// comments) with a doctype or an `<html>` tag.
    pub(crate) fn sniff_html(bytes: &[u8]) -> bool {
        let Some(rest) = after_prolog(bytes) else { return false };
        starts_with_ignore_case(rest, b"<!doctype html") || starts_with_tag(rest, b"<html")
    }

    /// [`Format::sniff_html`], looser, for files whose name says nothing (wget saves pages as
    /// `index` or `story.php?id=3`, often without a doctype): also any doctype, or a first tag
    /// `<head>` or `<body>`, when it opens within the first [`PAGE_SNIFF_BYTES`].
    pub(crate) fn sniff_page(bytes: &[u8]) -> bool {
        if Format::sniff_html(bytes) {
            return true;
        }
        let Some(rest) = after_prolog(bytes) else { return false };
        bytes.len() - rest.len() < PAGE_SNIFF_BYTES
            && (starts_with_ignore_case(rest, b"<!doctype")
                || starts_with_tag(rest, b"<head")
                || starts_with_tag(rest, b"<body"))
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Warc => "warc",
            Format::Parquet => "parquet",
        }
    }

    /// Whether a file of this format holds many captures, read one at a time.
    pub(crate) fn is_stream(self) -> bool {
        matches!(self, Format::Jsonl | Format::Warc | Format::Parquet)
    }
}

/// Bytes within which the first tag of a file whose name says nothing must open for it to be
/// read as a page: a page's start is never far in, and text that quotes a tag later is not one.
const PAGE_SNIFF_BYTES: usize = 1024;

/// Comments and XML declarations skipped before a page's first tag: a page cannot hide its
/// start behind an endless run of them.
const MAX_PROLOG_ITEMS: usize = 8;

/// `bytes` after a BOM, white space, comments and an XML declaration; `None` when one of
/// those does not end.
fn after_prolog(bytes: &[u8]) -> Option<&[u8]> {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for _ in 0..MAX_PROLOG_ITEMS {
        rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len())..];
        if starts_with_ignore_case(rest, b"<!--") {
            rest = &rest[memchr::memmem::find(rest, b"-->")? + 3..];
        } else if starts_with_ignore_case(rest, b"<?xml") {
            rest = &rest[memchr::memchr(b'>', rest)? + 1..];
        } else {
            break;
        }
    }
    Some(rest)
}

/// Whether `bytes` open with the tag `name` (`<html`), not a longer name (`<header`).
fn starts_with_tag(bytes: &[u8], name: &[u8]) -> bool {
    starts_with_ignore_case(bytes, name) && bytes.get(name.len()).is_some_and(|b| *b == b'>' || b.is_ascii_whitespace())
}

/// What is known about a capture before it is read.
#[derive(Debug, Clone, Default)]
pub struct CaptureInfo {
    /// Path relative to the input root, `/`-separated.
    pub source: String,
    /// Host from the folder layout, lowercase.
    pub host: Option<String>,
    /// URL from the capture's record, when it came with one.
    pub url: Option<String>,
    /// When it was captured (a WARC record's date): no page date is later.
    pub captured: Option<crate::dates::Date>,
}

/// Extensions of the compressed files read as what they hold.
const COMPRESSION_EXTENSIONS: [&str; 2] = ["gz", "zst"];

/// `path` without its compression extension, if it has one (`a.html.gz` → `a.html`).
pub(crate) fn without_compression(path: &Path) -> Cow<'_, Path> {
    let compressed = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSION_EXTENSIONS.iter().any(|c| e.eq_ignore_ascii_case(c)));
    if compressed {
        Cow::Owned(path.with_extension(""))
    } else {
        Cow::Borrowed(path)
    }
}

/// Why a capture could not be read as text. Each renders as one line for the run's report.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CaptureError {
    /// No bytes at all.
    #[error("empty file")]
    Empty,
    /// Nothing but white space.
    #[error("no text (only white space)")]
    Blank,
    /// A NUL byte: not text.
    #[error("binary data (NUL byte at offset {offset})")]
    Binary {
        /// Where the first NUL is.
        offset: usize,
    },
    /// Too many control characters to be text.
    #[error("binary data ({share:.0}% control characters)")]
    ControlCharacters {
        /// Their share of the characters, in percent.
        share: f64,
    },
    /// Larger than the run's `--max-bytes`.
    #[error("too large ({size} bytes, limit {limit}; raise --max-bytes)")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Compressed, and more than `--max-bytes` once decompressed.
    #[error("too large decompressed (more than {limit} bytes; raise --max-bytes)")]
    TooLargeDecompressed {
        /// The limit.
        limit: u64,
    },
    /// Compressed data that does not decompress (truncated, or corrupt).
    #[error("corrupt {compression} data: {reason}")]
    Corrupt {
        /// `gzip`, `zstd`, or `deflate` (an HTTP body in a WARC record).
        compression: &'static str,
        /// What the decompressor said.
        reason: String,
    },
    /// Not text in the encoding it declares or was detected as.
    #[error("undecodable: {invalid} invalid sequences as {encoding}")]
    Undecodable {
        /// The encoding it was read as.
        encoding: &'static str,
        /// Byte sequences that are not valid in it.
        invalid: usize,
    },
    /// The file cannot be read (the OS's words).
    #[error("unreadable: {0}")]
    Unreadable(String),
    /// A JSONL line that is not a capture record.
    #[error("{0}")]
    Record(String),
    /// A WARC record whose HTTP message cannot be read: its head, its chunks, or its content
    /// coding.
    #[error("bad HTTP message: {0}")]
    Http(String),
    /// An HTML page beyond the [`crate::Limits`].
    #[error("{0}")]
    Html(#[from] crate::html::HtmlError),
}

/// Text decoded from a capture, with the name of the encoding it was read as. Valid UTF-8
/// with `\n` line ends, the common case, is borrowed rather than copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// Share of replacement characters above which a decode is treated as a failure.
const MAX_INVALID_SHARE: f64 = 0.005;
/// Share of control characters above which text is treated as binary.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Decodes capture bytes: a BOM wins, then valid UTF-8, then the charset `chardetng` guesses.
/// Line endings are normalised to `\n`.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, CaptureError> {
    decode_bytes(bytes, None, false)
}

/// Like [`decode`], for an HTML page, with the charset it declares (its `<meta charset>`): it
/// is used when the bytes are not valid UTF-8. Bytes that are valid UTF-8 are read as UTF-8
/// whatever the page declares: pages are often re-encoded after they were saved, and legacy
/// text is almost never valid UTF-8 by accident. A stray NUL is not binary data in a page: the
/// HTML parser reads it as the standard says (it drops it from text); only many control
/// characters are.
pub fn decode_declared<'a>(
    bytes: &'a [u8],
    declared: Option<&'static encoding_rs::Encoding>,
) -> Result<Decoded<'a>, CaptureError> {
    decode_bytes(bytes, declared, true)
}

/// Decodes a page (`page`: a stray NUL is read as the HTML standard says) or text; `declared`
/// is the charset used when the bytes have no BOM and are not valid UTF-8.
pub(crate) fn decode_bytes<'a>(
    bytes: &'a [u8],
    declared: Option<&'static encoding_rs::Encoding>,
    page: bool,
) -> Result<Decoded<'a>, CaptureError> {
    if bytes.is_empty() {
        return Err(CaptureError::Empty);
    }
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        check_invalid(&text, had_errors, encoding.name())?;
        return checked(text, encoding.name(), None);
    }
    let raw = scan(bytes);
    if let Some(offset) = nul_offset(bytes, &raw) {
        // NUL bytes are binary data, or the high bytes of UTF-16 text saved without a BOM.
        match utf16_without_bom(bytes) {
            Some(encoding) => return decode_as(bytes, encoding),
            None if !page => return Err(CaptureError::Binary { offset }),
            // Counted with the other control characters by `checked`.
            None => {}
        }
    }
    if let Some(text) = as_utf8(bytes) {
        // The text is the bytes: their scan serves.
        return checked(Cow::Borrowed(text), "UTF-8", Some(raw));
    }
    let encoding = declared.unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Allow)
    });
    decode_as(bytes, encoding)
}

/// `bytes` (without a BOM) read as `encoding`.
fn decode_as<'a>(bytes: &'a [u8], encoding: &'static encoding_rs::Encoding) -> Result<Decoded<'a>, CaptureError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    check_invalid(&text, had_errors, encoding.name())?;
    checked(text, encoding.name(), None)
}

/// Bytes from the start of a capture that tell UTF-16 text without a BOM: a capture does not
/// change encoding halfway.
const UTF16_SAMPLE_BYTES: usize = 64 << 10;
/// Share of the sample's code units that must be ASCII chars (an ASCII byte and a NUL, in one
/// order) for bytes with NULs to be read as UTF-16: captures are mostly ASCII text, binary
/// data is not.
const MIN_UTF16_ASCII_SHARE: f64 = 0.6;

/// The byte order of `bytes` when they read as mostly-ASCII UTF-16 without a BOM: NULs at
/// every other byte, the ASCII chars beside them; `None` for anything else.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE_BYTES)];
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut little, mut big) = (0usize, 0usize);
    for unit in sample.chunks_exact(2) {
        match (unit[0], unit[1]) {
            (low, 0) if low != 0 && low.is_ascii() => little += 1,
            (0, low) if low != 0 && low.is_ascii() => big += 1,
            _ => {}
        }
    }
    // One order must hold most units, and the other hardly any (binary data has both).
    let (most, other, encoding) =
        if little >= big { (little, big, encoding_rs::UTF_16LE) } else { (big, little, encoding_rs::UTF_16BE) };
    (most as f64 >= MIN_UTF16_ASCII_SHARE * units as f64 && other * 20 <= most).then_some(encoding)
}

/// `bytes` as text when they are valid UTF-8. Every capture is checked, so this uses SIMD
/// validation (several times faster than the standard library's on mostly ASCII text).
pub fn as_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// [`decode`] for bytes already known to be UTF-8: the same result, without validating them
/// again.
pub fn decode_utf8(text: &str) -> Result<Decoded<'_>, CaptureError> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || encoding_rs::Encoding::for_bom(bytes).is_some() {
        return decode(bytes);
    }
    let raw = scan(bytes);
    if nul_offset(bytes, &raw).is_some() {
        // Binary data, or UTF-16 whose bytes happen to be valid UTF-8: as `decode` decides.
        return decode(bytes);
    }
    checked(Cow::Borrowed(text), "UTF-8", Some(raw))
}

/// Where the first NUL byte is, if any: only bytes with controls can hold one.
fn nul_offset(bytes: &[u8], scan: &ByteScan) -> Option<usize> {
    (scan.controls > 0).then(|| memchr::memchr(0, bytes)).flatten()
}

/// The checks and repairs every decoded text goes through; `scanned` is the text's
/// [`ByteScan`] when the caller has it.
fn checked<'a>(
    text: Cow<'a, str>,
    encoding: &'static str,
    scanned: Option<ByteScan>,
) -> Result<Decoded<'a>, CaptureError> {
    let found = scanned.unwrap_or_else(|| scan(text.as_bytes()));
    check_control(&text, found.controls)?;
    if text.trim().is_empty() {
        return Err(CaptureError::Blank);
    }
    let text = if found.c1 { repair_c1_controls(&text) } else { text };
    // Repairs make no `\r`: the scan still tells.
    let text = if found.carriage_return { normalize_newlines(text) } else { text };
    Ok(Decoded { text, encoding })
}

impl Decoded<'_> {
    /// Whether the text is the capture's bytes as they are (valid UTF-8 that needed no repair).
    pub fn is_verbatim(&self, bytes: &[u8]) -> bool {
        matches!(&self.text, Cow::Borrowed(text) if text.as_bytes().as_ptr() == bytes.as_ptr() && text.len() == bytes.len())
    }
}

/// C1 control characters (U+0080–U+009F) in decoded text are almost always Windows-1252
/// punctuation (curly quotes, dashes) that went through a Latin-1 decoder; read them as
/// Windows-1252 does, as browsers do.
fn repair_c1_controls<'a>(text: &str) -> Cow<'a, str> {
    let repaired = text
        .chars()
        .map(|c| match c {
            '\u{80}'..='\u{9f}' => {
                let byte = [c as u32 as u8];
                let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                decoded.chars().next().unwrap_or(c)
            }
            c => c,
        })
        .collect();
    Cow::Owned(repaired)
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn check_invalid(text: &str, had_errors: bool, encoding: &'static str) -> Result<(), CaptureError> {
    if !had_errors {
        return Ok(());
    }
    let invalid = text.chars().filter(|&c| c == char::REPLACEMENT_CHARACTER).count();
    let total = text.chars().count().max(1);
    if invalid as f64 / total as f64 > MAX_INVALID_SHARE {
        return Err(CaptureError::Undecodable { encoding, invalid });
    }
    Ok(())
}

fn check_control(text: &str, control: usize) -> Result<(), CaptureError> {
    let share = control as f64 / text.len().max(1) as f64;
    if control > 2 && share > MAX_CONTROL_SHARE {
        return Err(CaptureError::ControlCharacters { share: share * 100.0 });
    }
    Ok(())
}

/// What one read of a text's bytes tells the checks and repairs every capture goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ByteScan {
    /// C0 controls (but line breaks, tabs and form feeds) and DEL.
    controls: usize,
    /// Some `\r`: line ends to normalise.
    carriage_return: bool,
    /// Some C1 control (U+0080–U+009F: in UTF-8, 0xC2 then 0x80–0x9F) to repair.
    c1: bool,
}

fn is_control(b: u8) -> bool {
    (b < b' ') && (b != b'\n') && (b != b'\r') && (b != b'\t') && (b != 0x0c) || (b == 0x7f)
}

/// Bit 0: `b` is a `\r`; bit 1: `b`, then `next`, are a C1 control.
fn flags(b: u8, next: u8) -> u8 {
    u8::from(b == b'\r') | u8::from((b == 0xc2) & (next.wrapping_sub(0x80) < 0x20)) << 1
}

/// [`ByteScan`] of `bytes`: one pass, where a count and two searches each read the text before
/// (the search for a NUL byte is made only when there are controls, see [`nul_offset`]).
fn scan(bytes: &[u8]) -> ByteScan {
    // Controls only on bytes (they are ASCII): C1 ones are mis-decoded punctuation, repaired
    // later. Byte-wide counters and flags, one per lane of a 64-byte block, are summed every 255
    // blocks, before a counter could overflow: the loop over a block compiles to a few vector
    // instructions, with nothing across lanes inside it. A block is read with the byte after it,
    // for the second byte of a C1 control.
    const LANES: usize = 64;
    let (mut controls, mut any) = (0, 0u8);
    let mut at = 0;
    loop {
        let mut counters = [0u8; LANES];
        let mut lanes = [0u8; LANES];
        let mut counted = 0;
        while counted < 255 && at + LANES < bytes.len() {
            let block: &[u8; LANES] = bytes[at..at + LANES].try_into().expect("a block");
            let next: &[u8; LANES] = bytes[at + 1..at + 1 + LANES].try_into().expect("a block");
            for i in 0..LANES {
                counters[i] += u8::from(is_control(block[i]));
                lanes[i] |= flags(block[i], next[i]);
            }
            at += LANES;
            counted += 1;
        }
        controls += counters.iter().map(|&c| c as usize).sum::<usize>();
        any |= lanes.iter().fold(0, |all, &f| all | f);
        if counted < 255 {
            break;
        }
    }
    for (i, &b) in bytes.iter().enumerate().skip(at) {
        controls += usize::from(is_control(b));
        any |= flags(b, bytes.get(i + 1).copied().unwrap_or(0));
    }
    ByteScan { controls, carriage_return: any & 1 == 1, c1: any & 2 == 2 }
}

/// `\r\n` and lone `\r` become `\n`, so rules and output see one kind of line end.
fn normalize_newlines(text: Cow<str>) -> Cow<str> {
    let bytes = text.as_bytes();
    if memchr::memchr(b'\r', bytes).is_none() {
        return text;
    }
    // One copy, from one `\r` to the next: each becomes `\n`, and takes the `\n` after it along.
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for at in memchr::memchr_iter(b'\r', bytes) {
        out.push_str(&text[from..at]);
        out.push('\n');
        from = at + 1 + usize::from(bytes.get(at + 1) == Some(&b'\n'));
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_nul_is_binary_in_text_but_not_in_a_page() {
        let page = format!("<html><body><p>{}a\0b</p></body></html>", "Some prose of the page. ".repeat(20));
        assert_eq!(decode(page.as_bytes()), Err(CaptureError::Binary { offset: page.find('\0').unwrap() }));
        assert!(decode_declared(page.as_bytes(), None).unwrap().text.contains("a\0b"));
        // Not valid UTF-8 either: read as the detected charset, NUL and all.
        let latin = [&page.as_bytes()[..20], b"caf\xe9", &page.as_bytes()[20..]].concat();
        assert!(decode_declared(&latin, None).is_ok());
        // Many NULs and controls in a page are still binary data.
        let image = b"<html>\x89PNG\0\0\0\rIHDR\0\0\x01\0\x02\0\0\0\x03\x04\x05";
        assert!(matches!(decode_declared(image, None), Err(CaptureError::ControlCharacters { .. })));
    }

    #[test]
    fn utf8_is_read_as_is() {
        let d = decode("héllo — “quoted”\n".as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "héllo — “quoted”\n");
    }

    #[test]
    fn a_bom_decides_and_is_dropped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"abc");
        assert_eq!(decode(&bytes).unwrap(), Decoded { text: "abc".into(), encoding: "UTF-8" });
        // UTF-16LE holds NUL bytes, which must not be taken for binary data behind a BOM.
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("hi there".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&utf16).unwrap(), Decoded { text: "hi there".into(), encoding: "UTF-16LE" });
    }

    #[test]
    fn utf16_without_a_bom_is_told_by_its_nul_bytes() {
        let text = "The council approved the budget \u{2014} “at last”.\nMost Popular\n";
        let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&little).unwrap(), Decoded { text: text.into(), encoding: "UTF-16LE" });
        assert_eq!(decode(&big).unwrap(), Decoded { text: text.into(), encoding: "UTF-16BE" });
        // Such bytes are valid UTF-8 too, which the read-ahead of learning has checked.
        assert_eq!(decode_utf8(std::str::from_utf8(&little).unwrap()).unwrap().encoding, "UTF-16LE");
        // Binary data with NULs stays binary.
        assert_eq!(decode(b"\x7fELF\x02\x01\x01\0\0\0garbage"), Err(CaptureError::Binary { offset: 7 }));
        assert_eq!(decode(b"a\0b\0\0\0c\0d\0\0e\0f"), Err(CaptureError::Binary { offset: 1 }));
        assert_eq!(decode(b"x\0"), Err(CaptureError::Binary { offset: 1 }));
    }

    #[test]
    fn legacy_charsets_are_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Le café était très bon, déjà vu à côté.\n");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("café était très"));
    }

    #[test]
    fn non_text_is_refused_with_a_reason() {
        assert_eq!(decode(b""), Err(CaptureError::Empty));
        assert_eq!(decode(b" \n\t\n"), Err(CaptureError::Blank));
        assert_eq!(decode(b"ab\0cd"), Err(CaptureError::Binary { offset: 2 }));
        assert!(matches!(decode(b"\x01\x02\x03\x04 text"), Err(CaptureError::ControlCharacters { .. })));
    }

    #[test]
    fn one_scan_tells_what_a_count_and_two_searches_told() {
        let plain = |bytes: &[u8]| ByteScan {
            controls: bytes.iter().filter(|&&b| (b < 0x20 && !b"\n\r\t\x0c".contains(&b)) || b == 0x7f).count(),
            carriage_return: bytes.contains(&b'\r'),
            c1: bytes.windows(2).any(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1])),
        };
        // Every byte value, at lengths around the vector widths and the 64-byte blocks.
        let all: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        for len in [0, 1, 31, 32, 33, 63, 64, 65, 66, 191, 192, 193, 1000] {
            let bytes = &all[..len];
            assert_eq!(scan(bytes), plain(bytes), "{len}");
        }
        // A C1 control or a `\r` alone in plain text, at every place around the ends of blocks,
        // its two bytes split between two blocks too.
        for len in [64, 65, 66, 129, 200] {
            for at in 0..len - 1 {
                for marks in [&b"\xc2\x85"[..], b"\xc2\xa0", b"\r", b"\xc2", b"\x85"] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at..(at + marks.len()).min(len)].copy_from_slice(&marks[..marks.len().min(len - at)]);
                    assert_eq!(scan(&bytes), plain(&bytes), "{len} {at} {marks:?}");
                }
            }
        }
        // Nothing but controls, past the 255 blocks a byte-wide counter holds, and past twice
        // that.
        for len in [255 * 64, 255 * 64 + 1, 255 * 64 + 65, 2 * 255 * 64 + 70] {
            let bytes = vec![1u8; len];
            assert_eq!(scan(&bytes).controls, len, "{len}");
        }
    }

    #[test]
    fn a_nul_byte_is_found_wherever_it_is() {
        for at in [0, 5, 63, 64, 65, 300] {
            let mut bytes = vec![b'x'; 400];
            bytes[at] = 0;
            assert_eq!(decode(&bytes), Err(CaptureError::Binary { offset: at }));
            assert_eq!(decode_utf8(std::str::from_utf8(&bytes).unwrap()), Err(CaptureError::Binary { offset: at }));
        }
    }

    #[test]
    fn c1_controls_are_read_as_windows_1252_punctuation() {
        let d = decode("It\u{92}s \u{93}quoted\u{94} \u{96} done".as_bytes()).unwrap();
        assert_eq!(d.text, "It’s “quoted” – done");
    }

    #[test]
    fn line_ends_are_normalised() {
        assert_eq!(decode(b"a\r\nb\rc\n").unwrap().text, "a\nb\nc\n");
        // Every mix of line ends, as two replacements would make it.
        for n in 0..4u32.pow(6) {
            let text: String = (0..6).map(|i| ["\r", "\n", "x", "é"][(n / 4u32.pow(i) % 4) as usize]).collect();
            let want = text.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(normalize_newlines(Cow::Borrowed(&text)), want, "{text:?}");
        }
    }

    #[test]
    fn formats_follow_the_extension() {
        assert_eq!(Format::from_path(Path::new("a/b.TXT")), Some(Format::Text));
        assert_eq!(Format::from_path(Path::new("b.htm")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("b.jsonl")), Some(Format::Jsonl));
        assert_eq!(Format::from_path(Path::new("b.json")), None);
        assert_eq!(Format::from_path(Path::new("README")), None);
    }

    #[test]
    fn html_is_recognised_by_its_opening() {
        assert!(Format::sniff_html(b"\xEF\xBB\xBF  <!DOCTYPE html><p>x"));
        assert!(Format::sniff_html(b"<!-- saved --> \n<html lang=en>"));
        assert!(Format::sniff_html(b"<?xml version='1.0'?><!doctype HTML>"));
        assert!(!Format::sniff_html(b"<htmlish> text"));
        assert!(!Format::sniff_html(b"The <html> tag starts a page."));
    }

    #[test]
    fn a_file_named_for_nothing_is_a_page_by_its_first_tag_within_a_kib() {
        for page in [
            &b"<html><body>x"[..],
            b"\n<!-- saved by wget -->\n<HEAD>\n<title>x</title>",
            b"  <body class=story><p>x",
            b"<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
        ] {
            assert!(Format::sniff_page(page), "{}", String::from_utf8_lossy(page));
        }
        for text in [&b"<header>x"[..], b"<bodyguard>", b"Read the <body> tag.", b"<p>A fragment</p>"] {
            assert!(!Format::sniff_page(text), "{}", String::from_utf8_lossy(text));
        }
        // The first tag opens within the first KiB, or the file is not taken for a page.
        let late = |at: usize| format!("<!--{}-->\n<head>", "c".repeat(at - 8)).into_bytes();
        assert!(Format::sniff_page(&late(PAGE_SNIFF_BYTES - 1)));
        assert!(!Format::sniff_page(&late(PAGE_SNIFF_BYTES)));
        // What sniff_html accepts, sniff_page accepts at any distance.
        assert!(Format::sniff_page(format!("<!--{}-->\n<html>", "c".repeat(2 * PAGE_SNIFF_BYTES)).as_bytes()));
    }

    #[test]
    fn a_declared_charset_decides_only_for_bytes_that_are_not_utf8() {
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("caf\u{e9}");
        let d = decode_declared(&latin, Some(encoding_rs::ISO_8859_2)).unwrap();
        assert_eq!((&*d.text, d.encoding), ("caf\u{e9}", "ISO-8859-2"));
        let d = decode_declared("caf\u{e9}".as_bytes(), Some(encoding_rs::ISO_8859_2)).unwrap();
        assert_eq!(d.encoding, "UTF-8");
    }
}
