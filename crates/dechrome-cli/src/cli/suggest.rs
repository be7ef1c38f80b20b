//! `dechrome suggest`.

use super::exit;
use clap::Args;
use dechrome::learn::suggest::suggest;
use dechrome::walk::{WalkOptions, Walker};
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
    // A walk finds no capture under a path that is not there: say so, not that no site has enough.
    for input in &args.inputs {
        std::fs::metadata(input).map_err(|e| Error::input(input, e))?;
    }
    let walker = Walker::new(&args.inputs, WalkOptions::default())?;
    let jobs = args.jobs.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs} worker threads: {e}")))?;
    let suggestion = suggest(&walker, &pool, 64 << 20, args.site.as_deref())?;
    match &args.out {
        Some(path) => dechrome::write::Destination::of(path)?
            .write_all(suggestion.toml.as_bytes())
            .map_err(|e| Error::io(path, e))?,
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
