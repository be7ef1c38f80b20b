//! Argument parsing, dispatch and exit codes.

mod clean;
mod explain;
mod learn;
mod report;
mod rules;
mod suggest;

use clap::{Args, Parser, Subcommand, ValueEnum};
use dechrome::rules::{RuleSet, RuleSetBuilder};
use dechrome::Error;
use dechrome::{Cleaner, MarkdownOptions, TextFormat};
use std::path::PathBuf;

/// Exit codes, as documented in README.md.
pub mod exit {
    /// Everything asked for was done.
    pub const OK: i32 = 0;
    /// The run finished, but some captures failed (or some rule tests failed).
    pub const SOME_FAILED: i32 = 1;
    /// The command line is wrong.
    pub const USAGE: i32 = 2;
    /// A rule file is broken; nothing was cleaned.
    pub const RULES: i32 = 3;
    /// An input or output could not be used; the run stopped.
    pub const IO: i32 = 4;
}

#[derive(Parser)]
#[command(name = "dechrome", version, about = "Turn folders of raw web captures into clean text.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
#[expect(clippy::large_enum_variant, reason = "parsed once per run")]
enum Command {
    /// Clean captures (.txt, .html, .jsonl) into text + metadata.
    Clean(clean::CleanArgs),
    /// Show a capture line by line with each removal marked by the rule that made it.
    Explain(explain::ExplainArgs),
    /// Work with rule files: run their tests, list or check them.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Write a draft rule file for a site from the lines its captures repeat.
    Suggest(suggest::SuggestArgs),
    /// Count the lines each site's captures repeat into a template file, to merge with others
    /// and clean with (`clean --template`).
    Learn(learn::LearnArgs),
}

/// Rule options shared by the commands that clean.
#[derive(Args, Clone)]
pub struct RuleArgs {
    /// More rule files, or folders of them (*.toml); repeatable. They take precedence over
    /// the embedded rules.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Leave out the rules built into dechrome.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Run the rules only, without the generic chrome heuristics.
    #[arg(long)]
    pub no_heuristics: bool,
}

impl RuleArgs {
    pub fn load(&self) -> Result<RuleSet, Error> {
        let mut builder = RuleSetBuilder::new();
        for path in &self.rules {
            builder = builder.path(path)?;
        }
        if !self.no_default_rules {
            builder = builder.embedded();
        }
        let set = builder.build()?;
        report::rule_warnings(&set);
        Ok(set)
    }

    /// A cleaner with these rules and options, writing text as `text` says.
    pub fn cleaner(&self, text: &TextArgs) -> Result<Cleaner, Error> {
        let format = text.format()?;
        Cleaner::builder().rule_set(self.load()?).heuristics(!self.no_heuristics).text_format(format).build()
    }
}

/// How the clean text is written.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormatArg {
    /// Plain text.
    Plain,
    /// Markdown: a page's headings, lists, tables, code, quotes and emphasis.
    Markdown,
}

/// Text options shared by the commands that clean.
#[derive(Args, Clone)]
pub struct TextArgs {
    /// Write the clean text as plain text or as Markdown (files: `<name>.md`).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "plain")]
    pub text_format: TextFormatArg,
    /// With --text-format markdown: keep links as [text](absolute URL).
    #[arg(long)]
    pub links: bool,
    /// With --text-format markdown: keep images as ![alt](absolute URL).
    #[arg(long)]
    pub images: bool,
}

impl TextArgs {
    fn format(&self) -> Result<TextFormat, Error> {
        match self.text_format {
            TextFormatArg::Plain if self.links || self.images => {
                Err(Error::Usage("--links and --images need --text-format markdown".into()))
            }
            TextFormatArg::Plain => Ok(TextFormat::Plain),
            TextFormatArg::Markdown => {
                Ok(TextFormat::Markdown(MarkdownOptions { links: self.links, images: self.images }))
            }
        }
    }
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { exit::OK };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Clean(args) => clean::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Rules(command) => rules::run(command),
        Command::Suggest(args) => suggest::run(args),
        Command::Learn(args) => learn::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => report::fatal(&error),
    }
}
