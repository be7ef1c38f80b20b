//! `dechrome explain`.

use super::{exit, RuleArgs, TextArgs};
use clap::{Args, ValueEnum};
use dechrome::explain::{explain_file, explain_record, Style};
use dechrome::Error;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// A text capture or an HTML page (shown as the text extracted from it), or `FILE:N` for
    /// the N-th record of a JSONL, WARC or Parquet file (its line, record or row number).
    file: PathBuf,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    text: TextArgs,
    /// The capture's host, when its folder does not say it (e.g. newsmax.com).
    #[arg(long)]
    host: Option<String>,
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

/// `data.jsonl:12` → (`data.jsonl`, 12), when no file has the whole name and one has the part
/// before the colon.
fn record_of(file: &Path) -> Option<(PathBuf, usize)> {
    if file.exists() {
        return None;
    }
    let (path, number) = file.to_str()?.rsplit_once(':')?;
    let number = number.parse().ok().filter(|&n| n > 0)?;
    Path::new(path).is_file().then(|| (PathBuf::from(path), number))
}

pub fn run(args: ExplainArgs) -> Result<i32, Error> {
    let cleaner = args.rules.cleaner(&args.text)?;
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal(),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let style = Style { color };
    let explained = match record_of(&args.file) {
        Some((path, number)) => explain_record(&cleaner, &path, number, args.host, style, &mut out),
        None => explain_file(&cleaner, &args.file, args.host, style, &mut out),
    };
    let explained = explained.and_then(|()| out.flush().map_err(|e| Error::Io { path: "<stdout>".into(), source: e }));
    match explained {
        Err(Error::Capture(e)) => {
            eprintln!("dechrome: failed {}: {e}", args.file.display());
            Ok(exit::SOME_FAILED)
        }
        other => other.map(|()| exit::OK),
    }
}
