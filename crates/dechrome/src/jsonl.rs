//! JSONL captures: one JSON object a line, each a capture with its own URL.

use serde::Deserialize;

/// The fields of an input record that dechrome reads; others are ignored.
#[derive(Debug, Deserialize)]
pub struct InputRecord {
    pub text: Option<String>,
    pub html: Option<String>,
    pub url: Option<String>,
}

/// One line of a JSONL capture file.
#[derive(Debug)]
pub enum Line {
    Record { number: usize, record: InputRecord },
    Invalid { number: usize, reason: String },
}

/// The non-blank lines of a JSONL file, parsed. Line numbers are 1-based.
pub fn records(text: &str) -> impl Iterator<Item = Line> + '_ {
    text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| {
        let number = i + 1;
        match serde_json::from_str::<InputRecord>(l) {
            Ok(record) => Line::Record { number, record },
            Err(e) => Line::Invalid { number, reason: format!("invalid JSON record: {e}") },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_bad_lines_keep_their_line_numbers() {
        let lines: Vec<Line> =
            records("{\"text\":\"a\",\"url\":\"https://x.org/\",\"extra\":1}\n\nnot json\n").collect();
        assert!(matches!(&lines[0], Line::Record { number: 1, record } if record.text.as_deref() == Some("a")));
        assert!(matches!(&lines[1], Line::Invalid { number: 3, .. }));
    }
}
