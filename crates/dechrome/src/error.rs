//! Error types of the library. The CLI turns them into reports and exit codes.

use std::path::PathBuf;

/// A rule file that cannot be used. Carries the position so a user can jump to it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct RuleError {
    /// Display name of the rule file (a path, or `<embedded>/…` for built-in rules).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong there.
    pub message: String,
}

/// 1-based line and column (in chars) of byte `offset` in `source`. For many offsets in one
/// text, [`LineStarts`] finds each without reading the text from its start again.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    LineStarts::new(source).line_column(source, offset)
}

/// Where each line of a text starts: the line of an offset is then a binary search away.
/// Loading a rule file asks for the place of every rule and test it holds; counting lines from
/// the start for each made loading quadratic in the size of the file.
#[derive(Debug, Clone)]
pub struct LineStarts {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineStarts {
    pub fn new(source: &str) -> Self {
        let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1)).collect();
        LineStarts { starts }
    }

    /// 1-based line and column (in chars) of byte `offset` in `source`, the text this was made
    /// from.
    pub fn line_column(&self, source: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        // The last line that starts at or before `offset`.
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let line_start = self.starts[line - 1];
        let column = source[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

/// A file that is not a template this version of dechrome reads (see [`crate::Template`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a dechrome template: {0}")]
pub struct TemplateError(pub(crate) String);

/// What went wrong: a capture that could not be cleaned, or what stops a whole run (a rule
/// file, an input or an output).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A capture that is not one that can be cleaned: empty, binary, undecodable, too large,
    /// or an HTML page beyond the limits. A run reports it and goes on.
    #[error("{0}")]
    Capture(#[from] crate::capture::CaptureError),
    /// A rule file that does not load, with its position.
    #[error("{0}")]
    Rule(#[from] RuleError),
    /// An output (or a folder for it) that could not be written.
    #[error("{path}: {source}")]
    Io {
        /// Where it was to be written.
        path: PathBuf,
        /// Why it could not be.
        source: std::io::Error,
    },
    /// An input the command line names (a capture, a rule file, a folder) that cannot be read:
    /// it does not exist, or the OS says why.
    #[error("cannot read {path}: {}", describe_io(source))]
    Input {
        /// The path as it was given.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// A template file (`--template`) that is not one this version reads.
    #[error("{path}: {source}")]
    Template {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: TemplateError,
    },
    /// A column of a record batch that is missing, or holds values of a type that cannot be
    /// read as what it was named for ([`crate::batch`]).
    #[error("{0}")]
    Column(String),
    /// Options that cannot work together, or a path that cannot serve as what it was given
    /// for (an output over an input, a folder where a file is needed, …).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    pub(crate) fn input(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Input { path: path.into(), source }
    }
}

/// "no such file or folder" for the common case, the OS's words for the others.
fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_and_in_chars() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(line_column(src, src.find('"').unwrap()), (2, 6));
        assert_eq!(line_column(src, 999), (3, 1));
    }

    #[test]
    fn line_starts_agree_with_counting_from_the_start() {
        let src = "a\n\nbé = 1\r\nlast line, no end";
        let starts = LineStarts::new(src);
        for offset in 0..=src.len() + 2 {
            let mut at = offset.min(src.len());
            while !src.is_char_boundary(at) {
                at -= 1;
            }
            let before = &src[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(starts.line_column(src, offset), (line, column), "{offset}");
        }
    }
}
