//! `dechrome learn`.

use super::exit;
use clap::Args;
use dechrome::{Error, Fields, Template};
use std::path::PathBuf;

#[derive(Args)]
pub struct LearnArgs {
    /// Folders of captures (or capture files), as for `clean`.
    #[arg(value_name = "INPUT", required_unless_present = "template")]
    inputs: Vec<PathBuf>,
    /// Where to write the template (counts of each site's lines, to merge and clean with).
    #[arg(long, short, value_name = "FILE")]
    out: PathBuf,
    /// Templates learned before, merged into this one; repeatable.
    #[arg(long, value_name = "FILE")]
    template: Vec<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Skip captures larger than this (bytes; K, M, G suffixes allowed).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = super::clean::parse_size)]
    max_bytes: u64,
}

pub fn run(args: LearnArgs) -> Result<i32, Error> {
    // Every template is read before any input.
    let mut merged = Template::default();
    for path in &args.template {
        merged.merge(Template::load(path)?);
    }
    if !args.inputs.is_empty() {
        let fields = Fields::default();
        merged.merge(dechrome::learn_template(&args.inputs, args.jobs.unwrap_or(0), args.max_bytes, &fields)?);
    }
    merged.save(&args.out)?;
    eprintln!("learn: {merged} -> {}", args.out.display());
    Ok(exit::OK)
}
