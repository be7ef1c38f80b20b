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
    pub message: String,
}

impl RuleError {
    /// Builds an error located at byte `offset` of `source`.
    pub fn at(file: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(source, offset);
        RuleError { file: file.to_string(), line, column, message: message.into() }
    }
}

/// 1-based line and column (in chars) of byte `offset` in `source`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Anything that stops a whole run (as opposed to one capture failing).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Rule(#[from] RuleError),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Usage(String),
    /// An input named on the command line cannot be looked at (it does not exist, or may not
    /// be read).
    #[error("{}: {reason}", path.display())]
    Input { path: PathBuf, reason: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
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
}
