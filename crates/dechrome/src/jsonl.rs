//! JSONL captures: one JSON object a line, each a capture, read a line at a time from a file or
//! a stream, so that a file of any size is never held whole.

use crate::capture::{decode, CaptureError};
use serde_json::{Map, Value};
use std::io::BufRead;

/// A JSON object as read, its fields in their order.
pub type Object = Map<String, Value>;

/// One line of a JSONL stream.
#[derive(Debug)]
pub enum Line {
    /// A JSON object, with the encoding its line was read in.
    Object { number: usize, object: Object, encoding: &'static str },
    /// A line that is not one: too long, undecodable, not JSON, or not an object.
    Invalid { number: usize, error: CaptureError },
    /// The stream cannot be read on (an I/O or decompression error): the last item.
    Broken { number: usize, reason: String },
}

/// The lines of a JSONL stream, each within `max_bytes`; blank lines are passed over. Line
/// numbers are 1-based.
pub struct Lines<R> {
    reader: R,
    max_bytes: u64,
    number: usize,
    line: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, max_bytes: u64) -> Self {
        Lines { reader, max_bytes, number: 0, line: Vec::new(), done: false }
    }

    /// Reads the next line into `self.line`, without its end. `Ok(None)` at the end of the
    /// stream; `Ok(Some(size))` with the line's whole size, of which only the first
    /// `max_bytes + 1` are kept: a longer line is read through, never held.
    fn read_line(&mut self) -> std::io::Result<Option<u64>> {
        self.line.clear();
        let mut size = 0u64;
        let mut seen_any = false;
        loop {
            let buffer = match self.reader.fill_buf() {
                Ok(buffer) => buffer,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buffer.is_empty() {
                return Ok(seen_any.then_some(size));
            }
            seen_any = true;
            let (taken, ends) = match memchr::memchr(b'\n', buffer) {
                Some(at) => (at, true),
                None => (buffer.len(), false),
            };
            let room = (self.max_bytes + 1).saturating_sub(self.line.len() as u64);
            let kept = taken.min(usize::try_from(room).unwrap_or(usize::MAX));
            self.line.extend_from_slice(&buffer[..kept]);
            size += taken as u64;
            self.reader.consume(taken + usize::from(ends));
            if ends {
                return Ok(Some(size));
            }
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        loop {
            if self.done {
                return None;
            }
            let size = match self.read_line() {
                Ok(Some(size)) => size,
                Ok(None) => return None,
                Err(e) => {
                    self.done = true;
                    let reason = format!("stream unreadable after line {}: {e}", self.number);
                    return Some(Line::Broken { number: self.number + 1, reason });
                }
            };
            self.number += 1;
            let number = self.number;
            if size > self.max_bytes {
                return Some(Line::Invalid { number, error: CaptureError::TooLarge { size, limit: self.max_bytes } });
            }
            let line = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
            // A UTF-8 BOM may open the stream.
            let line = if number == 1 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse(number, line));
        }
    }
}

/// A line as a JSON object. JSON is UTF-8; a line that is not is decoded as a capture would be
/// (its charset detected), so that a legacy file still reads.
fn parse(number: usize, line: &[u8]) -> Line {
    let (parsed, encoding) = match simdutf8::basic::from_utf8(line) {
        Ok(text) => (serde_json::from_str::<Value>(text), "UTF-8"),
        Err(_) => match decode(line) {
            Ok(decoded) => (serde_json::from_str::<Value>(&decoded.text), decoded.encoding),
            Err(error) => return Line::Invalid { number, error },
        },
    };
    match parsed {
        Ok(Value::Object(object)) => Line::Object { number, object, encoding },
        Ok(other) => {
            Line::Invalid { number, error: CaptureError::Record(format!("not a JSON object but {}", kind_of(&other))) }
        }
        Err(e) => Line::Invalid { number, error: CaptureError::Record(format!("invalid JSON record: {e}")) },
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8], max_bytes: u64) -> Vec<Line> {
        Lines::new(text, max_bytes).collect()
    }

    #[test]
    fn records_and_bad_lines_keep_their_line_numbers() {
        let read = lines(
            b"{\"text\":\"a\",\"url\":\"https://x.org/\",\"extra\":1}\n\nnot json\n[1]\r\n{\"z\":1,\"a\":2}",
            1 << 20,
        );
        assert_eq!(read.len(), 4);
        assert!(matches!(&read[0], Line::Object { number: 1, object, .. } if object["text"] == "a"));
        assert!(
            matches!(&read[1], Line::Invalid { number: 3, error: CaptureError::Record(r) } if r.contains("invalid JSON"))
        );
        assert!(
            matches!(&read[2], Line::Invalid { number: 4, error: CaptureError::Record(r) } if r.contains("an array"))
        );
        // The fields keep their order, and the last line needs no line end.
        let Line::Object { number: 5, object, .. } = &read[3] else { panic!("{:?}", read[3]) };
        assert_eq!(object.keys().collect::<Vec<_>>(), ["z", "a"]);
    }

    #[test]
    fn a_line_over_the_limit_fails_alone_and_is_never_held() {
        let long = format!("{{\"text\":\"{}\"}}", "a".repeat(5_000));
        let stream = format!("{{\"text\":\"one\"}}\n{long}\n{{\"text\":\"three\"}}\n");
        // A small buffer: the long line comes in many reads.
        let reader = std::io::BufReader::with_capacity(64, stream.as_bytes());
        let mut read = Lines::new(reader, 100);
        assert!(matches!(read.next(), Some(Line::Object { number: 1, .. })));
        let Some(Line::Invalid { number: 2, error }) = read.next() else { panic!("the long line fails") };
        assert_eq!(error, CaptureError::TooLarge { size: long.len() as u64, limit: 100 });
        assert!(read.line.capacity() < 1_000, "kept {} bytes", read.line.capacity());
        assert!(matches!(read.next(), Some(Line::Object { number: 3, .. })));
        assert!(read.next().is_none());
    }

    #[test]
    fn a_nul_or_undecodable_line_fails_that_line_only() {
        let read =
            lines(b"{\"text\":\"a\x00b\"}\n{\"text\":\"caf\xe9 cr\xe8me br\xfbl\xe9e\"}\n{\"text\":\"ok\"}\n", 1 << 20);
        assert!(matches!(&read[0], Line::Invalid { number: 1, .. }), "{:?}", read[0]);
        // Latin-1 bytes: detected and decoded, as a capture would be.
        assert!(
            matches!(&read[1], Line::Object { number: 2, object, encoding } if object["text"] == "café crème brûlée" && *encoding != "UTF-8")
        );
        assert!(matches!(&read[2], Line::Object { number: 3, .. }));
    }

    #[test]
    fn a_stream_that_breaks_ends_with_the_reason() {
        struct Failing(usize);
        impl std::io::Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::other("disk gone"));
                }
                self.0 -= 1;
                let line = b"{\"text\":\"x\"}\n";
                buf[..line.len()].copy_from_slice(line);
                Ok(line.len())
            }
        }
        let read: Vec<Line> = Lines::new(std::io::BufReader::new(Failing(2)), 100).collect();
        assert_eq!(read.len(), 3);
        assert!(matches!(&read[2], Line::Broken { number: 3, reason } if reason.contains("disk gone")));
    }
}
