//! `dechrome explain`.

use super::{exit, RuleArgs, TextArgs};
use clap::{Args, ValueEnum};
use dechrome::explain::{explain_file, Style};
use dechrome::Error;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// A text capture or an HTML page (shown as the text extracted from it).
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

pub fn run(args: ExplainArgs) -> Result<i32, Error> {
    let cleaner = args.rules.cleaner(&args.text)?;
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal(),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let explained = explain_file(&cleaner, &args.file, args.host, Style { color }, &mut out)
        .and_then(|()| out.flush().map_err(|e| Error::Io { path: "<stdout>".into(), source: e }));
    match explained {
        Err(Error::Capture(e)) => {
            eprintln!("dechrome: failed {}: {e}", args.file.display());
            Ok(exit::SOME_FAILED)
        }
        other => other.map(|()| exit::OK),
    }
}
