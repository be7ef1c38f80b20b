//! `dechrome suggest`.

use super::exit;
use clap::Args;
use dechrome::suggest::suggest;
use dechrome::Error;
use std::path::PathBuf;

#[derive(Args)]
pub struct SuggestArgs {
    /// A folder of captures (or a capture file), as for `clean`.
    #[arg(required = true, value_name = "DIR")]
    inputs: Vec<PathBuf>,
    /// The site to write rules for (a host, e.g. newsmax.com); default: the site with most captures.
    #[arg(long, value_name = "HOST")]
    site: Option<String>,
    /// Write the rule file here instead of to standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
}

pub fn run(args: SuggestArgs) -> Result<i32, Error> {
    let suggestion = suggest(&args.inputs, args.site.as_deref(), args.jobs.unwrap_or(0))?;
    match &args.out {
        Some(path) => suggestion.write_to(path)?,
        None => print!("{}", suggestion.toml),
    }
    eprintln!(
        "suggest: {} ({} captures): {} rules, {} tests{}",
        suggestion.site,
        suggestion.captures,
        suggestion.rules,
        suggestion.tests,
        args.out.as_ref().map_or_else(String::new, |p| format!(" -> {}", p.display()))
    );
    Ok(exit::OK)
}
