//! `dechrome explain`.

use super::{exit, RuleArgs};
use clap::{Args, ValueEnum};
use dechrome::capture::{decode, decode_declared, Format};
use dechrome::clean::{over_strip_warning, Applied};
use dechrome::explain::{write, Style};
use dechrome::hosts::is_host_like;
use dechrome::html::decode::declared_charset;
use dechrome::{CaptureInfo, Error};
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
    /// The capture's host, when its folder does not say it (e.g. newsmax.com).
    #[arg(long)]
    host: Option<String>,
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

pub fn run(args: ExplainArgs) -> Result<i32, Error> {
    let cleaner = args.rules.cleaner()?;
    let bytes = std::fs::read(&args.file).map_err(|e| Error::input(&args.file, e))?;
    let is_html = Format::from_path(&args.file) == Some(Format::Html) || Format::sniff_html(&bytes);
    let decoded = if is_html { decode_declared(&bytes, declared_charset(&bytes)) } else { decode(&bytes) };
    let decoded = match decoded {
        Ok(d) => d,
        Err(e) => {
            eprintln!("dechrome: failed {}: {e}", args.file.display());
            return Ok(exit::SOME_FAILED);
        }
    };
    let folder_host = args
        .file
        .canonicalize()
        .ok()
        .and_then(|p| p.parent()?.file_name()?.to_str().map(str::to_ascii_lowercase))
        .filter(|h| is_host_like(h));
    let info = CaptureInfo {
        source: args.file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        host: args.host.or(folder_host),
        url: None,
    };
    let (text, html_files) = if is_html {
        match cleaner.extract_html(&decoded.text, &info) {
            Ok((page, files)) => (std::borrow::Cow::Owned(page.text), Some(files)),
            Err(e) => {
                eprintln!("dechrome: failed {}: {e}", args.file.display());
                return Ok(exit::SOME_FAILED);
            }
        }
    } else {
        (decoded.text, None)
    };
    let Applied { doc, files, values, language } = match html_files {
        Some(files) => {
            let (doc, values) = cleaner.apply_files(&text, &files);
            Applied { doc, files, values, language: None }
        }
        None => cleaner.apply(&text, &info),
    };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal(),
    };
    let rules = cleaner.rules();
    let applied: Vec<&str> = files.iter().map(|&f| rules.files[f].label()).collect();
    println!("# {} ({}, {})", args.file.display(), decoded.encoding, info.host.as_deref().unwrap_or("host unknown"));
    println!("# rule files: {}", applied.join(", "));
    for (field, value) in &values {
        println!("# {}: {value}", field.name());
    }
    if let Some(language) = language {
        println!("# language: {language}");
    }
    let (words_in, words_out) = doc.word_counts();
    println!("# words: {words_out} of {words_in} kept");
    if let Some(warning) = over_strip_warning(words_in, words_out) {
        println!("# warning: {warning}");
    }
    if is_html {
        println!("# the text extracted from the page; the text rules' removals follow");
    }
    println!("# removed lines start with '-', edited ones with '~'; the rule follows '◂'");
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&doc, rules, Style { color }, &mut out).and_then(|()| out.flush()) {
        // A reader that stopped early (`| head`) wanted no more.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(exit::OK),
    }
}
