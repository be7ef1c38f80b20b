//! `dechrome clean`.

use super::report::{problem_line, summary_lines, SkippedLines};
use super::{exit, RuleArgs, TextArgs};
use clap::{Args, ValueEnum};
use dechrome::run::{run as run_clean, Event, Output, RunOptions};
use dechrome::Error;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `<name>.txt` (or `.md`) + `<name>.json` per capture under --out DIR, mirroring the inputs.
    Files,
    /// One JSON line per capture (metadata + `text`) in --out FILE, or on stdout with --out -.
    Jsonl,
    /// One row per capture (metadata columns + `text`) in the Parquet file --out FILE.
    Parquet,
}

/// What standard input holds.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdinFormat {
    /// One JSON record a line, each a capture.
    Jsonl,
    /// A WARC file (`.warc`, `.warc.gz`).
    Warc,
    /// One HTML page.
    Html,
    /// One text capture.
    Text,
}

#[derive(Args)]
#[expect(clippy::struct_excessive_bools, reason = "one per command-line flag")]
pub struct CleanArgs {
    /// Capture files or folders of them; `-` reads standard input (see --stdin-format).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output folder (--format files) or file (--format jsonl; `-` for stdout).
    #[arg(long, short, value_name = "PATH", required_unless_present = "dry_run")]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "files")]
    format: Format,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    text: TextArgs,
    /// Worker threads (default: one per core).
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Only captures whose path (relative to the input) matches; repeatable.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Leave out captures (and folders) whose path matches; repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Do not follow symbolic links under the inputs (they are counted as skipped); the
    /// inputs themselves are always followed.
    #[arg(long)]
    no_follow: bool,
    /// Refuse captures larger than this (bytes; K, M, G suffixes allowed).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    max_bytes: u64,
    /// Clean everything and report, but write nothing.
    #[arg(long)]
    dry_run: bool,
    /// No progress bar and no summary; failures are still reported.
    #[arg(long, short)]
    quiet: bool,
    /// Do not learn site templates: by default, lines repeated across many captures of one
    /// site in the run (menus, footers, bios) are removed as `learned.site-template`.
    #[arg(long)]
    no_learn: bool,
    /// Memory for what learning's first pass read, handed to the clean so that it need not
    /// read those files again (bytes; K, M, G suffixes allowed; 0 reads every file twice).
    #[arg(long, value_name = "SIZE", default_value = "128M", value_parser = parse_size)]
    read_ahead: u64,
    /// Also write the run's summary as JSON to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Keep the outputs an earlier run (killed, say) wrote for the same input bytes with the
    /// same rules and options; clean only the rest.
    #[arg(long)]
    resume: bool,
    /// What standard input (`-`) holds, and a FIFO whose name says nothing; gzip and zstd
    /// are told by their magic bytes.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "jsonl")]
    stdin_format: StdinFormat,
    /// The field of a JSONL record that holds the capture as text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_field: String,
    /// The field of a JSONL record that holds the capture as HTML (read when the text field
    /// is missing or null).
    #[arg(long, value_name = "NAME", default_value = "html")]
    html_field: String,
    /// The field of a JSONL record that holds its URL.
    #[arg(long, value_name = "NAME", default_value = "url")]
    url_field: String,
    /// The field of a JSONL record that holds its id (written as the metadata's `id`).
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,
    /// The URL of the one capture file given: its host chooses site rules, its path may date
    /// the page, and it is the metadata's `url`.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Site templates from `dechrome learn`, merged and added to what the run learns from its
    /// inputs (or used alone with --no-learn); repeatable.
    #[arg(long, value_name = "FILE")]
    template: Vec<PathBuf>,
}

pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let n: u64 = digits.parse().map_err(|_| format!("not a size: {text:?}"))?;
    let factor = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("unknown unit in {text:?} (use K, M or G)")),
    };
    n.checked_mul(factor).ok_or_else(|| format!("size too large: {text:?}"))
}

pub fn run(args: CleanArgs) -> Result<i32, Error> {
    let output = match (args.format, &args.out) {
        (Format::Jsonl, Some(p)) if p.as_os_str() == "-" => Output::Stdout,
        (Format::Jsonl, Some(p)) => Output::Jsonl(p.clone()),
        (Format::Parquet, Some(p)) => Output::Parquet(p.clone()),
        (Format::Files, Some(p)) if p.as_os_str() == "-" => {
            return Err(Error::Usage("--out - needs --format jsonl".into()));
        }
        (Format::Files, Some(p)) => Output::Dir(p.clone()),
        (_, None) => Output::Stdout,
    };
    // Rules, templates and paths are checked before any work.
    let cleaner = args.rules.cleaner(&args.text)?;
    let mut template = None;
    for path in &args.template {
        template.get_or_insert_with(dechrome::Template::default).merge(dechrome::Template::load(path)?);
    }
    let mut jobs = args.jobs.unwrap_or(0);
    if jobs > dechrome::run::max_jobs() {
        jobs = dechrome::run::max_jobs();
        eprintln!(
            "dechrome: warning: --jobs {} is more than {} per core; using {jobs}",
            args.jobs.unwrap_or(0),
            dechrome::run::MAX_JOBS_PER_CORE
        );
    }
    let options = RunOptions {
        inputs: args.inputs,
        output,
        jobs,
        include: args.include,
        exclude: args.exclude,
        max_bytes: args.max_bytes,
        dry_run: args.dry_run,
        learn: !args.no_learn,
        read_ahead: usize::try_from(args.read_ahead).unwrap_or(usize::MAX),
        resume: args.resume,
        report: args.report,
        follow_links: !args.no_follow,
        stdin_format: match args.stdin_format {
            StdinFormat::Jsonl => dechrome::Format::Jsonl,
            StdinFormat::Warc => dechrome::Format::Warc,
            StdinFormat::Html => dechrome::Format::Html,
            StdinFormat::Text => dechrome::Format::Text,
        },
        fields: dechrome::Fields {
            text: args.text_field,
            html: args.html_field,
            url: args.url_field,
            id: args.id_field,
        },
        template,
        url: args.url,
    };
    let progress = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} files  {per_sec}  {elapsed}")
                .expect("valid template"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let quiet = args.quiet;
    let mut skipped_lines = SkippedLines::default();
    let started = Instant::now();
    let summary = run_clean(&cleaner, &options, |event| match event {
        Event::File => {
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        }
        Event::Problem(problem) if !(quiet && problem.skipped) => {
            let line = if problem.skipped { skipped_lines.line(problem) } else { Some(problem_line(problem)) };
            match (&progress, line) {
                (Some(bar), Some(line)) => bar.suspend(|| eprintln!("{line}")),
                (None, Some(line)) => eprintln!("{line}"),
                (_, None) => {}
            }
        }
        Event::Problem(_) => {}
    });
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let summary = summary?;
    if !quiet {
        for line in summary_lines(&summary, started.elapsed().as_secs_f64(), options.dry_run) {
            eprintln!("{line}");
        }
    }
    Ok(if summary.failed > 0 { exit::SOME_FAILED } else { exit::OK })
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2KiB"), Ok(2048));
        assert!(parse_size("12X").is_err());
        assert!(parse_size("").is_err());
    }

    #[test]
    fn the_defaults_are_the_librarys() {
        use clap::Parser;
        let cli = super::super::Cli::try_parse_from(["dechrome", "clean", "in", "--out", "out"]).unwrap();
        let super::super::Command::Clean(args) = cli.command else { panic!("a clean command") };
        let library = dechrome::run::RunOptions::new(Vec::new(), dechrome::run::Output::Stdout);
        assert_eq!(args.read_ahead, library.read_ahead as u64);
        assert_eq!(args.max_bytes, library.max_bytes);
    }
}
